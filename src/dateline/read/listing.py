"""Listings of articles to fetch: RSS/Atom feeds (feedparser), site maps and news site maps (index
files followed, .xml.gz read), and plain lists of links (`--urls FILE`).

Each function gives the links in the listing's order, each once, and the error results of the
listings that could not be read (so they reach the run's error records like any page):

    links, failed = feed_links(fetcher, "https://news.example.org/rss.xml", max_bytes, since=None)
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from calendar import timegm
from datetime import datetime, timezone
from typing import Iterable

from ..errors import DatelineError, error
from ..options import parse_when
from ..record import PageResult, Source
from .fetch import Fetcher, is_link
from .page import _gunzip

MAX_SITEMAP_DEPTH = 3  # an index of indexes of site maps, and no deeper
MAX_SITEMAPS = 1000  # site maps read for one --sitemap at most (the protocol allows 50,000 an index)


def links_in(lines: Iterable[str]) -> list[str]:
    """The links of a `--urls` file: one a line; blank lines and lines starting with # are skipped."""
    out = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return _once(out)


def read_link_file(path: str) -> list[str]:
    """`--urls FILE` (`-`: stdin). Raises OSError for a file that cannot be read."""
    if path == "-":
        return links_in(sys.stdin)
    with open(path, encoding="utf-8", errors="replace") as f:
        return links_in(f)


def feed_links(fetcher: Fetcher, url: str, max_bytes: int,
               since: datetime | None = None) -> tuple[list[str], list[PageResult]]:
    """The article links of an RSS or Atom feed; with `since`, only entries published or updated on
    or after it (entries without a date are kept)."""
    import feedparser

    try:
        got = fetcher.get(url, max_bytes)
    except DatelineError as exc:
        return [], [_failed(url, exc)]
    feed = feedparser.parse(got.body, response_headers={"content-location": got.url,
                                                        "content-type": got.headers.get("content-type", "")})
    if not feed.entries and feed.bozo:
        return [], [_failed(url, error("E117", url=url, kind="feed", detail=_short(feed.bozo_exception)))]
    out = []
    for entry in feed.entries:
        link = entry.get("link") or ""
        if not is_link(link):
            continue
        # asked by their own keys: feedparser maps a missing updated_parsed to published_parsed, with a warning
        when = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
        if since is not None and when is not None:
            if datetime.fromtimestamp(timegm(when), timezone.utc) < since:
                continue
        out.append(link)
    return _once(out), []


def sitemap_links(fetcher: Fetcher, url: str, max_bytes: int,
                  since: datetime | None = None) -> tuple[list[str], list[PageResult]]:
    """The page links of a site map, a news site map or a site map index (its site maps followed);
    with `since`, only entries whose lastmod or news publication date is on or after it (entries
    without a date are kept)."""
    links: list[str] = []
    failed: list[PageResult] = []
    todo, seen = [(url, 0)], {url}
    while todo and len(seen) <= MAX_SITEMAPS:
        current, depth = todo.pop(0)
        try:
            root = _parse_xml(fetcher, current, max_bytes)
        except DatelineError as exc:
            failed.append(_failed(current, exc))
            continue
        kind = _local(root.tag)
        for loc, when in _entries(root):
            if since is not None and when is not None and when < since:
                continue
            if kind == "sitemapindex":
                if depth < MAX_SITEMAP_DEPTH and loc not in seen:
                    seen.add(loc)
                    todo.append((loc, depth + 1))
            else:
                links.append(loc)
    return _once(links), failed


def _parse_xml(fetcher: Fetcher, url: str, max_bytes: int) -> ET.Element:
    got = fetcher.get(url, max_bytes)
    body = got.body
    if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz, served as a file (not Content-Encoding)
        body = _gunzip(body, max_bytes)
    if b"<!DOCTYPE" in body[:4096].upper() and b"<!ENTITY" in body[:65536].upper():
        raise error("E117", url=url, kind="site map", detail="it declares XML entities, which site maps never need")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise error("E117", url=url, kind="site map", detail=f"broken XML ({exc})") from None
    if _local(root.tag) not in ("urlset", "sitemapindex"):
        raise error("E117", url=url, kind="site map", detail=f"its root is <{_local(root.tag)}>, "
                    "not <urlset> or <sitemapindex>")
    return root


def _entries(root: ET.Element) -> Iterable[tuple[str, datetime | None]]:
    """(loc, date) of each <url> or <sitemap>: lastmod, else a news site map's publication_date."""
    for item in root:
        loc, dates = None, {}
        for el in item.iter():
            name = _local(el.tag)
            text = (el.text or "").strip()
            if name == "loc" and loc is None:
                loc = text
            elif name in ("lastmod", "publication_date") and text:
                dates[name] = text
        if not loc or not is_link(loc):
            continue
        yield loc, _when(dates.get("lastmod") or dates.get("publication_date"))


def _when(text: str | None) -> datetime | None:
    try:
        return parse_when(text, "lastmod")
    except ValueError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _once(links: list[str]) -> list[str]:
    return list(dict.fromkeys(links))


def _failed(url: str, exc: DatelineError) -> PageResult:
    return PageResult(source=Source(uri=url, url=url), errors=[exc.to_page_error()])


def _short(exc: object) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]
