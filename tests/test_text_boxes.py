"""Flattened text: what the labels say of boxes, thread heads and repeated lines inside an article, on
blocks built by hand (layout/labeller.py, layout/second_reading.py)."""
from dateline import lexicon as L
from dateline.blocks import Block
from dateline.layout import labeller
from dateline.layout.second_reading import without_threads
from dateline.layout.stories import Story

PARAGRAPH = "The council met on Tuesday and agreed, after a long debate, to keep the library open on Sundays."


def lines(*rows) -> list[Block]:
    """Blocks from (text, label, bullet) rows, one line each."""
    out, at = [], 0
    for i, (text, label, bullet) in enumerate(rows):
        out.append(Block(index=i, text=text, start=at, end=at + len(text), line=i + 1, end_line=i + 1,
                         bullet=bullet, gap_before=1, label=label, first=i))
        at += len(text) + 1
    return out


def keyed_box(title: str) -> list[Block]:
    return lines((PARAGRAPH, L.BODY, ""), (title, L.BOILERPLATE, ""), ("Name: Jane Doe", L.BOILERPLATE, "•"),
                 ("Year of birth: 1954", L.BOILERPLATE, "•"), ("City: Mahabad", L.BOILERPLATE, "•"),
                 (PARAGRAPH, L.BODY, ""))


def test_a_box_whose_title_names_its_kind_is_a_sidebar():
    blocks = keyed_box("BIO")
    labeller._label_sidebars(blocks)
    assert [b.label for b in blocks[1:5]] == [L.SIDEBAR_TITLE] + [L.SIDEBAR_ITEM] * 3


def test_keyed_items_under_any_other_title_are_the_articles_list():
    blocks = keyed_box("Factors to consider")
    labeller._label_sidebars(blocks)
    assert [b.label for b in blocks[1:5]] == [L.BODY] * 4


def test_a_story_is_cut_at_its_comment_threads_head():
    blocks = lines((PARAGRAPH, L.BODY, ""), (PARAGRAPH + " More.", L.BODY, ""),
                   ("15 Replies to “Open files under a new license”", L.BOILERPLATE, ""),
                   ("Jane says:", L.BOILERPLATE, ""),
                   ("I really like this, thanks for sharing it with us all.", L.BODY, ""))
    story = Story(body_start=0, end=5, header_start=0, blocks=list(range(5)))
    without_threads(blocks, [story])
    assert story.end == 2 and story.blocks == [0, 1]


def test_a_comment_counter_printed_twice_does_not_cut_the_story():
    blocks = lines((PARAGRAPH, L.BODY, ""), ("0 Kommentare", L.BOILERPLATE, ""), (PARAGRAPH, L.BODY, ""))
    blocks[1].repeat = 2
    story = Story(body_start=0, end=3, header_start=0, blocks=[0, 1, 2])
    without_threads(blocks, [story])
    assert story.end == 3


def test_a_heading_its_table_of_contents_lists_and_an_items_label_stay_body():
    toc = lines(("How prices are changing", L.BOILERPLATE, "•"), ("How prices are changing", L.BODY, ""),
                ("What we like:", L.BODY, ""), ("Top 10 health trends for 2025", L.BODY, ""))
    toc[1].first = 0
    copies = {0: [0, 1]}
    assert labeller._heading_listed(toc, toc[1], copies)
    assert labeller._item_label(toc[2])
    assert not labeller._item_label(toc[3])


def test_thread_heads_of_more_words_than_a_count():
    for head in ("15 Replies to “Open files”", "3 thoughts on “Ten things”", "Discussion about this post",
                 "Be the first to comment", "Comments 115"):
        assert L.is_titled_comments_head(head), head
    for line in ("Recent Comments", "Comments on the draft law were due in May.", "Factors to consider"):
        assert not L.is_titled_comments_head(line), line
