"""compute: database — the transactions' per-customer summary (generator/inputs/aggregate.py) computed
in DuckDB and in a real Postgres gives the same scores, report and pages as the CSV build; the same
expressions compile for BigQuery and Snowflake (no server) to SQL that sqlglot parses.

The sample's tables in a DuckDB file and a Postgres server come from tests/test_connections.py's fixtures.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from test_connections import (ENV, PASSWORD, _connection_config, _run, csv_site,  # noqa: F401
                              db_extra, duckdb_file, postgres)


def _database_config(folder, connection: str):
    config = _connection_config(folder, connection)
    text = config.read_text(encoding="utf-8")
    text = text.replace("table: crm.transacties\n", "table: crm.transacties\n    compute: database\n", 1)
    assert "compute: database" in text
    config.write_text(text, encoding="utf-8")
    return config


def _summary_used(monkeypatch) -> list:
    """Records each summary the database returned (proves the build went through compute: database),
    and fails the build if the transactions' rows are pulled (test_pushdown.guard)."""
    from generator.inputs import connections
    from test_pushdown import guard

    guard(monkeypatch)
    seen, real = [], connections.summarise

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        seen.append(result)
        return result
    monkeypatch.setattr(connections, "summarise", spy)
    return seen


def test_the_sample_summarised_in_duckdb_is_the_sample_from_csv(csv_site, duckdb_file, tmp_path, monkeypatch):
    from test_pushdown import assert_same_pushed_report

    seen = _summary_used(monkeypatch)
    config = _database_config(tmp_path, f"duckdb:///{duckdb_file}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    assert len(seen) == 1 and seen[0].engine == "duckdb"
    frame = seen[0].frame
    assert frame["customer_id"].is_unique and "INTERN-001" not in set(frame["customer_id"])
    assert str(frame["revenue_total"].dtype) == "int64"            # cents, summed as integers
    assert_same_pushed_report(csv_site, tmp_path / "site", "duckdb")


def test_the_sample_summarised_in_postgres_is_the_sample_from_csv(csv_site, postgres, tmp_path, monkeypatch):
    from test_pushdown import assert_same_pushed_report

    seen = _summary_used(monkeypatch)
    config = _database_config(tmp_path, f"env:{ENV}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600", ENV: postgres})
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert len(seen) == 1 and seen[0].engine == "postgres"
    assert_same_pushed_report(csv_site, tmp_path / "site", "postgres")


# --------------------------------------------------------------------------- the definitions, on a few rows


def _lines(con, name: str = "lines"):
    """A few invoice lines that touch every definition: a credit note, a zero-amount order, an invoice
    of two lines, lines without an invoice number or a cost, an excluded customer, a row after the
    report date and one in the previous window, and a 2 February 2024 outside both windows."""
    con.execute(f"""create table {name} (klant text, datum date, bedrag decimal(12,2), kost decimal(12,2),
                    factuur text)""")
    con.execute(f"""insert into {name} values
        ('A', '2026-06-01', 100.10, 60.00, 'F1'), ('A', '2026-06-01', 0.20, null, 'F1'),
        ('A', '2026-03-15', 50.00, 20.00, null), ('A', '2026-03-15', 25.00, 5.00, null),
        ('A', '2026-04-01', -30.00, -10.00, 'C1'), ('A', '2025-05-01', 10.05, 1.00, 'F0'),
        ('A', '2024-02-02', 0.00, 0.00, 'F-1'), ('A', '2026-07-01', 999.00, 0.00, 'F9'),
        (' B ', '2026-06-30', 1.00, 0.50, ''), ('INTERN', '2026-01-01', 5.00, 1.00, 'X1')""")


def test_the_summary_follows_the_definitions_of_the_measures(db_extra):
    import ibis

    from generator.inputs import aggregate

    con = ibis.duckdb.connect()
    _lines(con.con)
    rows = aggregate.canonical(con.table("lines"), {"customer_id": "klant", "date": "datum", "amount": "bedrag",
                                                    "cost": "kost", "invoice_id": "factuur"}, frozenset({"INTERN"}))
    spans = aggregate.Spans.ending(dt.date(2026, 6, 30))
    assert (spans.start, spans.prev_start) == (dt.date(2025, 7, 1), dt.date(2024, 7, 1))
    got = aggregate.summary(rows, spans).to_pandas().set_index("customer_id")
    assert list(got.index) == ["A", "B"]
    a = got.loc["A"]
    assert a["rows"] == 7                                       # the row after the report date left out
    assert a["revenue_total"] == 10030 + 5000 + 2500 - 3000 + 1005 + 0   # cents
    assert a["revenue_12m"] == 10030 + 5000 + 2500 - 3000 and a["revenue_prev_12m"] == 1005
    assert a["margin_12m"] == 4010 + 3000 + 2000 - 2000           # the line without a cost adds nothing
    # orders: positive lines; invoice F1 once, each line without a number once; the credit note none
    assert (a["orders_12m"], a["orders_prev_12m"], a["orders_total"]) == (3, 1, 4)
    assert a["first_purchase"].date() == dt.date(2024, 2, 2)            # a zero-amount order is a purchase
    assert a["last_purchase"].date() == dt.date(2026, 6, 1)
    assert (a["purchase_days"], a["frequency"]) == (4, 3)         # the credit note's day is none
    assert a["recency_days"] == (dt.date(2026, 6, 1) - dt.date(2024, 2, 2)).days
    assert a["T_days"] == (dt.date(2026, 6, 30) - dt.date(2024, 2, 2)).days
    assert (a["monetary_sum"], a["monetary_days"]) == (1005 + 7500 + 10030, 3)   # days after the first
    b = got.loc["B"]                                             # the id trimmed; an empty invoice number is none
    assert (b["orders_12m"], b["frequency"], b["monetary_days"]) == (1, 0, 0)
    monthly = aggregate.monthly(rows, spans).to_pandas()
    assert list(monthly.columns) == list(aggregate.MONTHLY_COLUMNS)
    assert monthly[monthly["customer_id"] == "A"]["revenue"].tolist() == [1005, 7500, -3000, 10030]
    assert str(monthly["revenue"].dtype) == "int64"


def test_the_same_expressions_compile_for_bigquery_and_snowflake_without_a_server(db_extra):
    import ibis
    import sqlglot
    from sqlglot import exp

    from generator.inputs import aggregate

    t = ibis.table({"klant": "string", "datum": "date", "bedrag": "decimal(12,2)", "kost": "decimal(12,2)",
                    "factuur": "string"}, name="invoice_lines")
    rows = aggregate.canonical(t, {"customer_id": "klant", "date": "datum", "amount": "bedrag", "cost": "kost",
                                   "invoice_id": "factuur"}, frozenset({"INTERN-001"}))
    spans = aggregate.Spans.ending(dt.date(2026, 6, 30))
    for dialect in ("bigquery", "snowflake"):
        for expr, columns in ((aggregate.summary(rows, spans), aggregate.SUMMARY_COLUMNS),
                              (aggregate.monthly(rows, spans), aggregate.MONTHLY_COLUMNS)):
            sql = str(ibis.to_sql(expr, dialect=dialect))
            tree = sqlglot.parse_one(sql, read=dialect)          # raises on SQL the dialect does not parse
            grouped = [s for s in tree.find_all(exp.Select) if s.args.get("group")]
            named = [s.alias_or_name for s in tree.selects]
            if named == ["*"]:                                   # ordered around the grouping: its names
                named = [s.alias_or_name for s in grouped[0].selects]
            assert named == list(columns), (dialect, named)
            assert "invoice_lines" in sql and "INTERN-001" in sql and grouped


def test_compute_database_on_another_table_is_exit_2_naming_it(duckdb_file, tmp_path):
    config = _connection_config(tmp_path, f"duckdb:///{duckdb_file}")
    text = config.read_text(encoding="utf-8").replace("table: crm.klanten\n", "table: crm.klanten\n    compute: database\n", 1)
    config.write_text(text, encoding="utf-8")
    result = _run("build", "--quiet", "--config", str(config))
    assert result.exit_code == 2
    assert "compute: database applies to the transactions table only" in result.output
    assert "Traceback" not in result.output


def _totals_config(tmp_path, on_bad_rows: str):
    import duckdb

    sample = _connection_config(tmp_path, "duckdb:///lines.duckdb")
    con = duckdb.connect(str(tmp_path / "lines.duckdb"))
    _lines(con, "transacties")
    con.execute("insert into transacties values ('C', '2026-05-01', 12.00, 1.00, 'Totaal')")
    con.close()
    config = tmp_path / "config.yaml"
    config.write_text(re.sub(r"data:.*", "data:\n  transactions:\n    connection: duckdb:///lines.duckdb\n"
                             "    table: transacties\n    compute: database\n"
                             f"    on_bad_rows: {on_bad_rows}\n"
                             "    columns: {customer_id: klant, date: datum, amount: bedrag, cost: kost, "
                             "invoice_id: factuur}\n",
                             sample.read_text(encoding="utf-8"), flags=re.DOTALL), encoding="utf-8")
    return config


def test_a_total_line_in_the_database_is_exit_2_or_skipped_and_counted(db_extra, tmp_path):
    """A total line ('Totaal' as the invoice number) is found where the rows are, as in a file: an error,
    or under on_bad_rows: skip left out of every sum and counted as skipped."""
    result = _run("build", "--quiet", "--config", str(_totals_config(tmp_path, "error")))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "1 row looking like a total line" in result.output and "transacties" in result.output
    skip = tmp_path / "skip"
    skip.mkdir()
    result = _run("build", "--quiet", "--config", str(_totals_config(skip, "skip")))
    assert result.exit_code == 0, result.output
    assert "looking like a total line, skipped" in result.output
    import csv

    with open(skip / "site" / "scores.csv", encoding="utf-8-sig") as f:
        ids = {row[next(iter(row))] for row in csv.DictReader(f)}
    assert "A" in ids and "C" not in ids           # the total line's customer bought nothing else


_LABELS = (" Totaal ", "SUBTOTAL:", "Eindtotaal 2025", "Grand total", "sub-total", "TOTAL.", "totaal 1-6",
           "\tSubtotaal\n", "K0001", "Totalen BV", "Stotaal", "F-TOT-1", "", None)


def test_the_database_finds_the_total_lines_the_file_read_finds(db_extra):
    """aggregate.typed tests the regular expression only where TOTAL_WORD is in the text: it finds exactly
    the labels sources' own expression finds, and every one of those holds the word."""
    import ibis

    from generator.inputs import aggregate, sources

    rows = ibis.memtable(pd.DataFrame({"klant": list(_LABELS), "datum": [dt.date(2026, 1, 1)] * len(_LABELS),
                                       "bedrag": [1.0] * len(_LABELS)}))
    typed = aggregate.typed(rows, {"customer_id": "klant", "date": "datum", "amount": "bedrag"}, None,
                            sources._TOTAL_LABEL.pattern.lower(), sources._LABEL_COLUMNS)
    found = ibis.duckdb.connect().to_pyarrow(typed.select("total_line"))["total_line"].to_pylist()
    pattern = re.compile(rf"\s*(?:{sources._TOTAL_LABEL.pattern})\s*", re.IGNORECASE)
    expected = [bool(v is not None and pattern.fullmatch(v)) for v in _LABELS]
    assert found == expected and sum(expected) == 8
    assert all(aggregate.TOTAL_WORD in v.lower() for v, hit in zip(_LABELS, expected) if hit)
