"""Broken and hostile input: the validator answers with FILE:LINE problems or success, never
a traceback, a hang or unbounded memory, and never executes anything. Seeded and bounded."""

from __future__ import annotations

import shutil
import signal
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from timeline.load import load
from timeline.problems import DataError, Problem
from timeline.yamlload import load_text

SEEDED = settings(max_examples=300, derandomize=True, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
EVENTS = sorted((FIXTURES / "data" / "events").glob("*.yaml"))


@contextmanager
def guard(seconds: int = 20, megabytes: int = 300):
    """Fail instead of hanging or eating memory (a guard, not a benchmark)."""
    def timeout(*_):
        raise AssertionError(f"took more than {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1]
        assert peak < megabytes * 2**20, f"peak memory {peak / 2**20:.0f} MB"
    finally:
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def well_formed(problems: list[Problem], text: bytes, shown: str) -> None:
    lines = text.count(b"\n") + 1
    for p in problems:
        assert p.path == shown and 1 <= p.line <= lines and p.field and p.message, p
        assert str(p).startswith(f"{shown}:{p.line}: {p.field}: ")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(FIXTURES / "data", root / "data")
    return root / "data"


def validate_with(data_dir: Path, raw: bytes) -> list[Problem]:
    """Put ``raw`` in as data/events/fuzz.yaml and run the whole validator."""
    (data_dir / "events" / "fuzz.yaml").write_bytes(raw)
    try:
        load(data_dir, sources_dir=FIXTURES / "sources")
        return []
    except DataError as exc:
        return exc.problems
    finally:
        (data_dir / "events" / "fuzz.yaml").unlink()


# -- random bytes and YAML-ish text -----------------------------------------------------

@SEEDED
@given(st.binary(max_size=3000))
def test_random_bytes_give_problems_or_values(raw):
    loaded = load_text(raw, "f.yaml")
    well_formed(loaded.problems, raw, "f.yaml")


YAMLISH = st.lists(st.sampled_from(list(":-[]{}&*!|>'\"#\n\t ,?%@`~\\aZ09") + ["id: ", "date: ", "\n  - ", "<<: "]),
                   max_size=200).map("".join)


@SEEDED
@given(YAMLISH)
def test_random_yaml_syntax_gives_problems_or_values(text):
    raw = text.encode()
    well_formed(load_text(raw, "f.yaml").problems, raw, "f.yaml")


# -- random documents and mutated records through the whole validator --------------------

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
FIELDS = st.sampled_from(["id", "title", "date", "kind", "summary", "body", "topics", "actors", "accessions",
                          "related", "sources", "notes", "colour"])


@SEEDED
@given(st.dictionaries(FIELDS, VALUES, max_size=10) | VALUES)
def test_random_documents_as_event_files(data_dir, document):
    raw = yaml.safe_dump(document, allow_unicode=True).encode()
    found = validate_with(data_dir, raw)
    well_formed(found, raw, "data/events/fuzz.yaml")  # every problem is in this file, located in it


def mutate(text: str, op: str, where: int, value) -> str:
    lines = text.split("\n")
    i = where % len(lines)
    if op == "delete-line":
        del lines[i]
    elif op == "duplicate-line":
        lines.insert(i, lines[i])
    elif op == "tab":
        lines[i] = "\t" + lines[i]
    elif op == "truncate":
        return text[: where % (len(text) + 1)]
    elif op == "replace-value" and ":" in lines[i]:
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {yaml.safe_dump(value, default_flow_style=True).strip().removesuffix('...').strip()}"
    elif op == "unknown-field":
        lines.insert(i, f"extra_{where % 7}: {where}")
    elif op == "long-string":
        lines.insert(i, "summary: " + "x" * (1000 + where % 5000))
    return "\n".join(lines)


@SEEDED
@given(
    st.sampled_from(EVENTS),
    st.lists(st.tuples(st.sampled_from(["delete-line", "duplicate-line", "tab", "truncate", "replace-value",
                                        "unknown-field", "long-string"]),
                       st.integers(0, 10_000), VALUES), min_size=1, max_size=4),
)
def test_mutated_valid_records(data_dir, event, mutations):
    text = event.read_text(encoding="utf-8")
    for op, where, value in mutations:
        text = mutate(text, op, where, value)
    raw = text.encode()
    found = validate_with(data_dir, raw)
    assert all(p.path.endswith("fuzz.yaml") or p.path.endswith(event.name) for p in found), found
    well_formed([p for p in found if p.path.endswith("fuzz.yaml")], raw, "data/events/fuzz.yaml")


# -- the hand-made hostile corpus ---------------------------------------------------------

def billion_laughs(levels: int = 12) -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


HOSTILE = {
    "billion-laughs": (billion_laughs(), "uses a YAML alias"),
    "block-alias-bomb": (b"a: &a\n  b: 1\nc: *a\nd: *a\n", "uses a YAML alias"),
    "deep-flow-nesting": (b"id: x\ntopics: " + b"[" * 400_000 + b"]" * 400_000 + b"\n", "nests brackets more than"),
    "deep-block-nesting": ("".join(" " * i + f"k{i}:\n" for i in range(300)).encode() + b" " * 300 + b"v\n",
                           "is nested more than 50 levels deep"),
    "python-tag": (b'id: x\ntitle: !!python/object/apply:os.system ["touch /tmp/timeline-pwned"]\n',
                   "tags are not allowed"),
    "python-name-tag": (b"id: !!python/name:os.system\n", "tags are not allowed"),
    "merge-key": (b"base: &b {title: x}\nevent:\n  <<: *b\n", "uses a YAML alias"),
    "complex-key": (b"? [a, b]\n: value\nid: x\n", "key that is not plain text"),
    "invalid-utf8": (b"id: x\ntitle: caf\xe9\n", "is not valid UTF-8"),
    "nul-byte": (b"id: x\ntitle: a\x00b\n", "is not valid YAML"),
    "control-chars": (b"id: x\ntitle: a\x07b\n", "is not valid YAML"),
    "tabs": (b"id: x\n\ttitle: y\n", "has a tab at column 1; indent with spaces"),
    "unicode-line-separator": ("id: x\ntitle: a\u2028b\n".encode(), "line-break character U+2028"),
    "next-line-character": ("id: x\ntitle: a\x85b\n".encode(), "line-break character U+0085"),
    "old-mac-line-ends": (b"id: x\rtitle: y\r", "line-break character U+000D"),
    "truncated": (b'id: x\ntitle: "unfinished\n', "opened at column 8 that is not closed"),
    "lists-that-are-not": (b"id: x\nrelated: true\nsources: 3\nnotes: yes\ntopics: {a: 1}\nactors: true\n",
                           "expected a list"),
    "items-of-the-wrong-type": (b"id: x\nrelated: [true]\nsources: [1, [2]]\nnotes: [[]]\ntopics: [[a]]\n",
                                "expected a mapping of fields"),
    "list-not-mapping": (b"- id: x\n- title: y\n", "is a list; expected a mapping of fields"),
    "scalar-not-mapping": (b"just words\n", "is text; expected a mapping of fields"),
    "empty": (b"", "is empty"),
    "only-comments": (b"# nothing here\n", "is empty"),
    "two-documents": (b"id: x\n---\nid: y\n", "has a second YAML document"),
    "long-string": (b"id: x\ntitle: " + b"x" * 900_000 + b"\n", "has 900000 characters"),
    "huge-list": (b"id: x\ntopics: [" + b", ".join(b"t%d" % i for i in range(100_000)) + b"]\n", "has more than 20 items; expected at most 20"),
    "many-keys": (b"".join(b"k%d: v\n" for i in range(50_000)), "more problems, not shown"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_with_a_located_problem(data_dir, name):
    raw, expected = HOSTILE[name]
    with guard():
        found = validate_with(data_dir, raw)
    assert found, "a hostile file must not pass"
    mine = [p for p in found if p.path.endswith("fuzz.yaml")]
    well_formed(mine, raw, "data/events/fuzz.yaml")
    assert any(expected in p.message for p in mine), [str(p)[:200] for p in mine[:5]]
    assert not Path("/tmp/timeline-pwned").exists()


def test_file_over_the_size_limit_is_not_read(data_dir):
    with guard():
        found = validate_with(data_dir, b"id: x\n" + b"# padding\n" * 200_000)
    assert [str(p) for p in found] == [
        "data/events/fuzz.yaml:1: (file): is 2000006 bytes; expected at most 1000000"]


# -- the fast validator agrees with jsonschema ---------------------------------------------

@SEEDED
@given(st.dictionaries(FIELDS, VALUES, max_size=10) | VALUES)
def test_fast_schema_check_agrees_with_jsonschema(document):
    from timeline import schema
    for name in schema.SCHEMA_FILES:
        assert schema.is_valid(name, document) == schema.validator(name).is_valid(document)


@pytest.mark.parametrize("event", EVENTS, ids=[e.stem for e in EVENTS])
def test_fast_schema_check_agrees_on_mutated_records(event):
    from timeline import schema
    record = yaml.safe_load(event.read_text(encoding="utf-8"))
    variants = [record]
    for key in list(record):
        variants.append({k: v for k, v in record.items() if k != key})
        for bad in (None, 3, [], {}, "", "x" * 700, ["a", "a"], [{"type": "leads-to"}]):
            variants.append(dict(record, **{key: bad}))
    for variant in variants:
        assert schema.is_valid("event", variant) == schema.validator("event").is_valid(variant), variant
