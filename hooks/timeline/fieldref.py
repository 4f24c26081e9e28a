"""The field reference, made from the JSON Schemas: one table per file type.

Rendered as the site's Data reference page and written into CONTRIBUTING.md by
``scripts/fieldref.py``, so that neither can drift from the rules the validator applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import types
from .schema import choices, load_schema


@dataclass(frozen=True)
class Field:
    name: str
    required: bool
    type: str
    description: str
    values: tuple[tuple[str, str], ...] = ()
    limits: str = ""


@dataclass(frozen=True)
class FileRef:
    schema: str  # the record type's key (schema.SCHEMA_FILES names its file)
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]


def _type(spec: dict) -> str:
    kind = spec.get("type", "")
    if isinstance(kind, list):  # e.g. ["string", "null"]
        return " or ".join(_type({**spec, "type": k}) for k in kind)
    if kind == "array":
        item = spec.get("items", {})
        return "list of mappings" if item.get("type") == "object" else f"list of {_type(item)}"
    return {"string": "text", "object": "mapping", "boolean": "true/false", "integer": "whole number",
            "null": "null"}.get(kind, kind)


def fields(spec: dict) -> list[Field]:
    """The fields of an object schema, nested lists of mappings as 'name[].field'."""
    return _fields(spec)


def _range(low, high, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low}–{high} {unit}"
    if high is not None:
        return f"at most {high} {unit}"
    if low == 1 and unit == "characters":
        return "not empty"
    return f"at least {low} {unit}" if low is not None else ""


def limits(spec: dict) -> str:
    """The length limits of a field, as a reader would say them: '3–140 characters'."""
    parts = [_range(spec.get("minLength"), spec.get("maxLength"), "characters"),
             _range(None, spec.get("x-maxWords"), "words"),
             _range(spec.get("minItems"), spec.get("maxItems"), "items")]
    if spec.get("type") == "array":
        item = spec.get("items", {})
        each = _range(item.get("minLength"), item.get("maxLength"), "characters")
        parts.append(f"each {each}" if each else "")
    return "; ".join(p for p in parts if p)


def _fields(spec: dict, prefix: str = "") -> list[Field]:
    out = []
    required = set(spec.get("required", []))
    for name, prop in spec.get("properties", {}).items():
        values = tuple((c["id"], c.get("title", "")) for c in choices(prop) if c["id"] is not None)
        values += tuple((v, "") for v in prop.get("items", {}).get("enum", []))
        values += tuple((v, "") for v in prop.get("enum", []) if v is not None)
        out.append(Field(prefix + name, name in required, _type(prop), prop.get("description", ""), values,
                         limits(prop)))
        item = prop.get("items", {})
        if item.get("type") == "object":
            out += _fields(item, f"{prefix}{name}[].")
    return out


def reference() -> list[FileRef]:
    refs = []
    for record_type in types.IN_DATA:
        schema = load_schema(record_type.key)
        body = schema["items"] if schema.get("type") == "array" else schema
        refs.append(FileRef(record_type.key, record_type.file_pattern, schema.get("title", record_type.schema_name),
                            schema.get("description", ""), tuple(_fields(body))))
    return refs
