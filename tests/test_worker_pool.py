"""A large build makes its customer pages on a pool of spawned worker processes, while the main
process makes the other pages: the same site, byte for byte, and a worker's error is the user's."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator import pipeline
from generator.errors import InputError
from generator.execution import DEFAULT, Execution
from generator.render.site.frame import Frame
from generator.resources import templates_dir

#: the sample's 250 customers count as large, in 7 chunks: more than two workers take at once
POOLED = Execution(pool_from=10, pool_chunk=40)


def build(project: Path, out: Path, lang: str | None = None, execution: Execution = DEFAULT):
    return pipeline.build(project / "config.yaml", out, lang, execution=execution)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_theme(project: Path, files: dict[str, str]) -> None:
    theme = project / "huisstijl"
    theme.mkdir()
    for name, text in files.items():
        (theme / name).write_text(text, encoding="utf-8")
    config = project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: huisstijl\n", encoding="utf-8")


def test_pages_made_by_worker_processes_are_the_pages_made_in_one(sample_project, tmp_path):
    build(sample_project, tmp_path / "single")
    build(sample_project, tmp_path / "pooled", execution=POOLED)
    # and with workers started before computing
    build(sample_project, tmp_path / "started", execution=dataclasses.replace(POOLED, pool_ahead_bytes=(0, 10**12)))
    one, many = files_of(tmp_path / "single"), files_of(tmp_path / "pooled")
    assert len([p for p in many if p.startswith("customers/") and p.endswith(".html")]) == 251
    assert many == one
    assert files_of(tmp_path / "started") == one


def test_workers_started_for_a_build_that_turns_out_small_are_shut_down(sample_project, tmp_path):
    import multiprocessing

    # started ahead; 250 customers: unused
    build(sample_project, tmp_path / "site", execution=Execution(pool_ahead_bytes=(0, 10**12)))
    assert files_of(tmp_path / "site")["index.html"]
    assert multiprocessing.active_children() == []


def test_an_error_in_a_worker_is_reported_and_the_published_site_kept(sample_project, tmp_path):
    out = tmp_path / "site"
    build(sample_project, out)
    before = files_of(out)
    with_theme(sample_project, {"customer.html": '{% extends "klantwaarde/customer.html" %}\n{% block content %}\n'
                                                 "{{ c.name }} {{ nergens.gedefinieerd }}\n{% endblock %}\n"})
    with pytest.raises(InputError) as error:
        build(sample_project, out, execution=POOLED)
    assert "huisstijl/customer.html:3: UndefinedError" in str(error.value)
    assert files_of(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_customer_pages_in_a_layout_made_once_are_the_pages_jinja_renders_whole(sample_project, tmp_path):
    """Customer pages render their content block inside the layout rendered once per build
    (site.frame.Frame); a theme's customer.html is rendered whole by Jinja, and one that only
    extends the packaged page gives the same bytes, in both languages."""
    for lang in ("nl", "en"):
        build(sample_project, tmp_path / f"framed-{lang}", lang)
    with_theme(sample_project, {"customer.html": '{% extends "klantwaarde/customer.html" %}\n'})
    for lang in ("nl", "en"):
        build(sample_project, tmp_path / f"whole-{lang}", lang)
        framed, whole = files_of(tmp_path / f"framed-{lang}"), files_of(tmp_path / f"whole-{lang}")
        del framed[".klantwaarde-site"], whole[".klantwaarde-site"]  # the inputs differ: a theme
        assert framed == whole


def test_a_layout_that_differs_per_page_is_rendered_whole_for_every_page(sample_project, tmp_path):
    """A theme's layout may show more of a page than its title: then nothing is rendered once."""
    base = (Path(templates_dir()) / "_base.html").read_text(encoding="utf-8")
    with_theme(sample_project, {"_base.html": base.replace("<main", '<p class="where">{{ path }}</p>\n<main')})
    build(sample_project, tmp_path / "site")
    pages = [p for p in (tmp_path / "site" / "customers").glob("*.html") if p.name != "index.html"]
    for page in pages[:20]:
        assert f'<p class="where">customers/{page.name}</p>' in page.read_text(encoding="utf-8")


def test_a_frame_is_made_only_of_a_layout_that_is_the_same_for_every_page():
    import jinja2

    def env(base: str) -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.DictLoader({
            "_base.html": base, "_macros.html": "{% macro chart() %}{% endmacro %}",
            "page.html": '{% extends "_base.html" %}{% block content %}<p>{{ c }}</p>{% endblock %}'}),
            autoescape=True)

    same = Frame.make(env("<title>{{ page_title }}</title>{% block content %}{% endblock %}<i>{{ x }}</i>"),
                      "page.html", {"x": 1})
    assert same is not None
    assert same.page("A & B", {"c": "<x>"}) == b"<title>A &amp; B</title><p>&lt;x&gt;</p><i>1</i>"
    assert Frame.make(env("{{ path }}{% block content %}{% endblock %}"), "page.html", {}) is None
