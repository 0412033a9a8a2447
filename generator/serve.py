"""``klantwaarde serve``: the report on http://127.0.0.1:PORT, rebuilt whenever its inputs change.

For working on the data, the policy, the config or a theme: save a file and
the open browser tab reloads with the new report. A build that fails is shown
in the page (over the last good report, which stays served) and in the
terminal, so a typo in the policy never leaves the reader with nothing.

The site is rendered in memory, as ``klantwaarde build`` renders it, and
served from there. Nothing is written: not the output folder (a preview must
not replace the published site) and not the history (a preview is not a
report; recording drafts would make the next real build compare itself with
one of them).

The reload hook exists only in served responses: each HTML page gets one
``<script src="/__klantwaarde/reload.js?v=N">`` before ``</body>``. The
site's Content-Security-Policy allows same-origin scripts but no ``fetch``
(``connect-src 'none'``), so the hook asks for the build state by loading
``/__klantwaarde/state.js`` as a script every second, and reloads the page
when the build version is no longer the one it was served with.
``/__klantwaarde/version`` gives the same state as JSON, for scripts.

Changes are found by polling modification times (no extra dependency): the
config file, the policy, every data file its globs match, the theme folder,
the history folder and the packaged templates.
"""
from __future__ import annotations

import glob
import html
import json
import mimetypes
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from generator.errors import InputError, KlantwaardeError, Problem
from generator.inputs.config import load_config
from generator.pipeline import BuildResult, compute_report, render_files
from generator.render.site.environment import CSP
from generator.resources import templates_dir

HOST = "127.0.0.1"     # a preview of customer data is for this machine only
HOOK = "/__klantwaarde/"
POLL_SECONDS = 0.5

Echo = Callable[[str], None]


@dataclass(frozen=True)
class BuildState:
    """What is served: the last good site, and how the last build attempt went."""

    version: int = 0
    files: dict[str, bytes] | None = None        # the last good site; None before the first one
    problems: tuple[str, ...] = ()               # of the last attempt; () when it succeeded
    summary: str = ""

    def as_json(self) -> dict:
        return {"version": self.version, "ok": not self.problems, "problems": list(self.problems),
                "summary": self.summary}


def serve(config_path: str | Path, port: int = 8000, lang: str | None = None, *, echo: Echo = print,
          debug: bool = False) -> None:
    """Serve and rebuild until Ctrl+C (the ``klantwaarde serve`` command)."""
    preview = Preview(config_path, lang, port=port, echo=echo, debug=debug)
    started = False
    try:
        preview.start()  # a busy port is an InputError, raised before anything runs
        started = True
        echo(f"klantwaarde: serving {preview.url} — rebuilt when data, policy, config or templates change "
             f"(Ctrl+C to stop)")
        while preview.running:
            time.sleep(0.2)
    except KeyboardInterrupt:
        started = True
    finally:
        preview.stop()
        if started:
            echo("klantwaarde: stopped")


class Preview:
    """A site built in memory, served on 127.0.0.1 and rebuilt when a watched file changes."""

    def __init__(self, config_path: str | Path, lang: str | None = None, *, port: int = 8000,
                 echo: Echo = print, debug: bool = False, interval: float = POLL_SECONDS):
        self.config_path = Path(config_path)
        if not self.config_path.is_file():
            raise InputError(Problem(str(config_path), "config file not found",
                                     hint="pass --config PATH, or run 'klantwaarde init DIR' to create one"))
        self.lang = lang
        self.port = port
        self.echo = echo
        self.debug = debug
        self.interval = interval
        self.state = BuildState()
        self._watched: list[Path | str] = [self.config_path]
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def running(self) -> bool:
        return not self._stop.is_set()

    def start(self) -> None:
        """Take the port (fail at once when it is in use), build, then serve and watch."""
        try:
            self._server = ThreadingHTTPServer((HOST, self.port), _handler(self))
        except OSError as exc:
            raise InputError(Problem("--port", f"cannot serve on {HOST}:{self.port}: {exc.strerror or exc}",
                                     hint="stop what uses that port or choose another with --port "
                                          "(0 picks a free one)")) from None
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._watched = self._watch_list()
        before = self._fingerprint()
        self.rebuild()
        seen = self._baseline(before)
        self._threads = [threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
                                          name="klantwaarde-http", daemon=True),
                         threading.Thread(target=self._watch, args=(seen,), name="klantwaarde-watch", daemon=True)]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            if self._threads:  # shutdown() waits for serve_forever(), so only once it has run
                self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)

    def rebuild(self, changed: list[str] | None = None) -> BuildState:
        """Build once; on failure keep the last good site and report the problems."""
        if changed:
            more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
            self.echo(f"klantwaarde: {changed[0]} changed{more}, rebuilding")
        started = time.perf_counter()
        previous = self.state
        try:
            files, report = _render(self.config_path, self.lang)
        except KlantwaardeError as exc:
            problems = tuple(str(p).lstrip(": ") for p in getattr(exc, "problems", [])) or (str(exc),)
            for p in problems:
                self.echo(f"error: {p}")
            kept = "still serving the last good report" if previous.files else "nothing to serve yet"
            self.echo(f"klantwaarde: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                      f"in the input: {kept}")
            self.state = BuildState(previous.version + 1, previous.files, problems, previous.summary)
        except Exception as exc:  # a bug: say so, keep serving
            if self.debug:
                self.echo(traceback.format_exc().rstrip())
            message = f"internal error: {type(exc).__name__}: {exc}"
            self.echo(message)
            self.echo("This is a bug in klantwaarde. Run again with --debug for the traceback and report it.")
            self.state = BuildState(previous.version + 1, previous.files, (message,), previous.summary)
        else:
            result = BuildResult.of(report, self.config_path.parent, len(files), time.perf_counter() - started)
            for w in report.warnings:
                self.echo(f"warning: {w}")
            summary = result.summary(self.url)
            self.echo(summary)
            self.state = BuildState(previous.version + 1, files, (), summary)
        self._watched = self._watch_list()
        return self.state

    # ------------------------------------------------------------------ watching

    def _watch(self, seen: tuple) -> None:
        while not self._stop.wait(self.interval):
            now = self._fingerprint()
            if now == seen:
                continue
            while not self._stop.wait(self.interval):  # let an editor or an export finish writing
                settled = self._fingerprint()
                if settled == now:
                    break
                now = settled
            if self._stop.is_set():
                return
            changed = sorted({_shown(self.config_path, p) for p, *stat in set(now) ^ set(seen)})
            self.rebuild(changed)
            seen = self._baseline(now)

    def _baseline(self, before: tuple) -> tuple:
        """What to compare with after a build: files seen before it keep their state from then
        (an edit saved during the build triggers the next one); files it newly names (another
        policy, a new data glob) are taken as they are now."""
        known = {path: stat for path, *stat in before}
        return tuple((path, *known.get(path, stat)) for path, *stat in self._fingerprint())

    def _watch_list(self) -> list[Path | str]:
        """The config, and what it names: policy, data globs, theme, history; the templates."""
        watched: list[Path | str] = [self.config_path, templates_dir()]
        try:
            config = load_config(self.config_path)
        except KlantwaardeError:
            return watched + [p for p in self._watched if p not in watched]  # keep the last known list
        watched.append(config.policy)
        watched.extend(str(config.root / source.path) for source in config.data.values()  # globs
                       if source.path is not None)    # a database is not watched: a reload re-reads it
        watched.extend(p for p in (config.theme, config.history) if p is not None)
        return watched

    def _fingerprint(self) -> tuple:
        """(path, modification time, size) of every watched file; a missing file counts too."""
        stats = []
        for entry in self._watched:
            if isinstance(entry, str):
                paths = [Path(p) for p in glob.glob(entry)] or [Path(entry)]
            elif entry.is_dir():
                paths = [p for p in entry.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
            else:
                paths = [entry]
            for path in paths:
                try:
                    st = path.stat()
                    stats.append((str(path), st.st_mtime_ns, st.st_size))
                except OSError:
                    stats.append((str(path), None, None))
        return tuple(sorted(stats, key=lambda s: s[0]))


def _render(config_path: Path, lang: str | None):
    """Every file of the site, as ``klantwaarde build`` would write it, and its Report."""
    report = compute_report(config_path, lang)
    return render_files(report), report


def _shown(config_path: Path, path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(config_path.resolve().parent))
    except ValueError:
        return path


# --------------------------------------------------------------------------- HTTP

def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "klantwaarde"

        def do_GET(self):  # noqa: N802 (http.server's naming)
            self._respond(head=False)

        def do_HEAD(self):  # noqa: N802
            self._respond(head=True)

        def _respond(self, head: bool) -> None:
            refused = self._refused()
            if refused:
                return self._send(403, "text/plain", refused.encode(), head)
            state = preview.state
            path = unquote(urlsplit(self.path).path)
            if path.startswith(HOOK):
                name = path[len(HOOK):]
                if name == "version":
                    return self._send(200, "application/json", json.dumps(state.as_json()).encode(), head)
                if name == "state.js":
                    body = f"window.__klantwaardeState && window.__klantwaardeState({json.dumps(state.as_json())});"
                    return self._send(200, "text/javascript", body.encode(), head)
                if name == "reload.js":
                    return self._send(200, "text/javascript", RELOAD_JS.encode(), head)
                return self._send(404, "text/plain", b"not found", head)
            if state.files is None:
                return self._send(503, "text/html", _error_page(state), head)
            relative = path.lstrip("/")
            if relative == "" or relative.endswith("/"):
                relative += "index.html"
            body = state.files.get(relative)
            if body is None:
                return self._send(404, "text/plain", f"{relative} is not part of the report".encode(), head)
            kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
            if kind == "text/html":
                body = _with_hook(body, state.version)
            self._send(200, kind, body, head)

        def _refused(self) -> str | None:
            """Why this request is refused, or None: only this machine's own pages may ask.

            The Host must be the loopback address (or ``localhost``) and port we bound, so a
            DNS name rebound to 127.0.0.1 gets nothing; a request another site makes (a
            ``<script src>`` on a page elsewhere, a fetch) is refused by its ``Sec-Fetch-Site``,
            ``Origin`` or ``Referer``."""
            port = preview.port
            ours = {f"{HOST}:{port}", f"localhost:{port}"}
            host = (self.headers.get("Host") or "").strip().lower()
            if host and host not in ours:
                return f"this preview answers only http://{HOST}:{port}/ (Host was {host[:100]!r})"
            site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
            if site and site not in ("same-origin", "none"):
                return "this preview answers only its own pages (cross-site request refused)"
            for header in ("Origin", "Referer"):
                value = self.headers.get(header)
                if value and value != "null" and urlsplit(value).netloc.lower() not in ours:
                    return f"this preview answers only its own pages ({header} {value[:100]!r} refused)"
            return None

        def _send(self, status: int, kind: str, body: bytes, head: bool) -> None:
            self.send_response(status)
            charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else ""
            self.send_header("Content-Type", kind + charset)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            # a local preview of customer data: no sniffing, no framing, no reading by other origins
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
            self.send_header("Content-Security-Policy", CSP + "; frame-ancestors 'none'")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002 — quiet: the terminal is for builds
            pass

    return Handler


def _with_hook(page: bytes, version: int) -> bytes:
    """The page with the reload script before ``</body>`` (served responses only)."""
    tag = f'<script src="{HOOK}reload.js?v={version}"></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def _error_page(state: BuildState) -> bytes:
    items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in state.problems) or "<li>building…</li>"
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>klantwaarde: build failed"
            "</title></head><body><main><h1>The report could not be built</h1>"
            f"<ul class=\"klantwaarde-problems\">{items}</ul>"
            "<p>Fix the input and save: this page reloads when the build succeeds.</p></main></body></html>")
    return _with_hook(page.encode(), state.version)


#: the reload hook: polls the build state as a script (CSP: script-src 'self', connect-src 'none'),
#: reloads on a new build and shows the problems of a failed one over the last good page
RELOAD_JS = r"""(function () {
  "use strict";
  var me = document.currentScript;
  var served = Number(new URL(me.src).searchParams.get("v"));
  var shown = false;
  window.__klantwaardeState = function (state) {
    if (state.version !== served) { location.reload(); return; }
    if (!shown && !state.ok && !document.querySelector(".klantwaarde-problems")) { overlay(state); }
    shown = true;
  };
  function poll() {
    var s = document.createElement("script");
    s.src = "/__klantwaarde/state.js?t=" + Date.now();
    s.onload = s.onerror = function () { s.remove(); };
    document.head.appendChild(s);
  }
  function overlay(state) {
    var box = document.createElement("section");
    box.id = "klantwaarde-build-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:2147483647;top:0;left:0;right:0;max-height:60vh;overflow:auto;" +
      "background:#fff4f4;color:#610404;border-bottom:3px solid #cf1124;padding:1rem 1.5rem;" +
      "font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.2)";
    var title = document.createElement("h2");
    title.textContent = "The last build failed: this is the last good report";
    title.style.cssText = "margin:0 0 .5rem;font-size:16px";
    var list = document.createElement("ul");
    list.className = "klantwaarde-problems";
    state.problems.forEach(function (p) {
      var li = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = p;
      li.appendChild(code);
      list.appendChild(li);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(title);
    box.appendChild(list);
    box.appendChild(close);
    document.body.appendChild(box);
  }
  poll();
  setInterval(poll, 1000);
})();
"""
