"""What every page of one build shares: the Report, its texts and formats, the layout's data,
the segments and customers as view rows, and the one way a page becomes bytes.

Each page type (``overview``, ``segments``, ``customers``, ...) reads this
:class:`Build` and hands its pages to :meth:`Build.page`; nothing here knows a
particular page.
"""
from __future__ import annotations

import datetime as dt
from functools import cached_property

import jinja2
import pandas as pd
from babel.dates import format_date
from babel.numbers import get_currency_symbol

from generator.errors import InputError, Problem
from generator.limits import MAX_PAGE_BYTES, PAGE_SECONDS, OutOfTime, TimeBudget, TooLarge, bounded_join
from generator.model.report import Report
from generator.render.charts import Charts
from generator.render.site.environment import environment, packaged_assets, theme_frame
from generator.text.formatting import Formatter, is_missing
from generator.text.plural import LOCALES
from generator.text.translation import Translator, unit_label

#: colours for segments the policy gives none (Tableau 10, the Vega default)
PALETTE = ("#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6",
           "#9d755d", "#bab0ac")

SCORES = ("value_score", "burden_score", "future_score")


class Build:
    """One build's shared view data. Everything used by many pages is prepared once here."""

    def __init__(self, report: Report, files=None):
        self.report = report
        self.theme = theme = report.theme
        self.lang = report.lang
        self.policy = report.policy
        self.catalogue = report.policy.catalogue
        self.t = Translator(self.lang)
        self.fmt = Formatter(self.lang, report.config.currency, nbsp=True)
        self.columns = self.fmt.columns
        self.env = environment(self.lang, report.config.currency, theme)
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
        #: where the files go: a mapping (path -> bytes) such as the pipeline's staging folder
        self.files = files if files is not None else {}
        #: what every page's layout needs besides the language
        self.base = {"label": self.label, "report_title": report.title, "as_of": report.as_of,
                     "generated": report.generated, "nav": self._nav(), "theme_css": theme.css,
                     "logo": theme.logo}

    # ------------------------------------------------------------------ pages

    def page(self, path: str, template: str, section: str, title: str, has_charts: bool = False, **context):
        root = "../" * path.count("/")
        context = dict(self.base, path=path, root=root, section=section, page_title=title, has_charts=has_charts,
                       **context)
        self.files[path] = self.render(template, context)

    def render(self, template: str, context: dict) -> bytes:
        """A page as UTF-8; an error in a theme's template is the user's input error, named with its line.
        With a theme's templates, a page has a time and a size budget (:mod:`generator.limits`)."""
        if not self.theme.templates:
            return self.env.get_template(template).render(context).encode("utf-8")
        try:
            with TimeBudget() as budget:
                budget.start(PAGE_SECONDS)
                t = self.env.get_template(template)
                try:
                    page = bounded_join(t.root_render_func(t.new_context(context)), MAX_PAGE_BYTES)
                except (OutOfTime, TooLarge):
                    raise
                except Exception:  # noqa: BLE001 - as Template.render: the error names the template's line
                    self.env.handle_exception()
            return page.encode("utf-8")
        except (OutOfTime, TooLarge) as exc:
            what = (f"took more than {PAGE_SECONDS:g} seconds" if isinstance(exc, OutOfTime)
                    else f"made a page larger than {MAX_PAGE_BYTES // 1_000_000} MB")
            raise InputError(Problem(f"{self.theme.shown}/{template}" if template in self.theme.names
                                     else self.theme.shown, f"rendering {template} {what}",
                                     hint="look for loops over loops or padding in the theme's templates")) from None
        except jinja2.TemplateError as exc:
            where = theme_frame(exc, self.theme.folder)
            if where is None:
                raise
            message = exc.message if isinstance(exc, jinja2.TemplateSyntaxError) else f"{type(exc).__name__}: {exc}"
            raise InputError(Problem(f"{self.theme.shown}/{where[0]}", message or "template error", line=where[1],
                                     hint="fix the template in the theme folder; it can use the variables of the "
                                          "packaged template it replaces (templates/ in klantwaarde)")) from None

    def pick(self, generic: str, specific: str) -> str:
        """The theme's page-specific template when there is one (most specific first)."""
        return specific if specific in self.theme.names else generic

    def assets(self) -> None:
        self.files.update(packaged_assets())
        self.files["assets/chart-specs.js"] = self.charts.script()
        css = ["/* segment colours from the policy */"]
        for s in self.segments:
            css.append(f".seg-{s['id']} {{ --seg: {s['color']}; }}")
        self.files["assets/segments.css"] = ("\n".join(css) + "\n").encode("utf-8")
        self.files.update(self.theme.assets)  # the theme's files win over the packaged ones

    def _nav(self) -> list[dict]:
        first_segment = f"segments/{self.policy.segments[0].id}.html"
        items = [("overview", "index.html"), ("segments", first_segment), ("customers", "customers/index.html"),
                 ("actions", "actions.html"), ("policy", "policy.html"), ("methodology", "methodology.html"),
                 ("data-quality", "data-quality.html")]
        return [{"section": s, "href": h, "label": self.t("nav_" + s.replace("-", "_"))} for s, h in items]

    def label(self, name: str) -> str:
        if name == "p_alive":       # the probability is the chosen model's: name it
            return self.t("p_alive_label_model", model=future_model_name(self.report.future_method, self.t))
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
                "names": [{"name": n, "label": self.label(n)} for n in names],
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
        has_page = self.report.has_page().tolist()
        rows = []
        for cid, record, page in zip(frame.index, values.itertuples(index=False, name=None), has_page):
            c = dict(zip(cols, record))
            c["customer_id"] = str(cid)
            c["has_page"] = page  # a page of their own (config: pages); without one, the name is not a link
            c["name"] = str(cid) if c.get("name") is None or str(c["name"]).strip() == "" else str(c["name"])
            c["seg"] = self.segment_by_id.get(c.get("segment"))
            for key in ("account_manager", "sector", "region", "contract", "rfm_segment"):
                value = c.get(key)
                c[key] = None if value is None or str(value).strip() == "" else str(value)
            for key in ("revenue_12m", "revenue_prev_12m", "net_profit_12m", "margin_12m", "cost_to_serve_12m",
                        "leakage_12m", *SCORES, "days_since_contact", "days_since_our_contact", "overdue_amount",
                        "overdue_invoices", "days_late_max",
                        "customer_since", "tenure_days", "late_payer", "silent"):
                c.setdefault(key, None)
            rows.append(c)
        return rows

    @cached_property
    def action_rows(self) -> list[dict]:
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
            a.setdefault("impact", None)     # euros at stake (an action without impact measures: none)
            a["safety"] = bool(a.get("safety"))
            a["order"] = i
            out.append(a)
        return out

    def score_definitions(self) -> list[dict]:
        scores = self.policy.scores
        inverted = set(scores.inverted)
        out = []
        for key in ("value", "burden", "future"):
            weights = getattr(scores, key)
            out.append({"name": f"{key}_score", "components": [
                {"name": m, "label": self.label(m), "weight": w, "weight_text": self.fmt.number(w),
                 "inverted": m in inverted}
                for m, w in weights.items()]})
        return out

    def kpi_basis(self, kpis: list) -> str | None:
        """One sentence under the focus KPIs: what they are compared with."""
        since = self.report.previous_as_of
        if not kpis:
            return None
        if since is None:
            return self.t("kpis_no_report")
        if getattr(self.report, "previous_kpis", None) is None:
            return self.t("kpis_report_without_kpis", date=self.fmt.date(since))
        return self.t("kpis_since_report", date=self.fmt.date(since))


def _window_months(start: dt.date, end: dt.date) -> list[pd.Timestamp]:
    """First days of the months from ``start``'s month through ``end``'s month (at most 12 for a window)."""
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    last = pd.Timestamp(end).to_period("M").to_timestamp()
    months = list(pd.date_range(first, last, freq="MS"))
    return months[-12:]


def _month_label(month: pd.Timestamp, lang: str) -> str:
    return format_date(month.date(), "MMM yyyy", locale=LOCALES[lang])


def true(value) -> bool:
    return value is not None and not is_missing(value) and bool(value)


def false(value) -> bool:
    return value is not None and not is_missing(value) and not bool(value)


def future_model_name(method: str, t) -> str:
    """The short name of a future-value method ("mbgnbd+gamma_gamma" -> "MBG/NBD")."""
    short = method.split("+")[0]
    return t(f"future_model_short_{short}") if short in ("mbgnbd", "pnbd", "bgnbd", "simple", "baseline") else method
