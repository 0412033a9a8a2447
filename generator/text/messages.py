"""Build messages: warnings, why rows were rejected, how a file was read, why a measure is unavailable.

A stage that finds something to report makes a :class:`Message`: a code and its
parameters, made where the problem is found (sources, measures, future,
pipeline). A parameter is a value (a file, a line, a column, a date, a count)
or a phrase, which is a Message itself (``3 rows``, ``kept``, a hint, the
reason the simple method was used), so that no English fragment reaches a
Dutch page. A warning is an :class:`errors.Problem` holding Messages.

Only here does a message become text, by :func:`text`, from the table of the
language asked for, :data:`EN` or :data:`NL`, keyed by code. English is what
the terminal, ``--strict``, report.json and the build marker show
(``str(message)``); a page shows its own language. Nothing is parsed back
from a string. tests/test_i18n.py checks that every code has a text in both
languages with the same placeholders, so a message without Dutch cannot exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale

from generator.errors import Problem


@dataclass(frozen=True, init=False)
class Message:
    """A code and its parameters (sorted by name, so equal messages are equal and hash alike:
    rejected-row reasons are dict keys)."""

    code: str
    params: tuple[tuple[str, Any], ...]

    def __init__(self, code: str, **params: Any) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    def with_params(self, **params: Any) -> Message:
        """This message with ``params`` added or replaced."""
        return Message(self.code, **{**dict(self.params), **params})

    def __str__(self) -> str:
        return text(self, "en")


#: the simple future-value method, stated where it is used and in the methodology
_SIMPLE_METHOD_EN = (
    "expected purchases = (frequency + 1) / max(T, 30 days) x horizon x activity "
    "factor; activity factor (shown as p_alive) = exp(-(T - recency) / gap), where "
    "gap is the customer's own mean time between purchases (recency / frequency, "
    "at least 1 day) for repeat buyers and, for one-time buyers, the pooled mean "
    "gap of all repeat buyers (sum of recency / sum of frequency; the horizon when "
    "there are no repeat buyers); expected revenue = expected purchases x the "
    "customer's mean order value (the population mean for one-time buyers)"
)
_SIMPLE_METHOD_NL = (
    "verwachte aankopen = (frequentie + 1) / max(T, 30 dagen) x horizon x activiteitsfactor; "
    "activiteitsfactor (getoond als p_alive) = exp(-(T - recency) / tussentijd), waarbij de tussentijd voor "
    "herhaalkopers hun eigen gemiddelde tijd tussen aankopen is (recency / frequentie, minstens 1 dag) en voor "
    "eenmalige kopers de gemiddelde tussentijd van alle herhaalkopers samen (som van recency / som van "
    "frequentie; de horizon als er geen herhaalkopers zijn); verwachte omzet = verwachte aankopen x de "
    "gemiddelde orderwaarde van de klant (het gemiddelde van alle klanten voor eenmalige kopers)")

#: a text, or per CLDR plural category (of the parameter ``n``) a text
Texts = dict[str, "str | dict[str, str]"]

EN: Texts = {
    # a warning: a Problem of errors.py (where: file:line), as its str() writes it (tests/test_i18n.py)
    "problem": "{where}: {message}",
    "problem.column": "{where}: column '{column}': {message}",
    "problem.hint": "{problem} ({hint})",

    # counts and what was done with the rows
    "count.rows": {"one": "{n} row", "other": "{n} rows"},
    "count.values": {"one": "{n} value", "other": "{n} values"},
    "done.kept": "kept",
    "done.dropped": "dropped",
    "done.left_out": "left out",

    # warnings (sources): one per file and reason; {value} is the first value concerned
    "warning.excluded": "{count} of excluded customers, left out (first: {value})",
    "warning.unreadable_date": "{count} not readable as a date, left missing (first: {value})",
    "warning.unreadable_amount": "{count} not readable as an amount, left missing (first: {value})",
    "warning.unreadable_number": "{count} not readable as a number, left missing (first: {value})",
    "warning.duplicate": "{count} exactly repeating an earlier row, {done} (first: {value})",
    "warning.dated_before_1990": "{count} dated before 1990, left out (first: {value})",
    "warning.before_1990": "{count} before 1990, left missing (first: {value})",
    "warning.negative_quantity": "{count} with a negative quantity, kept (first: {value})",
    "warning.outside": "{count} outside {range}, left missing (first: {value})",
    "warning.repeated_id": "{count} repeating a customer id of an earlier row, left out (first: {value})",
    "warning.after_report_date": "{count} dated after the report date {date}, left out (first: {value})",
    "warning.no_transactions": "{count} in the customers table without transactions, {done} (first: {value})",
    "warning.no_transactions_zeros": "{count} in the customers table without transactions whose id matches a "
                                     "known id only without leading zeros, {done} (first: {value})",
    "warning.unknown_customer": "{count} for customers not in the transactions or the customers table, {done} "
                                "(first: {value})",
    "warning.unknown_customer_zeros": "{count} for customers not in the transactions or the customers table "
                                      "whose id matches a known id only without leading zeros, {done} "
                                      "(first: {value})",
    # the first value, when it is words
    "value.repeats_line": "repeats line {line}",
    "value.repeats_file_line": "repeats {file} line {line}",
    "value.repeats_row": "repeats an earlier row",

    # hints
    "hint.as_of": "the report date is as_of in config.yaml",
    "hint.last_transaction": "the report date is the last transaction date",
    "hint.check_dates": "check the dates and the date format",
    "hint.credit_note": "a return should go with a credit note, a negative amount",
    "hint.scale": "{column} is on a scale of {range}",
    "hint.one_row": "each customer needs one row; the first row is used",
    "hint.unknown_customers": "check the customer ids, or add these customers to the customers table",
    "hint.excluded": "these ids are listed under exclude: in config.yaml",
    "hint.drop_duplicates": "set drop_duplicates: true for the {table} table in config.yaml to drop them",
    "hint.leading_zeros": "ids are text: '00042' is not '42'; make the ids identical in every file, and format "
                          "id columns in Excel as text, which otherwise drops leading zeros",
    "hint.date_layouts": "expected a date like 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 or 20260131; set "
                         "date_format: for this table in config.yaml for other layouts",
    "hint.date_format": "expected dates in the date_format '{format}' set in config.yaml, like {example}",
    "hint.amount": "expected an amount like {like}, with {separator} as {how}; if the file uses '{other}', set "
                   "decimal: \"{other}\" for the {table} table in config.yaml",
    "hint.number": "expected a number like {like}, with {separator} as {how}; if the file uses '{other}', set "
                   "decimal: \"{other}\" for the {table} table in config.yaml",
    "hint.either": "{first} or {last}",
    "hint.decimal_comma": "a decimal comma",
    "hint.decimal_point": "a decimal point",
    "hint.configured": "configured",
    "hint.sniffed": "sniffed",

    # why rows were rejected (TableQuality.rejected), and examples of them
    "rejected.excluded": "excluded customer",
    "rejected.invalid": "invalid {column} (left missing)",
    "rejected.duplicate": "duplicate row ({done})",
    "rejected.dated_before_1990": "dated before 1990",
    "rejected.before_1990": "{column} before 1990 (left missing)",
    "rejected.negative_quantity": "negative quantity",
    "rejected.outside": "{column} outside {range} (left missing)",
    "rejected.repeated_id": "repeated customer id (first row used)",
    "rejected.after_report_date": "after the report date",
    "rejected.no_transactions": "no transactions",
    "rejected.unknown_customer": "unknown customer",
    "rejected.zeros": "{reason} (leading zeros differ)",
    "example.row": "{file}:{line}: {value}",
    "example.where": "{file}:{line}",

    # how a file setting was found (TableQuality.sniffed)
    "setting.configured": "{value} (configured)",
    "setting.sniffed": "{value} (sniffed)",
    "setting.suffix": "{value} (from the suffix)",
    "setting.default": "{value} (default)",
    "setting.first": "{value} (the first)",
    "setting.per_file": "{first} / {then}",

    # why a measure is unavailable (measures, pipeline)
    "unavailable.no_table": "no {table} table",
    "unavailable.no_column": "the {table} table has no '{column}' column",
    "unavailable.no_columns": "the {table} table has no {columns} column",
    "unavailable.no_kind": "the {table} table has no interactions of kind '{kind}'",
    "unavailable.needs_cost": "needs margin_12m, which needs a 'cost' column",
    "unavailable.no_service": "no service of the policy could be counted in this data",
    "unavailable.partial_services": "partial: without {services} (see their usage)",
    "unavailable.purchases_only": "partial: purchases only (no interactions table)",
    "unavailable.no_nps": "no feedback table with an 'nps' column",
    "unavailable.no_history": "no earlier report in the history folder (config: history)",

    # the future-value method (future), and why the simple one was used
    "future.simple": "Simple method used instead of BG/NBD + Gamma-Gamma because {why}: " + _SIMPLE_METHOD_EN + ".",
    "future.bgnbd": "BG/NBD + Gamma-Gamma models fitted by maximum likelihood on {customers} customers ({repeaters} "
                    "repeat buyers): BG/NBD r={r:.3g}, alpha={alpha:.3g} days, a={a:.3g}, b={b:.3g}; Gamma-Gamma "
                    "p={p:.3g}, q={q:.3g}, v={v:.3g}. Expected purchases over {days:g} days are the BG/NBD "
                    "conditional expectation, p_alive the BG/NBD probability of being active, and expected "
                    "revenue = expected purchases x Gamma-Gamma expected order value.",
    "why.few_customers": "there are only {n} customers (at least {min} needed)",
    "why.few_repeaters": "only {n} customers bought more than once with a known order value (at least {min} needed)",
    "why.bgnbd_failed": "the BG/NBD fit failed ({detail})",
    "why.gamma_gamma_failed": "the Gamma-Gamma fit failed ({detail})",
    "why.bgnbd_unusable": "the BG/NBD parameters are not usable ({detail})",
    "why.gamma_gamma_unusable": "the Gamma-Gamma parameters are not usable ({detail})",
    "why.gamma_gamma_q": "the Gamma-Gamma fit gave q = {q:.3g} <= 1 (no finite mean order value)",
    "why.non_finite": "the fitted models gave non-finite predictions",
}

NL: Texts = {
    "problem": "{where}: {message}",
    "problem.column": "{where}: kolom '{column}': {message}",
    "problem.hint": "{problem} ({hint})",

    "count.rows": {"one": "{n} rij", "other": "{n} rijen"},
    "count.values": {"one": "{n} waarde", "other": "{n} waarden"},
    "done.kept": "behouden",
    "done.dropped": "verwijderd",
    "done.left_out": "weggelaten",

    "warning.excluded": "{count} van uitgesloten klanten, weggelaten (eerste: {value})",
    "warning.unreadable_date": "{count} niet te lezen als datum, leeg gelaten (eerste: {value})",
    "warning.unreadable_amount": "{count} niet te lezen als bedrag, leeg gelaten (eerste: {value})",
    "warning.unreadable_number": "{count} niet te lezen als getal, leeg gelaten (eerste: {value})",
    "warning.duplicate": "{count} precies gelijk aan een eerdere rij, {done} (eerste: {value})",
    "warning.dated_before_1990": "{count} gedateerd vóór 1990, weggelaten (eerste: {value})",
    "warning.before_1990": "{count} vóór 1990, leeg gelaten (eerste: {value})",
    "warning.negative_quantity": "{count} met een negatieve hoeveelheid, behouden (eerste: {value})",
    "warning.outside": "{count} buiten {range}, leeg gelaten (eerste: {value})",
    "warning.repeated_id": "{count} met het klantnummer van een eerdere rij, weggelaten (eerste: {value})",
    "warning.after_report_date": "{count} gedateerd na de rapportdatum {date}, weggelaten (eerste: {value})",
    "warning.no_transactions": "{count} in de tabel customers zonder transacties, {done} (eerste: {value})",
    "warning.no_transactions_zeros": "{count} in de tabel customers zonder transacties, met een klantnummer dat "
                                     "alleen zonder voorloopnullen bekend is, {done} (eerste: {value})",
    "warning.unknown_customer": "{count} van klanten die niet in de tabel transactions of customers staan, {done} "
                                "(eerste: {value})",
    "warning.unknown_customer_zeros": "{count} van klanten die niet in de tabel transactions of customers staan, "
                                      "met een klantnummer dat alleen zonder voorloopnullen bekend is, {done} "
                                      "(eerste: {value})",
    "value.repeats_line": "herhaalt regel {line}",
    "value.repeats_file_line": "herhaalt {file} regel {line}",
    "value.repeats_row": "herhaalt een eerdere rij",

    "hint.as_of": "de rapportdatum is as_of in config.yaml",
    "hint.last_transaction": "de rapportdatum is de laatste transactiedatum",
    "hint.check_dates": "controleer de datums en het datumformaat",
    "hint.credit_note": "een retour hoort bij een creditnota, een negatief bedrag",
    "hint.scale": "{column} heeft een schaal van {range}",
    "hint.one_row": "elke klant hoort één rij te hebben; de eerste telt",
    "hint.unknown_customers": "controleer de klantnummers, of zet deze klanten in de tabel customers",
    "hint.excluded": "deze klantnummers staan onder exclude: in config.yaml",
    "hint.drop_duplicates": "zet drop_duplicates: true bij de tabel {table} in config.yaml om ze te verwijderen",
    "hint.leading_zeros": "klantnummers zijn tekst: '00042' is niet '42'; maak de klantnummers in elk bestand "
                          "gelijk, en maak kolommen met klantnummers in Excel tekstkolommen, anders laat Excel de "
                          "voorloopnullen weg",
    "hint.date_layouts": "verwacht een datum zoals 2026-01-31, 31-01-2026, 31-1-26, 31/01/2026 of 20260131; zet "
                         "date_format: bij deze tabel in config.yaml voor een andere schrijfwijze",
    "hint.date_format": "verwacht datums in het date_format '{format}' uit config.yaml, zoals {example}",
    "hint.amount": "verwacht een bedrag zoals {like}, met {separator}, {how}; gebruikt het bestand '{other}', zet "
                   "dan decimal: \"{other}\" bij de tabel {table} in config.yaml",
    "hint.number": "verwacht een getal zoals {like}, met {separator}, {how}; gebruikt het bestand '{other}', zet "
                   "dan decimal: \"{other}\" bij de tabel {table} in config.yaml",
    "hint.either": "{first} of {last}",
    "hint.decimal_comma": "een decimale komma",
    "hint.decimal_point": "een decimale punt",
    "hint.configured": "zoals ingesteld",
    "hint.sniffed": "zoals herkend",

    "rejected.excluded": "uitgesloten klant",
    "rejected.invalid": "ongeldige {column} (leeg gelaten)",
    "rejected.duplicate": "dubbele rij ({done})",
    "rejected.dated_before_1990": "gedateerd vóór 1990",
    "rejected.before_1990": "{column} vóór 1990 (leeg gelaten)",
    "rejected.negative_quantity": "negatieve hoeveelheid",
    "rejected.outside": "{column} buiten {range} (leeg gelaten)",
    "rejected.repeated_id": "herhaald klantnummer (eerste rij gebruikt)",
    "rejected.after_report_date": "na de rapportdatum",
    "rejected.no_transactions": "geen transacties",
    "rejected.unknown_customer": "onbekende klant",
    "rejected.zeros": "{reason} (voorloopnullen verschillen)",
    "example.row": "{file}:{line}: {value}",
    "example.where": "{file}:{line}",

    "setting.configured": "{value} (ingesteld)",
    "setting.sniffed": "{value} (herkend)",
    "setting.suffix": "{value} (uit de bestandsextensie)",
    "setting.default": "{value} (standaard)",
    "setting.first": "{value} (het eerste)",
    "setting.per_file": "{first} / {then}",

    "unavailable.no_table": "geen tabel {table}",
    "unavailable.no_column": "de tabel {table} heeft geen kolom '{column}'",
    "unavailable.no_columns": "de tabel {table} heeft geen kolom {columns}",
    "unavailable.no_kind": "de tabel {table} heeft geen contactmomenten van de soort '{kind}'",
    "unavailable.needs_cost": "vraagt margin_12m, en die vraagt een kolom 'cost'",
    "unavailable.no_service": "geen enkele dienst uit het beleid kon in deze gegevens worden geteld",
    "unavailable.partial_services": "gedeeltelijk: zonder {services} (zie hun gebruik)",
    "unavailable.purchases_only": "gedeeltelijk: alleen aankopen (geen tabel interactions)",
    "unavailable.no_nps": "geen tabel feedback met een kolom 'nps'",
    "unavailable.no_history": "geen eerder rapport in de map met de historie (config: history)",

    "future.simple": "Eenvoudige methode gebruikt in plaats van BG/NBD + Gamma-Gamma, omdat {why}: "
                     + _SIMPLE_METHOD_NL + ".",
    "future.bgnbd": "BG/NBD- en Gamma-Gamma-modellen geschat met maximale aannemelijkheid (maximum likelihood) op "
                    "{customers} klanten ({repeaters} herhaalkopers): BG/NBD r={r:.3g}, alpha={alpha:.3g} dagen, "
                    "a={a:.3g}, b={b:.3g}; Gamma-Gamma p={p:.3g}, q={q:.3g}, v={v:.3g}. De verwachte aankopen over "
                    "{days:g} dagen zijn de voorwaardelijke verwachting van BG/NBD, p_alive de kans volgens BG/NBD "
                    "dat de klant nog actief is, en verwachte omzet = verwachte aankopen x de verwachte "
                    "orderwaarde volgens Gamma-Gamma.",
    # (Dutch word order after "omdat")
    "why.few_customers": "er maar {n} klanten zijn (minstens {min} nodig)",
    "why.few_repeaters": "maar {n} klanten meer dan eens kochten met een bekende orderwaarde (minstens {min} nodig)",
    "why.bgnbd_failed": "de schatting van BG/NBD mislukte ({detail})",
    "why.gamma_gamma_failed": "de schatting van Gamma-Gamma mislukte ({detail})",
    "why.bgnbd_unusable": "de parameters van BG/NBD onbruikbaar zijn ({detail})",
    "why.gamma_gamma_unusable": "de parameters van Gamma-Gamma onbruikbaar zijn ({detail})",
    "why.gamma_gamma_q": "de schatting van Gamma-Gamma q = {q:.3g} <= 1 gaf (geen eindige gemiddelde orderwaarde)",
    "why.non_finite": "de geschatte modellen oneindige voorspellingen gaven",
}

TEXTS: dict[str, Texts] = {"en": EN, "nl": NL}


def text(item: Message | Problem, lang: str) -> str:
    """``item`` in ``lang``: a Message from that language's table, a Problem (a warning) as
    ``where: [column 'c': ]message[ (hint)]``; phrases within are rendered in ``lang`` too."""
    if isinstance(item, Problem):
        shown = {"where": item.where, "message": _param(item.message, lang)}
        code = "problem"
        if isinstance(item.column, str):
            code, shown["column"] = "problem.column", item.column
        shown = TEXTS[lang][code].format(**shown)
        if item.hint:
            shown = TEXTS[lang]["problem.hint"].format(problem=shown, hint=_param(item.hint, lang))
        return shown
    params = dict(item.params)
    template = TEXTS[lang][item.code]
    if isinstance(template, dict):
        template = template[_plural_form(lang, params["n"])]
    return template.format(**{name: _param(value, lang) for name, value in params.items()})


def _param(value: Any, lang: str) -> Any:
    """A phrase rendered in ``lang``; a value as it is (str.format applies its format spec)."""
    return text(value, lang) if isinstance(value, Message) else value


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def _plural_form(lang: str, n: int) -> str:
    """The CLDR plural category of ``n`` in ``lang`` ("one", "other")."""
    return _locale(lang).plural_form(n)
