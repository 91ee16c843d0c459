"""The page's own lines that its markup sets among an article's paragraphs, left out of the HTML body
(fields/article.py `_without_page_lines`): its controls, a file's download line, a blog post's footer, the head
of a list of the site's other stories, a closing prompt to sign up. Real pages of trafilatura's evaluation set,
each with a snippet its gold says must not be in the text; and a list article (wcxb) whose "Recommended
courses:" subheadings are its own text."""
import pytest
from conftest import DEV
from dateline import extract
from dateline import lexicon as L
from dateline.blocks.html import html_blocks
from dateline.layout.dom import _by_a_thing
from dateline.options import Options
from dateline.read import decode, read_path

TRAF = DEV / "trafilatura" / "html"


def body_of(path) -> list[str]:
    result = extract(path)
    assert result.skipped is None and result.articles
    return [p for a in result.articles for p in a.body]


# (page, a line of its own that must go, the opening of a paragraph of the article that must stay)
OWN_LINES = (
    ("backenmachtgluecklich.de.zitronenkuchen.html.gz", "Rezept drucken",  # a recipe card's print button
     "Dieser saftige Zitronenkuchen vom Blech ist ein echter Kuchenklassiker"),
    ("lostiempos.com-juicio.html.gz", "Valora esta noticia", "De los implicados, Kaliman"),  # a prompt to rate
    ("zoll.de-Tabaksteuer.html.gz", "PDF | 38 KB", "Beteiligte, die erstmals mit dem Tabaksteuerrecht"),  # a download
    ("disfunctions.de.podcasts.html.gz", "Erstellt am Dienstag 6. Mai 2014", "PodGrab wird jetzt täglich"),  # footers
    ("whiskyverkostung.com.halle.html.gz", "Der Beitrag wurde am Mittwoch", "Weitere Termine folgen"),
    ("diem25.org.climate.html.gz", "Do you want to be informed",  # a closing sign-up prompt
     "The Green New Deal for Europe is the most ambitious"),
)


@pytest.mark.parametrize("name, own, text", OWN_LINES, ids=[row[0].split(".")[0] for row in OWN_LINES])
def test_the_pages_own_lines_are_not_text(name, own, text):
    body = body_of(TRAF / name)
    assert not any(own in p for p in body)
    assert any(p.startswith(text) for p in body)


def test_the_head_of_the_sites_other_stories_is_not_text():
    body = body_of(TRAF / "duengebehoerde-niedersachsen.de-Sperrfristen.html.gz")
    assert "Mehr zum Thema" not in body
    assert L.is_links_head_in_text("You may be interested in the following topics as well:")
    assert not L.is_links_head_in_text("You may be interested in how the model was trained, which we explain below.")


def test_a_closing_prompt_to_log_in_is_not_text():
    # a forum's article: its comment box's "Kommentieren" and the prompt under it close the body
    body = body_of(TRAF / "d43f330cbaf74e92b9aec85e937cb904.html.gz")
    assert "Kommentieren" not in body
    assert not any(p.startswith("Sie müssen sich einloggen") for p in body)


def test_an_articles_own_recommendations_head_its_sections():
    body = body_of(DEV / "wcxb" / "html" / "0375.html.gz")
    assert "Recommended courses:" in body  # a list article's subheading, not a list of the site's stories
    assert L.is_related_head("Recommended courses:") and not L.is_links_head_in_text("Recommended courses:")


def test_control_lines_are_the_whole_line():
    # lines of the dev sets' pages: controls above, text below
    for line in ("Rezept drucken Bei Pinterest speichern", "Kommentieren", "Share this article", "Pour lire la suite",
                 "Teilen Pin it Mailen Drucken", "Read more"):
        assert L.is_control_line(line), line
    for line in ("Market share: 12.89%", "Print place cards", "Read more in our guides below:",
                 "Share this information, please?", "Download driving directions for offline use"):
        assert not L.is_control_line(line), line


def test_a_sentence_with_by_in_the_articles_container_is_text():
    # the byline pattern reads "By <words>" and "<words> by <words>"; what follows "by" here is no name
    body = body_of(DEV / "wcxb" / "html" / "0122.html.gz")
    assert "By tracing the rings there's less chance of confusion with the saw marks." in body
    body = body_of(DEV / "wcxb" / "html" / "4445.html.gz")
    assert "Engagement patterns by subscriber cohort" in body


def test_a_byline_with_a_second_byline_word_stays_a_byline():
    # a held-out model scores this line of the page 0.8 or more; the byline word after "Text" makes it a byline
    page = read_path(TRAF / "alacarte.at-purzelbaum.html.gz", "html")
    page.text, page.encoding = decode(page.data, page.declared_charset, is_html=True)
    line = next(b.text for b in html_blocks(page, Options(input_format="html"))[0] if b.text.startswith("Text von"))
    assert L.is_byline(line) and not _by_a_thing(line)
    assert _by_a_thing("Engagement patterns by subscriber cohort")


def test_the_sites_note_on_its_affiliate_links_is_not_text():
    body = body_of(DEV / "wcxb" / "html" / "4819.html.gz")
    assert not any(p.startswith("Disclosure: This post contains affiliate links") for p in body)
    # lines of the dev sets' pages: the site's own notes above, text about affiliate marketing below
    for line in ("We may earn commission from links on this page, but we only recommend products we back.",
                 "DISCLOSURE: If you buy through affiliate links, I may earn a small commission.",
                 "Purchases made through links earn us a small commission, at no extra cost to you.",
                 "As an Amazon Associate I earn from qualifying purchases."):
        assert L.is_affiliate_note(line), line
    for line in ("Affiliate programs: Streamers earn a commission when viewers buy games, gear, or software.",
                 "To measure the outcomes, implement affiliate links, UTM tracking and exclusive discount codes.",
                 "The Securities and Exchange Commission opened an inquiry."):
        assert not L.is_affiliate_note(line), line


def test_a_prompt_to_get_the_sites_newsletter_is_not_text():
    # lines of the dev sets' pages: prompts above, sentences that speak of signing up below
    for line in ("Sign up for our newsletter for mental health tips, updates, and events",
                 "Want more from NBC Select? Sign up for our newsletter, The Selection, and shop smarter.",
                 "Thank you for subscribing to our daily newsletter.",
                 "Thanks for reading Infinite Faculty! Subscribe for free to receive new posts.",
                 "Join our mailing list! Get a newsletter when an episode is published",
                 "Thank you! Please check your inbox now for your welcome email."):
        assert L.is_newsletter_prompt(line), line
    for line in ("NutritionFacts.org is a nonprofit, where you can sign up for free daily updates on nutrition.",
                 "You can also subscribe to this newsletter here — just tick the box.",
                 "Subscribe to the One Fab Day Wedding Podcast!"):
        assert not L.is_newsletter_prompt(line), line


def test_a_storys_reading_time_is_not_text():
    for line in ("6 min read", "Bridgestone Team | 5 min read", "3 MIN. READ", "3 Min Lesezeit"):
        assert L.is_reading_time(line), line
    assert not L.is_reading_time("Most readers spend 5 minutes reading the first page of a report before they decide.")


def test_a_prompt_to_follow_the_site_is_not_text():
    for line in ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
                 "Want more DIY home decor projects? Follow me on Pinterest to see what I'm pinning."):
        assert L.is_follow_prompt(line), line
    assert not L.is_follow_prompt("Investors follow the company's filings on its website closely.")


def test_an_ad_slots_label_and_a_paywalls_note_are_not_text():
    for line in ("Advertisement: New AI Book!", "This article is exclusive to STAT+ subscribers"):
        assert L.is_ad_or_paywall_line(line), line
    for line in ("Advertisement spending rose by 4% last year.", "The museum is open to members on Mondays.",
                 "Advertising: Implement Custom Audiences in ad campaigns to target interested shoppers."):
        assert not L.is_ad_or_paywall_line(line), line
