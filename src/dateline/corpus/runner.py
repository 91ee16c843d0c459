"""The batch runner: many pages into one corpus store, in worker processes, resumable.

Workers read, extract and turn each page into rows (`rows.page_rows`); the parent process is the
only writer of the SQLite file and writes the pages in input order, in transactions of
`WRITE_BATCH_PAGES`, so the store is the same whatever the number of workers. A page whose bytes
are already stored is skipped before extraction: running the same command again after a crash
or a kill resumes where the last committed batch ended.

    with Runner(store, Options(), jobs=2) as runner:
        for outcome in runner.run(["crawl/", "crawl.warc.gz"]):
            ...
        print(runner.summary)
"""
from __future__ import annotations

import glob
import hashlib
import multiprocessing
import os
import signal
import sys
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import DatelineError
from ..options import Options
from ..pipeline import extract_page
from ..read import iter_paths, read_bytes, read_path
from ..read.page import Page, is_archive
from ..read.warc import BrokenRecord, iter_archive
from ..record import PageResult, Source
from .rows import PageRows, page_rows, unread_key
from .store import AddSummary, Store

# pages per write transaction: large enough that commits cost little, small enough that a killed
# run loses only seconds of work
WRITE_BATCH_PAGES = 32
# ...and a slow batch (big pages, --nlp full) is still committed this often
WRITE_EVERY_S = 2.0
# pages handed to each worker ahead of time: keeps workers busy while the parent writes, and
# bounds memory when an archive holds millions of records
AHEAD_PER_JOB = 8


@dataclass
class PageOutcome:
    """What happened to one page: stored (with its AddSummary), or skipped as already stored."""

    uri: str | None
    already_stored: bool = False
    failed: bool = False
    stories: int = 0
    reasons: list[str] = field(default_factory=list)
    rows: PageRows | None = None
    added: AddSummary | None = None


@dataclass
class RunSummary:
    pages: int = 0  # pages seen in this run
    stored: int = 0  # pages stored in this run
    already_stored: int = 0  # pages skipped because their bytes were stored before (resume)
    failed: int = 0  # pages stored with an error record
    stories: int = 0  # articles found on the stored pages
    stories_new: int = 0
    versions_new: int = 0
    duplicates: int = 0  # articles whose story was already stored from another page (exact or near)
    errors_by_reason: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# The worker's context: set once per process (inherited on fork, or by the pool initializer).
_OPTIONS = Options()
_KNOWN: frozenset[str] = frozenset()


def _init_worker(options: Options, known: frozenset[str] | None) -> None:
    global _OPTIONS, _KNOWN
    _OPTIONS = options
    if known is not None:
        _KNOWN = known
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, ask for SIGTERM when the parent dies, so a killed run leaves no orphan workers."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
        except OSError:
            pass


def work(task: str | Page) -> PageOutcome:
    """One page, in a worker: read (a path) or take (an archive record), skip if stored, extract,
    make its rows."""
    if isinstance(task, str):
        try:
            page = read_path(task, _OPTIONS.input_format, max_bytes=_OPTIONS.max_page_bytes)
        except DatelineError as exc:
            return outcome_of(PageResult(source=Source(uri=task), errors=[exc.to_page_error()]))
    else:
        page = task
    if hashlib.sha256(page.data).hexdigest() in _KNOWN:
        return PageOutcome(uri=page.uri, already_stored=True)
    return outcome_of(extract_page(page, _OPTIONS))


def outcome_of(result: PageResult) -> PageOutcome:
    return PageOutcome(uri=result.source.uri, failed=bool(result.errors), stories=len(result.articles),
                       reasons=[e.reason for e in result.errors], rows=page_rows(result))


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files as given, folders walked (page files and archives), globs expanded (`**` too); '-' is stdin."""
    out: list[str] = []
    for item in inputs:
        if item == "-" or Path(item).exists() or not any(ch in item for ch in "*?["):
            out.extend([item] if item == "-" else map(str, iter_paths([item])))
        else:
            matches = sorted(p for p in glob.glob(item, recursive=True) if Path(p).is_file())
            # a pattern that matches nothing is kept, so it becomes a not_found error, not silence
            out.extend(matches or [item])
    return out


class Runner:
    """Runs a batch into a Store with `jobs` worker processes (1: all in this process)."""

    def __init__(self, store: Store, options: Options, jobs: int = 1):
        self.store, self.options, self.jobs = store, options, max(1, jobs)
        self.summary = RunSummary()
        self.known = frozenset(store.source_hashes())
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Runner":
        global _OPTIONS, _KNOWN
        _OPTIONS, _KNOWN = self.options, self.known
        self.store.prepare_writes()  # loads datasketch and the LSH index once, before workers fork
        if self.jobs > 1:
            # fork shares the stored hashes with the workers for free; start them now, before the
            # caller starts threads (a progress bar) that a fork would copy mid-lock
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            ctx = multiprocessing.get_context(method)
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_init_worker,
                                            initargs=(self.options, None if method == "fork" else self.known))
            list(self.pool.map(_ready, range(self.jobs)))
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def run(self, inputs: list[str]) -> Iterator[PageOutcome]:
        """Every page of the inputs, in order, each yielded once it is stored (or skipped)."""
        start = time.perf_counter()
        pending: list[PageOutcome] = []
        last_write = time.monotonic()
        for outcome in self._outcomes(expand_inputs(inputs)):
            if outcome.rows is not None:
                pending.append(outcome)
            else:
                self._count(outcome)
                yield outcome
            if len(pending) >= WRITE_BATCH_PAGES or pending and time.monotonic() - last_write > WRITE_EVERY_S:
                yield from self._write(pending)
                pending, last_write = [], time.monotonic()
        yield from self._write(pending)
        self.summary.seconds = time.perf_counter() - start

    def _write(self, pending: list[PageOutcome]) -> Iterator[PageOutcome]:
        if not pending:
            return
        for outcome, added in zip(pending, self.store.add_rows([o.rows for o in pending])):
            outcome.added, outcome.rows = added, None
            outcome.already_stored = added.already_stored
            self._count(outcome)
            yield outcome

    def _count(self, o: PageOutcome) -> None:
        s = self.summary
        s.pages += 1
        if o.already_stored:
            s.already_stored += 1
            return
        s.stored += 1
        s.failed += o.failed
        s.stories += o.stories
        s.errors_by_reason.update(o.reasons)
        if o.added:
            s.stories_new += o.added.stories_new
            s.versions_new += o.added.versions_new
            s.duplicates += len(o.added.story_ids) - o.added.stories_new

    def _outcomes(self, items: list[str]) -> Iterator[PageOutcome]:
        """Outcomes in input order; with a pool, up to jobs × AHEAD_PER_JOB pages in flight."""
        if self.pool is None:
            for task in self._tasks(items):
                yield task if isinstance(task, PageOutcome) else work(task)
            return
        window: deque[Future | PageOutcome] = deque()
        for task in self._tasks(items):
            window.append(task if isinstance(task, PageOutcome) else self.pool.submit(work, task))
            while len(window) >= self.jobs * AHEAD_PER_JOB:
                yield _result(window.popleft())
        while window:
            yield _result(window.popleft())

    def _tasks(self, items: list[str]) -> Iterator[str | Page | PageOutcome]:
        """A path for a worker to read, a Page read here (archive record, stdin), or an outcome
        known without extraction (a broken archive, a record stored before)."""
        for item in items:
            if item == "-":
                yield from self._pages([_stdin_page(self.options)])
            elif is_archive(item):
                yield from self._pages(iter_archive(item, self.options.max_page_bytes))
            else:
                yield item

    def _pages(self, pages) -> Iterator[Page | PageOutcome]:
        for page in pages:
            if isinstance(page, BrokenRecord):
                if unread_key(page.uri, page.offset) in self.known:
                    yield PageOutcome(uri=page.uri, already_stored=True)
                    continue
                src = Source(uri=page.uri, format="warc", offset=page.offset)
                yield outcome_of(PageResult(source=src, errors=[page.error.to_page_error()]))
            elif isinstance(page, PageOutcome):
                yield page
            elif hashlib.sha256(page.data).hexdigest() in self.known:
                yield PageOutcome(uri=page.uri, already_stored=True)
            else:
                yield page


def _stdin_page(options: Options) -> Page | PageOutcome:
    try:
        return read_bytes(sys.stdin.buffer.read(), uri="<stdin>", input_format=options.input_format,
                          max_bytes=options.max_page_bytes)
    except DatelineError as exc:
        return outcome_of(PageResult(source=Source(uri="<stdin>"), errors=[exc.to_page_error()]))


def _result(item: Future | PageOutcome) -> PageOutcome:
    return item if isinstance(item, PageOutcome) else item.result()


def _ready(_: int) -> int:
    return os.getpid()
