"""Each cross-record rule alone (``rules.check(raw, [rule])``), on the fixture data with one
change: the rule finds exactly that change, with its message, and nothing in valid data."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from timeline import dates, rules
from timeline.load import load, read
from timeline.model import build


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(data: Path, rule, sources: Path = FIXTURES / "sources") -> list[str]:
    """What ``rule`` alone finds in ``data``, which must pass its schemas."""
    raw, problems = read(data, sources_dir=sources)
    assert problems == []
    return [str(p).replace(str(sources), "SOURCES") for p in rules.check(raw, [rule])]


@pytest.mark.parametrize("rule", rules.RULES, ids=[r.__name__ for r in rules.RULES])
def test_no_rule_finds_anything_in_valid_data(rule, data_copy):
    assert found(data_copy, rule) == []


def test_unique_ids(data_copy):
    with (data_copy / "actors.yaml").open("a", encoding="utf-8") as table:
        table.write("- id: nato\n  name: NATO again\n  type: organisation\n  description: The same id twice.\n")
    assert found(data_copy, rules.unique_ids) == [
        "data/actors.yaml:22: [5].id: 'nato' is already used by data/actors.yaml:2; expected a unique id"]


def test_real_dates(data_copy):
    edit(data_copy / "events" / "summit-2008.yaml", '"2008-04"', '"2008-02-30"')
    edit(data_copy / "eras.yaml", 'end: "2021"', 'end: "2021-13"')
    assert found(data_copy, rules.real_dates) == [
        "data/events/summit-2008.yaml:3: date: '2008-02-30' is not a real date: February 2008 has 29 days",
        "data/eras.yaml:10: [1].end: '2021-13' has month 13; expected a month from 01 to 12"]


def test_every_date_is_parsed_once_and_every_era_found_once(data_copy, monkeypatch):
    """The checks, the era ranges and the model share one parse of each date, and the era
    the checks find for an event is the model's."""
    parses, eras_found = [], []
    parse, era_for = dates.parse, dates.era_for
    monkeypatch.setattr(dates, "parse", lambda text: parses.append(text) or parse(text))
    monkeypatch.setattr(dates, "era_for", lambda when, eras: eras_found.append(when) or era_for(when, eras))
    raw = load(data_copy, sources_dir=FIXTURES / "sources")
    site = build(raw)
    assert sorted(parses) == sorted(["1949", "2008-04", "199X", "2008-08-07/2008-08-12", "1949", "1999", "2000",
                                     "2021", "2020-05-03"])
    assert len(eras_found) == len(site.events)
    event = next(r for r in raw.of("event") if r.id == "war-2008")
    assert site.event["war-2008"].date is event.parsed["date"] and site.event["war-2008"].era == event.era == "late"


def test_sources_and_archives(data_copy):
    table = data_copy / "sources.yaml"
    edit(table, "copy_of: alpha", "copy_of: beta")
    edit(table, "archive: alpha.txt", "archive: gone.txt")
    assert found(data_copy, rules.sources_and_archives) == [
        "data/sources.yaml:16: [1].copy_of: names the source itself; expected another source's id",
        "data/sources.yaml:8: [0].archive: 'gone.txt' is not in SOURCES; expected the archived copy's file name"]
    edit(table, "copy_of: beta", "copy_of: alfa")
    assert found(data_copy, rules.sources_and_archives, sources=Path("/no/archive")) == [
        "data/sources.yaml:16: [1].copy_of: 'alfa' is not a known source (did you mean 'alpha'?); "
        "expected an id from data/sources.yaml"]


@pytest.mark.parametrize("start, end, expected", [
    ('"2001"', '"2021"', "data/eras.yaml:9: [1].start: leaves a gap after the previous era; "
                         "expected it to start the day after 1999-12-31"),
    ('"1999-06"', '"2021"', "data/eras.yaml:9: [1].start: overlaps the previous era; "
                            "expected it to start the day after 1999-12-31"),
    ('"2000"', '"1990"', "data/eras.yaml:10: [1].end: is before start; expected the era's last date"),
])
def test_era_sequence(data_copy, start, end, expected):
    edit(data_copy / "eras.yaml", 'start: "2000"\n  end: "2021"', f"start: {start}\n  end: {end}")
    assert found(data_copy, rules.era_sequence) == [expected]


def test_event_eras(data_copy):
    edit(data_copy / "eras.yaml", 'end: "2021"', 'end: "2005"')
    assert found(data_copy, rules.event_eras) == [
        "data/events/summit-2008.yaml:3: date: '2008-04' falls in no era; "
        "expected a date from 1949 to 2005, or a new era in data/eras.yaml",
        "data/events/war-2008.yaml:3: date: '2008-08-07/2008-08-12' falls in no era; "
        "expected a date from 1949 to 2005, or a new era in data/eras.yaml"]
    edit(data_copy / "eras.yaml", 'end: "1999"', 'end: "1999-02-30"')  # an era's date is wrong: no judgement
    assert found(data_copy, rules.event_eras) == []


def test_event_references(data_copy):
    edit(data_copy / "events" / "war-2008.yaml", "topics: [wars]", "topics: [wars, war]")
    edit(data_copy / "events" / "war-2008.yaml", "actors: [russia,", "actors: [putin, rusia,")
    assert found(data_copy, rules.event_references) == [
        "data/events/war-2008.yaml:6: topics[1]: 'war' is not a known topic (did you mean 'wars'?); "
        "expected an id from data/topics/",
        "data/events/war-2008.yaml:7: actors[0]: 'putin' is not a known actor; expected an id from data/actors.yaml",
        "data/events/war-2008.yaml:7: actors[1]: 'rusia' is not a known actor (did you mean 'russia'?); "
        "expected an id from data/actors.yaml"]


def test_accessions(data_copy):
    edit(data_copy / "events" / "founding-1949.yaml", "accessions: [norway]", "accessions: [norway, nato, narway]")
    edit(data_copy / "events" / "war-2008.yaml", "topics: [wars]", "topics: [wars]\naccessions: [georgia]")
    assert found(data_copy, rules.accessions) == [
        "data/events/founding-1949.yaml:9: accessions[1]: 'nato' is a organisation; expected a country",
        "data/events/founding-1949.yaml:9: accessions[2]: 'narway' is not a known actor (did you mean 'norway'?); "
        "expected an id from data/actors.yaml",
        "data/events/war-2008.yaml:7: accessions: is set on a 'conflict' event; "
        "expected it only on 'enlargement' (or NATO's founding 'treaty')"]


def test_related(data_copy):
    edit(data_copy / "events" / "war-2008.yaml", "topics: [wars]",
         "topics: [wars]\nrelated:\n  - type: responds-to\n    event: summit-2008\n"
         "  - type: see-also\n    event: war-2008\n  - type: see-also\n    event: no-such-war")
    assert found(data_copy, rules.related) == [
        "data/events/war-2008.yaml:9: related[0].event: 'summit-2008' already links to this event "
        "(data/events/summit-2008.yaml); expected the link on one of the two events only (the other shows it "
        "automatically)",
        "data/events/war-2008.yaml:11: related[1].event: links the event to itself; expected another event's id",
        "data/events/war-2008.yaml:13: related[2].event: 'no-such-war' is not a known event; "
        "expected an id from data/events/"]


def test_citations_and_quotes(data_copy):
    war = data_copy / "events" / "war-2008.yaml"
    edit(war, "quote: The war in August 2008 lasted five days", "quote: The war in August 2008 lasted six days")
    edit(war, "  - source: beta\n", "  - source: gamma\n")
    edit(data_copy / "events" / "talks-1990s.yaml", "quote: The alliance", "quote: " + "word " * 31 + "The alliance")
    edit(data_copy / "sources.yaml", "copy_of: alpha", "copy_of: alpha\n  quotable: false")
    edit(data_copy / "events" / "war-2008.yaml", "  - source: gamma\n", "  - source: beta\n")
    problems = found(data_copy, rules.citations_and_quotes)
    assert problems[0] == "data/events/talks-1990s.yaml:9: sources[0].quote: has 37 words; expected at most 30"
    assert problems[1].startswith("data/events/war-2008.yaml:10: sources[0].quote: is not in source 'alpha' "
                                  "(alpha.txt): from word 7 yours reads '… lasted six days …'")
    assert problems[2] == ("data/events/war-2008.yaml:12: sources[1].source: 'beta' is marked not to be quoted "
                           "(quotable: false); cite 'alpha' instead; expected a source that may be quoted")
    assert len(problems) == 3


def test_citations_name_known_sources(data_copy):
    edit(data_copy / "events" / "war-2008.yaml", "  - source: beta\n", "  - source: gamma\n")
    assert found(data_copy, rules.citations_and_quotes) == [
        "data/events/war-2008.yaml:12: sources[1].source: 'gamma' is not a known source; "
        "expected an id from data/sources.yaml"]


def test_note_sources(data_copy):
    edit(data_copy / "events" / "war-2008.yaml", "sources: [alpha, beta]", "sources: [alpha, betta]")
    assert found(data_copy, rules.note_sources) == [
        "data/events/war-2008.yaml:18: notes[0].sources[1]: 'betta' is not a known source (did you mean 'beta'?); "
        "expected an id from data/sources.yaml"]


def test_links_in_text(data_copy):
    edit(data_copy / "events" / "summit-2008.yaml", "[link](event:war-2008)", "[link](event:war-2009)")
    edit(data_copy / "events" / "summit-2008.yaml", "title: ", "title: See [this](https://example.org) ")
    edit(data_copy / "topics" / "enlargement.yaml", "(https://example.org/alpha)", "(javascript:alert(1))")
    edit(data_copy / "eras.yaml", "(event:founding-1949)", "(topic:founding)")
    edit(data_copy / "events" / "war-2008.yaml", "the Review gives the days.", "the [Review](era:lat) gives the days.")
    assert found(data_copy, rules.links_in_text) == [
        "data/eras.yaml:6: [0].summary: links to topic:founding, which does not exist; expected an id from data/topics/",
        "data/topics/enlargement.yaml:8: body: links to 'javascript:alert(1)'; expected an http(s) URL or a record "
        "reference such as event:ID (event:, topic:, actor:, source:, era:, kind:)",
        "data/events/summit-2008.yaml:7: body: links to event:war-2009, which does not exist "
        "(did you mean 'war-2008'?); expected an id from data/events/",
        "data/events/war-2008.yaml:17: notes[0].text: links to era:lat, which does not exist (did you mean 'late'?); "
        "expected an id from data/eras.yaml",
        "data/events/summit-2008.yaml:2: title: contains a Markdown link; expected plain text (links belong in body)"]


def test_key_events(data_copy):
    edit(data_copy / "eras.yaml", "  summary: The twenty-first century.",
         "  summary: The twenty-first century.\n  key_events: [war-2008, talks-1990s, no-such-event]")
    assert found(data_copy, rules.key_events) == [
        "data/eras.yaml:12: [1].key_events[1]: 'talks-1990s' is dated 199X, outside this era; "
        "expected an event of the era",
        "data/eras.yaml:12: [1].key_events[2]: 'no-such-event' is not a known event; expected an id from data/events/"]
    edit(data_copy / "eras.yaml", 'end: "2021"', 'end: "2021-02-30"')  # an era's date is wrong: no judgement of eras
    assert found(data_copy, rules.key_events)[0].endswith("'no-such-event' is not a known event; "
                                                           "expected an id from data/events/")


def test_uncited_sources(data_copy):
    table = data_copy / "sources.yaml"
    edit(table, "  reliability: A clean copy of a careful explainer.",
         "  reliability: A clean copy of a careful explainer.\n  not_cited: Kept for its dates.")
    with table.open("a", encoding="utf-8") as out:
        out.write("- id: gamma\n  title: Gamma\n  publisher: Gamma Post\n  archive: alpha.txt\n  nature: original\n"
                  "  reliability: Never used.\n")
    assert found(data_copy, rules.uncited_sources) == [
        "data/sources.yaml:11: [0].not_cited: is set, but events cite this source; "
        "expected 'not_cited' only on a source no event cites",
        "data/sources.yaml:19: [2].id: 'gamma' is cited by no event and gives no reason; "
        "expected a 'not_cited' field saying why"]
