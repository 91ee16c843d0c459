"""Quotes as records: direct quotes with their speaker, and indirect ("X said that ...") ones."""
from __future__ import annotations

import re

from ..record import Quote
from .quotes import QuoteSpan
from .speakers import Attributor, Speaker, name_key

# a quote with no cue of its own continues the last speaker's words if that quote was this
# close before it (paragraphs): "“…,” he said." followed by a paragraph of quote only
MAX_INHERIT_GAP = 1
# reported speech shorter than this (words) is a fragment, not a statement
MIN_INDIRECT_WORDS = 4
# a quoted phrase this short with no speech verb in its sentence is a term or a scare quote
# ("what it calls a “family plan”", "an even “darker” dark mode"), not someone's words
MAX_TERM_WORDS = 3
# a quoted phrase up to this long that modifies the noun after it is a label, not speech
# ("a new “quick edit” feature", "there is no “No, I'd rather not” option")
MAX_MODIFIER_WORDS = 6
# questions answered by a paragraph of quote that make an article an interview (one is chance)
MIN_ANSWERS = 2
NAME_WORD = re.compile(r"\b[A-Z][\w’'-]+")


def direct_quotes(spans: list[QuoteSpan], att: Attributor, body: list[str], headline: str | None = None) -> list[Quote]:
    quotes: list[Quote] = []
    interviewee = _interviewee(spans, att, body, headline)
    for qs in spans:
        p = qs.paragraph
        words = len(qs.text.split())
        if words <= MAX_TERM_WORDS and not qs.at_start and not att.has_cue_in_sentence(p, qs.start, qs.end):
            continue
        if words <= MAX_MODIFIER_WORDS and not qs.at_start and att.modifies_noun(p, qs.start, qs.end):
            continue
        speaker = att.attribute(p, qs.start, qs.end)
        if speaker.name is None and not speaker.pronoun and not qs.at_start:
            speaker = att.subject_before(p, qs.start)
        if interviewee and speaker.pronoun:
            # in a question-and-answer piece the writer's "he said" is the one being interviewed
            speaker = Speaker(interviewee, cue=speaker.cue)
        if speaker.name is None and p > 0 and body[p - 1].rstrip().endswith(":") and qs.at_start:
            speaker = att.attribute(p - 1, len(body[p - 1]), len(body[p - 1]))  # "He added:" ¶ “…”
        last = quotes[-1] if quotes else None
        inherit = last is not None and last.speaker is not None and p - last.paragraph <= MAX_INHERIT_GAP \
            and (qs.continued or qs.at_start)
        if speaker.name is None and inherit:
            speaker = Speaker(last.speaker, last.speaker_description, last.cue)
        elif speaker.name is None and qs.at_start and interviewee:
            speaker = Speaker(interviewee)  # an answer in a question-and-answer piece
        elif speaker.name is None and qs.at_start and p > 0:
            # a paragraph of quote alone after a paragraph about someone: that person speaks
            speaker = Speaker(att.last_of("PERSON", p, 0) if att.mentioned_in(p - 1) else None)
        quotes.append(Quote(text=qs.text, speaker=speaker.name, speaker_description=speaker.description,
                            cue=speaker.cue, type="direct", paragraph=p, start=qs.start, end=qs.end))
    return quotes


def _interviewee(spans: list[QuoteSpan], att: Attributor, body: list[str], headline: str | None) -> str | None:
    """The person a question-and-answer piece interviews: named in the headline, in an article where
    at least MIN_ANSWERS paragraphs that ask a question are answered by a paragraph of quote."""
    if not headline:
        return None
    opens = {qs.paragraph for qs in spans if qs.at_start}
    answers = sum(1 for p in opens if p > 0 and body[p - 1].rstrip().endswith("?") and not any(
        qs.paragraph == p - 1 for qs in spans))
    if answers < MIN_ANSWERS:
        return None
    for word in NAME_WORD.findall(headline):
        full = att.full_names.get(name_key(word))
        if full and name_key(full) == name_key(word):
            return full
    return None


def indirect_quotes(att: Attributor) -> list[Quote]:
    """Reported speech: the content clause of a speech verb, or the rest of an 'according to' sentence."""
    quotes: list[Quote] = []
    for p in range(len(att.docs)):
        for cue in att.cues(p):
            if cue.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in cue.children):
                continue  # "Asked whether ..., he said": the question is not his statement
            span = _according_content(cue) if cue.lower_ == "according" else _clause_content(cue)
            if span is None or len([t for t in span if t.is_alpha]) < MIN_INDIRECT_WORDS:
                continue
            start, end = span.start_char, span.end_char
            if any(s < end and start < e for s, e in att.quote_ranges.get(p, ())):
                continue  # the direct quote it frames is the record
            speaker = att.speaker_of(p, cue)
            if speaker.name is None or not speaker.agent:
                continue
            quotes.append(Quote(text=span.text, speaker=speaker.name, speaker_description=speaker.description,
                                cue=speaker.cue or "according to", type="indirect", paragraph=p,
                                start=start, end=end))
    return quotes


def _clause_content(cue):
    comps = [c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i]
    if not comps:
        return None
    sub = list(comps[0].subtree)
    doc = cue.doc
    start = sub[0].i
    if doc[start].lower_ == "that":
        start += 1
    end = sub[-1].i + 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if end > start else None


def _according_content(cue):
    """The sentence around "according to X", without that phrase."""
    sent = cue.sent
    phrase = list(cue.subtree)
    a, b = phrase[0].i, phrase[-1].i + 1
    doc = cue.doc
    before, after = doc[sent.start:a], doc[b:sent.end]
    span = before if len(before) >= len(after) else after
    s, e = span.start, span.end
    while s < e and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return doc[s:e] if e > s else None
