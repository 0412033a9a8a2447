"""Hostile action texts and theme templates: bounded size and time, the sandbox, errors named (issue 17)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.limits import MAX_TEXT_CHARS

THANKS = '{nl: "Bedank {{ name }}", en: "Thank {{ name }}"}'


def run(project: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--config", str(project / "config.yaml")])


def build(project: Path):
    return CliRunner().invoke(main, ["build", "--quiet", "--config", str(project / "config.yaml"),
                                     "--output", str(project / "site")])


def with_text(project: Path, text: str) -> None:
    policy = project / "policy.yaml"
    source = policy.read_text(encoding="utf-8")
    assert source.count(THANKS) == 1
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    policy.write_text(source.replace(THANKS, f'{{nl: "{quoted}", en: "Thank {{{{ name }}}}"}}'), encoding="utf-8")


def line_of_thanks(project: Path) -> int:
    lines = (project / "policy.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if "id: thanks" in line)


BOMBS = {
    "format": "{{ '%050000000d' | format(1) }}",
    "percent": "{{ '%0999999999d' % 1 }}",
    "replace": "{{ name | replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') "
               "| replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') "
               "| replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') }}",
    "loop output": "{% for a in range(99999) %}{% for b in range(99999) %}{{ name }}{% endfor %}{% endfor %}",
    "loop time": "{% for a in name|center(1000) %}{% for b in name|center(1000) %}{% for c in name|center(1000) %}"
                 "{% for d in name|center(1000) %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_a_template_bomb_in_an_action_text_is_an_input_error(small_project, kind):
    with_text(small_project, BOMBS[kind])
    for result in (run(small_project, "validate"), build(small_project)):
        assert result.exit_code == 2, result.output
        assert "action 'thanks' text.nl" in result.stderr and "internal error" not in result.stderr
        assert "policy.yaml:" in result.stderr
    assert not (small_project / "site").exists()


@pytest.mark.parametrize("text, says", [
    ("{{ (margin_12m / revenue_12m) | pct }}", "Error"),   # no known values: TypeError; zero: ZeroDivisionError
    ("{{ name | money }}", "Error"),
    ("{{ sector | date }}", "Error"),
    ("{% if name > 5 %}x{% endif %}", "TypeError"),
    ("{{ (orders_12m or 0) % 0 }}", "ZeroDivisionError"),
])
def test_a_text_that_fails_for_some_customer_fails_validate_with_the_action_and_line(small_project, text, says):
    with_text(small_project, text)
    result = run(small_project, "validate")
    assert result.exit_code == 2, result.output
    line = line_of_thanks(small_project)
    assert "action 'thanks' text.nl fails for a customer with" in result.stderr and says in result.stderr
    assert any(f"policy.yaml:{n}:" in result.stderr for n in range(line, line + 6))
    assert "internal error" not in result.stderr


def test_a_render_error_in_a_build_names_the_customer(small_project):
    with_text(small_project, "{{ (margin_12m / (orders_12m - orders_12m)) | pct }}")
    result = build(small_project)
    assert result.exit_code == 2, result.output
    assert "rendered for customer" in result.stderr and "ZeroDivisionError" in result.stderr
    assert "internal error" not in result.stderr


def test_an_ordinary_text_stays_well_within_the_budget(small_project):
    with_text(small_project, "Bedank {{ name }}: {{ revenue_12m | money }} ({{ '%.1f' | format(3.14159) }})")
    assert run(small_project, "validate").exit_code == 0
    assert build(small_project).exit_code == 0
    assert MAX_TEXT_CHARS >= 10_000


def with_theme(project: Path, files: dict[str, str]) -> None:
    theme = project / "hostile-theme"
    theme.mkdir(exist_ok=True)
    for name, text in files.items():
        (theme / name).write_text(text, encoding="utf-8")
    config = project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: hostile-theme\n", encoding="utf-8")


def test_a_theme_template_runs_in_the_sandbox(small_project, tmp_path):
    marker = tmp_path / "pwned"
    with_theme(small_project, {"customer.html": '{% extends "klantwaarde/customer.html" %}{% block content %}'
                               "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
                               "{% endblock %}"})
    result = build(small_project)
    assert result.exit_code == 2, result.output
    assert not marker.exists()
    assert "hostile-theme/customer.html" in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("body", [
    "{% for a in range(99999) %}{% for b in range(99999) %}{{ a }}{% endfor %}{% endfor %}",
    "{% for a in range(99999) %}{% for b in range(99999) %}{% for c in range(99) %}{% endfor %}{% endfor %}"
    "{% endfor %}",
])
def test_a_theme_template_bomb_is_an_input_error(small_project, body):
    with_theme(small_project, {"actions.html": '{% extends "klantwaarde/actions.html" %}{% block content %}'
                               + body + "{% endblock %}"})
    result = build(small_project)
    assert result.exit_code == 2, result.output
    assert "hostile-theme" in result.stderr and "internal error" not in result.stderr
