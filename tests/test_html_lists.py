"""A list inside an HTML article that the block model kept only in part (items that are links, of a word
or two): an item between body blocks whose nearest body block is an item of the same list is body
(labeller._list_items_between_body). An item or a table's row that the page prints again, every copy an item
(row) the model kept, stays body (labeller._item_listed_again)."""
from conftest import wcxb_kept_and_gold as kept_and_gold


def test_a_list_of_linked_names_kept_in_part_is_body():
    for stem, items in (("0215", ("FutureLearn", "Kaggle", "HackerRank")),  # free course sites
                        ("4698", ("Tent", "Stakes", "Guylines"))):  # a packing list
        kept, gold = kept_and_gold(stem, items)
        assert gold == set(items), stem
        assert kept == gold, stem


def test_a_tables_row_printed_again_in_each_table_is_body():
    # each spec table of a round-up opens on the same head row; every copy is a row the model kept
    rows = ("Feature Specification",
            "Keyboard Model Layout Switch Type Connectivity Case Material Price (USD) Key Feature")
    kept, gold = kept_and_gold("4799", rows)
    assert gold == set(rows)
    assert kept == gold
