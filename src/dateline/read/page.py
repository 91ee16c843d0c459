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


# a start or end tag, or a comment opening; possessive so that a "<" with no ">" costs one pass
TAG = re.compile(r"<(?:(?P<comment>!--)|(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*+)(?P<attrs>[^<>]*+)>)")
# elements that open no level: void ones, and those a parser closes by themselves (<p><p>, <li><li>)
# (not optgroup, rb, rt, rp: outside <select> and <ruby> they nest, and lexbor is quadratic in them too)
NO_DEPTH = frozenset("area base br col embed hr img input link meta param source track wbr keygen "
                     "p li dt dd option tr td th thead tbody tfoot".split())
# <option>s past this many are unwrapped (text kept): lexbor is quadratic in the options of a <select>
# (100,000 take ~25 s in C); real pages have a few hundred at most (countries, years)
MAX_OPTIONS = 2_000
# elements whose content is text, not tags: "<" inside them opens nothing
RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())


# a tag with this much attribute text gets its attributes counted (the search for one is linear)
LONG_TAG = re.compile(r"<[A-Za-z][^<>]{1000}")
ATTRIBUTE = re.compile(r"""[^\s"'=<>/]++(?:\s*=\s*(?:"[^"]*+"|'[^']*+'|[^\s"'>]++))?""")
# a tag with more attributes keeps none: lexbor checks each against the others (quadratic, in C), so
# 200,000 took 5 minutes past a 20 s limit; real tags carry a few dozen at most
MAX_ATTRIBUTES = 256


def bound_html(html: str, max_depth: int) -> tuple[str, int]:
    """HTML made safe to parse, and how many tags were changed: tags nested deeper than `max_depth`
    and <option>s past MAX_OPTIONS removed (their text stays), tags with more than MAX_ATTRIBUTES
    attributes stripped of them.

    Parsers and tree walks cost time per level: lexbor takes ~18 s for 100,000 nested <div>s, inside C
    where no time limit can stop it, so this runs before any parser. The nesting is followed roughly as
    a parser would (an end tag closes its nearest open namesake and what stands inside it); where it
    errs, it errs towards flattening a broken page, never a real one (none of the 617 dev pages changes).
    """
    if html.count("<") <= max_depth and not LONG_TAG.search(html):
        return html, 0
    if _within_bounds(html, max_depth):
        return html, 0
    nest, edits, options = _Nesting(max_depth), [], 0
    for m, closing, name, attrs in _tags(html):
        remove = False
        if name == "option":
            options += not closing
            remove = options > MAX_OPTIONS
        elif name in NO_DEPTH or name in RAW_TEXT:
            pass
        elif closing:
            remove = not nest.close(name)
        elif not attrs.endswith("/"):
            remove = not nest.open(name)
        if remove:
            edits.append((m.start(), m.end(), ""))
        elif _too_many_attributes(attrs):
            edits.append((m.start(), m.end(), f"<{'/' if closing else ''}{name}>"))
    return _apply(html, edits), len(edits)


def _within_bounds(html: str, max_depth: int) -> bool:
    """True where `bound_html` would change nothing, found by a cheaper pass than its own: per tag
    name, a count of the elements still open (an end tag closes one, if any is open). The elements
    `_Nesting` holds open are never more than these counts add up to (an end tag closes at least its
    namesake, a stray one closes nothing), so a page whose sum stays within `max_depth` keeps every
    tag. Real pages peak at a few dozen; a page that passes the limit is left to the full pass."""
    open_now: dict[str, int] = {}
    total, options = 0, 0
    for _, closing, name, attrs in _tags(html):
        if name == "option":
            options += not closing
            if options > MAX_OPTIONS:
                return False
        elif name in NO_DEPTH or name in RAW_TEXT:
            pass
        elif closing:
            if open_now.get(name):
                open_now[name] -= 1
                total -= 1
        elif not attrs.endswith("/"):
            open_now[name] = open_now.get(name, 0) + 1
            total += 1
            if total > max_depth:
                return False
        if _too_many_attributes(attrs):
            return False
    return True


def _tags(html: str) -> Iterator[tuple[re.Match, str, str, str]]:
    """Each tag a parser would see, as (match, "/" for an end tag, lower-case name, attribute text):
    comments, and the text of <script>, <style>..., are passed over."""
    pos, size = 0, len(html)
    while pos < size:
        # tags are read in runs by finditer (cheaper per tag than a search each); a run ends where
        # the reading jumps: past a comment, or past the text of a <script>, <style>...
        for m in TAG.finditer(html, pos):
            comment, closing, name, attrs = m.groups()
            if comment:
                end = html.find("-->", m.end())
                pos = size if end < 0 else end + 3
                break
            name = name.lower()
            yield m, closing, name, attrs
            if not closing and name in RAW_TEXT:
                pos = _raw_end(html, name, m.end())
                break
        else:
            return  # no tag left


def _too_many_attributes(attrs: str) -> bool:
    return len(attrs) > 1000 and len(ATTRIBUTE.findall(attrs)) > MAX_ATTRIBUTES


def _apply(html: str, edits: list[tuple[int, int, str]]) -> str:
    """`html` with each (start, end) span, in order and apart, replaced."""
    if not edits:
        return html
    pieces, last = [], 0
    for start, end, replacement in edits:
        pieces += [html[last:start], replacement]
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


class _Nesting:
    """The open elements: which were kept and which cut for depth. Each element is pushed and popped
    once, and an end tag finds its namesake through `where`, so a page costs linear time."""

    def __init__(self, max_depth: int):
        self.max_depth, self.kept = max_depth, 0
        self.stack: list[tuple[str, bool]] = []
        self.where: dict[str, list[int]] = {}

    def open(self, name: str) -> bool:
        """Push a start tag; False: it is past the depth limit, cut it."""
        keep = self.kept < self.max_depth
        self.kept += keep
        self.where.setdefault(name, []).append(len(self.stack))
        self.stack.append((name, keep))
        return keep

    def close(self, name: str) -> bool:
        """Pop to the nearest open `name`; False: that element was cut, so cut its end tag too."""
        at = self.where.get(name)
        if not at:
            return True  # a stray end tag: the parser ignores it, and so do we
        index = at[-1]
        kept = self.stack[index][1]
        while len(self.stack) > index:
            top, top_kept = self.stack.pop()
            self.where[top].pop()
            self.kept -= top_kept
        return kept


def _raw_end(html: str, name: str, pos: int) -> int:
    """Where the raw text of a <script>, <style>... that opened at `pos` ends (its end tag is read next)."""
    m = re.compile(rf"</{name}\b", re.I).search(html, pos)
    return m.start() if m else len(html)


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


