"""The customer policy: what we do and don't do, for whom, and what we advise.

Declared once as pydantic models (validation, defaults, and later the JSON
Schema come from this one declaration). Conditions are parsed here, once, by
:mod:`generator.conditions`, so a broken rule is reported before any data is
read, with the file, line and column of the offending word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import conditions
from .catalogue import Catalogue, catalogue_for
from .errors import InputError, Problem, did_you_mean
from .yamlfile import YamlDocument, load_yaml, validate

ID = r"^[a-z0-9_-]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in both report languages."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


class Usage(_Strict):
    """How the use of a service is counted: rows of a table matching ``where``,
    or the sum of a column over those rows."""

    table: Literal["transactions", "interactions"]
    where: str | None = None
    sum: str | None = None


class Service(_Strict):
    id: str = Field(pattern=ID)
    name: Text
    cost: float = Field(ge=0)
    unit: str = "order"
    usage: Usage


class Contract(_Strict):
    id: str
    name: Text
    entitlements: list[str] = Field(default_factory=list)
    description: Text | None = None


class HouseRules(_Strict):
    payment_terms_days: int = Field(30, ge=0)
    arrears_days: int = Field(30, ge=0, description="days past due after which an unpaid invoice makes a late payer")
    silence_days: int = Field(90, ge=1)
    rules: list[Text] = Field(default_factory=list)


class Bands(_Strict):
    low: float = Field(33, ge=0, le=100)
    high: float = Field(67, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self):
        if self.low >= self.high:
            raise ValueError(f"band 'low' ({self.low}) must be below 'high' ({self.high})")
        return self


class Scores(_Strict):
    value: dict[str, float]
    burden: dict[str, float]
    future: dict[str, float]
    bands: Bands = Field(default_factory=Bands)
    #: components where a *lower* measure means *more* of the score
    inverted: list[str] = Field(default_factory=list)

    @field_validator("value", "burden", "future")
    @classmethod
    def _weights(cls, v: dict[str, float]):
        if not v:
            raise ValueError("a score needs at least one component with a weight")
        bad = [k for k, w in v.items() if w <= 0]
        if bad:
            raise ValueError(f"weights must be positive: {', '.join(bad)}")
        return v


class Segment(_Strict):
    id: str = Field(pattern=ID)
    name: Text
    description: Text
    when: str | None = None
    entitlements: list[str] = Field(default_factory=list)
    playbook: list[str] = Field(default_factory=list)
    color: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$")


class Action(_Strict):
    id: str = Field(pattern=ID)
    title: Text
    text: Text
    priority: int = Field(3, ge=1, le=5)
    letter: bool = False
    #: also recommended, whatever the segment, to every customer for whom this holds
    when: str | None = None


class ReferralPartner(_Strict):
    name: str
    sector: str | None = None
    contact: str | None = None
    note: Text | None = None


class Company(_Strict):
    """Who signs the letters."""

    name: str = ""
    signature: str | None = None


class PolicyModel(_Strict):
    version: Literal[1] = 1
    company: Company = Field(default_factory=Company)
    services: list[Service] = Field(default_factory=list)
    we_dont: list[Text] = Field(default_factory=list)
    contracts: list[Contract] = Field(default_factory=list)
    house_rules: HouseRules = Field(default_factory=HouseRules)
    scores: Scores
    segments: list[Segment] = Field(min_length=1)
    actions: list[Action] = Field(default_factory=list)
    referral_partners: list[ReferralPartner] = Field(default_factory=list)
    kpis: list[str] = Field(default_factory=lambda: ["retention_rate", "net_profit_12m", "silent_customers"])


#: portfolio KPIs the overview can lead with (policy: kpis)
PORTFOLIO_KPIS = {
    "retention_rate": ("Klantbehoud", "Customer retention", "ratio"),
    "revenue_retention": ("Omzetbehoud", "Revenue retention", "ratio"),
    "customers_active": ("Actieve klanten", "Active customers", "count"),
    "new_customers": ("Nieuwe klanten", "New customers", "count"),
    "churned_customers": ("Verloren klanten", "Churned customers", "count"),
    "revenue_12m": ("Omzet 12 mnd", "Revenue, 12 months", "money"),
    "net_profit_12m": ("Nettowinst 12 mnd", "Net profit, 12 months", "money"),
    "cost_to_serve_12m": ("Kosten van bediening", "Cost to serve", "money"),
    "leakage_12m": ("Weglek", "Service leakage", "money"),
    "silent_customers": ("Stille klanten", "Silent customers", "count"),
    "late_payers": ("Late betalers", "Late payers", "count"),
    "overdue_amount": ("Achterstallig", "Overdue", "money"),
    "loss_making_customers": ("Verlieslatende klanten", "Loss-making customers", "count"),
}


@dataclass(frozen=True)
class Policy:
    """A validated policy with its conditions parsed and its catalogue built."""

    file: Path
    model: PolicyModel
    catalogue: Catalogue
    segment_conditions: dict[str, conditions.Condition]
    action_conditions: dict[str, conditions.Condition]
    usage_conditions: dict[str, conditions.Condition]

    # convenient pass-throughs
    @property
    def services(self):
        return self.model.services

    @property
    def segments(self):
        return self.model.segments

    @property
    def actions(self):
        return self.model.actions

    @property
    def contracts(self):
        return self.model.contracts

    @property
    def house_rules(self):
        return self.model.house_rules

    @property
    def scores(self):
        return self.model.scores

    def segment(self, segment_id: str) -> Segment:
        return next(s for s in self.model.segments if s.id == segment_id)

    def action(self, action_id: str) -> Action:
        return next(a for a in self.model.actions if a.id == action_id)

    def entitlements(self, segment_id: str, contract: str | None) -> set[str]:
        """Entitlement of a customer = its segment's entitlements ∪ its contract's."""
        out = set(self.segment(segment_id).entitlements)
        for c in self.model.contracts:
            if c.id == contract:
                out |= set(c.entitlements)
        return out


#: columns a service's usage condition may name, per table, with their kind
USAGE_COLUMNS = {
    "transactions": {"amount": "number", "cost": "number", "order_type": "text", "quantity": "number",
                     "invoice_id": "text"},
    "interactions": {"kind": "text", "minutes": "number", "severity": "number", "note": "text"},
}


def load_policy(path: Path, display_name: str | None = None) -> Policy:
    """Read, validate and cross-check the policy; every problem reported at once."""
    doc = load_yaml(path, display_name)
    if not isinstance(doc.data, dict):
        raise InputError(doc.problem((), "the policy must be a mapping with keys such as 'segments:'"))
    model: PolicyModel = validate(doc, PolicyModel)  # type: ignore[assignment]
    return check_policy(doc, model, Path(path))


def check_policy(doc: YamlDocument, model: PolicyModel, path: Path) -> Policy:
    problems: list[Problem] = []
    catalogue = catalogue_for(model)

    def dupes(items, key: str):
        seen = {}
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(doc.problem((key, i, "id"), f"duplicate {key[:-1] if key.endswith('s') else key} id '{item.id}' (also entry {seen[item.id] + 1})"))
            seen.setdefault(item.id, i)

    dupes(model.services, "services")
    dupes(model.contracts, "contracts")
    dupes(model.segments, "segments")
    dupes(model.actions, "actions")

    service_ids = [s.id for s in model.services]
    action_ids = [a.id for a in model.actions]

    def check_refs(ids, known, path_, what):
        for j, ref in enumerate(ids):
            if ref not in known:
                problems.append(doc.problem(path_ + (j,), f"unknown {what} '{ref}'",
                                            did_you_mean(ref, known) or f"known: {', '.join(known) or 'none'}"))

    for i, c in enumerate(model.contracts):
        check_refs(c.entitlements, service_ids, ("contracts", i, "entitlements"), "service")
    for i, s in enumerate(model.segments):
        check_refs(s.entitlements, service_ids, ("segments", i, "entitlements"), "service")
        check_refs(s.playbook, action_ids, ("segments", i, "playbook"), "action")

    # the last segment is the catch-all; only it may (and must) have no condition
    for i, s in enumerate(model.segments):
        last = i == len(model.segments) - 1
        if last and s.when is not None:
            problems.append(doc.problem(("segments", i, "when"),
                                        f"the last segment '{s.id}' must have no 'when': it is the catch-all for every customer no rule matched",
                                        "remove its 'when', or add a last segment without one"))
        if not last and s.when is None:
            problems.append(doc.problem(("segments", i), f"segment '{s.id}' has no 'when' but is not the last: the segments after it could never match",
                                        "give it a condition, or move it to the end"))

    names = catalogue.condition_names()
    all_names = catalogue.condition_names(allow_segment_dependent=True)

    def parse(text: str, path_, names_, what="condition"):
        line, col = doc.where(path_)
        try:
            return conditions.parse(text, names_, file=doc.file, line=line, column=_string_column(doc, path_, col), what=what)
        except conditions.ConditionError as exc:
            for p in exc.problems:
                name = _unknown_name(p.message)
                if name and name in all_names and name not in names_:
                    p = Problem(p.file, f"'{name}' depends on the segment and cannot be used in a rule that chooses the segment", p.line, p.column)
                problems.append(p)
            return None

    segment_conditions = {}
    for i, s in enumerate(model.segments):
        if s.when is not None:
            cond = parse(s.when, ("segments", i, "when"), names)
            if cond is not None:
                segment_conditions[s.id] = cond
    action_conditions = {}
    for i, a in enumerate(model.actions):
        if a.when is not None:
            cond = parse(a.when, ("actions", i, "when"), all_names)
            if cond is not None:
                action_conditions[a.id] = cond
    usage_conditions = {}
    for i, s in enumerate(model.services):
        cols = USAGE_COLUMNS[s.usage.table]
        if s.usage.sum is not None and cols.get(s.usage.sum) != "number":
            numeric = [c for c, k in cols.items() if k == "number"]
            problems.append(doc.problem(("services", i, "usage", "sum"),
                                        f"cannot sum '{s.usage.sum}' of {s.usage.table}",
                                        did_you_mean(s.usage.sum, numeric) or f"numeric columns: {', '.join(numeric)}"))
        if s.usage.where is not None:
            cond = parse(s.usage.where, ("services", i, "usage", "where"), cols, what="usage condition")
            if cond is not None:
                usage_conditions[s.id] = cond

    for i, comp in enumerate(("value", "burden", "future")):
        for name in getattr(model.scores, comp):
            m = catalogue.by_name.get(name)
            if m is None or m.kind in ("text", "date", "bool") or m.group == "score":
                usable = [x.name for x in catalogue.measures if x.kind not in ("text", "date", "bool") and x.group != "score"]
                problems.append(doc.problem(("scores", comp, name, "__key__"),
                                            f"'{name}' cannot be a score component" + ("" if m is None else f" (it is a {m.kind} measure)"),
                                            did_you_mean(name, usable) if m is None else "use a numeric measure"))
    for i, name in enumerate(model.scores.inverted):
        if not any(name in getattr(model.scores, c) for c in ("value", "burden", "future")):
            problems.append(doc.problem(("scores", "inverted", i), f"'{name}' is not a component of any score"))
    for i, k in enumerate(model.kpis):
        if k not in PORTFOLIO_KPIS:
            problems.append(doc.problem(("kpis", i), f"unknown KPI '{k}'",
                                        did_you_mean(k, PORTFOLIO_KPIS) or f"known: {', '.join(PORTFOLIO_KPIS)}"))

    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column if isinstance(p.column, int) else 0))
        raise InputError(problems)
    return Policy(path, model, catalogue, segment_conditions, action_conditions, usage_conditions)


def _string_column(doc: YamlDocument, path_, col):
    """Column where the condition's text starts (after an opening quote)."""
    return col


def _unknown_name(message: str) -> str | None:
    m = re.search(r"unknown (?:measure|name) '([^']+)'", message)
    return m.group(1) if m else None
