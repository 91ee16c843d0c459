"""The text body's context model (layout/context.py, body_text_context.json), trained by tools/train.py.

It learns from the first two body models' P(body) on pages those models did not learn from, as they
will be at run time: the training pages' sites are dealt into INNER_FOLDS groups (seeded), and each
group's pages are scored by the news and the wide body model trained without that group's sites. A
model that had seen the page would score it surer than it ever scores a new one, and the context model
would learn to trust it too far.

Its rows are each training page's lines (as flattened, the first flattener variant), and the same
pages joined two to four at a time (seeded) into pages of several stories: on a page read alone the
model would learn that a page holds one run of body, and on a page of several stories it would take
the teasers between them in.
"""
from __future__ import annotations

import random

import numpy as np

from dateline.layout.context import context_features, context_names
from dateline.layout.model import TreeEnsemble
from tools import train as T

INNER_FOLDS = 3  # groups of sites each scored by first-stage models trained without them
SEED = 38  # any fixed number: the groups and the joined pages must not change between runs
JOIN_SIZES = (2, 3, 4)  # training pages joined into one page of this many stories
SHARE = 0.5  # no set's lines weigh more than half all the other sets' together (1.0: fundus/text -0.0005)
PARAMS = dict(max_iter=150, max_depth=6, learning_rate=0.1, min_samples_leaf=40, l2_regularization=1.0,
              random_state=0)


def _first_stage(pages: list[T.TrainPage]) -> tuple[TreeEnsemble, TreeEnsemble]:
    """The news and the wide body model, fitted as `make train` fits them but on each page as flattened
    only (not its three other flattener variants: a quarter of the rows, a quarter of the time), as run
    time evaluates them."""
    return _fit_first([p for p in pages if p.set in T.NEWS_SETS], None), _fit_first(pages, T.ALL_SHARE)


def _fit_first(pages: list[T.TrainPage], share: float | None) -> TreeEnsemble:
    X, y, sets = T.matrix(pages, variants=1)
    clf = T.fit_gbdt(T.PARAMS, X, y, None if share is None else T.set_weights(sets, share))
    return TreeEnsemble(T.export(clf, X.shape[1]))


def out_of_fold_scores(pages: list[T.TrainPage]) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """(set, stem) -> each line's P(body) by the news and the wide model trained without the page's site."""
    sites = sorted({p.site for p in pages})
    random.Random(SEED).shuffle(sites)
    scores = {}
    for g in range(INNER_FOLDS):
        group = set(sites[g::INNER_FOLDS])
        news, wide = _first_stage([p for p in pages if p.site not in group])
        for p in pages:
            if p.site in group and p.blocks:
                F = T.variant_features(p)[0]
                scores[(p.set, p.stem)] = (news.predict_proba(F), wide.predict_proba(F))
    return scores


def _rows(group: list[T.TrainPage], scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The labelled lines of the pages one after another, as one page: features, labels, sets."""
    news = np.concatenate([scores[(p.set, p.stem)][0] for p in group])
    wide = np.concatenate([scores[(p.set, p.stem)][1] for p in group])
    words = np.array([b.words for p in group for b in p.blocks])
    X = context_features(news, wide, words, np.vstack([T.variant_features(p)[0] for p in group]))
    labels = [lab for p in group for lab in p.labels]
    sets = [p.set for p in group for _ in p.labels]
    keep = [i for i, lab in enumerate(labels) if lab is not None]
    return X[keep], np.array([labels[i] for i in keep]), np.array([sets[i] for i in keep])


def fit_context(pages: list[T.TrainPage]) -> dict:
    pages = [p for p in pages if p.blocks]
    scores = out_of_fold_scores(pages)
    groups = [[p] for p in pages]
    rng = random.Random(SEED)
    order = pages[:]
    rng.shuffle(order)
    i = 0
    while i < len(order):
        k = rng.choice(JOIN_SIZES)
        groups.append(order[i:i + k])
        i += k
    parts = [_rows(g, scores) for g in groups]
    X = np.vstack([a for a, _, _ in parts])
    y = np.concatenate([b for _, b, _ in parts])
    sets = np.concatenate([c for _, _, c in parts])
    clf = T.fit_gbdt(PARAMS, X, y, T.set_weights(sets, SHARE))
    print(f"body context model: {len(pages)} pages and {len(groups) - len(pages)} joined, {len(y)} labelled lines")
    spec = T.export(clf, X.shape[1])
    spec["features"] = context_names()
    spec["params"] = PARAMS
    return spec
