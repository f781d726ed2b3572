"""Internal links of the built site, checked where GitHub Pages serves a project site:
under ``/<repo>/`` (here ``/paper-digests/``, the path of mkdocs.yml's default site_url)."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.cli import main
from generator.output.site_links import MISSING_PAGE, check_links, links_in_css, links_in_html

REPO_PATH = "/paper-digests/"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a site folder as GitHub Pages serves a project site: only under REPO_PATH;
    a folder URL serves its index.html; a missing path gets the site's 404.html with status 404."""

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(REPO_PATH):
            return str(Path(self.directory) / "__outside_the_repo_path__")  # no such file: 404
        return super().translate_path("/" + path[len(REPO_PATH) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(folder) -> the base URL http://127.0.0.1:PORT/paper-digests/ serving that folder."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(PagesHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{REPO_PATH}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def http_resolver(url: str) -> bool:
    return status(url) == 200


def test_links_in_html_and_css():
    html = '<a href="a/">A</a>\n<img src="i.png" alt="">\n<script id="__config" type="application/json">{"search": "w.js"}</script>'
    assert links_in_html(html) == [(1, "a/"), (2, "i.png"), (3, "w.js")]
    assert links_in_css('a{background:url("x.svg")}\nb{mask:url( y.png )}') == [(1, "x.svg"), (2, "y.png")]


def test_check_links_finds_what_a_sub_path_breaks(tmp_path):
    site = tmp_path / "site"
    (site / "papers" / "p").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "s.css").write_text("a{background:url(../img.png)}", encoding="utf-8")
    (site / "index.html").write_text(
        '<link href="assets/s.css">\n<a href="papers/p/">p</a>\n<a href="/assets/s.css">root</a>\n'
        '<a href="https://example.org/x">out</a> <a href="#top">top</a> <a href="mailto:a@b.c">m</a>',
        encoding="utf-8",
    )
    (site / "papers" / "p" / "index.html").write_text('<a href="../../">home</a>\n<a href="../q/">q</a>', encoding="utf-8")
    (site / "404.html").write_text(
        '<link href="/paper-digests/assets/s.css">\n<link href="assets/s.css">', encoding="utf-8"
    )
    site_url = "https://user.github.io/paper-digests/"
    urls, broken = check_links(site, site_url)
    assert [str(b) for b in broken] == [
        f"404.html:2: 'assets/s.css' resolves to {site_url}{MISSING_PAGE}assets/s.css, which is not served",
        f"assets/s.css:1: '../img.png' resolves to {site_url}img.png, which is not served",
        "index.html:3: '/assets/s.css' resolves to https://user.github.io/assets/s.css, which is not served",
        f"papers/p/index.html:2: '../q/' resolves to {site_url}papers/q/, which is not served",
    ]
    assert urls == [
        "https://user.github.io/assets/s.css",
        site_url,
        f"{site_url}assets/s.css",
        f"{site_url}img.png",
        f"{site_url}{MISSING_PAGE}assets/s.css",
        f"{site_url}papers/p/",
        f"{site_url}papers/q/",
    ]


def test_seed_site_links_resolve_when_served_under_the_repo_path(seed_site, serve):
    """The seed site is built with mkdocs.yml's default site_url, whose path /paper-digests/ is
    where GitHub Pages serves a repository named paper-digests (the Pages workflow builds with
    the configure-pages URL, so a fork's path matches too). Every link is resolved against
    the loopback URL of the page that holds it and fetched from the server; the canonical
    links, absolute to the production host, are checked against the folder by
    test_check_links_command."""
    base = serve(seed_site)
    # The server behaves like GitHub Pages: the site only under /paper-digests/, 404.html elsewhere.
    assert status(base) == 200
    assert status(base + "days/2025-03-18/") == 200
    assert status(base.replace(REPO_PATH, "/") + "index.html") == 404
    missing = urllib.request.Request(base + MISSING_PAGE)
    with pytest.raises(urllib.error.HTTPError) as served_404:
        urllib.request.urlopen(missing, timeout=10)
    assert b"404" in served_404.value.read()

    urls, broken = check_links(seed_site, base, served=http_resolver)
    assert [str(b) for b in broken] == []
    pages = sum(1 for _ in seed_site.rglob("index.html"))
    assert pages >= 40
    page_urls = [u for u in urls if u.endswith("/")]
    assert len(page_urls) == pages  # every page is linked from somewhere and resolves
    assert base + "papers/2d-matryoshka-sentence-embeddings/" in urls
    assert base + "tags/embeddings/" in urls
    assets = [u for u in urls if not u.endswith("/")]
    assert base + "assets/stylesheets/digests.css" in assets
    assert any(u.startswith(base + "assets/javascripts/bundle.") for u in assets)
    assert any(u.startswith(base + "assets/javascripts/workers/search.") for u in assets)
    assert any(u.startswith(base + "assets/stylesheets/main.") for u in assets)
    # The 404 page's assets are checked from a deep missing URL, where GitHub Pages serves it.
    assert not any(u.startswith(base + MISSING_PAGE) for u in urls)


def test_check_links_command(seed_site, capsys):
    assert main(["check-links", str(seed_site)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ")
    assert out.endswith(" distinct internal URL(s) under https://paper-digests.github.io/paper-digests/ resolve\n")
    # Published under another repository's path, the 404 page's absolute links would break.
    assert main(["check-links", str(seed_site), "--site-url", "https://user.github.io/my-fork/"]) == 1
    err = capsys.readouterr().err
    assert f"error: {seed_site / '404.html'}:" in err
    assert "resolves to https://user.github.io/paper-digests/assets/" in err


def test_malformed_links_and_config_are_reported_not_a_crash(tmp_path, capsys):
    """A link no browser could follow is a broken link; a page whose Material config is not
    JSON, or has stray bytes, is still checked; a malformed --site-url is an error."""
    (tmp_path / "index.html").write_bytes(
        b'<link rel="canonical" href="https://example.org/digests/">\n'
        b'<script id="__config">{not json</script>\n'
        b'<a href="http://[bad">x</a> \xff\n'
        b'<a href="missing/">y</a>\n'
    )
    assert main(["check-links", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        f"error: {tmp_path}/index.html:3: 'http://[bad' is not a URL",
        f"error: {tmp_path}/index.html:4: 'missing/' resolves to https://example.org/digests/missing/, which is not served",
    ]
    assert main(["check-links", str(tmp_path), "--site-url", "http://[::1"]) == 1
    assert "error: site_url 'http://[::1/' is not a URL (Invalid IPv6 URL)" in capsys.readouterr().err
