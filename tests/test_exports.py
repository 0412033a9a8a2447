"""scores.csv, scores.xlsx, actions.csv and report.json, read back as a script or a spreadsheet would."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from generator.render.exports import ACTION_COLUMNS, REPORT_SCHEMA_VERSION
from generator.pipeline import build


@pytest.fixture
def site(small_project):
    # a name a spreadsheet would otherwise take for a formula
    customers = small_project / "customers.csv"
    customers.write_text(customers.read_text(encoding="utf-8").replace("D;Delta;", "D;=1+1 Delta;"), encoding="utf-8")
    build(small_project / "config.yaml", small_project / "site")
    return small_project / "site"


def read_csv(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_scores_csv_can_be_recomputed_in_a_spreadsheet(site):
    rows = {r["customer_id"]: r for r in read_csv(site / "scores.csv")}
    a = rows["A"]
    assert a["revenue_total"] == "4000" and a["margin_12m"] == "1200" and a["net_profit_12m"] == "1150"
    assert a["first_purchase"] == "2025-03-01" and a["late_payer"] == "false"
    assert a["avg_order_value_total"] == "1333.333333"          # 4000 / 3, six decimals
    assert float(a["cost_to_serve_12m"]) == float(a["cost_rush_order_12m"]) + float(a["cost_support_12m"])
    assert float(a["net_profit_12m"]) == float(a["margin_12m"]) - float(a["cost_to_serve_12m"])
    assert rows["E"]["late_payer"] == "true" and rows["C"]["knowledge"] == ""     # missing is empty
    assert a["best_year"] == "2026" and a["value_score_coverage"] == "1"


def test_scores_xlsx_holds_the_same_table_with_typed_cells(site):
    wb = openpyxl.load_workbook(site / "scores.xlsx")
    assert wb.sheetnames == ["scores", "actions", "measures"]
    ws = wb["scores"]
    header = [c.value for c in ws[1]]
    csv_header = next(csv.reader(io.StringIO((site / "scores.csv").read_text(encoding="utf-8"))))
    assert header == csv_header
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"A", "B", "C", "D", "E"}
    a = rows["A"]
    assert a["revenue_total"] == 4000 and a["net_profit_12m"] == 1150
    assert a["first_purchase"] == dt.datetime(2025, 3, 1)
    assert rows["E"]["late_payer"] is True and a["late_payer"] is False
    assert rows["C"]["knowledge"] is None
    assert rows["D"]["name"] == "=1+1 Delta"                  # text, not a formula
    assert ws.freeze_panes == "A2"
    actions = [r for r in wb["actions"].iter_rows(values_only=True)]
    assert list(actions[0]) == ACTION_COLUMNS and len(actions) == 5
    measures = {r[0]: r for r in wb["measures"].iter_rows(min_row=2, values_only=True)}
    assert measures["net_profit_12m"][3].startswith("Marge 12 mnd − kosten van service 12 mnd")


def test_scores_xlsx_bytes_do_not_depend_on_the_clock(site, small_project):
    build(small_project / "config.yaml", small_project / "again")
    assert (small_project / "again" / "scores.xlsx").read_bytes() == (site / "scores.xlsx").read_bytes()
    with zipfile.ZipFile(site / "scores.xlsx") as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = openpyxl.load_workbook(site / "scores.xlsx").properties
    assert props.created == props.modified == dt.datetime(2026, 6, 30)     # the report date


def test_actions_csv_is_the_worklist_by_owner(site):
    rows = read_csv(site / "actions.csv")
    assert list(rows[0]) == ACTION_COLUMNS
    assert [(r["owner"], r["customer_id"], r["action_id"]) for r in rows] == [
        ("Joost", "C", "talk"),
        ("Sanne", "E", "pay"),        # priority 1 first
        ("Sanne", "A", "thanks"),     # then by name: Alfa, Bravo
        ("Sanne", "B", "goodbye"),
    ]
    pay = rows[1]
    assert pay["reason"] == "Huisregel: achterstallig bedrag € 600; oudste achterstand 181 dagen"
    assert pay["numbers"] == "overdue_amount=600; overdue_days_max=181"
    assert pay["page"].startswith("customers/") and (site / pay["page"]).is_file()
    assert rows[3]["letter"] == "true" and rows[3]["language"] == "en"


def test_report_json_is_versioned_and_counts_segments_kpis_and_actions(site):
    doc = json.loads((site / "report.json").read_text(encoding="utf-8"))
    assert doc["schema"] == "klantwaarde-report" and doc["version"] == REPORT_SCHEMA_VERSION == 3
    assert {s["id"]: s["customers"] for s in doc["segments"]} == {"exit": 1, "fix": 1, "top": 1, "rest": 2}
    top = next(s for s in doc["segments"] if s["id"] == "top")
    assert top["revenue_12m"] == 3000 and top["net_profit_12m"] == 1150
    assert doc["kpis"]["retention_rate"]["value"] == 0.5
    assert doc["kpis"]["churned_customers"] == {"label": "Verloren klanten", "kind": "count", "value": 1,
                                                "previous": None, "previous_report": None}
    assert doc["previous_report"] is None                  # no earlier report yet
    assert doc["migrations"] is None                       # no earlier report yet
    assert doc["actions"] == {"total": 4, "by_priority": {"1": 2, "3": 2},
                              "by_action": {"goodbye": 1, "pay": 1, "talk": 1, "thanks": 1},
                              "impact_by_action": {}}     # no action of this policy names an impact
    assert doc["anonymised"] is False


def test_methodology_page_documents_the_four_files_and_their_columns(site):
    page = BeautifulSoup((site / "methodology.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find(id="files").find_parent("section")
    assert [h.get_text(strip=True) for h in section.find_all("h3")] == \
        ["scores.csv", "scores.xlsx", "actions.csv", "report.json"]
    documented = " ".join(code.get_text() for code in section.find_all("code"))
    for column in ACTION_COLUMNS:
        assert column in documented, column
    doc = json.loads((site / "report.json").read_text(encoding="utf-8"))
    for key in ("segments", "kpis", "migrations", "actions", "future"):
        assert key in documented and key in doc
    # future: the method, its parameters and the backtest (null on five customers: not run)
    assert set(doc["future"]) == {"method", "params", "backtest"}
    # every scores.csv column past 'page' is a measure described in the catalogue on the same page
    header = next(csv.reader(io.StringIO((site / "scores.csv").read_text(encoding="utf-8"))))
    catalogue = {tr["id"].removeprefix("measure-") for tr in page.select("tr[id^=measure-]")}
    assert set(header[3:]) <= catalogue


def test_scores_csv_money_keeps_its_cents(site):
    frame = pd.read_csv(site / "scores.csv", dtype={"customer_id": str}).set_index("customer_id")
    assert frame.loc["A", "avg_order_value_total"] == pytest.approx(4000 / 3, abs=1e-6)
    assert frame.loc["C", "cost_to_serve_pct_12m"] == pytest.approx(150 / 800)
