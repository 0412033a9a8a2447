"""Numbers, money, percentages and dates in the build language's conventions.

Dutch: € 1.234,56 and 30 juni 2026; English: €1,234.56 and 30 June 2026.
Babel does the locale work; missing values print as an em dash.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
MISSING = "—"


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, lang))


def is_missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))  # NaN, NaT, pd.NA
    except (TypeError, ValueError):  # a list or other container is not missing
        return False


def money(value, lang: str, currency: str = "EUR", decimals: int = 0) -> str:
    if is_missing(value):
        return MISSING
    fmt = "¤ #,##0" if lang == "nl" else "¤#,##0"
    if decimals:
        fmt += "." + "0" * decimals
    neg = float(value) < 0
    text = format_currency(abs(float(value)), currency, format=fmt, locale=_locale(lang), currency_digits=False)
    return ("−" if neg else "") + text


def number(value, lang: str, decimals: int | None = None) -> str:
    if is_missing(value):
        return MISSING
    v = float(value)
    if decimals is None:
        decimals = 0 if v == int(v) or abs(v) >= 100 else 1
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(v), format=fmt, locale=_locale(lang))
    return ("−" if v < 0 and text.strip("0.,") else "") + text


def percent(value, lang: str, decimals: int = 0) -> str:
    if is_missing(value):
        return MISSING
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "") + " %" if lang == "nl" else "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    v = float(value)
    text = format_percent(abs(v), format=fmt, locale=_locale(lang))
    return ("−" if v < 0 and any(c in "123456789" for c in text) else "") + text


def date(value, lang: str, style: str = "long") -> str:
    if is_missing(value):
        return MISSING
    if hasattr(value, "date") and not isinstance(value, dt.date.__class__):
        value = value.date() if isinstance(value, dt.datetime) or hasattr(value, "to_pydatetime") else value
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
