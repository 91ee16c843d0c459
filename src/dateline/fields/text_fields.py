"""Small fields read from one line of text: bylines as names, datelines opening the body."""
from __future__ import annotations

import re

from ..layout import labels as L

NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|&|/|\|)\s*", re.I)
# "ATHENS, Greece:" / "DAMASCUS:" / "WASHINGTON (Reuters) -" / "Gundremmingen - "
DATELINE_RE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+){0,3}(?:,\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,2})?"
    r"(?:\s+\([^)]{1,30}\))?))\s*(?::|\s[—–-])\s+(?=\S)"
)
DATELINE_TITLE_RE = re.compile(r"^(?P<place>[A-ZÄÖÜ][\w'.\-]+(?:/[A-ZÄÖÜ][\w'.\-]+)?)\s+[—–-]\s+(?=[A-ZÄÖÜ])")


def byline_names(text: str) -> list[str]:
    m = L.BYLINE_RE.match(text)
    names = m.group("names") if m else text
    out = []
    for part in NAME_SPLIT.split(names):
        part = part.strip(" .;:-–")
        if part and 1 <= len(part.split()) <= 5 and part[:1].isupper():
            out.append(part)
    return out


def dateline_of(first_paragraph: str) -> str | None:
    m = DATELINE_RE.match(first_paragraph) or DATELINE_TITLE_RE.match(first_paragraph)
    if not m:
        return None
    place = m.group("place").strip()
    return place if len(place) >= 3 else None
