"""The policy file: what is accepted, and what a writer of policies is told when it is not."""
from __future__ import annotations

import re

import pytest

from generator.errors import InputError
from generator.policy import load_policy
from generator.recommendations import check_templates
from conftest import SMALL_POLICY, ROOT


def problems(tmp_path, text):
    p = tmp_path / "policy.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        policy = load_policy(p, "policy.yaml")
        check_templates(policy, "policy.yaml")
    return [str(x) for x in exc.value.problems]


def line_of(text, needle, nth=1):
    hits = [i for i, l in enumerate(text.splitlines(), 1) if needle in l]
    return hits[nth - 1]


def test_the_default_policy_is_valid():
    policy = load_policy(ROOT / "content/policy.yaml")
    check_templates(policy, "content/policy.yaml")
    assert [s.id for s in policy.segments] == ["part_ways", "fix", "silent", "champions", "growth", "core"]
    assert policy.segments[-1].when is None


def test_exit_rule_names_every_value_dimension_separately():
    policy = load_policy(ROOT / "content/policy.yaml")
    names = policy.segment_conditions["part_ways"].names
    assert {"net_profit_12m", "knowledge", "pleasure", "network", "prestige", "potential", "future_band"} <= names
    assert not names & {"value_score"}   # never a weighted mean that one high score could hide


def test_unknown_key_is_an_error_with_a_suggestion(tmp_path):
    text = SMALL_POLICY.replace("house_rules:", "house_rulez:")
    msgs = problems(tmp_path, text)
    assert msgs == [f"policy.yaml:{line_of(text, 'house_rulez')}:1: unknown key 'house_rulez' (did you mean 'house_rules'?)"]


def test_duplicate_ids_and_unknown_references_are_all_reported_at_once(tmp_path):
    text = SMALL_POLICY.replace("id: fix", "id: exit").replace("entitlements: [rush_order]", "entitlements: [rush_ordr]") \
        .replace("playbook: [thanks]", "playbook: [thankz]")
    msgs = problems(tmp_path, text)
    assert any("duplicate segment id 'exit'" in m for m in msgs)
    assert any("unknown service 'rush_ordr' (did you mean 'rush_order'?)" in m for m in msgs)
    assert any("unknown action 'thankz' (did you mean 'thanks'?)" in m for m in msgs)
    assert len(msgs) == 3


def test_last_segment_must_be_the_catch_all(tmp_path):
    text = SMALL_POLICY.replace("description: {nl: De rest, en: The rest}", "description: {nl: De rest, en: The rest}\n    when: \"revenue_12m > 0\"")
    msgs = problems(tmp_path, text)
    assert len(msgs) == 1 and "must have no 'when'" in msgs[0]


def test_segment_dependent_measure_cannot_choose_the_segment(tmp_path):
    text = SMALL_POLICY.replace('when: "net_profit_12m < 0"', 'when: "leakage_12m > 100"')
    msgs = problems(tmp_path, text)
    assert len(msgs) == 1
    assert "'leakage_12m' depends on the segment" in msgs[0]
    assert msgs[0].startswith(f"policy.yaml:{line_of(text, 'leakage_12m')}:")


def test_condition_error_points_at_the_column_in_the_file(tmp_path):
    text = SMALL_POLICY.replace('when: "net_profit_12m < 0"', 'when: "net_profit_12m < 0 and prestig <= 2"')
    msgs = problems(tmp_path, text)
    line = line_of(text, "prestig <=")
    col = text.splitlines()[line - 1].index("prestig <=") + 1
    assert msgs[0].startswith(f"policy.yaml:{line}:{col}: ")
    assert "did you mean 'prestige'" in msgs[0]


def test_unknown_template_variable(tmp_path):
    text = SMALL_POLICY.replace('"Bedank {{ name }}"', '"Bedank {{ naam }}"')
    msgs = problems(tmp_path, text)
    assert msgs == ["policy.yaml: actions 'thanks' text.nl: unknown template variable 'naam' (did you mean 'name'?)"]


def test_score_component_must_be_a_numeric_measure(tmp_path):
    text = SMALL_POLICY.replace("value: {margin_12m: 1}", "value: {margin_12: 1, sector: 1}")
    msgs = problems(tmp_path, text)
    assert any("'margin_12' cannot be a score component (did you mean 'margin_12m'?)" in m for m in msgs)
    assert any("'sector' cannot be a score component (it is a text measure)" in m for m in msgs)


def test_yaml_syntax_error_has_a_position(tmp_path):
    msgs = problems(tmp_path, "segments: [\n  - id: x\n")
    assert re.match(r"policy\.yaml:\d+:\d+: YAML syntax error", msgs[0])
