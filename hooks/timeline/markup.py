"""Turning data text into Markdown that cannot inject HTML.

Plain-text fields (titles, summaries, names) go through ``text``: HTML characters become
entities and Markdown punctuation is backslash-escaped, so a title shows as written.

Markdown fields (``body``, note texts, topic and era introductions) go through ``body``:
paragraphs, emphasis, lists, block quotes and links are kept; raw HTML and entities are
shown as text; images are not allowed; a link target is either ``http(s)://…`` or a record
reference ``event:ID`` (likewise ``topic:``, ``actor:``, ``source:``, ``era:``, ``kind:``),
which becomes a relative link to that record's page. The validator rejects every other
target; ``body`` drops any that reach it anyway, keeping the link text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from urllib.parse import quote

REF_SCHEMES = ("event", "topic", "actor", "source", "era", "kind")
# [text](target "title") — target without spaces, optionally in <>; also ![alt](…)
INLINE_LINK = re.compile(
    r'(?P<bang>!?)\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<target>(?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+"[^"\n]*")?\s*\)'
)
REF_DEF = re.compile(r"^(?P<indent> {0,3})\[(?P<label>[^\]\n]+)\]:[ \t]*<?(?P<target>\S*?)>?(?:[ \t]+.*)?$", re.M)
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.I)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_LINE_START = re.compile(r"^([#+-]|\d+\.)")


def is_safe_url(url: str) -> bool:
    return bool(SAFE_URL.match(url))


def href(url: str) -> str:
    """An http(s) URL made safe inside a Markdown link: spaces and parentheses encoded."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")


def html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@lru_cache(maxsize=65536)
def text(value: object) -> str:
    """Plain text -> inline Markdown that renders exactly that text. Cached: the same titles
    and summaries appear on many list pages."""
    s = re.sub(r"\s+", " ", str(value))
    s = _MD_SPECIAL.sub(r"\\\1", html_escape(s))
    # A line-start '#', '+', '-' or '1.' would become a heading or a list item.
    return _LINE_START.sub(lambda m: m[1][:-1] + "\\" + m[1][-1], s)


def parse_ref(target: str) -> tuple[str, str] | None:
    """'event:foo' -> ('event', 'foo'); anything else -> None."""
    scheme, sep, ident = target.partition(":")
    if sep and scheme in REF_SCHEMES and ident:
        return scheme, ident
    return None


def iter_targets(markdown: str) -> Iterator[tuple[int, str, bool]]:
    """Every link target in ``markdown``: (offset, target, is_image)."""
    for m in INLINE_LINK.finditer(markdown):
        yield m.start("target"), m["target"], bool(m["bang"])
    for m in REF_DEF.finditer(markdown):
        yield m.start("target"), m["target"], False


def target_problem(target: str, is_image: bool) -> str | None:
    """Why a link target is not allowed in data Markdown, or None if it is."""
    if is_image:
        return "contains an image; images are not allowed in data text"
    if is_safe_url(target) or parse_ref(target):
        return None
    return (
        f"links to '{target[:60]}'; expected an http(s) URL or a record reference "
        f"such as event:ID ({', '.join(s + ':' for s in REF_SCHEMES)})"
    )


def body(markdown: str, resolve: Callable[[str, str], str | None]) -> str:
    """Data Markdown -> safe Markdown. ``resolve(scheme, id)`` gives a relative link or None."""

    def fix(target: str) -> str | None:
        if is_safe_url(target):
            return href(target)
        ref = parse_ref(target)
        return resolve(*ref) if ref else None

    def inline(m: re.Match) -> str:
        label = m["text"]
        if m["bang"]:
            return "\\!\\[" + label + "\\]"
        target = fix(m["target"])
        return f"[{label}]({target})" if target else label

    def definition(m: re.Match) -> str:
        target = fix(m["target"])
        return f"{m['indent']}[{m['label']}]: {target}" if target else ""

    s = markdown.replace("\r\n", "\n").replace("&", "&amp;").replace("<", "&lt;")
    s = s.replace("{", "\\{").replace("}", "\\}")
    s = INLINE_LINK.sub(inline, s)
    s = REF_DEF.sub(definition, s)
    return s.strip()
