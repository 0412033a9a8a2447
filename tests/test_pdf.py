"""``build --pdf``: one PDF for the report and, with ``--pdf-customers``, one per chosen customer, with
vector charts, the same bytes every time; the count on stderr; what killed builds left is removed."""
from __future__ import annotations

import dataclasses
import io
import re
import os
import sys

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from pypdf import PdfReader

from generator.render import pdf as pdf_module
from generator.cli import main
from generator.execution import Execution
from generator.output import writer
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
    result = CliRunner().invoke(main, ["build", "--pdf-customers", "all", "--config", str(project / "config.yaml"),
                                       "--output", str(project / "site")])
    assert result.exit_code == 0, result.output
    return project, project / "site", result.stderr


def pdf_names(site) -> list[str]:
    return sorted(p.name for p in (site / "pdf").iterdir())


def customer_pdf(site, customer_id: str) -> str:
    import pandas as pd

    page = pd.read_csv(site / "scores.csv", dtype=str).set_index("customer_id").loc[customer_id, "page"]
    return page.split("/")[1].replace(".html", ".pdf")


def test_pdf_per_customer_and_one_for_the_report(pdf_build):
    _, site, _ = pdf_build
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
    _, site, _ = pdf_build
    import pandas as pd

    page = pd.read_csv(site / "scores.csv", dtype=str).set_index("customer_id").loc["A", "page"]
    body = texts((site / "pdf" / page.split("/")[1].replace(".html", ".pdf")).read_bytes())
    # the monthly chart's legend and axis are real text in the PDF (SVG drawn as vectors)
    assert "Afgelopen 12 maanden" in body and "Jaar ervoor" in body and "€ 1.500" in body
    assert "Datakwaliteit" not in body.split("Alfa & Zn. <BV>")[1][:200]  # no site navigation
    assert "Alfa & Zn. <BV>" in body and "Kosten van service" in body and "Contactmomenten" in body


def test_report_pdf_has_overview_segments_policy_methodology_and_data_quality(pdf_build):
    _, site, _ = pdf_build
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
    project, site, _ = pdf_build
    again = build(project / "config.yaml", tmp_path / "again", pdf_customers="all")
    first = {p.name: p.read_bytes() for p in (site / "pdf").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "again" / "pdf").iterdir()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # the same bytes from a pool of spawned workers
    files = render_site(again.report)
    seen = []
    pooled = pdf_module.render_pdfs(again.report, files, Execution(pdf_pool_from=1, max_workers=2),
                                    again.report.customers["slug"], lambda done, total: seen.append((done, total)))
    assert {k.split("/")[1]: v for k, v in pooled.items()} == first
    assert seen[0] == (0, 6) and seen[-1] == (6, 6) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_pdf_dates_come_only_from_source_date_epoch(pdf_build):
    project, _, _ = pdf_build
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
    assert "pip install '.[pdf]'" in result.stderr and "klantwaarde[pdf]" not in result.stderr
    assert not (small_project / "out").exists()


def test_the_count_of_pdfs_goes_to_stderr_a_line_per_tenth_without_a_terminal(pdf_build):
    _, _, stderr = pdf_build
    counts = [line for line in stderr.splitlines() if re.fullmatch(r"klantwaarde: PDFs \d+/\d+", line)]
    assert counts == [f"klantwaarde: PDFs {n}/6" for n in range(7)]  # 6 PDFs: each is more than a tenth
    assert "klantwaarde: PDFs in " in stderr and "report.pdf and 5 customers" in stderr


def test_customer_pdf_shows_each_score_once_with_its_table_beside_it(pdf_build):
    _, site, _ = pdf_build
    reader = PdfReader(site / "pdf" / customer_pdf(site, "A"))
    body = texts((site / "pdf" / customer_pdf(site, "A")).read_bytes())
    # a score's heading once: the tables' captions (for screen readers on the site) are not printed;
    # the printed text names each score as often as the page shows it (the rule trace names them too)
    page = BeautifulSoup((site / next(site.glob("customers/a*.html")).relative_to(site)).read_text(encoding="utf-8"),
                         "html.parser")
    for caption in page.select("caption, .visually-hidden, .sr-only"):
        caption.decompose()
    shown = page.get_text(" ")
    for score in ("Lastscore", "Waardescore", "Toekomstscore"):
        assert body.count(score) == shown.count(score), score
    assert "(gestegen)" not in body and "(gedaald)" not in body
    # the value score's table starts on the page of its heading, beside the score (no empty box)
    first = reader.pages[0].extract_text()
    assert "Waardescore" in first and "Onderdeel" in first and "Gewicht" in first


def run_build(project, *options):
    return CliRunner().invoke(main, ["build", "--config", str(project / "config.yaml"),
                                     "--output", str(project / "site"), *options])


def test_pdf_alone_is_the_report_and_pdf_customers_chooses_by_condition(small_project):
    result = run_build(small_project, "--pdf")
    assert result.exit_code == 0, result.output
    site = small_project / "site"
    assert pdf_names(site) == ["report.pdf"]
    assert "klantwaarde: PDFs 1/1" in result.stderr and "report.pdf and 0 customers" in result.stderr
    assert len(PdfReader(site / "pdf/report.pdf").pages) > 5

    result = run_build(small_project, "--pdf-customers", "customer_id in ['A', 'C']")
    assert result.exit_code == 0, result.output
    assert pdf_names(site) == sorted(["report.pdf", customer_pdf(site, "A"), customer_pdf(site, "C")])
    assert "Klantnummer C" in texts((site / "pdf" / customer_pdf(site, "C")).read_bytes())

    import pandas as pd

    scores = pd.read_csv(site / "scores.csv", dtype=str, keep_default_na=False).set_index("customer_id")
    segment = scores.loc["A", "segment"]
    result = run_build(small_project, "--quiet", "--pdf-customers", f"segment == '{segment}' or revenue_12m > 1_000_000_000")
    assert result.exit_code == 0 and "PDFs" not in result.stderr  # --quiet: no count (only the data's warning)
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["warning"]
    assert pdf_names(site) == sorted(["report.pdf", *(customer_pdf(site, c) for c in scores.index
                                                        if scores.loc[c, "segment"] == segment)])

    result = run_build(small_project, "--pdf-customers", "revenue_12m > 1_000_000_000")
    assert result.exit_code == 0 and pdf_names(site) == ["report.pdf"]
    assert "report.pdf and 0 customers (no customer matches --pdf-customers)" in result.stderr


@pytest.mark.parametrize("condition, said", [
    ("segmnt == 'fix'", "unknown measure 'segmnt' at character 1 of \"segmnt == 'fix'\" (did you mean 'segment'?)"),
    ("segment = 'fix'", "'=' is not allowed here at character 9 of \"segment = 'fix'\" (use '==' to compare)"),
    ("revenue_12m", "condition must be true/false, but it is a number at character 1 of \"revenue_12m\""),
])
def test_a_wrong_pdf_customers_condition_is_exit_2_naming_the_option(small_project, condition, said):
    result = run_build(small_project, "--pdf-customers", condition)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --pdf-customers: ") and said in result.stderr
    assert "Traceback" not in result.output and not (small_project / "site").exists()


def test_the_next_build_removes_what_a_killed_build_left_but_not_a_running_builds_folder(small_project):
    site = small_project / "site"
    assert run_build(small_project, "--quiet").exit_code == 0
    killed = small_project / ".site.new-killed"          # a killed build: its lock file, nobody holding it
    (killed / "pdf").mkdir(parents=True)
    (killed / "pdf" / "k.pdf").write_bytes(b"%PDF-" + b"0" * 1000)
    (killed / writer.LOCK).write_bytes(b"")
    older = small_project / ".site.new-older"            # an older version's: no lock file, an hour old
    older.mkdir()
    os.utime(older, (older.stat().st_atime - 3600, older.stat().st_mtime - 3600))
    swapped = small_project / ".site.old-swapped"        # a swap killed before it removed the old site
    (swapped / "customers").mkdir(parents=True)
    running = writer.Staging(site)                       # another build, still writing
    running["index.html"] = b"<p>half</p>"
    try:
        result = run_build(small_project, "--quiet", "--pdf")
        assert result.exit_code == 0, result.output
        left = sorted(p.name for p in small_project.iterdir() if p.name.startswith(".site."))
        assert left == [running.folder.name]
        assert (site / "pdf/report.pdf").exists() and not (site / writer.LOCK).exists()
    finally:
        running.discard()
    assert not running.folder.exists()
    assert sorted(p.name for p in small_project.iterdir() if p.name.startswith(".site.")) == []
