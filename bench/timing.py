"""How every engine of bench/speed.py is timed, in its own worker process: one warm-up page, then
`repeat` passes over the same pages, of which the fastest counts, by CPU time (wall time beside it), with
the worker's peak memory. Imports nothing of dateline, so a worker under another Python can use it
(rs-trafilatura's wheel needs Python >= 3.12: bench/engine312.py)."""
from __future__ import annotations

import resource
import time
from typing import Callable


def _peak_kb() -> int:
    """The process's peak resident memory in kB: Linux's VmHWM, which starts afresh at exec, where
    ru_maxrss carries the parent's peak across fork and exec (every worker would show the bench's own)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def time_engine(run: Callable[[str], list[str]], texts: list[str], repeat: int) -> tuple[list[list[str]], dict]:
    """The engine's output for each page, and its figures (seconds, cpu_seconds, pages_per_s,
    wall_pages_per_s, peak_rss_mb, growth_mb)."""
    run(texts[0])  # warm-up: imports, caches, compiled patterns
    base_kb = _peak_kb()
    seconds = cpu = float("inf")
    outputs: list[list[str]] = []
    for _ in range(repeat):  # the fastest of a few passes: the neighbours' load only ever slows a pass
        outputs = []
        t0, c0 = time.perf_counter(), time.process_time()
        for html in texts:
            try:
                outputs.append(run(html))
            except Exception:  # noqa: BLE001 - a competitor failing on a page scores it as empty
                outputs.append([])
        seconds, cpu = min(seconds, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    peak_kb = _peak_kb()
    # pages/s by CPU time: on a shared machine wall time measures the neighbours as much as the engine
    return outputs, {"pages": len(texts), "seconds": seconds, "cpu_seconds": cpu,
                     "pages_per_s": len(texts) / cpu, "wall_pages_per_s": len(texts) / seconds,
                     "peak_rss_mb": peak_kb / 1024, "growth_mb": (peak_kb - base_kb) / 1024}
