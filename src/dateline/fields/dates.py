"""A story's published and updated times: the one home for which date wins (issue 14).

Two kinds of evidence. The publisher's structured statement: JSON-LD `datePublished`/`dateModified`,
`article:published_time`/`modified_time` and kin, microdata, a `<time datetime>` in the story's header,
the date in the page's URL. And dates printed on the page: the story's own time line, but also a video's
"available until", a caption's date, a related story's time, a copyright year. The statement is weighed
first where it speaks for the story (the page's first story: metadata describes one article); a printed
date stands where there is no statement, and a printed date later than the statement is taken as the
story's update (the page shows it as its date). Times keep the offset the page gives, so `published[:10]`
is the publisher's local day.
"""
from __future__ import annotations

import re
from datetime import date

from .. import lexicon as L
from ..blocks import Block
from ..blocks.metadata import iso_time, marked_dates
from ..record import Article
from . import times

DATE_LINE_MAX_CHARS = 200  # a longer line that holds a date is a sentence about that day, not a dateline
DATED_BODY_MAX_WORDS = 10  # a longer dated line in the body is a sentence about that day
# a day in a URL's path: /2025/03/12/, /2025-03-12-, _20250312_ is too often an id to count
URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# a year run into the name printed after it in the next element ("Dec 17, 2025Julian K. Arni": two spans
# with no space between them in the markup); not into another date ("July 4, 2025February 9, 2026 Updated
# on ...": the later one is the date the line gives)
YEAR_GLUED = re.compile(rf"((?:19|20)\d\d)(?<![\d-]\d{{4}})(?=[A-Z][a-z])(?!(?i:{L.MONTHS})\b)")
# a month's name run into the word before it ("Mental HealthDECEMBER 22, 2022": a category link, then the date)
_GLUED_NAMES = (L.MONTHS.upper(), L.MONTHS.title())
# (the names are tried only where a letter that opens one of them stands)
_GLUED_FIRST = "".join(sorted({name[0] for names in _GLUED_NAMES for name in names.split("|")}))
MONTH_GLUED = re.compile(rf"(?<=[a-z])(?=[{_GLUED_FIRST}])(?=(?:{_GLUED_NAMES[0]})\b|(?:{_GLUED_NAMES[1]})\b)")


def unglued(text: str) -> str:
    """A header's time line, its words set apart where the markup's elements ran them together
    ("Mental HealthDECEMBER 22, 2022Updated: JANUARY 02, 2026"). Not a dated line found further off:
    there a teaser's date run into its headline ("… against IsraelMarch 6, 2024") would become one."""
    return YEAR_GLUED.sub(r"\1 ", MONTH_GLUED.sub(" ", text))


def visible_times(art: Article, prov: dict, header: list[Block], body_start: int, fetched) -> None:
    """The time lines of the header, the one nearest the text first where there are several (a date
    in the page's top bar stands above the story's own), then those just below its start. A byline
    that goes on with the date ("by Paul Serran Jul. 19, 2026 9:45 am") gives its date part. A time
    line marked up as `<time datetime>` gives that exact time where it names the printed day (or the
    printed words name none)."""
    for b in sorted(header, key=lambda b: (b.index >= body_start, abs(b.index - body_start))):
        if b.label == L.TIME:
            text = unglued(b.text)
        elif b.label == L.BYLINE and (m := L.find_date(b.text)) and not L.TIME_WORDS.search(b.text):
            text = b.text[m.start():]
        else:
            continue
        value = _exact(times.resolve(text, fetched), b.dom.get("datetime"))
        if times.is_updated(text):
            if art.updated_text is None:
                art.updated_text, art.updated = text, value
                prov["updated_text"] = [b.span]
        elif art.published_text is None:
            art.published_text, art.published = text, value
            prov["published_text"] = [b.span]


def nearest_date(art: Article, prov: dict, blocks: list[Block], lo: int, hi: int, body_start: int) -> None:
    """No time line in the header: the short dated line nearest the body's start, in the story or just
    above it (blocks lo..hi), is when the story was published ("28. 4. 2023 , 18:41 Uhr" under a photo);
    below the text's start, not a line that says it is an update (the page's foot: "Last updated: ...")."""
    best = None
    for i in range(lo, hi):
        b = blocks[i]
        if b.label == L.CAPTION or len(b.text) > DATE_LINE_MAX_CHARS:
            continue
        text = b.text
        if i > body_start and times.is_updated(text):
            continue  # "Last updated: November 13, 2025" below the text: the story's update (update_line)
        if not (m := L.find_date(text)):
            if not YEAR_GLUED.search(text) or not (m := L.DATE_RE.search(text := YEAR_GLUED.sub(r"\1 ", text))):
                continue
        # a line the body took: only a short one that opens with its date ("Do 25.04.24 | 14:07 Uhr | Von ...")
        if b.label == L.BODY and (b.words > DATED_BODY_MAX_WORDS or len(text[: m.start()].split()) > 2):
            continue
        value = times.resolve(text, None)  # absolute dates only: a relative one needs the fetch time
        if value and (best is None or abs(i - body_start) < abs(best[0] - body_start)):
            best = (i, value)
    if best is not None:
        b = blocks[best[0]]
        art.published_text, art.published = b.text, best[1]
        prov["published_text"] = [b.span]


UPDATE_LINE_MAX_CHARS = 80  # "Last updated: November 13, 2025": longer is a sentence about an update


def update_line(art: Article, prov: dict, blocks: list[Block], lo: int, hi: int) -> None:
    """A story that nothing else dates (no statement, no marked or printed time) may say when it was
    last updated elsewhere, often at the page's foot ("Last updated: November 13, 2025", "Updated
    October 23, 2025" beside the reading time): a short line (any label: the body or the boilerplate
    may have taken it) that opens with those words and holds an absolute date (blocks lo..hi). It is
    the story's `updated`; its first publication stays unknown."""
    for i in range(lo, hi):
        b = blocks[i]
        if len(b.text) <= UPDATE_LINE_MAX_CHARS and times.is_updated(b.text) and (
                value := times.resolve(b.text, None)):
            art.updated_text, art.updated = b.text, value
            prov["updated_text"] = [b.span]
            return


def settle(art: Article, meta, first: bool, url: str | None = None, header_time: bool = False) -> None:
    """The story's times from the printed ones (already in `art`) and the page's statement (`meta`).

    For the page's first story: published is the statement's (metadata, else the URL's day), the
    printed date where there is none; a printed date later than the statement's is the update the
    page shows. A time line of the story's header (`header_time`) that prints an earlier day than the
    statement is its first publication, the statement then its update: CMSs restate each edit as
    `datePublished`. Not a dated line found further off (a tweet's, a caption's, a sentence's). For a
    story further down, which the metadata does not describe, the printed time
    stands and the statement only makes a time of the same day exact."""
    printed_pub, printed_upd = art.published, art.updated
    if not first:
        art.published = _same_day_exact(printed_pub, meta.published)
        art.updated = _same_day_exact(printed_upd, meta.updated)
        return
    stated = meta.published or times.resolve(meta.published_text, None) or url_day(url or meta.url)
    if not stated and not printed_pub and not printed_upd and not meta.updated:
        stated, printed_upd = _marked(meta)
    printed_pub = _in_page_order(printed_pub, art.published_text, stated, meta)
    if stated and printed_pub and _utc(stated) and _days_apart(stated, printed_pub) == 1:
        stated = printed_pub  # a UTC time the evening before or after: the printed day is the local one
    elif header_time and stated and printed_pub and _day(printed_pub) < _day(stated) \
            and not times.other_reading(art.published_text):
        # "Dec 30, 2013" under the headline, datePublished 2024-08-07: the page was edited since
        art.published = printed_pub
        later = meta.updated if meta.updated and _day(meta.updated) > _day(stated) else stated
        art.updated = printed_upd or later
        return
    art.published = _same_day_exact(stated, printed_pub) if stated else printed_pub
    art.updated = _same_day_exact(printed_upd, meta.updated) if printed_upd else meta.updated
    if stated and printed_pub and _day(printed_pub) > _day(stated) and (
            art.updated is None or _day(art.updated) != _day(printed_pub)):
        art.updated = printed_pub  # the day the page shows, later than the statement: its update


def _in_page_order(printed: str | None, text: str | None, stated: str | None, meta) -> str | None:
    """A printed date of two numbers that could each be day or month ("03/01/2017") read the way the
    page's own markup names it: the statement's day, else a `<time datetime>` on the page."""
    readings = times.other_reading(text)
    if not printed or not readings or _day(printed) != readings[0]:
        return printed
    other = readings[1]
    marked = {_day(v) for v in marked_dates(meta) if ISO_DAY.match(v)} if not stated else set()
    return other if other == _day(stated or "") or other in marked else printed


def _marked(meta) -> tuple[str | None, str | None]:
    """The first date the markup marks outside the metadata (blocks.metadata.marked_dates), as published,
    or as updated where its words say so ("Updated October 23, 2025", "Last updated: ...")."""
    for value in marked_dates(meta):
        if ISO_DAY.match(value):
            return iso_time(value), None
        day = times.resolve(value, None)
        if day:
            return (None, day) if times.is_updated(value) else (day, None)
    return None, None


def url_day(url: str | None) -> str | None:
    """The day in a URL's path ('/2025/03/12/slug'), as an ISO date."""
    if not url:
        return None
    m = URL_DAY.search(url.split("?", 1)[0])
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


UTC_OR_NONE = re.compile(r"(?:Z|[+-]00:?00)$|T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def _utc(value: str) -> bool:
    """A time in UTC or with no offset at all: its day need not be the publisher's."""
    return bool(UTC_OR_NONE.search(value))


def _days_apart(a: str, b: str) -> int | None:
    try:
        return abs((date.fromisoformat(_day(a)) - date.fromisoformat(_day(b))).days)
    except ValueError:
        return None


def _day(value: str) -> str:
    return value[:10]


def _same_day_exact(kept: str | None, exact: str | None) -> str | None:
    """`kept`, or `exact` where it names the same day with more precision (a time and offset)."""
    if not kept:
        return exact
    if exact and _day(exact) == _day(kept) and len(exact) > len(kept):
        return exact
    return kept


def _exact(printed: str | None, datetime_attr: str | None) -> str | None:
    """A printed time, or the markup's `datetime` where it names the same day or the print none."""
    if not datetime_attr or not ISO_DAY.match(datetime_attr.strip()):
        return printed
    exact = iso_time(datetime_attr)
    if exact and (printed is None or _day(exact) == _day(printed)):
        return exact
    return printed
