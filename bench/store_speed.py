"""What the corpus store costs, and how the batch runner scales with worker processes.

    .venv/bin/python bench/store_speed.py                  # dev pages of fundus/html and scrapinghub/text
    .venv/bin/python bench/store_speed.py --limit 100 --repeat 1

Part 1 times, page by page in this process, extraction (`extract_page`), making the rows
(`rows.page_rows`: JSON, hashes, MinHash; done in the workers of a batch) and writing them
(`Store.add_rows` in transactions of the runner's batch size: the one writer). Goals: writing
under 10% of extraction time (the writer must not be what limits a batch); rows + writing
reported beside it.

Part 2 runs the real batch runner (`Runner`, as `dateline extract --db --jobs N` does) over the
same pages into fresh stores with --jobs 1 and --jobs 2, and reports pages/s (wall clock, best of
--repeat). Goal: --jobs 2 at least 1.7x --jobs 1. Wall-clock speed-ups need idle cores: the load
average is printed with the result, and a busy machine gives a lower ratio than the code can.
"""
from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from dateline import Options
from dateline.corpus import Store
from dateline.corpus.rows import page_rows
from dateline.corpus.runner import WRITE_BATCH_PAGES, Runner
from dateline.pipeline import extract_page
from dateline.read import read_path

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
STORE_SHARE_GOAL = 0.10
SPEEDUP_GOAL = 1.7


def pages_of(sets: list[str], limit: int) -> list[Path]:
    per_set = max(1, limit // len(sets))
    out: list[Path] = []
    for s in sets:
        out += sorted((DEV / s).iterdir())[:per_set]
    return out


def store_cost(paths: list[Path], options: Options) -> dict[str, float]:
    """CPU seconds of extraction, rows and writes over the pages, in this one process."""
    t_extract = t_rows = t_write = 0.0
    # one page first, untimed: the first call pays for imports (lexbor, datasketch, scipy)
    page_rows(extract_page(read_path(paths[0]), options))
    with tempfile.TemporaryDirectory() as d, Store(Path(d) / "bench.db") as store:
        store.prepare_writes()
        batch = []
        for p in paths:
            page = read_path(p, max_bytes=options.max_page_bytes)
            t0 = time.process_time()
            result = extract_page(page, options)
            t1 = time.process_time()
            batch.append(page_rows(result))
            t2 = time.process_time()
            t_extract, t_rows = t_extract + t1 - t0, t_rows + t2 - t1
            if len(batch) == WRITE_BATCH_PAGES or p is paths[-1]:
                t3 = time.process_time()
                store.add_rows(batch)
                t_write += time.process_time() - t3
                batch = []
        counts = store.counts()
    return {"extract": t_extract, "rows": t_rows, "write": t_write, **counts}


def runner_speed(paths: list[Path], options: Options, jobs: int, repeat: int) -> tuple[float, dict, tuple]:
    """Best pages/s of `repeat` runs, the store counts, and where the CPU went in the last run."""
    best, counts, cpu = 0.0, {}, ""
    for _ in range(repeat):
        me, kids = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        with tempfile.TemporaryDirectory() as d, Store(Path(d) / "bench.db") as store:
            with Runner(store, options, jobs=jobs) as runner:
                for _ in runner.run([str(p) for p in paths]):
                    pass
            best = max(best, runner.summary.pages_per_s)
            counts = store.counts()
        # workers are reaped at pool shutdown, so their CPU shows in RUSAGE_CHILDREN here
        me, kids = _cpu(resource.RUSAGE_SELF) - me, _cpu(resource.RUSAGE_CHILDREN) - kids
        cpu = (me, kids, runner.summary.seconds)
    return best, counts, cpu


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=["fundus/html", "scrapinghub/text"])
    ap.add_argument("--limit", type=int, default=300, help="pages in all (split evenly over the sets)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per --jobs value; the best counts")
    args = ap.parse_args()
    options = Options()
    paths = pages_of(args.sets, args.limit)
    print(f"{len(paths)} pages from {', '.join(args.sets)}; load average {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores")

    c = store_cost(paths, options)
    write_share, all_share = c["write"] / c["extract"], (c["rows"] + c["write"]) / c["extract"]
    print(f"extract {c['extract']:.2f} s CPU ({1000 * c['extract'] / len(paths):.1f} ms/page); "
          f"rows {c['rows']:.2f} s; write {c['write']:.2f} s "
          f"-> {c['sources']} sources, {c['stories']} stories, {c['versions']} versions")
    print(f"write / extract = {write_share:.1%} (goal < {STORE_SHARE_GOAL:.0%}: "
          f"{'met' if write_share < STORE_SHARE_GOAL else 'NOT met'}); "
          f"(rows + write) / extract = {all_share:.1%}")

    one, counts1, cpu1 = runner_speed(paths, options, 1, args.repeat)
    two, counts2, cpu2 = runner_speed(paths, options, 2, args.repeat)
    for jobs, (me, kids, wall) in ((1, cpu1), (2, cpu2)):
        print(f"--jobs {jobs}: CPU in the writer process {me:.2f} s, in workers {kids:.2f} s; wall {wall:.2f} s")
    # what two idle cores would give: the workers share two cores, the writer overlaps with them
    bound = (cpu1[0] + cpu1[1]) / max((cpu2[0] + cpu2[1]) / 2, cpu2[0])
    print(f"CPU-bound estimate for two idle cores: x{bound:.2f} (from the CPU seconds above, not a measurement)")
    ratio = two / one
    print(f"--jobs 1: {one:.1f} pages/s; --jobs 2: {two:.1f} pages/s; x{ratio:.2f} (goal >= {SPEEDUP_GOAL}: "
          f"{'met' if ratio >= SPEEDUP_GOAL else 'NOT met'}); load average now {os.getloadavg()[0]:.2f}")
    print(f"same store either way: {counts1 == counts2} ({counts2})")


if __name__ == "__main__":
    main()
