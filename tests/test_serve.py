"""``klantwaarde serve``: rebuilds when an input changes, and a broken input never takes the report away.

The real command runs in a subprocess on 127.0.0.1 with a free port; the
tests edit the files of a small project the way a user saves them in an
editor, and read what the server then serves (and, with Chromium, what an
open browser tab shows). Every wait is bounded.
"""
from __future__ import annotations

import csv
import io
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from test_browser import browser  # noqa: F401 — the Chromium fixture (skips or fails as it says)

TIMEOUT = 90  # seconds for any one rebuild to be served (a small project builds in a few)


class Served:
    """``klantwaarde serve --port 0`` in a subprocess, with its terminal output collected."""

    def __init__(self, project: Path):
        self.project = project
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--config", str(project / "config.yaml"), "--port", "0"],
            cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for_line(r"serving (http://127\.0\.0\.1:\d+/)")
        self.url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)

    def _read(self):
        for line in self.process.stderr:
            self._queue.put(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = TIMEOUT) -> str:
        """The next terminal line matching ``pattern`` (earlier lines are kept in self.lines)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.lines.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r}; the terminal said:\n" + "\n".join(self.lines))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def state(self) -> dict:
        return json.loads(self.get("/__klantwaarde/version")[1])

    def wait_for_version(self, after: int) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            state = self.state()
            if state["version"] > after:
                return state
            time.sleep(0.2)
        raise AssertionError(f"no rebuild after version {after}; the terminal said:\n" + "\n".join(self.lines))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def served(small_project):
    server = Served(small_project)
    yield server
    server.stop()


def save(path: Path, text: str) -> None:
    """Write as an editor does, and make sure the modification time moves even on a coarse clock."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def customer_page(served: Served, customer_id: str) -> str:
    rows = csv.DictReader(io.StringIO(served.get("scores.csv")[1]))
    return next(r["page"] for r in rows if r["customer_id"] == customer_id)


def test_serve_rebuilds_on_a_data_change_and_keeps_the_last_good_site_after_a_broken_policy(served):
    project = served.project
    first = served.state()
    assert first["ok"] and first["problems"] == []
    status, page = served.get("/")
    assert status == 200 and "<title>" in page
    assert page.count('<script src="/__klantwaarde/reload.js?v=') == 1  # the reload hook: served pages only
    a_page = customer_page(served, "A")
    assert "Alfa &amp; Zn. &lt;BV&gt;" in served.get(a_page)[1]

    # a data file changes: the site is rebuilt with the new data
    save(project / "customers.csv", (project / "customers.csv").read_text(encoding="utf-8")
         .replace("Alfa & Zn. <BV>", "Alfa Verpakkingen"))
    rebuilt = served.wait_for_version(first["version"])
    assert rebuilt["ok"]
    assert "Alfa Verpakkingen" in served.get(a_page)[1]
    assert served.wait_for_line(r"customers\.csv changed")
    assert served.wait_for_line(r"^klantwaarde: 5 customers, .* → http://127\.0\.0\.1:")

    # the policy breaks: the error is reported, in the page state and the terminal, and the last good site stays
    policy = (project / "policy.yaml").read_text(encoding="utf-8")
    save(project / "policy.yaml", policy.replace('when: "net_profit_12m < 0"', 'when: "net_proft_12m < 0"'))
    broken = served.wait_for_version(rebuilt["version"])
    assert not broken["ok"]
    assert any("policy.yaml" in p and "net_proft_12m" in p for p in broken["problems"])
    assert served.wait_for_line(r"^error: policy\.yaml:\d+.*net_proft_12m")
    assert served.wait_for_line(r"still serving the last good report")
    status, page = served.get(a_page)
    assert status == 200 and "Alfa Verpakkingen" in page

    # fixed again: served as before
    save(project / "policy.yaml", policy)
    fixed = served.wait_for_version(broken["version"])
    assert fixed["ok"] and fixed["problems"] == []

    # a preview writes nothing: no site folder, no history of drafts
    assert not (project / "site").exists()
    assert not (project / ".klantwaarde").exists()
    assert served.stop() == 0
    assert served.wait_for_line(r"klantwaarde: stopped", timeout=5)


def test_serve_starts_on_a_broken_policy_and_shows_the_problems_until_it_is_fixed(small_project):
    policy = (small_project / "policy.yaml").read_text(encoding="utf-8")
    (small_project / "policy.yaml").write_text(policy.replace("segments:", "segmints:", 1), encoding="utf-8")
    served = Served(small_project)
    try:
        state = served.state()
        assert not state["ok"] and any("policy.yaml" in p for p in state["problems"])
        status, page = served.get("/")
        assert status == 503 and "policy.yaml" in page and "/__klantwaarde/reload.js" in page
        save(small_project / "policy.yaml", policy)
        assert served.wait_for_version(state["version"])["ok"]
        assert served.get("/")[0] == 200
    finally:
        assert served.stop() == 0


def test_a_busy_port_is_an_input_error(small_project):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "generator", "serve", "--config",
                              str(small_project / "config.yaml"), "--port", str(port)],
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert f"error: --port: cannot serve on 127.0.0.1:{port}" in run.stderr


def test_an_open_browser_tab_reloads_after_a_change_and_shows_a_failed_build(browser, served):  # noqa: F811
    project = served.project
    page = browser.new_page()
    try:
        a_page = customer_page(served, "A")
        page.goto(served.url + a_page)
        assert "Alfa & Zn. <BV>" in page.locator("h1").first.inner_text()
        page.evaluate("window.__notReloaded = true")

        save(project / "customers.csv", (project / "customers.csv").read_text(encoding="utf-8")
             .replace("Alfa & Zn. <BV>", "Alfa Verpakkingen"))
        page.wait_for_function("() => !window.__notReloaded && document.querySelector('h1')"
                               " && document.querySelector('h1').textContent.includes('Alfa Verpakkingen')",
                               timeout=TIMEOUT * 1000)

        policy = (project / "policy.yaml").read_text(encoding="utf-8")
        save(project / "policy.yaml", policy.replace('when: "net_profit_12m < 0"', 'when: "net_proft_12m < 0"'))
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=TIMEOUT * 1000)
        assert "net_proft_12m" in alert.inner_text()
        assert "Alfa Verpakkingen" in page.locator("h1").first.inner_text()  # the last good report, under it
    finally:
        page.close()
