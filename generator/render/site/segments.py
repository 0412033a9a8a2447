"""A page per segment (segments/<id>.html): who is in it, their figures and chart, its rule and playbook.

A segment with more than ``Execution.segment_page_rows`` customers lists them over pages:
``segments/<id>.html`` (with the rule, playbook and chart) and ``segments/<id>_2.html``, … (the
figures and the next customers)."""
from __future__ import annotations

from generator.execution import DEFAULT, Execution
from generator.render.site.build import SCORES, Build
from generator.render.site.quadrant import quadrant

#: pages numbered around the current one in a segment's pager (the first and last are always there)
PAGER_AROUND = 2


def render(site: Build, execution: Execution = DEFAULT) -> None:
    per_page = max(1, int(execution.segment_page_rows))
    for seg in site.segments:
        context = _segment_page(site, seg)
        members = context.pop("members")
        template = site.pick("segment.html", f"segment-{seg['id']}.html")
        if len(members) <= per_page:
            site.page(seg["href"], template, "segments", seg["name"], has_charts=True, members=members,
                      part=None, **context)
            continue
        chunks = [members[i:i + per_page] for i in range(0, len(members), per_page)]
        names = [page_name(seg["id"], n) for n in range(1, len(chunks) + 1)]
        for n, chunk in enumerate(chunks, start=1):
            first = (n - 1) * per_page + 1
            part = {"n": n, "total": len(chunks), "first": first, "last": first + len(chunk) - 1,
                    "pager": _pager(names, n)}
            title = seg["name"] if n == 1 else site.t("segment_page_title", name=seg["name"], n=n, total=len(chunks))
            site.page(f"segments/{names[n - 1]}", template, "segments", title, has_charts=n == 1, members=chunk,
                      part=part, **dict(context, chart=context["chart"] if n == 1 else None))


def page_name(segment_id: str, n: int) -> str:
    """The file name of page ``n`` of a segment's list: ``<id>.html``, ``<id>_2.html``, …"""
    return f"{segment_id}.html" if n == 1 else f"{segment_id}_{n}.html"


def _pager(names: list[str], n: int) -> dict:
    """Links to the previous and next page and to the pages around ``n`` (with the first and the
    last; None marks a gap), so a segment of a million customers has a short pager on each page."""
    total = len(names)
    shown = sorted({1, total, *range(max(1, n - PAGER_AROUND), min(total, n + PAGER_AROUND) + 1)})
    pages: list[dict | None] = []
    for k in shown:
        if pages and pages[-1] is not None and k > pages[-1]["n"] + 1:
            pages.append(None)
        pages.append({"n": k, "href": names[k - 1], "current": k == n})
    return {"previous": names[n - 2] if n > 1 else None, "next": names[n] if n < total else None, "pages": pages}


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
    return {"seg": seg, "segments": site.segments, "members": members, "count": len(members),
            "stats": stats, "chart": chart, "index_link": f"../customers/index.html#segment={seg['id']}"}
