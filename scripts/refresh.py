#!/usr/bin/env python3
"""Regenerate everything that is made from data/ and the schemas, in one command.

    python3 scripts/dev.py refresh           # (this script, in .venv) rewrite what is stale
    python3 scripts/dev.py refresh --check   # exit 1 if anything is stale; write nothing

- docs/schema/ids.schema.json: the known topic, actor, country and source ids, for editors;
- the field reference in CONTRIBUTING.md, from docs/schema/*.json;
- data/quotes.lock, when the archived sources are present (../shared/sources or
  $TIMELINE_SOURCES): every quote verified verbatim first. Without the archive the lock is
  left as it is (and --check does not judge it).

Run it after adding or changing records, with the archive, and commit what it changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import fieldref  # scripts/fieldref.py
from _paths import ROOT
from timeline.known_ids import FILE as IDS_FILE, ids_schema
from timeline.load import default_sources_dir, load, quote_lock_text
from timeline.problems import DataError
from timeline.quotes import LOCK_NAME
from timeline.schema import SCHEMA_DIR


def wanted(data: Path, sources: Path) -> dict[Path, str]:
    """Each generated file and the text it should have."""
    raw = load(data, sources_dir=sources, shown_from=Path.cwd(), require_lock=False)
    files = {SCHEMA_DIR / IDS_FILE: ids_schema(raw),
             fieldref.PATH: fieldref.updated(fieldref.PATH.read_text(encoding="utf-8"))}
    if raw.sources_dir is not None:
        files[data / LOCK_NAME] = quote_lock_text(raw)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if a generated file is stale")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--sources", type=Path, default=None)
    args = parser.parse_args(argv)
    sources = args.sources or default_sources_dir(ROOT)
    try:
        files = wanted(args.data, sources)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        print("Nothing was regenerated: fix the problems above first.", file=sys.stderr)
        return 1
    stale = [path for path, text in files.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    for path in stale:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if args.check:
            print(f"{shown} is out of date: run python3 scripts/dev.py refresh", file=sys.stderr)
        else:
            path.write_text(files[path], encoding="utf-8")
            print(f"updated {shown}")
    if args.data / LOCK_NAME not in files:
        print(f"{LOCK_NAME} left as it is: no archived sources at {sources}", file=sys.stderr)
    if not stale:
        print("everything generated is up to date")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
