#!/usr/bin/env python3
"""Generate a synthetic, schema-valid data set of N events, for tests and benchmarks.

    python scripts/synth.py OUT_DIR --events 1000 [--seed 0]

writes OUT_DIR/data/ (events, topics, actors, eras, sources) and OUT_DIR/sources/ (archived
texts that contain every quote). Field sizes are like the real records': a title, a two-
sentence summary, a body on a third of the events, two or three topics and actors, related
links, notes, one or two citations. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

from _paths import ROOT  # noqa: F401 (makes hooks/timeline importable)
from timeline import schema, types

KINDS = [k["id"] for k in schema.event_kinds()]  # every kind, in the schema's order
RELATIONS = [r["id"] for r in schema.relation_types()]
WORDS = ("alliance council treaty summit border mission envoy partnership security pledge talks "
         "missile defence sanctions exercise accession charter dialogue crisis reform").split()
ERAS = [("cold-war", 1949, 1988), ("end-of-cold-war", 1989, 1991), ("partnership", 1992, 1998),
        ("kosovo-and-after", 1999, 2001), ("council-years", 2002, 2007), ("bucharest-to-crimea", 2008, 2013),
        ("confrontation", 2014, 2021)]
N_SOURCES, N_TOPICS, N_ACTORS, SENTENCES = 5, 12, 60, 400


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are valid YAML


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(out: Path, events: int, seed: int = 0) -> Path:
    """Write the data set under ``out``; return the data folder."""
    rng = random.Random(seed)
    data = out / "data"
    events_dir, topics_dir = data / str(types.EVENT.data_path), data / str(types.TOPIC.data_path)
    events_dir.mkdir(parents=True, exist_ok=True)
    topics_dir.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(parents=True, exist_ok=True)

    sentences = {}
    src_yaml = []
    for s in range(N_SOURCES):
        text = [f"Synthetic sentence {s}-{i}: {_sentence(rng, 12)}" for i in range(SENTENCES)]
        sentences[s] = text
        (out / "sources" / f"src-{s}.txt").write_text("\n\n".join(text) + "\n", encoding="utf-8")
        src_yaml.append(
            f"- id: src-{s}\n  title: {_q('Synthetic article ' + str(s))}\n  publisher: Synthetic Press\n"
            f"  published: \"2021-12-{10 + s:02d}\"\n  archive: src-{s}.txt\n"
            f"  nature: {'original' if s == 0 else 'copy'}\n"
            + ("  copy_of: src-0\n" if s else "")
            + "  reliability: Generated for tests; trust nothing.\n"
        )
    (data / str(types.SOURCE.data_path)).write_text("".join(src_yaml), encoding="utf-8")

    actor_types = ["country", "organisation", "person"]
    (data / str(types.ACTOR.data_path)).write_text("".join(
        f"- id: actor-{a}\n  name: {_q('Actor ' + str(a))}\n  type: {actor_types[a % 3]}\n"
        f"  description: {_q(_sentence(rng, 8))}\n" for a in range(N_ACTORS)), encoding="utf-8")
    (data / str(types.ERA.data_path)).write_text("".join(
        f"- id: {ident}\n  title: {_q(ident.replace('-', ' ').title())}\n  start: \"{lo}\"\n  end: \"{hi}\"\n"
        f"  summary: {_q(_sentence(rng, 20))}\n" for ident, lo, hi in ERAS), encoding="utf-8")
    for t in range(N_TOPICS):
        (topics_dir / f"topic-{t}.yaml").write_text(
            f"id: topic-{t}\ntitle: {_q('Topic ' + str(t))}\nsummary: {_q(_sentence(rng, 12))}\n"
            f"body: |\n  {_sentence(rng, 40)}\n\n  {_sentence(rng, 40)}\n", encoding="utf-8")

    ids: list[str] = []
    for i in range(events):
        ident = f"event-{i:05d}"
        year = rng.randint(1949, 2021)
        precision = rng.random()
        if precision < 0.5:
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        elif precision < 0.8:
            date = f"{year}-{rng.randint(1, 12):02d}"
        elif precision < 0.95:
            date = f"{year}"
        else:
            date = f"{year}-03-01/{year}-05-30"
        kind = KINDS[i % len(KINDS)]
        if kind == "enlargement" and i >= 400:  # NATO has had a few dozen accessions, not thousands
            kind = "summit"
        lines = [
            f"id: {ident}", f"title: {_q(_sentence(rng, 8))}", f'date: "{date}"', f"kind: {kind}",
            f"summary: {_q(_sentence(rng, 20) + ' ' + _sentence(rng, 15))}",
        ]
        if i % 3 == 0:
            lines.append(f"body: |\n  {_sentence(rng, 60)}\n\n  {_sentence(rng, 40)}")
        topics = rng.sample(range(N_TOPICS), 2)
        lines.append("topics: [" + ", ".join(f"topic-{t}" for t in topics) + "]")
        actors = rng.sample(range(N_ACTORS), 3)
        lines.append("actors: [" + ", ".join(f"actor-{a}" for a in actors) + "]")
        if kind == "enlargement":
            lines.append(f"accessions: [actor-{actors[0] - actors[0] % 3}]")
        if ids and i % 2 == 0:
            lines.append("related:")
            for other in rng.sample(ids, min(2, len(ids))):
                lines.append(f"  - type: {rng.choice(RELATIONS)}\n    event: {other}")
        lines.append("sources:")
        for s in rng.sample(range(N_SOURCES), 1 + i % 2):
            quote = sentences[s][rng.randrange(SENTENCES)].split(": ", 1)[1]
            lines.append(f"  - source: src-{s}\n    quote: {_q(quote)}\n    supports: [summary]")
        if i % 5 == 0:
            lines.append(f"notes:\n  - type: disagreement\n    text: {_q(_sentence(rng, 25))}\n    sources: [src-0]")
        (events_dir / f"{ident}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        ids.append(ident)
    return data


def replicate(real: Path, out: Path, events: int) -> Path:
    """Copy the real data folder ``real`` to ``out``/data with its events repeated until there
    are at least ``events`` (whole copies only, so every reference resolves): the shape of
    real records (several citations, notes, links in bodies), unlike generate(). Copy k > 0
    renames every event id X to X-cK, and its links and relations with it."""
    import yaml  # noqa: PLC0415 - only this function needs it

    data = out / "data"
    folder = str(types.EVENT.data_path)
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(real, data, ignore=shutil.ignore_patterns(folder))
    (data / folder).mkdir()
    originals = sorted((real / folder).glob("*.yaml"))
    ids = [path.stem for path in originals]
    link = re.compile(rf"\({types.EVENT.key}:(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")\)")
    texts = {path.stem: path.read_text(encoding="utf-8") for path in originals}
    copies = max(1, -(-events // max(1, len(ids))))
    for k in range(copies):
        suffix = f"-c{k}" if k else ""
        renamed = rf"({types.EVENT.key}:\g<1>{suffix})"  # a link to the same copy's event
        for ident, text in texts.items():
            record = yaml.safe_load(text)
            record["id"] = ident + suffix
            for relation in record.get("related") or []:
                relation["event"] += suffix
            for key in ("body",):
                if isinstance(record.get(key), str):
                    record[key] = link.sub(renamed, record[key])
            for note in record.get("notes") or []:
                note["text"] = link.sub(renamed, note["text"])
            (data / folder / f"{ident}{suffix}.yaml").write_text(
                json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate(args.out, args.events, args.seed)
    print(f"wrote {args.events} events to {args.out / 'data'}; archived texts in {args.out / 'sources'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
