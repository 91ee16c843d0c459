"""Parquet shards: what one Dask task hands to `dateline load`, without the scheduler in between.

A shard row is one page as `corpus.rows.page_rows` made it: the `sources` columns, the page's
error records and, per article, the exact rows the store will insert (versions, images, sidebars,
quotes, entities, full-text columns) with its duplicate fingerprint (body hash, MinHash signature).
So all CPU work (extraction, JSON, hashing, MinHash) is done on the workers, and loading only
inserts, through `Store.add_rows`: the same duplicate handling as a local run.

A shard is written under a temporary name in its directory and renamed into place with
`os.replace` when complete, so a shard that exists is whole, and a task retried after its worker
died writes it once. Beside it, `<name>.errors.parquet` lists the page errors of the task (one row
an error), for reading a run's failures without loading it.
"""
from __future__ import annotations

import json
import os
import socket
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..corpus.dedup import Fingerprint
from ..corpus.rows import ArticleRows, PageRows, page_rows
from ..record import PageResult

SHARD_FORMAT = "dateline-shard/1"
SHARD_SUFFIX = ".parquet"
ERRORS_SUFFIX = ".errors.parquet"
TMP_SUFFIX = ".tmp"
# pages buffered before they are written as one row group: bounds a task's memory on an archive
# of any length (a page's rows are its text and blocks, a few hundred KB for a typical page)...
ROW_GROUP_PAGES = 32
# ...and a row group is written early once its text and blocks pass this, so that pages near the
# 20 MB page limit do not pile up 32 deep in a worker's memory
ROW_GROUP_BYTES = 64 * 1024 * 1024

# the `sources` columns of PageRows.source, in order; a shard refuses a page with other columns,
# so a change to rows.py cannot silently drop a column between the workers and the store
SOURCE_COLUMNS = ("uri", "url", "site", "format", "fetched_at", "offset", "encoding", "status", "skipped",
                  "text", "blocks_json")

_ERROR = pa.struct([("code", pa.string()), ("reason", pa.string()), ("message", pa.string())])
# the ArticleRows lists are kept as JSON text: their tuples become JSON arrays, and back
_ARTICLE = pa.struct([
    ("body_hash", pa.string()),
    ("signature", pa.binary()),  # uint32 little-endian x dedup.NUM_PERM; null for a body too short
    ("version_json", pa.large_string()), ("images_json", pa.string()), ("sidebars_json", pa.string()),
    ("quotes_json", pa.string()), ("entities_json", pa.string()), ("fts", pa.list_(pa.large_string())),
])
#: One row a page, in input order (`position`). `stories` is len(articles), kept as a column so a
#: run's counts are read without reading the articles.
SHARD_SCHEMA = pa.schema([
    ("position", pa.int32()), ("key", pa.string()), ("seen", pa.string()),
    ("uri", pa.string()), ("url", pa.string()), ("site", pa.string()), ("format", pa.string()),
    ("fetched_at", pa.string()), ("offset", pa.int64()), ("encoding", pa.string()), ("status", pa.string()),
    ("skipped", pa.string()),
    # large strings: a row group of big pages may pass the 2 GB that 32-bit offsets can address
    ("text", pa.large_string()), ("blocks_json", pa.large_string()),
    ("stories", pa.int32()), ("errors", pa.list_(_ERROR)), ("articles", pa.list_(_ARTICLE)),
])
#: One row a page error of the task.
ERRORS_SCHEMA = pa.schema([("uri", pa.string()), ("offset", pa.int64()), ("code", pa.string()),
                           ("reason", pa.string()), ("message", pa.string())])


@dataclass
class ShardCounts:
    """What a shard holds: small enough to return through the scheduler."""

    name: str
    pages: int = 0
    stories: int = 0
    failed: int = 0  # pages with an error record
    errors_by_reason: Counter = field(default_factory=Counter)


# -- rows <-> Arrow -----------------------------------------------------------------------------
def page_record(rows: PageRows, position: int) -> dict[str, Any]:
    if set(rows.source) != set(SOURCE_COLUMNS):
        raise ValueError(f"PageRows.source has columns {tuple(rows.source)}, the shard schema {SOURCE_COLUMNS}: "
                         "update scale/shards.py with corpus/rows.py")
    return {
        "position": position, "key": rows.key, "seen": rows.seen, **rows.source, "stories": len(rows.articles),
        "errors": [{"code": c, "reason": r, "message": m} for c, r, m in rows.errors],
        "articles": [_article_record(a) for a in rows.articles],
    }


def _article_record(a: ArticleRows) -> dict[str, Any]:
    sig = a.fp.signature
    return {
        "body_hash": a.fp.body_hash,
        "signature": None if sig is None else np.asarray(sig, dtype="<u4").tobytes(),
        "version_json": _json(a.version), "images_json": _json(a.images), "sidebars_json": _json(a.sidebars),
        "quotes_json": _json(a.quotes), "entities_json": _json(a.entities), "fts": list(a.fts),
    }


def page_rows_of(record: dict[str, Any]) -> PageRows:
    """The PageRows a shard row was made from, as `Store.add_rows` takes them."""
    return PageRows(
        key=record["key"], source={c: record[c] for c in SOURCE_COLUMNS},
        errors=[(e["code"], e["reason"], e["message"]) for e in record["errors"]],
        articles=[_article_rows(a) for a in record["articles"]], seen=record["seen"],
    )


def _article_rows(a: dict[str, Any]) -> ArticleRows:
    sig = None if a["signature"] is None else np.frombuffer(a["signature"], dtype="<u4")
    return ArticleRows(
        fp=Fingerprint(a["body_hash"], sig), version=json.loads(a["version_json"]),
        images=_tuples(a["images_json"]), sidebars=_tuples(a["sidebars_json"]),
        quotes=_tuples(a["quotes_json"]), entities=_tuples(a["entities_json"]), fts=tuple(a["fts"]),
    )


def _tuples(text: str) -> list[tuple]:
    return [tuple(row) for row in json.loads(text)]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- writing ------------------------------------------------------------------------------------
def shard_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}{SHARD_SUFFIX}"


def errors_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}{ERRORS_SUFFIX}"


def temp_path(final: Path) -> Path:
    """A hidden name in the same directory (so os.replace is atomic) with the writer's host and
    process id: two attempts never share a file, even on a shared disk, and a partial file left by
    a killed worker says which worker it was."""
    return final.with_name(f".{final.name}.{socket.gethostname()}-{os.getpid()}{TMP_SUFFIX}")


class ShardWriter:
    """Writes one task's pages to `<name>.parquet` (+ `<name>.errors.parquet`), all or nothing.

        with ShardWriter(out_dir, name, inputs) as shard:
            for result in results:
                shard.add(result)
        shard.counts
    """

    def __init__(self, out_dir: Path, name: str, inputs: list[str]):
        self.final, self.errors_final = shard_path(out_dir, name), errors_path(out_dir, name)
        self.tmp, self.errors_tmp = temp_path(self.final), temp_path(self.errors_final)
        # the task's inputs go in the file's metadata: `load` merges shards in input order from them
        meta = {"dateline.format": SHARD_FORMAT, "dateline.inputs": json.dumps(inputs, ensure_ascii=False)}
        self.writer = pq.ParquetWriter(self.tmp, SHARD_SCHEMA.with_metadata(meta), compression="zstd")
        self.counts = ShardCounts(name=name)
        self.pending: list[dict[str, Any]] = []
        self.pending_bytes = 0
        self.errors: list[dict[str, Any]] = []

    def add(self, result: PageResult) -> None:
        rows = page_rows(result)
        self.pending.append(page_record(rows, self.counts.pages))
        self.pending_bytes += len(rows.source["text"] or "") + len(rows.source["blocks_json"] or "")
        c = self.counts
        c.pages += 1
        c.stories += len(rows.articles)
        c.failed += bool(rows.errors)
        for code, reason, message in rows.errors:
            c.errors_by_reason[reason] += 1
            self.errors.append({"uri": result.source.uri, "offset": result.source.offset, "code": code,
                                "reason": reason, "message": message})
        if len(self.pending) >= ROW_GROUP_PAGES or self.pending_bytes >= ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.writer.write_table(pa.Table.from_pylist(self.pending, schema=self.writer.schema))
            self.pending, self.pending_bytes = [], 0

    def __enter__(self) -> "ShardWriter":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        try:
            if exc_type is None:
                self._flush()
            self.writer.close()
            if exc_type is None:
                pq.write_table(pa.Table.from_pylist(self.errors, schema=ERRORS_SCHEMA), self.errors_tmp)
                # the errors file first: a shard that exists always has its errors beside it
                os.replace(self.errors_tmp, self.errors_final)
                os.replace(self.tmp, self.final)
        finally:
            for leftover in (self.tmp, self.errors_tmp):
                leftover.unlink(missing_ok=True)


# -- reading ------------------------------------------------------------------------------------
def shard_inputs(path: Path) -> list[str]:
    """The inputs of the task that wrote a shard, from the file's metadata."""
    meta = pq.read_schema(path).metadata or {}
    if meta.get(b"dateline.format") != SHARD_FORMAT.encode():
        raise ValueError(f"{path} is not a dateline shard ({SHARD_FORMAT})")
    return json.loads(meta[b"dateline.inputs"])


def list_shards(out_dir: Path) -> list[Path]:
    """The complete shards of a directory in the order of their inputs (a folder walk's order), so
    loading them gives the store of a local run over the same inputs in that order."""
    paths = [p for p in out_dir.glob(f"*{SHARD_SUFFIX}")
             if not p.name.endswith(ERRORS_SUFFIX) and not p.name.startswith(".")]
    return sorted(paths, key=lambda p: [Path(i).parts for i in shard_inputs(p)])


def iter_shard(path: Path, batch_pages: int) -> Iterator[list[PageRows]]:
    """The pages of a shard as PageRows, `batch_pages` at a time, in order."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_pages):
        yield [page_rows_of(r) for r in batch.to_pylist()]


def read_counts(out_dir: Path, name: str) -> ShardCounts:
    """The counts of a complete shard, from two small columns and its errors file."""
    t = pq.read_table(shard_path(out_dir, name), columns=["stories", "errors"])
    errors = pq.read_table(errors_path(out_dir, name), columns=["reason"]).column("reason").to_pylist()
    return ShardCounts(
        name=name, pages=t.num_rows, stories=int(pc.sum(t.column("stories")).as_py() or 0),
        failed=int(pc.sum(pc.greater(pc.list_value_length(t.column("errors")), 0))
                   .as_py() or 0),
        errors_by_reason=Counter(errors),
    )
