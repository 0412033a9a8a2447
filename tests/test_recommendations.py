"""Advice per customer: playbooks, house rules that fire on their own, reasons with numbers, letters."""
from __future__ import annotations

import pytest

from generator.pipeline import compute_report


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    import shutil

    from conftest import ROOT

    root = tmp_path_factory.mktemp("sample")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("__pycache__"))
    return compute_report(root / "config.yaml")


def actions_of(report, action_id):
    a = report.actions
    return a[a["action_id"] == action_id].set_index("customer_id")


def flagged(report, name):
    c = report.customers
    return set(c.index[c[name].fillna(False).astype(bool)])


def test_house_rules_fire_for_every_customer_they_hold_for(sample):
    c = sample.customers
    assert set(actions_of(sample, "payment_reminder").index) == flagged(sample, "late_payer") == {"K0027", "K9002"}
    # a silent customer gets a call today, unless it has most likely left already (p_alive < 0.2):
    # then a personal message, at a lower priority
    silent = flagged(sample, "silent")
    likely_gone = set(c.index[c["p_alive"] < 0.2])
    assert set(actions_of(sample, "call_now").index) == silent - likely_gone
    assert set(actions_of(sample, "reconnect").index) == silent & likely_gone
    assert (actions_of(sample, "reconnect")["priority"] == 3).all()
    assert set(actions_of(sample, "calm_response").index) == set(c.index[c["incidents_12m"] > 0]) == {"K9005", "K9009"}
    assert set(actions_of(sample, "discuss_leakage").index) == set(c.index[c["leakage_12m"] >= 500])
    # house rules follow the customer, whatever the segment
    assert c.loc["K0027", "segment"] == "champions" and c.loc["K9005", "segment"] == "silent"


def test_payment_reminder_quotes_the_arrears_and_the_payment_terms(sample):
    c = sample.customers.loc["K9002"]
    a = actions_of(sample, "payment_reminder").loc["K9002"]
    assert a["priority"] == 1 and a["owner"] == c["account_manager"] == "Joost de Haan"
    days = int(c["overdue_days_max"])
    assert days == 90                                       # the oldest of the three unpaid invoices
    assert a["reason"] == f"Huisregel: achterstallig bedrag € {c['overdue_amount']:,.0f}; oudste achterstand {days} dagen".replace(",", ".")
    assert a["numbers"] == f"overdue_amount={round(float(c['overdue_amount']), 6)!r}; overdue_days_max={days}"
    assert f"{days} dagen over de vervaldatum" in a["text"] and "betalingstermijn van 30 dagen" in a["text"]


def test_behaviour_incident_is_escalated_and_never_answered_in_kind(sample):
    a = actions_of(sample, "calm_response").loc["K9005"]
    assert a["priority"] == 1
    assert a["title"] == "Escaleer naar de directie — nooit terugslaan"
    assert "Meld het bij de directie" in a["text"] and "Spiegel het gedrag nooit" in a["text"]
    assert a["reason"] == "Huisregel: gedragsincidenten 12 mnd 1"


def test_every_action_has_priority_owner_reason_and_its_numbers_match_the_scores(sample):
    a, c = sample.actions, sample.customers
    assert a["priority"].between(1, 5).all()
    assert (a["owner"] == a["customer_id"].map(c["account_manager"])).all()
    assert a["reason"].str.match(r"^(Segment .+|Huisregel): .+").all()
    for _, row in a[a["numbers"] != ""].iterrows():
        for pair in row["numbers"].split("; "):
            name, value = pair.split("=")
            assert float(value) == pytest.approx(float(c.loc[row["customer_id"], name]), abs=1e-6), (row["action_id"], pair)


def test_parting_letters_are_personal_in_the_customers_language_with_a_matching_partner(sample_after_fix_advice):
    sample = sample_after_fix_advice
    letters = actions_of(sample, "exit_letter")
    c = sample.customers
    assert set(letters.index) == set(c.index[c["segment"] == "part_ways"])
    en = letters.loc["K9010"]
    # addressed to the contact person of the customers table
    assert en["language"] == "en" and en["text"].startswith("Dear Emma Clarke,\n")
    years = int(c.loc["K9010", "years_as_customer"])
    assert years == 3                                       # customer since 2022-09-01
    assert f"For {years} years, since 1 September 2022, we have worked with Brightline Events B.V." in en["text"]
    # the data start later than the relationship: the orders are counted since the first one in the data
    assert (f"Since 22 January 2024 alone we have had the pleasure of handling "
            f"{int(c.loc['K9010', 'orders_total'])} orders" in en["text"])
    assert f"with {c.loc['K9010', 'best_year']} as the high point: €{c.loc['K9010', 'best_year_revenue']:,.0f}" in en["text"]
    assert "Budgetprint Zuid" in en["text"]                 # no partner for Marketing: the general one
    nl = letters.loc["K9011"]
    assert nl["language"] == "nl" and nl["text"].startswith("Beste Ruud Verbeek,\n")
    # without a contact person: a business greeting, never "Beste <company>"
    assert letters.loc["K9006", "text"].startswith("Geachte heer, mevrouw,\n")
    # the reason is the customer's own: the services on which it cost most above the average active
    # customer, with how much it used them; and the door stays open
    assert "om ondersteuning (442 minuten), maatwerk (2 keer) en spoedorder (3 keer):" in nl["text"]
    assert "rush order (7 times), support (290 minutes) and complaint handling (3 times):" in en["text"]
    assert letters["text"].str.contains("onze deur blijft open|our door stays open").all()
    assert letters["text"].nunique() == len(letters)
    assert "Drukwerkportaal Nederland" in nl["text"]       # the partner for its sector, Retail
    assert "bestanden, drukproeven en specificaties" in nl["text"]
    # a letter thanks and helps; it never tells the customer what they cost us
    assert not letters["text"].str.contains("−|nettowinst|net profit").any()


def test_a_rule_quotes_only_the_branch_that_held(small_project):
    from conftest import SMALL_POLICY

    def reason_for_c(when: str) -> str:
        policy = SMALL_POLICY.replace('when: "net_profit_12m < 0"\n', f'when: "{when}"\n')
        (small_project / "policy.yaml").write_text(policy, encoding="utf-8")
        a = compute_report(small_project / "config.yaml").actions
        return a[(a["customer_id"] == "C") & (a["action_id"] == "talk")]["reason"].item()

    # C: net profit −50; burden score 90,4 (cost 150 between 0 and 166); value score 9,1
    assert reason_for_c("net_profit_12m < 0 or (burden_score >= 95 and value_score < 50)") == \
        "Segment Repareren: nettowinst 12 mnd −€ 50"
    assert reason_for_c("net_profit_12m < 0 or (burden_score >= 75 and value_score < 50)") == \
        "Segment Repareren: nettowinst 12 mnd −€ 50; lastscore 90,4; waardescore 9,1"


def test_silence_fires_a_call_in_any_segment(small_project):
    from conftest import SMALL_POLICY

    policy = SMALL_POLICY.replace("\nkpis:", '''
  - id: call
    title: {nl: Bel, en: Call}
    text: {nl: "Bel {{ name }}", en: "Call {{ name }}"}
    when: "silent"
    priority: 1
kpis:''')
    (small_project / "policy.yaml").write_text(policy, encoding="utf-8")
    report = compute_report(small_project / "config.yaml", lang="en")
    call = actions_of(report, "call")
    # last contact: C's support call 2026-02-01, D's purchase 2024-07-01, E's purchase 2025-12-01
    assert list(call.index) == ["C", "D", "E"]
    assert report.customers.loc[["C", "D", "E"], "segment"].tolist() == ["fix", "rest", "rest"]
    assert call.loc["C", "reason"] == "House rule: days since contact 149"
    assert call.loc["D", "reason"] == "House rule: days since contact 729"
    assert call.loc["D", "owner"] == "Joost"


def test_no_action_rests_on_a_zero_and_worklists_put_the_most_at_stake_first(sample):
    from generator.render.exports import actions_frame

    a, c = sample.actions, sample.customers
    of = lambda action_id: c.loc[actions_of(sample, action_id).index]   # noqa: E731
    assert (of("rush_conditions")["usage_rush_order_12m"] > 0).all()
    charged = of("charge_extras")
    assert ((charged["usage_rush_order_12m"] > 0) | (charged["usage_custom_work_12m"] > 0)).all()
    assert not (of("ask_referral")["nps"] <= 6).any()                   # no detractor is asked
    assert set(actions_of(sample, "listen").index) == set(c.index[c["nps"] <= 6])
    # impact: the euros the policy names for the action
    reminder = actions_of(sample, "payment_reminder").loc["K9002"]
    assert reminder["impact"] == pytest.approx(c.loc["K9002", "overdue_amount"])
    assert a.loc[a["action_id"] == "ask_referral", "impact"].isna().all()   # names no impact
    # actions.csv: per owner, safety rules first, then priority, then impact (largest first)
    w = actions_frame(sample).merge(a[["customer_id", "action_id", "safety"]], on=["customer_id", "action_id"])
    for _owner, rows in w.groupby("owner", sort=False):
        key = list(zip(~rows["safety"], rows["priority"], rows["impact"].isna(), -rows["impact"].fillna(0)))
        assert key == sorted(key)
    first = w[w["owner"] == c.loc["K9005", "account_manager"]].iloc[0]
    assert first["action_id"] == "calm_response"                        # the threat before anything else
