"""The pre-parse guard: HTML made safe for lexbor before it parses it, in one linear pass.

lexbor spends time per level of nesting, per option of a `<select>` and per attribute of a tag inside
C, where no time limit of ours can stop it. `bound_html` finds the tags as lexbor's tokenizer finds
them and cuts what is past the limits, keeping every character of text:

- tags nested deeper than `max_depth`, and `<option>`s past MAX_OPTIONS, are removed (their text stays);
- a tag with more than MAX_ATTRIBUTES attributes loses its attributes.

The guard reads the page as the tokenizer does (HTML standard, section 13.2.5), so no markup hides from
it: a comment ends where lexbor ends it (`<!-->` and `<!--->` are whole comments), a quoted attribute
value may hold `>` and `<`, `<div/>` opens a `div`, and in `<svg>`/`<math>` content `<style>` and
`<title>` hold markup, not text (except inside `<foreignObject>`, `<desc>`, `<title>` of svg and the
text elements of math, where HTML's rules return). Where it must guess (the tree builder's many
rules), it errs towards counting a tag lexbor would not nest, never the reverse. The worker process
(dateline.worker) is the line behind it: what the guard misses still ends at the page's limits.
"""
from __future__ import annotations

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
NO_DEPTH = frozenset("area base br col embed hr img input link meta param source track wbr keygen "
                     "p li dt dd option tr td th thead tbody tfoot".split())
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


def bound_html(html: str, max_depth: int) -> tuple[str, int]:
    """HTML made safe to parse, and how many tags were changed.

    A page the limits do not reach comes back unchanged (the same object). None of the 617 dev pages
    changes."""
    if html.count("<") <= max_depth and len(html) < LONG_ATTRS:
        return html, 0
    if _within_bounds(html, max_depth):
        return html, 0
    nest, edits, options = _Nesting(max_depth), [], 0
    for m, closing, name, attrs, counts, breakout in _tags(html):
        remove = False
        if not counts:
            if name == "option" and not closing:
                options += 1
                remove = options > MAX_OPTIONS
        elif closing:
            remove = not nest.close(name)
        else:
            remove = not nest.open(name)
        if remove:  # a tag that ends svg/math content is cut to one that ends it too, and opens nothing
            edits.append((m.start(), m.end(), "<br>" if breakout else ""))
        elif _too_many_attributes(attrs):
            edits.append((m.start(), m.end(), f"<{'/' if closing else ''}{m.group('name')}>"))
    return _apply(html, edits), len(edits)


def _within_bounds(html: str, max_depth: int) -> bool:
    """True where `bound_html` would change nothing, found by a cheaper pass than its own: per tag
    name, a count of the elements still open (an end tag closes one, if any is open). The elements
    `_Nesting` holds open are never more than these counts add up to, so a page whose sum stays within
    `max_depth` keeps every tag. Real pages peak at a few dozen."""
    open_now: dict[str, int] = {}
    total, options = 0, 0
    for _, closing, name, attrs, counts, _ in _tags(html):
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


def _tags(html: str) -> Iterator[tuple[re.Match, str, str, str, bool, bool]]:
    """Each tag the tokenizer emits, as (match, "/" for an end tag, lower-case name, attribute text,
    whether it may open or close a level, whether it ended svg/math content). Comments, bogus comments,
    CDATA and the text of <script>,
    <style>... are passed over as the tokenizer passes over them; a tag the page ends inside is not
    emitted. Linear: every character is read by one match or one search."""
    pos, size = 0, len(html)
    modes: list[str] = []  # "foreign" for each open svg/math, "html" for each integration point in them
    while pos < size:
        # tags are read in runs by finditer; a run ends where the reading jumps (past a comment, raw text)
        for m in MARKUP.finditer(html, pos):
            if m.group("comment") is not None:
                pos = _comment_end(html, m.end())
                break
            if m.group("cdata") is not None:
                if modes and modes[-1] == "foreign":  # text up to "]]>"
                    end = html.find("]]>", m.end())
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
            was_foreign = bool(modes) and modes[-1] == "foreign"
            jump = _step_modes(modes, closing, name, attrs, was_foreign)
            foreign = bool(modes) and modes[-1] == "foreign"
            if foreign or name in FOREIGN:
                counts = not attrs.endswith("/")  # in svg/math, <x/> closes itself; <style> nests
            else:
                counts = name not in NO_DEPTH and name not in RAW_TEXT
            yield m, closing, name, attrs, counts, was_foreign and not foreign and not closing
            if jump:
                pos = _raw_end(html, name, m.end())
                break
        else:
            return  # no markup left


def _step_modes(modes: list[str], closing: str, name: str, attrs: str, foreign: bool) -> bool:
    """Follow svg/math content and its HTML integration points; True: the tag opens raw text."""
    if closing:
        if name in FOREIGN or (name in INTEGRATION_POINTS and modes and modes[-1] == "html"):
            kind = "foreign" if name in FOREIGN else "html"
            while modes:
                if modes.pop() == kind:
                    break
        elif foreign and name in ("br", "p"):
            while modes and modes[-1] == "foreign":
                modes.pop()
        return False
    if foreign and (name in BREAKOUT or name == "font" and re.search(r"\b(color|face|size)\s*=", attrs, re.I)):
        while modes and modes[-1] == "foreign":
            modes.pop()
        foreign = bool(modes) and modes[-1] == "foreign"
    if attrs.endswith("/") and (foreign or name in FOREIGN):
        return False  # closes itself: opens no content
    if name in FOREIGN:
        modes.append("foreign")
    elif foreign and name in INTEGRATION_POINTS:
        modes.append("html")
    elif not foreign and name in RAW_TEXT:
        return True
    return False


def _comment_end(html: str, pos: int) -> int:
    """Where a comment that opened just before `pos` ends: `<!-->` and `<!--->` end at once, others at
    `-->` or `--!>`, else at the end of the page."""
    if html.startswith(">", pos):
        return pos + 1
    if html.startswith("->", pos):
        return pos + 2
    m = COMMENT_END.search(html, pos)
    return m.end() if m else len(html)


def _raw_end(html: str, name: str, pos: int) -> int:
    """Where the text of a <script>, <style>... that opened at `pos` ends: at its end tag (followed by
    white space, "/" or ">"), which is read next. Script's escaped states are not followed: the guard
    then ends the script early and reads script text as markup, the safe side."""
    if name == "plaintext":
        return len(html)
    m = re.compile(rf"</{name}(?=[\s/>])", re.I).search(html, pos)
    return m.start() if m else len(html)


def _too_many_attributes(attrs: str) -> bool:
    return len(attrs) > LONG_ATTRS and len(ATTRIBUTE.findall(attrs)) > MAX_ATTRIBUTES


# removing a tag must not make new markup or a new character reference of the text around it: where
# the text before a removed tag ends in "<" or in "&..." (a stray "<" joined to the next text opens a
# tag; "&am" + "p;" makes "&amp;"), the tag becomes an empty comment instead, which ends both
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
        if not replacement and _DANGLING.search(before or (pieces[-1] if pieces else "")):
            replacement = SEPARATOR
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
