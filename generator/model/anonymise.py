"""Pseudonyms for demos, screenshots and shared examples (``build --anonymise``).

Applied once, in the pipeline, after segmentation and before recommendations,
the site and the exports, so every later stage sees only pseudonyms: customer
ids become ``anon-0042``, names ``Klant 0042`` (``Customer 0042``) and account
managers ``Accountmanager 3``. The numbers follow the order of a hash of each
id salted with all ids: stable across builds of the same data, without
revealing the order of the real ids. Free texts that can quote a real id or
name (warnings, examples on the data-quality page) are scrubbed as well, whatever their case
and spacing; free-text notes of contacts are left out altogether (no list of names can
catch every way a person writes one).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from generator.errors import Problem
from generator.text.messages import Message
from generator.text.translation import Translator


@dataclass(frozen=True)
class Pseudonyms:
    """Real → pseudonym for customer ids, customer names and account managers."""

    ids: dict[str, str]        # real id → pseudonymous id
    labels: dict[str, str]     # real id → pseudonymous name
    names: dict[str, str]      # real name → pseudonymous name (to scrub free texts)
    managers: dict[str, str]   # real account manager → pseudonym

    hidden: tuple[str, ...] = ()   # other real ids (excluded customers): never shown

    @classmethod
    def for_customers(cls, customers: pd.DataFrame, lang: str, hidden=()) -> "Pseudonyms":
        """Pseudonyms for every customer of the report; ``hidden`` ids are scrubbed from texts too."""
        ids = [str(i) for i in customers.index]
        width = max(4, len(str(len(ids))))
        numbers = _numbered(ids)
        id_map = {cid: f"anon-{numbers[cid]:0{width}d}" for cid in ids}
        t = Translator(lang)
        customer, manager = t("anonymised.customer"), t("anonymised.account_manager")
        labels = {cid: f"{customer} {numbers[cid]:0{width}d}" for cid in ids}
        real_names = customers["name"] if "name" in customers else pd.Series(ids, index=customers.index)
        names = {str(n): labels[cid] for cid, n in zip(ids, real_names) if pd.notna(n) and str(n).strip()}
        am = customers["account_manager"] if "account_manager" in customers else pd.Series(dtype=object)
        people = sorted({str(a) for a in am.dropna() if str(a).strip()})
        order = _numbered(people)
        managers = {p: f"{manager} {order[p]}" for p in people}
        return cls(id_map, labels, names, managers, tuple(str(h) for h in hidden if str(h) not in id_map))

    # ------------------------------------------------------------------ frames

    def customers(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The customer frame with pseudonymous ids, names and account managers."""
        out = frame.copy()
        out["name"] = [self.labels[str(i)] for i in frame.index]
        if "contact_name" in out:    # a person's name: never in an anonymised report
            out["contact_name"] = None
        if "account_manager" in out:
            out["account_manager"] = out["account_manager"].map(
                lambda v: None if v is None or v != v else self.managers.get(str(v), str(v)))
        return self.by_id(out)

    def by_id(self, frame: pd.DataFrame | None) -> pd.DataFrame | None:
        """A frame indexed by customer id, re-indexed by pseudonym and sorted by it."""
        if frame is None:
            return None
        out = frame.copy()
        out.index = pd.Index([self.ids.get(str(i), str(i)) for i in frame.index], name=frame.index.name)
        return out.sort_index(kind="stable")

    def column(self, frame: pd.DataFrame, column: str = "customer_id") -> pd.DataFrame:
        """A frame with a customer id column, that column replaced."""
        out = frame.copy()
        out[column] = out[column].astype(str).map(lambda v: self.ids.get(v, v))
        return out

    # ------------------------------------------------------------------ texts

    def text(self, value: str) -> str:
        """``value`` with every real id, customer name and account manager replaced, whatever its
        case and spacing (``k0042``, ``Bakkerij  de Vries``) and wherever it stands (``K0042-b``,
        ``info@k0042.nl``)."""
        if not self._replacements:
            return value
        return self._pattern.sub(lambda m: self._replacements[_key(m.group(0))], value)

    def problem(self, problem: Problem) -> Problem:
        """A warning with every text in it scrubbed (:meth:`text`). Its first value ("(first:
        'K0042')") may be an id no table kept (an unknown customer), so it is left out altogether."""
        return dataclasses.replace(problem, file=self.text(problem.file),
                                   message=self._scrub(problem.message.with_params(value="…")
                                                       if isinstance(problem.message, Message) else problem.message),
                                   column=self._scrub(problem.column), hint=self._scrub(problem.hint))

    def quality(self, quality: dict) -> dict:
        """The data-quality records with their example rows reduced to where they are (file:line)."""
        def where(example: Message) -> Message:
            params = dict(example.params)
            return Message("example.where", file=params["file"], line=params["line"])

        return {name: dataclasses.replace(q, examples={reason: [where(e) for e in values]
                                                      for reason, values in q.examples.items()})
                for name, q in quality.items()}

    def _scrub(self, value):
        """A message's texts (parameters, phrases within) scrubbed; other values as they are."""
        if isinstance(value, Message):
            return Message(value.code, **{name: self._scrub(v) for name, v in value.params})
        return self.text(value) if isinstance(value, str) else value

    @cached_property
    def _replacements(self) -> dict[str, str]:
        hidden = {h: "…" for h in self.hidden}
        return {_key(k): v for k, v in {**hidden, **self.managers, **self.names, **self.ids}.items() if _key(k)}

    @cached_property
    def _pattern(self) -> re.Pattern:
        words = sorted(self._replacements, key=lambda w: (-len(w), w))
        # any run of spaces where the real text has one; not inside a longer word or number
        alternatives = "|".join(r"\s+".join(re.escape(part) for part in w.split(" ")) for w in words)
        return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


def _key(text: str) -> str:
    """How a name or id is matched: case and spacing do not count."""
    return " ".join(str(text).split()).casefold()


def _numbered(keys: list[str]) -> dict[str, int]:
    """1-based numbers in the order of a hash of each key salted with all keys."""
    salt = hashlib.sha256("\n".join(sorted(keys)).encode("utf-8")).digest()
    order = sorted(keys, key=lambda k: hashlib.sha256(salt + k.encode("utf-8")).digest())
    return {k: i + 1 for i, k in enumerate(order)}
