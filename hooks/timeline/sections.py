"""The sections of the site that list events by a record: kinds, topics, actors, eras and
sources. Each is one row of ``SECTIONS``: its index page (title, lead, the table's first
column, grouping) and what each record's list page shows above its events. The renderer
builds every section from its row (``Renderer.section_pages``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import Any, Generic, Protocol, TypeVar

from markupsafe import Markup

from . import schema, types
from .model import Actor, Era, Event, Kind, Site, Source, Topic
from .lists import About
from .page import PageContext, original, to, when

# Search ranks a person's or topic's own page above the events that name them, and events
# above sources and about pages (Material's front matter `search: boost:`), by record type.
SEARCH_BOOST = {types.ACTOR.key: 10, types.TOPIC.key: 10, types.KIND.key: 5, types.ERA.key: 5, types.EVENT.key: 3}


class Record(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Row:
    """A record's row in its section's index."""

    label: str
    src: str
    about: str
    count: int


@dataclass(frozen=True)
class Group:
    """A table of an index page, with its heading (None: the only table)."""

    title: str | None
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Section(Generic[R]):
    """One section: an index page of records, then a list page per record."""

    type: types.RecordType  # its pages are <type.page_folder>/<id>.md, its index <page_folder>/index.md
    title: str  # of the index page
    lead: str  # of the index page
    column: str  # the heading of the index's first column
    label: Callable[[R], str]  # the record's name in the index and its list page's title
    about: Callable[[R], str]  # the index's "About" column
    page: Callable[[R, PageContext], About]  # what its list page shows above the events
    group: Callable[[R], str] | None = None  # the index in groups: each record's group title
    order: Callable[[R], Any] | None = None  # with group: the order of the index, group by group

    @property
    def index(self) -> str:
        return f"{self.type.page_folder}/index.md"

    def records(self, site: Site) -> Sequence[R]:
        """The section's records, in the order of the index (within each group)."""
        return site.of(self.type)

    def events(self, site: Site) -> Mapping[str, tuple[Event, ...]]:
        """Record id -> its events, in true order."""
        return site.events_of(self.type)

    @property
    def search(self) -> int | None:
        """The search boost of each record's list page."""
        return SEARCH_BOOST.get(self.type.key)

    def groups(self, site: Site) -> list[Group]:
        """The index's tables: one, or one per group in the section's order."""
        events = self.events(site)
        records = self.records(site)

        def rows(members: Sequence[R]) -> tuple[Row, ...]:
            return tuple(Row(self.label(r), self.type.page(r.id), self.about(r), len(events[r.id])) for r in members)

        if self.group is None:
            return [Group(None, rows(records))]
        ordered = sorted(records, key=self.order) if self.order else list(records)
        return [Group(title, rows(tuple(members))) for title, members in groupby(ordered, key=self.group)]


def _source_page(s: Source, ctx: PageContext) -> About:
    """A source's facts: who published it and when, where the original is, what our copy is,
    its other copies, how far to trust it, and why no event cites it where none does."""
    site = ctx.site
    address = original(s)
    facts: list[tuple[str, object]] = [("Publisher", s.publisher)]
    if s.author:
        facts.append(("Author", s.author))
    facts.append(("Published", when(s.published) if s.published else "date not known"))
    facts.append(("Original", Markup(f"<{address}>") if address else "address not known"))
    facts.append(("What our copy is", s.nature_title))
    if s.copy_of:
        facts.append(("Copy of", ctx.link(site.source[s.copy_of].title, to(types.SOURCE.key, s.copy_of))))
    copies = [c for c in site.sources if c.copy_of == s.id]
    if copies:
        facts.append(("Copies", Markup(", ".join(
            ctx.link(f"{c.title} ({c.nature_title})", to(types.SOURCE.key, c.id)) for c in copies))))
    facts.append(("How far to trust it", s.reliability))
    if s.not_cited:
        facts.append(("Why no event cites it", s.not_cited))
    return About(facts=tuple(facts), data_file=s.file)


@cache
def _actor_types() -> dict[str, int]:
    """Each actor type's place in the actor schema's list of types."""
    return {t["id"]: n for n, t in enumerate(schema.actor_types())}


def _actor_order(a: Actor) -> tuple[int, str]:
    """Actors by type, in the order the actor schema lists the types, then by name."""
    rank = _actor_types()
    return rank.get(a.type, len(rank)), a.name.casefold()


KINDS: Section[Kind] = Section(
    types.KIND, "Events by kind", "Every event has one kind: what sort of event it was.", "Kind",
    label=lambda k: k.title,
    about=lambda k: k.description, page=lambda k, ctx: About(lead=k.description))
TOPICS: Section[Topic] = Section(
    types.TOPIC, "Topics", "Themes that run through the relationship.", "Topic",
    label=lambda t: t.title,
    about=lambda t: t.summary,
    page=lambda t, ctx: About(lead=t.summary, intro=ctx.body(t.body) if t.body else None, data_file=t.file))
ACTORS: Section[Actor] = Section(
    types.ACTOR, "Countries, organisations and people", "Everyone and everything the events name.", "Name",
    label=lambda a: a.name,
    about=lambda a: a.description, page=lambda a, ctx: About(lead=a.description, data_file=a.file),
    group=lambda a: a.type_title, order=_actor_order)
ERAS: Section[Era] = Section(
    types.ERA, "Eras",
    "The relationship in periods, as the sources divide it. Each event belongs to the era in which it starts; "
    "one dated only to a year or a decade, to the era that holds most of it.", "Era",
    label=lambda e: e.title,
    about=lambda e: e.display(),
    page=lambda e, ctx: About(intro=ctx.body(e.summary), facts=(("Period", e.display()),), data_file=e.file))
SOURCES: Section[Source] = Section(
    types.SOURCE, "Sources",
    "The articles the timeline is built from, and what each archived copy can be trusted for.", "Source",
    label=lambda s: s.title,
    about=lambda s: f"{s.publisher} · {s.nature_title}", page=_source_page)
# In the order the site's pages are made.
SECTIONS: tuple[Section[Any], ...] = (KINDS, TOPICS, ACTORS, ERAS, SOURCES)
