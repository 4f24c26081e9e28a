"""Search reads only the first section of a generated page (timeline.searchindex.first_section):
the index must be what Material makes of the whole page, once slimmed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex

from timeline.searchindex import HELD, first_section

CASES = {
    "h1 then sections": '<h1 id="t">Title</h1>\n<p>Summary <a href="x">link</a>.</p>\n'
                        '<h2 id="sources">Sources</h2><ol><li>One</li></ol><h3 id="more">More</h3><p>tail</p>',
    "preface before h1": '<p>Lead text.</p>\n<h1 id="t">Title</h1><p>Body.</p><h2 id="s">S</h2><p>x</p>',
    "h2 first": '<h2 id="a">A</h2><p>one</p><h2 id="b">B</h2><p>two</p>',
    "no heading": "<p>Only <em>text</em>.</p>",
    "only an h1": '<h1 id="t">Title</h1><p>All of it.</p>',
    "heading without id": '<h1 id="t">T</h1><p>a</p><h2>No id</h2><p>still first</p><h2 id="s">S</h2><p>b</p>',
    "id text in a value": '<h1 id="t">T</h1><p>a</p><h2 title="a id=b">x</h2><p>c</p>'
                          '<h2 class="c" id="s" title="z">S</h2><p>d</p>',
    "excluded section": '<h1 id="t">T</h1><p>a</p>'
                        '<h2 id="cite" data-search-exclude="data-search-exclude">Cite</h2><pre>@misc</pre>',
    "id without a value": '<h1 id="t">T</h1><p>a</p><h2 id>S</h2><p>b</p><h2 id="">E</h2><p>c</p><h2 id="s">S</h2>',
    "id as another attribute's name": '<h1 id="t">T</h1><p>a</p><h2 data-id="s">S</h2><p>b</p><h2 id="u">U</h2>',
}


def _entries(html: str) -> list[dict]:
    index = SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    page = SimpleNamespace(content=html, toc=[], url="events/x/", meta={"search": {"boost": 3}}, title="T")
    index.add_entry_from_context(page)
    return index.entries


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_search_gets_the_same_first_entry_from_the_first_section(html: str) -> None:
    whole = [e for e in _entries(html) if "#" not in e["location"]]
    part = [e for e in _entries(first_section(html)) if "#" not in e["location"]]
    assert whole == part, (whole, part)
    assert len(first_section(html)) <= len(html)


def test_the_rest_comes_back_as_search_leaves_it() -> None:
    html = CASES["excluded section"]
    shown = first_section(html)
    HELD.hold("events/x/", html, shown)
    # Material strips its data-search-* attributes from what it read; the rest gets the same.
    back = HELD.restore("events/x/", shown)
    assert back == html.replace(' data-search-exclude="data-search-exclude"', "")
    assert HELD.restore("events/x/", "as it is") == "as it is"  # nothing held twice


def test_a_page_shown_whole_gets_nothing_left_over_from_an_earlier_build() -> None:
    HELD.hold("events/y/", "<h1 id=\"t\">T</h1><h2 id=\"s\">stale</h2>", "<h1 id=\"t\">T</h1>")
    # that build stopped before the rest came back; the next shows search the whole page
    HELD.hold("events/y/", "<p>new</p>", "<p>new</p>")
    assert HELD.restore("events/y/", "<p>new</p>") == "<p>new</p>"
