"""Customer pages rendered as Spark or Dask tasks (config.yaml: ``render: {engine: spark | dask}``)
are the spawn pool's pages, byte for byte; a task reads its chunk from Parquet; a task's error is
the user's (exit 2); a missing extra is exit 2 naming the ``render.engine`` line of config.yaml.

The comparison builds the benchmark's 10,000 customers (benchmarks/generate.py) with each engine
through the real CLI: on two cores generating the data and building with the pool took 15 s,
with Dask 17 s, with Spark 26 s (its session starts beside the computing); the whole file 110 s. Without pyspark (and Java) or dask these tests skip with the reason, and fail under
CI=true (.ci/run installs the extras and Java).
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from generator.cli import main
from generator.render import engines

CUSTOMERS = 10_000
MARKER = ".klantwaarde-site"


def _missing(what: str):
    """Skip with the reason, or fail under CI=true: CI must never pass without these tests."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{what} (CI=true: the render engine tests must run here; .ci/run installs it)", pytrace=False)
    pytest.skip(what)


def need(engine: str) -> None:
    if engine == "spark":
        if importlib.util.find_spec("pyspark") is None:
            _missing("the 'spark' extra is not installed (pyspark): pip install '.[spark]'")
        if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
            _missing("Spark needs Java 17 or newer: no 'java' on the PATH")
    elif engine == "dask" and importlib.util.find_spec("dask") is None:
        _missing("the 'dask' extra is not installed (dask): pip install '.[dask]'")


def cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def with_engine(project: Path, engine: str) -> Path:
    """``project``'s config.yaml with ``render: {engine: …}`` in front; its path."""
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    if text.startswith("render:\n"):  # an engine given before
        text = text.split("\n", 2)[2]
    config.write_text(f"render:\n  engine: {engine}\n" + text if engine != "local" else text, encoding="utf-8")
    return config


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def same_site(a: Path, b: Path) -> None:
    """Every file the same bytes, but the marker's fingerprint of the inputs (config.yaml differs
    in its render: key; the marker's hash of the site's files is compared)."""
    one, other = files_of(a), files_of(b)
    assert sorted(one) == sorted(other)
    differ = [path for path in one if one[path] != other[path]]
    assert differ in ([], [MARKER]), differ[:5]
    marks = [json.loads(m.decode().splitlines()[1]) for m in (one[MARKER], other[MARKER])]
    for m in marks:
        del m["fingerprint"]
    assert marks[0] == marks[1]


@pytest.fixture(scope="module")
def benchmark_10k(tmp_path_factory):
    """The benchmark's 10,000 customers, built with the pool (engine: local); (project, site)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    project = tmp_path_factory.mktemp("bench") / "10k"
    generate(CUSTOMERS, project)
    result = cli("build", "--config", str(project / "config.yaml"), "--output", str(project.parent / "local"),
                 "--quiet")
    assert result.exit_code == 0, result.output
    return project, project.parent / "local", result.output


@pytest.mark.parametrize("engine", ["dask", "spark"])
def test_the_10k_benchmark_rendered_by_an_engine_is_the_pools_site_byte_for_byte(engine, benchmark_10k, tmp_path,
                                                                                 monkeypatch):
    need(engine)
    project, local, said = benchmark_10k
    copy = tmp_path / "10k"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".klantwaarde"))
    with_engine(copy, engine)
    written = []

    def spy(report, parts, work):  # the driver writes the partitions the tasks read
        chunks = real(report, parts, work)
        written.append((len(report.customers), chunks, sorted(p.name for p in work.iterdir())))
        return chunks

    real = engines.write_partitions
    monkeypatch.setattr(engines, "write_partitions", spy)
    out = tmp_path / "site"
    result = cli("build", "--config", str(copy / "config.yaml"), "--output", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    assert result.output == said  # --quiet: the data's warnings, and nothing of Spark's or Dask's
    assert written == [(CUSTOMERS, list(range(8)), ["actions", "customers", "interactions", "monthly", "purchases",
                                                    "report.pickle", "rules"])]
    same_site(local, out)
    assert not (out / engines.WORK).exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_a_tasks_tables_read_from_parquet_are_the_pools_chunk(sample_project, tmp_path, monkeypatch):
    """The partitions hold the pool's chunks: each table read back is the chunk's, dtypes and all
    (object columns of text come back from Parquet as strings and are made objects again)."""
    import pandas as pd

    from generator import pipeline
    from generator.render.site import pool

    report = pipeline.compute_report(sample_project / "config.yaml")
    chunks = list(pool._report_chunks(report, 7))
    assert engines.write_partitions(report, 7, tmp_path / "work") == list(range(7))
    seen = []
    monkeypatch.setattr(pool, "_pool_render", lambda report, sink, execution: seen.append(report) or {})
    for k, chunk in enumerate(chunks):
        engines.render_chunk(str(tmp_path / "work"), k, None, None)
        for name in ("customers", "rules", "monthly", "actions", "interactions", "purchases"):
            ours, theirs = getattr(seen[k], name), getattr(chunk, name)
            pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
            assert list(ours.dtypes) == list(theirs.dtypes) and ours.index.dtype == theirs.index.dtype


@pytest.mark.parametrize("engine", ["dask", "spark"])
def test_an_error_in_a_task_is_the_users_and_the_published_site_is_kept(engine, sample_project, tmp_path):
    """A theme's customer page fails in the tasks (the other pages are made by the driver): exit 2
    naming the template's line, as with the pool."""
    need(engine)
    out = tmp_path / "site"
    assert cli("build", "--config", str(sample_project / "config.yaml"), "--output", str(out), "-q").exit_code == 0
    before = files_of(out)
    with_engine(sample_project, engine)
    theme = sample_project / "huisstijl"
    theme.mkdir()
    (theme / "customer.html").write_text('{% extends "klantwaarde/customer.html" %}\n{% block content %}\n'
                                         "{{ c.name }} {{ nergens.gedefinieerd }}\n{% endblock %}\n", encoding="utf-8")
    config = sample_project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: huisstijl\n", encoding="utf-8")
    result = cli("build", "--config", str(config), "--output", str(out), "-q")
    assert result.exit_code == 2, result.output
    assert "huisstijl/customer.html:3: UndefinedError" in result.output
    assert "Traceback" not in result.output
    assert files_of(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_sample_rendered_by_dask_is_the_sample_rendered_here(sample_project, tmp_path):
    """A small build renders its customer pages in this process (no pool); with an engine chosen
    they are the engine's tasks all the same, and the same bytes."""
    need("dask")
    config = sample_project / "config.yaml"
    assert cli("build", "--config", str(config), "--output", str(tmp_path / "here"), "-q").exit_code == 0
    with_engine(sample_project, "dask")
    assert cli("build", "--config", str(config), "--output", str(tmp_path / "dask"), "-q").exit_code == 0
    same_site(tmp_path / "here", tmp_path / "dask")


@pytest.mark.parametrize("engine, module", [("dask", "dask"), ("spark", "pyspark")])
def test_an_engine_whose_extra_is_missing_is_exit_2_naming_its_line(engine, module, sample_project, monkeypatch):
    with_engine(sample_project, engine)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == module else real(name, *a))
    for command in ("build", "validate"):
        result = cli(command, "--config", str(sample_project / "config.yaml"))
        assert result.exit_code == 2, result.output
        assert f"config.yaml:2:11: render.engine: {engine} needs the '{engine}' extra ({module} is not installed)" \
            in result.output
        assert f"pip install '.[{engine}]'" in result.output
        assert "Traceback" not in result.output


def test_spark_without_java_is_exit_2_naming_its_line(sample_project, monkeypatch):
    need("spark")
    with_engine(sample_project, "spark")
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = cli("build", "--config", str(sample_project / "config.yaml"))
    assert result.exit_code == 2, result.output
    assert "config.yaml:2:11: render.engine: spark needs Java 17 or newer" in result.output


def test_a_spark_that_does_not_start_is_exit_2_naming_its_line_and_the_site_is_kept(sample_project, tmp_path,
                                                                                    monkeypatch):
    """Java found but Spark's gateway dies (an old Java, a broken SPARK_HOME): the user's machine,
    not klantwaarde's bug; the published site stays."""
    need("spark")
    out = tmp_path / "site"
    assert cli("build", "--config", str(sample_project / "config.yaml"), "--output", str(out), "-q").exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with_engine(sample_project, "spark")

    def dies(workers):
        raise RuntimeError("[JAVA_GATEWAY_EXITED] Java gateway process exited before sending its port number.\n"
                           "  at line two of the JVM's story")

    monkeypatch.setattr(engines, "_spark_session", dies)
    result = cli("build", "--config", str(sample_project / "config.yaml"), "--output", str(out))
    assert result.exit_code == 2, result.output
    assert ("config.yaml:2:11: render.engine: spark does not start: [JAVA_GATEWAY_EXITED] Java gateway process "
            "exited before sending its port number.") in result.output
    assert "Java 17 or newer" in result.output and "or engine: local" in result.output
    assert "line two" not in result.output and "Traceback" not in result.output
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_unknown_engine_is_exit_2_naming_its_line(sample_project):
    with_engine(sample_project, "ray")
    result = cli("validate", "--config", str(sample_project / "config.yaml"))
    assert result.exit_code == 2, result.output
    assert "config.yaml:2:11" in result.output and "'local', 'spark' or 'dask'" in result.output


@pytest.mark.parametrize("engine", ["local", "dask", "spark"])
def test_ctrl_c_while_the_tasks_render_stops_them_and_keeps_the_published_site(engine, benchmark_10k, tmp_path):
    """Ctrl-C (SIGINT to the build's process group, as a terminal sends it) while the customer pages
    are made, by the pool or an engine's tasks: the build ends (click: 'Aborted!'), its workers
    with it, the published site stays, no staging folder is left and no traceback shown."""
    if engine != "local":
        need(engine)
    project, local, said = benchmark_10k
    copy = tmp_path / "10k"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".klantwaarde"))
    with_engine(copy, engine)
    out = tmp_path / "site"
    shutil.copytree(local, out)
    before = files_of(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--config", str(copy / "config.yaml"),
                              "--output", str(out), "-q"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    try:
        work = None
        while build.poll() is None:  # wait for the tasks' first pages: the state, not a time
            staging = [p for p in tmp_path.iterdir() if p.name.startswith(".site.new-")]
            work = staging[0] / engines.WORK if staging else None
            if staging and (staging[0] / "customers").is_dir() and (engine == "local" or work.is_dir()):
                break
            time.sleep(0.05)
        assert build.poll() is None, build.communicate()
        children = _children(build.pid)
        assert children  # the spawned workers
        os.killpg(build.pid, signal.SIGINT)
        _, err = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 1
    assert err.decode().strip() == "Aborted!"
    assert files_of(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert _ended(children, within=60) == []  # Spark's JVM ends when its driver has gone


def _ended(pids: list[int], within: float) -> list[int]:
    """Wait until ``pids`` have ended (or ``within`` seconds have passed); those still running."""
    deadline = time.monotonic() + within
    while True:
        alive = [pid for pid in pids if _state(pid) not in ("Z", "X")]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return found


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "X"  # gone
