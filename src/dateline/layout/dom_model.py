"""The learned HTML body model: P(body) per block from its DOM evidence.

The container rule (dom.py) picks the one element that holds the most running text; pages that set
their text in several boxes (a list article's items, a guide's sections, a lead in a box of its own,
a table inside the article) fall outside it. This model reads what the rule saw and more, per block:

- its own shape: words, link share, tag, heading level, sentence shape, repetition, position;
- its markup: furniture named by its ancestors' class/id words or tags, an article-text class above it
  (the class words themselves, hashed into buckets, were dropped: they lost as much on sites held out
  as they won, and cost a fifth of the model's time);
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
from pathlib import Path

import numpy as np

from ..blocks import Block
from .. import lexicon as L
from .dom import FURNITURE_TAGS, Evidence, _kind, article_text_words, common_depth, furniture_words

DOM_MODEL = "body_html.json"  # read by name from the models directory (model.models_dir)
MODEL_PATH = Path(__file__).parent / "models" / DOM_MODEL
TAG_GROUPS = (("p",), ("li",), ("h1", "h2", "h3", "h4", "h5", "h6"), ("div", "section", "article", "main"),
              ("tr", "td", "th", "table", "caption"), ("blockquote",), ("pre",), ("dd", "dt", "dl"),
              ("figcaption", "figure"), ("header", "footer", "nav", "aside", "form"))
WINDOWS = (2, 6)  # neighbourhoods (blocks either side) over which the rule score and text are averaged
PLAY_WORDS = 3  # a block of this many words, mostly not links, is read by the model wherever it stands
PLAY_REACH = 6  # ... and one of two words or more this near (in blocks) to running text
RULE_WEIGHT = 0.35  # how much the rule's score weighs beside the model's in a block's P(body)
ALONE_WORDS = 15  # on a page where the rule finds no container, a block this long (a sentence) is the model's alone

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
    return [*OWN_NAMES, *PLACE_NAMES, *NEIGHBOUR_NAMES]


TAG_COL = {t: k for k, grp in enumerate(TAG_GROUPS) for t in grp}  # tag -> its group's column


def columns(blocks: list[Block]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per block its words, link share and heading level, as the markup measured them."""
    n = len(blocks)
    doms = [b.dom for b in blocks]
    return (np.fromiter((d["words"] for d in doms), dtype=float, count=n),
            np.fromiter((d["links"] for d in doms), dtype=float, count=n),
            np.fromiter((d["level"] for d in doms), dtype=float, count=n))


def dom_features(blocks: list[Block], ev: Evidence, rows=None, cols=None) -> np.ndarray:
    """One row per block (or per block of `rows`, their indices), in feature_names() order. What is the
    same for every block is computed over numpy columns (`cols`: `columns(blocks)`, where the caller
    has them); the per-block loop reads only the markup."""
    n = len(blocks)
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    good, bad = ev.good, ev.bad
    total_good = sum(good) or 1
    mass = ev.mass  # element id -> running-text words under it (the rule's own tally)
    kinds: dict[tuple, int] = {}  # (depth, tag, class kind) of an element -> running-text words under such
    seen: set[int] = set()
    for b, g in zip(blocks, good):
        if g:  # each element holding running text once, from the block up to the first one already seen
            d = b.dom
            ids, tags, path = d["ids"], d["tags"], d["path"]
            for k in range(len(ids) - 1, -1, -1):
                eid = ids[k]
                if eid in seen:
                    break
                seen.add(eid)
                key = (k, tags[k], _kind(path[k]))
                kinds[key] = kinds.get(key, 0) + mass[eid]
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
    words, links, level = columns(blocks) if cols is None else cols
    goods = np.asarray(good, dtype=float)
    rule = np.asarray(ev.scores, dtype=float)
    m = len(rows)
    X = np.zeros((m, len(feature_names())))
    # what a block's parent and its ancestors say is the same for every block under that parent: read
    # once per parent, gathered per row at the end
    above: dict[int, int] = {}  # parent element id -> its row in `fixed`
    fixed: list[tuple] = []  # per parent: furniture above, article-text class, flags, shares
    chains: dict[int, tuple] = {}  # element id -> what it and its ancestors say (_chain)
    meet: list[int] = []  # per parent: how deep its line meets the container's
    at, own, tag_rows, tag_cols = [], [], [], []
    fur = furniture_words
    k = cdepth - 1
    for r, i in enumerate(rows.tolist()):
        b = blocks[i]
        d = b.dom
        ids = d["ids"]
        depth = len(ids)
        parent = ids[-2] if depth >= 2 else ids[-1]
        a = above.get(parent)
        if a is None:
            a = above[parent] = len(fixed)
            row, cdp = _ancestors(ids, d["tags"], d["path"], mass, kinds, total_good, cpath, chains)
            fixed.append(row)
            meet.append(cdp)
        at.append(a)
        col = TAG_COL.get(b.tag)
        if col is not None:
            tag_rows.append(r)
            tag_cols.append(col)
        if cdepth:
            cdp = meet[a]
            cd = cdp + 1 if cdp == depth - 1 and cdp < cdepth and cpath[cdp] == ids[-1] else cdp
            up = cdepth - cd
            same_kind = 1.0 if cd < cdepth and depth > k and d["tags"][k] == ctag \
                and _kind(d["path"][k]) == ckind else 0.0
        else:
            up, same_kind = -1, 0.0
        text = b.text
        own.append((
            1.0 if L.sentence_like(text) else 0.0, 1.0 if text[-1:] == ":" else 0.0, b.repeat - 1,
            1.0 if b.first == b.index else 0.0, 1.0 if fur(d["path"][-1]) else 0.0,
            1.0 if fur(d["inner"]) else 0.0, 1.0 if up == 0 else 0.0, up, same_kind, depth,
        ))
    OWN = np.array(own, dtype=float).reshape(m, 10)
    F = np.array(fixed, dtype=float).reshape(len(fixed), 12)[at]
    last = max(n - 1, 1)
    before = (np.cumsum(words) - words) / (words.sum() or 1)
    g = len(TAG_GROUPS)
    X[:, 0] = log1p(words[rows])
    X[:, 1] = links[rows]
    X[:, 2] = level[rows]
    if tag_rows:
        X[tag_rows, [3 + c for c in tag_cols]] = 1.0
    X[:, 3 + g:5 + g] = OWN[:, 0:2]  # sentence, ends_colon
    X[:, 5 + g] = log1p(np.asarray(ev.cand, dtype=float)[rows])
    X[:, 6 + g] = log1p(goods[rows])
    X[:, 7 + g] = np.asarray(bad, dtype=float)[rows] > 0
    X[:, 8 + g] = OWN[:, 9]  # depth
    X[:, 9 + g] = rows / last
    X[:, 10 + g] = before[rows]
    X[:, 11 + g] = log1p(OWN[:, 2])
    X[:, 12 + g:15 + g] = OWN[:, 3:6]  # first_occurrence, own_furniture, inner_furniture
    X[:, 15 + g:17 + g] = F[:, 0:2]  # furniture_ancestors, furniture_tag_above
    X[:, 17 + g] = np.where(F[:, 2] > 0, OWN[:, 9] - F[:, 2], 0.0)  # furniture_up
    X[:, 18 + g:len(OWN_NAMES)] = F[:, 3:7]  # article_text_above .. in_figure
    c = len(OWN_NAMES)
    X[:, c] = rule[rows]
    X[:, c + 1:c + 4] = OWN[:, 6:9]  # in_container, container_up, container_kind
    X[:, c + 4:c + 9] = F[:, 7:12]  # parent_share .. grand_kind_share
    X[:, c + 9] = container_share
    X[:, c + 10] = math.log1p(total_good)
    X[:, c + 11] = math.log1p(n)
    X[:, c + 12] = _near_good(goods, rows, +1)
    X[:, c + 13] = _near_good(goods, rows, -1)
    _neighbours(X, rows, rule, links, level, goods, len(OWN_NAMES) + len(PLACE_NAMES))
    return X


def _ancestors(ids, tags, path, mass, kinds, total_good, cpath, chains) -> tuple[tuple, int]:
    """What a block's ancestors (its element's parent and up) say, the same for every block under that
    parent: furniture above them (how many, the depth of the deepest, by tag), an
    article-text class, <article>/<main>/<figure>, the running-text shares of the parent, grandparent and
    great-grandparent and of elements of their kinds; and how deep the parent's line meets the container's."""
    depth = len(ids)
    k2, k3, k4 = depth - 2, depth - 3, depth - 4
    fur_anc, fur_k, fur_tag, art_text = _chain(ids, tags, path, k2, chains)
    outer = tags[:-1]
    share = mass.get
    return (fur_anc, fur_tag, fur_k, art_text,
            1.0 if "article" in outer else 0.0, 1.0 if "main" in outer else 0.0,
            1.0 if "figure" in outer or "figcaption" in outer else 0.0,
            share(ids[k2], 0) / total_good if k2 >= 0 else 0.0,
            share(ids[k3], 0) / total_good if k3 >= 0 else 0.0,
            share(ids[k4], 0) / total_good if k4 >= 0 else 0.0,
            kinds.get((k2, tags[k2], _kind(path[k2])), 0) / total_good if k2 >= 0 else 0.0,
            kinds.get((k3, tags[k3], _kind(path[k3])), 0) / total_good if k3 >= 0 else 0.0), \
        common_depth(ids[:-1], cpath)


NO_CHAIN = (0, 0, 0, 0)


def _chain(ids, tags, path, upto: int, chains: dict) -> tuple:
    """What the elements 1..upto of a block's line say (furniture count, its depth, furniture by tag, an
    article-text class), built on the nearest ancestor already seen: the blocks of a
    page share most of their ancestors, so each element is read once."""
    k = upto
    while k >= 1 and ids[k] not in chains:
        k -= 1
    acc = chains[ids[k]] if k >= 1 else NO_CHAIN
    for j in range(max(k, 0) + 1, upto + 1):
        fur_anc, fur_k, fur_tag, art_text = acc
        w = path[j]
        if tags[j] in FURNITURE_TAGS:
            fur_tag, fur_k = 1, j
        if w:
            if furniture_words(w):
                fur_anc += 1
                fur_k = j
            elif article_text_words(w):
                art_text = 1
        acc = chains[ids[j]] = (fur_anc, fur_k, fur_tag, art_text)
    return acc


def log1p(values: np.ndarray) -> np.ndarray:
    """log(1 + x) of each value by the C library's log1p, as Python's math module has it. numpy's own
    picks its vector code by the CPU: its AVX-512 log gives log(3) a last bit above the C library's, a
    tree's threshold trained at exactly that value then sends the block the other way, and a page's
    comments came into its body on one machine and not on another. Training (tools/reproducible.py) and
    every CPU now compute the same features."""
    return np.fromiter(map(math.log1p, values.tolist()), dtype=float, count=len(values))


def _near_good(good: np.ndarray, rows: np.ndarray, step: int, reach: int = 3) -> np.ndarray:
    """1 / the distance to the nearest block of running text on one side within `reach`, else 0."""
    at = np.flatnonzero(good)
    out = np.zeros(len(rows))
    if not len(at):
        return out
    if step > 0:
        k = np.searchsorted(at, rows, side="right")
        ok = k < len(at)
        dist = np.where(ok, at[np.minimum(k, len(at) - 1)] - rows, 0)
    else:
        k = np.searchsorted(at, rows, side="left") - 1
        ok = k >= 0
        dist = np.where(ok, rows - at[np.maximum(k, 0)], 0)
    ok &= dist <= reach
    out[ok] = 1.0 / dist[ok]
    return out


def _neighbours(X: np.ndarray, rows: np.ndarray, rule: np.ndarray, links: np.ndarray, level: np.ndarray,
                good: np.ndarray, col: int) -> None:
    """The blocks before and after each row, and the means over windows around it (over all blocks)."""
    n = len(rule)
    has_good = (good > 0).astype(float)
    prev, nxt = rows - 1, rows + 1
    has_prev, has_next = prev >= 0, nxt < n
    for arr in (rule, links, level):
        X[has_prev, col] = arr[prev[has_prev]]
        X[has_next, col + 1] = arr[nxt[has_next]]
        col += 2
    sums = np.vstack((np.zeros(3), np.cumsum(np.column_stack((rule, has_good, links)), axis=0)))
    for w in WINDOWS:
        X[:, col:col + 3] = _window_mean(sums, rows, w, n)
        col += 3


def _window_mean(sums: np.ndarray, rows: np.ndarray, w: int, n: int) -> np.ndarray:
    """Means over the blocks within w of each row, from running sums (sums[k]: the first k blocks)."""
    lo = np.maximum(rows - w, 0)
    hi = np.minimum(rows + w + 1, n)
    return (sums[hi] - sums[lo]) / (hi - lo).reshape(-1, *([1] * (sums.ndim - 1)))


def in_play(blocks: list[Block], ev: Evidence, cols=None) -> np.ndarray:
    """The blocks the model reads (their indices): those the rule keeps, those of a few words with
    little of them in links, and any of two words or more within a few blocks of running text. The
    rest (menus, link lists and fragments away from any paragraph) keep the rule's score: the model
    agrees with it there, and reading them would cost most of its time."""
    n = len(blocks)
    words, links, _ = columns(blocks) if cols is None else cols
    text_before = np.concatenate(([0], np.cumsum(np.asarray(ev.good) > 0)))
    near_text = _window_mean(text_before, np.arange(n), PLAY_REACH, n) > 0
    keep = (np.asarray(ev.scores) >= 0.5) | (words >= PLAY_WORDS) & (links <= 0.5) | near_text & (words >= 2)
    return np.flatnonzero(keep)


def dom_model_scores(blocks: list[Block], ev: Evidence, blend: bool = True) -> np.ndarray | None:
    """Per block the learned model's P(body) and the rule's score, weighed (unless not `blend`: the
    model's alone), the rule's score for blocks not in play; None where there is no model. A block then
    changes the side the rule put it on only where the model is fairly sure of the other (under 0.28
    for a block the rule scores 0.9, above 0.74 for one it scores 0.05). Where the rule finds no
    container, a block of ALONE_WORDS or more has the model's P(body) alone."""
    from .model import load_model

    model = load_model(DOM_MODEL, tuple(feature_names()))
    if model is None:
        return None
    scores = np.asarray(ev.scores, dtype=float)
    cols = columns(blocks)
    rows = in_play(blocks, ev, cols)
    if len(rows):
        p = model.predict_proba(dom_features(blocks, ev, rows, cols))
        if blend:
            mixed = (1 - RULE_WEIGHT) * p + RULE_WEIGHT * scores[rows]
            # no container: the rule scores every block alike and says nothing of a paragraph, which the
            # model then decides alone; short lines (a date, a call to act, a form's note) keep the blend
            p = mixed if ev.container is not None else np.where(cols[0][rows] >= ALONE_WORDS, p, mixed)
        scores[rows] = p
    return scores
