"""Links to the repository: with an address configured, every edit and history link opens a
file that exists in the repository and every event page can report a problem through the
issue form; without one, the site links to no repository and asks none for anything."""

from __future__ import annotations

import posixpath
import re
import subprocess
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import ROOT, mkdocs_build

pytestmark = pytest.mark.build
REPO = "https://github.com/example-owner/timeline"
SITE = "https://example.org/timeline/"


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("with-repo") / "site"
    result = mkdocs_build(site, SITE_REPO_URL=REPO, SITE_URL=SITE)
    assert result.returncode == 0, result.stderr
    return site


def tracked() -> set[str]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def hrefs(page) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))]


def test_every_edit_and_history_link_points_at_a_file_in_the_repository(repo_site):
    files = tracked()
    kinds = {"edit": 0, "commits": 0}
    for page in sorted(repo_site.rglob("*.html")):
        for href in hrefs(page):
            match = re.fullmatch(re.escape(REPO) + r"/(edit|commits)/main/(.+)", href)
            if match:
                path = posixpath.normpath(unquote(match[2]))
                assert path in files, f"{page.relative_to(repo_site)} links to {href}: no such file"
                kinds[match[1]] += 1
    assert kinds["edit"] > 100 and kinds["commits"] > 100, kinds


def test_every_event_page_reports_a_problem_through_the_form_prefilled_with_its_address(repo_site):
    forms = {p.name for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")}
    events = sorted((repo_site / "events").iterdir())
    assert events
    for folder in events:
        page = folder / "index.html"
        reports = [h for h in hrefs(page) if h.startswith(f"{REPO}/issues/new?")]
        assert len(reports) == 1, page
        query = parse_qs(urlsplit(reports[0]).query)
        assert query["template"][0] in forms
        assert query["entry"] == [f"{SITE}events/{folder.name}/"]
        assert query["title"][0].startswith("Error in: ")
        assert f'{REPO}/commits/main/data/events/{folder.name}.yaml' in hrefs(page)


def test_without_a_repository_address_there_is_no_link_to_or_request_for_a_repository(real_site):
    for page in sorted(real_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        links = [h for h in hrefs(page) if "github.com" in urlsplit(h).netloc]
        assert links == [], (page, links)
        assert 'data-md-component="source"' not in text, page  # Material's repository widget fetches its stats
        assert "Report a problem" not in text and "History of this record" not in text
