"""Group the HTML pages where dateline keeps under half of the gold body, by cause.

    python -m tools.body_misses                          # wcxb/html, pages with body recall < 0.5
    python -m tools.body_misses --sets wcxb fundus --below 0.7 --show
    python -m tools.body_misses --half dev --below 0.7 --show   # the half of the sites rules are written from

Each block of the page is aligned with the gold body (tools.train.gold_labels: most of its word
trigrams in the gold); the gold blocks dateline left out are then sorted into causes:

- `no-article`: dateline found no story on the page (skipped, or its body is empty)
- `sections`: the kept and the missed body stand in sibling containers under one parent (a list
  article, a round-up, a guide set in sections): dateline kept one of them
- `table`: most missed words are in table rows
- `lead`: most missed words stand above the first body block kept (a lead or standfirst in its own box)
- `outside`: the missed paragraphs stand elsewhere, outside the container dateline chose
- `inside-dropped`: the missed paragraphs stand in the chosen container but were labelled furniture
- `gold-not-on-page`: the gold body's text is not found in the page's blocks (alignment fails)
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict

from dateline import lexicon as L
from dateline.blocks.html import html_blocks
from dateline.layout.labeller import label_blocks
from dateline.layout.stories import find_stories
from dateline.options import Options
from dateline.read import read_path
from dateline.read.page import page_stem
from tools.evaluate import SHARED, load_scorer
from tools.halves import half_pages
from tools.train import gold_labels

MIN_GOLD_WORDS = 20  # pages with less gold body than this say nothing about recall


def page_blocks(path):
    """The page's blocks, labelled, and the indices of the blocks its stories keep as body."""
    page = read_path(path, "html")
    from dateline.read import decode

    page.text, page.encoding = decode(page.data, page.declared_charset, is_html=True)
    blocks, _ = html_blocks(page, Options(input_format="html"))
    if not blocks:
        return blocks, set()
    feats = label_blocks(blocks)
    kept = set()
    for s in find_stories(blocks, feats):
        kept.update(i for i in range(s.body_start, s.end) if blocks[i].label == L.BODY)
    return blocks, kept


def recall_of(blocks, kept, gold, scorer) -> float:
    gb = scorer.shingles("\n".join(p for a in gold["articles"] for p in a.get("body") or []))
    pb = scorer.shingles("\n".join(blocks[i].text for i in sorted(kept)))
    n = sum(gb.values())
    return sum((pb & gb).values()) / n if n else 1.0


def cause(blocks, kept, labels) -> str:
    gold = [i for i, y in enumerate(labels) if y == 1]
    if not gold:
        return "gold-not-on-page"
    if not kept:
        return "no-article"
    missed = [i for i in gold if i not in kept]
    words = {i: blocks[i].words for i in missed}
    total = sum(words.values()) or 1
    in_table = sum(w for i, w in words.items() if blocks[i].tag in ("tr", "td", "th", "table", "caption"))
    if in_table / total > 0.5:
        return "table"
    first = min(kept)
    above = sum(w for i, w in words.items() if i < first)
    if above / total > 0.5:
        return "lead"
    # the deepest element holding every kept block
    kept_ids = [blocks[i].dom["ids"] for i in sorted(kept)]
    depth = min(len(x) for x in kept_ids)
    k = 0
    while k < depth and len({x[k] for x in kept_ids}) == 1:
        k += 1
    container = kept_ids[0][k - 1] if k else None
    inside = sum(w for i, w in words.items() if container in blocks[i].dom["ids"])
    if inside / total > 0.5:
        return "inside-dropped"
    # the missed text shares the container's parent (or grandparent): sibling sections
    for up in (2, 3):
        if k - up < 0:
            break
        parent = kept_ids[0][k - up]
        near = sum(w for i, w in words.items() if parent in blocks[i].dom["ids"])
        if near / total > 0.5:
            return "sections"
    return "outside"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=["wcxb"])
    ap.add_argument("--below", type=float, default=0.5, help="body recall under which a page is a miss")
    ap.add_argument("--show", action="store_true", help="list the pages of each group")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--half", choices=("dev", "held-out"), help="only one half of the sites (tools.halves)")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    groups: dict[str, list] = defaultdict(list)
    n_pages = 0
    for setname in args.sets:
        base = SHARED / "data" / "dev" / setname
        only = half_pages(f"{setname}/html")[args.half] if args.half else None
        for path in sorted((base / "html").iterdir()):
            stem = page_stem(path)
            if only is not None and stem not in only:
                continue
            gold = json.loads((base / "gold" / f"{stem}.gold.json").read_text())
            if sum(len((p or "").split()) for a in gold["articles"] for p in a.get("body") or []) < MIN_GOLD_WORDS:
                continue
            n_pages += 1
            blocks, kept = page_blocks(path)
            r = recall_of(blocks, kept, gold, scorer)
            if r >= args.below:
                continue
            url = gold.get("source", {}).get("url", "")
            groups[cause(blocks, kept, gold_labels(blocks, gold))].append((setname, stem, round(r, 2), url))
    counts = Counter({k: len(v) for k, v in groups.items()})
    if args.json:
        print(json.dumps({"pages": n_pages, "below": args.below, "groups": groups}, indent=1))
        return 0
    print(f"{sum(counts.values())} of {n_pages} pages keep under {args.below:.0%} of the gold body")
    for name, n in counts.most_common():
        print(f"  {name:18s} {n}")
        if args.show:
            for setname, stem, r, url in sorted(groups[name], key=lambda x: x[2]):
                print(f"      {setname}/{stem} recall {r:.2f} {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
