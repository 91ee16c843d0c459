"""Run the extractor over the dev sets and score it with shared/eval/score.py.

    python -m tools.evaluate                     # every set, text and html, all pages
    python -m tools.evaluate --sets scrapinghub/text --limit 40 --json

Predictions are written to eval-out/<set>-<format>/<id>.json, so a score can be re-read
and a page inspected. The scorer is imported from shared/, never copied.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

from dateline.options import Options
from dateline.pipeline import extract
from dateline.read.page import page_stem

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
ALL_SETS = ("seed", "scrapinghub/text", "fundus/text", "trafilatura/text", "multi/text",
            "scrapinghub/html", "fundus/html", "trafilatura/html", "scrapinghub/html-flat", "fundus/html-flat")
HEADLINE_FIELDS = ("page_body_macro", "body", "articles", "headline", "authors", "published", "captions",
                   "snippets", "kicker", "dateline", "updated_text", "highlights", "caption_credit", "sidebars",
                   "sidebar_kind", "quotes", "quote_speaker", "quotes_attributed")


def load_scorer():
    spec = importlib.util.spec_from_file_location("dateline_score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def set_pages(name: str, limit: int | None = None) -> tuple[list[tuple[Path, Path]], str]:
    """(input, gold) pairs of a set, in name order; the first `limit` make the fixed fast subset."""
    if name == "seed":
        src = SHARED / "samples" / "000_dd97cf2f0526c415.txt"
        return [(src, SHARED / "samples" / "000_dd97cf2f0526c415.gold.json")], "text"
    setname, fmt = name.split("/")
    base = SHARED / "data" / "dev" / setname
    pairs = []
    for inp in sorted((base / fmt.removesuffix("-flat")).iterdir()):
        stem = page_stem(inp)
        gold = base / "gold" / f"{stem}.gold.json"
        if gold.exists():
            pairs.append((inp, gold))
    return pairs[:limit] if limit else pairs, fmt


def evaluate_set(name: str, limit: int | None = None, out_root: Path | None = None,
                 options: Options | None = None, only: set[str] | None = None) -> dict:
    scorer = load_scorer()
    pairs, fmt = set_pages(name, limit)
    flat = fmt.endswith("-flat")
    fmt = "text" if flat else fmt
    if only is not None:
        pairs = [(i, g) for i, g in pairs if page_stem(i) in only]
    options = options or Options()
    options = options.with_(input_format=fmt)
    tally = scorer.Tally()
    out_dir = (out_root or REPO / "eval-out") / name.replace("/", "-")
    out_dir.mkdir(parents=True, exist_ok=True)
    errors = 0
    t0 = time.perf_counter()
    for inp, gold in pairs:
        if flat:  # the same page flattened by a second tool, read as text
            from tools.evalflat import flatten_blocks
            from dateline.read import read_path

            html = read_path(inp, "html").data.decode("utf-8", "replace")
            result = extract(flatten_blocks(html).encode("utf-8"), options.with_(input_format="text"),
                             uri=str(inp))
        else:
            result = extract(inp, options)
        errors += bool(result.errors)
        doc = result.to_dict()
        (out_dir / (gold.name.replace(".gold.json", ".json"))).write_text(json.dumps(doc, ensure_ascii=False))
        scorer.score_page(doc, scorer.load(gold), tally)
    elapsed = time.perf_counter() - t0
    report = tally.report()
    report["_run"] = {"pages": len(pairs), "errors": errors, "seconds": round(elapsed, 2),
                      "pages_per_s": round(len(pairs) / elapsed, 1) if elapsed else None}
    return report


def figure(report: dict, name: str) -> float | None:
    v = report.get(name)
    if not v:
        return None
    return v.get("f1", v.get("accuracy"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=list(ALL_SETS), help="sets to run (default: all)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    ap.add_argument("--json", action="store_true", help="print every figure as JSON")
    ap.add_argument("--nlp", default="off", help="enrichment level (quotes are scored with full)")
    args = ap.parse_args(argv)
    reports = {}
    for name in args.sets:
        reports[name] = evaluate_set(name, args.limit, options=Options(nlp=args.nlp))
        if not args.json:
            _print_report(name, reports[name])
    if args.json:
        print(json.dumps(reports, indent=1))
    return 0


def _print_report(name: str, rep: dict) -> None:
    run = rep["_run"]
    print(f"== {name}: {run['pages']} pages, {run['errors']} errors, {run['pages_per_s']} pages/s")
    for field in HEADLINE_FIELDS:
        v = rep.get(field)
        if not v:
            continue
        if "f1" in v:
            print(f"  {field:18s} P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f}  "
                  f"(gold {v['gold']}, pred {v['pred']})")
        elif v.get("accuracy") is not None:
            print(f"  {field:18s} accuracy={v['accuracy']:.3f}  (n={v['n']})")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
