"""How an HTML page's metadata and markup fill an Article the blocks built: which headline, authors,
times and images win where the visible page and the metadata disagree (issue 4).

The visible page wins where it is clear: the h1 (or the display headline the metadata names) over a
headline reworded for search, a byline that names people over a publisher's name. The metadata wins
where it is exact: an ISO time of the same day, people's names without titles, places and dates.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .. import lexicon as L
from ..record import Image
from ..blocks.metadata import SITE_SEPARATORS, PageMeta, names_site, site_label, split_names, word_key
from ..layout.dom import TAXONOMY_CLASS
from .text_fields import byline_names, name_head

LEADING_MARK = re.compile(r"^[:|–—-]\s")  # an h1 whose own text opens with a separator has a part nested above
BODY_HEAD_REACH = 3  # body blocks where a display headline the splitter took for text may stand
KICKER_MAX_WORDS = 8  # ... with only a kicker above it
NESTED_IN_H1 = 3  # block elements set inside an h1: an overline, a kicker
NOT_LETTER = re.compile(r"[\W_]+")
BAR_SEPARATORS = (" | ", " · ")
WRAPPING_QUOTES = "\"“”"
SECTION_TAIL_WORDS = 3  # "Headline | Opinion": a tail this short after a separator may be a section's label
HEADLINE_WORDS = (2, 40)  # an h1 outside this many words is a logo or a paragraph styled big
ARTICLES = frozenset(("the", "a", "an", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo",
                      "un", "une", "ein", "eine", "de", "het", "een"))  # "The" before the metadata's words: no overline
AUTHOR_CLASS = re.compile(r"(?<![a-z])(author|byline|autor|writer|verfasser|redakteur)")
AUTHOR_REACH = 30  # blocks above the first paragraph where a byline may stand
PICTURE_CREDIT = re.compile(r"©|\b(bild|bilder|foto|fotos|photo|photos|image|picture|pictures)\b\s*[:©]", re.I)
WRITER_LINE_WORDS = 8  # a line of writers' names below an account's byline: two or three names
WRITER_REACH = 6  # blocks below such a byline (standfirst lines, a share bar) where the writers may stand
PARAGRAPH_WORDS = 25  # a block this long is the story itself: the writers stand above it
AUTHOR_BELOW = 6  # blocks past the last paragraph where a line marked "author" still signs the story
AUTHOR_MAX_CHARS = 80  # a longer line marked "author" is a biography, not a byline
# where a page's controls and listings stand: a menu, a button, a breadcrumb, a post's category links.
# A capitalised pair of words there ("Quick Apply", "About Us", "Marketing Strategy") is no byline
NOT_BYLINE_CLASS = re.compile(r"(?<![a-z])(nav|menu|breadcrumb|btn|button|cta|dropdown|flyout)")
LISTING_CLASS = re.compile(r"(?<![a-z])(categor|taxonom|terms)")  # ... where its words are links: a category list
LINKED = 0.5  # share of a line's text in links that makes it a list of links
NOT_BYLINE_TAGS = frozenset(("nav", "menu", "dialog"))
NOT_BYLINE_REACH = 3  # the element's own class and its nearest containers' (a body class names the whole page)
TITLE_LEVELS = (1, 2, 3)  # a name-shaped heading with no byline word or date near is a title: the site's, a section's


def markup_refuses_byline(b, said_by: bool, heading: bool = False) -> bool:
    """HTML: does the markup say this line is not a byline? Navigation, buttons and category links never
    are; with `heading`, a heading neither ("Set Goals", "Engora Data Blog" as an h1 above the text)."""
    d = b.dom
    if not d:
        return False
    if any(t in NOT_BYLINE_TAGS for t in d["tags"]):
        return True
    # not a post's own taxonomy classes ("category-news" on the <article> of every WordPress post)
    words = [TAXONOMY_CLASS.sub(" ", w) for w in d["path"][-NOT_BYLINE_REACH:]]
    if not said_by:
        words.append(TAXONOMY_CLASS.sub(" ", d["inner"]))  # "By A. J. Neal <a class=btn>View In Digital Edition</a>"
    if any(NOT_BYLINE_CLASS.search(w) for w in words):
        return True
    if d["links"] >= LINKED and any(LISTING_CLASS.search(w) for w in words):
        return True
    return heading and d.get("level") in TITLE_LEVELS


def apply_metadata(article, meta: PageMeta, blocks, start: int = 0) -> None:
    """Fill an Article from the page metadata and the markup around its blocks; `start` is where the
    story's reach begins (the end of the story before it), so a later story does not take the h1 or
    the headline of the one above.

    Headline: the page's h1 above the body wins (the metadata's wording only where it says the same
    words); without an h1 the metadata headline beats a line the splitter guessed. Times: the visible
    one wins, an exact ISO time replacing a printed one of the same day. Authors: names only, so the
    metadata's people replace a visible byline (which runs into titles, places and dates: 0.74 -> 0.87
    on fundus), the publisher or a line the markup marks "author" standing in where no one is named."""
    _apply_headline(article, meta, blocks, start)
    if article.authors and _byline_is_headline(article, blocks):
        article.authors = []  # "What Meditation Can Do for You …" read as a name beside the date
    if article.authors and not _said_by(article, blocks) and _photographers(article.authors, blocks):
        article.authors = []  # the byline slot named who took the picture ("Bild © Roman Warschauer")
    people = _people_only(meta)
    if people and article.authors and _handles_only(people) and not _handles_only(article.authors) \
            and _sure_byline(article, blocks):
        people = []  # "KatieS", the account that posted it, beside a byline that names the writer
    names = people or _stated_writer(article, meta) or (meta.authors if not article.authors else []) \
        or (_marked_authors(article, blocks) or _author_box(article, blocks) if not article.authors else [])
    if names:
        article.authors = list(names)
    if article.authors and _publisher_account(article.authors, meta):
        article.authors = _writer_below_byline(article, blocks) or article.authors
    if not article.language and meta.language:
        article.language = L.language_tag(meta.language)
    _apply_images(article, meta, blocks)


def _apply_headline(article, meta: PageMeta, blocks, start: int = 0) -> None:
    """The page's own headline element (the last h1 above the body) is the headline; where the
    metadata says the same words, its text is taken (pages hide punctuation in styled spans). The
    metadata names one article: a story below another that shows neither keeps its own headline."""
    h1 = _h1_above(article, blocks, start, _site_keys(meta))
    want = word_key(meta.headline) if meta.headline else None
    if want and meta.headline_from in ("jsonld", "og") and (h1 is None or word_key(h1.text) != want):
        shown = _shown_above(article, blocks, want, start)
        if shown is not None:  # the page prints the headline its metadata names, though not as its h1
            article.headline = meta.headline
            if article.provenance:
                article.provenance["headline"] = [shown.span]
            return
        if _headline_out_of_body(article, meta.headline, want):
            return
    if want and start == 0 and (h1 is None or word_key(h1.text) != want) and _h1_spells(meta):
        article.headline = meta.headline  # "<h1><span>Weekend</span><span>Coding</span>…": its words run together
        return
    if h1 is not None:
        seen = word_key(h1.text)
        # the same words: the h1 as printed, or the metadata's spelling where it has punctuation the h1
        # lost (pages set a kicker's colon in a styled span); the metadata's words end with the h1's: the
        # words before are a kicker the page styles apart
        same = want and seen and want == seen
        article.headline = meta.headline if same and _marks(meta.headline) > _marks(h1.text) else h1.text
        if not same:  # "Critics’ Choice: Best UK Art Exhibitions 2025 – Artlyst" on artlyst.com
            article.headline = _without_site_tail(article.headline, meta)
            if want and want in _heads_before_tails(h1.text):  # "… physical health | Opinion"
                article.headline = meta.headline
        if want and seen and want != seen and want.endswith(" " + seen) and not article.kicker:
            article.kicker = _kicker_of(meta.headline, len(seen.split())) or None
        elif want and seen and seen.endswith(" " + want) and len(seen.split()) - len(want.split()) <= KICKER_MAX_WORDS:
            # the h1 holds an overline before the headline the metadata names ("<h1><span>Wurmkiste</span>
            # Wurmkiste selber bauen</h1>"): the metadata's words are the headline, the overline the kicker;
            # not where a colon joins the two as one printed line ("Nutzerbasierte Abrechnung: Musik-Stars ...")
            overline = _kicker_of(h1.text, len(want.split()))
            if overline and not h1.text.startswith(overline + ":") and overline.casefold() not in ARTICLES:
                article.headline = meta.headline
                if not article.kicker:
                    article.kicker = overline
        if article.provenance:  # empty when the caller asked for no provenance
            article.provenance["headline"] = [h1.span]
        return
    if want and article.headline and word_key(article.headline) == want:
        article.headline = meta.headline
    elif meta.headline and meta.headline_from in ("jsonld", "og") and (start == 0 or not article.headline):
        article.headline = _printed_head(meta.headline, blocks)


def _byline_is_headline(article, blocks) -> bool:
    """Did the authors come from the line the page prints as its headline (a title the splitter did
    not take for the headline, the h1 or the metadata's words settling it)?"""
    spans = article.provenance.get("authors") if article.provenance else None
    line = next((b.text for b in blocks if spans and b.start == spans[0].start), None)
    return bool(line and article.headline) and word_key(line) == word_key(article.headline)


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


def _headline_out_of_body(article, headline: str, want: str) -> bool:
    """The metadata's headline printed as one of the body's first blocks (a display headline below a
    sticky h1, which the splitter took for text): it is the headline, the short line over it the kicker,
    and neither is body."""
    body = article.body
    k = next((i for i in range(min(len(body) - 1, BODY_HEAD_REACH)) if word_key(body[i]) == want), None)
    if k is None or any(len(body[i].split()) > KICKER_MAX_WORDS for i in range(k)):
        return False
    article.headline = headline if _marks(headline) > _marks(body[k]) else body[k]
    if k and not article.kicker:
        article.kicker = body[k - 1]
    prov = article.provenance.get("body") if article.provenance else None
    if prov and len(prov) == len(body):
        article.provenance["headline"] = prov[k]
        del prov[:k + 1]
    del body[:k + 1]
    return True


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
    """A block above the article's first paragraph that reads as the metadata's headline."""
    return next((b for b in _above_body(article, blocks, start) if word_key(b.text) == want), None)


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
    if best is None or not LEADING_MARK.match(best.text):
        return best
    h1 = best.dom["ids"][-1]
    inner = [b.text for b in blocks[max(0, best.index - NESTED_IN_H1):best.index] if h1 in b.dom["ids"][:-1]]
    return replace(best, text=" ".join(inner + [best.text]).replace(" :", ":")) if inner else best


def _people_only(meta: PageMeta) -> list[str]:
    """The metadata's authors minus the publisher itself (its site name, its domain)."""
    site = word_key(meta.site_name or "") or word_key((meta.title or "").rpartition(" | ")[2] or "")
    label = site_label(meta.url)
    out = []
    for name in meta.authors:
        k = word_key(name).removeprefix("the ")  # "The Commercial Appeal" on the Memphis Commercial Appeal
        if not k or "." in name and " " not in name.strip() or site and (k in site or site in k) \
                or label and k.replace(" ", "") == label:
            continue
        out.append(name)
    return out


def _stated_writer(article, meta: PageMeta) -> list[str]:
    """The writer a labelled <meta> pair names ("Written by" / "Albert Swann"), where the page's byline
    names no one or runs that name into a role or a label ("Rasmus Barslund Founder", "Help Net
    Security Sponsored"). A byline the page prints otherwise stands: the label often names the account
    that posted the story, not its writer."""
    stated = meta.written_by
    if not stated or not article.authors:
        return stated
    keys = [word_key(n) for n in stated]
    if any(word_key(a).startswith(k + " ") for a in article.authors for k in keys):
        return stated
    return []


def _sure_byline(article, blocks) -> bool:
    """Did the authors come from a line that says "by" or that the markup calls the author's?"""
    spans = article.provenance.get("authors") if article.provenance else None
    b = next((b for b in blocks if spans and b.start == spans[0].start), None)
    if b is None or not b.dom:
        return False
    return bool(L.BYLINE_RE.match(b.text) or AUTHOR_CLASS.search(b.dom["path"][-1] + " " + b.dom["inner"]))


def _handles_only(names: list[str]) -> bool:
    """Account names, not people's: one word each ("KatieS", "jsteinhardt")."""
    return all(len(n.split()) == 1 for n in names)


def _said_by(article, blocks) -> bool:
    """Does the line the authors came from say "by" ("Von Eva Kirchner-Rätsch", who took the photos too)?"""
    spans = article.provenance.get("authors") if article.provenance else None
    line = next((b.text for b in blocks if spans and b.start == spans[0].start), "")
    return any(L.BYLINE_FIRST.match(part.strip()) for part in L.BYLINE_PARTS.split(line))


def _photographers(names: list[str], blocks) -> bool:
    """Are these names all credited for a picture on the page: in a caption's picture credit ("... Bild ©
    X (hr)") or a figure's credit line? (Not in a footer's "© Miami Today 2020", which names the publisher,
    nor in "Audio: ... | Eva Kirchner-Rätsch", the author's own report.)"""
    credits = [b.text for b in blocks
               if "credit_of" in b.dom or b.label == "caption" and PICTURE_CREDIT.search(b.text)]
    return bool(credits) and all(any(name in c for c in credits) for name in names)


def _publisher_account(names: list[str], meta: PageMeta) -> bool:
    """The byline names the publication or its CMS account ("by Lesotho Times", "by Ilanga D" on Ilanga
    News): sites that post as one account often set the writer's name as a line of its own below."""
    site = word_key(meta.site_name or "") or word_key((meta.title or "").rpartition(" - ")[2] or "")
    if not site:
        return False
    first = site.split()[0]
    return all((k := word_key(name)) and (k in site or site in k or k.split()[0] == first) for name in names)


def _writer_below_byline(article, blocks) -> list[str]:
    """Names on a line of their own below the byline, before the first long paragraph. The line is
    taken out of the body where the splitter counted it in."""
    spans = article.provenance.get("authors") if article.provenance else None
    if not spans:
        return []
    at = next((i for i, b in enumerate(blocks) if b.start == spans[0].start), None)
    if at is None:
        return []
    headline = word_key(article.headline or "")
    for b in blocks[at + 1:at + 1 + WRITER_REACH]:
        if b.words > PARAGRAPH_WORDS:
            return []
        if b.words <= WRITER_LINE_WORDS and not b.dom.get("level") and name_head(b.text) == b.text.strip() \
                and word_key(b.text) != headline:
            _drop_from_body(article, b.text)
            return byline_names(b.text)
    return []


def _drop_from_body(article, text: str) -> None:
    body = article.body
    for i, para in enumerate(body[:WRITER_REACH]):
        if para == text:
            del body[i]
            prov = article.provenance.get("body")
            if prov and len(prov) > i:
                del prov[i]
            return


def _marked_authors(article, blocks) -> list[str]:
    """Names from a short line the markup calls the author or byline, between headline and body end."""
    body = article.provenance.get("body") if article.provenance else None
    if not body:
        return []
    starts = {}
    for b in blocks:
        starts.setdefault(b.start, b.index)
    last = starts.get(body[-1][0].start)
    first = starts.get(body[0][0].start)
    if first is None or last is None:
        return []
    for b in blocks[max(0, first - AUTHOR_REACH):last + 1 + AUTHOR_BELOW]:
        d = b.dom
        if len(b.text) <= AUTHOR_MAX_CHARS and AUTHOR_CLASS.search(" ".join(d["path"][-2:]) + " " + d["inner"]):
            names = [n for n in split_names(b.text) if n[:1].isupper()]
            if names:
                return names
    return []


BIO_VERBS = re.compile(r"^\s*(is|was|has|holds|writes|covers|leads|serves|works|joined|brings|specializes|"
                       r"ist|war|schreibt|est|es|è)\b", re.I)  # "Lauren Vetter is a growth-focused marketer"
BOX_REACH = 8  # blocks past the last paragraph where the author's box may stand


def _author_box(article, blocks) -> list[str]:
    """The author's box below the story: a line that is only a name, over a biography that opens with
    that name ("Lauren Vetter" / "Lauren Vetter is a growth-focused marketing professional …")."""
    body = article.provenance.get("body") if article.provenance else None
    last = next((b.index for b in blocks if body and b.start == body[-1][0].start), None)
    if last is None:
        return []
    for b in blocks[last + 1:last + 1 + BOX_REACH]:
        head = name_head(b.text) if b.words <= WRITER_LINE_WORDS else None
        if head != b.text.strip():
            continue
        for bio in blocks[b.index + 1:b.index + 3]:
            if bio.text.startswith(head) and BIO_VERBS.match(bio.text[len(head):].lstrip(",")):
                return byline_names(head)
    return []


def _apply_images(article, meta: PageMeta, blocks) -> None:
    """Image URLs and separate credit lines from the figure markup; the page's lead image if none."""
    by_start: dict[int, object] = {}
    credits: dict[int, str] = {}
    for b in blocks:
        by_start.setdefault(b.start, b)
        if "credit_of" in b.dom:
            credits.setdefault(b.dom["credit_of"], b.text)
    for img in article.images:
        b = by_start.get(img.provenance[0].start) if img.provenance else None
        if b is None:
            continue
        if img.url is None and b.dom.get("img"):
            img.url = b.dom["img"]
        if img.credit is None and b.index in credits:
            img.credit = credits[b.index]
    if meta.images and not any(img.url == meta.images[0] for img in article.images):
        article.images.insert(0, Image(caption=None, credit=None, url=meta.images[0], position=0))
