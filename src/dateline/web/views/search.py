"""Search: the matching stories with their count, facets that narrow the search, a choice of order,
numbered pages and downloads of every result (download.py). corpus/search.py does the searching;
this module turns its answer into the page: links, snippets, page numbers."""
from __future__ import annotations

import math
import re
import time
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request

from ...corpus import search as corpus_search
from ...corpus.index import FACETS, StoryIndex
from ...corpus.queries import loads
from ...corpus.search import Hits, SearchQuery
from ..errors import BadRequest
from ..render import respond

router = APIRouter()

HIT_START, HIT_END = "\x02", "\x03"  # snippet markers no page text contains; split out, never as HTML
OPENING_CHARS = 240  # of a story's first paragraph, shown as the snippet of a result without words
PAGE_WINDOW = 2  # page links either side of the current one
FACET_TITLES = {"site": "Site", "language": "Language", "year": "Year", "person": "Person quoted",
                "entity": "Entity named"}


def query_params(
    q: str = Query("", max_length=500, description="words; \"quoted phrase\" for a phrase"),
    date_from: str = Query("", description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive; undated stories are left out"),
    date_to: str = Query("", description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive; undated stories are left out"),
    site: str = Query("", max_length=300),
    language: str = Query("", max_length=20),
    person: str = Query("", max_length=300, description="a person quoted in the story, by any of their names"),
    entity: str = Query("", max_length=300, description="an entity named in the story"),
    undated: str = Query("", description="include, exclude or only: stories without a date "
                                         "(default: left out by a date filter, else included)"),
    sort: str = Query("", description="relevance, newest or oldest (default: relevance with words, else newest)"),
) -> SearchQuery:
    return SearchQuery.of(locals())


def run_search(request: Request, query: SearchQuery) -> tuple[Hits, StoryIndex, bool]:
    """(the hits, the index they come from, whether that index holds all the corpus holds now)."""
    index, fresh = request.app.state.index.lookup()
    try:
        hits = corpus_search.search(request.app.state.corpus, index, query, request.app.state.settings["facet_values"])
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
    return hits, index, fresh


@router.get("/", include_in_schema=False)
@router.get("/search.json", summary="Search stories (JSON)")
@router.get("/search", summary="Search stories")
def search_page(request: Request, page: int = Query(1, ge=1), query: SearchQuery = Depends(query_params)):
    started = time.perf_counter()
    hits, index, fresh = run_search(request, query)
    data = search_data(request, hits, page)
    data["stories_in_corpus"], data["index_complete"] = len(index), fresh
    data["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return respond(request, "search.html", data)


def search_data(request: Request, hits: Hits, page: int) -> dict[str, Any]:
    settings = request.app.state.settings
    size = settings["page_size"]
    query = hits.query
    pages = max(1, math.ceil(hits.total / size))
    results = corpus_search.details(request.app.state.corpus, hits.page(page, size))
    _add_snippets(request, query, results, settings["snippet_tokens"])
    ranks = hits.rank_of((page - 1) * size, page * size)
    for r in results:
        r["rank"] = ranks.get(r["version_id"])
        r["authors"] = loads(r.pop("authors_json"), [])
    params = query.params()
    return {
        "query": {**{f: getattr(query, f) for f in SearchQuery.__dataclass_fields__}, "page": page},
        "fts": query.fts, "sort": query.order, "undated": query.undated_policy,
        "total": hits.total, "page": page, "pages": pages, "page_size": size,
        "first": (page - 1) * size + 1, "has_next": page < pages,
        "results": results,
        "facets": _facet_links(hits, params),
        "filters": _active_filters(query, params),
        "sorts": [{"sort": s, "chosen": s == query.order, "href": _href(params, sort=s)}
                  for s in corpus_search.SORTS if s != "relevance" or query.fts],
        "undated_left_out": hits.undated_left_out,
        "include_undated": _href(params, undated="include") if hits.undated_left_out else None,
        "page_links": _page_links(params, page, pages),
        "prev": _href(params, page=str(page - 1) if page > 2 else "") if page > 1 else None,
        "next": _href(params, page=str(page + 1)) if page < pages else None,
        "downloads": {kind: _href(params, path=f"/search.{kind}") for kind in ("csv", "jsonl")},
        "download_limit": settings["max_download_rows"],
    }


def _add_snippets(request: Request, query: SearchQuery, results: list[dict], tokens: int) -> None:
    reader = request.app.state.corpus
    ids = [r["version_id"] for r in results]
    if query.fts:
        found = corpus_search.snippets(reader, query.fts, ids, tokens, HIT_START, HIT_END)
        for r in results:
            r["snippet"] = snippet_parts(found.get(r["version_id"], ""))
        return
    texts = corpus_search.texts(reader, ids)
    for r in results:
        body_json, standfirst = texts.get(r["version_id"], (None, None))
        body = loads(body_json, [])
        first = standfirst or (body[0] if body else "")  # the story's own summary, else its opening
        cut = first[:OPENING_CHARS] + ("…" if len(first) > OPENING_CHARS else "")
        r["snippet"] = [[cut, False]] if cut else []


def snippet_parts(s: str) -> list[list]:
    """'a \x02b\x03 c' -> [['a ', False], ['b', True], [' c', False]]: the template marks the hits
    and escapes every part, so a hit inside page text can never become markup."""
    parts: list[list] = []
    for i, chunk in enumerate(re.split(f"[{HIT_START}{HIT_END}]", s)):
        if chunk:
            parts.append([chunk, i % 2 == 1])
    return parts


def _href(params: dict[str, str], path: str = "/search", **changes: str) -> str:
    """`path` with the current parameters changed; an empty value removes one; the page starts over."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v}
    return path + (f"?{urlencode(kept)}" if kept else "")


def _facet_links(hits: Hits, params: dict[str, str]) -> list[dict[str, Any]]:
    """Each facet with its values: the count of matching stories and the link that narrows to them."""
    out = []
    for name in FACETS:
        values = []
        for v in hits.facets[name]:
            if name == "year" and v["value"] == "undated":
                chosen = params.get("undated") == "only"
                href = _href(params, date_from="", date_to="", undated="" if chosen else "only")
            elif name == "year":
                chosen = params.get("date_from") == v["value"] and params.get("date_to") == v["value"]
                href = _href(params, date_from="" if chosen else v["value"], date_to="" if chosen else v["value"],
                             undated="")
            else:
                chosen = params.get(name) == v["value"]
                href = _href(params, **{name: "" if chosen else v["value"]})
            values.append({**v, "chosen": bool(chosen), "href": href})
        out.append({"name": name, "title": FACET_TITLES[name], "values": values})
    return out


def _active_filters(query: SearchQuery, params: dict[str, str]) -> list[dict[str, str]]:
    """The filters in force, each with the link that removes it."""
    out = []
    for name in ("date_from", "date_to", "site", "language", "person", "entity", "undated"):
        value = getattr(query, name)
        if value:
            out.append({"name": name.replace("_", " "), "value": value, "remove": _href(params, **{name: ""})})
    return out


def _page_links(params: dict[str, str], page: int, pages: int) -> list[dict[str, Any]]:
    """1 … 4 5 [6] 7 8 … 40: the first and last page and a window around the current one."""
    shown = sorted({1, pages, *range(max(1, page - PAGE_WINDOW), min(pages, page + PAGE_WINDOW) + 1)})
    out: list[dict[str, Any]] = []
    for n in shown:
        if out and n - out[-1]["page"] > 1:
            out.append({"page": n - 1, "gap": True})
        out.append({"page": n, "gap": False, "current": n == page,
                    "href": _href(params, page=str(n) if n > 1 else "")})
    return out
