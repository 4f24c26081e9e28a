"""Content rules on the real records: own words, and what every record must have."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import ROOT, SHARED_SOURCES
from timeline.load import excerpt, load
from timeline.model import build

RUN = 8
INDEPENDENT = 3  # a phrase in this many publishers' texts is common usage, not one source's sentence
_MARKED_QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_TOKEN = re.compile(r"[A-Za-z0-9'’]+")
_GLUE = frozenset("a an and at by for from in of on or the to with".split())


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.replace("\u2019", "'"))


def words(text: str) -> list[str]:
    return [t.lower() for t in tokens(text)]


def shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


def own_shingles(text: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Our runs of RUN words, lower-cased, each with the words as we wrote them."""
    t = tokens(text)
    return {tuple(x.lower() for x in t[i:i + RUN]): tuple(t[i:i + RUN]) for i in range(len(t) - RUN + 1)}


def is_names_and_numbers(run: tuple[str, ...]) -> bool:
    """A run of proper names, numbers and glue words ("the Czech Republic, Hungary and Poland in
    1999") is a list of facts, not a sentence of anybody's."""
    return all(w[0].isupper() or w.isdigit() or w.lower() in _GLUE for w in run)


def publisher_of(path, text: str, registry: dict[str, str]) -> str:
    """Who wrote an archive file: its header's publisher, else the registered source's (a copy
    counts as its original's publisher), else the file itself."""
    match = re.search(r"^publisher:\s*(.+)$", text.split("\n---\n", 1)[0], re.M) if "\n---\n" in text else None
    return match.group(1).strip() if match else registry.get(path.name, path.name)


def copied_runs(texts, archive: dict[str, tuple[str, str]]) -> list[str]:
    """Runs of RUN words shared by our texts (marked quotes taken out) and an archived excerpt,
    less lists of names and phrases that INDEPENDENT publishers use alike."""
    used_by: dict[tuple[str, ...], set[str]] = {}
    for publisher, body in archive.values():
        for run in shingles(body):
            used_by.setdefault(run, set()).add(publisher)
    copied = []
    for where, text in texts:
        for run, as_written in sorted(own_shingles(_MARKED_QUOTE.sub(" ", text)).items()):
            if run in used_by and len(used_by[run]) < INDEPENDENT and not is_names_and_numbers(as_written):
                copied.append(f"{where}: '{' '.join(run)}'")
                break
    return copied


@pytest.fixture(scope="module")
def raw():
    return load(ROOT / "data", sources_dir=SHARED_SOURCES if SHARED_SOURCES.is_dir() else None)


@pytest.fixture(scope="module")
def site(raw):
    return build(raw)


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


def archive_texts(site) -> dict[str, tuple[str, str]]:
    by_original = {src.id: src for src in site.sources}
    registry = {src.archive: (by_original[src.copy_of] if src.copy_of else src).publisher
                for src in site.sources if src.archive}
    texts = {}
    for path in sorted(SHARED_SOURCES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts[path.name] = (publisher_of(path, text, registry), excerpt(text))
    return texts


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside the project")
def test_no_text_of_ours_repeats_a_source_outside_a_marked_quote(site):
    assert copied_runs(our_texts(site), archive_texts(site)) == []


def test_the_shingle_check_catches_a_copied_sentence():
    source = "Russia complained vociferously when NATO promised membership to Ukraine and Georgia at a summit"
    archive = {"x.txt": ("Gazette", source)}
    ours = "Moscow complained when NATO promised membership to Ukraine and Georgia at a summit in 2008."
    assert copied_runs([("ours", ours)], archive) == ["ours: 'membership to ukraine and georgia at a summit'"]
    quoted = 'It said "NATO promised membership to Ukraine and Georgia at a summit".'
    assert copied_runs([("ours", quoted)], archive) == []


def test_lists_of_names_and_common_phrases_are_not_copying():
    names = "In 2004 Bulgaria, Estonia, Latvia, Lithuania, Romania, Slovakia and Slovenia."
    phrase = "leaders met at the level of heads of state and government in Madrid"
    one = {"a.txt": ("Gazette", f"{names} {phrase}")}
    assert copied_runs([("ours", names)], one) == []  # names and numbers only
    assert copied_runs([("ours", phrase)], one) != []  # one publisher's sentence
    three = {f"{p}.txt": (p, phrase) for p in ("Gazette", "Herald", "Courier")}
    assert copied_runs([("ours", phrase)], three) == []  # common usage across three publishers
    same = {f"{i}.txt": ("Gazette", phrase) for i in range(3)}
    assert copied_runs([("ours", phrase)], same) != []  # three copies of one publisher are one source


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
    from collections import Counter
    from datetime import date
    accessions = site.accessions()
    joined = {state: e.date.start.latest for e, state in accessions}
    founding = [e for e in site.events if e.kind == "treaty" and e.accessions]
    assert len(founding) == 1 and len(founding[0].accessions) == 12  # NATO: 12 founding members signed in 1949
    assert [state for state, n in Counter(state for _, state in accessions).items() if n > 1] == []  # one accession each
    newest = max(joined.values())
    assert len(site.members_on(newest)) == 32  # Sweden joined as the 32nd member (The Week, NATO)
    # TIME: "Since the end of the Cold War, 13 countries have joined NATO", as of its publication date.
    time = site.source["time-2019"].published.start.latest
    after_cold_war = [state for state, day in joined.items() if date(1991, 1, 1) <= day <= time]
    assert len(after_cold_war) == 13
    # Where a source numbers a member, the records give the same count on the day it joined.
    numbered = {"west-germany": 15, "spain": 16, "bulgaria": 26, "croatia": 28, "montenegro": 29,
                "north-macedonia": 30, "finland": 31, "sweden": 32}
    assert {state: len(site.members_on(joined[state])) for state in numbered} == numbered


# Balance on contested acts (issue 9). From 2022 on, an event is *contested* when it records an
# act one side holds against the other: its kind is one of CONTESTED_KINDS (an invasion, strike or
# annexation; a deployment, exercise, incursion or sabotage; an accession or a membership step; a
# treaty signed, suspended or left; an expulsion; sanctions), or the other side formally protested
# it (a `protest` event responds to it). Such an event cites a source that speaks for Russia
# (`speaks_for: russia` in data/sources.yaml: the Kremlin, the Foreign Ministry, TASS, Sputnik,
# RT) and a source that does not (NATO, an allied government, a news report); where the archive
# holds no text of one side, an `editorial` note says so in these words, so the gap is visible.
BALANCE_FROM = date(2022, 1, 1)
CONTESTED_KINDS = frozenset({"conflict", "military", "enlargement", "membership", "treaty",
                             "suspension", "expulsion", "sanctions"})
NO_RUSSIAN_SOURCE = "archive holds no Russian government or state-media"
NO_WESTERN_SOURCE = "archive holds no NATO, allied or Western"


def contested(site, event) -> bool:
    protested = any(link.type == "responds-to" and site.event[link.event].kind == "protest"
                    for link in event.inbound)
    return event.date.start.earliest >= BALANCE_FROM and (event.kind in CONTESTED_KINDS or protested)


def balance_problems(site, speaks_for: dict[str, str | None]) -> list[str]:
    """What each contested event lacks: a side's source, or the editorial note naming the gap;
    and notes that claim a gap the event's own citations fill."""
    problems = []
    for e in site.events:
        sides = {speaks_for.get(c.source) for c in e.sources}
        russian, other = "russia" in sides, bool(sides - {"russia"})
        gaps = " ".join(n.text for n in e.notes if n.type == "editorial")
        for side, cited, phrase in (("Russian", russian, NO_RUSSIAN_SOURCE),
                                    ("non-Russian", other, NO_WESTERN_SOURCE)):
            if cited and phrase in gaps:
                problems.append(f"{e.file}: a note says the archive lacks a {side} source, but the event cites one")
            elif not cited and contested(site, e) and phrase not in gaps:
                problems.append(f"{e.file}: contested {e.kind} event cites no {side} source "
                                f"and no editorial note saying '{phrase} ...'")
    return problems


def test_contested_events_give_both_sides_or_name_the_gap(raw, site):
    speaks_for = {r.data["id"]: r.data.get("speaks_for") for r in raw.of("source")}
    assert {"russia", "nato"} <= set(speaks_for.values())  # the registry marks both sides
    assert balance_problems(site, speaks_for) == []


def test_the_balance_check_reads_kinds_protests_dates_and_notes(site):
    from dataclasses import replace
    from timeline.model import Citation, Link, Note
    base = next(e for e in site.events if e.kind == "statement" and e.date.start.earliest >= BALANCE_FROM)
    speaks_for = {"tass": "russia", "nato-text": "nato", "wire": None}
    protest = replace(base, id="p", kind="protest")

    def cite(*ids):
        return tuple(Citation(i, "q") for i in ids)

    def fake(e):
        return type("S", (), {"events": [e], "event": {"p": protest, e.id: e}})()

    wire_only = replace(base, kind="military", sources=cite("wire"), notes=(), inbound=())
    assert len(balance_problems(fake(wire_only), speaks_for)) == 1  # no Russian side
    assert balance_problems(fake(replace(wire_only, sources=cite("wire", "tass"))), speaks_for) == []
    assert len(balance_problems(fake(replace(wire_only, sources=cite("tass"))), speaks_for)) == 1  # only Russia's
    gap = Note("editorial", "Editorial note", f"The {NO_RUSSIAN_SOURCE} statement on it.")
    assert balance_problems(fake(replace(wire_only, notes=(gap,))), speaks_for) == []
    assert len(balance_problems(fake(replace(wire_only, sources=cite("tass", "wire"), notes=(gap,))), speaks_for)) == 1
    statement = replace(wire_only, kind="statement")
    assert balance_problems(fake(statement), speaks_for) == []  # a statement is one side's words
    protested = replace(statement, inbound=(Link("responds-to", "Responded to by", "p"),))
    assert len(balance_problems(fake(protested), speaks_for)) == 1  # ... unless the other side protested it
    old = replace(wire_only, date=next(e for e in site.events if e.date.start.earliest < BALANCE_FROM).date)
    assert balance_problems(fake(old), speaks_for) == []  # the rule starts in 2022
