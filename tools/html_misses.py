"""Where the HTML body is lost on sites never seen: every block of a set's pages, scored cross-site,
the gold body words dropped sorted by cause, beside the words not in the gold that each cause holds.

    python -m tools.html_misses                           # wcxb/html
    python -m tools.html_misses --sets wcxb trafilatura --show 5
    python -m tools.html_misses --folds build/kfold/<fingerprint>   # fold models another code trained

Every page is run with the models of its fold of tools/kfold.py (trained without its site, on demand,
cached; `--folds` reads the fold-* directories of another build instead, when the code changed but
not what the models learn). Each block is aligned with the gold body (tools.train.gold_labels). A gold
block the page's stories leave out is a miss, and its cause, in order:

- `no-story`: the labeller kept it, no story did;
- `relabelled-*`: scored body (0.5 or more), then labelled by a pattern (`repeated`: a line the page
  prints again; `sidebar_item`, `byline`, `time`, `caption`);
- scored under 0.5 (the block model's and the rule's blend): `inside-` or `outside-` the rule's
  container, then `lead` (above the first kept block), `between`, `tail` (below the last) or
  `no-body` (the page keeps nothing).

For every cause of the blocks scored under 0.5, `also` counts the words of blocks that are not in the
gold and that the same cause holds: what a change taking the group in would take in with it. Figures
are in page units (a block's words over its page's gold body words, summed) and in words.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from dateline import lexicon as L
from dateline.blocks.html import html_blocks
from dateline.layout.dom import dom_evidence
from dateline.layout.dom_model import dom_model_scores
from dateline.layout.labeller import label_blocks
from dateline.layout.model import BODY_THRESHOLD, using_models
from dateline.layout.stories import find_stories
from dateline.options import Options
from dateline.read import decode, read_path
from dateline.read.page import page_stem
from tools import train as T
from tools.kfold import CrossSite


def page_blocks(setname: str, path: Path, models: Path):
    """The page's blocks (labelled), gold labels, kept blocks, blocks inside the rule's container, and
    the block model's own P(body) before the blend (None where the page has no markup evidence)."""
    page = read_path(path, "html")
    page.text, page.encoding = decode(page.data, page.declared_charset, is_html=True)
    blocks, _ = html_blocks(page, Options(input_format="html"))
    labels = T.gold_labels(blocks, T.gold_of(setname, page_stem(path)))
    ev = dom_evidence(blocks) if blocks else None
    inside = set()
    with using_models(models):
        raw = dom_model_scores(blocks, ev, blend=False) if ev is not None else None
        feats = label_blocks(blocks) if blocks else None
        stories = find_stories(blocks, feats) if blocks else []
    if ev is not None and ev.container is not None:
        inside = {i for i, b in enumerate(blocks) if ev.container in b.dom["ids"]}
    kept = {i for s in stories for i in range(s.body_start, s.end) if blocks[i].label == L.BODY}
    return blocks, labels, kept, inside, raw


def cause(i: int, b, kept: set[int], inside: set[int]) -> str:
    """Why block i (not kept) is out of the body."""
    if b.label == L.BODY:
        return "no-story"
    if b.score >= BODY_THRESHOLD:
        return "relabelled-" + ("repeated" if b.label == L.BOILERPLATE and b.repeat >= 2 else b.label)
    where = "no-body" if not kept else "lead" if i < min(kept) else "tail" if i > max(kept) else "between"
    return ("inside-" if i in inside else "outside-") + where


def causes(blocks, labels, kept: set[int], inside: set[int]) -> tuple[Counter, Counter]:
    """Per cause the gold words missed, and (scored under 0.5 only) the words not in the gold it holds."""
    miss, also = Counter(), Counter()
    for i, (b, y) in enumerate(zip(blocks, labels)):
        if y is None or i in kept:
            continue
        c = cause(i, b, kept, inside)
        if y:
            miss[c] += b.words
        elif c.startswith(("inside-", "outside-")):
            also[c] += b.words
    return miss, also


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=["wcxb"])
    ap.add_argument("--show", type=int, default=0, help="print the blocks of this many worst pages per cause")
    ap.add_argument("--folds", type=Path, help="a directory of fold-* model directories (a kfold build)")
    args = ap.parse_args(argv)
    cs = CrossSite()
    for s in args.sets:
        units, words, also_units, also_words = Counter(), Counter(), Counter(), Counter()
        worst: dict[str, list] = defaultdict(list)
        for path in sorted((T.DEV / s / "html").iterdir()):
            stem = page_stem(path)
            fold = cs.page_fold.get((s, stem))
            if fold is None:
                continue
            models = args.folds / f"fold-{fold}" if args.folds else cs.fold_models(fold)
            blocks, labels, kept, inside, raw = page_blocks(s, path, models)
            gold_words = sum(b.words for b, y in zip(blocks, labels) if y)
            kept_words = sum(blocks[i].words for i in kept)
            miss, also = causes(blocks, labels, kept, inside)
            for c, w in miss.items():
                units[c] += w / (gold_words or 1)
                words[c] += w
                worst[c].append((w / (gold_words or 1), stem, blocks, labels, kept, raw))
            for c, w in also.items():
                also_units[c] += w / kept_words if kept_words else 0.0  # a page keeping nothing has no precision
                also_words[c] += w
        print(f"{s}/html: gold body missed, in page units of recall (words); also: words not in the gold "
              "that the same cause holds, in page units of precision (words)")
        for c, u in units.most_common():
            extra = f"   also {also_units[c]:.2f} ({also_words[c]})" if c in also_words else ""
            print(f"  {c:24s} {u:6.2f} ({words[c]}){extra}")
        for c, rows in sorted(worst.items()):
            for u, stem, blocks, labels, kept, raw in sorted(rows, key=lambda r: -r[0])[:args.show]:
                print(f"\n== {c}: {stem} ({u:.2f} of its gold body)")
                for i, (b, y) in enumerate(zip(blocks, labels)):
                    if y or i in kept:
                        mark = "  " if y and i in kept else "M " if y else "X "
                        model = f"{raw[i]:.2f}" if raw is not None else "  - "
                        print(f"  {mark}{i:4d} blend {b.score:.2f} model {model} {b.label[:4]:4s} {b.tag:4s} "
                              f"{b.text[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
