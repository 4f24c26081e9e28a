"""Load one YAML file into plain values, keeping the line of every field.

PyYAML's safe_load silently keeps the last of two duplicate keys, turns 1957-03-25 into a
date and NO into False. Here the file is composed into a node tree (with the C parser when
present) and converted by hand: every scalar stays a string except ``null`` and
``true``/``false``; duplicate keys, aliases and explicit tags are problems; every field's
line is recorded under its path, e.g. ``("sources", 0, "quote") -> 12``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, field_name

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 50
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "binary")
}


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
    text = text.removeprefix("\ufeff")
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        problem(line, "(file)", f"is not valid YAML: {what}")
        return out
    except yaml.YAMLError as exc:  # ReaderError (control characters) and the like
        position = getattr(exc, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else 1
        problem(line, "(file)", f"is not valid YAML: {exc}")
        return out
    except RecursionError:
        problem(1, "(file)", "is nested too deeply; expected a flat record")
        return out
    if root is None:
        problem(1, "(file)", "is empty; expected a YAML mapping of fields")
        return out
    out.lines[()] = root.start_mark.line + 1
    seen: set[int] = set()
    out.value = _convert(root, (), out, problem, seen, 0)
    return out


def _convert(node, path, out: Loaded, problem, seen: set[int], depth: int) -> Any:
    name = field_name(path)
    line = node.start_mark.line + 1
    if id(node) in seen:
        # An alias: the same node reached twice. Expanding aliases to collections is how
        # "billion laughs" files blow up, so they are reported and not expanded.
        problem(out.lines.get(path, line), name,
                "uses a YAML alias (*name); anchors and aliases are not allowed, write the value out")
        return node.value if isinstance(node, yaml.ScalarNode) else None
    if depth > MAX_DEPTH:
        problem(line, name, f"is nested more than {MAX_DEPTH} levels deep; expected a flat record")
        return None
    if node.tag not in _STANDARD_TAGS:
        # Reported, then read as if untagged, so that one mistake gives one message.
        problem(line, name, f"has the YAML tag {node.tag!r}; tags are not allowed, expected a plain value")
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problem(key_line, name, "has a key that is not plain text; expected field names")
                continue
            key = key_node.value
            sub = path + (key,)
            if key in result:
                problem(
                    key_line,
                    field_name(sub),
                    f"is set twice (first at line {out.lines[sub]}); expected each field once",
                )
                continue
            out.lines[sub] = key_line
            result[key] = _convert(value_node, sub, out, problem, seen, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            sub = path + (i,)
            out.lines[sub] = item.start_mark.line + 1
            items.append(_convert(item, sub, out, problem, seen, depth + 1))
        return items
    # Scalar
    out.text_starts[path] = (line, node.style or "")
    if node.tag == "tag:yaml.org,2002:null" and not node.style:
        return None
    if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() in ("true", "false"):
        return node.value.lower() == "true"
    return node.value
