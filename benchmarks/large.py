"""The large-base benchmark (issue 18): 1M customers / ~50M invoice lines as Parquet.

    python benchmarks/large.py generate                 # benchmarks/data/large (once, seeded; ~5 min)
    python benchmarks/large.py summary                  # 50M rows -> per-customer rows, DuckDB
    python benchmarks/large.py summary --parts 2        # the first 2 of 20 parts (~5M rows)
    python benchmarks/large.py read                     # the same through the real read, compute: database
    python benchmarks/large.py pandas --parts 2         # today's pandas path on the same rows
    python benchmarks/large.py build                    # the whole report, pages for ~100k customers
    python benchmarks/large.py postgres --parts 2       # the transactions from a local Postgres

The data are the generator's (benchmarks/generate.py) in 20 parts of 50,000 customers each,
every part seeded on its own; the transactions are one Parquet file per part
(``data/transacties/part-NN.parquet``), the other tables one file each.

Each measurement runs in a child process, so its peak memory (the whole process tree's RSS,
sampled every 50 ms) is its own:

- ``summary``: the stage the issue's target is about — invoice lines to one row per customer
  (generator/inputs/aggregate.py's summary and monthly series, money in integer cents) in
  embedded DuckDB through ibis, reading the Parquet files where they are, as the real read does it
  (generator/inputs/connections.py: the rows typed once into Parquet per bucket of customers, then
  each bucket's days, invoices, summary and months).
- ``read``: the real read with ``compute: database`` (generator/inputs/sources.py through
  connections.summarise: every per-customer figure, the timeline and the data-quality counts
  computed in DuckDB, no transaction row pulled), then the measures.
- ``pandas``: today's path for files: every table read, typed and checked in pandas
  (generator/inputs/sources.py) and the measures computed (generator/model/measures.py).
- ``build``: ``klantwaarde build`` on the whole set, with ``pages:`` choosing about 100,000 customer
  pages, printing the time per stage.
- ``postgres``: a Postgres server of its own (Debian's package: initdb + pg_ctl on 127.0.0.1, as
  the tests start it) holding the transactions of the first parts, loaded by ADBC; then whole
  builds with ``compute: local`` (the needed columns pulled by binary COPY) and ``database``.

A child may be given a memory ceiling (``--max-gb``, RLIMIT_AS): a path that needs more ends
there with MemoryError and the figures say so, instead of taking the machine down.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import ENV, PY, communicate  # noqa: E402

DATA = HERE / "data" / "large"
PARTS, PER_PART = 20, 50_000

#: the project's config.yaml: the sample's column mapping, the tables as Parquet
CONFIG = """\
title: Klantwaarde, 1M customers (benchmark)
language: nl
currency: EUR
as_of: 2026-06-30
policy: policy.yaml
output: site
history: .klantwaarde/history
data:
  transactions:
    path: {transactions}
    columns: {{customer_id: Klantnummer, date: Factuurdatum, amount: Bedrag excl. BTW, cost: Kostprijs,
              order_type: Ordersoort, invoice_id: Factuurnummer, due_date: Vervaldatum,
              paid_date: Betaaldatum, quantity: Aantal}}
{compute}  customers:
    path: data/klanten.parquet
    columns: {{customer_id: Klantnummer, name: Naam, since: Klant sinds, account_manager: Accountmanager,
              sector: Sector, region: Regio, contract: Contract, language: Taal}}
  interactions:
    path: data/contactmomenten.parquet
    columns: {{customer_id: Klantnummer, date: Datum, kind: Soort, minutes: Minuten, severity: Ernst,
              direction: Richting}}
  assessments:
    path: data/beoordelingen.parquet
    columns: {{customer_id: Klantnummer, date: Datum, knowledge: Kennis, pleasure: Plezier, network: Netwerk,
              prestige: Prestige, potential: Potentie}}
  feedback:
    path: data/feedback.parquet
    columns: {{customer_id: Klantnummer, date: Datum, nps: NPS}}
{pages}"""

#: about one customer in ten gets a page: the ones with the most revenue in the last 12 months
PAGES = 'pages: "revenue_12m >= {cut}"\n'


def generate(out: Path = DATA) -> dict[str, int]:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    from generate import tables, write_project

    (out / "data" / "transacties").mkdir(parents=True, exist_ok=True)
    rest: dict[str, list] = {}
    invoices, counts = 1, {"customers": 0, "transactions": 0}
    for part in range(PARTS):
        frames = tables(PER_PART, seed=1000 + part, first=1 + part * PER_PART, first_invoice=invoices)
        tx = frames.pop("transacties")
        invoices += len(tx)
        for col in ("Factuurdatum", "Vervaldatum", "Betaaldatum"):
            tx[col] = tx[col].dt.date
        pq.write_table(pa.Table.from_pandas(tx, preserve_index=False),
                       out / "data" / "transacties" / f"part-{part:02d}.parquet", row_group_size=500_000)
        counts["transactions"] += len(tx)
        counts["customers"] += PER_PART
        for name, frame in frames.items():
            rest.setdefault(name, []).append(frame)
        print(f"  part {part + 1}/{PARTS}: {counts['transactions']:,} rows", flush=True)
    for name, frames in rest.items():
        frame = pd.concat(frames, ignore_index=True)
        for col in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = frame[col].dt.date
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), out / "data" / f"{name}.parquet")
        counts[name] = len(frame)
    write_project(out, "data/")
    config(out, parts=PARTS)
    return counts


def config(out: Path, parts: int, compute: str | None = None, pages: str = "") -> Path:
    """Write config.yaml for the first ``parts`` parts: their transactions, and the other tables
    cut to their customers (written once into data/first-N/)."""
    if not 1 <= parts <= PARTS:
        raise SystemExit(f"--parts: 1-{PARTS}")
    folder = "data"
    if parts < PARTS:
        folder = f"data/first-{parts}"
        subset(out, parts)
    text = CONFIG.format(transactions="data/transacties/*.parquet", compute=f"    compute: {compute}\n"
                         if compute else "", pages=pages).replace("path: data/", f"path: {folder}/")
    path = out / f"config-{parts}{'-' + compute if compute else ''}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def subset(out: Path, parts: int) -> None:
    """data/first-N: links to the first N parts' transactions, the other tables cut to their customers."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    target = out / "data" / f"first-{parts}"
    if (target / "feedback.parquet").exists():
        return
    (target / "transacties").mkdir(parents=True, exist_ok=True)
    for f in sorted((out / "data" / "transacties").glob("*.parquet"))[:parts]:
        link = target / "transacties" / f.name
        if not link.exists():
            link.symlink_to(f)
    last = f"C{parts * PER_PART:06d}"
    for name in ("klanten", "contactmomenten", "beoordelingen", "feedback"):
        table = pq.read_table(out / "data" / f"{name}.parquet")
        pq.write_table(table.filter(pc.less_equal(table["Klantnummer"], last)), target / f"{name}.parquet")


SUMMARY = r"""
import json, sys, time, datetime as dt
t0 = time.perf_counter()
import ibis
from generator.inputs import aggregate, connections, storage
imported = time.perf_counter()
con = ibis.duckdb.connect(**storage.duckdb_config())
arg = sys.argv[1]
rel = con.read_parquet(json.loads(arg) if arg.startswith("[") else arg)
typed = aggregate.typed(rel, {"customer_id": "Klantnummer", "date": "Factuurdatum", "amount": "Bedrag excl. BTW",
                              "cost": "Kostprijs", "invoice_id": "Factuurnummer"})
spans = aggregate.Spans.ending(dt.date(2026, 6, 30))
buckets = connections._buckets(rel, "duckdb")
made = []
if buckets == 1:
    parts = [connections._temporary(con, typed, made)]
else:
    folder = connections._partitioned(con, typed, buckets)
    parts = connections._parts(con, folder)
staged = time.perf_counter()
frames, months = [], []
for part in parts:
    own = [] if buckets == 1 else [connections._temporary(con, part, made)]
    rows = aggregate.usable(own[0] if own else part)
    per_day = connections._temporary(con, aggregate.days(rows, spans), made, "days")
    per_invoice = connections._temporary(con, aggregate.invoices(rows, spans), made, "invoices")
    frames.append(aggregate.summary(rows, spans, per_day, per_invoice).to_pyarrow())
    months.append(aggregate.monthly(rows, spans, per_day).to_pyarrow())
    connections._drop(con, made)
    made.clear()
frame = connections._joined(frames, ("customer_id",))
monthly = connections._joined(months, None)
end = time.perf_counter()
print(json.dumps({"import": imported - t0, "typed": staged - imported, "buckets": buckets,
                  "per_customer": end - staged, "customers": len(frame), "rows": int(frame["rows"].sum()),
                  "monthly_rows": len(monthly)}))
"""

PANDAS = r"""
import json, sys, time
t0 = time.perf_counter()
from generator.inputs.config import load_config
from generator.inputs.policy import load_policy
from generator.inputs import sources
from generator.model import measures
config = load_config(sys.argv[1])
policy = load_policy(config.policy, config.display(config.policy))
imported = time.perf_counter()
tables = sources.read_tables(config, policy)
read = time.perf_counter()
m = measures.compute_measures(tables, policy, tables.as_of)
end = time.perf_counter()
rows = len(tables.transactions) if tables.transactions is not None else int(tables.summary.counts["rows"])
print(json.dumps({"import": imported - t0, "read": read - imported, "measures": end - read,
                  "customers": len(m.frame), "rows": rows}))
"""


def child(code: str, args: list[str], max_gb: float | None) -> dict:
    """Run ``code`` in a child Python; its figures, wall time and peak tree RSS (MB)."""
    def limit():
        if max_gb:
            size = int(max_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    started = time.perf_counter()
    proc = subprocess.Popen([PY, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=HERE.parent, env=ENV, preexec_fn=limit)
    stdout, stderr, peak = communicate(proc)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {"wall": round(time.perf_counter() - started, 2), "peak_mb": round(peak),
               "cpu_total_s": round(usage.ru_utime + usage.ru_stime, 1)}
    if proc.returncode != 0:
        last = (stderr.strip().splitlines() or ["?"])[-1]
        figures["failed"] = last[:300]
        return figures
    figures.update({k: round(v, 2) if isinstance(v, float) else v
                    for k, v in json.loads(stdout.strip().splitlines()[-1]).items()})
    return figures


def postgres(parts: int, cut: float | None) -> None:
    """Whole builds with the first ``parts`` parts' transactions in a Postgres server of this run."""
    import glob as globbing
    import os
    import shutil
    import socket
    import tempfile

    import pyarrow.parquet as pq
    from adbc_driver_postgresql import dbapi

    def binary(name: str) -> str:
        found = shutil.which(name) or (sorted(globbing.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [None])[-1]
        if not found:
            raise SystemExit("Postgres is not installed (Debian: apt-get install postgresql)")
        return found

    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    home = Path(tempfile.mkdtemp(prefix="klantwaarde-bench-pg-"))
    if as_root:
        shutil.chown(home, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    user = "postgres" if as_root else os.environ.get("USER", "postgres")
    subprocess.run(prefix + [binary("initdb"), "-D", str(home / "data"), "-U", user, "--auth=trust", "-E", "UTF8",
                             "--locale=C"], check=True, capture_output=True)
    subprocess.run(prefix + [binary("pg_ctl"), "-D", str(home / "data"), "-l", str(home / "log"), "-w", "-o",
                             f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    url = f"postgresql://{user}@127.0.0.1:{port}/postgres"
    try:
        files = sorted((DATA / "data" / "transacties").glob("*.parquet"))[:parts]
        started = time.perf_counter()
        with dbapi.connect(url) as con, con.cursor() as cur:
            for i, f in enumerate(files):
                cur.adbc_ingest("transacties", pq.read_table(f), mode="append" if i else "create")
            con.commit()
        print(json.dumps({"loaded_s": round(time.perf_counter() - started, 1)}), flush=True)
        os.environ["KLANTWAARDE_BENCH_DB"] = url
        for compute in ("local", "database"):
            path = config(DATA, parts, compute, PAGES.format(cut=cut if cut is not None else 20000.0))
            text = re.sub(r"    path: data/transacties/[^\n]+\n",
                          "    connection: env:KLANTWAARDE_BENCH_DB\n    table: transacties\n",
                          path.read_text(encoding="utf-8"), count=1)
            path.write_text(text, encoding="utf-8")
            from run import run_build

            figures = run_build(path, DATA / f"site-pg-{compute}")
            print(json.dumps({"compute": compute, **{k: (round(v, 2) if isinstance(v, float) else v)
                                                      for k, v in figures.items()}}), flush=True)
    finally:
        subprocess.run(prefix + [binary("pg_ctl"), "-D", str(home / "data"), "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["generate", "summary", "read", "pandas", "build", "postgres"])
    parser.add_argument("--parts", type=int, default=PARTS, help="how many of the 20 parts (50k customers each)")
    parser.add_argument("--max-gb", type=float, default=None, help="memory ceiling of the child (RLIMIT_AS)")
    parser.add_argument("--compute", default="database", help="build: the transactions' compute:")
    parser.add_argument("--cut", type=float, default=None, help="build: pages for revenue_12m >= this")
    args = parser.parse_args()
    if args.what == "generate":
        started = time.perf_counter()
        print(generate(), f"{time.perf_counter() - started:.0f} s")
        return
    if not (DATA / "data" / "transacties").is_dir():
        raise SystemExit("no data yet: python benchmarks/large.py generate")
    if args.what == "summary":
        files = sorted((DATA / "data" / "transacties").glob("*.parquet"))[:args.parts]
        glob = str(DATA / "data" / "transacties" / "*.parquet") if args.parts >= PARTS else [str(f) for f in files]
        print(json.dumps(child(SUMMARY, [json.dumps(glob) if isinstance(glob, list) else glob], args.max_gb)))
    elif args.what == "pandas":
        compute = None if args.compute == "database" else args.compute      # pandas: the local path by default
        print(json.dumps(child(PANDAS, [str(config(DATA, args.parts, compute))], args.max_gb)))
    elif args.what == "read":
        print(json.dumps(child(PANDAS, [str(config(DATA, args.parts, "database"))], args.max_gb)))
    elif args.what == "postgres":
        postgres(args.parts, args.cut)
    else:
        cut = args.cut if args.cut is not None else 20000.0
        path = config(DATA, args.parts, args.compute, PAGES.format(cut=cut))
        from run import run_build

        figures = run_build(path, DATA / "site")
        print(json.dumps({k: (round(v, 2) if isinstance(v, float) else v) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
