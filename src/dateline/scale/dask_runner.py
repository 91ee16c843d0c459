"""Scale-out on Dask: one task per archive (or chunk of page files), one Parquet shard per task.

Each task runs `extract` on its pages on a Dask worker and writes its own shard to a directory
every worker can see (shards.py); only a `TaskSummary` of counts comes back through the scheduler.
`dateline load DIR --db corpus.db` then merges the shards into the store (load.py).

    with dask_client("local:2") as client:
        summary = run_on_dask(client, ["crawl/"], Options(), Path("shards/"))

A task whose worker dies is run again by the scheduler (up to `distributed.scheduler.allowed-failures`
times), and a task that raises is retried `retries` times; either way its shard is written once, as
the rename that completes it is atomic and a shard that exists is not written again.
"""
from __future__ import annotations

import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Callable, Iterator

from ..options import Options
from .shards import TMP_SUFFIX, shard_path
from .tasks import CHUNK_PAGES, Task, TaskSummary, plan_tasks, run_task

LOCAL = "local:"
# a task that raises (a full disk, a share that blinked) is tried this many more times
TASK_RETRIES = 2
# how long to wait for a remote scheduler before saying it cannot be reached
CONNECT_TIMEOUT_S = 30


@dataclass
class DaskSummary:
    tasks: int = 0
    already_written: int = 0  # tasks whose shard existed: a rerun resumes after the last shard written
    failed_tasks: list[tuple[str, str]] = field(default_factory=list)  # (task name, why) after all retries
    pages: int = 0  # in every shard of the run, written now or before
    extracted: int = 0  # pages extracted by this run (in shards it wrote)
    stories: int = 0
    failed: int = 0  # pages with an error record
    errors_by_reason: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    workers: int = 0

    @property
    def pages_per_s(self) -> float:
        """Pages extracted a second: shards that were there already cost no extraction."""
        return self.extracted / self.seconds if self.seconds else 0.0

    def add(self, s: TaskSummary) -> None:
        self.already_written += s.already_written
        self.pages += s.counts.pages
        self.extracted += 0 if s.already_written else s.counts.pages
        self.stories += s.counts.stories
        self.failed += s.counts.failed
        self.errors_by_reason.update(s.counts.errors_by_reason)


def parse_address(address: str) -> int | str:
    """`local:N` as N worker processes; anything else is a scheduler address (tcp://host:8786)."""
    if address.startswith(LOCAL):
        n = address[len(LOCAL):]
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--dask local:N needs N, the number of worker processes, 1 or more; not {address!r}")
        return int(n)
    if "://" not in address and ":" not in address:
        raise ValueError(f"--dask takes local:N or a scheduler address such as tcp://host:8786; not {address!r}")
    return address


@contextmanager
def dask_client(address: str) -> Iterator["distributed.Client"]:  # noqa: F821 - imported lazily
    """A Client of a LocalCluster of N worker processes (one thread each: extraction holds the GIL,
    so processes, not threads, make it parallel), or of the scheduler at `address`."""
    from distributed import Client, LocalCluster

    target = parse_address(address)
    if isinstance(target, int):
        with LocalCluster(n_workers=target, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
    else:
        with Client(target, timeout=CONNECT_TIMEOUT_S) as client:
            yield client


def run_on_dask(client, inputs: list[str], options: Options, out_dir: Path, *, chunk_pages: int = CHUNK_PAGES,
                retries: int = TASK_RETRIES, on_task: Callable[[TaskSummary | None], None] | None = None
                ) -> DaskSummary:
    """Every input into shards in `out_dir`, on the cluster `client` talks to. `on_task` is called in
    this process as each task ends (None for a task that failed): progress bars, tests."""
    from distributed import as_completed

    tasks = plan_tasks(inputs, chunk_pages)
    out_dir = Path(out_dir).resolve()  # workers may have another working directory
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = DaskSummary(tasks=len(tasks), workers=len(client.scheduler_info()["workers"]))
    start = perf_counter()
    run = uuid.uuid4().hex[:8]  # two runs on one scheduler must not share task keys
    futures = {client.submit(run_task, t, options, str(out_dir), key=f"dateline-{t.name}-{run}",
                             retries=retries, pure=False): t for t in tasks}
    for future in as_completed(futures):
        task = futures[future]
        try:
            result: TaskSummary | None = future.result()
        except Exception as exc:  # noqa: BLE001 - one task's failure (KilledWorker too) is reported, the run goes on
            summary.failed_tasks.append((task.name, f"{type(exc).__name__}: {exc}"[:300]))
            result = None
        else:
            summary.add(result)
        future.release()
        if on_task is not None:
            on_task(result)
    summary.seconds = perf_counter() - start
    remove_partial_shards(out_dir, tasks)
    return summary


def remove_partial_shards(out_dir: Path, tasks: list[Task]) -> None:
    """Partial files of attempts that died (a killed worker cannot clean up) whose shard a later
    attempt completed."""
    for task in tasks:
        if shard_path(out_dir, task.name).exists():
            for leftover in out_dir.glob(f".{task.name}.*{TMP_SUFFIX}"):
                leftover.unlink(missing_ok=True)
