"""Where the packaged templates and sample content live.

In a source checkout they are the top-level ``templates/`` and ``content/``
folders; in an installed wheel they are copied into the package (see
pyproject.toml), so both layouts are looked up here and nowhere else.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"klantwaarde is installed without its '{name}' folder")


def templates_dir() -> Path:
    return _find("templates")


def content_dir() -> Path:
    """The embedded sample content (data and default policy)."""
    return _find("content")


def project_config() -> str:
    """The sample config.yaml (for ``klantwaarde init``)."""
    for candidate in (_PACKAGE / "sample-config.yaml", _PACKAGE.parent / "config.yaml"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise FileNotFoundError("klantwaarde is installed without its sample config")
