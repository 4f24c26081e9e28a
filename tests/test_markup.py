"""Plain text from data shows exactly as written; data Markdown keeps formatting, not HTML."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from markdown.treeprocessors import Treeprocessor

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import markup

EXTENSIONS = list(markup.SITE_EXTENSIONS)
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
    assert out == "*Stress* and [war](../events/war-2008.md) and [web](https://example.org/a_(b))"


def test_body_drops_unsafe_targets_and_shows_html_as_text():
    out = markup.body('<i>x</i> [a](javascript:alert(1)) ![i](https://x/y.png) [r]: data:text/html,x\n[s]: vbscript:x',
                      lambda scheme, ident: None)
    rendered = markdown.markdown(out, extensions=[*EXTENSIONS, markup.LinkGuard()])
    assert "<i>" not in rendered and "&lt;i&gt;" in rendered
    assert "javascript" not in rendered and "<img" not in rendered and "vbscript" not in rendered


@pytest.mark.parametrize("target, ok", [
    ("https://example.org", True), ("http://example.org/x?y=1", True), ("event:x", True), ("kind:summit", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:x", False), ("data:text/html,x", False), ("//evil.example", False),
    ("ftp://x", False), ("event:", False), ("/absolute/path", False), ("relative.md", False),
])
def test_link_targets_allowed_in_data(target, ok):
    assert (markup.target_problem(target, False) is None) == ok


# -- links are what the renderer's own parser says they are ---------------------------------

ISSUE_PAYLOADS = ("See [the\nreport](javascript:alert(1)), [this one](javascript:alert(2) 't') "
                  "and [a [b]](javascript:alert(3)).")
RECORDS = {"event": {"war-2008"}, "topic": {"wars"}}


def resolve(scheme: str, ident: str) -> str | None:
    return f"../{scheme}s/{ident}.md" if ident in RECORDS.get(scheme, ()) else None


class RelPath(Treeprocessor):
    """Stands in for MkDocs' per-page 'relpath' processor: the page is events/x.md, and the
    site's files are the records' pages."""

    class file:
        src_uri = "events/x.md"

    class files:
        @staticmethod
        def get_file_from_path(path: str):
            return path if path in {f"{scheme}s/{ident}.md" for scheme, ids in RECORDS.items() for ident in ids} else None

    def run(self, root):
        return None


def rendered_targets(data_markdown: str, *, guard: bool) -> list[str]:
    """Every href and src in the HTML the site's pipeline makes of data Markdown."""
    md = markdown.Markdown(extensions=[*EXTENSIONS, markup.LinkGuard()] if guard else EXTENSIONS)
    md.treeprocessors.register(RelPath(md), "relpath", 0)  # what MkDocs registers for each page
    out = md.convert(markup.body(data_markdown, resolve))
    targets: list[str] = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            targets.extend(value or "" for name, value in attrs if name in ("href", "src", "action", "formaction"))

    Attributes().feed(out)
    return targets


def allowed(target: str) -> bool:
    own = {resolve(scheme, ident) for scheme, ids in RECORDS.items() for ident in ids}
    return bool(markup.SAFE_URL.match(target)) or target in own or target.startswith("#")


def refused(data_markdown: str) -> bool:
    """Whether the validator refuses the text (the check load.py runs on every data Markdown field)."""
    for _offset, target, is_image in markup.iter_targets(data_markdown):
        ref = markup.parse_ref(target)
        if markup.target_problem(target, is_image) or (ref and ref[1] not in RECORDS.get(ref[0], ())):
            return True
    return False


def test_the_three_payloads_are_refused_and_never_rendered_as_links():
    found = [target for _offset, target, _img in markup.iter_targets(ISSUE_PAYLOADS)]
    assert found == ["javascript:alert(1)", "javascript:alert(2)", "javascript:alert(3)"]
    assert refused(ISSUE_PAYLOADS)
    assert rendered_targets(ISSUE_PAYLOADS, guard=True) == []


def test_the_guard_keeps_the_text_of_a_dropped_link():
    out = markdown.markdown("a [b *c*](javascript:x) d [e](https://example.org)",
                            extensions=[*EXTENSIONS, markup.LinkGuard()])
    assert out == '<p>a b <em>c</em> d <a href="https://example.org">e</a></p>'


@pytest.mark.parametrize("target", ["javascript:x", " JaVaScRiPt:x", "java\tscript:x", "&#106;avascript:x",
                                    "data:text/html,x", "vbscript:x", "//evil.example/x", "event:war-2008",
                                    "file:///etc/passwd", "mailto:a@b.c"])
def test_the_guard_refuses_schemes_that_are_not_http(target):
    assert markup.allowed_scheme(target) is False


PIECES = st.sampled_from([
    "[", "]", "(", ")", "<", ">", "!", "\n", " ", "\t", "'", '"', "\\", ":", "&", "#", "*", "`", "{", "}", "=",
    "javascript:", "JaVaScRiPt:", "java\nscript:", "&#106;avascript:", "&#x6A;avascript:", "jav&#x09;ascript:",
    "data:text/html,", "vbscript:", "//evil.example", "event:war-2008", "event:", "topic:wars",
    "https://example.org/a", "http://x", "alert(1)", "[a]: ", "[a]", "](", "]:", " 't'", ' "t"', "<https://x>",
    "<javascript:alert(1)>", "{: href=\"javascript:x\" }", "{: onclick=\"x\" }", "\n   [a]: ", "![i](", "%6Aavascript:",
    "text", "a b",
])


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_no_generated_link_escapes_the_allow_list(text):
    # The guard holds on its own, whatever the validator says.
    assert [t for t in rendered_targets(text, guard=True) if not allowed(t)] == []
    # And what the validator accepts renders only allowed links, even without the guard.
    if not refused(text):
        assert [t for t in rendered_targets(text, guard=False) if not allowed(t)] == []


def test_the_site_extensions_are_those_of_mkdocs_yml():
    import yaml

    from conftest import ROOT
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert names == [*markup.SITE_EXTENSIONS, "timeline.markup:LinkGuard"]
