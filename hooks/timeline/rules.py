"""The cross-record rules: what no single file's schema can say.

Each rule is a function of the ``Context`` that yields the problems it finds, and ``RULES``
lists them (after the linters of MDN's browser-compat-data: one small unit per rule, each
tested alone, run in turn over the same data). The context holds what several rules look
up, worked out once per load before any rule runs: the records by type and id, the kinds,
every date parsed, the eras' ranges and each event's era, the archived source texts. A
rule never changes it.

A rule assumes only what the schema check guarantees nothing about: every value may be of
the wrong type (the schema check has said so), so a rule skips what it cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from pathlib import Path

from . import dates, markup, schema, types
from .problems import Problem, did_you_mean, field_name
from .records import RawData, Record

# The date fields of each record type: parsed once here, for the rules and the model.
DATE_FIELDS: dict[str, tuple[str, ...]] = {
    types.EVENT.key: ("date",), types.ERA.key: ("start", "end"), types.SOURCE.key: ("published",)}
# Markdown fields (links allowed; notes' texts too) and plain-text fields (no links) of each record type.
MARKDOWN_FIELDS: dict[str, tuple[str, ...]] = {
    types.ERA.key: ("summary",), types.TOPIC.key: ("body",), types.EVENT.key: ("body",)}
PLAIN_FIELDS: dict[str, tuple[str, ...]] = {types.EVENT.key: ("title", "summary")}
ACCESSION_KINDS = ("enlargement", "treaty")

EraRange = tuple[date, date, str]  # first day, last day, era id


@dataclass
class Context:
    """What the rules share, worked out once by ``Context.of``."""

    raw: RawData
    ids: dict[str, dict[str, Record]]  # type key -> id -> the first record with that id
    kinds: frozenset[str]
    era_ranges: list[EraRange] | None = None  # None when an era's dates are not all valid
    date_errors: list[tuple[Record, str, dates.DateError]] = field(default_factory=list)
    missing_archives: list[tuple[Record, str]] = field(default_factory=list)  # (source, its archive file)

    @classmethod
    def of(cls, raw: RawData) -> Context:
        ctx = cls(raw, _first_by_id(raw), frozenset(k["id"] for k in schema.event_kinds()))
        ctx.date_errors = _parse_dates(raw)
        ctx.era_ranges = _era_ranges(raw.of(types.ERA.key))
        if ctx.era_ranges:
            for record in raw.of(types.EVENT.key):
                when = record.parsed.get("date")
                record.era = dates.era_for(when, ctx.era_ranges) if when else None
        ctx.missing_archives = _read_archives(raw)
        return ctx

    def known(self, key: str) -> Iterable[str]:
        """The ids of record type ``key`` (the kinds' from the event schema)."""
        return self.kinds if key == types.KIND.key else self.ids[key]

    def unknown(self, record: Record, path: tuple, key: str, ident: str) -> Iterator[Problem]:
        """A problem if ``ident`` is not a record of type ``key`` (a placeholder is reported
        as one elsewhere)."""
        known = self.known(key)
        if ident not in known and not ident.startswith(schema.PLACEHOLDER):
            yield record.problem(path, f"'{ident}' is not a known {key}{did_you_mean(ident, known)}; "
                                       f"expected an id from {types.BY_KEY[key].where}")


Rule = Callable[[Context], Iterable[Problem]]


def check(raw: RawData, rules: Iterable[Rule] | None = None) -> list[Problem]:
    """Every problem that ``rules`` (default: all of them, ``RULES``) find in ``raw``."""
    ctx = Context.of(raw)
    return [problem for rule in (RULES if rules is None else rules) for problem in rule(ctx)]


# -- the shared facts ------------------------------------------------------------------------
def _first_by_id(raw: RawData) -> dict[str, dict[str, Record]]:
    ids: dict[str, dict[str, Record]] = {}
    for record_type in types.IN_DATA:
        first: dict[str, Record] = {}
        ids[record_type.key] = first
        for record in raw.of(record_type.key):
            if record.id is not None:
                first.setdefault(record.id, record)
    return ids


@cache
def _date_shape(key: str, name: str) -> re.Pattern:
    """The schema's pattern of a date field: a value of another shape has a schema problem."""
    at = (0, name) if types.BY_KEY[key].is_table else (name,)
    return re.compile(schema.schema_at(key, at)["pattern"])


def _parse_dates(raw: RawData) -> list[tuple[Record, str, dates.DateError]]:
    """Parse every date field of the date's shape into ``Record.parsed``; return the errors."""
    errors = []
    for key, names in DATE_FIELDS.items():
        for record in raw.of(key):
            data = record.data
            for name in names:
                value = data.get(name)
                if not isinstance(value, str) or not _date_shape(key, name).fullmatch(value):
                    continue
                try:
                    record.parsed[name] = dates.parse(value)
                except dates.DateError as exc:
                    errors.append((record, name, exc))
    return errors


def _era_ranges(eras: list[Record]) -> list[EraRange] | None:
    """(first day, last day, id) of each era, in order; None unless every era has both dates."""
    if not all("start" in era.parsed and "end" in era.parsed for era in eras):
        return None
    return [(era.parsed["start"].start.earliest, era.parsed["end"].start.latest, era.id or "") for era in eras]


def _read_archives(raw: RawData) -> list[tuple[Record, str]]:
    """Read each source's archived copy into the quote check; return those not found. Only a
    plain file name is read (the schema says so too): never a path outside the folder."""
    missing: list[tuple[Record, str]] = []
    if raw.sources_dir is None:
        return missing
    for record in raw.of(types.SOURCE.key):
        archive = record.data.get("archive")
        if isinstance(archive, str) and record.id and Path(archive).name == archive \
                and not raw.quotes.read(record.id, archive):
            missing.append((record, archive))
    return missing


# -- reading values that may be of any type --------------------------------------------------
def _list(value) -> list:
    """A list field as a list; anything else (the schema check has reported it) as empty."""
    return value if isinstance(value, list) else []


def _strings(value) -> list[tuple[int, str]]:
    """(index, item) for each text item of a list field."""
    return [(i, item) for i, item in enumerate(_list(value)) if isinstance(item, str)]


def _mappings(value) -> list[tuple[int, dict]]:
    """(index, item) for each mapping in a list field."""
    return [(i, item) for i, item in enumerate(_list(value)) if isinstance(item, dict)]


# -- the rules -------------------------------------------------------------------------------
def unique_ids(ctx: Context) -> Iterator[Problem]:
    """No two records of a type share an id; the second and later are reported."""
    for key, records in ctx.raw.records.items():
        for record in records:
            first = ctx.ids[key].get(record.id) if record.id is not None else None
            if first is not None and first is not record:
                yield record.problem(("id",), f"'{record.id}' is already used by {first.file}:{first.line('id')}; "
                                              "expected a unique id")


def real_dates(ctx: Context) -> Iterator[Problem]:
    """Every date of the right shape is a real date (no 31 April, no month 13)."""
    for record, name, error in ctx.date_errors:
        yield record.problem((name,), str(error))


def sources_and_archives(ctx: Context) -> Iterator[Problem]:
    """A copy names another known source; an archived copy is in the sources folder."""
    for record in ctx.raw.of(types.SOURCE.key):
        copy_of = record.data.get("copy_of")
        if isinstance(copy_of, str):
            yield from ctx.unknown(record, ("copy_of",), types.SOURCE.key, copy_of)
            if copy_of == record.id:
                yield record.problem(("copy_of",), "names the source itself; expected another source's id")
    for record, archive in ctx.missing_archives:
        yield record.problem(("archive",), f"'{archive}' is not in {ctx.raw.sources_dir}; "
                                           "expected the archived copy's file name")


def era_sequence(ctx: Context) -> Iterator[Problem]:
    """Each era ends after it starts, and starts the day after the previous one ends."""
    previous_end: dates.EventDate | None = None
    for record in ctx.raw.of(types.ERA.key):
        start, end = record.parsed.get("start"), record.parsed.get("end")
        if start and end and end.start.latest < start.start.earliest:
            yield record.problem(("end",), "is before start; expected the era's last date")
        if start and previous_end is not None:
            expected = previous_end.start.latest.toordinal() + 1
            got = start.start.earliest.toordinal()
            if got != expected:
                what = "leaves a gap after" if got > expected else "overlaps"
                yield record.problem(("start",), f"{what} the previous era; expected it to start the day after "
                                                 f"{previous_end.start.latest.isoformat()}")
        previous_end = end


def event_eras(ctx: Context) -> Iterator[Problem]:
    """Every event falls in an era (judged only when every era has valid dates)."""
    ranges = ctx.era_ranges
    if not ranges:
        return
    for record in ctx.raw.of(types.EVENT.key):
        if "date" in record.parsed and record.era is None:
            yield record.problem(("date",), f"'{record.data['date']}' falls in no era; expected a date from "
                                            f"{ranges[0][0].year} to {ranges[-1][1].year}, or a new era in "
                                            f"{types.ERA.where}")


def key_events(ctx: Context) -> Iterator[Problem]:
    """An era's key events exist and belong to that era (by the rule that files events in
    eras; judged only when every era has valid dates)."""
    events = ctx.ids[types.EVENT.key]
    for record in ctx.raw.of(types.ERA.key):
        for i, ident in _strings(record.data.get("key_events")):
            event = events.get(ident)
            if event is None:
                yield record.problem(("key_events", i), f"'{ident}' is not a known event; "
                                                        f"expected an id from {types.EVENT.where}")
            elif ctx.era_ranges and "date" in event.parsed and event.era != record.id:
                yield record.problem(("key_events", i), f"'{ident}' is dated {event.data.get('date')}, outside "
                                                        "this era; expected an event of the era")


def event_references(ctx: Context) -> Iterator[Problem]:
    """An event's topics and actors exist."""
    for record in ctx.raw.of(types.EVENT.key):
        for i, topic_id in _strings(record.data.get("topics")):
            yield from ctx.unknown(record, ("topics", i), types.TOPIC.key, topic_id)
        for i, actor_id in _strings(record.data.get("actors")):
            yield from ctx.unknown(record, ("actors", i), types.ACTOR.key, actor_id)


def accessions(ctx: Context) -> Iterator[Problem]:
    """Accessions name known countries, and only enlargements (and the founding treaty) have them."""
    actors = ctx.ids[types.ACTOR.key]
    for record in ctx.raw.of(types.EVENT.key):
        data = record.data
        for i, state in _strings(data.get("accessions")):
            actor = actors.get(state)
            if actor is None:
                yield from ctx.unknown(record, ("accessions", i), types.ACTOR.key, state)
            elif actor.data.get("type") != "country":
                yield record.problem(("accessions", i), f"'{state}' is a {actor.data.get('type')}; expected a country")
        if "accessions" in data and data.get("kind") not in ACCESSION_KINDS:
            yield record.problem(("accessions",), f"is set on a '{data.get('kind')}' event; expected it only on "
                                                  "'enlargement' (or NATO's founding 'treaty')")


def related(ctx: Context) -> Iterator[Problem]:
    """A relation links to another known event, and is entered on one of its two events (the
    other shows the inverse). Of a pair entered on both, the event whose file sorts second
    gets the problem."""
    events = ctx.raw.of(types.EVENT.key)
    links = {(record.id, rel["event"]) for record in events if record.id
             for _, rel in _mappings(record.data.get("related")) if isinstance(rel.get("event"), str)}
    first = ctx.ids[types.EVENT.key]
    for record in events:
        for i, rel in _mappings(record.data.get("related")):
            other_id = rel.get("event")
            if not isinstance(other_id, str):
                continue
            path = ("related", i, "event")
            yield from ctx.unknown(record, path, types.EVENT.key, other_id)
            if other_id == record.id:
                yield record.problem(path, "links the event to itself; expected another event's id")
            elif (other_id, record.id) in links and record.file > first[other_id].file:
                yield record.problem(path, f"'{other_id}' already links to this event ({first[other_id].file}); "
                                           "expected the link on one of the two events only (the other shows it "
                                           "automatically)")


def citations_and_quotes(ctx: Context) -> Iterator[Problem]:
    """A citation names a known source that may be quoted, and its quote is short and is the
    source's own words (checked against the archive, or else the quote lock)."""
    max_words = schema.schema_at(types.EVENT.key, ("sources", 0, "quote"))["x-maxWords"]
    for record in ctx.raw.of(types.EVENT.key):
        for i, cite in _mappings(record.data.get("sources")):
            yield from _citation(ctx, record, i, cite, max_words)
    yield from ctx.raw.quotes.finish()


def _citation(ctx: Context, record: Record, i: int, cite: dict, max_words: int) -> Iterator[Problem]:
    source_id = cite["source"] if isinstance(cite.get("source"), str) else None
    quote = cite.get("quote")
    if source_id is not None:
        yield from ctx.unknown(record, ("sources", i, "source"), types.SOURCE.key, source_id)
    if not isinstance(quote, str):
        return
    source = ctx.ids[types.SOURCE.key].get(source_id) if source_id is not None else None
    words = len(quote.split())
    if words > max_words:
        yield record.problem(("sources", i, "quote"), f"has {words} words; expected at most {max_words}")
    elif source is not None and source.data.get("quotable") is False:
        original = source.data.get("copy_of")
        instead = f"; cite '{original}' instead" if isinstance(original, str) else ""
        yield record.problem(("sources", i, "source"), f"'{source_id}' is marked not to be quoted (quotable: false)"
                                                       f"{instead}; expected a source that may be quoted")
    elif source_id is not None and source is not None and not quote.startswith(schema.PLACEHOLDER):
        yield from ctx.raw.quotes.check(partial(record.problem, ("sources", i, "quote")), source_id, quote)


def uncited_sources(ctx: Context) -> Iterator[Problem]:
    """A registered source that no event cites says why (``not_cited``), and only such a
    source does."""
    cited = {cite["source"] for record in ctx.raw.of(types.EVENT.key)
             for _, cite in _mappings(record.data.get("sources")) if isinstance(cite.get("source"), str)}
    for record in ctx.raw.of(types.SOURCE.key):
        reason = record.data.get("not_cited")
        if record.id in cited and reason is not None:
            yield record.problem(("not_cited",), "is set, but events cite this source; "
                                                 "expected 'not_cited' only on a source no event cites")
        elif record.id is not None and record.id not in cited and reason is None:
            yield record.problem(("id",), f"'{record.id}' is cited by no event and gives no reason; "
                                          "expected a 'not_cited' field saying why")


def note_sources(ctx: Context) -> Iterator[Problem]:
    """The sources a note names exist."""
    for record in ctx.raw.of(types.EVENT.key):
        for i, note in _mappings(record.data.get("notes")):
            for j, source_id in _strings(note.get("sources")):
                yield from ctx.unknown(record, ("notes", i, "sources", j), types.SOURCE.key, source_id)


def links_in_text(ctx: Context) -> Iterator[Problem]:
    """Links in data Markdown are http(s) or lead to a known record, and there are no images;
    plain-text fields have no links at all."""
    for key, names in MARKDOWN_FIELDS.items():
        for record in ctx.raw.of(key):
            for name in names:
                yield from _links(ctx, record, (name,), record.data.get(name))
    for record in ctx.raw.of(types.EVENT.key):
        for i, note in _mappings(record.data.get("notes")):
            yield from _links(ctx, record, ("notes", i, "text"), note.get("text"))
    for key, names in PLAIN_FIELDS.items():
        for record in ctx.raw.of(key):
            for name in names:
                value = record.data.get(name)
                if isinstance(value, str) and markup.link_targets(value):
                    yield record.problem((name,), "contains a Markdown link; expected plain text "
                                                  "(links belong in body)")


def _links(ctx: Context, record: Record, path: tuple, value: object) -> Iterator[Problem]:
    """The problems of the links in ``value``, the Markdown at ``path`` in ``record``, each
    at its own line where the text is a literal block (``|``)."""
    if not isinstance(value, str):
        return
    start = record.loaded.text_starts.get(record.prefix + path)
    for offset, target, is_image in markup.iter_targets(value):
        line = record.line(*path)
        if start and start[1] == "|":  # literal block: lines map one to one
            line = start[0] + 1 + value.count("\n", 0, offset)
        at = (record.file, line, field_name(record.prefix + path))
        why = markup.target_problem(target, is_image)
        if why:
            yield Problem(*at, why)
            continue
        reference = markup.parse_ref(target)
        if reference and reference[1] not in ctx.known(reference[0]):
            key, ident = reference
            near = did_you_mean(ident, ctx.known(key))
            yield Problem(*at, f"links to {target}, which does not exist{near}; "
                               f"expected an id from {types.BY_KEY[key].where}")


RULES: tuple[Rule, ...] = (
    unique_ids, real_dates, sources_and_archives, era_sequence, event_eras, key_events, event_references,
    accessions, related, citations_and_quotes, uncited_sources, note_sources, links_in_text,
)
