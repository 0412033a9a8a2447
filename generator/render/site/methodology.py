"""The methodology page (methodology.html): how scores, bands, segments, RFM and the future
value are worked out, every measure's definition, the output files and the policy file's keys."""
from __future__ import annotations

from babel.numbers import get_currency_symbol

from generator.inputs.policy import key_reference
from generator.render.exports import output_files
from generator.render.explain import texts
from generator.render.site.build import Build
from generator.text.plural import LOCALES


def render(site: Build) -> None:
    site.page("methodology.html", "methodology.html", "methodology", site.t("methodology_title"),
              **_methodology_page(site))


def _methodology_page(site: Build) -> dict:
    t, lang = site.t, site.lang
    scores = []
    for d in site.score_definitions():
        total = sum(c["weight"] for c in d["components"])
        scores.append({"name": d["name"], "label": site.label(d["name"]),
                       "components": [{**c, "share": c["weight"] / total} for c in d["components"]]})
    currency = get_currency_symbol(site.report.config.currency, LOCALES[lang])
    unavailable = site.report.unavailable
    groups = []
    for gid, measures in site.catalogue.by_group().items():
        if not measures:
            continue
        groups.append({"id": gid, "label": t(f"group.{gid}"), "measures": [
            {"name": m.name, "label": m.label(lang), "kind": t(f"kind_{m.kind}", currency=currency)
             if m.kind == "money" else t(f"kind_{m.kind}"), "definition": m.definition(lang),
             "unavailable": unavailable.get(m.name)} for m in measures]})
    method = site.report.future_method
    method_text = t("future_method_bgnbd") if method == "bgnbd+gamma_gamma" else \
        t("future_method_simple") if method == "simple" else method
    return {
        "scores": scores, "inverted": [site.label(n) for n in site.policy.scores.inverted],
        "bands": site.policy.scores.bands, "segments": site.segments, "rfm_grid": _rfm_grid(site.report.rfm_grid),
        "future_method": method_text, "future_note": site.report.future_note, "groups": groups,
        "output_files": output_files(lang), "policy_reference": _policy_reference(lang),
        "kpi_basis": site.kpi_basis([name for name in site.policy.model.kpis if name in site.report.kpis]),
    }


def _policy_reference(lang: str) -> dict:
    """Every key of the policy file, from the policy's schema (methodology page)."""
    return {"texts": texts(lang), "keys": key_reference(lang)}


def _rfm_grid(grid: dict[tuple[int, int], str]) -> dict:
    """The RFM segment of every (R, FM) cell, R from 5 down (rows) and FM from 1 up (columns)."""
    return {"columns": [1, 2, 3, 4, 5],
            "rows": [{"r": r, "cells": [grid.get((r, f)) for f in range(1, 6)]} for r in range(5, 0, -1)]}
