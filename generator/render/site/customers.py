"""A page per customer (customers/<slug>.html): headline figures, scorecard, the rule trace,
actions, months, services, arrears, timeline and all measures.

The long parts of a page are made for all customers at once, column by column
(:class:`~generator.render.site.scorecards.Scorecards`,
:class:`~generator.render.site.monthly.MonthlyFigures`,
:class:`~generator.render.site.timelines.Timelines`), and placed as HTML made
in Python (:mod:`generator.render.fragments`); the same parts are in the page's
context as data, for a theme that lays them out itself.
"""
from __future__ import annotations

from functools import cached_property, partial

import numpy as np
import pandas as pd
from markupsafe import Markup

from generator.model.report import TIMELINE_EVENTS
from generator.render import explain, fragments
from generator.render.site.build import SCORES, Build, false, true
from generator.render.site.frame import Frame
from generator.render.site.lazy import Lazy
from generator.render.site.monthly import MonthlyFigures
from generator.render.site.scorecards import Scorecards
from generator.render.site.timelines import Timelines, each_distinct
from generator.text.formatting import is_missing
from generator.text.translation import interaction_kind, order_type_label


def render(site: Build) -> None:
    """Every customer's page, made in this process (a small build)."""
    CustomerPages(site).render([i for i, c in enumerate(site.customers) if c["has_page"]], site.files)


class CustomerPages:
    """The customer pages of one build (or of a worker's chunk of it): everything they draw on
    is prepared once here, column by column, and each page takes its row."""

    def __init__(self, site: Build):
        self.site = site
        self.report, self.policy, self.catalogue, self.lang = site.report, site.policy, site.catalogue, site.lang
        self.t, self.fmt, self.columns = site.t, site.fmt, site.columns
        self.frame, self.customers = site.frame, site.customers
        self._texts: dict[tuple[str, str | None], list[str]] = {}  # formatted columns (column_texts)
        self._band_labels: dict[str, str] = {}
        self.actions: dict[str, list[dict]] = {}
        for a in site.action_rows:
            self.actions.setdefault(a["customer"]["customer_id"], []).append(a)
        self.groups = self._measure_groups()
        self.cost_names = [n for n in ("cost_to_serve_12m", "cost_to_serve_pct_12m", "margin_12m", "net_profit_12m",
                                       "leakage_12m") if n in self.frame.columns]
        self.score_defs = site.score_definitions()
        self.texts = {key: self.t(key) for key in ("score_missing", "inverted_note", "component_missing",
                                                   "trace_chosen", "trace_catch_all", "trace_in_words")}
        # each segment rule in words, once for every page (the rule itself stays as the policy writes it)
        self.rule_words = {sid: explain.describe(cond, self.lang, self.catalogue)
                           for sid, cond in self.policy.segment_conditions.items()}
        self.common = dict(site.base, root="../", section="customers", has_charts=True,
                           arrears_days=self.policy.house_rules.arrears_days,
                           notes_shown=bool(self.report.config.privacy.notes))
        self.layout = self._customer_frame(self.common)
        self.monthly = MonthlyFigures(self)  # customer id → the monthly chart and table
        self.rules = self._rules_by_customer()
        self.has_previous = self.report.moves is not None  # a previous report to compare with
        self.previous_scores = self._previous_scores()
        self.timelines = self._timelines()
        self.contracts = {c.id: c.name.get(self.lang) for c in self.policy.contracts}
        self.groups_html = self._measure_items(self.groups)
        self.scorecards = Scorecards(self, self.score_defs, self.texts, self._score_head())

    def render(self, indices, files) -> None:
        """The pages of the customers at ``indices`` (positions in the Report), into ``files``."""
        actions, monthly, rules, timelines = self.actions, self.monthly, self.rules, self.timelines
        previous_scores, contracts = self.previous_scores, self.contracts
        score_defs, groups, cost_names, common = self.score_defs, self.groups, self.cost_names, self.common
        groups_html = self.groups_html
        texts, frame, scorecards = self.texts, self.layout, self.scorecards
        for i in indices:
            c = self.customers[i]
            path = f"customers/{c['slug']}.html"
            cid = c["customer_id"]
            own = sorted(actions.get(cid, []), key=lambda a: (a["priority"], a["order"]))
            timeline = timelines.get(cid)
            row = self.row[cid]
            groups_of_c = Lazy(partial(self._groups_of, c, groups))
            headline = self._headline(c)
            scores = Lazy(partial(self._scorecard, c, score_defs, previous_scores.get(cid, {})))
            trace = self._trace(c, rules.get(cid, {}))
            services = self._service_rows(c)
            arrears = self._arrears(c)
            cost_measures = [{"label": self.site.label(n), "value": self.value(c, n),
                              "negative": isinstance(c.get(n), (int, float)) and c[n] < 0} for n in cost_names]
            context = dict(
                common, path=path, page_title=c["name"], c=c,
                contract=contracts.get(c["contract"], c["contract"]),
                migration=self._migration(c),
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
            template = self.site.pick("customer.html", f"customer-{c['slug']}.html")
            if frame is not None and template == "customer.html":
                files[path] = frame.page(c["name"], context)
            else:
                files[path] = self.site.render(template, context)

    def _migration(self, c: dict) -> dict | None:
        """'Moved from X' (or 'new since the previous report'); None when nothing changed or nothing is known."""
        prev = c.get("previous_segment")
        if prev is None:
            return {"new": True} if self.has_previous else None
        if prev == c.get("segment"):
            return None
        seg = self.site.segment_by_id.get(prev)
        return {"new": False, "seg": seg, "name": seg["name"] if seg else prev}

    def _headline(self, c: dict) -> list[dict]:
        """The four figures read first, revenue with its trend arrow against the previous 12 months."""
        out = []
        for name in ("revenue_12m", "net_profit_12m", "cost_to_serve_12m", "expected_revenue_12m"):
            if name not in self.frame.columns:
                continue
            value = c.get(name)
            item = {"label": self.site.label(name), "value": self.value(c, name),
                    "negative": value is not None and value < 0, "trend": None}
            if name == "revenue_12m":
                item["trend"] = self._trend(c.get("revenue_trend"), self.fmt.percent(c.get("revenue_trend"), 0),
                                            self.t("trend_vs_previous", value=self.value(c, "revenue_prev_12m")))
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
        """customer id → score → change since the previous report (model.changes)."""
        cols = [f"{s}_change" for s in SCORES if f"{s}_change" in self.frame.columns]
        if not cols:
            return {}
        return {c["customer_id"]: {col[:-7]: c[col] for col in cols if c.get(col) is not None}
                for c in self.customers}

    def _arrears(self, c: dict) -> dict:
        known = "overdue_amount" in self.frame.columns
        return {"known": known, "late": true(c.get("late_payer")), "amount": c.get("overdue_amount"),
                "overdue": known and (c.get("overdue_amount") or 0) > 0,
                "facts": [{"label": self.site.label(n), "value": self.value(c, n)}
                          for n in ("overdue_amount", "overdue_invoices", "overdue_days_max", "days_late_max",
                                    "days_late_avg", "payment_trend") if n in self.frame.columns]}

    def _timelines(self) -> Timelines:
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
            labels = each_distinct(kinds, lambda k: interaction_kind(str(k), lang))
            details = [[] for _ in range(n)]
            for name, key in (("minutes", "minutes_n"), ("severity", "severity_n")):
                if name in contacts:
                    texts = self.columns.number(contacts[name])
                    known = contacts[name].notna().to_numpy()
                    filled = each_distinct(texts, lambda text, key=key: t(key, n=text))
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
            labels = each_distinct(kinds, lambda k: t("purchase") if is_missing(k) or not str(k)
                                   else t("purchase_of", kind=order_type_label(str(k), lang)))
            amounts = purchases["amount"] if "amount" in purchases else pd.Series(np.nan, index=purchases.index)
            money = self.columns.money(amounts)
            orders = (purchases["orders"].astype(object).to_numpy() if "orders" in purchases
                      else np.ones(n, dtype=object))
            counted = each_distinct(orders, lambda k: f" · {t('orders_n', n=fmt.count(k))}" if k and k > 1 else "")
            negative = amounts.fillna(0).to_numpy(dtype=float) < 0
            parts.append((purchases["customer_id"], purchases["date"], 0, "purchase", labels,
                          [m + o for m, o in zip(money, counted)], [None] * n, negative))
        return Timelines(self.row, parts, fmt, notes_shown)

    def value(self, c: dict, name: str, kind: str | None = None) -> str:
        """Customer ``c``'s value of column ``name`` as a page shows it (by its catalogue kind,
        or ``kind``): the whole column is formatted for every customer when first asked."""
        return self.column_texts(name, kind)[self.row[c["customer_id"]]]

    @cached_property
    def row(self) -> dict[str, int]:
        return {c["customer_id"]: i for i, c in enumerate(self.customers)}

    def column_texts(self, name: str, kind: str | None = None) -> list[str]:
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
            if m.kind == "text" and (name.endswith("_band") or name == "rfm_segment"):  # codes, in words
                return [self.fmt.coded(name, v) for v in values.tolist()]
            kind = m.kind
        return self.columns.measure(values, kind)

    def _scorecard(self, c: dict, defs: list[dict], changes: dict[str, float] | None = None) -> list[dict]:
        out = []
        for d in defs:
            name = d["name"]
            comps = []
            for comp in d["components"]:
                column = f"{name}__{comp['name']}"
                norm = c.get(column)
                comps.append({**comp, "raw": self.value(c, comp["name"]),
                              "normalised": None if norm is None else float(norm),
                              "normalised_text": self.value(c, column, "score")})
            # missing components weigh 0, the others are re-normalised (scoring: <score>_coverage)
            known = sum(comp["weight"] for comp in comps if comp["normalised"] is not None)
            for comp in comps:
                comp["share"] = comp["weight"] / known if known and comp["normalised"] is not None else None
                comp["share_text"] = self.fmt.MISSING if comp["share"] is None else self.fmt.percent(comp["share"])
            out.append({**self.score_summary(c, name, (changes or {}).get(name)), "components": comps})
        return out

    def score_summary(self, c: dict, name: str, delta) -> dict:
        """A score of customer ``c`` without its components: value, band, trend since the previous
        report (``delta``), coverage."""
        band = c.get(name.replace("_score", "_band"))
        coverage = c.get(f"{name}_coverage")
        delta = None if delta is None else round(float(delta))
        trend = None if delta is None else self._trend(delta, self.fmt.number(delta, 0),
                                                       self.t("since_previous_report"),
                                                       up_is_good=name != "burden_score")
        coverage = float(coverage) if coverage is not None and float(coverage) < 1 else None
        return {"name": name, "label": self.site.label(name), "value": c.get(name),
                "value_text": self.value(c, name, "score"),
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
        for seg in self.site.segments:
            chosen = seg["id"] == c.get("segment")
            if seg["when"] is None:
                state, outcome = ("catch-all", t("trace_catch_all")) if not decided else ("not-reached", t("trace_not_reached"))
            elif decided:
                state, outcome = "not-reached", t("trace_not_reached")
            else:
                result = results.get(seg["id"])
                state = "unknown" if result is None else ("true" if result else "false")
                outcome = t("trace_" + state)
            values = [{"name": n["name"], "label": n["label"], "value": self._trace_value(c, n["name"]),
                       "code": self._trace_code(c, n["name"]), "missing": c.get(n["name"]) is None}
                      for n in seg["names"]]
            rows.append({"seg": seg, "position": seg["position"], "when": seg["when"],
                         "words": self.rule_words.get(seg["id"]), "state": state,
                         "outcome": outcome, "chosen": chosen, "parts": values})
            decided = decided or chosen
        return rows

    def _trace_value(self, c: dict, name: str) -> str:
        """The value a rule read, in the page's words ('laag', not 'low')."""
        value = c.get(name)
        if value is None:
            return self.t("unknown")
        return self.value(c, name)

    def _trace_code(self, c: dict, name: str) -> str | None:
        """The value as the condition compares it, when the page shows it in other words: 'low' beside
        'laag' (a band, an RFM segment); None otherwise."""
        value = c.get(name)
        m = self.catalogue.by_name.get(name)
        if value is None or m is None or m.kind != "text" or self.fmt.coded(name, value) == str(value):
            return None
        return f"'{value}'"

    def _service_rows(self, c: dict) -> list[dict]:
        rows = []
        for s in self.site.services:
            usage_col, cost_col = f"usage_{s['id']}_12m", f"cost_{s['id']}_12m"
            if usage_col not in self.frame.columns and cost_col not in self.frame.columns:
                continue
            cost = c.get(cost_col)
            entitled = c.get(f"entitled_{s['id']}")
            beyond = cost if (false(entitled) and cost) else None
            rows.append({"name": s["name"], "unit": s["unit"], "unit_cost": s["cost"], "per_unit": s["per_unit"],
                         "usage": c.get(usage_col), "usage_text": self.value(c, usage_col, "number"),
                         "cost": cost, "cost_text": self.value(c, cost_col, "money"),
                         "entitled": entitled, "entitled_text": self.fmt.bool(entitled),
                         "beyond": beyond, "beyond_text": self.fmt.money2(beyond) if beyond else self.fmt.MISSING})
        return rows

    def _groups_of(self, c: dict, groups: list[dict]) -> list[dict]:
        """Customer ``c``'s measures by group, as data (for a theme)."""
        return [{"id": g["id"], "label": g["label"],
                 "measures": [{"label": m["label"], "value": self.value(c, m["name"]),
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
                                for text, gone in zip(self.column_texts(m["name"]), missing)])
            out.append((head, columns, tail))
        return out

    def _measure_groups(self) -> list[dict]:
        """The catalogue groups shown as 'all measures' on a customer page (computed measures only)."""
        skip_groups = {"profile", "score", "cost"}
        out = []
        for gid, measures in self.catalogue.by_group().items():
            if gid in skip_groups:
                continue
            shown = [{"name": m.name, "label": self.site.label(m.name)}     # (p_alive names its model)
                     for m in measures if m.name in self.frame.columns]
            if shown:
                out.append({"id": gid, "label": self.t(f"group.{gid}"), "measures": shown})
        return out

    def _score_head(self) -> str:
        """The header row of a score's components table."""
        return ("<thead><tr>\n" + "\n".join(
                f'<th scope="col"{cls}>{fragments.esc(self.t(key))}</th>'
                for key, cls in (("col_component", ""), ("col_measured", ' class="num"'),
                                 ("col_normalised", ""), ("col_weight", ' class="num"'),
                                 ("col_effective_weight", ' class="num"'))) + "\n</tr></thead>")

    def _customer_frame(self, common: dict) -> Frame | None:
        """The layout around every customer page's content, made once (:class:`Frame`); None
        when a theme replaces the page or its layout, or when the layout is not the same for
        every customer page (then each page is rendered whole)."""
        if {"customer.html", "_base.html"} & self.site.theme.names:
            return None
        return Frame.make(self.site.env, "customer.html", dict(common, c=None))

