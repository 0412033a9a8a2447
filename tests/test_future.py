"""Tests of the future-value models (BG/NBD + Gamma-Gamma, and the fallback).

Reference points:
* parameters recovered from data simulated with the models' own generative
  processes (seeded);
* Fader, Hardie & Lee (2005) on the CDNOW sample (tests/data/future/);
* Bruce Hardie's BG/NBD spreadsheet values (as quoted in lifetimes' own tests);
* lifetimes 0.11.3 output on CDNOW, frozen in tests/data/future/ (and, when
  lifetimes happens to be installed, recomputed live);
* high-precision mpmath integrals for numerically hard parameter values.
"""
from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.model import future as F
from generator.model.future import (
    BGNBDParams,
    FitError,
    GammaGammaParams,
    bgnbd_expected_purchases,
    bgnbd_expected_purchases_new_customer,
    bgnbd_log_likelihood,
    bgnbd_p_alive,
    fit_bgnbd,
    fit_gamma_gamma,
    future_value,
    gamma_gamma_expected_value,
)

DATA = Path(__file__).parent / "data" / "future"

PAPER_BGNBD = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
PAPER_GG = GammaGammaParams(p=6.25, q=3.74, v=15.44)


# --------------------------------------------------------------------------
# helpers


def simulate_bgnbd(rng, n, r, alpha, a, b, T):
    """Customer summaries from the BG/NBD generative process (vectorised).

    lambda ~ Gamma(r, rate alpha), p ~ Beta(a, b); first purchase at 0, then
    Poisson(lambda) purchases, and after each repeat purchase the customer
    drops out with probability p.  Returns (frequency, recency).
    """
    lam = rng.gamma(r, 1.0 / alpha, n)
    p = rng.beta(a, b, n)
    x = np.zeros(n)
    tx = np.zeros(n)
    t = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    with np.errstate(divide="ignore"):
        mean_gap = 1.0 / lam
    while alive.any():
        idx = np.flatnonzero(alive)
        t_next = t[idx] + rng.exponential(mean_gap[idx])
        within = t_next <= T[idx]
        alive[idx[~within]] = False
        buy = idx[within]
        x[buy] += 1
        tx[buy] = t_next[within]
        t[buy] = t_next[within]
        alive[buy[rng.random(buy.size) < p[buy]]] = False
    return x, tx


def simulate_gamma_gamma(rng, x, p, q, v):
    """Mean of x Gamma(p, nu) purchase values, nu ~ Gamma(q, rate v); 0 if x == 0."""
    nu = rng.gamma(q, 1.0 / v, len(x))
    xs = np.maximum(x, 1)
    return np.where(x > 0, rng.gamma(p * xs, 1.0 / nu) / xs, 0.0)


@pytest.fixture(scope="module")
def cdnow():
    d = pd.read_csv(DATA / "cdnow_summary.csv")
    assert len(d) == 2357
    return d


@pytest.fixture(scope="module")
def cdnow_fit(cdnow):
    return fit_bgnbd(cdnow.frequency, cdnow.recency, cdnow["T"])


@pytest.fixture(scope="module")
def simulated():
    """5,000 customers, days, T uniform on [30, 365]."""
    rng = np.random.default_rng(0)
    n = 5000
    T = rng.uniform(30.0, 365.0, n)
    x, tx = simulate_bgnbd(rng, n, 0.25, 4.0, 0.8, 2.5, T)
    m = simulate_gamma_gamma(rng, x, 6.0, 4.0, 15.0)
    return x, tx, T, m


# --------------------------------------------------------------------------
# 1. recovering known parameters


def test_bgnbd_recovers_simulated_parameters(simulated):
    x, tx, T, _ = simulated
    fit = fit_bgnbd(x, tx, T)
    # Tolerances are ~3 standard deviations of the estimator, measured over
    # 20 seeds of this design (sd: r 2.4%, alpha 5.7%, a 5.4%, b 9.4%).
    assert fit.r == pytest.approx(0.25, rel=0.08)
    assert fit.alpha == pytest.approx(4.0, rel=0.18)
    assert fit.a == pytest.approx(0.8, rel=0.18)
    assert fit.b == pytest.approx(2.5, rel=0.30)
    # It is the maximum: at least as likely as the true parameters.
    true = BGNBDParams(0.25, 4.0, 0.8, 2.5)
    assert bgnbd_log_likelihood(fit, x, tx, T) >= bgnbd_log_likelihood(true, x, tx, T)


def test_gamma_gamma_recovers_simulated_parameters(simulated):
    x, _, _, m = simulated
    fit = fit_gamma_gamma(x, m)
    # ~3 sd over 20 seeds (sd: p 12%, q 3.8%, v 14%, p*v/(q-1) 1.5%); p and
    # v are strongly correlated, the population mean is well determined.
    assert fit.p == pytest.approx(6.0, rel=0.35)
    assert fit.q == pytest.approx(4.0, rel=0.12)
    assert fit.v == pytest.approx(15.0, rel=0.45)
    assert fit.population_mean == pytest.approx(6.0 * 15.0 / 3.0, rel=0.05)
    true = GammaGammaParams(6.0, 4.0, 15.0)
    assert F.gamma_gamma_log_likelihood(fit, x, m) >= F.gamma_gamma_log_likelihood(true, x, m)


def test_fit_is_invariant_to_the_time_unit(cdnow, cdnow_fit):
    x, tx, T = cdnow.frequency, cdnow.recency, cdnow["T"]
    weeks = cdnow_fit
    days = fit_bgnbd(x, tx * 7, T * 7)
    assert days.alpha == pytest.approx(weeks.alpha * 7, rel=1e-5)
    for name in ("r", "a", "b"):
        assert getattr(days, name) == pytest.approx(getattr(weeks, name), rel=1e-5)


def test_model_limits_are_accepted_but_degenerate_fits_are_not():
    # Everyone buys at the same rate (0.1/day) and (almost) nobody drops out:
    # the MLE lies at the Poisson limit r, alpha -> inf and/or a -> 0.
    rng = np.random.default_rng(3)
    T = rng.uniform(100, 400, 1000)
    x, tx = simulate_bgnbd(rng, 1000, 1e4, 1e5, 1e-3, 1e4, T)
    fit = fit_bgnbd(x, tx, T)
    assert fit.r / fit.alpha == pytest.approx(0.1, rel=0.05)
    e = bgnbd_expected_purchases(fit, 365, x, tx, T)
    assert np.all(np.isfinite(e)) and e.mean() == pytest.approx(36.5, rel=0.05)
    # Degenerate: every repeat buyer made all purchases within a minute of the
    # first one -> alpha runs to 0 -> FitError, and future_value falls back.
    x2 = np.r_[np.full(50, 5.0), np.zeros(50)]
    tx2 = np.r_[np.full(50, 1e-3), np.zeros(50)]
    T2 = np.full(100, 300.0)
    with pytest.raises(FitError, match="lower bound of alpha"):
        fit_bgnbd(x2, tx2, T2)
    fv = future_value(x2, tx2, T2, np.r_[np.full(50, 10.0), np.zeros(50)])
    assert fv.method == "simple" and "fit failed" in str(fv.note)


def test_second_optimiser_takes_over(cdnow, cdnow_fit):
    # SLSQP stopped after one iteration does not converge: L-BFGS-B must finish.
    stopped = (("SLSQP", {"maxiter": 1}),)
    fit = fit_bgnbd(cdnow.frequency, cdnow.recency, cdnow["T"], optimisers=stopped + F.OPTIMISERS[1:])
    for name in ("r", "alpha", "a", "b"):
        assert getattr(fit, name) == pytest.approx(getattr(cdnow_fit, name), rel=1e-5)
    with pytest.raises(FitError, match="did not converge"):
        fit_bgnbd(cdnow.frequency, cdnow.recency, cdnow["T"], optimisers=stopped)


# --------------------------------------------------------------------------
# 2. the published CDNOW results


def test_cdnow_bgnbd_matches_paper(cdnow, cdnow_fit):
    fit = cdnow_fit
    # The paper reports 3 decimals: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426.
    assert fit.r == pytest.approx(0.243, abs=6e-4)
    assert fit.alpha == pytest.approx(4.414, abs=6e-4)
    assert fit.a == pytest.approx(0.793, abs=6e-4)
    assert fit.b == pytest.approx(2.426, abs=6e-4)
    ll = bgnbd_log_likelihood(fit, cdnow.frequency, cdnow.recency, cdnow["T"])
    assert ll == pytest.approx(-9582.4, abs=0.05)


def test_cdnow_gamma_gamma_matches_paper(cdnow):
    fit = fit_gamma_gamma(cdnow.frequency, cdnow.monetary_value)
    # "RFM and CLV": p = 6.25, q = 3.74, gamma = 15.44 on the 946 repeat buyers.
    assert int(((cdnow.frequency > 0) & (cdnow.monetary_value > 0)).sum()) == 946
    assert fit.p == pytest.approx(6.25, abs=5e-3)
    assert fit.q == pytest.approx(3.74, abs=5e-3)
    assert fit.v == pytest.approx(15.44, abs=1e-2)


def test_cdnow_hardie_spreadsheet_values(cdnow_fit):
    # Hardie's BG/NBD spreadsheet (quoted in lifetimes' test suite), with the
    # unrounded MLE: a customer with x=2, t_x=30.43, T=38.86 weeks expects
    # 1.226 purchases in the next 39 weeks, and a new customer E[X(t)] is
    # tabulated at these times.
    e = bgnbd_expected_purchases(cdnow_fit, 39, 2, 30.43, 38.86)
    assert e[0] == pytest.approx(1.226, abs=5e-4)
    times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0]
    expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576]
    got = bgnbd_expected_purchases_new_customer(cdnow_fit, times)
    np.testing.assert_allclose(got[:5], expected[:5], atol=6e-5)
    # At 78 weeks the sheet says 1.8576; the exact value (30-digit mpmath
    # 2F1 at these parameters) is 1.857971794591629, which we match.
    assert got[5] == pytest.approx(1.8576, abs=5e-4)
    assert got[5] == pytest.approx(1.857971794591629, rel=1e-6)


# --------------------------------------------------------------------------
# 3. agreement with lifetimes


def test_matches_frozen_lifetimes_output(cdnow):
    ref = pd.read_csv(DATA / "lifetimes_reference_cdnow.csv")
    assert (ref.id.values == cdnow.id.values).all()
    x, tx, T = cdnow.frequency, cdnow.recency, cdnow["T"]
    for t in (1, 39):
        np.testing.assert_allclose(
            bgnbd_expected_purchases(PAPER_BGNBD, t, x, tx, T), ref[f"exp_purchases_t{t}"],
            rtol=1e-8)
    np.testing.assert_allclose(bgnbd_p_alive(PAPER_BGNBD, x, tx, T), ref.p_alive, rtol=1e-9)
    np.testing.assert_allclose(
        gamma_gamma_expected_value(PAPER_GG, x, cdnow.monetary_value), ref.exp_avg_value,
        rtol=1e-9)


def test_matches_live_lifetimes_if_installed(cdnow, cdnow_fit):
    lifetimes = pytest.importorskip("lifetimes", reason="lifetimes is an optional test reference")
    x, tx, T, m = cdnow.frequency, cdnow.recency, cdnow["T"], cdnow.monetary_value
    bgf = lifetimes.BetaGeoFitter().fit(x, tx, T)
    ours = cdnow_fit
    for name in ("r", "alpha", "a", "b"):
        assert getattr(ours, name) == pytest.approx(bgf.params_[name], rel=1e-4)
    np.testing.assert_allclose(
        bgnbd_expected_purchases(ours, 52, x, tx, T),
        np.asarray(bgf.conditional_expected_number_of_purchases_up_to_time(52, x, tx, T)),
        rtol=1e-4)
    np.testing.assert_allclose(
        bgnbd_p_alive(ours, x, tx, T), np.asarray(bgf.conditional_probability_alive(x, tx, T)),
        rtol=1e-4)
    rep = (x > 0) & (m > 0)
    ggf = lifetimes.GammaGammaFitter().fit(x[rep], m[rep])
    ours_gg = fit_gamma_gamma(x, m)
    for name in ("p", "q", "v"):
        assert getattr(ours_gg, name) == pytest.approx(ggf.params_[name], rel=1e-3)


# --------------------------------------------------------------------------
# numerics


def test_analytic_gradients_match_finite_differences(cdnow):
    x, tx, T = F._rft(cdnow.frequency, cdnow.recency, cdnow["T"])
    data = F._BGNBDData(x, tx, T)
    th = np.array([0.3, 5.0, 0.7, 2.0])
    _, g = F._bgnbd_ll_and_grad(*th, data)
    for i in range(4):
        h = np.zeros(4)
        h[i] = 1e-6 * th[i]
        num = (F._bgnbd_ll_and_grad(*(th + h), data)[0]
               - F._bgnbd_ll_and_grad(*(th - h), data)[0]) / (2 * h[i])
        assert g[i] == pytest.approx(num, rel=1e-5, abs=1e-5)
    gd = F._GGData(*F._gamma_gamma_inputs(cdnow.frequency, cdnow.monetary_value))
    th = np.array([5.0, 3.0, 12.0])
    _, g = F._gg_ll_and_grad(*th, gd)
    for i in range(3):
        h = np.zeros(3)
        h[i] = 1e-6 * th[i]
        num = (F._gg_ll_and_grad(*(th + h), gd)[0] - F._gg_ll_and_grad(*(th - h), gd)[0]) / (2 * h[i])
        assert g[i] == pytest.approx(num, rel=1e-5)


@pytest.mark.parametrize(
    "params, t, x, T, expected_if_alive",
    [
        # E[Y(t) | alive] from 30-digit mpmath integrals over logit(p).
        ((0.1, 1.0, 0.2, 0.5), 365.0, 0, 0.0, 11.5895853198376),  # a+b+x-1 < 0, 2F1 < 0
        ((5.0, 300.0, 0.05, 1000.0), 3650.0, 300, 1.0, 3550.29251613523),  # textbook form overflows
        ((1.2, 2.0, 0.2, 7900.0), 3650.0, 5, 1.0, 6957.33091982171),  # scipy hyp2f1 gives nan
        ((0.4, 0.03, 0.08, 1000.0), 3650.0, 1, 0.0, 119482.388543473),  # scipy hyp2f1 gives nan
        ((0.243, 4.414, 0.793, 2.426), 39.0, 2, 38.86, 1.68739930580531),
    ],
)
def test_expected_purchases_in_hard_corners(params, t, x, T, expected_if_alive):
    p = BGNBDParams(*params)
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")  # no floating-point trouble may escape
        e = bgnbd_expected_purchases(p, t, x, T, T)[0]
        alive = bgnbd_p_alive(p, x, T, T)[0]
    assert e / alive == pytest.approx(expected_if_alive, rel=1e-9)


def test_closed_form_and_quadrature_agree():
    rng = np.random.default_rng(5)
    x = rng.choice([0, 1, 2, 5, 20, 80], 60).astype(float)
    T = rng.uniform(0, 700, 60)
    t = np.full(60, 365.0)
    for params in (BGNBDParams(0.4, 60.0, 0.7, 3.0), BGNBDParams(2.0, 10.0, 3.0, 40.0),
                   BGNBDParams(0.2, 0.5, 0.3, 0.4), BGNBDParams(1.0, 30.0, 1.2, 1.5)):
        closed = F._expected_if_alive_hyp2f1(params, t, x, T)
        quad = F._expected_if_alive_quadrature(params, t, x, T)
        np.testing.assert_allclose(closed, quad, rtol=1e-8)


def test_expectation_is_continuous_through_a_equal_one():
    x = np.array([0.0, 1.0, 4.0, 30.0])
    tx = np.array([0.0, 100.0, 200.0, 290.0])
    T = np.array([50.0, 300.0, 300.0, 300.0])
    vals = [bgnbd_expected_purchases(BGNBDParams(0.5, 40.0, a, 2.0), 365, x, tx, T)
            for a in (1 - 2e-4, 1 - 1e-6, 1.0, 1 + 1e-6, 1 + 2e-4)]
    for v in vals[1:]:
        np.testing.assert_allclose(v, vals[0], rtol=1e-3)
    np.testing.assert_allclose(vals[2], 0.5 * (vals[1] + vals[3]), rtol=1e-7)
    assert np.all(np.isfinite(vals[2]))


# --------------------------------------------------------------------------
# 4. edge cases


def test_p_alive_is_one_without_repeat_purchases():
    p = PAPER_BGNBD
    got = bgnbd_p_alive(p, [0, 0, 0], [0, 0, 0], [0.0, 1.0, 100.0])
    np.testing.assert_array_equal(got, [1.0, 1.0, 1.0])
    # Hand check for x=1, t_x=2, T=10: 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
    want = 1.0 / (1.0 + p.a / p.b * ((p.alpha + 10) / (p.alpha + 2)) ** (p.r + 1))
    assert bgnbd_p_alive(p, 1, 2, 10)[0] == pytest.approx(want, rel=1e-12)
    # more time since the last purchase -> less likely alive
    seq = bgnbd_p_alive(p, [3, 3, 3], [30, 20, 5], [30, 30, 30])
    assert seq[0] > seq[1] > seq[2] > 0


def test_frequency_zero_and_report_day_customers():
    p = BGNBDParams(0.4, 60.0, 0.7, 3.0)
    # x = 0 customers: E[Y(t) | 0, 0, T] = E[X(t)] of a new customer when T = 0,
    # and falls with T (a long silence makes a low rate more likely).
    e = bgnbd_expected_purchases(p, 365, [0, 0, 0], [0, 0, 0], [0.0, 100.0, 1000.0])
    assert e[0] == pytest.approx(bgnbd_expected_purchases_new_customer(p, 365)[0], rel=1e-12)
    assert e[0] > e[1] > e[2] > 0
    # T <= 0 (bought only on the report date) works; negative T counts as 0
    e2 = bgnbd_expected_purchases(p, 365, [0, 0], [0, 0], [0.0, -1.0])
    assert np.all(np.isfinite(e2)) and e2[0] == e2[1]
    # horizon 0 gives 0
    assert bgnbd_expected_purchases(p, 0, [3], [10], [20])[0] == 0.0


def test_gamma_gamma_expected_value_by_hand():
    g = GammaGammaParams(p=6.0, q=4.0, v=15.0)
    pop = 6.0 * 15.0 / 3.0
    got = gamma_gamma_expected_value(g, [0, 1, 4, 2, 3], [0.0, 20.0, 50.0, np.nan, -5.0])
    w1 = 6.0 / (6.0 + 3.0)
    w4 = 24.0 / (24.0 + 3.0)
    w3 = 18.0 / 21.0
    np.testing.assert_allclose(got, [pop, (1 - w1) * pop + w1 * 20.0,
                                     (1 - w4) * pop + w4 * 50.0, pop, (1 - w3) * pop])
    assert g.population_mean == pytest.approx(pop)
    with pytest.raises(ValueError):
        gamma_gamma_expected_value(GammaGammaParams(1.0, 0.9, 1.0), [1], [1.0])


def test_fit_errors():
    with pytest.raises(FitError):
        fit_bgnbd([0, 0, 0], [0, 0, 0], [10, 20, 30])
    with pytest.raises(FitError):
        fit_bgnbd([], [], [])
    with pytest.raises(FitError):
        fit_gamma_gamma([1, 0], [10.0, 0.0])
    with pytest.raises(FitError):
        fit_gamma_gamma([1, 2, 3], [10.0, 10.0, 10.0])


def test_input_validation():
    with pytest.raises(ValueError):
        bgnbd_p_alive(PAPER_BGNBD, [1, 2], [1], [3, 4])
    with pytest.raises(ValueError):
        fit_bgnbd([1, np.nan], [1, 1], [3, 4])
    with pytest.raises(ValueError):
        future_value([1], [1], [2], [1.0, 2.0])


def test_fallback_on_tiny_data_set_by_hand():
    # 5 customers, days: too few for the models.
    freq = np.array([0, 1, 3, 0, 2])
    rec = np.array([0.0, 20.0, 60.0, 0.0, 10.0])
    T = np.array([10.0, 100.0, 90.0, 0.0, 200.0])
    mon = np.array([0.0, 40.0, 25.0, 0.0, 10.0])
    fv = future_value(freq, rec, T, mon)
    assert fv.method == "simple"
    assert fv.bgnbd is None and fv.gamma_gamma is None
    assert "only 5 customers" in str(fv.note) and "Simple method" in str(fv.note)
    assert "exp(-(T - recency) / gap)" in str(fv.note)
    # by hand: pooled gap = (20+60+10)/(1+3+2) = 15 days
    gap = np.array([15.0, 20.0, 20.0, 15.0, 5.0])
    since = T - rec
    activity = np.exp(-since / gap)
    rate = (freq + 1) / np.maximum(T, 30.0)
    purchases = rate * 365.0 * activity
    value = np.array([25.0, 40.0, 25.0, 25.0, 10.0])  # population mean 25 for one-time buyers
    np.testing.assert_allclose(fv.p_alive, activity)
    np.testing.assert_allclose(fv.expected_purchases_12m, purchases)
    np.testing.assert_allclose(fv.expected_revenue_12m, purchases * value)
    # the report-day customer (T = 0) is 'active' and bought once in a 30-day window
    assert fv.p_alive[3] == 1.0
    assert fv.expected_purchases_12m[3] == pytest.approx(365.0 / 30.0)


def test_fallback_without_repeat_buyers():
    n = 50
    fv = future_value(np.zeros(n), np.zeros(n), np.linspace(0, 400, n), np.zeros(n))
    assert fv.method == "simple"
    assert "only 0 customers bought more than once" in str(fv.note)
    # no repeat buyers: the gap is the horizon, the order value unknown (0)
    np.testing.assert_allclose(fv.p_alive, np.exp(-np.linspace(0, 400, n) / 365.0))
    assert np.all(fv.expected_revenue_12m == 0.0)
    assert not np.any(np.isnan(fv.expected_purchases_12m))


def test_absurd_gamma_gamma_parameters_are_refused():
    # q <= 1: the expected order value has no finite mean; the model falls back to the simple
    # method with this reason (a failing BG/NBD fit: test_model_limits_are_accepted_but_degenerate_fits_are_not)
    assert "q = 0.8 <= 1" in str(F._gg_params_usable(GammaGammaParams(2.0, 0.8, 5.0)))
    assert not F._gg_params_usable(GammaGammaParams(2.0, 3.0, 5.0))


def test_future_value_full_model(simulated):
    x, tx, T, m = simulated
    # add customers who bought only on the report date
    x = np.concatenate([x, [0, 0]])
    tx = np.concatenate([tx, [0.0, 0.0]])
    T = np.concatenate([T, [0.0, 0.0]])
    m = np.concatenate([m, [0.0, np.nan]])
    fv = future_value(pd.Series(x), pd.Series(tx), pd.Series(T), pd.Series(m))
    assert fv.method == "mbgnbd+gamma_gamma" and fv.bgnbd is None
    assert "MBG/NBD + Gamma-Gamma" in str(fv.note)
    for arr in (fv.expected_purchases_12m, fv.expected_revenue_12m, fv.p_alive):
        assert arr.shape == x.shape
        assert np.all(np.isfinite(arr)) and np.all(arr >= 0)
    # MBG/NBD: a one-time buyer can be gone too (BG/NBD would say 1.0)
    assert np.all(fv.p_alive[(x == 0) & (T > 0)] < 1.0)
    np.testing.assert_allclose(
        fv.expected_purchases_12m, F.mbgnbd_expected_purchases(fv.counting, 365.0, x, tx, T))
    np.testing.assert_allclose(fv.p_alive, F.mbgnbd_p_alive(fv.counting, x, tx, T))
    np.testing.assert_allclose(
        fv.expected_revenue_12m,
        fv.expected_purchases_12m * gamma_gamma_expected_value(fv.gamma_gamma, x, m))
    # report-day customers get the population mean value (shrunk estimate), never their own order
    assert fv.expected_revenue_12m[-1] == pytest.approx(
        fv.expected_purchases_12m[-1] * fv.gamma_gamma.population_mean)
    pn = future_value(x, tx, T, m, model="pnbd")
    assert pn.method == "pnbd+gamma_gamma" and "Pareto/NBD + Gamma-Gamma" in str(pn.note)
    np.testing.assert_allclose(pn.p_alive, F.pnbd_p_alive(pn.counting, x, tx, T))
    with pytest.raises(ValueError, match="unknown future-value model"):
        future_value(x, tx, T, m, model="bgnbd")
    simple = future_value(x, tx, T, m, model=None, why_simple=F.Message("why.backtest_simple_best"))
    assert simple.method == "simple" and "predicted the backtest's holdout purchases better" in str(simple.note)


def test_100k_simulated_customers_give_back_their_parameters():
    # (its time is the benchmark's business: benchmarks/run.py times the measures stage)
    rng = np.random.default_rng(1)
    n = 100_000
    T = rng.integers(0, 3 * 365, n).astype(float)
    x, tx = simulate_bgnbd(rng, n, 0.4, 60.0, 0.7, 3.0, T)
    m = simulate_gamma_gamma(rng, x, 4.0, 3.0, 300.0)
    fit = fit_bgnbd(x, np.round(tx), T)
    assert fit.r == pytest.approx(0.4, rel=0.1)
    assert fit.alpha == pytest.approx(60.0, rel=0.15)
    pg = fit_gamma_gamma(x, m)
    assert pg.p == pytest.approx(4.0, rel=0.1) and pg.q == pytest.approx(3.0, rel=0.15)


def test_the_module_cites_its_models_and_a_gamma_gamma_mean_can_be_infinite():
    assert F.__doc__ and "Fader" in F.__doc__
    assert math.isinf(GammaGammaParams(1.0, 1.0, 1.0).population_mean)


# --------------------------------------------------------------------------
# MBG/NBD, Pareto/NBD and the backtest (issue 15)

from scipy import integrate  # noqa: E402

from generator.model import backtest as B  # noqa: E402
from generator.model.future import MBGNBDParams, ParetoNBDParams  # noqa: E402

#: Fader, Hardie & Lee (2005, "A note on deriving the Pareto/NBD model"; and "RFM and CLV", JMR 42(4)):
#: Pareto/NBD on the CDNOW sample, weeks, log-likelihood -9595.0
PAPER_PNBD = ParetoNBDParams(r=0.55, alpha=10.58, s=0.61, beta=11.67)
#: MBG/NBD on CDNOW as fitted by BTYDplus (Platzer) and asserted in lifetimes' own test suite
#: (tests/test_estimation.py, test_params_out_is_close_to_BTYDplus): r, alpha, a, b
BTYDPLUS_MBGNBD = MBGNBDParams(r=0.525, alpha=6.183, a=0.891, b=1.614)


def test_cdnow_pareto_nbd_matches_paper(cdnow):
    fit = F.fit_pareto_nbd(cdnow.frequency, cdnow.recency, cdnow["T"])
    for name in ("r", "alpha", "s", "beta"):
        assert getattr(fit, name) == pytest.approx(getattr(PAPER_PNBD, name), abs=0.006)
    ll = F.pnbd_log_likelihood(fit, cdnow.frequency, cdnow.recency, cdnow["T"])
    assert ll == pytest.approx(-9595.0, abs=0.1)


def test_cdnow_mbgnbd_matches_btydplus(cdnow):
    fit = F.fit_mbgnbd(cdnow.frequency, cdnow.recency, cdnow["T"])
    for name in ("r", "alpha", "a", "b"):
        assert getattr(fit, name) == pytest.approx(getattr(BTYDPLUS_MBGNBD, name), abs=6e-4)


def _pnbd_plain(p, x, tx, T):
    """Pareto/NBD likelihood and P(alive) straight from the definition, with scipy's quad."""
    r, alpha, s, beta = p.r, p.alpha, p.s, p.beta
    c = math.exp(math.lgamma(r + x) - math.lgamma(r)) * alpha ** r * beta ** s
    alive = (alpha + T) ** -(r + x) * (beta + T) ** -s
    died = s * integrate.quad(lambda u: (alpha + u) ** -(r + x) * (beta + u) ** -(s + 1), tx, T,
                              epsabs=0, epsrel=1e-12, limit=200)[0] if T > tx else 0.0
    return c * (alive + died), alive / (alive + died)


@pytest.mark.parametrize("x, tx, T", [(2, 30.43, 38.86), (0, 0.0, 38.86), (0, 0.0, 890.0), (40, 35.0, 39.0),
                                      (1, 1.0, 300.0), (5, 299.0, 300.0), (3, 10.0, 10.0)])
@pytest.mark.parametrize("params", [PAPER_PNBD, ParetoNBDParams(2.2, 70.0, 0.3, 900.0),
                                    ParetoNBDParams(0.5, 20.0, 3.0, 5.0)])
def test_pareto_nbd_against_plain_integration(params, x, tx, T):
    like, alive = _pnbd_plain(params, x, tx, T)
    got = F.pnbd_log_likelihood(params, [x], [tx], [T])
    assert got == pytest.approx(math.log(like), abs=1e-7)
    assert F.pnbd_p_alive(params, [x], [tx], [T])[0] == pytest.approx(alive, rel=1e-7)


def test_pareto_nbd_expectation_by_hand():
    # E[Y(t)] = P(alive) (r+x)(beta+T)/((alpha+T)(s-1)) (1 - ((beta+T)/(beta+T+t))^(s-1))
    p = ParetoNBDParams(r=1.0, alpha=10.0, s=2.0, beta=20.0)
    x, tx, T, t = 3, 20.0, 30.0, 10.0
    alive = F.pnbd_p_alive(p, [x], [tx], [T])[0]
    by_hand = alive * 4 * 50 / 40 * (1 - 50 / 60)
    assert F.pnbd_expected_purchases(p, t, [x], [tx], [T])[0] == pytest.approx(by_hand, rel=1e-12)
    # s = 1: the limit (r+x)(beta+T)/(alpha+T) log((beta+T+t)/(beta+T))
    p1 = ParetoNBDParams(r=1.0, alpha=10.0, s=1.0, beta=20.0)
    alive1 = F.pnbd_p_alive(p1, [x], [tx], [T])[0]
    assert F.pnbd_expected_purchases(p1, t, [x], [tx], [T])[0] == pytest.approx(
        alive1 * 4 * 50 / 40 * math.log(60 / 50), rel=1e-12)


def test_mbgnbd_p_alive_and_expectation_by_hand():
    p = MBGNBDParams(r=2.0, alpha=10.0, a=1.5, b=3.0)
    # one-time buyer, T = 30: P(alive) = 1 / (1 + a/b ((alpha+T)/alpha)^r) = 1 / (1 + 0.5 * 16) = 1/9
    assert F.mbgnbd_p_alive(p, [0], [0], [30.0])[0] == pytest.approx(1 / 9, rel=1e-12)
    # x = 2, t_x = 20, T = 30: 1 / (1 + 1.5/5 (40/30)^4)
    assert F.mbgnbd_p_alive(p, [2], [20.0], [30.0])[0] == pytest.approx(1 / (1 + 0.3 * (4 / 3) ** 4), rel=1e-12)
    # expectation against the lifetimes form with scipy's hyp2f1 (textbook, fine for these values)
    from scipy.special import hyp2f1
    x, tx, T, t = 2, 20.0, 30.0, 15.0
    r, alpha, a, b = 2.0, 10.0, 1.5, 3.0
    hyp = hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t))
    ref = ((a + b + x) / (a - 1) * (1 - hyp * ((alpha + T) / (alpha + t + T)) ** (r + x))
           / (1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x)))
    assert F.mbgnbd_expected_purchases(p, t, [x], [tx], [T])[0] == pytest.approx(ref, rel=1e-10)


def test_analytic_gradients_of_the_new_models(cdnow):
    x, tx, T = F._rft(cdnow.frequency, cdnow.recency, cdnow["T"])
    for rows, th in ((F._mbgnbd_ll_grad_rows, np.array([0.5, 9.0, 0.7, 1.4])),
                     (F._pnbd_ll_grad_rows, np.array([0.5, 9.0, 0.7, 11.0]))):
        g = rows(*th, x, tx, T)[1].sum(axis=0)
        for i in range(4):
            e = np.zeros(4)
            e[i] = 1e-6 * th[i]
            num = (rows(*(th + e), x, tx, T)[0].sum() - rows(*(th - e), x, tx, T)[0].sum()) / (2 * e[i])
            assert g[i] == pytest.approx(num, rel=1e-5, abs=1e-4)


def test_one_time_buyer_long_ago_is_probably_gone(cdnow):
    # K0055 in the sample: one purchase, 890 days ago. BG/NBD says 1.0; MBG/NBD and Pareto/NBD do not.
    days = cdnow.assign(recency=cdnow.recency * 7, T=cdnow["T"] * 7)
    mbg = F.fit_mbgnbd(days.frequency, days.recency, days["T"])
    pn = F.fit_pareto_nbd(days.frequency, days.recency, days["T"])
    assert F.bgnbd_p_alive(PAPER_BGNBD, [0], [0], [890 / 7])[0] == 1.0
    assert F.mbgnbd_p_alive(mbg, [0], [0], [890.0])[0] < 0.5
    assert F.pnbd_p_alive(pn, [0], [0], [890.0])[0] < 0.5


# the backtest ---------------------------------------------------------------


def test_calibration_summary_by_hand():
    # customer 0 buys on days 0, 10, 40 (cut 20): x = 1, t_x = 10, T = 20, holdout 1 (day 40)
    # customer 1 first buys on day 25 (after the cut): not in the backtest
    # customer 2 buys on day 5 only: x = 0, t_x = 0, T = 15, holdout 0; day 60 is after the end
    owner = np.array([0, 0, 0, 1, 2, 2])
    day = np.array([0, 10, 40, 25, 5, 60])
    x, tx, T, actual, seen, _ = B.calibration_summary(owner, day, 3, cut=20, end=50)
    assert seen.tolist() == [True, False, True]
    assert x[seen].tolist() == [1, 0] and tx[seen].tolist() == [10, 0] and T[seen].tolist() == [20, 15]
    assert actual[seen].tolist() == [1, 0]
    assert B.holdout_days(1000) == 365 and B.holdout_days(400) == 200 and B.holdout_days(1) == 1


def _simulate_days(rng, n, model, history=1460):
    """Purchase days (owner, day sorted) of ``n`` customers born uniformly over the history."""
    birth = rng.integers(0, history - 30, n)
    window = (history - birth).astype(float)
    lam = rng.gamma(1.5, 1.0 / 40.0, n)                     # about one purchase per 27 days
    if model == "pnbd":
        life = rng.exponential(1.0 / rng.gamma(1.0, 1.0 / 200.0, n))   # mean lifetime ~200 days
    else:                                                               # mbgnbd: drop out after each purchase
        p = rng.beta(1.0, 6.0, n)
        life = np.where(rng.random(n) < p, 0.0, np.inf)
        k = rng.geometric(np.clip(p, 1e-9, 1.0))            # purchases until dropping out
        life = np.where(np.isfinite(life), 0.0, k / lam)    # approximately the time of the k-th purchase
    span = np.minimum(life, window)
    count = rng.poisson(lam * span)
    owner = np.repeat(np.arange(n), count + 1)
    offset = np.concatenate([[0.0] if c == 0 else np.r_[0.0, rng.uniform(0, s, c)]
                             for c, s in zip(count, span)])
    day = birth[owner] + np.floor(offset).astype(int)
    order = np.lexsort((day, owner))
    owner, day = owner[order], day[order]
    keep = np.r_[True, (owner[1:] != owner[:-1]) | (day[1:] != day[:-1])]
    return owner[keep], day[keep], history


@pytest.mark.parametrize("model", ["pnbd", "mbgnbd"])
def test_backtest_picks_a_model_on_data_with_drop_out(model):
    owner, day, end = _simulate_days(np.random.default_rng(5), 3000, model)
    bt = B.run(owner, day, 3000, end)
    assert bt.holdout_days == 365 and bt.calibration_end == end - 365
    rmse = {c.model: c.rmse for c in bt.candidates}
    assert set(rmse) == {"mbgnbd", "pnbd", "simple", "bgnbd", "baseline"}
    # data with drop-out: the generating model predicts best, better than the simple method and the
    # naive baseline (simulated from MBG/NBD, BG/NBD may do as well: it is never chosen)
    assert bt.chosen == model
    assert rmse[bt.chosen] < rmse["baseline"] and rmse[bt.chosen] < rmse["simple"]
    assert rmse[bt.chosen] == min(rmse["mbgnbd"], rmse["pnbd"], rmse["simple"])
    actual = {c.actual_total for c in bt.candidates}
    assert len(actual) == 1
    chosen = next(c for c in bt.candidates if c.model == bt.chosen)
    assert chosen.predicted_total == pytest.approx(actual.pop(), rel=0.15)


def test_backtest_never_chooses_bgnbd_and_says_why_it_did_not_run():
    bt = B.run(np.array([0, 0, 1]), np.array([0, 5, 3]), 2, 100)
    assert bt.chosen is None and bt.candidates == () and "customers" in bt.reason
    assert "bgnbd" not in B.ELIGIBLE


def test_report_json_future_part_by_hand():
    from types import SimpleNamespace

    from generator.render.exports import _future
    bt = B.Backtest(calibration_end=20269, holdout_days=365, customers=232, chosen="pnbd", candidates=(
        B.Candidate("mbgnbd", 4.2, 2683.0, 2591.0, {"r": 2.2, "alpha": 70.0, "a": 0.1, "b": 20.0}),
        B.Candidate("pnbd", 4.1, 2675.0, 2591.0, {"r": 2.2, "alpha": 70.0, "s": 2.0, "beta": 900.0}),
        B.Candidate("bgnbd", None, None, 2591.0, error="BG/NBD fit did not converge"),
        B.Candidate("baseline", 4.15, 2670.0, 2591.0)))
    report = SimpleNamespace(future_method="pnbd+gamma_gamma", future_backtest=bt,
                             future_params={"r": 2.0, "alpha": 71.0, "s": 1.5, "beta": 800.0})
    doc = _future(report)
    assert doc["method"] == "pnbd+gamma_gamma" and doc["params"]["beta"] == 800.0
    b = doc["backtest"]
    assert b["calibration_end"] == "2025-06-30"          # day 20269 after 1970-01-01
    assert b["holdout_days"] == 365 and b["chosen"] == "pnbd" and b["customers"] == 232
    assert b["models"]["pnbd"] == {"rmse": 4.1, "predicted_total": 2675.0, "actual_total": 2591.0,
                                   "params": {"r": 2.2, "alpha": 70.0, "s": 2.0, "beta": 900.0}}
    assert b["models"]["bgnbd"]["rmse"] is None and "converge" in b["models"]["bgnbd"]["error"]
    assert b["models"]["baseline"]["params"] is None
    assert _future(SimpleNamespace(future_method="simple", future_backtest=None, future_params={})) == \
        {"method": "simple", "params": {}, "backtest": None}


def test_a_one_time_buyers_order_value_is_its_one_order_shrunk_towards_the_population():
    # p = 6, q = 4, v = 150: population mean 6 * 150 / 3 = 300; one order of 120 weighs 6 / (6 + 3) = 2/3
    pg = GammaGammaParams(6.0, 4.0, 150.0)
    value = gamma_gamma_expected_value(pg, [0, 0, 2], [0.0, 0.0, 90.0], first=[120.0, np.nan, 500.0])
    assert value[0] == pytest.approx(300 / 3 + 120 * 2 / 3)       # 180: between its order and the population
    assert value[1] == pytest.approx(300.0)                      # no first order known: the population's
    assert value[2] == pytest.approx(300 * 3 / 15 + 90 * 12 / 15)  # repeat buyers: their own repeats, as before


# a change in the last 12 months -----------------------------------------------


def test_change_weight_by_hand():
    # r = 1, alpha = 1, x = 2 repeat purchases over T = 3 days, none in the last day (days = 1):
    # m0 = G(3)/G(1) * 1/4^3 = 1/32; m1 = [G(3)/G(1) * 1/3^3] * [1/2] = 1/27
    # P(change) at prior 1/2 = (1/27) / (1/27 + 1/32) = 32/59; the rate ratio (1/2) / (3/4) = 2/3
    weight, ratio = F.change_weight(1.0, 1.0, [2], [3.0], [0], 0.5, days=1.0)
    assert weight[0] == pytest.approx(32 / 59, rel=1e-12) and ratio[0] == pytest.approx(2 / 3, rel=1e-12)
    # prior 0: no change; prior 1: a change for every customer with a history to change from
    assert F.change_weight(1.0, 1.0, [2], [3.0], [0], 0.0, days=1.0)[0].tolist() == [0.0]
    assert F.change_weight(1.0, 1.0, [2, 0, 3], [3.0, 5.0, 0.5], [0, 0, 1], 1.0, days=1.0)[0].tolist() == \
        [1.0, 0.0, 0.0]          # no repeat purchase, or younger than the window: nothing to change from
    # the average of both hypotheses: purchases 6 and value 10 (no change), ratio 2/3 and value 4 (change)
    purchases, revenue = F.with_change([6.0], [10.0], np.array([0.25]), np.array([2 / 3]), np.array([4.0]))
    assert purchases[0] == pytest.approx(6 * (0.75 + 0.25 * 2 / 3))
    assert revenue[0] == pytest.approx(6 * (0.75 * 10 + 0.25 * 2 / 3 * 4))
    with pytest.raises(ValueError):
        F.change_weight(1.0, 1.0, [2], [3.0], [3], 0.5)           # more recent than all repeat purchases


def test_the_recent_order_value_is_weighed_against_the_customers_own_earlier_orders():
    """Under 'changed 12 months ago' the recent purchases' mean is weighed as Gamma-Gamma weighs a
    customer's mean, but against the customer's own earlier level, not the population's (the
    sample's K0057: six earlier orders of ~199 and one recent of 112 were forecast at 617 a purchase)."""
    pg = F.GammaGammaParams(p=2.0, q=3.0, v=100.0)           # the population's mean: 2 * 100 / 2 = 100
    got = F.recent_order_value(pg, [6, 4, 2, 0], [200.0, 80.0, 300.0, np.nan], [1, 0, 2, 0],
                               [110.0, np.nan, 300.0, np.nan], [150.0, 60.0, 50.0, 70.0],
                               np.array([-1.0, -2.0, -3.0, -4.0]))
    # 1: earlier 5 repeats of (6*200 - 110)/5 = 218 -> (10/12) 218 + (2/12) 100 = 198.33; recent weight
    #    2/(2+2) = 1/2 -> 110/2 + 198.33/2 = 154.17 (against the population: 110/2 + 100/2 = 105)
    assert got[0] == pytest.approx(0.5 * 110 + 0.5 * (10 / 12 * 218 + 2 / 12 * 100), rel=1e-12)
    # 2 and 4: no recent repeat purchase: the whole history's value as given
    assert got[1] == -2.0 and got[3] == -4.0
    # 3: every repeat purchase recent: the earlier level is the first order's (50), shrunk as one
    #    order: (2/4) 50 + (2/4) 100 = 75; recent weight 4/6 -> (4/6) 300 + (2/6) 75 = 225
    assert got[2] == pytest.approx(225.0, rel=1e-12)


def _changed_rates(rng, n, history=1460, drop_at=730, factor=0.15):
    """Every customer buys at a Gamma rate, which falls to ``factor`` of it at day ``drop_at``."""
    lam = rng.gamma(2.0, 1.0 / 40.0, n)
    owner, day = [], []
    for i in range(n):
        before = np.sort(rng.uniform(0, drop_at, rng.poisson(lam[i] * drop_at)))
        after = np.sort(rng.uniform(drop_at, history, rng.poisson(lam[i] * factor * (history - drop_at))))
        d = np.unique(np.floor(np.r_[0.0, before, after]).astype(int))
        owner.append(np.full(len(d), i)), day.append(d)
    return np.concatenate(owner), np.concatenate(day), history


def test_backtest_weighs_a_change_when_the_data_show_one():
    owner, day, end = _changed_rates(np.random.default_rng(3), 600)
    bt = B.run(owner, day, 600, end)
    chosen = next(c for c in bt.candidates if c.model == bt.chosen)
    assert bt.chosen in ("mbgnbd", "pnbd") and bt.change_prior > 0 and chosen.change_prior == bt.change_prior
    assert chosen.rmse < chosen.rmse_constant
    # constant rates: a change is allowed for, but the forecast stays close to the constant-rate model
    owner, day, end = _simulate_days(np.random.default_rng(5), 3000, "pnbd")
    bt = B.run(owner, day, 3000, end)
    chosen = next(c for c in bt.candidates if c.model == bt.chosen)
    assert chosen.rmse <= chosen.rmse_constant <= chosen.rmse * 1.02
