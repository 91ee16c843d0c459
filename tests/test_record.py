"""The record round-trips through JSON and keeps the contract's field names."""
import json

from hypothesis import given, strategies as st

from dateline.record import SCHEMA, Article, Image, PageResult, Sidebar, Source, article_from_dict, \
    article_to_dict, page_result_from_dict

CONTRACT = {"id", "source", "headline", "kicker", "authors", "published", "updated", "updated_text",
            "published_text", "dateline", "highlights", "standfirst", "body", "images", "sidebars", "quotes",
            "entities", "language"}


def test_contract_fields_present(seed_result):
    d = seed_result.to_dict()
    assert d["schema"] == SCHEMA
    for a in d["articles"]:
        assert CONTRACT <= set(a)
        assert a["source"]["format"] == "text"


def test_page_result_round_trip(seed_result):
    d = json.loads(seed_result.to_json())
    again = page_result_from_dict(d)
    assert again.to_dict() == d


text = st.text(max_size=40)


@given(headline=text, body=st.lists(text, max_size=4), caption=text, items=st.lists(text, max_size=3))
def test_article_round_trip(headline, body, caption, items):
    a = Article(headline=headline, body=body, images=[Image(caption=caption, credit="AFP")],
                sidebars=[Sidebar(kind="fact", title="T", items=items)], source=Source(uri="x"))
    a.assign_id()
    assert article_to_dict(article_from_dict(json.loads(json.dumps(article_to_dict(a))))) == article_to_dict(a)


def test_jsonl_lines_carry_source(seed_result):
    lines = seed_result.jsonl_lines()
    assert len(lines) == len(seed_result.articles)
    assert all(json.loads(line)["source"]["uri"].endswith(".txt") for line in lines)


def test_error_page_gives_one_error_line():
    r = PageResult(source=Source(uri="x"))
    from dateline.errors import error

    r.errors.append(error("E101").to_page_error())
    (line,) = r.jsonl_lines()
    assert json.loads(line)["errors"][0]["reason"] == "empty"
