"""The policy page (policy.html): services, contracts, entitlements, house rules, segments and
actions as the policy file says them, its rules in plain words, and whether it is applied
consistently."""
from __future__ import annotations

from generator.model.consistency import MIN_EXTRA_UNITS
from generator.render import explain
from generator.render.site.build import Build
from generator.text.translation import unit_count, unit_label


def render(site: Build) -> None:
    site.page("policy.html", "policy.html", "policy", site.t("policy_title"), **_policy_page(site))


def _policy_page(site: Build) -> dict:
    lang = site.lang
    services = {s["id"]: s["name"] for s in site.services}
    playbooks: dict[str, list[dict]] = {}
    for seg in site.segments:
        for a in seg["playbook"]:
            playbooks.setdefault(a["id"], []).append(seg)
    hr = site.policy.house_rules
    return {
        "company": site.policy.model.company.name,
        "services": site.services,
        "we_dont": [w.get(lang) for w in site.policy.model.we_dont],
        "contracts": [{"id": c.id, "name": c.name.get(lang),
                       "description": c.description.get(lang) if c.description else None,
                       "entitlements": [services.get(e, e) for e in c.entitlements]}
                      for c in site.policy.contracts],
        "matrix": [{"seg": seg, "cells": [s["id"] in {e["id"] for e in seg["entitlements"]}
                                          for s in site.services]} for seg in site.segments],
        "house_rules": {"payment_terms_days": hr.payment_terms_days, "arrears_days": hr.arrears_days,
                        "silence_days": hr.silence_days, "rules": [r.get(lang) for r in hr.rules],
                        "fix_first": hr.fix_first,
                        "silence_ours": "days_since_our_contact" not in site.report.unavailable,
                        "fix_segment": next((s["name"] for s in site.segments if s["id"] == hr.fix_segment),
                                            hr.fix_segment)},
        "segments": site.segments,
        "actions": [{"id": a.id, "title": a.title.get(lang), "priority": a.priority, "letter": a.letter,
                     "when": a.when, "segments": playbooks.get(a.id, [])} for a in site.policy.actions],
        "partners": [{"name": p.name, "sector": p.sector, "contact": p.contact,
                      "note": p.note.get(lang) if p.note else None}
                     for p in site.policy.model.referral_partners],
        **_policy_explained(site),
    }


def _policy_explained(site: Build) -> dict:
    """Rules in plain words, customers per segment, entitlements per contract, and the
    consistency check: leakage and comparable customers treated differently (Report.consistency)."""
    lang, fmt = site.lang, site.fmt
    counts = site.frame["segment"].value_counts()
    by_id = {c["customer_id"]: c for c in site.customers}
    names = {s["id"]: s["name"] for s in site.services}
    units = {s.id: unit_label(s.unit, lang) for s in site.policy.services}
    unit_of = {s.id: s.unit for s in site.policy.services}
    contracts = {c.id: c.name.get(lang) for c in site.policy.contracts}
    found = site.report.consistency
    consistency = None
    if found is not None:
        consistency = {
            "summary": explain.text("leakage_total", lang, n=fmt.count(len(found.customers)),
                                    cost=fmt.money(found.total_cost)) if found.customers else None,
            "services": [{"name": x.name, "unit": units[x.service_id], "customers": x.customers,
                          "units": x.units, "cost": x.cost,
                          "units_text": unit_count(fmt.number(x.units), unit_of[x.service_id], lang)}
                         for x in found.services],
            "customers": [{"c": by_id[x.customer_id], "seg": site.segment_by_id.get(x.segment_id),
                           "contract": contracts.get(x.contract, x.contract), "cost": x.cost,
                           "services": ", ".join(f"{names[sid]} ({unit_count(fmt.number(n), unit_of[sid], lang)})"
                                                 for sid, n, _cost in x.services)} for x in found.customers],
            "unequal": [{"seg": site.segment_by_id.get(u.segment_id), "service": names[u.service_id],
                         "contract": contracts.get(u.contract, u.contract) if u.contract else None,
                         "got": [{"c": by_id[i], "units": n, "cost": cost} for i, _name, n, cost in u.got],
                         "without": u.without, "cost": u.cost} for u in found.unequal],
            "unequal_intro": explain.text("unequal_intro", lang, n=MIN_EXTRA_UNITS),
        }
    return {
        "ex": explain.texts(lang),
        "segment_words": {sid: explain.describe(cond, lang, site.catalogue)
                          for sid, cond in site.policy.segment_conditions.items()},
        "segment_counts": {s["id"]: explain.text("customers_in_segment", lang, n=fmt.count(counts.get(s["id"], 0)))
                           for s in site.segments},
        "contract_matrix": [{"id": c.id, "name": c.name.get(lang),
                             "cells": [s["id"] in c.entitlements for s in site.services]}
                            for c in site.policy.contracts],
        "consistency": consistency,
    }
