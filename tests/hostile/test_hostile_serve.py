"""The preview answers only this machine's own pages (issue 17: DNS rebinding, cross-site reads)."""
from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_serve import Served  # noqa: E402 — the serve subprocess helper


@pytest.fixture
def served(small_project):
    server = Served(small_project)
    yield server
    server.stop()


def fetch(url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_only_the_loopback_host_and_its_own_pages_get_customer_data(served):
    url = served.url + "customers/index-data.js"
    port = served.url.rsplit(":", 1)[1].strip("/")
    status, headers, body = fetch(url, {})
    assert status == 200 and body
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    # the same page asked for by the preview's own pages, or typed in
    for same in ({"Sec-Fetch-Site": "same-origin", "Referer": served.url + "index.html"},
                 {"Sec-Fetch-Site": "none"}, {"Host": f"localhost:{port}"}):
        assert fetch(url, same)[0] == 200, same
    # a DNS name rebound to 127.0.0.1, a script tag on another site, a fetch from another origin
    for hostile in ({"Host": f"evil.example:{port}"}, {"Host": "127.0.0.1:1"},
                    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                    {"Origin": "http://evil.example"}, {"Referer": "http://evil.example/page.html"}):
        status, _, body = fetch(url, hostile)
        assert status == 403 and b"Klant" not in body, hostile
