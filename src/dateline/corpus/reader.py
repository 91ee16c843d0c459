"""Reading a corpus: read-only SQLite connections, one per thread, for the explorer and `Store(readonly=True)`.

A reader never writes: the file is opened with SQLite's `mode=ro` and `query_only`, so even a bug in a
caller cannot change the corpus another process may be filling. A corpus nobody can be filling (a
read-only mount, a folder that cannot be written, a file without write permission) is opened `immutable`
as well: SQLite then reads the file alone and creates no `-wal` or `-shm` file beside it, which a
read-only folder could not hold.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

# Read pages through the OS page cache, shared by every thread's connection, instead of copying them
# into a private 8 MB cache each: a search that ranks 20,000 matches touches far more than 8 MB.
MMAP_BYTES = 1 << 30
REQUIRED_TABLES = frozenset({"sources", "stories", "versions", "story_sources", "quotes", "entities", "versions_fts"})


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection; raises FileNotFoundError rather than creating an empty database."""
    p = Path(path).resolve()
    if not p.is_file():
        raise FileNotFoundError(f"no corpus database at {p}")
    flags = "mode=ro&immutable=1" if cannot_change(p) else "mode=ro"
    # quoted: a '?' or '#' in a path is no query
    conn = sqlite3.connect(f"file:{quote(str(p))}?{flags}", uri=True, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA query_only = 1")
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    return conn


def cannot_change(path: Path) -> bool:
    """No writer can be filling this corpus: its mount is read-only, its folder cannot be written, or
    the file has no write permission bit (checked on the bits: root may write any file). Not so where a
    writer left a write-ahead log behind (a `-wal` file that holds commits): `immutable` would not read it."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    read_only_mount = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    no_write_bits = not path.stat().st_mode & 0o222
    return read_only_mount or no_write_bits or not os.access(path.parent, os.W_OK)


class NotFound(LookupError):
    """A story, source, person or entity the corpus does not hold."""


class Reader:
    """One read-only connection per thread: a web server runs requests in a thread pool, and a
    connection shared across threads would serialise every request behind one lock."""

    def __init__(self, path: str | Path):
        self.path = Path(path).resolve()
        conn = connect_readonly(self.path)  # fail at start-up, not on the first request
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"{self.path} is not an SQLite database: {exc}") from exc
        finally:
            conn.close()
        missing = REQUIRED_TABLES - tables
        if missing:
            raise ValueError(f"{self.path} is not a dateline corpus: no {', '.join(sorted(missing))} table")
        self._local = threading.local()

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect_readonly(self.path)
        return conn

    def rows(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def row(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        r = self.conn.execute(sql, params).fetchone()
        return dict(r) if r is not None else None

    def value(self, sql: str, params: tuple | list = ()) -> Any:
        r = self.conn.execute(sql, params).fetchone()
        return r[0] if r is not None else None

    def must(self, sql: str, params: tuple | list, what: str) -> dict[str, Any]:
        r = self.row(sql, params)
        if r is None:
            raise NotFound(f"{what} not found")
        return r

    def generation(self) -> tuple[int, int]:
        """What changes whenever a writer adds to the corpus: the newest version and source ids. The
        store only appends (a new version of a story is a new row), so two equal generations hold the
        same stories, versions and pages."""
        return (self.value("SELECT max(id) FROM versions") or 0, self.value("SELECT max(id) FROM sources") or 0)
