"""How every engine of bench/speed.py is timed, in a worker process of its own that the bench drives
slice by slice, so that the engines time the same pages one right after another and a spell of load on
the machine falls on all of them alike. Imports nothing of dateline, so a worker under another Python
can use it (rs-trafilatura's wheel needs Python >= 3.12: bench/engine312.py).

The worker and the bench speak JSON lines: the worker says {"ready": ...} after one warm-up page; to
each "pass A B" line from the bench it answers with the seconds and CPU seconds of one timed pass over
pages A to B (B excluded); to "end" it answers with its output for every page (from the page's last
pass) and its memory figures, and stops."""
from __future__ import annotations

import json
import resource
import sys
import time
from typing import Callable, TextIO


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


def timed_pass(run: Callable[[str], list], texts: list[str]) -> tuple[list[list], float, float]:
    """The engine's output for each page, the pass's wall seconds and its CPU seconds."""
    outputs: list[list] = []
    t0, c0 = time.perf_counter(), time.process_time()
    for html in texts:
        try:
            outputs.append(run(html))
        except Exception:  # noqa: BLE001 - a competitor failing on a page scores it as empty
            outputs.append([])
    return outputs, time.perf_counter() - t0, time.process_time() - c0


def serve(run: Callable[[str], list], texts: list[str], inp: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """Answer the bench's "pass" and "end" lines (module docstring) until "end" or the end of input."""
    def say(obj: dict) -> None:
        out.write(json.dumps(obj) + "\n")
        out.flush()

    run(texts[0])  # warm-up: imports, caches, compiled patterns
    base_kb = _peak_kb()
    say({"ready": len(texts)})
    outputs: list[list] = [[] for _ in texts]
    for line in inp:
        order = line.split()
        if len(order) == 3 and order[0] == "pass" and order[1].isdigit() and order[2].isdigit():
            a, b = int(order[1]), int(order[2])
            outputs[a:b], seconds, cpu = timed_pass(run, texts[a:b])
            say({"seconds": seconds, "cpu_seconds": cpu})
        elif order == ["end"]:
            break
        else:
            say({"error": f"unknown order {line.strip()!r}"})
    peak_kb = _peak_kb()
    say({"outputs": outputs, "peak_rss_mb": peak_kb / 1024, "growth_mb": (peak_kb - base_kb) / 1024})
