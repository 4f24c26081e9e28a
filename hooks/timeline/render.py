"""Render the model into the Markdown of every generated page, with Jinja2 templates.

Every value a template prints is escaped for Markdown and HTML by default (the
environment's ``finalize``); helpers that build links, dates and data Markdown return
``Markup`` and are trusted because they escape their own inputs (``page.py``). The pages
of the record sections are built from one table (``sections.py``), the Coverage and
Membership pages by their own modules (``coverage.py``, ``membership.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import groupby
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from . import chart, cite, export, fieldref, lists, markup, schema, types
from .coverage import Coverage, coverage_pages
from .lists import PAGE_SIZE, About, paginate
from .membership import membership_page
from .model import Event, Site
from .page import (Page, PageContext, code, html_environment, markdown_environment, original, outside_link, supports,
                   to, when, when_range)
from .repository import REPORT_FORM, Repository
from .sections import SEARCH_BOOST, SECTIONS, Section

NOTE_STYLE = {"disagreement": "warning", "error": "danger", "correction": "danger",
              "relative-date": "info", "editorial": "note"}
HOME_SCALE = partial(chart.Scale, per_year=12.0, column=1.0, pitch=10.0, max_stack=24, tick_every=10)
DECADE_SCALE = partial(chart.Scale, per_year=72.0, column=0.25, pitch=14.0, max_stack=12, tick_every=1)


@dataclass(frozen=True)
class Decade:
    """A decade of the timeline ('1990s', its pages from timeline/1990s.md) and its events in true order."""

    label: str
    src: str
    decade: int
    events: tuple[Event, ...]

    @classmethod
    def of(cls, decade: int, events: Iterable[Event]) -> Decade:
        return cls(f"{decade}s", f"timeline/{decade}s.md", decade, tuple(events))


class Renderer:
    """Every generated page of a site (``pages``), each rendered once from its template with
    the helpers of its page (``context``); what pages share (list entries, coverage, the
    downloads) is made once per renderer."""

    def __init__(self, site: Site, *, page_size: int = PAGE_SIZE, repository: Repository | None = None,
                 publication: export.Publication | None = None):
        self.site = site
        self.page_size = page_size
        self.repository = repository
        self.publication = publication or export.Publication()
        self.site_name = self.publication.name or "the timeline"
        self.env = markdown_environment()
        self.html_env = html_environment()
        self._templates: dict[str, Template] = {}
        self._entries: dict[tuple[str, str], Markup] = {}  # the events' list entries, shared by every page
        self._entry = self.env.get_template("event_item.md.j2")
        # What every template may use, besides the helpers bound to its page (PageContext).
        self._shared = {"site": site, "to": to, "when": when, "when_range": when_range, "note_style": NOTE_STYLE,
                        "original": original, "supports": supports, "site_name": self.site_name,
                        "history": None, "report": None}

    def context(self, src: str) -> PageContext:
        """The helpers bound to the page built from ``src``."""
        return PageContext(src, self.site, self._entries, self._entry)

    def render(self, template: str, ctx: PageContext, **context: Any) -> str:
        """A template's Markdown for the page of ``ctx``."""
        if template not in self._templates:
            self._templates[template] = self.env.get_template(template)
        return self._templates[template].render(
            self._shared, url=ctx.url, link=ctx.link, link_to=ctx.link_to, body=ctx.body, item=ctx.item, **context)

    def _history(self, data_file: str | None) -> str | None:
        return self.repository.history(data_file) if self.repository else None

    @cached_property
    def coverage(self) -> Coverage:
        """What the timeline covers and where it is thin, counted once per renderer."""
        return Coverage.of(self.site)

    # -- pages -------------------------------------------------------------------------
    def pages(self) -> Iterator[Page]:
        yield from self.event_pages()
        yield from self.timeline_pages()
        for section in SECTIONS:
            yield from self.section_pages(section)
        yield self.reference_page()
        yield self.data_page()
        yield from coverage_pages(self)
        yield membership_page(self)
        yield self.home_page()

    def event_page(self, e: Event) -> Page:
        src = to(types.EVENT.key, e.id)
        cites = [i for i, c in enumerate(e.sources, 1) if not c.supports or "summary" in c.supports]
        report = self.repository.report(e.id, e.title) if self.repository else None
        citation = cite.citation(e, self.site, self.publication)
        return Page(src, self.render(
            "event.md.j2", self.context(src), e=e, summary_cites=cites, report=report, history=self._history(e.file),
            cite=citation,
            cite_bibtex=Markup(markup.html_escape(citation.bibtex.rstrip("\n"))),
            cite_csl=Markup(markup.html_escape(citation.csl_json.rstrip("\n"))),
            jsonld=cite.json_ld(e, self.site, self.publication), search=SEARCH_BOOST[types.EVENT.key],
        ), e.file)

    def event_pages(self) -> Iterator[Page]:
        for e in self.site.events:
            yield self.event_page(e)

    def timeline_pages(self) -> Iterator[Page]:
        by_decade = groupby(self.site.events, key=lambda e: e.date.decade)
        decades = [Decade.of(decade, group) for decade, group in by_decade]
        src = "timeline/index.md"
        yield Page(src, self.render("timeline_index.md.j2", self.context(src), decades=decades, cov=self.coverage),
                   in_nav=True)
        for i, d in enumerate(decades):
            yield from self._decade_pages(d, decades[i - 1] if i > 0 else None,
                                          decades[i + 1] if i + 1 < len(decades) else None)

    def _decade_pages(self, d: Decade, previous: Decade | None, following: Decade | None) -> Iterator[Page]:
        """A decade's pages: its picture, then its events by year (pages of ``page_size``)."""
        parts = paginate(d.src, d.events, self.page_size)
        year_page: dict[int | None, str] = {}  # year -> the page that starts it (None: known only to the decade)
        for src, chunk, _ in parts:
            for e in chunk:
                year_page.setdefault(e.date.year if e.date.precision != "decade" else None, src)
        scale = DECADE_SCALE(d.decade, min(d.decade + 9, self.coverage.span_end))
        for src, chunk, pages in parts:
            svg = self.timeline_chart(d.events, src, scale, partial(_year_href, year_page, d.src, src),
                                      f"the {d.label}")
            yield Page(src, self.render(
                "timeline_page.md.j2", self.context(src),
                heading=f"The {d.label}" + (f" (page {pages.number})" if pages.number > 1 else ""),
                label=d.label, count=len(d.events), sections=lists.year_sections(chunk, d.label), pages=pages,
                chart=svg, previous=previous, next=following,
            ), searched=False)

    def timeline_chart(self, events: Sequence[Event], here: str, scale: chart.Scale,
                       column_href: Callable[[int], str], title: str, recent_first: bool = False) -> Markup:
        """A timeline picture for the page built from ``here``: eras as bands, events as marks.
        ``title`` names the span ('1949 to 2026', 'the 1990s')."""
        site = self.site
        t = chart.timeline(
            events, scale, site.eras, event_href=lambda e: chart.href(to(types.EVENT.key, e.id), here),
            era_href=lambda era: chart.href(to(types.ERA.key, era.id), here), column_href=column_href,
            label=lambda e: f"{e.date.display()}: {e.title} ({site.kind[e.kind].title})")
        return Markup(self.html_env.get_template("chart_timeline.html.j2").render(
            t=t, id=f"tl-{scale.first}", title=title, count=len(events),
            shapes={f: shape for f, shape, _, _ in chart.FAMILIES}, families=chart.FAMILIES,
            radius=scale.pitch * 0.38, recent_first=recent_first))

    def list_pages(self, src: str, events: tuple[Event, ...], title: str, about: About,
                   search: int | None = None, ctx: PageContext | None = None) -> Iterator[Page]:
        """A list of events in pages of ``page_size``, by decade or year, under ``title``; the
        first page with ``about`` (lead, introduction, facts) above the events and the data
        file's edit and history links. ``ctx``: the first page's, where the caller made it."""
        parts = paginate(src, events, self.page_size)
        by_year = lists.one_decade(events)
        contents = lists.contents(parts, by_year)
        for page_src, chunk, pages in parts:
            first = pages.number == 1
            content = self.render(
                "list.md.j2", ctx if first and ctx else self.context(page_src),
                sections=lists.list_sections(chunk, by_year), count=len(events), by_year=by_year,
                history=self._history(about.data_file) if first else None, pages=pages,
                contents=contents if len(contents) > 1 else [], title=title, lead=about.lead, intro=about.intro,
                facts=about.facts, search=search)
            yield Page(page_src, content, about.data_file if first else None, searched=first)

    def section_pages(self, section: Section[Any]) -> Iterator[Page]:
        """A section's index of records, then each record's list of events."""
        src = section.index
        yield Page(src, self.render("index.md.j2", self.context(src), title=section.title, lead=section.lead,
                                    column=section.column, groups=section.groups(self.site)), in_nav=True)
        events = section.events(self.site)
        for record in section.records(self.site):
            src = section.type.page(record.id)
            ctx = self.context(src)
            yield from self.list_pages(src, events[record.id], section.label(record), section.page(record, ctx),
                                       section.search, ctx=ctx)

    def home_page(self) -> Page:
        site = self.site
        src = "index.md"
        key = {k for era in site.eras for k in era.key_events}
        events = [e for e in site.events if e.id in key]
        cov = self.coverage
        first, last = cov.first or 0, cov.span_end
        svg = self.timeline_chart(
            site.events, src, HOME_SCALE(first, last),
            lambda year: chart.href(f"timeline/{year // 10 * 10}s.md", src) if site.events else "",
            f"{first} to {last}", recent_first=True)
        members = len(site.accessions())
        return Page(src, self.render("home.md.j2", self.context(src), key_events=events, cov=cov, chart=svg,
                                     members=members), in_nav=True)

    def reference_page(self) -> Page:
        src = "about/data-reference.md"
        # For contributors: readers searching for an event should not land here.
        return Page(src, self.render("reference_page.md.j2", self.context(src), **reference_context("##")),
                    in_nav=True, searched=False)

    @cached_property
    def downloads(self) -> list[export.Download]:
        """The files under /data/, made once per build from the model (no pass over the pages)."""
        return export.downloads(self.site, self.publication)

    def data_page(self) -> Page:
        src = "about/data.md"
        site, pub = self.site, self.publication
        files = [{"name": d.name, "title": d.title, "kb": max(1, round(d.size / 1024)),
                  "src": f"{export.FOLDER}/{d.name}"} for d in self.downloads]
        fields = {name: fieldref.fields(export.download_schema(name)["properties"][name]["items"])
                  for name in export.RECORDS}
        schemas = [{"name": name, "fields": these} for name, these in fields.items()]
        event_fields = {f.name: f for f in fields["events"]}
        csv_columns = [{"name": c, "flat": how, "description": event_fields[c].description if c in event_fields else ""}
                       for c, how in export.CSV_COLUMNS]
        issues = f"{self.repository.url}/issues/new?template={REPORT_FORM}" if self.repository else ""
        return Page(src, self.render(
            "data_page.md.j2", self.context(src), files=files, schemas=schemas, csv_columns=csv_columns, code=code,
            data_date=site.data_date, licence=outside_link(export.LICENCE, export.LICENCE_URL),
            report=outside_link("open an issue", issues) or "open an issue in the project's repository",
            date_columns=export.DATE_COLUMNS, events=len(site.events), pub=pub,
            creative_kinds=[k.title for k in site.kinds if k.schema_org == "CreativeWork"],
        ), in_nav=True)


def _year_href(year_page: dict[int | None, str], decade_src: str, here: str, year: int) -> str:
    """Where a decade picture's column of ``year`` links: the year's heading on the page that
    starts it, or the decade's first page."""
    if year in year_page:
        return chart.href(year_page[year], here, f"y{year}")
    return chart.href(decade_src, here)


def reference_context(heading: str) -> dict:
    return {"files": fieldref.reference(), "heading": Markup(heading), "schema_file": schema.SCHEMA_FILES,
            "code": code}


def problems_page(problems: Sequence[object]) -> str:
    """The page `mkdocs serve` shows in place of every page while the data has problems."""
    return markdown_environment().get_template("problems.md.j2").render(problems=problems)


def field_reference(heading: str = "###") -> str:
    """The field reference as Markdown, for CONTRIBUTING.md."""
    env = markdown_environment()
    return env.get_template("reference.md.j2").render(**reference_context(heading)).strip() + "\n"
