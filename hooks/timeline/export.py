"""Open data: every record as downloads under /data/, written by the same build as the pages.

- ``events.json``, ``sources.json``, ``actors.json``, ``topics.json``, ``eras.json``: each record
  with every field (absent optional ones as ``null`` or ``[]``) and its derived fields (page
  address, the events that cite or name it; for events: display date, start and end at their
  precision, earliest and latest day, era, sort key). Each file names its JSON Schema, published
  beside it as ``<name>.schema.json`` and made here from the record schemas in docs/schema/, so
  the two cannot drift.
- ``events.csv``: one row per event, lists flattened (``CSV_COLUMNS`` says how).
- ``events.ics``: one all-day VEVENT per event over the whole period its date stands for.
- ``timeline.json``: TimelineJS's JSON format.

Pure functions of the model; no MkDocs import. The date of the data is the model's
``data_date`` (from the sources), never the clock: the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from urllib.parse import urlsplit

from . import dates, markup, schema, types
from .model import Event, Site

FOLDER = "data"  # the downloads' folder in the site: /data/
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Download name (events.json …) -> the record type, in the order the Data page lists them
RECORDS = {t.plural: t for t in (types.EVENT, types.SOURCE, types.ACTOR, types.TOPIC, types.ERA)}
DATE_COLUMNS = ("date", "display_date", "start", "end", "earliest", "latest")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Publication:
    """Where and under what name the site is published (from mkdocs.yml and SITE_URL)."""

    name: str = ""
    url: str = ""  # the published address; '' when not known (a preview build)
    repo_url: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if self.url and not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    def absolute(self, path: str) -> str | None:
        """The absolute address of a path under the site's root, or None when not known."""
        return self.url + path if self.url else None

    def address(self, path: str) -> str:
        """The absolute address where known, else the path under the site's root."""
        return self.url + path if self.url else path


@dataclass(frozen=True)
class Download:
    name: str  # file name under /data/
    content: str
    title: str  # what it holds, for the Data page

    @property
    def size(self) -> int:
        return len(self.content.encode("utf-8"))


def page_path(folder: str, ident: str) -> str:
    return f"{folder}/{ident}/"


# -- dates ---------------------------------------------------------------------------------
def plain(d: dates.SimpleDate) -> str:
    """EDTF of a date at its precision, without its qualifier: '2008-04', '1999', '199X'."""
    return d.edtf().rstrip("~?")


def end_of(d: dates.EventDate) -> dates.SimpleDate | None:
    """The last part of a date: the end of an interval, the date itself, None when open."""
    return None if d.open_end else (d.end or d.start)


def date_fields(d: dates.EventDate) -> dict:
    end = end_of(d)
    parts = [d.start] + ([d.end] if d.end else [])
    return {
        "display_date": d.display(),
        "start": plain(d.start),
        "end": plain(end) if end else None,
        "precision": d.start.precision,
        "end_precision": end.precision if end else None,
        "earliest": d.start.earliest.isoformat(),
        "latest": end.latest.isoformat() if end else None,
        "approximate": any(p.qualifier == "~" for p in parts),
        "uncertain": any(p.qualifier == "?" for p in parts),
        "open_end": d.open_end,
    }


# -- records -------------------------------------------------------------------------------
def event_record(e: Event, position: int, pub: Publication) -> dict:
    path = page_path("events", e.id)
    return {
        "id": e.id, "title": e.title, "date": e.date.edtf(), "kind": e.kind, "summary": e.summary,
        "body": e.body, "topics": list(e.topics), "actors": list(e.actors), "accessions": list(e.accessions),
        "related": [{"type": link.type, "event": link.event} for link in e.related],
        "sources": [{"source": c.source, "quote": c.quote, "supports": list(c.supports)} for c in e.sources],
        "notes": [{"type": n.type, "text": n.text, "sources": list(n.sources)} for n in e.notes],
        **date_fields(e.date),
        "era": e.era, "sort_key": position, "page": path, "page_url": pub.absolute(path),
    }


def _fields(name: str, r) -> dict:
    if name == "sources":
        return {"id": r.id, "title": r.title, "publisher": r.publisher, "author": r.author,
                "published": r.published.edtf() if r.published else None, "url": r.url,
                "archive": r.archive, "nature": r.nature, "speaks_for": r.speaks_for, "quotable": r.quotable,
                "copy_of": r.copy_of, "reliability": r.reliability, "not_cited": r.not_cited}
    if name == "actors":
        return {"id": r.id, "name": r.name, "type": r.type, "description": r.description}
    if name == "topics":
        return {"id": r.id, "title": r.title, "summary": r.summary, "body": r.body}
    return {"id": r.id, "title": r.title, "start": r.start.edtf(), "end": r.end.edtf(), "summary": r.summary,
            "key_events": list(r.key_events), "display_date": r.display(),
            "earliest": r.start.start.earliest.isoformat(), "latest": r.end.start.latest.isoformat()}


def records(name: str, site: Site, pub: Publication) -> list[dict]:
    record_type = RECORDS[name]
    if record_type is types.EVENT:  # the events, which link to the others
        return [event_record(e, i, pub) for i, e in enumerate(site.events)]
    links = site.events_of(record_type)
    out = []
    for r in site.of(record_type):
        path = page_path(record_type.page_folder, r.id)
        out.append({**_fields(name, r), "events": [e.id for e in links[r.id]],
                    "page": path, "page_url": pub.absolute(path)})
    return out


def document(name: str, site: Site, pub: Publication, made: list[dict] | None = None) -> dict:
    """A download: its schema, the date of the data, the licence, then the records (``made``
    when they were made already)."""
    return {
        "$schema": pub.absolute(f"{FOLDER}/{name}.schema.json") or f"{name}.schema.json",
        "title": f"{pub.name}: {name}" if pub.name else name,
        "data_date": site.data_date.edtf() if site.data_date else None,
        "licence": LICENCE_URL,
        name: records(name, site, pub) if made is None else made,
    }


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


# -- the published schemas -----------------------------------------------------------------
_PAGE = {
    "page": {"description": "Address of the record's page, relative to the site's root.", "type": "string"},
    "page_url": {"description": "Absolute address of the record's page; null in a build without a published "
                                "address (SITE_URL).",
                 "type": ["string", "null"], "format": "uri"},
}
_BACKLINKS = {"events": {"description": "Ids of the events that cite or name this record, in chronological order.",
                         "type": "array", "items": {"type": "string"}}}
_DAY = {"type": "string", "format": "date"}
_DATE_FIELDS = {
    "display_date": {"description": "The date as the site shows it, e.g. 'April 2008', 'c. 1990', '7–12 August 2008'.",
                     "type": "string"},
    "start": {"description": "Start of the date at its own precision, without ~ or ? (EDTF): '2008-04' is a month, "
                             "'2008' a year, '199X' a decade.",
              "type": "string"},
    "end": {"description": "End at its own precision, as 'start'; the date itself for a single date; null when still "
                           "going on (open end).",
            "type": ["string", "null"]},
    "precision": {"description": "Precision of the start.", "type": "string",
                  "enum": ["day", "month", "year", "decade"]},
    "end_precision": {"description": "Precision of the end; null when open.", "type": ["string", "null"],
                      "enum": ["day", "month", "year", "decade", None]},
    "earliest": {**_DAY, "description": "First day the date can mean (YYYY-MM-DD): a bound, not a claim that it "
                                        "happened that day."},
    "latest": {"type": ["string", "null"], "format": "date",
               "description": "Last day the date can mean (YYYY-MM-DD); null when open."},
    "approximate": {"description": "true when the date is approximate (~).", "type": "boolean"},
    "uncertain": {"description": "true when the date is uncertain (?).", "type": "boolean"},
    "open_end": {"description": "true when it was still going on when the sources end ('START/..').",
                 "type": "boolean"},
}
_EVENT_FIELDS = {
    **_DATE_FIELDS,
    "era": {"description": "Id of the era that contains the start (eras.json).", "type": "string"},
    "sort_key": {"description": "Position in chronological order, from 0: earliest start first, a coarser date "
                                "before the finer ones it contains.",
                 "type": "integer", "minimum": 0},
}
_ERA_FIELDS = {k: _DATE_FIELDS[k] for k in ("display_date", "earliest", "latest")}
DERIVED = {
    "events": {**_EVENT_FIELDS, **_PAGE},
    "sources": {**_BACKLINKS, **_PAGE},
    "actors": {**_BACKLINKS, **_PAGE},
    "topics": {**_BACKLINKS, **_PAGE},
    "eras": {**_ERA_FIELDS, **_BACKLINKS, **_PAGE},
}


def _published(node):
    """A record schema as published for the downloads: editor-only keys (x-…) dropped, every
    field present (absent optional lists as [], other absent fields as null)."""
    if isinstance(node, list):
        return [_published(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _published(v) for k, v in node.items()
           if not k.startswith("x-") and k not in ("$schema", "$id", "examples")}
    if out.get("type") == "object" and "properties" in out:
        required = set(out.get("required", []))
        for key, prop in out["properties"].items():
            if key not in required and prop.get("type") == "array":
                prop.pop("minItems", None)  # an absent optional list is written as []
            elif key not in required and prop.get("type") != "boolean":
                prop["type"] = [prop["type"], "null"]
                if "oneOf" in prop:
                    prop["oneOf"] = prop["oneOf"] + [{"const": None}]
                if "enum" in prop:
                    prop["enum"] = prop["enum"] + [None]
        out["required"] = list(out["properties"])
    return out


@cache
def download_schema_text(name: str) -> str:
    """The JSON Schema of a download, as published beside it (``<name>.schema.json``)."""
    source_schema = schema.load_schema(RECORDS[name].key)
    item = _published(source_schema["items"] if source_schema.get("type") == "array" else source_schema)
    item["properties"].update(DERIVED[name])
    item["required"] = list(item["properties"])
    order = "chronological" if name == "events" else "as in data/"
    description = (f"The {name} download: every record ({source_schema['title']}) with its derived fields. "
                   f"{source_schema.get('description', '')}")
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        "title": f"{name}.json",
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "title", "data_date", "licence", name],
        "properties": {
            "$schema": {"description": "Address of this schema.", "type": "string"},
            "title": {"description": "The site's name and what the file holds.", "type": "string"},
            "data_date": {"description": "Date of the data (EDTF, at its precision): the publication date of the "
                                         "newest source; null when none is known.",
                          "type": ["string", "null"]},
            "licence": {"description": "The licence of the data (not of the sources' texts).", "type": "string",
                        "format": "uri"},
            name: {"description": f"The records, in the order of the site ({order}).",
                   "type": "array", "items": item},
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def download_schema(name: str) -> dict:
    return json.loads(download_schema_text(name))


# -- CSV -----------------------------------------------------------------------------------
# (column, how a list is flattened into it; '' for a single value as in events.json)
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", ""), ("title", ""), ("date", ""), ("display_date", ""), ("start", ""), ("end", ""),
    ("precision", ""), ("end_precision", ""), ("earliest", ""), ("latest", ""), ("approximate", ""),
    ("uncertain", ""), ("open_end", ""), ("kind", ""), ("era", ""), ("summary", ""),
    ("topics", "ids joined by '; '"), ("actors", "ids joined by '; '"), ("accessions", "ids joined by '; '"),
    ("related", "'TYPE EVENT' pairs joined by '; ', e.g. 'leads-to russo-georgian-war-2008'"),
    ("sources", "source ids in citation order, joined by '; '"),
    ("quotes", "the quotes in the order of 'sources', one per line"),
    ("notes", "note types joined by '; ' (the texts are in events.json)"),
    ("sort_key", ""), ("page", ""), ("page_url", ""),
)


def neutralise(column: str, text: str) -> str:
    """A leading apostrophe keeps a spreadsheet from reading a cell as a formula (=, +, -, @,
    tab, carriage return: formula injection) or a date cell as a date value."""
    if text and (column in DATE_COLUMNS or text.startswith(_FORMULA_START)):
        return "'" + text
    return text


def csv_row(record: dict) -> list[str]:
    flat = {
        **record,
        "related": [f"{r['type']} {r['event']}" for r in record["related"]],
        "sources": [c["source"] for c in record["sources"]],
        "quotes": [" ".join(c["quote"].split()) for c in record["sources"]],
        "notes": [n["type"] for n in record["notes"]],
    }
    row = []
    for column, _ in CSV_COLUMNS:
        value = flat[column]
        if isinstance(value, list):
            text = ("\n" if column == "quotes" else "; ").join(value)
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = "" if value is None else " ".join(str(value).split())
        row.append(neutralise(column, text))
    return row


def events_csv(site: Site, pub: Publication, made: list[dict] | None = None) -> str:
    """UTF-8 with a byte-order mark (so that spreadsheets read it as UTF-8), a header row and
    CRLF line ends (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c for c, _ in CSV_COLUMNS])
    writer.writerows(csv_row(r) for r in (records("events", site, pub) if made is None else made))
    return "\ufeff" + out.getvalue()


# -- iCalendar (RFC 5545) ------------------------------------------------------------------
def ics_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> Iterator[str]:
    """A content line cut into lines of at most 75 octets, never inside a UTF-8 character;
    each continuation starts with a space."""
    if len(line) <= 75 and len(line.encode("utf-8")) <= 75:
        yield line  # most lines: nothing to fold
        return
    if line.isascii():  # one octet a character: cut by slicing
        yield line[:75]
        for start in range(75, len(line), 74):
            yield " " + line[start:start + 74]
        return
    limit, size = 75, 0
    chunk: list[str] = []
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            yield "".join(chunk)
            chunk, size, limit = [" "], 1, 75
        chunk.append(ch)
        size += n
    yield "".join(chunk)


def precision_note(d: dates.EventDate) -> str:
    """What the calendar entry's span means, in words."""
    notes = []
    end = end_of(d)
    coarse = [p.precision for p in (d.start, end) if p is not None and p.precision != "day"]
    if coarse:
        which = " and ".join(dict.fromkeys(coarse))
        notes.append(f"The sources give the {which}, not the day: this entry spans the whole {which}"
                     + (" of its start and end, and every day between." if d.end else "."))
    if d.open_end:
        notes.append("Still going on when the sources end: this entry covers only its start.")
    parts = [d.start] + ([d.end] if d.end else [])
    if any(p.qualifier == "~" for p in parts):
        notes.append("The date is approximate.")
    if any(p.qualifier == "?" for p in parts):
        notes.append("The date is uncertain.")
    return " ".join(notes)


def vevent(e: Event, stamp: str, uid_domain: str, kind_title: str, pub: Publication) -> list[str]:
    start = e.date.start.earliest
    end = (end_of(e.date) or e.date.start).latest + timedelta(days=1)  # DTEND is exclusive
    path = page_path("events", e.id)
    qualifier = ("approximate" if "~" in e.date.edtf() else "") or ("uncertain" if "?" in e.date.edtf() else "")
    summary = e.title + (f" (date {qualifier})" if qualifier else "")
    description = "\n\n".join(filter(None, [f"{e.date.display()}. {precision_note(e.date)}".strip(),
                                            e.summary, pub.address(path)]))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{e.id}@{uid_domain}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{ics_text(summary)}",
        f"DESCRIPTION:{ics_text(description)}",
        f"CATEGORIES:{ics_text(kind_title)}",
        "TRANSP:TRANSPARENT",
    ]
    if pub.absolute(path):
        lines.append(f"URL;VALUE=URI:{pub.absolute(path)}")
    return lines + ["END:VEVENT"]


def events_ics(site: Site, pub: Publication) -> str:
    when = site.data_date
    stamp = f"{(end_of(when) or when.start).latest:%Y%m%d}T000000Z" if when else "19700101T000000Z"
    domain = urlsplit(pub.url).hostname or "timeline.invalid"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{ics_text(pub.name or 'timeline')}//open data//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if pub.name:
        lines.append(f"X-WR-CALNAME:{ics_text(pub.name)}")
    for e in site.events:
        lines += vevent(e, stamp, domain, site.kind[e.kind].title, pub)
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in fold(line))


# -- TimelineJS ----------------------------------------------------------------------------
def tl_date(d: dates.SimpleDate, *, last: bool = False) -> dict:
    """A TimelineJS date object at the date's own precision: year, then month and day only
    where known. A decade is its first year (or, as an end, its last)."""
    if d.decade:
        return {"year": d.year + 9 if last else d.year}
    out = {"year": d.year}
    if d.month is not None:
        out["month"] = d.month
    if d.day is not None:
        out["day"] = d.day
    return out


def tl_slide(e: Event, site: Site, pub: Publication) -> dict:
    path = page_path("events", e.id)
    link = pub.absolute(path) or f"../{path}"  # relative to /data/timeline.json
    slide: dict[str, object] = {"unique_id": e.id, "start_date": tl_date(e.date.start)}
    if e.date.end is not None:
        slide["end_date"] = tl_date(e.date.end, last=True)
    elif e.date.start.decade:
        slide["end_date"] = tl_date(e.date.start, last=True)
    slide["display_date"] = e.date.display()
    slide["text"] = {
        "headline": markup.html_escape(e.title),
        "text": f'<p>{markup.html_escape(e.summary)}</p><p><a href="{markup.html_escape(link)}">'
                "The entry, with its sources</a></p>",
    }
    slide["group"] = site.kind[e.kind].title
    slide["autolink"] = False
    return slide


def timeline_js(site: Site, pub: Publication) -> dict:
    events = site.events
    span = f"{len(events)} events, {events[0].date.display()} to {events[-1].date.display()}." if events else ""
    when = f"Data of {site.data_date.display()}." if site.data_date else ""
    about = " ".join(filter(None, [pub.description, span, when]))
    return {
        "title": {"text": {"headline": markup.html_escape(pub.name), "text": markup.html_escape(about)}},
        "eras": [{"start_date": tl_date(era.start.start), "end_date": tl_date(era.end.start, last=True),
                  "text": {"headline": markup.html_escape(era.title)}} for era in site.eras],
        "events": [tl_slide(e, site, pub) for e in site.events],
    }


# -- all of them ---------------------------------------------------------------------------
TITLES = {
    "events": "Every event with its dates, citations and derived fields",
    "sources": "The sources: title, publisher, date, original address, reliability",
    "actors": "Countries, organisations and people",
    "topics": "Topics, with their introductions",
    "eras": "Eras, with their periods",
}


def downloads(site: Site, pub: Publication) -> list[Download]:
    """Every file under /data/, in the order the Data page lists them."""
    out = []
    events = records("events", site, pub)  # made once for events.json and events.csv
    for name in RECORDS:
        made = events if name == "events" else None
        out.append(Download(f"{name}.json", to_json(document(name, site, pub, made)), TITLES[name]))
        out.append(Download(f"{name}.schema.json", download_schema_text(name), f"JSON Schema of {name}.json"))
    out.append(Download("events.csv", events_csv(site, pub, events), "One row per event, for spreadsheets"))
    out.append(Download("events.ics", events_ics(site, pub), "One calendar entry per event (iCalendar)"))
    out.append(Download("timeline.json", to_json(timeline_js(site, pub)), "The timeline in TimelineJS's format"))
    return out
