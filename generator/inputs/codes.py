"""Coded columns: the values klantwaarde and the policy give a meaning, and the client's own codes.

A coded column holds a few distinct values that mean something: the order
type (``rush`` is counted as a rush order), the interaction kind
(``complaint``), its direction (``in``/``out``) and the customer's contract
(the policy's contract ids), plus every column a service's ``where:`` compares
with a text (``order_type == 'rush'``). An export in another language uses
other codes (``spoed``, ``klacht``, ``Raamovereenkomst``); ``values:`` in
config.yaml maps them (sources.py applies it as it reads), and the reading
layer counts, per coded column, which codes occur, which the policy uses,
which nobody knows (a warning: such rows count for no service) and which
policy codes never occur.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from generator.errors import InputError, Problem, nearest
from generator.inputs.conditions import Compare, In, Literal, Name, Node
from generator.inputs.config import Config

#: the codes klantwaarde itself gives a meaning, per table and coded column
#: (generator.model.measures counts these interaction kinds; the text layer names these order types)
BUILT_IN: dict[str, dict[str, tuple[str, ...]]] = {
    "transactions": {"order_type": ("standard", "rush", "custom")},
    "interactions": {"kind": ("call", "email", "support", "complaint", "meeting", "visit", "review", "incident",
                              "referral"),
                     "direction": ("in", "out")},
    "customers": {"contract": ()},
}


@dataclass(frozen=True)
class Vocabulary:
    """The codes one coded column may hold: klantwaarde's own and those the policy uses."""

    table: str
    column: str
    built_in: tuple[str, ...]
    policy: tuple[str, ...]          # contract ids, or the texts a where: compares the column with
    case_sensitive: bool = False     # contract ids are compared as written; order types and kinds lower-case

    @property
    def known(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.built_in + self.policy))


@dataclass(frozen=True)
class CodeCount:
    """What one coded column held, for validate and the data-quality page."""

    column: str
    found: tuple[tuple[str, int], ...]           # code, rows (most rows first)
    policy: tuple[str, ...]                      # the codes the policy uses
    unknown: tuple[tuple[str, str | None], ...]  # code, the known code it resembles (did you mean)
    never: tuple[str, ...]                       # policy codes that never occur
    known: tuple[str, ...] = ()

    def status(self, code: str) -> str:
        """``policy`` (the policy uses it), ``known`` (klantwaarde knows it) or ``unknown``."""
        if code in self.policy:
            return "policy"
        return "known" if code in self.known else "unknown"


def vocabularies(policy) -> dict[tuple[str, str], Vocabulary]:
    """Per (table, column): the coded columns and their codes, from klantwaarde and ``policy``."""
    used: dict[tuple[str, str], list[str]] = {}
    for service in policy.services:
        condition = policy.usage_conditions.get(service.id)
        if condition is None or service.usage is None:
            continue
        for column, text in _compared_texts(condition.tree):
            used.setdefault((service.usage.table, column), []).append(text)
    out = {}
    for table, columns in BUILT_IN.items():
        for column, codes in columns.items():
            mine = [c.id for c in policy.contracts] if (table, column) == ("customers", "contract") else []
            policy_codes = tuple(dict.fromkeys(mine + used.get((table, column), [])))
            out[(table, column)] = Vocabulary(table, column, codes, policy_codes, case_sensitive=column == "contract")
    for (table, column), texts in used.items():
        if (table, column) not in out:
            out[(table, column)] = Vocabulary(table, column, (), tuple(dict.fromkeys(texts)), case_sensitive=True)
    return out


def _compared_texts(node: Node):
    """(column, text) for each ``column == 'text'``, ``'text' != column`` or ``column in ['a', 'b']``."""
    if isinstance(node, Compare):
        for a, b in ((node.left, node.right), (node.right, node.left)):
            if isinstance(a, Name) and isinstance(b, Literal) and isinstance(b.value, str):
                yield a.name, b.value
    if isinstance(node, In) and isinstance(node.operand, Name):
        for item in node.items:
            if isinstance(item.value, str):
                yield node.operand.name, item.value
    for item in dataclasses.fields(node):
        value = getattr(node, item.name)
        for child in value if isinstance(value, tuple) else (value,):
            if isinstance(child, Node):
                yield from _compared_texts(child)


def check_targets(config: Config, policy) -> None:
    """Every ``values:`` target must be a code of its column that klantwaarde or the policy knows,
    and the column a coded one; raise :class:`InputError` naming config.yaml's line otherwise."""
    vocab = vocabularies(policy)
    shown = config.display(config.file)
    problems = []
    for table, source in config.data.items():
        coded = sorted(column for t, column in vocab if t == table)
        for column, mapping in source.values.items():
            v = vocab.get((table, column))
            if v is None:
                line, col = config.where("data", table, "values", column, "__key__")
                problems.append(Problem(shown, f"'{column}' of the {table} table holds no codes to map", line, col,
                                        f"coded columns of the {table} table: {', '.join(coded)}" if coded
                                        else f"the {table} table has no coded columns"))
                continue
            known = v.known
            for theirs, ours in mapping.items():
                target = ours.strip() if v.case_sensitive else ours.strip().lower()
                if target in known:
                    continue
                line, col = config.where("data", table, "values", column, theirs)
                guess = nearest(target, known)
                listing = ", ".join(known) if known else "none: the policy lists no contracts"
                problems.append(Problem(shown, f"'{theirs}' maps to '{ours}', which is not a {column} "
                                               f"klantwaarde or the policy knows", line, col,
                                        (f"did you mean '{guess}'? " if guess else "") + f"known: {listing}"))
    if problems:
        raise InputError(problems)
