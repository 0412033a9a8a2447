"""Errors a user can cause, and the exit codes the CLI maps them to.

A traceback is a bug: every problem with the user's input is raised as an
:class:`InputError` (or collected as :class:`Problem` objects and raised
together) naming the file, the line or row, the column, what was wrong and
how to fix it.
"""
from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_STRICT = 3


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one input file.

    ``line`` is the 1-based line in a text file (config, policy, CSV line) or
    the row number as a spreadsheet user sees it; ``column`` is a 1-based
    character column (YAML) or a column *name* (tables). ``message`` and
    ``hint`` are English text, or a ``text.messages.Message`` (a warning) whose
    ``str()`` is its English text: this bottom layer only writes them out, and
    the text layer renders a Problem in the page's language.
    """

    file: str
    message: str | object
    line: int | None = None
    column: int | str | None = None
    hint: str | object | None = None

    @property
    def where(self) -> str:
        """``file``, ``file:line`` or ``file:line:column``."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if isinstance(self.column, int):
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if isinstance(self.column, str):
            text = f"{self.where}: column '{self.column}': {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class KlantwaardeError(Exception):
    """Base class of every error klantwaarde raises on purpose."""

    exit_code = EXIT_INTERNAL


class InputError(KlantwaardeError):
    """Invalid config, policy or data: exit code 2, nothing written."""

    exit_code = EXIT_INPUT

    def __init__(self, problems: Problem | list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(file="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p).lstrip(": ") for p in self.problems))


class StrictWarnings(KlantwaardeError):
    """Warnings turned fatal by ``--strict``: exit code 3."""

    exit_code = EXIT_STRICT

    def __init__(self, warnings: list[Problem]):
        self.problems = list(warnings)
        super().__init__("\n".join(str(p) for p in self.problems))


def nearest(name: str, candidates, cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``name`` (for 'did you mean …?' hints)."""
    import difflib  # deferred: only a mistake needs it, and every start (a kept site too) loads this module

    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(name: str, candidates) -> str | None:
    guess = nearest(name, candidates)
    return f"did you mean '{guess}'?" if guess else None
