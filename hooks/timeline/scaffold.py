"""A new event's skeleton: ``python3 scripts/dev.py new event "Title" --date 2008-04 --kind summit``.

The file has every required field, with the given title, date, kind (and source), and
placeholders (``TODO…``) where only a person can write: the summary, the topics and the
quote. The validator names each placeholder with its line and what belongs there, so the
next step is to run it and fill in what it lists. Nothing is asked interactively; an id that
is taken is refused, never overwritten.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from . import dates, schema
from .problems import did_you_mean
from .yamlload import load_text

PLACEHOLDER = "TODO"
MAX_ID = 60


class ScaffoldError(ValueError):
    """The arguments cannot make a record; the message says what to change."""


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PLACEHOLDER)


def slug(text: str) -> str:
    """'Bucharest summit: Georgia & Ukraine' -> 'bucharest-summit-georgia-ukraine'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > MAX_ID:
            break
        out = f"{out}-{word}" if out else word
    return out


def event_id(title: str, date: str) -> str:
    """The title's slug, ending with the year (as the ids in data/events/ do)."""
    base = slug(title)
    start = dates.parse(date).start
    year = f"{start.year}s" if start.decade else str(start.year)
    if not base:
        raise ScaffoldError(f"the title {title!r} has no letters or digits to make an id from; pass --id")
    return base if base.endswith(year) else f"{base}-{year}"


def _known_sources(data: Path) -> list[str]:
    table = data / "sources.yaml"
    value = load_text(table.read_bytes(), "sources.yaml").value if table.is_file() else None
    return [s["id"] for s in value or [] if isinstance(s, dict) and isinstance(s.get("id"), str)]


def skeleton(ident: str, title: str, date: str, kind: str, source: str | None) -> str:
    quote = schema.load_schema("event")["properties"]["sources"]["items"]["properties"]["quote"]
    return "\n".join([
        "# yaml-language-server: $schema=../../docs/schema/event.schema.json",
        f"id: {ident}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f'date: "{date}"',
        f"kind: {kind}",
        "summary: >-",
        f"  {PLACEHOLDER}: one to three sentences in your own words, plain text.",
        f"topics: [{PLACEHOLDER}]          # topic ids from data/topics/; your editor lists them",
        "actors: []              # actor ids from data/actors.yaml: every country, organisation, person named",
        "sources:",
        f"  - source: {source or PLACEHOLDER}" + ("" if source else "    # a source id from data/sources.yaml"),
        f'    quote: "{PLACEHOLDER}: {quote["x-expected"]}, copied from the archived copy"',
        "",
    ])


def new_event(data: Path, title: str, date: str, kind: str, source: str | None = None,
              ident: str | None = None) -> Path:
    """Write data/events/<id>.yaml; return its path. Raises ScaffoldError, writing nothing."""
    title = " ".join(title.split())
    if not 3 <= len(title) <= 140:
        raise ScaffoldError(f"the title has {len(title)} characters; expected 3 to 140")
    try:
        dates.parse(date)
    except dates.DateError as exc:
        raise ScaffoldError(f"--date {exc}") from None
    kinds = [k["id"] for k in schema.event_kinds()]
    if kind not in kinds:
        raise ScaffoldError(f"--kind '{kind}' is not a kind{did_you_mean(kind, kinds)}; "
                            f"expected one of: {', '.join(kinds)}")
    if source is not None:
        known = _known_sources(data)
        if source not in known:
            raise ScaffoldError(f"--source '{source}' is not in data/sources.yaml{did_you_mean(source, known)}")
    ident = ident or event_id(title, date)
    if not re.fullmatch(schema.load_schema("event")["properties"]["id"]["pattern"], ident):
        raise ScaffoldError(f"--id '{ident}' is not kebab-case; expected e.g. 'bucharest-summit-2008'")
    path = data / "events" / f"{ident}.yaml"
    try:
        with open(path, "x", encoding="utf-8") as out:  # "x": never overwrite
            out.write(skeleton(ident, title, date, kind, source))
    except FileExistsError:
        raise ScaffoldError(f"{path.name} already exists in data/events/; pick another title or pass --id") from None
    return path
