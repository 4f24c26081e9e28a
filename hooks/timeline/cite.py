"""How to cite an event's page, and what machines read on it.

- ``citation``: a formatted reference (site, title, date of the data, permanent address, the
  date accessed left for the reader), BibTeX and CSL-JSON.
- ``json_ld``: schema.org JSON-LD: an ``Event`` (or a ``CreativeWork`` for kinds marked so in
  the schema, such as statements) with its dates at their precision, its citations and its
  page's address as ``sameAs``.

Pure functions of the model; no MkDocs import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import dates, markup
from .export import Publication, end_of, page_path, plain
from .model import Event, Site

_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
        "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIB_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


@dataclass(frozen=True)
class Citation:
    text: str  # plain text; the template escapes it
    bibtex: str
    csl_json: str


def tex(value: str) -> str:
    """Plain text for a BibTeX field: TeX's special characters escaped, braces balanced."""
    return "".join(_TEX.get(ch, ch) for ch in " ".join(value.split()))


def date_parts(d: dates.SimpleDate, *, last: bool = False) -> list[int]:
    """CSL date-parts at the date's precision: [year], [year, month] or [year, month, day]; a
    decade is its first (or last) year."""
    if d.decade:
        return [d.year + 9 if last else d.year]
    return [p for p in (d.year, d.month, d.day) if p is not None]


def csl_date(d: dates.EventDate) -> dict:
    parts = [date_parts(d.start)]
    end = end_of(d)
    if end is not None and (d.end is not None or d.start.decade):
        parts.append(date_parts(end, last=True))
    out: dict = {"date-parts": parts}
    if any(p.qualifier for p in (d.start, d.end) if p is not None):
        out["circa"] = True
    return out


def citation(e: Event, site: Site, pub: Publication) -> Citation:
    path = page_path("events", e.id)
    address = pub.address(path)
    data = site.data_date
    of_data = f"Data of {data.display()}" if data else "Undated data"
    title = e.title if e.title.endswith((".", "?", "!")) else e.title + "."
    text = " ".join(filter(None, [f"“{title}”", f"{pub.name}." if pub.name else "", f"{of_data}.",
                                  f"{address}.", "Accessed [date]."]))
    fields = [("title", "{" + tex(e.title) + "}")]
    if pub.name:
        fields.append(("howpublished", tex(pub.name)))
    note = f"Event dated {e.date.display()}"
    bib_month = None
    if data:
        fields.append(("year", str(data.start.year)))
        if data.start.month is not None and not data.start.decade:
            bib_month = _BIB_MONTHS[data.start.month - 1]
        note += f". {of_data}"
    url = pub.absolute(path)
    if url:
        fields.append(("url", url.replace("{", "%7B").replace("}", "%7D")))
    fields.append(("note", tex(note)))
    lines = [f"  {key} = {{{value}}}," for key, value in fields]
    if bib_month:
        lines.insert(-1, f"  month = {bib_month},")
    bibtex = f"@misc{{{e.id},\n" + "\n".join(lines).rstrip(",") + "\n}\n"
    item: dict = {"id": e.id, "type": "webpage", "title": e.title}
    if pub.name:
        item["container-title"] = pub.name
    if data:
        item["issued"] = {"date-parts": [date_parts(data.start)]}
    item["event-date"] = csl_date(e.date)
    if url:
        item["URL"] = url
    item["note"] = note
    # One field a line, each value on its line (date-parts stay readable: [[2008, 4]]).
    members = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in item.items())
    csl = "[\n  {\n" + members + "\n  }\n]\n"
    return Citation(text, bibtex, csl)


def iso(d: dates.SimpleDate, *, last: bool = False) -> str:
    """ISO 8601 at the date's precision ('2008', '2008-04', '2008-04-03'); a decade is its
    first (or last) year, which ISO 8601 can write."""
    if d.decade:
        return str(d.year + 9 if last else d.year)
    return plain(d)


def _cited(e: Event, site: Site) -> list[dict]:
    out = []
    for s in dict.fromkeys(c.source for c in e.sources):
        source = site.source[s]
        work = {"@type": "CreativeWork", "name": source.title,
                "publisher": {"@type": "Organization", "name": source.publisher}}
        if source.author:
            work["author"] = source.author
        if source.published:
            work["datePublished"] = iso(source.published.start)
        if source.url and markup.is_safe_url(source.url):
            work["url"] = source.url
        out.append(work)
    return out


def json_ld_data(e: Event, site: Site, pub: Publication) -> dict:
    """An ``Event`` whose page (``subjectOf``, a WebPage) cites the sources; or, for kinds marked
    ``CreativeWork`` in the schema (statements and the like), the work itself cites them."""
    url = pub.absolute(page_path("events", e.id))
    kind = site.kind[e.kind]
    start, end = e.date.start, end_of(e.date)
    thing: dict = {"@context": "https://schema.org", "@type": kind.schema_org, "name": e.title,
                   "description": e.summary}
    if kind.schema_org == "Event":
        thing["startDate"] = iso(start)
        if end is not None:
            thing["endDate"] = iso(end, last=True)
    else:  # a statement, speech or interview: a work made then, about that time
        thing["dateCreated"] = iso(start)
        spans = e.date.is_interval or start.decade
        thing["temporalCoverage"] = f"{iso(start)}/{iso(end, last=True) if end else '..'}" if spans else iso(start)
    thing["keywords"] = kind.title
    if url:
        thing["url"] = thing["sameAs"] = url
    site_node = {"@type": "WebSite", "name": pub.name, **({"url": pub.url} if pub.url else {})} if pub.name else None
    if kind.schema_org == "Event":
        page = {"@type": "WebPage", **({"@id": url, "url": url} if url else {}), "name": e.title,
                **({"isPartOf": site_node} if site_node else {}), "citation": _cited(e, site)}
        thing["subjectOf"] = page
    else:
        if site_node:
            thing["isPartOf"] = site_node
        thing["citation"] = _cited(e, site)
    return thing


def json_ld(e: Event, site: Site, pub: Publication) -> str:
    """The JSON-LD as text that is safe inside <script>: '<', '>' and '&' are escaped."""
    text = json.dumps(json_ld_data(e, site, pub), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
