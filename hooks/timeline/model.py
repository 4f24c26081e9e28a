"""The site's model: frozen records with derived fields, built from validated data.

Derived here, once: the true order (order.py) with previous and next, the inverse of every
typed link, and the back-links from kinds, topics, actors, sources and eras to their events.
The dates and each event's era come as the validator worked them out (``rules.Context``).
Everything is looked up by id in dicts, so building the model is linear in the number of
records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from functools import cached_property

from . import dates, order, schema, types
from .records import RawData, Record


@dataclass(frozen=True)
class Kind:
    id: str
    title: str
    description: str
    schema_org: str = "Event"  # the schema.org type of its events' pages (x-schema-org in the schema)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    archive: str
    nature: str
    nature_title: str
    reliability: str
    file: str
    author: str | None = None
    published: dates.EventDate | None = None
    url: str | None = None
    copy_of: str | None = None
    quotable: bool = True
    speaks_for: str | None = None
    not_cited: str | None = None


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    type_title: str
    description: str
    file: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    summary: str
    file: str
    body: str | None = None


@dataclass(frozen=True)
class Era:
    id: str
    title: str
    start: dates.EventDate
    end: dates.EventDate
    summary: str
    file: str
    key_events: tuple[str, ...] = ()

    def display(self) -> str:
        return dates.EventDate(self.start.start, self.end.start).display()


@dataclass(frozen=True)
class Citation:
    """An event's citation: the source's id, a verbatim quote from it, and the fields the quote
    is evidence for (none named: all of them)."""

    source: str
    quote: str
    supports: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """A note on an event's sources: its type (``disagreement``, ``error`` …), that type's
    title, the text (data Markdown) and the sources it is about."""

    type: str
    title: str
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """A typed link seen from one event: ``label`` (e.g. 'Leads to') and the other event."""

    type: str
    label: str
    event: str


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    date: dates.EventDate
    kind: str
    summary: str
    file: str
    era: str
    body: str | None = None
    topics: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    accessions: tuple[str, ...] = ()
    related: tuple[Link, ...] = ()
    inbound: tuple[Link, ...] = ()
    sources: tuple[Citation, ...] = ()
    notes: tuple[Note, ...] = ()
    previous: str | None = None
    next: str | None = None



@dataclass(frozen=True)
class Site:
    events: tuple[Event, ...]  # in true order (order.py)
    kinds: tuple[Kind, ...]
    topics: tuple[Topic, ...]
    actors: tuple[Actor, ...]
    eras: tuple[Era, ...]
    sources: tuple[Source, ...]
    event: dict[str, Event] = field(repr=False)
    kind: dict[str, Kind] = field(repr=False)
    topic: dict[str, Topic] = field(repr=False)
    actor: dict[str, Actor] = field(repr=False)
    era: dict[str, Era] = field(repr=False)
    source: dict[str, Source] = field(repr=False)
    # Back-links: id -> events in true order
    by_kind: dict[str, tuple[Event, ...]] = field(repr=False)
    by_topic: dict[str, tuple[Event, ...]] = field(repr=False)
    by_actor: dict[str, tuple[Event, ...]] = field(repr=False)
    by_source: dict[str, tuple[Event, ...]] = field(repr=False)
    by_era: dict[str, tuple[Event, ...]] = field(repr=False)

    @property
    def content_date(self) -> int | None:
        """Seconds since the epoch of the date of the data (``data_date``, its last day), or None."""
        if self.data_date is None:
            return None
        last = (self.data_date.end or self.data_date.start).latest
        return int(datetime.combine(last, time(), tzinfo=UTC).timestamp())

    @cached_property
    def data_date(self) -> dates.EventDate | None:
        """The date of the data: the newest source's publication date, at its own precision
        ('2021-12-14', or '2026-07' when only the month is known), or None when no source has
        one. It comes from the data, never from the clock, so that builds are reproducible."""
        published = [s.published for s in self.sources if s.published]
        if not published:
            return None
        return max(published, key=lambda d: ((d.end or d.start).latest, d.sort_key()))

    def of(self, t: types.RecordType) -> tuple:
        """The records of type ``t``, in the site's order (``Site.topics`` for the topics)."""
        return getattr(self, t.plural)

    def events_of(self, t: types.RecordType) -> dict[str, tuple[Event, ...]]:
        """Record id -> its events in true order, for type ``t`` (``Site.by_topic``)."""
        return getattr(self, t.back_links)

    def accessions(self) -> list[tuple[Event, str]]:
        """(event, country id) for every state that joined NATO, in order of accession."""
        return [(e, state) for e in self.events for state in e.accessions]

    def members_on(self, day) -> list[str]:
        """Country ids that were NATO members on ``day`` (a datetime.date), by accession."""
        return [state for e, state in self.accessions() if e.date.start.latest <= day]


def _titles(choices: list[dict]) -> dict[str, str]:
    return {c["id"]: c.get("title", c["id"]) for c in choices}


def build(raw: RawData) -> Site:
    """Build the model from data that ``load.load`` has validated: its dates are parsed and
    each event's era is found there, once (``Record.parsed``, ``Record.era``)."""
    kinds = tuple(Kind(k["id"], k["title"], k.get("description", ""), k.get("x-schema-org", "Event"))
                  for k in schema.event_kinds())
    topics = tuple(
        Topic(d["id"], d["title"], d["summary"], r.file, d.get("body")) for r in raw.of("topic") for d in [r.data]
    )
    eras = tuple(
        Era(d["id"], d["title"], r.parsed["start"], r.parsed["end"], d["summary"], r.file,
            tuple(d.get("key_events") or ()))
        for r in raw.of("era") for d in [r.data]
    )
    sources, actors, events = _sources(raw), _actors(raw), _events(raw)
    return Site(
        events=tuple(events), kinds=kinds, topics=topics, actors=actors, eras=eras, sources=sources,
        event={e.id: e for e in events}, kind={k.id: k for k in kinds}, topic={t.id: t for t in topics},
        actor={a.id: a for a in actors}, era={e.id: e for e in eras}, source={s.id: s for s in sources},
        by_kind=_events_by(events, lambda e: (e.kind,), kinds),
        by_topic=_events_by(events, lambda e: e.topics, topics),
        by_actor=_events_by(events, lambda e: dict.fromkeys(e.actors + e.accessions), actors),
        by_source=_events_by(events, lambda e: dict.fromkeys(c.source for c in e.sources), sources),
        by_era=_events_by(events, lambda e: (e.era,), eras),
    )


def _sources(raw: RawData) -> tuple[Source, ...]:
    natures = _titles(schema.source_natures())
    return tuple(
        Source(
            id=d["id"], title=d["title"], publisher=d["publisher"], archive=d["archive"],
            nature=d["nature"], nature_title=natures[d["nature"]], reliability=d["reliability"],
            file=r.file, author=d.get("author"), published=r.parsed.get("published"),
            url=d.get("url"), copy_of=d.get("copy_of"), quotable=d.get("quotable", True),
            speaks_for=d.get("speaks_for"), not_cited=d.get("not_cited"),
        )
        for r in raw.of("source") for d in [r.data]
    )


def _actors(raw: RawData) -> tuple[Actor, ...]:
    actor_types = _titles(schema.actor_types())
    return tuple(
        Actor(d["id"], d["name"], d["type"], actor_types[d["type"]], d["description"], r.file)
        for r in raw.of("actor") for d in [r.data]
    )


def _events(raw: RawData) -> list[Event]:
    """Every event in true order (order.py), with its previous and next, and the inverse of
    every typed link that another event enters."""
    note_titles = _titles(schema.note_types())
    relations = {r["id"]: r for r in schema.relation_types()}
    inbound: dict[str, list[Link]] = defaultdict(list)
    events = []
    for r in raw.of("event"):
        d = r.data
        for rel in d.get("related") or []:
            inbound[rel["event"]].append(Link(rel["type"], relations[rel["type"]]["x-inverse"], d["id"]))
        events.append(_event(r, relations, note_titles))
    events = order.true_order(events, order.must_follow((e.id, ((r.type, r.event) for r in e.related)) for e in events))
    position = {e.id: i for i, e in enumerate(events)}
    return [
        replace(
            e,
            inbound=tuple(sorted(inbound.get(e.id, ()), key=lambda link: position[link.event])),
            previous=events[i - 1].id if i > 0 else None,
            next=events[i + 1].id if i + 1 < len(events) else None,
        )
        for i, e in enumerate(events)
    ]


def _event(r: Record, relations: dict[str, dict], note_titles: dict[str, str]) -> Event:
    d = r.data
    return Event(
        id=d["id"], title=d["title"], date=r.parsed["date"], kind=d["kind"], summary=d["summary"], file=r.file,
        era=r.era or "", body=d.get("body"), topics=tuple(d["topics"]),
        actors=tuple(d.get("actors") or ()), accessions=tuple(d.get("accessions") or ()),
        related=tuple(Link(rel["type"], relations[rel["type"]]["title"], rel["event"])
                      for rel in d.get("related") or []),
        sources=tuple(Citation(c["source"], c["quote"], tuple(c.get("supports") or ())) for c in d["sources"]),
        notes=tuple(
            Note(n["type"], note_titles[n["type"]], n["text"], tuple(n.get("sources") or ()))
            for n in d.get("notes") or ()
        ),
    )


def _events_by(events: list[Event], belongs_to: Callable[[Event], Iterable[str]],
               groups: Iterable[Kind | Topic | Actor | Source | Era]) -> dict[str, tuple[Event, ...]]:
    """Back-links: each group's id -> its events in true order, where
    ``belongs_to(event)`` gives the ids of the groups an event belongs to."""
    found: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        for ident in belongs_to(e):
            found[ident].append(e)
    return {g.id: tuple(found.get(g.id, ())) for g in groups}
