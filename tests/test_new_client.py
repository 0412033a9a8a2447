"""A new client (issue 16, point 2): ``klantwaarde init`` leaves the report date to the data, and a
build warns when the report date lies more than 31 days after the last transaction."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "content" / "policy.yaml"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_init_leaves_the_report_date_to_the_last_transaction(tmp_path):
    assert run("init", str(tmp_path / "client")).exit_code == 0
    config = (tmp_path / "client" / "config.yaml").read_text(encoding="utf-8")
    assert not re.search(r"(?m)^as_of:", config)
    assert "# as_of: 2026-06-30  # the report date; left out, it is the date of the last transaction in the data." \
        in config
    result = run("build", "--quiet", "--config", str(tmp_path / "client" / "config.yaml"))
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "client" / "site" / "report.json").read_text(encoding="utf-8"))
    # the sample's transactions run to 9 July 2026 (the sample's own config reports on 30 June)
    assert report["as_of"] == "2026-07-09"
    assert report["warnings"] == []


def test_the_sample_config_keeps_its_report_date():
    assert re.search(r"(?m)^as_of: 2026-06-30$", (ROOT / "config.yaml").read_text(encoding="utf-8"))


def project(tmp_path: Path, as_of: str | None, last: str = "2026-03-31") -> Path:
    (tmp_path / "tx.csv").write_text(f"customer_id;date;amount\nA;2026-01-05;100\nB;{last};200\n", encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(POLICY.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        (f"as_of: {as_of}\n" if as_of else "") + "policy: policy.yaml\ndata:\n  transactions: tx.csv\n",
        encoding="utf-8")
    return tmp_path / "config.yaml"


def test_a_report_date_months_after_the_data_is_a_warning_naming_both_dates(tmp_path):
    config = project(tmp_path, "2026-06-30")
    result = run("validate", "--config", str(config))
    assert result.exit_code == 0
    assert ("warning: config.yaml:1:8: 91 days without data: the report date 2026-06-30 is that long after the "
            "last transaction (2026-03-31), so customers look silent (leave as_of out of config.yaml to report on "
            "the last transaction date, or set it to at most 31 days after it)") in result.stderr.replace(
        f"{tmp_path}/", "")
    strict = run("build", "--strict", "--quiet", "--config", str(config))
    assert strict.exit_code == 3 and "91 days without data" in strict.stderr
    assert run("build", "--quiet", "--config", str(config)).exit_code == 0
    page = BeautifulSoup((tmp_path / "site" / "data-quality.html").read_text(encoding="utf-8"), "html.parser")
    shown = [li.get_text() for li in page.select("ul.warnings li")]
    assert shown == ["config.yaml:1:8: 91 dagen zonder gegevens: de rapportdatum 2026-06-30 ligt zo lang na de "
                     "laatste transactie (2026-03-31), dus lijken klanten stil (laat as_of weg uit config.yaml om te "
                     "rapporteren op de datum van de laatste transactie, of zet hem op hooguit 31 dagen daarna)"]


@pytest.mark.parametrize("as_of, warned", [(None, False), ("2026-03-31", False), ("2026-05-01", False),
                                           ("2026-05-02", True), ("2026-01-31", False)])
def test_up_to_31_days_after_the_last_transaction_is_no_warning(tmp_path, as_of, warned):
    result = run("validate", "--config", str(project(tmp_path, as_of)))
    assert result.exit_code == 0
    assert ("days without data" in result.stderr) is warned
    if warned:
        assert "32 days without data" in result.stderr


def test_one_day_without_data_is_singular(tmp_path):
    from generator.text.messages import Message, text

    message = Message("warning.stale_report_date", as_of="2026-04-01", last="2026-03-31",
                      days=Message("count.days", n=1))
    assert text(message, "nl").startswith("1 dag zonder gegevens")
    assert text(message, "en").startswith("1 day without data")


def test_the_readme_gives_the_full_init_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Using your own data"):]
    section = section[:section.index("\n## ", 5)]
    assert '.venv/bin/klantwaarde" init' in section or ".venv/bin/klantwaarde init" in section
    assert "\nklantwaarde init" not in section
