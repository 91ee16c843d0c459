"""Strings in (issue 17): extract() takes a page as a str, and Options takes ISO times as strings."""
from datetime import datetime, timezone

import pytest

from dateline import Options, extract
from dateline.read import Page, str_kind
from tests.conftest import DEV, SEED


def _html_page() -> str:
    import gzip

    src = sorted((DEV / "fundus" / "html").iterdir())[0]
    data = src.read_bytes()
    return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8")


def test_a_string_of_html_is_read_as_html():
    html = _html_page()
    result = extract(html)
    assert not result.errors, result.errors
    assert result.source.format == "html" and result.articles
    assert result.source.uri is None  # the page's text is never taken for its name


def test_a_string_of_text_is_read_as_text():
    text = SEED.read_text(encoding="utf-8")
    from_str, from_file = extract(text), extract(SEED)
    assert from_str.source.format == "text"
    assert [a.headline for a in from_str.articles] == [a.headline for a in from_file.articles]
    assert len(from_str.articles) == 6


def test_short_plain_text_is_text_not_a_missing_file():
    r = extract("plain text of a page, with a few words: the mayor said on Monday that the bridge will open.")
    assert not any(e.reason == "not_found" for e in r.errors)


def test_page_from_html_and_from_text_say_it():
    html = _html_page()
    page = Page.from_html(html, url="https://news.example.org/a/story.html")
    r = extract(page)
    assert r.source.format == "html" and r.articles and r.source.url == "https://news.example.org/a/story.html"
    r2 = extract(Page.from_text(SEED.read_text(encoding="utf-8")))
    assert r2.source.format == "text" and len(r2.articles) == 6


@pytest.mark.parametrize("value, kind", [
    (str(SEED), "path"),
    ("no/such/dir/page.html", "path"),
    ("missing.txt", "path"),
    ("archive.warc.gz", "path"),
    ("https://www.example.com/news/story.html", "url"),
    ("<!doctype html><html><body><p>Hi</p></body></html>", "html"),
    ("  \n<html lang=en>", "html"),
    ("<p>A paragraph", "html"),
    ("The 9/11 commission said on Monday", "text"),
    ("Headline\n\nBody paragraph.", "text"),
    ("word", "text"),
])
def test_str_kind(value, kind):
    assert str_kind(value) == kind


def test_a_missing_path_is_not_found_with_its_name():
    r = extract("no/such/dir/page.html")
    assert [e.reason for e in r.errors] == ["not_found"]
    assert r.source.uri == "no/such/dir/page.html" and "no/such/dir/page.html" in r.errors[0].message


def test_options_take_iso_strings():
    o = Options(fetched_at="2025-02-02T12:00:00Z")
    assert o.fetched_at == datetime(2025, 2, 2, 12, tzinfo=timezone.utc)
    assert Options(fetched_at="2025-02-02").fetched_at == datetime(2025, 2, 2, tzinfo=timezone.utc)
    assert Options(fetched_at=datetime(2025, 2, 2, 12)).fetched_at.tzinfo is not None
    with pytest.raises(ValueError, match="fetched_at.*ISO 8601.*'yesterday'"):
        Options(fetched_at="yesterday")


def test_fetched_at_string_resolves_relative_times():
    r = extract(SEED, Options(fetched_at="2025-02-02T12:00:00Z"))
    assert r.source.fetched_at.startswith("2025-02-02T12:00:00")
    assert "2025-02-02T11:59:40+00:00" in [a.updated for a in r.articles]  # "Updated 20 sec ago"
