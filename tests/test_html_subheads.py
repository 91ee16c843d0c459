"""Section headings inside an HTML article ("Methods", "Ingredients", "Key Takeaways") that the block
model doubted for their few words: a subheading inside the chosen container with body right above and
right below it is body (labeller._subheads_between_body), and one that the page prints again only in
other shapes (a table of contents' item) is not taken for a widget's repeated heading
(labeller._subhead_listed)."""
import json

from conftest import DEV
from dateline import extract


def kept_and_gold(stem: str, heads: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Which of the headings the page's body keeps, and which the wcxb gold body holds."""
    body = {p for a in extract(DEV / "wcxb" / "html" / f"{stem}.html.gz").articles for p in a.body}
    gold = json.loads((DEV / "wcxb" / "gold" / f"{stem}.gold.json").read_text(encoding="utf-8"))
    gold_body = set(gold["articles"][0]["body"])
    return {h for h in heads if h in body}, {h for h in heads if h in gold_body}


def test_a_papers_section_headings_are_body():
    heads = ("Methods", "Results", "Discussion")
    kept, gold = kept_and_gold("2020", heads)
    assert gold == set(heads)
    assert kept == gold


def test_a_recipes_and_a_guides_section_headings_are_body():
    for stem, heads in (("4164", ("Ingredients", "Instructions")),
                        ("0330", ("Key Takeaways", "Sharding", "Summary"))):
        kept, gold = kept_and_gold(stem, heads)
        assert gold == set(heads), stem
        assert kept == gold, stem


def test_section_headings_a_table_of_contents_lists_again_are_body():
    for stem, heads in (("0195", ("Definition of meditation", "Types of meditation", "Benefits of meditation")),
                        ("0414", ("Language Design", "Fine-Tuned Memory Management"))):
        kept, gold = kept_and_gold(stem, heads)
        assert gold == set(heads), stem
        assert kept == gold, stem
