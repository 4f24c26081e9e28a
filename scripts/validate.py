#!/usr/bin/env python3
"""Check every record in data/ and print every problem as FILE:LINE: field: message.

    python scripts/validate.py                  # data/ against ../shared/sources
    python scripts/validate.py --sources DIR    # another folder of archived source texts
    python scripts/validate.py --github         # also print GitHub annotations
    python scripts/validate.py --lock           # with the archive: verify, then write data/quotes.lock
    python scripts/validate.py --fix            # apply safe mechanical repairs, say what changed, then check

Without the archive, every quote needs an entry in data/quotes.lock (see CONTRIBUTING.md).
Exit status: 0 when the data is valid, 1 when it has problems, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _paths import ROOT
from timeline.fix import fix_folder
from timeline import types
from timeline.load import default_sources_dir, load, quote_lock_entries
from timeline.problems import DataError
from timeline.quotes import LOCK_NAME, lock_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (default: data/)")
    parser.add_argument("--sources", type=Path, default=None,
                        help="archived source texts for the quote check "
                             "(default: ../shared/sources, or $TIMELINE_SOURCES)")
    parser.add_argument("--github", action="store_true", help="also print ::error annotations for GitHub Actions")
    parser.add_argument("--lock", action="store_true",
                        help=f"verify every quote against the archive, then write {LOCK_NAME} in the data folder")
    parser.add_argument("--fix", action="store_true",
                        help="quote unquoted dates, tabs to spaces, straight quotes around quotes; then check")
    args = parser.parse_args(argv)
    sources = args.sources or default_sources_dir(ROOT)
    if args.lock and not sources.is_dir():
        print(f"--lock needs the archived sources, and {sources} does not exist: "
              "pass --sources DIR or set TIMELINE_SOURCES", file=sys.stderr)
        return 2
    if args.fix:
        for change in fix_folder(args.data, shown_from=Path.cwd()):
            print(change)
    try:
        raw = load(args.data, sources_dir=sources, shown_from=Path.cwd())
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        if args.github:
            for problem in exc.problems:
                print(problem.github())
        if args.lock:
            print(f"{LOCK_NAME} was not written: fix the problems above first.", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(raw.of(t.key))} {t.schema_name}" for t in types.IN_DATA)
    quotes = f"quotes checked against {sources}" if raw.sources_dir else f"quotes checked against data/{LOCK_NAME}"
    print(f"data OK: {counts}; {quotes}")
    if args.lock:
        entries = quote_lock_entries(raw)
        text = lock_text(entries)
        path = args.data / LOCK_NAME
        changed = not path.is_file() or path.read_text(encoding="utf-8") != text
        if changed:
            path.write_text(text, encoding="utf-8")
        print(f"{'wrote' if changed else 'unchanged:'} {path}: {len(entries)} verified quotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
