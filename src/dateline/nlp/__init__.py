"""Who said what: quotes with their speakers, entities with their aliases, figures with their source.

`enrich(article, options)` fills `quotes`, `entities` and `figures` of one Article in place and
sets `article.nlp` to the level that ran. `fast` gives quotes and speakers (spaCy without NER);
`full` adds entities and figures. Only English articles are enriched.
"""
from __future__ import annotations

import re

from .. import lexicon as L
from ..options import Options
from ..record import Article
from .quotes import find_quotes

__all__ = ["enrich", "is_english"]

# the commonest English words; running text in English is at least this share of them
ENGLISH_WORDS = frozenset("""
the of and to a in is that for it was on with as he she be by at his her are said from have has
not this but they an were which who will been had their would or its we you i after more
""".split())
MIN_ENGLISH_SHARE = 0.25  # English prose runs 35-50% on this list; German or French under 10%
LANGUAGE_SAMPLE_CHARS = 4000  # enough words to judge, cheap on a long article
WORD = re.compile(r"[^\W\d_]+")
# longer "paragraphs" are flattened tables or run-together pages; parsing them whole costs seconds
MAX_PARAGRAPH_CHARS = 20_000
# a wire dateline ("MACAU (Reuters) –") opens the story's first paragraph; the headline or a kicker may
# stand above it in the body
DATELINE_PARAGRAPHS = 3


def is_english(article: Article) -> bool:
    """The article's language if known, else the share of common English words in its body."""
    if article.language:
        return article.language.lower().startswith("en")
    words = WORD.findall("\n".join(article.body)[:LANGUAGE_SAMPLE_CHARS].lower())
    if not words:
        return False
    return sum(w in ENGLISH_WORDS for w in words) / len(words) >= MIN_ENGLISH_SHARE


def prepare(article: Article, options: Options):
    """The parse of the article's body, its quotation marks, and the attributor over both."""
    from .model import load
    from .reported import candidates_of
    from .speakers import Attributor

    nlp = load(options.spacy_model, options.nlp)
    # offsets stay those of the paragraph: a runaway "paragraph" is parsed only up to the cap
    docs = list(nlp.pipe(_parsed_text(p, i) for i, p in enumerate(article.body)))
    spans = find_quotes(article.body)
    ranges: dict[int, list[tuple[int, int]]] = {}
    for qs in spans:
        ranges.setdefault(qs.paragraph, []).append((qs.start, qs.end))
    att = Attributor(docs, ranges)
    candidates = []
    for p in range(len(docs)):  # reading order, so a pronoun sees only who was named before it
        for cue in att.cues(p):
            att.speaker_of(p, cue)
        candidates += candidates_of(docs[p], p, att.in_quote)
    return att, spans, candidates


def _parsed_text(paragraph: str, index: int) -> str:
    """The paragraph as the parser reads it: cut at MAX_PARAGRAPH_CHARS, and a wire dateline opening
    it blanked out (spaces: offsets stay the paragraph's). Read as part of the sentence, the place
    became the subject of its first verb ("MACAU (Reuters) – Top donor Sheldon Adelson said ...":
    speaker "MACAU"). A colon after a bare upper-case word is a transcript's speaker label
    ("TRUMP: ..."), not a dateline, and stays."""
    text = paragraph[:MAX_PARAGRAPH_CHARS]
    m = L.DATELINE_RE.match(text) if index < DATELINE_PARAGRAPHS else None
    if m is None:
        return text
    place = m.group("place")
    if ":" in text[len(place):m.end()] and not any(c in place for c in ",("):
        return text
    return " " * m.end() + text[m.end():]


def enrich(article: Article, options: Options) -> Article:
    if options.nlp == "off" or not article.body or not is_english(article):
        return article
    from .attribute import direct_quotes, reported_quotes

    att, spans, candidates = prepare(article, options)
    # direct quotes first: the speakers that other verbs' subjects add must not move their pronouns
    direct = direct_quotes(spans, att, article.body, article.headline)
    indirect, covered = reported_quotes(att, candidates, spans)
    absorbed = {(spans[k].paragraph, spans[k].start) for k in covered}
    direct = [q for q in direct if (q.paragraph, q.start) not in absorbed]
    article.quotes = sorted(direct + indirect, key=lambda q: (q.paragraph, q.start))
    if options.nlp == "full":
        from .entities import entities
        from .figures import figures

        article.entities = entities(att.docs, att.quote_ranges, att.full_names)
        article.figures = figures(att.docs, att)
    article.nlp = options.nlp
    return article
