"""Searching a corpus: which stories match words and filters, in what order, how many, and how they
spread over the facets. The explorer's search page, its downloads and its JSON twin all read here, so
the rows a page shows, the rows a download holds and the counts beside them are one computation.

Words go to FTS5 (headline, highlights and body of every version, ranked by bm25); everything else
(filters, the date order, facet counts, pages) runs on the story index (index.py).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from typing import Any, Iterator

import numpy as np

from ..lexicon import primary_language
from .index import FACETS, UNDATED, StoryIndex, day_number
from .queries import STORY_DATE_SQL
from .reader import Reader

# bm25 weights per versions_fts column (headline, highlights, body): a word in the headline says
# more about what a story is about than the same word once in a long body.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
_WEIGHTS = ", ".join(str(w) for w in BM25_WEIGHTS)
SORTS = ("relevance", "newest", "oldest")
UNDATED_CHOICES = ("include", "exclude", "only")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TOKEN = re.compile(r'"([^"]*)"|(\S+)')
WORD = re.compile(r"\w+", re.UNICODE)
# a search narrowed to fewer stories than this ranks only them; more, and it ranks every match of the
# words once (kept for the next page): a filter that leaves 60 of 17,000 matches costs 60 bm25s, not 17,000
RANK_HITS_ONLY_BELOW = 2000
DETAIL_BATCH = 500  # version ids per details query: under SQLite's parameter limit, large enough to stream fast


@dataclass(frozen=True)
class SearchQuery:
    """What a person asked for. Empty strings mean 'not set'."""

    q: str = ""
    date_from: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD, inclusive
    date_to: str = ""
    site: str = ""
    language: str = ""
    person: str = ""  # any name of a person (people.py): every name of theirs matches
    entity: str = ""
    undated: str = ""  # include | exclude | only; unset: excluded by a date filter, else included
    sort: str = ""  # relevance | newest | oldest; unset: relevance with words, else newest

    @classmethod
    def of(cls, values: dict[str, Any]) -> "SearchQuery":
        """From request parameters, stripped; unknown keys are ignored."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v or "").strip() for k, v in values.items() if k in names})

    def check(self) -> "SearchQuery":
        """The query itself, or ValueError saying which parameter is wrong."""
        for key in ("date_from", "date_to"):
            value = getattr(self, key)
            if value and not DATE.match(value):
                raise ValueError(f"{key} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
        if self.undated and self.undated not in UNDATED_CHOICES:
            raise ValueError(f"undated must be one of {', '.join(UNDATED_CHOICES)}, not {self.undated!r}")
        if self.sort and self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        return self

    @property
    def fts(self) -> str:
        return fts_query(self.q)

    @property
    def order(self) -> str:
        """The sort in effect: relevance needs words to rank by."""
        if self.sort in ("newest", "oldest"):
            return self.sort
        return "relevance" if self.fts else "newest"

    @property
    def undated_policy(self) -> str:
        return self.undated or ("exclude" if self.date_from or self.date_to else "include")

    def params(self) -> dict[str, str]:
        """The parameters that are set, for links."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def with_(self, **changes: str) -> "SearchQuery":
        return replace(self, **changes)


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


@dataclass
class Hits:
    """Every story that matches, in order, with what the page around the results shows."""

    query: SearchQuery
    positions: np.ndarray  # story positions in the index, in result order
    version_ids: np.ndarray  # the newest version of each, in result order
    ranks: np.ndarray | None  # bm25 of each, in result order (lower is better); None unless ranked by relevance
    facets: dict[str, list[dict[str, Any]]]
    undated_left_out: int  # matching stories that a date filter left out for having no date

    @property
    def total(self) -> int:
        return len(self.version_ids)

    def page(self, page: int, size: int) -> list[int]:
        return [int(v) for v in self.version_ids[(page - 1) * size:page * size]]

    def rank_of(self, start: int, stop: int) -> dict[int, float]:
        """version id -> bm25 for the results start..stop (empty unless ranked by relevance)."""
        if self.ranks is None:
            return {}
        return {int(v): round(float(r), 4) for v, r in zip(self.version_ids[start:stop], self.ranks[start:stop])}


def search(reader: Reader, index: StoryIndex, query: SearchQuery, facet_size: int = 10) -> Hits:
    """Every matching story, ordered; raises ValueError for a bad query. A person asked for by another
    of their names is searched (and echoed in `Hits.query`) by the name the corpus lists them under."""
    query.check()
    if query.person:
        query = query.with_(person=index.people.person(query.person) or query.person)
    n = len(index)
    matched = np.ones(n, dtype=bool)
    ranked = None
    if query.fts:
        matched[:] = False
        narrowed = any(getattr(query, f) for f in ("date_from", "date_to", "site", "language", "person", "entity",
                                                    "undated"))
        rank_all = query.order == "relevance" and not narrowed
        match_ids, ranked = _fts_matches(reader, index, query.fts, rank_all)
        pos, found = index.positions(match_ids)
        matched[pos[found]] = True
    mask = matched & _filter_mask(index, query)
    dated = index.day != UNDATED
    policy = query.undated_policy
    in_range = _date_mask(index, query)
    undated_left_out = int((mask & ~dated).sum()) if policy == "exclude" else 0
    if policy == "only":
        mask &= ~dated
    elif policy == "exclude":
        mask &= dated & in_range
    else:
        mask &= in_range | ~dated
    positions = np.flatnonzero(mask)
    ranks = None
    if query.order == "relevance":
        bm25 = _bm25(reader, index, query.fts, positions, ranked)
        order = np.lexsort((-index.version_ids[positions], bm25))
        positions, ranks = positions[order], bm25[order]
    else:
        positions = _by_time(index, positions, newest=query.order == "newest")
    facets = {name: _top(index, name, mask, getattr(query, name, ""), facet_size) for name in FACETS}
    facets["year"] = sorted(facets["year"], key=lambda v: v["value"], reverse=True)
    undated_n = int((mask & ~dated).sum())
    if undated_n:
        facets["year"].append({"value": "undated", "count": undated_n})
    return Hits(query, positions, index.version_ids[positions], ranks, facets, undated_left_out)


def _fts_matches(reader: Reader, index: StoryIndex, fts: str, rank_all: bool) -> tuple[np.ndarray, tuple | None]:
    """(every version matching the words, newest or not, and, when known, (ids, bm25) of them all).
    `rank_all`: the search will rank every match anyway (nothing narrows it), so match and rank in one pass."""
    ranked = index.recent.get(fts, ranked=True)
    if ranked is None and rank_all:
        ranked = _rank_every_match(reader, index, fts)
    if ranked is not None:
        return ranked[0], ranked
    found = index.recent.get(fts)
    if found is None:
        rows = reader.conn.execute("SELECT rowid FROM versions_fts WHERE versions_fts MATCH ?", (fts,)).fetchall()
        found = np.array([r[0] for r in rows], dtype=np.int64)
        index.recent.put(fts, found)
    return found, None


def _rank_every_match(reader: Reader, index: StoryIndex, fts: str) -> tuple[np.ndarray, np.ndarray]:
    """(version ids ascending, their bm25) of every match, kept for the next page."""
    rows = reader.conn.execute(f"SELECT rowid, bm25(versions_fts, {_WEIGHTS}) FROM versions_fts "
                               "WHERE versions_fts MATCH ?", (fts,)).fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    order = np.argsort(ids)
    ranked = (ids[order], np.array([r[1] for r in rows], dtype=float)[order])
    index.recent.put(fts, ranked, ranked=True)
    return ranked


def _bm25(reader: Reader, index: StoryIndex, fts: str, positions: np.ndarray, ranked: tuple | None) -> np.ndarray:
    """bm25 of the stories at `positions`, from `ranked` (every match's) when known. FTS5 computes it
    row by row, about 1.5 µs of CPU a row: for a few hits (a filter narrowed the words' matches) only
    theirs, else every match's, kept with the matches for the next page."""
    vids = index.version_ids[positions]
    if ranked is None and len(vids) <= RANK_HITS_ONLY_BELOW:
        # `+rowid`: the set only filters; driven by it, SQLite would run one full-text lookup per story
        rows = reader.conn.execute(
            f"SELECT rowid, bm25(versions_fts, {_WEIGHTS}) FROM versions_fts WHERE versions_fts MATCH ? "
            "AND +rowid IN (SELECT value FROM json_each(?))", (fts, json.dumps(vids.tolist()))).fetchall()
        score = dict(rows)
        return np.array([score.get(int(v), 0.0) for v in vids], dtype=float)
    match_ids, scores = ranked if ranked is not None else _rank_every_match(reader, index, fts)
    return scores[np.minimum(np.searchsorted(match_ids, vids), len(match_ids) - 1)]


def _filter_mask(index: StoryIndex, query: SearchQuery) -> np.ndarray:
    mask = np.ones(len(index), dtype=bool)
    for name in ("site", "language", "entity"):
        value = getattr(query, name)
        if value and name == "language":  # "en-GB" asks for English: the facet holds primary subtags
            value = primary_language(value) or value
        if value:
            mask &= index.facets[name].having(value, len(index))
    if query.person:
        mask &= index.facets["person"].having(query.person, len(index))
    return mask


def _date_mask(index: StoryIndex, query: SearchQuery) -> np.ndarray:
    """Dated stories inside date_from..date_to: '2024' runs from 2024-00-00 to 2024-99-99 in day numbers,
    so a year or a month is inclusive at both ends, as the day it is given as."""
    mask = index.day != UNDATED
    if query.date_from:
        mask &= index.day >= day_number(query.date_from)
    if query.date_to:
        upper = query.date_to + "-99-99"[len(query.date_to) - 4:]
        mask &= index.day <= int(upper.replace("-", ""))
    return mask


def _by_time(index: StoryIndex, positions: np.ndarray, newest: bool) -> np.ndarray:
    """Dated stories newest (or oldest) first, then the undated ones, newest stored first."""
    order = index.time_order[positions]
    dated, undated = positions[order >= 0], positions[order < 0]
    dated = dated[np.argsort(order[order >= 0], kind="stable")]
    if newest:
        dated = dated[::-1]
    return np.concatenate([dated, undated[np.argsort(-index.version_ids[undated], kind="stable")]])


def _top(index: StoryIndex, name: str, mask: np.ndarray, chosen: str, size: int) -> list[dict[str, Any]]:
    """The facet's values with most matching stories, the chosen one always among them."""
    facet = index.facets[name]
    counts = facet.counts(mask)
    nonzero = np.flatnonzero(counts)
    best = nonzero[np.lexsort((nonzero, -counts[nonzero]))][:size] if name != "year" else nonzero
    out = [{"value": facet.values[i], "count": int(counts[i])} for i in best]
    if chosen and chosen not in {v["value"] for v in out}:
        i = facet.ids.get(chosen)
        out.insert(0, {"value": chosen, "count": int(counts[i]) if i is not None else 0})
    if name == "person":
        for v in out:
            v["aliases"] = [a for a in index.people.names(v["value"]) if a != v["value"]]
    return out


# -- what each result shows ----------------------------------------------------------------------

def details(reader: Reader, version_ids: list[int]) -> list[dict[str, Any]]:
    """The columns a result shows and a download holds, for versions in the order given: the story's
    date, site and the address of its original page (the first stored page that has one)."""
    out: list[dict[str, Any]] = []
    for i in range(0, len(version_ids), DETAIL_BATCH):
        batch = version_ids[i:i + DETAIL_BATCH]
        marks = ", ".join("?" for _ in batch)
        found = {r["version_id"]: r for r in reader.rows(
            f"SELECT v.id AS version_id, v.story_id, {STORY_DATE_SQL} AS date, v.headline, v.kicker, "
            "v.authors_json, v.published, v.updated, v.language, "
            "(SELECT so.site FROM story_sources ss JOIN sources so ON so.id = ss.source_id "
            " WHERE ss.story_id = v.story_id AND so.site IS NOT NULL ORDER BY so.id LIMIT 1) AS site, "
            "(SELECT so.url FROM story_sources ss JOIN sources so ON so.id = ss.source_id "
            " WHERE ss.story_id = v.story_id AND so.url IS NOT NULL ORDER BY so.id LIMIT 1) AS url "
            f"FROM versions v WHERE v.id IN ({marks})", batch)}
        out.extend(found[v] for v in batch if v in found)
    return out


def snippets(reader: Reader, fts: str, version_ids: list[int], tokens: int, start: str, end: str) -> dict[int, str]:
    """FTS5's snippet for each version, hits between `start` and `end`; for the page of results only:
    computed in the search itself, SQLite would build one for every match."""
    if not version_ids:
        return {}
    marks = ", ".join("?" for _ in version_ids)
    return {r[0]: r[1] for r in reader.conn.execute(
        f"SELECT rowid, snippet(versions_fts, -1, ?, ?, '…', ?) FROM versions_fts "
        f"WHERE versions_fts MATCH ? AND rowid IN ({marks})", [start, end, tokens, fts, *version_ids])}


def texts(reader: Reader, version_ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """(body_json, standfirst) of each version: the opening of a result without words, a download's
    text. The standfirst is read from the record, so a store
    written before versions.standfirst existed (opened read-only, not migrated) reads the same."""
    if not version_ids:
        return {}
    marks = ", ".join("?" for _ in version_ids)
    sql = (f"SELECT id, body_json, json_extract(record_json, '$.standfirst') FROM versions"
           f" WHERE id IN ({marks})")
    return {r[0]: (r[1], r[2]) for r in reader.conn.execute(sql, version_ids)}


def iter_details(reader: Reader, hits: Hits, limit: int, with_body: bool = False) -> Iterator[dict[str, Any]]:
    """Every hit's details in result order, up to `limit`, read a batch at a time (a download streams)."""
    ids = [int(v) for v in hits.version_ids[:limit]]
    for i in range(0, len(ids), DETAIL_BATCH):
        batch = ids[i:i + DETAIL_BATCH]
        ranks = hits.rank_of(i, i + DETAIL_BATCH)
        found = texts(reader, batch) if with_body else {}
        for row in details(reader, batch):
            row["rank"] = ranks.get(row["version_id"])
            if with_body:
                row["body_json"], row["standfirst"] = found.get(row["version_id"], (None, None))
            yield row
