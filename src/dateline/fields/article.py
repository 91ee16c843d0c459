"""A story's labelled blocks -> an Article record, every value with the spans it came from."""
from __future__ import annotations

import re

from ..blocks import Block, norm_key
from ..layout import labels as L
from ..layout.stories import Story
from ..options import Options
from ..read import Page
from ..record import Article, Image, Sidebar
from . import times
from .text_fields import byline_names, dateline_of, name_shaped, names_before_date
from .metadata import apply_metadata

META_REACH = 8  # blocks below the body's start where a time or byline still belongs to the header
HIGHLIGHT_MIN_WORDS = 4  # shorter bullets in a header are navigation, not summary points
SIDEBAR_KINDS = (
    ("bio", re.compile(r"\b(bio|biography|profile|who is|steckbrief|zur person)\b", re.I)),
    ("fact", re.compile(r"(fact|facts|key points|at a glance|in numbers|by the numbers|fakten)", re.I)),
    ("timeline", re.compile(r"\b(timeline|chronology|chronik)\b", re.I)),
    ("quote", re.compile(r"\b(quote|quotes|zitat)\b", re.I)),
    ("related", re.compile(r"\b(related|read more|see also|more on|mehr zum thema|lire aussi)\b", re.I)),
)


def build_article(story: Story, blocks: list[Block], page: Page, options: Options, meta=None) -> Article | None:
    art = Article()
    prov: dict = {}
    seen_body: set[str] = set()
    body_blocks = []
    for i in range(story.body_start, story.end):
        b = blocks[i]
        if b.label == L.BODY and norm_key(b.text) not in seen_body:
            seen_body.add(norm_key(b.text))
            body_blocks.append(b)
    if not body_blocks:
        return None
    art.body = [b.text for b in body_blocks]
    prov["body"] = [[b.span] for b in body_blocks]
    header = [blocks[i] for i in range(story.header_start, story.body_start)]
    # times and bylines also stand just below a teaser or the first lines of text
    near = header + [blocks[i] for i in range(story.body_start, min(story.end, story.body_start + META_REACH))
                     if blocks[i].label in (L.TIME, L.BYLINE)]
    if story.headline is not None:
        hb = blocks[story.headline]
        art.headline, art.kicker = tidy_headline(hb.text), story.kicker
        prov["headline"] = [hb.span]
    _times(art, prov, near, page, options)
    if art.published is None and art.updated is None:
        _nearest_date(art, prov, blocks, story)
    _find_authors(art, prov, near, blocks, story)
    art.dateline = dateline_of(art.body[0])
    points = [b for b in header if b.bullet and b.words >= HIGHLIGHT_MIN_WORDS and b.label != L.BODY]
    art.highlights = [b.text for b in points]
    prov["highlights"] = [b.span for b in points]
    art.images = _images(blocks, story, body_blocks)
    art.sidebars = _sidebars(blocks, story)
    art.provenance = prov if options.keep_provenance else {}
    if meta is not None:
        apply_metadata(art, meta, blocks)  # HTML path: JSON-LD, OpenGraph (issue 4)
    return art


# "Topline : Title": flatteners put a space where a topline's element ends before its colon. French
# typography spaces every colon, so a headline that spaces its "?", "!" or ";" as well keeps it.
SPACED_COLON = re.compile(r"(?<=\w)\s+:\s")
FRENCH_SPACING = re.compile(r"\w\s[?!;»]")


def tidy_headline(text: str) -> str:
    return text if FRENCH_SPACING.search(text) else SPACED_COLON.sub(": ", text)


def _times(art: Article, prov: dict, header: list[Block], page: Page, options: Options) -> None:
    fetched = page.fetched_at or options.fetched_at
    for b in header:
        if b.label != L.TIME:
            continue
        if times.is_updated(b.text):
            if art.updated_text is None:
                art.updated_text, art.updated = b.text, times.resolve(b.text, fetched)
                prov["updated_text"] = [b.span]
        elif art.published_text is None:
            art.published_text, art.published = b.text, times.resolve(b.text, fetched)
            prov["published_text"] = [b.span]


DATE_LINE_MAX_CHARS = 200  # a longer line that holds a date is a sentence about that day, not a dateline
DATE_REACH = 40  # blocks above the story's header where its date may still stand


def _nearest_date(art: Article, prov: dict, blocks: list[Block], story: Story) -> None:
    """No time line in the header: the short dated line nearest the body's start, in the story or just
    above it, is when the story was published ("28. 4. 2023 , 18:41 Uhr" under a photo, say)."""
    lo = max(0, story.header_start - DATE_REACH)
    best = None
    for i in range(lo, story.end):
        b = blocks[i]
        if b.label in (L.BODY, L.CAPTION) or len(b.text) > DATE_LINE_MAX_CHARS or not L.DATE_RE.search(b.text):
            continue
        value = times.resolve(b.text, None)  # absolute dates only: a relative one needs the fetch time
        if value and (best is None or abs(i - story.body_start) < abs(best[0] - story.body_start)):
            best = (i, value)
    if best is not None:
        b = blocks[best[0]]
        art.published_text, art.published = b.text, best[1]
        prov["published_text"] = [b.span]


NAME_LINE_REACH = 6  # blocks above the body's start where a name standing alone is its byline


def _names_near_header(art: Article, prov: dict, blocks: list[Block], story: Story) -> None:
    """No byline word anywhere: a line that is only a name just above the text, or a time line that
    opens with one ("Stefan Trunzik, 26.04.2024 10:00 Uhr"), names the authors."""
    lo = max(0, story.body_start - NAME_LINE_REACH)
    for b in reversed(blocks[lo:story.body_start]):
        if b.index == story.headline or b.label in (L.BODY, L.CAPTION):
            continue
        names = names_before_date(b.text) if b.label == L.TIME else (
            byline_names(b.text) if name_shaped(b.text) else [])
        if names:
            art.authors = names
            prov["authors"] = [b.span]
            return


def _find_authors(art: Article, prov: dict, near: list[Block], blocks: list[Block], story: Story) -> None:
    """The bylines by the header first; else the byline nearest the text (a "Von X" closing the story,
    say); else a name standing alone just above the text."""
    _authors(art, prov, near)
    if not art.authors:
        lo = max(0, story.header_start - DATE_REACH)
        bylines = sorted((b for b in blocks[lo:story.end] if b.label == L.BYLINE),
                         key=lambda b: abs(b.index - story.body_start))
        _authors(art, prov, bylines[:1])
    if not art.authors:
        _names_near_header(art, prov, blocks, story)


def _authors(art: Article, prov: dict, header: list[Block]) -> None:
    for b in header:
        if b.label == L.BYLINE:
            for name in byline_names(b.text):
                if name not in art.authors:
                    art.authors.append(name)
            prov.setdefault("authors", []).append(b.span)


def _images(blocks: list[Block], story: Story, body_blocks: list[Block]) -> list[Image]:
    images: list[Image] = []
    seen: set[str] = set()
    for i in story.blocks:
        b = blocks[i]
        if b.label != L.CAPTION:
            continue
        caption, credit = L.split_credit(b.text)
        key = norm_key(caption)
        if key in seen:
            continue
        seen.add(key)
        position = sum(1 for x in body_blocks if x.index < b.index)
        images.append(Image(caption=caption, credit=credit, position=position, provenance=[b.span]))
    return images


def _sidebars(blocks: list[Block], story: Story) -> list[Sidebar]:
    out: list[Sidebar] = []
    for i in story.blocks:
        b = blocks[i]
        if b.label != L.SIDEBAR_TITLE:
            continue
        items, spans = [], [b.span]
        j = i + 1
        while j < len(blocks) and blocks[j].label == L.SIDEBAR_ITEM:
            items.append(blocks[j].text)
            spans.append(blocks[j].span)
            j += 1
        fields = {}
        for it in items:
            key, sep, value = it.partition(":")
            if sep and 1 <= len(key.split()) <= 5 and value.strip():
                fields[key.strip()] = value.strip()
        kind = next((k for k, rx in SIDEBAR_KINDS if rx.search(b.text)), "fact" if fields == {} else "other")
        if fields and kind == "other" and len(fields) == len(items):
            kind = "fact"
        out.append(Sidebar(kind=kind, title=b.text, items=items, fields=fields, provenance=spans))
    return out


