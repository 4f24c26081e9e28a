"""The JSON Schemas in docs/schema/ are the one statement of the record rules.

They drive this validator, the editor hint (``# yaml-language-server: $schema=…``) and the
field reference (``render.field_reference``). Here each jsonschema error becomes a Problem
that names the line and says what is expected (the schemas' ``x-expected`` texts).
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path

import fastjsonschema

from . import types
from .problems import Problem, field_name
from .yamlload import Loaded

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / "schema"
SCHEMA_FILES = {t.key: t.schema_file for t in types.IN_DATA}  # record type -> its schema file
_JSON_TYPES = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "empty"}
_PRIORITY = ["type", "additionalProperties", "required"]


IDS_FILE = "ids.schema.json"


@cache
def load_schema(name: str) -> dict:
    """The schema of record type ``name`` (``types.BY_KEY``) as the validator applies it:
    without the references to the generated lists of known ids (``ids.schema.json``), which
    serve editors' completion. The cross-record checks test every reference against the data
    being loaded, and say which id was meant."""
    return _without_id_lists(json.loads((SCHEMA_DIR / SCHEMA_FILES[name]).read_text(encoding="utf-8")))


def _without_id_lists(node):
    if isinstance(node, dict):
        return {k: _without_id_lists(v) for k, v in node.items()
                if not (k == "$ref" and isinstance(v, str) and v.startswith(IDS_FILE))}
    if isinstance(node, list):
        return [_without_id_lists(v) for v in node]
    return node


@cache
def validator(name: str):
    """jsonschema's validator, which reports every error; imported only when a record fails
    the fast check (the import alone costs about 40 ms)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(name))


@cache
def fast_validator(name: str):
    """The same schema compiled to Python by fastjsonschema: about 4 times faster than
    jsonschema on valid records, which are nearly all of them. It stops at the first error,
    so invalid records are then explained by jsonschema, which finds them all."""
    return fastjsonschema.compile(_enums(load_schema(name)))


def _enums(node):
    """``oneOf`` a list of distinct constants, as ``enum``: the same rule, which fastjsonschema
    checks with one lookup instead of trying every constant and raising an exception for each
    it does not match (15 per event for its kind alone). The titles and descriptions the
    editors see stay in the schema files; jsonschema, which explains errors, reads those."""
    if isinstance(node, list):
        return [_enums(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _enums(v) for k, v in node.items()}
    branches = node.get("oneOf")
    if isinstance(branches, list) and branches and all(_is_constant(b) for b in branches):
        consts = [b["const"] for b in branches]
        if len({json.dumps(c, sort_keys=True) for c in consts}) == len(consts):  # distinct: exactly one matches
            del node["oneOf"]
            node["enum"] = consts
    return node


def _is_constant(branch) -> bool:
    """A ``oneOf`` branch that is a constant with nothing but annotations beside it."""
    return isinstance(branch, dict) and "const" in branch and all(
        key in ("const", "title", "description", "examples") or key.startswith("x-") for key in branch)


def is_valid(name: str, value) -> bool:
    try:
        fast_validator(name)(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def choices(schema: dict) -> list[dict]:
    """The ``oneOf`` constants of an enumerated field, each with its title and description."""
    return [dict(c, id=c["const"]) for c in schema.get("oneOf", []) if "const" in c]


def event_kinds() -> list[dict]:
    return choices(load_schema("event")["properties"]["kind"])


def relation_types() -> list[dict]:
    return choices(load_schema("event")["properties"]["related"]["items"]["properties"]["type"])


def note_types() -> list[dict]:
    return choices(load_schema("event")["properties"]["notes"]["items"]["properties"]["type"])


def source_natures() -> list[dict]:
    return choices(load_schema("source")["items"]["properties"]["nature"])


def actor_types() -> list[dict]:
    return choices(load_schema("actor")["items"]["properties"]["type"])


def _kind_of(value) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def trim_long_lists(value, node_schema: dict) -> None:
    """Cut, in place, every list longer than its schema's ``maxItems`` to one item past it.
    Such a list already breaks the schema; the items past the cap would only add time
    (jsonschema, the cross-record checks) and problems nobody reads. Iterative: nesting depth
    is bounded upstream, and the schema is walked only where the value has it."""
    stack = [(value, node_schema)]
    while stack:
        node, rules = stack.pop()
        if isinstance(node, list):
            cap = rules.get("maxItems")
            if isinstance(cap, int):
                del node[cap + 1:]
            items = rules.get("items")
            if isinstance(items, dict):
                stack.extend((item, items) for item in node)
        elif isinstance(node, dict):
            properties = rules.get("properties", {})
            stack.extend((node[key], properties[key]) for key in node if key in properties)


def _expected(schema: dict, default: str) -> str:
    return schema.get("x-expected", default)


def check(name: str, loaded: Loaded, shown_path: str) -> list[Problem]:
    """Validate a loaded file against schema ``name``; one problem per field, the most telling."""
    if is_valid(name, loaded.value):
        return []
    trim_long_lists(loaded.value, load_schema(name))
    found: dict[tuple, Problem] = {}
    errors = sorted(
        validator(name).iter_errors(loaded.value),
        key=lambda e: (_PRIORITY.index(e.validator) if e.validator in _PRIORITY else 9),
    )
    for err in errors:
        path = tuple(err.absolute_path)
        for sub, message in _explain(err, path):
            if sub not in found:
                found[sub] = Problem(shown_path, loaded.line(sub), field_name(sub), message)
    return list(found.values())


PLACEHOLDER = "TODO"  # what `dev.py new` writes where only a person can fill in


def schema_at(name: str, path: tuple) -> dict:
    """The part of schema ``name`` that applies at a field path such as ('sources', 0, 'quote')."""
    node = load_schema(name)
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


def placeholders(name: str, value, path: tuple = ()):
    """(path, message) for every text that is still a placeholder written by `dev.py new`."""
    if isinstance(value, str) and value.startswith(PLACEHOLDER):
        yield path, placeholder_message(schema_at(name, path))
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from placeholders(name, sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from placeholders(name, sub, path + (i,))


def placeholder_message(node: dict) -> str:
    what = node.get("x-expected") or node.get("description") or "a value"
    return f"is still a placeholder ({PLACEHOLDER}); expected {what}"


def _explain(err, path: tuple):
    """Yield (field path, message) pairs for one jsonschema error."""
    schema, value, kw = err.schema, err.instance, err.validator
    if isinstance(value, str) and value.startswith(PLACEHOLDER):
        yield path, placeholder_message(schema)
    elif kw == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        for key in value:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield path + (key,), f"is not a known field{hint}; expected one of: {', '.join(known)}"
    elif kw == "required":
        for key in err.validator_value:
            if isinstance(value, dict) and key not in value:
                sub_schema = schema.get("properties", {}).get(key, {})
                yield path + (key,), f"is missing; expected {_expected(sub_schema, 'a value')}"
    elif kw == "type":
        wanted = err.validator_value
        wanted = {"object": "a mapping of fields", "array": "a list", "string": "text"}.get(wanted, wanted)
        yield path, f"is {_kind_of(value)}; expected {_expected(schema, wanted)}"
    elif kw in ("oneOf", "enum"):
        allowed = [c["const"] for c in choices(schema)] or list(schema.get("enum", []))
        close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        yield path, f"'{value}' is not allowed{hint}; expected one of: {', '.join(map(str, allowed))}"
    elif kw == "pattern":
        yield path, f"'{value}' is not valid; expected {_expected(schema, 'text matching ' + err.validator_value)}"
    elif kw in ("minLength", "maxLength"):
        yield path, f"has {len(value)} characters; expected {_expected(schema, kw + ' ' + str(err.validator_value))}"
    elif kw == "maxItems":
        yield path, f"has more than {err.validator_value} items; expected at most {err.validator_value}"
    elif kw == "minItems":
        yield path, f"has {len(value)} item(s); expected at least {err.validator_value}"
    elif kw == "uniqueItems":
        yield path, f"lists {', '.join(_repeated(value))} more than once; expected each item once"
    else:
        yield path, err.message


def _repeated(items: list) -> list[str]:
    """The items of a list that stand in it more than once, as Python writes them, sorted."""
    seen: set = set()
    repeated = set()
    for item in items:
        key = item if isinstance(item, str) else repr(item)
        if key in seen:
            repeated.add(repr(item))
        seen.add(key)
    return sorted(repeated)
