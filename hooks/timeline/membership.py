"""The Membership page: every accession the events record, with the number of members after
it, as a step chart and a table. Every count and date is counted from the events'
``accessions``; the page states none of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import chart, types
from .model import Event, Site
from .page import Page, html_environment, to

if TYPE_CHECKING:
    from .render import Renderer

SRC = "membership.md"


@dataclass(frozen=True)
class Accession:
    """An event at which states joined, and how many members there were after it."""

    event: Event
    total: int


def accessions(site: Site) -> list[Accession]:
    """The events with accessions, in true order, each with the running count of members."""
    rows, total = [], 0
    for e in site.events:
        if e.accessions:
            total += len(e.accessions)
            rows.append(Accession(e, total))
    return rows


def membership_page(r: Renderer) -> Page:
    site = r.site
    rows = accessions(site)
    newest = r.coverage.newest
    steps = chart.membership(
        [(row.event, row.total) for row in rows], newest.start.year if newest else 0,
        event_href=lambda e: chart.href(to(types.EVENT.key, e.id), SRC),
        label=lambda e, n: f"{e.date.display()}: {', '.join(site.actor[a].name for a in e.accessions)} "
                           f"joined; {n} members")
    svg = Markup(html_environment().get_template("chart_membership.html.j2").render(
        c=steps, total=rows[-1].total, last=rows[-1].event.date.display())) if steps and rows else None
    return Page(SRC, r.render("membership.md.j2", r.context(SRC), rows=rows, chart=svg), in_nav=True)
