"""Quotes as records: direct quotes with their speaker, and indirect ("X said that ...") ones."""
from __future__ import annotations

import re

from ..record import Quote
from .names import according_to, subject_of
from .quotes import QuoteSpan
from .reported import QUOTE_IS_CONTENT, Candidate, context_rows, features, load_model, rule_accepts
from .speakers import Attributor, Speaker, name_key

# a quote with no cue of its own continues the last speaker's words if that quote was this
# close before it (paragraphs): "“…,” he said." followed by a paragraph of quote only
MAX_INHERIT_GAP = 1
# a quoted phrase this short with no speech verb in its sentence is a term or a scare quote
# ("what it calls a “family plan”", "an even “darker” dark mode"), not someone's words
MAX_TERM_WORDS = 3
# a quoted phrase up to this long that modifies the noun after it is a label, not speech
# ("a new “quick edit” feature", "there is no “No, I'd rather not” option")
MAX_MODIFIER_WORDS = 6
# questions answered by a paragraph of quote that make an article an interview (one is chance)
MIN_ANSWERS = 2
# a quoted phrase inside an accepted reported clause ("said the plan was “a disaster”") stays a direct
# quote of its own as well: the project's gold set and the seed page mark it so (polnear marks the clause
# alone); absorbing it costs the seed page 0.08 quotes F1 (1.000 -> 0.922) for +0.009 on polnear
ABSORB_PARTIALS = False
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


def candidate_rows(att: Attributor, candidates: list[Candidate], lemma_rates: dict, prior: float):
    """The feature row of each candidate, with the speaker its cue names and the share of it in quotes."""
    rows, speakers, shares = [], [], []
    context = context_rows(candidates, len(att.docs))
    for c, more in zip(candidates, context):
        c.subject = according_to(c.cue) if c.kind == "according" else subject_of(c.cue)
        speaker = att.speaker_of(c.paragraph, c.cue)
        span = c.span()
        a, b = span.start_char, span.end_char
        inside = sum(max(0, min(b, e) - max(a, s)) for s, e in att.quote_ranges.get(c.paragraph, ()))
        share = inside / max(1, b - a)
        rows.append(features(c, speaker, share, lemma_rates, prior) + more)
        speakers.append(speaker)
        shares.append(share)
    return rows, speakers, shares


def outermost(candidates: list[Candidate], keep: list[bool]) -> list[bool]:
    """Accepted candidates without those whose content lies inside the content of another cue's accepted
    one in the same sentence: a verb of the reported clause offers its own object or clause ("said [he
    thinks [it is over]]"), and the annotators mark the outer attribution (on polnear k-fold predictions,
    580 of 3,594 such inner ones matched an attribution, against 7,747 of 12,685 that lay inside no
    other). A content that runs on into the next sentences ("said [A. Then B, she added.]") does not
    take that sentence's own attributions in: they are kept."""
    spans: dict[int, list[tuple[int, int, int, int]]] = {}
    for c, ok in zip(candidates, keep):
        if ok:
            spans.setdefault(c.paragraph, []).append((c.start, c.end, c.cue.i, c.cue.sent.start))
    out = []
    for c, ok in zip(candidates, keep):
        sent = c.cue.sent.start
        inner = ok and any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) and cue != c.cue.i
                           and cue_sent == sent for s, e, cue, cue_sent in spans[c.paragraph])
        out.append(ok and not inner)
    return out


def one_a_cue(candidates: list[Candidate], scores, threshold: float) -> list[bool]:
    """The candidates scored over the threshold, but of one cue's only the likeliest: "told [reporters]
    [that ...]", "said [on Tuesday] [that ...]" offer two contents and one is what was said."""
    best: dict[tuple[int, int], float] = {}
    for c, s in zip(candidates, scores):
        best[(c.paragraph, c.cue.i)] = max(s, best.get((c.paragraph, c.cue.i), 0.0))
    return [bool(s >= threshold) and s >= best[(c.paragraph, c.cue.i)] for c, s in zip(candidates, scores)]


def reported_quotes(att: Attributor, candidates: list[Candidate],
                    spans: list[QuoteSpan]) -> tuple[list[Quote], set[int]]:
    """Reported speech the model (or, without one, the rule) accepts, and the direct quotes it absorbs:
    a quotation that is only part of an accepted clause is that clause's, not a record of its own."""
    model = load_model()
    rates, prior = (model.lemma_rates, model.prior) if model else ({}, 0.0)
    rows, speakers, shares = candidate_rows(att, candidates, rates, prior)
    if model:
        keep = one_a_cue(candidates, model.score(rows), model.threshold)
    else:
        keep = [rule_accepts(c) for c in candidates]
    keep = [bool(ok) and share < QUOTE_IS_CONTENT for ok, share in zip(keep, shares)]
    keep = outermost(candidates, keep)
    quotes: list[Quote] = []
    covered: set[int] = set()
    seen: set[tuple[int, int, int]] = set()
    for c, ok, speaker in zip(candidates, keep, speakers):
        if not ok:
            continue  # a quotation that is the whole content stays the (direct) record
        span = c.span()
        key = (c.paragraph, span.start_char, span.end_char)
        if key in seen:
            continue
        seen.add(key)
        for k, qs in enumerate(spans):
            inside = qs.paragraph == c.paragraph and span.start_char <= qs.start and qs.end <= span.end_char
            if ABSORB_PARTIALS and inside:
                covered.add(k)
        cue = "according to" if c.kind == "according" else c.cue.lemma_.lower()
        name = (speaker.name or "").strip() or None  # never an empty name
        quotes.append(Quote(text=span.text, speaker=name, speaker_description=speaker.description,
                            cue=speaker.cue or cue, type="indirect", paragraph=c.paragraph,
                            start=span.start_char, end=span.end_char))
    return quotes, covered
