"""A consultant's theme folder: templates (most specific first), CSS and logo per client, package untouched."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.model.report import TIMELINE_EVENTS
from generator.model.slugs import customer_slugs
from generator.resources import templates_dir
from generator.text.formatting import Formatter

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#c00"/></svg>'


def build(project: Path, out: str = "out", *extra: str):
    result = CliRunner().invoke(main, ["build", "--quiet", "--config", str(project / "config.yaml"),
                                       "--output", str(project / out), *extra])
    return result


def with_theme(project: Path, files: dict[str, str]) -> Path:
    theme = project / "klant-x"
    theme.mkdir(exist_ok=True)
    for name, text in files.items():
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text(text, encoding="utf-8")
    config = project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: klant-x\n", encoding="utf-8")
    return theme


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_theme_overrides_templates_most_specific_first_and_adds_css_and_logo(small_project):
    slug_a, slug_b = customer_slugs(["A", "B"])
    packaged = {p: p.read_bytes() for p in Path(templates_dir()).rglob("*") if p.is_file()}
    with_theme(small_project, {
        # one customer gets its own page, built on the packaged one
        f"customer-{slug_a}.html": '{% extends "klantwaarde/customer.html" %}{% block content %}'
                                   '<p class="vip">Sleutelklant: {{ c.name }}</p>{{ super() }}{% endblock %}',
        # every segment page gets a line, and so does the overview
        "segment.html": '{% extends "klantwaarde/segment.html" %}{% block content %}{{ super() }}'
                        '<p class="themed-segment">Vragen? Bel de consultant.</p>{% endblock %}',
        "index.html": '{% extends "klantwaarde/index.html" %}{% block content %}'
                      '<p class="themed-overview">Opgesteld door Adviesbureau Y</p>{{ super() }}{% endblock %}',
        "theme.css": ".site-header { background: #600; }\n",
        "logo.svg": LOGO,
        "assets/fonts/huisstijl.txt": "fonts for the client",
    })
    result = build(small_project)
    assert result.exit_code == 0, result.output
    site = small_project / "out"

    a = page(site, f"customers/{slug_a}.html")
    assert a.select_one("p.vip").get_text() == "Sleutelklant: Alfa & Zn. <BV>"
    assert a.h1.get_text() == "Alfa & Zn. <BV>"  # the packaged page is still all there
    b = page(site, f"customers/{slug_b}.html")
    assert b.select_one("p.vip") is None and b.h1.get_text() == "Bravo"
    for segment in ("exit", "fix", "top", "rest"):
        assert page(site, f"segments/{segment}.html").select_one("p.themed-segment") is not None
    overview = page(site, "index.html")
    assert overview.select_one("p.themed-overview").get_text() == "Opgesteld door Adviesbureau Y"

    for path in ("index.html", f"customers/{slug_b}.html", "policy.html"):
        p = page(site, path)
        sheets = [link["href"] for link in p.find_all("link", rel="stylesheet")]
        assert sheets[-1].endswith("assets/theme.css") and sheets[0].endswith("assets/style.css"), sheets
        logo = p.select_one(".brand img")
        assert logo["src"].endswith("assets/logo.svg") and logo["alt"] == ""
        assert p.select_one(".brand").get_text(strip=True) == "Testbedrijf"
    assert (site / "assets/theme.css").read_text() == ".site-header { background: #600; }\n"
    assert (site / "assets/logo.svg").read_text() == LOGO
    assert (site / "assets/fonts/huisstijl.txt").is_file()
    # the package is untouched
    assert {p: p.read_bytes() for p in Path(templates_dir()).rglob("*") if p.is_file()} == packaged


def test_a_theme_can_replace_a_packaged_asset_and_a_partial(small_project):
    with_theme(small_project, {
        "assets/style.css": "body { font-family: serif; }\n",
        "_macros.html": (Path(templates_dir()) / "_macros.html").read_text(encoding="utf-8").replace(
            '<figure class="chart-figure">', '<figure class="chart-figure themed-chart">'),
    })
    result = build(small_project)
    assert result.exit_code == 0, result.output
    site = small_project / "out"
    assert (site / "assets/style.css").read_text() == "body { font-family: serif; }\n"
    assert page(site, "index.html").select("figure.themed-chart")
    assert not (site / "assets/theme.css").exists()
    assert page(site, "index.html").select_one(".brand img") is None


def test_without_theme_the_site_has_no_theme_files(small_project):
    assert build(small_project).exit_code == 0
    site = small_project / "out"
    assert not (site / "assets/theme.css").exists() and not (site / "assets/logo.svg").exists()
    assert [l["href"] for l in page(site, "index.html").find_all("link", rel="stylesheet")] == [
        "assets/style.css", "assets/segments.css"]


def test_missing_theme_folder_is_an_input_error(small_project):
    config = small_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: nergens\n", encoding="utf-8")
    result = build(small_project)
    assert result.exit_code == 2
    assert "theme folder 'nergens' not found" in result.stderr
    assert not (small_project / "out").exists()


def test_broken_theme_template_names_the_file_and_line(small_project):
    with_theme(small_project, {"actions.html": '{% extends "klantwaarde/actions.html" %}\n\n{% block content %}'
                                               '{{ oops( }}{% endblock %}'})
    result = build(small_project)
    assert result.exit_code == 2, result.output
    assert "klant-x/actions.html:3:" in result.stderr

    (small_project / "klant-x" / "actions.html").write_text(
        '{% extends "klantwaarde/actions.html" %}\n{% block content %}\n{{ no_such_thing.attribute }}'
        '{% endblock %}', encoding="utf-8")
    result = build(small_project)
    assert result.exit_code == 2, result.output
    assert "klant-x/actions.html:3:" in result.stderr and "no_such_thing" in result.stderr


def test_png_logo_is_shown_too(small_project):
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4bb0000000049454e44ae426082")
    theme = with_theme(small_project, {})
    (theme / "logo.png").write_bytes(png)
    assert build(small_project).exit_code == 0
    site = small_project / "out"
    assert hashlib.sha1((site / "assets/logo.png").read_bytes()).digest() == hashlib.sha1(png).digest()
    assert page(site, "customers/index.html").select_one(".brand img")["src"] == "../assets/logo.png"


THEMED_CUSTOMER = """{% extends "klantwaarde/customer.html" %}{% block content %}{{ super() }}
<div id="own">
<ul class="own-headline">{% for h in headline %}<li>{{ h.label }}|{{ h.value }}</li>{% endfor %}</ul>
<ul class="own-scores">{% for s in scores %}{% for comp in s.components %}<li>{{ s.name }}|{{ comp.name }}|{{ comp.weight }}|{{ comp.normalised }}|{{ comp.share }}</li>{% endfor %}{% endfor %}</ul>
<ul class="own-months">{% if monthly %}{% for m in monthly.rows %}<li>{{ m.revenue }}|{{ m.revenue_prev }}</li>{% endfor %}{% endif %}</ul>
<ul class="own-services">{% for s in services %}<li>{{ s.name }}|{{ s.usage }}|{{ s.cost }}|{{ s.entitled }}</li>{% endfor %}</ul>
<ul class="own-timeline">{% for e in timeline %}<li>{{ e.type }}|{{ e.date }}</li>{% endfor %}</ul>
<ul class="own-trace">{% for r in trace %}<li>{{ r.seg.id }}|{{ r.state }}|{{ r.chosen }}</li>{% endfor %}</ul>
<ul class="own-measures">{% for g in groups %}{% for m in g.measures %}<li>{{ m.label }}|{{ m.missing }}</li>{% endfor %}{% endfor %}</ul>
</div>{% endblock %}"""


def _value(text: str):
    """A value as the theme wrote it: Python's str of a number, a bool or None; other text as it is."""
    if text in ("None", "True", "False"):
        return {"None": None, "True": True, "False": False}[text]
    try:
        return float(text)
    except ValueError:
        return text


def _known(value):
    return None if pd.isna(value) else float(value)


def test_a_theme_can_lay_out_the_customer_page_from_its_data(sample_project):
    """The packaged page's long parts are HTML made in Python (generator/render/fragments.py); a
    theme gets the same parts as data: the Report's values, as the packaged page shows them."""
    with_theme(sample_project, {"customer.html": THEMED_CUSTOMER})
    report = pipeline.build(sample_project / "config.yaml", sample_project / "out").report
    frame, policy, catalogue = report.customers, report.policy, report.policy.catalogue
    fmt = Formatter(report.lang, report.config.currency, nbsp=True)
    months = pd.date_range(pd.Timestamp(report.window_start).to_period("M").to_timestamp(),
                           pd.Timestamp(report.as_of).to_period("M").to_timestamp(), freq="MS")[-12:]
    monthly = report.monthly.assign(customer_id=report.monthly["customer_id"].astype(str))
    monthly = monthly.groupby(["customer_id", "month"])["revenue"].sum()
    events = pd.concat([report.interactions.assign(type="contact"), report.purchases.assign(type="purchase")])
    events = events.assign(customer_id=events["customer_id"].astype(str))
    services = {s.name.get(report.lang): s.id for s in policy.services}
    by_label = {m.label(report.lang): m.name for m in catalogue.measures}
    # p_alive's label names the future-value model: "Kans nog actief (MBG/NBD)"
    by_label.update({f"{catalogue.by_name['p_alive'].label(report.lang)} ({model})": "p_alive"
                     for model in ("MBG/NBD", "Pareto/NBD", "eenvoudige methode")})
    checked = {"timeline": 0, "months": 0, "services": 0}
    for cid in list(frame.index)[:40]:
        c = frame.loc[cid]
        own = page(sample_project / "out", f"customers/{c['slug']}.html").select_one("#own")

        def listed(cls):
            return [[_value(v) for v in li.get_text().split("|")] for li in own.select(f"ul.{cls} li")]

        assert listed("own-headline") == [
            [catalogue.by_name[n].label(report.lang), fmt.measure(c[n], catalogue.by_name[n].kind)]
            for n in ("revenue_12m", "net_profit_12m", "cost_to_serve_12m", "expected_revenue_12m")
            if n in frame.columns]

        scores = listed("own-scores")
        expected = []
        for key in ("value", "burden", "future"):
            weights = getattr(policy.scores, key)
            known = {m: _known(c.get(f"{key}_score__{m}")) for m in weights}
            total = sum(w for m, w in weights.items() if known[m] is not None)
            expected += [[f"{key}_score", m, float(w), known[m], None if known[m] is None else w / total]
                         for m, w in weights.items()]
        assert [row[:4] for row in scores] == [row[:4] for row in expected]
        assert [row[4] for row in scores] == pytest.approx([row[4] for row in expected])

        months_shown = listed("own-months")
        if months_shown:
            assert [m[0] for m in months_shown] == [float(monthly.get((cid, m), 0.0)) for m in months]
            assert [m[1] for m in months_shown] == [float(monthly.get((cid, m - pd.DateOffset(years=1)), 0.0))
                                                   for m in months]

        shown_services = listed("own-services")
        assert shown_services == [
            [name, _known(c[f"usage_{sid}_12m"]), _known(c[f"cost_{sid}_12m"]), bool(c[f"entitled_{sid}"])]
            for name, sid in services.items() if f"usage_{sid}_12m" in frame.columns]

        timeline = listed("own-timeline")
        mine = events[events["customer_id"] == cid]
        assert len(timeline) == min(len(mine), TIMELINE_EVENTS)
        days = [str(d.date()) for d in pd.to_datetime(mine["date"])]
        assert all([e[0], e[1]] in [[t, d] for t, d in zip(mine["type"], days)] for e in timeline)
        assert [e[1] for e in timeline] == sorted((e[1] for e in timeline), reverse=True)  # newest first

        trace = listed("own-trace")
        chosen = [row[0] for row in trace if row[2]]
        assert chosen == [c["segment"]]
        for segment, state, _chosen in trace[:[row[0] for row in trace].index(c["segment"])]:
            rule = report.rules.at[cid, segment] if segment in report.rules.columns else pd.NA
            assert state == ("unknown" if pd.isna(rule) else "true" if rule else "false")
        assert all(state == "not-reached" for _segment, state, _chosen in
                   trace[[row[0] for row in trace].index(c["segment"]) + 1:])

        measures = listed("own-measures")
        assert measures and all(missing == bool(pd.isna(c[by_label[label]])) for label, missing in measures)
        checked["timeline"] += bool(timeline)
        checked["months"] += bool(months_shown)
        checked["services"] += bool(shown_services)
    assert all(checked.values()), checked  # the sample has every part on some page
