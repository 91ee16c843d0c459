"""Property tests: whatever the input, extract gives a result that keeps the record contract
(fuzz/contract.py) or a clear error record, and never lets an exception escape."""
import codecs
import os
import sys
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from dateline import Options
from dateline.pipeline import extract  # in this process: the properties are about the pipeline
from dateline.read import decode
from dateline.read.page import mojibake_repaired
from dateline.read.guard import bound_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fuzz.contract import check_page_result  # noqa: E402

# bounded so the suite stays fast; the atheris targets (fuzz/) search much longer
# DATELINE_PROPERTY_EXAMPLES: `make properties` runs 20,000 a property
BOUNDED = settings(max_examples=int(os.environ.get("DATELINE_PROPERTY_EXAMPLES", "100")), deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])
TEXT_OPTS = Options(input_format="text", timeout_s=10)
HTML_OPTS = Options(input_format="html", timeout_s=10)

WORDS = ["the", "minister", "said", "on", "Tuesday", "talks", "would", "continue", "Updated", "By", "Photo:",
         "(AFP)", "ago", "5", "min", "07", "July", "2024", "ATHENS,", "Greece", "—", "•", "1.", "Zitat", "BIO",
         "Name:", "und", "Müller", "café", "東京", "وزير", "😀", "\u200b", "\x00", "<", ">", "&amp;", "|", "/"]
word = st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=12))


@st.composite
def news_like_text(draw) -> str:
    """Lines shaped like a flattened news page: headline, time, byline, bullets, captions, paragraphs."""
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["para", "para", "para", "short", "time", "byline", "bullet", "caption", "blank"]))
        words = draw(st.lists(word, min_size=1, max_size=40 if kind == "para" else 8))
        text = " ".join(words)
        lines.append({"para": text + ".", "short": text.title(), "time": "Updated " + text,
                      "byline": "By " + text, "bullet": "• " + text, "caption": text + " (AFP)",
                      "blank": ""}[kind])
        lines.append("\n" * draw(st.integers(0, 2)))
    return "\n".join(lines)


@BOUNDED
@given(st.text())
def test_any_text_keeps_the_contract(text):
    check_page_result(extract(text.encode("utf-8", "surrogatepass"), TEXT_OPTS, uri="p.txt"))


@BOUNDED
@given(st.binary())
def test_any_bytes_keep_the_contract_on_both_paths(data):
    check_page_result(extract(data, TEXT_OPTS, uri="p.txt"))
    check_page_result(extract(data, HTML_OPTS, uri="p.html"))


@BOUNDED
@given(news_like_text(), st.sampled_from(["utf-8", "utf-16", "cp1252", "gb18030"]))
def test_news_shaped_text_keeps_the_contract(text, codec):
    data = text.encode(codec, errors="replace")
    check_page_result(extract(data, TEXT_OPTS, uri="p.txt"))


TAGS = ["div", "p", "span", "a", "b", "li", "ul", "h1", "h2", "figure", "figcaption", "article", "aside",
        "script", "style", "table", "td", "br", "img", "time", "nav", "header", "footer", "template", "svg"]


def _element(tag_children) -> str:
    tag, attrs, children = tag_children
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


html_node = st.recursive(
    st.one_of(news_like_text(), st.text(max_size=30), st.sampled_from(["<!-- c -->", "<br>", "&nbsp;", "</p>",
                                                                       "<p", "<![CDATA[x]]>", "<img src=x>"])),
    lambda children: st.tuples(st.sampled_from(TAGS),
                               st.sampled_from(["", ' class="story-body"', ' itemprop="articleBody"',
                                                ' style="display:none"', " hidden", ' id="x" data-a=\'<\'']),
                               st.lists(children, max_size=6)).map(_element),
    max_leaves=40,
)


@BOUNDED
@given(html_node, st.sampled_from(["", '<meta charset="utf-8">', '<meta charset="bogus-8">',
                                   '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">']))
def test_html_ish_input_keeps_the_contract(body, head):
    html = f"<!doctype html><html><head>{head}<title>t</title></head><body>{body}</body></html>"
    check_page_result(extract(html.encode("utf-8"), HTML_OPTS, uri="p.html"))


# --- the reading parts on their own -------------------------------------------------------------

printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1)


@BOUNDED
@given(printable, st.sampled_from([("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                   ("utf-16-be", codecs.BOM_UTF16_BE)]))
@example("\ufeffx", ("utf-8", b""))  # found at 20,000 examples
def test_decode_gives_back_the_text_that_was_encoded(text, codec_bom):
    """A byte-order mark at the start of the bytes marks their encoding and is not text (the HTML
    standard's decoding, and Python's utf-8-sig): UTF-8 text that begins with U+FEFF, written without
    a mark of its own, begins with the mark's three bytes, so its first U+FEFF is read as the mark."""
    codec, bom = codec_bom
    decoded, _ = decode(bom + text.encode(codec))
    expected = text.removeprefix("\ufeff") if not bom else text
    assert decoded == expected.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


# words of news text in several scripts, with the punctuation a misread page garbles most ("’", "—", "€")
NEWS_WORDS = ("café", "naïve", "Größe", "l’été", "“quoted”", "—", "São", "Paulo", "Zürich", "piñata", "Ærø",
              "résumé", "£5", "€10", "façade", "Dvořák", "Kraków", "Ελλάδα", "Москва", "東京", "İstanbul", "…",
              "don’t", "said", "the", "minister", "Île-de-France", "Tâm", "lý", "học", "în", "câmp", "½", "©", "™")


# a misread lower-case letter or punctuation mark ("cafÃ©", "donâ€™t") is what ftfy recognises: a capital
# alone read as Windows-1252 ("ÃŽle-de-France") is too like real text for it, and is left as it is
CLEAR_WORDS = ("café", "don’t", "l’été", "—", "résumé", "Größe")


@BOUNDED
@given(st.lists(st.sampled_from(NEWS_WORDS), max_size=30), st.sampled_from(CLEAR_WORDS),
       st.sampled_from(["latin-1", "cp1252"]))
def test_text_read_in_the_wrong_encoding_is_read_back_as_written(words, clear, encoding):
    """A value whose UTF-8 was read as Latin-1 or Windows-1252 ("l’été" as "lâ€™Ã©tÃ©") comes back as
    written, and text read right is left alone."""
    text = " ".join([*words, clear])
    try:
        misread = text.encode("utf-8").decode(encoding)
    except UnicodeDecodeError:  # Windows-1252 leaves five bytes undefined
        misread = text.encode("utf-8").decode("latin-1")
    assert mojibake_repaired(misread) == text
    assert mojibake_repaired(text) == text


@BOUNDED
@given(st.lists(st.sampled_from(NEWS_WORDS), min_size=1, max_size=30).map(" ".join))
def test_text_read_right_is_left_alone(text):
    assert mojibake_repaired(text) == text


@BOUNDED
@given(st.text(max_size=2000))
def test_decode_keeps_length_and_breaks_lines_only_at_newlines(text):
    decoded, _ = decode(text.encode("utf-16-le"), "utf-16-le")
    assert len(decoded) == len(text.removeprefix("\ufeff"))
    assert len(decoded.splitlines()) == len(decoded.split("\n")) - decoded.endswith("\n") or not decoded


def text_of(html: str) -> Counter:
    """The characters of text lexbor reads in the page (white space aside): a cut tag may move text (a
    table's text goes before the table) or, in a flattened svg, write it escaped, but never lose it."""
    root = LexborHTMLParser(html).root
    return Counter(c for c in (root.text(deep=True) if root is not None else "") if not c.isspace())


@BOUNDED
@given(html_node, st.integers(1, 12))
@example("<div><time><svg><time></time>\x00</svg></time></div>", 1)  # </time> closes svg's <time>, not the HTML one
@example("<A><SVG>\x00", 1)  # a NUL is U+FFFD in svg text and nothing in HTML text: the flattened svg writes U+FFFD
def test_bound_html_keeps_text_and_is_idempotent(html, max_depth):
    flat, cut = bound_html(html, max_depth)
    # (found by 2,000 examples: "&<V the.</div>" cut at depth 1 lost the "<" joined to the next text,
    # now ended by an empty comment)
    assert not text_of(html) - text_of(flat)
    assert (cut == 0) == (flat == html)
    assert bound_html(flat, max_depth) == (flat, 0)
