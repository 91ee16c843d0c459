"""How the text path parts a page into stories, on real dev pages: an article's sections stay one story
across the tables, widgets and lists between them, and pages of several stories stay apart. The
figures over whole sets are gated in test_eval_gate.py; these say which kind of page broke."""
import json
import re

import pytest

from conftest import DEV
from dateline import Options, extract

TEXT = Options(nlp="off", input_format="text")
WORD = re.compile(r"\w+")


def words(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def page(setname: str, stem: str):
    result = extract(DEV / setname / "text" / f"{stem}.txt.gz", TEXT)
    gold = json.loads((DEV / setname / "gold" / f"{stem}.gold.json").read_text())
    return result.articles, gold["articles"]


def holding(articles, paragraph: str) -> list[int]:
    """The predicted articles whose body holds the paragraph's words (its first 12)."""
    key = " ".join(words(paragraph).split()[:12])
    return [k for k, a in enumerate(articles) if key in words(" ".join(a.body))]


@pytest.mark.parametrize("stem, why", [
    ("0037", "a guide of ten sections, each a heading, a paragraph and a list the model doubted"),
    ("1628", "a ranking: sixteen programmes, each with a table of its facts between the sections"),
])
def test_an_article_is_not_cut_at_its_section_headings(stem, why):
    articles, gold = page("wcxb", stem)
    assert len(articles) == 1, why
    body = gold[0]["body"]
    assert holding(articles, body[0]) == [0] and holding(articles, body[-1]) == [0], why


def test_pages_of_several_stories_stay_apart():
    # two pages one after the other with only footer and navigation between them (no time, no byline
    # over the second story's text): their words do not meet, so the long gap still parts them
    articles, gold = page("multi", "multi-006")
    first, second = (holding(articles, g["body"][0]) for g in gold[:2])
    assert len(first) == len(second) == 1 and first != second, (first, second)


@pytest.mark.parametrize("stem, why", [
    ("4202", "a review, then the cookie notice's table of cookies far below it"),
    ("4578", "a guide and its references, then a note on how the site checks its facts"),
])
def test_a_box_far_below_the_article_is_not_a_story(stem, why):
    # nothing over the box's text announces a story (no time, no byline), its words do not meet the
    # article's, and it holds less than half of the article's text: it is dropped, not made a story
    articles, gold = page("wcxb", stem)
    assert len(articles) == 1, why
    body = gold[0]["body"]
    assert holding(articles, body[0]) == [0] and holding(articles, body[-1]) == [0], why


def test_a_comment_under_the_article_is_not_a_story():
    # a travel guide's comment thread: "Ann says", a date, her question, "Reply"; a reader's name and a
    # date over her text read as a dated, signed header, but the reply lines show it is a comment
    articles, gold = page("wcxb", "4085")
    assert len(articles) == 1
    assert not holding(articles, "Hello, I am planning my 2025 Japan trip")



@pytest.mark.parametrize("setname, stem", [("fundus", "de__Taz_2024_10_23"), ("multi", "multi-012")])
def test_a_comment_below_the_threads_head_is_not_a_story(setname, stem):
    # under a commentary, "3 Kommentare" heads the thread; a reader's name and a dated line stand over
    # her comment, which speaks of the article's subject: a dated header, but below the thread's head it
    # is a comment, not a story. On the page of several stories, the stories after the thread stay apart
    articles, gold = page(setname, stem)
    assert len(articles) == len(gold)
    assert not any(holding(articles, p) for p in ("Der Entwurf atmet leider in weiten Teilen den Geist",
                                                  "Ich denke doch, dass es (wenige) Männer gibt"))
    assert [holding(articles, g["body"][0]) for g in gold] == [[k] for k in range(len(gold))]

def test_a_cookie_notice_far_below_the_article_is_not_a_story():
    # a wire story; far below it, past the site's index, a run of the site's products, its copyright and
    # a long notice on cookies and the sale of personal data, longer than the story: mostly notice, it
    # is a box below the article, not a second story ("Information you can trust")
    articles, gold = page("fundus", "us__Reuters_2023_05_16")
    assert len(articles) == 1 and holding(articles, gold[0]["body"][-1]) == [0]
    assert not holding(articles, "All quotes delayed a minimum of 15 minutes")


def test_teasers_below_a_head_of_links_are_not_the_article():
    # a report on heat and roads; below it "Mehr aus Sachsen-Anhalt" heads the site's other stories, each a
    # title and a blurb the model doubts (a missing person, an election, a swimming course): with nothing
    # to part them from the article they went on with it; below the head they are teasers, left out
    articles, gold = page("fundus", "de__MDR_2026_07_08")
    assert len(articles) == 1
    assert holding(articles, gold[0]["body"][-1]) == [0]
    assert not any(holding(articles, p) for p in ("Was ist mit Jutta Schulz passiert?",
                                                  "Noch sind es acht Wochen bis zur Landtagswahl"))


@pytest.mark.parametrize("stem, closing", [
    ("de__FAZ_2025_04_15", "Damit eine mögliche Retoure reibungslos verläuft"),
    ("de__Heise_2024_04_19", "Am Donnerstag dieser Woche haben internationale Strafverfolger"),
])
def test_the_closing_paragraph_below_a_box_of_links_stays(stem, closing):
    # "Mehr zum Thema" / "Lesen Sie auch" and two or three links set inside the article, then its last
    # paragraph, which the model doubts: one paragraph on the story's subject is the article's own
    articles, _ = page("fundus", stem)
    assert len(articles) == 1 and holding(articles, closing) == [0]


@pytest.mark.parametrize("line, head", [
    ("Mehr aus Sachsen-Anhalt", True), ("Weitere Themen", True), ("Mehr zum Thema Hitzeschäden", True),
    ("More from Reuters", True), ("Read Next", True), ("Ähnliche Artikel:", True), ("【関連記事】", True),
    # a sentence or a teaser's title that opens so heads nothing
    ("Mehr als 80 Prozent der Studierenden wünschen sich klare Leitlinien.", False),
    ("Read more", False), ("Mehr zum Thema Hitzeschäden in Sachsen-Anhalt und was die Autobahn GmbH tut", False),
])
def test_a_head_of_links_to_other_stories(line, head):
    from dateline.lexicon import is_related_head

    assert is_related_head(line) is head


@pytest.mark.parametrize("stem, why", [
    ("0041", "a guide of 3,000 words under a site menu whose last lines (about us, careers) read as a story"),
    ("0405", "a festival report, then a cookie notice's table of cookies under it"),
])
def test_a_small_box_with_no_header_of_its_own_is_not_a_story(stem, why):
    # the box holds under a tenth of the article's text and no time, byline or headline of its own
    # stands over it: a menu, a promotion or a notice beside the article, not a story of the page
    articles, gold = page("wcxb", stem)
    assert len(articles) == 1, why
    body = gold[0]["body"]
    assert holding(articles, body[0]) == [0] and holding(articles, body[-1]) == [0], why


@pytest.mark.parametrize("line, head", [
    ("3 Kommentare", True), ("Leserkommentare", True), ("Comments (12)", True), ("1 comment", True),
    ("Join the conversation", True), ("Leave a Reply", True),
    # a lone singular is more often an opinion column's label, and a sentence about comments heads nothing
    ("Kommentar", False), ("Comment", False), ("Kommentar von Nicole Opitz", False),
    ("Comments are closed.", False), ("Obsidian vs Notion Comments", False),
])
def test_a_comment_threads_head(line, head):
    from dateline.lexicon import is_comments_head

    assert is_comments_head(line) is head


@pytest.mark.parametrize("setname, stem", [("fundus", "ca__TheProvince_2026_06_06"), ("multi", "multi-038")])
def test_an_article_cut_short_by_a_subscription_box_stays_one_story(setname, stem):
    # a wine column: its header (byline, date), two paragraphs, then fifty lines of a subscription offer
    # and a video player that failed to load, then the rest of the column with no header of its own. The
    # two paragraphs have too few words to meet the rest's at the usual bar; below a header of their own
    # they are an article's opening, and the rest goes on with them instead of making a second story
    articles, gold = page(setname, stem)
    column = next(g for g in gold if g["headline"].startswith("Wine Guy"))
    first, last = holding(articles, column["body"][0]), holding(articles, column["body"][-1])
    assert len(first) == 1 and first == last, (first, last)
    assert len(articles) == len(gold)


@pytest.mark.parametrize("setname, stem", [("fundus", "es__ElPais_2024_10_15"), ("multi", "multi-007")])
def test_a_gallerys_captions_are_not_body(setname, stem):
    # six photos' captions between two paragraphs, each closing on the photographer's name and the agency
    # in brackets, in lower case ("Alketa Misja (dpa/picture alliance via Getty)"): captions, not body
    articles, gold = page(setname, stem)
    assert not holding(articles, "Campamento italiano para la recepción de migrantes en la ciudad portuaria")
    assert not holding(articles, "Zona de baño y aseo, en el campamento para migrantes")
    story = next(g for g in gold if g["headline"].startswith("Bruselas sondea"))
    assert len(holding(articles, story["body"][0])) == 1


@pytest.mark.parametrize("line, credit", [
    ("Zona de baño y aseo, en el campamento, el 1 de agosto. Alketa Misja (dpa/picture alliance via Getty)", True),
    ("The senator spoke on Tuesday. Jane Doe (D-CA)", False),  # a party and state, no agency chain
    ("He ran it in 25 minutes. Shakeout Run (10mins)", False),
])
def test_a_caption_closing_on_a_named_credit(line, credit):
    from dateline.lexicon import named_credit

    assert named_credit(line) is credit
