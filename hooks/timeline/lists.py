"""Long lists of events: cut into pages of at most ``PAGE_SIZE``, and grouped in true order
by decade or year, as the timeline and list pages show them (pure functions of the model);
``About``, what a list page shows above its events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TypeVar

from markupsafe import Markup

from . import order
from .model import Event

PAGE_SIZE = 100
T = TypeVar("T")


@dataclass(frozen=True)
class About:
    """What a list page shows above its events, on its first page: a lead, an introduction
    (data Markdown), facts (name, value), and the data file of the record it lists for."""

    lead: str | None = None
    intro: Markup | None = None
    facts: tuple[tuple[str, object], ...] = ()
    data_file: str | None = None  # the data file it comes from: edit and history links


@dataclass(frozen=True)
class Pages:
    """Which page of a list this is (``number``, from 1), and every page's source path (``srcs``)."""

    number: int
    srcs: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.srcs)


def paginate(src: str, items: Sequence[T], size: int = PAGE_SIZE) -> list[tuple[str, Sequence[T], Pages]]:
    """Split a list into pages of at most ``size``: x.md, then x/2.md, x/3.md …"""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]
    srcs = tuple(src if n == 1 else f"{src[:-3]}/{n}.md" for n in range(1, len(chunks) + 1))
    return [(page_src, chunk, Pages(n, srcs)) for n, (page_src, chunk) in enumerate(zip(srcs, chunks, strict=True), 1)]


@dataclass
class Part:
    """A part of a list page's contents: a decade or year, the page it starts on, how many."""

    label: str
    src: str
    count: int = 0

    @property
    def id(self) -> str:
        return f"d{self.label}"


def one_decade(events: Sequence[Event]) -> bool:
    """Whether a list is divided by year (all its events fall in one decade) or by decade."""
    return len({e.date.decade for e in events}) == 1


def contents(parts: list[tuple[str, Sequence[Event], Pages]], by_year: bool) -> list[Part]:
    """The decades (or years) of a whole list, each linked on the page that starts it."""
    out: list[Part] = []
    for page_src, chunk, _ in parts:
        for label, group in groupby(chunk, key=lambda e: part(e, by_year)):
            if not out or out[-1].label != label:
                out.append(Part(label, page_src))
            out[-1].count += sum(1 for _ in group)
    return out


def part(e: Event, by_year: bool) -> str:
    """The heading an event falls under: its decade ('1990s'), or its year ('2014') in a list by year."""
    if by_year and e.date.precision != "decade":
        return str(e.date.year)
    return f"{e.date.decade}s"


def year_sections(events: Sequence[Event], decade: str) -> list[dict]:
    """A timeline page's headings, in true order: each year ("2014") with the events dated
    to the day or month, then "Also in 2014" for those known only to the year (a heading
    of its own only when the year has dated events too); "Also in the 2010s" last."""
    sections: list[dict] = []
    for (year, part_of_year), grouped in groupby(events, key=lambda e: (e.date.year, order.group(e.date))):
        group = tuple(grouped)
        if part_of_year == "decade":
            sections.append({"heading": f"Also in the {decade}", "id": f"also-{decade}", "level": 2, "events": group})
            continue
        if not sections or sections[-1].get("year") != year:
            sections.append({"heading": str(year), "id": f"y{year}", "level": 2, "events": (), "year": year})
        if part_of_year == "year" and sections[-1]["events"]:
            sections.append({"heading": f"Also in {year}", "id": f"also-{year}", "level": 3, "events": group,
                             "year": year})
        else:
            sections[-1]["events"] = sections[-1]["events"] + group
    return sections


def list_sections(events: Sequence[Event], by_year: bool = False) -> list[dict]:
    """A long list's parts, in true order: by decade (by year when the whole list falls in one
    decade), each with its dated events, then those known only to the decade or year ("Also
    in the 1990s", "Also in 2014"). By year, events known only to the decade come last."""
    sections = []
    for label, grouped in groupby(events, key=lambda e: part(e, by_year)):
        group = tuple(grouped)
        vague = {"decade"} if not by_year or label.endswith("s") else {"year"}
        sections.append({"heading": label, "id": f"d{label}",
                         "events": tuple(e for e in group if e.date.precision not in vague),
                         "also": tuple(e for e in group if e.date.precision in vague)})
    return sections
