"""Coded columns and the client's own codes (issue 16, point 1): ``values:`` in config.yaml maps
them, validate and the data-quality page list them, an unknown code is a warning.

The acceptance case is a hand-made Dutch export (tests/data/nl_export: 20 customers, codes
normaal/spoed/maatwerk, telefoon/ondersteuning/klacht/bezoek/e-mail, contracts
Raamovereenkomst/…): mapped, it gives exactly the cost to serve of the same data written with the
canonical codes; unmapped, validate lists the unknown codes and --strict fails.
"""
from __future__ import annotations

import re
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main
from generator.errors import InputError
from generator.inputs.codes import BUILT_IN, vocabularies
from generator.inputs.config import load_config
from generator.inputs.policy import load_policy
from generator.inputs.sources import read_tables
from generator.model.measures import MEETING_KINDS, REFERRAL_KIND
from generator.pipeline import compute_report, load_inputs

ROOT = Path(__file__).resolve().parents[1]
EXPORT = Path(__file__).parent / "data" / "nl_export"
POLICY = ROOT / "content" / "policy.yaml"

#: the client's codes -> the policy's, as tests/data/nl_export/config.yaml maps them
ORDER_TYPES = {"normaal": "standard", "spoed": "rush", "maatwerk": "custom"}
KINDS = {"telefoon": "call", "ondersteuning": "support", "klacht": "complaint", "bezoek": "visit", "e-mail": "email"}
CONTRACTS = {"Raamovereenkomst": "raamcontract", "Standaardvoorwaarden": "standaard", "Vooruitbetaald": "prepaid"}


def export(tmp_path: Path, name: str = "dutch") -> Path:
    """The Dutch export with the sample's policy, in a folder of its own."""
    folder = tmp_path / name
    shutil.copytree(EXPORT, folder)
    shutil.copy(POLICY, folder / "policy.yaml")
    return folder


def without_values(folder: Path) -> None:
    """config.yaml without its values: mappings (the export as a new user first tries it)."""
    text = (folder / "config.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n    values:\n      [^\n]*", "", text)
    assert "values" not in text.replace("values:.", "")
    (folder / "config.yaml").write_text(text, encoding="utf-8")


def recode(path: Path, column: int, mapping: dict[str, str]) -> None:
    """Rewrite one ';'-separated column of a CSV with ``mapping`` (the header stays)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        fields = line.split(";")
        fields[column] = mapping.get(fields[column], fields[column])
        out.append(";".join(fields))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def canonical(tmp_path: Path) -> Path:
    """The same data written with the policy's own codes, and no values: in config.yaml."""
    folder = export(tmp_path, "canonical")
    without_values(folder)
    recode(folder / "transacties.csv", 3, ORDER_TYPES)
    recode(folder / "contactmomenten.csv", 2, KINDS)
    recode(folder / "klanten.csv", 4, CONTRACTS)
    return folder


def run(args: list[str], folder: Path):
    return CliRunner().invoke(main, [*args, "--config", str(folder / "config.yaml")], catch_exceptions=False)


# --- the acceptance case ------------------------------------------------------------------------


def test_mapped_codes_give_the_same_cost_to_serve_as_canonical_codes(tmp_path):
    dutch = compute_report(export(tmp_path) / "config.yaml")
    plain = compute_report(canonical(tmp_path) / "config.yaml")
    cost = dutch.customers["cost_to_serve_12m"]
    assert len(cost) == 20
    assert cost.equals(plain.customers["cost_to_serve_12m"])
    assert (cost > 0).sum() >= 15                  # rush orders, complaints and visits are counted
    assert dutch.customers["contract"].equals(plain.customers["contract"])
    assert set(dutch.customers["contract"].dropna()) <= {"raamcontract", "standaard", "prepaid"}
    assert not dutch.warnings and not plain.warnings


def test_one_customers_cost_to_serve_counted_by_hand(tmp_path):
    """K0109's cost to serve from the files, by the policy's rates, in the 12 months to the report date."""
    folder = export(tmp_path)
    report = compute_report(folder / "config.yaml")
    start = date(report.as_of.year - 1, report.as_of.month, report.as_of.day)   # the window is (start, as_of]

    def rows(name: str) -> list[list[str]]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()[1:]
        return [line.split(";") for line in lines]

    def day(text: str) -> date:
        return date(int(text[6:]), int(text[3:5]), int(text[:2]))

    orders = [r[3] for r in rows("transacties.csv") if r[1] == "K0109" and start < day(r[2]) <= report.as_of]
    contacts = [(r[2], int(r[3])) for r in rows("contactmomenten.csv")
                if r[0] == "K0109" and start < day(r[1]) <= report.as_of]
    rate = {"normaal": 9, "spoed": 85, "maatwerk": 140}
    expected = (sum(rate[o] for o in orders) + sum(60 for k, _ in contacts if k == "klacht")
                + sum(220 for k, _ in contacts if k == "bezoek")
                + sum(1.2 * m for k, m in contacts if k == "ondersteuning"))
    assert {"spoed", "normaal"} <= set(orders) and {"ondersteuning", "bezoek"} <= {k for k, _ in contacts}
    assert report.customers.loc["K0109", "cost_to_serve_12m"] == pytest.approx(expected, abs=1e-9)


def test_without_the_mapping_validate_lists_the_unknown_codes_and_strict_fails(tmp_path):
    folder = export(tmp_path)
    without_values(folder)
    result = run(["validate"], folder)
    assert result.exit_code == 0
    out = result.stderr
    assert "codes: transactions.order_type: normaal 106, spoed 39, maatwerk 15" in out
    assert "  unknown: spoed — map it under data: transactions: values: {order_type: {spoed: ...}}" in out
    assert "  in the policy, never in the data: standard, rush, custom" in out
    assert "  unknown: klacht" in out and "  unknown: bezoek" in out and "  unknown: ondersteuning" in out
    assert "  unknown: telefoon" in out
    assert "  unknown: Raamovereenkomst" in out
    assert "  in the policy, never in the data: raamcontract, standaard, prepaid" in out
    # one warning per file and unknown code, naming file, line and column
    assert re.search(r"warning: transacties\.csv:\d+: column 'Ordersoort': 39 rows with order_type 'spoed', "
                     r"a code neither klantwaarde nor the policy knows", out)
    build = run(["build", "--strict", "--quiet"], folder)
    assert build.exit_code == 3
    assert "order_type 'spoed'" in build.stderr
    assert not (folder / "site").exists()


def test_with_the_mapping_validate_lists_the_codes_as_the_policys(tmp_path):
    result = run(["validate"], export(tmp_path))
    assert result.exit_code == 0, result.stderr
    out = result.stderr
    assert "codes: transactions.order_type: standard 106, rush 39, custom 15" in out
    assert "unknown" not in out
    assert "0 warning(s)" in out


def test_the_data_quality_page_lists_codes_found_unknown_and_never_used(tmp_path):
    folder = export(tmp_path)
    without_values(folder)
    assert run(["build", "--quiet"], folder).exit_code == 0
    page = BeautifulSoup((folder / "site" / "data-quality.html").read_text(encoding="utf-8"), "html.parser")
    table = page.find("table", id="codes-transactions-order_type")
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert rows == [["normaal", "106", "onbekend"], ["spoed", "39", "onbekend"], ["maatwerk", "15", "onbekend"],
                    ["standard", "0", "in het beleid, nooit in de gegevens"],
                    ["rush", "0", "in het beleid, nooit in de gegevens"],
                    ["custom", "0", "in het beleid, nooit in de gegevens"]]
    kinds = page.find("table", id="codes-interactions-kind")
    statuses = {tr.th.get_text(strip=True): tr.find_all("td")[1].get_text(strip=True)
                for tr in kinds.tbody.find_all("tr")}
    assert statuses["klacht"] == "onbekend"
    assert statuses["complaint"] == "in het beleid, nooit in de gegevens"
    warnings = page.find("ul", class_="warnings").get_text(" ", strip=True)
    assert "order_type 'spoed'" in warnings and "een code die klantwaarde noch het beleid kent" in warnings


def test_the_data_quality_page_marks_the_policys_codes(tmp_path):
    folder = export(tmp_path)
    assert run(["build", "--quiet"], folder).exit_code == 0
    page = BeautifulSoup((folder / "site" / "data-quality.html").read_text(encoding="utf-8"), "html.parser")
    kinds = page.find("table", id="codes-interactions-kind")
    statuses = {tr.th.get_text(strip=True): tr.find_all("td")[1].get_text(strip=True)
                for tr in kinds.tbody.find_all("tr")}
    assert statuses == {"call": "bekend bij klantwaarde", "support": "gebruikt door het beleid",
                        "complaint": "gebruikt door het beleid", "visit": "gebruikt door het beleid",
                        "email": "bekend bij klantwaarde",
                        "review": "in het beleid, nooit in de gegevens"}


# --- smaller cases ------------------------------------------------------------------------------


def small(tmp_path: Path, values: str, policy_text: str | None = None, rows: str | None = None) -> Path:
    (tmp_path / "tx.csv").write_text("id;date;amount;type\n" + (rows or "A;2026-01-05;10\nB;2026-01-06;20\n"),
                                     encoding="utf-8")
    shutil.copy(POLICY, tmp_path / "policy.yaml")
    if policy_text is not None:
        (tmp_path / "policy.yaml").write_text(policy_text, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(textwrap.dedent(f"""\
        policy: policy.yaml
        data:
          transactions:
            path: tx.csv
            columns: {{customer_id: id, order_type: type}}
        """) + textwrap.indent(textwrap.dedent(values), "    "), encoding="utf-8")
    return tmp_path / "config.yaml"


def problems(config: Path) -> list[str]:
    """The problems as the CLI prints them, the config's folder left off (CliRunner runs elsewhere)."""
    with pytest.raises(InputError) as caught:
        load_inputs(config)
    return [str(p).replace(f"{config.parent}/", "") for p in caught.value.problems]


def test_a_mapping_of_an_unknown_column_names_the_key_and_line(tmp_path):
    config = small(tmp_path, "values: {ordertype: {spoed: rush}}\n")
    assert problems(config) == ["config.yaml:6:14: 'ordertype' is not a column of the transactions table "
                                "(did you mean 'order_type'?)"]


def test_a_mapping_of_a_column_without_codes_names_the_coded_ones(tmp_path):
    config = small(tmp_path, "values: {invoice_id: {x: y}}\n")
    assert problems(config) == ["config.yaml:6:14: 'invoice_id' of the transactions table holds no codes to map "
                                "(coded columns of the transactions table: order_type)"]


def test_a_code_yaml_reads_as_a_number_or_yes_no_must_be_quoted(tmp_path):
    config = small(tmp_path, "values:\n  order_type: {1: rush, no: standard, '2': custom}\n")
    assert problems(config) == [
        "config.yaml:7:20: the code 1 to map is not text (YAML reads 1 as int) (quote it, e.g. '1': rush or "
        "'no': out)",
        "config.yaml:7:29: the code False to map is not text (YAML reads False as bool) (quote it, e.g. '1': rush "
        "or 'no': out)"]


def test_a_target_that_is_no_known_code_is_an_error_with_a_did_you_mean(tmp_path):
    config = small(tmp_path, "values:\n  order_type:\n    spoed: rushh\n    maatwerk: maatwerk\n")
    assert problems(config) == [
        "config.yaml:8:16: 'spoed' maps to 'rushh', which is not a order_type klantwaarde or the policy knows "
        "(did you mean 'rush'? known: standard, rush, custom)",
        "config.yaml:9:19: 'maatwerk' maps to 'maatwerk', which is not a order_type klantwaarde or the policy "
        "knows (known: standard, rush, custom)"]


def test_their_codes_match_in_any_case_and_the_rest_stay_as_read(tmp_path):
    config = small(tmp_path, "values: {order_type: {Spoed: rush}}\n",
                   rows="A;2026-01-05;10;SPOED\nB;2026-01-06;20;spoed \nC;2026-01-07;5;standard\nD;2026-01-08;5;\n")
    c, policy = load_inputs(config)
    tables = read_tables(c, policy)
    assert tables.transactions["order_type"].tolist()[:3] == ["rush", "rush", "standard"]
    assert tables.transactions["order_type"].isna().tolist() == [False, False, False, True]
    assert not tables.warnings


def test_an_unknown_code_close_to_a_known_one_gets_a_did_you_mean(tmp_path):
    config = small(tmp_path, "", rows="A;2026-01-05;10;rsuh\nB;2026-01-06;20;standard\n")
    c, policy = load_inputs(config)
    tables = read_tables(c, policy)
    assert [str(w) for w in tables.warnings] == [
        "tx.csv:2: column 'type': 1 row with order_type 'rsuh', a code neither klantwaarde nor the policy knows: "
        "kept, but it counts for nothing (first: 'A') (did you mean 'rush'? Map it in config.yaml: "
        "data: transactions: values: {order_type: {rsuh: rush}})"]
    codes = tables.quality["transactions"].codes[0]
    assert codes.found == (("rsuh", 1), ("standard", 1))
    assert codes.unknown == (("rsuh", "rush"),)
    assert codes.never == ("rush", "custom")


def test_every_column_a_where_compares_with_a_text_is_a_coded_column(tmp_path):
    policy = POLICY.read_text(encoding="utf-8").replace(
        "usage: {table: transactions, where: \"order_type == 'custom'\"}",
        "usage: {table: transactions, where: \"invoice_id in ['X1', 'X2'] or 'X3' == invoice_id\"}")
    config = small(tmp_path, "", policy_text=policy)
    vocab = vocabularies(load_policy(tmp_path / "policy.yaml"))
    assert vocab[("transactions", "invoice_id")].policy == ("X1", "X2", "X3")
    assert vocab[("transactions", "order_type")].policy == ("standard", "rush")
    assert vocab[("customers", "contract")].policy == ("raamcontract", "standaard", "prepaid")
    assert load_config(config).data["transactions"].values == {}


def test_the_built_in_interaction_kinds_are_those_the_measures_count():
    kinds = set(BUILT_IN["interactions"]["kind"])
    assert set(MEETING_KINDS) | {REFERRAL_KIND, "complaint", "incident", "support"} <= kinds


def test_the_readme_documents_every_coded_column_and_its_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Codes"):]
    section = section[:section.index("\n## ")]
    for table, columns in BUILT_IN.items():
        for column, codes in columns.items():
            assert f"`{column}`" in section
            for code in codes:
                assert f"`{code}`" in section, code
    assert "values:" in section


def test_directions_and_contracts_map_too(tmp_path):
    folder = export(tmp_path)
    lines = (folder / "contactmomenten.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ";Wie"] + [line + (";klant" if i % 2 else ";wij") for i, line in enumerate(lines[1:])]
    (folder / "contactmomenten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    klanten = (folder / "klanten.csv").read_text(encoding="utf-8").replace(";Raamovereenkomst", ";RAAMOVEREENKOMST")
    (folder / "klanten.csv").write_text(klanten, encoding="utf-8")
    config = (folder / "config.yaml").read_text(encoding="utf-8").replace(
        "minutes: Minuten}", "minutes: Minuten, direction: Wie}").replace(
        "      kind: {", "      direction: {klant: in, wij: out}\n      kind: {")
    (folder / "config.yaml").write_text(config, encoding="utf-8")
    c, policy = load_inputs(folder / "config.yaml")
    tables = read_tables(c, policy)
    assert tables.interactions["direction"].value_counts().to_dict() == {"out": 54, "in": 53}
    assert tables.customers["contract"].value_counts().to_dict() == {"raamcontract": 7, "standaard": 5, "prepaid": 4}
    assert not tables.warnings
    direction = next(x for x in tables.quality["interactions"].codes if x.column == "direction")
    assert direction.found == (("out", 54), ("in", 53)) and direction.unknown == ()
