"""The built site as a whole: nothing lost, every internal link and anchor resolves, builds
are reproducible, and data cannot put live script or unsafe URLs into the pages."""

from __future__ import annotations

import html.parser
import json
import posixpath
import shutil
from datetime import UTC
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import FIXTURES, ROOT, SHARED_SOURCES, SITE_URL, mkdocs_build, snapshot
from timeline.load import load
from timeline.model import build as build_model

pytestmark = pytest.mark.build
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "cite"}


class PageParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self._script: dict | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            self.attributes.append((tag, name, value or ""))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag == "script":
            self._script, self._script_text = attrs, []

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_record_appears_in_the_site(real_site):
    site = build_model(load(ROOT / "data", sources_dir=SHARED_SOURCES if SHARED_SOURCES.is_dir() else None))

    def links_on(folder: str, ident: str) -> str:
        """The list page of a record with all its following pages (x/, x/2/, …)."""
        return "".join(p.read_text(encoding="utf-8") for p in (real_site / folder / ident).rglob("index.html"))

    for e in site.events:
        assert (real_site / "events" / e.id / "index.html").is_file()
        assert f"events/{e.id}/" in links_on("kinds", e.kind)
        for t in e.topics:
            assert f"events/{e.id}/" in links_on("topics", t)
        for a in e.actors:
            assert f"events/{e.id}/" in links_on("actors", a)
        for c in e.sources:
            assert f"events/{e.id}/" in links_on("sources", c.source)
        assert f"events/{e.id}/" in links_on("eras", e.era)
    timeline = "".join(p.read_text(encoding="utf-8") for p in (real_site / "timeline").rglob("index.html"))
    assert all(f"events/{e.id}/" in timeline for e in site.events)
    for folder, records in [("topics", site.topics), ("actors", site.actors), ("eras", site.eras),
                            ("sources", site.sources)]:
        index = (real_site / folder / "index.html").read_text(encoding="utf-8")
        for r in records:
            assert f'href="{r.id}/"' in index, (folder, r.id)


def test_every_internal_link_and_anchor_resolves(real_site):
    pages = {p: parse(p) for p in html_pages(real_site)}
    broken = []
    for page, parsed in pages.items():
        here = page.relative_to(real_site).parent.as_posix()
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto") or href.startswith("//"):
                continue
            assert not parts.scheme, f"{page}: {href}"
            path = unquote(parts.path)
            if not path:
                target = page
            elif path.startswith("/"):  # only 404.html, which is served at any depth, uses these
                assert path.startswith(urlsplit(SITE_URL).path), f"{page}: {href}"  # under the published address
                target = real_site / posixpath.normpath(path[len(urlsplit(SITE_URL).path):] or ".")
            else:
                target = real_site / posixpath.normpath(posixpath.join(here, path))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(real_site)}: {href}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(real_site)}: {href} (no such anchor)")
    assert broken == []


def test_two_builds_of_the_same_data_are_byte_identical(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")  # a fixed copy of the real data
    sites = [tmp_path / "first", tmp_path / "second"]
    for site in sites:
        result = mkdocs_build(site, tmp_path / "data", SITE_URL="https://example.org/timeline/")
        assert result.returncode == 0, result.stderr
    first, second = (snapshot(site) for site in sites)
    assert len(first) > 100 and first == second
    from datetime import datetime

    from timeline.load import load
    from timeline.model import build
    newest = build(load(tmp_path / "data")).content_date  # the newest source's publication date
    day = datetime.fromtimestamp(newest, UTC).date().isoformat()
    assert f"<lastmod>{day}</lastmod>" in (sites[0] / "sitemap.xml").read_text()  # not the build date


XSS = [  # the first ones fit in the shortest fields (titles, names: 100 characters)
    "</title><script>alert(1337)</script>",
    '"><iframe src="javascript:alert(1337)">',
    "<script>alert(1337)</script>",
    "<img src=x onerror=alert(1337)>",
    "<svg/onload=alert(1337)>",
    "javascript:alert(1337)",
    "{: onclick=alert(1337) }",
    "&#x3C;script&#x3E;alert(1337)&#x3C;/script&#x3E;",
    "<a href=javascript:alert(1337)>x</a>",
    "`<script>alert(1337)</script>`",
    "<style>*{display:none}</style>",
]
PAYLOAD = " ".join(XSS)


LIMITS = {"title": 100, "name": 100, "summary": 300, "description": 300}


def poison(data: Path, sources: Path) -> None:
    """Put the payloads into every text field of every record (within the schema's lengths),
    and URLs that try to break out of their attribute into every URL field and body link."""
    import yaml

    def fit(text: str, key: str) -> str:
        return (PAYLOAD + " " + text)[: LIMITS.get(key, 10_000)]

    for path in sorted(data.rglob("*.yaml")):
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
        for record in value if isinstance(value, list) else [value]:
            for key in ("title", "summary", "description", "name", "publisher", "author", "reliability"):
                if key in record:
                    record[key] = fit(record[key], key)
            if path.parent.name in ("events", "topics"):
                record["body"] = PAYLOAD + "\n\n[a link](https://example.org/alert(1337)) and [b](event:war-2008)"
            if "url" in record:
                record["url"] = "https://example.org/alert(1337)?q=1&r=%22%3E%3Cscript%3E"
            for note in record.get("notes", []):
                note["text"] = PAYLOAD
            for cite in record.get("sources", []):
                cite["quote"] = "alert(1337)</script><script>alert(1337)"
        path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    for text in sources.glob("*.txt"):
        text.write_text(text.read_text(encoding="utf-8") + "\nalert(1337)</script><script>alert(1337)\n", encoding="utf-8")


def test_payloads_in_every_field_give_no_live_script_or_unsafe_url(tmp_path):
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(FIXTURES / "data", data)
    shutil.copytree(FIXTURES / "sources", sources)
    poison(data, sources)
    site = tmp_path / "site"
    result = mkdocs_build(site, data, sources)
    assert result.returncode == 0, result.stderr
    pages = html_pages(site)
    assert len(pages) > 20
    seen_payload = False
    for page in pages:
        parsed = parse(page)
        for attrs, text in parsed.scripts:
            if attrs.get("type") == "application/ld+json":  # data, not code: it must only stay inside
                assert "<" not in text and json.loads(text), page
                continue
            assert "1337" not in text and "1337" not in attrs.get("src", ""), page
        for tag, name, value in parsed.attributes:
            assert not name.startswith("on"), (page, tag, name, value)
            assert tag not in ("iframe", "object", "embed", "style"), (page, tag)
            if name in URL_ATTRIBUTES:
                assert not value.strip().lower().startswith(UNSAFE_SCHEMES), (page, tag, name, value)
        seen_payload |= "alert(1337)" in page.read_text(encoding="utf-8")
    assert seen_payload, "the payloads should be on the pages, as text"
