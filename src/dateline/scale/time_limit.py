"""The per-page time limit where `extract`'s own cannot reach: a Dask worker's task threads.

`extract` bounds a page with SIGALRM, which Python delivers to the main thread only, and Dask runs
tasks in worker threads. Here a watchdog thread raises `PageTimeout` in the task's thread once the
limit has passed (`PyThreadState_SetAsyncExc`), again every `TIMEOUT_REPEAT_S` until the page ends,
so an `except Exception` in some library cannot swallow it for good. Like the alarm, it lands
between bytecodes: Python code stops, C code (a parser, `re` in a worker thread) runs to its end
first. The page then becomes the same `E104 timeout` error record as in a local run.
"""
from __future__ import annotations

import ctypes
import threading

from ..errors import error
from ..options import Options
from ..pipeline import TIMEOUT_REPEAT_S, _source_of, extract
from ..read.page import Page
from ..record import PageResult


class PageTimeout(BaseException):
    """Raised in a task's thread by the watchdog; a BaseException so `except Exception` lets it through."""


def extract_bounded(page: Page, options: Options) -> PageResult:
    """`extract(page, options)`, with `options.timeout_s` held in any thread."""
    if options.timeout_s <= 0 or threading.current_thread() is threading.main_thread():
        return extract(page, options)  # extract's own alarm holds here
    me, done = threading.get_ident(), threading.Event()
    watchdog = threading.Thread(target=_watch, args=(me, options.timeout_s, done),
                                name="dateline-page-timeout", daemon=True)
    timed_out = False
    try:  # the limit runs from the watchdog's start, which may take longer than it where threads compete
        watchdog.start()
        result = extract(page, options)
    except PageTimeout:
        timed_out = True
    # No raise may land after this, in the worker's own code: a PageTimeout there kills the worker's
    # thread and its task never ends. So the watchdog is stopped, then a raise it left pending is
    # cleared; one that lands on the way starts the stopping again. Written inline, not as a call,
    # because a raise can land on entering a function, before its `try`.
    while True:
        try:
            done.set()
            watchdog.join()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(me), None)  # NULL: clear what is pending
            break
        except PageTimeout:
            timed_out = True
    if timed_out:
        return PageResult(source=_source_of(page, options), errors=[error("E104", limit=options.timeout_s)
                                                                     .to_page_error()])
    return result


def _watch(target: int, seconds: float, done: threading.Event) -> None:
    """Raise PageTimeout in the target thread once `seconds` have passed, and again every
    TIMEOUT_REPEAT_S, until the page is done (a raise that races the end is cleared by the caller)."""
    delay = seconds
    while not done.wait(delay):
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(PageTimeout))
        delay = TIMEOUT_REPEAT_S
