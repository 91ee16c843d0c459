"""Progress on stderr for the long make targets (train, bench): one line every few seconds with how
far, how fast and how long is left, and one at the end. Plain lines, so a log file keeps them too.

    for path in progress(paths, "reading pages"):
        ...
"""
from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
EVERY_S = 5.0


def progress(items: Iterable[T], what: str, total: int | None = None, every_s: float = EVERY_S) -> Iterator[T]:
    """`items`, saying on stderr how many of `total` (len(items) when it has one) are done."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    start = last = time.monotonic()
    done = 0
    for item in items:
        yield item
        done += 1
        now = time.monotonic()
        if now - last >= every_s:
            last = now
            say(_line(what, done, total, now - start))
    say(_line(what, done, total, time.monotonic() - start, end=True))


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _line(what: str, done: int, total: int | None, seconds: float, end: bool = False) -> str:
    rate = done / seconds if seconds > 0 else 0.0
    of = f"/{total}" if total else ""
    if end:
        return f"{what}: {done}{of} done in {seconds:.0f} s"
    left = f", ~{(total - done) / rate:.0f} s left" if total and rate else ""
    return f"{what}: {done}{of} ({rate:.1f}/s{left})"
