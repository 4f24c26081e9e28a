"""Content rules on the real records: own words, and what every record must have."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, SHARED_SOURCES
from timeline.load import load
from timeline.model import build

RUN = 8
_MARKED_QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"")


def words(text: str) -> list[str]:
    text = text.replace("\u2019", "'").lower()
    return re.findall(r"[a-z0-9']+", text)


def shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


@pytest.fixture(scope="module")
def site():
    return build(load(ROOT / "data", sources_dir=SHARED_SOURCES if SHARED_SOURCES.is_dir() else None))


def our_texts(site):
    """Every text we wrote, with where it is, marked quotes taken out."""
    for e in site.events:
        for field, text in [("title", e.title), ("summary", e.summary), ("body", e.body or "")]:
            yield f"{e.file} {field}", text
        for i, note in enumerate(e.notes):
            yield f"{e.file} notes[{i}]", note.text
    for t in site.topics:
        yield f"{t.file} {t.id}", f"{t.title}. {t.summary} {t.body or ''}"
    for era in site.eras:
        yield f"{era.file} {era.id}", era.summary
    for a in site.actors:
        yield f"{a.file} {a.id}", a.description


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside the project")
def test_no_text_of_ours_repeats_a_source_outside_a_marked_quote(site):
    source_runs = set()
    for path in SHARED_SOURCES.glob("*.txt"):
        source_runs |= shingles(path.read_text(encoding="utf-8"))
    copied = []
    for where, text in our_texts(site):
        common = shingles(_MARKED_QUOTE.sub(" ", text)) & source_runs
        if common:
            copied.append(f"{where}: '{' '.join(sorted(common)[0])}'")
    assert copied == []


def test_the_shingle_check_catches_a_copied_sentence():
    source = "Russia complained vociferously when NATO promised membership to Ukraine and Georgia at a summit"
    ours = "Moscow complained when NATO promised membership to Ukraine and Georgia at a summit in 2008."
    assert shingles(ours) & shingles(source)
    assert not shingles(_MARKED_QUOTE.sub(" ", 'It said "NATO promised membership to Ukraine and Georgia at a summit".')) & shingles(source)


def test_every_record_is_used_and_every_event_is_filed(site):
    assert all(e.topics and e.sources for e in site.events)
    assert [t.id for t in site.topics if not site.by_topic[t.id]] == []
    assert [a.id for a in site.actors if not site.by_actor[a.id]] == []
    assert [era.id for era in site.eras if not site.by_era[era.id]] == []
    assert {k.id for k in site.kinds} == {e.kind for e in site.events}  # the first records use every kind


def test_no_kind_is_a_catch_all(site):
    from collections import Counter
    counts = Counter(e.kind for e in site.events)
    kind, most = counts.most_common(1)[0]
    assert most <= 0.25 * len(site.events), f"{kind} holds {most} of {len(site.events)} events"


def test_membership_matches_what_the_sources_count(site):
    from datetime import date
    accessions = site.accessions()
    founders = [state for e, state in accessions if e.date.year == 1949]
    after_cold_war = [state for e, state in accessions if e.date.year >= 1991 and e.date.start.latest <= date(2019, 4, 4)]
    assert founders == ["united-states", "canada"]  # TIME names two of the twelve founders
    assert len(after_cold_war) == len(set(after_cold_war)) == 13  # TIME: 13 joined since the Cold War
    assert len(site.members_on(date(2021, 12, 14))) == 15  # named; AP counts 30 (the membership page explains)
