"""The pictures' geometry and the search index's trimming, without a build."""

from __future__ import annotations

from conftest import FIXTURES
from timeline import chart, schema
from timeline.load import load
from timeline.model import build
from timeline.render import Renderer
from timeline.searchindex import slim


def site_of(fixture_sources):
    return build(load(FIXTURES / "data", sources_dir=fixture_sources))


def test_every_kind_has_a_shape():
    assert {k["id"] for k in schema.event_kinds()} == set(chart.FAMILY_OF)
    assert len({shape for _, shape, _, _ in chart.FAMILIES}) == len(chart.FAMILIES)


def test_relative_addresses_between_pages():
    assert chart.href("events/x.md", "index.md") == "events/x/"
    assert chart.href("events/x.md", "timeline/1990s.md") == "../../events/x/"
    assert chart.href("timeline/1990s.md", "timeline/1990s/2.md", "y1995") == "../#y1995"
    assert chart.href("timeline/1990s.md", "timeline/1990s.md", "y1995") == "./#y1995"
    assert chart.href("eras/early.md", "membership.md") == "../eras/early/"


def test_timeline_marks_every_event_in_its_column(fixture_sources):
    site = site_of(fixture_sources)
    scale = chart.Scale(1949, 2021, per_year=10, column=1, pitch=10, max_stack=2, tick_every=10)
    t = chart.timeline(site.events, scale, site.eras, event_href=lambda e: e.id, era_href=lambda e: e.id,
                       column_href=lambda y: f"y{y}", label=lambda e: e.title)
    assert [m.href for m in t.marks] == ["founding-1949", "talks-1990s", "summit-2008", "war-2008"]
    xs = {m.href: m.x for m in t.marks}
    assert xs["summit-2008"] == xs["war-2008"] == scale.x(2008.5)  # one column per year
    assert {m.href: m.vague for m in t.marks} == {"founding-1949": True, "talks-1990s": True,
                                                  "summit-2008": False, "war-2008": False}
    assert [b.title for b in t.bands] == ["Early years", "Later years"]
    assert [k.label for k in t.ticks] == [str(y) for y in range(1950, 2021, 10)]
    # A full column shows all but one mark and a '+N' link to the rest.
    tight = chart.Scale(2000, 2009, per_year=10, column=10, pitch=10, max_stack=1, tick_every=1)
    t = chart.timeline(site.events, tight, site.eras, event_href=lambda e: e.id, era_href=lambda e: e.id,
                       column_href=lambda y: f"y{y}", label=lambda e: e.title)
    assert t.marks == () and [(text, href) for _, _, text, href in t.more] == [("+2", "y2000")]


def test_past_the_cap_a_timeline_counts_events_per_column(fixture_sources, monkeypatch):
    site = site_of(fixture_sources)
    monkeypatch.setattr(chart, "MAX_MARKS", 3)
    scale = chart.Scale(1949, 2021, per_year=10, column=1, pitch=10, max_stack=16, tick_every=10)
    t = chart.timeline(site.events, scale, site.eras, event_href=lambda e: e.id, era_href=lambda e: e.id,
                       column_href=lambda y: f"y{y}", label=lambda e: e.title)
    assert t.marks == ()
    assert [(b.label, b.href) for b in t.bars] == [("1949: 1 events", "y1949"), ("1995: 1 events", "y1995"),
                                                    ("2008: 2 events", "y2008")]


def test_membership_steps_link_each_accession(fixture_sources):
    site = site_of(fixture_sources)
    founding = site.event["founding-1949"]
    c = chart.membership([(founding, 1)], 2021, event_href=lambda e: e.id, label=lambda e, n: f"{n}")
    assert [(s.href, s.members) for s in c.steps] == [("founding-1949", 1)]
    assert chart.membership([], 2021, event_href=str, label=str) is None


def test_pages_draw_the_pictures_with_links_and_a_text_alternative(fixture_sources):
    pages = {p.src: p.content for p in Renderer(site_of(fixture_sources)).pages()}
    home, decade, members = pages["index.md"], pages["timeline/2000s.md"], pages["membership.md"]
    assert '<a href="events/summit-2008/">' in home and "<title id=" in home and "<desc id=" in home
    assert '<a href="../../events/war-2008/">' in decade
    assert '<a href="../events/founding-1949/">' in members
    assert "| Joined | Countries | Members after |" in members
    for text in pages.values():
        assert "\n\n" not in text[text.find('<div class="tl-picture">'):text.find("</svg>")] or "tl-picture" not in text


def test_search_index_keeps_first_parts_and_hand_written_sections():
    index = {"config": {}, "docs": [
        {"location": "events/x/", "title": "X", "text": "summary"},
        {"location": "events/x/#sources", "title": "Sources", "text": "quotes"},
        {"location": "timeline/1990s/", "title": "The 1990s", "text": "list"},
        {"location": "about/method/", "title": "Method", "text": "intro"},
        {"location": "about/method/#dates", "title": "Dates", "text": "how"},
    ]}
    out = slim(index, drop={"timeline/1990s/"}, keep_sections={"about/method/"})
    assert [d["location"] for d in out["docs"]] == ["events/x/", "about/method/", "about/method/#dates"]
