"""The measure catalogue: every per-customer measure, declared once.

Conditions (which names exist and their kind), the methodology page, the
columns of ``scores.csv`` and the 'did you mean' suggestions all come from
this one list. A measure's ``kind`` says how it is formatted and compared:

money (currency), number, count, days, ratio (0.25 = 25 %), rating (1–5),
score (0–100), probability (0–1), date, text, bool.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    name: str
    kind: str
    group: str
    label_nl: str
    label_en: str
    definition_nl: str
    definition_en: str
    sources: tuple[str, ...] = ("transactions",)
    #: depends on the segment (entitlements, leakage): not allowed in segment conditions
    segment_dependent: bool = False
    #: the measures that show *why* this one holds (a yes/no measure's numbers, quoted in reasons)
    explained_by: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.label_nl if lang == "nl" else self.label_en

    def definition(self, lang: str) -> str:
        return self.definition_nl if lang == "nl" else self.definition_en

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


GROUPS = {
    "profile": ("Klantprofiel", "Customer profile"),
    "money": ("Omzet en marge", "Revenue and margin"),
    "activity": ("Koopgedrag", "Purchase behaviour"),
    "rfm": ("RFM", "RFM"),
    "cost": ("Kosten van bediening", "Cost to serve"),
    "arrears": ("Betaalgedrag", "Payment behaviour"),
    "relationship": ("Relatie", "Relationship"),
    "soft": ("Zachte waarde", "Soft value"),
    "future": ("Toekomstige waarde", "Future value"),
    "score": ("Scores en segment", "Scores and segment"),
}

_W = "de 12 maanden tot de rapportdatum"
_WE = "the 12 months up to the report date"

_M = Measure
MEASURES: tuple[Measure, ...] = (
    # profile (text measures from the customers table)
    _M("name", "text", "profile", "Naam", "Name", "Naam van de klant (klanttabel).", "Customer name (customers table).", ("customers",)),
    _M("account_manager", "text", "profile", "Accountmanager", "Account manager", "Verantwoordelijke accountmanager.", "Responsible account manager.", ("customers",)),
    _M("sector", "text", "profile", "Sector", "Sector", "Sector of branche van de klant.", "The customer's sector or industry.", ("customers",)),
    _M("region", "text", "profile", "Regio", "Region", "Regio van de klant.", "The customer's region.", ("customers",)),
    _M("contract", "text", "profile", "Contract", "Contract", "Contractvorm; bepaalt mede de rechten (policy: contracts).", "Contract type; part of the entitlements (policy: contracts).", ("customers",)),
    _M("language", "text", "profile", "Taal", "Language", "Voorkeurstaal voor brieven (nl of en).", "Preferred language for letters (nl or en).", ("customers",)),
    _M("customer_since", "date", "profile", "Klant sinds", "Customer since", "Startdatum van de relatie (klanttabel), anders de eerste aankoop.", "Start of the relationship (customers table), else the first purchase.", ("customers", "transactions")),
    _M("tenure_days", "days", "profile", "Klantduur (dagen)", "Tenure (days)", "Rapportdatum − klant sinds, in dagen.", "Report date − customer since, in days.", ("customers", "transactions")),
    _M("years_as_customer", "count", "profile", "Jaren klant", "Years as customer", "Klantduur in hele jaren: klantduur (dagen) / 365,25, naar beneden afgerond.", "Tenure in whole years: tenure (days) / 365.25, rounded down.", ("customers", "transactions")),
    # money
    _M("revenue_total", "money", "money", "Omzet totaal", "Revenue, all history", "Som van de bedragen (excl. btw; creditnota's negatief) van alle transacties tot en met de rapportdatum.", "Sum of amounts (excl. VAT; credit notes negative) of all transactions up to the report date."),
    _M("revenue_12m", "money", "money", "Omzet 12 mnd", "Revenue, 12 months", f"Som van de bedragen in {_W}.", f"Sum of amounts in {_WE}."),
    _M("revenue_prev_12m", "money", "money", "Omzet vorige 12 mnd", "Revenue, previous 12 months", "Som van de bedragen in de 12 maanden daarvóór.", "Sum of amounts in the 12 months before that."),
    _M("margin_prev_12m", "money", "money", "Marge vorige 12 mnd", "Margin, previous 12 months", "Omzet − kostprijs in de 12 maanden daarvóór; ontbreekt zonder kostprijs.", "Revenue − cost of goods in the 12 months before that; missing without cost data."),
    _M("margin_total", "money", "money", "Marge totaal", "Margin, all history", "Omzet − kostprijs van alle transacties tot en met de rapportdatum; ontbreekt zonder kostprijs.", "Revenue − cost of goods of all transactions up to the report date; missing without cost data."),
    _M("revenue_trend", "ratio", "money", "Omzettrend", "Revenue trend", "omzet_12m / omzet_vorige_12m − 1; ontbreekt als de vorige periode 0 is.", "revenue_12m / revenue_prev_12m − 1; missing when the previous window is 0."),
    _M("margin_12m", "money", "money", "Marge 12 mnd", "Margin, 12 months", f"Omzet − kostprijs (kolom cost) van de transacties in {_W}; ontbreekt zonder kostprijs.", f"Revenue − cost of goods (column cost) of the transactions in {_WE}; missing without cost data."),
    _M("margin_pct_12m", "ratio", "money", "Margepercentage", "Margin rate", "marge_12m / omzet_12m; ontbreekt als de omzet 0 of negatief is.", "margin_12m / revenue_12m; missing when revenue is 0 or negative."),
    _M("orders_12m", "count", "activity", "Orders 12 mnd", "Orders, 12 months", f"Aantal orders in {_W}: facturen (invoice_id) of, zonder factuurnummer, transactieregels; creditnota's tellen niet mee.", f"Number of orders in {_WE}: invoices (invoice_id) or, without invoice numbers, transaction rows; credit notes excluded."),
    _M("orders_prev_12m", "count", "activity", "Orders vorige 12 mnd", "Orders, previous 12 months", "Aantal orders in de 12 maanden daarvóór (zelfde telling).", "Number of orders in the 12 months before that (same count)."),
    _M("orders_total", "count", "activity", "Orders totaal", "Orders, all history", "Aantal orders in de hele historie tot en met de rapportdatum (zelfde telling).", "Number of orders in all history up to the report date (same count)."),
    _M("avg_order_value_12m", "money", "activity", "Gem. orderwaarde", "Average order value", "omzet_12m / orders_12m.", "revenue_12m / orders_12m."),
    _M("avg_order_value_prev_12m", "money", "activity", "Gem. orderwaarde vorige 12 mnd", "Average order value, previous 12 months", "omzet_vorige_12m / orders_vorige_12m; ontbreekt zonder orders.", "revenue_prev_12m / orders_prev_12m; missing without orders."),
    _M("avg_order_value_total", "money", "activity", "Gem. orderwaarde totaal", "Average order value, all history", "omzet_totaal / orders_totaal; ontbreekt zonder orders.", "revenue_total / orders_total; missing without orders."),
    _M("best_year", "text", "activity", "Beste jaar", "Best year", "Het kalenderjaar met de hoogste omzet in de hele historie (een lopend jaar telt tot de rapportdatum; bij gelijke omzet het laatste jaar); ontbreekt als geen jaar positieve omzet had.", "The calendar year with the highest revenue in all history (a running year counts up to the report date; on equal revenue the latest year); missing when no year had positive revenue."),
    _M("best_year_revenue", "money", "activity", "Omzet beste jaar", "Revenue in the best year", "Omzet in het beste jaar.", "Revenue in the best year."),
    _M("first_purchase", "date", "activity", "Eerste aankoop", "First purchase", "Datum van de eerste transactie met een positief bedrag.", "Date of the first transaction with a positive amount."),
    _M("last_purchase", "date", "activity", "Laatste aankoop", "Last purchase", "Datum van de laatste transactie met een positief bedrag.", "Date of the last transaction with a positive amount."),
    _M("days_since_last_purchase", "days", "activity", "Dagen sinds laatste aankoop", "Days since last purchase", "Rapportdatum − laatste aankoop.", "Report date − last purchase."),
    _M("frequency", "count", "activity", "Frequentie (herhaalaankopen)", "Frequency (repeat purchases)", "Aantal verschillende aankoopdagen − 1 (klantbasisanalyse, BG/NBD).", "Number of distinct purchase days − 1 (customer-base analysis, BG/NBD)."),
    _M("recency_days", "days", "activity", "Recency (dagen)", "Recency (days)", "Laatste − eerste aankoopdag, in dagen (BG/NBD-definitie).", "Last − first purchase day, in days (BG/NBD definition)."),
    _M("T_days", "days", "activity", "Leeftijd als klant (T, dagen)", "Customer age (T, days)", "Rapportdatum − eerste aankoopdag, in dagen.", "Report date − first purchase day, in days."),
    # RFM
    _M("R", "rating", "rfm", "R-score", "R score", "Kwintiel (1–5) van dagen sinds laatste aankoop, over de klanten met een aankoop: minder dagen → hoger. Score = ⌈5 × gemiddelde rang / aantal klanten⌉, waarbij de klant met de meeste dagen rang 1 heeft; gelijke waarden delen hun gemiddelde rang en krijgen dus dezelfde score.", "Quintile (1–5) of days since last purchase, over the customers with a purchase: fewer days → higher. Score = ⌈5 × average rank / number of customers⌉, the customer with the most days having rank 1; equal values share their average rank and so get equal scores."),
    _M("F", "rating", "rfm", "F-score", "F score", "Kwintiel (1–5) van orders_12m (zelfde methode; de kleinste waarde heeft rang 1).", "Quintile (1–5) of orders_12m (same method; the smallest value has rank 1)."),
    _M("M", "rating", "rfm", "M-score", "M score", "Kwintiel (1–5) van omzet_12m (zelfde methode; de kleinste waarde heeft rang 1).", "Quintile (1–5) of revenue_12m (same method; the smallest value has rank 1)."),
    _M("rfm_segment", "text", "rfm", "RFM-segment", "RFM segment", "Standaard RFM-segment uit R en FM = (F + M) / 2, half naar boven afgerond (zie tabel op deze pagina).", "Standard RFM segment from R and FM = (F + M) / 2 rounded half up (see the table on this page)."),
    # cost to serve
    _M("cost_to_serve_12m", "money", "cost", "Kosten van bediening 12 mnd", "Cost to serve, 12 months", f"Som over alle diensten van de policy: gebruik in {_W} × interne kosten per eenheid.", f"Sum over all policy services: usage in {_WE} × internal cost per unit.", ("transactions", "interactions")),
    _M("cost_to_serve_pct_12m", "ratio", "cost", "Kosten van bediening / omzet", "Cost to serve / revenue", "kosten_van_bediening_12m / omzet_12m.", "cost_to_serve_12m / revenue_12m.", ("transactions", "interactions")),
    _M("net_profit_12m", "money", "cost", "Nettowinst 12 mnd", "Net profit, 12 months", "marge_12m − kosten_van_bediening_12m. Zonder kostprijs ontbreekt de nettowinst.", "margin_12m − cost_to_serve_12m. Without cost of goods it is missing.", ("transactions", "interactions")),
    _M("leakage_12m", "money", "cost", "Weglek (buiten recht)", "Service leakage", "Kosten van diensten die de klant gebruikte zonder er recht op te hebben (recht = segment ∪ contract).", "Cost of services the customer used without being entitled to them (entitlement = segment ∪ contract).", ("transactions", "interactions"), segment_dependent=True),
    # arrears
    _M("overdue_amount", "money", "arrears", "Achterstallig bedrag", "Overdue amount", "Som van de facturen die op de rapportdatum over de vervaldatum zijn en nog niet betaald.", "Sum of invoices past their due date and unpaid at the report date."),
    _M("overdue_invoices", "count", "arrears", "Achterstallige facturen", "Overdue invoices", "Aantal facturen dat op de rapportdatum over de vervaldatum is en onbetaald.", "Number of invoices past due and unpaid at the report date."),
    _M("overdue_days_max", "days", "arrears", "Oudste achterstand (dagen)", "Oldest arrear (days)", "Dagen dat de oudste onbetaalde factuur op de rapportdatum over de vervaldatum is; 0 zonder achterstand.", "Days the oldest unpaid invoice is past its due date at the report date; 0 without arrears."),
    _M("days_late_max", "days", "arrears", "Max. dagen te laat", "Max. days late", f"Grootste aantal dagen na de vervaldatum (betaald: betaaldatum − vervaldatum; onbetaald: rapportdatum − vervaldatum) over facturen met vervaldatum in {_W}; vroeg betalen telt als 0.", f"Largest number of days past the due date (paid: paid − due; unpaid: report date − due) over invoices due in {_WE}; paying early counts as 0."),
    _M("days_late_avg", "days", "arrears", "Gem. dagen te laat", "Avg. days late", "Gemiddelde van dezelfde dagen te laat, per factuur.", "Mean of the same days late, per invoice."),
    _M("payment_trend", "days", "arrears", "Trend betaalgedrag", "Payment trend", "Gem. dagen te laat in de laatste 12 maanden − de 12 maanden daarvóór; positief = later gaan betalen.", "Avg. days late in the last 12 months − the 12 months before; positive = paying later.",),
    _M("late_payer", "bool", "arrears", "Wanbetaler", "Late payer", "Waar als het achterstallige bedrag > 0 is en de oudste achterstand meer dagen telt dan de huisregel arrears_days.", "True when the overdue amount > 0 and the oldest arrear exceeds the house rule arrears_days.", explained_by=("overdue_amount", "overdue_days_max")),
    # relationship
    _M("complaints_12m", "count", "relationship", "Klachten 12 mnd", "Complaints, 12 months", f"Interacties van soort 'complaint' in {_W}.", f"Interactions of kind 'complaint' in {_WE}.", ("interactions",)),
    _M("incidents_12m", "count", "relationship", "Gedragsincidenten 12 mnd", "Behaviour incidents, 12 months", f"Interacties van soort 'incident' (dreigen, intimideren, betaling achterhouden) in {_W}.", f"Interactions of kind 'incident' (threats, intimidation, withholding payment) in {_WE}.", ("interactions",)),
    _M("support_minutes_12m", "number", "relationship", "Supportminuten 12 mnd", "Support minutes, 12 months", f"Som van minutes van interacties van soort 'support' in {_W}.", f"Sum of minutes of interactions of kind 'support' in {_WE}.", ("interactions",)),
    _M("meetings_12m", "count", "relationship", "Gesprekken 12 mnd", "Meetings, 12 months", f"Interacties van soort 'meeting', 'visit' of 'review' in {_W}.", f"Interactions of kind 'meeting', 'visit' or 'review' in {_WE}.", ("interactions",)),
    _M("last_contact", "date", "relationship", "Laatste contact", "Last contact", "Laatste datum van een interactie of aankoop.", "Latest date of any interaction or purchase.", ("interactions", "transactions")),
    _M("days_since_contact", "days", "relationship", "Dagen sinds contact", "Days since contact", "Rapportdatum − laatste contact.", "Report date − last contact.", ("interactions", "transactions")),
    _M("silent", "bool", "relationship", "Stil", "Silent", "Waar als het laatste contact langer geleden is dan de huisregel silence_days.", "True when the last contact is longer ago than the house rule silence_days.", ("interactions", "transactions"), explained_by=("days_since_contact",)),
    _M("nps", "number", "relationship", "NPS-score", "NPS score", "Laatste aanbevelingsscore (0–10) uit de feedback.", "Latest recommendation score (0–10) from feedback.", ("feedback",)),
    _M("nps_change", "number", "relationship", "NPS-verandering", "NPS change", "Laatste min de voorlaatste aanbevelingsscore van de klant; ontbreekt bij minder dan twee antwoorden.", "Latest minus the customer's previous recommendation score; missing with fewer than two answers.", ("feedback",)),
    # soft values
    _M("knowledge", "rating", "soft", "Kennis", "Knowledge", "Wat we van de klant leren: kennis en ervaring (1–5, laatste beoordeling).", "What we learn from the customer: knowledge and experience (1–5, latest assessment).", ("assessments",)),
    _M("pleasure", "rating", "soft", "Plezier", "Pleasure", "Plezier in de samenwerking (1–5, laatste beoordeling).", "Pleasure in working together (1–5, latest assessment).", ("assessments",)),
    _M("network", "rating", "soft", "Netwerk", "Network", "Netwerkwaarde: doorverwijzingen, mond-tot-mondreclame, ambassadeurschap (1–5).", "Network value: referrals, word of mouth, ambassadorship (1–5).", ("assessments",)),
    _M("referrals_12m", "count", "soft", "Doorverwijzingen 12 mnd", "Referrals, 12 months", f"Waargenomen netwerkwaarde: interacties van soort 'referral' (de klant bracht ons een nieuwe klant of lead) in {_W}. Ontbreekt als de data geen doorverwijzingen bevat.", f"Observed network value: interactions of kind 'referral' (the customer brought us a new customer or lead) in {_WE}. Missing when the data has no referrals.", ("interactions",)),
    _M("referrals_total", "count", "soft", "Doorverwijzingen totaal", "Referrals, all history", "Interacties van soort 'referral' in de hele historie tot en met de rapportdatum.", "Interactions of kind 'referral' in all history up to the report date.", ("interactions",)),
    _M("prestige", "rating", "soft", "Prestige", "Prestige", "Een naam die anderen aantrekt (1–5, laatste beoordeling).", "A name that attracts others (1–5, latest assessment).", ("assessments",)),
    _M("potential", "rating", "soft", "Potentie", "Potential", "Ingeschatte groeipotentie (1–5, laatste beoordeling).", "Estimated growth potential (1–5, latest assessment).", ("assessments",)),
    _M("assessment_date", "date", "soft", "Datum beoordeling", "Assessment date", "Datum van de laatste beoordeling.", "Date of the latest assessment.", ("assessments",)),
    # future
    _M("expected_purchases_12m", "number", "future", "Verwachte aankopen 12 mnd", "Expected purchases, 12 months", "Verwacht aantal aankoopdagen in de komende 365 dagen (BG/NBD, zie hieronder).", "Expected number of purchase days in the next 365 days (BG/NBD, see below)."),
    _M("expected_revenue_12m", "money", "future", "Verwachte omzet 12 mnd", "Expected revenue, 12 months", "Verwachte aankopen × verwachte gemiddelde aankoopwaarde (Gamma-Gamma).", "Expected purchases × expected average purchase value (Gamma-Gamma)."),
    _M("p_alive", "probability", "future", "Kans nog actief", "Probability alive", "Kans dat de klant nog actief is (BG/NBD).", "Probability that the customer is still active (BG/NBD)."),
    # scores
    _M("value_score", "score", "score", "Waardescore", "Value score", "Gewogen gemiddelde van genormaliseerde waardecomponenten (policy: scores.value).", "Weighted mean of normalised value components (policy: scores.value).", ()),
    _M("burden_score", "score", "score", "Lastscore", "Burden score", "Gewogen gemiddelde van genormaliseerde lastcomponenten (policy: scores.burden).", "Weighted mean of normalised burden components (policy: scores.burden).", ()),
    _M("future_score", "score", "score", "Toekomstscore", "Future score", "Gewogen gemiddelde van genormaliseerde toekomstcomponenten (policy: scores.future).", "Weighted mean of normalised future components (policy: scores.future).", ()),
    _M("value_band", "text", "score", "Waardeband", "Value band", "low / mid / high volgens de banden in de policy.", "low / mid / high by the policy's bands.", (), explained_by=("value_score",)),
    _M("burden_band", "text", "score", "Lastband", "Burden band", "low / mid / high volgens de banden in de policy.", "low / mid / high by the policy's bands.", (), explained_by=("burden_score",)),
    _M("future_band", "text", "score", "Toekomstband", "Future band", "low / mid / high volgens de banden in de policy.", "low / mid / high by the policy's bands.", (), explained_by=("future_score",)),
    _M("value_score_coverage", "ratio", "score", "Dekking waardescore", "Value score coverage", "Aandeel van de gewichten van scores.value waarvan de component bekend is. Ontbrekende componenten tellen niet mee: de overige gewichten worden naar dit aandeel herschaald (effectief gewicht = gewicht / (som van de gewichten × dekking)).", "Share of the weights of scores.value whose component is known. Missing components are left out and the remaining weights re-normalised by this share (effective weight = weight / (sum of weights × coverage)).", ()),
    _M("burden_score_coverage", "ratio", "score", "Dekking lastscore", "Burden score coverage", "Idem voor scores.burden.", "The same for scores.burden.", ()),
    _M("future_score_coverage", "ratio", "score", "Dekking toekomstscore", "Future score coverage", "Idem voor scores.future.", "The same for scores.future.", ()),
    _M("previous_segment", "text", "score", "Vorig segment", "Previous segment", "Het segment in het vorige rapport: de meest recente eerdere build met een vroegere rapportdatum (history); ontbreekt zonder eerder rapport of als de klant er niet in stond.", "The segment in the previous report: the most recent stored build with an earlier report date (history); missing without a previous report or when the customer was not in it.", ("history",)),
    _M("value_score_change", "number", "score", "Verandering waardescore", "Value score change", "Waardescore nu − waardescore in het vorige rapport.", "Value score now − value score in the previous report.", ("history",)),
    _M("burden_score_change", "number", "score", "Verandering lastscore", "Burden score change", "Lastscore nu − lastscore in het vorige rapport.", "Burden score now − burden score in the previous report.", ("history",)),
    _M("future_score_change", "number", "score", "Verandering toekomstscore", "Future score change", "Toekomstscore nu − toekomstscore in het vorige rapport.", "Future score now − future score in the previous report.", ("history",)),
    _M("segment", "text", "score", "Segment", "Segment", "Het eerste segment van de policy waarvan de voorwaarde waar is.", "The first policy segment whose condition is true.", (), segment_dependent=True),
)


def service_measures(service_id: str, name_nl: str, name_en: str, unit: str) -> tuple[Measure, Measure]:
    """The two measures every policy service adds: its usage and its cost over 12 months."""
    src = ("transactions", "interactions")
    return (
        Measure(f"usage_{service_id}_12m", "number", "cost", f"Gebruik {name_nl}", f"Usage: {name_en}",
                f"Aantal eenheden ({unit}) van de dienst '{service_id}' in {_W}, geteld zoals de policy zegt.",
                f"Units ({unit}) of service '{service_id}' in {_WE}, counted as the policy says.", src),
        Measure(f"cost_{service_id}_12m", "money", "cost", f"Kosten {name_nl}", f"Cost: {name_en}",
                f"Gebruik × interne kosten per {unit} van '{service_id}'.",
                f"Usage × internal cost per {unit} of '{service_id}'.", src),
    )


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
                if allow_segment_dependent or not m.segment_dependent}

    def by_group(self) -> dict[str, list[Measure]]:
        out: dict[str, list[Measure]] = {g: [] for g in GROUPS}
        for m in self.measures:
            out[m.group].append(m)
        return out


def catalogue_for(policy) -> Catalogue:
    """Catalogue extended with the usage and cost measures of the policy's services."""
    extra: list[Measure] = []
    for s in policy.services:
        extra.extend(service_measures(s.id, s.name.nl, s.name.en, s.unit))
    return Catalogue(tuple(extra))
