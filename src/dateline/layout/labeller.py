"""Label every block: clear patterns first (counters, times, bylines, captions, sidebars), then the
body score from the shipped model (or a rule score where no model is shipped)."""
from __future__ import annotations

from ..blocks import Block
from ..read import Page
from . import labels as L
from .model import body_scores

BODY_THRESHOLD = 0.5  # the model's probability above which a block counts as body
TITLE_MAX_WORDS = 30  # longer lines are paragraphs, not headlines or sidebar titles
SIDEBAR_TITLE_MAX_WORDS = 4


def label_blocks(blocks: list[Block], page: Page | None = None) -> None:
    scores = body_scores(blocks)
    for b, s in zip(blocks, scores):
        b.score = float(s)
        b.label = L.BODY if s >= BODY_THRESHOLD else L.BOILERPLATE
    for b in blocks:
        _pattern_label(b)
        # a short line the page prints again is a headline or a widget, never running text
        if b.label == L.BODY and b.repeat >= 2 and b.words <= TITLE_MAX_WORDS:
            b.label = L.BOILERPLATE
    _label_sidebars(blocks)


def _pattern_label(b: Block) -> None:
    text = b.text
    if L.is_counter(text):
        b.label = L.COUNTER
        return
    if b.words <= 14 and L.BYLINE_RE.match(text):
        b.label = L.BYLINE
        return
    if L.is_time_line(text):
        b.label = L.TIME
        return
    if b.words >= 4 and b.tag in ("line", "figcaption", "p", "div") and not b.bullet:
        caption, credit = L.split_credit(text)
        if credit and len(caption.split()) >= 4 and not caption.startswith(("“", '"', "«", "„")):
            b.label = L.CAPTION


def title_like(b: Block) -> bool:
    """Could be a headline: a short line that does not end like a sentence and is not a list item."""
    t = b.text
    if not 2 <= b.words <= TITLE_MAX_WORDS or len(t) < 10 or t.endswith((".", ",", ";", ":")):
        return False
    return b.label not in (L.CAPTION, L.COUNTER, L.TIME, L.BYLINE)


def _label_sidebars(blocks: list[Block]) -> None:
    """A short title inside the body, followed by key/value items or one paragraph, is a sidebar box."""
    n = len(blocks)
    for i, b in enumerate(blocks[:-1]):
        if b.bullet or b.words > SIDEBAR_TITLE_MAX_WORDS or L.sentence_like(b.text) or b.label != L.BOILERPLATE:
            continue
        if not _near_body(blocks, i, -1):
            continue
        nxt = blocks[i + 1]
        # an empty widget: its one line names the title in brackets ("... (Opinion field)")
        if f"({b.text.casefold()}" in nxt.text.casefold():
            nxt.label = L.BOILERPLATE
            continue
        j = i + 1
        while j < n and blocks[j].bullet:
            j += 1
        if j > i + 1:
            keyed = sum(1 for x in blocks[i + 1:j] if ":" in x.text[:40])
            if keyed >= max(2, (j - i - 1) // 2) and _near_body(blocks, j - 1, +1):
                b.label = L.SIDEBAR_TITLE
                for x in blocks[i + 1:j]:
                    x.label = L.SIDEBAR_ITEM
            continue
        # an upper-case title over one paragraph set apart by blank lines: a fact box
        if b.text.isupper() and len(b.text) >= 3 and nxt.label == L.BODY and nxt.gap_before >= 1 \
                and _near_body(blocks, i + 1, +1):
            b.label = L.SIDEBAR_TITLE
            nxt.label = L.SIDEBAR_ITEM


def _near_body(blocks: list[Block], i: int, step: int, reach: int = 3) -> bool:
    j = i + step
    while 0 <= j < len(blocks) and abs(j - i) <= reach:
        if blocks[j].label == L.BODY:
            return True
        j += step
    return False
