"""The standfirst (RECORD.md): the lead paragraph a page sets apart between headline and body, found on
real pages, in one field only, and carried through the store, its migration and every export."""
import io
import json
import sqlite3

import pyarrow.parquet as pq
import pytest

from dateline import Options, extract
from dateline.corpus import Store
from dateline.corpus.export import export_jsonl, export_parquet, news_article
from dateline.corpus.store import SCHEMA_VERSION
from dateline.record import page_result_from_dict
from tests.conftest import DEV, SEED

OFF = Options(nlp="off")
FR = DEV / "fundus/html/de__FrankfurterRundschau_2024_04_26.html.gz"  # a "leadtext" paragraph in the body's box
CANADA = DEV / "fundus/html/ca__CanadaCom_2026_06_06.html.gz"  # an "article-subtitle" under the h1, above the byline


def first(path):
    result = extract(path, OFF)
    assert result.ok and result.articles, path
    return result, result.articles[0]


def in_body(article, text: str) -> bool:
    return any(text[:60] in p for p in article.body)


def test_a_marked_lead_the_body_had_taken_moves_out_of_the_body():
    result, a = first(FR)
    assert a.standfirst.startswith("Ambrosia breitet sich in deutschen Gärten aus")
    assert not in_body(a, a.standfirst)
    assert a.body[0].startswith("Ursprünglich stammt Ambrosia")
    # provenance: the span is the paragraph's element in the page
    (span,) = a.provenance["standfirst"]
    assert "Ambrosia breitet sich" in result.text[span.start:span.end]


def test_a_dek_in_the_header_is_added_and_the_body_stays_as_it_was():
    _, a = first(CANADA)
    assert a.standfirst == ("Canadian Rockies resort completes a sweeping property-wide overhaul after devastating "
                            "2024 wildfire")
    assert a.body[0].startswith("One of North America’s iconic Rocky Mountain resorts")
    assert a.headline == "Iconic Jasper resort reopens after $100M revamp"


def test_a_paragraph_that_says_the_pages_description_is_a_standfirst():
    # no class word marks it: the paragraph under the headline says what og:description says
    _, a = first(DEV / "wcxb/html/0013.html.gz")
    assert a.standfirst.startswith("Campus recreation facilities have become integral to student life")
    assert not in_body(a, a.standfirst)


def test_a_page_with_nothing_between_headline_and_body_has_none():
    # byline, time and a share bar stand there: no paragraph
    _, a = first(DEV / "fundus/html/au__NineNews_2024_05_02.html.gz")
    assert a.standfirst is None
    assert a.body[0].startswith("For nearly two decades")


def test_a_first_paragraph_marked_for_voice_assistants_stays_in_the_body():
    # "speakable-summary" is schema.org's mark for text-to-speech, not a lead set apart
    _, a = first(DEV / "scrapinghub/html/1ace8c85aaee21b9d4505eca506d50c4721c29db62848b567a9703bfe0583892.html.gz")
    assert a.standfirst is None
    assert a.body[0].startswith("WeWork is reportedly being investigated")


def test_a_page_whose_body_is_one_paragraph_keeps_it_as_body():
    """A legal-aid finder: a paragraph marked as the lead, then a search form's lines. With the form's
    lines as body (wcxb's gold has them) the lead is the standfirst; left with the lead and one stray
    line ("0"), the body keeps the lead: a page of one paragraph is not all standfirst."""
    from dateline.blocks.html import html_blocks
    from dateline.fields.article import build_article
    from dateline.layout.labeller import label_blocks
    from dateline.layout.stories import find_stories
    from dateline.read import decode, read_path

    _, a = first(DEV / "wcxb/html/0781.html.gz")
    assert a.standfirst.startswith("LSC is an independent nonprofit") and len(a.body) > 5
    page = read_path(DEV / "wcxb/html/0781.html.gz", "html")
    page.text, page.encoding = decode(page.data, None, is_html=True)
    blocks, meta = html_blocks(page, OFF)
    label_blocks(blocks)
    story = find_stories(blocks)[0]
    body = [i for i in range(story.body_start, story.end) if blocks[i].label == "body"]
    lead = next(i for i in body if blocks[i].text.startswith("LSC is an independent nonprofit"))
    for i in body:
        if i != lead and blocks[i].text != "0":
            blocks[i].label = "boilerplate"
    art = build_article(story, blocks, page, OFF, meta)
    assert art.standfirst is None
    assert art.body[0].startswith("LSC is an independent nonprofit")


def test_text_a_prose_line_above_the_byline_is_the_standfirst():
    _, a = first(DEV / "fundus/text/uk__TheTelegraph_2024_09_17.txt.gz")
    assert a.standfirst.startswith("PM suggests he will continue to accept donations")
    assert not in_body(a, a.standfirst)
    assert a.authors  # the byline below it is still read


def test_text_a_call_to_register_above_the_byline_is_not_a_standfirst():
    _, a = first(DEV / "fundus/text/ca__TheProvince_2026_06_06.txt.gz")
    assert not (a.standfirst or "").startswith("You can save this article by registering")


def test_the_seed_has_highlights_and_no_standfirst():
    # the seed's "•" summary lines are highlights, a field of their own
    result = extract(SEED, OFF)
    assert any(a.highlights for a in result.articles)
    assert all(a.standfirst is None for a in result.articles)


def test_the_standfirst_round_trips_through_json():
    result = extract(CANADA, OFF)
    d = json.loads(result.to_json())
    assert d["articles"][0]["standfirst"].startswith("Canadian Rockies resort")
    assert page_result_from_dict(d).to_dict() == d
    line = json.loads(result.jsonl_lines()[0])
    assert line["standfirst"] == result.articles[0].standfirst


# -- the store, its migration, search and exports ---------------------------------------------------

@pytest.fixture(scope="module")
def results():
    return [extract(p, OFF) for p in (FR, CANADA, DEV / "fundus/html/au__NineNews_2024_05_02.html.gz")]


def test_the_store_keeps_the_standfirst_and_search_finds_its_words(tmp_path, results):
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_many(results)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    rows = dict(conn.execute("SELECT headline, standfirst FROM versions").fetchall())
    assert rows["Iconic Jasper resort reopens after $100M revamp"].startswith("Canadian Rockies resort")
    assert rows[results[2].articles[0].headline] is None
    # "sweeping" is in the standfirst only, not the headline or the body
    assert not any("sweeping" in p for p in results[1].articles[0].body)
    hits = conn.execute("SELECT rowid FROM versions_fts WHERE versions_fts MATCH 'sweeping'").fetchall()
    assert len(hits) == 1


def test_a_store_of_the_earlier_schema_is_migrated_on_opening(tmp_path, results):
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.add_many(results)
    # the store as schema 1 wrote it: no standfirst column
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE versions DROP COLUMN standfirst")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(db) as store:  # a writer opens it: migrated
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        got = dict(store.conn.execute("SELECT headline, standfirst FROM versions").fetchall())
        assert got["Iconic Jasper resort reopens after $100M revamp"].startswith("Canadian Rockies resort")
        store.add(extract(DEV / "fundus/html/ca__FinancialPost_2026_06_06.html.gz", OFF))  # and it takes new pages
        assert store.counts()["versions"] == 4


def test_exports_carry_the_standfirst(tmp_path, results):
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_many(results)
    with Store(db, readonly=True) as store:
        buf = io.StringIO()
        export_jsonl(store, buf)
        records = [json.loads(line) for line in buf.getvalue().splitlines()]
        export_parquet(store, tmp_path / "c.parquet")
    by_headline = {r["headline"]: r for r in records}
    canada = by_headline["Iconic Jasper resort reopens after $100M revamp"]
    assert canada["standfirst"].startswith("Canadian Rockies resort")
    assert news_article(canada)["description"] == canada["standfirst"]  # schema.org: the summary a page gives
    assert "description" not in news_article(by_headline[results[2].articles[0].headline])
    table = pq.read_table(tmp_path / "c.parquet").to_pylist()
    assert {r["headline"]: r["standfirst"] for r in table}["Iconic Jasper resort reopens after $100M revamp"] \
        == canada["standfirst"]
