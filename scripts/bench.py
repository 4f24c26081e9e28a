#!/usr/bin/env python3
"""Benchmark our build against the plain-MkDocs floor, as ratios, with budgets.

    python scripts/bench.py            # full run: 100, 1,000 and 10,000 events (about 10 minutes)
    python scripts/bench.py --quick    # CI: 100 and 1,000 synthetic events, 1,000 real, validation at 10,000

For each size N it makes a data set: **synthetic** (scripts/synth.py's generate: schema-valid
records of typical size) and **real** (synth.replicate: the real data/ repeated in whole
copies, so records carry their real citations, notes and links; its quotes are checked
against the archive where ../shared/sources is present). Then it
alternates two builds with the same mkdocs.yml: **ours** (the hooks validate, model and
render the data) and **the floor** (the same pages, written beforehand as plain Markdown by
scripts/export_markdown.py, built by MkDocs with the hooks removed). It reports wall time
(median of the repeats), the ratio ours/floor, milliseconds per event, peak memory, the
largest HTML page, the site's size and its search index; validation plus model alone; and
the rebuild after a one-file edit under `mkdocs serve` on the real data; and the open-data
downloads (/data/: JSON, CSV, iCalendar, TimelineJS), made from the model in-process, as
seconds, as a share of our build and as megabytes. It prints a Markdown table and exits 1 if
a budget is broken by more than the noise margin.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from _paths import ROOT
from export_markdown import export
from synth import generate, replicate
from timeline import export as open_data
from timeline import types
from timeline.load import default_sources_dir, load
from timeline.model import build

# Budgets (issue: Performance). A budget fails only when exceeded by more than NOISE. On this
# 2-core machine one build of the same input varies by 2-11% from the next (the table prints
# the spread of the floor's runs). The ratio compares medians of alternating runs, which
# varies less than single runs; a 10% margin is as large as the worst single-run spread seen,
# so a failure is a regression, not a bad draw.
NOISE = 0.10
RATIO_MAX = 1.10
GROWTH_MAX = 11.0  # time at 10,000 events / time at 1,000
VALIDATE_10K_MAX_S = 5.0
LARGEST_PAGE_MAX_KB = 200
REBUILD_MAX_S = 1.5
# --quick (CI) fails the serve rebuild only past this: it stands near its budget (1.2 to 2.1 s
# on this machine from one hour to the next, README), and CI is there to catch a lost cache
# (3.4 s before it), not the last tenths. The full run holds it to REBUILD_MAX_S.
REBUILD_QUICK_MAX_S = 3.0
DOWNLOADS_SHARE_MAX = 0.05  # the downloads' cost / our whole build (issue: open data)
INDEX_PER_EVENT_MAX_B = 3 * 1024  # the search index the browser loads, per event, at today's data


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Size:
    data: str  # "synthetic" or "real"
    events: int
    ours: list[Run]
    floor: list[Run]
    validate_s: float
    largest_kb: float
    site_mb: float
    search_kb: float
    downloads_s: float
    downloads_mb: float

    @property
    def downloads_share(self) -> float:
        return self.downloads_s / self.ours_s

    @property
    def ours_s(self) -> float:
        return statistics.median(r.seconds for r in self.ours)

    @property
    def floor_s(self) -> float:
        return statistics.median(r.seconds for r in self.floor)

    @property
    def ratio(self) -> float:
        return self.ours_s / self.floor_s

    @property
    def spread(self) -> float:
        times = [r.seconds for r in self.floor]
        return (max(times) - min(times)) / statistics.median(times) if len(times) > 1 else 0.0


def timed(args: list[str], env: dict) -> Run:
    """Run a command; wall time and the peak resident memory of that child alone."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    assert process.stderr is not None  # stderr=PIPE
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {' '.join(args)}\n{stderr[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def floor_config(work: Path, docs: Path) -> Path:
    """mkdocs.yml minus the hooks, building the exported Markdown; the same pages are kept
    out of the navigation as our hooks keep out."""
    not_in_nav = [f"/{types.EVENT.page_folder}/"]  # each list's index page is in the nav, no event is
    for folder in [t.page_folder for t in types.ALL if t is not types.EVENT] + ["timeline"]:
        not_in_nav += [f"/{folder}/", f"!/{folder}/index.md"]
    config = work / "mkdocs-floor.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        "hooks: []\n"
        "watch: []\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
        "not_in_nav: |\n" + "".join(f"  {p}\n" for p in not_in_nav),
        encoding="utf-8",
    )
    return config


def site_figures(site: Path) -> tuple[float, float, float]:
    pages = list(site.rglob("*.html"))
    largest = max(p.stat().st_size for p in pages) / 1024
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20
    search = (site / "search" / "search_index.json").stat().st_size / 1024
    return largest, total, search


def validate_time(data: Path, sources: Path, repeat: int = 2) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build(load(data, sources_dir=sources))
        times.append(time.perf_counter() - start)
    return min(times)


def downloads_cost(data: Path, sources: Path, repeat: int = 3) -> tuple[float, float]:
    """Seconds to make every download from the model (best of ``repeat``) and their size (MB):
    what the build spends on them beyond the pages."""
    site = build(load(data, sources_dir=sources))
    pub = open_data.Publication("bench", "https://example.org/timeline/")
    times, files = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        files = open_data.downloads(site, pub)
        times.append(time.perf_counter() - start)
    return min(times), sum(f.size for f in files) / 2**20


def measure(events: int, work: Path, repeat: int, real: bool = False) -> Size:
    folder = work / f"{'real' if real else 'synthetic'}-{events}"
    if real:
        data = replicate(ROOT / "data", folder, events)
        archive = default_sources_dir(ROOT)
        sources = archive if archive.is_dir() else folder / "no-archive"
    else:
        data = generate(folder, events, seed=events)
        sources = folder / "sources"
    events = len(list((data / "events").glob("*.yaml")))
    docs = folder / "floor-docs"
    export(docs, data, sources)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TIMELINE_DATA=str(data), TIMELINE_SOURCES=str(sources))
    env.pop("SITE_URL", None)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    ours_args = mkdocs + ["-f", str(ROOT / "mkdocs.yml"), "-d", str(folder / "site-ours")]
    floor_args = mkdocs + ["-f", str(floor_config(folder, docs)), "-d", str(folder / "site-floor")]
    ours: list[Run] = []
    floor: list[Run] = []
    for i in range(repeat):  # alternate, so that drift in the machine's speed hits both alike
        pair = [(ours, ours_args), (floor, floor_args)]
        for runs, args in pair if i % 2 == 0 else reversed(pair):
            runs.append(timed(args, env))
    largest, total, search = site_figures(folder / "site-ours")
    return Size("real" if real else "synthetic", events, ours, floor, validate_time(data, sources), largest, total,
                search, *downloads_cost(data, sources))


def real_index(work: Path) -> tuple[int, int]:
    """(bytes of the search index, number of events) of a build of today's data/."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TIMELINE_SOURCES=str(default_sources_dir(ROOT)))
    env.pop("TIMELINE_DATA", None)
    timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d",
           str(work / "site-real")], env)
    events = len(list((ROOT / "data" / "events").glob("*.yaml")))
    return (work / "site-real" / "search" / "search_index.json").stat().st_size, events


def rebuild_time(work: Path) -> float:
    """Seconds from a one-file YAML edit to the reloaded page, under `mkdocs serve`, real data."""
    data = work / "real-data"
    shutil.copytree(ROOT / "data", data)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TIMELINE_DATA=str(data),
               TIMELINE_SOURCES=str(default_sources_dir(ROOT)))
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / "mkdocs.yml"), "-a", "127.0.0.1:0"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    def pump(stream) -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, args=(process.stderr,), daemon=True).start()
    try:
        def wait_for(pattern: str, limit: float = 60) -> str:
            deadline = time.monotonic() + limit
            while (left := deadline - time.monotonic()) > 0:
                try:
                    line = lines.get(timeout=left)
                except queue.Empty:
                    break
                seen.append(line)
                if re.search(pattern, line):
                    return line
            raise SystemExit(f"mkdocs serve did not print {pattern!r} within {limit} s; it printed:\n"
                             + "".join(seen[-15:]))

        wait_for(r"Serving on")
        target = sorted((data / "events").glob("*.yaml"))[0]
        times = []
        for n in range(3):
            time.sleep(1.0)
            text = target.read_text(encoding="utf-8")
            start = time.monotonic()
            target.write_text(text.replace("\ntitle: ", f"\ntitle: ({n}) ", 1), encoding="utf-8")
            wait_for(r"Reloading browsers")
            times.append(time.monotonic() - start)
        return statistics.median(times)
    finally:
        process.terminate()
        process.wait(timeout=10)


def table(sizes: list[Size], rebuild: float | None, validate_10k: float | None,
          index: tuple[int, int] | None = None) -> str:
    rows = [
        "| data | events | ours (s) | floor (s) | ours/floor | ms/event | peak MB ours / floor | largest page (KB) "
        "| site (MB) | search index (KB) | index per event (B) | validate+model (s) | floor spread | downloads (s) "
        "| downloads / ours | downloads (MB) |",
        "| --- " + "| ---: " * 15 + "|",
    ]
    for s in sizes:
        rows.append(
            f"| {s.data} | {s.events:,} | {s.ours_s:.2f} | {s.floor_s:.2f} | {s.ratio:.3f} "
            f"| {1000 * s.ours_s / s.events:.2f} "
            f"| {max(r.peak_mb for r in s.ours):.0f} / {max(r.peak_mb for r in s.floor):.0f} | {s.largest_kb:.0f} "
            f"| {s.site_mb:.1f} | {s.search_kb:.0f} | {1024 * s.search_kb / s.events:.0f} | {s.validate_s:.2f} "
            f"| {100 * s.spread:.1f}% | {s.downloads_s:.2f} | {100 * s.downloads_share:.1f}% | {s.downloads_mb:.1f} |")
    notes = []
    if index is not None:
        notes.append(f"Search index at today's data: {index[0] / 1024:.0f} KB for {index[1]} events, "
                     f"{index[0] / index[1]:.0f} bytes per event (budget {INDEX_PER_EVENT_MAX_B}).")
    if validate_10k is not None:
        notes.append(f"Validation plus model, 10,000 events: {validate_10k:.2f} s (budget {VALIDATE_10K_MAX_S} s).")
    if rebuild is not None:
        notes.append(f"Rebuild after a one-file YAML edit under `mkdocs serve`, real data: {rebuild:.2f} s "
                     f"(budget {REBUILD_MAX_S} s).")
    by_n = {s.events: s for s in sizes if s.data == "synthetic"}
    if 1000 in by_n and 10000 in by_n:
        notes.append(f"Growth from 1,000 to 10,000 events: {by_n[10000].ours_s / by_n[1000].ours_s:.2f}× "
                     f"(budget {GROWTH_MAX}×); downloads {by_n[10000].downloads_s / by_n[1000].downloads_s:.2f}× "
                     f"in time, {by_n[10000].downloads_mb / by_n[1000].downloads_mb:.2f}× in size.")
    return "\n".join(rows) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"


def check_budgets(sizes: list[Size], rebuild: float | None, validate_10k: float | None,
                  index: tuple[int, int] | None = None, quick: bool = False) -> list[str]:
    broken = []

    def over(value: float, budget: float, what: str) -> None:
        if value > budget * (1 + NOISE):
            broken.append(f"{what}: {value:.3f} > {budget} (+{NOISE:.0%} noise margin)")

    for s in sizes:
        over(s.ratio, RATIO_MAX, f"ours/floor at {s.events:,} {s.data} events")
        over(s.largest_kb, LARGEST_PAGE_MAX_KB, f"largest HTML page (KB) at {s.events:,} {s.data} events")
        over(s.downloads_share, DOWNLOADS_SHARE_MAX, f"downloads / our build at {s.events:,} {s.data} events")
    by_n = {s.events: s for s in sizes if s.data == "synthetic"}
    if 1000 in by_n and 10000 in by_n:
        over(by_n[10000].ours_s / by_n[1000].ours_s, GROWTH_MAX, "growth from 1,000 to 10,000 events")
        over(by_n[10000].downloads_s / by_n[1000].downloads_s, GROWTH_MAX,
             "downloads' growth from 1,000 to 10,000 events")
    if validate_10k is not None:
        over(validate_10k, VALIDATE_10K_MAX_S, "validation plus model at 10,000 events (s)")
    if rebuild is not None:
        if quick and REBUILD_MAX_S * (1 + NOISE) < rebuild <= REBUILD_QUICK_MAX_S:
            print(f"OVER BUDGET (reported, not failed with --quick): rebuild after a one-file edit "
                  f"{rebuild:.2f} s > {REBUILD_MAX_S} s", file=sys.stderr)
        over(rebuild, REBUILD_QUICK_MAX_S if quick else REBUILD_MAX_S, "rebuild after a one-file edit (s)")
    if index is not None and index[0] / index[1] > INDEX_PER_EVENT_MAX_B:  # a size, not a time: no margin
        broken.append(f"search index per event at today's data: {index[0] / index[1]:.0f} B > {INDEX_PER_EVENT_MAX_B}")
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="synthetic 100 and 1,000 events, real 1,000; validation at 10,000")
    parser.add_argument("--sizes", help="comma-separated event counts (default: 100,1000,10000)")
    parser.add_argument("--real-sizes", help="event counts for the real-data set, whole copies of data/ "
                        "(default: 1000; 'none' to skip)")
    parser.add_argument("--repeat", type=int, help="builds of each kind per size (default 3)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild timing")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in (args.sizes or ("100,1000" if args.quick else "100,1000,10000")).split(",")]
    repeat = args.repeat or 3  # the median of three: one slow run on a busy machine does not decide
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        work = Path(tmp)
        measured = []
        for n in sizes:
            print(f"building {n:,} events ({repeat}× ours, {repeat}× floor) …", file=sys.stderr, flush=True)
            measured.append(measure(n, work, repeat))
        wanted = args.real_sizes or "1000"
        real_sizes = [] if wanted == "none" else [int(n) for n in wanted.split(",")]
        for n in real_sizes:
            print(f"building about {n:,} events of replicated real data ({repeat}× ours, {repeat}× floor) …",
                  file=sys.stderr, flush=True)
            measured.append(measure(n, work, repeat, real=True))
        validate_10k = next((s.validate_s for s in measured if s.events == 10000 and s.data == "synthetic"), None)
        if validate_10k is None:
            print("validating 10,000 events …", file=sys.stderr, flush=True)
            data = generate(work / "v10k", 10000, seed=10000)
            validate_10k = validate_time(data, work / "v10k" / "sources")
        print("building today's data for its search index …", file=sys.stderr, flush=True)
        index = real_index(work)
        rebuild = None
        if not args.no_serve:
            print("timing a rebuild under mkdocs serve …", file=sys.stderr, flush=True)
            rebuild = rebuild_time(work)
    report = table(measured, rebuild, validate_10k, index)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    broken = check_budgets(measured, rebuild, validate_10k, index, quick=args.quick)
    for b in broken:
        print(f"BUDGET BROKEN: {b}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
