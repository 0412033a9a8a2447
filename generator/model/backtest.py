"""Which future-value model fits this company's data: a calibration/holdout backtest.

The history up to ``as_of - holdout`` (365 days, or half the history when
that is shorter) calibrates each candidate; each predicts the purchases
(purchase days) of the holdout ``(calibration end, as_of]`` per customer first
seen in the calibration period, and is compared with what happened:
per-customer RMSE and the predicted vs actual total.  The naive baseline
repeats each customer's calibration rate: repeat purchases / T (0 when T = 0)
times the holdout length.

Candidates: MBG/NBD, Pareto/NBD and the simple method (each may be chosen), and
BG/NBD (shown as the reference, never chosen: it keeps one-time buyers alive for
ever).  The chosen method is the candidate with the lowest RMSE: every method the
report may use is measured on the same holdout, so the choice is the company's
data speaking, not a preference.  The naive baseline is shown beside them as the
yardstick (it knows no dropping out and gives no probability of being active,
so it cannot drive the report itself).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from generator.model import future

MBGNBD, PNBD, SIMPLE, BGNBD, BASELINE = "mbgnbd", "pnbd", "simple", "bgnbd", "baseline"
#: candidates that may drive p_alive, in order of preference on a tie
ELIGIBLE = (MBGNBD, PNBD, SIMPLE)
HORIZON_DAYS = 365


@dataclass(frozen=True)
class Candidate:
    model: str
    rmse: float | None
    predicted_total: float | None
    actual_total: float
    params: dict = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class Backtest:
    calibration_end: int | None     # day number (days since 1970-01-01), None when not run
    holdout_days: int
    customers: int                  # customers first seen in the calibration period
    candidates: tuple[Candidate, ...]
    chosen: str | None              # MBGNBD, PNBD or SIMPLE; None when the backtest did not run
    reason: str | None = None       # why it did not run, when it did not


def holdout_days(history_days: int, horizon: int = HORIZON_DAYS) -> int:
    """365 days, or half the history when that is shorter (at least 1 day)."""
    return int(max(1, min(horizon, history_days // 2)))


def calibration_summary(owner: np.ndarray, day: np.ndarray, n: int, cut: int, end: int):
    """Per customer (0..n-1) from purchase days sorted by customer, then day.

    Returns frequency, recency, T (days, at ``cut``), the holdout count of purchase
    days in ``(cut, end]`` and a mask of customers first seen on or before ``cut``.
    """
    cal = day <= cut
    hold = (day > cut) & (day <= end)
    count = np.bincount(owner[cal], minlength=n)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, owner[cal], day[cal])
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, owner[cal], day[cal])
    seen = count > 0
    x = np.where(seen, count - 1, 0).astype(float)
    tx = np.where(seen, last - first, 0).astype(float)
    T = np.where(seen, cut - first, 0).astype(float)
    actual = np.bincount(owner[hold], minlength=n).astype(float)
    return x, tx, T, actual, seen


_FITS = {
    MBGNBD: (future.fit_mbgnbd, future.mbgnbd_expected_purchases),
    PNBD: (future.fit_pareto_nbd, future.pnbd_expected_purchases),
    BGNBD: (future.fit_bgnbd, future.bgnbd_expected_purchases),
}


def _params(p) -> dict:
    return {k: float(v) for k, v in vars(p).items()}


def run(owner: np.ndarray, day: np.ndarray, n: int, as_of: int, *,
        horizon: int = HORIZON_DAYS, min_customers: int = 30, min_repeaters: int = 10) -> Backtest:
    """The backtest on purchase days (``owner`` codes 0..n-1, ``day`` numbers, both sorted)."""
    if not len(day):
        return Backtest(None, 0, 0, (), None, "no purchases")
    h = holdout_days(int(as_of - day.min()), horizon)
    cut = int(as_of - h)
    x, tx, T, actual, seen = calibration_summary(owner, day, n, cut, as_of)
    x, tx, T, actual = x[seen], tx[seen], T[seen], actual[seen]
    n_seen, n_rep = int(seen.sum()), int(np.sum(x > 0))
    if n_seen < min_customers or n_rep < min_repeaters:
        return Backtest(cut, h, n_seen, (), None,
                        f"{n_seen} customers, {n_rep} repeat buyers in the calibration period")
    total = float(actual.sum())
    out = []
    for model in (MBGNBD, PNBD, BGNBD):
        fit, expect = _FITS[model]
        try:
            p = fit(x, tx, T)
            pred = expect(p, float(h), x, tx, T)
            if not np.all(np.isfinite(pred)):
                raise future.FitError("non-finite predictions")
        except (future.FitError, ValueError, FloatingPointError) as exc:
            out.append(Candidate(model, None, None, total, error=str(exc)))
            continue
        out.append(Candidate(model, float(np.sqrt(np.mean((pred - actual) ** 2))), float(pred.sum()),
                             total, _params(p)))
    simple = future.simple_future_value(x, tx, T, np.zeros(len(x)), horizon_days=float(h))[0]
    out.append(Candidate(SIMPLE, float(np.sqrt(np.mean((simple - actual) ** 2))), float(simple.sum()), total))
    base = np.where(T > 0, x / np.where(T > 0, T, 1.0), 0.0) * h
    base_rmse = float(np.sqrt(np.mean((base - actual) ** 2)))
    out.append(Candidate(BASELINE, base_rmse, float(base.sum()), total))
    ok = [c for c in out if c.model in ELIGIBLE and c.rmse is not None]
    chosen = min(ok, key=lambda c: (c.rmse, ELIGIBLE.index(c.model))).model
    return Backtest(cut, h, n_seen, tuple(out), chosen)
