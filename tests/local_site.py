"""A news site on 127.0.0.1 for the link tests: a real HTTP server (http.server, one thread a
request) started by the test, serving real dev pages, a feed, site maps, robots.txt and the ways a
site fails (a 404, a stall, a huge body, a redirect loop, a busy 503). It counts every request, with
its time and User-Agent, so a test can say what was fetched. Nothing leaves the machine.
"""
from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.conftest import DEV

FEED_ITEMS = 20
SITEMAP_PAGES = (3, 2)  # pages in sitemap-1.xml, in the gzipped news site map sitemap-2.xml.gz
OLD, NEW = "2020-01-01", "2025-06-01"  # the dates the site maps give: --since 2025-01-01 keeps NEW
HUGE_BYTES = 50 * 1024 * 1024
STALL_S = 30.0


def dev_pages(n: int) -> list[bytes]:
    """n distinct real HTML pages from the dev subset, decompressed."""
    files = sorted((DEV / "scrapinghub" / "html").glob("*.html.gz"))[:n]
    assert len(files) == n, f"the dev subset has {len(files)} scrapinghub pages, the test needs {n}"
    return [gzip.decompress(f.read_bytes()) for f in files]


class LocalSite:
    def __init__(self):
        self.pages: dict[str, bytes] = {}
        self.requests: Counter = Counter()
        self.log: list[tuple[float, str, str]] = []  # (time, path, user agent)
        self.release = threading.Event()  # ends the stall when the test is done
        self.busy_left = 1  # /busy.html answers 503 this many times first
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server's name
                with site._lock:
                    site.requests[self.path] += 1
                    site.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
                site.answer(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._build()

    def __enter__(self) -> "LocalSite":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def article_paths(self) -> list[str]:
        return [p for p in self.pages if p.startswith(("/news/", "/map/"))]

    def fetched(self, paths) -> int:
        return sum(self.requests[p] for p in paths)

    # -- the site --------------------------------------------------------------------------------
    def _build(self) -> None:
        n1, n2 = SITEMAP_PAGES
        pages = dev_pages(FEED_ITEMS + n1 + n2 + 1)
        for i in range(FEED_ITEMS):
            self.pages[f"/news/story-{i}.html"] = pages[i]
        for i in range(n1 + n2):
            self.pages[f"/map/page-{i}.html"] = pages[FEED_ITEMS + i]
        self.pages["/private/secret.html"] = pages[-1]
        self.good = pages[-1]

    def feed(self) -> bytes:
        when = datetime(2025, 6, 1, tzinfo=timezone.utc)
        items = "".join(
            f"<item><title>Story {i}</title><link>{self.url(f'/news/story-{i}.html')}</link>"
            f"<pubDate>{format_datetime(when - timedelta(hours=i))}</pubDate></item>" for i in range(FEED_ITEMS))
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title>'
                f"<link>{self.base}/</link>{items}</channel></rss>").encode()

    def sitemap(self, n: int) -> bytes:
        n1, n2 = SITEMAP_PAGES
        if n == 1:  # a plain site map; the first page is old
            urls = "".join(f"<url><loc>{self.url(f'/map/page-{i}.html')}</loc>"
                           f"<lastmod>{OLD if i == 0 else NEW}</lastmod></url>" for i in range(n1))
            return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{urls}</urlset>').encode()
        urls = "".join(  # a news site map: dates in news:publication_date
            f"<url><loc>{self.url(f'/map/page-{i}.html')}</loc><news:news><news:publication>"
            f"<news:name>Local</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{NEW}T08:00:00+02:00</news:publication_date><news:title>T</news:title>"
            f"</news:news></url>" for i in range(n1, n1 + n2))
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
        return gzip.compress(xml.encode())

    def sitemap_index(self) -> bytes:
        maps = "".join(f"<sitemap><loc>{self.url(p)}</loc></sitemap>" for p in ("/sitemap-1.xml", "/sitemap-2.xml.gz"))
        return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{maps}</sitemapindex>').encode()

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        if path in self.pages:
            return _send(h, 200, self.pages[path], "text/html; charset=utf-8")
        if path == "/robots.txt":
            return _send(h, 200, self.robots.encode(), "text/plain")
        if path == "/feed.xml":
            return _send(h, 200, self.feed(), "application/rss+xml")
        if path == "/sitemap_index.xml":
            return _send(h, 200, self.sitemap_index(), "application/xml")
        if path in ("/sitemap-1.xml", "/sitemap-2.xml.gz"):
            return _send(h, 200, self.sitemap(1 if path.endswith("1.xml") else 2),
                         "application/xml" if path.endswith(".xml") else "application/x-gzip")
        if path == "/stall.html":  # headers never come: the read time-out must end it
            self.release.wait(STALL_S)
            return _send(h, 200, self.good, "text/html")
        if path == "/huge.html":  # 50 MB, no Content-Length: only a limit held while reading stops it
            return _send_huge(h)
        if path in ("/loop-a", "/loop-b"):
            return _send(h, 302, b"", "text/plain", {"Location": "/loop-b" if path == "/loop-a" else "/loop-a"})
        if path == "/moved.html":
            return _send(h, 301, b"", "text/plain", {"Location": "/map/page-0.html"})
        if path == "/busy.html":
            if self.busy_left > 0:
                self.busy_left -= 1
                return _send(h, 503, b"busy", "text/plain", {"Retry-After": "1"})
            return _send(h, 200, self.good, "text/html")
        if path == "/report.pdf":
            return _send(h, 200, b"%PDF-1.4 not a page", "application/pdf")
        return _send(h, 404, b"<html><body>Not found</body></html>", "text/html")


def _send(h, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    try:
        h.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _send_huge(h) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    h.close_connection = True
    chunk = b"<p>" + b"x" * ((1 << 20) - 8) + b"</p>\n"
    try:
        h.wfile.write(b"<html><body>")
        sent = 0
        while sent < HUGE_BYTES:
            h.wfile.write(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
