"""Pages that a first reading would skip as "not an article" though a reader sees one (trafilatura's
evaluation pages): a post that a script writes in and the page prints again in <noscript>, and a recipe
whose ingredient line in one <article> stands above its method in another; and a guide whose items stand
each in an <article> of its own, which the splitter reads as teaser cards unless something says otherwise."""
from conftest import DEV
from dateline import extract
from dateline import lexicon as L
from dateline.blocks.html import html_blocks
from dateline.layout.stories import find_stories
from dateline.options import Options
from dateline.read import Page, decode, read_path

BLOG = DEV / "trafilatura" / "html" / "security.googleblog.com.protection.html.gz"
RECIPE = DEV / "trafilatura" / "html" / "chefkoch.de.mandarinen.html.gz"


def one_article(path):
    """The page's one article and its body as one string."""
    result = extract(path)
    assert result.skipped is None and len(result.articles) == 1
    return result.articles[0], " ".join(result.articles[0].body)


def test_a_post_printed_only_in_noscript_is_read_from_there():
    article, body = one_article(BLOG)
    # the trafilatura set's snippets of this page that must be in its text
    assert "This protocol is designed so that Google cannot" in body
    assert "threats on the web becoming increasingly sophisticated" in body
    assert article.headline == "Enhanced Safe Browsing Protection now available in Chrome"


def test_noscript_text_is_read_only_on_request():
    page = read_path(BLOG, "html")
    page.text, page.encoding = decode(page.data, page.declared_charset, is_html=True)
    shown = " ".join(b.text for b in html_blocks(page, Options(input_format="html"))[0])
    assert "This protocol is designed" not in shown
    with_noscript = " ".join(b.text for b in html_blocks(page, Options(input_format="html"), noscript=True)[0])
    assert "This protocol is designed" in with_noscript


def test_a_run_in_its_own_article_below_a_line_too_short_to_be_a_story_is_the_story():
    _, body = one_article(RECIPE)
    assert "Für eine 26er Springform." in body
    assert "Den Kuchen bei 175 °C Ober-/Unterhitze für etwa 80 Minuten backen." in body


def test_the_card_rule_needs_a_story_above():
    # the recipe's shape with the labels set by hand, so that the splitter's rule is what is tested: a run
    # in an <article> of its own is a teaser card only below a story; under a 6-word line it is the story
    method = "".join(f"<p>Schritt {k}: den Teig gut verrühren, in die Form geben und bei mittlerer Hitze backen, "
                     "bis er goldbraun ist und duftet.</p>" for k in range(1, 5))
    html = ("<html><body><article><h2>Zutaten</h2><p>65 g Margarine oder Butter</p></article>"
            f"<article><h2>Zubereitung</h2>{method}</article></body></html>")
    page = Page(data=html.encode(), format="html")
    page.text = html
    blocks, _ = html_blocks(page, Options(input_format="html"))
    for b in blocks:
        b.label, b.score = (L.BODY, 0.9) if b.dom["level"] == 0 else (L.BOILERPLATE, 0.1)
    stories = find_stories(blocks, None)
    assert len(stories) == 1
    assert [blocks[i].text[:9] for i in range(stories[0].body_start, stories[0].end)] == [
        "Schritt 1", "Schritt 2", "Schritt 3", "Schritt 4"]


def _guide_with_cards(taken_in: bool):
    """A restaurant guide's shape, labels set by hand: an opening of two paragraphs, then each restaurant
    in an <article> of its own, a name over a paragraph that the block model doubted (0.5, not the
    SECTION_SCORE it gives a section it is sure of) and the thin body's reading took in, or not."""
    opening = ("<p>The restaurant guide is back, and the restaurants below are the city's favourite tables "
               "this season, from tasting counters to neighbourhood restaurants.</p>"
               "<p>Below are the restaurants honoured this year that you can book, with what to order at "
               "each restaurant and why the guide's inspectors liked them.</p>")
    cards = "".join(f"<article><h3>Restaurant {k}</h3><p>This restaurant serves a tasting menu of seasonal "
                    f"dishes; the chef's restaurant kitchen turns out bread, noodles and desserts, and the "
                    f"restaurant's dining room seats thirty at counters around it, number {k}.</p></article>"
                    for k in range(1, 5))
    html = f"<html><body><div><h1>The restaurant guide</h1>{opening}</div>{cards}</body></html>"
    page = Page(data=html.encode(), format="html")
    page.text = html
    blocks, _ = html_blocks(page, Options(input_format="html"))
    for b in blocks:
        b.label, b.score = L.BOILERPLATE, 0.1
        if b.tag == "p":
            card = b.text.startswith("This restaurant")
            b.label, b.score = L.BODY, 0.5 if card else 0.9
            if card and taken_in:
                b.dom["thin"] = True
    return blocks


def test_cards_the_thin_body_took_in_are_the_storys_sections():
    blocks = _guide_with_cards(taken_in=True)
    (story,) = find_stories(blocks, None)
    assert story.end == len(blocks)


def test_doubted_cards_not_taken_in_stay_teasers():
    blocks = _guide_with_cards(taken_in=False)
    (story,) = find_stories(blocks, None)
    assert story.end < len(blocks)  # the cards below the first, each in an <article> of its own, are left out
