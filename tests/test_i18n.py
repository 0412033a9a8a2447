"""What a reader of the site notices about language: amounts that never break after '€',
counts that agree with their noun, a tenure that reads right for a new customer, and build
messages (warnings, unavailable measures) in the page's language.

Sites are built with the CLI from real files and read back as HTML; plain-text outputs
(scores.csv, actions.csv, report.json, letter drafts, the terminal) are checked to keep
ordinary spaces and English messages.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import (SMALL_ASSESSMENTS, SMALL_CONFIG, SMALL_CUSTOMERS, SMALL_INTERACTIONS, SMALL_POLICY,
                      SMALL_TRANSACTIONS)
from generator.errors import Problem
from generator.text import messages
from generator.cli import main
from generator.text.formatting import WORD_JOINER, Formatter, nowrap_amounts
from generator.text.plural import Plural, Sentence, categories, category, placeholders
from generator.text import LANGUAGES
from generator.text.translation import Translator, texts_for

NBSP = "\u00a0"
SMALL = {"config.yaml": SMALL_CONFIG, "policy.yaml": SMALL_POLICY, "transactions.csv": SMALL_TRANSACTIONS,
         "customers.csv": SMALL_CUSTOMERS, "interactions.csv": SMALL_INTERACTIONS,
         "assessments.csv": SMALL_ASSESSMENTS}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(project: Path, *options: str, out: str = "site"):
    result = CliRunner().invoke(main, ["build", "--config", str(project / "config.yaml"),
                                       "--output", str(project / out), *options])
    assert result.exit_code == 0, result.output
    return project / out, result


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def visible(page: BeautifulSoup, keep_pre: bool = False) -> str:
    """The text a reader sees (no scripts; letter drafts in <pre> left out unless asked),
    with no-break spaces kept as they are."""
    for tag in page(["script", "style", "noscript"] + ([] if keep_pre else ["pre"])):
        tag.decompose()
    return re.sub(r"[ \t\r\n]+", " ", page.get_text(" "))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The five-customer company built in Dutch and in English."""
    project = write(tmp_path_factory.mktemp("small"), SMALL)
    nl, result = build(project)
    en, _ = build(project, "--lang", "en", out="site-en")
    return {"nl": nl, "en": en, "stderr": result.stderr}


def page_of(site: Path, customer_id: str) -> str:
    return pd.read_csv(site / "scores.csv", dtype=str).set_index("customer_id").loc[customer_id, "page"]


# --------------------------------------------------------------------------- 1. amounts never break

def test_html_amounts_use_a_no_break_space_and_plain_text_keeps_a_normal_one():
    for v in (0, 5, -120, 1234.5, -1234.56, 1e6):
        for lang in ("nl", "en"):
            html, plain = Formatter(lang, "EUR", nbsp=True), Formatter(lang, "EUR")
            assert NBSP not in plain.money(v) + plain.money2(v) + plain.percent(v / 1000, 1)
            assert html.money(v).replace(NBSP, " ").replace(WORD_JOINER, "") == plain.money(v)
            assert html.money2(v).replace(NBSP, " ").replace(WORD_JOINER, "") == plain.money2(v)
            assert html.percent(v / 1000, 1).replace(NBSP, " ") == plain.percent(v / 1000, 1)
    assert Formatter("nl", nbsp=True).money(-1234.5) == "−\u2060€\u00a01.234"  # word joiner: no "−|€"
    assert Formatter("nl", nbsp=True).percent(0.123, 1) == "12,3\u00a0%"
    assert Formatter("en", nbsp=True).money(1234.5) == "€1,234"  # English has no space to keep
    assert Formatter("nl", nbsp=True).signed(-1234, "money") == "−\u2060€\u00a01.234"
    assert Formatter("en", nbsp=True).signed(5, "money") == "+\u2060€5"


def test_nowrap_amounts_only_touches_the_space_inside_an_amount():
    text = "Bespreek € 150 kosten, −€ 2.318 verlies, 12 % marge, € -5 en de € als teken"
    assert nowrap_amounts(text) == (
        "Bespreek €\u00a0150 kosten, −\u2060€\u00a02.318 verlies, 12\u00a0% marge, €\u00a0-5 en de € als "
        "teken")
    assert nowrap_amounts("Geen bedrag") == "Geen bedrag"


def test_pages_never_break_an_amount_while_csv_json_and_letters_keep_plain_spaces(small):
    site = small["nl"]
    # an ordinary space inside an amount, or a sign not joined to its '€' ("−|€ 250" breaks in Chromium)
    loose = re.compile(r"[€$£] [−+-]?\d|\d [%]|[−+±][€$£]")
    for path in sorted(site.rglob("*.html")):
        text = visible(html(site, path.relative_to(site).as_posix()))
        assert not loose.search(text), f"{path.name}: {loose.search(text).group(0)!r} can break"
    # the action text from the policy template, on the page and in actions.csv
    c = html(site, page_of(site, "C"))
    assert "Bespreek €\u00a0150 kosten met Charlie" in visible(c)
    actions = pd.read_csv(site / "actions.csv", dtype=str, keep_default_na=False)
    assert "Bespreek € 150 kosten met Charlie" in set(actions["text"])
    for name in ("actions.csv", "scores.csv", "report.json"):
        assert NBSP.encode() not in (site / name).read_bytes(), name
    # the letter draft is copied into mail: plain spaces
    b = html(site, page_of(site, "B"))
    letters = [pre.get_text() for pre in b.select("pre.letter__text")]
    assert letters and all(NBSP not in letter for letter in letters)


# --------------------------------------------------------------------------- 2. counts agree with their noun

def test_plural_category_follows_the_count_as_written():
    assert [category(v, "nl") for v in ("1", "0", "2", "1,0", "1.000", "—", 1, 2, None, float("nan"), pd.NA)] == \
           ["one", "other", "other", "other", "other", "other", "one", "other", "other", "other", "other"]
    assert [category(v, "en") for v in ("1", "1.0", "1,000", 0)] == ["one", "other", "other", "other"]
    nl, en = Translator("nl"), Translator("en")
    assert [nl("n_customers", n=n) for n in ("0", "1", "2")] == ["0 klanten", "1 klant", "2 klanten"]
    assert [en("n_customers", n=n) for n in ("0", "1", "2")] == ["0 customers", "1 customer", "2 customers"]
    assert nl("quadrant_summary", hv_lb="1", hv_hb="1", lv_hb="1", lv_lb="1") == (
        "1 klant is waardevol en vraagt weinig, 1 is waardevol maar veeleisend, 1 kost veel moeite voor weinig "
        "waarde en 1 levert weinig op en vraagt weinig (grens bij score 50).")
    assert en("quadrant_summary", hv_lb="3", hv_hb="1", lv_hb="0", lv_lb="2") == (
        "3 customers are valuable and easy, 1 is valuable but demanding, 0 take much effort for little value "
        "and 2 bring little and ask little (split at score 50).")
    assert nl("silent_intro", n="1", days="1").startswith("1 klant heeft langer dan 1\u00a0dag niets")
    assert nl.choose("count_template", total=1) == "{shown} van {total} klant"  # filled in by customers.js
    assert en("customers_intro", n="1").startswith("The only customer. Search")


def test_no_translation_can_be_missing():
    """Both languages have every key (the build messages' ``msg.*`` included), each text takes the
    same values in both with the same format specs, and every plural gives a form for each CLDR
    category of its language; filled with any count, no placeholder is left."""
    nl, en = texts_for("nl"), texts_for("en")
    assert nl.keys() == en.keys()
    assert {"msg.problem", "msg.count.rows", "msg.future.bgnbd"} <= nl.keys()
    for key in nl:
        assert placeholders(nl[key]) == placeholders(en[key]), key  # "q:.3g" in one is "q:.3g" in the other
        for lang in LANGUAGES:
            text = texts_for(lang)[key]
            plurals = [text] if isinstance(text, Plural) else list(text.parts.values()) \
                if isinstance(text, Sentence) else []
            assert all(p.forms.keys() == categories(lang) for p in plurals), (key, lang)
            if isinstance(text, Sentence):  # a part is not also a value the caller passes
                assert text.parts.keys().isdisjoint(placeholders(text)), key
        for count in (0, 1, 7):  # numbers, which every format spec takes
            values = {re.match(r"\w+", field).group(0): count for field in placeholders(nl[key])}
            for lang in LANGUAGES:
                out = Translator(lang)(key, **values)
                assert not re.search(r"\{\w+\}", out), (key, lang, out)


def test_the_language_is_chosen_in_the_text_layer_alone():
    """No module outside generator/text picks a text by comparing the language."""
    package = Path(__file__).resolve().parent.parent / "generator"
    choice = re.compile(r"""[=!]= ?["'](nl|en)["']|\[0 if """)
    found = [f"{path.relative_to(package)}:{i}" for path in sorted(package.rglob("*.py"))
             if "text" not in path.relative_to(package).parts[:1]
             for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if choice.search(line)]
    assert found == []


def test_pages_say_one_customer_and_never_one_with_a_plural(small):
    plural_after_one = re.compile(r"(?<![\d.,])1[ \u00a0](klanten|customers|zijn|hebben|kosten|leveren|staan|"
                                  r"dagen|days|acties|actions|maanden|months|years|rijen|rows)\b")
    for lang in ("nl", "en"):
        site = small[lang]
        for path in sorted(site.rglob("*.html")):
            text = visible(html(site, path.relative_to(site).as_posix()))
            found = plural_after_one.search(text)
            assert not found, f"{lang} {path.name}: {text[max(0, found.start() - 60):found.end() + 20]!r}"
    # the small company has one customer with an overdue invoice and one valuable, easy customer
    assert "1 klant heeft een factuur die meer dan 30\u00a0dagen over de vervaldatum is; er staat €\u00a0600 " \
           "open." in visible(html(small["nl"], "index.html"))
    assert "1 customer has an invoice more than 30\u00a0days past due; €600 is outstanding." in \
           visible(html(small["en"], "index.html"))
    assert "1 actie" in visible(html(small["nl"], "actions.html"))
    assert "De enige klant van dit segment" in visible(html(small["nl"], "segments/top.html"))


# --------------------------------------------------------------------------- 3. tenure

@pytest.mark.parametrize("days, nl, en", [
    (0, "nieuw", "new"), (30, "nieuw", "new"), (31, "1\u00a0maand", "1\u00a0month"),
    (153, "5\u00a0maanden", "5\u00a0months"), (152, "4\u00a0maanden", "4\u00a0months"),
    (365, "11\u00a0maanden", "11\u00a0months"),
    (366, "1\u00a0jaar", "1\u00a0year"), (800, "2\u00a0jaar", "2\u00a0years"), (float("nan"), "—", "—"),
])
def test_tenure_in_years_months_or_new(days, nl, en):
    assert Formatter("nl").tenure(days) == nl and Formatter("en").tenure(days) == en


def test_customer_pages_show_months_or_new_for_recent_customers(small):
    # first purchases: A 1 March 2025, B 1 June 2026, C 15 January 2026 (report date 30 June 2026)
    expected = {"A": ("1 maart 2025 (1\u00a0jaar)", "1 March 2025 (1\u00a0year)"),
                "B": ("1 juni 2026 (nieuw)", "1 June 2026 (new)"),
                "C": ("15 januari 2026 (5\u00a0maanden)", "15 January 2026 (5\u00a0months)")}
    for cid, (nl, en) in expected.items():
        for lang, want in (("nl", nl), ("en", en)):
            page = html(small[lang], page_of(small[lang], cid))
            since = next(div for div in page.select(".facts div")
                         if div.dt.get_text() in ("Klant sinds", "Customer since"))
            assert since.dd.get_text() == want
    assert "(0 jaar)" not in visible(html(small["nl"], page_of(small["nl"], "B")))


# --------------------------------------------------------------------------- 4. build messages in the page's language

#: a company whose files hold one of every kind of problem a build warns about
MESSY = {
    "config.yaml": "title: Rommelig\nas_of: 2026-06-30\npolicy: policy.yaml\nexclude: [\"X\"]\ndata:\n"
                   "  transactions: transactions.csv\n  customers: customers.csv\n  interactions: interactions.csv\n"
                   "  assessments: assessments.csv\n  feedback: feedback.csv\n",
    "policy.yaml": SMALL_POLICY,
    "transactions.csv": (
        "invoice_id;customer_id;date;amount;cost;order_type;due_date;paid_date;quantity\n"
        "F1;00042;2026-03-01;1000,00;600,00;standard;2026-03-31;2026-03-31;1\n"
        "F1;00042;2026-03-01;1000,00;600,00;standard;2026-03-31;2026-03-31;1\n"      # duplicate row
        "F2;00042;2026-04-01;500,00;duur;rush;2026-05-01;;2\n"                        # cost not a number
        "F3;B;1985-01-01;100,00;50,00;standard;;;1\n"                                 # before 1990
        "F4;B;2026-01-10;300,00;100,00;standard;1980-02-01;abc;-1\n"                  # old due, bad date, -1
        "F5;B;2026-07-10;300,00;100,00;standard;;;1\n"                                # after the report date
        "F6;X;2026-02-01;300,00;100,00;standard;;;1\n"                                # excluded
        "F7;C;2025-12-01;400,00;200,00;standard;;;1\n"),
    "customers.csv": "customer_id;name\n00042;Smit\nB;Bravo\nB;Bravo again\nC;Charlie\nZ;Zonder aankopen\n042;Nul\n",
    "interactions.csv": "customer_id;date;kind;minutes\nB;2026-05-01;support;10\nQ;2026-05-01;support;10\n"
                        "0C;2026-05-01;support;10\n",
    "assessments.csv": "customer_id;date;knowledge;pleasure;network;prestige;potential\nB;2026-01-01;7;1;1;1;1\n",
    "feedback.csv": "customer_id;date;nps\nB;2026-01-01;11\n",
}


def untranslated(page: BeautifulSoup) -> list[str]:
    return [span.get_text() for span in page.select("main [lang=en]")]


def test_every_build_warning_and_rejected_row_reason_is_dutch_on_a_dutch_page(tmp_path):
    site, result = build(write(tmp_path / "messy", MESSY))
    terminal = [line.removeprefix("warning: ") for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(terminal) == 15  # one of each kind (as_of lies 90 days after the last transaction)
    page = html(site, "data-quality.html")
    assert untranslated(page) == []
    shown = [li.get_text() for li in page.select("ul.warnings li")]
    assert len(shown) == len(terminal)
    english = re.compile(r"\b(rows?|values?|left out|left missing|kept|first:|column|dated|the report date|"
                         r"expected|check|should|needs|table has|repeating)\b")
    for line in shown:
        assert not english.search(line.replace("kolom 'date'", "")), line
    assert "transactions.csv:7: kolom 'date': 1 rij gedateerd na de rapportdatum 2026-06-30, weggelaten " \
           "(eerste: 2026-07-10) (de rapportdatum is as_of in config.yaml)" in shown
    assert "transactions.csv:3: 1 rij precies gelijk aan een eerdere rij, behouden (eerste: herhaalt regel 2) " \
           "(zet drop_duplicates: true bij de tabel transactions in config.yaml om ze te verwijderen)" in shown
    reasons = [th.get_text() for th in page.select(".quality-table tbody th[scope=row]")
               if th.find_next_sibling("td", class_="num")]  # the rejected rows' table
    assert "uitgesloten klant" in reasons and "onbekende klant (voorloopnullen verschillen)" in reasons
    assert not any(english.search(r) or "customer" in r for r in reasons), reasons
    settings = [td.get_text() for td in page.select(".quality-table td code")]
    assert "';' (herkend)" in settings and "csv (uit de bestandsextensie)" in settings
    # the terminal and report.json keep the English, word for word
    assert "transactions.csv:7: column 'date': 1 row dated after the report date 2026-06-30, left out " \
           "(first: 2026-07-10) (the report date is as_of in config.yaml)" in terminal
    assert json.loads((site / "report.json").read_text(encoding="utf-8"))["warnings"] == terminal
    # the English site shows them as the terminal does, unmarked
    en, _ = build(tmp_path / "messy", "--lang", "en", out="site-en")
    page_en = html(en, "data-quality.html")
    assert [li.get_text() for li in page_en.select("ul.warnings li")] == terminal
    assert untranslated(page_en) == []


def test_unavailable_measures_and_the_future_value_note_are_dutch(tmp_path):
    # only transactions: nearly every optional measure is unavailable, each for its reason
    project = write(tmp_path / "bare", {
        "config.yaml": "as_of: 2026-06-30\npolicy: policy.yaml\ndata:\n  transactions: transactions.csv\n",
        "policy.yaml": SMALL_POLICY,
        "transactions.csv": "customer_id;date;amount\nA;2026-01-01;100\nB;2026-02-01;200\n"})
    site, _ = build(project)
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    english = report["unavailable"]
    assert english["name"] == "no customers table" and english["margin_12m"] == \
           "the transactions table has no 'cost' column"  # report.json stays English
    for path in ("data-quality.html", "methodology.html"):
        assert untranslated(html(site, path)) == [], path
    rows = {tr.select_one("code").get_text(): tr.find_all("td")[-1].get_text()
            for tr in html(site, "data-quality.html").select("#unavailable ~ .table-wrap tbody tr")}
    assert set(rows) == set(english)
    assert rows["name"] == "geen tabel 'customers' (data.customers in config.yaml)"
    assert rows["margin_12m"] == "de tabel 'transactions' heeft geen kolom 'cost'"
    assert rows["net_profit_12m"] == "vraagt de marge (margin_12m), en die vraagt een kolom 'cost' in de transacties"
    assert rows["cost_to_serve_12m"] == "geen enkele dienst uit het beleid kon in deze gegevens worden geteld"
    assert rows["usage_rush_order_12m"] == "de tabel 'transactions' heeft geen kolom order_type"
    assert rows["last_contact"] == "gedeeltelijk: alleen aankopen (geen tabel 'interactions')"
    assert rows["nps"] == "geen tabel 'feedback' met een kolom 'nps'"
    assert rows["previous_segment"] == "geen eerder rapport in de map met de historie (history in config.yaml)"
    assert rows["expected_purchases_12m"].startswith(
        "Eenvoudige methode gebruikt in plaats van MBG/NBD of Pareto/NBD + Gamma-Gamma, omdat er maar 2 klanten "
        "zijn (minstens "
        "30 nodig): verwachte aankopen = (frequentie + 1)")
    note = html(site, "methodology.html").find(string=re.compile("Eenvoudige methode"))
    assert note is not None


def test_partial_and_missing_column_reasons_of_the_small_company_are_dutch(small):
    page = html(small["nl"], "data-quality.html")
    assert untranslated(page) == [] and untranslated(html(small["nl"], "methodology.html")) == []
    text = visible(page)
    assert "de tabel 'customers' heeft geen kolom 'region'" in text
    assert "de tabel 'interactions' heeft geen contactmomenten van de soort 'referral'" in text
    assert "omdat er maar 5 klanten zijn (minstens 30 nodig)" in text
    assert "the interactions table" in visible(html(small["en"], "data-quality.html"))


def test_the_future_note_and_backtest_of_the_sample_are_dutch(sample_project):
    site, _ = build(sample_project)
    page = html(site, "methodology.html")
    assert untranslated(page) == [] and untranslated(html(site, "data-quality.html")) == []
    text = visible(page)
    assert "Backtest: welk model voorspelt deze klanten het best" in text
    assert re.search(r"Elk model is geschat op de aankopen tot en met 30 juni 2025 en voorspelt de aankopen "
                     r"\(aankoopdagen\) van de 365 dagen daarna", text)
    assert "BG/NBD (referentie)" in text and "naïeve basislijn" in text
    # the chosen model's note, or the simple method's with the backtest as its reason
    assert (re.search(r"(MBG/NBD|Pareto/NBD)- en Gamma-Gamma-modellen geschat met maximale aannemelijkheid", text)
            or "omdat geen van de modellen (MBG/NBD, Pareto/NBD) in de backtest beter voorspelde" in text)
    # the customer page names the model behind "kans nog actief"
    customer = next(iter(sorted((site / "customers").glob("k0055-*.html"))))
    shown = visible(html(site, customer.relative_to(site).as_posix()))
    assert re.search(r"Kans nog actief \((MBG/NBD|Pareto/NBD|eenvoudige methode)\)", shown)
    assert "Kans nog actief<" not in customer.read_text(encoding="utf-8")


def test_a_message_is_rendered_from_its_code_and_parameters_in_each_language():
    count = messages.Message("count.rows", n=3)
    warning = Problem("a.csv", messages.Message("warning.dated_before_1990", count=count, value="1985-01-01"), 3,
                      "x", messages.Message("hint.check_dates"))
    assert str(warning) == messages.text(warning, "en") == (
        "a.csv:3: column 'x': 3 rows dated before 1990, left out (first: 1985-01-01) "
        "(check the dates and the date format)")
    assert messages.text(warning, "nl") == ("a.csv:3: kolom 'x': 3 rijen gedateerd vóór 1990, weggelaten "
                                            "(eerste: 1985-01-01) (controleer de datums en het datumformaat)")
    assert messages.text(messages.Message("count.values", n=1), "nl") == "1 waarde"
    # equal codes and parameters are equal messages, whatever the order of the parameters
    reason = messages.Message("rejected.outside", column="nps", range="0–10")
    assert reason == messages.Message("rejected.outside", range="0–10", column="nps")
    assert {reason: 2}[messages.Message("rejected.outside", range="0–10", column="nps")] == 2
    assert str(messages.Message("unavailable.no_table", table="customers")) == "no customers table"
    assert messages.text(messages.Message("unavailable.no_table", table="customers"), "nl") == "geen tabel 'customers' (data.customers in config.yaml)"
