"""generator/xlsx.py: workbooks written from DataFrames, read back with openpyxl as a spreadsheet user would."""
from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from generator.render import xlsx

CREATED = dt.datetime(2026, 6, 30)


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [1, 2, 3, 4],
        "amount": [0.1 + 0.2, 4000.0, np.nan, -1e-05],
        "big": [2.0**53 + 2, 1e300, np.inf, 1234567.891],
        "late": [True, False, True, False],
        "maybe": pd.array([True, None, False, None], dtype="boolean"),
        "count": pd.array([7, None, -3, 0], dtype="Int64"),
        "since": pd.to_datetime(["2025-03-01", None, "1999-12-31 18:30", "2026-06-30"], format="ISO8601"),
        "name": pd.array(["=SUM(A1)", "<b>&amp;</b>", "a\x01b\x1fc\ufffe", "emoji 😀 é"], dtype="str"),
        "note": ["  padded ", None, "line\r\nbreak", ""],
        "mixed": [1, "x", True, pd.Timestamp("2024-02-29")],
    })


def build(sheets=None, **kwargs) -> bytes:
    sheets = sheets or [xlsx.Sheet("data", frame(), {"name": 32}), xlsx.Sheet("empty", pd.DataFrame())]
    return xlsx.workbook(sheets, creator="klantwaarde", title="Rapport <Kleine Pers> & co", created=CREATED,
                         **kwargs)


def rows(data: bytes, sheet: str = "data") -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def test_cells_read_back_with_their_types():
    data = build()
    header, *body = rows(data)
    assert header == tuple(frame().columns)
    records = [dict(zip(header, r)) for r in body]
    assert [r["id"] for r in records] == [1, 2, 3, 4] and all(type(r["id"]) is int for r in records)
    assert records[0]["amount"] == 0.30000000000000004                 # the float itself, not 0.3
    assert records[1]["amount"] == 4000 and type(records[1]["amount"]) is int        # no '.0'
    assert records[2]["amount"] is None and records[3]["amount"] == -1e-05
    assert records[0]["big"] == 2.0**53 + 2 and records[1]["big"] == 1e300
    assert records[2]["big"] is None                                    # inf: no cell, not a broken file
    assert records[3]["big"] == 1234567.891
    assert [r["late"] for r in records] == [True, False, True, False]
    assert [r["maybe"] for r in records] == [True, None, False, None]
    assert [r["count"] for r in records] == [7, None, -3, 0]
    assert [r["since"] for r in records] == [dt.datetime(2025, 3, 1), None, dt.datetime(1999, 12, 31),
                                             dt.datetime(2026, 6, 30)]       # the day; time of day dropped
    assert [r["name"] for r in records] == ["=SUM(A1)", "<b>&amp;</b>", "abc", "emoji 😀 é"]
    assert [r["note"] for r in records] == ["  padded ", None, "line\r\nbreak", None]     # '' is empty
    assert [r["mixed"] for r in records] == [1, "x", True, dt.datetime(2024, 2, 29)]


def test_cell_types_and_formats_are_what_a_spreadsheet_expects():
    ws = openpyxl.load_workbook(io.BytesIO(build()))["data"]
    cell = {c: ws.cell(row=2, column=j) for j, c in enumerate(frame().columns, start=1)}
    assert cell["name"].data_type == "s" and cell["name"].value == "=SUM(A1)"      # text, never a formula
    assert cell["late"].data_type == "b" and cell["amount"].data_type == "n"
    assert cell["since"].is_date and cell["since"].number_format == "yyyy-mm-dd"
    assert ws.cell(row=5, column=10).is_date                  # a Timestamp in a mixed column is a date too
    assert not cell["amount"].is_date and cell["amount"].number_format == "General"
    sheet = zipfile.ZipFile(io.BytesIO(build())).read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="H2" t="inlineStr"><is><t>=SUM(A1)</t></is></c>' in sheet
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in sheet and "<f>" not in sheet
    assert '<c r="I2" t="inlineStr"><is><t xml:space="preserve">  padded </t></is></c>' in sheet
    assert 'r="C3"' in sheet and 'r="B4"' not in sheet        # 1e300 written, NaN is no cell at all


def test_sheet_layout_header_frozen_row_widths_and_autofilter():
    wb = openpyxl.load_workbook(io.BytesIO(build()))
    assert wb.sheetnames == ["data", "empty"]
    ws = wb["data"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J5"
    assert ws.column_dimensions["H"].width == 32 and ws.column_dimensions["A"].width == 14
    empty = wb["empty"]
    assert empty.freeze_panes == "A2" and empty.max_row == 1 and empty.cell(1, 1).value is None
    props = wb.properties
    assert props.creator == "klantwaarde" and props.title == "Rapport <Kleine Pers> & co"
    assert props.created == props.modified == CREATED


def test_every_part_is_well_formed_xml_and_the_bytes_are_deterministic():
    data = build()
    assert build() == data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [i.filename for i in zf.infolist()]
        assert names == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
                         "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                         "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]
        assert {i.date_time for i in zf.infolist()} == {xlsx.ZIP_DATE}
        for name in names:
            ET.fromstring(zf.read(name))         # a strict parser: no control character slipped through
    # blocks of rows are an implementation detail: 3 rows a block (and one thread) gives the same file
    assert build(block_rows=3, threads=1) == data


def test_many_rows_stay_in_order_across_blocks():
    n = 50
    big = pd.DataFrame({"i": np.arange(n), "x": np.arange(n) / 4, "s": [f"r{i}" for i in range(n)]})
    body = rows(xlsx.workbook([xlsx.Sheet("t", big)], creator="c", title="t", created=CREATED, block_rows=7), "t")[1:]
    assert body == [(i, i / 4 if i % 4 else i // 4, f"r{i}") for i in range(n)]


def test_compression_level_changes_only_the_size():
    fast, small = build(compresslevel=1), build(compresslevel=9)
    assert rows(fast) == rows(small)


def test_text_longer_than_a_cell_holds_is_cut_and_bad_sheet_names_are_refused():
    long = pd.DataFrame({"t": ["x" * (xlsx.MAX_TEXT + 10)]})
    [(value,)] = rows(xlsx.workbook([xlsx.Sheet("t", long)], creator="c", title="t", created=CREATED), "t")[1:]
    assert value == "x" * xlsx.MAX_TEXT
    for name in ["", "a" * 32, "a/b", "x[1]"]:
        with pytest.raises(ValueError, match="sheet name"):
            xlsx.workbook([xlsx.Sheet(name, frame())], creator="c", title="t", created=CREATED)
    with pytest.raises(ValueError, match="used twice"):
        xlsx.workbook([xlsx.Sheet("a", frame()), xlsx.Sheet("A", frame())], creator="c", title="t",
                      created=CREATED)


def test_less_common_column_types():
    odd = pd.DataFrame({
        "cat": pd.Categorical(["x", None, "y"]),
        "u64": np.array([2**64 - 1, 0, 1], dtype=np.uint64),
        "tz": pd.to_datetime(["2026-01-01 23:30"] * 3).tz_localize("Europe/Amsterdam"),     # its own date
        "surrogate": pd.array(["a\ud800b", None, "c"], dtype=pd.StringDtype("python")),
        "objects": pd.Series([dt.date(2020, 1, 2), 2**70, None], dtype=object),
    })
    body = rows(xlsx.workbook([xlsx.Sheet("t", odd)], creator="c", title="t", created=CREATED), "t")[1:]
    assert body == [("x", 2**64 - 1, dt.datetime(2026, 1, 1), "ab", dt.datetime(2020, 1, 2)),
                    (None, 0, dt.datetime(2026, 1, 1), None, 2**70),
                    ("y", 1, dt.datetime(2026, 1, 1), "c", None)]


def test_column_letters():
    assert [xlsx.column_letter(i) for i in (1, 26, 27, 52, 53, 702, 703, 16384)] == \
        ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]


def test_a_table_longer_than_a_sheet_continues_on_the_next_sheet():
    import openpyxl

    from generator.render.exports import _sheets

    frame = pd.DataFrame({"customer_id": [f"K{i}" for i in range(7)], "value": range(7)})
    sheets = _sheets("actions", frame, {}, rows=3)         # Excel's limit, made small
    assert [s.name for s in sheets] == ["actions", "actions 2", "actions 3"]
    data = xlsx.workbook(sheets, creator="klantwaarde", title="t", created=dt.datetime(2026, 6, 30))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    values = [row for ws in wb.worksheets for row in ws.iter_rows(min_row=2, values_only=True)]
    assert values == [(f"K{i}", i) for i in range(7)]
    assert all(ws["A1"].value == "customer_id" for ws in wb.worksheets)


def test_number_formats_bold_header_and_hyperlinks_read_back():
    money = '"€ "#,##0.00;-"€ "#,##0.00'
    table = pd.DataFrame({"name": ["Alfa & Zn.", "Bravo", "Charlie"], "amount": [3260.11, -12.5, np.nan],
                          "share": [0.1875, 1.0, 0.0], "count": pd.array([3, None, 12000], dtype="Int64"),
                          "page": ["customers/a.html", "customers/b <&>.html", None]})
    sheet = xlsx.Sheet("t", table, formats={"amount": money, "share": "0.0%", "count": "#,##0"},
                       links={"page": "page", "name": "site"}, targets={"site": ["https://example.org/?a=1&b=2",
                                                                              None, ""]})
    data = xlsx.workbook([sheet, xlsx.Sheet("u", table, formats={"share": "0.00"})], creator="c", title="t",
                         created=CREATED)
    ws = openpyxl.load_workbook(io.BytesIO(data))["t"]
    assert [c.font.b for c in ws[1]] == [True] * 5 and not ws["A2"].font.b
    assert (ws["B2"].value, ws["B2"].number_format) == (3260.11, money)
    assert (ws["B3"].value, ws["B3"].number_format) == (-12.5, money) and ws["B4"].value is None
    assert (ws["C2"].value, ws["C2"].number_format) == (0.1875, "0.0%")
    assert (ws["D4"].value, ws["D4"].number_format) == (12000, "#,##0")
    assert ws["E2"].hyperlink.target == "customers/a.html" and ws["E2"].style == "Hyperlink"
    assert ws["E3"].value == ws["E3"].hyperlink.target == "customers/b <&>.html"
    assert ws["E4"].value is None and ws["E4"].hyperlink is None
    assert ws["A2"].hyperlink.target == "https://example.org/?a=1&b=2"
    assert ws["A3"].hyperlink is None and ws["A4"].hyperlink is None       # no target: no link
    u = openpyxl.load_workbook(io.BytesIO(data))["u"]
    assert u["C2"].number_format == "0.00" and u["E2"].hyperlink is None     # formats are per sheet
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "xl/worksheets/_rels/sheet1.xml.rels" in zf.namelist()
        assert "xl/worksheets/_rels/sheet2.xml.rels" not in zf.namelist()     # no links, no part
        for name in zf.namelist():
            ET.fromstring(zf.read(name))
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode()
        styles = zf.read("xl/styles.xml").decode()
    # the schema's order: sheetData, autoFilter, hyperlinks, pageMargins
    assert sheet_xml.index("<autoFilter") < sheet_xml.index("<hyperlinks>") < sheet_xml.index("<pageMargins")
    assert '<numFmt numFmtId="165" formatCode="&quot;€ &quot;#,##0.00;-&quot;€ &quot;#,##0.00"/>' in styles
    assert '<cellStyle name="Hyperlink" xfId="1" builtinId="8"/>' in styles
    assert xlsx.workbook([sheet], creator="c", title="t", created=CREATED, block_rows=1, threads=1) == \
        xlsx.workbook([sheet], creator="c", title="t", created=CREATED)


def test_no_more_links_than_excel_follows():
    n = xlsx.MAX_LINKS + 5
    table = pd.DataFrame({"page": [f"p{i}.html" for i in range(n)]})
    data = xlsx.workbook([xlsx.Sheet("t", table, links={"page": "page"})], creator="c", title="t", created=CREATED)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        rels = zf.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert sheet.count("<hyperlink ") == rels.count("<Relationship ") == xlsx.MAX_LINKS
    assert f'<hyperlink ref="A{xlsx.MAX_LINKS + 1}" r:id="rId{xlsx.MAX_LINKS}"/>' in sheet
    assert f'<c r="A{n + 1}" s="3" t="inlineStr"><is><t>p{n - 1}.html</t></is></c>' in sheet     # text stays


def test_a_text_column_without_any_value_is_empty_cells():
    # a customers table whose contact column is empty everywhere (the benchmark's data found it)
    empty = pd.DataFrame({"id": [1, 2], "contact": pd.array([None, None], dtype="str"),
                          "other": pd.Series([None, None], dtype=object)})
    body = rows(xlsx.workbook([xlsx.Sheet("t", empty)], creator="c", title="t", created=CREATED), "t")[1:]
    assert body == [(1, None, None), (2, None, None)]
