"""Hash every dev page's JSON result, so a change that must not alter extraction can be shown not to.

    python -m tools.snapshot --nlp off --out /tmp/before-off.tsv      # one line a page: set, page, sha256
    python -m tools.snapshot --nlp full --out /tmp/before-full.tsv
    python -m tools.snapshot --compare /tmp/before-off.tsv /tmp/after-off.tsv

Every page of ../shared/data/dev/*/{text,html} (and the bundled sample) is extracted with a fixed
fetched_at and no time limit (a page that is slow on a busy machine must not turn into an error record),
its page result serialised as `dateline extract` prints it, and hashed. Paths are given relative to
../shared, so two checkouts in different places give the same file.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from dateline.options import Options
from dateline.pipeline import extract

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
FETCHED_AT = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
SAMPLE = REPO / "examples" / "000_dd97cf2f0526c415.txt"


def pages() -> list[tuple[str, str]]:
    """(format, path relative to ../shared) for every dev page, in a fixed order."""
    out = []
    for fmt_dir in sorted((SHARED / "data" / "dev").glob("*/*")):
        if fmt_dir.name not in ("text", "html"):
            continue
        out += [(fmt_dir.name, str(p.relative_to(SHARED))) for p in sorted(fmt_dir.iterdir())]
    return out


def page_hash(job: tuple[str, str, str]) -> str:
    fmt, rel, nlp = job
    options = Options(input_format=fmt, fetched_at=FETCHED_AT, nlp=nlp, timeout_s=0)
    os.chdir(SHARED)  # a page's uri (and so its story ids) is the path it was read by: relative to ../shared
    result = extract(Path(rel), options)
    return hashlib.sha256(result.to_json().encode("utf-8")).hexdigest()


def snapshot(nlp: str, jobs: int) -> list[str]:
    todo = [(fmt, rel, nlp) for fmt, rel in pages()]
    os.chdir(SAMPLE.parent)
    sample = extract(Path(SAMPLE.name), Options(input_format="text", fetched_at=FETCHED_AT, nlp=nlp, timeout_s=0))
    lines = [f"examples\t{SAMPLE.name}\t{hashlib.sha256(sample.to_json().encode('utf-8')).hexdigest()}"]
    with ProcessPoolExecutor(jobs) as pool:
        for (fmt, rel, _), digest in zip(todo, pool.map(page_hash, todo, chunksize=8)):
            lines.append(f"{fmt}\t{rel}\t{digest}")
    return lines


def compare(a: Path, b: Path) -> int:
    left = dict(line.split("\t", 1)[1].rsplit("\t", 1) for line in a.read_text().splitlines())
    right = dict(line.split("\t", 1)[1].rsplit("\t", 1) for line in b.read_text().splitlines())
    differ = sorted(k for k in left.keys() | right.keys() if left.get(k) != right.get(k))
    for k in differ:
        print(f"differs: {k}")
    print(f"{len(left)} / {len(right)} pages, {len(differ)} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nlp", choices=("off", "fast", "full"), default="off")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", type=Path, help="write the hashes here (default: stdout)")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    out = args.out.resolve() if args.out else None  # snapshot() changes the working directory
    lines = snapshot(args.nlp, args.jobs)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    text = "\n".join(lines) + "\n"
    if out:
        out.write_text(text)
    else:
        sys.stdout.write(text)
    print(f"{len(lines)} pages, nlp={args.nlp}: {digest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
