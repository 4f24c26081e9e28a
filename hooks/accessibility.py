"""Fix what stock Material gets wrong for axe-core and the HTML validator, on every page.

- The search dialog has no accessible name (axe: aria-dialog-name): name it.
- Material's toggle checkboxes carry autocomplete="off", which is not allowed on checkboxes.

The browser test runs axe-core on every page type, so a Material update that changes this
markup shows up there instead of passing silently.
"""

from __future__ import annotations

import re

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input[^>]*type="checkbox"[^>]*?)\s+autocomplete="off"')


def on_post_page(output: str, **kwargs) -> str:
    output = output.replace(_SEARCH_DIALOG, _NAMED_DIALOG, 1)
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
