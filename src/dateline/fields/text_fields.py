"""Small fields read from one line of text: bylines as names, datelines opening the body."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon as L

NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b(?!\.)|\be\b(?!\.)|\bog\b|\boch\b|&|/|\||•)\s*", re.I)
DATELINE_TITLE_RE = re.compile(r"^(?P<place>[A-ZÄÖÜ][\w'.\-]+(?:/[A-ZÄÖÜ][\w'.\-]+)?)\s+[—–-]\s+(?=[A-ZÄÖÜ])")


# job titles printed after a name in a byline ("Ulrich Exner, Korrespondent"): not part of the name
ROLE_WORDS = re.compile(
    rf"\b({L.ROLE_TITLES}|senior|chief|deputy|political|parliamentary|foreign|business|sports?|"
    # the words a job title in English opens or closes on ("Former Deputy Tech Editor", "Lead Writer")
    r"(?:former|lead|founder|co-?founder|writer|director|manager|expert|specialist)(?!-))\b.*$|"
    # a profile link printed after the name
    r"\s+(twitter|facebook|instagram|linkedin|threads|bluesky|mastodon|e-?mail)\s*$", re.I)


TIME_LEAD_WORDS = ("updated", "published", "posted", "aktualisiert", "veröffentlicht", "publiziert", "stand", "publié",
                   "mis à jour", "publicado", "actualizado", "pubblicato")
# (each alternation of words is tried only where what must follow it does, L.WORD_THEN_DIGIT, or where a
# letter that opens one of them stands)
BYLINE_TAIL = re.compile(
    rf"\d|\b{L.WORD_THEN_DIGIT}({L.MONTHS})\.?\s+\d|\b(?=[^\W\d_]+\.?\s*$)({L.MONTHS})\.?\s*$|\s(for|für|pour)\s|"
    r"\s\S*@|"  # a handle or an e-mail address
    rf"\b(?=[{''.join(sorted({w[0] for w in TIME_LEAD_WORDS}))}])({'|'.join(TIME_LEAD_WORDS)})\b", re.I)


# the word that leads into a date after a byline ("am 28.04.", "on May 3", "le 3 mai"): no part of a name
SECOND_BY = re.compile(r"^by\s+", re.I)
DATE_LEAD_IN = re.compile(r"\s+(am|vom|on|le|el|il|op|den|em|no)(\s+[^\W\d_]+)?\s*$", re.I)  # "on Monday" too



def byline_names(text: str) -> list[str]:
    """The names in a byline line, without the byline word, dates or job titles."""
    if L.BYLINE_ALONE.match(text):
        return []
    m = L.BYLINE_RE.match(text)
    names = m.group("names") if m else text
    names = SECOND_BY.sub("", names)  # "Text by Hunter Dukes": "Text" was the byline word, "by" is left
    # a byline line often goes on with the date or "Updated ...": the names end before it
    cut = BYLINE_TAIL.search(names)
    names = names[: cut.start()] if cut else names
    names = DATE_LEAD_IN.sub("", names.replace("\xad", "").rstrip(" ,;"))  # "MORITZ GATHMANN am" 28.04.; soft hyphens
    out = []
    for part in NAME_SPLIT.split(names):
        part = ROLE_WORDS.sub("", part).strip(" ;:-–—|()·⋅●∙\"“”")
        part = part if L.INITIAL_END.search(part) else part.strip(" .")  # "Muñoz C." keeps its initial's period
        # one word alone is a place or a desk ("Zürich", "Online") unless it reads as an agency (AP, dpa)
        one_word_agency = len(part.split()) == 1 and (part.isupper() or part.islower() and len(part) <= 5)
        if part and (2 <= len(part.split()) <= 5 and part[:1].isupper() or one_word_agency):
            out.append(part)
    return out


NAME_PARTICLES = {"de", "da", "del", "della", "di", "do", "dos", "du", "la", "le", "van", "von", "der", "den", "ter",
                  "bin", "al", "el", "y", "e"}
NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")
NAME_MAX_WORDS = 4  # "María R. Sahuquillo", "Anne-Kathrin Neuberg-Vural": names are short
AGENCY = re.compile(r"^[A-Z]{2,5}$")  # AP, AFP, DPA: a news agency's initials


def name_shaped(text: str) -> bool:
    """A line that is only a person's name (or names joined by "and"): capitalised words, no digits."""
    parts = [p for p in NAME_SPLIT.split(text) if p]
    if not parts or len(parts) > 4:
        return False
    # "Adam Vidler and AP": an agency beside a person is still a byline
    agencies = [p for p in parts if AGENCY.match(p)]
    if agencies and len(agencies) < len(parts):
        parts = [p for p in parts if p not in agencies]
    for part in parts:
        words = part.split()
        caps = sum(1 for w in words if w[:1].isupper())
        if not 2 <= len(words) <= NAME_MAX_WORDS or caps < 2 or any(
                not NAME_WORD.match(w) or not (w[:1].isupper() or w.lower() in NAME_PARTICLES) for w in words):
            return False
    return not ROLE_WORDS.search(text)


# capitalised words of a page's controls and credits, which stand by a date as a byline does ("Share
# Save", "Play Video", "Sign Up", "Related Topics", "Getty Images"); never a person's name
INTERFACE_WORDS = re.compile(
    r"\b(share|save|play|video|sign|log|login|account|subscribe|newsletters?|related|topics|issue|policy|"
    r"comments?|print|e-?mail|menu|search|images|photos|pictures|teilen|speichern|merken|anmelden|abonnieren|"
    r"kommentare|kommentieren|drucken|themen|artikel|articles|home|partager|commentaires|compartir|comentarios|"
    r"haberler|kanal|url|link|links|contact|learn|more|popular|previous|next|rss|feed|recent|content|"
    r"breaking|points|follow|folgen|abone|takip|suscr[ií]bete|suscribirse|abonnez|iscriviti|inscreva|"
    r"powered|remove|ads|rating|ratings|partner|report|listen|anhören|vorlesen|écouter|escuchar|ascolta)\b", re.I)


@lru_cache(maxsize=4096)  # a line is asked about again as the neighbour of the next, and in a far search
def name_head(text: str) -> str | None:
    """The names a line opens with, before a date or a job title, or None if it does not read so."""
    cut = BYLINE_TAIL.search(text)
    head = ROLE_WORDS.sub("", text[: cut.start()] if cut else text).strip(" ,|•-–")
    if not head or INTERFACE_WORDS.search(head) or not name_shaped(head):
        return None
    return head if byline_names(head) else None


def names_before_date(text: str) -> list[str]:
    """'Stefan Trunzik , 26.04.2024 10:00 Uhr' -> ['Stefan Trunzik']: a time line that opens with names."""
    head = name_head(text) if BYLINE_TAIL.search(text) else None
    return byline_names(head) if head else []


def dateline_of(first_paragraph: str) -> str | None:
    m = L.DATELINE_RE.match(first_paragraph) or DATELINE_TITLE_RE.match(first_paragraph)
    if not m:
        return None
    place = m.group("place").strip()
    return place if len(place) >= 3 else None
