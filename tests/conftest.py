"""Shared fixtures: a hand-made five-customer company whose every number is known."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SMALL_POLICY = textwrap.dedent("""\
    version: 1
    services:
      - id: rush_order
        name: {nl: Spoedorder, en: Rush order}
        cost: 50
        usage: {table: transactions, where: "order_type == 'rush'"}
      - id: support
        name: {nl: Ondersteuning, en: Support}
        cost: 1
        unit: minute
        usage: {table: interactions, where: "kind == 'support'", sum: minutes}
    contracts:
      - id: basis
        name: {nl: Basis, en: Basic}
        entitlements: [support]
    house_rules: {payment_terms_days: 30, arrears_days: 30, silence_days: 90}
    scores:
      value: {margin_12m: 1}
      burden: {cost_to_serve_12m: 1}
      future: {potential: 1}
    segments:
      - id: exit
        name: {nl: Afscheid, en: Exit}
        description: {nl: Afscheid via de voordeur, en: Part ways}
        when: "net_profit_12m < 0 and prestige <= 2"
        playbook: [goodbye]
      - id: fix
        name: {nl: Repareren, en: Fix}
        description: {nl: Eerst repareren, en: Fix first}
        when: "net_profit_12m < 0"
        playbook: [talk]
      - id: top
        name: {nl: Top, en: Top}
        description: {nl: De beste, en: The best}
        when: "value_score >= 70"
        entitlements: [rush_order]
        playbook: [thanks]
      - id: rest
        name: {nl: Rest, en: Rest}
        description: {nl: De rest, en: The rest}
    actions:
      - id: goodbye
        title: {nl: Afscheid, en: Goodbye}
        text: {nl: "Afscheid van {{ name }}: {{ net_profit_12m | money }}", en: "Goodbye {{ name }}: {{ net_profit_12m | money }}"}
        letter: true
      - id: talk
        title: {nl: Gesprek, en: Talk}
        text: {nl: "Bespreek {{ cost_to_serve_12m | money }} kosten met {{ name }}", en: "Discuss {{ cost_to_serve_12m | money }} cost with {{ name }}"}
        priority: 1
      - id: thanks
        title: {nl: Bedankt, en: Thanks}
        text: {nl: "Bedank {{ name }}", en: "Thank {{ name }}"}
      - id: pay
        title: {nl: Betaling, en: Payment}
        text: {nl: "{{ name }}: {{ overdue_amount | money }} open", en: "{{ name }}: {{ overdue_amount | money }} overdue"}
        when: "late_payer"
        priority: 1
    kpis: [retention_rate, net_profit_12m, silent_customers]
""")

# Report date 2026-06-30: current window 2025-07-01..2026-06-30,
# previous window 2024-07-01..2025-06-30.
SMALL_TRANSACTIONS = """\
invoice_id;customer_id;date;amount;cost;order_type;due_date;paid_date
F1;A;01-03-2025;1000,00;600,00;standard;31-03-2025;31-03-2025
F2;A;01-09-2025;1000,00;600,00;standard;01-10-2025;01-10-2025
F3;A;01-03-2026;2000,00;1200,00;rush;31-03-2026;20-04-2026
F4;B;01-06-2026;500,00;450,00;rush;01-07-2026;
F5;C;15-01-2026;800,00;700,00;rush;14-02-2026;14-02-2026
F6;D;01-07-2024;300,00;100,00;standard;31-07-2024;31-07-2024
F7;E;01-12-2025;600,00;300,00;standard;31-12-2025;
F8;E;01-02-2026;-100,00;0,00;standard;03-03-2026;03-03-2026
F9;A;15-07-2026;999,00;1,00;standard;14-08-2026;
"""
SMALL_CUSTOMERS = """\
customer_id;name;account_manager;contract;sector;language
A;Alfa & Zn. <BV>;Sanne;basis;Retail;nl
B;Bravo;Sanne;basis;Retail;en
C;Charlie;Joost;;Zorg;nl
D;Delta;Joost;basis;Zorg;nl
E;Echo;Sanne;basis;Retail;nl
"""
SMALL_INTERACTIONS = """\
customer_id;date;kind;minutes
B;01-05-2026;support;120
C;01-02-2026;support;100
A;01-06-2026;meeting;30
"""
SMALL_ASSESSMENTS = """\
customer_id;date;knowledge;pleasure;network;prestige;potential
B;01-01-2026;1;1;1;1;1
A;01-01-2026;4;5;4;5;4
"""
SMALL_CONFIG = """\
title: Testbedrijf
as_of: 2026-06-30
policy: policy.yaml
output: site
data:
  transactions: transactions.csv
  customers: customers.csv
  interactions: interactions.csv
  assessments: assessments.csv
"""


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A project folder with five customers A–E (see the numbers in test_measures)."""
    files = {
        "config.yaml": SMALL_CONFIG,
        "policy.yaml": SMALL_POLICY,
        "transactions.csv": SMALL_TRANSACTIONS,
        "customers.csv": SMALL_CUSTOMERS,
        "interactions.csv": SMALL_INTERACTIONS,
        "assessments.csv": SMALL_ASSESSMENTS,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A copy of the embedded sample (config, policy, data) in a temporary folder."""
    target = tmp_path / "sample"
    target.mkdir()
    shutil.copy(ROOT / "config.yaml", target / "config.yaml")
    shutil.copytree(ROOT / "content", target / "content", ignore=shutil.ignore_patterns("__pycache__"))
    return target


# --------------------------------------------------------------------------- charts in built pages

def whole_spec(site: Path, page, target: str) -> dict:
    """Chart ``target`` of a parsed page of the built ``site`` folder: the page's data joined with
    the site's shared specs (assets/chart-specs.js), as charts.js hands it to vegaEmbed."""
    import json

    from generator.render.charts import full_spec, read_script

    shared = read_script((site / "assets" / "chart-specs.js").read_text(encoding="utf-8"))
    return full_spec(json.loads(page.select_one(f'script[data-target="{target}"]').string), shared)


def labelled(spec: dict) -> list[dict]:
    """The chart's rows with the fields its calculate transforms add (array lookups by index,
    and one choice on the period), as Vega computes them for the compact monthly rows."""
    import json
    import re

    calcs = [t for t in _walk_transforms(spec) if "calculate" in t]
    lookup = re.compile(r"^(\[.*?\])\[datum\.(\w+)\]$")
    choice = re.compile(r"^datum\.(\w+) == 0 \? (\[.*?\])\[datum\.(\w+)\] : (\[.*?\])\[datum\.(\w+)\]$")
    out = []
    for row in spec["datasets"]["rows"]:
        row = dict(row)
        for t in calcs:
            if m := lookup.match(t["calculate"]):
                row[t["as"]] = json.loads(m.group(1))[row[m.group(2)]]
            elif m := choice.match(t["calculate"]):
                arr = m.group(2) if row[m.group(1)] == 0 else m.group(4)
                row[t["as"]] = json.loads(arr)[row[m.group(3)]]
            else:
                raise AssertionError(f"unexpected expression {t['calculate']}")
        out.append(row)
    return out


def _walk_transforms(node):
    if isinstance(node, dict):
        for t in node.get("transform", []):
            yield t
        for key, value in node.items():
            if key not in ("transform", "datasets"):
                yield from _walk_transforms(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_transforms(item)


# --------------------------------------------------------------------------- an earlier report in the history

#: the sample's loss-makers: each would be parted with, but only after an earlier report advised a fix
SAMPLE_LOSS_MAKERS = ("K0097", "K9006", "K9010", "K9011")


def advise_fix(project: Path, as_of: str, customers, fix_segment: str = "fix") -> Path:
    """Record in ``project``'s history an earlier report dated ``as_of`` that put ``customers``
    in ``fix_segment`` (scores 50): what a real earlier build would have stored."""
    import datetime as dt

    import pandas as pd
    import yaml

    from generator.output import history

    config = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
    folder = project / config.get("history", ".klantwaarde/history")
    frame = pd.DataFrame({"segment": fix_segment, "value_score": 50.0, "burden_score": 50.0, "future_score": 50.0},
                         index=pd.Index(list(customers), name="customer_id"))
    return history.record(folder, dt.date.fromisoformat(as_of), frame)


@pytest.fixture(scope="module")
def sample_after_fix_advice(tmp_path_factory):
    """The sample's report after an earlier report (2026-03-31) that advised a fix for its
    loss-makers: only then may a customer reach the part-ways segment (fix first)."""
    from generator.pipeline import compute_report

    root = tmp_path_factory.mktemp("sample_fixed")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("__pycache__"))
    advise_fix(root, "2026-03-31", SAMPLE_LOSS_MAKERS)
    return compute_report(root / "config.yaml")
