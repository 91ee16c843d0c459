"""The corpus parts of the command line: `extract --db`, `export`, `stats`.

Thin: each command opens a Store and calls a library function (runner, exports, stats); this module
only draws progress bars and tables.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..options import Options
from ..read.fetch import Fetcher
from ..read.page import is_archive
from ..worker import WorkerFailed
from .runner import Runner, RunSummary, expand_inputs
from .store import Store, StoreBusy

err = Console(stderr=True)
EXIT_OK, EXIT_PAGE_FAILED, EXIT_USAGE = 0, 1, 2


def extract_to_store(paths: list, db: Path, options: Options, jobs: int, fetcher: Fetcher | None = None,
                     quiet: bool = False) -> int:
    """`dateline extract ... --db corpus.db`: every page into the store; the exit code."""
    if jobs < 1:
        err.print("[red]--jobs must be 1 or more[/]")
        return EXIT_USAGE
    items = expand_inputs(paths)
    # an archive holds an unknown number of pages until it is read: then the bar just counts
    total = None if any(isinstance(i, str) and is_archive(i) for i in items) else len(items)
    try:
        with Store(db) as store, Runner(store, options, jobs=jobs, fetcher=fetcher) as runner:
            if quiet:  # -q: no bar, no summary; the failures are counted in the exit code
                for _ in runner.run(items):
                    pass
            else:
                _run_with_progress(runner, items, total)
                print_run_summary(runner.summary, db)
    except KeyboardInterrupt:
        err.print("[yellow]Interrupted. The pages stored so far are kept: run the same command again to resume.[/]")
        return EXIT_PAGE_FAILED
    except StoreBusy as exc:
        err.print(f"[red]{exc}[/]")
        return EXIT_USAGE
    except WorkerFailed as exc:
        err.print(f"[red]{exc}. The pages stored so far are kept: run the same command again to resume.[/]")
        return EXIT_PAGE_FAILED
    except (sqlite3.Error, OSError) as exc:  # a full disk, a file that cannot be written
        if isinstance(exc, OSError) and not exc.filename:
            raise  # not a file of ours (a page's own read or fetch errors are records, never raised)
        err.print(f"[red]{write_failure(db, exc)}[/]", soft_wrap=True)
        return EXIT_PAGE_FAILED
    return EXIT_PAGE_FAILED if runner.summary.failed else EXIT_OK


def write_failure(db: Path, exc: BaseException) -> str:
    """One line for a corpus that could not be written (a full disk, no permission): what and where, and
    that the pages committed before are kept (each batch of pages is one transaction)."""
    where = getattr(exc, "filename", None) or db
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return (f"could not write {where}: {reason}. The pages stored before are kept: make room and run the "
            "same command again to resume.")


def _run_with_progress(runner: Runner, items: list, total: int | None) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("store"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[info]}"),
                   TimeElapsedColumn(), console=err, transient=False)
    with bar:
        task = bar.add_task("store", total=total, info="")
        start = time.perf_counter()
        for _ in runner.run(items):
            s = runner.summary
            # pages over the whole run: writes come 32 at a time, so rich's moving rate would jump
            speed = s.pages / max(time.perf_counter() - start, 1e-6)
            bar.update(task, advance=1, info=f"{speed:6.1f} pages/s · {s.stories} stories · "
                                             f"{s.failed} errors · {s.already_stored} already stored")
        bar.update(task, total=runner.summary.pages)


def print_run_summary(s: RunSummary, db: Path) -> None:
    err.print(f"[bold]{s.pages} pages[/] in {s.seconds:.1f} s ({s.pages_per_s:.1f} pages/s) into {db}: "
              f"{s.stored} stored, {s.already_stored} already stored (skipped), {s.failed} failed; "
              f"{s.stories} stories found: {s.stories_new} new, {s.duplicates} seen before "
              f"({s.versions_new} as a new version).")
    if s.errors_by_reason:
        reasons = ", ".join(f"{n} {r}" for r, n in s.errors_by_reason.most_common())
        err.print(f"[yellow]Failed pages by reason: {reasons}. `dateline stats {db}` lists them.[/]")


def export_cmd(
    db: Path = typer.Argument(..., help="The corpus database written by `dateline extract --db`."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl: one story record a line (its latest "
                            "version, with every source); parquet: one row a story version, schema in "
                            "`dateline.corpus.export.PARQUET_SCHEMA`; jsonld: schema.org NewsArticle objects."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to FILE (parquet needs one); "
                                       "default: stdout."),
    all_versions: bool = typer.Option(False, "--all-versions", help="Every version of each story, not only "
                                      "the latest (jsonl, jsonld)."),
) -> None:
    """Write the stories of a corpus as JSON Lines, Parquet or JSON-LD.

    Examples:

      dateline export corpus.db                          # JSON Lines on stdout
      dateline export corpus.db -f parquet -o stories.parquet
      dateline export corpus.db -f jsonld -o stories.jsonld
    """
    from .export import FORMATS, export

    if fmt not in FORMATS:
        err.print(f"[red]--format must be one of {', '.join(FORMATS)}, not {fmt!r}[/]")
        raise typer.Exit(EXIT_USAGE)
    if fmt == "parquet" and out is None:
        err.print("[red]parquet is binary: give a file with -o stories.parquet[/]")
        raise typer.Exit(EXIT_USAGE)
    store = _open(db)
    # written beside the target and renamed at the end: a failed export (a full disk) leaves no partial file
    partial = out.with_name(f".{out.name}.partial") if out is not None else None
    try:
        with store:
            n = export(store, fmt, partial, all_versions=all_versions)
        if partial is not None and out is not None:
            os.replace(partial, out)
    except OSError as exc:
        if partial is not None:
            partial.unlink(missing_ok=True)
        err.print(f"[red]The export to {out or 'stdout'} failed: {exc.strerror or exc}; no file was left.[/]")
        raise typer.Exit(EXIT_PAGE_FAILED) from None
    err.print(f"{n} records written{f' to {out}' if out else ''}.")
    raise typer.Exit(EXIT_OK)


def stats_cmd(
    db: Path = typer.Argument(..., help="The corpus database written by `dateline extract --db`."),
    top: int = typer.Option(10, "--top", help="How many sites and languages to list."),
) -> None:
    """What a corpus holds: sources, stories, versions, duplicates, errors by reason, sites, languages.

    Example:

      dateline stats corpus.db
    """
    from .stats import corpus_stats

    with _open(db) as store:
        st = corpus_stats(store, top=top)
    out = Console()
    t = Table(title=f"{db}", show_header=False)
    t.add_column("what")
    t.add_column("count", justify="right")
    for name, value in st["totals"].items():
        t.add_row(name.replace("_", " "), f"{value:,}")
    out.print(t)
    for title, key in (("errors by reason", "errors_by_reason"), ("sites", "sites"), ("languages", "languages")):
        t = Table(title=title)
        t.add_column(title.split()[0].rstrip("s") if key != "errors_by_reason" else "reason")
        t.add_column("pages" if key != "languages" else "stories", justify="right")
        for name, value in st[key]:
            t.add_row(str(name), f"{value:,}")
        if not st[key]:
            t.add_row("(none)", "0")
        out.print(t)
    raise typer.Exit(EXIT_OK)


def _open(db: Path) -> Store:
    import sqlite3

    try:
        store = Store(db, readonly=True)
        store.counts()  # fails here, not half way through an export, when the file is no corpus
        return store
    except FileNotFoundError:
        err.print(f"[red]No corpus at {db}: make one with `dateline extract PAGES --db {db}`.[/]")
    except sqlite3.DatabaseError as exc:
        err.print(f"[red]{db} is not a dateline corpus ({exc}).[/]")
    raise typer.Exit(EXIT_USAGE)
