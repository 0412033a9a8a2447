"""``connection: pyspark`` — the sample read through a local Spark session gives the same scores, report
and pages as from its CSV files, with the summary computed by Spark (``compute: database``, what
``auto`` chooses for Spark) and here (``compute: local``); a bad table, column or query, a missing
Java or pyspark is exit 2 naming the source.

One Spark session (``local[2]``) for the module, started as klantwaarde starts its own
(connections.spark_session); the builds find it running and use its catalog, where the sample's
tables are Parquet files (written from tests/test_connections.py's DuckDB file) as ``crm.*``; the
feedback is read by a query on its Parquet file. One test starts klantwaarde's own session in a
subprocess. Without the 'spark' extra these tests skip with the reason, and fail under CI=true
(.ci/run installs it, and Java).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from test_connections import _assert_same_report, _connection_config, _fails, _missing, _run, csv_site  # noqa: F401
from test_connections import db_extra, duckdb_file  # noqa: F401

TABLES = ("transacties", "klanten", "contactmomenten", "beoordelingen", "feedback")


@pytest.fixture(scope="module")
def spark_extra(db_extra):
    try:
        import ibis.backends.pyspark  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as e:
        _missing(f"the 'spark' extra is not installed ({e.name}): pip install '.[spark]'")


@pytest.fixture(scope="module")
def parquet_dir(db_extra, duckdb_file, tmp_path_factory) -> Path:
    """The sample's tables as Parquet files, typed as in the DuckDB file (dates, decimals)."""
    import duckdb

    folder = tmp_path_factory.mktemp("parquet")
    con = duckdb.connect(str(duckdb_file), read_only=True)
    for name in TABLES:
        con.execute(f"copy crm.{name} to '{folder / name}.parquet' (format parquet)")
    con.close()
    return folder


@pytest.fixture(scope="module")
def spark(spark_extra, parquet_dir):
    """A local Spark session for the module, holding the sample as tables crm.* over the Parquet files."""
    from generator.inputs.connections import spark_session

    session, close = spark_session({"spark.master": "local[2]"})
    try:
        session.sql("create database crm")
        for name in TABLES:
            session.sql(f"create table crm.{name} using parquet location '{parquet_dir / name}.parquet'")
        yield session
    finally:
        close()


def _spark_config(folder: Path, parquet: Path, compute: str | None = None) -> Path:
    """The sample's config with every table read from Spark; the feedback by a query on its file."""
    config = _connection_config(folder, "pyspark")
    text = config.read_text(encoding="utf-8")
    text = text.replace("select * from crm.feedback", f"select * from parquet.`{parquet / 'feedback.parquet'}`")
    if compute:
        text = text.replace("table: crm.transacties\n", f"table: crm.transacties\n    compute: {compute}\n", 1)
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture
def summaries(monkeypatch) -> list:
    """Each summary a database computed in the test (proves where the build computed it)."""
    from generator.inputs import connections

    seen, real = [], connections.summarise

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        seen.append(result)
        return result
    monkeypatch.setattr(connections, "summarise", spy)
    return seen


@pytest.mark.parametrize("compute", ["database", "local"])
def test_the_sample_from_spark_is_the_sample_from_csv(csv_site, spark, parquet_dir, tmp_path, summaries, compute,
                                                      monkeypatch):
    if compute == "database":
        from test_pushdown import guard

        guard(monkeypatch)
    config = _spark_config(tmp_path, parquet_dir, compute)
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    assert [s.engine for s in summaries] == (["pyspark"] if compute == "database" else [])
    # the feedback came through the query, the rest as tables of Spark's catalog
    quality = (tmp_path / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "pyspark (database)" in quality
    if compute == "database":     # no transaction row left Spark (test_pushdown.guard)
        from test_pushdown import assert_same_pushed_report

        assert_same_pushed_report(csv_site, tmp_path / "site", "pyspark")
    else:
        _assert_same_report(csv_site, tmp_path / "site", "pyspark")


def test_compute_auto_pushes_down_to_spark_and_pulls_from_a_duckdb_file(spark, parquet_dir, duckdb_file, tmp_path):
    config = _spark_config(tmp_path / "spark", parquet_dir)
    assert "compute:" not in config.read_text(encoding="utf-8")
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "source transactions: crm.transacties (pyspark, connection: in config.yaml): 6736 rows" in result.output
    assert "source transactions: compute: database (auto: pyspark computes the summary where the data is)" \
        in result.output
    config = _connection_config(tmp_path / "duck", f"duckdb:///{duckdb_file}")
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "source transactions: compute: local (auto: pulling the columns from duckdb and summarising them " \
           "here is faster)" in result.output


def test_a_bad_table_column_or_query_in_spark_is_exit_2_naming_it(spark, parquet_dir, tmp_path):
    config = _spark_config(tmp_path, parquet_dir)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("table: crm.klanten", "table: crm.klantn")
                      .replace("amount: Bedrag excl. BTW", "amount: Bedrag excl BTWW")
                      .replace("feedback.parquet`", "feedbak.parquet`"), encoding="utf-8")
    out = _fails(config, {}, "config.yaml:28: the customers table (connection: in config.yaml): "
                 "table 'crm.klantn' not found", "did you mean 'crm.klanten'?",
                 "column 'Bedrag excl BTWW' (configured as amount) not found", "did you mean 'Bedrag excl. BTW'?",
                 "the feedback table (connection: in config.yaml): the query fails", "PATH_NOT_FOUND")
    assert "Traceback" not in out


def test_a_url_setting_that_is_not_spark_s_is_exit_2(spark, tmp_path):
    config = _connection_config(tmp_path, "pyspark://?master=local[2]&spark.ui.enabled=false")
    _fails(config, {}, "config.yaml:14: the transactions table (connection: in config.yaml): the pyspark URL's "
           "settings must be spark.* keys, not master", "e.g. pyspark://?spark.master=local[2]")


def test_without_pyspark_a_spark_source_is_exit_2_with_the_install_hint(db_extra, tmp_path, monkeypatch):
    config = _connection_config(tmp_path, "pyspark")
    monkeypatch.setitem(sys.modules, "pyspark", None)      # import pyspark raises ImportError
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    _fails(config, {}, "config.yaml:14: the transactions table (connection: in config.yaml): reading from Spark "
           "needs pyspark, which is not installed", "pip install '.[spark]'")


def _klantwaarde(config: Path, env: dict) -> subprocess.CompletedProcess:
    """``klantwaarde validate`` in a process of its own: no Spark session runs there yet."""
    return subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--config", str(config)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_klantwaarde_starts_a_quiet_local_session_of_its_own_and_removes_its_folder(spark_extra, parquet_dir,
                                                                                      tmp_path):
    config = _spark_config(tmp_path / "project", parquet_dir)
    text = config.read_text(encoding="utf-8")
    for name in ("transacties", "klanten", "contactmomenten", "beoordelingen"):
        text = text.replace(f"table: crm.{name}\n", f'query: "select * from parquet.`{parquet_dir / name}.parquet`"\n')
    config.write_text(text.replace("connection: pyspark", "connection: pyspark://?spark.master=local[1]"),
                      encoding="utf-8")
    temp = tmp_path / "temp"
    temp.mkdir()
    run = _klantwaarde(config, {"TMPDIR": str(temp)})
    assert run.returncode == 0, run.stderr
    assert "source transactions: query (transactions) (pyspark, connection: in config.yaml): 6736 rows" in run.stderr
    assert "compute: database (auto" in run.stderr
    # Spark's own log is quiet (errors only), and its warehouse and scratch folder are gone
    assert not [line for line in run.stderr.splitlines() if " WARN " in line or "log level" in line], run.stderr
    assert not list(temp.glob("klantwaarde-spark-*"))


def test_without_java_spark_is_exit_2_with_the_java_hint(spark_extra, tmp_path):
    config = _connection_config(tmp_path, "pyspark")
    run = _klantwaarde(config, {"JAVA_HOME": str(tmp_path / "no-java")})
    assert run.returncode == 2, run.stderr
    assert "the transactions table (connection: in config.yaml): Spark does not start" in run.stderr
    assert "Spark 4 needs Java 17 or newer" in run.stderr and "Traceback" not in run.stderr


def test_the_readme_test_command_is_what_ci_runs_and_installs_spark():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"Install the test extras and run the whole test suite:\n\n```sh\n(.*?)\n```", readme,
                        re.DOTALL).group(1)
    extras = re.fullmatch(r"python3 -m venv \.venv && \.venv/bin/pip install -e '(.*?)' && \.venv/bin/pytest",
                          command).group(1)
    assert extras == ".[test,spark]"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f".venv/bin/pip install -q -e '{extras}' && .venv/bin/pytest -q\n" in ci
    assert "java_ok || missing+=(default-jre-headless)" in ci          # Java 17+ for Spark 4
