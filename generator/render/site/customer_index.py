"""The customer index (customers/index.html) and its rows (customers/index-data.js)."""
from __future__ import annotations

import json

from generator.render.charts import clean
from generator.render.site.build import SCORES, Build
from generator.text.formatting import Formatter, is_missing

INDEX_DATA = "customers/index-data.js"  # the customer index's rows, a classic script (file:// safe)


def render(site: Build) -> None:
    index = _customer_index(site)
    site.files[INDEX_DATA] = index.pop("data")
    site.page("customers/index.html", "customers_index.html", "customers", site.t("customers_title"), **index)


def _customer_index(site: Build) -> dict:
    """The index page and its data file: one row per customer, read by assets/customers.js.

    The rows live in a classic script (``customers/index-data.js``), not in
    one giant table, so 100,000 customers stay responsive: the script pages
    through them and searches, sorts and filters the array. Money is
    formatted here (Babel), so the list reads like every other page.
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
            c["name"], c["customer_id"], c["slug"], segment_at.get(c.get("segment"), -1),
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
    script = ("/* The customer index of this report, one row per customer (written by klantwaarde; "
              "read by ../assets/customers.js). */\nwindow.klantwaardeCustomers = " + _js_json(data) + ";\n")
    return {"data": script.encode("utf-8"), "count": len(rows), "segments": site.segments,
            "account_managers": [{"value": m, "label": m} for m in managers]}


def _whole(fmt: Formatter, value) -> int | None:
    """A score as the whole number the pages show (Babel's half-even rounding), None when missing."""
    return None if is_missing(value) else int(fmt.number(value, 0).replace("−", "-"))


def _js_json(data) -> str:
    """JSON for a classic script file: deterministic, and safe where JavaScript and JSON differ."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")
