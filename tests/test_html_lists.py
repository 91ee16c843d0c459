"""A list inside an HTML article that the block model kept only in part (items that are links, of a word
or two): an item between body blocks whose nearest body block is an item of the same list is body
(labeller._list_items_between_body). An item or a table's row that the page prints again, every copy an item
(row) the model kept, stays body (labeller._item_listed_again)."""
import json

from conftest import DEV
from dateline import extract


def kept_and_gold(stem: str, items: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Which of the items the page's body keeps, and which the wcxb gold body holds."""
    body = {p for a in extract(DEV / "wcxb" / "html" / f"{stem}.html.gz").articles for p in a.body}
    gold = json.loads((DEV / "wcxb" / "gold" / f"{stem}.gold.json").read_text(encoding="utf-8"))
    gold_body = set(gold["articles"][0]["body"])
    return {h for h in items if h in body}, {h for h in items if h in gold_body}


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
