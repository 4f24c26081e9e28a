"""The built site in headless Chromium: axe-core on every page type, and reading without JS."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python")

import screenshots  # noqa: E402  (scripts/screenshots.py)


def test_every_page_type_has_no_axe_violations(real_site):
    artifacts = ROOT / "tests" / "artifacts"
    if artifacts.exists():
        shutil.rmtree(artifacts)
    violations = screenshots.check(real_site, artifacts)
    summary = {where: sorted(v["id"] for v in found) for where, found in violations.items()}
    assert summary == {}
    assert len(list(artifacts.glob("*.png"))) == 2 * len(screenshots.page_types(real_site))


def test_event_pages_read_without_javascript(real_site):
    event = screenshots.page_types(real_site)["event"]
    with screenshots.serve(real_site) as base, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=screenshots.CHROMIUM_ARGS)
        page = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800}).new_page()
        page.goto(base + event)
        assert page.locator("h1").inner_text().strip()
        assert page.locator("time").first.is_visible()
        assert page.locator("#cite-1").count() == 1
        page.get_by_role("link", name="Source 1").first.click()
        assert page.url.endswith("#cite-1")
        bibtex = page.get_by_text("@misc{")
        assert not bibtex.is_visible()  # the formats are folded away, and open without JavaScript
        page.get_by_text("BibTeX and CSL-JSON").click()
        assert bibtex.is_visible()
        browser.close()
