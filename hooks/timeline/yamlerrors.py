"""YAML syntax errors in plain words, at the line where the mistake is.

The parser's own wording ("found character that cannot start any token", "mapping values
are not allowed here") names its state, not the mistake, and it reports an unclosed quote
where the parser gave up, often the end of the file. Here the commonest mistakes are
recognised from the error and the text around it:

- a tab in the indentation: its line and column, "indent with spaces";
- an unclosed quote: the line and column where it opened;
- text after a closing quote (``title: "New" start``, ``'Russia's war'``);
- a colon and a space inside an unquoted value: "put the value in quotes";
- a line indented deeper than the fields around it.

Anything else keeps the parser's words, with the line and column.
"""

from __future__ import annotations

import re

import yaml

_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")
_KEY = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>.*)$")


def explain(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """(1-based line, message) for a parser error in ``text``."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    lines = text.split("\n")
    here = lines[line] if line < len(lines) else ""
    problem = exc.problem or ""
    if "\t" in here[:column + 1] and ("cannot start any token" in problem or "tab" in problem):
        tab = here.index("\t")
        return line + 1, (f"has a tab at column {tab + 1}; indent with spaces (YAML does not allow tabs "
                          "in indentation; `validate.py --fix` replaces them)")
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        return _unclosed(exc.context_mark.line, exc.context_mark.column, lines)
    quoted = _quoted_before(text, mark)
    if quoted is not None:
        start, end = quoted.start_mark, quoted.end_mark
        if start.line != end.line and any(_KEY_LINE.match(lines[n]) for n in range(start.line + 1, end.line + 1)):
            return _unclosed(start.line, start.column, lines)
        if end.line == line and here[end.column:].strip():
            after = here[end.column:].strip()
            return line + 1, (f"has text after the closing quote at column {end.column} ({_clip(after)!r}); expected "
                              "the whole value inside the quotes: a quote mark inside it is written \\\" in double "
                              "quotes, '' in single quotes")
    if "mapping values are not allowed" in problem:
        key = _KEY.match(here)
        if key and column > key.end("key"):
            value = key["value"].rstrip()
            quoted_value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            return line + 1, (f"has a colon and a space inside the value of '{key['key']}' (column {column + 1}); "
                              f"put the value in quotes: {key['key']}: {_clip(quoted_value, 60)}")
        return line + 1, ("is indented differently from the field before it; expected the fields of one "
                          "record at the same indentation, and a value on the same line as its field")
    what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
    return line + 1, f"is not valid YAML at column {column + 1}: {what}; expected a field per line as `name: value`"


def _unclosed(line: int, column: int, lines: list[str]) -> tuple[int, str]:
    char = lines[line][column] if line < len(lines) and column < len(lines[line]) else '"'
    return line + 1, (f"has a quote ({char}) opened at column {column + 1} that is not closed; expected a closing "
                      f"{char} at the end of the value")


def _quoted_before(text: str, mark) -> yaml.ScalarToken | None:
    """The last quoted scalar that the scanner read before the error, if any."""
    if mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if (token.start_mark.line, token.start_mark.column) > (mark.line, mark.column):
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass
    return last


def _clip(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"
