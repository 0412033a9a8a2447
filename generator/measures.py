"""Per-customer measures, computed vectorised over all customers.

This is the one place that aggregates transactions, interactions,
assessments and feedback (so it can later be pushed down to a database
engine). Each measure is defined in :mod:`generator.catalogue`; this module
computes exactly those definitions, as of the report date, over fixed
windows: the 12 months up to the report date and the 12 months before.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import future
from .policy import Policy

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
    unavailable: dict[str, str]    # measure -> reason
    future: future.FutureValue
    previous: pd.DataFrame = field(default_factory=pd.DataFrame)  # previous-window money per customer


def compute_measures(tables, policy: Policy, as_of: dt.date) -> Measures:
    """All per-customer measures of the catalogue as of ``as_of``.

    ``tables`` is the validated :class:`generator.sources.Tables`.
    """
    w = Windows.ending(as_of)
    tx = tables.transactions
    tx = tx[tx["date"] <= w.as_of]
    ids = _customer_ids(tables)
    unavailable: dict[str, str] = {}
    out = pd.DataFrame(index=pd.Index(ids, name="customer_id"))

    _profile(out, tables.customers, tx, w, unavailable)
    cur = window_money(tx, w.start, w.as_of, policy, tables.interactions)
    prev = window_money(tx, w.prev_start, w.start - pd.Timedelta(days=1), policy, tables.interactions)
    _money(out, tx, cur, prev, w, unavailable)
    _activity(out, tx, w)
    _rfm(out)
    _cost_to_serve(out, cur, policy, unavailable)
    _arrears(out, tx, policy, w, unavailable)
    _relationship(out, tables.interactions, tables.feedback, policy, w, unavailable)
    _soft(out, tables.assessments, unavailable)
    fv = _future(out, tx)
    previous = pd.DataFrame({
        "revenue": prev.revenue.reindex(out.index, fill_value=0.0),
        "margin": prev.margin.reindex(out.index) if prev.margin is not None else np.nan,
        "cost_to_serve": prev.cost_to_serve.reindex(out.index, fill_value=0.0),
    })
    monthly = _monthly(tx, w)
    return Measures(out, monthly, w, unavailable, fv, previous)


# --- the customer universe ---------------------------------------------------

def _customer_ids(tables) -> list[str]:
    """Every customer in the transactions or the customers table, sorted by id."""
    ids = set(tables.transactions["customer_id"].astype(str).unique())
    if tables.customers is not None:
        ids |= set(tables.customers["customer_id"].astype(str).unique())
    return sorted(ids)


def _profile(out: pd.DataFrame, customers: pd.DataFrame | None, tx: pd.DataFrame, w: Windows, unavailable) -> None:
    text_cols = ("name", "account_manager", "sector", "region", "contract", "language")
    if customers is not None:
        c = customers.drop_duplicates("customer_id", keep="last").set_index("customer_id")
        for col in text_cols:
            if col in c.columns:
                out[col] = c[col].reindex(out.index).astype("str").where(c[col].reindex(out.index).notna(), None)
            else:
                out[col] = None
                unavailable[col] = f"the customers table has no '{col}' column"
        since = c["since"].reindex(out.index) if "since" in c.columns else pd.Series(pd.NaT, index=out.index)
    else:
        for col in text_cols:
            out[col] = None
            unavailable[col] = "no customers table"
        since = pd.Series(pd.NaT, index=out.index)
    # a missing name falls back to the id: every page needs a title
    out["name"] = out["name"].where(out["name"].notna(), pd.Series(out.index, index=out.index))
    out["name"] = out["name"].astype(object)
    first = tx[tx["amount"] > 0].groupby("customer_id", observed=True)["date"].min().reindex(out.index)
    out["customer_since"] = since.where(since.notna(), first).astype("datetime64[ns]")
    out["tenure_days"] = (w.as_of - out["customer_since"]) / DAY
    out["years_as_customer"] = np.floor(out["tenure_days"] / 365.25)


# --- money over a window -----------------------------------------------------

@dataclass(frozen=True)
class WindowMoney:
    revenue: pd.Series
    margin: pd.Series | None          # None without cost data
    usage: dict[str, pd.Series]       # service id -> units used
    cost: dict[str, pd.Series]        # service id -> usage × internal cost
    cost_to_serve: pd.Series
    unavailable: dict[str, str]


def window_money(tx: pd.DataFrame, start, end, policy: Policy, interactions: pd.DataFrame | None) -> WindowMoney:
    """Revenue, margin and cost to serve per customer over one window (inclusive)."""
    t = tx[(tx["date"] >= start) & (tx["date"] <= end)]
    by = t.groupby("customer_id", observed=True)
    revenue = by["amount"].sum()
    margin = None
    if "cost" in t.columns:
        margin = (t["amount"] - t["cost"]).groupby(t["customer_id"], observed=True).sum()
    inter = None
    if interactions is not None:
        inter = interactions[(interactions["date"] >= start) & (interactions["date"] <= end)]
    usage, cost, missing = {}, {}, {}
    for s in policy.services:
        table = t if s.usage.table == "transactions" else inter
        if table is None:
            missing[s.id] = f"no {s.usage.table} table"
            continue
        cond = policy.usage_conditions.get(s.id)
        needed = set(cond.names) if cond is not None else set()
        if s.usage.sum:
            needed.add(s.usage.sum)
        absent = sorted(n for n in needed if n not in table.columns)
        if absent:
            missing[s.id] = f"the {s.usage.table} table has no {', '.join(absent)} column"
            continue
        rows = table[cond.matches(table)] if cond is not None else table
        if s.usage.sum:
            used = rows[s.usage.sum].fillna(0).groupby(rows["customer_id"], observed=True).sum()
        else:
            used = rows.groupby("customer_id", observed=True).size().astype(float)
        usage[s.id] = used
        cost[s.id] = used * s.cost
    cts = pd.concat(cost.values(), axis=1).sum(axis=1) if cost else pd.Series(dtype=float)
    return WindowMoney(revenue, margin, usage, cost, cts, missing)


def _money(out, tx, cur: WindowMoney, prev: WindowMoney, w: Windows, unavailable) -> None:
    out["revenue_total"] = tx.groupby("customer_id", observed=True)["amount"].sum().reindex(out.index, fill_value=0.0)
    out["revenue_12m"] = cur.revenue.reindex(out.index, fill_value=0.0)
    out["revenue_prev_12m"] = prev.revenue.reindex(out.index, fill_value=0.0)
    prev_rev = out["revenue_prev_12m"]
    out["revenue_trend"] = (out["revenue_12m"] / prev_rev.where(prev_rev != 0)) - 1
    if cur.margin is not None:
        out["margin_12m"] = cur.margin.reindex(out.index, fill_value=0.0)
        out["margin_prev_12m"] = prev.margin.reindex(out.index, fill_value=0.0)
        margin = tx["amount"] - tx["cost"]
        out["margin_total"] = margin.groupby(tx["customer_id"], observed=True).sum().reindex(out.index, fill_value=0.0)
        rev = out["revenue_12m"]
        out["margin_pct_12m"] = out["margin_12m"] / rev.where(rev > 0)
    else:
        for name in ("margin_12m", "margin_prev_12m", "margin_total", "margin_pct_12m"):
            out[name] = np.nan
            unavailable[name] = "the transactions table has no 'cost' column"
        unavailable["net_profit_12m"] = "needs margin_12m, which needs a 'cost' column"


def _orders(t: pd.DataFrame) -> pd.Series:
    """Orders per customer: distinct invoices with a positive amount, or positive rows."""
    pos = t[t["amount"] > 0]
    if "invoice_id" in pos.columns and pos["invoice_id"].notna().any():
        with_id = pos[pos["invoice_id"].notna()]
        n = with_id.groupby("customer_id", observed=True)["invoice_id"].nunique()
        no_id = pos[pos["invoice_id"].isna()].groupby("customer_id", observed=True).size()
        return n.add(no_id, fill_value=0)
    return pos.groupby("customer_id", observed=True).size()


def _activity(out, tx, w: Windows) -> None:
    for suffix, rows, revenue in (("12m", tx[w.current(tx["date"])], "revenue_12m"),
                                  ("prev_12m", tx[w.previous(tx["date"])], "revenue_prev_12m"),
                                  ("total", tx, "revenue_total")):
        orders = _orders(rows).reindex(out.index, fill_value=0).astype(float)
        out[f"orders_{suffix}"] = orders
        out[f"avg_order_value_{suffix}"] = out[revenue] / orders.where(orders > 0)
    _best_year(out, tx)
    pos = tx[tx["amount"] > 0]
    days = pos.groupby("customer_id", observed=True)["date"]
    first = days.min().reindex(out.index)
    last = days.max().reindex(out.index)
    out["first_purchase"] = first.astype("datetime64[ns]")
    out["last_purchase"] = last.astype("datetime64[ns]")
    out["days_since_last_purchase"] = (w.as_of - last) / DAY
    out["frequency"] = (days.nunique().reindex(out.index) - 1).astype(float)
    out["recency_days"] = (last - first) / DAY
    out["T_days"] = (w.as_of - first) / DAY


def _best_year(out, tx) -> None:
    """The calendar year with the most revenue (the latest on a tie): for the exit letter."""
    year = tx["date"].dt.year.rename("year")
    yearly = tx.groupby([tx["customer_id"], year], observed=True)["amount"].sum().reset_index()
    yearly = yearly[yearly["amount"] > 0]
    yearly = yearly.sort_values(["customer_id", "amount", "year"], ascending=[True, False, False], kind="stable")
    best = yearly.drop_duplicates("customer_id").set_index("customer_id")
    best_year = best["year"].astype(int).astype(str).reindex(out.index)
    out["best_year"] = best_year.astype(object).where(best_year.notna(), None)
    out["best_year_revenue"] = best["amount"].reindex(out.index).astype(float)


# --- RFM --------------------------------------------------------------------

RFM_SEGMENTS = ("Champions", "Loyal customers", "Potential loyalists", "New customers", "Promising",
                "Need attention", "About to sleep", "At risk", "Can't lose them", "Hibernating")

#: standard RFM map on (R, FM) where FM = (F + M) / 2 rounded half up
_RFM_RULES = (  # applied in order; a later rule overrides an earlier one
    ((1, 2), (1, 2), "Hibernating"),
    ((1, 2), (3, 4), "At risk"),
    ((1, 2), (5, 5), "Can't lose them"),
    ((3, 3), (1, 2), "About to sleep"),
    ((3, 3), (3, 3), "Need attention"),
    ((3, 4), (4, 5), "Loyal customers"),
    ((4, 4), (1, 1), "Promising"),
    ((5, 5), (1, 1), "New customers"),
    ((4, 5), (2, 3), "Potential loyalists"),
    ((5, 5), (4, 5), "Champions"),
)


def rfm_grid() -> dict[tuple[int, int], str]:
    """The RFM segment of every (R, FM) cell — also shown on the methodology page."""
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
            out[u] = cur.usage[s.id].reindex(out.index, fill_value=0.0)
            out[c] = cur.cost[s.id].reindex(out.index, fill_value=0.0)
        else:
            out[u] = out[c] = np.nan
            unavailable[u] = unavailable[c] = cur.unavailable[s.id]
    costs = [f"cost_{s.id}_12m" for s in policy.services if s.id in cur.usage]
    out["cost_to_serve_12m"] = out[costs].sum(axis=1) if costs else np.nan
    if not costs:
        unavailable["cost_to_serve_12m"] = "no service of the policy could be counted in this data"
    elif len(costs) < len(policy.services):
        left = [s.id for s in policy.services if s.id not in cur.usage]
        unavailable["cost_to_serve_12m"] = f"partial: without {', '.join(left)} (see their usage)"
    rev = out["revenue_12m"]
    out["cost_to_serve_pct_12m"] = out["cost_to_serve_12m"] / rev.where(rev > 0)
    out["net_profit_12m"] = out["margin_12m"] - out["cost_to_serve_12m"]


# --- arrears ------------------------------------------------------------------

def _arrears(out, tx, policy: Policy, w: Windows, unavailable) -> None:
    names = ("overdue_amount", "overdue_invoices", "overdue_days_max", "days_late_max", "days_late_avg",
             "payment_trend", "late_payer")
    if "paid_date" not in tx.columns:
        for n in names:
            out[n] = np.nan if n != "late_payer" else None
            unavailable[n] = "the transactions table has no 'paid_date' column"
        return
    t = tx[tx["amount"] > 0]
    due = t["due_date"] if "due_date" in t.columns else None
    if due is None:
        due = t["date"] + pd.Timedelta(days=policy.house_rules.payment_terms_days)
    else:  # a missing due date follows from the payment terms
        due = due.where(due.notna(), t["date"] + pd.Timedelta(days=policy.house_rules.payment_terms_days))
    inv = pd.DataFrame({"customer_id": t["customer_id"], "amount": t["amount"], "due": due, "paid": t["paid_date"]})
    if "invoice_id" in t.columns:
        key = t["invoice_id"].where(t["invoice_id"].notna(), "row-" + pd.Series(t.index.astype(str), index=t.index))
        inv["invoice"] = key
        inv = inv.groupby(["customer_id", "invoice"], observed=True, sort=False).agg(
            amount=("amount", "sum"), due=("due", "min"), paid=("paid", "max")).reset_index()
    unpaid = inv["paid"].isna() | (inv["paid"] > w.as_of)
    overdue = unpaid & (inv["due"] < w.as_of)
    late_days = np.where(unpaid, (w.as_of - inv["due"]) / DAY, (inv["paid"] - inv["due"]) / DAY)
    inv["late"] = np.clip(late_days, 0, None)
    inv["overdue_days"] = np.where(overdue, (w.as_of - inv["due"]) / DAY, np.nan)
    o = inv[overdue].groupby("customer_id", observed=True)
    out["overdue_amount"] = o["amount"].sum().reindex(out.index, fill_value=0.0)
    out["overdue_invoices"] = o.size().reindex(out.index, fill_value=0).astype(float)
    due_now = inv["due"] <= w.as_of
    cur = inv[due_now & (inv["due"] >= w.start)].groupby("customer_id", observed=True)["late"]
    prev = inv[(inv["due"] >= w.prev_start) & (inv["due"] < w.start)].groupby("customer_id", observed=True)["late"]
    out["days_late_max"] = cur.max().reindex(out.index)
    out["days_late_avg"] = cur.mean().reindex(out.index)
    out["payment_trend"] = out["days_late_avg"] - prev.mean().reindex(out.index)
    out["overdue_days_max"] = o["overdue_days"].max().reindex(out.index, fill_value=0.0)
    out["late_payer"] = (out["overdue_amount"] > 0) & (out["overdue_days_max"] > policy.house_rules.arrears_days)


# --- relationship ---------------------------------------------------------------

def _relationship(out, interactions, feedback, policy: Policy, w: Windows, unavailable) -> None:
    counts = {"complaints_12m": ("complaint",), "incidents_12m": ("incident",), "meetings_12m": MEETING_KINDS}
    referral_names = ("referrals_12m", "referrals_total")
    last_contact = out["last_purchase"]
    if interactions is not None:
        i = interactions[interactions["date"] <= w.as_of]
        cur = i[w.current(i["date"])]
        for name, kinds in counts.items():
            hit = cur[cur["kind"].isin(kinds)]
            out[name] = hit.groupby("customer_id", observed=True).size().reindex(out.index, fill_value=0).astype(float)
        if "minutes" in cur.columns:
            sup = cur[cur["kind"] == "support"]
            out["support_minutes_12m"] = sup["minutes"].fillna(0).groupby(sup["customer_id"], observed=True).sum().reindex(out.index, fill_value=0.0)
        else:
            out["support_minutes_12m"] = np.nan
            unavailable["support_minutes_12m"] = "the interactions table has no 'minutes' column"
        referrals = i[i["kind"] == REFERRAL_KIND]
        if len(referrals):
            out["referrals_total"] = referrals.groupby("customer_id", observed=True).size().reindex(out.index, fill_value=0).astype(float)
            current = referrals[w.current(referrals["date"])]
            out["referrals_12m"] = current.groupby("customer_id", observed=True).size().reindex(out.index, fill_value=0).astype(float)
        else:
            for name in referral_names:
                out[name] = np.nan
                unavailable[name] = f"the interactions table has no interactions of kind '{REFERRAL_KIND}'"
        last_i = i.groupby("customer_id", observed=True)["date"].max().reindex(out.index)
        last_contact = pd.concat([last_contact, last_i], axis=1).max(axis=1)
    else:
        for name in (*counts, "support_minutes_12m", *referral_names):
            out[name] = np.nan
            unavailable[name] = "no interactions table"
        unavailable["last_contact"] = "partial: purchases only (no interactions table)"
    out["last_contact"] = last_contact.astype("datetime64[ns]")
    out["days_since_contact"] = (w.as_of - out["last_contact"]) / DAY
    days = out["days_since_contact"]
    out["silent"] = (days > policy.house_rules.silence_days).where(days.notna(), None)
    if feedback is not None and "nps" in feedback.columns:
        f = feedback[(feedback["date"] <= w.as_of) & feedback["nps"].notna()].sort_values(["customer_id", "date"], kind="stable")
        from_last = f.groupby("customer_id", observed=True).cumcount(ascending=False)
        latest = f[from_last == 0].set_index("customer_id")["nps"].reindex(out.index).astype(float)
        before = f[from_last == 1].set_index("customer_id")["nps"].reindex(out.index).astype(float)
        out["nps"] = latest
        out["nps_change"] = latest - before
    else:
        out["nps"] = out["nps_change"] = np.nan
        unavailable["nps"] = unavailable["nps_change"] = "no feedback table with an 'nps' column"


# --- soft value -------------------------------------------------------------------

SOFT = ("knowledge", "pleasure", "network", "prestige", "potential")


def _soft(out, assessments, unavailable) -> None:
    if assessments is None:
        for n in (*SOFT, "assessment_date"):
            out[n] = np.nan
            unavailable[n] = "no assessments table"
        out["assessment_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
        return
    a = assessments
    if "date" in a.columns:
        a = a.sort_values(["customer_id", "date"], kind="stable")
    latest = a.groupby("customer_id", observed=True).tail(1).set_index("customer_id")
    for n in SOFT:
        if n in latest.columns:
            out[n] = latest[n].reindex(out.index).astype(float)
        else:
            out[n] = np.nan
            unavailable[n] = f"the assessments table has no '{n}' column"
    if "date" in latest.columns:
        out["assessment_date"] = latest["date"].reindex(out.index).astype("datetime64[ns]")
    else:
        out["assessment_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")


# --- future value -------------------------------------------------------------------

def _future(out, tx) -> future.FutureValue:
    """BG/NBD + Gamma-Gamma on per-customer summaries (never on raw rows)."""
    pos = tx[tx["amount"] > 0]
    daily = pos.groupby(["customer_id", pos["date"]], observed=True)["amount"].sum().reset_index()
    daily = daily.sort_values(["customer_id", "date"], kind="stable")
    repeat = daily[daily.groupby("customer_id", observed=True).cumcount() > 0]
    monetary = repeat.groupby("customer_id", observed=True)["amount"].mean().reindex(out.index)
    bought = out["first_purchase"].notna()
    idx = out.index[bought]
    fv = future.future_value(
        out.loc[idx, "frequency"].to_numpy(float),
        out.loc[idx, "recency_days"].to_numpy(float),
        out.loc[idx, "T_days"].to_numpy(float),
        monetary.loc[idx].fillna(0).to_numpy(float),
    )
    for name in ("expected_purchases_12m", "expected_revenue_12m", "p_alive"):
        out[name] = pd.Series(getattr(fv, name), index=idx).reindex(out.index)
    return fv


# --- monthly series for charts ------------------------------------------------------

def _monthly(tx, w: Windows) -> pd.DataFrame:
    t = tx[(tx["date"] >= w.prev_start) & (tx["date"] <= w.as_of)]
    month = t["date"].dt.to_period("M").dt.to_timestamp()
    frame = pd.DataFrame({"customer_id": t["customer_id"].astype(str), "month": month, "revenue": t["amount"]})
    has_cost = "cost" in t.columns
    if has_cost:
        frame["margin"] = t["amount"] - t["cost"]
    g = frame.groupby(["customer_id", "month"], observed=True, sort=True)
    monthly = g["revenue"].sum().to_frame()
    monthly["margin"] = g["margin"].sum() if has_cost else np.nan
    return monthly.reset_index()


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

def portfolio_kpis(frame: pd.DataFrame, previous: pd.DataFrame, tx: pd.DataFrame, w: Windows) -> dict[str, tuple[float | None, float | None]]:
    """Portfolio KPIs as (current window, previous window), DESIGN.md "Measures".

    A KPI over a window needs transactions from that window's first day on,
    and one that compares a window with the one before it (retention,
    revenue retention, churned and new customers) needs them from the first
    day of the earlier window: otherwise it is missing rather than wrong.
    Point-in-time KPIs (silence, arrears) have no previous value.
    """
    one_day = pd.Timedelta(days=1)
    spans = {"current": (w.start, w.as_of), "previous": (w.prev_start, w.start - one_day),
             "before": (w.prev_start - pd.DateOffset(years=1), w.prev_start - one_day)}
    data_start = tx["date"].min() if len(tx) else None
    bought = tx[tx["amount"] > 0]
    first = bought.groupby("customer_id", observed=True)["date"].min()

    def covered(span: str) -> bool:
        return data_start is not None and data_start <= spans[span][0]

    def active(span: str) -> set:
        a, b = spans[span]
        d = bought["date"]
        return set(bought.loc[(d >= a) & (d <= b), "customer_id"].astype(str))

    def revenue(span: str) -> pd.Series:
        a, b = spans[span]
        t = tx[(tx["date"] >= a) & (tx["date"] <= b)]
        r = t.groupby("customer_id", observed=True)["amount"].sum()
        return r.set_axis(r.index.astype(str))

    def compared(span: str, earlier: str) -> dict:
        if not covered(earlier):
            return dict.fromkeys(("retention_rate", "revenue_retention", "churned_customers", "new_customers"))
        was, now = active(earlier), active(span)
        before, after = revenue(earlier), revenue(span)
        a, b = spans[span]
        return {
            "retention_rate": len(was & now) / len(was) if was else None,
            "revenue_retention": float(after[after.index.isin(was)].sum() / before.sum()) if before.sum() > 0 else None,
            "churned_customers": len(was - now),
            "new_customers": int(((first >= a) & (first <= b)).sum()),
        }

    cur, prev = compared("current", "previous"), compared("previous", "before")
    has_prev = covered("previous")
    out = {name: (cur[name], prev[name]) for name in cur}
    out["customers_active"] = (len(active("current")), len(active("previous")) if has_prev else None)
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
