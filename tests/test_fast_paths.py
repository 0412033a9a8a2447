"""The computing stages group millions of rows on integer codes, write CSV column by column
and render action texts with compiled templates. Each such fast path must give exactly what
the plain pandas computation of the same definition gives: these tests run both on a messy
random project (invoices of several lines, invoice numbers shared between customers, rows
without one, one numbered like such a row's own key, missing costs and dates, credit notes)
and compare value for value, bit for bit."""
from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import SMALL_POLICY

from generator.inputs import conditions, sources

from generator.render import exports

from generator.model import measures, recommendations

from generator import pipeline
from generator.execution import Execution
from generator.inputs.config import load_config
from generator.inputs.policy import load_policy

DAY = np.timedelta64(1, "D")
AS_OF = pd.Timestamp("2026-06-30")


def _messy_project(folder, customers: int = 300, rows: int = 6000, seed: int = 11):
    rng = random.Random(seed)
    ids = [f"K{n:04d}" for n in range(customers)]
    lines, invoice = [], 0
    start = pd.Timestamp("2023-01-01")
    for n in range(rows):
        cid = rng.choice(ids)
        if rng.random() < 0.35 and lines and lines[-1][0]:         # another line of the same invoice
            number, cid = lines[-1][0], lines[-1][1]
        elif rng.random() < 0.03:                                 # a number another customer uses too
            number = f"F{rng.randint(1, max(invoice, 1))}"
        elif rng.random() < 0.04:                                 # no invoice number
            number = ""
        else:
            invoice += 1
            number = f"F{invoice}"
        date = start + pd.Timedelta(days=rng.randint(0, 1275))
        amount = round(rng.uniform(-50, 900), 2) if rng.random() < 0.97 else -round(rng.uniform(1, 300), 2)
        cost = "" if rng.random() < 0.03 else f"{abs(amount) * rng.uniform(0.3, 0.9):.2f}".replace(".", ",")
        due = "" if rng.random() < 0.05 else (date + pd.Timedelta(days=30)).strftime("%d-%m-%Y")
        paid = "" if rng.random() < 0.15 else (date + pd.Timedelta(days=rng.randint(0, 120))).strftime("%d-%m-%Y")
        kind = rng.choice(["standard", "standard", "rush", ""])
        lines.append((number, cid, date.strftime("%d-%m-%Y"), f"{amount:.2f}".replace(".", ","), cost, kind, due, paid))
    # a row without a number whose own key ('row-<row>') is also a real invoice number
    blank = next(i for i, line in enumerate(lines) if line[0] == "")
    lines[blank + 1] = (f"row-{blank}",) + lines[blank + 1][1:]
    text = "invoice_id;customer_id;date;amount;cost;order_type;due_date;paid_date\n" + \
        "".join(";".join(line) + "\n" for line in lines)
    (folder / "transactions.csv").write_text(text, encoding="utf-8")
    contacts = "customer_id;date;kind;minutes\n" + "".join(
        f"{rng.choice(ids)};{(start + pd.Timedelta(days=rng.randint(0, 1275))).strftime('%d-%m-%Y')};"
        f"{rng.choice(['support', 'complaint', 'incident', 'meeting', 'visit', 'referral'])};"
        f"{rng.choice(['', '15', '40'])}\n" for _ in range(rows // 5))
    (folder / "interactions.csv").write_text(contacts, encoding="utf-8")
    (folder / "customers.csv").write_text(
        "customer_id;name;account_manager;contract;sector;language\n" + "".join(
            f"{cid};Klant {cid};{rng.choice(['Sanne', 'Joost', ''])};basis;Retail;{rng.choice(['nl', 'en'])}\n"
            for cid in ids), encoding="utf-8")
    (folder / "policy.yaml").write_text(SMALL_POLICY, encoding="utf-8")
    (folder / "config.yaml").write_text(
        "title: Test\nas_of: 2026-06-30\npolicy: policy.yaml\noutput: site\ndata:\n"
        "  transactions: transactions.csv\n  customers: customers.csv\n  interactions: interactions.csv\n",
        encoding="utf-8")
    return folder / "config.yaml"


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    config_path = _messy_project(tmp_path_factory.mktemp("messy"))
    config = load_config(config_path)
    policy = load_policy(config.policy, "policy.yaml")
    tables = sources.read_tables(config)
    return config_path, policy, tables, measures.compute_measures(tables, policy, tables.as_of)


def _same(fast: pd.Series, plain: pd.Series) -> None:
    a, b = fast.to_numpy(), plain.reindex(fast.index).to_numpy()
    same = [(x is None and y is None) or (pd.isna(x) and pd.isna(y)) or x == y for x, y in zip(a, b)]
    assert all(same), [(i, x, y) for i, x, y, ok in zip(fast.index, a, b, same) if not ok][:5]


def test_the_project_is_as_messy_as_meant(messy):
    _config, _policy, tables, _m = messy
    tx = tables.transactions
    assert tx["invoice_id"].isna().sum() > 50
    lines = tx.dropna(subset=["invoice_id"]).groupby(["customer_id", "invoice_id"]).size()
    assert (lines > 1).sum() > 100                                              # invoices of several lines
    assert (tx.dropna(subset=["invoice_id"]).groupby("invoice_id")["customer_id"].nunique() > 1).any()
    assert tx["invoice_id"].astype(str).str.startswith("row-").any()


def _cents(values: pd.Series) -> pd.Series:
    """Money in whole cents, a half cent up: revenue and margin are sums of these / 100 (measures.cents)."""
    return np.floor(values * 100 + 0.5)


def test_money_orders_and_purchase_days_match_the_plain_computation(messy):
    _config, _policy, tables, m = messy
    out, tx = m.frame, tables.transactions
    in_cents = tx.assign(amount=_cents(tx["amount"]), cost=_cents(tx["cost"]))     # sums in cents, then / 100
    ids = out.index
    cur = tx[(tx["date"] >= m.windows.start) & (tx["date"] <= AS_OF)]
    prev = tx[(tx["date"] >= m.windows.prev_start) & (tx["date"] < m.windows.start)]
    for name, rows in (("12m", cur), ("prev_12m", prev), ("total", tx)):
        rows_cents = in_cents.loc[rows.index]
        revenue = rows_cents.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0.0)
        _same(out[f"revenue_{name}"], revenue / 100)
        pos = rows[rows["amount"] > 0]
        with_id = pos[pos["invoice_id"].notna()]
        orders = with_id.groupby("customer_id")["invoice_id"].nunique().add(
            pos[pos["invoice_id"].isna()].groupby("customer_id").size(), fill_value=0)
        _same(out[f"orders_{name}"], orders.reindex(ids, fill_value=0).astype(float))
    cur_cents = in_cents.loc[cur.index]
    margin = (cur_cents["amount"] - cur_cents["cost"]).groupby(cur["customer_id"]).sum().reindex(ids, fill_value=0.0)
    _same(out["margin_12m"], margin / 100)
    pos = tx[tx["amount"] > 0]
    days = pos.groupby("customer_id")["date"]
    _same(out["first_purchase"], days.min().reindex(ids))
    _same(out["frequency"], (days.nunique().reindex(ids) - 1).astype(float))
    yearly = in_cents.groupby([tx["customer_id"], tx["date"].dt.year.rename("year")])["amount"].sum().reset_index()
    yearly = yearly[yearly["amount"] > 0].sort_values(["customer_id", "amount", "year"],
                                                        ascending=[True, False, False], kind="stable")
    best = yearly.drop_duplicates("customer_id").set_index("customer_id")
    _same(out["best_year"], best["year"].astype(str).reindex(ids).astype(object).where(
        best["year"].reindex(ids).notna(), None))
    _same(out["best_year_revenue"], best["amount"].reindex(ids) / 100)        # summed in cents
    daily = pos.groupby(["customer_id", pos["date"]])["amount"].sum().reset_index()
    repeat = daily[daily.groupby("customer_id").cumcount() > 0]
    assert len(repeat) > 100


def test_arrears_per_invoice_match_the_plain_computation(messy):
    _config, policy, tables, m = messy
    out, tx = m.frame, tables.transactions
    t = tx[tx["amount"] > 0]
    due = t["due_date"].where(t["due_date"].notna(), t["date"] + pd.Timedelta(days=30))
    key = t["invoice_id"].where(t["invoice_id"].notna(), "row-" + pd.Series(t.index.astype(str), index=t.index))
    inv = pd.DataFrame({"customer_id": t["customer_id"], "invoice": key, "amount": _cents(t["amount"]), "due": due,
                        "paid": t["paid_date"]})
    inv = inv.groupby(["customer_id", "invoice"], sort=False).agg(
        amount=("amount", "sum"), due=("due", "min"), paid=("paid", "max")).reset_index()
    assert len(inv) < len(t)                               # invoices of several lines were merged
    unpaid = inv["paid"].isna() | (inv["paid"] > AS_OF)
    overdue = unpaid & (inv["due"] < AS_OF)
    inv["late"] = np.clip(np.where(unpaid, (AS_OF - inv["due"]) / DAY, (inv["paid"] - inv["due"]) / DAY), 0, None)
    inv["overdue_days"] = np.where(overdue, (AS_OF - inv["due"]) / DAY, np.nan)
    o = inv[overdue].groupby("customer_id")
    ids = out.index
    _same(out["overdue_amount"], o["amount"].sum().reindex(ids, fill_value=0.0) / 100)     # summed in cents
    _same(out["overdue_invoices"], o.size().reindex(ids, fill_value=0).astype(float))
    _same(out["overdue_days_max"], o["overdue_days"].max().reindex(ids, fill_value=0.0))
    now = inv[(inv["due"] <= AS_OF) & (inv["due"] >= m.windows.start)].groupby("customer_id")["late"]
    _same(out["days_late_max"], now.max().reindex(ids))
    _same(out["days_late_avg"], now.mean().reindex(ids))
    assert out["overdue_amount"].gt(0).sum() > 20


def test_contacts_and_usage_match_the_plain_computation(messy):
    _config, _policy, tables, m = messy
    out, i = m.frame, tables.interactions
    cur = i[(i["date"] >= m.windows.start) & (i["date"] <= AS_OF)]
    ids = out.index
    _same(out["complaints_12m"], cur[cur["kind"] == "complaint"].groupby("customer_id").size()
          .reindex(ids, fill_value=0).astype(float))
    support = cur[cur["kind"] == "support"]
    _same(out["support_minutes_12m"], support["minutes"].fillna(0).groupby(support["customer_id"]).sum()
          .reindex(ids, fill_value=0.0))
    _same(out["referrals_total"], i[i["kind"] == "referral"].groupby("customer_id").size()
          .reindex(ids, fill_value=0).astype(float))
    tx = tables.transactions
    rush = tx[(tx["date"] >= m.windows.start) & (tx["order_type"] == "rush")]
    _same(out["usage_rush_order_12m"], rush.groupby("customer_id").size().reindex(ids, fill_value=0).astype(float))


def test_monthly_series_and_purchase_timeline_match_the_plain_computation(messy):
    _config, _policy, tables, m = messy
    tx = tables.transactions
    t = tx[(tx["date"] >= m.windows.prev_start) & (tx["date"] <= AS_OF)]
    frame = pd.DataFrame({"customer_id": t["customer_id"].astype(str),
                          "month": t["date"].dt.to_period("M").dt.to_timestamp(), "revenue": _cents(t["amount"]),
                          "margin": _cents(t["amount"]) - _cents(t["cost"])})
    g = frame.groupby(["customer_id", "month"], sort=True)
    plain = (g["revenue"].sum() / 100).to_frame()
    plain["margin"] = g["margin"].sum() / 100
    pd.testing.assert_frame_equal(m.monthly, plain.reset_index(), check_exact=True)

    ids = m.frame.index
    rows = tx[tx["customer_id"].isin(ids) & (tx["date"] >= m.windows.start)]
    rows = rows.assign(order_type=rows["order_type"].fillna("").astype(str), cents=measures.cents(rows["amount"]))
    plain = rows.groupby(["customer_id", "date", "order_type"], sort=False)["cents"].agg(["sum", "size"])
    plain = plain.rename(columns={"sum": "amount", "size": "orders"}).reset_index()
    plain["amount"] = plain["amount"] / 100         # summed in cents: the same in any order and engine
    plain = plain.sort_values(["customer_id", "date", "order_type"], ascending=[True, False, True], kind="mergesort")
    plain = plain[plain.groupby("customer_id", sort=False).cumcount() < 5].reset_index(drop=True)
    fast = measures.timeline_purchases(tx, ids, m.windows.start, 5)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)


def test_portfolio_kpis_match_the_plain_computation(messy):
    _config, _policy, tables, m = messy
    tx = tables.transactions
    kpis = measures.portfolio_kpis(m.frame, m.previous, measures.portfolio_of(tx, m.windows), m.windows)
    assert measures.portfolio_kpis(m.frame, m.previous, measures.portfolio_of(tx, m.windows, m.customer_codes),
                                   m.windows) == kpis
    bought = tx[tx["amount"] > 0]

    def active(a, b):
        return set(bought.loc[(bought["date"] >= a) & (bought["date"] <= b), "customer_id"])

    def revenue(a, b):
        rows = tx[(tx["date"] >= a) & (tx["date"] <= b)]      # in cents, as the KPIs sum them
        return pd.Series(measures.cents(rows["amount"]), index=rows.index).groupby(rows["customer_id"]).sum()

    day = pd.Timedelta(days=1)
    was, now = active(m.windows.prev_start, m.windows.start - day), active(m.windows.start, AS_OF)
    before, after = revenue(m.windows.prev_start, m.windows.start - day), revenue(m.windows.start, AS_OF)
    assert kpis["retention_rate"][0] == len(was & now) / len(was)
    assert kpis["revenue_retention"][0] == float(after[after.index.isin(was)].sum() / before.sum())
    assert kpis["churned_customers"][0] == len(was - now)


def test_csv_is_byte_for_byte_what_pandas_writes():
    rng = random.Random(1)
    alphabet = 'ab ,"\n\r\t€é;\'x'
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(500)]
    texts[3], texts[4] = None, np.nan
    frame = pd.DataFrame({
        "float": [1.5, np.nan, -0.0, 1e16, 1e-7, np.inf, 123456789.123, 0.1 + 0.2, 2 / 3, -5.0] * 50,
        "Int64": pd.array([1, None, -3, 2 ** 62, 0] * 100, dtype="Int64"),
        "int": np.arange(500) * -7,
        "bool": [True, False] * 250,
        "str": pd.Series(texts, dtype="str"),
        "object": texts,
        "mixed": [True, None, np.float64(1.5), 2.5, "a,b", np.nan, pd.NA, 3, 'q"', "é"] * 50,
        'a "quoted", name': ["x"] * 500,
    })
    import pyarrow as pa

    plain = [t if isinstance(t, str) else None for t in texts]
    chunked = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([plain[:250], plain[250:]])), dtype="str")
    assert isinstance(pa.array(chunked, from_pandas=True), pa.ChunkedArray)   # (as read from a big file)
    for f in (frame, frame.iloc[:0], frame[["float", "str"]], frame.assign(date=pd.Timestamp("2026-01-01")),
              frame[["object"]], frame.assign(str=chunked)):
        assert exports.csv_bytes(f) == neutralised(f).to_csv(index=False, lineterminator="\n").encode("utf-8")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the CSV exports write it: a text starting with = + - @ tab or CR gets a leading
    ' (OWASP, CSV injection); numbers and other values as they are."""
    out = frame.copy()
    for i in range(len(frame.columns)):
        column = frame.iloc[:, i]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            out.isetitem(i, column.map(lambda v: "'" + v if isinstance(v, str) and v[:1] in set("=+-@\t\r") else v))
    return out


def test_exports_of_a_report_are_what_pandas_writes(messy):
    config_path, _policy, _tables, _m = messy
    report = pipeline.compute_report(config_path)
    assert exports.scores_csv(report) == exports.scores_frame(report).to_csv(
        index=False, lineterminator="\n").encode("utf-8")
    assert exports.actions_csv(report) == exports.actions_frame(report).to_csv(
        index=False, lineterminator="\n").encode("utf-8")


def test_action_texts_from_two_processes_are_the_texts_of_one(messy):
    config_path, policy, _tables, _m = messy
    report = pipeline.compute_report(config_path)
    frame = report.customers
    alone = recommendations.recommend(frame, policy, "nl", "EUR", Execution(parallel_recommendations_from=10 ** 9))
    together = recommendations.recommend(frame, policy, "nl", "EUR", Execution(parallel_recommendations_from=1))
    pd.testing.assert_frame_equal(alone, together, check_exact=True)
    assert len(alone) > 300 and alone["text"].str.len().gt(0).all()


def test_the_second_half_of_the_work_runs_in_another_process_in_order():
    # in a fresh interpreter: this one may have loaded vl_convert, after which no copy is forked
    script = ("import os\nfrom generator.model.recommendations import in_two_processes\n"
              "rows = in_two_processes(lambda items: [(i, os.getpid()) for i in items], list(range(10)))\n"
              "print([i for i, _ in rows] == list(range(10)), {p for _, p in rows[:5]} == {os.getpid()},\n"
              "      len({p for _, p in rows[5:]} - {os.getpid()}) == 1)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.stdout.split() == ["True", "True", "True"], run.stderr


def test_text_conditions_give_the_same_on_text_and_object_columns():
    names = {"segment": "text", "contract": "text", "revenue_12m": "number"}
    values = ["fix", None, "core", "fix", "", "kern's", "fix"]
    as_text = pd.DataFrame({"segment": pd.Series(values, dtype="str"), "contract": pd.Series(values[::-1], dtype="str"),
                            "revenue_12m": [1.0, np.nan, 3, -1, 0, 5, 2]})
    as_object = as_text.assign(segment=pd.Series(values, dtype=object), contract=pd.Series(values[::-1], dtype=object))
    as_category = as_text.assign(segment=as_text["segment"].astype("category"))
    for text in ("segment == 'fix'", "'fix' != segment", "segment in ['core', 'fix']", "segment not in ['']",
                 "segment >= 'd'", "segment == contract", "revenue_12m > 1 and segment != 'core'",
                 "2 <= revenue_12m", "segment is missing or contract == 'fix'"):
        cond = conditions.parse(text, names)
        expected = cond.evaluate(as_object)
        pd.testing.assert_series_equal(cond.evaluate(as_text), expected)
        pd.testing.assert_series_equal(cond.evaluate(as_category), expected)
