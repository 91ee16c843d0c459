"""The corpus store: page results in one SQLite file (schema.sql is the contract).

One writer (the batch runner's parent process, or a Dask loader) adds results; any number of
readers open it read-only: `dateline stats` and exports with `Store(readonly=True)`, the explorer
through `reader.Reader`, and both read with the SQL of `queries.py` (search: `search.py`). WAL mode
lets readers see a consistent store while a batch is writing.

    with Store("corpus.db") as store:
        summary = store.add(extract("page.txt"))
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

import numpy as np

from ..record import PageResult
from . import queries
from .dedup import NearDuplicateIndex
from .reader import connect_readonly
from .rows import ArticleRows, PageRows, now, page_rows, source_key, site_of  # noqa: F401 - re-exported

# a writer waits this long for a lock held by another writer before giving up
BUSY_TIMEOUT_MS = 30_000


@dataclass
class AddSummary:
    """What adding one page result did to the store."""

    source_id: int
    status: str  # ok | error | skipped
    already_stored: bool = False  # the same page bytes were stored before: nothing was added
    stories_new: int = 0  # stories first seen on this page
    versions_new: int = 0  # new versions of stories already stored (updated or near-duplicate text)
    exact_duplicates: int = 0  # articles whose story and version were already stored
    near_duplicates: int = 0  # articles matched to a stored story by MinHash
    errors: int = 0
    story_ids: list[int] = field(default_factory=list)  # per article on the page


class StoreBusy(RuntimeError):
    """Another process is writing this corpus."""


def _writer_lock(path: Path):
    """One writer per corpus: an exclusive lock on `corpus.db.lock` held while the store is open for
    writing. A second writer stops at once with a clear message, before it reads or writes anything:
    two writers would each keep their own near-duplicate index and split the corpus's duplicates."""
    import fcntl

    f = open(path.with_name(path.name + ".lock"), "a+b")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        raise StoreBusy(f"another dateline process is writing {path}; run this again when it has finished "
                        "(one writer per corpus)") from None
    return f


SCHEMA_VERSION = 2  # PRAGMA user_version that schema.sql sets


def migrate(conn: sqlite3.Connection) -> None:
    """Bring a store written by an earlier schema up to this one, in one transaction, before schema.sql
    runs (its CREATE ... IF NOT EXISTS leaves an existing table as it is). 1 -> 2: `versions.standfirst`,
    filled from each version's record (null for records made before the field existed)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    has_versions = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'versions'").fetchone()
    if not has_versions or version >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(versions)")}
        if "standfirst" not in columns:
            conn.execute("ALTER TABLE versions ADD COLUMN standfirst TEXT")
            conn.execute("UPDATE versions SET standfirst = json_extract(record_json, '$.standfirst')")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class Store:
    """One SQLite corpus file. `readonly=True` opens it with `mode=ro`, for readers."""

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no corpus store at {self.path}")
            self.conn = connect_readonly(self.path)
        else:
            self._lock = _writer_lock(self.path)
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            migrate(self.conn)
            self.conn.executescript(resources.files("dateline.corpus").joinpath("schema.sql").read_text())
            # WAL makes each commit cheap; NORMAL sync is durable across a crash of this process
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.row_factory = sqlite3.Row
        self._near: NearDuplicateIndex | None = None  # built on the first add: readers never need it

    # -- context manager -------------------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()
        lock = getattr(self, "_lock", None)
        if lock is not None:
            lock.close()  # closing the file releases the lock
            self._lock = None

    # -- writing ---------------------------------------------------------------------------------
    def add(self, result: PageResult) -> AddSummary:
        """Store one page result (its source, stories, versions, errors) in one transaction."""
        return self.add_rows([page_rows(result)])[0]

    def add_many(self, results: Iterable[PageResult]) -> list[AddSummary]:
        """Store page results in one transaction: all of them or, on a database error, none."""
        return self.add_rows([page_rows(r) for r in results])

    def add_rows(self, pages: Iterable[PageRows]) -> list[AddSummary]:
        """Store pages already turned into rows (`rows.page_rows`, e.g. in worker processes), in one
        transaction."""
        near = self._near_index()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            summaries = [self._add_page(p, near) for p in pages]
            self.conn.execute("COMMIT")
        except BaseException:  # an interrupt too: the store keeps whole pages only
            if self.conn.in_transaction:  # an interrupt may land after COMMIT is done
                self.conn.execute("ROLLBACK")
            self._near = None  # it may hold signatures of rolled-back versions: rebuild on next add
            raise
        return summaries

    def _add_page(self, page: PageRows, near: NearDuplicateIndex) -> AddSummary:
        row = self.conn.execute("SELECT id, status FROM sources WHERE sha256 = ?", (page.key,)).fetchone()
        if row is not None:
            return AddSummary(source_id=row["id"], status=row["status"], already_stored=True)
        cols = {"sha256": page.key, **page.source, "added_at": now()}
        source_id = self.conn.execute(
            f"INSERT INTO sources ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            tuple(cols.values())).lastrowid
        summary = AddSummary(source_id=source_id, status=page.status, errors=len(page.errors))
        self.conn.executemany("INSERT INTO errors (source_id, code, reason, message) VALUES (?, ?, ?, ?)",
                              [(source_id, *e) for e in page.errors])
        for index, article in enumerate(page.articles):
            summary.story_ids.append(self._add_article(article, source_id, index, page.seen, near, summary))
        return summary

    def _add_article(self, a: ArticleRows, source_id: int, index: int, seen: str, near: NearDuplicateIndex,
                     summary: AddSummary) -> int:
        """Find the story this article belongs to (exact, then near duplicate), add a version if its
        text or update time is new, and link the page to it."""
        story_id, version_id = self._exact_match(a.fp.body_hash, a.version["updated"])
        if story_id is not None and version_id is not None:
            summary.exact_duplicates += 1
        elif story_id is None and a.fp.signature is not None and (hit := near.best_story(a.fp.signature)):
            story_id = hit[0]
            summary.near_duplicates += 1
        if story_id is None:
            story_id = self.conn.execute(
                "INSERT INTO stories (headline, language, first_seen) VALUES (?, ?, ?)",
                (a.version["headline"], a.version["language"], seen)).lastrowid
            summary.stories_new += 1
        elif version_id is None:
            summary.versions_new += 1
        if version_id is None:
            version_id = self._insert_version(story_id, a, near)
            self._update_story(story_id, version_id, a.version, seen)
        self.conn.execute("INSERT OR IGNORE INTO story_sources (story_id, version_id, source_id, article_index)"
                          " VALUES (?, ?, ?, ?)", (story_id, version_id, source_id, index))
        return story_id

    def _exact_match(self, body_hash: str, updated: str | None) -> tuple[int | None, int | None]:
        """(story, version) for the same body and update time; (story, None) for the same body with
        another update time (a new version); (None, None) when the body is new."""
        rows = self.conn.execute("SELECT id, story_id, updated FROM versions WHERE body_hash = ? ORDER BY id",
                                 (body_hash,)).fetchall()
        for r in rows:
            if r["updated"] == updated or updated is None:
                return r["story_id"], r["id"]
        return (rows[0]["story_id"], None) if rows else (None, None)

    def _insert_version(self, story_id: int, a: ArticleRows, near: NearDuplicateIndex) -> int:
        cols = {"story_id": story_id, **a.version, "created_at": now()}
        vid = self.conn.execute(f"INSERT INTO versions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                tuple(cols.values())).lastrowid
        for table, columns, rows in (
            ("images", "position, caption, credit, url", a.images),
            ("sidebars", "kind, title, items_json, fields_json", a.sidebars),
            ("quotes", "text, speaker, speaker_description, cue, type, paragraph", a.quotes),
            ("entities", "name, type, aliases_json, mentions", a.entities),
        ):
            if rows:
                marks = ", ".join("?" * (len(rows[0]) + 1))
                self.conn.executemany(f"INSERT INTO {table} (version_id, {columns}) VALUES ({marks})",
                                      [(vid, *r) for r in rows])
        self.conn.execute("INSERT INTO versions_fts (rowid, headline, highlights, body) VALUES (?, ?, ?, ?)",
                          (vid, *a.fts))
        if a.fp.signature is not None:
            sig = np.asarray(a.fp.signature, dtype="<u4")
            self.conn.execute("INSERT INTO minhashes (version_id, story_id, signature) VALUES (?, ?, ?)",
                              (vid, story_id, sig.tobytes()))
            near.add(vid, story_id, sig)
        return vid

    def _update_story(self, story_id: int, version_id: int, v: dict, seen: str) -> None:
        """The newest version is the one with the latest update (or publication) time; among
        versions without times, the one stored last."""
        row = self.conn.execute(
            "SELECT s.first_seen, v.updated, v.published FROM stories s LEFT JOIN versions v"
            " ON v.id = s.latest_version WHERE s.id = ?", (story_id,)).fetchone()
        if row["first_seen"] > seen:
            self.conn.execute("UPDATE stories SET first_seen = ? WHERE id = ?", (seen, story_id))
        if (v["updated"] or v["published"] or "") >= (row["updated"] or row["published"] or ""):
            self.conn.execute("UPDATE stories SET latest_version = ?, headline = COALESCE(?, headline),"
                              " language = COALESCE(?, language) WHERE id = ?",
                              (version_id, v["headline"], v["language"], story_id))

    def prepare_writes(self) -> None:
        """Build the near-duplicate index now rather than on the first add."""
        self._near_index()

    def _near_index(self) -> NearDuplicateIndex:
        if self._near is None:
            index = NearDuplicateIndex()
            for r in self.conn.execute("SELECT version_id, story_id, signature FROM minhashes"):
                index.add(r["version_id"], r["story_id"], np.frombuffer(r["signature"], dtype="<u4"))
            self._near = index
        return self._near

    # -- reading ---------------------------------------------------------------------------------
    def has_source(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def source_hashes(self) -> set[str]:
        """Every stored source key: a batch skips these pages without reading them twice."""
        return {r[0] for r in self.conn.execute("SELECT sha256 FROM sources")}

    def source_links(self) -> set[str]:
        """The links of every page read from the web and stored without an error, as asked (uri) and
        as reached (url): a run does not fetch these again. A link that failed is tried again."""
        rows = self.conn.execute("SELECT uri, url FROM sources WHERE status != 'error' AND "
                                 "(uri LIKE 'http://%' OR uri LIKE 'https://%')")
        return {v for r in rows for v in (r[0], r[1]) if v}

    def counts(self) -> dict[str, int]:
        """Rows per table: sources, stories, versions, story_sources, errors."""
        return queries.counts(self.conn)

    def story_sources(self, story_id: int) -> list[dict]:
        """The pages a story was seen on, first stored first."""
        return queries.story_sources(self.conn, story_id)
