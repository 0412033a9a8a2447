"""The package's plan holds: stages import only the stages before them, nothing imports in a
circle, and an import inside a function says why it is there.

The contracts are import-linter's, declared in pyproject.toml ([tool.importlinter]); these
tests run them on the real package and on a copy with a deliberate backward import, which
must fail.
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def lint(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([str(LINT), "--no-cache", str(project / "pyproject.toml")], cwd=project,
                          env=env, capture_output=True, text=True, timeout=300)


def test_every_stage_imports_only_the_stages_before_it_and_nothing_imports_in_a_circle():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_a_backward_import_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    scoring = tmp_path / "generator" / "model" / "scoring.py"
    scoring.write_text(scoring.read_text(encoding="utf-8") + "\nfrom generator.render import site  # backwards\n",
                       encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "generator.model is not allowed to import generator.render" in result.stdout
    assert "generator.model.scoring -> generator.render.site" in result.stdout


def test_an_import_inside_a_function_says_why_on_its_line_or_the_line_above():
    unexplained = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines), str(path))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    here = lines[node.lineno - 1]
                    if "#" not in here and not _explained_block(lines, node.lineno):
                        unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}: {here.strip()}")
    assert not unexplained, "\n".join(unexplained)


def _explained_block(lines: list[str], lineno: int) -> bool:
    """An import in a block of imports whose first line (or the line above it) has the reason."""
    i = lineno - 1
    while i > 0 and lines[i - 1].strip().startswith(("from ", "import ")):
        i -= 1
    return "#" in lines[i] or lines[i - 1].strip().startswith("#")
