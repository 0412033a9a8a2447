"""Record a build's results in the history folder (the format: ``inputs.history``).

Prepared before the site is published and renamed in right after (``pipeline.build``), never
in a computing stage.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator.inputs.history import COLUMNS, KPI_SCHEMA, KPI_SUFFIX, stored


def record(folder: Path, as_of: dt.date, customers: pd.DataFrame,
           kpis: dict[str, float | None] | None = None) -> Path | None:
    """Store this build's results (and its portfolio KPIs) once; return the new CSV, or
    None when already stored (:func:`prepare`, then :meth:`Pending.commit`)."""
    pending = prepare(folder, as_of, customers, kpis)
    pending.commit()
    return pending.target


@dataclass
class Pending:
    """A build's history files, written beside their places and not yet in them: ``commit``
    renames them in (the KPI file before the CSV), ``discard`` removes them."""

    renames: list[tuple[Path, Path]] = field(default_factory=list)
    target: Path | None = None          # the new CSV, None when the build is already stored

    def commit(self) -> None:
        for tmp, target in self.renames:
            os.replace(tmp, target)
        self.renames = []

    def discard(self) -> None:
        for tmp, _ in self.renames:
            Path(tmp).unlink(missing_ok=True)
        self.renames = []


def prepare(folder: Path, as_of: dt.date, customers: pd.DataFrame,
            kpis: dict[str, float | None] | None = None) -> Pending:
    """Write this build's history files as temporary files in ``folder``: everything that can
    fail (a read-only folder, a full disk) fails here, before the site is published.

    The KPI file is renamed in before the CSV, each atomically: the CSV is what makes
    a build stored, so an interrupted commit leaves at most a KPI file that the
    next build overwrites with the same bytes.
    """
    content = encode(customers)
    extra = encode_kpis(kpis) if kpis is not None else None
    hasher = hashlib.sha256(content)
    if extra is not None:
        hasher.update(b"\0" + extra)
    digest = hasher.hexdigest()[:12]
    same_day = [s for s in stored(folder) if s[0] == as_of]
    done = next((s for s in same_day if s[2] == digest), None)
    pending = Pending()
    try:
        if done is not None:
            sidecar = done[3].with_suffix(KPI_SUFFIX)
            if extra is not None and not sidecar.is_file():  # lost: the hash says it holds these bytes
                pending.renames.append((_temporary(sidecar, extra), sidecar))
            return pending
        seq = max((s[1] for s in same_day), default=0) + 1
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{as_of.isoformat()}_{seq:03d}_{digest}.csv"
        if extra is not None:
            pending.renames.append((_temporary(target.with_suffix(KPI_SUFFIX), extra), target.with_suffix(KPI_SUFFIX)))
        pending.renames.append((_temporary(target, content), target))
        pending.target = target
    except BaseException:
        pending.discard()
        raise
    return pending


def _temporary(target: Path, content: bytes) -> Path:
    """``content`` in a temporary file beside ``target`` (renamed in by :meth:`Pending.commit`)."""
    fd, tmp = tempfile.mkstemp(prefix=".history-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def encode(customers: pd.DataFrame) -> bytes:
    """The recorded results as CSV bytes: the same results give the same bytes."""
    frame = customers.reindex(columns=list(COLUMNS)).copy()
    frame.index = frame.index.astype(str).rename("customer_id")
    frame = frame.sort_index(kind="stable")
    return frame.to_csv(lineterminator="\n", float_format="%.6g").encode("utf-8")


def encode_kpis(kpis: dict[str, float | None]) -> bytes:
    """The recorded KPI values as JSON bytes, keys sorted: the same values give the same bytes.

    Whole numbers are stored as integers and others rounded to 6 decimals (no
    float noise); missing values as null.
    """
    values = {}
    for name in sorted(kpis):
        v = kpis[name]
        if v is None or isinstance(v, bool) or pd.isna(v) or not math.isfinite(float(v)):
            values[str(name)] = None
        else:
            v = round(float(v), 6)
            values[str(name)] = int(v) if v.is_integer() else v
    doc = {"schema": KPI_SCHEMA, "version": 1, "kpis": values}
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=True) + "\n").encode("utf-8")


