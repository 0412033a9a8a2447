"""Every customer's timeline of contacts and purchases, ordered and formatted for all customers at once."""
from __future__ import annotations

import numpy as np
import pandas as pd
from markupsafe import Markup

from generator.model.report import TIMELINE_EVENTS
from generator.render import fragments
from generator.text.formatting import Formatter


class Timelines:
    """Every customer's timeline: the events of all customers in one order (customer, newest
    first, purchases before contacts on the same day, table order), each with its table row
    made once; a customer's timeline is a slice (:class:`Timeline`)."""

    def __init__(self, row_of: dict[str, int], parts: list, fmt: Formatter, notes_shown: bool):
        self._bounds: dict[int, tuple[int, int]] = {}
        if not parts:
            return
        who = np.concatenate([pd.Series(p[0]).astype(str).map(row_of).to_numpy(dtype=float) for p in parts])
        dates = np.concatenate([pd.to_datetime(pd.Series(p[1])).to_numpy(dtype="datetime64[ns]") for p in parts])
        rank = np.concatenate([np.full(len(p[4]), p[2]) for p in parts])
        kind = np.concatenate([np.full(len(p[4]), p[3], dtype=object) for p in parts])
        labels = np.concatenate([np.asarray(p[4], dtype=object) for p in parts])
        details = np.concatenate([np.asarray(p[5], dtype=object) for p in parts])
        notes = np.concatenate([np.asarray(p[6], dtype=object) for p in parts])
        negative = np.concatenate([np.asarray(p[7], dtype=bool) for p in parts])
        known = ~np.isnan(who)
        pos = np.arange(len(who))
        order = np.lexsort((pos, rank, -dates.astype(np.int64), who))
        order = order[known[order]]
        first = _run_starts(who[order])
        nth = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
        keep = order[nth < TIMELINE_EVENTS]
        customer = who[keep].astype(np.int64)
        days = dates[keep].astype("datetime64[D]")
        iso = days.astype(str).tolist()
        day_objects = days.astype(object).tolist()
        date_texts = each_distinct(day_objects, lambda d: fmt.date(d, "medium"))
        self.kind, self.label, self.detail = kind[keep].tolist(), labels[keep].tolist(), details[keep].tolist()
        self.note, self.negative, self.date, self.date_text = notes[keep].tolist(), negative[keep].tolist(), \
            day_objects, date_texts
        esc = fragments.esc
        self.rows = [fragments.timeline_row(*row, notes_shown) for row in zip(
            self.kind, iso, each_distinct(date_texts, esc), each_distinct(self.label, esc),
            [esc(d) for d in self.detail], self.negative,
            [None if n is None else esc(n) for n in self.note] if notes_shown else self.note)]
        starts = _run_starts(customer)
        ends = np.r_[starts[1:], len(customer)]
        self._bounds = dict(zip(customer[starts].tolist(), zip(starts.tolist(), ends.tolist())))
        self._row_of = row_of

    def get(self, cid: str) -> Timeline:
        bounds = self._bounds.get(self._row_of.get(cid, -1)) if self._bounds else None
        return Timeline(self, *(bounds or (0, 0)))


def _run_starts(keys: np.ndarray) -> np.ndarray:
    """Where each run of equal values in sorted ``keys`` starts (0 for a non-empty array)."""
    return np.r_[0, np.flatnonzero(np.diff(keys)) + 1] if len(keys) else np.zeros(0, dtype=np.int64)


class Timeline:
    """One customer's timeline: its table rows as ``html``; as a sequence, the events as dicts
    (type, date, date_text, label, detail, negative, note), made only when a theme reads them."""

    def __init__(self, events: Timelines, start: int, stop: int):
        self._events, self._start, self._stop = events, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    def __bool__(self) -> bool:
        return self._stop > self._start

    def __iter__(self):
        return iter(self._dicts())

    def __getitem__(self, index):
        return self._dicts()[index]

    def _dicts(self) -> list[dict]:
        e = self._events
        return [{"type": e.kind[i], "date": e.date[i], "date_text": e.date_text[i], "label": e.label[i],
                 "detail": e.detail[i], "negative": e.negative[i], "note": e.note[i]}
                for i in range(self._start, self._stop)]

    @property
    def html(self) -> Markup:
        return Markup("\n".join(self._events.rows[self._start:self._stop])) if self else Markup("")


def each_distinct(values, make) -> list:
    """``make(v)`` for each value, computed once per distinct value (a column holds few)."""
    done: dict = {}
    out = []
    for v in (values.tolist() if hasattr(values, "tolist") else values):
        try:
            r = done[v]
        except KeyError:
            r = done[v] = make(v)
        except TypeError:  # unhashable
            r = make(v)
        out.append(r)
    return out
