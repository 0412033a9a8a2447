"""value_score, burden_score and future_score: 0–100, explained by components.

Each score is a weighted mean of normalised components (weights from the
policy). A component that is missing for a customer is left out and the
remaining weights are re-normalised, so a customer without an assessment is
scored on what we do know — and the page says so (``<score>_score_coverage``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from generator.inputs.catalogue import Catalogue
from generator.inputs.policy import Policy

SCORES = ("value", "burden", "future")
#: percentiles between which a measure is scaled linearly to 0–100
LOW_PCT, HIGH_PCT = 5, 95


#: measures on a fixed scale of their own, mapped linearly to 0–100 (NPS: 0 → 0, 10 → 100)
FIXED_SCALES = {"nps": (0.0, 10.0)}


def normalise(values: pd.Series, kind: str, name: str | None = None) -> pd.Series:
    """A measure on a 0–100 scale; all missing when its known values do not vary.

    A component on which every customer is the same says nothing about any of
    them: it is missing for the whole build (and its weight goes to the other
    components), never a 50 for everyone. Ratings (1–5) map linearly (1 → 0,
    5 → 100); probabilities are × 100; NPS (0–10) linearly; scores stay as they
    are; everything else is scaled between its 5th and 95th percentile across
    customers and clipped, so one outlier cannot squash the rest. When those
    percentiles are equal (0 incidents for 248 of 250 customers), it is scaled
    between its lowest and highest value instead.
    """
    v = values.astype(float)
    known = v.dropna()
    if known.empty or known.min() == known.max():
        return pd.Series(np.nan, index=v.index, name=v.name)
    if name in FIXED_SCALES:
        lo, hi = FIXED_SCALES[name]
        return _clip((v - lo) / (hi - lo) * 100, 0, 100)
    if kind == "rating":
        return _clip((v - 1) / 4 * 100, 0, 100)
    if kind == "probability":
        return _clip(v * 100, 0, 100)
    if kind == "score":
        return _clip(v, 0, 100)
    lo, hi = np.percentile(known, [LOW_PCT, HIGH_PCT])
    if hi == lo:
        lo, hi = float(known.min()), float(known.max())
    return _clip((v - lo) / (hi - lo) * 100, 0, 100)


def _clip(v: pd.Series, lower: float, upper: float) -> pd.Series:
    """``v.clip(lower, upper)`` (missing stays missing), on the numbers themselves: pandas
    rebuilds the look-up of a text index of customer ids for every clip and where."""
    x = v.to_numpy()
    missing = np.isnan(x)
    with np.errstate(invalid="ignore"):
        result = np.where(missing | (x >= lower), x, lower)
        result = np.where(missing | (x <= upper), result, upper)
    return pd.Series(result, index=v.index, name=v.name)


def add_scores(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Add the three scores, their bands, ``<score>_score_coverage`` (the share of the
    weight whose component is known) and ``<score>_score__<measure>`` component columns.

    The effective weight of a known component for one customer is its policy
    weight / (sum of the weights × coverage); a missing component weighs 0.
    """
    cat: Catalogue = policy.catalogue
    out = frame.copy()
    bands = policy.scores.bands
    inverted = set(policy.scores.inverted)
    new = {}
    for score in SCORES:
        weights: dict[str, float] = getattr(policy.scores, score)
        num = pd.Series(0.0, index=frame.index)
        den = pd.Series(0.0, index=frame.index)
        for measure, weight in weights.items():
            comp = normalise(frame[measure], cat[measure].kind, measure) if measure in frame else pd.Series(np.nan, index=frame.index)
            if measure in inverted:
                comp = 100 - comp
            new[f"{score}_score__{measure}"] = comp
            known = comp.notna()
            num = num + comp.fillna(0) * weight
            den = den + known * weight
        value = (num / pd.Series(np.where(den > 0, den, np.nan), index=den.index)).round(1)
        new[f"{score}_score"] = value
        # the share of the policy's weight that is known: the page shows the weights re-normalised by it
        new[f"{score}_score_coverage"] = den / sum(weights.values())
        new[f"{score}_band"] = band(value, bands.low, bands.high)
    for k, v in new.items():
        out[k] = v
    return out


def band(score: pd.Series, low: float, high: float) -> pd.Series:
    """'low' below ``low``, 'high' from ``high`` up, 'mid' between; missing stays missing."""
    b = np.where(score >= high, "high", np.where(score >= low, "mid", "low")).astype(object)
    b[score.isna().to_numpy()] = None
    return pd.Series(b, index=score.index, dtype=object)
