"""Render the model into the Markdown of every generated page, with Jinja2 templates.

Every value a template prints is escaped for Markdown and HTML by default (the
environment's ``finalize``); helpers that build links, dates and data Markdown return
``Markup`` and are trusted because they escape their own inputs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import cite, dates, export, fieldref, markup, schema
from .model import Era, Event, Site
from .repository import REPORT_FORM, Repository

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 100
SRC = {
    "event": "events/{}.md",
    "topic": "topics/{}.md",
    "actor": "actors/{}.md",
    "source": "sources/{}.md",
    "era": "eras/{}.md",
    "kind": "kinds/{}.md",
}
NOTE_STYLE = {"disagreement": "warning", "error": "danger", "correction": "danger",
              "relative-date": "info", "editorial": "note"}


try:
    _BYTECODE_CACHE: FileSystemBytecodeCache | None = FileSystemBytecodeCache()
except OSError:  # no usable temporary folder: compile every time
    _BYTECODE_CACHE = None


def to(scheme: str, ident: str) -> str:
    """Source path of a record's page, e.g. to('event', 'x') -> 'events/x.md'."""
    return SRC[scheme].format(ident)


@dataclass(frozen=True)
class Page:
    """One generated page: its path under docs/, its Markdown, the data file it comes from
    (for the edit link; None when it is built from many), and whether the nav lists it."""

    src: str
    content: str
    data_file: str | None = None
    in_nav: bool = False


@dataclass(frozen=True)
class PageRef:
    number: int
    src: str


@dataclass(frozen=True)
class Pages:
    number: int
    all: tuple[PageRef, ...]

    @property
    def total(self) -> int:
        return len(self.all)


def paginate(src: str, items: tuple, size: int = PAGE_SIZE) -> list[tuple[str, tuple, Pages]]:
    """Split a list into pages of at most ``size``: x.md, then x/2.md, x/3.md …"""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [()]
    refs = tuple(PageRef(n, src if n == 1 else f"{src[:-3]}/{n}.md") for n in range(1, len(chunks) + 1))
    return [(ref.src, chunk, Pages(ref.number, refs)) for ref, chunk in zip(refs, chunks, strict=True)]


def _finalize(value: object) -> Markup:
    """Applied to every printed value: Markup (from a helper or macro) as it is, anything
    else escaped as plain text."""
    if isinstance(value, Markup):
        return value
    return Markup(markup.text("" if value is None else value))


class Renderer:
    def __init__(self, site: Site, *, page_size: int = PAGE_SIZE, repository: Repository | None = None,
                 publication: export.Publication | None = None):
        self.site = site
        self.page_size = page_size
        self.repository = repository
        self.publication = publication or export.Publication()
        self._downloads: list[export.Download] | None = None
        self.env = self.environment()
        self._items: dict[tuple[str, str], Markup] = {}
        self._item_template = self.env.get_template("event_item.md.j2")

    @staticmethod
    def environment() -> Environment:
        env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            # Compiled templates are kept in Jinja's per-user temporary cache, keyed by each
            # template's checksum: about 70 ms saved on every build and rebuild.
            bytecode_cache=_BYTECODE_CACHE,
            finalize=_finalize,
            autoescape=True,  # macros return Markup; values go through _finalize
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
        )
        env.filters["html_attribute"] = markup.html_escape
        return env

    # -- helpers bound to the page being rendered ---------------------------------------
    def _helpers(self, src: str) -> dict:
        here = posixpath.dirname(src)
        known = {"event": self.site.event, "topic": self.site.topic, "actor": self.site.actor,
                 "source": self.site.source, "era": self.site.era, "kind": self.site.kind}

        def url(target: str) -> str:
            folder, _, name = target.rpartition("/")
            way = _relative_dir(folder, here)
            return f"{way}/{name}" if way else name

        def link(label: object, target: str) -> Markup:
            return Markup(f"[{markup.text(label)}]({url(target)})")

        def resolve(scheme: str, ident: str) -> str | None:
            return url(to(scheme, ident)) if ident in known[scheme] else None

        def body(text: str) -> Markup:
            return Markup(markup.body(text, resolve))

        def item(e: Event) -> Markup:
            """An event's entry in a list. Lists in different folders often reach the events
            folder the same way ('../events/'), so each entry is rendered once per way, not
            once per list."""
            key = (e.id, _relative_dir("events", here))
            if key not in self._items:
                self._items[key] = Markup(self._item_template.render(e=e, site=self.site, when=when, link=link, to=to))
            return self._items[key]

        def link_to(label: object, href: str) -> Markup:
            """A link out of the site, to an address our code made (percent-encoded)."""
            return Markup(f"[{markup.text(label)}]({markup.html_escape(href)})")

        return {"url": url, "link": link, "link_to": link_to, "body": body, "item": item}

    def _render(self, template: str, src: str, **context) -> str:
        return self.env.get_template(template).render(
            site=self.site, to=to, when=when, when_range=when_range, note_style=NOTE_STYLE,
            **self._helpers(src), **{"history": None, "report": None, **context},
        )

    def _history(self, data_file: str | None) -> str | None:
        return self.repository.history(data_file) if self.repository else None

    # -- pages -------------------------------------------------------------------------
    def pages(self) -> Iterator[Page]:
        yield from self.event_pages()
        yield from self.timeline_pages()
        yield from self.kind_pages()
        yield from self.topic_pages()
        yield from self.actor_pages()
        yield from self.era_pages()
        yield from self.source_pages()
        yield self.reference_page()
        yield self.data_page()
        yield from self.coverage_pages()
        yield self.membership_page()

    def event_page(self, e: Event) -> Page:
        src = to("event", e.id)
        cites = [i for i, c in enumerate(e.sources, 1) if not c.supports or "summary" in c.supports]
        report = self.repository.report(e.id, e.title) if self.repository else None
        citation = cite.citation(e, self.site, self.publication)
        return Page(src, self._render(
            "event.md.j2", src, e=e, summary_cites=cites, report=report, history=self._history(e.file),
            cite=citation,
            cite_bibtex=Markup(markup.html_escape(citation.bibtex.rstrip("\n"))),
            cite_csl=Markup(markup.html_escape(citation.csl_json.rstrip("\n"))),
            jsonld=cite.json_ld(e, self.site, self.publication),
        ), e.file)

    def event_pages(self) -> Iterator[Page]:
        for e in self.site.events:
            yield self.event_page(e)

    def timeline_pages(self) -> Iterator[Page]:
        decades = []
        for decade, group in groupby(self.site.events, key=lambda e: e.date.decade):
            events = tuple(group)
            decades.append({"label": f"{decade}s", "src": f"timeline/{decade}s.md", "count": len(events),
                            "events": events})
        yield Page("timeline/index.md", self._render("timeline_index.md.j2", "timeline/index.md", decades=decades),
                   in_nav=True)
        for i, d in enumerate(decades):
            for src, chunk, pages in paginate(d["src"], d["events"], self.page_size):
                years = [(year, tuple(evs)) for year, evs in groupby(chunk, key=_heading)]
                yield Page(src, self._render(
                    "timeline_page.md.j2", src, heading=f"The {d['label']}" + (f" (page {pages.number})" if pages.number > 1 else ""),
                    label=d["label"], count=d["count"], years=years, pages=pages,
                    previous=_nav(decades[i - 1]) if i > 0 else None,
                    next=_nav(decades[i + 1]) if i + 1 < len(decades) else None,
                ))

    def _list_pages(self, src: str, events: tuple, data_file: str | None, **context) -> Iterator[Page]:
        for page_src, chunk, pages in paginate(src, events, self.page_size):
            content = self._render("list.md.j2", page_src, events=chunk, count=len(events), pages=pages,
                                   history=self._history(data_file) if pages.number == 1 else None,
                                   **{"lead": None, "intro": None, "facts": None, **context})
            yield Page(page_src, content, data_file if pages.number == 1 else None)

    def _index(self, src: str, title: str, lead: str, groups: list[dict]) -> Page:
        return Page(src, self._render("index.md.j2", src, title=title, lead=lead, groups=groups), in_nav=True)

    def kind_pages(self) -> Iterator[Page]:
        site = self.site
        rows = [{"label": k.title, "src": to("kind", k.id), "about": k.description,
                 "count": len(site.by_kind[k.id])} for k in site.kinds]
        yield self._index("kinds/index.md", "Events by kind",
                          "Every event has one kind. The kinds are defined in the data schema.",
                          [{"title": None, "column": "Kind", "rows": rows}])
        for k in site.kinds:
            yield from self._list_pages(to("kind", k.id), site.by_kind[k.id], None, title=k.title, lead=k.description)

    def topic_pages(self) -> Iterator[Page]:
        site = self.site
        rows = [{"label": t.title, "src": to("topic", t.id), "about": t.summary,
                 "count": len(site.by_topic[t.id])} for t in site.topics]
        yield self._index("topics/index.md", "Topics", "Themes that run through the relationship.",
                          [{"title": None, "column": "Topic", "rows": rows}])
        for t in site.topics:
            yield from self._list_pages(
                to("topic", t.id), site.by_topic[t.id], t.file, title=t.title, lead=t.summary,
                intro=self._body_markup(t.body, to("topic", t.id)) if t.body else None)

    def actor_pages(self) -> Iterator[Page]:
        site = self.site
        groups = []
        for type_title, members in groupby(sorted(site.actors, key=lambda a: (_TYPE_ORDER.get(a.type, 9), a.name.casefold())),
                                           key=lambda a: a.type_title):
            rows = [{"label": a.name, "src": to("actor", a.id), "about": a.description,
                     "count": len(site.by_actor[a.id])} for a in members]
            groups.append({"title": type_title, "column": "Name", "rows": rows})
        yield self._index("actors/index.md", "Countries, organisations and people",
                          "Everyone and everything the events name.", groups)
        for a in site.actors:
            yield from self._list_pages(to("actor", a.id), site.by_actor[a.id], a.file, title=a.name,
                                        lead=a.description, facts=[("Type", a.type_title)])

    def era_pages(self) -> Iterator[Page]:
        site = self.site
        rows = [{"label": e.title, "src": to("era", e.id), "about": e.display(),
                 "count": len(site.by_era[e.id])} for e in site.eras]
        yield self._index("eras/index.md", "Eras",
                          "The relationship in periods, as the sources divide it. Each event belongs to the era in which it starts; one dated only to a year or a decade, to the era that holds most of it.",
                          [{"title": None, "column": "Era", "rows": rows}])
        for e in site.eras:
            src = to("era", e.id)
            yield from self._list_pages(src, site.by_era[e.id], e.file, title=e.title,
                                        intro=self._body_markup(e.summary, src),
                                        facts=[("Period", e.display())])

    def source_pages(self) -> Iterator[Page]:
        site = self.site
        rows = [{"label": s.title, "src": to("source", s.id), "about": f"{s.publisher} · {s.nature_title}",
                 "count": len(site.by_source[s.id])} for s in site.sources]
        yield self._index("sources/index.md", "Sources",
                          "The articles the timeline is built from, and what each archived copy can be trusted for.",
                          [{"title": None, "column": "Source", "rows": rows}])
        for s in site.sources:
            src = to("source", s.id)
            facts = [("Publisher", s.publisher)]
            if s.author:
                facts.append(("Author", s.author))
            facts.append(("Published", when(s.published) if s.published else "not known"))
            facts.append(("Original", Markup(f"<{markup.href(s.url)}>") if s.url and markup.is_safe_url(s.url) else "address not known"))
            facts.append(("Archived copy", s.archive))
            facts.append(("Nature", s.nature_title))
            link = self._helpers(src)["link"]
            if s.copy_of:
                facts.append(("Copy of", link(site.source[s.copy_of].title, to("source", s.copy_of))))
            copies = [c for c in site.sources if c.copy_of == s.id]
            if copies:
                facts.append(("Copies", Markup(", ".join(
                    link(f"{c.title} ({c.nature_title})", to("source", c.id)) for c in copies))))
            facts.append(("Reliability", s.reliability))
            yield from self._list_pages(src, site.by_source[s.id], s.file, title=s.title, facts=facts)

    def coverage_pages(self) -> Iterator[Page]:
        site = self.site
        decades = sorted({e.date.decade for e in site.events})
        grid = {k.id: Counter(e.date.decade for e in site.by_kind[k.id]) for k in site.kinds}
        precision = Counter(e.date.precision if not e.date.is_interval and not e.date.start.qualifier
                            and e.date.precision != "decade" else "other" for e in site.events)
        note_counts = Counter(n.title for e in site.events for n in e.notes if n.type != "editorial")
        noted = [(e, list(dict.fromkeys(n.title for n in e.notes if n.type != "editorial")))
                 for e in site.events if any(n.type != "editorial" for n in e.notes)]
        single = [e for e in site.events if len({c.source for c in e.sources}) == 1]
        newest = max((s.published for s in site.sources if s.published), key=lambda d: d.sort_key(), default=None)
        src = "about/coverage.md"
        yield Page(src, self._render(
            "coverage.md.j2", src, decades=decades, grid=grid, by_decade=Counter(e.date.decade for e in site.events),
            precision=precision, note_counts=sorted(note_counts.items()), noted=noted, single=single, newest=newest,
        ), in_nav=True)
        yield from self._list_pages(
            "about/disputed.md", tuple(e for e, _ in noted), None, title="Where the sources disagree or err",
            lead="Events whose notes record a disagreement between sources, an error in one, a correction "
                 "from outside them, or a date worked out from a relative one. The notes are on each event's page.")
        yield from self._list_pages(
            "about/single-source.md", tuple(single), None, title="Events that rest on a single source",
            lead="Each of these events cites only one source, and is as good as that source.")

    def membership_page(self) -> Page:
        site = self.site
        rows, total = [], 0
        for e in site.events:
            if e.accessions:
                total += len(e.accessions)
                rows.append({"event": e, "total": total})
        founding = next((e for e in site.events if e.kind == "treaty" and e.accessions), None)
        after = [(e, a) for e, a in site.accessions() if e.date.year >= 1991]
        post_2019 = [1 for e, a in after if e.date.start.latest <= date(2019, 4, 4)]
        accounted = 12 + len(after) if founding else len(after)
        src = "membership.md"
        return Page(src, self._render(
            "membership.md.j2", src, rows=rows, founding=founding, post_cold_war=len(after),
            post_cold_war_2019=len(post_2019), accounted=accounted,
        ), in_nav=True)

    def reference_page(self) -> Page:
        src = "about/data-reference.md"
        return Page(src, self._render("reference_page.md.j2", src, **reference_context("##")), in_nav=True)

    @property
    def downloads(self) -> list[export.Download]:
        """The files under /data/, made once per build from the model (no pass over the pages)."""
        if self._downloads is None:
            self._downloads = export.downloads(self.site, self.publication)
        return self._downloads

    def data_page(self) -> Page:
        src = "about/data.md"
        site, pub = self.site, self.publication
        files = [{"name": d.name, "title": d.title, "kb": max(1, round(d.size / 1024)),
                  "src": f"{export.FOLDER}/{d.name}"} for d in self.downloads]
        schemas = [{"name": name, "fields": fieldref.fields(export.download_schema(name)["properties"][name]["items"])}
                   for name in export.RECORDS]
        event_fields = {f.name: f for f in schemas[0]["fields"]}
        csv_columns = [{"name": c, "flat": how, "description": event_fields[c].description if c in event_fields else ""}
                       for c, how in export.CSV_COLUMNS]
        issues = f"{self.repository.url}/issues/new?template={REPORT_FORM}" if self.repository else ""
        return Page(src, self._render(
            "data_page.md.j2", src, files=files, schemas=schemas, csv_columns=csv_columns, code=code,
            data_date=site.data_date, licence=_outside_link(export.LICENCE, export.LICENCE_URL),
            report=_outside_link("open an issue", issues) or "open an issue in the project's repository",
            date_columns=export.DATE_COLUMNS, events=len(site.events), pub=pub,
            creative_kinds=[k.title for k in site.kinds if k.schema_org == "CreativeWork"],
        ), in_nav=True)

    def _body_markup(self, text: str, src: str) -> Markup:
        return self._helpers(src)["body"](text)


@lru_cache(maxsize=4096)
def _relative_dir(folder: str, here: str) -> str:
    """Relative path from the folder ``here`` to ``folder`` ('' when they are the same)."""
    if folder == here:
        return ""
    return posixpath.relpath(folder or ".", here or ".")


def _outside_link(label: str, url: str) -> Markup | None:
    """A Markdown link to an http(s) address from configuration, or None without one."""
    if not url or not markup.is_safe_url(url):
        return None
    return Markup(f"[{markup.text(label)}]({markup.href(url)})")


def code(value: object) -> Markup:
    """Inline code: Markdown shows a code span's text literally, so it needs no escaping."""
    return Markup("`" + str(value).replace("`", "'") + "`")


def reference_context(heading: str) -> dict:
    return {"files": fieldref.reference(), "heading": Markup(heading), "schema_file": schema.SCHEMA_FILES,
            "code": code}


def problems_page(problems) -> str:
    """The page `mkdocs serve` shows in place of every page while the data has problems."""
    return Renderer.environment().get_template("problems.md.j2").render(problems=problems)


def field_reference(heading: str = "###") -> str:
    """The field reference as Markdown, for CONTRIBUTING.md."""
    env = Renderer.environment()
    return env.get_template("reference.md.j2").render(**reference_context(heading)).strip() + "\n"


_TYPE_ORDER = {"country": 0, "organisation": 1, "person": 2}


def _heading(e: Event) -> str:
    """The heading an event is listed under on a timeline page: its year, or its decade
    ("1990s", listed before 1990) when the sources give no closer date."""
    return f"{e.date.decade}s" if e.date.precision == "decade" else str(e.date.year)


def _nav(decade: dict) -> dict:
    return {"label": decade["label"], "src": decade["src"]}


def when(d: dates.EventDate) -> Markup:
    """A date as an HTML <time> element with its machine-readable value."""
    return Markup(f'<time datetime="{d.start.html()}">{markup.html_escape(d.display())}</time>')


def when_range(era: Era) -> Markup:
    return Markup(markup.html_escape(era.display()))
