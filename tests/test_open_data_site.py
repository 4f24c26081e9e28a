"""Open data in a real build: the downloads beside the pages they point to, JSON-LD and
canonical addresses on the pages, the sitemap, the Data page and the footer link to it."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conftest import ROOT, SHARED_SOURCES, SITE_URL
from timeline import cite, export
from timeline.load import load
from timeline.model import build

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def model():
    return build(load(ROOT / "data", sources_dir=SHARED_SOURCES if SHARED_SOURCES.is_dir() else None))


class Head(html.parser.HTMLParser):
    """The JSON-LD scripts, the canonical link and every link's href of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.json_ld: list[str] = []
        self.canonical: str | None = None
        self.hrefs: list[str] = []
        self.codes: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "ld"
            self.json_ld.append("")
        elif tag == "code":
            self._in = "code"
            self.codes.append("")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])

    def handle_data(self, data):
        if self._in == "ld":
            self.json_ld[-1] += data
        elif self._in == "code":
            self.codes[-1] += data

    def handle_endtag(self, tag):
        if tag in ("script", "code"):
            self._in = None


def read(page: Path) -> Head:
    head = Head()
    head.feed(page.read_text(encoding="utf-8"))
    return head


def test_events_json_has_one_entry_per_record_each_pointing_to_a_built_page(real_site):
    folder = real_site / "data"
    doc = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    schema = json.loads((folder / "events.schema.json").read_text(encoding="utf-8"))  # as published
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(doc)
    files = sorted(p.stem for p in (ROOT / "data" / "events").glob("*.yaml"))
    assert sorted(e["id"] for e in doc["events"]) == files  # exactly one entry per record file
    for name in export.RECORDS:
        records = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))[name]
        for r in records:
            assert (real_site / r["page"] / "index.html").is_file(), r["page"]
            assert r["page_url"] == SITE_URL + r["page"]
    assert doc["$schema"] == SITE_URL + "data/events.schema.json"


def test_the_other_downloads_hold_every_event(real_site, model):
    folder = real_site / "data"
    calendar = icalendar.Calendar.from_ical((folder / "events.ics").read_bytes())
    assert sorted(str(v["UID"]).split("@")[0] for v in calendar.walk("VEVENT")) == sorted(e.id for e in model.events)
    rows = list(csv.DictReader(io.StringIO((folder / "events.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == [e.id for e in model.events]
    timeline = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))
    assert [s["unique_id"] for s in timeline["events"]] == [e.id for e in model.events]


def test_every_event_page_names_its_dates_in_json_ld_and_its_canonical_address(real_site, model):
    for e in model.events:
        head = read(real_site / "events" / e.id / "index.html")
        address = f"{SITE_URL}events/{e.id}/"
        assert head.canonical == address
        assert len(head.json_ld) == 1
        data = json.loads(head.json_ld[0])
        assert data["@context"] == "https://schema.org" and data["name"] == e.title
        assert data["sameAs"] == address
        start = cite.iso(e.date.start)
        if data["@type"] == "Event":
            assert data["startDate"] == start
            end = export.end_of(e.date)
            assert data.get("endDate") == (cite.iso(end, last=True) if end else None)
            cited = data["subjectOf"]["citation"]
        else:
            assert data["@type"] == "CreativeWork" and data["dateCreated"] == start
            cited = data["citation"]
        assert [c["name"] for c in cited] == [model.source[s].title for s in dict.fromkeys(c.source for c in e.sources)]


def test_sitemap_lists_every_page_at_its_canonical_address(real_site):
    tree = ET.parse(real_site / "sitemap.xml")
    locs = {el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = set()
    for page in real_site.rglob("index.html"):
        folder = page.parent.relative_to(real_site).as_posix()
        pages.add(SITE_URL if folder == "." else f"{SITE_URL}{folder}/")
    assert pages and pages == locs
    assert read(real_site / "about" / "data" / "index.html").canonical == SITE_URL + "about/data/"


def test_every_page_links_to_the_data_page_from_its_footer(real_site):
    for page in [real_site / "index.html", real_site / "events" / next((real_site / "events").iterdir()).name / "index.html",
                 real_site / "timeline" / "index.html", real_site / "404.html"]:
        text = page.read_text(encoding="utf-8")
        footer = text[text.index('class="md-footer'):]
        assert "about/data/" in footer, page


def test_data_page_lists_every_download_and_every_field_of_their_schemas(real_site, model):
    page = real_site / "about" / "data" / "index.html"
    head = read(page)
    for name in [d.name for d in export.downloads(model, export.Publication())]:
        assert f"../../data/{name}" in head.hrefs and (real_site / "data" / name).is_file()
    for name in export.RECORDS:
        schema = json.loads((real_site / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))
        for field in schema["properties"][name]["items"]["properties"]:
            assert field in head.codes, (name, field)
    for column, _ in export.CSV_COLUMNS:
        assert column in head.codes
    text = page.read_text(encoding="utf-8")
    assert model.data_date.display() in text and export.LICENCE_URL in head.hrefs
    assert 'id="report-an-error"' in text and "../licence/" in head.hrefs
