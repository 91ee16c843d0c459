"""Figures: counts, sums of money and percentages, with what they count and who gave them.

"at least 350 civilians" counts civilians; "50 percent of votes" counts votes; a figure in a
sentence with a speech cue ("..., Haddad said", "according to the UN") takes that speaker.
"""
from __future__ import annotations

import re

from ..record import Figure

FIGURE_LABELS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
CURRENCIES = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "r": "ZAR"}
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "dozen": 12, "dozens": 12, "hundreds": 100, "thousands": 1000}
# a bare cardinal under this that counts nothing is a list number or an age, not a figure
MIN_BARE_CARDINAL = 10


def _value(text: str) -> float | None:
    low = text.lower()
    m = NUMBER.search(low)
    if m:
        value = float(m.group().replace(",", ""))
    else:
        words = [NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", low) if w in NUMBER_WORDS]
        if not words:
            return None
        value = float(words[0])
    for word, scale in SCALES.items():
        if re.search(rf"(?<=[\d\s]){re.escape(word)}\b", low):
            value *= scale
            break
    return value


def _unit(ent) -> str | None:
    if ent.label_ == "PERCENT":
        return "percent"
    if ent.label_ == "MONEY":
        for sym, code in CURRENCIES.items():
            if ent.text.lower().startswith(sym) or ent.doc[max(ent.start - 1, 0)].text.lower() == sym:
                return code
        words = [t.text for t in ent if t.is_alpha and t.lower_ not in SCALES]
        return words[-1] if words else None
    if ent.label_ == "QUANTITY":
        words = [t.text for t in ent if t.is_alpha]
        return words[-1] if words else None
    return None


def _counts(ent) -> str | None:
    """The noun the number measures: its head ("350 civilians"), or the 'of' object ("percent of votes")."""
    root = ent.root
    head = root.head if root.dep_ in ("nummod", "quantmod", "npadvmod") else root
    if head.i >= ent.start and head.i < ent.end:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs:
                    return _compact(objs[0])
        return None
    return _compact(head) if head.pos_ in ("NOUN", "PROPN") else None


def _compact(tok) -> str:
    left = [c for c in tok.lefts if c.dep_ in ("amod", "compound")]
    start = min([tok.i] + [c.i for c in left])
    return tok.doc[start:tok.i + 1].text


def figures(docs, att) -> list[Figure]:
    out: list[Figure] = []
    for p, doc in enumerate(docs):
        cues = att.cues(p)
        for ent in doc.ents:
            if ent.label_ not in FIGURE_LABELS:
                continue
            value, counts = _value(ent.text), _counts(ent)
            if value is None or ent.label_ == "CARDINAL" and counts is None and value < MIN_BARE_CARDINAL:
                continue
            sent = ent.sent
            cue = next((c for c in cues if sent.start <= c.i < sent.end), None)
            source = att.speaker_of(p, cue).name if cue is not None else None
            out.append(Figure(text=ent.text, value=value, unit=_unit(ent), counts=counts, source=source,
                              paragraph=p))
    return out
