"""Earlier builds' results, for "since the previous report": segment moves and score changes.

A build records per customer its segment and three scores in one small CSV
under ``config.history`` (DESIGN.md, Writing). The file is named by the report
date, a sequence number and a hash of its content::

    2026-06-30_001_5f0c2a9e81d4.csv

Beside it, with the same stem, a small JSON file holds the build's portfolio
KPI values (``2026-06-30_001_5f0c2a9e81d4.json``), so the overview can show
each focus KPI's change since the previous report. Builds recorded before
KPIs were stored have no such file: their report still serves the segment
moves and score changes, and the KPIs fall back to the previous 12 months.

Identical inputs give identical results and so the same hash: such a build is
already recorded and the history is left untouched. Hashing the results, not
the input files, means a changed export or policy that changes nothing for
any customer is not stored twice. The hash covers the KPI file too (when one
is written), so a build whose KPIs differ is a different result. A different result for the same report date
(corrected data, a new policy) gets the next sequence number. The previous
report of a build is the most recent stored build whose report date is
*earlier* — the latest date, and of that date the highest sequence number —
so rebuilding a report never compares it with itself.

Fix before exit needs more than the previous report: what was advised before,
and since when. So every earlier build is read too, for each customer's first
report date in each segment (``PreviousReport.first_in_segment``; the model
turns the fix segment's column into ``fix_advised_since``). A report date
with several builds counts with its date: the first date is what matters.

This module reads the history, before anything is computed; ``output.history``
writes a build into it once the site is published, and ``model.changes``
compares a report with the previous one.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

# pandas and numpy are imported where they are used: a rebuild with unchanged inputs lists the
# history (output.incremental) without loading them, which keeps that check fast.

#: what a build records per customer (the index is customer_id)
COLUMNS = ("segment", "value_score", "burden_score", "future_score")
SCORES = ("value_score", "burden_score", "future_score")

#: a stored build: its results (.csv) and its portfolio KPIs (.json, beside it)
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{3,})_([0-9a-f]{12})\.(csv|json)$")
#: the KPI file beside a stored build's CSV (same stem)
KPI_SUFFIX = ".json"
KPI_SCHEMA = "klantwaarde-history-kpis"
_HINT = "remove this file from the history folder: it only serves the comparison with the previous report"


@dataclass(frozen=True)
class PreviousReport:
    """The stored results of the build a report is compared with."""

    as_of: dt.date
    frame: pd.DataFrame   # index customer_id; columns COLUMNS
    file: str             # its file name (never a full path: it may be shown)
    #: its portfolio KPI values (name -> value, None when it was unknown); None when the
    #: build was recorded before KPIs were stored (no KPI file beside the CSV)
    kpis: dict[str, float | None] | None = None
    #: per customer (index) and segment id (column), the first earlier report date that put the
    #: customer in that segment (NaT when none did): what was advised before, and since when
    first_in_segment: pd.DataFrame | None = None


def load_previous(folder: Path, as_of: dt.date) -> PreviousReport | None:
    """The most recent stored build whose report date is earlier than ``as_of``, if any, with
    the first report date of every customer in every segment over all earlier builds."""
    earlier = [s for s in stored(folder) if s[0] < as_of]
    if not earlier:
        return None
    date, _seq, _hash, path = max(earlier, key=lambda s: (s[0], s[1]))
    latest = _read(path)
    return PreviousReport(date, latest, path.name, _read_kpis(path.with_suffix(KPI_SUFFIX)),
                          first_in_segment(earlier, {path: latest}))


def first_in_segment(builds: list[tuple[dt.date, int, str, Path]],
                     read: dict[Path, pd.DataFrame] | None = None) -> pd.DataFrame:
    """customer id × segment id -> the earliest report date (Timestamp) among ``builds`` that
    put the customer in that segment; NaT where none did. ``read``: builds already read."""
    import pandas as pd  # deferred: see the note at the imports

    read = read or {}
    parts = []
    for date, _seq, _hash, path in builds:
        frame = read[path] if path in read else _read(path)
        seg = frame["segment"].dropna()
        parts.append(pd.DataFrame({"customer_id": seg.index.astype(str), "segment": seg.astype(str).to_numpy(),
                                   "date": pd.Timestamp(date)}))
    if not parts:
        return pd.DataFrame(dtype="datetime64[ns]")
    every = pd.concat(parts, ignore_index=True)
    first = every.groupby(["customer_id", "segment"], sort=True)["date"].min().unstack("segment")
    first.index.name, first.columns.name = "customer_id", None
    return first.astype("datetime64[ns]")


# --- the files ------------------------------------------------------------------

def entry_names(folder: Path, last: str) -> list[str]:
    """The names of the stored files (results and KPIs) dated ``last`` (ISO) or earlier, sorted:
    everything a report of that date compares with or has recorded."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(n for n in names if (m := _NAME.match(n)) and m.group(1) <= last)


def stored(folder: Path) -> list[tuple[dt.date, int, str, Path]]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m and m.group(4) == "csv" and p.is_file():
            try:
                date = dt.date.fromisoformat(m.group(1))
            except ValueError:
                continue
            out.append((date, int(m.group(2)), m.group(3), p))
    return out


def _read_kpis(path: Path) -> dict[str, float | None] | None:
    """A stored build's KPI values; None when it has no KPI file (recorded by an older version)."""
    if not path.is_file():
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(str(path), f"cannot read this stored build's KPIs: {exc}", hint=_HINT)) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(str(path), f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno,
                                 hint=_HINT)) from None
    kpis = doc.get("kpis") if isinstance(doc, dict) else None
    if not isinstance(kpis, dict):
        raise InputError(Problem(str(path), "a stored build's KPI file without a 'kpis' object", hint=_HINT))
    out: dict[str, float | None] = {}
    for name, value in kpis.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise InputError(Problem(str(path), f"the KPI '{name}' is {json.dumps(value)}, not a number or null",
                                     column=str(name), hint=_HINT))
        out[str(name)] = None if value is None else float(value)
    return out


def _read(path: Path) -> pd.DataFrame:
    import numpy as np  # deferred: see the note at the imports
    import pandas as pd

    hint = _HINT
    try:
        frame = pd.read_csv(io.BytesIO(path.read_bytes()), dtype=str, keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise InputError(Problem(str(path), f"cannot read this stored build: {exc}", hint=hint)) from None
    missing = [c for c in ("customer_id", *COLUMNS) if c not in frame.columns]
    if missing:
        raise InputError(Problem(str(path), f"a stored build without the column(s) {', '.join(missing)}", hint=hint))
    out = frame.set_index("customer_id")[list(COLUMNS)].copy()
    out["segment"] = out["segment"].where(out["segment"] != "", None)
    for col in SCORES:
        values = pd.to_numeric(out[col].replace("", np.nan), errors="coerce")
        bad = values.isna() & (out[col] != "")
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2   # header is line 1
            raise InputError(Problem(str(path), f"'{out[col].iloc[row - 2]}' is not a score", line=row,
                                     column=col, hint=hint))
        out[col] = values.astype(float)
    return out
