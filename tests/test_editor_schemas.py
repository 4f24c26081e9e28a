"""Editor support: the schemas as an editor reads them (with the generated lists of known
ids) accept the real data, flag unknown ids and badly written dates, and stay in step with
data/; the field reference shows every description and the length limits."""

from __future__ import annotations

import json
import shutil

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

import refresh  # scripts/refresh.py
from conftest import ROOT
from timeline import schema, types
from timeline.fieldref import reference
from timeline.yamlload import load_text

SCHEMAS = ROOT / "docs" / "schema"
FILES = {t.key: t.data_path if t.is_table else f"{t.data_path}/*.yaml" for t in types.IN_DATA}


def editor_validator(name: str) -> Draft202012Validator:
    """The schema as yaml-language-server sees it: references to ids.schema.json resolved."""
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
                 for p in SCHEMAS.glob("*.schema.json")]
    raw = json.loads((SCHEMAS / schema.SCHEMA_FILES[name]).read_text(encoding="utf-8"))
    return Draft202012Validator(raw, registry=Registry().with_resources(resources))


def errors(name: str, value) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in editor_validator(name).iter_errors(value)]


@pytest.mark.parametrize("name", FILES)
def test_the_editor_schemas_accept_every_real_record(name):
    paths = sorted((ROOT / "data").glob(FILES[name]))
    assert paths
    for path in paths:
        value = load_text(path.read_bytes(), path.name).value
        assert errors(name, value) == [], path.name


def test_the_editor_schema_flags_an_unknown_id_and_a_badly_written_date():
    path = sorted((ROOT / "data" / "events").glob("*.yaml"))[0]
    event = load_text(path.read_bytes(), path.name).value
    event["topics"] = event["topics"] + ["enlargment"]
    event["sources"][0]["source"] = "no-such-source"
    event["date"] = "2008-4"
    found = errors("event", event)
    assert any(f.startswith(f"topics/{len(event['topics']) - 1}:") for f in found), found
    assert any(f.startswith("sources/0/source:") for f in found), found
    assert any(f.startswith("date:") for f in found), found


def test_the_validator_does_not_use_the_id_lists():
    """Other data sets (synthetic, fixtures) have other ids: the validator checks references
    against the data it loads, and its schemas carry no reference to the lists."""
    for name in schema.SCHEMA_FILES:
        assert "ids.schema.json" not in json.dumps(schema.load_schema(name))
    assert "ids.schema.json" in (SCHEMAS / "event.schema.json").read_text(encoding="utf-8")


def test_the_date_pattern_accepts_every_form_the_parser_does():
    pattern = schema.load_schema("event")["properties"]["date"]["pattern"]
    import re
    good = ["2008", "2008-04", "2008-04-03", "199X", "1990~", "2008?", "2008-08-07/2008-08-12", "2014-04/..",
            "199X/2001"]
    bad = ["2008-4", "08-04-2008", "April 2008", "2008/", "2008-04-03T10:00", "19XX"]
    assert all(re.fullmatch(pattern, d) for d in good)
    assert not any(re.fullmatch(pattern, d) for d in bad)


def test_generated_files_are_up_to_date():
    """ids.schema.json, the field reference and (with the archive) the quote lock."""
    assert refresh.main(["--check"]) == 0, "run: python3 scripts/dev.py refresh"


def test_a_new_actor_makes_the_id_lists_stale(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    with open(data / "actors.yaml", "a", encoding="utf-8") as table:
        table.write("- id: a-new-actor\n  name: A new actor\n  type: person\n  description: Added for this test.\n")
    assert refresh.main(["--check", "--data", str(data)]) == 1
    assert "docs/schema/ids.schema.json is out of date: run python3 scripts/dev.py refresh" in capsys.readouterr().err


def test_the_field_reference_shows_every_description_and_the_length_limits():
    fields = [f for ref in reference() for f in ref.fields]
    assert all(f.description for f in fields), [f.name for f in fields if not f.description]
    limits = {f.name: f.limits for f in reference()[0].fields}
    assert limits["title"] == "3–140 characters"
    assert limits["sources[].quote"] == "at least 3 characters; at most 30 words"
    assert limits["topics"] == "1–20 items"
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "| `title` | yes | text | 3–140 characters | Short headline" in contributing
