"""Train the HTML body model (layout/dom_model.py) on every dev HTML set, and score it by site.

    python -m tools.bodymodel                 # train on all pages, write layout/models/body_html.json
    python -m tools.bodymodel --kfold 5       # k-fold by site: each page scored by a model that never
                                              # saw its site (registered domain), the pipeline run whole
    python -m tools.bodymodel --kfold 5 --no-write --sets wcxb fundus

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
from urllib.parse import urlparse

import numpy as np

from dateline.blocks.html import html_blocks
from dateline.layout.dom import dom_evidence
from dateline.layout.dom_model import DOM_MODEL, MODEL_PATH, dom_features, feature_names
from dateline.layout.model import SHIPPED_DIR, using_models
from dateline.options import Options
from dateline.read import decode, read_path
from dateline.read.page import page_stem
from tools.evaluate import SHARED, evaluate_set, figure
from tools.train import export, gold_labels

HTML_SETS = ("scrapinghub", "fundus", "trafilatura", "wcxb")
PARAMS = dict(max_iter=150, max_depth=6, learning_rate=0.1, min_samples_leaf=40, l2_regularization=1.0,
              random_state=0)
PARAMS.update(json.loads(os.environ.get("DATELINE_DOM_PARAMS", "{}")))  # for tuning runs
SEED = 0
# second-level labels under which sites register their names ("bbc.co.uk", "abc.net.au")
SECOND_LEVEL = frozenset(("co", "com", "net", "org", "gov", "ac", "edu", "gv", "or", "ne", "go"))
FIELDS = {"scrapinghub": ("page_body_macro",), "fundus": ("page_body_macro",),
          "trafilatura": ("snippets", "page_body_macro"), "wcxb": ("page_body_macro", "snippets")}


def registered_domain(url: str) -> str:
    host = urlparse(url).netloc.lower().split(":")[0].removeprefix("www.")
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def site_of(gold: dict, stem: str) -> str:
    src = gold.get("source", {})
    return registered_domain(src.get("url") or "") or src.get("publisher") or stem


def load_pages(sets=HTML_SETS):
    """(set, stem, site, features, labels) for every HTML page of the sets."""
    options = Options(input_format="html")
    pages = []
    for setname in sets:
        base = SHARED / "data" / "dev" / setname
        for path in sorted((base / "html").iterdir()):
            stem = page_stem(path)
            gold = json.loads((base / "gold" / f"{stem}.gold.json").read_text())
            page = read_path(path, "html")
            page.text, page.encoding = decode(page.data, page.declared_charset, is_html=True)
            blocks, _ = html_blocks(page, options)
            ev = dom_evidence(blocks)
            if ev is None:
                continue
            X = dom_features(blocks, ev)
            y = gold_labels(blocks, gold)
            pages.append((setname, stem, site_of(gold, stem), X, y))
    return pages


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
    from sklearn.ensemble import HistGradientBoostingClassifier  # training only: never at run time

    X, y, w = matrix(pages)
    clf = HistGradientBoostingClassifier(**PARAMS).fit(X, y, sample_weight=w)
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
            (fold_dir / DOM_MODEL).write_text(json.dumps(fit(train), separators=(",", ":")))
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
        args.out.write_text(json.dumps(spec, separators=(",", ":")))
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
