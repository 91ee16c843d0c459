"""The body model: P(body) per block from its features and its neighbours'.

The shipped model (layout/models/body_text.json, trained by `make train`) is a gradient-boosted
tree ensemble exported to plain JSON and evaluated here with numpy: no pickle, no scikit-learn at
run time, no download. Every learned model is read from one directory: the shipped one, unless
`Options(models=DIR)` (for one extraction) or the environment's `DATELINE_MODELS` names another
(the cross-site evaluation swaps in models trained without the page's site this way). Where no model
file is present the rule score below stands in (headline: a hand-weighted score).
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

from ..blocks import Block
from .. import lexicon as L
from .features import block_features, feature_names

SHIPPED_DIR = Path(__file__).parent / "models"
BODY_MODEL = "body_text.json"
# a second body model learned from every text set (news, and wcxb's guides, reviews and list articles);
# P(body) is the mean of the two: each alone gives one kind of page up for the other (docs/body.md),
# unless the page reads like the wide model's kind (below)
BODY_ALL_MODEL = "body_text_all.json"
# a third reads the two models' P(body) beside the lines around (layout/context.py: `context_scores`); the
# story splitter asks it of a page of one story (wide_text.py)
BODY_CONTEXT_MODEL = "body_text_context.json"
WIDE_ALONE_SHARE = 0.3  # long lines only the wide model keeps hold this share of the kept words: its page
LONG_LINE_WORDS = 8  # a line this long is running text to either model, not a title or a list item
CAPTION_MODEL = "caption_text.json"
BYLINE_MODEL = "byline_text.json"
MODELS_ENV = "DATELINE_MODELS"
_models_dir: ContextVar[str | None] = ContextVar("dateline_models_dir", default=None)
_page_choice: ContextVar[bool] = ContextVar("dateline_wide_page_choice", default=True)
BODY_THRESHOLD = 0.5  # the probability above which a block counts as body (the labeller's threshold)
PREDICT_CHUNK_ROWS = 8192  # blocks scored at once: bounds memory on huge pages, no cost on real ones


class TreeEnsemble:
    """All trees stacked into flat arrays, traversed together level by level."""

    def __init__(self, spec: dict):
        self.features = spec["features"]
        self.baseline = float(spec["baseline"])
        feats, thr, left, right, leaf, value, miss = [], [], [], [], [], [], []
        roots = []
        offset = 0
        for tree in spec["trees"]:
            roots.append(offset)
            feats += tree["feature"]
            thr += tree["threshold"]
            left += [c + offset if c >= 0 else -1 for c in tree["left"]]
            right += [c + offset if c >= 0 else -1 for c in tree["right"]]
            leaf += tree["leaf"]
            value += tree["value"]
            miss += tree["missing_left"]
            offset += len(tree["feature"])
        # int32 node and feature indices: the walk's gathers (np.take) move half the bytes
        self.feature = np.array(feats, dtype=np.int32)
        self.threshold = np.array(thr, dtype=float)
        self.left = np.array(left, dtype=np.int32)
        self.right = np.array(right, dtype=np.int32)
        self.leaf = np.array(leaf, dtype=bool)
        self.value = np.array(value, dtype=float)
        self.missing_left = np.array(miss, dtype=bool)
        self.roots = np.array(roots, dtype=np.int32)
        self.child = np.stack([self.left, self.right], axis=1).ravel()  # node k's children at 2k, 2k + 1
        self.depth = int(spec.get("max_depth", 32))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        if n == 0:
            return np.zeros(0)
        if n > PREDICT_CHUNK_ROWS:  # the (trees, rows) arrays of a 200,000-line page would take GBs at once
            return np.concatenate([self.predict_proba(X[i:i + PREDICT_CHUNK_ROWS])
                                   for i in range(0, n, PREDICT_CHUNK_ROWS)])
        # leaves point to themselves (export), so every tree walks `depth` levels and stays at its leaf
        node = np.repeat(self.roots[:, None], n, axis=1)  # (trees, rows)
        flat = np.ascontiguousarray(X, dtype=float).ravel()
        offset = np.arange(n, dtype=np.int32) * np.int32(X.shape[1])  # where each row starts in `flat`
        nan = bool(np.isnan(flat).any())
        feature, threshold, child = self.feature, self.threshold, self.child
        for _ in range(self.depth):
            x = flat.take(feature.take(node) + offset)
            go_right = x > threshold.take(node)
            if nan:
                go_right = np.where(np.isnan(x), ~self.missing_left.take(node), go_right)
            node += node  # the children of node k are at 2k and 2k + 1
            node += go_right
            node = child.take(node)
        raw = self.baseline + self.value.take(node).sum(axis=0)
        return 1.0 / (1.0 + np.exp(-raw))


def models_dir() -> Path:
    """The directory learned models are read from now: the one `using_models` set, else
    `DATELINE_MODELS`, else the shipped models."""
    return Path(_models_dir.get() or os.environ.get(MODELS_ENV) or SHIPPED_DIR)


def model_path(name: str) -> Path:
    return models_dir() / name


@contextmanager
def using_models(directory: str | Path | None) -> Iterator[None]:
    """Read learned models from `directory` inside the block (None: leave the choice as it is)."""
    if directory is None:
        yield
        return
    token = _models_dir.set(str(directory))
    try:
        yield
    finally:
        _models_dir.reset(token)


def load_model(name: str = BODY_MODEL, features: tuple[str, ...] | None = None) -> TreeEnsemble | None:
    """A learned ensemble by file name from the current models directory, checked against the feature
    names it must have been trained on; None where the file is absent."""
    p = model_path(name)
    try:
        st = p.stat()
    except OSError:
        return None
    return _load(str(p), st.st_mtime_ns, st.st_size, features)


@lru_cache(maxsize=32)
def _load(path: str, mtime_ns: int, size: int, features: tuple[str, ...] | None) -> TreeEnsemble:
    """Parsed once per file version: a model rewritten in place (by training) is read again."""
    spec = json.loads(Path(path).read_text())
    if spec["features"] != list(features or feature_names()):
        raise RuntimeError(f"{path} was trained on other features; run `make train`")
    return TreeEnsemble(spec)


def body_scores(blocks: list[Block], feats: np.ndarray | None = None) -> np.ndarray:
    model = load_model(BODY_MODEL)
    if model is None:
        return rule_scores(blocks)
    X = block_features(blocks) if feats is None else feats
    wide = load_model(BODY_ALL_MODEL)
    p = model.predict_proba(X)
    if wide is None:
        return p
    q = wide.predict_proba(X)
    _last_body.set((X, p, q))
    mean = (p + q) / 2
    if _page_choice.get() and not (blocks and blocks[0].dom) and _wide_page(blocks, p, q):
        # from the first line the mean keeps to its last: the lines above (menus, the header, the
        # headline) stay as the mean reads them, so the story and its headline start where they did;
        # those below (comments, a comment form's notes) would make stories of their own
        kept = np.flatnonzero(mean >= BODY_THRESHOLD)
        if len(kept):
            mean[kept[0]:kept[-1] + 1] = q[kept[0]:kept[-1] + 1]
    return mean


def _wide_page(blocks: list[Block], news: np.ndarray, wide: np.ndarray) -> bool:
    """Flattened text: is this a page of the wide model's kind (a guide, a review, a list article)?
    Where the long lines that only it keeps hold 30% of the words either model keeps, the news model
    is giving up running text it does not know, and the mean would lose it too."""
    words = np.fromiter((b.words for b in blocks), dtype=float, count=len(blocks))
    keep_news, keep_wide = news >= BODY_THRESHOLD, wide >= BODY_THRESHOLD
    kept = words[keep_news | keep_wide].sum()
    only_wide = words[keep_wide & ~keep_news & (words >= LONG_LINE_WORDS)].sum()
    return bool(kept) and only_wide >= WIDE_ALONE_SHARE * kept


# the last page's P(body) by the two text body models, read by the story splitter's questions below instead of
# running both models over the page a second time (that was a tenth of the text path's time)
_last_body: ContextVar[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = ContextVar("last_body", default=None)


def body_predictions(feats: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """P(body) of each row of `feats` by the news body model and by the wide one, as `body_scores` found
    them for the same matrix; None where either model is missing."""
    last = _last_body.get()
    if last is not None and last[0] is feats:
        return last[1], last[2]
    news, wide = load_model(BODY_MODEL), load_model(BODY_ALL_MODEL)
    if news is None or wide is None:
        return None
    return news.predict_proba(feats), wide.predict_proba(feats)


def wide_page(blocks: list[Block], feats: np.ndarray) -> bool:
    """Flattened text: is the page of the wide model's kind (`_wide_page`)? False where either model is missing."""
    both = body_predictions(feats)
    return both is not None and _wide_page(blocks, *both)


def wide_reading() -> bool:
    """Does the wide model read a page of its kind on its own here (the page choice above, the story
    splitter's gaps)? Not inside `averaged_body()`."""
    return _page_choice.get()


@contextmanager
def averaged_body() -> Iterator[None]:
    """Inside the block, P(body) is the two models' mean on every page and the story splitter takes
    in no gap by the wide model alone: the headline ranker learns from stories split so (tools/train.py),
    so neither retrains it."""
    token = _page_choice.set(False)
    try:
        yield
    finally:
        _page_choice.reset(token)


def label_scores(name: str, feats: np.ndarray) -> np.ndarray | None:
    """P(label) per block from one of the per-label models (captions, bylines), if there is one."""
    model = load_model(name)
    return None if model is None else model.predict_proba(feats)


def rule_scores(blocks: list[Block]) -> np.ndarray:
    """The rule score of every block, as where no model is shipped."""
    return np.array([_rule_score(b) for b in blocks], dtype=float)


def _rule_score(b: Block) -> float:
    """Stands in where no model is shipped: long lines that end like sentences are body."""
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
