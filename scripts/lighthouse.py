#!/usr/bin/env python3
"""Lighthouse (npm `lighthouse`, Debian's chromium), mobile, on the home page, a decade page
and an event page of a built site: the median of several runs per page.

    python scripts/lighthouse.py SITE_DIR [--runs 3] [--check]

Needs `npm install` (the project's package.json) and /usr/bin/chromium. With --check, exit 1
unless every median meets the budget: performance >= 95, accessibility, best practices and
SEO 100.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _paths import ROOT

import screenshots

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def run(url: str, out: Path) -> dict[str, int]:
    flags = "--headless=new " + " ".join(screenshots.CHROMIUM_ARGS)
    subprocess.run([str(LIGHTHOUSE), url, f"--chrome-flags={flags}", "--output=json", f"--output-path={out}",
                    "--form-factor=mobile", "--quiet", "--only-categories=" + ",".join(CATEGORIES)],
                   check=True, env=dict(os.environ, CHROME_PATH=screenshots.CHROMIUM), timeout=300)
    report = json.loads(out.read_text())
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    types = screenshots.page_types(args.site)
    pages = {"home": types["home"], "decade": types["decade"], "event": types["event"]}
    failed = False
    with screenshots.serve(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        print("| page | performance | accessibility | best practices | SEO | runs (performance) |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for name, path in pages.items():
            runs = [run(base + path, Path(tmp) / f"{name}-{i}.json") for i in range(args.runs)]
            median = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
            failed |= any(median[c] < BUDGET[c] for c in CATEGORIES)
            print(f"| {name} (`/{path}`) | " + " | ".join(f"{median[c]:g}" for c in CATEGORIES)
                  + " | " + ", ".join(str(r["performance"]) for r in runs) + " |", flush=True)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
