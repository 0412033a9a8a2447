"""Pareto/NBD on a large base is fitted on a fixed random sample of its customers
(future.PNBD_FIT_CUSTOMERS, 200,000): the likelihood is an integral per distinct row, and
1M customers took 78 s a fit. Here the cap is made small so that the comparison with the
fit on every customer runs in seconds."""
import numpy as np
import pytest

from generator.model import future as F
from generator.text.messages import text


def _simulated(n: int, seed: int = 1):
    """``n`` customers drawn from Pareto/NBD with known parameters (r=0.8, alpha=40 days,
    s=0.6, beta=600 days), observed 30-1500 days."""
    rng = np.random.default_rng(seed)
    T = rng.integers(30, 1500, n).astype(float)
    lam, mu = rng.gamma(0.8, 1 / 40, n), rng.gamma(0.6, 1 / 600, n)
    end = np.minimum(rng.exponential(1 / mu), T)
    x = rng.poisson(lam * end).astype(float)
    tx = np.where(x > 0, end * rng.beta(np.maximum(x, 1), 1), 0).round()
    value = np.where(x > 0, rng.gamma(3.0, 20.0, n), 0.0)
    return x, tx, T, value


@pytest.fixture(scope="module")
def customers():
    return _simulated(40_000)


@pytest.fixture(scope="module")
def full(customers):
    x, tx, T, _ = customers
    assert F.pnbd_fit_sample(len(x)) is None          # 40,000 < 200,000: every customer
    return F.fit_pareto_nbd(x, tx, T)


def test_the_cap_samples_and_the_sample_is_fixed(monkeypatch, customers, full):
    x, tx, T, _ = customers
    monkeypatch.setattr(F, "PNBD_FIT_CUSTOMERS", 10_000)
    assert F.pnbd_fit_sample(len(x)) == 10_000 and F.pnbd_fit_sample(10_000) is None
    sampled = F.fit_pareto_nbd(x, tx, T)
    assert sampled != full                               # another likelihood, not the full one
    assert F.fit_pareto_nbd(x, tx, T) == sampled         # the same sample on every run
    order = np.random.default_rng(7).permutation(len(x))
    assert F.fit_pareto_nbd(x[order], tx[order], T[order]) == sampled   # whatever the customers' order


def test_the_sample_is_drawn_from_the_customers_without_replacement(customers):
    x, tx, T, _ = customers
    data = F._Rows4(x, tx, T)
    sub = F._customer_sample(data, 10_000)
    assert sub.c.sum() == sub.n == 10_000
    whole = {row: c for row, c in zip(zip(data.x, data.tx, data.T), data.c)}
    for row, c in zip(zip(sub.x, sub.tx, sub.T), sub.c):
        assert 1 <= c <= whole[row]                      # no customer twice
    # the one-time buyers' share is the population's, within sampling error (sd ~0.5 point)
    share = sub.c[sub.x == 0].sum() / sub.n
    assert share == pytest.approx(data.c[data.x == 0].sum() / data.n, abs=0.02)


def test_the_sampled_fit_forecasts_what_the_full_fit_forecasts(monkeypatch, customers, full):
    """A quarter of the customers: the parameters move by a few per cent, the forecasts by far
    less (they are conditioned on each customer's own history). Measured at 1M customers with
    the 200,000 cap: total expected purchases 0.004 % apart, p_alive at most 0.0045."""
    x, tx, T, _ = customers
    monkeypatch.setattr(F, "PNBD_FIT_CUSTOMERS", 10_000)
    sampled = F.fit_pareto_nbd(x, tx, T)
    for name in ("r", "alpha", "s", "beta"):
        assert getattr(sampled, name) == pytest.approx(getattr(full, name), rel=0.25), name
    e_full = F.pnbd_expected_purchases(full, 365.0, x, tx, T)
    e_sampled = F.pnbd_expected_purchases(sampled, 365.0, x, tx, T)
    assert e_sampled.sum() == pytest.approx(e_full.sum(), rel=0.02)
    alive_full, alive_sampled = F.pnbd_p_alive(full, x, tx, T), F.pnbd_p_alive(sampled, x, tx, T)
    assert np.abs(alive_sampled - alive_full).max() < 0.05
    # and both fits find the parameters the customers were drawn with
    truth = {"r": 0.8, "alpha": 40.0, "s": 0.6, "beta": 600.0}
    for fit in (full, sampled):
        for name, value in truth.items():
            assert getattr(fit, name) == pytest.approx(value, rel=0.3), name


def test_the_methodology_says_the_fit_was_sampled(monkeypatch, customers):
    x, tx, T, value = customers
    monkeypatch.setattr(F, "PNBD_FIT_CUSTOMERS", 10_000)
    fv = F.future_value(x, tx, T, value, model="pnbd")
    assert fv.note.code == "future.pnbd_sample"
    assert len(fv.p_alive) == len(x)                     # forecasts for every customer
    english, dutch = text(fv.note, "en"), text(fv.note, "nl")
    assert "random sample of 10000 of the 40000 customers" in english     # as the other model notes
    assert "steekproef van 10000 van de 40000 klanten" in dutch
    monkeypatch.setattr(F, "PNBD_FIT_CUSTOMERS", 200_000)
    small = F.future_value(x[:5000], tx[:5000], T[:5000], value[:5000], model="pnbd")
    assert small.note.code == "future.pnbd" and "sample" not in text(small.note, "en")


def test_the_integral_in_blocks_is_the_integral_in_one_go(monkeypatch, customers):
    """Pareto/NBD's integral runs in blocks of rows (memory: 3.4 GB at once for 1M customers):
    every row's value and node means are the same bits as in one go."""
    x, tx, T, _ = customers
    x, tx, T = x[:1000], tx[:1000], T[:1000]
    whole = F._pnbd_log_integral(0.8, 40.0, 0.6, 600.0, x, tx, T, want_nodes=True)
    monkeypatch.setattr(F, "_PN_BLOCK", 7)
    blocks = F._pnbd_log_integral(0.8, 40.0, 0.6, 600.0, x, tx, T, want_nodes=True)
    assert whole[0].tobytes() == blocks[0].tobytes() and whole[1].tobytes() == blocks[1].tobytes()
    assert F._pnbd_log_integral(0.8, 40.0, 0.6, 600.0, x, tx, T).tobytes() == whole[0].tobytes()
