"""``build --pdf``: a PDF per customer and one for the report, with vector charts, the same bytes every time."""
from __future__ import annotations

import dataclasses
import io
import sys

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.render import pdf as pdf_module
from generator.cli import main
from generator.execution import Execution
from generator.pipeline import build
from generator.render.site import render_site
from test_site_build import make_project


def texts(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def images(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("pdf"))
    result = CliRunner().invoke(main, ["build", "--quiet", "--pdf", "--config", str(project / "config.yaml"),
                                       "--output", str(project / "site")])
    assert result.exit_code == 0, result.output
    return project, project / "site"


def test_pdf_per_customer_and_one_for_the_report(pdf_build):
    _, site = pdf_build
    import pandas as pd

    scores = pd.read_csv(site / "scores.csv", dtype=str, keep_default_na=False)
    made = sorted(p.name for p in (site / "pdf").iterdir())
    expected = sorted([p.split("/")[1].replace(".html", ".pdf") for p in scores["page"]] + ["report.pdf"])
    assert made == expected
    for row in scores.itertuples():
        data = (site / "pdf" / row.page.split("/")[1].replace(".html", ".pdf")).read_bytes()
        assert data.startswith(b"%PDF-")
        body = texts(data)
        assert row.name in body and f"Klantnummer {row.customer_id}" in body
        assert images(data) == 0  # charts are vector drawings, not pictures
        reader = PdfReader(io.BytesIO(data))
        assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4 portrait
        assert reader.pages[0].mediabox.height == pytest.approx(841.9, abs=1)


def test_customer_pdf_carries_its_chart_as_text_and_lines_not_the_navigation(pdf_build):
    _, site = pdf_build
    import pandas as pd

    page = pd.read_csv(site / "scores.csv", dtype=str).set_index("customer_id").loc["A", "page"]
    body = texts((site / "pdf" / page.split("/")[1].replace(".html", ".pdf")).read_bytes())
    # the monthly chart's legend and axis are real text in the PDF (SVG drawn as vectors)
    assert "Afgelopen 12 maanden" in body and "Jaar ervoor" in body and "€ 1.500" in body
    assert "Datakwaliteit" not in body.split("Alfa & Zn. <BV>")[1][:200]  # no site navigation
    assert "Alfa & Zn. <BV>" in body and "Kosten van service" in body and "Contactmomenten" in body


def test_report_pdf_has_overview_segments_policy_methodology_and_data_quality(pdf_build):
    _, site = pdf_build
    data = (site / "pdf/report.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data))
    body = texts(data)
    for heading in ("De cijfers in het kort", "Waarde tegenover last", "Walviscurve", "Afscheid", "Repareren",
                    "Beleid", "Methode", "Datakwaliteit"):
        assert heading in body, heading
    assert images(data) == 0
    assert reader.metadata.title == "Testbedrijf"
    assert "/CreationDate" not in reader.metadata  # no wall clock without SOURCE_DATE_EPOCH
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "Testbedrijf" and len(reader.pages) > 5
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()  # page numbers run through


def test_pdfs_are_byte_identical_between_builds_and_with_worker_processes(pdf_build, tmp_path):
    project, site = pdf_build
    again = build(project / "config.yaml", tmp_path / "again", pdf=True)
    first = {p.name: p.read_bytes() for p in (site / "pdf").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "again" / "pdf").iterdir()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # the same bytes from a pool of spawned workers
    files = render_site(again.report)
    pooled = pdf_module.render_pdfs(again.report, files, Execution(pdf_pool_from=1, max_workers=2))
    assert {k.split("/")[1]: v for k, v in pooled.items()} == first


def test_pdf_dates_come_only_from_source_date_epoch(pdf_build):
    project, _ = pdf_build
    from generator.pipeline import compute_report

    from generator.model.consistency import consistency

    report = compute_report(project / "config.yaml")
    first = report.customers.iloc[:1]
    one = dataclasses.replace(report, customers=first, consistency=consistency(first, report.policy, report.lang),
                              generated="2026-07-01 10:00 UTC")
    out = pdf_module.render_pdfs(one, render_site(one))
    meta = PdfReader(io.BytesIO(out["pdf/report.pdf"])).metadata
    assert meta["/CreationDate"].startswith("D:20260701100000") and meta["/ModDate"] == meta["/CreationDate"]


def test_without_the_pdf_extra_the_build_says_how_to_install_it(small_project, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    monkeypatch.delitem(sys.modules, "generator.render.pdf")
    result = CliRunner().invoke(main, ["build", "--pdf", "--config", str(small_project / "config.yaml"),
                                       "--output", str(small_project / "out")])
    assert result.exit_code == 2
    assert "pip install 'klantwaarde[pdf]'" in result.stderr
    assert not (small_project / "out").exists()
