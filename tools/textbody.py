"""The text body model alone, cross-site and fast: what a change to its training data, weights,
parameters or features does on sites it never saw, in minutes instead of a full `make eval`.

    python -m tools.textbody --mean-with-all                  # the shipped recipe: two models averaged
    python -m tools.textbody                                  # the news sets' model alone
    python -m tools.textbody --train scrapinghub fundus trafilatura wcxb --share 1.0
    python -m tools.textbody --params '{"max_depth": 5, "min_samples_leaf": 200}'
    python -m tools.textbody --drop position page_blocks_log  # the model without some features

For each fold of tools/kfold.py's plan (sites dealt by the same seed; `multi` pages in the joint fold)
a body model is trained on the flattened pages of the other folds' sites of the `--train` sets (each
page in the four flattener variants `make train` uses; with `--share`, each set's lines weighed at
most that many times all the other sets' together), then the fold's pages of every scored set are labelled: the
model's P(body), the labeller's gap filling (labeller.fill_gaps), against the gold-aligned lines
(train.gold_labels). The figure is a page's word F1 over its labelled lines, averaged over pages.

It leaves out what the pipeline does after the labeller (stories, headline, captions), so it is a
proxy, but a close one: with the news sets' model alone it gives wcxb 0.849, fundus 0.922, multi
0.900 where the full cross-site evaluation gave page_body_macro 0.850, 0.923 and 0.904 (bench/results.md).
"""
from __future__ import annotations

import argparse
import gzip
import json

import numpy as np

from dateline.blocks.text import text_blocks
from dateline.layout.features import block_features, feature_names
from dateline.layout.labeller import fill_gaps
from dateline.read import decode
from dateline.read.page import page_stem
from tools import train as T
from tools.kfold import dev_page_sites, fold_plan
from tools.progress import progress

SCORED = ("scrapinghub", "fundus", "trafilatura", "wcxb", "multi")


def load(sets=SCORED) -> list[dict]:
    """Every flattened dev page of the sets: its blocks, gold-aligned labels, words and the features
    of each flattener variant (one variant for `multi`, which no model trains on)."""
    pages = []
    for s in sets:
        for path in progress(sorted((T.DEV / s / "text").iterdir()), f"reading {s} pages"):
            stem = page_stem(path)
            text, _ = decode(gzip.decompress(path.read_bytes()))
            blocks = text_blocks(text)
            if not blocks:
                continue
            tp = T.TrainPage(s, stem, "", blocks, T.gold_labels(blocks, T.gold_of(s, stem)))
            feats = [block_features(blocks)] if s == "multi" else T.variant_features(tp)
            pages.append(dict(set=s, stem=stem, blocks=blocks, labels=tp.labels, feats=feats,
                              words=np.array([b.words for b in blocks])))
    return pages


def page_f1(pred, labels, words) -> float | None:
    """Word F1 of the lines taken as body against the gold-aligned ones (unlabelled lines left out)."""
    keep = [i for i, lab in enumerate(labels) if lab is not None]
    gold = sum(words[i] for i in keep if labels[i])
    if not gold:
        return None
    got = sum(words[i] for i in keep if pred[i])
    tp = sum(words[i] for i in keep if pred[i] and labels[i])
    return 0.0 if not tp else 2 * tp / (got + gold)


def fit(train, cols, share: float | None, params: dict):
    Xs, ys, ss = [], [], []
    for p in train:
        keep = [i for i, lab in enumerate(p["labels"]) if lab is not None]
        for F in p["feats"]:
            Xs.append(F[keep][:, cols])
            ys.append(np.array([p["labels"][i] for i in keep]))
            ss.append(np.full(len(keep), p["set"]))
    weight = None if share is None else T.set_weights(np.concatenate(ss), share)
    return T.fit_gbdt(params, np.vstack(Xs), np.concatenate(ys), weight)


def cross_site(pages, cols, train_sets, share: float | None, params: dict, mean_all: bool = False) -> dict[str, float]:
    """Each page scored by a body model trained without its sites (with `mean_all`, the mean of its
    P(body) and that of a model trained on every set, as shipped); mean page F1 per set."""
    page_fold, held_out = fold_plan()
    sites = dev_page_sites()
    res: dict[str, list[float]] = {}
    for fold in sorted(held_out):
        seen = [p for p in pages if p["set"] in T.TRAIN_SETS and not set(sites[(p["set"], p["stem"])]) & held_out[fold]]
        train = [p for p in seen if p["set"] in train_sets]
        models = [fit(train, cols, share, params)]
        if mean_all:
            models.append(fit(seen, cols, T.ALL_SHARE, params))
        for p in pages:
            if page_fold[(p["set"], p["stem"])] == fold:
                scores = np.mean([m.predict_proba(p["feats"][0][:, cols])[:, 1] for m in models], axis=0)
                v = page_f1(fill_gaps(p["blocks"], scores.tolist()), p["labels"], p["words"])
                if v is not None:
                    res.setdefault(p["set"], []).append(v)
        print(f"fold {fold}: {len(train)} pages trained", flush=True)
    return {s: round(float(np.mean(v)), 4) for s, v in sorted(res.items())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", nargs="*", default=list(T.NEWS_SETS), help="sets the body model learns from")
    ap.add_argument("--mean-with-all", action="store_true",
                    help="average its P(body) with a model's trained on every text set (the shipped recipe)")
    ap.add_argument("--share", type=float, default=None,
                    help="no set weighs more than this × the others (default: every line weighs 1, as make train)")
    ap.add_argument("--params", default="{}", help="JSON over make train's body model parameters")
    ap.add_argument("--drop", nargs="*", default=[], help="feature names left out")
    args = ap.parse_args(argv)
    names = feature_names()
    unknown = set(args.drop) - set(names)
    if unknown:
        ap.error(f"no such feature: {', '.join(sorted(unknown))}")
    cols = [i for i, n in enumerate(names) if n not in args.drop]
    params = dict(T.PARAMS, **json.loads(args.params))
    figures = cross_site(load(), cols, tuple(args.train), args.share, params, args.mean_with_all)
    print("cross-site text body (block-level proxy): "
          + "  ".join(f"{s} {v:.3f}" for s, v in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
