"""The Dask parts of the command line: `extract --dask` and `load`.

Thin: each calls a library function (dask_runner.run_on_dask, load.load_shards) and only draws a
progress bar and a summary table. Dask is imported when a command needs it, not by `dateline --help`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..options import Options

err = Console(stderr=True)
EXIT_OK, EXIT_PAGE_FAILED, EXIT_USAGE = 0, 1, 2


def extract_on_dask(paths: list[str], out_dir: Optional[Path], options: Options, address: str,
                    db: Optional[Path] = None) -> int:
    """`dateline extract INPUTS --dask ADDRESS --out-dir DIR`: shards into DIR; the exit code."""
    from .dask_runner import dask_client, parse_address, run_on_dask
    from .tasks import plan_tasks

    if out_dir is None or db is not None:
        err.print("[red]--dask writes Parquet shards: give --out-dir DIR (a directory every worker can see), "
                  "then merge them with `dateline load DIR --db corpus.db`.[/]")
        return EXIT_USAGE
    try:
        parse_address(address)
        n_tasks = len(plan_tasks(paths))  # checks the inputs before a cluster is started
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        return EXIT_USAGE
    try:
        with dask_client(address) as client, _TaskBar(n_tasks) as advance:
            summary = run_on_dask(client, paths, options, out_dir, on_task=advance)
    except OSError as exc:  # distributed raises OSError (TimeoutError included) for a scheduler it cannot reach
        err.print(f"[red]Cannot reach the Dask scheduler at {address}: {exc}[/]")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.print("[yellow]Interrupted. The shards written so far are kept: run the same command again to "
                  "resume.[/]")
        return EXIT_PAGE_FAILED
    print_dask_summary(summary, out_dir)
    return EXIT_PAGE_FAILED if summary.failed or summary.failed_tasks else EXIT_OK


class _TaskBar:
    """A rich progress bar over tasks; the callback run_on_dask calls as each ends."""

    def __init__(self, total: int):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("dask tasks"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[info]}"), TimeElapsedColumn(), console=err)
        self.task = self.bar.add_task("tasks", total=total, info="")
        self.pages = self.stories = self.failed = 0

    def __enter__(self):
        self.bar.__enter__()
        return self.advance

    def advance(self, summary) -> None:
        if summary is not None:
            self.pages += summary.counts.pages
            self.stories += summary.counts.stories
            self.failed += summary.counts.failed
        self.bar.update(self.task, advance=1, info=f"{self.pages} pages · {self.stories} stories · "
                                                   f"{self.failed} errors")

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)
        return False


def print_dask_summary(s, out_dir: Path) -> None:
    t = Table(title=f"dask run into {out_dir} ({s.workers} workers)", show_header=False)
    t.add_column("what")
    t.add_column("count", justify="right")
    rows = [("tasks", s.tasks), ("tasks whose shard was there already", s.already_written),
            ("tasks failed", len(s.failed_tasks)), ("pages", s.pages), ("pages extracted by this run", s.extracted),
            ("stories", s.stories),
            ("pages with errors", s.failed)]
    for name, value in rows:
        t.add_row(name, f"{value:,}")
    t.add_row("seconds", f"{s.seconds:.1f}")
    t.add_row("pages/s", f"{s.pages_per_s:.1f}")
    for reason, n in s.errors_by_reason.most_common():
        t.add_row(f"  errors: {reason}", f"{n:,}")
    err.print(t)
    for name, why in s.failed_tasks:
        err.print(f"[red]task {name} failed: {why}[/]")
    if s.failed_tasks:
        err.print("[yellow]Run the same command again to retry the failed tasks: written shards are kept.[/]")
    err.print(f"Merge the shards into a corpus with: dateline load {out_dir} --db corpus.db")


def load_cmd(
    shard_dir: Path = typer.Argument(..., help="The --out-dir of a `dateline extract --dask` run."),
    db: Path = typer.Option(..., "--db", help="The corpus database (SQLite) to merge the shards into."),
) -> None:
    """Merge the Parquet shards of a Dask run into a corpus, with the duplicate handling of a local run.

    Shards are loaded in the order of their inputs; pages already stored are skipped, so loading again adds nothing.

    Example:

      dateline extract crawl/*.warc.gz --dask local:2 --out-dir shards/
      dateline load shards/ --db corpus.db
    """
    import sqlite3

    from ..corpus.commands import print_run_summary, write_failure
    from ..corpus.store import Store, StoreBusy
    from .load import load_shards
    from .shards import list_shards

    if not shard_dir.is_dir():
        err.print(f"[red]No shard directory at {shard_dir}: write one with `dateline extract ... --dask local:2 "
                  f"--out-dir {shard_dir}`.[/]")
        raise typer.Exit(EXIT_USAGE)
    try:
        n = len(list_shards(shard_dir))
    except (ValueError, OSError) as exc:  # a foreign or damaged .parquet in the directory
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(EXIT_USAGE) from None
    err.print(f"Loading {n} shards from {shard_dir} into {db}.")
    try:
        with Store(db) as store:
            summary = load_shards(store, shard_dir)
    except StoreBusy as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(EXIT_USAGE) from None
    except sqlite3.Error as exc:  # a full disk, a file that cannot be written
        err.print(f"[red]{write_failure(db, exc)}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_PAGE_FAILED) from None
    print_run_summary(summary, db)
    raise typer.Exit(EXIT_PAGE_FAILED if summary.failed else EXIT_OK)
