"""A page result as the rows the store will write, made without the database.

Everything here is CPU work (JSON, hashing, MinHash) that needs no SQLite connection, so a batch
does it in its worker processes and the one writer process only executes the inserts.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from ..record import Article, PageResult, article_to_dict
from .dedup import Fingerprint, fingerprint


@dataclass
class ArticleRows:
    fp: Fingerprint
    version: dict[str, Any]  # versions columns but story_id and created_at
    images: list[tuple] = field(default_factory=list)  # (position, caption, credit, url)
    sidebars: list[tuple] = field(default_factory=list)  # (kind, title, items_json, fields_json)
    quotes: list[tuple] = field(default_factory=list)  # (text, speaker, description, cue, type, paragraph)
    entities: list[tuple] = field(default_factory=list)  # (name, type, aliases_json, mentions)
    fts: tuple[str, str, str] = ("", "", "")  # (headline, highlights and standfirst, body)


@dataclass
class PageRows:
    key: str  # sources.sha256
    source: dict[str, Any]  # sources columns but id and added_at
    errors: list[tuple]  # (code, reason, message)
    articles: list[ArticleRows]
    seen: str  # when the page was seen: its fetch time, else when it was read

    @property
    def status(self) -> str:
        return self.source["status"]


def page_rows(result: PageResult) -> PageRows:
    s = result.source
    status = "error" if result.errors else "skipped" if result.skipped else "ok"
    source = {
        "uri": s.uri, "url": s.url, "site": site_of(s.url), "format": s.format, "fetched_at": s.fetched_at,
        "offset": s.offset, "encoding": s.encoding, "status": status, "skipped": result.skipped,
        "text": result.text, "blocks_json": _json(result.blocks) if result.blocks else None,
    }
    return PageRows(
        key=source_key(result), source=source,
        errors=[(e.code, e.reason, e.message) for e in result.errors],
        articles=[article_rows(a) for a in result.articles],
        seen=s.fetched_at or now(),
    )


def article_rows(a: Article) -> ArticleRows:
    fp = fingerprint(a)
    version = {
        "article_id": a.id, "body_hash": fp.body_hash, "headline": a.headline, "kicker": a.kicker,
        "authors_json": _json(a.authors), "published": a.published, "updated": a.updated,
        "published_text": a.published_text, "updated_text": a.updated_text, "dateline": a.dateline,
        "language": a.language, "highlights_json": _json(a.highlights), "standfirst": a.standfirst,
        "body_json": _json(a.body),
        "record_json": _json(article_to_dict(a)),
    }
    return ArticleRows(
        fp=fp, version=version,
        images=[(i.position, i.caption, i.credit, i.url) for i in a.images],
        sidebars=[(s.kind, s.title, _json(s.items), _json(s.fields)) for s in a.sidebars],
        quotes=[(q.text, q.speaker, q.speaker_description, q.cue, q.type, q.paragraph) for q in a.quotes],
        entities=[(e.name, e.type, _json(e.aliases), len(e.mentions)) for e in a.entities],
        fts=(a.headline or "", "\n".join(a.highlights + ([a.standfirst] if a.standfirst else [])), "\n\n".join(a.body)),
    )


def source_key(result: PageResult) -> str:
    """The sources.sha256 of a result: the hash of the page bytes. A page that could not be read
    has none, and is keyed by its URI (and archive offset) so that a rerun stores it once."""
    if result.source.sha256:
        return result.source.sha256
    return unread_key(result.source.uri, result.source.offset)


def unread_key(uri: str | None, offset: int | None = None) -> str:
    return hashlib.sha256(f"unread:{uri}#{offset}".encode()).hexdigest()


def site_of(url: str | None) -> str | None:
    """The site of a URL: its registered domain ("www.bbc.co.uk" -> "bbc.co.uk", "news.example.com" ->
    "example.com"), by the public-suffix list the publicsuffixlist package ships (nothing is downloaded);
    an IP address or a single-label host ("localhost") is its own site."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:  # a malformed URL in an archive header is no reason to lose the page
        return None
    if not host:
        return None
    if "." not in host or host.replace(".", "").isdigit() or ":" in host:
        return host
    return _suffixes().privatesuffix(host) or host.removeprefix("www.")


@functools.lru_cache(maxsize=1)
def _suffixes():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
