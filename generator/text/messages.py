"""Build messages in the page's language: warnings, rejected-row reasons, unavailable measures.

The stages write these messages in English (sources: warnings and the
reasons rows were rejected; measures, future and pipeline: why a measure is
unavailable and which future-value method was used), and in English they
stay wherever they go today: the terminal, ``--strict``, report.json. A
Dutch page shows them in Dutch. As in gettext, the English text is the key:
it is matched against the English templates of this small catalogue, the
``{fields}`` it holds (a file and line, a column, a value, a date) are
copied, and a field that is itself an English phrase (``3 rows``, ``left
out``, a hint, the reason the simple method was used) is translated in turn,
from the catalogue for that field. So no stage has to change how it reports,
and report.json and the CLI keep their exact text.

A text that no template matches is shown as it is, and the page marks it
``lang="en"``: a new message without a translation is visible in English,
never garbled. tests/test_i18n.py builds projects that produce every one of
these messages and checks that a Dutch page has no English one left.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


#: how a field of a template matches when it is not "anything, as little as possible"
#: (a value never holds ") (": that is where a warning's hint begins)
_FIELD_PATTERNS = {"where": r"[^\n]+?:\d+", "n": r"\d+", "value": r"(?:(?!\) \().)+?"}


@dataclass(frozen=True)
class _Template:
    pattern: re.Pattern
    nl: str


def _templates(pairs) -> tuple[_Template, ...]:
    out = []
    for en, nl in pairs:
        regex, seen = "", set()
        for i, part in enumerate(re.split(r"\{(\w+)\}", en)):
            if i % 2 == 0:
                regex += re.escape(part)
            else:  # a field used twice must hold the same text twice
                regex += f"(?P={part})" if part in seen else f"(?P<{part}>{_FIELD_PATTERNS.get(part, '.+?')})"
                seen.add(part)
        out.append(_Template(re.compile(regex, re.S), nl))
    return tuple(out)


# --- why a measure is unavailable (measures, pipeline) and the future-value note (future) -------

#: the simple future-value method, stated where it is used (model.future) and in warnings
SIMPLE_METHOD_NOTE = (
    "expected purchases = (frequency + 1) / max(T, 30 days) x horizon x activity "
    "factor; activity factor (shown as p_alive) = exp(-(T - recency) / gap), where "
    "gap is the customer's own mean time between purchases (recency / frequency, "
    "at least 1 day) for repeat buyers and, for one-time buyers, the pooled mean "
    "gap of all repeat buyers (sum of recency / sum of frequency; the horizon when "
    "there are no repeat buyers); expected revenue = expected purchases x the "
    "customer's mean order value (the population mean for one-time buyers)"
)

_SIMPLE_METHOD_NOTE_NL = (
    "verwachte aankopen = (frequentie + 1) / max(T, 30 dagen) x horizon x activiteitsfactor; "
    "activiteitsfactor (getoond als p_alive) = exp(-(T - recency) / tussentijd), waarbij de tussentijd voor "
    "herhaalkopers hun eigen gemiddelde tijd tussen aankopen is (recency / frequentie, minstens 1 dag) en voor "
    "eenmalige kopers de gemiddelde tussentijd van alle herhaalkopers samen (som van recency / som van "
    "frequentie; de horizon als er geen herhaalkopers zijn); verwachte omzet = verwachte aankopen x de "
    "gemiddelde orderwaarde van de klant (het gemiddelde van alle klanten voor eenmalige kopers)")

_REASONS = _templates([
    ("no {table} table", "geen tabel {table}"),
    ("the {table} table has no '{column}' column", "de tabel {table} heeft geen kolom '{column}'"),
    ("the {table} table has no interactions of kind '{type}'",
     "de tabel {table} heeft geen contactmomenten van de soort '{type}'"),
    ("the {table} table has no {columns} column", "de tabel {table} heeft geen kolom {columns}"),
    ("needs margin_12m, which needs a 'cost' column", "vraagt margin_12m, en die vraagt een kolom 'cost'"),
    ("no service of the policy could be counted in this data",
     "geen enkele dienst uit het beleid kon in deze gegevens worden geteld"),
    ("partial: without {services} (see their usage)", "gedeeltelijk: zonder {services} (zie hun gebruik)"),
    ("partial: purchases only (no interactions table)", "gedeeltelijk: alleen aankopen (geen tabel interactions)"),
    ("no feedback table with an 'nps' column", "geen tabel feedback met een kolom 'nps'"),
    ("no earlier report in the history folder (config: history)",
     "geen eerder rapport in de map met de historie (config: history)"),
    (f"Simple method used instead of BG/NBD + Gamma-Gamma because {{why}}: {SIMPLE_METHOD_NOTE}.",
     f"Eenvoudige methode gebruikt in plaats van BG/NBD + Gamma-Gamma, omdat {{why}}: {_SIMPLE_METHOD_NOTE_NL}."),
    ("BG/NBD + Gamma-Gamma models fitted by maximum likelihood on {customers} customers ({repeaters} repeat "
     "buyers): BG/NBD r={r}, alpha={alpha} days, a={a}, b={b}; Gamma-Gamma p={p}, q={q}, v={v}. Expected "
     "purchases over {days} days are the BG/NBD conditional expectation, p_alive the BG/NBD probability of "
     "being active, and expected revenue = expected purchases x Gamma-Gamma expected order value.",
     "BG/NBD- en Gamma-Gamma-modellen geschat met maximale aannemelijkheid (maximum likelihood) op {customers} "
     "klanten ({repeaters} herhaalkopers): BG/NBD r={r}, alpha={alpha} dagen, a={a}, b={b}; Gamma-Gamma "
     "p={p}, q={q}, v={v}. De verwachte aankopen over {days} dagen zijn de voorwaardelijke verwachting van "
     "BG/NBD, p_alive de kans volgens BG/NBD dat de klant nog actief is, en verwachte omzet = verwachte "
     "aankopen x de verwachte orderwaarde volgens Gamma-Gamma."),
])

#: why the simple future-value method was used (Dutch word order after "omdat")
_WHY = _templates([
    ("there are only {n} customers (at least {min} needed)", "er maar {n} klanten zijn (minstens {min} nodig)"),
    ("only {n} customers bought more than once with a known order value (at least {min} needed)",
     "maar {n} klanten meer dan eens kochten met een bekende orderwaarde (minstens {min} nodig)"),
    ("the BG/NBD fit failed ({detail})", "de schatting van BG/NBD mislukte ({detail})"),
    ("the Gamma-Gamma fit failed ({detail})", "de schatting van Gamma-Gamma mislukte ({detail})"),
    ("the BG/NBD parameters are not usable ({detail})", "de parameters van BG/NBD onbruikbaar zijn ({detail})"),
    ("the Gamma-Gamma parameters are not usable ({detail})",
     "de parameters van Gamma-Gamma onbruikbaar zijn ({detail})"),
    ("the Gamma-Gamma fit gave q = {q} <= 1 (no finite mean order value)",
     "de schatting van Gamma-Gamma q = {q} <= 1 gaf (geen eindige gemiddelde orderwaarde)"),
    ("the fitted models gave non-finite predictions", "de geschatte modellen oneindige voorspellingen gaven"),
])

# --- how a table's file was read (sources: the data-quality page's 'detected format') ----------

_SNIFFED = _templates([
    ("{value} (configured)", "{value} (ingesteld)"),
    ("{value} (sniffed)", "{value} (herkend)"),
    ("{value} (from the suffix)", "{value} (uit de bestandsextensie)"),
    ("{value} (default)", "{value} (standaard)"),
    ("{value} (the first)", "{value} (het eerste)"),
])

# --- why rows were rejected (sources: TableQuality.rejected) ------------------------------------

_REJECTED = _templates([
    ("{reason} (leading zeros differ)", "{reason} (voorloopnullen verschillen)"),
    ("excluded customer", "uitgesloten klant"),
    ("invalid {column} (left missing)", "ongeldige {column} (leeg gelaten)"),
    ("duplicate row ({done})", "dubbele rij ({done})"),
    ("dated before 1990", "gedateerd vóór 1990"),
    ("{column} before 1990 (left missing)", "{column} vóór 1990 (leeg gelaten)"),
    ("negative quantity", "negatieve hoeveelheid"),
    ("{column} outside {range} (left missing)", "{column} buiten {range} (leeg gelaten)"),
    ("repeated customer id (first row used)", "herhaald klantnummer (eerste rij gebruikt)"),
    ("after the report date", "na de rapportdatum"),
    ("no transactions", "geen transacties"),
    ("unknown customer", "onbekende klant"),
])

# --- warnings (sources: one Problem per file and reason, as str(Problem)) ------------------------

_WARNING_MESSAGES = [
    ("{rows} of excluded customers, {done} (first: {value})",
     "{rows} van uitgesloten klanten, {done} (eerste: {value})"),
    ("{values} not readable as {what}, {done} (first: {value})",
     "{values} niet te lezen als {what}, {done} (eerste: {value})"),
    ("{rows} exactly repeating an earlier row, {done} (first: {value})",
     "{rows} precies gelijk aan een eerdere rij, {done} (eerste: {value})"),
    ("{rows} dated before 1990, {done} (first: {value})", "{rows} gedateerd vóór 1990, {done} (eerste: {value})"),
    ("{values} before 1990, {done} (first: {value})", "{values} vóór 1990, {done} (eerste: {value})"),
    ("{rows} with a negative quantity, {done} (first: {value})",
     "{rows} met een negatieve hoeveelheid, {done} (eerste: {value})"),
    ("{values} outside {range}, {done} (first: {value})", "{values} buiten {range}, {done} (eerste: {value})"),
    ("{rows} repeating a customer id of an earlier row, {done} (first: {value})",
     "{rows} met het klantnummer van een eerdere rij, {done} (eerste: {value})"),
    ("{rows} dated after the report date {date}, {done} (first: {value})",
     "{rows} gedateerd na de rapportdatum {date}, {done} (eerste: {value})"),
    ("{rows} in the customers table without transactions whose id matches a known id only without leading "
     "zeros, {done} (first: {value})",
     "{rows} in de tabel customers zonder transacties, met een klantnummer dat alleen zonder voorloopnullen "
     "bekend is, {done} (eerste: {value})"),
    ("{rows} in the customers table without transactions, {done} (first: {value})",
     "{rows} in de tabel customers zonder transacties, {done} (eerste: {value})"),
    ("{rows} for customers not in the transactions or the customers table whose id matches a known id only "
     "without leading zeros, {done} (first: {value})",
     "{rows} van klanten die niet in de tabel transactions of customers staan, met een klantnummer dat alleen "
     "zonder voorloopnullen bekend is, {done} (eerste: {value})"),
    ("{rows} for customers not in the transactions or the customers table, {done} (first: {value})",
     "{rows} van klanten die niet in de tabel transactions of customers staan, {done} (eerste: {value})"),
]
#: each message alone and followed by its hint in brackets, as errors.Problem writes it
_MESSAGES = _templates([(en + " ({hint})", nl + " ({hint})") for en, nl in _WARNING_MESSAGES] + _WARNING_MESSAGES)

_HINTS = _templates([
    ("the report date is as_of in config.yaml", "de rapportdatum is as_of in config.yaml"),
    ("the report date is the last transaction date", "de rapportdatum is de laatste transactiedatum"),
    ("check the dates and the date format", "controleer de datums en het datumformaat"),
    ("a return should go with a credit note, a negative amount",
     "een retour hoort bij een creditnota, een negatief bedrag"),
    ("{column} is on a scale of {range}", "{column} heeft een schaal van {range}"),
    ("each customer needs one row; the first row is used", "elke klant hoort één rij te hebben; de eerste telt"),
    ("check the customer ids, or add these customers to the customers table",
     "controleer de klantnummers, of zet deze klanten in de tabel customers"),
    ("these ids are listed under exclude: in config.yaml", "deze klantnummers staan onder exclude: in config.yaml"),
    ("set drop_duplicates: true for the {table} table in config.yaml to drop them",
     "zet drop_duplicates: true bij de tabel {table} in config.yaml om ze te verwijderen"),
    ("ids are text: '00042' is not '42'; make the ids identical in every file, and format id columns in Excel "
     "as text, which otherwise drops leading zeros",
     "klantnummers zijn tekst: '00042' is niet '42'; maak de klantnummers in elk bestand gelijk, en maak "
     "kolommen met klantnummers in Excel tekstkolommen, anders laat Excel de voorloopnullen weg"),
    ("expected a date like 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 or 20260131; set date_format: for this "
     "table in config.yaml for other layouts",
     "verwacht een datum zoals 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 of 20260131; zet date_format: bij "
     "deze tabel in config.yaml voor een andere schrijfwijze"),
    ("expected dates in the date_format '{format}' set in config.yaml, like {example}",
     "verwacht datums in het date_format '{format}' uit config.yaml, zoals {example}"),
    ("expected {kind} like {like}, with {separator} as {how}; if the file uses '{other}', set decimal: "
     "\"{other}\" for the {table} table in config.yaml",
     "verwacht {kind} zoals {like}, met {separator}, {how}; gebruikt het bestand '{other}', zet dan decimal: "
     "\"{other}\" bij de tabel {table} in config.yaml"),
])

#: a warning is "file:line: column 'c': message (hint)" or "file:line: message (hint)" (errors.Problem)
_WARNINGS = _templates([
    ("{where}: column '{column}': {body}", "{where}: kolom '{column}': {body}"),
    ("{where}: {body}", "{where}: {body}"),
])

_COUNTS = _templates([("{n} row", "{n} rij"), ("{n} rows", "{n} rijen"),
                      ("{n} value", "{n} waarde"), ("{n} values", "{n} waarden")])

#: the first value a warning shows: mostly a value from the file (copied), sometimes words
_VALUES = _templates([("repeats line {line}", "herhaalt regel {line}"),
                      ("repeats {file} line {line}", "herhaalt {file} regel {line}"),
                      ("repeats an earlier row", "herhaalt een eerdere rij")])
#: examples of numbers in a hint: "1.234,56 or -12,50"
_EXAMPLES = _templates([("{first} or {last}", "{first} of {last}")])
#: fields translated when one of their templates matches and copied otherwise
_OPTIONAL_FIELDS = {"value": _VALUES, "like": _EXAMPLES}

#: the fields that are English phrases themselves, and how each is translated
_FIELDS: dict[str, tuple[_Template, ...] | dict[str, str]] = {
    "why": _WHY,
    "reason": _REJECTED,
    "body": _MESSAGES,
    "hint": _HINTS,
    "rows": _COUNTS,
    "values": _COUNTS,
    "done": {"left out": "weggelaten", "left missing": "leeg gelaten", "kept": "behouden",
             "dropped": "verwijderd"},
    "what": {"a date": "datum", "an amount": "bedrag", "a number": "getal"},
    "kind": {"an amount": "een bedrag", "a number": "een getal"},
    "separator": {"a decimal comma": "een decimale komma", "a decimal point": "een decimale punt"},
    "how": {"configured": "zoals ingesteld", "sniffed": "zoals herkend"},
}


def _dutch(text: str, templates: tuple[_Template, ...]) -> str | None:
    """The Dutch for ``text`` by the first template that matches it whole and whose every
    phrase field translates too; None when there is none."""
    for template in templates:
        match = template.pattern.fullmatch(text)
        if match is None:
            continue
        values = {}
        for name, value in match.groupdict().items():
            if name in _OPTIONAL_FIELDS:
                value = _dutch(value, _OPTIONAL_FIELDS[name]) or value
            how = _FIELDS.get(name)
            if how is not None:
                value = how.get(value) if isinstance(how, dict) else _dutch(value, how)
                if value is None:
                    break
            values[name] = value
        else:
            return template.nl.format(**values)
    return None


#: the kinds of message a page shows, each with the templates its texts are matched against
_KINDS = {"reason": _REASONS, "warning": _WARNINGS, "rejected": _REJECTED, "sniffed": _SNIFFED}


def localise(text: str, kind: str, lang: str) -> tuple[str, str]:
    """(text, the language it is in) for a message of ``kind`` on a page in ``lang``.

    ``reason``: why a measure is unavailable, or the future-value note; ``warning``: a build
    warning (``str(Problem)``); ``rejected``: why rows of a table were rejected or counted;
    ``sniffed``: how a file setting was found (``"';' (sniffed)"``). Without a translation the
    English text comes back with ``"en"``.
    """
    templates = _KINDS[kind]  # a KeyError here is a bug in a template
    if lang == "en" or not text:
        return text, lang
    found = _dutch(text, templates)
    return (text, "en") if found is None else (found, lang)
