"""The `dateline` command: a thin typer shell over library functions."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .options import (INPUT_FORMATS, MAX_PAGE_BYTES, MAX_PAGE_MEMORY, NLP_LEVELS, PAGE_TIMEOUT_S, SPACY_MODEL,
                      Options, parse_when)
from .outputs import FILE_SUFFIX, FORMATS, OutDir, Printer, write_file
from .read.fetch import CONNECT_TIMEOUT_S, HOST_DELAY_S, READ_TIMEOUT_S, Fetcher, FetchOptions, is_link
from .read.inputs import expand_inputs, pages_of
from .read.page import is_archive
from .record import PageResult
from .worker import PagePool, WorkerFailed, quarantine_beside

app = typer.Typer(
    help="dateline turns raw news pages (HTML, WARC, flattened text) into clean, structured story records.\n\n"
    "Start with:  dateline extract page.txt   (one page: its stories as JSON on stdout)",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)

EXIT_OK, EXIT_PAGE_FAILED, EXIT_USAGE = 0, 1, 2
# -v: a line per page on stderr; -q: no progress and no summary (errors are still said)
VERBOSITY = {"level": 0}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Say each page on stderr as it is done."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary on stderr; errors "
                               "are still said."),
) -> None:
    """dateline: news pages in, story records out."""
    VERBOSITY["level"] = -1 if quiet else 1 if verbose else 0


@app.command("extract")
def extract_cmd(
    paths: list[str] = typer.Argument(None, help="Files, folders (walked), globs or links (http://, https://: "
                                      "fetched); '-' reads one page from stdin. .txt, .html and their .gz are "
                                      "read; .warc/.wet archives print one article a line, or go into --db.",
                                      show_default=False),
    urls: Optional[str] = typer.Option(None, "--urls", help="A file of links to fetch, one a line ('-': stdin)."),
    feed: list[str] = typer.Option([], "--feed", help="An RSS or Atom feed: its articles are fetched "
                                   "(may be given more than once)."),
    sitemap: list[str] = typer.Option([], "--sitemap", help="A site map, news site map or site map index "
                                      "(.xml or .xml.gz): its pages are fetched (may be given more than once)."),
    since: Optional[str] = typer.Option(None, "--since", help="With --feed/--sitemap: only entries dated (lastmod, "
                                        "publication date) on or after this ISO 8601 date or time."),
    fetch_timeout: float = typer.Option(READ_TIMEOUT_S, "--fetch-timeout", min=0.01, help="Seconds a server may "
                                        "take to connect or between two bytes before the link is a "
                                        "fetch_timeout error record."),
    delay: float = typer.Option(HOST_DELAY_S, "--delay", min=0, help="Seconds between two requests to one host "
                                "(a robots.txt Crawl-delay, up to 30 s, wins when longer)."),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="Fetch links that robots.txt disallows."),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", help="The User-Agent header (default "
                                             "dateline/<version>); robots.txt is read for it."),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", "-o", help="Write a file per page instead of "
                                           "printing: DIR/<its folders below the inputs' shared folder>/<name>.json "
                                           "(.jsonl, .csv, .md by -f); never two pages in one file."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="json (default): the page result; several "
                                      "pages: a JSON array of them. jsonl (default for WARC/WET): one article a "
                                      "line, each with its source. csv: one article a row. markdown. table: a "
                                      "readable summary."),
    input_format: str = typer.Option("auto", "--input-format", help=f"One of {', '.join(INPUT_FORMATS)}: auto "
                                     "guesses from the name and the first bytes."),
    fetched_at: Optional[str] = typer.Option(None, "--fetched-at", help="When the page was fetched (ISO 8601), "
                                             "to resolve '5 min ago'. Unknown: relative times stay null."),
    nlp: str = typer.Option("full", "--nlp", help=f"Enrichment: {', '.join(NLP_LEVELS)}: quotes with their "
                            "speakers, entities, figures (English articles)."),
    spacy_model: str = typer.Option(SPACY_MODEL, "--spacy-model", envvar="DATELINE_SPACY_MODEL",
                                    help="The installed spaCy model --nlp loads (e.g. en_core_web_sm); "
                                    "nothing is downloaded."),
    timeout: float = typer.Option(PAGE_TIMEOUT_S, "--timeout", min=0, help="Seconds one page may take before "
                                  "it becomes a timeout error record (0: no limit)."),
    max_page_bytes: int = typer.Option(MAX_PAGE_BYTES, "--max-page-bytes", min=1, help="Larger pages become a "
                                       "too_large error record."),
    max_page_memory: int = typer.Option(MAX_PAGE_MEMORY, "--max-page-memory", min=0, help="Bytes of memory the "
                                        "worker process of one page may use (0: no limit); past it the page "
                                        "becomes a memory error record and the batch goes on."),
    db: Optional[Path] = typer.Option(None, "--db", help="Store every page in this corpus database (SQLite) "
                                      "instead of printing: stories merged across pages, versions, errors. "
                                      "Run the same command again to resume: stored pages are skipped."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes, each extracting one page at a "
                             "time (output stays in input order; with --db one process writes the database)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Run on Dask: local:N (N worker processes here) or "
                                       "a scheduler address (tcp://HOST:8786). Each task writes Parquet shards "
                                       "to --out-dir; merge them with `dateline load DIR --db corpus.db`."),
) -> None:
    """Find every story on each page and print or write its record.

    Examples:

      dateline extract page.txt                       # JSON on stdout
      dateline extract crawl/ -o out/                 # out/<sub/name>.json per page, progress on stderr
      dateline extract a.txt b.html -f csv            # one article a row (also: -f markdown)
      cat page.html | dateline extract - -f jsonl     # one article per line
      dateline extract page.txt -f table              # a readable summary
      dateline extract crawl/ *.warc.gz --db corpus.db -j 2   # into a corpus; rerun to resume
      dateline extract https://news.example.org/a.html        # a link: fetched (robots.txt, 1 s a host)
      dateline extract --feed https://news.example.org/rss.xml --db corpus.db   # rerun: new articles only
      dateline extract --sitemap https://news.example.org/sitemap.xml --since 2025-06-01 --db corpus.db
      dateline extract crawl/ --dask local:2 -o shards/       # on Dask; then: dateline load shards/ --db corpus.db
    """
    for name, value, allowed in (("--format", fmt, FORMATS), ("--nlp", nlp, NLP_LEVELS),
                                 ("--input-format", input_format, INPUT_FORMATS)):
        if value is not None and value not in allowed:
            err.print(f"[red]{name} must be one of {', '.join(allowed)}, not {value!r}[/]", soft_wrap=True)
            raise typer.Exit(EXIT_USAGE)
    try:
        options = Options(input_format=input_format, fetched_at=parse_when(fetched_at), nlp=nlp, timeout_s=timeout,
                          spacy_model=spacy_model,
                          max_page_bytes=max_page_bytes, max_page_memory=max_page_memory)
    except ValueError as exc:
        err.print(f"[red]{exc}[/]", soft_wrap=True)  # one line, whatever the width
        raise typer.Exit(EXIT_USAGE) from None
    paths = list(paths or [])
    fetching = FetchOptions(connect_timeout_s=min(fetch_timeout, CONNECT_TIMEOUT_S), read_timeout_s=fetch_timeout,
                            delay_s=delay, ignore_robots=ignore_robots, user_agent=user_agent or "")
    has_links = bool(urls or feed or sitemap) or any(is_link(p) for p in paths)
    if not paths and not has_links:
        err.print("[red]Give pages to read: files, folders, links, '-' for stdin, or --urls/--feed/--sitemap.[/]")
        raise typer.Exit(EXIT_USAGE)
    if dask is not None:  # scale-out: shards in --out-dir, merged by `dateline load` (dateline.scale)
        if has_links:
            err.print("[red]--dask reads files and archives; fetch links into a corpus with --db instead.[/]")
            raise typer.Exit(EXIT_USAGE)
        from .scale.commands import extract_on_dask

        raise typer.Exit(extract_on_dask(paths, out_dir, options, dask, db))
    with Fetcher(fetching) as fetcher:
        items = _with_listings(paths, urls, feed, sitemap, since, fetcher, options)
        if db is not None:  # the corpus path: WARC/WET archives, workers, resume (dateline.corpus)
            from .corpus.commands import extract_to_store

            raise typer.Exit(extract_to_store(items, db, options, jobs, fetcher, quiet=VERBOSITY["level"] < 0))
        raise typer.Exit(_extract_to_output(items, out_dir, fmt, options, fetcher, jobs))


def _with_listings(paths: list[str], urls: str | None, feeds: list[str], sitemaps: list[str], since: str | None,
                   fetcher: Fetcher, options: Options) -> list:
    """The inputs, then the links of --urls, each --feed and each --sitemap (their failures as error
    results). A usage error (an unreadable --urls file, a bad --since) exits with 2."""
    from .read.listing import feed_links, read_link_file, sitemap_links

    try:
        since_at = parse_when(since, "--since")
        items: list = list(paths) + (read_link_file(urls) if urls else [])
    except ValueError as exc:
        err.print(f"[red]{exc}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:
        err.print(f"[red]--urls {urls}: {exc.strerror or exc}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    for find, listings in ((feed_links, feeds), (sitemap_links, sitemaps)):
        for url in listings:
            links, failed = find(fetcher, url, options.max_page_bytes, since_at)
            items += failed + links
    seen: set[str] = set()  # a link listed twice (a feed and a site map) is fetched once
    return [i for i in items if not isinstance(i, str) or not (i in seen or seen.add(i))]


def _extract_to_output(items: list, out_dir: Path | None, fmt: str | None, options: Options, fetcher: Fetcher,
                       jobs: int) -> int:
    """Pages to stdout or --out-dir, in input order, extracted by `jobs` worker processes; the exit code."""
    inputs = expand_inputs(items)
    archives = any(isinstance(i, str) and is_archive(i) for i in inputs)
    fmt = fmt or ("jsonl" if archives else "json")
    many = len(inputs) > 1 or archives
    target = OutDir(out_dir, items) if out_dir is not None else None
    printer = Printer(fmt, many) if target is None else None
    failed = pages = 0
    level = VERBOSITY["level"]
    show = level >= 0 and (target is not None or fmt != "table") and many
    # each page in a worker process under its time and memory limits (dateline.worker); a page that
    # takes a worker down is quarantined beside the output, so a rerun does not run it again
    quarantine = quarantine_beside(out_dir) if out_dir is not None else None
    try:
        with _progress(show, None if archives else len(inputs)) as advance, \
                PagePool(options, workers=jobs, quarantine=quarantine) as pool:
            for result in _in_order(pages_of(inputs, options, fetcher), pool):
                pages += 1
                failed += bool(result.errors)
                _say_page(result, level)
                if target is not None:
                    write_file(result, target.path_for(result, FILE_SUFFIX[fmt]), fmt)
                elif many or not result.errors or fmt in ("jsonl", "csv"):
                    printer.page(result)  # type: ignore[union-attr]
                advance(result)
    except WorkerFailed as exc:
        err.print(f"[red]{exc}[/]")
        return EXIT_PAGE_FAILED
    finally:
        if printer is not None:
            printer.close()
    if target is not None and level >= 0:
        _say_out_dir(target, pages)
    if failed and (many or level < 0) and level >= 0:
        err.print(f"[yellow]{failed} of {pages} pages failed; their error records say why.[/]")
    return EXIT_PAGE_FAILED if failed else EXIT_OK


def _in_order(pages, pool: PagePool):
    """Each page's result in input order, the pages extracted by the pool's workers side by side."""
    index: dict[int, int] = {}

    def numbered():
        for i, page in enumerate(pages):
            index[id(page)] = i
            yield page

    waiting: dict[int, PageResult] = {}
    nxt = 0
    for item, result in pool.imap_unordered(numbered()):
        waiting[index.pop(id(item))] = result if result is not None else item
        while nxt in waiting:
            yield waiting.pop(nxt)
            nxt += 1


def _say_page(result: PageResult, level: int) -> None:
    """A page that failed is one line on stderr, naming it; with -v every page is."""
    where = escape(result.source.uri or "<stdin>")
    for e in result.errors:
        err.print(f"[red]{where}: {e.code} {e.reason}: {escape(e.message)}[/]", soft_wrap=True, highlight=False)
    if level > 0 and not result.errors:
        what = f"{len(result.articles)} stories" if result.articles else result.skipped or "no story"
        err.print(f"{where}: {escape(what)}", soft_wrap=True, highlight=False)


def _say_out_dir(target: OutDir, pages: int) -> None:
    for uri, path in target.renamed:
        err.print(f"[yellow]{uri} -> {path}: another input of this run has the same output name[/]",
                  soft_wrap=True)
    if target.replaced:
        err.print(f"[yellow]{target.replaced} of {pages} files in {target.root} were there before and "
                  "were replaced.[/]", soft_wrap=True)


class _progress:
    """A rich progress bar on stderr (pages/s, stories, errors) when there is more than one page."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled, total
        self.stories = self.errors = 0

    def __enter__(self):
        if not self.enabled:
            return lambda result: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[info]}"),
                            TimeRemainingColumn(), console=err)
        self.bar.__enter__()
        self.task = self.bar.add_task("extract", total=self.total, info="")

        def advance(result: PageResult) -> None:
            self.stories += len(result.articles)
            self.errors += bool(result.errors)
            speed = self.bar.tasks[0].speed or 0.0
            self.bar.update(self.task, advance=1,
                            info=f"{speed:6.1f} pages/s · {self.stories} stories · {self.errors} errors")

        return advance

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.__exit__(*exc)
        return False


from .corpus.commands import export_cmd, stats_cmd  # noqa: E402 - the corpus commands live with the corpus

app.command("export")(export_cmd)
app.command("stats")(stats_cmd)

from .scale.commands import load_cmd  # noqa: E402 - the Dask commands live with the Dask runner

app.command("load")(load_cmd)


@app.command("serve")
def serve_cmd(
    db: Path = typer.Argument(..., help="The corpus database (a Store file); opened read-only."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind: only this machine unless told."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    setting: list[str] = typer.Option([], "--setting", help="NAME=VALUE, e.g. page_size=50 (see /docs)."),
) -> None:
    """Explore a corpus in the browser: search, stories, people, entities, source pages.

    Examples:

      dateline serve corpus.db                  # http://127.0.0.1:8000/
      dateline serve corpus.db --port 9000 --setting page_size=50
    """
    from .web.app import serve

    try:
        settings = dict(s.split("=", 1) for s in setting)
        serve(db, host=host, port=port, settings=settings,
              announce=lambda: err.print(f"dateline explorer on http://{host}:{port}/ (read-only: {db})"))
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(EXIT_USAGE) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
