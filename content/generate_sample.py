"""Generate the sample data of the fictional Drukkerij De Kleine Pers B.V.

What it makes
-------------
Five CSV files under ``content/data/`` for a fictional but realistic Dutch B2B
printing and packaging firm with about 250 customers and 30 months of history
(01-01-2024 up to the report date 30-06-2026, plus a handful of invoices dated
in early July 2026 so that "rows after the report date are left out and
counted" has something to count):

- ``klanten.csv``         customers (and the internal account ``INTERN-001``,
                          which ``config.yaml`` excludes),
- ``transacties.csv``     invoices and credit notes (cp1252),
- ``contactmomenten.csv`` interactions: support, calls, e-mails, meetings,
                          visits, account reviews, complaints, incidents and
                          referrals (kind ``referral``: the customer brought
                          us a new customer or lead; mostly customers with a
                          network rating of 4 or 5), each with who reached
                          out (``Richting``: inkomend or uitgaand),
- ``beoordelingen.csv``   account-manager assessments (soft values, 1-5),
- ``feedback.csv``        NPS answers (0-10).

The files look like Dutch accounting exports: ``;`` separator, decimal comma,
dates ``dd-mm-yyyy``, CRLF line ends, Dutch column headers exactly as mapped in
``config.yaml``. Credit notes (price corrections, ``C``-numbered) have a
negative amount, no order type, no quantity and no cost, and are settled on
their own date; unpaid invoices have an empty ``Betaaldatum``.

Why
---
The sample drives the demo report, the documentation screenshots and the
end-to-end tests, so it has to exercise every part of the policy: every
default segment has members and the hard cases below exist on purpose.

Hand-designed customers (expected segment under the default policy)
-------------------------------------------------------------------
- K9001 Verpakkingsgroep Noordhaven B.V.: big customer (~110k in 12 months) who loses
  money through many thin-margin rush orders and heavy support  -> fix
- K9002 Tuincentrum De Groene Hof: pays 10-40 days late; three invoices
  unpaid at the report date, 90, 51 and 25 days past due (late_payer,
  payment reminder)                                                -> core
- K9003 Stichting Museum Het Zilveren Licht: small customer, prestige and
  network 5, potential 4, refers new customers to us (referrals)
                                                  -> growth (never part_ways)
- K9004 Brouwerij De Drie Gebroeders: big historic revenue, last order
  14-01-2026 and last contact 20-01-2026 (161 days of silence)      -> silent
- K9005 Meubelhuis Van Dam: incident "Dreigde betaling in te houden tenzij
  korting" (calm_response), otherwise an ordinary customer          -> core
- K9006 Partyverhuur De Vrolijke Tent: loses money (thin margins, rush
  orders, complaints, support), assessed <= 2 on all five soft values,
  revenue down ~60 %                                            -> part_ways
- K9007 Evenementenbureau Zomerlicht: the same kind of money-loser with low
  soft values, but never assessed: unknown soft values never match
  part_ways                                                          -> fix
- K9008 Zorgcentrum De Linde: ordinary profitable customer, no assessment
                                                                    -> core
- K9009 Eetcafé De Gouden Karper: behaviour incident (abused an employee on
  the phone), otherwise ordinary                                    -> core
- K9010 Brightline Events B.V.: English-language front-door exit (letter in
  English)                                                      -> part_ways
- K9011 Feestartikelen Online: a third clear exit case          -> part_ways

About 15 % of the other customers have no assessment, about half have NPS
feedback. Names needing HTML escaping: ``Smit & Zn. <Drukwerk>`` (K0017) and
``'t Hoekje`` (K0033). Two ordinary customers have one unpaid invoice each:
K0027 (38 days past due: a late payer) and K0091 (13 days: overdue, but
within the 30-day house rule); a few slow payers have invoices a few days
past due that were not yet paid when the export was made (10-07-2026).
Two e-mails in ``contactmomenten.csv`` are dated after the report date too.
A realistic share of ordinary customers also land in fix (small, demanding
customers: many small rush/custom orders and support) and silent (customers
who stopped buying).

Deterministic: every random draw comes from ``numpy.random.default_rng`` with
a fixed seed (one child generator per customer, so changing one customer
leaves the others alone); no wall clock. Run::

    python content/generate_sample.py            # rewrites content/data/*.csv
    python content/generate_sample.py --out DIR  # writes somewhere else
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SEED = 20260630
START = dt.date(2024, 1, 1)
AS_OF = dt.date(2026, 6, 30)
MID = dt.date(2025, 6, 30)          # growth factors are relative to this date
EXPORT = dt.date(2026, 7, 10)       # the day the export was made: no later payments
PAYMENT_TERMS = 30
N_RANDOM = 239                      # K0001..K0239; plus 11 hand-designed = 250

D = dt.date

# --------------------------------------------------------------------------- vocabulary

ACCOUNT_MANAGERS = ["Sanne Vermeulen", "Joost de Haan", "Fatima El Amrani", "Pieter Dijkstra", "Ingrid Bos"]
AM_WEIGHTS = [0.24, 0.24, 0.2, 0.18, 0.14]

PROVINCES = ["Gelderland", "Overijssel", "Utrecht", "Noord-Holland", "Zuid-Holland", "Noord-Brabant",
             "Flevoland", "Drenthe", "Friesland", "Groningen", "Limburg", "Zeeland"]
PROVINCE_WEIGHTS = [0.26, 0.16, 0.12, 0.09, 0.09, 0.08, 0.05, 0.04, 0.04, 0.03, 0.02, 0.02]

SECTORS = ["Retail", "Voeding", "Onderwijs", "Overheid", "Zorg", "Horeca", "Cultuur", "Marketing", "Sport"]
SECTOR_WEIGHTS = [0.19, 0.15, 0.10, 0.07, 0.10, 0.12, 0.09, 0.12, 0.06]

SURNAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
            "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
            "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "Vermeulen", "van den Berg",
            "van der Heijden", "van Dijk", "Koster", "Prins", "Huisman", "Kuipers", "Verhoeven", "Hoekstra",
            "Postma", "Willems", "Scholten", "Timmermans", "Groen", "Veenstra", "Wolters", "Kramer",
            "Hofman", "Zwart", "Bosman", "Schouten", "Boersma", "Lammers", "Hermans", "Wouters", "Evers"]
FIRST_NAMES = ["Anke", "Bram", "Carla", "Daan", "Eva", "Femke", "Gijs", "Hanneke", "Ilse", "Jeroen",
               "Karin", "Lotte", "Maarten", "Nina", "Olaf", "Petra", "Ruud", "Sophie", "Tom", "Wendy"]
PLACE_HEADS = ["Linden", "Eiken", "Berken", "Wilgen", "Essen", "Hoog", "Laag", "Zand", "Veen", "Water",
               "Molen", "Heide", "Kerk", "Beek", "Brug", "Vogel", "Ooster", "Wester", "Noorder", "Zuider",
               "Klaver", "Haver", "Rogge", "Vlas", "Duin", "Polder", "Slot", "Burcht"]
PLACE_TAILS = ["broek", "horst", "veen", "wolde", "hoven", "dijk", "dam", "rade", "lo", "zijl", "meer",
               "berg", "kamp", "hem", "sloot", "haven", "wijk", "laar"]
ANIMALS = ["Zwaan", "Reiger", "Vos", "Uil", "Das", "Ooievaar", "Merel", "Egel", "Haas", "Kraanvogel",
           "Lijster", "Otter", "Specht", "Vlinder", "Bever", "Zeehond"]
TREES = ["Linde", "Eik", "Beuk", "Es", "Wilg", "Kastanje", "Iep", "Plataan", "Berk", "Hazelaar"]
WORDS = ["Helder", "Kompas", "Vonk", "Golf", "Lijn", "Kern", "Blik", "Spoor", "Toren", "Bron", "Anker",
         "Horizon", "Pixel", "Inkt", "Vorm", "Kleur", "Letter", "Punt", "Zicht", "Stroom"]
SCHOOL_WORDS = ["Regenboog", "Wegwijzer", "Klimop", "Springplank", "Zonnewijzer", "Kameleon",
                "Ontdekking", "Windroos", "Vlinderboom", "Sterrenwacht"]
WEB_WORDS = ["Kadoplein", "Feestwinkel", "Stickerkoning", "Taartenland", "Theeschuur", "Sokkenbak",
             "Kaartenhuis", "Speelgoedzolder", "Kruidenhof", "Petjesfabriek", "Fietsmaatje", "Plantenbak"]

SECTOR_TEMPLATES = {
    "Retail": ["Tuincentrum {P}", "Boekhandel {S}", "Modehuis {S}", "Fietsenwinkel {S}", "Woonwinkel {W}",
               "{Web}.nl", "Speelgoedwinkel De {A}", "Drogisterij {S}", "Bloemenhuis {F}", "Schoenen {S}",
               "Wijnhandel {S}", "Dierenspeciaalzaak {P}"],
    "Voeding": ["Bakkerij {S}", "Slagerij {S}", "Brouwerij De {A}", "Kaasmakerij {P}", "Koffiebranderij {S}",
                "Chocolaterie {F}", "Zuivelboerderij De {T}hoeve", "Versmarkt {P}", "Jamfabriek {P}",
                "Groothandel {S}"],
    "Onderwijs": ["Basisschool De {Sc}", "Crèche De {A}", "{P} College", "Stichting Openbaar Onderwijs {P}",
                  "Montessorischool {P}", "Kinderdagverblijf De {A}", "Muziekschool {P}", "Taleninstituut {W}"],
    "Overheid": ["Gemeente {P}", "Waterschap {P}", "Omgevingsdienst {P}", "Veiligheidsregio {P}",
                 "Stadsbeheer {P}"],
    "Zorg": ["Zorggroep {P}", "Huisartsenpraktijk {S}", "Fysiotherapie {P}", "Tandartspraktijk {S}",
             "Verpleeghuis De {T}", "Thuiszorg {P}", "Apotheek {P}", "GGZ {W}"],
    "Horeca": ["Café De {A}", "Hotel {P}", "Restaurant De {T}", "Brasserie {S}", "Strandpaviljoen {W}",
               "Lunchroom {F}", "Pannenkoekenhuis De {A}", "Camping De {T}", "Crêperie {F}"],
    "Cultuur": ["Museum {P}", "Schouwburg {P}", "Filmhuis {P}", "Stichting Festival {P}", "Bibliotheek {P}",
                "Poppodium De {A}", "Galerie {S}", "Harmonie {P}"],
    "Marketing": ["Reclamebureau {W}", "Studio {W}", "{W} Communicatie", "Ontwerpbureau {S}", "{W} Media",
                  "Bureau {W}", "Evenementenbureau {P}"],
    "Sport": ["Voetbalvereniging {P}", "Sportschool {W}", "Hockeyclub {P}", "Tennisvereniging {P}",
              "Zwembad De {A}", "Wielervereniging {P}"],
}
BV_SECTORS = {"Retail", "Voeding", "Marketing"}

NOTES = {
    "support": ["Vraag over aanleverspecificaties", "Hulp bij opmaak pdf", "Drukproef toegelicht",
                "Vraag over levertijd", "Bestand opnieuw aangeleverd", "Kleurprofiel gecontroleerd",
                "Uitleg afloop en snijtekens", "Hulp bij bestelportaal", "Papiersoort geadviseerd",
                "Oplage en formaat afgestemd", "Klant geïnformeerd over afloop", "Vraag over één extra oplage"],
    "complaint": ["Kleurafwijking in oplage", "Levering een dag te laat", "Verkeerd papier gebruikt",
                  "Snijfout in folders", "Dozen beschadigd bij levering", "Aantal klopte niet",
                  "Drukfout in tekst", "Verpakking niet volgens specificatie", "Reliëfdruk niet scherp"],
    "meeting": ["Jaarplanning drukwerk besproken", "Kennismaking nieuwe contactpersoon",
                "Nieuwe huisstijl besproken", "Plannen voor verpakkingslijn besproken",
                "Evaluatie campagne besproken"],
    "visit": ["Bezoek op locatie: opslag verpakkingen bekeken", "Bezoek voor proefdruk op locatie",
              "Bezoek: nieuwe winkelinrichting opgemeten", "Bezoek bij opening vestiging"],
    "review": ["Accountreview: volumes en tarieven doorgenomen", "Accountreview: levertijden en kwaliteit",
               "Accountreview: jaarafspraken vastgelegd"],
    "call": ["Offerte nagebeld", "Vraag over factuur", "Order telefonisch doorgegeven", "Levering afgestemd",
             "Terugbelverzoek afgehandeld", "Vraag over voorraad"],
    "email": ["Offerte verstuurd", "Drukproef per e-mail goedgekeurd", "Factuurkopie opgevraagd",
              "Adreswijziging doorgegeven", "Nieuwe bestanden ontvangen", "Orderbevestiging verstuurd"],
}

# Who reached out (column Richting: inkomend = the customer, uitgaand = we). Read from the kind and,
# for calls and e-mails, from the note; no random draw, so every other value of the sample is unchanged.
DIRECTION_OF_KIND = {"support": "inkomend", "complaint": "inkomend", "incident": "inkomend", "referral": "inkomend",
                     "meeting": "uitgaand", "review": "uitgaand", "visit": "uitgaand"}
INCOMING_NOTES = {"Vraag over factuur", "Order telefonisch doorgegeven", "Vraag over voorraad",
                  "Drukproef per e-mail goedgekeurd", "Factuurkopie opgevraagd", "Adreswijziging doorgegeven",
                  "Nieuwe bestanden ontvangen"}


def direction(kind: str, note: str) -> str:
    """inkomend or uitgaand: calls and e-mails are ours unless the note says the customer asked or sent."""
    return DIRECTION_OF_KIND.get(kind) or ("inkomend" if note in INCOMING_NOTES else "uitgaand")


REFERRAL_NOTES = ["Bracht ons in contact met een collega-organisatie", "Noemde ons bij een nieuwe opdrachtgever",
                  "Nieuwe klant aangebracht", "Aanbevolen bij een netwerkbijeenkomst",
                  "Doorverwezen door de klant: offerteaanvraag ontvangen"]

# --------------------------------------------------------------------------- the customer model


@dataclass
class Spec:
    """How one customer behaves; events are generated from it."""

    cid: str
    name: str
    sector: str
    region: str
    contract: str
    lang: str = "nl"
    am: str = ""
    contact: str = ""                        # contact person (letters are addressed to them)
    since: dt.date | None = None
    start: dt.date = START                   # first possible order
    stop: dt.date | None = None              # last possible order (churn)
    size: float = 8000.0                     # revenue per year around MID
    growth: float = 1.0                      # revenue factor per year
    rate: float = 12.0                       # orders per year
    margin: float = 0.32                     # base gross margin of standard orders
    rush_margin_cut: float = 0.10
    rush: float = 0.05                       # share of rush orders
    custom: float = 0.04                     # share of custom orders
    unit_price: float = 0.4
    p_support: float = 0.2                   # support contact per order
    support_minutes: float = 20.0
    p_complaint: float = 0.02
    calls: float = 3.0                       # per year
    emails: float = 4.0
    meetings: float = 0.3
    reviews: float = 0.0
    visits: float = 0.0
    pay_mean: float = -8.0                   # days after the due date
    pay_sd: float = 7.0
    credit_p: float = 0.003
    assessments: list = field(default_factory=list)   # (date, k, pl, n, pr, po)
    feedback: list = field(default_factory=list)      # (date, nps)
    extra_interactions: list = field(default_factory=list)  # (date, kind, minutes, severity, note)
    unpaid_after: dt.date | None = None      # invoices from this date on stay unpaid
    unpaid_until: dt.date | None = None
    contact_end: dt.date | None = None       # no interactions after this date
    mood: float = 0.0                        # latent satisfaction (drives ratings and NPS)
    referrals: float | None = None           # referrals per year; None: from the network rating


def days(a: dt.date, b: dt.date) -> int:
    return (b - a).days


def add(d: dt.date, n: float) -> dt.date:
    return d + dt.timedelta(days=int(round(n)))


HOLIDAYS = {(1, 1), (4, 27), (12, 25), (12, 26)}   # fixed-date Dutch holidays (no invoicing)


def workday(d: dt.date) -> dt.date:
    """The first working day on or after ``d``."""
    while d.weekday() >= 5 or (d.month, d.day) in HOLIDAYS:
        d += dt.timedelta(days=1)
    return d


def season(d: dt.date) -> float:
    """Demand factor: busy Q4 (year-end, Christmas packaging), quiet summer."""
    return {1: 0.85, 2: 0.9, 3: 1.0, 4: 1.0, 5: 1.0, 6: 0.95, 7: 0.7, 8: 0.75,
            9: 1.05, 10: 1.25, 11: 1.4, 12: 1.3}[d.month]


def rand_date(rng, a: dt.date, b: dt.date) -> dt.date:
    return add(a, rng.integers(0, max(days(a, b), 0) + 1))


def rating(x: float) -> int:
    return int(min(5, max(1, round(x))))


# --------------------------------------------------------------------------- random customers


def make_name(rng, sector: str, used: set[str]) -> str:
    for _ in range(200):
        tpl = str(rng.choice(SECTOR_TEMPLATES[sector]))
        name = tpl.format(
            P=str(rng.choice(PLACE_HEADS)) + str(rng.choice(PLACE_TAILS)),
            S=str(rng.choice(SURNAMES)).replace("de ", "De ", 1).replace("van ", "Van ", 1),
            W=str(rng.choice(WORDS)), A=str(rng.choice(ANIMALS)), T=str(rng.choice(TREES)),
            F=str(rng.choice(FIRST_NAMES)), Sc=str(rng.choice(SCHOOL_WORDS)), Web=str(rng.choice(WEB_WORDS)),
        )
        if sector in BV_SECTORS and not name.endswith(".nl") and rng.random() < 0.35:
            name += " B.V."
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("could not make a unique name")


def random_spec(i: int, used: set[str]) -> Spec:
    rng = np.random.default_rng([SEED, 1, i])
    cid = f"K{i:04d}"
    sector = str(rng.choice(SECTORS, p=SECTOR_WEIGHTS))
    if i == 33:
        sector = "Horeca"
    name = make_name(rng, sector, used)
    if i == 17:
        name = "Smit & Zn. <Drukwerk>"
        sector = "Retail"
    elif i == 33:
        name = "'t Hoekje"
    used.add(name)

    # about 1 in 18 is a small, demanding customer: many small orders, rush, custom work, support
    costly = rng.random() < 0.055
    if costly:
        size = float(np.clip(math.exp(rng.normal(math.log(3500), 0.5)), 1200, 12000))
    else:
        size = float(np.clip(math.exp(rng.normal(math.log(9500), 0.95)), 500, 180000))
    z = (math.log(size) - math.log(8000)) / 1.05            # size in standard deviations
    if costly:
        rate = float(rng.choice([26, 12], p=[0.6, 0.4]))
    elif size > 50000:
        rate = float(rng.choice([52, 26, 12], p=[0.5, 0.3, 0.2]))
    elif size > 15000:
        rate = float(rng.choice([26, 12, 6], p=[0.15, 0.6, 0.25]))
    elif size > 4000:
        rate = float(rng.choice([12, 6, 4], p=[0.5, 0.3, 0.2]))
    else:
        rate = float(rng.choice([12, 6, 4], p=[0.2, 0.4, 0.4]))

    if size > 30000:
        contract = str(rng.choice(["raamcontract", "standaard"], p=[0.7, 0.3]))
    elif size < 4000:
        contract = str(rng.choice(["standaard", "prepaid", "raamcontract"], p=[0.55, 0.4, 0.05]))
    else:
        contract = str(rng.choice(["raamcontract", "standaard", "prepaid"], p=[0.2, 0.65, 0.15]))

    # lifecycle
    life = str(rng.choice(["steady", "growing", "declining", "churned", "new", "recent"],
                          p=[0.62, 0.12, 0.08, 0.06, 0.06, 0.06]))
    growth = float(np.exp(rng.normal(0, 0.12)))
    start, stop = START, None
    if life == "growing":
        growth = float(rng.uniform(1.3, 2.0))
    elif life == "declining":
        growth = float(rng.uniform(0.4, 0.7))
    elif life == "churned":
        stop = rand_date(rng, D(2024, 5, 1), D(2026, 2, 15))
    elif life == "new":
        start = rand_date(rng, D(2025, 7, 15), D(2026, 4, 30))
        growth = 1.0
    elif life == "recent":
        start = rand_date(rng, D(2024, 2, 1), D(2025, 6, 15))
    if start > START:
        since = add(start, -int(rng.integers(3, 40)))
    else:
        since = D(int(rng.integers(1996, 2024)), int(rng.integers(1, 13)), int(rng.integers(1, 29)))

    rush_prone = costly or rng.random() < 0.08
    difficult = (rush_prone and rng.random() < 0.5) or rng.random() < 0.04
    heavy_support = costly or rng.random() < 0.07 or (difficult and rng.random() < 0.5)
    rush = float(rng.beta(4, 4) if costly else (rng.beta(3, 5) if rush_prone else rng.beta(1.2, 16)))
    custom = float(rng.beta(2, 12) if costly else rng.beta(1, 18))
    custom *= 2.0 if sector in ("Marketing", "Cultuur") else 1.0
    margin = float(rng.uniform(0.26, 0.40))
    pay_kind = str(rng.choice(["prompt", "slightly", "late"], p=[0.72, 0.21, 0.07]))
    pay_mean, pay_sd = {"prompt": (-9.0, 7.0), "slightly": (4.0, 7.0), "late": (22.0, 9.0)}[pay_kind]
    en_share = 0.0 if sector in ("Overheid", "Zorg", "Sport") else 0.13   # international firms, hotels
    lang = "en" if rng.random() < en_share else "nl"
    am = str(rng.choice(ACCOUNT_MANAGERS, p=AM_WEIGHTS))
    region = str(rng.choice(PROVINCES, p=PROVINCE_WEIGHTS))

    spec = Spec(
        cid=cid, name=name, sector=sector, region=region, contract=contract, lang=lang, am=am,
        since=since, start=start, stop=stop, size=size, growth=growth, rate=rate, margin=margin,
        rush=rush, custom=custom,
        unit_price=float(np.exp(rng.normal(math.log(0.35), 1.0))),
        p_support=float(rng.beta(4, 5) if heavy_support else rng.beta(1.5, 7)),
        support_minutes=float(rng.uniform(35, 70) if heavy_support else rng.uniform(10, 30)),
        p_complaint=float(rng.uniform(0.08, 0.2) if difficult else rng.beta(1, 50)),
        calls=float(rng.uniform(1, 4) + max(z, 0) * 1.5),
        emails=float(rng.uniform(1, 5)),
        meetings=float(1.5 if contract == "raamcontract" else (0.8 if size > 20000 else 0.2)),
        reviews=float(0.9 if contract == "raamcontract" and size > 8000 else (0.3 if size > 40000 else 0.0)),
        visits=float(0.8 if size > 25000 and contract != "prepaid" else (0.02 if contract == "prepaid" else 0.07)),
        pay_mean=pay_mean, pay_sd=pay_sd,
    )

    # soft values: 85 % assessed by the account manager, some twice
    active_end = min(add(stop, 45), AS_OF) if stop else AS_OF
    if rng.random() < 0.85:
        q = rng.normal(0, 0.9) - (0.9 if difficult else 0.0)
        prestige_bonus = {"Cultuur": 1.0, "Overheid": 0.6, "Onderwijs": 0.3, "Marketing": 0.3}.get(sector, 0.0)
        network_bonus = {"Marketing": 0.9, "Overheid": 0.4, "Sport": 0.5, "Horeca": 0.2}.get(sector, 0.0)
        bond = 0.4 if contract == "raamcontract" else 0.0   # framework agreements: closer ties
        trend_z = math.log(growth) / 0.35 if life != "churned" else -1.5
        if life == "new":
            trend_z = 0.8
        vals = [
            3.2 + 0.7 * q + 0.5 * z + bond + rng.normal(0, 0.7),               # knowledge
            3.5 + 0.9 * q + 0.4 * z + bond + rng.normal(0, 0.6),               # pleasure
            2.9 + 0.6 * z + network_bonus + 0.3 * q + bond + rng.normal(0, 0.8),  # network
            2.7 + 0.6 * z + prestige_bonus + rng.normal(0, 0.8),               # prestige
            2.8 + 0.8 * trend_z + 0.2 * z + rng.normal(0, 0.7),                # potential
        ]
        latest = [rating(v) for v in vals]
        first_date = rand_date(rng, max(start, D(2024, 3, 1)), min(active_end, D(2026, 5, 31)))
        if rng.random() < 0.3 and days(first_date, min(active_end, D(2026, 6, 20))) > 150:
            older = [rating(v + rng.choice([-1, 0, 0, 1])) for v in latest]
            second_date = rand_date(rng, add(first_date, 120), min(active_end, D(2026, 6, 20)))
            spec.assessments = [(first_date, *older), (second_date, *latest)]
        else:
            spec.assessments = [(first_date, *latest)]
        spec.mood = q
    else:
        spec.mood = rng.normal(0, 0.9) - (0.9 if difficult else 0.0)

    # NPS feedback for about half of the customers
    if rng.random() < 0.5:
        q = spec.mood
        n = 2 if rng.random() < 0.25 else 1
        answer_dates = sorted(rand_date(rng, max(start, D(2024, 4, 1)), min(active_end, D(2026, 6, 15)))
                              for _ in range(n))
        for d in answer_dates:
            nps = int(np.clip(round(7.3 + 1.4 * q + rng.normal(0, 1.3) - 10 * spec.p_complaint), 0, 10))
            spec.feedback.append((d, nps))
    return spec


# --------------------------------------------------------------------------- hand-designed customers


def hand_specs() -> list[Spec]:
    s = []
    s.append(Spec(  # (1) big, loses money through rush orders and support -> fix
        cid="K9001", name="Verpakkingsgroep Noordhaven B.V.", sector="Voeding", region="Noord-Holland",
        contract="raamcontract", am="Sanne Vermeulen", since=D(2012, 3, 1), size=95000, rate=95,
        margin=0.22, rush_margin_cut=0.15, rush=0.55, custom=0.10, unit_price=0.6,
        p_support=0.85, support_minutes=110, p_complaint=0.10, calls=14, emails=20, meetings=3,
        reviews=1, visits=3, pay_mean=-5,
        assessments=[(D(2025, 11, 12), 3, 2, 3, 3, 3)], feedback=[(D(2026, 2, 3), 6)]))
    s.append(Spec(  # (2) late payer with overdue invoices -> core + payment reminder
        cid="K9002", name="Tuincentrum De Groene Hof", sector="Retail", region="Utrecht",
        contract="standaard", am="Joost de Haan", since=D(2015, 4, 15), size=24000, rate=12,
        margin=0.33, rush=0.04, custom=0.02, unit_price=0.5, p_support=0.15, support_minutes=15,
        p_complaint=0.01, calls=6, emails=5, meetings=1, pay_mean=24, pay_sd=9,
        unpaid_after=D(2026, 2, 1), unpaid_until=D(2026, 5, 15),
        assessments=[(D(2025, 9, 22), 3, 3, 3, 2, 2)], feedback=[(D(2025, 3, 10), 7), (D(2026, 3, 2), 5)]))
    s.append(Spec(  # (3) small but great prestige and network -> growth
        cid="K9003", name="Stichting Museum Het Zilveren Licht", sector="Cultuur", region="Zuid-Holland",
        contract="standaard", am="Fatima El Amrani", since=D(2019, 9, 1), size=2600, rate=6,
        margin=0.38, rush=0.0, custom=0.0, unit_price=1.5, p_support=0.1, support_minutes=15,
        p_complaint=0.0, calls=3, emails=4, meetings=0.5,
        assessments=[(D(2024, 10, 1), 4, 4, 4, 5, 3), (D(2026, 4, 14), 4, 4, 5, 5, 4)],
        feedback=[(D(2025, 6, 2), 10)], referrals=1.5,
        extra_interactions=[(D(2026, 6, 9), "call", 12, None, "Tentoonstellingscatalogus besproken"),
                            (D(2026, 5, 12), "referral", None, None, "Bracht ons in contact met het Stadsarchief")]))
    s.append(Spec(  # (4) silent good customer: big history, quiet for 161 days -> silent
        cid="K9004", name="Brouwerij De Drie Gebroeders", sector="Voeding", region="Noord-Brabant",
        contract="raamcontract", am="Pieter Dijkstra", since=D(2009, 6, 1), size=70000, rate=26,
        stop=D(2026, 1, 14), contact_end=D(2026, 1, 20), margin=0.34, rush=0.03, custom=0.05,
        unit_price=0.45, p_support=0.15, support_minutes=15, p_complaint=0.01, calls=6, emails=8,
        meetings=1.5, reviews=1, visits=1,
        assessments=[(D(2025, 10, 7), 4, 4, 4, 4, 3)], feedback=[(D(2025, 11, 18), 9)],
        extra_interactions=[(D(2026, 1, 20), "email", None, None, "Orderbevestiging verstuurd")]))
    s.append(Spec(  # (5) threatened to withhold payment -> core + calm response
        cid="K9005", name="Meubelhuis Van Dam", sector="Retail", region="Gelderland",
        contract="standaard", am="Joost de Haan", since=D(2017, 2, 20), size=16000, rate=12,
        margin=0.33, rush=0.05, custom=0.03, unit_price=0.8, p_support=0.2, support_minutes=15,
        p_complaint=0.0, calls=4, emails=4, meetings=0.5, pay_mean=-3,
        assessments=[(D(2025, 6, 12), 3, 2, 3, 3, 2)], feedback=[(D(2026, 4, 20), 6)],
        extra_interactions=[
            (D(2026, 3, 2), "complaint", None, 2, "Kleurafwijking in folders voorjaarscollectie"),
            (D(2026, 3, 5), "incident", None, 3, "Dreigde betaling in te houden tenzij korting"),
            (D(2026, 3, 9), "meeting", None, None, "Gesprek over klacht; geen korting, wel herdruk aangeboden"),
        ]))
    s.append(Spec(  # (6) clear front-door exit -> part_ways
        cid="K9006", name="Partyverhuur De Vrolijke Tent", sector="Horeca", region="Flevoland",
        contract="standaard", am="Ingrid Bos", since=D(2020, 5, 1), size=6500, growth=0.35, rate=16,
        margin=0.18, rush_margin_cut=0.14, rush=0.5, custom=0.05, unit_price=0.3,
        p_support=0.7, support_minutes=45, p_complaint=0.25, calls=6, emails=6, meetings=0.5, pay_mean=5,
        assessments=[(D(2024, 11, 5), 2, 2, 2, 2, 2), (D(2026, 2, 10), 2, 1, 1, 1, 1)],
        feedback=[(D(2025, 10, 1), 3)]))
    s.append(Spec(  # (7) money-loser with low soft values but no assessment -> fix
        cid="K9007", name="Evenementenbureau Zomerlicht", sector="Marketing", region="Overijssel",
        contract="standaard", am="Ingrid Bos", since=D(2021, 3, 15), size=8000, growth=0.5, rate=16,
        margin=0.18, rush_margin_cut=0.14, rush=0.5, custom=0.08, unit_price=0.3,
        p_support=0.7, support_minutes=45, p_complaint=0.25, calls=6, emails=6, meetings=0.5, pay_mean=5,
        feedback=[(D(2026, 1, 15), 2)]))
    s.append(Spec(  # (8) ordinary, profitable, never assessed -> core
        cid="K9008", name="Zorgcentrum De Linde", sector="Zorg", region="Gelderland",
        contract="standaard", am="Fatima El Amrani", since=D(2018, 8, 1), size=11000, rate=12,
        margin=0.32, rush=0.03, custom=0.02, unit_price=0.25, p_support=0.15, support_minutes=15,
        p_complaint=0.01, calls=3, emails=5, meetings=0.5))
    s.append(Spec(  # behaviour incident #2 -> core
        cid="K9009", name="Eetcafé De Gouden Karper", sector="Horeca", region="Overijssel",
        contract="prepaid", am="Pieter Dijkstra", since=D(2016, 1, 10), size=4500, rate=12,
        margin=0.34, rush=0.03, custom=0.0, unit_price=0.2, p_support=0.15, support_minutes=12,
        p_complaint=0.03, calls=3, emails=3, meetings=0.2,
        assessments=[(D(2025, 12, 1), 3, 2, 3, 2, 3)],
        extra_interactions=[(D(2025, 11, 20), "incident", None, 2, "Schold medewerker uit aan de telefoon")]))
    s.append(Spec(  # English-language exit case -> part_ways
        cid="K9010", name="Brightline Events B.V.", sector="Marketing", region="Noord-Holland",
        contract="prepaid", lang="en", am="Sanne Vermeulen", contact="Emma Clarke", since=D(2022, 9, 1),
        size=6500, growth=0.5,
        rate=14, margin=0.17, rush_margin_cut=0.14, rush=0.55, custom=0.05, unit_price=0.3,
        p_support=0.6, support_minutes=45, p_complaint=0.2, calls=5, emails=8, meetings=0.3, pay_mean=8,
        assessments=[(D(2026, 1, 20), 1, 2, 2, 1, 1)]))
    s.append(Spec(  # third exit case -> part_ways
        cid="K9011", name="Feestartikelen Online", sector="Retail", region="Zuid-Holland",
        contract="standaard", am="Joost de Haan", contact="Ruud Verbeek", since=D(2019, 11, 1), size=7000,
        growth=0.5, rate=18,
        margin=0.17, rush_margin_cut=0.14, rush=0.45, custom=0.04, unit_price=0.15,
        p_support=0.65, support_minutes=40, p_complaint=0.2, calls=5, emails=6, meetings=0.3, pay_mean=10,
        assessments=[(D(2025, 4, 3), 2, 2, 2, 1, 2), (D(2026, 5, 6), 2, 1, 2, 1, 1)],
        feedback=[(D(2025, 12, 2), 4)]))
    return s


def intern_spec() -> Spec:
    return Spec(cid="INTERN-001", name="De Kleine Pers (intern)", sector="Intern", region="Gelderland",
                contract="standaard", am="Pieter Dijkstra", since=D(2004, 1, 1), size=6000, rate=12,
                margin=0.0, rush=0.1, custom=0.0, unit_price=0.2, p_support=0.0, p_complaint=0.0,
                calls=0, emails=2, meetings=0, pay_mean=-30, pay_sd=0, credit_p=0.0)


# --------------------------------------------------------------------------- events


def nice_quantity(x: float) -> int:
    if x < 1:
        return 1
    digits = int(math.floor(math.log10(x)))
    step = 10 ** max(digits - 1, 0)
    return int(max(1, round(x / step) * step))


def gen_orders(spec: Spec, idx: int) -> list[dict]:
    rng = np.random.default_rng([SEED, 2, idx])
    end = min(spec.stop or AS_OF, AS_OF)
    mean_gap = 365.0 / spec.rate
    shape = 4.0 if spec.rate >= 26 else 2.0
    t = add(spec.start, rng.uniform(0, mean_gap) if spec.start == START else 0)
    rows = []
    while t <= end:
        t = workday(t)                            # invoices on working days
        if t > end:
            break
        level = spec.size * spec.growth ** (days(MID, t) / 365.0)
        amount = level / spec.rate * math.sqrt(season(t)) * float(np.exp(rng.normal(-0.245, 0.7)))  # mean 1, print jobs vary a lot
        u = rng.random()
        kind = "rush" if u < spec.rush else ("custom" if u < spec.rush + spec.custom else "standard")
        m = spec.margin + rng.normal(0, 0.03)
        if kind == "rush":
            m -= spec.rush_margin_cut
        elif kind == "custom":
            m += 0.04
            amount *= 1.3
        amount = max(round(amount, 2), 25.0)
        cost = round(amount * (1 - m), 2)
        qty = nice_quantity(amount / spec.unit_price)
        paid = add(t, PAYMENT_TERMS + rng.normal(spec.pay_mean, spec.pay_sd)) if spec.pay_sd else add(t, 1)
        if paid <= t:
            paid = add(t, rng.integers(1, 5))
        if spec.unpaid_after and spec.unpaid_after <= t <= (spec.unpaid_until or AS_OF):
            paid = None
        if paid:
            paid = workday(paid)
        if paid and paid > EXPORT:
            paid = None
        rows.append(dict(cid=spec.cid, date=t, due=add(t, PAYMENT_TERMS), paid=paid, kind=kind,
                         qty=qty, amount=amount, cost=cost, credit=False))
        if rng.random() < spec.credit_p:
            cd = workday(add(t, rng.integers(5, 30)))
            if cd <= AS_OF:
                share = float(rng.choice([0.1, 0.25, 0.5, 1.0], p=[0.35, 0.35, 0.2, 0.1]))
                rows.append(dict(cid=spec.cid, date=cd, due=add(cd, PAYMENT_TERMS), paid=cd, kind="",
                                 qty=None, amount=-round(amount * share, 2),
                                 cost=0.0, credit=True))
        gap = rng.gamma(shape, mean_gap / shape) / season(t)
        t = add(t, max(gap, 1))
    return rows


def poisson_dates(rng, per_year: float, a: dt.date, b: dt.date) -> list[dt.date]:
    if b < a or per_year <= 0:
        return []
    n = rng.poisson(per_year * (days(a, b) + 1) / 365.0)
    return sorted(rand_date(rng, a, b) for _ in range(n))


def gen_interactions(spec: Spec, idx: int, orders: list[dict]) -> list[dict]:
    rng = np.random.default_rng([SEED, 3, idx])
    a = max(spec.start, START)
    b = min(spec.contact_end or (add(spec.stop, 20) if spec.stop else AS_OF), AS_OF)
    out = []

    def note(kind: str) -> str:
        return str(rng.choice(NOTES[kind]))

    for o in orders:
        if o["credit"]:
            continue
        if rng.random() < spec.p_support:
            d = add(o["date"], rng.integers(-3, 8))
            if a <= d <= b:
                minutes = int(max(3, round(rng.gamma(2.0, spec.support_minutes / 2.0))))
                out.append(dict(cid=spec.cid, date=d, kind="support", minutes=minutes, sev=None, note=note("support")))
        p_c = spec.p_complaint * (2.5 if o["kind"] == "rush" else 1.0)
        if rng.random() < min(p_c, 0.9):
            d = add(o["date"], rng.integers(3, 20))
            if a <= d <= b:
                sev = int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]))
                out.append(dict(cid=spec.cid, date=d, kind="complaint", minutes=None, sev=sev, note=note("complaint")))
    for d in poisson_dates(rng, spec.calls, a, b):
        out.append(dict(cid=spec.cid, date=d, kind="call", minutes=int(rng.integers(3, 21)), sev=None, note=note("call")))
    for d in poisson_dates(rng, spec.emails, a, b):
        out.append(dict(cid=spec.cid, date=d, kind="email", minutes=None, sev=None, note=note("email")))
    for kind, per_year in (("meeting", spec.meetings), ("review", spec.reviews), ("visit", spec.visits)):
        for d in poisson_dates(rng, per_year, a, b):
            out.append(dict(cid=spec.cid, date=d, kind=kind, minutes=None, sev=None, note=note(kind)))
    for d, kind, minutes, sev, text in spec.extra_interactions:
        out.append(dict(cid=spec.cid, date=d, kind=kind, minutes=minutes, sev=sev, note=text))
    out += gen_referrals(spec, idx, a, b)
    # contacts on working days (hand-written ones are already)
    for r in out:
        r["date"] = workday(r["date"])
    return [r for r in out if START <= r["date"] <= b]


def referral_rate(spec: Spec) -> float:
    """Referrals per year: ambassadors (network 4-5 in the latest assessment) refer now and then."""
    if spec.referrals is not None:
        return spec.referrals
    if not spec.assessments:
        return 0.03
    network = spec.assessments[-1][3]
    return {5: 1.0, 4: 0.4, 3: 0.06}.get(network, 0.0)


def gen_referrals(spec: Spec, idx: int, a: dt.date, b: dt.date) -> list[dict]:
    """Interactions of kind 'referral': the customer brought us a new customer or lead.

    A generator of its own, so adding referrals left every other draw of the sample unchanged.
    """
    rng = np.random.default_rng([SEED, 5, idx])
    return [dict(cid=spec.cid, date=d, kind="referral", minutes=None, sev=None, note=str(rng.choice(REFERRAL_NOTES)))
            for d in poisson_dates(rng, referral_rate(spec), a, b)]


# --------------------------------------------------------------------------- writing


def fdate(d: dt.date | None) -> str:
    return "" if d is None else d.strftime("%d-%m-%Y")


def fnum(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}".replace(".", ",")


def fint(x: int | None) -> str:
    return "" if x is None else str(int(x))


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)


def build() -> dict[str, tuple[list[str], list[list[str]], str]]:
    used: set[str] = set()
    hand = hand_specs()
    for h in hand:
        used.add(h.name)
    specs = [random_spec(i, used) for i in range(1, N_RANDOM + 1)] + hand + [intern_spec()]

    orders: list[dict] = []
    interactions: list[dict] = []
    for idx, spec in enumerate(specs):
        o = gen_orders(spec, idx)
        orders += o
        interactions += gen_interactions(spec, idx, o)

    rng = np.random.default_rng([SEED, 4])
    # Two ordinary customers with one unpaid invoice each: 41 and 16 days past due at the report date.
    by_cid: dict[str, list[dict]] = {}
    for o in orders:
        by_cid.setdefault(o["cid"], []).append(o)
    ordinary = [s for s in specs[:N_RANDOM] if s.stop is None and s.start == START and s.pay_mean < 0 and s.rate >= 12]
    for spec, due_target in zip(ordinary[5:7], (D(2026, 5, 20), D(2026, 6, 14))):
        inv = min((o for o in by_cid[spec.cid] if not o["credit"]), key=lambda o: abs(days(o["due"], due_target)))
        inv["paid"] = None
    # A handful of invoices dated after the report date (early July 2026).
    active = [s for s in specs[:N_RANDOM] if s.stop is None and s.rate >= 12]
    picks = rng.choice(len(active), size=6, replace=False)
    for k, j in enumerate(sorted(int(p) for p in picks)):
        spec = active[j]
        d = D(2026, 7, [1, 2, 3, 6, 7, 9][k])
        amount = round(spec.size / spec.rate * 0.8, 2)
        cost = round(amount * (1 - spec.margin), 2)
        orders.append(dict(cid=spec.cid, date=d, due=add(d, PAYMENT_TERMS), paid=None, kind="standard",
                           qty=nice_quantity(amount / spec.unit_price), amount=amount, cost=cost, credit=False))
    # Two e-mails logged after the report date.
    for spec, d in zip(active[:2], (D(2026, 7, 1), D(2026, 7, 2))):
        interactions.append(dict(cid=spec.cid, date=d, kind="email", minutes=None, sev=None,
                                 note="Orderbevestiging verstuurd"))

    # Invoice numbers: one series for invoices, one for credit notes, sequential per year.
    orders.sort(key=lambda o: (o["date"], o["credit"], o["cid"], o["amount"]))
    counters: dict[tuple[str, int], int] = {}
    for o in orders:
        series = "C" if o["credit"] else "F"
        key = (series, o["date"].year)
        counters[key] = counters.get(key, 0) + 1
        o["invoice"] = f"{series}{o['date'].year}-{counters[key]:05d}"

    files: dict[str, tuple[list[str], list[list[str]], str]] = {}
    files["klanten.csv"] = (
        ["Klantnummer", "Naam", "Klant sinds", "Accountmanager", "Sector", "Regio", "Contract", "Taal",
         "Contactpersoon"],
        [[s.cid, s.name, fdate(s.since), s.am, s.sector, s.region, s.contract, s.lang, s.contact]
         for s in sorted(specs, key=lambda s: s.cid)],
        "utf-8",
    )
    files["transacties.csv"] = (
        ["Factuurnummer", "Klantnummer", "Factuurdatum", "Vervaldatum", "Betaaldatum", "Ordersoort",
         "Aantal", "Bedrag excl. BTW", "Kostprijs"],
        [[o["invoice"], o["cid"], fdate(o["date"]), fdate(o["due"]), fdate(o["paid"]), o["kind"],
          fint(o["qty"]), fnum(o["amount"]), fnum(o["cost"])] for o in orders],
        "cp1252",
    )
    interactions.sort(key=lambda r: (r["date"], r["cid"], r["kind"], r["note"], r["minutes"] or 0))
    # Two identical contacts on one day are a chance draw, not data: keep one.
    seen: set[tuple] = set()
    unique = []
    for r in interactions:
        key = (r["cid"], r["date"], r["kind"], r["minutes"], r["sev"], r["note"])
        if key not in seen:
            seen.add(key)
            unique.append(r)
    interactions = unique
    files["contactmomenten.csv"] = (
        ["Klantnummer", "Datum", "Soort", "Minuten", "Ernst", "Notitie", "Richting"],
        [[r["cid"], fdate(r["date"]), r["kind"], fint(r["minutes"]), fint(r["sev"]), r["note"],
          direction(r["kind"], r["note"])] for r in interactions],
        "utf-8",
    )
    assessments = sorted(((s.cid, *a) for s in specs for a in s.assessments), key=lambda r: (r[1], r[0]))
    files["beoordelingen.csv"] = (
        ["Klantnummer", "Datum", "Kennis", "Plezier", "Netwerk", "Prestige", "Potentie"],
        [[cid, fdate(d), *(str(v) for v in vals)] for cid, d, *vals in assessments],
        "utf-8",
    )
    feedback = sorted(((s.cid, d, nps) for s in specs for d, nps in s.feedback), key=lambda r: (r[1], r[0]))
    files["feedback.csv"] = (
        ["Klantnummer", "Datum", "NPS"],
        [[cid, fdate(d), str(nps)] for cid, d, nps in feedback],
        "utf-8",
    )
    return files


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "data",
                        help="output directory (default: content/data next to this script)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (header, rows, encoding) in build().items():
        write_csv(args.out / name, header, rows, encoding)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
