"""Segments: the first policy segment whose condition is *true* wins.

A condition that is unknown for a customer (a measure it needs is missing)
does not match, so a customer without assessments is never put in a segment
for being "low on prestige". The full trace — each rule tried, true, false or
unknown — is kept for the customer page and ``klantwaarde explain``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.inputs.policy import Policy


@dataclass(frozen=True)
class Segmentation:
    segment: pd.Series   # segment id per customer
    rules: pd.DataFrame  # per customer, one nullable-boolean column per segment with a condition


def assign_segments(frame: pd.DataFrame, policy: Policy) -> Segmentation:
    """The segment of every customer, and the result of every rule tried."""
    catch_all = policy.segments[-1].id
    segment = pd.Series(catch_all, index=frame.index, dtype=object)
    decided = np.zeros(len(frame), dtype=bool)
    rules = {}
    for s in policy.segments:
        cond = policy.segment_conditions.get(s.id)
        if cond is None:
            continue
        result = cond.evaluate(as_in_segment(frame, policy, s.id, cond.names)).astype("boolean")
        rules[s.id] = result
        hit = result.fillna(False).to_numpy(dtype=bool) & ~decided
        segment[hit] = s.id
        decided |= hit
    return Segmentation(segment, pd.DataFrame(rules, index=frame.index))


#: segment-dependent measures a segment's own rule may use (catalogue: per_segment), computed
#: as if every customer were in that segment
PER_SEGMENT = ("net_profit_if_charged_12m",)


def as_in_segment(frame: pd.DataFrame, policy: Policy, segment_id: str, names) -> pd.DataFrame:
    """``frame`` with the per-segment measures among ``names`` as if every customer were in
    ``segment_id``: ``net_profit_if_charged_12m`` = ``net_profit_12m`` + the cost of the services
    used beyond that segment's and the contract's entitlements. ``frame`` itself when none is named."""
    if not set(PER_SEGMENT) & set(names):
        return frame
    trial = frame.assign(segment=segment_id)
    return frame.assign(net_profit_if_charged_12m=frame["net_profit_12m"] + add_entitlements(trial, policy)["leakage_12m"])


def add_entitlements(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """``entitled_<service>`` per service, ``leakage_12m``: the cost of services used beyond
    the entitlement (segment ∪ contract), and ``net_profit_if_charged_12m``: the net profit
    had that leakage been billed at its internal cost (``net_profit_12m + leakage_12m``)."""
    out = frame.copy()
    contract = out["contract"] if "contract" in out else pd.Series(None, index=out.index)
    leakage = pd.Series(0.0, index=out.index)
    any_known = False
    for svc in policy.services:
        by_segment = {s.id: svc.id in s.entitlements for s in policy.segments}
        by_contract = {c.id: svc.id in c.entitlements for c in policy.contracts}
        entitled = out["segment"].map(by_segment).fillna(False).astype(bool) | \
            contract.map(by_contract).fillna(False).astype(bool)
        out[f"entitled_{svc.id}"] = entitled
        cost = out.get(f"cost_{svc.id}_12m")
        if cost is not None and cost.notna().any():
            any_known = True
            leakage = leakage + cost.fillna(0).where(~entitled, 0.0)
    out["leakage_12m"] = leakage if any_known else np.nan
    out["net_profit_if_charged_12m"] = out["net_profit_12m"] + out["leakage_12m"]
    return out
