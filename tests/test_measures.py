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
    assert row(report, "D")["days_since_last_purchase"] == 698
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
    assert d["silent"]                         # 698 days > 90
    assert row(report, "B")["support_minutes_12m"] == 120


def test_rfm_quintiles_give_ties_equal_scores(report):
    c = report.customers
    assert c["R"].to_dict() == {"A": 4, "B": 5, "C": 3, "D": 1, "E": 2}
    # orders 2,1,1,0,1: B, C and E tie and share the average rank
    assert c["F"].to_dict() == {"A": 5, "B": 3, "C": 3, "D": 1, "E": 3}
    assert c["M"].to_dict() == {"A": 5, "B": 3, "C": 4, "D": 1, "E": 3}
    assert c["rfm_segment"].to_dict() == {"A": "Loyal customers", "B": "Potential loyalists",
                                          "C": "Loyal customers", "D": "Hibernating", "E": "At risk"}


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
    assert a.loc[("E", "pay"), "reason"] == "regel: late_payer"


def test_portfolio_kpis(report):
    k = report.kpis
    assert k["retention_rate"].value == 0.5    # A and D active before; only A bought again
    assert k["churned_customers"].value == 1   # D
    assert k["new_customers"].value == 3       # B, C and E first bought in the current window
    assert k["customers_active"].value == 4
    assert k["revenue_12m"].value == 3000 + 500 + 800 + 0 + 500


def test_report_dates(report):
    assert report.as_of == dt.date(2026, 6, 30)
    assert report.window_start == dt.date(2025, 7, 1)
    assert report.prev_window_start == dt.date(2024, 7, 1)
