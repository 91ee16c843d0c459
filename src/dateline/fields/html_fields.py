"""How an HTML page's metadata and markup fill an Article the blocks built: which headline (its home:
html_headline.py), authors, times and images win where the visible page and the metadata disagree (issue 4).

The visible page wins where it is clear: the h1 (or the display headline the metadata names) over a
headline reworded for search, a byline that names people over a publisher's name. The metadata wins
where it is exact: an ISO time of the same day, people's names without titles, places and dates.
"""
from __future__ import annotations

import re

from .. import lexicon as L
from ..record import Image
from ..blocks.metadata import PageMeta, site_label, split_names, word_key
from ..layout.dom import TAXONOMY_CLASS
from .html_headline import apply_headline
from .text_fields import byline_names, name_head

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
    if d["links"] >= L.LINKED and any(LISTING_CLASS.search(w) for w in words):
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
    apply_headline(article, meta, blocks, start)
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


def _byline_is_headline(article, blocks) -> bool:
    """Did the authors come from the line the page prints as its headline (a title the splitter did
    not take for the headline, the h1 or the metadata's words settling it)?"""
    spans = article.provenance.get("authors") if article.provenance else None
    line = next((b.text for b in blocks if spans and b.start == spans[0].start), None)
    return bool(line and article.headline) and word_key(line) == word_key(article.headline)


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
