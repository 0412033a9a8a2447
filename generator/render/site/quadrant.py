"""The value × burden chart of the overview and of each segment page."""
from __future__ import annotations

import hashlib

from generator.render.charts import BIN, clean
from generator.render.site.build import Build

QUADRANT_DOTS = 2500   # more scored customers than this: density of all plus a sample of dots
QUADRANT_SAMPLE = 1000  # dots in the sample (each segment keeps at least SEGMENT_SAMPLE_MIN)
SEGMENT_SAMPLE_MIN = 25


def quadrant(site: Build, customers: list[dict], root: str, kind: str) -> dict:
    """The value × burden chart: every customer a dot, or with many a density map and a sample.

    Thousands of overlapping dots say nothing and make the page slow, so
    above QUADRANT_DOTS the chart shades every customer into cells and
    draws a stable sample (by a hash of the page name, at least a few per
    segment) as clickable dots; a note under the chart says so.
    """
    rows, missing, links = _rows(customers, root)
    out = {"summary": _summary(site, rows), "missing": missing, "note": None}
    if len(rows) <= QUADRANT_DOTS:
        out["spec"] = site.charts.embed(kind, rows)
        return out
    sample = _sample_by_segment(rows, links, QUADRANT_SAMPLE, SEGMENT_SAMPLE_MIN)
    out["spec"] = site.charts.embed(f"{kind}_density", sample, bins=_density(site, rows))
    out["note"] = site.t("quadrant_sampled", n=site.fmt.count(len(rows)), shown=site.fmt.count(len(sample)))
    return out


def _rows(customers: list[dict], root: str) -> tuple[list[dict], int, list[str]]:
    """The dots (``h`` None for a customer without a page: config pages), the customers without
    scores, and each dot's page link whether or not the page is made (the sample's stable key)."""
    rows, missing, links = [], 0, []
    for c in customers:
        v, b = c["value_score"], c["burden_score"]
        if v is None or b is None:
            missing += 1
            continue
        link = f"{root}customers/{c['slug']}.html"
        rows.append({"v": clean(v, 1), "b": clean(b, 1), "f": clean(c["future_score"], 1), "n": c["name"],
                     "s": c["seg"]["name"] if c["seg"] else "", "h": link if c.get("has_page", True) else None})
        links.append(link)
    return rows, missing, links


def _summary(site: Build, rows: list[dict]) -> str:
    counts = {"hv_lb": 0, "hv_hb": 0, "lv_hb": 0, "lv_lb": 0}
    for r in rows:
        key = ("hv" if r["v"] >= 50 else "lv") + "_" + ("hb" if r["b"] >= 50 else "lb")
        counts[key] += 1
    return site.t("quadrant_summary", **{k: site.fmt.count(v) for k, v in counts.items()})


def _density(site: Build, rows: list[dict]) -> list[dict]:
    last = 100 // BIN - 1
    counts: dict[tuple[int, int], int] = {}
    for r in rows:
        key = (min(int(r["v"] // BIN), last), min(int(r["b"] // BIN), last))
        counts[key] = counts.get(key, 0) + 1
    return [{"x": bx * BIN, "x2": (bx + 1) * BIN, "y": by * BIN, "y2": (by + 1) * BIN, "c": n,
             "l": site.t("n_customers", n=site.fmt.count(n))} for (bx, by), n in sorted(counts.items())]


def _sample_by_segment(rows: list[dict], links: list[str], size: int, minimum: int) -> list[dict]:
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
        ranked = sorted(members, key=lambda i: hashlib.sha1(links[i].encode("utf-8")).hexdigest())
        keep.update(ranked[:quota])
    return [rows[i] for i in sorted(keep)]
