"""Read the input tables: the only module that opens data files.

Everything after this module receives typed, validated tables, so that no
other stage has to guess what ``1.234,56`` or ``31-01-26`` means, or wonder
whether ``00042`` and ``42`` are the same customer (they are not: ids are
text).

How a table is read (``data:`` in config.yaml):

1. find the files (a path or a glob, relative to the config's folder; the
   files of a glob in sorted order);
2. read every file as *text* (CSV via pyarrow, Excel via openpyxl, Parquet
   via pyarrow), sniffing what was not configured: encoding, separator and
   decimal separator;
3. match the canonical columns (case-insensitively, after the ``columns:``
   mapping) to the file's columns;
4. parse each column vectorised: ids stay text, amounts and numbers become
   float64, dates ``datetime64[ns]`` (date only), codes lower-case text, the
   client's own codes mapped by ``values:`` (their code in any case -> ours);
5. check rows, first within a table, then across tables, and (given the
   policy) the codes of each coded column (:mod:`generator.inputs.codes`).

Bad rows by choice
------------------
``on_bad_rows: error`` (the default) makes a row whose required value cannot
be read an error, as below. ``on_bad_rows: skip`` leaves such a row out
instead (an empty customer id, an empty or unreadable ``date``, ``amount`` or
``kind``, a ``direction`` that is neither in nor out): each is kept as a
:class:`SkippedRow` (file, line, column, value, reason) for the data-quality
page and ``rejected.csv``, and counted as one warning per file and reason, so
``--strict`` still fails. Total lines (``Totaal``, ``Subtotaal``, ``Total``,
``Grand total`` … as the whole of an id or name column, or an empty customer
id with an amount equal to the sum of at least two rows above it, since the
file's start or the last such line) are recognised in both modes and named
so: an error saying "looks like a total line", or a skipped row. Column names
found on another line than ``header_row`` (a title line above them) are one
error naming that line and ``header_row``.

What is fatal and what is counted
---------------------------------
*Errors* (:class:`InputError`, exit code 2; every file is read first, then
all problems are raised together, at most 20 listed per file) make the report
wrong or impossible: no file for a table, an unreadable file (not a workbook,
not Parquet, undecodable, a CSV row with more fields than the header), a
missing required column (or a column named under ``columns:`` that is not
there), an empty customer id, an empty or unreadable value in another
required column (``date``, ``amount``, ``kind``) unless ``on_bad_rows: skip``,
a total line (idem), no transactions at all. A
CSV row with *fewer* fields is read with the missing ones empty (exports
leave trailing empty fields off).

Files of others may be careless or hostile, so these are errors too: an
empty file, a "CSV" that is a workbook (a zip) or holds a NUL byte (named by
line and column; UTF-16 and UTF-32 are detected, by their BOM or by every
other byte being NUL, and read), a ``header_row`` beyond the file's lines, a
column name klantwaarde reads written twice in the header (both positions
named: pandas would read the second as ``amount.1`` and drop it), a number
whose size is |x| ≥ :data:`MAX_NUMBER` (10^12) or not finite, in any numeric
column (``1e308``, a 5,000-digit integer, ``inf`` in a Parquet file; skipped
under ``on_bad_rows: skip``), and slashed dates read day first of which some
only fit month first (``12/25/2025``: one error naming the column, with the
hint ``date_format: "%m/%d/%Y"``). Values longer than 60 characters are shown
cut in messages.

*Warnings* are counted per table and reason in :class:`TableQuality` (with up
to three examples) and returned as one :class:`Problem` per file and reason,
pointing at the first row concerned. A warning leaves rows out, leaves a
value missing, or only counts; the reason says which:

- excluded customers (``exclude:``): left out of every table, before any
  other check (test accounts need not be clean);
- exact duplicate rows (same text in every column of the file, also across
  the files of a glob): kept, unless ``drop_duplicates: true``;
- an unreadable value in an optional column: left missing;
- ratings outside 1–5, NPS outside 0–10: left missing;
- negative quantities: kept (returns go with credit notes);
- a table's ``date`` before 1990: row left out; ``due_date``/``paid_date``
  before 1990: left missing (``since`` is not checked: old customers exist);
- rows dated after the report date (``as_of``, else the last transaction
  date): left out, in every table with a ``date``;
- interactions, assessments and feedback of customers that are neither in
  the transactions nor in the customers table: left out; when their id
  matches a known id only without leading zeros the warning says so;
- customers (customers table) without transactions: kept (same zeros note);
- a customer id repeated in the customers table: the first row is used;
- a code of a coded column that neither klantwaarde nor the policy knows:
  kept (it counts for no service and entitles to nothing), with a
  did-you-mean or how to map it under ``values:``;
- rows skipped under ``on_bad_rows: skip`` (above);
- a report date (``as_of``) more than 31 days after the last transaction;
- amounts with three digits after a decimal point that was sniffed, not
  configured (``1.250``: perhaps 1250 with a thousands separator): kept as
  read, with the hint to set ``decimal:``;
- a text longer than 32,767 characters (a workbook cell's limit: the
  workbooks cut it): kept;
- slashed dates read day first (sniffed or ``%d/%m/…``) where no day is over
  12 and some would read otherwise month first: kept, naming the format used.

Output frames
-------------
Columns in :data:`TABLE_COLUMNS` order, only those in the input (required
ones always exist), a fresh ``RangeIndex`` and file order (files of a glob in
sorted order). Text columns, ``customer_id`` included, use pandas' default
``str`` dtype (missing = NaN, so ``.isna()`` works); no categoricals, so
comparisons with plain strings behave everywhere. ``order_type`` and
``kind`` are lower-case. Numbers are float64, dates ``datetime64[ns]`` at
midnight. ``paid_date`` may lie after the report date (unpaid at that date).

Row numbers in messages are what a spreadsheet user sees: the header is on
line ``header_row`` and the first data row is ``header_row + 1``. (A quoted
CSV field spanning several lines, or blank lines in a CSV, are counted: a CSV's
line numbers are its physical lines.)
Excel: ``sheet`` is a name or a 1-based number; date cells become dates and
plain numbers in date columns are read as Excel day numbers.

``TableQuality.rejected`` counts every warning by reason, also those that
keep the row ("duplicate row (kept)", "negative quantity", "no transactions")
or only blank a value ("... (left missing)"); ``rows_read - rows_used`` is
the number of rows left out. ``sniffed`` says per setting whether it was
configured or sniffed, e.g. ``"';' (sniffed)"``; Excel adds ``sheet``.
Reasons, warnings and settings are :class:`~generator.text.messages.Message`
objects (a code and parameters), shown above as their English text.
"""
from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import functools
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from generator.inputs import aggregate, connections, storage
from generator.inputs.codes import CodeCount, Vocabulary, vocabularies
from generator.inputs.config import TABLE_COLUMNS, TABLES, Config, TableSource
from generator.errors import InputError, Problem, nearest
from generator.text.messages import Message

REQUIRED: dict[str, tuple[str, ...]] = {
    "transactions": ("customer_id", "date", "amount"),
    "customers": ("customer_id",),
    "interactions": ("customer_id", "date", "kind"),
    "assessments": ("customer_id",),
    "feedback": ("customer_id", "date"),
}

# How each canonical column is parsed; anything not listed is free text.
_KIND = {
    "customer_id": "id",
    "date": "date", "due_date": "date", "paid_date": "date", "since": "date",
    "amount": "amount", "cost": "amount",
    "quantity": "number", "minutes": "number", "severity": "number", "csat": "number",
    "knowledge": "rating", "pleasure": "rating", "network": "rating",
    "prestige": "rating", "potential": "rating",
    "nps": "nps",
    "order_type": "code", "kind": "code",
    "direction": "direction",
}
#: the values an interaction's direction may have (any case): who reached out, the customer (in) or we (out)
DIRECTIONS = {"in": "in", "inbound": "in", "incoming": "in", "inkomend": "in", "binnenkomend": "in",
              "out": "out", "uit": "out", "outbound": "out", "outgoing": "out", "uitgaand": "out"}
_NUMERIC_KINDS = ("amount", "number", "rating", "nps")
_RANGES = {"rating": (1, 5, "1–5"), "nps": (0, 10, "0–10")}

_OLDEST = pd.Timestamp("1990-01-01")        # older event dates are mistakes (or mis-parsed)
_MAX_ERRORS_PER_FILE = 20
_MAX_EXAMPLES = 3


@dataclass(frozen=True)
class TableQuality:
    """What the reading layer saw in one table (for the data-quality page)."""

    table: str
    files: tuple[str, ...]
    rows_read: int
    rows_used: int
    rejected: dict[Message, int] = field(default_factory=dict)            # reason -> rows
    examples: dict[Message, list[Message]] = field(default_factory=dict)  # reason -> first examples
    missing: dict[str, int] = field(default_factory=dict)                 # column -> missing values
    date_range: tuple[dt.date, dt.date] | None = None
    sniffed: dict[str, Message] = field(default_factory=dict)  # e.g. sep, decimal, encoding, format
    columns: dict[str, str] = field(default_factory=dict)       # canonical -> column name in the file
    codes: tuple[CodeCount, ...] = ()                           # per coded column: the codes found (codes.py)
    skipped: tuple[SkippedRow, ...] = ()                        # rows left out by on_bad_rows: skip


@dataclass(frozen=True)
class SkippedRow:
    """A row left out because it could not be read (``on_bad_rows: skip``) or is a total line."""

    file: str
    line: int
    column: str | None       # the file's column that could not be read (None: the row as a whole)
    value: str               # as read
    reason: Message          # e.g. bad.not_date (column), bad.total_line


@dataclass(frozen=True)
class Tables:
    """The validated input tables, the report date and what was found on the way."""

    transactions: pd.DataFrame | None   # None with compute: database (``summary`` carries them)
    customers: pd.DataFrame | None
    interactions: pd.DataFrame | None
    assessments: pd.DataFrame | None
    feedback: pd.DataFrame | None
    as_of: dt.date                      # config.as_of, else the last transaction date
    quality: dict[str, TableQuality]    # per configured table
    warnings: tuple[Problem, ...]       # counted, non-fatal problems
    #: compute: database: the transactions summarised in the database: per customer, no row
    summary: connections.Summary | None = None


def read_tables(config: Config, policy=None) -> Tables:
    """Read, type and check every configured table; raise :class:`InputError` on errors.

    All files are read before raising, so one run reports every broken file. With ``policy``
    the coded columns are checked against the codes it and klantwaarde know (codes.py).
    ``compute: database`` (transactions from a connection): no transaction row is read here;
    the database returns per-customer rows and counts (:func:`_summarise`) and
    ``Tables.transactions`` is None.
    """
    errors = _Errors()
    loaded: dict[str, _Table] = {}
    pushed = None
    with connections.Session() as session:     # tables from the same database share one connection
        for table in TABLES:
            source = config.data.get(table)
            if source is None:
                continue
            if table == "transactions" and (source.connection is not None or storage.through_duckdb(config, table, source)) \
                    and connections.compute_of(config, table, source, session)[0] == "database":   # auto resolved
                pushed = _summarise(config, source, policy, errors, session)
            else:
                loaded[table] = _read_table(config, table, source, errors, session)
        errors.raise_if_any()
        return _check_across_tables(config, loaded, vocabularies(policy) if policy is not None else {}, pushed)


@dataclass
class _Pushed:
    """compute: database: the transactions as the database summarised them (no row), and what the
    checks here say of them (the data-quality counts, as counts: the database has no line numbers)."""

    summary: connections.Summary
    quality: TableQuality | None = None
    warnings: list[Problem] = field(default_factory=list)


def _summarise(config: Config, source: TableSource, policy, errors: _Errors,
               session: connections.Session) -> _Pushed | None:
    """compute: database: the transactions' per-customer summary, details, timeline and data-quality
    counts computed in the database (connections.summarise); no transaction row comes back. A row
    without a customer id or a date is an error (``on_bad_rows: skip``: left out, counted)."""
    exclude = frozenset(x.strip() for x in config.exclude)
    plan = aggregate.Plan()
    if policy is not None:
        plan = aggregate.Plan(tuple(aggregate.Service(s.id, policy.usage_conditions.get(s.id), s.usage.sum)
                                    for s in policy.services if s.usage.table == "transactions"),
                              policy.house_rules.payment_terms_days)
    wanted = {c: source.columns.get(c, c) for c in TABLE_COLUMNS["transactions"]}
    try:
        summary = connections.summarise(config, "transactions", source, wanted, REQUIRED["transactions"],
                                        exclude, plan, session, _TOTAL_LABEL.pattern.lower(), _LABEL_COLUMNS)
    except InputError as e:
        for problem in e.problems:
            errors.add(problem)
        return None
    counts, shown, names = summary.counts, summary.shown, summary.names
    pushed = _Pushed(summary)
    rejected: dict[Message, int] = {}
    examples: dict[Message, list[Message]] = {}
    # Parquet files: the first row of each kind by its file and line (a database has neither)
    first_bad = counts.get("first_bad", {})

    def at(key: str | None) -> tuple[str, int | None]:
        return first_bad.get(key, (shown, None)) if key else (shown, None)

    def located(message: Message, key: str | None) -> Message:
        """The message that says its line is the first of the rows it counts, where it has one."""
        return Message(message.code + "_at", **dict(message.params)) if key in first_bad else message

    def count(reason: Message, n: int, warning: Message | None, values: list[str], column: str | None,
              hint: Message | None = None, unit: str = "count.rows", key: str | None = None) -> None:
        if n <= 0:
            return
        rejected[reason] = rejected.get(reason, 0) + n
        examples[reason] = [Message("example.value", file=shown, value=v) for v in values[:_MAX_EXAMPLES]]
        if warning is not None:
            pushed.warnings.append(Problem(at(key)[0], located(warning, key).with_params(
                count=Message(unit, n=n), value=values[0] if values else "—"), at(key)[1],
                names.get(column) if column else None, hint))

    if counts.get("totals"):      # total lines: an error, or left out (skipped) and counted
        if source.on_bad_rows == "skip":
            count(Message("rejected.skipped", reason=Message("bad.total_line"), column="—"), counts["totals"],
                  Message("warning.pushed_totals"), [f"'{v}'" for v in counts["total_examples"]], None,
                  key="totals")
        else:
            errors.add(Problem(at("totals")[0], located(Message("error.pushed_totals", count=Message(
                "count.rows", n=counts["totals"])), "totals"), at("totals")[1], None, Message("hint.pushed_totals")))
    for canonical, key in (("customer_id", "no_id"), ("date", "no_date")):
        if counts[key]:
            if source.on_bad_rows == "skip":
                count(Message("rejected.skipped", reason=Message("bad.empty", column=canonical),
                              column=names[canonical]), counts[key], Message("warning.pushed_skipped",
                                                                            column=canonical), [], canonical,
                      key=key)
            else:
                errors.add(Problem(at(key)[0], located(Message("error.pushed_empty", count=Message(
                    "count.rows", n=counts[key]), column=canonical), key), at(key)[1], names[canonical],
                                   Message("hint.pushed_empty")))
    if summary.frame is None or summary.as_of is None:
        if not errors:
            line, _col = config.where("data", "transactions")
            errors.add(Problem(config.display(config.file), "the transactions table (compute: database): "
                               "no transactions to report on", line, None,
                               "the transactions table has no usable rows"))
        return pushed
    count(Message("rejected.excluded"), counts.get("excluded", 0), None,
          [f"'{v}'" for v in counts.get("excluded_examples", [])], "customer_id")
    done = Message("done.dropped" if source.drop_duplicates else "done.kept")
    count(Message("rejected.duplicate", done=done), counts["duplicates"], Message("warning.duplicate", done=done),
          [Message("value.repeats_row")], None,
          None if source.drop_duplicates else Message("hint.drop_duplicates", table="transactions"))
    q = counts["quality"]
    count(Message("rejected.dated_before_1990"), int(q["before_1990"]), Message("warning.dated_before_1990"),
          [d.isoformat() for d in counts["old_examples"]], "date", Message("hint.check_dates"))
    for column in ("due_date", "paid_date"):
        if q.get(f"old_{column}"):
            count(Message("rejected.before_1990", column=column), int(q[f"old_{column}"]),
                  Message("warning.before_1990"), [connections.as_date(q[f"old_{column}_first"]).isoformat()],
                  column, Message("hint.check_dates"), unit="count.values")
    count(Message("rejected.negative_quantity"), int(q.get("negative_quantity", 0)),
          Message("warning.negative_quantity"),
          [_number_at(pd.Series([q["lowest_quantity"]]))(0)] if q.get("negative_quantity") else [], "quantity",
          Message("hint.credit_note"))
    as_of = summary.as_of
    count(Message("rejected.after_report_date"), int(q["after"]),
          Message("warning.after_report_date", date=as_of.isoformat()),
          [d.isoformat() for d in counts["after_examples"]], "date",
          Message("hint.as_of" if config.as_of else "hint.last_transaction"))
    kept = int(q["kept"])
    first, last = (connections.as_date(q["first"]), connections.as_date(q["last"])) if kept else (None, None)
    pushed.quality = TableQuality(
        table="transactions", files=(shown,), rows_read=counts["rows"], rows_used=kept,
        rejected=rejected, examples=examples,
        missing={c: int(q.get(f"missing_{c}", 0)) for c in TABLE_COLUMNS["transactions"] if c in names},
        date_range=(first, last) if kept else None,
        sniffed={"format": _setting(summary.engine, "connection")}, columns=dict(names))
    return pushed


def _pushed_codes(pushed: _Pushed, column: str, v: Vocabulary) -> CodeCount:
    """As :func:`_check_codes`, from the database's counts of each code (warnings without a line)."""
    counts = pushed.summary.counts["codes"].get(column, {})
    found = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    known, unknown = v.known, []
    shown, names = pushed.summary.shown, pushed.summary.names
    rejected, examples = dict(pushed.quality.rejected), dict(pushed.quality.examples)
    for code, n in found:
        if code in known or (not v.built_in and len(found) > _MANY_CODES):
            continue
        guess = nearest(code, known, cutoff=0.6) or nearest(code.casefold(), [k.casefold() for k in known])
        if guess is not None and guess not in known:
            guess = next(k for k in known if k.casefold() == guess)
        unknown.append((code, guess))
        hint = (Message("hint.unknown_code_guess", guess=guess, table="transactions", column=column, their=code)
                if guess else Message("hint.unknown_code", table="transactions", column=column, their=code,
                                      known=", ".join(known) if known else "—"))
        reason = Message("rejected.unknown_code", column=column, their=code)
        rejected[reason] = n
        first = f"'{pushed.summary.counts['code_ids'][code]}'"     # a customer with the code, as locally
        examples[reason] = [Message("example.value", file=shown, value=first)]
        pushed.warnings.append(Problem(shown, Message("warning.unknown_code", column=column, their=code).with_params(
            count=Message("count.rows", n=n), value=first), None, names.get(column), hint))
    pushed.quality = dataclasses.replace(pushed.quality, rejected=rejected, examples=examples)
    seen = {code for code, _ in found}
    return CodeCount(column, found, v.policy, tuple(unknown), tuple(c for c in v.policy if c not in seen), known)


# --------------------------------------------------------------------------
# Bookkeeping: errors (fatal) and per-table counts and warnings


class _Errors:
    """Fatal problems per file, capped so that a broken column does not print a million lines."""

    def __init__(self) -> None:
        self.listed: dict[str, list[Problem]] = {}
        self.more: dict[str, int] = {}

    def add(self, problem: Problem) -> None:
        listed = self.listed.setdefault(problem.file, [])
        if len(listed) < _MAX_ERRORS_PER_FILE:
            listed.append(problem)
        else:
            self.more[problem.file] = self.more.get(problem.file, 0) + 1

    def add_rows(self, file: str, lines: np.ndarray, column: str, values: np.ndarray,
                 message: str, hint: str | None) -> None:
        """One problem per row; only as many objects as will be listed are built."""
        room = max(_MAX_ERRORS_PER_FILE - len(self.listed.get(file, [])), 0)
        for line, value in zip(lines[:room], values[:room]):
            self.add(Problem(file, message.format(value=value), int(line), column, hint))
        if len(lines) > room:
            self.more[file] = self.more.get(file, 0) + len(lines) - room

    def __bool__(self) -> bool:
        return bool(self.listed)

    def raise_if_any(self) -> None:
        problems: list[Problem] = []
        for file, listed in self.listed.items():
            problems += listed
            if self.more.get(file):
                problems.append(Problem(file, f"and {self.more[file]} more problems in this file"))
        if problems:
            raise InputError(problems)


@dataclass
class _Table:
    """One table while it is being read and checked.

    ``frame`` holds the canonical columns plus ``_file`` (index into
    ``files``), ``_line`` (row number as the user sees it), ``_row`` (position
    in that file's ``raws`` entry) and ``_group`` (files with the same columns
    share a group), so every warning can point at a file and a row.
    """

    name: str
    files: list[str] = field(default_factory=list)             # as displayed
    names: list[dict[str, str]] = field(default_factory=list)  # per file: canonical -> file column
    sniffed: list[dict[str, Message]] = field(default_factory=list)
    raws: list[pd.DataFrame | None] = field(default_factory=list)  # per file, until duplicates are found
    groups: dict[tuple[str, ...], int] = field(default_factory=dict)
    frame: pd.DataFrame | None = None
    rows_read: int = 0
    rejected: dict[Message, int] = field(default_factory=dict)
    examples: dict[Message, list[Message]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    codes: list[CodeCount] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)     # on_bad_rows: skip (and total lines)
    columns_in_database: dict[str, str] | None = None           # a connection source: canonical -> its column
    dataset: bool = False                                       # a Parquet dataset read by DuckDB (storage.py)

    def warn_skipped(self) -> None:
        """Skipped rows as warnings, one per file and reason (so --strict fails), counted as rejected."""
        groups: dict[tuple[str, str | None, Message], list[SkippedRow]] = {}
        for row in self.skipped:
            groups.setdefault((row.file, row.column, row.reason), []).append(row)
        for (file, _column, reason), rows in groups.items():
            why = Message("rejected.skipped", reason=reason, column=rows[0].column or "—")
            self.rejected[why] = self.rejected.get(why, 0) + len(rows)
            examples = self.examples.setdefault(why, [])
            for row in rows[:_MAX_EXAMPLES - len(examples)]:
                examples.append(Message("example.row", file=row.file, line=row.line, value=f"'{row.value}'"))
            first = rows[0]
            self.warnings.append(Problem(file, Message("warning.skipped", count=Message("count.rows", n=len(rows)),
                                                       reason=reason, value=f"'{first.value}'"),
                                         first.line, first.column, Message("hint.skipped")))

    def flag(self, rows: pd.DataFrame, mask, reason: Message, warning: Message, *,
             unit: str = "count.rows", column: str | None = None,
             show: Callable[[int], str | Message] | None = None, hint: Message | None = None,
             drop: bool = False, warn: bool = True) -> None:
        """Count the rows of ``rows`` under ``mask`` as ``reason``: one warning per file.

        ``warning`` is given ``count`` (so many of ``unit``: "3 rows", or
        "3 values" with ``unit="count.values"``) and ``value``, what
        ``show(i)`` gives for the first row concerned (``i`` is a position in
        ``rows``; by default the quoted customer id). With ``drop`` the rows
        are removed (``rows`` must then be ``self.frame``). Without ``warn``
        the rows are only counted (what the user asked for, such as excluded
        customers, is no warning and does not fail --strict).
        """
        mask = np.asarray(mask, dtype=bool)
        hits = np.flatnonzero(mask)
        if not len(hits):
            return
        if show is None:
            show = _quoted_at(rows["customer_id"])
        files = rows["_file"].to_numpy()
        lines = rows["_line"].to_numpy()
        self.rejected[reason] = self.rejected.get(reason, 0) + len(hits)
        examples = self.examples.setdefault(reason, [])
        for i in hits[:_MAX_EXAMPLES - len(examples)]:
            examples.append(Message("example.row", file=self.files[files[i]], line=int(lines[i]), value=show(i)))
        codes, first, counts = np.unique(files[hits], return_index=True, return_counts=True)
        for code, pos, n in zip(codes, first, counts) if warn else ():
            i = hits[pos]
            message = warning.with_params(count=Message(unit, n=int(n)), value=show(i))
            self.warnings.append(Problem(self.files[code], message, int(lines[i]),
                                         self.names[code].get(column) if column else None, hint))
        if drop:
            self.frame = rows.loc[~mask]

    def quality(self) -> TableQuality:
        frame = self.frame
        dates = frame["date"].dropna() if "date" in frame else pd.Series([], dtype="datetime64[ns]")
        return TableQuality(
            table=self.name,
            files=tuple(self.files),
            rows_read=self.rows_read,
            rows_used=len(frame),
            rejected=dict(self.rejected),
            examples={k: list(v) for k, v in self.examples.items()},
            missing={c: int(frame[c].isna().sum()) for c in TABLE_COLUMNS[self.name] if c in frame},
            date_range=(dates.min().date(), dates.max().date()) if len(dates) else None,
            sniffed={key: _per_file(values) for key, values in _merge_per_file(self.sniffed).items()},
            columns={key: " / ".join(values) for key, values in _merge_per_file(self.names).items()},
            codes=tuple(self.codes),
            skipped=tuple(self.skipped),
        )


def _quoted_at(values: pd.Series) -> Callable[[int], str]:
    return lambda i: f"'{'' if pd.isna(values.iloc[i]) else values.iloc[i]}'"


def _iso_at(values: pd.Series) -> Callable[[int], str]:
    return lambda i: values.iloc[i].strftime("%Y-%m-%d")


def _number_at(values: pd.Series) -> Callable[[int], str]:
    def show(i: int) -> str:
        x = float(values.iloc[i])
        return str(int(x)) if x.is_integer() else str(x)
    return show


def _merge_per_file(dicts: list[dict]) -> dict[str, list]:
    """The distinct values per key (files of a glob may differ), to be shown joined by ' / '."""
    merged: dict[str, list] = {}
    for d in dicts:
        for key, value in d.items():
            if value not in merged.setdefault(key, []):
                merged[key].append(value)
    return merged


def _per_file(settings: list[Message]) -> Message:
    """The settings of the files of a glob, as one: ``';' (sniffed) / ',' (sniffed)``."""
    return functools.reduce(lambda first, then: Message("setting.per_file", first=first, then=then), settings)


def _setting(value, how: str) -> Message:
    """How a file setting was found: ``how`` is configured, sniffed, suffix (the format),
    default (the decimal separator) or first (the sheet)."""
    return Message(f"setting.{how}", value=value)


# --------------------------------------------------------------------------
# One table: find its files, read each, concatenate, check rows


def _read_table(config: Config, table: str, source: TableSource, errors: _Errors,
                session: connections.Session | None = None) -> _Table:
    result = _Table(table)
    exclude = frozenset(x.strip() for x in config.exclude)
    frames = []
    dataset = source.path is not None and storage.through_duckdb(config, table, source)
    if dataset and (storage.is_remote(source.path) or _find_files(config, table, source, errors)):
        result.dataset = True            # a Parquet dataset: DuckDB over its files (storage.py)
        frames += _read_dataset(result, config, table, source, exclude, errors, session)
    elif source.compute == "database" and source.path is not None and not dataset:
        line, _col = config.where("data", table, "compute")
        errors.add(Problem(config.display(config.file), f"the {table} table: compute: database needs a Parquet "
                           "dataset read by DuckDB (the 'db' extra)", line, None, connections.INSTALL_HINT
                           if storage.is_parquet(config, table, source) else "write compute: local"))
    if source.connection is not None:
        frame = _read_connection(result, config, table, source, exclude, errors, session)
        if frame is not None:
            frames.append(frame)
    for path in _find_files(config, table, source, errors) if source.path is not None and not dataset else ():
        shown = config.display(path)
        try:
            frame = _read_file(result, path, shown, table, source, exclude, errors)
        except _Unreadable as e:
            errors.add(Problem(shown, e.message, e.line, hint=e.hint))
            continue
        if frame is not None:
            frames.append(frame)
    if errors:            # the build stops anyway: spare the checks
        return result
    typed = {c: _empty_column(c) for c in TABLE_COLUMNS[table]}
    bookkeeping = {"_file": "int32", "_line": "int64", "_row": "int64", "_group": "int32"}
    if frames:
        result.frame = pd.concat(frames, ignore_index=True)
    else:
        result.frame = pd.DataFrame({**{c: typed[c] for c in REQUIRED[table]},
                                     **{c: pd.Series(dtype=t) for c, t in bookkeeping.items()}})
    for column in TABLE_COLUMNS[table]:    # a column absent from one file of a glob
        if column in result.frame and result.frame[column].dtype != typed[column].dtype:
            result.frame[column] = result.frame[column].astype(typed[column].dtype)
    result.warn_skipped()
    _check_rows(result, source)
    return result


def _empty_column(column: str) -> pd.Series:
    kind = _KIND.get(column, "text")
    if kind == "date":
        return pd.Series(dtype="datetime64[ns]")
    if kind in _NUMERIC_KINDS:
        return pd.Series(dtype="float64")
    return pd.Series(dtype="str")


def _find_files(config: Config, table: str, source: TableSource, errors: _Errors) -> list[Path]:
    """The files of a table: one path, or a glob's matches in sorted order."""
    pattern = source.path
    files = config.table_files(table)
    if re.search(r"[*?\[]", pattern):
        what = f"no file matches '{pattern}' (the {table} table)"
    else:
        what = f"file not found (the {table} table)"
    if not files and not re.search(r"[*?\[]", pattern) and (config.root / pattern).exists():
        kind = "a folder" if (config.root / pattern).is_dir() else "not a regular file"
        errors.add(Problem(pattern, f"cannot read: {kind} (the {table} table)",
                           hint="give the path of a CSV, Excel or Parquet file, or a glob such as data/*.csv"))
        return files
    if not files:
        folder = (config.root / pattern).parent
        nearby = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
        guess = nearest(Path(pattern).name, nearby)
        hint = f"did you mean '{guess}'?" if guess else "paths are relative to the folder of config.yaml"
        errors.add(Problem(pattern, what, hint=hint))
    return files


def _read_file(result: _Table, path: Path, shown: str, table: str, source: TableSource,
               exclude: frozenset[str], errors: _Errors) -> pd.DataFrame | None:
    """Read one file into typed canonical columns plus the bookkeeping columns."""
    fmt, fmt_how = _format_of(path, source)
    sniffed = {"format": _setting(fmt, fmt_how)}
    try:
        size = path.stat().st_size
    except OSError as e:
        raise _Unreadable(f"cannot read: {e.strerror or e}", "check that the file exists and that you may read it")
    if size == 0:
        raise _Unreadable("the file is empty", "export the table again: the file holds nothing")
    sep = None
    try:
        if fmt == "csv":
            raw, sep, csv_sniffed = _read_csv(path, source)
            sniffed.update(csv_sniffed)
        elif fmt == "excel":
            raw, sniffed["sheet"] = _read_excel(path, source)
        else:
            raw = _read_parquet(path)
    except _Unreadable:
        _check_header_line(path, fmt, table, source)    # a title line above the header: say so instead
        raise
    header_line = source.header_row if fmt != "parquet" else 1
    written = raw.attrs.get("header")
    if written is not None:
        _check_repeated_columns(written, raw.attrs.get("positions") or range(1, len(written) + 1),
                                table, source, header_line)
    raw.columns = [str(c) for c in raw.columns]
    found = {_key(c) for c in raw.columns}
    if any(_key(source.columns.get(c, c)) not in found for c in REQUIRED[table]):
        _check_header_line(path, fmt, table, source)

    names = _match_columns(table, list(raw.columns), source, shown, header_line, errors)
    physical = _physical_lines(path, dict(sniffed["encoding"].params)["value"], sep, header_line, len(raw)) \
        if fmt == "csv" else None
    return _take(result, raw, names, physical, header_line, shown, sniffed, sep, fmt, table, source, exclude, errors)


def _pull(result: _Table, config: Config, table: str, source: TableSource, errors: _Errors,
          session: connections.Session | None):
    """connections.pull of the table's columns (``result.columns_in_database`` set to what was found),
    or None with its problems in ``errors``."""
    wanted = {c: source.columns.get(c, c) for c in TABLE_COLUMNS[table]}
    try:
        pulled, names = connections.pull(config, table, source, wanted, REQUIRED[table], session)
    except InputError as e:
        for problem in e.problems:
            errors.add(problem)
        return None
    result.columns_in_database = names
    return pulled


def _read_connection(result: _Table, config: Config, table: str, source: TableSource,
                     exclude: frozenset[str], errors: _Errors,
                     session: connections.Session | None) -> pd.DataFrame | None:
    """Pull a table or query from a database (connections.py) and read its rows as a file's: the same
    parsing and checks; a row's number is its position in the rows the database returned (from 1)."""
    pulled = _pull(result, config, table, source, errors, session)
    if pulled is None:
        return None
    raw = pulled.arrow.to_pandas(date_as_object=False)
    sniffed = {"format": _setting(pulled.engine, "connection")}
    return _take(result, raw, result.columns_in_database, None, 0, pulled.shown, sniffed, None, "database", table,
                 source, exclude, errors)


def _read_dataset(result: _Table, config: Config, table: str, source: TableSource, exclude: frozenset[str],
                  errors: _Errors, session: connections.Session | None) -> list[pd.DataFrame]:
    """A Parquet dataset read by DuckDB (storage.py, through connections.pull): file by file, the rows
    checked as a Parquet file's always were (row 1 on line 2, the format from the suffix)."""
    pulled = _pull(result, config, table, source, errors, session)
    if pulled is None:
        return []
    frames = []
    for shown, arrow, part_names in pulled.parts:
        raw = arrow.to_pandas(date_as_object=False)
        fmt_how = "configured" if source.format == "parquet" else "suffix"
        sniffed = {"format": _setting("parquet", fmt_how)}
        frame = _take(result, raw, part_names, None, 1, shown, sniffed, None, "parquet", table, source, exclude,
                      errors)
        if frame is not None:
            frames.append(frame)
    return frames


def _take(result: _Table, raw: pd.DataFrame, names: dict[str, str], physical: np.ndarray | None, header_line: int,
          shown: str, sniffed: dict[str, Message], sep: str | None, fmt: str, table: str, source: TableSource,
          exclude: frozenset[str], errors: _Errors) -> pd.DataFrame | None:
    """The rows of one file (or database source) as typed canonical columns plus the bookkeeping columns."""
    raw = _drop_blank_rows(raw, names.get("customer_id"))
    lines = raw.index.to_numpy() + header_line + 1 if physical is None else physical[raw.index.to_numpy()]
    decimal, decimal_how = _decimal_of(raw, names, source, sep)
    if fmt not in ("parquet", "database"):
        sniffed["decimal"] = _setting(f"'{decimal}'", decimal_how)
    if fmt == "excel":
        raw = _excel_as_text(raw, decimal)
    raw = raw.reset_index(drop=True)
    total = _total_lines(raw, names, decimal)
    if total:
        for i, (reason, column, value) in sorted(total.items()):
            if source.on_bad_rows == "skip":
                result.skipped.append(SkippedRow(shown, int(lines[i]), column, value, reason))
            else:
                errors.add(Problem(shown, f"{reason} ('{value}')", int(lines[i]),
                                   column, "remove it or set on_bad_rows: skip for this table in config.yaml"))
        kept = np.ones(len(raw), dtype=bool)
        kept[list(total)] = False
        result.rows_read += len(total)       # read, then left out (or an error)
        raw, lines = raw.loc[kept].reset_index(drop=True), lines[kept]

    code = len(result.files)
    result.files.append(shown)
    result.names.append(names)
    result.sniffed.append(sniffed)
    result.rows_read += len(raw)
    frame = pd.DataFrame({"_file": np.full(len(raw), code, dtype="int32"), "_line": lines})
    skip = _Skip(np.zeros(len(raw), dtype=bool)) if source.on_bad_rows == "skip" else None
    parse = _Parse(result, frame, shown, table, source, decimal, decimal_how, fmt == "excel", errors, skip)
    if "customer_id" in names:
        # Excluded customers go first, so their rows (often test data) cause no other messages.
        frame["customer_id"] = parse.column("customer_id", raw[names["customer_id"]], names["customer_id"])
        excluded = frame["customer_id"].isin(exclude).to_numpy()
        if excluded.any():
            result.flag(frame, excluded, Message("rejected.excluded"), Message("warning.excluded"),
                        column="customer_id", hint=Message("hint.excluded"), warn=False)
            frame = frame.loc[~excluded].reset_index(drop=True)
            raw = raw.loc[~excluded].reset_index(drop=True)
            parse = dataclasses.replace(parse, rows=frame, skip=skip.keep(~excluded) if skip is not None else None)
    for canonical, column in names.items():
        if canonical != "customer_id":
            frame[canonical] = parse.column(canonical, raw[column], column)
    if any(c not in names for c in REQUIRED[table]):
        result.raws.append(None)
        return None
    if parse.skip is not None and parse.skip.bad.any():
        bad = parse.skip.bad
        line_of = frame["_line"].to_numpy()
        for i, (reason, column) in sorted(parse.skip.reasons.items()):
            value = reason.params and dict(reason.params).get("value", "")
            result.skipped.append(SkippedRow(shown, int(line_of[i]), column, value or "",
                                             Message(reason.code, **{k: v for k, v in reason.params if k != "value"})))
        frame = frame.loc[~bad].reset_index(drop=True)
        raw = raw.loc[~bad].reset_index(drop=True)
    frame["_row"] = np.arange(len(frame), dtype="int64")
    frame["_group"] = np.int32(result.groups.setdefault(tuple(raw.columns), len(result.groups)))
    result.raws.append(raw)
    return frame


class _Unreadable(Exception):
    """A file that cannot be read at all (reported as one problem for the file)."""

    def __init__(self, message: str, hint: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


_SUFFIX_FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".tab": "csv",
                   ".xlsx": "excel", ".xlsm": "excel", ".xls": "excel",
                   ".parquet": "parquet", ".pq": "parquet"}


def _format_of(path: Path, source: TableSource) -> tuple[str, str]:
    if source.format:
        return source.format, "configured"
    fmt = _SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _Unreadable(f"cannot tell the format from the suffix '{path.suffix}'",
                          "set format: csv, excel or parquet for this table in config.yaml")
    return fmt, "suffix"


# --------------------------------------------------------------------------
# Reading files as text


def _read_csv(path: Path, source: TableSource) -> tuple[pd.DataFrame, str, dict[str, Message]]:
    """Read a CSV as text (ids keep their zeros), sniffing encoding and separator."""
    encoding = source.encoding or _sniff_encoding(path)
    how = "configured" if source.encoding else "sniffed"
    _check_text_file(path, encoding)
    try:
        sep = source.sep or _sniff_sep(path, encoding, source.header_row)
        header = _header_cells(path, encoding, source.sep or sep, source.header_row)
    except UnicodeError as e:
        raise _Unreadable(f"cannot decode the file as {encoding}: {e}",
                          "set encoding: utf-8, cp1252 or utf-16 for this table in config.yaml") from None
    sep_how = "configured" if source.sep else "sniffed"
    options = dict(sep=sep, encoding=encoding, dtype=str, keep_default_na=False,
                   skiprows=source.header_row - 1, header=0)
    malformed = (f"the separator is {_show_sep(sep)}, {sep_how}; "
                 "quote values that contain it, or set sep: in config.yaml")
    try:
        raw = pd.read_csv(path, engine="pyarrow", **options)
    except Exception as e:
        counts = re.search(r"CSV parse error: Expected (\d+) columns, got (\d+)", str(e))
        if counts and int(counts[2]) > int(counts[1]):    # values would shift: say which row
            detail = str(e).replace("CSV parse error: ", "").strip()
            raise _Unreadable(f"cannot read the file as CSV: {detail}", malformed) from None
        # Short rows (trailing empty fields left off), an option pyarrow lacks, a decoding
        # problem, an empty file: the C engine reads short rows and says what else is wrong.
        raw = _read_csv_c(path, options, encoding, malformed)
    if len(header) == len(raw.columns):     # as written (pandas renames a repeated 'amount' to 'amount.1')
        raw.attrs["header"] = header
    return raw, sep, {"encoding": _setting(encoding, how), "sep": _setting(_show_sep(sep), sep_how)}


def _header_cells(path: Path, encoding: str, sep: str, header_row: int) -> list[str]:
    """The column names on line ``header_row`` as written; an error when the file is shorter."""
    with open(path, encoding=encoding, errors="replace", newline="") as f:   # the reader names bad bytes
        lines = 0
        for lines, line in enumerate(f, start=1):
            if lines == header_row:
                return next(csv.reader([line], delimiter=sep), [])
    if lines == 0:
        raise _Unreadable("the file is empty", "export the table again: a CSV starts with a line of column names")
    raise _Unreadable(f"header_row is {header_row}, but the file has only {lines} "
                      f"line{'s' if lines != 1 else ''}",
                      "set header_row: in config.yaml to the line with the column names (1: the first)")


def _read_csv_c(path: Path, options: dict, encoding: str, malformed: str) -> pd.DataFrame:
    try:
        with warnings.catch_warnings():       # a row with extra fields must not be cut silently
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(path, engine="c", index_col=False, **options)
    except UnicodeDecodeError as e:
        raise _Unreadable(f"cannot decode the file as {encoding}: {e.reason} (byte {e.object[e.start:e.end]!r})",
                          "set encoding: cp1252 or utf-8 for this table in config.yaml") from None
    except UnicodeError as e:
        raise _Unreadable(f"cannot decode the file as {encoding}: {e}",
                          "set encoding: utf-8, cp1252 or utf-16 for this table in config.yaml") from None
    except pd.errors.EmptyDataError:
        raise _Unreadable(f"no column names on line {options['skiprows'] + 1}",
                          "set header_row: to the line with the column names") from None
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as e:
        detail = str(e).strip().replace("Error tokenizing data. C error: ", "")
        raise _Unreadable(f"cannot read the file as CSV: {detail}", malformed) from None


def _physical_lines(path: Path, encoding: str, sep: str, header_line: int, records: int) -> np.ndarray | None:
    """The line in the file of each record after the header, when blank lines or quoted fields
    spanning lines make it differ from ``header_line + 1 + record``; None when it does not (the file
    has exactly one line per record: counting its newlines tells, at C speed)."""
    count, last = 0, b"\n"
    if _is_wide(encoding):                 # two or four bytes a character: count decoded newlines
        with open(path, encoding=encoding, errors="replace", newline="") as f:
            for chunk in iter(lambda: f.read(1 << 22), ""):
                count, last = count + chunk.count("\n"), chunk[-1:].encode()
    else:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 24), b""):
                count, last = count + chunk.count(b"\n"), chunk[-1:]
    count += last != b"\n"                # a last line without a newline
    if count == header_line + records:
        return None
    lines = np.empty(records, dtype=np.int64)
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=sep)
        previous, i = 0, 0
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if start <= header_line or not row or i >= records:
                continue
            lines[i] = start
            i += 1
    if i < records:       # the csv module read the file otherwise than the CSV reader: keep the count
        return None
    return lines


def _show_sep(sep: str) -> str:
    return "tab" if sep == "\t" else f"'{sep}'"


def _sniff_encoding(path: Path) -> str:
    """utf-8-sig when there is a BOM, utf-16/utf-32 by their BOM or (UTF-16 without one) by every
    other byte being NUL, utf-8 when the whole file decodes, else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        chunk = f.read(1 << 22)
        if chunk.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        wide = _wide_encoding(chunk)
        if wide:
            return wide
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = f.read(1 << 22)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _wide_encoding(head: bytes) -> str | None:
    """UTF-32 or UTF-16 from the first bytes of a file: a BOM, or (UTF-16 without a BOM, as some
    exports write it) text whose every other byte is NUL; None for any other file."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0:2 * pairs:2], sample[1:2 * pairs:2]
    if odd.count(0) >= 0.9 * pairs and even.count(0) <= 0.05 * pairs:
        return "utf-16-le"
    if even.count(0) >= 0.9 * pairs and odd.count(0) <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _is_wide(encoding: str) -> bool:
    """Whether an encoding writes ASCII with NUL bytes (UTF-16, UTF-32), so bytes are no characters."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))


def _check_text_file(path: Path, encoding: str) -> None:
    """Refuse a 'CSV' that is no text: a workbook or other zip, or a file with a NUL byte (named by
    its line and column), unless its encoding is UTF-16/32 (where NUL bytes are half of ASCII)."""
    with open(path, "rb") as f:
        head = f.read(8)
        if head.startswith(b"PK\x03\x04"):
            raise _Unreadable("this is a zip file (an Excel workbook .xlsx is one), not a CSV",
                              "set format: excel for this table in config.yaml, or export the sheet as CSV", line=1)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise _Unreadable("this is an old Excel (.xls) or other Office file, not a CSV",
                              "save it as .xlsx and set format: excel, or export the sheet as CSV", line=1)
        if _is_wide(encoding):
            return
        f.seek(0)
        lines, offset = 0, 0
        for chunk in iter(lambda: f.read(1 << 24), b""):
            at = chunk.find(b"\x00")
            if at >= 0:
                before = chunk[:at]
                line = lines + before.count(b"\n") + 1
                start = before.rfind(b"\n") + 1
                if start == 0 and lines:              # the line began in an earlier chunk: count from there
                    f.seek(0)
                    whole = f.read(offset + at)
                    start, before = whole.rfind(b"\n") + 1, whole
                column = len(before[start:].decode(encoding, errors="replace")) + 1
                raise _Unreadable(f"the file holds a NUL byte (at column {column} of this line): it is no plain "
                                  "text file", "export it again as CSV (UTF-8), or set format: for this table "
                                  "in config.yaml if it is a workbook or Parquet file", line=line)
            lines += chunk.count(b"\n")
            offset += len(chunk)


def _sniff_sep(path: Path, encoding: str, header_row: int) -> str:
    """The separator among ; , tab | — csv.Sniffer, checked against the header line."""
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        lines = [line for _, line in zip(range(header_row + 50), f)][header_row - 1:]
    candidates = ";,\t|"
    header = lines[0] if lines else ""
    counts = {c: header.count(c) for c in candidates}
    try:
        sep = csv.Sniffer().sniff("".join(lines), delimiters=candidates).delimiter
    except csv.Error:
        sep = None
    if sep is None or (counts.get(sep, 0) == 0 and max(counts.values()) > 0):
        # The header line holds no decimal commas: count there (ties: ';' first).
        sep = max(candidates, key=lambda c: counts[c]) if max(counts.values()) else ","
    return sep


def _read_excel(path: Path, source: TableSource) -> tuple[pd.DataFrame, Message]:
    """Read a sheet as Python values; the header is on ``header_row``, data below it.

    ``sheet`` is a name or a 1-based number (the first sheet when absent).
    """
    sheet = source.sheet
    if isinstance(sheet, int) and sheet < 1:
        raise _Unreadable(f"sheet number {sheet} does not exist", "sheets are numbered from 1")
    target = sheet - 1 if isinstance(sheet, int) else (sheet if sheet is not None else 0)
    try:
        cells = pd.read_excel(path, sheet_name=target, header=None, dtype=object, engine="openpyxl")
    except (ValueError, IndexError) as e:
        names = _sheet_names(path)
        if names is None:
            raise _Unreadable(f"cannot read the file as an Excel workbook: {e}",
                              "save it as .xlsx, or set format: for this table") from None
        guess = nearest(str(sheet), names)
        raise _Unreadable(f"no sheet {sheet!r} in this workbook; sheets: {', '.join(names)}",
                          f"did you mean '{guess}'?" if guess else "set sheet: to one of these") from None
    except Exception as e:
        raise _Unreadable(f"cannot read the file as an Excel workbook: {e}",
                          "save it as .xlsx, or set format: for this table") from None
    shown_sheet = _setting(repr(sheet), "configured") if sheet is not None else _setting(1, "first")
    if len(cells) < source.header_row:
        if not len(cells):
            raise _Unreadable("the sheet is empty", "choose the sheet with the data (sheet: in config.yaml)")
        raise _Unreadable(f"header_row is {source.header_row}, but the sheet has only {len(cells)} "
                          f"row{'s' if len(cells) != 1 else ''}",
                          "set header_row: in config.yaml to the row with the column names (1: the first)")
    header = cells.iloc[source.header_row - 1]
    data = cells.iloc[source.header_row:].reset_index(drop=True)
    keep = header.notna().to_numpy()
    data = data.loc[:, keep]
    written = [_cell_text(v, ".") for v in header[keep]]
    data.columns = _unique_names(written)
    data.attrs["header"] = written
    data.attrs["positions"] = [int(i) + 1 for i in np.flatnonzero(keep)]
    return data, shown_sheet


def _unique_names(names: list[str]) -> list[str]:
    """'Bedrag', 'Bedrag' -> 'Bedrag', 'Bedrag.1' (as pandas names repeated CSV columns)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def _sheet_names(path: Path) -> list[str] | None:
    import openpyxl  # deferred: 0.2 s to import, needed only for Excel files

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception:
        return None
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def _excel_as_text(raw: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """Cells as the text a CSV export would hold: 42.0 -> '42', dates ISO, the file's decimal."""
    return pd.DataFrame({c: raw[c].map(lambda v: _cell_text(v, decimal)).astype("str")
                         for c in raw.columns}, index=raw.index)


def _cell_text(value, decimal: str) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, np.integer)):
        return str(value)
    if isinstance(value, (float, np.floating)):
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(float(value))
        return text.replace(".", ",") if decimal == "," else text
    return str(value)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path, engine="pyarrow").reset_index(drop=True)
    except Exception as e:
        raise _Unreadable(f"cannot read the file as Parquet: {str(e).splitlines()[0]}",
                          "check that it is a Parquet file, or set format: for this table") from None


#: a total line's label in an id or name column: Totaal, Subtotaal, Eindtotaal, Total, Sub-total,
#: Grand total (any case, with a trailing ':' or a period such as 'Totaal 2025')
_TOTAL_LABEL = re.compile(r"(?:grand\s*total|eind\s*totaal|sub\s*-?\s*tota(?:a)?l|tota(?:a)?l)\s*[:.]?"
                          r"(?:\s*\d[\d\s./-]*)?", re.IGNORECASE)
_LABEL_COLUMNS = ("customer_id", "invoice_id", "name")


def _total_lines(raw: pd.DataFrame, names: dict[str, str], decimal: str) -> dict[int, tuple[Message, str, str]]:
    """Rows that are totals, not data: a total label in an id or name column, or an empty customer id
    with an amount equal to the sum of the amounts above (since the file's start or the last total).
    Position -> (reason, the file's column, the value)."""
    found: dict[int, tuple[Message, str, str]] = {}
    for canonical in _LABEL_COLUMNS:
        column = names.get(canonical)
        if column is None:
            continue
        values = pa.array(raw[column].astype("str"), from_pandas=True)   # pyarrow's regex: millions of ids
        label = _bools(pc.match_substring_regex(values, f"^\\s*(?:{_TOTAL_LABEL.pattern})\\s*$", ignore_case=True))
        for i in np.flatnonzero(label):
            found.setdefault(int(i), (Message("bad.total_line"), column, str(raw[column].iloc[i]).strip()))
    ids, amounts = names.get("customer_id"), names.get("amount")
    if ids is not None and amounts is not None:
        empty = _is_empty(raw[ids])
        if empty.any():
            values = _numbers(raw[amounts], decimal)[0].to_numpy()
            counted = ~empty & ~np.isnan(values)
            plain = np.where(counted, values, 0.0)
            total_above = np.cumsum(plain) - plain                  # the data rows above each row
            rows_above = np.cumsum(counted) - counted
            boundaries = np.flatnonzero(empty)
            for i in boundaries:
                since = boundaries[boundaries < i]
                start = (total_above[since[-1]], rows_above[since[-1]]) if len(since) else (0.0, 0)
                amount = values[i]
                if np.isnan(amount):
                    continue
                # a sum of at least two rows: one row's amount repeated is no total
                for above, n in ((total_above[i], rows_above[i]),
                                 (total_above[i] - start[0], rows_above[i] - start[1])):
                    if n >= 2 and abs(amount - above) < 0.005:
                        found.setdefault(int(i), (Message("bad.total_sum"), amounts, _raw_text(raw[amounts]).iloc[i]))
                        break
    return found


def _check_header_line(path: Path, fmt: str, table: str, source: TableSource) -> None:
    """Raise when the expected column names stand on another line than ``header_row`` (a title
    line above the header), naming that line; return when they are nowhere near the top."""
    if fmt == "parquet":
        return
    wanted = {_key(source.columns.get(c, c)) for c in REQUIRED[table]}
    for number, cells in enumerate(_top_lines(path, fmt, source), start=1):
        if number != source.header_row and wanted <= {_key(c) for c in cells}:
            raise _Unreadable(f"the column names of the {table} table are on line {number}, not on line "
                              f"{source.header_row}", f"set header_row: {number} for the {table} table in config.yaml",
                              line=number)


def _top_lines(path: Path, fmt: str, source: TableSource, count: int = 30) -> list[list[str]]:
    """The cells of the first ``count`` lines of a file, as text (for finding the header)."""
    try:
        if fmt == "excel":
            sheet = source.sheet
            target = sheet - 1 if isinstance(sheet, int) else (sheet if sheet is not None else 0)
            cells = pd.read_excel(path, sheet_name=target, header=None, dtype=object, nrows=count, engine="openpyxl")
            return [[_cell_text(v, ".") for v in row if _cell_text(v, ".")] for row in cells.itertuples(index=False)]
        encoding = source.encoding or _sniff_encoding(path)
        with open(path, encoding=encoding, errors="replace", newline="") as f:
            lines = [line for _, line in zip(range(count), f)]
    except Exception:        # the file's own error is reported instead
        return []
    seps = [source.sep] if source.sep else [";", ",", "\t", "|"]
    return [[cell for sep in seps for cell in next(csv.reader([line], delimiter=sep), [])] for line in lines]


def _drop_blank_rows(raw: pd.DataFrame, id_column: str | None) -> pd.DataFrame:
    """Rows with nothing in them (trailing ';;;' lines, empty Excel rows) are not data."""
    if id_column is None or raw.empty:
        return raw
    candidates = _is_empty(raw[id_column])
    if not candidates.any():
        return raw
    blank = candidates.copy()
    blank[candidates] = np.all([_is_empty(raw.loc[candidates, c]) for c in raw.columns], axis=0)
    return raw.loc[~blank]


def _is_empty(values: pd.Series) -> np.ndarray:
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        return (values.isna() | (values.astype("str").str.strip() == "")).to_numpy(dtype=bool)
    return values.isna().to_numpy(dtype=bool)


# --------------------------------------------------------------------------
# Columns: canonical names, mapping, decimal separator


_key = storage.column_key      # column names compare without case, blanks or '_'/'-'/space differences


def _match_columns(table: str, found: list[str], source: TableSource, shown: str,
                   header_line: int, errors: _Errors) -> dict[str, str]:
    """canonical -> the file's column; every missing required or mapped column is an error."""
    by_key: dict[str, list[str]] = {}
    for name in found:
        by_key.setdefault(_key(name), []).append(name)
    listing = ", ".join(f"'{n}'" for n in found)
    names: dict[str, str] = {}
    for canonical in TABLE_COLUMNS[table]:
        wanted = source.columns.get(canonical, canonical)
        hits = by_key.get(_key(wanted), [])
        exact = [h for h in hits if h.strip() == wanted]
        if len(hits) == 1 or len(exact) == 1:
            names[canonical] = (exact or hits)[0]
            continue
        if hits:
            errors.add(Problem(shown, f"{len(hits)} columns match '{wanted}': "
                                      f"{', '.join(repr(h) for h in hits)}", header_line,
                               hint=f"rename one of them, or map {canonical} to the exact name "
                                    f"under data: {table}: columns: in config.yaml"))
            continue
        guess = _closest(wanted, found)
        if canonical in source.columns:
            errors.add(Problem(shown, f"column '{wanted}' (configured as {canonical} of the {table} "
                                      f"table in config.yaml) not found; columns found: {listing}",
                               header_line,
                               hint=f"did you mean '{guess}'?" if guess
                               else f"check data: {table}: columns: in config.yaml"))
        elif canonical in REQUIRED[table]:
            mapping = f"data: {table}: columns: {{{canonical}: \"{guess or '<column name>'}\"}}"
            errors.add(Problem(shown, f"the {table} table needs a column '{canonical}' but it is "
                                      f"missing; columns found: {listing}", header_line,
                               hint=(f"did you mean '{guess}'? Map it in config.yaml: {mapping}" if guess
                                     else f"name the column in config.yaml: {mapping}")))
    return names


def _check_repeated_columns(written: list[str], positions, table: str, source: TableSource,
                            header_line: int) -> None:
    """A column name that klantwaarde reads, written twice in the header (pandas would read the
    second as 'amount.1' and drop it silently): an error naming both positions."""
    wanted = {_key(source.columns.get(c, c)) for c in TABLE_COLUMNS[table]}
    at: dict[str, list[tuple[int, str]]] = {}
    for position, name in zip(positions, written):
        name = str(name)
        if name.strip() and _key(name) in wanted:
            at.setdefault(_key(name), []).append((int(position), name))
    repeated = [places for places in at.values() if len(places) > 1]
    if repeated:
        shown = "; ".join(f"'{places[0][1].strip()}' in columns "
                          + " and ".join(f"{p} ({_column_letter(p)})" for p, _ in places) for places in repeated)
        raise _Unreadable(f"a column name is repeated on line {header_line}: {shown}",
                          "rename or remove the extra column: klantwaarde would not know which one to read",
                          line=header_line)


def _column_letter(position: int) -> str:
    """1 -> A, 27 -> AA: the column as a spreadsheet names it."""
    letters = ""
    while position > 0:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _closest(wanted: str, found: list[str]) -> str | None:
    keys = {_key(f): f for f in found}
    guess = nearest(_key(wanted), list(keys))
    return keys[guess] if guess else None


def _decimal_of(raw: pd.DataFrame, names: dict[str, str], source: TableSource,
                sep: str | None) -> tuple[str, str]:
    """The decimal separator: configured, else judged from the numeric columns' text values."""
    if source.decimal:
        return source.decimal, "configured"
    samples = []
    for canonical, column in names.items():
        if _KIND.get(canonical) in _NUMERIC_KINDS:
            values = raw[column].head(5000)
            if values.dtype == object:
                values = values[values.map(lambda v: isinstance(v, str))]
            if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
                samples.append(values.astype("str"))
    if not samples:
        return ".", "default"
    digits = pd.concat(samples).str.replace(r"[^\d.,]", "", regex=True)
    comma = int(digits.str.contains(r",\d{1,2}$|,\d{4,}$|\.\d{3},", regex=True).sum())
    dot = int(digits.str.contains(r"\.\d{1,2}$|\.\d{4,}$|,\d{3}\.", regex=True).sum())
    if comma == dot:   # nothing decisive (e.g. only whole numbers): ';' files are Dutch exports
        return ("," if sep == ";" else "."), "sniffed"
    return ("," if comma > dot else "."), "sniffed"


# --------------------------------------------------------------------------
# Parsing columns (vectorised)


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d-%m-%y", "%d/%m/%Y", "%d/%m/%y",
                 "%d.%m.%Y", "%Y/%m/%d", "%Y%m%d")
_SERIALS = (18264, 73051)              # Excel day numbers of 1950-01-01 and 2100-01-01
_EXCEL_EPOCH = np.datetime64("1899-12-30", "ns")
_NUMBER = {
    ",": r"[+-]?(?:(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?",
    ".": r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?",
}


@dataclass
class _Skip:
    """The rows of one file to skip (``on_bad_rows: skip``): a mask and, per row, why and in which column."""

    bad: np.ndarray
    reasons: dict[int, tuple[Message, str | None]] = field(default_factory=dict)

    def keep(self, kept: np.ndarray) -> _Skip:
        """The same for the rows under ``kept`` only (after excluded customers are left out)."""
        position = np.cumsum(kept) - 1
        return _Skip(self.bad[kept], {int(position[i]): r for i, r in self.reasons.items() if kept[i]})


#: a number at or beyond this (in any numeric column) is no amount or count but a mistake: an error
MAX_NUMBER = 1e12
#: the characters a workbook cell holds (Excel's limit): a longer text is cut there, with a warning
MAX_CELL_CHARS = 32_767
#: an amount read with a decimal point that looks like thousands: '1.250', '€ -12.500' (not '1.250.000')
_THOUSANDS_LIKE = r"^\s*[-+(]?\s*(?:€|\$|£|EUR)?\s*[-+]?\d{1,3}\.\d{3}\)?-?\s*$"

#: plain numbers ('-12,50', '1234'), all of which _NUMBER reads too
_PLAIN_NUMBER = {",": r"^-?\d+(?:,\d+)?$", ".": r"^-?\d+(?:\.\d+)?$"}


@dataclass
class _Parse:
    """Parses the columns of one file: required columns raise errors, optional ones warn."""

    table: _Table
    rows: pd.DataFrame          # _file and _line of this file's rows
    file: str
    name: str                   # table name
    source: TableSource
    decimal: str
    decimal_how: str
    excel: bool
    errors: _Errors
    skip: _Skip | None = None     # on_bad_rows: skip — the rows to skip and why

    def column(self, canonical: str, raw: pd.Series, column: str) -> pd.Series:
        raw = raw.reset_index(drop=True)
        kind = _KIND.get(canonical, "text")
        required = canonical in REQUIRED[self.name]
        if kind == "id":
            return self._ids(raw, column)
        if kind == "direction":
            text = self._mapped(_text(raw, lower=True), canonical)
            values = text.map(DIRECTIONS)
            self._fail((text.notna() & values.isna()).to_numpy(), raw, column,
                       f"'{{value}}' is not a {canonical}", Message("bad.not_direction", column=canonical),
                       "use 'in' (the customer contacted us) or 'out' (we contacted the customer); also read: "
                       "inbound/outbound, incoming/outgoing, inkomend/uitgaand")
            return values.astype(object)
        if kind in ("text", "code"):
            self._long_texts(raw, canonical)
            values = self._mapped(_text(raw, lower=kind == "code"), canonical)
            if required:
                self._fail(values.isna().to_numpy(), raw, column, f"{canonical} is empty",
                           Message("bad.empty", column=canonical),
                           "this column is required: fill in every row")
            return values
        if kind == "date":
            values, bad, empty, order = _dates(raw, self.source.date_format, self.excel)
            expected, what, unreadable = self._date_hint(), "a date", "warning.unreadable_date"
            if order is not None:
                bad = self._date_order(order, values, bad, empty, raw, canonical, column)
        else:
            values, bad, empty = _numbers(raw, self.decimal)
            expected = self._number_hint(kind)
            what, unreadable = (("an amount", "warning.unreadable_amount") if kind == "amount"
                                else ("a number", "warning.unreadable_number"))
            huge = ~np.isnan(values.to_numpy()) & ~(np.abs(values.to_numpy()) < MAX_NUMBER)
            if huge.any():            # 1e308, a 5,000-digit integer, inf in a Parquet file: no number to report
                values = values.where(~huge)
                self._fail(huge, raw, column, f"'{{value}}' is too large: {what} must lie between "
                           f"-{MAX_NUMBER:,.0f} and {MAX_NUMBER:,.0f}",
                           Message("bad.too_large", column=canonical),
                           "check the value in the source; an exported formula error or a digit string "
                           "such as an account number is no " + ("amount" if kind == "amount" else "number"))
            if kind == "amount" and self.decimal == "." and self.decimal_how != "configured" and not self.excel:
                self._thousands(raw, canonical, bad | empty | huge)
        if required:
            self._fail(empty, raw, column, f"{canonical} is empty", Message("bad.empty", column=canonical),
                       "this column is required: fill in every row")
            self._fail(bad, raw, column, f"'{{value}}' is not {what}",
                       Message("bad.not_date" if kind == "date" else "bad.not_amount" if kind == "amount"
                               else "bad.not_number", column=canonical), expected)
        elif bad.any():
            self.table.flag(self.rows, bad, Message("rejected.invalid", column=canonical), Message(unreadable),
                            unit="count.values", column=canonical, show=_quoted_at(_raw_text(raw)), hint=expected)
        return values

    def _thousands(self, raw: pd.Series, canonical: str, unread: np.ndarray) -> None:
        """Amounts such as '1.250' in a file read with a decimal point (sniffed, not configured):
        three digits after the point, like a thousands separator. Read as 1.25, but perhaps 1250: warn."""
        if not (raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype)):
            return
        text = pa.array(raw.astype("str"), from_pandas=True)
        if not pc.any(pc.match_substring(text, ".")).as_py():
            return
        like = _bools(pc.match_substring_regex(text, _THOUSANDS_LIKE)) & ~unread
        self.table.flag(self.rows, like, Message("rejected.thousands", column=canonical),
                        Message("warning.thousands"), unit="count.values", column=canonical,
                        show=_quoted_at(_raw_text(raw)), hint=Message("hint.thousands", table=self.name))

    def _long_texts(self, raw: pd.Series, canonical: str) -> None:
        """Texts longer than a workbook cell holds (32,767 characters, Excel's limit): the workbooks
        would cut them; a warning naming the rows (pages and CSV keep them whole)."""
        if not (raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype)) or not len(raw):
            return
        text = pa.array(raw.astype("str"), from_pandas=True)
        if not pc.any(pc.greater(pc.binary_length(text), MAX_CELL_CHARS)).as_py():   # bytes >= characters
            return
        lengths = pc.fill_null(pc.utf8_length(text), 0).to_numpy(zero_copy_only=False)
        self.table.flag(self.rows, lengths > MAX_CELL_CHARS, Message("rejected.long_text", column=canonical),
                        Message("warning.long_text"), unit="count.values",
                        column=canonical, show=lambda i: Message("value.characters", n=int(lengths[i])),
                        hint=Message("hint.long_text"))

    def _date_order(self, order: tuple[str, str, str], values: pd.Series, bad: np.ndarray, empty: np.ndarray,
                    raw: pd.Series, canonical: str, column: str) -> np.ndarray:
        """Slashed dates read day first: month first (US) where some 'month' is over 12 — an error
        naming the column, once; ambiguous where every day is 12 or less — a warning. Returns the
        mask of unreadable values left to report row by row."""
        how, example, fmt = order
        text = _raw_text(raw)
        first = int(np.flatnonzero((text == example).to_numpy())[0]) if (text == example).any() else 0
        line = int(self.rows["_line"].to_numpy()[first]) if len(self.rows) else None
        if how == "us":
            self.errors.add(Problem(
                self.file, f"the dates are month first (mm/dd/yyyy, as in the US): '{example}' has no month "
                f"{example.split('/')[1]}, and every date fits month first; the others would be read with day "
                f"and month swapped", line, column,
                f'set date_format: "%m/%d/{fmt[6:] or "%Y"}" for the {self.name} table in config.yaml'))
            return np.zeros(len(bad), dtype=bool)
        self.table.flag(self.rows, ~empty & ~bad, Message("rejected.ambiguous_dates", column=canonical),
                        Message("warning.ambiguous_dates", format=fmt), unit="count.values", column=canonical,
                        show=lambda i: f"'{text.iloc[i]}'",
                        hint=Message("hint.ambiguous_dates", table=self.name))
        return bad

    def _mapped(self, values: pd.Series, canonical: str) -> pd.Series:
        """``values: {column: {their code: our code}}`` applied (their codes in any case; the rest as read)."""
        mapping = self.source.values.get(canonical)
        if not mapping:
            return values
        lower = _KIND.get(canonical) in ("code", "direction")
        ours = {str(k).strip().casefold(): (v.strip().lower() if lower else v.strip()) for k, v in mapping.items()}
        looked_up = values.str.casefold().map(ours)
        return values.where(looked_up.isna(), looked_up).astype("str")

    def _ids(self, raw: pd.Series, column: str) -> pd.Series:
        if pd.api.types.is_float_dtype(raw.dtype):          # Parquet: 42.0 -> '42'
            whole = raw.dropna()
            if (whole == np.floor(whole)).all():
                raw = raw.astype("Int64")
        self._long_texts(raw, "customer_id")
        values = _text(raw)
        self._fail(values.isna().to_numpy(), raw, column, "customer_id is empty",
                   Message("bad.empty", column="customer_id"), "every row needs a customer id: fill it in or delete the row")
        return values

    def _fail(self, mask: np.ndarray, raw: pd.Series, column: str, message: str, reason: Message,
              hint: str | Message) -> None:
        """Rows whose required ``column`` cannot be read: errors, or (``on_bad_rows: skip``) rows to
        skip, each with its ``reason`` (the first one found) and the value as read."""
        hits = np.flatnonzero(mask)
        if not len(hits):
            return
        texts = _raw_text(raw).to_numpy()[hits]
        if self.skip is None:
            self.errors.add_rows(self.file, self.rows["_line"].to_numpy()[hits], column, texts, message, hint)
            return
        for i, value in zip(hits, texts):
            if not self.skip.bad[i]:
                self.skip.bad[i] = True
                self.skip.reasons[int(i)] = (reason.with_params(value=str(value)), column)

    def _date_hint(self) -> Message:
        fmt = self.source.date_format
        if fmt:
            return Message("hint.date_format", format=fmt, example=dt.date(2026, 1, 31).strftime(fmt))
        return Message("hint.date_layouts")

    def _number_hint(self, kind: str) -> Message:
        how = Message("hint.configured" if self.decimal_how == "configured" else "hint.sniffed")
        if self.decimal == ",":
            first, last = ("1.234,56", "-12,50") if kind == "amount" else ("12", "1,5")
            other, separator = ".", Message("hint.decimal_comma")
        else:
            first, last = ("1234.56, 1,234.56", "-12.50") if kind == "amount" else ("12", "1.5")
            other, separator = ",", Message("hint.decimal_point")
        return Message("hint.amount" if kind == "amount" else "hint.number",
                       like=Message("hint.either", first=first, last=last), separator=separator, how=how,
                       other=other, table=self.name)


#: a value longer than this is shown cut in messages, rejected.csv and the data-quality page
_SHOWN_CHARS = 60


def _raw_text(raw: pd.Series) -> pd.Series:
    """The value as the user typed it (stripped), for messages."""
    text = raw.astype("str")
    if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
        text = text.str.strip()
    text = text.fillna("")
    long = (text.str.len() > _SHOWN_CHARS).to_numpy(dtype=bool)
    if long.any():              # a 10 MB value is named by its start, not printed whole
        text = text.where(~long, text.str.slice(0, _SHOWN_CHARS - 20) + "…")
    return text


def _text(raw: pd.Series, lower: bool = False) -> pd.Series:
    """Stripped text; empty becomes missing."""
    values = raw.astype("str").str.strip()
    if lower:
        values = values.str.lower()
    return values.where(values != "")


def _numbers(raw: pd.Series, decimal: str) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Amounts such as '€ 1.234,56', '(12,00)', '-12,50', '1,234.56' -> float64.

    Returns the values, the mask of unreadable values and the mask of empty
    ones. Runs on pyarrow's string kernels (millions of rows); a column of
    plain numbers skips the cleaning of spaces, currency signs and
    accounting negatives.
    """
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.astype("float64")
        return values, np.zeros(len(raw), bool), values.isna().to_numpy()
    text = pa.array(raw.astype("str"), from_pandas=True)
    pattern = f"^(?:{_NUMBER[decimal]})$"
    empty = _bools(pc.equal(text, ""), missing=True)
    # most columns hold only plain numbers ('-12,50'): a simpler test, which the full one would pass
    good = _bools(pc.match_substring_regex(text, _PLAIN_NUMBER[decimal]))
    if not (good | empty).all():
        good = _bools(pc.match_substring_regex(text, pattern))
    negative = np.zeros(len(raw), dtype=bool)
    if (~good & ~empty).any():
        text, negative, good, blank = _clean_numbers(text, pattern)
        empty |= blank
    if not good.all():                       # unreadable values become null, not a failed cast
        text = pc.if_else(pa.array(good), text, pa.scalar(None, text.type))
    thousands = "." if decimal == "," else ","
    if pc.any(pc.match_substring(text, thousands)).as_py():
        text = pc.replace_substring(text, thousands, "")
    if decimal == ",":   # a valid number has at most one decimal comma
        text = pc.replace_substring(text, ",", ".", max_replacements=1)
    values = _to_float(text)
    values[negative] = -values[negative]
    return pd.Series(values, index=raw.index), ~empty & np.isnan(values), empty


def _refactorize(codes: np.ndarray, values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """``codes`` into ``values``, with values that became equal (after stripping) merged
    into one code, in order of first appearance as factorize would give them."""
    merged, distinct = pd.factorize(values)
    table = np.append(merged, -1)                       # code -1 (missing) stays -1
    codes = table[codes]
    return codes, pd.Series(np.asarray(distinct, dtype=object), dtype="str")


def _bools(array, missing: bool = False) -> np.ndarray:
    """A pyarrow boolean result as a writable numpy mask (nulls -> ``missing``)."""
    return np.array(pc.fill_null(array, missing).to_numpy(zero_copy_only=False), dtype=bool)


def _clean_numbers(text, pattern: str):
    """Drop spaces and currency; '(12,00)' and '12,00-' are negative -> (text, negative, ok, blank)."""
    text = pc.replace_substring_regex(text, "[ \t\u00a0\u202f€$£]|EUR|eur", "")
    text = pc.replace_substring(text, "\u2212", "-")                      # the minus sign
    brackets = pc.and_(pc.starts_with(text, "("), pc.ends_with(text, ")"))
    stray = pc.and_not(pc.match_substring_regex(text, "[()]"), brackets)
    trailing = pc.and_not(pc.ends_with(text, "-"), pc.starts_with(text, "-"))
    negative = pc.or_(brackets, trailing)
    text = pc.if_else(brackets, pc.utf8_slice_codeunits(text, 1, -1), text)
    text = pc.if_else(trailing, pc.utf8_slice_codeunits(text, 0, -1), text)
    signed = pc.and_(negative, pc.match_substring_regex(text, "^[+-]"))
    ok = _bools(pc.match_substring_regex(text, pattern)) & ~_bools(stray) & ~_bools(signed)
    return text, _bools(negative), ok, _bools(pc.equal(text, ""))


def _to_float(text) -> np.ndarray:
    """Validated number text -> float64 (pyarrow's cast is far faster than to_numeric)."""
    try:
        return np.array(pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(pd.Series(text.to_pylist(), dtype="str"), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan)


#: the dates a report can hold (pandas' nanosecond range, with a margin)
_FIRST_DATE, _LAST_DATE = pd.Timestamp("1700-01-01"), pd.Timestamp("2250-12-31")


def _dates(raw: pd.Series, date_format: str | None,
           excel: bool) -> tuple[pd.Series, np.ndarray, np.ndarray, tuple[str, str, str] | None]:
    """Dates as datetime64[ns] (midnight): the configured format, else the usual layouts.

    Each distinct text is parsed once (a column has few distinct dates), by
    the first format that fits. Excel day numbers are read in Excel files,
    and in CSV files only when every value is one. The fourth value tells
    whether slashed dates read day first are month first after all (see
    :func:`_slashed_order`).
    """
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        values = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw
        values = values.dt.normalize().astype("datetime64[ns]")
        return values, np.zeros(len(raw), bool), values.isna().to_numpy(), None
    # each distinct text stripped and parsed once: a column of millions of rows has few dates
    codes, distinct = pd.factorize(raw.astype("str"))
    distinct = pd.Series(np.asarray(distinct, dtype=object), dtype="str").str.strip()
    blank = np.append((distinct == "").to_numpy(dtype=bool), True)      # code -1 (missing) is blank
    codes = np.where(blank[codes], -1, codes)
    empty = codes < 0
    codes, distinct = _refactorize(codes, distinct.where(distinct != ""))
    bare = distinct.str.replace(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?$", "", regex=True)  # time of day
    parsed = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    for fmt in (date_format,) if date_format else _DATE_FORMATS:
        todo = parsed.isna()
        if not todo.any():
            break
        got = pd.to_datetime(bare[todo], format=fmt, errors="coerce")
        # a year such as 4102 ('41020501' read as yyyymmdd) is no date a report can hold: not a date
        got = got.where((got >= _FIRST_DATE) & (got <= _LAST_DATE))
        parsed[todo] = got.astype("datetime64[ns]")
    numeric = bare.str.fullmatch(r"\d+(?:[.,]\d+)?").fillna(False)
    serial = pd.to_numeric(bare.where(numeric).str.replace(",", ".", regex=False), errors="coerce")
    plausible = ((serial >= _SERIALS[0]) & (serial < _SERIALS[1])).to_numpy(dtype=bool)
    if excel or (len(bare) and plausible.all()):
        use = parsed.isna().to_numpy() & plausible
        days = np.floor(serial[use].to_numpy()).astype("int64").astype("timedelta64[D]")
        parsed[use] = _EXCEL_EPOCH + days
    table = np.append(parsed.to_numpy(), np.datetime64("NaT", "ns"))   # code -1 -> NaT
    values = pd.Series(table[codes], dtype="datetime64[ns]")
    return values, ~empty & values.isna().to_numpy(), empty, _slashed_order(distinct, bare, date_format)


#: a date written with slashes, day or month first: 03/04/2026, 3/4/26
_SLASHED = r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"


def _slashed_order(distinct: pd.Series, bare: pd.Series, date_format: str | None) -> tuple[str, str, str] | None:
    """For a column of slashed dates read day first (sniffed, or a configured '%d/%m/…'):
    ('us', example, format) when every date fits month first and some only fit it (a 'month' over
    12: 12/25/2025), ('ambiguous', example, format) when every day is 12 or less (some dates read
    otherwise month first), else None. Works on the distinct texts of the column."""
    if date_format is not None and not date_format.startswith("%d/%m/"):
        return None
    shown = distinct.dropna()
    texts = bare.loc[shown.index]
    if not len(texts) or not texts.str.fullmatch(_SLASHED).fillna(False).all():
        return None
    parts = texts.str.extract("^" + _SLASHED)
    first, second = parts[0].astype(int), parts[1].astype(int)
    fmt = date_format or ("%d/%m/%Y" if (parts[2].str.len() == 4).all() else "%d/%m/%y")
    if (first > 12).any() or (first < 1).any():   # some day over 12 (or no date): day first it is
        return None
    if (second > 31).any() or (second < 1).any():
        return None
    only_us = second > 12
    if only_us.any():
        return "us", str(shown[only_us].iloc[0]), fmt
    swapped = first != second
    if swapped.any():
        return "ambiguous", str(shown[swapped].iloc[0]), fmt
    return None


# --------------------------------------------------------------------------
# Checks within one table


def _check_rows(t: _Table, source: TableSource) -> None:
    """Duplicates, implausible dates and out-of-range values: counted, never fatal."""
    duplicate, show = _duplicates(t)
    if duplicate.any():
        done = Message("done.dropped" if source.drop_duplicates else "done.kept")
        t.flag(t.frame, duplicate, Message("rejected.duplicate", done=done), Message("warning.duplicate", done=done),
               show=show, hint=None if source.drop_duplicates else Message("hint.drop_duplicates", table=t.name),
               drop=source.drop_duplicates)
    t.raws = []           # the text was only kept to compare rows
    frame = t.frame
    if "date" in frame:
        t.flag(frame, (frame["date"] < _OLDEST).to_numpy(), Message("rejected.dated_before_1990"),
               Message("warning.dated_before_1990"), column="date", show=_iso_at(frame["date"]),
               hint=Message("hint.check_dates"), drop=True)
        frame = t.frame
    for column in ("due_date", "paid_date"):
        if column in frame:
            old = (frame[column] < _OLDEST).to_numpy()
            t.flag(frame, old, Message("rejected.before_1990", column=column), Message("warning.before_1990"),
                   unit="count.values", column=column, show=_iso_at(frame[column]),
                   hint=Message("hint.check_dates"))
            frame.loc[old, column] = pd.NaT
    if "quantity" in frame:
        t.flag(frame, (frame["quantity"] < 0).to_numpy(), Message("rejected.negative_quantity"),
               Message("warning.negative_quantity"), column="quantity", show=_number_at(frame["quantity"]),
               hint=Message("hint.credit_note"))
    for column in TABLE_COLUMNS[t.name]:
        limits = _RANGES.get(_KIND.get(column, ""))
        if limits and column in frame:
            low, high, shown = limits
            outside = ((frame[column] < low) | (frame[column] > high)).to_numpy()
            t.flag(frame, outside, Message("rejected.outside", column=column, range=shown),
                   Message("warning.outside", range=shown), unit="count.values", column=column,
                   show=_number_at(frame[column]), hint=Message("hint.scale", column=column, range=shown))
            frame.loc[outside, column] = np.nan
    if t.name == "customers":
        t.flag(frame, frame["customer_id"].duplicated().to_numpy(), Message("rejected.repeated_id"),
               Message("warning.repeated_id"), column="customer_id", hint=Message("hint.one_row"), drop=True)


def _duplicates(t: _Table) -> tuple[np.ndarray, Callable[[int], Message]]:
    """Rows whose text equals an earlier row's in every column of the file (exactly).

    Comparing millions of text rows is slow, so a cheap key of the parsed
    numbers and dates (equal rows parse equally) finds the candidates first;
    only those are compared as text.
    """
    frame = t.frame
    key = _row_key(frame)
    ordered = np.sort(key)                  # (sorting millions of keys beats hashing them)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    candidates = np.flatnonzero(pd.Series(key).isin(pd.unique(repeated)).to_numpy()) if len(repeated) \
        else np.zeros(0, dtype=np.int64)
    duplicate = np.zeros(len(frame), dtype=bool)
    files, rows, groups = (frame[c].to_numpy() for c in ("_file", "_row", "_group"))
    for group in np.unique(groups[candidates]):
        chosen = candidates[groups[candidates] == group]
        pieces = [t.raws[f].iloc[rows[chosen[files[chosen] == f]]] for f in np.unique(files[chosen])]
        duplicate[chosen] = pd.concat(pieces, ignore_index=True).duplicated().to_numpy()

    def show(i: int) -> Message:
        mine = t.raws[files[i]].iloc[rows[i]].tolist()
        for j in np.flatnonzero(key[:i] == key[i]):
            if groups[j] == groups[i] and _same(t.raws[files[j]].iloc[rows[j]].tolist(), mine):
                line = int(frame["_line"].iloc[j])
                if files[j] == files[i]:
                    return Message("value.repeats_line", line=line)
                return Message("value.repeats_file_line", file=t.files[files[j]], line=line)
        return Message("value.repeats_row")

    return duplicate, show


def _row_key(frame: pd.DataFrame) -> np.ndarray:
    """A 64-bit hash per row of the parsed numbers and dates, and of the customer id
    where no amount tells rows apart (hashing millions of ids costs a second)."""
    parts = [frame[c].to_numpy().view("int64") for c in frame.columns
             if not c.startswith("_") and frame[c].dtype in ("float64", "datetime64[ns]")]
    if "amount" not in frame:
        parts.append(pd.factorize(frame["customer_id"])[0].astype("int64"))
    key = frame["_group"].to_numpy().astype("uint64")
    with np.errstate(over="ignore"):
        for part in parts:
            key = (key * np.uint64(0x9E3779B97F4A7C15)) ^ part.astype("uint64")
    return key


def _same(a: list, b: list) -> bool:
    return all((pd.isna(x) and pd.isna(y)) or x == y for x, y in zip(a, b))


# --------------------------------------------------------------------------
# Checks across tables, then the typed output


_DATED = ("transactions", "interactions", "assessments", "feedback")
_ABOUT_CUSTOMERS = ("interactions", "assessments", "feedback")


def _check_across_tables(config: Config, loaded: dict[str, _Table],
                         vocab: dict[tuple[str, str], Vocabulary], pushed: _Pushed | None = None) -> Tables:
    """The report date, rows after it, customers unknown to the other tables, and the codes.
    ``pushed``: the transactions summarised in the database (compute: database), not in ``loaded``."""
    if pushed is not None:
        return _across_pushed(config, loaded, vocab, pushed)
    transactions = loaded["transactions"]
    if transactions.frame.empty:
        raise InputError(Problem(_first_file(config, transactions), "no transactions to report on",
                                 hint="the transactions table has no usable rows"))
    as_of = config.as_of or transactions.frame["date"].max().date()
    _flag_after(config, loaded, as_of)
    if transactions.frame.empty:
        raise InputError(Problem(_first_file(config, transactions),
                                 f"no transactions on or before the report date {as_of.isoformat()}",
                                 hint="check as_of in config.yaml and the transaction dates"))

    _flag_customers(loaded, pd.Index(transactions.frame["customer_id"].unique()))

    for (name, column), v in vocab.items():
        t = loaded.get(name)
        if t is not None and column in t.frame:
            t.codes.append(_check_codes(t, column, v))
    stale = _stale_report_date(config, transactions.frame["date"].max().date(), as_of)

    out = {name: _output(t) for name, t in loaded.items()}
    return Tables(
        transactions=out["transactions"],
        customers=out.get("customers"),
        interactions=out.get("interactions"),
        assessments=out.get("assessments"),
        feedback=out.get("feedback"),
        as_of=as_of,
        quality={name: t.quality() for name, t in loaded.items()},
        warnings=tuple(w for t in loaded.values() for w in t.warnings) + stale,
    )


def _flag_after(config: Config, loaded: dict[str, _Table], as_of) -> None:
    """Rows dated after the report date, in every dated table read here: left out, warned."""
    limit = pd.Timestamp(as_of)
    for name in _DATED:
        t = loaded.get(name)
        if t is not None and "date" in t.frame:
            t.flag(t.frame, (t.frame["date"] > limit).to_numpy(), Message("rejected.after_report_date"),
                   Message("warning.after_report_date", date=as_of.isoformat()), column="date",
                   show=_iso_at(t.frame["date"]),
                   hint=Message("hint.as_of" if config.as_of else "hint.last_transaction"), drop=True)


def _flag_customers(loaded: dict[str, _Table], bought: pd.Index) -> None:
    """Customers without a transaction (kept, warned) and rows of the other tables about a customer
    nobody knows (left out, warned); ``bought``: the ids with a transaction."""
    known = bought
    customers = loaded.get("customers")
    if customers is not None:
        known = bought.union(pd.Index(customers.frame["customer_id"].unique()))
        kept = Message("done.kept")
        _flag_unknown(customers, bought, Message("rejected.no_transactions"),
                      Message("warning.no_transactions", done=kept),
                      Message("warning.no_transactions_zeros", done=kept), hint=None, drop=False)
    for name in _ABOUT_CUSTOMERS:
        t = loaded.get(name)
        if t is not None:
            left_out = Message("done.left_out")
            _flag_unknown(t, known, Message("rejected.unknown_customer"),
                          Message("warning.unknown_customer", done=left_out),
                          Message("warning.unknown_customer_zeros", done=left_out),
                          hint=Message("hint.unknown_customers"), drop=True)


def _across_pushed(config: Config, loaded: dict[str, _Table], vocab: dict[tuple[str, str], Vocabulary],
                   pushed: _Pushed) -> Tables:
    """:func:`_check_across_tables` when the transactions were summarised in the database: the report
    date, the customers who bought and the codes of the transactions come from its counts."""
    summary = pushed.summary
    as_of = summary.as_of
    if summary.frame.empty:
        raise InputError(Problem(summary.shown, f"no transactions on or before the report date {as_of.isoformat()}",
                                 hint="check as_of in config.yaml and the transaction dates"))
    _flag_after(config, loaded, as_of)
    _flag_customers(loaded, pd.Index(summary.frame["customer_id"].astype(str)))
    codes = []
    for (name, column), v in vocab.items():
        if name == "transactions":
            if column in summary.names:
                codes.append(_pushed_codes(pushed, column, v))
            continue
        t = loaded.get(name)
        if t is not None and column in t.frame:
            t.codes.append(_check_codes(t, column, v))
    pushed.quality = dataclasses.replace(pushed.quality, codes=tuple(codes))
    stale = _stale_report_date(config, pushed.quality.date_range[1], as_of)
    out = {name: _output(t) for name, t in loaded.items()}
    return Tables(
        transactions=None,
        customers=out.get("customers"),
        interactions=out.get("interactions"),
        assessments=out.get("assessments"),
        feedback=out.get("feedback"),
        as_of=as_of,
        quality={"transactions": pushed.quality, **{name: t.quality() for name, t in loaded.items()}},
        warnings=tuple(pushed.warnings) + tuple(w for t in loaded.values() for w in t.warnings) + stale,
        summary=summary,
    )


#: a report date this many days after the last transaction is probably a copied one (config as_of)
STALE_DAYS = 31
#: a column with more distinct values than this, compared with a text in a where: only, is no code list
_MANY_CODES = 50


def _stale_report_date(config: Config, last: dt.date, as_of: dt.date) -> tuple[Problem, ...]:
    """A warning when the report date lies more than STALE_DAYS after the last transaction: every
    customer would look silent (e.g. an as_of copied from the sample into a new client's config)."""
    days = (as_of - last).days
    if days <= STALE_DAYS:
        return ()
    line, col = config.where("as_of")
    return (Problem(config.display(config.file), Message("warning.stale_report_date", as_of=as_of.isoformat(),
                                                         last=last.isoformat(), days=Message("count.days", n=days)),
                    line, col, Message("hint.stale_report_date", limit=STALE_DAYS)),)


def _check_codes(t: _Table, column: str, v: Vocabulary) -> CodeCount:
    """The codes of one coded column with their counts; an unknown code is a warning per file
    (its rows count for no service and, as a contract, entitle to nothing)."""
    values = t.frame[column]
    counts = values.value_counts(dropna=True)
    found = tuple(sorted(((str(code), int(n)) for code, n in counts.items()), key=lambda kv: (-kv[1], kv[0])))
    known = v.known
    unknown = []
    for code, _ in found:
        if code in known or (not v.built_in and len(found) > _MANY_CODES):
            continue
        guess = nearest(code, known, cutoff=0.6) or nearest(code.casefold(), [k.casefold() for k in known])
        if guess is not None and guess not in known:     # matched case-insensitively
            guess = next(k for k in known if k.casefold() == guess)
        unknown.append((code, guess))
        hint = (Message("hint.unknown_code_guess", guess=guess, table=t.name, column=column, their=code)
                if guess else Message("hint.unknown_code", table=t.name, column=column, their=code,
                                      known=", ".join(known) if known else "—"))
        t.flag(t.frame, (values == code).to_numpy(dtype=bool, na_value=False),
               Message("rejected.unknown_code", column=column, their=code),
               Message("warning.unknown_code", column=column, their=code), column=column, hint=hint)
    seen = {code for code, _ in found}
    return CodeCount(column, found, v.policy, tuple(unknown), tuple(c for c in v.policy if c not in seen), known)


def _first_file(config: Config, t: _Table) -> str:
    source = config.data[t.name]
    return t.files[0] if t.files else source.path or source.table or f"query ({t.name})"


def _flag_unknown(t: _Table, known: pd.Index, reason: Message, warning: Message, zeros_warning: Message, *,
                  hint: Message | None, drop: bool) -> None:
    """Count rows whose customer id is not in ``known``; say so (``zeros_warning``) when only
    leading zeros differ."""
    ids = t.frame["customer_id"]
    unknown = ~isin_ids(ids, known)
    if not unknown.any():
        return
    bare_known = pd.Series(np.asarray(known, dtype=object), index=_without_zeros(known))
    bare_known = bare_known[~bare_known.index.duplicated()]
    match = np.full(len(ids), None, dtype=object)       # the known id it resembles, if any
    match[unknown] = np.asarray(_without_zeros(ids[unknown]).map(bare_known), dtype=object)
    zeros = unknown & pd.notna(match)
    rows = t.frame
    t.flag(rows, zeros, Message("rejected.zeros", reason=reason), zeros_warning, column="customer_id",
           show=lambda i: f"'{ids.iloc[i]}' vs '{match[i]}'", hint=Message("hint.leading_zeros"))
    t.flag(rows, unknown & ~zeros, reason, warning, column="customer_id", hint=hint)
    if drop:
        t.frame = rows.loc[~unknown]


def isin_ids(values: pd.Series, known) -> np.ndarray:
    """``values.isin(known).to_numpy()`` for ids (text), by pyarrow's hash lookup (pandas
    builds a Python object per known value: seconds for a hundred thousand ids)."""
    array = pa.array(values, from_pandas=True)
    if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        return values.isin(known).to_numpy(dtype=bool)
    wanted = pa.array(pd.Series(np.asarray(known, dtype=object), dtype="str"), from_pandas=True).cast(array.type)
    return _bools(pc.is_in(array, value_set=wanted))


def _without_zeros(ids) -> pd.Index:
    bare = pd.Series(np.asarray(ids, dtype=object), dtype="str").str.replace(r"^0+", "", regex=True)
    return pd.Index(bare.where(bare != "", "0"))


def _output(t: _Table) -> pd.DataFrame:
    """The typed table handed to the rest of the program: canonical columns only."""
    return t.frame[[c for c in TABLE_COLUMNS[t.name] if c in t.frame]].reset_index(drop=True)
