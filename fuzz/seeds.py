"""Seed a fuzzing corpus from real pages: the sample page and a few dev pages, cut to `--cut` bytes.

    .venv/bin/python fuzz/seeds.py text /tmp/dateline-fuzz/text
"""
from __future__ import annotations

import argparse
import gzip
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
PAGES_PER_SET = 3  # a few real pages per set: libFuzzer mutates from there, more only slows its start


def seed(kind: str, out: Path, cut: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    pages = sorted(SHARED.glob(f"data/dev/*/{kind}/*.{'txt' if kind == 'text' else 'html'}.gz"))
    by_set: dict[str, list[Path]] = {}
    for p in pages:
        by_set.setdefault(p.parents[1].name, []).append(p)
    chosen = [p for ps in by_set.values() for p in ps[:PAGES_PER_SET]]
    n = 0
    for p in chosen:
        data = gzip.decompress(p.read_bytes())
        (out / f"seed-{p.name.split('.')[0]}").write_bytes(data[:cut])
        n += 1
    if kind == "text":
        (out / "seed-sample").write_bytes((SHARED / "samples" / "000_dd97cf2f0526c415.txt").read_bytes()[:cut])
        n += 1
    return n


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=("text", "html"))
    ap.add_argument("out", type=Path)
    ap.add_argument("--cut", type=int, default=8192)
    args = ap.parse_args()
    print(f"{seed(args.kind, args.out, args.cut)} seeds in {args.out}")
