"""Label every block: clear patterns first (counters, times, bylines, captions, sidebars), then the
body score from the shipped model (or a rule score where no model is shipped)."""
from __future__ import annotations

import statistics

from ..blocks import Block
from .. import lexicon as L
from .features import block_features
from .model import BODY_THRESHOLD, BYLINE_MODEL, CAPTION_MODEL, body_scores, label_scores, rule_scores
from .dom import FURNITURE_TAGS, LINK_HEAVY, NOT_A_WRAPPER, article_of, dom_evidence, dom_labels  # HTML path
from .dom_model import dom_model_scores

CAPTION_THRESHOLD = 0.5  # the caption model's probability above which a block is an image caption
BYLINE_THRESHOLD = 0.5  # likewise for bylines
BYLINE_MAX_WORDS = 16  # a longer line holding a name is a sentence about that person
MAX_FILLED_RUN = 8  # longer doubted runs are a section of their own (comments, teasers), not a gap
DOUBT_FLOOR = 0.15  # below this the model is sure enough that a line between body lines is furniture
MAX_LEAD_RUN = 2  # prose lines just above the body that are taken in without body above them
LEAD_FLOOR = 0.3  # ... when the model gave each at least this
TITLE_MAX_WORDS = 30  # longer lines are paragraphs, not headlines or sidebar titles
SIDEBAR_TITLE_MAX_WORDS = 4
CODE_FLOOR = 0.3  # a <pre> block between body blocks the model gave at least this is the article's listing
CODE_REACH = 2  # ... when body stands this near (in blocks) on both sides
SUBHEAD_TAGS = ("h2", "h3", "h4", "h5", "h6")  # a section's heading inside an article (h1 is the page's title)
SUBHEAD_MAX_WORDS = 20  # a longer "heading" is a paragraph set in heading type
WEAK_CONTAINER_WORDS = 40  # running text (a paragraph) the markup's best container must hold to be trusted
# HTML: a body of fewer words than THIN_WORDS (a hub's or a guide's opening over its cards) takes in the blocks
# the block model gives THIN_FLOOR or more, when together they add THIN_GAIN times its words (`_thin_body`)
THIN_WORDS = 150
THIN_FLOOR = 0.2
THIN_GAIN = 0.5
THIN_NOT_UNDER = FURNITURE_TAGS - {"form", "header"}  # ... none held by these (a <form> may wrap the page)
# ... and so does a longer body the model is unsure of: the median P(body) of its paragraphs (UNSURE_WORDS or
# more) under UNSURE_MEDIAN; of the blocks it doubts only paragraphs come in (a sectioned guide's other sections)
UNSURE_MEDIAN = 0.9
UNSURE_WORDS = 15


def label_blocks(blocks: list[Block], by_rule: bool = False):
    """Label the blocks in place; returns the text model's feature matrix (None on the DOM path),
    which the story splitter's headline ranker reuses. `by_rule` (text): P(body) by the rule score
    the models stand in for (model.rule_scores), for a page on which the models found no body at all."""
    feats = None
    words = [b.words for b in blocks]
    scores = None if by_rule else _html_scores(blocks, words)
    if scores is None or _weak(words, scores):
        feats = block_features(blocks)
        scores = rule_scores(blocks) if by_rule else body_scores(blocks, feats)
    in_body = fill_gaps(blocks, scores)
    for b, s, body in zip(blocks, scores, in_body):
        b.score = float(s)
        b.label = L.BODY if body else L.BOILERPLATE
    if feats is not None:
        _learned_captions(blocks, feats)
    copies: dict[int, list[int]] | None = None  # first copy -> the blocks printing it, built on first need
    prose: tuple[int, int] | None = None  # the first and last paragraph scored body, found on first need
    for b in blocks:
        _pattern_label(b, blocks)
        # a short line the page prints again is a headline or a widget, never running text
        if b.label == L.BODY and b.repeat >= 2 and b.words <= TITLE_MAX_WORDS:
            if copies is None:
                copies = _copies(blocks)
            if b.dom and (_echoed_by_furniture(blocks, b, copies) or _subhead_listed(blocks, b, copies)
                          or _item_listed_again(blocks, b, copies)):
                continue
            if b.dom and b.words <= ITEM_LINE_MAX_WORDS:
                if prose is None:
                    prose = _prose_span(blocks)
                if _printed_in_each_item(blocks, b, copies, prose):
                    continue
            if not b.dom and (_heading_listed(blocks, b, copies) or _item_label(b)):
                continue
            b.label = L.BOILERPLATE
    _label_sidebars(blocks)
    _bylines_over_lines(blocks)
    dom_labels(blocks)
    return feats


def _copies(blocks: list[Block]) -> dict[int, list[int]]:
    """The indices of every block the page prints more than once, by the index of its first copy (the
    grouping `count_repeats` made, by the text's key)."""
    out: dict[int, list[int]] = {}
    for b in blocks:
        if b.repeat >= 2:
            out.setdefault(b.first, []).append(b.index)
    return out


def _echoed_by_furniture(blocks: list[Block], b: Block, copies: dict[int, list[int]]) -> bool:
    """A body line (HTML, mostly not links) whose every other copy on the page is mostly links: a
    subheading the article's table of contents links to. A widget's heading ("Read more") repeats as
    widgets do, alike in every copy, and stays furniture."""
    if b.dom["links"] >= LINK_HEAVY:
        return False
    return all(o.dom["links"] >= LINK_HEAVY for o in _other_copies(blocks, b, copies))


ITEM_TAGS = ("li", "tr")  # a list's item, a table's row


def _other_copies(blocks: list[Block], b: Block, copies: dict[int, list[int]]) -> list[Block]:
    """The other blocks that print the same line as b."""
    return [blocks[j] for j in copies.get(b.first, ()) if j != b.index]


def _item_listed_again(blocks: list[Block], b: Block, copies: dict[int, list[int]]) -> bool:
    """A list item or table row the page prints again, every copy an item (row) the block model scored
    body: a product's feature under each product ("Affordable", "Buy on Amazon"), a comparison table's
    repeated row. A widget's line printed again stands in a widget the model scores furniture."""
    return b.tag in ITEM_TAGS and _kept_alike(b, _other_copies(blocks, b, copies))


def _kept_alike(b: Block, others: list[Block]) -> bool:
    """Every other copy of b a block of b's tag that the block model scored body."""
    return bool(others) and all(o.tag == b.tag and o.score >= BODY_THRESHOLD for o in others)


ITEM_LINE_MAX_WORDS = 12  # "Pros", "Rating: 4.8/5.0", "Dimensions: 11 ft x 5.3 ft": a label, not a headline
PROSE_WORDS = 15  # a block this long scored body is a paragraph of the article


def _prose_span(blocks: list[Block]) -> tuple[int, int]:
    """The indices of the first and last paragraph (PROSE_WORDS or more) scored body; (0, 0) where none is."""
    at = [b.index for b in blocks if b.score >= BODY_THRESHOLD and b.words >= PROSE_WORDS]
    return (at[0], at[-1]) if at else (0, 0)


def _printed_in_each_item(blocks: list[Block], b: Block, copies: dict[int, list[int]], prose: tuple[int, int]) -> bool:
    """HTML: a short line the page prints again, every copy scored body and standing between the article's
    first and last paragraphs (`prose`): the label a review or a list article prints in each of its items
    ("Pros", "Cons", "Our rating: 4.5/5"), in the text between them. A widget's line printed again stands
    above, below or beside the article's paragraphs, or in a widget the model scores furniture."""
    first, last = prose
    others = _other_copies(blocks, b, copies)
    return b.score >= BODY_THRESHOLD and _kept_alike(b, others) and not L.is_ad_label(b.text) \
        and all(first < o.index < last for o in (b, *others))


def _subhead_listed(blocks: list[Block], b: Block, copies: dict[int, list[int]]) -> bool:
    """A subheading (h2-h6) that the page prints again only in other shapes (a table of contents' item,
    a product card's name, a jump list's line): the article's section heading. A widget's heading
    repeats as the same heading in every copy; the page's title (h1) printed again is the title."""
    if b.tag not in SUBHEAD_TAGS:
        return False
    others = _other_copies(blocks, b, copies)
    return bool(others) and all(o.tag not in (b.tag, "h1") for o in others)


def _heading_listed(blocks: list[Block], b: Block, copies: dict[int, list[int]]) -> bool:
    """Text: a heading (a line that does not end as a sentence, not a list item) scored body, whose every
    other copy on the page is a list item: a section heading that the article's table of contents lists.
    A headline or a widget's title printed again is printed as a line, not as a list's item."""
    if b.bullet or L.sentence_like(b.text):
        return False
    others = _other_copies(blocks, b, copies)
    return bool(others) and all(o.bullet for o in others)


ITEM_LABEL_MAX_WORDS = 12  # "What we like:", "Here's a selection:"; a longer line ending in a colon is a sentence


def _item_label(b: Block) -> bool:
    """Text: a short line ending in a colon, not a list item: the label a list article or a review prints
    in each of its items ("What we like:", "Pros:"), over the text it introduces. A headline or a widget's
    title printed again does not end in a colon."""
    return not b.bullet and b.words <= ITEM_LABEL_MAX_WORDS and b.text.rstrip().endswith(":")


def _html_scores(blocks: list[Block], words: list[int]):
    """HTML: the learned block model's P(body), over the container rule's evidence (the rule's own
    scores where no model is shipped); None for blocks without DOM evidence."""
    ev = dom_evidence(blocks)
    if ev is None:
        return None
    scores = dom_model_scores(blocks, ev)
    if scores is None:
        return ev.scores
    # a list: the gap filling and labelling below read the scores one by one, slow on numpy scalars
    learned = scores.tolist()
    _code_between_body(blocks, learned, ev.container)
    _subheads_between_body(blocks, learned, ev.container)
    _list_items_between_body(blocks, learned, ev.container)
    # the model never empties a page on which the rule's container holds an article
    if _weak(words, learned):
        if _weak(words, ev.scores):
            return learned
        learned = list(ev.scores)
    _thin_body(blocks, ev, words, learned)
    return learned


def _thin_body(blocks: list[Block], ev, words: list[int], scores: list[float]) -> None:
    """A body of a paragraph or two (under THIN_WORDS) on a page whose text stands in cards and lists
    below a short opening: a hub, a landing page, a guide's index, a round-up (a course's name and its
    line, a topic's heading and its sentence, a product's review). The block model learned that such
    cards on news pages are teasers and scores them 0.2-0.5. Here the blocks it gives THIN_FLOOR or
    more are taken in, unless mostly a link (a menu's item, "Read more") or held by furniture
    (navigation, an aside, a footer, comments, a consent banner) or outside the <article> element that
    holds most of the body, and only when together they add THIN_GAIN times the body's words or more:
    a short news story keeps its stray line or two out. A body of THIN_WORDS or more takes in the doubted
    paragraphs (UNSURE_WORDS or more, the same conditions) where the model is unsure of it (`_unsure_body`).
    In place; the block model is read again (its own P(body), before the blend) only on such pages."""
    kept = sum(w for w, s in zip(words, scores) if s >= BODY_THRESHOLD)
    if kept >= THIN_WORDS and not _unsure_body(words, scores):
        return
    own = dom_model_scores(blocks, ev, blend=False)
    if own is None:
        return
    # a body that stands in an <article> takes in nothing outside the one holding most of its words:
    # another <article> is a story of its own, or a part the story splitter would make one (a recipe's box)
    arts = [article_of(b) for b in blocks]
    homes: dict[int | None, int] = {}
    for a, w, s in zip(arts, words, scores):
        if s >= BODY_THRESHOLD:
            homes[a] = homes.get(a, 0) + w
    home = max(homes, key=lambda a: homes[a])
    doubted = [i for i, (s, p) in enumerate(zip(scores, own))
               if s < BODY_THRESHOLD and p >= THIN_FLOOR and blocks[i].dom["links"] < LINK_HEAVY
               and not _held_by_furniture(blocks[i]) and (home is None or arts[i] == home)]
    if kept >= THIN_WORDS:
        doubted = [i for i in doubted if words[i] >= UNSURE_WORDS]
    elif sum(words[i] for i in doubted) < THIN_GAIN * kept:
        return
    for i in doubted:
        scores[i] = BODY_THRESHOLD
        blocks[i].dom["thin"] = True  # the page's reading took it in, not the model's sureness (stories._a_section)


def _unsure_body(words: list[int], scores: list[float]) -> bool:
    """The block model is unsure of the body it chose: its paragraphs' median P(body) is under UNSURE_MEDIAN.
    A news story's paragraphs score 0.9 and more; a guide whose sections each stand in a box of their own
    (a cloud provider's explainer, a list of conferences, a houseplant guide) has its paragraphs at 0.5-0.6
    and the rest of its sections just under the threshold."""
    sure = [s for w, s in zip(words, scores) if s >= BODY_THRESHOLD and w >= UNSURE_WORDS]
    return bool(sure) and statistics.median(sure) < UNSURE_MEDIAN


def _held_by_furniture(b: Block) -> bool:
    """Under navigation, an aside or a footer, or an element named for navigation, comments or consent."""
    return any(tag in THIN_NOT_UNDER or words and NOT_A_WRAPPER.search(words)
               for tag, words in zip(b.dom["tags"], b.dom["path"]))


def _code_between_body(blocks: list[Block], scores: list[float], container) -> None:
    """A <pre> block (a code listing, a shell session) inside the chosen container, doubted by the
    block model (CODE_FLOOR..0.5) but with body within CODE_REACH blocks on both sides, one of them
    under the same parent: the article's own listing. The gap filling takes in only sentence-shaped
    lines, and code is never sentence-shaped. In place; only <pre> blocks are looked at."""
    if container is None:
        return
    n = len(blocks)
    for i, b in enumerate(blocks):
        if b.tag != "pre" or not CODE_FLOOR <= scores[i] < BODY_THRESHOLD or b.words < 2:
            continue
        ids = b.dom["ids"]
        if container not in ids:
            continue
        before = next((j for j in range(i - 1, max(i - CODE_REACH, 0) - 1, -1) if scores[j] >= BODY_THRESHOLD), None)
        after = next((j for j in range(i + 1, min(i + CODE_REACH + 1, n)) if scores[j] >= BODY_THRESHOLD), None)
        if before is None or after is None:
            continue
        parent = ids[:-1]
        if blocks[before].dom["ids"][:-1] == parent or blocks[after].dom["ids"][:-1] == parent:
            scores[i] = BODY_THRESHOLD


def _subheads_between_body(blocks: list[Block], scores: list[float], container) -> None:
    """A subheading (h2-h6) inside the chosen container with body right above and right below it:
    the article's section heading, however short ("Pros", "Step 3"). The block model doubts a heading
    for its few words and the gap filling takes in only sentence-shaped lines; a widget's heading
    ("Related", "Read more") heads its links, not body. In place."""
    if container is None:
        return
    for i in range(1, len(blocks) - 1):
        b = blocks[i]
        if b.tag not in SUBHEAD_TAGS or scores[i] >= BODY_THRESHOLD or not 0 < b.words <= SUBHEAD_MAX_WORDS:
            continue
        if b.dom["links"] >= LINK_HEAVY or container not in b.dom["ids"]:
            continue
        if scores[i - 1] >= BODY_THRESHOLD and scores[i + 1] >= BODY_THRESHOLD \
                and container in blocks[i - 1].dom["ids"] and container in blocks[i + 1].dom["ids"]:
            scores[i] = BODY_THRESHOLD


def _list_items_between_body(blocks: list[Block], scores: list[float], container) -> None:
    """A list item inside the chosen container, between body blocks, whose nearest body block above or
    below is an item of the same list: the article's own list, partly kept (a list of sources, of
    steps, of products whose items are links). The block model doubts an item for its links and few
    words; the items the model kept say whose list it is. In place; scores read before any change."""
    if container is None:
        return
    n = len(blocks)
    body = [s >= BODY_THRESHOLD for s in scores]
    prev, last = [None] * n, None  # the nearest body block above each block
    for i in range(n):
        prev[i] = last
        if body[i]:
            last = i
    nxt = None
    for i in range(n - 1, -1, -1):
        b = blocks[i]
        if not body[i] and b.tag == "li" and prev[i] is not None and nxt is not None \
                and container in b.dom["ids"]:
            parent = b.dom["ids"][:-1]
            ends = (blocks[prev[i]], blocks[nxt])
            if all(container in e.dom["ids"] for e in ends) \
                    and any(e.tag == "li" and e.dom["ids"][:-1] == parent for e in ends):
                scores[i] = BODY_THRESHOLD
        if body[i]:
            nxt = i


def _weak(words: list[int], scores) -> bool:
    """The markup names no article: its best container holds a paragraph or two (a page of short lines,
    a calendar, a list of results). The text model, which reads lines, then decides."""
    return sum(w for w, s in zip(words, scores) if s >= BODY_THRESHOLD) < WEAK_CONTAINER_WORDS


def fill_gaps(blocks: list[Block], scores) -> list[bool]:
    """Threshold the scores, then take in runs of sentence-like lines the model doubted that stand
    between body lines: running text is contiguous, furniture rarely sits mid-text."""
    body = [s >= BODY_THRESHOLD for s in scores]
    n = len(blocks)

    def doubted(i: int) -> bool:
        b = blocks[i]
        return not body[i] and scores[i] >= DOUBT_FLOOR and len(b.text) >= 60 and not b.bullet \
            and L.sentence_like(b.text)

    i = 0
    while i < n:
        if not doubted(i):
            i += 1
            continue
        j = i
        while j < n and doubted(j):
            j += 1
        between = i > 0 and body[i - 1] and j - i <= MAX_FILLED_RUN
        # a story's first paragraph, doubted because it stands right under the header: it leads into body
        lead = j - i <= MAX_LEAD_RUN and min(scores[k] for k in range(i, j)) >= LEAD_FLOOR
        if j < n and body[j] and (between or lead):
            for k in range(i, j):
                body[k] = True
        i = j
    return body


def _learned_captions(blocks: list[Block], feats) -> None:
    caps = label_scores(CAPTION_MODEL, feats)
    if caps is not None:
        for b, p in zip(blocks, caps):
            if p >= CAPTION_THRESHOLD and not b.bullet and p > b.score and not _repeated_title(b):
                b.label = L.CAPTION
    bylines = label_scores(BYLINE_MODEL, feats)
    if bylines is not None:
        for b, p in zip(blocks, bylines):
            if p >= BYLINE_THRESHOLD and p > b.score and b.words <= BYLINE_MAX_WORDS:
                b.label = L.BYLINE


def _repeated_title(b: Block) -> bool:
    """A title-shaped line the page prints again is a headline, whatever the caption model thinks; a
    question or an exclamation too (no gold caption of the dev sets ends with one, headlines do)."""
    titled = not L.sentence_like(b.text) or b.text.endswith(("?", "!"))
    return b.repeat >= 2 and titled and not L.split_credit(b.text)[1]


def _pattern_label(b: Block, blocks: list[Block]) -> None:
    text = b.text
    if L.is_counter(text):
        b.label = L.COUNTER
        return
    if L.is_byline(text):
        b.label = L.BYLINE
        return
    if L.is_time_line(text) and not _in_date_column(blocks, b):
        b.label = L.TIME
        return
    if b.words >= 4 and b.tag in ("line", "figcaption", "p", "div") and not b.bullet:
        caption, credit = L.split_credit(text)
        if credit and len(caption.split()) >= 4 and not caption.startswith(("“", '"', "«", "„")):
            b.label = L.CAPTION
        elif credit is None and not b.dom and L.named_credit(text):  # flattened text: no <figcaption> to say so
            b.label = L.CAPTION


def _in_date_column(blocks: list[Block], b: Block) -> bool:
    """A table's row that is a date beside another row that is one: a column of dates (a series, a
    schedule, a price history), the table's data and not the story's time line."""
    if b.tag != "tr":
        return False
    rows = [blocks[j] for j in (b.index - 1, b.index + 1) if 0 <= j < len(blocks)]
    return any(r.tag == "tr" and L.is_time_line(r.text) for r in rows)


BYLINE_ALONE_SPACES = 5  # two words before "written by" or "author of the article": six words, five spaces
NAME_LINE_MAX_WORDS = 5  # a name on its own line under a lone "By"/"Von" is short


def _bylines_over_lines(blocks: list[Block]) -> None:
    """"Von" alone on a line, the names on the lines below it: all of them are the byline."""
    for i, b in enumerate(blocks[:-1]):
        # BYLINE_ALONE reads six words at most: most lines are passed by a count of their spaces
        if b.text.count(" ") > BYLINE_ALONE_SPACES and not L.words_at_most(b.text, BYLINE_ALONE_SPACES + 1) \
                or not L.BYLINE_ALONE.match(b.text):
            continue
        b.label = L.BYLINE
        for nxt in blocks[i + 1:i + 4]:
            if nxt.words > NAME_LINE_MAX_WORDS or not nxt.text[:1].isupper() or L.sentence_like(nxt.text):
                break
            nxt.label = L.BYLINE


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
        if b.bullet or b.words > SIDEBAR_TITLE_MAX_WORDS or L.sentence_like(b.text) \
                or b.label not in (L.BOILERPLATE, L.BODY):
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
                _box(blocks, i, j)
            continue
        # an upper-case title over one paragraph set apart by blank lines: a fact box
        if b.text.isupper() and len(b.text) >= 3 and nxt.label == L.BODY and nxt.gap_before >= 1 \
                and _near_body(blocks, i + 1, +1):
            _box(blocks, i, i + 2)


def _box(blocks: list[Block], i: int, j: int) -> None:
    """Blocks i..j-1 are shaped as a box beside the text: a title over its lines. HTML: a sidebar. Text:
    a sidebar only when its title names a kind of box (`L.sidebar_kind`: "BIO", "Fast facts"); a list of
    "Key: value" bullets under any other title ("Factors to consider") and a paragraph under an upper-case
    one ("WHAT'S NEXT") are the article's own list and section, in its body (the gold body of the wcxb,
    fundus and multi text pages holds 98% of the words of 184 such boxes). Without markup, a title's words
    are the only sign that the box stands beside the text."""
    if not blocks[i].dom and L.sidebar_kind(blocks[i].text) is None:
        for x in blocks[i:j]:
            x.label = L.BODY
        return
    blocks[i].label = L.SIDEBAR_TITLE
    for x in blocks[i + 1:j]:
        x.label = L.SIDEBAR_ITEM


def _near_body(blocks: list[Block], i: int, step: int, reach: int = 3) -> bool:
    j = i + step
    while 0 <= j < len(blocks) and abs(j - i) <= reach:
        if blocks[j].label == L.BODY:
            return True
        j += step
    return False
