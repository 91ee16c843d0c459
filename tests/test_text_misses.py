"""tools/text_misses.py sorts a flattened page's body misses and extras by cause, in words."""
from dateline import lexicon as L
from dateline.blocks.text import text_blocks
from tools.text_misses import causes

PAGE = """Home | News | Sport
A long first paragraph of the article that runs well past eight words and ends.
How to choose
- a list item the reader needs
A paragraph in the middle of the article that the story splitter left out of it.
A repeated paragraph of the article that the page prints twice, taken for a widget.
A closing paragraph of the article that the body model gave up below the last kept line.
Comments: a reader writes a long line under the article that is no part of it at all.
"""


def test_each_miss_and_extra_has_its_cause():
    blocks = text_blocks(PAGE)
    labels = [0, 1, 1, 1, 1, 1, 1, 0]
    kept = {0, 1, 7}
    for b in blocks:
        b.label, b.score = L.BOILERPLATE, 0.1
    blocks[4].label, blocks[4].score = L.BODY, 0.9  # the labeller kept it, no story did
    blocks[5].score, blocks[5].repeat = 0.8, 2  # scored body, dropped as a repeated line
    miss, extra = causes(blocks, labels, kept)
    assert set(miss) == {"heading", "bullet", "split", "relabelled-repeated", "prose"}
    assert miss["split"] == blocks[4].words and miss["prose"] == blocks[6].words
    assert extra == {"above": blocks[0].words, "below": blocks[7].words}
    # without the comment kept, the closing paragraph stands below the last kept line
    miss, extra = causes(blocks, labels, {0, 1})
    assert miss["tail"] == blocks[6].words and "prose" not in miss and set(extra) == {"above"}
