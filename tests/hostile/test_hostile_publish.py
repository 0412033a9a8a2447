"""Publish last: a zip or history that cannot be written leaves the published site as it was (issue 17)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main


def build(project: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--quiet", "--config", str(project / "config.yaml"),
                                     "--output", str(project / "site"), *extra])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site") or p.name.endswith(".tmp"))


def test_a_blocked_zip_is_refused_before_any_work(small_project):
    assert build(small_project).exit_code == 0
    before = snapshot(small_project / "site")
    (small_project / "site.zip").mkdir()
    result = build(small_project, "--zip")
    assert result.exit_code == 2, result.output
    assert "site.zip" in result.stderr and "internal error" not in result.stderr
    assert snapshot(small_project / "site") == before and leftovers(small_project) == []


def test_a_history_that_cannot_be_written_leaves_the_site_and_no_zip(small_project):
    assert build(small_project).exit_code == 0
    # a new policy makes a new report; its history cannot be written (a file where the folder should be)
    policy = small_project / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("Bedank", "Dank"), encoding="utf-8")
    before = snapshot(small_project / "site")
    config = small_project / "config.yaml"
    (small_project / "blocked").write_text("a file, not a folder", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "history: blocked/history\n", encoding="utf-8")
    result = build(small_project, "--zip")
    assert result.exit_code == 2, result.output
    assert "history" in result.stderr and "internal error" not in result.stderr
    assert snapshot(small_project / "site") == before
    assert not (small_project / "site.zip").exists() and leftovers(small_project) == []


def test_the_history_may_not_live_inside_the_output(small_project):
    config = small_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "history: site/history\n", encoding="utf-8")
    result = build(small_project)
    assert result.exit_code == 2, result.output
    assert "history" in result.stderr and "output" in result.stderr
    assert not (small_project / "site").exists()


def test_a_page_edited_by_hand_to_the_same_size_is_rebuilt(small_project):
    assert build(small_project).exit_code == 0
    page = small_project / "site" / "index.html"
    original = page.read_bytes()
    edited = original.replace(b"<title>", b"<title>X", 1)[:len(original)]
    assert len(edited) == len(original) and edited != original
    page.write_bytes(edited)
    assert build(small_project).exit_code == 0
    assert page.read_bytes() == original
    # untouched, the next build reuses the site (no file is written again)
    before = page.stat().st_mtime_ns
    assert build(small_project).exit_code == 0
    assert page.stat().st_mtime_ns == before


def test_quiet_still_shows_the_warnings_about_rows_left_out(small_project):
    result = build(small_project)        # build() passes --quiet
    assert result.exit_code == 0
    assert "warning: transactions.csv" in result.stderr and "left out" in result.stderr
    assert "klantwaarde:" not in result.stderr      # no summary line


@pytest.mark.parametrize("args", [("build", "--quiet", "--output", "/proc/klantwaarde-site"),
                                  ("init", "/proc/klantwaarde-client")])
def test_a_place_that_cannot_be_written_is_exit_2_naming_it(small_project, args):
    result = CliRunner().invoke(main, [*args, *(["--config", str(small_project / "config.yaml")]
                                                if args[0] == "build" else [])])
    assert result.exit_code == 2, result.output
    assert "/proc/" in result.stderr and "internal error" not in result.stderr
