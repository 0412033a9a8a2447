"""A large build makes its customer pages on a pool of spawned worker processes, while the main
process makes the other pages: the same site, byte for byte, and a worker's error is the user's."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator import site as site_module
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
    one, many = files_of(tmp_path / "single"), files_of(tmp_path / "pooled")
    assert len([p for p in many if p.startswith("customers/") and p.endswith(".html")]) == 251
    assert many == one


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
