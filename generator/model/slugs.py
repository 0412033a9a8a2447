"""File name stems for pages named after a customer or an account manager (DESIGN.md, Output).

A stem is the name itself when it is a safe file name; otherwise a short hash
of the name keeps it unique and stable from build to build.
"""
from __future__ import annotations

import hashlib
import re

import pandas as pd

RESERVED = {"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def customer_slugs(ids: list[str]) -> list[str]:
    """File name stems for customer pages (DESIGN.md, Output).

    Lowercased, characters outside [a-z0-9-] replaced by '-', cut at 60; a
    short hash of the id is appended when any of that changed the id, or the
    result collides, is empty or is reserved.
    """
    base = []
    for cid in ids:
        s = re.sub(r"[^a-z0-9-]", "-", cid.lower())[:60]
        base.append(s)
    counts: dict[str, int] = {}
    for s in base:
        counts[s] = counts.get(s, 0) + 1
    out = []
    for cid, s in zip(ids, base):
        if s != cid or counts[s] > 1 or not s or s in RESERVED:
            s = f"{s}-{hashlib.sha1(cid.encode('utf-8')).hexdigest()[:6]}" if s else hashlib.sha1(cid.encode("utf-8")).hexdigest()[:6]
        out.append(s)
    # Still equal (a 6-digit hash clash, or an id that looks like another's hashed slug): the
    # hashed ones take a longer hash until every name is unique. Untouched slugs never change.
    for digits in (10, 16, 40):
        seen: dict[str, int] = {}
        for s in out:
            seen[s] = seen.get(s, 0) + 1
        if len(seen) == len(out):
            break
        out = [f"{b}-{hashlib.sha1(c.encode('utf-8')).hexdigest()[:digits]}".lstrip("-")
               if seen[s] > 1 and s != c else s for c, b, s in zip(ids, base, out)]
    return out


def manager_slugs(customers: pd.DataFrame, actions: pd.DataFrame | None) -> dict[str, str]:
    """Account manager → stem of their action pages (``actions/<stem>.html`` when the worklist is
    paged), by the customer slug rule, for every manager with an action for a listed customer.
    The stems are decided among those managers only, as the pages are."""
    if actions is None or actions.empty or "account_manager" not in customers.columns:
        return {}
    ids = pd.Index(actions["customer_id"].astype(str).unique())
    ids = ids[ids.isin(customers.index)]
    names = customers.loc[ids, "account_manager"].dropna().astype(str)
    named = sorted({n for n in names if n.strip()}, key=lambda k: (k.casefold(), k))
    return dict(zip(named, customer_slugs(named)))
