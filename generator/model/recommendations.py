"""What to do next for every customer, with the reason and the numbers.

A customer gets its segment's playbook plus every action whose own ``when``
holds for it (the house rules: arrears, behaviour incidents, silence,
leakage). Action texts are Jinja templates from the policy, rendered in a
sandbox that sees only the customer's measures and a few policy names — a
template that reaches for Python internals is a policy error, never run.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from typing import NamedTuple

import jinja2
import numpy as np
import pandas as pd
from jinja2 import meta
from jinja2.sandbox import SecurityError

from generator.execution import DEFAULT, Execution
from generator.text.formatting import Formatter, is_missing
from generator.text import LANGUAGES
from generator.text.translation import Translator
from generator.inputs.conditions import Group, Logic, Not
from generator.errors import InputError
from generator.limits import MAX_TEXT_CHARS, TEXT_SECONDS, OutOfTime, TimeBudget, TooLarge, bounded_join
from generator.inputs.policy import Policy
from generator.inputs.templates import TEMPLATE_NAMES, template_environment

def recommend(frame: pd.DataFrame, policy: Policy, lang: str, currency: str,
              execution: Execution = DEFAULT) -> pd.DataFrame:
    """One row per recommended action, with who does it and why (see :data:`COLUMNS`).

    ``reason`` says in the build language why the action was chosen and
    quotes the numbers behind it: the segment's rule for a playbook action
    ("Segment Eerst repareren: nettowinst 12 mnd −€ 7.066"), the action's own
    condition for a house rule ("Huisregel: achterstallig bedrag € 2.310;
    oudste achterstand (dagen) 90"). Only the parts of the condition that
    held are quoted, yes/no measures by the numbers that explain them;
    ``numbers`` has the same values unformatted (name=value; ...) for scripts.
    ``owner`` is the customer's account manager when known.

    Each template is compiled once and sees only the names it uses (a render
    costs little then); a template whose names have the same values for two
    customers (a title, a fixed text) is rendered once for both.
    """
    wanted = _wanted(frame, policy)
    segment_names = {s.id: s.name.get(lang) for s in policy.segments}
    partners = policy.model.referral_partners
    partner_dicts = {id(p): p.model_dump() for p in partners}
    company = policy.model.company.model_dump()
    house_rules = policy.house_rules.model_dump(exclude={"rules"})
    available = [c for c in policy.catalogue.names() if c in frame.columns]
    envs = {lang: template_environment(lang, currency)}
    templates = _Templates(policy, envs, currency, set(available) | set(TEMPLATE_NAMES))
    explain = _Explainer(policy, lang, currency)
    actions: dict = {}
    for a in policy.actions:  # the first of an id, as Policy.action finds it
        actions.setdefault(a.id, a)
    # the measures the texts, the reasons and the context need, as Python values per customer
    needed = {"sector", "account_manager", "segment", "language", "contract", *CATCH_ALL_QUOTES}
    for a in policy.actions:
        needed.update(a.impact)
    for action_ids in {tuple(a for a, _ in todo) for todo in wanted.values()}:
        for action_id in action_ids:
            needed |= templates.names(action_id)
    for why in {why for todo in wanted.values() for _, why in todo}:
        needed |= set(explain.shown(why[1]))
    if "cost_drivers" in needed:
        needed |= {f"{k}_{s.id}_12m" for s in policy.services for k in ("cost", "usage")}
    columns = _python_values(frame, [c for c in available if c in needed])
    texts = _ActionTexts(policy, lang, wanted, templates, explain, actions, columns, frame.index.tolist(),
                         segment_names, partner_dicts, company, house_rules)
    # {{ contract_name }}: the customer's contract by its name in the text's language (the id if the policy lacks it)
    texts.contract_names = {l: {k.id: k.name.get(l) for k in policy.contracts} for l in LANGUAGES}
    if texts.use_drivers:   # per service, the average active customer's cost in 12 months
        active = frame["orders_12m"].fillna(0) > 0 if "orders_12m" in frame.columns else slice(None)
        for s in policy.services:
            col = f"cost_{s.id}_12m"
            if col in frame.columns and frame.loc[active, col].notna().any():
                texts.average_costs[s.id] = float(frame.loc[active, col].mean())
    # customers in id order, each one's actions by priority and id: sorted as a whole, with
    # the ids in the order pandas sorts them (code points, which is UTF-8's byte order too)
    customers = sorted(wanted)
    rows = (in_two_processes(texts.rows, customers)
            if len(customers) >= execution.parallel_recommendations_from else texts.rows(customers))
    # column by column (as a list of dicts would give them; none at all: empty text columns)
    return pd.DataFrame({c: list(v) for c, v in zip(COLUMNS, zip(*rows))}, columns=COLUMNS) if rows \
        else pd.DataFrame([], columns=COLUMNS)


#: how many cost drivers a text sees
COST_DRIVERS = 3


class CostDriver(NamedTuple):
    """One of a customer's largest costs of service: ``{{ d.nl }}`` ({{ d.usage }} {{ d.unit }}, {{ d.cost }})."""

    service: str
    nl: str
    en: str
    usage: float
    unit: str
    cost: float
    #: the average active customer's cost of this service in 12 months
    average: float


class _ActionTexts:
    """Everything the action rows of a customer need, prepared once: ``rows(customer ids)``."""

    def __init__(self, policy, lang, wanted, templates, explain, actions, columns, ids,
                 segment_names, partner_dicts, company, house_rules):
        self.policy, self.lang, self.wanted = policy, lang, wanted
        self.templates, self.explain, self.actions, self.columns = templates, explain, actions, columns
        self.position = {cid: i for i, cid in enumerate(ids)}
        self.none = [None] * len(ids)
        self.partners = policy.model.referral_partners
        self.segment_names, self.partner_dicts = segment_names, partner_dicts
        self.company, self.house_rules = company, house_rules
        self.use_drivers = any("cost_drivers" in templates.names(a) for a in actions)
        self.average_costs: dict[str, float] = {}
        self.contract_names: dict[str, dict[str, str]] = {}

    def cost_drivers(self, value) -> tuple:
        """What makes this customer expensive to serve: the services on which it cost us most
        above the average active customer (one with an order) in 12 months (at most three, the largest excess first; none
        at or below the average, none unknown), for texts such as a parting letter's reason."""
        found = []
        for s in self.policy.services:
            cost, usage = value(f"cost_{s.id}_12m"), value(f"usage_{s.id}_12m")
            average = self.average_costs.get(s.id)
            if is_missing(cost) or is_missing(usage) or average is None or cost <= average or usage <= 0:
                continue
            found.append(CostDriver(s.id, s.name.nl, s.name.en, float(usage), s.unit, round(float(cost), 2),
                                    round(float(average), 2)))
        found.sort(key=lambda d: (-(d.cost - d.average), d.service))
        return tuple(found[:COST_DRIVERS])

    def rows(self, customers: list[str]) -> list[tuple]:
        """The action rows (:data:`COLUMNS`) of these customers, in this order; each customer's
        texts within a time budget (:data:`generator.limits.TEXT_SECONDS`)."""
        rows: list[tuple] = []
        with TimeBudget() as budget:
            for cid in customers:
                budget.start(TEXT_SECONDS)
                try:
                    rows.extend(self._customer(cid))
                except OutOfTime as exc:
                    raise self._problem(cid, *render_failure(exc)) from None
                finally:
                    budget.stop()
        return rows

    def _problem(self, cid: str, message: str, hint: str | None = None) -> InputError:
        """An input error in the action text being rendered, naming the policy file, the text's line
        and the customer it was rendered for."""
        action_id, part, lang = self._at
        index = next((i for i, a in enumerate(self.policy.actions) if a.id == action_id), None)
        where = ("actions", index, part, lang) if index is not None else ("actions",)
        return InputError(self.policy.problem(
            where, f"action '{action_id}' {part}.{lang}, rendered for customer {cid}: {message}", hint))

    def _customer(self, cid: str) -> list[tuple]:
        """One customer's action rows, ordered."""
        columns, none, partners, lang = self.columns, self.none, self.partners, self.lang
        templates, explain, actions = self.templates, self.explain, self.actions
        i = self.position[cid]

        def value(name, i=i):
            return columns.get(name, none)[i]

        sector = value("sector")
        partner = next((p for p in partners if p.sector and p.sector == sector), None) or \
            next((p for p in partners if not p.sector), None)
        owner = value("account_manager")
        language = value("language")
        special = {"customer_id": cid, "segment_name": self.segment_names.get(value("segment")),
                   "partner": self.partner_dicts[id(partner)] if partner else None, "company": self.company,
                   "house_rules": self.house_rules, "owner": owner}
        special["cost_drivers"] = self.cost_drivers(value) if self.use_drivers else ()
        mine: list[tuple] = []
        for action_id, (prefix, names) in self.wanted[cid]:
            a = actions[action_id]
            # letters follow the customer's language where it is known; their title is a label of
            # the page, in the report's language
            l = language if a.letter and language in LANGUAGES else lang
            contract = value("contract")
            special["contract_name"] = None if contract is None else \
                self.contract_names.get(l, {}).get(str(contract), str(contract))
            try:
                self._at = (action_id, "title", lang)
                title = templates.render(action_id, "title", lang, value, special)
                self._at = (action_id, "text", l)
                text = templates.render(action_id, "text", l, value, special)
            except OutOfTime:
                raise       # the customer's budget: rows() says so
            except Exception as exc:  # noqa: BLE001 - whatever a user's template raises is its input error
                raise self._problem(cid, *render_failure(exc)) from None
            reason, numbers = explain(prefix, names, value)
            mine.append((cid, action_id, a.priority, owner, title, text.strip(), a.letter, reason, numbers, l,
                         _impact(a.impact, value), a.safety))
        return sorted(mine, key=order_key)


#: below this many customers the texts are written in this process only (a second one costs ~0.1 s)
#: the work of in_two_processes, for its forked copy (fork passes it without pickling)
_forked_work = None


def in_two_processes(work, customers: list) -> list:
    """``work(customers)``, the second half in a forked copy of this process while this one
    does the first: the same rows in the same order, in about half the time on two cores.

    This is computing, not rendering (which has its spawned worker pool): the copy runs pure
    Python on the templates and values already prepared here, which fork shares without
    pickling them. Only where fork is safe and cheap (Linux, two or more cores, not inside a
    daemon worker); if the copy fails for any reason, its half is done here (and raises here,
    if it must).
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if (len(customers) < 2 or cores < 2 or not sys.platform.startswith("linux")
            or "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon
            or "vl_convert" in sys.modules):  # after vl_convert has run, a forked copy can deadlock (serve)
        return work(customers)
    half = len(customers) // 2
    global _forked_work
    _forked_work = work
    try:
        try:
            pool = multiprocessing.get_context("fork").Pool(1)
        except OSError:              # no memory or no processes to spare: one process it is
            return work(customers)
        with pool:
            later = pool.apply_async(_forked, (customers[half:],))
            first = work(customers[:half])
            try:
                second = later.get()
            except Exception:  # noqa: BLE001 - whatever went wrong there, the half is done here
                second = work(customers[half:])
    finally:
        _forked_work = None
    return first + second


def _forked(customers: list[str]) -> list[tuple]:
    return _forked_work(customers)


def _python_values(frame: pd.DataFrame, names: list[str]) -> dict[str, list]:
    """Per column, the customers' values as plain Python objects (float, int, bool, str,
    Timestamp), None where missing: what a template and a reason see."""
    out = {}
    for name in names:
        column = frame[name]
        if isinstance(column.dtype, np.dtype) and column.dtype.kind == "M":
            out[name] = _Timestamps(column)     # made only for the customers whose texts use them
            continue
        values = column.astype(object).to_numpy(copy=True)
        values[column.isna().to_numpy()] = None
        values = values.tolist()
        if column.dtype == object:
            values = [_native(v) for v in values]
        out[name] = values
    return out


class _Timestamps:
    """A date column as the values ``astype(object)`` gives (Timestamp, None when missing),
    each made when it is first asked for."""

    def __init__(self, column: pd.Series):
        self.values = column.to_numpy()
        self.made: dict[int, object] = {}

    def __getitem__(self, i: int):
        found = self.made.get(i, self)
        if found is self:
            v = self.values[i]
            found = self.made[i] = None if np.isnat(v) else pd.Timestamp(v)
        return found


def _native(v):
    """A NumPy scalar as the Python value it stands for."""
    if isinstance(v, np.generic):
        if isinstance(v, (np.datetime64, np.timedelta64)):
            return pd.Timestamp(v) if isinstance(v, np.datetime64) else pd.Timedelta(v)
        return v.item()
    return v


class _Templates:
    """The policy's action texts, compiled once per language, with the names each one uses."""

    #: a template using at most this many names is rendered once per distinct set of their values
    MEMO_NAMES = 3

    def __init__(self, policy: Policy, envs: dict, currency: str, available: set[str]):
        self.policy, self.envs, self.currency, self.available = policy, envs, currency, available
        self.actions: dict = {}
        for a in policy.actions:
            self.actions.setdefault(a.id, a)
        self.compiled: dict = {}
        self.memo: dict = {}

    def _get(self, action_id: str, part: str, lang: str):
        key = (action_id, part, lang)
        found = self.compiled.get(key)
        if found is None:
            if lang not in self.envs:
                self.envs[lang] = template_environment(lang, self.currency)
            env = self.envs[lang]
            source = getattr(self.actions[action_id], part).get(lang)
            used = meta.find_undeclared_variables(env.parse(source))
            # a name the data lacks stays out of the context, so the template fails as it would
            names = tuple(sorted(n for n in used if n in self.available))
            template = env.from_string(source)
            # a plain dict instead of the chain of mappings: each render's context lists its keys
            template.globals = dict(template.globals)
            found = self.compiled[key] = (template, template.globals, names, len(names) <= self.MEMO_NAMES)
        return found

    def names(self, action_id: str) -> set[str]:
        """Every name the action's title and text use, in any language."""
        out: set[str] = set()
        for part in ("title", "text"):
            for lang in LANGUAGES:
                try:
                    out.update(self._get(action_id, part, lang)[2])
                except jinja2.TemplateError:  # raised where it is rendered, if it is
                    pass
        return out

    def render(self, action_id: str, part: str, lang: str, value, special: dict) -> str:
        template, globals_, names, memo = self._get(action_id, part, lang)
        context = {n: special[n] if n in special else value(n) for n in names}
        if not memo:
            return self._run(template, globals_, context)
        key = (action_id, part, lang, *((type(v), id(v) if isinstance(v, (dict, list)) else v)
                                        for v in context.values()))
        try:
            text = self.memo.get(key)
        except TypeError:  # an unhashable value: render every time
            return self._run(template, globals_, context)
        if text is None:
            text = self.memo[key] = self._run(template, globals_, context)
        return text

    @staticmethod
    def _run(template, globals_: dict, context: dict) -> str:
        """``template.render(context)`` without merging the template's globals (a chain of
        mappings) into every context: they are merged here once, as a plain dict."""
        return bounded_join(template.root_render_func(
            template.new_context({**globals_, **context}, shared=True)), MAX_TEXT_CHARS)


#: what the reason of a catch-all segment's action quotes: the numbers the segment rules weigh
CATCH_ALL_QUOTES = ("net_profit_12m", "value_score", "burden_score", "future_score")

#: the columns of :func:`recommend`'s frame
COLUMNS = ["customer_id", "action_id", "priority", "owner", "title", "text", "letter", "reason", "numbers",
           "language", "impact", "safety"]


def _impact(names: list[str], value) -> float | None:
    """What is at stake, in euros: the product of the action's impact measures, without sign;
    None when the action names none or one of them is missing."""
    if not names:
        return None
    out = 1.0
    for n in names:
        v = value(n)
        if is_missing(v):
            return None
        out *= float(v)
    return round(abs(out), 2)


def order_key(row: tuple) -> tuple:
    """A customer's actions: safety rules first, then by priority, the largest impact first
    (none last), then by action id."""
    impact = row[10]
    return (not row[11], row[2], 0 if impact is not None else 1, -(impact or 0.0), row[1])


def _wanted(frame: pd.DataFrame, policy: Policy) -> dict[str, list[tuple[str, tuple[str, tuple[str, ...]]]]]:
    """customer id → [(action id, (reason prefix, measures behind it))]: the segment's
    playbook first, then every action whose own condition holds (once per action)."""
    wanted: dict[str, list] = {}
    seg_of = frame["segment"].to_numpy()
    for s in policy.segments:
        member = seg_of == s.id
        if not member.any() or not s.playbook:
            continue
        cond = policy.segment_conditions.get(s.id)
        held = _names_that_held(cond, _rows_for(cond, frame, member)) if cond is not None else {}
        for cid in frame.index[member].tolist():
            why = (f"segment:{s.id}", held.get(cid, ()))
            for action_id in s.playbook:
                wanted.setdefault(cid, []).append((action_id, why))
    for action_id, cond in policy.action_conditions.items():
        hit = cond.matches(_rows_for(cond, frame))
        held = _names_that_held(cond, _rows_for(cond, frame, hit))
        for cid in frame.index[hit].tolist():
            have = wanted.setdefault(cid, [])
            if all(a != action_id for a, _ in have):
                have.append((action_id, ("rule", held.get(cid, ()))))
    # an action's own gate (only_when): not given where its trigger number is zero or missing,
    # and where it is given, the reason quotes that number too
    for action_id, gate in policy.action_gates.items():
        hit = gate.matches(_rows_for(gate, frame))
        held = _names_that_held(gate, _rows_for(gate, frame, hit))
        for cid, todo in wanted.items():
            if not any(a == action_id for a, _ in todo):
                continue
            if cid not in held:
                wanted[cid] = [(a, why) for a, why in todo if a != action_id]
            else:
                wanted[cid] = [(a, (why[0], tuple(dict.fromkeys(why[1] + held[cid]))) if a == action_id else why)
                               for a, why in todo]
    return {cid: todo for cid, todo in wanted.items() if todo}


def _rows_for(cond, frame: pd.DataFrame, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The rows of ``frame`` (a boolean mask; all when None) with only the columns ``cond`` reads
    (copying a hundred columns per segment costs seconds); all columns when one is missing, so
    the condition reports it as it always does."""
    names = [n for n in cond.names_in_order if n in frame.columns]
    if len(names) < len(cond.names):
        return frame if rows is None else frame[rows]
    part = frame[names]
    return part if rows is None else part[rows]


def _names_that_held(cond, rows: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per customer, the names in the parts of ``cond`` that made it true.

    Both sides of a true ``and``, only the true sides of an ``or``, and all
    names under a ``not``; so ``net_profit_12m < 0 or (burden_score >= 75 and
    value_score < 50)`` quotes only the net profit for a customer whose second
    branch failed. Worked out once per pattern of true and false parts, not per customer.
    """
    if rows.empty:
        return {}
    truth = [result.fillna(False).to_numpy(dtype=bool) for _text, result in cond.evaluate_leaves(rows)]
    names = [leaf_names for _text, leaf_names in cond.leaves()]
    plan = _plan(cond.tree, iter(range(len(truth))))

    def held(step, pattern) -> bool:
        kind = step[0]
        if kind == "leaf":
            return pattern[step[1]]
        if kind == "not":
            return not held(step[1], pattern)
        return (held(step[1], pattern) and held(step[2], pattern)) if kind == "and" \
            else (held(step[1], pattern) or held(step[2], pattern))

    def why(step, pattern) -> list[str]:
        kind = step[0]
        if kind == "leaf":
            return list(names[step[1]])
        if kind == "not":
            return [n for k in _leaf_indices(step[1]) for n in names[k]]
        if kind == "and":
            return why(step[1], pattern) + why(step[2], pattern)
        return [n for side in step[1:] if held(side, pattern) for n in why(side, pattern)]

    ids = rows.index.tolist()
    if not truth:
        patterns, which = [()], np.zeros(len(ids), dtype=np.int64)
    else:
        which, distinct = pd.factorize(pd.MultiIndex.from_arrays(truth) if len(truth) > 1 else truth[0])
        patterns = [tuple(bool(v) for v in (p if len(truth) > 1 else (p,))) for p in distinct]
    results = []
    for pattern in patterns:
        found = why(plan, pattern) if plan is not None else []
        results.append(tuple(dict.fromkeys(found or cond.names_in_order)))
    return {cid: results[k] for cid, k in zip(ids, which.tolist())}


def _plan(node, counter):
    """The and/or/not skeleton of a condition with its leaves numbered as ``Condition.leaves`` does."""
    while isinstance(node, Group):
        node = node.inner
    if isinstance(node, Logic):
        return (node.op, _plan(node.left, counter), _plan(node.right, counter))
    if isinstance(node, Not):
        return ("not", _plan(node.operand, counter))
    return ("leaf", next(counter)) if node.kind == "bool" else None


def _leaf_indices(step) -> list[int]:
    if step is None:
        return []
    return [step[1]] if step[0] == "leaf" else [k for side in step[1:] for k in _leaf_indices(side)]


class _Explainer:
    """Turns (prefix, measure names) into the reason sentence and the plain numbers."""

    def __init__(self, policy: Policy, lang: str, currency: str):
        self.catalogue = policy.catalogue
        self.segments = {s.id: s.name.get(lang) for s in policy.segments}
        self.segment_rules = set(policy.segment_conditions)
        self.lang = lang
        self.t, self.fmt = Translator(lang), Formatter(lang, currency)
        self.days = self.t("reason.days")
        self._heads: dict[str, str] = {}
        self._shown: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._labels: dict[str, tuple[str, str, bool]] = {}

    def __call__(self, prefix: str, names: tuple[str, ...], value) -> tuple[str, str]:
        """The reason and the numbers; ``value(name)`` is the customer's value (None when missing)."""
        head = self._head(prefix)
        shown = self.shown(names)
        if prefix.startswith("segment:") and not self._has_rule(prefix):
            # the catch-all: no rule to quote, so the numbers every segment rule weighs
            head = f"{head}: {self.t('reason.catch_all')}"
            shown = tuple(dict.fromkeys(shown + tuple(n for n in CATCH_ALL_QUOTES if n in self.catalogue)))
            shown = tuple(n for n in shown if not is_missing(value(n)))
            if not shown:
                return head, ""
        else:
            # a gate such as 'nps is missing or nps > 6' held on a missing value: nothing to quote
            known = tuple(n for n in shown if not is_missing(value(n)))
            shown = known or shown
        values = [value(n) for n in shown]
        if len(shown) > 1 and not all(map(is_missing, values)) and any(map(is_missing, values)):
            # a yes/no measure explained by alternatives (silent: mutual or our silence) quotes the known ones
            shown, values = zip(*[(n, v) for n, v in zip(shown, values) if not is_missing(v)])
        parts = [self._part(n, v) for n, v in zip(shown, values)]
        numbers = "; ".join(f"{n}={_plain(v)}" for n, v in zip(shown, values))
        return f"{head}: {'; '.join(parts)}", numbers

    def _has_rule(self, prefix: str) -> bool:
        return prefix.split(":", 1)[1] in self.segment_rules

    def _head(self, prefix: str) -> str:
        found = self._heads.get(prefix)
        if found is None:
            found = self._heads[prefix] = (self.t("reason.segment", name=self.segments[prefix.split(":", 1)[1]])
                                           if prefix.startswith("segment:") else self.t("reason.house_rule"))
        return found

    def shown(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The measures a reason quotes for these names (see :meth:`_expand`)."""
        found = self._shown.get(names)
        if found is None:
            found = self._shown[names] = tuple(self._expand(names))
        return found

    def _expand(self, names: tuple[str, ...]) -> list[str]:
        """Yes/no and band measures are quoted by the numbers that explain them."""
        out: list[str] = []
        for n in names:
            m = self.catalogue.by_name.get(n)
            if m is None:
                continue
            for shown in (m.explained_by or (n,)):
                if shown not in out and shown in self.catalogue:
                    out.append(shown)
        return out

    def _part(self, name: str, value) -> str:
        """'nettowinst 12 mnd −€ 7.066', 'oudste achterstand 90 dagen'."""
        label, kind, days = self._label(name)
        text = self.fmt.quoted(value, kind)
        if days and not is_missing(value):
            text += f" {self.days}"
        return f"{label} {text}"

    def _label(self, name: str) -> tuple[str, str, bool]:
        """The measure's label as it reads mid-sentence, its kind, and whether 'days' follows the value."""
        found = self._labels.get(name)
        if found is None:
            found = self._labels[name] = self._make_label(name)
        return found

    def _make_label(self, name: str) -> tuple[str, str, bool]:
        m = self.catalogue[name]
        label = m.label(self.lang)
        unit = f" ({self.days})"
        days = m.kind == "days" and label.endswith(unit)
        if days:
            label = label[: -len(unit)]
        # "Nettowinst 12 mnd" reads as "nettowinst 12 mnd" mid-sentence; "NPS-score" stays
        if len(label) > 1 and label[1].islower():
            label = label[0].lower() + label[1:]
        return label, m.kind, days


def _plain(value) -> str:
    """A value as scores.csv writes it: '.' decimals, ISO dates, true/false, empty when missing."""
    if is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = round(float(value), 6)
        return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)
    return str(value)


# --- a rehearsal of every action text (validate) ------------------------------------------

#: the customers validate renders every action text for: what real data hold at the edges
_EDGE_CASES = ("missing", "zero", "one", "huge", "negative")


def _edge_value(kind: str, case: str):
    if case == "missing":
        return None
    if kind == "text":
        return "Bakkerij Van der Aa & Zn. — Café 'De Kaap', Maastricht"  # letters and signs real names have
    if kind == "date":
        return pd.Timestamp("2026-01-01")
    if kind == "bool":
        return case not in ("zero", "negative")
    return {"zero": 0, "one": 1, "huge": 10 ** 12, "negative": -10 ** 6}[case] if kind in ("count", "days") \
        else {"zero": 0.0, "one": 1.0, "huge": 1e12, "negative": -1e6}[case]


def rehearse(policy: Policy, currency: str) -> None:
    """Render every action's title and text, in every language, for customers at the edges
    (every value missing, all zero, one of everything, huge and negative numbers), so that a text
    that fails for some customer (``{{ margin_12m / revenue_12m }}`` at zero revenue, ``{{ name | money }}``)
    is an input error of ``validate`` (exit 2, naming the action, its line and the case), not of a
    build. Each render runs within the time and size budgets of a build."""
    kinds = {m.name: m.kind for m in policy.catalogue.measures}
    partners = policy.model.referral_partners
    templates = _Templates(policy, {}, currency, set(kinds) | set(TEMPLATE_NAMES))
    company = policy.model.company.model_dump()
    house_rules = policy.house_rules.model_dump(exclude={"rules"})
    driver = CostDriver("service", "dienst", "service", 3.0, "order", 300.0, 100.0)
    problems, seen = [], set()
    index = {}
    for i, a in enumerate(policy.actions):
        index.setdefault(a.id, i)
    with TimeBudget() as budget:
        for case in _EDGE_CASES:
            values = {name: _edge_value(kind, case) for name, kind in kinds.items()}
            special = {"customer_id": None if case == "missing" else "K1", "segment_name": None if case == "missing"
                       else policy.segments[0].name.nl, "partner": partners[0].model_dump() if partners and case !=
                       "missing" else None, "company": company, "house_rules": house_rules,
                       "owner": values.get("account_manager"),
                       "cost_drivers": () if case in ("missing", "zero") else (driver,),
                       "contract_name": None if case == "missing" else "Raamcontract"}
            for action_id, i in index.items():
                # a name the action's own conditions or its segments' rules need is known wherever the
                # action is given (a missing value never matches a rule): the other names are at the edge
                known = _known_names(policy, action_id)
                ctx = {**values, **{n: _edge_value(kinds[n], "one") for n in known if n in kinds and values.get(n) is None}}
                for part in ("title", "text"):
                    for lang in LANGUAGES:
                        if (action_id, part, lang) in seen:
                            continue
                        message, hint = None, None
                        budget.start(TEXT_SECONDS)
                        try:
                            templates.render(action_id, part, lang, ctx.get, special)
                        except Exception as exc:  # noqa: BLE001 - whatever a user's template raises
                            message, hint = render_failure(exc)
                        finally:
                            budget.stop()
                        if message:
                            seen.add((action_id, part, lang))
                            problems.append(policy.problem(
                                ("actions", i, part, lang),
                                f"action '{action_id}' {part}.{lang} fails for a customer with "
                                f"{_CASE_WORDS[case]}: {message}", hint))
    if problems:
        raise InputError(problems)


def _known_names(policy: Policy, action_id: str) -> set[str]:
    """The names that have a value wherever ``action_id`` is given: those of its own conditions
    (``when``, ``only_when``) and those every segment that lists it in its playbook needs (none for
    the catch-all, which needs nothing)."""
    known: set[str] = set()
    for conditions in (policy.action_conditions, policy.action_gates):
        if action_id in conditions:
            known |= set(conditions[action_id].names)
    if action_id not in policy.action_conditions:
        needs = [set(policy.segment_conditions[s.id].names) if s.id in policy.segment_conditions else set()
                 for s in policy.segments if action_id in s.playbook]
        if needs:
            known |= set.intersection(*needs)
    return known


def render_failure(exc: BaseException) -> tuple[str, str | None]:
    """What went wrong while an action text rendered, and how to fix it: (message, hint). One wording
    for a build (which names the customer) and for validate's rehearsal (which names the case)."""
    if isinstance(exc, OutOfTime):
        return (f"took more than {TEXT_SECONDS:g} seconds for one customer",
                "a text of a few sentences renders in a millisecond: look for loops over loops ({% for %}) "
                "or very long lists")
    if isinstance(exc, TooLarge):
        return (f"the text grew longer than {MAX_TEXT_CHARS:,} characters",
                "an action text is a few sentences: look for loops or padding")
    if isinstance(exc, SecurityError):
        return f"the template tried something unsafe ({exc}); it was not run", None
    if isinstance(exc, jinja2.UndefinedError):
        return exc.message, None
    return (f"{type(exc).__name__}: {exc}",
            "guard the expression for this customer's values, e.g. {% if revenue_12m %}…{% endif %} or "
            "'x is not none'")


_CASE_WORDS = {"missing": "no known values", "zero": "every number 0 (no revenue)",
               "one": "one of everything (a one-time buyer)", "huge": "huge numbers (10^12)",
               "negative": "negative numbers (credit notes, losses)"}
