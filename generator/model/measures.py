"""Per-customer measures, computed vectorised over all customers.

This is the one place that aggregates transactions, interactions,
assessments and feedback (so it can later be pushed down to a database
engine). Each measure is defined in :mod:`generator.inputs.catalogue`; this module
computes exactly those definitions, as of the report date, over fixed
windows: the 12 months up to the report date and the 12 months before.

Millions of transactions: customer ids (and invoice numbers) are turned into
integer codes once, and every aggregate is a grouping on those codes over a
row mask (:class:`_Rows`), never a copy of the table or a look-up of ids per
measure. Rows keep their order within a customer, so every sum is the same,
to the last bit, as the plain ``groupby("customer_id")`` of the definition
(tests/test_fast_paths.py compares the two).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from generator.model import backtest, future
from generator.inputs.policy import Policy
from generator.inputs.sources import isin_ids
from generator.text.messages import Message

DAY = np.timedelta64(1, "D")

#: interaction kinds that count as a meeting (account review and visits included)
MEETING_KINDS = ("meeting", "visit", "review")
#: the interaction kind that records a referral: the customer brought us a new customer or lead
REFERRAL_KIND = "referral"


@dataclass(frozen=True)
class Windows:
    """The report date and the two fixed 12-month windows (inclusive days)."""

    as_of: pd.Timestamp
    start: pd.Timestamp        # first day of the current window
    prev_start: pd.Timestamp   # first day of the previous window

    @classmethod
    def ending(cls, as_of: dt.date) -> "Windows":
        end = pd.Timestamp(as_of)
        start = end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
        prev_start = end - pd.DateOffset(years=2) + pd.Timedelta(days=1)
        return cls(end, start, prev_start)

    def current(self, dates: pd.Series) -> pd.Series:
        return (dates >= self.start) & (dates <= self.as_of)

    def previous(self, dates: pd.Series) -> pd.Series:
        return (dates >= self.prev_start) & (dates < self.start)


@dataclass(frozen=True)
class Measures:
    """Everything computed per customer, plus what could not be computed and why."""

    frame: pd.DataFrame            # index customer_id, one column per measure
    monthly: pd.DataFrame          # customer_id, month, revenue, margin
    windows: Windows
    unavailable: dict[str, Message]    # measure -> reason
    future: future.FutureValue
    previous: pd.DataFrame = field(default_factory=pd.DataFrame)  # previous-window money per customer
    #: per row of the transactions table, the position of its customer among the sorted ids
    #: (for :func:`portfolio_kpis`, which then need not look the ids up again)
    customer_codes: np.ndarray | None = None
    #: compute: database: what the portfolio KPIs and the timeline need, as the database made it
    portfolio: "Portfolio | None" = None
    purchases: pd.DataFrame | None = None


def compute_measures(tables, policy: Policy, as_of: dt.date) -> Measures:
    """All per-customer measures of the catalogue as of ``as_of``.

    ``tables`` is the validated :class:`generator.inputs.sources.Tables`.
    """
    w = Windows.ending(as_of)
    if tables.transactions is None:     # compute: database: the database summarised them (no row here)
        return _measures_pushed(tables, policy, w)
    customer = pd.factorize(tables.transactions["customer_id"])     # hashed once, for both uses below
    ids = _customer_ids(tables, customer[1])
    index = pd.Index(ids, name="customer_id")
    # Millions of rows: only the columns the measures read, customer ids (and invoice
    # numbers) as categoricals, so that every grouping below works on integer codes.
    tx = _needed_columns(tables.transactions, policy)
    tx = _coded(tx, index, keep_invoice_text=_uses_invoice_text(policy), customer=customer)
    customer_codes = np.asarray(tx["customer_id"].cat.codes)
    within = (tx["date"] <= w.as_of).to_numpy()
    if not within.all():
        tx = tx[within]
    tx = _Rows(tx, index)
    interactions = _Rows(_coded(tables.interactions, index), index) if tables.interactions is not None else None
    unavailable: dict[str, Message] = {}
    out = pd.DataFrame(index=index)

    _profile(out, tables.customers, tx, w, unavailable)
    cur = window_money(tx, w.start, w.as_of, policy, interactions)
    prev = window_money(tx, w.prev_start, w.start - pd.Timedelta(days=1), policy, interactions)
    _money(out, tx, cur, prev, w, unavailable)
    _activity(out, tx, w)
    _rfm(out)
    _cost_to_serve(out, cur, policy, unavailable)
    _arrears(out, tx, policy, w, unavailable)
    _relationship(out, interactions, tables.feedback, policy, w, unavailable)
    _soft(out, tables.assessments, unavailable)
    fv = _future(out, tx, w)
    previous = pd.DataFrame({
        "revenue": prev.revenue.fillna(0.0),
        "margin": prev.margin if prev.margin is not None else np.nan,
        "cost_to_serve": prev.cost_to_serve.reindex(out.index, fill_value=0.0).fillna(0.0),
    })
    return Measures(out, _monthly(tx, w), w, unavailable, fv, previous, customer_codes)


# --- the customer universe ---------------------------------------------------

def _customer_ids(tables, bought=None) -> list[str]:
    """Every customer in the transactions (``bought``: their distinct ids, when known) or the
    customers table, sorted by id."""
    if bought is None:
        bought = pd.unique(tables.transactions["customer_id"])
    ids = set(pd.Series(bought).astype(str))
    if tables.customers is not None:
        ids |= set(tables.customers["customer_id"].astype(str).unique())
    return sorted(ids)


#: the transaction columns the measures read (besides those the services' usage names)
_TX_COLUMNS = ("customer_id", "date", "amount", "cost", "invoice_id", "due_date", "paid_date")


def _needed_columns(tx: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """The transactions with only the columns the measures read: every row filter copies less."""
    needed = set(_TX_COLUMNS)
    for s in policy.services:
        if s.usage.table == "transactions":
            cond = policy.usage_conditions.get(s.id)
            needed |= set(cond.names) if cond is not None else set()
            if s.usage.sum:
                needed.add(s.usage.sum)
    return tx[[c for c in tx.columns if c in needed]]


def _uses_invoice_text(policy: Policy) -> bool:
    """Whether a service's usage condition or sum reads the invoice number itself."""
    return any(s.usage.table == "transactions" and (
        "invoice_id" in getattr(policy.usage_conditions.get(s.id), "names", ()) or s.usage.sum == "invoice_id")
        for s in policy.services)


def _coded(table: pd.DataFrame | None, index: pd.Index, keep_invoice_text: bool = False,
           customer: tuple | None = None) -> pd.DataFrame | None:
    """``table`` with ``customer_id`` as a categorical over the (sorted) customer ids of
    ``index`` (ids outside it become missing): the same values, but every grouping below
    works on integer codes (grouping millions of texts costs seconds each time).

    Invoice numbers are hashed once, into ``_invoice`` (a number per distinct invoice,
    missing where the row has none) and ``_invoice_key`` (:func:`_invoice_keys`); the text
    column is dropped unless ``keep_invoice_text``. ``customer``: ``pd.factorize`` of the
    ``customer_id`` column, when already done.
    """
    if table is None:
        return None
    codes, uniques = customer if customer is not None else pd.factorize(table["customer_id"])
    position = np.append(index.get_indexer(pd.Index(uniques)), -1)   # code -1 (missing) stays -1
    columns = {"customer_id": pd.Series(pd.Categorical.from_codes(position[codes], categories=index,
                                                                  validate=False), index=table.index)}
    if "invoice_id" in table.columns:
        codes, numbers = _text_codes(table["invoice_id"])
        columns["_invoice"] = pd.Series(np.where(codes >= 0, codes, np.nan), index=table.index)
        keys = _invoice_keys(codes, numbers, table.index)
        columns["_invoice_key"] = pd.Series(keys, index=table.index)
        if not keep_invoice_text:
            table = table.drop(columns="invoice_id")
    out = table.assign(**columns)
    if "_invoice_key" in columns:
        # a row without a number keyed like an invoice numbered 'row-<label>' (see _invoice_keys)
        missing = np.isnan(columns["_invoice"].to_numpy())
        out.attrs["invoice_key_collision"] = bool(missing.any()) and bool(
            np.isin(keys[missing], keys[~missing]).any())
    return out


def _aligned(frame: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """``frame`` (indexed by customer id, each once) reindexed to ``index``: the ids looked up once."""
    if frame.index.equals(index):
        return frame.set_axis(index)
    return frame.reindex(index)


def _text_codes(values: pd.Series) -> tuple[np.ndarray, object]:
    """A number per distinct text (-1 where missing) and the texts by number, as
    ``pd.factorize`` gives them but numbered in no particular order.

    Millions of distinct short texts (invoice numbers) are hashed slowly; texts of at
    most 8 bytes (without NUL) are packed into one 64-bit integer each instead, and
    those are numbered by sorting.
    """
    array = pa.array(values, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)) or not len(array):
        return pd.factorize(values)
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=width)[array.offset:array.offset + len(array) + 1].astype(np.int64)
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8) if array.buffers()[2] is not None \
        else np.zeros(0, dtype=np.uint8)
    lengths = np.diff(offsets)
    valid = ~np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if lengths.max(initial=0) > 8 or (data[offsets[0]:offsets[-1]] == 0).any():
        return pd.factorize(values)
    packed = np.zeros(len(array), dtype=np.uint64)
    starts = offsets[:-1]
    for j in range(8):     # big-endian, zero-padded: without NUL bytes, equal texts give equal numbers
        byte = np.zeros(len(array), dtype=np.uint64)
        has = lengths > j
        byte[has] = data[starts[has] + j]
        packed = (packed << np.uint64(8)) | byte
    rows = np.flatnonzero(valid)
    codes = np.full(len(array), -1, dtype=np.int64)
    if len(rows):
        codes[rows], first = _dense(packed[rows].view(np.int64))
        return codes, array.take(pa.array(rows[first]))
    return codes, array.slice(0, 0)


def _invoice_keys(codes: np.ndarray, numbers, labels: pd.Index) -> np.ndarray:
    """An integer per row standing for its invoice number (``codes`` into ``numbers``); a row
    without one stands for itself, as the text 'row-<row label>' would (which equals an
    invoice numbered so)."""
    keys = codes.astype(np.int64)
    missing = keys < 0
    if missing.any():
        # the invoice number equal to each row's own text, if any (looked up without hashing every number)
        numbers = pa.array(numbers, from_pandas=True)
        own = pa.array(("row-" + pd.Index(labels[missing]).astype(str)).tolist(), type=numbers.type)
        at = pc.index_in(numbers, value_set=own).to_numpy(zero_copy_only=False)
        found = np.full(len(own), -1, dtype=np.int64)
        hit = ~np.isnan(at.astype(float))
        found[at[hit].astype(np.int64)] = np.flatnonzero(hit)
        keys[missing] = np.where(found >= 0, found, len(numbers) + np.arange(len(own)))
    return keys


def _profile(out: pd.DataFrame, customers: pd.DataFrame | None, tx: pd.DataFrame, w: Windows, unavailable,
             pushed: pd.DataFrame | None = None) -> None:
    text_cols = ("name", "account_manager", "sector", "region", "contract", "language", "contact_name")
    if customers is not None:
        c = customers.drop_duplicates("customer_id", keep="last").set_index("customer_id")
        c = _aligned(c, out.index)     # the ids looked up once, not per column
        for col in text_cols:
            if col in c.columns:
                out[col] = c[col].astype("str").where(c[col].notna(), None)
            else:
                out[col] = None
                unavailable[col] = Message("unavailable.no_column", table="customers", column=col)
        since = c["since"] if "since" in c.columns else pd.Series(pd.NaT, index=out.index)
    else:
        for col in text_cols:
            out[col] = None
            unavailable[col] = Message("unavailable.no_table", table="customers")
        since = pd.Series(pd.NaT, index=out.index)
    # a missing name falls back to the id: every page needs a title
    out["name"] = out["name"].where(out["name"].notna(), pd.Series(out.index, index=out.index))
    out["name"] = out["name"].astype(object)
    first = tx.by(tx["date"], "min", rows=tx.purchase) if pushed is None else pushed["first_purchase"]
    out["customer_since"] = since.where(since.notna(), first).astype("datetime64[ns]")
    out["tenure_days"] = _days(w.as_of, out["customer_since"])
    out["years_as_customer"] = np.floor(out["tenure_days"] / 365.25)


class _Rows:
    """A table's rows, aggregated per customer without copying the table.

    ``by(values, how, rows)`` aggregates ``values`` (a column, or an array as long as
    the table) over the rows selected by the boolean mask ``rows`` (all rows when None),
    grouped on the integer codes of ``customer_id`` (a categorical over ``index``): the
    same result as ``table[rows].groupby("customer_id", observed=True)[...]
    .reindex(index)``, for every customer of ``index`` in its order (no look-up of ids):
    a customer without a row has sum 0, size 0, and min, max and mean missing, or
    ``absent`` when given. Row order within a customer is kept, so sums are the same to
    the last bit.
    """

    def __init__(self, table: pd.DataFrame, index: pd.Index):
        self.table, self.index = table, index
        self.customer = table["customer_id"].array            # Categorical over index
        self.codes = np.asarray(self.customer.codes)
        self.columns = table.columns
        self._masks: dict = {}

    def __getitem__(self, column: str) -> pd.Series:
        return self.table[column]

    def __len__(self) -> int:
        return len(self.table)

    def between(self, start, end) -> np.ndarray:
        """Rows dated from ``start`` to ``end`` (inclusive)."""
        key = ("between", start, end)
        if key not in self._masks:
            d = self.table["date"]
            self._masks[key] = ((d >= start) & (d <= end)).to_numpy()
        return self._masks[key]

    def matching(self, name: str, cond) -> np.ndarray:
        """Rows where a condition holds, evaluated once over the whole table."""
        key = ("cond", name)
        if key not in self._masks:
            self._masks[key] = cond.matches(self.table)
        return self._masks[key]

    def counts(self, rows: np.ndarray | None = None) -> np.ndarray:
        codes = self.codes if rows is None else self.codes[rows]
        return np.bincount(codes[codes >= 0], minlength=len(self.index))

    @property
    def margin(self) -> pd.Series:
        """amount - cost per row."""
        if "margin" not in self._masks:
            self._masks["margin"] = self.table["amount"] - self.table["cost"]
        return self._masks["margin"]

    @property
    def cents(self) -> np.ndarray:
        """amount per row in whole cents (float64 holding integers: their sums are exact, in any order)."""
        if "cents" not in self._masks:
            self._masks["cents"] = cents(self.table["amount"])
        return self._masks["cents"]

    @property
    def margin_cents(self) -> np.ndarray:
        """amount - cost per row in whole cents (missing where the cost is)."""
        if "margin_cents" not in self._masks:
            self._masks["margin_cents"] = self.cents - cents(self.table["cost"])
        return self._masks["margin_cents"]

    @property
    def purchase(self) -> np.ndarray:
        """Purchases: rows with an amount >= 0 (a zero-amount order is a purchase; a credit
        note, amount < 0, is not)."""
        if "purchase" not in self._masks:
            self._masks["purchase"] = (self.table["amount"] >= 0).to_numpy()
        return self._masks["purchase"]

    @property
    def positive(self) -> np.ndarray:
        """Rows with a positive amount (purchases)."""
        if "positive" not in self._masks:
            self._masks["positive"] = (self.table["amount"] > 0).to_numpy()
        return self._masks["positive"]

    def invoices(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The purchases grouped by customer and invoice (``_invoice_key``), in the order the
        groups first appear: (the purchase rows, the group of each, each group's first row
        among them); None without invoice numbers. Invoices numbered once each need no
        grouping (every row its own group)."""
        if "_invoice_key" not in self.columns:
            return None
        if "invoices" not in self._masks:
            rows = np.flatnonzero(self.positive)
            key = self.table["_invoice_key"].to_numpy()[rows]
            if not len(key) or np.bincount(key).max() <= 1:
                group = np.arange(len(rows))
                first = group
            else:
                customer = self.codes[rows].astype(np.int64)
                group, first = _dense(customer * (int(key.max()) + 1) + key, sort=False)
            self._masks["invoices"] = (rows, group, first)
        return self._masks["invoices"]

    def purchase_days(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The purchases grouped by customer and day, sorted so: (the purchase rows, the group
        of each, each group's first row among them)."""
        if "days" not in self._masks:
            rows = np.flatnonzero(self.purchase)
            customer = self.codes[rows].astype(np.int64)
            day = _day_numbers(self.table["date"])[rows]
            day = day - (day.min() if len(day) else 0)
            span = int(day.max()) + 1 if len(day) else 1
            group, first = _dense(customer * span + day)
            self._masks["days"] = (rows, group, first)
        return self._masks["days"]

    def by(self, values, how: str = "sum", rows: np.ndarray | None = None, absent=None) -> pd.Series:
        v = np.asarray(self.codes if values is None else values)
        customer = self.customer
        if rows is not None:
            v, customer = v[rows], customer[rows]
        grouped = pd.Series(v).groupby(customer, observed=False)
        result = (grouped.size() if how == "size" else getattr(grouped, how)()).set_axis(self.index)
        if absent is None:
            return result
        # (numpy's where: pandas' rebuilds the look-up of the index of ids every time)
        return pd.Series(np.where(self.counts(rows) > 0, result.to_numpy(), absent), index=self.index)


# --- money over a window -----------------------------------------------------

@dataclass(frozen=True)
class WindowMoney:
    """Per customer (every customer, missing where the window has no row of theirs)."""

    revenue: pd.Series
    margin: pd.Series | None          # None without cost data
    usage: dict[str, pd.Series]       # service id -> units used
    cost: dict[str, pd.Series]        # service id -> usage × internal cost
    cost_to_serve: pd.Series
    unavailable: dict[str, Message]


def cents(amounts) -> np.ndarray:
    """Money per row in whole cents (a half cent rounded up), as float64 (missing stays missing).

    Revenue and margin are sums of these, divided by 100 once at the end: a sum of integers is
    the same in every order and in every engine (generator/inputs/aggregate.py sums the same
    cents in a database), where a float sum of euros differs in its last bits."""
    return np.floor(np.asarray(amounts, dtype=float) * 100 + 0.5)    # a half cent up, as in SQL's floor(x + 0.5)


def window_money(tx: _Rows, start, end, policy: Policy, interactions: _Rows | None) -> WindowMoney:
    """Revenue, margin and cost to serve per customer over one window (inclusive)."""
    rows = tx.between(start, end)
    revenue = tx.by(tx.cents, "sum", rows, absent=np.nan) / 100
    margin = None
    if "cost" in tx.columns:
        margin = tx.by(tx.margin_cents, "sum", rows, absent=np.nan) / 100
    usage, cost, missing = {}, {}, {}
    for s in policy.services:
        used = _usage(s, tx if s.usage.table == "transactions" else interactions, policy, start, end)
        if isinstance(used, Message):
            missing[s.id] = used
            continue
        usage[s.id] = used
        cost[s.id] = used * s.cost
    cts = pd.concat(cost.values(), axis=1).sum(axis=1) if cost else pd.Series(dtype=float)
    return WindowMoney(revenue, margin, usage, cost, cts, missing)


def _usage(svc, table: _Rows | None, policy: Policy, start, end) -> pd.Series | Message:
    """A service's usage per customer from ``start`` to ``end``, counted (or summed) in rows read here;
    or why it cannot be counted."""
    if table is None:
        return Message("unavailable.no_table", table=svc.usage.table)
    cond = policy.usage_conditions.get(svc.id)
    needed = set(cond.names) if cond is not None else set()
    if svc.usage.sum:
        needed.add(svc.usage.sum)
    absent = sorted(n for n in needed if n not in table.columns)
    if absent:
        return Message("unavailable.no_columns", table=svc.usage.table, columns=", ".join(absent))
    selected = table.between(start, end)
    if cond is not None:
        selected = selected & table.matching(svc.id, cond)
    if svc.usage.sum:
        return table.by(table[svc.usage.sum].fillna(0), "sum", selected, absent=np.nan)
    return table.by(None, "size", selected, absent=np.nan).astype(float)


def _money(out, tx, cur: WindowMoney, prev: WindowMoney, w: Windows, unavailable) -> None:
    out["revenue_total"] = tx.by(tx.cents) / 100
    out["revenue_12m"] = cur.revenue.fillna(0.0)
    out["revenue_prev_12m"] = prev.revenue.fillna(0.0)
    if cur.margin is not None:
        out["margin_12m"] = cur.margin.fillna(0.0)
        out["margin_prev_12m"] = prev.margin.fillna(0.0)
        out["margin_total"] = tx.by(tx.margin_cents) / 100
    _trend_and_margin(out, cur.margin is not None, unavailable)


def _trend_and_margin(out, has_cost: bool, unavailable) -> None:
    """What follows from the sums, wherever they were made: the revenue trend, the margin
    percentage, and without a cost column the margins unavailable."""
    prev_rev = out["revenue_prev_12m"]
    out["revenue_trend"] = (out["revenue_12m"] / prev_rev.where(prev_rev != 0)) - 1
    if has_cost:
        rev = out["revenue_12m"]
        out["margin_pct_12m"] = out["margin_12m"] / rev.where(rev > 0)
    else:
        for name in ("margin_12m", "margin_prev_12m", "margin_total", "margin_pct_12m"):
            out[name] = np.nan
            unavailable[name] = Message("unavailable.no_column", table="transactions", column="cost")
        unavailable["net_profit_12m"] = Message("unavailable.needs_cost")


def _orders(t: _Rows, rows: np.ndarray) -> pd.Series:
    """Orders per customer: distinct invoices with a positive amount, or positive rows."""
    rows = rows & t.positive
    groups = t.invoices()
    if groups is not None and not t.table.attrs.get("invoice_key_collision") and t["_invoice"][rows].notna().any():
        # distinct invoices = the (customer, invoice) groups with a row among these
        purchases, group, first = groups
        present = np.bincount(group[rows[purchases]], minlength=len(first)) > 0
        return pd.Series(np.bincount(t.codes[purchases[first[present]]], minlength=len(t.index)), index=t.index)
    if "_invoice" in t.columns and t["_invoice"][rows].notna().any():
        # invoices as numbers, customers as codes: the distinct pairs counted in one sort
        invoice = t["_invoice"].to_numpy()
        has_id = rows & ~np.isnan(invoice)
        counts = _count_distinct(t.codes[has_id], invoice[has_id].astype(np.int64), len(t.index)) \
            + t.counts(rows & ~has_id)
        return pd.Series(counts, index=t.index)
    if "invoice_id" in t.columns and t["invoice_id"][rows].notna().any():
        pos = t.table[rows]
        with_id = pos[pos["invoice_id"].notna()]
        n = with_id.groupby("customer_id", observed=True)["invoice_id"].nunique()
        no_id = pos[pos["invoice_id"].isna()].groupby("customer_id", observed=True).size()
        return n.add(no_id, fill_value=0).reindex(t.index, fill_value=0)
    return t.by(None, "size", rows)


def _count_distinct(customer: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per customer code (0..n-1), the number of distinct non-negative integers in ``values``."""
    known = customer >= 0
    customer, values = customer[known], values[known]
    if not len(values):
        return np.zeros(n, dtype=np.int64)
    values = values - values.min()
    span = int(values.max()) + 1
    pairs = np.sort(customer.astype(np.int64) * span + values)   # (np.unique is far slower on wide ranges)
    distinct = pairs[np.flatnonzero(np.diff(pairs)) + 1]
    return np.bincount(np.append(pairs[:1], distinct) // span, minlength=n)


def _days(later, earlier) -> pd.Series | np.ndarray:
    """``(later - earlier) / 1 day`` (missing where a date is), for dates or date columns, on
    the numbers themselves (pandas rebuilds the look-up of the index of ids per operation)."""
    def raw(x):
        return x.to_datetime64() if isinstance(x, pd.Timestamp) else x.to_numpy() if isinstance(x, pd.Series) else x
    days = (raw(later) - raw(earlier)) / DAY
    index = next((x.index for x in (later, earlier) if isinstance(x, pd.Series)), None)
    return pd.Series(days, index=index) if index is not None else days


def _day_numbers(dates: pd.Series) -> np.ndarray:
    """Dates (midnight) as whole day numbers."""
    return dates.to_numpy().astype("datetime64[D]").astype(np.int64)


def _activity(out, tx: _Rows, w: Windows) -> None:
    everything = np.ones(len(tx), dtype=bool)
    for suffix, rows, revenue in (("12m", w.current(tx["date"]).to_numpy(), "revenue_12m"),
                                  ("prev_12m", w.previous(tx["date"]).to_numpy(), "revenue_prev_12m"),
                                  ("total", everything, "revenue_total")):
        orders = _orders(tx, rows).astype(float)
        out[f"orders_{suffix}"] = orders
        out[f"avg_order_value_{suffix}"] = out[revenue] / orders.where(orders > 0)
    _best_year(out, tx)
    first = tx.by(tx["date"], "min", tx.purchase)      # a purchase: amount >= 0
    last = tx.by(tx["date"], "max", tx.purchase)
    out["first_purchase"] = first.astype("datetime64[ns]")
    out["last_purchase"] = last.astype("datetime64[ns]")
    out["days_since_last_purchase"] = _days(w.as_of, last)
    purchases, _group, first_day = tx.purchase_days()
    distinct_days = pd.Series(np.bincount(tx.codes[purchases[first_day]], minlength=len(out.index)), index=out.index)
    out["frequency"] = (distinct_days.where(distinct_days > 0) - 1).astype(float)
    out["recency_days"] = _days(last, first)
    out["T_days"] = _days(w.as_of, first)


def _best_year(out, tx: _Rows) -> None:
    """The calendar year with the most revenue (the latest on a tie): for the exit letter."""
    year = tx["date"].dt.year.to_numpy()
    if not len(year):
        out["best_year"], out["best_year_revenue"] = None, np.nan
        return
    first_year = int(year.min())
    years = int(year.max()) - first_year + 1
    # one group per (customer, year), numbered customer by customer: no hashing, row order kept
    key = pd.Categorical.from_codes(tx.codes.astype(np.int64) * years + (year - first_year),
                                    categories=pd.RangeIndex(len(out.index) * years), validate=False)
    amounts = pd.Series(tx.cents).groupby(key, observed=False).sum().to_numpy()     # cents: exact in any order
    seen = np.bincount(np.asarray(key.codes), minlength=len(out.index) * years) > 0
    cell = np.flatnonzero(seen & (amounts > 0))
    customer, which = cell // years, cell % years + first_year
    revenue = amounts[cell]
    # per customer the most revenue, the latest year on a tie
    order = np.lexsort((-which, -revenue, customer))
    first = order[np.r_[True, customer[order][1:] != customer[order][:-1]]] if len(order) else order
    best_year = np.full(len(out.index), None, dtype=object)
    best_year[customer[first]] = which[first].astype(str).astype(object)
    best_revenue = np.full(len(out.index), np.nan)
    best_revenue[customer[first]] = revenue[first] / 100
    out["best_year"] = pd.Series(best_year, index=out.index, dtype=object)
    out["best_year_revenue"] = best_revenue


# --- RFM --------------------------------------------------------------------

#: the RFM segments as stable keys (report.json, scores.csv, conditions: rfm_segment == 'at_risk'); their
#: names in a report's language are the texts "rfm.<key>" (generator.text)
RFM_SEGMENTS = ("champions", "loyal", "potential_loyalists", "new", "promising",
                "need_attention", "about_to_sleep", "at_risk", "cant_lose", "hibernating")

#: standard RFM map on (R, FM) where FM = (F + M) / 2 rounded half up
_RFM_RULES = (  # applied in order; a later rule overrides an earlier one
    ((1, 2), (1, 2), "hibernating"),
    ((1, 2), (3, 4), "at_risk"),
    ((1, 2), (5, 5), "cant_lose"),
    ((3, 3), (1, 2), "about_to_sleep"),
    ((3, 3), (3, 3), "need_attention"),
    ((3, 4), (4, 5), "loyal"),
    ((4, 4), (1, 1), "promising"),
    ((5, 5), (1, 1), "new"),
    ((4, 5), (2, 3), "potential_loyalists"),
    ((5, 5), (4, 5), "champions"),
)


def rfm_grid() -> dict[tuple[int, int], str]:
    """The RFM segment key of every (R, FM) cell — also shown on the methodology page."""
    grid = {}
    for (r0, r1), (f0, f1), name in _RFM_RULES:
        for r in range(r0, r1 + 1):
            for f in range(f0, f1 + 1):
                grid[(r, f)] = name
    return grid


def quintile(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Quintile score 1–5 where equal values get equal scores.

    Average rank divided by the number of customers, then five equal parts:
    score = ceil(5 × rank / n). Missing values stay missing.
    """
    v = values if higher_is_better else -values
    pct = v.rank(method="average", pct=True)
    return np.ceil(pct * 5).clip(1, 5)


def _rfm(out) -> None:
    bought = out["last_purchase"].notna()
    r = quintile(out["days_since_last_purchase"].where(bought), higher_is_better=False)
    f = quintile(out["orders_12m"].where(bought))
    m = quintile(out["revenue_12m"].where(bought))
    out["R"], out["F"], out["M"] = r, f, m
    fm = np.floor((f + m) / 2 + 0.5)
    grid = rfm_grid()
    keys = pd.Series(list(zip(r.fillna(0).astype(int), fm.fillna(0).astype(int))), index=out.index)
    out["rfm_segment"] = keys.map(grid).where(bought, None).astype(object)


# --- cost to serve ------------------------------------------------------------

def _cost_to_serve(out, cur: WindowMoney, policy: Policy, unavailable) -> None:
    for s in policy.services:
        u, c = f"usage_{s.id}_12m", f"cost_{s.id}_12m"
        if s.id in cur.usage:
            out[u] = cur.usage[s.id].fillna(0.0)
            out[c] = cur.cost[s.id].fillna(0.0)
        else:
            out[u] = out[c] = np.nan
            unavailable[u] = unavailable[c] = cur.unavailable[s.id]
    costs = [f"cost_{s.id}_12m" for s in policy.services if s.id in cur.usage]
    out["cost_to_serve_12m"] = out[costs].sum(axis=1) if costs else np.nan
    if not costs:
        unavailable["cost_to_serve_12m"] = Message("unavailable.no_service")
    elif len(costs) < len(policy.services):
        left = [s.id for s in policy.services if s.id not in cur.usage]
        unavailable["cost_to_serve_12m"] = Message("unavailable.partial_services", services=", ".join(left))
    rev = out["revenue_12m"]
    out["cost_to_serve_pct_12m"] = out["cost_to_serve_12m"] / rev.where(rev > 0)
    out["net_profit_12m"] = out["margin_12m"] - out["cost_to_serve_12m"]


# --- arrears ------------------------------------------------------------------

def _arrears(out, tx: _Rows, policy: Policy, w: Windows, unavailable) -> None:
    names = ("overdue_amount", "overdue_invoices", "overdue_days_max", "days_late_max", "days_late_avg",
             "payment_trend", "late_payer")
    if "paid_date" not in tx.columns:
        for n in names:
            out[n] = np.nan if n != "late_payer" else None
            unavailable[n] = Message("unavailable.no_column", table="transactions", column="paid_date")
        return
    positive = tx.positive
    date = tx["date"][positive]
    terms = pd.Timedelta(days=policy.house_rules.payment_terms_days)
    due = tx["due_date"][positive] if "due_date" in tx.columns else None
    if due is None:
        due = date + terms
    else:  # a missing due date follows from the payment terms
        due = due.where(due.notna(), date + terms)
    customer = tx.codes[positive].astype(np.int64)
    amount, due, paid = tx.cents[positive], due.to_numpy(), tx["paid_date"].to_numpy()[positive]   # cents
    groups = tx.invoices()
    if groups is None and "invoice_id" in tx.columns:   # (the invoice numbers as text: keyed here)
        codes, numbers = pd.factorize(tx["invoice_id"])
        invoice = _invoice_keys(codes, numbers, tx.table.index)[positive]
        groups = (None, *_dense(customer * (int(invoice.max(initial=0)) + 1) + invoice, sort=False))
    if groups is not None and len(groups[2]) < len(customer):
        # one row per (customer, invoice), in the order they first appear
        _rows, groups, first = groups
        key = pd.Categorical.from_codes(groups, categories=pd.RangeIndex(len(first)), validate=False)
        amount = pd.Series(amount).groupby(key, observed=False).sum().to_numpy()
        due = pd.Series(due).groupby(key, observed=False).min().to_numpy()
        paid = pd.Series(paid).groupby(key, observed=False).max().to_numpy()
        customer = customer[first]
    inv = pd.DataFrame({"customer_id": pd.Categorical.from_codes(customer, categories=out.index, validate=False),
                        "amount": amount, "due": due, "paid": paid})
    unpaid = inv["paid"].isna() | (inv["paid"] > w.as_of)
    overdue = unpaid & (inv["due"] < w.as_of)
    late_days = np.where(unpaid, _days(w.as_of, inv["due"]), _days(inv["paid"], inv["due"]))
    inv["late"] = np.clip(late_days, 0, None)
    inv["overdue_days"] = np.where(overdue, _days(w.as_of, inv["due"]), np.nan)
    rows = _Rows(inv, out.index)
    overdue = overdue.to_numpy()
    out["overdue_amount"] = rows.by(inv["amount"], "sum", overdue) / 100
    out["overdue_invoices"] = rows.by(None, "size", overdue).astype(float)
    due_now = inv["due"] <= w.as_of
    cur = (due_now & (inv["due"] >= w.start)).to_numpy()
    prev = ((inv["due"] >= w.prev_start) & (inv["due"] < w.start)).to_numpy()
    out["days_late_max"] = rows.by(inv["late"], "max", cur)
    out["days_late_avg"] = rows.by(inv["late"], "mean", cur)
    out["payment_trend"] = out["days_late_avg"] - rows.by(inv["late"], "mean", prev)
    out["overdue_days_max"] = rows.by(inv["overdue_days"], "max", overdue, absent=0.0)
    out["late_payer"] = (out["overdue_amount"] > 0) & (out["overdue_days_max"] > policy.house_rules.arrears_days)


def _dense(key: np.ndarray, sort: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Group numbers 0..g-1 for integer keys, by sorting (no hash table of millions of
    keys), and the first row of each group. ``sort``: groups in key order (as
    ``groupby(sort=True)``), else in the order they first appear (``sort=False``)."""
    if not sort:   # numbered as they first appear: where the running highest number rises
        codes, _ = pd.factorize(key)
        codes = codes.astype(np.int64)
        rises = np.ones(len(codes), dtype=bool)
        highest = np.maximum.accumulate(codes)
        rises[1:] = highest[1:] > highest[:-1]
        return codes, np.flatnonzero(rises)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.ones(len(key), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    group = np.cumsum(starts) - 1
    first = order[starts]                          # stable: the earliest row of each group
    codes = np.empty(len(key), dtype=np.int64)
    codes[order] = group
    return codes, first


# --- relationship ---------------------------------------------------------------

def _relationship(out, interactions, feedback, policy: Policy, w: Windows, unavailable) -> None:
    counts = {"complaints_12m": ("complaint",), "incidents_12m": ("incident",), "meetings_12m": MEETING_KINDS}
    referral_names = ("referrals_12m", "referrals_total")
    last_contact = out["last_purchase"]
    if interactions is not None:
        i = interactions
        kind = i["kind"]
        dated = (i["date"] <= w.as_of).to_numpy()
        cur = dated & w.current(i["date"]).to_numpy()
        for name, kinds in counts.items():
            out[name] = i.by(None, "size", cur & kind.isin(kinds).to_numpy()).astype(float)
        if "minutes" in i.columns:
            support = cur & (kind == "support").to_numpy()
            out["support_minutes_12m"] = i.by(i["minutes"].fillna(0), "sum", support)
        else:
            out["support_minutes_12m"] = np.nan
            unavailable["support_minutes_12m"] = Message("unavailable.no_column", table="interactions",
                                                         column="minutes")
        referrals = dated & (kind == REFERRAL_KIND).to_numpy()
        if referrals.any():
            out["referrals_total"] = i.by(None, "size", referrals).astype(float)
            out["referrals_12m"] = i.by(None, "size", referrals & cur).astype(float)
        else:
            for name in referral_names:
                out[name] = np.nan
                unavailable[name] = Message("unavailable.no_kind", table="interactions", kind=REFERRAL_KIND)
        last_i = i.by(i["date"], "max", dated)
        last_contact = pd.concat([last_contact, last_i], axis=1).max(axis=1)
    else:
        for name in (*counts, "support_minutes_12m", *referral_names):
            out[name] = np.nan
            unavailable[name] = Message("unavailable.no_table", table="interactions")
        unavailable["last_contact"] = Message("unavailable.purchases_only")
    out["last_contact"] = last_contact.astype("datetime64[ns]")
    out["days_since_contact"] = _days(w.as_of, out["last_contact"])
    limit = policy.house_rules.silence_days
    if interactions is not None and "direction" in interactions.columns:
        # our silence: only our own outgoing contacts count (a purchase or a complaint does not)
        ours = (interactions["date"] <= w.as_of).to_numpy() & (interactions["direction"] == "out").to_numpy()
        last_ours = interactions.by(interactions["date"], "max", ours).astype("datetime64[ns]")
        our_days = pd.Series(_days(w.as_of, last_ours), index=out.index, dtype=float)
        out["days_since_our_contact"] = our_days
        # never contacted by us: silent once the relationship is older than the limit
        never = our_days.isna() & out["tenure_days"].notna()
        silent = pd.Series(np.where(our_days.notna(), our_days > limit, out["tenure_days"] > limit), index=out.index)
        out["silent"] = silent.where(our_days.notna() | never, None)
    else:
        out["days_since_our_contact"] = np.nan
        unavailable["days_since_our_contact"] = (
            Message("unavailable.no_column", table="interactions", column="direction") if interactions is not None
            else Message("unavailable.no_table", table="interactions"))
        days = out["days_since_contact"]
        out["silent"] = (days > limit).where(days.notna(), None)
    if feedback is not None and "nps" in feedback.columns:
        f = feedback[(feedback["date"] <= w.as_of) & feedback["nps"].notna()].sort_values(["customer_id", "date"], kind="stable")
        from_last = f.groupby("customer_id", observed=True).cumcount(ascending=False)
        latest = f[from_last == 0].set_index("customer_id")["nps"].reindex(out.index).astype(float)
        before = f[from_last == 1].set_index("customer_id")["nps"].reindex(out.index).astype(float)
        out["nps"] = latest
        out["nps_change"] = latest - before
    else:
        out["nps"] = out["nps_change"] = np.nan
        unavailable["nps"] = unavailable["nps_change"] = Message("unavailable.no_nps")
    if feedback is not None and "csat" in feedback.columns and feedback["csat"].notna().any():
        f = feedback[(feedback["date"] <= w.as_of) & feedback["csat"].notna()].sort_values(["customer_id", "date"], kind="stable")
        last = f.groupby("customer_id", observed=True).cumcount(ascending=False) == 0
        out["csat"] = f[last].set_index("customer_id")["csat"].reindex(out.index).astype(float)
    else:
        out["csat"] = np.nan
        unavailable["csat"] = Message("unavailable.no_csat")


# --- soft value -------------------------------------------------------------------

SOFT = ("knowledge", "pleasure", "network", "prestige", "potential")


def _soft(out, assessments, unavailable) -> None:
    if assessments is None:
        for n in (*SOFT, "assessment_date"):
            out[n] = np.nan
            unavailable[n] = Message("unavailable.no_table", table="assessments")
        out["assessment_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
        return
    a = assessments
    if "date" in a.columns:
        a = a.sort_values(["customer_id", "date"], kind="stable")
    latest = _aligned(a.groupby("customer_id", observed=True).tail(1).set_index("customer_id"), out.index)
    for n in SOFT:
        if n in latest.columns:
            out[n] = latest[n].astype(float)
        else:
            out[n] = np.nan
            unavailable[n] = Message("unavailable.no_column", table="assessments", column=n)
    if "date" in latest.columns:
        out["assessment_date"] = latest["date"].astype("datetime64[ns]")
    else:
        out["assessment_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")


# --- future value -------------------------------------------------------------------

def _future(out, tx, w: Windows) -> future.FutureValue:
    """The backtest picks MBG/NBD or Pareto/NBD (or the simple method), then the chosen
    model + Gamma-Gamma on the full history; all on per-customer summaries, never raw rows."""
    # the amount per customer and day, sorted by customer, then day
    purchases, groups, first = tx.purchase_days()
    key = pd.Categorical.from_codes(groups, categories=pd.RangeIndex(len(first)), validate=False)
    daily_cents = pd.Series(tx.cents[purchases]).groupby(key, observed=False).sum().to_numpy()
    daily = daily_cents / 100
    owner = tx.codes[purchases[first]].astype(np.int64)
    repeat = np.ones(len(owner), dtype=bool)       # every purchase day after a customer's first
    repeat[:1] = False
    repeat[1:] = owner[1:] == owner[:-1]
    # the mean per repeat day: the sum in cents, in euros, / the days
    by_owner = pd.Categorical.from_codes(owner[repeat], categories=pd.RangeIndex(len(out.index)), validate=False)
    repeat_days = np.bincount(owner[repeat], minlength=len(out.index)).astype(float)
    repeat_sum = pd.Series(daily_cents[repeat]).groupby(by_owner, observed=False).sum().to_numpy() / 100
    monetary = pd.Series(repeat_sum / np.where(repeat_days > 0, repeat_days, np.nan), index=out.index)
    first_value = np.full(len(out.index), np.nan)        # the value of each customer's first purchase day
    first_value[owner[~repeat]] = daily[~repeat]
    # the backtest on the purchase days: calibration up to as_of - holdout, predict the holdout
    day = _day_numbers(tx["date"])[purchases[first]]
    as_of = int(np.datetime64(w.as_of.date(), "D").astype(np.int64))
    bt = backtest.run(owner, day, len(out.index), as_of)
    # repeat purchases (days) of the last 12 months and their mean value: the forecast if the rate changed
    late = repeat & (day > as_of - future.RECENT_DAYS)
    by_late = pd.Categorical.from_codes(owner[late], categories=pd.RangeIndex(len(out.index)), validate=False)
    recent_x = np.bincount(owner[late], minlength=len(out.index)).astype(float)
    recent_sum = pd.Series(daily_cents[late]).groupby(by_late, observed=False).sum().to_numpy(float) / 100
    recent_m = recent_sum / np.where(recent_x > 0, recent_x, np.nan)   # the mean in euros, from summed cents
    return _fit_future(out, bt, monetary, first_value, recent_x, recent_m)


def _fit_future(out, bt: backtest.Backtest, monetary: pd.Series, first_value: np.ndarray, recent_x: np.ndarray,
                recent_m: np.ndarray) -> future.FutureValue:
    """The chosen model fitted on the per-customer summaries (wherever they were made)."""
    bought = out["first_purchase"].notna().to_numpy()
    why = (Message("why.backtest_not_run", detail=bt.reason) if bt.chosen is None
           else Message("why.backtest_simple_best") if bt.chosen == backtest.SIMPLE else None)
    fv = future.future_value(
        out["frequency"].to_numpy(float)[bought],
        out["recency_days"].to_numpy(float)[bought],
        out["T_days"].to_numpy(float)[bought],
        monetary.fillna(0).to_numpy(float)[bought],
        first=first_value[bought],
        model=None if bt.chosen == backtest.SIMPLE else bt.chosen, why_simple=why, backtest=bt,
        recent=future.Recent(recent_x[bought], np.nan_to_num(recent_m[bought])), change_prior=bt.change_prior,
    )
    for name in ("expected_purchases_12m", "expected_revenue_12m", "p_alive"):
        values = np.full(len(out.index), np.nan)
        values[bought] = getattr(fv, name)
        out[name] = values
    return fv


# --- monthly series for charts ------------------------------------------------------

def _monthly(tx: _Rows, w: Windows) -> pd.DataFrame:
    rows = tx.between(w.prev_start, w.as_of)
    month = tx["date"].to_numpy()[rows].astype("datetime64[M]").astype(np.int64)
    first_month = int(month.min()) if len(month) else 0
    months = int(month.max()) - first_month + 1 if len(month) else 1
    # one group per (customer, month), numbered customer by customer: sorted as the ids, then months
    cell = tx.codes[rows].astype(np.int64) * months + (month - first_month)
    key = pd.Categorical.from_codes(cell, categories=pd.RangeIndex(len(tx.index) * months), validate=False)
    seen = np.flatnonzero(np.bincount(cell, minlength=len(tx.index) * months) > 0)
    revenue = pd.Series(tx.cents[rows]).groupby(key, observed=False).sum().to_numpy()[seen] / 100
    has_cost = "cost" in tx.columns
    if has_cost:
        margin = tx.margin_cents[rows]
        margin = pd.Series(margin).groupby(key, observed=False).sum().to_numpy()[seen] / 100
    # the first day of the month, converted once per distinct month (not per row)
    first_days = pd.Series((np.arange(months) + first_month).astype("datetime64[M]").astype("datetime64[ns]"))
    first_days = first_days.dt.to_period("M").dt.to_timestamp()
    monthly = pd.DataFrame({"customer_id": tx.index.take(seen // months).astype(str),
                            "month": first_days.to_numpy()[seen % months],
                            "revenue": revenue})
    monthly["margin"] = margin if has_cost else np.nan
    return monthly


# --- compute: database: the summary computed where the rows are -------------------------

def _measures_pushed(tables, policy: Policy, w: Windows) -> Measures:
    """:func:`compute_measures` from what the database returned (compute: database,
    generator/inputs/aggregate.py): per customer, never a transaction row; the same definitions."""
    s = tables.summary
    ids = _customer_ids(tables, s.frame["customer_id"].astype(str).to_numpy())
    index = pd.Index(ids, name="customer_id")
    interactions = _Rows(_coded(tables.interactions, index), index) if tables.interactions is not None else None
    unavailable: dict[str, Message] = {}
    out = pd.DataFrame(index=index)
    pushed = _pushed(s.frame, index)
    d = _aligned(s.details.set_index(s.details["customer_id"].astype(str)), index)
    has_cost = "cost" in s.names
    _profile(out, tables.customers, None, w, unavailable, pushed)
    cur = _window_money_pushed(out, pushed, d, "cur", has_cost, policy, interactions, s, w.start, w.as_of)
    prev = _window_money_pushed(out, pushed, d, "prev", has_cost, policy, interactions, s, w.prev_start,
                                w.start - pd.Timedelta(days=1))
    _money_pushed(out, pushed, has_cost, unavailable)
    _activity_pushed(out, pushed, d, w)
    _rfm(out)
    _cost_to_serve(out, cur, policy, unavailable)
    _arrears_pushed(out, d, "paid_date" in s.names, policy, unavailable)
    _relationship(out, interactions, tables.feedback, policy, w, unavailable)
    _soft(out, tables.assessments, unavailable)
    fv = _future_pushed(out, pushed, d, s, w)
    previous = pd.DataFrame({
        "revenue": prev.revenue.fillna(0.0),
        "margin": prev.margin if prev.margin is not None else np.nan,
        "cost_to_serve": prev.cost_to_serve.reindex(out.index, fill_value=0.0).fillna(0.0),
    })
    portfolio = Portfolio(
        pd.to_datetime(d["first_positive"]).astype("datetime64[ns]"),
        {span: d[f"active_{span}"].fillna(0).to_numpy() > 0 for span in ("current", "previous", "before")},
        {"current": pushed_cents(s.frame, index, "revenue_12m"),
         "previous": pushed_cents(s.frame, index, "revenue_prev_12m"),
         "before": d["revenue_before"].fillna(0).to_numpy(float)},
        pd.Timestamp(pd.to_datetime(d["min_date"]).min()) if d["min_date"].notna().any() else None)
    purchases = _timeline_pushed(s.timeline, index)
    return Measures(out, _monthly_pushed(s.monthly, has_cost), w, unavailable, fv, previous, None, portfolio,
                    purchases)


def pushed_cents(frame: pd.DataFrame, index: pd.Index, column: str) -> np.ndarray:
    """A money column of the database's summary in cents, per customer of ``index`` (0 where none)."""
    f = _aligned(frame.set_index(frame["customer_id"].astype(str)), index)
    return f[column].astype("float64").fillna(0.0).to_numpy()


def _window_money_pushed(out, pushed: pd.DataFrame, d: pd.DataFrame, window: str, has_cost: bool, policy: Policy,
                         interactions, s, start, end) -> WindowMoney:
    """As :func:`window_money`, from the database's sums and usage (the interactions' usage here)."""
    name = {"cur": "12m", "prev": "prev_12m"}[window]
    any_row = d["rows_current" if window == "cur" else "rows_previous"].fillna(0).to_numpy() > 0
    revenue = pushed[f"revenue_{name}"].where(any_row)
    margin = pushed[f"margin_{name}"].where(any_row) if has_cost else None
    usage, cost, missing = {}, {}, {}
    for svc in policy.services:
        if svc.usage.table == "transactions":
            cond = policy.usage_conditions.get(svc.id)
            needed = set(cond.names) if cond is not None else set()
            if svc.usage.sum:
                needed.add(svc.usage.sum)
            absent = sorted(n for n in needed if n not in s.names)
            if absent or svc.id not in s.services:
                missing[svc.id] = Message("unavailable.no_columns", table="transactions", columns=", ".join(absent))
                continue
            rows = d[f"usage_{svc.id}_{window}_rows"].fillna(0).to_numpy()
            values = d[f"usage_{svc.id}_{window}"].astype(float) if svc.usage.sum else \
                d[f"usage_{svc.id}_{window}_rows"].astype(float)
            used = pd.Series(np.where(rows > 0, values.fillna(0.0).to_numpy(), np.nan), index=out.index)
        else:
            used = _usage(svc, interactions, policy, start, end)
            if isinstance(used, Message):
                missing[svc.id] = used
                continue
        usage[svc.id] = used
        cost[svc.id] = used * svc.cost
    cts = pd.concat(cost.values(), axis=1).sum(axis=1) if cost else pd.Series(dtype=float)
    return WindowMoney(revenue, margin, usage, cost, cts, missing)


def _arrears_pushed(out, d: pd.DataFrame, has_paid: bool, policy: Policy, unavailable) -> None:
    """As :func:`_arrears`, from the database's per-customer counts."""
    names = ("overdue_amount", "overdue_invoices", "overdue_days_max", "days_late_max", "days_late_avg",
             "payment_trend", "late_payer")
    if not has_paid:
        for n in names:
            out[n] = np.nan if n != "late_payer" else None
            unavailable[n] = Message("unavailable.no_column", table="transactions", column="paid_date")
        return
    out["overdue_amount"] = d["overdue_amount"].astype(float).fillna(0.0) / 100
    out["overdue_invoices"] = d["overdue_invoices"].astype(float).fillna(0.0)
    cur_n = d["late_count_cur"].astype(float)
    out["days_late_max"] = d["days_late_max"].astype(float).where(cur_n > 0)
    out["days_late_avg"] = d["late_sum_cur"].astype(float) / cur_n.where(cur_n > 0)
    prev_n = d["late_count_prev"].astype(float)
    out["payment_trend"] = out["days_late_avg"] - d["late_sum_prev"].astype(float) / prev_n.where(prev_n > 0)
    overdue_n = d["overdue_invoices"].astype(float).fillna(0.0)
    out["overdue_days_max"] = d["overdue_days_max"].astype(float).where(overdue_n > 0, 0.0)
    out["late_payer"] = (out["overdue_amount"] > 0) & (out["overdue_days_max"] > policy.house_rules.arrears_days)


def _future_pushed(out, pushed: pd.DataFrame, d: pd.DataFrame, s, w: Windows) -> future.FutureValue:
    """As :func:`_future`, from the database's per-customer counts (the backtest's calibration summary)."""
    first_value = d["first_value"].astype(float).to_numpy() / 100
    recent_x = d["recent_days"].astype(float).fillna(0.0).to_numpy()
    recent_m = d["recent_sum"].astype(float).to_numpy() / 100 / np.where(recent_x > 0, recent_x, np.nan)
    as_of = int(np.datetime64(w.as_of.date(), "D").astype(np.int64))
    if s.cut is None:
        bt = backtest.run(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), len(out.index), as_of)
    else:
        c = _aligned(s.calibration.set_index(s.calibration["customer_id"].astype(str)), out.index)
        cut = int(np.datetime64(s.cut, "D").astype(np.int64))
        start = int(np.datetime64(pushed["first_purchase"].min().date(), "D").astype(np.int64))
        def day(column):
            return pd.to_datetime(c[column]).to_numpy().astype("datetime64[D]").astype("float64")
        counts = backtest.Counts(c["cal_days"].fillna(0).to_numpy(np.int64), day("cal_first"), day("cal_last"),
                                 c["holdout"].fillna(0).to_numpy(np.int64), c["cal_late"].fillna(0).to_numpy(np.int64))
        bt = backtest.run_counts(counts, start, as_of, cut)
    return _fit_future(out, bt, pushed["monetary"], first_value, recent_x, recent_m)


def _timeline_pushed(timeline: pd.DataFrame, index: pd.Index) -> pd.DataFrame | None:
    """As :func:`timeline_purchases`, from the database's last events per customer (cents): by
    customer (the sorted ids of ``index``), newest day first, order types alphabetically."""
    if timeline is None or not len(timeline):
        return None
    customer = index.get_indexer(pd.Index(timeline["customer_id"].astype(str)))
    day = _day_numbers(pd.to_datetime(timeline["date"]).astype("datetime64[ns]"))
    kinds, kind_names = pd.factorize(timeline["order_type"].astype(str), sort=True)
    order = np.lexsort((kinds, -day, customer))         # (integers: a sort of strings costs seconds)
    order = order[customer[order] >= 0]
    return pd.DataFrame({
        "customer_id": pd.Series(index.to_numpy()[customer[order]], dtype="str"),
        "date": day[order].astype("datetime64[D]").astype("datetime64[ns]"),
        "order_type": pd.Series(np.asarray(kind_names, dtype=object)[kinds[order]], dtype="str"),
        "amount": timeline["amount"].to_numpy(dtype="float64")[order] / 100,
        "orders": timeline["orders"].to_numpy(dtype=np.int64)[order],
    })


def _pushed(frame: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """The database's summary (generator.inputs.aggregate.SUMMARY_COLUMNS, money in cents) as the
    measures hold it: every customer of ``index``, money in euros, dates as datetime64, missing
    where the database has no row of the customer's (sums 0 then, as locally)."""
    f = frame.set_index(frame["customer_id"].astype(str))
    f = _aligned(f, index)
    out = pd.DataFrame(index=index)
    for name in ("revenue_total", "revenue_12m", "revenue_prev_12m", "margin_total", "margin_12m", "margin_prev_12m"):
        out[name] = _euros(f[name]).fillna(0.0)
    for name in ("orders_total", "orders_12m", "orders_prev_12m"):
        out[name] = f[name].astype(float).fillna(0.0)
    for name in ("first_purchase", "last_purchase"):
        out[name] = pd.to_datetime(f[name]).astype("datetime64[ns]")
    for name in ("frequency", "recency_days", "T_days"):
        out[name] = f[name].astype(float)
    days = f["monetary_days"].astype(float)
    out["monetary"] = _euros(f["monetary_sum"]) / days.where(days > 0)
    return out


def _euros(cents: pd.Series) -> pd.Series:
    """Integer cents (missing allowed) as euros, float64."""
    return cents.astype("float64") / 100


def _money_pushed(out, pushed: pd.DataFrame, has_cost: bool, unavailable) -> None:
    """As :func:`_money`, from the database's sums."""
    for name in ("revenue_total", "revenue_12m", "revenue_prev_12m"):
        out[name] = pushed[name]
    if has_cost:
        for name in ("margin_12m", "margin_prev_12m", "margin_total"):
            out[name] = pushed[name]
    _trend_and_margin(out, has_cost, unavailable)


def _activity_pushed(out, pushed: pd.DataFrame, d: pd.DataFrame, w: Windows) -> None:
    """As :func:`_activity`, from the database's counts, dates and best year."""
    for suffix, revenue in (("12m", "revenue_12m"), ("prev_12m", "revenue_prev_12m"), ("total", "revenue_total")):
        orders = pushed[f"orders_{suffix}"]
        out[f"orders_{suffix}"] = orders
        out[f"avg_order_value_{suffix}"] = out[revenue] / orders.where(orders > 0)
    year = d["best_year"]
    out["best_year"] = pd.Series(np.where(year.notna(), year.astype("Int64").astype(str), None), index=out.index,
                                 dtype=object)
    out["best_year_revenue"] = d["best_year_revenue"].astype(float) / 100
    out["first_purchase"] = pushed["first_purchase"]
    out["last_purchase"] = pushed["last_purchase"]
    out["days_since_last_purchase"] = _days(w.as_of, pushed["last_purchase"])
    out["frequency"] = pushed["frequency"]
    out["recency_days"] = pushed["recency_days"]
    out["T_days"] = pushed["T_days"]


def _monthly_pushed(monthly: pd.DataFrame, has_cost: bool) -> pd.DataFrame:
    """As :func:`_monthly`, from the database's series (cents)."""
    month = pd.to_datetime(monthly["month"]).astype("datetime64[ns]").dt.to_period("M").dt.to_timestamp()
    out = pd.DataFrame({"customer_id": monthly["customer_id"].astype(str).to_numpy(),
                        "month": month.to_numpy(),
                        "revenue": _euros(monthly["revenue"]).to_numpy()})
    out["margin"] = _euros(monthly["margin"]).to_numpy() if has_cost else np.nan
    return out.sort_values(["customer_id", "month"], kind="stable").reset_index(drop=True)


# --- purchases for the customer pages ---------------------------------------------------

def timeline_purchases(tx: pd.DataFrame, ids: pd.Index, start: pd.Timestamp, events: int) -> pd.DataFrame:
    """Purchases from ``start`` of the customers in ``ids``, per customer, day and order type
    (``amount``, ``orders``): per customer the newest ``events``, newest first (order types
    alphabetically within a day). Grouped on integer keys: millions of rows."""
    recent = (tx["date"] >= start).to_numpy()
    customers, known = pd.factorize(tx["customer_id"][recent], sort=True)    # codes in id order
    keep = np.append(isin_ids(pd.Series(known, dtype=tx["customer_id"].dtype), ids), False)[customers]
    types = tx["order_type"][recent] if "order_type" in tx else pd.Series("", index=tx.index[recent])
    kinds, kind_names = pd.factorize(types.fillna("").astype(str), sort=True)
    dates = tx["date"][recent]
    if not keep.any():
        return None
    day = _day_numbers(dates)
    latest = int(day[keep].max())
    days = latest - int(day[keep].min()) + 1
    # customer first, then the newest day, then the order type: the order of the result
    key = (customers.astype(np.int64) * days + (latest - day)) * max(len(kind_names), 1) + kinds
    rows = np.flatnonzero(keep)
    group, first = _dense(key[rows])
    by_group = pd.Categorical.from_codes(group, categories=pd.RangeIndex(len(first)), validate=False)
    amount = pd.Series(cents(tx["amount"].to_numpy()[recent][rows])).groupby(by_group, observed=False).sum().to_numpy()
    orders = np.bincount(group, minlength=len(first))
    owner = customers[rows[first]]
    starts = np.ones(len(owner), dtype=bool)
    starts[1:] = owner[1:] != owner[:-1]
    rank = np.arange(len(owner)) - np.maximum.accumulate(np.where(starts, np.arange(len(owner)), 0))
    shown = rows[first[rank < events]]
    return pd.DataFrame({
        "customer_id": pd.Series(known, dtype=tx["customer_id"].dtype).take(customers[shown]).reset_index(drop=True),
        "date": dates.to_numpy()[shown],
        "order_type": pd.Series(kind_names, dtype="str").take(kinds[shown]).reset_index(drop=True),
        "amount": amount[rank < events] / 100,
        "orders": orders[rank < events].astype(np.int64),
    })


# --- whale curve ------------------------------------------------------------------------

def whale_curve(net_profit: pd.Series) -> pd.DataFrame:
    """Customers ranked by net profit, best first, with the running share of total profit.

    One row per customer with a known net profit: ``rank`` (1 = most
    profitable), ``customer_id``, ``net_profit``, ``cumulative_profit``,
    ``customer_share`` (rank / customers) and ``profit_share``
    (cumulative_profit / total profit; missing when the total is not
    positive). The curve rises above 100 % while profitable customers are
    added and falls back to 100 % as the loss-makers eat into it.
    """
    known = net_profit.dropna().astype(float)
    order = pd.DataFrame({"customer_id": known.index.astype(str), "net_profit": known.to_numpy()})
    order = order.sort_values(["net_profit", "customer_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    n = len(order)
    total = float(order["net_profit"].sum())
    order.insert(0, "rank", np.arange(1, n + 1))
    order["cumulative_profit"] = order["net_profit"].cumsum()
    order["customer_share"] = order["rank"] / n if n else np.nan
    order["profit_share"] = order["cumulative_profit"] / total if total > 0 else np.nan
    return order


# --- portfolio KPIs ----------------------------------------------------------------------

def kpi_spans(w: Windows) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """The three windows the portfolio KPIs compare (inclusive days)."""
    one_day = pd.Timedelta(days=1)
    return {"current": (w.start, w.as_of), "previous": (w.prev_start, w.start - one_day),
            "before": (w.prev_start - pd.DateOffset(years=1), w.prev_start - one_day)}


@dataclass(frozen=True)
class Portfolio:
    """Per customer (any order) what the portfolio KPIs need: the first day with a positive amount,
    per span whether they bought (a positive amount) and their revenue in cents; and the first
    transaction date (None without rows). Made from the rows here or by the database."""

    first_positive: pd.Series              # datetime64, missing for a customer without a positive row
    active: dict[str, np.ndarray]          # span -> bool per customer
    revenue: dict[str, np.ndarray]         # span -> cents per customer (0 without a row)
    data_start: pd.Timestamp | None


def portfolio_of(tx: pd.DataFrame, w: Windows, customer_codes: np.ndarray | None = None) -> Portfolio:
    """:class:`Portfolio` from the transactions' rows."""
    spans = kpi_spans(w)
    data_start = tx["date"].min() if len(tx) else None
    if customer_codes is not None and len(customer_codes) == len(tx) and (customer_codes >= 0).all():
        customer = customer_codes.astype(np.int64)
        number = int(customer.max()) + 1 if len(customer) else 0
    else:
        customer, ids = pd.factorize(tx["customer_id"], sort=True)
        number = len(ids)
    dates, amounts = tx["date"], cents(tx["amount"].to_numpy())
    positive = amounts > 0
    bought = pd.Categorical.from_codes(customer[positive], categories=pd.RangeIndex(number), validate=False)
    first = pd.Series(dates.to_numpy()[positive]).groupby(bought, observed=False).min()
    active, revenue = {}, {}
    for span, (a, b) in spans.items():
        rows = ((dates >= a) & (dates <= b)).to_numpy()
        active[span] = np.bincount(customer[positive & rows], minlength=number) > 0
        revenue[span] = np.bincount(customer[rows], weights=amounts[rows], minlength=number)
    return Portfolio(first, active, revenue, data_start)


def portfolio_kpis(frame: pd.DataFrame, previous: pd.DataFrame, portfolio: Portfolio,
                   w: Windows) -> dict[str, tuple[float | None, float | None]]:
    """Portfolio KPIs as (current window, previous window), DESIGN.md "Measures".

    A KPI over a window needs transactions from that window's first day on,
    and one that compares a window with the one before it (retention,
    revenue retention, churned and new customers) needs them from the first
    day of the earlier window: otherwise it is missing rather than wrong.
    Point-in-time KPIs (silence, arrears) have no previous value. Revenues are summed in
    cents (the same in every order and engine).
    """
    spans = kpi_spans(w)
    data_start = portfolio.data_start
    first = portfolio.first_positive.dropna()

    def covered(span: str) -> bool:
        return data_start is not None and data_start <= spans[span][0]

    def active(span: str) -> np.ndarray:
        return portfolio.active[span]

    def compared(span: str, earlier: str) -> dict:
        if not covered(earlier):
            return dict.fromkeys(("retention_rate", "revenue_retention", "churned_customers", "new_customers"))
        was, now = active(earlier), active(span)
        before, after = portfolio.revenue[earlier].sum(), portfolio.revenue[span][was].sum()
        a, b = spans[span]
        return {
            "retention_rate": int((was & now).sum()) / int(was.sum()) if was.any() else None,
            "revenue_retention": float(after / before) if before > 0 else None,
            "churned_customers": int((was & ~now).sum()),
            "new_customers": int(((first >= a) & (first <= b)).sum()),
        }

    cur, prev = compared("current", "previous"), compared("previous", "before")
    has_prev = covered("previous")
    out = {name: (cur[name], prev[name]) for name in cur}
    out["customers_active"] = (int(active("current").sum()), int(active("previous").sum()) if has_prev else None)
    out["revenue_12m"] = (float(frame["revenue_12m"].sum()), float(previous["revenue"].sum()) if has_prev else None)
    cts_known = frame["cost_to_serve_12m"].notna().any()
    out["cost_to_serve_12m"] = (float(frame["cost_to_serve_12m"].sum()) if cts_known else None,
                                float(previous["cost_to_serve"].sum()) if cts_known and has_prev else None)
    out["silent_customers"] = (int(frame["silent"].fillna(False).astype(bool).sum()), None)
    arrears_known = frame["overdue_amount"].notna().any()
    out["late_payers"] = (int(frame["late_payer"].fillna(False).astype(bool).sum()) if arrears_known else None, None)
    out["overdue_amount"] = (float(frame["overdue_amount"].sum()) if arrears_known else None, None)
    if frame["net_profit_12m"].notna().any():
        prev_np = previous["margin"] - previous["cost_to_serve"]
        out["net_profit_12m"] = (float(frame["net_profit_12m"].sum()), float(prev_np.sum()) if has_prev else None)
        out["loss_making_customers"] = (int((frame["net_profit_12m"] < 0).sum()),
                                        int((prev_np < 0)[previous["revenue"] != 0].sum()) if has_prev else None)
    else:
        out["net_profit_12m"] = (None, None)
        out["loss_making_customers"] = (None, None)
    return out
