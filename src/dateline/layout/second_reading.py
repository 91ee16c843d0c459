"""Flattened text read a second time, after the first split: a page on which no learned model keeps a
line, read with the rule score they stand in for; the boxes that the split made stories of below a
page's first story, left out; and a story's comment thread cut off its text. Text only: the HTML path's
markup names its boxes."""
from __future__ import annotations

import numpy as np

from .. import lexicon as L
from ..blocks import Block
from .labeller import label_blocks
from .stories import THREAD_HEAD_WORDS, Story, dated_header, find_stories
from .wide_text import plain_gaps


def without_boxes(blocks: list[Block], stories: list[Story]) -> list[Story]:
    """The page's stories less those below its first that are boxes (`_a_box`)."""
    return stories[:1] + [s for s in stories[1:] if not _a_box(blocks, s)]


def without_threads(blocks: list[Block], stories: list[Story]) -> list[Story]:
    """Each story cut at the head of a comment thread that stands among its paragraphs ("39 Comments",
    "15 Replies to “…”", "Leave a reply"): readers' comments, each under a name and a time, are body-shaped
    lines the models keep, and the gaps between them are short enough for the splitter to run them on with
    the story. A head the page prints twice is a counter in the story's header ("0 Kommentare" under its
    lead), not the thread's; a story that keeps no paragraph above the head keeps its lines. In place."""
    for s in stories:
        for i in range(s.body_start + 1, s.end):
            b = blocks[i]
            if b.label != L.BODY and b.repeat < 2 and (b.words <= THREAD_HEAD_WORDS and L.is_comments_head(b.text)
                                                       or L.is_titled_comments_head(b.text)):
                s.end = i
                s.blocks = [k for k in s.blocks if k < i]
                break
    return stories


BOX_PARAGRAPHS = 2  # text: a story below the first with this many paragraphs or fewer and no header is a box


def _a_box(blocks: list[Block], story: Story) -> bool:
    """Text: is a story below the page's first one a box beside the stories: BOX_PARAGRAPHS paragraphs or
    fewer, with no time or byline of its own over them (`dated_header`)? A sign-in form's note, a newsletter's
    offer, a teaser card long enough to pass for a story. No gold story of the dev sets below a page's
    first holds so few paragraphs."""
    paragraphs = sum(1 for i in range(story.body_start, story.end) if blocks[i].label == L.BODY)
    return paragraphs <= BOX_PARAGRAPHS and not dated_header(blocks, story)


RULE_STORY_LINES = 3  # paragraphs the rule's story must hold: fewer are a page's blurb or a box, not an article


def rule_story(blocks: list[Block]) -> tuple[np.ndarray | None, list[Story]]:
    """Text: a page on which the learned models keep no line at all, read again with the rule score they stand
    in for (long lines that end as sentences are body): a site's layout unlike any they learned still gives
    its article. Only its longest story, and only when that reads as an article: RULE_STORY_LINES paragraphs
    or more under a header of its own (a time or byline just above its text, `dated_header`), most of its
    words in lines that name no term of a consent notice (`L.CONSENT_TERMS`). The rule knows no page's
    furniture: a recipe's steps, a tag cloud, a newsletter's form and a cookie box make runs of long lines too.
    The rule reads long lines only: inside the story it keeps, a gap of WIDE_GAP_LINES or fewer plain lines
    between two of its paragraphs (`wide_text.plain_gaps`: not a time, byline or caption, not printed
    twice) is the text's own (a list's rows, a table's, a short paragraph, a subhead)."""
    feats = label_blocks(blocks, by_rule=True)
    stories = find_stories(blocks, feats)
    bodies = [[blocks[i] for i in range(s.body_start, s.end) if blocks[i].label == L.BODY] for s in stories]
    if not bodies:
        return feats, []
    k = max(range(len(stories)), key=lambda k: sum(b.words for b in bodies[k]))
    longest, body = stories[k], bodies[k]
    if len(body) < RULE_STORY_LINES or not dated_header(blocks, longest):
        return feats, []
    notices = sum(b.words for b in body if L.CONSENT_TERMS.search(b.text))
    if notices * 2 > sum(b.words for b in body):
        return feats, []  # most of its text speaks of cookies and consent: a newsletter's form, a cookie box
    for i, j in plain_gaps(blocks, longest):
        for m in range(i, j):
            blocks[m].label = L.BODY
    return feats, [longest]
