"""The Nu HTML Checker (v.Nu) on every page type: 0 errors. Runs where Java and the npm
package vnu-jar are present (`apt-get install default-jre-headless`, `npm install`)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = pytest.mark.build
if not shutil.which("java") or not VNU.is_file():
    pytest.skip("v.Nu needs Java and node_modules/vnu-jar (npm install)", allow_module_level=True)

import screenshots  # noqa: E402  (scripts/screenshots.py)


def test_every_page_type_is_valid_html(real_site):
    pages = [real_site / (path if path.endswith(".html") else path + "index.html")
             for path in screenshots.page_types(real_site).values()]
    pages += [real_site / "about" / "method" / "index.html", real_site / "timeline" / "1990s" / "index.html"]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    errors = [line.replace(str(real_site), "") for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert errors == []
    assert result.returncode == 0
