"""How `extract --dask` scales: a LocalCluster of 2 worker processes against 1, over the same WARCs.

    .venv/bin/python bench/dask_speed.py                       # every dev HTML page (617) in 24 WARC files
    .venv/bin/python bench/dask_speed.py --pages 120 --archives 8 --rounds 1

The dev HTML pages (fundus, scrapinghub, trafilatura) are packed into WARC files with warcio (a test
dependency), one response record a page. Each round starts a LocalCluster of 1, then of 2 worker
processes (one thread each, as `--dask local:N` does), warms the workers (imports, the block model,
one page), then times `run_on_dask` into a fresh shard directory: wall clock from the first task
submitted to the last shard written. Reported: pages/s per cluster size (best of --rounds), the
ratio (goal: 2 workers at least 1.7x 1 worker), the largest worker's peak memory (RSS), and the
workers' CPU seconds per page and the cores they got (CPU seconds over wall seconds), which show
whether a low ratio is the code (more CPU a page with 2 workers) or the machine (the same CPU a page,
but fewer idle cores). The load average is printed at the start and the end: wall-clock speed-ups
need idle cores, and a busy machine gives a lower ratio than the code can.
"""
from __future__ import annotations

import argparse
import gzip
import io
import os
import resource
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline import Options
from dateline.scale.dask_runner import dask_client, run_on_dask

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
SETS = ("fundus", "scrapinghub", "trafilatura")
SPEEDUP_GOAL = 1.7
FETCHED = "2024-07-07T10:00:00Z"


def dev_html(limit: int) -> list[Path]:
    """The dev HTML pages, taken evenly from each set; limit 0 takes them all."""
    per_set = -(-limit // len(SETS)) if limit else None
    out: list[Path] = []
    for s in SETS:
        out += sorted((DEV / s / "html").iterdir())[:per_set]
    return out[:limit] if limit else out


def write_warcs(pages: list[Path], n: int, target: Path) -> list[str]:
    """The pages dealt round-robin into n WARC files, so each holds a like mix of sites and sizes."""
    paths = []
    for i in range(n):
        path = target / f"bench-{i:03d}.warc.gz"
        with open(path, "wb") as f:
            w = WARCWriter(f, gzip=True)
            for p in pages[i::n]:
                body = gzip.decompress(p.read_bytes())
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                   ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
                w.write_record(w.create_warc_record(f"https://{p.parent.parent.name}.example/{p.name}", "response",
                                                    payload=io.BytesIO(body), http_headers=http,
                                                    warc_headers_dict={"WARC-Date": FETCHED}))
        paths.append(str(path))
    return paths


def _warm(page: str) -> float:
    """On a worker: pay for imports and the block model before the clock starts; its CPU clock."""
    from dateline import extract

    extract(page)
    return time.process_time()


def _usage() -> tuple[float, float]:
    """On a worker: its CPU seconds and its peak resident memory in MB (Linux reports KB)."""
    return time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_run(workers: int, archives: list[str], warm_page: str, options: Options) -> dict[str, float]:
    with dask_client(f"local:{workers}") as client, tempfile.TemporaryDirectory() as out:
        cpu0 = sum(client.run(_warm, warm_page).values())
        summary = run_on_dask(client, archives, options, Path(out) / "shards")
        usage = list(client.run(_usage).values())
    assert not summary.failed_tasks and summary.extracted == summary.pages, summary
    cpu = sum(u[0] for u in usage) - cpu0
    return {"pages": summary.pages, "seconds": summary.seconds, "pages_per_s": summary.pages_per_s,
            "cpu_ms_per_page": 1000 * cpu / summary.pages, "peak_mb": max(u[1] for u in usage),
            "cores_used": cpu / summary.seconds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=0,
                    help="dev HTML pages to pack (0: all 617; fixed costs weigh more in a small run)")
    ap.add_argument("--archives", type=int, default=24, help="WARC files (tasks) to pack them into")
    ap.add_argument("--rounds", type=int, default=2, help="1 then 2 workers, this many times; best kept")
    args = ap.parse_args()
    load0 = os.getloadavg()
    print(f"load average at start: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f} on {os.cpu_count()} cores")
    options = Options()
    with tempfile.TemporaryDirectory() as d:
        pages = dev_html(args.pages)
        archives = write_warcs(pages, args.archives, Path(d))
        best: dict[int, dict[str, float]] = {}
        for r in range(args.rounds):
            for n in (1, 2):
                res = one_run(n, archives, str(pages[0]), options)
                print(f"round {r + 1}, {n} worker{'s' * (n > 1)}: {res['pages']} pages in {res['seconds']:.1f} s = "
                      f"{res['pages_per_s']:.1f} pages/s; worker CPU {res['cpu_ms_per_page']:.0f} ms a page, "
                      f"{res['cores_used']:.2f} cores used; "
                      f"peak worker memory {res['peak_mb']:.0f} MB")
                if n not in best or res["pages_per_s"] > best[n]["pages_per_s"]:
                    best[n] = res
    ratio = best[2]["pages_per_s"] / best[1]["pages_per_s"]
    load1 = os.getloadavg()
    print(f"1 worker:  {best[1]['pages_per_s']:.1f} pages/s (best of {args.rounds})")
    print(f"2 workers: {best[2]['pages_per_s']:.1f} pages/s (best of {args.rounds})")
    print(f"ratio: {ratio:.2f}x (goal {SPEEDUP_GOAL}x: {'met' if ratio >= SPEEDUP_GOAL else 'NOT met'})")
    print(f"load average at end: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")


if __name__ == "__main__":
    main()
