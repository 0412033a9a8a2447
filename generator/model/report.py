"""The plain data that flows from the computing stages to the site.

Everything the site shows comes from one :class:`Report`; the site never
reads files and never recomputes a measure.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from generator.errors import Problem
from generator.inputs.config import Config
from generator.inputs.policy import Policy
from generator.inputs.sources import TableQuality
from generator.inputs.theme import Theme
from generator.model.changes import Moves
from generator.model.consistency import Consistency
from generator.text.messages import Message


#: events per customer kept for the contact timeline (newest first)
TIMELINE_EVENTS = 40


@dataclass(frozen=True)
class Kpi:
    """A portfolio KPI for the current window and, where known, the previous 12-month window
    (``previous``) and the previous report (``previous_report``, from the history)."""

    name: str
    label: str
    kind: str  # money | count | ratio
    value: float | None
    previous: float | None = None
    previous_report: float | None = None


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
    action_id, priority, owner`` (the account manager, None when unknown),
    ``title, text, letter`` (bool), ``reason`` (why, in the build language,
    with the numbers behind it: the segment's rule or the house rule),
    ``numbers`` (the same values as ``code=value; …``) and ``language``.
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
    warnings: tuple[Problem, ...]      # each holding Messages (text.messages renders them)
    unavailable: dict[str, Message]    # measure -> reason it could not be computed
    future_method: str                 # "mbgnbd+gamma_gamma", "pnbd+gamma_gamma" or "simple"
    future_note: Message
    #: service leakage and unequal treatment (model.consistency) for the policy page; None when
    #: no service's use could be counted
    consistency: Consistency | None
    #: (R, FM) quintile cell -> RFM segment name (measures.rfm_grid), for the methodology page
    rfm_grid: dict[tuple[int, int], str]
    #: account manager -> stem of their action pages when the worklist is paged
    #: (model.slugs.manager_slugs); every manager with an action
    manager_slugs: dict[str, str]
    #: the previous report (history): index customer_id, columns segment, value_score,
    #: burden_score, future_score; None when no stored build has an earlier report date
    previous: pd.DataFrame | None = None
    generated: str | None = None           # from SOURCE_DATE_EPOCH, else None
    #: the contact timeline of customer pages, current 12-month window, newest first, at most
    #: TIMELINE_EVENTS per customer: ``customer_id, date, kind, minutes, severity, note`` (``note``
    #: only when config.privacy.notes is on, otherwise absent)
    interactions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["customer_id", "date", "kind"]))
    #: purchases on the same timeline: ``customer_id, date, order_type, amount, orders`` (one row per
    #: customer, day and order type; order_type "" when not given)
    purchases: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["customer_id", "date", "amount"]))
    extra: dict[str, Any] = field(default_factory=dict)
    previous_as_of: dt.date | None = None  # report date of the previous report
    #: the previous report's portfolio KPI values (name -> value, None when unknown); None without a
    #: previous report or when it was recorded before KPIs were stored in the history
    previous_kpis: dict[str, float | None] | None = None
    #: segment moves since the previous report (model.changes.segment_moves); None without one
    moves: Moves | None = None
    #: customers ranked by net profit with the cumulative share of total profit
    #: (measures.whale_curve); None without net profit
    whale: pd.DataFrame | None = None
    #: the consultant's theme (config: theme), read with the other inputs; no theme by default
    theme: Theme = Theme()
    #: the future-value backtest (model.backtest.Backtest); None when not run
    future_backtest: Any = None
    #: the chosen purchase-count model's parameters on the whole history (time unit days) and
    #: Gamma-Gamma's, e.g. {"r": .., "alpha": .., "a": .., "b": .., "gg_p": .., "gg_q": .., "gg_v": ..};
    #: empty for the simple method
    future_params: dict[str, float] = field(default_factory=dict)
    #: the customers' contact details for the worklists (model.contacts): index customer_id,
    #: columns contact_name, phone, email (those the customers table has); None unless
    #: config.privacy.contacts is on, and always None in an anonymised report
    contacts: pd.DataFrame | None = None
    #: which customers get a page of their own (config: pages): bool per customer, same index as
    #: ``customers``; None when every customer gets one (the default)
    page_mask: pd.Series | None = None

    def has_page(self) -> pd.Series:
        """True for each customer with a page (``customers/<slug>.html``), indexed like ``customers``."""
        if self.page_mask is None:
            return pd.Series(True, index=self.customers.index)
        return self.page_mask.reindex(self.customers.index, fill_value=False)

    def page_paths(self) -> pd.Series:
        """Each customer's page relative to the site's root (``customers/<slug>.html``), "" without one."""
        paths = "customers/" + self.customers["slug"] + ".html"
        return paths.where(self.has_page(), "") if self.page_mask is not None else paths

    @property
    def title(self) -> str:
        return self.config.title
