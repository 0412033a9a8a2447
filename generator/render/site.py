"""The static report site: every page and asset, rendered from one Report.

:func:`render_site` returns the whole site as ``{relative path: bytes}``; the
writer puts it on disk. Pages are Jinja templates (``templates/``, autoescaped)
filled with plain view data prepared here, so templates only lay out and
format. Links are relative, so the folder can be zipped or moved, and nothing
on any page points outside the site. The same Report gives the same bytes.

A consultant's ``theme`` folder (config.yaml) overrides any template, most
specific first (``customer-<slug>.html`` before ``customer.html``,
``segment-<id>.html`` before ``segment.html``; partials start with ``_``;
``{% extends "klantwaarde/customer.html" %}`` reaches the packaged one), adds
``theme.css`` after the base stylesheet, puts ``logo.svg`` or ``logo.png`` in
the header and replaces packaged assets with the files in its ``assets/``
folder — without touching the package.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import multiprocessing
import os
import re
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache, partial
from pathlib import Path

import jinja2
import jinja2.ext
import numpy as np
import pandas as pd
from markupsafe import Markup, escape
from babel.dates import format_date
from babel.numbers import get_currency_symbol

from generator.render import fragments

from generator.text import messages
from generator.inputs.catalogue import GROUPS
from generator.render.exports import output_files
from generator.render.charts import BIN, Charts, clean, json_number, runtime_js
from generator.text.columns import ColumnFormatter
from generator.errors import InputError, Problem
from generator.text.formatting import LOCALES, nowrap_amounts
from generator.text.i18n import STRINGS, Formatter, Translator, interaction_kind, is_missing, order_type_label, unit_label
from generator.inputs.policy import PORTFOLIO_KPIS
from generator.model.report import TIMELINE_EVENTS, Report
from generator.resources import cache_path, templates_dir

#: every page: no network, no eval; inline styles only for Vega's SVG and score bars
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'")

#: hand-written assets copied from templates/assets/
STATIC_ASSETS = ("style.css", "charts.js", "customers.js", "site.js")

#: colours for segments the policy gives none (Tableau 10, the Vega default)
PALETTE = ("#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6",
           "#9d755d", "#bab0ac")

SCORES = ("value_score", "burden_score", "future_score")
TOP_ROWS = 10          # rows in the overview's silent/arrears lists
TOP_ACTIONS = 25       # priority-1 actions listed on the overview
OUTLIER_ROWS = 5       # customers per outlier list on the overview
WHALE_POINTS = 400     # the whale curve is drawn through at most this many points
QUADRANT_DOTS = 2500   # more scored customers than this: density of all plus a sample of dots
QUADRANT_SAMPLE = 1000  # dots in the sample (each segment keeps at least SEGMENT_SAMPLE_MIN)
SEGMENT_SAMPLE_MIN = 25
SEGMENT_ROWS = 250     # members listed on a segment page (the rest via the customer index)
ACTIONS_PAGED_ABOVE = 2000  # more actions than this: actions.html becomes a summary, each account manager
                            # gets pages of their own (actions/<slug>.html, actions/<slug>_2.html, …)
ACTIONS_PAGE_ROWS = 500     # actions per account manager page
ACTIONS_UNASSIGNED = "_unassigned"  # page stem for actions without an account manager (no slug has '_')
#: customer pages from which a build renders them in a pool of worker processes (one per core, at
#: most MAX_WORKERS), in chunks of about POOL_CHUNK pages; below it starting workers costs more.
#: A chunk prepares its own columns, timelines and layout: 2,000 pages a chunk were 8 % faster
#: per page than 500 (measured on 10,000 customers).
POOL_FROM = 3000
POOL_CHUNK = 2000
MAX_WORKERS = 8
#: customer pages are their content block within a layout rendered once (_Frame); tests turn it
#: off to compare with whole pages rendered by Jinja
FRAMED_CUSTOMER_PAGES = True
INDEX_DATA = "customers/index-data.js"  # the customer index's rows, a classic script (file:// safe)
LOGOS = ("logo.svg", "logo.png")
#: the templates' indentation, dropped when a template is compiled: a line break alone reads the
#: same in HTML and it saves a tenth of a customer page (no template has a <pre> with literal lines)
_INDENT = re.compile(r"\n[ \t]+")  # newlines kept: an error names its line


@dataclass(frozen=True)
class Theme:
    """A consultant's overrides for one client (config.yaml: theme), read once per build."""

    folder: str | None = None                    # for the template loader; None: no theme
    templates: frozenset[str] = frozenset()      # the *.html files in the folder
    assets: tuple[tuple[str, bytes], ...] = ()   # (path in the site, content)
    css: bool = False                            # assets/theme.css is linked after the base CSS
    logo: str | None = None                      # assets/logo.svg or assets/logo.png


def load_theme(folder: Path | None, shown: str = "theme") -> Theme:
    """Read a theme folder; a missing folder is an input error (exit 2), not an empty theme."""
    if folder is None:
        return Theme()
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(Problem("config.yaml", f"theme folder '{shown}' not found", column="theme",
                                 hint="create the folder, fix the path (relative to config.yaml) or remove 'theme'"))
    assets: dict[str, bytes] = {}
    css = (folder / "theme.css").is_file()
    if css:
        assets["assets/theme.css"] = (folder / "theme.css").read_bytes()
    logo = next((name for name in LOGOS if (folder / name).is_file()), None)
    if logo:
        assets[f"assets/{logo}"] = (folder / logo).read_bytes()
    extra = folder / "assets"
    if extra.is_dir():
        for f in sorted(extra.rglob("*")):
            if f.is_file():
                assets["assets/" + f.relative_to(extra).as_posix()] = f.read_bytes()
    templates = frozenset(f.name for f in folder.glob("*.html") if f.is_file())
    return Theme(str(folder.resolve()), templates, tuple(sorted(assets.items())), css,
                 f"assets/{logo}" if logo else None)


def render_site(report: Report, files=None, extra=None, workers=None, execution=None):
    """Every file of the site keyed by its path relative to the site root, put into ``files``
    (a mapping such as :class:`writer.Staging`) or, without it, a new dict in path order.
    ``extra(files)`` adds more files while a large build's customer pages are being made;
    ``workers``: a pool from :func:`start_workers` (shut down when not needed)."""
    config = report.config
    try:
        theme = load_theme(config.theme, config.display(config.theme) if config.theme else "theme")
    except BaseException:
        if workers is not None:
            stop_workers(workers)
        raise
    return _Site(report, theme, files).render(extra, workers)


def start_workers(execution=None) -> ProcessPoolExecutor | None:
    """The worker pool of a large build, started now so that the workers' start (a Python each,
    importing pandas and the renderer: about a second of CPU) runs beside the computing, which
    keeps only one core busy. None where no pool can be used."""
    workers = _worker_count()
    if workers < 2 or not _spawnable():
        return None
    executor = _executor(workers)
    for _ in range(workers):
        executor.submit(_warm)
    return executor


def stop_workers(executor: ProcessPoolExecutor) -> None:
    """Shut a pool from :func:`start_workers` down now, without waiting for its workers to finish
    starting (they have only been importing)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())  # CPython's own list
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)


def _worker_count() -> int:
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _executor(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: forked children can deadlock after vl_convert has run in this process
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


def _warm() -> None:
    """In a new worker: what rendering customer pages imports (a task, so the worker starts now)."""
    from generator import execution as collector  # noqa: F401
    from generator.output import writer


class _Site:
    """One build's pages. Everything shared by many pages is prepared once here."""

    def __init__(self, report: Report, theme: Theme = Theme(), files=None):
        self.report = report
        self.theme = theme
        config = report.config
        self.theme_shown = config.display(config.theme) if config.theme else "theme"
        self.lang = report.lang
        self.policy = report.policy
        self.catalogue = report.policy.catalogue
        self.t = Translator(self.lang)
        self.fmt = Formatter(self.lang, report.config.currency, nbsp=True)
        self.columns = ColumnFormatter(self.fmt)
        self._texts: dict[tuple[str, str | None], list[str]] = {}  # formatted columns (_column_texts)
        self._band_labels: dict[str, str] = {}
        self.env = _environment(self.lang, report.config.currency, theme.folder)
        self.segments = self._segments()
        self.segment_by_id = {s["id"]: s for s in self.segments}
        self.services = [{"id": s.id, "name": s.name.get(self.lang), "cost": s.cost,
                          "unit": unit_label(s.unit, self.lang)} for s in self.policy.services]
        for s in self.services:  # "(€ 9,00 per order)" beside the service on customer pages
            s["per_unit"] = self.t("per_unit", cost=self.fmt.money2(s["cost"]), unit=s["unit"])
        self.frame = report.customers
        self.customers = self._customer_rows()
        self.months = _window_months(report.window_start, report.as_of)
        self.month_labels = [_month_label(m, self.lang) for m in self.months]
        self.previous_month_labels = [_month_label(m - pd.DateOffset(years=1), self.lang) for m in self.months]
        self.charts = Charts(
            self.lang, [(s["name"], s["color"]) for s in self.segments], self.month_labels,
            get_currency_symbol(report.config.currency, LOCALES[self.lang]), self.previous_month_labels,
        )
        self.sink = files
        self.files = files if files is not None else {}
        #: what every page's layout needs besides the language
        self.base = {"label": self._label, "report_title": report.title, "as_of": report.as_of,
                     "generated": report.generated, "nav": self._nav(), "theme_css": theme.css,
                     "logo": theme.logo}

    # ------------------------------------------------------------------ build

    def render(self, extra=None, workers: "ProcessPoolExecutor | None" = None) -> dict[str, bytes]:
        """Every page; ``extra(files)`` adds more files (the exports) while the customer pages are
        still being made by the worker pool of a large build (``workers``: one started ahead,
        :func:`start_workers`; shut down here when the pages are made without it)."""
        self._assets()
        pool = self._start_customer_pages(workers)  # a large build: workers start on them now
        try:
            self._page("index.html", "index.html", "overview", self.t("overview_title"), has_charts=True,
                       **self._overview())
            for seg in self.segments:
                self._page(seg["href"], self._pick("segment.html", f"segment-{seg['id']}.html"), "segments",
                           seg["name"], has_charts=True, **self._segment_page(seg))
            index = self._customer_index()
            self.files[INDEX_DATA] = index.pop("data")
            self._page("customers/index.html", "customers_index.html", "customers", self.t("customers_title"),
                       **index)
            if pool is None:
                self._render_customers(range(len(self.customers)), self.files)
            self._actions_pages()
            self._page("policy.html", "policy.html", "policy", self.t("policy_title"), **self._policy_page())
            self._page("methodology.html", "methodology.html", "methodology", self.t("methodology_title"),
                       **self._methodology_page())
            self._page("data-quality.html", "data_quality.html", "data-quality", self.t("dq_title"),
                       **self._data_quality_page())
            if extra is not None:
                extra(self.files)
        except BaseException:
            if pool is not None:
                pool.stop()
            raise
        if pool is not None:
            for sizes in pool.finish():
                self.files.add_written(sizes)
        if self.sink is not None:
            return self.sink
        return {path: self.files[path] for path in sorted(self.files)}

    def _page(self, path: str, template: str, section: str, title: str, has_charts: bool = False, **context):
        root = "../" * path.count("/")
        context = dict(self.base, path=path, root=root, section=section, page_title=title, has_charts=has_charts,
                       **context)
        self.files[path] = self._render(template, context)

    def _render(self, template: str, context: dict) -> bytes:
        """A page as UTF-8; an error in a theme's template is the user's input error, named with its line."""
        try:
            return self.env.get_template(template).render(context).encode("utf-8")
        except jinja2.TemplateError as exc:
            where = _theme_frame(exc, self.theme.folder)
            if where is None:
                raise
            message = exc.message if isinstance(exc, jinja2.TemplateSyntaxError) else f"{type(exc).__name__}: {exc}"
            raise InputError(Problem(f"{self.theme_shown}/{where[0]}", message or "template error", line=where[1],
                                     hint="fix the template in the theme folder; it can use the variables of the "
                                          "packaged template it replaces (templates/ in klantwaarde)")) from None

    def _pick(self, generic: str, specific: str) -> str:
        """The theme's page-specific template when there is one (most specific first)."""
        return specific if specific in self.theme.templates else generic

    def _assets(self):
        folder = templates_dir() / "assets"
        for name in STATIC_ASSETS:
            self.files[f"assets/{name}"] = (folder / name).read_bytes()
        self.files["assets/vega-runtime.js"] = _runtime_bytes()
        self.files["assets/chart-specs.js"] = self.charts.script()
        css = ["/* segment colours from the policy */"]
        for s in self.segments:
            css.append(f".seg-{s['id']} {{ --seg: {s['color']}; }}")
        self.files["assets/segments.css"] = ("\n".join(css) + "\n").encode("utf-8")
        self.files.update(self.theme.assets)  # the theme's files win over the packaged ones

    # ------------------------------------------------------------------ environment

    def _nav(self) -> list[dict]:
        first_segment = f"segments/{self.policy.segments[0].id}.html"
        items = [("overview", "index.html"), ("segments", first_segment), ("customers", "customers/index.html"),
                 ("actions", "actions.html"), ("policy", "policy.html"), ("methodology", "methodology.html"),
                 ("data-quality", "data-quality.html")]
        return [{"section": s, "href": h, "label": self.t("nav_" + s.replace("-", "_"))} for s, h in items]

    def _label(self, name: str) -> str:
        m = self.catalogue.by_name.get(name)
        return m.label(self.lang) if m else name

    # ------------------------------------------------------------------ shared view data

    def _segments(self) -> list[dict]:
        out = []
        actions = {a.id: a for a in self.policy.actions}
        services = {s.id: s for s in self.policy.services}
        for i, s in enumerate(self.policy.segments):
            cond = self.policy.segment_conditions.get(s.id)
            names = list(dict.fromkeys(cond.names_in_order)) if cond else []
            out.append({
                "id": s.id, "name": s.name.get(self.lang), "description": s.description.get(self.lang),
                "color": s.color or PALETTE[i % len(PALETTE)], "when": s.when, "position": i + 1,
                "href": f"segments/{s.id}.html",
                "names": [{"name": n, "label": self._label(n)} for n in names],
                "entitlements": [{"id": e, "name": services[e].name.get(self.lang)} for e in s.entitlements
                                 if e in services],
                "playbook": [{"id": a, "title": actions[a].title.get(self.lang), "priority": actions[a].priority,
                              "letter": actions[a].letter} for a in s.playbook if a in actions],
            })
        return out

    def _customer_rows(self) -> list[dict]:
        """One plain dict per customer (missing values as None), in the Report's order."""
        frame = self.frame
        cols = list(frame.columns)
        values = frame.astype(object).where(frame.notna(), None)
        rows = []
        for cid, record in zip(frame.index, values.itertuples(index=False, name=None)):
            c = dict(zip(cols, record))
            c["customer_id"] = str(cid)
            c["name"] = str(cid) if c.get("name") is None or str(c["name"]).strip() == "" else str(c["name"])
            c["seg"] = self.segment_by_id.get(c.get("segment"))
            for key in ("account_manager", "sector", "region", "contract", "rfm_segment"):
                value = c.get(key)
                c[key] = None if value is None or str(value).strip() == "" else str(value)
            for key in ("revenue_12m", "revenue_prev_12m", "net_profit_12m", "margin_12m", "cost_to_serve_12m",
                        "leakage_12m", *SCORES, "days_since_contact", "overdue_amount", "overdue_invoices", "days_late_max",
                        "customer_since", "tenure_days", "late_payer", "silent"):
                c.setdefault(key, None)
            rows.append(c)
        return rows

    def _href(self, c: dict, root: str) -> str:
        return f"{root}customers/{c['slug']}.html"

    def _quadrant_rows(self, customers: list[dict], root: str) -> tuple[list[dict], int]:
        rows, missing = [], 0
        for c in customers:
            v, b = c["value_score"], c["burden_score"]
            if v is None or b is None:
                missing += 1
                continue
            rows.append({"v": clean(v, 1), "b": clean(b, 1), "f": clean(c["future_score"], 1), "n": c["name"],
                         "s": c["seg"]["name"] if c["seg"] else "", "h": self._href(c, root)})
        return rows, missing

    def _quadrant_summary(self, rows: list[dict]) -> str:
        counts = {"hv_lb": 0, "hv_hb": 0, "lv_hb": 0, "lv_lb": 0}
        for r in rows:
            key = ("hv" if r["v"] >= 50 else "lv") + "_" + ("hb" if r["b"] >= 50 else "lb")
            counts[key] += 1
        return self.t("quadrant_summary", **{k: self.fmt.count(v) for k, v in counts.items()})

    def _quadrant(self, customers: list[dict], root: str, kind: str) -> dict:
        """The value × burden chart: every customer a dot, or with many a density map and a sample.

        Thousands of overlapping dots say nothing and make the page slow, so
        above QUADRANT_DOTS the chart shades every customer into cells and
        draws a stable sample (by a hash of the page name, at least a few per
        segment) as clickable dots; a note under the chart says so.
        """
        rows, missing = self._quadrant_rows(customers, root)
        out = {"summary": self._quadrant_summary(rows), "missing": missing, "note": None}
        if len(rows) <= QUADRANT_DOTS:
            out["spec"] = self.charts.embed(kind, rows)
            return out
        sample = _sample_by_segment(rows, QUADRANT_SAMPLE, SEGMENT_SAMPLE_MIN)
        out["spec"] = self.charts.embed(f"{kind}_density", sample, bins=self._density(rows))
        out["note"] = self.t("quadrant_sampled", n=self.fmt.count(len(rows)), shown=self.fmt.count(len(sample)))
        return out

    def _density(self, rows: list[dict]) -> list[dict]:
        last = 100 // BIN - 1
        counts: dict[tuple[int, int], int] = {}
        for r in rows:
            key = (min(int(r["v"] // BIN), last), min(int(r["b"] // BIN), last))
            counts[key] = counts.get(key, 0) + 1
        return [{"x": bx * BIN, "x2": (bx + 1) * BIN, "y": by * BIN, "y2": (by + 1) * BIN, "c": n,
                 "l": self.t("n_customers", n=self.fmt.count(n))} for (bx, by), n in sorted(counts.items())]

    # ------------------------------------------------------------------ overview

    def _overview(self) -> dict:
        r, t, fmt = self.report, self.t, self.fmt
        cs = self.customers
        totals = [{"label": self._label(name), "value": _total(self.frame, name)}
                  for name in ("revenue_12m", "margin_12m", "cost_to_serve_12m", "net_profit_12m")]
        has_margin = _total(self.frame, "margin_12m") is not None

        # segments: share of customers and of revenue
        revenue_all = sum(c["revenue_12m"] or 0 for c in cs)
        segment_rows, chart_rows = [], []
        for seg in self.segments:
            members = [c for c in cs if c["seg"] is seg]
            revenue = sum(c["revenue_12m"] or 0 for c in members)
            profits = [c["net_profit_12m"] for c in members if c["net_profit_12m"] is not None]
            row = {"seg": seg, "count": len(members), "share_count": len(members) / len(cs) if cs else None,
                   "revenue": revenue, "share_revenue": revenue / revenue_all if revenue_all > 0 else None,
                   "net_profit": sum(profits) if profits else None}
            segment_rows.append(row)
            chart_rows.append({"s": seg["name"], "k": t("share_customers"), "v": clean(row["share_count"] or 0, 4),
                               "l": t("n_customers", n=fmt.count(len(members)))})
            chart_rows.append({"s": seg["name"], "k": t("share_revenue"), "v": clean(row["share_revenue"] or 0, 4),
                               "l": fmt.money(revenue)})

        quadrant = self._quadrant(cs, "", "quadrant")

        silent = [c for c in cs if _true(c["silent"])]
        silent.sort(key=lambda c: (-(c["revenue_12m"] or 0), c["name"].casefold(), c["customer_id"]))
        late = [c for c in cs if _true(c["late_payer"])]
        late.sort(key=lambda c: (-(c["overdue_amount"] or 0), c["name"].casefold(), c["customer_id"]))

        kpis = self._kpis()
        return {
            "n_customers": len(cs), "window_start": r.window_start, "data_start": r.data_start,
            "totals": totals, "has_margin": has_margin, "kpis": kpis, "kpi_basis": self._kpi_basis(kpis),
            "kpi_since": self.report.previous_as_of,
            "segment_rows": segment_rows, "segment_chart": self.charts.embed("segment_shares", chart_rows),
            "quadrant": quadrant, "whale": self._whale(),
            "silence_days": self.policy.house_rules.silence_days,
            "arrears_days": self.policy.house_rules.arrears_days,
            "silent": {"count": len(silent), "rows": silent[:TOP_ROWS]},
            "arrears": {"count": len(late), "rows": late[:TOP_ROWS],
                        "total": sum(c["overdue_amount"] or 0 for c in late)},
            "leakage": self._leakage(), "top_actions": self._top_actions(), "moves": self._moves(),
            "outliers": self._outliers(),
        }

    def _kpis(self) -> list[dict]:
        """The policy's focus KPIs, each compared with the previous report (history) where that
        report stored it, otherwise with the previous 12-month window (``basis``: report | window | None)."""
        out = []
        since = self.report.previous_as_of
        for name in self.policy.model.kpis:
            k = self.report.kpis.get(name)
            if k is None:
                continue
            label = PORTFOLIO_KPIS[name][0 if self.lang == "nl" else 1] if name in PORTFOLIO_KPIS else k.label
            value = self._kpi_value(k.value, k.kind)
            at_report = getattr(k, "previous_report", None)
            if since is not None and not is_missing(at_report):
                basis, before = "report", at_report
            elif not is_missing(k.previous):
                basis, before = "window", k.previous
            else:
                basis, before = None, None
            change, direction = None, "flat"
            if basis is not None and not is_missing(k.value):
                diff = float(k.value) - float(before)
                change = self.fmt.signed(diff, k.kind)
                direction = "up" if diff > 0 else "down" if diff < 0 else "flat"
            out.append({"name": name, "label": label, "value": value, "basis": basis,
                        "previous": None if basis is None else self._kpi_value(before, k.kind),
                        "change": change, "direction": direction})
        return out

    def _kpi_basis(self, kpis: list[dict]) -> str | None:
        """One sentence under the focus KPIs: what they are compared with."""
        since = self.report.previous_as_of
        if not kpis:
            return None
        if since is None:
            return self.t("kpis_no_report")
        if getattr(self.report, "previous_kpis", None) is None:
            return self.t("kpis_report_without_kpis", date=self.fmt.date(since))
        return self.t("kpis_since_report", date=self.fmt.date(since))

    def _kpi_value(self, value, kind: str) -> str:
        if kind == "ratio":
            return self.fmt.percent(value, 1)
        if kind == "money":
            return self.fmt.money(value)
        return self.fmt.count(value)

    def _whale(self) -> dict | None:
        """The whale curve (measures.whale_curve), thinned to WHALE_POINTS points that keep its peak."""
        curve = getattr(self.report, "whale", None)
        if curve is None and "net_profit_12m" in self.frame.columns:
            from generator.model.measures import whale_curve

            curve = whale_curve(self.frame["net_profit_12m"])
        if curve is None or curve.empty or curve["profit_share"].isna().all():
            return None
        profits = [float(p) for p in curve["net_profit"]]
        n = len(profits)
        points = [(0.0, 0.0)] + list(zip(curve["customer_share"].astype(float), curve["profit_share"].astype(float)))
        peak_i = max(range(len(points)), key=lambda i: (points[i][1], -i))
        keep = sorted(set(range(0, len(points), max(1, math.ceil(len(points) / WHALE_POINTS))))
                      | {peak_i, len(points) - 1})
        rows = [{"x": clean(points[i][0], 4), "y": clean(points[i][1], 4), "peak": i == peak_i} for i in keep]
        winners = [p for p in profits if p > 0]
        losers = [p for p in profits if p < 0]
        fmt = self.fmt
        if losers:
            summary = self.t("whale_summary", top=fmt.count(len(winners)), top_share=fmt.percent(len(winners) / n),
                             peak=fmt.percent(points[peak_i][1]), rest=fmt.count(len(losers)),
                             loss=fmt.money(-sum(losers)))
        else:
            summary = self.t("whale_summary_no_loss")
        return {"spec": self.charts.embed("whale", rows), "summary": summary}

    def _leakage(self) -> dict | None:
        if "leakage_12m" not in self.frame or self.frame["leakage_12m"].isna().all():
            return None
        cs = self.customers
        leaking = [c for c in cs if (c["leakage_12m"] or 0) > 0]
        services = []
        for s in self.services:
            cost_col, ent_col = f"cost_{s['id']}_12m", f"entitled_{s['id']}"
            beyond = [c[cost_col] for c in cs
                      if _false(c.get(ent_col)) and (c.get(cost_col) or 0) > 0]
            if beyond:
                services.append({"name": s["name"], "count": len(beyond), "cost": sum(beyond)})
        return {"count": len(leaking), "total": sum(c["leakage_12m"] for c in leaking), "services": services}

    def _top_actions(self) -> dict:
        order = {a.id: i for i, a in enumerate(self.policy.actions)}
        rows = [a for a in self._action_rows if a["priority"] == 1]
        rows.sort(key=lambda a: (order.get(a["action_id"], len(order)), -(a["customer"]["revenue_12m"] or 0),
                                 a["customer"]["name"].casefold(), a["customer"]["customer_id"]))
        return {"count": len(rows), "rows": rows[:TOP_ACTIONS]}

    def _moves(self) -> dict | None:
        """Segment migrations since the previous report: a from × to matrix of customer counts.

        Rows are the previous segments (plus customers new since then),
        columns the current ones (plus customers no longer in the report);
        the diagonal is who stayed. None without a previous report.
        """
        before = self._previous_segments()
        if before is None:
            return None
        order = [s["id"] for s in self.segments]
        now = {c["customer_id"]: c.get("segment") for c in self.customers}
        old_ids = sorted(set(before.values()), key=lambda v: (order.index(v) if v in order else len(order), v))
        sources = old_ids + ["__new__"]
        targets = order + ["__gone__"]
        counts = {(a, b): 0 for a in sources for b in targets}
        for cid, seg in now.items():
            counts[(before.get(cid, "__new__"), seg if seg in order else "__gone__")] += 1
        for cid, seg in before.items():
            if cid not in now:
                counts[(seg, "__gone__")] += 1
        moved = sum(n for (a, b), n in counts.items() if a != b and a != "__new__" and b != "__gone__")
        new = sum(counts[("__new__", b)] for b in targets)
        gone = sum(counts[(a, "__gone__")] for a in old_ids)
        label = {"__new__": self.t("moves_new"), "__gone__": self.t("moves_gone")}

        def head(sid: str) -> dict:
            return {"seg": self.segment_by_id.get(sid), "label": label.get(sid, sid)}

        if not gone:  # no empty 'no longer in the report' column
            targets = order
        rows = [{**head(a), "cells": [{"count": counts[(a, b)], "same": a == b} for b in targets],
                 "total": sum(counts[(a, b)] for b in targets)} for a in sources]
        rows = [r for r in rows if r["total"] or r["seg"] is not None]
        return {"count": moved, "new": new, "gone": gone, "columns": [head(b) for b in targets], "rows": rows,
                "as_of": self.report.previous_as_of}

    def _outliers(self) -> list[dict]:
        """The customers furthest from the average: biggest movers in revenue, biggest losses, highest cost.

        The policy's leaders learn from outliers rather than averages; every
        list is a handful of named customers with the figures that put them there.
        """
        t, fmt, cs = self.t, self.fmt, self.customers

        def change(c):
            now, before = c.get("revenue_12m"), c.get("revenue_prev_12m")
            return None if now is None or before is None else now - before

        def listed(key, items, columns, cells):
            return {"id": key, "title": t(f"outliers_{key}"), "columns": columns,
                    "rows": [{"c": c, "cells": cells(c)} for c in items[:OUTLIER_ROWS]]}

        def by(value, reverse):
            return lambda c: (-(value(c)) if reverse else value(c), c["name"].casefold(), c["customer_id"])

        def money(v):
            return {"text": fmt.money(v), "negative": v is not None and v < 0}

        def signed(v):
            arrow = "▲ " if v > 0 else "▼ " if v < 0 else ""
            return {"text": arrow + (fmt.signed(v, "money") if v > 0 else fmt.money(v)), "negative": v < 0}

        movers = [c for c in cs if change(c) is not None]
        revenue_cols = [self._label("revenue_12m"), t("col_change")]
        lists = [
            listed("risers", sorted([c for c in movers if change(c) > 0], key=by(change, True)), revenue_cols,
                   lambda c: [money(c["revenue_12m"]), signed(change(c))]),
            listed("fallers", sorted([c for c in movers if change(c) < 0], key=by(change, False)), revenue_cols,
                   lambda c: [money(c["revenue_12m"]), signed(change(c))]),
            listed("losses", sorted([c for c in cs if (c["net_profit_12m"] or 0) < 0],
                                    key=by(lambda c: c["net_profit_12m"], False)),
                   [self._label("net_profit_12m"), self._label("cost_to_serve_12m")],
                   lambda c: [money(c["net_profit_12m"]), money(c["cost_to_serve_12m"])]),
            listed("cost", sorted([c for c in cs if (c["cost_to_serve_12m"] or 0) > 0],
                                  key=by(lambda c: c["cost_to_serve_12m"], True)),
                   [self._label("cost_to_serve_12m"), self._label("revenue_12m")],
                   lambda c: [money(c["cost_to_serve_12m"]), money(c["revenue_12m"])]),
        ]
        return [x for x in lists if x["rows"]]

    # ------------------------------------------------------------------ actions

    @cached_property
    def _action_rows(self) -> list[dict]:
        """Every recommended action with its customer, in a stable order."""
        by_id = {c["customer_id"]: c for c in self.customers}
        actions = self.report.actions
        out = []
        if actions is None or actions.empty:
            return out
        cols = list(actions.columns)
        values = actions.astype(object).where(actions.notna(), None)
        for i, record in enumerate(values.itertuples(index=False, name=None)):
            a = dict(zip(cols, record))
            customer = by_id.get(str(a["customer_id"]))
            if customer is None:
                continue
            a["customer"] = customer
            a["priority"] = int(a["priority"])
            a["letter"] = bool(a.get("letter"))
            a.setdefault("reason", None)
            a.setdefault("language", None)
            a["order"] = i
            out.append(a)
        return out

    def _actions_page(self) -> dict:
        groups: dict[str | None, list[dict]] = {}
        for a in self._action_rows:
            groups.setdefault(a["customer"]["account_manager"], []).append(a)
        named = sorted((k for k in groups if k), key=lambda k: (k.casefold(), k))
        keys = named + ([None] if None in groups else [])
        out = []
        for i, am in enumerate(keys):
            rows = sorted(groups[am], key=lambda a: (a["priority"], a["customer"]["name"].casefold(),
                                                     a["customer"]["customer_id"], a["order"]))
            out.append({"label": am or self.t("no_account_manager"), "anchor": f"am-{i + 1}", "rows": rows,
                        "key": am})
        return {"groups": out}

    def _actions_pages(self) -> None:
        """actions.html with every action, or, above ACTIONS_PAGED_ABOVE actions, a summary per
        account manager and per manager pages of ACTIONS_PAGE_ROWS rows (priority 1 first).

        Page names follow the customer slug rule (DESIGN.md) applied to the manager's name;
        page 2 onwards add ``_<n>``, which no slug contains, so names never collide.
        """
        from generator.pipeline import customer_slugs

        title = self.t("actions_title")
        groups = self._actions_page()["groups"]
        total = sum(len(g["rows"]) for g in groups)
        if total <= ACTIONS_PAGED_ABOVE:
            self._page("actions.html", "actions.html", "actions", title, groups=groups, summary=None)
            return
        per_page = max(1, int(ACTIONS_PAGE_ROWS))
        named = [g["key"] for g in groups if g["key"]]
        stems = dict(zip(named, customer_slugs(named)))
        priorities = sorted({a["priority"] for g in groups for a in g["rows"]})
        managers = []
        for g in groups:
            stem = stems[g["key"]] if g["key"] else ACTIONS_UNASSIGNED
            rows = g["rows"]
            chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)]
            names = [f"{stem}.html" if n == 1 else f"{stem}_{n}.html" for n in range(1, len(chunks) + 1)]
            starts: dict[int, int] = {}   # priority -> number of the page where it begins
            pages = []
            for n, chunk in enumerate(chunks, start=1):
                sections: list[dict] = []
                for a in chunk:
                    p = a["priority"]
                    if not sections or sections[-1]["priority"] != p:
                        sections.append({"priority": p, "anchor": f"p{p}", "continued": p in starts, "rows": []})
                        starts.setdefault(p, n)
                    sections[-1]["rows"].append(a)
                pages.append({"n": n, "sections": sections, "first": (n - 1) * per_page + 1,
                              "last": (n - 1) * per_page + len(chunk)})
            counts = {p: sum(1 for a in rows if a["priority"] == p) for p in priorities}
            # links from the summary (site root); a manager page (in actions/) links by file name
            by_priority = [{"priority": p, "count": counts[p], "page": starts.get(p),
                            "href": f"actions/{names[starts[p] - 1]}#p{p}" if p in starts else None}
                           for p in priorities]
            manager = {"label": g["label"], "count": len(rows), "pages": len(chunks),
                       "href": f"actions/{names[0]}", "by_priority": by_priority}
            managers.append(manager)
            for page in pages:
                n = page["n"]

                def here(i: int, anchor: str = "", n: int = n) -> str:  # page i of this manager, seen from page n
                    return (anchor or "#") if i == n else names[i - 1] + anchor

                pager = {"previous": here(n - 1) if n > 1 else None,
                         "next": here(n + 1) if n < len(names) else None,
                         "pages": [{"n": i, "href": here(i), "current": i == n} for i in range(1, len(names) + 1)]}
                jump = [{"priority": b["priority"], "count": b["count"], "page": b["page"],
                         "href": here(b["page"], f"#p{b['priority']}")} for b in by_priority if b["count"]]
                page_title = self.t("actions_manager_title", name=g["label"])
                if len(names) > 1:
                    page_title += " · " + self.t("page_of", n=self.fmt.count(n), total=self.fmt.count(len(names)))
                self._page(f"actions/{names[n - 1]}", "actions_manager.html", "actions", page_title,
                           manager=manager, page=page, pager=pager, jump=jump, total_pages=len(names),
                           per_page=per_page)
        self._page("actions.html", "actions.html", "actions", title, groups=[],
                   summary={"total": total, "page_rows": per_page, "priorities": priorities, "managers": managers,
                            "by_priority": [{"priority": p, "count": sum(m["by_priority"][i]["count"]
                                                                         for m in managers)}
                                            for i, p in enumerate(priorities)]})

    # ------------------------------------------------------------------ segments

    def _segment_page(self, seg: dict) -> dict:
        members = [c for c in self.customers if c["seg"] is seg]
        members.sort(key=lambda c: (c["value_score"] is None, -(c["value_score"] or 0), c["name"].casefold(),
                                    c["customer_id"]))
        profits = [c["net_profit_12m"] for c in members if c["net_profit_12m"] is not None]
        scores = []
        for name in SCORES:
            known = [c[name] for c in members if c[name] is not None]
            scores.append({"label": self._label(name), "value": sum(known) / len(known) if known else None})
        stats = {"count": len(members), "revenue": sum(c["revenue_12m"] or 0 for c in members),
                 "net_profit": sum(profits) if profits else None, "scores": scores}
        chart = self._quadrant(members, "../", "quadrant_members")
        if chart["missing"] == len(members):
            chart = None
        return {"seg": seg, "segments": self.segments, "members": members[:SEGMENT_ROWS], "count": len(members),
                "stats": stats, "chart": chart, "index_link": f"../customers/index.html#segment={seg['id']}"}

    # ------------------------------------------------------------------ customers

    def _customer_index(self) -> dict:
        """The index page and its data file: one row per customer, read by assets/customers.js.

        The rows live in a classic script (``customers/index-data.js``), not in
        one giant table, so 100,000 customers stay responsive: the script pages
        through them and searches, sorts and filters the array. Money is
        formatted here (Babel), so the list reads like every other page.
        """
        fmt = self.fmt
        rows = sorted(self.customers, key=lambda c: (c["name"].casefold(), c["customer_id"]))
        managers = sorted({c["account_manager"] for c in self.customers if c["account_manager"]},
                          key=lambda k: (k.casefold(), k))
        segment_at = {s["id"]: i for i, s in enumerate(self.segments)}
        manager_at = {m: i for i, m in enumerate(managers)}
        data_rows = []
        for c in rows:
            data_rows.append([
                c["name"], c["customer_id"], c["slug"], segment_at.get(c.get("segment"), -1),
                manager_at.get(c["account_manager"], -1),
                clean(c["revenue_12m"]), fmt.money(c["revenue_12m"]),
                clean(c["net_profit_12m"]), fmt.money(c["net_profit_12m"]),
                *(_whole(fmt, c[name]) for name in SCORES),
            ])
        data = {
            "segments": [{"id": s["id"], "name": s["name"], "href": f"../{s['href']}"} for s in self.segments],
            "managers": managers,
            "fields": ["name", "id", "slug", "segment", "manager", "revenue", "revenue_text", "net", "net_text",
                       *SCORES],
            "rows": data_rows,
        }
        script = ("/* The customer index of this report, one row per customer (written by klantwaarde; "
                  "read by ../assets/customers.js). */\nwindow.klantwaardeCustomers = " + _js_json(data) + ";\n")
        return {"data": script.encode("utf-8"), "count": len(rows), "segments": self.segments,
                "account_managers": [{"value": m, "label": m} for m in managers]}

    def _start_customer_pages(self, executor: "ProcessPoolExecutor | None" = None) -> "_CustomerPool | None":
        """A large build's customer pages, started on a pool of worker processes that write them
        straight into the staging folder (:func:`_pool_render`) while this process makes the
        other pages; None when they are made here (small builds, no staging folder)."""
        n = len(self.customers)
        workers = _worker_count()
        folder = getattr(self.files, "folder", None)
        if n < POOL_FROM or workers < 2 or folder is None or not _spawnable():
            if executor is not None:
                stop_workers(executor)
            return None
        return _CustomerPool(self.report, self.theme, str(folder), workers,
                             parts=max(workers * 4, -(-n // POOL_CHUNK)), executor=executor)

    @cached_property
    def _customer_state(self) -> dict:
        """What every customer page draws on, prepared once per process."""
        actions: dict[str, list[dict]] = {}
        for a in self._action_rows:
            actions.setdefault(a["customer"]["customer_id"], []).append(a)
        groups = self._measure_groups()
        cost_names = [n for n in ("cost_to_serve_12m", "cost_to_serve_pct_12m", "margin_12m", "net_profit_12m",
                                  "leakage_12m") if n in self.frame.columns]
        score_defs = self._score_definitions()
        texts = {key: self.t(key) for key in ("score_missing", "inverted_note", "component_missing",
                                               "trace_chosen", "trace_catch_all")}
        common = dict(self.base, root="../", section="customers", has_charts=True,
                      arrears_days=self.policy.house_rules.arrears_days,
                      notes_shown=bool(self.report.config.privacy.notes))
        return dict(
            frame=self._customer_frame(common),
            actions=actions, monthly=self._monthly_by_customer(), rules=self._rules_by_customer(),
            previous=self._previous_segments(), previous_scores=self._previous_scores(),
            timelines=self._timelines(), contracts={c.id: c.name.get(self.lang) for c in self.policy.contracts},
            score_defs=score_defs, groups=groups, groups_html=self._measure_items(groups),
            cost_names=cost_names,
            texts=texts, scorecards=_Scorecards(self, score_defs, texts, self._score_head()),
            common=common,
        )

    def _score_head(self) -> str:
        """The header row of a score's components table."""
        return ("<thead><tr>\n" + "\n".join(
                f'<th scope="col"{cls}>{fragments.esc(self.t(key))}</th>'
                for key, cls in (("col_component", ""), ("col_measured", ' class="num"'),
                                 ("col_normalised", ""), ("col_weight", ' class="num"'),
                                 ("col_effective_weight", ' class="num"'))) + "\n</tr></thead>")

    def _customer_frame(self, common: dict) -> "_Frame | None":
        """The layout around every customer page's content, made once (:class:`_Frame`); None
        when a theme replaces the page or its layout, or when the layout is not the same for
        every customer page (then each page is rendered whole)."""
        if not FRAMED_CUSTOMER_PAGES or {"customer.html", "_base.html"} & self.theme.templates:
            return None
        return _Frame.make(self.env, "customer.html", dict(common, c=None))

    def _render_customers(self, indices, files) -> None:
        st = self._customer_state
        actions, monthly, rules, timelines = st["actions"], st["monthly"], st["rules"], st["timelines"]
        previous, previous_scores, contracts = st["previous"], st["previous_scores"], st["contracts"]
        score_defs, groups, cost_names, common = st["score_defs"], st["groups"], st["cost_names"], st["common"]
        groups_html = st["groups_html"]
        texts, frame, scorecards = st["texts"], st["frame"], st["scorecards"]
        notes_shown = common["notes_shown"]
        for i in indices:
            c = self.customers[i]
            path = f"customers/{c['slug']}.html"
            cid = c["customer_id"]
            own = sorted(actions.get(cid, []), key=lambda a: (a["priority"], a["order"]))
            timeline = timelines.get(cid)
            row = self._row[cid]
            groups_of_c = _Lazy(partial(self._groups_of, c, groups))
            headline = self._headline(c)
            scores = _Lazy(partial(self._scorecard, c, score_defs, previous_scores.get(cid, {})))
            trace = self._trace(c, rules.get(cid, {}))
            services = self._service_rows(c)
            arrears = self._arrears(c)
            cost_measures = [{"label": self._label(n), "value": self._value(c, n),
                              "negative": isinstance(c.get(n), (int, float)) and c[n] < 0} for n in cost_names]
            context = dict(
                common, path=path, page_title=c["name"], c=c,
                contract=contracts.get(c["contract"], c["contract"]),
                migration=self._migration(c, previous),
                headline=headline, headline_html=fragments.headline(headline),
                scores=scores, scores_html=scorecards.html(row, c, previous_scores.get(cid)),
                actions=own,
                trace=trace, trace_html=fragments.trace(trace, "../", texts),
                monthly=monthly.get(cid),
                timeline_html=timeline.html,
                services=services, services_html=fragments.services(services),
                arrears=arrears, arrears_html=fragments.facts(arrears["facts"]),
                timeline=timeline, timeline_cut=len(timeline) == TIMELINE_EVENTS,
                cost_measures=cost_measures, cost_measures_html=fragments.facts(cost_measures),
                groups=groups_of_c,
                groups_html=Markup("\n".join(head + "".join([items[row] for items in columns]) + tail
                                             for head, columns, tail in groups_html)),
            )
            template = self._pick("customer.html", f"customer-{c['slug']}.html")
            if frame is not None and template == "customer.html":
                files[path] = frame.page(c["name"], context)
            else:
                files[path] = self._render(template, context)

    def _migration(self, c: dict, previous: dict[str, str] | None) -> dict | None:
        """'Moved from X' (or 'new since the previous report'); None when nothing changed or nothing is known."""
        prev = c.get("previous_segment") or (previous or {}).get(c["customer_id"])
        if prev is None:
            return {"new": True} if previous is not None else None
        if prev == c.get("segment"):
            return None
        seg = self.segment_by_id.get(prev)
        return {"new": False, "seg": seg, "name": seg["name"] if seg else prev}

    def _headline(self, c: dict) -> list[dict]:
        """The four figures read first, revenue with its trend arrow against the previous 12 months."""
        out = []
        for name in ("revenue_12m", "net_profit_12m", "cost_to_serve_12m", "expected_revenue_12m"):
            if name not in self.frame.columns:
                continue
            value = c.get(name)
            item = {"label": self._label(name), "value": self._value(c, name),
                    "negative": value is not None and value < 0, "trend": None}
            if name == "revenue_12m":
                item["trend"] = self._trend(c.get("revenue_trend"), self.fmt.percent(c.get("revenue_trend"), 0),
                                            self.t("trend_vs_previous", value=self._value(c, "revenue_prev_12m")))
            out.append(item)
        return out

    def _trend(self, delta, text: str, context: str, up_is_good: bool = True) -> dict | None:
        """An arrow that also says it in words (never colour alone); ``tone`` colours it good or bad."""
        if delta is None or is_missing(delta):
            return None
        direction = "up" if delta > 0 else "down" if delta < 0 else "flat"
        arrow = {"up": "▲", "down": "▼", "flat": "▶"}[direction]
        tone = "flat" if direction == "flat" else "good" if (direction == "up") == up_is_good else "bad"
        return {"direction": direction, "tone": tone, "arrow": arrow, "text": ("+" if delta > 0 else "") + text,
                "context": context, "words": self.t(f"trend_{direction}")}

    def _previous_scores(self) -> dict[str, dict[str, float]]:
        """customer id → score → change since the previous report (from the frame or the previous report)."""
        out: dict[str, dict[str, float]] = {}
        cols = [f"{s}_change" for s in SCORES if f"{s}_change" in self.frame.columns]
        if cols:
            for c in self.customers:
                out[c["customer_id"]] = {col[:-7]: c[col] for col in cols if c.get(col) is not None}
            return out
        prev = self.report.previous
        known = [s for s in SCORES if prev is not None and s in getattr(prev, "columns", ())]
        if not known:
            return out
        before = prev[known].astype(object).where(prev[known].notna(), None)
        for cid, record in zip(before.index, before.itertuples(index=False, name=None)):
            out[str(cid)] = {s: v for s, v in zip(known, record) if v is not None}
        for c in self.customers:
            old = out.get(c["customer_id"], {})
            out[c["customer_id"]] = {s: float(c[s]) - float(v) for s, v in old.items() if c.get(s) is not None}
        return out

    def _arrears(self, c: dict) -> dict:
        known = "overdue_amount" in self.frame.columns
        return {"known": known, "late": _true(c.get("late_payer")), "amount": c.get("overdue_amount"),
                "overdue": known and (c.get("overdue_amount") or 0) > 0,
                "facts": [{"label": self._label(n), "value": self._value(c, n)}
                          for n in ("overdue_amount", "overdue_invoices", "overdue_days_max", "days_late_max",
                                    "days_late_avg", "payment_trend") if n in self.frame.columns]}

    def _timelines(self) -> "_Timelines":
        """customer id → contacts and purchases of the current window, newest first, at most
        TIMELINE_EVENTS of both together. Made for all customers at once: every event's texts
        and table row are formatted column by column, one sort orders them per customer.

        Notes appear only when the report carries them (config privacy.notes).
        """
        fmt, lang, t = self.fmt, self.lang, self.t
        notes_shown = bool(self.report.config.privacy.notes)
        contacts, purchases = self.report.interactions, self.report.purchases
        contacts = contacts if contacts is not None and len(contacts) else None
        purchases = purchases if purchases is not None and len(purchases) else None
        parts = []  # per table: customer ids, dates, rank at the same date (purchases first), texts
        if contacts is not None:
            n = len(contacts)
            kinds = contacts["kind"].astype(object).to_numpy()
            labels = _each_distinct(kinds, lambda k: interaction_kind(str(k), lang))
            details = [[] for _ in range(n)]
            for name, key in (("minutes", "minutes_n"), ("severity", "severity_n")):
                if name in contacts:
                    texts = self.columns.number(contacts[name])
                    known = contacts[name].notna().to_numpy()
                    filled = _each_distinct(texts, lambda text, key=key: t(key, n=text))
                    for i in np.flatnonzero(known).tolist():
                        details[i].append(filled[i])
            notes = (contacts["note"].astype(object).to_numpy() if "note" in contacts else np.full(n, None))
            parts.append((contacts["customer_id"], contacts["date"], 1, "contact", labels,
                          [", ".join(d) for d in details], [None if is_missing(v) else str(v) for v in notes],
                          np.zeros(n, dtype=bool)))
        if purchases is not None:
            n = len(purchases)
            kinds = (purchases["order_type"].astype(object).to_numpy() if "order_type" in purchases
                     else np.full(n, "", dtype=object))
            labels = _each_distinct(kinds, lambda k: t("purchase") if is_missing(k) or not str(k)
                                    else t("purchase_of", kind=order_type_label(str(k), lang)))
            amounts = purchases["amount"] if "amount" in purchases else pd.Series(np.nan, index=purchases.index)
            money = self.columns.money(amounts)
            orders = (purchases["orders"].astype(object).to_numpy() if "orders" in purchases
                      else np.ones(n, dtype=object))
            counted = _each_distinct(orders, lambda k: f" · {t('orders_n', n=fmt.count(k))}" if k and k > 1 else "")
            negative = amounts.fillna(0).to_numpy(dtype=float) < 0
            parts.append((purchases["customer_id"], purchases["date"], 0, "purchase", labels,
                          [m + o for m, o in zip(money, counted)], [None] * n, negative))
        return _Timelines(self._row, parts, fmt, notes_shown)

    def _value(self, c: dict, name: str, kind: str | None = None) -> str:
        """Customer ``c``'s value of column ``name`` as a page shows it (by its catalogue kind,
        or ``kind``): the whole column is formatted for every customer when first asked."""
        return self._column_texts(name, kind)[self._row[c["customer_id"]]]

    @cached_property
    def _row(self) -> dict[str, int]:
        return {c["customer_id"]: i for i, c in enumerate(self.customers)}

    def _column_texts(self, name: str, kind: str | None = None) -> list[str]:
        key = (name, kind)
        texts = self._texts.get(key)
        if texts is None:
            texts = self._texts[key] = self._format_column(name, kind)
        return texts

    def _format_column(self, name: str, kind: str | None) -> list[str]:
        if name not in self.frame.columns:
            return [self.fmt.MISSING] * len(self.customers)
        values = self.frame[name]
        if kind is None:
            m = self.catalogue.by_name.get(name)
            if m is None:
                return [self.fmt.MISSING if is_missing(v) else str(v) for v in values.tolist()]
            if m.kind == "text" and name.endswith("_band"):
                return [self.fmt.band(v) for v in values.tolist()]
            kind = m.kind
        return self.columns.measure(values, kind)

    def _score_definitions(self) -> list[dict]:
        scores = self.policy.scores
        inverted = set(scores.inverted)
        out = []
        for key in ("value", "burden", "future"):
            weights = getattr(scores, key)
            out.append({"name": f"{key}_score", "components": [
                {"name": m, "label": self._label(m), "weight": w, "weight_text": self.fmt.number(w),
                 "inverted": m in inverted}
                for m, w in weights.items()]})
        return out

    def _scorecard(self, c: dict, defs: list[dict], changes: dict[str, float] | None = None) -> list[dict]:
        out = []
        for d in defs:
            name = d["name"]
            comps = []
            for comp in d["components"]:
                column = f"{name}__{comp['name']}"
                norm = c.get(column)
                comps.append({**comp, "raw": self._value(c, comp["name"]),
                              "normalised": None if norm is None else float(norm),
                              "normalised_text": self._value(c, column, "score")})
            # missing components weigh 0, the others are re-normalised (scoring: <score>_coverage)
            known = sum(comp["weight"] for comp in comps if comp["normalised"] is not None)
            for comp in comps:
                comp["share"] = comp["weight"] / known if known and comp["normalised"] is not None else None
                comp["share_text"] = self.fmt.MISSING if comp["share"] is None else self.fmt.percent(comp["share"])
            out.append({**self._score_summary(c, name, (changes or {}).get(name)), "components": comps})
        return out

    def _score_summary(self, c: dict, name: str, delta) -> dict:
        """A score of customer ``c`` without its components: value, band, trend since the previous
        report (``delta``), coverage."""
        band = c.get(name.replace("_score", "_band"))
        coverage = c.get(f"{name}_coverage")
        delta = None if delta is None else round(float(delta))
        trend = None if delta is None else self._trend(delta, self.fmt.number(delta, 0),
                                                       self.t("since_previous_report"),
                                                       up_is_good=name != "burden_score")
        coverage = float(coverage) if coverage is not None and float(coverage) < 1 else None
        return {"name": name, "label": self._label(name), "value": c.get(name),
                "value_text": self._value(c, name, "score"),
                "band": self.fmt.band(band) if band else None, "band_key": band or "none",
                "band_text": self._band_label(band) if band else None, "trend": trend, "coverage": coverage,
                "coverage_text": None if coverage is None else
                self.t("score_coverage", share=self.fmt.percent(coverage))}

    def _band_label(self, band: str) -> str:
        """'band: laag' (a few bands, many customers: each made once)."""
        text = self._band_labels.get(band)
        if text is None:
            text = self._band_labels[band] = self.t("band_label", band=self.fmt.band(band))
        return text

    def _rules_by_customer(self) -> dict[str, dict]:
        rules = self.report.rules
        if rules is None or rules.empty:
            return {}
        cols = list(rules.columns)
        out = {}
        for cid, record in zip(rules.index, rules.astype(object).itertuples(index=False, name=None)):
            out[str(cid)] = {col: (None if is_missing(v) else bool(v)) for col, v in zip(cols, record)}
        return out

    def _trace(self, c: dict, results: dict) -> list[dict]:
        t = self.t
        rows, decided = [], False
        for seg in self.segments:
            chosen = seg["id"] == c.get("segment")
            if seg["when"] is None:
                state, outcome = ("catch-all", t("trace_catch_all")) if not decided else ("not-reached", t("trace_not_reached"))
            elif decided:
                state, outcome = "not-reached", t("trace_not_reached")
            else:
                result = results.get(seg["id"])
                state = "unknown" if result is None else ("true" if result else "false")
                outcome = t("trace_" + state)
            values = [{"name": n["name"], "value": self._trace_value(c, n["name"]),
                       "missing": c.get(n["name"]) is None} for n in seg["names"]]
            rows.append({"seg": seg, "position": seg["position"], "when": seg["when"], "state": state,
                         "outcome": outcome, "chosen": chosen, "parts": values})
            decided = decided or chosen
        return rows

    def _trace_value(self, c: dict, name: str) -> str:
        value = c.get(name)
        if value is None:
            return self.t("unknown")
        m = self.catalogue.by_name.get(name)
        if m is not None and m.kind == "text":
            return str(value)  # as the condition compares it: 'low', not 'laag'
        return self._value(c, name)

    def _previous_segments(self) -> dict[str, str] | None:
        """customer id → segment in the previous report; None when there is no previous report."""
        prev = self.report.previous
        if prev is None or "segment" not in getattr(prev, "columns", ()):
            return None
        return {str(k): str(v) for k, v in prev["segment"].items() if not is_missing(v)}

    def _service_rows(self, c: dict) -> list[dict]:
        rows = []
        for s in self.services:
            usage_col, cost_col = f"usage_{s['id']}_12m", f"cost_{s['id']}_12m"
            if usage_col not in self.frame.columns and cost_col not in self.frame.columns:
                continue
            cost = c.get(cost_col)
            entitled = c.get(f"entitled_{s['id']}")
            beyond = cost if (_false(entitled) and cost) else None
            rows.append({"name": s["name"], "unit": s["unit"], "unit_cost": s["cost"], "per_unit": s["per_unit"],
                         "usage": c.get(usage_col), "usage_text": self._value(c, usage_col, "number"),
                         "cost": cost, "cost_text": self._value(c, cost_col, "money"),
                         "entitled": entitled, "entitled_text": self.fmt.bool(entitled),
                         "beyond": beyond, "beyond_text": self.fmt.money2(beyond) if beyond else self.fmt.MISSING})
        return rows

    def _groups_of(self, c: dict, groups: list[dict]) -> list[dict]:
        """Customer ``c``'s measures by group, as data (for a theme)."""
        return [{"id": g["id"], "label": g["label"],
                 "measures": [{"label": m["label"], "value": self._value(c, m["name"]),
                               "missing": c.get(m["name"]) is None} for m in g["measures"]]}
                for g in groups]

    def _measure_items(self, groups: list[dict]) -> list[tuple[str, list[list[str]], str]]:
        """Per group: its opening HTML, per measure every customer's item, its closing HTML: the
        'all measures' section of every customer page, made column by column (the same items as
        ``groups`` of :meth:`_groups_of`, which a test compares)."""
        out = []
        for g in groups:
            head, tail = fragments.measure_group_frame(g["id"], g["label"])
            columns = []
            for m in g["measures"]:
                missing = self.frame[m["name"]].isna().tolist()
                label = fragments.esc(m["label"])
                shown, absent = fragments.measure_item_heads(label)
                columns.append([(absent if gone else shown) + fragments.esc(text) + "</dd></div>"
                                for text, gone in zip(self._column_texts(m["name"]), missing)])
            out.append((head, columns, tail))
        return out

    def _measure_groups(self) -> list[dict]:
        """The catalogue groups shown as 'all measures' on a customer page (computed measures only)."""
        skip_groups = {"profile", "score", "cost"}
        out = []
        for gid, measures in self.catalogue.by_group().items():
            if gid in skip_groups:
                continue
            shown = [{"name": m.name, "label": m.label(self.lang)} for m in measures if m.name in self.frame.columns]
            if shown:
                out.append({"id": gid, "label": GROUPS[gid][0 if self.lang == "nl" else 1], "measures": shown})
        return out

    def _monthly_by_customer(self) -> "_MonthlyFigures":
        """customer id → the monthly chart and table of the current window and the year before."""
        return _MonthlyFigures(self)

    # ------------------------------------------------------------------ policy, methodology, data quality

    def _policy_page(self) -> dict:
        lang = self.lang
        services = {s["id"]: s["name"] for s in self.services}
        playbooks: dict[str, list[dict]] = {}
        for seg in self.segments:
            for a in seg["playbook"]:
                playbooks.setdefault(a["id"], []).append(seg)
        hr = self.policy.house_rules
        return {
            "company": self.policy.model.company.name,
            "services": self.services,
            "we_dont": [w.get(lang) for w in self.policy.model.we_dont],
            "contracts": [{"id": c.id, "name": c.name.get(lang),
                           "description": c.description.get(lang) if c.description else None,
                           "entitlements": [services.get(e, e) for e in c.entitlements]}
                          for c in self.policy.contracts],
            "matrix": [{"seg": seg, "cells": [s["id"] in {e["id"] for e in seg["entitlements"]}
                                              for s in self.services]} for seg in self.segments],
            "house_rules": {"payment_terms_days": hr.payment_terms_days, "arrears_days": hr.arrears_days,
                            "silence_days": hr.silence_days, "rules": [r.get(lang) for r in hr.rules]},
            "segments": self.segments,
            "actions": [{"id": a.id, "title": a.title.get(lang), "priority": a.priority, "letter": a.letter,
                         "when": a.when, "segments": playbooks.get(a.id, [])} for a in self.policy.actions],
            "partners": [{"name": p.name, "sector": p.sector, "contact": p.contact,
                          "note": p.note.get(lang) if p.note else None}
                         for p in self.policy.model.referral_partners],
            **self._policy_explained(),
        }

    def _policy_explained(self) -> dict:
        """Rules in plain words, customers per segment, entitlements per contract, and the
        consistency check: leakage and comparable customers treated differently (generator.render.explain)."""
        from generator.render import explain

        lang, fmt = self.lang, self.fmt
        counts = self.frame["segment"].value_counts()
        by_id = {c["customer_id"]: c for c in self.customers}
        names = {s["id"]: s["name"] for s in self.services}
        units = {s.id: unit_label(s.unit, lang) for s in self.policy.services}
        contracts = {c.id: c.name.get(lang) for c in self.policy.contracts}
        found = explain.consistency(self.report)
        consistency = None
        if found is not None:
            consistency = {
                "summary": explain.text("leakage_total", lang, n=fmt.count(len(found.customers)),
                                        cost=fmt.money(found.total_cost)) if found.customers else None,
                "services": [{"name": x.name, "unit": units[x.service_id], "customers": x.customers,
                              "units": x.units, "cost": x.cost} for x in found.services],
                "customers": [{"c": by_id[x.customer_id], "seg": self.segment_by_id.get(x.segment_id),
                               "contract": contracts.get(x.contract, x.contract), "cost": x.cost,
                               "services": ", ".join(f"{names[sid]} ({fmt.number(n)} {units[sid]})"
                                                     for sid, n, _cost in x.services)} for x in found.customers],
                "unequal": [{"seg": self.segment_by_id.get(u.segment_id), "service": names[u.service_id],
                             "contract": contracts.get(u.contract, u.contract) if u.contract else None,
                             "got": [{"c": by_id[i], "units": n, "cost": cost} for i, _name, n, cost in u.got],
                             "without": u.without, "cost": u.cost} for u in found.unequal],
                "unequal_intro": explain.text("unequal_intro", lang, n=explain.MIN_EXTRA_UNITS),
            }
        return {
            "ex": explain.texts(lang),
            "segment_words": {sid: explain.describe(cond, lang, self.catalogue)
                              for sid, cond in self.policy.segment_conditions.items()},
            "segment_counts": {s["id"]: explain.text("customers_in_segment", lang, n=fmt.count(counts.get(s["id"], 0)))
                               for s in self.segments},
            "contract_matrix": [{"id": c.id, "name": c.name.get(lang),
                                 "cells": [s["id"] in c.entitlements for s in self.services]}
                                for c in self.policy.contracts],
            "consistency": consistency,
        }

    def _methodology_page(self) -> dict:
        t, lang = self.t, self.lang
        scores = []
        for d in self._score_definitions():
            total = sum(c["weight"] for c in d["components"])
            scores.append({"name": d["name"], "label": self._label(d["name"]),
                           "components": [{**c, "share": c["weight"] / total} for c in d["components"]]})
        currency = get_currency_symbol(self.report.config.currency, LOCALES[lang])
        unavailable = self.report.unavailable
        groups = []
        for gid, measures in self.catalogue.by_group().items():
            if not measures:
                continue
            groups.append({"id": gid, "label": GROUPS[gid][0 if lang == "nl" else 1], "measures": [
                {"name": m.name, "label": m.label(lang), "kind": t(f"kind_{m.kind}", currency=currency)
                 if m.kind == "money" else t(f"kind_{m.kind}"), "definition": m.definition(lang),
                 "unavailable": unavailable.get(m.name)} for m in measures]})
        method = self.report.future_method
        method_text = t("future_method_bgnbd") if method == "bgnbd+gamma_gamma" else \
            t("future_method_simple") if method == "simple" else method
        return {
            "scores": scores, "inverted": [self._label(n) for n in self.policy.scores.inverted],
            "bands": self.policy.scores.bands, "segments": self.segments, "rfm_grid": _rfm_grid(),
            "future_method": method_text, "future_note": self.report.future_note, "groups": groups,
            "output_files": output_files(lang), "policy_reference": _policy_reference(lang),
            "kpi_basis": self._kpi_basis([name for name in self.policy.model.kpis if name in self.report.kpis]),
        }

    def _data_quality_page(self) -> dict:
        t = self.t
        tables = []
        order = ("transactions", "customers", "interactions", "assessments", "feedback")
        for name in sorted(self.report.quality, key=lambda k: (order.index(k) if k in order else 99, k)):
            q = self.report.quality[name]
            label_key = f"table_{name}"
            rejected = sum(q.rejected.values())
            tables.append({
                "table": name, "label": t(label_key) if name in order else name,
                "files": [_display_path(f) for f in q.files], "rows_read": q.rows_read, "rows_used": q.rows_used,
                "rows_rejected": rejected, "date_range": q.date_range,
                "sniffed": sorted(q.sniffed.items()),
                "rejected": [{"reason": reason, "rows": n, "examples": list(q.examples.get(reason, []))[:5]}
                             for reason, n in sorted(q.rejected.items(), key=lambda kv: (-kv[1], str(kv[0])))],
                "missing": [{"column": col, "count": n, "share": n / q.rows_used if q.rows_used else None}
                            for col, n in sorted(q.missing.items()) if n],
                "columns": sorted(q.columns.items()),
            })
        unavailable = [{"name": n, "label": self._label(n), "reason": reason}
                       for n, reason in sorted(self.report.unavailable.items(),
                                               key=lambda kv: (self._catalogue_position(kv[0]), kv[0]))]
        return {"warnings": list(self.report.warnings), "unavailable": unavailable, "tables": tables}

    def _catalogue_position(self, name: str) -> int:
        names = self.catalogue.names()
        return names.index(name) if name in names else len(names)


# ---------------------------------------------------------------------------- helpers

def _policy_reference(lang: str) -> dict:
    """Every key of the policy file, from the policy's schema (methodology page)."""
    from generator.render.explain import texts
    from generator.inputs.policy import key_reference

    return {"texts": texts(lang), "keys": key_reference(lang)}


@lru_cache(maxsize=8)
def _environment(lang: str, currency: str, theme: str | None = None) -> jinja2.Environment:
    """The Jinja environment of one language and theme (templates compiled once per process).

    Only language-bound things live here (texts, number formats); everything
    about one report is passed to each render. A theme folder is searched
    before the packaged templates.
    """
    loader = jinja2.FileSystemLoader(str(templates_dir()))
    if theme:  # "klantwaarde/<name>" is always the packaged template, so a theme can extend what it replaces
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(theme), loader,
                                      jinja2.PrefixLoader({"klantwaarde": loader})])
    env = _FastEnvironment(
        loader=loader,
        bytecode_cache=_bytecode_cache(lang),
        extensions=[_ConstantTexts],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    fmt = Formatter(lang, currency, nbsp=True)  # HTML: amounts never break after '€'
    env.filters.update(
        money=fmt.money, money2=fmt.money2, num=fmt.number, count=fmt.count, pct=fmt.percent,
        date=fmt.date, years=fmt.years, tenure=fmt.tenure, yesno=fmt.bool, bar_width=fragments.bar_width, sortkey=_sort_key,
        chip=_chip, score_bar=partial(_score_bar, fmt=fmt),
        nowrap=nowrap_amounts, message=partial(_message, lang=lang),
    )
    env.globals.update(t=Translator(lang), lang=lang, csp=CSP)
    env.constant_texts = STRINGS[lang]
    return env


class _FastEnvironment(jinja2.Environment):
    """``row.name`` on a plain dict looks up the key first.

    The pages' rows are dicts, and Jinja's default tries the attribute first: a
    failed attribute lookup (an exception) per dotted name, about a thousand on a
    customer page. Only a key named like a dict method (``items``...) reads
    differently: as the key, which is what the template means."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


_T_CALL = re.compile(r"""\bt\((["'])([a-z0-9_]+)\1\)""")


class _ConstantTexts(jinja2.ext.Extension):
    """A text call with a literal key and no values is the same text on every page of a language: the template
    gets it as a string literal when it is compiled, instead of a call per page (a customer
    page has about a hundred). A text with values, or an unknown key, is left as a call.
    The templates' indentation goes too (:data:`_INDENT`)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        source = _INDENT.sub("\n", source)
        texts = getattr(self.environment, "constant_texts", None)
        if not texts:
            return source

        def literal(m: re.Match) -> str:
            text = texts.get(m.group(2))
            if text is None:
                return m.group(0)
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        return _T_CALL.sub(literal, source)


@lru_cache(maxsize=4)
def _bytecode_cache(lang: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (keyed by each template's source, so an edited
    template or theme is compiled again); None when no cache folder can be used. The texts
    are compiled into the templates (:class:`_ConstantTexts`), so the folder is per language,
    texts and this module's code."""
    key = hashlib.sha256(json.dumps(STRINGS[lang], sort_keys=True).encode("utf-8"))
    key.update(Path(__file__).read_bytes())
    key.update(jinja2.__version__.encode())
    base = cache_path(f"jinja/{lang}-{key.hexdigest()[:16]}")
    if base is None:
        return None
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(base))


def _message(message, lang: str):
    """A build message (a warning, a reason, a setting) in the page's language (generator.text.messages:
    every message has a text in every language)."""
    return messages.text(message, lang)


@lru_cache(maxsize=1)
def _runtime_bytes() -> bytes:
    return runtime_js().encode("utf-8")


def _window_months(start: dt.date, end: dt.date) -> list[pd.Timestamp]:
    """First days of the months from ``start``'s month through ``end``'s month (at most 12 for a window)."""
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    last = pd.Timestamp(end).to_period("M").to_timestamp()
    months = list(pd.date_range(first, last, freq="MS"))
    return months[-12:]


def _month_label(month: pd.Timestamp, lang: str) -> str:
    return format_date(month.date(), "MMM yyyy", locale=LOCALES[lang])


def _total(frame: pd.DataFrame, name: str):
    if name not in frame.columns or frame[name].isna().all():
        return None
    return float(frame[name].sum())


def _true(value) -> bool:
    return value is not None and not is_missing(value) and bool(value)


def _false(value) -> bool:
    return value is not None and not is_missing(value) and not bool(value)


def _as_date(value):
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _chip(seg: dict | None, root: str, link: bool = True) -> Markup:
    """A segment's name as a coloured chip, linking to its page (``—`` without a segment)."""
    return Markup(fragments.chip(seg, root, link))


def _score_bar(value, fmt: Formatter) -> Markup:
    """A score from 0 to 100 as its number and a bar (the bar is decoration: aria-hidden)."""
    return Markup(fragments.score_bar(value, None if value is None else fmt.number(value, 0)))


def _sort_key(value) -> str:
    """A plain, locale-free number for the customer table's sort (empty when missing)."""
    if is_missing(value):
        return ""
    return repr(round(float(value), 2))


def _display_path(path) -> str:
    """A file as a name, never an absolute path (the site may be handed to others)."""
    text = str(path).replace("\\", "/")
    return text.rsplit("/", 1)[-1] if text.startswith("/") or ":" in text[:3] else text


def _rfm_grid() -> dict | None:
    try:
        from generator.model.measures import rfm_grid
    except ImportError:  # pragma: no cover - the measures stage always ships it
        return None
    grid = rfm_grid()
    return {"columns": [1, 2, 3, 4, 5],
            "rows": [{"r": r, "cells": [grid.get((r, f)) for f in range(1, 6)]} for r in range(5, 0, -1)]}


def _theme_frame(exc: jinja2.TemplateError, folder: str | None) -> tuple[str, int | None] | None:
    """(file name, line) in the theme folder where a template error happened; None when not in the theme."""
    if not folder:
        return None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.filename or ""
        return (Path(name).name, exc.lineno) if name.startswith(folder) else None
    found = None
    tb = exc.__traceback__
    while tb is not None:  # Jinja maps template frames to the template's file and line
        if tb.tb_frame.f_code.co_filename.startswith(folder):
            found = (Path(tb.tb_frame.f_code.co_filename).name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _whole(fmt: Formatter, value) -> int | None:
    """A score as the whole number the pages show (Babel's half-even rounding), None when missing."""
    return None if is_missing(value) else int(fmt.number(value, 0).replace("−", "-"))


def _js_json(data) -> str:
    """JSON for a classic script file: deterministic, and safe where JavaScript and JSON differ."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")


def _sample_by_segment(rows: list[dict], size: int, minimum: int) -> list[dict]:
    """A stable sample of quadrant dots: proportional per segment, at least ``minimum`` of each.

    Customers are ranked by a hash of their page link, so the same customers
    are drawn in every build and a new customer does not reshuffle the rest.
    """
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(r["s"], []).append(i)
    keep: set[int] = set()
    for members in groups.values():
        quota = max(min(len(members), minimum), round(size * len(members) / len(rows)))
        ranked = sorted(members, key=lambda i: hashlib.sha1(rows[i]["h"].encode("utf-8")).hexdigest())
        keep.update(ranked[:quota])
    return [rows[i] for i in sorted(keep)]


def _each_distinct(values, make) -> list:
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


class _Frame:
    """The layout (``_base.html``) around the content of a page type whose layout is the same on
    every page of that type but for the page title: rendered once, so a page renders only its
    content block. Customer pages: the layout is about 40 % of a page's template time.

    The layout is rendered with markers for the content and the title; :meth:`make` renders it
    twice with different page paths and gives up (None) unless both are the same, so a layout
    that shows anything of its page but the title is rendered whole for every page."""

    _CONTENT, _TITLE = "\x00content\x00", "\x00title\x00"

    def __init__(self, template: jinja2.Template, head: list[str], tail: str, macros: dict):
        self._template, self._head, self._tail, self._macros = template, head, tail, macros

    @classmethod
    def make(cls, env: jinja2.Environment, name: str, common: dict) -> "_Frame | None":
        template = env.get_template(name)
        if "content" not in template.blocks:
            return None
        layout = env.from_string('{% extends "_base.html" %}{% block content %}' + cls._CONTENT + "{% endblock %}")
        seen = {layout.render(dict(common, page_title=cls._TITLE, path=path))
                for path in ("customers/\x00a.html", "customers/\x00b.html")}
        if len(seen) != 1:
            return None
        text = seen.pop()
        if text.count(cls._CONTENT) != 1 or "\x00a" in text:
            return None
        head, tail = text.split(cls._CONTENT)
        # the page's import (``{% import "_macros.html" as ui with context %}``), made once: its
        # macros read nothing of a page but what every customer page has in common
        macros = {"ui": env.get_template("_macros.html").make_module(dict(common, page_title="", path=""))}
        return cls(template, head.split(cls._TITLE), tail, macros)

    def page(self, title: str, context: dict) -> bytes:
        """A page: the layout with its title, around its content block rendered with ``context``."""
        block = self._template.blocks["content"]
        content = "".join(block(self._template.new_context(dict(context, **self._macros))))
        return (fragments.esc(title).join(self._head) + content + self._tail).encode("utf-8")


class _Scorecards:
    """Every customer's scorecard, its component rows made column by column.

    The same scorecard as ``_Site._scorecard`` lays out per customer (a theme's ``scores``):
    missing components weigh 0 and the others are re-normalised; a test compares the two."""

    def __init__(self, site: "_Site", defs: list[dict], texts: dict[str, str], head: str):
        self.site, self.defs, self.texts = site, defs, texts
        frame, n = site.frame, len(site.customers)
        self.parts = []  # per score: (table opening, rows per component: one text per customer)
        for d in defs:
            name = d["name"]
            normalised = {}  # component -> its 0-100 values (NaN where the measure is missing)
            total = np.zeros(n)
            for comp in d["components"]:
                column = f"{name}__{comp['name']}"
                values = frame[column].to_numpy(dtype=float, na_value=np.nan) if column in frame.columns \
                    else np.full(n, np.nan)
                normalised[comp["name"]] = values
                total = total + np.where(np.isnan(values), 0.0, float(comp["weight"]))
            rows = []
            for comp in d["components"]:
                column = f"{name}__{comp['name']}"
                values = normalised[comp["name"]]
                with np.errstate(divide="ignore", invalid="ignore"):
                    share = np.where(~np.isnan(values) & (total != 0), float(comp["weight"]) / total, np.nan)
                label = fragments.esc(comp["label"])
                rows.append([fragments.component_row(label, comp["inverted"], raw,
                                                     None if v != v else v, norm, comp["weight_text"],
                                                     share_text, texts)
                             for raw, v, norm, share_text in zip(site._column_texts(comp["name"]), values.tolist(),
                                                                 site._column_texts(column, "score"),
                                                                 site.columns.percent(share))])
            self.parts.append((fragments.score_table(site._label(name), head), rows))

    def html(self, k: int, c: dict, changes: dict | None) -> Markup:
        """Customer ``c`` (row ``k``)'s scorecard."""
        site = self.site
        out = []
        for d, (table, rows) in zip(self.defs, self.parts):
            summary = site._score_summary(c, d["name"], (changes or {}).get(d["name"]))
            out.append(fragments.score_summary(summary, self.texts) + table + "".join([r[k] for r in rows])
                       + fragments.SCORE_END)
        return Markup("\n".join(out))


class _MonthlyFigures:
    """Revenue and margin per month of every customer, for the monthly chart and table.

    One array of customers × (current, previous year) × months, filled from the
    monthly table at once and formatted column-wise; a page takes its row. A month
    without a row counts as 0 (and its margin as 0 when the customer has margins
    at all); a row without a margin shows a dash and draws no margin point."""

    def __init__(self, site: "_Site"):
        self.site = site
        monthly = site.report.monthly
        months = site.months
        n, m = len(site.customers), len(months)
        self.present = None
        if monthly is None or monthly.empty or not m:
            return
        slot = {}
        for i, month in enumerate(months):  # the same month a year earlier is its 'previous'
            slot[month.year * 12 + month.month] = (0, i)
            slot[(month.year - 1) * 12 + month.month] = (1, i)
        when = pd.to_datetime(monthly["month"])
        ym = (when.dt.year * 12 + when.dt.month).to_numpy()
        period = np.array([slot.get(k, (-1, -1))[0] for k in ym.tolist()])
        month_i = np.array([slot.get(k, (-1, -1))[1] for k in ym.tolist()])
        who = monthly["customer_id"].astype(str).map(site._row).to_numpy(dtype=float)
        ok = ~np.isnan(who) & (period >= 0)
        w, p, i = who[ok].astype(np.int64), period[ok], month_i[ok]
        present = np.zeros((n, 2, m), dtype=bool)
        revenue = np.zeros((n, 2, m))
        margin = np.full((n, 2, m), np.nan)
        present[w, p, i] = True
        revenue[w, p, i] = monthly["revenue"].to_numpy(dtype=float, na_value=np.nan)[ok]
        if "margin" in monthly.columns:
            margin[w, p, i] = monthly["margin"].to_numpy(dtype=float, na_value=np.nan)[ok]
        revenue = np.nan_to_num(revenue, nan=0.0)
        self.has_margin = (present & ~np.isnan(margin)).any(axis=(1, 2))
        margin = np.where(present, margin, np.where(self.has_margin[:, None, None], 0.0, np.nan))
        self.present = present.any(axis=(1, 2))
        self.revenue, self.margin = revenue, margin
        money = site.columns.money
        self.revenue_text = np.array(money(revenue.ravel()), dtype=object).reshape(revenue.shape)
        self.margin_text = np.array(money(margin.ravel()), dtype=object).reshape(margin.shape)
        self.heads = [f'<tr><th scope="row">{fragments.esc(label)}</th>' for label in site.month_labels]

    def get(self, cid: str) -> dict | None:
        """The chart part (``spec``), the table rows (``rows_html``; ``rows`` as data) and
        ``has_margin``; None when the customer has no month in either window."""
        if self.present is None:
            return None
        k = self.site._row.get(cid)
        if k is None or not self.present[k]:
            return None
        has_margin = bool(self.has_margin[k])
        rev, mar = self.revenue[k].tolist(), self.margin[k].tolist()
        rev_t, mar_t = self.revenue_text[k], self.margin_text[k]
        points, rows = [], []
        for i, head in enumerate(self.heads):
            cells = f'{head}<td class="num">{rev_t[0, i]}</td><td class="num">{rev_t[1, i]}</td>'
            if has_margin:
                cells += f'<td class="num">{mar_t[0, i]}</td><td class="num">{mar_t[1, i]}</td>'
            rows.append(cells + "</tr>")
            for p in (0, 1):
                points.append(f'{{"i":{i},"p":{p},"s":0,"v":{json_number(rev[p][i])}}}')
                if has_margin and mar[p][i] == mar[p][i]:
                    points.append(f'{{"i":{i},"p":{p},"s":1,"v":{json_number(mar[p][i])}}}')
        spec = Charts.embed_rows("monthly", points)
        return {"spec": spec, "rows_html": Markup("\n".join(rows)), "has_margin": has_margin,
                "rows": _Lazy(partial(self._rows, k, has_margin))}

    def _rows(self, k: int, has_margin: bool) -> list[dict]:
        rev, mar = self.revenue[k].tolist(), self.margin[k].tolist()
        none = lambda v: None if v != v else v  # noqa: E731
        return [{"label": label, "revenue": rev[0][i], "revenue_prev": rev[1][i],
                 "margin": none(mar[0][i]), "margin_prev": none(mar[1][i])}
                for i, label in enumerate(self.site.month_labels)]


class _Lazy:
    """A list made by ``make`` when first read (rows kept as data only for a theme)."""

    def __init__(self, make):
        self._make, self._items = make, None

    def _list(self) -> list:
        if self._items is None:
            self._items = self._make()
        return self._items

    def __iter__(self):
        return iter(self._list())

    def __len__(self) -> int:
        return len(self._list())

    def __getitem__(self, index):
        return self._list()[index]


class _Timelines:
    """Every customer's timeline: the events of all customers in one order (customer, newest
    first, purchases before contacts on the same day, table order), each with its table row
    made once; a customer's timeline is a slice (:class:`_Timeline`)."""

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
        date_texts = _each_distinct(day_objects, lambda d: fmt.date(d, "medium"))
        self.kind, self.label, self.detail = kind[keep].tolist(), labels[keep].tolist(), details[keep].tolist()
        self.note, self.negative, self.date, self.date_text = notes[keep].tolist(), negative[keep].tolist(), \
            day_objects, date_texts
        esc = fragments.esc
        self.rows = [fragments.timeline_row(*row, notes_shown) for row in zip(
            self.kind, iso, _each_distinct(date_texts, esc), _each_distinct(self.label, esc),
            [esc(d) for d in self.detail], self.negative,
            [None if n is None else esc(n) for n in self.note] if notes_shown else self.note)]
        starts = _run_starts(customer)
        ends = np.r_[starts[1:], len(customer)]
        self._bounds = dict(zip(customer[starts].tolist(), zip(starts.tolist(), ends.tolist())))
        self._row_of = row_of

    def get(self, cid: str) -> "_Timeline":
        bounds = self._bounds.get(self._row_of.get(cid, -1)) if self._bounds else None
        return _Timeline(self, *(bounds or (0, 0)))


def _run_starts(keys: np.ndarray) -> np.ndarray:
    """Where each run of equal values in sorted ``keys`` starts (0 for a non-empty array)."""
    return np.r_[0, np.flatnonzero(np.diff(keys)) + 1] if len(keys) else np.zeros(0, dtype=np.int64)


class _Timeline:
    """One customer's timeline: its table rows as ``html``; as a sequence, the events as dicts
    (type, date, date_text, label, detail, negative, note), made only when a theme reads them."""

    def __init__(self, events: _Timelines, start: int, stop: int):
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


# ---------------------------------------------------------------------------- worker side

def _spawnable() -> bool:
    """Whether spawned workers can start: they re-import the main script, which a program read
    from standard input ('python -') does not have (its workers would never start)."""
    import sys

    main = getattr(sys.modules.get("__main__"), "__file__", None)
    return main is None or os.path.exists(main)


def _report_chunks(report: Report, parts: int):
    """The report ``parts`` times, each with only a consecutive share of the customers (and
    their months, contacts, purchases, actions and rule results): what their pages need."""
    n = len(report.customers)
    chunk_of = np.arange(n) * parts // n
    positions = pd.Series(chunk_of, index=report.customers.index)

    def rows_by_chunk(frame: pd.DataFrame | None, by_index: bool = False) -> dict:
        """chunk → positions of the frame's rows (rows of unknown customers belong to none)."""
        if frame is None or not len(frame):
            return {}
        keys = pd.Series(frame.index if by_index else frame["customer_id"].to_numpy()).astype(str)
        which = keys.map(positions).to_numpy(dtype=float)
        known = ~np.isnan(which)
        return pd.Series(np.flatnonzero(known)).groupby(which[known].astype(int)).apply(np.asarray).to_dict()

    tables = {"monthly": report.monthly, "actions": report.actions, "interactions": report.interactions,
              "purchases": report.purchases, "rules": report.rules}
    rows = {name: rows_by_chunk(frame, by_index=name == "rules") for name, frame in tables.items()}
    bounds = np.searchsorted(chunk_of, np.arange(parts + 1))
    for k in range(parts):
        if bounds[k] == bounds[k + 1]:
            continue
        parts_of_k = {name: (None if frame is None else frame.iloc[rows[name].get(k, np.arange(0))])
                      for name, frame in tables.items()}
        # positions, not a slice: a copy, never a view of the report's tables (chunks are cut on
        # a thread of their own while the main thread reads those tables)
        yield replace(report, customers=report.customers.iloc[np.arange(bounds[k], bounds[k + 1])], whale=None,
                      **parts_of_k)


class _CustomerPool:
    """The customer pages of a large build on a pool of worker processes.

    spawn, not fork: forked children can deadlock after vl_convert has run in this
    process. Each task carries the report cut down to its own customers, so a
    worker holds no more than one chunk and nothing is prepared twice; a thread
    of this process cuts and hands out the chunks, a few ahead of the workers
    (never the whole report again), while the main thread makes the other pages.
    """

    def __init__(self, report: Report, theme: Theme, folder: str, workers: int, parts: int,
                 executor: ProcessPoolExecutor | None = None):
        import threading

        self._pool = executor or _executor(workers)
        self._stopped = threading.Event()
        self._sizes: list[dict[str, int]] = []
        self._error: BaseException | None = None
        self._feeder = threading.Thread(target=self._feed, args=(report, theme, folder, workers, parts),
                                        name="klantwaarde-chunks", daemon=True)
        self._feeder.start()

    def _feed(self, report, theme, folder, workers, parts) -> None:
        try:
            running: set = set()
            for chunk in _report_chunks(report, parts):
                if self._stopped.is_set():
                    return
                running.add(self._pool.submit(_pool_render, chunk, theme, folder))
                if len(running) >= 2 * workers:  # a few chunks queued, not the whole report again
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    self._sizes.extend(future.result() for future in done)
            self._sizes.extend(future.result() for future in as_completed(running))
        except BaseException as exc:  # a worker's error (a theme template, say): raised by finish()
            self._error = exc

    def finish(self) -> list[dict[str, int]]:
        """Wait for every chunk; the pages each wrote (their sizes), or the first error."""
        try:
            self._feeder.join()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._error is not None:
            raise self._error
        return self._sizes

    def stop(self) -> None:
        """Give up (this process failed): no new chunks, the pool shut down."""
        self._stopped.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._feeder.join()


def _pool_render(report: Report, theme: Theme, folder: str) -> dict[str, int]:
    """In a worker: the customer pages of ``report`` (a chunk), written into the staging folder;
    their sizes for the manifest."""
    from generator.execution import after_task, few_collections
    from generator.output.writer import Folder

    with few_collections():
        sink = Folder(folder)
        site = _Site(report, theme)
        site._render_customers(range(len(site.customers)), sink)
        sink.flush()
        del site, report
    after_task()
    return sink.sizes
