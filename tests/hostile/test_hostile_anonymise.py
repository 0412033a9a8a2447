"""``--anonymise`` means anonymous: real names and ids in notes and texts in any spelling (issue 17)."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.errors import Problem
from generator.model.anonymise import Pseudonyms

import pandas as pd

PLANTED = ("Customer Bakkerij de Vries, K0042-b, info@k0042.nl, BAKKERIJ  DE  VRIES, bakkerij\tde vries, "
           "Sanne Jansen called - ask k0042 about it")


def test_notes_with_names_in_any_spelling_leave_no_trace(small_project):
    (small_project / "customers.csv").write_text(
        "customer_id;name;account_manager;contract;sector;language\n"
        "K0042;Bakkerij de Vries;Sanne Jansen;basis;Retail;nl\nB;Bravo;Sanne Jansen;basis;Retail;en\n",
        encoding="utf-8")
    tx = (small_project / "transactions.csv").read_text(encoding="utf-8").replace(";A;", ";K0042;")
    (small_project / "transactions.csv").write_text(tx, encoding="utf-8")
    (small_project / "interactions.csv").write_text(
        "customer_id;date;kind;minutes;note\n"
        f"K0042;01-05-2026;support;12;{PLANTED}\nB;01-02-2026;support;10;{PLANTED}\n", encoding="utf-8")
    config = small_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  interactions: interactions.csv",
        "  interactions:\n    path: interactions.csv\n    columns: {customer_id: customer_id, date: date, kind: kind, "
        "minutes: minutes, note: note}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--quiet", "--anonymise", "--zip", "--config", str(config),
                                       "--output", str(small_project / "site")])
    assert result.exit_code == 0, result.output
    leaks = re.compile(r"k0042|vries|sanne|jansen", re.IGNORECASE)
    files = [p for p in (small_project / "site").rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert not leaks.search(text), (path, leaks.search(text).group(0))
    assert not leaks.search(result.output)


def test_scrubbing_ignores_case_spacing_and_what_follows():
    customers = pd.DataFrame({"name": ["Bakkerij de Vries"], "account_manager": ["Sanne Jansen"]},
                             index=pd.Index(["K0042"], name="customer_id"))
    names = Pseudonyms.for_customers(customers, "nl")
    scrubbed = names.text(PLANTED)
    assert not re.search(r"k0042|vries|sanne|jansen", scrubbed, re.IGNORECASE), scrubbed
    assert "anon-0001-b" in scrubbed and "info@anon-0001.nl" in scrubbed and "Klant 0001" in scrubbed
    problem = names.problem(Problem("data.csv", "K0042-x is BAKKERIJ DE VRIES"))
    assert "K0042" not in problem.message.upper() and "VRIES" not in str(problem.message).upper()
