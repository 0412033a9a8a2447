"""What the site takes from the package, and the Jinja environment its pages are rendered in.

The packaged templates and static assets are read here and nowhere else in
rendering (through :mod:`generator.resources`); a theme's templates come in
memory with the :class:`~generator.inputs.theme.Theme` and are searched first.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache, partial
from pathlib import Path

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from generator.inputs.theme import Theme
from generator.render import fragments
from generator.render.charts import runtime_js
from generator import cache
from generator.resources import templates_dir
from generator.text import messages
from generator.text.formatting import Formatter, is_missing, nowrap_amounts
from generator.text.translation import STRINGS, Translator

#: every page: no network, no eval; inline styles only for Vega's SVG and score bars
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'")

#: hand-written assets copied from templates/assets/
STATIC_ASSETS = ("style.css", "charts.js", "customers.js", "site.js", "actions.js")

#: the templates' indentation, dropped when a template is compiled: a line break alone reads the
#: same in HTML and it saves a tenth of a customer page (no template has a <pre> with literal lines)
_INDENT = re.compile(r"\n[ \t]+")  # newlines kept: an error names its line


@lru_cache(maxsize=1)
def packaged_assets() -> tuple[tuple[str, bytes], ...]:
    """The package's own assets: (path in the site, content)."""
    folder = templates_dir() / "assets"
    assets = [(f"assets/{name}", (folder / name).read_bytes()) for name in STATIC_ASSETS]
    return (*assets, ("assets/vega-runtime.js", runtime_js().encode("utf-8")))


@lru_cache(maxsize=8)
def environment(lang: str, currency: str, theme: Theme = Theme()) -> jinja2.Environment:
    """The Jinja environment of one language and theme (templates compiled once per process).

    Only language-bound things live here (texts, number formats); everything
    about one report is passed to each render. A theme's templates are
    searched before the packaged ones.
    """
    loader = jinja2.FileSystemLoader(str(templates_dir()))
    if theme.templates:  # "klantwaarde/<name>" is always the packaged template, so a theme can extend what it replaces
        loader = jinja2.ChoiceLoader([_ThemeLoader(theme), loader, jinja2.PrefixLoader({"klantwaarde": loader})])
    # a theme's templates are other people's code: with a theme, pages render in the sandbox
    env = (_SandboxedEnvironment if theme.templates else _FastEnvironment)(
        loader=loader,
        bytecode_cache=_bytecode_cache(lang),
        extensions=[_ConstantTexts],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    fmt = Formatter(lang, currency, nbsp=True)  # HTML: amounts never break after '€'
    env.filters.update(
        money=fmt.money, money2=fmt.money2, num=fmt.number, count=fmt.count, pct=fmt.percent,
        date=fmt.date, years=fmt.years, tenure=fmt.tenure, yesno=fmt.bool, bar_width=fragments.bar_width, sortkey=_sort_key,
        chip=_chip, score_bar=partial(_score_bar, fmt=fmt),
        nowrap=nowrap_amounts, message=partial(_message, lang=lang),
    )
    env.globals.update(t=Translator(lang), lang=lang, csp=CSP)
    env.constant_texts = STRINGS[lang]
    return env


class _ThemeLoader(jinja2.BaseLoader):
    """A theme's templates, from memory. Each keeps the path of its file as its file name, so a
    template error points into the theme folder (:func:`theme_frame`)."""

    def __init__(self, theme: Theme):
        self._folder = Path(theme.folder or "")
        self._sources = dict(theme.templates)

    def get_source(self, environment: jinja2.Environment, template: str):
        source = self._sources.get(template)
        if source is None:
            raise jinja2.TemplateNotFound(template)
        return source, str(self._folder / template), lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self._sources)


class _FastEnvironment(jinja2.Environment):
    """``row.name`` on a plain dict looks up the key first.

    The pages' rows are dicts, and Jinja's default tries the attribute first: a
    failed attribute lookup (an exception) per dotted name, about a thousand on a
    customer page. Only a key named like a dict method (``items``...) reads
    differently: as the key, which is what the template means."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _SandboxedEnvironment(_FastEnvironment, ImmutableSandboxedEnvironment):
    """The pages' environment when a theme brings templates: the sandbox refuses what reaches
    for Python internals (``cycler.__init__.__globals__``) or changes data; a dict's key is
    still read first (reading a key is data, not an attribute)."""


_T_CALL = re.compile(r"""\bt\((["'])([a-z0-9_]+)\1\)""")


class _ConstantTexts(jinja2.ext.Extension):
    """A text call with a literal key and no values is the same text on every page of a language: the template
    gets it as a string literal when it is compiled, instead of a call per page (a customer
    page has about a hundred). A text with values, or an unknown key, is left as a call.
    The templates' indentation goes too (:data:`_INDENT`)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        source = _INDENT.sub("\n", source)
        texts = getattr(self.environment, "constant_texts", None)
        if not texts:
            return source

        def literal(m: re.Match) -> str:
            text = texts.get(m.group(2))
            if text is None:
                return m.group(0)
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        return _T_CALL.sub(literal, source)


@lru_cache(maxsize=4)
def _bytecode_cache(lang: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (keyed by each template's source, so an edited
    template or theme is compiled again); None when no cache folder can be used. The texts
    are compiled into the templates (:class:`_ConstantTexts`), so the folder is per language,
    texts and this module's code."""
    key = hashlib.sha256(json.dumps(STRINGS[lang], sort_keys=True).encode("utf-8"))
    key.update(Path(__file__).read_bytes())
    key.update(jinja2.__version__.encode())
    base = cache.folder(f"jinja/{lang}-{key.hexdigest()[:16]}")
    return None if base is None else jinja2.FileSystemBytecodeCache(str(base))


def theme_frame(exc: jinja2.TemplateError, folder: str | None) -> tuple[str, int | None] | None:
    """(file name, line) in the theme folder where a template error happened; None when not in the theme."""
    if not folder:
        return None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.filename or ""
        return (Path(name).name, exc.lineno) if name.startswith(folder) else None
    found = None
    tb = exc.__traceback__
    while tb is not None:  # Jinja maps template frames to the template's file and line
        if tb.tb_frame.f_code.co_filename.startswith(folder):
            found = (Path(tb.tb_frame.f_code.co_filename).name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _message(message, lang: str):
    """A build message (a warning, a reason, a setting) in the page's language (generator.text.messages:
    every message has a text in every language)."""
    return messages.text(message, lang)


def _chip(seg: dict | None, root: str, link: bool = True) -> Markup:
    """A segment's name as a coloured chip, linking to its page (``—`` without a segment)."""
    return Markup(fragments.chip(seg, root, link))


def _score_bar(value, fmt: Formatter) -> Markup:
    """A score from 0 to 100 as its number and a bar (the bar is decoration: aria-hidden)."""
    return Markup(fragments.score_bar(value, None if value is None else fmt.number(value, 0)))


def _sort_key(value) -> str:
    """A plain, locale-free number for the customer table's sort (empty when missing)."""
    if is_missing(value):
        return ""
    return repr(round(float(value), 2))
