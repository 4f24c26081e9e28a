"""The benchmark's data sets: synthetic records, and the real records replicated."""

from __future__ import annotations

from conftest import FIXTURES
from synth import replicate
from timeline.load import load
from timeline.model import build


def test_replicated_real_data_is_valid_with_every_link_inside_its_copy(tmp_path):
    originals = sorted(p.stem for p in (FIXTURES / "data" / "events").glob("*.yaml"))
    data = replicate(FIXTURES / "data", tmp_path, 3 * len(originals) - 1)
    site = build(load(data, sources_dir=FIXTURES / "sources"))
    assert sorted(e.id for e in site.events) == sorted(f"{i}{s}" for i in originals for s in ("", "-c1", "-c2"))
    for e in site.events:
        suffix = e.id[len(e.id.rsplit("-c", 1)[0]):] if e.id.endswith(("-c1", "-c2")) else ""
        original = site.event[e.id.removesuffix(suffix)]
        assert [(r.type, r.event) for r in e.related] == [(r.type, r.event + suffix) for r in original.related]
        assert (e.title, e.date, e.sources) == (original.title, original.date, original.sources)


def test_synthetic_data_is_valid_and_uses_every_kind_and_relation_of_the_schema(tmp_path):
    from synth import generate
    from timeline import schema

    data = generate(tmp_path, 60)
    site = build(load(data, sources_dir=tmp_path / "sources"))
    assert {e.kind for e in site.events} == {k["id"] for k in schema.event_kinds()}
    assert {link.type for e in site.events for link in e.related} == {r["id"] for r in schema.relation_types()}
