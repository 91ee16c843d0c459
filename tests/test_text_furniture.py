"""Flattened text: what stands among or below an article's paragraphs and is no part of them, on real dev
pages (fields/article.py): an embed's consent placeholder, a photo's credit standing alone or closing a
caption in square brackets, one or two headings closing the body, the author's note below the text. And
(pipeline.py) a page on which the learned body models keep no line at all, read again with the rule score,
when that finds an article under a header; and a story of a paragraph or two with no header below a page's
first, left out as a box."""
import json
import shutil

from conftest import DEV
from dateline import Options
from dateline.fields.article import _author_notes
from dateline.layout.model import BODY_ALL_MODEL, BODY_MODEL, SHIPPED_DIR
from dateline.pipeline import extract

TEXT = Options(nlp="off", input_format="text")
FUNDUS = DEV / "fundus" / "text"


def bodies(result) -> list[str]:
    return [p for a in result.articles for p in a.body]


def test_an_embeds_consent_placeholder_leaves_the_body_and_the_text_around_it_stays():
    body = bodies(extract(FUNDUS / "de__Gamestar_2024_04_28.txt.gz", TEXT))
    # the placeholder a video stands behind: its title, its two lines naming external content and
    # consent, what stands between them, and its link
    for line in ("Empfohlener redaktioneller Inhalt",
                 "An dieser Stelle findest du einen externen Inhalt von YouTube, der den Artikel ergänzt.",
                 "Du kannst ihn dir mit einem Klick anzeigen lassen und wieder ausblenden.",
                 "YouTube-Inhalte erlauben",
                 "Ich bin damit einverstanden, dass mir Inhalte von YouTube angezeigt werden.",
                 "Link zum YouTube-Inhalt"):
        assert line not in body
    # the paragraphs above and below it are the article's
    assert any(p.startswith("Galaxy Ring: Wir gehen stark davon aus") for p in body)
    assert any(p.startswith("Galaxy Z Flip 6: Das Sommer-Unpacked-Event") for p in body)


def test_an_article_on_data_protection_keeps_its_long_paragraphs_above_a_notice():
    """A post on a regulator's review of office software names consent terms in its own paragraphs; one of
    them reads as a notice (two terms), and the long paragraph above it, naming one, stays: a placeholder's
    lines are short."""
    body = bodies(extract(DEV / "trafilatura" / "text" / "damianduchamps.wordpress.com.hbdi.txt.gz", TEXT))
    assert any(p.startswith("Es bleibt weiterhin spannend, denn die Prüfungen des HBDI") for p in body)


def test_a_photos_credit_standing_alone_is_no_paragraph():
    body = bodies(extract(FUNDUS / "tw__TaipeiTimes_2024_10_15.txt.gz", TEXT))
    assert "Photo: AFP" not in body and len(body) >= 5
    body = bodies(extract(DEV / "multi" / "text" / "multi-000.txt.gz", TEXT))
    assert "© 2023 Reuters. All rights reserved" not in body
    assert "Image: eThekwini Municipality / Facebook" not in body


def test_a_caption_closing_on_its_credit_in_square_brackets_is_no_paragraph():
    (article,) = extract(FUNDUS / "kr__MBN_2025_06_03.txt.gz", TEXT).articles
    credits = ("[사진 출처 = 연합뉴스]", "[사진 출처 = 이재명 더불어민주당 캠프]")
    assert not any(p.endswith(credits) for p in article.body)
    assert len(article.body) >= 30


def test_the_body_does_not_close_on_a_heading():
    # a teaser's title below the article whose blurb the labeller left out
    body = bodies(extract(FUNDUS / "za__Ilanga_2025_12_03.txt.gz", TEXT))
    assert "Kulindelwe ezimbi ngentengo kaphethiloli kuleli sonto" not in body
    # the title of the next article in a list of the site's opinion pieces
    body = bodies(extract(FUNDUS / "de__Taz_2024_10_23.txt.gz", TEXT))
    assert "Links lesen, Rechts bekämpfen" not in body
    assert body[-1].endswith((".", "“", '"', "!", "?"))


def test_the_authors_note_below_the_text_leaves_the_body():
    (article,) = extract(FUNDUS / "de__ZDF_2025_11_07.txt.gz", TEXT).articles
    assert "Manuela Conrad" in article.authors
    assert not any(p.startswith("Manuela Conrad ist ZDF-Reporterin") for p in article.body)
    # the paragraphs the reporter wrote stay
    assert len(article.body) >= 15


def test_an_author_the_text_speaks_of_keeps_the_closing_paragraph_naming_it():
    """A company's case study "by" the company names it throughout: its closing paragraph is the text's."""
    body = ["Klatch Coffee roasts in California.", "Klatch Coffee uses the app to send emails.",
            "The shop grew.", "Its customers write reviews.", "Klatch Coffee has a 30 year history of roasting."]
    assert _author_notes(body, ["Klatch Coffee"]) == set()
    assert _author_notes(body[2:], ["Klatch Coffee"]) == {2}


def no_body_models(tmp_path):
    """The shipped models, but body models that keep no line of any page: a site unlike any they learned."""
    models = tmp_path / "models"
    shutil.copytree(SHIPPED_DIR, models)
    for name in (BODY_MODEL, BODY_ALL_MODEL):
        spec = json.loads((models / name).read_text())
        spec["baseline"] = -50.0
        (models / name).write_text(json.dumps(spec))
    return str(models)


def test_a_page_whose_body_no_model_keeps_is_read_with_the_rule_score(tmp_path):
    models = no_body_models(tmp_path)
    result = extract(FUNDUS / "jp__AsahiShimbun_2025_01_13.txt.gz", TEXT.with_(models=models))
    assert result.skipped is None and len(result.articles) == 1
    (article,) = result.articles
    assert article.body[0].startswith("気象庁は13日、午後9時19分ごろ、日向灘")
    # the short lines between its long ones, which the rule alone scores low, are the text's: a list of places
    assert {"各地の震度は次のとおり。", "＜震度5弱＞", "福岡県：久留米市"} <= set(article.body)
    assert article.published is not None  # the time line over its text, which made it an article


def test_the_rule_score_finds_no_article_under_no_header(tmp_path):
    """A guide's long lines make a long run the rule keeps (132 lines), but no time or byline stands over
    it: skipped, as the models' reading would not have skipped it."""
    models = no_body_models(tmp_path)
    assert extract(DEV / "wcxb" / "text" / "4578.txt.gz", TEXT).articles
    result = extract(DEV / "wcxb" / "text" / "4578.txt.gz", TEXT.with_(models=models))
    assert result.articles == [] and result.skipped.startswith("skipped: not an article")


def test_a_short_story_without_a_header_below_the_first_is_a_box():
    """A comment form's note of two paragraphs below a guide, long enough to pass for a story: dropped.
    A two-paragraph story with its own date and author, among a page's stories, stays."""
    result = extract(DEV / "wcxb" / "text" / "0098.txt.gz", TEXT)
    assert len(result.articles) == 1
    assert not any(p.startswith("Please do not enter your email address") for p in bodies(result))
    stories = extract(DEV / "multi" / "text" / "multi-029.txt.gz", TEXT).articles
    short = [a for a in stories if a.headline.startswith("Chemnitzer Hutfestival")]
    assert len(short) == 1 and len(short[0].body) == 2 and short[0].published is not None


def test_the_rule_score_finds_no_article_in_a_cookie_box():
    """A radio's page the shipped models keep no line of: the rule's longest story stands under a dated
    header, but most of its words are its newsletter form's and cookie box's. Skipped, as before."""
    result = extract(DEV / "trafilatura" / "text" / "arteradio.com-nuls.txt.gz", TEXT)
    assert result.articles == [] and result.skipped.startswith("skipped: not an article")
