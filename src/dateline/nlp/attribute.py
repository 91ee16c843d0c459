"""Quotes as records: direct quotes with their speaker, and indirect ("X said that ...") ones."""
from __future__ import annotations

from ..record import Quote
from .quotes import QuoteSpan
from .speakers import Attributor, Speaker

# a quote with no cue of its own continues the last speaker's words if that quote was this
# close before it (paragraphs): "“…,” he said." followed by a paragraph of quote only
MAX_INHERIT_GAP = 1
# reported speech shorter than this (words) is a fragment, not a statement
MIN_INDIRECT_WORDS = 4


def direct_quotes(spans: list[QuoteSpan], att: Attributor, body: list[str]) -> list[Quote]:
    quotes: list[Quote] = []
    for qs in spans:
        p = qs.paragraph
        cue = att.nearest_cue(p, qs.start, qs.end)
        if cue is None and p > 0 and body[p - 1].rstrip().endswith(":") and qs.at_start:
            cue = att.nearest_cue(p - 1, len(body[p - 1]), len(body[p - 1]))  # "He added:" ¶ “…”
            speaker = att.speaker_of(p - 1, cue) if cue is not None else Speaker(None)
        else:
            speaker = att.speaker_of(p, cue) if cue is not None else Speaker(None)
        last = quotes[-1] if quotes else None
        inherit = last is not None and p - last.paragraph <= MAX_INHERIT_GAP and (qs.continued or qs.at_start)
        if speaker.name is None and inherit:
            speaker = Speaker(last.speaker, last.speaker_description, last.cue)
        quotes.append(Quote(text=qs.text, speaker=speaker.name, speaker_description=speaker.description,
                            cue=speaker.cue, type="direct", paragraph=p, start=qs.start, end=qs.end))
    return quotes


def indirect_quotes(att: Attributor) -> list[Quote]:
    """Reported speech: the content clause of a speech verb, or the rest of an 'according to' sentence."""
    quotes: list[Quote] = []
    for p, doc in enumerate(att.docs):
        for cue in att.cues(p):
            span = _according_content(cue) if cue.lower_ == "according" else _clause_content(cue)
            if span is None or len([t for t in span if t.is_alpha]) < MIN_INDIRECT_WORDS:
                continue
            start, end = span.start_char, span.end_char
            if any(s < end and start < e for s, e in att.quote_ranges.get(p, ())):
                continue  # the direct quote it frames is the record
            speaker = att.speaker_of(p, cue)
            if speaker.name is None:
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
