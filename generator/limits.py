"""Bounds on what a user's file can make the build do: time and size.

A policy's action texts and a theme's templates are other people's code. The
sandbox refuses what is unsafe; these bounds stop what is merely enormous
or endless (a text padded to 50 MB, four nested loops over 1,000 items) with
a clear input error instead of a build that never ends or runs out of memory.
"""
from __future__ import annotations

import signal
import threading

#: the longest action text (title or text, one customer), in characters
MAX_TEXT_CHARS = 64_000
#: the largest page a theme's template may make, in bytes (a customer page of the sample is ~60 KB)
MAX_PAGE_BYTES = 20_000_000
#: seconds one customer's action texts may take, all of them together
TEXT_SECONDS = 2.0
#: seconds one page of a theme's templates may take
PAGE_SECONDS = 10.0


class OutOfTime(Exception):
    """A time budget ran out (raised inside the work that overran it)."""


class TooLarge(Exception):
    """A text or page grew beyond its size budget."""


def _expired(signum, frame):
    raise OutOfTime()


class TimeBudget:
    """A wall-clock budget for a piece of work in this process's main thread (SIGALRM).

    ``with TimeBudget() as budget:`` installs the handler; ``budget.start(seconds)`` before
    each piece of work and ``budget.stop()`` after it (about a microsecond each). Elsewhere
    than the main thread (or without ``setitimer``) it does nothing: the size budgets still
    hold there.
    """

    def __init__(self):
        self.active = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        self._previous = None

    def __enter__(self) -> "TimeBudget":
        if self.active:
            self._previous = signal.signal(signal.SIGALRM, _expired)
        return self

    def start(self, seconds: float) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, seconds)

    def stop(self) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def __exit__(self, *exc) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous if self._previous is not None else signal.SIG_DFL)


def bounded_join(chunks, limit: int) -> str:
    """``"".join(chunks)``, refusing (:class:`TooLarge`) once the text passes ``limit`` characters."""
    out, total = [], 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise TooLarge(total)
        out.append(chunk)
    return "".join(out)
