"""Seeded synthetic customer data at any size, for the benchmark.

    python benchmarks/generate.py --customers 100000 --out benchmarks/data/100k

Writes a klantwaarde project (config.yaml, policy.yaml and the five tables as
Dutch-style CSV: ';' separator, decimal comma, dd-mm-yyyy) whose shape
resembles a wholesaler: customer sizes are log-normal, purchase rates vary per
customer (gamma), some customers churn (exponential lifetimes), orders follow
a seasonal pattern (busy Q4, quiet summer), some orders are rush or custom,
invoices are paid on time or late, and there are support calls, complaints,
meetings, assessments and NPS answers. Everything is vectorised with numpy,
so 100,000 customers with ~50 transactions each take well under a minute.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

AS_OF = pd.Timestamp("2026-06-30")
START = pd.Timestamp("2023-07-01")          # three years of history
SEASON = np.array([0.8, 0.85, 0.95, 1.0, 1.0, 0.9, 0.7, 0.6, 1.0, 1.15, 1.35, 1.5])  # Jan..Dec
SECTORS = np.array(["Retail", "Voeding", "Onderwijs", "Overheid", "Zorg", "Horeca", "Cultuur", "Marketing"])
REGIONS = np.array(["Noord-Holland", "Zuid-Holland", "Utrecht", "Gelderland", "Noord-Brabant", "Overijssel", "Limburg", "Groningen"])
MANAGERS = np.array(["Sanne de Vries", "Joost Bakker", "Ingrid Bos", "Mehmet Yilmaz", "Anouk Visser", "Pieter Jansen"])
CONTRACTS = np.array(["raamcontract", "standaard", "prepaid"])
ROOT = Path(__file__).resolve().parent.parent


def generate(customers: int, out: Path, seed: int = 42, tx_per_customer: float = 50.0) -> dict[str, int]:
    """Write the project for ``customers`` customers into ``out``; return row counts."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    frames = tables(customers, seed, tx_per_customer)
    dates = {"Factuurdatum", "Vervaldatum", "Betaaldatum", "Klant sinds", "Datum"}
    for name, frame in frames.items():
        frame = frame.copy()
        for col in dates & set(frame.columns):
            if pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = frame[col].dt.strftime("%d-%m-%Y").fillna("")
        _write(frame, out / "data" / f"{name}.csv")
    write_project(out, "data/")
    return {"customers": customers, "transactions": len(frames["transacties"]),
            "interactions": len(frames["contactmomenten"]), "assessments": len(frames["beoordelingen"]),
            "feedback": len(frames["feedback"])}


def write_project(out: Path, data: str, ext: str = ".csv") -> None:
    """The policy and a config.yaml naming the tables under ``data`` (a folder, with a slash)."""
    shutil.copy(ROOT / "content" / "policy.yaml", out / "policy.yaml")
    config = (ROOT / "config.yaml").read_text(encoding="utf-8")
    config = config.replace("content/policy.yaml", "policy.yaml").replace("content/data/", data)
    config = config.replace("encoding: cp1252", "encoding: utf-8")
    if ext != ".csv":
        config = config.replace(".csv", ext)
    (out / "config.yaml").write_text(config, encoding="utf-8")


def tables(customers: int, seed: int = 42, tx_per_customer: float = 50.0, first: int = 1,
           first_invoice: int = 1) -> dict[str, pd.DataFrame]:
    """The five tables for ``customers`` customers numbered from ``first`` (invoices from
    ``first_invoice``), typed: dates as timestamps (an unpaid invoice's payment date missing)."""
    rng = np.random.default_rng(seed)
    n = customers
    ids = np.char.add("C", np.char.zfill(np.arange(first, first + n).astype(str), 6))
    days_total = (AS_OF - START).days + 1

    # --- customers: start day, lifetime (churn), size, purchase rate -------------
    start_day = rng.integers(-400, days_total - 30, n).clip(0)           # many start before the data
    churn = rng.random(n) < 0.25
    life = np.where(churn, rng.exponential(400, n), np.inf)
    end_day = np.minimum(start_day + life, days_total - 1)
    active_days = np.maximum(end_day - start_day, 1)
    rate = rng.gamma(2.0, tx_per_customer / 2.0, n) / days_total          # orders per day
    expected = rate * active_days
    # scale to tx_per_customer on average after the seasonal thinning below
    expected *= tx_per_customer / expected.mean() / (SEASON.mean() / SEASON.max())
    counts = rng.poisson(expected)
    counts = np.maximum(counts, 1)
    size = rng.lognormal(6.0, 0.9, n)                                     # typical order value

    # --- transactions, all at once ---------------------------------------------------
    cust = np.repeat(np.arange(n), counts)
    m = len(cust)
    day = start_day[cust] + rng.random(m) * (end_day[cust] - start_day[cust])
    # seasonality by thinning: keep with probability season(month) / max
    dates = START + pd.to_timedelta(day.astype(int), unit="D")
    keep = rng.random(m) < SEASON[dates.month.to_numpy() - 1] / SEASON.max()
    cust, dates = cust[keep], dates[keep]
    m = len(cust)
    kind = rng.choice(np.array(["standard", "rush", "custom"]), m, p=[0.84, 0.1, 0.06])
    amount = np.round(size[cust] * rng.lognormal(0, 0.5, m), 2)
    credit = rng.random(m) < 0.005
    amount = np.where(credit, -np.round(amount * 0.3, 2), amount)
    margin_rate = np.where(kind == "rush", 0.18, np.where(kind == "custom", 0.4, 0.32)) + rng.normal(0, 0.04, m)
    cost = np.where(credit, 0.0, np.round(amount * (1 - margin_rate), 2))
    due = dates + pd.Timedelta(days=30)
    lateness = np.where(rng.random(m) < 0.8, rng.integers(-10, 3, m), rng.integers(3, 60, m))
    paid = due + pd.to_timedelta(lateness, unit="D")
    unpaid = (paid > AS_OF) | (rng.random(m) < 0.002)
    order = np.argsort(dates.to_numpy(), kind="stable")
    tx = pd.DataFrame({
        "Factuurnummer": np.char.add("F", np.arange(first_invoice, first_invoice + m).astype(str)),
        "Klantnummer": ids[cust][order],
        "Factuurdatum": dates[order],
        "Vervaldatum": due[order],
        "Betaaldatum": paid[order].where(~unpaid[order]),
        "Ordersoort": kind[order],
        "Aantal": rng.integers(1, 50, m)[order] * 100,
        "Bedrag excl. BTW": amount[order],
        "Kostprijs": cost[order],
    })
    frames = {"transacties": tx}

    # --- customers table ----------------------------------------------------------------
    since = START + pd.to_timedelta(start_day, unit="D") - pd.to_timedelta(rng.integers(0, 2000, n) * (start_day == 0), unit="D")
    frames["klanten"] = pd.DataFrame({
        "Klantnummer": ids,
        "Naam": np.char.add("Klant ", np.arange(1, n + 1).astype(str)),
        "Klant sinds": since,
        "Accountmanager": rng.choice(MANAGERS, n),
        "Sector": rng.choice(SECTORS, n),
        "Regio": rng.choice(REGIONS, n),
        "Contract": rng.choice(CONTRACTS, n, p=[0.3, 0.55, 0.15]),
        "Taal": np.where(rng.random(n) < 0.1, "en", "nl"),
        "Contactpersoon": "",     # mapped by the sample's config.yaml (contact_name); no names made up
    })

    # --- interactions: ~6 per customer ------------------------------------------------------
    k = rng.poisson(6, n)
    ic = np.repeat(np.arange(n), k)
    q = len(ic)
    iday = start_day[ic] + rng.random(q) * (end_day[ic] + 60 - start_day[ic])
    iday = np.minimum(iday, days_total - 1)
    ikind = rng.choice(np.array(["support", "call", "email", "meeting", "complaint", "visit", "review", "incident"]), q,
                       p=[0.4, 0.2, 0.15, 0.1, 0.07, 0.04, 0.035, 0.005])
    minutes = np.where(np.isin(ikind, ["support", "call"]), rng.integers(5, 90, q), 0)
    idates = START + pd.to_timedelta(iday.astype(int), unit="D")
    io = np.argsort(idates.to_numpy(), kind="stable")
    frames["contactmomenten"] = pd.DataFrame({
        "Klantnummer": ids[ic][io], "Datum": idates[io], "Soort": ikind[io],
        "Minuten": np.where(minutes[io] > 0, minutes[io].astype(str), ""),
        "Ernst": np.where(np.isin(ikind[io], ["complaint", "incident"]), rng.integers(1, 4, q)[io].astype(str), ""),
        "Notitie": "",
        # who reached out (the sample's config maps it to direction): we call, mail, meet, visit and
        # review; the customer asks for support, complains or causes an incident (no draw: the
        # other columns stay as they were generated before)
        "Richting": np.where(np.isin(ikind[io], ["support", "complaint", "incident"]), "inkomend", "uitgaand"),
    })

    # --- assessments for 80 %, feedback for 40 % ---------------------------------------------
    assessed = np.flatnonzero(rng.random(n) < 0.8)
    scores = np.clip(np.round(rng.normal(3, 1, (len(assessed), 5))), 1, 5).astype(int)
    frames["beoordelingen"] = pd.DataFrame({
        "Klantnummer": ids[assessed], "Datum": pd.Timestamp("2026-03-01"),
        **{col: scores[:, i] for i, col in enumerate(["Kennis", "Plezier", "Netwerk", "Prestige", "Potentie"])},
    })
    asked = np.flatnonzero(rng.random(n) < 0.4)
    frames["feedback"] = pd.DataFrame({"Klantnummer": ids[asked], "Datum": pd.Timestamp("2026-02-15"),
                                       "NPS": rng.integers(0, 11, len(asked))})
    return frames


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=";", decimal=",", index=False, lineterminator="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(generate(args.customers, args.out, args.seed))


if __name__ == "__main__":
    main()
