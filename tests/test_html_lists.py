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


def test_a_label_printed_in_each_item_between_the_paragraphs_is_body():
    # a round-up's spec lines under each product (p elements, not list items), every copy scored body and
    # standing between the article's paragraphs (labeller._printed_in_each_item); the gold splits each
    # line in two ("Max Load", "265 lbs")
    lines = ("Max Load 265 lbs", "Nominal Power 350W", "Nominal Power 500W")
    kept, _ = kept_and_gold("4674", lines)
    _, gold = kept_and_gold("4674", ("Max Load", "Nominal Power"))
    assert gold == {"Max Load", "Nominal Power"}
    assert kept == set(lines)
    # a guide's section headings, each printed twice in the same shape (a jump list above them)
    heads = ("Group Yoga Classes", "The State Of The Yoga Industry", "Individual Yoga Sessions")
    kept, gold = kept_and_gold("0151", heads)
    assert gold == set(heads)
    assert kept == gold


def test_an_advertising_slots_label_printed_among_the_paragraphs_stays_furniture():
    from dateline import lexicon as L

    assert all(L.is_ad_label(t) for t in ("Advert", "ADVERTISEMENT", "- Anzeige -", "Sponsored"))
    assert not any(L.is_ad_label(t) for t in ("Pros", "Add to cart", "Advertising standards", "Adverts and you"))
