"""Rebuilds under `mkdocs serve` reuse unchanged pages, and give the same site as a full build."""

from __future__ import annotations

import shutil
import sys

import pytest

from conftest import ROOT, mkdocs_build, snapshot

pytestmark = pytest.mark.build


def test_rebuild_converts_only_changed_pages_and_matches_a_full_build(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("TIMELINE_DATA", str(data))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(Page, "render", Page.render)  # restored after the test
    served = tmp_path / "served"

    def config():
        return load_config(str(ROOT / "mkdocs.yml"), site_dir=str(served))

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    module = sys.modules["hooks/serve_cache.py"]  # MkDocs names a hook module after its path
    converted = []
    original = module._original_render
    monkeypatch.setattr(module, "_original_render", lambda page, *a: (converted.append(page.file.src_uri), original(page, *a)))
    build(first)
    pages = len(converted)

    event = data / "events" / "bucharest-summit-2008.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Edited, ", 1), encoding="utf-8")
    converted.clear()
    build(config())
    assert "events/bucharest-summit-2008.md" in converted
    assert 0 < len(converted) < pages / 4, f"{len(converted)} of {pages} pages converted again"

    fresh = tmp_path / "fresh"
    result = mkdocs_build(fresh, data)
    assert result.returncode == 0, result.stderr
    assert snapshot(served) == snapshot(fresh)
