"""Pages out of WARC and WET archives (read with fastwarc).

A WARC `response` record gives an HTML page with its URL, its fetch time (WARC-Date) and the charset
its Content-Type declared; a WET `conversion` record gives text a crawler already flattened.
Requests, metadata, redirects and non-HTML responses (images, scripts) are not pages and are
passed over. A damaged archive keeps the records read before the damage; the damage itself
becomes one `BrokenRecord` with the reason, and reading that archive stops there.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..errors import DatelineError, error
from .page import Page

PAGE_RECORDS = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
# a response whose Content-Type names one of these is a page; anything else is an asset
HTML_TYPES = ("text/html", "application/xhtml+xml")
READ_CHUNK = 1 << 20  # records that are no pages (images, videos) are read through this much at a time


@dataclass
class BrokenRecord:
    """Where an archive stopped being readable, and why."""

    uri: str
    offset: int | None
    error: DatelineError


def iter_archive(path: str | Path, max_bytes: int) -> Iterator[Page | BrokenRecord]:
    """Every page record of one archive, in archive order, then a BrokenRecord if it is damaged."""
    uri = str(path)
    last_offset: int | None = None
    try:
        with open(path, "rb") as f:
            # every record is read to its end, pages or not: a record whose length runs past the end of
            # the archive would otherwise be skipped over in silence, and the records after it with it
            for record in ArchiveIterator(f, parse_http=True):
                last_offset = record.stream_pos
                if not record.record_type & PAGE_RECORDS:
                    _read_through(record)
                    continue
                page = _page_of(record, uri, max_bytes)
                if page is not None:  # a record over the page limit is reported, and the archive goes on
                    yield page
            # the reader stops without a word at a record cut inside its header: what follows the last
            # record it read must be nothing
            _check_tail(f, last_offset)
    except FileNotFoundError:
        yield BrokenRecord(uri, None, error("E106", detail=uri))
    except DatelineError as exc:
        yield BrokenRecord(uri, last_offset, exc)
    except (OSError, ValueError) as exc:  # fastwarc reports damaged gzip members and headers so
        where = f"after the record at byte {last_offset:,}" if last_offset is not None else "at its start"
        yield BrokenRecord(uri, last_offset, error("E107", detail=f"{exc} {where}; the records before were read"))


def _check_tail(f, last_offset: int | None) -> None:
    """Raise E107 if bytes other than padding follow the last record read (a record cut in its header)."""
    start = last_offset or 0
    f.seek(start)
    head = f.read(2)
    f.seek(start)
    if head == b"\x1f\x8b":  # one gzip member a record: the member of the last record, then nothing
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while not d.eof and (chunk := f.read(READ_CHUNK)):
            d.decompress(chunk, 0)
            if last_offset is None:
                break
        if last_offset is not None and not d.eof:  # the last member read is itself cut short
            rest = b"cut"
        else:
            rest = d.unused_data if d.eof else b""
    else:  # the last record: its header, its Content-Length of bytes, then "\r\n\r\n"
        header = f.read(READ_CHUNK)
        end = header.find(b"\r\n\r\n")
        m = re.search(rb"\r\nContent-Length:\s*(\d+)", header[:end], re.I) if end >= 0 else None
        if last_offset is None or m is None:
            rest = header
        else:
            size = f.seek(0, 2)
            record_end = start + end + 4 + int(m.group(1))
            rest = b"cut" if record_end > size else b""
            f.seek(min(record_end, size))
    rest += f.read(READ_CHUNK)
    if rest.strip(b"\r\n\0 "):
        where = f"after the record at byte {last_offset:,}" if last_offset is not None else "at its start"
        raise error("E107", detail=f"a record is cut short inside its header {where}; the records before were read")


def _read_through(record) -> None:
    """Read a record that is no page to its end, in chunks, and say if the archive ends before it does."""
    got = 0
    while chunk := record.reader.read(READ_CHUNK):
        got += len(chunk)
    _complete(record, got)


def _complete(record, got: int) -> None:
    if got < record.content_length:
        raise error("E107", detail=f"the record at byte {record.stream_pos:,} is cut short "
                                   f"({got:,} of {record.content_length:,} bytes)")


def _page_of(record, uri: str, max_bytes: int) -> Page | BrokenRecord | None:
    if record.record_type == WarcRecordType.conversion:
        fmt = "text"
    else:
        http = record.http_headers
        if http is None or not 200 <= (http.status_code or 0) < 300:
            return None  # redirects and errors of the crawl carry no article
        content_type = (http.get("Content-Type") or "text/html").lower()
        if not content_type.startswith(HTML_TYPES):
            return None
        fmt = "html"
    declared = record.content_length
    if declared > max_bytes:
        _read_through(record)  # a length past the archive's end is damage, not a large page
        return BrokenRecord(uri, record.stream_pos, error("E103", size=declared, limit=max_bytes))
    data = record.reader.read()
    _complete(record, len(data))
    return Page(
        data=data, uri=uri, format=fmt, fetched_at=record.record_date,
        url=record.headers.get("WARC-Target-URI"),
        declared_charset=record.http_charset if fmt == "html" else "utf-8",
        container="warc", offset=record.stream_pos,
    )
