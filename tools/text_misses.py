"""Group the body misses of flattened text pages, cross-site, by cause.

    python -m tools.text_misses                       # wcxb/text and fundus/text
    python -m tools.text_misses --sets multi --show 5 # and print the lines of a few causes' worst pages

Every page is run with the models its fold of tools/kfold.py trained without its site (trained on
demand, cached). Each line is aligned with the gold body (tools.train.gold_labels); a gold line the
page's stories leave out is a miss, a kept line that is not gold an extra. Causes, in words:

- misses: `split` (the labeller kept it, no story did: the splitter cut or dropped its run),
  `relabelled-*` (scored body, then taken for a caption, byline, sidebar or, `repeated`, a line the
  page prints again), and for
  lines the body model dropped: `bullet` (a list item), `heading` (12 words or fewer, not ending like
  a sentence), `short` (under 8 words), `lead` (above the first kept line), `tail` (below the last),
  `prose` (a long line between kept ones)
- extras: `above` / `below` (a line above the gold body's first line or below its last: boxes around
  the article, comments), inside the article by shape (`in-bullet`, `in-heading`, `in-short`, `in-prose`)
"""
from __future__ import annotations

import argparse
import gzip
from collections import Counter, defaultdict

from dateline import lexicon as L
from dateline.blocks.text import text_blocks
from dateline.layout.labeller import label_blocks
from dateline.layout.model import BODY_THRESHOLD, using_models
from dateline.layout.stories import find_stories
from dateline.read import decode
from dateline.read.page import page_stem
from tools import train as T
from tools.kfold import BUILD, CrossSite

HEADING_WORDS = 12
SHORT_WORDS = 8


def page_lines(setname: str, path, models):
    """The page's blocks, gold labels, the labeller's body and the stories' kept lines."""
    text, _ = decode(gzip.decompress(path.read_bytes()))
    blocks = text_blocks(text)
    labels = T.gold_labels(blocks, T.gold_of(setname, page_stem(path)))
    with using_models(models):
        feats = label_blocks(blocks)
        stories = find_stories(blocks, feats)
    kept = {i for s in stories for i in range(s.body_start, s.end) if blocks[i].label == L.BODY}
    return blocks, labels, kept


def shape(b) -> str:
    if b.bullet:
        return "bullet"
    if b.words <= HEADING_WORDS and not L.sentence_like(b.text):
        return "heading"
    if b.words < SHORT_WORDS:
        return "short"
    return ""


def causes(blocks, labels, kept) -> tuple[Counter, Counter]:
    miss, extra = Counter(), Counter()
    gold = [i for i, y in enumerate(labels) if y]
    first_kept, last_kept = (min(kept), max(kept)) if kept else (len(blocks), -1)
    first_gold, last_gold = (gold[0], gold[-1]) if gold else (len(blocks), -1)
    for i, (b, y) in enumerate(zip(blocks, labels)):
        if y is None:
            continue
        if y and i not in kept:
            if b.label == L.BODY:
                c = "split"
            elif b.score >= BODY_THRESHOLD:
                c = "relabelled-" + ("repeated" if b.label == L.BOILERPLATE and b.repeat >= 2 else b.label)
            else:
                c = shape(b) or ("lead" if i < first_kept else "tail" if i > last_kept else "prose")
            miss[c] += b.words
        elif not y and i in kept:
            c = "above" if i < first_gold else "below" if i > last_gold else "in-" + (shape(b) or "prose")
            extra[c] += b.words
    return miss, extra


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=["wcxb", "fundus"])
    ap.add_argument("--show", type=int, default=0, help="print the lines of this many worst pages per cause")
    ap.add_argument("--fingerprint", help="read the fold models cached under build/kfold/<this> (another code's)")
    args = ap.parse_args(argv)
    cs = CrossSite()
    if args.fingerprint:
        cs.root = BUILD / args.fingerprint
    for s in args.sets:
        miss, extra, gold_words = Counter(), Counter(), 0
        worst: dict[str, list] = defaultdict(list)
        for path in sorted((T.DEV / s / "text").iterdir()):
            stem = page_stem(path)
            models = cs.models_for(s, stem)
            if models is None:
                continue
            blocks, labels, kept = page_lines(s, path, models)
            gold_words += sum(b.words for b, y in zip(blocks, labels) if y)
            m, e = causes(blocks, labels, kept)
            miss += m
            extra += e
            if args.show:  # the lines are kept only to be printed
                for c, w in (m + e).items():
                    worst[c].append((w, stem, blocks, labels, kept))
        print(f"{s}/text: {gold_words} gold body words")
        for title, tally in (("missed", miss), ("extra", extra)):
            print(f"  {title}: " + ", ".join(f"{c} {w} ({w / gold_words:.1%})" for c, w in tally.most_common()))
        if args.show:
            for c, rows in sorted(worst.items()):
                for w, stem, blocks, labels, kept in sorted(rows, key=lambda r: -r[0])[:args.show]:
                    print(f"\n== {c}: {stem} ({w} words)")
                    for i, (b, y) in enumerate(zip(blocks, labels)):
                        if y or i in kept:
                            mark = "  " if y and i in kept else "M " if y else "X "
                            print(f"  {mark}{i:4d} {b.score:.2f} {b.label[:4]:4s} {b.text[:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
