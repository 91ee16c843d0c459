"""Entities: people, organisations and places, each surface form merged under one canonical name.

Merging is by evidence in the article itself: a person's surname or first name alone joins the
full name that contains it ("Sharaa" → "Ahmed Al-Sharaa"); an acronym joins the name whose
initials it spells ("ICG" → "International Crisis Group"); "the X" and "X's" are the same X.
"""
from __future__ import annotations

import re
from collections import Counter

from ..record import Entity, Mention

# spaCy labels kept, and the type each is reported as
KEPT_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC", "NORP": "NORP"}
# words that do not count towards an acronym's letters ("International Crisis Group" → ICG)
ACRONYM_SKIP = {"of", "the", "for", "and", "in", "on", "de", "&"}
WORD = re.compile(r"\w+")


def _surface(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    return re.sub(r"[’']s?$", "", text).strip()


def _words(name: str) -> list[str]:
    return WORD.findall(name.lower())


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in ACRONYM_SKIP and w[:1].isalpha()).upper()


def _joins(short: str, full: str, kind: str) -> bool:
    """Whether the surface form `short` names the same thing as the longer `full`."""
    if short == full:
        return True
    ws, wf = _words(short), _words(full)
    if kind == "PERSON":
        return bool(ws) and set(ws) < set(wf) and (ws[-1] == wf[-1] or len(ws) == 1)
    if short.isupper() and len(short) >= 2 and " " not in short:
        return _initials(full) == short.replace(".", "")
    return bool(ws) and len(ws) < len(wf) and wf[-len(ws):] == ws and kind in ("ORG",)


def entities(docs, quote_ranges, full_names) -> list[Entity]:
    """One Entity per thing named in the article, mentions as (paragraph, start, end, text)."""
    found: list[tuple[str, str, Mention]] = []
    for p, doc in enumerate(docs):
        for ent in doc.ents:
            kind = KEPT_LABELS.get(ent.label_)
            name = _surface(ent.text)
            if kind and name and any(ch.isalpha() for ch in name):
                found.append((kind, name, Mention(p, ent.start_char, ent.end_char, ent.text)))
    # a form labelled differently in different places takes its commonest label
    label_votes: dict[str, Counter] = {}
    for kind, name, _ in found:
        label_votes.setdefault(name, Counter())[kind] += 1
    kinds = {name: votes.most_common(1)[0][0] for name, votes in label_votes.items()}
    by_kind: dict[str, dict[str, list[Mention]]] = {}
    for _, name, mention in found:
        by_kind.setdefault(kinds[name], {}).setdefault(name, []).append(mention)
    out: list[Entity] = []
    for kind, forms in by_kind.items():
        out.extend(_merge(kind, forms))
    out.sort(key=lambda e: (-len(e.mentions), e.name))
    return out


def _merge(kind: str, forms: dict[str, list[Mention]]) -> list[Entity]:
    """Join each surface form to the longest form it is short for; that form is the name."""
    order = sorted(forms, key=lambda n: (-len(_words(n)), -len(forms[n]), n))
    canon: dict[str, str] = {}
    for name in order:
        target = next((c for c in order if c != name and len(_words(c)) > len(_words(name))
                       and canon.get(c, c) == c and _joins(name, c, kind)), None)
        if target is None and name.isupper():
            target = next((c for c in order if c != name and canon.get(c, c) == c and _joins(name, c, kind)), None)
        canon[name] = target or name
    groups: dict[str, Entity] = {}
    for name in order:
        head = canon[name]
        ent = groups.setdefault(head, Entity(name=head, type=kind))
        if name != head and name not in ent.aliases:
            ent.aliases.append(name)
        ent.mentions.extend(forms[name])
    for ent in groups.values():
        ent.mentions.sort(key=lambda m: (m.paragraph, m.start))
        for m in ent.mentions:
            if m.text != ent.name and m.text not in ent.aliases:
                ent.aliases.append(m.text)
    return list(groups.values())
