"""The per-customer transaction summary, expressed once with ibis (``compute: database``).

Turns invoice lines into one row per customer in whatever engine holds them (DuckDB,
Postgres; BigQuery and Snowflake compile, tests/test_aggregate.py), with exactly the
definitions of generator.model.measures:

- revenue total / 12 months / previous 12 months: sums of ``amount`` over every row up to
  the report date, and over the two fixed windows (inclusive days) of ``measures.Windows``;
- margin total / 12m / previous 12m: sums of ``amount - cost`` (a row without a cost adds
  nothing), only when the table has a cost column;
- orders total / 12m / previous 12m: rows with a positive amount, an invoice number counted
  once per customer (rows without a number each count);
- first and last purchase (a purchase: amount >= 0), purchase days, frequency (purchase days
  - 1), recency (last - first, days), T (report date - first, days);
- monetary value: the mean amount per purchase day over the days after the first;
- and, as a second expression, the revenue and margin per customer and month over both windows.

Money is summed as INTEGER CENTS (``floor(amount * 100 + 0.5)`` per row): a float sum in a parallel
engine depends on the order of the rows (three different results in four runs of DuckDB with
2 threads), a sum of integers does not. The cents come back to Python as int64 and are turned
into euros there (``cents / 100``). Amounts with more than two decimals are rounded to the cent
per row (a half cent up) before they are summed, here and in the local path alike.

The expressions take a relation with canonical column names (``customer_id``, ``date``,
``amount`` and, when present, ``cost``, ``invoice_id``); :func:`canonical` makes one from a
connection source's table and its ``columns:`` mapping. ibis is the 'db' extra: this module
imports it only inside its functions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: the summary's columns, in order (money in cents, days as integers; dates as dates)
SUMMARY_COLUMNS = (
    "customer_id", "rows",
    "revenue_total", "revenue_12m", "revenue_prev_12m",
    "margin_total", "margin_12m", "margin_prev_12m",
    "orders_total", "orders_12m", "orders_prev_12m",
    "first_purchase", "last_purchase", "purchase_days", "frequency", "recency_days", "T_days",
    "monetary_sum", "monetary_days",
)
#: the monthly series' columns
MONTHLY_COLUMNS = ("customer_id", "month", "revenue", "margin")
#: the summary's money columns (cents)
MONEY = ("revenue_total", "revenue_12m", "revenue_prev_12m", "margin_total", "margin_12m", "margin_prev_12m",
         "monetary_sum")


@dataclass(frozen=True)
class Spans:
    """The report date and the first days of the two 12-month windows (as measures.Windows)."""

    as_of: dt.date
    start: dt.date
    prev_start: dt.date

    @classmethod
    def ending(cls, as_of: dt.date) -> Spans:
        def years_back(n: int) -> dt.date:
            try:
                earlier = as_of.replace(year=as_of.year - n)
            except ValueError:          # 29 February: as pandas' DateOffset(years=n), the 28th
                earlier = as_of.replace(year=as_of.year - n, day=28)
            return earlier + dt.timedelta(days=1)
        return cls(as_of, years_back(1), years_back(2))


def canonical(relation, names: dict[str, str], exclude: frozenset[str] = frozenset()):
    """``relation`` with its columns renamed to the canonical names (``names``: canonical ->
    the relation's column) and typed for the summary: ids as trimmed text, dates as dates,
    money as integer cents, invoice numbers as text; excluded customers and rows without a
    customer or date left out."""
    import ibis  # deferred: the 'db' extra, only for compute: database

    t = relation
    cols = {"customer_id": _trimmed(t[names["customer_id"]].cast("string")),
            "date": t[names["date"]].cast("date"),
            "amount": _cents(t[names["amount"]])}
    if "cost" in names:
        cols["cost"] = _cents(t[names["cost"]])
    if "invoice_id" in names:
        invoice = t[names["invoice_id"]].cast("string").strip()
        cols["invoice_id"] = ibis.ifelse(invoice == "", ibis.null("string"), invoice)
    out = t.select(**cols)
    out = out.filter(out.customer_id.notnull(), out.customer_id != "", out.date.notnull())
    if exclude:
        out = out.filter(~out.customer_id.isin(sorted(exclude)))
    return out


#: what ibis' strip() removes from both ends
_SPACE = (" ", "\t", "\n", "\r", "\v", "\f")


def _trimmed(text):
    """``text`` without white space at either end: TRIM only where an end is white space (TRIM
    with a character list cost 3 s of a 5M-row summary's 10 in DuckDB; the test of two
    characters costs a tenth of that)."""
    import ibis  # deferred: the 'db' extra

    edge = text.substr(0, 1).isin(_SPACE) | text.right(1).isin(_SPACE)
    return ibis.ifelse(edge, text.strip(), text)


def _cents(column):
    """Whole cents, a half cent rounded up (floor(x + 0.5): the same in every engine and in numpy)."""
    return (column.cast("float64") * 100 + 0.5).floor().cast("int64")


def summary(t, spans: Spans):
    """One row per customer with a transaction up to the report date (:data:`SUMMARY_COLUMNS`).

    No DISTINCT aggregate (four of them cost 1 s on 500k rows in DuckDB): distinct invoices and
    purchase days are groupings of their own, joined back per customer."""
    import ibis  # deferred: the 'db' extra

    t = t.filter(t.date <= spans.as_of)
    t = t.mutate(cur=(t.date >= spans.start) & (t.date <= spans.as_of),
                 prev=(t.date >= spans.prev_start) & (t.date < spans.start))
    has_cost, has_invoice = "cost" in t.columns, "invoice_id" in t.columns
    positive = t.amount > 0
    loose = positive & t.invoice_id.isnull() if has_invoice else positive   # an order per line
    metrics = {
        "rows": t.count(),
        "revenue_total": t.amount.sum(),
        "revenue_12m": t.amount.sum(where=t.cur),
        "revenue_prev_12m": t.amount.sum(where=t.prev),
        "loose_total": t.count(where=loose),
        "loose_12m": t.count(where=loose & t.cur),
        "loose_prev_12m": t.count(where=loose & t.prev),
    }
    if has_cost:
        margin = t.amount - t.cost
        metrics.update(margin_total=margin.sum(), margin_12m=margin.sum(where=t.cur),
                       margin_prev_12m=margin.sum(where=t.prev))
    per = t.group_by("customer_id").aggregate(**metrics)

    if has_invoice:     # an invoice with a positive line counts once, in each window it has one
        p = t.filter(positive & t.invoice_id.notnull())
        invoices = p.group_by(["customer_id", "invoice_id"]).aggregate(cur=p.cur.any(), prev=p.prev.any())
        counted = invoices.group_by("customer_id").aggregate(
            invoices_total=invoices.count(), invoices_12m=invoices.count(where=invoices.cur),
            invoices_prev_12m=invoices.count(where=invoices.prev))
        per = per.left_join(counted, "customer_id").drop("customer_id_right")

    # purchase days (amount >= 0) and the monetary value: the amount per day, the first day left out
    days = t.filter(t.amount >= 0).group_by(["customer_id", "date"]).aggregate(amount=t.amount.sum())
    days = days.mutate(repeat=days.date != days.date.min().over(group_by=days.customer_id))
    bought = days.group_by("customer_id").aggregate(
        first_purchase=days.date.min(), last_purchase=days.date.max(), purchase_days=days.count(),
        monetary_sum=days.amount.sum(where=days.repeat), monetary_days=days.count(where=days.repeat))
    per = per.left_join(bought, "customer_id").drop("customer_id_right")

    as_of = ibis.literal(spans.as_of, type="date")
    zero = ibis.literal(0, type="int64")
    columns = {}
    for suffix in ("total", "12m", "prev_12m"):
        invoices = ibis.coalesce(per[f"invoices_{suffix}"], zero) if has_invoice else zero
        columns[f"orders_{suffix}"] = (invoices + per[f"loose_{suffix}"]).cast("int64")
    purchase_days = ibis.coalesce(per.purchase_days, zero)
    columns.update(
        purchase_days=purchase_days,
        frequency=ibis.ifelse(purchase_days > 0, purchase_days - 1, ibis.null("int64")),
        recency_days=per.last_purchase.delta(per.first_purchase, unit="day"),
        T_days=as_of.delta(per.first_purchase, unit="day"),
        monetary_sum=ibis.coalesce(per.monetary_sum, zero),
        monetary_days=ibis.coalesce(per.monetary_days, zero),
    )
    if not has_cost:
        columns.update(margin_total=ibis.null("int64"), margin_12m=ibis.null("int64"),
                       margin_prev_12m=ibis.null("int64"))
    per = per.mutate(**columns)
    return per.select(*SUMMARY_COLUMNS).order_by("customer_id")


def monthly(t, spans: Spans):
    """Revenue and margin (cents) per customer and month with a row between the first day of the
    previous window and the report date (:data:`MONTHLY_COLUMNS`), by customer, then month."""
    import ibis  # deferred: the 'db' extra

    t = t.filter((t.date >= spans.prev_start) & (t.date <= spans.as_of))
    t = t.mutate(month=t.date.truncate("M"))
    metrics = {"revenue": t.amount.sum()}
    metrics["margin"] = (t.amount - t.cost).sum() if "cost" in t.columns else ibis.null("int64")
    return (t.group_by(["customer_id", "month"]).aggregate(**metrics)
            .select(*MONTHLY_COLUMNS).order_by(["customer_id", "month"]))
