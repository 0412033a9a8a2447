"""Every page type of a real build (the CLI on the five-customer project), read back and checked
against scores.csv; ids no file system likes; privacy of notes; the same inputs, the same bytes."""
from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import SMALL_ASSESSMENTS, SMALL_CONFIG, SMALL_CUSTOMERS, SMALL_INTERACTIONS, SMALL_POLICY, \
    SMALL_TRANSACTIONS, labelled, whole_spec
from generator.text.formatting import Formatter
from generator.cli import main
from generator.render.site import CSP

FILES = {"config.yaml": SMALL_CONFIG, "policy.yaml": SMALL_POLICY, "transactions.csv": SMALL_TRANSACTIONS,
         "customers.csv": SMALL_CUSTOMERS, "interactions.csv": SMALL_INTERACTIONS,
         "assessments.csv": SMALL_ASSESSMENTS}
#: amounts as a Dutch page writes them (no-break spaces)
PAGE_NL = Formatter("nl", "EUR", nbsp=True)
EXTERNAL = re.compile(r"(?:https?:|//)", re.I)


def make_project(folder: Path, **changes: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **changes}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(project: Path, out: str = "site", *options: str) -> Path:
    result = CliRunner().invoke(main, ["build", "--quiet", "--config", str(project / "config.yaml"),
                                       "--output", str(project / out), *options])
    assert result.exit_code == 0, result.output
    return project / out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(make_project(tmp_path_factory.mktemp("small")))


@pytest.fixture(scope="module")
def built_en(tmp_path_factory) -> Path:
    return build(make_project(tmp_path_factory.mktemp("small_en")), "site", "--lang", "en")


def read(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def text(page: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", page.get_text(" "))


def scores(site: Path) -> pd.DataFrame:
    return pd.read_csv(site / "scores.csv", dtype={"customer_id": str}, keep_default_na=False)


def number(value: str) -> float | None:
    return None if value == "" else float(value)


def index_rows(site: Path) -> list[dict]:
    body = (site / "customers/index-data.js").read_text(encoding="utf-8")
    data = json.loads(body.split("window.klantwaardeCustomers = ", 1)[1].rstrip().removesuffix(";"))
    return [dict(zip(data["fields"], row), segment_id=data["segments"][row[3]]["id"] if row[3] >= 0 else None)
            for row in data["rows"]]


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# --------------------------------------------------------------------------- every page type

def test_a_build_has_every_page_type_and_one_page_per_customer_in_scores_csv(built):
    table = scores(built)
    assert len(table) == 5
    expected = {"index.html", "customers/index.html", "actions.html", "policy.html", "methodology.html",
                "data-quality.html", *(f"segments/{s}.html" for s in ("exit", "fix", "top", "rest")),
                *table["page"]}
    assert set(pages(built)) == expected
    assert (built / "customers/index-data.js").is_file()


def test_customer_pages_show_the_numbers_of_scores_csv(built):
    names = {"exit": "Afscheid", "fix": "Repareren", "top": "Top", "rest": "Rest"}
    for row in scores(built).itertuples():
        page = read(built, row.page)
        assert page.h1.get_text() == row.name
        assert f"Klantnummer {row.customer_id}" in text(page)
        assert page.select_one(".facts .chip").get_text() == names[row.segment]
        cards = {c.dt.get_text(): c.select_one("dd").get_text() for c in page.select(".cards--headline .card")}
        assert cards["Omzet 12 mnd"] == PAGE_NL.money(number(row.revenue_12m), 2)
        assert cards["Nettowinst 12 mnd"] == PAGE_NL.money(number(row.net_profit_12m), 2)
        shown = [s.select_one(".scorecard__big").get_text(" ", strip=True)
                 for s in page.select(".scorecard__score")]
        for score, text_shown in zip((row.value_score, row.burden_score, row.future_score), shown):
            assert text_shown == ("—" if score == "" else PAGE_NL.number(float(score), 0))


def test_customer_index_data_matches_scores_csv(built):
    table = scores(built).set_index("customer_id")
    rows = index_rows(built)
    assert sorted(r["id"] for r in rows) == sorted(table.index)
    for r in rows:
        s = table.loc[r["id"]]
        assert r["name"] == s["name"] and f"customers/{r['slug']}.html" == s["page"]
        assert r["segment_id"] == s["segment"]
        assert r["revenue"] == round(number(s["revenue_12m"]), 2)
        assert r["revenue_text"] == PAGE_NL.money(number(s["revenue_12m"]))
        assert r["net"] == (None if s["net_profit_12m"] == "" else round(float(s["net_profit_12m"]), 2))
        for score in ("value_score", "burden_score", "future_score"):
            assert r[score] == (None if s[score] == "" else int(PAGE_NL.number(float(s[score]), 0)))


def test_overview_totals_and_segments_match_scores_csv(built):
    table = scores(built)
    page = read(built, "index.html")
    cards = {c.dt.get_text(): c.dd.get_text() for c in page.select("#totals ~ .cards .card")}
    assert cards["Klanten"] == "5"
    revenue = sum(number(v) for v in table["revenue_12m"])
    assert cards["Omzet 12 mnd"] == PAGE_NL.money(revenue)
    segments = page.find(id="segments-title").find_parent("section")
    counts = {tr.th.get_text(strip=True): tr.find("td").get_text() for tr in segments.select("tbody tr")}
    assert counts == {name: str((table["segment"] == sid).sum()) for sid, name in
                      (("exit", "Afscheid"), ("fix", "Repareren"), ("top", "Top"), ("rest", "Rest"))}
    quadrant = whole_spec(built, page, "chart-quadrant")
    dots = {d["h"]: (d["v"], d["b"]) for d in quadrant["datasets"]["rows"]}
    for row in table.itertuples():
        if row.value_score != "" and row.burden_score != "":
            assert dots[row.page] == (round(float(row.value_score), 1), round(float(row.burden_score), 1))


def test_segment_pages_list_exactly_their_members(built):
    table = scores(built)
    for segment in ("exit", "fix", "top", "rest"):
        page = read(built, f"segments/{segment}.html")
        listed = sorted(posixpath.normpath(posixpath.join("segments", a["href"]))
                        for a in page.select("#members ~ .table-wrap tbody th a"))
        assert listed == sorted(table.loc[table["segment"] == segment, "page"])


def test_actions_page_lists_every_action_of_actions_csv(built):
    actions = pd.read_csv(built / "actions.csv", dtype=str, keep_default_na=False)
    page = read(built, "actions.html")
    rows = page.select("section.am-group tbody tr")
    assert len(rows) == len(actions) > 0
    shown = sorted((tr.th.get_text(), tr.select_one("td strong").get_text()) for tr in rows)
    assert shown == sorted(zip(actions["name"], actions["title"]))


def test_policy_methodology_and_data_quality_pages_are_there_and_in_dutch(built):
    assert "Spoedorder" in text(read(built, "policy.html"))
    assert "Omzet 12 mnd" in text(read(built, "methodology.html"))
    dq = text(read(built, "data-quality.html"))
    # the warning in Dutch (the terminal and report.json keep the English)
    assert "transactions.csv:10: kolom 'date': 1 rij gedateerd na de rapportdatum 2026-06-30, weggelaten" in dq
    assert "Niet beschikbare gegevens" in dq


def test_every_link_resolves_nothing_is_external_and_every_page_has_the_csp(built):
    files = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    for path in pages(built):
        page = read(built, path)
        assert page.html["lang"] == "nl"
        csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp["content"] == CSP and "unsafe-eval" not in CSP and "connect-src 'none'" in CSP
        for el in page.find_all(["a", "link", "script", "img"]):
            ref = el.get("href") or el.get("src")
            if not ref:
                continue
            assert not EXTERNAL.match(ref), f"{path}: {ref}"
            target = ref.split("#")[0]
            if target:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
                assert resolved in files, f"{path}: {ref}"
    for path in files:
        if path.endswith((".html", ".css", ".js", ".csv", ".json")) and path != "assets/vega-runtime.js":
            body = (built / path).read_text(encoding="utf-8")
            assert "http://" not in body and "https://" not in body, path


def test_headings_are_in_order_and_every_chart_has_a_text_alternative(built):
    for path in pages(built):
        page = read(built, path)
        levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
        assert levels.count(1) == 1 and levels[0] == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (path, levels)
        for chart in page.select("div.chart"):
            assert chart["role"] == "img" and chart["aria-label"], path
            figure = chart.find_parent("figure")
            described = figure.find("figcaption") or figure.find_next_sibling(["table", "details", "div"])
            assert described is not None and described.get_text(strip=True), (path, chart["id"])
        for img in page.find_all("img"):
            assert img.has_attr("alt"), path
        for field in page.select("input, select"):
            assert page.find("label", attrs={"for": field["id"]}), (path, field)


def test_dutch_and_english_builds_use_their_own_conventions(built, built_en):
    # customer A: revenue in the current window 1.000 + 2.000, a rush purchase on 1 March 2026
    a = scores(built).set_index("customer_id").loc["A", "page"]
    nl, en = read(built, a), read(built_en, a)
    assert "€ 3.000,00" in text(nl) and "€3,000.00" in text(en)
    assert "30 juni 2026" in text(read(built, "index.html")) and "30 June 2026" in text(read(built_en, "index.html"))
    assert "1 mrt 2026" in text(nl) and "1 Mar 2026" in text(en)
    spec_nl = whole_spec(built, nl, "chart-monthly")
    spec_en = whole_spec(built_en, en, "chart-monthly")
    assert spec_nl["config"]["locale"]["number"]["decimal"] == "," and spec_en["config"]["locale"]["number"]["decimal"] == "."
    assert spec_nl["config"]["locale"]["number"]["currency"] == ["€ ", ""]
    assert spec_en["config"]["locale"]["number"]["currency"] == ["€", ""]
    months = [r["ml"] for r in labelled(spec_nl)]
    assert "mrt 2026" in months and "okt 2025" in months
    assert "Mar 2026" in [r["ml"] for r in labelled(spec_en)]
    assert read(built_en, "index.html").html["lang"] == "en"


def test_customer_page_has_timeline_payments_and_trend(built):
    a = read(built, scores(built).set_index("customer_id").loc["A", "page"])
    timeline = [[tr["class"][0]] + [td.get_text(" ", strip=True) for td in tr.find_all(["td", "th"])]
                for tr in a.select("table.timeline tbody tr")]    # the class gives the mark (CSS)
    assert timeline == [["timeline--contact", "1 jun 2026", "Gesprek", "30\u00a0min"],
                        ["timeline--purchase", "1 mrt 2026", "Aankoop (spoed)", "€\u00a02.000"],
                        ["timeline--purchase", "1 sep 2025", "Aankoop (standaard)", "€\u00a01.000"]]
    # (not F1, before the window, nor F9, after the report date)
    revenue = a.select(".cards--headline .card")[0].select_one(".trend").get_text(" ", strip=True)
    assert revenue == "▲ +200\u00a0% (gestegen) · vorige 12 mnd: €\u00a01.000,00"
    e = read(built, scores(built).set_index("customer_id").loc["E", "page"])  # F7 unpaid since 31-12-2025
    payments = e.find(id="payments").find_parent("section")
    assert payments.select_one(".alert").get_text(" ", strip=True) == (
        "Deze klant betaalt te laat volgens de huisregel (30\u00a0dagen). €\u00a0600,00 staat open over de vervaldatum.")
    b = read(built, scores(built).set_index("customer_id").loc["B", "page"])  # F4 is not due yet
    assert "Geen facturen over de vervaldatum." in text(b.find(id="payments").find_parent("section"))


# --------------------------------------------------------------------------- ids and names no file system likes

NASTY = ["../../x", "CON", "index", "Index", "<script>alert(1)</script>", "😀 emoji", "a" * 300, "K 1/2"]


def nasty_project(folder: Path) -> Path:
    names = ["Pad ../../x", "Con B.V.", "index", "INDEX & Co", "<script>alert(1)</script>", "😀 Emoji Shop",
             "A" * 300, '<img src=x onerror="alert(1)">']
    customers = "customer_id;name;account_manager\n" + "".join(
        f"{cid};{name};Anna\n" for cid, name in zip(NASTY, names))
    transactions = "customer_id;date;amount;cost\n" + "".join(
        f"{cid};01-0{1 + i % 6}-2026;{100 + 10 * i},00;50,00\n" for i, cid in enumerate(NASTY))
    config = SMALL_CONFIG.replace("  interactions: interactions.csv\n  assessments: assessments.csv\n", "")
    return make_project(folder, **{"customers.csv": customers, "transactions.csv": transactions,
                                   "config.yaml": config})


def test_any_id_gives_a_safe_unique_stable_file_name_and_escaped_text(tmp_path):
    project = nasty_project(tmp_path / "nasty")
    site = build(project)
    table = scores(site)
    assert sorted(table["customer_id"]) == sorted(NASTY)
    customer_pages = [p for p in pages(site) if p.startswith("customers/") and p != "customers/index.html"]
    assert len(customer_pages) == len(NASTY) == len(set(table["page"]))
    for path in table["page"]:
        assert re.fullmatch(r"customers/[a-z0-9-]{1,80}\.html", path), path
        stem = path.split("/")[1][:-5]
        assert stem not in {"index", "con", "prn", "aux", "nul"}
    assert read(site, "customers/index.html").h1.get_text() == "Klanten"   # never overwritten
    assert {p.relative_to(site).parts[0] for p in site.rglob("*")} <= {
        "assets", "customers", "segments", "index.html", "actions.html", "policy.html", "methodology.html",
        "data-quality.html", "scores.csv", "scores.xlsx", "actions.csv", "actions.xlsx", "report.json",
        "rejected.csv", ".klantwaarde-site"}

    for row in table.itertuples():
        page = read(site, row.page)
        assert page.h1.get_text() == row.name
        assert f"Klantnummer {row.customer_id}" in text(page)
    for path in pages(site):
        html = (site / path).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert len(read(site, path).find_all("script", src=False, type=lambda t: t != "application/json")) == 0
    assert sorted(r["name"] for r in index_rows(site)) == sorted(table["name"])
    data = (site / "customers/index-data.js").read_text(encoding="utf-8")
    assert "</script>" not in data  # written as <\/script>: the file could even be inlined safely

    again = build(project, "again")  # stable: the same names on the next build
    assert sorted(scores(again)["page"]) == sorted(table["page"])


# --------------------------------------------------------------------------- privacy

SECRET = "Privé: belt alleen na 18u, mobiel 06-12345678"


def test_notes_stay_out_unless_the_config_turns_them_on(tmp_path):
    interactions = SMALL_INTERACTIONS.replace("customer_id;date;kind;minutes", "customer_id;date;kind;minutes;note")
    interactions = interactions.replace("A;01-06-2026;meeting;30", f"A;01-06-2026;meeting;30;{SECRET}")
    closed = build(make_project(tmp_path / "closed", **{"interactions.csv": interactions}))
    for path in closed.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".csv", ".json"):
            assert "06-12345678" not in path.read_text(encoding="utf-8"), path
    page = read(closed, scores(closed).set_index("customer_id").loc["A", "page"])
    assert "Notities bij contactmomenten staan niet in dit rapport" in text(page)
    assert page.select("table.timeline thead th")[-1].get_text() == "Details"

    config = SMALL_CONFIG + "privacy: {notes: true}\n"
    open_ = build(make_project(tmp_path / "open", **{"interactions.csv": interactions, "config.yaml": config}))
    page = read(open_, scores(open_).set_index("customer_id").loc["A", "page"])
    row = page.select("table.timeline tbody tr")[0]
    assert row.find_all("td")[-1].get_text() == SECRET
    assert "Notities bij contactmomenten" not in text(page)


# --------------------------------------------------------------------------- determinism

def test_two_builds_of_the_same_inputs_are_byte_identical(tmp_path):
    project = make_project(tmp_path / "p")
    first, second = build(project, "one"), build(project, "two")
    a = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    b = {p.relative_to(second): p.read_bytes() for p in second.rglob("*") if p.is_file()}
    assert a.keys() == b.keys() and len(a) > 20
    assert [k for k in a if a[k] != b[k]] == []
    shutil.rmtree(first)
