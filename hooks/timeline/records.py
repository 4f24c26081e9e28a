"""The loaded records: plain values with the place each came from, before the model.

``load.load`` fills a ``RawData``; the cross-record rules (``rules``) add what they work out
once for everyone: each date field parsed (``Record.parsed``) and each event's era
(``Record.era``), which the model takes as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import EventDate
from .problems import Problem, field_name
from .quotes import QuoteCheck
from .yamlload import Loaded


@dataclass
class Record:
    """One record and where it came from: a whole file, or item ``prefix`` of a table file."""

    type: str  # its record type's key (types.BY_KEY)
    file: str
    loaded: Loaded
    prefix: tuple = ()
    parsed: dict[str, EventDate] = field(default_factory=dict)  # date field -> its valid date
    era: str | None = None  # an event's era
    # Looked up once, as every rule reads them: the record's fields, and its id (None unless text)
    data: dict[str, Any] = field(init=False, repr=False)
    id: str | None = field(init=False)

    def __post_init__(self) -> None:
        value = self.loaded.value
        for part in self.prefix:
            value = value[part]
        self.data = value
        ident = value.get("id")
        self.id = ident if isinstance(ident, str) else None

    def line(self, *path) -> int:
        return self.loaded.line(self.prefix + path)

    def problem(self, path: tuple, message: str) -> Problem:
        return Problem(self.file, self.line(*path), field_name(self.prefix + path), message)


@dataclass
class RawData:
    """Validated records, in file order (events and topics sorted by file name)."""

    root: Path
    quotes: QuoteCheck  # the quote check: the archived texts, or the lock
    sources_dir: Path | None = None
    records: dict[str, list[Record]] = field(default_factory=dict)  # type key -> records
    # Quotes without a lock entry, when the archive is absent and the lock was not required
    unverified: list[Problem] = field(default_factory=list)

    def of(self, type_: str) -> list[Record]:
        return self.records.get(type_, [])
