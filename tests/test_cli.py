"""The command line as a user meets it: exit codes, messages, the writer's promises."""
from __future__ import annotations

import re

import click
from click.testing import CliRunner

from generator import __version__
from generator.cli import _handle_errors, main
from generator.output.writer import MARKER


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"klantwaarde, version {__version__}"


def test_build_writes_site_and_prints_one_summary_line(small_project):
    result = run("build", "--config", str(small_project / "config.yaml"), "--output", str(small_project / "out"))
    assert result.exit_code == 0, result.output
    summary = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"klantwaarde: 5 customers, 4 segments, 1 warning, \d+\.\d s → .*out/", summary), summary
    out = small_project / "out"
    assert (out / "index.html").is_file() and (out / MARKER).is_file()
    assert (out / "scores.csv").is_file()
    assert len(list((out / "customers").glob("*.html"))) == 6   # five customers + the index


def test_quiet_build_prints_only_its_warnings(small_project):
    result = run("build", "--quiet", "--config", str(small_project / "config.yaml"), "--output", str(small_project / "out"))
    assert result.exit_code == 0
    # the small project has one row dated after the report date: its warning, and nothing else
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["warning"]


def test_strict_turns_warnings_into_exit_3_and_writes_nothing(small_project):
    result = run("build", "--strict", "--config", str(small_project / "config.yaml"), "--output", str(small_project / "out"))
    assert result.exit_code == 3
    assert "after the report date" in result.stderr
    assert "nothing written" in result.stderr
    assert not (small_project / "out").exists()


def test_missing_config_is_exit_2_with_a_hint(tmp_path):
    result = run("build", "--config", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'nope.yaml'}: config file not found (pass --config PATH, or run 'klantwaarde init DIR' to create one)" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_config_key_names_line_column_and_suggestion(small_project):
    cfg = small_project / "config.yaml"
    cfg.write_text(cfg.read_text().replace("title:", "titel:"))
    result = run("validate", "--config", str(cfg))
    assert result.exit_code == 2
    assert f"error: {cfg}:1:1: unknown key 'titel' (did you mean 'title'?)" in result.stderr


def test_unknown_measure_in_policy_condition_points_at_it(small_project):
    pol = small_project / "policy.yaml"
    pol.write_text(pol.read_text().replace('when: "net_profit_12m < 0"', 'when: "net_proft_12m < 0"'))
    result = run("validate", "--config", str(small_project / "config.yaml"))
    assert result.exit_code == 2
    line = next(i for i, l in enumerate(pol.read_text().splitlines(), 1) if "net_proft_12m" in l)
    assert re.search(rf"policy\.yaml:{line}:\d+: .*unknown measure 'net_proft_12m'.*did you mean 'net_profit_12m'", result.stderr), result.stderr


def test_template_reaching_for_python_internals_is_a_policy_error(small_project):
    pol = small_project / "policy.yaml"
    pol.write_text(pol.read_text().replace('"Bedank {{ name }}"', '"{{ name.__class__.__mro__ }}"'))
    result = run("build", "--config", str(small_project / "config.yaml"), "--output", str(small_project / "out"))
    assert result.exit_code == 2
    assert "unsafe" in result.stderr and "not run" in result.stderr


def test_bad_amount_names_file_row_and_column(small_project):
    tx = small_project / "transactions.csv"
    tx.write_text(tx.read_text().replace("800,00", "achthonderd"))
    result = run("build", "--config", str(small_project / "config.yaml"), "--output", str(small_project / "out"))
    assert result.exit_code == 2
    assert "transactions.csv" in result.stderr and "achthonderd" in result.stderr and "amount" in result.stderr
    assert re.search(r"transactions\.csv:6\b", result.stderr), result.stderr   # header is line 1; C's row is line 6
    assert not (small_project / "out").exists()


def test_refuses_to_replace_a_folder_it_did_not_write(small_project):
    precious = small_project / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    result = run("build", "--config", str(small_project / "config.yaml"), "--output", str(precious))
    assert result.exit_code == 2
    assert "not written by klantwaarde" in result.stderr
    assert (precious / "thesis.docx").read_text() == "years of work"


def test_failed_build_keeps_the_previous_site(small_project):
    out = small_project / "out"
    assert run("build", "--quiet", "--config", str(small_project / "config.yaml"), "--output", str(out)).exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    tx = small_project / "transactions.csv"
    tx.write_text(tx.read_text().replace("01-03-2026", "31-02-2026"))
    result = run("build", "--config", str(small_project / "config.yaml"), "--output", str(out))
    assert result.exit_code == 2
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in small_project.iterdir() if p.name.startswith(".out.")]   # no temporary leftovers


def test_rebuild_replaces_its_own_site(small_project):
    out = small_project / "out"
    assert run("build", "--quiet", "--config", str(small_project / "config.yaml"), "--output", str(out)).exit_code == 0
    (out / "stale.html").write_text("old")
    assert run("build", "--quiet", "--config", str(small_project / "config.yaml"), "--output", str(out)).exit_code == 0
    assert not (out / "stale.html").exists()


def test_internal_error_is_exit_1_without_traceback():
    # every command is wrapped like this one: an unexpected exception is a bug, said plainly
    @click.command()
    @click.option("--debug", is_flag=True)
    @_handle_errors
    def broken(debug):
        raise RuntimeError("kapot")

    result = CliRunner().invoke(broken, [], catch_exceptions=False)
    assert result.exit_code == 1
    assert "internal error: RuntimeError: kapot" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Traceback" in CliRunner().invoke(broken, ["--debug"], catch_exceptions=False).stderr


def test_init_scaffolds_a_project_that_builds(tmp_path):
    result = run("init", str(tmp_path / "client"))
    assert result.exit_code == 0, result.output
    client = tmp_path / "client"
    assert (client / "config.yaml").is_file() and (client / "content" / "policy.yaml").is_file()
    assert any((client / "content" / "data").glob("*.csv"))
    result = run("build", "--quiet", "--config", str(client / "config.yaml"), "--output", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.txt").write_text("a")
    result = run("init", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "not empty" in result.stderr


def test_english_build_and_zip(small_project):
    out = small_project / "out"
    result = run("build", "--quiet", "--lang", "en", "--zip", "--config", str(small_project / "config.yaml"), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert '<html lang="en"' in (out / "index.html").read_text()
    import zipfile
    with zipfile.ZipFile(small_project / "out.zip") as zf:
        assert "out/index.html" in zf.namelist()
