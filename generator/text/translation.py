"""The one place where a build's language picks its texts.

Every user-facing text lives in one table per language (:mod:`generator.text.nl`,
:mod:`generator.text.en`), under the same keys. Code asks for a text by key in
the build language: ``Translator(lang)("actions_count", n="3")`` or a whole table by
:func:`texts_for`. Texts are filled with values that are already formatted (see
:class:`generator.text.formatting.Formatter`), so a translation never has to know
about number formats (a build message's model parameters alone carry a format spec,
the same in both languages); a count chooses its words by CLDR plural rules
(:mod:`generator.text.plural`). Build messages (:mod:`generator.text.messages`) are
in the same tables, under ``msg.`` + their code.
"""
from __future__ import annotations

from generator.text import LANGUAGES, en, nl
from generator.text.plural import Text, choose, fill


_TABLES: dict[str, dict[str, Text]] = {"nl": nl.TEXTS, "en": en.TEXTS}

#: the texts without a plural choice, per language: STRINGS["nl"]["nav_overview"] == "Overzicht" (the
#: site compiles them into its templates)
STRINGS: dict[str, dict[str, str]] = {
    lang: {key: text for key, text in table.items() if isinstance(text, str)} for lang, table in _TABLES.items()
}


def texts_for(lang: str) -> dict[str, Text]:
    """Every text of ``lang`` by key; a ValueError for a language without texts."""
    try:
        return _TABLES[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}") from None


class Translator:
    """``t("key", n="3")``: the text in the build language, plural forms chosen and placeholders
    filled ("3 klanten")."""

    def __init__(self, lang: str):
        self._texts = texts_for(lang)
        self.lang = lang

    def __call__(self, key: str, **values) -> str:
        return fill(self._texts[key], self.lang, values)  # a KeyError here is a bug in the caller

    def get(self, key: str, default: str, **values) -> str:
        """The text of ``key``, or ``default`` when there is none: for a word the tables may not
        know (a band, a unit, an interaction kind as the data writes it)."""
        text = self._texts.get(key)
        return default if text is None else fill(text, self.lang, values)

    def choose(self, key: str, **counts) -> str:
        """The text with its plural forms chosen for ``counts`` and every ``{placeholder}`` left as
        it is: for a template filled in later (by the customer list's script)."""
        return choose(self._texts[key], self.lang, counts)


def unit_label(unit: str, lang: str) -> str:
    """A service unit (policy: services[].unit) in ``lang``; an unknown one as written."""
    return Translator(lang).get(f"unit.{unit}", unit)


def unit_count(n: str, unit: str, lang: str) -> str:
    """``n`` (a formatted count) of a service unit, agreeing with it: "1 bezoek", "16 bezoeken"; an
    unknown unit as written after the number."""
    t = Translator(lang)
    return t.get(f"units.{unit}", t("units", n=n, unit=t.get(f"unit.{unit}", unit)), n=n)


def interaction_kind(kind: str, lang: str) -> str:
    """An interaction kind (interactions.kind) in ``lang``; an unknown one as written."""
    return Translator(lang).get(f"interaction.{kind}", kind)


def order_type_label(kind: str, lang: str) -> str:
    """An order type (transactions.order_type) in ``lang``; an unknown one as written."""
    return Translator(lang).get(f"order_type.{kind}", kind)
