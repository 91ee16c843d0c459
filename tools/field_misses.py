"""Headline and author misses of one dev set, on one half of its sites, as the scorer counts them.

    python -m tools.field_misses --set wcxb --half even --field authors          # the pages a rule is studied on
    python -m tools.field_misses --set wcxb --half odd --field headline --count  # ... and measured on

A rule has no training, so it is measured on sites nobody looked at while writing it: the sites of a set
are dealt into two halves by tools/halves.py: `even` is its `dev` half (the first byte of the SHA-1 of
the registered domain even), `odd` its `held-out` half. Misses are studied on one half, the rule is
measured on the other.

Predictions are read from a folder of `<stem>.json` (default: the cross-site predictions of the
latest `python -m tools.evaluate` run, build/kfold/<fingerprint>/pred/<set>-html); the gold from
../shared/data/dev/<set>/gold. Articles are paired, and headline and authors compared, as
shared/eval/score.py pairs and compares them (its own functions, imported).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tools.evaluate import SHARED, load_scorer
from tools.halves import half_of_site
from tools.sites import page_sites

DEV = SHARED / "data" / "dev"


def half_of(site: str) -> str:
    """'even' or 'odd': tools.halves' `dev` and `held-out` halves, under the names this tool was first run with."""
    return "even" if half_of_site(site) == "dev" else "odd"


def field_rows(setname: str, preds: Path, field: str, half: str = "all"):
    """(stem, site, hit, predicted, gold) for every paired article whose gold has the field."""
    score = load_scorer()
    for g in sorted((DEV / setname / "gold").glob("*.gold.json")):
        stem = g.name.removesuffix(".gold.json")
        gold = json.loads(g.read_text())
        site = page_sites(setname, stem, gold, DEV)[0]
        if half != "all" and half_of(site) != half:
            continue
        pf = preds / f"{stem}.json"
        pred = score.load(pf) if pf.exists() else {"articles": []}
        for i, j in score.pair_articles(pred["articles"], gold["articles"]):
            p, ga = pred["articles"][i], gold["articles"][j]
            if field == "headline" and "headline" in ga:
                yield stem, site, score.norm(p.get("headline")) == score.norm(ga["headline"]), \
                    p.get("headline"), ga["headline"]
            elif field == "authors" and ga.get("authors"):
                hit = sorted(map(score.norm, p.get("authors") or [])) == sorted(map(score.norm, ga["authors"]))
                yield stem, site, hit, p.get("authors"), ga["authors"]


def latest_predictions(setname: str) -> Path:
    from tools.kfold import BUILD, fingerprint

    return BUILD / fingerprint() / "pred" / f"{setname}-html"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="wcxb")
    ap.add_argument("--half", choices=("even", "odd", "all"), default="even")
    ap.add_argument("--field", choices=("headline", "authors"), default="authors")
    ap.add_argument("--pred", type=Path, default=None, help="a folder of <stem>.json predictions")
    ap.add_argument("--count", action="store_true", help="only the accuracy, no list")
    args = ap.parse_args(argv)
    preds = args.pred or latest_predictions(args.set)
    if not preds.is_dir():
        print(f"no predictions in {preds}: run python -m tools.evaluate --sets {args.set}/html first")
        return 2
    n = hits = 0
    for stem, site, hit, pred, gold in field_rows(args.set, preds, args.field, args.half):
        n += 1
        hits += hit
        if not hit and not args.count:
            print(f"{stem} {site}\n  pred: {pred!r}\n  gold: {gold!r}")
    print(f"{args.set} {args.field} on the {args.half} half: {hits}/{n} = {hits / max(n, 1):.3f}")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
