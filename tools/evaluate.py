"""Run the extractor over the dev sets and score it with shared/eval/score.py.

    python -m tools.evaluate                     # every set, text and html, all pages
    python -m tools.evaluate --sets scrapinghub/text --limit 40 --json
    python -m tools.evaluate --sets polnear/text            # who said what on 840 annotated political articles
    python -m tools.evaluate --sets polnear/text --kfold    # the quote model trained without each publisher in turn

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
                   "sidebar_kind", "quotes", "quote_speaker", "quotes_attributed",
                   "direct_quotes", "reported_speech")
# sets annotated for who said what: scored with the command line's default enrichment unless told
QUOTE_SETS = {"polnear/text": "full"}


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
                 options: Options | None = None, only: set[str] | None = None, tally=None) -> dict:
    """The scorer's report over a set; pass a `tally` to add this run to earlier ones (k-fold)."""
    scorer = load_scorer()
    pairs, fmt = set_pages(name, limit)
    flat = fmt.endswith("-flat")
    fmt = "text" if flat else fmt
    if only is not None:
        pairs = [(i, g) for i, g in pairs if page_stem(i) in only]
    options = options or Options()
    options = options.with_(input_format=fmt)
    tally = tally if tally is not None else scorer.Tally()
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
        gold_doc = scorer.load(gold)
        scorer.score_page(doc, gold_doc, tally)
        if name in QUOTE_SETS:
            quote_kinds(scorer, doc, gold_doc, tally)
    elapsed = time.perf_counter() - t0
    report = tally.report()
    report = {k: v for k, v in report.items() if not k.startswith(("direct_quotes", "reported_speech"))}
    report.update(quote_kind_figures(tally))
    report["_run"] = {"pages": len(pairs), "errors": errors, "seconds": round(elapsed, 2),
                      "pages_per_s": round(len(pairs) / elapsed, 1) if elapsed else None}
    return report


def _text(q: dict) -> str:
    return q.get("text") or ""


def quote_kinds(scorer, pred_doc: dict, gold_doc: dict, tally) -> None:
    """Direct quotes and reported speech apart: `direct_quotes` is precision and recall of the record's
    direct quotes against the gold's (a gold direct quote found as any type counts for recall);
    `reported_speech` is the recall of the gold's indirect ones (found as any type)."""
    pred, gold = pred_doc.get("articles", []), gold_doc.get("articles", [])
    pairs = dict((j, i) for i, j in scorer.pair_articles(pred, gold))
    for j, g in enumerate(gold):
        pq = pred[pairs[j]].get("quotes") or [] if j in pairs else []
        gq = g.get("quotes") or []
        hits = {b: a for a, b in scorer.match_items(pq, gq, key=_text, threshold=0.7)}
        gold_direct = [b for b, q in enumerate(gq) if q.get("type") == "direct"]
        pred_direct = [q for q in pq if q.get("type") == "direct"]
        direct_pairs = scorer.match_items(pred_direct, [gq[b] for b in gold_direct], key=_text, threshold=0.7)
        found = sum(1 for b in gold_direct if b in hits)
        tally.c["direct_quotes.tp"] += len(direct_pairs)
        tally.c["direct_quotes.pred"] += len(pred_direct)
        tally.c["direct_quotes.gold"] += len(gold_direct)
        tally.c["direct_quotes.found"] += found
        indirect = [b for b, q in enumerate(gq) if q.get("type") != "direct"]
        tally.c["reported_speech.gold"] += len(indirect)
        tally.c["reported_speech.found"] += sum(1 for b in indirect if b in hits)


def quote_kind_figures(tally) -> dict:
    c = tally.c
    out = {}
    if c["direct_quotes.gold"]:
        p = c["direct_quotes.tp"] / c["direct_quotes.pred"] if c["direct_quotes.pred"] else 0.0
        out["direct_quotes"] = {"precision": round(p, 4),
                                "recall": round(c["direct_quotes.found"] / c["direct_quotes.gold"], 4),
                                "gold": c["direct_quotes.gold"], "pred": c["direct_quotes.pred"]}
    if c["reported_speech.gold"]:
        out["reported_speech"] = {"recall": round(c["reported_speech.found"] / c["reported_speech.gold"], 4),
                                  "gold": c["reported_speech.gold"]}
    return out


def evaluate_kfold(name: str, options: Options) -> dict:
    """The set scored with the reported-speech model trained without each publisher in turn."""
    import numpy as np

    from tools import train_quotes

    scorer = load_scorer()
    pairs, _ = set_pages(name)
    by_pub: dict[str, set[str]] = {}
    for inp, _gold in pairs:
        by_pub.setdefault(inp.name.split("_", 1)[0], set()).add(page_stem(inp))
    gold_dir = SHARED / "data" / "dev" / name.split("/")[0] / "gold"
    data = train_quotes.collect(sorted(gold_dir.glob("*.gold.json")))
    tally, run = scorer.Tally(), {"pages": 0, "errors": 0, "seconds": 0.0}
    for pub in sorted(by_pub):
        spec = train_quotes.fit(data, np.flatnonzero(data["pubs"] != pub))
        path = REPO / "eval-out" / f"reported-without-{pub}.json"
        train_quotes.save(spec, path)
        os.environ["DATELINE_REPORTED_MODEL"] = str(path)
        try:
            report = evaluate_set(name, options=options, only=by_pub[pub], tally=tally)
        finally:
            del os.environ["DATELINE_REPORTED_MODEL"]
        for k in ("pages", "errors", "seconds"):
            run[k] += report["_run"][k]
    report["_run"] = dict(run, pages_per_s=round(run["pages"] / run["seconds"], 1) if run["seconds"] else None)
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
    ap.add_argument("--nlp", default=None, choices=("off", "fast", "full"),
                    help="enrichment level (default: off, and full for the sets annotated for quotes)")
    ap.add_argument("--kfold", action="store_true",
                    help="quote sets: score each publisher with the reported-speech model trained on the others")
    ap.add_argument("--no-parse-cache", action="store_true",
                    help="parse every paragraph afresh instead of reading eval-out/parses.sqlite")
    args = ap.parse_args(argv)
    if not args.no_parse_cache:
        from tools import parse_cache

        parse_cache.install()
    reports = {}
    for name in args.sets:
        level = args.nlp or QUOTE_SETS.get(name, "off")
        if args.kfold and name in QUOTE_SETS:
            reports[name] = evaluate_kfold(name, Options(nlp=level))
        else:
            reports[name] = evaluate_set(name, args.limit, options=Options(nlp=level))
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
        elif "recall" in v:
            extra = f"P={v['precision']:.3f} " if "precision" in v else ""
            print(f"  {field:18s} {extra}R={v['recall']:.3f}  (gold {v['gold']}" +
                  (f", pred {v['pred']})" if "pred" in v else ")"))
        elif v.get("accuracy") is not None:
            print(f"  {field:18s} accuracy={v['accuracy']:.3f}  (n={v['n']})")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
