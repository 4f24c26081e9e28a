"""True order: the order in which every list shows events, and previous/next follow.

- Events dated to the day or the month come first within their year, in date order.
- Events known only to the year come after them ("Also in 2014"); events known only to the
  decade come after every year of it ("Also in the 1990s").
- Events that share a place in that order (the same day, the same year-only slot …) are put
  so that an event comes after the events it responds to or follows from, as the typed
  ``related`` links say; by title only after that.

Linear in the number of events plus links, apart from the sort.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol, TypeVar

from . import dates

# How a typed link orders its two events: "after" puts the event that carries the link
# after the event it names; "before" puts it before. Other types say nothing about order.
LINK_ORDER = {"responds-to": "after", "suspends": "after", "supersedes": "after", "leads-to": "before"}

_DATED = 0
_YEAR = 1
_DECADE = 2
_PRECISION_RANK = {"month": 0, "day": 1}


class Orderable(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> dates.EventDate: ...


E = TypeVar("E", bound=Orderable)  # the events' own type, kept through the ordering


def slot(when: dates.EventDate) -> tuple:
    """The place a date gives an event; events with the same slot are ordered by their links.

    Dated events: (year, 0, first day, month before day, last day). Year-only: (year, 1).
    Decade-only: (last year of the decade, 2), after that year's year-only events."""
    start = when.start
    if start.precision == "decade":
        return (start.year + 9, _DECADE)
    if start.precision == "year":
        return (start.year, _YEAR)
    end = when.end.latest if when.end else (date.max if when.open_end else start.latest)
    return (start.year, _DATED, start.earliest, _PRECISION_RANK[start.precision], end)


def group(when: dates.EventDate) -> str:
    """Which part of a year or decade an event is listed in: 'dated', 'year' or 'decade'."""
    return {"decade": "decade", "year": "year"}.get(when.start.precision, "dated")


def must_follow(events: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> dict[str, set[str]]:
    """From (event id, [(link type, other id), …]): event id -> ids that must come before it."""
    before: dict[str, set[str]] = defaultdict(set)
    for ident, links in events:
        for kind, other in links:
            rule = LINK_ORDER.get(kind)
            if rule == "after":
                before[ident].add(other)
            elif rule == "before":
                before[other].add(ident)
    return before


def _tie_key(e: Orderable) -> tuple:
    return (e.title.casefold(), e.title, e.id)


def _causes_first(bucket: Sequence[E], before: dict[str, set[str]]) -> list[E]:
    """Topological order of one slot's events (Kahn), ties and cycles broken by title."""
    if len(bucket) == 1:
        return list(bucket)
    members = {e.id: e for e in bucket}
    waiting = {e.id: {b for b in before.get(e.id, ()) if b in members and b != e.id} for e in bucket}
    unlocks: dict[str, list[str]] = defaultdict(list)
    for ident, needs in waiting.items():
        for need in needs:
            unlocks[need].append(ident)
    ready = [(_tie_key(e), e.id) for e in bucket if not waiting[e.id]]
    heapq.heapify(ready)
    out: list[E] = []
    done: set[str] = set()
    while len(out) < len(bucket):
        if not ready:  # a cycle: take the first by title of what is left
            rest = min((members[i] for i in waiting if i not in done), key=_tie_key)
            ready.append((_tie_key(rest), rest.id))
        _, ident = heapq.heappop(ready)
        if ident in done:
            continue
        done.add(ident)
        out.append(members[ident])
        for nxt in unlocks.get(ident, ()):
            waiting[nxt].discard(ident)
            if not waiting[nxt] and nxt not in done:
                heapq.heappush(ready, (_tie_key(members[nxt]), nxt))
    return out


def true_order(events: Iterable[E], before: dict[str, set[str]]) -> list[E]:
    """Every event in true order (see the module's description)."""
    slots: dict[tuple, list[E]] = defaultdict(list)
    for e in events:
        slots[slot(e.date)].append(e)
    out: list[E] = []
    for key in sorted(slots):
        out += _causes_first(slots[key], before)
    return out
