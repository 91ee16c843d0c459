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
from ..corpus.runner import WRITE_BATCH_PAGES, RunSummary
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
    """What one page did to the store, counted as the local runner counts it."""
    s.pages += 1
    if added.already_stored:
        s.already_stored += 1
        return
    s.stored += 1
    s.failed += bool(rows.errors)
    s.stories += len(rows.articles)
    s.errors_by_reason.update(reason for _, reason, _ in rows.errors)
    s.stories_new += added.stories_new
    s.versions_new += added.versions_new
    s.duplicates += len(added.story_ids) - added.stories_new
