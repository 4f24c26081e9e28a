"""The field reference in CONTRIBUTING.md and on the site come from the JSON Schemas."""

from __future__ import annotations

import fieldref  # scripts/fieldref.py
from timeline.render import field_reference
from timeline.schema import load_schema


def test_contributing_field_reference_is_up_to_date():
    assert fieldref.main(["--check"]) == 0, "run: python scripts/fieldref.py"


def test_every_schema_field_is_in_the_reference():
    text = field_reference()
    for prop in load_schema("event")["properties"]:
        assert f"`{prop}`" in text
    for prop in load_schema("source")["items"]["properties"]:
        assert f"`{prop}`" in text
    assert "`related[].type`" in text and "`responds-to` (Responds to)" in text


def test_a_stale_reference_is_detected(tmp_path, monkeypatch):
    stale = tmp_path / "CONTRIBUTING.md"
    stale.write_text(f"# x\n\n{fieldref.BEGIN}\nold\n{fieldref.END}\n", encoding="utf-8")
    monkeypatch.setattr(fieldref, "PATH", stale)
    assert fieldref.main(["--check"]) == 1
    assert fieldref.main([]) == 0 and fieldref.main(["--check"]) == 0
