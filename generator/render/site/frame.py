"""A page type's layout rendered once, so each page renders only its content block."""
from __future__ import annotations

import jinja2

from generator.render import fragments


class Frame:
    """The layout (``_base.html``) around the content of a page type whose layout is the same on
    every page of that type but for the page title: rendered once, so a page renders only its
    content block. Customer pages: the layout is about 40 % of a page's template time.

    The layout is rendered with markers for the content and the title; :meth:`make` renders it
    twice with different page paths and gives up (None) unless both are the same, so a layout
    that shows anything of its page but the title is rendered whole for every page."""

    _CONTENT, _TITLE = "\x00content\x00", "\x00title\x00"

    def __init__(self, template: jinja2.Template, head: list[str], tail: str, macros: dict):
        self._template, self._head, self._tail, self._macros = template, head, tail, macros

    @classmethod
    def make(cls, env: jinja2.Environment, name: str, common: dict) -> "Frame | None":
        template = env.get_template(name)
        if "content" not in template.blocks:
            return None
        layout = env.from_string('{% extends "_base.html" %}{% block content %}' + cls._CONTENT + "{% endblock %}")
        seen = {layout.render(dict(common, page_title=cls._TITLE, path=path))
                for path in ("customers/\x00a.html", "customers/\x00b.html")}
        if len(seen) != 1:
            return None
        text = seen.pop()
        if text.count(cls._CONTENT) != 1 or "\x00a" in text:
            return None
        head, tail = text.split(cls._CONTENT)
        # the page's import (``{% import "_macros.html" as ui with context %}``), made once: its
        # macros read nothing of a page but what every customer page has in common
        macros = {"ui": env.get_template("_macros.html").make_module(dict(common, page_title="", path=""))}
        return cls(template, head.split(cls._TITLE), tail, macros)

    def page(self, title: str, context: dict) -> bytes:
        """A page: the layout with its title, around its content block rendered with ``context``."""
        block = self._template.blocks["content"]
        content = "".join(block(self._template.new_context(dict(context, **self._macros))))
        return (fragments.esc(title).join(self._head) + content + self._tail).encode("utf-8")
