"""Every text of klantwaarde in Dutch: the site, the measure catalogue, the policy
reference, the terminal (explain, diff), the machine-readable files' documentation and
the build messages (warnings, rejected rows, unavailable measures: ``msg.*``).

One table, one key per text; :mod:`generator.text.en` has the same keys and the same
placeholders (tests/test_i18n.py proves it), so a missing translation cannot ship.
A text is filled with values that are already formatted (only a build message's model
parameters carry a format spec, ``{q:.3g}``), and says how it agrees with a count by
:func:`~generator.text.plural.plural` forms (CLDR categories).
"""
from __future__ import annotations

from generator.text.plural import Text, plural, sentence

TEXTS: dict[str, Text] = {
    # --- interface: layout
    "nav_label": "Hoofdnavigatie",
    "nav_overview": "Overzicht",
    "nav_segments": "Segmenten",
    "nav_customers": "Klanten",
    "nav_actions": "Acties",
    "nav_policy": "Beleid",
    "nav_methodology": "Methode",
    "nav_data_quality": "Datakwaliteit",
    "skip_to_content": "Naar de inhoud",
    "report_date": "Rapportdatum",
    "generated": "Gemaakt op {when}",
    "footer_note": "Gemaakt met klantwaarde. Dit rapport werkt zonder internetverbinding.",
    "chart_no_script": "De grafiek heeft JavaScript nodig; de cijfers staan ook in de tekst en tabellen.",
    "show_figures": "Toon de cijfers",
    "unknown": "onbekend",
    "yes": "ja",
    "no": "nee",
    "band_low": "laag",
    "band_mid": "midden",
    "band_high": "hoog",
    "priority": "Prioriteit",
    "priority_n": "Prioriteit {n}",
    "no_account_manager": "Geen accountmanager",
    "customer_id": "Klantnummer",
    "segment": "Segment",
    "total": "Totaal",
    "n_customers": plural("n", one="{n} klant", other="{n} klanten"),
    "more_rows": "En nog {n}.",
    # --- interface: overview
    "overview_title": "Overzicht",
    "overview_intro": plural(
        "n",
        one=(
            "Dit rapport laat zien wat onze {n} klant ons oplevert en kost. De cijfers gaan over de 12 maanden van "
            "{start} tot en met {end}, vergeleken met de 12 maanden daarvoor."),
        other=(
            "Dit rapport laat zien wat onze {n} klanten ons opleveren en kosten. De cijfers gaan over de 12 maanden "
            "van {start} tot en met {end}, vergeleken met de 12 maanden daarvoor.")),
    "data_period": "Gegevens",
    "data_period_value": "{start} t/m {end}",
    "current_window": "Periode",
    "totals_title": "De cijfers in het kort",
    "customers_count": "Klanten",
    "net_profit_explained": (
        "Nettowinst is marge min de kosten van service (spoedorders, maatwerk, ondersteuning, klachten, "
        "bezoeken): wat een klant ons echt oplevert."),
    "no_margin_note": "Zonder kostprijs in de transacties zijn marge en nettowinst niet te berekenen.",
    "kpis_title": "Focus-KPI's",
    "kpis_intro": (
        "De paar cijfers die volgens ons beleid het klantbehoud sturen. We meten ze bij elk rapport en leren van de "
        "uitschieters, niet van het gemiddelde."),
    "kpi_change_since_report": "{change} sinds het rapport van {date}",
    "kpi_report_value": "Rapport van {date}: {value}",
    "kpi_change_window": "{change} ten opzichte van de vorige 12 maanden",
    "kpi_previous_window": "Vorige 12 maanden: {value}",
    "kpi_no_previous": "Geen vergelijking: geen eerder rapport en geen cijfer over de vorige 12 maanden.",
    "kpis_since_report": "Vergeleken met het vorige rapport, van {date}.",
    "kpi_unknown_before": "Niet te vergelijken: onbekend in het vorige rapport en in de vorige 12 maanden.",
    "kpis_no_report": "Er is nog geen eerder rapport; daarom staan de KPI's, waar bekend, naast de 12 maanden ervoor.",
    "kpis_report_without_kpis": (
        "Het vorige rapport, van {date}, bewaarde nog geen KPI's; daarom staan de KPI's, waar bekend, naast de 12 "
        "maanden ervoor."),
    "percentage_points": "{n}\u00a0procentpunt",
    "segments_title": "Segmenten",
    "segments_intro": (
        "Elke klant valt in precies één segment: het eerste in de volgorde van het beleid waarvan de voorwaarde "
        "klopt. De grafiek zet het aandeel klanten naast het aandeel omzet."),
    "share_customers": "Aandeel klanten",
    "share_revenue": "Aandeel omzet",
    "series_customers": "Klanten",
    "series_revenue": "Omzet",
    "series_margin": "Marge",
    "chart_segments_label": "Staafdiagram: aandeel klanten en aandeel omzet per segment",
    "quadrant_title": "Waarde tegenover last",
    "quadrant_intro": (
        "Elke stip is een klant, in de kleur van zijn segment. Naar rechts meer waarde (marge, kennis, plezier, "
        "netwerk, prestige), naar boven meer last (kosten van service, klachten, te laat betalen). Klik op een "
        "stip om de klant te openen."),
    "quadrant_summary": sentence(
        "{hv_lb} {hv_lb_are} waardevol en {hv_lb_ask} weinig, {hv_hb} {hv_hb_are} waardevol maar veeleisend, "
        "{lv_hb} {lv_hb_cost} veel moeite voor weinig waarde en {lv_lb} {lv_lb_bring} weinig op en {lv_lb_ask} "
        "weinig (grens bij score 50).",
        hv_lb_are=plural("hv_lb", one="klant is", other="klanten zijn"),
        hv_lb_ask=plural("hv_lb", one="vraagt", other="vragen"),
        hv_hb_are=plural("hv_hb", one="is", other="zijn"),
        lv_hb_cost=plural("lv_hb", one="kost", other="kosten"),
        lv_lb_bring=plural("lv_lb", one="levert", other="leveren"),
        lv_lb_ask=plural("lv_lb", one="vraagt", other="vragen")),
    "quadrant_missing": plural(
        "n",
        one="{n} klant zonder waarde- of lastscore staat niet in de grafiek.",
        other="{n} klanten zonder waarde- of lastscore staan niet in de grafiek."),
    "q_axis_value": "Waardescore",
    "q_axis_burden": "Lastscore",
    "q_axis_future": "Toekomstscore",
    "q_hv_lb": "Waardevol, weinig last",
    "q_hv_hb": "Waardevol, veel last",
    "q_lv_hb": "Weinig waarde, veel last",
    "q_lv_lb": "Weinig waarde, weinig last",
    "chart_quadrant_label": "Spreidingsdiagram: waardescore tegenover lastscore per klant",
    "whale_title": "Walviscurve",
    "whale_intro": (
        "De klanten gerangschikt van meest naar minst winstgevend. De lijn telt hun nettowinst op, als aandeel van "
        "de totale nettowinst. Komt de lijn boven 100\u00a0%, dan eten de klanten rechts van de top een deel van de "
        "winst weer op."),
    "whale_summary": sentence(
        "De {top} winstgevende {top_customers} ({top_share} van alle klanten) {top_bring} {peak} van de totale "
        "nettowinst op. De {rest} {rest_customers} met verlies {rest_cost} {loss}.",
        top_customers=plural("top", one="klant", other="klanten"),
        top_bring=plural("top", one="levert", other="leveren samen"),
        rest_customers=plural("rest", one="klant", other="klanten"),
        rest_cost=plural("rest", one="kost", other="kosten samen")),
    "whale_summary_no_loss": "Geen enkele klant draait verlies: de lijn stijgt tot 100\u00a0%.",
    "whale_unavailable": "De walviscurve heeft de nettowinst per klant nodig; die ontbreekt (zie Datakwaliteit).",
    "whale_x": "Aandeel klanten,\nvan meest naar minst winstgevend",
    "whale_y": "Opgeteld aandeel nettowinst",
    "chart_whale_label": "Lijndiagram: walviscurve van de nettowinst",
    "silent_title": "Stille klanten",
    "silent_intro": sentence(
        "{n} {customers_have} langer dan {days}\u00a0{days_unit} niets van ons gehoord en niets gekocht. Veel "
        "relaties gaan verloren doordat de leverancier stil blijft: bel ze. Hieronder de grootste, op omzet.",
        customers_have=plural("n", one="klant heeft", other="klanten hebben"),
        days_unit=plural("days", one="dag", other="dagen")),
    "silent_none": plural(
        "days",
        one="Geen stille klanten: met iedereen was er de afgelopen {days}\u00a0dag contact.",
        other="Geen stille klanten: met iedereen was er de afgelopen {days}\u00a0dagen contact."),
    "silent_intro_ours": sentence(
        "{n} {customers_have} langer dan {days}\u00a0{days_unit} niets van ons gehoord: wij namen geen contact op "
        "(hun eigen bestellingen, telefoontjes en klachten tellen niet). Veel relaties gaan verloren doordat de "
        "leverancier stil blijft: bel ze. Hieronder de grootste, op omzet.",
        customers_have=plural("n", one="klant heeft", other="klanten hebben"),
        days_unit=plural("days", one="dag", other="dagen")),
    "silent_none_ours": plural(
        "days",
        one="Geen stille klanten: iedereen hoorde de afgelopen {days}\u00a0dag van ons.",
        other="Geen stille klanten: iedereen hoorde de afgelopen {days}\u00a0dagen van ons."),
    "arrears_title": "Betalingsachterstanden",
    "arrears_intro": sentence(
        "{n} {customers_have} een factuur die meer dan {days}\u00a0{days_unit} over de vervaldatum is; {stands} "
        "{amount} open. Bel vriendelijk en concreet.",
        customers_have=plural("n", one="klant heeft", other="klanten hebben"),
        days_unit=plural("days", one="dag", other="dagen"),
        stands=plural("n", one="er staat", other="samen staat er")),
    "arrears_none": plural(
        "days",
        one="Geen klanten met een betalingsachterstand boven {days}\u00a0dag.",
        other="Geen klanten met een betalingsachterstand boven {days}\u00a0dagen."),
    "leakage_title": "Service buiten de afspraak",
    "leakage_intro": plural(
        "n",
        one=(
            "In de afgelopen 12 maanden leverden we voor {amount} aan diensten die niet in de afspraak van hun "
            "segment en contract zaten, bij {n} klant. Leg het vast in een afspraak, met een prijs, of stop ermee — "
            "consequent, want extra's voor de een en niet voor de ander frustreren klanten."),
        other=(
            "In de afgelopen 12 maanden leverden we voor {amount} aan diensten die niet in de afspraak van hun "
            "segment en contract zaten, bij {n} klanten. Leg het vast in een afspraak, met een prijs, of stop ermee "
            "— consequent, want extra's voor de een en niet voor de ander frustreren klanten.")),
    "leakage_none": "Geen service buiten de afspraak in de afgelopen 12 maanden.",
    "leakage_unavailable": "Service buiten de afspraak is niet te berekenen zonder gegevens over het gebruik van diensten.",
    "top_actions_title": "Eerst doen",
    "top_actions_intro": (
        "De acties met prioriteit 1: veiligheidsregels (dreigen, incidenten) eerst, dan wat er het meest op het spel "
        "staat in euro's. Alle acties, per accountmanager, staan op de pagina Acties."),
    "top_actions_none": "Geen acties met prioriteit 1.",
    "all_actions_link": "Alle acties",
    "moves_title": "Verschuivingen sinds het vorige rapport",
    "moves_intro": sentence(
        "{n} {n_customers_are} in een ander segment dan in het vorige rapport; {new} {new_customers_are} nieuw en "
        "{gone} {gone_are} er niet meer in.",
        n_customers_are=plural("n", one="klant zit", other="klanten zitten"),
        new_customers_are=plural("new", one="klant is", other="klanten zijn"),
        gone_are=plural("gone", one="staat", other="staan")),
    "moves_previous_date": "Vorig rapport: {date}.",
    "moves_caption": (
        "Aantal klanten per segment in het vorige rapport (rijen) en nu (kolommen). Op de diagonaal staan de "
        "klanten die bleven."),
    "moves_corner": "Vorig rapport ↓ · nu →",
    "moves_new": "Nieuw",
    "moves_gone": "Niet meer in het rapport",
    "moves_stayed": "bleven",
    "outliers_title": "Uitschieters",
    "outliers_intro": (
        "Leer van de uitschieters, niet van het gemiddelde: de klanten met de grootste omzetverandering, de "
        "grootste verliezen en kosten, de meest ontevreden klanten en de klachten van wie we kwijtraakten, elk met "
        "de cijfers die hen daar zetten."),
    "outliers_risers": "Grootste stijgers in omzet",
    "outliers_fallers": "Grootste dalers in omzet",
    "outliers_losses": "Grootste verlies",
    "outliers_cost": "Hoogste kosten van service",
    "outliers_unhappy": "Meest ontevreden (laagste NPS-score)",
    "outliers_churn_complaints": "Klachten vóór vertrek (klanten die dit jaar niet meer kochten)",
    "col_complaints_before_churn": "Klachten",
    "col_change": "Verandering",
    "quadrant_sampled": (
        "Met {n} klanten zou de grafiek een wolk van stippen zijn. De vlakken tonen hoeveel klanten in elk deel "
        "vallen (hoe donkerder, hoe meer); de stippen zijn een vaste steekproef van {shown} klanten uit alle "
        "segmenten. Klik op een stip om de klant te openen; alle klanten staan in de klantenlijst."),
    "moves_none": "Geen klant is van segment veranderd sinds het vorige rapport.",
    "col_from": "Van",
    "col_to": "Naar",
    "col_count": "Aantal",
    "new_in_report": "(nieuw)",
    # --- interface: shared table columns
    "col_name": "Naam",
    "col_customer": "Klant",
    "col_segment": "Segment",
    "col_customers": "Klanten",
    "col_action": "Actie",
    "col_revenue_12m": "Omzet 12 mnd",
    "col_net_profit_12m": "Nettowinst 12 mnd",
    "col_value_score": "Waarde",
    "col_burden_score": "Last",
    "col_future_score": "Toekomst",
    "col_reason": "Waarom",
    "col_impact": "Op het spel",
    "col_service": "Dienst",
    "col_usage": "Gebruik",
    "col_cost": "Kosten",
    "col_entitled": "In de afspraak",
    "col_beyond": "Buiten de afspraak",
    "col_month": "Maand",
    # --- interface: segment pages
    "segment_rule_n": "Regel {i} van {n}",
    "segment_condition": "Voorwaarde",
    "segment_catch_all": (
        "Dit is het laatste segment, het vangnet: hier vallen alle klanten voor wie geen eerdere regel klopte."),
    "condition_names": "Gebruikte gegevens",
    "segment_entitlements": "In de afspraak",
    "segment_entitlements_note": "Daarbij komt wat het contract van de klant toekent.",
    "segment_entitlements_none": "Geen diensten bovenop het contract.",
    "segment_playbook": "Aanpak",
    "segment_playbook_none": "Geen vaste acties voor dit segment.",
    "segment_members": "Klanten in dit segment",
    "segment_members_intro": "Gesorteerd op waardescore, hoogste eerst.",
    "segment_members_none": "Er zitten geen klanten in dit segment.",
    "segment_members_more": "Hieronder de {shown} klanten met de hoogste waardescore, van {n}.",
    "segment_members_all": plural(
        "n",
        one="De enige klant van dit segment in de klantenlijst",
        other="Alle {n} klanten van dit segment in de klantenlijst"),
    "segment_key_numbers": "Kerncijfers",
    "segment_chart_title": "Waarde en last",
    "avg_score": "Gemiddelde {score}",
    "segments_overview_link": "Alle segmenten",
    # --- interface: customer index
    "customers_title": "Klanten",
    "customers_intro": plural(
        "n",
        one=(
            "De enige klant. Zoek op naam of klantnummer, filter op segment of accountmanager, en klik op een "
            "kolomkop om te sorteren."),
        other=(
            "Alle {n} klanten. Zoek op naam of klantnummer, filter op segment of accountmanager, en klik op een "
            "kolomkop om te sorteren.")),
    "search_label": "Zoeken",
    "search_placeholder": "Naam of klantnummer",
    "filter_segment": "Segment",
    "filter_account_manager": "Accountmanager",
    "filter_all": "Alle",
    "filter_reset": "Wis filters",
    "count_template": plural("total", one="{shown} van {total} klant", other="{shown} van {total} klanten"),
    "index_noscript": plural(
        "n",
        one=(
            "De klantenlijst heeft JavaScript nodig om {n} klant te doorzoeken. Zonder JavaScript staan de klanten "
            "per segment op de segmentpagina's, en alle cijfers in scores.csv naast deze map."),
        other=(
            "De klantenlijst heeft JavaScript nodig om {n} klanten te doorzoeken. Zonder JavaScript staan de "
            "klanten per segment op de segmentpagina's, en alle cijfers in scores.csv naast deze map.")),
    "pager_label": "Bladeren door de klantenlijst",
    "pager_previous": "Vorige",
    "pager_next": "Volgende",
    "pager_status": "{first}–{last} van {total}",
    "no_customers_found": "Geen klanten gevonden. Wis de filters of zoek op iets anders.",
    "filters_label": "Zoeken en filteren",
    # --- interface: customer page
    "back_to_customers": "Alle klanten",
    "breadcrumb": "Kruimelpad",
    "customer_profile": "Profiel",
    "tenure_value": "{since} ({tenure})",
    "tenure_years": "{n}\u00a0jaar",
    "tenure_months": plural("n", one="{n}\u00a0maand", other="{n}\u00a0maanden"),
    "tenure_new": "nieuw",
    "previous_segment": "Segment in het vorige rapport",
    "moved_from": "verschoven van {segment}",
    "new_since_previous": "nieuw sinds het vorige rapport",
    "trend_vs_previous": "vorige 12 mnd: {value}",
    "trend_up": "gestegen",
    "trend_down": "gedaald",
    "trend_flat": "gelijk",
    "since_previous_report": "sinds het vorige rapport",
    "payments_title": "Betalingen",
    "payments_overdue": "{amount} staat open over de vervaldatum.",
    "payments_none": "Geen facturen over de vervaldatum.",
    "payments_unknown": "Zonder vervaldatums in de transacties is het betaalgedrag niet te berekenen.",
    "timeline_title": "Contactmomenten en aankopen",
    "timeline_intro": "De afgelopen 12 maanden, nieuwste eerst.",
    "timeline_cut": "Hieronder de laatste {n}.",
    "timeline_none": "Geen contact of aankopen in de afgelopen 12 maanden.",
    "timeline_notes_hidden": "Notities bij contactmomenten staan niet in dit rapport (privacy: notes in config.yaml).",
    "col_date": "Datum",
    "col_event": "Wat",
    "col_detail": "Details",
    "col_note": "Notitie",
    "purchase": "Aankoop",
    "purchase_of": "Aankoop ({kind})",
    "orders_n": plural("n", one="{n} order", other="{n} orders"),
    "minutes_n": "{n}\u00a0min",
    "severity_n": "ernst {n}",
    "scorecard_title": "Scorekaart",
    "scorecard_intro": (
        "Drie scores van 0 tot 100: waarde (wat de klant ons brengt), last (wat de klant ons kost aan tijd en "
        "moeite) en toekomst. Per score staat eronder waar hij vandaan komt."),
    "col_component": "Onderdeel",
    "col_measured": "Gemeten",
    "col_normalised": "Op schaal 0–100",
    "col_weight": "Gewicht",
    "col_effective_weight": "Effectief",
    "output_files_title": "Bestanden voor spreadsheets en scripts",
    "output_files_intro": (
        "Naast de pagina's staan in de hoofdmap van de site vier bestanden met dezelfde cijfers, om verder te "
        "rekenen of in een script te gebruiken."),
    "score_coverage": (
        "Berekend op {share} van het gewicht: de gewichten van de bekende componenten zijn herschaald (kolom "
        "Effectief)."),
    "inverted_note": "lager is meer",
    "component_missing": "ontbreekt — telt niet mee",
    "score_missing": "Geen score: geen van de onderdelen is bekend.",
    "band_label": "niveau: {band}",
    "recommendations_title": "Aanbevelingen",
    "recommendations_none": "Geen aanbevolen acties voor deze klant.",
    "letter_title": "Conceptbrief",
    "copy": "Kopiëren",
    "copied": "Gekopieerd",
    "trace_title": "Hoe het segment is gekozen",
    "trace_intro": (
        "De regels van het beleid, in volgorde. De eerste regel die klopt, bepaalt het segment. Ontbreekt een "
        "gegeven, dan is de uitkomst 'onbekend' en telt de regel niet als waar."),
    "col_rule": "Regel",
    "col_result": "Uitkomst",
    "col_values": "Waarden van deze klant",
    "trace_true": "waar",
    "trace_false": "onwaar",
    "trace_unknown": "onbekend",
    "trace_not_reached": "niet meer bekeken",
    "trace_catch_all": "vangnet",
    "trace_chosen": "gekozen",
    "monthly_title": "Omzet en marge per maand",
    "monthly_intro": (
        "De afgelopen 12 maanden (doorgetrokken lijn) tegenover dezelfde maanden een jaar eerder (gestippeld)."),
    "monthly_none": "Geen aankopen in de afgelopen twee jaar.",
    "period_current": "Afgelopen 12 maanden",
    "period_previous": "Jaar ervoor",
    "chart_monthly_label": "Lijndiagram: omzet en marge per maand, dit jaar en vorig jaar",
    "col_revenue_current": "Omzet",
    "col_revenue_previous": "Omzet jaar ervoor",
    "col_margin_current": "Marge",
    "col_margin_previous": "Marge jaar ervoor",
    "cost_title": "Kosten van service",
    "cost_intro": (
        "Wat het ons de afgelopen 12 maanden kostte om deze klant te bedienen, per dienst, tegen de interne kosten "
        "uit het beleid. 'Buiten de afspraak' is service die segment en contract niet toekennen."),
    "cost_none": "Geen gegevens over het gebruik van diensten.",
    "per_unit": "{cost} per {unit}",
    "measures_title": "Alle gegevens",
    "measures_intro": (
        "Alles wat we over deze klant hebben berekend, per onderwerp. De definities staan op de pagina Methode."),
    "late_payer_note": plural(
        "days",
        one="Deze klant betaalt te laat volgens de huisregel ({days}\u00a0dag).",
        other="Deze klant betaalt te laat volgens de huisregel ({days}\u00a0dagen)."),
    # --- interface: actions page
    "actions_title": "Acties",
    "actions_intro": (
        "Alle aanbevolen acties, per accountmanager en op prioriteit (1 = eerst); veiligheidsregels (dreigen, "
        "incidenten) eerst, en binnen een prioriteit wat er het meest op het spel staat in euro's. Een klik op de "
        "klant opent de onderbouwing en, waar nodig, een conceptbrief."),
    "actions_none": "Geen aanbevolen acties.",
    "actions_count": plural("n", one="{n} actie", other="{n} acties"),
    "letter_on_page": "conceptbrief op de klantpagina",
    "actions_toc": "Accountmanagers",
    "actions_paged_intro": (
        "Er zijn {n} acties: te veel voor één pagina. Daarom heeft elke accountmanager eigen pagina's van hoogstens "
        "{rows} acties, prioriteit 1 eerst."),
    "actions_csv_note": "De volledige lijst, één regel per actie, om te filteren in een spreadsheet:",
    "actions_by_manager": "Per accountmanager",
    "actions_by_manager_intro": (
        "Het aantal acties per prioriteit. Een klik op een aantal opent de pagina waar die prioriteit begint; een "
        "klik op de naam de eerste pagina."),
    "actions_priority_link": plural(
        "n",
        one="{n} actie met prioriteit {p} van {name}",
        other="{n} acties met prioriteit {p} van {name}"),
    "col_total": "Totaal",
    "col_pages": "Pagina's",
    "actions_manager_title": "Acties van {name}",
    "actions_manager_intro": plural(
        "n",
        one="{n} aanbevolen actie, op prioriteit (1 = eerst). Een klik op de klant opent de onderbouwing.",
        other="{n} aanbevolen acties, op prioriteit (1 = eerst). Een klik op de klant opent de onderbouwing."),
    "actions_page_status": "Pagina {n} van {total}: acties {first}–{last}.",
    "page_of": "pagina {n} van {total}",
    "actions_from_page": "vanaf pagina {n}",
    "actions_pages_label": "Pagina's met acties van {name}",
    "actions_pager_top": "boven",
    "actions_pager_bottom": "onder",
    "actions_continued": "(vervolg)",
    "actions_back": "Alle accountmanagers",
    # --- interface: policy page
    "policy_title": "Beleid",
    "policy_intro": (
        "Wat we wel en niet doen, voor wie, en wat we aanraden. Deze pagina komt rechtstreeks uit het "
        "beleidsbestand ({company})."),
    "services_title": "Wat we doen",
    "services_intro": "Onze diensten en wat één eenheid ons intern kost.",
    "col_internal_cost": "Interne kosten",
    "col_unit": "Eenheid",
    "we_dont_title": "Wat we niet doen",
    "contracts_title": "Contracten",
    "contracts_intro": (
        "Welke service elke contractvorm omvat. De afspraak met een klant is wat zijn segment en zijn contract samen "
        "toekennen."),
    "col_contract": "Contract",
    "col_entitlements": "In de afspraak",
    "matrix_title": "Afgesproken service per segment",
    "matrix_intro": "Welke diensten elk segment krijgt, bovenop het contract.",
    "entitled_mark": "in de afspraak",
    "not_entitled_mark": "niet in de afspraak",
    "house_rules_title": "Huisregels",
    "payment_terms_rule": plural("n", one="Betaaltermijn: {n}\u00a0dag.", other="Betaaltermijn: {n}\u00a0dagen."),
    "arrears_rule": plural(
        "n",
        one="Staat een factuur meer dan {n}\u00a0dag na de vervaldatum open, dan is de klant een late betaler.",
        other="Staat een factuur meer dan {n}\u00a0dagen na de vervaldatum open, dan is de klant een late betaler."),
    "silence_rule": plural(
        "n",
        one="Na {n}\u00a0dag zonder aankoop of contact noemen we een klant stil.",
        other="Na {n}\u00a0dagen zonder aankoop of contact noemen we een klant stil."),
    "silence_rule_ours": plural(
        "n",
        one="Na {n}\u00a0dag zonder contact van onze kant noemen we een klant stil.",
        other="Na {n}\u00a0dagen zonder contact van onze kant noemen we een klant stil."),
    "fix_first_rule": (
        "Eerst herstellen: afscheid nemen we pas van een klant die een eerder rapport al in het segment "
        "‘{segment}’ zette (fix_first_met in de regel van het afscheidssegment)."),
    "segment_order_title": "Segmenten, in volgorde",
    "segment_order_intro": "De eerste regel die klopt, bepaalt het segment.",
    "actions_catalogue_title": "Acties",
    "action_condition": "Ook aanbevolen aan elke klant voor wie geldt:",
    "partners_title": "Doorverwijspartners",
    "partners_intro": "Leveranciers naar wie we klanten verwijzen als we afscheid nemen.",
    "col_partner": "Partner",
    "col_sector": "Sector",
    "col_contact": "Contact",
    "col_partner_note": "Toelichting",
    "any_sector": "alle sectoren",
    "letter_action": "met conceptbrief",
    # --- interface: methodology page
    "methodology_title": "Methode",
    "methodology_intro": (
        "Hoe dit rapport is berekend: de scores, de segmentregel, RFM, de toekomstige waarde en de definitie van "
        "elk gegeven."),
    "scores_title": "Scores",
    "scores_intro": (
        "Elke score is een gewogen gemiddelde van onderdelen, die eerst elk naar een schaal van 0 tot 100 zijn "
        "omgerekend. De onderdelen en gewichten komen uit het beleid."),
    "normalisation_title": "Van gegeven naar 0–100",
    "norm_robust": (
        "Bedragen, aantallen en verhoudingen: robuuste min–max tussen het 5e en 95e percentiel over alle klanten. "
        "Het 5e percentiel wordt 0, het 95e wordt 100, daartussen lineair; uitschieters worden afgekapt op 0 of 100. "
        "Zijn die percentielen gelijk (0 incidenten bij bijna iedereen), dan tussen de laagste en de hoogste waarde. "
        "NPS (0–10) lineair: 0 → 0, 10 → 100."),
    "norm_rating": "Beoordelingen 1–5: lineair naar 0–100 (1 → 0, 3 → 50, 5 → 100).",
    "norm_probability": "Kansen (0–1): maal 100.",
    "norm_inverted": (
        "Omgekeerde onderdelen (lager is meer): 100 min de genormaliseerde waarde. In dit beleid: {names}."),
    "norm_inverted_none": "Omgekeerde onderdelen: geen in dit beleid.",
    "norm_missing": (
        "Ontbreekt een onderdeel bij een klant (bijvoorbeeld geen beoordeling), dan telt het niet mee en worden de "
        "gewichten van de overige onderdelen naar verhouding opgehoogd. Ontbreken alle onderdelen, dan ontbreekt de "
        "score. Een onderdeel dat bij alle klanten gelijk is, zegt over niemand iets: het ontbreekt dan voor dit "
        "rapport (geen 50 voor iedereen)."),
    "bands_text": "Niveaus: laag onder {low}, hoog vanaf {high}, daartussen midden.",
    "col_score": "Score",
    "col_share": "Aandeel",
    "segments_rule_title": "De segmentregel",
    "segments_rule_text": (
        "De segmenten van het beleid worden in volgorde geprobeerd; de eerste waarvan de voorwaarde waar is, wint. "
        "Het laatste segment heeft geen voorwaarde en vangt alle overige klanten op."),
    "segments_missing_rule": (
        "Ontbrekende waarden: een vergelijking met een ontbrekende waarde is 'onbekend', 'niet onbekend' is ook "
        "onbekend, en een regel telt alleen als hij echt waar is. Een klant zonder beoordeling is dus nooit 'laag "
        "op prestige'."),
    "rfm_title": "RFM",
    "rfm_text": (
        "R (hoe recent), F (hoe vaak) en M (hoeveel) zijn kwintielscores van 1 tot 5 over alle klanten die ooit "
        "kochten: R uit de dagen sinds de laatste aankoop (minder dagen is hoger), F uit het aantal orders en M uit "
        "de omzet in de afgelopen 12 maanden. Gelijke waarden krijgen dezelfde score. Het RFM-segment volgt uit R "
        "en FM, het gemiddelde van F en M (half naar boven afgerond):"),
    "rfm_grid_caption": "RFM-segment per combinatie van R (rijen) en FM (kolommen)",
    "future_title": "Toekomstige waarde",
    "future_method": "Gebruikte methode: {method}.",
    "method_kpis_title": "Focus-KPI's en het vorige rapport",
    "method_kpis_text": (
        "Het overzicht toont de focus-KPI's uit het beleid. Elke build bewaart zijn KPI-waarden in de historie "
        "(config: history), naast het segment en de scores per klant. Een KPI staat naast het vorige rapport: de "
        "meest recente bewaarde build met een eerdere rapportdatum. De verandering is de waarde nu min de waarde in "
        "dat rapport, met de datum van dat rapport erbij. Is er geen eerder rapport, of bewaarde het die KPI nog "
        "niet, dan staat de KPI naast de 12 maanden vóór de huidige periode, en dat staat er ook bij. KPI's op één "
        "moment (stille klanten, late betalers, achterstallig) kennen geen vorige periode: die zijn alleen met een "
        "eerder rapport te vergelijken."),
    "future_method_bgnbd": "BG/NBD voor het aantal aankopen en Gamma-Gamma voor de waarde per aankoop",
    "future_method_simple": "eenvoudige methode (zie hieronder waarom)",
    "catalogue_title": "Alle gegevens",
    "catalogue_intro": (
        "Elk gegeven dat per klant wordt berekend, met zijn eenheid en definitie. Voorwaarden in het beleid "
        "gebruiken de namen in de tweede kolom."),
    "col_label": "Gegeven",
    "col_code": "Naam",
    "col_kind": "Eenheid",
    "col_definition": "Definitie",
    "col_sources": "Bronnen",
    "kind_money": "bedrag ({currency})",
    "kind_number": "getal",
    "kind_count": "aantal",
    "kind_days": "dagen",
    "kind_ratio": "verhouding (%)",
    "kind_rating": "beoordeling 1–5",
    "kind_score": "score 0–100",
    "kind_probability": "kans (%)",
    "kind_date": "datum",
    "kind_text": "tekst",
    "kind_bool": "ja/nee",
    # --- interface: data quality page
    "dq_title": "Datakwaliteit",
    "dq_intro": (
        "Wat er is ingelezen, wat er is afgekeurd en waarom, en welke gegevens niet te berekenen waren. Controleer "
        "dit voordat u conclusies trekt."),
    "warnings_title": "Waarschuwingen",
    "warnings_none": "Geen waarschuwingen.",
    "unavailable_title": "Niet beschikbare gegevens",
    "unavailable_intro": "Deze gegevens konden niet worden berekend; ze ontbreken in de scores, regels en pagina's.",
    "unavailable_none": "Alle gegevens konden worden berekend.",
    "tables_title": "Tabellen",
    "table_not_given": "Niet aangeleverd.",
    "dq_files": "Bestanden",
    "dq_rows_read": "Rijen gelezen",
    "dq_rows_used": "Rijen gebruikt",
    "dq_rows_rejected": "Rijen afgekeurd",
    "dq_date_range": "Datumbereik",
    "dq_sniffed": "Herkend formaat",
    "dq_rejected_title": "Afgekeurde rijen",
    "dq_rejected_none": "Geen rijen afgekeurd.",
    "dq_examples": "Voorbeelden",
    "dq_missing_title": "Ontbrekende waarden",
    "dq_missing_none": "Geen ontbrekende waarden.",
    "dq_columns_title": "Kolommen",
    "col_column": "Kolom",
    "col_in_file": "In het bestand",
    "col_missing": "Ontbrekend",
    "col_rows": "Rijen",
    "col_setting": "Instelling",
    "col_value": "Waarde",
    "table_transactions": "Transacties",
    "table_customers": "Klanten",
    "table_interactions": "Contactmomenten",
    "table_assessments": "Beoordelingen",
    "table_feedback": "Feedback",
    # --- service units (policy: services[].unit); other units are shown as written
    "unit.order": "order",
    "unit.orders": "orders",
    "unit.minute": "minuut",
    "unit.minutes": "minuten",
    "unit.hour": "uur",
    "unit.hours": "uur",
    "unit.complaint": "klacht",
    "unit.visit": "bezoek",
    "unit.review": "review",
    "unit.call": "gesprek",
    "unit.delivery": "levering",
    "unit.ticket": "ticket",
    "unit.item": "stuk",
    "unit.day": "dag",
    # --- interaction kinds (interactions.kind) on the contact timeline; others are shown as written
    "interaction.call": "Telefoongesprek",
    "interaction.email": "E-mail",
    "interaction.support": "Ondersteuning",
    "interaction.complaint": "Klacht",
    "interaction.meeting": "Gesprek",
    "interaction.visit": "Bezoek",
    "interaction.review": "Accountreview",
    "interaction.incident": "Incident",
    "interaction.referral": "Doorverwijzing",
    # --- order types (transactions.order_type); others are shown as written
    "order_type.standard": "standaard",
    "order_type.rush": "spoed",
    "order_type.custom": "maatwerk",
    # --- measure groups
    "group.profile": "Klantprofiel",
    "group.money": "Omzet en marge",
    "group.activity": "Koopgedrag",
    "group.rfm": "RFM",
    "group.cost": "Kosten van service",
    "group.arrears": "Betaalgedrag",
    "group.relationship": "Relatie",
    "group.soft": "Zachte waarde",
    "group.future": "Toekomstige waarde",
    "group.score": "Scores en segment",
    # --- measures: label and definition
    "measure.name.label": "Naam",
    "measure.name.definition": "Naam van de klant (klanttabel).",
    "measure.account_manager.label": "Accountmanager",
    "measure.account_manager.definition": "Verantwoordelijke accountmanager.",
    "measure.sector.label": "Sector",
    "measure.sector.definition": "Sector of branche van de klant.",
    "measure.region.label": "Regio",
    "measure.region.definition": "Regio van de klant.",
    "measure.contract.label": "Contract",
    "measure.contract.definition": "Contractvorm; bepaalt mede de afgesproken service (policy: contracts).",
    "measure.language.label": "Taal",
    "measure.language.definition": "Voorkeurstaal voor brieven ('nl' of 'en').",
    "measure.contact_name.label": "Contactpersoon",
    "measure.contact_name.definition": (
        "De persoon aan wie brieven gericht zijn (optionele kolom contact_name van de klantentabel); zonder "
        "contactpersoon openen brieven met een zakelijke aanhef. Niet in een geanonimiseerd rapport."),
    "measure.customer_since.label": "Klant sinds",
    "measure.customer_since.definition": "Startdatum van de relatie (klanttabel), anders de eerste aankoop.",
    "measure.tenure_days.label": "Klantduur (dagen)",
    "measure.tenure_days.definition": "Rapportdatum − klant sinds, in dagen.",
    "measure.years_as_customer.label": "Jaren klant",
    "measure.years_as_customer.definition": (
        "Klantduur in hele jaren: klantduur (dagen) / 365,25, naar beneden afgerond."),
    "measure.revenue_total.label": "Omzet totaal",
    "measure.revenue_total.definition": (
        "Som van de bedragen (excl. btw; creditnota's negatief) van alle transacties tot en met de rapportdatum."),
    "measure.revenue_12m.label": "Omzet 12 mnd",
    "measure.revenue_12m.definition": "Som van de bedragen in de 12 maanden tot de rapportdatum.",
    "measure.revenue_prev_12m.label": "Omzet vorige 12 mnd",
    "measure.revenue_prev_12m.definition": "Som van de bedragen in de 12 maanden daarvóór.",
    "measure.margin_prev_12m.label": "Marge vorige 12 mnd",
    "measure.margin_prev_12m.definition": "Omzet − kostprijs in de 12 maanden daarvóór; ontbreekt zonder kostprijs.",
    "measure.margin_total.label": "Marge totaal",
    "measure.margin_total.definition": (
        "Omzet − kostprijs van alle transacties tot en met de rapportdatum; ontbreekt zonder kostprijs."),
    "measure.revenue_trend.label": "Omzettrend",
    "measure.revenue_trend.definition": "Omzet 12 mnd / omzet vorige 12 mnd − 1; ontbreekt als de vorige periode 0 is.",
    "measure.margin_12m.label": "Marge 12 mnd",
    "measure.margin_12m.definition": (
        "Omzet − kostprijs (kolom 'cost') van de transacties in de 12 maanden tot de rapportdatum; ontbreekt zonder "
        "kostprijs."),
    "measure.margin_pct_12m.label": "Margepercentage",
    "measure.margin_pct_12m.definition": "Marge 12 mnd / omzet 12 mnd; ontbreekt als de omzet 0 of negatief is.",
    "measure.orders_12m.label": "Orders 12 mnd",
    "measure.orders_12m.definition": (
        "Aantal orders in de 12 maanden tot de rapportdatum: facturen (invoice_id) of, zonder factuurnummer, "
        "transactieregels; creditnota's tellen niet mee."),
    "measure.orders_prev_12m.label": "Orders vorige 12 mnd",
    "measure.orders_prev_12m.definition": "Aantal orders in de 12 maanden daarvóór (zelfde telling).",
    "measure.orders_total.label": "Orders totaal",
    "measure.orders_total.definition": (
        "Aantal orders in de hele historie tot en met de rapportdatum (zelfde telling)."),
    "measure.avg_order_value_12m.label": "Gem. orderwaarde",
    "measure.avg_order_value_12m.definition": "Omzet 12 mnd / orders 12 mnd.",
    "measure.avg_order_value_prev_12m.label": "Gem. orderwaarde vorige 12 mnd",
    "measure.avg_order_value_prev_12m.definition": "Omzet vorige 12 mnd / orders vorige 12 mnd; ontbreekt zonder orders.",
    "measure.avg_order_value_total.label": "Gem. orderwaarde totaal",
    "measure.avg_order_value_total.definition": "Omzet totaal / orders totaal; ontbreekt zonder orders.",
    "measure.best_year.label": "Beste jaar",
    "measure.best_year.definition": (
        "Het kalenderjaar met de hoogste omzet in de hele historie (een lopend jaar telt tot de rapportdatum; bij "
        "gelijke omzet het laatste jaar); ontbreekt als geen jaar positieve omzet had."),
    "measure.best_year_revenue.label": "Omzet beste jaar",
    "measure.best_year_revenue.definition": "Omzet in het beste jaar.",
    "measure.first_purchase.label": "Eerste aankoop",
    "measure.first_purchase.definition": "Datum van de eerste aankoop: transactie met een bedrag ≥ 0 (creditnota's tellen niet).",
    "measure.last_purchase.label": "Laatste aankoop",
    "measure.last_purchase.definition": "Datum van de laatste aankoop: transactie met een bedrag ≥ 0 (creditnota's tellen niet).",
    "measure.days_since_last_purchase.label": "Dagen sinds laatste aankoop",
    "measure.days_since_last_purchase.definition": "Rapportdatum − laatste aankoop.",
    "measure.frequency.label": "Frequentie (herhaalaankopen)",
    "measure.frequency.definition": "Aantal verschillende aankoopdagen (bedrag ≥ 0) − 1 (klantbasisanalyse, MBG/NBD en Pareto/NBD).",
    "measure.recency_days.label": "Dagen eerste tot laatste aankoop",
    "measure.recency_days.definition": (
        "Laatste − eerste aankoopdag, in dagen: de leeftijd van de klant bij zijn laatste herhaalaankoop ('recency' "
        "in MBG/NBD en Pareto/NBD). Niet hetzelfde als Dagen sinds laatste aankoop (rapportdatum − laatste "
        "aankoopdag); samen tellen ze op tot Dagen sinds eerste aankoop."),
    "measure.T_days.label": "Dagen sinds eerste aankoop (T)",
    "measure.T_days.definition": "Rapportdatum − eerste aankoopdag, in dagen.",
    "measure.R.label": "R-score",
    "measure.R.definition": (
        "Kwintiel (1–5) van dagen sinds laatste aankoop, over de klanten met een aankoop: minder dagen → hoger. "
        "Score = ⌈5 × gemiddelde rang / aantal klanten⌉, waarbij de klant met de meeste dagen rang 1 heeft; gelijke "
        "waarden delen hun gemiddelde rang en krijgen dus dezelfde score."),
    "measure.F.label": "F-score",
    "measure.F.definition": "Kwintiel (1–5) van Orders 12 mnd (zelfde methode; de kleinste waarde heeft rang 1).",
    "measure.M.label": "M-score",
    "measure.M.definition": "Kwintiel (1–5) van Omzet 12 mnd (zelfde methode; de kleinste waarde heeft rang 1).",
    "measure.rfm_segment.label": "RFM-segment",
    "measure.rfm_segment.definition": (
        "Standaard RFM-segment uit R en FM = (F + M) / 2, half naar boven afgerond (zie tabel op deze pagina). In "
        "voorwaarden, scores.csv en report.json staat de code (bijv. at_risk voor Dreigt te vertrekken; zie "
        "docs/glossary.md)."),
    "measure.cost_to_serve_12m.label": "Kosten van service 12 mnd",
    "measure.cost_to_serve_12m.definition": (
        "Som over alle diensten van het beleid: gebruik in de 12 maanden tot de rapportdatum × interne kosten per "
        "eenheid."),
    "measure.cost_to_serve_pct_12m.label": "Kosten van service / omzet",
    "measure.cost_to_serve_pct_12m.definition": "Kosten van service 12 mnd / omzet 12 mnd.",
    "measure.net_profit_12m.label": "Nettowinst 12 mnd",
    "measure.net_profit_12m.definition": (
        "Marge 12 mnd − kosten van service 12 mnd. Zonder kostprijs ontbreekt de nettowinst."),
    "measure.leakage_12m.label": "Buiten de afspraak 12 mnd",
    "measure.leakage_12m.definition": (
        "Kosten van diensten die de klant gebruikte terwijl ze niet in zijn afspraak zaten (afspraak = segment ∪ contract)."),
    "measure.net_profit_if_charged_12m.label": "Nettowinst bij doorberekenen 12 mnd",
    "measure.net_profit_if_charged_12m.definition": (
        "Nettowinst 12 mnd + buiten de afspraak 12 mnd: de nettowinst als elke dienst buiten de afspraak (segment ∪ "
        "contract) tegen de interne kostprijs uit het beleid was gefactureerd. In de regel van een segment telt de afspraak van dát "
        "segment (alsof de klant erin zat); daarna dat van het segment waarin de klant belandt. Onder nul: "
        "zelfs doorberekenen maakt de klant niet winstgevend."),
    "measure.overdue_amount.label": "Achterstallig bedrag",
    "measure.overdue_amount.definition": (
        "Som van de facturen die op de rapportdatum over de vervaldatum zijn en nog niet betaald."),
    "measure.overdue_invoices.label": "Achterstallige facturen",
    "measure.overdue_invoices.definition": (
        "Aantal facturen dat op de rapportdatum over de vervaldatum is en onbetaald."),
    "measure.overdue_days_max.label": "Oudste achterstand (dagen)",
    "measure.overdue_days_max.definition": (
        "Dagen dat de oudste onbetaalde factuur op de rapportdatum over de vervaldatum is; 0 zonder achterstand."),
    "measure.days_late_max.label": "Max. dagen te laat",
    "measure.days_late_max.definition": (
        "Grootste aantal dagen na de vervaldatum (betaald: betaaldatum − vervaldatum; onbetaald: rapportdatum − "
        "vervaldatum) over facturen met vervaldatum in de 12 maanden tot de rapportdatum; vroeg betalen telt als 0."),
    "measure.days_late_avg.label": "Gem. dagen te laat",
    "measure.days_late_avg.definition": "Gemiddelde van dezelfde dagen te laat, per factuur.",
    "measure.payment_trend.label": "Trend betaalgedrag",
    "measure.payment_trend.definition": (
        "Gem. dagen te laat in de laatste 12 maanden − de 12 maanden daarvóór; positief = later gaan betalen."),
    "measure.late_payer.label": "Wanbetaler",
    "measure.late_payer.definition": (
        "Waar als het achterstallige bedrag > 0 is en de oudste achterstand meer dagen telt dan de huisregel "
        "arrears_days."),
    "measure.complaints_12m.label": "Klachten 12 mnd",
    "measure.complaints_12m.definition": "Interacties van soort 'complaint' in de 12 maanden tot de rapportdatum.",
    "measure.incidents_12m.label": "Gedragsincidenten 12 mnd",
    "measure.incidents_12m.definition": (
        "Interacties van soort 'incident' (dreigen, intimideren, betaling achterhouden) in de 12 maanden tot de "
        "rapportdatum."),
    "measure.support_minutes_12m.label": "Supportminuten 12 mnd",
    "measure.support_minutes_12m.definition": (
        "Som van minutes van interacties van soort 'support' in de 12 maanden tot de rapportdatum."),
    "measure.meetings_12m.label": "Gesprekken 12 mnd",
    "measure.meetings_12m.definition": (
        "Interacties van soort 'meeting', 'visit' of 'review' in de 12 maanden tot de rapportdatum."),
    "measure.last_contact.label": "Laatste contact",
    "measure.last_contact.definition": "Laatste datum van een interactie of aankoop.",
    "measure.days_since_contact.label": "Dagen sinds contact",
    "measure.days_since_contact.definition": "Rapportdatum − laatste contact.",
    "measure.days_since_our_contact.label": "Dagen sinds ons contact",
    "measure.days_since_our_contact.definition": (
        "Rapportdatum − ons laatste uitgaande contact (interacties met direction = out). Ontbreekt zonder kolom "
        "direction, en voor een klant die wij nooit benaderden."),
    "measure.silent.label": "Stil",
    "measure.silent.definition": (
        "Met een kolom direction in de interacties telt alleen onze eigen stilte: waar als ons laatste uitgaande "
        "contact (dagen_sinds_ons_contact) langer geleden is dan de huisregel silence_days, of — nooit door ons "
        "benaderd — de relatie (klantduur) ouder is dan die grens; een aankoop of een binnenkomende klacht telt "
        "dan niet. Zonder die kolom is stilte wederzijds: waar als het laatste contact van wie dan ook (aankoop of "
        "interactie, dagen_sinds_contact) langer geleden is dan silence_days."),
    "measure.nps.label": "NPS-score",
    "measure.nps.definition": "Laatste aanbevelingsscore (0–10) uit de feedback.",
    "measure.nps_change.label": "NPS-verandering",
    "measure.nps_change.definition": (
        "Laatste min de voorlaatste aanbevelingsscore van de klant; ontbreekt bij minder dan twee antwoorden."),
    "measure.csat.label": "CSAT",
    "measure.csat.definition": (
        "De laatste tevredenheidsscore van de klant (kolom csat van de feedbacktabel, op de schaal waarin ze gevraagd "
        "is). Als scoreonderdeel geschaald zoals elk ander getal, tussen het 5e en 95e percentiel."),
    "measure.knowledge.label": "Kennis",
    "measure.knowledge.definition": "Wat we van de klant leren: kennis en ervaring (1–5, laatste beoordeling).",
    "measure.pleasure.label": "Plezier",
    "measure.pleasure.definition": "Plezier in de samenwerking (1–5, laatste beoordeling).",
    "measure.network.label": "Netwerk",
    "measure.network.definition": "Netwerkwaarde: doorverwijzingen, mond-tot-mondreclame, ambassadeurschap (1–5).",
    "measure.referrals_12m.label": "Doorverwijzingen 12 mnd",
    "measure.referrals_12m.definition": (
        "Waargenomen netwerkwaarde: interacties van soort 'referral' (de klant bracht ons een nieuwe klant of lead) "
        "in de 12 maanden tot de rapportdatum. Ontbreekt als de data geen doorverwijzingen bevat."),
    "measure.referrals_total.label": "Doorverwijzingen totaal",
    "measure.referrals_total.definition": (
        "Interacties van soort 'referral' in de hele historie tot en met de rapportdatum."),
    "measure.prestige.label": "Prestige",
    "measure.prestige.definition": "Een naam die anderen aantrekt (1–5, laatste beoordeling).",
    "measure.potential.label": "Potentie",
    "measure.potential.definition": "Ingeschatte groeipotentie (1–5, laatste beoordeling).",
    "measure.assessment_date.label": "Datum beoordeling",
    "measure.assessment_date.definition": "Datum van de laatste beoordeling.",
    "measure.expected_purchases_12m.label": "Verwachte aankopen 12 mnd",
    "measure.expected_purchases_12m.definition": (
        "Verwacht aantal aankoopdagen in de komende 365 dagen (het model dat de backtest koos, zie Toekomstige waarde)."),
    "measure.expected_revenue_12m.label": "Verwachte omzet 12 mnd",
    "measure.expected_revenue_12m.definition": (
        "Verwachte aankopen × verwachte gemiddelde aankoopwaarde (Gamma-Gamma); als het tempo in de laatste "
        "12 maanden veranderde, tellen die maanden (zie Backtest)."),
    "measure.p_alive.label": "Kans nog actief",
    "measure.p_alive.definition": (
        "Kans dat de klant nog actief is volgens het model dat de backtest koos (MBG/NBD of Pareto/NBD; zie "
        "Toekomstige waarde), of de activiteitsfactor van de eenvoudige methode."),
    "measure.value_score.label": "Waardescore",
    "measure.value_score.definition": (
        "Gewogen gemiddelde van genormaliseerde waardecomponenten (policy: scores.value)."),
    "measure.burden_score.label": "Lastscore",
    "measure.burden_score.definition": (
        "Gewogen gemiddelde van genormaliseerde lastcomponenten (policy: scores.burden)."),
    "measure.future_score.label": "Toekomstscore",
    "measure.future_score.definition": (
        "Gewogen gemiddelde van genormaliseerde toekomstcomponenten (policy: scores.future)."),
    "measure.value_band.label": "Waardeniveau",
    "measure.value_band.definition": "Laag, midden of hoog (in voorwaarden: 'low', 'mid', 'high') volgens de grenzen in het beleid.",
    "measure.burden_band.label": "Lastniveau",
    "measure.burden_band.definition": "Laag, midden of hoog (in voorwaarden: 'low', 'mid', 'high') volgens de grenzen in het beleid.",
    "measure.future_band.label": "Toekomstniveau",
    "measure.future_band.definition": "Laag, midden of hoog (in voorwaarden: 'low', 'mid', 'high') volgens de grenzen in het beleid.",
    "measure.value_score_coverage.label": "Dekking waardescore",
    "measure.value_score_coverage.definition": (
        "Aandeel van de gewichten van scores.value waarvan de component bekend is. Ontbrekende componenten tellen "
        "niet mee: de overige gewichten worden naar dit aandeel herschaald (effectief gewicht = gewicht / (som van "
        "de gewichten × dekking))."),
    "measure.burden_score_coverage.label": "Dekking lastscore",
    "measure.burden_score_coverage.definition": "Idem voor scores.burden.",
    "measure.future_score_coverage.label": "Dekking toekomstscore",
    "measure.future_score_coverage.definition": "Idem voor scores.future.",
    "measure.previous_segment.label": "Vorig segment",
    "measure.fix_advised_since.label": "Herstel geadviseerd sinds",
    "measure.fix_advised_since.definition": (
        "De eerste eerdere rapportdatum (history, alle eerdere builds) waarop de klant in het herstelsegment "
        "stond (huisregel fix_segment, standaard fix): sindsdien adviseerden we herstel. Ontbreekt als geen "
        "eerder rapport dat deed, dus altijd in een eerste rapport."),
    "measure.fix_advised.label": "Herstel geadviseerd",
    "measure.fix_advised.definition": (
        "Waar als een eerder rapport de klant in het herstelsegment zette (Herstel geadviseerd sinds bekend); "
        "anders onwaar, ook zonder eerdere rapporten."),
    "measure.fix_first_met.label": "Herstel eerst geprobeerd",
    "measure.fix_first_met.definition": (
        "De huisregel fix_first is voldaan: een eerder rapport adviseerde herstel (Herstel geadviseerd), of het "
        "beleid zet fix_first: false. Te gebruiken in de regel van het afscheidssegment."),
    "measure.previous_segment.definition": (
        "Het segment in het vorige rapport: de meest recente eerdere build met een vroegere rapportdatum (history); "
        "ontbreekt zonder eerder rapport of als de klant er niet in stond."),
    "measure.value_score_change.label": "Verandering waardescore",
    "measure.value_score_change.definition": "Waardescore nu − waardescore in het vorige rapport.",
    "measure.burden_score_change.label": "Verandering lastscore",
    "measure.burden_score_change.definition": "Lastscore nu − lastscore in het vorige rapport.",
    "measure.future_score_change.label": "Verandering toekomstscore",
    "measure.future_score_change.definition": "Toekomstscore nu − toekomstscore in het vorige rapport.",
    "measure.segment.label": "Segment",
    "measure.segment.definition": "Het eerste segment van het beleid waarvan de voorwaarde waar is.",
    # --- the two measures of each policy service
    "service_measure.usage.label": "Gebruik {service}",
    "service_measure.usage.definition": (
        "Aantal eenheden ({unit}) van de dienst {service} (id '{service_id}') in de 12 maanden tot de rapportdatum, "
        "geteld zoals het beleid zegt."),
    "service_measure.cost.label": "Kosten {service}",
    "service_measure.cost.definition": "Gebruik × interne kosten per {unit} van {service} (id '{service_id}').",
    # --- portfolio KPIs (policy: kpis)
    "kpi.retention_rate": "Klantbehoud",
    "kpi.revenue_retention": "Omzetbehoud",
    "kpi.customers_active": "Actieve klanten",
    "kpi.new_customers": "Nieuwe klanten",
    "kpi.churned_customers": "Verloren klanten",
    "kpi.revenue_12m": "Omzet 12 mnd",
    "kpi.net_profit_12m": "Nettowinst 12 mnd",
    "kpi.cost_to_serve_12m": "Kosten van service",
    "kpi.leakage_12m": "Service buiten de afspraak",
    "kpi.silent_customers": "Stille klanten",
    "kpi.late_payers": "Late betalers",
    "kpi.overdue_amount": "Achterstallig",
    "kpi.loss_making_customers": "Verlieslatende klanten",
    # --- the policy file's keys: what each one means
    "policy_key.PolicyModel.version": "Versie van het beleidsformaat: 1.",
    "policy_key.PolicyModel.company": "Wie we zijn.",
    "policy_key.Company.name": "De naam van het bedrijf.",
    "policy_key.Company.signature": "Wie brieven ondertekent.",
    "policy_key.PolicyModel.services": (
        "Wat we doen, met de interne kosten per eenheid en hoe het gebruik wordt geteld."),
    "policy_key.Service.id": "Korte naam voor afspraken en meetwaarden (usage_<id>_12m, cost_<id>_12m).",
    "policy_key.Service.name": "De naam van de dienst.",
    "policy_key.Text.nl": "De Nederlandse tekst.",
    "policy_key.Text.en": "De Engelse tekst.",
    "policy_key.Service.cost": "Interne kosten van één eenheid, in de valuta van het rapport, excl. btw.",
    "policy_key.Service.unit": "Wat één eenheid is: 'order', 'minute', 'visit', 'complaint', 'review', 'hour' …",
    "policy_key.Service.usage": "Hoe het gebruik van de dienst wordt geteld.",
    "policy_key.Usage.table": "De tabel waarvan de regels als gebruik van de dienst tellen.",
    "policy_key.Usage.where": (
        "Voorwaarde op de kolommen van de tabel die de regels kiest, bijv. \"order_type == 'rush'\". Kolommen: "
        "transactions: 'amount', 'cost', order_type, 'quantity', invoice_id; interactions: 'kind', 'minutes', "
        "'severity', 'note'. Zonder: elke regel."),
    "policy_key.Usage.sum": "Een getalkolom om over die regels op te tellen (bijv. minutes); zonder: tel de regels.",
    "policy_key.PolicyModel.we_dont": "Wat we uitdrukkelijk niet doen, voor niemand.",
    "policy_key.PolicyModel.contracts": "Contractvormen en hun afgesproken service.",
    "policy_key.Contract.id": "Het contract zoals het in de kolom contract van de klanttabel staat.",
    "policy_key.Contract.name": "De naam van het contract.",
    "policy_key.Contract.entitlements": (
        "Ids van de diensten die in de afspraak van een klant met dit contract zitten, los van zijn segment."),
    "policy_key.Contract.description": "Optionele toelichting.",
    "policy_key.PolicyModel.house_rules": "Betaaltermijn, drempels en gedragsregels.",
    "policy_key.HouseRules.payment_terms_days": (
        "Dagen na de factuurdatum dat betaald moet zijn, als de data geen vervaldatum heeft."),
    "policy_key.HouseRules.arrears_days": (
        "Dagen na de vervaldatum waarna een onbetaalde factuur de klant een late betaler maakt."),
    "policy_key.HouseRules.silence_days": "Dagen zonder aankoop of contact waarna een klant stil is.",
    "policy_key.HouseRules.fix_first": (
        "Eerst herstellen, dan pas afscheid (standaard 'true'): fix_first_met geldt alleen voor klanten die een "
        "eerder rapport in het herstelsegment zette. Met 'false' geldt fix_first_met voor iedereen."),
    "policy_key.HouseRules.fix_segment": (
        "Het segment waarvan het advies als herstel telt (standaard 'fix'); bron van fix_advised_since."),
    "policy_key.HouseRules.rules": "Gedragsregels, getoond op de beleidspagina.",
    "policy_key.PolicyModel.scores": "De drie scores en hun gewichten.",
    "policy_key.Scores.value": (
        "Wat een klant oplevert: meetwaarde → gewicht. Gewichten zijn relatief (4, 1, 1 geeft 67\u00a0%, 17\u00a0%, "
        "17\u00a0%)."),
    "policy_key.Scores.burden": "Wat een klant ons kost aan tijd en moeite: meetwaarde → gewicht.",
    "policy_key.Scores.future": "Wat een klant in de toekomst kan opleveren: meetwaarde → gewicht.",
    "policy_key.Scores.bands": "Grenzen van de niveaus laag / midden / hoog van elke score.",
    "policy_key.Bands.low": "Scores hieronder zijn 'laag'.",
    "policy_key.Bands.high": "Scores vanaf hier zijn 'hoog'; daartussen 'midden'.",
    "policy_key.Scores.inverted": (
        "Onderdelen waarbij een lagere waarde als meer telt (bijv. days_late_avg in een waardescore)."),
    "policy_key.PolicyModel.segments": (
        "Op volgorde: het eerste segment waarvan de voorwaarde waar is, wint; het laatste heeft geen voorwaarde."),
    "policy_key.Segment.id": "Korte naam, gebruikt in paginanamen (segments/<id>.html).",
    "policy_key.Segment.name": "De naam van het segment.",
    "policy_key.Segment.description": "Wie erin zit en waarom.",
    "policy_key.Segment.when": (
        "Voorwaarde waaraan een klant moet voldoen (voorwaardetaal); alleen het laatste segment, het vangnet, heeft "
        "er geen."),
    "policy_key.Segment.entitlements": (
        "Ids van de diensten die in de afspraak van klanten in dit segment zitten (bovenop die van hun contract)."),
    "policy_key.Segment.playbook": "Ids van acties die elke klant in dit segment krijgt aanbevolen.",
    "policy_key.Segment.color": "Kleur in grafieken, als #rrggbb; zonder: een standaardkleur.",
    "policy_key.PolicyModel.actions": "Aanbevelingen, genoemd in playbooks of gekozen door hun eigen voorwaarde.",
    "policy_key.Action.id": "Korte naam, gebruikt in playbooks.",
    "policy_key.Action.title": "Titel (sjabloon: {{ meetwaarde }} en filters).",
    "policy_key.Action.text": "Tekst (sjabloon: {{ meetwaarde }}, {{ waarde | money }}, {% if … %}).",
    "policy_key.Action.priority": "1 (eerst) tot 5.",
    "policy_key.Action.letter": "De tekst is een conceptbrief, in de taal van de klant als die bekend is.",
    "policy_key.Action.when": (
        "Beveel deze actie ook aan, los van het segment, aan elke klant voor wie deze voorwaarde geldt."),
    "policy_key.Action.only_when": (
        "Geef deze actie (uit een draaiboek of door haar eigen 'when') alleen aan klanten voor wie deze voorwaarde "
        "ook geldt; de reden noemt de getallen erachter. Een actie over spoedorders vraagt "
        "'usage_rush_order_12m > 0'."),
    "policy_key.Action.impact": (
        "Wat er op het spel staat, in euro's: het product van deze maatstaven (bijv. [expected_revenue_12m, "
        "p_alive]), als bedrag zonder teken. Binnen een prioriteit zetten werklijsten de grootste impact voorop."),
    "policy_key.Action.safety": "Een veiligheidsregel (dreigen, incidenten): vóór elke andere actie.",
    "policy_key.PolicyModel.referral_partners": (
        "Leveranciers om vertrekkende klanten naar door te verwijzen, per sector."),
    "policy_key.ReferralPartner.name": "De naam van de partner.",
    "policy_key.ReferralPartner.sector": "De sector van klanten waarbij deze partner past; zonder: elke sector.",
    "policy_key.ReferralPartner.contact": "Hoe ze te bereiken zijn.",
    "policy_key.ReferralPartner.note": "Wat ze bieden.",
    "policy_key.PolicyModel.kpis": "De paar (zo'n 3) portefeuille-KPI's waarmee het overzicht opent.",
    # --- the policy file's keys: what kind of value each one holds
    "policy_reference.text": "tekst",
    "policy_reference.number": "getal",
    "policy_reference.whole": "geheel getal",
    "policy_reference.bool": "'true' of 'false'",
    "policy_reference.id": "id (a–z, 0–9, _ en -)",
    "policy_reference.bilingual": "tekst in nl en en",
    "policy_reference.mapping": "blok",
    "policy_reference.mappings": "blokken",
    "policy_reference.list": "lijst van {item}",
    "policy_reference.one_of": "een van: {items}",
    "policy_reference.weights": "meetwaarde: gewicht (> 0)",
    "policy_reference.condition": "voorwaarde",
    "policy_reference.template": "sjabloon",
    "policy_reference.required": "verplicht",
    "policy_reference.none": "—",
    "policy_reference.colour": "kleur #rrggbb",
    "policy_reference.markdown_head": "| sleutel | waarde | standaard | betekenis |",
    # --- conditions in words, the customer trace (explain), the policy diff, consistency
    "explain.<": "is kleiner dan",
    "explain.<=": "is hoogstens",
    "explain.>": "is groter dan",
    "explain.>=": "is minstens",
    "explain.==": "is",
    "explain.!=": "is niet",
    "explain.+": "plus",
    "explain.-": "min",
    "explain.*": "maal",
    "explain./": "gedeeld door",
    "explain.and": "en",
    "explain.or": "of",
    "explain.not": "niet",
    "explain.negate": "min",
    "explain.one_of": "is een van",
    "explain.none_of": "is geen van",
    "explain.missing": "ontbreekt",
    "explain.known": "is bekend",
    "explain.yes": "ja",
    "explain.no": "nee",
    "explain.true": "waar",
    "explain.false": "onwaar",
    "explain.min": "de kleinste van",
    "explain.max": "de grootste van",
    "explain.abs": "de absolute waarde van",
    "explain.state_true": "waar",
    "explain.state_false": "onwaar",
    "explain.state_unknown": "onbekend",
    "explain.state_not-reached": "niet meer bekeken",
    "explain.state_catch-all": "vangnet",
    "explain.chosen": "gekozen",
    "explain.segment": "Segment",
    "explain.contract": "Contract",
    "explain.rule_of": "regel {n} van {total}",
    "explain.rules_title": "Segmentregels, in volgorde — de eerste regel die waar is, beslist:",
    "explain.rule": "regel",
    "explain.in_words": "in woorden",
    "explain.values_title": "Gebruikte waarden:",
    "explain.unknown_value": "onbekend",
    "explain.unknown_note": "Onbekend voor deze klant: {names}. Een regel die zo'n waarde nodig heeft, is niet waar.",
    "explain.actions_title": "Aanbevolen acties:",
    "explain.actions_none": "Geen.",
    "explain.why": "waarom",
    "explain.letter": "conceptbrief",
    "explain.none": "geen",
    "explain.diff_title": plural(
        "n",
        one="Wat het andere beleid verandert ({base} → {other}), {n} klant:",
        other="Wat het andere beleid verandert ({base} → {other}), {n} klanten:"),
    "explain.diff_table": "Van (rij) naar (kolom):",
    "explain.diff_moves": "Klanten die van segment wisselen: {n}",
    "explain.diff_no_moves": "Geen klant wisselt van segment.",
    "explain.diff_money": "Kosten van service binnen de afspraak: {base} → {other} ({change})",
    "explain.diff_leakage": "Service buiten de afspraak: {base} → {other} ({change})",
    "explain.col_customer": "klant",
    "explain.col_name": "naam",
    "explain.col_from": "van",
    "explain.col_to": "naar",
    "explain.total": "totaal",
    "explain.words_title": "In gewone woorden",
    "explain.customers_in_segment": plural("n", one="{n} klant", other="{n} klanten"),
    "explain.contract_matrix_title": "Afgesproken service per contract",
    "explain.contract_matrix_intro": "Welke diensten elk contract geeft, in welk segment de klant ook zit.",
    "explain.consistency_title": "Consequent beleid?",
    "explain.consistency_intro": (
        "Service die klanten kregen terwijl die niet in de afspraak van hun segment of contract zat, in de "
        "afgelopen 12 maanden, tegen de interne kosten uit het beleid."),
    "explain.consistency_none": "Geen service buiten de afspraak in de afgelopen 12 maanden.",
    "explain.consistency_unavailable": "Niet te berekenen zonder gegevens over het gebruik van diensten.",
    "explain.leakage_total": plural(
        "n",
        one="{n} klant kreeg {cost} aan service buiten de afspraak.",
        other="{n} klanten kregen samen {cost} aan service buiten hun afspraak."),
    "explain.leakage_by_service": "Buiten de afspraak, per dienst",
    "explain.leakage_by_customer": "Buiten de afspraak, per klant",
    "explain.col_service": "Dienst",
    "explain.col_customers": "Klanten",
    "explain.col_units": "Eenheden buiten de afspraak",
    "explain.col_cost": "Kosten",
    "explain.col_segment": "Segment",
    "explain.col_contract": "Contract",
    "explain.col_services": "Diensten buiten de afspraak",
    "explain.unequal_title": "Vergelijkbare klanten, verschillend behandeld",
    "explain.unequal_intro": (
        "Klanten in hetzelfde segment met hetzelfde contract hebben dezelfde afspraak. Hier kreeg een deel van zo'n "
        "groep een dienst buiten de afspraak (minstens {n} keer in 12 maanden), terwijl anderen in de groep die "
        "dienst niet gebruikten."),
    "explain.unequal_none": "Geen verschillen gevonden tussen vergelijkbare klanten.",
    "explain.col_got": "Kregen het",
    "explain.col_without": "Kregen het niet",
    "explain.no_contract": "geen contract",
    "explain.reference_title": "Het beleidsbestand: alle sleutels",
    "explain.reference_intro": (
        "Wat er in content/policy.yaml kan staan. Onbekende sleutels zijn een fout; 'verplicht' moet er staan, de "
        "rest heeft de genoemde standaardwaarde. [] staat voor een lijst, zoals services[].id."),
    "explain.col_key": "Sleutel",
    "explain.col_value": "Waarde",
    "explain.col_default": "Standaard",
    "explain.col_meaning": "Betekenis",
    # --- the machine-readable files, for the methodology page
    "output_files.scores_csv": (
        "Eén regel per klant; UTF-8, komma als scheidingsteken, punt als decimaalteken, datums als JJJJ-MM-DD, leeg "
        "= ontbreekt, ja/nee als true/false. Elke kolom na page is een maatstaf uit de catalogus hieronder (de code "
        "is de kolomnaam), dus elk getal is met de definitie na te rekenen."),
    "output_files.scores_csv.customer_id": "Klantnummer zoals in de data (tekst).",
    "output_files.scores_csv.name": "Naam van de klant.",
    "output_files.scores_csv.page": "Pad van de klantpagina vanaf de hoofdmap van de site; leeg als 'pages' in config.yaml de klant geen pagina geeft.",
    "output_files.scores_csv.segment_rfm_segment": (
        "Vaste kolommen waarop scripts kunnen rekenen; daarna de overige maatstaven in de volgorde van de catalogus."),
    "output_files.scores_xlsx": (
        "Dezelfde tabel voor spreadsheetgebruikers, met getallen, datums en ja/nee als echte celwaarden, op drie "
        "tabbladen."),
    "output_files.scores_xlsx.scores": "De kolommen van scores.csv.",
    "output_files.scores_xlsx.actions": "De kolommen van actions.csv.",
    "output_files.scores_xlsx.measures": "Per maatstaf: code, naam, soort en definitie.",
    "output_files.actions_csv": (
        "Eén regel per aanbevolen actie, gegroepeerd per eigenaar: de werklijst voor maandagochtend."),
    "output_files.actions_csv.owner": (
        "Accountmanager van de klant; leeg als die niet bekend is (die acties staan onderaan)."),
    "output_files.actions_csv.priority": "1 (eerst) tot 5.",
    "output_files.actions_csv.impact": "Wat er op het spel staat, in euro's (de impactmaatstaven van de actie in het beleid); binnen een prioriteit de grootste eerst.",
    "output_files.actions_csv.customer_id_name_segment": "De klant en zijn segment.",
    "output_files.actions_csv.action_id_title": "De actie uit het beleid.",
    "output_files.actions_csv.reason": "Waarom: het segment of de huisregel, met de getallen erachter.",
    "output_files.actions_csv.numbers": "Dezelfde getallen als code=waarde; …, zonder opmaak.",
    "output_files.actions_csv.text": "De tekst van de actie (bij een brief: het concept).",
    "output_files.actions_csv.letter": "'true' als de tekst een conceptbrief is.",
    "output_files.actions_csv.language": "Taal van de tekst (brieven volgen de taal van de klant).",
    "output_files.actions_csv.page": "Pad van de klantpagina; leeg als 'pages' in config.yaml de klant geen pagina geeft.",
    "output_files.report_json": "Samenvatting voor scripts en CI (schema 'klantwaarde-report', versie {version}).",
    "output_files.report_json.as_of_window": "Rapportdatum en begin van de twee vensters van 12 maanden.",
    "output_files.report_json.segments": "Per segment: id, naam, aantal klanten, omzet en nettowinst over 12 maanden.",
    "output_files.report_json.kpis": (
        "Per portefeuille-KPI: waarde nu ('value'), in het vorige venster van 12 maanden ('previous') en in het vorige "
        "rapport (previous_report); null als onbekend."),
    "output_files.report_json.previous_report": (
        "Het vorige rapport uit de historie: rapportdatum (as_of) en de daar bewaarde KPI-waarden (kpis; null als "
        "dat rapport nog geen KPI's bewaarde); null zonder eerder rapport."),
    "output_files.report_json.migrations": (
        "Segmentverschuivingen sinds het vorige rapport: van/naar-matrix (null zonder eerder rapport)."),
    "output_files.report_json.actions": "Aantal acties, per prioriteit en per actie.",
    "output_files.report_json.future_value_unavailable_warnings": (
        "Gebruikte methode voor toekomstige waarde, maatstaven die niet te berekenen waren en waarschuwingen."),
    # --- pseudonyms (build --anonymise): "Klant 0042", "Accountmanager 3"
    "anonymised.customer": "Klant",
    "anonymised.account_manager": "Accountmanager",
    # --- why an action was chosen (actions.csv, customer pages)
    "reason.segment": "Segment {name}",
    "reason.house_rule": "Huisregel",
    "reason.catch_all": "geen eerdere segmentregel van toepassing",
    "reason.days": "dagen",
    # --- build messages (generator.text.messages): "msg." + a Message's code, filled with its parameters
    # (a phrase among them rendered first); the three problem texts write a warning, a Problem of
    # errors.py (where: file:line), as its str() does
    "msg.problem": "{where}: {message}",
    "msg.problem.column": "{where}: kolom '{column}': {message}",
    "msg.problem.hint": "{problem} ({hint})",
    # --- build messages: counts and what was done with the rows
    "msg.count.rows": plural("n", one="{n} rij", other="{n} rijen"),
    "msg.count.values": plural("n", one="{n} waarde", other="{n} waarden"),
    "msg.done.kept": "behouden",
    "msg.done.dropped": "verwijderd",
    "msg.done.left_out": "weggelaten",
    # --- build messages: warnings (sources): one per file and reason; {value} is the first value concerned
    "msg.warning.excluded": "{count} van uitgesloten klanten, weggelaten (eerste: {value})",
    "msg.warning.unreadable_date": "{count} niet te lezen als datum, leeg gelaten (eerste: {value})",
    "msg.warning.unreadable_amount": "{count} niet te lezen als bedrag, leeg gelaten (eerste: {value})",
    "msg.warning.unreadable_number": "{count} niet te lezen als getal, leeg gelaten (eerste: {value})",
    "msg.warning.duplicate": "{count} precies gelijk aan een eerdere rij, {done} (eerste: {value})",
    "msg.warning.dated_before_1990": "{count} gedateerd vóór 1990, weggelaten (eerste: {value})",
    "msg.warning.before_1990": "{count} vóór 1990, leeg gelaten (eerste: {value})",
    "msg.warning.negative_quantity": "{count} met een negatieve hoeveelheid, behouden (eerste: {value})",
    "msg.warning.outside": "{count} buiten {range}, leeg gelaten (eerste: {value})",
    "msg.warning.repeated_id": "{count} met het klantnummer van een eerdere rij, weggelaten (eerste: {value})",
    "msg.warning.after_report_date": "{count} gedateerd na de rapportdatum {date}, weggelaten (eerste: {value})",
    "msg.warning.no_transactions": "{count} in de tabel customers zonder transacties, {done} (eerste: {value})",
    "msg.warning.no_transactions_zeros": (
        "{count} in de tabel customers zonder transacties, met een klantnummer dat alleen zonder voorloopnullen "
        "bekend is, {done} (eerste: {value})"),
    "msg.warning.unknown_customer": (
        "{count} van klanten die niet in de tabel transactions of customers staan, {done} (eerste: {value})"),
    "msg.warning.unknown_customer_zeros": (
        "{count} van klanten die niet in de tabel transactions of customers staan, met een klantnummer dat alleen "
        "zonder voorloopnullen bekend is, {done} (eerste: {value})"),
    # the first value, when it is words
    "msg.value.repeats_line": "herhaalt regel {line}",
    "msg.value.repeats_file_line": "herhaalt {file} regel {line}",
    "msg.value.repeats_row": "herhaalt een eerdere rij",
    # --- build messages: hints
    "msg.hint.as_of": "de rapportdatum is as_of in config.yaml",
    "msg.hint.last_transaction": "de rapportdatum is de laatste transactiedatum",
    "msg.hint.check_dates": "controleer de datums en het datumformaat",
    "msg.hint.credit_note": "een retour hoort bij een creditnota, een negatief bedrag",
    "msg.hint.scale": "{column} heeft een schaal van {range}",
    "msg.hint.one_row": "elke klant hoort één rij te hebben; de eerste telt",
    "msg.hint.unknown_customers": "controleer de klantnummers, of zet deze klanten in de tabel customers",
    "msg.hint.excluded": "deze klantnummers staan onder exclude: in config.yaml",
    "msg.hint.drop_duplicates": (
        "zet drop_duplicates: true bij de tabel {table} in config.yaml om ze te verwijderen"),
    "msg.hint.leading_zeros": (
        "klantnummers zijn tekst: '00042' is niet '42'; maak de klantnummers in elk bestand gelijk, en maak "
        "kolommen met klantnummers in Excel tekstkolommen, anders laat Excel de voorloopnullen weg"),
    "msg.hint.date_layouts": (
        "verwacht een datum zoals 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 of 20260131; zet date_format: bij "
        "deze tabel in config.yaml voor een andere schrijfwijze"),
    "msg.hint.date_format": "verwacht datums in het date_format '{format}' uit config.yaml, zoals {example}",
    "msg.hint.amount": (
        "verwacht een bedrag zoals {like}, met {separator}, {how}; gebruikt het bestand '{other}', zet dan "
        "decimal: \"{other}\" bij de tabel {table} in config.yaml"),
    "msg.hint.number": (
        "verwacht een getal zoals {like}, met {separator}, {how}; gebruikt het bestand '{other}', zet dan decimal: "
        "\"{other}\" bij de tabel {table} in config.yaml"),
    "msg.hint.either": "{first} of {last}",
    "msg.hint.decimal_comma": "een decimale komma",
    "msg.hint.decimal_point": "een decimale punt",
    "msg.hint.configured": "zoals ingesteld",
    "msg.hint.sniffed": "zoals herkend",
    # --- build messages: why rows were rejected (TableQuality.rejected), and examples of them
    "msg.rejected.excluded": "uitgesloten klant",
    "msg.rejected.invalid": "ongeldige {column} (leeg gelaten)",
    "msg.rejected.duplicate": "dubbele rij ({done})",
    "msg.rejected.dated_before_1990": "gedateerd vóór 1990",
    "msg.rejected.before_1990": "{column} vóór 1990 (leeg gelaten)",
    "msg.rejected.negative_quantity": "negatieve hoeveelheid",
    "msg.rejected.outside": "{column} buiten {range} (leeg gelaten)",
    "msg.rejected.repeated_id": "herhaald klantnummer (eerste rij gebruikt)",
    "msg.rejected.after_report_date": "na de rapportdatum",
    "msg.rejected.no_transactions": "geen transacties",
    "msg.rejected.unknown_customer": "onbekende klant",
    "msg.rejected.zeros": "{reason} (voorloopnullen verschillen)",
    "msg.example.row": "{file}:{line}: {value}",
    "msg.example.where": "{file}:{line}",
    # --- build messages: how a file setting was found (TableQuality.sniffed)
    "msg.setting.configured": "{value} (ingesteld)",
    "msg.setting.sniffed": "{value} (herkend)",
    "msg.setting.suffix": "{value} (uit de bestandsextensie)",
    "msg.setting.default": "{value} (standaard)",
    "msg.setting.first": "{value} (het eerste)",
    "msg.setting.per_file": "{first} / {then}",
    # --- build messages: why a measure is unavailable (measures, pipeline)
    "msg.unavailable.no_table": "geen tabel '{table}' (data.{table} in config.yaml)",
    "msg.unavailable.no_column": "de tabel '{table}' heeft geen kolom '{column}'",
    "msg.unavailable.no_columns": "de tabel '{table}' heeft geen kolom {columns}",
    "msg.unavailable.no_kind": "de tabel '{table}' heeft geen contactmomenten van de soort '{kind}'",
    "msg.unavailable.needs_cost": "vraagt de marge (margin_12m), en die vraagt een kolom 'cost' in de transacties",
    "msg.unavailable.no_service": "geen enkele dienst uit het beleid kon in deze gegevens worden geteld",
    "msg.unavailable.partial_services": "gedeeltelijk: zonder {services} (zie hun gebruik)",
    "msg.unavailable.purchases_only": "gedeeltelijk: alleen aankopen (geen tabel 'interactions')",
    "msg.unavailable.no_nps": "geen tabel 'feedback' met een kolom 'nps'",
    "msg.unavailable.no_csat": "geen tabel 'feedback' met een kolom 'csat'",
    "msg.unavailable.no_history": "geen eerder rapport in de map met de historie (history in config.yaml)",
    # --- build messages: the future-value method (future), and why the simple one was used
    "msg.future.simple": (
        "Eenvoudige methode gebruikt in plaats van MBG/NBD of Pareto/NBD + Gamma-Gamma, omdat {why}: verwachte aankopen = "
        "(frequentie + 1) / max(T, 30 dagen) x horizon x activiteitsfactor; activiteitsfactor (getoond als "
        "p_alive) = exp(-(T - recency) / tussentijd), waarbij de tussentijd voor herhaalkopers hun eigen "
        "gemiddelde tijd tussen aankopen is (recency / frequentie, minstens 1 dag) en voor eenmalige kopers de "
        "gemiddelde tussentijd van alle herhaalkopers samen (som van recency / som van frequentie; de horizon als "
        "er geen herhaalkopers zijn); verwachte omzet = verwachte aankopen x de gemiddelde orderwaarde van de "
        "klant (het gemiddelde van alle klanten voor eenmalige kopers)."),
    "msg.future.bgnbd": (
        "BG/NBD- en Gamma-Gamma-modellen geschat met maximale aannemelijkheid (maximum likelihood) op {customers} "
        "klanten ({repeaters} herhaalkopers): BG/NBD r={r:.3g}, alpha={alpha:.3g} dagen, a={a:.3g}, b={b:.3g}; "
        "Gamma-Gamma p={p:.3g}, q={q:.3g}, v={v:.3g}. De verwachte aankopen over {days:g} dagen zijn de "
        "voorwaardelijke verwachting van BG/NBD, p_alive de kans volgens BG/NBD dat de klant nog actief is, en "
        "verwachte omzet = verwachte aankopen x de verwachte orderwaarde volgens Gamma-Gamma."),
    # (Dutch word order after "omdat")
    "msg.why.few_customers": plural(
        "n", one="er maar {n} klant is (minstens {min} nodig)", other="er maar {n} klanten zijn (minstens {min} nodig)"),
    "msg.why.few_repeaters": plural(
        "n",
        one="maar {n} klant meer dan eens kocht met een bekende orderwaarde (minstens {min} nodig)",
        other="maar {n} klanten meer dan eens kochten met een bekende orderwaarde (minstens {min} nodig)"),
    "msg.why.bgnbd_failed": "de schatting van BG/NBD mislukte ({detail})",
    "msg.why.gamma_gamma_failed": "de schatting van Gamma-Gamma mislukte ({detail})",
    "msg.why.bgnbd_unusable": "de parameters van BG/NBD onbruikbaar zijn ({detail})",
    "msg.why.gamma_gamma_unusable": "de parameters van Gamma-Gamma onbruikbaar zijn ({detail})",
    "msg.why.gamma_gamma_q": (
        "de schatting van Gamma-Gamma q = {q:.3g} <= 1 gaf (geen eindige gemiddelde orderwaarde)"),
    "msg.future.mbgnbd": (
        "MBG/NBD- en Gamma-Gamma-modellen geschat met maximale aannemelijkheid (maximum likelihood) op {customers} "
        "klanten ({repeaters} herhaalkopers): MBG/NBD r={r:.3g}, alpha={alpha:.3g} dagen, a={a:.3g}, b={b:.3g}; "
        "Gamma-Gamma p={p:.3g}, q={q:.3g}, v={v:.3g}. De verwachte aankopen over {days:g} dagen zijn de "
        "voorwaardelijke verwachting van MBG/NBD, p_alive de kans volgens MBG/NBD dat de klant nog actief is (ook "
        "een eenmalige koper kan afhaken), en verwachte omzet = verwachte aankopen x de verwachte orderwaarde "
        "volgens Gamma-Gamma (voor eenmalige kopers hun ene order, naar het gemiddelde van alle klanten getrokken met gewicht p / (p + q - 1))."),
    "msg.future.pnbd": (
        "Pareto/NBD- en Gamma-Gamma-modellen geschat met maximale aannemelijkheid (maximum likelihood) op "
        "{customers} klanten ({repeaters} herhaalkopers): Pareto/NBD r={r:.3g}, alpha={alpha:.3g} dagen, "
        "s={s:.3g}, beta={beta:.3g} dagen; Gamma-Gamma p={p:.3g}, q={q:.3g}, v={v:.3g}. De verwachte aankopen over "
        "{days:g} dagen zijn de voorwaardelijke verwachting van Pareto/NBD, p_alive de kans volgens Pareto/NBD dat "
        "de klant nog actief is, en verwachte omzet = verwachte aankopen x de verwachte orderwaarde volgens "
        "Gamma-Gamma (voor eenmalige kopers hun ene order, naar het gemiddelde van alle klanten getrokken met gewicht p / (p + q - 1))."),
    "msg.future.pnbd_sample": (
        "Pareto/NBD- en Gamma-Gamma-modellen geschat met maximale aannemelijkheid (maximum likelihood): "
        "Pareto/NBD op een vaste willekeurige steekproef van {sample} van de {customers} klanten (bij elke build "
        "dezelfde: de aannemelijkheid is een integraal per klant, en bij dit aantal is de fout die de steekproef in "
        "de parameters brengt veel kleiner dan die van het model zelf), Gamma-Gamma op alle {repeaters} "
        "herhaalkopers: Pareto/NBD r={r:.3g}, alpha={alpha:.3g} dagen, s={s:.3g}, beta={beta:.3g} dagen; "
        "Gamma-Gamma p={p:.3g}, q={q:.3g}, v={v:.3g}. De verwachte aankopen over {days:g} dagen zijn de "
        "voorwaardelijke verwachting van Pareto/NBD, voor elke klant berekend, p_alive de kans volgens Pareto/NBD "
        "dat de klant nog actief is, en verwachte omzet = verwachte aankopen x de verwachte orderwaarde volgens "
        "Gamma-Gamma (voor eenmalige kopers hun ene order, naar het gemiddelde van alle klanten getrokken met "
        "gewicht p / (p + q - 1))."),
    "msg.why.no_model": "geen model gekozen is",
    "msg.why.model_failed": "de schatting van {model} mislukte ({detail})",
    "msg.why.model_unusable": "de parameters van {model} onbruikbaar zijn ({detail})",
    "msg.why.backtest_not_run": "de backtest niet kon draaien ({detail})",
    "msg.why.backtest_simple_best": (
        "die in de backtest de aankopen van de toetsperiode beter voorspelde dan MBG/NBD en Pareto/NBD"),
    "future_method_mbgnbd": "MBG/NBD voor het aantal aankopen en Gamma-Gamma voor de waarde per aankoop",
    "future_method_pnbd": "Pareto/NBD voor het aantal aankopen en Gamma-Gamma voor de waarde per aankoop",
    "future_model_short_mbgnbd": "MBG/NBD",
    "future_model_short_pnbd": "Pareto/NBD",
    "future_model_short_bgnbd": "BG/NBD (referentie)",
    "future_model_short_baseline": "naïeve basislijn",
    "future_model_short_simple": "eenvoudige methode",
    "p_alive_label_model": "Kans nog actief ({model})",
    "backtest_title": "Backtest: welk model voorspelt deze klanten het best",
    "backtest_text": (
        "Elk model is geschat op de aankopen tot en met {calibration_end} en voorspelt de aankopen (aankoopdagen) "
        "van de {holdout_days} dagen daarna, per klant die vóór die datum al kocht ({customers} klanten). De "
        "eenvoudige methode doet mee als derde kandidaat. Gekozen wordt de kandidaat met de laagste RMSE: zo "
        "beslissen de gegevens van dit bedrijf, niet een voorkeur. BG/NBD staat er alleen ter vergelijking bij, "
        "omdat het eenmalige kopers altijd als actief ziet; de naïeve basislijn (het eigen tempo van elke klant, "
        "herhaalaankopen / T) is de meetlat, want die kent geen afhaken en geeft geen kans dat een klant nog "
        "actief is. Daarna is het gekozen model opnieuw geschat op de hele historie."),
    "backtest_not_run": "De backtest is niet uitgevoerd: {reason}.",
    "backtest_chosen": "Gekozen: {model}.",
    "backtest_none_chosen": "Zonder backtest is de eenvoudige methode gebruikt.",
    "col_backtest_model": "Model",
    "col_backtest_rmse": "RMSE per klant",
    "col_backtest_predicted": "Voorspeld totaal",
    "col_backtest_actual": "Werkelijk totaal",
    "col_backtest_params": "Parameters (kalibratie)",
    "future_params": "Parameters op de hele historie: {params}.",
    "output_files.report_json.future": (
        "future.backtest: calibration_end (datum), holdout_days, 'customers', 'chosen' (mbgnbd, pnbd of null) en per "
        "model (mbgnbd, pnbd, bgnbd, baseline) 'rmse', predicted_total, actual_total en params; future.params: de "
        "parameters van het gekozen model op de hele historie."),
    "msg.why.non_finite": "de geschatte modellen oneindige voorspellingen gaven",
    # --- a change in the last 12 months (issue 15) ---
    "col_backtest_change_prior": "Gewicht verandering",
    "col_backtest_rmse_constant": "RMSE bij vast tempo",
    "backtest_change_text": (
        "Een telmodel gaat uit van één vast aankooptempo per klant. Een klant die het ene jaar elf keer kocht en het "
        "volgende jaar twee keer, krijgt dan het gemiddelde van beide jaren voorspeld. Daarom weegt het model ook de "
        "mogelijkheid dat het tempo twaalf maanden geleden veranderde. Het tempo daarvoor en daarna komen dan "
        "allebei uit dezelfde verdeling van alle klanten. De kans op die verandering volgt per klant uit de "
        "aankopen zelf (Bayes), vanuit een vooraf gegeven gewicht; klanten zonder herhaalaankoop of jonger dan een "
        "jaar hebben geen verandering. De voorspelling is het gewogen gemiddelde: bij een verandering telt het "
        "aankooptempo van de laatste twaalf maanden, en ook hun orderwaarde, afgewogen tegen de eigen eerdere "
        "orders van de klant zoals Gamma-Gamma de orders van een klant afweegt tegen die van alle klanten (één "
        "kleine recente order na jaren van kleine orders maakt geen klant van gemiddelde omvang). Dat gewicht wordt niet aangenomen: de "
        "backtest probeert 0 % (vast tempo) tot 100 % en houdt het gewicht met de laagste RMSE. Gekozen: {prior}."),
    # --- hand-outs (issue 16) ---
    "xlsx.sheet_scores": "Klanten",
    "xlsx.sheet_actions": "Acties",
    "xlsx.sheet_measures": "Maatstaven",
    "xlsx.col_page": "Klantpagina",
    "xlsx.col_owner": "Accountmanager",
    "xlsx.col_text": "Tekst",
    "xlsx.col_letter": "Conceptbrief",
    "xlsx.col_language": "Taal",
    "xlsx.col_contact_name": "Contactpersoon",
    "xlsx.col_phone": "Telefoon",
    "xlsx.col_email": "E-mail",
    "xlsx.col_code": "Code",
    "xlsx.col_label": "Naam",
    "xlsx.col_kind": "Soort",
    "xlsx.col_definition": "Definitie",
    "xlsx.kind.money": "bedrag",
    "xlsx.kind.number": "getal",
    "xlsx.kind.count": "aantal",
    "xlsx.kind.days": "dagen",
    "xlsx.kind.ratio": "percentage",
    "xlsx.kind.rating": "beoordeling (1–5)",
    "xlsx.kind.score": "score (0–100)",
    "xlsx.kind.probability": "kans",
    "xlsx.kind.date": "datum",
    "xlsx.kind.text": "tekst",
    "xlsx.kind.bool": "ja/nee",
    "xlsx.language.nl": "Nederlands",
    "xlsx.language.en": "Engels",
    "actions_xlsx_note": "Om uit te delen of te filteren in Excel:",
    "actions_filter_label": "Filter de acties",
    "actions_filter_priority": "Prioriteit",
    "actions_filter_segment": "Segment",
    "actions_filter_all": "Alle",
    "actions_filter_open": "Alleen open acties",
    "actions_filter_shown": plural("n", one="{n} actie getoond", other="{n} acties getoond"),
    "actions_sort_label": "Sorteer op {column}",
    "col_done": "Gedaan",
    "actions_done_label": "{action} bij {customer} gedaan",
    "actions_done_note": (
        "Een vinkje bij ‘Gedaan’ wordt alleen in deze browser op deze computer bewaard, niet in het rapport."),
    "actions_done_count": plural("n", one="{n} actie afgevinkt", other="{n} acties afgevinkt"),
    "actions_export_done": "Afgevinkte acties downloaden (CSV)",
    "actions_export_file": "afgevinkte-acties",
    "output_files.actions_xlsx": (
        "De werklijst om uit te delen: dezelfde regels als actions.csv, met kopjes, segmenten en acties in de taal "
        "van het rapport, de impact in euro's, de klantpagina als link en, met 'privacy.contacts' op 'true' in config.yaml, de "
        "contactgegevens. Koprij vast, filters aan."),
    "output_files.actions_xlsx.owner_priority_impact": "Accountmanager, prioriteit en wat er op het spel staat (€).",
    "output_files.actions_xlsx.customer_segment_action": "Klant, klantnummer, segment, actie, waarom en tekst.",
    "output_files.actions_xlsx.page": "Link naar de klantpagina (werkt vanuit de sitemap of de uitgepakte zip).",
    "output_files.actions_xlsx.contact_name_phone_email": (
        "Contactpersoon, telefoon en e-mail uit de klantentabel; alleen met 'privacy.contacts' op 'true' in config.yaml."),
    "output_files.csv_format": (
        "De CSV-bestanden zijn het machineformaat: UTF-8 zonder BOM, komma als scheidingsteken, punt als "
        "decimaalteken, datums als JJJJ-MM-DD. Nederlandse Excel leest ze niet goed in door te dubbelklikken "
        "(één kolom, ‘CafÃ©’); open daarvoor scores.xlsx of actions.xlsx, of importeer de CSV als UTF-8 met "
        "komma als scheidingsteken."),
    # --- codes (issue 16) ---
    "msg.count.days": plural("n", one="{n} dag", other="{n} dagen"),
    "msg.warning.stale_report_date": (
        "{days} zonder gegevens: de rapportdatum {as_of} ligt zo lang na de laatste transactie ({last}), dus "
        "lijken klanten stil"),
    "msg.hint.stale_report_date": (
        "laat as_of weg uit config.yaml om te rapporteren op de datum van de laatste transactie, of zet hem op "
        "hooguit {limit} dagen daarna"),
    "msg.warning.unknown_code": (
        "{count} met {column} '{their}', een code die klantwaarde noch het beleid kent: behouden, maar telt nergens "
        "voor mee (eerste: {value})"),
    "msg.rejected.unknown_code": "onbekende {column} '{their}' (behouden)",
    "msg.hint.unknown_code_guess": (
        "bedoelt u '{guess}'? Vertaal de code in config.yaml: data: {table}: values: {{{column}: {{{their}: {guess}}}}}"),
    "msg.hint.unknown_code": (
        "vertaal de code in config.yaml: data: {table}: values: {{{column}: {{{their}: <code>}}}}; bekende codes: "
        "{known}"),
    "dq_codes_title": "Codes",
    "dq_codes_intro": (
        "Per kolom met codes: de codes in de gegevens en wat ze betekenen. Een code die klantwaarde noch het beleid "
        "kent, telt voor geen dienst en geen contract: vertaal hem onder 'values' in config.yaml."),
    "col_code_value": "Code",
    "col_code_status": "Betekenis",
    "dq_code_policy": "gebruikt door het beleid",
    "dq_code_known": "bekend bij klantwaarde",
    "dq_code_unknown": "onbekend",
    "dq_code_unknown_guess": "onbekend — bedoelt u '{guess}'?",
    "dq_code_never": "in het beleid, nooit in de gegevens",
    # --- bad rows (issue 16) ---
    "msg.bad.empty": "leeg",
    "msg.bad.not_date": "geen datum",
    "msg.bad.not_amount": "geen bedrag",
    "msg.bad.not_number": "geen getal",
    "msg.bad.not_direction": "niet in of out",
    "msg.bad.total_line": "lijkt een totaalregel",
    "msg.bad.total_sum": "lijkt een totaalregel: geen klantnummer, en het bedrag is de som van de rijen erboven",
    "msg.rejected.skipped": "overgeslagen, {column}: {reason}",
    "msg.warning.skipped": "{count} overgeslagen (on_bad_rows: skip): {reason} (eerste: {value})",
    "msg.hint.skipped": "elke overgeslagen rij staat op de pagina datakwaliteit en in rejected.csv",
    "dq_skipped_title": "Overgeslagen rijen",
    "dq_skipped_intro": (
        "Rijen die zijn weggelaten omdat ze niet te lezen waren (on_bad_rows: skip in config.yaml) of totaalregels "
        "zijn. Ze staan allemaal in rejected.csv."),
    "dq_skipped_more": plural("n", one="en nog {n} rij: zie rejected.csv", other="en nog {n} rijen: zie rejected.csv"),
    "col_file": "Bestand",
    "col_line": "Regel",
    "output_files.rejected_csv": (
        "De rijen die uit de gegevens zijn weggelaten omdat ze niet te lezen waren (on_bad_rows: skip) of "
        "totaalregels zijn; alleen een kopregel als die er niet zijn. UTF-8, gescheiden door komma's."),
    "output_files.rejected_csv.table_file_line": "De tabel, het bestand en de regel daarin (de kopregel is regel header_row).",
    "output_files.rejected_csv.column_value": "De kolom die niet te lezen was en de waarde zoals gelezen (leeg: de rij als geheel).",
    "output_files.rejected_csv.reason": "Waarom de rij is weggelaten, in de taal van het rapport.",
    "output_files.rejected_csv.code": "Hetzelfde als code: empty, not_date, not_amount, not_number, not_direction, too_large, total_line, total_sum.",
    # --- lang (issue 16) ---
    # the RFM segments (measures.RFM_SEGMENTS: rfm_segment holds the key, a page shows this name)
    "rfm.champions": "Beste kopers",
    "rfm.loyal": "Trouwe klanten",
    "rfm.potential_loyalists": "Op weg naar trouw",
    "rfm.new": "Nieuwe klanten",
    "rfm.promising": "Veelbelovend",
    "rfm.need_attention": "Aandacht nodig",
    "rfm.about_to_sleep": "Dreigt in te slapen",
    "rfm.at_risk": "Dreigt te vertrekken",
    "rfm.cant_lose": "Mogen we niet kwijtraken",
    "rfm.hibernating": "Slapend",
    # the rule trace on a customer page: the condition in words under the policy's own text
    "trace_in_words": "In woorden",
    "trace_code_value": "in het beleid: {value}",
    # a count of service units that agrees with its number ("1 bezoek", "16 bezoeken"); an unknown unit as written
    "units": "{n} {unit}",
    "units.order": plural("n", one="{n} order", other="{n} orders"),
    "units.minute": plural("n", one="{n} minuut", other="{n} minuten"),
    "units.hour": plural("n", one="{n} uur", other="{n} uur"),
    "units.complaint": plural("n", one="{n} klacht", other="{n} klachten"),
    "units.visit": plural("n", one="{n} bezoek", other="{n} bezoeken"),
    "units.review": plural("n", one="{n} review", other="{n} reviews"),
    "units.call": plural("n", one="{n} gesprek", other="{n} gesprekken"),
    "units.delivery": plural("n", one="{n} levering", other="{n} leveringen"),
    "units.ticket": plural("n", one="{n} ticket", other="{n} tickets"),
    "units.item": plural("n", one="{n} stuk", other="{n} stuks"),
    "units.day": plural("n", one="{n} dag", other="{n} dagen"),
    # --- data files (issue 17) ---
    "msg.bad.too_large": "te groot (een biljoen of meer, plus of min)",
    "msg.rejected.thousands": "{column} zoals 1.250 gelezen met een decimale punt (behouden)",
    "msg.warning.thousands": ("{count} met drie cijfers na de punt, zoals een duizendtalscheiding ze schrijft: "
                              "gelezen als decimalen, 1.250 als 1,25 (eerste: {value})"),
    "msg.hint.thousands": ('zijn het duizendtallen (1.250 = 1250), zet dan decimal: "," bij de tabel {table} in '
                           'config.yaml; zijn het decimalen, zet daar dan decimal: "." om dat te bevestigen'),
    "msg.rejected.long_text": "{column} langer dan een werkbladcel bevat (behouden)",
    "msg.warning.long_text": ("{count} langer dan 32.767 tekens, het meeste dat een werkbladcel bevat: de werkmappen "
                              "(.xlsx) kappen ze daar af (eerste: {value})"),
    "msg.value.characters": plural("n", one="{n} teken", other="{n} tekens"),
    "msg.hint.long_text": "de pagina's en CSV-bestanden houden de hele tekst; kort hem in de bron in als de werkmappen ertoe doen",
    "msg.rejected.ambiguous_dates": "{column} kan dag of maand eerst zijn",
    "msg.warning.ambiguous_dates": ("{count} kunnen dag/maand of maand/dag zijn (geen dag boven 12): gelezen als {format} "
                                    "(eerste: {value})"),
    "msg.hint.ambiguous_dates": ('schrijft het bestand de maand eerst (VS), zet dan date_format: "%m/%d/%Y" bij de '
                                 'tabel {table} in config.yaml'),
    # --- connections (issue 18) ---
    "msg.setting.connection": "{value} (database)",
    # --- pages (issue 18) ---
    "customers_with_page": plural(
        "n",
        one="{pages} van de {n} klant heeft een eigen pagina (pages: in config.yaml); zonder pagina staat de naam zonder link.",
        other="{pages} van de {n} klanten hebben een eigen pagina (pages: in config.yaml); de anderen staan hier zonder link."),
    "segment_page_title": "{name} ({n}/{total})",
    "segment_page_status": "Klanten {first}–{last} van {n}.",
    "segment_pages_label": "Pagina's met klanten van {name}",
    # --- push (issue 18) ---
    "msg.example.value": "{file}: {value}",
    "msg.warning.pushed_skipped": "{count} zonder {column}, overgeslagen (geteld in de database)",
    "msg.warning.pushed_skipped_at": "{count} zonder {column}, overgeslagen (geteld in de database; de eerste staat op deze regel)",
    "msg.error.pushed_empty": "{count} zonder {column} (geteld in de database)",
    "msg.error.pushed_empty_at": "{count} zonder {column} (geteld in de database; de eerste staat op deze regel)",
    "msg.hint.pushed_empty": "vul het in, laat die rijen weg uit de tabel of query, of zet on_bad_rows: skip",
    "msg.warning.pushed_totals": "{count} met het label van een totaalregel, overgeslagen (geteld in de database; eerste: {value})",
    "msg.warning.pushed_totals_at": "{count} met het label van een totaalregel, overgeslagen (geteld in de database; bijv. {value}; de eerste staat op deze regel)",
    "msg.error.pushed_totals": "{count} met het label van een totaalregel (Totaal, Total, …; geteld in de database)",
    "msg.error.pushed_totals_at": "{count} met het label van een totaalregel (Totaal, Total, …; geteld in de database; de eerste staat op deze regel)",
    "msg.hint.pushed_totals": "laat ze weg uit de tabel of query, of zet on_bad_rows: skip",
}
