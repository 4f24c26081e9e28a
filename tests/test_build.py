"""Full MkDocs builds (strict): real data, atomic failure, bounded navigation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SHARED_SOURCES, mkdocs_build, snapshot
from synth import generate
from timeline.load import load
from timeline.model import build as build_model

pytestmark = pytest.mark.build


def test_every_event_has_its_page_and_every_kind_its_list(real_site):
    sources = SHARED_SOURCES if SHARED_SOURCES.is_dir() else None
    site = build_model(load(ROOT / "data", sources_dir=sources))
    assert len(site.events) >= 15
    for event in site.events:
        page = (real_site / "events" / event.id / "index.html").read_text(encoding="utf-8")
        assert re.search(r"<h1[^>]*>", page)
    for kind in site.kinds:  # a kind's list with its following pages (x/, x/2/, …)
        pages = "".join(p.read_text(encoding="utf-8") for p in (real_site / "kinds" / kind.id).rglob("index.html"))
        for event in site.by_kind[kind.id]:
            assert f'/events/{event.id}/"' in pages
    timeline = "".join(p.read_text(encoding="utf-8") for p in (real_site / "timeline").rglob("index.html"))
    for event in site.events:  # a decade's later pages sit one folder deeper
        assert re.search(rf'href="(\.\./){{2,3}}events/{event.id}/"', timeline), event.id
    home = (real_site / "index.html").read_text(encoding="utf-8")
    newest = max((s.published for s in site.sources if s.published), key=lambda d: d.start.latest)
    assert f"1949 to <time datetime=\"{newest.start.html()}\">{newest.display()}</time>" in home
    assert f"Coverage: 1949 to {newest.display()}" in home  # the footer


def test_with_a_repository_address_edit_links_open_the_record_and_nothing_is_fetched(tmp_path, data_copy,
                                                                                    fixture_sources):
    site = tmp_path / "site"
    result = mkdocs_build(site, data_copy, fixture_sources, SITE_REPO_URL="https://example.org/owner/timeline")
    assert result.returncode == 0, result.stderr
    page = (site / "events" / "war-2008" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://example.org/owner/timeline/edit/main/[^"]*/events/war-2008.yaml"', page)
    assert 'href="https://example.org/owner/timeline"' in page  # the repository link ...
    assert 'data-md-component="source"' not in page  # ... without the widget that calls the GitHub API


def test_failed_validation_leaves_the_existing_site_untouched(tmp_path, data_copy, fixture_sources):
    site = tmp_path / "site"
    first = mkdocs_build(site, data_copy, fixture_sources)
    assert first.returncode == 0, first.stderr
    before = snapshot(site)
    shutil.copy(FIXTURES / "invalid" / "four-problems.yaml", data_copy / "events")
    failed = mkdocs_build(site, data_copy, fixture_sources)
    assert failed.returncode != 0
    output = failed.stdout + failed.stderr
    assert "Traceback" not in output
    expected = (FIXTURES / "invalid" / "four-problems.expected").read_text().splitlines()
    for line in expected:  # same messages as the validator, paths under the data folder
        assert line.replace("data/", f"{data_copy.relative_to(data_copy.anchor)}/".lstrip("/"), 1).split(": ", 1)[1] in output
    assert output.count("four-problems.yaml:") == 4
    assert snapshot(site) == before


def nav_items(page: Path) -> int:
    """Links of the site navigation; the page's own table of contents (href="#…") is left out."""
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*class="md-nav__link', html)
    return sum(1 for href in links if not href.startswith("#"))


def test_navigation_does_not_grow_with_the_number_of_events(tmp_path):
    counts = {}
    for n in (15, 1500):
        generate(tmp_path / str(n), n, seed=1)
        site = tmp_path / str(n) / "site"
        result = mkdocs_build(site, tmp_path / str(n) / "data", tmp_path / str(n) / "sources")
        assert result.returncode == 0, result.stderr
        assert len(list((site / "events").iterdir())) == n
        counts[n] = (nav_items(site / "index.html"), nav_items(site / "events" / "event-00007" / "index.html"))
    assert counts[15] == counts[1500]
    assert counts[15][0] > 5
