"""Run the extractor over the dev sets and score it with shared/eval/score.py.

    python -m tools.evaluate                     # `make eval`: the main sets, cross-site and in-sample
    python -m tools.evaluate --sets scrapinghub/text --limit 40 --json
    python -m tools.evaluate --sets polnear/text            # who said what on 840 annotated political articles
    python -m tools.evaluate --sets polnear/text --kfold    # the quote model trained without each publisher in turn
    python -m tools.evaluate --in-sample         # the shipped models only (no fold training)

For each set the cross-site figure comes first: every page run with models trained with its whole
site held out (tools/kfold.py); the in-sample figure, with the shipped models that were trained on
these very pages, stands beside it, labelled. fundus's headline is also given over the pages whose
gold headline the page prints (`headline (printed)`): the rest have a publisher's metadata title.

In-sample predictions are written to eval-out/<set>-<format>/<id>.json, so a score can be re-read
and a page inspected; cross-site ones under build/kfold/. Reports are cached under build/ keyed by
the code, the data and the models, so a repeat run with nothing changed takes seconds. The scorer
is imported from shared/, never copied.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

from dateline.options import Options
from dateline.pipeline import extract
from dateline.read.page import page_stem

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
ALL_SETS = ("seed", "scrapinghub/text", "fundus/text", "trafilatura/text", "multi/text", "wcxb/text",
            "scrapinghub/html", "fundus/html", "trafilatura/html", "wcxb/html", "scrapinghub/html-flat",
            "fundus/html-flat")
# what `make eval` runs: each measured set once (the others on request with --sets)
DEFAULT_SETS = ("seed", "scrapinghub/html", "fundus/html", "fundus/text", "trafilatura/html", "wcxb/html",
                "wcxb/text", "multi/text")
HEADLINE_FIELDS = ("page_body_macro", "body", "articles", "headline", "authors", "published", "dated", "captions",
                   "snippets", "kicker", "dateline", "updated_text", "highlights", "caption_credit", "sidebars",
                   "sidebar_kind", "quotes", "quote_speaker", "quotes_attributed",
                   "direct_quotes", "reported_speech")
# where the quote sets' k-fold predictions are written (tools/quote_misses.py reads them)
KFOLD_OUT = REPO / "eval-out" / "kfold"
# sets annotated for who said what: scored with the command line's default enrichment unless told
QUOTE_SETS = {"polnear/text": "full"}
# other sets whose gold holds quotes: scored with quotes found, so `make eval` does not print a quote F1 of 0
ENRICHED_SETS = {"seed": "full"}


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
                 options: Options | None = None, only: set[str] | None = None, tally=None,
                 models: Callable[[str], Path | None] | None = None) -> dict:
    """The scorer's report over a set; pass a `tally` to add this run to earlier ones (k-fold). `models`
    gives, for a page's stem, the directory of learned models to run it with (None: the shipped ones)."""
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
        if models is not None:
            chosen = models(page_stem(inp))
            options = options.with_(models=str(chosen) if chosen else None)
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
            report = evaluate_set(name, options=options, only=by_pub[pub], tally=tally, out_root=KFOLD_OUT)
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


def printed_headlines(setname: str) -> set[str]:
    """Stems of the pages whose gold headline the page prints: the normalised headline stands in the
    page's visible text (its flattened text)."""
    import gzip

    scorer = load_scorer()
    base = SHARED / "data" / "dev" / setname
    out = set()
    for gold in sorted((base / "gold").iterdir()):
        stem = gold.name.removesuffix(".gold.json")
        heads = [a.get("headline") for a in json.loads(gold.read_text())["articles"] if a.get("headline")]
        text = base / "text" / f"{stem}.txt.gz"
        if not heads or not text.exists():
            continue
        seen = " " + " ".join(scorer.words(gzip.decompress(text.read_bytes()).decode("utf-8", "replace"))) + " "
        if all(" " + " ".join(scorer.words(h)) + " " in seen for h in heads):
            out.add(stem)
    return out


def rescore(name: str, pred_dir: Path, only: set[str]) -> dict:
    """A set's report over some of its pages, from the predictions already written."""
    scorer = load_scorer()
    tally = scorer.Tally()
    pairs, _ = set_pages(name)
    for inp, gold in pairs:
        stem = page_stem(inp)
        if stem in only:
            scorer.score_page(json.loads((pred_dir / f"{stem}.json").read_text()), scorer.load(gold), tally)
    return tally.report()


def in_sample_key() -> str:
    """The code and the models (the shipped ones, or DATELINE_MODELS's) an in-sample report depends on."""
    from dateline.layout.model import models_dir
    from tools.kfold import fingerprint

    h = hashlib.sha256(fingerprint().encode())
    for f in sorted(models_dir().glob("*.json")):
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


def in_sample(name: str, limit: int | None, nlp: str) -> dict:
    cached = REPO / "build" / "eval" / in_sample_key() / f"{name.replace('/', '-')}-{limit or 'all'}-{nlp}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    rep = evaluate_set(name, limit, options=Options(nlp=nlp))
    add_printed_headline(name, rep, REPO / "eval-out" / name.replace("/", "-"), limit)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(rep))
    return rep


def add_printed_headline(name: str, rep: dict, pred_dir: Path, limit: int | None) -> dict:
    """fundus: the headline over the pages whose gold headline is printed, beside the plain one."""
    if name.startswith("fundus/") and not limit:
        sub = rescore(name, pred_dir, printed_headlines("fundus"))
        if sub.get("headline"):
            rep["headline (printed)"] = sub["headline"]
    return rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=list(DEFAULT_SETS), help=f"sets to run (any of {', '.join(ALL_SETS)})")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    ap.add_argument("--json", action="store_true", help="print every figure as JSON")
    ap.add_argument("--nlp", default=None, choices=("off", "fast", "full"),
                    help="enrichment level (default: off; full for the sets whose gold holds quotes: seed, polnear)")
    ap.add_argument("--kfold", action="store_true",
                    help="quote sets: score each publisher with the reported-speech model trained on the others")
    ap.add_argument("--no-parse-cache", action="store_true",
                    help="parse every paragraph afresh instead of reading eval-out/parses.sqlite")
    ap.add_argument("--in-sample", action="store_true", help="only the shipped models' figures (no fold training)")
    ap.add_argument("--kfold-only", action="store_true", help="quote sets with --kfold: skip the in-sample run")
    args = ap.parse_args(argv)
    if not args.no_parse_cache:
        from tools import parse_cache

        parse_cache.install()
    cross = None
    if not args.in_sample:
        from tools.kfold import CrossSite

        cross = CrossSite()
    out = {}
    for name in args.sets:
        level = args.nlp or QUOTE_SETS.get(name) or ENRICHED_SETS.get(name, "off")
        reports = {}
        if name in QUOTE_SETS:  # the quote model's own folds, by publisher (the block models do not run apart)
            if args.kfold:
                reports["cross-site"] = evaluate_kfold(name, Options(nlp=level))
            if not (args.kfold and args.kfold_only):
                reports["in-sample"] = evaluate_set(name, args.limit, options=Options(nlp=level))
        else:
            if cross is not None:
                reports["cross-site"] = cross.evaluate(name, args.limit, level)
            reports["in-sample"] = in_sample(name, args.limit, level)
        out[name] = reports
        if not args.json:
            print_reports(name, reports)
    if args.json:
        print(json.dumps(out, indent=1))
    return 0


def _cell(v: dict | None) -> str:
    if not v or v.get("gold") == 0:  # a measure the set's gold does not hold (trafilatura: body)
        return ""
    if "f1" in v:
        return f"{v['f1']:.3f}"
    if "recall" in v:  # reported speech: recall only
        return f"{v['recall']:.3f}"
    return f"{v['accuracy']:.3f}" if v.get("accuracy") is not None else ""


def print_reports(name: str, reports: dict[str, dict]) -> None:
    """One set's figures, one column per kind of run (cross-site first), F1 or accuracy."""
    first = next(iter(reports.values()))
    run = first["_run"]
    kinds = list(reports)
    print(f"== {name}: {run['pages']} pages, {run['errors']} errors, {run['pages_per_s']} pages/s")
    print(f"  {'':20s}" + "".join(f"{k:>12s}" for k in kinds))
    for field in HEADLINE_FIELDS + ("headline (printed)",):
        cells = [_cell(reports[k].get(field)) for k in kinds]
        if any(cells):
            n = next(reports[k][field] for k in kinds if reports[k].get(field))
            count = f"(gold {n['gold']})" if "gold" in n else f"(n={n.get('n')})"
            print(f"  {field:20s}" + "".join(f"{c:>12s}" for c in cells) + f"  {count}")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
