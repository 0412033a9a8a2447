"""Hostile and careless config values and data files (issue 17, points 9, 12 and 14).

Every input mistake is exit 2 with a message naming the file, the key or column and the line,
never "internal error"; a doubt about the data is a warning (so --strict fails) naming the rows.
"""
from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import SMALL_TRANSACTIONS

TABLE = "  transactions: transactions.csv\n"
MAPPING = "  transactions:\n    path: transactions.csv\n"


def validate(project: Path, *extra: str):
    return CliRunner().invoke(main, ["validate", "--config", str(project / "config.yaml"), *extra])


def build(project: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--quiet", "--config", str(project / "config.yaml"),
                                     "--output", str(project / "site"), *extra])


def set_config(project: Path, old: str, new: str) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


def setting(line: str):
    """A setting under data: transactions: (config.yaml line 8, after path: on line 7)."""
    return lambda p: set_config(p, TABLE, MAPPING + f"    {line}\n")


def transactions(text: str | bytes):
    def write(p: Path) -> None:
        target = p / "transactions.csv"
        target.write_bytes(text) if isinstance(text, bytes) else target.write_text(text, encoding="utf-8")
    return write


def amount(value: str):
    """The first transaction's amount (line 2 of transactions.csv) replaced by ``value``."""
    return transactions(SMALL_TRANSACTIONS.replace("F1;A;01-03-2025;1000,00", f"F1;A;01-03-2025;{value}"))


def _xlsx_as_csv(p: Path) -> None:
    frame = pd.read_csv(io.StringIO(SMALL_TRANSACTIONS), sep=";", dtype=str)
    frame.to_excel(p / "transactions.csv", index=False)


def _folder_as_data(p: Path) -> None:
    (p / "transactions.csv").unlink()
    (p / "transactions.csv").mkdir()


US_DATES = SMALL_TRANSACTIONS.replace("01-03-2025", "03/01/2025").replace("01-09-2025", "09/01/2025") \
    .replace("01-03-2026", "03/01/2026").replace("01-06-2026", "06/01/2026").replace("15-01-2026", "01/15/2026") \
    .replace("01-07-2024", "07/01/2024").replace("01-12-2025", "12/01/2025").replace("01-02-2026", "02/01/2026") \
    .replace("15-07-2026", "07/15/2026")

#: (name, change to the small project, words the message must hold: the file/key and line first)
CASES = [
    ("encoding rot13", setting("encoding: rot13"),
     ["config.yaml:8:", "data.transactions.encoding", "'rot13' is no text encoding"]),
    ("encoding unknown", setting("encoding: utf-9"), ["config.yaml:8:", "unknown encoding 'utf-9'"]),
    ("encoding that does not fit the file", setting("encoding: utf-16"),
     ["transactions.csv", "cannot decode the file as utf-16"]),
    ("date_format %Q", setting('date_format: "%Q"'),
     ["config.yaml:8:", "data.transactions.date_format", "'%Q' is no date format"]),
    ("date_format without a day", setting('date_format: "%Y-%m"'), ["config.yaml:8:", "does not hold a whole date"]),
    ("date_format without a directive", setting('date_format: "dd-mm-yyyy"'), ["config.yaml:8:", "no % directive"]),
    ("header_row 999999999", setting("header_row: 999999999"),
     ["config.yaml:8:", "data.transactions.header_row", "less than or equal to 1000"]),
    ("header_row beyond the file", lambda p: (setting("header_row: 40")(p),
                                              transactions("x;y\n" + "1;2\n" * 5)(p)),
     ["transactions.csv", "header_row is 40, but the file has only 6 lines"]),
    ("glob of the whole disk", lambda p: set_config(p, TABLE, "  transactions: /**/*.csv\n"),
     ["config.yaml:6:", "data: transactions:", "searches the whole disk"]),
    ("glob of the home folder", lambda p: set_config(p, TABLE, MAPPING.replace("transactions.csv", "'~/**'")),
     ["config.yaml:7:", "searches the home folder"]),
    ("a 5,000-digit integer amount", amount("9" * 5000), ["transactions.csv:2:", "column 'amount'", "too large"]),
    ("a 10 MB digit string", amount("9" * 10_000_000), ["transactions.csv:2:", "too large", "…'"]),
    ("1e308", amount("1e308"), ["transactions.csv:2:", "'1e308' is too large"]),
    ("an amount of a trillion", amount("1000000000000"), ["transactions.csv:2:", "too large"]),
    ("inf as text", amount("inf"), ["transactions.csv:2:", "'inf' is not an amount"]),
    ("nan as text", amount("nan"), ["transactions.csv:2:", "'nan' is not an amount"]),
    ("a NUL byte in a CSV", transactions(SMALL_TRANSACTIONS.replace("F2;A", "F2\x00;A").encode()),
     ["transactions.csv:3:", "NUL byte"]),
    ("an empty file", transactions(b""), ["transactions.csv", "the file is empty"]),
    ("only blank lines", transactions("\n\n"), ["transactions.csv", "no column names on line 1"]),
    ("a binary file given as CSV", transactions(bytes(range(256)) * 64), ["transactions.csv:1:", "NUL byte"]),
    ("a workbook given as CSV", _xlsx_as_csv, ["transactions.csv:1:", "zip file", "format: excel"]),
    ("a folder given as data", _folder_as_data, ["transactions.csv", "a folder"]),
    ("/dev/zero given as data", lambda p: set_config(p, TABLE, "  transactions: /dev/zero\n"),
     ["/dev/zero", "not a regular file"]),
    ("a repeated column name", transactions(SMALL_TRANSACTIONS.replace("amount;cost", "amount;Amount")),
     ["transactions.csv:1:", "columns 4 (D) and 5 (E)"]),
    ("US dates read day first", transactions(US_DATES),
     ["transactions.csv:6:", "column 'date'", "month first", 'date_format: "%m/%d/%Y"']),
    ("a policy that is a folder", lambda p: set_config(p, "policy: policy.yaml", "policy: ."), ["a folder"]),
    ("a policy that is /dev/zero", lambda p: set_config(p, "policy: policy.yaml", "policy: /dev/zero"),
     ["not a regular file"]),
    ("a NUL in config.yaml", lambda p: set_config(p, "title: Testbedrijf", "title: Test\x00bedrijf"),
     ["config.yaml:1:", "NUL"]),
    ("a 5,000-digit integer in config.yaml", setting("header_row: " + "9" * 5000), ["config.yaml:8:", "5000 digits"]),
]


@pytest.mark.parametrize("change, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_input_mistake_is_exit_2_naming_where(small_project, change, words):
    change(small_project)
    result = validate(small_project)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("name, change", [(c[0], c[1]) for c in CASES
                                          if c[0] in ("1e308", "a 10 MB digit string", "a NUL byte in a CSV",
                                                      "a repeated column name", "glob of the whole disk")])
def test_build_refuses_them_too_and_writes_nothing(small_project, name, change):
    change(small_project)
    result = build(small_project)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert not (small_project / "site").exists()


def test_a_glob_with_too_many_matches_stops_with_an_error(small_project, monkeypatch):
    from generator.inputs import config

    monkeypatch.setattr(config, "MAX_GLOB_MATCHES", 3)
    folder = small_project / "exports"
    for year in range(2020, 2025):
        (folder / str(year)).mkdir(parents=True)
        (folder / str(year) / "transactions.csv").write_text(SMALL_TRANSACTIONS, encoding="utf-8")
    set_config(small_project, TABLE, "  transactions: exports/**/*.csv\n")
    result = validate(small_project)
    assert result.exit_code == 2 and "internal error" not in result.output
    assert "config.yaml:6:" in result.stderr and "more than 3 files match 'exports/**/*.csv'" in result.stderr


def test_a_recursive_glob_through_a_huge_tree_stops_with_an_error(small_project, monkeypatch):
    from generator.inputs import config

    monkeypatch.setattr(config, "MAX_GLOB_ENTRIES", 50)
    for i in range(60):
        (small_project / "tree" / f"d{i}").mkdir(parents=True)
    set_config(small_project, TABLE, "  transactions: tree/**/*.csv\n")
    result = validate(small_project)
    assert result.exit_code == 2 and "searches more than 50 files and folders" in result.stderr


def test_a_glob_in_the_data_folder_still_reads(small_project):
    (small_project / "data" / "2025").mkdir(parents=True)
    (small_project / "data" / "2025" / "transactions.csv").write_text(SMALL_TRANSACTIONS, encoding="utf-8")
    set_config(small_project, TABLE, "  transactions: data/**/*.csv\n")
    result = validate(small_project)
    assert result.exit_code == 0, result.output


def test_a_huge_amount_is_skipped_under_on_bad_rows_skip(small_project):
    amount("1e308")(small_project)
    set_config(small_project, TABLE, MAPPING + "    on_bad_rows: skip\n")
    result = build(small_project)
    assert result.exit_code == 0, result.output
    rejected = (small_project / "site" / "rejected.csv").read_text(encoding="utf-8")
    assert "transactions.csv,2,amount,1e308," in rejected and rejected.rstrip().endswith(",too_large")
    assert build(small_project, "--strict").exit_code == 3


def test_huge_numbers_in_a_parquet_file_are_errors(small_project):
    frame = pd.read_csv(io.StringIO(SMALL_TRANSACTIONS), sep=";", dtype=str, decimal=",")
    frame["amount"] = frame["amount"].str.replace(",", ".").astype(float)
    frame.loc[0, "amount"] = math.inf
    frame.loc[1, "amount"] = -2e12
    frame.to_parquet(small_project / "transactions.parquet")
    set_config(small_project, TABLE, "  transactions: transactions.parquet\n")
    result = validate(small_project)
    assert result.exit_code == 2, result.output
    assert "transactions.parquet:2:" in result.stderr and "'inf' is too large" in result.stderr
    assert "transactions.parquet:3:" in result.stderr


def test_report_json_is_always_valid_json(small_project):
    result = build(small_project)
    assert result.exit_code == 0, result.output

    def refuse(constant):
        raise AssertionError(f"report.json holds {constant}")

    json.loads((small_project / "site" / "report.json").read_text(encoding="utf-8"), parse_constant=refuse)
    from generator.render.exports import _finite

    assert _finite({"a": [1.0, math.inf, float("nan")], "b": {"c": -math.inf}}) == {"a": [1.0, None, None],
                                                                                    "b": {"c": None}}


# ----------------------------------------------------------------------------- doubts: warnings


def warnings_of(result) -> str:
    return "\n".join(line for line in result.stderr.splitlines() if line.startswith("warning"))


def test_ambiguous_thousands_warn_with_the_rows_and_suggest_a_decimal_comma(small_project):
    text = SMALL_TRANSACTIONS.replace(";", ",").replace("1000,00,600,00", "1.250,600").replace(",00", "")
    transactions(text)(small_project)
    result = validate(small_project)
    assert result.exit_code == 0, result.output
    shown = warnings_of(result)
    assert "transactions.csv:2: column 'amount': 2 values with three digits after the point" in shown
    assert "(first: '1.250')" in shown and 'set decimal: ","' in shown
    assert build(small_project, "--strict").exit_code == 3
    # said so in config.yaml: no doubt left
    set_config(small_project, TABLE, MAPPING + '    decimal: "."\n')
    assert "three digits after the point" not in warnings_of(validate(small_project))


def test_a_text_longer_than_a_workbook_cell_warns_naming_row_and_column(small_project):
    transactions(SMALL_TRANSACTIONS.replace("F2;A", "F" + "é" * 40_000 + ";A"))(small_project)
    result = validate(small_project)
    assert result.exit_code == 0, result.output
    shown = warnings_of(result)
    assert "transactions.csv:3: column 'invoice_id': 1 value longer than 32,767 characters" in shown
    assert "40001 characters" in shown


def test_ambiguous_slashed_dates_warn_naming_column_and_format(small_project):
    text = SMALL_TRANSACTIONS.replace("15-01-2026", "01-01-2026").replace("15-07-2026", "01-07-2026")
    for day_month in ("01-03-2025", "01-09-2025", "01-03-2026", "01-06-2026", "01-01-2026", "01-07-2024",
                      "01-12-2025", "01-02-2026", "01-07-2026"):
        text = text.replace(f";{day_month};", f";{day_month.replace('-', '/')};")
    transactions(text)(small_project)
    result = validate(small_project)
    assert result.exit_code == 0, result.output
    shown = warnings_of(result)
    assert "column 'date'" in shown and "could be day/month or month/day" in shown and "%d/%m/%Y" in shown
    assert 'date_format: "%m/%d/%Y"' in shown


def test_dutch_dates_with_dashes_and_a_day_over_12_do_not_warn(small_project):
    assert "day/month" not in warnings_of(validate(small_project))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_read(small_project, encoding):
    (small_project / "transactions.csv").write_bytes(SMALL_TRANSACTIONS.encode(encoding))
    customers = (small_project / "customers.csv").read_text(encoding="utf-8").replace("Alfa", "Ålfa")
    (small_project / "customers.csv").write_bytes(customers.encode(encoding))
    result = validate(small_project)
    assert result.exit_code == 0, result.output
    result = build(small_project)
    assert result.exit_code == 0, result.output
    assert "Ålfa & Zn." in (small_project / "site" / "scores.csv").read_text(encoding="utf-8")


def test_utf16_line_numbers_are_the_file_lines(small_project):
    text = SMALL_TRANSACTIONS.replace("F3;A;01-03-2026;2000,00", "F3;A;01-03-2026;twee")
    (small_project / "transactions.csv").write_bytes(text.encode("utf-16"))
    result = validate(small_project)
    assert result.exit_code == 2 and "transactions.csv:4: column 'amount': 'twee' is not an amount" in result.stderr


def test_a_repeated_column_name_in_a_workbook_names_both_sheet_columns(small_project):
    frame = pd.read_csv(io.StringIO(SMALL_TRANSACTIONS), sep=";", dtype=str)
    frame.insert(0, "note", "")
    cells = [list(frame.columns)] + frame.values.tolist()
    cells[0][0] = None                          # an unnamed first column: positions stay the sheet's
    cells[0][-1] = "AMOUNT"                     # paid_date -> a second amount column, in column I
    import openpyxl

    book = openpyxl.Workbook()
    for row in [["Facturen 2025"], *cells]:
        book.active.append(row)
    book.save(small_project / "transactions.xlsx")
    set_config(small_project, TABLE, MAPPING.replace("transactions.csv", "transactions.xlsx")
               + "    header_row: 2\n")
    result = validate(small_project)
    assert result.exit_code == 2, result.output
    assert "transactions.xlsx:2:" in result.stderr and "columns 5 (E) and 9 (I)" in result.stderr


@pytest.mark.parametrize("value, code", [("", 0), ("  ", 0), ("soon", 2), ("-5", 2), ("1e9", 2), ("9" * 40, 2)])
def test_source_date_epoch_empty_is_unset_and_nonsense_is_exit_2(small_project, value, code):
    result = CliRunner().invoke(main, ["validate", "--config", str(small_project / "config.yaml")],
                                env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == code, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    if code == 2:
        assert "SOURCE_DATE_EPOCH" in result.output and "seconds since 1970" in result.output
