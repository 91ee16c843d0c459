"""Section headings inside an HTML article ("Methods", "Ingredients", "Key Takeaways") that the block
model doubted for their few words: a subheading inside the chosen container with body right above and
right below it is body (labeller._subheads_between_body), and one that the page prints again only in
other shapes (a table of contents' item) is not taken for a widget's repeated heading
(labeller._subhead_listed)."""
from conftest import wcxb_kept_and_gold as kept_and_gold


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
