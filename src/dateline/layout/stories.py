"""Split a labelled page into its stories.

A story is a run of body blocks with the header above it (headline, kicker, times, byline,
gallery, highlights). Runs of body text are joined unless what separates them announces a new
story: a headline-like line that the page repeats or that a time or byline follows, or a long
stretch of page furniture such as the navigation of the next page in an infinite-scroll dump.
A time or byline announces a story when it stands just above the run's text (its header), is not
printed twice on the page (a list item's label) and is not one of a stack of times (a list of dated
teasers, a table); one further up the gap only parts runs whose topic words do not meet.
A run across such a stretch with nothing announcing it (no time, no byline) goes on with the story
above when their topic words meet; when they do not and it holds less than half the story's text,
it is a box below the article (a cookie table, a note on the site's sources) and is left out.
Text: below a story of a paragraph or two under its own header (an article a subscription box or a video
player cuts after its opening), their topic words need meet only half as much for the run to go on with it.
A run below the head of a comment thread ("3 Kommentare") that would start a story without a strong
headline, and whose words meet the story's, is a reader's comment on it and is left out.
Flattened text of one story: a short gap of furniture lines between its body lines that the wide body
model keeps line by line is the article's own (a guide's section headings, list items, a table's rows);
on a page of the wide model's kind (a guide, a review, a list article), any short gap of furniture is.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from ..blocks import Block
from .. import lexicon as L
from .dom import SURE_BODY, article_of, common_depth
from .headline import choose as choose_headline
from .labeller import title_like
from .model import wide_reading
from .wide_text import wide_gaps_in as _wide_gaps_in

MIN_ARTICLE_WORDS = 15  # less running text than this on a whole page: no article (a form, an index, an error)
MIN_STORY_WORDS = 40  # a run shorter than this, with no headline of its own, is a teaser or a footer
CARD_WORDS = 120  # HTML: an <article> of its own with less text than this is a teaser card
LONG_GAP = 25  # this many non-body blocks between two runs is another page's furniture, not a figure
TOPIC_WORD = 6  # words this long (letters) carry a text's topic; shorter ones are mostly grammar
SAME_TOPIC = 0.05  # cosine of two runs' topic words from which a long gap alone does not part them
FAR_TOPIC = 0.10  # the same, when a time or byline far up the gap hints at a story: the words must meet more
SHORT_TOPIC = 0.025  # the same, below a story of a paragraph or two under its own header: its few words meet less
TEASER_TOPIC = 0.2  # text: several doubted lines below a head of links meet the story's topic this much: its own
SMALLER = 2  # a run after a long gap with less than 1/SMALLER of the story's text, unannounced, is a box
THREAD_HEAD_WORDS = 4  # a comment thread's head is a few words: "Leserkommentare (12)", "Join the conversation"
REPLY_REACH = 6  # lines above a run's text where a comment's header (reply button, "<name> says") stands
HEADER_REACH = 12  # lines above a story's text where its header's time and byline stand
LIST_REACH = 6  # lines either side of a time where other times make it a list's
HEADER_TIMES = 2  # more time lines than this within LIST_REACH are a list of dated teasers or a table
DWARFED = 10  # text: a story with less than 1/DWARFED of the longest one's text and no header is a box
SECTION_SCORE = 0.7  # HTML: a card-sized run in its own <article> scored this sure of throughout may be a section
OUTWEIGHS = 3  # HTML: a run below the story with this many times its text is the article going on


@dataclass
class Story:
    body_start: int  # index of the first body block
    end: int  # index one past the last block that belongs to the story
    header_start: int  # index where the story's header (headline, gallery, times) begins
    headline: int | None = None  # block index of the headline
    kicker: str | None = None
    blocks: list[int] = field(default_factory=list)  # every block index in the story, in page order
    # where a byline or date of this story may still be looked for: from the end of the story before
    # to the header of the story after (not into another story's lines)
    reach_start: int = 0
    reach_end: int | None = None


def find_stories(blocks: list[Block], feats=None) -> list[Story]:
    related = _related_heads(blocks) if blocks and not blocks[0].dom else []  # text: read once, runs and teasers
    runs = _body_runs(blocks, related)
    if not runs:
        return []
    stories: list[Story] = []
    threads = _thread_heads(blocks) if len(runs) > 1 else []
    prev_end = 0
    for run_start, run_end in runs:
        head = choose_headline(blocks, feats, prev_end, run_start)
        gap = run_start - (stories[-1].end if stories else 0)
        # a run in an <article> of its own is another story's only below a story: under a run too short
        # to be one (a recipe's ingredient line) it is the page's text
        own_article = bool(stories) and _other_article(blocks, stories[-1].end - 1, run_start) \
            and _story_words(blocks, stories[-1]) >= MIN_STORY_WORDS
        strong = head is not None and _strong_headline(blocks, head, run_start)
        long_gap = gap >= LONG_GAP and not strong and not own_article
        announced = long_gap and stories and _announced(blocks, stories[-1], run_start)
        if long_gap and stories and announced != HEADER:
            least = FAR_TOPIC if announced else SHORT_TOPIC if _cut_short(blocks, stories) else SAME_TOPIC
            if _same_topic(blocks, stories[-1], run_start, run_end, least):
                stories[-1].end = run_end  # a list article's or a guide's sections
                prev_end = run_end
                continue
            if not announced and (_run_words(blocks, run_start, run_end) * SMALLER < _story_words(blocks, stories[-1])
                                  or _a_notice(blocks, run_start, run_end)) \
                    and not _goes_on(blocks, stories[-1].end - 1, run_start, head):
                continue  # below the story, unannounced, smaller, on another subject: a cookie table, a box
        new_story = not stories or strong or own_article or long_gap
        if new_story and stories and _goes_on(blocks, stories[-1].end - 1, run_start, head):
            new_story = False
        if new_story and stories and _a_reply(blocks, max(prev_end, run_start - REPLY_REACH), run_start):
            continue  # a comment under the story: its header holds a reply button or "<name> says"
        if new_story and stories and not strong and _head_between(threads, stories[-1].end, run_start) \
                and _same_topic(blocks, stories[-1], run_start, run_end, FAR_TOPIC):
            continue  # below the head of the story's comment thread ("3 Kommentare"), a reader's comment on it
        if stories and not strong and _head_between(related, stories[-1].end, run_start) \
                and _run_words(blocks, run_start, run_end) * SMALLER < _story_words(blocks, stories[-1]) \
                and _teasers(blocks, stories[-1], run_start, run_end):
            continue  # text: below the head of a list of the site's other stories ("Weitere Themen"), a teaser
        if new_story:
            words = sum(blocks[i].words for i in range(run_start, run_end) if blocks[i].label == L.BODY)
            if own_article and words < CARD_WORDS and _a_section(blocks, stories[-1], run_start, run_end):
                stories[-1].end = run_end  # a list article's item or a guide's step, each in its <article>
                prev_end = run_end
                continue
            if words < MIN_STORY_WORDS and head is None and stories or own_article and words < CARD_WORDS:
                continue  # a teaser, or a card in an <article> of its own: another story's, not this page's
            header_start = max(prev_end, head if head is not None else run_start)
            stories.append(Story(body_start=run_start, end=run_end, header_start=header_start, headline=head))
        else:
            stories[-1].end = run_end
        prev_end = stories[-1].end if stories else prev_end
    for s in stories:
        _headline_out_of_body(blocks, s)
        _leading_bullets_are_highlights(blocks, s)
        s.blocks = list(range(s.header_start, s.end))
        if s.headline is not None:
            s.kicker = _kicker(blocks, s)
    kept = [s for s in stories if _story_words(blocks, s) >= MIN_STORY_WORDS]
    if kept and blocks[0].dom:
        kept = _widgets_out(blocks, kept)
    elif len(kept) > 1:
        kept = _dwarfs_out(blocks, kept)
    if len(kept) == 1 and feats is not None and not blocks[0].dom and wide_reading():
        _wide_gaps_in(blocks, kept[0], feats, reading_stop(blocks, kept[0], related))
    for k, s in enumerate(kept):
        s.reach_start = kept[k - 1].end if k else 0
        s.reach_end = kept[k + 1].header_start if k + 1 < len(kept) else len(blocks)
    if kept:
        return kept
    # a page of short text still has its one story, the longest run, unless even that is too short
    # to be an article: then the page is an index, a form or an error page (skipped: not an article)
    longest = sorted(stories, key=lambda s: -_story_words(blocks, s))[:1]
    return longest if longest and _story_words(blocks, longest[0]) >= MIN_ARTICLE_WORDS else []


def reading_stop(blocks: list[Block], s: Story, related: list[int]) -> int:
    """Text, a page of one story: where the context model's reading of it stops (wide_text): the first head,
    below the story's first body line, of its comments (a count, "3 Kommentare", or one naming the story,
    "34 responses to “…”") or of a list of the site's other stories; the page's end where there is none."""
    heads = [i for i in _thread_heads(blocks) + related if i > s.body_start]
    heads += [i for i in range(s.body_start + 1, len(blocks)) if L.is_titled_comments_head(blocks[i].text)]
    return min(heads, default=len(blocks))


def _body_runs(blocks: list[Block], related: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of body blocks, allowing non-body blocks in between; split where a headline repeats
    or (text) where a head of links to the site's other stories stands (`related`, `_related_heads`)."""
    runs: list[tuple[int, int]] = []
    start = last = None
    for b in blocks:
        if b.label != L.BODY:
            continue
        if start is None:
            start = b.index
        elif _breaks(blocks, last + 1, b.index, related):
            runs.append((start, last + 1))
            start = b.index
        last = b.index
    if start is not None:
        runs.append((start, last + 1))
    return runs


def _breaks(blocks: list[Block], lo: int, hi: int, related: list[int]) -> bool:
    """Does the stretch between two body blocks hold the start of another story?"""
    if hi - lo >= LONG_GAP or _other_article(blocks, lo - 1, hi):
        return True
    if _head_between(related, lo, hi):
        return True  # text: the head of a list of the site's other stories parts two runs (see find_stories)
    return any(_strong_headline(blocks, i, hi) for i in range(lo, hi))


HEADER, FAR = "header", "far"


def _announced(blocks: list[Block], before: Story, start: int) -> str | None:
    """Does something in the long gap before `start` announce a story: a time or a byline? Two stories
    of a page, even on one subject, are set apart by a dated or signed header: HEADER when such a line
    stands in the HEADER_REACH lines above the run's text, FAR when only further up the gap (the tail
    of the story above, or a header the labeller missed a part of)."""
    meta = _meta_lines(blocks, before.end, start)
    if not meta:
        return None
    return HEADER if meta[-1] >= start - HEADER_REACH else FAR


def _cut_short(blocks: list[Block], stories: list[Story]) -> bool:
    """Text: is the story above a header and a paragraph or two (less text than a teaser card, CARD_WORDS), with a
    time or byline of its own in the HEADER_REACH lines above its text? An article that a subscription box or a
    video player cuts after its opening: its few topic words meet the rest's less than a longer text's would."""
    if blocks[0].dom:  # HTML: the markup's <article> elements part its stories
        return False
    s = stories[-1]
    lo = max(stories[-2].end if len(stories) > 1 else 0, s.body_start - HEADER_REACH)
    return _story_words(blocks, s) < CARD_WORDS and bool(_meta_lines(blocks, lo, s.body_start))


def dated_header(blocks: list[Block], s: Story) -> bool:
    """Does a time or byline of the story's own stand in the HEADER_REACH lines above its text?"""
    return bool(_meta_lines(blocks, max(s.reach_start, s.body_start - HEADER_REACH), s.body_start))


def _meta_lines(blocks: list[Block], lo: int, hi: int) -> list[int]:
    """The time and byline lines between lo and hi that may belong to a story's header. A line the page
    prints again ("See the rating.", an item's "Top picks:") is a list item's label, and a time among
    several others close by is a date in a list of dated teasers or a table: neither is a header's."""
    times = [i for i in range(lo, hi) if blocks[i].label == L.TIME]
    return [i for i in range(lo, hi) if blocks[i].label in (L.TIME, L.BYLINE) and blocks[i].repeat < 2
            and not (blocks[i].label == L.TIME and sum(abs(j - i) <= LIST_REACH for j in times) > HEADER_TIMES)]


def _dwarfs_out(blocks: list[Block], stories: list[Story]) -> list[Story]:
    """Text: a story with less than 1/DWARFED of the page's longest story's text and no header of its
    own (no time or byline just above its text, no headline that a time and byline follow) is a box
    beside the article: a promotion above it, a site's tools or an author's box below it."""
    most = max(_story_words(blocks, s) for s in stories)
    out = []
    for k, s in enumerate(stories):
        lo = max(stories[k - 1].end if k else 0, s.body_start - HEADER_REACH)
        small = _story_words(blocks, s) * DWARFED < most
        if not small or _meta_lines(blocks, lo, s.body_start) or \
                s.headline is not None and _strong_headline(blocks, s.headline, s.body_start):
            out.append(s)
    return out


def _a_reply(blocks: list[Block], start: int, end: int) -> bool:
    return any(L.is_reply_line(blocks[i].text) for i in range(start, end))


def _thread_heads(blocks: list[Block]) -> list[int]:
    """Where the page heads a comment thread ("3 Kommentare", "Leave a reply"), in page order."""
    return [b.index for b in blocks if b.words <= THREAD_HEAD_WORDS and L.is_comments_head(b.text)]


def _a_notice(blocks: list[Block], start: int, end: int) -> bool:
    """Text: is most of the run's text the site's notice on cookies and consent (the paragraphs the
    article's body leaves out, fields/article.py)? Then the rest is the notice's furniture (a line or
    two on the site's products, its copyright), however long the notice is."""
    if blocks[0].dom:
        return False
    lines = [blocks[i] for i in range(start, end) if blocks[i].label == L.BODY]
    notice = sum(b.words for b in lines if L.is_consent_notice(b.text))
    return notice * 2 > sum(b.words for b in lines)


def _related_heads(blocks: list[Block]) -> list[int]:
    """Text: where the page heads a list of its other stories ("Mehr aus Sachsen-Anhalt", "Read next")."""
    return [b.index for b in blocks if b.label != L.BODY and L.is_related_head(b.text)]


def _teasers(blocks: list[Block], before: Story, start: int, end: int) -> bool:
    """Text: is the run below a head of links to the site's other stories its teasers, not the article
    going on below a box of links set inside it? Teasers' blurbs are doubted throughout (no line scored
    SURE_BODY), where the article's text is not. A single doubted paragraph is the article's closing one
    unless its topic words do not meet the story's at all (SAME_TOPIC); several are a list of teasers
    unless they clearly speak of the story's subject (TEASER_TOPIC: a list article's items)."""
    lines = [i for i in range(start, end) if blocks[i].label == L.BODY]
    if any(blocks[i].score >= SURE_BODY for i in lines):
        return False
    return not _same_topic(blocks, before, start, end, SAME_TOPIC if len(lines) < 2 else TEASER_TOPIC)


def _head_between(heads: list[int], start: int, end: int) -> bool:
    """Does one of the heads (a comment thread's, a list of links') stand between start and end?"""
    k = bisect_left(heads, start)
    return k < len(heads) and heads[k] < end


def _same_topic(blocks: list[Block], before: Story, start: int, end: int, least: float = SAME_TOPIC) -> bool:
    """Does the run start..end speak of what the story above speaks of? Their topic words meet (a
    list article's or a guide's sections, parted by a table, a widget or items the model doubted)."""
    return _topic_cosine(_topic_words(blocks, before.body_start, before.end), _topic_words(blocks, start, end)) \
        >= least


TOPIC_RE = re.compile(rf"[^\W\d_]{{{TOPIC_WORD},}}")


def _topic_words(blocks: list[Block], start: int, end: int) -> Counter:
    words: Counter = Counter()
    for i in range(start, end):
        if blocks[i].label == L.BODY:
            words.update(TOPIC_RE.findall(blocks[i].text.casefold()))
    return words


def _topic_cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(n * b[w] for w, n in a.items() if w in b)
    return dot / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))


def _other_article(blocks: list[Block], i: int, j: int) -> bool:
    """HTML: does block j stand in another <article> element than block i, one with a heading of its own
    above j (a page of several stories, each in its <article>; not a story's parts in two of them)?"""
    a, b = article_of(blocks[i]), article_of(blocks[j])
    if a is None or b is None or a == b:
        return False
    return any(blocks[k].dom["level"] and article_of(blocks[k]) == b for k in range(i + 1, j))


def _widgets_out(blocks: list[Block], stories: list[Story]) -> list[Story]:
    """HTML: a story below another that does not show it is one (`_own_story`) goes on with the story
    above when its text stands in that story's container (the text after a video or a list of links)
    or outweighs it (`_article_goes_on`), and is dropped otherwise."""
    out = stories[:1]
    for s in stories[1:]:
        if _own_story(blocks, s, out[-1]):
            out.append(s)
        elif _in_container(blocks, s, out[-1]) or _article_goes_on(blocks, s, out[-1]):
            out[-1].end = s.end
            out[-1].blocks = list(range(out[-1].header_start, s.end))
    return out


def _article_goes_on(blocks: list[Block], s: Story, before: Story) -> bool:
    """Is the run below the article's text itself? It is when the markup put it in the article's
    container (scored as surely body) and it holds several times the body text of the run above: a
    widget below a story is smaller than the story. A guide whose table of contents, or a row of tiles,
    stands between its lead and its sections."""
    sure = sum(blocks[i].words for i in range(s.body_start, s.end)
               if blocks[i].label == L.BODY and blocks[i].score >= SURE_BODY)
    return sure > OUTWEIGHS * _story_words(blocks, before)


def _in_container(blocks: list[Block], s: Story, before: Story) -> bool:
    """Does most of the story's text stand in the innermost element that holds all of `before`'s?"""
    paths = [blocks[i].dom["ids"] for i in range(before.body_start, before.end) if blocks[i].label == L.BODY]
    if not paths:
        return False
    depth = min(common_depth(paths[0], p) for p in paths)
    if depth < 2:  # <body> itself: no container
        return False
    box = paths[0][depth - 1]
    mine = [blocks[i] for i in range(s.body_start, s.end) if blocks[i].label == L.BODY]
    inside = sum(b.words for b in mine if box in b.dom["ids"])
    return inside * 2 > sum(b.words for b in mine)


def _own_story(blocks: list[Block], s: Story, before: Story) -> bool:
    """HTML: a story below another shows it is one: a time or byline over its text, or an <article>
    element of its own. Without either it is a widget that holds a paragraph or two ("Lo más
    compartido", "Keep up to date", "Promo Content"), not a second story of the page."""
    if any(blocks[i].label in (L.TIME, L.BYLINE) for i in range(s.header_start, s.body_start)):
        return True
    mine = {article_of(blocks[i]) for i in range(s.body_start, s.end) if blocks[i].label == L.BODY} - {None}
    theirs = {article_of(blocks[i]) for i in range(before.body_start, before.end) if blocks[i].label == L.BODY}
    return bool(mine) and not mine & theirs


def _goes_on(blocks: list[Block], i: int, j: int, head: int | None) -> bool:
    """HTML: does the run at block j go on with the story that ends at block i? It does when both stand
    in one <article> element and nothing between is a heading element: the line the splitter took for a
    headline is a sign-in prompt or a promotion set inside the article's text."""
    a = article_of(blocks[i])
    if a is None or article_of(blocks[j]) != a:
        return False
    return head is None or not blocks[head].dom.get("level")


def _strong_headline(blocks: list[Block], i: int, body_start: int) -> bool:
    b = blocks[i]
    if not title_like(b) or b.label in (L.SIDEBAR_TITLE, L.SIDEBAR_ITEM):
        return False
    near_repeat = b.repeat >= 2 and any(
        blocks[j].key.endswith(b.key) for j in range(i + 1, min(body_start, i + 12)))
    # a teaser title inside an article is followed by a date at most; a new story by both, or is
    # printed again as it is on story pages that repeat their headline above a dated header
    meta = _meta_after(blocks, i, body_start)
    return near_repeat and bool(meta) or meta >= {L.TIME, L.BYLINE}


def _meta_after(blocks: list[Block], i: int, stop: int) -> set[str]:
    return {blocks[j].label for j in range(i + 1, min(stop, i + 6)) if blocks[j].label in (L.TIME, L.BYLINE)}


def _kicker(blocks: list[Block], s: Story) -> str | None:
    """A line "<label> <headline>" near the headline: the label is the kicker."""
    h = blocks[s.headline].key
    for i in range(s.header_start, s.body_start):
        t = blocks[i].text
        k = blocks[i].key
        if k != h and k.endswith(h):
            kicker = t[: len(t) - len(blocks[s.headline].text)].strip(" :|-–")
            if 1 <= len(kicker.split()) <= 3:
                return kicker
    return None


def _headline_out_of_body(blocks: list[Block], s: Story) -> None:
    """A headline the labeller took for the first line of body text leaves the body."""
    if s.headline is None or s.headline < s.body_start:
        return
    blocks[s.headline].label = L.HEADLINE
    nxt = next((i for i in range(s.headline + 1, s.end) if blocks[i].label == L.BODY), None)
    if nxt is not None:
        s.body_start = nxt


def _leading_bullets_are_highlights(blocks: list[Block], s: Story) -> None:
    """Bullets that open a run, before its first plain paragraph, summarise the story."""
    i = s.body_start
    while i < s.end and (blocks[i].bullet or blocks[i].label != L.BODY):
        i += 1
    if i > s.body_start and i < s.end and any(blocks[j].bullet for j in range(s.body_start, i)):
        for j in range(s.body_start, i):
            if blocks[j].bullet and blocks[j].label == L.BODY:
                blocks[j].label = L.HIGHLIGHT
        s.body_start = i


def _story_words(blocks: list[Block], s: Story) -> int:
    return _run_words(blocks, s.body_start, s.end)


def _run_words(blocks: list[Block], start: int, end: int) -> int:
    return sum(blocks[i].words for i in range(start, end) if blocks[i].label == L.BODY)


def _a_section(blocks: list[Block], before: Story, start: int, end: int) -> bool:
    """HTML: is a short run in an <article> of its own (shaped like a teaser card) a section of the story
    above? It is when the block model is sure of every body block in it (SECTION_SCORE: a teaser's
    blurb it doubts), or the thin body's reading of the page took them in (labeller._thin_body: not
    links, not furniture), and its topic words meet the story's (SAME_TOPIC): a list article's items or
    a guide's steps set each in an <article> with its heading."""
    sure = [blocks[i].score >= SECTION_SCORE or blocks[i].dom.get("thin", False)
            for i in range(start, end) if blocks[i].label == L.BODY]
    return bool(sure) and all(sure) and _same_topic(blocks, before, start, end)
