"""Parquet datasets read through embedded DuckDB, Parquet on object storage (a real local S3 server,
moto 5 in server mode on 127.0.0.1), and the fingerprints of incremental builds for both and for
database connections (generator/inputs/storage.py).

The sample's CSV files are written as typed Parquet here (the types of tests/test_connections.py);
the report built from them must be the CSV build's: scores.csv and every page identical, the
data-quality page and report.json the same but for the file names and the CSV settings.
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

from conftest import ROOT
from test_connections import TABLE_NAMES, _files, _missing, _run, _sample_tables, csv_site, duckdb_file  # noqa: F401

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
KEY, SECRET = "AKIAKLANTWAARDETEST", "Geheim/S3+sleutel-0123456789"


@pytest.fixture(scope="module")
def db_extra():
    try:
        import duckdb  # noqa: F401
        import ibis  # noqa: F401
    except ImportError as e:
        _missing(f"the 'db' extra is not installed ({e.name}): pip install '.[db]'")


@pytest.fixture(scope="module")
def parquet_tables(tmp_path_factory) -> dict[str, bytes]:
    """The sample's tables as typed Parquet files (their bytes), by the sample's file name."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_type = {"numeric(12,2)": pa.decimal128(12, 2), "double precision": pa.float64(), "date": pa.date32(),
                  "text": pa.string()}
    folder = tmp_path_factory.mktemp("pq")
    out = {}
    by_name = {v: k for k, v in TABLE_NAMES.items()}
    for name, (columns, types, rows) in _sample_tables().items():
        arrays = []
        for i, sql_type in enumerate(types):
            values = [row[i] for row in rows]
            if sql_type == "date":
                import datetime as dt
                values = [None if v is None else dt.date.fromisoformat(v) for v in values]
            elif sql_type == "numeric(12,2)":
                from decimal import Decimal
                values = [None if v is None else Decimal(v) for v in values]
            elif sql_type == "double precision":
                values = [None if v is None else float(v) for v in values]
            arrays.append(pa.array(values, type=arrow_type[sql_type]))
        path = folder / f"{name}.parquet"
        pq.write_table(pa.table(arrays, names=columns), path)
        out[by_name[name]] = path.read_bytes()
    return out


def _parquet_config(folder: Path, paths: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    """The sample's config.yaml with each table's path replaced by ``paths[table]`` (no CSV settings)."""
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace('    sep: ";"\n    decimal: ","\n    encoding: cp1252\n', "", 1)
    for table, name in TABLE_NAMES.items():
        text = text.replace(f"path: content/data/{name}.csv",
                            f"path: {paths[table]}" + (f"\n    {extra[table]}" if extra and table in extra else ""), 1)
    (folder / "config.yaml").write_text(text, encoding="utf-8")
    return folder / "config.yaml"


_SETTINGS = re.compile(r'<tr>\s*<th scope="row">(?:decimal|encoding|format|sep)</th>.*?</tr>\s*', re.DOTALL)


def _neutral(text: str) -> str:
    text = _SETTINGS.sub("", text)
    text = re.sub(r'"(?:decimal|encoding|format|sep)": "[^"]*",?\s*', "", text)
    return re.sub(r"(?:content/data/|s3://[\w.-]+/(?:\w+/)*)?(\w+)\.(?:csv|parquet)", r"SOURCE:\1", text)   # the site shows an object's name


def _assert_same_report(csv_site: Path, site: Path):
    first, second = _files(csv_site), _files(site)
    assert first.keys() == second.keys()
    differ = sorted(k for k in first if first[k] != second[k])
    assert set(differ) <= {".klantwaarde-site", "data-quality.html", "report.json"}, differ
    assert first["scores.csv"] == second["scores.csv"]
    for name in ("data-quality.html", "report.json"):
        assert _neutral(first[name].decode()) == _neutral(second[name].decode()), name


def _write(folder: Path, tables: dict[str, bytes]) -> dict[str, str]:
    paths = {}
    for table, data in tables.items():
        (folder / "content/data").mkdir(parents=True, exist_ok=True)
        (folder / f"content/data/{TABLE_NAMES[table]}.parquet").write_bytes(data)
        paths[table] = f"content/data/{TABLE_NAMES[table]}.parquet"
    return paths


# --------------------------------------------------------------------------- local Parquet through DuckDB


def test_the_sample_from_parquet_through_duckdb_is_the_sample_from_csv(db_extra, csv_site, parquet_tables, tmp_path):
    config = _parquet_config(tmp_path, _write(tmp_path, parquet_tables))
    result = _run("build", "--quiet", "--config", str(config), env=EPOCH)
    assert result.exit_code == 0, result.output
    _assert_same_report(csv_site, tmp_path / "site")
    quality = (tmp_path / "site/data-quality.html").read_text(encoding="utf-8")
    assert "content/data/transacties.parquet" in quality


def test_compute_database_summarises_parquet_in_duckdb_with_the_same_scores(db_extra, csv_site, parquet_tables,
                                                                               tmp_path):
    config = _parquet_config(tmp_path, _write(tmp_path, parquet_tables), {"transactions": "compute: database"})
    result = _run("build", "--quiet", "--config", str(config), env=EPOCH)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/scores.csv").read_bytes() == (csv_site / "scores.csv").read_bytes()


def test_compute_auto_summarises_a_large_typed_parquet_dataset_in_duckdb(db_extra, csv_site, parquet_tables,
                                                                           tmp_path, monkeypatch):
    """Beyond storage.AUTO_DATABASE_ROWS rows (2M; here 100) with dates and amounts typed in the files,
    ``compute: auto`` is ``database``: the rows are summarised in DuckDB, and the report is the same."""
    from generator.inputs import sources, storage

    config = _parquet_config(tmp_path, _write(tmp_path, parquet_tables))
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "source transactions: compute: local (auto: " in result.output and \
        "rows are read here (DuckDB computes more than 2000000)" in result.output
    monkeypatch.setattr(storage, "AUTO_DATABASE_ROWS", 100)
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "source transactions: compute: database (auto: more than 100 rows are summarised in DuckDB)" \
        in result.output
    summarised = []
    real = sources._summarise
    monkeypatch.setattr(sources, "_summarise", lambda *a: summarised.append(1) or real(*a))
    result = _run("build", "--quiet", "--config", str(config), env=EPOCH)
    assert result.exit_code == 0, result.output
    assert summarised == [1]
    assert (tmp_path / "site/scores.csv").read_bytes() == (csv_site / "scores.csv").read_bytes()


def test_compute_auto_reads_parquet_with_dates_or_amounts_as_text_here(db_extra, parquet_tables, tmp_path,
                                                                      monkeypatch):
    """A date or an amount written as text is parsed only by the read here (the database takes types
    as they are): ``auto`` stays local however large the dataset, and says which column."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    from generator.inputs import storage
    from generator.inputs.connections import compute_of
    from generator.pipeline import load_inputs

    paths = _write(tmp_path, parquet_tables)
    config_path = _parquet_config(tmp_path, paths)
    config, _policy = load_inputs(config_path)
    source = config.data["transactions"]
    monkeypatch.setattr(storage, "AUTO_DATABASE_ROWS", 100)
    assert compute_of(config, "transactions", source)[0] == "database"
    rows = pq.read_table(io.BytesIO(parquet_tables["transactions"]))
    amount = source.columns["amount"]
    as_text = rows.set_column(rows.schema.get_field_index(amount), amount, rows[amount].cast(pa.string()))
    pq.write_table(as_text, tmp_path / paths["transactions"])
    how, why = compute_of(config, "transactions", source)
    assert how == "local"
    assert why == f"auto: column '{amount}' (amount) is string in the files, not a number: read here, where " \
                  "text is parsed"
    monkeypatch.setattr(storage, "AUTO_DATABASE_ROWS", 10 ** 9)
    assert compute_of(config, "transactions", source)[0] == "local"
    (tmp_path / paths["transactions"]).write_bytes(b"PAR1 not really")      # the read names the file
    assert compute_of(config, "transactions", source) == ("local", "auto: its files are read here")


def test_a_folder_of_parquet_files_is_one_table_with_rows_named_by_file_and_line(db_extra, parquet_tables, tmp_path):
    import pyarrow.parquet as pq
    import io

    paths = _write(tmp_path, parquet_tables)
    rows = pq.read_table(io.BytesIO(parquet_tables["transactions"]))
    folder = tmp_path / "content/data/tx"
    (folder / "2025").mkdir(parents=True)
    half = rows.num_rows // 2
    pq.write_table(rows.slice(0, half), folder / "2025/part-0.parquet")
    pq.write_table(rows.slice(half), folder / "part-1.parquet")
    (tmp_path / "content/data/transacties.parquet").unlink()
    paths["transactions"] = "content/data/tx"
    config = _parquet_config(tmp_path, paths)
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "source transactions: 2 Parquet files read by DuckDB" in result.output
    # a bad value is named by its file and line, as before
    broken = rows.slice(half).to_pandas()
    broken.loc[3, "Klantnummer"] = None
    broken.to_parquet(folder / "part-1.parquet")
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 2, result.output
    assert "content/data/tx/part-1.parquet:5:" in result.output, result.output
    assert "Traceback" not in result.output


def test_rows_counted_in_duckdb_are_named_by_the_file_and_line_of_the_first(db_extra, parquet_tables, tmp_path):
    """compute: database over Parquet files: the database counts the rows without an id or a date and
    the total lines; the message points at the first of them by file and line, as the read here would."""
    import io

    import pyarrow.parquet as pq

    paths = _write(tmp_path, parquet_tables)
    rows = pq.read_table(io.BytesIO(parquet_tables["transactions"])).to_pandas()
    folder = tmp_path / "content/data/tx"
    (folder / "2025").mkdir(parents=True)
    half = len(rows) // 2
    first, second = rows.iloc[:half].reset_index(drop=True), rows.iloc[half:].reset_index(drop=True)
    second.loc[[3, 40], "Klantnummer"] = None           # rows 4 and 41 of part-1: lines 5 and 42
    first.loc[6, "Klantnummer"] = " Totaal "            # row 7 of part-0: line 8
    date = next(c for c in rows.columns if c.lower() == "factuurdatum")
    second.loc[10, date] = None                          # line 12
    first.to_parquet(folder / "2025/part-0.parquet")
    second.to_parquet(folder / "part-1.parquet")
    (tmp_path / "content/data/transacties.parquet").unlink()
    paths["transactions"] = "content/data/tx"
    config = _parquet_config(tmp_path, paths, {"transactions": "compute: database"})
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 2, result.output
    assert ("content/data/tx/part-1.parquet:5: column 'Klantnummer': 2 rows without a customer_id (counted in the "
            "database; the first is on this line)") in result.output, result.output
    assert f"content/data/tx/part-1.parquet:12: column '{date}': 1 row without a date" in result.output
    assert ("content/data/tx/2025/part-0.parquet:8: 1 row looking like a total line (Totaal, Total, …; counted in "
            "the database; the first is on this line)") in result.output
    assert "Traceback" not in result.output
    # skipped: the warnings point at the same lines
    config.write_text(config.read_text(encoding="utf-8").replace(
        "compute: database", "compute: database\n    on_bad_rows: skip", 1), encoding="utf-8")
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert ("content/data/tx/part-1.parquet:5: column 'Klantnummer': 2 rows without a customer_id, skipped "
            "(counted in the database; the first is on this line)") in result.output, result.output
    assert "content/data/tx/2025/part-0.parquet:8: 1 row looking like a total line, skipped" in result.output


def test_without_the_db_extra_parquet_is_read_by_pyarrow_and_validate_says_so(csv_site, parquet_tables, tmp_path):
    config = _parquet_config(tmp_path, _write(tmp_path, parquet_tables))
    code = ("import sys; sys.modules['duckdb'] = None; sys.modules['ibis'] = None\n"
            "from generator.cli import main\nmain(sys.argv[1:])")
    run = subprocess.run([sys.executable, "-c", code, "validate", "--config", str(config)], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    assert "source transactions: 1 Parquet file read by pyarrow (install the 'db' extra to read it by DuckDB" \
        in run.stderr
    run = subprocess.run([sys.executable, "-c", code.replace("main(sys.argv[1:])", "main(sys.argv[1:])"), "build",
                          "--quiet", "--config", str(config)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **EPOCH})
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site/scores.csv").read_bytes() == (csv_site / "scores.csv").read_bytes()
    # compute: database needs DuckDB: without the extra it is exit 2 with the hint, not a silent local read
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("path: content/data/transacties.parquet",
                                   "path: content/data/transacties.parquet\n    compute: database", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", code, "validate", "--config", str(config)], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 2, run.stderr
    assert "compute: database needs a Parquet dataset read by DuckDB" in run.stderr and "pip install '.[db]'" \
        in run.stderr and "Traceback" not in run.stderr


def test_compute_is_refused_on_a_csv_file_and_storage_on_a_local_path(tmp_path):
    paths = {t: f"content/data/{n}.csv" for t, n in TABLE_NAMES.items()}
    config = _parquet_config(tmp_path, paths, {"customers": "compute: local"})
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 2 and "'compute:' belongs to a table read from a 'connection:'" in result.output
    config.write_text(config.read_text(encoding="utf-8").replace("compute: local", "storage: {anonymous: true}"),
                      encoding="utf-8")
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 2 and "'storage:' belongs to a path on object storage" in result.output


def test_csv_builds_still_import_neither_ibis_nor_duckdb():
    code = ("import sys; from generator.pipeline import compute_report; compute_report(sys.argv[1]); "
            "print(sorted(m for m in ('ibis', 'duckdb', 'pyarrow.fs') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "config.yaml")], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- object storage: a real local S3 server


@pytest.fixture(scope="module")
def s3(db_extra):
    """moto's S3 in server mode on 127.0.0.1 (a free port), with bucket 'klantwaarde-test'; its URL."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as e:
        _missing(f"moto[server] is not installed ({e.name}): pip install 'moto[server]>=5'")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _s3fs(url: str):
    from pyarrow import fs

    return fs.S3FileSystem(access_key=KEY, secret_key=SECRET, endpoint_override=url.split("://")[1], scheme="http",
                           region="eu-west-1", allow_bucket_creation=True)


def _env(**more) -> dict:
    return {**EPOCH, "AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": "",
            **more}


@pytest.fixture(scope="module")
def bucket(s3, parquet_tables):
    """The sample's tables in s3://klantwaarde-test/crm/<table>.parquet, the transactions under
    crm/transacties/ (read by a glob)."""
    fs = _s3fs(s3)
    fs.create_dir("klantwaarde-test")
    for table, data in parquet_tables.items():
        name = TABLE_NAMES[table]
        key = f"crm/{name}/{name}.parquet" if table == "transactions" else f"crm/{name}.parquet"
        with fs.open_output_stream(f"klantwaarde-test/{key}") as f:
            f.write(data)
    return "s3://klantwaarde-test/crm"


def _s3_config(folder: Path, s3: str, bucket: str, storage: str | None = None) -> Path:
    paths = {t: f"{bucket}/{n}.parquet" for t, n in TABLE_NAMES.items()}
    paths["transactions"] = f"{bucket}/{TABLE_NAMES['transactions']}/*.parquet"
    storage = storage or f"storage: {{endpoint_url: '{s3}', region: eu-west-1}}"
    return _parquet_config(folder, paths, {t: storage for t in TABLE_NAMES})


def test_the_sample_from_s3_is_the_sample_from_csv(csv_site, s3, bucket, tmp_path):
    config = _s3_config(tmp_path, s3, bucket)
    result = _run("build", "--quiet", "--config", str(config), env=_env())
    assert result.exit_code == 0, result.output
    _assert_same_report(csv_site, tmp_path / "site")
    quality = (tmp_path / "site/data-quality.html").read_text(encoding="utf-8")
    assert "<code>transacties.parquet</code>" in quality
    assert SECRET not in result.output
    result = _run("validate", "--config", str(config), env=_env())
    assert "source transactions: 1 Parquet file read by DuckDB: 6736 rows" in result.output, result.output


def _fails(config: Path, env: dict, *expected: str) -> str:
    result = _run("validate", "--config", str(config), env=env)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output
    assert SECRET not in result.output and KEY not in result.output
    return result.output


def test_s3_errors_are_exit_2_naming_the_table_and_line_without_a_secret(s3, bucket, tmp_path):
    config = _s3_config(tmp_path, s3, bucket)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("crm/klanten.parquet", "crm/klantn.parquet"), encoding="utf-8")
    _fails(config, _env(), "config.yaml:", "the customers table (s3://klantwaarde-test/crm/klantn.parquet): "
                           "no such object")
    config.write_text(text.replace("s3://klantwaarde-test/crm/klanten.parquet", "s3://no-such-bucket/klanten.parquet"),
                      encoding="utf-8")
    _fails(config, _env(), "the customers table (s3://no-such-bucket/klanten.parquet): no such bucket: no-such-bucket")
    with _s3fs(s3).open_output_stream("klantwaarde-test/crm/kapot.parquet") as f:
        f.write(b"Klantnummer;Naam\n1;A\n")
    config.write_text(text.replace("crm/klanten.parquet", "crm/kapot.parquet"), encoding="utf-8")
    _fails(config, _env(), "s3://klantwaarde-test/crm/kapot.parquet: cannot read the file as Parquet")
    config.write_text(text.replace("crm/transacties/*.parquet", "crm/transacties/*.pq"), encoding="utf-8")
    _fails(config, _env(), "no object matches 's3://klantwaarde-test/crm/transacties/*.pq'")
    # nothing listens on the port: a bounded wait, then exit 2 naming the endpoint problem
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    config.write_text(text.replace(s3, f"http://127.0.0.1:{closed}"), encoding="utf-8")
    out = _fails(config, _env(), "cannot reach the storage endpoint", "check endpoint_url under storage:",
                 "the customers table (s3://klantwaarde-test/crm/klanten.parquet): cannot reach the storage endpoint "
                 "(see the transactions table)")
    assert out.count("check endpoint_url") == 1     # one wait for the endpoint, not one per table
    # no credentials: an error, not a search of ~/.aws or the EC2 metadata service
    config.write_text(text, encoding="utf-8")
    out = _run("validate", "--config", str(config),
               env={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}).output
    assert "no credentials for S3" in out and "anonymous: true" in out


def test_storage_keys_are_checked_and_secrets_must_come_from_the_environment(s3, bucket, tmp_path):
    config = _s3_config(tmp_path, s3, bucket, f"storage: {{endpoint_url: '{s3}', secret_key: {SECRET}}}")
    _fails(config, _env(), "a secret in config.yaml is refused (not shown here): secret_key", "env:NAME")
    config = _s3_config(tmp_path / "b", s3, bucket, f"storage: {{endpoint_url: '{s3}', regoin: eu-west-1}}")
    _fails(config, _env(), "'regoin' is not a setting of s3 storage", "did you mean 'region'")
    config = _s3_config(tmp_path / "c", s3, bucket,
                        f"storage: {{endpoint_url: '{s3}', access_key: env:MY_KEY, secret_key: env:MY_SECRET}}")
    _fails(config, _env(), "the environment variable MY_KEY (storage: access_key) is not set")
    result = _run("validate", "--config", str(config),
                  env={"MY_KEY": KEY, "MY_SECRET": SECRET, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
    assert result.exit_code == 0, result.output
    local = (tmp_path / "c/config.yaml").read_text(encoding="utf-8").replace(
        f"{bucket}/klanten.parquet", "content/data/klanten.csv", 1)
    (tmp_path / "c/config.yaml").write_text(local, encoding="utf-8")
    _fails(tmp_path / "c/config.yaml", _env(), "'storage:' belongs to a path on object storage")


# --------------------------------------------------------------------------- fingerprints of incremental builds


def _build(config: Path, env: dict) -> str:
    result = _run("build", "--config", str(config), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_an_unchanged_s3_source_is_reused_and_a_changed_object_is_not(s3, bucket, tmp_path, parquet_tables):
    from generator.inputs.config import load_config
    from generator.output import incremental

    config = _s3_config(tmp_path, s3, bucket)
    env = _env(KLANTWAARDE_NO_CACHE="1")
    _build(config, env)
    marker = (tmp_path / "site/.klantwaarde-site").read_bytes()
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*.html")}
    again = _build(config, env)
    assert "unchanged" in again.lower() or "reused" in again.lower(), again
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*.html")} == before
    assert (tmp_path / "site/.klantwaarde-site").read_bytes() == marker
    # the same bytes written again: a new modification time (and ETag on S3 is the MD5, the same): rebuilt
    os.environ.update({"AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": SECRET})
    try:
        loaded = load_config(config)
        prints = incremental.fingerprint(loaded, output=tmp_path / "site", lang=None, anonymise=False, pdf=False,
                                         make_zip=False)
        assert prints is not None
        with _s3fs(s3).open_output_stream("klantwaarde-test/crm/feedback.parquet") as f:
            f.write(parquet_tables["feedback"][:-8] + parquet_tables["feedback"][-8:])
        changed = incremental.fingerprint(loaded, output=tmp_path / "site", lang=None, anonymise=False, pdf=False,
                                          make_zip=False)
        assert changed is not None and changed != prints
    finally:
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            os.environ.pop(k, None)
    third = _build(config, env)
    assert "unchanged" not in third.lower() and "reused" not in third.lower(), third


def test_a_database_server_is_never_taken_as_unchanged_and_a_duckdb_file_by_its_bytes(db_extra, duckdb_file,
                                                                                       tmp_path):
    import duckdb

    from test_connections import _connection_config
    from generator.inputs.config import load_config
    from generator.output import incremental

    def fingerprint(config):
        return incremental.fingerprint(load_config(config), output=tmp_path / "site", lang=None, anonymise=False,
                                       pdf=False, make_zip=False)

    server = _connection_config(tmp_path / "pg", "env:KLANTWAARDE_TEST_DB")
    os.environ["KLANTWAARDE_TEST_DB"] = "postgresql://klantwaarde@127.0.0.1:1/none"
    try:
        assert fingerprint(server) is None          # no connection is made to tell
    finally:
        del os.environ["KLANTWAARDE_TEST_DB"]
    copy = tmp_path / "sample.duckdb"
    shutil.copy(duckdb_file, copy)
    config = _connection_config(tmp_path / "duck", f"duckdb:///{copy}")
    result = _run("build", "--quiet", "--config", str(config), env=EPOCH)
    assert result.exit_code == 0, result.output
    again = _run("build", "--config", str(config), env=EPOCH)
    assert "unchanged inputs, site kept" in again.output, again.output
    first = fingerprint(config)
    con = duckdb.connect(str(copy))
    assert con.execute("delete from crm.feedback where \"NPS\" = (select max(\"NPS\") from crm.feedback)").fetchone()[0] > 0
    con.close()
    assert fingerprint(config) not in (None, first)
    third = _run("build", "--config", str(config), env=EPOCH)
    assert third.exit_code == 0 and "unchanged inputs" not in third.output, third.output


def test_a_local_parquet_folder_is_fingerprinted_by_its_files(db_extra, parquet_tables, tmp_path):
    from generator.inputs.config import load_config
    from generator.output import incremental

    paths = _write(tmp_path, parquet_tables)
    folder = tmp_path / "content/data/tx"
    folder.mkdir()
    (tmp_path / "content/data/transacties.parquet").rename(folder / "part-0.parquet")
    paths["transactions"] = "content/data/tx"
    config = load_config(_parquet_config(tmp_path, paths))
    first = incremental.fingerprint(config, output=tmp_path / "site", lang=None, anonymise=False, pdf=False,
                                    make_zip=False)
    shutil.copy(folder / "part-0.parquet", folder / "part-1.parquet")
    second = incremental.fingerprint(config, output=tmp_path / "site", lang=None, anonymise=False, pdf=False,
                                     make_zip=False)
    assert first is not None and second is not None and first != second
    assert json.dumps(first)  # a plain hex string


def test_access_denied_and_an_unknown_key_are_exit_2_without_the_secret(s3, bucket, tmp_path):
    """moto checks credentials and IAM policies once its count of unauthenticated requests is 0: a
    user without a policy is denied, a key it does not know is refused."""
    import boto3
    import moto.settings

    iam = boto3.client("iam", endpoint_url=s3, region_name="us-east-1", aws_access_key_id=KEY,
                       aws_secret_access_key=SECRET)
    iam.create_user(UserName="no-rights")
    key = iam.create_access_key(UserName="no-rights")["AccessKey"]
    config = _s3_config(tmp_path, s3, bucket)
    before = moto.settings.INITIAL_NO_AUTH_ACTION_COUNT
    moto.settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    try:
        out = _fails(config, _env(AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"]),
                     "access denied", "check the credentials in the environment")
        assert key["SecretAccessKey"] not in out
        _fails(config, _env(AWS_ACCESS_KEY_ID="AKIANOTKNOWNHERE0000"), "the access key is not known")
    finally:
        moto.settings.INITIAL_NO_AUTH_ACTION_COUNT = before


def test_an_endpoint_that_never_answers_ends_in_its_time_out(db_extra, parquet_tables, tmp_path, monkeypatch):
    """A server that takes the connection and then says nothing: the request's time-out (shortened
    here) ends it, and the build is exit 2 naming the endpoint problem once."""
    import socket

    from generator.inputs import storage

    monkeypatch.setattr(storage, "CONNECT_TIMEOUT", 1)
    monkeypatch.setattr(storage, "REQUEST_TIMEOUT", 1)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        config = _s3_config(tmp_path, url, "s3://klantwaarde-test/crm")
        out = _fails(config, _env(), "cannot reach the storage endpoint", "Timeout was reached")
    assert out.count("check endpoint_url") == 1


def test_a_missing_parquet_file_is_named_once(db_extra, tmp_path):
    paths = {t: f"content/data/{n}.csv" for t, n in TABLE_NAMES.items()}
    paths["customers"] = "content/data/klanten.parquet"
    config = _parquet_config(tmp_path, paths, {"customers": "format: parquet", "feedback": "compute: database"})
    text = config.read_text(encoding="utf-8").replace("path: content/data/feedback.csv", "path: content/data/fb.parquet")
    config.write_text(text, encoding="utf-8")
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 2, result.output
    assert "compute: database applies to the transactions table only: the feedback table" in result.output
    config.write_text(text.replace("    compute: database\n", ""), encoding="utf-8")
    result = _run("validate", "--config", str(config))
    assert result.exit_code == 2, result.output
    assert result.output.count("content/data/klanten.parquet: file not found (the customers table)") == 1, \
        result.output
