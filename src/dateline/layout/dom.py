"""Body scores for HTML blocks from their DOM evidence.

The running text of an article sits in one container element: pick the element whose subtree holds
the most paragraph-like text net of the furniture around it (the readability idea, on blocks instead
of nodes), then keep what inside it is not furniture by its own class words, its link share or its
region (nav, aside, footer, form). Paragraphs just outside the container, under the same parent, join
when they read like running text (a lead paragraph in its own wrapper, say), and long paragraphs in no
furniture join from anywhere (layouts that split the text over several columns or wrappers).

`dom_body_scores` returns None for blocks without DOM evidence, so the text path keeps its model.
`dom_labels` then marks what the markup says plainly: figcaptions are captions, the h1 a headline.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..blocks import Block
from .. import lexicon as L
from .model import BODY_THRESHOLD

# class/id words that name page furniture; matched at the start of a word so "comments", "sharing",
# "navbar" count too. Short ambiguous words ("ad") must stand alone.
FURNITURE = re.compile(
    r"(?<![a-z])(comment(?!ar)|related|share|sharing|nav|menu|footer|sidebar|breadcrumb|newsletter|subscri|"
    r"promo|advert|sponsor|cookie|consent|privacy|gdpr|onetrust|didomi|recommend|popular|trending|most-read|"
    r"mostread|teaser|outbrain|taboola|"
    r"disqus|signup|sign-up|login|widget|toolbar|pagination|pager|tags|tagcloud|topics|keywords|"
    r"author|factbox|infobox|alert|banner|modal|overlay|skip|visually-hidden|sr-only|rating|"
    r"more-|read-more|readmore|see-also|also-read|further|next-|prev-|jump|toc|byline|meta|dateline|timestamp|"
    r"caption|credit|copyright|disclaimer|contact|masthead|header|follow|excerpt)"
    r"|(?<![a-z])(ad|ads|adslot|adunit|dfp|gpt|cta|rail|aside)(?![a-z])"
    # long unambiguous words count anywhere, as CSS-module names glue them on ("article_elementpoll")
    r"|(newsletter|carousel|slideshow|poll(?!ut)|quiz|survey|outbrain|taboola|recommend|related)"
)
# class words that name an article's running text ("article-body", "entry-content", "s-article-text"):
# such an element is the text whatever its other words say ("js-dynamic-advertorial", a script's hook)
ARTICLE_TEXT_CLASS = re.compile(r"(?<![a-z])(?:article|story|entry|post)[-_]*(?:body|text|content)(?![\w-])")
# a post's categories and tags, which blogs print into its class ("category-no-newsletter-rss"): its
# topics, not its kind of element
TAXONOMY_CLASS = re.compile(r"(?<!\S)(?:category|tag)-\S+")
# furniture that no article sits inside, however much text it holds: consent and privacy banners
CONSENT = re.compile(r"cookie|consent|privacy|gdpr|onetrust|didomi|usercentrics")
# what no article is set in, however much of the page's text it holds: consent banners, navigation, comments
NOT_A_WRAPPER = re.compile(CONSENT.pattern + r"|(?<![a-z])(nav|comment(?!ar)|disqus)")
UNIQUE_WORD = re.compile(r"\S*\d\S*")  # class words with digits name one element, not a kind
# the label an advertising slot prints, in the languages of the dev sets and beyond
AD_LABEL = re.compile(r"^(advertisement|advertising|anzeige|werbung|publicité|publicidad|pubblicità|reklama|"
                      r"annonse|annons|mainos|sponsored|ad)$", re.I)
# "caption" also inside a joined class name ("imageCaption", lower-cased as "imagecaption")
CAPTION_WORDS = re.compile(r"caption|(?<![a-z])(bildtext|legend|leyenda|didascalia|legende)")
CREDIT_WORDS = re.compile(r"(?<![a-z])(credit|copyright|source|photographer|fotograf|quelle|autor|author|byline)")
RUNNING_TAGS = frozenset(("p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6"))
CREDIT_MAX_WORDS = 5  # a short line after a caption in the same figure is its credit
CAPTION_MAX_WORDS = 60  # a caption above a credit line is a sentence or two
SIDEBAR_LABELS = frozenset((L.SIDEBAR_TITLE, L.SIDEBAR_ITEM))
SURE_LABELS = frozenset((L.HEADLINE, L.TIME, L.BYLINE, L.CAPTION, L.COUNTER))  # set by clearer evidence
NAMED_CREDIT_MAX_WORDS = 15  # a line the markup names "credit" is one up to this long ("X for Y/Agency")
FURNITURE_TAGS = frozenset(("nav", "aside", "footer", "form", "menu", "header", "dialog"))
CONTENT_TAGS = frozenset(("p", "blockquote", "pre", "div", "li", "tr", "dd", "section", "article", "main",
                          "h2", "h3", "h4", "h5", "h6", "center"))
GOOD_MIN_WORDS = 8  # a paragraph shorter than this says little about where the article is
LINK_HEAVY = 0.5  # blocks with more of their text in links than this are navigation or teasers
LINKED_PARAGRAPH_WORDS = 30  # a sentence this long inside the article is text even if links cover it
LINK_TOLERATED = 0.25  # running text links a few words; above this a paragraph is suspect
FURNITURE_WEIGHT = 0.35  # how much the text of a container's furniture counts against it
WRAPPER_SHARE = 0.5  # an element holding this share of the page's running text is a wrapper, not furniture
SIBLING_MIN_WORDS = 15  # a paragraph beside the container (same parent) joins when this long
STRAY_MIN_WORDS = 30  # anywhere else, only a paragraph this long, in no furniture, joins (split layouts)
SECTION_MIN_WORDS = 15  # a sibling section of a list article holds at least a sentence of running text
CARD_MAX_WORDS = 80  # a teaser's summary is a sentence or two; an article section holds more
BODY, MAYBE, NOT = 0.9, 0.6, 0.05  # scores handed to the labeller (its body threshold is 0.5)
SURE_BODY = 0.8  # a block scored this high (by the rule or the model) is running text whatever it looks like

CLASS_WORDS_CACHED = 50_000  # class/id strings whose readings are kept: a page repeats its class names


@lru_cache(maxsize=CLASS_WORDS_CACHED)
def furniture_words(words: str) -> bool:
    """Do these class/id words name page furniture?"""
    return bool(words) and bool(FURNITURE.search(TAXONOMY_CLASS.sub(" ", words))) and \
        not ARTICLE_TEXT_CLASS.search(words)


@lru_cache(maxsize=CLASS_WORDS_CACHED)
def article_text_words(words: str) -> bool:
    """Do these class/id words name an article's text box ("article-body", "entry-content")?"""
    return bool(ARTICLE_TEXT_CLASS.search(words))


class Evidence:
    """What the container rule saw on a page: per block its running-text words (`cand`), the same net
    of furniture (`good`) and its furniture words (`bad`); the chosen container and its place; and the
    rule's body scores. The learned block model (dom_model.py) reads all of it."""

    __slots__ = ("cand", "good", "bad", "wrappers", "mass", "container", "parent", "depth", "shape", "scores")

    def __init__(self, blocks: list[Block]):
        self.cand = [_candidate_words(b) for b in blocks]
        self.wrappers: frozenset[int] = frozenset()  # elements holding half the page's running text
        self.good, self.bad = _drop_furniture(blocks, self.cand, self)
        self.mass: dict[int, int] = {}  # element id -> running-text words under it
        self.container = _best_container(blocks, self.good, self.bad, self.mass)
        if self.container is None:
            self.parent, self.depth = None, 0
            self.shape: tuple = ()
            self.scores = [BODY if g else NOT for g in self.good]
        else:
            self.parent, self.depth, self.shape = _place_of(blocks, self.container)
            self.scores = _container_scores(blocks, self)


def dom_evidence(blocks: list[Block]) -> Evidence | None:
    if not blocks or not blocks[0].dom:
        return None
    return Evidence(blocks)


def dom_body_scores(blocks: list[Block]) -> list[float] | None:
    """The container rule's body score per block (None without DOM evidence)."""
    ev = dom_evidence(blocks)
    return None if ev is None else ev.scores


def _container_scores(blocks: list[Block], ev: Evidence) -> list[float]:
    container, parent, depth, shape, cand, good = ev.container, ev.parent, ev.depth, ev.shape, ev.cand, ev.good
    wrappers = ev.wrappers
    sections = _sibling_sections(blocks, ev)
    scores = []
    for b, g, c in zip(blocks, good, cand):
        ids = b.dom["ids"]
        if container in ids:
            scores.append(_inside_score(b, ids.index(container), wrappers))
        elif c and len(ids) > depth and _shape(b.dom, depth) == shape:
            # the same kind of element as the container, from the page's root down: the article set in
            # several chunks, with a related-story card or an ad between them
            scores.append(_inside_score(b, depth, wrappers))
        elif sections and len(ids) >= depth and ids[depth - 1] in sections:
            scores.append(_inside_score(b, depth - 1, wrappers))
        elif parent is not None and parent in ids and g >= SIBLING_MIN_WORDS or g >= STRAY_MIN_WORDS:
            scores.append(MAYBE)
        else:
            scores.append(NOT)
    return scores


def _sibling_sections(blocks: list[Block], ev: Evidence) -> set[int]:
    """The sections of a list article or a guide beside the one the container is in: elements under the
    container's grandparent of the same kind (tags and class words from the root) as the container's
    parent, each holding running text (`SECTION_MIN_WORDS`). The container is one item's text box; its
    parent the item; the items are siblings. An item's heading often links the thing it is about, so the
    items look like teaser cards: what they hold is scored as inside the container (its own furniture
    names and links still say no)."""
    depth, container = ev.depth, ev.container
    if depth < 2:
        return set()
    parent_shape: tuple = ()
    grand = None
    for b in blocks:
        ids = b.dom["ids"]
        if container in ids:
            parent_shape, grand = _shape(b.dom, depth - 1), ids[depth - 2]
            break
    held: dict[int, int] = {}
    for b, g in zip(blocks, ev.cand):  # running text, teaser-shaped or not: an item's heading links its product
        ids = b.dom["ids"]
        if g and len(ids) > depth and ids[depth - 2] == grand and ids[depth - 1] != ev.parent \
                and _shape(b.dom, depth - 1) == parent_shape:
            held[ids[depth - 1]] = held.get(ids[depth - 1], 0) + g
    return {eid for eid, n in held.items() if n >= SECTION_MIN_WORDS}


def text_words(b: Block) -> int:
    """Words, with scripts written without spaces counted by characters (html.py measures it once)."""
    return b.dom["words"]


def _candidate_words(b: Block) -> int:
    """Words of running text this block holds by its own look: 0 for link lists, headings, fragments."""
    d = b.dom
    w = text_words(b)
    if w < GOOD_MIN_WORDS or d["links"] > (LINK_TOLERATED if w < LINKED_PARAGRAPH_WORDS else LINK_HEAVY) \
            or d["level"]:
        return 0
    if b.tag not in CONTENT_TAGS:
        return 0
    if not L.sentence_like(b.text) and w < 2 * GOOD_MIN_WORDS:
        return 0
    return w


def _drop_furniture(blocks: list[Block], cand: list[int], ev: Evidence) -> tuple[list[int], list[int]]:
    """Per block: its running-text words, and its furniture words (link lists, text under an element
    named like furniture such as "comments" or "related", or furniture by tag: nav, aside, footer, form).
    An element that holds most of the page's running text is a page wrapper whatever its name says
    ("paywall", "has-sidebar", an ASP.NET page <form>), so its name is not held against what it holds;
    such wrappers are noted in `ev.wrappers`."""
    per_elem: dict[int, int] = {}
    for b, c in zip(blocks, cand):
        if c:
            for eid in b.dom["ids"]:
                per_elem[eid] = per_elem.get(eid, 0) + c
    limit = WRAPPER_SHARE * sum(cand)
    ev.wrappers = frozenset(eid for eid, n in per_elem.items() if n >= limit)
    cards = _teaser_cards(blocks, cand)
    good, bad = [], []
    for b, c in zip(blocks, cand):
        d = b.dom
        furniture = d["links"] > LINK_HEAVY or bool(cards) and any(eid in cards for eid in d["ids"])
        if not furniture:
            for eid, tag, words in zip(d["ids"][1:], d["tags"][1:], d["path"][1:]):
                if (tag in FURNITURE_TAGS or words and furniture_words(words)) and \
                        (per_elem.get(eid, 0) < limit or CONSENT.search(words)):
                    furniture = True
                    break
        good.append(0 if furniture else c)
        bad.append(text_words(b) if furniture else 0)
    return good, bad


def _teaser_cards(blocks: list[Block], cand: list[int]) -> set[int]:
    """Elements that hold a linked heading and a short summary: teasers for other stories.
    Their summaries read like running text, so they are found by their shape, not their words."""
    parents: dict[int, int] = {}  # parent of a linked heading -> its depth
    for b in blocks:
        d = b.dom
        if d["level"] and d["links"] > LINK_HEAVY and len(d["ids"]) >= 2:
            parents[d["ids"][-2]] = len(d["ids"]) - 2
    if not parents:
        return set()
    held: dict[int, int] = {}
    for b, c in zip(blocks, cand):
        if c:
            for eid in b.dom["ids"]:
                if eid in parents:
                    held[eid] = held.get(eid, 0) + c
    return {eid for eid in parents if held.get(eid, 0) <= CARD_MAX_WORDS}


def _best_container(blocks: list[Block], good: list[int], bad: list[int], good_sum: dict[int, int]) -> int | None:
    """The element id whose subtree holds the most running text net of the furniture inside it;
    other text (table cells, short lines) neither helps nor hurts. Fills `good_sum`: running-text
    words per element."""
    bad_sum: dict[int, int] = {}
    depth: dict[int, int] = {}
    for b, g, x in zip(blocks, good, bad):
        # most blocks are neither (menus' single words, table cells): they add nothing anywhere;
        # an element's depth is the same in every block under it, so the good ones tell it
        if g:
            for k, eid in enumerate(b.dom["ids"]):
                good_sum[eid] = good_sum.get(eid, 0) + g
                depth[eid] = k
        if x:
            for eid in b.dom["ids"]:
                bad_sum[eid] = bad_sum.get(eid, 0) + x
    if not good_sum:
        return None
    best, best_score = None, float("-inf")
    for eid, gs in good_sum.items():
        score = gs - FURNITURE_WEIGHT * bad_sum.get(eid, 0)
        # ties go to the deeper element: the same text with less around it
        if score > best_score or score == best_score and depth[eid] > depth[best]:
            best, best_score = eid, score
    return best


def _place_of(blocks: list[Block], container: int) -> tuple[int | None, int, tuple]:
    """The container's parent element, its depth, and the tags and class words down to it."""
    for b in blocks:
        ids = b.dom["ids"]
        if container in ids:
            k = ids.index(container)
            return (ids[k - 1] if k > 0 else None), k, _shape(b.dom, k)
    return None, 0, ()


def _shape(d: dict, k: int) -> tuple:
    """The tags and class words from the root down to depth k, less the words that name one element
    (a uuid, a number: "article-widget-text 6f677730-826a-...")."""
    return tuple(d["tags"][: k + 1]) + tuple(_kind(w) for w in d["path"][: k + 1])


@lru_cache(maxsize=4096)  # the same class strings stand above many blocks
def _kind(words: str) -> str:
    return UNIQUE_WORD.sub("", words)


def _inside_score(b: Block, k: int, wrappers: frozenset[int]) -> float:
    """A block inside the container: body unless its own markup below the container says furniture.
    A wrapper (an element holding half the page's running text) is not furniture whatever its name:
    "page-content with-sidebar", "newsletter-content" on a newsletter's page, a <header> set round a
    post's whole text; unless it is named for navigation, comments or consent, which no article is set in
    (a blog's comments holding most of its text under "navigation")."""
    d = b.dom
    tags = d["tags"][k + 1:]
    if b.tag == "figcaption" or "figure" in tags and not _table_row(tags):
        return NOT
    for eid, tag, words in zip(d["ids"][k + 1:], tags, d["path"][k + 1:]):
        if (tag in FURNITURE_TAGS or furniture_words(words)) and \
                (eid not in wrappers or tag == "nav" or NOT_A_WRAPPER.search(words)):
            return NOT
    if furniture_words(d["inner"]) and text_words(b) < 12:
        return NOT
    if d["links"] > LINK_HEAVY and (text_words(b) < LINKED_PARAGRAPH_WORDS or not L.sentence_like(b.text)) \
            or b.words <= 2 and AD_LABEL.match(b.text):
        return NOT
    if d["level"] == 1:
        return NOT
    return BODY


def dom_labels(blocks: list[Block]) -> None:
    """Labels the markup states outright, over the pattern labels: captions (with their credit lines
    marked `credit_of`), the h1 as headline, and paragraphs that only looked like captions."""
    if not blocks or not blocks[0].dom:
        return
    first_caption: dict[int, int] = {}  # figure (or caption element) id -> index of its caption block
    for b in blocks:
        d = b.dom
        figure = _caption_holder(d)
        if figure is not None and d["links"] < LINK_HEAVY:
            words = text_words(b)
            short = words <= CREDIT_MAX_WORDS
            credit = words <= NAMED_CREDIT_MAX_WORDS and bool(CREDIT_WORDS.search(d["path"][-1] + d["inner"]))
            if figure in first_caption and (credit or short):
                b.label = L.BOILERPLATE  # the photographer or agency: the caption's credit, not a caption
                d["credit_of"] = first_caption[figure]
            elif figure not in first_caption and not credit:
                b.label = L.CAPTION
                first_caption[figure] = b.index
            continue
        if b.score >= SURE_BODY and b.tag in RUNNING_TAGS and (b.label == L.CAPTION or b.label == L.BOILERPLATE
                                                               and b.repeat >= 2) \
                or b.label in SIDEBAR_LABELS and b.score >= BODY_THRESHOLD:
            # inside the article's container and named like nothing else: a paragraph ending "(Reuters)",
            # a subheading the page repeats per section are still running text; so is a list of "Feature:
            # what it does" items (which the text's pattern takes for a fact box) scored body at all
            b.label = L.BODY
        elif b.label == L.BYLINE and b.score >= SURE_BODY and (d["level"] >= 2 and _headed_phrase(b.text)
                                                               or b.tag in RUNNING_TAGS and _by_a_thing(b.text)):
            b.label = L.BODY
        elif d["level"] == 1 and b.label != L.BODY:
            b.label = L.HEADLINE
    _captions_above_credits(blocks)


# what opens a byline's names without being a name: a desk's article ("von der Redaktion", "by the editors"), a
# second byline word ("Text von Christian Seiler")
DESK_WORDS = frozenset(("der", "die", "den", "dem", "the", "our", "unserer", "unseren", "la", "le", "el", "il",
                        "by", "von", "par", "por", "di", "da", "de"))


def _by_a_thing(text: str) -> bool:
    """A line of running text that the byline pattern reads as one because it holds "by" or "von": what
    follows the word is no name, as names are capitalised ("By tracing the rings there's less chance …",
    "Engagement patterns by subscriber cohort", "Varies by project")."""
    m = L.BYLINE_RE.match(text)
    if m is None:
        return False
    words = m.group("names").split()
    # a user's name ("by admin") and a desk ("von der Redaktion") are bylines all the same
    return len(words) >= 2 and words[0][:1].islower() and words[0].lower() not in DESK_WORDS


def _headed_phrase(text: str) -> bool:
    """A subheading the byline pattern reads as a label and a name ("Cost by Room", "Varianten von
    Patientenakten", "La versione di Mosca"): the byline word stands after words of its own, not first,
    and the line is no bare name under a lone byline word."""
    return L.is_byline(text) and not L.BYLINE_FIRST.match(text)


def _captions_above_credits(blocks: list[Block]) -> None:
    """A short line with a credit line right under it, alone in their box, is a caption: pages that set
    a photo's caption and credit in plain <p>s or unnamed <div>s ("Getty Images" below it). A paragraph
    that closes an article above its source line ("Quelle: dpa") has the article's paragraphs beside it."""
    for n in range(len(blocks) - 1):
        a, b = blocks[n], blocks[n + 1]
        if b.words > L.CREDIT_LINE_WORDS or "credit_of" in b.dom or a.label in SURE_LABELS \
                or b.label in SURE_LABELS or not L.credit_line(b.text):
            continue
        da, db = a.dom, b.dom
        if da["level"] or da["links"] >= LINK_HEAVY or not 2 <= text_words(a) <= CAPTION_MAX_WORDS:
            continue
        if not _same_box(a, b) or n > 0 and _same_box(a, blocks[n - 1]) \
                or n + 2 < len(blocks) and _same_box(a, blocks[n + 2]) \
                or a.text.endswith(":") or L.split_credit(a.text)[1] or L.credit_line(a.text):
            continue
        a.label = L.CAPTION
        b.label = L.BOILERPLATE
        db["credit_of"] = a.index


def _same_box(a: Block, b: Block) -> bool:
    """Does b stand in a's parent element (or deeper in it)?"""
    ids = a.dom["ids"]
    return common_depth(ids, b.dom["ids"]) >= len(ids) - 1


def common_depth(a: tuple, b: tuple) -> int:
    """How many ancestors, from the root, two blocks' element paths share."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _table_row(tags: list[str]) -> bool:
    """Does the block stand in a table set in a <figure> (WordPress's `wp-block-table`)? Its rows are the
    article's text, not a photo's caption."""
    return "table" in tags and "figcaption" not in tags and tags.index("table") > tags.index("figure")


def _caption_holder(d: dict) -> int | None:
    """The id of the figure or caption element this block's text belongs to, if any."""
    tags = d["tags"]
    if "figcaption" in tags or "figure" in tags and not _table_row(tags):  # few blocks: a scan in C spares most
        for k in range(len(tags) - 1, -1, -1):
            if tags[k] in ("figcaption", "figure"):
                return d["ids"][k]
    for k in (len(tags) - 1, len(tags) - 2):
        if k > 0 and _caption_words(d["path"][k]):
            return d["ids"][k]
    return None


@lru_cache(maxsize=CLASS_WORDS_CACHED)
def _caption_words(words: str) -> bool:
    """Do these class/id words name a caption?"""
    return bool(words) and bool(CAPTION_WORDS.search(words))


def article_of(b: Block) -> int | None:
    """The innermost <article> element a block stands in, by its id."""
    tags = b.dom.get("tags") if b.dom else None
    if not tags or "article" not in tags:
        return None
    for k in range(len(tags) - 1, -1, -1):
        if tags[k] == "article":
            return b.dom["ids"][k]
    return None
