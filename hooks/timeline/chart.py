"""Geometry of the pictures drawn at build time: the timeline (era bands on a time axis,
one linked mark per event) and the membership step chart.

Pure arithmetic: this module decides where things go; templates/chart_*.html.j2 turn the
result into inline SVG. Sizes are in SVG user units; the SVG scales to its box.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Era, Event

# Kind families: the shape (and colour) a mark has, so that kind is told by shape as well
# as by colour. Every kind of the schema belongs to one (a test checks it).
FAMILIES = (
    ("talks", "circle", "Talks, treaties and joint bodies", ("treaty", "summit", "institution", "cooperation")),
    ("membership", "square", "Membership and accessions", ("enlargement", "membership")),
    ("words", "diamond", "Statements, protests and proposals", ("statement", "protest", "assessment", "proposal")),
    ("force", "triangle", "Wars, deployments and upheavals", ("conflict", "military", "political-change")),
    ("rupture", "down", "Sanctions, expulsions and suspensions", ("sanctions", "expulsion", "suspension")),
)
FAMILY_OF = {kind: fam for fam, _, _, kinds in FAMILIES for kind in kinds}
DEFAULT_FAMILY = "talks"
MAX_MARKS = 400  # beyond this a chart shows how many events each column holds, not each event


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    family: str
    href: str
    label: str
    vague: bool  # known only to the year or the decade: drawn hollow


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    title: str
    short: str
    href: str
    shade: int


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    href: str
    label: str


@dataclass(frozen=True)
class Picture:
    """What both pictures have: a size in SVG units, and the years marked along a time axis."""

    width: float
    height: float
    ticks: tuple[Tick, ...]


def year_ticks(x: Callable[[float], float], first: int, last: int, every: int) -> tuple[Tick, ...]:
    """A tick at ``x(year)`` for every year from ``first`` to ``last`` that is a multiple of ``every``."""
    return tuple(Tick(x(year), str(year)) for year in range(first, last + 1) if year % every == 0)


@dataclass(frozen=True)
class Timeline(Picture):
    axis_y: float
    bands: tuple[Band, ...]
    marks: tuple[Mark, ...]
    bars: tuple[Bar, ...]
    more: tuple[tuple[float, float, str, str], ...]  # x, y, text, href: "+N" where a column is full
    first: int
    last: int


def page_dir(src: str) -> str:
    """The folder of a page's URL (directory URLs): 'a/b.md' -> 'a/b', 'a/index.md' -> 'a'."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return posixpath.dirname(stem)
    return stem


def href(target_src: str, here_src: str, fragment: str = "") -> str:
    """Relative URL from the page built from ``here_src`` to the page built from ``target_src``."""
    target, here = page_dir(target_src), page_dir(here_src)
    way = posixpath.relpath(target or ".", here or ".")
    url = "./" if way == "." else way + "/"
    return url + (f"#{fragment}" if fragment else "")


def position(e: Event) -> float:
    """Where an event sits on a time axis measured in years: a dated event at its first day,
    a year-only one in the middle of its year, a decade-only one in the middle of its decade."""
    start = e.date.start
    if start.precision == "decade":
        return start.year + 5.0
    if start.precision == "year":
        return start.year + 0.5
    first = start.earliest
    return first.year + (first.timetuple().tm_yday - 1) / 366


def _shorten(title: str, width: float, per_char: float) -> str:
    room = int(width / per_char)
    if len(title) <= room:
        return title
    return title[: max(room - 1, 0)].rstrip() + "…" if room > 2 else ""


def _year_fraction(day) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 366


@dataclass(frozen=True)
class Scale:
    """A time axis: years ``first`` to ``last`` (inclusive), ``per_year`` units a year, events
    gathered in columns ``column`` years wide, stacked ``pitch`` units apart."""

    first: int
    last: int
    per_year: float
    column: float
    pitch: float
    max_stack: int
    tick_every: int
    margin: float = 16.0

    def x(self, years: float) -> float:
        return self.margin + (years - self.first) * self.per_year

    @property
    def width(self) -> float:
        return self.x(self.last + 1) + self.margin


def _bands(scale: Scale, eras: Sequence[Era], era_href: Callable[[Era], str]) -> tuple[Band, ...]:
    """Eras as bands. Labels sit on two alternating rows, so that each may run on over the
    next band (whose label is on the other row) before it is shortened."""
    spans = []
    for i, era in enumerate(eras):
        lo = max(_year_fraction(era.start.start.earliest), scale.first)
        hi = min(_year_fraction(era.end.start.latest) + 1 / 366, scale.last + 1)
        if hi > lo:
            spans.append((era, i % 2, scale.x(lo), scale.x(hi)))
    bands = []
    for n, (era, shade, x0, x1) in enumerate(spans):
        room = (spans[n + 1][3] if n + 1 < len(spans) else x1) - x0 - 6
        bands.append(Band(x0, x1 - x0, era.title, _shorten(era.title, room, 5.4), era_href(era), shade))
    return tuple(bands)


def timeline(events: Sequence[Event], scale: Scale, eras: Sequence[Era], *, event_href: Callable[[Event], str],
             era_href: Callable[[Era], str], column_href: Callable[[int], str],
             label: Callable[[Event], str]) -> Timeline:
    """Lay out one timeline: columns of stacked marks (or of counts, past MAX_MARKS events)."""
    columns: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        pos = position(e)
        if scale.first <= pos < scale.last + 1:
            columns[int((pos - scale.first) // scale.column)].append(e)
    tallest = max((len(c) for c in columns.values()), default=0)
    rows = max(3, min(tallest, scale.max_stack)) if len(events) <= MAX_MARKS else 8
    plot_top = 32.0
    axis_y = plot_top + rows * scale.pitch + 4
    marks, bars, more = [], [], []
    centre = {n: scale.x(scale.first + (n + 0.5) * scale.column) for n in columns}
    for n, members in sorted(columns.items()):
        start_year = int(scale.first + n * scale.column)
        if len(events) > MAX_MARKS:
            h = (axis_y - plot_top - 4) * len(members) / tallest
            w = scale.column * scale.per_year * 0.7
            bars.append(Bar(centre[n] - w / 2, axis_y - h, w, h, column_href(start_year),
                            f"{start_year}: {len(members)} events"))
            continue
        shown = members if len(members) <= scale.max_stack else members[: scale.max_stack - 1]
        for i, e in enumerate(shown):
            marks.append(Mark(centre[n], axis_y - 4 - (i + 0.5) * scale.pitch, FAMILY_OF.get(e.kind, DEFAULT_FAMILY),
                              event_href(e), label(e), e.date.start.precision in ("year", "decade")))
        if len(shown) < len(members):
            more.append((centre[n], axis_y - 4 - (len(shown) + 0.3) * scale.pitch,
                         f"+{len(members) - len(shown)}", column_href(start_year)))
    ticks = year_ticks(scale.x, scale.first, scale.last, scale.tick_every)
    return Timeline(scale.width, axis_y + 20, ticks, axis_y, _bands(scale, eras, era_href), tuple(marks),
                    tuple(bars), tuple(more), scale.first, scale.last)


@dataclass(frozen=True)
class Step:
    x: float
    y: float
    members: int
    href: str
    label: str
    below: bool = False  # the count is written under the point (the previous step is too close)


@dataclass(frozen=True)
class StepChart(Picture):
    path: str
    steps: tuple[Step, ...]
    yticks: tuple[tuple[float, int], ...]  # (y, count) of each line across
    plot: tuple[float, float, float, float]  # left, top, right, bottom


def membership(steps: Sequence[tuple[Event, int]], last_year: int, *, event_href: Callable[[Event], str],
               label: Callable[[Event, int], str], width: float = 720, height: float = 280) -> StepChart | None:
    """Members over time: (accession event, members after it) in order, drawn as steps."""
    if not steps:
        return None
    first = steps[0][0].date.start.year
    last = max(last_year, steps[-1][0].date.start.year) + 1
    top_count = max(n for _, n in steps)
    ceiling = max(10, -(-top_count // 10) * 10)
    left, top, right, bottom = 34.0, 14.0, width - 12, height - 26

    def x(years: float) -> float:
        return left + (years - first) * (right - left) / (last - first)

    def y(count: float) -> float:
        return bottom - count * (bottom - top) / ceiling

    out: list[Step] = []
    for e, n in steps:
        here = x(position(e))
        close = bool(out) and here - out[-1].x < 24 and not out[-1].below
        out.append(Step(here, y(n), n, event_href(e), label(e, n), close))
    path = f"M{out[0].x:.1f},{out[0].y:.1f}"
    for s in out[1:]:
        path += f"H{s.x:.1f}V{s.y:.1f}"
    path += f"H{right:.1f}"
    every = 10 if last - first > 40 else 5
    yticks = tuple((y(c), c) for c in range(0, ceiling + 1, 10))
    return StepChart(width, height, year_ticks(x, first, last, every), path, tuple(out), yticks,
                     (left, top, right, bottom))
