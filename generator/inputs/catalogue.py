"""The measure catalogue: every per-customer measure, declared once.

Conditions (which names exist and their kind), the methodology page, the
columns of ``scores.csv`` and the 'did you mean' suggestions all come from
this one list. A measure's ``kind`` says how it is formatted and compared:

money (currency), number, count, days, ratio (0.25 = 25 %), rating (1–5),
score (0–100), probability (0–1), date, text, bool.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.text.translation import Translator, unit_label


@dataclass(frozen=True)
class Measure:
    name: str
    kind: str
    group: str
    sources: tuple[str, ...] = ("transactions",)
    #: depends on the segment (entitlements, leakage): not allowed in segment conditions
    segment_dependent: bool = False
    #: segment-dependent, but a segment's own rule may use it: it is then computed as if the
    #: customer were in that segment (net_profit_if_charged_12m: that segment's entitlements)
    per_segment: bool = False
    #: the measures that show *why* this one holds (a yes/no measure's numbers, quoted in reasons)
    explained_by: tuple[str, ...] = ()
    #: a policy service's measure: (usage or cost, service id, unit, the service's name per language);
    #: its texts are the service measures' texts filled in with these
    service: tuple[str, str, str, tuple[tuple[str, str], ...]] | None = None

    #: the label per language, looked up once (a customer page asks for a few dozen)
    _labels: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def label(self, lang: str) -> str:
        text = self._labels.get(lang)
        if text is None:
            text = self._labels[lang] = self._text("label", lang)
        return text

    def definition(self, lang: str) -> str:
        return self._text("definition", lang)

    def _text(self, part: str, lang: str) -> str:
        """The label or definition in the language tables (generator.text): measure.<name>.<part>."""
        t = Translator(lang)
        if self.service is None:
            return t(f"measure.{self.name}.{part}")
        kind, service_id, unit, names = self.service
        return t(f"service_measure.{kind}.{part}", service=dict(names)[lang], service_id=service_id,
                 unit=unit_label(unit, lang))

    @property
    def condition_kind(self) -> str:
        """The kind the condition language sees: number, text, date or bool."""
        if self.kind in ("text",):
            return "text"
        if self.kind == "date":
            return "date"
        if self.kind == "bool":
            return "bool"
        return "number"


#: the measure groups, in the order of the methodology page and a customer page (labels: group.<id>)
GROUPS = ("profile", "money", "activity", "rfm", "cost", "arrears", "relationship", "soft", "future", "score")

_M = Measure
MEASURES: tuple[Measure, ...] = (
    # profile (text measures from the customers table)
    _M("name", "text", "profile", ("customers",)),
    _M("account_manager", "text", "profile", ("customers",)),
    _M("sector", "text", "profile", ("customers",)),
    _M("region", "text", "profile", ("customers",)),
    _M("contract", "text", "profile", ("customers",)),
    _M("language", "text", "profile", ("customers",)),
    _M("contact_name", "text", "profile", ("customers",)),
    _M("customer_since", "date", "profile", ("customers", "transactions")),
    _M("tenure_days", "days", "profile", ("customers", "transactions")),
    _M("years_as_customer", "count", "profile", ("customers", "transactions")),
    # money
    _M("revenue_total", "money", "money"),
    _M("revenue_12m", "money", "money"),
    _M("revenue_prev_12m", "money", "money"),
    _M("margin_prev_12m", "money", "money"),
    _M("margin_total", "money", "money"),
    _M("revenue_trend", "ratio", "money"),
    _M("margin_12m", "money", "money"),
    _M("margin_pct_12m", "ratio", "money"),
    _M("orders_12m", "count", "activity"),
    _M("orders_prev_12m", "count", "activity"),
    _M("orders_total", "count", "activity"),
    _M("avg_order_value_12m", "money", "activity"),
    _M("avg_order_value_prev_12m", "money", "activity"),
    _M("avg_order_value_total", "money", "activity"),
    _M("best_year", "text", "activity"),
    _M("best_year_revenue", "money", "activity"),
    _M("first_purchase", "date", "activity"),
    _M("last_purchase", "date", "activity"),
    _M("days_since_last_purchase", "days", "activity"),
    _M("frequency", "count", "activity"),
    _M("recency_days", "days", "activity"),
    _M("T_days", "days", "activity"),
    # RFM
    _M("R", "rating", "rfm"),
    _M("F", "rating", "rfm"),
    _M("M", "rating", "rfm"),
    _M("rfm_segment", "text", "rfm"),
    # cost to serve
    _M("cost_to_serve_12m", "money", "cost", ("transactions", "interactions")),
    _M("cost_to_serve_pct_12m", "ratio", "cost", ("transactions", "interactions")),
    _M("net_profit_12m", "money", "cost", ("transactions", "interactions")),
    _M("leakage_12m", "money", "cost", ("transactions", "interactions"), segment_dependent=True),
    _M("net_profit_if_charged_12m", "money", "cost", ("transactions", "interactions"), segment_dependent=True,
       per_segment=True, explained_by=("net_profit_if_charged_12m", "net_profit_12m", "leakage_12m")),
    # arrears
    _M("overdue_amount", "money", "arrears"),
    _M("overdue_invoices", "count", "arrears"),
    _M("overdue_days_max", "days", "arrears"),
    _M("days_late_max", "days", "arrears"),
    _M("days_late_avg", "days", "arrears"),
    _M("payment_trend", "days", "arrears"),
    _M("late_payer", "bool", "arrears", explained_by=("overdue_amount", "overdue_days_max")),
    # relationship
    _M("complaints_12m", "count", "relationship", ("interactions",)),
    _M("incidents_12m", "count", "relationship", ("interactions",)),
    _M("support_minutes_12m", "number", "relationship", ("interactions",)),
    _M("meetings_12m", "count", "relationship", ("interactions",)),
    _M("last_contact", "date", "relationship", ("interactions", "transactions")),
    _M("days_since_contact", "days", "relationship", ("interactions", "transactions")),
    _M("days_since_our_contact", "days", "relationship", ("interactions",)),
    _M("silent", "bool", "relationship", ("interactions", "transactions"),
       explained_by=("days_since_contact", "days_since_our_contact")),
    _M("nps", "number", "relationship", ("feedback",)),
    _M("nps_change", "number", "relationship", ("feedback",)),
    _M("csat", "number", "relationship", ("feedback",)),
    # soft values
    _M("knowledge", "rating", "soft", ("assessments",)),
    _M("pleasure", "rating", "soft", ("assessments",)),
    _M("network", "rating", "soft", ("assessments",)),
    _M("referrals_12m", "count", "soft", ("interactions",)),
    _M("referrals_total", "count", "soft", ("interactions",)),
    _M("prestige", "rating", "soft", ("assessments",)),
    _M("potential", "rating", "soft", ("assessments",)),
    _M("assessment_date", "date", "soft", ("assessments",)),
    # future
    _M("expected_purchases_12m", "number", "future"),
    _M("expected_revenue_12m", "money", "future"),
    _M("p_alive", "probability", "future"),
    # scores
    _M("value_score", "score", "score", ()),
    _M("burden_score", "score", "score", ()),
    _M("future_score", "score", "score", ()),
    _M("value_band", "text", "score", (), explained_by=("value_score",)),
    _M("burden_band", "text", "score", (), explained_by=("burden_score",)),
    _M("future_band", "text", "score", (), explained_by=("future_score",)),
    _M("value_score_coverage", "ratio", "score", ()),
    _M("burden_score_coverage", "ratio", "score", ()),
    _M("future_score_coverage", "ratio", "score", ()),
    _M("previous_segment", "text", "score", ("history",)),
    _M("value_score_change", "number", "score", ("history",)),
    _M("burden_score_change", "number", "score", ("history",)),
    _M("future_score_change", "number", "score", ("history",)),
    _M("fix_advised_since", "date", "score", ("history",)),
    _M("fix_advised", "bool", "score", ("history",), explained_by=("fix_advised_since",)),
    _M("fix_first_met", "bool", "score", ("history",), explained_by=("fix_advised_since",)),
    _M("segment", "text", "score", (), segment_dependent=True),
)


def service_measures(service_id: str, names: dict[str, str], unit: str) -> tuple[Measure, Measure]:
    """The two measures every policy service adds: its usage and its cost over 12 months
    (``names``: the service's name per language)."""
    src = ("transactions", "interactions")
    named = tuple(sorted(names.items()))
    return (Measure(f"usage_{service_id}_12m", "number", "cost", src, service=("usage", service_id, unit, named)),
            Measure(f"cost_{service_id}_12m", "money", "cost", src, service=("cost", service_id, unit, named)))


class Catalogue:
    """The measures of one build: the fixed list plus those the policy's services add."""

    def __init__(self, extra: tuple[Measure, ...] = ()):
        self.measures: tuple[Measure, ...] = MEASURES + tuple(extra)
        self.by_name = {m.name: m for m in self.measures}

    def __getitem__(self, name: str) -> Measure:
        return self.by_name[name]

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def names(self) -> list[str]:
        return [m.name for m in self.measures]

    def condition_names(self, *, allow_segment_dependent: bool = False) -> dict[str, str]:
        """Names a ``when:`` condition may use, with their kind."""
        return {m.name: m.condition_kind for m in self.measures
                if allow_segment_dependent or not m.segment_dependent or m.per_segment}

    def by_group(self) -> dict[str, list[Measure]]:
        out: dict[str, list[Measure]] = {g: [] for g in GROUPS}
        for m in self.measures:
            out[m.group].append(m)
        return out


def catalogue_for(policy) -> Catalogue:
    """Catalogue extended with the usage and cost measures of the policy's services."""
    extra: list[Measure] = []
    for s in policy.services:
        extra.extend(service_measures(s.id, {"nl": s.name.nl, "en": s.name.en}, s.unit))
    return Catalogue(tuple(extra))
