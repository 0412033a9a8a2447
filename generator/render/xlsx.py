"""Excel workbooks (.xlsx, Office Open XML) written straight from DataFrames.

openpyxl builds a Python object per cell, which takes minutes for 100,000
customers. Here every column becomes its cells' XML in one go with Arrow's
string kernels (the machinery behind pandas' ``str`` columns): the values are
formatted, escaped and wrapped in ``<c>`` elements column by column, the cells
of a row are joined by one more kernel, and the rows stream, a block at a time,
into the zip. No Python object is made per cell.

What a cell becomes, by the column's type:

- numbers: ``<v>`` with the shortest text that reads back as the same float
  (whole numbers without ``.0``); NaN, None and ±inf give no cell;
- booleans: ``t="b"``;
- dates (``datetime64``, Timestamp, date): the Excel serial day number (time of
  day dropped) with a ``yyyy-mm-dd`` number format;
- anything else: text as an inline string (``t="inlineStr"``), never a formula,
  even when it starts with ``=``. Characters XML 1.0 forbids (control
  characters, lone surrogates, U+FFFE/U+FFFF) are dropped, so the file always
  opens; text longer than Excel's 32,767 characters per cell is cut there;
  an empty text is an empty cell.
- object columns of mixed types are typed value by value (a slower path).

Each sheet has a header row of the column names (bold), the first row frozen,
fixed column widths and an autofilter over the data. A sheet may give columns
a number format (``formats``: an Excel format code such as ``0.0%``, applied to
its numbers) and make a column's texts hyperlinks (``links``: the column shown
-> the column holding each row's target, a path relative to the workbook's
folder or a URL); Excel follows at most :data:`MAX_LINKS` links per sheet, so
rows past that keep their text without a link. The bytes depend only on the
input: fixed zip timestamps (:data:`ZIP_DATE`), a fixed entry order and the
document dates given by the caller.
"""
from __future__ import annotations

import datetime as dt
import decimal
import io
import numbers
import re
import zipfile
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from generator.execution import DEFAULT

#: fixed timestamp of every zip entry: the same workbook gives the same bytes
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: deflate level, chosen by measurement on 100,000 customers x 70 columns + 150,000 actions
#: (390 MB of XML): level 6 (zlib's default) gives 61 MB instead of 76 MB, but takes
#: 7.7 s of CPU instead of 3.3 s for the whole workbook; 19% smaller is not worth it.
COMPRESSION_LEVEL = 1
MAX_ROWS = 1_048_576          # Excel's limits, header row included
MAX_COLUMNS = 16_384
MAX_TEXT = 32_767             # characters per cell
MAX_LINKS = 65_530            # hyperlinks per worksheet (Excel's limit; XlsxWriter stops there too)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: what XML 1.0 forbids: C0 controls other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL_RE2 = r"[\x{0}-\x{8}\x{b}\x{c}\x{e}-\x{1f}\x{fffe}\x{ffff}]"   # Arrow strings hold no surrogates
_XML_SPACE = " \t\n\r"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_EXCEL_EPOCH_DAYS = 25_569     # serial day number of 1970-01-01 (day 0 is 1899-12-30)
_DATE_STYLE = 1                # index of the yyyy-mm-dd format in styles.xml's cellXfs
_HEADER_STYLE = 2              # bold
_LINK_STYLE = 3                # blue, underlined (Excel's Hyperlink cell style)
_FIRST_FORMAT_STYLE = 4        # then one per number format a sheet asks for, in order of first use
_FIRST_FORMAT_ID = 165         # custom numFmt ids start at 164 (164 is the date format)

_NUMBER, _BOOL, _DATE, _TEXT = "n", "b", "d", "s"     # kinds of cells in a mixed column


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """``&``, ``<`` and ``>`` (and any of ``entities``) as XML entities: xml.sax.saxutils.escape,
    whose module imports urllib, http and ssl (35 ms of every build's start)."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for char, entity in (entities or {}).items():
        text = text.replace(char, entity)
    return text


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its tab name, its table, and column widths by column name (in characters)."""

    name: str
    frame: pd.DataFrame
    widths: Mapping[str, float] = field(default_factory=dict)
    default_width: float = 14
    #: column name -> Excel number format code ("#,##0", "0.0%", '"€ "#,##0.00'), for its numbers
    formats: Mapping[str, str] = field(default_factory=dict)
    #: column shown as a hyperlink -> column with each row's target (itself, or a hidden one: a
    #: column not in ``frame.columns`` is read from ``targets``)
    links: Mapping[str, str] = field(default_factory=dict)
    #: link targets that are not a column of the sheet, by name (same length as ``frame``)
    targets: Mapping[str, Sequence] = field(default_factory=dict)


def workbook(sheets: Sequence[Sheet], *, creator: str, title: str, created: dt.datetime,
             compresslevel: int = COMPRESSION_LEVEL, block_rows: int = DEFAULT.xlsx_block_rows,
             threads: int = DEFAULT.xlsx_threads) -> bytes:
    """The workbook's bytes; ``created`` is both the creation and modification date.

    A sheet's rows are converted in blocks of ``block_rows`` (which bounds the memory of one
    block to some tens of MB), on ``threads`` threads while the zip deflates the previous
    blocks; neither changes a byte of the workbook."""
    _check_names([s.name for s in sheets])
    styles = _Styles(sheets)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        def put(name: str, text: str) -> None:
            with zf.open(_entry(name, compresslevel), "w") as fh:
                fh.write(text.encode("utf-8"))

        put("[Content_Types].xml", _content_types(len(sheets)))
        put("_rels/.rels", _ROOT_RELS)
        put("docProps/core.xml", _core(creator, title, created))
        put("docProps/app.xml", _APP)
        put("xl/workbook.xml", _workbook(sheets))
        put("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        put("xl/styles.xml", styles.xml())
        for i, sheet in enumerate(sheets, start=1):
            with zf.open(_entry(f"xl/worksheets/sheet{i}.xml", compresslevel), "w") as fh:
                rels = _write_sheet(fh, sheet, block_rows, threads, styles)
            if rels is not None:
                with zf.open(_entry(f"xl/worksheets/_rels/sheet{i}.xml.rels", compresslevel), "w") as fh:
                    fh.write(rels)
    return buffer.getvalue()


def column_letter(i: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while i:
        i, rest = divmod(i - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_text(text: str) -> str:
    """Text as it goes into a cell: without the characters XML forbids, at most :data:`MAX_TEXT` long."""
    return _ILLEGAL.sub("", text)[:MAX_TEXT]


# --- the worksheet ----------------------------------------------------------------------

def _write_sheet(fh, sheet: Sheet, block_rows: int, threads: int, styles: _Styles | None = None) -> bytes | None:
    """The sheet's XML into ``fh``; returns its relationships part (the hyperlinks' targets), if any."""
    styles = styles or _Styles([sheet])
    frame = sheet.frame
    rows, cols = frame.shape
    if rows + 1 > MAX_ROWS or cols > MAX_COLUMNS:
        raise ValueError(f"sheet {sheet.name!r}: {rows} rows x {cols} columns is more than Excel holds "
                         f"({MAX_ROWS - 1} rows x {MAX_COLUMNS} columns)")
    letters = [column_letter(j) for j in range(1, cols + 1)]
    last = f"{letters[-1]}{rows + 1}" if cols else "A1"
    area = f"A1:{last}" if cols else "A1"
    widths = "".join(f'<col min="{j}" max="{j}" width="{_width(sheet.widths.get(c, sheet.default_width))}" '
                     f'customWidth="1"/>' for j, c in enumerate(frame.columns, start=1))
    fh.write((
        f'{_DECL}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{area}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{widths}</cols>" if cols else "")
        + '<sheetData><row r="1">'
        + "".join(f'<c r="{letter}1" s="{_HEADER_STYLE}" t="inlineStr">{_inline(str(c))}</c>'
                  for letter, c in zip(letters, frame.columns) if clean_text(str(c)))
        + "</row>").encode("utf-8"))
    series = [frame.iloc[:, j] for j in range(cols)]
    # one block (the sample's sheets): made here, as handing it to threads costs more than it saves
    names = list(frame.columns)
    style = [_LINK_STYLE if c in sheet.links else styles.of(sheet.formats.get(c)) for c in names]
    with (ThreadPoolExecutor(threads) if rows > block_rows else _Here()) as pool:
        columns = list(pool.map(_Column, series, letters, style))

        def block(start: int) -> pa.Array:
            stop = min(start + block_rows, rows)
            refs = _Refs(start, stop)
            cells = [c.cells(start, stop, refs) for c in columns]
            return pc.binary_join_element_wise(_s('<row r="'), refs.numbers, _s('">'), *cells, _s("</row>"), _s(""),
                                               null_handling="skip")

        # the next blocks are made while this one is deflated (Arrow and zlib let go of the GIL);
        # at most threads + 1 blocks are held
        pending: deque = deque()
        for start in range(0, rows if cols else 0, block_rows):
            pending.append(pool.submit(block, start))
            if len(pending) > threads:
                fh.write(_data(pending.popleft().result()))
        while pending:
            fh.write(_data(pending.popleft().result()))
    autofilter = f'<autoFilter ref="{area}"/>' if cols else ""
    fh.write(f"</sheetData>{autofilter}".encode("utf-8"))
    rels = _hyperlinks(fh, sheet, letters)
    fh.write(('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
              "</worksheet>").encode("utf-8"))
    return rels


def _hyperlinks(fh, sheet: Sheet, letters: list[str]) -> bytes | None:
    """``<hyperlinks>`` of the sheet into ``fh`` (one per row with a target, at most MAX_LINKS, in
    row order), and the relationships part that holds their targets; None without links."""
    frame = sheet.frame
    names = list(frame.columns)
    refs, targets = [], []
    for shown, target in sheet.links.items():
        if shown not in names:
            raise ValueError(f"sheet {sheet.name!r}: no column {shown!r} to link")
        values = frame[target] if target in names else pd.Series(list(sheet.targets[target]), index=frame.index)
        texts = pa.array(values.astype(object).where(values.notna(), None).to_numpy(), pa.large_string(),
                         from_pandas=True)
        texts = pc.if_else(pc.greater(pc.fill_null(pc.binary_length(texts), 0), 0), texts, _s(None))
        rows_ = pc.cast(pa.array(np.arange(2, len(frame) + 2, dtype=np.int64)), pa.large_string())
        refs.append(pc.binary_join_element_wise(_s(letters[names.index(shown)]), rows_, _s("")))
        targets.append(texts)
    if not refs:
        return None
    ref = pa.concat_arrays(refs)
    target = pa.concat_arrays(targets)
    keep = target.is_valid()
    ref, target = ref.filter(keep)[:MAX_LINKS], target.filter(keep)[:MAX_LINKS]
    if not len(ref):
        return None
    ids = pc.cast(pa.array(np.arange(1, len(ref) + 1, dtype=np.int64)), pa.large_string())
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        target = pc.replace_substring(target, char, entity)
    target = pc.replace_substring_regex(target, _ILLEGAL_RE2, "")
    links = pc.binary_join_element_wise(_s('<hyperlink ref="'), ref, _s('" r:id="rId'), ids, _s('"/>'), _s(""))
    fh.write(b"<hyperlinks>")
    fh.write(_data(links.combine_chunks() if isinstance(links, pa.ChunkedArray) else links))
    fh.write(b"</hyperlinks>")
    rels = pc.binary_join_element_wise(_s(f'<Relationship Id="rId'), ids, _s(f'" Type="{_REL}/hyperlink" Target="'),
                                       target, _s('" TargetMode="External"/>'), _s(""))
    return (f'{_DECL}<Relationships xmlns="{_PKG_REL}">'.encode("utf-8") + bytes(_data(rels))
            + b"</Relationships>")


class _Here:
    """ThreadPoolExecutor's map and submit, run in this thread."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    map = staticmethod(map)

    @staticmethod
    def submit(fn, *args) -> Future:
        done: Future = Future()
        done.set_result(fn(*args))
        return done


class _Column:
    """One column's cells, made a block of rows at a time.

    ``parts`` make the cells' contents (see :func:`_parts`); a column has one
    part per kind of value in it, so only a mixed column has more than one.
    """

    def __init__(self, series: pd.Series, letter: str, style: int = 0):
        self.open = _s(f'<c r="{letter}')
        self.parts = _parts(series)
        self.style = f'" s="{style}"' if style else None

    def cells(self, start: int, stop: int, refs: _Refs) -> pa.Array:
        """``<c>`` elements of rows start..stop, null where the cell is empty."""
        made = []
        for part in self.parts:
            head, text, tail = part(start, stop)
            if self.style:
                head = self._styled(head)
            made.append(pc.binary_join_element_wise(self.open, refs.then(head), text, tail, _s("")))
        if not made:
            return pa.nulls(stop - start, pa.large_string())
        return made[0] if len(made) == 1 else pc.coalesce(*made)

    def _styled(self, head):
        """A part's head with the column's style (``" s="N"`` after the cell reference); a date
        keeps its own date style."""
        if isinstance(head, pa.Scalar):
            text = head.as_py()
            return head if ' s="' in text else _s(self.style + text[1:])
        return pc.replace_substring(head, '"', self.style, max_replacements=1)


class _Refs:
    """The row numbers of a block of rows, and joined with what follows them in a cell (shared by
    the block's columns: fewer pieces to join per cell is faster)."""

    def __init__(self, start: int, stop: int):
        self.numbers = pc.cast(pa.array(np.arange(start + 2, stop + 2, dtype=np.int64)), pa.large_string())
        self._then: dict[str, pa.Array] = {}

    def then(self, head: pa.Scalar | pa.Array) -> pa.Array:
        if isinstance(head, pa.Array):
            return pc.binary_join_element_wise(self.numbers, head, _s(""))
        key = head.as_py()
        if key not in self._then:
            self._then[key] = pc.binary_join_element_wise(self.numbers, head, _s(""))
        return self._then[key]


#: a part gives, for rows start..stop, the rest of the cell after its row number:
#: (attributes and opening tags, the value's text (null: no cell of this part), closing tags)
_Part = Callable[[int, int], tuple]


def _parts(series: pd.Series) -> list[_Part]:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _parts(series.astype(object))
    if pd.api.types.is_bool_dtype(dtype):
        return [_bools(_arrow(series, pa.bool_()))]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            series = series.dt.tz_localize(None)          # the wall-clock date where it was recorded
        return [_dates(_serials(series.to_numpy()))]
    if pd.api.types.is_integer_dtype(dtype):
        return [_formatted(_arrow(series, None))]
    if pd.api.types.is_float_dtype(dtype):
        return [_floats(series.to_numpy(dtype=np.float64, na_value=np.nan))]
    values = series.to_numpy(dtype=object) if dtype == object else series
    kind = "string" if pd.api.types.is_string_dtype(dtype) and dtype != object else \
        pd.api.types.infer_dtype(values, skipna=True)
    if kind == "empty":
        return []
    if kind == "string":
        try:
            return [_texts(_arrow(values, pa.large_string()))]
        except (UnicodeEncodeError, pa.ArrowException):      # lone surrogates: cleaned one by one below
            values = series.to_numpy(dtype=object)
    if kind == "boolean":
        return [_bools(pa.array(values, type=pa.bool_(), from_pandas=True))]
    return _mixed(values)


def _floats(x: np.ndarray) -> _Part:
    """Numbers in the shortest text that reads back as the same float; NaN and ±inf: no cell."""
    def part(start, stop):
        v = x[start:stop]
        known = np.isfinite(v)
        w = np.where(known, v, 0.0)
        if np.array_equal(w, np.trunc(w)) and bool((np.abs(w) < 2**53).all()):
            array = pa.array(w.astype(np.int64), mask=~known)       # whole numbers format faster as ints
        else:
            array = pa.array(v, mask=~known)
        return _OPEN_VALUE, pc.cast(array, pa.large_string()), _CLOSE_VALUE
    return part


def _formatted(values: pa.Array, head: str = '"><v>') -> _Part:
    """Integers (or numbers already written as text)."""
    head = _s(head)

    def part(start, stop):
        return head, pc.cast(values.slice(start, stop - start), pa.large_string()), _CLOSE_VALUE
    return part


def _dates(serials: pa.Array) -> _Part:
    return _formatted(serials, f'" s="{_DATE_STYLE}"><v>')


def _bools(values: pa.Array) -> _Part:
    def part(start, stop):
        return _OPEN_BOOL, pc.if_else(values.slice(start, stop - start), _s("1"), _s("0")), _CLOSE_VALUE
    return part


def _texts(values: pa.Array) -> _Part:
    """Inline strings; the whole column is cleaned and escaped at once, and only where needed."""
    values = values.cast(pa.large_string())
    if _has_illegal(_buffer(values)):
        values = pc.replace_substring_regex(values, _ILLEGAL_RE2, "")
    if len(values) and (pc.max(pc.binary_length(values)).as_py() or 0) > MAX_TEXT:    # bytes >= characters; all empty: None
        values = pc.utf8_slice_codeunits(values, 0, MAX_TEXT)
    values = pc.if_else(pc.greater(pc.binary_length(values), 0), values, _s(None))     # '' is no cell
    spaced = _spaced(values)
    data = _buffer(values)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        if char.encode() in data:
            values = pc.replace_substring(values, char, entity)

    def part(start, stop):
        if spaced[start:stop].any():
            head = pc.if_else(pa.array(spaced[start:stop]), _OPEN_SPACED, _OPEN_TEXT)
        else:
            head = _OPEN_TEXT
        return head, values.slice(start, stop - start), _CLOSE_TEXT
    return part


def _spaced(values: pa.Array) -> np.ndarray:
    """Which texts start or end with whitespace (their cells need xml:space="preserve")."""
    if values.buffers()[2] is None:
        return np.zeros(len(values), dtype=bool)
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)[values.offset:values.offset + len(values) + 1]
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)
    first, end = offsets[:-1], offsets[1:]
    some = end > first
    spaced = np.zeros(len(values), dtype=bool)
    spaced[some] = _WHITESPACE[data[first[some]]] | _WHITESPACE[data[end[some] - 1]]
    return spaced & values.is_valid().to_numpy(zero_copy_only=False)


def _has_illegal(data: bytes) -> bool:
    """Whether UTF-8 text holds a character XML 1.0 forbids (a byte check, faster than a regex)."""
    if data.translate(None, _NOT_CONTROL):            # what is left: control characters
        return True
    return b"\xef\xbf" in data and (b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data)     # U+FFFE, U+FFFF


def _buffer(values: pa.Array) -> bytes:
    """The UTF-8 of all the texts of a large_string array, one after the other."""
    if values.buffers()[2] is None:
        return b""
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)
    start, end = int(offsets[values.offset]), int(offsets[values.offset + len(values)])
    return values.buffers()[2].slice(start, end - start).to_pybytes()


def _mixed(values: np.ndarray) -> list[_Part]:
    """A column of Python objects, typed value by value (a slow path for odd columns)."""
    lists: dict[str, list] = {_NUMBER: [], _BOOL: [], _DATE: [], _TEXT: []}
    for v in values:
        kind, value = _classify(v)
        for k, column in lists.items():
            column.append(value if k == kind else None)
    make = {_NUMBER: lambda c: _formatted(pa.array(c, pa.large_string())),
            _BOOL: lambda c: _bools(pa.array(c, pa.bool_())),
            _DATE: lambda c: _dates(pa.array(c, pa.int64())),
            _TEXT: lambda c: _texts(pa.array(c, pa.large_string()))}
    return [make[k](column) for k, column in lists.items() if any(x is not None for x in column)]


def _classify(v) -> tuple[str | None, object]:
    if v is None or v is pd.NaT or v is pd.NA:
        return None, None
    if isinstance(v, (bool, np.bool_)):
        return _BOOL, bool(v)
    if isinstance(v, (dt.date, np.datetime64)):        # datetime and Timestamp are dates too
        day = np.datetime64(pd.Timestamp(v).tz_localize(None) if getattr(v, "tzinfo", None) else v, "D")
        if np.isnat(day):
            return None, None
        return _DATE, _serials(np.array([day]))[0].as_py()
    if isinstance(v, numbers.Integral):
        return _NUMBER, str(int(v))
    if isinstance(v, (numbers.Real, decimal.Decimal)):
        x = float(v)
        if not np.isfinite(x):
            return None, None
        return _NUMBER, str(int(x)) if x.is_integer() and abs(x) < 2**53 else repr(x)
    return _TEXT, _ILLEGAL.sub("", str(v))


def _arrow(values: pd.Series | np.ndarray, type_: pa.DataType | None) -> pa.Array:
    array = pa.array(values, type=type_, from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _serials(values: np.ndarray) -> pa.Array:
    """Excel serial day numbers of datetime64 values (NaT → null), as openpyxl counts them."""
    missing = np.isnat(values)
    days = values.astype("datetime64[D]").astype(np.int64) + _EXCEL_EPOCH_DAYS
    days = np.where((days > 0) & (days <= 60), days - 1, days)   # Excel's phantom 1900-02-29
    return pa.array(days, mask=missing)


def _data(rows: pa.Array) -> memoryview:
    """The concatenated text of a large_string array, without copying it."""
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)
    return memoryview(rows.buffers()[2])[offsets[rows.offset]:offsets[rows.offset + len(rows)]]


def _s(text: str | None) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


_OPEN_VALUE, _OPEN_BOOL, _CLOSE_VALUE = _s('"><v>'), _s('" t="b"><v>'), _s("</v></c>")
_OPEN_TEXT, _OPEN_SPACED = _s('" t="inlineStr"><is><t>'), _s('" t="inlineStr"><is><t xml:space="preserve">')
_CLOSE_TEXT = _s("</t></is></c>")
_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r")
_WHITESPACE = np.zeros(256, dtype=bool)
_WHITESPACE[[0x09, 0x0A, 0x0D, 0x20]] = True


def _inline(text: str) -> str:
    text = clean_text(text)
    space = ' xml:space="preserve"' if text[:1] in _XML_SPACE or text[-1:] in _XML_SPACE else ""
    return f"<is><t{space}>{escape(text, {chr(13): '&#13;'})}</t></is>" if text else "<is><t></t></is>"


def _width(w: float) -> str:
    return repr(float(w)).removesuffix(".0")


# --- the package around the sheets ----------------------------------------------------------

def _check_names(names: list[str]) -> None:
    seen = set()
    for name in names:
        if not name or len(name) > 31 or _SHEET_NAME_FORBIDDEN.search(name) or name[0] == "'" or name[-1] == "'" \
                or _ILLEGAL.search(name):
            raise ValueError(f"{name!r} cannot be a sheet name (1-31 characters, none of []:*?/\\, "
                             "not starting or ending with ')")
        if name.casefold() in seen:
            raise ValueError(f"sheet name {name!r} is used twice")
        seen.add(name.casefold())


def _entry(name: str, level: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level         # what ZipFile.writestr(compresslevel=) sets; no public attribute in 3.11
    info.create_system = 3              # the same bytes on every platform
    info.external_attr = 0o644 << 16
    return info


def _content_types(n: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     for i in range(1, n + 1))
    return (f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheets}"
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>")


_ROOT_RELS = (
    f'{_DECL}<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>")

_APP = (f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>klantwaarde</Application></Properties>")

class _Styles:
    """styles.xml: the cell formats every sheet shares (general, date, bold header, hyperlink) and
    one per number format the sheets ask for, numbered in order of first use."""

    def __init__(self, sheets: Sequence[Sheet]):
        self.codes: list[str] = []
        for sheet in sheets:
            for column in sheet.frame.columns:
                code = sheet.formats.get(column)
                if code and code not in self.codes:
                    self.codes.append(code)

    def of(self, code: str | None) -> int:
        """The cellXfs index of a number format (0, General, for none)."""
        return _FIRST_FORMAT_STYLE + self.codes.index(code) if code else 0

    def xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{_FIRST_FORMAT_ID + i}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'
                          for i, code in enumerate(self.codes))
        xfs = "".join(f'<xf numFmtId="{_FIRST_FORMAT_ID + i}" fontId="0" fillId="0" borderId="0" xfId="0" '
                      'applyNumberFormat="1"/>' for i in range(len(self.codes)))
        return (
            f'{_DECL}<styleSheet xmlns="{_MAIN}">'
            f'<numFmts count="{1 + len(self.codes)}"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>{formats}'
            "</numFmts>"
            '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            "</fill></fills>"
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" applyNumberFormat="0" applyFill="0" '
            'applyBorder="0" applyAlignment="0" applyProtection="0"/></cellStyleXfs>'
            f'<cellXfs count="{_FIRST_FORMAT_STYLE + len(self.codes)}">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="1" applyFont="1"/>'
            f"{xfs}</cellXfs>"
            '<cellStyles count="2"><cellStyle name="Hyperlink" xfId="1" builtinId="8"/>'
            '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>")


def _core(creator: str, title: str, created: dt.datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return ('{}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:title>{}</dc:title><dc:creator>{}</dc:creator>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">{}</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">{}</dcterms:modified>'
            "</cp:coreProperties>").format(_DECL, escape(clean_text(title)), escape(clean_text(creator)), stamp, stamp)


def _workbook(sheets: Sequence[Sheet]) -> str:
    tabs = "".join(f'<sheet name="{escape(s.name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                   for i, s in enumerate(sheets, start=1))
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_quote(s.name))}!$A$1:${column_letter(s.frame.shape[1])}${len(s.frame) + 1}</definedName>"
        for i, s in enumerate(sheets) if s.frame.shape[1])
    return (f'{_DECL}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{tabs}</sheets>" + (f"<definedNames>{filters}</definedNames>" if filters else "")
            + "</workbook>")


def _quote(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _workbook_rels(n: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    return (f'{_DECL}<Relationships xmlns="{_PKG_REL}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
