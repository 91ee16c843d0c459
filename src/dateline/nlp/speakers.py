"""Who said it: the speech verb (cue) near a quote, its subject, and that subject's fullest name.

Works on one parsed spaCy Doc per body paragraph, so token offsets are paragraph offsets.
A pronoun subject ("he told Arab News") resolves to the person last named before it outside
quotes; a surname ("Albasha", "the Navanti Group's Albasha") to the longest name in the
article that ends with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# lemmas of verbs that report speech or writing
SPEECH_VERBS = frozenset("""
say tell add ask warn explain note write state claim insist argue vow urge describe hail report
announce promise pledge declare stress emphasize emphasise acknowledge admit suggest recall reply
respond conclude comment complain predict caution confirm deny tweet post lament observe concede
contend remark reveal maintain assert accuse cite question wonder joke recount testify mention
demand told quip plead counter echo allege estimate reiterate underline highlight agree disagree
""".split())
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# clause links to climb when a cue has no subject of its own ("Majed said ..., while noting ...")
SHARED_SUBJECT_DEPS = ("advcl", "xcomp", "conj", "pcomp")
# a quote whose nearest cue is further away than this (characters) is taken as unattributed
MAX_CUE_DISTANCE = 260
NAME_TYPES = ("PERSON", "ORG", "NORP", "GPE")
WORD = re.compile(r"\w+")


def name_key(name: str) -> str:
    """The word a short reference shares with the full name: its last word, lower-cased."""
    words = [w for w in WORD.findall(name.lower().replace("’s", "").replace("'s", "")) if w not in ("s",)]
    return words[-1] if words else ""


@dataclass
class Mention:
    paragraph: int
    pos: int
    name: str
    person: bool


@dataclass
class Speaker:
    name: str | None
    description: str | None = None
    cue: str | None = None
    person: bool = False


@dataclass
class Attributor:
    """Attributes quotes paragraph by paragraph, remembering who was named so far."""

    docs: list
    quote_ranges: dict[int, list[tuple[int, int]]]
    full_names: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p, doc in enumerate(self.docs):
            for name, start, person in _person_like(doc):
                if not self._in_quote(p, start):
                    self.mentions.append(Mention(p, start, name, person))
                if person:
                    key = name_key(name)
                    if key and len(name) > len(self.full_names.get(key, "")):
                        self.full_names[key] = name
        self.mentions.sort(key=lambda m: (m.paragraph, m.pos))

    def _in_quote(self, p: int, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quote_ranges.get(p, ()))

    def cues(self, p: int) -> list:
        """Speech-verb tokens and 'according (to)' of paragraph p that stand outside quotes."""
        out = []
        for tok in self.docs[p]:
            if self._in_quote(p, tok.idx):
                continue
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS:
                out.append(tok)
            elif tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                out.append(tok)
        return out

    def nearest_cue(self, p: int, start: int, end: int):
        best, best_d = None, MAX_CUE_DISTANCE + 1
        for tok in self.cues(p):
            d = start - tok.idx if tok.idx < start else tok.idx - end
            if d < best_d:
                best, best_d = tok, d
        return best

    def speaker_of(self, p: int, cue) -> Speaker:
        key = (p, cue.i)
        if key not in self._cache:
            self._cache[key] = self._speaker_of(p, cue)
        return self._cache[key]

    def _speaker_of(self, p: int, cue) -> Speaker:
        subj = _according_to(cue) if cue.lower_ == "according" else _subject(cue)
        verb = None if cue.lower_ == "according" else cue.lemma_.lower()
        if subj is None:
            return Speaker(None, cue=verb)
        if subj.lower_ in PERSON_PRONOUNS:
            name = self.last_person(p, subj.idx)
            return Speaker(name, cue=verb, person=name is not None)
        if subj.pos_ == "PRON":
            return Speaker(None, cue=verb)
        name, desc, person = _name_and_description(subj)
        if person or name_key(name) in self.full_names:
            name = self.full_names.get(name_key(name), name)
            person = True
        self.mentions.append(Mention(p, cue.idx, name, person))
        self.mentions.sort(key=lambda m: (m.paragraph, m.pos))
        return Speaker(name, desc, verb, person)

    def last_person(self, p: int, pos: int) -> str | None:
        """The person named last before (p, pos), outside quotes, in its fullest form."""
        best = None
        for m in self.mentions:
            if (m.paragraph, m.pos) >= (p, pos):
                break
            if m.person:
                best = m.name
        return self.full_names.get(name_key(best), best) if best else None


def _person_like(doc):
    """(name, start, is_person) for every named thing in the doc: NER if it ran, else proper nouns."""
    if doc.has_annotation("ENT_IOB"):
        for ent in doc.ents:
            if ent.label_ in NAME_TYPES:
                yield _clean_name(ent.text), ent.start_char, ent.label_ == "PERSON"
        return
    for tok in doc:
        if tok.pos_ == "PROPN" and tok.dep_ in SUBJECT_DEPS:
            chain = _propn_chain(tok)
            yield chain.text, chain.start_char, len(chain) > 1


def _clean_name(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    return re.sub(r"[’']s$", "", text).strip()


def _subject(cue):
    tok = cue
    for _ in range(4):
        subj = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if subj:
            return subj[0]
        if tok.dep_ in SHARED_SUBJECT_DEPS and tok.head.i != tok.i:
            tok = tok.head
            continue
        return None
    return None


def _according_to(cue):
    for to in cue.children:
        if to.lower_ == "to":
            objs = [c for c in to.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
    return None


def _propn_chain(tok):
    """The run of proper nouns around tok ("Ezzedine Al-Rayeq"), hyphens inside included."""
    doc = tok.doc
    i = j = tok.i
    while i > 0 and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].text == "-" and i > 1 and doc[i - 2].pos_ == "PROPN"):
        i -= 1
    while j + 1 < len(doc) and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].text == "-" and j + 2 < len(doc)
                                 and doc[j + 2].pos_ == "PROPN"):
        j += 1
    return doc[i:j + 1]


def _ent_of(tok):
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in NAME_TYPES:
            return ent
    return None


def _name_and_description(subj) -> tuple[str, str | None, bool]:
    """The name in a subject phrase and what the phrase says about it (title, organisation)."""
    name_tok = subj
    if subj.pos_ != "PROPN":
        for c in subj.children:
            if c.dep_ in ("appos", "conj") and c.pos_ == "PROPN":
                name_tok = c
                break
    if name_tok.pos_ == "PROPN":
        ent = _ent_of(name_tok)
        span = ent if ent is not None else _propn_chain(name_tok)
        person = ent is not None and ent.label_ == "PERSON" or ent is None and len(span) > 1
        name = _clean_name(span.text)
    else:
        span = _noun_phrase(subj)
        name, person = span.text, False
    return name, _description(subj, span), person


def _noun_phrase(tok):
    """tok with its left modifiers: "Netanyahu's office", "Political analysts"."""
    left = [c for c in tok.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "case", "nmod")]
    start = min([tok.i] + [t.i for c in left for t in c.subtree])
    span = tok.doc[start:tok.i + 1]
    if span[0].lower_ in ("the", "a", "an") and len(span) > 1:
        span = span[1:]
    return span


def _description(subj, name_span) -> str | None:
    """Everything in the subject phrase except the name itself, relative clauses left out."""
    doc = subj.doc
    keep = [t for t in subj.subtree
            if not (name_span.start <= t.i < name_span.end) and not _under(t, subj, ("relcl", "acl"))]
    runs: list[list] = []
    for t in keep:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    parts = []
    for run in runs:
        text = doc[run[0].i:run[-1].i + 1].text.strip(" ,;:—–-")
        text = re.sub(r"^(?:and|or)\s+|[’']s$", "", text).strip(" ,")
        if len(text) > 2 and any(ch.isalpha() for ch in text):
            parts.append(text)
    return ", ".join(parts) or None


def _under(tok, root, deps) -> bool:
    while tok.i != root.i and tok.head.i != tok.i:
        if tok.dep_ in deps:
            return True
        tok = tok.head
    return False
