"""Is the policy applied consistently? Service leakage per service and per customer, and
comparable customers treated differently (see :data:`MIN_EXTRA_UNITS`): computed into the
Report (``Report.consistency``) for the policy page.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.inputs.policy import Policy

#: a customer "got an extra" when it used a service it is not entitled to at
#: least this many units (orders, minutes, visits … as the policy counts them)
#: in 12 months: once can be an exception, twice is a pattern
MIN_EXTRA_UNITS = 2


@dataclass(frozen=True)
class ServiceLeak:
    service_id: str
    name: str
    unit: str
    customers: int     # customers who used it beyond their entitlement
    units: float       # units used beyond entitlement
    cost: float        # their internal cost


@dataclass(frozen=True)
class CustomerLeak:
    customer_id: str
    name: str
    segment_id: str
    contract: str | None
    services: tuple[tuple[str, float, float], ...]   # (service id, units, cost) beyond entitlement
    cost: float


@dataclass(frozen=True)
class UnequalTreatment:
    """In one group of comparable customers (same segment and contract), some got a service
    beyond their entitlement at least :data:`MIN_EXTRA_UNITS` times and others did not use it."""

    segment_id: str
    contract: str | None
    service_id: str
    got: tuple[tuple[str, str, float, float], ...]   # (customer id, name, units, cost), most cost first
    without: int                                      # peers in the group who did not use the service
    cost: float


@dataclass(frozen=True)
class Consistency:
    services: tuple[ServiceLeak, ...]
    customers: tuple[CustomerLeak, ...]        # most leakage first
    total_cost: float
    unequal: tuple[UnequalTreatment, ...]      # most cost first


def consistency(frame: pd.DataFrame, policy: Policy, lang: str) -> Consistency | None:
    """Service leakage and unequal treatment among the customers of ``frame`` (the Report's
    customers, with usage, cost and entitlement per service); None when no service's use could
    be counted."""
    counted = [s for s in policy.services if f"usage_{s.id}_12m" in frame.columns and f"entitled_{s.id}" in frame.columns
               and frame[f"usage_{s.id}_12m"].notna().any()]
    if not counted:
        return None
    names = _names(frame)
    contract = frame["contract"].astype(object).where(frame["contract"].notna(), None) \
        if "contract" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    beyond_units, beyond_cost, services = {}, {}, []
    for s in counted:
        usage = frame[f"usage_{s.id}_12m"].fillna(0.0).astype(float)
        entitled = frame[f"entitled_{s.id}"].fillna(False).astype(bool)
        units = usage.where(~entitled, 0.0)
        cost_col = f"cost_{s.id}_12m"
        cost = (frame[cost_col].fillna(0.0).astype(float) if cost_col in frame.columns else units * s.cost).where(~entitled, 0.0)
        beyond_units[s.id], beyond_cost[s.id] = units, cost
        if (units > 0).any():
            services.append(ServiceLeak(s.id, s.name.get(lang), s.unit, int((units > 0).sum()), float(units.sum()),
                                        float(cost.sum())))
    units_frame, cost_frame = pd.DataFrame(beyond_units), pd.DataFrame(beyond_cost)
    leaking = cost_frame.sum(axis=1)
    leaking = leaking[(units_frame > 0).any(axis=1)]
    customers = []
    # by position, not by label: this runs over every leaking customer (tens of thousands at scale)
    ids, sids = units_frame.index, list(units_frame.columns)
    units_np, cost_np = units_frame.to_numpy(dtype=float), cost_frame.to_numpy(dtype=float)
    totals = dict(zip(leaking.index, leaking.to_numpy(dtype=float)))
    position = {cid: p for p, cid in enumerate(ids)}
    name_of, segment_of, contract_of = names.to_dict(), frame["segment"].astype(str).to_dict(), contract.to_dict()
    for cid in sorted(totals, key=lambda i: (-totals[i], i)):
        p = position[cid]
        parts = tuple((sid, float(units_np[p, j]), float(cost_np[p, j])) for j, sid in enumerate(sids)
                      if units_np[p, j] > 0)
        customers.append(CustomerLeak(cid, name_of[cid], segment_of[cid], contract_of[cid], parts, totals[cid]))
    return Consistency(tuple(services), tuple(customers), float(leaking.sum()),
                       _unequal(frame, policy, names, contract, units_frame, cost_frame))


def _unequal(frame, policy, names, contract, units_frame, cost_frame) -> tuple[UnequalTreatment, ...]:
    order = {s.id: i for i, s in enumerate(policy.segments)}
    groups = pd.DataFrame({"segment": frame["segment"].astype(str), "contract": contract.fillna("\0")})
    out = []
    index, name_at = frame.index, names.to_numpy(dtype=object)
    usage = {sid: frame[f"usage_{sid}_12m"].fillna(0.0).to_numpy(dtype=float) for sid in units_frame.columns}
    units = {sid: units_frame[sid].to_numpy(dtype=float) for sid in units_frame.columns}
    costs = {sid: cost_frame[sid].to_numpy(dtype=float) for sid in units_frame.columns}
    for (segment, contract_id), members in groups.groupby(["segment", "contract"], sort=True).indices.items():
        if len(members) < 2:
            continue
        for sid in units_frame.columns:
            got = units[sid][members] >= MIN_EXTRA_UNITS
            without = int((usage[sid][members] == 0).sum())
            if got.any() and without:
                chosen = sorted(members[got], key=lambda p: (-costs[sid][p], index[p]))
                out.append(UnequalTreatment(
                    segment, None if contract_id == "\0" else contract_id, sid,
                    tuple((index[p], name_at[p], float(units[sid][p]), float(costs[sid][p])) for p in chosen),
                    without, float(pd.Series(costs[sid][chosen]).sum())))
    return tuple(sorted(out, key=lambda u: (-u.cost, order.get(u.segment_id, 99), u.contract or "", u.service_id)))


def _names(frame: pd.DataFrame) -> pd.Series:
    ids = pd.Series(frame.index.astype(str), index=frame.index)
    if "name" not in frame.columns:
        return ids
    names = frame["name"].astype(object)
    blank = names.isna() | (names.astype(str).str.strip() == "")
    return names.where(~blank, ids).astype(str)
