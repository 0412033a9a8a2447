"""The policy's action texts as templates: the sandboxed Jinja environment they render in,
and the check that runs when the policy is read.

Every action text must parse, use only known names, filters and tests, and never
reach for Python internals or build something huge: each such problem is a
policy error (exit 2) with its line, found before any customer is computed. The
sandbox in which ``model.recommendations`` renders the texts stays the last
defence.
"""
from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from generator.errors import InputError, did_you_mean
from generator.limits import MAX_TEXT_CHARS
from generator.text.formatting import Formatter
from generator.text import LANGUAGES

if TYPE_CHECKING:  # the policy module calls check_templates while it loads a policy
    from generator.inputs.policy import Policy


#: names a template may use besides the measures
TEMPLATE_NAMES = ("customer_id", "segment_name", "partner", "company", "house_rules", "owner", "cost_drivers",
                  "contract_name")


#: a width or precision in a format string beyond this is padding, not formatting
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(\d{5,}|\*)|%[-+ #0]*\d*\.(\d{5,}|\*)|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")
#: filters that can make a text much longer than their input: their result is measured
_GROWING_FILTERS = ("format", "replace", "center", "indent", "wordwrap", "join", "string", "list",
                    "batch", "slice", "pprint", "tojson", "urlize", "xmlattr", "dictsort", "sort")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with sizes bounded: no text, list or number a filter or operator makes may
    pass :data:`generator.limits.MAX_TEXT_CHARS` (``'%050000000d' | format(1)``,
    ``replace`` chains, ``'x' * 10**9``, ``9 ** 9 ** 9``), checked as it is made."""

    intercepted_binops = frozenset(("*", "**", "%", "+"))

    def call_binop(self, context, operator, left, right):
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        if operator == "**" and _number(left) and _number(right) and abs(right) > 64 and abs(left) > 1:
            raise SecurityError("a power that large is not allowed")
        if operator == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, (str, list, tuple)) and _number(b) and len(a) * max(b, 0) > MAX_TEXT_CHARS:
                    raise SecurityError(f"this would make a text longer than {MAX_TEXT_CHARS:,} characters")
        result = super().call_binop(context, operator, left, right)
        _check_size(result)
        return result


def _abs(value):
    return None if value is None else abs(value)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_format(text: str) -> None:
    if _WIDE_FORMAT.search(text):
        raise SecurityError("a format width or precision of 10,000 or more is not allowed")


def _check_size(result) -> None:
    if isinstance(result, (str, list, tuple)) and len(result) > MAX_TEXT_CHARS:
        raise SecurityError(f"this would make a text longer than {MAX_TEXT_CHARS:,} characters")
    if isinstance(result, int) and not isinstance(result, bool) and result.bit_length() > 256:
        raise SecurityError("this would make a number with more than 77 digits")


def _bounded_filter(name: str, function):
    def bounded(*args, **kwargs):
        if name == "format" and args and isinstance(args[0], str):
            _check_format(args[0])
        result = function(*args, **kwargs)
        _check_size(result)
        return result
    # keep what Jinja reads off a filter (pass_context / pass_environment / pass_eval_context)
    bounded.__dict__.update(getattr(function, "__dict__", {}))
    if hasattr(function, "jinja_pass_arg"):
        bounded.jinja_pass_arg = function.jinja_pass_arg
    return bounded


def template_environment(lang: str, currency: str) -> ImmutableSandboxedEnvironment:
    """A sandboxed Jinja environment with the formatting filters of one language.

    Autoescape is off: these are plain texts, escaped by the site templates
    when they are shown. Sizes are bounded as texts are made (:class:`BoundedSandbox`);
    the time and the whole text's length are bounded where they are rendered.
    """
    env = BoundedSandbox(undefined=jinja2.StrictUndefined, autoescape=False,
                         trim_blocks=False, keep_trailing_newline=False)
    fmt = Formatter(lang, currency)  # plain spaces: these texts go into mail and spreadsheets too
    env.filters.update(money=fmt.money, number=fmt.number, pct=fmt.percent, date=fmt.date,
                       years=partial(fmt.years, at_least=1),
                       abs=_abs)  # a missing value stays missing, as money and number show it
    for name in _GROWING_FILTERS:
        if name in env.filters:
            env.filters[name] = _bounded_filter(name, env.filters[name])
    return env


def check_templates(policy: "Policy", file: str) -> None:
    """Every action text must parse, use only known names, filters and tests, and
    never reach for Python internals: a policy error (exit 2) with the line, before
    anything is rendered. The sandbox at render time stays the last defence."""
    env = template_environment("nl", "EUR")
    allowed = set(policy.catalogue.names()) | set(TEMPLATE_NAMES)
    numeric = {m.name for m in policy.catalogue.measures if m.kind not in ("text", "date", "bool")}
    problems = []
    for i, a in enumerate(policy.actions):
        for part in ("title", "text"):
            for lang in LANGUAGES:
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
