"""Train the body model from the dev sets: `make train` (python -m tools.train).

Labels come from aligning each block of the flattened text with the gold: a block is body when
most of its word trigrams are in the gold body (short blocks: when they equal a gold paragraph);
for pages with only hand-made snippets, blocks holding a must-have snippet are body and blocks
holding a must-not snippet are not, the rest unlabelled. The trained ensemble is exported to JSON
(layout/models/body_text.json) and evaluated at run time with numpy only.

`--split` trains every model on half of the sites and scores the full pipeline on the other half (and the
other way round): a fair estimate of pages from sites never seen; `--split-only` gives that estimate
without retraining the shipped models.
"""
from __future__ import annotations

import argparse
import copy
import random
import gzip
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from dateline.blocks.text import text_blocks
from tools.evaluate import SHARED, evaluate_set, figure
from dateline.read import decode
from dateline.read.page import page_stem
from dateline.layout.features import block_features, feature_names
from dateline.layout.headline import MODEL_PATH as HEADLINE_PATH
from dateline.layout.model import BYLINE_PATH, CAPTION_PATH, MODEL_PATH, load_model

TRAIN_SETS = ("scrapinghub", "fundus", "trafilatura")
WORD = re.compile(r"\w+")
BODY_COVERAGE = 0.5  # share of a block's trigrams found in the gold body above which it is body
PARAMS = dict(max_iter=200, max_depth=7, learning_rate=0.08, min_samples_leaf=30, l2_regularization=1.0,
              random_state=0)
PARAMS.update(json.loads(os.environ.get("DATELINE_TRAIN_PARAMS", "{}")))  # for tuning runs
# the caption, byline and headline models learn from far fewer positives: smaller trees, fewer of them
SMALL_PARAMS = dict(max_iter=120, max_depth=5, learning_rate=0.08, min_samples_leaf=20, random_state=0)


def _gbdt(params: dict):
    from sklearn.ensemble import HistGradientBoostingClassifier  # training only: never at run time

    return HistGradientBoostingClassifier(**params)


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
    for setname, stem, _, blocks, _ in pages:
        if setname not in sets or not blocks:
            continue
        gold = json.loads((SHARED / "data" / "dev" / setname / "gold" / f"{stem}.gold.json").read_text())
        labels = label_fn(blocks, gold)
        if labels is None:
            continue
        for variant in flattener_variants(blocks):
            Xs.append(block_features(variant))
            ys.append(np.array(labels))
    X, y = np.vstack(Xs), np.concatenate(ys)
    clf = _gbdt(SMALL_PARAMS).fit(X, y)
    print(f"{what} model: {len(y)} blocks, {int(y.sum())} positives")
    return export(clf, X.shape[1])


def site_of(setname: str, stem: str, gold: dict) -> str:
    src = gold.get("source", {})
    if src.get("publisher"):
        return src["publisher"]
    host = urlparse(src.get("url") or "").netloc.lower().removeprefix("www.")
    return host or stem.split("__")[0]


def load_pages(sets=TRAIN_SETS):
    """(set, stem, site, blocks, labels) for every dev page of the sets, from its flattened text."""
    pages = []
    for setname in sets:
        base = SHARED / "data" / "dev" / setname
        for path in sorted((base / "text").iterdir()):
            stem = page_stem(path)
            gold = json.loads((base / "gold" / f"{stem}.gold.json").read_text())
            text, _ = decode(gzip.decompress(path.read_bytes()))
            blocks = text_blocks(text)
            pages.append((setname, stem, site_of(setname, stem, gold), blocks, gold_labels(blocks, gold)))
    return pages


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


def matrix(pages, augment: bool = True):
    Xs, ys = [], []
    for _, _, _, blocks, labels in pages:
        if not blocks:
            continue
        keep = [i for i, label in enumerate(labels) if label is not None]
        for variant in flattener_variants(blocks) if augment else [blocks]:
            Xs.append(block_features(variant)[keep])
            ys.append(np.array([labels[i] for i in keep]))
    return np.vstack(Xs), np.concatenate(ys)


def fit(pages) -> dict:
    X, y = matrix(pages)
    clf = _gbdt(PARAMS).fit(X, y)
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
    for setname, stem, _, blocks, _ in pages:
        if setname not in sets or not blocks:
            continue
        gold = json.loads((SHARED / "data" / "dev" / setname / "gold" / f"{stem}.gold.json").read_text())
        heads = {" ".join(_words(a["headline"])) for a in gold["articles"] if a.get("headline")}
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
    clf = _gbdt(SMALL_PARAMS).fit(X, y)
    spec = export(clf, X.shape[1])
    spec["features"] = candidate_names()
    print(f"headline ranker: {len(y)} candidates, {int(y.sum())} headlines")
    return spec


def split_sites(pages) -> tuple[set[str], set[str]]:
    sites = sorted({p[2] for p in pages})
    return set(sites[0::2]), set(sites[1::2])


SPLIT_FIELDS = {"scrapinghub": ("page_body_macro",), "trafilatura": ("snippets", "headline", "authors", "published"),
                "fundus": ("page_body_macro", "headline", "authors", "published", "captions")}


def split_eval(pages) -> dict:
    """Train every model (body, headline, caption, byline) on one half of the sites, score the
    pipeline on the other half, both ways."""
    from dateline.layout import headline as headline_module
    from dateline.layout import labeller

    a, b = split_sites(pages)
    results = {}
    shipped = (labeller.CAPTION_PATH, labeller.BYLINE_PATH, headline_module.MODEL_PATH)
    tmp = Path(tempfile.mkdtemp())
    try:
        for train_sites, test_sites in ((a, b), (b, a)):
            half = [p for p in pages if p[2] in train_sites]
            for name, spec in (("body", fit(half)), ("headline", fit_headline(half)),
                               ("caption", fit_block_model(half, caption_labels, ("fundus",), "caption")),
                               ("byline", fit_block_model(half, byline_labels, ("fundus", "trafilatura"), "byline"))):
                save(spec, tmp / f"{name}.json")
            os.environ["DATELINE_BODY_MODEL"] = str(tmp / "body.json")
            labeller.CAPTION_PATH, labeller.BYLINE_PATH = tmp / "caption.json", tmp / "byline.json"
            headline_module.MODEL_PATH = tmp / "headline.json"
            load_model.cache_clear()
            for setname in SPLIT_FIELDS:
                only = {p[1] for p in pages if p[0] == setname and p[2] in test_sites}
                rep = evaluate_set(f"{setname}/text", only=only, out_root=Path(tempfile.mkdtemp()))
                results.setdefault(setname, []).append((len(only), rep))
    finally:
        os.environ.pop("DATELINE_BODY_MODEL", None)
        labeller.CAPTION_PATH, labeller.BYLINE_PATH, headline_module.MODEL_PATH = shipped
        shutil.rmtree(tmp, ignore_errors=True)
        load_model.cache_clear()
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", action="store_true", help="also report the half-of-sites estimate")
    ap.add_argument("--split-only", action="store_true",
                    help="only the half-of-sites estimate; the shipped models are left as they are")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--headline-out", type=Path, default=HEADLINE_PATH)
    args = ap.parse_args(argv)
    t0 = time.time()
    pages = load_pages()
    if args.split_only:
        _print_split(split_eval(pages))
        return 0
    X, y = matrix(pages)
    print(f"{len(pages)} pages, {len(y)} labelled blocks ({int(y.sum())} body), {X.shape[1]} features")
    spec = fit(pages)
    save(spec, args.out)
    load_model.cache_clear()
    save(fit_headline(pages), args.headline_out)
    save(fit_block_model(pages, caption_labels, ("fundus",), "caption"), CAPTION_PATH)
    save(fit_block_model(pages, byline_labels, ("fundus", "trafilatura"), "byline"), BYLINE_PATH)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(spec['trees'])} trees) "
          f"in {time.time() - t0:.0f} s")
    if args.split:
        _print_split(split_eval(pages))
    return 0


def _print_split(results: dict) -> None:
    for setname, halves in results.items():
        for key in SPLIT_FIELDS[setname]:
            figs = [figure(rep, key) or 0.0 for _, rep in halves]
            n = sum(k for k, _ in halves)
            mean = sum(f * k for f, (k, _) in zip(figs, halves)) / n
            print(f"split {setname:12s} {key:16s} on unseen sites: {mean:.3f} (halves {figs[0]:.3f}, {figs[1]:.3f})")


if __name__ == "__main__":
    raise SystemExit(main())
