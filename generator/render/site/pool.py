"""A large build's customer pages on a pool of worker processes.

spawn, not fork: forked children can deadlock after vl_convert has run in this
process. Each task carries the report cut down to its own customers and a sink
to write its pages into (handed over by the caller, so rendering never opens a
file); the other pages are made meanwhile by the main process.
"""
from __future__ import annotations

import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from dataclasses import replace

import numpy as np
import pandas as pd

from generator.execution import DEFAULT, Execution, after_task, few_collections
from generator.model.report import Report
from generator.render.site.build import Build
from generator.render.site.customers import CustomerPages
from generator.render.workers import spawn_pool, spawnable, stop_now


def start_workers(execution: Execution = DEFAULT) -> ProcessPoolExecutor | None:
    """The worker pool of a large build, started now so that the workers' start (a Python each,
    importing pandas and the renderer: about a second of CPU) runs beside the computing, which
    keeps only one core busy. None where no pool can be used."""
    workers = execution.workers()
    if workers < 2 or not spawnable():
        return None
    executor = spawn_pool(workers)
    for _ in range(workers):
        executor.submit(_warm)
    return executor


def stop_workers(executor: ProcessPoolExecutor) -> None:
    """Shut a pool from :func:`start_workers` down now, without waiting for its workers to finish
    starting (they have only been importing)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())  # CPython's own list
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)


def start_customer_pages(report: Report, files, executor: ProcessPoolExecutor | None,
                         execution: Execution = DEFAULT) -> CustomerPool | None:
    """A large build's customer pages, started on a pool of worker processes that write them
    through sinks from ``files.for_worker()`` (the staging folder) while this process makes the
    other pages; None when they are made here (small builds, or ``files`` hands out no sink)."""
    if report.page_mask is not None:  # only the customers with a page (config: pages) are rendered
        report = replace(report, customers=report.customers[report.has_page().to_numpy()], page_mask=None)
    n = len(report.customers)
    workers = execution.workers()
    for_worker = getattr(files, "for_worker", None)
    engine = getattr(executor, "customer_pages", None)  # a Spark or Dask engine (render.engines), chosen
    if engine is not None:                               # in config.yaml: every build's pages go to it
        if n and for_worker is not None:
            return engine(report, for_worker, chunk_count(n, execution))
        executor.close()
        return None
    if n < execution.pool_from or workers < 2 or for_worker is None or not spawnable():
        if executor is not None:
            stop_workers(executor)
        return None
    return CustomerPool(report, for_worker, workers, parts=chunk_count(n, execution),
                        executor=executor, execution=execution)


def chunk_count(n: int, execution: Execution = DEFAULT) -> int:
    """Into how many chunks ``n`` customers' pages are cut: a few per worker, at most
    ``execution.pool_chunk`` customers each (the pool's and the render engines' tasks)."""
    return max(execution.workers() * 4, -(-n // execution.pool_chunk))


def _warm() -> None:
    """In a new worker: a task, so the worker starts now and imports what rendering customer
    pages needs (this module, and with it pandas and the renderer)."""


def _report_chunks(report: Report, parts: int):
    """The report ``parts`` times, each with only a consecutive share of the customers (and
    their months, contacts, purchases, actions and rule results): what their pages need."""
    n = len(report.customers)
    chunk_of = np.arange(n) * parts // n
    positions = pd.Series(chunk_of, index=report.customers.index)

    def rows_by_chunk(frame: pd.DataFrame | None, by_index: bool = False) -> dict:
        """chunk → positions of the frame's rows (rows of unknown customers belong to none)."""
        if frame is None or not len(frame):
            return {}
        keys = pd.Series(frame.index if by_index else frame["customer_id"].to_numpy()).astype(str)
        which = keys.map(positions).to_numpy(dtype=float)
        known = ~np.isnan(which)
        return pd.Series(np.flatnonzero(known)).groupby(which[known].astype(int)).apply(np.asarray).to_dict()

    tables = {"monthly": report.monthly, "actions": report.actions, "interactions": report.interactions,
              "purchases": report.purchases, "rules": report.rules}
    rows = {name: rows_by_chunk(frame, by_index=name == "rules") for name, frame in tables.items()}
    bounds = np.searchsorted(chunk_of, np.arange(parts + 1))
    for k in range(parts):
        if bounds[k] == bounds[k + 1]:
            continue
        parts_of_k = {name: (None if frame is None else frame.iloc[rows[name].get(k, np.arange(0))])
                      for name, frame in tables.items()}
        # positions, not a slice: a copy, never a view of the report's tables (chunks are cut on
        # a thread of their own while the main thread reads those tables)
        yield replace(report, customers=report.customers.iloc[np.arange(bounds[k], bounds[k + 1])], whale=None,
                      consistency=None, **parts_of_k)


class CustomerPool:
    """The customer pages of a large build on a pool of worker processes.

    Each task carries the report cut down to its own customers, so a worker
    holds no more than one chunk and nothing is prepared twice; a thread of this
    process cuts and hands out the chunks, a few ahead of the workers (never the
    whole report again), while the main thread makes the other pages.
    """

    def __init__(self, report: Report, for_worker, workers: int, parts: int,
                 executor: ProcessPoolExecutor | None = None, execution: Execution = DEFAULT):
        self._pool = executor or spawn_pool(workers)
        self._execution = execution
        self._stopped = threading.Event()
        self._sizes: list[dict[str, int]] = []
        self._error: BaseException | None = None
        self._feeder = threading.Thread(target=self._feed, args=(report, for_worker, workers, parts),
                                        name="klantwaarde-chunks", daemon=True)
        self._feeder.start()

    def _feed(self, report, for_worker, workers, parts) -> None:
        try:
            running: set = set()
            for chunk in _report_chunks(report, parts):
                if self._stopped.is_set():
                    return
                running.add(self._pool.submit(_pool_render, chunk, for_worker(), self._execution))
                if len(running) >= 2 * workers:  # a few chunks queued, not the whole report again
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    self._sizes.extend(future.result() for future in done)
            self._sizes.extend(future.result() for future in as_completed(running))
        except BaseException as exc:  # a worker's error (a theme template, say): raised by finish()
            self._error = exc

    def finish(self) -> list[dict[str, int]]:
        """Wait for every chunk; the pages each wrote (their sizes), or the first error."""
        try:
            self._feeder.join()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._error is not None:
            raise self._error
        return self._sizes

    def stop(self) -> None:
        """Give up (this process failed, or Ctrl-C): no new chunks, the workers stopped now (a
        chunk they have taken is not finished first)."""
        self._stopped.set()
        stop_now(self._pool)
        self._feeder.join()


def _pool_render(report: Report, sink, execution: Execution) -> dict[str, int]:
    """In a worker: the customer pages of ``report`` (a chunk), written into ``sink``; their
    sizes for the manifest. The collector runs as the build's ``execution`` says."""
    with few_collections(execution):
        pages = CustomerPages(Build(report))
        pages.render(range(len(pages.customers)), sink)
        sink.flush()
        del pages, report
    after_task()
    return sink.sizes
