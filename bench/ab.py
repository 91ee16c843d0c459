"""Two checkouts of dateline timed against each other on the same pages, page by page, in one process.

    python bench/ab.py ../main .                      # scrapinghub/html: main's code (A) against this one (B)
    python bench/ab.py ../main . --set fundus --rounds 6

For a change meant to make dateline faster without changing what it finds. Each checkout's
`src/dateline` is copied under a name of its own (dateline_a, dateline_b) and both are imported into
this process; every page is run through A and B in turn, `--rounds` times each (A B, then B A, ...), and
each side's time for a page is its fastest. Both sides run within milliseconds of each other on the same
page, so a slower spell of the CPU falls on both alike: the ratio B/A holds to about 1% between runs,
where two worker processes timed slice by slice (bench/speed.py) swing by several per cent. With
`--same`, every page's record (blocks included) from A and B is compared and the pages that differ are
named: a change for speed alone must show none.
"""
from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def load(root: Path, name: str, into: Path):
    """The checkout's dateline package, imported as `name`: its extract function for HTML pages."""
    shutil.copytree(root / "src" / "dateline", into / name, ignore=shutil.ignore_patterns("__pycache__"))
    pkg = importlib.import_module(name)
    pipeline = importlib.import_module(f"{name}.pipeline")
    read = importlib.import_module(f"{name}.read")
    options = pkg.Options(input_format="html")

    def run(html: str):
        page = read.Page(data=html.encode("utf-8"), format="html", text=html, encoding="utf-8")
        return pipeline.extract_page(page, options)
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", type=Path, help="checkout A (the one compared against), e.g. a clone of main")
    ap.add_argument("b", type=Path, help="checkout B (the change)")
    ap.add_argument("--set", default="scrapinghub", help="dev set with an html/ folder (default scrapinghub)")
    ap.add_argument("--limit", type=int, help="only the first N pages")
    ap.add_argument("--rounds", type=int, default=4, help="times each page is run by each side (default 4)")
    ap.add_argument("--same", action="store_true", help="also compare every page's record from A and B")
    args = ap.parse_args(argv)
    for root in (args.a, args.b):
        if not (root / "src" / "dateline").is_dir():
            ap.error(f"{root} holds no src/dateline: give the root of a dateline checkout")
    from speed import load_pages

    pages = [html for _, html, _ in load_pages(args.set, args.limit)]
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        runs = {"A": load(args.a.resolve(), "dateline_a", Path(tmp)),
                "B": load(args.b.resolve(), "dateline_b", Path(tmp))}
        for html in pages[:3]:  # warm-up: imports, models, compiled patterns
            for run in runs.values():
                run(html)
        best = {side: [float("inf")] * len(pages) for side in runs}
        differ = []
        for i, html in enumerate(pages):
            records = {}
            for r in range(args.rounds):
                for side in ("A", "B") if r % 2 == 0 else ("B", "A"):
                    t = time.process_time()
                    result = runs[side](html)
                    best[side][i] = min(best[side][i], time.process_time() - t)
                    records[side] = result
            if args.same and json.dumps(records["A"].to_dict(with_blocks=True), sort_keys=True, default=str) != \
                    json.dumps(records["B"].to_dict(with_blocks=True), sort_keys=True, default=str):
                differ.append(i)
    a, b = sum(best["A"]), sum(best["B"])
    n = len(pages)
    print(f"{args.set}/html, {n} pages, fastest of {args.rounds} a page: A {a / n * 1000:.2f} ms/page, "
          f"B {b / n * 1000:.2f} ms/page, B/A {b / a:.3f}")
    if args.same:
        print(f"records that differ: {len(differ)}" + (f" (pages {differ[:10]})" if differ else ""))
    return 1 if args.same and differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
