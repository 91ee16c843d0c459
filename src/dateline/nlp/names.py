"""Names in a parsed sentence: the proper-noun run around a token, a subject phrase split into
the name and what the phrase says about it ("Rania Haddad, research director at ..."), and the
subject or the 'according to' object of a speech verb.
"""
from __future__ import annotations

import re

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# clause links to climb when a cue has no subject of its own ("Haddad said ..., while noting ...")
SHARED_SUBJECT_DEPS = ("advcl", "xcomp", "conj", "pcomp")
# links from a noun or adjective cue up to the verb whose subject holds what it reports
HOLDER_DEPS = ("dobj", "pobj", "attr", "acomp", "prep", "conj", "appos")
# how many clause links to climb for a subject before giving up
MAX_CLIMB = 4
# how many tokens before a cue a speaker's name may start: "X, a long description, said"
MAX_NAME_GAP = 16
# a subject phrase without a name is given whole ("Dozens of writers, artists and academics") up to this
MAX_PHRASE_TOKENS = 10
# what ends a phrase as written: an aside or a second clause follows
PHRASE_BREAKS = frozenset(",;:()—–")
NAME_TYPES = ("PERSON", "ORG", "NORP", "GPE")
# parts of speech that end a name: a verb or an adverb capitalised by a headline is not part of it
NOT_IN_NAME = frozenset({"VERB", "ADV", "AUX"})


def clean_name(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    return re.sub(r"[’']s$", "", text).strip()


def name_beside(cue, quote_ranges):
    """A proper noun right before the cue (after any quote) or right after it: “…,” X said / said X."""
    doc = cue.doc

    def outside(t):
        return not any(s <= t.idx < e for s, e in quote_ranges)

    start = max(cue.sent.start, cue.i - MAX_NAME_GAP)
    for t in doc[start:cue.i]:
        if not outside(t) or t.text in "”\"»":
            start = t.i + 1  # only what follows the last quote before the cue
    for t in reversed(doc[start:cue.i]):  # nearest first: "X, analyst at the Y Group, told"
        if _could_speak(t):
            return t
    after = doc[cue.i + 1:min(cue.sent.end, cue.i + 4)]
    return next((t for t in after if _could_speak(t) and outside(t)), None)


def _could_speak(tok) -> bool:
    """A proper noun that names a person, not a place or a firm, nor a noun's modifier ("Truth Social platform")."""
    return tok.pos_ == "PROPN" and tok.ent_type_ in ("", "PERSON") \
        and not (tok.dep_ == "compound" and tok.head.pos_ == "NOUN")


def subject_of(cue):
    if cue.pos_ in ("NOUN", "ADJ"):
        return _holder(cue)
    agent = _agent(cue)
    if agent is not None:
        return agent
    tok = cue
    for _ in range(MAX_CLIMB):
        subj = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if subj:
            return next((c for c in subj if c.pos_ == "PROPN"), subj[0])
        if tok.dep_ == "xcomp":
            objs = [c for c in tok.head.children if c.dep_ == "dobj" and c.pos_ in ("PROPN", "PRON")]
            if objs:  # a named object only: "used his platform to criticise" is the user's criticism
                return objs[0]  # object control: "inspired the governor to urge ...", "led the lab to conclude ..."
        if tok.dep_ == "pcomp":  # "dodged questions on whether ..., pledging to ...": up to the verb
            while tok.head.i != tok.i and tok.head.pos_ in ("ADP", "NOUN", "PROPN", "VERB") and tok.pos_ != "AUX":
                tok = tok.head
                if tok.pos_ == "VERB":
                    break
            continue
        if tok.dep_ in SHARED_SUBJECT_DEPS and tok.head.i != tok.i:
            tok = tok.head
            continue
        if tok.dep_ == "acl" and tok.head.dep_ in ("dobj", "pobj", "attr"):
            tok = tok.head.head  # "signed a petition urging ...": the signers urge
            continue
        return None
    return None


def _holder(cue):
    """Whose a noun's or an adjective's report is: its possessor ("[Trump]'s call for a ban"), else the subject
    of the verb it hangs from ("[Christie] repeated accusations that ...", "[Cruz] has been aware that ...")."""
    poss = next((c for c in cue.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    tok = cue
    for _ in range(MAX_CLIMB):
        if tok.dep_ not in HOLDER_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return subject_of(tok)
    return None


def _agent(verb):
    """The "by" phrase of a passive verb whose subject is a thing, not a person: "[O'Malley's move] was
    first reported by [MSNBC]" (a person as subject keeps the old reading: "he was quoted by the paper")."""
    if not any(c.dep_ == "nsubjpass" and c.pos_ == "NOUN" for c in verb.children):
        return None
    for by in verb.children:
        if by.dep_ == "agent":
            return next((c for c in by.children if c.dep_ == "pobj"), None)
    return None


def according_to(cue):
    for to in cue.children:
        if to.lower_ == "to":
            objs = [c for c in to.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
    return None


def propn_chain(tok):
    """The run of proper nouns around tok ("Omar Al-Haddad"), hyphens inside included."""
    doc = tok.doc

    def same(t):  # a proper noun of the same entity: the run stops where NER says another begins
        return t.pos_ == "PROPN" and t.ent_type_ == tok.ent_type_

    i = j = tok.i
    while i > 0 and (same(doc[i - 1]) or doc[i - 1].text == "-" and i > 1 and same(doc[i - 2])):
        i -= 1
    while j + 1 < len(doc) and (same(doc[j + 1]) or doc[j + 1].text == "-" and j + 2 < len(doc) and same(doc[j + 2])):
        j += 1
    return doc[i:j + 1]


def _ent_of(tok):
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in NAME_TYPES:
            return ent
    return None


def without_verbs(span, head):
    """The part of a name span around its head that holds no verb or adverb: a headline's capitals run
    words into names ("Certainly Donald Trump", "Clinton Slams Donald Trump", "Hosting Cook")."""
    doc = span.doc
    if head.pos_ in NOT_IN_NAME:  # the parser rooted the run at its verb: the name is the proper nouns after it
        head = next((t for t in reversed(span) if t.pos_ == "PROPN"), head)
    start, end = head.i, head.i + 1
    while start > span.start and doc[start - 1].pos_ not in NOT_IN_NAME:
        start -= 1
    while end < span.end and doc[end].pos_ not in NOT_IN_NAME:
        end += 1
    return doc[start:end]


def name_and_description(subj) -> tuple[str, str | None, bool]:
    """The name in a subject phrase and what the phrase says about it (title, organisation)."""
    name_tok = subj
    doc = subj.doc
    if subj.pos_ != "PROPN":
        for c in subj.children:
            if c.dep_ in ("appos", "conj") and c.pos_ == "PROPN":
                name_tok = c
                break
        else:
            if subj.i + 1 < len(doc) and doc[subj.i + 1].pos_ == "PROPN":
                name_tok = doc[subj.i + 1]  # "the victim's uncle Omar"
            else:  # "the former editor of the Post, Jane Doe": the parser hangs the name on "Post"
                name_tok = next((t for t in subj.subtree if t.dep_ == "appos" and t.pos_ == "PROPN"
                                 and t.ent_type_ in ("", "PERSON")), subj)
    if name_tok.pos_ == "PROPN":
        ent = _ent_of(name_tok)
        span = without_verbs(ent if ent is not None else propn_chain(name_tok), name_tok)
        # a proper-noun subject of a speech verb is a person unless NER says otherwise
        person = ent is None or ent.label_ == "PERSON"
        name = clean_name(span.text)
    else:
        span = _noun_phrase(subj)
        name, person = span.text, False
    return name, _description(subj, span), person


def group_phrase(tok):
    """An indefinite pronoun's phrase as written, its clause kept and cut at a comma or a dash: "Some in
    the party", "those who have sketched out paths" (the pronoun alone names no one)."""
    sub = [t for t in tok.subtree if not (t.i < tok.i and t.dep_ in ("advmod", "cc", "punct"))]  # "Even those"
    end = next((t.i for t in sub if t.i > tok.i and t.text in PHRASE_BREAKS), sub[-1].i + 1)
    return tok.doc[sub[0].i:min(end, sub[0].i + MAX_PHRASE_TOKENS)]


def _noun_phrase(tok):
    """The subject phrase without clauses: "the minister's office", "Dozens of writers"."""
    sub = [t for t in tok.subtree if not _under(t, tok, ("relcl", "acl", "appos")) and not _when(t, tok)]
    span = tok.doc[sub[0].i:sub[-1].i + 1]
    if len(span) > MAX_PHRASE_TOKENS:
        left = [c for c in tok.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "case", "nmod")]
        start = min([tok.i] + [t.i for c in left for t in c.subtree])
        span = tok.doc[start:tok.i + 1]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
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
        if all(t.is_stop or t.is_punct for t in run) or run[0].pos_ == "ADP" and any(
                t.ent_type_ in ("DATE", "TIME") for t in run):
            continue  # "the", "on Tuesday": nothing said about who speaks
        text = doc[run[0].i:run[-1].i + 1].text.strip(" ,;:—–-“”\"")
        text = re.sub(r"^(?:and|or)\s+|\s+(?:and|or)$|[’']s$", "", text).strip(" ,")
        if text.count("(") > text.count(")"):
            text += ")"  # the parser hangs a closing bracket on the clause, not the phrase
        if len(text) > 2 and any(ch.isalpha() for ch in text):
            parts.append(text)
    return ", ".join(parts) or None


def _when(tok, root) -> bool:
    """Whether tok belongs to a time phrase hung on the subject: "Trump's campaign on Tuesday"."""
    while tok.i != root.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree):
            return True
        tok = tok.head
    return False


def _under(tok, root, deps) -> bool:
    while tok.i != root.i and tok.head.i != tok.i:
        if tok.dep_ in deps:
            return True
        tok = tok.head
    return False
