"""The labels a block can carry, and the cheap pattern tests that say what a line looks like."""
from __future__ import annotations

import re

BODY = "body"
HEADLINE = "headline"
KICKER = "kicker"
TIME = "time"
BYLINE = "byline"
HIGHLIGHT = "highlight"
CAPTION = "caption"
COUNTER = "counter"  # gallery counters "1 / 2"
SIDEBAR_TITLE = "sidebar_title"
SIDEBAR_ITEM = "sidebar_item"
BOILERPLATE = "boilerplate"
LABELS = (BODY, HEADLINE, KICKER, TIME, BYLINE, HIGHLIGHT, CAPTION, COUNTER, SIDEBAR_TITLE, SIDEBAR_ITEM, BOILERPLATE)

COUNTER_RE = re.compile(r"^\d{1,3}\s*(/|of|von|de|di|из)\s*\d{1,3}$", re.I)
SENTENCE_END = re.compile(r"[.!?…。！？:;\"'”’»)\]]$")
# a photo credit closing a caption: "(AFP)", "(Office of ... via REUTERS)", "(AFP file" cut by the flattener
CREDIT_TAIL = re.compile(r"\s*\((?P<credit>[^()]{1,80})\)?\s*$")
# "... Foto: Peter Kneffel/dpa", "... Photo: AP", "... © Reuters": a credit key needs its colon (or is ©)
CREDIT_LEAD = re.compile(
    r"(?:^|[\s|(])(?:(?P<key>Photo|Photograph|Picture|Image|Foto|Fotos|Bild|Credit|Credits|Crédit|Crédito|"
    r"Source|Quelle|Photo credit)\s*:|©)\s*(?P<credit>[^|()]{2,80})\)?\s*$",
    re.I,
)
MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|"
    "mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|"
    "julio|agosto|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|"
    "settembre|ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro"
)
DATE_RE = re.compile(
    rf"(\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b|\b\d{{1,2}}\.?\s+({MONTHS})\.?\s+\d{{4}}\b|"
    rf"\b({MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b|\d{{4}}年\d{{1,2}}月\d{{1,2}}日|"
    rf"\b\d+\s*(sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|day|days|week|weeks)\b.*\bago\b)",
    re.I,
)
TIME_WORDS = re.compile(
    r"^(updated|published|posted|last updated|modified|aktualisiert|veröffentlicht|erstellt|stand|publié|"
    r"mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|опубликовано|обновлено)\b",
    re.I,
)
BYLINE_RE = re.compile(
    r"^(by|von|par|por|di|da|door|av|af|от|автор|text|texto|written by|words by|reporting by)[:\s]+"
    r"(?P<names>[^\d|]{3,120}?)(?=\s*(\||,?\s*\d|$|\bupdated\b|\bpublished\b|\bposted\b))",
    re.I,
)


def is_counter(text: str) -> bool:
    return bool(COUNTER_RE.match(text))


def is_time_line(text: str) -> bool:
    """A short line that is a date or time as printed, with or without "Updated"."""
    words = len(text.split())
    if words > 14:
        return False
    if TIME_WORDS.match(text) and (DATE_RE.search(text) or re.search(r"\d", text)):
        return True
    return bool(DATE_RE.search(text)) and words <= 8 and not SENTENCE_END.search(text.rstrip(".")[-1:] or "")


def sentence_like(text: str) -> bool:
    return bool(SENTENCE_END.search(text))


def split_credit(text: str) -> tuple[str, str | None]:
    """'Caption text. (AFP)' -> ('Caption text.', 'AFP'); no credit -> (text, None)."""
    m = CREDIT_TAIL.search(text)
    if m and m.start() > 0:
        credit = m.group("credit").strip()
        if _credit_like(credit):
            return text[: m.start()].rstrip(), credit
    m = CREDIT_LEAD.search(text)
    if m and m.start() > 0:
        return text[: m.start()].rstrip(" |,;-–"), m.group("credit").strip()
    return text, None


def _credit_like(credit: str) -> bool:
    """An agency or photographer, not a parenthetical remark: few words, capitalised or with a slash."""
    words = credit.split()
    if not words or len(words) > 10:
        return False
    if any(w.isupper() and len(w) >= 2 for w in words):
        return True
    caps = sum(1 for w in words if w[:1].isupper() or w in {"via", "of", "the", "file", "and", "/"} or "/" in w)
    return caps == len(words) and ("/" in credit or len(words) <= 4)
