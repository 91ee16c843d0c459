"""Download a search's results as CSV or JSON Lines: every matching story in the page's order (not
only the page shown), streamed a batch at a time, up to `limit` rows (the `max_download_rows` setting
at most). The headers say how many stories matched and how many rows the file holds."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from ...corpus.queries import loads
from ...corpus.search import SearchQuery, iter_details
from ..errors import BadRequest
from .search import query_params, run_search

router = APIRouter()

# one row per story: what a result shows, plus the link back to the explorer and the bm25 rank
COLUMNS = ("position", "story_id", "version_id", "date", "headline", "kicker", "authors", "site", "url",
           "language", "published", "updated", "rank", "explorer_url")
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}
BODY_SEPARATOR = "\n\n"  # paragraphs of a body in one CSV cell
CHUNK_CHARS = 64 * 1024


@router.get("/search.csv", summary="Download search results as CSV")
@router.get("/search.jsonl", summary="Download search results as JSON Lines")
def download(
    request: Request,
    query: SearchQuery = Depends(query_params),
    limit: int | None = Query(None, ge=1, description="at most this many rows (max_download_rows at most)"),
    body: bool = Query(False, description="add each story's body text"),
):
    kind = request.url.path.rsplit(".", 1)[1]
    cap = request.app.state.settings["max_download_rows"]
    if limit is not None and limit > cap:
        raise BadRequest(f"limit must be at most {cap} (the max_download_rows setting)")
    hits, _, _ = run_search(request, query)
    rows = min(hits.total, limit or cap)
    records = (_record(r, n, body) for n, r in
               enumerate(iter_details(request.app.state.corpus, hits, rows, with_body=body), start=1))
    lines = _csv(records, body) if kind == "csv" else (json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    headers = {"Content-Disposition": f'attachment; filename="dateline-search.{kind}"',
               "X-Total-Count": str(hits.total), "X-Row-Count": str(rows)}
    return StreamingResponse(_encoded(lines), media_type=MEDIA[kind], headers=headers)


def _record(row: dict[str, Any], position: int, with_body: bool) -> dict[str, Any]:
    out = {"position": position, **{k: row.get(k) for k in COLUMNS[1:-1]},
           "authors": loads(row.get("authors_json"), []), "explorer_url": f"/story/{row['story_id']}"}
    if with_body:
        out["standfirst"] = row.get("standfirst")
        out["body"] = loads(row.get("body_json"), [])
    return out


def _csv(records: Iterator[dict[str, Any]], with_body: bool) -> Iterator[str]:
    columns = COLUMNS + (("standfirst", "body") if with_body else ())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for r in records:
        r = {**r, "authors": "; ".join(r["authors"])}
        if with_body:
            r["body"] = BODY_SEPARATOR.join(r["body"])
        writer.writerow(["" if r[c] is None else r[c] for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _encoded(lines: Iterator[str]) -> Iterator[bytes]:
    """Rows joined into chunks of about CHUNK_CHARS: one write per row would cost a syscall a row."""
    chunk: list[str] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            yield "".join(chunk).encode("utf-8")
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk).encode("utf-8")
