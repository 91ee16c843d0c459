"""Pages that a first reading would skip as "not an article" though a reader sees one (trafilatura's
evaluation pages): a post that a script writes in and the page prints again in <noscript>, and a recipe
whose ingredient line in one <article> stands above its method in another."""
from conftest import DEV
from dateline import extract
from dateline.blocks.html import html_blocks
from dateline.options import Options
from dateline.read import decode, read_path

BLOG = DEV / "trafilatura" / "html" / "security.googleblog.com.protection.html.gz"


def test_a_post_printed_only_in_noscript_is_read_from_there():
    result = extract(BLOG)
    assert result.skipped is None and len(result.articles) == 1
    body = " ".join(result.articles[0].body)
    # the trafilatura set's snippets of this page that must be in its text
    assert "This protocol is designed so that Google cannot" in body
    assert "threats on the web becoming increasingly sophisticated" in body
    assert result.articles[0].headline == "Enhanced Safe Browsing Protection now available in Chrome"


def test_noscript_text_is_read_only_on_request():
    page = read_path(BLOG, "html")
    page.text, page.encoding = decode(page.data, page.declared_charset, is_html=True)
    shown = " ".join(b.text for b in html_blocks(page, Options(input_format="html"))[0])
    assert "This protocol is designed" not in shown
    with_noscript = " ".join(b.text for b in html_blocks(page, Options(input_format="html"), noscript=True)[0])
    assert "This protocol is designed" in with_noscript
