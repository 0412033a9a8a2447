"""scores.csv, scores.xlsx, actions.csv, actions.xlsx and report.json, read back as a script or a
spreadsheet would."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from generator.render.exports import ACTION_COLUMNS, REPORT_SCHEMA_VERSION
from generator.pipeline import build
from generator.text.translation import Translator


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


MONEY_NL = '"€ "#,##0.00;-"€ "#,##0.00'
T = Translator("nl")
ACTION_KEYS = {T(k): v for k, v in (("priority", "priority"), ("col_impact", "impact"), ("customer_id", "customer_id"),
                                    ("col_segment", "segment"), ("col_reason", "reason"), ("col_action", "action"))}


def L(measure: str) -> str:
    return T(f"measure.{measure}.label")


def sheet_rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r)) for r in ws.iter_rows(min_row=2)]


def test_scores_xlsx_speaks_the_report_language_with_rounded_formatted_cells(site):
    wb = openpyxl.load_workbook(site / "scores.xlsx")
    assert wb.sheetnames == ["Klanten", "Acties", "Maatstaven"]
    ws = wb["Klanten"]
    header = [c.value for c in ws[1]]
    assert header[:8] == [T("customer_id"), T("col_name"), "Klantpagina", T("col_segment"), *map(L, (
        "value_score", "burden_score", "future_score", "revenue_total"))]
    assert all(c.font.b for c in ws[1])                       # a bold header row
    csv_header = next(csv.reader(io.StringIO((site / "scores.csv").read_text(encoding="utf-8"))))
    assert len(header) == len(csv_header)                     # the same columns, labelled
    # the columns of scores.csv in the same order: read each row by the codes
    rows = {r[0].value: dict(zip(csv_header, r)) for r in ws.iter_rows(min_row=2)}
    assert set(rows) == {"A", "B", "C", "D", "E"}
    a, c = rows["A"], rows["C"]
    assert a["segment"].value == "Top" and rows["B"]["segment"].value == "Afscheid"     # names, not ids
    assert a["revenue_total"].value == 4000 and a["revenue_total"].number_format == MONEY_NL
    assert a["avg_order_value_total"].value == 1333.33     # 4000 / 3 in cents, no float noise
    assert c["cost_to_serve_pct_12m"].value == 0.1875 and c["cost_to_serve_pct_12m"].number_format == "0.0%"
    assert a["first_purchase"].value == dt.datetime(2025, 3, 1) and a["first_purchase"].number_format == "yyyy-mm-dd"
    assert rows["E"]["late_payer"].value is True and a["late_payer"].value is False
    assert c["knowledge"].value is None
    name = rows["D"]["name"]
    assert name.value == "=1+1 Delta" and name.data_type == "s"     # text, not a formula
    for r in rows.values():                                   # every value rounded to what its kind needs
        for cell in r.values():
            if isinstance(cell.value, float):
                assert cell.value == round(cell.value, 4), (cell.coordinate, cell.value)
    page = a["page"]
    assert page.hyperlink.target == page.value and page.value.startswith("customers/")
    assert (site / page.hyperlink.target).is_file()           # relative to the workbook: works from the folder
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}6"
    assert [c.value for c in wb["Acties"][1]][:3] == ["Accountmanager", T("priority"), T("col_impact")]
    measures = {r[0]: r for r in wb["Maatstaven"].iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in wb["Maatstaven"][1]] == ["Code", "Naam", "Soort", "Definitie"]
    assert measures["net_profit_12m"][1:3] == (L("net_profit_12m"), "bedrag")
    assert measures["net_profit_12m"][3] == T("measure.net_profit_12m.definition")


def test_actions_xlsx_is_the_worklist_to_hand_out(site):
    wb = openpyxl.load_workbook(site / "actions.xlsx")
    assert wb.sheetnames == ["Acties"]
    ws = wb["Acties"]
    assert [c.value for c in ws[1]] == ["Accountmanager", T("priority"), T("col_impact"), T("col_customer"),
                                        T("customer_id"), T("col_segment"), T("col_action"), T("col_reason"),
                                        "Tekst", "Conceptbrief", "Taal",
                                        "Klantpagina"]    # no contact details: privacy.contacts is off
    rows = [{ACTION_KEYS.get(k, k): v for k, v in r.items()} for r in sheet_rows(ws)]
    csv_rows = read_csv(site / "actions.csv")
    # the same rows in the same order as actions.csv
    assert [(r["Accountmanager"].value, r["customer_id"].value) for r in rows] == \
        [(r["owner"], r["customer_id"]) for r in csv_rows]
    pay = rows[1]
    assert pay["priority"].value == 1 and pay["segment"].value == "Rest" and pay["Conceptbrief"].value is False
    assert pay["reason"].value == csv_rows[1]["reason"] and pay["action"].value == csv_rows[1]["title"]
    assert pay["impact"].value is None             # no action of this policy names an impact: empty, not 0
    assert rows[3]["Conceptbrief"].value is True and rows[3]["Taal"].value == "Engels"     # the letter's language
    for r in rows:
        link = r["Klantpagina"].hyperlink
        assert link is not None and not link.target.startswith(("/", "file:")) and (site / link.target).is_file()
        assert r["Klantpagina"].style == "Hyperlink"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:L5"
    # what Excel requires of the parts: the hyperlinks after the autofilter and before the page
    # margins (the schema's order), each with an external relationship in the sheet's own rels
    with zipfile.ZipFile(site / "actions.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        rels = zf.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        for name in zf.namelist():
            ET.fromstring(zf.read(name))
    assert sheet.index("</sheetData>") < sheet.index("<autoFilter") < sheet.index("<hyperlinks>") \
        < sheet.index("<pageMargins")
    assert rels.count('TargetMode="External"') == 4 and 'Target="customers/' in rels


def test_actions_xlsx_in_english(small_project):
    build(small_project / "config.yaml", small_project / "site", lang="en")
    ws = openpyxl.load_workbook(small_project / "site" / "actions.xlsx")["Actions"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Account manager", Translator("en")("priority"), Translator("en")("col_impact"),
                          Translator("en")("col_customer")]


def with_contacts(project, privacy: str) -> None:
    customers = project / "customers.csv"
    lines = customers.read_text(encoding="utf-8").splitlines()
    extra = {"A": "Anna Alfa;030-1234567;anna@alfa.example", "E": ";;echo@example.org"}
    out = [lines[0] + ";contact_name;Phone;email"]
    for line in lines[1:]:
        out.append(line + ";" + extra.get(line.split(";")[0], ";;"))
    customers.write_text("\n".join(out) + "\n", encoding="utf-8")
    config = project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"privacy: {privacy}\n", encoding="utf-8")


def test_contact_details_only_with_privacy_contacts_and_never_anonymised(small_project):
    with_contacts(small_project, "{contacts: true}")
    build(small_project / "config.yaml", small_project / "site")
    ws = openpyxl.load_workbook(small_project / "site" / "actions.xlsx")["Acties"]
    header = [c.value for c in ws[1]]
    assert header[header.index(T("customer_id")) + 1:][:3] == ["Contactpersoon", "Telefoon", "E-mail"]
    rows = {r[T("customer_id")].value: r for r in sheet_rows(ws)}
    assert [rows["A"][k].value for k in ("Contactpersoon", "Telefoon", "E-mail")] == \
        ["Anna Alfa", "030-1234567", "anna@alfa.example"]
    assert [rows["E"][k].value for k in ("Contactpersoon", "Telefoon", "E-mail")] == [None, None, "echo@example.org"]
    assert rows["B"]["Telefoon"].value is None
    build(small_project / "config.yaml", small_project / "anon", anonymise=True)
    header = [c.value for c in openpyxl.load_workbook(small_project / "anon" / "actions.xlsx")["Acties"][1]]
    assert "Telefoon" not in header and "E-mail" not in header
    texts = b"".join(zipfile.ZipFile(small_project / "anon" / name).read("xl/worksheets/sheet1.xml")
                     for name in ("actions.xlsx", "scores.xlsx"))
    assert b"030-1234567" not in texts and b"alfa.example" not in texts


def test_contact_details_stay_out_by_default(small_project):
    with_contacts(small_project, "{notes: false}")
    build(small_project / "config.yaml", small_project / "site")
    header = [c.value for c in openpyxl.load_workbook(small_project / "site" / "actions.xlsx")["Acties"][1]]
    assert "Telefoon" not in header and "Contactpersoon" not in header
    for name in ("actions.xlsx", "scores.xlsx"):
        assert b"030-1234567" not in zipfile.ZipFile(small_project / "site" / name).read("xl/worksheets/sheet1.xml")
    assert "030-1234567" not in (small_project / "site" / "scores.csv").read_text(encoding="utf-8")


def test_csvs_are_utf8_without_bom_with_commas_and_points(site):
    for name in ("scores.csv", "actions.csv"):
        data = (site / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")            # scripts read the first column by its name
        data.decode("utf-8")
    assert "Alfa & Zn. <BV>" in (site / "scores.csv").read_text(encoding="utf-8")


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


def test_methodology_page_documents_the_five_files_and_their_columns(site):
    page = BeautifulSoup((site / "methodology.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find(id="files").find_parent("section")
    assert [h.get_text(strip=True) for h in section.find_all("h3")] == \
        ["scores.csv", "scores.xlsx", "actions.csv", "actions.xlsx", "report.json", "rejected.csv"]
    assert "UTF-8 zonder BOM, komma als scheidingsteken, punt als decimaalteken" in section.get_text()
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
