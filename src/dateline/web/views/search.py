"""Search: FTS5 over headlines, highlights and bodies, ranked by bm25, with highlighted snippets,
filtered by date range, site, language, person quoted and entity named."""
from __future__ import annotations

import re
import time
from typing import Any

from fastapi import APIRouter, Query, Request

from ..render import respond
from ..db import Corpus, loads
from ..errors import BadRequest

router = APIRouter()

# bm25 weights per versions_fts column (headline, highlights, body): a word in the headline says
# more about what a story is about than the same word once in a long body.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
HIT_START, HIT_END = "\x02", "\x03"  # snippet markers no page text contains; split out, never as HTML
FACET_TTL_S = 60.0  # how long the counts behind the filter menus may be stale
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TOKEN = re.compile(r'"([^"]*)"|(\S+)')
WORD = re.compile(r"\w+", re.UNICODE)


@router.get("/", include_in_schema=False)
@router.get("/search.json", summary="Search stories (JSON)")
@router.get("/search", summary="Search stories")
def search_page(
    request: Request,
    q: str = Query("", max_length=500, description="words; \"quoted phrase\" for a phrase"),
    date_from: str = Query("", description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive"),
    date_to: str = Query("", description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive"),
    site: str = Query("", max_length=300),
    language: str = Query("", max_length=20),
    person: str = Query("", max_length=300, description="a speaker quoted in the story"),
    entity: str = Query("", max_length=300, description="an entity named in the story"),
    page: int = Query(1, ge=1),
):
    filters = {"date_from": date_from.strip(), "date_to": date_to.strip(), "site": site.strip(),
               "language": language.strip(), "person": person.strip(), "entity": entity.strip()}
    data = search(request.app.state.corpus, request.app.state.settings, q, filters, page)
    return respond(request, "search.html", data)


def search(corpus: Corpus, settings: dict[str, int], q: str, filters: dict[str, str], page: int) -> dict:
    for key in ("date_from", "date_to"):
        if filters[key] and not DATE.match(filters[key]):
            raise BadRequest(f"{key} must be YYYY, YYYY-MM or YYYY-MM-DD, not {filters[key]!r}")
    if page > settings["max_page"]:
        raise BadRequest(f"page must be at most {settings['max_page']}; narrow the search instead")
    size = settings["page_size"]
    fts = fts_query(q)
    started = time.perf_counter()
    where, params = _filters(filters)
    if fts:
        rows = _ranked(corpus, fts, where, params, size + 1, (page - 1) * size)
        _add_snippets(corpus, fts, rows[:size], settings["snippet_tokens"])
    else:
        rows = _latest(corpus, where, params, size + 1, (page - 1) * size)
    took_ms = (time.perf_counter() - started) * 1000
    return {"query": {"q": q, **filters, "page": page}, "fts": fts, "page": page,
            "has_next": len(rows) > size, "results": rows[:size], "took_ms": round(took_ms, 2),
            "facets": facets(corpus)}


def fts_query(q: str) -> str:
    """The user's words as an FTS5 expression in which every word is a quoted string, so that
    FTS5 operators (NEAR, AND, column filters, stray quotes) typed by a user cannot be a syntax
    error or reach other columns; "quoted text" stays a phrase."""
    parts = []
    for phrase, bare in TOKEN.findall(q):
        words = WORD.findall(phrase or bare)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)


def _filters(f: dict[str, str]) -> tuple[str, list[Any]]:
    where, params = [], []
    when = "COALESCE(v.published, v.updated, st.first_seen)"
    if f["date_from"]:
        where.append(f"substr({when}, 1, {len(f['date_from'])}) >= ?")
        params.append(f["date_from"])
    if f["date_to"]:
        where.append(f"substr({when}, 1, {len(f['date_to'])}) <= ?")
        params.append(f["date_to"])
    if f["language"]:
        where.append("v.language = ?")
        params.append(f["language"])
    if f["site"]:
        where.append("EXISTS (SELECT 1 FROM story_sources ss JOIN sources so ON so.id = ss.source_id "
                     "WHERE ss.story_id = v.story_id AND so.site = ?)")
        params.append(f["site"])
    if f["person"]:
        where.append("EXISTS (SELECT 1 FROM quotes qu WHERE qu.version_id = v.id AND qu.speaker = ?)")
        params.append(f["person"])
    if f["entity"]:
        where.append("EXISTS (SELECT 1 FROM entities en WHERE en.version_id = v.id AND en.name = ?)")
        params.append(f["entity"])
    return "".join(f" AND {w}" for w in where), params


# The newest version of each story only: one hit per story, and the version its link opens.
# (`st.id = v.story_id` lets SQLite reach the story by its key: latest_version has no index.)
_LATEST = "JOIN stories st ON st.id = v.story_id AND st.latest_version = v.id"


def _ranked(corpus: Corpus, fts: str, where: str, params: list, limit: int, offset: int) -> list[dict]:
    """The page of hits in bm25 order.

    The versions that may match (newest of their story, passing the filters) are listed once from
    `stories` into a set, and FTS5 ranks against it: joining `versions` row by row for every match
    reads one large row per match, and "the" matches every story. The `+` keeps SQLite from driving
    the search by that set, which would run one full-text lookup per story."""
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    allowed = (f"SELECT v.id FROM stories st JOIN versions v ON v.id = st.latest_version WHERE 1{where}"
               if where else "SELECT latest_version FROM stories")
    sql = (f"SELECT rowid AS version_id, bm25(versions_fts, {weights}) AS rank FROM versions_fts "
           f"WHERE versions_fts MATCH ? AND +rowid IN ({allowed}) ORDER BY rank LIMIT ? OFFSET ?")
    try:
        hits = corpus.rows(sql, [fts, *params, limit, offset])
    except Exception as exc:  # an FTS5 expression the quoting above did not foresee
        raise BadRequest(f"cannot search for {fts!r}: {exc}") from exc
    rows = _details(corpus, [h["version_id"] for h in hits])
    for r, h in zip(rows, hits):
        r["rank"] = round(h["rank"], 4)
    return rows


def _details(corpus: Corpus, version_ids: list[int]) -> list[dict]:
    """What a result shows, for a page of versions, in the order given."""
    if not version_ids:
        return []
    marks = ", ".join("?" for _ in version_ids)
    found = {r["version_id"]: r for r in corpus.rows(
        "SELECT v.id AS version_id, v.story_id, v.headline, v.kicker, v.published, v.updated, v.language, "
        "(SELECT so.site FROM story_sources ss JOIN sources so ON so.id = ss.source_id "
        " WHERE ss.story_id = v.story_id LIMIT 1) AS site "
        f"FROM versions v WHERE v.id IN ({marks})", version_ids)}
    return [found[v] for v in version_ids if v in found]


def _add_snippets(corpus: Corpus, fts: str, rows: list[dict], tokens: int) -> None:
    """Snippets for the page of hits only: computed in the ranking query, SQLite would build one
    for every match before sorting."""
    if not rows:
        return
    marks = ", ".join("?" for _ in rows)
    sql = (f"SELECT rowid, snippet(versions_fts, -1, ?, ?, '…', ?) AS s FROM versions_fts "
           f"WHERE versions_fts MATCH ? AND rowid IN ({marks})")
    found = {r["rowid"]: r["s"] for r in corpus.rows(sql, [HIT_START, HIT_END, tokens, fts,
                                                            *[r["version_id"] for r in rows]])}
    for r in rows:
        r["snippet"] = snippet_parts(found.get(r["version_id"], ""))


def snippet_parts(s: str) -> list[list]:
    """'a \x02b\x03 c' -> [['a ', False], ['b', True], [' c', False]]: the template marks the hits
    and escapes every part, so a hit inside page text can never become markup."""
    parts: list[list] = []
    for i, chunk in enumerate(re.split(f"[{HIT_START}{HIT_END}]", s)):
        if chunk:
            parts.append([chunk, i % 2 == 1])
    return parts


def _latest(corpus: Corpus, where: str, params: list, limit: int, offset: int) -> list[dict]:
    """No words: the stories that pass the filters, newest first, each with its opening paragraph."""
    sql = (f"SELECT v.id FROM versions v {_LATEST} WHERE 1{where} "
           "ORDER BY COALESCE(v.published, v.updated, st.first_seen) DESC, v.id DESC LIMIT ? OFFSET ?")
    ids = [r["id"] for r in corpus.rows(sql, [*params, limit, offset])]
    rows = _details(corpus, ids)
    if ids:
        marks = ", ".join("?" for _ in ids)
        bodies = {r["id"]: r["body_json"] for r in corpus.rows(
            f"SELECT id, body_json FROM versions WHERE id IN ({marks})", ids)}
    for r in rows:
        body = loads(bodies.get(r["version_id"]), [])
        first = body[0] if body else ""
        r["snippet"] = [[first[:240] + ("…" if len(first) > 240 else ""), False]] if first else []
        r["rank"] = None
    return rows


_facets: dict[str, Any] = {}


def facets(corpus: Corpus) -> dict[str, list]:
    """Sites and languages for the filter menus and the number of stories, counted at most once a
    minute per corpus: they change only when a writer adds pages."""
    key = str(corpus.path)
    cached = _facets.get(key)
    if cached and time.monotonic() - cached[0] < FACET_TTL_S:
        return cached[1]
    value = {
        "sites": [r["site"] for r in corpus.rows(
            "SELECT site, count(*) n FROM sources WHERE site IS NOT NULL GROUP BY site ORDER BY n DESC LIMIT 200")],
        "languages": [r["language"] for r in corpus.rows(
            "SELECT language, count(*) n FROM stories WHERE language IS NOT NULL GROUP BY language "
            "ORDER BY n DESC LIMIT 100")],
        "stories": corpus.value("SELECT count(*) FROM stories") or 0,
    }
    _facets[key] = (time.monotonic(), value)
    return value

