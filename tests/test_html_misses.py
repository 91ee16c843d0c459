"""tools/html_misses.py sorts an HTML page's body misses by cause, in words."""
from dateline import lexicon as L
from dateline.blocks.html import html_blocks
from dateline.options import Options
from dateline.read import Page, decode
from tools.html_misses import causes

PAGE = b"""<html><body><nav><a href="/">Home</a></nav>
<div class="intro"><p>A lead paragraph the markup set apart in a box of its own above the article.</p></div>
<article><p>The first paragraph of the article, kept by the labeller and by the story.</p>
<p>A pull quote inside the article that the block model doubted and scored under the threshold.</p>
<h2>Contents</h2>
<p>A paragraph the labeller kept as body that no story took into its text at all.</p>
<p>The last paragraph of the article, kept by the labeller and by the story too.</p></article>
<div class="more"><p>A closing paragraph below the article, outside the container the rule chose.</p>
<p>A teaser of another story below the article that is not part of the gold body.</p></div>
</body></html>"""


def test_each_miss_has_its_cause_and_what_else_its_cause_holds():
    blocks, _ = html_blocks(Page(data=PAGE, format="html", text=decode(PAGE, None, is_html=True)[0]), Options())
    assert len(blocks) == 9 and blocks[4].text == "Contents"
    labels = [0, 1, 1, 1, 1, 1, 1, 1, 0]
    kept, inside = {2, 6}, {2, 3, 4, 5, 6}
    for b in blocks:
        b.label, b.score = L.BOILERPLATE, 0.1
    blocks[4].score, blocks[4].repeat = 0.7, 2  # scored body, dropped as a line the page prints again
    blocks[5].label, blocks[5].score = L.BODY, 0.9  # the labeller kept it, no story did
    miss, also = causes(blocks, labels, kept, inside)
    assert miss == {"outside-lead": blocks[1].words, "inside-between": blocks[3].words,
                    "relabelled-repeated": blocks[4].words, "no-story": blocks[5].words,
                    "outside-tail": blocks[7].words}
    assert also == {"outside-lead": blocks[0].words, "outside-tail": blocks[8].words}
    miss, also = causes(blocks, labels, set(), inside)  # a page that keeps nothing
    assert miss["inside-no-body"] == blocks[2].words + blocks[3].words + blocks[6].words
