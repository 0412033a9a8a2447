"""How a text agrees with a count: CLDR plural rules (Babel), per language.

A text in a language table (:mod:`generator.text.nl`, :mod:`generator.text.en`) is
a plain string, a :class:`Plural` (the whole text in one form per CLDR category of
one count: ``plural("n", one="{n} klant", other="{n} klanten")``) or a
:class:`Sentence` (a text whose named parts are Plurals, for a sentence with more
than one count). Which form a count takes is Babel's CLDR rule for the language,
so a language with more categories (few, many) needs no change here, only its
forms in its table.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

#: the Babel locale of each build language: Dutch and English amounts, dates and plural rules
LOCALES = {"nl": "nl_NL", "en": "en_GB"}


class Plural(NamedTuple):
    """A text in one form per CLDR plural category of the value named ``count``."""

    count: str
    forms: dict[str, str]


def plural(count: str, **forms: str) -> Plural:
    """``plural("n", one="{n} klant", other="{n} klanten")``."""
    return Plural(count, forms)


class Sentence(NamedTuple):
    """A text whose ``{part}`` placeholders are :class:`Plural` s, each agreeing with its own count:
    ``sentence("{n} {have} … {days}\u00a0{day}", have=plural("n", …), day=plural("days", …))``."""

    text: str
    parts: dict[str, Plural]


def sentence(text: str, **parts: Plural) -> Sentence:
    """``sentence("{n} {have} …", have=plural("n", one="klant heeft", other="klanten hebben"))``."""
    return Sentence(text, parts)


Text = str | Plural | Sentence

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: a placeholder with its conversion and format spec, if any: "{n}", "{q:.3g}"
_FIELD = re.compile(r"\{(\w+(?:![rsa])?(?::[^{}]*)?)\}")


@lru_cache(maxsize=None)
def locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, lang))


def categories(lang: str) -> frozenset[str]:
    """The CLDR plural categories a Plural must give in ``lang`` ('one', 'other', …)."""
    return frozenset(locale(lang).plural_form.tags) | {"other"}


def category(value, lang: str) -> str:
    """The CLDR plural category (Babel) of a count, given as a number or as the text a
    Formatter made of it ('1', '1.234', '2,5'). Dutch and English: 'one' only for exactly 1
    written without decimals, so "1 klant", "0 klanten", "1,0 dagen"."""
    if isinstance(value, str):
        loc = locale(lang)
        text = (value.replace(get_group_symbol(loc), "").replace(get_decimal_symbol(loc), ".")
                .replace("−", "-").strip())
        try:
            value = Decimal(text)
        except ArithmeticError:  # not a number (a name, a dash): no count to agree with
            return "other"
    if value is None or (isinstance(value, float) and value != value):  # missing: no count to agree with
        return "other"
    try:
        return locale(lang).plural_form(value)
    except (TypeError, ValueError):  # pd.NA and other non-numbers
        return "other"


def choose(text: Text, lang: str, values: dict) -> str:
    """The text with every plural choice made for ``values`` and its placeholders still open."""
    if isinstance(text, str):
        return text
    if isinstance(text, Plural):
        return text.forms[category(values[text.count], lang)]
    chosen = {name: choose(part, lang, values) for name, part in text.parts.items()}
    return _PLACEHOLDER.sub(lambda m: chosen.get(m.group(1), m.group(0)), text.text)


def fill(text: Text, lang: str, values: dict) -> str:
    """The text with its plural choices made and its placeholders filled from ``values``."""
    if isinstance(text, str):
        return text.format(**values) if values else text
    if isinstance(text, Plural):
        return text.forms[category(values[text.count], lang)].format(**values)
    return text.text.format_map({**values, **{name: fill(part, lang, values) for name, part in text.parts.items()}})


def placeholders(text: Text) -> frozenset[str]:
    """The values a text is filled with, as its placeholders write them (``n``, ``q:.3g``: a format
    spec is part of the placeholder), and the counts its choices follow."""
    if isinstance(text, str):
        return frozenset(_FIELD.findall(text))
    if isinstance(text, Plural):
        return frozenset({text.count}).union(*(_FIELD.findall(f) for f in text.forms.values()))
    own = frozenset(_FIELD.findall(text.text)) - text.parts.keys()
    return own.union(*(placeholders(p) for p in text.parts.values()))
