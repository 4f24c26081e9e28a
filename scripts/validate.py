#!/usr/bin/env python3
"""Check every record in data/ and print every problem as FILE:LINE: field: message.

    python scripts/validate.py                  # data/ against ../shared/sources
    python scripts/validate.py --sources DIR    # another folder of archived source texts
    python scripts/validate.py --github         # also print GitHub annotations

Exit status: 0 when the data is valid, 1 when it has problems, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _paths import ROOT
from timeline.load import default_sources_dir, load
from timeline.problems import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (default: data/)")
    parser.add_argument("--sources", type=Path, default=None,
                        help="archived source texts for the quote check (default: ../shared/sources, or $TIMELINE_SOURCES)")
    parser.add_argument("--github", action="store_true", help="also print ::error annotations for GitHub Actions")
    args = parser.parse_args(argv)
    sources = args.sources or default_sources_dir(ROOT)
    try:
        raw = load(args.data, sources_dir=sources, shown_from=Path.cwd())
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        if args.github:
            for problem in exc.problems:
                print(problem.github())
        return 1
    counts = ", ".join(f"{len(raw.of(t))} {t}" for t in ("event", "topic", "actors", "eras", "sources"))
    quotes = f"quotes checked against {sources}" if raw.sources_dir else f"quotes NOT checked: {sources} not found"
    print(f"data OK: {counts}; {quotes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
