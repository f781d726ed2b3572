"""The theme's compiled templates kept between builds (generator/core/template_cache.py): a
build loads them instead of compiling them again, and only an environment that would compile
a template to the same code finds its entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
from markupsafe import Markup

from conftest import build_site, make_project
from generator.core.template_cache import THEME_TEMPLATES, keep_compiled_templates
from test_mkdocs_edge import site_files


class CountingEnvironment(jinja2.Environment):
    """A Jinja environment that notes the name of each template it compiles."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.compiled: list[str] = []

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        self.compiled.append(name)
        return super().compile(source, name, filename, raw, defer_init)


def rendered(cache_dir: Path, templates: dict[str, str], name: str = "page.html", **settings) -> tuple[str, list[str]]:
    """``name`` rendered by a new environment over ``templates`` that keeps its compiled
    templates in ``cache_dir`` (``settings``: the environment's, and ``filters``); with the
    names of the templates it compiled."""
    filters = settings.pop("filters", {})
    environment = CountingEnvironment(loader=jinja2.DictLoader(templates), **settings)
    environment.filters.update(filters)
    keep_compiled_templates(environment, cache_dir / THEME_TEMPLATES)
    return environment.get_template(name).render(title="<Tea & cake>"), environment.compiled


TEMPLATES = {"base.html": "<h1>{{ title }}</h1>{% block body %}{% endblock %}", "page.html": '{% extends "base.html" %}{% block body %}<p>{{ "quiet" | loud }}</p>{% endblock %}'}


def test_a_second_environment_loads_the_compiled_templates_instead_of_compiling_them(tmp_path):
    filters = {"loud": lambda text: text.upper()}
    first = rendered(tmp_path, TEMPLATES, filters=filters)
    assert first == ("<h1><Tea & cake></h1><p>QUIET</p>", ["page.html", "base.html"])
    assert len(list((tmp_path / THEME_TEMPLATES).iterdir())) == 2
    assert rendered(tmp_path, TEMPLATES, filters=filters) == ("<h1><Tea & cake></h1><p>QUIET</p>", [])


def test_a_changed_template_is_compiled_again_and_the_other_one_is_not(tmp_path):
    filters = {"loud": lambda text: text.upper()}
    rendered(tmp_path, TEMPLATES, filters=filters)
    changed = {**TEMPLATES, "base.html": "<h2>{{ title }}</h2>{% block body %}{% endblock %}"}
    assert rendered(tmp_path, changed, filters=filters) == ("<h2><Tea & cake></h2><p>QUIET</p>", ["base.html"])


def test_a_filter_with_other_code_under_the_same_name_gets_its_own_entries(tmp_path):
    # Jinja applies a filter to constants while compiling ("quiet" | loud is "QUIET" in the code)
    rendered(tmp_path, TEMPLATES, filters={"loud": lambda text: text.upper()})
    assert rendered(tmp_path, TEMPLATES, filters={"loud": lambda text: f"{text}!"}) == (
        "<h1><Tea & cake></h1><p>quiet!</p>",
        ["page.html", "base.html"],
    )


def test_autoescaping_is_part_of_the_key(tmp_path):
    filters = {"loud": lambda text: Markup(text.upper())}
    rendered(tmp_path, TEMPLATES, filters=filters)
    assert rendered(tmp_path, TEMPLATES, filters=filters, autoescape=True) == (
        "<h1>&lt;Tea &amp; cake&gt;</h1><p>QUIET</p>",
        ["page.html", "base.html"],
    )
    assert rendered(tmp_path, TEMPLATES, filters=filters)[0] == "<h1><Tea & cake></h1><p>QUIET</p>"


def test_a_cache_folder_that_cannot_be_made_only_costs_the_compiling(tmp_path):
    (tmp_path / THEME_TEMPLATES).write_text("a file in the way", encoding="utf-8")
    filters = {"loud": lambda text: text.upper()}
    for _ in range(2):
        assert rendered(tmp_path, TEMPLATES, filters=filters) == ("<h1><Tea & cake></h1><p>QUIET</p>", ["page.html", "base.html"])
    assert (tmp_path / THEME_TEMPLATES).read_text(encoding="utf-8") == "a file in the way"


def test_a_build_with_the_templates_compiled_by_an_earlier_build_compiles_only_other_files_and_gives_the_same_site(tmp_path, seed_site):
    # An entry is for one template file: Material's (in site-packages, the same for both
    # projects) are reused; the theme's own overrides are other files in another project.
    kept = seed_site.parent / ".cache" / "paper-digests" / THEME_TEMPLATES
    entries = {path.name: path.read_bytes() for path in kept.iterdir()}
    seed_theme = str(seed_site.parent / "theme").encode()
    own = [name for name, data in entries.items() if seed_theme in data]
    assert len(entries) > 30 and 5 < len(own) < len(entries) - 20  # Material's base and partials, the theme's overrides
    project = make_project(tmp_path / "project")
    cache = project / ".cache" / "paper-digests" / THEME_TEMPLATES
    shutil.copytree(kept, cache)
    site = build_site(project)
    after = {path.name: path.read_bytes() for path in cache.iterdir()}
    assert {name: data for name, data in after.items() if name in entries} == entries
    added = [data for name, data in after.items() if name not in entries]
    assert len(added) == len(own) and all(str(project / "theme").encode() in data for data in added)
    assert site_files(site) == site_files(seed_site)
