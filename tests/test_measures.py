"""Measures, scores, segments and advice on the hand-made five-customer company.

Every expected number below is worked out by hand from conftest.SMALL_*;
report date 2026-06-30, current window 2025-07-01..2026-06-30, previous
window 2024-07-01..2025-06-30. Invoice F9 (15-07-2026) is after the report
date and must be left out.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from generator.pipeline import compute_report


@pytest.fixture
def report(small_project):
    return compute_report(small_project / "config.yaml")


def row(report, cid):
    return report.customers.loc[cid]


def test_revenue_margin_orders_by_window(report):
    a = row(report, "A")
    assert a["revenue_total"] == 4000          # 1000 + 1000 + 2000; F9 is after the report date
    assert a["revenue_12m"] == 3000            # Sep 2025 + Mar 2026
    assert a["revenue_prev_12m"] == 1000       # Mar 2025
    assert a["revenue_trend"] == pytest.approx(2.0)   # 3000 / 1000 − 1
    assert a["margin_12m"] == 1200             # 400 + 800
    assert a["orders_12m"] == 2
    assert a["avg_order_value_12m"] == 1500
    d = row(report, "D")
    assert d["revenue_12m"] == 0 and d["revenue_prev_12m"] == 300
    assert d["revenue_trend"] == pytest.approx(-1.0)


def test_credit_note_reduces_revenue_but_is_not_an_order(report):
    e = row(report, "E")
    assert e["revenue_12m"] == 500             # 600 − 100
    assert e["margin_12m"] == 200              # (600 − 300) + (−100 − 0)
    assert e["orders_12m"] == 1


def test_purchase_dates_and_customer_base_measures_in_days(report):
    a = row(report, "A")
    assert a["first_purchase"] == pd.Timestamp("2025-03-01")
    assert a["last_purchase"] == pd.Timestamp("2026-03-01")
    assert a["days_since_last_purchase"] == 121
    assert a["frequency"] == 2                 # three purchase days − 1
    assert a["recency_days"] == 365            # 2026-03-01 − 2025-03-01
    assert a["T_days"] == 486                  # 2026-06-30 − 2025-03-01
    assert row(report, "D")["days_since_last_purchase"] == 729   # 2026-06-30 − 2024-07-01
    assert row(report, "B")["frequency"] == 0 and row(report, "B")["recency_days"] == 0


def test_cost_to_serve_per_service_and_net_profit(report):
    a, b, c = row(report, "A"), row(report, "B"), row(report, "C")
    assert a["usage_rush_order_12m"] == 1 and a["cost_rush_order_12m"] == 50
    assert a["cost_to_serve_12m"] == 50 and a["net_profit_12m"] == 1150
    assert b["usage_support_12m"] == 120 and b["cost_support_12m"] == 120
    assert b["cost_to_serve_12m"] == 170       # one rush order (50) + 120 support minutes × 1
    assert b["net_profit_12m"] == -120         # margin 50 − 170
    assert c["net_profit_12m"] == -50          # margin 100 − (50 + 100)
    assert a["cost_to_serve_pct_12m"] == pytest.approx(50 / 3000)


def test_arrears_overdue_and_days_late(report):
    a, b, e = row(report, "A"), row(report, "B"), row(report, "E")
    assert a["days_late_max"] == 20            # F3 due 31-03-2026, paid 20-04-2026
    assert a["days_late_avg"] == 10            # F2 on time (0) and F3 (20)
    assert a["payment_trend"] == 10            # 10 now − 0 in the previous window
    assert a["overdue_amount"] == 0 and not a["late_payer"]
    assert b["overdue_amount"] == 0            # F4 is due 01-07-2026: not yet overdue
    assert e["overdue_amount"] == 600 and e["overdue_invoices"] == 1
    assert e["days_late_max"] == 181           # 30-06-2026 − 31-12-2025
    assert e["late_payer"]                     # 181 > 30 days


def test_relationship_contact_and_silence(report):
    a, d = row(report, "A"), row(report, "D")
    assert a["meetings_12m"] == 1
    assert a["last_contact"] == pd.Timestamp("2026-06-01")   # the meeting, after the last purchase
    assert a["days_since_contact"] == 29 and not a["silent"]
    assert d["silent"]                         # 729 days > 90
    assert row(report, "B")["support_minutes_12m"] == 120


def test_without_a_direction_silence_is_mutual(report):
    c = report.customers
    assert c["days_since_our_contact"].isna().all()
    assert report.unavailable["days_since_our_contact"].code == "unavailable.no_column"
    assert c["silent"].tolist() == [False, False, True, True, True]   # days since any contact > 90
    assert c["days_since_contact"].tolist() == [29, 29, 149, 729, 211]   # E: the credit note is no purchase


def test_with_a_direction_only_our_own_contacts_end_a_silence(small_project):
    # A: our meeting 1 Jun 2026 (29 days); C: an incoming complaint on 1 Jun 2026 ends the mutual
    # silence, not ours: we never reached out, and C has been a customer since 15 Jan 2026 (166
    # days > 90); D: our call on 1 Jun 2026 ends a silence of 729 days; B and E: never contacted
    # by us, customers for 29 (since 1 Jun 2026) and 211 days (since 1 Dec 2025).
    (small_project / "interactions.csv").write_text(
        "customer_id;date;kind;minutes;direction\n"
        "B;01-05-2026;support;120;in\nC;01-02-2026;support;100;inbound\nA;01-06-2026;meeting;30;uitgaand\n"
        "C;01-06-2026;complaint;;in\nD;01-06-2026;call;5;out\n", encoding="utf-8")
    c = compute_report(small_project / "config.yaml").customers
    assert c["days_since_contact"].tolist() == [29, 29, 29, 29, 211]
    ours = c["days_since_our_contact"]
    assert ours["A"] == 29 and ours["D"] == 29 and ours[["B", "C", "E"]].isna().all()
    assert c["tenure_days"].tolist() == [486, 29, 166, 729, 211]
    assert c["silent"].tolist() == [False, False, True, False, True]


def test_rfm_quintiles_give_ties_equal_scores(report):
    c = report.customers
    assert c["R"].to_dict() == {"A": 4, "B": 5, "C": 3, "D": 1, "E": 2}
    # orders 2,1,1,0,1: B, C and E tie and share the average rank
    assert c["F"].to_dict() == {"A": 5, "B": 3, "C": 3, "D": 1, "E": 3}
    assert c["M"].to_dict() == {"A": 5, "B": 3, "C": 4, "D": 1, "E": 3}
    assert c["rfm_segment"].to_dict() == {"A": "loyal", "B": "potential_loyalists",
                                          "C": "loyal", "D": "hibernating", "E": "at_risk"}


def test_value_score_is_robustly_scaled_margin(report):
    # margins 1200, 50, 100, 0, 200: 5th pct = 10, 95th pct = 1000
    c = report.customers
    assert c.loc["A", "value_score"] == 100
    assert c.loc["E", "value_score"] == pytest.approx(round((200 - 10) / 990 * 100, 1))
    assert c.loc["D", "value_score"] == 0
    assert c.loc["A", "value_band"] == "high" and c.loc["D", "value_band"] == "low"


def test_segment_choice_follows_rule_order_and_missing_value_rule(report):
    seg = report.customers["segment"].to_dict()
    assert seg == {"A": "top", "B": "exit", "C": "fix", "D": "rest", "E": "rest"}
    # C loses money but has no assessment: the exit rule is unknown, not true
    assert pd.isna(report.rules.loc["C", "exit"])
    assert bool(report.rules.loc["C", "fix"]) is True
    assert bool(report.rules.loc["B", "exit"]) is True


def test_leakage_is_cost_beyond_segment_and_contract_entitlement(report):
    c = report.customers
    assert c.loc["A", "leakage_12m"] == 0      # rush via segment 'top', support via contract
    assert c.loc["B", "leakage_12m"] == 50     # rush not entitled; support via contract 'basis'
    assert c.loc["C", "leakage_12m"] == 150    # no contract: rush 50 + support 100
    assert bool(c.loc["A", "entitled_rush_order"]) and not bool(c.loc["B", "entitled_rush_order"])


def test_recommendations_quote_numbers_and_follow_letter_language(report):
    a = report.actions.set_index(["customer_id", "action_id"])
    assert set(a.index) == {("A", "thanks"), ("B", "goodbye"), ("C", "talk"), ("E", "pay")}
    assert a.loc[("C", "talk"), "text"] == "Bespreek € 150 kosten met Charlie"
    # B prefers English: the letter follows the customer's language
    assert a.loc[("B", "goodbye"), "text"] == "Goodbye Bravo: −€120"
    assert a.loc[("E", "pay"), "text"] == "Echo: € 600 open"


def test_recommendations_say_why_with_the_numbers_and_who_acts(report):
    a = report.actions.set_index(["customer_id", "action_id"])
    # a house rule quotes the numbers behind 'late_payer', not the yes/no
    assert a.loc[("E", "pay"), "reason"] == "Huisregel: achterstallig bedrag € 600; oudste achterstand 181 dagen"
    assert a.loc[("E", "pay"), "numbers"] == "overdue_amount=600; overdue_days_max=181"
    # a playbook action quotes the segment's rule with the customer's values
    assert a.loc[("C", "talk"), "reason"] == "Segment Repareren: nettowinst 12 mnd −€ 50"
    assert a.loc[("B", "goodbye"), "reason"] == "Segment Afscheid: nettowinst 12 mnd −€ 120; prestige 1"
    assert a.loc[("A", "thanks"), "reason"] == "Segment Top: waardescore 100"
    assert a.loc[("A", "thanks"), "owner"] == "Sanne" and a.loc[("C", "talk"), "owner"] == "Joost"


def test_money_and_orders_over_both_windows_and_all_history(report):
    a, e = row(report, "A"), row(report, "E")
    assert a["margin_prev_12m"] == 400          # F1: 1000 − 600
    assert a["margin_total"] == 1600            # 400 + 400 + 800
    assert a["orders_prev_12m"] == 1 and a["orders_total"] == 3
    assert a["avg_order_value_prev_12m"] == 1000
    assert a["avg_order_value_total"] == pytest.approx(4000 / 3)
    assert e["orders_total"] == 1 and e["avg_order_value_total"] == 500   # (600 − 100) / 1 order
    assert pd.isna(row(report, "D")["avg_order_value_12m"])               # no orders this window


def test_best_year_takes_the_latest_of_equal_years_and_tenure_in_whole_years(report):
    a, d, e = row(report, "A"), row(report, "D"), row(report, "E")
    # A: 2025 = 1000 + 1000, 2026 = 2000 (up to the report date): equal, the latest wins
    assert a["best_year"] == "2026" and a["best_year_revenue"] == 2000
    assert e["best_year"] == "2025" and e["best_year_revenue"] == 600   # 2026 is only the credit note
    assert d["best_year"] == "2024" and d["best_year_revenue"] == 300
    assert a["years_as_customer"] == 1          # 486 days
    assert d["years_as_customer"] == 1          # 729 days: not yet 2 × 365.25


def test_oldest_arrear_in_days(report):
    assert row(report, "E")["overdue_days_max"] == 181
    assert row(report, "A")["overdue_days_max"] == 0    # nothing overdue


def test_portfolio_kpis(report):
    k = report.kpis
    assert k["retention_rate"].value == 0.5    # A and D active before; only A bought again
    assert k["churned_customers"].value == 1   # D
    assert k["new_customers"].value == 3       # B, C and E first bought in the current window
    assert k["customers_active"].value == 4
    assert k["revenue_12m"].value == 3000 + 500 + 800 + 0 + 500
    # revenue now from the customers active before (A 3000, D 0) / all revenue before (1000 + 300)
    assert k["revenue_retention"].value == pytest.approx(3000 / 1300)
    assert k["customers_active"].previous == 2 and k["revenue_12m"].previous == 1300
    assert k["net_profit_12m"].value == 1150 - 120 - 50 + 0 + 200
    assert k["net_profit_12m"].previous == 400 + 200    # margins of F1 and F6, no services used
    assert k["loss_making_customers"].value == 2        # B and C
    # comparing the previous window needs data from 2023-07-01: the data starts 2024-07-01
    assert k["retention_rate"].previous is None and k["new_customers"].previous is None


def test_portfolio_kpis_of_the_previous_window_when_the_data_reaches_back(small_project):
    tx = small_project / "transactions.csv"
    tx.write_text(tx.read_text(encoding="utf-8") + "F0;D;01-07-2023;200,00;100,00;standard;31-07-2023;31-07-2023\n",
                  encoding="utf-8")
    k = compute_report(small_project / "config.yaml").kpis
    # before 2023-07..2024-06: D; previous 2024-07..2025-06: A (new) and D (again)
    assert k["retention_rate"].previous == 1.0
    assert k["churned_customers"].previous == 0
    assert k["new_customers"].previous == 1
    assert k["revenue_retention"].previous == pytest.approx(300 / 200)
    assert k["customers_active"].previous == 2
    # the current window is unchanged by older data
    assert k["retention_rate"].value == 0.5 and k["new_customers"].value == 3


def test_whale_curve_ranks_by_net_profit_and_its_sums_add_up(report):
    from generator.model.measures import whale_curve

    curve = whale_curve(report.customers["net_profit_12m"])
    # net profit: A 1150, E 200, D 0, C −50, B −120; total 1180
    assert curve["customer_id"].tolist() == ["A", "E", "D", "C", "B"]
    assert curve["rank"].tolist() == [1, 2, 3, 4, 5]
    assert curve["cumulative_profit"].tolist() == [1150, 1350, 1350, 1300, 1180]
    assert curve["net_profit"].sum() == curve["cumulative_profit"].iloc[-1] == 1180
    assert curve["profit_share"].iloc[-1] == pytest.approx(1.0)
    assert curve["profit_share"].max() == pytest.approx(1350 / 1180)   # the peak before the loss-makers
    assert curve["customer_share"].tolist() == [0.2, 0.4, 0.6, 0.8, 1.0]
    assert report.whale["customer_id"].tolist() == curve["customer_id"].tolist()


def test_whale_curve_without_a_positive_total_has_no_shares():
    from generator.model.measures import whale_curve

    curve = whale_curve(pd.Series({"X": -10.0, "Y": 5.0, "Z": None}))
    assert curve["customer_id"].tolist() == ["Y", "X"]          # unknown profit is left out
    assert curve["cumulative_profit"].tolist() == [5.0, -5.0]
    assert curve["profit_share"].isna().all()


def test_nps_latest_answer_and_its_change(small_project):
    (small_project / "feedback.csv").write_text(
        "customer_id;date;nps\nA;01-01-2025;7\nA;01-01-2026;9\nB;01-03-2026;6\nA;01-07-2026;2\n", encoding="utf-8")
    config = small_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "  feedback: feedback.csv\n", encoding="utf-8")
    c = compute_report(config).customers
    assert c.loc["A", "nps"] == 9 and c.loc["A", "nps_change"] == 2   # the July answer is after the report date
    assert c.loc["B", "nps"] == 6 and pd.isna(c.loc["B", "nps_change"])  # one answer: no change
    assert pd.isna(c.loc["C", "nps"])


def test_referrals_are_interactions_of_kind_referral(small_project, report):
    assert pd.isna(report.customers.loc["A", "referrals_12m"])     # no referral in the data at all
    assert "referrals_12m" in report.unavailable
    inter = small_project / "interactions.csv"
    inter.write_text(inter.read_text(encoding="utf-8") + "A;01-03-2024;referral;\nA;01-04-2026;referral;\n"
                     "A;01-05-2026;referral;\n", encoding="utf-8")
    c = compute_report(small_project / "config.yaml").customers
    assert c.loc["A", "referrals_12m"] == 2 and c.loc["A", "referrals_total"] == 3
    assert c.loc["B", "referrals_12m"] == 0


def test_missing_score_components_are_left_out_and_the_weights_renormalised(small_project):
    from conftest import SMALL_POLICY

    policy = SMALL_POLICY.replace("value: {margin_12m: 1}", "value: {margin_12m: 3, prestige: 1}")
    (small_project / "policy.yaml").write_text(policy, encoding="utf-8")
    c = compute_report(small_project / "config.yaml").customers
    # normalised margin: (m − 10) / 990 × 100 (5th/95th percentiles 10 and 1000); prestige (p − 1) / 4 × 100
    assert c.loc["A", "value_score"] == 100                               # (100 × 3 + 100 × 1) / 4
    assert c.loc["B", "value_score"] == round((40 / 990 * 100) * 3 / 4, 1)   # prestige 1 → 0
    assert c.loc["C", "value_score"] == round(90 / 990 * 100, 1)          # no assessment: margin alone
    assert c.loc["C", "value_score_coverage"] == 0.75
    assert c.loc["A", "value_score_coverage"] == 1.0
    assert pd.isna(c.loc["C", "value_score__prestige"])


def test_report_dates(report):
    assert report.as_of == dt.date(2026, 6, 30)
    assert report.window_start == dt.date(2025, 7, 1)
    assert report.prev_window_start == dt.date(2024, 7, 1)


def test_customer_page_shows_the_renormalised_weights(small_project):
    from bs4 import BeautifulSoup
    from conftest import SMALL_POLICY

    from generator.pipeline import build

    policy = SMALL_POLICY.replace("value: {margin_12m: 1}", "value: {margin_12m: 3, prestige: 1}")
    (small_project / "policy.yaml").write_text(policy, encoding="utf-8")
    result = build(small_project / "config.yaml", small_project / "site")
    slug = result.report.customers.loc["C", "slug"]
    page = BeautifulSoup((small_project / "site" / "customers" / f"{slug}.html").read_text(encoding="utf-8"),
                         "html.parser")
    card = page.select(".scorecard__score")[0]                      # the value score
    header = [th.get_text(strip=True) for th in card.select("thead th")]
    rows = {tr.th.get_text(" ", strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in card.select("tbody tr")}
    effective = header.index("Effectief") - 1                       # the first column is a th
    assert rows["Marge 12 mnd"][effective] == "100\u00a0%"          # C has no assessment: margin alone
    assert rows["Prestige"][effective] == "—"
    assert "Berekend op 75\u00a0% van het gewicht" in card.get_text(" ", strip=True)


def test_a_zero_amount_order_is_a_purchase_and_a_credit_note_is_not(small_project):
    # F orders only free samples (amount 0) on two days and gets a credit note (never a purchase):
    # it has a first purchase, frequency, recency, T, p_alive and expected values all the same
    with open(small_project / "transactions.csv", "a", encoding="utf-8") as f:
        f.write("F10;F;01-01-2026;0,00;40,00;standard;;\nF11;F;01-04-2026;0,00;40,00;standard;;\n"
                "F12;F;01-05-2026;-50,00;0,00;standard;;\n")
    with open(small_project / "customers.csv", "a", encoding="utf-8") as f:
        f.write("F;Foxtrot;Sanne;basis;Retail;nl\n")
    r = compute_report(small_project / "config.yaml")
    f = row(r, "F")
    assert f["first_purchase"] == pd.Timestamp("2026-01-01")
    assert f["last_purchase"] == pd.Timestamp("2026-04-01")     # the credit note of May is no purchase
    assert f["frequency"] == 1 and f["recency_days"] == 90 and f["T_days"] == 180
    for name in ("p_alive", "expected_purchases_12m", "expected_revenue_12m"):
        assert pd.notna(f[name])
    assert f["revenue_12m"] == -50                               # credit notes still reduce revenue
    # E's credit note (F8, 01-02-2026) is not a purchase day either
    assert row(r, "E")["frequency"] == 0 and row(r, "E")["last_purchase"] == pd.Timestamp("2025-12-01")


def test_future_backtest_on_the_sample(sample_project):
    # issue 15: no one-time buyer whose only purchase is more than a year old is "still active" (>= 0.9),
    # and the backtest's figures are in the report
    r = compute_report(sample_project / "config.yaml")
    c = r.customers
    old_one_timers = (c["frequency"] == 0) & (c["T_days"] > 365)
    assert old_one_timers.any()
    assert (c.loc[old_one_timers, "p_alive"] < 0.9).all()
    bought = c["first_purchase"].notna()
    for name in ("frequency", "recency_days", "T_days", "p_alive", "expected_purchases_12m",
                 "expected_revenue_12m"):
        assert c.loc[bought, name].notna().all(), name
    bt = r.future_backtest
    assert bt is not None and bt.holdout_days == 365 and bt.customers > 200
    assert {m.model for m in bt.candidates} == {"mbgnbd", "pnbd", "simple", "bgnbd", "baseline"}
    rmse = {m.model: m.rmse for m in bt.candidates}
    assert rmse[bt.chosen] == min(rmse["mbgnbd"], rmse["pnbd"], rmse["simple"])   # the data decide
    if bt.chosen == "simple":
        assert r.future_method == "simple" and "backtest" in str(r.future_note)
    else:
        assert r.future_method.startswith(bt.chosen + "+") and r.future_params
