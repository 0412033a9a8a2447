"""A large build makes its customer pages on a pool of spawned worker processes, while the main
process makes the other pages: the same site, byte for byte, and a worker's error is the user's."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator import pipeline
from generator.render import site as site_module
from generator.cli import main


def build(project: Path, out: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--quiet", "--config", str(project / "config.yaml"),
                                     "--output", str(out), *extra])


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pages_made_by_worker_processes_are_the_pages_made_in_one(sample_project, tmp_path, monkeypatch):
    single = build(sample_project, tmp_path / "single")
    assert single.exit_code == 0, single.output
    monkeypatch.setattr(site_module, "POOL_FROM", 10)   # the sample's 250 customers count as large
    monkeypatch.setattr(site_module, "POOL_CHUNK", 40)  # in 7 chunks, more than two workers take at once
    pooled = build(sample_project, tmp_path / "pooled")
    assert pooled.exit_code == 0, pooled.output
    monkeypatch.setattr(pipeline, "POOL_INPUT_BYTES", (0, 10**12))  # and with workers started before computing
    started = build(sample_project, tmp_path / "started")
    assert started.exit_code == 0, started.output
    one, many = files_of(tmp_path / "single"), files_of(tmp_path / "pooled")
    assert len([p for p in many if p.startswith("customers/") and p.endswith(".html")]) == 251
    assert many == one
    assert files_of(tmp_path / "started") == one


def test_workers_started_for_a_build_that_turns_out_small_are_shut_down(sample_project, tmp_path, monkeypatch):
    import multiprocessing

    monkeypatch.setattr(pipeline, "POOL_INPUT_BYTES", (0, 10**12))  # started ahead; 250 customers: unused
    result = build(sample_project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert files_of(tmp_path / "site")["index.html"]
    assert multiprocessing.active_children() == []


def test_an_error_in_a_worker_is_reported_and_the_published_site_kept(sample_project, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert build(sample_project, out).exit_code == 0
    before = files_of(out)
    theme = sample_project / "huisstijl"
    theme.mkdir()
    (theme / "customer.html").write_text('{% extends "klantwaarde/customer.html" %}\n{% block content %}\n'
                                         "{{ c.name }} {{ nergens.gedefinieerd }}\n{% endblock %}\n", encoding="utf-8")
    config = sample_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: huisstijl\n", encoding="utf-8")
    monkeypatch.setattr(site_module, "POOL_FROM", 10)
    monkeypatch.setattr(site_module, "POOL_CHUNK", 40)
    result = build(sample_project, out)
    assert result.exit_code == 2, result.output
    assert "huisstijl/customer.html:3: UndefinedError" in result.output, result.output
    assert "Traceback" not in result.output
    assert files_of(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_customer_pages_in_a_layout_made_once_are_the_pages_jinja_renders_whole(sample_project, tmp_path,
                                                                              monkeypatch):
    """Customer pages render their content block inside the layout rendered once per build
    (site._Frame); whole pages rendered by Jinja are the same bytes, in both languages."""
    for lang in ("nl", "en"):
        framed = build(sample_project, tmp_path / f"framed-{lang}", "--lang", lang)
        assert framed.exit_code == 0, framed.output
        monkeypatch.setattr(site_module, "FRAMED_CUSTOMER_PAGES", False)
        whole = build(sample_project, tmp_path / f"whole-{lang}", "--lang", lang)
        monkeypatch.setattr(site_module, "FRAMED_CUSTOMER_PAGES", True)
        assert whole.exit_code == 0, whole.output
        assert files_of(tmp_path / f"framed-{lang}") == files_of(tmp_path / f"whole-{lang}")


def test_a_layout_that_differs_per_page_is_rendered_whole_for_every_page(sample_project, tmp_path):
    """A theme's layout may show more of a page than its title: then nothing is rendered once."""
    theme = sample_project / "huisstijl"
    theme.mkdir()
    base = (Path(site_module.templates_dir()) / "_base.html").read_text(encoding="utf-8")
    (theme / "_base.html").write_text(base.replace("<main", '<p class="where">{{ path }}</p>\n<main'),
                                      encoding="utf-8")
    config = sample_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: huisstijl\n", encoding="utf-8")
    result = build(sample_project, tmp_path / "site")
    assert result.exit_code == 0, result.output
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

    same = site_module._Frame.make(env("<title>{{ page_title }}</title>{% block content %}{% endblock %}<i>{{ x }}</i>"),
                                   "page.html", {"x": 1})
    assert same is not None
    assert same.page("A & B", {"c": "<x>"}) == b"<title>A &amp; B</title><p>&lt;x&gt;</p><i>1</i>"
    assert site_module._Frame.make(env("{{ path }}{% block content %}{% endblock %}"), "page.html", {}) is None
