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
ever).  MBG/NBD and Pareto/NBD are each tried with the prior weights of a
change in the purchase rate in the last 12 months (``future.CHANGE_PRIORS``,
0 = a constant rate; see "A change in the last 12 months" in
:mod:`generator.model.future`), and keep the weight with the lowest RMSE; the
RMSE at a constant rate is kept beside it.  The chosen method is the candidate with the lowest RMSE: every method the
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
    change_prior: float | None = None   # the prior weight of a rate change this model keeps (count models)
    rmse_constant: float | None = None  # its RMSE at a constant rate (change_prior 0)


@dataclass(frozen=True)
class Backtest:
    calibration_end: int | None     # day number (days since 1970-01-01), None when not run
    holdout_days: int
    customers: int                  # customers first seen in the calibration period
    candidates: tuple[Candidate, ...]
    chosen: str | None              # MBGNBD, PNBD or SIMPLE; None when the backtest did not run
    reason: str | None = None       # why it did not run, when it did not
    change_prior: float = 0.0       # the chosen model's prior weight of a rate change


def holdout_days(history_days: int, horizon: int = HORIZON_DAYS) -> int:
    """365 days, or half the history when that is shorter (at least 1 day)."""
    return int(max(1, min(horizon, history_days // 2)))


@dataclass(frozen=True)
class Counts:
    """Per customer (0..n-1), the purchase days of the calibration period (up to the cut): their
    number, first and last day number (NaN without one), those in the last ``future.RECENT_DAYS``
    up to the cut; and the purchase days of the holdout. From the rows here
    (:func:`calibration_summary`) or from a database (generator/inputs/aggregate.py, calibration)."""

    days: np.ndarray
    first: np.ndarray
    last: np.ndarray
    holdout: np.ndarray
    late: np.ndarray


def calibration_counts(owner: np.ndarray, day: np.ndarray, n: int, cut: int, end: int) -> Counts:
    """:class:`Counts` from purchase days sorted by customer, then day."""
    cal = day <= cut
    hold = (day > cut) & (day <= end)
    count = np.bincount(owner[cal], minlength=n)
    first = np.full(n, np.inf)
    np.minimum.at(first, owner[cal], day[cal].astype(float))
    last = np.full(n, -np.inf)
    np.maximum.at(last, owner[cal], day[cal].astype(float))
    late = cal & (day > cut - future.RECENT_DAYS)
    return Counts(count, np.where(count > 0, first, np.nan), np.where(count > 0, last, np.nan),
                  np.bincount(owner[hold], minlength=n), np.bincount(owner[late], minlength=n))


def calibration_summary(owner: np.ndarray, day: np.ndarray, n: int, cut: int, end: int):
    """Per customer (0..n-1) from purchase days sorted by customer, then day.

    Returns frequency, recency, T (days, at ``cut``), the holdout count of purchase
    days in ``(cut, end]``, a mask of customers first seen on or before ``cut`` and
    the repeat purchases in the last ``future.RECENT_DAYS`` up to ``cut``.
    """
    return summary_of(calibration_counts(owner, day, n, cut, end), cut)


def summary_of(c: Counts, cut: int):
    """:func:`calibration_summary` from :class:`Counts`."""
    count = np.asarray(c.days, dtype=np.int64)
    seen = count > 0
    first, last = np.where(seen, c.first, 0.0), np.where(seen, c.last, 0.0)
    x = np.where(seen, count - 1, 0).astype(float)
    tx = np.where(seen, last - first, 0).astype(float)
    T = np.where(seen, cut - first, 0).astype(float)
    actual = np.asarray(c.holdout, dtype=float)
    x2 = np.minimum(np.asarray(c.late, dtype=np.int64), count)
    # the first purchase is not a repeat purchase: remove it where it fell in the window
    x2 = np.where(seen & (first > cut - future.RECENT_DAYS), x2 - 1, x2)
    return x, tx, T, actual, seen, np.maximum(x2, 0).astype(float)


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
    return run_counts(calibration_counts(owner, day, n, cut, as_of), int(day.min()), as_of, cut,
                      horizon=horizon, min_customers=min_customers, min_repeaters=min_repeaters)


def run_counts(counts: Counts, start: int, as_of: int, cut: int, *, horizon: int = HORIZON_DAYS,
               min_customers: int = 30, min_repeaters: int = 10) -> Backtest:
    """The backtest on per-customer :class:`Counts` at ``cut`` (``start``: the first purchase day);
    the cut must be the one :func:`run` chooses."""
    h = holdout_days(int(as_of - start), horizon)
    if cut != as_of - h:
        raise ValueError(f"the calibration end {cut} is not {as_of - h}")
    x, tx, T, actual, seen, x2 = summary_of(counts, cut)
    x, tx, T, actual, x2 = x[seen], tx[seen], T[seen], actual[seen], x2[seen]
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
        if model == BGNBD:      # the reference stays the plain model
            out.append(Candidate(model, _rmse(pred, actual), float(pred.sum()), total, _params(p)))
            continue
        tried = []
        for prior in future.CHANGE_PRIORS:
            weight, ratio = future.change_weight(p.r, p.alpha, x, T, x2, prior)
            adjusted = pred * ((1.0 - weight) + weight * ratio)
            tried.append((_rmse(adjusted, actual), future.CHANGE_PRIORS.index(prior), prior, adjusted))
        best = min(tried, key=lambda c: c[:2])
        out.append(Candidate(model, best[0], float(best[3].sum()), total, _params(p),
                             change_prior=best[2], rmse_constant=tried[0][0]))
    simple = future.simple_future_value(x, tx, T, np.zeros(len(x)), horizon_days=float(h))[0]
    out.append(Candidate(SIMPLE, float(np.sqrt(np.mean((simple - actual) ** 2))), float(simple.sum()), total))
    base = np.where(T > 0, x / np.where(T > 0, T, 1.0), 0.0) * h
    base_rmse = float(np.sqrt(np.mean((base - actual) ** 2)))
    out.append(Candidate(BASELINE, base_rmse, float(base.sum()), total))
    ok = [c for c in out if c.model in ELIGIBLE and c.rmse is not None]
    best = min(ok, key=lambda c: (c.rmse, ELIGIBLE.index(c.model)))
    return Backtest(cut, h, n_seen, tuple(out), best.model, change_prior=best.change_prior or 0.0)


def _rmse(pred: np.ndarray, actual: np.ndarray) -> float:
    return float(np.sqrt(np.mean((pred - actual) ** 2)))
