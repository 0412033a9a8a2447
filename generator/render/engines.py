"""Customer pages rendered as the tasks of a Spark or Dask job (config.yaml: ``render: {engine: …}``).

``local`` (the default) is the spawn pool of :mod:`generator.render.site.pool`. With ``spark``
or ``dask`` the same chunks of customers are rendered by the same function
(``pool._pool_render``), but a task does not receive its chunk from the driver: pickled chunks
cost 339 MB per 100,000 customers to ship. Instead the driver writes the per-customer tables
(customers, rules, monthly, actions, interactions, purchases and, where present, previous and
contacts) to Parquet, one partition per chunk (``<table>/chunk=<k>/part.parquet``), beside one
small pickled report without them (the policy, the config, the theme: ~150 kB); each task reads
its partition and writes its pages into the staging folder, and returns their sizes. The driver
makes the overview, segment, index and action pages meanwhile and publishes as with the pool.

The work folder lies inside the staging folder (``.render-work``) and is removed before the
site is published; a build that is killed leaves it with the staging folder, which the next
build removes (output.writer.remove_stale). On one machine the pool is the fastest engine
(README, "Render engines"); the engines are for a cluster that shares the output's file system.

Spark runs in a ``local[2]`` session here (started beside the computing, which keeps one core
busy: its 5-7 s are hidden), without its web UI and logs; its Python workers are forked from a
daemon that never ran vl_convert (rendering pages does not run it either). Dask uses its
``processes`` scheduler on klantwaarde's own spawn pool (render.workers): after vl_convert has
run in a process, forked workers can deadlock; threads would render one page at a time (the
interpreter lock).
"""
from __future__ import annotations

import os
import pickle
import shutil
import sys
import threading
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from generator.errors import InputError, KlantwaardeError, Problem
from generator.execution import DEFAULT, Execution
from generator.model.report import Report
from generator.render.site import pool as site_pool

#: the engines config.yaml's ``render.engine`` names; local is the spawn pool
ENGINES = ("local", "spark", "dask")
#: the per-customer tables of a Report, written per chunk
TABLES = ("customers", "rules", "monthly", "actions", "interactions", "purchases", "previous", "contacts")
#: the work folder's name inside the staging folder
WORK = ".render-work"


def start(engine: str, execution: Execution = DEFAULT, where: Problem | None = None):
    """The engine of a build, started now (beside the computing): a :class:`SparkEngine` or
    :class:`DaskEngine`; hand it to ``render_site`` as its ``workers``. ``where``: config.yaml's
    ``render.engine`` line, which an engine that does not start is reported at (exit 2)."""
    if engine == "spark":
        return SparkEngine(execution, where)
    if engine == "dask":
        return DaskEngine(execution)
    raise ValueError(engine)


# ---------------------------------------------------------------------- the driver's side


@dataclass(frozen=True)
class Shell:
    """What every task shares: the report without its per-customer tables, and how to read
    those back with the dtypes they had (Parquet has no 'object' column)."""

    report: Report
    dtypes: dict[str, tuple[dict, object]]   # table → ({column: dtype}, index dtype); only tables present


def write_partitions(report: Report, parts: int, work: Path) -> list[int]:
    """The per-customer tables of ``report`` in the same chunks as the pool's, as Parquet in
    ``work``; the chunk numbers written (empty chunks are not)."""
    work.mkdir(parents=True, exist_ok=True)
    present = [name for name in TABLES if isinstance(getattr(report, name), pd.DataFrame)]
    shell = Shell(replace(report, whale=None, consistency=None, page_mask=None,
                          **{name: getattr(report, name).iloc[:0] for name in present}),
                  {name: (getattr(report, name).dtypes.to_dict(), getattr(report, name).index.dtype)
                   for name in present})
    (work / "report.pickle").write_bytes(pickle.dumps(shell, protocol=pickle.HIGHEST_PROTOCOL))
    chunks = []
    for k, chunk in enumerate(site_pool._report_chunks(report, parts)):
        ids = chunk.customers.index
        for name in present:
            frame = getattr(chunk, name)
            if name in ("previous", "contacts"):  # whole in the pool's chunks: here only the chunk's customers
                frame = frame[frame.index.isin(ids)]
            folder = work / name / f"chunk={k}"
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=True), folder / "part.parquet")
        chunks.append(k)
    return chunks


# ---------------------------------------------------------------------- a task's side

_shells: dict[str, Shell] = {}


def render_chunk(work: str, k: int, sink, execution: Execution) -> dict[str, int]:
    """In a task: the customer pages of chunk ``k``, read from the work folder and rendered by the
    pool's own function into ``sink``; their sizes."""
    shell = _shells.get(work)
    if shell is None:
        shell = _shells[work] = pickle.loads(Path(work, "report.pickle").read_bytes())
    tables = {name: _read(Path(work, name, f"chunk={k}", "part.parquet"), *dtypes)
              for name, dtypes in shell.dtypes.items()}
    return site_pool._pool_render(replace(shell.report, **tables), sink, execution)


def _read(path: Path, dtypes: dict, index_dtype) -> pd.DataFrame:
    """A chunk's table as it was in the report: object columns (text with None) come back from
    Parquet as strings, and are made objects again."""
    table = pq.read_table(path)
    frame = table.to_pandas()
    for column, dtype in dtypes.items():
        if frame[column].dtype != dtype:
            frame[column] = _as(frame[column], dtype)
    if frame.index.dtype != index_dtype:
        frame.index = pd.Index(_as(frame.index.to_series(), index_dtype), name=frame.index.name)
    return frame


def _as(values: pd.Series, dtype) -> pd.Series:
    if dtype == object:
        return pd.Series(values.astype(object).where(values.notna(), None).to_numpy(dtype=object),
                         index=values.index, dtype=object, name=values.name)
    return values.astype(dtype)


class _TaskError(Exception):
    """An error in a Spark task, carried back pickled (Spark reports a task's error as text)."""


def _spark_partition(work: str, sink, execution: Execution, chunks):
    """A Spark partition (its chunk numbers): each chunk's sizes, or the pickled error of the
    first that failed (an InputError from a theme's template stays one, exit 2)."""
    for k in chunks:
        try:
            yield ("ok", render_chunk(work, k, sink, execution))
        except Exception as exc:  # noqa: BLE001 - handed to the driver, which raises it
            try:
                yield ("error", pickle.dumps(exc))
            except Exception:  # noqa: BLE001 - an error that does not pickle: its text
                yield ("error", pickle.dumps(_TaskError(f"{type(exc).__name__}: {exc}")))
            return


# ---------------------------------------------------------------------- the engines


class _Pages:
    """The customer pages of one build on an engine: the partitions written and the job run by a
    thread of this process while the main thread makes the other pages (as CustomerPool)."""

    def __init__(self, engine, report: Report, for_worker, parts: int):
        self._engine = engine
        self._sink = for_worker()
        self._work = Path(self._sink.folder) / WORK
        self._sizes: list[dict[str, int]] = []
        self._error: BaseException | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(report, parts), name="klantwaarde-engine",
                                        daemon=True)
        self._thread.start()

    def _run(self, report: Report, parts: int) -> None:
        try:
            chunks = write_partitions(report, parts, self._work)
            del report
            if self._stopped.is_set():
                return
            self._sizes = self._engine.run(str(self._work), chunks, self._sink)
        except BaseException as exc:  # a task's error (a theme template, say): raised by finish()
            self._error = exc

    def finish(self) -> list[dict[str, int]]:
        """Wait for every chunk; the pages each wrote (their sizes), or the first error."""
        try:
            self._thread.join()
        finally:
            self._engine.close()
            shutil.rmtree(self._work, ignore_errors=True)
        if self._error is not None:
            raise self._error
        return self._sizes

    def stop(self) -> None:
        """Give up (this process failed, or Ctrl-C): the job cancelled, the engine stopped."""
        self._stopped.set()
        self._engine.cancel()
        self._thread.join()
        self._engine.close()
        shutil.rmtree(self._work, ignore_errors=True)


class DaskEngine:
    """Dask's ``processes`` scheduler on a spawn pool started now (its workers import the renderer
    while the build computes)."""

    def __init__(self, execution: Execution = DEFAULT):
        import dask  # noqa: F401 - the 'dask' extra, imported only when chosen (pipeline.check_render_engine)

        self._execution = execution
        self._workers = max(1, execution.workers())
        self._pool = site_pool.start_workers(execution) if self._workers >= 2 else None

    def customer_pages(self, report: Report, for_worker, parts: int) -> _Pages:
        return _Pages(self, report, for_worker, parts)

    def run(self, work: str, chunks: list[int], sink) -> list[dict[str, int]]:
        import dask  # deferred: the 'dask' extra

        tasks = [dask.delayed(render_chunk, pure=False)(work, k, sink, self._execution) for k in chunks]
        if self._pool is None:  # one core, or no spawnable main script: the synchronous scheduler
            return list(dask.compute(*tasks, scheduler="synchronous"))
        return list(dask.compute(*tasks, scheduler="processes", pool=self._pool, num_workers=self._workers,
                                 optimize_graph=False))

    def cancel(self) -> None:
        if self._pool is not None:
            from generator.render.workers import stop_now  # deferred: only a cancelled build needs it

            stop_now(self._pool)

    def close(self) -> None:
        if self._pool is not None:
            site_pool.stop_workers(self._pool)
            self._pool = None


class SparkEngine:
    """A ``local[2]`` Spark session (``local[<workers>]``), started on a thread now; each chunk one
    partition of ``mapPartitions`` over the chunk numbers."""

    def __init__(self, execution: Execution = DEFAULT, where: Problem | None = None):
        import pyspark  # noqa: F401 - the 'spark' extra, imported only when chosen (pipeline.check_render_engine)

        self._execution = execution
        self._where = where or Problem("config.yaml", "")
        self._session = None
        self._scratch: str | None = None
        self._own = True
        self._error: BaseException | None = None
        self._closed = False
        self._started = threading.Thread(target=self._start, name="klantwaarde-spark", daemon=True)
        self._started.start()

    def _start(self) -> None:
        try:
            from pyspark.sql import SparkSession  # deferred: the 'spark' extra

            active = SparkSession.getActiveSession()
            if active is not None:  # a session this process uses already (a connection: pyspark source)
                self._session, self._own = active, False
                return
            self._session, self._scratch = _spark_session(self._execution.workers())
        except BaseException as exc:  # noqa: BLE001 - raised where the session is used
            self._error = exc

    def customer_pages(self, report: Report, for_worker, parts: int) -> _Pages:
        return _Pages(self, report, for_worker, parts)

    def run(self, work: str, chunks: list[int], sink) -> list[dict[str, int]]:
        self._started.join()
        if isinstance(self._error, (KlantwaardeError, KeyboardInterrupt)):
            raise self._error
        if self._error is not None:  # Java too old or broken, no free port, a bad SPARK_HOME: the user's machine
            first = next((line.strip() for line in str(self._error).splitlines() if line.strip()),
                         type(self._error).__name__)
            raise InputError(Problem(self._where.file, f"render.engine: spark does not start: {first}",
                                     self._where.line, self._where.column,
                                     hint="Spark 4 needs Java 17 or newer (java -version; Debian: apt-get install "
                                          "openjdk-17-jre-headless) and a free port on 127.0.0.1; or engine: local"
                                     )) from None
        if self._closed:
            return []
        sc = self._session.sparkContext
        sc.setJobGroup("klantwaarde-render", "customer pages", interruptOnCancel=True)
        job = sc.parallelize(chunks, len(chunks)).mapPartitions(
            partial(_spark_partition, work, sink, self._execution))
        sizes = []
        for status, value in job.collect():
            if status == "error":
                raise pickle.loads(value)
            sizes.append(value)
        return sizes

    def cancel(self) -> None:
        self._started.join()
        if self._session is not None and not self._closed:
            try:
                self._session.sparkContext.cancelJobGroup("klantwaarde-render")
            except Exception:  # noqa: BLE001 - a session already gone (its JVM had Ctrl-C too)
                pass

    def close(self) -> None:
        self._started.join()
        if self._closed:
            return
        self._closed = True
        if self._session is not None and self._own:
            try:
                self._session.stop()
            except Exception:  # noqa: BLE001 - a JVM already gone (Ctrl-C reaches it too)
                pass
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


def _spark_session(workers: int):
    """A quiet local Spark session and its scratch folder: ``workers`` threads, no web UI, on
    127.0.0.1, its Python workers this Python with klantwaarde importable. What the JVM and
    the Python workers print (Spark's banner, its warnings) goes to ``spark.log`` in the scratch
    folder, not to the terminal: a task's error comes back to the driver as its exception."""
    import tempfile  # deferred: only a Spark session needs its own folders

    from pyspark import SparkConf, SparkContext  # deferred: the 'spark' extra
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession

    scratch = tempfile.mkdtemp(prefix="klantwaarde-spark-")
    package_root = str(Path(__file__).resolve().parents[2])
    python_path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers' Python: this one, with pandas
    conf = (SparkConf().setMaster(f"local[{max(1, workers)}]").setAppName("klantwaarde-render")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.local.dir", scratch)
            .set("spark.sql.warehouse.dir", str(Path(scratch, "warehouse")))
            .set("spark.executorEnv.PYTHONPATH", python_path)
            .set("spark.task.maxFailures", "1"))
    with open(Path(scratch, "spark.log"), "wb") as log:  # the JVM keeps its own copy of the descriptor
        gateway = launch_gateway(conf, popen_kwargs={"stdout": log, "stderr": log})
    context = SparkContext(conf=conf, gateway=gateway)
    context.setLogLevel("ERROR")
    return SparkSession(context), scratch


__all__ = ["ENGINES", "DaskEngine", "SparkEngine", "render_chunk", "start", "write_partitions"]
