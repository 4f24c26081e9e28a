#!/usr/bin/env python3
"""Write a new record's skeleton (run through `python3 scripts/dev.py new`).

    python3 scripts/dev.py new event "Bucharest summit" --date 2008-04 --kind summit [--source ID] [--id ID]

writes data/events/<id>.yaml, the id made from the title and the year (or given by --id),
with every required field and a TODO placeholder where only you can write. It refuses an id
that is taken and never asks anything. Then run `python3 scripts/dev.py validate`: it lists
each placeholder with its line and what belongs there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _paths import ROOT
from timeline.scaffold import ScaffoldError, new_event


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dev.py new", description=__doc__.splitlines()[0])
    parser.add_argument("type", choices=["event"], help="what to create")
    parser.add_argument("title", help="the event's title, in your own words")
    parser.add_argument("--date", required=True, help="as precise as the sources: 2008, 2008-04, 2008-04-03, 199X")
    parser.add_argument("--kind", required=True, help="one of the kinds in docs/schema/event.schema.json")
    parser.add_argument("--source", help="the id of the first source you cite (data/sources.yaml)")
    parser.add_argument("--id", dest="ident", help="the id, if not the one made from the title and year")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        path = new_event(args.data, args.title, args.date, args.kind, args.source, args.ident)
    except ScaffoldError as exc:
        print(f"dev.py new: {exc}", file=sys.stderr)
        return 1
    try:
        shown = path.relative_to(Path.cwd())
    except ValueError:
        shown = path
    print(f"wrote {shown}\nNext: fill in each TODO (run python3 scripts/dev.py validate to list them), "
          "then preview with python3 scripts/dev.py serve.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
