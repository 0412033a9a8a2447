"""Bad rows by choice (issue 16, point 4): ``on_bad_rows: error | skip`` per table, total lines
recognised in both modes, and a header below a title line found and named.

Every test writes a small real export and a config.yaml, runs the real CLI, and reads the pages
with an HTML parser and rejected.csv with the csv module.
"""
from __future__ import annotations

import csv
import io
import shutil
import textwrap
from pathlib import Path

import openpyxl
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main
from generator.inputs.config import load_config
from generator.inputs.sources import read_tables

ROOT = Path(__file__).resolve().parents[1]

#: a Dutch export with one of each bad row; the good rows are lines 2, 3, 5 and 8 (A 100, B 200, A 50, C 25)
TRANSACTIONS = (
    "Klantnummer;Factuurdatum;Bedrag\n"
    "A;03-01-2025;100,00\n"          # 2
    "B;04-01-2025;200,00\n"          # 3
    ";;300,00\n"                     # 4  subtotal: no id, the sum of the rows above
    "A;05-01-2025;50,00\n"           # 5
    "B;31-02-2025;70,00\n"           # 6  no such date
    "C;06-01-2025;n.v.t.\n"          # 7  not an amount
    "C;07-01-2025;25,00\n"           # 8
    ";08-01-2025;10,00\n"            # 9  no customer id (and not a total)
    "Totaal;;385,00\n"               # 10 total line
)


def project(tmp_path: Path, on_bad_rows: str | None, transactions: str = TRANSACTIONS, extra: str = "") -> Path:
    (tmp_path / "transacties.csv").write_text(transactions, encoding="utf-8")
    shutil.copy(ROOT / "content" / "policy.yaml", tmp_path / "policy.yaml")
    setting = f"\n    on_bad_rows: {on_bad_rows}" if on_bad_rows else ""
    (tmp_path / "config.yaml").write_text(textwrap.dedent(f"""\
        as_of: 2025-01-31
        policy: policy.yaml
        data:
          transactions:
            path: transacties.csv
            columns: {{customer_id: Klantnummer, date: Factuurdatum, amount: Bedrag}}""") + setting + "\n"
        + textwrap.indent(textwrap.dedent(extra), "  "), encoding="utf-8")
    return tmp_path / "config.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def errors(result, tmp_path: Path) -> list[str]:
    return [line.removeprefix("error: ").replace(f"{tmp_path}/", "") for line in result.stderr.splitlines()
            if line.startswith("error: ")]


def test_by_default_every_bad_row_is_an_error_and_total_lines_say_so(tmp_path):
    result = run("validate", "--config", str(project(tmp_path, None)))
    assert result.exit_code == 2
    assert errors(result, tmp_path) == [
        "transacties.csv:4: column 'Bedrag': looks like a total line: no customer id, and the amount is the sum of "
        "the rows above ('300,00') (remove it or set on_bad_rows: skip for this table in config.yaml)",
        "transacties.csv:10: column 'Klantnummer': looks like a total line ('Totaal') (remove it or set "
        "on_bad_rows: skip for this table in config.yaml)",
        "transacties.csv:9: column 'Klantnummer': customer_id is empty (every row needs a customer id: fill it in "
        "or delete the row)",
        "transacties.csv:6: column 'Factuurdatum': '31-02-2025' is not a date (expected a date like 2026-01-31, "
        "31-01-2026, 31-1-26, 31/01/2026 or 20260131; set date_format: for this table in config.yaml for other "
        "layouts)",
        "transacties.csv:7: column 'Bedrag': 'n.v.t.' is not an amount (expected an amount like 1.234,56 or "
        "-12,50, with a decimal comma as sniffed; if the file uses '.', set decimal: \".\" for the transactions "
        "table in config.yaml)"]


def test_with_skip_the_bad_rows_are_left_out_counted_and_listed(tmp_path):
    config = project(tmp_path, "skip")
    tables = read_tables(load_config(config))
    tx = tables.transactions
    assert tx["customer_id"].tolist() == ["A", "B", "A", "C"]
    assert tx["amount"].tolist() == [100.0, 200.0, 50.0, 25.0]
    quality = tables.quality["transactions"]
    assert (quality.rows_read, quality.rows_used) == (9, 4)
    assert [(r.line, r.column, r.value, str(r.reason)) for r in quality.skipped] == [
        (4, "Bedrag", "300,00", "looks like a total line: no customer id, and the amount is the sum of the rows "
                                "above"),
        (10, "Klantnummer", "Totaal", "looks like a total line"),
        (6, "Factuurdatum", "31-02-2025", "not a date"),
        (7, "Bedrag", "n.v.t.", "not an amount"),
        (9, "Klantnummer", "", "empty")]
    assert [str(w) for w in tables.warnings] == [
        "transacties.csv:4: column 'Bedrag': 1 row skipped (on_bad_rows: skip): looks like a total line: no "
        "customer id, and the amount is the sum of the rows above (first: '300,00') (every skipped row is listed "
        "on the data-quality page and in rejected.csv)",
        "transacties.csv:10: column 'Klantnummer': 1 row skipped (on_bad_rows: skip): looks like a total line "
        "(first: 'Totaal') (every skipped row is listed on the data-quality page and in rejected.csv)",
        "transacties.csv:6: column 'Factuurdatum': 1 row skipped (on_bad_rows: skip): not a date (first: "
        "'31-02-2025') (every skipped row is listed on the data-quality page and in rejected.csv)",
        "transacties.csv:7: column 'Bedrag': 1 row skipped (on_bad_rows: skip): not an amount (first: "
        "'n.v.t.') (every skipped row is listed on the data-quality page and in rejected.csv)",
        "transacties.csv:9: column 'Klantnummer': 1 row skipped (on_bad_rows: skip): empty (first: '') (every "
        "skipped row is listed on the data-quality page and in rejected.csv)"]


def test_skipped_rows_are_warnings_so_strict_fails(tmp_path):
    result = run("build", "--strict", "--quiet", "--config", str(project(tmp_path, "skip")))
    assert result.exit_code == 3
    assert "5 warning(s) with --strict" in result.stderr


def test_the_data_quality_page_and_rejected_csv_list_every_skipped_row(tmp_path):
    config = project(tmp_path, "skip")
    assert run("build", "--quiet", "--config", str(config)).exit_code == 0
    site = tmp_path / "site"
    rows = list(csv.reader(io.StringIO((site / "rejected.csv").read_text(encoding="utf-8"))))
    assert rows == [
        ["table", "file", "line", "column", "value", "reason", "code"],
        ["transactions", "transacties.csv", "4", "Bedrag", "300,00",
         "lijkt een totaalregel: geen klantnummer, en het bedrag is de som van de rijen erboven", "total_sum"],
        ["transactions", "transacties.csv", "10", "Klantnummer", "Totaal", "lijkt een totaalregel", "total_line"],
        ["transactions", "transacties.csv", "6", "Factuurdatum", "31-02-2025", "geen datum", "not_date"],
        ["transactions", "transacties.csv", "7", "Bedrag", "n.v.t.", "geen bedrag", "not_amount"],
        ["transactions", "transacties.csv", "9", "Klantnummer", "", "leeg", "empty"]]
    page = BeautifulSoup((site / "data-quality.html").read_text(encoding="utf-8"), "html.parser")
    table = page.find("table", id="skipped-transactions")
    shown = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.tbody("tr")]
    assert shown[1] == ["transacties.csv", "10", "Klantnummer", "Totaal", "lijkt een totaalregel"]
    assert len(shown) == 5
    reasons = [th.get_text() for th in page.select(".quality-table tbody th[scope=row]")]
    assert "overgeslagen, Klantnummer: lijkt een totaalregel" in reasons
    methodology = (site / "methodology.html").read_text(encoding="utf-8")
    assert "rejected.csv" in methodology


def test_rejected_csv_is_only_a_header_without_skipped_rows(tmp_path):
    good = "Klantnummer;Factuurdatum;Bedrag\nA;03-01-2025;100,00\n"
    assert run("build", "--quiet", "--config", str(project(tmp_path, "skip", good))).exit_code == 0
    assert (tmp_path / "site" / "rejected.csv").read_text(encoding="utf-8") == \
        "table,file,line,column,value,reason,code\n"


def test_total_labels_in_any_case_and_form_but_not_in_a_name(tmp_path):
    rows = ("Klantnummer;Factuurdatum;Bedrag\nA;03-01-2025;100,00\nSubtotaal:;03-01-2025;100,00\n"
            "GRAND TOTAL;;100,00\nTotaal 2025;;100,00\nTotalCare;04-01-2025;5,00\n")
    tables = read_tables(load_config(project(tmp_path, "skip", rows)))
    assert tables.transactions["customer_id"].tolist() == ["A", "TotalCare"]
    assert [r.value for r in tables.quality["transactions"].skipped] == ["Subtotaal:", "GRAND TOTAL", "Totaal 2025"]


def test_a_total_in_the_customers_name_column(tmp_path):
    (tmp_path / "klanten.csv").write_text("Klantnummer;Naam\nA;Alfa\n;Totaal\n", encoding="utf-8")
    extra = """\
          customers:
            path: klanten.csv
            columns: {customer_id: Klantnummer, name: Naam}
        """
    good = "Klantnummer;Factuurdatum;Bedrag\nA;03-01-2025;100,00\n"
    result = run("validate", "--config", str(project(tmp_path, None, good, extra)))
    assert result.exit_code == 2
    assert errors(result, tmp_path) == [
        "klanten.csv:3: column 'Naam': looks like a total line ('Totaal') (remove it or set on_bad_rows: skip for "
        "this table in config.yaml)"]


def test_skipping_after_excluded_customers_keeps_the_lines_right(tmp_path):
    rows = "Klantnummer;Factuurdatum;Bedrag\nX;03-01-2025;1,00\nX;03-01-2025;2,00\nA;31-02-2025;5,00\nA;04-01-2025;7,00\n"
    config = project(tmp_path, "skip", rows)
    text = config.read_text(encoding="utf-8").replace("as_of: 2025-01-31\n", "as_of: 2025-01-31\nexclude: [X]\n")
    config.write_text(text, encoding="utf-8")
    tables = read_tables(load_config(config))
    assert [(r.line, r.value) for r in tables.quality["transactions"].skipped] == [(4, "31-02-2025")]
    assert tables.transactions["amount"].tolist() == [7.0]


def test_a_title_line_above_the_header_names_header_row_and_the_line(tmp_path):
    titled = "Overzicht facturen 2025;;\n" + TRANSACTIONS.split("\n;;300,00")[0] + "\n"
    result = run("validate", "--config", str(project(tmp_path, None, titled)))
    assert result.exit_code == 2
    assert errors(result, tmp_path) == [
        "transacties.csv:2: the column names of the transactions table are on line 2, not on line 1 (set "
        "header_row: 2 for the transactions table in config.yaml)"]
    # a title without separators (the CSV reader fails on it first) and two lines above the header
    titled = "Overzicht facturen 2025\nExport van 31-01-2025\n" + TRANSACTIONS.split("\n;;300,00")[0] + "\n"
    result = run("validate", "--config", str(project(tmp_path, None, titled)))
    assert errors(result, tmp_path) == [
        "transacties.csv:3: the column names of the transactions table are on line 3, not on line 1 (set "
        "header_row: 3 for the transactions table in config.yaml)"]
    config = project(tmp_path, None, titled)
    config.write_text(config.read_text(encoding="utf-8") + "    header_row: 3\n", encoding="utf-8")
    assert run("validate", "--config", str(config)).exit_code == 0


def test_a_title_row_above_the_header_in_a_workbook(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Facturen 2025"])
    sheet.append([])
    sheet.append(["Klantnummer", "Factuurdatum", "Bedrag"])
    sheet.append(["A", "03-01-2025", 100])
    book.save(tmp_path / "facturen.xlsx")
    config = project(tmp_path, None)
    config.write_text(config.read_text(encoding="utf-8").replace("transacties.csv", "facturen.xlsx"), encoding="utf-8")
    result = run("validate", "--config", str(config))
    assert errors(result, tmp_path) == [
        "facturen.xlsx:3: the column names of the transactions table are on line 3, not on line 1 (set "
        "header_row: 3 for the transactions table in config.yaml)"]


def test_on_bad_rows_takes_error_or_skip_only(tmp_path):
    result = run("validate", "--config", str(project(tmp_path, "ignore")))
    assert result.exit_code == 2
    assert "on_bad_rows" in result.stderr and "'error' or 'skip'" in result.stderr


def test_lines_are_the_files_own_with_blank_lines_and_quoted_line_breaks(tmp_path):
    rows = ("Klantnummer;Factuurdatum;Bedrag;Notitie\n"
            "A;03-01-2025;100,00;\"twee\nregels\"\n"        # 2-3
            "\n"                                            # 4 blank
            "B;31-02-2025;70,00;\n"                         # 5
            "C;n.v.t.;5,00;\n")                             # 6
    tables = read_tables(load_config(project(tmp_path, "skip", rows)))
    assert [(r.line, r.value) for r in tables.quality["transactions"].skipped] == [(5, "31-02-2025"), (6, "n.v.t.")]
    result = run("validate", "--config", str(project(tmp_path, None, rows)))
    assert [e.split(": '")[0] for e in errors(result, tmp_path)] == [
        "transacties.csv:5: column 'Factuurdatum'", "transacties.csv:6: column 'Factuurdatum'"]
