"""The HTML path on real dev pages: body against gold, metadata from the markup, character sets,
provenance offsets that point at the element in the HTML, and bad or hostile markup."""
import gzip
import html as htmllib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from conftest import DEV, FULL_DEV
from dateline import Options, extract
from dateline.blocks.html import FLAT_TAGS, TagTable, _Walker, html_blocks, scan_end
from tools.evaluate import evaluate_set
from dateline.layout.dom import dom_body_scores
from dateline.read import Page, decode, read_path
from dateline.read.guard import bound_html

SUBSET = 40  # the fixed fast subset: the first pages of a set in name order
# floors just below what the HTML path reaches on the subset (python -m tools.evaluate --limit 40)
FLOORS = {
    ("scrapinghub/html", "page_body_macro"): 0.965,  # reached 0.974 (table rows, line model on weak pages)
    ("fundus/html", "page_body_macro"): 0.96,  # 0.968 (a marked lead is the standfirst, as fundus's gold has it)
    ("fundus/html", "headline"): 0.88,  # 0.900 (a display headline under a sticky h1)
    ("fundus/html", "authors"): 0.885,  # 0.900 (a line in the navigation is no byline: the metadata names the author)
    ("fundus/html", "published"): 0.98,  # 1.000
    ("fundus/html", "captions"): 0.86,  # 0.876 (lead photos above the story, captions above a credit line)
    ("trafilatura/html", "snippets"): 0.905,  # 0.919 (the scorer reads standfirst + body; deks above the body)
    ("scrapinghub/html", "articles"): 0.99,  # 1.000 (widgets below the article are no stories)
    ("fundus/html", "articles"): 0.99,  # 1.000
    ("trafilatura/html", "headline"): 0.77,  # 0.786 (an overline inside the h1 is the kicker)
    # 0.727 on the subset since the publisher's statement weighs first (issue 14): three of its pages print
    # their update as their date and this gold takes the print; over the whole set 0.847 -> 0.857
    ("trafilatura/html", "published"): 0.70,
}


def fundus(name: str) -> Page:
    page = read_path(DEV / "fundus" / "html" / f"{name}.html.gz", "html")
    page.text, page.encoding = decode(page.data, None, is_html=True)
    return page


@pytest.fixture(scope="module")
def reports(tmp_path_factory, scorer):  # the first pages of the full sets, scored: needs ../shared
    out = tmp_path_factory.mktemp("eval")
    return {name: evaluate_set(name, SUBSET, out_root=out) for name in {s for s, _ in FLOORS}}


@pytest.mark.shared
@pytest.mark.parametrize("set_name,field", sorted(FLOORS))
def test_html_scores_hold_their_floor(reports, set_name, field):
    rep = reports[set_name]
    assert rep["_run"]["errors"] == 0
    value = rep[field].get("f1", rep[field].get("accuracy"))
    assert value >= FLOORS[(set_name, field)], f"{set_name} {field} fell to {value:.3f}"


# -- metadata --------------------------------------------------------------------------------------

def test_jsonld_metadata_of_a_real_page():
    _, meta = html_blocks(fundus("at__DiePresse_2025_06_05"), Options())
    assert meta.headline == "Nennen wir ihn doch Golf von Nordamerika"
    assert meta.headline_from == "jsonld"
    assert meta.authors == ["Anne-Marie Slaughter"]
    assert meta.published.startswith("2025-06-05T14:46")
    assert meta.language == "de"
    assert meta.images and meta.images[0].startswith("https://")


@pytest.mark.shared
def test_metadata_dates_agree_with_gold_on_fundus():
    """The published date in the markup is the gold date on nearly every fundus page that has one."""
    from tools.evaluate import load_scorer, set_pages

    scorer = load_scorer()
    agree = total = 0
    for inp, gold in set_pages("fundus/html", SUBSET)[0]:
        want = scorer.load(gold)["articles"][0].get("published")
        page = read_path(inp, "html")
        page.text, _ = decode(page.data, None, is_html=True)
        _, meta = html_blocks(page, Options())
        if want and meta.published:
            total += 1
            agree += meta.published[:10] == want[:10]
    assert total >= 30
    assert agree / total >= 0.9


def test_article_takes_metadata_where_the_page_shows_none():
    result = extract(DEV / "fundus" / "html" / "at__DiePresse_2025_06_05.html.gz")
    art = result.articles[0]
    assert art.headline == "Nennen wir ihn doch Golf von Nordamerika"
    assert art.authors == ["Anne-Marie Slaughter"]
    assert art.published.startswith("2025-06-05")
    assert art.language == "de"


# -- character sets --------------------------------------------------------------------------------

def _dev_lines(path, min_len, n=6):
    text = gzip.open(path).read().decode("utf-8")
    return [line.strip() for line in text.splitlines() if len(line.strip()) >= min_len][:n]


CHARSET_CASES = [
    ("windows-1252", DEV / "fundus" / "text" / "de__Taz_2023_04_28.txt.gz", 80),
    ("cp1256", DEV / "fundus" / "text" / "fr__LeMonde_2024_05_03.txt.gz", 80),
    ("shift_jis", DEV / "fundus" / "text" / "jp__AsahiShimbun_2025_01_13.txt.gz", 60),
    ("gb2312", DEV / "trafilatura" / "text" / "banyuetan.org.1000200033136171577956287380194268_1.txt.gz", 40),
]


@pytest.mark.parametrize("charset,source,min_len", CHARSET_CASES)
@pytest.mark.parametrize("declared", [True, False])
def test_legacy_charsets_decode_to_the_same_text(charset, source, min_len, declared):
    if not source.exists():
        source = next(source.parent.glob(source.name.split("_")[0] + "__*.txt.gz"))
    lines = [line for line in _dev_lines(source, min_len) if _encodable(line, charset)]
    assert len(lines) >= 3
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if declared else ""
    page = f"<html><head>{head}</head><body>" + "".join(f"<p>{htmllib.escape(x)}</p>" for x in lines) + "</body></html>"
    text, _ = decode(page.encode(charset), None, is_html=True)
    assert text == page


def _encodable(line, charset):
    try:
        line.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


@pytest.mark.parametrize("charset,source,min_len", [CHARSET_CASES[0], CHARSET_CASES[2]])
def test_charset_page_runs_through_the_pipeline(charset, source, min_len):
    lines = [x for x in _dev_lines(source, min_len) if _encodable(x, charset)]
    page = f'<html><head><meta charset="{charset}"></head><body><article><h1>{lines[0][:40]}</h1>' + \
        "".join(f"<p>{htmllib.escape(x)}</p>" for x in lines[1:]) + "</article></body></html>"
    data = page.encode(charset)
    blocks, _ = html_blocks(Page(data=data, format="html", text=decode(data, None, is_html=True)[0]), Options())
    assert [b.text for b in blocks[1:]] == [" ".join(x.split()) for x in lines[1:]]
    result = extract(data, Options(input_format="html"))
    assert result.source.encoding in (charset, codecs_name(charset))
    if charset == "windows-1252":  # here the decoding is tested; how CJK text splits into stories is not
        want = [" ".join(x.split()) for x in lines[1:]]
        body = result.articles[0].body if result.articles else []
        # every paragraph decoded as written, in order; a photo's caption among the lines ("… Foto: …")
        # may be left out of the body
        assert body == [x for x in want if x in body] and len(body) >= len(want) - 1


def codecs_name(charset):
    import codecs

    return codecs.lookup(charset).name


# -- provenance ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["at__DiePresse_2025_06_05", "jp__AsahiShimbun_2025_01_13", "us__Reuters_2023_05_16"])
def test_block_offsets_point_at_their_element(name):
    page = fundus(name)
    blocks, _ = html_blocks(page, Options())
    assert len(blocks) > 20
    text = page.text
    at_tag = sum(1 for b in blocks if text[b.start:b.start + len(b.tag) + 1].lower() == "<" + b.tag)
    assert at_tag / len(blocks) >= 0.98
    # the block's opening characters stand in the element's source (tags dropped, entities decoded)
    inside = sum(1 for b in blocks if _squeeze(b.text)[:12] in _squeeze(_visible(text[b.start:b.end])))
    assert inside / len(blocks) >= 0.9
    for b in blocks:
        assert b.line == text.count("\n", 0, b.start) + 1


def _visible(source):
    return htmllib.unescape(re.sub(r"<[^>]*>", "", source))


def _squeeze(text):
    return "".join(text.split())


def test_article_provenance_points_into_the_html():
    result = extract(DEV / "fundus" / "html" / "at__DiePresse_2025_06_05.html.gz")
    art = result.articles[0]
    for para, spans in zip(art.body, art.provenance["body"]):
        source = result.text[spans[0].start:spans[0].end]
        assert source.startswith("<")
        words = re.sub(r"<[^>]+>", " ", htmllib.unescape(source)).split()
        assert " ".join(para.split()[:3]) in " ".join(words)


# -- evidence and structure ------------------------------------------------------------------------

def test_dom_evidence_on_a_real_page():
    blocks, _ = html_blocks(fundus("at__DiePresse_2025_06_05"), Options())
    h1 = [b for b in blocks if b.tag == "h1"]
    assert [b.text for b in h1] == ["Nennen wir ihn doch Golf von Nordamerika"]
    assert h1[0].dom["level"] == 1 and "article" in h1[0].dom["tags"]
    caption = next(b for b in blocks if "figcaption" in b.dom["tags"])
    assert caption.dom["img"].startswith("https://")
    nav = [b for b in blocks if "nav" in b.dom["tags"]]
    assert nav and all(b.dom["links"] > 0.5 for b in nav if b.words <= 3)


def test_text_blocks_have_no_dom_scores():
    from dateline.blocks.text import text_blocks

    assert dom_body_scores(text_blocks("one line\nanother line\n")) is None


def test_max_depth_flattens_deeper_nesting():
    page = fundus("at__DiePresse_2025_06_05")
    deep, _ = html_blocks(page, Options(max_depth=8))
    full, _ = html_blocks(page, Options())
    assert 0 < len(deep) < len(full)
    # nothing is lost: the words of the shallow walk are the words of the full one
    assert " ".join(b.text for b in deep).split() == " ".join(b.text for b in full).split()


def test_hostile_nesting_is_an_error_record_or_a_result_not_a_traceback():
    inner = b"<p>deep text here for a test</p>"
    page = b"<html><body>" + b"<div>" * 5000 + inner + b"</div>" * 5000 + b"</body></html>"
    result = extract(page, Options(input_format="html"))
    assert result.errors or result.skipped or result.articles


@pytest.mark.parametrize("page", [
    b"<html><head><title>x</title></head><body></body></html>",
    b"<html><body><script>var a = '<p>not text</p>';</script><style>p{}</style></body></html>",
    b"<p>",
    b"<html><body><?php echo 1 ?><![CDATA[ x ]]><!-- c --></body></html>",
])
def test_empty_or_invisible_html_is_skipped_with_a_reason(page):
    result = extract(page, Options(input_format="html"))
    assert not result.articles
    assert result.skipped or result.errors
    assert (result.skipped or result.errors[0].reason)


def test_inline_photo_credit_becomes_the_image_credit():
    """A figcaption holding caption and credit in two inline elements gives one image with both."""
    art = extract(DEV / "fundus" / "html" / "us__RestOfWorld_2025_10_21.html.gz").articles[0]
    image = next(img for img in art.images if img.caption and img.caption.startswith("A sign for the Etlaq"))
    assert image.caption == "A sign for the Etlaq spaceport along a desert road south of Duqm."
    assert image.credit == "Tara Atkinson for Rest of World"
    assert image.url.startswith("https://")


@pytest.mark.parametrize("name,writers", [
    ("ls__LesothoTimes_2025_11_24", ["Mathatisi Sebusi", "Mohalenyane Phakela"]),  # "by Lesotho Times"
    ("za__Ilanga_2025_12_03", ["MTHOBISI SITHOLE"]),  # "by Ilanga D" on Ilanga News: the CMS account
])
def test_writers_under_the_publishers_byline(name, writers):
    """A byline naming the publication or its account gives way to the names line under it, which is
    then not a paragraph of the body."""
    art = extract(DEV / "fundus" / "html" / f"{name}.html.gz").articles[0]
    assert art.authors == writers
    assert not any(p.strip() == "/".join(writers) or p.strip() == writers[0] for p in art.body)


def test_a_person_in_the_byline_is_kept():
    """The rule above leaves people alone: a named writer on a page with a names-like line below."""
    art = extract(DEV / "fundus" / "html" / "at__DiePresse_2025_06_05.html.gz").articles[0]
    assert art.authors == ["Anne-Marie Slaughter"]


def test_an_h1_with_its_overline_in_a_nested_block_is_one_headline():
    """<h1><div>Overline</div><span class="visually-hidden">: </span><span>Headline</span></h1>."""
    art = extract(DEV / "fundus" / "html" / "de__StuttgarterZeitung_2026_07_11.html.gz").articles[0]
    assert art.headline == "Stuttgart hat's drauf: Stadt der Superlative"


@pytest.mark.parametrize("name,headline", [
    ("st-georg.de-olympia", "Pferdesport definitiv bei Olympia 2028 dabei"),  # og:title "... dabei -"
    ("iwr.de.IWRpressedienst.Nordex", "IWES und Nordex Group intensivieren Zusammenarbeit bei Netzintegration "
                                      "von Windenergieanlagen"),  # og:title "... - IWR-Pressedienst"
])
def test_metadata_headline_without_the_sites_tail(name, headline):
    art = extract(DEV / "trafilatura" / "html" / f"{name}.html.gz").articles[0]
    assert art.headline == headline


def test_caption_in_plain_boxes_above_a_credit_line():
    """Caption and credit in two unnamed <div>s of one box: the caption with its credit, out of the body."""
    art = extract(DEV / "fundus" / "html" / "uk__EveningStandard_2024_05_02.html.gz").articles[0]
    image = next(img for img in art.images if img.caption == "Chelsea beat Tottenham on Thursday night")
    assert image.credit == "Getty Images"
    assert "Chelsea beat Tottenham on Thursday night" not in art.body


def test_a_closing_paragraph_above_its_source_line_stays_body():
    """'Quelle: X' under an article's last paragraph is no caption's credit: the paragraph has siblings."""
    page = DEV / "trafilatura" / "html" / "liquimoly-hbl.de-cheftrainer.html"
    art = extract(page if page.exists() else page.with_suffix(".html.gz")).articles[0]
    assert not any(img.credit and "Dormagen" in img.credit for img in art.images)
    assert any("Dormagen" in p for p in art.body)


def test_lead_gallery_between_the_h1_and_the_story_is_the_storys():
    """A carousel of photos under the h1, above the byline and the share bar where the story begins."""
    art = extract(DEV / "fundus" / "html" / "us__APNews_2024_09_03.html.gz").articles[0]
    captions = [img.caption for img in art.images if img.caption]
    assert len(captions) >= 12
    assert any(c.startswith("This combination of photos shows Vice President Kamala Harris") for c in captions)
    assert all(img.position == 0 for img in art.images if img.caption in captions[:12])


@pytest.mark.shared
@pytest.mark.parametrize("name", ["tr__AnadoluAjansi_2026_04_20", "es__ABC_2026_04_25"])
def test_text_parked_in_hidden_markup_is_still_the_story(name):
    """React's streamed <div hidden id="S:..."> and a hidden paywall <div> hold the article text."""
    from tools.evaluate import load_scorer

    gold = load_scorer().load(FULL_DEV / "fundus" / "gold" / f"{name}.gold.json")["articles"][0]["body"]
    body = " ".join(p for a in extract(FULL_DEV / "fundus" / "html" / f"{name}.html.gz").articles for p in a.body)
    assert sum(" ".join(g.split()) in body for g in gold) >= 0.8 * len(gold)


@pytest.mark.parametrize("page,start", [
    # <div style="display:none" class="paywall-full-content">: without it the page had no article at all
    ("trafilatura/html/topagrar.com.schnee.solat", "Betreiber von Photovoltaikanlagen stellen sich beim"),
    ("fundus/html/uk__TechRadar_2026_05_21", "That's heady, terrifying"),  # <p class="paywall" aria-hidden>
])
def test_paywalled_text_hidden_by_style_or_aria_is_still_the_story(page, start):
    art = extract(DEV / f"{page}.html.gz").articles[0]
    assert any(p.startswith(start) for p in art.body)


def _scrapinghub_body(name: str) -> list[str]:
    page = next((DEV / "scrapinghub" / "html").glob(name + "*"))
    return [p for a in extract(page).articles for p in a.body]


def test_long_list_items_with_a_linked_lead_are_running_text():
    """A digest whose items open with a linked sentence (28% of their words in links) is the article."""
    body = _scrapinghub_body("fde930b01859de8311c6a14f8aa8c72be0659b551367803deb6736cf3526cf2e")
    assert any(p.startswith("The New York state attorney general is investigating WeWork") for p in body)


def test_a_page_of_short_lines_is_read_by_the_line_model():
    """A calendar of short lines gives the markup no container of running text; the text model reads it."""
    body = _scrapinghub_body("cc03ddb5ef7d5f1fdb8a87f5e6dfd058a2a70acedf2551655a898dc5c18eb79e")
    assert "1a etapa: 10 de março – Interlagos" in body


def test_a_table_row_is_one_block_with_its_cells_in_order():
    """Flatteners print a row on one line; so does the HTML path, and the body keeps every row."""
    body = _scrapinghub_body("11ea381ad92b5448cf66eae62f52ac565361a244c8881615fc6a7bb523cc0c32")
    assert "Pos. Piloto Pontos Vitórias Poles Top 5 Top 10" in body
    assert "1 Kyle Busch 5040 5 1 17 27" in body


def test_a_posts_category_names_in_its_class_are_not_furniture():
    """A blog post whose class lists "category-no-newsletter-rss" is still the article, not a newsletter box."""
    art = extract(DEV / "trafilatura" / "html" / "backenmachtgluecklich.de.zitronenkuchen.html.gz").articles[0]
    assert any("Sobald der Kuchen gebacken" in p for p in art.body)


def test_a_story_below_the_article_does_not_take_its_headline():
    """The page's h1 and its metadata's headline name the page's article; a dated section further down
    keeps its own heading, and is not a second copy of the article. (The h1 "Nachhaltig leben", as the
    gold has it: the metadata's "Nachhaltiger leben" is the breadcrumb's last item, not a printed headline.)"""
    articles = extract(DEV / "trafilatura" / "html" / "greenpeace.de.nachhaltigleben.html.gz").articles
    assert [a.headline for a in articles] == ["Nachhaltig leben", "Mehr zu Klima und Konsum"]


@pytest.mark.parametrize("path,gone,kept", [
    # "Lo más compartido" and "Deportes": lists of other stories, outside the article's container
    ("trafilatura/html/lostiempos.com-juicio.html.gz", "Lo más compartido", None),
    ("fundus/html/jp__Nikkei_2025_01_27.html.gz", "NIKKEI Smart Work", None),
    # the article goes on below a video and a list of links ("Wales Online", "UP NEXT")
    ("trafilatura/html/msn.com.university.html.gz", "Wales Online", "Levi Pay, a former director of student"),
])
def test_a_widget_below_the_article_is_no_story(path, gone, kept):
    """A story below the page's article with no time, byline or <article> of its own is a widget: it
    goes on with the article where its text stands in the article's container, and is dropped elsewhere."""
    articles = extract(DEV / path).articles
    assert len(articles) == 1 and articles[0].headline != gone
    assert kept is None or any(p.startswith(kept) for p in articles[0].body)


@pytest.mark.parametrize("name,headline,kicker", [
    # "<h1><span>Abstandsregeln und Fieberkontrollen</span><span> : </span>Wie Firmen ...</h1>"
    ("tagesspiegel.de.abstandsregeln", "Wie Firmen ihre Beschäftigten vor dem Coronavirus schützen",
     "Abstandsregeln und Fieberkontrollen"),
    # the colon set against the overline: one printed line, one headline
    ("faz.net.streaming", "Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell", None),
])
def test_an_overline_inside_the_h1_is_the_kicker(name, headline, kicker):
    art = extract(next((DEV / "trafilatura" / "html").glob(name + "*"))).articles[0]
    assert (art.headline, art.kicker) == (headline, kicker)


def test_a_sign_in_prompt_inside_the_article_does_not_split_it():
    """"Create an account or sign in to continue with your reading experience" stands in the article's
    text, in its <article>: the story goes on below it (gold: one article of 12 paragraphs)."""
    articles = extract(DEV / "fundus" / "html" / "ca__TheProvince_2026_06_06.html.gz").articles
    assert len(articles) == 1 and len(articles[0].body) >= 12


def test_a_container_named_for_the_article_text_is_not_furniture():
    """The text's own element is "s-article-text js-dynamic-advertorial x-article-text": a script's hook
    named "advertorial" made the whole article an ad, and a two-line notice above it the story."""
    art = extract(DEV / "trafilatura" / "html" / "freitag.de.morgen.html.gz").articles[0]
    assert len(art.body) > 50 and any(p.startswith("Die hohe Verbreitung des Coronavirus") for p in art.body)


@pytest.mark.parametrize("name,authors", [
    ("zulang.wordpress.com.genitalverstuemmelung", ["HansG"]),  # "Veröffentlicht von HansG"
    ("lacuarta.com-loretoaravena", ["Juan Carlos Muñoz C."]),  # the initial keeps its period
    ("abc13.com-Copperfield", ["Alex Bozarjian"]),  # "<span>By</span><span><a>Alex Bozarjian</a>": "ByAlex"
])
def test_byline_names_as_the_page_gives_them(name, authors):
    page = next((DEV / "trafilatura" / "html").glob(name + "*"))
    assert extract(page).articles[0].authors == authors


@pytest.mark.parametrize("name", ["guten-tach.de-sperrung", "libero.pe-ronaldo", "royalroad.com.melas",
                                  "unterwegsinberlin.de.friedrichsfelde"])
def test_a_byline_word_or_a_user_name_is_no_author(name):
    """A line marked "author" that holds only "Von"; metadata naming "edilson.la.rosa"; a "Remove Ads"
    button, a "Report Chapter" link; "Powered by GetYourGuide. Werden Sie Partner." under a widget."""
    page = next((DEV / "trafilatura" / "html").glob(name + "*"))
    authors = extract(page).articles[0].authors
    assert "Von" not in authors and not any("." in a and " " not in a for a in authors)
    assert not any(word in a for a in authors for word in ("Ads", "Report", "GetYourGuide"))


def test_an_article_set_in_chunks_of_the_same_kind_is_whole():
    """The story's text in several "article-widget-text" boxes with a video card between them: the
    first chunk is of the same kind as the container the walk chose, so it is body too."""
    art = extract(DEV / "fundus" / "html" / "za__TimesLive_2025_05_22.html.gz").articles[0]
    assert art.body[0].startswith("Finance minister Enoch Godongwana has allocated R4bn")


@pytest.mark.parametrize("name,heading", [
    ("energiezukunft.eu.bioenergie", "Mehr zum Thema"),
    ("gazetadopovo.com.br-pacheco", "Veja Também:"),
    ("aerobuzz.de-bremen", "Schon gelesen?"),  # a question over the dropped links, in a <p>
])
def test_a_heading_whose_links_were_dropped_is_not_left_in_the_body(name, heading):
    page = next((DEV / "trafilatura" / "html").glob(name + "*"))
    body = [p for a in extract(page).articles for p in a.body]
    assert body and heading not in body


def test_an_alert_box_inside_the_article_is_not_body():
    """<div class="alert">Ad block users: Some site features may not work ...</div> inside the post."""
    art = extract(DEV / "fundus" / "html" / "us__TheGatewayPundit_2026_07_19.html.gz").articles[0]
    assert not any(p.startswith("Ad block users") for p in art.body)


@pytest.mark.shared
@pytest.mark.parametrize("heading", ["h1", "h2"])
def test_a_page_of_several_articles_gives_each_its_story(heading):
    """An infinite-scroll page: four real stories, each in its own <article> with its heading, a byline
    and no date, and a related-links aside after each. Each comes out as a story with its headline."""
    from tools.evaluate import load_scorer

    gold_paths = sorted((FULL_DEV / "fundus" / "gold").glob("uk__*.gold.json"))[:4]
    golds = [load_scorer().load(p)["articles"][0] for p in gold_paths]
    parts = []
    for g in golds:
        body = "".join(f"<p>{htmllib.escape(p)}</p>" for p in g["body"])
        parts.append(f'<article><header><{heading}>{htmllib.escape(g["headline"])}</{heading}>'
                     f'<p class="byline">By {htmllib.escape(g["authors"][0])}</p></header><div>{body}</div>'
                     f'<aside class="related"><a href="/a">Related one</a><a href="/b">Related two</a></aside>'
                     '</article>')
    page = (f"<html><body><nav><a href='/'>Home</a></nav><main>{''.join(parts)}</main><footer>About</footer>"
            "</body></html>")
    articles = extract(page.encode(), uri="scroll.html").articles
    assert [a.headline for a in articles] == [g["headline"] for g in golds]
    assert [len(a.body) for a in articles] == [len(g["body"]) for g in golds]


@pytest.mark.parametrize("name,authors", [
    # "| Roman Warschauer" under the lead picture, credited "Bild © Roman Warschauer (hr)": the photographer
    ("de__Hessenschau_2024_04_27", ["Redaktion hessenschau.de"]),
    # "Von Eva Kirchner-Rätsch", who took the photos as well: a byline that says "von" stays
    ("de__RBB24_2024_04_25", ["Eva Kirchner-Rätsch"]),
])
def test_a_photographer_in_the_byline_slot_is_not_the_author(name, authors):
    assert extract(DEV / "fundus" / "html" / f"{name}.html.gz").articles[0].authors == authors


def test_a_display_headline_under_a_sticky_h1_is_the_headline():
    """The page's h1 sits in a sticky top bar; the display headline the JSON-LD names is an h2 under a
    kicker, which the splitter took for the body's first lines: headline and kicker, out of the body."""
    art = extract(DEV / "fundus" / "html" / "de__BSZ_2025_09_09.html.gz").articles[0]
    assert art.headline == "Ampeln tot, S-Bahnen stoppen: Wie sicher ist Deutschlands Stromnetz?"
    assert art.kicker == "Stromausfall in Berlin"
    assert art.body[0].startswith("Berlin. In Berlin brennen zwei Strommasten.")


def test_the_guards_reading_places_each_block_at_its_own_tag():
    """The guard reads every tag as the tokenizer does and hands the walk where each opens: a tag
    written inside an attribute value or a <template> is no element, and the blocks after it keep their
    own places (a scan of the source for tag names would count those too)."""
    html = ("<html><body>" + "<br>" * 600  # enough tags for the guard's pass to run (read/guard.py)
            + "<div data-tip='<div class=\"tip\"><p>tip</p></div>'><p>The lead paragraph of the story.</p></div>"
            + "<template><div><p>Kept apart from the tree.</p></div></template>"
            + "<div class=\"real\">The second paragraph, in a box of its own.</div></body></html>")
    starts: dict[str, list[int]] = {}
    assert bound_html(html, 512, starts) == (html, 0)
    page = Page(data=html.encode(), format="html", text=html, encoding="utf-8", extra={"tag_starts": starts})
    blocks, _ = html_blocks(page, Options())
    at = {b.text: b.start for b in blocks}
    assert at["The lead paragraph of the story."] == html.index("<p>The lead")
    assert at["The second paragraph, in a box of its own."] == html.index('<div class="real">')
    assert "Kept apart from the tree." not in at


# -- where an element ends, on pages of unclosed elements --------------------------------------------

TAG_TOKENS = ["<li>", "</li>", "<LI class='x'>", "</LI >", "<lix>", "<li/>", "words ", "\n", "<p>", "</p>"]


@given(tokens=st.lists(st.sampled_from(TAG_TOKENS), max_size=60), limit=st.integers(1, 6),
       nudge=st.integers(-2, 2))
@settings(max_examples=300, deadline=None)
def test_the_tag_table_answers_as_the_scan_does(tokens, limit, nudge):
    """A page of many unclosed <li>s or <td>s reads each name's places once into a table; its answer is
    the scan's, for every element start, with the scan's limit on how many tags it looks through."""
    text = "".join(tokens)
    table = TagTable(text, "li", limit)
    for start in [m.start() for m in re.finditer("<", text)] + [max(0, len(text) // 2 + nudge)]:
        assert table.end_of(start) == scan_end(text, "li", start, limit)[0]


@pytest.mark.parametrize("tag, closing", [("p", ""), ("p", "</p>"), ("li", ""), ("dd", "")])
def test_unclosed_elements_end_where_the_scan_says_and_are_read_once(tag, closing):
    """Old-style pages leave <p>, <li> and <dd> open. Each block's end is the scan's answer and its end
    line the true one, while the page's tags are read into a table once their scans pass the budget
    (a 400 KB page of such elements took 8 s when every block scanned on to the end)."""
    opener = {"p": "", "li": "<ul>", "dd": "<dl>"}[tag]
    rows = 3_000
    html = ("<html><body>" + opener
            + "".join(f"<{tag}>item {i} of a list\nthat runs on " for i in range(rows)) + closing + "</body></html>")
    page = Page(data=html.encode(), format="html", text=html, encoding="utf-8")
    walker = _Walker(html, Options(max_lines=10 * rows))
    walker.walk(LexborHTMLParser(html).body)
    blocks = [b for b in walker.blocks if b.tag == tag]
    assert len(blocks) == rows
    for b in blocks:
        want = html.find(f"</{tag}", b.start) if tag in FLAT_TAGS else -1
        end = html.find(">", want) + 1 if want >= 0 else scan_end(html, tag, b.start)[0]
        assert b.end == end
        assert b.end_line == html.count("\n", 0, b.end) + 1
    # a closing tag somewhere below answers a flat element by one search; else the scans pass the budget
    assert (tag in walker.tables) == (not closing)
    assert html_blocks(page, Options(max_lines=10 * rows))[0]  # the same through the module's entry


@pytest.mark.parametrize("path,note", [
    # the correspondent's note below a report, the byline naming him
    ("fundus/html/de__DieWelt_2024_08_27.html.gz", "Korrespondent Ulrich Exner ist bei WELT"),
    # the two authors' notes closing an opinion piece, named by the page's metadata
    ("wcxb/html/0120.html.gz", "Manoj Jain is adjunct faculty"),
    ("wcxb/html/0120.html.gz", "Jagpreet Chhatwal is an Associate Professor"),
    # a deals column's note on its curator
    ("scrapinghub/html/287e4d9f4af31733aad6534aefb2bd00fb344ec8d6ebf1ac99dbc4d762da0ca4.html.gz",
     "Eric Song is IGN's deal curator"),
])
def test_the_authors_note_closing_the_article_is_not_body(path, note):
    """The author's note below the text ("Jane Doe is a politics reporter for ...") opens on a name the
    byline or the metadata gives: the article's authors field says it, the body does not."""
    (article,) = extract(DEV / path).articles
    assert not any(p.startswith(note) for p in article.body)
    assert len(article.body) > 3


def test_a_thin_body_takes_in_the_cards_below_it():
    """A dictionary entry keeps two short senses as body; its usage examples and the comparison under
    them stand in cards the block model doubts (0.2-0.5) as it doubts a news page's teasers. A body that
    thin, with that much doubted text below it, takes the cards in (labeller._thin_body)."""
    (article,) = extract(DEV / "wcxb" / "html" / "0318.html.gz").articles
    assert any(p.startswith("How does restaurant compare to similar") for p in article.body)
    assert any(p.startswith("The two grew close, Watson said") for p in article.body)


def test_a_thin_body_leaves_the_comments_under_it_out():
    """A blog's open thread is two sentences long and its comments score up to 0.5: they are held by an
    element named for comments, so the thin body's rescue leaves them where they are."""
    path = DEV / "scrapinghub" / "html" / "ac3c035520461017a7c5b248d8e39ef063cad4c0c7d7b7ecd68aff8f15099485.html.gz"
    (article,) = extract(path).articles
    assert article.body[0].startswith("Our goal with hosting quarterly open threads")
    assert not any("Blattman" in p or "buses" in p for p in article.body)


def test_a_column_of_dates_in_a_table_is_the_tables_data():
    """A price index set out as a table, a month's date and its change on each row: every row is a date
    line by its shape, but a date beside another date in the next row is the table's data, not the story's
    time line, and stays in the body (labeller._in_date_column)."""
    (article,) = extract(DEV / "wcxb" / "html" / "0243.html.gz").articles
    rows = [p for p in article.body if re.match(r"\d{1,2}/1/20\d\d [+-]\d", p)]
    assert len(rows) > 200  # two tables of a row a month, 2013 to 2024
    assert rows[:2] == ["1/1/2013 +13.1%", "2/1/2013 +13.1%"]


def test_a_body_the_model_is_unsure_of_takes_in_its_other_sections():
    """A round-up of appliances sets each pick's verdict in a box of its own. The block model is unsure of
    the body it keeps (its paragraphs' median P(body) under 0.9, where a news story's are above) and doubts
    the verdicts just under the threshold: on such a page the doubted paragraphs come in
    (labeller._unsure_body), under the thin body's conditions (not links, not furniture, the same <article>)."""
    (article,) = extract(DEV / "wcxb" / "html" / "0010.html.gz").articles
    assert any(p.startswith("We chose the GE Profile PTW800BPWRS as the best top-load") for p in article.body)
    assert article.body[0].startswith("Funny enough, buying a new large appliance")


def test_a_collapsed_accordion_panel_is_the_pages_text():
    """A solar installation guide sets its steps in an accordion whose panels are display:none until the
    reader opens one: the guide's own text (blocks/html._a_panel). Other hidden elements stay hidden, and
    so do an FAQ's answers set the same way below another article."""
    articles = extract(DEV / "wcxb" / "html" / "4193.html.gz").articles
    assert any("Gather 12 months of electric bills" in p for a in articles for p in a.body)
    (faq_page,) = extract(DEV / "wcxb" / "html" / "4155.html.gz").articles
    assert not any("Are There any Tax Implications" in p for p in faq_page.body)
