"""generator.inputs.sources: reading, typing and checking the input tables.

Every test writes small real files (CSV in the encodings accounting packages
produce, xlsx via openpyxl, Parquet via pyarrow) and a config.yaml into
``tmp_path``, and checks parsed values and messages exactly.
"""
from __future__ import annotations

import datetime as dt
import textwrap

import numpy as np
import openpyxl
import pandas as pd
import pytest

from generator.inputs.config import load_config
from generator.errors import InputError
from generator.inputs.sources import REQUIRED, TABLE_COLUMNS, Tables, read_tables
from generator.text import messages

TX_HEADER = "Klantnummer;Factuurdatum;Bedrag excl. BTW\n"
TX_COLUMNS = "{customer_id: Klantnummer, date: Factuurdatum, amount: Bedrag excl. BTW}"


def write(path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def build(tmp_path, data: str, extra: str = "") -> Tables:
    """Write config.yaml with the given ``data:`` section and read the tables."""
    return read_tables(config(tmp_path, data, extra))


def config(tmp_path, data: str, extra: str = ""):
    text = textwrap.dedent(extra) + "data:\n" + textwrap.indent(textwrap.dedent(data), "  ")
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path / "config.yaml")


def problems(tmp_path, data: str, extra: str = "") -> list[str]:
    with pytest.raises(InputError) as caught:
        build(tmp_path, data, extra)
    return [str(p) for p in caught.value.problems]


def english(mapping: dict) -> dict:
    """A TableQuality mapping of Messages as the English text the terminal and report.json show."""
    return {str(key): value if isinstance(value, int) else [str(v) for v in value] if isinstance(value, list)
            else str(value) for key, value in mapping.items()}


def dates(*texts: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(t) for t in texts]


def simple_transactions(tmp_path, rows: str = "00042;2026-01-31;10,00\n00043;2026-02-28;20,00\n") -> None:
    write(tmp_path / "data" / "tx.csv", TX_HEADER + rows)


TX = f"""\
transactions:
  path: data/tx.csv
  columns: {TX_COLUMNS}
"""


# --------------------------------------------------------------------------
# Contract


def test_required_columns_come_first_in_table_columns():
    for table, required in REQUIRED.items():
        assert TABLE_COLUMNS[table][:len(required)] == required


# --------------------------------------------------------------------------
# CSV flavours


def test_dutch_export_cp1252_semicolon_decimal_comma_euro_signs(tmp_path):
    write(tmp_path / "data" / "tx.csv",
          TX_HEADER
          + "00042;31-01-2026;€ 1.234,56\n"
          + "00042;01-02-2026;€ -12,50\n"
          + "00043;02-02-2026;-12,00\n"
          + "00043;03-02-2026;(12,00)\n"
          + "00044;04-02-2026;1.000.000\n"
          + "00044;05-02-2026;12,50-\n",
          encoding="cp1252")
    t = build(tmp_path, TX)
    tx = t.transactions
    assert list(tx.columns) == ["customer_id", "date", "amount"]
    assert tx["amount"].tolist() == [1234.56, -12.5, -12.0, -12.0, 1000000.0, -12.5]
    assert tx["amount"].dtype == "float64"
    assert tx["customer_id"].tolist() == ["00042", "00042", "00043", "00043", "00044", "00044"]
    assert tx["date"].tolist() == dates("2026-01-31", "2026-02-01", "2026-02-02", "2026-02-03",
                                        "2026-02-04", "2026-02-05")
    assert english(t.quality["transactions"].sniffed) == {
        "format": "csv (from the suffix)", "encoding": "cp1252 (sniffed)",
        "sep": "';' (sniffed)", "decimal": "',' (sniffed)"}
    assert t.warnings == ()


def test_ids_stay_text_with_leading_zeros(tmp_path):
    simple_transactions(tmp_path, "00042;2026-01-31;1\n42;2026-01-31;2\n 0007 ;2026-01-31;3\n")
    tx = build(tmp_path, TX).transactions
    assert tx["customer_id"].tolist() == ["00042", "42", "0007"]
    assert pd.api.types.is_string_dtype(tx["customer_id"].dtype)
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"00042": 1.0, "0007": 3.0, "42": 2.0}


def test_utf8_bom_is_sniffed_and_the_header_matches(tmp_path):
    # The row leaves off its trailing empty field, as some exports do: that is fine.
    write(tmp_path / "tx.csv", "\ufeffcustomer_id;date;amount;note\n"
                               "K-1;2026-01-31;5,5\n", encoding="utf-8")
    t = build(tmp_path, "transactions: tx.csv\n")
    assert t.transactions["customer_id"].tolist() == ["K-1"]
    assert t.transactions["amount"].tolist() == [5.5]
    assert str(t.quality["transactions"].sniffed["encoding"]) == "utf-8-sig (sniffed)"
    assert t.quality["transactions"].columns == {"customer_id": "customer_id", "date": "date", "amount": "amount"}


def test_comma_separated_dot_decimal_with_quoted_fields(tmp_path):
    write(tmp_path / "tx.csv",
          'Customer ID,Date,Amount,Order Type,Invoice ID\n'
          '"00042","2026-01-31","1,234.56","Rush","F-1, part 2"\n'
          '"00043","2026-02-01","-12.50"," Normal ",""\n'
          '00044,2026-02-02,(7.25),,"said ""hi"""\n')
    t = build(tmp_path, "transactions: tx.csv\n")
    tx = t.transactions
    assert tx["amount"].tolist() == [1234.56, -12.5, -7.25]
    assert tx["order_type"].tolist()[:2] == ["rush", "normal"]
    assert tx["order_type"].isna().tolist() == [False, False, True]
    assert tx["invoice_id"].tolist()[0] == "F-1, part 2"
    assert tx["invoice_id"].isna().tolist() == [False, True, False]
    assert tx["invoice_id"].tolist()[2] == 'said "hi"'
    assert str(t.quality["transactions"].sniffed["sep"]) == "',' (sniffed)"
    assert str(t.quality["transactions"].sniffed["decimal"]) == "'.' (sniffed)"
    assert t.quality["transactions"].columns["customer_id"] == "Customer ID"


def test_configured_separator_decimal_and_encoding_are_reported_as_configured(tmp_path):
    write(tmp_path / "tx.tsv", "customer_id\tdate\tamount\nA\t2026-01-31\t1.234\n", encoding="cp1252")
    t = build(tmp_path, """\
        transactions: {path: tx.tsv, sep: "\\t", decimal: ",", encoding: cp1252}
        """)
    assert t.transactions["amount"].tolist() == [1234.0]
    assert english(t.quality["transactions"].sniffed) == {
        "format": "csv (from the suffix)", "encoding": "cp1252 (configured)",
        "sep": "tab (configured)", "decimal": "',' (configured)"}


def test_a_row_with_more_fields_than_the_header_is_an_error(tmp_path):
    write(tmp_path / "tx.csv", "customer_id;date;amount\nA;2026-01-31;12;50\n")
    assert problems(tmp_path, "transactions: tx.csv\n") == [
        "tx.csv: cannot read the file as CSV: Expected 3 columns, got 4: A;2026-01-31;12;50 "
        "(the separator is ';', sniffed; quote values that contain it, or set sep: in config.yaml)"]


def test_a_wrong_configured_encoding_is_an_error(tmp_path):
    write(tmp_path / "tx.csv", "customer_id;date;amount\nA;2026-01-31;€ 12\n", encoding="cp1252")
    assert problems(tmp_path, "transactions: {path: tx.csv, encoding: utf-8}\n") == [
        "tx.csv: cannot decode the file as utf-8: invalid start byte (byte b'\\x80') "
        "(set encoding: cp1252 or utf-8 for this table in config.yaml)"]


def test_an_unknown_suffix_needs_a_format(tmp_path):
    write(tmp_path / "tx.dat", "customer_id;date;amount\nA;2026-01-31;12\n")
    assert problems(tmp_path, "transactions: tx.dat\n") == [
        "tx.dat: cannot tell the format from the suffix '.dat' "
        "(set format: csv, excel or parquet for this table in config.yaml)"]
    t = build(tmp_path, "transactions: {path: tx.dat, format: csv}\n")
    assert str(t.quality["transactions"].sniffed["format"]) == "csv (configured)"


def test_header_row_in_csv_and_row_numbers_after_it(tmp_path):
    write(tmp_path / "tx.csv", "Export van 2026\n\ncustomer_id;date;amount\nA;2026-01-31;1\n;2026-01-31;2\n")
    assert problems(tmp_path, "transactions: {path: tx.csv, header_row: 3}\n") == [
        "tx.csv:5: column 'customer_id': customer_id is empty "
        "(every row needs a customer id: fill it in or delete the row)"]


# --------------------------------------------------------------------------
# Dates


def test_date_layouts_are_recognised_per_value(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;1\nA;31-01-2026;1\nA;1-2-26;1\nA;31/01/2026;1\n"
                                  "A;20260131;1\nA;2026-01-31 14:30:00;1\nA;5.2.2026;1\n")
    tx = build(tmp_path, TX).transactions
    assert tx["date"].dtype == "datetime64[ns]"
    assert tx["date"].tolist() == dates("2026-01-31", "2026-01-31", "2026-02-01", "2026-01-31",
                                        "2026-01-31", "2026-01-31", "2026-02-05")


def test_configured_date_format_is_the_only_layout(tmp_path):
    simple_transactions(tmp_path, "A;01/31/2026;1\nA;2026-01-31;1\n")
    assert problems(tmp_path, f"""\
        transactions: {{path: data/tx.csv, date_format: "%m/%d/%Y", columns: {TX_COLUMNS}}}
        """) == [
        "data/tx.csv:3: column 'Factuurdatum': '2026-01-31' is not a date "
        "(expected dates in the date_format '%m/%d/%Y' set in config.yaml, like 01/31/2026)"]


def test_excel_serial_numbers_in_csv_only_when_every_value_is_one(tmp_path):
    simple_transactions(tmp_path, "A;46053;1\nA;46054;1\n")
    assert build(tmp_path, TX).transactions["date"].tolist() == dates("2026-01-31", "2026-02-01")

    simple_transactions(tmp_path, "A;46053;1\nA;2026-02-01;1\n")
    assert problems(tmp_path, TX) == [
        "data/tx.csv:2: column 'Factuurdatum': '46053' is not a date "
        "(expected a date like 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 or 20260131; "
        "set date_format: for this table in config.yaml for other layouts)"]


# --------------------------------------------------------------------------
# Excel and Parquet


def write_workbook(path, rows, title="Facturen", header_row=3):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet["A1"] = "Facturen export"            # a title above the header, then an empty row
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.cell(row=header_row + r, column=c + 1, value=value)
    workbook.create_sheet("Notes")["A1"] = "nothing"
    workbook.save(path)


XLSX = """\
transactions:
  path: tx.xlsx
  sheet: Facturen
  header_row: 3
  columns: {customer_id: Klant, date: Datum, amount: Bedrag, quantity: Aantal}
"""


def test_excel_header_row_numeric_ids_and_serial_dates(tmp_path):
    write_workbook(tmp_path / "tx.xlsx", [
        ["Klant", "Datum", "Bedrag", "Aantal"],
        [42, dt.datetime(2026, 1, 31, 15, 30), 12.5, 2],
        [43.0, 46054, "1.234,56", 1.5],
        [None, None, None, None],                       # an empty row is skipped
        ["00044", "03-02-2026", -3, None],
    ])
    t = build(tmp_path, XLSX)
    tx = t.transactions
    assert tx["customer_id"].tolist() == ["42", "43", "00044"]
    assert tx["date"].tolist() == dates("2026-01-31", "2026-02-01", "2026-02-03")
    assert tx["amount"].tolist() == [12.5, 1234.56, -3.0]
    assert tx["quantity"].tolist()[:2] == [2.0, 1.5]
    assert np.isnan(tx["quantity"].iloc[2])
    q = t.quality["transactions"]
    assert q.rows_read == 3
    assert english(q.sniffed) == {"format": "excel (from the suffix)", "sheet": "'Facturen' (configured)",
                         "decimal": "',' (sniffed)"}


def test_excel_row_numbers_in_errors_count_from_the_sheet(tmp_path):
    write_workbook(tmp_path / "tx.xlsx", [
        ["Klant", "Datum", "Bedrag", "Aantal"],
        [42, dt.datetime(2026, 1, 31), 12.5, 2],
        [43, "gisteren", 12.5, 2],
    ])
    assert problems(tmp_path, XLSX) == [
        "tx.xlsx:5: column 'Datum': 'gisteren' is not a date "
        "(expected a date like 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 or 20260131; "
        "set date_format: for this table in config.yaml for other layouts)"]


def test_excel_unknown_sheet_lists_the_sheets(tmp_path):
    write_workbook(tmp_path / "tx.xlsx", [["Klant", "Datum", "Bedrag"]])
    assert problems(tmp_path, XLSX.replace("sheet: Facturen", "sheet: Factuur")) == [
        "tx.xlsx: no sheet 'Factuur' in this workbook; sheets: Facturen, Notes (did you mean 'Facturen'?)"]


def test_excel_sheet_by_number_counts_from_one(tmp_path):
    write_workbook(tmp_path / "tx.xlsx", [["Klant", "Datum", "Bedrag"], ["A", "2026-01-31", 1]])
    t = build(tmp_path, XLSX.replace("sheet: Facturen", "sheet: 1").replace(", quantity: Aantal", ""))
    assert t.transactions["customer_id"].tolist() == ["A"]
    assert str(t.quality["transactions"].sniffed["sheet"]) == "1 (configured)"


def test_a_broken_excel_file_is_an_error(tmp_path):
    write(tmp_path / "tx.xlsx", "this is not a workbook")
    [message] = problems(tmp_path, "transactions: tx.xlsx\n")
    assert message.startswith("tx.xlsx: cannot read the file as an Excel workbook: ")
    assert message.endswith("(save it as .xlsx, or set format: for this table)")


def test_parquet_typed_columns(tmp_path):
    pd.DataFrame({
        "Customer_ID": pd.Series([42, 7], dtype="int64"),
        "date": pd.to_datetime(["2026-01-31 13:00", "2026-02-01 00:00"]),
        "amount": [12.5, -3.0],
        "kind": ["x", "y"],
    }).to_parquet(tmp_path / "tx.parquet")
    pd.DataFrame({"customer_id": ["42", "7"], "sector": [" Bouw ", ""], "since": ["2001-05-01", None]}) \
        .to_parquet(tmp_path / "customers.parquet")
    t = build(tmp_path, "transactions: tx.parquet\ncustomers: customers.parquet\n")
    tx = t.transactions
    assert tx["customer_id"].tolist() == ["42", "7"]
    assert tx["date"].tolist() == dates("2026-01-31", "2026-02-01")
    assert tx["date"].dtype == "datetime64[ns]"
    assert tx["amount"].tolist() == [12.5, -3.0]
    assert t.customers["sector"].tolist()[0] == "Bouw"
    assert t.customers["sector"].isna().tolist() == [False, True]
    assert t.customers["since"].tolist()[0] == pd.Timestamp("2001-05-01")
    assert english(t.quality["transactions"].sniffed) == {"format": "parquet (from the suffix)"}


def test_parquet_float_ids_lose_the_point_zero(tmp_path):
    pd.DataFrame({"customer_id": [42.0, 7.0], "date": ["2026-01-31", "2026-02-01"],
                  "amount": ["1,5", "2"]}).to_parquet(tmp_path / "tx.parquet")
    tx = build(tmp_path, "transactions: tx.parquet\n").transactions
    assert tx["customer_id"].tolist() == ["42", "7"]
    assert tx["amount"].tolist() == [1.5, 2.0]


def test_not_a_parquet_file_is_an_error(tmp_path):
    write(tmp_path / "tx.parquet", "customer_id;date;amount\n")
    [message] = problems(tmp_path, "transactions: tx.parquet\n")
    assert message.startswith("tx.parquet: cannot read the file as Parquet: ")
    assert message.endswith("(check that it is a Parquet file, or set format: for this table)")


# --------------------------------------------------------------------------
# Files and globs


def test_glob_reads_files_in_sorted_order(tmp_path):
    write(tmp_path / "data" / "tx-2026-02.csv", TX_HEADER + "B;2026-02-01;2\n")
    write(tmp_path / "data" / "tx-2026-01.csv", TX_HEADER + "A;2026-01-01;1\nA;2026-01-02;1,5\n")
    t = build(tmp_path, f"transactions: {{path: data/tx-*.csv, columns: {TX_COLUMNS}}}\n")
    assert t.transactions["customer_id"].tolist() == ["A", "A", "B"]
    assert t.transactions["amount"].tolist() == [1.0, 1.5, 2.0]
    assert t.quality["transactions"].files == ("data/tx-2026-01.csv", "data/tx-2026-02.csv")
    assert t.quality["transactions"].rows_read == 3


def test_glob_files_with_different_optional_columns(tmp_path):
    write(tmp_path / "a.csv", "customer_id;date;amount;cost\nA;2026-01-01;1;0,5\n")
    write(tmp_path / "b.csv", "customer_id;date;amount\nB;2026-01-02;2\n")
    tx = build(tmp_path, "transactions: '*.csv'\n").transactions
    assert list(tx.columns) == ["customer_id", "date", "amount", "cost"]
    assert tx["cost"].dtype == "float64"
    assert tx["cost"].tolist()[0] == 0.5 and np.isnan(tx["cost"].iloc[1])


def test_glob_files_read_in_different_ways_show_each_way(tmp_path):
    write(tmp_path / "a.csv", "customer_id;date;amount\nA;2026-01-01;1,5\n")
    write(tmp_path / "b.csv", "customer_id,date,amount\nB,2026-01-02,2.5\n")
    sniffed = build(tmp_path, "transactions: '*.csv'\n").quality["transactions"].sniffed
    assert str(sniffed["sep"]) == "';' (sniffed) / ',' (sniffed)"
    assert messages.text(sniffed["decimal"], "nl") == "',' (herkend) / '.' (herkend)"
    assert str(sniffed["format"]) == "csv (from the suffix)"


def test_glob_without_matches_is_an_error(tmp_path):
    (tmp_path / "data").mkdir()
    assert problems(tmp_path, "transactions: data/*.csv\n") == [
        "data/*.csv: no file matches 'data/*.csv' (the transactions table) "
        "(paths are relative to the folder of config.yaml)"]


def test_missing_file_suggests_a_file_nearby(tmp_path):
    simple_transactions(tmp_path)
    assert problems(tmp_path, "transactions: data/tx.cvs\n") == [
        "data/tx.cvs: file not found (the transactions table) (did you mean 'tx.csv'?)"]


# --------------------------------------------------------------------------
# Columns


def test_missing_required_column_lists_columns_and_suggests(tmp_path):
    write(tmp_path / "tx.csv", "customer_id;Datum;amount\nA;2026-01-31;1\n")
    assert problems(tmp_path, "transactions: tx.csv\n") == [
        "tx.csv:1: the transactions table needs a column 'date' but it is missing; "
        "columns found: 'customer_id', 'Datum', 'amount' "
        "(did you mean 'Datum'? Map it in config.yaml: data: transactions: columns: {date: \"Datum\"})"]


def test_missing_required_column_without_a_close_match(tmp_path):
    write(tmp_path / "tx.csv", "customer_id;date;Bedrag\nA;2026-01-31;1\n")
    assert problems(tmp_path, "transactions: tx.csv\n") == [
        "tx.csv:1: the transactions table needs a column 'amount' but it is missing; "
        "columns found: 'customer_id', 'date', 'Bedrag' "
        "(name the column in config.yaml: data: transactions: columns: {amount: \"<column name>\"})"]


def test_missing_mapped_column_quotes_the_configured_name(tmp_path):
    simple_transactions(tmp_path)
    data = TX.replace("Bedrag excl. BTW", "Bedrag excl BTW")
    assert problems(tmp_path, data) == [
        "data/tx.csv:1: column 'Bedrag excl BTW' (configured as amount of the transactions table "
        "in config.yaml) not found; columns found: 'Klantnummer', 'Factuurdatum', 'Bedrag excl. BTW' "
        "(did you mean 'Bedrag excl. BTW'?)"]


def test_column_names_match_case_insensitively_after_stripping(tmp_path):
    write(tmp_path / "tx.csv", " CUSTOMER_ID ;Date;AMOUNT;Order_Type\nA;2026-01-31;1;Rush\n")
    t = build(tmp_path, "transactions: tx.csv\n")
    assert list(t.transactions.columns) == ["customer_id", "date", "amount", "order_type"]
    assert t.quality["transactions"].columns["customer_id"] == " CUSTOMER_ID "


# --------------------------------------------------------------------------
# Errors in values


def test_unreadable_amount_names_value_row_column_and_format(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;12,50\nA;2026-01-31;twaalf\n")
    assert problems(tmp_path, TX) == [
        "data/tx.csv:3: column 'Bedrag excl. BTW': 'twaalf' is not an amount "
        "(expected an amount like 1.234,56 or -12,50, with a decimal comma as sniffed; "
        "if the file uses '.', set decimal: \".\" for the transactions table in config.yaml)"]


def test_empty_required_values_are_errors(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;\nB;;1\n  ;2026-01-31;1\n")
    assert problems(tmp_path, TX) == [
        "data/tx.csv:4: column 'Klantnummer': customer_id is empty "
        "(every row needs a customer id: fill it in or delete the row)",
        "data/tx.csv:3: column 'Factuurdatum': date is empty (this column is required: fill in every row)",
        "data/tx.csv:2: column 'Bedrag excl. BTW': amount is empty (this column is required: fill in every row)"]


def test_a_date_beyond_any_report_is_not_a_date_rather_than_a_crash(tmp_path):
    # '41020501' fits yyyymmdd as the year 4102: too far for any report (and for pandas' dates)
    simple_transactions(tmp_path, "A;2026-01-31;1\nB;41020501;1\nC;15000101;1\n")
    listed = problems(tmp_path, TX)
    assert [p.split(" (expected")[0] for p in listed] == [
        "data/tx.csv:3: column 'Factuurdatum': '41020501' is not a date",
        "data/tx.csv:4: column 'Factuurdatum': '15000101' is not a date"]


def test_errors_are_capped_per_file(tmp_path):
    simple_transactions(tmp_path, "".join(f"A;2026-13-{i:02d};1\n" for i in range(1, 26)))
    listed = problems(tmp_path, TX)
    assert len(listed) == 21
    assert listed[0].startswith("data/tx.csv:2: column 'Factuurdatum': '2026-13-01' is not a date")
    assert listed[-1] == "data/tx.csv: and 5 more problems in this file"


def test_problems_of_every_file_are_reported_together(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;x\n")
    write(tmp_path / "interactions.csv", "customer_id;datum;kind\nA;2026-01-31;call\n")
    listed = problems(tmp_path, TX + "interactions: interactions.csv\n")
    assert [p.split(":")[0] for p in listed] == ["data/tx.csv", "interactions.csv"]


def test_no_transactions_left_is_an_error(tmp_path):
    simple_transactions(tmp_path, "")
    assert problems(tmp_path, TX) == [
        "data/tx.csv: no transactions to report on (the transactions table has no usable rows)"]


# --------------------------------------------------------------------------
# Warnings


def test_unreadable_optional_values_are_left_missing_and_counted(tmp_path):
    write(tmp_path / "tx.csv", "customer_id;date;amount;cost;due_date\n"
                               "A;2026-01-31;10;4,5;2026-02-28\nA;2026-01-30;10;n.v.t.;morgen\n")
    t = build(tmp_path, "transactions: tx.csv\n")
    tx = t.transactions
    assert tx["cost"].tolist()[0] == 4.5 and np.isnan(tx["cost"].iloc[1])
    assert tx["due_date"].tolist()[0] == pd.Timestamp("2026-02-28") and pd.isna(tx["due_date"].iloc[1])
    q = t.quality["transactions"]
    assert english(q.rejected) == {"invalid cost (left missing)": 1, "invalid due_date (left missing)": 1}
    assert english(q.examples)["invalid cost (left missing)"] == ["tx.csv:3: 'n.v.t.'"]
    assert q.missing == {"customer_id": 0, "date": 0, "amount": 0, "cost": 1, "due_date": 1}
    assert [str(w) for w in t.warnings] == [
        "tx.csv:3: column 'cost': 1 value not readable as an amount, left missing (first: 'n.v.t.') "
        "(expected an amount like 1.234,56 or -12,50, with a decimal comma as sniffed; "
        "if the file uses '.', set decimal: \".\" for the transactions table in config.yaml)",
        "tx.csv:3: column 'due_date': 1 value not readable as a date, left missing (first: 'morgen') "
        "(expected a date like 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 or 20260131; "
        "set date_format: for this table in config.yaml for other layouts)"]


def test_duplicate_rows_are_counted_and_kept(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;10,00\nB;2026-01-31;10,00\nA;2026-01-31;10,00\n")
    t = build(tmp_path, TX)
    assert t.transactions["customer_id"].tolist() == ["A", "B", "A"]
    q = t.quality["transactions"]
    assert (q.rows_read, q.rows_used) == (3, 3)
    assert english(q.rejected) == {"duplicate row (kept)": 1}
    assert english(q.examples) == {"duplicate row (kept)": ["data/tx.csv:4: repeats line 2"]}
    assert [str(w) for w in t.warnings] == [
        "data/tx.csv:4: 1 row exactly repeating an earlier row, kept (first: repeats line 2) "
        "(set drop_duplicates: true for the transactions table in config.yaml to drop them)"]


def test_duplicate_rows_are_dropped_when_configured(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;10,00\nA;2026-01-31;10,00\nA;2026-01-31;10,00\n"
                                  "A;2026-01-31;10,01\n")
    t = build(tmp_path, f"transactions: {{path: data/tx.csv, drop_duplicates: true, columns: {TX_COLUMNS}}}\n")
    assert t.transactions["amount"].tolist() == [10.0, 10.01]
    assert english(t.quality["transactions"].rejected) == {"duplicate row (dropped)": 2}
    assert t.quality["transactions"].rows_used == 2


def test_rows_that_differ_only_in_an_unmapped_column_are_not_duplicates(tmp_path):
    write(tmp_path / "tx.csv", "customer_id;date;amount;product\n"
                               "A;2026-01-31;10;paper\nA;2026-01-31;10;ink\n")
    t = build(tmp_path, "transactions: {path: tx.csv, drop_duplicates: true}\n")
    assert len(t.transactions) == 2
    assert english(t.quality["transactions"].rejected) == {}


def test_duplicates_across_the_files_of_a_glob(tmp_path):
    write(tmp_path / "data" / "a.csv", TX_HEADER + "A;2026-01-31;10,00\n")
    write(tmp_path / "data" / "b.csv", TX_HEADER + "B;2026-02-01;1,00\nA;2026-01-31;10,00\n")
    t = build(tmp_path, f"transactions: {{path: data/*.csv, columns: {TX_COLUMNS}}}\n")
    assert english(t.quality["transactions"].examples) == {
        "duplicate row (kept)": ["data/b.csv:3: repeats data/a.csv line 2"]}


def test_rows_after_as_of_are_left_out_and_counted(tmp_path):
    simple_transactions(tmp_path, "A;2026-06-30;1\nA;2026-07-01;2\nB;2026-08-01;3\n")
    write(tmp_path / "feedback.csv", "customer_id;date;nps\nA;2026-06-01;9\nA;2026-07-02;3\n")
    t = build(tmp_path, TX + "feedback: feedback.csv\n", extra="as_of: 2026-06-30\n")
    assert t.as_of == dt.date(2026, 6, 30)
    assert t.transactions["amount"].tolist() == [1.0]
    assert t.feedback["nps"].tolist() == [9.0]
    assert english(t.quality["transactions"].rejected) == {"after the report date": 2}
    assert t.quality["transactions"].date_range == (dt.date(2026, 6, 30), dt.date(2026, 6, 30))
    assert english(t.quality["feedback"].rejected) == {"after the report date": 1}
    assert str(t.warnings[0]) == (
        "data/tx.csv:3: column 'Factuurdatum': 2 rows dated after the report date 2026-06-30, left out "
        "(first: 2026-07-01) (the report date is as_of in config.yaml)")


def test_as_of_defaults_to_the_last_transaction_date(tmp_path):
    simple_transactions(tmp_path, "A;2026-03-01;1\nA;2026-05-17;2\n")
    write(tmp_path / "interactions.csv", "customer_id;date;kind\nA;2026-05-18;call\nA;2026-05-17;Call\n")
    t = build(tmp_path, TX + "interactions: interactions.csv\n")
    assert t.as_of == dt.date(2026, 5, 17)
    assert t.interactions["kind"].tolist() == ["call"]
    assert english(t.quality["interactions"].rejected) == {"after the report date": 1}


def test_dates_before_1990_are_rejected(tmp_path):
    simple_transactions(tmp_path, "A;1899-12-31;1\nA;2026-01-31;2\n")
    t = build(tmp_path, TX)
    assert t.transactions["amount"].tolist() == [2.0]
    assert english(t.quality["transactions"].rejected) == {"dated before 1990": 1}
    assert str(t.warnings[0]) == ("data/tx.csv:2: column 'Factuurdatum': 1 row dated before 1990, left out "
                                  "(first: 1899-12-31) (check the dates and the date format)")


def test_excluded_customers_leave_every_table(tmp_path):
    simple_transactions(tmp_path, "INTERN-001;2026-01-31;1\nA;2026-01-31;2\nINTERN-001;kapot;x\n")
    write(tmp_path / "customers.csv", "customer_id;name\nA;Alfa\nINTERN-001;Wijzelf\n")
    t = build(tmp_path, TX + "customers: customers.csv\n", extra='exclude: ["INTERN-001"]\n')
    assert t.transactions["customer_id"].tolist() == ["A"]
    assert t.customers["customer_id"].tolist() == ["A"]
    assert english(t.quality["transactions"].rejected) == {"excluded customer": 2}
    assert english(t.quality["customers"].rejected) == {"excluded customer": 1}
    assert t.quality["transactions"].rows_read == 3
    # asked for in the config: counted on the data-quality page, but no warning (--strict passes)
    assert t.warnings == ()
    assert english(t.quality["transactions"].examples)["excluded customer"][0] == "data/tx.csv:2: 'INTERN-001'"


def test_interactions_of_unknown_customers_are_left_out(tmp_path):
    simple_transactions(tmp_path, "00042;2026-01-31;1\n")
    write(tmp_path / "customers.csv", "customer_id\n00042\nC-9\n")
    write(tmp_path / "interactions.csv", "customer_id;date;kind;minutes\n"
                                         "00042;2026-01-02;Support;12,5\nC-9;2026-01-03;visit;\n"
                                         "X;2026-01-04;call;3\n")
    t = build(tmp_path, TX + "customers: customers.csv\ninteractions: interactions.csv\n")
    assert t.interactions["customer_id"].tolist() == ["00042", "C-9"]
    assert t.interactions["kind"].tolist() == ["support", "visit"]
    assert t.interactions["minutes"].tolist()[0] == 12.5
    assert english(t.quality["interactions"].rejected) == {"unknown customer": 1}
    assert english(t.quality["customers"].rejected) == {"no transactions": 1}
    assert [str(w) for w in t.warnings] == [
        "customers.csv:3: column 'customer_id': 1 row in the customers table without transactions, kept "
        "(first: 'C-9')",
        "interactions.csv:4: column 'customer_id': 1 row for customers not in the transactions or the "
        "customers table, left out (first: 'X') "
        "(check the customer ids, or add these customers to the customers table)"]


def test_ids_that_match_only_without_leading_zeros_are_not_merged(tmp_path):
    simple_transactions(tmp_path, "00042;2026-01-31;1\n")
    write(tmp_path / "feedback.csv", "customer_id;date;nps\n42;2026-01-02;8\n")
    t = build(tmp_path, TX + "feedback: feedback.csv\n")
    assert t.feedback.empty
    assert english(t.quality["feedback"].rejected) == {"unknown customer (leading zeros differ)": 1}
    assert [str(w) for w in t.warnings] == [
        "feedback.csv:2: column 'customer_id': 1 row for customers not in the transactions or the customers "
        "table whose id matches a known id only without leading zeros, left out (first: '42' vs '00042') "
        "(ids are text: '00042' is not '42'; make the ids identical in every file, and format id columns "
        "in Excel as text, which otherwise drops leading zeros)"]


def test_negative_quantities_are_kept_and_counted(tmp_path):
    write(tmp_path / "tx.csv", "customer_id;date;amount;quantity\nA;2026-01-31;-10;-2\nA;2026-01-31;5;1\n")
    t = build(tmp_path, "transactions: tx.csv\n")
    assert t.transactions["quantity"].tolist() == [-2.0, 1.0]
    assert english(t.quality["transactions"].rejected) == {"negative quantity": 1}
    assert english(t.quality["transactions"].examples) == {"negative quantity": ["tx.csv:2: -2"]}


def test_ratings_and_nps_out_of_range_are_left_missing(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;1\n")
    write(tmp_path / "assessments.csv", "customer_id;knowledge;pleasure;prestige\nA;5;0;3,5\nA;6;1;\n")
    write(tmp_path / "feedback.csv", "customer_id;date;nps;csat\nA;2026-01-02;11;4\nA;2026-01-03;0;\n")
    t = build(tmp_path, TX + "assessments: assessments.csv\nfeedback: feedback.csv\n")
    a = t.assessments
    assert a["knowledge"].tolist()[0] == 5.0 and np.isnan(a["knowledge"].iloc[1])
    assert np.isnan(a["pleasure"].iloc[0]) and a["pleasure"].tolist()[1] == 1.0
    assert a["prestige"].tolist()[0] == 3.5
    assert "date" not in a
    assert english(t.quality["assessments"].rejected) == {"knowledge outside 1–5 (left missing)": 1,
                                                 "pleasure outside 1–5 (left missing)": 1}
    assert np.isnan(t.feedback["nps"].iloc[0]) and t.feedback["nps"].tolist()[1] == 0.0
    assert english(t.quality["feedback"].examples) == {"nps outside 0–10 (left missing)": ["feedback.csv:2: 11"]}


def test_a_repeated_customer_id_in_the_customers_table_uses_the_first_row(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;1\n")
    write(tmp_path / "customers.csv", "customer_id;name\nA;Alfa\nA;Alfa BV\n")
    t = build(tmp_path, TX + "customers: customers.csv\n")
    assert t.customers["name"].tolist() == ["Alfa"]
    assert [str(w) for w in t.warnings] == [
        "customers.csv:3: column 'customer_id': 1 row repeating a customer id of an earlier row, left out "
        "(first: 'A') (each customer needs one row; the first row is used)"]


def test_text_columns_are_stripped_and_empty_is_missing(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;1\nB;2026-01-31;1\n")
    write(tmp_path / "customers.csv", "customer_id;name;contract;language\nA; De Kleine Pers ;Prepaid;nl\nB;;;\n")
    t = build(tmp_path, TX + "customers: customers.csv\n")
    c = t.customers
    assert c["name"].tolist()[0] == "De Kleine Pers"
    assert c["contract"].tolist()[0] == "Prepaid"
    assert c[["name", "contract", "language"]].isna().iloc[1].tolist() == [True, True, True]
    assert (c["contract"] == "Prepaid").tolist() == [True, False]
    assert t.quality["customers"].missing == {"customer_id": 0, "name": 1, "contract": 1, "language": 1}


def test_blank_lines_are_skipped_and_rows_keep_their_numbers(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;1\n;;\nB;2026-01-31;oops\n")
    assert problems(tmp_path, TX)[0].startswith("data/tx.csv:4: column 'Bedrag excl. BTW': 'oops' is not an amount")


def test_quality_summarises_the_table(tmp_path):
    simple_transactions(tmp_path, "A;2026-01-31;1\nA;2026-03-01;1\nA;2026-03-01;1\n")
    q = build(tmp_path, TX).quality["transactions"]
    assert q.table == "transactions"
    assert q.files == ("data/tx.csv",)
    assert (q.rows_read, q.rows_used) == (3, 3)
    assert q.date_range == (dt.date(2026, 1, 31), dt.date(2026, 3, 1))
    assert q.columns == {"customer_id": "Klantnummer", "date": "Factuurdatum", "amount": "Bedrag excl. BTW"}
    assert q.missing == {"customer_id": 0, "date": 0, "amount": 0}


# --- interactions: who reached out (direction) --------------------------------------------------

def test_interaction_direction_is_read_in_or_out_from_common_spellings(tmp_path):
    simple_transactions(tmp_path)
    write(tmp_path / "data" / "contact.csv",
          "Klant;Datum;Soort;Richting\n00042;2026-01-05;call;Uitgaand\n00042;2026-01-06;complaint;inbound\n"
          "00043;2026-01-07;email;OUT\n00043;2026-01-08;call;\n")
    t = build(tmp_path, f"""\
        transactions: {{path: data/tx.csv, columns: {TX_COLUMNS}}}
        interactions: {{path: data/contact.csv, columns: {{customer_id: Klant, date: Datum, kind: Soort,
                        direction: Richting}}}}
        """)
    direction = t.interactions["direction"]
    assert direction.tolist()[:3] == ["out", "in", "out"] and pd.isna(direction.iloc[3])   # empty: unknown


def test_an_unknown_direction_is_an_error_naming_the_row(tmp_path):
    simple_transactions(tmp_path)
    write(tmp_path / "data" / "contact.csv", "customer_id;date;kind;direction\n00042;2026-01-05;call;sideways\n")
    msgs = problems(tmp_path, f"""\
        transactions: {{path: data/tx.csv, columns: {TX_COLUMNS}}}
        interactions: data/contact.csv
        """)
    assert len(msgs) == 1 and "contact.csv:2" in msgs[0] and "'sideways' is not a direction" in msgs[0]
    assert "'in'" in msgs[0] and "'out'" in msgs[0]
