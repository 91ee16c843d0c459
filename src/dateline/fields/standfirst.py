"""The standfirst: the lead paragraph a page sets apart between its headline and its body (a dek, an
intro, a summary), once, and never again in the body (RECORD.md).

What sets a paragraph apart (generic evidence only, no site's names):

- HTML, its markup: a class or id word of its own element (or of a box around it that holds no body
  paragraph) such as "dek", "standfirst", "intro", "lead", "summary", "teaser", "subtitle",
  "description", "excerpt", "chapo";
- HTML, the page's description (og:description, meta description, JSON-LD) saying the same words as
  a paragraph that stands between the headline and the body;
- text (no markup): a prose paragraph between the headline and the byline or time lines, with the
  body starting below them.

A paragraph the body had taken (the first body paragraph in an "intro" box) moves out of the body; a
paragraph the body had left out (a dek in the header) is added. Either way it is in one field only.
"""
from __future__ import annotations

import html
import re

from .. import lexicon as L
from ..blocks import Block, norm_key

MIN_WORDS = 6  # "Nur ein Drittel kam": a shorter line under the headline is a label, not a paragraph
MAX_WORDS = 90  # a longer block is the story's own first paragraph
MAX_LINKS = 0.3  # a teaser card's text is mostly its link
HEADER_REACH = 14  # blocks below the headline where a standfirst may stand (bylines, share bars, a photo)
BODY_REACH = 2  # body paragraphs at the top of the body that may be the standfirst the body took
DESCRIPTION_SHARE = 0.6  # of the shorter text's word trigrams found in the other: the same words
MARK_LEVELS = 3  # its element and two boxes around it may name it (one more may say it is something else)
TEXT_MIN_WORDS = 8  # text path: a prose line at least this long above the byline

TOKEN = re.compile(r"[a-z0-9]+")
# class/id words of a standfirst's element, whole or as one part of a compound word ("leadtext")
MARK_WORDS = frozenset((
    "dek", "deck", "standfirst", "intro", "introtext", "lead", "leadtext", "leadin", "lede", "summary",
    "teaser", "teasertext", "subtitle", "subtitles", "subheadline", "strapline", "standfirsttext", "description",
    "excerpt", "abstract", "synopsis", "chapo", "chapeau", "sapo", "entradilla", "bajada", "sottotitolo",
    "vorspann", "anriss", "kurztext", "preamble", "ingress", "ingresso", "resumen", "resume", "chapeau",
))
MARK_PARTS = ("standfirst", "intro", "teaser", "summary", "subtitle", "leadtext", "excerpt", "subheadline")
# words that say the box is something else: a picture's caption, a byline, a card of another story
NOT_MARK = frozenset((
    "caption", "figcaption", "credit", "image", "img", "photo", "picture", "media", "figure", "video", "gallery",
    "slideshow", "author", "byline", "bio", "profile", "date", "time", "meta", "related", "newsletter", "promo",
    "nav", "menu", "breadcrumb", "comment", "comments", "share", "sharing", "social", "footer", "sidebar", "aside",
    "ad", "ads", "advert", "advertisement", "leaderboard", "card", "list", "item", "widget", "hidden", "sr",
    "notice", "disclaimer", "paywall", "subscribe", "premium", "speakable", "form", "gfield", "input", "label",
    "cta", "service", "link", "links", "tooltip", "modal", "popup", "cookie", "search",
))
# a call to act, not a paragraph of the story ("You can save this article by registering for free")
PROMO = re.compile(r"\b(register|registering|subscribe|subscribing|subscription|sign up|sign in|log in|newsletter|"
                   r"cookies?|advertisement|download (our|the) app|click here|tap here)\b", re.I)
CLAUSE_END = re.compile(r"[.!?…。！？\"'”’»)]$")


def find_standfirst(blocks: list[Block], header: range, body: list[Block], headline: int | None,
                    description: str | None, html_page: bool) -> Block | None:
    """The block that is the story's standfirst, or None. `header` is the blocks between the story's
    headline (or header) and its body; `body` the body blocks chosen so far, in page order."""
    return standfirst_evidence(blocks, header, body, headline, description, html_page)[0]


def standfirst_evidence(blocks: list[Block], header: range, body: list[Block], headline: int | None,
                        description: str | None, html_page: bool) -> tuple[Block | None, str]:
    """(the standfirst block or None, what set it apart: "markup", "description", "body-markup", "text")."""
    head_key = norm_key(_text(blocks, headline))
    above = [blocks[i] for i in header if i != headline][:HEADER_REACH]
    if not html_page:
        found = _text_standfirst(above, head_key)
        return found, "text" if found is not None else ""
    desc = _trigrams(description) if description else None
    nxt = body[0] if body else None
    for b in above:
        if _prose(b, head_key):
            if _marked(b, nxt):
                return b, "markup"
            if desc and _same_words(b, desc):
                return b, "description"
    first = body[:BODY_REACH]
    for k, b in enumerate(first):
        if k and first[0].words >= MAX_WORDS // 3:
            break  # the body opens with a paragraph of its own: what follows it is no standfirst
        following = body[k + 1] if k + 1 < len(body) else None
        if following is not None and _prose(b, head_key) and _marked(b, following):
            return b, "body-markup"
    return None, ""


def _text_standfirst(above: list[Block], head_key: str) -> Block | None:
    """Text: a prose line under the headline with a byline or time line below it, before the body."""
    for n, b in enumerate(above):
        if b.label in (L.BODY, L.BYLINE, L.TIME, L.CAPTION) or b.bullet or b.words < TEXT_MIN_WORDS:
            continue
        if not _prose(b, head_key) or not CLAUSE_END.search(b.text) and b.words < 2 * TEXT_MIN_WORDS:
            continue
        if any(x.label in (L.BYLINE, L.TIME) for x in above[n + 1:]):
            return b
    return None


def _text(blocks: list[Block], i: int | None) -> str:
    return blocks[i].text if i is not None and 0 <= i < len(blocks) else ""


def _prose(b: Block, head_key: str) -> bool:
    """A paragraph's shape: a sentence's length, few links, not a list item, not the headline again,
    not a caption, byline or time line."""
    if not MIN_WORDS <= b.words <= MAX_WORDS or b.bullet or b.tag in ("li", "h1", "figcaption", "td", "th"):
        return False
    if b.label in (L.CAPTION, L.BYLINE, L.TIME, L.SIDEBAR_ITEM, L.SIDEBAR_TITLE, L.COUNTER, L.HEADLINE):
        return False
    if b.dom.get("links", 0.0) > MAX_LINKS or b.repeat > 2 or b.text.endswith(":") or PROMO.search(b.text):
        return False
    key = b.key
    if head_key and (key == head_key or key in head_key or head_key in key):
        return False
    return not (b.words < 12 and (L.find_date(b.text) or L.is_byline(b.text)))


def _marked(b: Block, following: Block | None) -> bool:
    """Its element, or a box around it that does not also hold the body's next paragraph, is named
    like a standfirst (and not like a caption, a byline or another story's card)."""
    path, ids = b.dom.get("path", ()), b.dom.get("ids", ())
    others = set(following.dom.get("ids", ())) if following is not None else set()
    marked = False
    for k in range(1, min(MARK_LEVELS + 1, len(path), len(ids)) + 1):
        if ids[-k] in others:
            break  # this box and all above it hold the body too: their names describe the body
        tokens = TOKEN.findall(path[-k] + (" " + b.dom.get("inner", "") if k == 1 else ""))
        if any(t in NOT_MARK for t in tokens):
            return False  # an author's box, a form, a picture: whatever else it is named
        if k <= MARK_LEVELS:
            marked = marked or any(t in MARK_WORDS or t.startswith(MARK_PARTS) or t.endswith(MARK_PARTS)
                                   for t in tokens)
    return marked


def _trigrams(text: str | None) -> frozenset:
    words = TOKEN.findall(html.unescape(html.unescape(text or "")).casefold())
    return frozenset(zip(words, words[1:], words[2:]))


def _same_words(b: Block, desc: frozenset) -> bool:
    """The page's description says the same words as this block (one may be cut short of the other)."""
    mine = _trigrams(b.text)
    if not mine or not desc:
        return False
    return len(mine & desc) >= DESCRIPTION_SHARE * min(len(mine), len(desc))
