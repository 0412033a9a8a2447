"""Why a customer is where it is — in words a consultant can read out in a meeting.

* :func:`describe` puts a parsed condition into plain Dutch or English with
  the catalogue's labels ("Nettowinst 12 mnd is kleiner dan 0 en Prestige is
  hoogstens 2").
* :func:`trace_customer` is the per-customer trace as data: the segment rules
  tried in order, each true, false or unknown, the parts of each rule with
  their results, and the value of every measure used (and which were
  unknown); :func:`render_trace` prints it for ``klantwaarde explain``.
* :func:`compare_reports` and :func:`render_diff` show what another policy
  would change (``klantwaarde diff``).

Everything here reads a finished :class:`~generator.model.report.Report`; nothing
is recomputed, so what is explained is exactly what the report shows.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.inputs import conditions as c
from generator.inputs.catalogue import Catalogue
from generator.errors import InputError, Problem
from generator.text.formatting import Formatter, is_missing
from generator.text.translation import STRINGS, Translator
from generator.model import segmentation
from generator.model.report import Report

_PREFIX = "explain."  # this module's keys in the language tables (generator.text)


def text(key: str, lang: str, **values) -> str:
    """One of this module's texts in ``lang``, plural forms chosen and placeholders filled."""
    return Translator(lang)(_PREFIX + key, **values)


def texts(lang: str) -> dict[str, str]:
    """This module's plain texts in ``lang`` (for the policy and methodology pages' templates)."""
    return {key[len(_PREFIX):]: words for key, words in STRINGS[lang].items() if key.startswith(_PREFIX)}


# --------------------------------------------------------------------------- conditions in words

def describe(condition: c.Condition, lang: str, catalogue: Catalogue | None = None) -> str:
    """The condition in plain words, with the catalogue's labels for measures."""
    return _Words(condition, lang, catalogue).phrase(condition.tree)


def describe_part(condition: c.Condition, node: c.Node, lang: str, catalogue: Catalogue | None = None) -> str:
    """One part of a condition (e.g. a leaf from ``leaf_nodes()``) in plain words."""
    return _Words(condition, lang, catalogue).phrase(node)


def _unwrap(node: c.Node) -> c.Node:
    while isinstance(node, c.Group):
        node = node.inner
    return node


class _Words:
    """Words for one condition. ``not`` is pushed inwards (``not x < 3`` reads "x is at least
    3", De Morgan for and/or), which keeps the meaning — unknown stays unknown — and
    reads plainer; a chain of 'and' inside 'or' (or the reverse) gets brackets."""

    _FLIP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
    _LEVEL = {"+": 5, "-": 5, "*": 6, "/": 6}

    def __init__(self, condition: c.Condition, lang: str, catalogue: Catalogue | None):
        self.condition, self.lang, self.catalogue = condition, lang, catalogue
        self.fmt = Formatter(lang)
        self._t = Translator(lang)

    def t(self, key: str) -> str:
        return self._t(_PREFIX + key)

    def phrase(self, node: c.Node, negated: bool = False) -> str:
        return self._phrase(node, negated)[0]

    def _phrase(self, node: c.Node, negated: bool) -> tuple[str, str | None]:
        """The words, and the 'and'/'or' that joins their top level (None for one statement)."""
        node = _unwrap(node)
        if isinstance(node, c.Logic):
            op = node.op if not negated else {"and": "or", "or": "and"}[node.op]
            parts = []
            for child in (node.left, node.right):
                words, child_op = self._phrase(child, negated)
                parts.append(f"({words})" if child_op is not None and child_op != op else words)
            return f" {self.t(op)} ".join(parts), op
        if isinstance(node, c.Not):
            return self._phrase(node.operand, not negated)
        if isinstance(node, c.Compare):
            return self.compare(node, negated), None
        if isinstance(node, c.In):
            items = [self.value(item) for item in node.items]
            none = node.negated != negated
            if len(items) == 1:
                return f"{self.value(node.operand)} {self.t('!=' if none else '==')} {items[0]}", None
            listed = f"{', '.join(items[:-1])} {self.t('or')} {items[-1]}"
            return f"{self.value(node.operand)} {self.t('none_of' if none else 'one_of')} {listed}", None
        if isinstance(node, c.IsMissing):
            known = node.negated != negated
            return f"{self.value(node.operand)} {self.t('known' if known else 'missing')}", None
        if isinstance(node, c.Literal) and node.kind == "bool":
            return self.t("true" if node.value != negated else "false"), None
        if node.kind == "bool":  # a yes/no measure on its own
            return f"{self.value(node)}: {self.t('no' if negated else 'yes')}", None
        return self.value(node), None

    def compare(self, node: c.Compare, negated: bool) -> str:
        op = self._FLIP[node.op] if negated else node.op
        left, right = _unwrap(node.left), _unwrap(node.right)
        if left.kind == "bool" and (isinstance(right, c.Literal) or isinstance(left, c.Literal)):
            literal, other = (right, left) if isinstance(right, c.Literal) else (left, right)
            return self.phrase(other, literal.value != (op == "=="))  # silent == true: "Silent: yes"
        shown = [self.value(node.left), self.value(node.right)]
        for i, (side, other) in enumerate(((left, right), (right, left))):
            # band values read in the build language: 'low' is 'laag' on a Dutch page
            if isinstance(side, c.Literal) and isinstance(other, c.Name) and other.name.endswith("_band"):
                shown[i] = f"'{self.fmt.band(side.value)}'"
        return f"{shown[0]} {self.t(op)} {shown[1]}"

    def value(self, node: c.Node, level: int = 0) -> str:
        node = _unwrap(node)
        if isinstance(node, c.Literal):
            return self.literal(node)
        if isinstance(node, c.Name):
            m = self.catalogue.by_name.get(node.name) if self.catalogue is not None else None
            return m.label(self.lang) if m is not None else node.name
        if isinstance(node, c.Negate):
            return f"{self.t('negate')} {self.value(node.operand, 7)}"
        if isinstance(node, c.Arith):
            own = self._LEVEL[node.op]
            words = f"{self.value(node.left, own)} {self.t(node.op)} {self.value(node.right, own + 1)}"
            return f"({words})" if own < level else words
        if isinstance(node, c.Call):
            args = [self.value(arg) for arg in node.args]
            listed = args[0] if len(args) == 1 else f"{', '.join(args[:-1])} {self.t('and')} {args[-1]}"
            return f"{self.t(node.function)} {listed}"
        return f"({self.phrase(node)})"  # a true/false part used as a value: silent == (x > 1)

    def literal(self, node: c.Literal) -> str:
        if node.kind == "text":
            return f"'{node.value}'"
        if node.kind == "bool":
            return self.t("true" if node.value else "false")
        written = self.condition.show(node).replace("_", "").replace(" ", "")
        digits = written.lstrip("-").rstrip("%")
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        if written.endswith("%"):
            return self.fmt.percent(node.value, max(0, decimals))
        return self.fmt.number(node.value, decimals)


# --------------------------------------------------------------------------- the trace of one customer

@dataclass(frozen=True)
class MeasureValue:
    """A measure a rule used, with this customer's value."""

    name: str
    label: str
    value: object       # None when missing
    shown: str          # formatted in the build language
    missing: bool


@dataclass(frozen=True)
class Part:
    """One comparison or test of a rule, with its result for this customer (None: unknown)."""

    text: str
    words: str
    result: bool | None


@dataclass(frozen=True)
class RuleStep:
    """One segment rule as tried for one customer."""

    position: int
    segment_id: str
    segment_name: str
    when: str | None
    words: str | None
    result: bool | None     # the rule's value for this customer; None: unknown (or no rule)
    state: str              # true | false | unknown | catch-all | not-reached
    chosen: bool
    parts: tuple[Part, ...]
    values: tuple[MeasureValue, ...]


@dataclass(frozen=True)
class ActionStep:
    action_id: str
    title: str
    priority: int
    reason: str
    text: str
    letter: bool


@dataclass(frozen=True)
class CustomerTrace:
    """Everything that decided one customer's segment and advice."""

    lang: str
    customer_id: str
    name: str
    contract: str | None
    segment_id: str
    segment_name: str
    steps: tuple[RuleStep, ...]
    values: tuple[MeasureValue, ...]    # every measure any rule used, in order of first use
    actions: tuple[ActionStep, ...]

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.values if v.missing)


def trace_customer(report: Report, customer_id: str) -> CustomerTrace:
    """The trace of ``customer_id``; an unknown id is an input error naming the nearest ids."""
    frame = report.customers
    if customer_id not in frame.index:
        raise InputError(_unknown_customer(report, customer_id))
    lang, policy, catalogue = report.lang, report.policy, report.policy.catalogue
    fmt = Formatter(lang, report.config.currency)
    row = frame.loc[[customer_id]]
    record = row.iloc[0]
    segment_id = str(record["segment"])

    def measure(name: str) -> MeasureValue:
        value = record.get(name) if name in frame.columns else None
        missing = is_missing(value)
        m = catalogue.by_name.get(name)
        if missing:
            shown = text("unknown_value", lang)
        elif m is None or m.kind == "text":  # a band or RFM segment in words, with the code a rule compares
            words = fmt.coded(name, value)
            shown = words if words == str(value) else f"{words} ('{value}')"
        else:
            shown = fmt.measure(value, m.kind)
        return MeasureValue(name, m.label(lang) if m else name, None if missing else _plain(value), shown, missing)

    steps, used, decided = [], {}, False
    for i, s in enumerate(policy.segments):
        cond = policy.segment_conditions.get(s.id)
        chosen = s.id == segment_id
        parts, values, result = (), (), None
        if cond is not None:
            tried = segmentation.as_in_segment(row, policy, s.id, cond.names)   # as the rule saw it
            if s.id in report.rules.columns:
                result = _truth(report.rules.at[customer_id, s.id])
            else:
                result = _truth(cond.evaluate(tried).iloc[0])
            leaf_results = [series.iloc[0] for _text, series in cond.evaluate_leaves(tried)]
            parts = tuple(Part(cond.show(leaf), describe_part(cond, leaf, lang, catalogue), _truth(r))
                          for leaf, r in zip(cond.leaf_nodes(), leaf_results))
            values = tuple(measure(n) for n in cond.names_in_order)
            for v in values:
                used.setdefault(v.name, v)
        if decided:
            state = "not-reached"
        elif cond is None:
            state = "catch-all"
        else:
            state = {True: "true", False: "false", None: "unknown"}[result]
        steps.append(RuleStep(i + 1, s.id, s.name.get(lang), s.when,
                              describe(cond, lang, catalogue) if cond is not None else None,
                              result, state, chosen, parts, values))
        decided = decided or chosen

    actions = report.actions
    mine = actions[actions["customer_id"] == customer_id] if actions is not None and len(actions) else actions
    action_steps = tuple(
        ActionStep(str(a["action_id"]), str(a["title"]), int(a["priority"]), str(a.get("reason") or ""),
                   str(a["text"]), bool(a.get("letter")))
        for _, a in (mine.iterrows() if mine is not None else ()))
    name = record.get("name") if "name" in frame.columns else None
    contract = record.get("contract") if "contract" in frame.columns else None
    named = {k.id: k.name.get(lang) for k in policy.contracts}
    if not is_missing(contract) and str(contract) in named:  # the contract by its name, and its id
        contract = f"{named[str(contract)]} ({contract})"
    return CustomerTrace(
        lang, customer_id, customer_id if is_missing(name) or not str(name).strip() else str(name),
        None if is_missing(contract) else str(contract), segment_id, policy.segment(segment_id).name.get(lang),
        tuple(steps), tuple(used.values()), action_steps)


def render_trace(trace: CustomerTrace) -> str:
    """The trace as plain text for ``klantwaarde explain``, in the report's language."""
    t = lambda key, **v: text(key, trace.lang, **v)  # noqa: E731
    chosen = next(s for s in trace.steps if s.chosen)
    out = [f"{trace.customer_id} · {trace.name}",
           f"{t('segment')}: {trace.segment_name} ({trace.segment_id}) — "
           f"{t('rule_of', n=chosen.position, total=len(trace.steps))}",
           f"{t('contract')}: {trace.contract or '—'}", "", t("rules_title")]
    for s in trace.steps:
        state = t(f"state_{s.state}")
        mark = f"  ← {t('chosen')}" if s.chosen else ""
        out.append(f"{s.position}. {s.segment_name} ({s.segment_id}): {state.upper() if s.chosen else state}{mark}")
        if s.when is not None:
            out.append(f"   {t('rule')}: {' '.join(s.when.split())}")
            out.append(f"   {t('in_words')}: {s.words}")
        if s.state in ("true", "false", "unknown"):
            width = max(len(t(k)) for k in ("state_true", "state_false", "state_unknown"))
            for p in s.parts:
                result = t({True: "state_true", False: "state_false", None: "state_unknown"}[p.result])
                out.append(f"     {result:<{width}}  {' '.join(p.text.split())}")
    out += ["", t("values_title")]
    if trace.values:
        name_w = max(len(v.name) for v in trace.values)
        label_w = max(len(v.label) for v in trace.values)
        for v in trace.values:
            out.append(f"  {v.name:<{name_w}}  {v.label:<{label_w}}  {v.shown}")
    else:
        out.append(f"  {t('none')}")
    if trace.unknown:
        out += ["", t("unknown_note", names=", ".join(trace.unknown))]
    out += ["", t("actions_title")]
    if not trace.actions:
        out.append(f"  {t('actions_none')}")
    for a in trace.actions:
        letter = f" ({t('letter')})" if a.letter else ""
        out.append(f"  [{a.priority}] {a.title}{letter}")
        if a.reason:
            out.append(f"      {t('why')}: {a.reason}")
        if not a.letter:
            out.append(f"      {' '.join(a.text.split())}")
    return "\n".join(out) + "\n"


def _unknown_customer(report: Report, customer_id: str) -> Problem:
    ids = [str(i) for i in report.customers.index]
    names = report.customers["name"] if "name" in report.customers.columns else pd.Series(dtype=object)
    def lookalike(text: str) -> str:  # O for 0, l for 1, any case
        return text.strip().casefold().translate(str.maketrans("oil", "011"))

    wanted = lookalike(customer_id)
    same = [i for i in ids if lookalike(i) == wanted]
    folded = customer_id.strip().casefold()
    by_name = [str(i) for i, n in names.items() if len(folded) >= 3 and not is_missing(n) and folded in str(n).casefold()]
    guesses = difflib.get_close_matches(customer_id, ids, n=3, cutoff=0.5)
    suggestions = same or list(dict.fromkeys(by_name[:3] + guesses))[:3]
    if customer_id in report.config.exclude:
        return Problem(str(report.config.file.name), f"customer '{customer_id}' is left out by 'exclude' in the config",
                       hint="remove it from 'exclude' to explain it")
    shown = [f"'{i}' ({names.get(i)})" if i in names.index and not is_missing(names.get(i)) else f"'{i}'"
             for i in suggestions]
    hint = f"did you mean {', '.join(shown)}?" if shown else "see customers/index.html or scores.csv for the ids"
    return Problem("", f"unknown customer id '{customer_id}'", hint=hint)


# --------------------------------------------------------------------------- what another policy changes

@dataclass(frozen=True)
class Move:
    customer_id: str
    name: str
    source: str    # segment id under the configured policy
    target: str    # segment id under the other policy


@dataclass(frozen=True)
class PolicyDiff:
    """The same customers under two policies."""

    lang: str
    currency: str
    base_file: str
    other_file: str
    customers: int
    base_segments: tuple[tuple[str, str], ...]     # (id, name), in the policy's order
    other_segments: tuple[tuple[str, str], ...]
    counts: dict[tuple[str, str], int]             # (from, to) → customers, stayers included
    moves: tuple[Move, ...]
    entitled_cost: tuple[float | None, float | None]
    leakage: tuple[float | None, float | None]


def compare_reports(base: Report, other: Report) -> PolicyDiff:
    """Who moves between segments, and what happens to entitled cost and leakage."""
    lang = base.lang
    source = base.customers["segment"].astype(str)
    target = other.customers["segment"].astype(str).reindex(source.index)
    names = base.customers["name"] if "name" in base.customers.columns else pd.Series(index=source.index, dtype=object)
    counts = {k: int(v) for k, v in pd.crosstab(source, target).stack().items() if v}
    moved = source.index[source != target]
    moves = tuple(Move(str(i), str(i) if is_missing(names.get(i)) else str(names.get(i)), source[i], target[i])
                  for i in sorted(moved))
    base_money, other_money = _entitled_and_leaked(base), _entitled_and_leaked(other)
    return PolicyDiff(
        lang, base.config.currency, base.config.display(base.policy.file), str(other.policy.file), len(source),
        tuple((s.id, s.name.get(lang)) for s in base.policy.segments),
        tuple((s.id, s.name.get(lang)) for s in other.policy.segments),
        counts, moves, (base_money[0], other_money[0]), (base_money[1], other_money[1]))


def render_diff(diff: PolicyDiff) -> str:
    """The from/to table, the customers who move and the change in money, as plain text."""
    t = lambda key, **v: text(key, diff.lang, **v)  # noqa: E731
    fmt = Formatter(diff.lang, diff.currency)
    rows = [sid for sid, _ in diff.base_segments]
    cols = [sid for sid, _ in diff.other_segments]
    for (a, b) in diff.counts:  # segments a report has that its policy no longer lists
        rows += [a] if a not in rows else []
        cols += [b] if b not in cols else []
    out = [t("diff_title", base=diff.base_file, other=diff.other_file, n=diff.customers), "", t("diff_table")]
    header = ["", *cols, t("total")]
    table = [header]
    for r in rows:
        cells = [diff.counts.get((r, col), 0) for col in cols]
        table.append([r, *[str(n) if n else "·" for n in cells], str(sum(cells))])
    table.append([t("total"), *[str(sum(diff.counts.get((r, col), 0) for r in rows)) for col in cols],
                  str(diff.customers)])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        out.append("  " + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                                    for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
    out.append("")
    if diff.moves:
        out.append(t("diff_moves", n=len(diff.moves)))
        body = [[t("col_customer"), t("col_name"), t("col_from"), t("col_to")]] + \
               [[m.customer_id, m.name, m.source, m.target] for m in diff.moves]
        widths = [max(len(row[i]) for row in body) for i in range(4)]
        for row in body:
            out.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    else:
        out.append(t("diff_no_moves"))
    out.append("")
    for key, (before, after) in (("diff_money", diff.entitled_cost), ("diff_leakage", diff.leakage)):
        change = fmt.signed(after - before, "money") if before is not None and after is not None else fmt.MISSING
        out.append(t(key, base=fmt.money(before), other=fmt.money(after), change=change))
    return "\n".join(out) + "\n"


def _entitled_and_leaked(report: Report) -> tuple[float | None, float | None]:
    """Total internal cost of services used within entitlement, and beyond it (leakage)."""
    frame = report.customers
    within, beyond, known = 0.0, 0.0, False
    for s in report.policy.services:
        cost, entitled = f"cost_{s.id}_12m", f"entitled_{s.id}"
        if cost not in frame.columns or entitled not in frame.columns or frame[cost].isna().all():
            continue
        known = True
        values = frame[cost].fillna(0.0).astype(float).to_numpy()
        mask = frame[entitled].fillna(False).astype(bool).to_numpy()
        within += float(values[mask].sum())
        beyond += float(values[~mask].sum())
    return (within, beyond) if known else (None, None)


# --------------------------------------------------------------------------- helpers

def _truth(value) -> bool | None:
    return None if is_missing(value) else bool(value)


def _plain(value):
    if isinstance(value, (np.generic,)):
        return value.item()
    return value
