"""The validator over fixture files: valid data passes; each invalid file gives exactly the
FILE:LINE messages in its .expected file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SHARED_SOURCES
from timeline.load import load
from timeline.problems import DataError
from timeline.yamlload import load_text

CASES = sorted((FIXTURES / "invalid").glob("*.yaml"))


def target_of(case: Path) -> str:
    first = case.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.split(":", 1)[1].strip() if first.startswith("# target:") else f"data/events/{case.name}"


def problems_for(data: Path, sources: Path) -> list[str]:
    try:
        load(data, sources_dir=sources)
    except DataError as exc:
        return [str(p).replace(str(sources), "SOURCES") for p in exc.problems]
    return []


def test_valid_fixture_data_has_no_problems(data_copy, fixture_sources):
    raw = load(data_copy, sources_dir=fixture_sources)
    assert [r.id for r in raw.of("event")] == ["founding-1949", "summit-2008", "talks-1990s", "war-2008"]
    assert raw.sources_dir == fixture_sources


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_file_gives_its_expected_messages(case, data_copy, fixture_sources):
    shutil.copy(case, data_copy.parent / target_of(case))
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert problems_for(data_copy, fixture_sources) == expected


def test_one_bad_file_gives_four_messages_with_file_and_line(data_copy, fixture_sources):
    """The issue's acceptance case: bad date, unknown field, unknown topic, duplicate key."""
    shutil.copy(FIXTURES / "invalid" / "four-problems.yaml", data_copy / "events")
    found = problems_for(data_copy, fixture_sources)
    assert len(found) == 4
    assert all(p.startswith("data/events/four-problems.yaml:") for p in found)
    assert [p.split(": ")[1] for p in found] == ["date", "topics[1]", "colour", "kind"]


def test_problems_in_many_files_are_all_reported_at_once(data_copy, fixture_sources):
    for name in ("wrong-name.yaml", "four-problems.yaml", "list.yaml"):
        shutil.copy(FIXTURES / "invalid" / name, data_copy / "events")
    found = problems_for(data_copy, fixture_sources)
    assert {p.split(":")[0] for p in found} == {
        "data/events/wrong-name.yaml", "data/events/four-problems.yaml", "data/events/list.yaml"}
    assert len(found) == 6


def test_without_the_archive_quotes_are_checked_against_the_lock(data_copy, tmp_path):
    assert problems_for(data_copy, tmp_path / "no-such-folder") == []  # the fixtures' quotes are locked
    shutil.copy(FIXTURES / "invalid" / "quotes.yaml", data_copy / "events")
    found = problems_for(data_copy, tmp_path / "no-such-folder")
    assert found[1] == "data/events/quotes.yaml:11: sources[1].quote: has 31 words; expected at most 30"
    assert [p.split(": ")[0] for p in found] == [f"data/events/quotes.yaml:{n}" for n in (9, 11, 16, 18, 20, 22)]
    assert all("is not yet verified against the archive" in p for p in found[:1] + found[2:])


def test_files_that_are_not_records_are_reported_not_skipped(data_copy, fixture_sources):
    (data_copy / "events" / "stray.yml").write_text("id: stray\n")
    (data_copy / "notes.txt").write_text("scratch\n")
    found = problems_for(data_copy, fixture_sources)
    assert found == [
        "data/events/stray.yml:1: (file): is not a record; expected events/<id>.yaml files only",
        "data/notes.txt:1: (file): is not part of the data; expected only actors.yaml, eras.yaml, events, quotes.lock, sources.yaml, topics",
    ]


def test_event_outside_every_era(data_copy, fixture_sources):
    path = data_copy / "events" / "founding-1949.yaml"
    path.write_text(path.read_text().replace('date: "1949"', 'date: "1948-06"'))
    assert problems_for(data_copy, fixture_sources) == [
        "data/events/founding-1949.yaml:4: date: '1948-06' falls in no era; expected a date from 1949 to 2021, "
        "or a new era in data/eras.yaml"]


def test_duplicate_event_id_across_files(data_copy, fixture_sources):
    text = (data_copy / "events" / "war-2008.yaml").read_text()
    (data_copy / "events" / "war-2008-copy.yaml").write_text(text)
    found = problems_for(data_copy, fixture_sources)
    assert found == [
        "data/events/war-2008-copy.yaml:1: id: is 'war-2008' but the file is war-2008-copy.yaml; "
        "expected the id to equal the file name, 'war-2008-copy'",
        "data/events/war-2008.yaml:1: id: 'war-2008' is already used by data/events/war-2008-copy.yaml:1; "
        "expected a unique id",
    ]


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"id: x\ntitle: \xff\xfe\n", "t.yaml:2: (file): is not valid UTF-8 (byte 0xff); expected a UTF-8 text file"),
        (b"id: x\n\ttitle: y\n", "t.yaml:2: (file): has a tab at column 1; indent with spaces"),
        (b"a: 1\n---\nb: 2\n", "t.yaml:2: (file): has a second YAML document (---); expected one record per file"),
        (b"", "t.yaml:1: (file): is empty; expected a YAML mapping of fields"),
        (b"a: &x [1, 2]\nb: *x\n", "t.yaml:2: b: uses a YAML alias"),
    ],
)
def test_loader_turns_bad_bytes_into_problems(raw, expected):
    loaded = load_text(raw, "t.yaml")
    assert loaded.problems and str(loaded.problems[0]).startswith(expected)


def test_loader_keeps_dates_and_norway_as_text_and_knows_lines():
    loaded = load_text(b"date: 1957-03-25\ncountry: NO\nyear: 1999\nok: true\nnone: null\nlist:\n  - a\n  - b\n", "t.yaml")
    assert loaded.value == {"date": "1957-03-25", "country": "NO", "year": "1999", "ok": True, "none": None,
                            "list": ["a", "b"]}
    assert loaded.lines[("list", 1)] == 8
    assert loaded.line(("list", 1, "missing")) == 8


def test_billion_laughs_is_refused_quickly():
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 12):
        refs = ", ".join(f"*a{i - 1}" for _ in range(9))
        lines.append(f"a{i}: &a{i} [{refs}]")
    loaded = load_text("\n".join(lines).encode(), "bomb.yaml")
    assert loaded.problems and "alias" in loaded.problems[0].message


def test_validate_script_exit_codes_and_output(data_copy, fixture_sources):
    script = [sys.executable, str(ROOT / "scripts" / "validate.py"), "--data", str(data_copy), "--sources", str(fixture_sources)]
    ok = subprocess.run(script, capture_output=True, text=True, cwd=data_copy.parent)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("data OK: 4 event, 2 topic")
    shutil.copy(FIXTURES / "invalid" / "four-problems.yaml", data_copy / "events")
    bad = subprocess.run(script + ["--github"], capture_output=True, text=True, cwd=data_copy.parent)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    lines = bad.stderr.splitlines()
    assert lines[0].startswith("data/events/four-problems.yaml:3: date: ")
    assert lines[-1] == "4 problems found in data; nothing was built."
    assert bad.stdout.splitlines()[0].startswith("::error file=data/events/four-problems.yaml,line=3::date: ")


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside the project")
def test_real_data_is_valid_against_the_archived_sources():
    raw = load(ROOT / "data", sources_dir=SHARED_SOURCES)
    assert raw.sources_dir == SHARED_SOURCES
    assert len(raw.of("event")) >= 15


def test_a_relation_entered_on_both_events_is_reported_once(data_copy, fixture_sources):
    war = data_copy / "events" / "war-2008.yaml"
    war.write_text(war.read_text() + "related:\n  - type: responds-to\n    event: summit-2008\n")
    assert problems_for(data_copy, fixture_sources) == [
        "data/events/war-2008.yaml:21: related[0].event: 'summit-2008' already links to this event "
        "(data/events/summit-2008.yaml); expected the link on one of the two events only (the other shows it automatically)"]


def test_archive_names_cannot_reach_outside_the_sources_folder(data_copy, fixture_sources):
    table = data_copy / "sources.yaml"
    table.write_text(table.read_text().replace("archive: alpha.txt", "archive: ../data/sources.txt"))
    found = problems_for(data_copy, fixture_sources)
    assert found == ["data/sources.yaml:8: [0].archive: '../data/sources.txt' is not valid; "
                     "expected a file name such as '001_cff3f13bba025bd2.txt'"]


def test_a_quote_found_only_in_an_archive_header_is_refused(data_copy, tmp_path):
    """Files 100 to 229 carry a header written for the archive above `---`: not the source's words."""
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES / "sources", sources)
    alpha = sources / "alpha.txt"
    alpha.write_text("url: https://example.org/alpha\ncovers: the twelve founders met in Washington in 1949\n---\n"
                     + alpha.read_text(encoding="utf-8"), encoding="utf-8")
    (data_copy / "quotes.lock").unlink()  # verified against alpha.txt as it was: not the point here
    event = data_copy / "events" / "founding-1949.yaml"
    text = event.read_text(encoding="utf-8")
    quote = next(line.split(":", 1)[1].strip().strip('"') for line in text.splitlines() if "quote:" in line)
    assert problems_for(data_copy, sources) == []  # the excerpt below the header still counts
    event.write_text(text.replace(quote, "the twelve founders met in Washington in 1949", 1), encoding="utf-8")
    found = problems_for(data_copy, sources)
    assert len(found) == 1 and "quote: is not in source 'alpha' (alpha.txt)" in found[0], found


def test_a_quote_from_a_source_marked_not_to_be_quoted_is_refused(data_copy, fixture_sources):
    table = data_copy / "sources.yaml"
    table.write_text(table.read_text().replace("  copy_of: alpha\n", "  copy_of: alpha\n  quotable: false\n"))
    found = problems_for(data_copy, fixture_sources)
    assert found == [
        "data/events/talks-1990s.yaml:8: sources[0].source: 'beta' is marked not to be quoted (quotable: false); "
        "cite 'alpha' instead; expected a source that may be quoted",
        "data/events/war-2008.yaml:12: sources[1].source: 'beta' is marked not to be quoted (quotable: false); "
        "cite 'alpha' instead; expected a source that may be quoted"]
