"""Formatting a whole column of values at once, for pages made per customer.

A customer page shows some 650 values. Formatting them one at a time through
:class:`generator.text.i18n.Formatter` costs a few microseconds each (a missing-value
check, a kind dispatch, Decimal rounding, a translate per value); at 100,000
customers that is minutes. Here each column is formatted for every customer in
one go: the signs and the choice of decimals are worked out with numpy, the
digits by ``format`` per value, and the locale's separators by one ``translate``
over the whole column joined. The result is the same text the Formatter writes,
character for character (tests compare the two on random values and on every
rounding tie).

Rounding. The Formatter rounds half-even on the value as Python prints it
(``Decimal(repr(v))``, as Babel does), so 2.675 is "2,68". ``format`` rounds the
float's exact binary value (2.67499999…) and says "2,67". The two differ only on
such a printed tie, so values within a hair of a tie are given to the Formatter
itself; every other value is rounded here.
"""
from __future__ import annotations

import numpy as np

from generator.text.i18n import MEASURE_FORMATS, Formatter, is_missing

#: between the values of a column while its separators are swapped (never in a number)
_SEP = "\n"


class ColumnFormatter:
    """:class:`Formatter`'s number, money, percent and measure formats for a column of values
    (a list, numpy array or pandas Series); missing values (None, NaN, NaT, pd.NA) as its dash."""

    def __init__(self, fmt: Formatter):
        self.fmt = fmt

    # ------------------------------------------------------------------ the formats

    def money(self, values, decimals: int = 0) -> list[str]:
        x, known = _floats(values)
        texts = self._digits(np.abs(x), known, decimals, 0, values)
        minus = "−" + self.fmt._joiner
        prefix = self.fmt._money_prefix
        return [self.fmt.MISSING if not k else (minus if v < 0 else "") + prefix + t
                for t, v, k in zip(texts, x.tolist(), known.tolist())]

    def money2(self, values) -> list[str]:
        return self.money(values, 2)

    def number(self, values, decimals: int | None = None) -> list[str]:
        x, known = _floats(values)
        a = np.abs(x)
        if decimals is None:  # as Formatter.number: whole numbers and from 100 on without decimals
            with np.errstate(invalid="ignore"):
                whole = (x == np.trunc(x)) | (a >= 100)
            texts = _merge(whole, self._digits(a, known & whole, 0, 0, values),
                           self._digits(a, known & ~whole, 1, 0, values))
        else:
            texts = self._digits(a, known, decimals, 0, values)
        return [self.fmt.MISSING if not k else ("−" if v < 0 and t.strip("0.,") else "") + t
                for t, v, k in zip(texts, x.tolist(), known.tolist())]

    def count(self, values) -> list[str]:
        return self.number(values, 0)

    def percent(self, values, decimals: int = 0) -> list[str]:
        x, known = _floats(values)
        texts = self._digits(np.abs(x), known, decimals, 2, values)
        suffix = self.fmt._percent_suffix
        return [self.fmt.MISSING if not k else
                ("−" if v < 0 and any(c in "123456789" for c in t) else "") + t + suffix
                for t, v, k in zip(texts, x.tolist(), known.tolist())]

    def measure(self, values, kind: str) -> list[str]:
        """As :meth:`Formatter.measure`, for a column of one catalogue measure."""
        fixed = MEASURE_FORMATS.get(kind)
        if fixed is not None:
            method, decimals = fixed
            return getattr(self, method)(values, decimals)
        if kind == "rating":
            x, known = _floats(values)
            with np.errstate(invalid="ignore"):
                whole = x == np.trunc(x)
            return _merge(whole, self.number(np.where(whole, x, np.nan), 0),
                          self.number(np.where(whole | ~known, np.nan, x), None))
        if kind in ("bool", "date", "text"):  # one at a time, once per distinct value (dates repeat)
            fmt, done, out = self.fmt, {}, []
            for v in _objects(values):
                key = (type(v), v)  # 1 and 1.0 and True are equal keys, but not the same text
                try:
                    text = done[key]
                except (KeyError, TypeError):
                    text = fmt.measure(v, kind)
                    try:
                        done[key] = text
                    except TypeError:  # unhashable: not kept
                        pass
                out.append(text)
            return out
        return self.number(values)  # number, and any other numeric kind

    # ------------------------------------------------------------------ digits

    def _digits(self, a: np.ndarray, known: np.ndarray, decimals: int, scale: int, values) -> list[str]:
        """``a`` (absolute values) with grouping and ``decimals`` decimals after scaling by
        10**scale, in the locale's separators; '' where not ``known``."""
        finite = known & np.isfinite(a)
        x = a * 10.0 ** scale if scale else a
        spec = f",.{decimals}f"
        if decimals == 0 and not scale:
            # as Formatter._digits: round() on the float is half-even on its exact value
            rounded = np.where(finite, np.round(a), 0.0)
            texts = [format(int(v), ",") if f else "" for v, f in zip(rounded.tolist(), finite.tolist())]
            exact = np.zeros(len(a), dtype=bool)
        else:
            texts = [format(v, spec) if f else "" for v, f in zip(x.tolist(), finite.tolist())]
            # a printed tie (…5 just past the last decimal shown): the Formatter decides
            with np.errstate(invalid="ignore", over="ignore"):
                t = x * 10.0 ** (decimals + 1)
                nearest = np.round(t)
                exact = finite & (np.abs(t - nearest) <= 1e-6 * np.maximum(1.0, np.abs(t))) \
                    & (np.mod(nearest, 10) == 5)
        joined = _SEP.join(texts).translate(self.fmt._symbols)
        texts = joined.split(_SEP) if texts else []
        if exact.any() or (known & ~finite).any():
            items = _objects(values)
            for i in np.flatnonzero(exact | (known & ~finite)).tolist():
                texts[i] = self.fmt._digits(abs(float(items[i])), decimals, scale)
        return texts


def _floats(values) -> tuple[np.ndarray, np.ndarray]:
    """The values as float64 (NaN where missing) and which are known."""
    if hasattr(values, "to_numpy"):
        try:
            x = values.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            x = np.array([np.nan if is_missing(v) else float(v) for v in values], dtype=float)
    elif isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        x = values.astype(float)
    else:
        x = np.array([np.nan if is_missing(v) else float(v) for v in values], dtype=float)
    return x, ~np.isnan(x)


def _objects(values) -> list:
    if hasattr(values, "tolist"):
        return values.tolist()
    return list(values)


def _merge(first: np.ndarray, a: list[str], b: list[str]) -> list[str]:
    """``a`` where ``first``, else ``b``."""
    return [x if f else y for f, x, y in zip(first.tolist(), a, b)]
