"""The source view: the original page text, each block coloured by what it became and linked to the
field and story it went into. Provenance you can see."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from typing import Any, Iterator

from fastapi import APIRouter, Request

from ...lexicon import LABELS
from ..render import respond
from ..db import Corpus, loads

router = APIRouter()

MAX_MARKUP_CHARS = 1500  # of HTML under one block: enough to see the element, not a whole page wrapper


@router.get("/source/{source_id:int}.json", summary="A source page with its labelled blocks (JSON)")
@router.get("/source/{source_id:int}", summary="A source page with its labelled blocks")
def source_page(request: Request, source_id: int):
    return respond(request, "source.html", source(request.app.state.corpus, source_id))


def source(corpus: Corpus, source_id: int) -> dict[str, Any]:
    row = corpus.must("SELECT id, sha256, uri, url, site, format, fetched_at, encoding, status, skipped, text, "
                      "blocks_json, added_at FROM sources WHERE id = ?", (source_id,), f"source {source_id}")
    text = row.pop("text") or ""
    blocks = loads(row.pop("blocks_json"), [])
    articles = corpus.rows(
        "SELECT ss.article_index, ss.story_id, ss.version_id, v.headline, v.record_json FROM story_sources ss "
        "JOIN versions v ON v.id = ss.version_id WHERE ss.source_id = ? ORDER BY ss.article_index", (source_id,))
    spans = []
    for a in articles:
        record = loads(a.pop("record_json"), {})
        spans.extend((s, e, a["article_index"], a["story_id"], f) for f, s, e in field_spans(record))
    views = block_views(blocks, text, spans)
    story_links = _story_links(views)
    for b in views:
        b["story_id"] = story_links.get(b["story"])
    return {
        "source": {**row, "chars": len(text)},
        "articles": articles,
        "blocks": views,
        "labels": [{"label": lab, "count": n} for lab, n in
                   sorted(Counter(b["label"] for b in views).items(), key=lambda x: LABELS.index(x[0])
                          if x[0] in LABELS else len(LABELS))],
        "errors": corpus.rows("SELECT code, reason, message FROM errors WHERE source_id = ?", (source_id,)),
    }


def field_spans(record: dict) -> Iterator[tuple[str, int, int]]:
    """(field, start, end) for every provenance span of an article: `body[3]`, `headline`,
    `images[0]`; spans are [start, end, line, end_line] nested one level per list field."""
    for name, value in (record.get("provenance") or {}).items():
        yield from _walk(name, value)
    for key in ("images", "sidebars"):
        for i, item in enumerate(record.get(key) or []):
            yield from _walk(f"{key}[{i}]", item.get("provenance") or [])


def _walk(name: str, value: Any) -> Iterator[tuple[str, int, int]]:
    if _is_span(value):
        yield name, value[0], value[1]
    elif isinstance(value, list):
        spans_here = all(_is_span(v) for v in value)
        for i, v in enumerate(value):
            # a list of spans is one value's pieces; a list of lists is one entry per paragraph/item
            yield from _walk(name if spans_here else f"{name}[{i}]", v)


def _is_span(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 4 and all(isinstance(x, int) for x in v)


def block_views(blocks: list[dict], text: str, spans: list[tuple]) -> list[dict]:
    """Each block with the page text it covers and the fields whose spans overlap it."""
    starts = [b.get("start", 0) for b in blocks]
    fields: dict[int, list[dict]] = defaultdict(list)
    ordered = sorted(range(len(blocks)), key=lambda i: starts[i])
    sorted_starts = [starts[i] for i in ordered]
    for s, e, article_index, story_id, field in spans:
        # blocks do not overlap one another: walk right from the first block that could reach s
        i = max(0, bisect_left(sorted_starts, s) - 1)
        while i < len(ordered) and sorted_starts[i] < e:
            b = blocks[ordered[i]]
            if b.get("end", 0) > s:
                fields[ordered[i]].append({"field": field, "article_index": article_index, "story_id": story_id,
                                           "anchor": _anchor(field)})
            i += 1
    out = []
    for n, b in enumerate(blocks):
        start, end = b.get("start", 0), b.get("end", 0)
        shown = b.get("text", "")
        covered = text[start:end] if 0 <= start < end <= len(text) else ""
        out.append({"index": b.get("index", n), "label": b.get("label") or "unlabelled",
                    "story": b.get("story", -1), "line": b.get("line"), "start": start, "end": end,
                    "text": shown, "markup": _markup(covered, shown), "fields": _unique(fields.get(n, []))})
    return out


def _markup(covered: str, shown: str) -> str | None:
    """The page source under a block when it is more than the block's text: the HTML element a
    block of an HTML page came from. Flattened text covers just its own words: None."""
    if " ".join(covered.split()) == " ".join(shown.split()):
        return None
    return covered[:MAX_MARKUP_CHARS] + ("…" if len(covered) > MAX_MARKUP_CHARS else "")


def _anchor(field: str) -> str:
    """Where on the story page a field is shown: `body[3]` is paragraph #p3."""
    m = re.fullmatch(r"body\[(\d+)\]", field)
    return f"#p{m.group(1)}" if m else ""


def _unique(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for it in items:
        key = (it["field"], it["article_index"])
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


def _story_links(views: list[dict]) -> dict[int, int]:
    """The labeller's story index -> the stored story: the story most of its blocks' spans went to.
    (The two numberings differ when a story gave no article.)"""
    votes: dict[int, Counter] = defaultdict(Counter)
    for b in views:
        for f in b["fields"]:
            if b["story"] >= 0:
                votes[b["story"]][f["story_id"]] += 1
    return {n: c.most_common(1)[0][0] for n, c in votes.items()}
