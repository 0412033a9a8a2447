"""What changed since the previous report: segment moves and score changes per customer."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.inputs.history import SCORES

#: measures this module adds to the customer frame (see the catalogue)
CHANGE_MEASURES = ("previous_segment", "value_score_change", "burden_score_change", "future_score_change")
#: what earlier reports advised: fix first, before parting (house rules fix_first, fix_segment)
FIX_MEASURES = ("fix_advised_since", "fix_advised", "fix_first_met")


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


def add_fix_advice(frame: pd.DataFrame, first_in_segment: pd.DataFrame | None, fix_segment: str,
                   fix_first: bool) -> pd.DataFrame:
    """Per customer, what earlier reports advised (history: every earlier stored build):

    - ``fix_advised_since``: the first earlier report date that put the customer in the
      ``fix_segment``; missing when none did (always in a first report);
    - ``fix_advised``: whether one did (never missing: no history means no advice);
    - ``fix_first_met``: the house rule "fix first" is met — ``fix_advised``, or everyone
      when the policy sets ``fix_first: false``.
    """
    out = frame.copy()
    if first_in_segment is not None and fix_segment in first_in_segment.columns:
        since = first_in_segment[fix_segment].reindex(out.index.astype(str)).set_axis(out.index)
    else:
        since = pd.Series(pd.NaT, index=out.index)
    out["fix_advised_since"] = since.astype("datetime64[ns]")
    out["fix_advised"] = since.notna().astype(bool)
    out["fix_first_met"] = out["fix_advised"] | (not fix_first)
    return out


#: the row of customers new since the previous report, and the column of customers no longer in it
NEW, GONE = "__new__", "__gone__"


@dataclass(frozen=True)
class Moves:
    """Segment moves since the previous report: customers counted from (previous segment, or
    NEW) to (current segment, or GONE). The diagonal is who stayed."""

    sources: tuple[str, ...]   # previous segment ids, the policy's order first, then NEW
    targets: tuple[str, ...]   # the policy's segment ids, then GONE
    counts: dict[tuple[str, str], int]
    moved: int                 # customers in another segment than in the previous report
    new: int                   # customers not in the previous report
    gone: int                  # customers of the previous report no longer in this one
    compared: int              # customers in both reports

    def cells(self) -> list[tuple[str, str, int]]:
        """(from, to, customers) of the customers in both reports, where there are any."""
        return [(a, b, self.counts[(a, b)]) for a in self.sources if a != NEW for b in self.targets
                if b != GONE and self.counts[(a, b)]]


def segment_moves(previous: pd.DataFrame | None, segment: pd.Series, order: list[str]) -> Moves | None:
    """The moves between the previous report's segments and ``segment`` (customer id ->
    segment id, in policy ``order``); None without a previous report."""
    if previous is None or "segment" not in previous.columns:
        return None
    before = {str(k): str(v) for k, v in previous["segment"].items() if isinstance(v, str) or not pd.isna(v)}
    now = {str(k): v for k, v in segment.items()}
    old = sorted(set(before.values()), key=lambda v: (order.index(v) if v in order else len(order), v))
    sources, targets = tuple(old) + (NEW,), tuple(order) + (GONE,)
    counts = {(a, b): 0 for a in sources for b in targets}
    for cid, seg in now.items():
        counts[(before.get(cid, NEW), seg if seg in order else GONE)] += 1
    for cid, seg in before.items():
        if cid not in now:
            counts[(seg, GONE)] += 1
    return Moves(sources, targets, counts,
                 moved=sum(n for (a, b), n in counts.items() if a != b and a != NEW and b != GONE),
                 new=sum(counts[(NEW, b)] for b in targets), gone=sum(counts[(a, GONE)] for a in old),
                 compared=sum(1 for cid in now if cid in before))


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
