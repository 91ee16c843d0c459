"""The explorer's pages beyond search: one person per name with their aliases and a timeline, no fragment
listed as a person, the original article linked, a source view whose labels, line order and story numbers
say what the record says, charts on a time axis, HEAD wherever GET, and corpus reads in the corpus layer."""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from explorer_support import HOSTILE_URL, WARC_SITE, WARC_URL, ExplorerServer, build_corpus

SRC = Path(__file__).parents[1] / "src" / "dateline"


@pytest.fixture(scope="module")
def server():
    # every value of every facet listed: the person facet is checked whole
    with ExplorerServer(build_corpus(), "--setting", "facet_values=100000") as s:
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


def person_facet(http) -> list[dict]:
    data = http.get("/search.json").json()
    return next(f["values"] for f in data["facets"] if f["name"] == "person")


# -- people ------------------------------------------------------------------------------------------

def test_one_person_per_name_with_aliases(http, db):
    quoted = Counter(dict(db.execute("SELECT speaker, count(*) FROM quotes q JOIN stories s ON s.latest_version = "
                                     "q.version_id WHERE speaker IN ('Trump', 'Donald Trump') GROUP BY speaker")))
    assert quoted["Trump"] and quoted["Donald Trump"], "the corpus quotes him under both names"
    r = http.get("/person/Trump", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/person/Donald%20Trump"
    assert http.get("/person/Trump.json", follow_redirects=False).headers["location"] == "/person/Donald%20Trump.json"
    data = http.get("/person/Donald%20Trump.json").json()
    assert data["aliases"] == ["Trump"] and len(data["quotes"]) == sum(quoted.values())
    assert {q["speaker"] for q in data["quotes"]} == {"Trump", "Donald Trump"}
    assert "Also quoted as" in http.get("/person/Donald%20Trump").text
    listed = {v["value"]: v for v in person_facet(http)}
    assert "Trump" not in listed and listed["Donald Trump"]["aliases"] == ["Trump"]
    stories = {r[0] for r in db.execute("SELECT DISTINCT s.id FROM quotes q JOIN stories s ON s.latest_version = "
                                        "q.version_id WHERE q.speaker IN ('Trump', 'Donald Trump')")}
    found = http.get("/search.json", params={"person": "Trump"}).json()
    assert found["query"]["person"] == "Donald Trump" and {r["story_id"] for r in found["results"]} == stories


def test_fragments_and_empty_speakers_are_never_listed(http, db):
    speakers = {r[0] for r in db.execute("SELECT DISTINCT speaker FROM quotes")}
    fragments = {"Hosting Cook", "CEO", "petition"}
    assert fragments | {None} <= speakers, "the corpus holds each kind of fragment, and quotes without a speaker"
    facet = person_facet(http)
    listed = {v["value"] for v in facet} | {a for v in facet for a in v["aliases"]}
    assert listed and not listed & fragments and all(name.strip() for name in listed)
    for name in ("Hosting Cook", "CEO", "petition"):
        r = http.get(f"/person/{quote(name)}.json")
        assert r.status_code == 404 and "not a person's name" in r.json()["error"]
    story_id = db.execute("SELECT DISTINCT v.story_id FROM quotes q JOIN versions v ON v.id = q.version_id "
                          "WHERE q.speaker = 'Hosting Cook'").fetchone()[0]
    html = http.get(f"/story/{story_id}").text
    assert 'href="/person/Hosting%20Cook"' not in html and '<span class="speaker">Hosting Cook</span>' in html
    assert 'href="/person/Marc%20Benioff"' in html, "a person's name in the same story is still linked"


def test_person_rule_on_names_from_the_corpus():
    from dateline.corpus.people import find_people, name_shape

    assert all(name_shape(n) for n in ("Donald Trump", "Damian O’Brien", "David-Alexandre Brassard",
                                       "Jason La Canfora", "Stephen K. Bannon", "Brent Bozell III", "bin Salman"))
    assert not any(name_shape(n) for n in ("", "CEO", "petition", "Trump administration", "VW", "U.N.",
                                           "Browns DL Sheldon Richardson", "Netanyahu’s office", "44 percent"))
    names = Counter({"Donald Trump": 23, "Trump": 6, "Ted Cruz": 3, "Cruz": 1})
    people = find_people(names, {}, lambda w: False)
    assert people.person("Trump") == "Donald Trump" and people.person("Cruz") == "Ted Cruz"
    # a second Trump in the corpus: "Trump" alone could be either, and stays a name of its own
    people = find_people(names + Counter({"Ivanka Trump": 2}), {}, lambda w: False)
    assert people.person("Trump") == "Trump" and people.names("Donald Trump") == ["Donald Trump"]
    typed = find_people(Counter({"Toyota": 2}), {"Toyota": Counter({"ORG": 3})}, lambda w: False)
    assert typed.person("Toyota") is None and "ORG" in typed.rejected["Toyota"]


def test_person_page_is_a_timeline(http):
    data = http.get("/person/Donald%20Trump.json").json()
    dates = [q["date"] for q in data["quotes"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and all(d is None for d in dates[len(dated):]), "oldest first, undated last"
    chart = data["chart"]
    assert sum(b["value"] for b in chart["bars"]) == len(dated)
    assert data["undated"] == f"{len(dates) - len(dated)} undated quotes"
    html = http.get("/person/Donald%20Trump").text
    assert html.count('class="bar"') == len(chart["bars"]) and "<h2>Timeline</h2>" in html


# -- the original article --------------------------------------------------------------------------------

def test_the_original_article_is_linked_where_its_address_is_known(http, db):
    story_id = db.execute("SELECT ss.story_id FROM story_sources ss JOIN sources so ON so.id = ss.source_id "
                          "WHERE so.url = ?", (WARC_URL,)).fetchone()[0]
    story = http.get(f"/story/{story_id}").text
    assert f'<a class="original" href="{WARC_URL}" rel="noreferrer nofollow">original article</a>' in story
    results = http.get("/search.json", params={"site": WARC_SITE}).json()["results"]
    assert [r["url"] for r in results] == [WARC_URL]
    assert f'<a class="original" href="{WARC_URL}"' in http.get("/search", params={"site": WARC_SITE}).text
    source_id = db.execute("SELECT id FROM sources WHERE url = ?", (HOSTILE_URL,)).fetchone()[0]
    assert f'href="{HOSTILE_URL}"' in http.get(f"/source/{source_id}").text
    no_url = db.execute("SELECT ss.story_id FROM story_sources ss JOIN sources so ON so.id = ss.source_id "
                        "WHERE so.url IS NULL LIMIT 1").fetchone()[0]
    assert 'class="original"' not in http.get(f"/story/{no_url}").text


# -- the source view ---------------------------------------------------------------------------------------

def test_source_labels_agree_with_the_fields_they_link_to(http, db):
    from dateline.web.views.source import FIELD_LABELS

    relabelled = 0
    for (source_id,) in db.execute("SELECT id FROM sources WHERE blocks_json IS NOT NULL"):
        for b in http.get(f"/source/{source_id}.json").json()["blocks"]:
            implied = {lab for f in b["fields"] for lab in FIELD_LABELS.get(re.sub(r"\[.*", "", f["field"]), ())}
            assert not implied or b["label"] in implied, (source_id, b["index"], b["label"], b["fields"])
            relabelled += b["label"] != b["labelled"]
    assert relabelled, "the corpus has lines the labeller called boilerplate that became a headline"


def test_source_lines_in_page_order_and_stories_from_one(http, db):
    source_id, blocks_json = db.execute("SELECT id, blocks_json FROM sources WHERE url = ?", (WARC_URL,)).fetchone()
    stored = [b["start"] for b in json.loads(blocks_json)]
    assert stored != sorted(stored), "the WARC page's blocks are stored as their elements closed"
    data = http.get(f"/source/{source_id}.json").json()
    lines = [b["line"] for b in data["blocks"]]
    assert lines == sorted(lines) and [b["start"] for b in data["blocks"]] == sorted(stored)
    assert [a["number"] for a in data["articles"]] == list(range(1, len(data["articles"]) + 1))
    html = http.get(f"/source/{source_id}").text
    assert '<li id="a0" value="1">' in html and "story 0" not in html and "· story 1</span>" in html


# -- charts on a time axis -------------------------------------------------------------------------------------

def test_a_long_span_is_charted_in_years_with_gaps():
    """The issue's example: months 2012-05 and 2019-11 are seven years apart, not neighbours."""
    from dateline.web.charts import bar_chart, per_month

    months = per_month([("2012-05-03", 2), ("2019-11-20T10:00:00Z", 5), (None, 9), ("2019-11-01", 1)])
    chart = bar_chart(months, "mentions")
    assert chart["step"] == "month" and len(chart["bars"]) == 7 * 12 + 7, "every month from 2012-05 to 2019-11"
    assert [b["value"] for b in chart["bars"] if b["value"]] == [2, 6]
    xs = [b["label_x"] for b in chart["bars"]]
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    assert max(gaps) - min(gaps) < 0.15, "equal time, equal distance (to the 0.1 px the geometry is rounded to)"
    labels = [b["label"] for b in chart["bars"] if b["show_label"]]
    assert labels and all(label.endswith("-01") for label in labels), "ticks on Januaries"
    decades = bar_chart(per_month([("2003-05-03", 2), ("2019-11-20", 5)]), "mentions")
    assert decades["step"] == "year" and [b["label"] for b in decades["bars"]] == [str(y) for y in range(2003, 2020)]
    assert [b["value"] for b in decades["bars"]] == [2] + [0] * 15 + [5]
    short = bar_chart(per_month([("2023-11-02", 3), ("2024-02-01", 6)]), "mentions")
    assert [(b["label"], b["value"]) for b in short["bars"]] == [("2023-11", 3), ("2023-12", 0), ("2024-01", 0),
                                                                ("2024-02", 6)]


# -- HEAD ------------------------------------------------------------------------------------------------------

def test_head_is_answered_wherever_get_is(http, db):
    story_id = db.execute("SELECT id FROM stories LIMIT 1").fetchone()[0]
    paths = ["/", "/search?q=the", "/search.json", "/search.csv?q=the", "/search.jsonl", f"/story/{story_id}",
             f"/story/{story_id}.json", "/source/1", "/source/1.json", "/person/Donald%20Trump",
             "/person/Donald%20Trump.json", "/entity/Trump", "/docs", "/docs.json", "/openapi.json",
             "/static/style.css"]
    for path in paths:
        got, head = http.get(path), http.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"], path
        assert "default-src 'none'" in head.headers["content-security-policy"], path
    assert http.head("/story/999999").status_code == 404
    assert http.head("/api/extract").status_code == 405, "a POST-only route stays POST-only"
    spec = http.get("/openapi.json").json()
    assert not any("head" in ops for ops in spec["paths"].values()), "each operation described once, as GET"


# -- one home for corpus reads ---------------------------------------------------------------------------------

def test_the_explorer_reads_the_corpus_only_through_the_corpus_layer():
    """No SQL in the web package: every query it runs lives in dateline.corpus (reader, queries, search, index)."""
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+\S")
    offenders = [str(p.relative_to(SRC)) for p in (SRC / "web").rglob("*.py") if sql.search(p.read_text())]
    assert offenders == []
    assert (SRC / "corpus" / "queries.py").exists() and not (SRC / "web" / "db.py").exists()
