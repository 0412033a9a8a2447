"""History: segment moves and score changes since the previous report (DESIGN.md, Writing).

The small company of conftest at two report dates. On 2026-03-31 (invoice F4
and B's support call lie after it) B has no purchase and no cost, so no loss:
A top, B rest, C fix, D rest, E rest. On 2026-06-30 B loses € 120 with
prestige 1: B moves from rest to exit, everyone else stays.
"""
from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from generator.inputs import history as stored_builds
from generator.model import changes
from generator.output import history
from generator.errors import InputError
from generator.pipeline import build, compute_report

FIRST = {"A": "top", "B": "rest", "C": "fix", "D": "rest", "E": "rest"}
SECOND = {"A": "top", "B": "exit", "C": "fix", "D": "rest", "E": "rest"}


def at(project, as_of: str):
    """Set the report date of the small project; return its config path."""
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text("\n".join(f"as_of: {as_of}" if line.startswith("as_of:") else line
                                for line in text.splitlines()) + "\n", encoding="utf-8")
    return config


def stored(project) -> dict[str, bytes]:
    folder = project / ".klantwaarde" / "history"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def files(site) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_later_report_shows_the_moves_since_the_earlier_one(small_project):
    first = build(at(small_project, "2026-03-31"), small_project / "site-march").report
    assert first.previous is None and first.customers["segment"].to_dict() == FIRST
    [name, kpis] = stored(small_project)
    assert name.startswith("2026-03-31_001_") and name.endswith(".csv")
    assert kpis == name.removesuffix(".csv") + ".json"

    second = build(at(small_project, "2026-06-30"), small_project / "site-june").report
    assert second.customers["segment"].to_dict() == SECOND
    assert second.previous_as_of.isoformat() == "2026-03-31"
    assert second.previous["segment"].to_dict() == FIRST
    assert second.customers["previous_segment"].to_dict() == FIRST

    order = [s.id for s in second.policy.segments]           # exit, fix, top, rest
    matrix = changes.migrations(second.previous["segment"], second.customers["segment"], order)
    assert matrix.loc["rest", "exit"] == 1                    # B
    assert matrix.loc["rest", "rest"] == 2 and matrix.loc["top", "top"] == 1 and matrix.loc["fix", "fix"] == 1
    assert int(matrix.to_numpy().sum()) == 5 and matrix.loc["exit"].sum() == 0

    import json
    doc = json.loads((small_project / "site-june" / "report.json").read_text(encoding="utf-8"))
    assert doc["migrations"]["previous_as_of"] == "2026-03-31"
    assert doc["migrations"]["moved"] == 1 and doc["migrations"]["compared"] == 5
    assert {"from": "rest", "to": "exit", "customers": 1} in doc["migrations"]["matrix"]


def test_score_changes_since_the_previous_report(small_project):
    first = compute_report(at(small_project, "2026-03-31"))
    build(small_project / "config.yaml", small_project / "site-march")
    second = compute_report(at(small_project, "2026-06-30"))
    now, before = second.customers, first.customers
    for cid in "ABCDE":
        for score in ("value_score", "burden_score"):
            expected = now.loc[cid, score] - before.loc[cid, score]
            assert now.loc[cid, f"{score}_change"] == pytest.approx(expected, abs=0.051)
    # B's margin went from 0 (no purchase yet) to 50: the value score rose
    assert now.loc["B", "value_score_change"] > 0


def test_no_moves_between_two_builds_of_the_same_report_date(small_project):
    config = small_project / "config.yaml"
    build(config, small_project / "one")
    report = build(config, small_project / "two").report
    assert report.previous is None                             # the same date is never "previous"
    assert report.customers["previous_segment"].isna().all()
    assert "previous_segment" in report.unavailable
    assert len(stored(small_project)) == 2                      # one build: its results and its KPIs


def test_rebuilding_identical_inputs_changes_neither_the_history_nor_the_site(small_project):
    build(at(small_project, "2026-03-31"), small_project / "march")
    config = at(small_project, "2026-06-30")
    build(config, small_project / "site")
    site_before, history_before = files(small_project / "site"), stored(small_project)
    mtimes = {p.name: p.stat().st_mtime_ns for p in (small_project / ".klantwaarde" / "history").iterdir()}

    build(config, small_project / "site")
    assert stored(small_project) == history_before
    assert {p.name: p.stat().st_mtime_ns for p in (small_project / ".klantwaarde" / "history").iterdir()} == mtimes
    assert files(small_project / "site") == site_before


def test_corrected_data_for_a_date_is_stored_next_and_is_the_one_compared_with(small_project):
    config = at(small_project, "2026-03-31")
    build(config, small_project / "site")
    # a corrected export: C's rush order was a standard one, so C no longer loses money
    tx = small_project / "transactions.csv"
    tx.write_text(tx.read_text(encoding="utf-8").replace("F5;C;15-01-2026;800,00;700,00;rush",
                                                         "F5;C;15-01-2026;800,00;700,00;standard"), encoding="utf-8")
    build(config, small_project / "site")
    names = sorted(n for n in stored(small_project) if n.endswith(".csv"))
    assert [n.split("_")[:2] for n in names] == [["2026-03-31", "001"], ["2026-03-31", "002"]]

    report = compute_report(at(small_project, "2026-06-30"))
    assert report.previous["segment"]["C"] == "rest"          # from the corrected build (002)


def test_a_report_date_before_every_stored_one_has_no_previous_report(small_project):
    build(small_project / "config.yaml", small_project / "june")
    report = compute_report(at(small_project, "2026-03-31"))
    assert report.previous is None


def test_the_customer_page_says_where_a_customer_moved_from(small_project):
    build(at(small_project, "2026-03-31"), small_project / "march")
    report = build(at(small_project, "2026-06-30"), small_project / "site").report

    def migration(cid):
        path = small_project / "site" / "customers" / f"{report.customers.loc[cid, 'slug']}.html"
        tag = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(class_="migration")
        return None if tag is None else tag.get_text(" ", strip=True)

    assert migration("B") == "verschoven van Rest"
    assert migration("A") is None                              # stayed in Top


def test_a_damaged_history_file_is_a_clear_input_error(small_project):
    folder = small_project / ".klantwaarde" / "history"
    folder.mkdir(parents=True)
    (folder / "2026-01-31_001_0123456789ab.csv").write_text(
        "customer_id,segment,value_score,burden_score,future_score\nA,top,high,1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        compute_report(small_project / "config.yaml")
    problem = err.value.problems[0]
    assert problem.file.endswith("2026-01-31_001_0123456789ab.csv")
    assert problem.line == 2 and problem.column == "value_score" and "'high' is not a score" in problem.message


def test_record_and_load_round_trip_keeps_text_ids(tmp_path):
    frame = pd.DataFrame({"segment": ["top", "rest"], "value_score": [80.5, None], "burden_score": [1.0, 2.0],
                          "future_score": [3.0, 4.0]}, index=pd.Index(["00042", "42"], name="customer_id"))
    import datetime as dt

    path = history.record(tmp_path, dt.date(2026, 1, 31), frame)
    assert history.record(tmp_path, dt.date(2026, 1, 31), frame) is None      # already stored
    back = stored_builds.load_previous(tmp_path, dt.date(2026, 2, 1))
    assert back.file == path.name and back.as_of == dt.date(2026, 1, 31)
    assert back.frame.index.tolist() == ["00042", "42"]                       # '00042' is not '42'
    assert back.frame.loc["00042", "value_score"] == 80.5 and pd.isna(back.frame.loc["42", "value_score"])


# --------------------------------------------------------------------------- focus KPIs since the previous report
# conftest's policy focuses on retention_rate, net_profit_12m and silent_customers. On 2026-03-31 net
# profit is € 1.300 and 2 customers are silent (C, D); on 2026-06-30 € 1.180 (B's loss of € 120) and 3.

def kpi_block(site) -> tuple[str, dict[str, list[str]]]:
    """The overview's focus-KPI section: its intro sentence on the comparison, and per KPI its texts."""
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find("section", attrs={"aria-labelledby": "kpis"})
    basis = section.find(class_="kpis__basis").get_text(" ", strip=True)
    cards = {card["data-kpi"]: [d.get_text(" ", strip=True).replace("\xa0", " ").replace("\u2060", "")
                                for d in card.find_all(["dt", "dd"])]
             for card in section.select(".card")}
    return basis, cards


def test_each_build_stores_its_kpis_beside_its_results(small_project):
    report = build(at(small_project, "2026-03-31"), small_project / "site").report
    names = sorted(stored(small_project))
    assert [n.rsplit(".", 1)[1] for n in names] == ["csv", "json"]
    assert names[0].removesuffix(".csv") == names[1].removesuffix(".json")       # the same stem
    import json
    doc = json.loads(stored(small_project)[names[1]])
    assert doc["schema"] == "klantwaarde-history-kpis" and doc["version"] == 1
    assert doc["kpis"]["net_profit_12m"] == 1300 and doc["kpis"]["silent_customers"] == 2
    assert doc["kpis"]["retention_rate"] is None                                 # no data before the window
    assert set(doc["kpis"]) == set(report.kpis)                                  # every portfolio KPI, not only the focus
    # the same inputs in the other language: the same results, nothing new stored
    build(small_project / "config.yaml", small_project / "site-en", lang="en")
    assert sorted(stored(small_project)) == names


def test_the_overview_shows_each_focus_kpi_since_the_previous_report(small_project):
    build(at(small_project, "2026-03-31"), small_project / "march")
    _, march = kpi_block(small_project / "march")
    assert march["net_profit_12m"][:2] == ["Nettowinst 12 mnd", "€ 1.300"]
    assert march["silent_customers"][:2] == ["Stille klanten", "2"]

    config = at(small_project, "2026-06-30")
    report = build(config, small_project / "june").report
    assert report.previous_as_of.isoformat() == "2026-03-31"
    assert report.kpis["net_profit_12m"].previous_report == 1300 and report.kpis["net_profit_12m"].previous == 600

    basis, cards = kpi_block(small_project / "june")
    assert basis == "Vergeleken met het vorige rapport, van 31 maart 2026."
    assert cards["net_profit_12m"] == ["Nettowinst 12 mnd", "€ 1.180", "−€ 120 sinds het rapport van 31 maart 2026",
                                       "Rapport van 31 maart 2026: € 1.300"]
    # a point-in-time KPI has no previous window, but the previous report knows it
    assert cards["silent_customers"] == ["Stille klanten", "3", "+1 sinds het rapport van 31 maart 2026",
                                         "Rapport van 31 maart 2026: 2"]
    assert cards["retention_rate"] == ["Klantbehoud", "50,0 %", "Niet te vergelijken: onbekend in het vorige "
                                       "rapport en in de vorige 12 maanden."]
    # the first report's values are the ones compared with
    assert cards["net_profit_12m"][3].endswith(march["net_profit_12m"][1])
    assert cards["silent_customers"][3].endswith(march["silent_customers"][1])

    build(config, small_project / "june-en", lang="en")
    basis, cards = kpi_block(small_project / "june-en")
    assert basis == "Compared with the previous report, of 31 March 2026."
    assert cards["net_profit_12m"] == ["Net profit, 12 months", "€1,180", "−€120 since the report of 31 March 2026",
                                       "Report of 31 March 2026: €1,300"]
    assert cards["silent_customers"] == ["Silent customers", "3", "+1 since the report of 31 March 2026",
                                         "Report of 31 March 2026: 2"]

    import json
    doc = json.loads((small_project / "june" / "report.json").read_text(encoding="utf-8"))
    assert doc["previous_report"]["as_of"] == "2026-03-31"
    assert doc["previous_report"]["kpis"]["net_profit_12m"] == 1300
    assert doc["previous_report"]["kpis"]["silent_customers"] == 2
    assert doc["kpis"]["net_profit_12m"] == {"label": "Nettowinst 12 mnd", "kind": "money", "value": 1180.0,
                                             "previous": 600.0, "previous_report": 1300.0}
    method = BeautifulSoup((small_project / "june" / "methodology.html").read_text(encoding="utf-8"), "html.parser")
    section = method.find("section", attrs={"aria-labelledby": "kpi-comparison"})
    assert "meest recente bewaarde build met een eerdere rapportdatum" in section.get_text(" ", strip=True)
    assert section.find(class_="kpis__basis").get_text(strip=True) == "Vergeleken met het vorige rapport, van 31 maart 2026."


def test_without_an_earlier_report_the_kpis_are_compared_with_the_previous_12_months(small_project):
    build(small_project / "config.yaml", small_project / "site")                # 2026-06-30, empty history
    basis, cards = kpi_block(small_project / "site")
    assert basis == "Er is nog geen eerder rapport; daarom staan de KPI's, waar bekend, naast de 12 maanden ervoor."
    # net profit 2024-07..2025-06: A 400 + D 200 = 600; now 1180
    assert cards["net_profit_12m"] == ["Nettowinst 12 mnd", "€ 1.180", "+€ 580 ten opzichte van de vorige 12 maanden",
                                       "Vorige 12 maanden: € 600"]
    assert cards["silent_customers"] == ["Stille klanten", "3", "Geen vergelijking: geen eerder rapport en geen cijfer "
                                         "over de vorige 12 maanden."]
    build(small_project / "config.yaml", small_project / "site-en", lang="en")
    basis, cards = kpi_block(small_project / "site-en")
    assert basis == "There is no earlier report yet, so the KPIs are set, where known, against the 12 months before."
    assert cards["net_profit_12m"] == ["Net profit, 12 months", "€1,180", "+€580 compared with the previous 12 months",
                                       "Previous 12 months: €600"]
    import json
    doc = json.loads((small_project / "site" / "report.json").read_text(encoding="utf-8"))
    assert doc["previous_report"] is None and doc["kpis"]["net_profit_12m"]["previous_report"] is None


def test_an_older_build_without_stored_kpis_still_serves_as_the_previous_report(small_project):
    build(at(small_project, "2026-03-31"), small_project / "march")
    folder = small_project / ".klantwaarde" / "history"
    [sidecar] = folder.glob("*.json")
    [results] = folder.glob("*.csv")
    # as an older version recorded it: no KPI file, and the name hashes the results alone
    import hashlib
    sidecar.unlink()
    results.rename(folder / f"2026-03-31_001_{hashlib.sha256(results.read_bytes()).hexdigest()[:12]}.csv")
    report = build(at(small_project, "2026-06-30"), small_project / "june").report
    assert report.previous["segment"].to_dict() == FIRST and report.previous_kpis is None
    basis, cards = kpi_block(small_project / "june")
    assert basis == ("Het vorige rapport, van 31 maart 2026, bewaarde nog geen KPI's; daarom staan de KPI's, "
                     "waar bekend, naast de 12 maanden ervoor.")
    assert cards["net_profit_12m"][2:] == ["+€ 580 ten opzichte van de vorige 12 maanden", "Vorige 12 maanden: € 600"]
    import json
    doc = json.loads((small_project / "june" / "report.json").read_text(encoding="utf-8"))
    assert doc["previous_report"] == {"as_of": "2026-03-31", "kpis": None}
    assert doc["migrations"]["previous_as_of"] == "2026-03-31"

    # rebuilding that report now stores it with its KPIs (the next sequence number), and it is compared with
    build(at(small_project, "2026-03-31"), small_project / "march")
    assert sorted((n.split("_")[1], n.rsplit(".", 1)[1]) for n in stored(small_project)
                  if n.startswith("2026-03-31")) == [("001", "csv"), ("002", "csv"), ("002", "json")]
    report = build(at(small_project, "2026-06-30"), small_project / "june").report
    assert report.previous_kpis["net_profit_12m"] == 1300
    assert kpi_block(small_project / "june")[1]["net_profit_12m"][2] == "−€ 120 sinds het rapport van 31 maart 2026"


def test_a_damaged_kpi_file_is_a_clear_input_error(small_project):
    build(at(small_project, "2026-03-31"), small_project / "march")
    [sidecar] = (small_project / ".klantwaarde" / "history").glob("*.json")
    sidecar.write_text('{\n  "kpis": {"net_profit_12m": 1300,\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        compute_report(at(small_project, "2026-06-30"))
    problem = err.value.problems[0]
    assert problem.file.endswith(sidecar.name) and problem.line == 3 and "not valid JSON" in problem.message
    sidecar.write_text('{"kpis": {"net_profit_12m": "veel"}}', encoding="utf-8")
    with pytest.raises(InputError) as err:
        compute_report(small_project / "config.yaml")
    assert "'net_profit_12m'" in err.value.problems[0].message and "not a number" in err.value.problems[0].message


def test_kpis_round_trip_and_a_lost_kpi_file_is_written_again(tmp_path):
    import datetime as dt

    frame = pd.DataFrame({"segment": ["top"], "value_score": [80.5], "burden_score": [1.0], "future_score": [3.0]},
                         index=pd.Index(["00042"], name="customer_id"))
    kpis = {"revenue_12m": 1234.5000000001, "customers_active": 3, "retention_rate": float("nan"), "late_payers": None}
    path = history.record(tmp_path, dt.date(2026, 1, 31), frame, kpis)
    sidecar = path.with_suffix(".json")
    content = sidecar.read_bytes()
    assert content == history.encode_kpis(dict(reversed(list(kpis.items()))))   # sorted: order does not matter
    back = stored_builds.load_previous(tmp_path, dt.date(2026, 2, 1))
    assert back.kpis == {"customers_active": 3, "late_payers": None, "retention_rate": None, "revenue_12m": 1234.5}
    sidecar.unlink()
    assert history.record(tmp_path, dt.date(2026, 1, 31), frame, kpis) is None  # already stored ...
    assert sidecar.read_bytes() == content                                      # ... and its KPI file restored
    # other KPI values for the same customer results are a different result: the next sequence number
    other = history.record(tmp_path, dt.date(2026, 1, 31), frame, {**kpis, "customers_active": 4})
    assert other.name.startswith("2026-01-31_002_")
    assert stored_builds.load_previous(tmp_path, dt.date(2026, 2, 1)).kpis["customers_active"] == 4
    assert not list(tmp_path.glob(".history-*"))                                # no temporary file left


# --- fix before exit: what earlier reports advised ----------------------------------------------

# The small company's parting rule, fix first: only a customer an earlier report put in 'fix' and
# still losing money had every service beyond its entitlement been billed.
FIX_FIRST_EXIT = 'when: "net_profit_if_charged_12m < 0 and fix_first_met and prestige <= 2"'
GOODBYE = ('text: {nl: "Afscheid van {{ name }}: herstel geadviseerd sinds {{ fix_advised_since | date }}, '
           'ook doorberekend {{ net_profit_if_charged_12m | money }}", en: "Goodbye {{ name }}: fix advised since '
           '{{ fix_advised_since | date }}, even if charged {{ net_profit_if_charged_12m | money }}"}')


def fix_first_project(project, fix_first: bool = True):
    """The small company with the fix-first parting rule, and B losing money from February 2026:

    an order F10 (1 Feb 2026, € 100 at cost € 95: margin € 5) and 60 support minutes on
    1 Mar 2026 (€ 1/min; B's contract 'basis' includes support, so no leakage)."""
    from conftest import SMALL_POLICY

    policy = SMALL_POLICY.replace('when: "net_profit_12m < 0 and prestige <= 2"', FIX_FIRST_EXIT)
    policy = policy.replace(
        'text: {nl: "Afscheid van {{ name }}: {{ net_profit_12m | money }}", en: "Goodbye {{ name }}: '
        '{{ net_profit_12m | money }}"}', GOODBYE)
    policy = policy.replace("house_rules: {payment_terms_days: 30, arrears_days: 30, silence_days: 90}",
                            "house_rules: {payment_terms_days: 30, arrears_days: 30, silence_days: 90, "
                            f"fix_first: {'true' if fix_first else 'false'}}}")
    assert FIX_FIRST_EXIT in policy and GOODBYE in policy and "fix_first" in policy
    (project / "policy.yaml").write_text(policy, encoding="utf-8")
    with open(project / "transactions.csv", "a", encoding="utf-8") as f:
        f.write("F10;B;01-02-2026;100,00;95,00;standard;03-03-2026;03-03-2026\n")
    with open(project / "interactions.csv", "a", encoding="utf-8") as f:
        f.write("B;01-03-2026;support;60\n")
    return project


def test_a_customer_is_parted_with_only_after_an_earlier_report_advised_a_fix(small_project):
    fix_first_project(small_project)
    # 31 March: B margin 5 − support 60 = −55, nothing beyond its entitlement: −55 even if charged,
    # but no earlier report: fix, not exit. C (−50, no contract) would be +100 if charged: fix.
    first = build(at(small_project, "2026-03-31"), small_project / "march").report
    c = first.customers
    assert c.loc["B", "net_profit_12m"] == pytest.approx(-55)
    assert c.loc["B", "net_profit_if_charged_12m"] == pytest.approx(-55)
    assert c["segment"].to_dict() == {"A": "top", "B": "fix", "C": "fix", "D": "rest", "E": "rest"}
    assert not c["fix_advised"].any() and c["fix_advised_since"].isna().all()
    assert bool(first.rules.loc["B", "part_ways" if "part_ways" in first.rules else "exit"]) is False

    # 30 June: B margin 5 + 50 = 55 − rush 50 − support 180 = −175; as an exit customer the rush
    # order (not in 'basis') is beyond its entitlement: −175 + 50 = −125. Fix advised on 31 March.
    second = build(at(small_project, "2026-06-30"), small_project / "june").report
    c = second.customers
    assert c.loc["B", "net_profit_12m"] == pytest.approx(-175)
    assert c.loc["B", "fix_advised_since"] == pd.Timestamp("2026-03-31") and c.loc["B", "fix_advised"]
    assert c.loc["B", "segment"] == "exit"
    assert c.loc["B", "leakage_12m"] == pytest.approx(50)
    assert c.loc["B", "net_profit_if_charged_12m"] == pytest.approx(-125)
    # C was advised too, but has no assessment (prestige unknown): never sent away
    assert c.loc["C", "fix_advised"] and c.loc["C", "segment"] == "fix"
    goodbye = second.actions[(second.actions["customer_id"] == "B") & (second.actions["action_id"] == "goodbye")]
    assert goodbye["text"].item() == "Goodbye Bravo: fix advised since 31 March 2026, even if charged −€125"   # B: en
    # the reason quotes the rule's numbers, the fix advice's date among them
    assert goodbye["reason"].item() == ("Segment Afscheid: nettowinst bij doorberekenen 12 mnd −€ 125; nettowinst 12 mnd "
                                        "−€ 175; buiten de afspraak 12 mnd € 50; herstel geadviseerd sinds 31 mrt 2026; "
                                        "prestige 1")


def test_fix_first_false_parts_at_once(small_project):
    fix_first_project(small_project, fix_first=False)
    report = compute_report(at(small_project, "2026-03-31"))
    c = report.customers
    assert c["fix_first_met"].all() and not c["fix_advised"].any()
    assert c.loc["B", "segment"] == "exit"


def test_the_first_report_in_the_fix_segment_counts_over_every_earlier_build(tmp_path):
    import datetime as dt

    folder = tmp_path / "history"

    def frame(segments: dict) -> pd.DataFrame:
        return pd.DataFrame({"segment": list(segments.values()), "value_score": 1.0, "burden_score": 2.0,
                             "future_score": 3.0}, index=pd.Index(list(segments), name="customer_id"))

    history.record(folder, dt.date(2025, 12, 31), frame({"A": "fix", "B": "core", "007": "fix"}))
    history.record(folder, dt.date(2026, 3, 31), frame({"A": "fix", "B": "fix", "007": "core"}))
    history.record(folder, dt.date(2026, 6, 30), frame({"A": "exit", "B": "fix", "C": "fix"}))
    earlier = stored_builds.load_previous(folder, dt.date(2026, 6, 30))     # the June build is not earlier
    assert earlier.as_of == dt.date(2026, 3, 31)
    first = earlier.first_in_segment
    assert first.loc["A", "fix"] == pd.Timestamp("2025-12-31")
    assert first.loc["B", "fix"] == pd.Timestamp("2026-03-31") and first.loc["B", "core"] == pd.Timestamp("2025-12-31")
    assert first.loc["007", "fix"] == pd.Timestamp("2025-12-31")       # text ids stay text
    assert "C" not in first.index

    now = pd.DataFrame({"x": [1, 2, 3, 4]}, index=pd.Index(["A", "B", "C", "007"], name="customer_id"))
    advised = changes.add_fix_advice(now, first, "fix", fix_first=True)
    assert advised["fix_advised_since"].tolist()[:2] == [pd.Timestamp("2025-12-31"), pd.Timestamp("2026-03-31")]
    assert pd.isna(advised.loc["C", "fix_advised_since"])
    assert advised["fix_advised"].tolist() == [True, True, False, True]
    assert advised["fix_first_met"].tolist() == [True, True, False, True]
    lenient = changes.add_fix_advice(now, first, "fix", fix_first=False)
    assert lenient["fix_first_met"].all() and lenient["fix_advised"].tolist() == [True, True, False, True]
    # no history, or a fix segment no earlier report had: nothing advised
    assert not changes.add_fix_advice(now, None, "fix", fix_first=True)["fix_first_met"].any()
    assert changes.add_fix_advice(now, first, "repair", fix_first=True)["fix_advised_since"].isna().all()
