"""The CI recipe (examples/github-actions.yml) does what its comments say.

Its ``run:`` steps are executed here exactly as written, with bash the way
GitHub Actions runs them, in a git clone of a project whose "origin" is a
local bare repository: the first failing step ends the run, as on GitHub.
Only the install step is skipped (this suite runs inside an installed
klantwaarde already; the test checks it pins this version).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.inputs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "examples" / "github-actions.yml"
BIN = Path(sys.executable).parent  # where this installation's 'klantwaarde' command is


@pytest.fixture(scope="module")
def workflow() -> dict:
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key 'on' as true
    return doc


def run_workflow(workflow: dict, project: Path) -> list[tuple[str, int, str]]:
    """Run the build job's run steps in ``project``; (name, exit code, output) per step run."""
    job = workflow["jobs"]["build"]
    env = {**os.environ, **workflow.get("env", {}), **job.get("env", {}), "CI": "true",
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = []
    for step in job["steps"]:
        if "run" not in step or step.get("id") == "install":
            continue
        # GitHub runs a 'shell: bash' step as: bash --noprofile --norc -eo pipefail {file}
        script = project.parent / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        run = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=project,
                             env={**env, **step.get("env", {})}, capture_output=True, text=True, timeout=600)
        done.append((step["name"], run.returncode, run.stdout + run.stderr))
        if run.returncode != 0:
            break
    return done


def git(*args: str, cwd: Path) -> str:
    run = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=cwd,
                         capture_output=True, text=True, check=True, timeout=60)
    return run.stdout.strip()


def in_git_clone(project: Path, tmp_path: Path) -> Path:
    """``project`` committed to a bare 'origin' and cloned again, as actions/checkout leaves it."""
    origin = tmp_path / "origin.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(origin), cwd=tmp_path)
    seed = tmp_path / "seed"
    shutil.copytree(project, seed)
    git("init", "--quiet", "--initial-branch=main", cwd=seed)
    git("add", "-A", cwd=seed)
    git("commit", "--quiet", "-m", "client data", cwd=seed)
    git("push", "--quiet", str(origin), "main", cwd=seed)
    work = tmp_path / "checkout"
    git("clone", "--quiet", str(origin), str(work), cwd=tmp_path)
    return work


def history_in_origin(work: Path) -> list[str]:
    git("fetch", "--quiet", cwd=work)
    listed = git("ls-tree", "-r", "--name-only", "origin/main", cwd=work)
    return [p for p in listed.splitlines() if p.startswith(".klantwaarde/history/")]


def step_codes(done) -> list[int]:
    return [code for _name, code, _output in done]


# --------------------------------------------------------------------------- the recipe itself

def test_recipe_runs_on_changes_to_data_policy_and_config_and_pins_this_version(workflow, sample_project):
    patterns = workflow["on"]["push"]["paths"]
    as_regex = [re.compile("^" + re.escape(p).replace(r"\*\*", ".*").replace(r"\*", "[^/]*") + "$")
                for p in patterns]
    config = load_config(sample_project / "config.yaml")
    inputs = [config.file, config.policy, *(sorted((config.root / "content" / "data").iterdir()))]
    for path in inputs:
        relative = path.relative_to(config.root).as_posix()
        assert any(r.match(relative) for r in as_regex), f"a change to {relative} would not rebuild the report"
    assert workflow["env"]["KLANTWAARDE"] == f"klantwaarde=={__version__}"
    assert config.history == config.root / workflow["env"]["HISTORY"]
    install = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("id") == "install")
    assert '"$KLANTWAARDE"' in install["run"]
    uploads = [s for s in workflow["jobs"]["build"]["steps"] if "upload" in s.get("uses", "")]
    assert uploads and all(s["with"]["path"] == workflow["env"]["SITE"] for s in uploads)
    for step in workflow["jobs"]["build"]["steps"]:  # run steps use env variables, never ${{ }} expressions,
        assert "${{" not in step.get("run", "")     # so running them here as written is what GitHub runs


def test_recipe_builds_commits_history_and_compares_the_next_report_with_it(workflow, small_project, tmp_path):
    # a clean month: no rows after the report date (the fixture's F9 would be a warning)
    tx = small_project / "transactions.csv"
    tx.write_text("".join(line for line in tx.read_text(encoding="utf-8").splitlines(keepends=True)
                          if not line.startswith("F9;")), encoding="utf-8")
    work = in_git_clone(small_project, tmp_path)

    first = run_workflow(workflow, work)
    assert step_codes(first) == [0, 0, 0], first
    assert json.loads((work / "site" / "report.json").read_text(encoding="utf-8"))["migrations"] is None
    stored = history_in_origin(work)   # the build's results and, beside them, its KPIs
    assert [p.rsplit(".", 1)[1] for p in stored] == ["csv", "json"]
    assert all(p.startswith(".klantwaarde/history/2026-06-30_") for p in stored)

    # next month's export arrives: the report compares itself with the stored one
    (work / "transactions.csv").write_text((work / "transactions.csv").read_text(encoding="utf-8")
                                           + "F10;A;15-07-2026;999,00;1,00;standard;14-08-2026;\n", encoding="utf-8")
    config = work / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("as_of: 2026-06-30", "as_of: 2026-07-31"),
                      encoding="utf-8")
    git("commit", "--quiet", "-am", "July", cwd=work)
    git("push", "--quiet", cwd=work)
    second = run_workflow(workflow, work)
    assert step_codes(second) == [0, 0, 0], second
    report = json.loads((work / "site" / "report.json").read_text(encoding="utf-8"))
    assert report["as_of"] == "2026-07-31"
    assert report["migrations"]["previous_as_of"] == "2026-06-30"
    assert report["migrations"]["compared"] == 5
    assert len([p for p in history_in_origin(work) if p.endswith(".csv")]) == 2
    assert report["previous_report"]["as_of"] == "2026-06-30" and report["previous_report"]["kpis"] is not None


def test_recipe_fails_on_a_policy_error_and_on_warnings_and_publishes_nothing(workflow, small_project, tmp_path):
    work = in_git_clone(small_project, tmp_path)
    policy = work / "policy.yaml"
    good = policy.read_text(encoding="utf-8")
    policy.write_text(good.replace('when: "net_profit_12m < 0"', 'when: "net_proft_12m < 0"'), encoding="utf-8")
    broken = run_workflow(workflow, work)
    assert step_codes(broken) == [2]  # validate fails: the build never runs
    assert "policy.yaml" in broken[0][2] and "net_proft_12m" in broken[0][2]
    assert not (work / "site").exists()

    policy.write_text(good, encoding="utf-8")  # the fixture's F9 is dated after the report date
    warned = run_workflow(workflow, work)
    assert step_codes(warned) == [0, 3]
    assert "after the report date" in warned[1][2]
    assert not (work / "site").exists()
    assert history_in_origin(work) == []


def test_recipe_on_the_sample_stops_at_its_rows_after_the_report_date(workflow, sample_project, tmp_path):
    """The sample has invoices dated after its report date on purpose: --strict must catch them."""
    done = run_workflow(workflow, sample_project)
    assert step_codes(done) == [0, 3]
    assert "after the report date" in done[0][2]          # validate reports them as warnings
    assert re.search(r"\d+ warning\(s\) with --strict: nothing written", done[1][2])
    assert not (sample_project / "site").exists()
