"""A page of one story: a short gap of furniture lines between its body lines that the wide body model
keeps is the article's (a guide's section headings, a table's rows); a page of several stories is left
as it is (layout/stories.py, `_wide_gaps_in`)."""
import json

import pytest

from conftest import DEV
from dateline import Options
from dateline.layout import stories
from dateline.pipeline import extract

TEXT = Options(nlp="off", input_format="text")
GUIDE = DEV / "wcxb" / "text" / "0110.txt.gz"  # a course guide: "What You'll Learn", "Script Writing", ...
PRICES = DEV / "wcxb" / "text" / "0111.txt.gz"  # a price guide: "Apprentice $45–$70", "Journeyman $80–$130"
SEVERAL = DEV / "multi" / "text" / "multi-000.txt.gz"


def shingles(paragraphs) -> set:
    words = " ".join(paragraphs).casefold().split()
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


def scores(path, articles) -> tuple[float, float]:
    """Recall and precision of the gold body's runs of four words (as the scorer reads them)."""
    gold = json.loads((path.parents[1] / "gold" / (path.name.split(".")[0] + ".gold.json")).read_text())
    want = shingles(p for a in gold["articles"] for p in a["body"])
    got = shingles(p for a in articles for p in a.body)
    return len(want & got) / len(want), len(want & got) / len(got)


@pytest.mark.parametrize("page", [GUIDE, PRICES])
def test_a_guides_headings_and_rows_between_paragraphs_are_body(page, monkeypatch):
    after = extract(page, TEXT).articles
    monkeypatch.setattr(stories, "_wide_gaps_in", lambda *a: None)
    before = extract(page, TEXT).articles
    assert len(after) == len(before) == 1
    (r0, p0), (r1, p1) = scores(page, before), scores(page, after)
    assert r1 > r0 + 0.02 and p1 >= p0 - 0.005
    assert after[0].headline == before[0].headline


def test_a_page_of_several_stories_is_left_as_it_is(monkeypatch):
    after = extract(SEVERAL, TEXT).to_dict()["articles"]
    assert len(after) > 1
    monkeypatch.setattr(stories, "_wide_gaps_in", lambda *a: None)
    assert extract(SEVERAL, TEXT).to_dict()["articles"] == after
