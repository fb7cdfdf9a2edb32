"""URLs, fetched from a local HTTP server started here."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsprism.ingest import IngestOptions, read_sources
from newsprism.model import Article, Problem

PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour reopens</title>"
    '<meta name="author" content="Ruth Calder"></head><body><nav>Home | News</nav><article>'
    "<h1>Harbour reopens</h1>"
    "<p>The harbour of Port Veyra reopened to shipping on Tuesday, eight days after the "
    "tanker Corran Star ran aground at its mouth, the port authority said.</p>"
    "<p>The harbour minister, Ilse Marrow, said she had kept her promise to reopen the port "
    "within ten days, and thanked the salvage crews who worked through the weekend.</p>"
    "</article><footer>All rights reserved</footer></body></html>"
)
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Bay Radio</title>
<item><title>On air</title><link>http://bay.example/1</link>
<description>Text of one.</description></item>
<item><title>Later</title><link>http://bay.example/2</link>
<description>Text of two.</description></item>
</channel></rss>"""
ROUTES = {
    "/news/harbour": ("text/html; charset=utf-8", PAGE.encode()),
    "/feed": ("application/rss+xml", FEED.encode()),
    "/big": ("text/plain", b"x" * 5000),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path not in ROUTES:
            self.send_error(404, "Not Found")
            return
        content_type, body = ROUTES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_url_page_and_feed(server: str) -> None:
    page, one, two = read_sources([f"{server}/news/harbour", f"{server}/feed"])
    assert isinstance(page, Article) and page.kind == "html"
    assert page.ext_id == page.url == page.source == f"{server}/news/harbour"
    assert page.title == "Harbour reopens" and page.author == "Ruth Calder"
    assert "kept her promise" in page.text and "All rights reserved" not in page.text
    assert (page.outlet, page.outlet_source) == ("127.0.0.1", "url")
    assert page.meta["encoding"] == "utf-8"
    assert [(a.kind, a.title, a.url, a.outlet) for a in (one, two)] == [
        ("feed", "On air", "http://bay.example/1", "Bay Radio"),
        ("feed", "Later", "http://bay.example/2", "Bay Radio"),
    ]
    assert one.source == f"{server}/feed#1"


def test_url_problems_name_the_url(server: str) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/story"
    items = list(
        read_sources(
            [f"{server}/missing", dead, f"{server}/big", f"{server}/news/harbour"],
            IngestOptions(max_bytes=4000, timeout=5),
        )
    )
    missing, unreachable, big, page = items
    assert missing == Problem(f"{server}/missing", "could not fetch: HTTP 404 Not Found")
    assert isinstance(unreachable, Problem) and unreachable.source == dead
    assert unreachable.message == "could not fetch: connection refused"
    assert isinstance(big, Problem) and "over the size cap of 4,000 bytes" in big.message
    assert isinstance(page, Article)
