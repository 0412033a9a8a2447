"""The Formatter gives exactly Babel's text, number by number (it applies Babel's patterns by
plain string formatting for speed, so Babel itself is the reference here)."""
from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from generator.text.formatting import MISSING, NBSP, Formatter
from generator.text.plural import LOCALES


def babel_money(value, lang, currency="EUR", decimals=0, nbsp=False):
    """Money on Babel's format_currency."""
    fmt = ("¤" + (NBSP if nbsp else " ") + "#,##0") if lang == "nl" else "¤#,##0"
    if decimals:
        fmt += "." + "0" * decimals
    locale = Locale.parse(LOCALES[lang])
    text = format_currency(abs(float(value)), currency, format=fmt, locale=locale, currency_digits=False)
    return ("−" + ("\u2060" if nbsp else "") if float(value) < 0 else "") + text  # HTML: "−" joined to "€"


def babel_number(value, lang, decimals=None):
    v = float(value)
    if decimals is None:
        decimals = 0 if v == int(v) or abs(v) >= 100 else 1
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(v), format=fmt, locale=Locale.parse(LOCALES[lang]))
    return ("−" if v < 0 and text.strip("0.,") else "") + text


def babel_percent(value, lang, decimals=0, nbsp=False):
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    fmt = digits + (NBSP if nbsp else " ") + "%" if lang == "nl" else digits + "%"
    v = float(value)
    text = format_percent(abs(v), format=fmt, locale=Locale.parse(LOCALES[lang]))
    return ("−" if v < 0 and any(c in "123456789" for c in text) else "") + text


def values() -> list[float]:
    rng = random.Random(7)
    edge = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.005, 0.045, 99.95, 99.5, 100.5, 999.5,
            1234.5, -1234.5, 1234.565, 999999.5, 1e15, 1e16 + 2, 1e20, 1.5e22, 123456789012.345, 1e-7,
            3.3e-5, 0.3333333333333333, 2 / 3, -7066.4999, 7066.5, 0.125, 0.375, 12.345, 1.005, 2.675]
    random_values = [rng.choice([-1, 1]) * rng.uniform(0, 10 ** rng.randint(0, 9)) for _ in range(1500)]
    rounded = [round(v, rng.randint(0, 3)) for v in random_values[:400]]
    halves = [rng.randint(-10 ** 6, 10 ** 6) + 0.5 for _ in range(200)]
    return edge + random_values + rounded + halves


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_numbers_money_and_percentages_are_babels_text(lang):
    checked = 0
    plain, html = Formatter(lang, "EUR"), Formatter(lang, "USD", nbsp=True)
    for v in values():
        for decimals in (0, 1, 2):
            assert plain.money(v, decimals) == babel_money(v, lang, "EUR", decimals), v
            assert html.money(v, decimals) == babel_money(v, lang, "USD", decimals, True), v
            assert plain.number(v, decimals) == babel_number(v, lang, decimals), v
            assert plain.percent(v / 100, decimals) == babel_percent(v / 100, lang, decimals), v
            assert html.percent(v, decimals) == babel_percent(v, lang, decimals, True), v
            checked += 1
        assert plain.number(v) == babel_number(v, lang), v
    assert checked > 6000
    assert plain.money(math.inf) == babel_money(math.inf, lang)
    assert plain.money(float("nan")) == MISSING == plain.number(None)


def test_known_texts():
    nl, en = Formatter("nl"), Formatter("en")
    assert nl.money(-7066.4) == "−€ 7.066"
    assert en.money(1234.565, 2) == "€1,234.56"   # 1234.565 is 1234.5649999… as a float
    assert nl.money(2.5) == "€ 2" and nl.money(3.5) == "€ 4"  # half to even
    assert nl.number(1234567.891, 1) == "1.234.567,9"
    assert nl.percent(0.125, 1) == "12,5 %" and en.percent(0.125) == "12%"
    assert nl.years(200) == "0" and nl.years(200, at_least=1) == "1"  # letters say at least a year
    assert nl.quoted(-7066.4, "money") == "−€ 7.066" and nl.quoted(0.125, "ratio") == "12 %"  # in a reason


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dates_are_babels_text(lang):
    fmt = Formatter(lang)
    day = dt.date(2019, 1, 1)
    for i in range(0, 3000, 13):
        d = day + dt.timedelta(days=i)
        for style in ("long", "medium", "short"):
            assert fmt.date(d, style) == format_date(d, format=style, locale=Locale.parse(LOCALES[lang]))
    assert Formatter("nl").date(dt.datetime(2026, 6, 30, 13, 5)) == "30 juni 2026"
