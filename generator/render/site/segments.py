"""A page per segment (segments/<id>.html): who is in it, their figures and chart, its rule and playbook."""
from __future__ import annotations

from generator.render.site.build import SCORES, Build
from generator.render.site.quadrant import quadrant

SEGMENT_ROWS = 250     # members listed on a segment page (the rest via the customer index)


def render(site: Build) -> None:
    for seg in site.segments:
        site.page(seg["href"], site.pick("segment.html", f"segment-{seg['id']}.html"), "segments", seg["name"],
                  has_charts=True, **_segment_page(site, seg))


def _segment_page(site: Build, seg: dict) -> dict:
    members = [c for c in site.customers if c["seg"] is seg]
    members.sort(key=lambda c: (c["value_score"] is None, -(c["value_score"] or 0), c["name"].casefold(),
                                c["customer_id"]))
    profits = [c["net_profit_12m"] for c in members if c["net_profit_12m"] is not None]
    scores = []
    for name in SCORES:
        known = [c[name] for c in members if c[name] is not None]
        scores.append({"label": site.label(name), "value": sum(known) / len(known) if known else None})
    stats = {"count": len(members), "revenue": sum(c["revenue_12m"] or 0 for c in members),
             "net_profit": sum(profits) if profits else None, "scores": scores}
    chart = quadrant(site, members, "../", "quadrant_members")
    if chart["missing"] == len(members):
        chart = None
    return {"seg": seg, "segments": site.segments, "members": members[:SEGMENT_ROWS], "count": len(members),
            "stats": stats, "chart": chart, "index_link": f"../customers/index.html#segment={seg['id']}"}
