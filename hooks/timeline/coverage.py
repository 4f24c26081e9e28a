"""What the timeline covers and where it is thin, counted from the data (never written by
hand): the Coverage page with its two lists (events whose sources disagree or err, events
that rest on one source), the figures of the home page and the timeline index, and the
footer's line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import dates
from .lists import About
from .model import Event, Site, Source
from .page import Page, html_environment

if TYPE_CHECKING:
    from .render import Renderer

EDITORIAL = "editorial"  # the one type of note that is not about the sources


@dataclass(frozen=True)
class Coverage:
    first: int | None  # the first year: of the first era or event
    newest: dates.EventDate | None  # the newest source's publication date
    span_end: int  # the last year a picture's axis needs: the last era's, the newest source's or event's
    decades: list[int]  # every decade from the first year's to the last's
    by_decade: Counter[int]  # decade -> how many events
    thin: list[str]  # the decades ('1960s') with under a tenth of the busiest one's events
    thin_events: int  # how many events they hold
    earliest: Event | None  # the events that start first and last
    latest: Event | None
    sources_after: int  # how many sources were published after the latest event
    uncited: list[Source]  # the sources no event cites
    single: list[Event]  # the events that cite only one source

    @classmethod
    def of(cls, site: Site) -> Coverage:
        newest = site.data_date
        starts = [e.start.start.year for e in site.eras] + [e.date.year for e in site.events]
        first = min(starts) if starts else None
        years = [e.date.year for e in site.events] + ([newest.start.year] if newest else [])
        by_decade = Counter(e.date.decade for e in site.events)
        decades = _decades(first, max(years, default=first))
        busiest = max(by_decade.values(), default=0)
        thin = [d for d in decades if by_decade[d] * 10 < busiest]
        cited = {c.source for e in site.events for c in e.sources}
        return cls(
            first=first, newest=newest, span_end=max([e.end.start.year for e in site.eras] + years, default=0),
            decades=decades, by_decade=by_decade, thin=[f"{d}s" for d in thin],
            thin_events=sum(by_decade[d] for d in thin),
            earliest=min(site.events, key=lambda e: e.date.start.earliest, default=None),
            latest=max(site.events, key=lambda e: e.date.start.latest, default=None),
            sources_after=len(_published_after(site, max((e.date.start.latest for e in site.events), default=None))),
            uncited=[s for s in site.sources if s.id not in cited],
            single=[e for e in site.events if len({c.source for c in e.sources}) == 1])


def _decades(first: int | None, last: int | None) -> list[int]:
    if first is None or last is None:
        return []
    return list(range(first // 10 * 10, last // 10 * 10 + 10, 10))


def _published_after(site: Site, day: date | None) -> list[Source]:
    """The sources published after ``day`` (none when there is no day)."""
    return [s for s in site.sources if s.published and day and s.published.start.earliest > day]


def footer(cov: Coverage) -> str:
    """The footer's line on coverage, as HTML."""
    return html_environment().get_template("footer.html.j2").render(cov=cov).strip()


def coverage_pages(r: Renderer) -> Iterator[Page]:
    """The Coverage page, then the lists it links to."""
    site, cov = r.site, r.coverage
    grid = {k.id: Counter(e.date.decade for e in site.by_kind[k.id]) for k in site.kinds}
    precision = Counter(e.date.precision if not e.date.is_interval and not e.date.start.qualifier
                        and e.date.precision != "decade" else "other" for e in site.events)
    note_counts = Counter(n.title for e in site.events for n in e.notes if n.type != EDITORIAL)
    noted = [(e, list(dict.fromkeys(n.title for n in e.notes if n.type != EDITORIAL)))
             for e in site.events if any(n.type != EDITORIAL for n in e.notes)]
    src = "about/coverage.md"
    yield Page(src, r.render(
        "coverage.md.j2", r.context(src), cov=cov, grid=grid, precision=precision,
        note_counts=sorted(note_counts.items()), noted=noted,
        cited=sorted((s for s in site.sources if site.by_source[s.id]),
                     key=lambda s: (-len(site.by_source[s.id]), s.title.casefold())),
    ), in_nav=True)
    yield from r.list_pages(
        "about/disputed.md", tuple(e for e, _ in noted), "Where the sources disagree or err",
        About(lead="Events whose notes record a disagreement between sources, an error in one, a correction "
                   "from outside them, or a date worked out from a relative one. The notes are on each event's page."))
    yield from r.list_pages(
        "about/single-source.md", tuple(cov.single), "Events that rest on a single source",
        About(lead="Each of these events cites only one source, and is as good as that source."))
