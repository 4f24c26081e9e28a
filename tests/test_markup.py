"""Plain text from data shows exactly as written; data Markdown keeps formatting, not HTML."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from timeline import markup

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]  # as in mkdocs.yml
TRICKY = [
    "NATO *and* Russia_s [draft] {: .x } `code` a|b",
    "# not a heading",
    "- not a list",
    "1999. A year, not a list item",
    "+ plus",
    "AT&T &amp; <b>bold</b> \\ backslash",
    "Quotes \"double\" and 'single' and “curly”",
]


@pytest.mark.parametrize("value", TRICKY)
def test_plain_text_renders_as_itself(value):
    rendered = markdown.markdown(markup.text(value), extensions=EXTENSIONS)
    inner = re.fullmatch(r"<p>(.*)</p>", rendered, re.S)
    assert inner, rendered
    assert html.unescape(inner[1]) == value


def test_plain_text_in_a_table_cell_stays_in_its_cell():
    row = f"| {markup.text('a | b')} | c |"
    rendered = markdown.markdown(f"| x | y |\n| --- | --- |\n{row}", extensions=EXTENSIONS)
    assert rendered.count("<td>") == 2 and "<td>a | b</td>" in rendered


def test_body_keeps_markdown_and_resolves_record_links():
    out = markup.body("*Stress* and [war](event:war-2008) and [web](https://example.org/a_(b))",
                      lambda scheme, ident: f"../{scheme}s/{ident}.md")
    assert out == "*Stress* and [war](../events/war-2008.md) and [web](https://example.org/a_%28b%29)"


def test_body_drops_unsafe_targets_and_shows_html_as_text():
    out = markup.body('<i>x</i> [a](javascript:alert(1)) ![i](https://x/y.png) [r]: data:text/html,x\n[s]: vbscript:x',
                      lambda scheme, ident: None)
    rendered = markdown.markdown(out, extensions=EXTENSIONS)
    assert "<i>" not in rendered and "&lt;i&gt;" in rendered
    assert "javascript" not in rendered and "<img" not in rendered and "vbscript" not in rendered


@pytest.mark.parametrize("target, ok", [
    ("https://example.org", True), ("http://example.org/x?y=1", True), ("event:x", True), ("kind:summit", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:x", False), ("data:text/html,x", False), ("//evil.example", False),
    ("ftp://x", False), ("event:", False), ("/absolute/path", False), ("relative.md", False),
])
def test_link_targets_allowed_in_data(target, ok):
    assert (markup.target_problem(target, False) is None) == ok
