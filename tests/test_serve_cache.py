"""Rebuilds under `mkdocs serve` reuse unchanged pages, and give the same site as a full build."""

from __future__ import annotations

import shutil
import sys

import pytest

from conftest import FIXTURES, ROOT, mkdocs_build, snapshot

pytestmark = pytest.mark.build


def restore_mkdocs_after(monkeypatch) -> None:
    """What the serve cache patches in MkDocs is put back after the test."""
    import mkdocs.commands.build
    from mkdocs import utils
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page
    monkeypatch.setattr(Page, "render", Page.render)
    monkeypatch.setattr(mkdocs.commands.build, "_build_page", mkdocs.commands.build._build_page)
    monkeypatch.setattr(utils, "clean_directory", utils.clean_directory)
    monkeypatch.setattr(Files, "copy_static_files", Files.copy_static_files)


def test_rebuild_converts_only_changed_pages_and_matches_a_full_build(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("TIMELINE_DATA", str(data))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    restore_mkdocs_after(monkeypatch)
    served = tmp_path / "served"

    def config():
        return load_config(str(ROOT / "mkdocs.yml"), site_dir=str(served))

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    module = sys.modules["hooks/serve_cache.py"]  # MkDocs names a hook module after its path
    converted = []
    original = module._original_render
    monkeypatch.setattr(module, "_original_render", lambda page, *a: (converted.append(page.file.src_uri), original(page, *a)))
    templated = []
    original_page = module._original_build_page
    monkeypatch.setattr(module, "_original_build_page",
                        lambda page, *a, **k: (templated.append(page.file.src_uri), original_page(page, *a, **k)))
    build(first)
    pages = len(converted)
    assert len(templated) == pages

    event = data / "events" / "bucharest-summit-2008.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Edited, ", 1), encoding="utf-8")
    converted.clear()
    templated.clear()
    build(config())
    assert "events/bucharest-summit-2008.md" in converted
    assert 0 < len(converted) < pages / 4, f"{len(converted)} of {pages} pages converted again"
    assert sorted(templated) == sorted(converted), "only the pages whose HTML changed go through the theme again"

    fresh = tmp_path / "fresh"
    result = mkdocs_build(fresh, data)
    assert result.returncode == 0, result.stderr
    assert snapshot(served) == snapshot(fresh)


def test_a_reused_page_is_checked_against_the_anchors_of_the_new_build(tmp_path, monkeypatch, caplog):
    """Page a.md is unchanged (its HTML is reused) but links to an anchor that an edit removed
    from b.md: the rebuild must still report it, as a full build does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "a.md").write_text("# A\n\nSee [the section](b.md#gone).\n", encoding="utf-8")
    (docs / "b.md").write_text("# B\n\n## Gone\n\nText.\n", encoding="utf-8")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("TIMELINE_DATA", str(FIXTURES / "data"))
    monkeypatch.setenv("TIMELINE_SOURCES", str(FIXTURES / "sources"))
    restore_mkdocs_after(monkeypatch)

    def serve_build():
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "served"), docs_dir=str(docs),
                             strict=False)
        config.plugins.on_startup(command="serve", dirty=False)
        caplog.clear()
        build(config)
        return [r.getMessage() for r in caplog.records if "#gone" in r.getMessage()]

    assert serve_build() == []
    (docs / "b.md").write_text("# B\n\nThe section is gone.\n", encoding="utf-8")
    assert serve_build() == ["Doc file 'a.md' contains a link 'b.md#gone', but the doc 'b.md' does not contain an anchor '#gone'."]
