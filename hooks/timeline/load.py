"""Load data/ and check it: every record against its schema, then the cross-record rules.

``load(root)`` returns a ``RawData`` of plain dicts or raises ``DataError`` with every problem
found, so that an editor sees all of them at once. Nothing is dropped: a file in data/ that
is not a record is a problem too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import dates, markup, schema
from .quotes import LOCK_NAME, QuoteCheck, excerpt, normalise  # noqa: F401 (excerpt, normalise: API)
from .problems import DataError, Problem, did_you_mean, field_name
from .yamlload import Loaded, load_text

TABLES = {"sources": "sources.yaml", "actors": "actors.yaml", "eras": "eras.yaml"}
FOLDERS = {"event": "events", "topic": "topics"}
MAX_FILE_BYTES = 1_000_000


@dataclass
class Record:
    """One record and where it came from: a whole file, or item ``prefix`` of a table file."""

    type: str
    file: str
    loaded: Loaded
    prefix: tuple = ()

    @property
    def data(self) -> dict:
        value = self.loaded.value
        for part in self.prefix:
            value = value[part]
        return value

    @property
    def id(self) -> str | None:
        ident = self.data.get("id")
        return ident if isinstance(ident, str) else None

    def line(self, *path) -> int:
        return self.loaded.line(self.prefix + path)

    def problem(self, path: tuple, message: str) -> Problem:
        return Problem(self.file, self.line(*path), field_name(self.prefix + path), message)


@dataclass
class RawData:
    """Validated records, in file order (events and topics sorted by file name)."""

    root: Path
    records: dict[str, list[Record]] = field(default_factory=dict)
    sources_dir: Path | None = None
    quotes: QuoteCheck | None = None
    # Quotes without a lock entry, when the archive is absent and the lock was not required
    unverified: list[Problem] = field(default_factory=list)

    def of(self, type_: str) -> list[Record]:
        return self.records.get(type_, [])


def default_sources_dir(project_root: Path) -> Path:
    env = os.environ.get("TIMELINE_SOURCES")
    return Path(env) if env else project_root.parent / "shared" / "sources"


def load(root: Path, *, sources_dir: Path | None = None, shown_from: Path | None = None,
         require_lock: bool = True) -> RawData:
    """Load and validate ``root`` (the data/ folder). ``sources_dir``: archived source texts
    for the quote check; where the folder does not exist, each quote needs an entry in
    ``root/quotes.lock`` instead (``require_lock=False`` lists those without one in
    ``RawData.unverified`` rather than failing). Paths in problems are shown relative to
    ``shown_from`` (default: the parent of ``root``). """
    root = Path(root)
    base = Path(shown_from) if shown_from else root.parent
    problems: list[Problem] = []
    raw = RawData(root, {}, sources_dir if sources_dir and Path(sources_dir).is_dir() else None)

    def shown(path: Path) -> str:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            return path.as_posix()

    unfinished: set[Path] = set()

    def read(path: Path) -> Loaded:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            loaded = Loaded()
            loaded.problems.append(Problem(shown(path), 1, "(file)", f"is {size} bytes; expected at most {MAX_FILE_BYTES}"))
            return loaded
        data = path.read_bytes()
        if schema.PLACEHOLDER.encode() in data:
            unfinished.add(path)  # only these are searched for placeholders
        return load_text(data, shown(path))

    raw.quotes = QuoteCheck(raw.sources_dir, root / LOCK_NAME, shown(root / LOCK_NAME))
    expected_files = {name for name in TABLES.values()} | set(FOLDERS.values()) | {LOCK_NAME}
    if not root.is_dir():
        raise DataError([Problem(shown(root), 1, "(file)", "does not exist; expected the data folder")])
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in expected_files or entry.name.lower() == "readme.md":
            continue
        problems.append(Problem(shown(entry), 1, "(file)", f"is not part of the data; expected only {', '.join(sorted(expected_files))}"))

    for type_, name in TABLES.items():
        path = root / name
        if not path.is_file():
            problems.append(Problem(shown(path), 1, "(file)", f"is missing; expected the {type_} table"))
            continue
        loaded = read(path)
        problems += loaded.problems
        if loaded.problems and loaded.value is None:
            continue
        problems += schema.check(type_, loaded, shown(path))
        if isinstance(loaded.value, list):
            raw.records[type_] = [
                Record(type_, shown(path), loaded, (i,)) for i, item in enumerate(loaded.value) if isinstance(item, dict)
            ]

    for type_, folder in FOLDERS.items():
        directory = root / folder
        raw.records[type_] = []
        if not directory.is_dir():
            problems.append(Problem(shown(directory), 1, "(file)", f"is missing; expected a folder of {type_} files"))
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix != ".yaml" or not path.is_file():
                problems.append(Problem(shown(path), 1, "(file)", f"is not a record; expected {folder}/<id>.yaml files only"))
                continue
            loaded = read(path)
            problems += loaded.problems
            if loaded.value is None:
                continue
            found = schema.check(type_, loaded, shown(path))
            reported = {p.field for p in found}
            problems += found + [Problem(shown(path), loaded.line(sub), field_name(sub), message)
                                 for sub, message in (schema.placeholders(type_, loaded.value) if path in unfinished else ())
                                 if field_name(sub) not in reported]
            if not isinstance(loaded.value, dict):
                continue
            record = Record(type_, shown(path), loaded)
            raw.records[type_].append(record)
            if record.id is not None and record.id != path.stem:
                problems.append(record.problem(("id",), f"is '{record.id}' but the file is {path.name}; expected the id to equal the file name, '{path.stem}'"))

    problems += _cross_checks(raw) + _citation_reasons(raw)
    if require_lock or raw.sources_dir is not None:
        problems += raw.quotes.unverified
    else:
        raw.unverified = raw.quotes.unverified
    if problems:
        raise DataError(_capped(problems))
    return raw


MAX_PROBLEMS_PER_FILE = 100


def _capped(problems: list[Problem]) -> list[Problem]:
    """Every problem, except that a file with hundreds (a mangled or hostile file) shows
    the first MAX_PROBLEMS_PER_FILE and a count of the rest."""
    by_file: dict[str, list[Problem]] = {}
    for p in sorted(problems):
        by_file.setdefault(p.path, []).append(p)
    out: list[Problem] = []
    for path, found in by_file.items():
        out += found[:MAX_PROBLEMS_PER_FILE]
        if len(found) > MAX_PROBLEMS_PER_FILE:
            rest = found[MAX_PROBLEMS_PER_FILE:]
            out.append(Problem(path, rest[0].line, "(file)",
                               f"has {len(rest)} more problems, not shown; expected a record: fix the ones above first"))
    return out


def _list(value) -> list:
    """A list field as a list; anything else (the schema check has reported it) as empty."""
    return value if isinstance(value, list) else []


def _strings(record: Record, key: str) -> list[tuple[int, str]]:
    value = record.data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


def _cross_checks(raw: RawData) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, dict[str, Record]] = {}
    for type_ in ("sources", "actors", "eras", "topic", "event"):
        seen: dict[str, Record] = {}
        for record in raw.of(type_):
            ident = record.id
            if ident is None:
                continue
            if ident in seen:
                first = seen[ident]
                problems.append(record.problem(("id",), f"'{ident}' is already used by {first.file}:{first.line('id')}; expected a unique id"))
            else:
                seen[ident] = record
        ids[type_] = seen
    names = {"sources": "source", "actors": "actor", "eras": "era", "topic": "topic", "event": "event", "kind": "kind"}
    kinds = {k["id"] for k in schema.event_kinds()}
    date_shape = {"event": re.compile(schema.load_schema("event")["properties"]["date"]["pattern"]),
                  "eras": re.compile(schema.load_schema("eras")["items"]["properties"]["start"]["pattern"]),
                  "sources": re.compile(schema.load_schema("sources")["items"]["properties"]["published"]["pattern"])}
    max_words = schema.load_schema("event")["properties"]["sources"]["items"]["properties"]["quote"]["x-maxWords"]

    def ref(record: Record, path: tuple, type_: str, ident: str) -> None:
        known = kinds if type_ == "kind" else ids[type_]
        if ident not in known and not ident.startswith(schema.PLACEHOLDER):
            problems.append(record.problem(path, f"'{ident}' is not a known {names[type_]}{did_you_mean(ident, known)}; "
                                                 f"expected an id from {_where(type_)}"))

    def check_text(record: Record, path: tuple) -> None:
        value = record.data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else (value[part] if isinstance(value, list) and part < len(value) else None)
        if not isinstance(value, str):
            return
        start = record.loaded.text_starts.get(record.prefix + path)
        for offset, target, is_image in markup.iter_targets(value):
            line = record.line(*path)
            if start and start[1] == "|":  # literal block: lines map one to one
                line = start[0] + 1 + value.count("\n", 0, offset)
            why = markup.target_problem(target, is_image)
            if why:
                problems.append(Problem(record.file, line, field_name(record.prefix + path), why))
                continue
            parsed = markup.parse_ref(target)
            if parsed:
                scheme = {"source": "sources", "actor": "actors", "era": "eras"}.get(parsed[0], parsed[0])
                known = kinds if scheme == "kind" else ids[scheme]
                if parsed[1] not in known:
                    problems.append(Problem(record.file, line, field_name(record.prefix + path),
                                            f"links to {target}, which does not exist{did_you_mean(parsed[1], known)}; "
                                            f"expected an id from {_where(scheme)}"))

    def check_date(record: Record, key: str, *, single: bool = False) -> dates.EventDate | None:
        value = record.data.get(key)
        if not isinstance(value, str) or not date_shape[record.type].fullmatch(value):
            return None  # not text, or not of the date's shape: the schema check has said so
        try:
            parsed = dates.parse(value)
        except dates.DateError as exc:
            problems.append(record.problem((key,), str(exc)))
            return None
        if single and parsed.is_interval:
            problems.append(record.problem((key,), f"'{value}' is an interval; expected a single date"))
            return None
        return parsed

    # Sources
    quotes = raw.quotes
    for record in raw.of("sources"):
        check_date(record, "published")
        copy_of = record.data.get("copy_of")
        if isinstance(copy_of, str):
            ref(record, ("copy_of",), "sources", copy_of)
            if copy_of == record.id:
                problems.append(record.problem(("copy_of",), "names the source itself; expected another source's id"))
        archive = record.data.get("archive")
        # A plain file name only (the schema says so too): never read outside the folder.
        if raw.sources_dir and isinstance(archive, str) and record.id and Path(archive).name == archive:
            if not quotes.read(record.id, archive):
                problems.append(record.problem(("archive",), f"'{archive}' is not in {raw.sources_dir}; expected the archived copy's file name"))


    # Eras: in order, contiguous
    previous = None
    for record in raw.of("eras"):
        start, end = check_date(record, "start", single=True), check_date(record, "end", single=True)
        if start and end and end.start.latest < start.start.earliest:
            problems.append(record.problem(("end",), "is before start; expected the era's last date"))
        if start and previous is not None:
            expected = previous.start.latest.toordinal() + 1
            got = start.start.earliest.toordinal()
            if got != expected:
                what = "leaves a gap after" if got > expected else "overlaps"
                problems.append(record.problem(("start",), f"{what} the previous era; expected it to start the day after {previous.start.latest.isoformat()}"))
        check_text(record, ("summary",))
        previous = end if end else None
    era_ranges = []
    for record in raw.of("eras"):
        try:
            era_ranges.append((dates.parse(record.data["start"]).start.earliest, dates.parse(record.data["end"]).start.latest, 1))
        except (dates.DateError, KeyError, TypeError):
            era_ranges = None
            break

    for record in raw.of("topic"):
        check_text(record, ("body",))

    # Events. A relation is entered on one of its two events: the other shows the inverse.
    # Of a pair entered on both, the event whose file sorts second gets the problem.
    linked_from: dict[str, set[str]] = {}  # event id -> ids of the events it links to
    for record in raw.of("event"):
        for rel in _list(record.data.get("related")):
            if isinstance(rel, dict) and isinstance(rel.get("event"), str) and record.id:
                linked_from.setdefault(record.id, set()).add(rel["event"])
    for record in raw.of("event"):
        data = record.data
        parsed = check_date(record, "date")
        if parsed and era_ranges is not None and era_ranges:
            if dates.era_for(parsed, era_ranges) is None:
                problems.append(record.problem(("date",), f"'{data['date']}' falls in no era; expected a date from {era_ranges[0][0].year} to {era_ranges[-1][1].year}, or a new era in data/eras.yaml"))
        for i, topic in _strings(record, "topics"):
            ref(record, ("topics", i), "topic", topic)
        for i, actor in _strings(record, "actors"):
            ref(record, ("actors", i), "actors", actor)
        for i, state in _strings(record, "accessions"):
            actor = ids["actors"].get(state)
            if actor is None:
                ref(record, ("accessions", i), "actors", state)
            elif actor.data.get("type") != "country":
                problems.append(record.problem(("accessions", i), f"'{state}' is a {actor.data.get('type')}; expected a country"))
        if "accessions" in data and data.get("kind") not in ("enlargement", "treaty"):
            problems.append(record.problem(("accessions",), f"is set on a '{data.get('kind')}' event; expected it only on 'enlargement' (or NATO's founding 'treaty')"))
        for i, rel in enumerate(_list(data.get("related"))):
            if isinstance(rel, dict) and isinstance(rel.get("event"), str):
                ref(record, ("related", i, "event"), "event", rel["event"])
                if rel["event"] == record.id:
                    problems.append(record.problem(("related", i, "event"), "links the event to itself; expected another event's id"))
                elif record.id in linked_from.get(rel["event"], ()) and record.file > ids["event"][rel["event"]].file:
                    other = ids["event"][rel["event"]]
                    problems.append(record.problem(("related", i, "event"), (
                        f"'{rel['event']}' already links to this event ({other.file}); expected the link on one "
                        "of the two events only (the other shows it automatically)")))
        for key in ("title", "summary"):
            value = data.get(key)
            if isinstance(value, str) and markup.link_targets(value):
                problems.append(record.problem((key,), "contains a Markdown link; expected plain text (links belong in body)"))
        for i, cite in enumerate(_list(data.get("sources"))):
            if not isinstance(cite, dict):
                continue
            source = cite.get("source")
            if isinstance(source, str):
                ref(record, ("sources", i, "source"), "sources", source)
            quote = cite.get("quote")
            if isinstance(quote, str):
                words = len(quote.split())
                unquotable = isinstance(source, str) and source in ids["sources"] and ids["sources"][source].data.get("quotable") is False
                if words > max_words:
                    problems.append(record.problem(("sources", i, "quote"), f"has {words} words; expected at most {max_words}"))
                elif unquotable:
                    original = ids["sources"][source].data.get("copy_of")
                    instead = f"; cite '{original}' instead" if isinstance(original, str) else ""
                    problems.append(record.problem(("sources", i, "source"), f"'{source}' is marked not to be quoted (quotable: false){instead}; expected a source that may be quoted"))
                elif isinstance(source, str) and source in ids["sources"] and not quote.startswith(schema.PLACEHOLDER):
                    problems += quotes.check(partial(record.problem, ("sources", i, "quote")), source, quote)
        for i, note in enumerate(_list(data.get("notes"))):
            if not isinstance(note, dict):
                continue
            for j, source in enumerate(_list(note.get("sources"))):
                if isinstance(source, str):
                    ref(record, ("notes", i, "sources", j), "sources", source)
            check_text(record, ("notes", i, "text"))
        check_text(record, ("body",))
    problems += _key_events(raw, ids["event"], era_ranges)
    return problems + quotes.finish()


def _citation_reasons(raw: RawData) -> list[Problem]:
    """A cited source that gives a reason not to be cited is a problem; an uncited source that
    gives none is one too: a registered source that no event cites must say why."""
    cited = {cite["source"] for record in raw.of("event") for cite in _list(record.data.get("sources"))
             if isinstance(cite, dict) and isinstance(cite.get("source"), str)}
    missing, wrong = [], []
    for record in raw.of("sources"):
        reason = record.data.get("not_cited")
        if record.id in cited and reason is not None:
            wrong.append(record.problem(("not_cited",), "is set, but events cite this source; expected 'not_cited' only on a source no event cites"))
        elif record.id is not None and record.id not in cited and reason is None:
            missing.append(record.problem(("id",), f"'{record.id}' is cited by no event and gives no reason; expected a 'not_cited' field saying why"))
    return wrong + missing


def _key_events(raw: RawData, events: dict[str, Record], era_ranges: list | None) -> list[Problem]:
    """An era's key events exist and belong to that era (by the rule that files events in eras)."""
    problems = []
    indexed = [(first, last, n) for n, (first, last, _) in enumerate(era_ranges or [])]
    for n, record in enumerate(raw.of("eras")):
        for i, ident in _strings(record, "key_events"):
            event = events.get(ident)
            if event is None:
                problems.append(record.problem(("key_events", i), f"'{ident}' is not a known event; expected an id from data/events/"))
                continue
            try:
                when = dates.parse(event.data.get("date"))
            except dates.DateError:
                continue
            if indexed and dates.era_for(when, indexed) != n:
                problems.append(record.problem(("key_events", i), f"'{ident}' is dated {event.data.get('date')}, outside this era; expected an event of the era"))
    return problems


def _where(type_: str) -> str:
    return {
        "sources": "data/sources.yaml",
        "actors": "data/actors.yaml",
        "eras": "data/eras.yaml",
        "topic": "data/topics/",
        "event": "data/events/",
        "kind": "the kinds in docs/schema/event.schema.json",
    }[type_]


def quote_lock_text(raw: RawData) -> str:
    """data/quotes.lock for data loaded with the archive present: every quote, verified."""
    from .quotes import lock_text

    cites = [(c["source"], c["quote"]) for r in raw.of("event") for c in _list(r.data.get("sources"))
             if isinstance(c, dict) and isinstance(c.get("quote"), str)]
    return lock_text(raw.quotes.entries(cites))
