"""compute: database — the transactions' per-customer summary (generator/inputs/aggregate.py) computed
in DuckDB and in a real Postgres gives the same scores, report and pages as the CSV build; the same
expressions compile for BigQuery and Snowflake (no server) to SQL that sqlglot parses.

The sample's tables in a DuckDB file and a Postgres server come from tests/test_connections.py's fixtures.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from test_connections import (ENV, PASSWORD, _assert_same_report, _connection_config, _run, csv_site,  # noqa: F401
                              db_extra, duckdb_file, postgres)


def _database_config(folder, connection: str):
    config = _connection_config(folder, connection)
    text = config.read_text(encoding="utf-8")
    text = text.replace("table: crm.transacties\n", "table: crm.transacties\n    compute: database\n", 1)
    assert "compute: database" in text
    config.write_text(text, encoding="utf-8")
    return config


def _summary_used(monkeypatch) -> list:
    """Records each summary the database returned (proves the build went through compute: database)."""
    from generator.inputs import connections

    seen, real = [], connections.summarise

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        seen.append(result)
        return result
    monkeypatch.setattr(connections, "summarise", spy)
    return seen


def test_the_sample_summarised_in_duckdb_is_the_sample_from_csv(csv_site, duckdb_file, tmp_path, monkeypatch):
    seen = _summary_used(monkeypatch)
    config = _database_config(tmp_path, f"duckdb:///{duckdb_file}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    assert len(seen) == 1 and seen[0].engine == "duckdb"
    frame = seen[0].frame
    assert frame["customer_id"].is_unique and "INTERN-001" not in set(frame["customer_id"])
    assert str(frame["revenue_total"].dtype) == "int64"            # cents, summed as integers
    _assert_same_report(csv_site, tmp_path / "site", "duckdb")


def test_the_sample_summarised_in_postgres_is_the_sample_from_csv(csv_site, postgres, tmp_path, monkeypatch):
    seen = _summary_used(monkeypatch)
    config = _database_config(tmp_path, f"env:{ENV}")
    result = _run("build", "--quiet", "--config", str(config), env={"SOURCE_DATE_EPOCH": "1767225600", ENV: postgres})
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert len(seen) == 1 and seen[0].engine == "postgres"
    _assert_same_report(csv_site, tmp_path / "site", "postgres")
