"""A rebuild with unchanged inputs keeps the published site as it is; any change builds in full."""
from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from generator.output import incremental
from generator.cli import main
from generator.pipeline import build
from generator.output.writer import MARKER


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(site)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_unchanged_inputs_keep_every_file_with_its_bytes_and_time(small_project):
    out = small_project / "site"
    first = build(small_project / "config.yaml", out)
    assert not first.reused and first.report is not None
    before = snapshot(out)
    again = build(small_project / "config.yaml", out)
    assert again.reused and again.report is None
    assert snapshot(out) == before                       # not even rewritten
    assert (again.customers, again.segments, again.files) == (first.customers, first.segments, first.files)
    assert again.warnings == first.warnings


def test_the_cli_says_the_site_was_kept(small_project):
    runner = CliRunner()
    args = ["build", "--config", str(small_project / "config.yaml")]
    assert runner.invoke(main, args).exit_code == 0
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert "5 customers" in result.output and "unchanged inputs, site kept" in result.output


def test_any_changed_byte_of_any_input_builds_in_full(small_project):
    out = small_project / "site"
    build(small_project / "config.yaml", out)
    tx = small_project / "transactions.csv"
    tx.write_text(tx.read_text(encoding="utf-8").replace("600", "601", 1), encoding="utf-8")
    assert not build(small_project / "config.yaml", out).reused
    assert build(small_project / "config.yaml", out).reused
    policy = small_project / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert not build(small_project / "config.yaml", out).reused


def test_options_and_the_environment_are_inputs(small_project, monkeypatch):
    out = small_project / "site"
    build(small_project / "config.yaml", out)
    assert not build(small_project / "config.yaml", out, lang="en").reused
    assert build(small_project / "config.yaml", out, lang="en").reused
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert not build(small_project / "config.yaml", out, lang="en").reused


def test_a_damaged_site_or_a_missing_zip_is_built_again(small_project):
    out = small_project / "site"
    build(small_project / "config.yaml", out, make_zip=True)
    page = next((out / "customers").glob("*.html"))
    page.unlink()
    result = build(small_project / "config.yaml", out, make_zip=True)
    assert not result.reused and page.is_file()
    result.zip_path.unlink()
    result = build(small_project / "config.yaml", out, make_zip=True)
    assert not result.reused and result.zip_path.is_file()
    assert build(small_project / "config.yaml", out, make_zip=True).reused


def test_an_earlier_report_added_to_the_history_builds_in_full(small_project):
    out = small_project / "site"
    build(small_project / "config.yaml", out)
    history = small_project / ".klantwaarde" / "history"
    [recorded] = [p for p in history.iterdir() if p.suffix == ".csv"]
    (history / recorded.name.replace("2026-06-30", "2026-03-31")).write_bytes(recorded.read_bytes())
    result = build(small_project / "config.yaml", out)
    assert not result.reused
    assert result.report.previous_as_of.isoformat() == "2026-03-31"


def test_strict_still_fails_on_the_recorded_warnings(small_project):
    tx = small_project / "transactions.csv"
    tx.write_text(tx.read_text(encoding="utf-8") + "F99;A;15-07-2026;10,00;5,00;standard;;\n",
                  encoding="utf-8")  # dated after as_of: a warning
    runner = CliRunner()
    args = ["build", "--config", str(small_project / "config.yaml")]
    first = runner.invoke(main, args)
    assert first.exit_code == 0 and "warning:" in first.output
    again = runner.invoke(main, args + ["--strict"])
    assert again.exit_code == 3


def test_the_manifest_lives_in_the_marker_and_is_deterministic(small_project, tmp_path):
    a, b = small_project / "a", small_project / "b"
    build(small_project / "config.yaml", a)
    build(small_project / "config.yaml", b)
    manifest = incremental.read_manifest(a)
    assert manifest["customers"] == 5 and len(manifest["fingerprint"]) == 64
    assert (a / MARKER).read_bytes().startswith(b"This folder is written by klantwaarde build")
    assert (b / MARKER).read_bytes() == (a / MARKER).read_bytes()   # two folders, the same site


def test_fingerprint_reads_no_heavy_modules():
    """The unchanged-inputs check must not pay for pandas or the renderer."""
    import subprocess
    import sys

    code = ("import sys, generator.pipeline, generator.output.incremental;"
            "print(','.join(m for m in ('pandas', 'altair', 'scipy', 'jinja2') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert done.stdout.strip() == ""
