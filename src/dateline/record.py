"""The article record (shared/docs/RECORD.md) as typed classes with JSON in and out.

Field names are a contract: the scorer and users' code read them. Extra fields
(provenance, confidence) are additive; renaming one needs a schema bump.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "dateline/1"

SIDEBAR_KINDS = ("bio", "fact", "quote", "timeline", "related", "other")
QUOTE_TYPES = ("direct", "indirect")


@dataclass
class Span:
    """Where a value came from: character offsets into the page text and its 1-based lines."""

    start: int
    end: int
    line: int
    end_line: int

    def to_list(self) -> list[int]:
        return [self.start, self.end, self.line, self.end_line]

    @classmethod
    def from_list(cls, v: list[int]) -> "Span":
        return cls(*v)


@dataclass
class Source:
    uri: str | None = None
    format: str = "text"  # text | html | warc
    fetched_at: str | None = None
    offset: int | None = None
    url: str | None = None
    encoding: str | None = None
    sha256: str | None = None


@dataclass
class Image:
    caption: str | None = None
    credit: str | None = None
    url: str | None = None
    position: int = 0  # index of the body paragraph the image stands before
    provenance: list[Span] = field(default_factory=list)


@dataclass
class Sidebar:
    kind: str = "other"
    title: str | None = None
    items: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    provenance: list[Span] = field(default_factory=list)


@dataclass
class Quote:
    text: str
    speaker: str | None = None
    speaker_description: str | None = None
    cue: str | None = None
    type: str = "direct"
    paragraph: int = 0
    start: int = 0  # offsets into body[paragraph]
    end: int = 0


@dataclass
class Mention:
    paragraph: int
    start: int
    end: int
    text: str


@dataclass
class Entity:
    name: str
    type: str  # PERSON | ORG | GPE | LOC | NORP ...
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    description: str | None = None


@dataclass
class Figure:
    text: str
    value: float | None = None
    unit: str | None = None
    counts: str | None = None
    source: str | None = None
    paragraph: int = 0


@dataclass
class Article:
    headline: str | None = None
    kicker: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    published_text: str | None = None
    updated_text: str | None = None
    dateline: str | None = None
    highlights: list[str] = field(default_factory=list)
    standfirst: str | None = None  # the lead paragraph set apart between headline and body; not in `body`
    body: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    sidebars: list[Sidebar] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    language: str | None = None
    source: Source = field(default_factory=Source)
    id: str = ""
    nlp: str = "off"  # which enrichment ran: off | fast | full
    # field name -> the spans of the page each value came from (body: one list per paragraph)
    provenance: dict[str, Any] = field(default_factory=dict)

    def assign_id(self) -> str:
        first = self.body[0] if self.body else ""
        key = "\x1f".join([self.source.uri or self.source.url or "", self.headline or "", first])
        self.id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        return self.id

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)


@dataclass
class PageError:
    code: str  # e.g. "E101"
    reason: str  # short machine word: empty, undecodable, too_large, timeout, not_an_article
    message: str  # a sentence for people

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "reason": self.reason, "message": self.message}


@dataclass
class PageResult:
    source: Source
    articles: list[Article] = field(default_factory=list)
    errors: list[PageError] = field(default_factory=list)
    skipped: str | None = None  # why a page gave no article although it read fine
    # every block of the page with what it became: the explorer's source view colours them
    blocks: list[dict[str, Any]] = field(default_factory=list)
    text: str | None = None  # the page text that spans index into (kept when asked for, for the store)
    # what the articles lack although the page was read (NLP stopped, metadata unreadable, text cut by a limit)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self, with_blocks: bool = False) -> dict[str, Any]:
        d = {
            "schema": SCHEMA,
            "source": _plain(self.source),
            "articles": [article_to_dict(a) for a in self.articles],
            "errors": [e.to_dict() for e in self.errors],
            "skipped": self.skipped,
            "warnings": self.warnings,
        }
        if with_blocks:
            d["blocks"] = self.blocks
        return d

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def jsonl_lines(self) -> list[str]:
        """One article a line, each carrying its source; an error page gives one error line."""
        if not self.articles and self.errors:
            row = {"schema": SCHEMA, "source": _plain(self.source), "errors": [e.to_dict() for e in self.errors]}
            return [json.dumps(row, ensure_ascii=False)]
        return [json.dumps({"schema": SCHEMA, **article_to_dict(a)}, ensure_ascii=False) for a in self.articles]


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        if isinstance(obj, Span):
            return obj.to_list()
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


def article_to_dict(article: Article) -> dict[str, Any]:
    return _plain(article)


def _spans(v: Any) -> Any:
    if isinstance(v, list) and len(v) == 4 and all(isinstance(x, int) for x in v):
        return Span.from_list(v)
    if isinstance(v, list):
        return [_spans(x) for x in v]
    return v


def article_from_dict(d: dict[str, Any]) -> Article:
    d = dict(d)
    d.pop("schema", None)
    known = {f.name for f in dataclasses.fields(Article)}
    src = Source(**{k: v for k, v in (d.pop("source", None) or {}).items() if k in _fields(Source)})
    images = [Image(**{**i, "provenance": _spans(i.get("provenance", []))}) for i in d.pop("images", [])]
    sidebars = [Sidebar(**{**s, "provenance": _spans(s.get("provenance", []))}) for s in d.pop("sidebars", [])]
    quotes = [Quote(**{k: v for k, v in q.items() if k in _fields(Quote)}) for q in d.pop("quotes", [])]
    entities = [
        Entity(**{**e, "mentions": [Mention(**m) for m in e.get("mentions", [])]}) for e in d.pop("entities", [])
    ]
    figures = [Figure(**f) for f in d.pop("figures", [])]
    prov = {k: _spans(v) for k, v in (d.pop("provenance", None) or {}).items()}
    rest = {k: v for k, v in d.items() if k in known}
    return Article(
        **rest, source=src, images=images, sidebars=sidebars, quotes=quotes, entities=entities, figures=figures,
        provenance=prov,
    )


def page_result_from_dict(d: dict[str, Any]) -> PageResult:
    src = Source(**{k: v for k, v in (d.get("source") or {}).items() if k in _fields(Source)})
    return PageResult(
        source=src,
        articles=[article_from_dict(a) for a in d.get("articles", [])],
        errors=[PageError(**e) for e in d.get("errors", [])],
        skipped=d.get("skipped"),
        blocks=d.get("blocks", []),
        warnings=list(d.get("warnings", [])),
    )


def _fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}
