"""The inputs of a run as pages: the one home of "read an input; what cannot be read becomes an error
result". The corpus runner and the Dask tasks both read through `pages_of`, so a broken file, a
damaged archive or a FIFO gives the same error record everywhere, and the run goes on.

    for item in pages_of(expand_inputs(["crawl/", "a.warc.gz"]), options):
        ...   # a Page to extract, or a PageResult that is already the page's error record
"""
from __future__ import annotations

import glob
import os
import sys
from pathlib import Path
from typing import Iterator

from ..errors import DatelineError, error
from ..options import Options
from ..record import PageResult, Source
from .fetch import Fetcher, is_link
from .page import Page, is_archive, iter_paths, read_bytes, read_path
from .warc import BrokenRecord, iter_archive

Item = str | PageResult  # an input named, or the error result of a listing (a feed) that failed


def expand_inputs(inputs: list[Item]) -> list[Item]:
    """Files as given, folders walked (page files and archives), globs expanded (`**` too, without
    following links to folders, so a link loop ends); '-' is stdin; links (http://, https://) and
    error results as they are."""
    out: list[Item] = []
    for item in inputs:
        if isinstance(item, PageResult) or is_link(item):
            out.append(item)
        elif item == "-" or Path(item).exists() or not any(ch in item for ch in "*?["):
            out.extend([item] if item == "-" else map(str, iter_paths([item])))
        else:
            matches = sorted(p for p in _glob(item) if Path(p).is_file())
            # a pattern that matches nothing is kept, so it becomes a not_found error, not silence
            out.extend(matches or [item])
    return out


def _glob(pattern: str) -> list[str]:
    """`glob(pattern, recursive=True)`, except that `**` does not descend through links to folders."""
    if "**" not in pattern:
        return glob.glob(pattern)
    head, _, tail = pattern.partition("**")
    roots = glob.glob(head) if any(ch in head for ch in "*?[") else [head or "."]
    found: list[str] = []
    tail = tail.lstrip("/" + os.sep)
    for root in roots:
        for folder, dirs, _files in os.walk(root or ".", followlinks=False):
            dirs.sort()
            found += glob.glob(os.path.join(glob.escape(folder), tail), recursive=False) if tail else [folder]
    return sorted(set(found))


def pages_of(items: list[Item], options: Options, fetcher: Fetcher | None = None) -> Iterator[Page | PageResult]:
    """Each page of the inputs, in order: a Page to extract, or the error result of one that could
    not be read (a missing or unreadable file, a FIFO, the damage of an archive, a link that failed).
    Links are fetched with `fetcher` (one with the default politeness when none is given)."""
    own = None
    try:
        for item in items:
            if isinstance(item, PageResult):
                yield item
            elif is_link(item):
                if fetcher is None:
                    fetcher = own = Fetcher()
                yield fetcher.fetch(item, options.max_page_bytes, options.input_format)
            else:
                yield from _pages_of_path(item, options)
    finally:
        if own is not None:
            own.close()


def _pages_of_path(item: str, options: Options) -> Iterator[Page | PageResult]:
    if item == "-":
        yield read_stdin(options)
    elif is_archive(item):
        for page in iter_archive(item, options.max_page_bytes):
            if isinstance(page, BrokenRecord):
                src = Source(uri=page.uri, format="warc", offset=page.offset)
                yield PageResult(source=src, errors=[page.error.to_page_error()])
            else:
                yield page
    else:
        yield read_file(item, options)


def read_file(path: str, options: Options) -> Page | PageResult:
    try:
        return read_path(path, options.input_format, max_bytes=options.max_page_bytes)
    except DatelineError as exc:
        return PageResult(source=Source(uri=path), errors=[exc.to_page_error()])


def read_stdin(options: Options) -> Page | PageResult:
    try:
        data = sys.stdin.buffer.read(options.max_page_bytes + 1)  # the limit holds while reading
        if len(data) > options.max_page_bytes:
            raise error("E103", size=len(data), limit=options.max_page_bytes)
        return read_bytes(data, uri="<stdin>", input_format=options.input_format, max_bytes=options.max_page_bytes)
    except DatelineError as exc:
        return PageResult(source=Source(uri="<stdin>"), errors=[exc.to_page_error()])
