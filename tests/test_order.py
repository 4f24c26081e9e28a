"""True order: dated events first, then year-only and decade-only ones, causes before effects."""

from __future__ import annotations

from dataclasses import dataclass

from conftest import FIXTURES
from timeline import dates
from timeline.load import load
from timeline.model import build
from timeline.order import must_follow, true_order


@dataclass(frozen=True)
class E:
    id: str
    title: str
    date: dates.EventDate


def ev(ident: str, when: str, title: str | None = None) -> E:
    return E(ident, title or ident, dates.parse(when))


def ids(events) -> list[str]:
    return [e.id for e in events]


def test_dated_events_come_first_then_the_year_then_the_decade():
    events = [ev("decade", "201X"), ev("year", "2014"), ev("march", "2014-03"), ev("feb-22", "2014-02-22"),
              ev("next-year", "2015-01-05"), ev("late-2019", "2019"), ev("approx-year", "2014~"),
              ev("span", "2014-02-20/2014-02-23"), ev("open", "2014/..")]
    assert ids(true_order(events, {})) == [
        "span", "feb-22", "march", "approx-year", "open", "year", "next-year", "late-2019", "decade"]


def test_an_effect_comes_after_its_cause_whatever_the_titles():
    # All three known only to the year: without links they would go by title (A, B, C).
    crimea = ev("crimea", "2014", "A: Russia annexes Crimea")
    ouster = ev("ouster", "2014", "C: Ukraine's president is ousted")
    sanctions = ev("sanctions", "2014", "B: Sanctions")
    links = [("crimea", [("responds-to", "ouster")]),        # crimea after ouster
             ("sanctions", [("responds-to", "crimea")])]     # sanctions after crimea
    assert ids(true_order([crimea, sanctions, ouster], must_follow(links))) == ["ouster", "crimea", "sanctions"]
    # 'leads-to' orders the other way round: the event that carries it comes first.
    assert ids(true_order([crimea, ouster], must_follow([("crimea", [("leads-to", "ouster")])]))) == ["crimea", "ouster"]
    # See-also and part-of say nothing about order: title decides.
    assert ids(true_order([ouster, crimea], must_follow([("ouster", [("see-also", "crimea")])]))) == ["crimea", "ouster"]
    assert ids(true_order([ouster, crimea], {})) == ["crimea", "ouster"]


def test_precision_ties_same_day_and_same_slot():
    a = ev("a", "2008-08-08", "Alpha")
    b = ev("b", "2008-08-08", "Beta")
    month = ev("month", "2008-08", "Zulu")
    # Same day: title decides, unless a link says otherwise.
    assert ids(true_order([b, a, month], {})) == ["month", "a", "b"]
    assert ids(true_order([b, a, month], must_follow([("a", [("responds-to", "b")])]))) == ["month", "b", "a"]
    # A link across slots never moves an event out of date order.
    assert ids(true_order([a, month], must_follow([("month", [("responds-to", "a")])]))) == ["month", "a"]


def test_a_cycle_of_links_still_gives_every_event_once():
    x, y = ev("x", "1990", "X"), ev("y", "1990", "Y")
    links = must_follow([("x", [("responds-to", "y")]), ("y", [("responds-to", "x")])])
    assert sorted(ids(true_order([y, x], links))) == ["x", "y"]


def test_the_model_uses_true_order_for_lists_and_previous_next(fixture_sources):
    site = build(load(FIXTURES / "data", sources_dir=fixture_sources))
    assert ids(site.events) == ["founding-1949", "talks-1990s", "summit-2008", "war-2008"]
    assert site.event["talks-1990s"].previous == "founding-1949"
    assert site.event["talks-1990s"].next == "summit-2008"


def test_long_lists_are_grouped_by_decade_or_by_year_with_the_vague_ones_last():
    from timeline.lists import list_sections
    events = [ev("a", "2014-03-01"), ev("b", "2014"), ev("c", "2015-01-01"), ev("d", "201X")]
    by_decade = list_sections(tuple(events))
    assert [(s["heading"], ids(s["events"]), ids(s["also"])) for s in by_decade] == [("2010s", ["a", "b", "c"], ["d"])]
    by_year = list_sections(tuple(events), by_year=True)
    assert [(s["heading"], ids(s["events"]), ids(s["also"])) for s in by_year] == [
        ("2014", ["a"], ["b"]), ("2015", ["c"], []), ("2010s", [], ["d"])]
