"""A Page is the raw source with what is known about it; `decode` turns its bytes into text."""
from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from ..errors import error

SUFFIXES = (".txt", ".txt.gz", ".html", ".html.gz", ".htm", ".htm.gz", ".text", ".text.gz")
HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|div[\s>]|p[\s>])", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# share of control characters above which bytes are binary, not text: real pages have almost none
BINARY_CONTROL_SHARE = 0.05


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
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > BINARY_CONTROL_SHARE


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None, is_html: bool = False) -> tuple[str, str]:
    """Bytes to text and the encoding used: BOM, then declared charset, then UTF-8, then detection."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(enc, errors="replace"), enc
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
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8"


def _gunzip(data: bytes, limit: int) -> bytes:
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, limit + 1)
        if len(out) > limit:
            raise error("E103", size=len(out), limit=limit)
        if not d.eof:
            raise error("E105", detail=f"the gzip data is cut short after {len(out):,} bytes")
        return out
    except zlib.error as exc:
        raise error("E105", detail=f"broken gzip data ({exc})") from None


def read_bytes(data: bytes, uri: str | None = None, input_format: str = "auto", max_bytes: int | None = None,
               **extra) -> Page:
    """Bytes (gzipped or not) to a Page with its format guessed; decoding happens in the pipeline."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, max_bytes or 1 << 62)
    fmt = input_format if input_format != "auto" else guess_format(data, uri)
    return Page(data=data, uri=uri, format=fmt, **extra)


def read_path(path: str | Path, input_format: str = "auto", max_bytes: int | None = None) -> Page:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise error("E106", detail=str(p)) from None
    except OSError as exc:
        raise error("E105", detail=str(exc)) from None
    return read_bytes(data, uri=str(p), input_format=input_format, max_bytes=max_bytes)


def iter_paths(inputs: list[str]) -> Iterator[Path]:
    """Files as given; folders walked for page files in name order; globs expanded."""
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.name.lower().endswith(SUFFIXES + (".warc", ".warc.gz", ".wet", ".wet.gz")):
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


