"""Exports of a corpus: JSON Lines, Parquet, JSON-LD (schema.org NewsArticle).

Every export reads the store a story version at a time, so a corpus of any size exports in
bounded memory.

- **jsonl**: one line a story: its latest version's record (RECORD.md) with `story_id`,
  `version_id`, `versions` (how many) and `sources` (every page it was seen on).
- **parquet**: one row a story version, with `PARQUET_SCHEMA` below; `latest` marks the
  version the story shows.
- **jsonld**: one JSON-LD document, `{"@context": "https://schema.org", "@graph": [NewsArticle, ...]}`.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from .store import Store

FORMATS = ("jsonl", "parquet", "jsonld")
# rows per Parquet row group: a few MB each, so readers can skip and stream
PARQUET_BATCH_ROWS = 2_000

_IMAGE = pa.struct([("caption", pa.string()), ("credit", pa.string()), ("url", pa.string()),
                    ("position", pa.int32())])
_SIDEBAR = pa.struct([("kind", pa.string()), ("title", pa.string()), ("items", pa.list_(pa.string())),
                      ("fields", pa.map_(pa.string(), pa.string()))])
_SOURCE = pa.struct([("uri", pa.string()), ("url", pa.string()), ("site", pa.string()),
                     ("fetched_at", pa.string()), ("offset", pa.int64())])
#: One row a story version. Times are ISO 8601 strings as in the record (they may be dates only or
#: carry any offset, which a timestamp column would lose); `record_json` is the whole record.
PARQUET_SCHEMA = pa.schema([
    ("story_id", pa.int64()), ("version_id", pa.int64()), ("latest", pa.bool_()),
    ("article_id", pa.string()), ("headline", pa.string()), ("kicker", pa.string()),
    ("authors", pa.list_(pa.string())), ("published", pa.string()), ("updated", pa.string()),
    ("published_text", pa.string()), ("updated_text", pa.string()), ("dateline", pa.string()),
    ("language", pa.string()), ("highlights", pa.list_(pa.string())), ("standfirst", pa.string()),
    ("body", pa.list_(pa.string())),
    ("images", pa.list_(_IMAGE)), ("sidebars", pa.list_(_SIDEBAR)), ("sources", pa.list_(_SOURCE)),
    ("record_json", pa.string()),
])

# schema.org NewsArticle properties this export writes (all defined on https://schema.org/NewsArticle
# or inherited from CreativeWork / Thing); the tests check every object against them
NEWSARTICLE_PROPERTIES = {
    "@context", "@type", "@id", "identifier", "headline", "alternativeHeadline", "articleSection", "author",
    "datePublished", "dateModified", "dateline", "abstract", "description", "articleBody", "inLanguage", "image", "url",
    "isBasedOn", "mentions", "citation",
}
JSONLD_REQUIRED = ("@type", "@id", "identifier", "headline", "articleBody", "url")


def export(store: Store, fmt: str, out: Path | None, all_versions: bool = False) -> int:
    """Write the corpus in `fmt` to `out` (stdout when None); the number of records written."""
    if fmt == "parquet":
        return export_parquet(store, out)
    with _text_out(out) as f:
        if fmt == "jsonl":
            return export_jsonl(store, f, all_versions)
        return export_jsonld(store, f, all_versions)


def iter_versions(store: Store, all_versions: bool = False) -> Iterator[dict[str, Any]]:
    """Each (latest) version as its record with story_id, version_id, versions, latest and sources."""
    where = "" if all_versions else "WHERE v.id = s.latest_version"
    sql = (f"SELECT v.id, v.story_id, v.record_json, v.id = s.latest_version AS latest,"
           f" (SELECT count(*) FROM versions w WHERE w.story_id = v.story_id) AS n"
           f" FROM versions v JOIN stories s ON s.id = v.story_id {where} ORDER BY v.story_id, v.id")
    sources_sql = ("SELECT DISTINCT src.uri, src.url, src.site, src.fetched_at, src.offset FROM story_sources ss"
                   " JOIN sources src ON src.id = ss.source_id WHERE ss.story_id = ? ORDER BY src.id")
    for row in store.conn.execute(sql):
        record = json.loads(row["record_json"])
        record.update(story_id=row["story_id"], version_id=row["id"], versions=row["n"],
                      latest=bool(row["latest"]))
        record["sources"] = [dict(r) for r in store.conn.execute(sources_sql, (row["story_id"],))]
        yield record


def export_jsonl(store: Store, f, all_versions: bool = False) -> int:
    n = 0
    for record in iter_versions(store, all_versions):
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_parquet(store: Store, out: Path) -> int:
    n = 0
    with pq.ParquetWriter(out, PARQUET_SCHEMA) as writer:
        batch: list[dict[str, Any]] = []
        for record in iter_versions(store, all_versions=True):
            batch.append(_parquet_row(record))
            if len(batch) >= PARQUET_BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
            n += len(batch)
    return n


def _parquet_row(r: dict[str, Any]) -> dict[str, Any]:
    row = {name: r.get(name) for name in PARQUET_SCHEMA.names if name not in ("images", "sidebars", "record_json")}
    row["images"] = [{k: i.get(k) for k in ("caption", "credit", "url", "position")} for i in r.get("images", [])]
    row["sidebars"] = [{"kind": s.get("kind"), "title": s.get("title"), "items": s.get("items", []),
                        "fields": list((s.get("fields") or {}).items())} for s in r.get("sidebars", [])]
    core = {k: v for k, v in r.items() if k not in ("story_id", "version_id", "versions", "latest", "sources")}
    row["record_json"] = json.dumps(core, ensure_ascii=False)
    return row


def export_jsonld(store: Store, f, all_versions: bool = False) -> int:
    f.write('{"@context": "https://schema.org", "@graph": [\n')
    n = 0
    for record in iter_versions(store, all_versions):
        f.write((",\n" if n else "") + json.dumps(news_article(record), ensure_ascii=False))
        n += 1
    f.write("\n]}\n")
    return n


def news_article(r: dict[str, Any]) -> dict[str, Any]:
    """A story version as a schema.org NewsArticle."""
    sources = r.get("sources") or []
    urls = [_url(s) for s in sources if s.get("url") or s.get("uri")]
    obj: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"#story-{r['story_id']}-v{r['version_id']}",
        "identifier": r.get("id"),
        "headline": r.get("headline") or "",
        "articleBody": "\n\n".join(r.get("body") or []),
        "url": urls[0] if urls else None,
        "author": [{"@type": "Person", "name": a} for a in r.get("authors") or []],
        "datePublished": r.get("published"),
        "dateModified": r.get("updated"),
        "articleSection": r.get("kicker"),
        "dateline": r.get("dateline"),
        "abstract": "\n".join(r.get("highlights") or []) or None,
        "description": r.get("standfirst"),  # the lead paragraph set apart above the body
        "inLanguage": r.get("language"),
        "image": [_image(i) for i in r.get("images") or []],
        "isBasedOn": urls[1:],
        "mentions": [{"@type": _ENTITY_TYPES.get(e.get("type"), "Thing"), "name": e.get("name")}
                     for e in r.get("entities") or []],
    }
    return {k: v for k, v in obj.items() if v not in (None, [], "") or k in JSONLD_REQUIRED}


_ENTITY_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}


def _url(source: dict[str, Any]) -> str:
    """The page's URL; for a local file, its file: URI (with the record offset inside an archive)."""
    if source.get("url"):
        return source["url"]
    uri = source["uri"]
    if Path(uri).is_absolute():
        uri = Path(uri).as_uri()
    return f"{uri}#offset={source['offset']}" if source.get("offset") is not None else uri


def _image(i: dict[str, Any]) -> dict[str, Any]:
    obj = {"@type": "ImageObject", "caption": i.get("caption"), "creditText": i.get("credit"),
           "contentUrl": i.get("url")}
    return {k: v for k, v in obj.items() if v is not None}


@contextmanager
def _text_out(out: Path | None):
    if out is None:
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8") as f:
        yield f
