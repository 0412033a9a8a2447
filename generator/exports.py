"""Machine-readable results beside the site: scores.csv, actions.csv, report.json.

scores.csv is UTF-8, comma-separated, '.' decimals, ISO dates and empty for
missing; its columns follow the measure catalogue, led by the ones scripts
rely on (DESIGN.md).
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from .report import Report

LEADING = ["customer_id", "name", "page", "segment", "value_score", "burden_score", "future_score",
           "revenue_total", "revenue_12m", "net_profit_12m", "first_purchase", "last_purchase", "frequency",
           "recency_days", "T_days", "expected_purchases_12m", "expected_revenue_12m", "p_alive", "rfm_segment"]
REPORT_SCHEMA_VERSION = 1


def scores_columns(report: Report) -> list[str]:
    cat = report.policy.catalogue.names()
    rest = [c for c in cat if c in report.customers.columns and c not in LEADING]
    return LEADING + rest


def scores_frame(report: Report) -> pd.DataFrame:
    c = report.customers
    frame = c.copy()
    frame["customer_id"] = c.index
    frame["page"] = "customers/" + c["slug"] + ".html"
    cols = scores_columns(report)
    frame = frame.reindex(columns=cols)
    for col in cols:
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            frame[col] = s.dt.strftime("%Y-%m-%d")
        elif s.dtype == object and s.map(lambda v: isinstance(v, (bool, np.bool_))).any():
            frame[col] = s.map(lambda v: "" if v is None or v != v else ("true" if v else "false"))
        elif pd.api.types.is_bool_dtype(s):
            frame[col] = s.map({True: "true", False: "false"})
        elif pd.api.types.is_float_dtype(s):
            frame[col] = s.round(6)
    return frame


def scores_csv(report: Report) -> bytes:
    return scores_frame(report).to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


def actions_csv(report: Report) -> bytes:
    a = report.actions.copy()
    names = report.customers["name"]
    a.insert(1, "name", a["customer_id"].map(names))
    a.insert(2, "segment", a["customer_id"].map(report.customers["segment"]))
    a.insert(3, "account_manager", a["customer_id"].map(report.customers.get("account_manager", pd.Series(dtype=object))))
    a["page"] = "customers/" + a["customer_id"].map(report.customers["slug"]) + ".html"
    a["letter"] = a["letter"].map({True: "true", False: "false"})
    return a.to_csv(index=False, lineterminator="\n").encode("utf-8")


def report_json(report: Report) -> bytes:
    """A small, versioned summary for CI and scripts."""
    seg_counts = report.customers["segment"].value_counts()
    doc = {
        "schema": "klantwaarde-report",
        "version": REPORT_SCHEMA_VERSION,
        "title": report.title,
        "language": report.lang,
        "as_of": report.as_of.isoformat(),
        "window": {"start": report.window_start.isoformat(), "previous_start": report.prev_window_start.isoformat()},
        "customers": int(len(report.customers)),
        "segments": [{"id": s.id, "customers": int(seg_counts.get(s.id, 0))} for s in report.policy.segments],
        "kpis": {k: {"value": v.value, "previous": v.previous} for k, v in sorted(report.kpis.items())},
        "future_value": {"method": report.future_method, "note": report.future_note},
        "unavailable": dict(sorted(report.unavailable.items())),
        "warnings": list(report.warnings),
        "generated": report.generated,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False, default=_jsonable) + "\n").encode("utf-8")


def _jsonable(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return None if np.isnan(v) else float(v)
    return str(v)
