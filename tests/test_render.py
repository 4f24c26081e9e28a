"""Model and rendering, without a build: golden pages, back-links, escaping."""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import markdown
import pytest

from conftest import FIXTURES
from timeline import markup, types
from timeline.export import Publication
from timeline.load import load
from timeline.model import build
from timeline.lists import paginate
from timeline.render import Renderer
from timeline.sections import SECTIONS

PUB = Publication("Example timeline", "https://example.org/timeline/", "https://example.org/repo")

GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = [*markup.SITE_EXTENSIONS, markup.LinkGuard()]  # the site's Markdown pipeline, as in mkdocs.yml


@pytest.fixture
def site(fixture_sources):
    return build(load(FIXTURES / "data", sources_dir=fixture_sources))


def test_model_orders_events_and_links_them(site):
    assert [e.id for e in site.events] == ["founding-1949", "talks-1990s", "summit-2008", "war-2008"]
    war = site.event["war-2008"]
    assert war.previous == "summit-2008" and war.next is None
    assert [(link.label, link.event) for link in war.inbound] == [("Follows from", "summit-2008")]
    assert [(link.label, link.event) for link in site.event["summit-2008"].related] == [("Leads to", "war-2008")]
    assert war.era == "late" and site.event["talks-1990s"].era == "early"
    assert [e.id for e in site.by_topic["enlargement"]] == ["founding-1949", "talks-1990s", "summit-2008"]
    assert [e.id for e in site.by_source["beta"]] == ["talks-1990s", "war-2008"]
    assert [e.id for e in site.by_actor["norway"]] == ["founding-1949"]
    assert site.by_kind["enlargement"] == ()
    assert site.members_on(date(1948, 12, 31)) == [] and site.members_on(date(1950, 1, 1)) == ["norway"]


def test_citation_order_and_notes_are_kept_as_written(site):
    war = site.event["war-2008"]
    assert [c.source for c in war.sources] == ["alpha", "beta"]
    assert war.notes[0].title == "Sources disagree" and war.notes[0].sources == ("alpha", "beta")


def test_pages_match_golden_files(site):
    pages = {p.src: p for p in Renderer(site, publication=PUB).pages()}
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for src, page in pages.items():
            (GOLDEN / src).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / src).write_text(page.content, encoding="utf-8")
    golden = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert set(pages) == golden
    for src, page in pages.items():
        assert page.content == (GOLDEN / src).read_text(encoding="utf-8"), f"{src} differs; UPDATE_GOLDEN=1 to accept"


def test_every_record_gets_a_page_with_its_edit_source(site):
    pages = {p.src: p for p in Renderer(site).pages()}
    for e in site.events:
        assert pages[f"events/{e.id}.md"].data_file == e.file
    for k in site.kinds:
        assert f"kinds/{k.id}.md" in pages
    assert pages["topics/enlargement.md"].data_file.endswith("data/topics/enlargement.yaml")
    assert {p.src for p in pages.values() if p.in_nav} == {
        "timeline/index.md", "kinds/index.md", "topics/index.md", "actors/index.md", "eras/index.md",
        "sources/index.md", "about/data-reference.md", "about/coverage.md", "membership.md", "about/data.md", "index.md"}


def test_pagination_bounds_every_list():
    pages = paginate("topics/x.md", tuple(range(250)), 100)
    assert [(src, len(chunk)) for src, chunk, _ in pages] == [("topics/x.md", 100), ("topics/x/2.md", 100),
                                                               ("topics/x/3.md", 50)]
    assert pages[2][2].total == 3 and pages[2][2].number == 3
    assert paginate("kinds/y.md", ())[0][0] == "kinds/y.md"


PAYLOADS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '{: onclick="alert(1)" }',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '![x](data:image/svg+xml;base64,PHN2Zz4=)',
    '<svg/onload=alert(1)>',
    '`<script>`',
]


def test_data_text_cannot_inject_html(data_copy, fixture_sources):
    payload = " ".join(PAYLOADS)
    title = PAYLOADS[0] + PAYLOADS[1] + PAYLOADS[7]
    evil = data_copy / "events" / "evil.yaml"
    record = ("id: evil\n"
              "title: {title!r}\n"
              'date: "2008-05"\n'
              "kind: statement\n"
              "summary: {text!r}\n"
              "body: {text!r}\n"
              "topics: [enlargement]\n"
              "sources:\n  - source: alpha\n    quote: In April 2008 the allies met\n"
              "notes:\n  - type: editorial\n    text: {text!r}\n")
    evil.write_text(record.format(title=title, text=payload), encoding="utf-8")
    # The validator refuses the unsafe links in body and notes ...
    from timeline.problems import DataError
    with pytest.raises(DataError) as info:
        load(data_copy, sources_dir=fixture_sources)
    assert {p.field for p in info.value.problems} == {"body", "notes[0].text", "summary"}
    # ... and even if such a record got through (here: put into the data after validation),
    # the rendered page would carry no live HTML.
    evil.write_text(record.format(title="Evil", text="A harmless text of some length."), encoding="utf-8")
    raw = load(data_copy, sources_dir=fixture_sources)
    data = next(r for r in raw.of("event") if r.id == "evil").data
    data.update(title=title, summary=payload, body=payload)
    data["notes"][0]["text"] = payload
    site = build(raw)
    page = next(p for p in Renderer(site).pages() if p.src == "events/evil.md")
    html = markdown.markdown(page.content.split("---", 2)[2], extensions=EXTENSIONS)
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<a href=\"javascript" not in html
    for tag in re.findall(r"<[^>]+>", html):
        assert not re.search(r"\son\w+\s*=", tag), tag
        assert "javascript:" not in tag and "data:" not in tag, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text


def test_markdown_export_holds_every_record_beside_the_hand_written_pages(tmp_path, fixture_sources):
    from export_markdown import export  # scripts/export_markdown.py
    count = export(tmp_path / "out", FIXTURES / "data", fixture_sources, PUB)
    site = build(load(FIXTURES / "data", sources_dir=fixture_sources))
    written = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.md")}
    expected = {f"events/{e.id}.md" for e in site.events} | {f"topics/{t.id}.md" for t in site.topics} \
        | {f"actors/{a.id}.md" for a in site.actors} | {f"eras/{e.id}.md" for e in site.eras} \
        | {f"sources/{s.id}.md" for s in site.sources} | {"index.md", "about/method.md"}
    assert expected <= written
    assert count == len(list(Renderer(site).pages()))
    assert (tmp_path / "out" / "events" / "war-2008.md").read_text() == (GOLDEN / "events" / "war-2008.md").read_text()


def test_list_entries_link_correctly_from_any_folder(site):
    """An event's entry is rendered once per way to the events folder and reused: from every
    list page, at every depth (page 2 of a list is one folder deeper), it links right."""
    links = {}
    for page in Renderer(site, page_size=1).pages():
        for entry in re.findall(r"^- .*$", page.content, re.M):  # the entries of a list
            link = re.search(r"\]\(([^)#]*war-2008\.md)\)", entry)
            if link:
                links[page.src] = link[1]
    assert {"kinds/conflict.md", "topics/wars.md", "eras/late/2.md", "sources/alpha/3.md", "actors/georgia/2.md",
            "timeline/2000s/2.md", "about/disputed.md"} <= set(links)
    for src, target in links.items():
        assert target == posixpath.relpath("events/war-2008.md", posixpath.dirname(src)), src
    assert {src.count("/") for src in links} >= {1, 2}


def test_every_section_has_its_index_and_a_list_page_per_record(site):
    """One table (sections.SECTIONS) makes the pages of every record type but the events:
    an index in the nav with a row per record (its link and number of events), and the
    record's list of events, one page per event here, the first with its data file."""
    pages = {p.src: p for p in Renderer(site, page_size=1).pages()}
    assert {s.type for s in SECTIONS} == set(types.ALL) - {types.EVENT}
    for section in SECTIONS:
        index = pages[section.index]
        assert index.in_nav and index.data_file is None
        rows = [line for line in index.content.splitlines() if line.startswith("| [")]
        events = section.events(site)
        records = section.records(site)
        assert len(rows) == len(records), section.index
        for record in records:
            src, count = section.type.page(record.id), len(events[record.id])
            row = next(r for r in rows if f"]({record.id}.md) |" in r)
            assert row.startswith(f"| [{markup.text(section.label(record))}]") and row.endswith(f" | {count} |")
            first = pages.pop(src)
            assert re.search(r"^# (.*)$", first.content, re.M)[1] == markup.text(section.label(record))
            assert first.data_file == (record.file if section.type.in_data else None)
            assert [n for n in range(2, count + 1) if f"{src[:-3]}/{n}.md" in pages] == list(range(2, count + 1))
    assert not [src for src in pages if src.split("/")[0] in {s.type.page_folder for s in SECTIONS}
                and not src.endswith("/index.md") and src.count("/") == 1]  # no page for a record not in the table


def test_page_context_links_from_its_own_folder(site):
    renderer = Renderer(site)
    deep = renderer.context("topics/wars/2.md")
    assert deep.url("events/war-2008.md") == "../../events/war-2008.md"
    assert deep.link("A [b]", "index.md") == "[A \\[b\\]](../../index.md)"
    assert renderer.context("index.md").url("kinds/index.md") == "kinds/index.md"
    assert deep.resolve("source", "alpha") == "../../sources/alpha.md" and deep.resolve("source", "nope") is None
    assert deep.body("See [alpha](source:alpha).") == "See [alpha](../../sources/alpha.md)."
    assert deep.link_to("History", "https://example.org/a?b=1&c=2") == "[History](https://example.org/a?b=1&amp;c=2)"
    # An event's list entry is made once for every page that reaches the events folder the same way.
    war = site.event["war-2008"]
    entry = renderer.context("kinds/conflict.md").item(war)
    assert renderer.context("topics/wars.md").item(war) is entry
    assert "](../events/war-2008.md)" in entry
    assert "](../../events/war-2008.md)" in deep.item(war)


def test_membership_figures_are_counted_from_the_accessions(site):
    """No count or date of the Membership page is written in the code or the templates."""
    def membership(s):
        return next(p for p in Renderer(s).pages() if p.src == "membership.md").content

    assert "NATO was founded by 1 member in 1949" in membership(site)  # the fixture's one accession
    founding = replace(site.event["founding-1949"], accessions=("norway", "georgia", "russia"))
    grown = replace(site, events=tuple(founding if e.id == founding.id else e for e in site.events))
    assert "NATO was founded by 3 members in 1949" in membership(grown)
    war = replace(grown.event["war-2008"], accessions=("jane-doe",))
    twice = replace(grown, events=tuple(war if e.id == war.id else e for e in grown.events))
    assert "grew from 3 founding members in 1949 to 4 by" in membership(twice)
    assert "in 1 enlargement." in membership(twice)
    assert "NATO members over time: 3 by 1949" in membership(grown)


@pytest.mark.parametrize("alpha, beta", [("2020-05-31", "2020-05"), ("2020-05", "2020-05-31")])
def test_one_date_of_the_data_for_footer_data_page_and_sitemap(data_copy, fixture_sources, alpha, beta):
    """The footer and home page (Coverage), the Data page and downloads (Site.data_date) and
    the sitemap's stamp (Site.content_date) name the same newest publication, also when two
    sources end on the same day at different precisions, in either order."""
    from datetime import UTC, datetime

    from timeline.coverage import Coverage
    path = data_copy / "sources.yaml"
    text = path.read_text(encoding="utf-8").replace('published: "2020-05-03"', f'published: "{alpha}"', 1)
    path.write_text(text.replace("  archive: beta.txt\n", f'  archive: beta.txt\n  published: "{beta}"\n', 1),
                    encoding="utf-8")
    site = build(load(data_copy, sources_dir=fixture_sources))
    assert site.data_date is not None
    assert Coverage.of(site).newest == site.data_date
    assert datetime.fromtimestamp(site.content_date or 0, UTC).date() == date(2020, 5, 31)
