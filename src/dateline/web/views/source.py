"""The source view: the original page text, each block coloured by what it became and linked to the
field and story it went into. Provenance you can see.

A block is shown under the label of the field it went into when the two differ (a line the labeller
called boilerplate that became the headline is shown as headline, with the labeller's own label kept
beside it), in page order, and stories are numbered from 1 as a reader counts them."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from typing import Any, Iterator

from fastapi import APIRouter, Request

from ...corpus import queries
from ...lexicon import (BODY, BYLINE, CAPTION, HEADLINE, HIGHLIGHT, KICKER, LABELS, SIDEBAR_ITEM, SIDEBAR_TITLE,
                        STANDFIRST, TIME)
from ..render import http_url, respond

router = APIRouter()

MAX_MARKUP_CHARS = 1500  # of HTML under one block: enough to see the element, not a whole page wrapper
# the block label a field's provenance implies: "body[3]" -> body, "images[0]" -> caption
FIELD_LABELS = {"headline": (HEADLINE,), "kicker": (KICKER,), "body": (BODY,), "highlights": (HIGHLIGHT,),
                "standfirst": (STANDFIRST,),
                "authors": (BYLINE,), "byline": (BYLINE,), "published_text": (TIME,), "updated_text": (TIME,),
                "published": (TIME,), "updated": (TIME,), "images": (CAPTION,),
                "sidebars": (SIDEBAR_ITEM, SIDEBAR_TITLE)}


@router.get("/source/{source_id:int}.json", summary="A source page with its labelled blocks (JSON)")
@router.get("/source/{source_id:int}", summary="A source page with its labelled blocks")
def source_page(request: Request, source_id: int):
    return respond(request, "source.html", source(request.app.state.corpus.conn, source_id))


def source(conn, source_id: int) -> dict[str, Any]:
    found = queries.source(conn, source_id)
    row = found["source"]
    text = row.pop("text") or ""
    blocks = row.pop("blocks")
    articles = found["articles"]
    spans = []
    for a in articles:
        record = a.pop("record")
        a["number"] = a["article_index"] + 1
        spans.extend((s, e, a["article_index"], a["story_id"], f) for f, s, e in field_spans(record))
    views = block_views(blocks, text, spans)
    story_links = _story_links(views)
    numbers = {}
    for a in articles:
        numbers.setdefault(a["story_id"], a["number"])
    for b in views:
        # numbered as the list of stories above numbers them (the labeller's own count starts at 0 and
        # also counts stories that gave no article)
        b["story_id"] = story_links.get(b["story"])
        b["story_number"] = numbers.get(b["story_id"])
    return {
        "source": {**row, "chars": len(text), "original": http_url(row.get("url"))},
        "articles": articles,
        "blocks": views,
        "labels": [{"label": lab, "count": n} for lab, n in
                   sorted(Counter(b["label"] for b in views).items(), key=lambda x: LABELS.index(x[0])
                          if x[0] in LABELS else len(LABELS))],
        "errors": found["errors"],
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
    """Each block, in page order, with the page text it covers and the fields whose spans overlap it.
    (An HTML page's blocks are made as their elements close, so a container's own text can come
    after the blocks inside it: sorting by offset puts every block where it stands on the page.)"""
    starts = [b.get("start", 0) for b in blocks]
    ordered = sorted(range(len(blocks)), key=lambda i: (starts[i], i))
    sorted_starts = [starts[i] for i in ordered]
    fields: dict[int, list[dict]] = defaultdict(list)
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
    for n in ordered:
        b = blocks[n]
        start, end = b.get("start", 0), b.get("end", 0)
        shown = b.get("text", "")
        covered = text[start:end] if 0 <= start < end <= len(text) else ""
        went = _unique(fields.get(n, []))
        labelled = b.get("label") or "unlabelled"
        story = b.get("story", -1)
        out.append({"index": b.get("index", n), "label": shown_label(labelled, went), "labelled": labelled,
                    "story": story, "line": b.get("line"),
                    "start": start, "end": end, "text": shown, "markup": _markup(covered, shown), "fields": went})
    return out


def shown_label(labelled: str, fields: list[dict]) -> str:
    """The labeller's label when it agrees with the fields the block went into, else the label of the
    first such field: the colour and the link beside it then say the same thing."""
    implied = [lab for f in fields for lab in FIELD_LABELS.get(re.sub(r"\[.*", "", f["field"]), ())]
    if not implied or labelled in implied:
        return labelled
    return implied[0]


def _markup(covered: str, shown: str) -> str | None:
    """The page source under a block when it is more than the block's text: the HTML element a
    block of an HTML page came from. Flattened text covers just its own words: None."""
    if " ".join(covered.split()) == " ".join(shown.split()):
        return None
    return covered[:MAX_MARKUP_CHARS] + ("…" if len(covered) > MAX_MARKUP_CHARS else "")


def _anchor(field: str) -> str:
    """Where on the story page a field is shown: `body[3]` is paragraph #p3, the standfirst #standfirst."""
    if field == "standfirst":
        return "#standfirst"
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
