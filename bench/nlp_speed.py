"""Speed of who-said-what: words per second per core of each --nlp level, and what `off` costs.

    python bench/nlp_speed.py                 # the English fundus dev articles, every level
    python bench/nlp_speed.py --repeat 3

Input: the bodies of the English dev articles (shared/data/dev/fundus/gold, publishers from the UK,
US, Canada, Australia and South Africa), so the figure is the NLP's own cost, not the page
reader's. Each level runs in a fresh worker process with one BLAS thread; speed is words over the
worker's CPU seconds (the machine may be shared; wall-clock is shown beside it). The model load is
timed apart and not counted. `off` is checked twice: its enrich time, and that running the whole
pipeline with nlp=off never imports spaCy. Writes bench/nlp_speed.md.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
ENGLISH = ("uk__", "us__", "ca__", "au__", "za__")
TARGET_WORDS_PER_S = 3000  # the floor for `full` on one core


def english_bodies() -> list[list[str]]:
    bodies = []
    for path in sorted((SHARED / "data" / "dev" / "fundus" / "gold").glob("*.gold.json")):
        if path.name.startswith(ENGLISH):
            bodies += [a["body"] for a in json.loads(path.read_text(encoding="utf-8"))["articles"]]
    return bodies


def worker(level: str, repeat: int) -> dict:
    sys.path.insert(0, str(REPO / "src"))
    from dateline.nlp import enrich
    from dateline.options import Options
    from dateline.record import Article

    options = Options(nlp=level)
    bodies = english_bodies()
    t0 = time.perf_counter()
    enrich(Article(body=bodies[0], language="en"), options)  # loads the model: timed apart
    load_s = time.perf_counter() - t0
    c0, t0 = time.process_time(), time.perf_counter()
    articles = [Article(body=list(b)) for _ in range(repeat) for b in bodies]
    for a in articles:
        enrich(a, options)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    # only the articles enrichment ran on count (non-English ones are skipped by design)
    done = [a for a in articles if a.nlp == level]
    english, words = len(done), sum(len(p.split()) for a in done for p in a.body)
    return {"level": level, "articles": len(articles), "enriched": english, "words": words,
            "cpu_s": round(cpu, 3), "wall_s": round(wall, 3), "load_s": round(load_s, 2),
            "words_per_cpu_s": round(words / cpu) if cpu else None,
            "words_per_wall_s": round(words / wall) if wall else None,
            "quotes": sum(len(a.quotes) for a in articles), "spacy_imported": "spacy" in sys.modules}


def off_pipeline_imports_spacy() -> bool:
    """Whether extract() with nlp=off on real dev pages pulls spaCy in (it must not)."""
    pages = sorted((SHARED / "data" / "dev" / "fundus" / "text").glob("u*.txt.gz"))[:10]
    code = ("import sys; from dateline import extract, Options\n"
            "for p in sys.argv[1:]: extract(p, Options(nlp='off'))\n"
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, *map(str, pages)], capture_output=True, text=True,
                         env=_env(), check=True)
    return out.stdout.strip() == "True"


def _env() -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_level(level: str, repeat: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", level, "--repeat", str(repeat)],
                         capture_output=True, text=True, env=_env(), check=True)
    return json.loads(out.stdout)


def report(rows: list[dict], off_imports: bool) -> str:
    lines = ["| level | articles (English) | words | CPU s | words/s per core | wall words/s | model load s | quotes |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["level"] == "off":  # nothing runs: a words/s figure would only measure the timer
            r = dict(r, words_per_cpu_s="—", words_per_wall_s="—")
        lines.append(f"| {r['level']} | {r['articles']} ({r['enriched']}) | {r['words']} | {r['cpu_s']} | "
                     f"{r['words_per_cpu_s']} | {r['words_per_wall_s']} | {r['load_s']} | {r['quotes']} |")
    full = next((r for r in rows if r["level"] == "full"), None)
    verdict = (f"full: {full['words_per_cpu_s']} words/s per core (target ≥ {TARGET_WORDS_PER_S}: "
               f"{'met' if full['words_per_cpu_s'] >= TARGET_WORDS_PER_S else 'NOT met'})") if full else ""
    off = next((r for r in rows if r["level"] == "off"), None)
    off_line = (f"off: enrich took {off['cpu_s']} CPU s for {off['articles']} articles; spaCy imported by "
                f"enrich(off): {off['spacy_imported']}; by the whole pipeline with nlp=off: {off_imports}"
                ) if off else ""
    return "\n".join(["# NLP speed (bench/nlp_speed.py)", "", *lines, "", verdict, "", off_line, ""])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--levels", nargs="*", default=["off", "fast", "full"])
    ap.add_argument("--repeat", type=int, default=1, help="pass over the articles this many times")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.repeat)))
        return 0
    rows = [run_level(level, args.repeat) for level in args.levels]
    text = report(rows, off_pipeline_imports_spacy())
    (HERE / "nlp_speed.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
