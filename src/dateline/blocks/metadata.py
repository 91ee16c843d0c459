"""Page metadata from the markup: JSON-LD (NewsArticle and kin, `@graph`, lists), OpenGraph and other
`<meta>` tags, microdata (`itemprop`), `<title>` and `<html lang>`, read into a PageMeta.

Publishers write metadata for search engines, so it is usually exact where the visible page is
vague (ISO times with zone, authors as bare names) and vague where the page is exact (an author
field that holds the publisher's name, a headline reworded for search). `html_fields.apply_metadata`
says which wins for each field.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import lexicon as L

ARTICLE_TYPES = frozenset((
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting", "liveblogposting",
    "socialmediaposting", "scholarlyarticle", "techarticle", "report", "posting", "creativework",
))
# pages that are not articles but may say when they were published (a guide, a product page, a FAQ)
PAGE_TYPES = frozenset(("webpage", "itempage", "aboutpage", "faqpage", "qapage", "collectionpage", "medicalwebpage",
                        "profilepage", "searchresultspage", "contactpage", "howto", "recipe", "event"))
ORG_TYPES = frozenset(("organization", "newsmediaorganization", "corporation", "organisation"))
PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
                  "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "sailthru.date",
                  "parsely-pub-date", "publish-date", "article.published", "cxenseparse:recs:publishtime",
                  "published-date", "published_date", "publish_date", "publication_date", "date_published",
                  "article:published", "og:published_time", "dc.date.created", "dcterms.issued", "published_time")
# a <meta> name that says published, with a site's own prefix or none: "w-published-date", "published"
PUBLISHED_KEY = re.compile(r"(?:^|[-_.:])publish(?:ed)?(?:[-_]?(?:date|time|on|at))?$")
UPDATED_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
                "article.updated", "modified-date", "modified_date", "article:modified", "og:modified_time",
                "dc.modified", "modified_time", "updated_time", "lastmod")
AUTHOR_KEYS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
# "By X", "Posted by X", "Analysis by X" ("Word by" only: "von" is also a particle of names), and the
# "published by" of other languages spelled out
BY_PREFIX = re.compile(
    r"^\s*((by|von|par|por|di|door|av|af)|([A-Z]\w+\s+){1,2}by"
    r"|((posted|written|published|veröffentlicht|geschrieben|verfasst|publié|écrit|publicado|escrito|pubblicato|"
    r"scritto)\s+(by|von|par|por|da)))\s+", re.I)
# a user name with dots ("edilson.la.rosa"), not a domain ("mbl.is", "nieuwsblad.be": a publisher's byline)
HANDLE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[\w-]{4,}$")
# "and" between names in the languages of the dev sets and beyond
# (a joining word with a period is an abbreviation: "Deutscher Caritasverband e. V.")
NAME_JOINERS = re.compile(r"\s*(?:,|;|&|\||\b(?:and|und|et|y|e|og|och|en|ve|i)\b(?!\.))\s*")
TRAILING_SEPARATOR = re.compile(r"\s+[-–—|:·]+\s*$")
ABSOLUTE_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$", re.I)
# an author value that is a person's name: a few words, no URL, no digits
NAME_MAX_WORDS = 6


@dataclass
class PageMeta:
    headline: str | None = None  # JSON-LD headline, else og:title, else <title>
    headline_from: str | None = None  # "jsonld" | "og" | "title"
    # og:title (else twitter:title) less a site tail, kept beside a JSON-LD headline that says otherwise:
    # a page may print the one under a breadcrumb that prints the other (fields/html_headline.py)
    social_title: str | None = None
    title: str | None = None  # the <title> as written
    authors: list[str] = field(default_factory=list)
    # the writer a page's <meta> labels so ("twitter:label1" "Written by", "twitter:data1" the name): a
    # publisher's statement of who wrote it, though often the account that posted it
    written_by: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601 as the page gives it
    updated: str | None = None
    # a published key whose value is printed, not ISO ("March 27, 2025"): fields/dates.py reads it
    published_text: str | None = None
    language: str | None = None
    images: list[str] = field(default_factory=list)
    description: str | None = None
    site_name: str | None = None
    url: str | None = None
    failed: str | None = None  # why a metadata source could not be read (the page's warnings say so)
    tree: Any = field(default=None, repr=False, compare=False)  # the parsed page, for `marked_dates`


def page_meta(tree) -> PageMeta:
    """Everything the page says about itself outside the visible text; one query per source kind."""
    meta, reserve = PageMeta(), PageMeta()
    # a metadata source that cannot be read (JSON-LD nested 1,500 deep, say) costs the metadata, never
    # the article: the reason goes to the page's warnings
    for node in tree.css('script[type="application/ld+json"]'):
        _guarded(meta, _read_jsonld, node.text(deep=True), meta, reserve)
    _guarded(meta, _read_meta_tags, tree, meta)
    _guarded(meta, _read_microdata, tree, meta)
    if not meta.published and not meta.published_text:
        meta.published = reserve.published
    meta.updated = meta.updated or reserve.updated
    title = tree.css_first("title")
    if title is not None:
        meta.title = " ".join(title.text().split()) or None
        if meta.headline is None and meta.title:
            meta.headline, meta.headline_from = _without_site(meta.title, meta.site_name), "title"
    meta.url = _page_address(tree, meta.url)
    meta.tree = tree
    if meta.headline:  # "Headline — LessWrong": the tail names the site its address names
        meta.headline = _without_site(meta.headline, meta.site_name, site_label(meta.url))
        meta.headline = _untruncated(meta.headline, meta)
    if meta.social_title:
        meta.social_title = _without_site(meta.social_title, meta.site_name, site_label(meta.url))
    html = tree.css_first("html")
    lang = html.attributes.get("lang") or html.attributes.get("xml:lang") if html is not None else None
    if lang and lang.strip():
        meta.language = lang.strip().replace("_", "-")
    return meta


def _guarded(meta: PageMeta, read, *args) -> None:
    try:
        read(*args)
    except (RecursionError, ValueError, TypeError, AttributeError, KeyError) as exc:
        meta.failed = meta.failed or f"{type(exc).__name__}: {exc}"[:200]


# -- JSON-LD --------------------------------------------------------------------------------------

def _read_jsonld(raw: str, meta: PageMeta, reserve: PageMeta) -> None:
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
        elif types & PAGE_TYPES:
            if obj.get("inLanguage") and meta.language is None:
                meta.language = _str(obj.get("inLanguage"))
            # a WebPage's dates: the page's, which an article's or a <meta> tag's go before (page_meta)
            reserve.published = reserve.published or _iso(obj.get("datePublished"))
            reserve.updated = reserve.updated or _iso(obj.get("dateModified"))


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
    if not meta.url:
        meta.url = _absolute(_str(obj.get("url")))


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
        for n in split_names(name):
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
    og = tags.get("og:title") or tags.get("twitter:title")
    if og:
        meta.social_title = _without_site(_clean(og), tags.get("og:site_name"))
        if meta.headline_from != "jsonld":
            meta.headline, meta.headline_from = meta.social_title, "og"
    if not meta.published:
        meta.published = next((v for k in PUBLISHED_KEYS if (v := _iso(tags.get(k)))), None)
    if not meta.published:  # a site's own prefix on the name ("w-published-date"), or the bare word
        meta.published = next((v for k, t in tags.items() if PUBLISHED_KEY.search(k) and (v := _iso(t))), None)
    if not meta.published:  # "March 27, 2025": read as a printed date is (fields/dates.py)
        meta.published_text = next((v[:80] for k in PUBLISHED_KEYS if (v := tags.get(k)) and any(
            ch.isdigit() for ch in v)), None) or next((v[:80] for k, v in tags.items() if PUBLISHED_KEY.search(k)
                                                      and any(ch.isdigit() for ch in v)), None)
    if not meta.updated:
        meta.updated = next((v for k in UPDATED_KEYS if (v := _iso(tags.get(k)))), None)
    if not meta.authors:
        for k in AUTHOR_KEYS:
            names = split_names(tags.get(k))
            if names:
                meta.authors = names
                break
    meta.written_by = _labelled_writer(tags)
    for url in images:
        if url not in meta.images:
            meta.images.append(url)
    meta.description = meta.description or tags.get("og:description") or tags.get("description")
    meta.site_name = tags.get("og:site_name")
    meta.url = _absolute(tags.get("og:url")) or meta.url  # og:url before JSON-LD url
    if not meta.language:
        loc = tags.get("og:locale") or tags.get("content-language") or tags.get("language")
        if loc:
            meta.language = loc.replace("_", "-")


WRITER_LABELS = frozenset(("written by", "author", "authors", "autor", "auteur", "geschrieben von", "verfasst von"))


def _labelled_writer(tags: dict[str, str]) -> list[str]:
    """The names a labelled <meta> pair gives as the writer's ("twitter:label1" "Written by" beside
    "twitter:data1" "Albert Swann", as SEO plugins print it)."""
    for i in "1234":
        if tags.get(f"twitter:label{i}", "").strip().casefold() in WRITER_LABELS:
            return split_names(tags.get(f"twitter:data{i}"))
    return []


def _read_microdata(tree, meta: PageMeta) -> None:
    if (meta.published or meta.published_text) and meta.authors:
        return
    for node in tree.css('[itemprop="datePublished"], [itemprop="dateModified"], [itemprop="author"]'):
        a = node.attributes
        prop = a.get("itemprop")
        if prop == "author":
            if not meta.authors:
                name_node = node.css_first('[itemprop="name"]')
                value = a.get("content") or (name_node.text() if name_node is not None else node.text())
                meta.authors = split_names(" ".join((value or "").split()))
            continue
        value = _iso(a.get("content") or a.get("datetime") or node.text())
        if prop == "datePublished" and not meta.published and not meta.published_text:
            meta.published = value
        elif prop == "dateModified" and not meta.updated:
            meta.updated = value


# elements that mark a date outside the metadata: <time datetime>, and those whose class or id says so
MARKED_DATE = ('time[datetime], [class*="date"], [id*="date"], [class*="publish"], [class*="posted"], '
               '[class*="Date"], [class*="Publish"]')
MARKED_MAX = 40  # elements looked at: a page of many dated items has said what it would in the first ones
MARKED_TEXT_MAX_CHARS = 80  # a longer text is a container, not a date


def marked_dates(meta: PageMeta) -> list[str]:
    """The dates the markup marks as dates outside the metadata, in page order: a `<time datetime>`'s
    value, else the short text of an element whose class or id says date, published or posted
    ("post-date", "published", "article-page__date"). What a page with no metadata and no time line in
    its header gives as its date ("Page last modified" at its foot, "Published Feb 2, 2023" under a
    collection's title). Read only where nothing else dates the page: the query walks the whole tree."""
    if meta.tree is None:
        return []
    out = []
    for node in meta.tree.css(MARKED_DATE)[:MARKED_MAX]:
        value = node.attributes.get("datetime") if node.tag == "time" else None
        if value and ISO_DATE.match(value):
            out.append(value.strip())
            continue
        text = " ".join(node.text(deep=True).split())
        if 6 <= len(text) <= MARKED_TEXT_MAX_CHARS and any(ch.isdigit() for ch in text):
            out.append(text)
    return out


def _page_address(tree, found: str | None) -> str | None:
    """The page's own address: <link rel=canonical>, else og:url, else JSON-LD url (`found`);
    only an absolute http(s) URL counts (a relative or local one names no site)."""
    for node in tree.css("link[rel]"):
        if "canonical" in (node.attributes.get("rel") or "").lower().split():
            url = _absolute(node.attributes.get("href"))
            if url:
                return url
    return found


def _absolute(url: str | None) -> str | None:
    url = (url or "").strip()
    return url if ABSOLUTE_URL.match(url) else None


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
SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " • ")
SITE_LABEL_MIN = 4  # a shorter domain name ("ft", "bbc") may spell a word of a headline
REGISTRY_LABELS = frozenset(("co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go"))  # bbc.co.uk


def site_label(url: str | None) -> str | None:
    """'https://www.lesswrong.com/posts/x' -> 'lesswrong': the name a site's domain spells."""
    host = re.match(r"^https?://([^/:?#]+)", url or "")
    labels = host.group(1).lower().split(".") if host else []
    if len(labels) < 2:
        return None
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in REGISTRY_LABELS:
        return labels[-3]
    return labels[-2]


def names_site(tail: str, site: str | None, label: str | None = None) -> bool:
    """Does a title's tail name the site: its og:site_name, or the words its domain spells ("LessWrong"
    for lesswrong.com)?"""
    key = word_key(tail)
    if not key:
        return False
    if site and word_key(site) and (word_key(site) in key or key in word_key(site)):
        return True
    return label is not None and len(label) >= SITE_LABEL_MIN and key.replace(" ", "") == label


def _without_site(title: str, site: str | None, label: str | None = None) -> str:
    """'Headline | Site' -> 'Headline' where the tail names the site; without a site name, a short tail
    after a bar or a middle dot, which no headline uses as punctuation. A separator left at the end
    ("Headline -", the site's name left out) goes too."""
    title = TRAILING_SEPARATOR.sub("", title)
    if site or label:
        for sep in SITE_SEPARATORS:
            head, _, tail = title.rpartition(sep)
            if head and names_site(tail, site, label):
                return head
    for sep in (" | ", " · "):
        head, _, tail = title.rpartition(sep)
        if head and len(tail.split()) <= SITE_TAIL_MAX_WORDS and len(head.split()) >= len(tail.split()):
            return head
    return title


TRUNCATED_AT = 100  # JSON-LD headlines are cut to 110 characters for search engines; a shorter one is whole


def _untruncated(headline: str, meta: PageMeta) -> str:
    """A JSON-LD headline cut short ("… Find Solutions (Including") gives way to the <title> that goes on
    with the same words."""
    if meta.headline_from != "jsonld" or len(headline) < TRUNCATED_AT or not meta.title:
        return headline
    full = _without_site(meta.title, meta.site_name, site_label(meta.url))
    whole, cut = word_key(full), word_key(headline)
    return full if len(whole) > len(cut) and whole.startswith(cut + " ") else headline


def _iso(v) -> str | None:
    """An ISO 8601 time as given (zone kept); None for anything that does not start like one or names
    no real time ("2019-15-19": a publisher's typo, or a fuzzer's)."""
    v = _str(v)
    if not v:
        return None
    m = ISO_DATE.match(v)
    if not m:
        return None
    iso = m.group(0).strip().replace(" ", "T")
    try:
        datetime.fromisoformat(iso)
    except ValueError:
        return None
    return iso


iso_time = _iso  # the public name: an ISO 8601 time as the page gives it, or None


def split_names(value: str | None) -> list[str]:
    """'By Jane Roe and John Doe' -> ['Jane Roe', 'John Doe']; URLs, handles and long phrases dropped."""
    if not value:
        return []
    value = BY_PREFIX.sub("", _clean(value))
    out = []
    for part in NAME_JOINERS.split(value):
        # "Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch"; '"David Kim"' in quotes
        part = BY_PREFIX.sub("", part).strip(" \"“”")
        if not L.INITIAL_END.search(part):
            part = part.strip(" .")
        if not part or "/" in part or "@" in part or any(ch.isdigit() for ch in part):
            continue
        if L.BYLINE_ALONE.match(part) or HANDLE.match(part):  # "Von" alone; "edilson.la.rosa"
            continue
        if len(part.split()) > NAME_MAX_WORDS or len(part) < 3:
            continue
        out.append(part)
    return out


def word_key(text: str) -> str:
    """The words of a text, case folded: what two spellings of one headline or name share."""
    return " ".join(re.findall(r"\w+", text.casefold()))
