"""Front-matter titles and descriptions are HTML-escaped once by the generator
(:func:`generator.pages.rendering.render_page`), so a page is safe however it is built:
with the hook, or by ``python -m generator generate`` and a plain MkDocs build without
``hooks:`` (as another engine reading the same front matter would), and never escaped twice."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import sys

import frontmatter

from conftest import make_project
from generator.pages.day_pages import day_description as day_description_of

TITLES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(2)</script>",
    "A & B",
    "C++ < D",
    '"quoted"',
]
DIGEST = "date: 2025-03-22\npapers:\n" + "".join(
    f"  - title: '{title}'\n    abstract: 'We propose {title} with <b>bold</b> & \"quotes\" &amp; more. It works.'\n"
    for title in TITLES
)
HEADER = re.compile(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)


def test_titles_and_descriptions_are_escaped_once_with_and_without_the_hook(tmp_path):
    project = make_project(tmp_path / "project", digests=[])
    (project / "digests" / "2025-03-22.yml").write_text(DIGEST, encoding="utf-8")
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    generated = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=project, env=env, capture_output=True, text=True)
    assert generated.returncode == 0, generated.stderr
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    plain = re.sub(r"(?m)^(hooks|watch):\n(?:  - .*\n)+", "", config)
    assert "hooks:" not in plain
    (project / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")
    sites = {}
    for name, config_file in (("site-plain", "mkdocs-plain.yml"), ("site", "mkdocs.yml")):
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config_file, "-d", name],
                               cwd=project, env=env, capture_output=True, text=True)
        assert built.returncode == 0, built.stderr
        sites[name] = project / name
    papers = sorted((project / "site_src" / "papers").glob("*.md"))
    assert len(papers) == len(TITLES)
    for source in papers:
        post = frontmatter.load(source)
        title = html.unescape(post["title"])  # front matter: title and description escaped once
        assert title in TITLES
        escaped = html.escape(title)
        description = html.escape(f'We propose {title} with <b>bold</b> & "quotes" &amp; more.')
        assert (post["title"], post["description"]) == (escaped, description)
        for site in sites.values():
            page = (site / "papers" / source.stem / "index.html").read_text(encoding="utf-8")
            assert f"<title>{escaped} - Paper Digests</title>" in page, (site.name, title)
            assert HEADER.findall(page) == [escaped], (site.name, title)
            for meta in ('property="og:title"', 'name="twitter:title"'):
                assert f"<meta {meta} content=\"{escaped}\">" in page, (site.name, title)
            for meta in ('name="description"', 'property="og:description"', 'name="twitter:description"'):
                assert f"<meta {meta} content=\"{description}\">" in page, (site.name, title)
            assert "<script>alert" not in page and "<img src=x" not in page
    day_description = html.escape(day_description_of(dt.date(2025, 3, 22), TITLES))
    assert day_description.startswith("6 papers listed on 22 March 2025: &lt;script&gt;alert(1)&lt;/script&gt;; &quot;&gt;&lt;img")
    for site in sites.values():
        page = (site / "days" / "2025-03-22" / "index.html").read_text(encoding="utf-8")
        assert f'<meta name="description" content="{day_description}">' in page, site.name
