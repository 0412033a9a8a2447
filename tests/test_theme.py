"""A consultant's theme folder: templates (most specific first), CSS and logo per client, package untouched."""
from __future__ import annotations

import hashlib
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main
from generator.model.slugs import customer_slugs
from generator.resources import templates_dir

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
<ul class="own-scores">{% for s in scores %}{% for comp in s.components %}<li>{{ s.label }}|{{ comp.label }}|{{ comp.raw }}|{{ comp.normalised_text }}|{{ comp.weight_text }}|{{ comp.share_text }}</li>{% endfor %}{% endfor %}</ul>
<ul class="own-months">{% if monthly %}{% for m in monthly.rows %}<li>{{ m.label }}|{{ m.revenue|money }}|{{ m.revenue_prev|money }}</li>{% endfor %}{% endif %}</ul>
<ul class="own-services">{% for s in services %}<li>{{ s.name }}|{{ s.usage_text }}|{{ s.cost_text }}|{{ s.entitled_text }}</li>{% endfor %}</ul>
<ul class="own-timeline">{% for e in timeline %}<li>{{ e.date_text }}|{{ e.label }}|{{ e.detail }}</li>{% endfor %}</ul>
<ul class="own-trace">{% for r in trace %}<li>{{ r.position }}|{{ r.outcome }}|{% for v in r.parts %}{{ v.name }}={{ v.value }};{% endfor %}</li>{% endfor %}</ul>
<ul class="own-measures">{% for g in groups %}{% for m in g.measures %}<li>{{ g.label }}|{{ m.label }}|{{ m.value }}</li>{% endfor %}{% endfor %}</ul>
</div>{% endblock %}"""


def _cells(rows, *selectors):
    return ["|".join(r.select_one(s).get_text(strip=True) if s else "" for s in selectors) for r in rows]


def test_a_theme_can_lay_out_the_customer_page_from_its_data(sample_project):
    """The packaged page's long parts are HTML made in Python (generator/fragments.py); a theme
    gets the same parts as data, and laid out by the theme they say the same as the page."""
    with_theme(sample_project, {"customer.html": THEMED_CUSTOMER})
    result = build(sample_project)
    assert result.exit_code == 0, result.output
    pages = sorted((sample_project / "out" / "customers").glob("*.html"))
    pages = [p for p in pages if p.name != "index.html"]
    checked = {"timeline": 0, "months": 0, "services": 0}
    for path in pages[:40]:
        p = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        own = p.select_one("#own")

        def listed(cls):
            return [li.get_text() for li in own.select(f"ul.{cls} li")]

        assert listed("own-headline") == [f"{c.dt.get_text()}|{c.find_all('dd')[0].get_text()}"
                                          for c in p.select("dl.cards--headline .card")]
        shown = []
        for score in p.select(".scorecard__score"):
            label = score.h3.get_text()
            for row in score.select("tbody tr"):
                th = row.th.get_text().split(" (")[0]
                cells = [td.get_text() for td in row.find_all("td")]
                norm = row.select_one(".score__value")
                shown.append("|".join([label, th, cells[0], norm.get_text() if norm else "—", cells[2], cells[3]]))
        assert listed("own-scores") == shown
        months = [f"{r.th.get_text()}|{r.find_all('td')[0].get_text()}|{r.find_all('td')[1].get_text()}"
                  for r in p.select("section[aria-labelledby=monthly] tbody tr")]
        assert listed("own-months") == months
        services = [f"{r.th.get_text().split(' (')[0]}|{'|'.join(td.get_text() for td in r.find_all('td')[:3])}"
                    for r in p.select("section[aria-labelledby=cost] tbody tr")]
        assert listed("own-services") == services
        timeline = [f"{r.td.get_text()}|{r.th.get_text()}|{r.find_all('td')[1].get_text()}"
                    for r in p.select("table.timeline tbody tr")]
        assert listed("own-timeline") == timeline
        trace = [f"{r.td.get_text()}|{r.select_one('.outcome').get_text()}|"
                 + "".join(f"{li.code.get_text()}={li.span.get_text()};" for li in r.select("li"))
                 for r in p.select("table.trace tbody tr")]
        assert listed("own-trace") == trace
        measures = [f"{g.h3.get_text()}|{d.dt.get_text()}|{d.dd.get_text()}"
                    for g in p.select(".measure-group") for d in g.select("dl.measures > div")]
        assert listed("own-measures") == measures and measures
        checked["timeline"] += bool(timeline)
        checked["months"] += bool(months)
        checked["services"] += bool(services)
    assert all(checked.values()), checked  # the sample has every part on some page
