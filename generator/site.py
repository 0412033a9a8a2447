"""The static report site: every page and asset, rendered from one Report.

:func:`render_site` returns the whole site as ``{relative path: bytes}``; the
writer puts it on disk. Pages are Jinja templates (``templates/``, autoescaped)
filled with plain view data prepared here, so templates only lay out and
format. Links are relative, so the folder can be zipped or moved, and nothing
on any page points outside the site. The same Report gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import cached_property, lru_cache

import jinja2
import pandas as pd
from babel.dates import format_date
from babel.numbers import get_currency_symbol

from .catalogue import GROUPS
from .charts import Charts, clean, runtime_js
from .formatting import LOCALES
from .i18n import Formatter, Translator, is_missing, unit_label
from .policy import PORTFOLIO_KPIS
from .report import Report
from .resources import templates_dir

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
WHALE_POINTS = 400     # the whale curve is drawn through at most this many points


def render_site(report: Report) -> dict[str, bytes]:
    """Every file of the site keyed by its path relative to the site root."""
    return _Site(report).render()


class _Site:
    """One build's pages. Everything shared by many pages is prepared once here."""

    def __init__(self, report: Report):
        self.report = report
        self.lang = report.lang
        self.policy = report.policy
        self.catalogue = report.policy.catalogue
        self.t = Translator(self.lang)
        self.fmt = Formatter(self.lang, report.config.currency)
        self.env = _environment(self.lang, report.config.currency)
        self.segments = self._segments()
        self.segment_by_id = {s["id"]: s for s in self.segments}
        self.services = [{"id": s.id, "name": s.name.get(self.lang), "cost": s.cost,
                          "unit": unit_label(s.unit, self.lang)}
                         for s in self.policy.services]
        self.frame = report.customers
        self.customers = self._customer_rows()
        self.months = _window_months(report.window_start, report.as_of)
        self.month_labels = [_month_label(m, self.lang) for m in self.months]
        self.previous_month_labels = [_month_label(m - pd.DateOffset(years=1), self.lang) for m in self.months]
        self.charts = Charts(
            self.lang, [(s["name"], s["color"]) for s in self.segments], self.month_labels,
            get_currency_symbol(report.config.currency, LOCALES[self.lang]),
        )
        self.files: dict[str, bytes] = {}
        #: what every page's layout needs besides the language
        self.base = {"label": self._label, "report_title": report.title, "as_of": report.as_of,
                     "generated": report.generated, "nav": self._nav()}

    # ------------------------------------------------------------------ build

    def render(self) -> dict[str, bytes]:
        self._assets()
        self._page("index.html", "index.html", "overview", self.t("overview_title"), has_charts=True,
                   **self._overview())
        for seg in self.segments:
            self._page(seg["href"], "segment.html", "segments", seg["name"], has_charts=True,
                       **self._segment_page(seg))
        self._page("customers/index.html", "customers_index.html", "customers", self.t("customers_title"),
                   **self._customer_index())
        self._customer_pages()
        self._page("actions.html", "actions.html", "actions", self.t("actions_title"), **self._actions_page())
        self._page("policy.html", "policy.html", "policy", self.t("policy_title"), **self._policy_page())
        self._page("methodology.html", "methodology.html", "methodology", self.t("methodology_title"),
                   **self._methodology_page())
        self._page("data-quality.html", "data_quality.html", "data-quality", self.t("dq_title"),
                   **self._data_quality_page())
        return {path: self.files[path] for path in sorted(self.files)}

    def _page(self, path: str, template: str, section: str, title: str, has_charts: bool = False, **context):
        root = "../" * path.count("/")
        html = self.env.get_template(template).render(
            self.base, path=path, root=root, section=section, page_title=title, has_charts=has_charts, **context)
        self.files[path] = html.encode("utf-8")

    def _assets(self):
        folder = templates_dir() / "assets"
        for name in STATIC_ASSETS:
            self.files[f"assets/{name}"] = (folder / name).read_bytes()
        self.files["assets/vega-runtime.js"] = _runtime_bytes()
        css = ["/* segment colours from the policy */"]
        for s in self.segments:
            css.append(f".seg-{s['id']} {{ --seg: {s['color']}; }}")
        self.files["assets/segments.css"] = ("\n".join(css) + "\n").encode("utf-8")

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
            for key in ("revenue_12m", "net_profit_12m", "margin_12m", "cost_to_serve_12m", "leakage_12m",
                        *SCORES, "days_since_contact", "overdue_amount", "overdue_invoices", "days_late_max",
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

        quadrant_rows, missing = self._quadrant_rows(cs, "")
        quadrant = {"spec": self.charts.embed("quadrant", quadrant_rows),
                    "summary": self._quadrant_summary(quadrant_rows), "missing": missing}

        silent = [c for c in cs if _true(c["silent"])]
        silent.sort(key=lambda c: (-(c["revenue_12m"] or 0), c["name"].casefold(), c["customer_id"]))
        late = [c for c in cs if _true(c["late_payer"])]
        late.sort(key=lambda c: (-(c["overdue_amount"] or 0), c["name"].casefold(), c["customer_id"]))

        return {
            "n_customers": len(cs), "window_start": r.window_start, "data_start": r.data_start,
            "totals": totals, "has_margin": has_margin, "kpis": self._kpis(),
            "segment_rows": segment_rows, "segment_chart": self.charts.embed("segment_shares", chart_rows),
            "quadrant": quadrant, "whale": self._whale(),
            "silence_days": self.policy.house_rules.silence_days,
            "arrears_days": self.policy.house_rules.arrears_days,
            "silent": {"count": len(silent), "rows": silent[:TOP_ROWS]},
            "arrears": {"count": len(late), "rows": late[:TOP_ROWS],
                        "total": sum(c["overdue_amount"] or 0 for c in late)},
            "leakage": self._leakage(), "top_actions": self._top_actions(), "moves": self._moves(),
        }

    def _kpis(self) -> list[dict]:
        out = []
        for name in self.policy.model.kpis:
            k = self.report.kpis.get(name)
            if k is None:
                continue
            label = PORTFOLIO_KPIS[name][0 if self.lang == "nl" else 1] if name in PORTFOLIO_KPIS else k.label
            value = self._kpi_value(k.value, k.kind)
            previous = None if is_missing(k.previous) else self._kpi_value(k.previous, k.kind)
            change, direction = None, "flat"
            if previous is not None and not is_missing(k.value):
                diff = float(k.value) - float(k.previous)
                change = self.fmt.signed(diff, k.kind)
                direction = "up" if diff > 0 else "down" if diff < 0 else "flat"
            out.append({"name": name, "label": label, "value": value, "previous": previous, "change": change,
                        "direction": direction})
        return out

    def _kpi_value(self, value, kind: str) -> str:
        if kind == "ratio":
            return self.fmt.percent(value, 1)
        if kind == "money":
            return self.fmt.money(value)
        return self.fmt.count(value)

    def _whale(self) -> dict | None:
        profits = sorted((c["net_profit_12m"] for c in self.customers if c["net_profit_12m"] is not None),
                         reverse=True)
        total = sum(profits)
        if not profits or total <= 0:
            return None
        n = len(profits)
        cum, points = 0.0, [(0.0, 0.0)]
        for i, p in enumerate(profits, start=1):
            cum += p
            points.append((i / n, cum / total))
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
        prev = self.report.previous
        if prev is None:
            return None
        column = "segment" if "segment" in getattr(prev, "columns", ()) else None
        if column is None:
            return None
        before = {str(k): v for k, v in prev[column].items() if not is_missing(v)}
        counts: dict[tuple[str, str], int] = {}
        for c in self.customers:
            old = before.get(c["customer_id"])
            if old is not None and old != c.get("segment"):
                key = (old, c.get("segment"))
                counts[key] = counts.get(key, 0) + 1
        order = {s["id"]: s["position"] for s in self.segments}
        rows = []
        for (old, new), n in sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0][0], 99),
                                                                    order.get(kv[0][1], 99), kv[0])):
            rows.append({"source": self.segment_by_id.get(old), "source_name": old,
                         "target": self.segment_by_id.get(new), "count": n})
        return {"count": sum(counts.values()), "rows": rows}

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
            out.append({"label": am or self.t("no_account_manager"), "anchor": f"am-{i + 1}", "rows": rows})
        return {"groups": out}

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
        chart = None
        rows, _missing = self._quadrant_rows(members, "../")
        if rows:
            chart = {"spec": self.charts.embed("quadrant_members", rows), "summary": self._quadrant_summary(rows)}
        return {"seg": seg, "segments": self.segments, "members": members, "stats": stats, "chart": chart}

    # ------------------------------------------------------------------ customers

    def _customer_index(self) -> dict:
        rows = sorted(self.customers, key=lambda c: (c["name"].casefold(), c["customer_id"]))
        managers = sorted({c["account_manager"] for c in self.customers if c["account_manager"]},
                          key=lambda k: (k.casefold(), k))
        return {"rows": rows, "segments": self.segments,
                "account_managers": [{"value": m, "label": m} for m in managers]}

    def _customer_pages(self):
        template = self.env.get_template("customer.html")
        actions: dict[str, list[dict]] = {}
        for a in self._action_rows:
            actions.setdefault(a["customer"]["customer_id"], []).append(a)
        monthly = self._monthly_by_customer()
        rules = self._rules_by_customer()
        previous = self._previous_segments()
        contracts = {c.id: c.name.get(self.lang) for c in self.policy.contracts}
        score_defs = self._score_definitions()
        groups = self._measure_groups()
        cost_names = [n for n in ("cost_to_serve_12m", "cost_to_serve_pct_12m", "margin_12m", "net_profit_12m",
                                  "leakage_12m") if n in self.frame.columns]
        common = dict(self.base, root="../", section="customers", has_charts=True,
                      arrears_days=self.policy.house_rules.arrears_days)
        for c in self.customers:
            path = f"customers/{c['slug']}.html"
            own = sorted(actions.get(c["customer_id"], []), key=lambda a: (a["priority"], a["order"]))
            prev = previous.get(c["customer_id"])
            context = dict(
                common, path=path, page_title=c["name"], c=c,
                contract=contracts.get(c["contract"], c["contract"]),
                previous_segment=(self.segment_by_id[prev]["name"] if prev in self.segment_by_id else prev)
                if prev and prev != c.get("segment") else None,
                scores=self._scorecard(c, score_defs),
                actions=own,
                trace=self._trace(c, rules.get(c["customer_id"], {})),
                monthly=self._monthly(monthly.get(c["customer_id"])),
                services=self._service_rows(c),
                cost_measures=[{"label": self._label(n), "value": self._value(c, n),
                                "negative": isinstance(c.get(n), (int, float)) and c[n] < 0} for n in cost_names],
                groups=[{"id": g["id"], "label": g["label"],
                         "measures": [{"label": m["label"], "value": self._value(c, m["name"]),
                                       "missing": c.get(m["name"]) is None} for m in g["measures"]]}
                        for g in groups],
            )
            self.files[path] = template.render(**context).encode("utf-8")

    def _value(self, c: dict, name: str) -> str:
        m = self.catalogue.by_name.get(name)
        value = c.get(name)
        if m is None:
            return self.fmt.MISSING if value is None else str(value)
        if m.kind == "text" and name.endswith("_band"):
            return self.fmt.band(value)
        return self.fmt.measure(value, m.kind)

    def _score_definitions(self) -> list[dict]:
        scores = self.policy.scores
        inverted = set(scores.inverted)
        out = []
        for key in ("value", "burden", "future"):
            weights = getattr(scores, key)
            out.append({"name": f"{key}_score", "components": [
                {"name": m, "label": self._label(m), "weight": w, "inverted": m in inverted}
                for m, w in weights.items()]})
        return out

    def _scorecard(self, c: dict, defs: list[dict]) -> list[dict]:
        out = []
        for d in defs:
            name = d["name"]
            band = c.get(name.replace("_score", "_band"))
            comps = []
            for comp in d["components"]:
                norm = c.get(f"{name}__{comp['name']}")
                comps.append({**comp, "raw": self._value(c, comp["name"]),
                              "normalised": None if norm is None else float(norm)})
            out.append({"name": name, "label": self._label(name), "value": c.get(name),
                        "band": self.fmt.band(band) if band else None, "band_key": band or "none",
                        "components": comps})
        return out

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

    def _previous_segments(self) -> dict[str, str]:
        prev = self.report.previous
        if prev is None or "segment" not in getattr(prev, "columns", ()):
            return {}
        return {str(k): v for k, v in prev["segment"].items() if not is_missing(v)}

    def _service_rows(self, c: dict) -> list[dict]:
        rows = []
        for s in self.services:
            usage_col, cost_col = f"usage_{s['id']}_12m", f"cost_{s['id']}_12m"
            if usage_col not in self.frame.columns and cost_col not in self.frame.columns:
                continue
            cost = c.get(cost_col)
            entitled = c.get(f"entitled_{s['id']}")
            beyond = cost if (_false(entitled) and cost) else None
            rows.append({"name": s["name"], "unit": s["unit"], "unit_cost": s["cost"], "usage": c.get(usage_col),
                         "cost": cost, "entitled": entitled, "beyond": beyond})
        return rows

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

    def _monthly_by_customer(self) -> dict[str, dict]:
        """customer id → {(period, month index): (revenue, margin)} for the two windows."""
        monthly = self.report.monthly
        if monthly is None or monthly.empty:
            return {}
        index = {}
        for i, m in enumerate(self.months):  # the same month a year earlier is its 'previous'
            index[(m.year, m.month)] = ("current", i)
            index[(m.year - 1, m.month)] = ("previous", i)
        has_margin = "margin" in monthly.columns
        months = pd.to_datetime(monthly["month"])
        out: dict[str, dict] = {}
        margins = monthly["margin"] if has_margin else pd.Series(None, index=monthly.index)
        for cid, month, rev, mar in zip(monthly["customer_id"], months, monthly["revenue"], margins):
            key = index.get((month.year, month.month))
            if key is None:
                continue
            out.setdefault(str(cid), {})[key] = (None if is_missing(rev) else float(rev),
                                                 None if is_missing(mar) else float(mar))
        return out

    def _monthly(self, data: dict | None) -> dict | None:
        if not data:
            return None
        t, fmt = self.t, self.fmt
        has_margin = any(v[1] is not None for v in data.values())
        chart_rows, table_rows = [], []
        periods = (("current", t("period_current")), ("previous", t("period_previous")))
        for i, label in enumerate(self.month_labels):
            row = {"label": label}
            for period, period_label in periods:
                rev, mar = data.get((period, i), (0.0, 0.0 if has_margin else None))
                rev = rev or 0.0
                when = label if period == "current" else self.previous_month_labels[i]
                suffix = "" if period == "current" else "_prev"
                row["revenue" + suffix] = rev
                row["margin" + suffix] = mar
                chart_rows.append({"m": label, "s": t("series_revenue"), "p": period_label, "v": clean(rev),
                                   "w": when, "l": fmt.money(rev)})
                if has_margin and mar is not None:
                    chart_rows.append({"m": label, "s": t("series_margin"), "p": period_label, "v": clean(mar),
                                       "w": when, "l": fmt.money(mar)})
            table_rows.append(row)
        return {"spec": self.charts.embed("monthly", chart_rows), "rows": table_rows, "has_margin": has_margin}

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
                             for reason, n in sorted(q.rejected.items(), key=lambda kv: (-kv[1], kv[0]))],
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

@lru_cache(maxsize=8)
def _environment(lang: str, currency: str) -> jinja2.Environment:
    """The Jinja environment of one language (templates compiled once per process).

    Only language-bound things live here (texts, number formats); everything
    about one report is passed to each render.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    fmt = Formatter(lang, currency)
    env.filters.update(
        money=fmt.money, money2=fmt.money2, num=fmt.number, count=fmt.count, pct=fmt.percent,
        date=fmt.date, years=fmt.years, yesno=fmt.bool, bar_width=_bar_width, sortkey=_sort_key,
    )
    env.globals.update(t=Translator(lang), lang=lang, csp=CSP)
    return env


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


def _bar_width(value) -> str:
    if is_missing(value):
        return "0"
    return f"{min(100.0, max(0.0, float(value))):.1f}"


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
        from .measures import rfm_grid
    except ImportError:  # pragma: no cover - the measures stage always ships it
        return None
    grid = rfm_grid()
    return {"columns": [1, 2, 3, 4, 5],
            "rows": [{"r": r, "cells": [grid.get((r, f)) for f in range(1, 6)]} for r in range(5, 0, -1)]}
