"""klantwaarde's cache folder: things made once per version and kept between builds (the
chart runtime, chart specs, compiled templates), in ``$XDG_CACHE_HOME/klantwaarde`` or
``~/.cache/klantwaarde``; ``KLANTWAARDE_NO_CACHE`` turns it off.

This is the one place outside the output stage that writes a file. The cache is not the
report: a cache that cannot be read or written is simply not used, and every build gives
the same bytes with or without it.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def path(name: str) -> Path | None:
    """``name`` in the cache folder; None when the cache is turned off."""
    if os.environ.get("KLANTWAARDE_NO_CACHE"):
        return None
    return Path(os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")) / "klantwaarde" / name


def read(name: str) -> str | None:
    """The text kept under ``name``, or None (not kept, unreadable, or the cache is off)."""
    found = path(name)
    if found is None or not found.is_file():
        return None
    try:
        return found.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def write(name: str, text: str) -> None:
    """Keep ``text`` under ``name``, atomically; a cache that cannot be written is not used."""
    target = path(name)
    if target is None:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)  # a half-written file never stays behind


def folder(name: str) -> Path | None:
    """A folder in the cache (made when missing), for a library that keeps files of its own
    there (Jinja's compiled templates); None when it cannot be used."""
    found = path(name)
    if found is None:
        return None
    try:
        found.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return found
