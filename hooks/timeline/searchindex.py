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
import re


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


# A heading's start tag with a non-empty id: where Material's search parser starts a section
# whose address has '#' (one with an empty or valueless id gets none, like the first section).
# Python-Markdown writes every attribute with a double-quoted value and escapes '<', '>' and
# '"' inside values, so a match is a real tag and its id a real attribute.
_SECTION = re.compile(r'<h[1-6](?:\s+[^\s=>"/]+(?:="[^"]*")?)*?\s+id="[^"]+"')


def first_section(html: str) -> str:
    """The start of a page's HTML that holds all of its first search entry, the only one that
    ``slim`` keeps of a generated page: everything before the second heading with an id.

    Material's parser makes its first section of an opening h1 with an id, or else of all
    that comes before the first heading with an id; each later section gets an address with
    '#' and is dropped. Showing search only this part gives the same index for less parsing.
    """
    starts = _SECTION.finditer(html)
    next(starts, None)
    second = next(starts, None)
    return html[:second.start()] if second else html


class Held:
    """The rest of each page while search reads only its first part (``first_section``),
    keyed by page address; ``restore`` puts it back as Material leaves the part it read."""

    # Material's search plugin strips these attributes from the content it indexed.
    SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")

    def __init__(self) -> None:
        self.rest: dict[str, str] = {}

    def hold(self, url: str, html: str, shown: str) -> None:
        """Keep what follows ``shown`` in ``html``; a page shown whole holds nothing, not even
        the rest of an earlier build that stopped before giving it back."""
        if len(shown) < len(html):
            self.rest[url] = html[len(shown):]
        else:
            self.rest.pop(url, None)

    def clear(self) -> None:
        self.rest.clear()

    def restore(self, url: str, html: str) -> str:
        rest = self.rest.pop(url, None)
        return html if rest is None else html + self.SEARCH_ATTRIBUTE.sub("", rest)


HELD = Held()
