"""generator/output/page_styles.py: a page's stylesheets inlined as the rules that can match it
(the search page's; tests/test_browser_search.py compares the built page's computed styles
with the whole stylesheets in Chromium)."""

from __future__ import annotations

from lxml import html as lxml_html

from generator.output import page_styles
from generator.output.page_styles import (
    can_match,
    inline_scripts,
    inline_stylesheets,
    inline_stylesheets_kept,
    matching_rules,
)

PAGE = """<!doctype html>
<html class="no-js"><head>
<link rel="stylesheet" href="../assets/main.css">
<noscript><link rel="stylesheet" href="../assets/noscript.css"></noscript>
<link rel="stylesheet" href="https://cdn.example/remote.css">
<link rel="stylesheet" href="../assets/print.css" media="print">
<link rel="stylesheet" href="../assets/images.css">
<link rel="icon" href="../assets/favicon.png">
</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo">
<form data-md-component="palette">
  <input data-md-color-scheme="default" data-md-color-primary="indigo" type="radio">
  <input data-md-color-scheme="slate" data-md-color-primary="indigo" type="radio">
  <label hidden>Switch</label>
</form>
<article class="md-typeset">
  <ol class="results"><template><li class="result"><h2><a href=""><mark></mark></a></h2></li></template></ol>
</article>
<link rel="stylesheet" href="../assets/body.css">
</body></html>"""

MAIN = """@charset "UTF-8";
html{color:black}
[dir=rtl] .md-typeset{margin-right:1em}
[dir=ltr] .md-typeset{margin-left:1em}
[data-md-color-scheme=slate]{--md-default-bg-color:#1e2129}
[data-md-color-primary=red]{--md-primary-fg-color:red}
.md-typeset ol.results>li.result,.md-typeset table td{margin:0 0 .9em}
.md-typeset .result mark:hover,.md-search-result__item{color:blue}
.js .md-typeset{position:relative}
.focus-visible{outline:auto}
[data-md-color-switching] *{transition:none!important}
label[hidden]{display:none}
input:checked+label::before{content:"x"}
@media screen and (min-width:76.25em){.md-typeset h2{font-size:2em}.md-tabs{display:block}}
@keyframes spin{0%{transform:none}to{transform:rotate(1turn)}}
"""


def files(path: str) -> str | None:
    return {
        "assets/main.css": MAIN,
        "assets/noscript.css": "html{color:red}",
        "assets/print.css": "@media print{.md-typeset{color:black}.md-header{display:none}}",
        "assets/images.css": 'html{background:url("../images/paper.png")}',
        "assets/body.css": "body{margin:0}",
    }.get(path)


def test_the_head_links_become_styles_of_the_rules_that_can_match_the_page():
    out = inline_stylesheets(PAGE, "search/", files)
    head = out.split("</head>")[0]
    main = (
        "html{color:black}"
        "[dir=ltr] .md-typeset{margin-left:1em}"
        "[data-md-color-scheme=slate]{--md-default-bg-color:#1e2129}"
        ".md-typeset ol.results>li.result{margin:0 0 .9em}"
        ".md-typeset .result mark:hover{color:blue}"
        ".js .md-typeset{position:relative}"
        ".focus-visible{outline:auto}"
        "[data-md-color-switching] *{transition:none!important}"
        "label[hidden]{display:none}"
        'input:checked+label::before{content:"x"}'
        "@media screen and (min-width:76.25em){.md-typeset h2{font-size:2em}}"
        "@keyframes spin{0%{transform:none}to{transform:rotate(1turn)}}"
    )
    assert head.split("\n")[2:8] == [
        f'<style data-href="../assets/main.css">{main}</style>',
        '<noscript><link rel="stylesheet" href="../assets/noscript.css"></noscript>',  # not the head's: JS on
        '<link rel="stylesheet" href="https://cdn.example/remote.css">',  # not a file of the site
        '<style data-href="../assets/print.css" media="print">@media print{.md-typeset{color:black}}</style>',
        '<link rel="stylesheet" href="../assets/images.css">',  # its url() would resolve against the page
        '<link rel="icon" href="../assets/favicon.png">',
    ]
    assert out.split("</head>")[1] == PAGE.split("</head>")[1]  # the body's links and markup as they were


def test_the_inlined_page_is_kept_between_builds_until_what_it_is_made_of_changes(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(page_styles, "inline_stylesheets", lambda *args: calls.append(args) or inline_stylesheets(*args))
    expected = inline_stylesheets(PAGE, "search/", files)
    assert inline_stylesheets_kept(PAGE, "search/", files, tmp_path) == expected
    assert inline_stylesheets_kept(PAGE, "search/", files, tmp_path) == expected  # read back: made once
    assert len(calls) == 1
    assert [p.parent.name for p in tmp_path.rglob("*.html")] == ["page-styles"]

    def edited(path: str) -> str | None:  # a stylesheet changed: made again, with the new rule
        return "@media print{.md-typeset{color:red}}" if path == "assets/print.css" else files(path)

    assert "@media print{.md-typeset{color:red}}" in inline_stylesheets_kept(PAGE, "search/", edited, tmp_path)
    other = PAGE.replace('class="md-typeset"', 'class="md-typeset other"')  # the page changed
    assert inline_stylesheets_kept(other, "search/", files, tmp_path) == inline_stylesheets(other, "search/", files)
    assert len(calls) == 3
    [kept] = tmp_path.rglob("*.html")  # one file per page
    kept.write_text(kept.read_text()[:-100])  # cut short: its stamp stays, its hash no longer holds
    assert inline_stylesheets_kept(other, "search/", files, tmp_path) == inline_stylesheets(other, "search/", files)
    assert len(calls) == 4
    kept.write_text("damaged")
    assert inline_stylesheets_kept(other, "search/", files, tmp_path) == inline_stylesheets(other, "search/", files)
    assert len(calls) == 5


def test_a_page_without_stylesheet_links_is_left_as_it_is():
    page = "<html><head><title>t</title></head><body><p>x</p></body></html>"
    assert inline_stylesheets(page, "", files) is page


def test_what_scripts_or_the_reader_may_change_counts_as_possible():
    page = lxml_html.document_fromstring(PAGE)
    assert can_match(".md-typeset a:focus-visible::after", page)
    assert can_match("html.js body", page)
    assert can_match("body:not(.md-typeset) form", page)  # :not() taken as true
    assert can_match("[data-md-color-scheme=slate] .md-typeset", page)  # a palette input holds the value
    assert not can_match("[data-md-color-primary=red] .md-typeset", page)  # no palette holds it
    assert not can_match("[dir=rtl] .md-typeset", page)
    assert not can_match(".md-typeset table td", page)
    assert not can_match(".md-typeset ol.results>li.result", page)  # as given: inline_stylesheets unwraps templates
    assert can_match("a::-webkit-unknown-thing(", page)  # cssselect cannot read it: kept
    # a disclosure's state: the value a script switches to counts where the attribute is
    toggled = lxml_html.document_fromstring('<body><button aria-expanded="false">Filters</button><ul></ul></body>')
    assert can_match('button[aria-expanded="true"]::before', toggled)
    assert can_match('[aria-expanded="false"]', toggled)
    assert not can_match('ul[aria-expanded="true"]', toggled)  # the list has no such attribute


def test_rules_are_dropped_whole_only_when_no_selector_can_match():
    page = lxml_html.document_fromstring("<html><body><p class=a>x</p></body></html>")
    assert (
        matching_rules(".a,.b{color:red}.b{color:blue}@media print{.b{x:y}}@page{margin:0}", page)
        == ".a{color:red}@page{margin:0}"
    )
    assert matching_rules("p{background:url(x.png)}", page) is None
    assert matching_rules('p::after{content:"</style>"}', page) is None


def test_the_scripts_the_page_marks_are_put_inline_where_they_stand():
    scripts = {
        "assets/page.js": "run(1 < 2)",
        "assets/module.js": "export {}",
        "assets/late.js": "late()",
        "assets/closing.js": 'x = "</SCRIPT>"',
        "assets/comment.js": 'x = "<!--"',
        "assets/plain.js": "plain()",
    }
    page = """<html><head><script src="../assets/page.js" data-inline id="first"></script>
<noscript><script src="../assets/page.js" data-inline></script></noscript></head>
<body><p>x</p><script src="../assets/page.js" data-inline class="a&amp;b"></script>
<script src="../assets/plain.js"></script>
<script src="../assets/module.js" type="module" data-inline></script>
<script src="../assets/late.js" defer data-inline></script>
<script src="../assets/closing.js" data-inline></script>
<script src="../assets/comment.js" data-inline></script>
<script src="../assets/missing.js" data-inline></script>
<script src="https://cdn.example/x.js" data-inline></script>
<script src="../assets/page.js" data-inline> </script></body></html>"""
    out = inline_scripts(page, "search/", scripts.get)
    assert out.splitlines() == [
        '<html><head><script data-src="../assets/page.js" id="first">run(1 < 2)</script>',
        '<noscript><script src="../assets/page.js" data-inline></script></noscript></head>',
        '<body><p>x</p><script data-src="../assets/page.js" class="a&amp;b">run(1 < 2)</script>',
        *page.splitlines()[3:],  # unmarked, a module, deferred, text that would end or change it, no file, not empty
    ]
    assert inline_scripts("<html><body><p>x</p></body></html>", "", scripts.get) == "<html><body><p>x</p></body></html>"
