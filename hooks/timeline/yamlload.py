"""Load one YAML file into plain values, keeping the line of every field.

PyYAML's safe_load silently keeps the last of two duplicate keys, turns 1957-03-25 into a
date and NO into False; its composer is recursive, so a file of 100,000 nested brackets
crashes the interpreter (the C composer overflows the stack). Here values are built from the
parser's event stream (the C parser when present) with an explicit stack:

- every scalar stays a string except plain ``null``/``~``/empty and ``true``/``false``;
- duplicate keys, aliases (so no "billion laughs" expansion), explicit tags, non-text keys,
  nesting deeper than MAX_DEPTH and a second document are problems, not exceptions;
- every field's line is recorded under its path, e.g. ``("sources", 0, "quote") -> 12``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from . import yamlerrors
from .problems import Problem, field_name

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 50
MAX_FLOW_DEPTH = 200  # libyaml slows down quadratically on deep [[[…]]]: refuse before parsing
_ALLOWED_TAGS = {None, "!"} | {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_ODD_BREAK = re.compile("[\r\x85\u2028\u2029]")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass
class Loaded:
    """A parsed file: its value, the line of each path, and its problems."""

    value: Any = None
    lines: dict[tuple, int] = field(default_factory=dict)
    # Line where a scalar's text starts and its style ('|' literal, '>' folded, '' plain...)
    text_starts: dict[tuple, tuple[int, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: tuple) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass
class _Frame:
    container: Any  # dict, list, or None for a subtree that is being skipped
    path: tuple
    key: str | None = None  # a mapping's key waiting for its value
    key_is_bad: bool = False  # the pending key was not plain text: drop its value


def load_text(raw: bytes, shown_path: str) -> Loaded:
    out = Loaded()

    def problem(line: int, fld: str, message: str) -> None:
        out.problems.append(Problem(shown_path, line, fld, message))

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(line, "(file)", f"is not valid UTF-8 (byte {raw[exc.start]:#04x}); expected a UTF-8 text file")
        return out
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    odd = _ODD_BREAK.search(text)
    if odd:
        # YAML counts these as line breaks and editors mostly do not: refuse them rather than
        # report lines that do not match what the editor shows.
        problem(text.count("\n", 0, odd.start()) + 1, "(file)",
                f"contains the line-break character U+{ord(odd[0]):04X}; expected plain \\n line endings")
        return out
    deep = _too_deep(text)
    if deep:
        problem(deep, "(file)", f"nests brackets more than {MAX_FLOW_DEPTH} levels deep; expected a flat record")
        return out
    try:
        _build(yaml.parse(text, Loader=Loader), out, problem)
    except yaml.MarkedYAMLError as exc:
        line, message = yamlerrors.explain(text, exc)
        problem(line, "(file)", message)
        out.value = None
    except yaml.YAMLError as exc:  # ReaderError (control characters) and the like
        position = getattr(exc, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else 1
        problem(line, "(file)", f"is not valid YAML: {exc}")
        out.value = None
    if out.value is None and not out.problems:
        problem(1, "(file)", "is empty; expected a YAML mapping of fields")
    # The parser reports an error at the end of an unterminated file on the line after the
    # last one; point at the last line instead.
    last = text.count("\n") + 1
    out.problems = [p if p.line <= last else replace(p, line=last) for p in out.problems]
    return out


def _too_deep(text: str) -> int:
    """Line where flow brackets first nest deeper than MAX_FLOW_DEPTH, or 0. A rough count
    (brackets inside strings count too), with a margin no real record comes near."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return 0  # nearly every file: no scan needed
    depth = 0
    for i, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return text.count("\n", 0, i) + 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return 0


def _scalar(event: yaml.ScalarEvent) -> Any:
    if event.tag == "tag:yaml.org,2002:null" or (not event.style and event.implicit[0] and event.value in _NULLS):
        return None
    if event.tag == "tag:yaml.org,2002:bool" or (not event.style and event.implicit[0]):
        if event.value in _BOOLS:
            return _BOOLS[event.value]
    return event.value


def _build(events, out: Loaded, problem) -> None:
    stack: list[_Frame] = []
    anchors: dict[str, Any] = {}
    skipping = 0  # depth inside a subtree that is not kept (too deep, or under a bad key)
    documents = 0

    def place(value: Any, line: int) -> tuple | None:
        """Put a value where the parser is; return its path, or None if it is not kept."""
        if not stack:
            out.value = value
            out.lines[()] = line
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            path = frame.path + (len(frame.container),)
            frame.container.append(value)
            out.lines[path] = line
            return path
        if frame.key_is_bad:
            frame.key_is_bad = False
            return None
        path = frame.path + (frame.key,)
        frame.container[frame.key] = value
        frame.key = None
        return path

    def key_expected() -> bool:
        return bool(stack) and isinstance(stack[-1].container, dict) and stack[-1].key is None \
            and not stack[-1].key_is_bad

    def where() -> str:
        if not stack:
            return "(file)"
        frame = stack[-1]
        if isinstance(frame.container, dict) and frame.key is not None:
            return field_name(frame.path + (frame.key,))
        if isinstance(frame.container, list):
            return field_name(frame.path + (len(frame.container),))
        return field_name(frame.path)

    def check_tag(event, line: int) -> None:
        if getattr(event, "tag", None) not in _ALLOWED_TAGS:
            problem(line, where(), f"has the YAML tag {event.tag!r}; tags are not allowed, expected a plain value")

    for event in events:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problem(line, "(file)", "has a second YAML document (---); expected one record per file")
                return
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if skipping:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                skipping += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                skipping -= 1
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if isinstance(event, yaml.AliasEvent):
            # Expanding aliases to collections is how "billion laughs" files blow up.
            fld = where()
            if key_expected():
                problem(line, field_name(stack[-1].path), "has an alias (*name) as a key; expected field names")
                stack[-1].key_is_bad = True
                continue
            problem(out.lines.get(stack[-1].path + (stack[-1].key,), line) if stack and stack[-1].key else line, fld,
                    "uses a YAML alias (*name); anchors and aliases are not allowed, write the value out")
            place(anchors.get(event.anchor), line)
            continue
        check_tag(event, line)
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
            if event.anchor:
                anchors[event.anchor] = value
            if key_expected():
                frame = stack[-1]
                if not isinstance(value, str):
                    problem(line, field_name(frame.path), f"has the key {event.value!r}, which is not text; expected field names")
                    frame.key_is_bad = True
                    continue
                sub = frame.path + (value,)
                if value in frame.container:
                    problem(line, field_name(sub), f"is set twice (first at line {out.lines[sub]}); expected each field once")
                    frame.key_is_bad = True
                    continue
                frame.key = value
                out.lines[sub] = line
                continue
            path = place(value, line)
            if path is not None:
                out.text_starts[path] = (line, event.style or "")
            continue
        # A mapping or a sequence starts
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        if event.anchor:
            anchors[event.anchor] = None  # never expanded
        if key_expected():
            problem(line, field_name(stack[-1].path), "has a key that is not plain text; expected field names")
            stack[-1].key_is_bad = True
            skipping = 1
            continue
        if len(stack) >= MAX_DEPTH:
            problem(line, where(), f"is nested more than {MAX_DEPTH} levels deep; expected a flat record")
            place(None, line)
            skipping = 1
            continue
        path = place(container, line)
        if path is None:  # under a bad key: skip the whole subtree
            skipping = 1
            continue
        stack.append(_Frame(container, path))
