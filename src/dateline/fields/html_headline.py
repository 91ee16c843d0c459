"""The headline of an HTML page's story: the one the page prints (issue 14), in the metadata's
spelling where it says the same words with punctuation the page lost. The last title-like h1 above
the body, not the site's logo, not a section's label after a separator, not a <title> the page prints
whole; the metadata's words where the h1 runs them together or prints them below a sticky h1.
docs/headline-authors.md.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .. import lexicon as L
from ..blocks.metadata import SITE_SEPARATORS, PageMeta, names_site, site_label, word_key

LEADING_MARK = re.compile(r"^[:|–—-]\s")  # an h1 whose own text opens with a separator has a part nested above
BODY_HEAD_REACH = 3  # body blocks where a display headline the splitter took for text may stand
KICKER_MAX_WORDS = 8  # ... with only a kicker above it
NESTED_IN_H1 = 3  # block elements set inside an h1: an overline, a kicker
NOT_LETTER = re.compile(r"[\W_]+")
# a linked story's source and its count of comments after the headline in an aggregator's h1
SOURCE_TAIL = re.compile(r"\s+\([\w-]+(?:\.[\w-]+)+\)(?:\s+\d+)?\s*$")
BAR_SEPARATORS = (" | ", " · ")
WRAPPING_QUOTES = "\"“”"
SECTION_TAIL_WORDS = 3  # "Headline | Opinion": a tail this short after a separator may be a section's label
HEADLINE_WORDS = (2, 40)  # an h1 outside this many words is a logo or a paragraph styled big
TRAIL_CLASS = re.compile(r"(?<![a-z])breadcrumb")  # the markup's word for a trail of section links
TRAIL_REACH = 3  # the h1's own class and its nearest containers' (a body class names the whole page)
DISPLAY_REACH = 4  # blocks below a trail's h1 where the headline set large may stand (a kicker line, a date)
RANKED_HEADING_WORDS = 3  # a heading of fewer words is a control's or a section's label, not a headline
ARTICLES = frozenset(("the", "a", "an", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo",
                      "un", "une", "ein", "eine", "de", "het", "een"))  # "The" before the metadata's words: no overline


def apply_headline(article, meta: PageMeta, blocks, start: int = 0) -> None:
    """The page's own headline element (the last h1 above the body) is the headline; where the
    metadata says the same words, its text is taken (pages hide punctuation in styled spans). The
    metadata names one article: a story below another that shows neither keeps its own headline."""
    h1 = _h1_above(article, blocks, start, _site_keys(meta))
    if h1 is not None and _in_trail(h1, blocks) and _display_below(article, blocks, h1, meta):
        return
    headline = meta.headline or ""
    want = word_key(headline) if headline else None
    if want and meta.headline_from and (h1 is None or word_key(h1.text) != want):
        shown = _shown_above(article, blocks, want, start)
        if shown is not None and meta.headline_from == "title" and not shown.dom.get("level"):
            shown = None  # a <title> alone names a page, not always its story: it counts set as a heading
        if shown is not None:  # the page prints the headline its metadata names, though not as its h1
            article.headline = meta.headline
            if article.provenance:
                article.provenance["headline"] = [shown.span]
            return
        if meta.headline_from != "title" and _headline_out_of_body(article, headline, want, blocks):
            return
    if want and start == 0 and (h1 is None or word_key(h1.text) != want) and _h1_spells(meta):
        article.headline = meta.headline  # "<h1><span>Weekend</span><span>Coding</span>…": its words run together
        return
    if h1 is not None:
        _from_h1(article, meta, h1, headline, want)
    else:
        _without_h1(article, meta, blocks, start, want)


def _from_h1(article, meta: PageMeta, h1, headline: str, want: str | None) -> None:
    """The h1 above the body as the headline: as printed, in the metadata's spelling where it says the
    same words with punctuation the h1 lost, less a site's or a section's tail, less an overline."""
    seen = word_key(h1.text)
    # the same words: the h1 as printed, or the metadata's spelling where it has punctuation the h1
    # lost (pages set a kicker's colon in a styled span); the metadata's words end with the h1's: the
    # words before are a kicker the page styles apart
    same = want and seen and want == seen
    article.headline = headline if same and _marks(headline) > _marks(h1.text) else h1.text
    if not same:  # "Critics’ Choice: Best UK Art Exhibitions 2025 – Artlyst" on artlyst.com
        article.headline = _without_site_tail(article.headline, meta)
        if want and want in _heads_before_tails(h1.text):  # "… physical health | Opinion"
            article.headline = meta.headline
        elif want and word_key(SOURCE_TAIL.sub("", h1.text)) == want:  # "… Jobs (latimes.com) 87"
            article.headline = meta.headline
    if want and seen and want != seen and want.endswith(" " + seen) and not article.kicker:
        article.kicker = _kicker_of(headline, len(seen.split())) or None
    elif want and seen and seen.endswith(" " + want) and len(seen.split()) - len(want.split()) <= KICKER_MAX_WORDS \
            and word_key(meta.social_title or "") != seen:
        # the h1 holds an overline before the headline the metadata names ("<h1><span>Wurmkiste</span>
        # Wurmkiste selber bauen</h1>"): the metadata's words are the headline, the overline the kicker;
        # not where a colon joins the two as one printed line ("Nutzerbasierte Abrechnung: Musik-Stars ..."),
        # nor where og:title says the h1's words whole (JSON-LD "… | Real Estate 101" below og:title's and
        # the h1's "Real Estate Investing for Beginners<br>Real Estate 101")
        overline = _kicker_of(h1.text, len(want.split()))
        # not a number: "2025 Software Development Price Guide …" is the headline a year's SEO title drops
        if overline and not h1.text.startswith(overline + ":") and overline.casefold() not in ARTICLES \
                and not overline.isdigit():
            article.headline = meta.headline
            if not article.kicker:
                article.kicker = overline
    if article.provenance:  # empty when the caller asked for no provenance
        article.provenance["headline"] = [h1.span]


def _without_h1(article, meta: PageMeta, blocks, start: int, want: str | None) -> None:
    """No h1 above the body: the metadata's headline as a heading prints it, unless it is printed
    nowhere and the ranker chose a heading; a <title> only where a heading prints its head."""
    if want and article.headline and word_key(article.headline) == want:
        article.headline = meta.headline
    elif meta.headline and meta.headline_from in ("jsonld", "og") and (start == 0 or not article.headline):
        printed = _printed_head(meta.headline, blocks)
        if printed == meta.headline and _ranked_heading(article, blocks) \
                and not any(f" {want} " in f" {word_key(b.text)} " for b in blocks):
            return  # the metadata's words are printed nowhere: the heading the ranker chose is the page's
        article.headline = printed
    elif meta.headline and meta.headline_from == "title" and (start == 0 or not article.headline):
        printed = _printed_head(meta.headline, blocks)
        if word_key(printed) != want:  # "… Rankings - Infographic": a heading prints "… Rankings"
            article.headline = printed


def _ranked_heading(article, blocks) -> bool:
    """Is the headline the ranker chose a heading the page prints (h1-h3) above the body, not a label of
    a word or two ("Vollbild", "En direct")?"""
    spans = article.provenance.get("headline") if article.provenance and article.headline else None
    if not spans:
        return False
    b = next((b for b in _above_body(article, blocks) if b.start == spans[0].start), None)
    return b is not None and 1 <= b.dom.get("level", 0) <= 3 and b.words >= RANKED_HEADING_WORDS


def _in_trail(h1, blocks) -> bool:
    """Is the h1 a breadcrumb's last item, set small after the section links ("Capital › <h1>Donald
    Trump: …</h1>")? The markup says so, or a line of links stands right before it in its container."""
    if _in_nav(h1):
        return True
    prev = blocks[h1.index - 1] if h1.index else None
    return prev is not None and not prev.dom.get("level") and prev.dom["links"] >= L.LINKED \
        and h1.dom["ids"][:-1] in (prev.dom["ids"][:-1], prev.dom["ids"])  # a sibling, or the links' container


def _display_below(article, blocks, h1, meta: PageMeta) -> bool:
    """Below a trail's h1, the heading set large that prints a headline of the metadata (JSON-LD's or
    og:title) the h1 does not, whole or after a kicker ("<h2><span>Meinung</span><span>Warum Kritik
    …</span></h2>"): that is the headline, the words before it the kicker. Where the heading holds its
    headline as a line of its own below the kicker's, that line is the headline."""
    h1_key = word_key(h1.text)
    named = [m for m in (meta.social_title, meta.headline if meta.headline_from == "jsonld" else None)
             if m and word_key(m) != h1_key]
    if not named:
        return False
    body = article.provenance.get("body") if article.provenance else None
    first = body[0][0].start if body and body[0] else None
    for b in blocks[h1.index + 1:h1.index + 1 + DISPLAY_REACH]:
        if first is not None and b.start >= first:
            break
        if not b.dom.get("level") or b.dom["level"] > 3:
            continue
        own = b.dom["ids"][-1]
        lines = [b.text] + [x.text for x in blocks[b.index + 1:b.index + 1 + NESTED_IN_H1] if own in x.dom["ids"][:-1]]
        seen = word_key(" ".join(lines))
        for m in named:
            want = word_key(m)
            if seen != want and not seen.endswith(" " + want):
                continue
            rest = len(seen.split()) - len(want.split())
            if len(lines) > 1 and word_key(lines[-1]) != seen and seen.endswith(" " + word_key(lines[-1])):
                article.headline, kicker = lines[-1], " ".join(lines[:-1])  # two lines: kicker, headline
            elif rest > KICKER_MAX_WORDS:
                continue
            else:
                article.headline, kicker = m, _kicker_of(" ".join(lines), len(want.split())) if rest else ""
            if kicker and not article.kicker:
                article.kicker = kicker
            if article.provenance:
                article.provenance["headline"] = [b.span]
            return True
    return False


def _h1_spells(meta: PageMeta) -> bool:
    """Does an h1 of the page spell the metadata's headline letter for letter, though its words run
    together ("Real Estate Investing for BeginnersReal Estate 101": spans with no space between them)?"""
    if meta.tree is None or not meta.headline:
        return False
    letters, want = NOT_LETTER.sub("", meta.headline).casefold(), word_key(meta.headline)
    return any(NOT_LETTER.sub("", t).casefold() == letters and word_key(t) != want
               for t in (node.text() for node in meta.tree.css("h1")))


def _heads_before_tails(text: str) -> set[str]:
    """The words of an h1 before a tail set off by a separator: a short one ("… | Opinion", a section's
    name), or any after a bar or a middle dot, which no headline uses as punctuation ("… | Patient
    Education | UC Davis Children's Hospital": the page prints its <title>). Where the metadata's
    headline is those words, the tail is the page's label, not the headline's."""
    heads = set()
    for sep in SITE_SEPARATORS:
        head, _, tail = text.rpartition(sep)
        if head and len(tail.split()) <= SECTION_TAIL_WORDS:
            heads.add(word_key(head))
    for sep in BAR_SEPARATORS:
        parts = text.split(sep)
        heads.update(word_key(sep.join(parts[:k])) for k in range(1, len(parts)))
    return heads


def _printed_head(headline: str, blocks) -> str:
    """The metadata's headline as a heading prints it (its spelling, unless the page's lost punctuation);
    'Headline - Site or tagline' -> 'Headline' where the page prints that part alone as a heading."""
    want = word_key(headline)
    shown = next((b for b in blocks if b.dom.get("level") and word_key(b.text) == want), None)
    if shown is not None:
        return headline if _marks(headline) > _marks(shown.text) else shown.text
    for sep in (" - ", " – ", " — ", " | "):
        head, _, tail = headline.rpartition(sep)
        if head and len(tail.split()) < len(head.split()):
            want = word_key(head)
            if any(b.dom.get("level") and word_key(b.text) == want for b in blocks):
                return head
    return headline


def _headline_out_of_body(article, headline: str, want: str, blocks) -> bool:
    """The metadata's headline printed as one of the body's first blocks (a display headline below a
    sticky h1, which the splitter took for text): it is the headline, the short line over it the kicker
    (in the body or, when the body begins with the headline, the line printed right above it), and
    neither is body."""
    body = article.body
    k = next((i for i in range(min(len(body) - 1, BODY_HEAD_REACH)) if word_key(body[i]) == want), None)
    if k is None or any(len(body[i].split()) > KICKER_MAX_WORDS for i in range(k)):
        return False
    article.headline = headline if _marks(headline) > _marks(body[k]) else body[k]
    prov = article.provenance.get("body") if article.provenance else None
    if k and not article.kicker:
        article.kicker = body[k - 1]
    elif not article.kicker and prov and len(prov) == len(body) and prov[0]:
        article.kicker = _kicker_above(blocks, prov[0][0].start)
    if prov and len(prov) == len(body):
        article.provenance["headline"] = prov[k]
        del prov[:k + 1]
    del body[:k + 1]
    return True


def _kicker_above(blocks, start: int) -> str | None:
    """The short line printed right above the block that begins at `start`, if it reads as a label: no
    heading, no links, not a sentence, not a line the labeller knew (a time, a byline, a caption)."""
    i = next((j for j, b in enumerate(blocks) if b.start == start), 0)
    if i == 0:
        return None
    b = blocks[i - 1]
    if b.label != L.BOILERPLATE or not 1 <= b.words <= KICKER_MAX_WORDS or L.sentence_like(b.text) \
            or b.dom and (b.dom.get("level") or b.dom.get("links", 0) >= 0.5):
        return None
    return b.text


def _marks(text: str) -> int:
    """Punctuation a headline prints; not markdown's emphasis ("*Title* (1792)" in an og:title), not a
    symbol ("… Fitness Level ⋆", a title's ornament), not quotes around the whole of it (JSON-LD's
    '"What is Git …?"' escaped once too often)."""
    text = text.strip()
    if len(text) > 2 and text[0] in WRAPPING_QUOTES and text[-1] in WRAPPING_QUOTES:
        text = text[1:-1]
    return sum(1 for ch in text if unicodedata.category(ch).startswith("P") and ch not in "*_#`~")


def _site_keys(meta: PageMeta) -> frozenset[str]:
    """The words of the site's own name: og:site_name, the <title>'s short tail after a separator."""
    keys = {word_key(meta.site_name or "")}
    for sep in SITE_SEPARATORS:
        head, _, tail = (meta.title or "").rpartition(sep)
        if head and len(tail.split()) < len(head.split()):
            keys.add(word_key(tail))
    label = site_label(meta.url)
    if label:
        keys.add(label)
    keys.discard("")
    return frozenset(keys)


def _without_site_tail(text: str, meta: PageMeta) -> str:
    """A printed headline less a tail that names the site ("… – Artlyst")."""
    for sep in SITE_SEPARATORS:
        head, _, tail = text.rpartition(sep)
        if head and len(tail.split()) < len(head.split()) and names_site(tail, meta.site_name, site_label(meta.url)):
            return head
    return text


def _kicker_of(headline: str, tail_words: int) -> str:
    """'Klimaschutz: Bohren, bis es heiß wird' less its last `tail_words` words: 'Klimaschutz'."""
    spans = list(re.finditer(r"\w+", headline))
    if len(spans) <= tail_words:
        return ""
    return headline[: spans[-tail_words].start()].strip(" :-–—|·")


def _above_body(article, blocks, start: int = 0):
    """The blocks from `start` to the article's first paragraph (to the end when the body has no spans)."""
    body = article.provenance.get("body") if article.provenance else None
    first = body[0][0].start if body and body[0] else None
    for b in blocks[start:]:
        if first is not None and b.start >= first:
            return
        yield b


def _shown_above(article, blocks, want: str, start: int = 0):
    """A block above the article's first paragraph that reads as the metadata's headline; not a trail's
    item (a breadcrumb ends with the page's title, often the metadata's SEO one: "News › Climate change:
    5 innovative solutions" above the h1 "Five innovative solutions to climate change: …")."""
    return next((b for b in _above_body(article, blocks, start)
                 if word_key(b.text) == want and not _in_nav(b)), None)


def _in_nav(b) -> bool:
    """A block of a <nav> or of markup its class names a breadcrumb."""
    return "nav" in b.dom["tags"] or any(TRAIL_CLASS.search(w) for w in b.dom["path"][-TRAIL_REACH:])


def _h1_above(article, blocks, start: int = 0, site_keys: frozenset[str] = frozenset()):
    """The last title-like h1 before the article's first paragraph, with the text of block elements
    nested in it ("<h1><div>Overline</div><span>: </span>Headline</h1>" is one headline). An h1 that
    spells the site's name is its logo ("<h1>Playful Tones</h1>" over "Reflections … | Playful Tones")."""
    best = None
    for b in _above_body(article, blocks, start):
        if b.dom.get("level") == 1 and HEADLINE_WORDS[0] <= b.words <= HEADLINE_WORDS[1]:
            key = word_key(b.text)
            if key not in site_keys and key.replace(" ", "") not in site_keys:
                best = b
    if best is None:
        return None
    h1 = best.dom["ids"][-1]
    # an h1 broken by <br> is one headline on two lines ("Real Estate Investing for Beginners<br>Real Estate 101")
    lines = [b.text for b in blocks[max(0, best.index - NESTED_IN_H1):best.index] if b.dom["ids"][-1] == h1]
    if lines:
        best = replace(best, text=" ".join(lines + [best.text]))
    if not LEADING_MARK.match(best.text):
        return best
    inner = [b.text for b in blocks[max(0, best.index - NESTED_IN_H1):best.index] if h1 in b.dom["ids"][:-1]]
    return replace(best, text=" ".join(inner + [best.text]).replace(" :", ":")) if inner else best
