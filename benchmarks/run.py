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
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PY = sys.executable
#: the builds run as on a default Python, which keeps compiled bytecode in __pycache__ (an
#: installed wheel has it from pip); a shell with PYTHONDONTWRITEBYTECODE set would otherwise
#: recompile the package on every build (~0.1 s)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


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
from generator.model import future
from generator import pipeline
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
print(json.dumps({"stages": stages, "total": end - started, "customers": result.customers,
                  "files": result.files, "reused": result.reused,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants now (Linux /proc), in MB."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total / 1024


def communicate(proc: subprocess.Popen) -> tuple[str, str, float]:
    """Wait for ``proc``: its output and the peak RSS of its process tree (MB), sampled every 50 ms."""
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    watcher.join()
    return stdout, stderr, peak[0]


def run_build(config: Path, out: Path) -> dict:
    """One build in a child process; its peak memory is sampled over the whole process tree
    (the build and its render workers together), every 50 ms."""
    started = time.perf_counter()
    proc = subprocess.Popen([PY, "-c", CHILD, str(config), str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=HERE.parent, env=ENV)
    stdout, stderr, peak = communicate(proc)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{stderr}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    figures["tree_rss_mb"] = max(peak, figures["rss_mb"])
    files = [p for p in out.rglob("*") if p.is_file()]
    figures["bytes"] = sum(p.stat().st_size for p in files)
    pages = [p for p in (out / "customers").glob("*.html") if p.name != "index.html"]
    figures["page_kb"] = sum(p.stat().st_size for p in pages) / max(len(pages), 1) / 1024
    return figures


def cli_command() -> list[str]:
    """The command a user types: the installed 'klantwaarde' beside this Python, or the module."""
    exe = Path(PY).with_name("klantwaarde")
    return [str(exe)] if exe.exists() else [PY, "-m", "generator.cli"]


def run_cli_build(config: Path, out: Path) -> dict:
    """A build as a user (or CI) runs it: the command line, imports included."""
    command = cli_command()
    started = time.perf_counter()
    done = subprocess.run(command + ["build", "--config", str(config), "-o", str(out)], capture_output=True,
                          text=True, cwd=HERE.parent, env=ENV)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr}")
    return {"wall": wall, "reused": "unchanged inputs, site kept" in done.stderr}


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


def files_only(n: int, size_kb: float, work: Path) -> float:
    """Seconds to create ``n`` files of ``size_kb`` in a new folder of ``work`` (the same disk as
    the site) and nothing else: what writing the pages costs here before any page is made."""
    folder = work / "files-only"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "customers").mkdir(parents=True)
    data = b"x" * int(size_kb * 1024)
    started = time.perf_counter()
    for i in range(n):
        with open(folder / "customers" / f"c{i:06d}.html", "wb") as fh:
            fh.write(data)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder)
    return seconds


def sample(work: Path, runs: int = 5) -> None:
    """The embedded sample from the command line, imports included: ``runs`` full builds, each
    in a fresh folder (the median is the figure: one run on a shared virtual machine can be
    0.3 s off), then a rebuild of the last folder with unchanged inputs."""
    command = cli_command()
    config = HERE.parent / "config.yaml"
    print("\n== the embedded sample (klantwaarde build, wall time from the command)", flush=True)

    def timed(out: Path) -> float:
        started = time.perf_counter()
        subprocess.run(command + ["build", "-q", "--config", str(config), "-o", str(out)], check=True,
                       cwd=HERE.parent, env=ENV)
        return time.perf_counter() - started

    full = []
    for _ in range(runs):
        out = work / "sample"
        if out.exists():
            shutil.rmtree(out)
        full.append(timed(out))
    rebuild = timed(work / "sample")
    pages = [p for p in (work / "sample" / "customers").glob("*.html") if p.name != "index.html"]
    size = sum(p.stat().st_size for p in pages) / len(pages) / 1024
    full.sort()
    print(f"  full build       {full[len(full) // 2]:7.2f} s  (median of {runs} in a new folder; "
          f"{full[0]:.2f}–{full[-1]:.2f} s)")
    print(f"  rebuild          {rebuild:7.2f} s  (unchanged inputs)")
    print(f"  customer page    {size:7.1f} KB on average ({len(pages)} pages)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    work = HERE / "data" / "work"
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    sample(work)
    for n in args.sizes:
        print(f"\n== {n:,} customers", flush=True)
        project = ensure_data(n)
        out = work / f"site-{n}"
        if out.exists():
            shutil.rmtree(out)
        full = run_build(project / "config.yaml", out)
        again = run_cli_build(project / "config.yaml", out)
        hugo = hugo_pages_per_second(n, work)
        ours = full["customers"] / full["wall"]
        tx_rows = sum(1 for _ in open(project / "data" / "transacties.csv", encoding="utf-8")) - 1
        for name, secs in full["stages"].items():
            print(f"  {name:<16} {secs:7.2f} s")
        print(f"  whole build      {full['wall']:7.2f} s  ({tx_rows:,} transactions)")
        print(f"  pages/s          {ours:9.0f}" + (f"   hugo {hugo:9.0f}/s   ratio {ours / hugo:5.2f}" if hugo else ""))
        print(f"  peak RSS         {full['tree_rss_mb']:7.0f} MB  (build and its workers together)")
        print(f"  output           {full['bytes'] / 1e6:7.1f} MB in {full['files']} files")
        kept = "site kept as it was" if again.get("reused") else "BUILT AGAIN"
        print(f"  rebuild          {again['wall']:7.2f} s  ({again['wall'] / full['wall']:.0%} of the full build; {kept})")
        print(f"  customer page    {full['page_kb']:7.1f} KB on average")
        print(f"  files only       {files_only(n, full['page_kb'], work):7.2f} s  (creating {n:,} files of that "
              "size on this disk, one process, nothing else)")
        rows.append((n, tx_rows, full["wall"], ours, hugo, full["tree_rss_mb"], full["bytes"], again["wall"]))
    print("\n| customers | transactions | build (s) | pages/s | Hugo pages/s | ratio | peak RSS (MB) | output (MB) | rebuild (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, tx, wall, ours, hugo, rss, size, again in rows:
        ratio = f"{ours / hugo:.2f}" if hugo else "—"
        hugo_s = f"{hugo:.0f}" if hugo else "—"
        print(f"| {n:,} | {tx:,} | {wall:.1f} | {ours:.0f} | {hugo_s} | {ratio} | {rss:.0f} | {size / 1e6:.1f} | {again:.1f} |")


if __name__ == "__main__":
    main()
