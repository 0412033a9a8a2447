"""The plain data that flows from the computing stages to the site.

Everything the site shows comes from one :class:`Report`; the site never
reads files and never recomputes a measure.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .config import Config
from .policy import Policy


@dataclass(frozen=True)
class Kpi:
    """A portfolio KPI for the current window and, where known, the previous one."""

    name: str
    label: str
    kind: str  # money | count | ratio
    value: float | None
    previous: float | None = None


@dataclass(frozen=True)
class TableQuality:
    """What the reading layer saw in one table (for the data-quality page)."""

    table: str
    files: tuple[str, ...]
    rows_read: int
    rows_used: int
    rejected: dict[str, int] = field(default_factory=dict)      # reason -> rows
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason -> first examples
    missing: dict[str, int] = field(default_factory=dict)       # column -> missing values
    date_range: tuple[dt.date, dt.date] | None = None
    sniffed: dict[str, str] = field(default_factory=dict)       # e.g. sep, decimal, encoding, format
    columns: dict[str, str] = field(default_factory=dict)       # canonical -> column name in the file


@dataclass(frozen=True)
class Report:
    """Everything one build knows, ready to render.

    ``customers`` is indexed by ``customer_id`` (text) in a stable order (by
    customer id) and has one column per catalogue measure that could be
    computed, plus:

    - ``slug``: file name stem of the customer page (``customers/<slug>.html``),
    - ``segment``: segment id; ``segment_name`` in the build language,
    - ``<score>__<measure>`` (e.g. ``value_score__margin_12m``): the normalised
      0–100 value of each score component (missing when the measure is),
    - ``usage_<service>_12m`` / ``cost_<service>_12m`` per policy service,
    - ``entitled_<service>`` (bool) per policy service.

    ``rules`` holds, per customer (same index), one column per segment with a
    condition: True, False or <NA> (unknown) — the trace of rules tried.
    ``monthly`` has one row per customer and month with columns
    ``customer_id, month`` (first day of the month, datetime64), ``revenue``,
    ``margin`` (margin missing without cost data), covering the current and the
    previous 12-month window.
    ``actions`` has one row per recommended action: ``customer_id,
    action_id, priority, title, text, letter`` (bool), ``reason`` (why it was
    recommended: the segment's playbook or the action's own condition).
    """

    config: Config
    policy: Policy
    lang: str
    as_of: dt.date
    window_start: dt.date          # first day of the current 12-month window
    prev_window_start: dt.date     # first day of the previous 12-month window
    data_start: dt.date | None     # first transaction date
    customers: pd.DataFrame
    rules: pd.DataFrame
    monthly: pd.DataFrame
    actions: pd.DataFrame
    kpis: dict[str, Kpi]
    quality: dict[str, TableQuality]
    warnings: tuple[str, ...]
    unavailable: dict[str, str]    # measure -> reason it could not be computed
    future_method: str             # "bgnbd+gamma_gamma" or "simple"
    future_note: str
    previous: pd.DataFrame | None = None   # segment per customer in the previous report, if any
    generated: str | None = None           # from SOURCE_DATE_EPOCH, else None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.config.title
