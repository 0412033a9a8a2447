"""Hostile config and policy files: bounded YAML, only regular files, no absurd values (issue 17)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi"))


def validate(project: Path, *extra: str):
    return CliRunner().invoke(main, ["validate", "--config", str(project / "config.yaml"), *extra])


def check(result, *words):
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.stderr and "Traceback" not in result.output
    for w in words:
        assert w in result.stderr, result.stderr


@pytest.mark.parametrize("where", ["config.yaml", "policy.yaml"])
def test_an_alias_bomb_ends_at_once_with_its_line(small_project, where):
    path = small_project / where
    path.write_text(path.read_text(encoding="utf-8") + "\n" + BOMB if where == "policy.yaml"
                    else BOMB + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = validate(small_project)
    check(result, f"{where}:", "expands to more than")


def test_a_recursive_alias_deep_nesting_a_nul_and_a_huge_integer_are_named(small_project):
    config = small_project / "config.yaml"
    original = config.read_text(encoding="utf-8")
    for text, says in [
        ("x: &x [1, *x]\n" + original, "refers to the value that contains it"),
        ("x: " + "[" * 100 + "]" * 100 + "\n" + original, "nested more than"),
        (original + "title: a\x00b\n", "NUL"),
        (original.replace("title: Testbedrijf", "title: Testbedrijf\nmax_workers: " + "9" * 5000), "5000 digits"),
    ]:
        config.write_text(text, encoding="utf-8")
        check(validate(small_project), "config.yaml:", says)


@pytest.mark.parametrize("target, says", [("/dev/zero", "not a regular file"), (".", "a folder")])
def test_the_policy_must_be_a_regular_file(small_project, target, says):
    config = small_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("policy: policy.yaml", f"policy: {target}"),
                      encoding="utf-8")
    check(validate(small_project), says)


def test_an_oversized_policy_is_refused_before_it_is_parsed(small_project):
    policy = small_project / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + "#" * 3_000_000 + "\n", encoding="utf-8")
    check(validate(small_project), "policy.yaml", "larger than")


def test_a_condition_of_1500_terms_is_an_input_error(small_project):
    policy = small_project / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    rule = " or ".join(f"revenue_12m > {i}" for i in range(1500))
    marker = 'when: "'
    assert marker in text
    policy.write_text(text.replace(marker, f'when: "{rule} or ', 1), encoding="utf-8")
    check(validate(small_project), "policy.yaml:", "more than 200 operators")


def test_a_file_that_is_no_policy_is_not_echoed(small_project, tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text("".join(f"user{i}:$6$secret{i}hash:20228:0:99999:7:::\n" for i in range(20)), encoding="utf-8")
    config = small_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("policy: policy.yaml", f"policy: {secret}"),
                      encoding="utf-8")
    result = validate(small_project)
    check(result, "does not look like a klantwaarde file")
    assert "secret" not in result.stderr.replace(str(secret), "") and "user1" not in result.stderr
