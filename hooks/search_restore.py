"""MkDocs glue: give a page back the part that search was not shown (hooks/timeline_pages.py
shows Material's search plugin only the first section of a generated page)."""

from __future__ import annotations

from mkdocs.plugins import event_priority

from timeline.searchindex import HELD


@event_priority(-50)  # after Material's search plugin, before the page's template is rendered
def on_page_context(context, page, config, nav):
    page.content = HELD.restore(page.url, page.content)
    return context
