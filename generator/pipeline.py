"""The build, stage by stage, in one direction:

    config → sources → measures → scoring → segmentation → recommendations
           → site → writer

Each stage takes plain data and returns plain data; only ``sources`` reads
and only ``writer`` writes. The CLI is a thin layer over :func:`build`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from . import exports, measures, recommendations, scoring, segmentation, writer
from .config import Config, load_config
from .errors import InputError, Problem, StrictWarnings
from .policy import PORTFOLIO_KPIS, Policy, load_policy
from .report import Kpi, Report

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    report: Report
    output: Path
    files: int
    seconds: float
    warnings: tuple[str, ...]
    zip_path: Path | None = None

    def summary(self, display_output: str) -> str:
        c = len(self.report.customers)
        s = self.report.customers["segment"].nunique()
        w = len(self.warnings)
        return (f"klantwaarde: {c} customers, {s} segments, {w} warning{'s' if w != 1 else ''}, "
                f"{self.seconds:.1f} s → {display_output}")


def load_inputs(config_path: str | Path) -> tuple[Config, Policy]:
    """Config and policy, validated, before any data is read (``klantwaarde validate``)."""
    config = load_config(config_path)
    policy = load_policy(config.policy, config.display(config.policy))
    recommendations.check_templates(policy, config.display(config.policy))
    return config, policy


def compute_report(config_path: str | Path, lang: str | None = None, progress: Progress | None = None,
                   anonymise: bool = False) -> Report:
    """Everything the site shows, computed from the config's data and policy."""
    from . import sources

    step = progress or (lambda _msg: None)
    config, policy = load_inputs(config_path)
    lang = lang or config.language
    step("read")
    tables = sources.read_tables(config)
    as_of = tables.as_of
    step("measures")
    m = measures.compute_measures(tables, policy, as_of)
    step("scores")
    frame = scoring.add_scores(m.frame, policy)
    step("segments")
    seg = segmentation.assign_segments(frame, policy)
    frame["segment"] = seg.segment
    frame["segment_name"] = frame["segment"].map({s.id: s.name.get(lang) for s in policy.segments})
    frame = segmentation.add_entitlements(frame, policy)
    if anonymise:
        frame = _anonymise(frame)
    frame["slug"] = customer_slugs(list(frame.index))
    step("recommendations")
    actions = recommendations.recommend(frame, policy, lang, config.currency)

    tx = tables.transactions
    kpi_values = measures.portfolio_kpis(frame, m.previous, tx, m.windows)
    kpi_values["leakage_12m"] = (float(frame["leakage_12m"].sum()) if frame["leakage_12m"].notna().any() else None, None)
    kpis = {}
    for name, (nl, en, kind) in PORTFOLIO_KPIS.items():
        value, previous = kpi_values.get(name, (None, None))
        kpis[name] = Kpi(name, nl if lang == "nl" else en, kind, value, previous)

    unavailable = dict(m.unavailable)
    if m.future.method != "bgnbd+gamma_gamma":
        unavailable.setdefault("expected_purchases_12m", m.future.note)
    warnings = tuple(str(w) for w in tables.warnings)
    data_start = tx["date"].min().date() if len(tx) else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    generated = None
    if epoch and epoch.strip().isdigit():
        generated = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return Report(
        config=config, policy=policy, lang=lang, as_of=as_of,
        window_start=m.windows.start.date(), prev_window_start=m.windows.prev_start.date(),
        data_start=data_start, customers=frame, rules=seg.rules, monthly=m.monthly, actions=actions,
        kpis=kpis, quality=tables.quality, warnings=warnings, unavailable=unavailable,
        future_method=m.future.method, future_note=m.future.note, generated=generated,
    )


def build(config_path: str | Path, output: str | Path | None = None, lang: str | None = None, *,
          strict: bool = False, make_zip: bool = False, anonymise: bool = False, pdf: bool = False,
          progress: Progress | None = None) -> BuildResult:
    """Build the report site; raise InputError (exit 2) or StrictWarnings (exit 3)."""
    from .site import render_site

    started = time.perf_counter()
    config = load_config(config_path)
    out = Path(output) if output is not None else config.output
    writer.check_output(out)  # refuse early, before any work
    report = compute_report(config_path, lang, progress, anonymise)
    if strict and report.warnings:
        raise StrictWarnings([Problem("", w) for w in report.warnings])
    if progress:
        progress("render")
    files = render_site(report)
    files["scores.csv"] = exports.scores_csv(report)
    files["actions.csv"] = exports.actions_csv(report)
    files["report.json"] = exports.report_json(report)
    if pdf:
        if progress:
            progress("pdf")
        files.update(_render_pdfs(report, files))
    if progress:
        progress("write")
    writer.publish(files, out)
    zip_path = None
    if make_zip:
        zip_path = out.parent / f"{out.name}.zip"
        writer.write_zip(files, zip_path, out.name)
    return BuildResult(report, out, len(files), time.perf_counter() - started, report.warnings, zip_path)


def _render_pdfs(report: Report, files: dict[str, bytes]) -> dict[str, bytes]:
    """``pdf/<slug>.pdf`` per customer and ``pdf/report.pdf`` (needs the 'pdf' extra)."""
    try:
        from .pdf import render_pdfs
    except ImportError as exc:
        raise InputError(Problem("--pdf", f"PDF export needs the 'pdf' extra ({exc.name} is not installed)",
                                 hint="pip install 'klantwaarde[pdf]'")) from None
    return render_pdfs(report, files)


# --- customer page names -------------------------------------------------------

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
    return out


def _anonymise(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace names with neutral labels (for demos and screenshots)."""
    out = frame.copy()
    out["name"] = [f"Klant {i + 1:05d}" for i in range(len(out))]
    return out
