"""Choosing a story's headline among the title-like lines above its body: a learned ranker.

Each candidate gets its block features and what makes a headline a headline on a page: how close
it stands to the body, whether a time or byline follows it, whether the page repeats it or prints
it behind a label ("Special <headline>"). The shipped ranker (models/headline_text.json, trained
by `make train`) scores them; without it, a hand-weighted score stands in.
"""
from __future__ import annotations

import math
import numpy as np

from ..blocks import Block
from .. import lexicon as L
from .features import feature_names
from .model import TreeEnsemble, load_model

HEADLINE_MODEL = "headline_text.json"
HEADER_REACH = 40  # how far above a run's first body block its headline may stand
BODY_LOOKAHEAD = 2  # a headline the labeller took for body can only be one of the first body blocks
CANDIDATE_NAMES = ("cand_dist", "cand_rank", "cand_count", "meta_after", "meta_before", "repeat_in_window",
                   "suffix_of_other", "has_colon", "ends_q", "title_case", "is_body", "after_body_start",
                   "prev_gap", "first_in_window")
META = (L.TIME, L.BYLINE)


def candidate_names() -> list[str]:
    return feature_names() + list(CANDIDATE_NAMES)


def is_candidate(b: Block) -> bool:
    t = b.text
    if b.bullet or len(t) < 8 or len(t) > 250 or b.label in (L.CAPTION, L.COUNTER, L.TIME, L.BYLINE,
                                                             L.SIDEBAR_ITEM, L.SIDEBAR_TITLE, L.HIGHLIGHT):
        return False
    if L.is_reader_prompt(t) or L.is_name_and_role(t):  # "Sign up to our free breaking news emails", a byline
        return False
    return 2 <= b.words <= 35 or (b.words == 1 and len(t) >= 8) and not t.endswith((",", ";"))


def candidates(blocks: list[Block], lo: int, body_start: int) -> list[int]:
    hi = min(len(blocks), body_start + BODY_LOOKAHEAD)
    out = []
    for i in range(max(lo, body_start - HEADER_REACH), hi):
        b = blocks[i]
        if i >= body_start and not (b.label == L.BODY and not b.text.endswith(".")):
            continue
        if is_candidate(b):
            out.append(i)
    return out


def candidate_features(blocks: list[Block], feats: np.ndarray, cands: list[int], body_start: int) -> np.ndarray:
    keys = [blocks[i].key for i in cands]
    rows = []
    n = len(cands)
    for r, i in enumerate(cands):
        b = blocks[i]
        after = any(blocks[j].label in META for j in range(i + 1, min(len(blocks), i + 6)))
        before = any(blocks[j].label in META for j in range(max(0, i - 3), i))
        words = b.text.split()
        caps = sum(1 for w in words if w[:1].isupper()) / max(len(words), 1)
        rows.append(list(feats[i]) + [
            math.log1p(abs(body_start - i)), n - 1 - r, n, float(after), float(before),
            sum(1 for k in keys if k == keys[r]), float(any(k != keys[r] and k.endswith(" " + keys[r]) for k in keys)),
            float(":" in b.text), float(b.text.endswith(("?", "!"))), caps, float(b.label == L.BODY),
            float(i >= body_start), min(b.gap_before, 5), float(keys.index(keys[r]) == r),
        ])
    return np.array(rows, dtype=float)


def load_ranker() -> TreeEnsemble | None:
    return load_model(HEADLINE_MODEL, tuple(candidate_names()))


def choose(blocks: list[Block], feats: np.ndarray | None, lo: int, body_start: int) -> int | None:
    """The headline's block index for the body starting at body_start, or None."""
    cands = candidates(blocks, lo, body_start)
    if not cands:
        return None
    ranker = load_ranker()
    if ranker is None or feats is None:
        return _fallback(blocks, cands, body_start)
    scores = ranker.predict_proba(candidate_features(blocks, feats, cands, body_start))
    best = cands[int(np.argmax(scores))]
    # "Special <headline>" beside "<headline>": the line without the label is the headline
    key = blocks[best].key
    inner = [i for i in cands if blocks[i].key != key and key.endswith(" " + blocks[i].key)
             and blocks[i].words >= 3]
    best = inner[0] if inner else best
    first = blocks[best].first
    return first if first >= lo and first in cands else best


HEADING_SCORE = {1: 3.0, 2: 2.0, 3: 1.0}  # HTML: a heading element is a headline's likeliest place
ASIDE_TAGS = frozenset(("aside", "nav", "footer"))  # not dom.FURNITURE_TAGS: headlines stand in <header>


def _markup_says(b: Block) -> float:
    """HTML: what the markup says of a candidate: a heading counts for it; links or an aside against."""
    d = b.dom
    if not d:
        return 0.0
    score = HEADING_SCORE.get(d.get("level", 0), 0.0)
    if d.get("links", 0.0) > 0.5 or any(t in ASIDE_TAGS for t in d.get("tags", ())):
        score -= 3.0
    return score


def _fallback(blocks: list[Block], cands: list[int], body_start: int) -> int:
    def score(i: int) -> float:
        b = blocks[i]
        after = any(blocks[j].label in META for j in range(i + 1, min(len(blocks), i + 6)))
        return (2.0 if b.repeat >= 2 else 0.0) + (2.0 if after else 0.0) - 0.05 * abs(body_start - i) \
            + (0.5 if 5 <= b.words <= 20 else 0.0) - (3.0 if b.label == L.BODY else 0.0) + _markup_says(b)

    return max(cands, key=score)
