"""Real-looking exports, end to end through the CLI: what users bring, what they are told."""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main

POLICY = Path(__file__).resolve().parent.parent / "content" / "policy.yaml"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def project(tmp_path: Path, data: str, files: dict[str, tuple[str, str]]) -> Path:
    (tmp_path / "policy.yaml").write_text(POLICY.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "config.yaml").write_text(f"policy: policy.yaml\nas_of: 2026-06-30\ndata:\n{data}", encoding="utf-8")
    for name, (text, encoding) in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
    return tmp_path / "config.yaml"


MONTHLY = {
    "export/facturen-2026-04.csv": ("Klantnr;Datum;Bedrag\n00042;15-04-2026;€ 1.234,56\n00043;20-04-2026;€ 99,00\n", "cp1252"),
    "export/facturen-2026-05.csv": ("Klantnr;Datum;Bedrag\n00042;15-05-2026;€ -34,56\n", "cp1252"),
    "export/facturen-2026-06.csv": ("\ufeffKlantnr;Datum;Bedrag\n00044;01-06-2026;250\n", "utf-8"),
}
MONTHLY_DATA = """\
  transactions:
    path: export/facturen-*.csv
    columns: {customer_id: Klantnr, date: Datum, amount: Bedrag}
  customers:
    path: klanten.csv
    columns: {customer_id: Nummer, name: Naam}
"""
CUSTOMERS = ("Nummer;Naam\n00042;Café De Zwaan\n00043;Bakkerij Müller & Zn.\n00044;Été <Vof>\n", "cp1252")


def test_transactions_only_builds_the_complete_site(tmp_path):
    cfg = project(tmp_path, MONTHLY_DATA.split("  customers:")[0], MONTHLY)
    result = run("build", "--quiet", "--config", str(cfg), "--output", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    site = tmp_path / "site"
    for page in ("index.html", "customers/index.html", "actions.html", "policy.html", "methodology.html", "data-quality.html"):
        assert (site / page).is_file(), page
    assert len(list((site / "segments").glob("*.html"))) == 6
    assert len(list((site / "customers").glob("*.html"))) == 3 + 1
    # the data-quality page says what could not be computed, and why
    dq = BeautifulSoup((site / "data-quality.html").read_text(encoding="utf-8"), "html.parser").get_text(" ", strip=True)
    assert "margin_12m de tabel 'transactions' heeft geen kolom 'cost'" in dq     # in the page's language
    assert "knowledge geen tabel 'assessments'" in dq


def test_monthly_cp1252_exports_with_euro_signs_and_leading_zeros(tmp_path):
    cfg = project(tmp_path, MONTHLY_DATA, {**MONTHLY, "klanten.csv": CUSTOMERS})
    result = run("build", "--quiet", "--config", str(cfg), "--output", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    import pandas as pd
    scores = pd.read_csv(tmp_path / "site" / "scores.csv", dtype={"customer_id": str}).set_index("customer_id")
    assert scores.loc["00042", "revenue_total"] == 1200.0        # 1.234,56 − 34,56
    assert scores.loc["00043", "name"] == "Bakkerij Müller & Zn."
    assert scores.loc["00044", "revenue_total"] == 250.0
    page = (tmp_path / "site" / scores.loc["00044", "page"]).read_text(encoding="utf-8")
    assert "Été &lt;Vof&gt;" in page and "<Vof>" not in page
    assert "Café De Zwaan" in (tmp_path / "site" / scores.loc["00042", "page"]).read_text(encoding="utf-8")


def test_missing_column_is_exit_2_with_the_exact_message_and_keeps_the_site(tmp_path):
    cfg = project(tmp_path, MONTHLY_DATA, {**MONTHLY, "klanten.csv": CUSTOMERS})
    site = tmp_path / "site"
    assert run("build", "--quiet", "--config", str(cfg), "--output", str(site)).exit_code == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (tmp_path / "export/facturen-2026-05.csv").write_bytes("Klantnr;Datum;Bedragen\n00042;15-05-2026;1\n".encode("cp1252"))
    result = run("build", "--config", str(cfg), "--output", str(site))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == ("error: export/facturen-2026-05.csv:1: column 'Bedrag' (configured as amount of the "
                        "transactions table in config.yaml) not found; columns found: 'Klantnr', 'Datum', 'Bedragen' "
                        "(did you mean 'Bedragen'?)")
    assert lines[-1] == "klantwaarde: 1 problem in the input: nothing written"
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
