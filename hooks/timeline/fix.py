"""Safe, mechanical repairs of data files (``validate.py --fix``).

Only repairs whose result is certain, line by line, and each one reported:

- a tab in a line's indentation becomes two spaces (the indentation step of every record);
- an unquoted date (``date: 2008-04``) is put in quotes, as editors and other YAML tools
  would otherwise read it as a date or a number;
- a quote written between typographic quotes (``quote: “…”``) gets straight YAML quotes, so
  that the marks do not become part of the quote.

A file is rewritten only if the repaired text parses with no more problems than before.
Anything else (a wrong id, a misspelt field) needs a person and is left to the validator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .yamlload import load_text

INDENT = "  "
_DATE = re.compile(r"^(?P<head>\s*(?:-\s+)?(?:date|start|end|published):[ \t]+)"
                   r"(?P<value>\d{3}[\dX](?:-\d{2}){0,2}[~?]?(?:/(?:\.\.|\d{3}[\dX](?:-\d{2}){0,2}[~?]?))?)"
                   r"(?P<tail>[ \t]*(?:#.*)?)$")
_CURLY = re.compile(r"^(?P<head>\s*(?:-\s+)?quote:[ \t]+)(?P<open>\"?)\u201c(?P<text>[^\u201c\u201d]*)\u201d(?P=open)"
                    r"(?P<tail>[ \t]*)$")


def fix_text(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The repaired text and (line, what was changed) for each repair."""
    changes: list[tuple[int, str]] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            line = indent.replace("\t", INDENT) + line[len(indent):]
            changes.append((number, f"tab in the indentation replaced by {len(INDENT)} spaces"))
        date = _DATE.match(line)
        if date:
            line = f'{date["head"]}"{date["value"]}"{date["tail"]}'
            changes.append((number, f'date put in quotes: "{date["value"]}"'))
        curly = _CURLY.match(line)
        if curly:
            inner = curly["text"] if curly["open"] else curly["text"].replace("\\", "\\\\").replace('"', '\\"')
            line = f'{curly["head"]}"{inner}"{curly["tail"]}'
            changes.append((number, "typographic quotes around the quote replaced by straight YAML quotes"))
        lines[number - 1] = line
    return "\n".join(lines), changes


def fix_file(path: Path, shown: str) -> list[str]:
    """Repair one file in place; return one line per change, or why nothing was written."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # the validator reports unreadable files
    fixed, changes = fix_text(text)
    if not changes:
        return []
    before = len(load_text(text.encode("utf-8"), shown).problems)
    after = len(load_text(fixed.encode("utf-8"), shown).problems)
    if after > before:
        return [f"{shown}:{changes[0][0]}: not fixed: the repairs would not leave valid YAML; fix it by hand"]
    path.write_text(fixed, encoding="utf-8")
    return [f"{shown}:{line}: fixed: {what}" for line, what in changes]


def fix_folder(root: Path, shown_from: Path) -> Iterator[str]:
    for path in sorted(Path(root).rglob("*.yaml")):
        try:
            shown = path.resolve().relative_to(Path(shown_from).resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
        yield from fix_file(path, shown)
