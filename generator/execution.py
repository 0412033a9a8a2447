"""How a build runs, as opposed to what it computes: worker counts, thresholds,
chunk sizes, paging and the garbage collector's settings, in one typed object.

:class:`Execution` is made once (by the CLI, ``serve`` or a test) and passed
into ``pipeline.build`` and on to every stage that needs one of its numbers;
no stage keeps such a number as a module global. None of its fields changes a
byte of the output except ``actions_paged_above`` and ``actions_page_rows``,
which decide how the worklist is split into pages, ``segment_page_rows`` (the same for a
segment's list) and ``index_part_rows`` (how the customer index's data is split into files).

Garbage collection: a build allocates millions of short-lived objects (rows,
texts, pages) and almost no reference cycles, so Python's default collector
thresholds (a collection every 700 net allocations, each tenth of them a deeper
one) spend its time walking objects that live on anyway: about 10 % of building
the sample report. A higher first threshold keeps the collector, and so the
collection of any cycles, at a small fraction of that. Memory is not affected
measurably (the sample's peak RSS: 237 MB with the default, 252 MB with this).
"""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Execution:
    """The numbers that decide how (not what) a build computes and renders."""

    #: render worker processes at most (fewer when the machine has fewer cores)
    max_workers: int = 8
    #: customers from which customer pages are rendered on the worker pool
    pool_from: int = 3000
    #: customer pages per task on the worker pool
    pool_chunk: int = 2000
    #: input data (bytes) for which a build starts its render workers before computing:
    #: from about 3,000 customers' data (``pool_from``) up to about 20,000
    #: (``parallel_recommendations_from``), with ~50 invoice lines each, as CSV. Larger builds
    #: start them when rendering: their memory peaks at the end of computing, where the
    #: recommendations run in two processes, and workers started ahead added 350 MB to it at
    #: 100,000 customers (3.6 -> 4.0 GB) for no gain in time.
    pool_ahead_bytes: tuple[int, int] = (12_000_000, 80_000_000)
    #: customers from which the recommendations' texts are made in two processes
    parallel_recommendations_from: int = 20_000
    #: PDFs from which they are made on the worker pool (below, one process is quicker)
    pdf_pool_from: int = 24
    #: PDFs per task on the worker pool
    pdf_chunk: int = 8
    #: rows per block of a workbook sheet; more rows than this are made on threads
    xlsx_block_rows: int = 8_192
    #: threads that make a workbook sheet's blocks
    xlsx_threads: int = 2
    #: more actions than this: actions.html becomes a summary, each account manager gets pages
    #: (the sample's 495 actions on one page were 52,805 px long; a manager's own page is a list
    #: to work through, filtered and ticked off in the browser)
    actions_paged_above: int = 150
    #: actions per account manager page (a page is what the filters and sorting work on)
    actions_page_rows: int = 200
    #: customers per page of a segment's list (segments/<id>.html, <id>_2.html, …)
    segment_page_rows: int = 250
    #: customers per part of the customer index's data (customers/index-data.js, then
    #: index-data-2.js, …): a large index comes in parts, the first shown while the rest loads
    index_part_rows: int = 50_000
    #: the garbage collector's (first, second, third) thresholds during a build; Python's
    #: default is (700, 10, 10)
    gc_thresholds: tuple[int, int, int] = (100_000, 50, 100)

    def workers(self) -> int:
        """Render worker processes for a large build on this machine."""
        return max(1, min(os.cpu_count() or 1, self.max_workers))


#: the settings of an ordinary build
DEFAULT = Execution()


@contextmanager
def few_collections(execution: Execution = DEFAULT):
    """Raise the collector's thresholds while the block runs (a command, a worker's task),
    and restore what they were."""
    before = gc.get_threshold()
    if before[0] < execution.gc_thresholds[0]:
        gc.set_threshold(*execution.gc_thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def after_task() -> None:
    """In a worker, after a chunk of pages: collect the chunk's garbage now. With the raised
    thresholds a chunk's objects (a report of its own, with the reference cycles of its
    tables) would wait long for a deep collection and pile up: a worker grew by ~100 MB per
    5,000 pages, a gigabyte at 100,000 customers. They are still young, so a collection of
    the two younger generations finds them without walking everything the worker keeps."""
    gc.collect(1)
