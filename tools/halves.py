"""Split a dev set's sites in two halves, to write rules on one and measure them on the other.

    python -m tools.halves --set wcxb/html            # both halves' figures from eval-out/ (run evaluate first)
    python -m tools.halves --set wcxb/html --list dev # the pages of the half to study
    python -m tools.halves --set wcxb/text --cross-site  # from the last cross-site evaluation's predictions

A rule has no training, so its figure on the pages it was written from says little about new sites.
The rule of the split: a page's site is its registered domain (tools.sites.page_sites); the site is in
the `dev` half when the first byte of the SHA-1 of that domain is even, in `held-out` when odd. Study
misses on `dev` only; report `held-out` beside the whole set.
"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from dateline.read.page import page_stem
from tools.evaluate import REPO, SHARED, _cell, rescore, set_pages
from tools.sites import page_sites

HALVES = ("dev", "held-out")
FIELDS = ("page_body_macro", "page_body", "body", "articles", "snippets", "dated", "headline")


def half_of_site(site: str) -> str:
    return HALVES[hashlib.sha1(site.encode()).digest()[0] % 2]


def half_pages(name: str) -> dict[str, set[str]]:
    """The page stems of each half of a set."""
    setname = name.split("/")[0]
    out: dict[str, set[str]] = {h: set() for h in HALVES}
    for inp, gold in set_pages(name)[0]:
        stem = page_stem(inp)
        site = page_sites(setname, stem, json.loads(gold.read_text()), SHARED / "data" / "dev")[0]
        out[half_of_site(site)].add(stem)
    return out


def cross_site_preds(name: str) -> Path:
    """The cross-site predictions of a set: those of the code as it is, else the newest run's."""
    from tools.kfold import BUILD, CrossSite

    sub = Path("pred") / name.replace("/", "-")
    here = CrossSite().root / sub
    if here.is_dir():
        return here
    runs = sorted((p for p in BUILD.glob(f"*/{sub}") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    if not runs:
        raise SystemExit(f"no cross-site predictions of {name}: run python -m tools.evaluate --sets {name}")
    return runs[-1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="wcxb/html")
    ap.add_argument("--list", choices=HALVES, help="print the page stems of one half")
    ap.add_argument("--cross-site", action="store_true",
                    help="read the predictions of the cross-site run (build/kfold/<code fingerprint>/pred)")
    args = ap.parse_args(argv)
    halves = half_pages(args.set)
    if args.list:
        print("\n".join(sorted(halves[args.list])))
        return 0
    pred_dir = REPO / "eval-out" / args.set.replace("/", "-")
    if args.cross_site:
        pred_dir = cross_site_preds(args.set)
        print(f"predictions: {pred_dir.relative_to(REPO)}")
    print(f"{'':20s}" + "".join(f"{h:>12s}" for h in HALVES + ("whole",)))
    reports = [rescore(args.set, pred_dir, halves[h]) for h in HALVES]
    reports.append(rescore(args.set, pred_dir, halves["dev"] | halves["held-out"]))
    print(f"{'pages':20s}" + "".join(f"{len(halves[h]):>12d}" for h in HALVES)
          + f"{sum(len(v) for v in halves.values()):>12d}")
    for field in FIELDS:
        cells = [_cell(r.get(field)) for r in reports]
        if any(cells):
            print(f"{field:20s}" + "".join(f"{c:>12s}" for c in cells))
    for part in ("precision", "recall"):  # what the body keeps that the gold does not, and what it misses
        values = [r.get("page_body_macro", {}).get(part) for r in reports]
        if all(v is not None for v in values):
            print(f"{'body ' + part:20s}" + "".join(f"{v:>12.3f}" for v in values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
