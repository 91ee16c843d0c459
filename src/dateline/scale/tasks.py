"""Tasks: the inputs of a run cut into units of work, and what one unit does on a worker.

One WARC/WET archive is one task; page files are grouped `chunk_pages` at a time. A task is named
from its inputs alone (a slug of the first and a hash of all), so a task run again (after its
worker died, or in a second run over the same inputs) writes the same shard, and a shard that
exists is not written again. Nothing here needs Dask: `run_task` is a plain function that Dask
calls on a worker, and that the tests and a debugger can call directly. Each page goes through
`extract` in a worker process of its own (dateline.worker), under the page's time and memory limits,
although Dask runs tasks in threads.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..options import Options
from ..read.inputs import expand_inputs, pages_of
from ..read.page import is_archive
from ..record import PageResult
from ..worker import extract_bounded, quarantine_beside
from .shards import ShardCounts, ShardWriter, read_counts, shard_path

# page files per task: ~60 ms a page makes a task of a few seconds, long against Dask's few ms of
# overhead a task and short enough that a lost worker costs little to redo
CHUNK_PAGES = 64
NAME_HASH_CHARS = 16  # 64 bits of sha256: no two inputs of a run share a shard name
_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Task:
    inputs: tuple[str, ...]  # one archive, or a chunk of page files

    @property
    def name(self) -> str:
        first = Path(self.inputs[0]).name
        digest = hashlib.sha256("\n".join(self.inputs).encode("utf-8", "surrogateescape")).hexdigest()
        return f"{_SLUG.sub('_', first)[:60]}-{digest[:NAME_HASH_CHARS]}"


@dataclass
class TaskSummary:
    """What a task reports through the scheduler: counts only, never rows."""

    counts: ShardCounts
    seconds: float = 0.0
    already_written: bool = False  # the shard existed: nothing was extracted


def plan_tasks(inputs: list[str], chunk_pages: int = CHUNK_PAGES) -> list[Task]:
    """The tasks of a run, in input order: each archive alone, consecutive page files in chunks."""
    if chunk_pages < 1:
        raise ValueError("chunk_pages must be 1 or more")
    tasks: list[Task] = []
    chunk: list[str] = []
    for item in expand_inputs(inputs):
        if item == "-":
            raise ValueError("stdin ('-') cannot be sent to Dask workers: give files, folders or archives")
        if is_archive(item):
            tasks += [Task(tuple(chunk))] if chunk else []
            tasks.append(Task((item,)))
            chunk = []
            continue
        chunk.append(item)
        if len(chunk) == chunk_pages:
            tasks.append(Task(tuple(chunk)))
            chunk = []
    if chunk:
        tasks.append(Task(tuple(chunk)))
    return tasks


def run_task(task: Task, options: Options, out_dir: str) -> TaskSummary:
    """Extract every page of a task into its shard in `out_dir`; skip if the shard is there."""
    out = Path(out_dir)
    if shard_path(out, task.name).exists():
        return TaskSummary(read_counts(out, task.name), already_written=True)
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    with ShardWriter(out, task.name, list(task.inputs)) as shard:
        for result in task_results(task, options, out):
            shard.add(result)
    return TaskSummary(shard.counts, seconds=time.perf_counter() - start)


def task_results(task: Task, options: Options, out_dir: str | Path | None = None) -> Iterator[PageResult]:
    """The page results of a task, in order, as a local run makes them (corpus/runner.py): inputs read
    by read/inputs.py, each page in a worker process (dateline.worker); a page that takes a worker
    down is quarantined in `out_dir`."""
    quarantine = quarantine_beside(out_dir) if out_dir is not None else None
    for page in pages_of(list(task.inputs), options):
        yield page if isinstance(page, PageResult) else extract_bounded(page, options, quarantine)
