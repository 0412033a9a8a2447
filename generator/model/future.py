"""Future customer value: purchase-count models and Gamma-Gamma order values.

Per customer this module predicts

* ``expected_purchases_12m`` -- the expected number of purchases (purchase
  days) in the next ``horizon_days`` (365 by default),
* ``p_alive`` -- the probability that the customer is still active, and
* ``expected_revenue_12m`` -- expected purchases times the expected value of
  one purchase.

The report uses MBG/NBD or Pareto/NBD (whichever the backtest in
:mod:`generator.model.backtest` chose, see the section "MBG/NBD and
Pareto/NBD" below) with Gamma-Gamma; BG/NBD is kept as the backtest's
reference only, never for P(alive): it lets a customer drop out only right
after a repeat purchase, so a one-time buyer is alive for ever.  All are
fitted by maximum likelihood on the customer base itself (time unit: days,
although every formula works in any unit as long as ``recency``, ``T`` and
the horizon use the same one):

BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
Marketing Science 24(2)).  While active, a customer buys as a Poisson process
with rate ``lambda ~ Gamma(r, alpha)``; after every *repeat* purchase they
drop out for good with probability ``p ~ Beta(a, b)``.  With ``x`` repeat
purchases, the last at ``t_x``, and ``T`` days since the first purchase, the
likelihood is::

    L = B(a, b+x)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+T)^(r+x))
      + [x > 0] B(a+1, b+x-1)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+t_x)^(r+x))

    P(alive) = 1 / (1 + [x > 0] a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x))

    E[Y(t)] = (a+b+x-1)/(a-1)
              * (1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z))
              * P(alive),                         z = t/(alpha+T+t)

The hypergeometric term is evaluated after Euler's transformation, which turns
``((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)`` into
``(1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)``: the same number, but without the
huge/tiny factors that make the textbook form overflow for frequent buyers.
The removable singularity at ``a = 1`` is handled by interpolating between
``a = 1 +- 1e-4``.  Every result is checked against bounds that always hold
(at least the chance of one more purchase, at most the no-drop-out value);
where scipy's ``hyp2f1`` fails (nan, or outside the bounds: extreme
parameters with ``z`` close to 1) the same expectation is computed by
Gauss-Legendre quadrature over the posterior of ``p`` instead (accurate to
~1e-10 against 30-digit mpmath values).

Gamma-Gamma (Colombo & Jiang 1999; Fader, Hardie & Lee 2005, "RFM and CLV",
Journal of Marketing Research 42(4)).  A customer's purchase values are
``Gamma(p, nu)`` with ``nu ~ Gamma(q, v)``; the mean ``m_x`` of ``x`` purchase
values is the sufficient statistic and::

    E[M | x, m_x] = (q-1)/(p x + q - 1) * p v/(q-1) + p x/(p x + q - 1) * m_x

i.e. a credibility-weighted average of the population mean ``p v/(q-1)`` and
the customer's own mean.  Only customers with ``x > 0`` and ``m_x > 0`` are
used to fit it (the model needs ``q > 1`` for the mean to exist).

Both log-likelihoods are vectorised over customers (``gammaln``/``betaln``,
with analytic gradients) and maximised with SLSQP (L-BFGS-B as a second
opinion) over bounded log-parameters from a few starting points, on
internally rescaled time and money (the MLE is equivariant: ``alpha`` and
``v`` are scale parameters).

:func:`future_value` runs the chosen model and Gamma-Gamma for the whole
customer base and falls back to a stated simple method (see :func:`simple_future_value`; stated for
the reader as message ``future.simple`` in ``generator.text.messages``) when
there are too few customers or repeat buyers, or when a fit fails or gives
unusable parameters.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from generator.text.messages import Message

__all__ = [
    "BGNBDParams",
    "GammaGammaParams",
    "FitError",
    "FutureValue",
    "fit_bgnbd",
    "bgnbd_log_likelihood",
    "bgnbd_expected_purchases",
    "bgnbd_expected_purchases_new_customer",
    "bgnbd_p_alive",
    "fit_gamma_gamma",
    "gamma_gamma_log_likelihood",
    "gamma_gamma_expected_value",
    "simple_future_value",
    "future_value",
    "MBGNBDParams",
    "ParetoNBDParams",
    "fit_mbgnbd",
    "mbgnbd_log_likelihood",
    "mbgnbd_p_alive",
    "mbgnbd_expected_purchases",
    "fit_pareto_nbd",
    "pnbd_log_likelihood",
    "pnbd_p_alive",
    "pnbd_expected_purchases",
    "Recent",
    "change_weight",
    "with_change",
]

METHOD_BGNBD = "bgnbd+gamma_gamma"
METHOD_SIMPLE = "simple"

#: Shortest observation window (days) the simple method divides by.
SIMPLE_MIN_WINDOW_DAYS = 30.0


class FitError(Exception):
    """A model could not be fitted (no convergence, unusable data or parameters)."""


@dataclass(frozen=True)
class BGNBDParams:
    r: float
    alpha: float
    a: float
    b: float


@dataclass(frozen=True)
class GammaGammaParams:
    p: float
    q: float
    v: float

    @property
    def population_mean(self) -> float:
        """Mean purchase value p*v/(q-1) of the population (inf if q <= 1)."""
        if self.q <= 1:
            return math.inf
        return self.p * self.v / (self.q - 1.0)


@dataclass(frozen=True)
class FutureValue:
    expected_purchases_12m: np.ndarray
    expected_revenue_12m: np.ndarray
    p_alive: np.ndarray
    method: str
    note: Message        # the method used, its parameters or why it was the simple one
    bgnbd: BGNBDParams | None          # kept for callers; the report never uses BG/NBD
    gamma_gamma: GammaGammaParams | None
    counting: object | None = None      # MBGNBDParams or ParetoNBDParams of the chosen model
    backtest: object | None = None      # generator.model.backtest.Backtest
    change: np.ndarray | None = None    # P(the purchase rate changed in the last 12 months), per customer
    change_prior: float = 0.0           # the prior weight of a change the backtest chose


# --------------------------------------------------------------------------
# input handling


def _arr(values, name: str) -> np.ndarray:
    out = np.asarray(values, dtype=float)
    if out.ndim == 0:
        out = out.reshape(1)
    if out.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {out.shape}")
    return out


def _rft(frequency, recency, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated float arrays: T and recency clipped to 0 <= recency <= T."""
    x = _arr(frequency, "frequency")
    tx = _arr(recency, "recency")
    T_ = _arr(T, "T")
    n = len(x)
    if len(tx) != n or len(T_) != n:
        raise ValueError(
            f"frequency, recency and T must have the same length "
            f"(got {n}, {len(tx)}, {len(T_)})"
        )
    for name, v in (("frequency", x), ("recency", tx), ("T", T_)):
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{name} contains missing or infinite values")
    if np.any(x < 0):
        raise ValueError("frequency must be >= 0")
    # A first purchase on (or, through rounding, just after) the report date
    # gives T <= 0: such a customer has been observed for no time at all.
    T_ = np.maximum(T_, 0.0)
    tx = np.clip(tx, 0.0, T_)
    tx = np.where(x > 0, tx, 0.0)
    return x, tx, T_


def _time_scale(T: np.ndarray) -> float:
    pos = T[T > 0]
    s = float(np.mean(pos)) if pos.size else 1.0
    return s if np.isfinite(s) and s > 0 else 1.0


# --------------------------------------------------------------------------
# BG/NBD


def _dot(u, w) -> float:
    """Sum of products without BLAS: BLAS threads fight for a busy CPU and
    make a 100,000-element dot product slower, not faster."""
    return float(np.sum(np.multiply(u, w)))


class _BGNBDData:
    """The data in compressed form: the likelihood only needs distinct rows.

    One-time buyers (x = 0) contribute ``r log(alpha/(alpha+T))`` and are
    reduced to their distinct ``T`` values; repeat buyers to distinct
    ``(x, t_x, T)`` rows, with per-row counts as weights.
    """

    def __init__(self, x: np.ndarray, tx: np.ndarray, T_: np.ndarray):
        self.n = len(x)
        zero = x == 0
        self.Tz, self.cz = np.unique(T_[zero], return_counts=True)
        self.cz = self.cz.astype(float)
        rows, cr = np.unique(np.column_stack([x[~zero], tx[~zero], T_[~zero]]),
                             axis=0, return_counts=True)
        self.x, self.tx, self.T = rows[:, 0], rows[:, 1], rows[:, 2]
        self.c = cr.astype(float)
        self.ux, self.inv = np.unique(self.x, return_inverse=True)
        self.cu = np.bincount(self.inv, weights=self.c, minlength=len(self.ux))


def _bgnbd_ll_and_grad(r, alpha, a, b, d: _BGNBDData, want_grad=True):
    """Total log-likelihood and its gradient w.r.t. (r, alpha, a, b).

    Per repeat buyer (x > 0), with ``c = G(r+x) alpha^r / (G(r) B(a, b))``::

        L = c [B(a, b+x) (alpha+T)^-(r+x) + B(a+1, b+x-1) (alpha+t_x)^-(r+x)]

    evaluated as a log-sum-exp; a one-time buyer has ``L = (alpha/(alpha+T))^r``.
    Special functions are evaluated once per distinct x.
    """
    psi = special.digamma
    la = math.log(alpha)
    # one-time buyers
    laTz = np.log(alpha + d.Tz)
    ll = r * (la * d.cz.sum() - _dot(d.cz, laTz))
    g = np.zeros(4)
    if want_grad:
        g[0] = la * d.cz.sum() - _dot(d.cz, laTz)
        g[1] = r * (d.cz.sum() / alpha - _dot(d.cz, 1.0 / (alpha + d.Tz)))
    if len(d.x):
        ux, inv, c = d.ux, d.inv, d.c
        common_u = special.gammaln(r + ux) - special.gammaln(r) + r * la - special.betaln(a, b)
        A2_u = special.betaln(a, b + ux)
        A3_u = special.betaln(a + 1.0, b + ux - 1.0)
        rx = r + d.x
        laT = np.log(alpha + d.T)
        latx = np.log(alpha + d.tx)
        u2 = A2_u[inv] - rx * laT
        diff = (A3_u - A2_u)[inv] - rx * (latx - laT)  # u3 - u2
        e = np.exp(-np.abs(diff))
        lse = u2 + np.maximum(diff, 0.0) + np.log1p(e)
        ll += _dot(d.cu, common_u) + _dot(c, lse)
        if want_grad:
            w3 = np.where(diff > 0, 1.0, e) / (1.0 + e)
            w2 = 1.0 - w3
            cw2 = c * w2
            cw3 = c * w3
            sw2_u = np.bincount(inv, weights=cw2, minlength=len(ux))
            sw3_u = np.bincount(inv, weights=cw3, minlength=len(ux))
            g[0] += (_dot(d.cu, psi(r + ux) - psi(r) + la)
                     - _dot(cw2, laT) - _dot(cw3, latx))
            g[1] += (r * d.c.sum() / alpha
                     - _dot(c * rx, w2 / (alpha + d.T) + w3 / (alpha + d.tx)))
            psi_abx = psi(a + b + ux)
            n_rep = d.c.sum()
            g[2] += (-(psi(a) - psi(a + b)) * n_rep
                     + _dot(sw2_u, psi(a) - psi_abx) + _dot(sw3_u, psi(a + 1.0) - psi_abx))
            g[3] += (-(psi(b) - psi(a + b)) * n_rep
                     + _dot(sw2_u, psi(b + ux) - psi_abx)
                     + _dot(sw3_u, psi(b + ux - 1.0) - psi_abx))
    return float(ll), (g if want_grad else None)


def bgnbd_log_likelihood(params: BGNBDParams, frequency, recency, T) -> float:
    """Total BG/NBD log-likelihood of the data (same time unit as ``params``)."""
    x, tx, T_ = _rft(frequency, recency, T)
    ll, _ = _bgnbd_ll_and_grad(params.r, params.alpha, params.a, params.b,
                               _BGNBDData(x, tx, T_), want_grad=False)
    return ll


_LOG_BOUND = 12.0  # parameters are fitted within exp(+-12) (after rescaling)


# SLSQP first: it needs no BLAS for a problem this small (L-BFGS-B calls
# OpenBLAS, whose threads make each iteration ~10x slower on a busy 2-core
# machine); L-BFGS-B is the second opinion when SLSQP does not converge.
OPTIMISERS = (
    ("SLSQP", {"maxiter": 1000, "ftol": 1e-14}),
    ("L-BFGS-B", {"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-8}),
)


def _minimise(fun, starts, n_par, what: str, names: tuple[str, ...],
              may_reach: dict[str, str] | None = None, optimisers=OPTIMISERS) -> np.ndarray:
    """Minimise over log-parameters from several starts; best converged result.

    A parameter that ends on a bound of the search box means the likelihood
    keeps increasing towards a degenerate limit.  That is accepted only for
    the parameters and directions in ``may_reach`` (``"upper"``, ``"lower"``
    or ``"both"``), which are genuine limiting cases of the model; anything
    else raises :class:`FitError`.
    """
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * n_par
    best = None
    problems = []
    for x0 in starts:
        for method, options in optimisers:
            try:
                with np.errstate(all="ignore"):
                    res = optimize.minimize(fun, np.asarray(x0, dtype=float), jac=True,
                                            method=method, bounds=bounds, options=options)
            except (ValueError, FloatingPointError, OverflowError, ZeroDivisionError) as exc:
                problems.append(f"{method}: {exc}")
                continue
            if not np.isfinite(res.fun) or not np.all(np.isfinite(res.x)):
                problems.append(f"{method}: non-finite likelihood")
                continue
            jac = np.asarray(res.jac, dtype=float)
            grad_ok = np.all(np.isfinite(jac)) and np.max(np.abs(jac)) < 1e-4
            if not (res.success or grad_ok):
                problems.append(f"{method}: {res.message}")
                continue
            if best is None or res.fun < best.fun:
                best = res
            break  # converged from this start
    if best is None:
        raise FitError(f"{what} fit did not converge: " + "; ".join(problems[:3]))
    may_reach = may_reach or {}
    for name, value in zip(names, best.x):
        side = "upper" if value >= _LOG_BOUND - 1e-3 else "lower" if value <= -_LOG_BOUND + 1e-3 else None
        if side and may_reach.get(name) not in (side, "both"):
            raise FitError(f"{what} fit ran to the {side} bound of {name} (degenerate data)")
    return np.exp(best.x)


def fit_bgnbd(frequency, recency, T, *, optimisers=OPTIMISERS) -> BGNBDParams:
    """Maximum-likelihood BG/NBD parameters for the given customer summaries.

    Raises :class:`FitError` when the data cannot identify the model (no
    customers, no repeat purchases, no observation time), when the optimiser
    does not converge from any starting point, or when ``r`` or ``alpha`` runs
    to zero (a degenerate fit).  Optima at the model's genuine limits are
    accepted, with the parameter held at the edge of the search box
    (``exp(+-12)`` in units of the mean ``T``): ``r, alpha -> inf`` (every
    customer has the same purchase rate) and ``a, b -> 0 or inf``
    (homogeneous drop-out, or customers who drop out at once or never).
    """
    x, tx, T_ = _rft(frequency, recency, T)
    n = len(x)
    if n == 0:
        raise FitError("BG/NBD: no customers")
    if not np.any(x > 0):
        raise FitError("BG/NBD: nobody made a repeat purchase")
    if not np.any(T_ > 0):
        raise FitError("BG/NBD: no customer has been observed for any time")
    scale = _time_scale(T_)
    data = _BGNBDData(x, tx / scale, T_ / scale)
    T_s = T_ / scale

    def fun(theta):
        r, alpha, a, b = np.exp(theta)
        ll, g = _bgnbd_ll_and_grad(r, alpha, a, b, data)
        val = -ll / n
        if not np.isfinite(val) or not np.all(np.isfinite(g)):
            return 1e300, np.zeros(4)
        return val, -g * np.exp(theta) / n

    # Moment-ish start for the rate: repeat purchases per unit of time.
    rate = max(float(np.sum(x) / max(np.sum(T_s), 1e-9)), 1e-3)
    starts = [
        np.log([1.0, 1.0 / rate, 1.0, 1.0]),
        np.log([0.25, 0.25 / rate, 0.8, 2.5]),
        np.log([0.5, 1.0, 0.5, 5.0]),
    ]
    # Genuine limits (see the docstring) may end on the search box; r or alpha
    # running to 0 may not.  On simulated data, fits that end on these limits
    # still predict hold-out purchases far better than the simple method.
    r, alpha, a, b = _minimise(fun, starts, 4, "BG/NBD", ("r", "alpha", "a", "b"),
                               {"a": "both", "b": "both", "r": "upper", "alpha": "upper"}, optimisers)
    return BGNBDParams(r=float(r), alpha=float(alpha * scale), a=float(a), b=float(b))


def bgnbd_p_alive(params: BGNBDParams, frequency, recency, T) -> np.ndarray:
    """P(alive | x, t_x, T); exactly 1 for customers without repeat purchases."""
    x, tx, T_ = _rft(frequency, recency, T)
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    pos = x > 0
    bx1 = np.where(pos, b + x - 1.0, 1.0)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        log_odds_dead = (
            math.log(a) - np.log(bx1) + (r + x) * (np.log(alpha + T_) - np.log(alpha + tx))
        )
    out = special.expit(-log_odds_dead)
    return np.where(pos, out, 1.0)


def _bracket_over_a1(a, b, r, x, z, log1mz):
    """(1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)) / (a-1), Euler form."""
    h = special.hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z)
    pos = h > 0
    log_term = (a - 1.0) * log1mz + np.log(np.where(pos, h, 1.0))
    # expm1 keeps precision when the bracket is small (short horizons); the
    # hypergeometric value can be <= 0 when a+b+x-1 < 0, then no log is taken
    val = np.where(pos, -np.expm1(log_term), 1.0 - np.exp((a - 1.0) * log1mz) * h)
    return val / (a - 1.0)


def _expected_if_alive_hyp2f1(params: BGNBDParams, t, x, T_) -> np.ndarray:
    """E[Y(t) | alive at T, x] from the closed form (may be nan where hyp2f1 fails)."""
    r, a, b = params.r, params.a, params.b
    alpha = params.alpha
    z = t / (alpha + T_ + t)
    log1mz = np.log(alpha + T_) - np.log(alpha + T_ + t)
    eps = 1e-4
    if abs(a - 1.0) < eps:
        # Removable singularity at a == 1: interpolate linearly between
        # a = 1 - eps and a = 1 + eps (error O(eps^2)).
        lo = _bracket_over_a1(1.0 - eps, b, r, x, z, log1mz)
        hi = _bracket_over_a1(1.0 + eps, b, r, x, z, log1mz)
        w = (a - (1.0 - eps)) / (2.0 * eps)
        bracket = (1.0 - w) * lo + w * hi
    else:
        bracket = _bracket_over_a1(a, b, r, x, z, log1mz)
    return (a + b + x - 1.0) * bracket


_GL_X, _GL_W = np.polynomial.legendre.leggauss(8)
_V_MAX = 700.0  # |logit p| range of the quadrature; beyond it tails are analytic


def _gl_panels(edges) -> tuple[np.ndarray, np.ndarray]:
    edges = np.unique(np.clip(edges, -_V_MAX, _V_MAX))
    lo, hi = edges[:-1], edges[1:]
    half = (hi - lo) / 2.0
    nodes = (lo[:, None] + half[:, None] * (_GL_X[None, :] + 1.0)).ravel()
    weights = (half[:, None] * _GL_W[None, :]).ravel()
    return nodes, weights


def _expected_if_alive_quadrature(params: BGNBDParams, t, x, T_) -> np.ndarray:
    """E[Y(t) | alive at T, x] by numerical integration (hyp2f1-free).

    Given alive, ``p ~ Beta(a, b+x)`` and ``lambda ~ Gamma(r+x, alpha+T)``
    independently, and for fixed ``(lambda, p)`` the expected count in the
    next ``t`` is ``(1 - exp(-lambda p t)) / p``; integrating out lambda::

        E[Y(t) | alive] = int Beta(p; a, b+x) (1 - (1 + p s)^-(r+x)) / p dp,
        s = t / (alpha + T).

    The integral is taken over ``v = logit(p)`` (where the Beta density is
    smooth and log-concave for every a, b) with composite 8-point
    Gauss-Legendre panels, refined where the integrand changes, plus the
    analytic tails beyond ``|v| = 700``.  Accurate to ~1e-10 relative; used
    only where scipy's hyp2f1 fails (extreme parameters, z close to 1).
    """
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    out = np.empty(x.shape, dtype=float)
    s_all = t / (alpha + T_)
    for xv in np.unique(x):
        sel = np.flatnonzero(x == xv)
        s = s_all[sel]
        beta = b + xv
        k = r + xv
        lB = special.betaln(a, beta)
        mu = special.digamma(a) - special.digamma(beta)
        sd = math.sqrt(special.polygamma(1, a) + special.polygamma(1, beta))
        ls = np.log(s[s > 0]) if np.any(s > 0) else np.zeros(1)
        fine = np.arange(-12.0, 12.01, 0.5)
        nodes, weights = _gl_panels(np.concatenate([
            np.linspace(-_V_MAX, _V_MAX, 141),
            mu + sd * np.linspace(-15.0, 15.0, 121),
            mu + fine, -math.log(beta) + fine, math.log(a) + fine,
            np.arange(-ls.max() - 12.0, -ls.min() + 12.01, 0.5),
        ]))
        logp = -np.logaddexp(0.0, -nodes)
        log1mp = -np.logaddexp(0.0, nodes)
        p = np.exp(logp)
        dens = np.exp(a * logp + beta * log1mp - lB + np.log(weights))
        tails = (k * s * math.exp(-a * _V_MAX - lB) / a
                 - np.expm1(-k * np.log1p(s)) * math.exp(-beta * _V_MAX - lB) / beta)
        for c0 in range(0, len(sel), 2000):  # bounded memory
            sc = s[c0:c0 + 2000]
            sp = np.outer(sc, p)
            g = np.where(k * sp < 1e-8, k * sc[:, None] * (1.0 - 0.5 * (k + 1.0) * sp),
                         -np.expm1(-k * np.log1p(sp)) / p)
            out[sel[c0:c0 + 2000]] = g @ dens + tails[c0:c0 + 2000]
    return out


def _bgnbd_cond_expectation(params: BGNBDParams, t, x, tx, T_) -> np.ndarray:
    t = np.broadcast_to(np.asarray(t, dtype=float), x.shape)
    with np.errstate(all="ignore"):
        out = _expected_if_alive(params, t, x, T_) * bgnbd_p_alive(params, x, tx, T_)
    out = np.where(np.isfinite(out), out, 0.0)
    return np.where(t <= 0, 0.0, np.maximum(out, 0.0))


def bgnbd_expected_purchases(params: BGNBDParams, t, frequency, recency, T) -> np.ndarray:
    """E[Y(t) | x, t_x, T]: expected purchases in the next ``t`` time units."""
    x, tx, T_ = _rft(frequency, recency, T)
    return _bgnbd_cond_expectation(params, t, x, tx, T_)


def bgnbd_expected_purchases_new_customer(params: BGNBDParams, t) -> np.ndarray:
    """E[X(t)]: expected repeat purchases in ``(0, t]`` of a brand-new customer."""
    t = _arr(t, "t")
    zeros = np.zeros_like(t)
    # E[X(t)] is E[Y(t) | x=0, t_x=0, T=0] by the model's memorylessness.
    return _bgnbd_cond_expectation(params, t, zeros, zeros, zeros)


# --------------------------------------------------------------------------
# Gamma-Gamma


def _gg_data(frequency, monetary) -> tuple[np.ndarray, np.ndarray]:
    x = _arr(frequency, "frequency")
    m = _arr(monetary, "monetary")
    if len(x) != len(m):
        raise ValueError(f"frequency and monetary must have the same length ({len(x)} != {len(m)})")
    return x, m


class _GGData:
    """Repeat buyers' (x, m) with the sums the Gamma-Gamma likelihood needs."""

    def __init__(self, x: np.ndarray, m: np.ndarray):
        self.x, self.m = x, m
        self.n = len(x)
        self.ux, inv = np.unique(x, return_inverse=True)
        self.cu = np.bincount(inv, minlength=len(self.ux)).astype(float)
        lm, lx = np.log(m), np.log(x)
        self.sum_lm = float(np.sum(lm))
        self.sum_x_lmx = float(_dot(x, lm + lx))
        self.sum_x = float(np.sum(x))


def _gg_ll_and_grad(p, q, v, d: _GGData, want_grad=True):
    """Total Gamma-Gamma log-likelihood and gradient w.r.t. (p, q, v).

    Per customer::

        log f(m | x) = lnG(px+q) - lnG(px) - lnG(q) + q ln v + (px-1) ln m
                       + px ln x - (px+q) ln(v + m x)
    """
    ux, cu = d.ux, d.cu
    pux = p * ux
    lvm = np.log(v + d.m * d.x)
    s_lvm = float(np.sum(lvm))
    s_xlvm = float(_dot(d.x, lvm))
    lv = math.log(v)
    ll = (_dot(cu, special.gammaln(pux + q) - special.gammaln(pux)) - d.n * special.gammaln(q)
          + d.n * q * lv + p * d.sum_x_lmx - d.sum_lm - p * s_xlvm - q * s_lvm)
    if not want_grad:
        return float(ll), None
    psi_pq = special.digamma(pux + q)
    g_p = _dot(cu * ux, psi_pq - special.digamma(pux)) + d.sum_x_lmx - s_xlvm
    g_q = _dot(cu, psi_pq) - d.n * special.digamma(q) + d.n * lv - s_lvm
    g_v = d.n * q / v - float(np.sum((p * d.x + q) / (v + d.m * d.x)))
    return float(ll), np.array([g_p, g_q, g_v])


def _gg_fit_set(x, m):
    ok = (x > 0) & np.isfinite(m) & (m > 0)
    return x[ok], m[ok]


def gamma_gamma_log_likelihood(params: GammaGammaParams, frequency, monetary) -> float:
    """Total Gamma-Gamma log-likelihood over customers with x > 0 and m > 0."""
    x, m = _gamma_gamma_inputs(frequency, monetary)
    ll, _ = _gg_ll_and_grad(params.p, params.q, params.v, _GGData(x, m), False)
    return ll


def _gamma_gamma_inputs(frequency, monetary):
    x, m = _gg_data(frequency, monetary)
    return _gg_fit_set(x, m)


def fit_gamma_gamma(frequency, monetary) -> GammaGammaParams:
    """Maximum-likelihood Gamma-Gamma parameters.

    Only customers with ``frequency > 0`` and a positive, finite ``monetary``
    are used.  Raises :class:`FitError` when fewer than 2 such customers
    exist, they all have the same value, or the optimiser fails.  Optima at
    the model's limits are accepted (held at the edge of the search box):
    ``p -> inf`` (no spread within a customer: the own mean counts fully) and
    ``q, v -> inf`` (no spread between customers).  ``q <= 1`` is returned
    as fitted; :func:`future_value` rejects it.
    """
    x, m = _gamma_gamma_inputs(frequency, monetary)
    n = len(x)
    if n < 2:
        raise FitError("Gamma-Gamma: fewer than 2 repeat buyers with a positive order value")
    if np.ptp(m) == 0:
        raise FitError("Gamma-Gamma: all repeat buyers have the same order value")
    scale = float(np.mean(m))
    data = _GGData(x, m / scale)

    def fun(theta):
        p, q, v = np.exp(theta)
        ll, g = _gg_ll_and_grad(p, q, v, data)
        val = -ll / n
        if not np.isfinite(val) or not np.all(np.isfinite(g)):
            return 1e300, np.zeros(3)
        return val, -g * np.exp(theta) / n

    # Mean of m is about p*v/(q-1) = 1 after scaling.
    starts = [np.log([1.0, 2.0, 1.0]), np.log([6.0, 4.0, 0.5]), np.log([2.0, 10.0, 4.5])]
    # p -> inf (with v -> 0) and q, v -> inf are limits of the model, see above.
    p, q, v = _minimise(fun, starts, 3, "Gamma-Gamma", ("p", "q", "v"),
                        {"p": "upper", "q": "upper", "v": "both"})
    return GammaGammaParams(p=float(p), q=float(q), v=float(v * scale))


def gamma_gamma_expected_value(params: GammaGammaParams, frequency, monetary, first=None) -> np.ndarray:
    """E[M | x, m_x]: expected value of a future purchase per customer.

    Customers with ``frequency == 0`` (or a missing order value) get the
    population mean ``p*v/(q-1)``, or, when their ``first`` order's value is
    given, that value shrunk towards the population mean as one observation
    (weight ``p / (p + q - 1)``): one order of €137 says something, but not
    everything, about the next. A negative mean order value (net refunds)
    counts as 0 in the weighted average.
    """
    x, m = _gg_data(frequency, monetary)
    if first is not None:
        first = _arr(first, "first")
        one = (x == 0) & np.isfinite(first)
        x, m = np.where(one, 1.0, x), np.where(one, first, m)
    p, q, v = params.p, params.q, params.v
    if not q > 1:
        raise ValueError("Gamma-Gamma mean needs q > 1")
    pop = p * v / (q - 1.0)
    known = (x > 0) & np.isfinite(m)
    xs = np.where(known, x, 0.0)
    ms = np.where(known, np.maximum(m, 0.0), 0.0)
    w = p * xs / (p * xs + q - 1.0)
    return (1.0 - w) * pop + w * ms


# --------------------------------------------------------------------------
# simple method and the whole customer base


def _monetary_or_population(x, m):
    """Customer's own mean order value, else the population mean (0 if none)."""
    own = (x > 0) & np.isfinite(m) & (m > 0)
    pop = float(np.mean(m[own])) if np.any(own) else 0.0
    return np.where(own, m, pop), pop


def simple_future_value(frequency, recency, T, monetary, *, horizon_days: float = 365.0):
    """The fallback method; returns (expected purchases, expected revenue, activity).

    Stated for the reader in ``generator.text.messages`` (code ``future.simple``).
    """
    x, tx, T_ = _rft(frequency, recency, T)
    m = _arr(monetary, "monetary")
    if len(m) != len(x):
        raise ValueError("monetary must have the same length as frequency")
    rate = (x + 1.0) / np.maximum(T_, SIMPLE_MIN_WINDOW_DAYS)
    rep = x > 0
    if np.any(rep) and np.sum(tx[rep]) > 0:
        pop_gap = float(np.sum(tx[rep]) / np.sum(x[rep]))
    else:
        pop_gap = float(horizon_days)
    own_gap = np.where(rep, tx / np.where(rep, x, 1.0), pop_gap)
    gap = np.maximum(own_gap, 1.0)
    since_last = T_ - tx
    activity = np.exp(-since_last / gap)
    purchases = rate * float(horizon_days) * activity
    value, _ = _monetary_or_population(x, m)
    return purchases, purchases * value, activity


def _simple(x, tx, T_, m, horizon_days, why: Message) -> FutureValue:
    purchases, revenue, activity = simple_future_value(x, tx, T_, m, horizon_days=horizon_days)
    return FutureValue(
        expected_purchases_12m=purchases,
        expected_revenue_12m=revenue,
        p_alive=activity,
        method=METHOD_SIMPLE,
        note=Message("future.simple", why=why),
        bgnbd=None,
        gamma_gamma=None,
    )


def _bgnbd_params_usable(pr: BGNBDParams) -> Message | None:
    vals = (pr.r, pr.alpha, pr.a, pr.b)
    if not all(np.isfinite(v) and v > 0 for v in vals):
        return Message("why.bgnbd_unusable", detail=str(pr))
    return None


def _gg_params_usable(pg: GammaGammaParams) -> Message | None:
    vals = (pg.p, pg.q, pg.v)
    if not all(np.isfinite(v) and v > 0 for v in vals):
        return Message("why.gamma_gamma_unusable", detail=str(pg))
    if pg.q <= 1.0:
        return Message("why.gamma_gamma_q", q=pg.q)
    return None


def future_value(
    frequency,
    recency,
    T,
    monetary,
    *,
    first=None,
    model: str | None = "mbgnbd",
    why_simple: Message | None = None,
    backtest=None,
    recent: "Recent | None" = None,
    change_prior: float = 0.0,
    horizon_days: float = 365.0,
    min_customers: int = 30,
    min_repeaters: int = 10,
) -> FutureValue:
    """Expected purchases, P(alive) and expected revenue over ``horizon_days``.

    ``model`` is the purchase-count model the backtest chose: ``"mbgnbd"``
    (MBG/NBD) or ``"pnbd"`` (Pareto/NBD), fitted here on the full history with
    Gamma-Gamma for the value per purchase; ``None`` means the simple method,
    for the reason ``why_simple``.  BG/NBD is never used for P(alive).  With
    fewer than ``min_customers`` customers or ``min_repeaters`` repeat buyers
    (with a positive order value), or when a fit fails or gives unusable
    parameters, the simple method is used and ``note`` says why.
    ``backtest`` (a :class:`generator.model.backtest.Backtest`) is carried along
    for the report. ``first``: each customer's first order value, which shrinks
    a one-time buyer's expected order value towards the population's
    (:func:`gamma_gamma_expected_value`).  ``recent`` (repeat purchases and
    their mean value in the last 12 months) with ``change_prior`` > 0 averages
    the forecast over "the rate changed 12 months ago" (see "A change in the
    last 12 months" below).
    """
    x, tx, T_ = _rft(frequency, recency, T)
    m = _arr(monetary, "monetary")
    if len(m) != len(x):
        raise ValueError(f"monetary must have the same length as frequency ({len(m)} != {len(x)})")
    if not (np.isfinite(horizon_days) and horizon_days >= 0):
        raise ValueError("horizon_days must be a finite number >= 0")
    if model not in (None, "mbgnbd", "pnbd"):
        raise ValueError(f"unknown future-value model {model!r} (mbgnbd, pnbd or None)")

    def simple(why):
        fv = _simple(x, tx, T_, m, horizon_days, why)
        return FutureValue(fv.expected_purchases_12m, fv.expected_revenue_12m, fv.p_alive, fv.method,
                           fv.note, None, None, None, backtest)

    n = len(x)
    n_rep = int(np.sum(x > 0))
    n_rep_value = int(np.sum((x > 0) & np.isfinite(m) & (m > 0)))
    if n < min_customers:
        return simple(Message("why.few_customers", n=n, min=min_customers))
    if n_rep < min_repeaters or n_rep_value < min_repeaters:
        k = min(n_rep, n_rep_value)
        return simple(Message("why.few_repeaters", n=k, min=min_repeaters))
    if model is None:
        return simple(why_simple or Message("why.no_model"))
    name = "MBG/NBD" if model == "mbgnbd" else "Pareto/NBD"
    try:
        pc = fit_mbgnbd(x, tx, T_) if model == "mbgnbd" else fit_pareto_nbd(x, tx, T_)
    except FitError as exc:
        return simple(Message("why.model_failed", model=name, detail=str(exc)))
    if not all(np.isfinite(v) and v > 0 for v in vars(pc).values()):
        return simple(Message("why.model_unusable", model=name, detail=str(pc)))
    try:
        pg = fit_gamma_gamma(x, m)
    except FitError as exc:
        return simple(Message("why.gamma_gamma_failed", detail=str(exc)))
    why = _gg_params_usable(pg)
    if why:
        return simple(why)
    if model == "mbgnbd":
        p_alive = mbgnbd_p_alive(pc, x, tx, T_)
        purchases = mbgnbd_expected_purchases(pc, float(horizon_days), x, tx, T_)
        note = Message("future.mbgnbd", customers=n, repeaters=n_rep, r=pc.r, alpha=pc.alpha, a=pc.a, b=pc.b,
                       p=pg.p, q=pg.q, v=pg.v, days=horizon_days)
    else:
        p_alive = pnbd_p_alive(pc, x, tx, T_)
        purchases = pnbd_expected_purchases(pc, float(horizon_days), x, tx, T_)
        sample = pnbd_fit_sample(n)
        fitted = {} if sample is None else {"sample": sample}
        note = Message("future.pnbd" if sample is None else "future.pnbd_sample", customers=n, repeaters=n_rep,
                       r=pc.r, alpha=pc.alpha, s=pc.s, beta=pc.beta, p=pg.p, q=pg.q, v=pg.v, days=horizon_days,
                       **fitted)
    value = gamma_gamma_expected_value(pg, x, m, first)
    revenue = purchases * value
    change = None
    if recent is not None and change_prior > 0:
        x2 = _arr(recent.frequency, "recent frequency")
        m2 = _arr(recent.monetary, "recent monetary")
        change, ratio = change_weight(pc.r, pc.alpha, x, T_, x2, change_prior)
        recent_value = recent_order_value(pg, x, m, x2, m2, first, value)
        purchases, revenue = with_change(purchases, value, change, ratio, recent_value)
    if not (np.all(np.isfinite(purchases)) and np.all(np.isfinite(revenue))
            and np.all(np.isfinite(p_alive))):
        return simple(Message("why.non_finite"))
    return FutureValue(
        expected_purchases_12m=purchases,
        expected_revenue_12m=revenue,
        p_alive=p_alive,
        method=METHOD_MBGNBD if model == "mbgnbd" else METHOD_PNBD,
        note=note,
        bgnbd=None,
        gamma_gamma=pg,
        counting=pc,
        backtest=backtest,
        change=change,
        change_prior=float(change_prior) if change is not None else 0.0,
    )


# --------------------------------------------------------------------------
# MBG/NBD and Pareto/NBD: the candidates for P(alive)
#
# BG/NBD lets a customer drop out only right after a repeat purchase, so a
# one-time buyer is "alive" for ever (P(alive) = 1).  Two models without that
# flaw are fitted as well, and a backtest (generator.model.backtest) decides
# which one the report uses.
#
# MBG/NBD (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
# comparison of models for customer base analysis", IJRM 24(3)): as BG/NBD,
# but a customer may also drop out at time 0, right after the first purchase,
# so x purchases give x + 1 chances to drop out::
#
#     L = G(r+x) alpha^r / G(r) * [B(a, b+x+1)/B(a, b) (alpha+T)^-(r+x)
#                                  + B(a+1, b+x)/B(a, b) (alpha+t_x)^-(r+x)]
#     P(alive) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x))
#     E[Y(t)]  = (a+b+x)/(a-1) (1 - ((alpha+T)/(alpha+T+t))^(r+x)
#                2F1(r+x, b+x+1; a+b+x; z)) P(alive)
#
# (the forms of the `lifetimes` package's ModifiedBetaGeoFitter).  Given
# alive, p ~ Beta(a, b+x+1): E[Y(t) | alive] is BG/NBD's with b+1, which
# reuses the stable Euler form and the quadrature fallback above.
#
# Pareto/NBD (Schmittlein, Morrison & Colombo 1987; likelihood as in Fader,
# Hardie & Lee 2005, "A note on deriving the Pareto/NBD model"): purchases
# Poisson(lambda), lambda ~ Gamma(r, alpha), lifetime Exponential(mu),
# mu ~ Gamma(s, beta)::
#
#     L = G(r+x) alpha^r beta^s / G(r) * [(alpha+T)^-(r+x) (beta+T)^-s
#          + s int_{t_x}^{T} (alpha+u)^-(r+x) (beta+u)^-(s+1) du]
#
# The integral is the published 2F1 term s/(r+s+x) A_0 written out; it is
# evaluated without any hypergeometric function: with k = r+s+x and
# l = k log((alpha+u)/(alpha+t_x)) it becomes
# (alpha+t_x)^-k / k * int_0^L e^-l (1 + c e^(-l/k))^-(s+1) dl,
# c = (beta-alpha)/(alpha+t_x), a smooth integrand taken with composite
# Gauss-Legendre panels (7 panels of 6 nodes over l in [0, 45]; beyond, e^-l is
# negligible); the log-likelihood agrees with scipy's adaptive quadrature to 1e-7
# (tests/test_future.py).  The gradient differentiates under the same integral.  P(alive) is the first term's share of L and
#
#     E[Y(t)] = P(alive) (r+x)(beta+T) / ((alpha+T)(s-1)) (1 - ((beta+T)/(beta+T+t))^(s-1)).
# --------------------------------------------------------------------------

METHOD_MBGNBD = "mbgnbd+gamma_gamma"
METHOD_PNBD = "pnbd+gamma_gamma"


@dataclass(frozen=True)
class MBGNBDParams:
    r: float
    alpha: float
    a: float
    b: float


@dataclass(frozen=True)
class ParetoNBDParams:
    r: float
    alpha: float
    s: float
    beta: float


class _Rows4:
    """Distinct (x, t_x, T) rows with counts: the likelihoods need nothing else."""

    def __init__(self, x, tx, T_):
        rows, c = np.unique(np.column_stack([x, tx, T_]), axis=0, return_counts=True)
        self.x, self.tx, self.T = rows[:, 0], rows[:, 1], rows[:, 2]
        self.c = c.astype(float)
        self.n = float(len(x))

    def subset(self, pick, counts) -> _Rows4:
        """The rows ``pick`` (indices or a mask) with the customer ``counts`` given for them."""
        sub = _Rows4.__new__(_Rows4)
        sub.x, sub.tx, sub.T = self.x[pick], self.tx[pick], self.T[pick]
        sub.c = np.asarray(counts, dtype=float)
        sub.n = float(sub.c.sum())
        return sub


def _mbgnbd_ll_rows(r, alpha, a, b, x, tx, T_) -> np.ndarray:
    """Per-row MBG/NBD log-likelihood (log-sum-exp of the two terms)."""
    common = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
              + special.betaln(a, b + x + 1.0) - special.betaln(a, b))
    lT = np.log(alpha + T_)
    ltx = np.log(alpha + tx)
    log_ratio = np.log(a) - np.log(b + x) + (r + x) * (lT - ltx)    # term2 / term1
    return common - (r + x) * lT + np.logaddexp(0.0, log_ratio)


def _mbgnbd_ll_grad_rows(r, alpha, a, b, x, tx, T_):
    """Per-row log-likelihood and its gradient (rows x 4) w.r.t. (r, alpha, a, b)."""
    psi = special.digamma
    lT = np.log(alpha + T_)
    ltx = np.log(alpha + tx)
    D = math.log(a) - np.log(b + x) + (r + x) * (lT - ltx)
    ll = (special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha)
          + special.betaln(a, b + x + 1.0) - special.betaln(a, b) - (r + x) * lT + np.logaddexp(0.0, D))
    w = special.expit(D)
    psi_abx = psi(a + b + x + 1.0)
    g = np.empty((len(x), 4))
    g[:, 0] = psi(r + x) - psi(r) + math.log(alpha) - lT + w * (lT - ltx)
    g[:, 1] = r / alpha - (r + x) / (alpha + T_) + w * (r + x) * (1.0 / (alpha + T_) - 1.0 / (alpha + tx))
    g[:, 2] = psi(a + b) - psi_abx + w / a
    g[:, 3] = psi(b + x + 1.0) - psi_abx - psi(b) + psi(a + b) - w / (b + x)
    return ll, g


def mbgnbd_log_likelihood(params: MBGNBDParams, frequency, recency, T) -> float:
    x, tx, T_ = _rft(frequency, recency, T)
    return float(np.sum(_mbgnbd_ll_rows(params.r, params.alpha, params.a, params.b, x, tx, T_)))


def mbgnbd_p_alive(params: MBGNBDParams, frequency, recency, T) -> np.ndarray:
    """P(alive | x, t_x, T) under MBG/NBD: below 1 for one-time buyers too."""
    x, tx, T_ = _rft(frequency, recency, T)
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        log_odds_dead = math.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T_) - np.log(alpha + tx))
    return special.expit(-log_odds_dead)


def _expected_if_alive(params: BGNBDParams, t, x, T_) -> np.ndarray:
    """BG/NBD's E[Y(t) | alive], closed form with bounds and quadrature fallback."""
    r, alpha = params.r, params.alpha
    t = np.broadcast_to(np.asarray(t, dtype=float), x.shape)
    with np.errstate(all="ignore"):
        m = _expected_if_alive_hyp2f1(params, t, x, T_)
        # Sanity bounds on E[Y(t) | alive]: with no drop-out at all it would be
        # the posterior rate times t; it is at least the chance of >= 1
        # purchase, 1 - (1 + t/(alpha+T))^-(r+x).  Outside them (or nan)
        # scipy's hyp2f1 has failed and the quadrature is used instead.
        upper = (r + x) * t / (alpha + T_)
        lower = -np.expm1(-(r + x) * np.log1p(t / (alpha + T_)))
        ok = np.isfinite(m) & (m <= upper * (1 + 1e-8)) & (m >= lower * (1 - 1e-8))
        if not np.all(ok):
            idx = np.flatnonzero(~ok)
            m = m.copy()
            m[idx] = _expected_if_alive_quadrature(params, t[idx], x[idx], T_[idx])
        return np.clip(m, lower, upper)


def mbgnbd_expected_purchases(params: MBGNBDParams, t, frequency, recency, T) -> np.ndarray:
    """E[Y(t) | x, t_x, T] under MBG/NBD: expected purchases in the next ``t``."""
    x, tx, T_ = _rft(frequency, recency, T)
    shifted = BGNBDParams(r=params.r, alpha=params.alpha, a=params.a, b=params.b + 1.0)
    t = np.broadcast_to(np.asarray(t, dtype=float), x.shape)
    with np.errstate(all="ignore"):
        out = _expected_if_alive(shifted, t, x, T_) * mbgnbd_p_alive(params, x, tx, T_)
    out = np.where(np.isfinite(out), out, 0.0)
    return np.where(t <= 0, 0.0, np.maximum(out, 0.0))


# Pareto/NBD -------------------------------------------------------------

_PN_EDGES = np.array([0.0, 0.5, 1.5, 3.5, 7.5, 15.0, 27.0, 45.0])
_PN_X, _PN_W = np.polynomial.legendre.leggauss(6)


#: rows per block of the Pareto/NBD integral: its ~10 temporaries are rows x 42 nodes, 3.4 GB
#: at once for 1M customers; per block of 50,000 rows 170 MB, with the same bits per row
_PN_BLOCK = 50_000


def _pnbd_log_integral(r, alpha, s, beta, x, tx, T_, want_nodes=False):
    """log int_{t_x}^{T} (alpha+u)^-(r+x) (beta+u)^-(s+1) du (-inf when t_x == T).

    With ``want_nodes`` also the integrand-weighted means over u of log(alpha+u),
    1/(alpha+u), log(beta+u) and 1/(beta+u) (rows x 4), for the derivatives under
    the integral. Computed in blocks of :data:`_PN_BLOCK` rows (each row's own sums: the same
    result as in one go)."""
    n = len(x)
    if n <= _PN_BLOCK:
        return _pnbd_log_integral_block(r, alpha, s, beta, x, tx, T_, want_nodes)
    blocks = [_pnbd_log_integral_block(r, alpha, s, beta, x[i:i + _PN_BLOCK], tx[i:i + _PN_BLOCK],
                                       T_[i:i + _PN_BLOCK], want_nodes) for i in range(0, n, _PN_BLOCK)]
    if not want_nodes:
        return np.concatenate(blocks)
    return np.concatenate([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks])


def _pnbd_log_integral_block(r, alpha, s, beta, x, tx, T_, want_nodes):
    k = r + s + x
    ltx = np.log(alpha + tx)
    L = k * (np.log(alpha + T_) - ltx)
    c = (beta - alpha) / (alpha + tx)
    lo = np.minimum(_PN_EDGES[:-1][None, :], L[:, None])
    hi = np.minimum(_PN_EDGES[1:][None, :], L[:, None])
    half = (hi - lo) / 2.0
    n = len(x)
    nodes = (lo[:, :, None] + half[:, :, None] * (_PN_X[None, None, :] + 1.0)).reshape(n, -1)
    w = (half[:, :, None] * _PN_W[None, None, :]).reshape(n, -1)
    l_k = nodes / k[:, None]                       # log((alpha+u)/(alpha+t_x))
    E = np.exp(-l_k)
    L1 = np.log1p(c[:, None] * E)                  # log((beta+u)/(alpha+u))
    lf = -nodes - (s + 1.0) * L1
    m = np.max(lf, axis=1)                         # the integrand is largest at l = 0
    ex = w * np.exp(lf - m[:, None])
    total = np.sum(ex, axis=1)
    with np.errstate(divide="ignore"):
        out = -k * ltx - np.log(k) + m + np.log(total)
    if not want_nodes:
        return out
    with np.errstate(invalid="ignore", divide="ignore"):
        om = ex / total[:, None]
    om = np.where(np.isfinite(om), om, 0.0)
    mean_l = np.sum(om * l_k, axis=1)
    mean_E = np.sum(om * E, axis=1)
    inv_a = 1.0 / (alpha + tx)
    means = np.column_stack([
        ltx + mean_l,                                          # E log(alpha+u)
        mean_E * inv_a,                                        # E 1/(alpha+u)
        ltx + mean_l + np.sum(om * L1, axis=1),                # E log(beta+u)
        np.sum(om * E * np.exp(-L1), axis=1) * inv_a,          # E 1/(beta+u)
    ])
    return out, means


def _pnbd_terms(r, alpha, s, beta, x, tx, T_):
    """(log of the 'alive at T' term, log of the 'died in (t_x, T]' term), common factor left out."""
    first = -(r + x) * np.log(alpha + T_) - s * np.log(beta + T_)
    with np.errstate(divide="ignore", invalid="ignore"):
        second = math.log(s) + _pnbd_log_integral(r, alpha, s, beta, x, tx, T_)
    second = np.where(T_ > tx, second, -np.inf)
    return first, second


def _pnbd_ll_rows(r, alpha, s, beta, x, tx, T_) -> np.ndarray:
    first, second = _pnbd_terms(r, alpha, s, beta, x, tx, T_)
    common = special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha) + s * math.log(beta)
    return common + np.logaddexp(first, second)


def _pnbd_ll_grad_rows(r, alpha, s, beta, x, tx, T_):
    """Per-row Pareto/NBD log-likelihood and its gradient (rows x 4) w.r.t. (r, alpha, s, beta);
    the integral's derivatives are taken under the integral on the same nodes."""
    psi = special.digamma
    lTa, lTb = np.log(alpha + T_), np.log(beta + T_)
    first = -(r + x) * lTa - s * lTb
    with np.errstate(divide="ignore", invalid="ignore"):
        logI, means = _pnbd_log_integral(r, alpha, s, beta, x, tx, T_, want_nodes=True)
    second = np.where(T_ > tx, math.log(s) + logI, -np.inf)
    common = special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha) + s * math.log(beta)
    ll = common + np.logaddexp(first, second)
    wF = special.expit(first - second)
    wS = 1.0 - wF
    g = np.empty((len(x), 4))
    g[:, 0] = psi(r + x) - psi(r) + math.log(alpha) - wF * lTa - wS * means[:, 0]
    g[:, 1] = r / alpha - wF * (r + x) / (alpha + T_) - wS * (r + x) * means[:, 1]
    g[:, 2] = math.log(beta) - wF * lTb + wS * (1.0 / s - means[:, 2])
    g[:, 3] = s / beta - wF * s / (beta + T_) - wS * (s + 1.0) * means[:, 3]
    return ll, g


def pnbd_log_likelihood(params: ParetoNBDParams, frequency, recency, T) -> float:
    x, tx, T_ = _rft(frequency, recency, T)
    return float(np.sum(_pnbd_ll_rows(params.r, params.alpha, params.s, params.beta, x, tx, T_)))


def pnbd_p_alive(params: ParetoNBDParams, frequency, recency, T) -> np.ndarray:
    """P(alive | x, t_x, T) under Pareto/NBD."""
    x, tx, T_ = _rft(frequency, recency, T)
    first, second = _pnbd_terms(params.r, params.alpha, params.s, params.beta, x, tx, T_)
    return special.expit(first - second)


def pnbd_expected_purchases(params: ParetoNBDParams, t, frequency, recency, T) -> np.ndarray:
    """E[Y(t) | x, t_x, T] under Pareto/NBD."""
    x, tx, T_ = _rft(frequency, recency, T)
    r, alpha, s, beta = params.r, params.alpha, params.s, params.beta
    t = np.broadcast_to(np.asarray(t, dtype=float), x.shape)
    log_keep = np.log(beta + T_) - np.log(beta + T_ + t)      # <= 0
    if abs(s - 1.0) < 1e-8:
        lifetime = -log_keep
    else:
        lifetime = -np.expm1((s - 1.0) * log_keep) / (s - 1.0)
    out = pnbd_p_alive(params, x, tx, T_) * (r + x) * (beta + T_) / (alpha + T_) * lifetime
    out = np.where(np.isfinite(out), out, 0.0)
    return np.where(t <= 0, 0.0, np.maximum(out, 0.0))


# fitting ------------------------------------------------------------------

def _analytic_objective(ll_grad_rows, data: _Rows4):
    """-mean log-likelihood over log-parameters and its gradient."""

    def fun(theta):
        par = np.exp(theta)
        with np.errstate(all="ignore"):
            ll, g = ll_grad_rows(*par, data.x, data.tx, data.T)
            v = -_dot(data.c, ll) / data.n
            grad = -np.sum(data.c[:, None] * g, axis=0) / data.n * par   # (no BLAS: the same bits every run)
        if not np.isfinite(v) or not np.all(np.isfinite(grad)):
            return 1e300, np.zeros(len(theta))
        return v, grad

    return fun


#: the new models' fits: analytic gradients, the same optimisers as BG/NBD
_NUMERIC_OPTIMISERS = OPTIMISERS


def _prepare_fit(frequency, recency, T, what):
    x, tx, T_ = _rft(frequency, recency, T)
    if len(x) == 0:
        raise FitError(f"{what}: no customers")
    if not np.any(x > 0):
        raise FitError(f"{what}: nobody made a repeat purchase")
    if not np.any(T_ > 0):
        raise FitError(f"{what}: no customer has been observed for any time")
    scale = _time_scale(T_)
    data = _Rows4(x, tx / scale, T_ / scale)
    rate = max(float(np.sum(x) / max(np.sum(T_ / scale), 1e-9)), 1e-3)
    return data, scale, rate


def fit_mbgnbd(frequency, recency, T) -> MBGNBDParams:
    """Maximum-likelihood MBG/NBD parameters (time unit of the data)."""
    data, scale, rate = _prepare_fit(frequency, recency, T, "MBG/NBD")
    fun = _analytic_objective(_mbgnbd_ll_grad_rows, data)
    starts = [np.log([1.0, 1.0 / rate, 1.0, 1.0]), np.log([0.25, 0.25 / rate, 0.8, 2.5]),
              np.log([0.5, 1.0, 0.5, 5.0])]
    r, alpha, a, b = _minimise(fun, starts, 4, "MBG/NBD", ("r", "alpha", "a", "b"),
                               {"a": "both", "b": "both", "r": "upper", "alpha": "upper"},
                               _NUMERIC_OPTIMISERS)
    return MBGNBDParams(r=float(r), alpha=float(alpha * scale), a=float(a), b=float(b))


_PNBD_SUBSAMPLE = 10_000
#: the most customers the Pareto/NBD likelihood is maximised on: beyond this a fixed random
#: sample of them (its integral costs ~56 evaluations per distinct row; 1M customers took 78 s a
#: fit, and a build fits twice: backtest and forecast). The parameters' sampling error at 200,000
#: is far below the model's own (tests/test_future_sample.py); p_alive and the forecast are
#: computed for every customer with them.
PNBD_FIT_CUSTOMERS = 200_000


def pnbd_fit_sample(customers: int) -> int | None:
    """How many of ``customers`` the Pareto/NBD fit uses when it samples, or None (all of them)."""
    return PNBD_FIT_CUSTOMERS if customers > PNBD_FIT_CUSTOMERS else None


def _customer_sample(data: _Rows4, size: int) -> _Rows4:
    """A fixed random sample of ``size`` of the customers behind ``data`` (without replacement,
    seeded: the same sample on every run, whatever the customers' order), as distinct rows."""
    counts = np.random.default_rng(0).multivariate_hypergeometric(
        data.c.astype(np.int64), size, method="marginals")
    keep = counts > 0
    return data.subset(keep, counts[keep])


def fit_pareto_nbd(frequency, recency, T) -> ParetoNBDParams:
    """Maximum-likelihood Pareto/NBD parameters (time unit of the data); beyond
    ``PNBD_FIT_CUSTOMERS`` customers on a fixed random sample of them (:func:`pnbd_fit_sample`)."""
    data, scale, rate = _prepare_fit(frequency, recency, T, "Pareto/NBD")
    sample = pnbd_fit_sample(int(data.n))
    if sample is not None:
        data = _customer_sample(data, sample)
    fun = _analytic_objective(_pnbd_ll_grad_rows, data)
    starts = [np.log([0.5, 0.5 / rate, 0.5, 1.0]), np.log([1.0, 1.0 / rate, 1.0, 1.0]),
              np.log([0.25, 0.25 / rate, 2.0, 2.0])]
    if len(data.c) > _PNBD_SUBSAMPLE:
        # Many distinct rows: search from the starts on a fixed random subsample of the rows
        # (the likelihood's integral costs ~56 evaluations per row), then polish on all of them.
        pick = np.random.default_rng(0).choice(len(data.c), _PNBD_SUBSAMPLE, replace=False)
        sub = data.subset(pick, data.c[pick])
        try:
            first = _minimise(_analytic_objective(_pnbd_ll_grad_rows, sub), starts, 4, "Pareto/NBD",
                              ("r", "alpha", "s", "beta"),
                              {"s": "both", "beta": "both", "r": "upper", "alpha": "upper"}, _NUMERIC_OPTIMISERS)
            polished = _minimise(fun, [np.log(first)], 4, "Pareto/NBD", ("r", "alpha", "s", "beta"),
                                 {"s": "both", "beta": "both", "r": "upper", "alpha": "upper"},
                                 _NUMERIC_OPTIMISERS)
            r, alpha, s, beta = polished
            return ParetoNBDParams(r=float(r), alpha=float(alpha * scale), s=float(s), beta=float(beta * scale))
        except FitError:
            pass            # then all the starts on all the rows
    r, alpha, s, beta = _minimise(fun, starts, 4, "Pareto/NBD", ("r", "alpha", "s", "beta"),
                                  {"s": "both", "beta": "both", "r": "upper", "alpha": "upper"},
                                  _NUMERIC_OPTIMISERS)
    return ParetoNBDParams(r=float(r), alpha=float(alpha * scale), s=float(s), beta=float(beta * scale))


# --------------------------------------------------------------------------
# A change in the last 12 months
#
# Every count model above assumes that, while active, a customer buys at one
# constant rate lambda ~ Gamma(r, alpha).  A customer who bought eleven times
# the year before and twice last year is then forecast at the average of the
# two years.  A second hypothesis lets the rate change at the start of the last
# RECENT_DAYS (the same 12 months as revenue_12m): before and after, two
# independent rates from the same population Gamma(r, alpha).  Both hypotheses'
# marginal likelihoods are closed forms (the Poisson-Gamma integral):
#
#     m(k, t) = G(r+k)/G(r) * alpha^r / (alpha+t)^(r+k)
#     H0: m(x, T)                 H1: m(x - x2, T - T2) * m(x2, T2)
#
# with x2 the repeat purchases in the last T2 = RECENT_DAYS days.  With prior
# weight pi on a change, P(H1 | data) = pi m1 / (pi m1 + (1-pi) m0).  A customer
# younger than RECENT_DAYS, or without any repeat purchase, has no history to
# change from: P(H1) = 0 (otherwise a one-time buyer of long ago would look more
# active under H1, only because a year without purchases says less than three).  Under H1 the
# purchase rate given alive is the recent posterior mean (r+x2)/(alpha+T2)
# instead of (r+x)/(alpha+T), so the chosen model's expected purchases are
# scaled by that ratio (exact for Pareto/NBD, whose E[Y(t)] is P(alive) times
# that mean times a lifetime factor; for MBG/NBD the same scaling of the rate),
# and the value per purchase is the recent purchases' mean weighed against the customer's own
# earlier level (recent_order_value), as Gamma-Gamma weighs it against the population's.  The
# forecast is the average of both hypotheses by their posterior weight.  pi is
# not assumed: the backtest tries a grid of values and keeps the best, so pi = 0
# (no change) is chosen whenever the company's data say that rates do not move.
# --------------------------------------------------------------------------

RECENT_DAYS = 365.0
#: the prior weights of a change the backtest tries (0 = the constant-rate model)
CHANGE_PRIORS = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)


@dataclass(frozen=True)
class Recent:
    """Per customer: repeat purchases (days) and their mean value in the last RECENT_DAYS."""
    frequency: np.ndarray
    monetary: np.ndarray


def _log_marginal(r, alpha, k, t):
    return special.gammaln(r + k) - special.gammaln(r) + r * np.log(alpha) - (r + k) * np.log(alpha + t)


def change_weight(r: float, alpha: float, frequency, T, recent_frequency, prior: float,
                  days: float = RECENT_DAYS) -> tuple[np.ndarray, np.ndarray]:
    """P(the purchase rate changed ``days`` ago | data) and the rate ratio recent / whole history.

    ``r``, ``alpha``: the population Gamma of purchase rates of the fitted count
    model; ``frequency``, ``T``: repeat purchases and age (days); ``recent_frequency``:
    repeat purchases in the last ``days``.
    """
    x, T_ = _arr(frequency, "frequency"), _arr(T, "T")
    x2 = _arr(recent_frequency, "recent_frequency")
    if len(x2) != len(x) or len(T_) != len(x):
        raise ValueError("frequency, T and recent_frequency must have the same length")
    if np.any(x2 > x) or np.any(x2 < 0):
        raise ValueError("recent_frequency must lie between 0 and frequency")
    if not 0.0 <= prior <= 1.0:
        raise ValueError("the prior weight of a change must lie in [0, 1]")
    # a split needs a history to change from: older than ``days`` and at least one repeat purchase
    split = (T_ > days) & (x > 0)
    T2 = np.where(split, days, T_)
    x2 = np.where(split, x2, x)
    ratio = ((r + x2) / (alpha + T2)) / ((r + x) / (alpha + T_))
    if prior == 0.0 or not np.any(split):
        return np.zeros(len(x)), ratio
    if prior == 1.0:
        return split.astype(float), ratio
    l0 = _log_marginal(r, alpha, x, T_)
    l1 = _log_marginal(r, alpha, x - x2, T_ - T2) + _log_marginal(r, alpha, x2, T2)
    z = np.log(prior) - np.log1p(-prior) + l1 - l0
    weight = np.where(split, special.expit(np.where(split, z, 0.0)), 0.0)
    return weight, ratio


def recent_order_value(pg: GammaGammaParams, frequency, monetary, recent_frequency, recent_monetary, first,
                       value) -> np.ndarray:
    """The value per purchase under 'the customer changed 12 months ago': the recent repeat purchases'
    mean, weighed as Gamma-Gamma weighs a customer's mean against its prior (``p x2 / (p x2 + q - 1)``),
    but against the customer's own earlier level (Gamma-Gamma on the purchases before the last 12
    months, or on the first order) instead of the whole population's mean: one recent order of
    112 after six of 199 on average is not a customer of the population's 2,290 a purchase (the
    sample's K0057 was forecast at 617 a purchase that way). ``value``: the whole history's, for
    customers without a recent repeat purchase."""
    x, m = _arr(frequency, "frequency"), _arr(monetary, "monetary")
    x2, m2 = _arr(recent_frequency, "recent frequency"), _arr(recent_monetary, "recent monetary")
    x1 = np.maximum(x - x2, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        m1 = np.where(x1 > 0, np.maximum(x * np.nan_to_num(m) - x2 * np.nan_to_num(m2), 0.0) / x1, 0.0)
    earlier = gamma_gamma_expected_value(pg, x1, m1, first)
    w = pg.p * x2 / (pg.p * x2 + pg.q - 1.0)
    return np.where((x2 > 0) & np.isfinite(m2), w * np.maximum(np.nan_to_num(m2), 0.0) + (1.0 - w) * earlier, value)


def with_change(purchases, value, weight, ratio, recent_value):
    """Expected purchases and revenue averaged over 'no change' and 'changed' (see above)."""
    purchases = np.asarray(purchases, dtype=float)
    factor = (1.0 - weight) + weight * ratio
    revenue = purchases * ((1.0 - weight) * value + weight * ratio * recent_value)
    return purchases * factor, revenue
