"""A consultant's theme folder (config.yaml: theme), read once with the other inputs.

The theme overrides any template, most specific first (``customer-<slug>.html``
before ``customer.html``, ``segment-<id>.html`` before ``segment.html``;
partials start with ``_``; ``{% extends "klantwaarde/customer.html" %}``
reaches the packaged one), adds ``theme.css`` after the base stylesheet, puts
``logo.svg`` or ``logo.png`` in the header and replaces packaged assets with
the files in its ``assets/`` folder — without touching the package. Every file
is read here, so rendering reads none of them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.errors import InputError, Problem

LOGOS = ("logo.svg", "logo.png")


@dataclass(frozen=True)
class Theme:
    """A consultant's overrides for one client, as read from the theme folder."""

    folder: str | None = None                       # where it was read (template errors name it); None: no theme
    shown: str = "theme"                            # the folder as the user wrote it (config.yaml)
    templates: tuple[tuple[str, str], ...] = ()     # (name, source) of the *.html files in the folder
    assets: tuple[tuple[str, bytes], ...] = ()      # (path in the site, content)
    css: bool = False                               # assets/theme.css is linked after the base CSS
    logo: str | None = None                         # assets/logo.svg or assets/logo.png

    @cached_property
    def names(self) -> frozenset[str]:
        """The templates the theme replaces (asked once per customer page)."""
        return frozenset(name for name, _source in self.templates)


def load_theme(folder: Path | None, shown: str = "theme") -> Theme:
    """Read a theme folder; a missing folder is an input error (exit 2), not an empty theme."""
    if folder is None:
        return Theme()
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(Problem("config.yaml", f"theme folder '{shown}' not found", column="theme",
                                 hint="create the folder, fix the path (relative to config.yaml) or remove 'theme'"))
    assets: dict[str, bytes] = {}
    css = (folder / "theme.css").is_file()
    if css:
        assets["assets/theme.css"] = (folder / "theme.css").read_bytes()
    logo = next((name for name in LOGOS if (folder / name).is_file()), None)
    if logo:
        assets[f"assets/{logo}"] = (folder / logo).read_bytes()
    extra = folder / "assets"
    if extra.is_dir():
        for f in sorted(extra.rglob("*")):
            if f.is_file():
                assets["assets/" + f.relative_to(extra).as_posix()] = f.read_bytes()
    templates = tuple(sorted((f.name, f.read_text(encoding="utf-8")) for f in folder.glob("*.html") if f.is_file()))
    return Theme(str(folder.resolve()), shown, templates, tuple(sorted(assets.items())), css,
                 f"assets/{logo}" if logo else None)
