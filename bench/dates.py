"""Story dates: dateline against htmldate (the date library trafilatura uses), on the same pages.

    python bench/dates.py                          # wcxb, fundus, trafilatura, scrapinghub (HTML)
    python bench/dates.py --set fundus --limit 50
    python bench/dates.py --misses wcxb            # list the pages each engine gets wrong
    python bench/dates.py --set wcxb --half dev    # only the sites of one half (tools.halves: dev / held-out)

Each engine gives a page one published and one updated day; both are scored with the `published` and
`dated` fields of shared/eval/score.py on the same gold articles (the gold's own headline and body carry
the engine's two dates, so every gold date is counted for both engines, whatever either finds as a story).
dateline's dates are those of the story paired with the gold one (else its first story).

Engines:
  dateline           the full pipeline (dates as it records them)
  htmldate           htmldate.find_date: original_date=True for published, False for updated (extensive search)
  htmldate-fast      the same without extensive search (metadata, markup and URL only)
  dateline+htmldate  dateline, and htmldate (extensive) only on pages where dateline finds no date at all:
                     what htmldate as a fallback dependency would give, and cost
  dateline+htmldate-fast  the same with htmldate's fast mode

Speed is the CPU time of each engine per page (dateline: the whole extraction; htmldate: its two calls),
one process, one core. scrapinghub's gold has no dates: it is run for speed and to see that nothing breaks.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

SETS = ("wcxb", "fundus", "trafilatura", "scrapinghub")
ENGINES = ("dateline", "htmldate", "htmldate-fast", "dateline+htmldate", "dateline+htmldate-fast")
FIELDS = ("published", "dated")


def load_pages(set_name: str, limit: int | None, half: str | None = None) -> list[tuple[str, str, Path]]:
    from tools.evaluate import SHARED, set_pages
    from tools.halves import half_of_site
    from tools.sites import page_sites
    from dateline.read import decode
    from dateline.read.page import page_stem

    pairs, _ = set_pages(f"{set_name}/html", limit)
    out = []
    for inp, gold in pairs:
        if half and half_of_site(page_sites(set_name, page_stem(inp), json.loads(gold.read_text()),
                                       SHARED / "data" / "dev")[0]) != half:
            continue
        raw = inp.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        out.append((inp.name, decode(data, None, is_html=True)[0], gold))
    return out


def make_engine(name: str):
    """A function (html, gold articles) -> (published, updated) for the gold's first article."""
    if name.startswith("dateline+"):
        ours, theirs = make_engine("dateline"), make_engine(name.removeprefix("dateline+"))

        def run(html: str, gold: list[dict]):
            published, updated = ours(html, gold)
            if published or updated:
                return published, updated
            run.fallbacks += 1
            return theirs(html, gold)
        run.fallbacks = 0
        return run
    if name == "dateline":
        from dateline import Options
        from dateline.pipeline import extract_page
        from dateline.read import Page
        from dateline.record import article_to_dict

        opts = Options(input_format="html")
        scorer = _scorer()

        def run(html: str, gold: list[dict]):
            page = Page(data=html.encode("utf-8"), format="html", text=html, encoding="utf-8")
            arts = [article_to_dict(a) for a in extract_page(page, opts).articles]
            if not arts:
                return None, None
            pairs = dict((j, i) for i, j in scorer.pair_articles(arts, gold[:1]))
            a = arts[pairs.get(0, 0)]
            return a.get("published"), a.get("updated")
        return run
    if name.startswith("htmldate"):
        import logging

        from htmldate import find_date

        logging.getLogger("htmldate").setLevel(logging.ERROR)
        extensive = name == "htmldate"

        def run(html: str, gold: list[dict]):
            return (find_date(html, extensive_search=extensive, original_date=True),
                    find_date(html, extensive_search=extensive, original_date=False))
        return run
    raise SystemExit(f"unknown engine {name!r}; choose from {ENGINES}")


def _scorer():
    from tools.evaluate import load_scorer

    return load_scorer()


def bench_set(set_name: str, engines: list[str], limit: int | None, misses: bool = False,
              half: str | None = None) -> dict:
    scorer = _scorer()
    pages = load_pages(set_name, limit, half)
    out = {}
    for name in engines:
        run = make_engine(name)
        tally = scorer.Tally()
        cpu = 0.0
        wrong = []
        for page_name, html, gold_path in pages:
            gold = scorer.load(gold_path)
            t0 = time.process_time()
            published, updated = run(html, gold["articles"])
            cpu += time.process_time() - t0
            pred = {"articles": [{**g, "published": published, "updated": updated} for g in gold["articles"][:1]]}
            scorer.score_page(pred, {"articles": gold["articles"][:1]}, tally)
            g = gold["articles"][0].get("published") if gold["articles"] else None
            if misses and g and g[:10] not in {(published or "")[:10], (updated or "")[:10]}:
                wrong.append((page_name, g[:10], published, updated))
        rep = tally.report()
        out[name] = {f: rep.get(f, {}) for f in FIELDS}
        out[name]["ms_per_page"] = 1000 * cpu / max(1, len(pages))
        out[name]["pages"] = len(pages)
        if getattr(run, "fallbacks", None) is not None:
            print(f"  {name}: htmldate asked on {run.fallbacks} of {len(pages)} pages", file=sys.stderr)
        if misses:
            out[name]["wrong"] = wrong
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", nargs="*", default=list(SETS))
    ap.add_argument("--engines", nargs="*", default=list(ENGINES))
    ap.add_argument("--limit", type=int, default=None)
    from tools.halves import HALVES

    ap.add_argument("--half", choices=HALVES, default=None,
                    help="only the pages of one half of the sites (tools.halves: dev, where misses are "
                         "read while a rule is written; held-out, where it is then measured)")
    ap.add_argument("--misses", nargs="*", default=[], help="sets whose wrong pages to list")
    args = ap.parse_args(argv)
    print("| set | engine | pages | published (n) | dated (n) | CPU ms/page |")
    print("|---|---|---|---|---|---|")
    for s in args.set:
        res = bench_set(s, args.engines, args.limit, misses=s in args.misses, half=args.half)
        for name, r in res.items():
            cells = []
            for f in FIELDS:
                v = r.get(f) or {}
                cells.append(f"{v['accuracy']:.3f} ({v['n']})" if v.get("accuracy") is not None else "–")
            print(f"| {s}/html | {name} | {r['pages']} | {cells[0]} | {cells[1]} | {r['ms_per_page']:.1f} |")
            sys.stdout.flush()
        for name, r in res.items():
            for page_name, g, p, u in r.get("wrong", []):
                print(f"  miss {name} {s} {page_name}: gold {g} published {p} updated {u}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
