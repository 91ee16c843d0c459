"""Who said it: the speech verb (cue) near a quote, its subject, and that subject's fullest name.

Works on one parsed spaCy Doc per body paragraph, so token offsets are paragraph offsets.
A pronoun subject ("he told reporters") resolves to the person last named before it outside
quotes; a surname ("Haddad", "the institute's Haddad") to the longest name in the
article that ends with it; a definite description ("the bank said", "the 36-year-old said")
to the person named last, or to the organisation named last whose name holds the noun ("the bank":
"Deutsche Bank") or that spoke or was a subject; an acronym ("IDF") to the name it abbreviates.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .names import NAME_TYPES, SUBJECT_DEPS, according_to, clean_name, group_phrase, name_and_description, \
    name_beside, propn_chain, subject_of, without_verbs

# lemmas of verbs that report speech or writing
SPEECH_VERBS = frozenset("""
say tell add ask warn explain note write state claim insist argue vow urge describe hail report
announce promise pledge declare stress emphasize emphasise acknowledge admit suggest recall reply
respond conclude comment complain caution confirm deny tweet post lament observe concede
contend remark reveal maintain assert accuse cite question wonder joke recount testify mention
demand quip plead counter echo allege reiterate underline highlight agree disagree
call speak concur refer criticise criticize express recommend snap retort exclaim shout whisper
""".split())
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_OTHER_GENDER = {"m": "f", "f": "m"}
# head nouns of a definite description that stands for an organisation named earlier
ORG_NOUNS = frozenset("""
company firm bank agency group institute organisation organization center centre ministry department
government party union committee council court club team charity university network broadcaster
military army police office lab laboratory board commission association foundation authority
regulator campaign administration institution business corporation
""".split())
# suffixes and words of head nouns that stand for a person named earlier ("the 36-year-old")
PERSON_NOUN_SUFFIXES = ("-old", "er", "or", "ist", "ian", "man", "woman", "person", "ant", "ent")
PERSON_NOUNS = frozenset("victim chief head boss coach judge father mother son daughter wife husband old".split())
# nouns that end like a person's ("-er") but name a document or a thing
NOT_PERSON_NOUNS = frozenset("""
letter paper order register number chapter newspaper poster filter incident accident event content percent
component factor error sector
""".split())
# no noun ending so stands for a person: "the statement said", "the document shows", "the movement claims"
NOT_PERSON_SUFFIX = "ment"
# titles that stand for the person who holds them ("the US President said")
TITLE_NOUNS = frozenset("""
president minister secretary chairman chairwoman chair governor senator mayor spokesman spokeswoman
spokesperson premier chancellor king queen prince princess pope ambassador commissioner
""".split())
# pronouns that stand for an unnamed group or person and not for someone named earlier: the source is
# the phrase as written ("some in the party", "both of his senators", "those who ..."), as "officials" is
INDEFINITE_SOURCES = frozenset("""
some those both another anyone someone everyone each many others several few most all one no-one
""".split())
# how many paragraphs back a description or pronoun may look for the one it stands for
MAX_RESOLVE_PARAGRAPHS = 3
# a quote whose nearest cue is further away than this (characters) is taken as unattributed
MAX_CUE_DISTANCE = 260
WORD = re.compile(r"\w+")


def name_key(name: str) -> str:
    """The word a short reference shares with the full name: its last word, lower-cased."""
    words = [w for w in WORD.findall(name.lower().replace("’s", "").replace("'s", "")) if w not in ("s",)]
    return words[-1] if words else ""


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


@dataclass
class Mention:
    paragraph: int
    pos: int
    name: str
    kind: str  # PERSON, ORG or OTHER
    salient: bool = False  # a speaker, or the subject of a main clause: what a pronoun most likely means


@dataclass
class Speaker:
    name: str | None
    description: str | None = None
    cue: str | None = None
    kind: str = "OTHER"
    borrowed: bool = False  # the subject came from a governing clause, not the cue's own
    sent: int = -1  # index of the cue's sentence start, to compare cues of one sentence
    agent: bool = True  # a person, an organisation or a group of people, not "Only time (will tell)"
    pronoun: bool = False  # named through "he" / "she"
    through_clause: bool = False  # named through a relative pronoun or as an indefinite phrase ("some")


@dataclass
class Attributor:
    """Attributes quotes paragraph by paragraph, remembering who was named so far."""

    docs: list
    quote_ranges: dict[int, list[tuple[int, int]]]
    full_names: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    gender: dict[str, Counter] = field(default_factory=dict)  # name -> how often "he" / "she" meant it
    descriptions: dict[str, str] = field(default_factory=dict)  # name -> what the article first said of them
    mentions: list[Mention] = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p, doc in enumerate(self.docs):
            for name, start, kind, salient in _named(doc):
                if kind == "PERSON" and any(w in ORG_NOUNS for w in WORD.findall(name.lower())):
                    kind = "ORG"  # NER's "The Carter Center" person
                if not self.in_quote(p, start):
                    self.mentions.append(Mention(p, start, name, kind, salient))
                key = name_key(name)
                if kind == "PERSON" and key and len(name) > len(self.full_names.get(key, "")):
                    self.full_names[key] = name
                if kind == "ORG" and len(name.split()) > 1:
                    self.acronyms.setdefault(initials(name), name)
        self._people_by_surname()
        self._first_names()
        # a capitalised subject that is the surname of someone named in full is that person,
        # whatever the tagger made of it ("Haddad has now left the party ...")
        for p, doc in enumerate(self.docs):
            for tok in doc:
                if tok.dep_ in SUBJECT_DEPS and tok.is_title and not self.in_quote(p, tok.idx):
                    full = self.full_names.get(name_key(tok.text))
                    if full:
                        self.mentions.append(Mention(p, tok.idx, full, "PERSON", tok.head.dep_ == "ROOT"))
        self.mentions.sort(key=lambda m: (m.paragraph, m.pos))

    def _people_by_surname(self) -> None:
        """A two- or three-word name the article goes on to call by its last word alone is a
        person, whatever NER labelled it: papers call people, not companies, by surname
        ("Rania Haddad" ... "Haddad said"; a bank called "Smith Barney" is never just "Barney")."""
        alone = {m.name for m in self.mentions if " " not in m.name}
        places = {e.text for doc in self.docs for e in doc.ents if e.label_ in ("GPE", "LOC", "NORP")}
        for m in self.mentions:
            words = m.name.split()
            if m.kind != "PERSON" and 2 <= len(words) <= 3 and words[-1] in alone and words[0] not in places \
                    and all(w[:1].isupper() and not w.isupper() and w.lower() not in ORG_NOUNS for w in words):
                self.full_names.setdefault(name_key(m.name), m.name)
        for m in self.mentions:
            if name_key(m.name) in self.full_names and (" " not in m.name or m.name in self.full_names.values()):
                m.kind = "PERSON"

    def _first_names(self) -> None:
        """"Sir Keir", "Majd": a first name that opens exactly one full name stands for it."""
        openers: dict[str, set[str]] = {}
        for full in self.full_names.values():
            words = WORD.findall(full.lower())
            if len(words) > 1:
                openers.setdefault(words[0], set()).add(full)
        for first, fulls in openers.items():
            if len(fulls) == 1 and first not in self.full_names:
                self.full_names[first] = next(iter(fulls))

    def in_quote(self, p: int, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quote_ranges.get(p, ()))

    def cues(self, p: int) -> list:
        """Speech-verb tokens and 'according (to)' of paragraph p that stand outside quotes."""
        if ("cues", p) in self._cache:
            return self._cache[("cues", p)]
        out = self._cache[("cues", p)] = []
        for tok in self.docs[p]:
            if self.in_quote(p, tok.idx):
                continue
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS:
                out.append(tok)
            elif tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                out.append(tok)
        return out

    def cues_near(self, p: int, start: int, end: int) -> list:
        """The cues of paragraph p within reach of [start, end), nearest first."""
        scored = []
        for tok in self.cues(p):
            d = start - tok.idx if tok.idx < start else tok.idx - end
            if d <= MAX_CUE_DISTANCE:
                scored.append((d, tok.i, tok))
        return [tok for _, _, tok in sorted(scored)]

    def modifies_noun(self, p: int, start: int, end: int) -> bool:
        """Whether the quote names the kind of the common noun after it (“quick edit” feature, “so what”
        attitude). A quoted judgement stays speech: the “disappointing” contraction."""
        doc = self.docs[p]
        inside = [t for t in doc if start <= t.idx < end and t.is_alpha]
        if inside and all(t.pos_ in ("ADJ", "ADV") for t in inside):
            return False
        after = [t for t in doc if t.idx > end and not t.is_punct and not t.is_space]
        return bool(after) and after[0].pos_ == "NOUN" and after[0].is_lower and after[0].idx - end <= 3

    def has_cue_in_sentence(self, p: int, start: int, end: int) -> bool:
        doc = self.docs[p]
        sents = {doc.char_span(start, end, alignment_mode="expand")[0].sent.start,
                 doc.char_span(start, end, alignment_mode="expand")[-1].sent.start} if end > start else set()
        return any(c.sent.start in sents for c in self.cues(p))

    def attribute(self, p: int, start: int, end: int) -> Speaker:
        """The speaker of the nearest cue that names one. A cue without a subject defers to the next;
        one that borrowed its subject from another clause defers to a cue of its sentence with its own."""
        found = [self.speaker_of(p, c) for c in self.cues_near(p, start, end)]
        # a subject named only through a relative pronoun or a group ("indicators that suggest …", "some")
        # yields to a cue's own named subject further off: "rejects any indicators that suggest …, declaring “…”"
        named = [s for s in found if s.name and not s.through_clause] or [s for s in found if s.name]
        if not named:  # an unresolved "he said" still tells that someone was named: keep the hint
            return next((s for s in found if s.pronoun), Speaker(None))
        best = named[0]
        if best.borrowed:
            own = [s for s in named if not s.borrowed and s.sent == best.sent]
            best = own[0] if own else best
        return best

    def speaker_of(self, p: int, cue) -> Speaker:
        key = (p, cue.i)
        if key not in self._cache:
            self._cache[key] = self._speaker_of(p, cue)
        return self._cache[key]

    def _speaker_of(self, p: int, cue) -> Speaker:
        according = cue.lower_ == "according"
        subj = according_to(cue) if according else subject_of(cue)
        borrowed = subj is not None and subj.head.i != cue.i and not according
        verb = None if according else cue.lemma_.lower()
        # named through a relative pronoun or as a group: the model's features see the cue's own subject
        relative = subj is not None and _relative_pronoun(subj)
        through_clause = relative or subj is not None and subj.pos_ == "PRON" and subj.lower_ in INDEFINITE_SOURCES
        if relative:
            subj = _antecedent(subj)  # "Alan Abramowitz, a demographer, who argues ...": Abramowitz argues
        if subj is not None and self.in_quote(p, subj.idx):
            subj = None  # the parser took a word of the quote for the speaker
        if subj is None:
            subj = name_beside(cue, self.quote_ranges.get(p, ()))
        if subj is None:
            return Speaker(None, cue=verb, sent=cue.sent.start)
        if subj.lower_ in PERSON_PRONOUNS:
            gender = PRONOUN_GENDER[subj.lower_]
            name = self.last_of("PERSON", p, _first_pronoun(subj).idx, gender)
            if name:
                self.gender.setdefault(name, Counter())[gender] += 1
            speaker = Speaker(name, cue=verb, kind="PERSON", borrowed=borrowed, sent=cue.sent.start, pronoun=True)
        elif subj.pos_ == "PRON" and subj.lower_ in INDEFINITE_SOURCES:  # "some", "those who …": as written
            speaker = Speaker(group_phrase(subj).text, cue=verb, borrowed=borrowed, sent=cue.sent.start)
        elif subj.pos_ == "PRON":
            return Speaker(None, cue=verb, sent=cue.sent.start)
        else:
            speaker = self._named_speaker(p, subj, verb, borrowed)
            speaker.sent = cue.sent.start
        speaker.through_clause = through_clause
        if speaker.name:
            if speaker.description:
                self.descriptions.setdefault(speaker.name, speaker.description)
            else:
                speaker.description = self.descriptions.get(speaker.name)
            # "Haddad said her boss told her: ..." - the outer speaker is who the text goes on about
            if not through_clause:
                salient = not self._reported_within(p, cue)
                self.mentions.append(Mention(p, cue.idx, speaker.name, speaker.kind, salient))
                self.mentions.sort(key=lambda m: (m.paragraph, m.pos))
        return speaker

    def _named_speaker(self, p: int, subj, verb: str | None, borrowed: bool) -> Speaker:
        name, desc, person = name_and_description(subj)
        kind = "PERSON" if person else "OTHER"
        if _is_title(name) and name_key(name) not in self.full_names:
            earlier = self.last_of("PERSON", p, subj.idx)
            if earlier:
                return Speaker(earlier, desc or name, verb, "PERSON", borrowed)
        if person or name_key(name) in self.full_names:
            name, kind = self.full_names.get(name_key(name), name), "PERSON"
        elif name in self.acronyms:
            name, kind = self.acronyms[name], "ORG"
        elif subj.pos_ in ("NOUN", "ADJ") and _definite(subj) and subj.tag_ != "NNS":  # "the lawmakers" stay a group
            stands_for = _described_kind(subj)
            earlier = self._described(stands_for, p, subj) if stands_for else None
            if earlier:
                desc, name, kind = desc or name, earlier, stands_for
        agent = kind != "OTHER" or subj.pos_ == "PROPN" or _described_kind(subj) is not None
        return Speaker(name, desc, verb, kind, borrowed, agent=agent)

    def _described(self, kind: str, p: int, subj) -> str | None:
        """Who a definite description stands for. "The company" is not any organisation named last (NER
        names brands, places and papers as ORG): one whose name holds the noun ("the bank": "Deutsche
        Bank"), else one that spoke or was a main clause's subject ("Goldman Sachs said ... the bank ...")."""
        if kind != "ORG":
            return self.last_of(kind, p, subj.idx)
        named = self.last_of(kind, p, subj.idx, word=subj.lemma_.lower())
        return named or self.last_of(kind, p, subj.idx, salient=True)

    def subject_before(self, p: int, start: int) -> Speaker:
        """Who the paragraph was about just before an unattributed quote: "He is more emphatic
        when discussing Ukraine. “We should ...”" - the last main-clause person subject."""
        doc = self.docs[p]
        for tok in reversed([t for t in doc if t.idx < start and not self.in_quote(p, t.idx)]):
            if tok.dep_ in SUBJECT_DEPS and tok.head.dep_ == "ROOT":
                if tok.lower_ in PRONOUN_GENDER and tok.lower_ in ("he", "she"):
                    name = self.last_of("PERSON", p, _first_pronoun(tok).idx, PRONOUN_GENDER[tok.lower_])
                    return Speaker(name, kind="PERSON", pronoun=True)
                if tok.pos_ == "PROPN" and name_key(tok.text) in self.full_names:
                    return Speaker(self.full_names[name_key(tok.text)], kind="PERSON")
                return Speaker(None)
        return Speaker(None)

    def mentioned_in(self, p: int, kind: str = "PERSON") -> bool:
        return any(m.paragraph == p and m.kind == kind for m in self.mentions)

    def _reported_within(self, p: int, cue) -> bool:
        """Whether the cue sits inside another speaker's report (a speech verb above it, outside quotes)."""
        tok = cue
        while tok.head.i != tok.i:
            tok = tok.head
            if tok.lemma_.lower() in SPEECH_VERBS and not self.in_quote(p, tok.idx):
                return True
        return False

    def last_of(self, kind: str, p: int, pos: int, gender: str | None = None, word: str | None = None,
                salient: bool = False) -> str | None:
        """The person (or organisation) named last before (p, pos), outside quotes, fullest form;
        a speaker or main-clause subject before one named only in passing; one whose name holds `word`
        if given, a speaker or subject only if `salient`."""
        best = best_salient = None
        for m in self.mentions:
            if (m.paragraph, m.pos) >= (p, pos):
                break
            if word and word not in WORD.findall(m.name.lower()) or salient and not m.salient:
                continue
            votes = self.gender.get(self.full_names.get(name_key(m.name), m.name), Counter())
            if gender and votes[_OTHER_GENDER[gender]] > votes[gender]:
                continue  # "she" is not the person mostly called "he" so far
            if m.kind == kind and p - m.paragraph <= MAX_RESOLVE_PARAGRAPHS:
                best = m.name
                best_salient = m.name if m.salient else best_salient
        best = best_salient or best
        if best and kind == "PERSON":
            return self.full_names.get(name_key(best), best)
        return best


def _named(doc):
    """(name, start, kind) for every named thing in the doc: NER if it ran, else proper nouns."""
    if doc.has_annotation("ENT_IOB"):
        for ent in doc.ents:
            # a name has a capital: NER's lower-case "lesson" PERSON is no one a pronoun can mean
            if ent.label_ in NAME_TYPES and any(t.text[:1].isupper() for t in ent):
                kind = ent.label_ if ent.label_ in ("PERSON", "ORG") else "OTHER"
                salient = ent.root.dep_ in SUBJECT_DEPS and ent.root.head.dep_ == "ROOT"
                part = without_verbs(ent, ent.root)  # "Certainly Donald Trump" of a headline: "Donald Trump"
                yield clean_name(part.text), part.start_char, kind, salient
        return
    for tok in doc:
        if tok.pos_ == "PROPN" and tok.dep_ in SUBJECT_DEPS:
            chain = propn_chain(tok)
            yield chain.text, chain.start_char, "PERSON" if len(chain) > 1 else "OTHER", tok.head.dep_ == "ROOT"


def _first_pronoun(tok):
    """The sentence's first personal pronoun: in "Asked whether he would ... his donor, Mr Jones, he said"
    both pronouns are one person, and only what came before the first can be that person."""
    for t in tok.sent:
        if PRONOUN_GENDER.get(t.lower_) == PRONOUN_GENDER[tok.lower_]:
            return t
    return tok


def _is_title(name: str) -> bool:
    """"US President", "Prime Minister": a title standing where a name would."""
    words = name.split()
    return bool(words) and words[-1].lower() in TITLE_NOUNS


def _definite(tok) -> bool:
    """"the bank", not "the Trump administration": a phrase with a name in it names itself."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children) \
        and not any(c.pos_ == "PROPN" for c in tok.lefts)


def _described_kind(tok) -> str | None:
    """Whether a description ("the bank", "the 36-year-old") stands for an organisation or a person."""
    word = tok.lower_ if tok.tag_ not in ("NNS", "NNPS") else tok.lemma_.lower()  # "observers" -> observer
    if word in TITLE_NOUNS:
        return "PERSON"
    if tok.lemma_.lower() in ORG_NOUNS:
        return "ORG"
    if word in PERSON_NOUNS or word.endswith(PERSON_NOUN_SUFFIXES) and word not in NOT_PERSON_NOUNS \
            and not word.endswith(NOT_PERSON_SUFFIX):
        return "PERSON"
    return None


def _relative_pronoun(tok) -> bool:
    """"who", "which" or "that" as the subject of a relative clause."""
    return tok.lower_ in ("who", "which", "that") and tok.pos_ == "PRON" and tok.head.dep_ == "relcl" \
        and tok.i < tok.head.i


def _antecedent(rel):
    """What a relative clause's pronoun stands for: the noun the clause hangs from, or the name that
    noun stands beside ("Alan Abramowitz, a demographer at Emory, who ...")."""
    noun = rel.head.head
    if noun.i == rel.head.i:
        return None
    if rel.lower_ == "who":  # a person: up from "at Emory University" to whom it describes
        while noun.dep_ in ("pobj", "prep", "appos", "compound") and noun.head.i != noun.i:
            noun = noun.head
    elif noun.dep_ == "appos" and noun.head.pos_ in ("PROPN", "NOUN", "PRON"):
        noun = noun.head
    return noun
