"""What to do next for every customer, with the reason and the numbers.

A customer gets its segment's playbook plus every action whose own ``when``
holds for it. Action texts are Jinja templates from the policy, rendered in a
sandbox that sees only the customer's measures and a few policy names — a
template that reaches for Python internals is a policy error, never run.
"""
from __future__ import annotations

from functools import partial

import jinja2
import pandas as pd
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from . import formatting
from .errors import InputError, Problem, did_you_mean
from .policy import Policy

#: names a template may use besides the measures
TEMPLATE_NAMES = ("customer_id", "segment_name", "partner", "company")


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
    """Every action text must parse and name only known variables (policy error otherwise)."""
    env = template_environment("nl", "EUR")
    allowed = set(policy.catalogue.names()) | set(TEMPLATE_NAMES)
    problems = []
    for a in policy.actions:
        for lang in ("nl", "en"):
            for part in ("title", "text"):
                source = getattr(getattr(a, part), lang)
                where = f"actions '{a.id}' {part}.{lang}"
                try:
                    names = meta.find_undeclared_variables(env.parse(source))
                except jinja2.TemplateSyntaxError as exc:
                    problems.append(Problem(file, f"{where}: template error: {exc.message}", hint="check the {{ }} and {% %} pairs"))
                    continue
                for n in sorted(names - allowed):
                    problems.append(Problem(file, f"{where}: unknown template variable '{n}'",
                                            hint=did_you_mean(n, allowed) or "use a measure name from the methodology page"))
    if problems:
        raise InputError(problems)


def recommend(frame: pd.DataFrame, policy: Policy, lang: str, currency: str) -> pd.DataFrame:
    """One row per recommended action: customer_id, action_id, priority, title, text, letter, reason, language."""
    env = template_environment(lang, currency)
    envs = {lang: env}
    compiled = {}
    for a in policy.actions:
        for part in ("title", "text"):
            for l in ("nl", "en"):
                compiled[(a.id, part, l)] = getattr(a, part).get(l)
    # who gets what: playbook by segment, plus actions with their own condition
    wanted: dict[str, list[tuple[str, str]]] = {}
    seg_of = frame["segment"]
    for s in policy.segments:
        members = frame.index[seg_of == s.id]
        for action_id in s.playbook:
            reason = {"nl": f"playbook van segment '{s.name.nl}'", "en": f"playbook of segment '{s.name.en}'"}[lang]
            for cid in members:
                wanted.setdefault(cid, []).append((action_id, reason))
    for action_id, cond in policy.action_conditions.items():
        hits = frame.index[cond.matches(frame)]
        reason = {"nl": "regel: ", "en": "rule: "}[lang] + cond.text
        for cid in hits:
            have = wanted.setdefault(cid, [])
            if all(a != action_id for a, _ in have):
                have.append((action_id, reason))

    segment_names = {s.id: s.name.get(lang) for s in policy.segments}
    partners = policy.model.referral_partners
    company = policy.model.company.model_dump()
    measures = [c for c in policy.catalogue.names() if c in frame.columns]
    records = frame[measures].astype(object).where(frame[measures].notna(), None)
    rows = []
    cache: dict = {}
    for cid in sorted(wanted):
        values = records.loc[cid].to_dict()
        sector = values.get("sector")
        partner = next((p for p in partners if p.sector and p.sector == sector), None) or \
            next((p for p in partners if not p.sector), None)
        context = {**values, "customer_id": cid, "segment_name": segment_names.get(values.get("segment")),
                   "partner": partner.model_dump() if partner else None, "company": company}
        for action_id, reason in wanted[cid]:
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
            rows.append({"customer_id": cid, "action_id": action_id, "priority": a.priority,
                         "title": title, "text": text.strip(), "letter": a.letter, "reason": reason, "language": l})
    columns = ["customer_id", "action_id", "priority", "title", "text", "letter", "reason", "language"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["customer_id", "priority", "action_id"], kind="stable").reset_index(drop=True)


def _render(env, cache, key, sources, context) -> str:
    template = cache.get(key)
    if template is None:
        template = cache[key] = env.from_string(sources[key])
    return template.render(context)
