"""Block features for the learned labeller: shape, punctuation, repetition, position and neighbours.

Nothing here depends on English words: stop-word density is approximated by the share of short
words, and scripts without spaces (Japanese, Chinese) are measured in characters.
"""
from __future__ import annotations

import math
import re

import numpy as np

from ..blocks import Block
from .. import lexicon as L

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
DIGIT = re.compile(r"\d")
UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-Я]")
LETTER = re.compile(r"[^\W\d_]")
PUNCT = re.compile(r"[^\w\s]")
LINKISH = re.compile(r"https?://|www\.|@\w|\.(com|org|net|de|fr)\b|©|®|™", re.I)
WIDGETISH = re.compile(r"\b(share|tweet|follow|subscribe|sign in|log in|login|newsletter|cookie|advert|"
                       r"teilen|anmelden|abonnieren|partager|compartir|condividi|related|read more|weiterlesen)\b",
                       re.I)
WINDOWS = (1, 3, 8)  # neighbourhoods in blocks: the line itself, its paragraph, its section
LONG_CHARS = 80  # a line this long that ends like a sentence is most likely running text

BASE_NAMES = (
    "log_chars", "log_words", "ends_sentence", "ends_colon", "starts_upper", "starts_quote", "starts_digit",
    "bullet", "indent", "gap_before", "gap_after", "log_repeat", "first_occurrence", "frac_digit", "frac_upper",
    "frac_punct", "pipes", "commas_per_word", "mean_word_len", "short_word_share", "cjk_share", "linkish",
    "widgetish", "is_time", "is_byline", "is_caption", "is_counter", "title_shape", "long_sentence", "position",
)


def _base(b: Block) -> list[float]:
    t = b.text
    n = len(t) or 1
    words = t.split()
    nw = len(words) or 1
    letters = len(LETTER.findall(t)) or 1
    cjk = len(CJK.findall(t)) / n
    ends = 1.0 if L.sentence_like(t) else 0.0
    long_sentence = 1.0 if (len(t) >= LONG_CHARS or cjk > 0.3 and len(t) >= 30) and ends else 0.0
    caption, credit = L.split_credit(t) if len(words) >= 4 else (t, None)
    return [
        math.log1p(len(t)), math.log1p(len(words)), ends, 1.0 if t.endswith(":") else 0.0,
        1.0 if t[:1].isupper() else 0.0, 1.0 if t[:1] in "\"“„«'‘‚" else 0.0, 1.0 if t[:1].isdigit() else 0.0,
        1.0 if b.bullet else 0.0, min(b.indent, 40) / 4.0, min(b.gap_before, 5), min(b.gap_after, 5),
        math.log1p(b.repeat - 1), 1.0 if b.first == b.index else 0.0,
        len(DIGIT.findall(t)) / n, len(UPPER.findall(t)) / letters, len(PUNCT.findall(t)) / n,
        t.count("|") + t.count("·"), t.count(",") / nw, sum(len(w) for w in words) / nw,
        sum(1 for w in words if len(w) <= 3) / nw, cjk, 1.0 if LINKISH.search(t) else 0.0,
        1.0 if len(words) <= 6 and WIDGETISH.search(t) else 0.0,
        1.0 if L.is_time_line(t) else 0.0, 1.0 if L.is_byline(t) else 0.0,
        1.0 if credit else 0.0, 1.0 if L.is_counter(t) else 0.0,
        1.0 if 3 <= len(words) <= 20 and not ends else 0.0, long_sentence, 0.0,
    ]


def feature_names() -> list[str]:
    names = list(BASE_NAMES)
    for w in WINDOWS:
        names += [f"win{w}_long", f"win{w}_chars", f"win{w}_bullet", f"win{w}_short_share"]
    names += ["prev_long", "next_long", "prev_bullet", "next_bullet", "dist_long", "page_long_share",
              "rel_chars", "density_rel", "page_blocks_log"]
    return names


def block_features(blocks: list[Block]) -> np.ndarray:
    """One row per block: its own features, then its neighbourhood's and the page's."""
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(feature_names())))
    base = np.array([_base(b) for b in blocks], dtype=float)
    base[:, BASE_NAMES.index("position")] = np.arange(n) / max(n - 1, 1)
    long_ = base[:, BASE_NAMES.index("long_sentence")]
    chars = base[:, BASE_NAMES.index("log_chars")]
    bullet = base[:, BASE_NAMES.index("bullet")]
    short = base[:, BASE_NAMES.index("short_word_share")]
    cols = [base]
    for w in WINDOWS:
        cols += [_window_mean(long_, w), _window_mean(chars, w), _window_mean(bullet, w), _window_mean(short, w)]
    prev_long = np.concatenate([[0.0], long_[:-1]])
    next_long = np.concatenate([long_[1:], [0.0]])
    prev_bullet = np.concatenate([[0.0], bullet[:-1]])
    next_bullet = np.concatenate([bullet[1:], [0.0]])
    dist = _distance_to(long_ > 0)
    page_long = np.full(n, long_.mean())
    rel_chars = chars / (chars.max() or 1.0)
    density = _window_mean(long_, 15)
    density_rel = density / (density.max() or 1.0)
    cols += [prev_long, next_long, prev_bullet, next_bullet, np.minimum(dist, 30) / 30.0, page_long, rel_chars,
             density_rel, np.full(n, math.log1p(n))]
    return np.column_stack(cols)


def _window_mean(x: np.ndarray, w: int) -> np.ndarray:
    """Mean of x over the w blocks on each side (the block itself included), by cumulative sums."""
    if w <= 0:
        return x.copy()
    c = np.concatenate([[0.0], np.cumsum(x)])
    idx = np.arange(len(x))
    lo = np.maximum(idx - w, 0)
    hi = np.minimum(idx + w + 1, len(x))
    return (c[hi] - c[lo]) / (hi - lo)


def _distance_to(mask: np.ndarray) -> np.ndarray:
    """Blocks to the nearest True (0 on it); large where there is none."""
    n = len(mask)
    out = np.full(n, 1e6)
    last = -1e6
    for i in range(n):
        if mask[i]:
            last = i
        out[i] = i - last
    last = 1e6
    for i in range(n - 1, -1, -1):
        if mask[i]:
            last = i
        out[i] = min(out[i], last - i)
    return out
