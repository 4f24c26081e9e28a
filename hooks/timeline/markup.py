"""Turning data text into Markdown that cannot inject HTML.

Plain-text fields (titles, summaries, names) go through ``text``: HTML characters become
entities and Markdown punctuation is backslash-escaped, so a title shows as written.

Markdown fields (``body``, note texts, topic and era introductions) go through ``body``:
paragraphs, emphasis, lists, block quotes and links are kept; raw HTML and entities are
shown as text; images are not allowed; a link target is either ``http(s)://…`` or a record
reference ``event:ID`` (likewise ``topic:``, ``actor:``, ``source:``, ``era:``, ``kind:``),
which becomes a relative link to that record's page.

What counts as a link is decided by Python-Markdown itself, the parser that renders the
page (``link_targets``), never by a guess at its grammar: the validator refuses every other
target, and ``LinkGuard``, a tree processor in the site's own Markdown pipeline, drops any
link that reaches a page anyway (a scheme other than http(s), or a relative link that does
not resolve to one of our files), keeping its text.
"""

from __future__ import annotations

import re
import html
import logging
import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import types

REF_SCHEMES = tuple(t.key for t in types.ALL)  # a link to a record: event:ID, topic:ID …
# The Markdown extensions of mkdocs.yml that shape links and attributes (a test keeps them in step).
SITE_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc")
# A record reference in link-target position: after '](' (inline link) or '[label]:' (definition).
_REF_TARGET = re.compile(
    r"(?P<lead>\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)(?P<scheme>" + "|".join(REF_SCHEMES) + r"):(?P<ident>[a-z0-9-]+)",
    re.M,
)
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.I)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_LINE_START = re.compile(r"^([#+-]|\d+\.)")
_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")
log = logging.getLogger("mkdocs.timeline.links")


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


def _prepare(markdown_text: str, *, images: bool = False) -> str:
    """Data Markdown before it meets the parser: raw HTML, entities and attribute lists
    ({: …}) shown as text, and images too unless ``images`` (the check, which reports them).
    The same for checking and for rendering."""
    s = markdown_text.replace("\r\n", "\n").replace("&", "&amp;").replace("<", "&lt;")
    s = s.replace("{", "\\{").replace("}", "\\}")
    return s if images else s.replace("![", "\\![")


class _Collect(Treeprocessor):
    """Records every link and image the parser made, after every other tree processor."""

    found: list[tuple[str, bool]]

    def run(self, root: etree.Element) -> None:
        self.found = [(el.get("href", ""), False) for el in root.iter("a")]
        self.found += [(el.get("src", ""), True) for el in root.iter("img")]


@lru_cache(maxsize=1)
def _parser() -> tuple[markdown.Markdown, _Collect]:
    md = markdown.Markdown(extensions=list(SITE_EXTENSIONS))
    collect = _Collect(md)
    md.treeprocessors.register(collect, "timeline-collect", -1000)
    return md, collect


def link_targets(markdown_text: str) -> tuple[tuple[str, bool], ...]:
    """Every (target, is_image) that the page's Markdown parser makes of data text."""
    if "](" not in markdown_text and "]:" not in markdown_text:
        return ()  # no inline link, no reference definition: nothing can become a link
    return _parsed_targets(markdown_text)


@lru_cache(maxsize=65536)
def _parsed_targets(markdown_text: str) -> tuple[tuple[str, bool], ...]:
    """Cached: under `mkdocs serve` every rebuild validates all the data again."""
    md, collect = _parser()
    md.reset()
    md.convert(_prepare(markdown_text, images=True))
    used = {target for target, _ in collect.found}
    # Reference definitions no link uses make no link, but are meant as one: check them too.
    unused = [(target, False) for target, _title in md.references.values() if target not in used]
    return tuple(collect.found + unused)


def iter_targets(markdown_text: str) -> Iterator[tuple[int, str, bool]]:
    """Every link target in ``markdown_text``: (offset of the target in the text, or of the
    text's start where the parser rewrote it, target, is_image)."""
    after: dict[str, int] = {}  # the same target twice: the second is found after the first
    found = []
    for target, is_image in link_targets(markdown_text):
        offset = markdown_text.find(target, after.get(target, 0)) if target else -1
        after[target] = offset + 1 if offset >= 0 else after.get(target, 0)
        found.append((max(offset, 0), target, is_image))
    yield from sorted(found, key=lambda item: (item[0], not item[2]))


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


def body(markdown_text: str, resolve: Callable[[str, str], str | None]) -> str:
    """Data Markdown -> safe Markdown. ``resolve(scheme, id)`` gives a relative link or None.
    Record references in link-target position become relative links; every other target is
    left to the validator, which refuses it, and to ``LinkGuard``, which drops it."""

    def ref(m: re.Match) -> str:
        target = resolve(m["scheme"], m["ident"])
        return m["lead"] + (target if target else "#unknown-record")

    return _REF_TARGET.sub(ref, _prepare(markdown_text)).strip()


_PLAIN_PATH = re.compile(r"[A-Za-z0-9_./#-]*")


def allowed_scheme(target: str) -> bool | None:
    """True for http(s), False for any other scheme (or a protocol-relative '//'), None for
    a relative link. Judged as a browser would read it: entities decoded, invisible and
    control characters removed, case ignored."""
    if _PLAIN_PATH.fullmatch(target) and not target.startswith("//"):
        return None  # the common case, a path such as ../events/x.md#y: no scheme possible
    bare = _INVISIBLE.sub("", html.unescape(unquote(target) if "%" in target[:12] else target))
    if bare.startswith("//") or bare.startswith("\\\\"):
        return False
    if _HAS_SCHEME.match(bare):
        return bare.lower().startswith(("http:", "https:")) and is_safe_url(target.strip())
    return None


_TARGET_ATTRIBUTE = {"a": "href", "img": "src"}


class _Guard(Treeprocessor):
    """Drops, on every page, links and images that are not http(s) or one of our files."""

    def run(self, root: etree.Element) -> None:
        processors = self.md.treeprocessors
        # MkDocs' own processors (a Registry has no .get): the page's file, and stashed text
        relpath: Any = processors["relpath"] if "relpath" in processors else None  # noqa: SIM401
        unescaper: Any = processors["unescape"] if "unescape" in processors else None  # noqa: SIM401
        unescape = unescaper.unescape if unescaper is not None else (lambda text: text)
        here = posixpath.dirname(relpath.file.src_uri) if relpath is not None else ""
        bad = [el for el in root.iter() if el.tag in _TARGET_ATTRIBUTE
               and not _allowed(unescape(el.get(_TARGET_ATTRIBUTE[el.tag], "")), here, relpath)]
        if not bad:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        for el in bad:
            log.warning("Dropped a link to '%s': not http(s) nor one of this site's pages",
                        el.get(_TARGET_ATTRIBUTE[el.tag], "")[:80])
            parent = parents[el]
            _unwrap(parent, list(parent).index(el), el)


def _allowed(target: str, here: str, relpath) -> bool:
    verdict = allowed_scheme(target)
    if verdict is not None:
        return verdict
    path = urlsplit(target).path
    if not path or relpath is None:  # '#anchor' on the same page; or outside MkDocs
        return True
    return relpath.files.get_file_from_path(posixpath.normpath(posixpath.join(here, unquote(path)))) is not None


def _unwrap(parent: etree.Element, index: int, el: etree.Element) -> None:
    """Replace ``el`` by its text and children (an image by nothing)."""
    parent.remove(el)
    if el.tag == "img":
        return
    text = (el.text or "")
    children = list(el)
    tail = el.tail or ""
    if index > 0:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif index > 0:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


class LinkGuard(Extension):
    """Python-Markdown extension (mkdocs.yml: ``timeline.markup:LinkGuard``)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the inline links exist (20) and escapes are undone (0 is MkDocs' relpath,
        # which must still see .md paths): 1.
        md.treeprocessors.register(_Guard(md), "timeline-link-guard", 1)


def makeExtension(**kwargs) -> LinkGuard:
    return LinkGuard(**kwargs)
