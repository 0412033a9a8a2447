"""compute: database pulls no transaction row: everything the measures, the timeline, the portfolio KPIs,
the future value's backtest and the data-quality page need of the transactions is computed where the rows
are (generator/inputs/aggregate.py) and only per-customer rows (and counts) come back.

The oracle is equality: the sample built with compute: database (DuckDB here, Postgres in
tests/test_aggregate.py) gives byte-identical scores.csv and pages to the CSV build; only the
data-quality page and report.json's warnings name the transactions without a row number (the database
has none), and are otherwise the same. A guard fails any query that brings back the transactions'
rows: every result must be an aggregate (or at most three example values).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from test_connections import (_connection_config, _files, _run, _source_neutral, csv_site,  # noqa: F401
                              db_extra, duckdb_file)


# --------------------------------------------------------------------------- the guard and the comparison


def guard(monkeypatch, tables: tuple[str, ...] = ("transacties", "lines")) -> list:
    """Fail the build when the transactions' rows are read: connections.pull of the transactions, or
    any executed expression over the transactions' table (``tables``, or the temporary table of their
    typed rows) that is no aggregation (the examples of a count, at most 3 rows, aside). Returns the
    row counts those expressions returned."""
    import ibis.expr.operations as ops
    import ibis.expr.types as ir

    from generator.inputs import connections

    real_pull = connections.pull
    results = []

    def pull(config, table, *args, **kwargs):
        assert table != "transactions", "compute: database must not pull the transactions' rows"
        return real_pull(config, table, *args, **kwargs)

    def checked(real):
        def run(self, *args, **kwargs):
            rows = real(self, *args, **kwargs)
            read = {t.name for t in self.op().find(ops.DatabaseTable)}
            if any(name in tables or name.startswith("_klantwaarde_rows") for name in read):
                aggregated = bool(self.op().find(ops.Aggregate)) or bool(self.op().find(ops.Distinct))
                assert aggregated or len(rows) <= 3, f"a query returned {len(rows)} rows that are not aggregated"
                results.append(len(rows))
            return rows
        return run

    monkeypatch.setattr(connections, "pull", pull)
    for name in ("to_pandas", "to_pyarrow"):        # every way an expression's rows come back
        monkeypatch.setattr(ir.Table, name, checked(getattr(ir.Table, name)))
    return results


def _no_transaction_lines(text: str) -> str:
    """The CSV build's row numbers of the transactions left out (the database has no row numbers)."""
    return re.sub(r"(content/data/transacties\.csv):\d+", r"\1", text)


def assert_same_pushed_report(csv_site: Path, site: Path, shown: str) -> None:
    first, second = _files(csv_site), _files(site)
    assert first.keys() == second.keys()
    differ = sorted(k for k in first if first[k] != second[k])
    # scores.csv and every page but the data-quality page are the same bytes
    assert differ == [".klantwaarde-site", "data-quality.html", "report.json"], differ
    quality = second["data-quality.html"].decode()
    assert "crm.transacties" in quality and f"{shown} (database)" in quality
    for name in ("data-quality.html", "report.json"):
        a, b = first[name].decode(), second[name].decode()
        assert _source_neutral(_no_transaction_lines(a)) == _source_neutral(b), name


def _database_config(folder: Path, connection: str) -> Path:
    config = _connection_config(folder, connection)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("table: crm.transacties\n", "table: crm.transacties\n    compute: database\n", 1),
                      encoding="utf-8")
    return config


def test_the_sample_from_duckdb_pulls_no_transaction_row_and_is_the_csv_report(csv_site, duckdb_file, tmp_path,
                                                                              monkeypatch):
    results = guard(monkeypatch)
    config = _database_config(tmp_path, f"duckdb:///{duckdb_file}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    assert results and max(results) < 6736            # no result as long as the transactions
    assert_same_pushed_report(csv_site, tmp_path / "site", "duckdb")
    # the data-quality counts came from the database: the same numbers as the CSV read's
    quality = (tmp_path / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "crm.transacties: &#39;INTERN-001&#39;" in quality and "crm.transacties: 2026-07-01" in quality


def test_many_rows_are_computed_in_buckets_of_customers_and_give_the_same_report(csv_site, duckdb_file, tmp_path,
                                                                                 monkeypatch):
    """Beyond connections.BUCKET_ROWS rows, DuckDB writes the typed rows once to Parquet, a folder per
    bucket of customers, and computes each bucket on its own: the same report, the folder removed."""
    from generator.inputs import connections, storage

    monkeypatch.setattr(connections, "BUCKET_ROWS", 1000)        # the sample's 6,736 rows: 7 buckets
    real, customers = connections._per_customer, []

    def per_customer(*args, **kwargs):
        out = real(*args, **kwargs)
        customers.append(set(out[0]["customer_id"]))
        return out

    monkeypatch.setattr(connections, "_per_customer", per_customer)
    results = guard(monkeypatch)
    config = _database_config(tmp_path, f"duckdb:///{duckdb_file}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    assert results and max(results) < 6736
    assert_same_pushed_report(csv_site, tmp_path / "site", "duckdb")     # (a customer lost would show)
    assert len(customers) == 7 and all(customers)
    assert sum(map(len, customers)) == len(set().union(*customers))      # each customer in one bucket
    assert not list(Path(storage.duckdb_config()["temp_directory"]).glob("rows-*"))


# --------------------------------------------------------------------------- the conditions, compiled


_CONDITIONS = (
    "order_type == 'rush'", "order_type != 'standard'", "order_type in ['rush', 'custom']",
    "order_type not in ['rush']", "order_type is missing", "order_type is not missing",
    "amount > 1000", "amount * 2 - cost >= 500 or quantity < 10", "not (quantity > 100)",
    "quantity / (amount - amount) > 1", "max(quantity, amount) > 900 and min(cost, 5) < 6",
    "abs(-amount) > 2000 and (order_type == 'rush' or quantity is missing)",
    "paid_date is missing", "due_date < paid_date", "invoice_id == 'F2024-00001'",
)


def _compare_conditions(con, frame: pd.DataFrame, names: dict[str, str], texts=_CONDITIONS):
    """Each condition's rows in the database (compiled) and in pandas (the evaluator) are the same."""
    from generator.inputs import aggregate, conditions

    kinds = {"order_type": "text", "invoice_id": "text", "amount": "number", "cost": "number",
             "quantity": "number", "due_date": "date", "paid_date": "date"}
    con.con.register("rows_frame", frame)
    rel = con.table("rows_frame")
    t = aggregate.typed(rel, names)
    local = frame.rename(columns={v: k for k, v in names.items()})
    for text in texts:
        cond = conditions.parse(text, kinds)
        expected = np.flatnonzero(cond.matches(local))
        hit = aggregate.compile_condition(cond, t)
        got = t.mutate(hit=hit).select("hit").to_pandas()["hit"]
        got = np.flatnonzero(got.fillna(False).to_numpy(dtype=bool))
        assert got.tolist() == expected.tolist(), text


def test_the_conditions_compile_to_the_same_rows_as_the_pandas_evaluator(db_extra):
    """On the sample's transactions (as the local read types them)."""
    import ibis

    from conftest import ROOT
    from generator.inputs.config import load_config
    from generator.inputs.sources import read_tables

    tables = read_tables(load_config(ROOT / "config.yaml"))
    tx = tables.transactions.reset_index(drop=True)
    frame = pd.DataFrame({c: tx[c] for c in ("customer_id", "date", "amount", "cost", "order_type", "invoice_id",
                                             "due_date", "paid_date", "quantity")})
    frame["date"] = frame["date"].dt.date
    for c in ("due_date", "paid_date"):
        frame[c] = frame[c].dt.date
    con = ibis.duckdb.connect()
    _compare_conditions(con, frame, {c: c for c in frame.columns})


def test_the_conditions_compile_to_the_same_rows_on_made_up_rows(db_extra):
    """Missing values, zeros and negative numbers in every column (hypothesis)."""
    import ibis
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    number = st.one_of(st.none(), st.integers(-2000, 2000).map(lambda c: c / 100), st.just(0.0))
    code = st.one_of(st.none(), st.sampled_from(["rush", "standard", "custom"]))
    day = st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)))
    row = st.tuples(number, number, number, code, day, day)
    con = ibis.duckdb.connect()

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(row, min_size=1, max_size=30))
    def check(rows):
        frame = pd.DataFrame(rows, columns=["amount", "cost", "quantity", "order_type", "due_date", "paid_date"])
        frame["customer_id"], frame["date"], frame["invoice_id"] = "A", dt.date(2026, 1, 1), None
        frame["amount"] = frame["amount"].fillna(0.0)           # a required column: never missing
        for c in ("amount", "cost", "quantity"):
            frame[c] = frame[c].astype("float64")
        frame["order_type"] = frame["order_type"].astype(object)
        frame["invoice_id"] = frame["invoice_id"].astype(object)
        _compare_conditions(con, frame, {c: c for c in frame.columns},
                            [t for t in _CONDITIONS if "invoice_id" not in t])
    check()


# --------------------------------------------------------------------------- the definitions, per customer


def test_the_constants_are_the_models():
    from generator.inputs import aggregate
    from generator.model import backtest, future, report

    assert aggregate.RECENT_DAYS == future.RECENT_DAYS
    assert aggregate.HORIZON_DAYS == backtest.HORIZON_DAYS
    assert aggregate.TIMELINE_EVENTS == report.TIMELINE_EVENTS
    for history in (0, 1, 10, 400, 731, 5000):
        assert aggregate.holdout_days(history) == backtest.holdout_days(history)


def test_the_backtest_on_counts_is_the_backtest_on_purchase_days():
    """backtest.run_counts (what the database's counts feed) gives what backtest.run gives."""
    from generator.model import backtest

    rng = np.random.default_rng(7)
    owner = np.sort(rng.integers(0, 300, 4000))
    day = np.empty(len(owner), dtype=np.int64)
    for c in np.unique(owner):
        rows = owner == c
        day[rows] = np.sort(rng.choice(np.arange(19000, 20000), rows.sum(), replace=False))
    as_of = 20000
    full = backtest.run(owner, day, 300, as_of)
    cut = full.calibration_end
    counts = backtest.calibration_counts(owner, day, 300, cut, as_of)
    assert backtest.run_counts(counts, int(day.min()), as_of, cut) == full
    with pytest.raises(ValueError):
        backtest.run_counts(counts, int(day.min()), as_of, cut + 1)


def _quality_rows(folder: Path):
    """The same invoice lines as a CSV file and a DuckDB table: rows after the report date, before
    1990, of an excluded customer, an exact duplicate, negative quantities, due dates before 1990 (on a
    row after the report date too: checked before that date leaves rows out), an unknown order type.
    A database has no row order: its examples are the earliest dates, the lowest values, the lowest
    customer id with a code; here the file's first is that one too."""
    lines = [("A", "2026-06-01", "100.10", "60.00", "F1", "standard", "2", "2026-07-01"),
             ("A", "2026-06-01", "100.10", "60.00", "F1", "standard", "2", "2026-07-01"),
             ("A", "1985-01-01", "10.00", "1.00", "F0", "standard", "1", "1985-02-01"),
             ("B", "2026-05-01", "20.00", "5.00", "F2", "spoed", "-3", "1980-01-01"),
             ("B", "2026-07-02", "30.00", "5.00", "F3", "rush", "-1", "1981-01-01"),
             ("TEST", "2026-03-01", "5.00", "1.00", "X1", "standard", "1", ""),
             ("C", "2026-06-30", "7.00", "", "", "", "", "")]
    header = "klant;datum;bedrag;kost;factuur;soort;aantal;verval"
    (folder / "lines.csv").write_text("\n".join([header] + [";".join(r) for r in lines]) + "\n", encoding="utf-8")
    import duckdb

    con = duckdb.connect(str(folder / "lines.duckdb"))
    con.execute("create table lines (klant text, datum date, bedrag decimal(12,2), kost decimal(12,2), "
                "factuur text, soort text, aantal double, verval date)")
    for r in lines:
        con.execute("insert into lines values (?, ?, ?, ?, ?, ?, ?, ?)", [v if v != "" else None for v in r])
    con.close()


def _quality_config(folder: Path, source: str) -> Path:
    from conftest import ROOT

    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\ndata:.*", "\ndata:\n  transactions:\n" + source +
                  "    columns: {customer_id: klant, date: datum, amount: bedrag, cost: kost, invoice_id: factuur, "
                  "order_type: soort, quantity: aantal, due_date: verval}\n", text, flags=re.DOTALL)
    text = re.sub(r"\nexclude:.*?\n(?=\S)", "\n", text, flags=re.DOTALL)
    text = re.sub(r"\nas_of:[^\n]*", "\nas_of: 2026-06-30", text)
    text += "\nexclude: [TEST]\n"
    (folder / "config.yaml").write_text(text, encoding="utf-8")
    import shutil

    (folder / "content").mkdir()
    shutil.copy(ROOT / "content" / "policy.yaml", folder / "content" / "policy.yaml")
    return folder / "config.yaml"


@pytest.mark.parametrize("bucket_rows", [None, 2], ids=["one go", "buckets of customers"])
def test_the_data_quality_counts_from_the_database_are_the_local_reads(db_extra, tmp_path, monkeypatch, bucket_rows):
    from generator.inputs import connections
    from generator.inputs.config import load_config
    from generator.inputs.policy import load_policy
    from generator.inputs.sources import read_tables

    _quality_rows(tmp_path)
    local = _quality_config(tmp_path, '    path: lines.csv\n    sep: ";"\n    decimal: "."\n'
                                      '    date_format: "%Y-%m-%d"\n')
    config = load_config(local)
    policy = load_policy(config.policy)
    read_local = read_tables(config, policy)
    folder = tmp_path / "db"
    folder.mkdir()
    (folder / "lines.duckdb").write_bytes((tmp_path / "lines.duckdb").read_bytes())
    pushed = _quality_config(folder, "    connection: duckdb:///lines.duckdb\n    table: lines\n"
                                     "    compute: database\n")
    guard(monkeypatch)
    if bucket_rows:         # (the duplicate rows, of one customer, are counted in that customer's bucket)
        monkeypatch.setattr(connections, "BUCKET_ROWS", bucket_rows)
    read_db = read_tables(load_config(pushed), policy)
    assert read_db.transactions is None and read_db.summary is not None
    a, b = read_local.quality["transactions"], read_db.quality["transactions"]
    assert (a.rows_read, a.rows_used, a.date_range, a.missing) == (b.rows_read, b.rows_used, b.date_range, b.missing)
    assert {m.code: n for m, n in a.rejected.items()} == {m.code: n for m, n in b.rejected.items()}
    assert [(c.column, c.found, c.unknown) for c in a.codes] == [(c.column, c.found, c.unknown) for c in b.codes]
    assert read_local.as_of == read_db.as_of
    # the same warnings, by reason and count, without the row numbers
    def gist(w):
        return re.sub(r"repeats line \d+", "repeats an earlier row", re.sub(r"^[^:]+(:\d+)?: ", "", str(w)))
    assert sorted(map(gist, read_local.warnings)) == sorted(map(gist, read_db.warnings))


def test_the_spans_are_the_measures_windows_on_every_day():
    """The database's windows (aggregate.Spans) are the measures' (Windows, the KPIs' spans), leap days too."""
    from generator.inputs.aggregate import Spans
    from generator.model.measures import Windows, kpi_spans

    day = dt.date(2023, 1, 1)
    while day < dt.date(2029, 1, 1):
        s, w = Spans.ending(day), Windows.ending(day)
        assert (pd.Timestamp(s.start), pd.Timestamp(s.prev_start), pd.Timestamp(s.before_start)) == \
            (w.start, w.prev_start, kpi_spans(w)["before"][0]), day
        day += dt.timedelta(days=1)


def test_the_guard_refuses_the_transactions_rows(db_extra, duckdb_file, monkeypatch):
    """The guard itself: the rows of the transactions' table are refused, a count of them is not."""
    import ibis

    guard(monkeypatch)
    con = ibis.duckdb.connect(str(duckdb_file), read_only=True)
    t = con.table("transacties", database="crm")
    assert int(t.aggregate(n=t.count()).to_pyarrow()["n"][0].as_py()) == 6736
    with pytest.raises(AssertionError, match="not aggregated"):
        t.select("Klantnummer").to_pandas()
    con.disconnect()


def test_every_duplicate_is_counted_in_its_bucket(db_extra):
    """connections._duplicates counts per bucket of the id's hash: every row falls in one bucket (the
    hash's remainder is negative for about half the ids), so the count is the one-go count."""
    import ibis

    from generator.inputs import connections

    ids = [f"K{i:04d}" for i in range(300)]
    rows = ibis.memtable(pd.DataFrame({"klant": ids + ids[::3], "bedrag": [1.0] * 300 + [1.0] * 100}))
    con = ibis.duckdb.connect()
    table = con.create_table("lines", rows)
    assert connections._duplicates(table, "klant", frozenset(), 1) == 100
    assert connections._duplicates(table, "klant", frozenset(), 7) == 100
    assert connections._duplicates(table, "klant", frozenset({"K0000"}), 7) == 99
