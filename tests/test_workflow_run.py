"""The pull-request workflow's install and validate steps, run as GitHub runs them: in a fresh
virtual environment, on a clean copy of the repository, without the archive of sources. They
pass on the real data, and fail with a GitHub annotation on the line of an unlocked quote."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import venv

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.build


def workflow_step(name: str) -> str:
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    return next(s["run"] for job in flow["jobs"].values() for s in job["steps"] if s.get("name", "").startswith(name))


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """The committed and staged files of the repository, as actions/checkout gives them, with
    the workflow's install step run in a fresh virtual environment."""
    work = tmp_path_factory.mktemp("workflow")
    repo = work / "repo"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    bin_dir = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "TIMELINE_DATA")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", TIMELINE_SOURCES=str(work / "no-archive"),
               NO_MKDOCS_2_WARNING="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    install = subprocess.run(["bash", "-c", workflow_step("Install")], cwd=repo, env=env, capture_output=True,
                             text=True, timeout=900)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    return repo, env


def validate(checkout) -> subprocess.CompletedProcess:
    repo, env = checkout
    return subprocess.run(["bash", "-c", workflow_step("Validate")], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)


def test_install_and_validate_pass_on_the_real_data_without_the_archive(checkout):
    result = validate(checkout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "quotes checked against data/quotes.lock" in result.stdout


def test_an_unlocked_quote_fails_with_an_annotation_at_its_line(checkout):
    repo, _ = checkout
    original = sorted((repo / "data" / "events").glob("*.yaml"))[0]
    text = original.read_text(encoding="utf-8").replace(f"id: {original.stem}\n", "id: unlocked-quote-fixture\n", 1)
    lines = text.split("\n")
    line = next(i for i, ln in enumerate(lines, 1) if re.fullmatch(r'\s+quote: "[^"]*"', ln))
    source = re.search(r"source: (\S+)", lines[line - 2])[1]
    index = sum(1 for ln in lines[:line] if re.match(r"\s+quote:", ln)) - 1
    lines[line - 1] = '    quote: "A sentence that no maintainer has verified against the archive"'
    fixture = repo / "data" / "events" / "unlocked-quote-fixture.yaml"
    fixture.write_text("\n".join(lines), encoding="utf-8")
    try:
        result = validate(checkout)
    finally:
        fixture.unlink()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    annotations = result.stdout.splitlines()
    assert annotations == [
        f"::error file=data/events/unlocked-quote-fixture.yaml,line={line}::sources[{index}].quote: is not yet "
        f"verified against the archive (data/quotes.lock has no entry for this quote from '{source}'); "
        "expected a verified quote: copy it exactly from the "
        "source, and a maintainer with the archive runs `python3 scripts/dev.py refresh` and commits data/quotes.lock"]
