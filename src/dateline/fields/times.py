"""Times as printed -> ISO 8601. Relative ones ("5 min 5 sec ago") resolve against the fetch time."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from ..layout import labels as L

UPDATED_WORDS = re.compile(r"^(updated|last updated|modified|aktualisiert|mis à jour|actualizado|atualizado|"
                           r"aggiornato|обновлено)\b", re.I)
RELATIVE_UNIT = re.compile(r"(\d+)\s*(sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|"
                           r"day|days|week|weeks)\b", re.I)
UNIT_SECONDS = {"sec": 1, "min": 60, "hr": 3600, "hou": 3600, "day": 86400, "wee": 604800}
ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def is_updated(text: str) -> bool:
    return bool(UPDATED_WORDS.match(text.strip()))


def resolve(text: str | None, fetched_at: datetime | None) -> str | None:
    """The ISO value of a printed time; None where it is relative and the fetch time is unknown."""
    if not text:
        return None
    if re.search(r"\bago\b", text, re.I):
        if fetched_at is None:
            return None
        seconds = sum(int(n) * UNIT_SECONDS[u.lower()[:3]] for n, u in RELATIVE_UNIT.findall(text))
        return (fetched_at - timedelta(seconds=seconds)).isoformat() if seconds else None
    m = ISO_RE.search(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            dt = datetime(y, mo, d, int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0))
        except ValueError:
            return None
        return dt.isoformat() if m.group(4) else dt.date().isoformat()
    m = L.DATE_RE.search(text)
    if not m:
        return None
    return _parse_date(m.group(0))


def _parse_date(s: str) -> str | None:
    import dateparser

    dt = dateparser.parse(s, settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"],
                                       "DATE_ORDER": "DMY"})
    return dt.date().isoformat() if dt else None
