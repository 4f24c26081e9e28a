"""One generated page, and what its templates use to write it.

``PageContext`` holds the helpers bound to the page being rendered (addresses relative to its
folder, links, data Markdown, list entries); the functions below are the helpers that do not
depend on the page. Every helper that returns ``Markup`` escapes its own inputs: the
environment's ``finalize`` (``_finalize``) escapes every other printed value.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from . import dates, markup, types
from .model import Era, Event, Site, Source

TEMPLATES = Path(__file__).parent / "templates"
# What a quote is evidence for, in words ("for the date and the summary").
SUPPORTS = {"title": "the headline", "date": "the date", "kind": "the kind of event", "summary": "the summary",
            "body": "the fuller account", "actors": "who took part", "accessions": "who joined",
            "notes": "the notes on the sources"}

try:
    _BYTECODE_CACHE: FileSystemBytecodeCache | None = FileSystemBytecodeCache()
except OSError:  # no usable temporary folder: compile every time
    _BYTECODE_CACHE = None


@dataclass(frozen=True)
class Page:
    """One generated page: its path under docs/, its Markdown, the data file it comes from
    (for the edit link; None when it is built from many), whether the nav lists it and
    whether search indexes it."""

    src: str
    content: str
    data_file: str | None = None
    in_nav: bool = False
    searched: bool = True  # False: left out of the search index (it only lists events found elsewhere)


class PageContext:
    """The helpers bound to the page built from ``src``, as its templates call them: ``url``,
    ``link``, ``link_to``, ``resolve``, ``body`` and ``item``. One is made per page; the
    entries of event lists are shared by all pages of a renderer (``entries``)."""

    __slots__ = ("src", "here", "site", "_entries", "_entry", "_events_way")

    def __init__(self, src: str, site: Site, entries: dict[tuple[str, str], Markup], entry: Template):
        self.src = src
        self.here = posixpath.dirname(src)
        self.site = site
        self._entries = entries  # (event id, way to the events folder) -> the event's entry in a list
        self._entry = entry  # event_item.md.j2
        self._events_way = _relative_dir(types.EVENT.page_folder, self.here)

    def url(self, target: str) -> str:
        """The relative address of the page built from ``target`` ('events/x.md')."""
        folder, _, name = target.rpartition("/")
        way = _relative_dir(folder, self.here)
        return f"{way}/{name}" if way else name

    def link(self, label: object, target: str) -> Markup:
        """A Markdown link to the page built from ``target``, its label escaped."""
        return Markup(f"[{markup.text(label)}]({self.url(target)})")

    @staticmethod
    def link_to(label: object, href: str) -> Markup:
        """A link out of the site, to an address our code made (percent-encoded)."""
        return Markup(f"[{markup.text(label)}]({markup.html_escape(href)})")

    def resolve(self, scheme: str, ident: str) -> str | None:
        """The address of a record that data Markdown links to ('source:x'), or None if unknown."""
        return self.url(to(scheme, ident)) if ident in getattr(self.site, scheme) else None

    def body(self, text: str) -> Markup:
        """Data Markdown (a body, a note, an introduction): its formatting kept, no raw HTML."""
        return Markup(markup.body(text, self.resolve))

    def item(self, e: Event) -> Markup:
        """An event's entry in a list. Lists in different folders often reach the events
        folder the same way ('../events/'), so each entry is rendered once per way, not
        once per list."""
        key = (e.id, self._events_way)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = Markup(self._entry.render(e=e, site=self.site, when=when, link=self.link,
                                                                   to=to))
        return entry


@lru_cache(maxsize=4096)
def _relative_dir(folder: str, here: str) -> str:
    """Relative path from the folder ``here`` to ``folder`` ('' when they are the same)."""
    if folder == here:
        return ""
    return posixpath.relpath(folder or ".", here or ".")


def to(scheme: str, ident: str) -> str:
    """Source path of a record's page, e.g. to('event', 'x') -> 'events/x.md'."""
    return types.BY_KEY[scheme].page(ident)


def when(d: dates.EventDate) -> Markup:
    """A date as an HTML <time> element with its machine-readable value."""
    return Markup(f'<time datetime="{d.start.html()}">{markup.html_escape(d.display())}</time>')


def when_range(era: Era) -> Markup:
    return Markup(markup.html_escape(era.display()))


def original(s: Source) -> str | None:
    """The address of a source's original, made safe for a Markdown link; None where unknown."""
    return markup.href(s.url) if s.url and markup.is_safe_url(s.url) else None


def supports(fields: tuple[str, ...]) -> str:
    """('date', 'summary') -> 'the date and the summary'."""
    words = [SUPPORTS.get(f, f) for f in fields]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def code(value: object) -> Markup:
    """Inline code: Markdown shows a code span's text literally, so it needs no escaping."""
    return Markup("`" + str(value).replace("`", "'") + "`")


def outside_link(label: str, url: str) -> Markup | None:
    """A Markdown link to an http(s) address from configuration, or None without one."""
    if not url or not markup.is_safe_url(url):
        return None
    return Markup(f"[{markup.text(label)}]({markup.href(url)})")


def _finalize(value: object) -> Markup:
    """Applied to every printed value: Markup (from a helper or macro) as it is, anything
    else escaped as plain text."""
    if isinstance(value, Markup):
        return value
    return Markup(markup.text("" if value is None else value))


@cache
def markdown_environment() -> Environment:
    """The templates that write Markdown: every printed value escaped (``_finalize``). One per
    process: it holds no state of a build, and reloads a template whose file changed."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        # Compiled templates are kept in Jinja's per-user temporary cache, keyed by each
        # template's checksum: about 70 ms saved on every build and rebuild.
        bytecode_cache=_BYTECODE_CACHE,
        finalize=_finalize,
        autoescape=True,  # macros return Markup; values go through _finalize
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["html_attribute"] = markup.html_escape
    return env


@cache
def html_environment() -> Environment:
    """The templates that write HTML (the pictures, the footer): autoescaped."""
    return Environment(loader=FileSystemLoader(TEMPLATES), bytecode_cache=_BYTECODE_CACHE, autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
