"""The contributor's tools: the scaffold, the newcomer's path from scaffold to page, the quote
lock, and `validate.py --fix`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, mkdocs_build
from timeline.fix import fix_text
from timeline.load import load
from timeline.problems import DataError
from timeline.scaffold import ScaffoldError, event_id, new_event
from timeline.yamlload import load_text

SCRIPTS = ROOT / "scripts"


def run(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """A script as `dev.py` runs it, with no input to answer a prompt from."""
    return subprocess.run([sys.executable, str(SCRIPTS / script), *args], capture_output=True, text=True,
                          cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)


def problems(data: Path, sources: Path | None) -> list[str]:
    try:
        load(data, sources_dir=sources)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


# -- scaffold ---------------------------------------------------------------------------

def test_the_scaffold_writes_a_skeleton_whose_only_problems_are_its_placeholders(data_copy, fixture_sources):
    path = new_event(data_copy, "Bucharest summit: a promise", "2008-04", "summit", "alpha")
    assert path == data_copy / "events" / "bucharest-summit-a-promise-2008.yaml"
    loaded = load_text(path.read_bytes(), path.name)
    assert loaded.problems == [] and loaded.value["id"] == path.stem
    assert loaded.value["date"] == "2008-04" and loaded.value["kind"] == "summit"
    assert loaded.value["sources"][0]["source"] == "alpha"
    found = problems(data_copy, fixture_sources)
    assert [p.split(": ", 2)[1] for p in found] == ["summary", "topics[0]", "sources[0].quote"]
    assert all("is still a placeholder (TODO); expected " in p for p in found)


def test_the_scaffold_refuses_a_taken_id_and_bad_arguments_and_never_prompts(data_copy):
    first = run("new.py", "event", "War of 2008", "--date", "2008-08", "--kind", "conflict", "--data", str(data_copy),
                cwd=data_copy.parent)
    assert first.returncode == 0, first.stderr
    written = data_copy / "events" / "war-of-2008.yaml"
    before = written.read_bytes()
    again = run("new.py", "event", "War of 2008", "--date", "2008-08", "--kind", "conflict", "--data", str(data_copy),
                cwd=data_copy.parent)
    assert again.returncode == 1 and "war-of-2008.yaml already exists" in again.stderr
    assert written.read_bytes() == before
    taken = run("new.py", "event", "War", "--date", "2008", "--kind", "conflict", "--id", "war-2008",
                "--data", str(data_copy), cwd=data_copy.parent)
    assert taken.returncode == 1 and "war-2008.yaml already exists" in taken.stderr
    with pytest.raises(ScaffoldError, match="did you mean 'summit'"):
        new_event(data_copy, "A meeting", "2008-04", "sumit")
    with pytest.raises(ScaffoldError, match="did you mean 'alpha'"):
        new_event(data_copy, "A meeting", "2008-04", "summit", "alpah")
    with pytest.raises(ScaffoldError, match="not a real date"):
        new_event(data_copy, "A meeting", "2008-02-30", "summit")
    assert event_id("Talks through the decade", "199X") == "talks-through-the-decade-1990s"
    assert event_id("Summit of 2008", "2008-04") == "summit-of-2008"


def test_the_newcomers_path_scaffold_two_sources_validate_build_find_the_page(data_copy, fixture_sources, tmp_path):
    made = run("new.py", "event", "Allies meet in Bucharest", "--date", "2008-04", "--kind", "summit",
               "--source", "alpha", "--data", str(data_copy), cwd=data_copy.parent)
    assert made.returncode == 0, made.stderr
    path = data_copy / "events" / "allies-meet-in-bucharest-2008.yaml"
    check = ["--data", str(data_copy), "--sources", str(fixture_sources)]
    listed = run("validate.py", *check, cwd=data_copy.parent)
    assert listed.returncode == 1 and listed.stderr.count("is still a placeholder") == 3
    text = path.read_text(encoding="utf-8")
    text = text.replace("TODO: one to three sentences in your own words, plain text.",
                        "The allies met at a summit in April 2008 and spoke of two future members.")
    text = text.replace("topics: [TODO]", "topics: [enlargement]")
    first_quote = text[text.index('    quote: "TODO'):].split("\n", 1)[0]
    text = text.replace(first_quote, '    quote: "In April 2008 the allies met at a summit"\n'
                                     "  - source: beta\n    quote: The alliance was founded in 1949.")
    path.write_text(text, encoding="utf-8")
    valid = run("validate.py", *check, cwd=data_copy.parent)
    assert valid.returncode == 0, valid.stderr
    site = tmp_path / "site"
    built = mkdocs_build(site, data_copy, fixture_sources)
    assert built.returncode == 0, built.stderr
    page = (site / "events" / "allies-meet-in-bucharest-2008" / "index.html").read_text(encoding="utf-8")
    assert "Allies meet in Bucharest" in page and "In April 2008 the allies met at a summit" in page
    assert "events/allies-meet-in-bucharest-2008/" in (site / "timeline" / "2000s" / "index.html").read_text()


# -- the quote lock ---------------------------------------------------------------------

def test_lock_is_written_only_after_every_quote_is_verified(data_copy, fixture_sources, tmp_path):
    lock = data_copy / "quotes.lock"
    lock.unlink()
    assert problems(data_copy, None)  # no archive, no lock: every quote is unverified
    written = run("validate.py", "--data", str(data_copy), "--sources", str(fixture_sources), "--lock", cwd=tmp_path)
    assert written.returncode == 0 and "5 verified quotes" in written.stdout, written.stderr
    assert problems(data_copy, tmp_path / "no-archive") == []
    event = data_copy / "events" / "war-2008.yaml"
    event.write_text(event.read_text().replace("lasted five days", "lasted six days"))
    before = lock.read_bytes()
    refused = run("validate.py", "--data", str(data_copy), "--sources", str(fixture_sources), "--lock", cwd=tmp_path)
    assert refused.returncode == 1 and "quotes.lock was not written" in refused.stderr
    assert lock.read_bytes() == before
    no_archive = run("validate.py", "--data", str(data_copy), "--sources", str(tmp_path / "none"), "--lock", cwd=tmp_path)
    assert no_archive.returncode == 2 and "--lock needs the archived sources" in no_archive.stderr


def test_a_changed_quote_is_not_verified_without_the_archive(data_copy, tmp_path):
    event = data_copy / "events" / "war-2008.yaml"
    event.write_text(event.read_text().replace("lasted five days", "lasted six days"))
    found = problems(data_copy, tmp_path / "no-archive")
    assert len(found) == 1
    assert found[0].startswith("data/events/war-2008.yaml:")
    assert ": sources[0].quote: is not yet verified against the archive (data/quotes.lock has no entry for this " \
           "quote from 'alpha'); expected a verified quote:" in found[0]
    assert "python3 scripts/dev.py refresh" in found[0]
    raw = load(data_copy, sources_dir=tmp_path / "no-archive", require_lock=False)  # as `serve` loads
    assert [p.field for p in raw.unverified] == ["sources[0].quote"]


def test_a_lock_entry_verified_against_another_copy_of_the_archive_is_a_problem(data_copy, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES / "sources", sources)
    with open(sources / "beta.txt", "a", encoding="utf-8") as beta:
        beta.write("A line added when the copy was archived again.\n")
    found = problems(data_copy, sources)
    assert len(found) == 1 and found[0].startswith("data/quotes.lock:"), found
    assert ": beta: 2 entries were verified against another copy of beta.txt" in found[0]
    assert "run `python3 scripts/dev.py refresh`" in found[0]
    assert problems(data_copy, tmp_path / "no-archive") == []  # without the archive the lock is trusted


def test_an_unreadable_lock_line_is_a_problem(data_copy, fixture_sources):
    with open(data_copy / "quotes.lock", "a", encoding="utf-8") as lock:
        lock.write("alpha not-a-hash\n")
    found = problems(data_copy, fixture_sources)
    assert found == ["data/quotes.lock:9: (file): is not 'SOURCE-ID QUOTE-SHA256 ARCHIVE-SHA256'; expected the "
                     "lock as `python3 scripts/dev.py refresh` writes it"]


# -- validate.py --fix ------------------------------------------------------------------

def test_fix_repairs_tabs_unquoted_dates_and_typographic_quotes_and_says_so(data_copy, fixture_sources, tmp_path):
    broken = data_copy / "events" / "fixable.yaml"
    broken.write_text(
        "id: fixable\ntitle: Three mechanical mistakes\ndate: 2008-04\nkind: summit\n"
        "summary: A tab, an unquoted date and curly quotes around a quote.\ntopics: [enlargement]\nsources:\n"
        "  - source: alpha\n\t  quote: \u201cIn April 2008 the allies met at a summit\u201d\n"
        "  - source: beta\n    quote: \"\u201cThe alliance was founded in 1949.\u201d\"\n", encoding="utf-8")
    assert problems(data_copy, fixture_sources)
    fixed = run("validate.py", "--fix", "--data", str(data_copy), "--sources", str(fixture_sources), cwd=data_copy.parent)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert fixed.stdout.splitlines()[:4] == [
        'data/events/fixable.yaml:3: fixed: date put in quotes: "2008-04"',
        "data/events/fixable.yaml:9: fixed: tab in the indentation replaced by 2 spaces",
        "data/events/fixable.yaml:9: fixed: typographic quotes around the quote replaced by straight YAML quotes",
        "data/events/fixable.yaml:11: fixed: typographic quotes around the quote replaced by straight YAML quotes",
    ]
    assert problems(data_copy, fixture_sources) == []
    again = run("validate.py", "--fix", "--data", str(data_copy), "--sources", str(fixture_sources), cwd=data_copy.parent)
    assert again.stdout.startswith("data OK")  # nothing left to fix


def test_fix_leaves_what_it_cannot_repair_safely():
    text = 'id: x\ntitle: "unclosed\nquote: \u201chalf\nnote: he said \u201cno\u201d twice\n'
    assert fix_text(text) == (text, [])
