"""Score who-said-what alone: enrich the gold articles' own bodies and score the quotes.

    python -m tools.goldset                      # the hand-annotated set in tests/data/quotes_gold
    python -m tools.goldset --nlp fast ../shared/samples/000_dd97cf2f0526c415.gold.json

Body extraction is taken out of the figure: each gold article's `body` is the input, so a
quote missed here was missed by the NLP, not by the page reader. Scores come from
shared/eval/score.py, the same scorer as every other field.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from dateline.options import Options
from dateline.record import Article, article_to_dict
from dateline.nlp import enrich

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "data" / "quotes_gold"
QUOTE_FIGURES = ("quotes", "quote_speaker", "quotes_attributed")


def score_bodies(gold_paths: list[Path], level: str = "full") -> dict:
    """The scorer's report over the gold files, each article enriched from its gold body."""
    from tools.evaluate import load_scorer

    scorer = load_scorer()
    tally = scorer.Tally()
    options = Options(nlp=level)
    for path in gold_paths:
        gold = scorer.load(path)
        predicted = []
        for g in gold["articles"]:
            article = Article(headline=g.get("headline"), body=list(g["body"]), language="en")
            predicted.append(article_to_dict(enrich(article, options)))
        scorer.score_page({"articles": predicted}, gold, tally)
    return tally.report()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path, help="gold files (default: tests/data/quotes_gold)")
    ap.add_argument("--nlp", default="full", choices=("fast", "full"))
    ap.add_argument("--parse-cache", action="store_true", help="read and write parses in eval-out/parses.sqlite")
    args = ap.parse_args(argv)
    if args.parse_cache:
        from tools import parse_cache

        parse_cache.install()
    paths = args.gold or sorted(GOLD_DIR.glob("*.gold.json"))
    report = score_bodies(paths, args.nlp)
    print(json.dumps({k: report[k] for k in QUOTE_FIGURES if k in report}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
