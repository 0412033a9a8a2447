"""Advice a consultant can sign: every action grounded in its numbers, the unhappy heard,
worklists ordered by what is at stake (issue 15, points 3, 4 and 6). Small hand-made cases."""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from generator.inputs.policy import load_policy
from generator.model.recommendations import recommend
from generator.model.scoring import add_scores, normalise
from generator.render.site.actions import worklist_key

POLICY = textwrap.dedent("""\
    version: 1
    services:
      - id: rush_order
        name: {nl: Spoedorder, en: Rush order}
        cost: 50
        usage: {table: transactions, where: "order_type == 'rush'"}
    scores:
      value: {margin_12m: 1}
      burden: {cost_to_serve_12m: 1, incidents_12m: 1}
      future: {potential: 1}
    segments:
      - id: fix
        name: {nl: Repareren, en: Fix}
        description: {nl: Eerst repareren, en: Fix first}
        when: "net_profit_12m < 0"
        playbook: [rush_terms]
      - id: top
        name: {nl: Top, en: Top}
        description: {nl: De beste, en: The best}
        when: "value_score >= 70"
        playbook: [referral]
      - id: core
        name: {nl: Kern, en: Core}
        description: {nl: De rest, en: The rest}
        playbook: [keep]
    actions:
      - id: rush_terms
        priority: 2
        only_when: "usage_rush_order_12m > 0"
        impact: [cost_rush_order_12m]
        title: {nl: Spoedvoorwaarden, en: Rush terms}
        text: {nl: "{{ usage_rush_order_12m | number }} spoedorders", en: "{{ usage_rush_order_12m | number }} rush orders"}
      - id: referral
        priority: 2
        only_when: "nps is missing or nps > 6"
        title: {nl: Aanbeveling, en: Referral}
        text: {nl: "Vraag {{ name }}", en: "Ask {{ name }}"}
      - id: listen
        priority: 2
        when: "nps <= 6"
        impact: [margin_12m]
        title: {nl: Luister, en: Listen}
        text: {nl: "NPS {{ nps | number }}", en: "NPS {{ nps | number }}"}
      - id: keep
        priority: 4
        title: {nl: Blijf, en: Keep}
        text: {nl: "Blijf {{ name }} bedienen", en: "Keep serving {{ name }}"}
      - id: pay
        priority: 1
        when: "overdue_amount > 0"
        impact: [overdue_amount]
        title: {nl: Betaling, en: Payment}
        text: {nl: "{{ overdue_amount | money }} open", en: "{{ overdue_amount | money }} overdue"}
      - id: calm
        priority: 1
        when: "incidents_12m > 0"
        safety: true
        title: {nl: Escaleer, en: Escalate}
        text: {nl: "Escaleer", en: "Escalate"}
""")


@pytest.fixture
def policy(tmp_path):
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    return load_policy(tmp_path / "policy.yaml")


def customers() -> pd.DataFrame:
    nan = np.nan
    rows = {  # id: segment, net profit, rush orders, their cost, NPS, margin, overdue, incidents, scores
        "F1": ("fix", -100.0, 0, 0.0, nan, 50.0, 0.0, 0, 20.0, 60.0, 30.0),
        "F2": ("fix", -50.0, 3, 150.0, nan, 80.0, 0.0, 0, 25.0, 55.0, 35.0),
        "T1": ("top", 900.0, 0, 0.0, 5.0, 1000.0, 0.0, 0, 80.0, 10.0, 60.0),
        "T2": ("top", 700.0, 0, 0.0, nan, 800.0, 0.0, 0, 75.0, 12.0, 55.0),
        "T3": ("top", 600.0, 0, 0.0, 9.0, 700.0, 0.0, 0, 72.0, 14.0, 50.0),
        "C1": ("core", 200.0, 0, 0.0, 7.0, 300.0, 500.0, 1, 40.0, 30.0, 50.0),
    }
    cols = ["segment", "net_profit_12m", "usage_rush_order_12m", "cost_rush_order_12m", "nps", "margin_12m",
            "overdue_amount", "incidents_12m", "value_score", "burden_score", "future_score"]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    frame.index.name = "customer_id"
    frame["name"] = [f"Klant {c}" for c in frame.index]
    frame["account_manager"] = "Sanne"
    return frame


def actions(policy) -> pd.DataFrame:
    return recommend(customers(), policy, "nl", "EUR")


def of(a: pd.DataFrame, cid: str) -> list[str]:
    return a.loc[a["customer_id"] == cid, "action_id"].tolist()


def test_an_action_is_not_given_when_its_trigger_number_is_zero(policy):
    a = actions(policy)
    assert of(a, "F1") == []                 # a fix customer without rush orders: no rush terms
    row = a[(a["customer_id"] == "F2") & (a["action_id"] == "rush_terms")].iloc[0]
    assert row["text"] == "3 spoedorders"
    # the reason quotes the segment rule's number and the trigger's
    assert row["reason"] == "Segment Repareren: nettowinst 12 mnd −€ 50; gebruik Spoedorder 3"
    assert row["numbers"] == "net_profit_12m=-50; usage_rush_order_12m=3"
    assert row["impact"] == 150.0            # 3 rush orders × € 50 internal cost


def test_a_detractor_is_never_asked_for_a_referral_but_is_listened_to(policy):
    a = actions(policy)
    assert of(a, "T1") == ["listen"]                         # NPS 5: detractor
    assert a.loc[a["customer_id"] == "T1", "impact"].tolist() == [1000.0]
    assert of(a, "T2") == ["referral"]                       # no NPS known: asked, nothing quoted for it
    assert a.loc[a["customer_id"] == "T2", "reason"].item() == "Segment Top: waardescore 75"
    assert of(a, "T3") == ["referral"]                       # NPS 9: asked, and the reason says why
    assert a.loc[a["customer_id"] == "T3", "reason"].item() == "Segment Top: waardescore 72; NPS-score 9"


def test_the_catch_all_segment_quotes_the_numbers_the_rules_weigh(policy):
    a = actions(policy)
    keep = a[(a["customer_id"] == "C1") & (a["action_id"] == "keep")].iloc[0]
    assert keep["reason"] == ("Segment Kern: geen eerdere segmentregel van toepassing: nettowinst 12 mnd € 200; "
                              "waardescore 40; lastscore 30; toekomstscore 50")
    assert keep["numbers"] == "net_profit_12m=200; value_score=40; burden_score=30; future_score=50"


def test_safety_first_then_priority_then_impact(policy):
    a = actions(policy)
    assert of(a, "C1") == ["calm", "pay", "keep"]            # the incident before the overdue € 500
    rows = [{"safety": s, "priority": p, "impact": i, "customer": {"name": n, "customer_id": n}, "order": k}
            for k, (s, p, i, n) in enumerate([(False, 1, 100.0, "a"), (False, 1, None, "b"), (False, 2, 9e9, "c"),
                                              (True, 1, None, "d"), (False, 1, 2500.0, "e")])]
    assert [r["customer"]["name"] for r in sorted(rows, key=worklist_key)] == ["d", "e", "a", "b", "c"]


def test_an_impact_measure_must_be_numeric(tmp_path):
    from generator.errors import InputError

    (tmp_path / "policy.yaml").write_text(POLICY.replace("impact: [margin_12m]", "impact: [sector]"), encoding="utf-8")
    with pytest.raises(InputError, match="'sector' cannot be part of an action's impact"):
        load_policy(tmp_path / "policy.yaml")


def test_a_component_that_does_not_vary_is_missing_not_50():
    assert normalise(pd.Series([0.0, 0.0, 0.0, np.nan]), "count").isna().all()
    assert normalise(pd.Series([3.0, 3.0]), "rating").isna().all()
    # 0 incidents for 40 of 42 customers: the 5th and 95th percentile are equal, so lowest to highest
    incidents = pd.Series([0.0] * 40 + [1.0, 2.0])
    assert normalise(incidents, "count").tolist() == [0.0] * 40 + [50.0, 100.0]
    assert normalise(pd.Series([0.0, 5.0, 10.0, 7.0]), "number", "nps").tolist() == [0.0, 50.0, 100.0, 70.0]


def test_a_constant_component_is_reweighted_away(policy):
    frame = pd.DataFrame({"cost_to_serve_12m": [0.0, 50.0, 100.0], "incidents_12m": [0.0, 0.0, 0.0]},
                         index=["A", "B", "C"])
    out = add_scores(frame, policy)
    # cost to serve between its 5th (5) and 95th (95) percentile: 0, 50, 100; incidents say nothing
    assert out["burden_score__incidents_12m"].isna().all()
    assert out["burden_score"].tolist() == [0.0, 50.0, 100.0]
    assert out["burden_score_coverage"].tolist() == [0.5, 0.5, 0.5]


def test_complaints_before_churn_counts_the_complaints_of_customers_lost_this_year():
    from types import SimpleNamespace

    from generator.render.site.overview import complaints_before_churn

    customers = [{"customer_id": "L1", "orders_prev_12m": 4, "orders_12m": 0},    # lost, 2 complaints
                 {"customer_id": "L2", "orders_prev_12m": 2, "orders_12m": 0},    # lost, no complaints
                 {"customer_id": "K1", "orders_prev_12m": 3, "orders_12m": 5}]    # still buying
    interactions = pd.DataFrame({"customer_id": ["L1", "L1", "L1", "L2", "K1", "L1"],
                                 "date": pd.to_datetime(["2025-03-01", "2025-05-01", "2025-06-01", "2025-04-01",
                                                         "2025-04-01", "2026-09-01"]),
                                 "kind": ["complaint", "complaint", "call", "call", "complaint", "complaint"]})
    site = SimpleNamespace(customers=customers, report=SimpleNamespace(interactions=interactions,
                                                                       as_of=pd.Timestamp("2026-06-30").date()))
    assert complaints_before_churn(site) == {"L1": 2}      # the one after the report date does not count


def test_csat_is_the_latest_answer_and_nps_can_weigh_in_a_score(small_project):
    from generator.pipeline import compute_report

    (small_project / "feedback.csv").write_text(
        "customer_id;date;nps;csat\nA;01-01-2026;9;4\nA;01-05-2026;3;2\nB;01-02-2026;8;\nC;01-08-2026;1;1\n",
        encoding="utf-8")
    config = (small_project / "config.yaml").read_text(encoding="utf-8")
    (small_project / "config.yaml").write_text(config + "  feedback: feedback.csv\n", encoding="utf-8")
    policy = (small_project / "policy.yaml").read_text(encoding="utf-8")
    (small_project / "policy.yaml").write_text(policy.replace("value: {margin_12m: 1}", "value: {margin_12m: 1, nps: 1}"),
                                               encoding="utf-8")
    c = compute_report(small_project / "config.yaml").customers
    assert c.loc["A", "csat"] == 2.0 and c.loc["A", "nps"] == 3.0       # the latest answers
    assert np.isnan(c.loc["B", "csat"]) and c.loc["B", "nps"] == 8.0
    assert np.isnan(c.loc["C", "csat"])                                    # answered after the report date
    # NPS on its own 0-10 scale: 3 → 30, 8 → 80; customers without one are scored on the margin alone
    assert c.loc["A", "value_score__nps"] == 30.0 and c.loc["B", "value_score__nps"] == 80.0
    assert c.loc["D", "value_score"] == c.loc["D", "value_score__margin_12m"]
