"""The benchmark: build synthetic data sets of growing size and print figures.

    python benchmarks/run.py                 # 1k, 10k and 100k customers
    python benchmarks/run.py --sizes 1000    # one size

Per size it prints the time per stage (read, measures, model fit, scores,
render, write), customer pages per second of the whole build (raw data to
finished site), peak memory (RSS) and output size, then a rebuild with
unchanged inputs; beside it, Hugo (Debian package 'hugo') builds the same
number of plain pages — one Markdown file per customer with a title and a
12-row table, minimal layouts, taxonomies, RSS and sitemap off — and the
ratio of our pages per second to Hugo's is printed. Each build runs in its
own process so peak memory is that build's alone. Data sets are generated
once into benchmarks/data/ (seeded) and reused.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PY = sys.executable


def ensure_data(customers: int) -> Path:
    target = DATA / f"{customers}"
    if not (target / "config.yaml").exists():
        from generate import generate  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

        started = time.perf_counter()
        counts = generate(customers, target)
        print(f"  generated {counts} in {time.perf_counter() - started:.1f} s", flush=True)
    return target


CHILD = r"""
import json, resource, sys, time
started = time.perf_counter()
from generator import future, pipeline
marks = []
fit = [0.0]
real_fit = future.future_value
def timed_fit(*a, **k):
    t = time.perf_counter(); r = real_fit(*a, **k); fit[0] += time.perf_counter() - t; return r
future.future_value = timed_fit
def progress(stage):
    marks.append((stage, time.perf_counter()))
result = pipeline.build(sys.argv[1], sys.argv[2], progress=progress)
end = time.perf_counter()
marks.append(("end", end))
stages = {"import+config": marks[0][1] - started}
for (name, t0), (_, t1) in zip(marks, marks[1:]):
    stages[name] = stages.get(name, 0.0) + (t1 - t0)
stages["model fit"] = fit[0]
stages["measures"] = stages.get("measures", 0.0) - fit[0]
print(json.dumps({"stages": stages, "total": end - started, "customers": len(result.report.customers),
                  "files": result.files, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_build(config: Path, out: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.run([PY, "-c", CHILD, str(config), str(out)], capture_output=True, text=True, cwd=HERE.parent)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    figures["bytes"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return figures


def hugo_pages_per_second(n: int, work: Path) -> float | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        print("  hugo not found: install the Debian package 'hugo' for the comparison", flush=True)
        return None
    site = work / "hugo"
    if site.exists():
        shutil.rmtree(site)
    (site / "content" / "customers").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "http://localhost/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        "[markup.goldmark.renderer]\nunsafe = false\n", encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n")
    (site / "layouts" / "_default" / "list.html").write_text(
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
    rows = "\n".join(f"| 2025-{m:02d} | {1000 + m * 17} | {300 + m * 5} |" for m in range(1, 13))
    body = "| maand | omzet | marge |\n|---|---|---|\n" + rows + "\n"
    for i in range(n):
        (site / "content" / "customers" / f"c{i:06d}.md").write_text(f'---\ntitle: "Klant {i}"\n---\n\n{body}', encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([hugo, "--quiet", "--source", str(site), "--destination", str(site / "public")], check=True)
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    work = HERE / "data" / "work"
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        print(f"\n== {n:,} customers", flush=True)
        project = ensure_data(n)
        out = work / f"site-{n}"
        if out.exists():
            shutil.rmtree(out)
        full = run_build(project / "config.yaml", out)
        again = run_build(project / "config.yaml", out)
        hugo = hugo_pages_per_second(n, work)
        ours = full["customers"] / full["wall"]
        tx_rows = sum(1 for _ in open(project / "data" / "transacties.csv", encoding="utf-8")) - 1
        for name, secs in full["stages"].items():
            print(f"  {name:<16} {secs:7.2f} s")
        print(f"  whole build      {full['wall']:7.2f} s  ({tx_rows:,} transactions)")
        print(f"  pages/s          {ours:9.0f}" + (f"   hugo {hugo:9.0f}/s   ratio {ours / hugo:5.2f}" if hugo else ""))
        print(f"  peak RSS         {full['rss_mb']:7.0f} MB")
        print(f"  output           {full['bytes'] / 1e6:7.1f} MB in {full['files']} files")
        print(f"  rebuild          {again['wall']:7.2f} s  ({again['wall'] / full['wall']:.0%} of the full build)")
        rows.append((n, tx_rows, full["wall"], ours, hugo, full["rss_mb"], full["bytes"], again["wall"]))
    print("\n| customers | transactions | build (s) | pages/s | Hugo pages/s | ratio | peak RSS (MB) | output (MB) | rebuild (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, tx, wall, ours, hugo, rss, size, again in rows:
        ratio = f"{ours / hugo:.2f}" if hugo else "—"
        hugo_s = f"{hugo:.0f}" if hugo else "—"
        print(f"| {n:,} | {tx:,} | {wall:.1f} | {ours:.0f} | {hugo_s} | {ratio} | {rss:.0f} | {size / 1e6:.1f} | {again:.1f} |")


if __name__ == "__main__":
    main()
