"""History: segment moves and score changes since the previous report (DESIGN.md, Writing).

The small company of conftest at two report dates. On 2026-03-31 (invoice F4
and B's support call lie after it) B has no purchase and no cost, so no loss:
A top, B rest, C fix, D rest, E rest. On 2026-06-30 B loses € 120 with
prestige 1: B moves from rest to exit, everyone else stays.
"""
from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from generator import history
from generator.errors import InputError
from generator.pipeline import build, compute_report

FIRST = {"A": "top", "B": "rest", "C": "fix", "D": "rest", "E": "rest"}
SECOND = {"A": "top", "B": "exit", "C": "fix", "D": "rest", "E": "rest"}


def at(project, as_of: str):
    """Set the report date of the small project; return its config path."""
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text("\n".join(f"as_of: {as_of}" if line.startswith("as_of:") else line
                                for line in text.splitlines()) + "\n", encoding="utf-8")
    return config


def stored(project) -> dict[str, bytes]:
    folder = project / ".klantwaarde" / "history"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def files(site) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_later_report_shows_the_moves_since_the_earlier_one(small_project):
    first = build(at(small_project, "2026-03-31"), small_project / "site-march").report
    assert first.previous is None and first.customers["segment"].to_dict() == FIRST
    [name] = stored(small_project)
    assert name.startswith("2026-03-31_001_") and name.endswith(".csv")

    second = build(at(small_project, "2026-06-30"), small_project / "site-june").report
    assert second.customers["segment"].to_dict() == SECOND
    assert second.previous_as_of.isoformat() == "2026-03-31"
    assert second.previous["segment"].to_dict() == FIRST
    assert second.customers["previous_segment"].to_dict() == FIRST

    order = [s.id for s in second.policy.segments]           # exit, fix, top, rest
    matrix = history.migrations(second.previous["segment"], second.customers["segment"], order)
    assert matrix.loc["rest", "exit"] == 1                    # B
    assert matrix.loc["rest", "rest"] == 2 and matrix.loc["top", "top"] == 1 and matrix.loc["fix", "fix"] == 1
    assert int(matrix.to_numpy().sum()) == 5 and matrix.loc["exit"].sum() == 0

    import json
    doc = json.loads((small_project / "site-june" / "report.json").read_text(encoding="utf-8"))
    assert doc["migrations"]["previous_as_of"] == "2026-03-31"
    assert doc["migrations"]["moved"] == 1 and doc["migrations"]["compared"] == 5
    assert {"from": "rest", "to": "exit", "customers": 1} in doc["migrations"]["matrix"]


def test_score_changes_since_the_previous_report(small_project):
    first = compute_report(at(small_project, "2026-03-31"))
    build(small_project / "config.yaml", small_project / "site-march")
    second = compute_report(at(small_project, "2026-06-30"))
    now, before = second.customers, first.customers
    for cid in "ABCDE":
        for score in ("value_score", "burden_score"):
            expected = now.loc[cid, score] - before.loc[cid, score]
            assert now.loc[cid, f"{score}_change"] == pytest.approx(expected, abs=0.051)
    # B's margin went from 0 (no purchase yet) to 50: the value score rose
    assert now.loc["B", "value_score_change"] > 0


def test_no_moves_between_two_builds_of_the_same_report_date(small_project):
    config = small_project / "config.yaml"
    build(config, small_project / "one")
    report = build(config, small_project / "two").report
    assert report.previous is None                             # the same date is never "previous"
    assert report.customers["previous_segment"].isna().all()
    assert "previous_segment" in report.unavailable
    assert len(stored(small_project)) == 1


def test_rebuilding_identical_inputs_changes_neither_the_history_nor_the_site(small_project):
    build(at(small_project, "2026-03-31"), small_project / "march")
    config = at(small_project, "2026-06-30")
    build(config, small_project / "site")
    site_before, history_before = files(small_project / "site"), stored(small_project)
    mtimes = {p.name: p.stat().st_mtime_ns for p in (small_project / ".klantwaarde" / "history").iterdir()}

    build(config, small_project / "site")
    assert stored(small_project) == history_before
    assert {p.name: p.stat().st_mtime_ns for p in (small_project / ".klantwaarde" / "history").iterdir()} == mtimes
    assert files(small_project / "site") == site_before


def test_corrected_data_for_a_date_is_stored_next_and_is_the_one_compared_with(small_project):
    config = at(small_project, "2026-03-31")
    build(config, small_project / "site")
    # a corrected export: C's rush order was a standard one, so C no longer loses money
    tx = small_project / "transactions.csv"
    tx.write_text(tx.read_text(encoding="utf-8").replace("F5;C;15-01-2026;800,00;700,00;rush",
                                                         "F5;C;15-01-2026;800,00;700,00;standard"), encoding="utf-8")
    build(config, small_project / "site")
    names = sorted(stored(small_project))
    assert [n.split("_")[:2] for n in names] == [["2026-03-31", "001"], ["2026-03-31", "002"]]

    report = compute_report(at(small_project, "2026-06-30"))
    assert report.previous["segment"]["C"] == "rest"          # from the corrected build (002)


def test_a_report_date_before_every_stored_one_has_no_previous_report(small_project):
    build(small_project / "config.yaml", small_project / "june")
    report = compute_report(at(small_project, "2026-03-31"))
    assert report.previous is None


def test_the_customer_page_says_where_a_customer_moved_from(small_project):
    build(at(small_project, "2026-03-31"), small_project / "march")
    report = build(at(small_project, "2026-06-30"), small_project / "site").report

    def migration(cid):
        path = small_project / "site" / "customers" / f"{report.customers.loc[cid, 'slug']}.html"
        tag = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(class_="migration")
        return None if tag is None else tag.get_text(" ", strip=True)

    assert migration("B") == "verschoven van Rest"
    assert migration("A") is None                              # stayed in Top


def test_a_damaged_history_file_is_a_clear_input_error(small_project):
    folder = small_project / ".klantwaarde" / "history"
    folder.mkdir(parents=True)
    (folder / "2026-01-31_001_0123456789ab.csv").write_text(
        "customer_id,segment,value_score,burden_score,future_score\nA,top,high,1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        compute_report(small_project / "config.yaml")
    problem = err.value.problems[0]
    assert problem.file.endswith("2026-01-31_001_0123456789ab.csv")
    assert problem.line == 2 and problem.column == "value_score" and "'high' is not a score" in problem.message


def test_record_and_load_round_trip_keeps_text_ids(tmp_path):
    frame = pd.DataFrame({"segment": ["top", "rest"], "value_score": [80.5, None], "burden_score": [1.0, 2.0],
                          "future_score": [3.0, 4.0]}, index=pd.Index(["00042", "42"], name="customer_id"))
    import datetime as dt

    path = history.record(tmp_path, dt.date(2026, 1, 31), frame)
    assert history.record(tmp_path, dt.date(2026, 1, 31), frame) is None      # already stored
    back = history.load_previous(tmp_path, dt.date(2026, 2, 1))
    assert back.file == path.name and back.as_of == dt.date(2026, 1, 31)
    assert back.frame.index.tolist() == ["00042", "42"]                       # '00042' is not '42'
    assert back.frame.loc["00042", "value_score"] == 80.5 and pd.isna(back.frame.loc["42", "value_score"])
