"""Times as printed -> ISO 8601. Relative ones ("5 min 5 sec ago") resolve against the fetch time."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .. import lexicon as L

UPDATED_WORDS = re.compile(r"^(updated|last updated|modified|aktualisiert|mis à jour|actualizado|atualizado|"
                           r"aggiornato|обновлено)\b", re.I)
# (?<!\d): start only where a run of digits starts, else a long digit run is quadratic
RELATIVE_UNIT = re.compile(r"(?<!\d)(\d+)\s*(sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|"
                           r"day|days|week|weeks)\b", re.I)
UNIT_SECONDS = {"sec": 1, "min": 60, "hr": 3600, "hou": 3600, "day": 86400, "wee": 604800}
ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def is_updated(text: str) -> bool:
    return bool(UPDATED_WORDS.match(text.strip()))


def resolve(text: str | None, fetched_at: datetime | None) -> str | None:
    """The ISO value of a printed time; None where it is relative and the fetch time is unknown."""
    if not text:
        return None
    m = ISO_RE.search(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            dt = datetime(y, mo, d, int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0))
        except ValueError:
            return None
        return dt.isoformat() if m.group(4) else dt.date().isoformat()
    for m in L.DATE_RE.finditer(text):
        if not re.search(r"\bago\b", m.group(0), re.I):
            return _parse_date(m.group(0))
        # "2 minute read April 25, 2023 2:26 PM ... 9 min ago": a date inside what read as relative
        if re.search(r"\b\d{4}\b", m.group(0)) and (day := _parse_date(m.group(0), fallback=False)):
            return day
    return _relative(text, fetched_at)


def _relative(text: str, fetched_at: datetime | None) -> str | None:
    """ "5 min 5 sec ago" -> fetched_at less that; None without a fetch time."""
    if fetched_at is None or not re.search(r"\bago\b", text, re.I):
        return None
    seconds = sum(int(n) * UNIT_SECONDS[u.lower()[:3]] for n, u in RELATIVE_UNIT.findall(text))
    return (fetched_at - timedelta(seconds=seconds)).isoformat() if seconds else None


NUMERIC_DMY = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2,4})")
NUMERIC_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
YEAR_FIRST = re.compile(r"(\d{4})\s?[年./]\s?(\d{1,2})\s?[月./]\s?(\d{1,2})")
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})")
MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def other_reading(text: str | None) -> tuple[str, str] | None:
    """(as read, the other way) for a printed date of two numbers that could each be the day or the
    month ("03/01/2017", "04.05.2024"): `_parse_date` reads the day first, a US page means the month."""
    for rx in (NUMERIC_DMY, NUMERIC_SLASH):
        m = rx.search(text or "")
        if not m:
            continue
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a == b or a > 12 or b > 12:
            return None
        y = y + 2000 if y < 100 else y
        try:
            return date(y, b, a).isoformat(), date(y, a, b).isoformat()
        except ValueError:
            return None
    return None


def _parse_date(s: str, fallback: bool = True) -> str | None:
    """The date of a matched date string: numeric forms and month names in many languages. A form read
    here whose numbers make no date ("60. Juni 2025", "31/31/2024") is no date. dateparser only for
    what no form here reads: it tries each of its ~200 locales in turn, ~0.1 s a string and ~9 s to load
    them all the first time, so a page of impossible dates cost seconds a line before."""
    recognised = False
    for rx, order in ((YEAR_FIRST, "ymd"), (NUMERIC_DMY, "dmy"), (DAY_MONTH_YEAR, "dMy"), (MONTH_DAY_YEAR, "Mdy"),
                      (NUMERIC_SLASH, "slash")):
        m = rx.search(s)
        if not m:
            continue
        a, b, c = m.groups()
        if order == "ymd":
            y, mo, d = int(a), int(b), int(c)
        elif order == "dMy":
            d, mo, y = int(a), L.MONTH_NUMBERS.get(b.casefold()), int(c)
        elif order == "Mdy":
            mo, d, y = L.MONTH_NUMBERS.get(a.casefold()), int(b), int(c)
        else:  # 04/06/2026, 06.18.2025: day first, or month first where the second number cannot be a month
            first, second, y = int(a), int(b), int(c)
            d, mo = (second, first) if second > 12 else (first, second)
        if mo is None:
            continue
        recognised = True
        y = y + 2000 if y < 100 else y
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            continue
    if recognised or not fallback:
        return None
    import dateparser

    dt = dateparser.parse(s, settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]})
    return dt.date().isoformat() if dt else None


def iso_time(value: str | None) -> tuple[str | None, bool]:
    """A record's time in one form: a date stays a date (2025-02-02); a time becomes
    YYYY-MM-DDTHH:MM:SS with the offset the page gave (Z as +00:00, fractions of a second dropped), and
    a time with no offset is taken as UTC, which the second value says (True). A value that is no
    ISO 8601 time is left as it is."""
    if not value or len(value) <= 10:
        return value, False
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return value, False
    assumed = dt.tzinfo is None
    if assumed:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.isoformat(timespec="seconds"), assumed


def normalise_times(articles) -> int:
    """Each article's published and updated as `iso_time` gives them; how many were taken as UTC."""
    assumed = 0
    for a in articles:
        for name in ("published", "updated"):
            value, guessed = iso_time(getattr(a, name))
            setattr(a, name, value)
            assumed += guessed
    return assumed
