"""Numbers, money, percentages and dates in the build language: one :class:`Formatter`.

Dutch: € 1.234,56, 12,5 % and 30 juni 2026; English: €1,234.56, 12.5% and 30 June
2026. Missing values print as an em dash. Babel supplies the locale's symbols and
dates; the digits are Babel's number patterns applied by plain string formatting,
the same text (tests compare with Babel itself) at a fraction of the cost per
number, which counts with a page and an action text per customer. For the pages
made per customer, :attr:`Formatter.columns` formats a whole column at once
(:class:`ColumnFormatter`), again to the same text.

Spaces inside an amount. On the site (HTML, and the PDF, which is the site
printed) a line must never break between '€' and its number, nor between a
number and its '%' (Dutch writes both with a space): ``Formatter(..., nbsp=True)``
makes that space a no-break space (U+00A0, :data:`NBSP`) and ties a minus sign to
the '€' after it by a word joiner (U+2060, :data:`WORD_JOINER`, invisible:
browsers otherwise break "−|€ 250"). Every plain-text output keeps an ordinary
space: scores.csv, actions.csv, report.json, the letter drafts, the action texts
and reasons rendered from the policy's templates, and the terminal (explain,
diff). Those texts are copied into mail, spreadsheets and scripts, where a
no-break space is an invisible surprise (it does not match ' ', and some mail
clients show it as 'Â '). When the site shows such a plain text,
:func:`nowrap_amounts` makes the same spaces no-break for the page only.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
from babel.dates import format_date
from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol, get_infinity_symbol

from generator.text.plural import locale
from generator.text.translation import Translator

MISSING = "—"
_INFINITY = float("inf")
NBSP = "\u00a0"
WORD_JOINER = "\u2060"

#: whether a language writes a space between the currency symbol and the amount, and between a
#: number and '%' (Dutch "€ 12" and "12 %"; Babel's Dutch percent pattern has none, the house style has)
_SPACED = {"nl": (True, True), "en": (False, False)}

#: a catalogue measure kind with a fixed format on the pages: (method, decimals), the method being
#: one that both Formatter (a value) and ColumnFormatter (a whole column) have; money with cents
MEASURE_FORMATS = {"money": ("money", 2), "ratio": ("percent", 1), "probability": ("percent", 0),
                   "score": ("number", 0), "count": ("number", 0), "days": ("number", 0)}


def is_missing(value) -> bool:
    """None, NaN, NaT and pd.NA; a list or other container is a value."""
    if value is None:
        return True
    kind = type(value)
    if kind is float:  # the common cases first: called for every value on every page
        return value != value
    if kind is int or kind is str or kind is bool:
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-likes are values
        return False


_AMOUNT_SPACE = re.compile(r"(?<=[€$£¥¤]) (?=[−+-]?\d)|(?<=\d) (?=%)")
_SIGN_BEFORE_SYMBOL = re.compile(r"(?<=[−+±-])(?=[€$£¥¤])")


def nowrap_amounts(text: str) -> str:
    """A plain text (an action text, a reason) for an HTML page: the space between a currency
    symbol and its amount (``€ 1.234``) and between a number and ``%`` becomes a no-break space,
    and a sign is joined to the symbol after it (``−€``), so a line never breaks inside an amount.
    The plain text itself stays as it was (see the module's note)."""
    if not text:
        return text
    return _SIGN_BEFORE_SYMBOL.sub(WORD_JOINER, _AMOUNT_SPACE.sub(NBSP, text))


class Formatter:
    """Numbers, money, percentages, dates and a few words (yes/no, bands, tenure) in ``lang``;
    ``nbsp=True`` for HTML (see the module's note)."""

    MISSING = MISSING

    def __init__(self, lang: str, currency: str = "EUR", nbsp: bool = False):
        self._t = Translator(lang)  # raises for a language without texts
        self.lang = lang
        self.currency = currency
        self.nbsp = nbsp
        loc = locale(lang)
        self._symbols = str.maketrans({",": get_group_symbol(loc), ".": get_decimal_symbol(loc)})
        self._infinity = get_infinity_symbol(loc)
        space = NBSP if nbsp else " "
        self._joiner = WORD_JOINER if nbsp else ""  # "−|€" is a line break opportunity
        money_space, percent_space = _SPACED[lang]
        self._money_prefix = get_currency_symbol(currency, loc) + (space if money_space else "")
        self._percent_suffix = (space if percent_space else "") + "%"

    missing = staticmethod(is_missing)

    @cached_property
    def columns(self) -> ColumnFormatter:
        """The same formats for a whole column of values at once."""
        return ColumnFormatter(self)

    # ------------------------------------------------------------------ numbers

    def money(self, value, decimals: int = 0) -> str:
        """``€ 1.234`` (nl) or ``€1,234`` (en)."""
        if is_missing(value):
            return MISSING
        v = float(value)
        return ("−" + self._joiner if v < 0 else "") + self._money_prefix + self._digits(v, decimals)

    def money2(self, value) -> str:
        return self.money(value, 2)

    def number(self, value, decimals: int | None = None) -> str:
        """Without ``decimals``: whole numbers and from 100 on without decimals, else one."""
        if is_missing(value):
            return MISSING
        v = float(value)
        if decimals is None:
            decimals = 0 if abs(v) >= 100 or v == int(v) else 1
        text = self._digits(v, decimals)
        return ("−" if v < 0 and text.strip("0.,") else "") + text

    def count(self, value) -> str:
        return self.number(value, 0)

    def percent(self, value, decimals: int = 0) -> str:
        """``12 %`` (nl) or ``12%`` (en) of a ratio (0.12)."""
        if is_missing(value):
            return MISSING
        v = float(value)
        text = self._digits(v, decimals, scale=2) + self._percent_suffix
        return ("−" if v < 0 and any(c in "123456789" for c in text) else "") + text

    def _digits(self, v: float, decimals: int, scale: int = 0) -> str:
        """abs(v) with grouping and ``decimals`` decimals, rounded half-even like Babel (which
        quantizes Decimal(str(v)); format() of that Decimal does the same)."""
        a = abs(v)
        if not decimals and not scale and a < 2 ** 52:
            # a whole number: round() is half-even on the float, which rounds as its shortest
            # decimal text does (a float whose text ends in exactly .5 is exactly that number)
            return format(round(a), ",").translate(self._symbols)
        if a == _INFINITY:
            return self._infinity
        d = Decimal(repr(a))
        if scale:
            d = d.scaleb(scale)
        return format(d, f",.{decimals if decimals > 0 else 0}f").translate(self._symbols)  # as Babel's pattern

    # ------------------------------------------------------------------ dates and durations

    def date(self, value, style: str = "long") -> str:
        if is_missing(value):
            return MISSING
        return _format_date(_as_date(value), style, self.lang)

    def years(self, days, at_least: int = 0) -> str:
        """A duration in days as whole years, rounded down (letters say at least 1)."""
        if is_missing(days):
            return MISSING
        return self.count(max(at_least, math.floor(float(days) / 365.25)))

    def tenure(self, days) -> str:
        """How long a customer has been one: "5 jaar" from a year on, "5 maanden" below a year
        (a month is 365.25 / 12 days, both rounded down) and "nieuw" / "new" below one month."""
        if is_missing(days):
            return MISSING
        d = float(days)
        if d >= 365.25:
            return self._t("tenure_years", n=self.count(math.floor(d / 365.25)))
        months = math.floor(d / (365.25 / 12))
        if months >= 1:
            return self._t("tenure_months", n=self.count(months))
        return self._t("tenure_new")

    # ------------------------------------------------------------------ words and measures

    def bool(self, value) -> str:
        if is_missing(value):
            return MISSING
        return self._t("yes") if value else self._t("no")

    def band(self, value) -> str:
        if is_missing(value):
            return MISSING
        return self._t.get(f"band_{value}", str(value))

    def coded(self, name: str, value) -> str:
        """A text measure whose values are codes, in words: a band ('low' → 'laag') or an RFM
        segment ('at_risk' → 'Dreigt te vertrekken'); any other text as it is."""
        if is_missing(value):
            return MISSING
        if name.endswith("_band"):
            return self.band(value)
        if name == "rfm_segment":
            return self._t.get(f"rfm.{value}", str(value))
        return str(value)

    def measure(self, value, kind: str) -> str:
        """A catalogue measure by its kind, as a page shows it (money with cents)."""
        if is_missing(value):
            return MISSING
        fixed = MEASURE_FORMATS.get(kind)
        if fixed is not None:
            method, decimals = fixed
            return getattr(self, method)(value, decimals)
        if kind == "rating":
            return self.number(value, 0 if float(value).is_integer() else None)
        if kind == "bool":
            return self.bool(value)
        if kind == "date":
            return self.date(value)
        if kind == "text":
            return str(value)
        return self.number(value)

    def quoted(self, value, kind: str) -> str:
        """A catalogue measure as a sentence quotes it (an action's reason): whole amounts and
        percentages, whole counts, days and ratings, a medium date."""
        if is_missing(value):
            return MISSING
        if kind == "money":
            return self.money(value)
        if kind in ("ratio", "probability"):
            return self.percent(value)
        if kind == "date":
            return self.date(value, "medium")
        if kind == "bool":
            return self.bool(value)
        if kind == "text":
            return str(value)
        if kind in ("count", "days", "rating"):
            return self.number(value, 0)
        return self.number(value)

    def signed(self, value, kind: str) -> str:
        """A change with its sign: +€ 1.234, −3, +2,1 procentpunt."""
        if is_missing(value):
            return MISSING
        v = float(value)
        sign = "+" if v > 0 else ("−" if v < 0 else "±")
        if kind == "ratio":
            return sign + self._t("percentage_points", n=self.number(abs(v) * 100, 1))
        if kind == "money":
            return sign + self._joiner + self.money(abs(v))
        return sign + self.number(abs(v))


def d3_number_locale(lang: str, currency_symbol: str) -> dict:
    """The d3-format locale of a language, so chart axes read like the rest of the page."""
    loc = locale(lang)
    money_space, percent_space = _SPACED[lang]
    number = {"decimal": get_decimal_symbol(loc), "thousands": get_group_symbol(loc), "grouping": [3],
              "currency": [currency_symbol + (" " if money_space else ""), ""], "minus": "−"}
    if percent_space:
        number["percent"] = " %"
    return number


@lru_cache(maxsize=65536)
def _format_date(value, style: str, lang: str) -> str:
    """Babel's date text, once per distinct date (a column holds few of them)."""
    return format_date(value, format=style, locale=locale(lang))


def _as_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return value


# --------------------------------------------------------------------------- a whole column at once

#: between the values of a column while its separators are swapped (never in a number)
_SEP = "\n"


class ColumnFormatter:
    """:class:`Formatter`'s number, money, percent and measure formats for a column of values
    (a list, numpy array or pandas Series); missing values (None, NaN, NaT, pd.NA) as its dash.

    A customer page shows some 650 values; one at a time they cost a few microseconds each (a
    missing-value check, a kind dispatch, Decimal rounding, a translate per value), minutes at
    100,000 customers. Here the signs and the choice of decimals are worked out with numpy, the
    digits by ``format`` per value, and the locale's separators by one ``translate`` over the whole
    column joined: the same text as the Formatter, character for character (tests compare the two
    on random values and on every rounding tie).

    Rounding. The Formatter rounds half-even on the value as Python prints it (``Decimal(repr(v))``,
    as Babel does), so 2.675 is "2,68". ``format`` rounds the float's exact binary value
    (2.67499999…) and says "2,67". The two differ only on such a printed tie and on floats too large
    for their digits to be exact, so those values are given to the Formatter itself.
    """

    def __init__(self, fmt: Formatter):
        self.fmt = fmt

    def money(self, values, decimals: int = 0) -> list[str]:
        x, known = _floats(values)
        texts = self._digits(np.abs(x), known, decimals, 0, values)
        minus = "−" + self.fmt._joiner
        prefix = self.fmt._money_prefix
        return [MISSING if not k else (minus if v < 0 else "") + prefix + t
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
        return [MISSING if not k else ("−" if v < 0 and t.strip("0.,") else "") + t
                for t, v, k in zip(texts, x.tolist(), known.tolist())]

    def count(self, values) -> list[str]:
        return self.number(values, 0)

    def percent(self, values, decimals: int = 0) -> list[str]:
        x, known = _floats(values)
        texts = self._digits(np.abs(x), known, decimals, 2, values)
        suffix = self.fmt._percent_suffix
        return [MISSING if not k else
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
        with np.errstate(invalid="ignore"):
            exact |= finite & (a >= 2 ** 52)  # digits past a float's precision: the Formatter decides
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
