"""The policy file: what is accepted, and what a writer of policies is told when it is not."""
from __future__ import annotations

import dataclasses
import re

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import InputError
from generator.inputs.policy import Text, load_policy
from generator.inputs.templates import check_templates
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
    assert [s.id for s in policy.segments] == ["part_ways", "fix", "champions", "growth", "silent", "core"]
    assert policy.segments[-1].when is None


def test_exit_rule_names_every_value_dimension_separately():
    policy = load_policy(ROOT / "content/policy.yaml")
    names = policy.segment_conditions["part_ways"].names
    assert {"net_profit_if_charged_12m", "knowledge", "pleasure", "network", "prestige", "potential",
            "future_band"} <= names
    assert "fix_first_met" in names      # fix first: the house rule is visible in the rule itself
    assert policy.house_rules.fix_first is True and policy.house_rules.fix_segment == "fix"
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


def test_net_profit_if_charged_chooses_a_segment_with_that_segments_entitlements(small_project):
    """June: B nets −120 (margin 50 − rush 50 − support 120; 'basis' includes support); C nets −50
    (margin 100 − rush 50 − support 100; no contract). Tried as 'exit' (no entitlements of its own)
    B's rush order is beyond its entitlement: −120 + 50 = −70, so B leaves; C's rush order and
    support are: −50 + 150 = +100, so C stays to be fixed — and as a 'fix' customer (no
    entitlements either) C's figure is the same +100."""
    from generator.pipeline import compute_report

    text = SMALL_POLICY.replace('when: "net_profit_12m < 0 and prestige <= 2"',
                                'when: "net_profit_if_charged_12m < 0 and prestige <= 2"')
    (small_project / "policy.yaml").write_text(text, encoding="utf-8")
    report = compute_report(small_project / "config.yaml")
    c = report.customers
    assert c.loc["B", "segment"] == "exit" and c.loc["C", "segment"] == "fix"
    assert c.loc["B", "net_profit_if_charged_12m"] == pytest.approx(-70)
    assert c.loc["C", "net_profit_if_charged_12m"] == pytest.approx(100)
    assert c.loc["A", "net_profit_if_charged_12m"] == pytest.approx(c.loc["A", "net_profit_12m"])   # no leakage
    assert bool(report.rules.loc["C", "exit"]) is False


def test_the_fix_segment_must_be_a_segment(tmp_path):
    text = SMALL_POLICY.replace("silence_days: 90}", "silence_days: 90, fix_segment: repair}")
    msgs = problems(tmp_path, text)
    column = text.splitlines()[line_of(text, "fix_segment") - 1].index("repair") + 1
    assert msgs == [f"policy.yaml:{line_of(text, 'fix_segment')}:{column}: the fix segment 'repair' is not a segment "
                    "of this policy (segments: exit, fix, top, rest)"]
    # unwritten, the default 'fix' is checked only when a rule uses the fix advice
    renamed = SMALL_POLICY.replace("id: fix\n", "id: mend\n")
    assert "id: mend" in renamed
    load_policy_text(tmp_path, renamed)
    used = renamed.replace('when: "net_profit_12m < 0 and prestige <= 2"',
                           'when: "net_profit_12m < 0 and fix_first_met and prestige <= 2"')
    msgs = problems(tmp_path, used)
    assert msgs == [f"policy.yaml:{line_of(used, 'house_rules')}:14: the fix segment 'fix' is not a segment of this "
                    "policy (house_rules.fix_segment defaults to 'fix') (segments: exit, mend, top, rest)"]


def load_policy_text(tmp_path, text):
    p = tmp_path / "policy.yaml"
    p.write_text(text, encoding="utf-8")
    return load_policy(p, "policy.yaml")


def test_condition_error_points_at_the_column_in_the_file(tmp_path):
    text = SMALL_POLICY.replace('when: "net_profit_12m < 0"', 'when: "net_profit_12m < 0 and prestig <= 2"')
    msgs = problems(tmp_path, text)
    line = line_of(text, "prestig <=")
    col = text.splitlines()[line - 1].index("prestig <=") + 1
    assert msgs[0].startswith(f"policy.yaml:{line}:{col}: ")
    assert "did you mean 'prestige'" in msgs[0]


def test_unknown_template_variable_points_at_the_name(tmp_path):
    text = SMALL_POLICY.replace('"Bedank {{ name }}"', '"Bedank {{ naam }}"')
    msgs = problems(tmp_path, text)
    line = line_of(text, "Bedank {{ naam }}")
    col = text.splitlines()[line - 1].index("naam") + 1
    assert msgs == [f"policy.yaml:{line}:{col}: action 'thanks' text.nl: unknown template variable 'naam' (did you mean 'name'?)"]


def test_score_component_must_be_a_numeric_measure(tmp_path):
    text = SMALL_POLICY.replace("value: {margin_12m: 1}", "value: {margin_12: 1, sector: 1}")
    msgs = problems(tmp_path, text)
    assert any("'margin_12' cannot be a score component (did you mean 'margin_12m'?)" in m for m in msgs)
    assert any("'sector' cannot be a score component (it is a text measure)" in m for m in msgs)


def test_yaml_syntax_error_has_a_position(tmp_path):
    msgs = problems(tmp_path, "segments: [\n  - id: x\n")
    assert re.match(r"policy\.yaml:\d+:\d+: YAML syntax error", msgs[0])


# ---------------------------------------------------------------- through the command line

def validate(project):
    """`klantwaarde validate` on a project folder: exit code and the error lines on stderr."""
    result = CliRunner().invoke(main, ["validate", "--config", str(project / "config.yaml")], catch_exceptions=False)
    return result.exit_code, [l for l in result.stderr.splitlines() if l.startswith("error: ")], result.stderr


def spot(text, needle, nth=1):
    """line:column of the first character of ``needle`` in the file text."""
    line = line_of(text, needle, nth)
    return f"{line}:{text.splitlines()[line - 1].index(needle) + 1}"


def write_policy(project, old, new):
    path = project / "policy.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


INTERNALS = "names starting with '__' reach for Python internals (use a measure name)"
ATTRIBUTE = "attribute access ('a.b') is not allowed (use a measure name on its own)"


@pytest.mark.parametrize("condition, at, message", [
    ("__import__('os').system('x')", "__import__", f"'__import__' is not allowed: {INTERNALS}"),
    ("().__class__", ".__class__", ATTRIBUTE),
    ("net_profit_12m.__class__ < 0", ".__class__", ATTRIBUTE),
    ("net_profit_12m < 0 or ''.__class__.__mro__ == 'x'", ".__class__", ATTRIBUTE),
    ("eval('1') > 0", "eval", "'eval' is an unknown function (allowed functions are abs, max, min)"),
    ("lambda: 1", ': 1"', "unexpected character ':'"),
    ("net_profit_12m < 0; import os", ";", "unexpected character ';'"),
])
def test_malicious_condition_is_a_policy_error_with_its_position(small_project, condition, at, message):
    text = write_policy(small_project, 'when: "net_profit_12m < 0"', f'when: "{condition}"')
    code, errors, stderr = validate(small_project)
    assert code == 2
    assert errors == [f"error: policy.yaml:{spot(text, at)}: {message}"]
    assert stderr.splitlines()[-1] == "klantwaarde: 1 problem in the input: nothing written"


RUN_NOT = "it was not run"


@pytest.mark.parametrize("template, at, message", [
    ("{{ ''.__class__.__mro__ }}", "__class__",
     f"unsafe template: '__class__' reaches for Python internals; {RUN_NOT} (use measure names and filters only)"),
    ("{{ cycler.__init__.__globals__ }}", "__init__",
     f"unsafe template: '__init__' reaches for Python internals; {RUN_NOT} (use measure names and filters only)"),
    ("{{ name|attr('__class__') }}", "__class__",
     f"unsafe template: '__class__' reaches for Python internals; {RUN_NOT} (use measure names and filters only)"),
    ("{{ name['__class__'] }}", "__class__",
     f"unsafe template: '__class__' reaches for Python internals; {RUN_NOT} (use measure names and filters only)"),
    ("{% import os %}", "import",
     f"unsafe template: '{{% import %}}' would load other templates; {RUN_NOT} "
     "(a text can use only measures, policy names and filters)"),
    ("{% include 'secrets.txt' %}", "include",
     f"unsafe template: '{{% include %}}' would load other templates; {RUN_NOT} "
     "(a text can use only measures, policy names and filters)"),
    ("{{ range(10) }}", "range",
     f"unsafe template: calling 'range' is not allowed; {RUN_NOT} (use a filter instead, e.g. {{{{ revenue_12m | money }}}})"),
    ("{{ 'x' * 1000000000 }}", "*", f"unsafe template: '*' could make a text too large; {RUN_NOT} (multiply numbers only)"),
    ("{{ 9 ** 9 ** 9 }}", "**", f"unsafe template: '**' could make a number too large; {RUN_NOT} (multiply numbers only)"),
    ("{{ name * 999999999 }}", "*", f"unsafe template: '*' could make a text too large; {RUN_NOT} (multiply numbers only)"),
    ("{{ name | center(999999999) }}", "center",
     f"unsafe template: 'center' may only use a fixed size up to 1000; {RUN_NOT}"),
    ("{% set k = '__cla' ~ 'ss__' %}{{ name[k] }}", "[k]",
     f"unsafe template: a computed key ('x[y]') is not allowed; {RUN_NOT} (write the key itself, e.g. partner.name)"),
    ("{{ name | mony }}", "mony", "unknown filter 'mony' (did you mean 'money'?)"),
    ("{{ name }", "Bedank {{ name }", "template error: unexpected '}' (check the {{ }} and {% %} pairs)"),
])
def test_template_injection_is_a_policy_error_with_its_position(small_project, template, at, message):
    text = write_policy(small_project, '"Bedank {{ name }}"', f'"Bedank {template}"')
    code, errors, _ = validate(small_project)
    assert code == 2
    assert errors == [f"error: policy.yaml:{spot(text, at)}: action 'thanks' text.nl: {message}"]


def test_the_sandbox_still_refuses_at_render_time_what_slipped_past_the_checks(small_project):
    """The last defence: a template that was never checked cannot run Python either."""
    from generator.pipeline import compute_report
    from generator.model.recommendations import recommend

    report = compute_report(small_project / "config.yaml")
    policy = report.policy
    bad = policy.actions[2].model_copy(update={"text": Text(nl="{{ name.__class__.__mro__ }}", en="x")})
    model = policy.model.model_copy(update={"actions": [*policy.actions[:2], bad, *policy.actions[3:]]})
    unchecked = dataclasses.replace(policy, model=model)
    with pytest.raises(InputError) as caught:
        recommend(report.customers, unchecked, "nl", "EUR")
    assert "tried something unsafe" in str(caught.value) and "not run" in str(caught.value)


def test_typos_wrong_types_and_unknown_keys_are_reported_at_once(small_project):
    text = write_policy(small_project, "cost: 50", "cost: vijftig")
    text = write_policy(small_project, "table: transactions", "table: transaction")
    text = write_policy(small_project, "  - id: top\n", "  - id: Top Klanten\n")
    text = write_policy(small_project, "playbook: [talk]", "playbook: [talk]\n    colour: '#ff0000'")
    text = write_policy(small_project, 'when: "value_score >= 70"', 'when: "value_scor >= 70"')
    text = write_policy(small_project, "entitlements: [rush_order]", "entitlements: [rush_ordr]")
    code, errors, stderr = validate(small_project)
    assert code == 2
    assert errors == [
        f"error: policy.yaml:{spot(text, 'vijftig')}: 'services.0.cost': Input should be a valid number, "
        "unable to parse string as a number (found 'vijftig')",
        f"error: policy.yaml:{spot(text, 'transaction, ')}: 'services.0.usage.table': expected one of transactions, "
        "interactions (found 'transaction') (did you mean 'transactions'?)",
        f"error: policy.yaml:{spot(text, 'colour')}: unknown key 'segments.1.colour' (did you mean 'color'?)",
        f"error: policy.yaml:{spot(text, 'Top Klanten')}: 'segments.2.id': an id may only hold lower-case letters, "
        "digits, '_' and '-' (found 'Top Klanten') (for example 'top-klanten')",
        f"error: policy.yaml:{spot(text, 'value_scor ')}: unknown measure 'value_scor' (did you mean 'value_score'?)",
        f"error: policy.yaml:{spot(text, 'rush_ordr')}: unknown service 'rush_ordr' (did you mean 'rush_order'?)",
    ]
    assert stderr.splitlines()[-1] == "klantwaarde: 6 problems in the input: nothing written"


def test_a_reference_to_an_entry_that_is_itself_broken_is_not_a_second_error(tmp_path):
    # the rush_order service is invalid (negative cost) but exists: the segment naming it is fine
    text = SMALL_POLICY.replace("cost: 50", "cost: -50")
    msgs = problems(tmp_path, text)
    assert msgs == [f"policy.yaml:{spot(text, '-50')}: 'services.0.cost': Input should be greater than or equal to 0 (found -50)"]


def test_missing_required_key_names_the_entry(tmp_path):
    text = SMALL_POLICY.replace("    description: {nl: Eerst repareren, en: Fix first}\n", "")
    msgs = problems(tmp_path, text)
    assert msgs == [f"policy.yaml:{spot(text, 'id: fix')}: 'segments.1.description': required key is missing"]


# ---------------------------------------------------------------- weights

def test_weights_must_be_positive_and_finite(tmp_path):
    text = SMALL_POLICY.replace("value: {margin_12m: 1}", "value: {margin_12m: 0, potential: .inf}")
    msgs = problems(tmp_path, text)
    assert msgs == [
        f"policy.yaml:{spot(text, '0, potential')}: 'scores.value.margin_12m': Input should be greater than 0 (found 0)",
        f"policy.yaml:{spot(text, '.inf')}: 'scores.value.potential': Input should be a finite number (found inf)",
    ]


def test_a_weight_too_small_to_count_is_an_error(tmp_path):
    # weights are relative: 200 and 1 give 99.5 % and 0.5 % — the 1 hardly changes any score
    text = SMALL_POLICY.replace("value: {margin_12m: 1}", "value: {margin_12m: 200, potential: 1}")
    msgs = problems(tmp_path, text)
    assert msgs == [f"policy.yaml:{spot(text, '1}')}: the weight of 'potential' (1) is 0.50% of the value score's "
                    "total (201): it would hardly count (give each component at least 1% of the total, or remove it)"]


def test_relative_weights_need_not_add_up_to_anything(tmp_path):
    text = SMALL_POLICY.replace("value: {margin_12m: 1}", "value: {margin_12m: 4, potential: 1, prestige: 0.5}")
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_policy(path).scores.value == {"margin_12m": 4, "potential": 1, "prestige": 0.5}


# ---------------------------------------------------------------- positions inside long texts

def test_error_on_the_second_line_of_a_folded_condition(tmp_path):
    text = SMALL_POLICY.replace('when: "net_profit_12m < 0 and prestige <= 2"',
                                "when: >-\n      net_profit_12m < 0\n      and prestig <= 2")
    msgs = problems(tmp_path, text)
    assert msgs == [f"policy.yaml:{spot(text, 'prestig <=')}: unknown measure 'prestig' (did you mean 'prestige'?)"]


def test_error_in_a_quoted_condition_with_doubled_quotes(tmp_path):
    text = SMALL_POLICY.replace('when: "net_profit_12m < 0"', "when: 'contract == ''it''''s'' and prestig > 1'")
    msgs = problems(tmp_path, text)
    assert msgs == [f"policy.yaml:{spot(text, 'prestig >')}: unknown measure 'prestig' (did you mean 'prestige'?)"]


def test_error_in_a_multi_line_template(tmp_path):
    text = SMALL_POLICY.replace('text: {nl: "Bedank {{ name }}", en: "Thank {{ name }}"}',
                                'text:\n      nl: |-\n        Beste {{ name }},\n\n        Dank, {{ naam }}.\n'
                                '      en: "Thank {{ name }}"')
    msgs = problems(tmp_path, text)
    assert msgs == [f"policy.yaml:{spot(text, 'naam')}: action 'thanks' text.nl: unknown template variable 'naam' "
                    "(did you mean 'name'?)"]


def test_numbers_and_filters_in_templates_are_fine(tmp_path):
    text = SMALL_POLICY.replace('"Bedank {{ name }}"',
                                '"Bedank {{ name | upper }}: {{ (revenue_12m * 0.1 + 5) | abs | money }}, '
                                '{{ (margin_12m / 2) | round(1) }}{% if partner %} {{ partner.name }}{% endif %}"')
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    check_templates(load_policy(path), "policy.yaml")   # no error
