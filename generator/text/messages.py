"""Build messages: warnings, why rows were rejected, how a file was read, why a measure is unavailable.

A stage that finds something to report makes a :class:`Message`: a code and its
parameters, made where the problem is found (sources, measures, future,
pipeline). A parameter is a value (a file, a line, a column, a date, a count)
or a phrase, which is a Message itself (``3 rows``, ``kept``, a hint, the
reason the simple method was used), so that no English fragment reaches a
Dutch page. A warning is an :class:`errors.Problem` holding Messages.

Only here does a message become text, by :func:`text`, from the one table of
the language asked for (:mod:`generator.text.nl`, :mod:`generator.text.en`),
under ``"msg."`` + its code. English is what the terminal, ``--strict``,
report.json and the build marker show (``str(message)``); a page shows its own
language. Nothing is parsed back from a string. tests/test_i18n.py checks that
every text has both languages with the same placeholders, so a message without
Dutch cannot exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.errors import Problem
from generator.text.plural import fill
from generator.text.translation import texts_for


@dataclass(frozen=True, init=False)
class Message:
    """A code and its parameters (sorted by name, so equal messages are equal and hash alike:
    rejected-row reasons are dict keys)."""

    code: str
    params: tuple[tuple[str, Any], ...]

    def __init__(self, code: str, **params: Any) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    def with_params(self, **params: Any) -> Message:
        """This message with ``params`` added or replaced."""
        return Message(self.code, **{**dict(self.params), **params})

    def __str__(self) -> str:
        return text(self, "en")


def text(item: Message | Problem, lang: str) -> str:
    """``item`` in ``lang``: a Message from that language's table, a Problem (a warning) as
    ``where: [column 'c': ]message[ (hint)]``; phrases within are rendered in ``lang`` too."""
    texts = texts_for(lang)
    if isinstance(item, Problem):
        shown = {"where": item.where, "message": _param(item.message, lang)}
        key = "msg.problem"
        if isinstance(item.column, str):
            key, shown["column"] = "msg.problem.column", item.column
        shown = fill(texts[key], lang, shown)
        if item.hint:
            shown = fill(texts["msg.problem.hint"], lang, {"problem": shown, "hint": _param(item.hint, lang)})
        return shown
    return fill(texts["msg." + item.code], lang, {name: _param(value, lang) for name, value in item.params})


def _param(value: Any, lang: str) -> Any:
    """A phrase rendered in ``lang``; a value as it is (str.format applies its format spec)."""
    return text(value, lang) if isinstance(value, Message) else value
