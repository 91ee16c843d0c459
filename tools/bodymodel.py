"""Train the HTML body model (layout/dom_model.py) on every dev HTML set, and score it by site.

    python -m tools.bodymodel                 # train on all pages, write layout/models/body_html.json
    python -m tools.bodymodel --kfold 5       # k-fold by site: each page scored by a model that never
                                              # saw its site (registered domain), the pipeline run whole
    python -m tools.bodymodel --kfold 5 --no-write --sets wcxb fundus

`make train` (tools/train.py) trains it with the other models (`train_body_html`), and the cross-site
evaluation (tools/kfold.py) trains it per fold on the pages of the fold's training sites.

Labels: each HTML block aligned with the gold (tools.train.gold_labels: body when most of its word
trigrams are in the gold body; on pages with only snippets, blocks holding a must-have snippet are
body and those holding a must-not snippet are not, the rest unlabelled). Seeded and deterministic:
the same data gives the same model file.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np

from dateline.blocks.html import html_blocks
from dateline.layout.dom import dom_evidence
from dateline.layout.dom_model import DOM_MODEL, MODEL_PATH, dom_features, feature_names, in_play
from dateline.layout.model import SHIPPED_DIR, using_models
from dateline.options import Options
from dateline.read import decode, read_path
from dateline.read.page import page_stem
from tools.evaluate import SHARED, evaluate_set, figure
from tools.sites import page_sites
from tools.train import export, fit_gbdt, gold_labels, save

HTML_SETS = ("scrapinghub", "fundus", "trafilatura", "wcxb")
PARAMS = dict(max_iter=150, max_depth=6, learning_rate=0.1, min_samples_leaf=40, l2_regularization=1.0,
              random_state=0)
PARAMS.update(json.loads(os.environ.get("DATELINE_DOM_PARAMS", "{}")))  # for tuning runs
SEED = 0
FIELDS = {"scrapinghub": ("page_body_macro",), "fundus": ("page_body_macro",),
          "trafilatura": ("snippets", "page_body_macro"), "wcxb": ("page_body_macro", "snippets")}
DEV = SHARED / "data" / "dev"


class HtmlPage(NamedTuple):
    set: str
    stem: str
    site: str
    X: np.ndarray  # features of the blocks the model reads at run time (dom_model.in_play), ...
    labels: list  # ... and their gold labels: it learns from these only


_PAGES: dict[tuple[str, ...], list[HtmlPage]] = {}  # read once per process: every fold trains from them


def load_pages(sets=HTML_SETS) -> list[HtmlPage]:
    """Every HTML page of the sets with its site (tools.sites), block features and gold labels."""
    key = tuple(sets)
    if key in _PAGES:
        return _PAGES[key]
    options = Options(input_format="html")
    pages = []
    for setname in sets:
        base = DEV / setname
        for path in sorted((base / "html").iterdir()):
            stem = page_stem(path)
            gold = json.loads((base / "gold" / f"{stem}.gold.json").read_text())
            page = read_path(path, "html")
            page.text, page.encoding = decode(page.data, page.declared_charset, is_html=True)
            blocks, _ = html_blocks(page, options)
            ev = dom_evidence(blocks)
            if ev is None:
                continue
            rows = in_play(blocks, ev)
            labels = gold_labels(blocks, gold)
            pages.append(HtmlPage(setname, stem, page_sites(setname, stem, gold, DEV)[0],
                                  dom_features(blocks, ev, rows), [labels[i] for i in rows]))
    _PAGES[key] = pages
    return pages


def train_body_html(keys, out: Path) -> None:
    """`make train`'s and each cross-site fold's HTML body model: trained on the dev HTML pages whose
    (set, stem) is in `keys`, written into `out`."""
    save(fit([p for p in load_pages() if (p.set, p.stem) in keys]), out / DOM_MODEL)


def matrix(pages):
    Xs, ys, ws = [], [], []
    for _, _, _, X, labels in pages:
        keep = [i for i, v in enumerate(labels) if v is not None]
        if not keep:
            continue
        Xs.append(X[keep])
        ys.append(np.array([labels[i] for i in keep]))
        # every page weighs alike, however many blocks it has (a page of 3,000 menu lines is one page)
        ws.append(np.full(len(keep), 200.0 / max(len(keep), 200)))
    return np.vstack(Xs), np.concatenate(ys), np.concatenate(ws)


def fit(pages) -> dict:
    X, y, w = matrix(pages)
    clf = fit_gbdt(PARAMS, X, y, w)
    print(f"HTML body model: {len(pages)} pages, {len(y)} labelled blocks ({int(y.sum())} body), "
          f"{X.shape[1]} features", flush=True)
    spec = export(clf, X.shape[1])
    spec["features"] = feature_names()
    spec["params"] = PARAMS
    return spec


def folds(pages, k: int) -> list[set[str]]:
    """The sites dealt into k folds, seeded: every page of a site falls in one fold."""
    sites = sorted({p[2] for p in pages})
    random.Random(SEED).shuffle(sites)
    return [set(sites[i::k]) for i in range(k)]


def kfold(pages, k: int, sets) -> dict:
    """Score every page with the model trained on the other folds' sites."""
    tmp = Path(tempfile.mkdtemp())
    out = Path(tempfile.mkdtemp())
    try:
        for n, test_sites in enumerate(folds(pages, k)):
            train = [p for p in pages if p[2] not in test_sites]
            fold_dir = tmp / f"fold{n}"
            shutil.copytree(SHIPPED_DIR, fold_dir)  # the shipped text models, this fold's HTML body model
            save(fit(train), fold_dir / DOM_MODEL)
            with using_models(fold_dir):
                for setname in sets:
                    only = {p[1] for p in pages if p[0] == setname and p[2] in test_sites}
                    evaluate_set(f"{setname}/html", only=only, out_root=out / f"fold{n}")
            print(f"fold {n}: {len(train)} pages trained, {len(pages) - len(train)} held out", flush=True)
        return _rescore(out, sets)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def _rescore(out: Path, sets) -> dict:
    """Every held-out page's prediction, scored together per set."""
    from tools.evaluate import load_scorer

    scorer = load_scorer()
    reports = {}
    for setname in sets:
        tally = scorer.Tally()
        gold_dir = SHARED / "data" / "dev" / setname / "gold"
        for pred in sorted(out.glob(f"fold*/{setname}-html/*.json")):
            gold = gold_dir / pred.name.replace(".json", ".gold.json")
            scorer.score_page(json.loads(pred.read_text()), scorer.load(gold), tally)
        reports[setname] = tally.report()
    return reports


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=list(HTML_SETS), help="sets to score (training uses all)")
    ap.add_argument("--kfold", type=int, default=0, help="also score k-fold by site")
    ap.add_argument("--no-write", action="store_true", help="leave the shipped model as it is")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    t0 = time.time()
    pages = load_pages()
    X, y, _ = matrix(pages)
    print(f"{len(pages)} pages from {len({p[2] for p in pages})} sites, {len(y)} labelled blocks "
          f"({int(y.sum())} body), {X.shape[1]} features ({time.time() - t0:.0f} s)", flush=True)
    if not args.no_write:
        spec = fit(pages)
        save(spec, args.out)
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(spec['trees'])} trees)", flush=True)
    if args.kfold:
        reports = kfold(pages, args.kfold, args.sets)
        for setname, rep in reports.items():
            figs = "  ".join(f"{f} {figure(rep, f):.3f}" for f in FIELDS[setname] if figure(rep, f) is not None)
            r = rep.get("page_body_macro", {}).get("recall")
            print(f"by site, {args.kfold} folds: {setname}/html  {figs}  (body recall {r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
