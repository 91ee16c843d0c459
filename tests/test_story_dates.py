"""Story dates on real pages from sites no rule was written from (fields/dates.py, blocks/metadata.py)."""
from conftest import DEV
from dateline import Options, extract


def _first(name: str):
    result = extract(DEV / "wcxb" / "html" / name, Options(input_format="html"))
    assert result.articles, name
    return result.articles[0]


def test_a_webpage_statement_dates_a_page_whose_jsonld_has_no_article():
    # JSON-LD @graph with a WebPage carrying datePublished, no Article object, no <meta> date
    art = _first("0393.html.gz")
    assert art.published.startswith("2018-11-22")


def test_a_printed_meta_date_goes_before_microdata_of_related_stories():
    # <meta name="date" content="March 27, 2025">; the itemprop=datePublished on the page are the
    # teasers' (2026-03-13 and later)
    art = _first("4377.html.gz")
    assert art.published[:10] == "2025-03-27"


def test_meta_published_date_under_another_name():
    # <meta name="published-date" content="2021-02-16"> and modified-date
    art = _first("4512.html.gz")
    assert art.published[:10] == "2021-02-16"
    assert art.updated[:10] == "2024-07-30"


def test_a_time_element_at_the_foot_dates_a_page_with_no_other_date():
    # "Page last modified <time datetime=...>Jan. 17, 2025</time>": nothing else on the page is dated
    art = _first("0179.html.gz")
    assert art.published[:10] == "2025-01-17"


def test_an_element_classed_as_a_date_dates_a_page_with_no_other_date():
    # <p class="date">Feb 2, 2023</p> under "Published", below the collection's item
    art = _first("0463.html.gz")
    assert art.published[:10] == "2023-02-02"


def test_an_update_line_at_the_foot_dates_a_page_with_no_other_date():
    # "Last updated: November 13, 2025" in a paragraph at the page's end; no metadata date, no <time>
    art = _first("0341.html.gz")
    assert art.published is None
    assert art.updated[:10] == "2025-11-13"
    assert art.updated_text == "Last updated: November 13, 2025"


def test_an_update_line_beside_the_reading_time():
    # <span>Updated October 23, 2025</span> in a utility-classed row under the title
    art = _first("4584.html.gz")
    assert art.updated[:10] == "2025-10-23"


def test_a_numeric_date_is_read_in_the_order_the_markup_names():
    # "03/01/2017 by ..." under the headline, and <time datetime="2017-03-01T12:00:00Z"> around it:
    # month first, as the markup says (day first would give 3 January)
    art = _first("0370.html.gz")
    assert art.published[:10] == "2017-03-01"


def test_a_date_run_into_the_name_after_it_dates_the_page():
    # <span>Dec 17, 2025</span><span>Julian K. Arni</span> above the h1, no space between the spans,
    # and no date in the metadata: the line reads "Dec 17, 2025Julian K. Arni"
    art = _first("0453.html.gz")
    assert art.published[:10] == "2025-12-17"


def test_the_headers_earlier_day_is_the_first_publication_the_statement_its_update():
    # "Dec 30, 2013" under the headline; JSON-LD datePublished 2024-08-07, the day of an edit
    art = _first("4460.html.gz")
    assert art.published[:10] == "2013-12-30"
    assert art.updated[:10] == "2024-08-07"


def test_an_earlier_date_found_off_the_header_does_not_move_the_statement():
    # the only dated line near the text is an embedded post's ("— Yann LeCun (@ylecun) October 16, 2024")
    art = _first("0385.html.gz")
    assert art.published[:10] == "2025-12-19"


def test_a_header_time_line_run_into_its_update_line():
    # <time class="entry-time">April 26, 2024</time><time class="entry-modified-time">Updated on: …: the
    # two elements print "April 26, 2024Updated on: October 28, 2024"
    art = _first("4659.html.gz")
    assert art.published[:10] == "2024-04-26"
    assert art.updated[:10] == "2024-10-28"


def test_a_meta_name_that_says_published_under_a_sites_prefix():
    # <meta name="w-published-date" content="2025-05-27T06:03:43.274Z">, no other statement of the day
    art = _first("0237.html.gz")
    assert art.published[:10] == "2025-05-27"
