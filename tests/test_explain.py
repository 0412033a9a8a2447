"""Explainability: conditions in words, the per-customer trace, `klantwaarde explain`,
and the policy page (rules in words, customers per segment, entitlements, consistency)."""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import ROOT
from generator.render import explain
from generator.cli import main
from generator.inputs.conditions import parse
from generator.pipeline import compute_report
from generator.inputs.policy import key_reference, load_policy
from generator.model.consistency import MIN_EXTRA_UNITS, consistency
from generator.render.site import render_site


@pytest.fixture(scope="module")
def sample_catalogue():
    return load_policy(ROOT / "content/policy.yaml").catalogue


def words(text, lang, catalogue):
    names = catalogue.condition_names(allow_segment_dependent=True)
    return explain.describe(parse(text, names), lang, catalogue)


# ---------------------------------------------------------------- conditions in words

@pytest.mark.parametrize("text, dutch, english", [
    ("net_profit_12m < 0 and prestige <= 2",
     "Nettowinst 12 mnd is kleiner dan 0 en Prestige is hoogstens 2",
     "Net profit, 12 months is less than 0 and Prestige is at most 2"),
    ("net_profit_12m < 0 or (burden_score >= 75 and value_score < 50)",
     "Nettowinst 12 mnd is kleiner dan 0 of (Lastscore is minstens 75 en Waardescore is kleiner dan 50)",
     "Net profit, 12 months is less than 0 or (Burden score is at least 75 and Value score is less than 50)"),
    ("(silent or late_payer) and revenue_12m > 1_000",
     "(Stil: ja of Wanbetaler: ja) en Omzet 12 mnd is groter dan 1.000",
     "(Silent: yes or Late payer: yes) and Revenue, 12 months is greater than 1,000"),
    ("contract in ['prepaid', 'standaard'] and potential is missing",
     "Contract is een van 'prepaid' of 'standaard' en Potentie ontbreekt",
     "Contract is one of 'prepaid' or 'standaard' and Potential is missing"),
    ("contract not in ['prepaid'] and prestige is not missing",
     "Contract is niet 'prepaid' en Prestige is bekend", "Contract is not 'prepaid' and Prestige is known"),
    ("net_profit_12m / revenue_12m < -12.5%",
     "Nettowinst 12 mnd gedeeld door Omzet 12 mnd is kleiner dan −12,5 %",
     "Net profit, 12 months divided by Revenue, 12 months is less than −12.5%"),
    ("min(knowledge, prestige) >= 2.5 and abs(revenue_trend) > 20%",
     "de kleinste van Kennis en Prestige is minstens 2,5 en de absolute waarde van Omzettrend is groter dan 20 %",
     "the smallest of Knowledge and Prestige is at least 2.5 and the absolute value of Revenue trend is greater than 20%"),
    ("(revenue_12m - margin_12m) * 2 > revenue_12m - (margin_12m - 1)",
     "(Omzet 12 mnd min Marge 12 mnd) maal 2 is groter dan Omzet 12 mnd min (Marge 12 mnd min 1)",
     "(Revenue, 12 months minus Margin, 12 months) times 2 is greater than Revenue, 12 months minus (Margin, 12 months minus 1)"),
    ("future_band == 'low' and silent == false",
     "Toekomstniveau is 'laag' en Stil: nee", "Future band is 'low' and Silent: no"),
])
def test_conditions_in_plain_words_with_catalogue_labels(sample_catalogue, text, dutch, english):
    assert words(text, "nl", sample_catalogue) == dutch
    assert words(text, "en", sample_catalogue) == english


@pytest.mark.parametrize("text, negated", [
    ("not net_profit_12m < 0", "net_profit_12m >= 0"),
    ("not (knowledge <= 2 and contract == 'prepaid')", "knowledge > 2 or contract != 'prepaid'"),
    ("not (silent or potential is missing)", "not silent and potential is not missing"),
    ("not contract in ['a', 'b']", "contract not in ['a', 'b']"),
    ("not not late_payer", "late_payer"),
])
def test_not_is_said_as_the_opposite_which_means_the_same_with_unknowns(sample_catalogue, text, negated):
    assert words(text, "en", sample_catalogue) == words(negated, "en", sample_catalogue)
    # and it is the same rule: the evaluator agrees on a frame with missing values
    names = sample_catalogue.condition_names()
    frame = pd.DataFrame({"net_profit_12m": [-1.0, 1.0, None], "knowledge": [1.0, 3.0, None],
                          "contract": ["prepaid", "a", None], "silent": pd.array([True, False, None], dtype="boolean"),
                          "potential": [None, 2.0, 3.0], "late_payer": pd.array([True, None, False], dtype="boolean")})
    assert parse(text, names).evaluate(frame).tolist() == parse(negated, names).evaluate(frame).tolist()


def test_the_guide_s_examples_are_what_the_report_says(sample_catalogue):
    guide = (ROOT / "docs/policy.md").read_text(encoding="utf-8")
    table = guide.split("**Examples**", 1)[1].split("### ", 1)[0]
    rows = re.findall(r"^\| `(.+?)` \| (.+?) \|$", table, re.M)
    assert len(rows) == 7
    for rule, said in rows:
        assert words(rule, "en", sample_catalogue) == said


# ---------------------------------------------------------------- the trace of one customer

@pytest.fixture
def small_report(small_project):
    return compute_report(small_project / "config.yaml")


def test_trace_lists_rules_in_order_with_true_false_unknown_and_values(small_report):
    # C loses 50 but has no assessment: the exit rule is unknown, 'fix' decides
    trace = explain.trace_customer(small_report, "C")
    assert (trace.segment_id, trace.name, trace.contract) == ("fix", "Charlie", None)
    assert [(s.segment_id, s.state, s.result, s.chosen) for s in trace.steps] == [
        ("exit", "unknown", None, False), ("fix", "true", True, True),
        ("top", "not-reached", False, False), ("rest", "not-reached", None, False)]
    assert [(p.text, p.result) for p in trace.steps[0].parts] == [("net_profit_12m < 0", True), ("prestige <= 2", None)]
    assert [(v.name, v.value, v.missing) for v in trace.values] == [
        ("net_profit_12m", -50.0, False), ("prestige", None, True), ("value_score", pytest.approx(9.1, abs=0.05), False)]
    assert trace.unknown == ("prestige",)
    assert [(a.action_id, a.priority) for a in trace.actions] == [("talk", 1)]


def test_trace_as_text_for_a_meeting(small_report):
    assert explain.render_trace(explain.trace_customer(small_report, "C")) == """\
C · Charlie
Segment: Repareren (fix) — regel 2 van 4
Contract: —

Segmentregels, in volgorde — de eerste regel die waar is, beslist:
1. Afscheid (exit): onbekend
   regel: net_profit_12m < 0 and prestige <= 2
   in woorden: Nettowinst 12 mnd is kleiner dan 0 en Prestige is hoogstens 2
     waar      net_profit_12m < 0
     onbekend  prestige <= 2
2. Repareren (fix): WAAR  ← gekozen
   regel: net_profit_12m < 0
   in woorden: Nettowinst 12 mnd is kleiner dan 0
     waar      net_profit_12m < 0
3. Top (top): niet meer bekeken
   regel: value_score >= 70
   in woorden: Waardescore is minstens 70
4. Rest (rest): niet meer bekeken

Gebruikte waarden:
  net_profit_12m  Nettowinst 12 mnd  −€ 50,00
  prestige        Prestige           onbekend
  value_score     Waardescore        9

Onbekend voor deze klant: prestige. Een regel die zo'n waarde nodig heeft, is niet waar.

Aanbevolen acties:
  [1] Gesprek
      waarom: Segment Repareren: nettowinst 12 mnd −€ 50
      Bespreek € 150 kosten met Charlie
"""


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_explain_command_in_english(small_project):
    result = run("explain", "A", "--config", str(small_project / "config.yaml"), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["A · Alfa & Zn. <BV>", "Segment: Top (top) — rule 3 of 4", "Contract: Basic (basis)"]
    assert "3. Top (top): TRUE  ← chosen" in lines
    assert "   in words: Value score is at least 70" in lines
    assert "4. Rest (rest): not reached" in lines
    assert "  [3] Thanks" in lines


def test_unknown_customer_is_exit_2_with_the_nearest_ids(small_project):
    result = run("explain", "c", "--config", str(small_project / "config.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: unknown customer id 'c' (did you mean 'C' (Charlie)?)",
        "klantwaarde: 1 problem in the input: nothing written"]
    result = run("explain", "Delt", "--config", str(small_project / "config.yaml"))
    assert result.stderr.splitlines()[0] == "error: unknown customer id 'Delt' (did you mean 'D' (Delta)?)"


def test_excluded_customer_is_named_as_excluded(small_project):
    config = small_project / "config.yaml"
    config.write_text(config.read_text() + 'exclude: ["E"]\n')
    result = run("explain", "E", "--config", str(config))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: config.yaml: customer 'E' is left out by 'exclude' in the config (remove it from 'exclude' to explain it)")


# ---------------------------------------------------------------- the sample: explain, policy page

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    shutil.copy(ROOT / "config.yaml", folder / "config.yaml")
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("__pycache__"))
    report = compute_report(folder / "config.yaml")
    return folder, report, render_site(report)


def page(files, path):
    return BeautifulSoup(files[path].decode("utf-8"), "html.parser")


def test_explain_on_the_sample_agrees_with_the_report(sample):
    folder, report, _files = sample
    frame = report.customers
    cid = frame.index[(frame["segment"] == "fix") & frame["knowledge"].isna()][0]
    result = run("explain", cid, "--config", str(folder / "config.yaml"))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[1].startswith("Segment: Eerst repareren (fix) — regel 2 van ")
    assert "2. Eerst repareren (fix): WAAR  ← gekozen" in out
    tried = report.rules.at[cid, "part_ways"]       # false in a first report: no fix was advised before
    assert "1. Afscheid via de voordeur (part_ways): " + ("onbekend" if pd.isna(tried) else "onwaar") in out
    assert "Onbekend voor deze klant: knowledge" in out
    for title in report.actions.loc[report.actions["customer_id"] == cid, "title"]:
        assert title in out


def test_policy_page_says_each_rule_in_words_with_its_customers(sample):
    _folder, report, files = sample
    soup = page(files, "policy.html")
    items = soup.select("ol.segment-list > li")
    counts = report.customers["segment"].value_counts()
    assert len(items) == len(report.policy.segments)
    for item, segment in zip(items, report.policy.segments):
        assert item.select_one(".segment-count").get_text(strip=True) == f"{counts.get(segment.id, 0)} klanten"
        if segment.when:
            said = item.select_one(".segment-words").get_text(" ", strip=True)
            assert said == "In gewone woorden: " + explain.describe(
                report.policy.segment_conditions[segment.id], "nl", report.policy.catalogue)
            assert item.find("code").get_text() == segment.when
    fix = items[1].select_one(".segment-words").get_text(" ", strip=True)
    assert fix == ("In gewone woorden: Nettowinst 12 mnd is kleiner dan 0 of (Lastscore is minstens 75 en "
                   "Waardescore is kleiner dan 50)")


def test_policy_page_has_entitlements_per_segment_and_per_contract(sample):
    _folder, report, files = sample
    soup = page(files, "policy.html")
    table = soup.select_one("table.contract-matrix")
    services = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    assert services == [s.name.nl for s in report.policy.services]
    for row, contract in zip(table.select("tbody tr"), report.policy.contracts):
        ticks = [bool(td.select_one(".tick")) for td in row.select("td")]
        assert ticks == [s.id in contract.entitlements for s in report.policy.services]
    prepaid = [s.id for s, td in zip(report.policy.services, table.select("tbody tr")[2].select("td"))
               if td.select_one(".tick")]
    assert prepaid == ["standard_delivery", "complaint_handling"]


def test_policy_page_leakage_per_service_and_per_customer_adds_up(sample):
    _folder, report, files = sample
    frame, soup = report.customers, page(files, "policy.html")
    total = frame["leakage_12m"].sum()
    leaking = int((frame["leakage_12m"] > 0).sum())
    assert soup.select_one(".leakage-total").get_text(strip=True) == \
        f"{leaking} klanten kregen samen €\u00a0{total:,.0f} aan service buiten hun afspraak.".replace(",", ".")
    rows = soup.select("table.leakage-services tbody tr")
    expected = []
    for s in report.policy.services:   # worked out again here, from usage and entitlement
        beyond = ~frame[f"entitled_{s.id}"].astype(bool) & (frame[f"usage_{s.id}_12m"] > 0)
        if beyond.any():
            expected.append((s.name.nl, str(int(beyond.sum())), f"€\u00a0{frame.loc[beyond, f'cost_{s.id}_12m'].sum():,.0f}"
                             .replace(",", ".")))
    assert [(r.th.get_text(strip=True), r.select("td")[0].get_text(strip=True), r.select("td")[2].get_text(strip=True))
            for r in rows] == expected
    customers = soup.select("table.leakage-customers tbody tr")
    assert len(customers) == leaking
    top = frame["leakage_12m"].idxmax()
    assert customers[0].th.get_text(strip=True) == frame.at[top, "name"]
    assert customers[0].th.a["href"] == f"customers/{frame.at[top, 'slug']}.html"


def test_comparable_customers_treated_differently(sample):
    _folder, report, _files = sample
    found = report.consistency
    assert found.unequal, "the sample has groups where some got rush orders beyond their entitlement"
    frame = report.customers
    for u in found.unequal:
        group = frame[(frame["segment"] == u.segment_id) & (frame["contract"].fillna("") == (u.contract or ""))]
        units = group[f"usage_{u.service_id}_12m"].where(~group[f"entitled_{u.service_id}"].astype(bool), 0)
        assert [g[0] for g in u.got] == sorted(units.index[units >= MIN_EXTRA_UNITS],
                                                key=lambda i: (-group.at[i, f"cost_{u.service_id}_12m"], i))
        assert u.without == int((group[f"usage_{u.service_id}_12m"] == 0).sum()) > 0
    # most money first
    assert [u.cost for u in found.unequal] == sorted((u.cost for u in found.unequal), reverse=True)


def test_unequal_treatment_on_a_hand_made_group(small_report):
    # A, B and E are 'basis' customers; B (exit) and E (rest) are in different segments: no group of two
    assert small_report.consistency.unequal == ()
    frame = small_report.customers.copy()
    frame.loc["E", "segment"] = "exit"           # now B and E are comparable: same segment and contract
    frame.loc["B", "usage_rush_order_12m"] = 2   # B got two rush orders it is not entitled to; E none
    frame.loc["B", "cost_rush_order_12m"] = 100
    found = consistency(frame, small_report.policy, small_report.lang)
    assert [(u.segment_id, u.contract, u.service_id, [g[:3] for g in u.got], u.without, u.cost)
            for u in found.unequal] == [("exit", "basis", "rush_order", [("B", "Bravo", 2.0)], 1, 100.0)]


def test_methodology_page_lists_every_policy_key(sample):
    _folder, _report, files = sample
    soup = page(files, "methodology.html")
    rows = soup.select("table.policy-keys tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == [k.key for k in key_reference("nl")]
    silence = next(r for r in rows if r.th.get_text(strip=True) == "house_rules.silence_days")
    assert [td.get_text(strip=True) for td in silence.select("td")] == [
        "geheel getal (≥ 1)", "90", "Dagen zonder aankoop of contact waarna een klant stil is."]
