"""Numbers, money, percentages and dates in the build language's conventions.

Dutch: € 1.234,56 and 30 juni 2026; English: €1,234.56 and 30 June 2026.
Babel does the locale work; missing values print as an em dash.

Spaces inside an amount. On the site (HTML, and the PDF, which is the site
printed) a line must never break between '€' and its number, nor between a
number and its '%' (Dutch writes both with a space): pass ``nbsp=True`` and
that space is a no-break space (U+00A0, :data:`NBSP`), and a minus sign is
tied to the '€' after it by a word joiner (U+2060, :data:`WORD_JOINER`,
invisible: browsers otherwise break "−|€ 250"). Every plain-text
output keeps an ordinary space: scores.csv, actions.csv, report.json, the
letter drafts, the action texts and reasons rendered from the policy's
templates, and the terminal (explain, diff). Those texts are copied into
mail, spreadsheets and scripts, where a no-break space is an invisible
surprise (it does not match ' ', and some mail clients show it as 'Â ').
When the site shows such a plain text, :func:`nowrap_amounts` makes the
same spaces no-break for the page only.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol, get_infinity_symbol

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
MISSING = "—"
NBSP = "\u00a0"
WORD_JOINER = "\u2060"


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, lang))


def is_missing(value) -> bool:
    if value is None:
        return True
    if type(value) is float:  # the common case, without the cost of pd.isna
        return value != value
    try:
        import pandas as pd

        return bool(pd.isna(value))  # NaN, NaT, pd.NA
    except (TypeError, ValueError):  # a list or other container is not missing
        return False


def money(value, lang: str, currency: str = "EUR", decimals: int = 0, nbsp: bool = False) -> str:
    """``€ 1.234`` (nl) or ``€1,234`` (en); with ``nbsp`` (for HTML) the Dutch space is a no-break
    space and a minus sign is joined to the '€'."""
    if is_missing(value):
        return MISSING
    v = float(value)
    prefix = _currency_symbol(currency, lang) + ((NBSP if nbsp else " ") if lang == "nl" else "")
    sign = ("−" + WORD_JOINER if nbsp else "−") if v < 0 else ""
    return sign + prefix + _digits(v, lang, decimals)


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


def number(value, lang: str, decimals: int | None = None) -> str:
    if is_missing(value):
        return MISSING
    v = float(value)
    if decimals is None:
        decimals = 0 if v == int(v) or abs(v) >= 100 else 1
    text = _digits(v, lang, decimals)
    return ("−" if v < 0 and text.strip("0.,") else "") + text


def percent(value, lang: str, decimals: int = 0, nbsp: bool = False) -> str:
    """``12 %`` (nl) or ``12%`` (en); with ``nbsp`` the Dutch space is a no-break space (for HTML)."""
    if is_missing(value):
        return MISSING
    v = float(value)
    text = _digits(v, lang, decimals, scale=2) + ((NBSP if nbsp else " ") + "%" if lang == "nl" else "%")
    return ("−" if v < 0 and any(c in "123456789" for c in text) else "") + text


# Babel's number patterns ('#,##0', '¤ #,##0', '#,##0 %', with decimals) applied by plain
# string formatting: the same text (tests compare with Babel itself) at a fraction of the
# cost per number, which counts with an action text per customer. Babel turns the float into
# Decimal(str(value)) and quantizes it half-even; format() of that Decimal does the same.

@lru_cache(maxsize=None)
def _separators(lang: str) -> dict[int, str]:
    locale = _locale(lang)
    return str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)})


@lru_cache(maxsize=None)
def _infinity(lang: str) -> str:
    return get_infinity_symbol(_locale(lang))


@lru_cache(maxsize=None)
def _currency_symbol(currency: str, lang: str) -> str:
    return get_currency_symbol(currency, _locale(lang))


def _digits(v: float, lang: str, decimals: int, scale: int = 0) -> str:
    """abs(v) with the locale's grouping and ``decimals`` decimals, rounded half-even like Babel."""
    decimals = len("0" * decimals)  # as Babel's pattern '#,##0.' + '0' * decimals reads it
    if not decimals and not scale and abs(v) < 2 ** 52:
        # a whole number: round() is half-even on the float, which rounds as its shortest
        # decimal text does (a float whose text ends in exactly .5 is exactly that number)
        return format(round(abs(v)), ",").translate(_separators(lang))
    d = Decimal(repr(abs(v)))
    if scale:
        d = d.scaleb(scale)
    if d.is_infinite():
        return _infinity(lang)
    return format(d, f",.{decimals}f").translate(_separators(lang))


def date(value, lang: str, style: str = "long") -> str:
    if is_missing(value):
        return MISSING
    if hasattr(value, "date") and not isinstance(value, dt.date.__class__):
        value = value.date() if isinstance(value, dt.datetime) or hasattr(value, "to_pydatetime") else value
    return _format_date(value, style, lang)


@lru_cache(maxsize=65536)
def _format_date(value, style: str, lang: str) -> str:
    """Babel's date text, once per distinct date (a column holds few of them)."""
    return format_date(value, format=style, locale=_locale(lang))


def years(days, lang: str) -> str:
    """A duration in days as whole years (at least 1): for letters."""
    if is_missing(days):
        return MISSING
    return number(max(1, math.floor(float(days) / 365.25)), lang, 0)


def measure(value, kind: str, lang: str, currency: str = "EUR") -> str:
    """Format a catalogue measure by its kind."""
    if is_missing(value):
        return MISSING
    if kind == "money":
        return money(value, lang, currency)
    if kind in ("ratio", "probability"):
        return percent(value, lang)
    if kind == "date":
        return date(value, lang, "medium")
    if kind == "bool":
        return {"nl": ("ja", "nee"), "en": ("yes", "no")}[lang][0 if value else 1]
    if kind == "text":
        return str(value)
    if kind in ("count", "days", "rating"):
        return number(value, lang, 0)
    return number(value, lang)
