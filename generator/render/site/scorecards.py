"""Every customer's scorecard as HTML, its component rows made column by column."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from markupsafe import Markup

from generator.render import fragments

if TYPE_CHECKING:
    from generator.render.site.customers import CustomerPages


class Scorecards:
    """Every customer's scorecard, its component rows made column by column.

    The same scorecard as ``CustomerPages._scorecard`` lays out per customer (a theme's ``scores``):
    missing components weigh 0 and the others are re-normalised; a test compares the two."""

    def __init__(self, pages: CustomerPages, defs: list[dict], texts: dict[str, str], head: str):
        self.pages, self.defs, self.texts = pages, defs, texts
        frame, n = pages.frame, len(pages.customers)
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
                             for raw, v, norm, share_text in zip(pages.column_texts(comp["name"]), values.tolist(),
                                                                 pages.column_texts(column, "score"),
                                                                 pages.columns.percent(share))])
            self.parts.append((fragments.score_table(pages.site.label(name), head), rows))

    def html(self, k: int, c: dict, changes: dict | None) -> Markup:
        """Customer ``c`` (row ``k``)'s scorecard."""
        pages = self.pages
        out = []
        for d, (table, rows) in zip(self.defs, self.parts):
            summary = pages.score_summary(c, d["name"], (changes or {}).get(d["name"]))
            out.append(fragments.score_summary(summary, self.texts) + table + "".join([r[k] for r in rows])
                       + fragments.SCORE_END)
        return Markup("\n".join(out))
