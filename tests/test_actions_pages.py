"""actions.html at scale: above Execution.actions_paged_above actions a summary per account manager, and each
manager's actions on pages of their own (actions/<slug>.html, actions/<slug>_2.html, …).

The small company of conftest has four actions: C talk (priority 1), E pay (1), A thanks (3) and
B goodbye (3). Here Joost is renamed to a name no file may carry as it is, and E has no account
manager; the threshold and page size are lowered so the five customers page like 100,000 would.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.execution import Execution
from generator.pipeline import build

TRICKY = "../Joost <b>CON</b>"
#: more than 2 actions are paged, 1 action per page
PAGED = Execution(actions_paged_above=2, actions_page_rows=1)


@pytest.fixture
def paged(small_project):
    """The small project with a tricky manager name and E unassigned, built with 1 action per page."""
    customers = small_project / "customers.csv"
    text = customers.read_text(encoding="utf-8").replace(";Joost;", f";{TRICKY};")
    customers.write_text(text.replace("E;Echo;Sanne;", "E;Echo;;"), encoding="utf-8")
    build(small_project / "config.yaml", small_project / "site", execution=PAGED)
    return small_project / "site"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def actions_csv(site: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "actions.csv").read_text(encoding="utf-8"))))


def manager_pages(site: Path) -> list[Path]:
    return sorted((site / "actions").glob("*.html"))


def resolve(page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, f"{page.name}: link leaves the site: {href}"
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
    return target, parts.fragment


def test_every_action_is_on_exactly_one_manager_page(paged):
    expected = Counter((row["page"], row["action_id"]) for row in actions_csv(paged))
    assert sum(expected.values()) == 4
    found = Counter()
    for page in manager_pages(paged):
        for row in soup(page).select("table.actions-table tbody tr"):
            href = row.find("th").find("a")["href"]
            assert href.startswith("../customers/")
            path, fragment = href.removeprefix("../").split("#")
            found[(path, fragment.removeprefix("action-"))] += 1
    assert found == expected
    # one action per page: Sanne (A, B) two pages, the renamed Joost (C) one, no manager (E) one
    assert len(manager_pages(paged)) == 4


def test_page_names_follow_the_slug_rule_and_names_are_escaped(paged):
    names = [p.name for p in manager_pages(paged)]
    assert all(re.fullmatch(r"[a-z0-9-]+(_[0-9]+)?\.html|_unassigned\.html", n) for n in names), names
    joost = [n for n in names if n.startswith("---joost--b-con--b-")]
    assert len(joost) == 1 and re.fullmatch(r"---joost--b-con--b--[0-9a-f]{6}\.html", joost[0])
    page = (paged / "actions" / joost[0]).read_text(encoding="utf-8")
    assert "<b>CON</b>" not in page and "&lt;b&gt;CON&lt;/b&gt;" in page
    assert soup(paged / "actions" / joost[0]).find("h1").get_text() == f"Acties van {TRICKY}"
    assert (paged / "actions" / "_unassigned.html").is_file()
    sanne = sorted(n for n in names if n.startswith("sanne-"))
    assert len(sanne) == 2 and sanne[1] == sanne[0].replace(".html", "_2.html")


def test_every_link_resolves_to_an_existing_file_and_anchor(paged):
    pages = [paged / "actions.html", *manager_pages(paged)]
    checked = 0
    for page in pages:
        for a in soup(page).find("main").find_all("a", href=True):
            target, fragment = resolve(page, a["href"])
            assert target.is_file(), f"{page.name}: {a['href']} does not exist"
            assert paged.resolve() in target.parents
            if fragment and target.suffix == ".html":
                assert soup(target).find(id=fragment) is not None, f"{page.name}: {a['href']} has no #{fragment}"
            checked += 1
    assert checked > 20


def test_the_summary_counts_per_priority_and_finds_priority_1(paged):
    page = soup(paged / "actions.html")
    assert not page.select("table.actions-table")                     # no action rows on the summary
    text = page.find("main").get_text(" ", strip=True)
    assert "Er zijn 4 acties" in text and "hoogstens 1 acties" in text
    assert page.find("a", href="actions.csv") is not None             # the complete list
    table = page.find("table", class_="actions-summary")
    heads = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
    assert heads == ["Accountmanagers", "1 Prioriteit 1", "3 Prioriteit 3", "Totaal", "Pagina's"]
    rows = {tr.find("th").get_text(strip=True): tr for tr in table.find("tbody").find_all("tr")}
    assert list(rows) == [TRICKY, "Sanne", "Geen accountmanager"]     # named by name, unassigned last
    cells = {name: [td.get_text(strip=True) for td in tr.find_all("td")] for name, tr in rows.items()}
    assert cells == {TRICKY: ["1", "0", "1", "1"], "Sanne": ["0", "2", "2", "2"],
                     "Geen accountmanager": ["1", "0", "1", "1"]}
    by_owner = Counter((r["owner"], r["priority"]) for r in actions_csv(paged))
    assert by_owner[(TRICKY, "1")] == 1 and by_owner[("Sanne", "3")] == 2 and by_owner[("", "1")] == 1
    assert [td.get_text(strip=True) for td in table.find("tfoot").find_all("td")] == ["2", "2", "4", ""]
    # each priority-1 count links to the section where that manager's priority 1 begins
    for name in (TRICKY, "Geen accountmanager"):
        link = rows[name].find_all("td")[0].find("a")
        target, fragment = resolve(paged / "actions.html", link["href"])
        assert fragment == "p1"
        section = soup(target).find(id="p1").find_parent("section")
        assert [b.get_text() for b in section.select("tbody .badge")] == ["1"]
    # a priority that begins on a later page links there: Sanne's priority 3 starts on page 1
    link = rows["Sanne"].find_all("td")[1].find("a")
    assert re.fullmatch(r"actions/sanne-[0-9a-f]{6}\.html#p3", link["href"])


def test_pager_links_and_headings_in_order(paged):
    first, second = sorted((paged / "actions").glob("sanne-*.html"))
    for page, previous, following, current in ((first, None, second.name, "1"), (second, first.name, None, "2")):
        html = soup(page)
        pagers = html.select("nav.pager")
        assert len(pagers) == 2                                       # above and below the table
        for nav in pagers:
            prev = nav.find("a", rel="prev")
            nxt = nav.find("a", rel="next")
            assert (prev["href"] if prev else None) == previous
            assert (nxt["href"] if nxt else None) == following
            assert nav.find(attrs={"aria-current": "page"}).get_text() == current
            numbered = [a["href"] for a in nav.select("ul a")]
            assert numbered == [p.name for p in (first, second) if p != page]
        assert html.find("title").get_text().startswith(f"Acties van Sanne · pagina {current} van 2")
        assert f"Pagina {current} van 2" in html.find(class_="lead").get_text()
    # page 2 continues priority 3 begun on page 1
    h2 = soup(second).find("h2", id="p3").get_text(" ", strip=True)
    assert h2 == "Prioriteit 3 (vervolg)"
    assert soup(first).find("h2", id="p3").get_text(" ", strip=True) == "Prioriteit 3"
    # a single page has no pager
    assert not soup(paged / "actions" / "_unassigned.html").select("nav.pager")

    for page in [paged / "actions.html", *manager_pages(paged)]:
        levels = [int(h.name[1]) for h in soup(page).find("main").find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1 and levels.count(1) == 1, page.name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (page.name, levels)


def test_paged_pages_in_english_and_deterministic(small_project):
    build(small_project / "config.yaml", small_project / "one", lang="en", execution=PAGED)
    build(small_project / "config.yaml", small_project / "two", lang="en", execution=PAGED)
    one = {p.relative_to(small_project / "one"): p.read_bytes() for p in (small_project / "one").rglob("*.html")}
    two = {p.relative_to(small_project / "two"): p.read_bytes() for p in (small_project / "two").rglob("*.html")}
    assert one == two
    sanne = sorted((small_project / "one" / "actions").glob("sanne-*.html"))
    assert len(sanne) == 3                                            # A, B and E
    html = soup(sanne[1])
    assert html.find("h1").get_text() == "Actions for Sanne"
    assert "Page 2 of 3: actions 2–2." in html.find(class_="lead").get_text()
    nav = html.select_one("nav.pager")
    assert nav.find("a", rel="prev")["href"] == sanne[0].name and nav.find("a", rel="next")["href"] == sanne[2].name
    summary = soup(small_project / "one" / "actions.html").find("main").get_text(" ", strip=True)
    assert "There are 4 actions: too many for one page." in summary and "actions.csv" in summary


def test_few_actions_keep_the_single_page(small_project):
    build(small_project / "config.yaml", small_project / "site")
    assert not (small_project / "site" / "actions").exists()
    page = soup(small_project / "site" / "actions.html")
    assert page.find("table", class_="actions-summary") is None
    assert len(page.select("table.actions-table tbody tr")) == 4


# --------------------------------------------------------------------------- the worklist's tools

def test_without_scripts_every_action_is_readable_and_the_tools_wait_for_the_script(small_project):
    build(small_project / "config.yaml", small_project / "site")
    page = soup(small_project / "site" / "actions.html")
    tools = page.find(id="worklist-tools")
    assert tools.has_attr("hidden")                                   # actions.js shows it
    assert tools["data-report"] == "Testbedrijf|2026-06-30"           # the key the ticks are kept under
    # the filters offer what the page holds: priorities 1 and 3, the segments of its customers in policy order
    assert [o["value"] for o in page.select("#filter-priority option")] == ["", "1", "3"]
    assert [o.get_text() for o in page.select("#filter-segment option")] == ["Alle", "Afscheid", "Repareren", "Top", "Rest"]
    rows = page.select("table.worklist tbody tr")
    assert len(rows) == 4
    assert all(td.has_attr("hidden") for td in page.select("table.worklist .done"))     # no ticks without a script
    by_key = {(tr["data-id"], tr["data-action"]): tr for tr in rows}
    assert set(by_key) == {("C", "talk"), ("E", "pay"), ("A", "thanks"), ("B", "goodbye")}
    pay = by_key[("E", "pay")]
    assert pay["data-priority"] == "1" and pay["data-segment"] == "rest" and pay["data-owner"] == "Sanne"
    assert pay.find("label").get_text().endswith(" bij Echo gedaan")      # each tick says which action it is
    # sortable headers are marked for the script; the page loads it
    assert [th["data-sort"] for th in page.select("table.worklist thead th[data-sort]")][:5] == \
        ["priority", "customer", "segment", "action", "impact"]
    assert page.find("script", src="assets/actions.js") is not None
    assert (small_project / "site" / "assets" / "actions.js").is_file()


def with_contacts(project: Path, privacy: str) -> None:
    customers = project / "customers.csv"
    lines = customers.read_text(encoding="utf-8").splitlines()
    extra = {"A": "Anna <Alfa>;030-1234567;anna@alfa.example", "E": ";;echo@example.org"}
    out = [lines[0] + ";contact_name;phone;email"] + \
        [line + ";" + extra.get(line.split(";")[0], ";;") for line in lines[1:]]
    customers.write_text("\n".join(out) + "\n", encoding="utf-8")
    (project / "config.yaml").write_text((project / "config.yaml").read_text(encoding="utf-8")
                                         + f"privacy: {privacy}\n", encoding="utf-8")


def contact_cells(site: Path) -> dict[str, str]:
    page = soup(site / "actions.html")
    heads = [th.get_text(strip=True) for th in page.select("table.worklist thead th")]
    if "Contact" not in heads:
        return {}
    column = heads.index("Contact")
    return {tr["data-id"]: tr.find_all(["td", "th"])[column].get_text("|", strip=True)
            for tr in page.select("table.worklist tbody tr")}


def test_contact_details_shown_only_when_privacy_allows_and_never_anonymised(small_project):
    with_contacts(small_project, "{contacts: true}")
    build(small_project / "config.yaml", small_project / "site")
    cells = contact_cells(small_project / "site")
    assert cells == {"A": "Anna <Alfa>|030-1234567|anna@alfa.example", "E": "echo@example.org", "B": "—", "C": "—"}
    assert "Anna &lt;Alfa&gt;" in (small_project / "site" / "actions.html").read_text(encoding="utf-8")
    build(small_project / "config.yaml", small_project / "anon", anonymise=True)
    assert contact_cells(small_project / "anon") == {}
    for path in (small_project / "anon").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "030-1234567" not in text and "alfa.example" not in text, path


def test_contact_details_stay_out_by_default(small_project):
    with_contacts(small_project, "{notes: false}")
    build(small_project / "config.yaml", small_project / "site")
    assert contact_cells(small_project / "site") == {}
    for path in (small_project / "site").rglob("*.html"):
        assert "030-1234567" not in path.read_text(encoding="utf-8"), path

