"""The report site rendered from a small hand-made Report, checked on the parsed HTML."""
from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import labelled
from generator.render.charts import full_spec, read_script

from generator.errors import Problem
from generator.inputs.config import Config, Privacy
from generator.text.messages import Message
from generator.text.translation import texts_for
from generator.inputs.policy import load_policy
from generator.inputs.sources import TableQuality
from generator.model.changes import add_changes, segment_moves
from generator.model.consistency import consistency
from generator.model.measures import rfm_grid, whale_curve
from generator.model.report import Kpi, Report
from generator.model.slugs import manager_slugs
from generator.resources import content_dir, templates_dir
from generator.render import site as site_package
from generator.render.site import CSP, render_site

AS_OF = dt.date(2026, 6, 30)
NASTY = "Smit & Zn. <Drukwerk>"
RUNTIME = "assets/vega-runtime.js"


# --------------------------------------------------------------------------- a small report

@pytest.fixture(scope="module")
def policy():
    return load_policy(content_dir() / "policy.yaml")


def _customers(policy) -> pd.DataFrame:
    """Five customers, one per interesting case; C3 has no assessment and no net profit."""
    ids = ["00042", "K-2", "K3", "K4", "PW1"]
    f = pd.DataFrame(index=pd.Index(ids, name="customer_id"))
    f["name"] = [NASTY, "Bakkerij Één", "Geen Beoordeling BV", "Stille Willem", "Afscheid & Co"]
    f["account_manager"] = ["Anna", "Bert", None, "Anna", "Bert"]
    f["sector"] = ["Retail", "Voeding", None, "Zorg", "Retail"]
    f["contract"] = ["raamcontract", "standaard", None, "prepaid", "prepaid"]
    f["language"] = ["nl", "nl", None, "en", "nl"]
    f["customer_since"] = pd.to_datetime(["2019-03-01", "2021-01-15", "2024-02-01", "2018-06-30", "2020-05-05"])
    f["tenure_days"] = [(pd.Timestamp(AS_OF) - d).days for d in f["customer_since"]]
    f["revenue_total"] = [9000.0, 4000.0, 800.0, 2500.0, 600.0]
    f["revenue_12m"] = [1234.56, 2100.0, 300.0, 0.0, 250.0]
    f["revenue_prev_12m"] = [1000.0, 1800.0, 500.0, 900.0, 400.0]
    f["revenue_trend"] = f["revenue_12m"] / f["revenue_prev_12m"] - 1
    f["margin_12m"] = [600.0, 500.0, np.nan, 0.0, 60.0]
    f["orders_12m"] = [12.0, 20.0, 2.0, 0.0, 3.0]
    f["first_purchase"] = pd.to_datetime(["2019-03-01", "2021-01-15", "2024-02-01", "2018-06-30", "2020-05-05"])
    f["last_purchase"] = pd.to_datetime(["2026-06-01", "2026-05-20", "2026-01-10", "2025-11-01", "2026-04-01"])
    f["cost_to_serve_12m"] = [200.0, 750.5, np.nan, 0.0, 120.0]
    f["net_profit_12m"] = [400.0, -250.5, np.nan, 0.0, -60.0]
    f["leakage_12m"] = [0.0, 340.0, 0.0, 0.0, 85.0]
    f["days_since_contact"] = [10.0, 20.0, 60.0, 241.0, 30.0]
    f["silent"] = [False, False, False, True, False]
    f["late_payer"] = [False, True, False, False, False]
    f["overdue_amount"] = [0.0, 500.0, 0.0, 0.0, 0.0]
    f["overdue_invoices"] = [0.0, 2.0, 0.0, 0.0, 0.0]
    f["days_late_max"] = [0.0, 45.0, 0.0, 0.0, 3.0]
    for m, values in {"knowledge": [4, 3, np.nan, 3, 1], "pleasure": [5, 2, np.nan, 3, 1],
                      "network": [4, 2, np.nan, 2, 1], "prestige": [3, 2, np.nan, 2, 2],
                      "potential": [3, 2, np.nan, 2, 1]}.items():
        f[m] = [float(v) for v in values]
    f["expected_revenue_12m"] = [1300.0, 2000.0, 200.0, 100.0, 50.0]
    f["p_alive"] = [0.95, 0.9, 0.6, 0.3, 0.5]
    f["rfm_segment"] = ["champions", "loyal", "promising", "hibernating", "at_risk"]
    f["value_score"] = [80.0, 40.0, 30.0, 35.0, 5.0]
    f["burden_score"] = [20.0, 85.0, 10.0, 5.0, 40.0]
    f["future_score"] = [55.0, 50.0, 20.0, 10.0, 8.0]
    for score in ("value", "burden", "future"):
        s = f[f"{score}_score"]
        f[f"{score}_band"] = np.where(s >= 67, "high", np.where(s >= 33, "mid", "low"))
        for comp in getattr(policy.scores, score):
            f[f"{score}_score__{comp}"] = s.where(f[comp].notna()) if comp in f else np.nan
    f["segment"] = ["champions", "fix", "core", "silent", "part_ways"]
    names = {s.id: s.name.nl for s in policy.segments}
    f["segment_name"] = f["segment"].map(names)
    for svc in policy.services:
        f[f"usage_{svc.id}_12m"] = [3.0, 4.0, 0.0, 0.0, 1.0]
        f[f"cost_{svc.id}_12m"] = f[f"usage_{svc.id}_12m"] * svc.cost
        f[f"entitled_{svc.id}"] = [policy.entitlements(seg, c) for seg, c in zip(f["segment"], f["contract"])]
        f[f"entitled_{svc.id}"] = [svc.id in e for e in f[f"entitled_{svc.id}"]]
    f["slug"] = ["00042", "k-2-1a2b3c", "k3-4d5e6f", "k4-777777", "pw1-888888"]
    return f


def _rules(policy, customers: pd.DataFrame) -> pd.DataFrame:
    """What the segment rules said (True/False/unknown), consistent with the segments above."""
    T, F, U = True, False, pd.NA
    table = {  # part_ways, fix, silent, champions, growth
        "00042": [F, F, F, T, F],
        "K-2": [F, T, F, F, F],
        "K3": [U, U, F, F, U],
        "K4": [F, F, T, F, F],
        "PW1": [T, T, F, F, F],
    }
    cols = ["part_ways", "fix", "silent", "champions", "growth"]
    return pd.DataFrame({c: pd.array([table[i][k] for i in customers.index], dtype="boolean")
                         for k, c in enumerate(cols)}, index=customers.index)


def _monthly() -> pd.DataFrame:
    rows = []
    for i, month in enumerate(pd.date_range("2024-07-01", "2026-06-01", freq="MS")):
        rows.append({"customer_id": "00042", "month": month, "revenue": 100.0 + i, "margin": 40.0 + i})
    rows[20]["revenue"] = 777.77  # 2026-03, a value the test looks for in the chart
    rows.append({"customer_id": "K-2", "month": pd.Timestamp("2026-02-01"), "revenue": 2100.0, "margin": 500.0})
    return pd.DataFrame(rows)


def _actions() -> pd.DataFrame:
    rows = [
        ("00042", "cherish", 2, "Koesteren", f"{NASTY} is een van onze superfijne klanten.", False,
         "playbook van segment 'Topklanten'"),
        ("K-2", "align_contract", 1, "Stem contract en service op elkaar af", "Bespreek het contract.", False,
         "playbook van segment 'Eerst repareren'"),
        ("K-2", "payment_reminder", 1, "Bespreek de betalingsachterstand", "Bel vriendelijk.", False,
         "regel: late_payer"),
        ("K4", "call_now", 1, "Bel nu", "Bel vandaag.", False, "playbook van segment 'Stille klanten'"),
        ("PW1", "exit_letter", 2, "Afscheidsbrief (concept)",
         "Beste Afscheid & Co,\n\nDank voor de samenwerking.\n\nMet vriendelijke groet,\n\nMarieke </pre><script>",
         True, "playbook van segment 'Afscheid via de voordeur'"),
    ]
    out = pd.DataFrame(rows, columns=["customer_id", "action_id", "priority", "title", "text", "letter", "reason"])
    out["language"] = "nl"
    return out


def make_report(policy, lang: str = "nl", **changes) -> Report:
    root = Path(content_dir()).parent
    config = Config(file=root / "config.yaml", root=root, title="Klantwaarde Testbedrijf", language=lang,
                    currency="EUR", as_of=AS_OF, policy=root / "content" / "policy.yaml", output=root / "site",
                    history=root / ".klantwaarde", exclude=(), privacy=Privacy(), theme=None, data={})
    customers, actions = _customers(policy), _actions()
    fields = dict(
        config=config, policy=policy, lang=lang, as_of=AS_OF, window_start=dt.date(2025, 7, 1),
        prev_window_start=dt.date(2024, 7, 1), data_start=dt.date(2019, 3, 1), customers=customers,
        rules=_rules(policy, customers), monthly=_monthly(), actions=actions,
        kpis={"retention_rate": Kpi("retention_rate", "Klantbehoud", "ratio", 0.9, 0.85),
              "net_profit_12m": Kpi("net_profit_12m", "Nettowinst 12 mnd", "money", 89.5, None),
              "silent_customers": Kpi("silent_customers", "Stille klanten", "count", 1, 3)},
        quality={"transactions": TableQuality(
            "transactions", ("content/data/transacties.csv",), 120, 110, {Message("rejected.after_report_date"): 10},
            {Message("rejected.after_report_date"): [
                Message("example.row", file="transacties.csv", line=118, value="2026-07-01")]},
            {"paid_date": 7}, (dt.date(2019, 3, 1), AS_OF), {"sep": Message("setting.sniffed", value="';'")},
            {"customer_id": "Klantnummer"})},
        warnings=(Problem("klanten.csv", Message("warning.repeated_id", count=Message("count.rows", n=1),
                                                 value="'<K7>'"), 7, "Naam"),),
        unavailable={"nps": Message("unavailable.no_table", table="feedback")},
        future_method="simple",
        future_note=Message("future.simple", why=Message("why.few_repeaters", n=3, min=10)),
    )
    fields.update(changes)
    # what the pipeline computes from the customers and actions
    customers, actions = fields["customers"], fields["actions"]
    profit = customers.get("net_profit_12m")
    fields.setdefault("whale", whale_curve(profit) if profit is not None and profit.notna().any() else None)
    fields.setdefault("consistency", consistency(customers, policy, lang))
    fields.setdefault("rfm_grid", rfm_grid())
    fields.setdefault("manager_slugs", manager_slugs(customers, actions))
    if "previous" in changes:  # score changes and segment moves since the previous report
        fields["customers"] = add_changes(customers, changes["previous"])
        fields.setdefault("moves", segment_moves(changes["previous"], customers["segment"],
                                                 [s.id for s in policy.segments]))
    return Report(**fields)


@pytest.fixture(scope="module")
def report(policy):
    return make_report(policy)


@pytest.fixture(scope="module")
def site(report):
    return render_site(report)


@pytest.fixture(scope="module")
def site_en(policy):
    return render_site(make_report(policy, "en"))


def html_pages(site):
    return {p: v.decode("utf-8") for p, v in site.items() if p.endswith(".html")}


def soup(site, path) -> BeautifulSoup:
    return BeautifulSoup(site[path].decode("utf-8"), "html.parser")


def text_of(site, path) -> str:
    """Visible text with runs of whitespace (including no-break spaces) made single spaces, and
    the invisible word joiner ("−\u2060€", an amount never breaks after its sign) left out."""
    return re.sub(r"\s+", " ", soup(site, path).get_text(" ")).replace("\u2060", "")


def index_data(site) -> dict:
    """The customer index's rows as the page's script sees them (window.klantwaardeCustomers)."""
    text = site["customers/index-data.js"].decode("utf-8")
    prefix = "window.klantwaardeCustomers = "
    body = text[text.index(prefix) + len(prefix):].rstrip().removesuffix(";")
    data = json.loads(body)
    return {**data, "records": [dict(zip(data["fields"], row)) for row in data["rows"]]}


def chart_specs(page: BeautifulSoup, site: dict[str, bytes]) -> dict[str, dict]:
    """A page's charts as whole Vega-Lite specs: its data joined with the site's shared specs."""
    shared = read_script(site["assets/chart-specs.js"].decode("utf-8"))
    return {el["data-target"]: full_spec(json.loads(el.string), shared)
            for el in page.find_all("script", attrs={"type": "application/json", "class": "chart-spec"})}


# --------------------------------------------------------------------------- the site's files

def test_site_has_every_page_of_the_design(site, policy, report):
    expected = {"index.html", "customers/index.html", "actions.html", "policy.html", "methodology.html",
                "data-quality.html", "assets/style.css", "assets/charts.js", "assets/customers.js",
                "assets/site.js", "assets/actions.js", RUNTIME, "assets/chart-specs.js", "assets/segments.css", "customers/index-data.js"}
    expected |= {f"segments/{s.id}.html" for s in policy.segments}
    expected |= {f"customers/{slug}.html" for slug in report.customers["slug"]}
    assert set(site) == expected
    assert all(isinstance(v, bytes) for v in site.values())
    assert "scores.csv" not in site and "actions.csv" not in site


def test_every_customer_has_a_page_with_its_name(site, report):
    for cid, row in report.customers.iterrows():
        page = soup(site, f"customers/{row['slug']}.html")
        assert page.h1.get_text() == row["name"]
        assert cid in page.get_text()


def test_every_relative_link_and_source_resolves_to_a_file_of_the_site(site):
    anchors_by_page = {path: {el["id"] for el in BeautifulSoup(html, "html.parser").find_all(id=True)}
                       for path, html in html_pages(site).items()}
    checked = 0
    for path, html in html_pages(site).items():
        for el in BeautifulSoup(html, "html.parser").find_all(["a", "link", "script", "img"]):
            ref = el.get("href") or el.get("src")
            if not ref:
                continue
            assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", ref, re.I), f"{path}: {ref} is not relative"
            target, _, fragment = ref.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) if target else path
            assert resolved in site, f"{path}: {ref} → {resolved} is not in the site"
            if fragment and "=" not in fragment and resolved.endswith(".html"):  # key=value: read by a script
                assert fragment in anchors_by_page[resolved], f"{path}: {ref} has no #{fragment} there"
            checked += 1
    assert checked > 100


def test_no_page_or_asset_points_outside_the_site(site):
    for path, content in site.items():
        if path == RUNTIME:  # the vendored Vega bundle names XML namespaces and its own docs
            continue
        text = content.decode("utf-8")
        assert "http://" not in text and "https://" not in text, path
    for path, html in html_pages(site).items():
        for el in BeautifulSoup(html, "html.parser").find_all(src=True):
            assert not el["src"].startswith(("http:", "https:", "//")), (path, el["src"])


def test_pages_declare_their_language_and_a_strict_content_security_policy(site, site_en):
    for built, lang in ((site, "nl"), (site_en, "en")):
        for path, html in html_pages(built).items():
            page = BeautifulSoup(html, "html.parser")
            assert page.html["lang"] == lang, path
            csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert csp["content"] == CSP
            assert "unsafe-eval" not in csp["content"]
            for script in page.find_all("script"):  # no inline JavaScript: only files and JSON data
                assert script.get("src") or script.get("type") == "application/json", (path, script)
            assert page.find(attrs={"onclick": True}) is None


def test_nav_links_every_section_and_marks_the_current_page(site):
    page = soup(site, "customers/index.html")
    links = page.select("nav.site-nav a")
    assert [a["href"] for a in links] == ["../index.html", "../segments/part_ways.html", "../customers/index.html",
                                          "../actions.html", "../policy.html", "../methodology.html",
                                          "../data-quality.html"]
    assert page.select_one("nav.site-nav a[aria-current=page]").get_text() == "Klanten"


# --------------------------------------------------------------------------- escaping

def test_customer_names_are_escaped_everywhere(site):
    for path in ("index.html", "customers/00042.html", "segments/champions.html", "actions.html"):
        html = site[path].decode("utf-8")
        assert "<Drukwerk>" not in html, path
        assert "Smit &amp; Zn. &lt;Drukwerk&gt;" in html or "\\u003cDrukwerk\\u003e" in html, path
    assert NASTY in soup(site, "customers/00042.html").h1.get_text()
    # the index's data is a script file, not HTML: the name is a JSON string there, drawn as text
    assert NASTY in [r["name"] for r in index_data(site)["records"]]
    assert "textContent" in site["assets/customers.js"].decode() and "innerHTML" not in site["assets/customers.js"].decode()


def test_letter_draft_cannot_break_out_of_its_block(site):
    page = soup(site, "customers/pw1-888888.html")
    letter = page.select_one("pre.letter__text")
    assert letter.get_text().startswith("Beste Afscheid & Co,\n\nDank voor de samenwerking.")
    assert letter.get_text().endswith("Marieke </pre><script>")
    assert len(page.find_all("script", src=False, type=lambda t: t != "application/json")) == 0
    button = page.select_one("button.copy-button")
    assert button["data-copy-target"] == letter["id"]


def test_chart_json_escapes_markup_characters(site):
    html = site["index.html"].decode("utf-8")
    blocks = re.findall(r'<script type="application/json" class="chart-spec"[^>]*>(.*?)</script>', html, re.S)
    assert blocks
    for block in blocks:
        assert "<" not in block and ">" not in block and "&" not in block
        json.loads(block)


# --------------------------------------------------------------------------- charts

def test_overview_charts_carry_every_scored_customer_and_link_to_their_pages(site, report):
    specs = chart_specs(soup(site, "index.html"), site)
    assert set(specs) == {"chart-segments", "chart-quadrant", "chart-whale"}
    points = specs["chart-quadrant"]["datasets"]["rows"]
    assert sorted(p["n"] for p in points) == sorted(report.customers["name"])
    smit = next(p for p in points if p["n"] == NASTY)
    assert (smit["v"], smit["b"], smit["h"]) == (80.0, 20.0, "customers/00042.html")
    assert smit["s"] == "Topklanten"
    encoding = specs["chart-quadrant"]["layer"][-1]["encoding"]
    assert encoding["href"]["field"] == "h"
    colours = encoding["color"]["scale"]
    assert colours["domain"][0] == "Afscheid via de voordeur" and colours["range"][0] == "#7f7f7f"
    for spec in specs.values():
        assert "$schema" not in spec
        assert spec["config"]["view"]["stroke"] is None


def test_whale_curve_ranks_net_profit_and_ends_at_one_hundred_percent(site):
    rows = chart_specs(soup(site, "index.html"), site)["chart-whale"]["datasets"]["rows"]
    # net profits 400, 0, -60, -250.5 (one missing): total 89.5
    assert rows[0] == {"x": 0.0, "y": 0.0, "peak": False}
    assert rows[1] == {"x": 0.25, "y": round(400 / 89.5, 4), "peak": True}
    assert rows[-1]["x"] == 1.0 and rows[-1]["y"] == 1.0


def test_segment_share_chart_has_both_series_per_segment(site, policy):
    rows = chart_specs(soup(site, "index.html"), site)["chart-segments"]["datasets"]["rows"]
    assert len(rows) == 2 * len(policy.segments)
    champions = [r for r in rows if r["s"] == "Topklanten"]
    assert {r["k"]: r["v"] for r in champions} == {"Aandeel klanten": 0.2,
                                                  "Aandeel omzet": round(1234.56 / 3884.56, 4)}


def test_customer_page_chart_has_its_own_months(site):
    rows = labelled(chart_specs(soup(site, "customers/00042.html"), site)["chart-monthly"])
    revenue_now = [r for r in rows if r["sl"] == "Omzet" and r["pl"] == "Afgelopen 12 maanden"]
    assert [r["ml"] for r in revenue_now][:2] == ["jul 2025", "aug 2025"]
    assert {"m": "mrt 2026", "v": 777.77} in [{"m": r["ml"], "v": r["v"]} for r in revenue_now]
    previous = [r for r in rows if r["sl"] == "Omzet" and r["pl"] == "Jaar ervoor"]
    assert previous[0]["v"] == 100.0 and previous[0]["wl"] == "jul 2024" and previous[0]["ml"] == "jul 2025"
    other = labelled(chart_specs(soup(site, "customers/k-2-1a2b3c.html"), site)["chart-monthly"])
    assert [r["v"] for r in other if r["sl"] == "Omzet" and r["pl"] == "Afgelopen 12 maanden" and r["v"]] == [2100.0]


def test_segment_page_chart_shows_only_its_members(site):
    rows = chart_specs(soup(site, "segments/fix.html"), site)["chart-segment"]["datasets"]["rows"]
    assert [(r["n"], r["h"]) for r in rows] == [("Bakkerij Één", "../customers/k-2-1a2b3c.html")]


def test_chart_runtime_is_vendored_once_inside_an_iife_and_loaded_as_classic_script(site):
    runtime = site[RUNTIME].decode("utf-8")
    assert "window.vegaEmbed" in runtime
    body = runtime.split("\n", 1)[1]
    assert body.startswith("(function(){") and body.rstrip().endswith("})();")
    page = soup(site, "index.html")
    srcs = [s["src"] for s in page.find_all("script", src=True)]
    assert srcs == ["assets/vega-runtime.js", "assets/chart-specs.js", "assets/charts.js", "assets/site.js"]
    assert all(not s.get("type") for s in page.find_all("script", src=True))
    charts_js = site["assets/charts.js"].decode("utf-8")
    assert "ast: true" in charts_js and 'renderer: "svg"' in charts_js


# --------------------------------------------------------------------------- formatting and language

def test_amounts_follow_the_build_language(site, site_en):
    nl = text_of(site, "customers/00042.html")
    en = text_of(site_en, "customers/00042.html")
    assert "€ 1.234,56" in nl and "€1,234.56" not in nl
    assert "€1,234.56" in en and "€ 1.234,56" not in en
    assert "30 juni 2026" in text_of(site, "index.html")
    assert "30 June 2026" in text_of(site_en, "index.html")
    assert "−€ 250" in text_of(site, "segments/fix.html")  # whole euros (half to even), true minus sign
    assert "Omzet 12 mnd" in nl and "Revenue, 12 months" in en


def test_every_text_a_template_asks_for_exists_in_both_languages():
    assert texts_for("nl").keys() == texts_for("en").keys()
    used = set()
    for path in Path(templates_dir()).glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""", path.read_text("utf-8")))
    in_python = set()
    for path in Path(site_package.__file__).parent.glob("*.py"):  # the view data's texts
        in_python |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""", path.read_text("utf-8")))
    assert used and in_python and not (used | in_python) - texts_for("nl").keys()


# --------------------------------------------------------------------------- page contents

def test_overview_reports_totals_kpis_silent_customers_arrears_and_top_actions(site):
    text = text_of(site, "index.html")
    assert "€ 3.885" in text  # revenue 12 months
    assert "90,0 %" in text and "Vorige 12 maanden: 85,0 %" in text
    assert "+5,0 procentpunt ten opzichte van de vorige 12 maanden" in text   # no earlier report: the window
    page = soup(site, "index.html")
    silent = page.find(id="silent").find_parent("section")
    assert [a.get_text() for a in silent.select("tbody th a")] == ["Stille Willem"]
    arrears = page.find(id="arrears").find_parent("section")
    assert [a.get_text() for a in arrears.select("tbody th a")] == ["Bakkerij Één"]
    assert "€\u00a0500" in arrears.get_text()  # a no-break space: an amount never breaks after '€'
    leakage = page.find(id="leakage").find_parent("section").get_text()
    assert "€\u00a0425" in leakage
    top = page.find(id="top-actions").find_parent("section")
    assert sorted(a.get_text() for a in top.select("tbody th a")) == ["Bakkerij Één", "Bakkerij Één", "Stille Willem"]


def test_customer_page_shows_scorecard_components_and_rule_trace(site):
    page = soup(site, "customers/k3-4d5e6f.html")
    rows = page.select("table.trace tbody tr")
    outcomes = [r.select_one(".outcome").get_text() for r in rows]
    assert outcomes == ["onbekend", "onbekend", "onwaar", "onbekend", "onwaar", "vangnet"]
    chosen = page.select("table.trace tr.chosen")
    assert len(chosen) == 1 and "Kernklanten" in chosen[0].get_text()
    first = rows[0].select(".values li")
    shown = [li.get_text(" ", strip=True) for li in first]
    assert shown[0] == "Nettowinst bij doorberekenen 12 mnd net_profit_if_charged_12m : onbekend"
    assert "Kennis knowledge : onbekend" in shown
    # components of the value score: knowledge is missing for this customer and left out
    value = page.select(".scorecard__score")[0]
    missing = [tr.th.get_text(" ", strip=True) for tr in value.select("tbody tr.missing")]
    assert "Kennis" in missing and "Marge 12 mnd" in missing
    # bands say their level in words; for the burden score 'low' is the good colour
    bands = [s.select_one(".band") for s in page.select(".scorecard__score")]
    assert [b.get_text() for b in bands] == ["niveau: laag", "niveau: laag", "niveau: laag"]
    assert [("band--inverted" in b["class"]) for b in bands] == [False, True, False]


def test_rule_trace_stops_at_the_first_true_rule(site):
    rows = soup(site, "customers/pw1-888888.html").select("table.trace tbody tr")
    assert "chosen" in rows[0]["class"]
    assert [r.select_one(".outcome").get_text() for r in rows[1:]] == ["niet meer bekeken"] * 5


def test_customer_page_lists_services_with_entitlement_and_actions_by_priority(site):
    page = soup(site, "customers/k-2-1a2b3c.html")
    services = {tr.th.contents[0].strip(): [td.get_text(strip=True) for td in tr.find_all("td")]
                for tr in page.select("#cost ~ .table-wrap tbody tr")}
    assert services["Spoedorder"] == ["4", "€\u00a0340,00", "nee", "€\u00a0340,00"]
    assert services["Ondersteuning"][2] == "ja"
    titles = [h.get_text(" ", strip=True) for h in page.select("li.action h3")]
    assert titles == ["Prioriteit 1 Stem contract en service op elkaar af",
                      "Prioriteit 1 Bespreek de betalingsachterstand"]
    assert page.select_one(".breadcrumb a.chip")["href"] == "../segments/fix.html"


def test_customer_index_lists_every_customer_with_filters_for_segments_and_managers(site, policy):
    page = soup(site, "customers/index.html")
    assert page.select("#customer-table tbody tr") == []  # the rows come from the data script
    scripts = [el["src"] for el in page.find_all("script", src=True)]
    assert scripts[-2:] == ["index-data.js", "../assets/customers.js"]
    data = index_data(site)
    rows = data["records"]
    assert [r["name"] for r in rows] == ["Afscheid & Co", "Bakkerij Één", "Geen Beoordeling BV", NASTY,
                                         "Stille Willem"]  # by name
    assert [data["segments"][r["segment"]]["id"] for r in rows] == ["part_ways", "fix", "core", "champions",
                                                                    "silent"]
    assert [s["id"] for s in data["segments"]] == [s.id for s in policy.segments]
    assert data["segments"][0]["href"] == "../segments/part_ways.html"
    assert data["managers"] == ["Anna", "Bert"]
    assert [r["manager"] for r in rows] == [1, 1, -1, 0, 0]
    smit = rows[3]
    assert (smit["id"], smit["slug"], smit["revenue"], smit["revenue_text"]) == ("00042", "00042", 1234.56, "€\u00a01.235")
    bakkerij = rows[1]
    assert (bakkerij["net"], bakkerij["net_text"], bakkerij["value_score"]) == (-250.5, "−\u2060€\u00a0250", 40)
    assert rows[2]["net"] is None and rows[2]["net_text"] == "—"
    assert [o["value"] for o in page.select("#filter-segment option")][1:] == [s.id for s in policy.segments]
    assert [o["value"] for o in page.select("#filter-am option")] == ["", "Anna", "Bert"]
    assert page.find("label", attrs={"for": "customer-search"}) is not None
    assert [th["data-field"] for th in page.select("#customer-table thead th")] == [
        "name", "id", "segment", "manager", "revenue", "net", "value_score", "burden_score", "future_score"]
    assert set(th["data-field"] for th in page.select("#customer-table thead th")) <= set(data["fields"])
    assert "scores.csv" in page.find("noscript").get_text()


def test_segment_page_lists_members_by_value_score_with_condition_and_playbook(site):
    page = soup(site, "segments/champions.html")
    assert page.h1.get_text(strip=True) == "Topklanten"
    assert "value_score >= 65 and net_profit_12m > 0" in page.select_one("pre.condition").get_text()
    assert "Koesteren" in page.select_one("ol.playbook").get_text()
    assert [a.get_text() for a in page.select("#members ~ .table-wrap tbody th a")] == [NASTY]
    core = soup(site, "segments/core.html")
    assert "vangnet" in core.get_text()


def test_actions_page_groups_by_account_manager_then_priority(site):
    page = soup(site, "actions.html")
    groups = page.select("section.am-group")
    assert [g.h2.contents[0].strip() for g in groups] == ["Anna", "Bert"]
    bert = [(tr.select_one(".badge").get_text(), tr.th.get_text()) for tr in groups[1].select("tbody tr")]
    assert bert == [("1", "Bakkerij Één"), ("1", "Bakkerij Één"), ("2", "Afscheid & Co")]


def test_policy_page_has_entitlement_matrix_and_house_rules(site, policy):
    page = soup(site, "policy.html")
    matrix = page.select("table.matrix tbody tr")
    assert len(matrix) == len(policy.segments)
    champions = next(r for r in matrix if "Topklanten" in r.get_text())
    assert len(champions.select(".tick")) == len(next(s for s in policy.segments if s.id == "champions").entitlements)
    text = page.get_text()
    assert "Betaaltermijn: 30\u00a0dagen." in text and "Budgetprint Zuid" in text
    assert "We beginnen geen maatwerk zonder getekende offerte." in text


def test_methodology_lists_every_catalogue_measure(site, site_en, policy):
    for built, lang in ((site, "nl"), (site_en, "en")):
        page = soup(built, "methodology.html")
        rows = {tr["id"].removeprefix("measure-"): tr for tr in page.select("tr[id^=measure-]")}
        assert set(rows) == set(policy.catalogue.names())
        for m in policy.catalogue.measures:
            assert m.label(lang) in rows[m.name].th.get_text()
            assert m.definition(lang) in rows[m.name].get_text()
    text = text_of(site, "methodology.html")
    assert "omdat maar 3 klanten meer dan eens kochten" in text and "5e en 95e percentiel" in text
    grid = soup(site, "methodology.html").select_one("table.rfm-grid").get_text()
    assert "Beste kopers" in grid and "Champions" not in grid  # the RFM segments by their Dutch names


def test_data_quality_page_shows_tables_warnings_and_unavailable_measures(site):
    text = text_of(site, "data-quality.html")
    assert "na de rapportdatum" in text and "transacties.csv:118" in text  # the reason, in Dutch
    assert "geen tabel 'feedback'" in text and "no feedback table" not in text
    # a warning in Dutch, its values escaped
    warning = soup(site, "data-quality.html").select_one(".warnings li")
    assert warning.get_text() == "klanten.csv:7: kolom 'Naam': 1 rij met het klantnummer van een eerdere rij, " \
                                 "weggelaten (eerste: '<K7>')"
    assert "&lt;K7&gt;" in site["data-quality.html"].decode("utf-8")
    assert "paid_date" in text and "Klantnummer" in text


def test_rendering_twice_gives_identical_bytes(policy, site):
    again = render_site(make_report(policy))
    assert again.keys() == site.keys()
    assert [p for p in site if site[p] != again[p]] == []


def test_segment_migrations_since_the_previous_report_and_generated_time_are_shown(policy):
    previous = pd.DataFrame({"segment": ["growth", "fix", "core", "champions"],
                             "value_score": [70.0, 40.0, 35.0, 90.0], "burden_score": [10.0, 85.0, 5.0, 50.0],
                             "future_score": [float("nan")] * 4},   # (as a history file without them reads)
                            index=pd.Index(["00042", "K-2", "K4", "GONE"], name="customer_id"))
    site = render_site(make_report(policy, previous=previous, previous_as_of=dt.date(2025, 12, 31),
                                   generated="2026-07-01 10:00 UTC"))
    moves = soup(site, "index.html").find(id="moves").find_parent("section")
    head = [th.get_text(strip=True) for th in moves.select("thead th")]
    assert head == ["Afscheid via de voordeur", "Eerst repareren", "Topklanten", "Groeipotentie",
                    "Stille klanten", "Kernklanten", "Niet meer in het rapport"]
    matrix = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
              for tr in moves.select("tbody tr")}
    assert matrix == {
        "Eerst repareren": ["0", "1 bleven", "0", "0", "0", "0", "0"],
        "Topklanten": ["0", "0", "0", "0", "0", "0", "1"],
        "Groeipotentie": ["0", "0", "1", "0", "0", "0", "0"],
        "Kernklanten": ["0", "0", "0", "0", "1", "0", "0"],
        "Nieuw": ["1", "0", "0", "0", "0", "1", "0"],
    }
    assert "2 klanten zitten in een ander segment dan in het vorige rapport; 2 klanten zijn nieuw en 1 staat er " \
           "niet meer in. Vorig rapport: 31 december 2025." in moves.get_text(" ", strip=True)
    smit = soup(site, "customers/00042.html")
    assert smit.select_one(".facts .migration").get_text() == "verschoven van Groeipotentie"
    value, burden = [s.select_one(".trend") for s in smit.select(".scorecard__score")[:2]]
    assert value.get_text(" ", strip=True) == "▲ +10 (gestegen) sinds het vorige rapport"
    assert burden.get_text(" ", strip=True) == "▲ +10 (gestegen) sinds het vorige rapport"
    assert "trend--good" in value["class"] and "trend--bad" in burden["class"]  # more burden is worse
    assert smit.select(".scorecard__score")[2].select_one(".trend") is None  # no previous future score
    assert soup(site, "customers/k-2-1a2b3c.html").select_one(".facts .migration") is None  # stayed
    assert soup(site, "customers/k3-4d5e6f.html").select_one(".facts .migration").get_text() == \
        "nieuw sinds het vorige rapport"
    assert "Gemaakt op 2026-07-01 10:00 UTC" in text_of(site, "policy.html")
    without = render_site(make_report(policy))
    assert "Gemaakt op" not in text_of(without, "policy.html")
    assert soup(without, "index.html").find(id="moves") is None
    assert soup(without, "customers/00042.html").select_one(".migration, .scorecard .trend") is None


def test_report_without_optional_data_still_renders(policy):
    """Only transactions: no margins, no monthly data, no actions, no previous report."""
    report = make_report(policy, monthly=pd.DataFrame(columns=["customer_id", "month", "revenue", "margin"]),
                         actions=_actions().iloc[0:0], kpis={}, quality={}, warnings=(), unavailable={})
    customers = report.customers.drop(columns=["margin_12m", "net_profit_12m"])
    report = make_report(policy, customers=customers, monthly=report.monthly, actions=report.actions, kpis={})
    site = render_site(report)
    assert "customers/00042.html" in site
    text = text_of(site, "index.html")
    assert "walviscurve heeft de nettowinst per klant nodig" in text
    assert "Geen aankopen in de afgelopen twee jaar." in text_of(site, "customers/00042.html")


def test_chart_rows_written_ahead_are_what_embed_writes():
    """The monthly chart's rows are written as JSON text per customer (charts.json_number,
    Charts.embed_rows): the same text as Charts.embed serialising the rows."""
    import random

    from generator.render.charts import Charts, clean, json_number

    rng = random.Random(5)
    values = [rng.uniform(-1e5, 1e5) for _ in range(2000)] + [0.0, -0.0, -0.004, 0.004, 2.675, -2.675, 1e-9,
                                                              123456789.125, 0.005, -0.005]
    rows = [{"i": k % 12, "p": k % 2, "s": k % 3 % 2, "v": v} for k, v in enumerate(values)]
    written = [f'{{"i":{r["i"]},"p":{r["p"]},"s":{r["s"]},"v":{json_number(r["v"])}}}' for r in rows]
    assert Charts.embed_rows("monthly", written) == Charts.embed(
        None, "monthly", [{**r, "v": clean(r["v"])} for r in rows])
