"""Reads of one story, page, person or entity, and the store's own counts: the SQL that `Store`'s read
side and the explorer share (search and facets are in search.py and index.py). Each function takes
an open connection, the store's or a reader's, and returns plain dicts.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from .reader import NotFound

# A story's date: when it was published, else when it was last updated. A story with neither is
# undated: first_seen is when a crawler or this machine read the page, not when the story was written.
STORY_DATE_SQL = "COALESCE(v.published, v.updated)"
COUNTED_TABLES = ("sources", "stories", "versions", "story_sources", "errors")
# the newest version of its story only: an updated story would otherwise list the same quote twice
NEWEST = "JOIN stories st ON st.id = v.story_id AND st.latest_version = v.id"


def _rows(conn: sqlite3.Connection, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, params)]


def _one(conn: sqlite3.Connection, sql: str, params: tuple | list, what: str) -> dict[str, Any]:
    r = conn.execute(sql, params).fetchone()
    if r is None:
        raise NotFound(f"{what} not found")
    return dict(r)


def loads(text: str | None, default: Any) -> Any:
    """JSON columns may be NULL (an older writer, a skipped page): fall back instead of failing."""
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table: sources, stories, versions, story_sources, errors."""
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}


def story_sources(conn: sqlite3.Connection, story_id: int) -> list[dict[str, Any]]:
    """The pages a story was seen on, first stored first, with where on each page it stood."""
    return _rows(conn, "SELECT ss.source_id, ss.source_id AS id, ss.version_id, ss.article_index, so.uri, so.url, "
                       "so.site, so.format, so.fetched_at FROM story_sources ss "
                       "JOIN sources so ON so.id = ss.source_id "
                       "WHERE ss.story_id = ? ORDER BY ss.source_id, ss.article_index", (story_id,))


def story(conn: sqlite3.Connection, story_id: int, version_id: int | None = None) -> dict[str, Any]:
    """A story, its versions, and one version's record (the newest unless asked)."""
    row = _one(conn, "SELECT id, headline, language, first_seen, latest_version FROM stories WHERE id = ?",
               (story_id,), f"story {story_id}")
    versions = _rows(conn, "SELECT id, headline, updated, updated_text, published, body_hash, created_at "
                           "FROM versions WHERE story_id = ? ORDER BY id", (story_id,))
    chosen = version_id or row["latest_version"] or (versions[-1]["id"] if versions else None)
    v = _one(conn, "SELECT id, record_json FROM versions WHERE id = ? AND story_id = ?", (chosen, story_id),
             f"version {chosen} of story {story_id}")
    return {"story": row, "versions": versions, "version_id": v["id"], "record": loads(v["record_json"], {}),
            "sources": story_sources(conn, story_id)}


def source(conn: sqlite3.Connection, source_id: int) -> dict[str, Any]:
    """A stored page: its row (text and blocks included), the articles it gave with their records, its errors."""
    row = _one(conn, "SELECT id, sha256, uri, url, site, format, fetched_at, encoding, status, skipped, text, "
                     "blocks_json, added_at FROM sources WHERE id = ?", (source_id,), f"source {source_id}")
    articles = _rows(conn, "SELECT ss.article_index, ss.story_id, ss.version_id, v.headline, v.record_json "
                           "FROM story_sources ss JOIN versions v ON v.id = ss.version_id WHERE ss.source_id = ? "
                           "ORDER BY ss.article_index", (source_id,))
    for a in articles:
        a["record"] = loads(a.pop("record_json"), {})
    row["blocks"] = loads(row.pop("blocks_json"), [])
    errors = _rows(conn, "SELECT code, reason, message FROM errors WHERE source_id = ?", (source_id,))
    return {"source": row, "articles": articles, "errors": errors}


def quotes_by(conn: sqlite3.Connection, names: list[str], limit: int) -> list[dict[str, Any]]:
    """Quotes under any of `names` in the newest versions, oldest story first, undated last."""
    marks = ", ".join("?" for _ in names)
    return _rows(conn, f"SELECT q.text, q.speaker, q.speaker_description, q.cue, q.type, q.paragraph, v.story_id, "
                       f"v.id AS version_id, v.headline, {STORY_DATE_SQL} AS date FROM quotes q "
                       f"JOIN versions v ON v.id = q.version_id {NEWEST} WHERE q.speaker IN ({marks}) "
                       "ORDER BY date IS NULL, date, v.id, q.paragraph LIMIT ?", (*names, limit))


def entity_stories(conn: sqlite3.Connection, name: str, limit: int) -> list[dict[str, Any]]:
    """The newest versions that name an entity, with its type, aliases and mentions there; newest
    first, undated last."""
    rows = _rows(conn, f"SELECT e.type, e.aliases_json, e.mentions, v.story_id, v.headline, {STORY_DATE_SQL} AS date "
                       f"FROM entities e JOIN versions v ON v.id = e.version_id {NEWEST} WHERE e.name = ? "
                       "ORDER BY date IS NULL, date DESC, v.id DESC LIMIT ?", (name, limit))
    for r in rows:
        r["aliases"] = loads(r.pop("aliases_json"), [])
    return rows
