from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_SOURCES = ROOT.parent / "shared" / "sources"
SITE_URL = "https://example.org/timeline/"  # the published address the shared real build is given


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture data set, at tmp_path/data."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", target)
    return target


@pytest.fixture
def fixture_sources() -> Path:
    return FIXTURES / "sources"


def mkdocs_build(site_dir: Path, data: Path | None = None, sources: Path | None = None,
                 **extra_env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project into ``site_dir``, optionally on other data."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra_env)
    if data is not None:
        env["TIMELINE_DATA"] = str(data)
    if sources is not None:
        env["TIMELINE_SOURCES"] = str(sources)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The site built once from the real data, shared by the build, site and browser tests,
    with a published address (SITE_URL) as when deployed."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(site, SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return site
