"""Every text of the report site's interface, in Dutch and English.

One build has one language. Texts with ``{placeholders}`` are filled with
values that are already formatted (see :class:`Formatter`), so a translation
never has to know about number formats. Policy texts (segment names, action
texts) and measure labels come from the policy and the catalogue, not from here.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

import pandas as pd
from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol

from generator.text import formatting

LANGUAGES = ("nl", "en")

# key: (Dutch, English). Kept side by side so a missing translation is obvious.
_TEXTS: dict[str, tuple[str, str]] = {
    # --- layout
    "nav_label": ("Hoofdnavigatie", "Main navigation"),
    "nav_overview": ("Overzicht", "Overview"),
    "nav_segments": ("Segmenten", "Segments"),
    "nav_customers": ("Klanten", "Customers"),
    "nav_actions": ("Acties", "Actions"),
    "nav_policy": ("Beleid", "Policy"),
    "nav_methodology": ("Methode", "Methodology"),
    "nav_data_quality": ("Datakwaliteit", "Data quality"),
    "skip_to_content": ("Naar de inhoud", "Skip to content"),
    "report_date": ("Rapportdatum", "Report date"),
    "generated": ("Gemaakt op {when}", "Generated {when}"),
    "footer_note": ("Gemaakt met klantwaarde. Dit rapport werkt zonder internetverbinding.",
                    "Made with klantwaarde. This report works without an internet connection."),
    "chart_no_script": ("De grafiek heeft JavaScript nodig; de cijfers staan ook in de tekst en tabellen.",
                        "The chart needs JavaScript; the figures are also in the text and tables."),
    "show_figures": ("Toon de cijfers", "Show the figures"),
    "unknown": ("onbekend", "unknown"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "band_low": ("laag", "low"),
    "band_mid": ("midden", "mid"),
    "band_high": ("hoog", "high"),
    "priority": ("Prioriteit", "Priority"),
    "priority_n": ("Prioriteit {n}", "Priority {n}"),
    "no_account_manager": ("Geen accountmanager", "No account manager"),
    "customer_id": ("Klantnummer", "Customer id"),
    "segment": ("Segment", "Segment"),
    "total": ("Totaal", "Total"),
    "n_customers": ("{n} {n|klant|klanten}", "{n} {n|customer|customers}"),
    "more_rows": ("En nog {n}.", "And {n} more."),
    # --- overview
    "overview_title": ("Overzicht", "Overview"),
    "overview_intro": (
        "Dit rapport laat zien wat onze {n} {n|klant ons oplevert en kost|klanten ons opleveren en kosten}. "
        "De cijfers gaan over de "
        "12 maanden van {start} tot en met {end}, vergeleken met de 12 maanden daarvoor.",
        "This report shows what our {n} {n|customer brings in and costs|customers bring in and cost} us. "
        "The figures cover the 12 months "
        "from {start} to {end}, compared with the 12 months before."),
    "data_period": ("Gegevens", "Data period"),
    "data_period_value": ("{start} t/m {end}", "{start} to {end}"),
    "current_window": ("Periode", "Period"),
    "totals_title": ("De cijfers in het kort", "The figures at a glance"),
    "customers_count": ("Klanten", "Customers"),
    "net_profit_explained": (
        "Nettowinst is marge min de kosten van bediening (spoedorders, maatwerk, ondersteuning, klachten, "
        "bezoeken): wat een klant ons echt oplevert.",
        "Net profit is margin minus the cost to serve (rush orders, custom work, support, complaints, "
        "visits): what a customer really brings in."),
    "no_margin_note": (
        "Zonder kostprijs in de transacties zijn marge en nettowinst niet te berekenen.",
        "Without cost of goods in the transactions, margin and net profit cannot be computed."),
    "kpis_title": ("Focus-KPI's", "Focus KPIs"),
    "kpis_intro": (
        "De paar cijfers die volgens ons beleid het klantbehoud sturen. We meten ze bij elk rapport en "
        "leren van de uitschieters, niet van het gemiddelde.",
        "The few figures our policy says drive customer retention. We measure them in every report and "
        "learn from the outliers, not the average."),
    "kpi_change_since_report": ("{change} sinds het rapport van {date}", "{change} since the report of {date}"),
    "kpi_report_value": ("Rapport van {date}: {value}", "Report of {date}: {value}"),
    "kpi_change_window": ("{change} ten opzichte van de vorige 12 maanden",
                          "{change} compared with the previous 12 months"),
    "kpi_previous_window": ("Vorige 12 maanden: {value}", "Previous 12 months: {value}"),
    "kpi_no_previous": ("Geen vergelijking: geen eerder rapport en geen cijfer over de vorige 12 maanden.",
                        "No comparison: no earlier report and no figure for the previous 12 months."),
    "kpis_since_report": ("Vergeleken met het vorige rapport, van {date}.",
                          "Compared with the previous report, of {date}."),
    "kpi_unknown_before": ("Niet te vergelijken: onbekend in het vorige rapport en in de vorige 12 maanden.",
                           "Cannot be compared: unknown in the previous report and in the previous 12 months."),
    "kpis_no_report": ("Er is nog geen eerder rapport; daarom staan de KPI's, waar bekend, naast de 12 maanden "
                       "ervoor.",
                       "There is no earlier report yet, so the KPIs are set, where known, against the 12 months "
                       "before."),
    "kpis_report_without_kpis": (
        "Het vorige rapport, van {date}, bewaarde nog geen KPI's; daarom staan de KPI's, waar bekend, naast de "
        "12 maanden ervoor.",
        "The previous report, of {date}, did not store KPIs yet, so the KPIs are set, where known, against the "
        "12 months before."),
    "percentage_points": ("{n}\u00a0procentpunt", "{n}\u00a0{n|percentage point|percentage points}"),
    "segments_title": ("Segmenten", "Segments"),
    "segments_intro": (
        "Elke klant valt in precies één segment: het eerste in de volgorde van het beleid waarvan de "
        "voorwaarde klopt. De grafiek zet het aandeel klanten naast het aandeel omzet.",
        "Every customer is in exactly one segment: the first in the policy's order whose condition "
        "holds. The chart sets the share of customers beside the share of revenue."),
    "share_customers": ("Aandeel klanten", "Share of customers"),
    "share_revenue": ("Aandeel omzet", "Share of revenue"),
    "series_customers": ("Klanten", "Customers"),
    "series_revenue": ("Omzet", "Revenue"),
    "series_margin": ("Marge", "Margin"),
    "chart_segments_label": ("Staafdiagram: aandeel klanten en aandeel omzet per segment",
                             "Bar chart: share of customers and share of revenue per segment"),
    "quadrant_title": ("Waarde tegenover last", "Value versus burden"),
    "quadrant_intro": (
        "Elke stip is een klant, in de kleur van zijn segment. Naar rechts meer waarde (marge, kennis, "
        "plezier, netwerk, prestige), naar boven meer last (kosten van bediening, klachten, te laat "
        "betalen). Klik op een stip om de klant te openen.",
        "Each dot is a customer, in its segment's colour. To the right more value (margin, knowledge, "
        "pleasure, network, prestige), upwards more burden (cost to serve, complaints, paying late). "
        "Click a dot to open the customer."),
    "quadrant_summary": (
        "{hv_lb} {hv_lb|klant is|klanten zijn} waardevol en {hv_lb|vraagt|vragen} weinig, {hv_hb} "
        "{hv_hb|is|zijn} waardevol maar veeleisend, {lv_hb} {lv_hb|kost|kosten} veel moeite voor weinig "
        "waarde en {lv_lb} {lv_lb|levert|leveren} weinig op en {lv_lb|vraagt|vragen} weinig (grens bij score 50).",
        "{hv_lb} {hv_lb|customer is|customers are} valuable and easy, {hv_hb} {hv_hb|is|are} valuable but "
        "demanding, {lv_hb} {lv_hb|takes|take} much effort for little value and {lv_lb} {lv_lb|brings|bring} "
        "little and {lv_lb|asks|ask} little (split at score 50)."),
    "quadrant_missing": ("{n} {n|klant zonder waarde- of lastscore staat|klanten zonder waarde- of lastscore "
                         "staan} niet in de grafiek.",
                         "{n} {n|customer without a value or burden score is|customers without a value or "
                         "burden score are} not in the chart."),
    "q_axis_value": ("Waardescore", "Value score"),
    "q_axis_burden": ("Lastscore", "Burden score"),
    "q_axis_future": ("Toekomstscore", "Future score"),
    "q_hv_lb": ("Waardevol, weinig last", "Valuable, little burden"),
    "q_hv_hb": ("Waardevol, veel last", "Valuable, demanding"),
    "q_lv_hb": ("Weinig waarde, veel last", "Little value, demanding"),
    "q_lv_lb": ("Weinig waarde, weinig last", "Little value, little burden"),
    "chart_quadrant_label": ("Spreidingsdiagram: waardescore tegenover lastscore per klant",
                             "Scatter chart: value score against burden score per customer"),
    "whale_title": ("Walviscurve", "Whale curve"),
    "whale_intro": (
        "De klanten gerangschikt van meest naar minst winstgevend. De lijn telt hun nettowinst op, als "
        "aandeel van de totale nettowinst. Komt de lijn boven 100\u00a0%, dan eten de klanten rechts van de "
        "top een deel van de winst weer op.",
        "Customers ranked from most to least profitable. The line adds up their net profit as a share "
        "of total net profit. Where the line rises above 100%, the customers right of the peak eat "
        "part of the profit again."),
    "whale_summary": (
        "De {top} winstgevende {top|klant|klanten} ({top_share} van alle klanten) {top|levert|leveren samen} "
        "{peak} van de totale nettowinst op. De {rest} {rest|klant|klanten} met verlies {rest|kost|kosten samen} "
        "{loss}.",
        "The {top} profitable {top|customer|customers} ({top_share} of all customers) {top|makes|together make} "
        "{peak} of total net profit. The {rest} loss-making {rest|customer|customers} {rest|costs|together cost} "
        "{loss}."),
    "whale_summary_no_loss": (
        "Geen enkele klant draait verlies: de lijn stijgt tot 100\u00a0%.",
        "No customer makes a loss: the line rises to 100%."),
    "whale_unavailable": (
        "De walviscurve heeft de nettowinst per klant nodig; die ontbreekt (zie Datakwaliteit).",
        "The whale curve needs each customer's net profit, which is missing (see Data quality)."),
    # two lines (\n): on one line the title is wider than the chart on a phone
    "whale_x": ("Aandeel klanten,\nvan meest naar minst winstgevend", "Share of customers,\nmost to least profitable"),
    "whale_y": ("Opgeteld aandeel nettowinst", "Cumulative share of net profit"),
    "chart_whale_label": ("Lijndiagram: walviscurve van de nettowinst", "Line chart: whale curve of net profit"),
    "silent_title": ("Stille klanten", "Silent customers"),
    "silent_intro": (
        "{n} {n|klant heeft|klanten hebben} langer dan {days}\u00a0{days|dag|dagen} niets van ons gehoord en niets "
        "gekocht. Veel relaties "
        "gaan verloren doordat de leverancier stil blijft: bel ze. Hieronder de grootste, op omzet.",
        "{n} {n|customer has|customers have} not heard from us or bought anything for more than "
        "{days}\u00a0{days|day|days}. Many "
        "relationships are lost because the supplier stays silent: call them. Below, the largest by revenue."),
    "silent_none": ("Geen stille klanten: met iedereen was er de afgelopen {days}\u00a0{days|dag|dagen} contact.",
                    "No silent customers: there was contact with everyone in the last {days}\u00a0{days|day|days}."),
    "arrears_title": ("Betalingsachterstanden", "Overdue payments"),
    "arrears_intro": (
        "{n} {n|klant heeft|klanten hebben} een factuur die meer dan {days}\u00a0{days|dag|dagen} over de "
        "vervaldatum is; {n|er staat|samen staat er} {amount} open. Bel vriendelijk en concreet.",
        "{n} {n|customer has|customers have} an invoice more than {days}\u00a0{days|day|days} past due; "
        "{n||together }{amount} is outstanding. Call in a friendly, concrete way."),
    "arrears_none": ("Geen klanten met een betalingsachterstand boven {days}\u00a0{days|dag|dagen}.",
                     "No customers with payments more than {days}\u00a0{days|day|days} overdue."),
    "leakage_title": ("Service buiten het recht", "Service beyond entitlement"),
    "leakage_intro": (
        "In de afgelopen 12 maanden leverden we voor {amount} aan diensten waar klanten volgens hun "
        "segment en contract geen recht op hadden, bij {n} {n|klant|klanten}. Maak er een afspraak van, met een "
        "prijs, of stop ermee — consequent, want extra's voor de een en niet voor de ander frustreren klanten.",
        "In the last 12 months we delivered {amount} of services that customers were not entitled to by "
        "their segment and contract, for {n} {n|customer|customers}. Make it an agreement, with a price, or stop — "
        "consistently, because extras for one and not another frustrate customers."),
    "leakage_none": ("Geen service buiten het recht in de afgelopen 12 maanden.",
                     "No service beyond entitlement in the last 12 months."),
    "leakage_unavailable": ("Weglek is niet te berekenen zonder gegevens over het gebruik van diensten.",
                            "Leakage cannot be computed without data on the use of services."),
    "top_actions_title": ("Eerst doen", "Do first"),
    "top_actions_intro": ("De acties met prioriteit 1. Alle acties, per accountmanager, staan op de pagina Acties.",
                          "The actions with priority 1. All actions, by account manager, are on the Actions page."),
    "top_actions_none": ("Geen acties met prioriteit 1.", "No priority 1 actions."),
    "all_actions_link": ("Alle acties", "All actions"),
    "moves_title": ("Verschuivingen sinds het vorige rapport", "Moves since the previous report"),
    "moves_intro": ("{n} {n|klant zit|klanten zitten} in een ander segment dan in het vorige rapport; {new} "
                    "{new|klant is|klanten zijn} nieuw en {gone} {gone|staat|staan} er niet meer in.",
                    "{n} {n|customer is|customers are} in a different segment than in the previous report; {new} "
                    "{new|customer is|customers are} new and {gone} {gone|is|are} no longer in it."),
    "moves_previous_date": ("Vorig rapport: {date}.", "Previous report: {date}."),
    "moves_caption": (
        "Aantal klanten per segment in het vorige rapport (rijen) en nu (kolommen). Op de diagonaal staan de "
        "klanten die bleven.",
        "Customers per segment in the previous report (rows) and now (columns). On the diagonal the "
        "customers who stayed."),
    "moves_corner": ("Vorig rapport ↓ · nu →", "Previous report ↓ · now →"),
    "moves_new": ("Nieuw", "New"),
    "moves_gone": ("Niet meer in het rapport", "No longer in the report"),
    "moves_stayed": ("bleven", "stayed"),
    "outliers_title": ("Uitschieters", "Outliers"),
    "outliers_intro": (
        "Leer van de uitschieters, niet van het gemiddelde: de klanten met de grootste omzetverandering "
        "en de grootste verliezen en kosten, elk met de cijfers die hen daar zetten.",
        "Learn from outliers, not averages: the customers with the biggest change in revenue and the "
        "biggest losses and costs, each with the figures that put them there."),
    "outliers_risers": ("Grootste stijgers in omzet", "Biggest risers in revenue"),
    "outliers_fallers": ("Grootste dalers in omzet", "Biggest fallers in revenue"),
    "outliers_losses": ("Grootste verlies", "Biggest losses"),
    "outliers_cost": ("Hoogste kosten van bediening", "Highest cost to serve"),
    "col_change": ("Verandering", "Change"),
    "quadrant_sampled": (
        "Met {n} klanten zou de grafiek een wolk van stippen zijn. De vlakken tonen hoeveel klanten in elk "
        "deel vallen (hoe donkerder, hoe meer); de stippen zijn een vaste steekproef van {shown} klanten uit "
        "alle segmenten. Klik op een stip om de klant te openen; alle klanten staan in de klantenlijst.",
        "With {n} customers the chart would be a cloud of dots. The shaded cells show how many customers "
        "fall in each part (the darker, the more); the dots are a fixed sample of {shown} customers from "
        "every segment. Click a dot to open the customer; every customer is in the customer list."),
    "moves_none": ("Geen klant is van segment veranderd sinds het vorige rapport.",
                   "No customer changed segment since the previous report."),
    "col_from": ("Van", "From"),
    "col_to": ("Naar", "To"),
    "col_count": ("Aantal", "Count"),
    "new_in_report": ("(nieuw)", "(new)"),
    # --- shared table columns
    "col_name": ("Naam", "Name"),
    "col_customer": ("Klant", "Customer"),
    "col_segment": ("Segment", "Segment"),
    "col_customers": ("Klanten", "Customers"),
    "col_action": ("Actie", "Action"),
    "col_revenue_12m": ("Omzet 12 mnd", "Revenue 12m"),
    "col_net_profit_12m": ("Nettowinst 12 mnd", "Net profit 12m"),
    "col_value_score": ("Waarde", "Value"),
    "col_burden_score": ("Last", "Burden"),
    "col_future_score": ("Toekomst", "Future"),
    "col_reason": ("Waarom", "Why"),
    "col_service": ("Dienst", "Service"),
    "col_usage": ("Gebruik", "Usage"),
    "col_cost": ("Kosten", "Cost"),
    "col_entitled": ("Recht op", "Entitled"),
    "col_beyond": ("Buiten recht", "Beyond entitlement"),
    "col_month": ("Maand", "Month"),
    # --- segment pages
    "segment_rule_n": ("Regel {i} van {n}", "Rule {i} of {n}"),
    "segment_condition": ("Voorwaarde", "Condition"),
    "segment_catch_all": (
        "Dit is het laatste segment, het vangnet: hier vallen alle klanten voor wie geen eerdere regel klopte.",
        "This is the last segment, the catch-all: it takes every customer for whom no earlier rule held."),
    "condition_names": ("Gebruikte gegevens", "Measures used"),
    "segment_entitlements": ("Recht op", "Entitled to"),
    "segment_entitlements_note": ("Daarbij komt wat het contract van de klant toekent.",
                                  "On top of this comes what the customer's contract grants."),
    "segment_entitlements_none": ("Geen diensten bovenop het contract.", "No services beyond the contract."),
    "segment_playbook": ("Aanpak", "Playbook"),
    "segment_playbook_none": ("Geen vaste acties voor dit segment.", "No standard actions for this segment."),
    "segment_members": ("Klanten in dit segment", "Customers in this segment"),
    "segment_members_intro": ("Gesorteerd op waardescore, hoogste eerst.", "Sorted by value score, highest first."),
    "segment_members_none": ("Er zitten geen klanten in dit segment.", "There are no customers in this segment."),
    "segment_members_more": ("Hieronder de {shown} klanten met de hoogste waardescore, van {n}.",
                             "Below the {shown} customers with the highest value score, of {n}."),
    "segment_members_all": ("{n|De enige klant|Alle {n} klanten} van dit segment in de klantenlijst",
                            "{n|The only customer|All {n} customers} of this segment in the customer list"),
    "segment_key_numbers": ("Kerncijfers", "Key figures"),
    "segment_chart_title": ("Waarde en last", "Value and burden"),
    "avg_score": ("Gemiddelde {score}", "Average {score}"),
    "segments_overview_link": ("Alle segmenten", "All segments"),
    # --- customer index
    "customers_title": ("Klanten", "Customers"),
    "customers_intro": (
        "{n|De enige klant|Alle {n} klanten}. Zoek op naam of klantnummer, filter op segment of accountmanager, "
        "en klik op een kolomkop om te sorteren.",
        "{n|The only customer|All {n} customers}. Search by name or customer id, filter by segment or account "
        "manager, and click a column heading to sort."),
    "search_label": ("Zoeken", "Search"),
    "search_placeholder": ("Naam of klantnummer", "Name or customer id"),
    "filter_segment": ("Segment", "Segment"),
    "filter_account_manager": ("Accountmanager", "Account manager"),
    "filter_all": ("Alle", "All"),
    "filter_reset": ("Wis filters", "Clear filters"),
    "count_template": ("{shown} van {total} {total|klant|klanten}", "{shown} of {total} {total|customer|customers}"),
    "index_noscript": (
        "De klantenlijst heeft JavaScript nodig om {n} {n|klant|klanten} te doorzoeken. Zonder JavaScript staan de "
        "klanten per segment op de segmentpagina's, en alle cijfers in scores.csv naast deze map.",
        "The customer list needs JavaScript to search {n} {n|customer|customers}. Without JavaScript the customers are "
        "listed per segment on the segment pages, and every figure is in scores.csv."),
    "pager_label": ("Bladeren door de klantenlijst", "Page through the customer list"),
    "pager_previous": ("Vorige", "Previous"),
    "pager_next": ("Volgende", "Next"),
    "pager_status": ("{first}–{last} van {total}", "{first}–{last} of {total}"),
    "no_customers_found": ("Geen klanten gevonden. Wis de filters of zoek op iets anders.",
                           "No customers found. Clear the filters or search for something else."),
    "filters_label": ("Zoeken en filteren", "Search and filter"),
    # --- customer page
    "back_to_customers": ("Alle klanten", "All customers"),
    "breadcrumb": ("Kruimelpad", "Breadcrumb"),
    "customer_profile": ("Profiel", "Profile"),
    "tenure_value": ("{since} ({tenure})", "{since} ({tenure})"),
    "tenure_years": ("{n}\u00a0jaar", "{n}\u00a0{n|year|years}"),
    "tenure_months": ("{n}\u00a0{n|maand|maanden}", "{n}\u00a0{n|month|months}"),
    "tenure_new": ("nieuw", "new"),
    "previous_segment": ("Segment in het vorige rapport", "Segment in the previous report"),
    "moved_from": ("verschoven van {segment}", "moved from {segment}"),
    "new_since_previous": ("nieuw sinds het vorige rapport", "new since the previous report"),
    "trend_vs_previous": ("vorige 12 mnd: {value}", "previous 12 months: {value}"),
    "trend_up": ("gestegen", "up"),
    "trend_down": ("gedaald", "down"),
    "trend_flat": ("gelijk", "unchanged"),
    "since_previous_report": ("sinds het vorige rapport", "since the previous report"),
    "payments_title": ("Betalingen", "Payments"),
    "payments_overdue": ("{amount} staat open over de vervaldatum.", "{amount} is outstanding past the due date."),
    "payments_none": ("Geen facturen over de vervaldatum.", "No invoices past their due date."),
    "payments_unknown": ("Zonder vervaldatums in de transacties is het betaalgedrag niet te berekenen.",
                         "Without due dates in the transactions, payment behaviour cannot be computed."),
    "timeline_title": ("Contactmomenten en aankopen", "Contacts and purchases"),
    "timeline_intro": ("De afgelopen 12 maanden, nieuwste eerst.", "The last 12 months, newest first."),
    "timeline_cut": ("Hieronder de laatste {n}.", "Below the latest {n}."),
    "timeline_none": ("Geen contact of aankopen in de afgelopen 12 maanden.",
                      "No contact or purchases in the last 12 months."),
    "timeline_notes_hidden": (
        "Notities bij contactmomenten staan niet in dit rapport (privacy: notes in config.yaml).",
        "Notes on contacts are left out of this report (privacy: notes in config.yaml)."),
    "col_date": ("Datum", "Date"),
    "col_event": ("Wat", "What"),
    "col_detail": ("Details", "Details"),
    "col_note": ("Notitie", "Note"),
    "purchase": ("Aankoop", "Purchase"),
    "purchase_of": ("Aankoop ({kind})", "Purchase ({kind})"),
    "orders_n": ("{n} {n|order|orders}", "{n} {n|order|orders}"),
    "minutes_n": ("{n}\u00a0min", "{n}\u00a0min"),
    "severity_n": ("ernst {n}", "severity {n}"),
    "scorecard_title": ("Scorekaart", "Scorecard"),
    "scorecard_intro": (
        "Drie scores van 0 tot 100: waarde (wat de klant ons brengt), last (wat de klant ons kost aan "
        "tijd en moeite) en toekomst. Per score staat eronder waar hij vandaan komt.",
        "Three scores from 0 to 100: value (what the customer brings us), burden (what the customer costs "
        "us in time and effort) and future. Below each score, where it comes from."),
    "col_component": ("Onderdeel", "Component"),
    "col_measured": ("Gemeten", "Measured"),
    "col_normalised": ("Op schaal 0–100", "On a 0–100 scale"),
    "col_weight": ("Gewicht", "Weight"),
    "col_effective_weight": ("Effectief", "Effective"),
    "output_files_title": ("Bestanden voor spreadsheets en scripts", "Files for spreadsheets and scripts"),
    "output_files_intro": ("Naast de pagina's staan in de hoofdmap van de site vier bestanden met dezelfde "
                           "cijfers, om verder te rekenen of in een script te gebruiken.",
                           "Beside the pages, the site's root folder holds four files with the same figures, to "
                           "compute further or to use in a script."),
    "score_coverage": ("Berekend op {share} van het gewicht: de gewichten van de bekende componenten zijn "
                       "herschaald (kolom Effectief).",
                       "Computed on {share} of the weight: the known components' weights are re-normalised "
                       "(column Effective)."),
    "inverted_note": ("lager is meer", "lower counts as more"),
    "component_missing": ("ontbreekt — telt niet mee", "missing — left out"),
    "score_missing": ("Geen score: geen van de onderdelen is bekend.", "No score: none of the components is known."),
    "band_label": ("band: {band}", "band: {band}"),
    "recommendations_title": ("Aanbevelingen", "Recommendations"),
    "recommendations_none": ("Geen aanbevolen acties voor deze klant.", "No recommended actions for this customer."),
    "letter_title": ("Conceptbrief", "Draft letter"),
    "copy": ("Kopiëren", "Copy"),
    "copied": ("Gekopieerd", "Copied"),
    "trace_title": ("Hoe het segment is gekozen", "How the segment was chosen"),
    "trace_intro": (
        "De regels van het beleid, in volgorde. De eerste regel die klopt, bepaalt het segment. Ontbreekt "
        "een gegeven, dan is de uitkomst 'onbekend' en telt de regel niet als waar.",
        "The policy's rules, in order. The first rule that holds decides the segment. When a value is "
        "missing the outcome is 'unknown', which does not count as true."),
    "col_rule": ("Regel", "Rule"),
    "col_result": ("Uitkomst", "Outcome"),
    "col_values": ("Waarden van deze klant", "This customer's values"),
    "trace_true": ("waar", "true"),
    "trace_false": ("onwaar", "false"),
    "trace_unknown": ("onbekend", "unknown"),
    "trace_not_reached": ("niet meer bekeken", "not reached"),
    "trace_catch_all": ("vangnet", "catch-all"),
    "trace_chosen": ("gekozen", "chosen"),
    "monthly_title": ("Omzet en marge per maand", "Revenue and margin by month"),
    "monthly_intro": (
        "De afgelopen 12 maanden (doorgetrokken lijn) tegenover dezelfde maanden een jaar eerder (gestippeld).",
        "The last 12 months (solid line) against the same months a year earlier (dashed)."),
    "monthly_none": ("Geen aankopen in de afgelopen twee jaar.", "No purchases in the last two years."),
    "period_current": ("Afgelopen 12 maanden", "Last 12 months"),
    "period_previous": ("Jaar ervoor", "Year before"),
    "chart_monthly_label": ("Lijndiagram: omzet en marge per maand, dit jaar en vorig jaar",
                            "Line chart: revenue and margin by month, this year and last year"),
    "col_revenue_current": ("Omzet", "Revenue"),
    "col_revenue_previous": ("Omzet jaar ervoor", "Revenue year before"),
    "col_margin_current": ("Marge", "Margin"),
    "col_margin_previous": ("Marge jaar ervoor", "Margin year before"),
    "cost_title": ("Kosten van bediening", "Cost to serve"),
    "cost_intro": (
        "Wat het ons de afgelopen 12 maanden kostte om deze klant te bedienen, per dienst, tegen de interne "
        "kosten uit het beleid. 'Buiten recht' is service die segment en contract niet toekennen.",
        "What serving this customer cost us in the last 12 months, per service, at the internal cost in "
        "the policy. 'Beyond entitlement' is service that neither segment nor contract grants."),
    "cost_none": ("Geen gegevens over het gebruik van diensten.", "No data on the use of services."),
    "per_unit": ("{cost} per {unit}", "{cost} per {unit}"),
    "measures_title": ("Alle gegevens", "All measures"),
    "measures_intro": ("Alles wat we over deze klant hebben berekend, per onderwerp. De definities staan op de pagina Methode.",
                       "Everything computed for this customer, by topic. Definitions are on the Methodology page."),
    "late_payer_note": ("Deze klant betaalt te laat volgens de huisregel ({days}\u00a0{days|dag|dagen}).",
                        "This customer pays late by the house rule ({days}\u00a0{days|day|days})."),
    # --- actions page
    "actions_title": ("Acties", "Actions"),
    "actions_intro": (
        "Alle aanbevolen acties, per accountmanager en op prioriteit (1 = eerst). Een klik op de klant opent "
        "de onderbouwing en, waar nodig, een conceptbrief.",
        "All recommended actions, by account manager and priority (1 = first). Click a customer for the "
        "reasoning and, where needed, a draft letter."),
    "actions_none": ("Geen aanbevolen acties.", "No recommended actions."),
    "actions_count": ("{n} {n|actie|acties}", "{n} {n|action|actions}"),
    "letter_on_page": ("conceptbrief op de klantpagina", "draft letter on the customer page"),
    "actions_toc": ("Accountmanagers", "Account managers"),
    "actions_paged_intro": (
        "Er zijn {n} acties: te veel voor één pagina. Daarom heeft elke accountmanager eigen pagina's van "
        "hoogstens {rows} acties, prioriteit 1 eerst.",
        "There are {n} actions: too many for one page. So every account manager has pages of their own of at "
        "most {rows} actions, priority 1 first."),
    "actions_csv_note": ("De volledige lijst, één regel per actie, om te filteren in een spreadsheet:",
                         "The complete list, one row per action, to filter in a spreadsheet:"),
    "actions_by_manager": ("Per accountmanager", "By account manager"),
    "actions_by_manager_intro": (
        "Het aantal acties per prioriteit. Een klik op een aantal opent de pagina waar die prioriteit begint; "
        "een klik op de naam de eerste pagina.",
        "The number of actions per priority. Click a number to open the page where that priority begins; click "
        "the name for the first page."),
    "actions_priority_link": ("{n} {n|actie|acties} met prioriteit {p} van {name}",
                              "{n} priority {p} {n|action|actions} of {name}"),
    "col_total": ("Totaal", "Total"),
    "col_pages": ("Pagina's", "Pages"),
    "actions_manager_title": ("Acties van {name}", "Actions for {name}"),
    "actions_manager_intro": ("{n} aanbevolen {n|actie|acties}, op prioriteit (1 = eerst). Een klik op de klant "
                              "opent de onderbouwing.",
                              "{n} recommended {n|action|actions}, by priority (1 = first). Click a customer for "
                              "the reasoning."),
    "actions_page_status": ("Pagina {n} van {total}: acties {first}–{last}.",
                            "Page {n} of {total}: actions {first}–{last}."),
    "page_of": ("pagina {n} van {total}", "page {n} of {total}"),
    "actions_from_page": ("vanaf pagina {n}", "from page {n}"),
    "actions_pages_label": ("Pagina's met acties van {name}", "Pages of actions for {name}"),
    "actions_pager_top": ("boven", "top"),
    "actions_pager_bottom": ("onder", "bottom"),
    "actions_continued": ("(vervolg)", "(continued)"),
    "actions_back": ("Alle accountmanagers", "All account managers"),
    # --- policy page
    "policy_title": ("Beleid", "Policy"),
    "policy_intro": (
        "Wat we wel en niet doen, voor wie, en wat we aanraden. Deze pagina komt rechtstreeks uit het "
        "beleidsbestand ({company}).",
        "What we do and don't do, for whom, and what we recommend. This page comes straight from the "
        "policy file ({company})."),
    "services_title": ("Wat we doen", "What we do"),
    "services_intro": ("Onze diensten en wat één eenheid ons intern kost.", "Our services and what one unit costs us internally."),
    "col_internal_cost": ("Interne kosten", "Internal cost"),
    "col_unit": ("Eenheid", "Unit"),
    "we_dont_title": ("Wat we niet doen", "What we don't do"),
    "contracts_title": ("Contracten", "Contracts"),
    "contracts_intro": ("Waar elke contractvorm recht op geeft. Het recht van een klant is dat van zijn segment plus dat van zijn contract.",
                        "What each contract type entitles to. A customer's entitlement is its segment's plus its contract's."),
    "col_contract": ("Contract", "Contract"),
    "col_entitlements": ("Recht op", "Entitled to"),
    "matrix_title": ("Rechten per segment", "Entitlements per segment"),
    "matrix_intro": ("Welke diensten elk segment krijgt, bovenop het contract.", "Which services each segment gets, on top of the contract."),
    "entitled_mark": ("recht op", "entitled"),
    "not_entitled_mark": ("geen recht", "not entitled"),
    "house_rules_title": ("Huisregels", "House rules"),
    "payment_terms_rule": ("Betaaltermijn: {n}\u00a0{n|dag|dagen}.", "Payment terms: {n}\u00a0{n|day|days}."),
    "arrears_rule": ("Staat een factuur meer dan {n}\u00a0{n|dag|dagen} na de vervaldatum open, dan is de klant een "
                     "late betaler.",
                     "An invoice unpaid more than {n}\u00a0{n|day|days} past its due date makes the customer a late "
                     "payer."),
    "silence_rule": ("Na {n}\u00a0{n|dag|dagen} zonder aankoop of contact noemen we een klant stil.",
                     "After {n}\u00a0{n|day|days} without a purchase or contact we call a customer silent."),
    "segment_order_title": ("Segmenten, in volgorde", "Segments, in order"),
    "segment_order_intro": ("De eerste regel die klopt, bepaalt het segment.", "The first rule that holds decides the segment."),
    "actions_catalogue_title": ("Acties", "Actions"),
    "action_condition": ("Ook aanbevolen aan elke klant voor wie geldt:", "Also recommended to every customer for whom:"),
    "partners_title": ("Doorverwijspartners", "Referral partners"),
    "partners_intro": ("Leveranciers naar wie we klanten verwijzen als we afscheid nemen.",
                       "Suppliers we refer customers to when we part ways."),
    "col_partner": ("Partner", "Partner"),
    "col_sector": ("Sector", "Sector"),
    "col_contact": ("Contact", "Contact"),
    "col_partner_note": ("Toelichting", "Note"),
    "any_sector": ("alle sectoren", "any sector"),
    "letter_action": ("met conceptbrief", "with draft letter"),
    # --- methodology page
    "methodology_title": ("Methode", "Methodology"),
    "methodology_intro": (
        "Hoe dit rapport is berekend: de scores, de segmentregel, RFM, de toekomstige waarde en de "
        "definitie van elk gegeven.",
        "How this report was computed: the scores, the segment rule, RFM, future value and the "
        "definition of every measure."),
    "scores_title": ("Scores", "Scores"),
    "scores_intro": (
        "Elke score is een gewogen gemiddelde van onderdelen, die eerst elk naar een schaal van 0 tot 100 "
        "zijn omgerekend. De onderdelen en gewichten komen uit het beleid.",
        "Each score is a weighted mean of components, each first converted to a 0 to 100 scale. The "
        "components and weights come from the policy."),
    "normalisation_title": ("Van gegeven naar 0–100", "From measure to 0–100"),
    "norm_robust": (
        "Bedragen, aantallen en verhoudingen: robuuste min–max tussen het 5e en 95e percentiel over alle "
        "klanten. Het 5e percentiel wordt 0, het 95e wordt 100, daartussen lineair; uitschieters worden "
        "afgekapt op 0 of 100.",
        "Amounts, counts and ratios: robust min–max between the 5th and 95th percentile across all "
        "customers. The 5th percentile becomes 0, the 95th becomes 100, linear in between; outliers are "
        "capped at 0 or 100."),
    "norm_rating": ("Beoordelingen 1–5: lineair naar 0–100 (1 → 0, 3 → 50, 5 → 100).",
                    "Ratings 1–5: linear to 0–100 (1 → 0, 3 → 50, 5 → 100)."),
    "norm_probability": ("Kansen (0–1): maal 100.", "Probabilities (0–1): times 100."),
    "norm_inverted": ("Omgekeerde onderdelen (lager is meer): 100 min de genormaliseerde waarde. In dit beleid: {names}.",
                      "Inverted components (lower counts as more): 100 minus the normalised value. In this policy: {names}."),
    "norm_inverted_none": ("Omgekeerde onderdelen: geen in dit beleid.", "Inverted components: none in this policy."),
    "norm_missing": (
        "Ontbreekt een onderdeel bij een klant (bijvoorbeeld geen beoordeling), dan telt het niet mee en "
        "worden de gewichten van de overige onderdelen naar verhouding opgehoogd. Ontbreken alle "
        "onderdelen, dan ontbreekt de score.",
        "When a component is missing for a customer (say, no assessment) it is left out and the weights "
        "of the other components are renormalised. When all components are missing, so is the score."),
    "bands_text": ("Banden: laag onder {low}, hoog vanaf {high}, daartussen midden.",
                   "Bands: low below {low}, high from {high}, mid in between."),
    "col_score": ("Score", "Score"),
    "col_share": ("Aandeel", "Share"),
    "segments_rule_title": ("De segmentregel", "The segment rule"),
    "segments_rule_text": (
        "De segmenten van het beleid worden in volgorde geprobeerd; de eerste waarvan de voorwaarde waar "
        "is, wint. Het laatste segment heeft geen voorwaarde en vangt alle overige klanten op.",
        "The policy's segments are tried in order; the first whose condition is true wins. The last "
        "segment has no condition and takes every other customer."),
    "segments_missing_rule": (
        "Ontbrekende waarden: een vergelijking met een ontbrekende waarde is 'onbekend', 'niet onbekend' "
        "is ook onbekend, en een regel telt alleen als hij echt waar is. Een klant zonder beoordeling is "
        "dus nooit 'laag op prestige'.",
        "Missing values: a comparison with a missing value is 'unknown', 'not unknown' is unknown too, "
        "and a rule only counts when it is really true. So a customer without an assessment is never "
        "'low on prestige'."),
    "rfm_title": ("RFM", "RFM"),
    "rfm_text": (
        "R (recency), F (frequency) en M (monetary) zijn kwintielscores van 1 tot 5 over alle klanten die "
        "ooit kochten: R uit de dagen sinds de laatste aankoop (minder dagen is hoger), F uit het aantal "
        "orders en M uit de omzet in de afgelopen 12 maanden. Gelijke waarden krijgen dezelfde score. Het "
        "RFM-segment volgt uit R en FM, het gemiddelde van F en M (half naar boven afgerond):",
        "R (recency), F (frequency) and M (monetary) are quintile scores from 1 to 5 across all customers "
        "who ever bought: R from days since the last purchase (fewer days is higher), F from the number "
        "of orders and M from revenue in the last 12 months. Equal values get equal scores. The RFM segment "
        "follows from R and FM, the mean of F and M (rounded half up):"),
    "rfm_grid_caption": ("RFM-segment per combinatie van R (rijen) en FM (kolommen)",
                         "RFM segment per combination of R (rows) and FM (columns)"),
    "future_title": ("Toekomstige waarde", "Future value"),
    "future_method": ("Gebruikte methode: {method}.", "Method used: {method}."),
    "method_kpis_title": ("Focus-KPI's en het vorige rapport", "Focus KPIs and the previous report"),
    "method_kpis_text": (
        "Het overzicht toont de focus-KPI's uit het beleid. Elke build bewaart zijn KPI-waarden in de historie "
        "(config: history), naast het segment en de scores per klant. Een KPI staat naast het vorige rapport: de "
        "meest recente bewaarde build met een eerdere rapportdatum. De verandering is de waarde nu min de waarde "
        "in dat rapport, met de datum van dat rapport erbij. Is er geen eerder rapport, of bewaarde het die KPI "
        "nog niet, dan staat de KPI naast de 12 maanden vóór de huidige periode, en dat staat er ook bij. KPI's "
        "op één moment (stille klanten, late betalers, achterstallig) kennen geen vorige periode: die zijn alleen "
        "met een eerder rapport te vergelijken.",
        "The overview shows the policy's focus KPIs. Every build stores its KPI values in the history (config: "
        "history), beside each customer's segment and scores. A KPI is set against the previous report: the most "
        "recent stored build with an earlier report date. The change is the value now minus the value in that "
        "report, shown with that report's date. Without an earlier report, or when it did not store that KPI yet, "
        "the KPI is set against the 12 months before the current period, and says so. Point-in-time KPIs (silent "
        "customers, late payers, overdue) have no previous period: only an earlier report can compare them."),
    "future_method_bgnbd": ("BG/NBD voor het aantal aankopen en Gamma-Gamma voor de waarde per aankoop",
                            "BG/NBD for the number of purchases and Gamma-Gamma for the value per purchase"),
    "future_method_simple": ("eenvoudige methode (te weinig gegevens voor het statistische model)",
                             "simple method (too little data for the statistical model)"),
    "catalogue_title": ("Alle gegevens", "All measures"),
    "catalogue_intro": (
        "Elk gegeven dat per klant wordt berekend, met zijn eenheid en definitie. Voorwaarden in het beleid "
        "gebruiken de namen in de tweede kolom.",
        "Every measure computed per customer, with its unit and definition. Conditions in the policy use "
        "the names in the second column."),
    "col_label": ("Gegeven", "Measure"),
    "col_code": ("Naam", "Name"),
    "col_kind": ("Eenheid", "Unit"),
    "col_definition": ("Definitie", "Definition"),
    "col_sources": ("Bronnen", "Sources"),
    "kind_money": ("bedrag ({currency})", "amount ({currency})"),
    "kind_number": ("getal", "number"),
    "kind_count": ("aantal", "count"),
    "kind_days": ("dagen", "days"),
    "kind_ratio": ("verhouding (%)", "ratio (%)"),
    "kind_rating": ("beoordeling 1–5", "rating 1–5"),
    "kind_score": ("score 0–100", "score 0–100"),
    "kind_probability": ("kans (%)", "probability (%)"),
    "kind_date": ("datum", "date"),
    "kind_text": ("tekst", "text"),
    "kind_bool": ("ja/nee", "yes/no"),
    # --- data quality page
    "dq_title": ("Datakwaliteit", "Data quality"),
    "dq_intro": (
        "Wat er is ingelezen, wat er is afgekeurd en waarom, en welke gegevens niet te berekenen waren. "
        "Controleer dit voordat u conclusies trekt.",
        "What was read, what was rejected and why, and which measures could not be computed. Check this "
        "before drawing conclusions."),
    "warnings_title": ("Waarschuwingen", "Warnings"),
    "warnings_none": ("Geen waarschuwingen.", "No warnings."),
    "unavailable_title": ("Niet beschikbare gegevens", "Unavailable measures"),
    "unavailable_intro": ("Deze gegevens konden niet worden berekend; ze ontbreken in de scores, regels en pagina's.",
                          "These measures could not be computed; they are missing from scores, rules and pages."),
    "unavailable_none": ("Alle gegevens konden worden berekend.", "Every measure could be computed."),
    "tables_title": ("Tabellen", "Tables"),
    "table_not_given": ("Niet aangeleverd.", "Not provided."),
    "dq_files": ("Bestanden", "Files"),
    "dq_rows_read": ("Rijen gelezen", "Rows read"),
    "dq_rows_used": ("Rijen gebruikt", "Rows used"),
    "dq_rows_rejected": ("Rijen afgekeurd", "Rows rejected"),
    "dq_date_range": ("Datumbereik", "Date range"),
    "dq_sniffed": ("Herkend formaat", "Detected format"),
    "dq_rejected_title": ("Afgekeurde rijen", "Rejected rows"),
    "dq_rejected_none": ("Geen rijen afgekeurd.", "No rows rejected."),
    "dq_examples": ("Voorbeelden", "Examples"),
    "dq_missing_title": ("Ontbrekende waarden", "Missing values"),
    "dq_missing_none": ("Geen ontbrekende waarden.", "No missing values."),
    "dq_columns_title": ("Kolommen", "Columns"),
    "col_column": ("Kolom", "Column"),
    "col_in_file": ("In het bestand", "In the file"),
    "col_missing": ("Ontbrekend", "Missing"),
    "col_rows": ("Rijen", "Rows"),
    "col_setting": ("Instelling", "Setting"),
    "col_value": ("Waarde", "Value"),
    "table_transactions": ("Transacties", "Transactions"),
    "table_customers": ("Klanten", "Customers"),
    "table_interactions": ("Contactmomenten", "Interactions"),
    "table_assessments": ("Beoordelingen", "Assessments"),
    "table_feedback": ("Feedback", "Feedback"),
}

#: common service units (policy: services[].unit) in both languages; others are shown as written
UNITS: dict[str, tuple[str, str]] = {
    "order": ("order", "order"), "orders": ("orders", "orders"),
    "minute": ("minuut", "minute"), "minutes": ("minuten", "minutes"),
    "hour": ("uur", "hour"), "hours": ("uur", "hours"),
    "complaint": ("klacht", "complaint"), "visit": ("bezoek", "visit"),
    "review": ("review", "review"), "call": ("gesprek", "call"), "delivery": ("levering", "delivery"),
    "ticket": ("ticket", "ticket"), "item": ("stuk", "item"), "day": ("dag", "day"),
}


def unit_label(unit: str, lang: str) -> str:
    pair = UNITS.get(unit)
    return unit if pair is None else pair[0 if lang == "nl" else 1]


#: interaction kinds (interactions.kind) on the contact timeline; others are shown as written
INTERACTION_KINDS: dict[str, tuple[str, str]] = {
    "call": ("Telefoongesprek", "Phone call"), "email": ("E-mail", "Email"), "support": ("Ondersteuning", "Support"),
    "complaint": ("Klacht", "Complaint"), "meeting": ("Gesprek", "Meeting"), "visit": ("Bezoek", "Visit"),
    "review": ("Accountreview", "Account review"), "incident": ("Incident", "Incident"),
    "referral": ("Doorverwijzing", "Referral"),
}

#: order types (transactions.order_type); others are shown as written
ORDER_TYPES: dict[str, tuple[str, str]] = {
    "standard": ("standaard", "standard"), "rush": ("spoed", "rush"), "custom": ("maatwerk", "custom"),
}


def interaction_kind(kind: str, lang: str) -> str:
    pair = INTERACTION_KINDS.get(kind)
    return kind if pair is None else pair[0 if lang == "nl" else 1]


def order_type_label(kind: str, lang: str) -> str:
    pair = ORDER_TYPES.get(kind)
    return kind if pair is None else pair[0 if lang == "nl" else 1]


#: the interface texts per language: STRINGS["nl"]["nav_overview"] == "Overzicht"
STRINGS: dict[str, dict[str, str]] = {
    lang: {key: pair[i] for key, pair in _TEXTS.items()} for i, lang in enumerate(LANGUAGES)
}


#: ``{n|klant|klanten}`` in a text: the first form when the value of ``n`` is one, else the second
#: (a form may hold placeholders of its own: ``{n|De enige klant|Alle {n} klanten}``)
_CHOICE = re.compile(r"\{(\w+)\|((?:[^{}|]|\{\w+\})*)\|((?:[^{}|]|\{\w+\})*)\}")


def choose(text: str, lang: str, **counts) -> str:
    """``text`` with each ``{n|one|other}`` replaced by the form that agrees with ``counts[n]``;
    other placeholders are left for ``str.format``."""
    if "|" not in text:
        return text
    return _CHOICE.sub(lambda m: m.group(2 if plural_form(counts[m.group(1)], lang) == "one" else 3), text)


def fill(text: str, lang: str, **values) -> str:
    """``text`` with its plural forms chosen and its placeholders filled from ``values``."""
    return choose(text, lang, **values).format(**values) if values else text


def plural_form(value, lang: str) -> str:
    """'one' or 'other': the CLDR plural category (Babel) of a count, given as a number or as the
    text a :class:`Formatter` made of it ('1', '1.234', '2,5'). Dutch and English agree: one only
    for exactly 1 written without decimals, so "1 klant", "0 klanten", "1,0 dagen"."""
    if isinstance(value, str):
        locale = formatting.LOCALES.get(lang, lang)
        text = (value.replace(get_group_symbol(locale), "").replace(get_decimal_symbol(locale), ".")
                .replace("−", "-").strip())
        try:
            value = Decimal(text)
        except ArithmeticError:  # not a number (a name, a dash): no count to agree with
            return "other"
    if is_missing(value):
        return "other"
    return "one" if formatting._locale(lang).plural_form(value) == "one" else "other"


class Translator:
    """``t("key", n=3)``: the text in the build language, placeholders filled.

    A text says how a word agrees with a count as ``{n|one|other}``: ``"{n} {n|klant|klanten}"``
    gives "1 klant" and "3 klanten" (:func:`plural_form` decides, from the value given for ``n``).
    """

    def __init__(self, lang: str):
        if lang not in STRINGS:
            raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self._texts = STRINGS[lang]

    def __call__(self, key: str, **values) -> str:
        return fill(self._texts[key], self.lang, **values)  # a KeyError here is a bug in a template

    def choose(self, key: str, **counts) -> str:
        """The text with its ``{n|one|other}`` forms chosen for ``counts`` and every ``{placeholder}``
        left as it is: for a template filled in later (by the customer list's script)."""
        return choose(self._texts[key], self.lang, **counts)


def is_missing(value) -> bool:
    """None, NaN, NaT and pd.NA (which formatting.is_missing does not catch)."""
    if value is None:
        return True
    kind = type(value)
    if kind is float:  # the common cases first: called for every value on every page
        return value != value
    if kind is int or kind is str or kind is bool:
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-likes are values
        return False


#: a catalogue measure kind with a fixed format: (method, decimals), the method being one that both
#: Formatter (a value) and columns.ColumnFormatter (a whole column) have; money with cents
MEASURE_FORMATS = {"money": ("money", 2), "ratio": ("percent", 1), "probability": ("percent", 0),
                   "score": ("number", 0), "count": ("number", 0), "days": ("number", 0)}


class Formatter:
    """Numbers, money, percentages and dates in the build language (Babel, via formatting).

    ``nbsp=True`` is for HTML (the site, and so the PDF): the space inside an amount
    (``€ 1.234``, ``12 %``) is a no-break space and a sign is joined to the '€' (``−€``,
    ``+€``) by a word joiner, so a line never breaks inside an amount. The default
    keeps an ordinary space for plain text (the terminal; see generator.text.formatting).
    """

    MISSING = formatting.MISSING

    def __init__(self, lang: str, currency: str = "EUR", nbsp: bool = False):
        self.lang = lang
        self.currency = currency
        self.nbsp = nbsp
        self._t = Translator(lang)
        # Babel's symbols for the locale, applied by plain string formatting: the same text as
        # generator.text.formatting (tests compare them) at a hundredth of the cost per number, which
        # matters with a page per customer.
        locale = formatting.LOCALES.get(lang, lang)
        self._symbols = str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)})
        symbol = get_currency_symbol(currency, locale)
        space = formatting.NBSP if nbsp else " "
        self._joiner = formatting.WORD_JOINER if nbsp else ""  # "−|€" is a line break opportunity
        self._money_prefix = symbol + space if lang == "nl" else symbol
        self._percent_suffix = space + "%" if lang == "nl" else "%"

    missing = staticmethod(is_missing)

    def money(self, value, decimals: int = 0) -> str:
        if is_missing(value):
            return self.MISSING
        v = float(value)
        return ("−" + self._joiner if v < 0 else "") + self._money_prefix + self._digits(v, decimals)

    def money2(self, value) -> str:
        return self.money(value, 2)

    def number(self, value, decimals: int | None = None) -> str:
        if is_missing(value):
            return self.MISSING
        v = float(value)
        if decimals is None:
            decimals = 0 if v == int(v) or abs(v) >= 100 else 1
        text = self._digits(v, decimals)
        return ("−" if v < 0 and text.strip("0.,") else "") + text

    def count(self, value) -> str:
        return self.number(value, 0)

    def percent(self, value, decimals: int = 0) -> str:
        if is_missing(value):
            return self.MISSING
        v = float(value)
        text = self._digits(v, decimals, scale=2) + self._percent_suffix
        return ("−" if v < 0 and any(c in "123456789" for c in text) else "") + text

    def _digits(self, v: float, decimals: int, scale: int = 0) -> str:
        """abs(v) with grouping and ``decimals`` decimals, rounded half-even like Babel."""
        if decimals == 0 and not scale and math.isfinite(v):
            # whole numbers (most of a page's amounts): round() is half-even on the float's exact
            # value, which is what Decimal(repr(v)) gives at 0 decimals, at a fraction of the cost
            return format(round(abs(v)), ",").translate(self._symbols)
        d = Decimal(repr(abs(v)))
        if scale:
            d = d.scaleb(scale)
        return format(d, f",.{decimals}f").translate(self._symbols)

    def date(self, value, style: str = "long") -> str:
        if is_missing(value):
            return self.MISSING
        return formatting.date(_as_date(value), self.lang, style)

    def years(self, days) -> str:
        if is_missing(days):
            return self.MISSING
        return formatting.number(math.floor(float(days) / 365.25), self.lang, 0)

    def tenure(self, days) -> str:
        """How long a customer has been one: "5 jaar" from a year on, "5 maanden" below a year
        (a month is 365.25 / 12 days, both rounded down) and "nieuw" / "new" below one month."""
        if is_missing(days):
            return self.MISSING
        d = float(days)
        if d >= 365.25:
            return self._t("tenure_years", n=self.count(math.floor(d / 365.25)))
        months = math.floor(d / (365.25 / 12))
        if months >= 1:
            return self._t("tenure_months", n=self.count(months))
        return self._t("tenure_new")

    def bool(self, value) -> str:
        if is_missing(value):
            return self.MISSING
        return self._t("yes") if value else self._t("no")

    def band(self, value) -> str:
        if is_missing(value):
            return self.MISSING
        key = f"band_{value}"
        return self._t(key) if key in STRINGS[self.lang] else str(value)

    def measure(self, value, kind: str) -> str:
        """A catalogue measure by its kind (money with cents on detail pages)."""
        if is_missing(value):
            return self.MISSING
        fixed = MEASURE_FORMATS.get(kind)
        if fixed is not None:
            method, decimals = fixed
            return getattr(self, method)(value, decimals)
        if kind == "rating":
            return self.number(value, None if float(value) != int(float(value)) else 0)
        if kind == "bool":
            return self.bool(value)
        if kind == "date":
            return self.date(_as_date(value))
        if kind == "text":
            return str(value)
        return self.number(value)

    def signed(self, value, kind: str) -> str:
        """A change with its sign: +€ 1.234, −3, +2,1 procentpunt."""
        if is_missing(value):
            return self.MISSING
        v = float(value)
        sign = "+" if v > 0 else ("−" if v < 0 else "±")
        if kind == "ratio":
            return sign + self._t("percentage_points", n=self.number(abs(v) * 100, 1))
        if kind == "money":
            return sign + self._joiner + self.money(abs(v))
        return sign + self.number(abs(v))


def _as_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return value
