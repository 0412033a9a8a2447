"""The chart runtime is bundled once per vl-convert version and then read from the cache."""
from __future__ import annotations

from generator.render import charts


def test_runtime_is_cached_and_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KLANTWAARDE_NO_CACHE", raising=False)
    charts.runtime_js.cache_clear()
    first = charts.runtime_js()
    cached = list((tmp_path / "klantwaarde").glob("vega-runtime-*.js"))
    assert len(cached) == 1 and cached[0].read_text(encoding="utf-8") == first
    assert first.startswith("/* vega, vega-lite and vega-embed") and "window.vegaEmbed" in first
    # a second process reads the file instead of bundling again
    charts.runtime_js.cache_clear()
    cached[0].write_text(first + "// from the cache\n", encoding="utf-8")
    assert charts.runtime_js().endswith("// from the cache\n")
    charts.runtime_js.cache_clear()


def test_unwritable_cache_still_gives_the_runtime(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    charts.runtime_js.cache_clear()
    assert "window.vegaEmbed" in charts.runtime_js()
    charts.runtime_js.cache_clear()
