"""What to do next for every customer, with the reason and the numbers.

A customer gets its segment's playbook plus every action whose own ``when``
holds for it (the house rules: arrears, behaviour incidents, silence,
leakage). Action texts are Jinja templates from the policy, rendered in a
sandbox that sees only the customer's measures and a few policy names — a
template that reaches for Python internals is a policy error, never run.
"""
from __future__ import annotations

import datetime as dt
from functools import partial

import jinja2
import numpy as np
import pandas as pd
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from . import formatting
from .conditions import Group, Logic, Not
from .errors import InputError, Problem, did_you_mean
from .policy import Policy

#: names a template may use besides the measures
TEMPLATE_NAMES = ("customer_id", "segment_name", "partner", "company", "house_rules", "owner")


def template_environment(lang: str, currency: str) -> ImmutableSandboxedEnvironment:
    """A sandboxed Jinja environment with the formatting filters of one language.

    Autoescape is off: these are plain texts, escaped by the site templates
    when they are shown.
    """
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                                        trim_blocks=False, keep_trailing_newline=False)
    env.filters.update(
        money=partial(formatting.money, lang=lang, currency=currency),
        number=lambda v, decimals=None: formatting.number(v, lang, decimals),
        pct=lambda v, decimals=0: formatting.percent(v, lang, decimals),
        date=lambda v: formatting.date(v, lang),
        years=lambda v: formatting.years(v, lang),
    )
    return env


def check_templates(policy: Policy, file: str) -> None:
    """Every action text must parse, use only known names, filters and tests, and
    never reach for Python internals: a policy error (exit 2) with the line, before
    anything is rendered. The sandbox at render time stays the last defence."""
    env = template_environment("nl", "EUR")
    allowed = set(policy.catalogue.names()) | set(TEMPLATE_NAMES)
    numeric = {m.name for m in policy.catalogue.measures if m.kind not in ("text", "date", "bool")}
    problems = []
    for i, a in enumerate(policy.actions):
        for part in ("title", "text"):
            for lang in ("nl", "en"):
                source = getattr(getattr(a, part), lang)
                for message, hint, offset in _template_problems(env, source, allowed, numeric):
                    problems.append(policy.problem(("actions", i, part, lang), f"action '{a.id}' {part}.{lang}: {message}",
                                                   hint, offset))
    if problems:
        raise InputError(problems)


#: attributes the sandbox refuses besides every name starting with '_' (frames, code, globals, str.format)
_UNSAFE_ATTRIBUTES = frozenset({"mro", "format", "format_map", "func_globals", "func_code", "f_globals", "f_locals",
                                "f_builtins", "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code",
                                "tb_frame", "tb_next"})


#: filters whose number argument sets the size of what they build
_SIZE_FILTERS = frozenset({"center", "indent", "batch", "slice", "wordwrap", "truncate"})


def _template_problems(env, source: str, allowed: set[str], numeric: set[str]) -> list[tuple[str, str | None, int]]:
    """(message, hint, character offset) for each problem of one template, found on its parsed tree.

    An attempt to reach Python internals, or to build something huge (text
    times a number, '**', a filter padding to a billion), is reported once
    (its first spot): the rest of such a text is moot.
    """
    import re

    from jinja2 import nodes

    def is_number(node) -> bool:
        if isinstance(node, nodes.Const):
            return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
        if isinstance(node, nodes.Name):
            return node.name in numeric
        if isinstance(node, (nodes.Neg, nodes.Pos)):
            return is_number(node.node)
        if isinstance(node, nodes.BinExpr):
            return is_number(node.left) and is_number(node.right)
        if isinstance(node, nodes.Filter):
            return node.name in ("abs", "round", "int", "float") and node.node is not None and is_number(node.node)
        if isinstance(node, nodes.CondExpr):
            return is_number(node.expr1) and (node.expr2 is None or is_number(node.expr2))
        return False

    def at(token: str, lineno: int = 1) -> int:
        line_start = sum(len(line) + 1 for line in source.split("\n")[:max(lineno, 1) - 1])
        found = source.find(token, line_start)
        return found if found >= 0 else line_start

    loads = re.search(r"\{%-?\s*(import|include|extends|from)\b", source)
    if loads:
        return [(f"unsafe template: '{{% {loads.group(1)} %}}' would load other templates; it was not run",
                 "a text can use only measures, policy names and filters", loads.start(1))]
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [(f"template error: {exc.message}", "check the {{ }} and {% %} pairs", at("", exc.lineno or 1))]
    unsafe, other = [], []
    for node in tree.find_all(nodes.Node):
        if isinstance(node, (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
            word = {"FromImport": "from"}.get(type(node).__name__, type(node).__name__.lower())
            unsafe.append((f"unsafe template: '{{% {word} %}}' would load other templates; it was not run",
                           "a text can use only measures, policy names and filters", at(word, node.lineno)))
        elif isinstance(node, (nodes.Getattr, nodes.Getitem)):
            name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if isinstance(name, str) and (name.startswith("_") or name in _UNSAFE_ATTRIBUTES):
                unsafe.append((f"unsafe template: '{name}' reaches for Python internals; it was not run",
                               "use measure names and filters only", at(name, node.lineno)))
            elif isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
                unsafe.append(("unsafe template: a computed key ('x[y]') is not allowed; it was not run",
                               "write the key itself, e.g. partner.name", at("[", node.lineno)))
        elif isinstance(node, nodes.Call):
            called = getattr(node.node, "name", None) or getattr(node.node, "attr", None) or "("
            unsafe.append((f"unsafe template: calling '{called}' is not allowed; it was not run",
                           "use a filter instead, e.g. {{ revenue_12m | money }}", at(called, node.lineno)))
        elif isinstance(node, nodes.Pow) or (isinstance(node, nodes.Mul) and not (is_number(node.left)
                                                                                   and is_number(node.right))):
            op, what = ("**", "a number") if isinstance(node, nodes.Pow) else ("*", "a text")
            unsafe.append((f"unsafe template: '{op}' could make {what} too large; it was not run",
                           "multiply numbers only", at(op, node.lineno)))
        elif isinstance(node, (nodes.Filter, nodes.Test)):
            for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and arg.value.startswith("_"):
                    unsafe.append((f"unsafe template: '{arg.value}' reaches for Python internals; it was not run",
                                   "use measure names and filters only", at(arg.value, node.lineno)))
                elif node.name in ("attr", "map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique") \
                        and not isinstance(arg, nodes.Const):
                    unsafe.append((f"unsafe template: '{node.name}' with a computed name is not allowed; it was not run",
                                   "write the name itself", at(node.name, node.lineno)))
            if node.name in _SIZE_FILTERS and not all(
                    isinstance(arg, nodes.Const) and (not isinstance(arg.value, (int, float)) or arg.value <= 1000)
                    for arg in [*node.args, *(kw.value for kw in node.kwargs)]):
                unsafe.append((f"unsafe template: '{node.name}' may only use a fixed size up to 1000; it was not run",
                               None, at(node.name, node.lineno)))
            known, what = (env.filters, "filter") if isinstance(node, nodes.Filter) else (env.tests, "test")
            if node.name not in known:
                other.append((f"unknown {what} '{node.name}'", did_you_mean(node.name, known) or
                              ("filters: money, number, pct, date, years, abs, …" if what == "filter" else None),
                              at(node.name, node.lineno)))
    if unsafe:
        return [min(unsafe, key=lambda p: p[2])]
    if other:  # an unknown filter or test stops the look-up of names below
        return sorted(other, key=lambda p: p[2])
    for name in sorted(meta.find_undeclared_variables(tree) - allowed):
        match = re.search(rf"(?<![\w.'\"]){re.escape(name)}(?!\w)", source)
        other.append((f"unknown template variable '{name}'", did_you_mean(name, allowed) or
                      "use a measure name from the methodology page", match.start() if match else 0))
    return sorted(other, key=lambda p: p[2])


def recommend(frame: pd.DataFrame, policy: Policy, lang: str, currency: str) -> pd.DataFrame:
    """One row per recommended action, with who does it and why (see :data:`COLUMNS`).

    ``reason`` says in the build language why the action was chosen and
    quotes the numbers behind it: the segment's rule for a playbook action
    ("Segment Eerst repareren: nettowinst 12 mnd −€ 7.066"), the action's own
    condition for a house rule ("Huisregel: achterstallig bedrag € 2.310;
    oudste achterstand (dagen) 90"). Only the parts of the condition that
    held are quoted, yes/no measures by the numbers that explain them;
    ``numbers`` has the same values unformatted (name=value; ...) for scripts.
    ``owner`` is the customer's account manager when known.
    """
    wanted = _wanted(frame, policy)
    compiled = {}
    for a in policy.actions:
        for part in ("title", "text"):
            for l in ("nl", "en"):
                compiled[(a.id, part, l)] = getattr(a, part).get(l)
    envs = {lang: template_environment(lang, currency)}
    segment_names = {s.id: s.name.get(lang) for s in policy.segments}
    partners = policy.model.referral_partners
    company = policy.model.company.model_dump()
    house_rules = policy.house_rules.model_dump(exclude={"rules"})
    measures = [c for c in policy.catalogue.names() if c in frame.columns]
    records = frame[measures].astype(object).where(frame[measures].notna(), None)
    explain = _Explainer(policy, lang, currency)
    rows = []
    cache: dict = {}
    for cid in sorted(wanted):
        values = records.loc[cid].to_dict()
        sector = values.get("sector")
        partner = next((p for p in partners if p.sector and p.sector == sector), None) or \
            next((p for p in partners if not p.sector), None)
        owner = values.get("account_manager")
        context = {**values, "customer_id": cid, "segment_name": segment_names.get(values.get("segment")),
                   "partner": partner.model_dump() if partner else None, "company": company,
                   "house_rules": house_rules, "owner": owner}
        for action_id, (prefix, names) in wanted[cid]:
            a = policy.action(action_id)
            # letters follow the customer's language where it is known
            l = values.get("language") if a.letter and values.get("language") in ("nl", "en") else lang
            if l not in envs:
                envs[l] = template_environment(l, currency)
            try:
                title = _render(envs[l], cache, (action_id, "title", l), compiled, context)
                text = _render(envs[l], cache, (action_id, "text", l), compiled, context)
            except SecurityError as exc:
                raise InputError(Problem(str(policy.file), f"action '{action_id}': the template tried something unsafe ({exc}); it was not run")) from None
            except jinja2.UndefinedError as exc:
                raise InputError(Problem(str(policy.file), f"action '{action_id}': {exc.message}")) from None
            reason, numbers = explain(prefix, names, values)
            rows.append({"customer_id": cid, "action_id": action_id, "priority": a.priority, "owner": owner,
                         "title": title, "text": text.strip(), "letter": a.letter, "reason": reason,
                         "numbers": numbers, "language": l})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["customer_id", "priority", "action_id"], kind="stable").reset_index(drop=True)


#: the columns of :func:`recommend`'s frame
COLUMNS = ["customer_id", "action_id", "priority", "owner", "title", "text", "letter", "reason", "numbers",
           "language"]


def _wanted(frame: pd.DataFrame, policy: Policy) -> dict[str, list[tuple[str, tuple[str, tuple[str, ...]]]]]:
    """customer id → [(action id, (reason prefix, measures behind it))]: the segment's
    playbook first, then every action whose own condition holds (once per action)."""
    wanted: dict[str, list] = {}
    seg_of = frame["segment"]
    for s in policy.segments:
        members = frame[seg_of == s.id]
        if members.empty or not s.playbook:
            continue
        cond = policy.segment_conditions.get(s.id)
        held = _names_that_held(cond, members) if cond is not None else {}
        for cid in members.index:
            why = (f"segment:{s.id}", held.get(cid, ()))
            for action_id in s.playbook:
                wanted.setdefault(cid, []).append((action_id, why))
    for action_id, cond in policy.action_conditions.items():
        hits = frame[cond.matches(frame)]
        held = _names_that_held(cond, hits)
        for cid in hits.index:
            have = wanted.setdefault(cid, [])
            if all(a != action_id for a, _ in have):
                have.append((action_id, ("rule", held.get(cid, ()))))
    return wanted


def _names_that_held(cond, rows: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per customer, the names in the parts of ``cond`` that made it true.

    Both sides of a true ``and``, only the true sides of an ``or``, and all
    names under a ``not``; so ``net_profit_12m < 0 or (burden_score >= 75 and
    value_score < 50)`` quotes only the net profit for a customer whose second
    branch failed.
    """
    if rows.empty:
        return {}
    truth = [result.fillna(False).to_numpy(dtype=bool) for _text, result in cond.evaluate_leaves(rows)]
    names = [leaf_names for _text, leaf_names in cond.leaves()]
    plan = _plan(cond.tree, iter(range(len(truth))))

    def held(step, i) -> bool:
        kind = step[0]
        if kind == "leaf":
            return bool(truth[step[1]][i])
        if kind == "not":
            return not held(step[1], i)
        return (held(step[1], i) and held(step[2], i)) if kind == "and" else (held(step[1], i) or held(step[2], i))

    def why(step, i) -> list[str]:
        kind = step[0]
        if kind == "leaf":
            return list(names[step[1]])
        if kind == "not":
            return [n for k in _leaf_indices(step[1]) for n in names[k]]
        if kind == "and":
            return why(step[1], i) + why(step[2], i)
        return [n for side in step[1:] if held(side, i) for n in why(side, i)]

    out = {}
    for i, cid in enumerate(rows.index):
        found = why(plan, i) if plan is not None else []
        out[cid] = tuple(dict.fromkeys(found or cond.names_in_order))
    return out


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

    PREFIX = {"nl": ("Segment {name}", "Huisregel"), "en": ("Segment {name}", "House rule")}
    CATCH_ALL = {"nl": "geen eerdere segmentregel van toepassing", "en": "no earlier segment rule applied"}

    def __init__(self, policy: Policy, lang: str, currency: str):
        self.catalogue = policy.catalogue
        self.segments = {s.id: s.name.get(lang) for s in policy.segments}
        self.lang, self.currency = lang, currency

    def __call__(self, prefix: str, names: tuple[str, ...], values: dict) -> tuple[str, str]:
        segment, rule = self.PREFIX[self.lang]
        head = segment.format(name=self.segments[prefix.split(":", 1)[1]]) if prefix.startswith("segment:") else rule
        shown = self._expand(names)
        if not shown:
            return f"{head}: {self.CATCH_ALL[self.lang]}", ""
        parts = [self._part(n, values.get(n)) for n in shown]
        numbers = "; ".join(f"{n}={_plain(values.get(n))}" for n in shown)
        return f"{head}: {'; '.join(parts)}", numbers

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

    DAYS = {"nl": "dagen", "en": "days"}

    def _part(self, name: str, value) -> str:
        """'nettowinst 12 mnd −€ 7.066', 'oudste achterstand 90 dagen'."""
        m = self.catalogue[name]
        label = m.label(self.lang)
        text = formatting.measure(value, m.kind, self.lang, self.currency)
        unit = f" ({self.DAYS[self.lang]})"
        if m.kind == "days" and label.endswith(unit):
            label = label[: -len(unit)]
            if not formatting.is_missing(value):
                text += f" {self.DAYS[self.lang]}"
        # "Nettowinst 12 mnd" reads as "nettowinst 12 mnd" mid-sentence; "NPS-score" stays
        if len(label) > 1 and label[1].islower():
            label = label[0].lower() + label[1:]
        return f"{label} {text}"


def _plain(value) -> str:
    """A value as scores.csv writes it: '.' decimals, ISO dates, true/false, empty when missing."""
    if formatting.is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = round(float(value), 6)
        return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)
    return str(value)


def _render(env, cache, key, sources, context) -> str:
    template = cache.get(key)
    if template is None:
        template = cache[key] = env.from_string(sources[key])
    return template.render(context)
