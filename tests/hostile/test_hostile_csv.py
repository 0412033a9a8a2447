"""CSV safety: a text cell that a spreadsheet would run as a formula is neutralised (issue 17, OWASP)."""
from __future__ import annotations

import csv
import io

import openpyxl
from click.testing import CliRunner

from generator.cli import main

EVIL = '=HYPERLINK("http://evil.example","klik")'


def test_formula_cells_are_neutralised_in_csv_and_text_in_xlsx(small_project):
    customers = small_project / "customers.csv"
    text = customers.read_text(encoding="utf-8")
    customers.write_text(text.replace("Bravo", EVIL.replace(";", ",")).replace("Charlie", "@SUM(1+1)")
                         .replace("Delta", "+31 6 1234").replace("Echo", "-2+3"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--quiet", "--config", str(small_project / "config.yaml"),
                                       "--output", str(small_project / "site")])
    assert result.exit_code == 0, result.output
    site = small_project / "site"
    names = {r["customer_id"]: r["name"] for r in csv.DictReader(io.StringIO((site / "scores.csv").read_text()))}
    assert names["B"] == "'" + EVIL and names["C"] == "'@SUM(1+1)" and names["D"] == "'+31 6 1234"
    assert names["E"] == "'-2+3" and names["A"].startswith("Alfa")
    for row in csv.DictReader(io.StringIO((site / "actions.csv").read_text())):
        for value in row.values():
            assert value[:1] not in ("=", "+", "@", "\t", "\r") and not value.startswith("-2+3"), row
    # the workbooks keep the text as text (never a formula)
    book = openpyxl.load_workbook(site / "scores.xlsx")
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    evil = [c for c in cells if c.value == EVIL]
    assert evil and all(c.data_type == "s" for c in evil)
