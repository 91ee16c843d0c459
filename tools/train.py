"""Train every learned model from the dev sets: `make train` (python -m tools.train).

Labels come from aligning each block of the flattened text with the gold: a block is body when
most of its word trigrams are in the gold body (short blocks: when they equal a gold paragraph);
for pages with only hand-made snippets, blocks holding a must-have snippet are body and blocks
holding a must-not snippet are not, the rest unlabelled. Each trained ensemble is exported to JSON
(layout/models/*.json) and evaluated at run time with numpy only.

Training is a pure function of the dev data and the code: one thread (the fit's float sums do not
depend on the machine's core count), seeded models, sorted inputs, and the headline ranker trained
on stories split with the fresh body, caption and byline models and the hand-weighted headline
score, never with the models a previous run left. `make train` twice gives the same files, byte
for byte. `train_models(data, out_dir)` is what the cross-site evaluation (tools/kfold.py) calls
for each fold; `TRAINERS` lists every model it trains, in order. `--check` (`make train-check`)
trains into a temporary directory and exits 1 naming each shipped model file that differs.
"""
from __future__ import annotations

import argparse
import copy
import random
import gzip
import json
import multiprocessing
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from dateline.blocks.text import text_blocks
from tools.evaluate import SHARED
from tools.progress import progress, say
from tools.reproducible import in_reproducible_process
from tools.sites import page_sites
from dateline.read import decode
from dateline.read.page import page_stem
from dateline.layout.features import block_features, feature_names
from dateline.layout.headline import HEADLINE_MODEL
from dateline.layout.model import (BODY_ALL_MODEL, BODY_CONTEXT_MODEL, BODY_MODEL, BYLINE_MODEL, CAPTION_MODEL,
                                   SHIPPED_DIR, averaged_body,
                                   using_models)

TRAIN_SETS = ("scrapinghub", "fundus", "trafilatura", "wcxb")  # the text path's training pages (flattened text)
NEWS_SETS = ("scrapinghub", "fundus", "trafilatura")  # the news body model's (body_text.json)
ALL_SHARE = 1.0  # in body_text_all.json no set's lines weigh more than all the other sets' together
DEV = SHARED / "data" / "dev"
WORD = re.compile(r"\w+")
BODY_COVERAGE = 0.5  # share of a block's trigrams found in the gold body above which it is body
PARAMS = dict(max_iter=200, max_depth=7, learning_rate=0.08, min_samples_leaf=30, l2_regularization=1.0,
              random_state=0)
PARAMS.update(json.loads(os.environ.get("DATELINE_TRAIN_PARAMS", "{}")))  # for tuning runs
# the caption, byline and headline models learn from far fewer positives: smaller trees, fewer of them
SMALL_PARAMS = dict(max_iter=120, max_depth=5, learning_rate=0.08, min_samples_leaf=20, random_state=0)


def fit_gbdt(params: dict, X: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None):
    """A seeded gradient-boosted ensemble, fitted on one thread: with several, the order in which
    the threads' partial sums of gradients are added follows the core count, and a split found on one
    machine can differ from another's in the last bits."""
    from sklearn.ensemble import HistGradientBoostingClassifier  # training only: never at run time
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return HistGradientBoostingClassifier(**params).fit(X, y, sample_weight=weight)


class TrainPage(NamedTuple):
    set: str
    stem: str
    site: str
    blocks: list
    labels: list


@dataclass
class TrainData:
    """What one training run may learn from: the text pages of the training sites (`pages`) and the
    (set, stem) of every dev page of those sites (`keys`), for models that read the HTML."""
    pages: list[TrainPage]
    keys: frozenset[tuple[str, str]]


def gold_of(setname: str, stem: str) -> dict:
    return json.loads((DEV / setname / "gold" / f"{stem}.gold.json").read_text())


def _words(text: str) -> list[str]:
    return WORD.findall(" ".join(text.replace("’", "'").casefold().split()))


def _trigrams(w: list[str]) -> set[tuple[str, ...]]:
    return {tuple(w[i:i + 3]) for i in range(len(w) - 2)}


def gold_labels(blocks, gold: dict) -> list[int | None]:
    arts = gold.get("articles", [])
    paras = [p for a in arts for p in (a.get("body") or [])]
    if paras:
        grams = set().union(*(_trigrams(_words(p)) for p in paras))
        whole = {" ".join(_words(p)) for p in paras}
        out = []
        for b in blocks:
            w = _words(b.text)
            if len(w) >= 3:
                g = _trigrams(w)
                out.append(int(len(g & grams) / len(g) >= BODY_COVERAGE))
            else:
                out.append(int(bool(w) and " ".join(w) in whole))
        return out
    with_ = [" ".join(_words(s)) for a in arts for s in a.get("body_with") or []]
    without = [" ".join(_words(s)) for a in arts for s in a.get("body_without") or []]
    out = []
    for b in blocks:
        t = " ".join(_words(b.text))
        if any(s and s in t for s in with_):
            out.append(1)
        elif any(s and s in t for s in without):
            out.append(0)
        else:
            out.append(None)
    return out


def caption_labels(blocks, gold: dict) -> list[int] | None:
    """1 where a block is (mostly) one of the gold image captions; None for pages without captions."""
    caps = [_words(i.get("caption") or "") for a in gold.get("articles", []) for i in a.get("images") or []]
    caps = [set(c) for c in caps if len(c) >= 3]
    if not caps:
        return None
    out = []
    for b in blocks:
        w = set(_words(b.text))
        out.append(int(len(w) >= 3 and any(len(w & c) / len(w) >= 0.8 and len(w & c) / len(c) >= 0.6
                                           for c in caps)))
    return out


BYLINE_MAX_EXTRA_WORDS = 8  # a byline holds the names and a few words more (role, date), not a paragraph


def byline_labels(blocks, gold: dict) -> list[int] | None:
    """1 where a short block holds one of the gold authors' names."""
    names = [_words(n) for a in gold.get("articles", []) for n in a.get("authors") or []]
    names = [n for n in names if n]
    if not names:
        return None
    out = []
    for b in blocks:
        w = _words(b.text)
        ws = set(w)
        hit = [n for n in names if set(n) <= ws]
        out.append(int(bool(hit) and len(w) <= sum(len(n) for n in hit) + BYLINE_MAX_EXTRA_WORDS))
    return out


def fit_block_model(pages, label_fn, sets, what: str) -> dict:
    """A small per-block classifier for one label (captions, bylines) from gold alignments."""
    Xs, ys = [], []
    for page in pages:
        if page.set not in sets or not page.blocks:
            continue
        labels = label_fn(page.blocks, gold_of(page.set, page.stem))
        if labels is None:
            continue
        for feats in variant_features(page):
            Xs.append(feats)
            ys.append(np.array(labels))
    X, y = np.vstack(Xs), np.concatenate(ys)
    clf = fit_gbdt(SMALL_PARAMS, X, y)
    print(f"{what} model: {len(y)} blocks, {int(y.sum())} positives")
    return export(clf, X.shape[1])


def load_pages(sets=TRAIN_SETS) -> list[TrainPage]:
    """Every dev page of the sets, from its flattened text, with its site and body labels."""
    pages = []
    for setname in sets:
        base = DEV / setname
        for path in progress(sorted((base / "text").iterdir()), f"reading {setname} pages"):
            stem = page_stem(path)
            gold = gold_of(setname, stem)
            text, _ = decode(gzip.decompress(path.read_bytes()))
            blocks = text_blocks(text)
            site = page_sites(setname, stem, gold, DEV)[0]
            pages.append(TrainPage(setname, stem, site, blocks, gold_labels(blocks, gold)))
    return pages


_FEATURES: dict[tuple[str, str], list[np.ndarray]] = {}  # (set, stem) -> each variant's features


def variant_features(page: TrainPage) -> list[np.ndarray]:
    """The block features of each flattener variant of a page, computed once per process (the
    cross-site evaluation trains every fold from the same pages)."""
    key = (page.set, page.stem)
    if key not in _FEATURES:
        _FEATURES[key] = [block_features(v) for v in flattener_variants(page.blocks)]
    return _FEATURES[key]


def flattener_variants(blocks):
    """The same page as other flatteners would print it: with no blank lines and no indentation, and
    with a blank line after every line. Training on all three keeps the model from leaning on one
    tool's spacing, which pages flattened elsewhere do not share."""
    yield blocks
    for gap in (0, 1):
        variant = [copy.copy(b) for b in blocks]
        for b in variant:
            b.gap_before = b.gap_after = gap
            b.indent = 0
        yield variant
    # and a page whose spacing is mixed: some paragraphs set apart, others not
    rng = random.Random(len(blocks))
    variant = [copy.copy(b) for b in blocks]
    for b in variant:
        b.gap_before = b.gap_before if rng.random() < 0.5 else 0
    for a, b in zip(variant, variant[1:]):
        a.gap_after = b.gap_before
    yield variant


def matrix(pages: list[TrainPage], variants: int | None = None):
    """Features, labels and the set of every labelled line of every flattener variant of the pages (or of
    the first `variants` of them)."""
    Xs, ys, sets = [], [], []
    for page in pages:
        if not page.blocks:
            continue
        keep = [i for i, lab in enumerate(page.labels) if lab is not None]
        for feats in variant_features(page)[:variants]:
            Xs.append(feats[keep])
            ys.append(np.array([page.labels[i] for i in keep]))
            sets.append(np.full(len(keep), page.set))
    return np.vstack(Xs), np.concatenate(ys), np.concatenate(sets)


def set_weights(sets: np.ndarray, share: float) -> np.ndarray:
    """A weight per line such that no set's lines weigh more than `share` times all the other sets'
    together: wcxb's 711 pages would otherwise outweigh the news pages of the other three sets."""
    names, counts = np.unique(sets, return_counts=True)
    total = counts.sum()
    w = {n: min(1.0, share * (total - c) / c) if total > c else 1.0 for n, c in zip(names, counts)}
    return np.array([w[s] for s in sets])


def fit(pages: list[TrainPage], share: float | None = None) -> dict:
    X, y, sets = matrix(pages)
    clf = fit_gbdt(PARAMS, X, y, None if share is None else set_weights(sets, share))
    print(f"body model: {len(pages)} pages, {len(y)} labelled blocks ({int(y.sum())} body), {X.shape[1]} features")
    return export(clf, X.shape[1])


def export(clf, n_features: int) -> dict:
    """The fitted ensemble as plain arrays (scikit-learn keeps them in its predictors' node tables)."""
    trees = []
    max_depth = 0
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        idx = np.arange(len(nodes))
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "feature": nodes["feature_idx"].astype(int).tolist(),
            "threshold": [float(t) for t in nodes["num_threshold"]],
            "left": np.where(leaf, idx, nodes["left"]).astype(int).tolist(),
            "right": np.where(leaf, idx, nodes["right"]).astype(int).tolist(),
            "leaf": leaf.tolist(),
            "value": [round(float(v), 6) for v in nodes["value"]],
            "missing_left": nodes["missing_go_to_left"].astype(bool).tolist(),
        })
        max_depth = max(max_depth, int(nodes["depth"].max()))
    baseline = float(np.ravel(clf._baseline_prediction)[0])
    return {"kind": "gbdt-binary", "features": feature_names(), "baseline": baseline,
            "max_depth": max_depth, "params": PARAMS, "trees": trees}


def save(spec: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec, separators=(",", ":")))


def headline_rows(pages, sets=("fundus", "trafilatura")):
    """Candidate rows for the headline ranker: the pipeline's own stories, positives where a candidate
    is the gold headline."""
    from dateline.layout import headline as H
    from dateline.layout.labeller import label_blocks
    from dateline.layout.stories import find_stories

    Xs, ys = [], []
    for page in pages:
        if page.set not in sets or not page.blocks:
            continue
        blocks = page.blocks
        heads = {" ".join(_words(a["headline"])) for a in gold_of(page.set, page.stem)["articles"]
                 if a.get("headline")}
        if not heads:
            continue
        for variant in flattener_variants(blocks):
            feats = label_blocks(variant)
            prev_end = 0
            for story in find_stories(variant, feats):
                cands = H.candidates(variant, prev_end, story.body_start)
                prev_end = story.end
                y = [int(" ".join(_words(variant[i].text)) in heads) for i in cands]
                if not any(y):
                    continue
                Xs.append(H.candidate_features(variant, feats, cands, story.body_start))
                ys.append(np.array(y))
    return np.vstack(Xs), np.concatenate(ys)


def fit_headline(pages) -> dict:
    from dateline.layout.headline import candidate_names

    X, y = headline_rows(pages)
    clf = fit_gbdt(SMALL_PARAMS, X, y)
    spec = export(clf, X.shape[1])
    spec["features"] = candidate_names()
    print(f"headline ranker: {len(y)} candidates, {int(y.sum())} headlines")
    return spec


def _train_body(data: TrainData, out: Path) -> None:
    """Two body models, their P(body) averaged at run time: one from the news sets, one from every text
    set (wcxb's guides, reviews and list articles too). Either alone gives one kind of page up for the
    other (bench/results.md, 2026-12-05 evening)."""
    save(fit([p for p in data.pages if p.set in NEWS_SETS]), out / BODY_MODEL)
    save(fit(data.pages, ALL_SHARE), out / BODY_ALL_MODEL)


def _train_body_context(data: TrainData, out: Path) -> None:
    """The context model (layout/context.py) from the two body models' scores on pages they did not learn
    from: it fits them again on groups of the training sites (tools/train_context.py), not the files above."""
    from tools.train_context import fit_context  # imports this module: read only when trained

    save(fit_context(data.pages), out / BODY_CONTEXT_MODEL)


def _train_caption(data: TrainData, out: Path) -> None:
    save(fit_block_model(data.pages, caption_labels, ("fundus",), "caption"), out / CAPTION_MODEL)


def _train_byline(data: TrainData, out: Path) -> None:
    save(fit_block_model(data.pages, byline_labels, ("fundus", "trafilatura"), "byline"), out / BYLINE_MODEL)


def _train_headline(data: TrainData, out: Path) -> None:
    """The ranker learns from stories split with this run's body, caption and byline models and, for
    the headline, the hand-weighted score: a ranker left by an earlier run never shapes its rows. The
    body is the two body models' mean on every page: the wide model's page choice moved the ranker's
    rows, and so its headlines on pages the choice leaves alone (bench/results.md, 2026-12-06)."""
    (out / HEADLINE_MODEL).unlink(missing_ok=True)
    with using_models(out), averaged_body():
        spec = fit_headline(data.pages)
    save(spec, out / HEADLINE_MODEL)


def _train_body_html(data: TrainData, out: Path) -> None:
    """The HTML body model (layout/dom_model.py), from the dev HTML pages of the training sites: it reads
    the markup, not the text models, so its place in the order moves no other model."""
    from tools.bodymodel import train_body_html  # imports this module: read only when trained

    train_body_html(data.keys, out)


# every learned model, in the order they are trained (a later one may run the pipeline with the
# earlier ones); a trainer reads what it needs from TrainData and writes its file(s) into `out`
TRAINERS: list[tuple[str, Callable[[TrainData, Path], None]]] = [
    ("body", _train_body), ("body context", _train_body_context), ("caption", _train_caption),
    ("byline", _train_byline), ("headline", _train_headline),
    ("HTML body", _train_body_html),
]


# the trainers in two lanes that read none of each other's files (the context model fits its own first
# models; the HTML body model reads the markup): on two cores they run side by side, each lane in the
# order of TRAINERS, and write the same files as one after another (`make train-check` compares them)
LANES = (("body", "caption", "byline", "headline"), ("body context", "HTML body"))


def train_models(data: TrainData, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if (os.cpu_count() or 1) < 2 or multiprocessing.current_process().daemon:
        _train_lane([name for name, _ in TRAINERS], data, out)
        return
    side = multiprocessing.get_context("fork").Process(target=_train_lane, args=(LANES[1], data, out))
    side.start()
    try:
        _train_lane(LANES[0], data, out)
    finally:
        side.join()
    if side.exitcode != 0:
        raise RuntimeError(f"training the {' and '.join(LANES[1])} models failed (exit code {side.exitcode})")


def _train_lane(names, data: TrainData, out: Path) -> None:
    trainers = dict(TRAINERS)
    for name in names:
        say(f"training the {name} model …")
        t0 = time.process_time()
        trainers[name](data, out)
        print(f"  trained {name} in {time.process_time() - t0:.0f} s CPU", flush=True)


def all_keys(pages: list[TrainPage]) -> frozenset[tuple[str, str]]:
    """(set, stem) of every dev page with gold, HTML-only and text-only sets included."""
    keys = {(p.set, p.stem) for p in pages}
    for base in sorted(DEV.iterdir()):
        if (base / "gold").is_dir():
            keys |= {(base.name, f.name.removesuffix(".gold.json")) for f in (base / "gold").iterdir()}
    return frozenset(keys)


def differing(trained: Path, shipped: Path) -> list[str]:
    """The model files that differ between a fresh training's directory and the shipped one: written by
    training but not shipped or not equal byte for byte, or shipped but not written by training."""
    made = {f.name for f in trained.glob("*.json")}
    have = {f.name for f in shipped.glob("*.json")}
    out = [f"{name}: shipped but not rebuilt by make train" for name in sorted(have - made)]
    for name in sorted(made):
        if name not in have:
            out.append(f"{name}: made by make train but not shipped")
        elif (trained / name).read_bytes() != (shipped / name).read_bytes():
            out.append(f"{name}: differs from what make train makes")
    return out


def check(shipped: Path = SHIPPED_DIR) -> int:
    """Train into a temporary directory and compare with the shipped models: 0 if equal, else 1."""
    import tempfile

    again = in_reproducible_process("tools.train", ["--check", "--out", str(shipped)], capture=True)
    if again is not None:
        return again

    with tempfile.TemporaryDirectory(prefix="dateline-train-") as tmp:
        pages = load_pages()
        train_models(TrainData(pages, all_keys(pages)), Path(tmp))
        diff = differing(Path(tmp), shipped)
    for line in diff:
        print(f"DRIFT {shipped / line}")
    print("shipped models are what make train makes" if not diff else
          f"{len(diff)} model file(s) differ: run `make train` and commit the files")
    return 1 if diff else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=SHIPPED_DIR, help="directory to write the models into")
    ap.add_argument("--check", action="store_true",
                    help="train into a temporary directory and exit 1 naming each shipped file that differs")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.out)
    again = in_reproducible_process("tools.train", ["--out", str(args.out)])
    if again is not None:
        return again
    t0 = time.time()
    pages = load_pages()
    train_models(TrainData(pages, all_keys(pages)), args.out)
    sizes = sum(f.stat().st_size for f in args.out.glob("*.json")) // 1024
    print(f"wrote {args.out} ({sizes} KiB) in {time.time() - t0:.0f} s; "
          "`python -m tools.kfold` scores them on sites held out")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
