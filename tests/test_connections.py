"""Tables read from a database (``connection:`` in config.yaml): the sample from a real Postgres
(Debian's package, started here on a free 127.0.0.1 port) and from a DuckDB file gives the same
scores, report and pages as from its CSV files; every failure is exit 2 naming the source, and no
secret is ever printed.

Postgres: ``initdb`` + ``pg_ctl`` (run as the ``postgres`` user when the tests run as root), with a
password (scram-sha-256) so the tests can check that it never shows; stopped at the end. Without
Postgres or the 'db' extra these tests skip with the reason, and fail under CI=true (.ci/run
installs both).
"""
from __future__ import annotations

import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from generator.cli import main
from generator.inputs.config import load_config

PASSWORD = "Geheim-W8woord!"
ENV = "KLANTWAARDE_TEST_DB"
TABLE_NAMES = {"transactions": "transacties", "customers": "klanten", "interactions": "contactmomenten",
               "assessments": "beoordelingen", "feedback": "feedback"}
#: how the sample's columns are typed in the database, by canonical column
AMOUNTS = {"amount", "cost"}
NUMBERS = {"quantity", "minutes", "severity", "knowledge", "pleasure", "network", "prestige", "potential", "nps", "csat"}
DATES = {"date", "due_date", "paid_date", "since"}


def _missing(what: str):
    """Skip with the reason, or fail under CI=true: CI must never pass without these tests."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{what} (CI=true: the connection tests must run here; .ci/run installs it)", pytrace=False)
    pytest.skip(what)


@pytest.fixture(scope="module")
def db_extra():
    try:
        import duckdb  # noqa: F401
        import ibis  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError as e:
        _missing(f"the 'db' extra is not installed ({e.name}): pip install '.[db]'")


# --------------------------------------------------------------------------- the sample's rows, typed


def _sample_tables() -> dict[str, tuple[list[str], list[str], list[list[str | None]]]]:
    """Per table of the sample: its own column names, their SQL types and the rows as SQL text
    (ISO dates, '.' decimals, None for empty), in file order."""
    import pandas as pd

    config = load_config(ROOT / "config.yaml")
    out = {}
    for table, source in config.data.items():
        encoding = source.encoding or "utf-8"
        frame = pd.read_csv(ROOT / source.path, sep=";", dtype=str, encoding=encoding, keep_default_na=False)
        canonical = {theirs: ours for ours, theirs in source.columns.items()}
        types, rows = [], []
        for column in frame.columns:
            kind = canonical.get(column)
            types.append("numeric(12,2)" if kind in AMOUNTS else "double precision" if kind in NUMBERS
                         else "date" if kind in DATES else "text")
        for values in frame.itertuples(index=False):
            row = []
            for value, sql_type in zip(values, types):
                if value == "":
                    row.append(None)
                elif sql_type == "date":
                    d, m, y = value.split("-")
                    row.append(f"{y}-{m}-{d}")
                elif sql_type != "text":
                    row.append(value.replace(".", "").replace(",", "."))
                else:
                    row.append(value)
            rows.append(row)
        out[TABLE_NAMES[table]] = (list(frame.columns), types, rows)
    return out


def _connection_config(folder: Path, connection: str) -> Path:
    """The sample's config.yaml with every table read from ``connection`` (schema crm; the feedback
    through a query), the sample's column mapping unchanged."""
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("__pycache__"))
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = re.sub(r'path: content/data/transacties\.csv\n    sep: ";"\n    decimal: ","\n    encoding: cp1252\n',
                  f"connection: {connection}\n    table: crm.transacties\n", text)
    text = text.replace("path: content/data/feedback.csv",
                        f'connection: {connection}\n    query: "select * from crm.feedback"')
    text = re.sub(r"path: content/data/(\w+)\.csv", rf"connection: {connection}\n    table: crm.\1", text)
    assert "path:" not in text.split("data:", 1)[1]
    (folder / "config.yaml").write_text(text, encoding="utf-8")
    return folder / "config.yaml"


# --------------------------------------------------------------------------- Postgres from Debian's package


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return versions[-1] if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres(db_extra):
    """A Postgres server of its own on 127.0.0.1 holding the sample in schema crm; its URL (with a password)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        _missing("Postgres is not installed (Debian: apt-get install postgresql)")
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        _missing("runuser is needed to start Postgres as the postgres user")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    home = Path(tempfile.mkdtemp(prefix="klantwaarde-pg-"))
    data, pwfile = home / "data", home / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if as_root:
        shutil.chown(home, "postgres")
        shutil.chown(pwfile, "postgres")
    port = _free_port()
    user = "postgres" if as_root else os.environ.get("USER", "postgres")
    subprocess.run(prefix + [initdb, "-D", str(data), "-U", user, "--auth=scram-sha-256", f"--pwfile={pwfile}",
                             "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
    subprocess.run(prefix + [pg_ctl, "-D", str(data), "-l", str(home / "log"), "-w", "-o",
                             f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    url = f"postgresql://{user}:{PASSWORD}@127.0.0.1:{port}/postgres"
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True) as con:
            con.execute("create schema crm")
            for name, (columns, types, rows) in _sample_tables().items():
                names = ", ".join(f'"{c}"' for c in columns)
                typed = ", ".join(f'"{c}" {t}' for c, t in zip(columns, types))
                con.execute(f"create table crm.{name} ({typed})")
                with con.cursor().copy(f"copy crm.{name} ({names}) from stdin") as copy:
                    for row in rows:
                        copy.write_row(row)
        yield url
    finally:
        subprocess.run(prefix + [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def duckdb_file(db_extra, tmp_path_factory) -> Path:
    """The sample in a DuckDB file, schema crm, typed as in Postgres."""
    import duckdb
    import pandas as pd

    path = tmp_path_factory.mktemp("duck") / "sample.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema crm")
    for name, (columns, types, rows) in _sample_tables().items():
        frame = pd.DataFrame(rows, columns=columns, dtype=object)
        con.register("rows", frame)
        casts = ", ".join(f'cast("{c}" as {t.replace("numeric", "decimal").replace("double precision", "double")}) as "{c}"'
                          for c, t in zip(columns, types))
        con.execute(f"create table crm.{name} as select {casts} from rows")
        con.unregister("rows")
    con.close()
    return path


# --------------------------------------------------------------------------- the same report from every source


def _run(*args, env: dict | None = None):
    runner = CliRunner()
    return runner.invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def csv_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    shutil.copy(ROOT / "config.yaml", folder / "config.yaml")
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("__pycache__"))
    result = _run("build", "--quiet", "--config", str(folder / "config.yaml"), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    return folder / "site"


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


_SOURCES = re.compile(r"content/data/(\w+)\.csv|crm\.(\w+)|query \((\w+)\)")
#: the rows of the data-quality page that say how a file was read (a database has none of these)
_SETTINGS = re.compile(r'<tr>\s*<th scope="row">(?:decimal|encoding|format|sep)</th>.*?</tr>\s*', re.DOTALL)


def _source_neutral(text: str) -> str:
    """Where a row came from, made the same for a file and a table: file or table name, and the CSV
    line (the header is line 1) or the database row (from 1) as one number."""
    def where(m: re.Match) -> str:
        return "SOURCE"

    text = _SETTINGS.sub("", text)
    text = re.sub(r"(content/data/\w+\.csv):(\d+)", lambda m: f"{m.group(1)}:{int(m.group(2)) - 1}", text)
    return _SOURCES.sub(where, text)


def _assert_same_report(csv_site: Path, site: Path, shown: str):
    first, second = _files(csv_site), _files(site)
    assert first.keys() == second.keys()
    differ = sorted(k for k in first if first[k] != second[k])
    # only the pages that say where the data came from differ; scores.csv and every other page are identical
    assert differ == [".klantwaarde-site", "data-quality.html", "report.json"], differ
    assert first["scores.csv"] == second["scores.csv"]
    quality = second["data-quality.html"].decode()
    assert "crm.transacties" in quality and f"{shown} (database)" in quality
    assert "query (feedback)" in quality
    for name in ("data-quality.html", "report.json"):
        a, b = first[name].decode(), second[name].decode()
        assert _source_neutral(a) == _source_neutral(b), name
    report = json.loads(second["report.json"])
    assert all(not w.startswith("content/") for w in report.get("warnings", [])) if "warnings" in report else True


def test_the_sample_from_duckdb_is_the_sample_from_csv(csv_site, duckdb_file, tmp_path):
    config = _connection_config(tmp_path, f"duckdb:///{duckdb_file}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    _assert_same_report(csv_site, tmp_path / "site", "duckdb")


def test_the_sample_from_postgres_is_the_sample_from_csv(csv_site, postgres, tmp_path):
    config = _connection_config(tmp_path, f"env:{ENV}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600", ENV: postgres})
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    _assert_same_report(csv_site, tmp_path / "site", "postgres")


def test_without_adbc_postgres_is_read_through_ibis_with_the_same_scores(csv_site, postgres, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "adbc_driver_postgresql.dbapi", None)
    config = _connection_config(tmp_path, f"env:{ENV}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600", ENV: postgres})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/scores.csv").read_bytes() == (csv_site / "scores.csv").read_bytes()


def test_validate_says_what_it_found_in_the_database(postgres, tmp_path):
    config = _connection_config(tmp_path, f"env:{ENV}")
    result = _run("validate", "--config", str(config), env={ENV: postgres})
    assert result.exit_code == 0, result.output
    assert "source transactions: crm.transacties (postgres, env:KLANTWAARDE_TEST_DB): 6736 rows" in result.output
    assert "customer_id=Klantnummer" in result.output and "source feedback: query (feedback)" in result.output
    assert PASSWORD not in result.output


# --------------------------------------------------------------------------- failures: exit 2, the source named, no secret


def _fails(config: Path, env: dict, *expected: str):
    result = _run("validate", "--config", str(config), env=env)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output
    assert PASSWORD not in result.output
    return result.output


def test_a_wrong_password_unreachable_server_or_missing_variable_is_exit_2_without_the_secret(postgres, tmp_path):
    config = _connection_config(tmp_path, f"env:{ENV}")
    wrong = postgres.replace(PASSWORD, PASSWORD + "x")
    out = _fails(config, {ENV: wrong}, "config.yaml:14", "the transactions table (env:KLANTWAARDE_TEST_DB)",
                 "cannot connect to the database: connection failed", "password authentication failed",
                 "config.yaml:27: the customers table (env:KLANTWAARDE_TEST_DB): cannot connect to the database "
                 "(see the transactions table)")
    assert out.count("password authentication failed") == 1      # one connection for the five tables
    port = int(postgres.rsplit(":", 1)[1].split("/")[0])
    closed = postgres.replace(f":{port}/", f":{_free_port()}/")
    _fails(config, {ENV: closed}, "cannot connect to the database")
    _fails(config, {ENV: ""}, "the environment variable KLANTWAARDE_TEST_DB is empty")
    _fails(config, {ENV: "mysql://u:" + PASSWORD + "@h/db"}, "the URL has 'mysql:'")


def test_an_unknown_table_or_column_names_it_with_a_did_you_mean(postgres, tmp_path):
    config = _connection_config(tmp_path, f"env:{ENV}")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("table: crm.klanten", "table: crm.klantn")
                      .replace("amount: Bedrag excl. BTW", "amount: Bedrag excl BTWW"), encoding="utf-8")
    out = _fails(config, {ENV: postgres}, "table 'crm.klantn' not found", "did you mean 'crm.klanten'?",
                 "column 'Bedrag excl BTWW' (configured as amount) not found", "did you mean 'Bedrag excl. BTW'?")
    assert "config.yaml:28" in out            # the customers' table: line


def test_a_failing_query_is_exit_2(postgres, tmp_path):
    config = _connection_config(tmp_path, f"env:{ENV}")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("select * from crm.feedback", "select * from crm.fedback"), encoding="utf-8")
    _fails(config, {ENV: postgres}, "the feedback table (env:KLANTWAARDE_TEST_DB): the query fails")


def test_config_refuses_a_password_and_checks_the_keys(tmp_path):
    config = _connection_config(tmp_path, "env:KLANTWAARDE_DB")
    text = config.read_text(encoding="utf-8")
    bad = text.replace("connection: env:KLANTWAARDE_DB\n    table: crm.transacties",
                       f"connection: postgresql://me:{PASSWORD}@db.example/sales\n    table: crm.transacties", 1)
    config.write_text(bad, encoding="utf-8")
    _fails(config, {}, "config.yaml:14", "a password in config.yaml is refused", "env:KLANTWAARDE_DB")
    both = text.replace("table: crm.klanten", "table: crm.klanten\n    query: select 1", 1)
    config.write_text(both, encoding="utf-8")
    _fails(config, {}, "exactly one of 'table:' and 'query:'")
    database = text.replace("table: crm.klanten", "table: crm.klanten\n    compute: database", 1)
    config.write_text(database, encoding="utf-8")
    _fails(config, {}, "compute: database applies to the transactions table only: the customers table is read "
           "locally", "compute: auto or compute: local")
    file_keys = text.replace("table: crm.klanten", "table: crm.klanten\n    sep: ';'", 1)
    config.write_text(file_keys, encoding="utf-8")
    _fails(config, {}, "'sep:' is a setting of files, not of a 'connection:'")
    neither = text.replace("connection: env:KLANTWAARDE_DB\n    table: crm.klanten", "sheet: 1", 1)
    config.write_text(neither, encoding="utf-8")
    _fails(config, {}, "the customers table needs 'path:' (a file) or 'connection:' (a database)")
    config.write_text(text, encoding="utf-8")
    _fails(config, {}, "the environment variable KLANTWAARDE_DB is not set")


def test_without_the_db_extra_a_connection_is_exit_2_with_the_install_hint(tmp_path, monkeypatch):
    config = _connection_config(tmp_path, "duckdb:///sample.duckdb")
    (tmp_path / "sample.duckdb").write_bytes(b"")
    monkeypatch.setitem(sys.modules, "ibis", None)        # import ibis raises ImportError
    _fails(config, {}, "reading a database needs ibis, which is not installed", "pip install '.[db]'")


def test_a_missing_duckdb_file_is_named_and_not_created(db_extra, tmp_path):
    config = _connection_config(tmp_path, "duckdb:///nowhere.duckdb")
    _fails(config, {}, "DuckDB file not found: nowhere.duckdb")
    assert not (tmp_path / "nowhere.duckdb").exists()


def test_csv_builds_import_neither_ibis_nor_duckdb():
    code = ("import sys; from generator.pipeline import compute_report; compute_report(sys.argv[1]); "
            "print(sorted(m for m in ('ibis', 'duckdb', 'sqlglot') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "config.yaml")], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
