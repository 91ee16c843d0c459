"""Cross-site evaluation: each dev page scored with models trained with its whole site held out.

    python -m tools.kfold --sets fundus/text wcxb/html     # or through `make eval` (tools.evaluate)

The sites of every dev set together (tools/sites.py: a page's registered domain) are shuffled with a
fixed seed and dealt into FOLDS folds. For each fold every learned model (`tools.train.TRAINERS`:
the text path's body, caption, byline and headline models, and any model added there) is trained on
the pages of the other folds' sites, then the pipeline runs on the fold's pages with those models
(`Options(models=...)`), never with the shipped ones. A page of several stories (`multi`) is made of
pages from several sites, which the deal may put in different folds: such pages go to one extra
fold, `joint`, whose models are trained without any of their sites.

Models and predictions are cached under build/kfold/<fingerprint>/, the fingerprint being a hash of
the code (src/, tools/), the dev data's file list and sizes, the fold plan and the training
parameters: a repeat evaluation with nothing changed re-reads them; a code change retrains.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import time
from functools import lru_cache
from pathlib import Path

from dateline.read.page import page_stem
from tools.evaluate import REPO, SHARED, add_printed_headline, evaluate_set, set_pages
from tools.sites import page_sites

DEV = SHARED / "data" / "dev"
FOLDS = 5
SEED = 14  # any fixed number: the folds must not change between runs
JOINT = "joint"
BUILD = Path(os.environ.get("DATELINE_BUILD", REPO / "build")) / "kfold"


@lru_cache(maxsize=1)
def dev_page_sites() -> dict[tuple[str, str], tuple[str, ...]]:
    """(set, stem) -> the sites of every dev page with gold, in name order."""
    out = {}
    for base in sorted(p for p in DEV.iterdir() if (p / "gold").is_dir()):
        for gold in sorted((base / "gold").iterdir()):
            stem = gold.name.removesuffix(".gold.json")
            out[(base.name, stem)] = page_sites(base.name, stem, json.loads(gold.read_text()), DEV)
    return out


def fold_plan(k: int = FOLDS, seed: int = SEED) -> tuple[dict[tuple[str, str], str], dict[str, frozenset[str]]]:
    """Which fold each page is scored in, and the sites each fold's models may not see."""
    pages = dev_page_sites()
    sites = sorted({s for ss in pages.values() for s in ss})
    random.Random(seed).shuffle(sites)
    site_fold = {s: str(i % k) for i, s in enumerate(sites)}
    page_fold, held = {}, {str(i): set() for i in range(k)}
    for s, f in site_fold.items():
        held[f].add(s)
    for key, ss in pages.items():
        folds = {site_fold[s] for s in ss}
        page_fold[key] = folds.pop() if len(folds) == 1 else JOINT
        if page_fold[key] == JOINT:
            held.setdefault(JOINT, set()).update(ss)
    return page_fold, {f: frozenset(s) for f, s in held.items()}


def fingerprint(k: int = FOLDS, seed: int = SEED) -> str:
    """What the cached models and predictions depend on: code, data, fold plan, training parameters."""
    h = hashlib.sha256()
    for root in (REPO / "src" / "dateline", REPO / "tools"):
        for f in sorted(root.rglob("*.py")):
            h.update(str(f.relative_to(REPO)).encode() + b"\0" + f.read_bytes())
    for f in sorted(DEV.rglob("*")):
        if f.is_file():
            h.update(f"{f.relative_to(DEV)}:{f.stat().st_size}\n".encode())
    h.update(f"k={k} seed={seed} params={os.environ.get('DATELINE_TRAIN_PARAMS', '')}".encode())
    return h.hexdigest()[:16]


class CrossSite:
    """Fold models, trained on demand and cached, and the page -> models directory mapping."""

    def __init__(self, k: int = FOLDS, seed: int = SEED, root: Path = BUILD):
        self.page_fold, self.held_out = fold_plan(k, seed)
        self.root = root / fingerprint(k, seed)
        self._pages = None

    def models_for(self, setname: str, stem: str) -> Path | None:
        fold = self.page_fold.get((setname, stem))
        return None if fold is None else self.fold_models(fold)

    def fold_models(self, fold: str) -> Path:
        out = self.root / f"fold-{fold}"
        if not (out / "DONE").exists():
            self._train(fold, out)
        return out

    def _train(self, fold: str, out: Path) -> None:
        from tools import train

        if self._pages is None:
            self._pages = train.load_pages()
        held = self.held_out[fold]
        keep = [p for p in self._pages if p.site not in held]
        keys = frozenset(key for key, ss in dev_page_sites().items() if not set(ss) & held)
        print(f"[kfold] training fold {fold}: {len(keep)} text pages, {len(held)} sites held out", flush=True)
        t0 = time.process_time()
        tmp = out.with_name(out.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        train.train_models(train.TrainData(keep, keys), tmp)
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
        (out / "DONE").write_text(f"{time.process_time() - t0:.0f} s CPU\n")

    def evaluate(self, name: str, limit: int | None = None, nlp: str = "off") -> dict:
        """The set's report with every page run on its fold's models; cached with its predictions."""
        out_root = self.root / "pred"
        cached = out_root / f"{name.replace('/', '-')}{'-' + str(limit) if limit else ''}-{nlp}.report.json"
        if cached.exists():
            return json.loads(cached.read_text())
        from dateline.options import Options

        setname = name.split("/")[0]
        pairs, _ = set_pages(name, limit)
        for inp, _ in pairs:  # train the folds first, so the timing below is the extraction's
            self.models_for(setname, page_stem(inp))
        rep = evaluate_set(name, limit, out_root=out_root, options=Options(nlp=nlp),
                           models=lambda stem: self.models_for(setname, stem))
        add_printed_headline(name, rep, out_root / name.replace("/", "-"), limit)
        cached.write_text(json.dumps(rep))
        return rep


def main(argv: list[str] | None = None) -> int:
    from tools.evaluate import DEFAULT_SETS, print_reports

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=list(DEFAULT_SETS))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    cs = CrossSite(args.folds, args.seed)
    for name in args.sets:
        print_reports(name, {"cross-site": cs.evaluate(name, args.limit)})
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
