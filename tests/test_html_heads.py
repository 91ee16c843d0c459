"""Headline and authors on HTML pages from sites no rule was written on (wcxb): the site's name is not the
headline."""
import pytest

from conftest import DEV
from dateline import extract


def first(stem: str):
    return extract(DEV / "wcxb" / "html" / f"{stem}.html.gz").articles[0]


@pytest.mark.parametrize("stem,headline", [
    # <h1>Cory Dransfeldt</h1> is the blog's name, og:title "A brief intro to git • Cory Dransfeldt"
    ("0437", "A brief intro to git"),
    # og:title "Scalable End-to-End Interpretability — LessWrong" on lesswrong.com, no og:site_name
    ("0384", "Scalable End-to-End Interpretability"),
    # og:title "*A Treatise …* (1792)": markdown's asterisks are not punctuation the h1 lost
    ("3035", "A Treatise Concerning the Properties and Effects of Coffee (1792)"),
    # h1 "The Best Home …", og:title "Best Home …": "The" is no overline
    ("4601", "The Best Home Security Cameras of 2026"),
    # the h1 below a line taken for text prints "Mobile UX Design: …", the metadata "Mobile UX Design - …"
    ("0232", "Mobile UX Design: The Ultimate Guide 2025"),
    # the JSON-LD headline cut at 110 characters ("… Find Solutions (Including"), the <title> whole
    ("0121", "Fix It Friday: Struggling With How To Arrange Your Living Room? We Help 4 Readers Find Solutions "
             "(Including One Universal Trick That 9/10 Works)"),
])
def test_the_headline_is_the_articles_not_the_sites(stem, headline):
    assert first(stem).headline == headline
