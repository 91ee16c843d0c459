"""A corpus's stories as arrays, for search: each story's newest version, its date, and the values
of every facet (site, language, year, person, entity).

Counting five facets over the 20,000 stories a common word matches is five numpy bincounts here,
where SQL would join quotes and entities row by row on every request; filtering and sorting by date
are array operations too, so any results page costs what the first does. The index is built from
the database on first use (about a second of CPU per 20,000 stories) and rebuilt, in the background,
when a writer has added to the corpus since (`Reader.generation`); a search answered from an index
that is behind says so (IndexCache.lookup).
"""
from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..lexicon import primary_language
from .people import People, find_people
from .queries import STORY_DATE_SQL
from .reader import Reader

FACETS = ("site", "language", "year", "person", "entity")
UNDATED = 0  # the day of a story without a date
# stories read for a word written in lower case: a common word shows in the first few; reading every
# story that names "Trump" to find none would cost a second
LOWER_CASE_EVIDENCE_STORIES = 50


@dataclass
class Facet:
    """One facet's values and which stories have them: one (story position, value id) pair per story
    and value, each pair once, so a count is a number of stories."""

    values: list[str]
    pos: np.ndarray  # int32 story positions
    val: np.ndarray  # int32 indexes into values
    ids: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ids = {v: i for i, v in enumerate(self.values)}

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """Stories per value among the stories where mask is True."""
        return np.bincount(self.val[mask[self.pos]], minlength=len(self.values))

    def having(self, value: str, n_stories: int) -> np.ndarray:
        """A mask of the stories that have `value` (none when the corpus has no such value)."""
        mask = np.zeros(n_stories, dtype=bool)
        i = self.ids.get(value)
        if i is not None:
            mask[self.pos[self.val == i]] = True
        return mask


@dataclass
class StoryIndex:
    generation: tuple[int, int]
    version_ids: np.ndarray  # int64, ascending: the newest version of every story
    story_ids: np.ndarray  # int64, aligned with version_ids
    day: np.ndarray  # int32 YYYYMMDD (00 for a missing month or day), UNDATED without a date
    time_order: np.ndarray  # int64: the rank of the story's full date string; -1 undated
    facets: dict[str, Facet]
    people: People
    build_ms: float
    recent: "RecentMatches" = field(default_factory=lambda: RecentMatches(0))

    def __len__(self) -> int:
        return len(self.version_ids)

    def positions(self, version_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, found): where each version id sits, and which are a story's newest version."""
        pos = np.searchsorted(self.version_ids, version_ids)
        pos = np.minimum(pos, max(len(self) - 1, 0))
        found = self.version_ids[pos] == version_ids if len(self) else np.zeros(len(version_ids), dtype=bool)
        return pos, found


def day_number(date: str | None) -> int:
    """'2024-03-05T10:00:00Z' -> 20240305, '2024-03' -> 20240300; UNDATED for no or an unreadable date."""
    if not date or len(date) < 4 or not date[:4].isdigit():
        return UNDATED
    month = date[5:7] if len(date) >= 7 and date[5:7].isdigit() else "00"
    day = date[8:10] if len(date) >= 10 and date[8:10].isdigit() else "00"
    return int(date[:4]) * 10000 + int(month) * 100 + int(day)


def build_index(reader: Reader) -> StoryIndex:
    """The index of what the corpus holds now: read in one transaction, so a writer committing
    meanwhile is either wholly in it or wholly out of it (and in the next build)."""
    conn = reader.conn
    conn.execute("BEGIN")
    try:
        return _build(reader)
    finally:
        conn.execute("COMMIT")


def _build(reader: Reader) -> StoryIndex:
    started = time.perf_counter()
    generation = reader.generation()
    conn = reader.conn
    rows = conn.execute(f"SELECT st.latest_version, st.id, {STORY_DATE_SQL}, v.language FROM stories st "
                        "JOIN versions v ON v.id = st.latest_version ORDER BY st.latest_version").fetchall()
    version_ids = np.array([r[0] for r in rows], dtype=np.int64)
    story_ids = np.array([r[1] for r in rows], dtype=np.int64)
    dates = [r[2] for r in rows]
    day = np.array([day_number(d) for d in dates], dtype=np.int32)
    time_order = np.full(len(rows), -1, dtype=np.int64)
    dated = [i for i, d in enumerate(day) if d != UNDATED]
    for rank, i in enumerate(sorted(dated, key=lambda i: (dates[i], version_ids[i]))):
        time_order[i] = rank
    people = corpus_people(reader)
    by_story = np.argsort(story_ids)
    every = np.arange(len(rows))
    facets = {
        "site": _grouped(conn.execute(
            "SELECT so.site, group_concat(ss.story_id) FROM story_sources ss JOIN sources so ON so.id = ss.source_id "
            "WHERE so.site IS NOT NULL GROUP BY so.site"), lambda ids: _find(story_ids, ids, by_story)),
        "language": _facet(every, [primary_language(r[3]) for r in rows]),  # en-US, en-GB: one "en"
        "year": _facet(every, [str(d // 10000) if d != UNDATED else None for d in day]),
        "person": _grouped(conn.execute(
            "SELECT q.speaker, group_concat(q.version_id) FROM quotes q JOIN stories st ON st.latest_version = "
            "q.version_id WHERE q.speaker IS NOT NULL GROUP BY q.speaker"),
            lambda ids: _find(version_ids, ids), rename=people.person),
        "entity": _grouped(conn.execute(
            "SELECT e.name, group_concat(e.version_id) FROM entities e JOIN stories st ON st.latest_version = "
            "e.version_id WHERE e.name <> '' GROUP BY e.name"), lambda ids: _find(version_ids, ids)),
    }
    return StoryIndex(generation, version_ids, story_ids, day, time_order, facets, people,
                      round((time.perf_counter() - started) * 1000, 1))


def _grouped(rows, positions_of, rename=lambda v: v) -> Facet:
    """A facet from rows (value, 'id,id,...'): SQLite groups the ids, so Python handles one row per
    value rather than one per quote or entity (270,000 of them in a corpus of 20,000 stories)."""
    values, lists = [], []
    for value, ids in rows:
        values.append(rename(value))
        lists.append(ids)
    counts = [text.count(",") + 1 for text in lists]
    ids = np.array(",".join(lists).split(","), dtype=np.int64) if lists else np.zeros(0, dtype=np.int64)
    return _facet(positions_of(ids), np.repeat(np.array(values, dtype=object), counts))


def _find(sorted_ids: np.ndarray, ids: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """The position of each id in an array of ids (sorted, or sorted by `order`); -1 where it is not."""
    keys = sorted_ids if order is None else sorted_ids[order]
    if not len(keys):
        return np.full(len(ids), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, ids), len(keys) - 1)
    pos = at if order is None else order[at]
    return np.where(keys[at] == ids, pos, -1)


def _facet(positions: np.ndarray, values) -> Facet:
    """A facet from each row's story position and value; rows without a story or a value are left out,
    and each (story, value) pair counts once (a story quoting Trump under two spellings, or twice, is
    one story quoting him)."""
    names = sorted({v for v in values if v})
    ids = {v: i for i, v in enumerate(names)}
    val = np.array([ids.get(v, -1) if v else -1 for v in values], dtype=np.int64)
    keep = (positions >= 0) & (val >= 0)
    width = max(len(names), 1)
    pairs = np.unique(positions[keep] * width + val[keep])  # one int per (story, value)
    return Facet(names, (pairs // width).astype(np.int32), (pairs % width).astype(np.int32))


def corpus_people(reader: Reader) -> People:
    """The people of the corpus's newest versions (people.py has the rules)."""
    conn = reader.conn
    speakers = Counter({name: n for name, n in conn.execute(
        "SELECT q.speaker, count(*) FROM quotes q JOIN stories st ON st.latest_version = q.version_id "
        "WHERE q.speaker IS NOT NULL GROUP BY q.speaker")})
    types: dict[str, Counter] = {}
    for name, kind, n in conn.execute(
            "SELECT name, type, count(*) FROM entities WHERE name IN (SELECT DISTINCT speaker FROM quotes) "
            "GROUP BY name, type"):
        types.setdefault(name, Counter())[kind] = n

    def lower_case_word(word: str) -> bool:
        # among the first stories that hold the word (FTS5 finds it in any case), one that writes it in
        # lower case between words; instr is case-sensitive
        marks = [f" {word}{after}" for after in (" ", ",", ".", ";", ":")]
        return conn.execute(
            "SELECT 1 FROM (SELECT body FROM versions_fts WHERE versions_fts MATCH ? LIMIT ?) WHERE "
            + " OR ".join(["instr(body, ?)"] * len(marks)) + " LIMIT 1",
            ['"' + word.replace('"', "") + '"', LOWER_CASE_EVIDENCE_STORIES, *marks]).fetchone() is not None

    return find_people(speakers, types, lower_case_word)


class RecentMatches:
    """The versions the last few word searches matched (and, once asked, their bm25), kept with the
    index they belong to: a new index starts empty, so nothing outlives a change to the corpus.
    Paging through results, narrowing them by a facet, reordering them and downloading them all search
    the same words again; a word as common as "the" costs FTS5 tens of milliseconds to match and rank."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[tuple[str, bool], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, fts: str, ranked: bool = False) -> Any:
        with self._lock:
            found = self._entries.get((fts, ranked))
            if found is not None:
                self._entries.move_to_end((fts, ranked))
            return found

    def put(self, fts: str, value: Any, ranked: bool = False) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[(fts, ranked)] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


class IndexCache:
    """The index of one corpus. The first search builds it. When a writer has added to the corpus since,
    the next search starts a rebuild in the background and is answered from the index there is, marked
    as behind, so that a batch committing every few seconds does not make each search wait for a build.
    `recent_searches`: how many word searches' matches each index keeps (RecentMatches)."""

    def __init__(self, reader: Reader, recent_searches: int = 0):
        self.reader = reader
        self.recent_searches = recent_searches
        self._index: StoryIndex | None = None
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None

    def current(self) -> StoryIndex:
        return self.lookup()[0]

    def lookup(self) -> tuple[StoryIndex, bool]:
        """(the index, whether it holds everything the corpus holds now)."""
        generation = self.reader.generation()
        index = self._index
        if index is not None and index.generation == generation:
            return index, True
        with self._lock:
            if self._index is None:
                self._index = self._build()
                return self._index, self._index.generation == generation
            if self._building is None or not self._building.is_alive():
                self._building = threading.Thread(target=self._rebuild, name="dateline-index", daemon=True)
                self._building.start()
            return self._index, False

    def _rebuild(self) -> None:
        index = self._build()
        with self._lock:
            self._index = index

    def _build(self) -> StoryIndex:
        index = build_index(self.reader)
        index.recent = RecentMatches(self.recent_searches)
        return index
