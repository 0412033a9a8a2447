"""What changed since the previous report: segment moves and score changes per customer."""
from __future__ import annotations

import numpy as np
import pandas as pd

from generator.inputs.history import SCORES

#: measures this module adds to the customer frame (see the catalogue)
CHANGE_MEASURES = ("previous_segment", "value_score_change", "burden_score_change", "future_score_change")


def add_changes(frame: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """``previous_segment`` and ``<score>_change`` (now − previous report) per customer.

    Missing for customers not in the previous report, and for everyone when
    there is none.
    """
    out = frame.copy()
    if previous is None:
        out["previous_segment"] = None
        for s in SCORES:
            out[f"{s}_change"] = np.nan
        return out
    before = previous.reindex(out.index)
    out["previous_segment"] = before["segment"].astype(object).where(before["segment"].notna(), None)
    for s in SCORES:
        out[f"{s}_change"] = (out[s] - before[s].astype(float)).round(1)
    return out


def migrations(previous_segment: pd.Series, segment: pd.Series, order: list[str]) -> pd.DataFrame:
    """The from × to matrix of customers in both reports, rows and columns in policy order.

    The diagonal counts customers who stayed; a segment id the policy no
    longer has is kept (after the policy's own) so no customer disappears.
    """
    both = previous_segment.notna() & segment.notna()
    before, now = previous_segment[both].astype(str), segment[both].astype(str)
    extra = sorted((set(before) | set(now)) - set(order))
    ids = list(order) + extra
    matrix = pd.crosstab(pd.Categorical(before, ids), pd.Categorical(now, ids), dropna=False)
    matrix.index.name, matrix.columns.name = "from", "to"
    return matrix.reindex(index=ids, columns=ids, fill_value=0).astype(int)
