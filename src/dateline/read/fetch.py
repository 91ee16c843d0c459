"""Links in: a URL fetched politely into a Page, or the error result of one that could not be.

One `Fetcher` for a run: one httpx client (connections reused), robots.txt read once per host, a
delay between two requests to one host, retries of 429/503 honouring Retry-After, redirects
followed one by one (each hop checked against robots.txt, a loop caught), the page's size limit
held while the body streams in. docs/cli.md ("Links") says it for users.

    with Fetcher(FetchOptions(delay_s=0)) as fetcher:
        page = fetcher.fetch("https://news.example.org/a.html", max_bytes=options.max_page_bytes)
        # a Page (uri: the link asked for, url: where it ended, fetched_at, declared_charset), or a
        # PageResult holding the error record (E103, E111-E116)
"""
from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import Message
from email.utils import parsedate_to_datetime
from importlib import metadata
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from ..errors import DatelineError, error
from ..record import PageResult, Source
from .page import Page, _gunzip, guess_format

CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 30.0  # at most this long without a byte
DOWNLOAD_S = 120.0  # a body that trickles in is stopped after this long in all
HOST_DELAY_S = 1.0  # between two requests to one host
RETRIES = 2  # of a 429 or 503, after the first try
MAX_RETRY_AFTER_S = 60.0  # a server that asks to wait longer is given up on (E111)
BACKOFF_S = 1.0  # the first wait when the server gives no Retry-After; doubled each time
MAX_REDIRECTS = 10
MAX_CRAWL_DELAY_S = 30.0  # a robots.txt Crawl-delay is honoured up to this
ROBOTS_MAX_BYTES = 512 * 1024  # what RFC 9309 asks crawlers to read at least
LINK_SCHEMES = ("http://", "https://")
# what a page may be: HTML, text, XML (feeds, site maps); anything else (PDF, images, video) is E116
PAGE_TYPES = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
              "application/x-gzip", "application/gzip", "application/octet-stream")


def is_link(item: object) -> bool:
    """An input that names a page on the web: it starts with http:// or https://."""
    return isinstance(item, str) and item.strip().lower().startswith(LINK_SCHEMES)


def user_agent() -> str:
    """`dateline/<version> (+<project URL>)`: who is asking, and where to read about it."""
    try:
        meta = metadata.metadata("dateline")
        version = meta["Version"]
        urls = [u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or []]
        home = (meta["Home-page"] if "Home-page" in meta else None) or (urls[0] if urls else None)
    except metadata.PackageNotFoundError:
        version, home = "0", None
    return f"dateline/{version}" + (f" (+{home})" if home else "")


@dataclass(frozen=True)
class FetchOptions:
    connect_timeout_s: float = CONNECT_TIMEOUT_S
    read_timeout_s: float = READ_TIMEOUT_S
    download_s: float = DOWNLOAD_S
    delay_s: float = HOST_DELAY_S
    retries: int = RETRIES
    max_retry_after_s: float = MAX_RETRY_AFTER_S
    ignore_robots: bool = False
    user_agent: str = ""  # empty: user_agent()


@dataclass
class Response:
    """A whole body, read within the limits, and where it came from."""

    url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes
    chain: list[str]  # every URL asked, the first to the last


class Fetcher:
    """Fetches links for one run, one at a time (the caller's thread)."""

    def __init__(self, options: FetchOptions | None = None):
        self.options = options or FetchOptions()
        self.agent = self.options.user_agent or user_agent()
        o = self.options
        self.client = httpx.Client(
            headers={"User-Agent": self.agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,"
                     "application/xml;q=0.8,*/*;q=0.5"},
            timeout=httpx.Timeout(o.read_timeout_s, connect=o.connect_timeout_s),
            follow_redirects=False, trust_env=False)
        self.robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.last: dict[str, float] = {}
        self.requests = 0

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # -- the one call ------------------------------------------------------------------------------
    def fetch(self, url: str, max_bytes: int, input_format: str = "auto") -> Page | PageResult:
        """The page at `url`, or its error result (a Source with the link, one error record)."""
        url = url.strip()
        try:
            got = self.get(url, max_bytes)
            ctype = got.headers.get("content-type", "")
            if ctype and not ctype.lower().startswith(PAGE_TYPES):
                raise error("E116", url=got.url, content_type=ctype.split(";")[0].strip())
            body = _gunzip(got.body, max_bytes) if got.body[:2] == b"\x1f\x8b" else got.body  # a page.html.gz
        except DatelineError as exc:
            return PageResult(source=Source(uri=url, url=url, fetched_at=_now()), errors=[exc.to_page_error()])
        fmt = input_format if input_format != "auto" else _format_of(ctype, got)
        page = Page(data=body, uri=url, format=fmt, fetched_at=datetime.now(timezone.utc), url=got.url,
                    declared_charset=_charset(ctype))
        if len(got.chain) > 1:
            page.extra["redirects"] = got.chain
        return page

    def get(self, url: str, max_bytes: int) -> Response:
        """The final response to `url` after redirects (each hop robots-checked), with its body.
        Raises DatelineError for every failure (E103, E111-E115)."""
        chain = [url]
        while True:
            self._check_robots(chain[-1])
            resp = self._get_with_retries(chain[-1], max_bytes)
            if resp.status in (301, 302, 303, 307, 308) and "location" in resp.headers:
                nxt = urljoin(chain[-1], resp.headers["location"])
                if not is_link(nxt):
                    raise error("E115", url=chain[-1], detail=f"it redirects to {nxt}, which is no http(s) link")
                if nxt in chain or len(chain) > MAX_REDIRECTS:
                    what = "in a loop" if nxt in chain else f"more than {MAX_REDIRECTS} times"
                    raise error("E114", url=url, detail=what, chain=" -> ".join([*chain, nxt]))
                chain.append(nxt)
                continue
            if resp.status >= 400:
                raise error("E111", url=chain[-1], status=resp.status, detail=_status_detail(resp))
            resp.chain = chain
            return resp

    # -- one request, politely -------------------------------------------------------------------
    def _get_with_retries(self, url: str, max_bytes: int) -> Response:
        for attempt in range(self.options.retries + 1):
            resp = self._get_once(url, max_bytes)
            if resp.status not in (429, 503) or attempt == self.options.retries:
                return resp
            wait = _retry_after(resp.headers.get("retry-after"))
            wait = BACKOFF_S * 2 ** attempt if wait is None else wait
            if wait > self.options.max_retry_after_s:
                return resp  # the server asks for longer than we wait: its status is the error
            time.sleep(wait)
        raise AssertionError("unreachable")

    def _get_once(self, url: str, max_bytes: int) -> Response:
        self._wait_turn(url)
        o = self.options
        try:
            with self.client.stream("GET", url) as r:
                declared = r.headers.get("content-length", "")
                if r.status_code < 300 and declared.isdigit() and int(declared) > max_bytes:
                    raise error("E103", size=int(declared), limit=max_bytes)
                chunks: list[bytes] = []
                got, start = 0, time.monotonic()
                for chunk in r.iter_bytes():  # decoded (gzip, br): the limit holds for what the page becomes
                    chunks.append(chunk)
                    got += len(chunk)
                    if got > max_bytes:
                        raise error("E103", more="more than ", size=max_bytes, limit=max_bytes)
                    if time.monotonic() - start > o.download_s:
                        raise error("E113", url=url, limit=o.read_timeout_s,
                                    detail=f"was still sending after {o.download_s:g} s ({got:,} bytes)")
                return Response(url=str(r.url), status=r.status_code, headers=r.headers, body=b"".join(chunks),
                                chain=[url])
        except httpx.TimeoutException as exc:
            phase = "did not connect" if isinstance(exc, httpx.ConnectTimeout) else "stopped sending"
            limit = o.connect_timeout_s if isinstance(exc, httpx.ConnectTimeout) else o.read_timeout_s
            raise error("E113", url=url, limit=limit, detail=f"{phase} within {limit:g} s") from None
        except httpx.HTTPError as exc:
            raise error("E115", url=url, detail=_cause(exc)) from None
        finally:
            self.requests += 1
            self.last[_host(url)] = time.monotonic()

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's delay since its last request has passed."""
        host = _host(url)
        delay = self.options.delay_s
        rp = self.robots.get(host)
        if rp is not None and not self.options.ignore_robots:
            crawl = rp.crawl_delay(self.agent)
            delay = max(delay, min(float(crawl), MAX_CRAWL_DELAY_S)) if crawl else delay
        last = self.last.get(host)
        if last is not None and delay > 0:
            time.sleep(max(0.0, last + delay - time.monotonic()))

    # -- robots.txt ------------------------------------------------------------------------------
    def _check_robots(self, url: str) -> None:
        if self.options.ignore_robots:
            return
        host = _host(url)
        if host not in self.robots:
            self.robots[host] = self._read_robots(url)
        rp = self.robots[host]
        if rp is not None and not rp.can_fetch(self.agent, url):
            raise error("E112", url=url, robots=_robots_url(url))

    def _read_robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt; None (everything allowed) when it has none or it cannot be read,
        a parser that disallows all when it answers 401 or 403 (as urllib.robotparser does)."""
        rp = urllib.robotparser.RobotFileParser(_robots_url(url))
        try:
            resp = self._get_with_retries(_robots_url(url), ROBOTS_MAX_BYTES)
        except DatelineError:
            return None
        if resp.status in (401, 403):
            rp.disallow_all = True  # type: ignore[attr-defined]  # what RobotFileParser.read() sets
            return rp
        if resp.status >= 300:
            return None
        rp.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        return rp


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _charset(content_type: str) -> str | None:
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    return msg.get_param("charset")  # type: ignore[return-value]


def _format_of(content_type: str, got: Response) -> str:
    ctype = content_type.lower()
    if "html" in ctype:
        return "html"
    if ctype.startswith("text/plain"):
        return "text"
    return guess_format(got.body, urlsplit(got.url).path)


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _status_detail(resp: Response) -> str:
    phrase = httpx.codes.get_reason_phrase(resp.status)
    extra = " (and still after the retries)" if resp.status in (429, 503) else ""
    return f" {phrase}{extra}" if phrase else extra


def _cause(exc: Exception) -> str:
    """The innermost reason of a connection failure ("Connection refused", a name that does not resolve)."""
    for _ in range(10):
        inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner  # type: ignore[assignment]
    text = str(exc)
    if "] " in text:  # "[Errno 111] Connection refused"
        text = text.split("] ", 1)[1]
    return text or type(exc).__name__
