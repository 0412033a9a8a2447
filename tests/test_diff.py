"""`klantwaarde diff --policy OTHER.yaml`: what another policy would change, on the sample."""
from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT
from generator.render import explain
from generator.cli import main
from generator.pipeline import compute_report
from generator.inputs.policy import load_policy

# The other policy: champions from a value score of 55 instead of 65, and the
# framework agreement ('raamcontract') now includes rush orders.
CHANGES = [
    ('when: "value_score >= 65 and net_profit_12m > 0"', 'when: "value_score >= 55 and net_profit_12m > 0"'),
    ("entitlements: [standard_delivery, custom_work, support, complaint_handling, account_review]",
     "entitlements: [standard_delivery, rush_order, custom_work, support, complaint_handling, account_review]"),
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    shutil.copy(ROOT / "config.yaml", folder / "config.yaml")
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("__pycache__"))
    text = (folder / "content/policy.yaml").read_text(encoding="utf-8")
    for old, new in CHANGES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "content/policy-new.yaml").write_text(text, encoding="utf-8")
    return folder, compute_report(folder / "config.yaml")


def expected_moves(base):
    """Worked out from the configured policy's report: who the lower threshold makes a champion.

    Customers now in 'growth', 'silent' or 'core' failed every earlier rule, so they become
    champions exactly when the new champions rule holds for them."""
    f = base.customers
    moving = f["segment"].isin(["growth", "silent", "core"]) & (f["value_score"] >= 55) & (f["net_profit_12m"] > 0)
    return {cid: (f.at[cid, "segment"], "champions") for cid in f.index[moving]}


def expected_money(base, other_policy):
    """Entitled cost and leakage under the other policy, from the same usage."""
    f, within, beyond = base.customers, 0.0, 0.0
    for cid, segment, contract in zip(f.index, f["segment"], f["contract"]):
        segment = expected_moves(base).get(cid, (None, segment))[1]
        entitled = other_policy.entitlements(segment, None if contract != contract else contract)
        for s in other_policy.services:
            cost = f.at[cid, f"cost_{s.id}_12m"]
            within, beyond = (within + cost, beyond) if s.id in entitled else (within, beyond + cost)
    return within, beyond


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def money(value):
    return f"{'−' if value < 0 else ''}€ {abs(value):,.0f}".replace(",", ".")


def test_diff_shows_who_moves_and_what_it_costs(sample):
    folder, base = sample
    moves = expected_moves(base)
    assert 3 <= len(moves) < 40   # a real change, and one a consultant can discuss
    result = run("diff", "--policy", str(folder / "content/policy-new.yaml"), "--config", str(folder / "config.yaml"))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == f"Wat het andere beleid verandert (content/policy.yaml → {folder / 'content/policy-new.yaml'}), 250 klanten:"
    # the from/to table: the core row moves some customers to champions
    header = lines[3].split()
    core = lines[4 + [s.id for s in base.policy.segments].index("core")].split()
    cells = dict(zip(header, core[1:]))
    n_core = sum(1 for v in moves.values() if v[0] == "core")
    assert cells["champions"] == (str(n_core) if n_core else "·")
    assert int(cells["core"]) == int((base.customers["segment"] == "core").sum()) - n_core
    # the list of movers: id, name, from, to
    start = lines.index(f"Klanten die van segment wisselen: {len(moves)}")
    listed = [re.split(r"\s{2,}", l.strip()) for l in lines[start + 2:start + 2 + len(moves)]]
    assert [(r[0], r[1], r[2], r[3]) for r in listed] == [
        (cid, base.customers.at[cid, "name"], old, new) for cid, (old, new) in sorted(moves.items())]
    # entitled cost and leakage, before and after
    within, beyond = expected_money(base, load_policy(folder / "content/policy-new.yaml"))
    before_within, before_beyond = explain._entitled_and_leaked(base)
    assert before_beyond == pytest.approx(base.customers["leakage_12m"].sum())
    assert f"Kosten van service binnen de afspraak: {money(before_within)} → {money(within)}" in out
    assert f"Service buiten de afspraak: {money(before_beyond)} → {money(beyond)} (−{money(before_beyond - beyond)})" in out
    assert beyond < before_beyond   # rush orders under a framework agreement are no longer leakage


def test_the_same_policy_changes_nothing(sample):
    _folder, base = sample
    diff = explain.compare_reports(base, base)
    assert diff.moves == ()
    assert sum(diff.counts.values()) == 250
    assert all(a == b for (a, b) in diff.counts)
    text = explain.render_diff(diff)
    assert "Geen klant wisselt van segment." in text
    assert text.endswith("(±€ 0)\n")


def test_a_broken_other_policy_is_reported_with_its_own_file_before_any_data_is_read(small_project):
    other = small_project / "other.yaml"
    text = (small_project / "policy.yaml").read_text().replace('when: "value_score >= 70"', 'when: "value_scor >= 70"')
    other.write_text(text)
    (small_project / "transactions.csv").unlink()   # proof that no data was read
    result = run("diff", "--policy", str(other), "--config", str(small_project / "config.yaml"))
    assert result.exit_code == 2
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "value_scor >=" in l)
    column = text.splitlines()[line - 1].index("value_scor") + 1
    assert result.stderr.splitlines()[0] == (
        f"error: {other}:{line}:{column}: unknown measure 'value_scor' (did you mean 'value_score'?)")


def test_diff_needs_the_other_policy(small_project):
    result = run("diff", "--config", str(small_project / "config.yaml"))
    assert result.exit_code == 2
    assert "Missing option '--policy'" in result.stderr
