"""The customer index (customers/index.html) and its rows (customers/index-data.js)."""
from __future__ import annotations

import json

from generator.execution import DEFAULT, Execution
from generator.render.charts import clean
from generator.render.site.build import SCORES, Build
from generator.text.formatting import Formatter, is_missing

INDEX_DATA = "customers/index-data.js"  # the customer index's rows, a classic script (file:// safe)


def render(site: Build, execution: Execution = DEFAULT) -> None:
    index = _customer_index(site, max(1, int(execution.index_part_rows)))
    for path, data in index.pop("data").items():
        site.files[path] = data
    site.page("customers/index.html", "customers_index.html", "customers", site.t("customers_title"), **index)


def part_name(n: int) -> str:
    """The file of part ``n`` (from 2) of a large index's data, beside the page."""
    return f"index-data-{n}.js"


def _customer_index(site: Build, part_rows: int) -> dict:
    """The index page and its data file: one row per customer, read by assets/customers.js.

    The rows live in a classic script (``customers/index-data.js``), not in
    one giant table, so 100,000 customers stay responsive: the script pages
    through them and searches, sorts and filters the array. Money is
    formatted here (Babel), so the list reads like every other page.

    More than ``part_rows`` customers: index-data.js holds the first ``part_rows`` rows (by name,
    the list's first order) and the names of the other parts (``index-data-2.js``, …), which
    customers.js loads as classic scripts after the first page is shown. A customer without a
    page of their own (config: pages) has no slug (null): the list shows the name unlinked.
    """
    fmt = site.fmt
    rows = sorted(site.customers, key=lambda c: (c["name"].casefold(), c["customer_id"]))
    managers = sorted({c["account_manager"] for c in site.customers if c["account_manager"]},
                      key=lambda k: (k.casefold(), k))
    segment_at = {s["id"]: i for i, s in enumerate(site.segments)}
    manager_at = {m: i for i, m in enumerate(managers)}
    data_rows = []
    for c in rows:
        data_rows.append([
            c["name"], c["customer_id"], c["slug"] if c["has_page"] else None, segment_at.get(c.get("segment"), -1),
            manager_at.get(c["account_manager"], -1),
            clean(c["revenue_12m"]), fmt.money(c["revenue_12m"]),
            clean(c["net_profit_12m"]), fmt.money(c["net_profit_12m"]),
            *(_whole(fmt, c[name]) for name in SCORES),
        ])
    data = {
        "segments": [{"id": s["id"], "name": s["name"], "href": f"../{s['href']}"} for s in site.segments],
        "managers": managers,
        "fields": ["name", "id", "slug", "segment", "manager", "revenue", "revenue_text", "net", "net_text",
                   *SCORES],
        "rows": data_rows,
    }
    files = {}
    if len(data_rows) > part_rows:
        chunks = [data_rows[i:i + part_rows] for i in range(0, len(data_rows), part_rows)]
        names = [part_name(n) for n in range(2, len(chunks) + 1)]
        data["rows"], data["total"], data["parts"] = chunks[0], len(data_rows), names
        for name, chunk in zip(names, chunks[1:]):
            files[f"customers/{name}"] = (
                "/* Part of the customer index of this report (written by klantwaarde; read by "
                "../assets/customers.js). */\nwindow.klantwaardeCustomerParts = window.klantwaardeCustomerParts || {};\n"
                f"window.klantwaardeCustomerParts[{_js_json(name)}] = " + _js_json(chunk) + ";\n").encode("utf-8")
    script = ("/* The customer index of this report, one row per customer (written by klantwaarde; "
              "read by ../assets/customers.js). */\nwindow.klantwaardeCustomers = " + _js_json(data) + ";\n")
    files = {INDEX_DATA: script.encode("utf-8"), **files}
    with_page = sum(1 for c in rows if c["has_page"])
    return {"data": files, "count": len(rows), "segments": site.segments,
            "pages": None if site.report.page_mask is None else with_page,
            "account_managers": [{"value": m, "label": m} for m in managers]}


def _whole(fmt: Formatter, value) -> int | None:
    """A score as the whole number the pages show (Babel's half-even rounding), None when missing."""
    return None if is_missing(value) else int(fmt.number(value, 0).replace("−", "-"))


def _js_json(data) -> str:
    """JSON for a classic script file: deterministic, and safe where JavaScript and JSON differ."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")
