"""The story page: one story's newest (or a chosen) version, with its sources, versions and the
original article wherever a page's address is known."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from ...corpus import queries
from ..render import http_url, respond

router = APIRouter()


@router.get("/story/{story_id:int}.json", summary="One story (JSON)")
@router.get("/story/{story_id:int}", summary="One story")
def story_page(request: Request, story_id: int, version: int | None = Query(None, ge=1)):
    people = request.app.state.index.current().people
    return respond(request, "story.html", story(request.app.state.corpus.conn, story_id, version, people))


def story(conn, story_id: int, version_id: int | None, people) -> dict[str, Any]:
    found = queries.story(conn, story_id, version_id)
    article = found["record"]
    quotes = article.get("quotes") or []
    sources = found["sources"]
    for s in sources:
        s["original"] = http_url(s.get("url"))
    return {
        "story": found["story"],
        "version_id": found["version_id"],
        "is_latest": found["version_id"] == found["story"]["latest_version"],
        "article": article,
        "original": next((s["original"] for s in sources if s["original"]), None),
        # the person page each speaker links to; None for a speaker that is not a person's name
        "people": [people.person(q.get("speaker")) for q in quotes],
        "paragraphs": paragraphs_with_quotes(article.get("body") or [], quotes),
        "sidebars": [_sidebar(sb) for sb in article.get("sidebars") or []],
        "images": sorted(article.get("images") or [], key=lambda i: i.get("position") or 0),
        "entities": sorted(({"name": e.get("name"), "type": e.get("type"), "aliases": e.get("aliases") or [],
                             "mentions": len(e.get("mentions") or [])} for e in article.get("entities") or []),
                           key=lambda e: (-e["mentions"], e["name"] or "")),
        "versions": found["versions"],
        "sources": sources,
    }


def _sidebar(sb: dict) -> dict:
    """A box with its key/value lines once: items that only repeat a field ("Name: X") are dropped."""
    fields = sb.get("fields") or {}
    said = {f"{k}: {v}" for k, v in fields.items()}
    items = [it for it in sb.get("items") or [] if it.strip() not in said]
    return {"kind": sb.get("kind") or "other", "title": sb.get("title"), "fields": fields, "items": items}


def paragraphs_with_quotes(body: list[str], quotes: list[dict]) -> list[list[dict]]:
    """Each paragraph as segments [{text, quote}] where `quote` indexes `quotes` for quoted text
    and is None elsewhere; the template marks quotes and links their speakers, escaping all."""
    by_para: dict[int, list[tuple[int, int, int]]] = {}
    for qi, q in enumerate(quotes):
        p = q.get("paragraph") or 0
        if not 0 <= p < len(body):
            continue
        start, end = _quote_span(body[p], q)
        if end > start:
            by_para.setdefault(p, []).append((start, end, qi))
    out = []
    for p, text in enumerate(body):
        segments, pos = [], 0
        for start, end, qi in sorted(by_para.get(p, [])):
            if start < pos:  # overlapping quotes: the first one wins, the other stays listed below
                continue
            if start > pos:
                segments.append({"text": text[pos:start], "quote": None})
            segments.append({"text": text[start:end], "quote": qi})
            pos = end
        if pos < len(text):
            segments.append({"text": text[pos:], "quote": None})
        out.append(segments)
    return out


def _quote_span(paragraph: str, q: dict) -> tuple[int, int]:
    start, end = q.get("start") or 0, q.get("end") or 0
    if 0 <= start < end <= len(paragraph):
        return start, end
    # offsets missing (an older record): find the quoted words in the paragraph instead
    text = (q.get("text") or "").strip()
    found = paragraph.find(text) if text else -1
    return (found, found + len(text)) if found >= 0 else (0, 0)
