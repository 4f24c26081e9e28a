"""Load data/ and check it: every record against its schema, then the cross-record rules.

``load(root)`` returns a ``RawData`` of plain dicts or raises ``DataError`` with every problem
found, so that an editor sees all of them at once. Nothing is dropped: a file in data/ that
is not a record is a problem too. ``read(root)`` does the first half (every file read and
checked against its schema) and returns the problems instead; ``rules`` holds the second.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import rules, schema, types
from .problems import DataError, Problem, field_name
from .quotes import LOCK_NAME, QuoteCheck, excerpt, lock_text, normalise
from .records import RawData, Record
from .yamlload import Loaded, load_text

__all__ = ["DataError", "RawData", "Record", "default_sources_dir", "excerpt", "load", "normalise",
           "quote_lock_entries", "quote_lock_text", "read"]
MAX_FILE_BYTES = 1_000_000


def default_sources_dir(project_root: Path) -> Path:
    env = os.environ.get("TIMELINE_SOURCES")
    return Path(env) if env else project_root.parent / "shared" / "sources"


def load(root: Path, *, sources_dir: Path | None = None, shown_from: Path | None = None,
         require_lock: bool = True) -> RawData:
    """Load and validate ``root`` (the data/ folder). ``sources_dir``: archived source texts
    for the quote check; where the folder does not exist, each quote needs an entry in
    ``root/quotes.lock`` instead (``require_lock=False`` lists those without one in
    ``RawData.unverified`` rather than failing). Paths in problems are shown relative to
    ``shown_from`` (default: the parent of ``root``)."""
    raw, problems = read(root, sources_dir=sources_dir, shown_from=shown_from)
    problems += rules.check(raw)
    if require_lock or raw.sources_dir is not None:
        problems += raw.quotes.unverified
    else:
        raw.unverified = raw.quotes.unverified
    if problems:
        raise DataError(_capped(problems))
    return raw


def read(root: Path, *, sources_dir: Path | None = None,
         shown_from: Path | None = None) -> tuple[RawData, list[Problem]]:
    """Every file of ``root`` read and checked against its schema (not yet against the
    cross-record rules): the records, and the problems found. Raises DataError only when
    ``root`` is not a folder."""
    root = Path(root)
    files = _Files(root, Path(shown_from) if shown_from else root.parent)
    sources = Path(sources_dir) if sources_dir and Path(sources_dir).is_dir() else None
    raw = RawData(root, QuoteCheck(sources, root / LOCK_NAME, files.shown(root / LOCK_NAME)), sources)
    if not root.is_dir():
        raise DataError([files.problem(root, "does not exist; expected the data folder")])
    problems = files.strays()
    for record_type in types.IN_DATA:
        if record_type.is_table:
            problems += files.read_table(record_type, raw)
        else:
            problems += files.read_folder(record_type, raw)
    return raw, problems


@dataclass
class _Files:
    """Reads the files of one data folder, naming each as ``shown`` says."""

    root: Path
    base: Path  # paths in problems are shown relative to this folder
    unfinished: set[Path] = field(default_factory=set)  # files with a placeholder somewhere

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.base).as_posix()
        except ValueError:
            return path.as_posix()

    def problem(self, path: Path, message: str) -> Problem:
        """A problem with a file as a whole."""
        return Problem(self.shown(path), 1, "(file)", message)

    def strays(self) -> list[Problem]:
        """Everything in the data folder that is not part of the data."""
        expected = {t.data_path for t in types.IN_DATA if t.data_path} | {LOCK_NAME}
        return [self.problem(entry, f"is not part of the data; expected only {', '.join(sorted(expected))}")
                for entry in sorted(self.root.iterdir())
                if not (entry.name.startswith(".") or entry.name in expected or entry.name.lower() == "readme.md")]

    def read(self, path: Path) -> Loaded:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            loaded = Loaded()
            loaded.problems.append(self.problem(path, f"is {size} bytes; expected at most {MAX_FILE_BYTES}"))
            return loaded
        data = path.read_bytes()
        if schema.PLACEHOLDER.encode() in data:
            self.unfinished.add(path)  # only these are searched for placeholders
        return load_text(data, self.shown(path))

    def read_table(self, record_type: types.RecordType, raw: RawData) -> list[Problem]:
        """A file of many records, such as data/actors.yaml."""
        path = self.root / str(record_type.data_path)
        if not path.is_file():
            return [self.problem(path, f"is missing; expected the {path.stem} table")]
        loaded = self.read(path)
        if loaded.problems and loaded.value is None:
            return loaded.problems
        shown = self.shown(path)
        problems = loaded.problems + schema.check(record_type.key, loaded, shown)  # may cut lists past their cap
        if isinstance(loaded.value, list):
            raw.records[record_type.key] = [Record(record_type.key, shown, loaded, (i,))
                                            for i, item in enumerate(loaded.value) if isinstance(item, dict)]
        return problems

    def read_folder(self, record_type: types.RecordType, raw: RawData) -> list[Problem]:
        """A folder of one file per record, such as data/events/."""
        directory = self.root / str(record_type.data_path)
        records: list[Record] = []
        raw.records[record_type.key] = records
        if not directory.is_dir():
            return [self.problem(directory, f"is missing; expected a folder of {record_type.key} files")]
        problems: list[Problem] = []
        for path in sorted(directory.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix != ".yaml" or not path.is_file():
                problems.append(self.problem(path, f"is not a record; expected {record_type.data_path}/<id>.yaml "
                                                   "files only"))
                continue
            problems += self.read_record(record_type, path, records)
        return problems

    def read_record(self, record_type: types.RecordType, path: Path, records: list[Record]) -> list[Problem]:
        """One record's file: its problems; the record is added to ``records`` if it is a mapping."""
        loaded = self.read(path)
        if loaded.value is None:
            return loaded.problems
        shown = self.shown(path)
        found = schema.check(record_type.key, loaded, shown)
        reported = {p.field for p in found}
        todo = schema.placeholders(record_type.key, loaded.value) if path in self.unfinished else ()
        problems = loaded.problems + found + [Problem(shown, loaded.line(sub), field_name(sub), message)
                                             for sub, message in todo if field_name(sub) not in reported]
        if not isinstance(loaded.value, dict):
            return problems
        record = Record(record_type.key, shown, loaded)
        records.append(record)
        if record.id is not None and record.id != path.stem:
            problems.append(record.problem(("id",), f"is '{record.id}' but the file is {path.name}; expected the id "
                                                    f"to equal the file name, '{path.stem}'"))
        return problems


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
            out.append(Problem(path, rest[0].line, "(file)", f"has {len(rest)} more problems, not shown; "
                                                             "expected a record: fix the ones above first"))
    return out


def quote_lock_entries(raw: RawData) -> set[tuple[str, str, str]]:
    """The lock's entries for data loaded with the archive present: every quote, verified."""
    cites = [(c["source"], c["quote"]) for r in raw.of(types.EVENT.key) for c in r.data["sources"]
             if isinstance(c, dict) and isinstance(c.get("quote"), str)]
    return set(raw.quotes.entries(cites))


def quote_lock_text(raw: RawData) -> str:
    """data/quotes.lock for data loaded with the archive present."""
    return lock_text(quote_lock_entries(raw))
