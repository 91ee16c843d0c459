"""`dateline load`: the shards of a Dask run merged into a corpus store.

Shards are read in the order of their inputs and their pages in order, and go through
`Store.add_rows` in transactions of `WRITE_BATCH_PAGES`, exactly as a local `extract --db` run
writes them: stories merged across pages (exact and near duplicates), versions, errors. A page
already stored is skipped, so loading again, or after a killed load, adds nothing twice.
"""
from __future__ import annotations

from pathlib import Path
from time import perf_counter
from typing import Callable

from ..corpus.rows import PageRows
from ..corpus.runner import WRITE_BATCH_PAGES, PageOutcome, RunSummary
from ..corpus.runner import count as count_outcome
from ..corpus.store import AddSummary, Store
from .shards import iter_shard, list_shards


def load_shards(store: Store, shard_dir: Path, on_batch: Callable[[RunSummary], None] | None = None) -> RunSummary:
    """Every complete shard of `shard_dir` into `store`; the counts of a local run's summary."""
    summary = RunSummary()
    start = perf_counter()
    store.prepare_writes()
    for path in list_shards(Path(shard_dir)):
        for pages in iter_shard(path, WRITE_BATCH_PAGES):
            for rows, added in zip(pages, store.add_rows(pages)):
                count(summary, rows, added)
            if on_batch is not None:
                on_batch(summary)
    summary.seconds = perf_counter() - start
    return summary


def count(s: RunSummary, rows: PageRows, added: AddSummary) -> None:
    """What one page did to the store, counted as the local runner counts it (runner.count)."""
    count_outcome(s, PageOutcome(uri=rows.source.get("uri"), already_stored=added.already_stored,
                                 failed=bool(rows.errors), stories=len(rows.articles),
                                 reasons=[reason for _, reason, _ in rows.errors], added=added))
