"""Flattened text of one story, read again with the context model (the two body models' scores beside the
lines around) and with the wide body model (the model that learned guides, reviews and list articles): the
furniture lines between its paragraphs, and on a page of that model's kind the lines just below its text,
that are the article's own. Called by the story splitter (stories.py)."""
from __future__ import annotations

from typing import Protocol

from .. import lexicon as L
from ..blocks import Block
import numpy as np

from .labeller import fill_gaps
from .context import context_scores
from .model import BODY_THRESHOLD, body_predictions, wide_page


class Story(Protocol):
    """What is read and set here of a story (stories.Story, which imports this module)."""
    body_start: int
    end: int
    header_start: int
    blocks: list[int]

WIDE_GAP_LINES = 12  # text: a gap this short between a one-story page's body lines may be a section's heading and list


def wide_gaps_in(blocks: list[Block], s: Story, feats, stop: int) -> None:
    """Text, a page of one story: a gap of WIDE_GAP_LINES or fewer furniture lines between two of its body
    lines, every one of which the wide body model alone keeps (P(body) >= BODY_THRESHOLD by the model
    that learned guides and list articles), is the article's: a section's heading, its list items, a
    row of a table. Not a line the page prints again, a photo credit or a line cut by "|" (a teaser's
    kicker). On a page of the wide model's kind (`model.wide_page`) every such gap of furniture lines is
    taken in, whatever either model reads of its lines: a guide's tables and lists are shaped unlike
    running text line by line (wcxb/text +0.002 cross-site; no news page of fundus or multi is of that
    kind but one, whose gap is a consent box the article leaves out), and so are the lines just below its
    text down to the last one the wide model keeps (`_wide_tail_in`). On a page of several stories the
    lines between two kept lines may be teasers between them, so it is left as it is. It runs after the
    headline is chosen; the headline ranker's training rows (split inside `averaged_body()`) never see
    it, as the choice at run time does not. The context model reads the story first, down to `stop`
    (`_context_reading`). In place."""
    both = body_predictions(feats)
    if both is None:
        return
    wide = both[1]
    _context_reading(blocks, s, feats, (both[0] + wide) / 2, stop)
    if wide_page(blocks, feats):
        for i, j in plain_gaps(blocks, s, lambda b: b.label == L.BOILERPLATE):
            for k in range(i, j):
                blocks[k].label = L.BODY
        _wide_tail_in(blocks, s, wide)
        return
    for i, j in plain_gaps(blocks, s):
        if all(wide[k] >= BODY_THRESHOLD for k in range(i, j)):
            for k in range(i, j):
                blocks[k].label = L.BODY


def plain_gaps(blocks: list[Block], s: Story, furniture=None) -> list[tuple[int, int]]:
    """The gaps [i, j) of WIDE_GAP_LINES or fewer lines between two of the story's body lines, every line
    of them plain furniture (`plain_furniture`, or the test given)."""
    furniture = furniture or plain_furniture
    gaps = []
    i = s.body_start + 1
    while i < s.end:
        if blocks[i].label == L.BODY or blocks[i - 1].label != L.BODY:
            i += 1
            continue
        j = i
        while j < s.end and blocks[j].label != L.BODY:
            j += 1
        if j < s.end and j - i <= WIDE_GAP_LINES and all(furniture(blocks[k]) for k in range(i, j)):
            gaps.append((i, j))
        i = j
    return gaps


def plain_furniture(b: Block) -> bool:
    """Dropped as furniture by the body score alone, not printed twice, no credit, no "|"."""
    return b.label == L.BOILERPLATE and b.repeat < 2 and "|" not in b.text and not L.credit_line(b.text)


def _wide_tail_in(blocks: list[Block], s: Story, wide: np.ndarray) -> None:
    """A page of the wide model's kind: the story goes on to the last of the WIDE_GAP_LINES lines below its
    text that the wide model keeps, when every line down to it is furniture by the labels (a guide's closing
    list, its last section's table, which the story's text ended above). A line the page labelled otherwise
    (a time, a byline, a caption) ends the article first. In place: the lines are body, the story longer."""
    rows = list(range(s.end, min(len(blocks), s.end + WIDE_GAP_LINES)))
    if not rows:
        return
    kept = [k for k in rows if wide[k] >= BODY_THRESHOLD]
    if not kept or any(blocks[k].label != L.BOILERPLATE for k in range(s.end, kept[-1] + 1)):
        return
    for k in range(s.end, kept[-1] + 1):
        blocks[k].label = L.BODY
    s.end = kept[-1] + 1
    s.blocks = list(range(s.header_start, s.end))


def _context_reading(blocks: list[Block], s: Story, feats, mean: np.ndarray, stop: int) -> None:
    """Text, a page of one story: the story's lines as the context model reads them (layout/context.py),
    its P(body) alone, gaps filled as the labeller fills them. A furniture
    line it keeps (a guide's list items, a section's heading, a table's rows) becomes body; a body line
    it drops (a box between paragraphs) becomes furniture; and the story goes on below its end, as far
    as WIDE_GAP_LINES, to the last line it keeps, where every line down to it is furniture. Only the
    labels the two models' mean set are changed: a time, a byline or a caption stays what it is. Nothing
    at or below `stop` (the head of the comments or of a list of the site's other stories) is taken in.
    On a page of several stories it is not asked: there it takes in what stands between two stories
    (wcxb/text +0.006 cross-site; multi/text -0.007 where it read every page, unchanged so). Its P(body)
    alone, not averaged with the mean, since it reads the lines' indents: wcxb/text 0.917 -> 0.921."""
    context = context_scores(blocks, feats)
    if context is None:
        return
    before = fill_gaps(blocks, mean.tolist())
    after = fill_gaps(blocks, context.tolist())
    for k in range(s.body_start, s.end):
        if after[k] and not before[k] and blocks[k].label == L.BOILERPLATE and k < stop:
            blocks[k].label = L.BODY
        elif before[k] and not after[k] and blocks[k].label == L.BODY:
            blocks[k].label = L.BOILERPLATE
    rows = range(s.end, min(len(blocks), s.end + WIDE_GAP_LINES, stop))
    kept = [k for k in rows if after[k]]
    if kept and all(blocks[k].label == L.BOILERPLATE for k in range(s.end, kept[-1] + 1)):
        for k in range(s.end, kept[-1] + 1):
            if after[k]:
                blocks[k].label = L.BODY
        s.end = kept[-1] + 1
        s.blocks = list(range(s.header_start, s.end))
