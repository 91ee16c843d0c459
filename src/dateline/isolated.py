"""`extract` in a child process with a hard time limit, for callers off the main thread.

The pipeline's own limit is a SIGALRM timer, which only the main thread receives; a web server runs
requests in worker threads. Here each page runs in a forked child (its main thread, so the alarm
works there too), and the parent ends the child if it outlives the limit plus a grace period, so
no page can hold a server thread however it is built.
"""
from __future__ import annotations

import multiprocessing as mp

from .errors import error
from .options import Options
from .pipeline import extract
from .record import PageResult, Source, page_result_from_dict

GRACE_S = 2.0  # the child's own alarm should end it first; this is for a child stuck in C code


def _child(conn, data: bytes, options: Options, uri: str | None) -> None:
    try:
        conn.send(extract(data, options, uri=uri).to_dict())
    finally:
        conn.close()


def extract_isolated(data: bytes, options: Options, uri: str | None = None) -> PageResult:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, data, options, uri), daemon=True)
    proc.start()
    child.close()
    limit = options.timeout_s + GRACE_S if options.timeout_s > 0 else None
    try:
        if parent.poll(limit):
            return page_result_from_dict(parent.recv())
        return PageResult(source=Source(uri=uri), errors=[error("E104", limit=options.timeout_s).to_page_error()])
    except EOFError:  # the child died without an answer (killed, out of memory)
        return PageResult(source=Source(uri=uri),
                          errors=[error("E108", detail=f"the worker process ended with code {proc.exitcode}")
                                  .to_page_error()])
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1.0)
        parent.close()
