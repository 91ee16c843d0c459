"""What the explorer tests share: a real corpus built once from real pages through the real Store, and a
real `dateline serve` process on a free localhost port.

Kept out of conftest.py so the explorer's tests carry their own world; test_web.py and test_browser.py
both import from here, and the corpus is built once per test process however many modules ask.
"""
from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from conftest import DEV, SEED

# ~30 dev pages: enough stories for ranking and paging to mean something, small enough to build in seconds
DEV_TEXT = [("fundus/text", 12), ("scrapinghub/text", 12)]
DEV_HTML = [("fundus/html", 6)]
# pages the people rules are checked on: a speaker written "Hosting Cook" (the first word of "Hosting Cook
# at Dreamforce ..."), a story that writes "hosting" in lower case, a speaker "CEO", and "Donald Trump"
# (so that the "Trump" of scrapinghub/text/04a6... is one person with him)
PEOPLE_PAGES = ["scrapinghub/html/291a8bf33ee49074f33dcff37544ac40506cae450db83b6cb63f02b9920b51c2.html.gz",
                "scrapinghub/text/4a44ab3e4c41d56ce9b79eb07acb06aed1bc52aba68a950f06e7de7ef848400a.txt.gz",
                "scrapinghub/html/2f42ef1d3ea0c96e56355d3db93d0e06b47e760b74f6f4261278b8cd1c246dd6.html.gz",
                "polnear/text/breitbart_2016-01-10_trump-tells-in-reno-nfl-has-gone.txt.gz"]
# an HTML page stored from a WARC record: the archive gives its address, so its story links the original
WARC_PAGE = "fundus/html/us__LATimes_2023_06_26.html.gz"
WARC_URL = "https://www.latimes.example/story/2023-06-26/the-story"
WARC_SITE = "latimes.example"
# the hostile page's URL: a real Page carries a URL when it comes from a WARC record or a crawler
HOSTILE_URL = "https://www.hostile-news.example/world/reform-plan"
HOSTILE_SITE = "hostile-news.example"

HOSTILE_PAGE = """Home
World
Business

World
Minister says <script>alert("headline-xss")</script> plan will pass despite protests
Updated 12 March 2025

  \u2022 Parliament votes on the <b onmouseover=alert(1)>reform</b> bill next week
  \u2022 Protesters gathered outside the ministry for a third day

A protester holds a sign outside the ministry in the capital on March 11, 2025. \
<img src=x onerror=alert('caption-xss')> (AFP)

BRUSSELS: The minister for reform defended the plan on Tuesday, telling reporters that the bill would pass \
before the summer recess despite growing protests in the capital.

\u201cWe will not step back, <script>alert('quote-xss')</script> not now and not ever,\u201d Anna Kowalski, the \
reform minister, told reporters outside parliament.

Opposition parties said they would table amendments to slow the bill down, and several unions called for a \
general strike later this month if the government refused to negotiate.

\u201cThis is a plan written for the few and paid for by the many,\u201d said Piotr Nowak, leader of the \
opposition, in a statement on Wednesday.

The vote is expected next Thursday, after a second reading in committee and a debate that could run late \
into the night.

Short Url
Follow
"""


def dev_pages() -> list[Path]:
    pages = [SEED]
    for folder, n in DEV_TEXT + DEV_HTML:
        pages.extend(sorted((DEV / folder).iterdir())[:n])
    return pages + [DEV / p for p in PEOPLE_PAGES]


def warc_results(options, folder: Path) -> list:
    """WARC_PAGE as a crawler's archive holds it (a real WARC writer), read back and extracted."""
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from dateline import extract
    from dateline.read.warc import iter_archive

    body = gzip.decompress((DEV / WARC_PAGE).read_bytes())
    archive = folder / "crawl.warc.gz"
    with open(archive, "wb") as f:
        w = WARCWriter(f, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                           ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(WARC_URL, "response", payload=io.BytesIO(body), http_headers=http,
                                            warc_headers_dict={"WARC-Date": "2023-06-27T08:00:00Z"}))
    return [extract(page, options) for page in iter_archive(archive, options.max_page_bytes)]


def hostile_result(options):
    """The hostile page as a crawler would hand it over: flattened text with its URL."""
    from dateline import extract
    from dateline.read import read_bytes

    page = read_bytes(HOSTILE_PAGE.encode("utf-8"), uri="hostile.txt", input_format="text")
    page.url = HOSTILE_URL
    return extract(page, options)


@functools.cache
def build_corpus() -> Path:
    """corpus.db in a fresh temporary folder, filled by Store from real extracted pages."""
    from dateline import Options, extract
    from dateline.corpus.store import Store

    # quotes, speakers and entities too: the person and entity pages need them (spaCy, ~15 s for these pages)
    options = Options(nlp="full")
    folder = Path(tempfile.mkdtemp(prefix="dateline-web-"))
    db = folder / "corpus.db"
    results = [extract(p, options) for p in dev_pages()] + [hostile_result(options)]
    results += warc_results(options, folder)
    with Store(db) as store:
        store.add_many(results)
    # checkpoint so the file alone holds everything: the server opens it read-only
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ExplorerServer:
    """`python -m dateline.cli serve DB --port N` as a child process, ready when it answers."""

    START_TIMEOUT_S = 30.0  # cold imports of FastAPI and the pipeline take a few seconds on a busy box

    def __init__(self, db: Path, *extra: str, preexec_fn=None):
        self.db, self.extra, self.preexec_fn = db, extra, preexec_fn
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "ExplorerServer":
        cmd = [sys.executable, "-m", "dateline.cli", "serve", str(self.db), "--port", str(self.port), *self.extra]
        # the server's log goes to a file: an unread pipe would block the server once it filled up
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=self.log, preexec_fn=self.preexec_fn,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + self.START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"serve exited {self.proc.returncode}: {self.log.read().decode()}")
            try:  # a page that needs no query: the server is up even when the corpus is broken
                if httpx.get(f"{self.url}/openapi.json", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("serve did not answer in time")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
