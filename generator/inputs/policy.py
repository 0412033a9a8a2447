"""The customer policy: what we do and don't do, for whom, and what we advise.

Declared once as pydantic models. From that one declaration come validation
and defaults, the JSON Schema (``klantwaarde schema``), the key reference of
the policy guide and of the methodology page (:func:`key_reference`). Every
field's help text is in the language tables (``policy_key.<Model>.<field>``);
the schema carries it in English (``description``) and Dutch
(``x-description-nl``).

Conditions are parsed here, once, by :mod:`generator.inputs.conditions`, and action
texts are checked by :func:`generator.inputs.templates.check_templates`, so a
broken policy is reported before any data is read: every problem of the file
at once, each with the line and column of the offending word — also inside a
condition or text that spans several lines.
"""
from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from generator.inputs import conditions
from generator.inputs.catalogue import MEASURES, Catalogue, catalogue_for, service_measures
from generator.errors import InputError, Problem, did_you_mean
from generator.inputs.templates import check_templates
from generator.inputs.yamlfile import YamlDocument, load_yaml, problems_from_validation
from generator.text import LANGUAGES
from generator.text.translation import Translator, texts_for

ID = r"^[a-z0-9_-]+$"
#: a score component must count for at least this share of its score's total weight
MIN_WEIGHT_SHARE = 0.01


#: portfolio KPIs the overview can lead with (policy: kpis), with their kind (labels: kpi.<name>)
PORTFOLIO_KPIS = {
    "retention_rate": "ratio", "revenue_retention": "ratio", "customers_active": "count", "new_customers": "count",
    "churned_customers": "count", "revenue_12m": "money", "net_profit_12m": "money", "cost_to_serve_12m": "money",
    "leakage_12m": "money", "silent_customers": "count", "late_payers": "count", "overdue_amount": "money",
    "loss_making_customers": "count",
}

#: the KPI names a policy may list
KpiName = Literal[tuple(PORTFOLIO_KPIS)]  # type: ignore[valid-type]


def _doc(key: str, kind: str | None = None) -> dict:
    """A field's help text (policy_key.<Model>.<field> in the language tables) as the JSON Schema
    carries it, in English and Dutch (and, for conditions and templates, what it holds)."""
    extra: dict[str, str] = {"x-description-nl": texts_for("nl")[f"policy_key.{key}"]}
    if kind:
        extra["x-kind"] = kind
    return {"description": texts_for("en")[f"policy_key.{key}"], "json_schema_extra": extra}


class _Strict(BaseModel):
    # unknown keys are errors; .inf and .nan are not numbers a policy can mean
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(_Strict):
    """A text in both report languages."""

    nl: str = Field(**_doc("Text.nl"))
    en: str = Field(**_doc("Text.en"))

    def get(self, lang: str) -> str:
        return getattr(self, lang)


class Usage(_Strict):
    """How the use of a service is counted: rows of a table matching ``where``,
    or the sum of a column over those rows."""

    table: Literal["transactions", "interactions"] = Field(**_doc("Usage.table"))
    where: str | None = Field(None, **_doc("Usage.where", "condition"))
    sum: str | None = Field(None, **_doc("Usage.sum"))


class Service(_Strict):
    """Something we do for customers, with its internal cost per unit."""

    id: str = Field(pattern=ID, **_doc("Service.id"))
    name: Text = Field(**_doc("Service.name"))
    cost: float = Field(ge=0, **_doc("Service.cost"))
    unit: str = Field("order", **_doc("Service.unit"))
    usage: Usage = Field(**_doc("Service.usage"))


class Contract(_Strict):
    """A contract type and the services it entitles to."""

    id: str = Field(**_doc("Contract.id"))
    name: Text = Field(**_doc("Contract.name"))
    entitlements: list[str] = Field(default_factory=list, **_doc("Contract.entitlements"))
    description: Text | None = Field(None, **_doc("Contract.description"))


class HouseRules(_Strict):
    """Payment terms, arrears and silence thresholds, and behaviour rules."""

    payment_terms_days: int = Field(30, ge=0, **_doc("HouseRules.payment_terms_days"))
    arrears_days: int = Field(30, ge=0, **_doc("HouseRules.arrears_days"))
    silence_days: int = Field(90, ge=1, **_doc("HouseRules.silence_days"))
    fix_first: bool = Field(True, **_doc("HouseRules.fix_first"))
    fix_segment: str = Field("fix", min_length=1, **_doc("HouseRules.fix_segment"))
    rules: list[Text] = Field(default_factory=list, **_doc("HouseRules.rules"))


class Bands(_Strict):
    """Where a score turns from low to mid and from mid to high."""

    low: float = Field(33, ge=0, le=100, **_doc("Bands.low"))
    high: float = Field(67, ge=0, le=100, **_doc("Bands.high"))

    @model_validator(mode="after")
    def _ordered(self):
        if self.low >= self.high:
            raise ValueError(f"band 'low' ({self.low:g}) must be below 'high' ({self.high:g})")
        return self


#: a score: measure name → weight (relative; each must be a positive number)
Weights = dict[str, Annotated[float, Field(gt=0)]]


class Scores(_Strict):
    """The three scores (0–100), each a weighted mean of normalised measures."""

    value: Weights = Field(**_doc("Scores.value"))
    burden: Weights = Field(**_doc("Scores.burden"))
    future: Weights = Field(**_doc("Scores.future"))
    bands: Bands = Field(default_factory=Bands, **_doc("Scores.bands"))
    inverted: list[str] = Field(default_factory=list, **_doc("Scores.inverted"))

    @field_validator("value", "burden", "future")
    @classmethod
    def _weights(cls, v: dict[str, float]):
        if not v:
            raise ValueError("a score needs at least one component with a weight")
        return v


class Segment(_Strict):
    """A group of customers treated alike; the first segment whose condition is true wins."""

    id: str = Field(pattern=ID, **_doc("Segment.id"))
    name: Text = Field(**_doc("Segment.name"))
    description: Text = Field(**_doc("Segment.description"))
    when: str | None = Field(None, **_doc("Segment.when", "condition"))
    entitlements: list[str] = Field(default_factory=list, **_doc("Segment.entitlements"))
    playbook: list[str] = Field(default_factory=list, **_doc("Segment.playbook"))
    color: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$", **_doc("Segment.color"))


class Action(_Strict):
    """A recommendation, with a title and text that are templates."""

    id: str = Field(pattern=ID, **_doc("Action.id"))
    title: Text = Field(**_doc("Action.title", "template"))
    text: Text = Field(**_doc("Action.text", "template"))
    priority: int = Field(3, ge=1, le=5, **_doc("Action.priority"))
    letter: bool = Field(False, **_doc("Action.letter"))
    when: str | None = Field(None, **_doc("Action.when", "condition"))
    only_when: str | None = Field(None, **_doc("Action.only_when", "condition"))
    impact: list[str] = Field(default_factory=list, **_doc("Action.impact"))
    safety: bool = Field(False, **_doc("Action.safety"))


class ReferralPartner(_Strict):
    """A supplier we refer parting customers to."""

    name: str = Field(**_doc("ReferralPartner.name"))
    sector: str | None = Field(None, **_doc("ReferralPartner.sector"))
    contact: str | None = Field(None, **_doc("ReferralPartner.contact"))
    note: Text | None = Field(None, **_doc("ReferralPartner.note"))


class Company(_Strict):
    """Who signs the letters."""

    name: str = Field("", **_doc("Company.name"))
    signature: str | None = Field(None, **_doc("Company.signature"))


class PolicyModel(_Strict):
    """A company's customer policy: what we do and don't do, for whom, and what we advise."""

    version: Literal[1] = Field(1, **_doc("PolicyModel.version"))
    company: Company = Field(default_factory=Company, **_doc("PolicyModel.company"))
    services: list[Service] = Field(default_factory=list, **_doc("PolicyModel.services"))
    we_dont: list[Text] = Field(default_factory=list, **_doc("PolicyModel.we_dont"))
    contracts: list[Contract] = Field(default_factory=list, **_doc("PolicyModel.contracts"))
    house_rules: HouseRules = Field(default_factory=HouseRules, **_doc("PolicyModel.house_rules"))
    scores: Scores = Field(**_doc("PolicyModel.scores"))
    segments: list[Segment] = Field(min_length=1, **_doc("PolicyModel.segments"))
    actions: list[Action] = Field(default_factory=list, **_doc("PolicyModel.actions"))
    referral_partners: list[ReferralPartner] = Field(default_factory=list, **_doc("PolicyModel.referral_partners"))
    kpis: list[KpiName] = Field(default_factory=lambda: ["retention_rate", "net_profit_12m", "silent_customers"], **_doc("PolicyModel.kpis"))


#: columns a service's usage condition may name, per table, with their kind
USAGE_COLUMNS = {
    "transactions": {"amount": "number", "cost": "number", "order_type": "text", "quantity": "number",
                     "invoice_id": "text"},
    "interactions": {"kind": "text", "minutes": "number", "severity": "number", "note": "text"},
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
    #: where each part of the policy sits in its file (absent for a policy built in code)
    source: PolicySource | None = field(default=None, repr=False, compare=False)
    #: action id → its ``only_when`` condition: the action is given only where it holds
    action_gates: dict[str, conditions.Condition] = field(default_factory=dict)

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

    def problem(self, path: tuple, message: str, hint: str | None = None, offset: int | None = None) -> Problem:
        """A problem at ``path`` (e.g. ``("actions", 2, "text", "nl")``), at character ``offset``
        of that text when given; without a source, it names the file only."""
        if self.source is None:
            return Problem(str(self.file), message, hint=hint)
        return self.source.problem(path, message, hint, offset)


@dataclass(frozen=True)
class PolicySource:
    """The policy file's text and positions, to point at a word inside any value."""

    doc: YamlDocument
    text: str
    #: for a policy with invalid entries: list name → the file index of each entry kept
    indexes: dict[str, list[int]] = field(default_factory=dict)

    def problem(self, path: tuple, message: str, hint: str | None = None, offset: int | None = None) -> Problem:
        line, column = self.where(path, offset)
        return Problem(self.doc.file, message, line, column, hint)

    def where(self, path: tuple, offset: int | None = None) -> tuple[int | None, int | None]:
        """Line and column of ``path``, or of character ``offset`` inside the text there.

        ``path`` counts list entries as the validated policy does; they are
        mapped back to the file's entries when some entries were invalid.
        """
        path = tuple(path)
        if len(path) > 1 and path[0] in self.indexes and isinstance(path[1], int):
            path = (path[0], self.indexes[path[0]][path[1]], *path[2:])
        line, column = self.doc.where(path)
        value = _value_at(self.doc.data, path)
        if offset is None or path not in self.doc.positions or not isinstance(value, str) or line is None:
            return line, column
        return _position_in_file(self.text, line, column, value, offset)


# --------------------------------------------------------------------------- loading

def load_policy(path: Path, display_name: str | None = None) -> Policy:
    """Read, validate and cross-check the policy and its action texts; every problem at once.

    When some entries do not fit the schema, the entries that do are still
    cross-checked, so one run of ``klantwaarde validate`` shows everything.
    """
    doc = load_yaml(path, display_name)
    if not isinstance(doc.data, dict):
        raise InputError(doc.problem((), "the policy must be a mapping with keys such as 'segments:'"))
    source = PolicySource(doc, Path(path).read_text(encoding="utf-8-sig"))
    try:
        model = PolicyModel.model_validate(doc.data)
        problems: list[Problem] = []
    except ValidationError as exc:
        problems = _schema_problems(doc, exc)
        model, indexes = _valid_parts(doc.data)
        source = dataclasses.replace(source, indexes=indexes)
    policy, more = _cross_check(source, model, Path(path))
    problems += more
    if problems:
        raise InputError(_in_file_order(problems))
    return policy


def _schema_problems(doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    """Pydantic's errors with positions, in words a policy writer knows, with the nearest valid value."""
    problems = problems_from_validation(doc, exc, PolicyModel)
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        dotted = ".".join(str(p) for p in loc)
        line, column = doc.where(loc)
        found = err.get("input")
        if err["type"] == "string_pattern_mismatch" and loc[-1] == "id":
            message = f"'{dotted}': an id may only hold lower-case letters, digits, '_' and '-' (found {found!r})"
            suggestion = re.sub(r"[^a-z0-9_-]+", "-", str(found).lower()).strip("-")
            hint = f"for example '{suggestion}'" if suggestion else None
        elif err["type"] == "string_pattern_mismatch" and loc[-1] == "color":
            message, hint = f"'{dotted}': a colour is written as #rrggbb (found {found!r})", "for example '#1f77b4'"
        elif err["type"] == "literal_error":
            expected = [e.strip("'") for e in re.split(r", | or ", str(err.get("ctx", {}).get("expected", "")))]
            message = f"'{dotted}': expected one of {', '.join(expected)} (found {found!r})"
            hint = did_you_mean(str(found), expected)
        else:
            continue
        for i, p in enumerate(problems):
            if (p.line, p.column) == (line, column) and p.message.startswith(f"'{dotted}':"):
                problems[i] = dataclasses.replace(p, message=message, hint=hint)
    return problems


def _valid_parts(data: dict) -> tuple[PolicyModel, dict[str, list[int]]]:
    """The parts of an invalid policy that are valid on their own, and where each list entry came from."""
    values: dict[str, Any] = {"scores": None, "segments": []}
    indexes: dict[str, list[int]] = {}
    for name, info in PolicyModel.model_fields.items():
        if name not in data:
            continue
        raw, annotation = data[name], info.annotation
        if typing.get_origin(annotation) is list and isinstance(raw, list):
            item_type = typing.get_args(annotation)[0]
            adapter = TypeAdapter(item_type)
            kept = []
            for i, item in enumerate(raw):
                try:
                    kept.append((i, adapter.validate_python(item)))
                except ValidationError:
                    salvaged = _salvage(item_type, item)
                    if salvaged is not None:
                        kept.append((i, salvaged))
            values[name] = [item for _, item in kept]
            indexes[name] = [i for i, _ in kept]
            continue
        try:
            values[name] = TypeAdapter(annotation).validate_python(raw)
        except ValidationError:
            salvaged = _salvage(annotation, raw)
            if salvaged is not None:
                values[name] = salvaged
    return PolicyModel.model_construct(**values), indexes


def _salvage(model: Any, raw: Any) -> BaseModel | None:
    """An invalid entry with its valid fields (and its id as written), so the rest of it is
    still checked; None when a required field is unusable."""
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or not isinstance(raw, dict):
        return None
    values = {}
    for name, info in model.model_fields.items():
        if name not in raw:
            continue
        try:
            values[name] = TypeAdapter(Annotated[info.annotation, info]).validate_python(raw[name])
        except ValidationError:
            if name == "id" and isinstance(raw[name], str):
                values[name] = raw[name]
    if any(info.is_required() and name not in values for name, info in model.model_fields.items()):
        return None
    return model.model_construct(**values)


def _cross_check(source: PolicySource, model: PolicyModel, path: Path) -> tuple[Policy, list[Problem]]:
    """What a schema cannot say: references, order, conditions, weights, templates."""
    doc, raw = source.doc, source.doc.data
    problems: list[Problem] = []
    written = {key: _written_ids(raw.get(key)) for key in ("services", "contracts", "segments", "actions")}

    def here(path_, message, hint=None, offset=None):
        problems.append(source.problem(path_, message, hint, offset))

    # on the file as written, so a broken entry still counts as taken and as the last
    for key, what in (("services", "service"), ("contracts", "contract"), ("segments", "segment"),
                      ("actions", "action")):
        seen: dict[str, int] = {}
        for i, item_id in written[key]:
            if item_id in seen:
                problems.append(doc.problem((key, i, "id"), f"duplicate {what} id '{item_id}' (also entry {seen[item_id] + 1})",
                                            "every id must be unique"))
            seen.setdefault(item_id, i)
    problems += _catch_all_problems(doc, raw.get("segments"))

    service_ids = [i for _, i in written["services"]]
    action_ids = [i for _, i in written["actions"]]
    services, contracts = _entries(model, "services"), _entries(model, "contracts")
    segments, actions = _entries(model, "segments"), _entries(model, "actions")

    def check_refs(ids, known, path_, what):
        for j, ref in enumerate(ids):
            if ref not in known:
                here(path_ + (j,), f"unknown {what} '{ref}'",
                     did_you_mean(ref, known) or f"known: {', '.join(known) or 'none'}")

    for i, c in contracts:
        check_refs(c.entitlements, service_ids, ("contracts", i, "entitlements"), "service")
    for i, s in segments:
        check_refs(s.entitlements, service_ids, ("segments", i, "entitlements"), "service")
        check_refs(s.playbook, action_ids, ("segments", i, "playbook"), "action")

    catalogue = catalogue_for(model)
    invalid_services = [sid for sid in service_ids if sid not in {s.id for _, s in services}]
    if invalid_services:  # their measures still exist: a rule naming them is not wrong
        extra = [m for sid in invalid_services for m in service_measures(sid, dict.fromkeys(LANGUAGES, sid), "unit")]
        catalogue = Catalogue(catalogue.measures[len(MEASURES):] + tuple(extra))
    names = catalogue.condition_names()
    all_names = catalogue.condition_names(allow_segment_dependent=True)

    def parse(text: str, path_, names_, what="condition"):
        line, column = source.where(path_)
        try:
            return conditions.parse(text, names_, file=doc.file, line=line, column=column, what=what)
        except conditions.ConditionError as exc:
            message, hint = exc.problem.message, exc.problem.hint
            name = _unknown_name(message)
            if name and name in all_names and name not in names_:
                message = f"'{name}' depends on the segment and cannot be used in a rule that chooses the segment"
                hint = "use it in an action's 'when' instead"
            problems.append(source.problem(path_, message, hint, exc.span[0]))
            return None

    segment_conditions, action_conditions, usage_conditions = {}, {}, {}
    for i, s in segments:
        if s.when is not None and (cond := parse(s.when, ("segments", i, "when"), names)) is not None:
            segment_conditions[s.id] = cond
    for i, a in actions:
        if a.when is not None and (cond := parse(a.when, ("actions", i, "when"), all_names)) is not None:
            action_conditions[a.id] = cond
    action_gates = {}
    for i, a in actions:
        if a.only_when is not None and (cond := parse(a.only_when, ("actions", i, "only_when"), all_names)) is not None:
            action_gates[a.id] = cond
        money = [m.name for m in catalogue.measures if m.kind in ("money", "probability", "ratio", "number", "count")]
        for j, name in enumerate(a.impact):
            if name not in money:
                here(("actions", i, "impact", j), f"'{name}' cannot be part of an action's impact",
                     did_you_mean(name, money) or "name numeric measures, such as overdue_amount")
    for i, s in services:
        cols = USAGE_COLUMNS[s.usage.table]
        if s.usage.sum is not None and cols.get(s.usage.sum) != "number":
            numeric = [c for c, k in cols.items() if k == "number"]
            here(("services", i, "usage", "sum"), f"cannot sum '{s.usage.sum}' of {s.usage.table}",
                 did_you_mean(s.usage.sum, numeric) or f"numeric columns: {', '.join(numeric)}")
        if s.usage.where is not None:
            cond = parse(s.usage.where, ("services", i, "usage", "where"), cols, what="usage condition")
            if cond is not None:
                usage_conditions[s.id] = cond

    problems += _fix_segment_problems(source, model, [i for _, i in written["segments"]],
                                      [*segment_conditions.values(), *action_conditions.values()])
    scores = getattr(model, "scores", None)
    if scores is not None:
        problems += _score_problems(doc, scores, catalogue)
    policy = Policy(path, model, catalogue, segment_conditions, action_conditions, usage_conditions, source,
                    action_gates)

    try:
        check_templates(policy, doc.file)
    except InputError as exc:
        problems += exc.problems
    return policy, problems


#: the measures that read the house rule fix_segment (model.changes.add_fix_advice)
_FIX_MEASURES = frozenset(("fix_advised_since", "fix_advised", "fix_first_met"))


def _fix_segment_problems(source: PolicySource, model: PolicyModel, segment_ids: list[str], used) -> list[Problem]:
    """house_rules.fix_segment must name a segment when it is written, or when a rule uses the
    fix advice (a default 'fix' the policy does not have would silently never match)."""
    rules = getattr(model, "house_rules", None)
    if rules is None or rules.fix_segment in segment_ids:
        return []
    written = "fix_segment" in rules.model_fields_set
    if not written and not any(_FIX_MEASURES & c.names for c in used):
        return []
    path_ = ("house_rules", "fix_segment") if written else ("house_rules",)
    hint = did_you_mean(rules.fix_segment, segment_ids) or f"segments: {', '.join(segment_ids) or 'none'}"
    return [source.problem(path_, f"the fix segment '{rules.fix_segment}' is not a segment of this policy"
                           + ("" if written else " (house_rules.fix_segment defaults to 'fix')"), hint, None)]


def _catch_all_problems(doc: YamlDocument, segments) -> list[Problem]:
    """The last segment is the catch-all; only it may (and must) have no condition."""
    if not isinstance(segments, list):
        return []
    out = []
    for i, s in enumerate(segments):
        if not isinstance(s, dict):
            continue
        last, when, sid = i == len(segments) - 1, s.get("when"), s.get("id", f"#{i + 1}")
        if last and when is not None:
            out.append(doc.problem(("segments", i, "when", "__key__"),
                                   f"the last segment '{sid}' must have no 'when': it is the catch-all for every "
                                   "customer no rule matched", "remove its 'when', or add a last segment without one"))
        if not last and when is None:
            out.append(doc.problem(("segments", i), f"segment '{sid}' has no 'when' but is not the last: the "
                                   "segments after it could never match", "give it a condition, or move it to the end"))
    return out


def _score_problems(doc: YamlDocument, scores: Scores, catalogue: Catalogue) -> list[Problem]:
    """Score components must be numeric measures, and each must weigh enough to count.

    Weights are relative, so any positive numbers work; a component with less
    than 1 % of its score's total weight would hardly change anyone's score —
    almost always a slip such as 0.01 for 1, or 1000 for 10.
    """
    out = []
    usable = [m.name for m in catalogue.measures if m.kind not in ("text", "date", "bool") and m.group != "score"]
    for comp in ("value", "burden", "future"):
        weights: dict[str, float] = getattr(scores, comp)
        total = sum(weights.values())
        for name, weight in weights.items():
            m = catalogue.by_name.get(name)
            if m is None or m.name not in usable:
                out.append(doc.problem(("scores", comp, name, "__key__"),
                                       f"'{name}' cannot be a score component" + ("" if m is None else f" (it is a {m.kind} measure)"),
                                       did_you_mean(name, usable) if m is None else "use a numeric measure"))
            if total > 0 and weight / total < MIN_WEIGHT_SHARE:
                out.append(doc.problem(("scores", comp, name),
                                       f"the weight of '{name}' ({weight:g}) is {weight / total:.2%} of the {comp} "
                                       f"score's total ({total:g}): it would hardly count",
                                       f"give each component at least {MIN_WEIGHT_SHARE:.0%} of the total, or remove it"))
    for i, name in enumerate(scores.inverted):
        if not any(name in getattr(scores, c) for c in ("value", "burden", "future")):
            components = [n for c in ("value", "burden", "future") for n in getattr(scores, c)]
            out.append(doc.problem(("scores", "inverted", i), f"'{name}' is not a component of any score",
                                   did_you_mean(name, components) or "list only measures named under value, burden or future"))
    return out


# --------------------------------------------------------------------------- schema and reference

def json_schema() -> dict:
    """The policy's JSON Schema, for editor completion and CI linting (``klantwaarde schema``)."""
    schema = PolicyModel.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": "klantwaarde policy"}


@dataclass(frozen=True)
class KeyDoc:
    """One key of the policy file, for the guide and the methodology page."""

    key: str           # e.g. "services[].usage.where"
    kind: str          # what the value is, in words
    default: str       # "required", or the default as YAML
    description: str


def key_reference(lang: str = "en") -> list[KeyDoc]:
    """Every key of the policy file, in order, from the pydantic models."""
    return list(_key_docs(PolicyModel, "", lang))


def reference_markdown(lang: str = "en") -> str:
    """:func:`key_reference` as a Markdown table (``klantwaarde schema --format markdown``)."""
    rows = [Translator(lang)("policy_reference.markdown_head"), "|---|---|---|---|"]
    for k in key_reference(lang):
        cells = [f"`{k.key}`", k.kind, k.default, k.description]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


def _word(key: str, lang: str, **values) -> str:
    return Translator(lang)(f"policy_reference.{key}", **values)


def _key_docs(model: type[BaseModel], prefix: str, lang: str):
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        annotation = _without_none(info.annotation)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        description = Translator(lang)(f"policy_key.{model.__name__}.{name}")
        kind = _kind_words(annotation, info, extra, lang)
        yield KeyDoc(key, kind, _default_words(info, lang), description)
        inner = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel) and inner is not Text:
            yield from _key_docs(inner, f"{key}[]." if inner is not annotation else f"{key}.", lang)


def _kind_words(annotation, info, extra: dict, lang: str) -> str:
    if extra.get("x-kind") in ("condition", "template"):
        return _word(extra["x-kind"], lang) if annotation is str else _word("bilingual", lang) + f" ({_word(extra['x-kind'], lang)})"
    if annotation is Text:
        return _word("bilingual", lang)
    if typing.get_origin(annotation) is Literal:
        return _word("one_of", lang, items=", ".join(str(a) for a in typing.get_args(annotation)))
    if typing.get_origin(annotation) is dict:
        return _word("weights", lang)
    if typing.get_origin(annotation) is list:
        item = typing.get_args(annotation)[0]
        if isinstance(item, type) and issubclass(item, BaseModel) and item is not Text:
            return _word("list", lang, item=_word("mappings", lang))
        return _word("list", lang, item=_kind_words(item, None, {}, lang))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _word("mapping", lang)
    patterns = [getattr(m, "pattern", None) for m in (info.metadata if info else [])]
    if ID in patterns:
        return _word("id", lang)
    if any(p and p.startswith("^#") for p in patterns):
        return _word("colour", lang)
    base = {str: "text", float: "number", int: "whole", bool: "bool"}.get(annotation, "text")
    words = _word(base, lang)
    bounds = []
    for m in (info.metadata if info else []):
        for attr, sign in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
            if getattr(m, attr, None) is not None:
                bounds.append(f"{sign} {getattr(m, attr):g}")
    return words + (f" ({', '.join(bounds)})" if bounds else "")


def _default_words(info, lang: str) -> str:
    if info.is_required():
        return _word("required", lang)
    if info.default_factory is not None:
        value = info.default_factory()
        if isinstance(value, BaseModel):
            return "—"
        return "[]" if value == [] else "[" + ", ".join(map(str, value)) + "]"
    value = info.default
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == "":
        return "''"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _without_none(annotation):
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


# --------------------------------------------------------------------------- helpers

def _entries(model: PolicyModel, key: str) -> list[tuple[int, Any]]:
    """(model index, item) of a list section; problems map the index back to the file."""
    return list(enumerate(getattr(model, key, None) or []))


def _written_ids(items) -> list[tuple[int, str]]:
    if not isinstance(items, list):
        return []
    return [(i, item["id"]) for i, item in enumerate(items) if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _value_at(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _position_in_file(text: str, line: int, column: int, value: str, offset: int) -> tuple[int, int]:
    """Line and column in the file of character ``offset`` of a YAML string value.

    The value starts at (``line``, ``column``): its first character, or the
    ``>``/``|`` of a block. Folding and indentation change only whitespace, so
    walking the value's non-blank characters alongside the file's finds the
    spot; quotes doubled ('') or escaped (\\") count as one character.
    """
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    if line - 1 >= len(starts):
        return line, column
    pos = starts[line - 1] + column - 1
    style = text[pos - 1] if pos > 0 and text[pos - 1] in "'\"" else ""
    if text[pos:pos + 1] in ("|", ">") and not value.startswith(text[pos]):
        pos = starts[line] if line < len(starts) else len(text)  # a block: its text starts on the next line
    for ch in value[:offset]:
        if ch.isspace():
            continue
        while pos < len(text) and text[pos].isspace():
            pos += 1
        pos += 2 if (style == "'" and text.startswith("''", pos)) or (style == '"' and text[pos:pos + 1] == "\\") else 1
    if offset < len(value) and not value[offset].isspace():
        while pos < len(text) and text[pos].isspace():
            pos += 1
    found_line = text.count("\n", 0, pos) + 1
    return found_line, pos - starts[found_line - 1] + 1


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    unique = {(p.line, p.column, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.column if isinstance(p.column, int) else 0, p.message))


def _unknown_name(message: str) -> str | None:
    m = re.search(r"unknown (?:measure|name) '([^']+)'", message)
    return m.group(1) if m else None
