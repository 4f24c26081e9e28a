"""Fix what stock Material gets wrong for axe-core and the HTML validator, on every page.

- The search dialog has no accessible name (axe: aria-dialog-name): name it.
- Material's toggle checkboxes carry autocomplete="off", which is not allowed on checkboxes.
- The table of contents' title is a <label for="__toc">, but the __toc checkbox exists only
  on pages listed in the navigation: elsewhere the label points at nothing (HTML validator).

The browser test runs axe-core on every page type, so a Material update that changes this
markup shows up there instead of passing silently.
"""

from __future__ import annotations

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
# Material's two toggle checkboxes, as base.html writes them: plain replacements, not a pattern
# searched through every page (the browser tests would show a change of Material's markup).
_CHECKBOXES = [(f' type="checkbox" id="{name}" autocomplete="off">', f' type="checkbox" id="{name}">')
               for name in ("__drawer", "__search")]
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def on_post_template(output_content: str, template_name: str, **kwargs) -> str:
    """The same mending for pages built from a template alone (404.html)."""
    return on_post_page(output_content) if template_name.endswith(".html") else output_content


def on_post_page(output: str, **kwargs) -> str:
    output = output.replace(_SEARCH_DIALOG, _NAMED_DIALOG, 1)
    for before, after in _CHECKBOXES:
        output = output.replace(before, after, 1)
    label = output.find(_TOC_LABEL)
    if label >= 0 and 'id="__toc"' not in output:
        end = output.find("</label>", label)
        output = (output[:label] + '<div class="md-nav__title">' + output[label + len(_TOC_LABEL):end] + "</div>"
                  + output[end + len("</label>"):])
    return output
