"""Large bases stay useful (issue 18, point 6): ``pages:`` in config.yaml chooses which customers get
a page of their own, the customer index's data comes in parts when it is large, and a large
segment lists its customers over pages. Thresholds are set small through Execution so the
250-customer sample behaves like a million customers would."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main
from generator.execution import Execution
from generator.inputs.config import load_config
from generator.output import incremental
from generator.pipeline import build

FIX_ONLY = "pages: \"segment == 'fix'\"\n"


def _with_pages(project: Path, line: str) -> Path:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("output: site\n", "output: site\n" + line, 1), encoding="utf-8")
    return config


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _broken_links(site: Path) -> list[str]:
    """Every relative href/src of every page that points at no file of the site."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or ref.startswith(("#", "data:", "mailto:", "tel:")) or urlsplit(ref).scheme:
                continue
            target = (page.parent / unquote(urlsplit(ref).path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {ref}")
    return broken


def _chart_links(site: Path) -> list[tuple[Path, str]]:
    """The click-through links of every chart (Vega ``h`` fields) with the page they are on."""
    out = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for spec in soup.select("script.chart-spec"):
            for h in re.findall(r'"h":\s*("(?:[^"\\]|\\.)*"|null)', spec.string or ""):
                out.append((page, json.loads(h)))
    return out


def _index_data(site: Path) -> tuple[dict, list[list]]:
    """customers/index-data.js as data, and every row of it and of its parts, in order."""
    def load(path: Path, prefix: str) -> object:
        text = path.read_text(encoding="utf-8")
        start = text.index(prefix) + len(prefix)
        return json.loads(text[start:text.rindex(";")])
    data = load(site / "customers" / "index-data.js", "window.klantwaardeCustomers = ")
    rows = list(data["rows"])
    for name in data.get("parts", []):
        rows += load(site / "customers" / name, f"window.klantwaardeCustomerParts[{json.dumps(name)}] = ")
    return data, rows


def _xlsx_targets(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [t for name in z.namelist() if name.endswith(".rels") and "/worksheets/" in name
                for t in re.findall(r'Target="([^"]*)"', z.read(name).decode("utf-8"))]


@pytest.fixture(scope="module")
def fix_only(tmp_path_factory):
    """The sample with pages only for the 'fix' segment, segments over pages of 10 and the index in
    parts of 40 rows; the customer pages on the worker pool (as a large build makes them)."""
    import shutil

    from tests.conftest import ROOT

    project = tmp_path_factory.mktemp("pages") / "sample"
    project.mkdir()
    shutil.copy(ROOT / "config.yaml", project / "config.yaml")
    shutil.copytree(ROOT / "content", project / "content", ignore=shutil.ignore_patterns("__pycache__"))
    _with_pages(project, FIX_ONLY)
    build(project / "config.yaml", execution=Execution(segment_page_rows=10, index_part_rows=40, pool_from=10))
    return project / "site"


def test_only_the_chosen_customers_have_a_page(fix_only):
    scores = _rows(fix_only / "scores.csv")
    fix = {r["page"] for r in scores if r["segment"] == "fix"}
    assert fix and "" not in fix
    assert all(r["page"] == "" for r in scores if r["segment"] != "fix")
    made = {f"customers/{p.name}" for p in (fix_only / "customers").glob("*.html") if p.name != "index.html"}
    assert made == fix
    actions = _rows(fix_only / "actions.csv")
    assert {r["page"] for r in actions} - {""} <= fix
    assert any(r["page"] == "" for r in actions)  # actions of customers without a page are still listed
    index = BeautifulSoup((fix_only / "customers" / "index.html").read_text(encoding="utf-8"), "html.parser")
    note = index.find(id="customer-pages").get_text()
    assert f"{len(fix)} van de {len(scores)} klanten" in note


def test_no_link_points_at_a_missing_page(fix_only):
    assert _broken_links(fix_only) == []
    links = _chart_links(fix_only)
    assert any(h is None for _, h in links) and any(h for _, h in links)
    assert all((page.parent / h).is_file() for page, h in links if h is not None)
    for workbook in ("scores.xlsx", "actions.xlsx"):
        targets = _xlsx_targets(fix_only / workbook)
        assert targets and all((fix_only / t).is_file() for t in targets), workbook
    data, rows = _index_data(fix_only)
    slug = data["fields"].index("slug")
    assert all((fix_only / "customers" / f"{r[slug]}.html").is_file() for r in rows if r[slug] is not None)
    assert sum(r[slug] is not None for r in rows) == sum(1 for _ in (fix_only / "customers").glob("*.html")) - 1


def test_a_large_index_comes_in_parts(fix_only, sample_project):
    data, rows = _index_data(fix_only)
    assert len(data["rows"]) == 40 and data["total"] == 250
    assert data["parts"] == [f"index-data-{n}.js" for n in range(2, 8)]
    build(sample_project / "config.yaml")
    whole, whole_rows = _index_data(sample_project / "site")
    assert "parts" not in whole and "total" not in whole
    slug = data["fields"].index("slug")
    assert [r[:slug] + r[slug + 1:] for r in rows] == [r[:slug] + r[slug + 1:] for r in whole_rows]


def test_a_large_segment_is_listed_over_pages(fix_only):
    scores = _rows(fix_only / "scores.csv")
    for seg in sorted({r["segment"] for r in scores}):
        count = sum(r["segment"] == seg for r in scores)
        pages = [fix_only / "segments" / (f"{seg}.html" if n == 1 else f"{seg}_{n}.html")
                 for n in range(1, -(-count // 10) + 1)]
        assert all(p.is_file() for p in pages)
        assert not (fix_only / "segments" / f"{seg}_{len(pages) + 1}.html").exists()
        listed = []
        for p in pages:
            soup = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            table = soup.select_one("section[aria-labelledby=members] table")
            listed += [th.get_text(strip=True) for th in table.select("tbody th")]
            if len(pages) > 1:
                assert soup.select("nav.pager--links")
        assert len(listed) == count
        names = {r["name"] for r in scores if r["segment"] == seg}
        assert set(listed) == names
    first = BeautifulSoup((fix_only / "segments" / "core.html").read_text(encoding="utf-8"), "html.parser")
    second = BeautifulSoup((fix_only / "segments" / "core_2.html").read_text(encoding="utf-8"), "html.parser")
    assert first.find(id="condition") and not second.find(id="condition")
    assert second.select_one("a[rel=prev]")["href"] == "core.html"


def test_a_wrong_pages_condition_names_its_line(sample_project):
    config = _with_pages(sample_project, "pages: \"segmnt == 'fix'\"\n")
    line = config.read_text(encoding="utf-8").splitlines().index("pages: \"segmnt == 'fix'\"") + 1
    result = CliRunner().invoke(main, ["build", "--config", str(config)], catch_exceptions=False)
    assert result.exit_code == 2
    assert f"config.yaml:{line}" in result.stderr and "segmnt" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (sample_project / "site").exists()


def test_pages_is_part_of_the_fingerprint(sample_project):
    options = dict(output=sample_project / "site", lang=None, anonymise=False, pdf=False, make_zip=False)
    before = incremental.fingerprint(load_config(sample_project / "config.yaml"), **options)
    _with_pages(sample_project, FIX_ONLY)
    after = incremental.fingerprint(load_config(sample_project / "config.yaml"), **options)
    assert before and after and before != after


def test_a_chosen_customer_id_and_the_sampled_chart(small_project, monkeypatch):
    """customer_id in the condition; the value × burden chart's sampled dots (a large base) with
    customers without a page among them."""
    from generator.render.site import quadrant

    monkeypatch.setattr(quadrant, "QUADRANT_DOTS", 1)
    monkeypatch.setattr(quadrant, "QUADRANT_SAMPLE", 2)
    monkeypatch.setattr(quadrant, "SEGMENT_SAMPLE_MIN", 1)
    _with_pages(small_project, "pages: \"customer_id in ['A', 'C']\"\n")
    build(small_project / "config.yaml")
    site = small_project / "site"
    made = sorted(f"customers/{p.name}" for p in (site / "customers").glob("*.html") if p.name != "index.html")
    pages = {r["customer_id"]: r["page"] for r in _rows(site / "scores.csv")}
    assert made == sorted([pages["A"], pages["C"]]) and sum(p == "" for p in pages.values()) == len(pages) - 2
    assert _broken_links(site) == []
    assert all((page.parent / h).is_file() for page, h in _chart_links(site) if h is not None)
