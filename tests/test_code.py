"""The code's shape: lint and types clean, no long functions in the pure package.

ruff and mypy run with the configuration in pyproject.toml, so that the one test command
(`python3 scripts/dev.py test`, which CI runs) fails on any finding."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "timeline"
MAX_FUNCTION_LINES = 60


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("tool", [("ruff", "check", "--no-cache", "hooks", "scripts", "tests"), ("mypy",)],
                         ids=["ruff", "mypy"])
def test_lint_and_types_are_clean(tool):
    result = _run(*tool)
    assert result.returncode == 0, result.stdout + result.stderr


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int, int]]:
    """(name, first line, length) of each function or method longer than ``limit`` lines,
    from its ``def`` to its last line; nested functions count within their parent too."""
    return [(node.name, node.lineno, node.end_lineno - node.lineno + 1)
            for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > limit]


def test_long_functions_are_found():
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES - 1))
    assert long_functions(f"def fits():\n{body}") == []
    assert long_functions(f"class C:\n  def f():\n{body}    return 1\n") == [("f", 2, MAX_FUNCTION_LINES + 1)]


def test_no_function_in_the_package_is_longer_than_60_lines():
    found = [f"hooks/timeline/{path.name}:{line}: {name} has {length} lines"
             for path in sorted(PACKAGE.glob("*.py"))
             for name, line, length in long_functions(path.read_text(encoding="utf-8"))]
    assert found == [], f"split these (at most {MAX_FUNCTION_LINES} lines):\n" + "\n".join(found)
