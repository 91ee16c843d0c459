"""The text body's second reading: each line's P(body) by the two body models, set beside what those models
read of the lines around it, as features of a third model (the context model, body_text_context.json).

A line-by-line model reads a line and its near neighbours' shape; it does not see that the line stands
in the middle of forty lines both models keep, or twenty lines below the last of them. A guide's short
list items, a table's rows and a section's heading between paragraphs look like furniture line by line
and like the article in context. A flattened page also sets its article's lines at one indent, and its
menus, boxes and lists elsewhere: the context model reads each line's indent against the kept lines'.
It learns all this from the first two models' scores on pages they were not trained on
(tools/train_context.py), so it learns how far to trust them on a page they have not seen.
"""
from __future__ import annotations

import numpy as np

from ..blocks import Block
from .features import feature_names
from .model import BODY_CONTEXT_MODEL, BODY_THRESHOLD, LONG_LINE_WORDS, body_predictions, load_model

NEIGHBOURS = (1, 2)  # the mean score of the line this many lines above and below
WINDOWS = (1, 2, 4, 8)  # mean score, and word-weighted mean score, of the lines within this many of a line
OWN_WINDOWS = (2, 8)  # each model's own mean score within this many lines
INDENT = feature_names().index("indent")  # the block feature column of a line's indent (in steps of 4 spaces)
INDENT_REACH = 5.0  # an indent this many steps from the article's or further is "elsewhere on the page"
FAR = 50.0  # distances to the nearest kept line are cut here: further is "none near"


def context_names() -> list[str]:
    """The context model's feature names, in column order: the context columns, then every block feature."""
    names = ["mean"]
    for k in NEIGHBOURS:
        names += [f"mean_above_{k}", f"mean_below_{k}"]
    for w in WINDOWS:
        names += [f"mean_window_{w}", f"mean_window_{w}_by_words"]
    for kept in ("kept", "kept_long"):
        names += [f"lines_from_{kept}_above", f"lines_from_{kept}_below"]
    names += ["inside_kept_span", "place_in_kept_span", "kept_share"]
    for model in ("news", "wide"):
        names.append(model)
        names += [f"{model}_window_{w}" for w in OWN_WINDOWS]
        names.append(f"{model}_kept_share")
    names += ["indent_kept_share", "indent_from_kept"]
    return names + list(feature_names())


def _window_means(values: np.ndarray, w: int, weights: np.ndarray | None = None) -> np.ndarray:
    """The (weighted) mean of `values` over the lines within `w` lines of each line, the page's ends cut."""
    n = len(values)
    idx = np.arange(n)
    lo, hi = np.maximum(0, idx - w), np.minimum(n, idx + w + 1)
    if weights is None:
        c = np.concatenate([[0.0], np.cumsum(values)])
        return (c[hi] - c[lo]) / (hi - lo)
    c = np.concatenate([[0.0], np.cumsum(values * weights)])
    cw = np.concatenate([[0.0], np.cumsum(weights)])
    return (c[hi] - c[lo]) / np.maximum(1.0, cw[hi] - cw[lo])


def _distances(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lines from each line up to the nearest other line of `mask` above it, and down to the nearest
    below; FAR where there is none."""
    n = len(mask)
    idx = np.arange(n)
    at = np.where(mask, idx, -(10 ** 9))
    last_above = np.maximum.accumulate(np.concatenate([[-(10 ** 9)], at[:-1]]))  # strictly above
    nxt = np.where(mask, idx, 10 ** 9)
    next_below = np.minimum.accumulate(np.concatenate([nxt[1:], [10 ** 9]])[::-1])[::-1]  # strictly below
    return np.minimum(FAR, idx - last_above).astype(float), np.minimum(FAR, next_below - idx).astype(float)


def context_features(news: np.ndarray, wide: np.ndarray, words: np.ndarray, feats: np.ndarray) -> np.ndarray:
    """The context model's rows for a page's lines (`context_names`): P(body) by the news and the wide
    body model, the lines' word counts and the block feature matrix the models read."""
    n = len(news)
    mean = (news + wide) / 2
    words = words.astype(float)
    cols = [mean]
    for k in NEIGHBOURS:
        pad = np.concatenate([np.zeros(k), mean, np.zeros(k)])
        cols += [pad[:n], pad[2 * k:]]
    for w in WINDOWS:
        cols += [_window_means(mean, w), _window_means(mean, w, words)]
    kept = mean >= BODY_THRESHOLD
    for mask in (kept, kept & (words >= LONG_LINE_WORDS)):
        cols += list(_distances(mask))
    at = np.flatnonzero(kept)
    idx = np.arange(n)
    if len(at):
        first, last = at[0], at[-1]
        cols += [((idx > first) & (idx < last)).astype(float),
                 np.clip((idx - first) / max(1, last - first), -1.0, 2.0)]
    else:
        cols += [np.zeros(n), np.zeros(n)]
    cols.append(np.full(n, kept.mean() if n else 0.0))
    for p in (news, wide):
        cols.append(p)
        cols += [_window_means(p, w) for w in OWN_WINDOWS]
        cols.append(np.full(n, (p >= BODY_THRESHOLD).mean() if n else 0.0))
    cols += _indent_columns(feats[:, INDENT] if n else np.zeros(0), words, kept & (words >= LONG_LINE_WORDS))
    return np.column_stack(cols + [feats]) if n else np.zeros((0, len(context_names())))


def _indent_columns(indent: np.ndarray, words: np.ndarray, kept_long: np.ndarray) -> list[np.ndarray]:
    """A flattened page indents its article's paragraphs alike: the share of the kept long lines' words
    set at each line's indent, and how far the line's indent is from the one most of them share."""
    n = len(indent)
    if not kept_long.any():
        return [np.zeros(n), np.zeros(n)]
    levels, at = np.unique(indent[kept_long], return_inverse=True)
    share = np.bincount(at, weights=words[kept_long]) / words[kept_long].sum()
    pos = np.minimum(np.searchsorted(levels, indent), len(levels) - 1)
    return [np.where(levels[pos] == indent, share[pos], 0.0),
            np.clip(indent - levels[np.argmax(share)], -INDENT_REACH, INDENT_REACH)]


def context_scores(blocks: list[Block], feats: np.ndarray) -> np.ndarray | None:
    """P(body) of each line by the context model, from the two body models' P(body) of the same matrix
    (`model.body_predictions`) and the lines' words; None where a model is missing."""
    context = load_model(BODY_CONTEXT_MODEL, tuple(context_names()))
    both = None if context is None else body_predictions(feats)
    if context is None or both is None:
        return None
    words = np.fromiter((b.words for b in blocks), dtype=float, count=len(blocks))
    return context.predict_proba(context_features(both[0], both[1], words, feats))
