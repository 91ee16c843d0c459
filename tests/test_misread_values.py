"""Pages whose text was read in the wrong encoding before they reached us: the record's values read as
their writers wrote them, on HTML and flattened text alike."""
import pytest

from conftest import DEV
from dateline import extract


@pytest.mark.parametrize("path,misread,written", [
    # UTF-8 read as Windows-1252 and stored so: "That’s" printed as "Thatâ€™s"
    ("wcxb/html/4912.html.gz", "â€™", "That’s not budgeting"),
    # the same on the page as a crawler flattened it
    ("wcxb/text/4912.txt.gz", "â€™", "That’s not budgeting"),
    # Windows-1252's "’" read as Latin-1: a C1 control ("we\x92re")
    ("wcxb/html/0273.html.gz", "\x92", "Because we’re so used to electricity"),
])
def test_values_read_as_written(path, misread, written):
    article = extract(DEV / path).articles[0]
    text = "\n".join([article.headline or "", article.standfirst or ""] + article.body)
    assert misread not in text
    assert written in text
