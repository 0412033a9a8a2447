"""Whole columns formatted at once (Formatter.columns) say exactly what the Formatter says per value."""
from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from generator.text.formatting import Formatter

#: printed rounding ties, where rounding the float and rounding its printed value differ
TIES = [2.675, 1.005, 0.125, 0.135, 0.145, -2.675, 1234.565, 0.0005, 0.00125, 0.0015, 0.0045, 0.9995,
        0.5, 1.5, 2.5, -0.5, 99.95, 99.5, 0.995, 12.345, 0.12345]
EDGES = [0.0, -0.0, 0.004, -0.004, -0.0049, 0.0049999, 100.0, 99.99, 1e15, -1e-9, 7, -7, 1, 1234567.891,
         2.0 ** 60, -1.5e22, 1e20 + 0.5, float("inf"), float("-inf")]


def _values(seed: int = 7, n: int = 3000) -> list:
    rng = random.Random(seed)
    out = [None, float("nan"), *TIES, *EDGES]
    while len(out) < n:
        r = rng.random()
        if r < 0.25:
            out.append(round(rng.uniform(-1e6, 1e6), rng.randint(0, 4)))
        elif r < 0.45:  # near and on ties of 2 decimals
            out.append(rng.randint(-3, 3) * 0.005 + rng.randint(-2000, 2000) / 100)
        elif r < 0.6:  # near and on ties of percentages with 1 decimal
            out.append(rng.randint(-200, 200) * 0.0005)
        elif r < 0.8:
            out.append(rng.uniform(-1, 1))
        else:
            out.append(rng.uniform(0, 5))
    return out


FORMATS = [
    ("money", lambda c: c.money, lambda f: f.money),
    ("money2", lambda c: c.money2, lambda f: f.money2),
    ("number", lambda c: c.number, lambda f: f.number),
    ("number0", lambda c: (lambda v: c.number(v, 0)), lambda f: (lambda v: f.number(v, 0))),
    ("number1", lambda c: (lambda v: c.number(v, 1)), lambda f: (lambda v: f.number(v, 1))),
    ("count", lambda c: c.count, lambda f: f.count),
    ("percent", lambda c: c.percent, lambda f: f.percent),
    ("percent1", lambda c: (lambda v: c.percent(v, 1)), lambda f: (lambda v: f.percent(v, 1))),
] + [(f"measure {kind}", lambda c, k=kind: (lambda v: c.measure(v, k)), lambda f, k=kind: (lambda v: f.measure(v, k)))
     for kind in ("money", "ratio", "probability", "score", "rating", "count", "days", "number")]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("nbsp", [True, False])
@pytest.mark.parametrize("name,column,one", FORMATS, ids=[f[0] for f in FORMATS])
def test_a_column_reads_as_its_values_one_by_one(lang, nbsp, name, column, one):
    values = _values()
    fmt = Formatter(lang, "EUR", nbsp=nbsp)
    expected = [one(fmt)(v) for v in values]
    as_float = np.array([np.nan if v is None else v for v in values], dtype=float)
    for given in (values, pd.Series(as_float), pd.Series(values, dtype=object), as_float,
                  pd.Series(as_float).astype("Float64")):
        assert column(fmt.columns)(given) == expected


def test_ties_round_as_the_pages_always_did():
    c = Formatter("nl", "EUR", nbsp=False).columns
    assert c.money2([2.675, 1.005, -2.675]) == ["€ 2,68", "€ 1,00", "−€ 2,68"]
    assert c.percent([0.125, 0.135], 1) == ["12,5 %", "13,5 %"]
    assert c.percent([0.12345], 1) == ["12,3 %"]
    assert c.number([0.25, 0.35, 150.5, 3.0]) == ["0,2", "0,4", "150", "3"]
    assert c.money([None, float("nan"), pd.NA, -0.4]) == ["—", "—", "—", "−€ 0"]


def test_other_kinds_are_formatted_one_by_one():
    import datetime as dt

    fmt = Formatter("en", "EUR", nbsp=True)
    c = fmt.columns
    assert c.measure([True, False, None], "bool") == ["yes", "no", "—"]
    assert c.measure(pd.Series(["low", None]), "text") == ["low", "—"]
    assert c.measure([dt.date(2026, 6, 30), None], "date") == [fmt.date(dt.date(2026, 6, 30)), "—"]
    assert c.money([]) == [] and c.number(pd.Series([], dtype=float)) == []


def test_equal_values_of_other_types_keep_their_own_text():
    c = Formatter("nl", "EUR").columns
    assert c.measure([1, 1.0, True, "1", 1], "text") == ["1", "1.0", "True", "1", "1"]
