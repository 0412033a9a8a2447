"""Property tests: the vectorised evaluator agrees with a plain-Python reference.

Hypothesis draws random expression trees over a small set of columns of each
kind and random frames with missing values. Each tree is written out as
condition text (with only the brackets precedence needs, so the parser's
precedence is tested too), parsed, and evaluated over the whole frame; the
reference below evaluates the same tree row by row with SQL-like three-valued
logic written out by hand (None = unknown).
"""
from __future__ import annotations

import datetime as dt
import operator
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.inputs.conditions import parse

NUMBERS, TEXTS, BOOLS, DATES = ("n1", "n2", "n3"), ("t1", "t2"), ("b1", "b2"), ("d1", "d2")
NAMES = {**{n: "number" for n in NUMBERS}, **{n: "text" for n in TEXTS},
         **{n: "bool" for n in BOOLS}, **{n: "date" for n in DATES}}
WORDS = ["a", "b", "ab", "", "o'k"]
COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
           ">": operator.gt, ">=": operator.ge}
ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


# --------------------------------------------------------------------------- random trees

number_literal = st.one_of(
    st.integers(-5, 5).map(lambda i: ("num", float(i), str(i))),
    st.sampled_from(["0.5", "2.5", "-1.5", "1_000"]).map(lambda t: ("num", float(Decimal(t.replace("_", ""))), t)),
    st.sampled_from(["20%", "12.5%", "7%"]).map(lambda t: ("num", float(Decimal(t[:-1]) / 100), t)),
)


def numbers(depth: int):
    leaf = st.one_of(number_literal, st.sampled_from(NUMBERS).map(lambda n: ("col", n)))
    if depth == 0:
        return leaf
    inner = numbers(depth - 1)
    return st.one_of(
        leaf,
        inner.map(lambda e: ("neg", e)),
        st.tuples(st.just("arith"), st.sampled_from(list(ARITH)), inner, inner),
        st.tuples(st.just("call"), st.sampled_from(["min", "max"]), st.lists(inner, min_size=2, max_size=3)),
        inner.map(lambda e: ("call", "abs", [e])),
    )


texts = st.one_of(st.sampled_from(WORDS).map(lambda w: ("str", w)), st.sampled_from(TEXTS).map(lambda n: ("col", n)))
dates = st.sampled_from(DATES).map(lambda n: ("col", n))


def conditions(depth: int):
    leaf = st.one_of(st.booleans().map(lambda b: ("bool", b)), st.sampled_from(BOOLS).map(lambda n: ("col", n)))
    num, inner = numbers(min(depth, 2)), (conditions(depth - 1) if depth else leaf)
    return st.one_of(
        leaf,
        st.tuples(st.just("cmp"), st.sampled_from(list(COMPARE)), num, num),
        st.tuples(st.just("cmp"), st.sampled_from(list(COMPARE)), texts, texts),
        st.tuples(st.just("cmp"), st.sampled_from(list(COMPARE)), dates, dates),
        st.tuples(st.just("cmp"), st.sampled_from(["==", "!="]), inner, inner),
        st.tuples(st.just("in"), num, st.lists(number_literal, min_size=1, max_size=3), st.booleans()),
        st.tuples(st.just("in"), texts, st.lists(st.sampled_from(WORDS).map(lambda w: ("str", w)), min_size=1,
                                                 max_size=3), st.booleans()),
        st.tuples(st.just("missing"), st.one_of(num, texts, dates, inner), st.booleans()),
        inner.map(lambda e: ("not", e)),
        st.tuples(st.just("logic"), st.sampled_from(["and", "or"]), inner, inner),
    )


# --------------------------------------------------------------------------- tree → text

def write(tree) -> tuple[str, int]:
    """Condition text and its precedence level (higher binds tighter), bracketing only where needed."""
    kind = tree[0]
    if kind == "num":
        return tree[2], 7 if tree[2].startswith("-") else 8
    if kind == "str":
        return "'" + tree[1].replace("'", "''") + "'", 8
    if kind == "bool":
        return ("true" if tree[1] else "false"), 8
    if kind == "col":
        return tree[1], 8
    if kind == "neg":
        return "-" + at_least(tree[1], 7), 7
    if kind == "arith":
        level = 5 if tree[1] in "+-" else 6
        return f"{at_least(tree[2], level)} {tree[1]} {at_least(tree[3], level + 1)}", level
    if kind == "call":
        return f"{tree[1]}({', '.join(at_least(a, 1) for a in tree[2])})", 8
    if kind == "cmp":
        return f"{at_least(tree[2], 5)} {tree[1]} {at_least(tree[3], 5)}", 4
    if kind == "in":
        items = ", ".join(write(i)[0] for i in tree[2])
        return f"{at_least(tree[1], 5)} {'not in' if tree[3] else 'in'} [{items}]", 4
    if kind == "missing":
        return f"{at_least(tree[1], 5)} is {'not missing' if tree[2] else 'missing'}", 4
    if kind == "not":
        return "not " + at_least(tree[1], 3), 3
    level = 2 if tree[1] == "and" else 1
    return f"{at_least(tree[2], level)} {tree[1]} {at_least(tree[3], level + 1)}", level


def at_least(tree, level: int) -> str:
    text, own = write(tree)
    return text if own >= level else f"({text})"


# --------------------------------------------------------------------------- the reference

def reference(tree, row: dict):
    """One row, plain Python, None for unknown/missing."""
    kind = tree[0]
    if kind in ("num", "str", "bool"):
        return tree[1]
    if kind == "col":
        return row[tree[1]]
    if kind == "neg":
        v = reference(tree[1], row)
        return None if v is None else -v
    if kind == "arith":
        a, b = reference(tree[2], row), reference(tree[3], row)
        if a is None or b is None or (tree[1] == "/" and b == 0):
            return None
        return ARITH[tree[1]](a, b)
    if kind == "call":
        values = [reference(a, row) for a in tree[2]]
        if tree[1] == "abs":
            return None if values[0] is None else abs(values[0])
        known = [v for v in values if v is not None]  # min/max skip unknowns unless all are
        return (min if tree[1] == "min" else max)(known) if known else None
    if kind == "cmp":
        a, b = reference(tree[2], row), reference(tree[3], row)
        return None if a is None or b is None else COMPARE[tree[1]](a, b)
    if kind == "in":
        v = reference(tree[1], row)
        return None if v is None else (v in [i[1] for i in tree[2]]) != tree[3]
    if kind == "missing":
        return (reference(tree[1], row) is None) != tree[2]
    if kind == "not":
        v = reference(tree[1], row)
        return None if v is None else not v
    a, b = reference(tree[2], row), reference(tree[3], row)
    if tree[1] == "and":
        return False if a is False or b is False else None if a is None or b is None else True
    return True if a is True or b is True else None if a is None or b is None else False


# --------------------------------------------------------------------------- random frames

@st.composite
def frames(draw):
    n = draw(st.integers(1, 8))
    maybe = lambda values: st.lists(st.one_of(st.none(), values), min_size=n, max_size=n)  # noqa: E731
    data = {}
    for name in NUMBERS:
        data[name] = draw(maybe(st.sampled_from([-2.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 0.2, 1000.0])))
    for name in TEXTS:
        data[name] = draw(maybe(st.sampled_from(WORDS)))
    for name in BOOLS:
        data[name] = draw(maybe(st.booleans()))
    for name in DATES:
        data[name] = draw(maybe(st.sampled_from([dt.datetime(2024, 1, 1), dt.datetime(2025, 6, 30),
                                                 dt.datetime(2026, 6, 30)])))
    rows = [{k: v[i] for k, v in data.items()} for i in range(n)]
    frame = pd.DataFrame({
        **{k: pd.Series([np.nan if v is None else v for v in data[k]], dtype=float) for k in NUMBERS},
        **{k: pd.Series(data[k], dtype=object) for k in TEXTS},
        **{k: pd.array(data[k], dtype="boolean") for k in BOOLS},
        **{k: pd.to_datetime(pd.Series(data[k], dtype=object)) for k in DATES},
    })
    return frame, rows


def as_list(series: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in series]


def examples(n: int):
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@examples(250)
@given(tree=conditions(3), data=frames())
def test_conditions_agree_with_the_three_valued_reference(tree, data):
    frame, rows = data
    text = write(tree)[0]
    condition = parse(text, NAMES)
    expected = [reference(tree, row) for row in rows]
    assert as_list(condition.evaluate(frame)) == expected, text
    assert condition.matches(frame).tolist() == [v is True for v in expected], text


@examples(150)
@given(tree=numbers(3), data=frames())
def test_value_expressions_agree_with_the_reference(tree, data):
    frame, rows = data
    text = write(tree)[0]
    expected = [reference(tree, row) for row in rows]
    assert as_list(parse(text, NAMES, expect=None).evaluate(frame)) == expected, text


@examples(100)
@given(tree=conditions(2), data=frames())
def test_not_of_a_condition_is_true_exactly_where_the_condition_is_false(tree, data):
    frame, _rows = data
    text = write(tree)[0]
    plain = as_list(parse(text, NAMES).evaluate(frame))
    negated = as_list(parse(f"not ({text})", NAMES).evaluate(frame))
    assert negated == [None if v is None else not v for v in plain], text
