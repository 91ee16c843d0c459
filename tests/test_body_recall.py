"""Recall of the HTML body on pages of sites no rule was written from (wcxb): the article's tables,
list items and sections are the article's text."""
from conftest import DEV
from dateline import extract


def wcxb_body(stem: str) -> list[str]:
    return [p for a in extract(DEV / "wcxb" / "html" / f"{stem}.html.gz").articles for p in a.body]


def test_a_table_set_in_a_figure_is_the_articles_text():
    """WordPress sets a table in <figure class="wp-block-table">: its rows are the ranking the article is
    about, not a photo's caption; the figure's own caption stays out of the body."""
    body = wcxb_body("0286")
    assert "1 State Farm Group 107,764,591 16.4" in body
    assert "3 Progressive Ins Group 74,411,830 21.0" in body
