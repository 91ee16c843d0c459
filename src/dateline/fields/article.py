"""A story's labelled blocks -> an Article record, every value with the spans it came from."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from ..blocks import Block, norm_key
from .. import lexicon as L
from ..layout.stories import Story
from ..options import Options
from ..read import Page
from ..read.page import mojibake_repaired
from ..record import Article, Image, Sidebar
from . import dates
from .text_fields import AGENCY, ROLE_WORDS, byline_names, dateline_of, name_head, name_shaped, names_before_date
from .html_fields import apply_metadata, markup_refuses_byline
from .standfirst import find_standfirst

META_REACH = 8  # blocks below the body's start where a time or byline still belongs to the header
HIGHLIGHT_MIN_WORDS = 4  # shorter bullets in a header are navigation, not summary points
# text: a body line this short printed again in the story is a label of each of a list's items ("Pros", "Price:")
# and is kept each time; a longer one printed twice is a paragraph repeated (a pull quote) and is kept once
ITEM_LABEL_WORDS = 4


def build_article(story: Story, blocks: list[Block], page: Page, options: Options, meta=None) -> Article | None:
    art = Article()
    prov: dict = {}
    seen_body: set[str] = set()
    body_blocks = []
    for i in range(story.body_start, story.end):
        b = blocks[i]
        if b.label == L.BODY and (b.key not in seen_body or meta is None and b.words <= ITEM_LABEL_WORDS):
            seen_body.add(b.key)
            body_blocks.append(b)
    if meta is not None:  # HTML: a flattened page's short lines are too often its own subheads
        body_blocks = _without_page_lines(_without_orphan_heads(blocks, body_blocks, story.end))
    else:  # text: a site's notice on cookies and consent, set among the paragraphs, is no part of them, nor a
        # photo's credit standing alone ("© Action press/Jane Doe", "Photo: AFP") or closing a caption in
        # square brackets ("… [사진 = 김혜진 기자]")
        body_blocks = [b for b in _without_consent_boxes(body_blocks)
                       if not L.keyed_credit_line(b.text) and not L.bracketed_credit(b.text)]
        # the site's appeal to its readers closing the text: support us, sign up
        body_blocks = _without_closing_heads(_without_closing(body_blocks, lambda b: L.is_reader_appeal(b.text)))
    if not body_blocks:
        return None
    lead = _standfirst(art, prov, blocks, story, body_blocks, meta)
    if lead is not None:  # the body may have taken it: it is in one field only
        body_blocks = [b for b in body_blocks if b is not lead]
    art.body = [b.text for b in body_blocks]
    prov["body"] = [[b.span] for b in body_blocks]
    header = [blocks[i] for i in range(story.header_start, story.body_start)]
    # times and bylines also stand just below a teaser or the first lines of text
    near = header + [blocks[i] for i in range(story.body_start, min(story.end, story.body_start + META_REACH))
                     if blocks[i].label in (L.TIME, L.BYLINE)]
    if story.headline is not None:
        hb = blocks[story.headline]
        art.headline, art.kicker = tidy_headline(hb.text, art.body), story.kicker
        prov["headline"] = [hb.span]
    dates.visible_times(art, prov, near, story.body_start, page.fetched_at or options.fetched_at)
    header_time = art.published is not None  # a time line of the header, not a dated line found further off
    if art.published is None and art.updated is None:
        dates.nearest_date(art, prov, blocks, *_reach(story, len(blocks)), story.body_start)
    _find_authors(art, prov, blocks, story)
    if meta is None:  # text: the author's own note closing the story is no part of it
        body_blocks = _without_author_notes(art, prov, body_blocks)
    art.dateline = dateline_of(art.body[0])
    points = [b for b in header if b.bullet and b.words >= HIGHLIGHT_MIN_WORDS and b.label != L.BODY]
    art.highlights = [b.text for b in points]
    prov["highlights"] = [b.span for b in points]
    art.images = _images(blocks, story, body_blocks, _lead_start(blocks, story) if meta is not None else None)
    art.sidebars = _sidebars(blocks, story)
    art.provenance = prov if options.keep_provenance else {}
    if meta is not None:
        apply_metadata(art, meta, blocks, story.reach_start)  # HTML path: JSON-LD, OpenGraph (issue 4)
        dates.settle(art, meta, story.reach_start == 0, page.url, header_time)
        _without_author_notes(art, prov, body_blocks)  # HTML: once the metadata has named the authors
        if art.published is None and art.updated is None:
            dates.update_line(art, prov, blocks, story.reach_start, story.reach_end or len(blocks))
    _repair_values(art)
    return art


def _repair_values(art: Article) -> None:
    """Every text value as its writer wrote it where the page's text was read in the wrong encoding before
    it reached us ("letâ€™s"): the values, not the blocks, whose text the models were trained on."""
    def fix(v):  # a value that may be None
        return v and mojibake_repaired(v)

    art.headline, art.kicker = fix(art.headline), fix(art.kicker)
    art.standfirst, art.dateline = fix(art.standfirst), fix(art.dateline)
    art.body = [fix(t) for t in art.body]
    art.highlights = [fix(t) for t in art.highlights]
    art.authors = [fix(t) for t in art.authors]
    for im in art.images:
        im.caption, im.credit = fix(im.caption), fix(im.credit)
    for sb in art.sidebars:
        sb.title, sb.items = fix(sb.title), [fix(t) for t in sb.items]
        sb.fields = {k: fix(v) for k, v in sb.fields.items()}


def _standfirst(art: Article, prov: dict, blocks: list[Block], story: Story, body: list[Block], meta):
    """The lead paragraph set apart between the headline and the body (fields/standfirst.py), unless it
    is most of the body there is (a page of one paragraph and a widget keeps its paragraph as body)."""
    top = story.headline + 1 if story.headline is not None else story.header_start
    found = find_standfirst(blocks, range(top, story.body_start), body, story.headline,
                            meta.description if meta is not None else None, meta is not None)
    if found is None:
        return None
    if any(b is found for b in body) and sum(b.words for b in body if b is not found) < max(
            STANDFIRST_REST_WORDS, found.words):
        return None
    art.standfirst = found.text
    prov["standfirst"] = [found.span]
    return found


CONSENT_REACH = 4  # blocks above a consent notice where the other lines of its box stand
BOX_LINE_WORDS = 40  # a placeholder's lines are short: a longer paragraph above a notice is the article's
BOX_TITLE_WORDS = 4  # "Empfohlener redaktioneller Inhalt", "Link zum YouTube-Inhalt": a box's title or link


def _without_consent_boxes(body: list[Block]) -> list[Block]:
    """Text: the body less the site's notices on cookies and consent (`L.is_consent_notice`) and the rest of
    an embed's placeholder around one: the lines just above it that name a consent term ("An dieser Stelle
    finden Sie externen Inhalt", "Ich bin damit einverstanden, ...") with what stands between them, none
    longer than BOX_LINE_WORDS unless it names the terms twice (a cookie table's "These cookies ..."; an
    article on data protection names one in its own long paragraphs), and a
    short title right above the box or a short link right below it ("Empfohlener redaktioneller Inhalt",
    "Link zum YouTube-Inhalt"). The placeholder interrupts the article where the embed would stand."""
    out = set()
    for k, b in enumerate(body):
        if not L.is_consent_notice(b.text):
            continue
        top = k
        for j in range(k - 1, -1, -1):
            if body[top].index - body[j].index > CONSENT_REACH or body[j].words > BOX_LINE_WORDS \
                    and len(L.CONSENT_TERMS.findall(body[j].text)) < 2:
                break
            if L.CONSENT_TERMS.search(body[j].text):
                top = j
        if top and body[top].index - body[top - 1].index <= 2 and _box_title(body[top - 1]):
            top -= 1
        out.update(range(top, k + 1))
        if k + 1 < len(body) and body[k + 1].index - b.index <= 2 and _box_title(body[k + 1]):
            out.add(k + 1)
    return [b for k, b in enumerate(body) if k not in out]


def _box_title(b: Block) -> bool:
    return b.words <= BOX_TITLE_WORDS and not L.sentence_like(b.text)


CLOSING_HEAD_WORDS = 12  # a line this short that does not end as a sentence is a heading or a link
CLOSING_HEADS = 2  # at most this many such lines closing the body are dropped; more are a list, the text's own


def _without_closing_heads(body: list[Block]) -> list[Block]:
    """Text: an article's text does not end on a heading. One or two short lines that do not end as a
    sentence, closing the body, are what stands below the article: a teaser's title whose blurb was left
    out, a box's head ("Hier können Sie unsere Podcasts hören", "【関連記事】"), a link. Three or more
    are a list closing the text (tour dates, a table's rows) and stay."""
    k = len(body)
    while k and body[k - 1].words <= CLOSING_HEAD_WORDS and not L.sentence_like(body[k - 1].text):
        k -= 1
    return body[:k] if k and len(body) - k <= CLOSING_HEADS else body


AUTHOR_NOTE_TAIL = 3  # the last paragraphs where an author's note stands
AUTHOR_NOTE_LEAD = 3  # words before the name in the note's opening: "Über Jane Doe", "Email Jane Doe at ..."


def _without_author_notes(art: Article, prov: dict, body: list[Block]) -> list[Block]:
    """The body less the author's note closing it (`_author_notes`), the record's body and its provenance
    with it (wcxb/html +0.0002, fundus/html +0.0005, trafilatura/html snippets +0.0005 cross-site)."""
    bio = _author_notes(art.body, art.authors) if art.authors else set()
    if not bio:
        return body
    body = [b for k, b in enumerate(body) if k not in bio]
    art.body = [b.text for b in body]
    prov["body"] = [[b.span] for b in body]
    for im in art.images:  # HTML: an image set before a note now stands after the body's last paragraph
        im.position = min(im.position, len(art.body))
    return body


def _author_notes(body: list[str], authors: list[str]) -> set[int]:
    """The paragraphs among the body's last AUTHOR_NOTE_TAIL that open on the name of one of the
    story's authors (a person's name of two or three capitalised words, at most AUTHOR_NOTE_LEAD words
    in; a bracket or quote before it aside): the author's note below the article ("Jane Doe is a politics
    reporter for ...", "(Jane Doe is an associate attorney ...)", "Über Jane Doe", "You can email Jane Doe
    here"). The first paragraph is the story's,
    whatever it opens with, and so is a paragraph naming one the text above speaks of (a company's case
    study "by" the company)."""
    tail = max(1, len(body) - AUTHOR_NOTE_TAIL)
    above = " ".join(body[:tail])
    names = [n for n in authors if 2 <= len(n.split()) <= 3 and not n.isupper()
             and all(w[:1].isupper() for w in n.split()) and n not in above]
    out = set()
    for k in range(tail, len(body)):
        opening = " " + body[k].lstrip("([\"'“„«")
        for n in names:
            at = opening.find(" " + n)
            if at >= 0 and len(opening[:at].split()) <= AUTHOR_NOTE_LEAD:
                out.add(k)
    return out


STANDFIRST_REST_WORDS = 40  # words the body must keep without its first paragraph for that to be a standfirst
ORPHAN_WORDS = 6  # "Mehr zum Thema", "Schon gelesen?", "Zum Weiterlesen:": a heading, not a sentence
ORPHAN_REACH = 3  # blocks after such a heading where the text it heads would stand


def _without_orphan_heads(blocks: list[Block], body: list[Block], end: int) -> list[Block]:
    """The body less short headings (a heading element, or a line ending in a colon or a question mark)
    that head no text: the links under "Mehr zum Thema", "Veja Também:" or "Schon gelesen?" were dropped
    as furniture, and the heading would stand alone (a subheading has paragraphs after it; a sign-off,
    "Euer Hans", is no heading)."""
    keep = []
    for b in body:
        if b.words <= ORPHAN_WORDS and (b.dom.get("level") or b.text.endswith((":", "?"))):
            after = range(b.index + 1, min(end, b.index + 1 + ORPHAN_REACH))
            if not any(blocks[i].label == L.BODY for i in after):
                continue
        keep.append(b)
    return keep


PROMPT_MAX_WORDS = 20  # a closing line asking the reader to sign up; a longer one is a paragraph of the text


# the page's own lines, in the order _without_page_lines names them
PAGE_LINES = (L.is_control_line, L.is_download_line, L.is_post_footer, L.is_links_head_in_text, L.is_affiliate_note,
              L.is_newsletter_prompt, L.is_reading_time, L.is_follow_prompt, L.is_ad_or_paywall_line)
# the longest line any of them reads (an affiliate note, a follow prompt, a post footer): a longer paragraph
# is passed without asking each of them, which was most of their cost
PAGE_LINE_MAX_WORDS = 60


def _page_line(text: str) -> bool:
    return L.words_at_most(text, PAGE_LINE_MAX_WORDS) and any(test(text) for test in PAGE_LINES)


def _without_page_lines(body: list[Block]) -> list[Block]:
    """HTML: the body less the page's own lines that its markup set among the paragraphs: its controls
    ("Rezept drucken", "Share this article", "Valora esta noticia"), a file's download line ("PDF | 38 KB"),
    a blog post's footer (posted on <date>, filed under …), the head of a list of the site's other
    stories ("Mehr zum Thema"), its note on being paid for its links ("We may earn a commission ...",
    "This post contains affiliate links"), a prompt to get its newsletter ("Sign up for our newsletter"),
    the story's reading time ("6 min read"), a prompt to follow the site ("Follow us on Facebook"),
    an advertising slot's label or a paywall's note ("Advertisement: ...", "... exclusive to X subscribers");
    and at its end a prompt to sign up or the site's appeal."""
    keep = [b for b in body if not _page_line(b.text)]
    keep = _without_closing(keep, lambda b: L.is_closing_prompt(b.text) and b.words <= PROMPT_MAX_WORDS
                            or L.is_reader_appeal(b.text))
    return keep or body


def _without_closing(body: list[Block], closes) -> list[Block]:
    """The body less the lines closing it for which `closes` holds; its first line always stays."""
    k = len(body)
    while k > 1 and closes(body[k - 1]):
        k -= 1
    return body[:k]


# "Topline : Title": flatteners put a space where a topline's element ends before its colon. French
# typography spaces every colon, so a headline that spaces its "?", "!" or ";" as well keeps it.
SPACED_COLON = re.compile(r"(?<=\w)\s+:\s")
FRENCH_SPACING = re.compile(r"\w\s[?!;»]")


def tidy_headline(text: str, body: list[str] = ()) -> str:
    """A flattener's space before a topline's colon taken out, unless the page sets its colons that way
    (French typography: in the headline's own "?", "!", ";", or in most of the body's colons)."""
    if FRENCH_SPACING.search(text) or _spaced_colons(body):
        return text
    return SPACED_COLON.sub(": ", text)


def _spaced_colons(body: list[str]) -> bool:
    spaced = sum(len(SPACED_COLON.findall(p)) for p in body if ":" in p)
    return spaced >= 2 and spaced * 2 > sum(p.count(":") for p in body)


def _reach(story: Story, n_blocks: int) -> tuple[int, int]:
    """The blocks where a story's date or byline may stand outside its header: some way above it and
    some way past its end, never into the story before or after it."""
    end = story.reach_end if story.reach_end is not None else n_blocks
    return max(story.reach_start, story.header_start - DATE_REACH), min(end, story.end + AFTER_REACH)


DATE_REACH = 40  # blocks above the story's header where its date may still stand
NAME_LINE_REACH = 6  # blocks above the body's start where a name standing alone is its byline


def _names_near_header(art: Article, prov: dict, blocks: list[Block], story: Story) -> None:
    """No byline word anywhere: a line that is only a name just above the text, or a time line that
    opens with one ("Stefan Trunzik, 26.04.2024 10:00 Uhr"), names the authors."""
    lo = max(0, story.body_start - NAME_LINE_REACH)
    for b in reversed(blocks[lo:story.body_start]):
        if b.index == story.headline or b.label in (L.BODY, L.CAPTION) \
                or markup_refuses_byline(b, False, heading=True) or _in_link_list(blocks, b):
            continue
        head = name_head(b.text)
        if b.label != L.TIME and head and head != ROLE_WORDS.sub("", b.text).strip(NAME_LINE_MARKS):
            continue  # the line goes on past the name ("What Meditation Can Do for You …"): not a name alone
        names = names_before_date(b.text) if b.label == L.TIME else (byline_names(head) if head else [])
        if names:
            art.authors = names
            prov["authors"] = [b.span]
            return


NAME_LINE_MARKS = " ,|•-–"  # what name_head strips around a name


def _in_link_list(blocks: list[Block], b: Block) -> bool:
    """Is the line one link of a list of links (a menu, a table of contents, a footer's column): a
    neighbour of the same markup path is a link too? A name standing alone is no such item."""
    if not b.dom or b.dom.get("links", 0) < L.LINKED:
        return False
    return any(0 <= j < len(blocks) and blocks[j].dom and blocks[j].dom.get("links", 0) >= L.LINKED
               and blocks[j].dom["path"] == b.dom["path"] for j in (b.index - 1, b.index + 1))


def _find_authors(art: Article, prov: dict, blocks: list[Block], story: Story) -> None:
    """Authors from the lines around the header, the most certain kind of line first: a byline word
    ("By", "Von", "Par"); then a name next to the story's date ("Amy Gibbons" over "16 September
    2024 9:33pm", "Sehernur Karsu | 05.04.2025"); then a line the learned label calls a byline and
    that reads as names. Else the byline nearest the text ("Von X" closing the story); else a name
    standing alone just above the text."""
    top = story.headline if story.headline is not None else story.header_start
    window = range(max(0, min(top, story.header_start) - 2), min(story.end, story.body_start + META_REACH))
    headline_key = blocks[story.headline].key if story.headline is not None else ""
    best_tier, found = 0, []
    for i in window:
        tier, names = _author_line(blocks, i, story, headline_key)
        if tier > best_tier:
            best_tier, found = tier, []
        if names and tier == best_tier:
            found.append((blocks[i], names))
    # the first such line, and those right below it (one author a line); a later one is a caption's
    # credit or a name in a box beside the story
    last = found[0][0].index if found else 0
    for k, (b, names) in enumerate(found):
        if k and (best_tier < 3 or b.index - last > AUTHOR_LINES_GAP):
            break
        last = b.index
        art.authors.extend(name for name in names if name not in art.authors)
        prov.setdefault("authors", []).append(b.span)
    if not art.authors:  # a byline word further off: "Von X" closing the story, an author box below it
        lo, hi = _reach(story, len(blocks))
        far = sorted((i for i in range(lo, hi) if i not in window), key=lambda i: abs(i - story.body_start))
        for i in far:
            tier, names = _author_line(blocks, i, story, headline_key)
            if tier == 3:
                art.authors = names
                prov["authors"] = [blocks[i].span]
                break
    if not art.authors:
        _names_near_header(art, prov, blocks, story)


AUTHOR_LINE_MAX_WORDS = 16  # a longer line is a sentence that names someone, not a byline
AUTHOR_LINES_GAP = 2  # blocks between two author lines of one byline
AFTER_REACH = 12  # blocks past the story's end where an author box with a byline word may stand


def _author_line(blocks: list[Block], i: int, story: Story, headline_key: str) -> tuple[int, list[str]]:
    """(how certain, names) for block i as an author line: 3 with a byline word, 2 names beside a
    date, 1 a learned byline label that reads as names, 0 none."""
    b = blocks[i]
    if i == story.headline or b.label == L.CAPTION or b.words > AUTHOR_LINE_MAX_WORDS:
        return 0, []
    if headline_key and b.key in headline_key:
        return 0, []  # the headline again, or its second half ("Kühltürme von AKW ... gesprengt")
    if b.dom and markup_refuses_byline(b, bool(L.BYLINE_RE.match(b.text))):
        return 0, []
    # a time line with parts: "Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch"
    for part in (p.strip() for p in L.BYLINE_PARTS.split(b.text)):
        if L.BYLINE_RE.match(part) and not L.BYLINE_ALONE.match(part) and not PHOTO_BY.search(part):
            names = byline_names(part)
            # the byline word may be a preposition in a sentence ("Einsatz von KI unter Studierenden",
            # "By Syrian defense ministries' count"): what follows must read as names, unless the
            # labeller took the whole line for a byline
            if names and (L.BYLINE_FIRST.match(part) and b.label == L.BYLINE
                          or all(name_shaped(n) or AGENCY.match(n) for n in names)):
                return 3, names
    if names := _byline_after_date(b.text):
        return 3, names
    head = name_head(b.text)
    # "Author of the article:" over the name; a byline that goes on from a line ending in a comma
    if head and i > 0 and (L.BYLINE_ALONE.match(blocks[i - 1].text) or blocks[i - 1].label == L.BYLINE
                           and blocks[i - 1].text.rstrip().endswith(",")):
        return 3, byline_names(head)
    if b.label == L.BODY and b.words > 6:
        return 0, []
    names = names_before_date(b.text) if _has_date(b.text) else []
    if names:
        return 2, names
    # "Januar 2026 • Gregor Meier • 3 Minuten": a name among the parts of a line that holds a date
    parts = L.BYLINE_PARTS.split(b.text)
    if len(parts) > 1 and any(ch.isdigit() for ch in b.text):
        heads = [h for p in parts if not any(ch.isdigit() for ch in p) and (h := name_head(p.strip()))]
        if heads:
            return 2, byline_names(heads[0])
    if AGENCY.match(b.text) and (_dated(blocks, i - 1) or _dated(blocks, i + 1)):
        return 2, [b.text]  # "AFP" over the story's date
    if head and (_dated(blocks, i - 1) or _dated(blocks, i + 1) or _role_line(blocks, i + 1)):
        return 2, byline_names(head)
    if head and b.label == L.BYLINE:
        return 1, byline_names(head)
    return 0, []


# a byline word after the date in one line: "September 1st, 2023 By Emily Norwood", "Posted on December 18,
# 2025 Posted by John Scalzi 59 Comments"
BY_AFTER_DATE = re.compile(rf"\s(?:posted\s+|written\s+)?{L.BYLINE_WORDS}:?\s+(?=[A-ZÄÖÜ])", re.I)


def _byline_after_date(text: str) -> list[str]:
    """The names after a byline word that follows the line's date: the date first, then who wrote it."""
    d = L.find_date(text)
    by = BY_AFTER_DATE.search(text, d.end()) if d else None
    if by is None or PHOTO_BY.search(text):
        return []
    names = byline_names(text[by.end():])
    return names if names and all(name_shaped(n) for n in names) else []


# "Photo by X / Getty Images": a picture's credit, not the story's byline; "Powered by X": a widget's
PHOTO_BY = re.compile(r"\b(photos?|photograph|fotos?|bild|bilder|images?|pictures?|videos?|illustration|grafik|"
                      r"graphic|powered|hosted|sponsored|presented)\s+(by|von|de|par|di|por)\b", re.I)


def _role_line(blocks: list[Block], i: int) -> bool:
    """A job title alone on its line ("Redakteurin", "Corresponsal en Atenas"), as under a byline."""
    return 0 <= i < len(blocks) and blocks[i].words <= 5 and bool(ROLE_WORDS.match(blocks[i].text))


def _dated(blocks: list[Block], i: int) -> bool:
    return 0 <= i < len(blocks) and len(blocks[i].text) <= dates.DATE_LINE_MAX_CHARS and (
        blocks[i].label == L.TIME or _has_date(blocks[i].text))


@lru_cache(maxsize=4096)
def _has_date(text: str) -> bool:
    return bool(L.find_date(text))


def _images(blocks: list[Block], story: Story, body_blocks: list[Block], lead: int | None) -> list[Image]:
    images: list[Image] = []
    seen: set[str] = set()
    for i in chain(range(lead, story.header_start) if lead is not None else (), story.blocks):
        b = blocks[i]
        if b.label != L.CAPTION or not _caption_like(b.text, b.words):
            continue
        caption, credit = L.split_credit(b.text)
        key = norm_key(caption)
        if key in seen:
            continue
        seen.add(key)
        position = sum(1 for x in body_blocks if x.index < b.index)
        images.append(Image(caption=caption, credit=credit, position=position, provenance=[b.span]))
    return images


def _lead_start(blocks: list[Block], story: Story) -> int | None:
    """HTML: where the page's h1 stands, when the splitter began the story below it (a headline it
    did not take): the lead photo or gallery between the h1 and the story is the story's."""
    for i in range(story.header_start - 1, max(story.reach_start, story.header_start - LEAD_REACH) - 1, -1):
        if blocks[i].dom.get("level") == 1:
            return i + 1
    return None


LEAD_REACH = 80  # blocks above a story where its h1 may stand (a gallery of a dozen photos, share bars)
CAPTION_MIN_WORDS = 2  # "autoplay", "Powered by" under a picture are controls
SHORT_DATED_WORDS = 8  # a line this short that holds a date or a time is the story's time or a clip's length


def _caption_like(text: str, words: int) -> bool:
    """A line labelled caption that is a caption: not a credit alone ("© André Schmidt", "Quelle:
    t-online", "Mads Claus Rasmussen/Ritzau Scanpix"), a byline, a time line or a clip's length."""
    if words < CAPTION_MIN_WORDS or text.startswith("©") or L.is_byline(text):
        return False
    lead = L.CREDIT_LEAD.search(text)
    if lead and lead.start() == 0:
        return False
    if words <= SHORT_DATED_WORDS and (L.find_date(text) or CLOCK.search(text)):
        return False
    return not ("/" in text and words <= 6 and L.credit_like(text))


CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")


def _sidebars(blocks: list[Block], story: Story) -> list[Sidebar]:
    out: list[Sidebar] = []
    for i in story.blocks:
        b = blocks[i]
        if b.label != L.SIDEBAR_TITLE:
            continue
        items, spans = [], [b.span]
        j = i + 1
        while j < len(blocks) and blocks[j].label == L.SIDEBAR_ITEM:
            items.append(blocks[j].text)
            spans.append(blocks[j].span)
            j += 1
        fields = {}
        for it in items:
            key, sep, value = it.partition(":")
            if sep and 1 <= len(key.split()) <= 5 and value.strip():
                fields[key.strip()] = value.strip()
        kind = L.sidebar_kind(b.text) or ("fact" if fields == {} else "other")
        if fields and kind == "other" and len(fields) == len(items):
            kind = "fact"
        out.append(Sidebar(kind=kind, title=b.text, items=items, fields=fields, provenance=spans))
    return out


