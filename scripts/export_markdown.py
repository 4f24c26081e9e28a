#!/usr/bin/env python3
"""Write the whole site as plain Markdown: a copy of docs/ plus every generated page.

    python scripts/export_markdown.py OUT_DIR [--data DIR] [--sources DIR]

OUT_DIR can then be built by plain MkDocs without our hooks (the benchmark's floor), or by
another generator: the way out should Material for MkDocs reach its announced end of life.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import yaml

from _paths import ROOT
from timeline.export import Publication
from timeline.load import default_sources_dir, load
from timeline.model import build
from timeline.problems import DataError
from timeline.render import Renderer


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's own tag: `!ENV [NAME, default]` is the variable's value or the default."""


def _env(loader: yaml.SafeLoader, node: yaml.ScalarNode | yaml.SequenceNode):
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
    else:
        values = [loader.construct_scalar(node), None]
    return next((os.environ[n] for n in values[:-1] if isinstance(n, str) and n in os.environ), values[-1])


_ConfigLoader.add_constructor("!ENV", _env)


def publication(config: Path = ROOT / "mkdocs.yml") -> Publication:
    """The site's name and addresses as mkdocs.yml and the environment give them."""
    c = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return Publication(name=c.get("site_name") or "", url=c.get("site_url") or "",
                       repo_url=c.get("repo_url") or "",
                       description=" ".join((c.get("site_description") or "").split()))


def export(out: Path, data: Path, sources: Path | None, pub: Publication | None = None) -> int:
    """Write the pages; return how many generated pages were written."""
    site = build(load(data, sources_dir=sources))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "docs", out)
    count = 0
    for page in Renderer(site, publication=pub or publication()).pages():
        target = out / page.src
        if target.exists():
            raise SystemExit(f"docs/{page.src} clashes with a generated page")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--sources", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        count = export(args.out, args.data, args.sources or default_sources_dir(ROOT))
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"wrote {count} generated pages and a copy of docs/ to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
