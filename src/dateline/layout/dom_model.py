"""The learned HTML body model: P(body) per block from its DOM evidence.

The container rule (dom.py) picks the one element that holds the most running text; pages that set
their text in several boxes (a list article's items, a guide's sections, a lead in a box of its own,
a table inside the article) fall outside it. This model reads what the rule saw and more, per block:

- its own shape: words, link share, tag, heading level, sentence shape, repetition, position;
- its markup: furniture named by its ancestors' class/id words or tags, an article-text class above it,
  and the class/id words themselves, hashed into a few buckets (stable across runs: crc32);
- where it stands: how much of the page's running text its parent, grandparent and great-grandparent
  hold, how much text stands in elements of its parent's kind (sections repeated in sibling boxes),
  how far up it meets the rule's container, and whether its box has the container's kind;
- its neighbours: the rule's score and the running text of the blocks around it.

A gradient-boosted tree ensemble over these features is trained by `tools/bodymodel.py` on every dev
HTML set (scrapinghub, fundus, trafilatura, wcxb) and shipped as plain arrays in
`layout/models/body_html.json`, evaluated with numpy (model.TreeEnsemble), read from the models
directory like every learned model; without a model file the rule's scores stand.
"""
from __future__ import annotations

import math
import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..blocks import Block
from .. import lexicon as L
from .dom import ARTICLE_TEXT_CLASS, FURNITURE_TAGS, Evidence, _kind, common_depth, furniture_words

DOM_MODEL = "body_html.json"  # read by name from the models directory (model.models_dir)
MODEL_PATH = Path(__file__).parent / "models" / DOM_MODEL
HASH_BUCKETS = 24  # class/id words of a block's ancestors, hashed: enough to learn "content", not a site
OWN_BUCKETS = 8  # the same for the block's own element
WORD_SPLIT = re.compile(r"[^a-z]+")
TAG_GROUPS = (("p",), ("li",), ("h1", "h2", "h3", "h4", "h5", "h6"), ("div", "section", "article", "main"),
              ("tr", "td", "th", "table", "caption"), ("blockquote",), ("pre",), ("dd", "dt", "dl"),
              ("figcaption", "figure"), ("header", "footer", "nav", "aside", "form"))
WINDOWS = (2, 6)  # neighbourhoods (blocks either side) over which the rule score and text are averaged

OWN_NAMES = ("log_words", "links", "level", *(f"tag_{g[0]}" for g in TAG_GROUPS), "sentence", "ends_colon",
             "log_cand", "log_good", "furniture", "depth", "position", "words_before", "log_repeat",
             "first_occurrence", "own_furniture", "inner_furniture", "furniture_ancestors", "furniture_tag_above",
             "furniture_up", "article_text_above", "in_article", "in_main", "in_figure")
PLACE_NAMES = ("rule", "in_container", "container_up", "container_kind", "parent_share", "grand_share",
               "great_share", "parent_kind_share", "grand_kind_share", "container_share", "page_log_good",
               "page_log_blocks", "next_good_near", "prev_good_near")  # the order dom_features fills them
NEIGHBOUR_NAMES = ("prev_rule", "next_rule", "prev_links", "next_links", "prev_level", "next_level",
                   *(f"win{w}_{k}" for w in WINDOWS for k in ("rule", "good", "links")))


def feature_names() -> list[str]:
    return [*OWN_NAMES, *PLACE_NAMES, *NEIGHBOUR_NAMES, *(f"anc_h{i}" for i in range(HASH_BUCKETS)),
            *(f"own_h{i}" for i in range(OWN_BUCKETS))]


@lru_cache(maxsize=8192)
def _hashed(words: str, buckets: int) -> tuple[int, ...]:
    """Bucket numbers of the class/id words (split at anything not a letter; digits name one element)."""
    return tuple({zlib.crc32(w.encode()) % buckets for w in WORD_SPLIT.split(words) if len(w) >= 3})


def dom_features(blocks: list[Block], ev: Evidence) -> np.ndarray:
    """One row per block, in feature_names() order."""
    n = len(blocks)
    good, cand, bad, rule = ev.good, ev.cand, ev.bad, np.asarray(ev.scores, dtype=float)
    total_good = sum(good) or 1
    mass: dict[int, int] = {}  # element id -> running-text words under it
    kinds: dict[tuple, int] = {}  # (depth, tag, class kind) of an element -> running-text words under such
    for b, g in zip(blocks, good):
        if g:
            d = b.dom
            for k, (eid, tag, words) in enumerate(zip(d["ids"], d["tags"], d["path"])):
                mass[eid] = mass.get(eid, 0) + g
                key = (k, tag, _kind(words))
                kinds[key] = kinds.get(key, 0) + g
    cpath: tuple = ()
    if ev.container is not None:
        for b in blocks:
            ids = b.dom["ids"]
            if ev.container in ids:
                cpath = ids[: ids.index(ev.container) + 1]
                break
    cdepth = len(cpath)
    # the container's tag and class kind (its shape holds the tags down to it, then the class kinds)
    ctag, ckind = (ev.shape[cdepth - 1], ev.shape[-1]) if cdepth else ("", "")
    container_share = mass.get(ev.container, 0) / total_good if ev.container is not None else 0.0
    page = (container_share, math.log1p(total_good), math.log1p(n))
    words = np.array([b.dom["words"] for b in blocks], dtype=float)
    before = (np.cumsum(words) - words) / (words.sum() or 1)
    above: dict[int, tuple] = {}  # parent element id -> what its ancestors say (shared by its blocks)
    rows, hot_rows, hot_cols = [], [], []
    hash_col = len(OWN_NAMES) + len(PLACE_NAMES) + len(NEIGHBOUR_NAMES)
    last = max(n - 1, 1)
    for i, (b, g, c) in enumerate(zip(blocks, good, cand)):
        d = b.dom
        ids, tags, path = d["ids"], d["tags"], d["path"]
        depth = len(ids)
        parent = ids[-2] if depth >= 2 else ids[-1]
        anc = above.get(parent)
        if anc is None:
            anc = above[parent] = _ancestors(ids, tags, path, mass, kinds, total_good, cpath, hash_col)
        fur_anc, fur_k, fur_tag, art_text, hot, flags, shares, cdp = anc
        for col in hot:
            hot_rows.append(i)
            hot_cols.append(col)
        for h in _hashed(path[-1], OWN_BUCKETS):
            hot_rows.append(i)
            hot_cols.append(hash_col + HASH_BUCKETS + h)
        if cdepth:
            cd = cdp + 1 if cdp == depth - 1 and cdp < cdepth and cpath[cdp] == ids[-1] else cdp
            up = cdepth - cd
            k = cdepth - 1
            same_kind = 1.0 if cd < cdepth and depth > k and tags[k] == ctag and _kind(path[k]) == ckind else 0.0
        else:
            up, same_kind = -1, 0.0
        tag = b.tag
        rows.append((
            math.log1p(d["words"]), d["links"], d["level"], *(1.0 if tag in grp else 0.0 for grp in TAG_GROUPS),
            1.0 if L.sentence_like(b.text) else 0.0, 1.0 if b.text.endswith(":") else 0.0,
            math.log1p(c), math.log1p(g), 1.0 if bad[i] else 0.0, depth, i / last, before[i],
            math.log1p(b.repeat - 1), 1.0 if b.first == b.index else 0.0,
            1.0 if path[-1] and furniture_words(path[-1]) else 0.0,
            1.0 if d["inner"] and furniture_words(d["inner"]) else 0.0, fur_anc, fur_tag,
            depth - fur_k if fur_k else 0, art_text, *flags,
            rule[i], 1.0 if up == 0 else 0.0, up, same_kind, *shares, *page,
            _near_good(good, i, +1), _near_good(good, i, -1),
        ))
    X = np.zeros((n, len(feature_names())))
    X[:, :hash_col - len(NEIGHBOUR_NAMES)] = np.array(rows, dtype=float)
    if hot_rows:
        X[hot_rows, hot_cols] = 1.0
    _neighbours(blocks, X, rule, np.asarray(good, dtype=float), len(OWN_NAMES) + len(PLACE_NAMES))
    return X


def _ancestors(ids, tags, path, mass, kinds, total_good, cpath, hash_col) -> tuple:
    """What a block's ancestors (its element's parent and up) say: furniture above it (how many, the
    deepest, by tag), an article-text class, their hashed class words, <article>/<main>/<figure>, the
    running-text shares of the parent, grandparent and great-grandparent and of elements of their kinds,
    and how deep the parent's line meets the container's."""
    depth = len(ids)
    fur_anc = fur_k = fur_tag = art_text = 0
    hot: set[int] = set()
    for k in range(1, depth - 1):
        w = path[k]
        if tags[k] in FURNITURE_TAGS:
            fur_tag, fur_k = 1, k
        if w:
            if furniture_words(w):
                fur_anc += 1
                fur_k = k
            elif ARTICLE_TEXT_CLASS.search(w):
                art_text = 1
            hot.update(hash_col + h for h in _hashed(w, HASH_BUCKETS))
    outer = tags[:-1]
    flags = (1.0 if "article" in outer else 0.0, 1.0 if "main" in outer else 0.0,
             1.0 if "figure" in outer or "figcaption" in outer else 0.0)
    shares = tuple(mass.get(ids[k], 0) / total_good if k >= 0 else 0.0 for k in (depth - 2, depth - 3, depth - 4)) \
        + tuple(kinds.get((k, tags[k], _kind(path[k])), 0) / total_good if k >= 0 else 0.0
                for k in (depth - 2, depth - 3))
    return fur_anc, fur_k, fur_tag, art_text, tuple(sorted(hot)), flags, shares, common_depth(ids[:-1], cpath)


def _near_good(good: list[int], i: int, step: int, reach: int = 3) -> float:
    j = i + step
    while 0 <= j < len(good) and abs(j - i) <= reach:
        if good[j]:
            return 1.0 / abs(j - i)
        j += step
    return 0.0


def _neighbours(blocks: list[Block], X: np.ndarray, rule: np.ndarray, good: np.ndarray, col: int) -> None:
    n = len(blocks)
    links = np.array([b.dom["links"] for b in blocks])
    level = np.array([b.dom["level"] for b in blocks], dtype=float)
    has_good = (good > 0).astype(float)
    for arr in (rule, links, level):
        X[1:, col] = arr[:-1]
        X[:-1, col + 1] = arr[1:]
        col += 2
    for w in WINDOWS:
        for arr in (rule, has_good, links):
            X[:, col] = _window_mean(arr, w, n)
            col += 1


def _window_mean(a: np.ndarray, w: int, n: int) -> np.ndarray:
    c = np.concatenate(([0.0], np.cumsum(a)))
    lo = np.clip(np.arange(n) - w, 0, n)
    hi = np.clip(np.arange(n) + w + 1, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)


def dom_model_scores(blocks: list[Block], ev: Evidence) -> np.ndarray | None:
    """P(body) per block from the learned model, or None where there is none."""
    from .model import load_model

    model = load_model(DOM_MODEL, tuple(feature_names()))
    if model is None:
        return None
    return model.predict_proba(dom_features(blocks, ev))
