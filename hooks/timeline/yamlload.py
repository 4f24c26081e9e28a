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
from collections.abc import Callable, Iterable
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
        _Builder(out, problem).build(yaml.parse(text, Loader=Loader))
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
    if (event.tag == "tag:yaml.org,2002:bool" or (not event.style and event.implicit[0])) and event.value in _BOOLS:
        return _BOOLS[event.value]
    return event.value


class _Builder:
    """Builds plain values from the parser's event stream, one method per kind of event, with
    an explicit stack instead of recursion. Aliases are never expanded."""

    def __init__(self, out: Loaded, problem: Callable[[int, str, str], None]):
        self.out = out
        self.problem = problem
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}
        self.skipping = 0  # depth inside a subtree that is not kept (too deep, or under a bad key)
        self.documents = 0
        self.handlers: dict[type, Callable[[Any, int], bool | None]] = {
            yaml.StreamStartEvent: self.nothing, yaml.StreamEndEvent: self.nothing,
            yaml.DocumentStartEvent: self.document_start, yaml.DocumentEndEvent: self.nothing,
            yaml.MappingStartEvent: self.collection_start, yaml.SequenceStartEvent: self.collection_start,
            yaml.MappingEndEvent: self.collection_end, yaml.SequenceEndEvent: self.collection_end,
            yaml.ScalarEvent: self.scalar, yaml.AliasEvent: self.alias,
        }

    def build(self, events: Iterable[yaml.Event]) -> None:
        """Build ``out.value`` from the events; stop at a second document."""
        for event in events:
            line = event.start_mark.line + 1 if event.start_mark else 1
            if self.skipping and not isinstance(event, (yaml.DocumentStartEvent, yaml.StreamEndEvent)):
                self.skip(event)
            elif self.handlers[type(event)](event, line):
                return

    # -- where the parser is -------------------------------------------------------------
    def place(self, value: Any, line: int) -> tuple | None:
        """Put a value where the parser is; return its path, or None if it is not kept."""
        out, stack = self.out, self.stack
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

    def key_expected(self) -> bool:
        frame = self.stack[-1] if self.stack else None
        return frame is not None and isinstance(frame.container, dict) and frame.key is None and not frame.key_is_bad

    def where(self) -> str:
        if not self.stack:
            return "(file)"
        frame = self.stack[-1]
        if isinstance(frame.container, dict) and frame.key is not None:
            return field_name(frame.path + (frame.key,))
        if isinstance(frame.container, list):
            return field_name(frame.path + (len(frame.container),))
        return field_name(frame.path)

    def refuse_key(self, line: int, message: str) -> None:
        """The pending key of the mapping being built is not usable: drop its value."""
        frame = self.stack[-1]
        self.problem(line, field_name(frame.path), message)
        frame.key_is_bad = True

    # -- one method per kind of event ------------------------------------------------------
    def nothing(self, event: yaml.Event, line: int) -> None:
        """Stream start and end, document end: nothing to build."""

    def document_start(self, event: yaml.DocumentStartEvent, line: int) -> bool:
        """True (stop) at a second document."""
        self.documents += 1
        if self.documents > 1:
            self.problem(line, "(file)", "has a second YAML document (---); expected one record per file")
            return True
        return False

    def skip(self, event: yaml.Event) -> None:
        """Inside a subtree that is not kept: only follow its depth."""
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.skipping += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.skipping -= 1

    def collection_end(self, event: yaml.CollectionEndEvent, line: int) -> None:
        self.stack.pop()

    def alias(self, event: yaml.AliasEvent, line: int) -> None:
        # Expanding aliases to collections is how "billion laughs" files blow up.
        fld = self.where()
        if self.key_expected():
            self.refuse_key(line, "has an alias (*name) as a key; expected field names")
            return
        frame = self.stack[-1] if self.stack else None
        at = self.out.lines.get(frame.path + (frame.key,), line) if frame and frame.key else line
        self.problem(at, fld, "uses a YAML alias (*name); anchors and aliases are not allowed, write the value out")
        self.place(self.anchors.get(event.anchor or ""), line)

    def check_tag(self, event: yaml.NodeEvent, line: int) -> None:
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_TAGS:
            self.problem(line, self.where(), f"has the YAML tag {tag!r}; tags are not allowed, expected a plain value")

    def scalar(self, event: yaml.ScalarEvent, line: int) -> None:
        self.check_tag(event, line)
        value = _scalar(event)
        if event.anchor:
            self.anchors[event.anchor] = value
        if self.key_expected():
            self.key(event, value, line)
            return
        path = self.place(value, line)
        if path is not None:
            self.out.text_starts[path] = (line, event.style or "")

    def key(self, event: yaml.ScalarEvent, value: Any, line: int) -> None:
        """A scalar where a mapping expects its next key."""
        frame = self.stack[-1]
        if not isinstance(value, str):
            self.refuse_key(line, f"has the key {event.value!r}, which is not text; expected field names")
            return
        sub = frame.path + (value,)
        if value in frame.container:
            self.problem(line, field_name(sub), f"is set twice (first at line {self.out.lines[sub]}); "
                                                "expected each field once")
            frame.key_is_bad = True
            return
        frame.key = value
        self.out.lines[sub] = line

    def collection_start(self, event: yaml.CollectionStartEvent, line: int) -> None:
        self.check_tag(event, line)
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        if event.anchor:
            self.anchors[event.anchor] = None  # never expanded
        if self.key_expected():
            self.refuse_key(line, "has a key that is not plain text; expected field names")
            self.skipping = 1
            return
        if len(self.stack) >= MAX_DEPTH:
            self.problem(line, self.where(), f"is nested more than {MAX_DEPTH} levels deep; expected a flat record")
            self.place(None, line)
            self.skipping = 1
            return
        path = self.place(container, line)
        if path is None:  # under a bad key: skip the whole subtree
            self.skipping = 1
            return
        self.stack.append(_Frame(container, path))
