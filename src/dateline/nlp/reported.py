"""Reported speech from the dependency parse: every (cue, source, content) a verb could carry, scored.

A candidate is a verb outside quotation marks with what it reports: a clause ("said [that] the plan
failed", "the plan failed, she said"), an infinitive ("urged Congress to act"), an object ("denied the
claims", "reported no arrests"), the object with what follows it ("accused the party of lying"), a
topic ("warned of a crisis", "referring to the convention"), the clause the verb is set into ("The plan, he
said, would fail"), a passive verb's subject ("[the move] was first reported by MSNBC"); a noun's or an
adjective's clause or topic ("the claim [that ...]", "his call for [a ban]", "aware [that ...]"); or the
sentence around "according to".
Which of them are attributions is learned (`make train`, tools/train_quotes.py) from political news
annotated attribution by attribution: the model sees the cue's lemma (through how often the
training data attributed with it), the shape of the content and of the source. Without a model file
the rule stands in: a communication or cognition verb with a clause.
"""
from __future__ import annotations

import math
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).parent / "models" / "reported.json"
# verbs of saying and writing, and of thinking and knowing, that report what someone holds true
COMMUNICATION = frozenset("""
say tell add ask warn explain note write state claim insist argue vow urge describe hail report
announce promise pledge declare stress emphasize emphasise acknowledge admit suggest recall reply
respond conclude comment complain caution confirm deny tweet post lament observe concede
contend remark reveal maintain assert accuse cite question wonder joke recount testify mention
demand quip plead counter echo allege reiterate underline highlight agree disagree predict
call speak concur refer criticise criticize express recommend snap retort exclaim shout whisper
blame charge dismiss threaten propose signal indicate show estimate boast brag point
""".split())
COGNITION = frozenset("believe think know feel expect hope fear worry suspect doubt assume consider "
                      "understand realize realise recognize recognise insist conclude decide agree".split())
# where the content sits relative to the cue, in the order of the feature vector
KINDS = ("clause", "clause_before", "infinitive", "object", "topic", "according", "object_rest",
         "noun_clause", "noun_topic", "passive_subject", "parataxis")
# what may follow a verb's object and belong with it to what is reported ("accused [the party of lying]",
# "called [him a “stiff”]", "cast [her as an agent of ...]", "thanked [them for supporting him]")
REST_DEPS = frozenset({"prep", "oprd", "xcomp", "ccomp", "advcl", "dative"})
TOPIC_PREPS = frozenset({"about", "of", "on", "over", "against", "for"})
# a verb's topic also after these ("referring to [the convention]", "pointed to [his record]", "took aim at
# [the plan]", "sided with [the rebels]"): 183 of polnear's attributions no candidate matched
VERB_ONLY_PREPS = frozenset({"to", "at", "with"})
# a noun or adjective reports what follows these ("his call [for a ban]", "critical [of the deal]", "the
# claim [that ...]"): about 560 of the attributions no candidate matched had a noun or adjective as cue
NOUN_PREPS = frozenset({"about", "of", "on", "over", "against", "for", "to"})
SUBJECT_KINDS = ("none", "person_pronoun", "other_pronoun", "proper", "noun")
CUE_TAGS = ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB")
CUE_DEPS = ("ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "acl", "parataxis")
MODALS = frozenset("would could will can may might should must".split())
# without a model: a clause this long (alpha words) at least, under a communication or cognition verb
MIN_RULE_WORDS = 4
# kinds of content that end before a relative clause set off by a comma (`_before_aside`); a clause
# fronted before its cue and the sentence around "according to" keep theirs (8 and 6 gold matches lost
# by the cut, none and 3 gained)
ASIDE_KINDS = frozenset({"clause", "infinitive", "object", "topic"})
QUOTE_CLOSERS = frozenset({"”", '"', "’", "'"})
# a quotation covering this share of a reported clause's words is the record itself (a direct quote)
QUOTE_IS_CONTENT = 0.8


@dataclass
class Candidate:
    paragraph: int
    cue: Any  # the spaCy token
    kind: str
    start: int  # token offsets of the content in the paragraph's Doc
    end: int
    subject: Any = None
    score: float = 0.0

    def span(self):
        return self.cue.doc[self.start:self.end]


def _trim(doc, s: int, e: int) -> tuple[int, int]:
    """Punctuation off both ends; a leading "that" stays (annotators take the complementizer in:
    2,327 of polnear's 16,816 indirect attributions open with it, 38 leave out one standing before)."""
    while s < e and (doc[s].is_punct or doc[s].is_space or doc[s].lower_ == "--"):
        s += 1
    while e > s and (doc[e - 1].is_punct and doc[e - 1].text not in ("”", '"', "’", "'") or doc[e - 1].is_space):
        e -= 1
    return s, e


def _subtree_span(tok) -> tuple[int, int]:
    sub = list(tok.subtree)
    return sub[0].i, sub[-1].i + 1


def candidates_of(doc, p: int, in_quote) -> list[Candidate]:
    """Every candidate attribution of one paragraph's Doc; `in_quote(p, char)` tells quoted text."""
    out = []
    for tok in doc:
        if in_quote(p, tok.idx):
            continue
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            span = _according_span(tok)
            if span:
                out.append(Candidate(p, tok, "according", *span))
            continue
        if tok.pos_ in ("NOUN", "ADJ"):
            out += _nominal(doc, p, tok)
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
            continue
        for c in tok.children:
            kind = None
            if c.dep_ == "ccomp":
                kind = "clause" if c.i > tok.i else "clause_before"
            elif c.dep_ == "xcomp" and c.i > tok.i and any(a.lower_ == "to" for a in c.children):
                kind = "infinitive"
            elif c.dep_ == "dobj" and c.i > tok.i:
                kind = "object"
            elif c.dep_ == "prep" and c.i > tok.i and (c.lower_ in TOPIC_PREPS or c.lower_ in VERB_ONLY_PREPS):
                kind = "topic"
            elif c.dep_ == "nsubjpass" and c.i < tok.i:
                kind = "passive_subject"  # "[O'Malley's move] was first reported by MSNBC"
            if kind is None:
                continue
            s, e = _subtree_span(c)
            if kind == "topic":
                s += 1  # "warned of a crisis": the crisis
            if kind == "clause_before" and e > tok.i:
                e = tok.i
            if kind == "clause":
                e = _through_quote(doc, p, e, in_quote)
            if kind in ASIDE_KINDS:
                e = _before_aside(doc, s, e)
            s, e = _trim(doc, s, e)
            if e - s >= 1:
                out.append(Candidate(p, tok, kind, s, e))
        rest = _object_rest(doc, tok)
        if rest:
            out.append(Candidate(p, tok, "object_rest", *rest))
        if tok.dep_ == "parataxis" and tok.head.i != tok.i:
            span = _around(doc, tok)
            if span:
                out.append(Candidate(p, tok, "parataxis", *span))
    return out


def _nominal(doc, p: int, tok) -> list[Candidate]:
    """What a noun or adjective reports: a clause ("the claim [that ...]", "confident [that ...]", "plans [to
    spend ...]") or a topic ("his call for [a ban]", "critical of [the deal]")."""
    out = []
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX") and any(
                k.dep_ in ("mark", "aux") and k.lower_ in ("that", "to", "whether") for k in c.children):
            kind = "noun_clause"
            s, e = _subtree_span(c)
        elif c.dep_ == "prep" and c.lower_ in NOUN_PREPS:
            kind = "noun_topic"
            s, e = _subtree_span(c)
            s += 1
        else:
            continue
        e = _before_aside(doc, s, e)
        s, e = _trim(doc, s, e)
        if e - s >= 1:
            out.append(Candidate(p, tok, kind, s, e))
    return out


def _before_aside(doc, s: int, e: int) -> int:
    """The content's end before a relative clause set off by a comma that runs to that end: the writer's
    aside about a name or a thing ("the emails were exchanges between Carter and Eric Fanning[, who was his
    chief of staff at the time]"), which annotators leave out more often than not (polnear, accepted
    candidates whose gold match changes with the cut: 100 match only without it, 69 only with it; a
    restrictive relative clause, without the comma, is kept: 67 against 600)."""
    end = e
    while end > s and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in QUOTE_CLOSERS:
        end -= 1
    for t in doc[s:e]:
        if t.dep_ != "relcl" or not s <= t.head.i < t.i:
            continue
        a, b = _subtree_span(t)
        if a > s + 1 and a > t.head.i and doc[a - 1].text == "," and b >= end:
            return a - 1
    return e


def _through_quote(doc, p: int, e: int, in_quote) -> int:
    """A clause that ends inside a quotation running on past its sentence ends with the quotation:
    'said the tone “was because ... . And so it was ...”' is one attribution."""
    if e < 1 or not in_quote(p, doc[e - 1].idx):
        return e
    j = e
    while j < len(doc) and (in_quote(p, doc[j].idx) or doc[j].is_space):
        j += 1
    if j <= doc[e - 1].sent.end:
        return e  # the quotation closes within the sentence: the parse's extent stands
    if j < len(doc) and doc[j].text in ("”", '"'):
        j += 1
    return j


def _around(doc, cue) -> tuple[int, int] | None:
    """A cue set into what it reports ("The plan, he said, failed"; "The plan failed, he said"): the head's
    clause without the cue's words where they stand at either end, else with them."""
    s, e = _subtree_span(cue.head)
    cs, ce = _subtree_span(cue)
    if ce >= e - 1:
        e = cs
    elif cs <= s + 1:
        s = ce
    s, e = _trim(doc, s, e)
    return (s, e) if e - s >= 2 else None


def _object_rest(doc, verb) -> tuple[int, int] | None:
    """The verb's object with what follows it to the end of the verb's right side: "accused [the party
    of lying]", "called [him a “stiff”]"; None when nothing follows the object."""
    right = [c for c in verb.children if c.i > verb.i]
    obj = next((c for c in right if c.dep_ in ("dobj", "dative")), None)
    if obj is None:
        return None
    after = [c for c in right if c.i > obj.i and c.dep_ in REST_DEPS]
    if not after:
        return None
    s, _ = _subtree_span(obj)
    _, e = _subtree_span(after[-1])
    e = _before_aside(doc, s, e)
    s, e = _trim(doc, s, e)
    return (s, e) if e - s >= 2 else None


def _according_span(cue) -> tuple[int, int] | None:
    """The sentence around "according to X", without that phrase: the longer side of it."""
    sent = cue.sent
    phrase = list(cue.subtree)
    a, b = phrase[0].i, phrase[-1].i + 1
    doc = cue.doc
    s, e = (sent.start, a) if a - sent.start >= sent.end - b else (b, sent.end)
    s, e = _trim(doc, s, e)
    return (s, e) if e > s else None


def kind_key(lemma: str, kind: str) -> str:
    """The key of a lemma's attribution rate with one kind of content: "tell" mostly offers its addressee as
    its object ("told [reporters]") but what was said as its clause."""
    return f"{lemma}|{kind}"


def feature_names() -> list[str]:
    return (["lemma_rate", "lemma_seen", "lemma_kind_rate", "lemma_kind_seen", "communication", "cognition"]
            + [f"kind={k}" for k in KINDS]
            + ["words", "own_subject", "opens_that", "opens_wh", "quoted_share", "has_quote_mark"]
            + [f"subject={k}" for k in SUBJECT_KINDS] + ["speaker_named", "speaker_person", "speaker_org"]
            + [f"tag={t}" for t in CUE_TAGS] + [f"dep={d}" for d in CUE_DEPS]
            + ["negated", "modal", "passive", "content_root_verb", "content_root_noun", "cue_in_relcl",
               "cue_position", "content_before", "sentence_words", "content_is_sentence_rest"]
            + list(CONTEXT_FEATURES))


# what a candidate's neighbours tell of it (`context_rows`): how many contents its cue offers, whether
# one of them is a clause and whether this one is the longest; whether another cue of the sentence
# reports a clause with a speech verb, how many other cues' contents hold it and how many it holds;
# where it starts and ends (the sentence's start, the paragraph's end, before a comma), whether it is or
# opens with a proper name, its share of the sentence and its paragraph's place in the article
CONTEXT_FEATURES = ("cue_contents", "cue_has_clause", "longest_of_cue", "sentence_speech_clause",
                    "inside_others", "holds_others", "starts_sentence", "ends_paragraph", "before_comma",
                    "content_root_proper", "opens_proper", "sentence_share", "paragraph_position")


def features(c: Candidate, speaker, quoted_share: float, lemma_rates: dict, prior: float) -> list[float]:
    cue, doc = c.cue, c.cue.doc
    lemma = "according" if c.kind == "according" else cue.lemma_.lower()
    rate, seen = lemma_rates.get(lemma, (prior, 0))
    kind_rate, kind_seen = lemma_rates.get(kind_key(lemma, c.kind), (rate, 0))
    span = doc[c.start:c.end]
    words = sum(t.is_alpha for t in span)
    root = span.root
    subj = c.subject
    if subj is None:
        sk = "none"
    elif subj.pos_ == "PRON":
        sk = "person_pronoun" if subj.lower_ in ("he", "she", "i", "we", "they") else "other_pronoun"
    else:
        sk = "proper" if subj.pos_ == "PROPN" else "noun"
    first = doc[c.start].lower_ if c.start < len(doc) else ""
    opener = doc[c.start - 1].lower_ if c.start > 0 else ""
    sent = cue.sent
    kids = list(cue.children)
    row = [rate, math.log1p(seen), kind_rate, math.log1p(kind_seen), lemma in COMMUNICATION, lemma in COGNITION]
    row += [c.kind == k for k in KINDS]
    row += [math.log1p(words), any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in root.children),
            opener == "that" or first == "that", first in ("whether", "if", "how", "why", "what", "who", "when"),
            quoted_share, any(t.text in ("“", "”", '"') for t in span)]
    row += [sk == k for k in SUBJECT_KINDS]
    own = speaker is not None and not speaker.through_clause  # what the cue's own subject names
    row += [own and speaker.name is not None, own and speaker.kind == "PERSON", own and speaker.kind == "ORG"]
    row += [cue.tag_ == t for t in CUE_TAGS] + [cue.dep_ == d for d in CUE_DEPS]
    row += [any(k.dep_ == "neg" for k in kids), any(k.lower_ in MODALS for k in kids),
            any(k.dep_ in ("nsubjpass", "auxpass") for k in kids), root.pos_ in ("VERB", "AUX"),
            root.pos_ in ("NOUN", "PROPN", "PRON"), cue.dep_ == "relcl" or cue.head.dep_ == "relcl",
            (cue.i - sent.start) / max(1, len(sent)), c.start < cue.i, math.log1p(len(sent)),
            c.end >= sent.end - 1 and c.start > cue.i]
    return [float(v) for v in row]


def context_rows(cands: list[Candidate], n_paragraphs: int) -> list[list[float]]:
    """The CONTEXT_FEATURES of each of one article's candidates, in their order."""
    by_cue: dict[tuple[int, int], list[Candidate]] = {}
    by_sent: dict[tuple[int, int], list[Candidate]] = {}
    for c in cands:
        by_cue.setdefault((c.paragraph, c.cue.i), []).append(c)
        by_sent.setdefault((c.paragraph, c.cue.sent.start), []).append(c)
    rows = []
    for c in cands:
        doc, sent = c.cue.doc, c.cue.sent
        mine = by_cue[(c.paragraph, c.cue.i)]
        others = [o for o in by_sent[(c.paragraph, sent.start)]
                  if o.cue.i != c.cue.i and (o.start, o.end) != (c.start, c.end)]
        speech = any(o.kind in ("clause", "clause_before") and o.cue.lemma_.lower() in COMMUNICATION for o in others)
        rows.append([float(v) for v in (
            len(mine), any(o.kind in ("clause", "clause_before", "infinitive") for o in mine),
            c.end - c.start >= max(o.end - o.start for o in mine), speech,
            sum(o.start <= c.start and c.end <= o.end for o in others),
            sum(c.start <= o.start and o.end <= c.end for o in others),
            c.start <= sent.start, c.end >= len(doc) - 1, c.end < len(doc) and doc[c.end].text == ",",
            doc[c.start:c.end].root.pos_ == "PROPN", doc[c.start].pos_ == "PROPN",
            (c.end - c.start) / max(1, len(sent)), c.paragraph / max(1, n_paragraphs))])
    return rows


class ReportedModel:
    """The shipped scorer: a tree ensemble over `features`, the lemma rates it was trained with, its threshold."""

    def __init__(self, spec: dict):
        from ..layout.model import TreeEnsemble

        if spec.get("features") != feature_names():
            raise ValueError("the reported-speech model was trained on other features: run `make train`")
        self.trees = TreeEnsemble(spec)
        self.threshold = float(spec["threshold"])
        self.prior = float(spec["prior"])
        self.lemma_rates = {k: tuple(v) for k, v in spec["lemma_rates"].items()}

    def score(self, rows: list[list[float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        return self.trees.predict_proba(np.asarray(rows, dtype=float))


@lru_cache(maxsize=4)
def _load(path: str) -> ReportedModel | None:
    p = Path(path)
    if not p.exists():
        return None
    return ReportedModel(json.loads(p.read_text(encoding="utf-8")))


def load_model() -> ReportedModel | None:
    """The shipped model, or the one `DATELINE_REPORTED_MODEL` names (used by the k-fold evaluation)."""
    return _load(os.environ.get("DATELINE_REPORTED_MODEL", str(MODEL_PATH)))


def rule_accepts(c: Candidate) -> bool:
    lemma = "according" if c.kind == "according" else c.cue.lemma_.lower()
    words = sum(t.is_alpha for t in c.span())
    return (lemma in COMMUNICATION or lemma in COGNITION or c.kind == "according") \
        and c.kind in ("clause", "clause_before", "according") and words >= MIN_RULE_WORDS
