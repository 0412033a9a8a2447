"""The methodology page (methodology.html): how scores, bands, segments, RFM and the future
value are worked out, every measure's definition, the output files and the policy file's keys."""
from __future__ import annotations

import datetime as dt

from babel.numbers import get_currency_symbol

from generator.inputs.policy import key_reference
from generator.render.exports import output_files
from generator.render.explain import texts
from generator.render.site.build import Build, future_model_name
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
    method_text = {"bgnbd+gamma_gamma": t("future_method_bgnbd"), "mbgnbd+gamma_gamma": t("future_method_mbgnbd"),
                   "pnbd+gamma_gamma": t("future_method_pnbd"), "simple": t("future_method_simple")}.get(method, method)
    return {
        "scores": scores, "inverted": [site.label(n) for n in site.policy.scores.inverted],
        "bands": site.policy.scores.bands, "segments": site.segments, "rfm_grid": _rfm_grid(site.report.rfm_grid, site.fmt),
        "future_method": method_text, "future_note": site.report.future_note, "groups": groups,
        "backtest": _backtest(site, t), "future_params": _params_text(site.report.future_params),
        "output_files": output_files(lang), "policy_reference": _policy_reference(lang),
        "kpi_basis": site.kpi_basis([name for name in site.policy.model.kpis if name in site.report.kpis]),
    }


def _params_text(params: dict) -> str | None:
    return ", ".join(f"{k} = {v:.4g}" for k, v in params.items()) if params else None


def _backtest(site, t) -> dict | None:
    """The backtest table of the methodology page: per model RMSE, predicted and actual totals."""
    bt = getattr(site.report, "future_backtest", None)
    if bt is None:
        return None
    fmt = site.fmt
    chosen = future_model_name(bt.chosen, t) if bt.chosen else None
    rows = [{"model": future_model_name(c.model, t), "chosen": c.model == bt.chosen,
             "rmse": fmt.number(c.rmse, 3) if c.rmse is not None else fmt.MISSING,
             "predicted": fmt.number(c.predicted_total, 1) if c.predicted_total is not None else fmt.MISSING,
             "actual": fmt.number(c.actual_total, 0),
             "params": _params_text(c.params) or (c.error or ""),
             "change_prior": fmt.percent(c.change_prior, 0) if c.change_prior is not None else "",
             "rmse_constant": fmt.number(c.rmse_constant, 3) if c.rmse_constant is not None else ""}
            for c in bt.candidates]
    end = None if bt.calibration_end is None else \
        fmt.date(dt.date(1970, 1, 1) + dt.timedelta(days=int(bt.calibration_end)))
    return {"rows": rows, "chosen": chosen, "reason": bt.reason, "calibration_end": end,
            "holdout_days": bt.holdout_days, "customers": bt.customers,
            "change_prior": fmt.percent(bt.change_prior, 0)}


def _policy_reference(lang: str) -> dict:
    """Every key of the policy file, from the policy's schema (methodology page)."""
    return {"texts": texts(lang), "keys": key_reference(lang)}


def _rfm_grid(grid: dict[tuple[int, int], str], fmt) -> dict:
    """The RFM segment of every (R, FM) cell, R from 5 down (rows) and FM from 1 up (columns), by
    its name in the report's language."""
    def name(key):
        return None if key is None else fmt.coded("rfm_segment", key)
    return {"columns": [1, 2, 3, 4, 5],
            "rows": [{"r": r, "cells": [name(grid.get((r, f))) for f in range(1, 6)]} for r in range(5, 0, -1)]}
