"""Workers die with their parent, even after kill -9 (issue 17: ~390 MB of orphans)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]



def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG) is Linux's")
def test_render_workers_die_when_the_build_is_killed(tmp_path):
    script = tmp_path / "hold.py"
    script.write_text(
        "import os, sys\n"
        "from generator.render.workers import spawn_pool\n"
        "if __name__ == '__main__':\n"
        "    pool = spawn_pool(2)\n"
        "    list(pool.map(abs, range(8)))\n"
        "    print('ready', flush=True)\n"
        "    sys.stdin.read()\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert process.stdout.readline().strip() == "ready"
        workers = children(process.pid)
        assert len(workers) >= 2           # the two workers (and the resource tracker, if any)
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 30
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(w) for w in workers), [w for w in workers if alive(w)]
    finally:
        if process.poll() is None:
            process.kill()
