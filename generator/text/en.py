"""Every text of klantwaarde in English: the same keys and placeholders as
:mod:`generator.text.nl` (tests/test_i18n.py proves it).
"""
from __future__ import annotations

from generator.text.plural import Text, plural, sentence

TEXTS: dict[str, Text] = {
    # --- interface: layout
    "nav_label": "Main navigation",
    "nav_overview": "Overview",
    "nav_segments": "Segments",
    "nav_customers": "Customers",
    "nav_actions": "Actions",
    "nav_policy": "Policy",
    "nav_methodology": "Methodology",
    "nav_data_quality": "Data quality",
    "skip_to_content": "Skip to content",
    "report_date": "Report date",
    "generated": "Generated {when}",
    "footer_note": "Made with klantwaarde. This report works without an internet connection.",
    "chart_no_script": "The chart needs JavaScript; the figures are also in the text and tables.",
    "show_figures": "Show the figures",
    "unknown": "unknown",
    "yes": "yes",
    "no": "no",
    "band_low": "low",
    "band_mid": "mid",
    "band_high": "high",
    "priority": "Priority",
    "priority_n": "Priority {n}",
    "no_account_manager": "No account manager",
    "customer_id": "Customer id",
    "segment": "Segment",
    "total": "Total",
    "n_customers": plural("n", one="{n} customer", other="{n} customers"),
    "more_rows": "And {n} more.",
    # --- interface: overview
    "overview_title": "Overview",
    "overview_intro": plural(
        "n",
        one=(
            "This report shows what our {n} customer brings in and costs us. The figures cover the 12 months from "
            "{start} to {end}, compared with the 12 months before."),
        other=(
            "This report shows what our {n} customers bring in and cost us. The figures cover the 12 months from "
            "{start} to {end}, compared with the 12 months before.")),
    "data_period": "Data period",
    "data_period_value": "{start} to {end}",
    "current_window": "Period",
    "totals_title": "The figures at a glance",
    "customers_count": "Customers",
    "net_profit_explained": (
        "Net profit is margin minus the cost to serve (rush orders, custom work, support, complaints, visits): what "
        "a customer really brings in."),
    "no_margin_note": "Without cost of goods in the transactions, margin and net profit cannot be computed.",
    "kpis_title": "Focus KPIs",
    "kpis_intro": (
        "The few figures our policy says drive customer retention. We measure them in every report and learn from "
        "the outliers, not the average."),
    "kpi_change_since_report": "{change} since the report of {date}",
    "kpi_report_value": "Report of {date}: {value}",
    "kpi_change_window": "{change} compared with the previous 12 months",
    "kpi_previous_window": "Previous 12 months: {value}",
    "kpi_no_previous": "No comparison: no earlier report and no figure for the previous 12 months.",
    "kpis_since_report": "Compared with the previous report, of {date}.",
    "kpi_unknown_before": "Cannot be compared: unknown in the previous report and in the previous 12 months.",
    "kpis_no_report": (
        "There is no earlier report yet, so the KPIs are set, where known, against the 12 months before."),
    "kpis_report_without_kpis": (
        "The previous report, of {date}, did not store KPIs yet, so the KPIs are set, where known, against the 12 "
        "months before."),
    "percentage_points": plural("n", one="{n}\u00a0percentage point", other="{n}\u00a0percentage points"),
    "segments_title": "Segments",
    "segments_intro": (
        "Every customer is in exactly one segment: the first in the policy's order whose condition holds. The chart "
        "sets the share of customers beside the share of revenue."),
    "share_customers": "Share of customers",
    "share_revenue": "Share of revenue",
    "series_customers": "Customers",
    "series_revenue": "Revenue",
    "series_margin": "Margin",
    "chart_segments_label": "Bar chart: share of customers and share of revenue per segment",
    "quadrant_title": "Value versus burden",
    "quadrant_intro": (
        "Each dot is a customer, in its segment's colour. To the right more value (margin, knowledge, pleasure, "
        "network, prestige), upwards more burden (cost to serve, complaints, paying late). Click a dot to open the "
        "customer."),
    "quadrant_summary": sentence(
        "{hv_lb} {hv_lb_are} valuable and easy, {hv_hb} {hv_hb_are} valuable but demanding, {lv_hb} {lv_hb_take} "
        "much effort for little value and {lv_lb} {lv_lb_bring} little and {lv_lb_ask} little (split at score 50).",
        hv_lb_are=plural("hv_lb", one="customer is", other="customers are"),
        hv_hb_are=plural("hv_hb", one="is", other="are"),
        lv_hb_take=plural("lv_hb", one="takes", other="take"),
        lv_lb_bring=plural("lv_lb", one="brings", other="bring"),
        lv_lb_ask=plural("lv_lb", one="asks", other="ask")),
    "quadrant_missing": plural(
        "n",
        one="{n} customer without a value or burden score is not in the chart.",
        other="{n} customers without a value or burden score are not in the chart."),
    "q_axis_value": "Value score",
    "q_axis_burden": "Burden score",
    "q_axis_future": "Future score",
    "q_hv_lb": "Valuable, little burden",
    "q_hv_hb": "Valuable, demanding",
    "q_lv_hb": "Little value, demanding",
    "q_lv_lb": "Little value, little burden",
    "chart_quadrant_label": "Scatter chart: value score against burden score per customer",
    "whale_title": "Whale curve",
    "whale_intro": (
        "Customers ranked from most to least profitable. The line adds up their net profit as a share of total net "
        "profit. Where the line rises above 100%, the customers right of the peak eat part of the profit again."),
    "whale_summary": sentence(
        "The {top} profitable {top_customers} ({top_share} of all customers) {top_make} {peak} of total net profit. "
        "The {rest} loss-making {rest_customers} {rest_cost} {loss}.",
        top_customers=plural("top", one="customer", other="customers"),
        top_make=plural("top", one="makes", other="together make"),
        rest_customers=plural("rest", one="customer", other="customers"),
        rest_cost=plural("rest", one="costs", other="together cost")),
    "whale_summary_no_loss": "No customer makes a loss: the line rises to 100%.",
    "whale_unavailable": "The whale curve needs each customer's net profit, which is missing (see Data quality).",
    "whale_x": "Share of customers,\nmost to least profitable",
    "whale_y": "Cumulative share of net profit",
    "chart_whale_label": "Line chart: whale curve of net profit",
    "silent_title": "Silent customers",
    "silent_intro": sentence(
        "{n} {customers_have} not heard from us or bought anything for more than {days}\u00a0{days_unit}. Many "
        "relationships are lost because the supplier stays silent: call them. Below, the largest by revenue.",
        customers_have=plural("n", one="customer has", other="customers have"),
        days_unit=plural("days", one="day", other="days")),
    "silent_none": plural(
        "days",
        one="No silent customers: there was contact with everyone in the last {days}\u00a0day.",
        other="No silent customers: there was contact with everyone in the last {days}\u00a0days."),
    "silent_intro_ours": sentence(
        "We have not reached out to {n} {customers} for more than {days}\u00a0{days_unit} (their own orders, "
        "calls and complaints do not count). Many relationships are lost because the supplier stays silent: call "
        "them. Below, the largest by revenue.",
        customers=plural("n", one="customer", other="customers"),
        days_unit=plural("days", one="day", other="days")),
    "silent_none_ours": plural(
        "days",
        one="No silent customers: we reached out to everyone in the last {days}\u00a0day.",
        other="No silent customers: we reached out to everyone in the last {days}\u00a0days."),
    "arrears_title": "Overdue payments",
    "arrears_intro": sentence(
        "{n} {customers_have} an invoice more than {days}\u00a0{days_unit} past due; {together}{amount} is "
        "outstanding. Call in a friendly, concrete way.",
        customers_have=plural("n", one="customer has", other="customers have"),
        days_unit=plural("days", one="day", other="days"),
        together=plural("n", one="", other="together ")),
    "arrears_none": plural(
        "days",
        one="No customers with payments more than {days}\u00a0day overdue.",
        other="No customers with payments more than {days}\u00a0days overdue."),
    "leakage_title": "Service beyond entitlement",
    "leakage_intro": plural(
        "n",
        one=(
            "In the last 12 months we delivered {amount} of services that customers were not entitled to by their "
            "segment and contract, for {n} customer. Make it an agreement, with a price, or stop — consistently, "
            "because extras for one and not another frustrate customers."),
        other=(
            "In the last 12 months we delivered {amount} of services that customers were not entitled to by their "
            "segment and contract, for {n} customers. Make it an agreement, with a price, or stop — consistently, "
            "because extras for one and not another frustrate customers.")),
    "leakage_none": "No service beyond entitlement in the last 12 months.",
    "leakage_unavailable": "Service beyond entitlement cannot be computed without data on the use of services.",
    "top_actions_title": "Do first",
    "top_actions_intro": (
        "The actions with priority 1: safety rules (threats, incidents) first, then the most at stake in euros. All "
        "actions, by account manager, are on the Actions page."),
    "top_actions_none": "No priority 1 actions.",
    "all_actions_link": "All actions",
    "moves_title": "Moves since the previous report",
    "moves_intro": sentence(
        "{n} {n_customers_are} in a different segment than in the previous report; {new} {new_customers_are} new "
        "and {gone} {gone_are} no longer in it.",
        n_customers_are=plural("n", one="customer is", other="customers are"),
        new_customers_are=plural("new", one="customer is", other="customers are"),
        gone_are=plural("gone", one="is", other="are")),
    "moves_previous_date": "Previous report: {date}.",
    "moves_caption": (
        "Customers per segment in the previous report (rows) and now (columns). On the diagonal the customers who "
        "stayed."),
    "moves_corner": "Previous report ↓ · now →",
    "moves_new": "New",
    "moves_gone": "No longer in the report",
    "moves_stayed": "stayed",
    "outliers_title": "Outliers",
    "outliers_intro": (
        "Learn from outliers, not averages: the customers with the biggest change in revenue, the biggest losses "
        "and costs, the unhappiest customers and the complaints of those we lost, each with the figures that put "
        "them there."),
    "outliers_risers": "Biggest risers in revenue",
    "outliers_fallers": "Biggest fallers in revenue",
    "outliers_losses": "Biggest losses",
    "outliers_cost": "Highest cost to serve",
    "outliers_unhappy": "Unhappiest (lowest NPS score)",
    "outliers_churn_complaints": "Complaints before churn (customers who stopped buying this year)",
    "col_complaints_before_churn": "Complaints",
    "col_change": "Change",
    "quadrant_sampled": (
        "With {n} customers the chart would be a cloud of dots. The shaded cells show how many customers fall in "
        "each part (the darker, the more); the dots are a fixed sample of {shown} customers from every segment. "
        "Click a dot to open the customer; every customer is in the customer list."),
    "moves_none": "No customer changed segment since the previous report.",
    "col_from": "From",
    "col_to": "To",
    "col_count": "Count",
    "new_in_report": "(new)",
    # --- interface: shared table columns
    "col_name": "Name",
    "col_customer": "Customer",
    "col_segment": "Segment",
    "col_customers": "Customers",
    "col_action": "Action",
    "col_revenue_12m": "Revenue 12m",
    "col_net_profit_12m": "Net profit 12m",
    "col_value_score": "Value",
    "col_burden_score": "Burden",
    "col_future_score": "Future",
    "col_reason": "Why",
    "col_impact": "At stake",
    "col_service": "Service",
    "col_usage": "Usage",
    "col_cost": "Cost",
    "col_entitled": "Entitled",
    "col_beyond": "Beyond entitlement",
    "col_month": "Month",
    # --- interface: segment pages
    "segment_rule_n": "Rule {i} of {n}",
    "segment_condition": "Condition",
    "segment_catch_all": (
        "This is the last segment, the catch-all: it takes every customer for whom no earlier rule held."),
    "condition_names": "Measures used",
    "segment_entitlements": "Entitled to",
    "segment_entitlements_note": "On top of this comes what the customer's contract grants.",
    "segment_entitlements_none": "No services beyond the contract.",
    "segment_playbook": "Playbook",
    "segment_playbook_none": "No standard actions for this segment.",
    "segment_members": "Customers in this segment",
    "segment_members_intro": "Sorted by value score, highest first.",
    "segment_members_none": "There are no customers in this segment.",
    "segment_members_more": "Below the {shown} customers with the highest value score, of {n}.",
    "segment_members_all": plural(
        "n",
        one="The only customer of this segment in the customer list",
        other="All {n} customers of this segment in the customer list"),
    "segment_key_numbers": "Key figures",
    "segment_chart_title": "Value and burden",
    "avg_score": "Average {score}",
    "segments_overview_link": "All segments",
    # --- interface: customer index
    "customers_title": "Customers",
    "customers_intro": plural(
        "n",
        one=(
            "The only customer. Search by name or customer id, filter by segment or account manager, and click a "
            "column heading to sort."),
        other=(
            "All {n} customers. Search by name or customer id, filter by segment or account manager, and click a "
            "column heading to sort.")),
    "search_label": "Search",
    "search_placeholder": "Name or customer id",
    "filter_segment": "Segment",
    "filter_account_manager": "Account manager",
    "filter_all": "All",
    "filter_reset": "Clear filters",
    "count_template": plural("total", one="{shown} of {total} customer", other="{shown} of {total} customers"),
    "index_noscript": plural(
        "n",
        one=(
            "The customer list needs JavaScript to search {n} customer. Without JavaScript the customers are listed "
            "per segment on the segment pages, and every figure is in scores.csv."),
        other=(
            "The customer list needs JavaScript to search {n} customers. Without JavaScript the customers are "
            "listed per segment on the segment pages, and every figure is in scores.csv.")),
    "pager_label": "Page through the customer list",
    "pager_previous": "Previous",
    "pager_next": "Next",
    "pager_status": "{first}–{last} of {total}",
    "no_customers_found": "No customers found. Clear the filters or search for something else.",
    "filters_label": "Search and filter",
    # --- interface: customer page
    "back_to_customers": "All customers",
    "breadcrumb": "Breadcrumb",
    "customer_profile": "Profile",
    "tenure_value": "{since} ({tenure})",
    "tenure_years": plural("n", one="{n}\u00a0year", other="{n}\u00a0years"),
    "tenure_months": plural("n", one="{n}\u00a0month", other="{n}\u00a0months"),
    "tenure_new": "new",
    "previous_segment": "Segment in the previous report",
    "moved_from": "moved from {segment}",
    "new_since_previous": "new since the previous report",
    "trend_vs_previous": "previous 12 months: {value}",
    "trend_up": "up",
    "trend_down": "down",
    "trend_flat": "unchanged",
    "since_previous_report": "since the previous report",
    "payments_title": "Payments",
    "payments_overdue": "{amount} is outstanding past the due date.",
    "payments_none": "No invoices past their due date.",
    "payments_unknown": "Without due dates in the transactions, payment behaviour cannot be computed.",
    "timeline_title": "Contacts and purchases",
    "timeline_intro": "The last 12 months, newest first.",
    "timeline_cut": "Below the latest {n}.",
    "timeline_none": "No contact or purchases in the last 12 months.",
    "timeline_notes_hidden": "Notes on contacts are left out of this report (privacy: notes in config.yaml).",
    "col_date": "Date",
    "col_event": "What",
    "col_detail": "Details",
    "col_note": "Note",
    "purchase": "Purchase",
    "purchase_of": "Purchase ({kind})",
    "orders_n": plural("n", one="{n} order", other="{n} orders"),
    "minutes_n": "{n}\u00a0min",
    "severity_n": "severity {n}",
    "scorecard_title": "Scorecard",
    "scorecard_intro": (
        "Three scores from 0 to 100: value (what the customer brings us), burden (what the customer costs us in "
        "time and effort) and future. Below each score, where it comes from."),
    "col_component": "Component",
    "col_measured": "Measured",
    "col_normalised": "On a 0–100 scale",
    "col_weight": "Weight",
    "col_effective_weight": "Effective",
    "output_files_title": "Files for spreadsheets and scripts",
    "output_files_intro": (
        "Beside the pages, the site's root folder holds four files with the same figures, to compute further or to "
        "use in a script."),
    "score_coverage": (
        "Computed on {share} of the weight: the known components' weights are re-normalised (column Effective)."),
    "inverted_note": "lower counts as more",
    "component_missing": "missing — left out",
    "score_missing": "No score: none of the components is known.",
    "band_label": "band: {band}",
    "recommendations_title": "Recommendations",
    "recommendations_none": "No recommended actions for this customer.",
    "letter_title": "Draft letter",
    "copy": "Copy",
    "copied": "Copied",
    "trace_title": "How the segment was chosen",
    "trace_intro": (
        "The policy's rules, in order. The first rule that holds decides the segment. When a value is missing the "
        "outcome is 'unknown', which does not count as true."),
    "col_rule": "Rule",
    "col_result": "Outcome",
    "col_values": "This customer's values",
    "trace_true": "true",
    "trace_false": "false",
    "trace_unknown": "unknown",
    "trace_not_reached": "not reached",
    "trace_catch_all": "catch-all",
    "trace_chosen": "chosen",
    "monthly_title": "Revenue and margin by month",
    "monthly_intro": "The last 12 months (solid line) against the same months a year earlier (dashed).",
    "monthly_none": "No purchases in the last two years.",
    "period_current": "Last 12 months",
    "period_previous": "Year before",
    "chart_monthly_label": "Line chart: revenue and margin by month, this year and last year",
    "col_revenue_current": "Revenue",
    "col_revenue_previous": "Revenue year before",
    "col_margin_current": "Margin",
    "col_margin_previous": "Margin year before",
    "cost_title": "Cost to serve",
    "cost_intro": (
        "What serving this customer cost us in the last 12 months, per service, at the internal cost in the policy. "
        "'Beyond entitlement' is service that neither segment nor contract grants."),
    "cost_none": "No data on the use of services.",
    "per_unit": "{cost} per {unit}",
    "measures_title": "All measures",
    "measures_intro": "Everything computed for this customer, by topic. Definitions are on the Methodology page.",
    "late_payer_note": plural(
        "days",
        one="This customer pays late by the house rule ({days}\u00a0day).",
        other="This customer pays late by the house rule ({days}\u00a0days)."),
    # --- interface: actions page
    "actions_title": "Actions",
    "actions_intro": (
        "All recommended actions, by account manager and priority (1 = first); safety rules (threats, incidents) "
        "come first, and within a priority the most at stake in euros. Click a customer for the reasoning and, where "
        "needed, a draft letter."),
    "actions_none": "No recommended actions.",
    "actions_count": plural("n", one="{n} action", other="{n} actions"),
    "letter_on_page": "draft letter on the customer page",
    "actions_toc": "Account managers",
    "actions_paged_intro": (
        "There are {n} actions: too many for one page. So every account manager has pages of their own of at most "
        "{rows} actions, priority 1 first."),
    "actions_csv_note": "The complete list, one row per action, to filter in a spreadsheet:",
    "actions_by_manager": "By account manager",
    "actions_by_manager_intro": (
        "The number of actions per priority. Click a number to open the page where that priority begins; click the "
        "name for the first page."),
    "actions_priority_link": plural(
        "n",
        one="{n} priority {p} action of {name}",
        other="{n} priority {p} actions of {name}"),
    "col_total": "Total",
    "col_pages": "Pages",
    "actions_manager_title": "Actions for {name}",
    "actions_manager_intro": plural(
        "n",
        one="{n} recommended action, by priority (1 = first). Click a customer for the reasoning.",
        other="{n} recommended actions, by priority (1 = first). Click a customer for the reasoning."),
    "actions_page_status": "Page {n} of {total}: actions {first}–{last}.",
    "page_of": "page {n} of {total}",
    "actions_from_page": "from page {n}",
    "actions_pages_label": "Pages of actions for {name}",
    "actions_pager_top": "top",
    "actions_pager_bottom": "bottom",
    "actions_continued": "(continued)",
    "actions_back": "All account managers",
    # --- interface: policy page
    "policy_title": "Policy",
    "policy_intro": (
        "What we do and don't do, for whom, and what we recommend. This page comes straight from the policy file "
        "({company})."),
    "services_title": "What we do",
    "services_intro": "Our services and what one unit costs us internally.",
    "col_internal_cost": "Internal cost",
    "col_unit": "Unit",
    "we_dont_title": "What we don't do",
    "contracts_title": "Contracts",
    "contracts_intro": (
        "What each contract type entitles to. A customer's entitlement is its segment's plus its contract's."),
    "col_contract": "Contract",
    "col_entitlements": "Entitled to",
    "matrix_title": "Entitlements per segment",
    "matrix_intro": "Which services each segment gets, on top of the contract.",
    "entitled_mark": "entitled",
    "not_entitled_mark": "not entitled",
    "house_rules_title": "House rules",
    "payment_terms_rule": plural("n", one="Payment terms: {n}\u00a0day.", other="Payment terms: {n}\u00a0days."),
    "arrears_rule": plural(
        "n",
        one="An invoice unpaid more than {n}\u00a0day past its due date makes the customer a late payer.",
        other="An invoice unpaid more than {n}\u00a0days past its due date makes the customer a late payer."),
    "silence_rule": plural(
        "n",
        one="After {n}\u00a0day without a purchase or contact we call a customer silent.",
        other="After {n}\u00a0days without a purchase or contact we call a customer silent."),
    "silence_rule_ours": plural(
        "n",
        one="After {n}\u00a0day without contact from our side we call a customer silent.",
        other="After {n}\u00a0days without contact from our side we call a customer silent."),
    "fix_first_rule": (
        "Fix first: we only part with a customer an earlier report already put in the segment ‘{segment}’ "
        "(fix_first_met in the parting segment's rule)."),
    "segment_order_title": "Segments, in order",
    "segment_order_intro": "The first rule that holds decides the segment.",
    "actions_catalogue_title": "Actions",
    "action_condition": "Also recommended to every customer for whom:",
    "partners_title": "Referral partners",
    "partners_intro": "Suppliers we refer customers to when we part ways.",
    "col_partner": "Partner",
    "col_sector": "Sector",
    "col_contact": "Contact",
    "col_partner_note": "Note",
    "any_sector": "any sector",
    "letter_action": "with draft letter",
    # --- interface: methodology page
    "methodology_title": "Methodology",
    "methodology_intro": (
        "How this report was computed: the scores, the segment rule, RFM, future value and the definition of every "
        "measure."),
    "scores_title": "Scores",
    "scores_intro": (
        "Each score is a weighted mean of components, each first converted to a 0 to 100 scale. The components and "
        "weights come from the policy."),
    "normalisation_title": "From measure to 0–100",
    "norm_robust": (
        "Amounts, counts and ratios: robust min–max between the 5th and 95th percentile across all customers. The "
        "5th percentile becomes 0, the 95th becomes 100, linear in between; outliers are capped at 0 or 100. When "
        "those percentiles are equal (0 incidents for nearly everyone), between the lowest and the highest value. "
        "NPS (0–10) linearly: 0 → 0, 10 → 100."),
    "norm_rating": "Ratings 1–5: linear to 0–100 (1 → 0, 3 → 50, 5 → 100).",
    "norm_probability": "Probabilities (0–1): times 100.",
    "norm_inverted": (
        "Inverted components (lower counts as more): 100 minus the normalised value. In this policy: {names}."),
    "norm_inverted_none": "Inverted components: none in this policy.",
    "norm_missing": (
        "When a component is missing for a customer (say, no assessment) it is left out and the weights of the "
        "other components are renormalised. When all components are missing, so is the score. A component that is "
        "the same for every customer says nothing about any of them: it is missing for this report (never 50 for "
        "everyone)."),
    "bands_text": "Bands: low below {low}, high from {high}, mid in between.",
    "col_score": "Score",
    "col_share": "Share",
    "segments_rule_title": "The segment rule",
    "segments_rule_text": (
        "The policy's segments are tried in order; the first whose condition is true wins. The last segment has no "
        "condition and takes every other customer."),
    "segments_missing_rule": (
        "Missing values: a comparison with a missing value is 'unknown', 'not unknown' is unknown too, and a rule "
        "only counts when it is really true. So a customer without an assessment is never 'low on prestige'."),
    "rfm_title": "RFM",
    "rfm_text": (
        "R (recency), F (frequency) and M (monetary) are quintile scores from 1 to 5 across all customers who ever "
        "bought: R from days since the last purchase (fewer days is higher), F from the number of orders and M from "
        "revenue in the last 12 months. Equal values get equal scores. The RFM segment follows from R and FM, the "
        "mean of F and M (rounded half up):"),
    "rfm_grid_caption": "RFM segment per combination of R (rows) and FM (columns)",
    "future_title": "Future value",
    "future_method": "Method used: {method}.",
    "method_kpis_title": "Focus KPIs and the previous report",
    "method_kpis_text": (
        "The overview shows the policy's focus KPIs. Every build stores its KPI values in the history (config: "
        "history), beside each customer's segment and scores. A KPI is set against the previous report: the most "
        "recent stored build with an earlier report date. The change is the value now minus the value in that "
        "report, shown with that report's date. Without an earlier report, or when it did not store that KPI yet, "
        "the KPI is set against the 12 months before the current period, and says so. Point-in-time KPIs (silent "
        "customers, late payers, overdue) have no previous period: only an earlier report can compare them."),
    "future_method_bgnbd": "BG/NBD for the number of purchases and Gamma-Gamma for the value per purchase",
    "future_method_simple": "simple method (see below why)",
    "catalogue_title": "All measures",
    "catalogue_intro": (
        "Every measure computed per customer, with its unit and definition. Conditions in the policy use the names "
        "in the second column."),
    "col_label": "Measure",
    "col_code": "Name",
    "col_kind": "Unit",
    "col_definition": "Definition",
    "col_sources": "Sources",
    "kind_money": "amount ({currency})",
    "kind_number": "number",
    "kind_count": "count",
    "kind_days": "days",
    "kind_ratio": "ratio (%)",
    "kind_rating": "rating 1–5",
    "kind_score": "score 0–100",
    "kind_probability": "probability (%)",
    "kind_date": "date",
    "kind_text": "text",
    "kind_bool": "yes/no",
    # --- interface: data quality page
    "dq_title": "Data quality",
    "dq_intro": (
        "What was read, what was rejected and why, and which measures could not be computed. Check this before "
        "drawing conclusions."),
    "warnings_title": "Warnings",
    "warnings_none": "No warnings.",
    "unavailable_title": "Unavailable measures",
    "unavailable_intro": "These measures could not be computed; they are missing from scores, rules and pages.",
    "unavailable_none": "Every measure could be computed.",
    "tables_title": "Tables",
    "table_not_given": "Not provided.",
    "dq_files": "Files",
    "dq_rows_read": "Rows read",
    "dq_rows_used": "Rows used",
    "dq_rows_rejected": "Rows rejected",
    "dq_date_range": "Date range",
    "dq_sniffed": "Detected format",
    "dq_rejected_title": "Rejected rows",
    "dq_rejected_none": "No rows rejected.",
    "dq_examples": "Examples",
    "dq_missing_title": "Missing values",
    "dq_missing_none": "No missing values.",
    "dq_columns_title": "Columns",
    "col_column": "Column",
    "col_in_file": "In the file",
    "col_missing": "Missing",
    "col_rows": "Rows",
    "col_setting": "Setting",
    "col_value": "Value",
    "table_transactions": "Transactions",
    "table_customers": "Customers",
    "table_interactions": "Interactions",
    "table_assessments": "Assessments",
    "table_feedback": "Feedback",
    # --- service units (policy: services[].unit); other units are shown as written
    "unit.order": "order",
    "unit.orders": "orders",
    "unit.minute": "minute",
    "unit.minutes": "minutes",
    "unit.hour": "hour",
    "unit.hours": "hours",
    "unit.complaint": "complaint",
    "unit.visit": "visit",
    "unit.review": "review",
    "unit.call": "call",
    "unit.delivery": "delivery",
    "unit.ticket": "ticket",
    "unit.item": "item",
    "unit.day": "day",
    # --- interaction kinds (interactions.kind) on the contact timeline; others are shown as written
    "interaction.call": "Phone call",
    "interaction.email": "Email",
    "interaction.support": "Support",
    "interaction.complaint": "Complaint",
    "interaction.meeting": "Meeting",
    "interaction.visit": "Visit",
    "interaction.review": "Account review",
    "interaction.incident": "Incident",
    "interaction.referral": "Referral",
    # --- order types (transactions.order_type); others are shown as written
    "order_type.standard": "standard",
    "order_type.rush": "rush",
    "order_type.custom": "custom",
    # --- measure groups
    "group.profile": "Customer profile",
    "group.money": "Revenue and margin",
    "group.activity": "Purchase behaviour",
    "group.rfm": "RFM",
    "group.cost": "Cost to serve",
    "group.arrears": "Payment behaviour",
    "group.relationship": "Relationship",
    "group.soft": "Soft value",
    "group.future": "Future value",
    "group.score": "Scores and segment",
    # --- measures: label and definition
    "measure.name.label": "Name",
    "measure.name.definition": "Customer name (customers table).",
    "measure.account_manager.label": "Account manager",
    "measure.account_manager.definition": "Responsible account manager.",
    "measure.sector.label": "Sector",
    "measure.sector.definition": "The customer's sector or industry.",
    "measure.region.label": "Region",
    "measure.region.definition": "The customer's region.",
    "measure.contract.label": "Contract",
    "measure.contract.definition": "Contract type; part of the entitlements (policy: contracts).",
    "measure.language.label": "Language",
    "measure.language.definition": "Preferred language for letters ('nl' or 'en').",
    "measure.contact_name.label": "Contact person",
    "measure.contact_name.definition": (
        "The person letters are addressed to (optional column contact_name of the customers table); without one, "
        "letters open with a business greeting. Left out of an anonymised report."),
    "measure.customer_since.label": "Customer since",
    "measure.customer_since.definition": "Start of the relationship (customers table), else the first purchase.",
    "measure.tenure_days.label": "Tenure (days)",
    "measure.tenure_days.definition": "Report date − customer since, in days.",
    "measure.years_as_customer.label": "Years as customer",
    "measure.years_as_customer.definition": "Tenure in whole years: tenure (days) / 365.25, rounded down.",
    "measure.revenue_total.label": "Revenue, all history",
    "measure.revenue_total.definition": (
        "Sum of amounts (excl. VAT; credit notes negative) of all transactions up to the report date."),
    "measure.revenue_12m.label": "Revenue, 12 months",
    "measure.revenue_12m.definition": "Sum of amounts in the 12 months up to the report date.",
    "measure.revenue_prev_12m.label": "Revenue, previous 12 months",
    "measure.revenue_prev_12m.definition": "Sum of amounts in the 12 months before that.",
    "measure.margin_prev_12m.label": "Margin, previous 12 months",
    "measure.margin_prev_12m.definition": (
        "Revenue − cost of goods in the 12 months before that; missing without cost data."),
    "measure.margin_total.label": "Margin, all history",
    "measure.margin_total.definition": (
        "Revenue − cost of goods of all transactions up to the report date; missing without cost data."),
    "measure.revenue_trend.label": "Revenue trend",
    "measure.revenue_trend.definition": "revenue_12m / revenue_prev_12m − 1; missing when the previous window is 0.",
    "measure.margin_12m.label": "Margin, 12 months",
    "measure.margin_12m.definition": (
        "Revenue − cost of goods (column cost) of the transactions in the 12 months up to the report date; missing "
        "without cost data."),
    "measure.margin_pct_12m.label": "Margin rate",
    "measure.margin_pct_12m.definition": "margin_12m / revenue_12m; missing when revenue is 0 or negative.",
    "measure.orders_12m.label": "Orders, 12 months",
    "measure.orders_12m.definition": (
        "Number of orders in the 12 months up to the report date: invoices (invoice_id) or, without invoice "
        "numbers, transaction rows; credit notes excluded."),
    "measure.orders_prev_12m.label": "Orders, previous 12 months",
    "measure.orders_prev_12m.definition": "Number of orders in the 12 months before that (same count).",
    "measure.orders_total.label": "Orders, all history",
    "measure.orders_total.definition": "Number of orders in all history up to the report date (same count).",
    "measure.avg_order_value_12m.label": "Average order value",
    "measure.avg_order_value_12m.definition": "revenue_12m / orders_12m.",
    "measure.avg_order_value_prev_12m.label": "Average order value, previous 12 months",
    "measure.avg_order_value_prev_12m.definition": "revenue_prev_12m / orders_prev_12m; missing without orders.",
    "measure.avg_order_value_total.label": "Average order value, all history",
    "measure.avg_order_value_total.definition": "revenue_total / orders_total; missing without orders.",
    "measure.best_year.label": "Best year",
    "measure.best_year.definition": (
        "The calendar year with the highest revenue in all history (a running year counts up to the report date; on "
        "equal revenue the latest year); missing when no year had positive revenue."),
    "measure.best_year_revenue.label": "Revenue in the best year",
    "measure.best_year_revenue.definition": "Revenue in the best year.",
    "measure.first_purchase.label": "First purchase",
    "measure.first_purchase.definition": "Date of the first purchase: a transaction with an amount ≥ 0 (credit notes do not count).",
    "measure.last_purchase.label": "Last purchase",
    "measure.last_purchase.definition": "Date of the last purchase: a transaction with an amount ≥ 0 (credit notes do not count).",
    "measure.days_since_last_purchase.label": "Days since last purchase",
    "measure.days_since_last_purchase.definition": "Report date − last purchase.",
    "measure.frequency.label": "Frequency (repeat purchases)",
    "measure.frequency.definition": "Number of distinct purchase days (amount ≥ 0) − 1 (customer-base analysis, MBG/NBD and Pareto/NBD).",
    "measure.recency_days.label": "Days first to last purchase",
    "measure.recency_days.definition": (
        "Last − first purchase day, in days: the customer's age at their last repeat purchase ('recency' in "
        "MBG/NBD and Pareto/NBD). Not the same as Days since last purchase (report date − last purchase day); "
        "the two add up to Days since first purchase."),
    "measure.T_days.label": "Days since first purchase (T)",
    "measure.T_days.definition": "Report date − first purchase day, in days.",
    "measure.R.label": "R score",
    "measure.R.definition": (
        "Quintile (1–5) of days since last purchase, over the customers with a purchase: fewer days → higher. Score "
        "= ⌈5 × average rank / number of customers⌉, the customer with the most days having rank 1; equal values "
        "share their average rank and so get equal scores."),
    "measure.F.label": "F score",
    "measure.F.definition": "Quintile (1–5) of orders_12m (same method; the smallest value has rank 1).",
    "measure.M.label": "M score",
    "measure.M.definition": "Quintile (1–5) of revenue_12m (same method; the smallest value has rank 1).",
    "measure.rfm_segment.label": "RFM segment",
    "measure.rfm_segment.definition": (
        "Standard RFM segment from R and FM = (F + M) / 2 rounded half up (see the table on this page). Conditions, "
        "scores.csv and report.json hold its code (e.g. at_risk for At risk; see docs/glossary.md)."),
    "measure.cost_to_serve_12m.label": "Cost to serve, 12 months",
    "measure.cost_to_serve_12m.definition": (
        "Sum over all policy services: usage in the 12 months up to the report date × internal cost per unit."),
    "measure.cost_to_serve_pct_12m.label": "Cost to serve / revenue",
    "measure.cost_to_serve_pct_12m.definition": "cost_to_serve_12m / revenue_12m.",
    "measure.net_profit_12m.label": "Net profit, 12 months",
    "measure.net_profit_12m.definition": "margin_12m − cost_to_serve_12m. Without cost of goods it is missing.",
    "measure.leakage_12m.label": "Beyond entitlement 12 mo",
    "measure.leakage_12m.definition": (
        "Cost of services the customer used without being entitled to them (entitlement = segment ∪ contract)."),
    "measure.net_profit_if_charged_12m.label": "Net profit if charged, 12 mo",
    "measure.net_profit_if_charged_12m.definition": (
        "net_profit_12m + leakage_12m: the net profit had every service beyond the entitlement (segment ∪ "
        "contract) been billed at the policy's internal cost. In a segment's rule the entitlement is that "
        "segment's (as if the customer were in it); afterwards that of the segment the customer lands in. Below "
        "zero: even charging would not make the customer profitable."),
    "measure.overdue_amount.label": "Overdue amount",
    "measure.overdue_amount.definition": "Sum of invoices past their due date and unpaid at the report date.",
    "measure.overdue_invoices.label": "Overdue invoices",
    "measure.overdue_invoices.definition": "Number of invoices past due and unpaid at the report date.",
    "measure.overdue_days_max.label": "Oldest arrear (days)",
    "measure.overdue_days_max.definition": (
        "Days the oldest unpaid invoice is past its due date at the report date; 0 without arrears."),
    "measure.days_late_max.label": "Max. days late",
    "measure.days_late_max.definition": (
        "Largest number of days past the due date (paid: paid − due; unpaid: report date − due) over invoices due "
        "in the 12 months up to the report date; paying early counts as 0."),
    "measure.days_late_avg.label": "Avg. days late",
    "measure.days_late_avg.definition": "Mean of the same days late, per invoice.",
    "measure.payment_trend.label": "Payment trend",
    "measure.payment_trend.definition": (
        "Avg. days late in the last 12 months − the 12 months before; positive = paying later."),
    "measure.late_payer.label": "Late payer",
    "measure.late_payer.definition": (
        "True when the overdue amount > 0 and the oldest arrear exceeds the house rule arrears_days."),
    "measure.complaints_12m.label": "Complaints, 12 months",
    "measure.complaints_12m.definition": "Interactions of kind 'complaint' in the 12 months up to the report date.",
    "measure.incidents_12m.label": "Behaviour incidents, 12 months",
    "measure.incidents_12m.definition": (
        "Interactions of kind 'incident' (threats, intimidation, withholding payment) in the 12 months up to the "
        "report date."),
    "measure.support_minutes_12m.label": "Support minutes, 12 months",
    "measure.support_minutes_12m.definition": (
        "Sum of minutes of interactions of kind 'support' in the 12 months up to the report date."),
    "measure.meetings_12m.label": "Meetings, 12 months",
    "measure.meetings_12m.definition": (
        "Interactions of kind 'meeting', 'visit' or 'review' in the 12 months up to the report date."),
    "measure.last_contact.label": "Last contact",
    "measure.last_contact.definition": "Latest date of any interaction or purchase.",
    "measure.days_since_contact.label": "Days since contact",
    "measure.days_since_contact.definition": "Report date − last contact.",
    "measure.days_since_our_contact.label": "Days since our contact",
    "measure.days_since_our_contact.definition": (
        "Report date − our last outgoing contact (interactions with direction = out). Missing without a "
        "direction column, and for a customer we never reached out to."),
    "measure.silent.label": "Silent",
    "measure.silent.definition": (
        "With a direction column in the interactions only our own silence counts: true when our last outgoing "
        "contact (days_since_our_contact) is longer ago than the house rule silence_days, or — never contacted by "
        "us — the relationship (tenure) is older than that; a purchase or an incoming complaint then does not "
        "count. Without that column silence is mutual: true when the last contact from either side (purchase or "
        "interaction, days_since_contact) is longer ago than silence_days."),
    "measure.nps.label": "NPS score",
    "measure.nps.definition": "Latest recommendation score (0–10) from feedback.",
    "measure.nps_change.label": "NPS change",
    "measure.nps_change.definition": (
        "Latest minus the customer's previous recommendation score; missing with fewer than two answers."),
    "measure.csat.label": "CSAT",
    "measure.csat.definition": (
        "The customer's latest satisfaction score (column csat of the feedback table, on the scale it was asked "
        "in). As a score component it is scaled like any other number, between its 5th and 95th percentile."),
    "measure.knowledge.label": "Knowledge",
    "measure.knowledge.definition": (
        "What we learn from the customer: knowledge and experience (1–5, latest assessment)."),
    "measure.pleasure.label": "Pleasure",
    "measure.pleasure.definition": "Pleasure in working together (1–5, latest assessment).",
    "measure.network.label": "Network",
    "measure.network.definition": "Network value: referrals, word of mouth, ambassadorship (1–5).",
    "measure.referrals_12m.label": "Referrals, 12 months",
    "measure.referrals_12m.definition": (
        "Observed network value: interactions of kind 'referral' (the customer brought us a new customer or lead) "
        "in the 12 months up to the report date. Missing when the data has no referrals."),
    "measure.referrals_total.label": "Referrals, all history",
    "measure.referrals_total.definition": "Interactions of kind 'referral' in all history up to the report date.",
    "measure.prestige.label": "Prestige",
    "measure.prestige.definition": "A name that attracts others (1–5, latest assessment).",
    "measure.potential.label": "Potential",
    "measure.potential.definition": "Estimated growth potential (1–5, latest assessment).",
    "measure.assessment_date.label": "Assessment date",
    "measure.assessment_date.definition": "Date of the latest assessment.",
    "measure.expected_purchases_12m.label": "Expected purchases, 12 months",
    "measure.expected_purchases_12m.definition": (
        "Expected number of purchase days in the next 365 days (the model the backtest chose, see Future value)."),
    "measure.expected_revenue_12m.label": "Expected revenue, 12 months",
    "measure.expected_revenue_12m.definition": (
        "Expected purchases × expected average purchase value (Gamma-Gamma); where the rate changed in the last "
        "12 months, those months count (see Backtest)."),
    "measure.p_alive.label": "Probability alive",
    "measure.p_alive.definition": (
        "Probability that the customer is still active under the model the backtest chose (MBG/NBD or "
        "Pareto/NBD; see Future value), or the simple method's activity factor."),
    "measure.value_score.label": "Value score",
    "measure.value_score.definition": "Weighted mean of normalised value components (policy: scores.value).",
    "measure.burden_score.label": "Burden score",
    "measure.burden_score.definition": "Weighted mean of normalised burden components (policy: scores.burden).",
    "measure.future_score.label": "Future score",
    "measure.future_score.definition": "Weighted mean of normalised future components (policy: scores.future).",
    "measure.value_band.label": "Value band",
    "measure.value_band.definition": "low / mid / high by the policy's bands.",
    "measure.burden_band.label": "Burden band",
    "measure.burden_band.definition": "low / mid / high by the policy's bands.",
    "measure.future_band.label": "Future band",
    "measure.future_band.definition": "low / mid / high by the policy's bands.",
    "measure.value_score_coverage.label": "Value score coverage",
    "measure.value_score_coverage.definition": (
        "Share of the weights of scores.value whose component is known. Missing components are left out and the "
        "remaining weights re-normalised by this share (effective weight = weight / (sum of weights × coverage))."),
    "measure.burden_score_coverage.label": "Burden score coverage",
    "measure.burden_score_coverage.definition": "The same for scores.burden.",
    "measure.future_score_coverage.label": "Future score coverage",
    "measure.future_score_coverage.definition": "The same for scores.future.",
    "measure.previous_segment.label": "Previous segment",
    "measure.fix_advised_since.label": "Fix advised since",
    "measure.fix_advised_since.definition": (
        "The first earlier report date (history, all earlier builds) that put the customer in the fix segment "
        "(house rule fix_segment, default fix): since then we advised a fix. Missing when no earlier report did, "
        "so always in a first report."),
    "measure.fix_advised.label": "Fix advised",
    "measure.fix_advised.definition": (
        "True when an earlier report put the customer in the fix segment (fix_advised_since known); false "
        "otherwise, also without earlier reports."),
    "measure.fix_first_met.label": "Fix tried first",
    "measure.fix_first_met.definition": (
        "The house rule fix_first is met: an earlier report advised a fix (fix_advised), or the policy sets "
        "fix_first: false. For the rule of the parting segment."),
    "measure.previous_segment.definition": (
        "The segment in the previous report: the most recent stored build with an earlier report date (history); "
        "missing without a previous report or when the customer was not in it."),
    "measure.value_score_change.label": "Value score change",
    "measure.value_score_change.definition": "Value score now − value score in the previous report.",
    "measure.burden_score_change.label": "Burden score change",
    "measure.burden_score_change.definition": "Burden score now − burden score in the previous report.",
    "measure.future_score_change.label": "Future score change",
    "measure.future_score_change.definition": "Future score now − future score in the previous report.",
    "measure.segment.label": "Segment",
    "measure.segment.definition": "The first policy segment whose condition is true.",
    # --- the two measures of each policy service
    "service_measure.usage.label": "Usage: {service}",
    "service_measure.usage.definition": (
        "Units ({unit}) of the service {service} (id '{service_id}') in the 12 months up to the report date, "
        "counted as the policy says."),
    "service_measure.cost.label": "Cost: {service}",
    "service_measure.cost.definition": "Usage × internal cost per {unit} of {service} (id '{service_id}').",
    # --- portfolio KPIs (policy: kpis)
    "kpi.retention_rate": "Customer retention",
    "kpi.revenue_retention": "Revenue retention",
    "kpi.customers_active": "Active customers",
    "kpi.new_customers": "New customers",
    "kpi.churned_customers": "Churned customers",
    "kpi.revenue_12m": "Revenue, 12 months",
    "kpi.net_profit_12m": "Net profit, 12 months",
    "kpi.cost_to_serve_12m": "Cost to serve",
    "kpi.leakage_12m": "Service beyond entitlement",
    "kpi.silent_customers": "Silent customers",
    "kpi.late_payers": "Late payers",
    "kpi.overdue_amount": "Overdue",
    "kpi.loss_making_customers": "Loss-making customers",
    # --- the policy file's keys: what each one means
    "policy_key.PolicyModel.version": "Version of the policy format: 1.",
    "policy_key.PolicyModel.company": "Who we are.",
    "policy_key.Company.name": "The company's name.",
    "policy_key.Company.signature": "Who signs letters.",
    "policy_key.PolicyModel.services": "What we do, with the internal cost per unit and how use is counted.",
    "policy_key.Service.id": "Short name used in entitlements and measure names (usage_<id>_12m, cost_<id>_12m).",
    "policy_key.Service.name": "The service's name.",
    "policy_key.Text.nl": "The Dutch text.",
    "policy_key.Text.en": "The English text.",
    "policy_key.Service.cost": "Internal cost of one unit, in the report's currency, excluding VAT.",
    "policy_key.Service.unit": "What one unit is: order, minute, visit, complaint, review, hour …",
    "policy_key.Service.usage": "How the use of the service is counted.",
    "policy_key.Usage.table": "The table whose rows count as use of the service.",
    "policy_key.Usage.where": (
        "Condition on the table's columns that picks the rows, e.g. \"order_type == 'rush'\". Columns: "
        "transactions: amount, cost, order_type, quantity, invoice_id; interactions: kind, minutes, severity, note. "
        "Absent: every row."),
    "policy_key.Usage.sum": "A numeric column to add up over those rows (e.g. minutes); absent: count the rows.",
    "policy_key.PolicyModel.we_dont": "What we explicitly do not do, for anyone.",
    "policy_key.PolicyModel.contracts": "Contract types and their entitlements.",
    "policy_key.Contract.id": "The contract as it appears in the customers table's contract column.",
    "policy_key.Contract.name": "The contract's name.",
    "policy_key.Contract.entitlements": (
        "Service ids a customer on this contract is entitled to, whatever its segment."),
    "policy_key.Contract.description": "Optional explanation.",
    "policy_key.PolicyModel.house_rules": "Payment terms, thresholds and behaviour rules.",
    "policy_key.HouseRules.payment_terms_days": (
        "Days after the invoice date a payment is due, when the data has no due date."),
    "policy_key.HouseRules.arrears_days": (
        "Days past due after which an unpaid invoice makes the customer a late payer."),
    "policy_key.HouseRules.silence_days": "Days without a purchase or contact after which a customer is silent.",
    "policy_key.HouseRules.fix_first": (
        "Fix first, part only after that (default true): fix_first_met holds only for customers an earlier "
        "report put in the fix segment. With false, fix_first_met holds for everyone."),
    "policy_key.HouseRules.fix_segment": (
        "The segment whose advice counts as a fix (default fix); the source of fix_advised_since."),
    "policy_key.HouseRules.rules": "Behaviour rules, shown on the policy page.",
    "policy_key.PolicyModel.scores": "The three scores and their weights.",
    "policy_key.Scores.value": (
        "What a customer brings: measure → weight. Weights are relative (4, 1, 1 gives 67%, 17%, 17%)."),
    "policy_key.Scores.burden": "What a customer costs us in time and effort: measure → weight.",
    "policy_key.Scores.future": "What a customer may bring in future: measure → weight.",
    "policy_key.Scores.bands": "Thresholds of the low / mid / high bands of every score.",
    "policy_key.Bands.low": "Scores below this are 'low'.",
    "policy_key.Bands.high": "Scores from this up are 'high'; in between is 'mid'.",
    "policy_key.Scores.inverted": (
        "Components where a lower value counts as more (e.g. days_late_avg in a value score)."),
    "policy_key.PolicyModel.segments": (
        "Ordered: the first segment whose condition is true wins; the last has no condition."),
    "policy_key.Segment.id": "Short name, used in page names (segments/<id>.html).",
    "policy_key.Segment.name": "The segment's name.",
    "policy_key.Segment.description": "Who is in it and why.",
    "policy_key.Segment.when": (
        "Condition a customer must meet (condition language); absent only on the last segment, the catch-all."),
    "policy_key.Segment.entitlements": (
        "Service ids customers in this segment are entitled to (on top of their contract's)."),
    "policy_key.Segment.playbook": "Action ids recommended to every customer in this segment.",
    "policy_key.Segment.color": "Colour in charts, as #rrggbb; absent: a default colour.",
    "policy_key.PolicyModel.actions": "Recommendations, referred to by playbooks or chosen by their own condition.",
    "policy_key.Action.id": "Short name, used in playbooks.",
    "policy_key.Action.title": "Title (template: {{ measure }} and filters).",
    "policy_key.Action.text": "Text (template: {{ measure }}, {{ value | money }}, {% if … %}).",
    "policy_key.Action.priority": "1 (first) to 5.",
    "policy_key.Action.letter": "The text is a letter draft, written in the customer's language where it is known.",
    "policy_key.Action.when": (
        "Also recommend this action, whatever the segment, to every customer for whom this condition holds."),
    "policy_key.Action.only_when": (
        "Give this action (from a playbook or by its own 'when') only to customers for whom this condition also "
        "holds; its reason quotes the numbers behind it. An action about rush orders needs "
        "'usage_rush_order_12m > 0'."),
    "policy_key.Action.impact": (
        "What is at stake, in euros: the product of these measures (e.g. [expected_revenue_12m, p_alive]), as an "
        "amount without sign. Within a priority, worklists put the largest impact first."),
    "policy_key.Action.safety": "A safety rule (threats, incidents): listed before every other action.",
    "policy_key.PolicyModel.referral_partners": "Suppliers to refer parting customers to, by sector.",
    "policy_key.ReferralPartner.name": "The partner's name.",
    "policy_key.ReferralPartner.sector": "The customers' sector this partner suits; absent: any sector.",
    "policy_key.ReferralPartner.contact": "How to reach them.",
    "policy_key.ReferralPartner.note": "What they offer.",
    "policy_key.PolicyModel.kpis": "The few (about 3) portfolio KPIs the overview leads with.",
    # --- the policy file's keys: what kind of value each one holds
    "policy_reference.text": "text",
    "policy_reference.number": "number",
    "policy_reference.whole": "whole number",
    "policy_reference.bool": "true or false",
    "policy_reference.id": "id (a–z, 0–9, _ and -)",
    "policy_reference.bilingual": "text in nl and en",
    "policy_reference.mapping": "mapping",
    "policy_reference.mappings": "mappings",
    "policy_reference.list": "list of {item}",
    "policy_reference.one_of": "one of: {items}",
    "policy_reference.weights": "measure: weight (> 0)",
    "policy_reference.condition": "condition",
    "policy_reference.template": "template",
    "policy_reference.required": "required",
    "policy_reference.none": "—",
    "policy_reference.colour": "colour #rrggbb",
    "policy_reference.markdown_head": "| key | value | default | meaning |",
    # --- conditions in words, the customer trace (explain), the policy diff, consistency
    "explain.<": "is less than",
    "explain.<=": "is at most",
    "explain.>": "is greater than",
    "explain.>=": "is at least",
    "explain.==": "is",
    "explain.!=": "is not",
    "explain.+": "plus",
    "explain.-": "minus",
    "explain.*": "times",
    "explain./": "divided by",
    "explain.and": "and",
    "explain.or": "or",
    "explain.not": "not",
    "explain.negate": "minus",
    "explain.one_of": "is one of",
    "explain.none_of": "is none of",
    "explain.missing": "is missing",
    "explain.known": "is known",
    "explain.yes": "yes",
    "explain.no": "no",
    "explain.true": "true",
    "explain.false": "false",
    "explain.min": "the smallest of",
    "explain.max": "the largest of",
    "explain.abs": "the absolute value of",
    "explain.state_true": "true",
    "explain.state_false": "false",
    "explain.state_unknown": "unknown",
    "explain.state_not-reached": "not reached",
    "explain.state_catch-all": "catch-all",
    "explain.chosen": "chosen",
    "explain.segment": "Segment",
    "explain.contract": "Contract",
    "explain.rule_of": "rule {n} of {total}",
    "explain.rules_title": "Segment rules, in order — the first rule that is true decides:",
    "explain.rule": "rule",
    "explain.in_words": "in words",
    "explain.values_title": "Values used:",
    "explain.unknown_value": "unknown",
    "explain.unknown_note": "Unknown for this customer: {names}. A rule that needs such a value is not true.",
    "explain.actions_title": "Recommended actions:",
    "explain.actions_none": "None.",
    "explain.why": "why",
    "explain.letter": "letter draft",
    "explain.none": "none",
    "explain.diff_title": plural(
        "n",
        one="What the other policy changes ({base} → {other}), {n} customer:",
        other="What the other policy changes ({base} → {other}), {n} customers:"),
    "explain.diff_table": "From (row) to (column):",
    "explain.diff_moves": "Customers who change segment: {n}",
    "explain.diff_no_moves": "No customer changes segment.",
    "explain.diff_money": "Cost to serve within entitlement: {base} → {other} ({change})",
    "explain.diff_leakage": "Service beyond entitlement: {base} → {other} ({change})",
    "explain.col_customer": "customer",
    "explain.col_name": "name",
    "explain.col_from": "from",
    "explain.col_to": "to",
    "explain.total": "total",
    "explain.words_title": "In plain words",
    "explain.customers_in_segment": plural("n", one="{n} customer", other="{n} customers"),
    "explain.contract_matrix_title": "Entitlements per contract",
    "explain.contract_matrix_intro": "Which services each contract gives, whatever the customer's segment.",
    "explain.consistency_title": "Applied consistently?",
    "explain.consistency_intro": (
        "Service customers received without being entitled to it by segment or contract, in the last 12 "
        "months, at the internal cost in the policy."),
    "explain.consistency_none": "No service beyond entitlement in the last 12 months.",
    "explain.consistency_unavailable": "Cannot be computed without data on the use of services.",
    "explain.leakage_total": plural(
        "n",
        one="{n} customer received {cost} of service beyond its entitlement.",
        other="{n} customers together received {cost} of service beyond their entitlement."),
    "explain.leakage_by_service": "Beyond entitlement, by service",
    "explain.leakage_by_customer": "Beyond entitlement, by customer",
    "explain.col_service": "Service",
    "explain.col_customers": "Customers",
    "explain.col_units": "Units beyond entitlement",
    "explain.col_cost": "Cost",
    "explain.col_segment": "Segment",
    "explain.col_contract": "Contract",
    "explain.col_services": "Services beyond entitlement",
    "explain.unequal_title": "Comparable customers treated differently",
    "explain.unequal_intro": (
        "Customers in the same segment with the same contract have the same entitlement. Here some of such a group "
        "received a service beyond it (at least {n} times in 12 months), while others in the group did not use that "
        "service at all."),
    "explain.unequal_none": "No differences found between comparable customers.",
    "explain.col_got": "Received it",
    "explain.col_without": "Did not",
    "explain.no_contract": "no contract",
    "explain.reference_title": "The policy file: every key",
    "explain.reference_intro": (
        "What content/policy.yaml can hold. Unknown keys are errors; 'required' keys must be there, the others have "
        "the default shown. [] stands for a list, as in services[].id."),
    "explain.col_key": "Key",
    "explain.col_value": "Value",
    "explain.col_default": "Default",
    "explain.col_meaning": "Meaning",
    # --- the machine-readable files, for the methodology page
    "output_files.scores_csv": (
        "One row per customer; UTF-8, comma-separated, '.' decimals, dates as YYYY-MM-DD, empty = missing, yes/no "
        "as true/false. Every column after page is a measure of the catalogue below (its code is the column name), "
        "so every figure can be recomputed from its definition."),
    "output_files.scores_csv.customer_id": "Customer id as in the data (text).",
    "output_files.scores_csv.name": "Customer name.",
    "output_files.scores_csv.page": "Path of the customer page from the site's root folder; empty when 'pages' in config.yaml gives the customer no page.",
    "output_files.scores_csv.segment_rfm_segment": (
        "Fixed columns scripts can rely on; then the other measures in the catalogue's order."),
    "output_files.scores_xlsx": (
        "The same table for spreadsheet users, with numbers, dates and yes/no as real cell values, on three sheets."),
    "output_files.scores_xlsx.scores": "The columns of scores.csv.",
    "output_files.scores_xlsx.actions": "The columns of actions.csv.",
    "output_files.scores_xlsx.measures": "Per measure: code, name, kind and definition.",
    "output_files.actions_csv": "One row per recommended action, grouped by owner: the worklist for Monday morning.",
    "output_files.actions_csv.owner": "The customer's account manager; empty when unknown (those actions come last).",
    "output_files.actions_csv.priority": "1 (first) to 5.",
    "output_files.actions_csv.impact": "What is at stake, in euros (the action's impact measures in the policy); within a priority the largest first.",
    "output_files.actions_csv.customer_id_name_segment": "The customer and its segment.",
    "output_files.actions_csv.action_id_title": "The action from the policy.",
    "output_files.actions_csv.reason": "Why: the segment or the house rule, with the numbers behind it.",
    "output_files.actions_csv.numbers": "The same numbers as code=value; …, unformatted.",
    "output_files.actions_csv.text": "The action's text (for a letter: the draft).",
    "output_files.actions_csv.letter": "true when the text is a letter draft.",
    "output_files.actions_csv.language": "Language of the text (letters follow the customer's language).",
    "output_files.actions_csv.page": "Path of the customer page; empty when 'pages' in config.yaml gives the customer no page.",
    "output_files.report_json": "Summary for scripts and CI (schema klantwaarde-report, version {version}).",
    "output_files.report_json.as_of_window": "Report date and the start of the two 12-month windows.",
    "output_files.report_json.segments": "Per segment: id, name, customers, revenue and net profit over 12 months.",
    "output_files.report_json.kpis": (
        "Per portfolio KPI: value now (value), in the previous 12-month window (previous) and in the previous "
        "report (previous_report); null when unknown."),
    "output_files.report_json.previous_report": (
        "The previous report from the history: its report date (as_of) and the KPI values stored with it (kpis; "
        "null when that report stored no KPIs yet); null without an earlier report."),
    "output_files.report_json.migrations": (
        "Segment moves since the previous report: from/to matrix (null without a previous report)."),
    "output_files.report_json.actions": "Number of actions, by priority and by action.",
    "output_files.report_json.future_value_unavailable_warnings": (
        "Future-value method used, measures that could not be computed, and warnings."),
    # --- pseudonyms (build --anonymise): "Customer 0042", "Account manager 3"
    "anonymised.customer": "Customer",
    "anonymised.account_manager": "Account manager",
    # --- why an action was chosen (actions.csv, customer pages)
    "reason.segment": "Segment {name}",
    "reason.house_rule": "House rule",
    "reason.catch_all": "no earlier segment rule applied",
    "reason.days": "days",
    # --- build messages (generator.text.messages): "msg." + a Message's code, filled with its parameters
    # (a phrase among them rendered first); the three problem texts write a warning, a Problem of
    # errors.py (where: file:line), as its str() does
    "msg.problem": "{where}: {message}",
    "msg.problem.column": "{where}: column '{column}': {message}",
    "msg.problem.hint": "{problem} ({hint})",
    # --- build messages: counts and what was done with the rows
    "msg.count.rows": plural("n", one="{n} row", other="{n} rows"),
    "msg.count.values": plural("n", one="{n} value", other="{n} values"),
    "msg.done.kept": "kept",
    "msg.done.dropped": "dropped",
    "msg.done.left_out": "left out",
    # --- build messages: warnings (sources): one per file and reason; {value} is the first value concerned
    "msg.warning.excluded": "{count} of excluded customers, left out (first: {value})",
    "msg.warning.unreadable_date": "{count} not readable as a date, left missing (first: {value})",
    "msg.warning.unreadable_amount": "{count} not readable as an amount, left missing (first: {value})",
    "msg.warning.unreadable_number": "{count} not readable as a number, left missing (first: {value})",
    "msg.warning.duplicate": "{count} exactly repeating an earlier row, {done} (first: {value})",
    "msg.warning.dated_before_1990": "{count} dated before 1990, left out (first: {value})",
    "msg.warning.before_1990": "{count} before 1990, left missing (first: {value})",
    "msg.warning.negative_quantity": "{count} with a negative quantity, kept (first: {value})",
    "msg.warning.outside": "{count} outside {range}, left missing (first: {value})",
    "msg.warning.repeated_id": "{count} repeating a customer id of an earlier row, left out (first: {value})",
    "msg.warning.after_report_date": "{count} dated after the report date {date}, left out (first: {value})",
    "msg.warning.no_transactions": "{count} in the customers table without transactions, {done} (first: {value})",
    "msg.warning.no_transactions_zeros": (
        "{count} in the customers table without transactions whose id matches a known id only without leading "
        "zeros, {done} (first: {value})"),
    "msg.warning.unknown_customer": (
        "{count} for customers not in the transactions or the customers table, {done} (first: {value})"),
    "msg.warning.unknown_customer_zeros": (
        "{count} for customers not in the transactions or the customers table whose id matches a known id only "
        "without leading zeros, {done} (first: {value})"),
    # the first value, when it is words
    "msg.value.repeats_line": "repeats line {line}",
    "msg.value.repeats_file_line": "repeats {file} line {line}",
    "msg.value.repeats_row": "repeats an earlier row",
    # --- build messages: hints
    "msg.hint.as_of": "the report date is as_of in config.yaml",
    "msg.hint.last_transaction": "the report date is the last transaction date",
    "msg.hint.check_dates": "check the dates and the date format",
    "msg.hint.credit_note": "a return should go with a credit note, a negative amount",
    "msg.hint.scale": "{column} is on a scale of {range}",
    "msg.hint.one_row": "each customer needs one row; the first row is used",
    "msg.hint.unknown_customers": "check the customer ids, or add these customers to the customers table",
    "msg.hint.excluded": "these ids are listed under exclude: in config.yaml",
    "msg.hint.drop_duplicates": "set drop_duplicates: true for the {table} table in config.yaml to drop them",
    "msg.hint.leading_zeros": (
        "ids are text: '00042' is not '42'; make the ids identical in every file, and format id columns in Excel "
        "as text, which otherwise drops leading zeros"),
    "msg.hint.date_layouts": (
        "expected a date like 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 or 20260131; set date_format: for this "
        "table in config.yaml for other layouts"),
    "msg.hint.date_format": "expected dates in the date_format '{format}' set in config.yaml, like {example}",
    "msg.hint.amount": (
        "expected an amount like {like}, with {separator} as {how}; if the file uses '{other}', set decimal: "
        "\"{other}\" for the {table} table in config.yaml"),
    "msg.hint.number": (
        "expected a number like {like}, with {separator} as {how}; if the file uses '{other}', set decimal: "
        "\"{other}\" for the {table} table in config.yaml"),
    "msg.hint.either": "{first} or {last}",
    "msg.hint.decimal_comma": "a decimal comma",
    "msg.hint.decimal_point": "a decimal point",
    "msg.hint.configured": "configured",
    "msg.hint.sniffed": "sniffed",
    # --- build messages: why rows were rejected (TableQuality.rejected), and examples of them
    "msg.rejected.excluded": "excluded customer",
    "msg.rejected.invalid": "invalid {column} (left missing)",
    "msg.rejected.duplicate": "duplicate row ({done})",
    "msg.rejected.dated_before_1990": "dated before 1990",
    "msg.rejected.before_1990": "{column} before 1990 (left missing)",
    "msg.rejected.negative_quantity": "negative quantity",
    "msg.rejected.outside": "{column} outside {range} (left missing)",
    "msg.rejected.repeated_id": "repeated customer id (first row used)",
    "msg.rejected.after_report_date": "after the report date",
    "msg.rejected.no_transactions": "no transactions",
    "msg.rejected.unknown_customer": "unknown customer",
    "msg.rejected.zeros": "{reason} (leading zeros differ)",
    "msg.example.row": "{file}:{line}: {value}",
    "msg.example.where": "{file}:{line}",
    # --- build messages: how a file setting was found (TableQuality.sniffed)
    "msg.setting.configured": "{value} (configured)",
    "msg.setting.sniffed": "{value} (sniffed)",
    "msg.setting.suffix": "{value} (from the suffix)",
    "msg.setting.default": "{value} (default)",
    "msg.setting.first": "{value} (the first)",
    "msg.setting.per_file": "{first} / {then}",
    # --- build messages: why a measure is unavailable (measures, pipeline)
    "msg.unavailable.no_table": "no {table} table",
    "msg.unavailable.no_column": "the {table} table has no '{column}' column",
    "msg.unavailable.no_columns": "the {table} table has no {columns} column",
    "msg.unavailable.no_kind": "the {table} table has no interactions of kind '{kind}'",
    "msg.unavailable.needs_cost": "needs margin_12m, which needs a 'cost' column",
    "msg.unavailable.no_service": "no service of the policy could be counted in this data",
    "msg.unavailable.partial_services": "partial: without {services} (see their usage)",
    "msg.unavailable.purchases_only": "partial: purchases only (no interactions table)",
    "msg.unavailable.no_nps": "no feedback table with an 'nps' column",
    "msg.unavailable.no_csat": "no feedback table with a 'csat' column",
    "msg.unavailable.no_history": "no earlier report in the history folder (config: history)",
    # --- build messages: the future-value method (future), and why the simple one was used
    "msg.future.simple": (
        "Simple method used instead of MBG/NBD or Pareto/NBD + Gamma-Gamma because {why}: expected purchases = (frequency + 1) / "
        "max(T, 30 days) x horizon x activity factor; activity factor (shown as p_alive) = exp(-(T - recency) / "
        "gap), where gap is the customer's own mean time between purchases (recency / frequency, at least 1 day) "
        "for repeat buyers and, for one-time buyers, the pooled mean gap of all repeat buyers (sum of recency / "
        "sum of frequency; the horizon when there are no repeat buyers); expected revenue = expected purchases x "
        "the customer's mean order value (the population mean for one-time buyers)."),
    "msg.future.bgnbd": (
        "BG/NBD + Gamma-Gamma models fitted by maximum likelihood on {customers} customers ({repeaters} repeat "
        "buyers): BG/NBD r={r:.3g}, alpha={alpha:.3g} days, a={a:.3g}, b={b:.3g}; Gamma-Gamma p={p:.3g}, "
        "q={q:.3g}, v={v:.3g}. Expected purchases over {days:g} days are the BG/NBD conditional expectation, "
        "p_alive the BG/NBD probability of being active, and expected revenue = expected purchases x Gamma-Gamma "
        "expected order value."),
    "msg.why.few_customers": plural(
        "n", one="there is only {n} customer (at least {min} needed)",
        other="there are only {n} customers (at least {min} needed)"),
    "msg.why.few_repeaters": plural(
        "n",
        one="only {n} customer bought more than once with a known order value (at least {min} needed)",
        other="only {n} customers bought more than once with a known order value (at least {min} needed)"),
    "msg.why.bgnbd_failed": "the BG/NBD fit failed ({detail})",
    "msg.why.gamma_gamma_failed": "the Gamma-Gamma fit failed ({detail})",
    "msg.why.bgnbd_unusable": "the BG/NBD parameters are not usable ({detail})",
    "msg.why.gamma_gamma_unusable": "the Gamma-Gamma parameters are not usable ({detail})",
    "msg.why.gamma_gamma_q": "the Gamma-Gamma fit gave q = {q:.3g} <= 1 (no finite mean order value)",
    "msg.future.mbgnbd": (
        "MBG/NBD + Gamma-Gamma models fitted by maximum likelihood on {customers} customers ({repeaters} repeat "
        "buyers): MBG/NBD r={r:.3g}, alpha={alpha:.3g} days, a={a:.3g}, b={b:.3g}; Gamma-Gamma p={p:.3g}, "
        "q={q:.3g}, v={v:.3g}. Expected purchases over {days:g} days are the MBG/NBD conditional expectation, "
        "p_alive the MBG/NBD probability of being active (a one-time buyer can drop out too), and expected "
        "revenue = expected purchases x Gamma-Gamma expected order value (for one-time buyers their one order shrunk towards the population's mean, weight p / (p + q - 1))."),
    "msg.future.pnbd": (
        "Pareto/NBD + Gamma-Gamma models fitted by maximum likelihood on {customers} customers ({repeaters} repeat "
        "buyers): Pareto/NBD r={r:.3g}, alpha={alpha:.3g} days, s={s:.3g}, beta={beta:.3g} days; Gamma-Gamma "
        "p={p:.3g}, q={q:.3g}, v={v:.3g}. Expected purchases over {days:g} days are the Pareto/NBD conditional "
        "expectation, p_alive the Pareto/NBD probability of being active, and expected revenue = expected "
        "purchases x Gamma-Gamma expected order value (for one-time buyers their one order shrunk towards the population's mean, weight p / (p + q - 1))."),
    "msg.future.pnbd_sample": (
        "Pareto/NBD + Gamma-Gamma models fitted by maximum likelihood: Pareto/NBD on a fixed random sample of "
        "{sample} of the {customers} customers (the same sample on every build: its likelihood is an integral per "
        "customer, and at this size the sample's error in the parameters is far below the model's own), "
        "Gamma-Gamma on all {repeaters} repeat buyers: Pareto/NBD r={r:.3g}, alpha={alpha:.3g} days, s={s:.3g}, "
        "beta={beta:.3g} days; Gamma-Gamma p={p:.3g}, q={q:.3g}, v={v:.3g}. Expected purchases over {days:g} days "
        "are the Pareto/NBD conditional expectation, computed for every customer, p_alive the Pareto/NBD "
        "probability of being active, and expected revenue = expected purchases x Gamma-Gamma expected order value "
        "(for one-time buyers their one order shrunk towards the population's mean, weight p / (p + q - 1))."),
    "msg.why.no_model": "no model was chosen",
    "msg.why.model_failed": "the {model} fit failed ({detail})",
    "msg.why.model_unusable": "the {model} parameters are unusable ({detail})",
    "msg.why.backtest_not_run": "the backtest could not run ({detail})",
    "msg.why.backtest_simple_best": (
        "it predicted the backtest's holdout purchases better than MBG/NBD and Pareto/NBD"),
    "future_method_mbgnbd": "MBG/NBD for the number of purchases and Gamma-Gamma for the value per purchase",
    "future_method_pnbd": "Pareto/NBD for the number of purchases and Gamma-Gamma for the value per purchase",
    "future_model_short_mbgnbd": "MBG/NBD",
    "future_model_short_pnbd": "Pareto/NBD",
    "future_model_short_bgnbd": "BG/NBD (reference)",
    "future_model_short_baseline": "naive baseline",
    "future_model_short_simple": "simple method",
    "p_alive_label_model": "Probability still active ({model})",
    "backtest_title": "Backtest: which model predicts these customers best",
    "backtest_text": (
        "Each model was fitted on the purchases up to and including {calibration_end} and predicts the purchases "
        "(purchase days) of the {holdout_days} days after it, per customer who had bought before that date "
        "({customers} customers). The simple method takes part as a third candidate. The candidate with the lowest "
        "RMSE is chosen: the company's own data decide, not a preference. BG/NBD is shown for comparison only, "
        "because it treats every one-time buyer as active; the naive baseline (each customer's own pace, repeat "
        "purchases / T) is the yardstick, as it knows no dropping out and gives no probability of being "
        "active. The chosen model was then refitted on the whole "
        "history."),
    "backtest_not_run": "The backtest was not run: {reason}.",
    "backtest_chosen": "Chosen: {model}.",
    "backtest_none_chosen": "Without a backtest, the simple method was used.",
    "col_backtest_model": "Model",
    "col_backtest_rmse": "RMSE per customer",
    "col_backtest_predicted": "Predicted total",
    "col_backtest_actual": "Actual total",
    "col_backtest_params": "Parameters (calibration)",
    "future_params": "Parameters on the whole history: {params}.",
    "output_files.report_json.future": (
        "future.backtest: calibration_end (date), holdout_days, customers, chosen (mbgnbd, pnbd or null) and per "
        "model (mbgnbd, pnbd, bgnbd, baseline) rmse, predicted_total, actual_total and params; future.params: the "
        "chosen model's parameters on the whole history."),
    "msg.why.non_finite": "the fitted models gave non-finite predictions",
    # --- a change in the last 12 months (issue 15) ---
    "col_backtest_change_prior": "Weight of a change",
    "col_backtest_rmse_constant": "RMSE at a constant rate",
    "backtest_change_text": (
        "A count model assumes one constant purchase rate per customer, so a customer who bought eleven times one "
        "year and twice the next is forecast at the average of both years. The model therefore also weighs the "
        "possibility that the rate changed twelve months ago, with the rates before and after both drawn from "
        "the same distribution of all customers. The chance of that change follows for each customer from their "
        "purchases (Bayes), from a prior weight; customers without a repeat purchase or younger than a year have "
        "no change. The forecast is the weighted average: under a change, the purchase rate of the last twelve "
        "months counts, and so does their order value, weighed against the customer's own earlier orders as "
        "Gamma-Gamma weighs a customer's orders against all customers' (one small recent order after years of "
        "small ones does not make a customer of the average size). That weight is not assumed: the backtest tries 0 % (constant rate) to "
        "100 % and keeps the weight with the lowest RMSE. Chosen: {prior}."),
    # --- hand-outs (issue 16) ---
    "xlsx.sheet_scores": "Customers",
    "xlsx.sheet_actions": "Actions",
    "xlsx.sheet_measures": "Measures",
    "xlsx.col_page": "Customer page",
    "xlsx.col_owner": "Account manager",
    "xlsx.col_text": "Text",
    "xlsx.col_letter": "Letter draft",
    "xlsx.col_language": "Language",
    "xlsx.col_contact_name": "Contact person",
    "xlsx.col_phone": "Phone",
    "xlsx.col_email": "Email",
    "xlsx.col_code": "Code",
    "xlsx.col_label": "Name",
    "xlsx.col_kind": "Kind",
    "xlsx.col_definition": "Definition",
    "xlsx.kind.money": "amount",
    "xlsx.kind.number": "number",
    "xlsx.kind.count": "count",
    "xlsx.kind.days": "days",
    "xlsx.kind.ratio": "percentage",
    "xlsx.kind.rating": "rating (1–5)",
    "xlsx.kind.score": "score (0–100)",
    "xlsx.kind.probability": "probability",
    "xlsx.kind.date": "date",
    "xlsx.kind.text": "text",
    "xlsx.kind.bool": "yes/no",
    "xlsx.language.nl": "Dutch",
    "xlsx.language.en": "English",
    "actions_xlsx_note": "To hand out or filter in Excel:",
    "actions_filter_label": "Filter the actions",
    "actions_filter_priority": "Priority",
    "actions_filter_segment": "Segment",
    "actions_filter_all": "All",
    "actions_filter_open": "Open actions only",
    "actions_filter_shown": plural("n", one="{n} action shown", other="{n} actions shown"),
    "actions_sort_label": "Sort by {column}",
    "col_done": "Done",
    "actions_done_label": "{action} for {customer} done",
    "actions_done_note": "A tick under ‘Done’ is kept only in this browser on this computer, not in the report.",
    "actions_done_count": plural("n", one="{n} action ticked", other="{n} actions ticked"),
    "actions_export_done": "Download the ticked actions (CSV)",
    "actions_export_file": "ticked-actions",
    "output_files.actions_xlsx": (
        "The worklist to hand out: the rows of actions.csv with headers, segments and actions in the report's "
        "language, the impact in euros, the customer page as a link and, with 'privacy.contacts' set to 'true' in config.yaml, the "
        "contact details. Header row frozen, filters on."),
    "output_files.actions_xlsx.owner_priority_impact": "Account manager, priority and what is at stake (€).",
    "output_files.actions_xlsx.customer_segment_action": "Customer, customer id, segment, action, why and text.",
    "output_files.actions_xlsx.page": "Link to the customer page (works from the site folder or the unpacked zip).",
    "output_files.actions_xlsx.contact_name_phone_email": (
        "Contact person, phone and email from the customers table; only with 'privacy.contacts' set to 'true' in config.yaml."),
    "output_files.csv_format": (
        "The CSV files are the machine format: UTF-8 without BOM, comma-separated, '.' as the decimal point, dates "
        "as YYYY-MM-DD. Excel set to a language with decimal commas (Dutch, German) does not read them right on a "
        "double click (one column, ‘CafÃ©’); open scores.xlsx or actions.xlsx instead, or import the CSV as "
        "UTF-8, comma-separated."),
    # --- codes (issue 16) ---
    "msg.count.days": plural("n", one="{n} day", other="{n} days"),
    "msg.warning.stale_report_date": (
        "{days} without data: the report date {as_of} is that long after the last transaction ({last}), so "
        "customers look silent"),
    "msg.hint.stale_report_date": (
        "leave as_of out of config.yaml to report on the last transaction date, or set it to at most {limit} days "
        "after it"),
    "msg.warning.unknown_code": (
        "{count} with {column} '{their}', a code neither klantwaarde nor the policy knows: kept, but it counts for "
        "nothing (first: {value})"),
    "msg.rejected.unknown_code": "unknown {column} '{their}' (kept)",
    "msg.hint.unknown_code_guess": (
        "did you mean '{guess}'? Map it in config.yaml: data: {table}: values: {{{column}: {{{their}: {guess}}}}}"),
    "msg.hint.unknown_code": (
        "map it in config.yaml: data: {table}: values: {{{column}: {{{their}: <code>}}}}; known codes: {known}"),
    "dq_codes_title": "Codes",
    "dq_codes_intro": (
        "Per coded column, the codes in the data and what they mean. A code neither klantwaarde nor the policy "
        "knows counts for no service and no contract: map it under 'values' in config.yaml."),
    "col_code_value": "Code",
    "col_code_status": "Meaning",
    "dq_code_policy": "used by the policy",
    "dq_code_known": "known to klantwaarde",
    "dq_code_unknown": "unknown",
    "dq_code_unknown_guess": "unknown — did you mean '{guess}'?",
    "dq_code_never": "in the policy, never in the data",
    # --- bad rows (issue 16) ---
    "msg.bad.empty": "empty",
    "msg.bad.not_date": "not a date",
    "msg.bad.not_amount": "not an amount",
    "msg.bad.not_number": "not a number",
    "msg.bad.not_direction": "neither in nor out",
    "msg.bad.total_line": "looks like a total line",
    "msg.bad.total_sum": "looks like a total line: no customer id, and the amount is the sum of the rows above",
    "msg.rejected.skipped": "skipped, {column}: {reason}",
    "msg.warning.skipped": "{count} skipped (on_bad_rows: skip): {reason} (first: {value})",
    "msg.hint.skipped": "every skipped row is listed on the data-quality page and in rejected.csv",
    "dq_skipped_title": "Skipped rows",
    "dq_skipped_intro": (
        "Rows left out because they could not be read (on_bad_rows: skip in config.yaml) or are total lines. "
        "All of them are in rejected.csv."),
    "dq_skipped_more": plural("n", one="and {n} more row: see rejected.csv", other="and {n} more rows: see rejected.csv"),
    "col_file": "File",
    "col_line": "Line",
    "output_files.rejected_csv": (
        "The rows left out of the data because they could not be read (on_bad_rows: skip) or are total lines; "
        "only a header when there are none. UTF-8, comma-separated."),
    "output_files.rejected_csv.table_file_line": "The table, the file and the line in it (the header is line header_row).",
    "output_files.rejected_csv.column_value": "The column that could not be read and its value as read (empty: the row as a whole).",
    "output_files.rejected_csv.reason": "Why the row was left out, in the report's language.",
    "output_files.rejected_csv.code": "The same as a code: empty, not_date, not_amount, not_number, not_direction, too_large, total_line, total_sum.",
    # --- lang (issue 16) ---
    # the RFM segments (measures.RFM_SEGMENTS: rfm_segment holds the key, a page shows this name)
    "rfm.champions": "Champions",
    "rfm.loyal": "Loyal customers",
    "rfm.potential_loyalists": "Potential loyalists",
    "rfm.new": "New customers",
    "rfm.promising": "Promising",
    "rfm.need_attention": "Need attention",
    "rfm.about_to_sleep": "About to sleep",
    "rfm.at_risk": "At risk",
    "rfm.cant_lose": "Can't lose them",
    "rfm.hibernating": "Hibernating",
    # the rule trace on a customer page: the condition in words under the policy's own text
    "trace_in_words": "In words",
    "trace_code_value": "in the policy: {value}",
    # a count of service units that agrees with its number ("1 bezoek", "16 bezoeken"); an unknown unit as written
    "units": "{n} {unit}",
    "units.order": plural("n", one="{n} order", other="{n} orders"),
    "units.minute": plural("n", one="{n} minute", other="{n} minutes"),
    "units.hour": plural("n", one="{n} hour", other="{n} hours"),
    "units.complaint": plural("n", one="{n} complaint", other="{n} complaints"),
    "units.visit": plural("n", one="{n} visit", other="{n} visits"),
    "units.review": plural("n", one="{n} review", other="{n} reviews"),
    "units.call": plural("n", one="{n} call", other="{n} calls"),
    "units.delivery": plural("n", one="{n} delivery", other="{n} deliveries"),
    "units.ticket": plural("n", one="{n} ticket", other="{n} tickets"),
    "units.item": plural("n", one="{n} item", other="{n} items"),
    "units.day": plural("n", one="{n} day", other="{n} days"),
    # --- data files (issue 17) ---
    "msg.bad.too_large": "too large (a trillion or more, plus or minus)",
    "msg.rejected.thousands": "{column} like 1.250 read with a decimal point (kept)",
    "msg.warning.thousands": ("{count} with three digits after the point, as a thousands separator writes them: "
                              "read as decimals, 1.250 as 1.25 (first: {value})"),
    "msg.hint.thousands": ('if they are thousands (1.250 = 1250), set decimal: "," for the {table} table in '
                           'config.yaml; if they are decimals, set decimal: "." there to say so'),
    "msg.rejected.long_text": "{column} longer than a workbook cell holds (kept)",
    "msg.warning.long_text": ("{count} longer than 32,767 characters, the most a workbook cell holds: the workbooks "
                              "(.xlsx) cut them there (first: {value})"),
    "msg.value.characters": plural("n", one="{n} character", other="{n} characters"),
    "msg.hint.long_text": "the pages and CSV files keep the whole text; shorten it in the source if the workbooks matter",
    "msg.rejected.ambiguous_dates": "{column} could be day or month first",
    "msg.warning.ambiguous_dates": ("{count} could be day/month or month/day (no day is over 12): read as {format} "
                                    "(first: {value})"),
    "msg.hint.ambiguous_dates": ('if the file writes the month first (US), set date_format: "%m/%d/%Y" for the '
                                 '{table} table in config.yaml'),
    # --- connections (issue 18) ---
    "msg.setting.connection": "{value} (database)",
    # --- pages (issue 18) ---
    "customers_with_page": plural(
        "n",
        one="{pages} of the {n} customer has a page of their own (pages: in config.yaml); without one, the name is not a link.",
        other="{pages} of the {n} customers have a page of their own (pages: in config.yaml); the others are listed without a link."),
    "segment_page_title": "{name} ({n}/{total})",
    "segment_page_status": "Customers {first}–{last} of {n}.",
    "segment_pages_label": "Pages of customers in {name}",
    # --- push (issue 18) ---
    "msg.example.value": "{file}: {value}",
    "msg.warning.pushed_skipped": "{count} without a {column}, skipped (counted in the database)",
    "msg.warning.pushed_skipped_at": "{count} without a {column}, skipped (counted in the database; the first is on this line)",
    "msg.error.pushed_empty": "{count} without a {column} (counted in the database)",
    "msg.error.pushed_empty_at": "{count} without a {column} (counted in the database; the first is on this line)",
    "msg.hint.pushed_empty": "fill it in, leave those rows out of the table or query, or set on_bad_rows: skip",
    "msg.warning.pushed_totals": "{count} looking like a total line, skipped (counted in the database; first: {value})",
    "msg.warning.pushed_totals_at": "{count} looking like a total line, skipped (counted in the database; e.g. {value}; the first is on this line)",
    "msg.error.pushed_totals": "{count} looking like a total line (Totaal, Total, …; counted in the database)",
    "msg.error.pushed_totals_at": "{count} looking like a total line (Totaal, Total, …; counted in the database; the first is on this line)",
    "msg.hint.pushed_totals": "leave them out of the table or query, or set on_bad_rows: skip",
}
