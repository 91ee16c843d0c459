"""Page metadata from the markup: JSON-LD (NewsArticle and kin, `@graph`, lists), OpenGraph and other
`<meta>` tags, microdata (`itemprop`), `<title>` and `<html lang>`; and how it fills an Article.

Publishers write metadata for search engines, so it is usually exact where the visible page is
vague (ISO times with zone, authors as bare names) and vague where the page is exact (an author
field that holds the publisher's name, a headline reworded for search). `apply_metadata` says which
wins for each field.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

from ..record import Image
from .text_fields import INITIAL_END, byline_names, name_head

ARTICLE_TYPES = frozenset((
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting", "liveblogposting",
    "socialmediaposting", "scholarlyarticle", "techarticle", "report", "posting", "creativework",
))
ORG_TYPES = frozenset(("organization", "newsmediaorganization", "corporation", "organisation"))
PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
                  "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "sailthru.date",
                  "parsely-pub-date", "publish-date", "article.published", "cxenseparse:recs:publishtime")
UPDATED_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
                "article.updated")
AUTHOR_KEYS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
# "By X", "Posted by X", "Analysis by X" ("Word by" only: "von" is also a particle of names), and the
# "published by" of other languages spelled out
BY_PREFIX = re.compile(
    r"^\s*((by|von|par|por|di|door|av|af)|([A-Z]\w+\s+){1,2}by"
    r"|((posted|written|published|veröffentlicht|geschrieben|verfasst|publié|écrit|publicado|escrito|pubblicato|"
    r"scritto)\s+(by|von|par|por|da)))\s+", re.I)
BYLINE_WORDS = frozenset(("by", "von", "par", "por", "di", "door", "av", "af", "de", "da"))
# a user name with dots ("edilson.la.rosa"), not a domain ("mbl.is", "nieuwsblad.be": a publisher's byline)
HANDLE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[\w-]{4,}$")
# "and" between names in the languages of the dev sets and beyond
NAME_JOINERS = re.compile(r"\s*(?:,|;|&|\||\b(?:and|und|et|y|e|og|och|en|ve|i)\b)\s*")
TRAILING_SEPARATOR = re.compile(r"\s+[-–—|:·]+\s*$")
LEADING_MARK = re.compile(r"^[:|–—-]\s")  # an h1 whose own text opens with a separator has a part nested above
BODY_HEAD_REACH = 3  # body blocks where a display headline the splitter took for text may stand
KICKER_MAX_WORDS = 8  # ... with only a kicker above it
NESTED_IN_H1 = 3  # block elements set inside an h1: an overline, a kicker
HEADLINE_WORDS = (2, 40)  # an h1 outside this many words is a logo or a paragraph styled big
AUTHOR_CLASS = re.compile(r"(?<![a-z])(author|byline|autor|writer|verfasser|redakteur)")
AUTHOR_REACH = 30  # blocks above the first paragraph where a byline may stand
SAID_BY = re.compile(r"(?:^|[|•·]\s*)(?:by|von|par|por|door|av|af)\s+\w", re.I)
PICTURE_CREDIT = re.compile(r"©|\b(bild|bilder|foto|fotos|photo|photos|image|picture|pictures)\b\s*[:©]", re.I)
WRITER_LINE_WORDS = 8  # a line of writers' names below an account's byline: two or three names
WRITER_REACH = 6  # blocks below such a byline (standfirst lines, a share bar) where the writers may stand
PARAGRAPH_WORDS = 25  # a block this long is the story itself: the writers stand above it
AUTHOR_MAX_CHARS = 80  # a longer line marked "author" is a biography, not a byline
# an author value that is a person's name: a few words, no URL, no digits
NAME_MAX_WORDS = 6


@dataclass
class PageMeta:
    headline: str | None = None  # JSON-LD headline, else og:title, else <title>
    headline_from: str | None = None  # "jsonld" | "og" | "title"
    title: str | None = None  # the <title> as written
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601 as the page gives it
    updated: str | None = None
    language: str | None = None
    images: list[str] = field(default_factory=list)
    description: str | None = None
    site_name: str | None = None
    url: str | None = None


def page_meta(tree) -> PageMeta:
    """Everything the page says about itself outside the visible text; one query per source kind."""
    meta = PageMeta()
    for node in tree.css('script[type="application/ld+json"]'):
        _read_jsonld(node.text(deep=True), meta)
    _read_meta_tags(tree, meta)
    _read_microdata(tree, meta)
    title = tree.css_first("title")
    if title is not None:
        meta.title = " ".join(title.text().split()) or None
        if meta.headline is None and meta.title:
            meta.headline, meta.headline_from = _without_site(meta.title, meta.site_name), "title"
    html = tree.css_first("html")
    lang = html.attributes.get("lang") or html.attributes.get("xml:lang") if html is not None else None
    if lang and lang.strip():
        meta.language = lang.strip().replace("_", "-")
    return meta


# -- JSON-LD --------------------------------------------------------------------------------------

def _read_jsonld(raw: str, meta: PageMeta) -> None:
    raw = raw.strip()
    if not raw:
        return
    try:
        data = json.loads(raw, strict=False)
    except ValueError:
        # a common slip: a trailing comma or a stray "//" comment line ([ \t]*, not \s*, which crossed
        # lines and made a block of blank lines quadratic)
        try:
            data = json.loads(re.sub(r",\s*([}\]])", r"\1", re.sub(r"^[ \t]*//.*$", "", raw, flags=re.M)), strict=False)
        except ValueError:
            return
    for obj in _objects(data):
        types = _types(obj)
        if types & ARTICLE_TYPES:
            _fill_from_article(obj, meta)
        elif "webpage" in types and obj.get("inLanguage") and meta.language is None:
            meta.language = _str(obj.get("inLanguage"))


def _objects(data, depth: int = 0):
    """Every dict in a JSON-LD document: top-level, lists, `@graph`, and `mainEntity` nests."""
    if depth > 4:
        return
    if isinstance(data, list):
        for x in data:
            yield from _objects(x, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data and isinstance(data[key], (list, dict)):
                yield from _objects(data[key], depth + 1)


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _fill_from_article(obj: dict, meta: PageMeta) -> None:
    headline = _str(obj.get("headline")) or _str(obj.get("name"))
    if headline and meta.headline_from != "jsonld":
        meta.headline, meta.headline_from = _clean(headline), "jsonld"
    if not meta.published:
        meta.published = _iso(obj.get("datePublished")) or _iso(obj.get("dateCreated"))
    if not meta.updated:
        meta.updated = _iso(obj.get("dateModified"))
    if not meta.authors:
        meta.authors = _people(obj.get("author")) or _people(obj.get("creator"))
    if not meta.language:
        meta.language = _str(obj.get("inLanguage"))
    for url in _image_urls(obj.get("image")):
        if url not in meta.images:
            meta.images.append(url)
    if not meta.description:
        meta.description = _str(obj.get("description"))


def _people(value) -> list[str]:
    """Author names from a JSON-LD author value: a Person, a list, a bare string; an organisation only
    where no person is named (a desk or agency byline, "BBC News")."""
    people: list[str] = []
    orgs: list[str] = []
    items = value if isinstance(value, list) else [value]
    for it in items:
        if isinstance(it, dict):
            out = orgs if _types(it) & ORG_TYPES else people
            name = _str(it.get("name"))
        else:
            out, name = people, _str(it)
        for n in _split_names(name):
            if n not in out:
                out.append(n)
    return people or orgs


def _image_urls(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out = []
    for it in items:
        url = _str(it.get("url") or it.get("contentUrl")) if isinstance(it, dict) else _str(it)
        if url and url.startswith(("http", "/")):
            out.append(url)
    return out


# -- <meta> and microdata --------------------------------------------------------------------------

def _read_meta_tags(tree, meta: PageMeta) -> None:
    tags: dict[str, str] = {}
    images: list[str] = []
    for node in tree.css("meta"):
        a = node.attributes
        key = (a.get("property") or a.get("name") or a.get("itemprop") or a.get("http-equiv") or "").strip().lower()
        content = (a.get("content") or "").strip()
        if not key or not content:
            continue
        if key in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image"):
            images.append(content)
        tags.setdefault(key, content)
    if meta.headline_from != "jsonld":
        og = tags.get("og:title") or tags.get("twitter:title")
        if og:
            meta.headline, meta.headline_from = _without_site(_clean(og), tags.get("og:site_name")), "og"
    if not meta.published:
        meta.published = next((v for k in PUBLISHED_KEYS if (v := _iso(tags.get(k)))), None)
    if not meta.updated:
        meta.updated = next((v for k in UPDATED_KEYS if (v := _iso(tags.get(k)))), None)
    if not meta.authors:
        for k in AUTHOR_KEYS:
            names = _split_names(tags.get(k))
            if names:
                meta.authors = names
                break
    for url in images:
        if url not in meta.images:
            meta.images.append(url)
    meta.description = meta.description or tags.get("og:description") or tags.get("description")
    meta.site_name = tags.get("og:site_name")
    meta.url = tags.get("og:url")
    if not meta.language:
        loc = tags.get("og:locale") or tags.get("content-language") or tags.get("language")
        if loc:
            meta.language = loc.replace("_", "-")


def _read_microdata(tree, meta: PageMeta) -> None:
    if meta.published and meta.authors:
        return
    for node in tree.css('[itemprop="datePublished"], [itemprop="dateModified"], [itemprop="author"]'):
        a = node.attributes
        prop = a.get("itemprop")
        if prop == "author":
            if not meta.authors:
                name_node = node.css_first('[itemprop="name"]')
                value = a.get("content") or (name_node.text() if name_node is not None else node.text())
                meta.authors = _split_names(" ".join((value or "").split()))
            continue
        value = _iso(a.get("content") or a.get("datetime") or node.text())
        if prop == "datePublished" and not meta.published:
            meta.published = value
        elif prop == "dateModified" and not meta.updated:
            meta.updated = value


# -- values ---------------------------------------------------------------------------------------

def _str(v) -> str | None:
    if isinstance(v, list):
        v = next((x for x in v if isinstance(x, str)), None)
    if isinstance(v, dict):
        v = v.get("name") or v.get("@value")
    if isinstance(v, str) and v.strip():
        return " ".join(v.split())
    return None


def _clean(text: str) -> str:
    import html

    return " ".join(html.unescape(text).split())


SITE_TAIL_MAX_WORDS = 6  # "Headline | Liebe geht durch den Magen": a longer tail is part of the headline


def _without_site(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline' where the tail names the site; without a site name, a short tail
    after a bar or a middle dot, which no headline uses as punctuation. A separator left at the end
    ("Headline -", the site's name left out) goes too."""
    title = TRAILING_SEPARATOR.sub("", title)
    if site:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            head, _, tail = title.rpartition(sep)
            if head and _key(site) and (_key(site) in _key(tail) or _key(tail) in _key(site)):
                return head
    for sep in (" | ", " · "):
        head, _, tail = title.rpartition(sep)
        if head and len(tail.split()) <= SITE_TAIL_MAX_WORDS and len(head.split()) >= len(tail.split()):
            return head
    return title


def _iso(v) -> str | None:
    """An ISO 8601 time as given (zone kept); None for anything that does not start like one."""
    v = _str(v)
    if not v:
        return None
    m = ISO_DATE.match(v)
    if not m:
        return None
    return m.group(0).strip().replace(" ", "T")


def _split_names(value: str | None) -> list[str]:
    """'By Jane Roe and John Doe' -> ['Jane Roe', 'John Doe']; URLs, handles and long phrases dropped."""
    if not value:
        return []
    value = BY_PREFIX.sub("", _clean(value))
    out = []
    for part in NAME_JOINERS.split(value):
        part = BY_PREFIX.sub("", part).strip(" ")  # "Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch"
        if not INITIAL_END.search(part):
            part = part.strip(" .")
        if not part or "/" in part or "@" in part or any(ch.isdigit() for ch in part):
            continue
        if part.lower() in BYLINE_WORDS or HANDLE.match(part):  # "Von" alone; "edilson.la.rosa"
            continue
        if len(part.split()) > NAME_MAX_WORDS or len(part) < 3:
            continue
        out.append(part)
    return out


# -- applying it ----------------------------------------------------------------------------------

def apply_metadata(article, meta: PageMeta, blocks) -> None:
    """Fill an Article from the page metadata and the markup around its blocks.

    Headline: the page's h1 above the body wins (the metadata's wording only where it says the same
    words); without an h1 the metadata headline beats a line the splitter guessed. Times: the visible
    one wins, an exact ISO time replacing a printed one of the same day. Authors: names only, so the
    metadata's people replace a visible byline (which runs into titles, places and dates: 0.74 -> 0.87
    on fundus), the publisher or a line the markup marks "author" standing in where no one is named."""
    _apply_headline(article, meta, blocks)
    if article.authors and not _said_by(article, blocks) and _photographers(article.authors, blocks):
        article.authors = []  # the byline slot named who took the picture ("Bild © Roman Warschauer")
    names = _people_only(meta) or (meta.authors if not article.authors else []) \
        or (_marked_authors(article, blocks) if not article.authors else [])
    if names:
        article.authors = list(names)
    if article.authors and _publisher_account(article.authors, meta):
        article.authors = _writer_below_byline(article, blocks) or article.authors
    article.published = _better_time(article.published, meta.published)
    article.updated = _better_time(article.updated, meta.updated)
    if not article.language and meta.language:
        article.language = meta.language.split(",")[0].strip()
    _apply_images(article, meta, blocks)


def _apply_headline(article, meta: PageMeta, blocks) -> None:
    """The page's own headline element (the last h1 above the body) is the headline; where the
    metadata says the same words, its text is taken (pages hide punctuation in styled spans)."""
    h1 = _h1_above(article, blocks)
    want = _key(meta.headline) if meta.headline else None
    if want and meta.headline_from in ("jsonld", "og") and (h1 is None or _key(h1.text) != want):
        shown = _shown_above(article, blocks, want)
        if shown is not None:  # the page prints the headline its metadata names, though not as its h1
            article.headline = meta.headline
            if article.provenance:
                article.provenance["headline"] = [shown.span]
            return
        if _headline_out_of_body(article, meta.headline, want):
            return
    if h1 is not None:
        seen = _key(h1.text)
        # the same words: the h1 as printed, or the metadata's spelling where it has punctuation the h1
        # lost (pages set a kicker's colon in a styled span); the metadata's words end with the h1's: the
        # words before are a kicker the page styles apart
        same = want and seen and want == seen
        article.headline = meta.headline if same and _marks(meta.headline) > _marks(h1.text) else h1.text
        if want and seen and want != seen and want.endswith(" " + seen) and not article.kicker:
            article.kicker = _kicker_of(meta.headline, len(seen.split())) or None
        if article.provenance:  # empty when the caller asked for no provenance
            article.provenance["headline"] = [h1.span]
        return
    if want and article.headline and _key(article.headline) == want:
        article.headline = meta.headline
    elif meta.headline and meta.headline_from in ("jsonld", "og"):
        article.headline = _printed_head(meta.headline, blocks)


def _printed_head(headline: str, blocks) -> str:
    """'Headline - Site or tagline' -> 'Headline' where the page prints that part alone as a heading."""
    for sep in (" - ", " – ", " — ", " | "):
        head, _, tail = headline.rpartition(sep)
        if head and len(tail.split()) < len(head.split()):
            want = _key(head)
            if any(b.dom.get("level") and _key(b.text) == want for b in blocks):
                return head
    return headline


def _headline_out_of_body(article, headline: str, want: str) -> bool:
    """The metadata's headline printed as one of the body's first blocks (a display headline below a
    sticky h1, which the splitter took for text): it is the headline, the short line over it the kicker,
    and neither is body."""
    body = article.body
    k = next((i for i in range(min(len(body) - 1, BODY_HEAD_REACH)) if _key(body[i]) == want), None)
    if k is None or any(len(body[i].split()) > KICKER_MAX_WORDS for i in range(k)):
        return False
    article.headline = headline
    if k and not article.kicker:
        article.kicker = body[k - 1]
    prov = article.provenance.get("body") if article.provenance else None
    if prov and len(prov) == len(body):
        article.provenance["headline"] = prov[k]
        del prov[:k + 1]
    del body[:k + 1]
    return True


def _marks(text: str) -> int:
    return len(re.findall(r"[^\w\s]", text))


def _kicker_of(headline: str, tail_words: int) -> str:
    """'Klimaschutz: Bohren, bis es heiß wird' less its last `tail_words` words: 'Klimaschutz'."""
    spans = list(re.finditer(r"\w+", headline))
    if len(spans) <= tail_words:
        return ""
    return headline[: spans[-tail_words].start()].strip(" :-–—|·")


def _above_body(article, blocks):
    """The blocks before the article's first paragraph (all of them when the body has no spans)."""
    body = article.provenance.get("body") if article.provenance else None
    first = body[0][0].start if body and body[0] else None
    for b in blocks:
        if first is not None and b.start >= first:
            return
        yield b


def _shown_above(article, blocks, want: str):
    """A block above the article's first paragraph that reads as the metadata's headline."""
    return next((b for b in _above_body(article, blocks) if _key(b.text) == want), None)


def _h1_above(article, blocks):
    """The last title-like h1 before the article's first paragraph, with the text of block elements
    nested in it ("<h1><div>Overline</div><span>: </span>Headline</h1>" is one headline)."""
    best = None
    for b in _above_body(article, blocks):
        if b.dom.get("level") == 1 and HEADLINE_WORDS[0] <= b.words <= HEADLINE_WORDS[1]:
            best = b
    if best is None or not LEADING_MARK.match(best.text):
        return best
    h1 = best.dom["ids"][-1]
    inner = [b.text for b in blocks[max(0, best.index - NESTED_IN_H1):best.index] if h1 in b.dom["ids"][:-1]]
    return replace(best, text=" ".join(inner + [best.text]).replace(" :", ":")) if inner else best


def _people_only(meta: PageMeta) -> list[str]:
    """The metadata's authors minus the publisher itself (its site name, its domain)."""
    site = _key(meta.site_name or "") or _key((meta.title or "").rpartition(" | ")[2] or "")
    out = []
    for name in meta.authors:
        k = _key(name)
        if not k or "." in name and " " not in name.strip() or site and (k in site or site in k):
            continue
        out.append(name)
    return out


def _said_by(article, blocks) -> bool:
    """Does the line the authors came from say "by" ("Von Eva Kirchner-Rätsch", who took the photos too)?"""
    spans = article.provenance.get("authors") if article.provenance else None
    line = next((b.text for b in blocks if spans and b.start == spans[0].start), "")
    return bool(SAID_BY.search(line))


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
    site = _key(meta.site_name or "") or _key((meta.title or "").rpartition(" - ")[2] or "")
    if not site:
        return False
    first = site.split()[0]
    return all((k := _key(name)) and (k in site or site in k or k.split()[0] == first) for name in names)


def _writer_below_byline(article, blocks) -> list[str]:
    """Names on a line of their own below the byline, before the first long paragraph. The line is
    taken out of the body where the splitter counted it in."""
    spans = article.provenance.get("authors") if article.provenance else None
    if not spans:
        return []
    at = next((i for i, b in enumerate(blocks) if b.start == spans[0].start), None)
    if at is None:
        return []
    headline = _key(article.headline or "")
    for b in blocks[at + 1:at + 1 + WRITER_REACH]:
        if b.words > PARAGRAPH_WORDS:
            return []
        if b.words <= WRITER_LINE_WORDS and not b.dom.get("level") and name_head(b.text) == b.text.strip() \
                and _key(b.text) != headline:
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
    for b in blocks[max(0, first - AUTHOR_REACH):last + 1]:
        d = b.dom
        if len(b.text) <= AUTHOR_MAX_CHARS and AUTHOR_CLASS.search(d["path"][-1] + " " + d["inner"]):
            names = [n for n in _split_names(b.text) if n[:1].isupper()]
            if names:
                return names
    return []


def _better_time(visible: str | None, exact: str | None) -> str | None:
    if not exact:
        return visible
    if not visible or visible[:10] == exact[:10]:
        return exact
    return visible


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


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
