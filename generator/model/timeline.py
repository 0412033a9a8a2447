"""The contact timeline of a customer page: the current window's contacts and purchases,
newest first, at most TIMELINE_EVENTS per customer."""
from __future__ import annotations

import pandas as pd

from generator.inputs.sources import isin_ids
from generator.model import measures
from generator.model.report import TIMELINE_EVENTS


def interactions(interactions: pd.DataFrame | None, ids: pd.Index, start: pd.Timestamp,
                           notes: bool) -> pd.DataFrame:
    """Contacts of the current window, newest first; free-text notes only when privacy.notes allows."""
    columns = ["customer_id", "date", "kind", "minutes", "severity"] + (["note"] if notes else [])
    if interactions is None or interactions.empty:
        return pd.DataFrame(columns=columns)
    rows = interactions[isin_ids(interactions["customer_id"], ids) & (interactions["date"] >= start).to_numpy()]
    rows = rows.reindex(columns=columns)
    return _newest_first(rows, ["customer_id", "date", "kind"])


def purchases(tx: pd.DataFrame, ids: pd.Index, start: pd.Timestamp) -> pd.DataFrame:
    """Purchases of the current window per customer, day and order type (amount, orders), newest first."""
    fast = measures.timeline_purchases(tx, ids, start, TIMELINE_EVENTS)   # the same, on integer keys
    if fast is not None:
        return fast
    rows = tx[tx["customer_id"].isin(ids) & (tx["date"] >= start)]
    types = rows["order_type"] if "order_type" in rows else pd.Series("", index=rows.index)
    rows = rows.assign(order_type=types.fillna("").astype(str))
    out = rows.groupby(["customer_id", "date", "order_type"], sort=False)["amount"].agg(["sum", "size"])
    out = out.rename(columns={"sum": "amount", "size": "orders"}).reset_index()
    return _newest_first(out, ["customer_id", "date", "order_type"])


def pushed(purchases: pd.DataFrame | None) -> pd.DataFrame:
    """compute: database: the purchases the database chose (measures.Measures.purchases), or none."""
    if purchases is None:
        return pd.DataFrame(columns=["customer_id", "date", "order_type", "amount", "orders"])
    return purchases


def _newest_first(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    rows = rows.sort_values(keys, ascending=[True, False] + [True] * (len(keys) - 2), kind="mergesort")
    rows = rows[rows.groupby("customer_id", sort=False).cumcount() < TIMELINE_EVENTS]
    return rows.reset_index(drop=True)
