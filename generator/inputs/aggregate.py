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

Two groupings serve most of them: per customer and day (:func:`days`) and per customer and invoice
(:func:`invoices`). Each expression computes them itself, or takes them staged once (DuckDB:
connections.summarise, which also works through a large table in buckets of customers).

``compute: database`` pulls no transaction row: the rest of what the measures need of the rows is
here too, each per customer (:func:`details`: the best year, the first purchase day's value, the
repeat days of the last 12 months, the portfolio KPIs' spans, the services' usage with the policy's
conditions compiled to ibis by :func:`compile_condition`, the arrears per invoice), the backtest's
calibration counts (:func:`calibration`), the timeline's newest events (:func:`timeline`, a
``row_number()``) and the data-quality counts (:func:`extent`, :func:`quality`, :func:`code_counts`).

Money is summed as INTEGER CENTS (``floor(amount * 100 + 0.5)`` per row): a float sum in a parallel
engine depends on the order of the rows (three different results in four runs of DuckDB with
2 threads), a sum of integers does not. The cents come back to Python as int64 and are turned
into euros there (``cents / 100``). Amounts with more than two decimals are rounded to the cent
per row (a half cent up) before they are summed, here and in the local path alike.

The expressions take a relation with canonical column names (``customer_id``, ``date``,
``amount`` and, when present, ``cost``, ``invoice_id`` and the other transactions columns);
:func:`canonical` (:func:`typed`, then :func:`usable`) makes one from a connection source's table
and its ``columns:`` mapping. ibis is the 'db' extra: this module
imports it only inside its functions.
"""
from __future__ import annotations

import datetime as dt
import functools
import operator
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
        return cls(as_of, _year_before(as_of) + dt.timedelta(days=1),
                   _year_before(_year_before(as_of)) + dt.timedelta(days=1))

    @property
    def before_start(self) -> dt.date:
        """The first day of the year before the previous window (the portfolio KPIs' third span)."""
        return _year_before(self.prev_start)


def _year_before(day: dt.date) -> dt.date:
    """A year earlier; 29 February gives the 28th, as pandas' DateOffset(years=1)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


#: how each transactions column is typed where the rows are (as generator.inputs.sources parses a file's)
KINDS = {"customer_id": "id", "date": "date", "due_date": "date", "paid_date": "date", "amount": "amount",
         "cost": "amount", "quantity": "number", "order_type": "code", "invoice_id": "invoice"}
#: what every total line's label holds (total, totaal, subtotal, eindtotaal, grand total: sources'
#: _TOTAL_LABEL, checked in tests/test_aggregate.py), in any case
TOTAL_WORD = "tot"
#: event dates before this are mistakes (sources._OLDEST): rows left out, due/paid dates left missing
OLDEST = dt.date(1990, 1, 1)


def typed(relation, names: dict[str, str], values: dict | None = None, total_label: str | None = None,
          labels: tuple[str, ...] = (), keep: tuple[str, ...] = ()):
    """``relation`` with its columns renamed to the canonical names (``names``: canonical -> the
    relation's column) and typed as the local read types them: ids and texts trimmed (empty is
    missing), codes lower-case and mapped by ``values:``, dates as dates, money as integer cents
    (``amount``, ``cost``) with the amount also as float euros (``amount_euros``, for conditions),
    numbers as float64. No row is left out and no value blanked (:func:`canonical` does that).
    ``total_label``: a regular expression (lower case) of a total line's label, whose every match
    holds :data:`TOTAL_WORD`; ``total_line`` then says whether one of the ``labels`` columns holds one.
    ``keep``: columns of ``relation`` kept as they are (a Parquet file's ``file_row_number``)."""
    import ibis  # deferred: the 'db' extra

    t = relation
    cols = {name: t[name] for name in keep}
    for canonical_name, column in names.items():
        kind, c = KINDS.get(canonical_name, "text"), t[column]
        if kind in ("id", "text", "code", "invoice"):
            text = _trimmed(c.cast("string")).nullif("")
            if kind == "code":
                text = text.lower()
            mapping = (values or {}).get(canonical_name)
            if mapping:
                ours = {str(k).strip().casefold(): (v.strip().lower() if kind == "code" else v.strip())
                        for k, v in mapping.items()}
                text = text.lower().substitute(ours, else_=text)
            cols[canonical_name] = text
        elif kind == "date":
            cols[canonical_name] = c.cast("date")
        elif kind == "amount":
            cols[canonical_name] = _cents(c)
            if canonical_name == "amount":
                cols["amount_euros"] = c.cast("float64")
        else:
            cols[canonical_name] = c.cast("float64")
    if total_label:
        # on the file's own text (white space around it allowed), and the regular expression only where
        # that holds TOTAL_WORD: a regex on every id of 50M rows took 12 s a scan
        raw = {c: t[names[c]].cast("string") for c in labels if c in names}
        hits = [ibis.ifelse(text.ilike(f"%{TOTAL_WORD}%"),
                            ibis.coalesce(text.lower().re_search(f"^\\s*(?:{total_label})\\s*$"), False), False)
                for text in raw.values()]
        if hits:
            cols["total_line"] = functools.reduce(operator.or_, hits)
    return t.select(**cols)


def canonical(relation, names: dict[str, str], exclude: frozenset[str] = frozenset(), values: dict | None = None):
    """:func:`usable` of :func:`typed`: the rows the measures use, typed."""
    return usable(typed(relation, names, values), exclude)


def usable(t, exclude: frozenset[str] = frozenset()):
    """Of typed rows (:func:`typed`), the ones the measures use: total lines, excluded customers, rows
    without a customer or a date and rows dated before 1990 left out, due and paid dates before 1990
    left missing (the report date is applied by each expression)."""
    import ibis  # deferred: the 'db' extra

    out = t.filter(~t.total_line).drop("total_line") if "total_line" in t.columns else t
    for name in ("due_date", "paid_date"):      # before 1990: left missing, as locally
        if name in out.columns:
            out = out.mutate(**{name: ibis.ifelse(out[name] < OLDEST, ibis.null("date"), out[name])})
    out = out.filter(out.customer_id.notnull(), out.date.notnull(), out.date >= OLDEST)
    if exclude:
        out = out.filter(~out.customer_id.isin(sorted(exclude)))
    return out


#: what ibis' strip() removes from both ends
_SPACE = (" ", "\t", "\n", "\r", "\v", "\f")


def _trimmed(text):
    """``text`` without white space at either end: TRIM only where an end is white space (TRIM
    with a character list cost 3 s of a 5M-row summary's 10 in DuckDB; the test of the two end
    characters costs a third of that; TRIM is evaluated at most once a row)."""
    import ibis  # deferred: the 'db' extra

    edge = text.substr(0, 1).isin(_SPACE) | text.right(1).isin(_SPACE)
    return ibis.ifelse(edge, text.strip(), text)


def _cents(column):
    """Whole cents, a half cent rounded up (floor(x + 0.5): the same in every engine and in numpy)."""
    return (column.cast("float64") * 100 + 0.5).floor().cast("int64")


def days(t, spans: Spans):
    """Per customer and day with a row up to the report date: the day's revenue (every row), margin
    (when there is a cost), purchases (rows with amount >= 0; none: not a purchase day) and their
    value. The purchase days, the monetary value, the best year, the backtest's counts and the
    monthly series all come from this one grouping (:func:`summary`, :func:`details`,
    :func:`calibration`, :func:`monthly`): on DuckDB it is staged once (connections.summarise)."""
    t = t.filter(t.date <= spans.as_of)
    buy = t.amount >= 0
    metrics = {"revenue": t.amount.sum(), "purchases": t.count(where=buy), "value": t.amount.sum(where=buy)}
    if "cost" in t.columns:
        metrics["margin"] = (t.amount - t.cost).sum()
    return t.group_by(["customer_id", "date"]).aggregate(**metrics)


def invoices(t, spans: Spans, payment_terms_days: int | None = None):
    """Per customer and invoice number, of the lines with a positive amount up to the report date:
    whether it has a line in the current and in the previous window, its amount and, given the
    payment terms and a payment date column, the earliest due date (the due date, else the
    terms after the line's date) and the latest payment. The orders (:func:`summary`) and the
    arrears (:func:`arrears`) both count these: on DuckDB it is staged once."""
    import ibis  # deferred: the 'db' extra

    t = t.filter((t.date <= spans.as_of) & (t.amount > 0) & t.invoice_id.notnull())
    metrics = {"cur": ((t.date >= spans.start) & (t.date <= spans.as_of)).any(),
               "prev": ((t.date >= spans.prev_start) & (t.date < spans.start)).any(),
               "amount": t.amount.sum()}
    if payment_terms_days is not None and "paid_date" in t.columns:
        metrics.update(due=_due(t, payment_terms_days, ibis).min(), paid=t.paid_date.max())
    return t.group_by(["customer_id", "invoice_id"]).aggregate(**metrics)


def _due(t, payment_terms_days: int, ibis):
    """A line's due date: its own, else the payment terms after its date."""
    due = t.date + ibis.interval(days=payment_terms_days)
    if "due_date" in t.columns:
        due = ibis.coalesce(t.due_date, due)
    return due.cast("date")


def summary(t, spans: Spans, per_day=None, per_invoice=None):
    """One row per customer with a transaction up to the report date (:data:`SUMMARY_COLUMNS`).
    ``per_day``, ``per_invoice``: :func:`days` and :func:`invoices` of ``t`` when staged already.

    No DISTINCT aggregate (four of them cost 1 s on 500k rows in DuckDB) and no window: distinct
    invoices and purchase days are groupings of their own, joined back per customer; the first
    purchase day's value is an ``arg_min`` (a window over 48M days took 16 s, this 9 s)."""
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
        inv = invoices(t, spans) if per_invoice is None else per_invoice
        counted = inv.group_by("customer_id").aggregate(
            invoices_total=inv.count(), invoices_12m=inv.count(where=inv.cur),
            invoices_prev_12m=inv.count(where=inv.prev))
        per = per.left_join(counted, "customer_id").drop("customer_id_right")

    # purchase days (amount >= 0) and the monetary value: the amount per day, the first day left out
    d = days(t, spans) if per_day is None else per_day
    d = d.filter(d.purchases > 0)
    bought = d.group_by("customer_id").aggregate(
        first_purchase=d.date.min(), last_purchase=d.date.max(), purchase_days=d.count(),
        monetary_sum=d.value.sum() - d.value.argmin(d.date))
    per = per.left_join(bought, "customer_id").drop("customer_id_right")

    as_of = ibis.literal(spans.as_of, type="date")
    zero = ibis.literal(0, type="int64")
    columns = {}
    for suffix in ("total", "12m", "prev_12m"):
        counted_invoices = ibis.coalesce(per[f"invoices_{suffix}"], zero) if has_invoice else zero
        columns[f"orders_{suffix}"] = (counted_invoices + per[f"loose_{suffix}"]).cast("int64")
    purchase_days = ibis.coalesce(per.purchase_days, zero)
    columns.update(
        purchase_days=purchase_days,
        frequency=ibis.ifelse(purchase_days > 0, purchase_days - 1, ibis.null("int64")),
        recency_days=per.last_purchase.delta(per.first_purchase, unit="day"),
        T_days=as_of.delta(per.first_purchase, unit="day"),
        monetary_sum=ibis.coalesce(per.monetary_sum, zero).cast("int64"),
        monetary_days=ibis.ifelse(purchase_days > 0, purchase_days - 1, zero),
    )
    if not has_cost:
        columns.update(margin_total=ibis.null("int64"), margin_12m=ibis.null("int64"),
                       margin_prev_12m=ibis.null("int64"))
    per = per.mutate(**columns)
    return per.select(*SUMMARY_COLUMNS).order_by("customer_id")


def monthly(t, spans: Spans, per_day=None):
    """Revenue and margin (cents) per customer and month with a row between the first day of the
    previous window and the report date (:data:`MONTHLY_COLUMNS`), by customer, then month.
    ``per_day``: :func:`days` of ``t`` when staged already."""
    import ibis  # deferred: the 'db' extra

    d = days(t, spans) if per_day is None else per_day
    d = d.filter(d.date >= spans.prev_start)
    d = d.mutate(month=d.date.truncate("M"))
    metrics = {"revenue": d.revenue.sum()}
    metrics["margin"] = d.margin.sum() if "margin" in d.columns else ibis.null("int64")
    return (d.group_by(["customer_id", "month"]).aggregate(**metrics)
            .select(*MONTHLY_COLUMNS).order_by(["customer_id", "month"]))


# --- compute: database pulls no transaction row: everything else the measures need, per customer ----------

#: the measures' constants these expressions need (tests/test_pushdown.py checks them against
#: generator.model: future.RECENT_DAYS, backtest.HORIZON_DAYS, report.TIMELINE_EVENTS)
RECENT_DAYS = 365
HORIZON_DAYS = 365
TIMELINE_EVENTS = 40


@dataclass(frozen=True)
class Service:
    """One cost-to-serve service of the policy that counts (or sums) transactions."""

    id: str
    condition: object | None        # generator.inputs.conditions.Condition, or None: every row
    sum: str | None                 # the column summed, or None: rows counted


@dataclass(frozen=True)
class Plan:
    """What the policy asks of the transactions besides the summary (services, payment terms)."""

    services: tuple[Service, ...] = ()
    payment_terms_days: int = 30


def computable(plan: Plan, columns) -> tuple[Service, ...]:
    """The services whose condition and summed column the rows have (the others are unavailable)."""
    def names(s: Service) -> set[str]:
        return set(s.condition.names if s.condition is not None else ()) | ({s.sum} if s.sum else set())
    return tuple(s for s in plan.services if names(s) <= set(columns))


def holdout_days(history_days: int, horizon: int = HORIZON_DAYS) -> int:
    """As generator.model.backtest.holdout_days: 365 days, or half the history when shorter."""
    return int(max(1, min(horizon, history_days // 2)))


def extent(t, exclude: frozenset[str] = frozenset()):
    """One row over the typed rows (:func:`typed`, excluded customers still in): every row, the total
    lines, the other rows without a customer id or a date, those of excluded customers, and the first
    and last date of the rows the measures could use."""
    import ibis  # deferred: the 'db' extra

    total = t.total_line if "total_line" in t.columns else ibis.literal(False)
    usable = ~total & t.customer_id.notnull() & t.date.notnull() & (t.date >= OLDEST)
    if exclude:
        usable = usable & ~t.customer_id.isin(sorted(exclude))
    excluded = ~total & t.customer_id.isin(sorted(exclude)) if exclude else ibis.literal(False)
    return t.aggregate(rows=t.count(), totals=t.count(where=total),
                       no_id=t.count(where=~total & t.customer_id.isnull()),
                       no_date=t.count(where=~total & t.customer_id.notnull() & t.date.isnull()),
                       excluded=t.count(where=excluded),
                       last_date=t.date.max(where=usable), first_date=t.date.min(where=usable))


def details(t, spans: Spans, plan: Plan, per_day=None, per_invoice=None):
    """Per customer with a row up to the report date, besides :func:`summary`: the best calendar
    year, the first purchase day's value, the repeat purchase days of the last RECENT_DAYS and
    their value, the portfolio's spans (first positive row, activity and revenue per span), the
    first row's date, the services' usage in both windows and the arrears. Money in cents.
    ``per_day``, ``per_invoice``: :func:`days` and :func:`invoices` (with the payment terms) of
    ``t`` when staged already."""
    import ibis  # deferred: the 'db' extra

    t = t.filter(t.date <= spans.as_of)
    before = spans.before_start
    cur = (t.date >= spans.start)
    prev = (t.date >= spans.prev_start) & (t.date < spans.start)
    early = (t.date >= before) & (t.date < spans.prev_start)
    positive = t.amount > 0
    metrics = {
        "min_date": t.date.min(), "first_positive": t.date.min(where=positive),
        "active_current": t.count(where=positive & cur), "active_previous": t.count(where=positive & prev),
        "active_before": t.count(where=positive & early),
        "revenue_before": t.amount.sum(where=early), "rows_current": t.count(where=cur),
        "rows_previous": t.count(where=prev), "rows_before": t.count(where=early),
    }
    for s in computable(plan, t.columns):
        for window, rows in (("cur", cur), ("prev", prev)):
            chosen = rows & compile_condition(s.condition, t) if s.condition is not None else rows
            chosen = ibis.coalesce(chosen, False)
            metrics[f"usage_{s.id}_{window}_rows"] = t.count(where=chosen)
            if s.sum:
                metrics[f"usage_{s.id}_{window}"] = ibis.coalesce(t[s.sum], 0.0).sum(where=chosen)
    per = t.group_by("customer_id").aggregate(**metrics)

    # the best calendar year: the most revenue (all rows), the latest on a tie; only a positive one
    d = days(t, spans) if per_day is None else per_day
    years = d.mutate(year=d.date.year().cast("int64")).group_by(["customer_id", "year"]).aggregate(
        revenue=d.revenue.sum())
    years = years.filter(years.revenue > 0)
    years = years.mutate(rank=ibis.row_number().over(group_by=years.customer_id,
                                                     order_by=[years.revenue.desc(), years.year.desc()]))
    best = years.filter(years.rank == 0).select("customer_id", best_year=years.year, best_year_revenue=years.revenue)
    per = per.left_join(best, "customer_id").drop("customer_id_right")

    # purchase days: the first one's value, the repeat days of the last RECENT_DAYS and their value
    # (the first day is the earliest: a repeat day is a later one; arg_min, not a window)
    d = d.filter(d.purchases > 0)
    late = d.date > spans.as_of - dt.timedelta(days=RECENT_DAYS)
    first_day, first_value = d.date.min(), d.value.argmin(d.date)
    first_late = first_day > spans.as_of - dt.timedelta(days=RECENT_DAYS)
    recent_days = d.count(where=late) - ibis.ifelse(first_late, 1, 0)
    daily = d.group_by("customer_id").aggregate(
        first_value=first_value, recent_days=recent_days.cast("int64"),
        recent_sum=ibis.ifelse(recent_days > 0, ibis.coalesce(d.value.sum(where=late), 0)
                               - ibis.ifelse(first_late, first_value, 0), ibis.null("int64")).cast("int64"))
    per = per.left_join(daily, "customer_id").drop("customer_id_right")
    if "paid_date" in t.columns:
        per = per.left_join(arrears(t, spans, plan, per_invoice), "customer_id").drop("customer_id_right")
    return per.order_by("customer_id")


def arrears(t, spans: Spans, plan: Plan, per_invoice=None):
    """Per customer, as generator.model.measures._arrears: the invoices with a positive line (lines of
    one invoice number together: their amount summed, the earliest due date, the latest payment;
    a line without a number its own invoice), due the payment terms after the date when no due date
    is given. Overdue amount in cents, counts and days as integers; the mean lateness as a sum and
    a count (divided in Python, as pandas' mean). ``per_invoice``: :func:`invoices` of ``t`` (with
    the payment terms) when staged already."""
    import ibis  # deferred: the 'db' extra

    p = t.filter((t.date <= spans.as_of) & (t.amount > 0))
    if "invoice_id" in p.columns:
        grouped = invoices(t, spans, plan.payment_terms_days) if per_invoice is None else per_invoice
        grouped = grouped.select("customer_id", "amount", "due", "paid")
        p = p.filter(p.invoice_id.isnull())
        loose = p.select("customer_id", "amount", due=_due(p, plan.payment_terms_days, ibis), paid=p.paid_date)
        inv = grouped.union(loose)
    else:
        inv = p.select("customer_id", "amount", due=_due(p, plan.payment_terms_days, ibis), paid=p.paid_date)
    as_of = ibis.literal(spans.as_of, type="date")
    unpaid = inv.paid.isnull() | (inv.paid > as_of)
    overdue = unpaid & (inv.due < as_of)
    late_days = ibis.ifelse(unpaid, as_of.delta(inv.due, unit="day"), inv.paid.delta(inv.due, unit="day"))
    inv = inv.mutate(overdue=overdue, late=ibis.greatest(late_days, 0).cast("int64"),
                     overdue_days=as_of.delta(inv.due, unit="day"),
                     cur=(inv.due <= as_of) & (inv.due >= spans.start),
                     prev=(inv.due >= spans.prev_start) & (inv.due < spans.start))
    return inv.group_by("customer_id").aggregate(
        overdue_amount=inv.amount.sum(where=inv.overdue), overdue_invoices=inv.count(where=inv.overdue),
        overdue_days_max=inv.overdue_days.max(where=inv.overdue),
        days_late_max=inv.late.max(where=inv.cur), late_sum_cur=inv.late.sum(where=inv.cur),
        late_count_cur=inv.count(where=inv.cur), late_sum_prev=inv.late.sum(where=inv.prev),
        late_count_prev=inv.count(where=inv.prev))


def calibration(t, as_of: dt.date, cut: dt.date, per_day=None):
    """Per customer, the backtest's counts (generator.model.backtest.calibration_summary) on the
    purchase days: in the calibration period (up to ``cut``) their number, first and last day and
    those of the last RECENT_DAYS before the cut; in the holdout ``(cut, as_of]`` their number.
    ``per_day``: :func:`days` of ``t`` (up to ``as_of``) when staged already."""
    d = days(t, Spans.ending(as_of)) if per_day is None else per_day
    d = d.filter(d.purchases > 0)
    cal = d.date <= cut
    return d.group_by("customer_id").aggregate(
        cal_days=d.count(where=cal), cal_first=d.date.min(where=cal), cal_last=d.date.max(where=cal),
        cal_late=d.count(where=cal & (d.date > cut - dt.timedelta(days=RECENT_DAYS))),
        holdout=d.count(where=~cal)).order_by("customer_id")


def timeline(t, spans: Spans, events: int = TIMELINE_EVENTS):
    """Purchases of the current window per customer, day and order type (amount in cents, orders),
    at most ``events`` per customer, the newest first (order types alphabetically within a day)."""
    import ibis  # deferred: the 'db' extra

    t = t.filter((t.date >= spans.start) & (t.date <= spans.as_of))
    kind = ibis.coalesce(t.order_type, "") if "order_type" in t.columns else ibis.literal("")
    t = t.mutate(order_type=kind)
    g = t.group_by(["customer_id", "date", "order_type"]).aggregate(amount=t.amount.sum(), orders=t.count())
    g = g.mutate(rank=ibis.row_number().over(group_by=g.customer_id, order_by=[g.date.desc(), g.order_type]))
    return g.filter(g.rank < events).select("customer_id", "date", "order_type", "amount", "orders")


def quality(t, spans: Spans, columns: tuple[str, ...]):
    """The data-quality counts of the local read, over the typed rows of customers not excluded with a
    customer id and a date (:func:`typed`): rows dated before 1990 and after the report date, due/paid
    dates before 1990 and negative quantities (with the earliest date, the lowest quantity), and over
    the rows kept the missing values per column, the date range and the first purchase (amount >= 0:
    the backtest's history starts there)."""
    old = t.date < OLDEST
    after = t.date > spans.as_of
    kept = ~old & ~after
    metrics = {"before_1990": t.count(where=old), "after": t.count(where=after),
               "kept": t.count(where=kept), "first": t.date.min(where=kept), "last": t.date.max(where=kept),
               "first_purchase": t.date.min(where=kept & (t.amount >= 0))}
    for name in columns:
        if name in ("due_date", "paid_date") and name in t.columns:     # before 1990: blanked, so missing too
            old_value = ~old & (t[name] < OLDEST)       # (checked before the report date leaves rows out)
            metrics[f"old_{name}"] = t.count(where=old_value)
            metrics[f"old_{name}_first"] = t[name].min(where=old_value)
            metrics[f"missing_{name}"] = t.count(where=kept & (t[name].isnull() | (t[name] < OLDEST)))
        elif name in t.columns and name not in ("customer_id", "date"):
            metrics[f"missing_{name}"] = t.count(where=kept & t[name].isnull())
    if "quantity" in t.columns:
        metrics["negative_quantity"] = t.count(where=~old & (t.quantity < 0))     # (idem)
        metrics["lowest_quantity"] = t.quantity.min(where=~old)
    return t.aggregate(**metrics)


def first_dates(t, where, n: int = 3):
    """The first ``n`` dates (ascending) of the rows where ``where`` holds: examples for a count."""
    return t.filter(where(t)).select("date").order_by("date").limit(n)


def code_counts(t, as_of: dt.date, column: str):
    """The codes of a coded column with their rows (the rows kept), as sources._check_codes counts them."""
    t = t.filter((t.date >= OLDEST) & (t.date <= as_of) & t[column].notnull())
    return t.group_by(column).aggregate(n=t.count(), first_id=t.customer_id.min())


# --- the policy's conditions as ibis expressions ------------------------------------------------------------

def compile_condition(condition, t):
    """A condition of generator.inputs.conditions (its parsed tree) as an ibis boolean over the
    typed rows ``t``: NULL where the condition is unknown, as SQL's three-valued logic and the
    pandas evaluator agree (a filter keeps only the rows where it is true). Amounts are compared
    in euros (``amount_euros``, ``cost`` / 100)."""
    from generator.inputs import conditions as c  # (inputs: the same layer)

    return _compiled(condition.tree, t, c)


def _compiled(node, t, c):
    import ibis  # deferred: the 'db' extra

    if isinstance(node, c.Group):
        return _compiled(node.inner, t, c)
    if isinstance(node, c.Literal):
        kind = {"number": "float64", "text": "string", "bool": "boolean", "date": "date"}[node.kind]
        return ibis.literal(float(node.value) if node.kind == "number" else node.value, type=kind)
    if isinstance(node, c.Name):
        if node.name == "amount":
            return t.amount_euros
        if node.name == "cost":
            return t.cost.cast("float64") / 100
        column = t[node.name]
        return column.cast("float64") if node.kind == "number" else column
    if isinstance(node, c.Negate):
        return -_compiled(node.operand, t, c)
    if isinstance(node, c.Arith):
        left, right = _compiled(node.left, t, c), _compiled(node.right, t, c)
        if node.op == "/":      # division by zero: missing, as locally (and no error in Postgres)
            return ibis.ifelse(right == 0, ibis.null("float64"), left / ibis.ifelse(right == 0, 1.0, right))
        return {"+": operator.add, "-": operator.sub, "*": operator.mul}[node.op](left, right)
    if isinstance(node, c.Call):
        args = [_compiled(a, t, c) for a in node.args]
        if node.function == "abs":
            return args[0].abs()
        out = args[0]
        pick = ibis.least if node.function == "min" else ibis.greatest
        for arg in args[1:]:     # NULLs skipped unless every value is NULL (numpy's fmin/fmax)
            out = ibis.cases((out.isnull(), arg), (arg.isnull(), out), else_=pick(out, arg))
        return out
    if isinstance(node, c.Compare):
        left, right = _compiled(node.left, t, c), _compiled(node.right, t, c)
        return {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
                ">": operator.gt, ">=": operator.ge}[node.op](left, right)
    if isinstance(node, c.In):
        operand = _compiled(node.operand, t, c)
        items = [float(i.value) if i.kind == "number" else i.value for i in node.items]
        found = operand.isin(items)
        return ibis.ifelse(operand.isnull(), ibis.null("boolean"), ~found if node.negated else found)
    if isinstance(node, c.IsMissing):
        operand = _compiled(node.operand, t, c)
        missing = operand.isnull() | (operand.isnan() if node.operand.kind == "number" else False)
        return ~missing if node.negated else missing
    if isinstance(node, c.Not):
        return ~_compiled(node.operand, t, c)
    if isinstance(node, c.Logic):
        left, right = _compiled(node.left, t, c), _compiled(node.right, t, c)
        return (left & right) if node.op == "and" else (left | right)
    raise TypeError(f"no ibis form for {type(node).__name__}")
