"""A Page is the raw source with what is known about it; `decode` turns its bytes into text."""
from __future__ import annotations

import codecs
import os
import re
import stat
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from ..errors import error

SUFFIXES = (".txt", ".txt.gz", ".html", ".html.gz", ".htm", ".htm.gz", ".text", ".text.gz")
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")  # many pages each: read by read/warc.py
HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|div[\s>]|p[\s>])", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# share of control characters above which bytes are binary, not text: real pages have almost none
BINARY_CONTROL_SHARE = 0.05
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# share of NUL bytes at odd (or even) positions above which BOM-less bytes are UTF-16 text, not binary
UTF16_NUL_SHARE = 0.4
# what charset detection may guess: EBCDIC code pages fit any ASCII-ish bytes and no web page uses them
NEVER_DETECT = ["cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"]
DETECT_BYTES = 200_000  # detection reads this much: enough to decide, and its cost stays flat
# UTF-8 with at most this share of its non-ASCII bytes broken is damaged UTF-8, not another encoding:
# guessing would turn every curly quote of the page to mojibake to save a few bad bytes
UTF8_DAMAGE_SHARE = 0.02


@dataclass
class Page:
    data: bytes
    uri: str | None = None
    format: str = "text"  # text | html
    fetched_at: datetime | None = None
    url: str | None = None
    declared_charset: str | None = None  # from HTTP headers (WARC) where known
    container: str | None = None  # "warc" when the page came out of an archive
    offset: int | None = None  # byte offset of the record in its archive
    text: str = ""
    encoding: str | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_html(cls, html: str, url: str | None = None, fetched_at: datetime | None = None,
                  uri: str | None = None) -> "Page":
        """A page from a string of HTML already in hand (a scraper's response, a database field)."""
        return cls._from_str(html, "html", url, fetched_at, uri)

    @classmethod
    def from_text(cls, text: str, url: str | None = None, fetched_at: datetime | None = None,
                  uri: str | None = None) -> "Page":
        """A page from text a crawler already flattened."""
        return cls._from_str(text, "text", url, fetched_at, uri)

    @classmethod
    def _from_str(cls, value: str, fmt: str, url, fetched_at, uri) -> "Page":
        if not isinstance(value, str):
            raise TypeError(f"Page.from_{fmt} takes a str, not {type(value).__name__}")
        text = normalise_breaks(value.removeprefix("\ufeff"))
        return cls(data=text.encode("utf-8", errors="replace"), uri=uri, format=fmt, fetched_at=fetched_at,
                   url=url, text=text, encoding="utf-8")


# a str passed to extract() is a source to read when it is one short line that names a file that exists, a
# URL, or has the shape of a path: no spaces and a "/" or "\\", or a page file's suffix. A str that starts
# with markup is HTML; any other str is the text of a page.
URL_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
PATH_SHAPE = re.compile(r"^[^\s<>]*[/\\][^\s<>]*$")
PATH_MAX_CHARS = 4096
MARKUP_START = re.compile(r"^\s*<(?:!|\?xml|[A-Za-z])")


def str_kind(value: str) -> str:
    """What a str given to `extract()` is: "url", "path", "html" or "text" (docs/python.md).

    One line of at most PATH_MAX_CHARS is a source when it names an existing file or folder, is a
    URL (scheme://...), has no spaces and a "/" or "\\" in it, or ends in a page file's suffix (.html,
    .txt, .warc.gz ...): such a name that does not exist is a not_found error, never a page's text.
    Anything else is content: HTML when it starts with markup ("<html", "<!doctype", "<p"...), else text."""
    line = value.strip()
    if line and "\n" not in line and len(line) <= PATH_MAX_CHARS and not line.startswith("<"):
        if URL_SHAPE.match(line):
            return "url"
        try:
            exists = Path(line).exists()
        except (OSError, ValueError):
            exists = False
        lower = line.lower()
        if exists or PATH_SHAPE.match(line) or lower.endswith(SUFFIXES + ARCHIVE_SUFFIXES):
            return "path"
    return "html" if MARKUP_START.match(value.removeprefix("\ufeff")) else "text"


def guess_format(data: bytes, uri: str | None = None) -> str:
    name = (uri or "").lower().removesuffix(".gz")
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".txt", ".text", ".wet")):
        return "text"
    return "html" if HTML_SNIFF.search(data[:4096]) else "text"


def _is_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return False
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))  # counted in C, not per byte
    return controls / len(sample) > BINARY_CONTROL_SHARE


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without its BOM: mostly-Latin text then has a NUL in every other byte, which would
    otherwise read as binary."""
    sample = data[:4096]
    if len(sample) < 16 or len(sample) % 2:
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    for share, other, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if share >= UTF16_NUL_SHARE and other < 0.01:
            try:  # not final: the sample may end inside a surrogate pair
                codecs.getincrementaldecoder(enc)().decode(sample, final=False)
            except UnicodeDecodeError:
                continue
            return enc
    return None


def _damaged_utf8(data: bytes) -> str | None:
    """The text, where bytes that fail as UTF-8 are a few broken ones among many good multi-byte
    sequences (a cut or a bad splice), each read as U+FFFD."""
    non_ascii = len(data.translate(None, bytes(range(128))))
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    if non_ascii - broken >= 8 and broken <= UTF8_DAMAGE_SHARE * non_ascii:
        return text
    return None


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


# a value's text written in one encoding and read in another before the page reached us: UTF-8 read as
# Latin-1 or Windows-1252 ("letâ€™s", "cafÃ©", "Investorâ\x80\x99s"), or Windows-1252 read as Latin-1 (a C1
# control for "’"). ftfy tells such text from the languages that print these letters; this pattern only
# picks the values worth asking it about: a lead letter of a misread UTF-8 sequence before a character that
# is one of its continuations as Latin-1 or Windows-1252 reads them, or a C1 control, which no page prints
MOJIBAKE_CONTINUATION = ("\xa0-\xbf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152"
                         "\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178 ")
# one character class first, the rest looked at only where it matches: a scan at C speed over the text
MOJIBAKE_HINT = re.compile(f"[\x80-\x9f\xc2-\xf4](?:(?<=[\x80-\x9f])|(?=[{MOJIBAKE_CONTINUATION}]))")
# what str.splitlines() breaks at besides \n: each becomes \n (one character for one, so offsets
# hold) and "line N" of a span then means the same to the splitter, the explorer and any editor
OTHER_BREAK_CHARS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
BREAKS_TO_NEWLINE = str.maketrans({c: "\n" for c in OTHER_BREAK_CHARS})
LONE_CR = re.compile("\r(?!\n)")


def decode(data: bytes, declared: str | None = None, is_html: bool = False) -> tuple[str, str]:
    """Bytes to text and the encoding used: BOM, then declared charset, then UTF-8, then detection.
    Line breaks other than \n and \r\n become \n."""
    text, encoding = _decode(data, declared, is_html)
    return normalise_breaks(text), encoding


def mojibake_repaired(text: str) -> str:
    """A value as its writer wrote it where its text was read in the wrong encoding before it reached us
    ("letâ€™s" -> "let’s"), by ftfy. A field's value, not the page: the page's text is what the models
    were trained on, and offsets point into it."""
    if not MOJIBAKE_HINT.search(text):
        return text
    import ftfy  # on the few pages that need it: its import costs a tenth of a second

    return ftfy.fix_encoding(text)


def normalise_breaks(text: str) -> str:
    """Each line break but \n and \r\n made \n. Most pages have none: finding that by C-level scans
    first costs a tenth of running a pattern over the whole page."""
    if any(c in text for c in OTHER_BREAK_CHARS):
        text = text.translate(BREAKS_TO_NEWLINE)
    if text.count("\r") != text.count("\r\n"):
        text = LONE_CR.sub("\n", text)
    return text


def _decode(data: bytes, declared: str | None, is_html: bool) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(enc, errors="replace"), enc
    wide = _canonical(declared)
    if wide and wide.startswith(("utf-16", "utf-32")):  # declared, and its NULs would look binary below
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            pass
    bomless = _utf16_without_bom(data)
    if bomless:
        return data.decode(bomless, errors="replace"), bomless
    if _is_binary(data):
        raise error("E102", detail="control bytes throughout")
    candidates = [_canonical(declared)]
    if is_html:
        m = META_CHARSET.search(data[:8192])
        candidates.append(_canonical(m.group(1).decode("ascii", "ignore")) if m else None)
    try:
        text = data.decode("utf-8")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in candidates:
        if enc and enc not in ("utf-8",):
            # windows-1252 is what browsers read for a declared latin-1
            enc = "cp1252" if enc == "latin-1" else enc
            try:
                return data.decode(enc), enc
            except (UnicodeDecodeError, LookupError):
                continue
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:DETECT_BYTES], cp_exclusion=NEVER_DETECT).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8"


def _gunzip(data: bytes, limit: int) -> bytes:
    """Every member of gzip data (`cat a.gz b.gz`, pigz, bgzip write several), up to `limit` bytes."""
    out: list[bytes] = []
    size = 0
    try:
        while data:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            part = d.decompress(data, limit + 1 - size)
            size += len(part)
            out.append(part)
            if size > limit:
                raise error("E103", size=size, limit=limit)
            if not d.eof:
                raise error("E105", detail=f"the gzip data is cut short after {size:,} bytes")
            data = d.unused_data
            if data.strip(b"\0") == b"":  # zero padding after the last member (some writers pad blocks)
                break
        return b"".join(out)
    except zlib.error as exc:
        raise error("E105", detail=f"broken gzip data after {size:,} bytes ({exc})") from None


def read_bytes(data: bytes, uri: str | None = None, input_format: str = "auto", max_bytes: int | None = None,
               **extra) -> Page:
    """Bytes (gzipped or not) to a Page with its format guessed; decoding happens in the pipeline."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, max_bytes or 1 << 62)
    fmt = input_format if input_format != "auto" else guess_format(data, uri)
    return Page(data=data, uri=uri, format=fmt, **extra)


def _read_up_to(f, n: int) -> bytes:
    """At most `n` bytes, read in chunks (a read of `n` at once would reserve `n` bytes first)."""
    chunks, got = [], 0
    while got < n and (chunk := f.read(min(1 << 22, n - got))):
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_path(path: str | Path, input_format: str = "auto", max_bytes: int | None = None) -> Page:
    """A page file. Only regular files are read (a FIFO would hang, a device never ends), and never
    more than `max_bytes` + 1 bytes: the size limit holds while reading, before any decoding."""
    p = Path(path)
    try:
        st = os.stat(p)  # through links: a link to /dev/zero is a device
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else \
                "a device or socket"
            raise error("E105", detail=f"{p} is {kind}, not a regular file; it was not read")
        limit = max_bytes if max_bytes is not None else 1 << 62
        with open(p, "rb") as f:
            data = _read_up_to(f, limit + 1)
    except FileNotFoundError:
        raise error("E106", detail=str(p)) from None
    except OSError as exc:
        raise error("E105", detail=str(exc)) from None
    if len(data) > limit:
        raise error("E103", size=max(st.st_size, len(data)), limit=limit)
    return read_bytes(data, uri=str(p), input_format=input_format, max_bytes=max_bytes)


def is_archive(path: str | Path) -> bool:
    """A WARC or WET archive (many pages), told by its name."""
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def iter_paths(inputs: list[str]) -> Iterator[Path]:
    """Files as given; folders walked for page files in name order; globs expanded."""
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.name.lower().endswith(SUFFIXES + ARCHIVE_SUFFIXES):
                    yield f
        elif any(ch in item for ch in "*?["):
            base = Path(".")
            yield from sorted(q for q in base.glob(item) if q.is_file())
        else:
            yield p


def page_stem(path: Path) -> str:
    name = path.name
    for suf in sorted(SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suf):
            return name[: -len(suf)]
    return name


