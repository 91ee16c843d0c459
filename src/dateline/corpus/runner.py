"""The batch runner: many pages into one corpus store, in worker processes, resumable.

The parent reads the inputs (read/inputs.py); worker processes (dateline.worker, each under the
page's time and memory limits) extract each page and turn it into rows (`rows.page_rows`); the parent
is the only writer of the SQLite file and writes the pages as they complete, in transactions of
`WRITE_BATCH_PAGES`, so no slow page holds back the others. A page whose bytes are already stored
is skipped before extraction: running the same command again after a crash or a kill resumes where
the last committed batch ended. A page that took a worker down is quarantined beside the store
(`corpus.db.quarantine`) and recorded as an error again, without running, should the run be repeated.

    with Runner(store, Options(), jobs=2) as runner:
        for outcome in runner.run(["crawl/", "crawl.warc.gz"]):
            ...
        print(runner.summary)
"""
from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from ..options import Options
from ..read.fetch import Fetcher, is_link
from ..read.inputs import Item, expand_inputs, pages_of
from ..read.page import Page
from ..record import PageResult
from ..worker import PagePool, quarantine_beside
from .rows import PageRows, page_rows, source_key
from .store import AddSummary, Store

__all__ = ["Runner", "RunSummary", "PageOutcome", "expand_inputs", "count", "WRITE_BATCH_PAGES"]

# pages per write transaction: large enough that commits cost little, small enough that a killed
# run loses only seconds of work
WRITE_BATCH_PAGES = 32
# ...and a slow batch (big pages, --nlp full) is still committed this often
WRITE_EVERY_S = 2.0


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


def _outcome(result: PageResult) -> "PageOutcome":
    """Made in the worker process (dateline.worker), so the rows' CPU work is done there."""
    return outcome_of(result)


def outcome_of(result: PageResult) -> PageOutcome:
    return PageOutcome(uri=result.source.uri, failed=bool(result.errors), stories=len(result.articles),
                       reasons=[e.reason for e in result.errors], rows=page_rows(result))


class Runner:
    """Runs a batch into a Store with `jobs` worker processes (dateline.worker)."""

    def __init__(self, store: Store, options: Options, jobs: int = 1, fetcher: Fetcher | None = None):
        self.store, self.options, self.jobs = store, options, max(1, jobs)
        self.summary = RunSummary()
        self.known = frozenset(store.source_hashes())
        self.known_links = frozenset(store.source_links())
        self.fetcher, self._own_fetcher = fetcher, fetcher is None  # for links (one with the default politeness)
        self.pool: PagePool | None = None

    def __enter__(self) -> "Runner":
        self.store.prepare_writes()  # loads datasketch and the LSH index once
        self.pool = PagePool(self.options, workers=self.jobs, quarantine=quarantine_beside(self.store.path)).start()
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.close()
        if self._own_fetcher and self.fetcher is not None:
            self.fetcher.close()

    def run(self, inputs: list[Item]) -> Iterator[PageOutcome]:
        """Every page of the inputs, each yielded once it is stored (or skipped). Pages are written as
        they complete, not in input order: a slow page holds back no other."""
        assert self.pool is not None, "use the Runner in a `with` block"
        start = time.perf_counter()
        pending: list[PageOutcome] = []
        last_write = time.monotonic()
        for item, outcome in self.pool.imap_unordered(self._tasks(expand_inputs(inputs)), then=_outcome):
            outcome = outcome if outcome is not None else item
            if outcome.rows is not None:
                pending.append(outcome)
            else:
                count(self.summary, outcome)
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
            count(self.summary, outcome)
            yield outcome

    def _tasks(self, items: list[Item]) -> Iterator[Page | PageOutcome]:
        """A Page for a worker, or an outcome known without extraction (an input that could not be
        read, a page stored before, a link stored before: not fetched again)."""
        for item in items:
            if is_link(item) and str(item).strip() in self.known_links:
                yield PageOutcome(uri=str(item), already_stored=True)
            else:
                yield from self._tasks_of(item)

    def _tasks_of(self, item: Item) -> Iterator[Page | PageOutcome]:
        if is_link(item) and self.fetcher is None:
            self.fetcher = Fetcher()
        for page in pages_of([item], self.options, self.fetcher):
            if isinstance(page, PageResult):
                if source_key(page) in self.known:
                    yield PageOutcome(uri=page.source.uri, already_stored=True)
                else:
                    yield outcome_of(page)
            elif hashlib.sha256(page.data).hexdigest() in self.known:
                yield PageOutcome(uri=page.uri, already_stored=True)
            else:
                yield page


def count(s: RunSummary, o: PageOutcome) -> None:
    """What one page did to the store, counted in the run's summary (a local run and `dateline load`)."""
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
