"""The pre-parse guard (read/guard.py) reads a page as lexbor's tokenizer does, keeps every character of
text that lexbor would show, and stays linear on every input.

The properties run DATELINE_PROPERTY_EXAMPLES examples each (a few hundred by default; `make properties`
runs 20,000). Text is judged by lexbor itself (selectolax), not by our own reading of the page."""
import gzip
import os
import time
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from dateline.read.guard import MAX_ATTRIBUTES, _quick_within_bounds, _within_bounds, bound_html
from tests.conftest import DEV

EXAMPLES = int(os.environ.get("DATELINE_PROPERTY_EXAMPLES", "300"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
LINEAR_S = 5.0  # CPU seconds: each attack below is a few MB; a quadratic pass would take minutes


# --- what lexbor makes of a page ----------------------------------------------------------------

def lexbor_text(html: str) -> Counter:
    """Every character of text lexbor's tree holds (white space aside), counted: order may change when a
    tag is cut (a table's text is placed before the table, say), characters may not go."""
    root = LexborHTMLParser(html).root
    text = root.text(deep=True) if root is not None else ""
    return Counter(c for c in text if not c.isspace())


def lexbor_depth(html: str) -> int:
    root = LexborHTMLParser(html).root
    deepest, stack = 0, [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        child = node.child
        while child is not None:
            stack.append((child, depth + 1))
            child = child.next
    return deepest


# --- pages made of the pieces the tokenizer treats specially --------------------------------------

PIECES = [
    "<div>", "</div>", "<b>", "</b>", "<p>", "</p>", "<span>", "</span>", "<option>", "<select>", "</select>",
    "<table>", "<td>", "</table>", "<li>", "<ul>", "</ul>", "<template>", "</template>",
    "<svg>", "</svg>", "<math>", "</math>", "<g>", "</g>", "<mi>", "</mi>", "<foreignObject>", "</foreignObject>",
    "<style>", "</style>", "<title>", "</title>", "<textarea>", "</textarea>", "<script>", "</script>",
    "<noscript>", "</noscript>", "<xmp>", "</xmp>", "<plaintext>",
    "<!-->", "<!--->", "<!-- c -->", "<!--", "-->", "--!>", "<!---->", "<![CDATA[", "]]>", "<!doctype html>",
    "<!x>", "<?x>", "</>", "</ x>", "<", "</", "<!", ">", "&", "&amp", "&amp;", "&#", "60", "p;", ";",
    '<div a=">">', "<div a='<'>", '<div a=">', "<div/>", "<g/>", "<svg/>", "<font color=x>", "<br>", "</br>",
    "word", "x", "Zz", " ", "\n", "é", "<div<b>", "<b a b c>", "<desc>", "</desc>", "<font face>",
    "<path/>", "</path>", "<a>", "</a>", "<td/>", "<option/>", "</g/>", "<svg/>", "</svg/>", "<SVG>", "<Style>",
]
page = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@PROPERTY
@given(page, st.integers(1, 6))
@example("a<<b>c<b>d", 1)  # the last attempt's fault: a stray "<" joined to the next text opened a tag
@example("&am<b>p;<b>x", 1)  # and a cut tag must not join "&am" to "p;"
@example("<div><svg><![CDATA[<div>", 1)  # found at 20,000: the cut <svg> made its CDATA a comment
@example("<div><svg><foreignObject><style>a<b>c</style>", 2)  # a cut point of HTML made its <style> markup
@example("<div><svg></div><style><div>", 1)  # lexbor ends the svg at </div>: its <style> is text
@example("<svg><title></mi><style><div>", 1)  # and ignores </mi> in svg's <title>: <style> is still text
def test_cutting_tags_loses_no_text(html, max_depth):
    flat, cut = bound_html(html, max_depth)
    assert (cut == 0) == (flat is html)
    before, after = lexbor_text(html), lexbor_text(flat)
    assert not before - after, f"text lost: {before - after}"


@PROPERTY
@given(page, st.integers(1, 6))
def test_the_bound_holds_in_lexbor(html, max_depth):
    flat, _ = bound_html(html, max_depth)
    # levels the guard does not count: <html>, <body>, the table levels and list items under a counted
    # element, formatting elements lexbor opens again after a cut
    assert lexbor_depth(flat) <= 4 * max_depth + 8


# --- the tokenizer's corners, each where the last guard read text and lexbor read markup ---------

PARAS = "".join(f"<p>Paragraph {i} of the story, with enough words to be body text.</p>" for i in range(3))


def attrs(n: int) -> str:
    return " ".join(f'a{i}="{i}"' for i in range(n))


def assert_fast_and_bounded(html: str, changed: bool = True) -> str:
    start = time.process_time()  # the CPU this process spent: other work on the machine does not count
    flat, cut = bound_html(html, 512)
    assert time.process_time() - start < LINEAR_S
    assert (cut > 0) == changed
    return flat


def test_comments_end_where_lexbor_ends_them():
    for opener in ("<!-->", "<!--->"):
        flat = assert_fast_and_bounded(f"{opener}<div {attrs(200_000)}>{PARAS}</div>")
        assert len(flat) < 10_000 and "Paragraph 2" in flat
        nested = assert_fast_and_bounded(opener + "<div>" * 100_000 + PARAS)
        assert nested.count("<div>") == 512
        options = assert_fast_and_bounded(opener + "<select>" + "<option>x" * 100_000 + "</select>" + PARAS)
        assert options.count("<option>") == 2_000


def test_svg_and_math_content_is_markup():
    for opener in ("<svg><title>", "<svg><style>", "<math><style>", "<svg><textarea>"):
        flat = assert_fast_and_bounded(opener + "<g>" * 100_000 + "x")
        assert flat.count("<g>") <= 512
    # inside <foreignObject> HTML's rules return: <style> holds text there
    html = "<svg><foreignObject><style>" + "<g>" * 1_000 + "</style></foreignObject></svg>"
    assert bound_html(html, 512) == (html, 0)


def test_a_cut_svg_or_point_of_html_is_flattened_to_its_text():
    """Cutting a tag that switches between HTML and svg/math would change how lexbor reads what it holds
    (CDATA is text in svg, a comment in HTML; <style> is markup in svg, text in HTML): the element is
    flattened instead, its CDATA and raw text escaped, and lexbor reads the same characters."""
    for html in ("<div><svg><g>a<![CDATA[<d&iv>]]>b</g><style>c<i>d</i></style></svg>e",
                 "<div><svg><foreignObject><style>x<b>y&amp;</style><title>t&amp;<i></title></foreignObject>z</svg>q",
                 "<div><math><mi><![CDATA[<m>]]></mi><mtext><textarea>&lt;u<v></textarea></mtext></math>w"):
        flat, cut = bound_html(html, 1)
        assert cut > 0 and "<svg" not in flat and "<math" not in flat and "CDATA" not in flat
        assert lexbor_text(flat) == lexbor_text(html), (html, flat)
    # in svg kept, a point of HTML past the limit: only it is flattened, the svg around it stays
    html = "<svg><g><foreignObject><style>x<b>y</style></foreignObject><![CDATA[<z>]]></g></svg>"
    flat, cut = bound_html(html, 2)
    assert flat.startswith("<svg><g>") and "<foreignObject" not in flat and "<![CDATA[<z>]]>" in flat
    assert lexbor_text(flat) == lexbor_text(html)
    # flattening is linear too
    assert_fast_and_bounded("<div>" + "<svg><g>a<![CDATA[<b>]]><style>c" * 100_000)
    assert_fast_and_bounded("<div><svg>" + "<foreignObject><style>a<b></style>" * 100_000)


def test_a_quoted_gt_hides_no_attribute():
    """The known bomb: every attribute value holds a ">", so a reader that ends tags at ">" sees text."""
    bomb = " ".join(f'a{i}=">"' for i in range(200_000))
    flat = assert_fast_and_bounded(f"<div {bomb}>{PARAS}</div>")
    assert flat.startswith("<div>") and "Paragraph 2" in flat


def test_self_closing_html_tags_still_nest():
    flat = assert_fast_and_bounded("<div/>" * 100_000 + "x")
    assert flat.count("<div/>") == 512


def test_real_pages_keep_their_long_attributes_and_their_script_text():
    props = '{"story": "' + "word " * 20_000 + '", "id": 1}'
    html = f"<html><body><div class='story' data-props='{props}'>{PARAS}</div></body></html>"
    assert bound_html(html, 512) == (html, 0)
    script = "<body><script>" + "if (a<b) {x = '<div>'}" * 2_000 + "</script>" + "<!-- <div> -->" * 600 + PARAS
    assert bound_html(script, 8) == (script, 0)
    few = f"<div {attrs(MAX_ATTRIBUTES)}>{PARAS}</div>"
    assert bound_html(few, 512) == (few, 0)


def test_every_unfinished_construct_costs_one_pass():
    for unit in ("<a", "<!--", "<![CDATA[", "</", "<!", '<div a="', "<script>", "<title>", "<svg><![CDATA[",
                 "<div " + "b " * 10, "<!-->x<", "&#"):
        assert_fast_and_bounded(unit * 400_000, changed=False)


# --- the quick reading: the same verdict as the exact one, or none -------------------------------

@PROPERTY
@given(page, st.integers(1, 6))
@example("<svg>" + "<td>" * 8, 6)  # in svg a <td> nests: the quick reading must count it
@example("<svg><style><!--</style>" + "</div>" * 4 + "-->" + "<div>" * 7, 6)  # <style> is markup in svg
@example("<svg><foreignObject><div></svg></div></foreignObject>" + "<td>" * 8, 6)  # </svg> held by the <div>
@example("<div>" * 6 + "<svg/>" + "<svg></div>" + "<b>" * 3, 6)  # </div> ends the svg content
def test_the_quick_reading_agrees_with_the_exact_one(html, max_depth):
    quick = _quick_within_bounds(html, max_depth)
    assert quick is None or quick == _within_bounds(html, max_depth)


def test_pages_the_exact_reading_cuts_are_cut():
    """Each page hides its depth, options or attributes where a reading that took svg/math content, raw
    text or comments for HTML's would not see them: the guard still cuts it."""
    for html in ("<svg>" + "<td>" * 1_000 + "x",  # nests in svg, opens no level in HTML
                 "<math>" + "<option>" * 3_000 + "x",
                 "<svg><style>" + "<g>" * 1_000 + "</style></svg>",  # markup in svg, text in HTML
                 "<svg><title>" + "<g>" * 1_000,
                 "<svg><![CDATA[><!--]]>" + "<g>" * 1_000 + "-->",  # CDATA is text to "]]>" in svg
                 "<svg><style><!--</style>" + "</div>" * 1_000 + "-->" + "<div>" * 1_000,
                 "<!-->" + "<div>" * 1_000, "<!--->" + "<div>" * 1_000,
                 "<div a='>'" + "<div>" * 1_000, "<select>" + "<option>" * 3_000,
                 f"<svg><g {attrs(1_000)}>x</g></svg>", "<div/>" * 1_000):
        assert _within_bounds(html, 512) is False, html[:40]
        assert _quick_within_bounds(html, 512) in (False, None), html[:40]
        assert bound_html(html, 512)[1] > 0, html[:40]


def test_the_quick_reading_decides_real_pages():
    """Real pages (half with inline svg icons) are decided by the quick reading, as the exact one would."""
    pages = [gzip.open(path, "rt", errors="replace").read() for path in sorted(DEV.glob("*/html/*.html.gz"))]
    assert len(pages) > 100 and sum("<svg" in p.lower() for p in pages) > 50
    verdicts = [_quick_within_bounds(p, 512) for p in pages]
    assert verdicts.count(None) <= len(pages) // 50
    assert all(v is None or v == _within_bounds(p, 512) for v, p in zip(verdicts, pages))
