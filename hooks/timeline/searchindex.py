"""A lighter search index: what a reader searches for, not every list the site prints.

Material indexes every section of every page, so an event's summary was indexed once on
its page and again on each list page that shows it (kind, topic, actor, era, source,
decade), and every citation's quote as well. ``slim`` keeps:

- every page's first part (its title and introduction: an event's date, summary and
  account; an actor's, topic's or era's description);
- the sections of hand-written pages (``keep_sections``);

and drops pages that only list events (``drop``: decade pages, a list's pages after the
first) and the sections of generated pages (lists of events, citations, tables).
"""

from __future__ import annotations

import json


def page_of(location: str) -> str:
    """'events/x/#sources' -> 'events/x/'."""
    return location.split("#", 1)[0]


def slim(index: dict, *, drop: set[str], keep_sections: set[str]) -> dict:
    docs = []
    for doc in index.get("docs", []):
        page = page_of(doc["location"])
        if page in drop:
            continue
        if "#" in doc["location"] and page not in keep_sections:
            continue
        docs.append(doc)
    return {**index, "docs": docs}


def slim_file(path, *, drop: set[str], keep_sections: set[str]) -> tuple[int, int]:
    """Rewrite a search_index.json in place; return its size before and after, in bytes."""
    before = path.read_bytes()
    index = json.loads(before)
    after = json.dumps(slim(index, drop=drop, keep_sections=keep_sections), ensure_ascii=False,
                       separators=(",", ":")).encode("utf-8")
    path.write_bytes(after)
    return len(before), len(after)
