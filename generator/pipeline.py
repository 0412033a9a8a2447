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
from typing import TYPE_CHECKING, Callable

from generator.output import incremental, writer
from generator.inputs.config import Config, load_config
from generator.errors import InputError, Problem, StrictWarnings

if TYPE_CHECKING:
    import pandas as pd

    from generator.inputs.policy import Policy
    from generator.model.report import Report

# The computing stages (pandas, scipy, the renderer) are imported where they are used, so a
# rebuild with unchanged inputs (incremental.py) returns before any of them is loaded.

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    report: Report | None
    output: Path
    files: int
    seconds: float
    warnings: tuple[str, ...]
    zip_path: Path | None = None
    customers: int = 0
    segments: int = 0
    shown: str = ""         # the output folder as the user wrote it
    reused: bool = False    # unchanged inputs: the published site was kept as it was (report is None)

    @classmethod
    def of(cls, report: Report, output: Path, files: int, seconds: float, **more) -> BuildResult:
        """The result of a build that made ``report`` (its counts are the report's)."""
        return cls(report, output, files, seconds, report.warnings, customers=len(report.customers),
                   segments=int(report.customers["segment"].nunique()), **more)

    def summary(self, display_output: str) -> str:
        w = len(self.warnings)
        done = "unchanged inputs, site kept" if self.reused else f"{self.seconds:.1f} s"
        return (f"klantwaarde: {self.customers} customers, {self.segments} segments, "
                f"{w} warning{'s' if w != 1 else ''}, {done} → {display_output}")


def load_inputs(config_path: str | Path) -> tuple[Config, Policy]:
    """Config and policy, validated, before any data is read (``klantwaarde validate``); the
    policy's text templates are checked by load_policy."""
    from generator.inputs.policy import load_policy

    config = load_config(config_path)
    policy = load_policy(config.policy, config.display(config.policy))
    return config, policy


def compute_report(config_path: str | Path, lang: str | None = None, progress: Progress | None = None,
                   anonymise: bool = False) -> Report:
    """Everything the site shows, computed from the config's data and policy."""
    from generator.inputs import sources

    step = progress or (lambda _msg: None)
    config, policy = load_inputs(config_path)
    step("read")
    tables = sources.read_tables(config)
    return report_from_tables(config, policy, tables, lang, progress, anonymise)


def report_from_tables(config: Config, policy: Policy, tables, lang: str | None = None,
                       progress: Progress | None = None, anonymise: bool = False) -> Report:
    """The report for tables already read: ``klantwaarde diff`` reads once, applies two policies."""
    from generator.model import anonymise as anonymise_
    from generator.inputs import history
    from generator.model import changes, measures, recommendations, scoring, segmentation
    from generator.inputs.policy import PORTFOLIO_KPIS
    from generator.model.report import Kpi, Report
    from generator.text.translation import Translator  # deferred: see the note at the imports

    step = progress or (lambda _msg: None)
    lang = lang or config.language
    as_of = tables.as_of
    step("measures")
    m = measures.compute_measures(tables, policy, as_of)
    step("scores")
    frame = scoring.add_scores(m.frame, policy)
    # the previous report (an earlier report date): score changes, segment moves
    earlier = history.load_previous(config.history, as_of)
    frame = changes.add_changes(frame, earlier.frame if earlier else None)
    step("segments")
    seg = segmentation.assign_segments(frame, policy)
    frame["segment"] = seg.segment
    frame["segment_name"] = frame["segment"].map({s.id: s.name.get(lang) for s in policy.segments})
    frame = segmentation.add_entitlements(frame, policy)
    rules, monthly, quality = seg.rules, m.monthly, tables.quality
    warnings = tuple(str(w) for w in tables.warnings)
    previous_frame = earlier.frame if earlier else None
    timeline = (_timeline_interactions(tables.interactions, frame.index, m.windows.start, config.privacy.notes),
                _timeline_purchases(tables.transactions, frame.index, m.windows.start))
    if anonymise:  # once, here: everything downstream sees only pseudonyms
        names = anonymise_.Pseudonyms.for_customers(frame, lang, hidden=config.exclude)
        frame, rules, previous_frame = names.customers(frame), names.by_id(rules), names.by_id(previous_frame)
        monthly = names.column(monthly)
        timeline = tuple(names.column(t) for t in timeline)
        if "note" in timeline[0]:
            timeline[0]["note"] = timeline[0]["note"].map(lambda v: v if v is None or v != v else names.text(str(v)))
        quality, warnings = names.quality(quality), tuple(names.text(w) for w in warnings)
    if previous_frame is not None:
        previous_frame.attrs["as_of"] = earlier.as_of
    frame["slug"] = customer_slugs(list(frame.index))
    step("recommendations")
    actions = recommendations.recommend(frame, policy, lang, config.currency)

    tx = tables.transactions
    kpi_values = measures.portfolio_kpis(frame, m.previous, tx, m.windows, m.customer_codes)
    kpi_values["leakage_12m"] = (float(frame["leakage_12m"].sum()) if frame["leakage_12m"].notna().any() else None, None)
    # the previous report's KPI values (history), None when it predates stored KPIs
    previous_kpis = ({n: v for n, v in earlier.kpis.items() if n in PORTFOLIO_KPIS}
                     if earlier is not None and earlier.kpis is not None else None)
    kpis, t = {}, Translator(lang)
    for name, kind in PORTFOLIO_KPIS.items():
        value, previous = kpi_values.get(name, (None, None))
        kpis[name] = Kpi(name, t(f"kpi.{name}"), kind, value, previous, (previous_kpis or {}).get(name))

    unavailable = dict(m.unavailable)
    if m.future.method != "bgnbd+gamma_gamma":
        unavailable.setdefault("expected_purchases_12m", m.future.note)
    if earlier is None:
        for name in changes.CHANGE_MEASURES:
            unavailable[name] = "no earlier report in the history folder (config: history)"
    data_start = tx["date"].min().date() if len(tx) else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    generated = None
    if epoch and epoch.strip().isdigit():
        generated = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return Report(
        config=config, policy=policy, lang=lang, as_of=as_of,
        window_start=m.windows.start.date(), prev_window_start=m.windows.prev_start.date(),
        data_start=data_start, customers=frame, rules=rules, monthly=monthly, actions=actions,
        kpis=kpis, quality=quality, warnings=warnings, unavailable=unavailable,
        future_method=m.future.method, future_note=m.future.note, generated=generated,
        interactions=timeline[0], purchases=timeline[1],
        previous=previous_frame, previous_as_of=earlier.as_of if earlier else None, previous_kpis=previous_kpis,
        whale=measures.whale_curve(frame["net_profit_12m"]) if frame["net_profit_12m"].notna().any() else None,
        extra={"anonymised": anonymise},
    )


def compare_policies(config_path: str | Path, other_policy: str | Path,
                     lang: str | None = None) -> tuple[Report, Report]:
    """The report under the configured policy and under ``other_policy``, from data read once
    (``klantwaarde diff``). Both policies are checked before any data is read."""
    from generator.inputs.policy import load_policy

    from generator.inputs import sources

    config, policy = load_inputs(config_path)
    other = load_policy(Path(other_policy), str(other_policy))
    tables = sources.read_tables(config)
    return (report_from_tables(config, policy, tables, lang),
            report_from_tables(config, other, tables, lang))


def build(config_path: str | Path, output: str | Path | None = None, lang: str | None = None, *,
          strict: bool = False, make_zip: bool = False, anonymise: bool = False, pdf: bool = False,
          progress: Progress | None = None) -> BuildResult:
    """Build the report site; raise InputError (exit 2) or StrictWarnings (exit 3)."""
    started = time.perf_counter()
    config = load_config(config_path)
    out = Path(output) if output is not None else config.output
    writer.check_output(out)  # refuse early, before any work
    shown = config.display(out)
    options = dict(output=out, lang=lang, anonymise=anonymise, pdf=pdf, make_zip=make_zip)
    print_ = incremental.fingerprint(config, **options)
    reused = incremental.reuse(out, config, print_, make_zip=make_zip)
    if reused is not None:  # the same inputs as the published site: nothing to do
        if strict and reused.warnings:
            raise StrictWarnings([Problem("", w) for w in reused.warnings])
        return BuildResult(None, out, reused.files, time.perf_counter() - started, reused.warnings,
                           out.parent / f"{out.name}.zip" if make_zip else None, customers=reused.customers,
                           segments=reused.segments, shown=shown, reused=True)
    workers = _start_workers(config)
    staging = None
    try:
        report = compute_report(config_path, lang, progress, anonymise)
        if strict and report.warnings:
            raise StrictWarnings([Problem("", w) for w in report.warnings])
        if progress:
            progress("render")
        staging = writer.Staging(out)
        render_files(report, staging, workers)
        if pdf:
            if progress:
                progress("pdf")
            staging.update(_render_pdfs(report, staging))
        if progress:
            progress("write")
        staging.publish()
    except BaseException:
        if workers is not None:  # the render shuts its pool down, unless it failed before using it
            _stop_workers(workers)
        if staging is not None:
            staging.discard()
        raise
    if not anonymise:  # pseudonyms would break the comparison with real builds
        from generator.output import history

        history.record(config.history, report.as_of, report.customers,
                       {name: k.value for name, k in report.kpis.items()})
    zip_path = None
    if make_zip:
        zip_path = out.parent / f"{out.name}.zip"
        writer.write_zip(staging, zip_path, out.name)
    result = BuildResult.of(report, out, len(staging), time.perf_counter() - started, zip_path=zip_path,
                            shown=shown)
    as_of = report.as_of.isoformat()
    writer.write_marker(out, incremental.manifest_bytes(
        print_, staging.sizes, as_of=as_of, history=incremental.history_listing(config.history, as_of),
        customers=result.customers, segments=result.segments, warnings=report.warnings,
        zip_size=zip_path.stat().st_size if zip_path else None))
    return result


#: input data (bytes) for which a build starts its render workers before computing: from about
#: 3,000 customers' data (site.POOL_FROM) up to about 20,000 (recommendations.PARALLEL_FROM),
#: with ~50 invoice lines each, as CSV. Larger builds start them when rendering: their memory
#: peaks at the end of computing, where the recommendations run in two processes, and workers
#: started ahead added 350 MB to it at 100,000 customers (3.6 -> 4.0 GB) for no gain in time.
POOL_INPUT_BYTES = (12_000_000, 80_000_000)


def _start_workers(config: Config):
    """The render workers of a mid-sized build, started while it computes (site.start_workers),
    which keeps one core busy: 10,000 customers build in 9-10 s instead of 12. None otherwise.
    Whether a build is large is known only once its data is read, so the size of the data files
    decides here; a pool started for fewer customers than site.POOL_FROM is stopped unused."""
    try:
        size = sum(path.stat().st_size for table in config.data for path in config.table_files(table))
    except OSError:
        return None
    low, high = POOL_INPUT_BYTES
    if not low <= size < high:
        return None
    from generator.render.site import start_workers

    return start_workers()


def _stop_workers(workers) -> None:
    from generator.render.site import stop_workers

    stop_workers(workers)


def render_files(report: Report, files=None, workers=None):
    """Every file of the site (pages, assets and the machine-readable exports),
    as ``build`` writes it and ``serve`` serves it: into ``files`` (a
    :class:`writer.Staging`, so pages go to disk as they are made) or a new dict."""
    from generator.render import exports

    from generator.render.site import render_site

    def add_exports(files) -> None:
        files["scores.csv"] = exports.scores_csv(report)
        files["actions.csv"] = exports.actions_csv(report)
        files["scores.xlsx"] = exports.scores_xlsx(report)
        files["report.json"] = exports.report_json(report)

    return render_site(report, files, extra=add_exports, workers=workers)


def _render_pdfs(report: Report, files: dict[str, bytes]) -> dict[str, bytes]:
    """``pdf/<slug>.pdf`` per customer and ``pdf/report.pdf`` (needs the 'pdf' extra)."""
    try:
        from generator.render.pdf import render_pdfs
    except ImportError as exc:
        raise InputError(Problem("--pdf", f"PDF export needs the 'pdf' extra ({exc.name} is not installed)",
                                 hint="pip install 'klantwaarde[pdf]'")) from None
    return render_pdfs(report, files)


# --- contact timeline -----------------------------------------------------------

def _timeline_interactions(interactions: pd.DataFrame | None, ids: pd.Index, start: pd.Timestamp,
                           notes: bool) -> pd.DataFrame:
    """Contacts of the current window, newest first; free-text notes only when privacy.notes allows."""
    import pandas as pd

    columns = ["customer_id", "date", "kind", "minutes", "severity"] + (["note"] if notes else [])
    if interactions is None or interactions.empty:
        return pd.DataFrame(columns=columns)
    from generator.inputs.sources import isin_ids

    rows = interactions[isin_ids(interactions["customer_id"], ids) & (interactions["date"] >= start).to_numpy()]
    rows = rows.reindex(columns=columns)
    return _newest_first(rows, ["customer_id", "date", "kind"])


def _timeline_purchases(tx: pd.DataFrame, ids: pd.Index, start: pd.Timestamp) -> pd.DataFrame:
    """Purchases of the current window per customer, day and order type (amount, orders), newest first."""
    import pandas as pd

    from generator.model import measures
    from generator.model.report import TIMELINE_EVENTS

    fast = measures.timeline_purchases(tx, ids, start, TIMELINE_EVENTS)   # the same, on integer keys
    if fast is not None:
        return fast
    rows = tx[tx["customer_id"].isin(ids) & (tx["date"] >= start)]
    types = rows["order_type"] if "order_type" in rows else pd.Series("", index=rows.index)
    rows = rows.assign(order_type=types.fillna("").astype(str))
    out = rows.groupby(["customer_id", "date", "order_type"], sort=False)["amount"].agg(["sum", "size"])
    out = out.rename(columns={"sum": "amount", "size": "orders"}).reset_index()
    return _newest_first(out, ["customer_id", "date", "order_type"])


def _newest_first(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    from generator.model.report import TIMELINE_EVENTS

    rows = rows.sort_values(keys, ascending=[True, False] + [True] * (len(keys) - 2), kind="mergesort")
    rows = rows[rows.groupby("customer_id", sort=False).cumcount() < TIMELINE_EVENTS]
    return rows.reset_index(drop=True)


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
