"""URL sources against a local HTTP server (127.0.0.1 only): retries, limits, conditional re-fetch."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tongbi import fetch
from tongbi.ingest import SourceSpec, ingest
from tongbi.settings import get_settings

REPORT = "临溪区市场监督管理局2023年工作总结\n全年新设各类市场主体8612户,同比增长2.74%。\n".encode()


class Handler(BaseHTTPRequestHandler):
    """Routes by path; every request is counted per path in the server's `hits`."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.hits[self.path] += 1
        n = self.server.hits[self.path]
        if self.path == "/report.txt":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.reply(304, b"")
            return self.reply(200, REPORT, {"ETag": '"v1"'})
        if self.path == "/dated.txt":
            if self.headers.get("If-Modified-Since") == "Tue, 13 Feb 2024 08:00:00 GMT":
                return self.reply(304, b"")
            return self.reply(200, REPORT, {"Last-Modified": "Tue, 13 Feb 2024 08:00:00 GMT"})
        if self.path == "/flaky.txt":
            return self.reply(500, b"oops") if n == 1 else self.reply(200, REPORT)
        if self.path == "/down.txt":
            return self.reply(503, b"maintenance")
        if self.path == "/big.txt":
            return self.reply(200, b"x" * 5000)
        if (
            self.path == "/big-unannounced.txt"
        ):  # no Content-Length: the limit applies while reading
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 5000)
            return None
        if self.path == "/slow.txt":
            time.sleep(1.5)
            return self.reply(200, REPORT)
        return self.reply(404, b"not here")

    def reply(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may have given up first (the timeout case): that is the point.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):  # keep pytest's output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.hits = Counter()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def settings(tmp_path):
    base = get_settings().with_data_dir(tmp_path / "data")
    return dataclasses.replace(
        base, fetch_timeout=0.5, fetch_retries=2, fetch_backoff=0.01, max_source_bytes=1000
    )


def url(server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_port}{path}"


@pytest.mark.parametrize("path", ["/report.txt", "/dated.txt"])
def test_conditional_refetch_reuses_the_archived_bytes(server, settings, path):
    first = ingest(SourceSpec(url(server, path)), settings)
    assert (first.status, first.year) == ("loaded", 2023)
    before = server.hits[path]
    again = ingest(SourceSpec(url(server, path)), settings)  # the server answers 304
    assert server.hits[path] == before + 1
    assert (again.sha256, again.status) == (first.sha256, "loaded")
    assert settings.fetch_state_path.exists()


def test_a_lost_archive_means_a_full_download(server, settings):
    first = ingest(SourceSpec(url(server, "/report.txt")), settings)
    for path in settings.raw_dir.iterdir():
        path.unlink()
    assert fetch.fetch(url(server, "/report.txt"), settings) == REPORT
    assert first.status == "loaded"


def test_a_5xx_is_retried_with_backoff(server, settings):
    assert fetch.fetch(url(server, "/flaky.txt"), settings) == REPORT
    assert server.hits["/flaky.txt"] == 2


FAILURES = [
    ("/missing.txt", "HTTP 404", 1),  # a 4xx is not retried
    ("/down.txt", "HTTP 503 Service Unavailable from", 3),  # 1 + fetch_retries attempts
    ("/big.txt", "too large", 1),
    ("/big-unannounced.txt", "too large", 1),
    ("/slow.txt", "timed out after 0.5 s", 3),
]


@pytest.mark.parametrize(("path", "says", "attempts"), FAILURES, ids=[f[0] for f in FAILURES])
def test_failing_urls_are_rejected_naming_the_url_and_reason(
    server, settings, path, says, attempts
):
    before = server.hits[path]
    doc = ingest(SourceSpec(url(server, path)), settings)
    assert (doc.status, doc.doc, doc.sha256) == ("rejected", "", "")
    assert says in doc.message and url(server, path) in doc.message
    assert server.hits[path] - before == attempts
    assert not settings.raw_dir.exists() or not list(settings.raw_dir.iterdir())


def test_a_refused_connection_is_a_clear_failure(settings):
    dead = dataclasses.replace(settings, fetch_retries=0)
    with pytest.raises(fetch.FetchError, match="cannot connect"):
        fetch.fetch("http://127.0.0.1:9/report.txt", dead)  # the discard port: nothing listens
