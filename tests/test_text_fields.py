"""Authors and publication times from flattened text, on real dev pages whose lines show each way a
page prints them. The figures over whole sets are gated in test_eval_gate.py; these say which kind
of line broke when one of them falls."""
import pytest

from conftest import DEV, SEED
from dateline import Options, extract
from dateline.blocks.text import text_blocks

TEXT = Options(nlp="off", input_format="text")


def first_article(name: str):
    result = extract(DEV / "fundus" / "text" / f"{name}.txt.gz", TEXT)
    assert result.articles, result.skipped
    return result.articles[0]


@pytest.mark.parametrize("name, authors, why", [
    ("au__NineNews_2026_07_04", ["Adam Vidler", "AP"], "a name and an agency over the date line"),
    ("uk__TheTelegraph_2024_09_17", ["Amy Gibbons"], "a name and job title over the date; 'Related Topics' under it"),
    ("uk__TheIndependent_2024_11_22", ["Angus Thompson"], "a name over the date, 'SIGN UP' near the text"),
    ("tr__AnadoluAjansi_2025_04_05", ["Sehernur Karsu"], "'Name | date' on one line"),
    ("us__TheGatewayPundit_2026_07_19", ["Paul Serran"], "'by Name date' on one line"),
    ("de__Taz_2023_04_28", ["Nicole Opitz"], "an author box after the story: 'Kommentar von' / name / role"),
    ("de__WinFuture_2024_04_29", ["Stefan Trunzik"], "'Name , date', and a capitalised phrase below it"),
])
def test_authors_from_the_lines_around_the_header(name, authors, why):
    assert first_article(name).authors == authors, why


def test_a_headline_with_von_is_not_a_byline():
    # "Kühltürme von AKW Gundremmingen gesprengt" repeats the headline; the byline is the agency below
    assert "AKW Gundremmingen gesprengt" not in first_article("de__StuttgarterZeitung_2025_10_25").authors


@pytest.mark.parametrize("line, names", [
    ("ByAlex Bozarjian", ["Alex Bozarjian"]),  # two spans, no space between: the byline word glued on
    ("VonEva Kirchner-Rätsch", ["Eva Kirchner-Rätsch"]),
    ("DiMaggio hits again", None),  # "Di", "Da" open names themselves: never taken as glued
    ("Bygone Days", None),
    ("Byron Smith", None),
])
def test_a_byline_word_glued_to_the_name(line, names):
    from dateline.fields.text_fields import byline_names
    from dateline.lexicon import is_byline

    assert is_byline(line) == (names is not None)
    if names:
        assert byline_names(line) == names


@pytest.mark.parametrize("value, names", [
    ("Sarah E. Needleman", ["Sarah E. Needleman"]),  # a middle initial "E." is no Portuguese "e" (and)
    ("Deutscher Caritasverband e. V.", ["Deutscher Caritasverband e. V."]),
    ("Bundesverband WindEnergie e.V.", ["Bundesverband WindEnergie e.V."]),
    ("Ana Souza e João Silva", ["Ana Souza", "João Silva"]),
])
def test_a_joining_word_with_a_period_is_an_abbreviation(value, names):
    from dateline.blocks.metadata import split_names
    from dateline.fields.text_fields import byline_names

    assert split_names(value) == names
    assert byline_names("By " + value) == names


@pytest.mark.parametrize("printed, day", [
    ("Erstellt am09.02.2022", "2022-02-09"),  # the day glued to the word before it
    ("Rainer55518.10.1919:13", None),  # a user name "Rainer555" glued on: no year 5518
    ("macbacchi28.09.1912:44", None),  # 28.09.19 12:44, not the year 1912
    ("28.04.2023, 12:44 Uhr", "2023-04-28"),
])
def test_dates_glued_to_their_neighbours(printed, day):
    from dateline.fields.times import resolve

    assert resolve(printed, None) == day


@pytest.mark.parametrize("name, day, printed", [
    ("de__SZ_2023_04_28", "2023-04-28", "28. April 2023, 19:50 Uhr"),  # "28." is a day, not a list number
    ("es__ElDiario_2025_05_29", "2025-05-25", "25 de mayo de 2025 16:51 h"),
    ("se__Expressen_2025_10_23", "2025-10-23", "Publicerad 23 okt 2025 kl 10.23Uppdaterad kl 12.17"),
    ("us__Reuters_2023_05_16", "2023-04-25", None),  # an absolute date beside "9 min ago"
    ("us__TheGatewayPundit_2026_07_19", "2026-07-19", "Jul. 19, 2026 9:45 am"),  # not an embedded tweet's date
    ("de__Taz_2023_04_28", "2023-04-28", None),  # the date stands below the story, by its author box
])
def test_publication_day(name, day, printed):
    art = first_article(name)
    assert art.published[:10] == day
    if printed:
        assert art.published_text == printed


def test_a_day_of_the_month_is_kept_and_a_list_number_is_a_marker():
    blocks = text_blocks("28. April 2023, 19:50 Uhr\n\n1. Erster Punkt der Liste\n\n28. 4. 2023 , 18:41 Uhr\n")
    assert [(b.bullet, b.text) for b in blocks] == [
        ("", "28. April 2023, 19:50 Uhr"), ("1.", "Erster Punkt der Liste"), ("", "28. 4. 2023 , 18:41 Uhr")]


def test_the_seed_page_lends_no_story_a_widget_or_another_storys_time():
    # "Short Url" beside a time line is a widget; the fourth story's only time is relative ("Updated 9 min
    # 31 sec ago"), so without a fetch time it has none, not the next story's "Updated 02 February 2025"
    result = extract(SEED, TEXT)
    assert [a.authors for a in result.articles] == [[]] * 6
    assert [(a.published, a.updated_text) for a in result.articles][3] == (None, "Updated 9 min 31 sec ago")


def test_a_french_page_keeps_the_space_before_its_colons():
    # the flattener's "Topline : Title" is tidied to "Topline: Title", but a page whose body spaces its
    # colons is French typography, and its headline keeps " : "
    assert first_article("fr__LesEchos_2024_07_18").headline.startswith("Europe : les ventes")


@pytest.mark.parametrize("line, names", [
    ("by Will Judd Former Deputy Tech Editor", ["Will Judd"]),  # the job title's span beside the name's
    ("Written by Emma Ryan Lead Writer", ["Emma Ryan"]),
    ("By Mary Director-Smith", ["Mary Director-Smith"]),  # a word of the name, not a title that closes it
])
def test_a_job_title_printed_after_the_name_is_not_part_of_it(line, names):
    from dateline.fields.text_fields import byline_names

    assert byline_names(line) == names


@pytest.mark.parametrize("stem, author", [("4823", "Will Judd"), ("4858", "Emma Ryan")])
def test_the_writer_of_a_page_without_its_job_title(stem, author):
    """wcxb pages whose byline sets the writer's job title in a span of its own after the name
    ("Will Judd" "Former Deputy Tech Editor"): the record gave "Will Judd Former"."""
    page = DEV / "wcxb" / "html" / f"{stem}.html.gz"
    assert extract(page).articles[0].authors == [author]
