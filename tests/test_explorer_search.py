"""The explorer as a research tool: how many stories match, facets that narrow the search with counts
that are the database's, orders, pages past any cap, downloads of every result, and undated stories kept
out of the date order and date filters. A real corpus, a real `dateline serve`, counts checked against
SQL written here, independently of the explorer's own index."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from explorer_support import HOSTILE_SITE, ExplorerServer, build_corpus

WORD = "the"  # matches most stories (not the German ones): facets with several values each
DATE = "COALESCE(v.published, v.updated)"


@pytest.fixture(scope="module")
def server():
    with ExplorerServer(build_corpus()) as s:
        yield s


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.url, timeout=30.0) as client:
        yield client


@pytest.fixture(scope="module")
def db():
    conn = sqlite3.connect(f"file:{build_corpus()}?mode=ro", uri=True)
    yield conn
    conn.close()


def matching(db, word: str) -> list[int]:
    """The newest versions whose text holds the word, by FTS5 itself."""
    return [r[0] for r in db.execute("SELECT f.rowid FROM versions_fts f JOIN stories s ON s.latest_version = f.rowid "
                                     "WHERE versions_fts MATCH ?", (f'"{word}"',))]


def sql_facets(db, versions: list[int]) -> dict[str, dict[str, int]]:
    """Stories per facet value among these versions, in plain SQL."""
    marks = ",".join("?" * len(versions))
    q = {
        "site": f"SELECT so.site, count(DISTINCT ss.story_id) FROM story_sources ss JOIN sources so ON so.id = "
                f"ss.source_id JOIN stories s ON s.id = ss.story_id WHERE s.latest_version IN ({marks}) "
                "AND so.site IS NOT NULL GROUP BY so.site",
        # the facet counts a language once: en-US and en-GB are "en" (the primary subtag)
        "language": f"SELECT lower(CASE WHEN instr(language, '-') > 0 THEN substr(language, 1, instr(language, '-')"
                    f" - 1) ELSE language END) AS lang, count(*) FROM versions WHERE id IN ({marks}) AND language IS "
                    "NOT NULL GROUP BY lang",
        "year": f"SELECT substr({DATE}, 1, 4), count(*) FROM versions v WHERE id IN ({marks}) AND {DATE} IS NOT NULL "
                "GROUP BY 1",
        "entity": f"SELECT name, count(DISTINCT version_id) FROM entities WHERE version_id IN ({marks}) AND name <> '' "
                  "GROUP BY name",
    }
    return {k: dict(db.execute(sql, versions).fetchall()) for k, sql in q.items()}


def person_stories(db, versions: list[int], names: list[str]) -> int:
    marks, names_marks = ",".join("?" * len(versions)), ",".join("?" * len(names))
    return db.execute(f"SELECT count(DISTINCT version_id) FROM quotes WHERE version_id IN ({marks}) "
                      f"AND speaker IN ({names_marks})", [*versions, *names]).fetchone()[0]


def get(http, path: str, **params) -> dict:
    r = http.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def all_pages(http, **params) -> list[dict]:
    """Every result of a search, page after page of the JSON twin."""
    rows, page = [], 1
    while True:
        data = get(http, "/search.json", **params, page=page)
        rows += data["results"]
        if not data["has_next"]:
            return rows
        page += 1


# -- counts and facets -----------------------------------------------------------------------------

def test_search_says_how_many_stories_match(http, db):
    data = get(http, "/search.json", q=WORD)
    assert data["total"] == len(matching(db, WORD)) > 20, "a common word matches more than one page"
    assert data["stories_in_corpus"] == db.execute("SELECT count(*) FROM stories").fetchone()[0]
    assert data["pages"] == -(-data["total"] // data["page_size"])
    html = http.get("/search", params={"q": WORD}).text
    assert f'<strong class="total">{data["total"]}</strong> stories' in html


def test_facet_counts_are_the_databases(http, db):
    versions = matching(db, WORD)
    facets = {f["name"]: f["values"] for f in get(http, "/search.json", q=WORD)["facets"]}
    truth = sql_facets(db, versions)
    for name in ("site", "language", "year", "entity"):
        shown = {v["value"]: v["count"] for v in facets[name] if v["value"] != "undated"}
        assert shown, f"the {name} facet is empty"
        assert all(truth[name][value] == n for value, n in shown.items()), name
        # the values listed are the biggest ones
        assert min(shown.values()) >= max([n for v, n in truth[name].items() if v not in shown] or [0]), name
    undated = [v for v in facets["year"] if v["value"] == "undated"]
    dated = sum(truth["year"].values())
    assert undated and undated[0]["count"] == len(versions) - dated
    for v in facets["person"]:
        assert v["count"] == person_stories(db, versions, [v["value"], *v["aliases"]]), v


def test_a_facet_link_narrows_the_search_to_its_count(http):
    data = get(http, "/search.json", q=WORD)
    for facet in data["facets"]:
        value = facet["values"][0]
        params = dict(parse_qsl(urlsplit(value["href"]).query))
        narrowed = get(http, "/search.json", **params)
        assert narrowed["total"] == value["count"] <= data["total"], facet["name"]
        chosen = [v for f in narrowed["facets"] if f["name"] == facet["name"] for v in f["values"] if v["chosen"]]
        assert chosen and chosen[0]["count"] == value["count"]
        # and the chosen value's link takes the filter off again
        assert get(http, "/search.json", **dict(parse_qsl(urlsplit(chosen[0]["href"]).query)))["total"] == data["total"]


def test_site_facet_and_filter(http, db):
    data = get(http, "/search.json")
    sites = {v["value"]: v["count"] for f in data["facets"] if f["name"] == "site" for v in f["values"]}
    assert sites[HOSTILE_SITE] == 1
    assert HOSTILE_SITE in http.get("/search").text, "the side panel offers the sites of the corpus"


# -- order and pages -----------------------------------------------------------------------------------

def test_newest_first_puts_undated_stories_last(http, db):
    rows = all_pages(http)  # no words: newest first
    stored = db.execute("SELECT count(*) FROM stories").fetchone()[0]
    assert len(rows) == stored
    dates = [r["date"] for r in rows]
    dated = [d for d in dates if d]
    assert dated and None in dates, "the corpus has dated and undated stories"
    assert dates[:len(dated)] == sorted(dated, reverse=True), "dated stories first, newest first"
    assert all(d is None for d in dates[len(dated):]), "then the undated ones"
    oldest = [r["date"] for r in all_pages(http, sort="oldest")]
    assert oldest[:len(dated)] == sorted(dated) and all(d is None for d in oldest[len(dated):])


def test_words_sort_by_relevance_or_time(http):
    ranked = all_pages(http, q=WORD)
    ranks = [r["rank"] for r in ranked]
    assert ranks == sorted(ranks), "bm25: lower is better, best first"
    newest = all_pages(http, q=WORD, sort="newest")
    assert {r["story_id"] for r in newest} == {r["story_id"] for r in ranked}
    dated = [r["date"] for r in newest if r["date"]]
    assert dated == sorted(dated, reverse=True) and not any(r["date"] for r in newest[len(dated):])


def test_pages_cover_every_result_once_and_have_no_cap():
    # one story a page: the corpus's 40-odd stories make more pages than any fixed cap should
    with ExplorerServer(build_corpus(), "--setting", "page_size=1") as s, httpx.Client(base_url=s.url) as http:
        first = get(http, "/search.json", q=WORD)
        seen = [r["story_id"] for p in range(1, first["pages"] + 1)
                for r in get(http, "/search.json", q=WORD, page=p)["results"]]
        assert len(seen) == len(set(seen)) == first["total"]
        past = get(http, "/search.json", q=WORD, page=first["pages"] + 60)
        assert past["results"] == [] and past["total"] == first["total"]
        html = http.get("/search", params={"q": WORD, "page": 3}).text
        assert '<strong class="current">3</strong>' in html and f"page 3 of {first['pages']}" in html


def test_bad_order_or_undated_is_400(http):
    for params in ({"sort": "random"}, {"undated": "maybe"}, {"date_from": "last tuesday"}):
        r = http.get("/search.json", params=params)
        assert r.status_code == 400 and next(iter(params)) in r.json()["error"]


# -- dates -----------------------------------------------------------------------------------------------

def test_a_date_filter_leaves_undated_stories_out_unless_asked(http, db):
    year = db.execute(f"SELECT substr({DATE}, 1, 4) y FROM stories s JOIN versions v ON v.id = s.latest_version "
                      f"WHERE {DATE} IS NOT NULL GROUP BY y ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    in_year = {r[0] for r in db.execute(f"SELECT s.id FROM stories s JOIN versions v ON v.id = s.latest_version "
                                        f"WHERE substr({DATE}, 1, 4) = ?", (year,))}
    undated = {r[0] for r in db.execute(f"SELECT s.id FROM stories s JOIN versions v ON v.id = s.latest_version "
                                        f"WHERE {DATE} IS NULL")}
    assert undated, "the corpus has undated stories"
    got = get(http, "/search.json", date_from=year, date_to=year)
    assert {r["story_id"] for r in all_pages(http, date_from=year, date_to=year)} == in_year
    assert got["undated_left_out"] == len(undated)
    with_undated = {r["story_id"] for r in all_pages(http, date_from=year, date_to=year, undated="include")}
    assert with_undated == in_year | undated
    assert {r["story_id"] for r in all_pages(http, undated="only")} == undated
    later = {r["story_id"] for r in all_pages(http, date_from=str(int(year) + 1))}
    assert later.isdisjoint(undated | in_year)


# -- downloads -----------------------------------------------------------------------------------------

def test_download_holds_every_result_in_the_pages_order(http):
    params = {"q": WORD, "sort": "newest"}
    twin = all_pages(http, **params)
    assert len(twin) > 20
    r = http.get("/search.csv", params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"] and "content-length" not in r.headers, "streamed"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [int(x["story_id"]) for x in rows] == [x["story_id"] for x in twin]
    assert [x["headline"] for x in rows] == [x["headline"] or "" for x in twin]
    assert int(r.headers["x-total-count"]) == len(twin) == int(r.headers["x-row-count"])
    lines = [json.loads(x) for x in http.get("/search.jsonl", params=params).text.splitlines()]
    assert [x["story_id"] for x in lines] == [x["story_id"] for x in twin]
    assert [x["position"] for x in lines] == list(range(1, len(twin) + 1))
    for line, row in zip(lines, twin):
        assert (line["date"], line["site"], line["url"], line["authors"]) == (
            row["date"], row["site"], row["url"], row["authors"])


def test_download_limit_and_body(http, db):
    lines = http.get("/search.jsonl", params={"q": WORD, "limit": 5, "body": "true"}).text.splitlines()
    first = [json.loads(x) for x in lines]
    assert len(first) == 5
    for row in first:
        body, standfirst = db.execute("SELECT body_json, standfirst FROM versions WHERE id = ?",
                                      (row["version_id"],)).fetchone()
        assert row["body"] == json.loads(body) and row["standfirst"] == standfirst
    # the CSV's body columns: the standfirst, then the paragraphs; a story with a standfirst shows it
    sid, standfirst = db.execute("SELECT story_id, standfirst FROM versions WHERE standfirst IS NOT NULL "
                                 "ORDER BY id LIMIT 1").fetchone()
    rows = list(csv.DictReader(io.StringIO(http.get("/search.csv", params={"body": "true"}).text)))
    assert list(rows[0])[-2:] == ["standfirst", "body"]
    assert {int(r["story_id"]): r["standfirst"] for r in rows}[sid] == standfirst
    too_many = http.get("/search.csv", params={"limit": 10 ** 9})
    assert too_many.status_code == 400 and "max_download_rows" in too_many.text
    html = http.get("/search", params={"q": WORD}).text
    assert f'href="/search.csv?q={WORD}"' in html and f'href="/search.jsonl?q={WORD}"' in html


def test_pages_added_while_serving_are_counted_soon(tmp_path):
    """A batch writing to the corpus the explorer serves: a search right after a commit is answered at
    once from the index there is, marked incomplete, and a search a moment later counts the new stories."""
    from conftest import DEV
    from dateline import extract
    from dateline.corpus.store import Store

    db = tmp_path / "growing.db"
    with sqlite3.connect(build_corpus()) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    with ExplorerServer(db) as s, httpx.Client(base_url=s.url, timeout=30.0) as http:
        before = get(http, "/search.json")
        assert before["index_complete"] and before["total"] == before["stories_in_corpus"]
        new_page = sorted((DEV / "wcxb" / "text").iterdir())[0]
        with Store(db) as store:
            added = store.add(extract(new_page)).stories_new
        assert added
        first = get(http, "/search.json")
        assert first["total"] in (before["total"], before["total"] + added)
        deadline = time.monotonic() + 60
        while not (now := get(http, "/search.json"))["index_complete"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert now["index_complete"] and now["total"] == before["total"] + added
