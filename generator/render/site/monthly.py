"""Revenue and margin per month of every customer: the monthly chart and table of a customer page."""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from markupsafe import Markup

from generator.render import fragments
from generator.render.charts import Charts, json_number
from generator.render.site.lazy import Lazy

if TYPE_CHECKING:
    from generator.render.site.customers import CustomerPages


class MonthlyFigures:
    """Revenue and margin per month of every customer, for the monthly chart and table.

    One array of customers × (current, previous year) × months, filled from the
    monthly table at once and formatted column-wise; a page takes its row. A month
    without a row counts as 0 (and its margin as 0 when the customer has margins
    at all); a row without a margin shows a dash and draws no margin point."""

    def __init__(self, pages: CustomerPages):
        self.pages = pages
        monthly = pages.report.monthly
        months = pages.site.months
        n, m = len(pages.customers), len(months)
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
        who = monthly["customer_id"].astype(str).map(pages.row).to_numpy(dtype=float)
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
        money = pages.columns.money
        self.revenue_text = np.array(money(revenue.ravel()), dtype=object).reshape(revenue.shape)
        self.margin_text = np.array(money(margin.ravel()), dtype=object).reshape(margin.shape)
        self.heads = [f'<tr><th scope="row">{fragments.esc(label)}</th>' for label in pages.site.month_labels]

    def get(self, cid: str) -> dict | None:
        """The chart part (``spec``), the table rows (``rows_html``; ``rows`` as data) and
        ``has_margin``; None when the customer has no month in either window."""
        if self.present is None:
            return None
        k = self.pages.row.get(cid)
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
                "rows": Lazy(partial(self._rows, k, has_margin))}

    def _rows(self, k: int, has_margin: bool) -> list[dict]:
        rev, mar = self.revenue[k].tolist(), self.margin[k].tolist()
        none = lambda v: None if v != v else v  # noqa: E731
        return [{"label": label, "revenue": rev[0][i], "revenue_prev": rev[1][i],
                 "margin": none(mar[0][i]), "margin_prev": none(mar[1][i])}
                for i, label in enumerate(self.pages.site.month_labels)]
