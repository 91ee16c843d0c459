"""Direct quotes: the spans between quotation marks that are speech, found without spaCy.

A quote is found per paragraph, with offsets into that paragraph. A paragraph that opens a
quote and never closes it "runs on": by newspaper convention the next paragraph reopens the
mark and continues the same speech, so the next piece is marked `continued`. Single marks
(‘…’) inside a double-quoted span are a quote inside the quote and stay part of it.
Quoted names and titles (a square "dubbed" so, a film's title) are not speech and are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“„«‟"
CLOSERS = "”»"
STRAIGHT = '"'
# characters after which a straight or ambiguous mark opens a quote rather than closes one
BEFORE_OPEN = " \t\n([{—–-/:"
# characters after which a curly “ that we are inside of must be a (mistyped) closer
AFTER_CLOSE = " \t\n,.;:!?)]…—–"

# a title-cased quoted phrase this short, without end punctuation, is a name, not speech
MAX_TITLE_WORDS = 6
# a quoted phrase introduced by a naming word and this short is a name or a term, not speech
MAX_NAMED_WORDS = 8
# function words that title case leaves lower-case ("Bridge of Spies", "Home and Away")
TITLE_SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "de", "la"}
# words that introduce a name or a term in quotation marks, not a report of speech
NAMING_CUES = re.compile(
    r"(?:\b(?:dubbed|called|named|titled|entitled|nicknamed|so-called|known as|billed as|branded|"
    r"labell?ed|the words?|the term|the phrase|the slogan|hashtag|headlined|renamed|trademarked)\s*)$",
    re.IGNORECASE,
)
TRIM = " \t\n,;:–—-"


@dataclass
class QuoteSpan:
    paragraph: int
    start: int  # offsets of the quoted text (marks excluded) in body[paragraph]
    end: int
    text: str
    runs_on: bool = False  # the paragraph ended inside this quote
    continued: bool = False  # this piece continues a quote left open in the paragraph before
    at_start: bool = False  # the quote opens the paragraph


def _mark_kind(text: str, i: int, inside: bool) -> str | None:
    """'open', 'close' or None for the character at i, given whether a quote is open."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in CLOSERS:
        if inside:
            return "close"
        # a closer typed where an opener belongs: ”Word at a word start
        return "open" if prev in BEFORE_OPEN and not nxt.isspace() else None
    if ch in OPENERS:
        if inside and (nxt in AFTER_CLOSE or not prev.isspace() and ch == "“"):
            return "close"  # „…“ style, or a “ typed for the closing ”
        return None if inside else "open"
    if ch == STRAIGHT:
        if inside:
            return "close"
        return "open" if prev in BEFORE_OPEN and not nxt.isspace() else None
    return None


def _raw_spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    """(start, end) of each quoted stretch, marks excluded, and whether the last one stays open."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        if ch not in OPENERS and ch not in CLOSERS and ch != STRAIGHT:
            continue
        kind = _mark_kind(text, i, start is not None)
        if kind == "open" and start is None:
            start = i + 1
        elif kind == "close" and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(text)))
        return spans, True
    return spans, False


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def is_speech(paragraph: str, start: int, end: int) -> bool:
    """False for quoted names, titles and terms; True for what someone said or wrote."""
    inner = paragraph[start:end]
    words = inner.split()
    if not any(c.isalpha() for c in inner):
        return False
    before = paragraph[max(0, start - 40):max(0, start - 1)]
    if len(words) <= MAX_NAMED_WORDS and NAMING_CUES.search(before.rstrip(" \"“«„")):
        return False
    after = paragraph[end:end + 2]
    ends_like_speech = inner.rstrip()[-1:] in ".!?…," or after[:1] in ",.!?" and after[:1] != ""
    if len(words) <= MAX_TITLE_WORDS and not ends_like_speech and start > 1:
        alpha = [w.strip("'’.,:;!?()") for w in words]
        alpha = [w for w in alpha if w and w[0].isalpha()]
        if alpha and all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in alpha):
            return False
    return True


def find_quotes(body: list[str]) -> list[QuoteSpan]:
    """Every quoted stretch of speech in the body, in reading order, one piece per paragraph."""
    found: list[QuoteSpan] = []
    open_from_prev = False
    for p, text in enumerate(body):
        spans, runs_on = _raw_spans(text)
        lead = len(text) - len(text.lstrip())
        for k, (s, e) in enumerate(spans):
            at_start = s - 1 <= lead
            s2, e2 = _trimmed(text, s, e)
            last = k == len(spans) - 1
            if s2 >= e2 or not is_speech(text, s2, e2):
                continue
            found.append(QuoteSpan(p, s2, e2, text[s2:e2], runs_on=runs_on and last,
                                   continued=open_from_prev and k == 0 and at_start, at_start=at_start))
        open_from_prev = runs_on
    return found
