"""Entities: people, organisations and places, each surface form merged under one canonical name.

Merging is by evidence in the article itself: a person's surname or first name alone joins the
full name that contains it ("Haddad" → "Rania Haddad"); an acronym joins the name whose
initials it spells ("WHO" → "World Health Organization"); "the X" and "X's" are the same X.
"""
from __future__ import annotations

import re
from collections import Counter

from ..record import Entity, Mention
from .speakers import ORG_NOUNS

# spaCy labels kept, and the type each is reported as
KEPT_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC", "NORP": "NORP"}
# words that do not count towards an acronym's letters ("Bank of England" → BE)
ACRONYM_SKIP = {"of", "the", "for", "and", "in", "on", "de", "&"}
WORD = re.compile(r"\w+")
POSSESSIVE = re.compile(r"[’']s\s+(?=[A-Z])")


def _surface(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    text = re.sub(r"\s*\([^()]*\)?$", "", text)  # "World Health Organization (WHO": the acronym is its own mention
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
        return bool(ws) and set(ws) < set(wf) and ws[-1] == wf[-1]
    if short.isupper() and len(short) >= 2 and " " not in short and _initials(full) == short.replace(".", ""):
        return True
    # "Trust" or "HALO" for "HALO Trust": a run of the longer name's words at either end
    return bool(ws) and len(ws) < len(wf) and (wf[-len(ws):] == ws or wf[:len(ws)] == ws) and kind == "ORG"


def entities(docs, quote_ranges, full_names) -> list[Entity]:
    """One Entity per thing named in the article, mentions as (paragraph, start, end, text).

    `full_names` (surname -> fullest name, from the speaker pass) overrides NER's label: the
    small model calls some surnames a nationality or an organisation."""
    found: list[tuple[str, str, Mention]] = []
    for p, doc in enumerate(docs):
        for ent in doc.ents:
            kind = KEPT_LABELS.get(ent.label_)
            if kind:
                for start, end in _parts(ent):
                    found.extend(_classified(kind, doc.text[start:end], Mention(p, start, end, doc.text[start:end]),
                                             full_names))
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


def _parts(ent) -> list[tuple[int, int]]:
    """Character spans of an entity, split at a possessive: "UNICEF's Chaiban" is an
    organisation and a person, which NER ran together."""
    m = POSSESSIVE.search(ent.text)
    if not m:
        return [(ent.start_char, ent.end_char)]
    return [(ent.start_char, ent.start_char + m.start()), (ent.start_char + m.end(), ent.end_char)]


def _classified(kind: str, text: str, mention: Mention, full_names: dict[str, str]) -> list:
    """(type, canonical surface, mention), the type corrected by what the article says of the name."""
    name = _surface(text)
    words = _words(name)
    if not words or not any(ch.isalpha() for ch in name):
        return []
    full = full_names.get(words[-1])
    if full and (set(words) <= set(_words(full)) or kind == "PERSON"):
        kind, name = "PERSON", full  # "Sharaa", "Lawyer Rayeq": the person named in full elsewhere
    elif kind == "PERSON" and any(w in ORG_NOUNS for w in words):
        kind = "ORG"  # "The Carter Center" is no person, whatever NER said
    return [(kind, name, mention)]


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
