"""The policy condition language, e.g. ``net_profit_12m < 0 and contract in ['basis']``.

Conditions are written by people who are not programmers, in a YAML policy
file, and are run over a whole customer table at once.  Hence:

* Text is parsed by a small hand-written tokenizer and recursive-descent
  parser, never by Python's own evaluator: a policy file must not be able to
  run code, and our own parser can point every error at the exact character.
* Names and types are checked while parsing, so a typo or a text-versus-number
  comparison is reported before any data is read.
* Evaluation is vectorised and uses SQL-like three-valued logic: a customer
  whose value is missing is neither below nor above a threshold (*unknown*),
  and a rule only matches where its condition is definitely true.

Grammar, lowest precedence first::

    or  ->  and  ->  not  ->  comparison (== != < <= > >=, [not] in [...],
    is [not] missing; never chained)  ->  + -  ->  * /  ->  unary -  ->  atom
    atom: number (1_000, 2.5, 20%), 'text', true, false, name, (expr),
          min(a, b, ...), max(a, b, ...), abs(a)
"""
from __future__ import annotations

import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import pandas as pd

from generator.errors import InputError, Problem, did_you_mean

KINDS = ("number", "text", "date", "bool")
FUNCTIONS = ("abs", "max", "min")
_QUOTES = "'\""
_KEYWORDS = ("and", "or", "not", "in", "is", "missing", "true", "false")
_NOUN = {"number": "a number", "text": "text", "date": "a date", "bool": "true/false"}
_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt,
            "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
# Things people write out of habit from other languages, and what to write instead.
_HABITS = {"=": "use '==' to compare", "<>": "use '!=' for 'not equal'",
           "!": "use 'not'", "&": "use 'and'", "&&": "use 'and'", "|": "use 'or'",
           "||": "use 'or'", "%": "'%' goes right after a number, as in 20%"}


class ConditionError(InputError):
    """A condition the user wrote is wrong; ``problem.column`` points at the spot.

    ``str()`` adds the condition text with a caret line under the offending
    part, because a column number alone is hard to act on.
    """

    def __init__(self, problem: Problem | list[Problem] | str, snippet: str = "",
                 span: tuple[int, int] = (0, 0)):
        super().__init__(problem)
        self.problem = self.problems[0]
        self.snippet = snippet
        #: start and end offset of the offending part in the condition text, so a
        #: caller that knows how the text sits in its file can point at it exactly
        self.span = span

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text}\n{self.snippet}" if self.snippet else text


@dataclass(frozen=True)
class _Source:
    """The condition text and where it sits in its file, to turn offsets into errors."""

    text: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    what: str = "condition"

    def error(self, start: int, end: int, message: str, hint: str | None = None) -> ConditionError:
        before = self.text[:start]
        line_start = before.rfind("\n") + 1
        line_end = self.text.find("\n", start)
        line_end = len(self.text) if line_end < 0 else line_end
        at = start - line_start
        problem = Problem(
            file=self.file, message=message, hint=hint,
            line=None if self.line is None else self.line + before.count("\n"),
            column=(self.column or 1) + at)
        width = max(1, min(end, line_end) - start)
        snippet = f"    {self.text[line_start:line_end]}\n    {' ' * at}{'^' * width}"
        return ConditionError(problem, snippet, (start, end))

    def show(self, node: Node) -> str:
        return self.text[node.start:node.end]


# --------------------------------------------------------------------------- tokens

@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "string", "name", "op" (operators and keywords), "end"
    value: object
    start: int
    end: int


_TOKEN = re.compile(r"""
    (?P<number> \d(?:_?\d)* (?:\.\d(?:_?\d)*)? %? )
  | (?P<name>   [A-Za-z_][A-Za-z0-9_]* )
  | (?P<op>     == | != | <= | >= | <> | && | \|\| | [<>=+\-*/(),\[\].!&|%] )
""", re.VERBOSE)


def _tokenize(source: _Source) -> list[_Token]:
    """Split the text into tokens; characters we do not know are an error right away."""
    text, pos, tokens = source.text, 0, []
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        if text[pos] in _QUOTES:
            tokens.append(_read_string(source, pos))
        elif not (match := _TOKEN.match(text, pos)):
            raise source.error(pos, pos + 1, f"unexpected character '{text[pos]}'")
        else:
            word, kind = match.group(), match.lastgroup
            if kind == "op" and word in _HABITS:
                raise source.error(pos, match.end(), f"'{word}' is not allowed here", _HABITS[word])
            if kind == "number":
                value = Decimal(word.rstrip("%").replace("_", ""))
                kind, word = "number", float(value / 100 if word.endswith("%") else value)
            elif kind == "name" and word in _KEYWORDS:
                kind = "op"
            tokens.append(_Token(kind, word, pos, match.end()))
        pos = tokens[-1].end
    tokens.append(_Token("end", None, len(text), len(text)))
    return tokens


def _read_string(source: _Source, start: int) -> _Token:
    """A quoted text; the quote is escaped as \\' or by doubling it ('it''s')."""
    text, quote = source.text, source.text[start]
    chars, pos = [], start + 1
    while pos < len(text):
        char, following = text[pos], text[pos + 1:pos + 2]
        if char == "\\" and following in (quote, "\\"):
            chars.append(following)
            pos += 2
        elif char == quote and following == quote:
            chars.append(quote)
            pos += 2
        elif char == quote:
            return _Token("string", "".join(chars), start, pos + 1)
        else:
            chars.append(char)
            pos += 1
    raise source.error(start, len(text), "this text is never closed", f"add a closing {quote}")


# --------------------------------------------------------------------------- tree
#
# The parsed tree is public (read-only) so that generator.render.explain can put a
# condition into words: Literal, Name, Group (brackets), Negate (unary minus),
# Arith, Call, Compare, In, IsMissing, Not and Logic, all with ``start``/``end``
# offsets into the text and the ``kind`` of value they produce.

class _Vec(NamedTuple):
    """A column of values plus where they are missing.

    For true/false values ``values`` is False wherever ``missing`` is True, so
    ``values`` alone is the set of rows that are definitely true.
    """

    values: np.ndarray
    missing: np.ndarray


def _truth(values: np.ndarray, missing: np.ndarray) -> _Vec:
    return _Vec(values & ~missing, missing)


@dataclass(frozen=True)
class _Env:
    frame: pd.DataFrame
    source: _Source

    def full(self, value) -> np.ndarray:
        return np.full(len(self.frame), value)

    def none_missing(self) -> np.ndarray:
        return np.zeros(len(self.frame), dtype=bool)


@dataclass(frozen=True, kw_only=True)
class Node:
    start: int
    end: int
    kind: str


@dataclass(frozen=True, kw_only=True)
class Literal(Node):
    value: object

    def evaluate(self, env: _Env) -> _Vec:
        return _Vec(env.full(self.value), env.none_missing())


@dataclass(frozen=True, kw_only=True)
class Name(Node):
    name: str

    def evaluate(self, env: _Env) -> _Vec:
        if self.name not in env.frame.columns:
            hint = did_you_mean(self.name, [str(c) for c in env.frame.columns])
            raise env.source.error(self.start, self.end, f"the data has no column '{self.name}'", hint)
        try:
            return _read_column(env.frame[self.name], self.kind)
        except (TypeError, ValueError) as exc:
            raise env.source.error(self.start, self.end, f"column '{self.name}' has values that "
                                   f"are not {_NOUN[self.kind]}: {exc}") from None


def _read_column(series: pd.Series, kind: str) -> _Vec:
    """Any pandas dtype (nullable, category, str, object) as a plain numpy array."""
    missing = series.isna().to_numpy(dtype=bool)
    if kind == "number":
        return _Vec(series.to_numpy(dtype=float, na_value=np.nan), missing)
    if kind == "bool":
        return _truth(series.to_numpy(dtype=bool, na_value=False), missing)
    if kind == "text" and isinstance(series.dtype, (pd.StringDtype, pd.CategoricalDtype)):
        # each distinct text converted once (a column of millions of rows has few of them)
        codes, uniques = pd.factorize(series)
        texts = np.asarray(list(uniques) + [""], dtype=object).astype(str)   # code -1 (missing) -> ""
        return _Vec(texts[codes], missing)
    if kind == "text":
        return _Vec(series.to_numpy(dtype=object, na_value="").astype(str), missing)
    dates = pd.to_datetime(series)
    if dates.dt.tz is not None:
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    return _Vec(dates.to_numpy(), missing)


def _distinct_texts(node: Node, env: _Env) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """For a text column of strings: a code per row (-1 where missing), the distinct texts as
    ``_read_column`` gives them (the last one, '', for missing) and the missing mask; None for
    anything else (evaluated as usual)."""
    if not (isinstance(node, Name) and node.kind == "text" and node.name in env.frame.columns):
        return None
    series = env.frame[node.name]
    if not isinstance(series.dtype, (pd.StringDtype, pd.CategoricalDtype)):
        return None
    codes, uniques = pd.factorize(series)
    texts = np.asarray(list(uniques) + [""], dtype=object).astype(str)
    return codes, texts, series.isna().to_numpy(dtype=bool)


@dataclass(frozen=True, kw_only=True)
class Group(Node):
    """A parenthesised expression: kept so spans (and leaf texts) include the brackets."""

    inner: Node

    def evaluate(self, env: _Env) -> _Vec:
        return self.inner.evaluate(env)


@dataclass(frozen=True, kw_only=True)
class Negate(Node):
    operand: Node

    def evaluate(self, env: _Env) -> _Vec:
        values, missing = self.operand.evaluate(env)
        return _Vec(-values, missing)


@dataclass(frozen=True, kw_only=True)
class Arith(Node):
    op: str
    left: Node
    right: Node

    def evaluate(self, env: _Env) -> _Vec:
        left, right = self.left.evaluate(env).values, self.right.evaluate(env).values
        with np.errstate(all="ignore"):
            values = _ARITH[self.op](left, right)
        if self.op == "/":
            values = np.where(right == 0, np.nan, values)  # division by zero: missing
        return _Vec(values, np.isnan(values))


@dataclass(frozen=True, kw_only=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]

    def evaluate(self, env: _Env) -> _Vec:
        columns = [arg.evaluate(env).values for arg in self.args]
        if self.function == "abs":
            values = np.abs(columns[0])
        else:  # fmin/fmax skip NaN unless every value is NaN
            values = (np.fmin if self.function == "min" else np.fmax).reduce(columns)
        return _Vec(values, np.isnan(values))


@dataclass(frozen=True, kw_only=True)
class Compare(Node):
    op: str
    left: Node
    right: Node

    def evaluate(self, env: _Env) -> _Vec:
        compare = _COMPARE[self.op]
        # a column against a fixed value: each distinct text compared once, a number column
        # against the value itself (not a column of copies of it)
        if isinstance(self.right, Literal) or isinstance(self.left, Literal):
            literal_right = isinstance(self.right, Literal)
            fixed, column = (self.right, self.left) if literal_right else (self.left, self.right)
            coded = _distinct_texts(column, env)
            if coded is not None:
                codes, texts, missing = coded
                table = compare(texts, fixed.value) if literal_right else compare(fixed.value, texts)
                return _truth(np.asarray(table, dtype=bool)[codes], missing)
            other = column.evaluate(env)
            with np.errstate(invalid="ignore"):
                values = compare(other.values, fixed.value) if literal_right else compare(fixed.value, other.values)
            return _truth(np.asarray(values, dtype=bool), other.missing.copy())
        left, right = self.left.evaluate(env), self.right.evaluate(env)
        with np.errstate(invalid="ignore"):
            values = np.asarray(_COMPARE[self.op](left.values, right.values), dtype=bool)
        return _truth(values, left.missing | right.missing)


@dataclass(frozen=True, kw_only=True)
class In(Node):
    operand: Node
    items: tuple[Literal, ...]
    negated: bool

    def evaluate(self, env: _Env) -> _Vec:
        coded = _distinct_texts(self.operand, env)
        if coded is not None:   # each distinct text looked up once
            codes, texts, missing = coded
            found = np.isin(texts, [item.value for item in self.items])[codes]
        else:
            values, missing = self.operand.evaluate(env)
            found = np.isin(values, [item.value for item in self.items])
        return _truth(~found if self.negated else found, missing)


@dataclass(frozen=True, kw_only=True)
class IsMissing(Node):
    operand: Node
    negated: bool

    def evaluate(self, env: _Env) -> _Vec:
        missing = self.operand.evaluate(env).missing
        return _Vec(~missing if self.negated else missing.copy(), env.none_missing())


@dataclass(frozen=True, kw_only=True)
class Not(Node):
    operand: Node

    def evaluate(self, env: _Env) -> _Vec:
        values, missing = self.operand.evaluate(env)
        return _truth(~values, missing)  # not unknown = unknown


@dataclass(frozen=True, kw_only=True)
class Logic(Node):
    op: str
    left: Node
    right: Node

    def evaluate(self, env: _Env) -> _Vec:
        left, right = self.left.evaluate(env), self.right.evaluate(env)
        left_false, right_false = ~left.values & ~left.missing, ~right.values & ~right.missing
        if self.op == "and":  # false wins over unknown
            true, false = left.values & right.values, left_false | right_false
        else:  # true wins over unknown
            true, false = left.values | right.values, left_false & right_false
        return _Vec(true, ~(true | false))


def _children(node: Node):
    for item in fields(node):
        value = getattr(node, item.name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            yield from (v for v in value if isinstance(v, Node))


def _names_in_order(node: Node) -> tuple[str, ...]:
    found = [node.name] if isinstance(node, Name) else []
    for child in _children(node):
        found.extend(_names_in_order(child))
    return tuple(dict.fromkeys(found))


def _leaves(node: Node) -> list[Node]:
    """The true/false parts that and/or/not combine, without their brackets."""
    while isinstance(node, Group):
        node = node.inner
    if isinstance(node, Logic):
        return _leaves(node.left) + _leaves(node.right)
    if isinstance(node, Not):
        return _leaves(node.operand)
    return [node] if node.kind == "bool" else []


# --------------------------------------------------------------------------- parser

#: A condition is a rule a person reads: beyond these bounds it is a mistake or an attack, and
#: (parsed and evaluated recursively) it would exhaust Python's stack.
MAX_OPERATORS = 200
MAX_NESTING = 32
_BOUNDED_OPS = frozenset(("and", "or", "not", "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "in", "is"))


def what_of(source: "_Source") -> str:
    return source.what[:1].upper() + source.what[1:]


class _Parser:
    """Recursive descent, one method per precedence level, type checks as nodes are built."""

    def __init__(self, source: _Source, names: Mapping[str, str]):
        self.source, self.names = source, names
        self.tokens, self.pos = _tokenize(source), 0
        # attempts to reach Python internals are refused first, wherever they are in the text
        for token, after in zip(self.tokens, self.tokens[1:]):
            if token.kind == "op" and token.value == "." and after.kind == "name":
                raise source.error(token.start, after.end, "attribute access ('a.b') is not allowed",
                                   "use a measure name on its own")
            if token.kind == "name" and token.value.startswith("__"):
                raise source.error(token.start, token.end, f"'{token.value}' is not allowed: names starting "
                                   "with '__' reach for Python internals", "use a measure name")
        # bounded size: the tree is evaluated recursively, one level per operator
        operators = [t for t in self.tokens if t.kind == "op" and t.value in _BOUNDED_OPS]
        if len(operators) > MAX_OPERATORS:
            extra = operators[MAX_OPERATORS]
            raise source.error(extra.start, extra.end,
                               f"{what_of(source)} has more than {MAX_OPERATORS} operators",
                               "split it: several shorter rules, or 'x in [a, b, c]' instead of many 'or's")
        depth = 0
        for token in self.tokens:
            if token.kind == "op" and token.value in ("(", "["):
                depth += 1
                if depth > MAX_NESTING:
                    raise source.error(token.start, token.end,
                                       f"{what_of(source)} is nested more than {MAX_NESTING} brackets deep",
                                       "remove brackets that are not needed")
            elif token.kind == "op" and token.value in (")", "]"):
                depth -= 1

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def take(self) -> _Token:
        token = self.peek()
        self.pos += 1
        return token

    def at(self, *ops: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == "op" and token.value in ops

    def at_comparison(self) -> bool:
        return self.at(*_COMPARE, "in", "is") or (self.at("not") and self.at("in", ahead=1))

    def expect(self, op: str, opened: _Token | None = None) -> _Token:
        if self.at(op):
            return self.take()
        if opened is not None and self.peek().kind == "end":
            raise self.source.error(opened.start, opened.end, f"this '{opened.value}' is never closed",
                                    f"add a '{op}'")
        raise self.unexpected(self.peek(), f"'{op}'")

    def unexpected(self, token: _Token, expected: str) -> ConditionError:
        if token.kind == "end":
            return self.source.error(token.start, token.end,
                                     f"{self.source.what} ends too early: expected {expected}")
        shown = self.source.text[token.start:token.end]
        hint = None
        if token.kind == "name" and token.value.lower() in _KEYWORDS:
            hint = f"write '{token.value.lower()}' in lower case"
        elif token.value == "." and self.source.text[token.end:token.end + 1].isdigit():
            hint = "write numbers as 0.5, not .5"
        return self.source.error(token.start, token.end, f"unexpected '{shown}', expected {expected}", hint)

    def fail(self, node: Node, message: str, hint: str | None = None) -> ConditionError:
        return self.source.error(node.start, node.end, message, hint)

    def describe(self, node: Node) -> str:
        shown = self.source.show(node)
        return f"{shown if shown[0] in _QUOTES else repr(shown)} ({_NOUN[node.kind]})"

    # ---- precedence levels, lowest first

    def parse(self) -> Node:
        node = self.parse_or()
        if self.peek().kind != "end":
            raise self.unexpected(self.peek(), "'and', 'or' or the end")
        return node

    def left_assoc(self, ops: tuple[str, ...], operand, build) -> Node:
        left = operand()
        while self.at(*ops):
            op = self.take().value
            left = build(op, left, operand())
        return left

    def parse_or(self) -> Node:
        return self.left_assoc(("or",), self.parse_and, self.logic)

    def parse_and(self) -> Node:
        return self.left_assoc(("and",), self.parse_not, self.logic)

    def parse_not(self) -> Node:
        if not self.at("not"):
            return self.parse_comparison()
        token = self.take()
        operand = self.parse_not()
        self.need_bool(operand, "not")
        return Not(start=token.start, end=operand.end, kind="bool", operand=operand)

    def parse_comparison(self) -> Node:
        left = self.parse_sum()
        if self.at(*_COMPARE):
            op = self.take().value
            node = self.compare(op, left, self.parse_sum())
        elif self.at("in") or (self.at("not") and self.at("in", ahead=1)):
            node = self.parse_in(left)
        elif self.at("is"):
            node = self.parse_is(left)
        else:
            return left
        if self.at_comparison():
            token = self.peek()
            raise self.source.error(token.start, token.end, "comparisons cannot be chained",
                                    "join two comparisons with 'and', e.g. '0 < x and x < 10'")
        return node

    def parse_sum(self) -> Node:
        return self.left_assoc(("+", "-"), self.parse_product, self.arith)

    def parse_product(self) -> Node:
        return self.left_assoc(("*", "/"), self.parse_unary, self.arith)

    def parse_unary(self) -> Node:
        if not self.at("-"):
            return self.parse_atom()
        token = self.take()
        operand = self.parse_unary()
        self.need_number(operand, "-")
        if isinstance(operand, Literal):
            return Literal(start=token.start, end=operand.end, kind="number", value=-operand.value)
        return Negate(start=token.start, end=operand.end, kind="number", operand=operand)

    def parse_atom(self) -> Node:
        token = self.take()
        if token.kind in ("number", "string"):
            node = Literal(start=token.start, end=token.end, value=token.value,
                            kind="number" if token.kind == "number" else "text")
        elif token.kind == "op" and token.value in ("true", "false"):
            node = Literal(start=token.start, end=token.end, kind="bool", value=token.value == "true")
        elif token.kind == "op" and token.value == "(":
            inner = self.parse_or()
            close = self.expect(")", opened=token)
            node = Group(start=token.start, end=close.end, kind=inner.kind, inner=inner)
        elif token.kind == "name" and self.at("("):
            node = self.parse_call(token)
        elif token.kind == "name":
            node = self.name(token)
        else:
            raise self.unexpected(token, "a value, name or '('")
        if self.at("."):
            dot, after = self.peek(), self.peek(1)
            raise self.source.error(dot.start, after.end if after.kind == "name" else dot.end,
                                    "attribute access ('a.b') is not allowed",
                                    "use a measure name on its own")
        if self.at("["):
            raise self.unexpected(self.peek(), "an operator ('[' is only for lists after 'in')")
        if self.at("("):
            raise self.fail(node, f"'{self.source.show(node)}' is not a function",
                            f"allowed functions are {', '.join(FUNCTIONS)}")
        return node

    # ---- building nodes, with the type checks that belong to them

    def name(self, token: _Token) -> Name:
        name = token.value
        if name not in self.names:
            hint = did_you_mean(name, self.names)
            if hint is None and name.lower() in _KEYWORDS:
                hint = f"write '{name.lower()}' in lower case"
            elif hint is None and 0 < len(self.names) <= 12:
                hint = "known measures: " + ", ".join(sorted(self.names))
            raise self.source.error(token.start, token.end, f"unknown measure '{name}'", hint)
        return Name(start=token.start, end=token.end, kind=self.names[name], name=name)

    def parse_call(self, token: _Token) -> Call:
        function = token.value
        if function not in FUNCTIONS:
            kind = "a measure, not a function" if function in self.names else "an unknown function"
            hint = did_you_mean(function.lower(), FUNCTIONS)
            raise self.source.error(token.start, token.end, f"'{function}' is {kind}",
                                    f"allowed functions are {', '.join(FUNCTIONS)}"
                                    + (f"; {hint}" if hint else ""))
        opened, args = self.take(), []
        if not self.at(")"):
            args.append(self.parse_or())
            while self.at(","):
                self.take()
                args.append(self.parse_or())
        close = self.expect(")", opened=opened)
        node = Call(start=token.start, end=close.end, kind="number", function=function, args=tuple(args))
        wanted = (1, 1) if function == "abs" else (2, None)
        if len(args) < wanted[0] or (wanted[1] and len(args) > wanted[1]):
            raise self.fail(node, f"{function}() takes " + ("exactly one value" if function == "abs"
                                                             else "two or more values"))
        for arg in args:
            self.need_number(arg, f"{function}()")
        return node

    def arith(self, op: str, left: Node, right: Node) -> Arith:
        self.need_number(left, op)
        self.need_number(right, op)
        return Arith(start=left.start, end=right.end, kind="number", op=op, left=left, right=right)

    def compare(self, op: str, left: Node, right: Node) -> Compare:
        node = Compare(start=left.start, end=right.end, kind="bool", op=op, left=left, right=right)
        if left.kind != right.kind:
            quoted = [n for n in (left, right) if isinstance(n, Literal) and n.kind == "text"]
            numeric = quoted and re.fullmatch(r"-?[\d.]+%?", quoted[0].value)
            raise self.fail(node, f"cannot compare {self.describe(left)} with {self.describe(right)}",
                            "remove the quotes around the number" if numeric else None)
        if op not in ("==", "!=") and left.kind == "bool":
            raise self.fail(node, f"'{op}' cannot order true/false values", "use '==' or '!='")
        return node

    def parse_in(self, operand: Node) -> In:
        negated = self.at("not")
        if negated:
            self.take()
        self.take()  # 'in'
        if not self.at("["):
            raise self.unexpected(self.peek(), "a list in square brackets, e.g. ['basis', 'plus']")
        opened, items = self.take(), []
        while not self.at("]"):
            items.append(self.list_item(operand))
            if not self.at("]"):
                self.expect(",", opened=opened)
        close = self.take()
        node = In(start=operand.start, end=close.end, kind="bool", operand=operand,
                   items=tuple(items), negated=negated)
        if not items:
            raise self.source.error(opened.start, close.end, "the list after 'in' is empty")
        return node

    def list_item(self, operand: Node) -> Literal:
        start = self.peek()
        item = self.parse_unary()
        if not isinstance(item, Literal):
            raise self.fail(item, f"list items must be fixed values such as 3 or 'basis', "
                                  f"not '{self.source.show(item)}'")
        if operand.kind == "date":
            raise self.fail(operand, "dates cannot be used with 'in'")
        if item.kind != operand.kind:
            raise self.source.error(start.start, item.end, f"cannot compare {self.describe(operand)} "
                                    f"with list item {self.describe(item)}")
        return item

    def parse_is(self, operand: Node) -> IsMissing:
        self.take()  # 'is'
        negated = self.at("not")
        if negated:
            self.take()
        if not self.at("missing"):
            raise self.unexpected(self.peek(), "'missing' (write 'is missing' or 'is not missing')")
        end = self.take().end
        return IsMissing(start=operand.start, end=end, kind="bool", operand=operand, negated=negated)

    def need_number(self, node: Node, op: str) -> None:
        if node.kind != "number":
            raise self.fail(node, f"cannot use '{op}' on {self.describe(node)}: "
                                  "arithmetic needs numbers")

    def need_bool(self, node: Node, op: str) -> None:
        if node.kind != "bool":
            example = f"{self.source.show(node)} > 0" if node.kind == "number" else None
            raise self.fail(node, f"'{op}' needs true/false on both sides, but {self.describe(node)} is not",
                            f"compare it, e.g. '{example}'" if example else "compare it with something")

    def logic(self, op: str, left: Node, right: Node) -> Logic:
        self.need_bool(left, op)
        self.need_bool(right, op)
        return Logic(start=left.start, end=right.end, kind="bool", op=op, left=left, right=right)


# --------------------------------------------------------------------------- public API

@dataclass(frozen=True)
class Condition:
    """A parsed condition: evaluate it over a frame, or ask what it is made of."""

    text: str
    names: frozenset[str]
    names_in_order: tuple[str, ...]
    kind: str  # "bool" for conditions; "number", "text" or "date" for value expressions
    _tree: Node = field(repr=False, compare=False)
    _source: _Source = field(repr=False, compare=False)

    def __str__(self) -> str:
        return self.text

    @property
    def tree(self) -> Node:
        """The parsed tree (for explaining a condition in words)."""
        return self._tree

    def show(self, node: Node) -> str:
        """The text of one part of the condition, exactly as written."""
        return self._source.show(node)

    def evaluate(self, frame: pd.DataFrame) -> pd.Series:
        """Three-valued result: dtype "boolean" with pd.NA for unknown (float/object/datetime for values)."""
        return _to_series(self._tree.evaluate(_Env(frame, self._source)), self.kind, frame.index)

    def matches(self, frame: pd.DataFrame) -> np.ndarray:
        """Plain bool array: True only where the condition is definitely true."""
        if self.kind != "bool":
            raise self._source.error(0, len(self.text), f"{self._source.what} must be true or false, "
                                     f"but it is {_NOUN[self.kind]}", "compare it with something")
        return self._tree.evaluate(_Env(frame, self._source)).values.copy()

    def leaf_nodes(self) -> list[Node]:
        """The comparisons, is/in tests and bare true/false names that and/or/not combine."""
        return _leaves(self._tree)

    def leaves(self) -> list[tuple[str, tuple[str, ...]]]:
        """The comparisons, is/in tests and bare true/false names that and/or/not combine."""
        return [(self._source.show(leaf), _names_in_order(leaf)) for leaf in _leaves(self._tree)]

    def evaluate_leaves(self, frame: pd.DataFrame) -> list[tuple[str, pd.Series]]:
        """Each leaf's text with its own three-valued result, to show which part held."""
        env = _Env(frame, self._source)
        return [(self._source.show(leaf), _to_series(leaf.evaluate(env), "bool", frame.index))
                for leaf in _leaves(self._tree)]


def _to_series(result: _Vec, kind: str, index: pd.Index) -> pd.Series:
    values, missing = result
    if kind == "bool":
        return pd.Series(pd.arrays.BooleanArray(values.astype(bool), missing.copy()), index=index)
    if kind == "text":
        values = values.astype(object)
        values[missing] = None
        return pd.Series(values, index=index, dtype=object)
    return pd.Series(values, index=index)


def parse(text: str, names: Mapping[str, str], *, file: str = "", line: int | None = None,
          column: int | None = None, what: str = "condition", expect: str | None = "bool") -> Condition:
    """Parse and type-check ``text``; ``names`` maps each allowed name to its kind.

    ``file``/``line``/``column`` locate the string in its YAML file, so errors
    point at the offending token there.  By default the text must be true/false
    (``when: "revenue_12m"`` is a mistake best reported before data is read);
    ``expect=None`` allows value expressions such as ``revenue_12m * 20%``.
    """
    bad = {name: kind for name, kind in names.items() if kind not in KINDS}
    if bad:
        raise ValueError(f"unknown kinds {bad}: each kind must be one of {KINDS}")
    source = _Source(text if isinstance(text, str) else "", file, line, column, what)
    if not isinstance(text, str):
        raise source.error(0, 0, f"{what} must be text, not {text!r}",
                           "put the condition in quotes" if isinstance(text, (bool, int, float)) else None)
    if not text.strip():
        raise source.error(0, len(text), f"{what} is empty")
    tree = _Parser(source, names).parse()
    if expect is not None and tree.kind != expect:
        raise source.error(0, len(text), f"{what} must be {_NOUN[expect]}, but it is {_NOUN[tree.kind]}",
                           "compare it with something" if expect == "bool" else None)
    used = _names_in_order(tree)
    return Condition(text=text, names=frozenset(used), names_in_order=used, kind=tree.kind,
                     _tree=tree, _source=source)
