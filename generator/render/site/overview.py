"""The overview (index.html): totals and focus KPIs, segment shares, the value × burden chart,
the whale curve, silent customers and arrears, leakage, segment moves, outliers and the
first actions."""
from __future__ import annotations

import math

import pandas as pd

from generator.model.changes import GONE, NEW
from generator.render.charts import clean
from generator.render.site.actions import worklist_key
from generator.render.site.build import Build, false, true
from generator.render.site.quadrant import quadrant as value_by_burden
from generator.text.formatting import is_missing

TOP_ROWS = 10          # rows in the overview's silent/arrears lists
TOP_ACTIONS = 25       # priority-1 actions listed on the overview
OUTLIER_ROWS = 5       # customers per outlier list on the overview
WHALE_POINTS = 400     # the whale curve is drawn through at most this many points


def render(site: Build) -> None:
    site.page("index.html", "index.html", "overview", site.t("overview_title"), has_charts=True, **_overview(site))


def _overview(site: Build) -> dict:
    r, t, fmt = site.report, site.t, site.fmt
    cs = site.customers
    totals = [{"label": site.label(name), "value": _total(site.frame, name)}
              for name in ("revenue_12m", "margin_12m", "cost_to_serve_12m", "net_profit_12m")]
    has_margin = _total(site.frame, "margin_12m") is not None

    # segments: share of customers and of revenue
    revenue_all = sum(c["revenue_12m"] or 0 for c in cs)
    segment_rows, chart_rows = [], []
    for seg in site.segments:
        members = [c for c in cs if c["seg"] is seg]
        revenue = sum(c["revenue_12m"] or 0 for c in members)
        profits = [c["net_profit_12m"] for c in members if c["net_profit_12m"] is not None]
        row = {"seg": seg, "count": len(members), "share_count": len(members) / len(cs) if cs else None,
               "revenue": revenue, "share_revenue": revenue / revenue_all if revenue_all > 0 else None,
               "net_profit": sum(profits) if profits else None}
        segment_rows.append(row)
        chart_rows.append({"s": seg["name"], "k": t("share_customers"), "v": clean(row["share_count"] or 0, 4),
                           "l": t("n_customers", n=fmt.count(len(members)))})
        chart_rows.append({"s": seg["name"], "k": t("share_revenue"), "v": clean(row["share_revenue"] or 0, 4),
                           "l": fmt.money(revenue)})

    quadrant = value_by_burden(site, cs, "", "quadrant")

    silent = [c for c in cs if true(c["silent"])]
    silent.sort(key=lambda c: (-(c["revenue_12m"] or 0), c["name"].casefold(), c["customer_id"]))
    late = [c for c in cs if true(c["late_payer"])]
    late.sort(key=lambda c: (-(c["overdue_amount"] or 0), c["name"].casefold(), c["customer_id"]))

    kpis = _kpis(site)
    return {
        "n_customers": len(cs), "window_start": r.window_start, "data_start": r.data_start,
        "totals": totals, "has_margin": has_margin, "kpis": kpis, "kpi_basis": site.kpi_basis(kpis),
        "kpi_since": site.report.previous_as_of,
        "segment_rows": segment_rows, "segment_chart": site.charts.embed("segment_shares", chart_rows),
        "quadrant": quadrant, "whale": _whale(site),
        "silence_days": site.policy.house_rules.silence_days,
        "silence_ours": "days_since_our_contact" not in site.report.unavailable,   # interactions say who reached out
        "arrears_days": site.policy.house_rules.arrears_days,
        "silent": {"count": len(silent), "rows": silent[:TOP_ROWS]},
        "arrears": {"count": len(late), "rows": late[:TOP_ROWS],
                    "total": sum(c["overdue_amount"] or 0 for c in late)},
        "leakage": _leakage(site), "top_actions": _top_actions(site), "moves": _moves(site),
        "outliers": _outliers(site),
    }


def _kpis(site: Build) -> list[dict]:
    """The policy's focus KPIs, each compared with the previous report (history) where that
    report stored it, otherwise with the previous 12-month window (``basis``: report | window | None)."""
    out = []
    since = site.report.previous_as_of
    for name in site.policy.model.kpis:
        k = site.report.kpis.get(name)
        if k is None:
            continue
        label = site.t.get(f"kpi.{name}", k.label)
        value = _kpi_value(site, k.value, k.kind)
        at_report = getattr(k, "previous_report", None)
        if since is not None and not is_missing(at_report):
            basis, before = "report", at_report
        elif not is_missing(k.previous):
            basis, before = "window", k.previous
        else:
            basis, before = None, None
        change, direction = None, "flat"
        if basis is not None and not is_missing(k.value):
            diff = float(k.value) - float(before)
            change = site.fmt.signed(diff, k.kind)
            direction = "up" if diff > 0 else "down" if diff < 0 else "flat"
        out.append({"name": name, "label": label, "value": value, "basis": basis,
                    "previous": None if basis is None else _kpi_value(site, before, k.kind),
                    "change": change, "direction": direction})
    return out


def _kpi_value(site: Build, value, kind: str) -> str:
    if kind == "ratio":
        return site.fmt.percent(value, 1)
    if kind == "money":
        return site.fmt.money(value)
    return site.fmt.count(value)


def _whale(site: Build) -> dict | None:
    """The whale curve (measures.whale_curve), thinned to WHALE_POINTS points that keep its peak."""
    curve = site.report.whale
    if curve is None or curve.empty or curve["profit_share"].isna().all():
        return None
    profits = [float(p) for p in curve["net_profit"]]
    n = len(profits)
    points = [(0.0, 0.0)] + list(zip(curve["customer_share"].astype(float), curve["profit_share"].astype(float)))
    peak_i = max(range(len(points)), key=lambda i: (points[i][1], -i))
    keep = sorted(set(range(0, len(points), max(1, math.ceil(len(points) / WHALE_POINTS))))
                  | {peak_i, len(points) - 1})
    rows = [{"x": clean(points[i][0], 4), "y": clean(points[i][1], 4), "peak": i == peak_i} for i in keep]
    winners = [p for p in profits if p > 0]
    losers = [p for p in profits if p < 0]
    fmt = site.fmt
    if losers:
        summary = site.t("whale_summary", top=fmt.count(len(winners)), top_share=fmt.percent(len(winners) / n),
                         peak=fmt.percent(points[peak_i][1]), rest=fmt.count(len(losers)),
                         loss=fmt.money(-sum(losers)))
    else:
        summary = site.t("whale_summary_no_loss")
    return {"spec": site.charts.embed("whale", rows), "summary": summary}


def _leakage(site: Build) -> dict | None:
    if "leakage_12m" not in site.frame or site.frame["leakage_12m"].isna().all():
        return None
    cs = site.customers
    leaking = [c for c in cs if (c["leakage_12m"] or 0) > 0]
    services = []
    for s in site.services:
        cost_col, ent_col = f"cost_{s['id']}_12m", f"entitled_{s['id']}"
        beyond = [c[cost_col] for c in cs
                  if false(c.get(ent_col)) and (c.get(cost_col) or 0) > 0]
        if beyond:
            services.append({"name": s["name"], "count": len(beyond), "cost": sum(beyond)})
    return {"count": len(leaking), "total": sum(c["leakage_12m"] for c in leaking), "services": services}


def _top_actions(site: Build) -> dict:
    rows = [a for a in site.action_rows if a["priority"] == 1 or a.get("safety")]
    rows.sort(key=worklist_key)   # safety rules first, then by impact in euros
    return {"count": len(rows), "rows": rows[:TOP_ACTIONS]}


def _moves(site: Build) -> dict | None:
    """Segment migrations since the previous report: a from × to matrix of customer counts.

    Rows are the previous segments (plus customers new since then),
    columns the current ones (plus customers no longer in the report);
    the diagonal is who stayed. None without a previous report.
    """
    moves = site.report.moves
    if moves is None:
        return None
    label = {NEW: site.t("moves_new"), GONE: site.t("moves_gone")}

    def head(sid: str) -> dict:
        return {"seg": site.segment_by_id.get(sid), "label": label.get(sid, sid)}

    counts = moves.counts
    # no empty 'no longer in the report' column
    targets = moves.targets if moves.gone else tuple(b for b in moves.targets if b != GONE)
    rows = [{**head(a), "cells": [{"count": counts[(a, b)], "same": a == b} for b in targets],
             "total": sum(counts[(a, b)] for b in targets)} for a in moves.sources]
    rows = [r for r in rows if r["total"] or r["seg"] is not None]
    return {"count": moves.moved, "new": moves.new, "gone": moves.gone, "columns": [head(b) for b in targets],
            "rows": rows, "as_of": site.report.previous_as_of}


def _outliers(site: Build) -> list[dict]:
    """The customers furthest from the average: biggest movers in revenue, biggest losses, highest cost.

    The policy's leaders learn from outliers rather than averages; every
    list is a handful of named customers with the figures that put them there.
    """
    t, fmt, cs = site.t, site.fmt, site.customers

    def change(c):
        now, before = c.get("revenue_12m"), c.get("revenue_prev_12m")
        return None if now is None or before is None else now - before

    def listed(key, items, columns, cells):
        return {"id": key, "title": t(f"outliers_{key}"), "columns": columns,
                "rows": [{"c": c, "cells": cells(c)} for c in items[:OUTLIER_ROWS]]}

    def by(value, reverse):
        return lambda c: (-(value(c)) if reverse else value(c), c["name"].casefold(), c["customer_id"])

    def money(v):
        return {"text": fmt.money(v), "negative": v is not None and v < 0}

    def signed(v):
        arrow = "▲ " if v > 0 else "▼ " if v < 0 else ""
        return {"text": arrow + (fmt.signed(v, "money") if v > 0 else fmt.money(v)), "negative": v < 0}

    movers = [c for c in cs if change(c) is not None]
    revenue_cols = [site.label("revenue_12m"), t("col_change")]
    lists = [
        listed("risers", sorted([c for c in movers if change(c) > 0], key=by(change, True)), revenue_cols,
               lambda c: [money(c["revenue_12m"]), signed(change(c))]),
        listed("fallers", sorted([c for c in movers if change(c) < 0], key=by(change, False)), revenue_cols,
               lambda c: [money(c["revenue_12m"]), signed(change(c))]),
        listed("losses", sorted([c for c in cs if (c["net_profit_12m"] or 0) < 0],
                                key=by(lambda c: c["net_profit_12m"], False)),
               [site.label("net_profit_12m"), site.label("cost_to_serve_12m")],
               lambda c: [money(c["net_profit_12m"]), money(c["cost_to_serve_12m"])]),
        listed("cost", sorted([c for c in cs if (c["cost_to_serve_12m"] or 0) > 0],
                              key=by(lambda c: c["cost_to_serve_12m"], True)),
               [site.label("cost_to_serve_12m"), site.label("revenue_12m")],
               lambda c: [money(c["cost_to_serve_12m"]), money(c["revenue_12m"])]),
    ]
    # hear the unhappy: the lowest NPS scores, and the complaints of customers we lost
    def count(v):
        return {"text": fmt.number(v), "negative": False}

    scored = [c for c in cs if not is_missing(c.get("nps"))]
    lists.append(listed("unhappy", sorted(scored, key=lambda c: (c["nps"], -(c.get("revenue_12m") or 0),
                                                                 c["name"].casefold(), c["customer_id"])),
                        [site.label("nps"), site.label("complaints_12m")],
                        lambda c: [count(c["nps"]), count(c.get("complaints_12m"))]))
    before = complaints_before_churn(site)
    lost = [c for c in cs if before.get(c["customer_id"])]
    lists.append(listed("churn_complaints", sorted(lost, key=lambda c: (-before[c["customer_id"]],
                                                                        -(c.get("revenue_prev_12m") or 0),
                                                                        c["name"].casefold(), c["customer_id"])),
                        [t("col_complaints_before_churn"), site.label("revenue_prev_12m")],
                        lambda c: [count(before[c["customer_id"]]), money(c.get("revenue_prev_12m"))]))
    return [x for x in lists if x["rows"]]


def complaints_before_churn(site: Build) -> dict[str, int]:
    """Customers lost this year (orders in the previous 12 months, none in the last 12) → the
    complaints they filed in the report's history up to the report date (those with none left out)."""
    lost = {c["customer_id"] for c in site.customers
            if (c.get("orders_prev_12m") or 0) > 0 and (c.get("orders_12m") or 0) == 0}
    i = site.report.interactions
    if not lost or i is None or i.empty or "kind" not in i:
        return {}
    rows = i[(i["kind"] == "complaint") & i["customer_id"].astype(str).isin(lost)]
    if "date" in rows:
        rows = rows[pd.to_datetime(rows["date"]) <= pd.Timestamp(site.report.as_of)]
    return {str(k): int(n) for k, n in rows.groupby(rows["customer_id"].astype(str)).size().items() if n}


def _total(frame: pd.DataFrame, name: str):
    if name not in frame.columns or frame[name].isna().all():
        return None
    return float(frame[name].sum())
