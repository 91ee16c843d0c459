"""HTML -> Blocks with DOM evidence, plus the page's metadata.

One lexbor parse and one walk over the tree. Every block-level element that holds text of its own
(p, li, h1-h6, figcaption, blockquote, td, pre, a div with direct text, ...) gives one Block; inline
elements (a, span, b, em, time, ...) add their text to the block around them, and `<br>` ends a
block. A Block's `start`/`end`/`line` point at its element in `page.text` (the decoded HTML), so
provenance leads back to the original markup.

The source position of an element is found without a second parser: the pre-parse guard's pass
(read/guard.py), which reads tags as the tokenizer does, lists where each tag opens (or, where it
gave no verdict, one regex pass of our own, skipping comments and raw-text elements), and the k-th
`<p>` the walk meets is the k-th `<p>` in that list (lexbor keeps elements in source order).

DOM evidence per block (`Block.dom`): `ids`/`tags`/`path` (the id, tag and class/id words of every
block-level ancestor, outermost first, the block's own element last), `level` (heading level),
`links` (share of its characters inside links), `datetime` (a `<time datetime>` in it), `img`
(the image of the figure it is in), `inner` (class words of its inline elements), `words` (its
length in words, CJK counted by characters).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import islice

import numpy as np
from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from .metadata import PageMeta, page_meta
from ..options import Options
from ..read import Page
from . import Block, count_repeats

# elements that start a block of their own; everything else is inline and joins the block around it.
# (tbody/thead/tfoot are left out: parsers imply them where the source has none, which would put
# the k-th element of the walk out of step with the k-th tag of the source)
BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tr", "ul",
))
# elements whose text no reader sees: walked (to keep the source count of block tags) but never emitted
INVISIBLE_TAGS = frozenset((
    "script", "style", "noscript", "template", "svg", "iframe", "head", "select", "option", "button",
    "textarea", "object", "canvas", "math", "video", "audio", "map", "dialog",
))
# invisible elements whose subtrees hold no block tags (drawings, form options, media): not walked
NOSCRIPT_SHOWN = INVISIBLE_TAGS - {"noscript"}
OPAQUE_TAGS = frozenset(("svg", "math", "select", "video", "audio", "canvas", "object", "map"))
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# where block tags (and the raw-text elements to skip) open in the source; lexbor has no offsets
RAW_TEXT = ("script", "style", "template", "textarea", "title", "xmp")
_NAMES = "|".join(sorted(BLOCK_TAGS | set(RAW_TEXT), key=len, reverse=True))
SOURCE_TAG = re.compile(r"<(!--|(?:%s)(?=[\s/>]))" % _NAMES, re.I)
# the same without re.I, three times faster; it finds the same tags unless a block tag is written with
# a letter that re.I folds (A-Z, or one of the four non-ASCII letters it folds to i, s and k)
SOURCE_TAG_LOWER = re.compile(r"<(!--|(?:%s)(?=[\s/>]))" % _NAMES)
# where such a tag could start: "<", lower-case name characters, then a letter re.I would fold
FOLDED_NAME = re.compile("<[a-z0-9]*+[A-Z\u0130\u0131\u017f\u212a]")
MAX_FOLDED_CHECKS = 1_000  # past this many such places (real pages have a few dozen) re.I is cheaper
RAW_END = {name: re.compile(r"</%s\s*>" % name, re.I) for name in RAW_TEXT}
UNSPACED_WORD_LEN = 12  # a "word" longer than this on average means a script written without spaces
CHARS_PER_UNSPACED_WORD = 2  # about how many CJK characters carry what one English word does
# elements that cannot hold another of their kind: the first closing tag is theirs
FLAT_TAGS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "pre", "dt", "caption", "summary",
                       "legend", "address"))
MAX_NESTED_SCAN = 400  # tags of one name scanned for an element's end; past it the span stops there
# how many times over the page the scans for unclosed elements of one name may read before the name's
# places are read once into a table: real pages read a fraction of it; a page of unclosed <li>s reads
# MAX_NESTED_SCAN items on for every one of them
SCAN_BUDGET = 4
CREDIT_CLASS = re.compile(r"(?<![a-z])(credit|copyright|photographer|source|byline|author)")
GATED = re.compile(r"paywall|premium|subscriber|regwall")
# a collapsed panel that the reader opens (`_a_panel`), and what a hidden element also named so is not
PANEL = re.compile(r"accordion|tab-?pane|tabpanel|spoiler")
NOT_PANEL = re.compile(r"nav|menu|modal|popup|cookie|consent|dialog|drawer|faq")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def html_blocks(page: Page, options: Options, noscript: bool = False) -> tuple[list[Block], PageMeta]:
    """The page's blocks with DOM evidence, and its PageMeta (JSON-LD, OpenGraph, <meta>, lang).
    With `noscript`, the text of <noscript> elements is read as well: a page whose script writes the
    article in (a blog platform's post held in a script template) prints it there for readers without one."""
    text = page.text
    try:
        tree = LexborHTMLParser(text)
    except SelectolaxError as exc:  # lexbor gives up only when an allocation fails: the page's memory limit
        raise MemoryError("the HTML parser could not allocate its tree") from exc
    meta = page_meta(tree)
    root = tree.body
    if root is None:
        return [], meta
    walker = _Walker(text, options, page.extra.get("tag_starts"), NOSCRIPT_SHOWN if noscript else INVISIBLE_TAGS)
    walker.walk(root)
    blocks = walker.blocks
    page.extra["cut"] = walker.cut
    count_repeats(blocks)
    return blocks, meta


def _tag_positions(text: str) -> dict[str, list[int]]:
    """Source offsets where each block tag opens, in order; comments and raw text hold no elements."""
    out: dict[str, list[int]] = {}
    pos = 0
    search = _source_tag_pattern(text).search
    while m := search(text, pos):
        name = m.group(1).lower()
        pos = m.end()
        if name == "!--":
            end = text.find("-->", pos)
            pos = len(text) if end < 0 else end + 3
        elif name in RAW_END:
            end = RAW_END[name].search(text, pos)
            pos = len(text) if end is None else end.end()
        else:
            lst = out.get(name)
            if lst is None:
                out[name] = [m.start()]
            else:
                lst.append(m.start())
    return out


def _source_tag_pattern(text: str) -> re.Pattern:
    """SOURCE_TAG, or its faster case-sensitive twin where no block tag is written in capitals: most
    pages write none, and the places that might (camelCase SVG tags, "i<N" in scripts) are few."""
    for n, m in enumerate(FOLDED_NAME.finditer(text)):
        if n >= MAX_FOLDED_CHECKS or SOURCE_TAG.match(text, m.start()):
            return SOURCE_TAG
    return SOURCE_TAG_LOWER


class _Frame:
    """An open block-level element while the walk is inside it."""

    __slots__ = ("tag", "start", "depth", "parts", "link_chars", "inner", "datetime")

    def __init__(self, tag: str, start: int, depth: int):
        self.tag, self.start, self.depth = tag, start, depth
        self.parts: list[str] = []
        self.link_chars = 0
        self.inner = ""
        self.datetime = None


SPECIAL_TAGS = frozenset(("a", "br", "time", "img", "figure"))
# a table row is one block, its cells' text side by side as a flattener prints it ("1 Kyle Busch 5040")
CELL_TAGS = frozenset(("td", "th"))
EXIT_TAGS = BLOCK_TAGS | CELL_TAGS | {"a", "figure"}  # elements whose end changes the walk's state
ENTER_TAGS = BLOCK_TAGS | SPECIAL_TAGS | INVISIBLE_TAGS  # elements whose start does, attributes or not


class _Walker:
    def __init__(self, text: str, options: Options, starts: dict[str, list[int]] | None = None,
                 invisible: frozenset[str] = INVISIBLE_TAGS):
        self.text = text
        self.invisible = invisible
        # where the guard's pass over the page found each tag (read/guard.py), else a scan of our own
        self.positions = starts if starts is not None else _tag_positions(text)
        self.seen: dict[str, int] = {}
        self.max_depth = options.max_depth
        self.max_chars = options.max_line_chars
        self.max_blocks = options.max_lines
        self.cut: dict[str, int] = {}  # what the limits left out: blocks past max_lines, blocks cut to max_line_chars
        self.blocks: list[Block] = []
        self.stack: list[_Frame] = []
        # the open block elements' ids, tags and class words, kept beside the stack for cheap copies
        self.ids: list[int] = []
        self.tags: list[str] = []
        self.paths: list[str] = []
        self.hidden: list[int] = []  # depths of the invisible elements the walk is inside
        self.in_link = 0
        self.fallback_id = -1  # ids for elements whose source position was not found
        self.figure_img: list[str | None] = []
        self.splits: list[int] = []  # depths of inline credit elements that make blocks of their own
        self.line_pos, self.line_no = 0, 1  # a running line count: blocks come mostly in source order
        self.marks: list[int] = []  # the offsets asked in increasing order, and their lines
        self.mark_lines: list[int] = []
        self.found: dict[str, tuple[int, int]] = {}  # a flat tag's last closing found: (asked from, at)
        self.scanned: dict[str, int] = {}  # characters the scans of unclosed elements of each name read
        self.scan_budget = SCAN_BUDGET * len(text)
        self.tables: dict[str, TagTable] = {}
        self.end_mark = (0, 1)  # the last block's end and its line

    def walk(self, root) -> None:
        """Depth-first over the tree with an explicit exit step, so blocks close where their element does."""
        enter, leave = self._enter, self._exit
        # the walk's lists, changed in place only: read through locals
        hidden, stack, splits = self.hidden, self.stack, self.splits
        enter(root, root.tag, 0, root.attributes)
        exits = [(root, root.tag, 0)]
        node, depth = root.first_child, 1
        while node is not None:
            tag = node.tag
            if tag == "-text":
                if stack and not hidden:
                    text = node.text_content
                    if text:
                        f = stack[-1]
                        f.parts.append(text)
                        if self.in_link:
                            f.link_chars += len(text.strip())
            elif tag and tag[0] != "-":  # not a comment, doctype or processing instruction
                if tag in ENTER_TAGS:
                    enter(node, tag, depth, node.attributes)
                elif attrs := node.attributes:  # an inline element without attributes changes nothing
                    enter(node, tag, depth, attrs)
                child = node.first_child if tag not in OPAQUE_TAGS else None
                if child is not None:
                    exits.append((node, tag, depth))
                    node, depth = child, depth + 1
                    continue
                if tag in EXIT_TAGS or hidden or splits:
                    leave(tag, depth)
            nxt = node.next
            while nxt is None and len(exits) > 1:
                node, tag, depth = exits.pop()
                if tag in EXIT_TAGS or hidden or splits:  # most inline elements need no exit step
                    leave(tag, depth)
                nxt = node.next
            node = nxt
        leave(root.tag, 0)

    def _enter(self, node, tag: str, depth: int, attrs: dict) -> None:
        words = ""
        hide = tag in self.invisible
        if attrs:
            cls, eid = attrs.get("class"), attrs.get("id")
            words = f"{cls} {eid}" if cls and eid else cls or eid or ""
            hide = hide or ("hidden" in attrs or attrs.get("aria-hidden") == "true"
                            or "style" in attrs and _hidden_style(attrs["style"])) and not _shown_later(eid, cls) \
                and not _a_panel(words, self.paths[-1] if self.paths else "")
        if hide:
            self.hidden.append(depth)
        if tag in SPECIAL_TAGS:
            self._special(tag, attrs)
        if tag in BLOCK_TAGS:
            n = self.seen.get(tag, 0)
            self.seen[tag] = n + 1
            if depth <= self.max_depth or not self.stack:
                lst = self.positions.get(tag)
                pos = lst[n] if lst is not None and n < len(lst) else -1
                self._open(tag, pos, depth, words.lower())
                return
            if self.stack:  # flattened past max_depth: the element still separates words
                self.stack[-1].parts.append(" ")
        if words and self.stack:
            words = words.lower()
            if (self.figure_img or "caption" in self.paths[-1]) and CREDIT_CLASS.search(words):
                # a photo credit set inline in a caption ends the caption's text: a block of its own
                self._flush()
                self.splits.append(depth)
            # inline class words ("byline", "author", "date") stay with the block that holds them
            self.stack[-1].inner += " " + words

    def _special(self, tag: str, attrs: dict) -> None:
        if tag == "a":
            self.in_link += 1
        elif tag == "br":
            self._flush()
        elif tag == "time":
            if self.stack and self.stack[-1].datetime is None:
                self.stack[-1].datetime = attrs.get("datetime")
        elif tag == "img":
            if self.figure_img and self.figure_img[-1] is None:
                self.figure_img[-1] = _img_src(attrs)

        else:  # figure
            self.figure_img.append(None)

    def _open(self, tag: str, pos: int, depth: int, words: str) -> None:
        self._flush()
        if pos < 0:
            pos, self.fallback_id = self.fallback_id, self.fallback_id - 1
        self.stack.append(_Frame(tag, pos, depth))
        self.ids.append(pos)
        self.tags.append(tag)
        self.paths.append(words)

    def _exit(self, tag: str, depth: int) -> None:
        stack = self.stack
        if stack and stack[-1].depth == depth and stack[-1].tag == tag:
            self._flush()
            stack.pop()
            self.ids.pop()
            self.tags.pop()
            self.paths.pop()
        elif tag == "a":
            self.in_link = max(0, self.in_link - 1)
        elif stack and (tag in BLOCK_TAGS or tag in CELL_TAGS):
            stack[-1].parts.append(" ")
        if self.splits and self.splits[-1] == depth:
            self.splits.pop()
            self._flush()
        if tag == "figure" and self.figure_img:
            self.figure_img.pop()
        if self.hidden and self.hidden[-1] == depth:
            self.hidden.pop()

    def _flush(self) -> None:
        """Emit the text gathered so far in the innermost block as one Block."""
        if not self.stack:
            return
        f = self.stack[-1]
        if not f.parts:
            return
        raw = "".join(f.parts)
        f.parts = []
        inner, f.inner = f.inner, ""
        link_chars, f.link_chars = f.link_chars, 0
        text = " ".join(raw.split())
        if not text:
            return
        if len(self.blocks) >= self.max_blocks:
            self.cut["lines"] = self.cut.get("lines", 0) + 1
            return
        if len(text) > self.max_chars:
            text = text[: self.max_chars]
            self.cut["line_chars"] = self.cut.get("line_chars", 0) + 1
        self.blocks.append(self._block(f, text, link_chars, inner))

    def _block(self, f: _Frame, text: str, link_chars: int, inner: str) -> Block:
        start = f.start if f.start >= 0 else 0
        end = self._end_of(f.tag, start) if f.start >= 0 else start
        line = self._line_of(start)
        # counted on from the last block's end where that lies between: unclosed elements share far ends
        last_end, last_line = self.end_mark
        if start <= last_end <= end:
            end_line = last_line + self.text.count("\n", last_end, end)
        else:
            end_line = line + self.text.count("\n", start, end)
        self.end_mark = (end, end_line)
        dom = {
            "ids": tuple(self.ids), "tags": tuple(self.tags), "path": tuple(self.paths),
            "level": HEADINGS.get(f.tag, 0), "links": min(1.0, link_chars / len(text)), "inner": inner,
            "words": _count_words(text),
        }
        if f.datetime:
            dom["datetime"] = f.datetime
        if self.figure_img and self.figure_img[-1]:
            dom["img"] = self.figure_img[-1]
        bullet = "•" if f.tag == "li" and dom["links"] < 0.5 else ""
        return Block(index=len(self.blocks), text=text, start=start, end=end, line=line, end_line=end_line,
                     tag=f.tag, dom=dom, bullet=bullet)

    def _line_of(self, pos: int) -> int:
        """1-based line of a source offset, counted on from the furthest one asked so far, or from the
        nearest one asked before it (an element's text after its children comes out after theirs)."""
        if pos < self.line_pos:
            k = bisect_right(self.marks, pos) - 1
            at, no = (self.marks[k], self.mark_lines[k]) if k >= 0 else (0, 1)
            return no + self.text.count("\n", at, pos)
        self.line_no += self.text.count("\n", self.line_pos, pos)
        self.line_pos = pos
        self.marks.append(pos)
        self.mark_lines.append(self.line_no)
        return self.line_no

    def _end_of(self, tag: str, start: int) -> int:
        """Where the element closes in the source: its matching closing tag, nesting counted."""
        text = self.text
        if tag in FLAT_TAGS:
            # the last answer for the tag holds while `start` lies between where it was asked and the
            # closing tag it found (on a page of unclosed <p>s, every search would run on to the end)
            last = self.found.get(tag)
            if last is not None and last[0] <= start and (start <= last[1] or last[1] < 0):
                i = last[1]
            else:
                i = text.find("</" + tag, start)
                if i < 0:
                    i = text.find("</" + tag.upper(), start)
                self.found[tag] = (start, i)
            if i >= 0:
                j = text.find(">", i)
                return j + 1 if j >= 0 else len(text)
        table = self.tables.get(tag)
        if table is not None:
            return table.end_of(start)
        end, closed = scan_end(text, tag, start)
        if not closed:  # a page of unclosed elements: past the budget, read the name's places once
            spent = self.scanned[tag] = self.scanned.get(tag, 0) + end - start
            if spent > self.scan_budget:
                self.tables[tag] = TagTable(text, tag)
        return end


def scan_end(text: str, tag: str, start: int, limit: int = MAX_NESTED_SCAN) -> tuple[int, bool]:
    """The end of the element of this name opening at `start`: past its matching closing tag, nesting
    counted over at most `limit` tags of the name, else where the scan stopped; and whether it closed."""
    pattern = _open_or_close(tag)
    first = pattern.search(text, start + 1)
    if first is not None and first.group(1) and limit > 0:  # most elements hold none of their kind: done
        j = text.find(">", first.end())
        return (j + 1 if j >= 0 else len(text)), True
    depth = 1
    pos = start + 1
    for m in islice(pattern.finditer(text, pos), limit):
        pos = m.end()
        depth += -1 if m.group(1) else 1
        if depth == 0:
            j = text.find(">", pos)
            return (j + 1 if j >= 0 else len(text)), True
    return min(len(text), max(start + 1, pos)), False


class TagTable:
    """Every opening and closing tag of one name, read once, answering _end_of's scan by lookup."""

    def __init__(self, text: str, tag: str, limit: int = MAX_NESTED_SCAN):
        self.size, self.limit = len(text), limit
        starts, ends, depth = [], [], []
        d = 0
        for m in _open_or_close(tag).finditer(text):
            d += -1 if m.group(1) else 1
            starts.append(m.start())
            ends.append(m.end())
            depth.append(d)
        self.text = text
        self.starts = starts
        self.ends = np.array(ends, dtype=np.int64)
        self.depth = np.array(depth, dtype=np.int64)

    def end_of(self, start: int) -> int:
        """scan_end's answer by lookup: the first tag past `start` that brings the depth one below where
        it stood, within `limit` tags; else where the scan stopped."""
        i = bisect_left(self.starts, start + 1)
        window = self.depth[i:i + self.limit]
        if not len(window):
            return min(self.size, start + 1)
        base = self.depth[i - 1] if i else 0
        closed = np.flatnonzero(window == base - 1)
        if len(closed):
            pos = int(self.ends[i + closed[0]])
            j = self.text.find(">", pos)
            return j + 1 if j >= 0 else self.size
        return min(self.size, max(start + 1, int(self.ends[i + len(window) - 1])))


_tag_patterns: dict[str, re.Pattern] = {}


def _open_or_close(tag: str) -> re.Pattern:
    p = _tag_patterns.get(tag)
    if p is None:
        p = _tag_patterns[tag] = re.compile(r"<(/?)%s(?=[\s/>])" % tag, re.I)
    return p


def _count_words(text: str) -> int:
    """Words, with scripts written without spaces (Chinese, Japanese, Thai) counted by characters."""
    w = text.count(" ") + 1
    n = len(text)
    return n // CHARS_PER_UNSPACED_WORD if n > UNSPACED_WORD_LEN * w else w


def _shown_later(eid: str | None, cls: str | None) -> bool:
    """A `hidden` element whose text is the article all the same: React's streamed HTML parks content
    in <div hidden id="S:..."> that its script shows at once; a paywall hides the rest of the story."""
    return bool(eid and eid.startswith("S:") or cls and GATED.search(cls.lower()))


def _a_panel(own: str, parent: str) -> bool:
    """A hidden element that is a collapsed panel of an accordion or a tab set, named so itself or by the
    block element it stands in: the page's own text, shown when the reader opens it (a guide's steps, a
    review's tabs). Not a menu, a dialog or a banner that the page also hides, nor an FAQ's answers."""
    w = f"{own} {parent}".lower()
    return bool(PANEL.search(w)) and not NOT_PANEL.search(w)


def _hidden_style(style: str | None) -> bool:
    return bool(style) and ("none" in style or "hidden" in style) and bool(HIDDEN_STYLE.search(style))


def _img_src(attrs: dict) -> str | None:
    for key in ("src", "data-src", "data-original", "data-lazy-src"):
        v = attrs.get(key)
        if v and not v.startswith("data:"):
            return v
    srcset = attrs.get("srcset") or attrs.get("data-srcset")
    if srcset:
        return srcset.split(",")[0].split()[0]
    return None
