"""The one way rendering runs in parallel: a pool of worker processes started with spawn.

Customer pages (``render.site.pool``) and PDFs (``render.pdf``) are made in such a pool
when a build is large enough (``execution.Execution``). spawn, not fork: after
vl_convert has run in a process, forked children can deadlock. Threads are used only to
wait for the disk (``output.writer``) and for Arrow's and zlib's work outside the
interpreter lock (``render.xlsx``), never to render.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor


def spawn_pool(workers: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes, each set up by ``initializer(*initargs)``.

    Made in the main thread, the workers die with this process, even when it is killed
    (``kill -9``): they would otherwise live on, holding their memory."""
    tie = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(os.getpid() if tie else None, initializer, initargs))


def _start_worker(parent: int | None, initializer, initargs: tuple) -> None:
    # Ctrl-C reaches every process of the terminal's group: the build decides what stops (it
    # stops its workers itself, stop_now), a worker does not die with a traceback of its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


#: prctl(2) option: the signal a process gets when the thread that made it ends
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """On Linux, ask the kernel to kill this process when ``parent`` (the main thread that
    started it) ends; elsewhere nothing. Already orphaned: end now."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes  # deferred: only a Linux worker needs it, once

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def stop_now(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool``'s workers without waiting for their tasks (Ctrl-C, or an error elsewhere):
    a task a worker has taken (or that waits in the pool's queue, where it can no longer be
    cancelled) would otherwise run to its end first; a chunk of PDFs takes many seconds."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


def spawnable() -> bool:
    """Whether spawned workers can start: they re-import the main script, which a program read
    from standard input ('python -') does not have (its workers would never start)."""
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    return main is None or os.path.exists(main)
