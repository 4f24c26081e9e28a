"""hooks/accessibility.py on Material's own markup (the browser tests run axe and v.Nu on
whole pages; this pins down each mend, and what it must leave alone)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from material import templates

HOOK = Path(__file__).parents[1] / "hooks" / "accessibility.py"
_spec = importlib.util.spec_from_file_location("accessibility_hook", HOOK)
assert _spec and _spec.loader
accessibility = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accessibility)
MATERIAL = Path(templates.__file__).parent


def _lines(name: str, *needles: str) -> str:
    text = (MATERIAL / name).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if any(n in line for n in needles))


def test_checkboxes_lose_autocomplete_and_the_search_box_keeps_it() -> None:
    page = _lines("base.html", 'type="checkbox"') + "\n" + _lines("partials/search.html", 'class="md-search__input"')
    assert page.count('autocomplete="off"') == 3  # Material's markup as this test expects it
    out = accessibility.on_post_page(page)
    assert 'type="checkbox" id="__drawer">' in out and 'type="checkbox" id="__search">' in out
    assert out.count('autocomplete="off"') == 1  # the text input keeps it: it is allowed there


def test_toc_label_becomes_a_div_only_where_there_is_no_toggle() -> None:
    label = _lines("partials/toc.html", 'md-nav__title" for="__toc"').strip()
    page = f"<nav>{label}<span>Contents</span></label></nav><label for='x'>other</label>"
    out = accessibility.on_post_page(page)
    assert out == "<nav><div class=\"md-nav__title\"><span>Contents</span></div></nav><label for='x'>other</label>"
    with_toggle = '<input type="checkbox" id="__toc">' + page
    assert accessibility.on_post_page(with_toggle) == with_toggle


def test_search_dialog_gets_a_name() -> None:
    dialog = _lines("partials/search.html", 'role="dialog"').strip()
    assert 'aria-label="Search"' in accessibility.on_post_page(dialog)
