"""Where dateline's time goes on the HTML path: CPU ms per page for each stage of `extract`.

    python bench/stages.py                  # scrapinghub
    python bench/stages.py --set fundus --rounds 3

Runs the stages `extract_page` runs, one by one, on the pages of a dev set (decoded beforehand, as
bench/speed.py does), and times each with time.process_time(); the first round warms caches and is
not counted. The sum is within a few per cent of extract's own time; use bench/speed.py for the
figure to compare with other engines.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="scrapinghub", help="dev set with an html/ folder (default scrapinghub)")
    ap.add_argument("--rounds", type=int, default=2, help="timed rounds after the warm-up (default 2)")
    args = ap.parse_args()

    from selectolax.lexbor import LexborHTMLParser
    from speed import load_pages

    from dateline import Options
    from dateline.blocks import count_repeats
    from dateline.blocks import html as html_blocks
    from dateline.fields.article import build_article
    from dateline.blocks.metadata import page_meta
    from dateline.layout.labeller import label_blocks
    from dateline.layout.stories import find_stories
    from dateline.pipeline import _block_views
    from dateline.read import Page
    from dateline.read.guard import bound_html

    pages = load_pages(args.set, None)
    options = Options(input_format="html")
    spent: dict[str, float] = defaultdict(float)

    def timed(stage, fn, *a):
        t = time.process_time()
        out = fn(*a)
        spent[stage] += time.process_time() - t
        return out

    for rnd in range(args.rounds + 1):
        if rnd == 1:
            spent.clear()
        for _, text, _ in pages:
            page = Page(data=text.encode("utf-8"), format="html", text=text, encoding="utf-8")
            timed("sha256", lambda data=page.data: hashlib.sha256(data).hexdigest())
            page.text, _ = timed("bound_html", bound_html, text, options.max_depth)
            tree = timed("lexbor parse", LexborHTMLParser, page.text)
            meta = timed("metadata", page_meta, tree)
            positions = timed("tag positions", html_blocks._tag_positions, page.text)
            walker = html_blocks._Walker.__new__(html_blocks._Walker)
            real, html_blocks._tag_positions = html_blocks._tag_positions, lambda _, positions=positions: positions
            try:
                walker.__init__(page.text, options)
            finally:
                html_blocks._tag_positions = real
            if tree.body is not None:
                timed("DOM walk", walker.walk, tree.body)
            blocks = walker.blocks
            timed("repeats", count_repeats, blocks)
            feats = timed("labels", label_blocks, blocks)
            stories = timed("stories", find_stories, blocks, feats)
            timed("block views", _block_views, blocks, stories)
            for story in stories:
                timed("fields", build_article, story, blocks, page, options, meta)
    n = len(pages) * args.rounds
    print(f"{args.set}/html, {len(pages)} pages, {args.rounds} rounds: CPU ms per page")
    for stage, seconds in spent.items():
        print(f"  {stage:14s} {seconds / n * 1000:6.2f}")
    print(f"  {'total':14s} {sum(spent.values()) / n * 1000:6.2f}")


if __name__ == "__main__":
    main()
