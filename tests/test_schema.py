"""`klantwaarde schema`: the JSON Schema of the policy and the config, and the key reference."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import ROOT, SMALL_POLICY
from generator.cli import main
from generator.inputs.policy import key_reference, reference_markdown
from generator.inputs.yamlfile import parse_yaml


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def policy_schema():
    result = run("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(validator, data) -> list[tuple[str, str]]:
    """(path, message) of every schema error, in a stable order."""
    found = [("/".join(str(p) for p in e.absolute_path), e.message) for e in validator.iter_errors(data)]
    return sorted(found)


def sample_policy() -> dict:
    return parse_yaml((ROOT / "content/policy.yaml").read_text(encoding="utf-8"), "policy.yaml").data


def test_the_schema_validates_the_sample_policy_and_the_small_one(policy_schema):
    assert errors(policy_schema, sample_policy()) == []
    assert errors(policy_schema, parse_yaml(SMALL_POLICY, "policy.yaml").data) == []


def test_the_schema_rejects_a_broken_policy(policy_schema):
    policy = sample_policy()
    policy["house_rulez"] = policy.pop("house_rules")
    policy["services"][1]["cost"] = "vijftig"
    policy["services"][1]["usage"]["table"] = "transaction"
    policy["segments"][0]["id"] = "Part Ways"
    policy["segments"][1]["when"] = 3
    policy["scores"]["value"]["margin_12m"] = 0
    policy["kpis"] = ["retention_rate", "silent_customrs"]
    del policy["segments"][2]["name"]
    assert errors(policy_schema, policy) == [
        ("", "Additional properties are not allowed ('house_rulez' was unexpected)"),
        ("kpis/1", re.sub(r"\s+", " ", """'silent_customrs' is not one of ['retention_rate', 'revenue_retention',
            'customers_active', 'new_customers', 'churned_customers', 'revenue_12m', 'net_profit_12m',
            'cost_to_serve_12m', 'leakage_12m', 'silent_customers', 'late_payers', 'overdue_amount',
            'loss_making_customers']""")),
        ("scores/value/margin_12m", "0 is less than or equal to the minimum of 0"),
        ("segments/0/id", "'Part Ways' does not match '^[a-z0-9_-]+$'"),
        ("segments/1/when", "3 is not valid under any of the given schemas"),
        ("segments/2", "'name' is a required property"),
        ("services/1/cost", "'vijftig' is not of type 'number'"),
        ("services/1/usage/table", "'transaction' is not one of ['transactions', 'interactions']"),
    ]


def test_the_schema_carries_help_texts_in_both_languages(policy_schema):
    service = policy_schema.schema["$defs"]["Service"]["properties"]["cost"]
    assert service["description"] == "Internal cost of one unit, in the report's currency, excluding VAT."
    assert service["x-description-nl"] == "Interne kosten van één eenheid, in de valuta van het rapport, excl. btw."
    when = policy_schema.schema["$defs"]["Segment"]["properties"]["when"]
    assert when["x-kind"] == "condition"
    assert policy_schema.schema["title"] == "klantwaarde policy"


def test_config_schema_validates_the_sample_config_and_rejects_a_typo():
    result = run("schema", "config")
    assert result.exit_code == 0
    validator = Draft202012Validator(json.loads(result.stdout))
    config = parse_yaml((ROOT / "config.yaml").read_text(encoding="utf-8"), "config.yaml").data
    assert errors(validator, config) == []
    config["titel"] = config.pop("title")
    assert errors(validator, config) == [("", "Additional properties are not allowed ('titel' was unexpected)")]


def test_markdown_key_reference_is_the_one_in_the_policy_guide():
    result = run("schema", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == reference_markdown("en")
    guide = (ROOT / "docs/policy.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- keys:start.*?-->\n(.*?)<!-- keys:end -->", guide, re.S)
    assert block, "docs/policy.md must hold the generated key reference between keys:start and keys:end"
    assert block.group(1) == result.stdout, "regenerate it: klantwaarde schema --format markdown"


def test_key_reference_lists_every_key_with_its_default():
    keys = {k.key: k for k in key_reference("en")}
    assert keys["house_rules.silence_days"].default == "90"
    assert keys["house_rules.silence_days"].kind == "whole number (≥ 1)"
    assert keys["segments[].when"].kind == "condition"
    assert keys["services[].usage.table"].kind == "one of: transactions, interactions"
    assert keys["scores"].default == "required"
    assert keys["actions[].text"].kind == "text in nl and en (template)"
    dutch = {k.key: k for k in key_reference("nl")}
    assert dutch["house_rules.silence_days"].description == "Dagen zonder aankoop of contact waarna een klant stil is."
    assert list(keys) == list(dutch)


def test_markdown_reference_is_only_for_the_policy():
    result = run("schema", "config", "--format", "markdown")
    assert result.exit_code == 2
    assert "--format markdown is only for the policy" in result.stderr
