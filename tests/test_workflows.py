"""The contribution path on GitHub: pull requests run untrusted data, so their workflows have
read-only permissions and no secrets; the workflow installs the project as a contributor does
and runs the validator, the strict build and the tests; deploy publishes main to Pages."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def triggers(flow: dict) -> dict:
    return flow.get(True) or flow.get("on")  # YAML 1.1 reads the key `on` as True


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def step_named(flow: dict, start: str) -> dict:
    return next(s for s in steps(flow) if s.get("name", "").startswith(start))


def test_there_is_a_ci_workflow_and_a_deploy_workflow():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_pull_request_workflows_are_read_only_and_secret_free(path):
    text = path.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert "pull_request_target" not in triggers(flow), "pull_request_target runs untrusted code with secrets"
    assert flow["permissions"] == {"contents": "read"}
    for step in steps(flow):
        if str(step.get("uses", "")).startswith("actions/checkout"):
            assert step.get("with", {}).get("persist-credentials") is False
    if "pull_request" not in triggers(flow):
        return
    for job in flow["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}
    assert not re.search(r"\$\{\{[^}]*secrets\.", text), "a pull-request workflow must not use secrets"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_action_is_pinned_to_an_exact_release_or_a_commit(path):
    for step in steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", step["uses"]), step["uses"]


def test_the_pull_request_workflow_installs_the_project_then_validates_builds_uploads_and_tests():
    flow = workflow("ci.yml")
    assert "pull_request" in triggers(flow)
    runs = [s.get("run", "") or s.get("uses", "") for s in steps(flow)]
    install = runs.index(step_named(flow, "Install")["run"])
    assert re.fullmatch(r"python -m pip install -e \.", runs[install].strip())
    order = [next(i for i, r in enumerate(runs) if pattern in r) for pattern in
             ("pip install -e .", "scripts/validate.py --github", "mkdocs build --strict -d site",
              "actions/upload-artifact@", "bash .ci/run")]
    assert order == sorted(order), runs
    upload = next(s for s in steps(flow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"


def test_deploy_publishes_main_to_pages_with_the_site_and_repository_addresses():
    flow = workflow("deploy.yml")
    assert set(triggers(flow)) <= {"push", "workflow_dispatch"} and triggers(flow)["push"]["branches"] == ["main"]
    build = step_named(flow, "Build")
    assert "mkdocs build --strict" in build["run"]
    assert {"SITE_URL", "SITE_REPO_URL"} <= set(build["env"])
    assert "github.repository" in build["env"]["SITE_REPO_URL"]
    uses = [s.get("uses", "") for s in steps(flow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def _imports(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_import_of_the_validator_is_installed_by_the_workflows_install_step():
    """`pip install -e .` (no extras) must bring every third-party module that hooks/timeline
    and scripts/validate.py import: the workflow once installed a hand-picked list instead."""
    files = sorted((ROOT / "hooks" / "timeline").glob("*.py")) + [ROOT / "scripts" / "validate.py",
                                                                  ROOT / "scripts" / "_paths.py"]
    local = {"timeline", "_paths"}
    third_party = {name for f in files for name in _imports(f)} - set(sys.stdlib_module_names) - local
    assert third_party, "the validator imports PyYAML, jsonschema, …"
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    declared = {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower().replace("_", "-") for d in declared}
    providers = importlib.metadata.packages_distributions()
    for module in sorted(third_party):
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
        assert dists & declared, f"{module} is imported but not in pyproject.toml's dependencies"


def test_issue_forms_report_an_error_and_suggest_an_event():
    report = yaml.safe_load((FORMS / "report-error.yml").read_text(encoding="utf-8"))
    suggest = yaml.safe_load((FORMS / "suggest-event.yml").read_text(encoding="utf-8"))
    for form in (report, suggest):
        assert {"name", "description", "body"} <= set(form)
    fields = {f["id"]: f for f in report["body"] if "id" in f}
    assert set(fields) == {"entry", "problem", "source"}
    assert fields["entry"]["validations"]["required"] and fields["problem"]["validations"]["required"]
    from timeline.repository import REPORT_FORM
    assert (FORMS / REPORT_FORM).is_file()


def test_codeowners_licences_and_pre_commit():
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^/data/\s+@\S+", owners, re.M)
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    data_licence = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "Attribution 4.0 International" in data_licence and "not licensed by us" in data_licence
    assert "CC BY 4.0" in (ROOT / "docs" / "about" / "licence.md").read_text(encoding="utf-8")
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [h["entry"] for repo in hooks["repos"] for h in repo["hooks"]]
    assert "python3 scripts/dev.py validate" in entries
