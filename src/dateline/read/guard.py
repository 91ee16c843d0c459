"""The pre-parse guard: HTML made safe for lexbor before it parses it, in one linear pass.

lexbor spends time per level of nesting, per option of a `<select>` and per attribute of a tag inside
C, where no time limit of ours can stop it. `bound_html` finds the tags as lexbor's tokenizer finds
them and cuts what is past the limits, keeping every character of text:

- tags nested deeper than `max_depth`, and `<option>`s past MAX_OPTIONS, are removed (their text stays);
- a tag with more than MAX_ATTRIBUTES attributes loses its attributes;
- a cut tag that switches between HTML and svg/math content takes its whole element with it, flattened
  to its text (see `_Tags`).

The guard reads the page as the tokenizer does (HTML standard, section 13.2.5), so no markup hides from
it: a comment ends where lexbor ends it (`<!-->` and `<!--->` are whole comments), a quoted attribute
value may hold `>` and `<`, `<div/>` opens a `div`, and in `<svg>`/`<math>` content `<style>` and
`<title>` hold markup, not text (except inside `<foreignObject>`, `<desc>`, `<title>` of svg and the
text elements of math, where HTML's rules return). Where it must guess (the tree builder's many
rules), it errs towards counting a tag lexbor would not nest, never the reverse. The worker process
(dateline.worker) is the line behind it: what the guard misses still ends at the page's limits.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterator

# a start or end tag as the tokenizer reads it: the name runs to whitespace, "/" or ">"; attribute
# values in quotes may hold anything; possessive throughout, so a tag costs one pass over its text.
# `gt` is empty when the page ends inside the tag (the tokenizer then drops it).
TAG = re.compile(r"""<(?P<close>/?)(?P<name>[A-Za-z][^\s/>]*+)(?P<attrs>(?:[\s/]++|[^\s/>][^\s/>=]*+"""
                 r"""(?:\s*+=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))?+)*+)(?P<gt>>?)""")
# what else a "<" can open: a comment, a bogus comment (<!..., <?..., </ not followed by a letter)
MARKUP = re.compile(r"<(?:(?P<comment>!--)|(?P<cdata>!\[CDATA\[)|(?P<bogus>[!?]|/(?![A-Za-z]))|"
                    + TAG.pattern[1:] + ")")
ATTRIBUTE = re.compile(r"""[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))?+""")
COMMENT_END = re.compile(r"--!?>")

# elements that open no level: void ones, and those a parser closes by themselves (<p><p>, <li><li>)
# (not optgroup, rb, rt, rp: outside <select> and <ruby> they nest, and lexbor is quadratic in them too)
VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
NO_DEPTH = VOID | frozenset("p li dt dd option tr td th thead tbody tfoot".split())
# <option>s past this many are unwrapped (text kept): lexbor is quadratic in the options of a <select>
# (100,000 take ~25 s in C); real pages have a few hundred at most (countries, years)
MAX_OPTIONS = 2_000
# a tag with more attributes keeps none: lexbor checks each against the others (quadratic, in C), so
# 200,000 took 5 minutes past a 20 s limit; real tags carry a few dozen at most
MAX_ATTRIBUTES = 256
# a tag shorter than this cannot hold more than MAX_ATTRIBUTES attributes (each takes 2 characters)
LONG_ATTRS = 2 * MAX_ATTRIBUTES

# elements whose content the tokenizer reads as text in HTML content (not in svg/math): RCDATA and
# RAWTEXT, script data, and <plaintext>, which runs to the end. (<noscript> is markup: lexbor parses
# with scripting off.)
RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
FOREIGN = frozenset(("svg", "math"))
# inside svg/math, these hold HTML again
INTEGRATION_POINTS = frozenset("foreignobject desc title mi mo mn ms mtext annotation-xml".split())
# an HTML start tag that ends svg/math content (the tree builder pops back to HTML)
BREAKOUT = frozenset("b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i "
                     "img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u "
                     "ul var".split())


def bound_html(html: str, max_depth: int, starts: dict[str, list[int]] | None = None) -> tuple[str, int]:
    """HTML made safe to parse, and how many tags were changed.

    A page the limits do not reach comes back unchanged (the same object). None of the 617 dev pages
    changes; nearly all are found within the limits by `_quick_within_bounds`, the rest by
    `_within_bounds`, before the pass that cuts. `starts`, where given, is filled as that first pass
    fills it where the page is read by it alone and kept whole; otherwise it is left empty."""
    if html.count("<") <= max_depth and len(html) < LONG_ATTRS:
        return html, 0
    within = _quick_within_bounds(html, max_depth, starts)
    if within is not True and starts:
        starts.clear()
    if within or within is None and _within_bounds(html, max_depth):
        return html, 0
    nest, edits, options = _Nesting(max_depth), [], 0
    tags = _Tags(html)
    for m, closing, name, attrs, counts, breakout in tags:
        remove = False
        if counts is None:  # inside an element flattened to its text
            edits.append((m.start(), m.end(), ""))
            continue
        if not counts:
            if name == "option" and not closing:
                options += 1
                remove = options > MAX_OPTIONS
        elif closing:
            remove = not nest.close(name)
        else:
            remove = not nest.open(name)
        if remove:  # a tag that ends svg/math content is cut to one that ends it too, and opens nothing
            tags.cut()
            edits.append((m.start(), m.end(), "<br>" if breakout else ""))
        elif _too_many_attributes(attrs):  # a <font> that ends svg/math content keeps an attribute that does
            style = " color" if breakout and name == "font" else ""
            edits.append((m.start(), m.end(), f"<{'/' if closing else ''}{m.group('name')}{style}>"))
    changed = len(edits)
    if tags.escapes or tags.flattened:
        edits = sorted(edits + tags.escapes)
        edits = sorted(edits + _nul_edits(html, tags.flattened, edits))
    return _apply(html, edits), changed


def _nul_edits(html: str, flattened: list[list[int]], edits: list[tuple[int, int, str]]) -> list:
    """A NUL in the text of svg/math is read as U+FFFD, in HTML text it is dropped: in a flattened
    element each NUL outside the spans already edited is written as U+FFFD."""
    starts = [e[0] for e in edits]
    found = []
    for start, end in flattened:
        at = html.find("\x00", start, end)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            if i < 0 or edits[i][1] <= at:
                found.append((at, at + 1, "\ufffd"))
            at = html.find("\x00", at + 1, end)
    return found


def _within_bounds(html: str, max_depth: int) -> bool:
    """True where `bound_html` would change nothing, found by a cheaper pass than its own: per tag
    name, a count of the elements still open (an end tag closes one, if any is open). The elements
    `_Nesting` holds open are never more than these counts add up to, so a page whose sum stays within
    `max_depth` keeps every tag. Real pages peak at a few dozen."""
    open_now: dict[str, int] = {}
    total, options = 0, 0
    for _, closing, name, attrs, counts, _ in _Tags(html):
        if not counts:
            if name == "option" and not closing:
                options += 1
                if options > MAX_OPTIONS:
                    return False
        elif closing:
            if open_now.get(name):
                open_now[name] -= 1
                total -= 1
        else:
            open_now[name] = open_now.get(name, 0) + 1
            total += 1
            if total > max_depth:
                return False
        if _too_many_attributes(attrs):
            return False
    return True


# MARKUP's reading with a comment, a bogus comment and CDATA (a bogus comment in HTML content) passed
# over inside one match, at no step of Python; `cdata` marks CDATA, which is text up to "]]>" in svg/math
QUICK = re.compile(r"<(?:" + TAG.pattern[1:] + r"|!(?:--(?:>|->|.*?--!?>|.*+)|(?P<cdata>\[CDATA\[[^>]*+>?)|[^>]*+>?)"
                   r"|[?/][^>]*+>?)", re.S)  # a tag first, the most common; "</" and no letter after it is no tag
COUNTED_NOT = NO_DEPTH | RAW_TEXT


def _quick_within_bounds(html: str, max_depth: int, starts: dict[str, list[int]] | None = None) -> bool | None:
    """`_within_bounds` for the common page, in a few steps of Python a tag: True or False where the page
    is read exactly as `_Tags` reads it, None (to be read by `_within_bounds`) where svg/math content holds
    more than plain elements and text. In HTML content the tokenizer's reading is what QUICK and
    `_raw_end` follow; an svg/math element is followed while it holds only elements that nest as they
    are written and text (each end tag the one of the innermost element open, no CDATA, no HTML element
    that ends svg/math content, no tag in an HTML integration point, no raw-text element holding a "<"):
    there `_Tags` opens and closes the same elements, counted as `_counts` counts them.

    `starts`, where given, is filled with where each start tag in HTML content opens, by name, outside
    <template> content (which a parser keeps apart from the tree): on True, the parser's elements of
    each name in order (blocks/html.py reads it instead of scanning the page a second time)."""
    open_now: dict[str, int] = {}
    total = options = 0
    in_template = 0  # <template> elements open: the start tags in them make no element of the tree
    island: list[str] = []  # the svg/math elements open, innermost last
    pos, size = 0, len(html)
    while pos < size:
        for m in QUICK.finditer(html, pos):
            closing, name, attrs, gt, cdata = m.groups()
            if name is None:
                if island and cdata is not None:
                    return None
                continue
            if not gt:
                return True  # the page ends inside this tag: the tokenizer drops it, and reads no more
            if len(attrs) > LONG_ATTRS and _too_many_attributes(attrs):
                return False
            name = name.lower()
            if island:
                slash = attrs.endswith("/")
                if closing:
                    if name != island.pop():
                        return None
                    if not slash and open_now.get(name):
                        open_now[name] -= 1
                        total -= 1
                    continue
                if island[-1] in INTEGRATION_POINTS or name in BREAKOUT or name == "font":
                    return None
                if name in RAW_TEXT and not _raw_text_is_plain(html, name, m.end()):
                    return None
                if slash:
                    if name == "option":
                        options += 1
                        if options > MAX_OPTIONS:
                            return False
                    continue
                island.append(name)
            elif closing:
                if name == "template" and in_template:
                    in_template -= 1
                if (attrs.endswith("/") if name in FOREIGN else name in COUNTED_NOT) or not open_now.get(name):
                    continue
                open_now[name] -= 1
                total -= 1
                continue
            else:  # a start tag in HTML content
                if starts is not None and not in_template:
                    found = starts.get(name)
                    if found is None:
                        starts[name] = [m.start()]
                    else:
                        found.append(m.start())
                if name == "template":
                    in_template += 1
                if name in COUNTED_NOT:
                    if name == "option":
                        options += 1
                        if options > MAX_OPTIONS:
                            return False
                    elif name in RAW_TEXT:
                        pos = _raw_end(html, name, m.end())
                        break
                    continue
                if name in FOREIGN:
                    if attrs.endswith("/"):
                        continue
                    island.append(name)
            open_now[name] = open_now.get(name, 0) + 1
            total += 1
            if total > max_depth:
                return False
        else:
            return True
    return True


def _raw_text_is_plain(html: str, name: str, pos: int) -> bool:
    """Whether an element of a raw-text name in svg/math, opening before `pos`, holds no "<" before its
    end tag: then it reads the same as markup and as raw text."""
    if name == "plaintext":
        return False
    at = html.find("<", pos)
    return at >= 0 and _raw_end(html, name, pos) == at


class _Tags:
    """Each tag the tokenizer emits, as (match, "/" for an end tag, lower-case name, attribute text,
    whether it may open or close a level, whether it ends svg/math content). Comments, bogus comments,
    CDATA and the text of <script>, <style>... are passed over as the tokenizer passes over them; a tag
    the page ends inside is not emitted. Linear: every character is read by one match or one search.

    Cutting a tag that switches between HTML and svg/math content (`<svg>`, `<math>` in HTML; an
    integration point such as `<foreignObject>` in svg) would change how lexbor reads all it holds:
    `<![CDATA[` is text in svg and a comment in HTML, `<style>` markup in svg and text in HTML. So when
    the reader `cut()`s such a tag, the whole element is flattened to its text: every tag in it is
    emitted with `counts` None (to be removed), and its CDATA sections and raw text come out in
    `escapes` as (start, end, text escaped), which reads as the same characters in any content.
    """

    def __init__(self, html: str):
        self.html = html
        # one entry for each open svg/math ("foreign") and each integration point in them ("html"): its
        # kind, the elements open in it by name (an integration point's HTML ones: CDATA is read while
        # there are none, and its end tag closes it) and its name
        self.modes: list[tuple[str, dict[str, int], str]] = []
        self.points: list[int] = []  # where the "html" entries are in `modes`
        self.named: dict[str, list[int]] = {}  # where the entries of each name are
        self.blocked: list[int] = []  # the "html" entries with HTML elements open in them
        self.page_open: dict[str, int] = {}  # the HTML elements open outside svg/math, by name
        self.escapes: list[tuple[int, int, str]] = []
        self._cut = False
        self._flat_from: int | None = None  # while the modes are deeper than this, the element is flattened
        self.flattened: list[list[int]] = []  # [start, end] of each flattened element
        self._at = 0  # where the markup being read starts

    def cut(self) -> None:
        self._cut = True

    def _foreign(self) -> bool:
        return bool(self.modes) and self.modes[-1][0] == "foreign"

    def _push(self, kind: str, name: str) -> None:
        if kind == "html":
            self.points.append(len(self.modes))
        self.named.setdefault(name, []).append(len(self.modes))
        self.modes.append((kind, {}, name))

    def _pop(self) -> None:
        kind, open_, name = self.modes.pop()
        if kind == "html":
            self.points.pop()
        if kind == "html" and open_:
            self.blocked.pop()
        self.named[name].pop()

    def _close(self, name: str) -> None:
        """An end tag of svg/math or of an integration point: it closes the nearest open element of its
        name, unless an HTML element is open above that (lexbor then ignores it)."""
        at = self.named.get(name)
        if at and at[-1] > (self.blocked[-1] if self.blocked else -1):
            index = at[-1]
            while len(self.modes) > index:
                self._pop()

    def _opened(self, name: str, closing: str) -> None:
        """An HTML element opened or closed in the HTML read now (the page's, or an integration point's)."""
        open_ = self._html_open()
        if closing:
            if open_.get(name):
                open_[name] -= 1
                if not open_[name]:
                    del open_[name]
                    if self.modes and not open_:
                        self.blocked.pop()
        elif name not in VOID and name not in RAW_TEXT:
            if not open_ and self.modes:
                self.blocked.append(len(self.modes) - 1)
            open_[name] = open_.get(name, 0) + 1

    def _html_open(self) -> dict[str, int]:
        """The HTML elements open in the HTML around the svg/math content (or in the HTML read now)."""
        return self.modes[self.points[-1]][1] if self.points else self.page_open

    def _flat(self) -> bool:
        if self._flat_from is not None and len(self.modes) <= self._flat_from:
            self._flat_from = None
            self.flattened[-1][1] = self._at
        return self._flat_from is not None

    def _escape(self, start: int, end: int, rcdata: bool) -> None:
        """Raw text in a flattened element, as text (RCDATA's character references are read there too)."""
        if self._flat() and end > start:
            self.escapes.append((start, end, _escaped(self.html[start:end], keep_references=rcdata)))

    def __iter__(self) -> Iterator[tuple[re.Match, str, str, str, bool | None, bool]]:
        html, pos, size = self.html, 0, len(self.html)
        while pos < size:
            # tags are read in runs by finditer; a run ends where the reading jumps (past a comment, raw text)
            for m in MARKUP.finditer(html, pos):
                self._at = m.start()
                if m.group("comment") is not None:
                    pos = _comment_end(html, m.end())
                    break
                if m.group("cdata") is not None:
                    if self.modes and (self._foreign() or not self.modes[-1][1]):  # text up to "]]>"
                        end = html.find("]]>", m.end())
                        if self._flat():
                            self.escapes.append((m.start(), size if end < 0 else end + 3,
                                                 _escaped(html[m.end():size if end < 0 else end])))
                    else:  # a bogus comment in HTML content
                        end = html.find(">", m.end()) - 2
                    pos = size if end < 0 else end + 3
                    break
                if m.group("bogus") is not None:
                    end = html.find(">", m.end())
                    pos = size if end < 0 else end + 1
                    break
                if not m.group("gt"):
                    return  # the page ends inside this tag: the tokenizer drops it
                closing, attrs = m.group("close"), m.group("attrs")
                name = m.group("name").lower()
                was_foreign = self._foreign()
                self._break_out(closing, name, attrs, was_foreign)  # a cut tag breaks out too (it becomes <br>)
                foreign = self._foreign()
                depth, flat = len(self.modes), self._flat()
                counts = None if flat else self._counts(closing, name, attrs, foreign)
                yield m, closing, name, attrs, counts, was_foreign and not foreign and not closing
                if self._cut and not flat and _switches(closing, name, attrs, foreign):
                    self._flat_from = depth
                    self.flattened.append([m.start(), size])
                self._cut = False
                if self._enter_or_leave(closing, name, attrs, foreign):
                    end = _raw_end(html, name, m.end())
                    self._escape(m.end(), end, rcdata=name in ("title", "textarea"))
                    pos = end
                    break
            else:
                return  # no markup left

    def _break_out(self, closing: str, name: str, attrs: str, foreign: bool) -> None:
        """An HTML tag in svg/math content ends it (the tree builder pops back to HTML): the start tags of
        BREAKOUT, `</br>`, `</p>`, and the end tag of an HTML element open around the content."""
        if not foreign:
            return
        if closing and name not in ("br", "p") and (name in FOREIGN or self.modes[-1][1].get(name)
                                                    or not self._html_open().get(name)):
            return  # (an svg/math element of that name open in this content is closed first)
        if closing or name in BREAKOUT or name == "font" and _names_a_font_style(attrs):
            while self._foreign():
                self._pop()

    def _counts(self, closing: str, name: str, attrs: str, foreign: bool) -> bool:
        """Whether the tag opens (or closes) a level: in svg/math every element but `<x/>` does; in HTML
        not void ones, those a parser closes by themselves, nor raw text. An integration point is an
        svg/math element, and so is its end tag, read in the HTML inside it."""
        if closing and self.modes and self.modes[-1][0] == "html" and self.modes[-1][2] == name:
            foreign = True
        if foreign or name in FOREIGN:
            return not attrs.endswith("/")
        return name not in NO_DEPTH and name not in RAW_TEXT

    def _enter_or_leave(self, closing: str, name: str, attrs: str, foreign: bool) -> bool:
        """Follow svg/math content and its HTML integration points; True: the tag opens raw text."""
        if closing:
            top = self.modes[-1] if self.modes else None
            if foreign:  # in svg/math: the nearest element of its name
                if name in FOREIGN or name in INTEGRATION_POINTS:
                    self._close(name)
                elif (inner := self.modes[-1][1]).get(name):
                    inner[name] -= 1
                    if not inner[name]:
                        del inner[name]
            elif name in FOREIGN or top is not None and name == top[2] and not top[1]:
                self._close(name)  # in a point: an svg/math around it, or the point's own end tag
            else:
                self._opened(name, closing)
            return False
        if attrs.endswith("/") and (foreign or name in FOREIGN):
            return False  # closes itself: opens no content
        if name in FOREIGN:
            self._push("foreign", name)
        elif foreign and name in INTEGRATION_POINTS:
            self._push("html", name)
        elif foreign:  # an svg/math element of an HTML name: its end tag closes it, not the HTML around
            inner = self.modes[-1][1]
            inner[name] = inner.get(name, 0) + 1
        elif not foreign:
            self._opened(name, closing)
            return name in RAW_TEXT
        return False


def _escaped(text: str, keep_references: bool = False) -> str:
    """`text` written so that HTML reads the same characters: every "<" (and "&") escaped."""
    return (text if keep_references else text.replace("&", "&amp;")).replace("<", "&lt;").replace("\x00", "\ufffd")


def _switches(closing: str, name: str, attrs: str, foreign: bool) -> bool:
    """Whether a start tag switches between HTML and svg/math content for what it holds."""
    return not closing and not attrs.endswith("/") and (name in FOREIGN and not foreign
                                                        or foreign and name in INTEGRATION_POINTS)


def _names_a_font_style(attrs: str) -> bool:
    """A `<font>` with a color, face or size attribute ends svg/math content (its name, not a value)."""
    return any(a.split("=", 1)[0].strip().lower() in ("color", "face", "size") for a in ATTRIBUTE.findall(attrs))


def _comment_end(html: str, pos: int) -> int:
    """Where a comment that opened just before `pos` ends: `<!-->` and `<!--->` end at once, others at
    `-->` or `--!>`, else at the end of the page."""
    if html.startswith(">", pos):
        return pos + 1
    if html.startswith("->", pos):
        return pos + 2
    m = COMMENT_END.search(html, pos)
    return m.end() if m else len(html)


RAW_ENDS = {name: re.compile(rf"</{name}(?=[\s/>])", re.I) for name in RAW_TEXT}  # _raw_end's, by element name


def _raw_end(html: str, name: str, pos: int) -> int:
    """Where the text of a <script>, <style>... that opened at `pos` ends: at its end tag (followed by
    white space, "/" or ">"), which is read next. Script's escaped states are not followed: the guard
    then ends the script early and reads script text as markup, the safe side."""
    if name == "plaintext":
        return len(html)
    m = RAW_ENDS[name].search(html, pos)
    return m.start() if m else len(html)


def _too_many_attributes(attrs: str) -> bool:
    return len(attrs) > LONG_ATTRS and len(ATTRIBUTE.findall(attrs)) > MAX_ATTRIBUTES


# removing a tag must not make new markup or a new character reference of the text around it: where
# the text before a removed tag (or escaped text put in place) ends in "<" or in "&..." (a stray "<"
# joined to the next text opens a tag; "&am" + "p;" makes "&amp;"), an empty comment goes first, which
# ends both
_DANGLING = re.compile(r"(?:<|&[#A-Za-z0-9]*)\Z")
SEPARATOR = "<!---->"


def _apply(html: str, edits: list[tuple[int, int, str]]) -> str:
    """`html` with each (start, end) span, in order and apart, replaced."""
    if not edits:
        return html
    pieces: list[str] = []
    last = 0
    for start, end, replacement in edits:
        before = html[last:start]
        if not replacement.startswith("<") and _DANGLING.search(before or (pieces[-1] if pieces else "")):
            replacement = SEPARATOR + replacement
        pieces += [before, replacement]
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
