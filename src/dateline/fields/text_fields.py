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


# job titles printed after a name in a byline ("Ulrich Exner, Korrespondent"): not part of the name
ROLE_WORDS = re.compile(
    r"\b(korrespondent(in)?|redakteur(in)?|reporter(in)?|autor(in)?|journalist(in)?|mitarbeiter(in)?|"
    r"editor|correspondent|staff writer|contributor|columnist|rédacteur|rédactrice|journaliste|redactor|"
    r"redactora|periodista|senior|chief|deputy|political|foreign|business|sports?)\b.*$", re.I)


BYLINE_TAIL = re.compile(rf"\d|\b({L.MONTHS})\.?\s+\d|\b({L.MONTHS})\.\s*$|\s(for|für|pour)\s|\b(updated|published|posted|aktualisiert|"
                         r"veröffentlicht|stand|publié|mis à jour|publicado|actualizado|pubblicato)\b", re.I)


def byline_names(text: str) -> list[str]:
    """The names in a byline line, without the byline word, dates or job titles."""
    if L.BYLINE_ALONE.match(text):
        return []
    m = L.BYLINE_RE.match(text)
    names = m.group("names") if m else text
    # a byline line often goes on with the date or "Updated ...": the names end before it
    cut = BYLINE_TAIL.search(names)
    names = names[: cut.start()] if cut else names
    out = []
    for part in NAME_SPLIT.split(names):
        part = ROLE_WORDS.sub("", part).strip(" .;:-–()")
        if part and 1 <= len(part.split()) <= 5 and (part[:1].isupper() or part.isupper() or part.islower()
                                                     and len(part) <= 5):
            out.append(part)
    return out


def dateline_of(first_paragraph: str) -> str | None:
    m = DATELINE_RE.match(first_paragraph) or DATELINE_TITLE_RE.match(first_paragraph)
    if not m:
        return None
    place = m.group("place").strip()
    return place if len(place) >= 3 else None
