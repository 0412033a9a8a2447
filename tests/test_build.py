"""The embedded sample, built end to end and read back as a user's browser would."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import SAMPLE_LOSS_MAKERS
from generator.pipeline import build, compute_report

EXTERNAL = re.compile(r"(?:https?:)?//", re.I)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    import shutil
    from conftest import ROOT

    root = tmp_path_factory.mktemp("sample")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("__pycache__"))
    result = build(root / "config.yaml", root / "site")
    return root, root / "site", result


def pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_every_customer_in_the_data_has_a_page(sample_site):
    root, site, result = sample_site
    ids = set(pd.read_csv(root / "content/data/klanten.csv", sep=None, engine="python", dtype=str)["Klantnummer"])
    ids.discard("INTERN-001")   # excluded in config.yaml
    scores = pd.read_csv(site / "scores.csv", dtype=str, keep_default_na=False)
    assert ids <= set(scores["customer_id"])
    for page in scores["page"]:
        assert (site / page).is_file(), page
    assert "INTERN-001" not in set(scores["customer_id"])


def test_every_link_resolves_and_nothing_is_external(sample_site):
    _, site, _ = sample_site
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr)
                if url is None:
                    continue
                assert not EXTERNAL.match(url), f"{page.relative_to(site)}: external {url}"
                parts = urlsplit(url)
                if parts.scheme or not parts.path:
                    assert parts.scheme in ("", "mailto"), f"{page}: {url}"
                    continue
                target = (page.parent / parts.path).resolve()
                assert target.is_file(), f"{page.relative_to(site)} links to missing {url}"


def test_pages_declare_language_and_a_strict_csp(sample_site):
    _, site, _ = sample_site
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html.get("lang") == "nl"
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None and "unsafe-eval" not in csp["content"], page


def test_scores_csv_has_the_contract_columns(sample_site):
    _, site, _ = sample_site
    head = next(csv.reader(io.StringIO((site / "scores.csv").read_text(encoding="utf-8"))))
    contract = ["customer_id", "name", "page", "segment", "value_score", "burden_score", "future_score",
                "revenue_total", "revenue_12m", "net_profit_12m", "first_purchase", "last_purchase", "frequency",
                "recency_days", "T_days", "expected_purchases_12m", "expected_revenue_12m", "p_alive", "rfm_segment"]
    assert head[:len(contract)] == contract
    scores = pd.read_csv(site / "scores.csv", dtype=str, keep_default_na=False)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", scores["first_purchase"].iloc[0])


def test_every_default_segment_has_members(sample_site, sample_after_fix_advice):
    _, _, result = sample_site
    counts = result.report.customers["segment"].value_counts()
    for s in result.report.policy.segments:
        if s.id != "part_ways":   # fix first: a first report parts with no one (next test)
            assert counts.get(s.id, 0) > 0, f"segment {s.id} is empty"
    assert sample_after_fix_advice.customers["segment"].value_counts().get("part_ways", 0) > 0


def test_a_first_report_parts_with_no_one(sample_site):
    """Fix before exit: without an earlier report no fix was ever advised, so the sample's
    loss-makers with no other value land in the fix segment, each with what charging would bring."""
    _, _, result = sample_site
    c, actions = result.report.customers, result.report.actions
    assert result.report.previous is None
    assert (c["segment"] != "part_ways").all() and not c["fix_advised"].any() and not c["fix_first_met"].any()
    assert c["fix_advised_since"].isna().all()
    assert actions[actions["letter"]].empty
    assert (c.loc[list(SAMPLE_LOSS_MAKERS), "segment"] == "fix").all()
    # K0097 loses € 58,55 with € 620 of service beyond its entitlement (fix: support is in it)
    k = c.loc["K0097"]
    assert k["net_profit_12m"] == pytest.approx(-58.55) and k["leakage_12m"] == pytest.approx(620)
    assert k["net_profit_if_charged_12m"] == pytest.approx(561.45)
    text = actions[(actions["customer_id"] == "K0097") & (actions["action_id"] == "align_contract")]["text"].item()
    assert "een winstgevende klant: nettoresultaat € 561" in text
    assert not actions["text"].str.contains("Herstel heeft niet gewerkt|Fixing did not work").any()


def test_recommendations_quote_real_numbers(sample_site):
    _, _, result = sample_site
    texts = result.report.actions["text"]
    assert texts.str.contains(r"\d").mean() > 0.9
    assert texts.str.contains(r"€ \d").any()
    assert not texts.str.contains("None|nan|{{").any()


def test_hard_cases_of_the_sample(sample_after_fix_advice):
    report = sample_after_fix_advice
    c = report.customers
    exits = c[c["segment"] == "part_ways"]
    # advised a fix on 2026-03-31 and still losing had every service beyond the entitlement been billed;
    # K0097 would turn € 585,45 profit (€ 644 beyond the parting segment's entitlement): fix, not exit
    assert sorted(exits.index) == ["K9006", "K9010", "K9011"]
    assert (exits["net_profit_if_charged_12m"] < 0).all()
    assert (exits["fix_advised_since"] == pd.Timestamp("2026-03-31")).all()
    assert c.loc["K0097", "segment"] == "fix" and c.loc["K0097", "fix_advised"]
    assert bool(report.rules.loc["K0097", "part_ways"]) is False
    talks = report.actions[report.actions["action_id"] == "exit_conversation"].set_index("customer_id")["text"]
    assert talks.loc["K9011"].startswith("Sinds 31 maart 2026 adviseerde ons rapport herstel voor Feestartikelen Online")
    assert talks.str.contains("Sinds 31 maart 2026").all()
    # a customer whose soft values are unknown is never sent away
    assert exits[["knowledge", "pleasure", "network", "prestige", "potential"]].notna().all().all()
    assert (exits["net_profit_12m"] < 0).all()
    assert (c.loc[c["knowledge"].isna() & (c["net_profit_12m"] < 0), "segment"] != "part_ways").all()
    letters = report.actions[report.actions["letter"]]
    assert set(letters["customer_id"]) == set(exits.index)


def test_same_inputs_give_byte_identical_site(sample_site, tmp_path):
    root, site, _ = sample_site
    again = tmp_path / "again"
    build(root / "config.yaml", again)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_no_absolute_paths_or_output_name_in_any_file(sample_site):
    root, site, _ = sample_site
    for p in site.rglob("*"):
        if p.is_file() and p.suffix in (".html", ".csv", ".json", ".js", ".css"):
            text = p.read_text(encoding="utf-8", errors="replace")
            assert str(root) not in text, p


def test_the_sample_with_direction_mapped_counts_only_our_own_silence(tmp_path):
    """contactmomenten.csv says who reached out (Richting); mapped, a purchase or an incoming call
    no longer ends a silence, only our own outgoing contact does."""
    import shutil
    from conftest import ROOT

    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(ROOT / "content", tmp_path / "content", ignore=shutil.ignore_patterns("__pycache__"))
    config = tmp_path / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("note: Notitie}", "note: Notitie, direction: Richting}"), encoding="utf-8")
    report = compute_report(config)
    c = report.customers
    ours, limit = c["days_since_our_contact"], report.policy.house_rules.silence_days
    silent = c["silent"].fillna(False).astype(bool)
    assert (silent == ((ours > limit) | (ours.isna() & (c["tenure_days"] > limit)))).all()
    assert silent.sum() > (c["days_since_contact"] > limit).sum()      # our silence is the wider one
    k = c[silent & (c["days_since_contact"] <= limit) & ours.notna()].index[0]
    call = report.actions[(report.actions["customer_id"] == k) & (report.actions["action_id"] == "call_now")]
    assert call["text"].item().startswith(f"We hebben {c.loc[k, 'name']} al {int(ours[k])} dagen niet zelf benaderd")
