#!/usr/bin/env python3
"""One command to set up and run the project (standard library only).

    python3 scripts/dev.py serve   # set up .venv, then preview at http://127.0.0.1:8000
    python3 scripts/dev.py test    # set up .venv with the test tools, then run the tests
    python3 scripts/dev.py build   # set up .venv, then build the site into site/
    python3 scripts/dev.py bench   # set up .venv, then run scripts/bench.py (--quick for CI)
    python3 scripts/dev.py validate                # check data/ (scripts/validate.py; --fix, --lock …)
    python3 scripts/dev.py new event "Title" --date 2008-04 --kind summit [--source ID]
    python3 scripts/dev.py refresh                 # regenerate the id lists, field reference, quote lock

The virtual environment lives in .venv/ and is reinstalled only when pyproject.toml changes.
Extra arguments are passed on (e.g. `dev.py test -k dates`, `dev.py serve -a 0.0.0.0:8000`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
SCRIPTS = {"bench": "bench.py", "validate": "validate.py", "new": "new.py", "refresh": "refresh.py"}


def ensure_venv(extra: str | None) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (run by the system's python3, before any .venv exists)
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extra}]" if extra else "."
    stamp = VENV / f".installed-{extra or 'site'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {spec} into .venv …", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", spec],
                   cwd=ROOT, check=True)
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("serve", "test", "build", "bench", *SCRIPTS):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    ensure_venv("test" if command in ("test", "bench") else None)
    if command == "test":
        args = [str(PYTHON), "-m", "pytest", *rest]
    elif command in SCRIPTS:
        args = [str(PYTHON), str(ROOT / "scripts" / SCRIPTS[command]), *rest]
    else:
        args = [str(BIN / "mkdocs"), command, *rest]
    return subprocess.run(args, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
