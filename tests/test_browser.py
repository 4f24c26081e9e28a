"""The built site in headless Chromium (Debian's): every page type at phone and desktop
width, the timeline pictures, search, print, and reading without JavaScript."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, SITE_URL

PREFIX = urlsplit(SITE_URL).path  # the shared build is made for this address: served at its path

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python")

import screenshots  # noqa: E402  (scripts/screenshots.py)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=screenshots.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base(real_site):
    with screenshots.serve(real_site, PREFIX) as url:
        yield url


def test_every_page_type_at_phone_and_desktop_width(real_site):
    """axe-core finds nothing; no page scrolls sideways; no request leaves the site; no
    console error. Screenshots land in tests/artifacts/ for a person to look at."""
    artifacts = ROOT / "tests" / "artifacts"
    if artifacts.exists():
        shutil.rmtree(artifacts)
    problems = screenshots.check(real_site, artifacts, prefix=PREFIX)
    summary = {where: sorted(f"{v['id']}: {v['help']}" for v in found) for where, found in problems.items()}
    assert summary == {}
    types = screenshots.page_types(real_site)
    assert {"home", "timeline", "decade", "event", "topic", "actor", "era", "source", "kind", "membership",
            "coverage", "404"} <= set(types)
    assert len(list(artifacts.glob("*.png"))) == 2 * len(types)


@pytest.mark.parametrize("where", ["", "decade"])
def test_timeline_marks_are_links_that_resolve(real_site, browser, base, where):
    path = screenshots.page_types(real_site)[where] if where else ""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(base + path)
    marks = page.locator("svg.tl-timeline a")
    hrefs = marks.evaluate_all("links => links.map(a => a.href.baseVal !== undefined ? new URL(a.getAttribute('href'), document.baseURI).href : a.href)")
    assert len(hrefs) > 5
    for href in hrefs:
        target = real_site / urlsplit(href).path[len(PREFIX):]
        assert (target / "index.html").is_file() or target.is_file(), href
    assert page.locator("svg.tl-timeline > title").count() == 1 and page.locator("svg.tl-timeline > desc").count() == 1
    event = page.locator("svg.tl-timeline a[href*='events/']").first
    name = event.locator("title").text_content()
    event.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip().rstrip("¶") in name
    page.close()


def search_results(page, url: str, query: str) -> list[str]:
    page.goto(url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    wanted = "h=" + query.lower().replace(" ", "+")
    page.wait_for_function("w => (document.querySelector('.md-search-result__item > a') || {}).href?.endsWith(w)",
                           arg=wanted)
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_search_ranks_people_topics_and_events_above_about_pages(browser, base):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    url = base + "timeline/"
    assert search_results(page, url, "Putin")[0].endswith("actors/vladimir-putin/?h=putin")
    assert search_results(page, url, "Founding Act")[0].endswith("events/founding-act-1997/?h=founding+act")
    assert search_results(page, url, "enlargement")[0].endswith("topics/enlargement/?h=enlargement")
    page.close()


def test_printed_page_says_where_it_comes_from(real_site, browser, base):
    page = browser.new_page()
    path = screenshots.page_types(real_site)["event"]
    page.goto(base + path)
    page.emulate_media(media="print")
    head = page.locator(".tl-print-head")
    assert head.is_visible()
    text = " ".join(head.inner_text().split())
    assert "Russia and NATO" in text and f"/{path}" in text and "data as of" in text
    outside = page.locator("article a[href^='http']").first
    after = outside.evaluate("a => getComputedStyle(a, '::after').content")
    assert outside.get_attribute("href") in after
    # Nothing pushes the page's title off the first printed page (A4: 1123 CSS px high).
    assert page.locator("h1").bounding_box()["y"] < 600
    page.close()


def test_event_pages_read_without_javascript(real_site, browser, base):
    event = screenshots.page_types(real_site)["event"]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(base + event)
    assert page.locator("h1").inner_text().strip()
    assert page.locator("time").first.is_visible()
    assert page.locator("#cite-1").count() == 1
    cite = page.locator(".tl-summary a[aria-label^='Source']").first
    fragment = cite.get_attribute("href")
    cite.click()
    assert fragment.startswith("#cite-") and page.url.endswith(fragment)
    bibtex = page.get_by_text("@misc{")
    assert not bibtex.is_visible()  # the formats are folded away, and open without JavaScript
    page.get_by_text("BibTeX and CSL-JSON").click()
    assert bibtex.is_visible()
    context.close()
