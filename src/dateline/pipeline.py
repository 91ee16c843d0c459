"""`extract()`: the one entry point that the CLI, the corpus runner, Dask and the web API call.

source --read--> Page --blocks--> [Block] --label--> [Block+label] --stories--> [Story] --fields--> Article --nlp-->
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from . import lexicon as L
from .blocks.text import text_blocks
from .errors import SKIP_REASONS, DatelineError, PageTimeout, error, warning
from .fields.article import build_article
from .fields.times import normalise_times
from .layout.labeller import label_blocks
from .layout.model import using_models
from .layout.second_reading import rule_story, without_boxes, without_threads
from .layout.stories import find_stories
from .options import Options, memory_text
from .read import Page, decode, read_bytes, read_path, str_kind
from .read.guard import bound_html
from .record import PageResult, Source

Input = str | bytes | Path | Page


def extract(source: Input, options: Options | None = None, *, uri: str | None = None) -> PageResult:
    """Every story on one page as records, in this process, with no time or memory limit: for pages
    you trust (evaluation, benchmarks, fuzzing). `dateline.extract` (dateline.worker) holds the limits.
    Never raises for a bad page: errors are in the result.

    `source` is a path (Path or str), raw bytes, a Page already read (from an archive, say, or made
    with `Page.from_html`/`Page.from_text`), or a str holding the page itself: HTML when it starts
    with markup, else text. How a str is told apart: `read.page.str_kind` and docs/python.md.
    """
    options = options or Options()
    page = as_page(source, options, uri)
    return page if isinstance(page, PageResult) else extract_page(page, options)


def as_page(source: Input, options: Options, uri: str | None = None) -> Page | PageResult:
    """The page of a source, or the error result of one that could not be read."""
    try:
        return _as_page(source, options, uri)
    except DatelineError as exc:
        named = isinstance(source, Path) or isinstance(source, str) and str_kind(source) in ("path", "url")
        return PageResult(source=Source(uri=uri or (str(source) if named else None)),
                          errors=[exc.to_page_error()])


def extract_page(page: Page, options: Options) -> PageResult:
    """One page, in this process. Its time and memory limits are held by the worker process it runs
    in (dateline.worker), which raises PageTimeout here when the time is up."""
    result = PageResult(source=source_of(page, options))
    if page.extra.get("redirects"):  # a fetched link (read/fetch.py): source.uri asked, source.url reached
        chain = page.extra["redirects"]
        result.warnings.append(warning("redirected", n=len(chain) - 1, chain=" -> ".join(chain)))
    try:
        with using_models(options.models):
            _run(page, options, result)
    except DatelineError as exc:
        result.articles = []
        result.errors.append(exc.to_page_error())
    except PageTimeout:
        result.articles = []
        result.errors.append(error("E104", limit=options.timeout_s).to_page_error())
    except MemoryError:
        result.articles = []
        result.errors.append(error("E110", limit=memory_text(options.max_page_memory),
                                   detail="an allocation failed").to_page_error())
    except RecursionError:
        result.articles = []
        result.errors.append(error("E109", limit=options.max_depth).to_page_error())
    except Exception as exc:  # noqa: BLE001 - one page must never stop a batch; the reason is kept
        result.articles = []
        result.errors.append(error("E108", detail=f"{type(exc).__name__}: {exc}"[:300]).to_page_error())
    return result


def _run(page: Page, options: Options, result: PageResult) -> None:
    if not page.data.strip():
        raise error("E101")
    if len(page.data) > options.max_page_bytes:
        raise error("E103", size=len(page.data), limit=options.max_page_bytes)
    if not page.text:
        page.text, page.encoding = decode(page.data, page.declared_charset, is_html=page.format == "html")
    result.source.encoding = page.encoding
    if page.format == "html":
        # bounded before any parser runs: a parser's time per level is spent in C, past SIGALRM's reach
        starts: dict[str, list[int]] = {}  # where each tag opens, read by the guard's pass for the walk
        page.text, changed = bound_html(page.text, options.max_depth, starts)
        if starts:
            page.extra["tag_starts"] = starts
        if changed:
            page.extra["bounded_tags"] = changed
            result.warnings.append(warning("tags_cut", n=changed, depth=options.max_depth))
    result.text = page.text
    meta = None
    if page.format == "html":
        from .blocks.html import html_blocks

        blocks, meta = html_blocks(page, options)
        if meta is not None and meta.url and not result.source.url:  # the page's own address (issue 17)
            result.source.url = meta.url
        if meta is not None and meta.failed:
            result.warnings.append(warning("metadata_failed", detail=meta.failed))
    else:
        page.extra["cut"] = {}
        blocks = text_blocks(page.text, options.max_lines, options.max_line_chars, cut=page.extra["cut"])
    cut = page.extra.get("cut") or {}
    if cut.get("lines"):
        result.warnings.append(warning("lines_cut", n=cut["lines"], limit=options.max_lines))
    if cut.get("line_chars"):
        result.warnings.append(warning("line_chars_cut", n=cut["line_chars"], limit=options.max_line_chars))
    if not blocks:
        result.skipped = SKIP_REASONS["no_text"]
        return
    feats = label_blocks(blocks)
    stories = find_stories(blocks, feats)
    if not stories and page.format == "html" and "<noscript" in page.text:
        blocks, feats, stories = _noscript_stories(page, options, blocks, feats)
    elif not stories and page.format != "html" and not any(b.label == L.BODY for b in blocks):
        feats, stories = rule_story(blocks)
    if page.format != "html":
        stories = without_boxes(blocks, without_threads(blocks, stories))
    result.blocks = _block_views(blocks, stories)
    for story in stories:
        article = build_article(story, blocks, page, options, meta)
        if article is not None:
            article.source = result.source
            article.assign_id()
            result.articles.append(article)
    if not result.articles:
        result.skipped = SKIP_REASONS["not_an_article"]
        return
    if assumed := normalise_times(result.articles):  # one form for every time (docs/record.md)
        result.warnings.append(warning("times_utc", n=assumed))
    if options.nlp != "off":
        _enrich(result, options)


def _noscript_stories(page: Page, options: Options, blocks, feats):
    """A page with no story read again with its <noscript> text: where a script writes the article in,
    the page often prints it there as well. Only for pages that would be skipped: elsewhere <noscript>
    holds a copy of what the page shows, or a notice to turn scripts on."""
    from .blocks.html import html_blocks

    shown, _ = html_blocks(page, options, noscript=True)
    if len(shown) == len(blocks):
        return blocks, feats, []
    shown_feats = label_blocks(shown)
    stories = find_stories(shown, shown_feats)
    return (shown, shown_feats, stories) if stories else (blocks, feats, [])


def _enrich(result: PageResult, options: Options) -> None:
    """Quotes, speakers, entities. A failure here (no spaCy model installed, say) keeps the
    extracted articles and says why enrichment is missing: nothing already found is lost."""
    from .nlp import MAX_PARAGRAPH_CHARS, enrich

    long_paragraphs = 0  # parsed only up to MAX_PARAGRAPH_CHARS: the page result says so
    for n, article in enumerate(result.articles):
        try:
            enrich(article, options)
            if article.nlp == options.nlp:  # it ran (an article not in English goes without)
                long_paragraphs += sum(len(p) > MAX_PARAGRAPH_CHARS for p in article.body)
        except PageTimeout:  # the time is up: what was found stands, the rest goes without NLP
            for rest in result.articles[n:]:
                rest.nlp = "off"
            result.warnings.append(warning("nlp_timeout", limit=options.timeout_s, left=len(result.articles) - n))
            break
        except Exception as exc:  # noqa: BLE001 - the articles stand without their quotes
            for rest in result.articles[n:]:
                rest.nlp = "off"
            result.warnings.append(warning("nlp_failed", detail=f"{type(exc).__name__}: {exc}"[:300]))
            break
    if long_paragraphs:
        result.warnings.append(warning("nlp_paragraphs_cut", n=long_paragraphs, limit=MAX_PARAGRAPH_CHARS))


def _block_views(blocks, stories) -> list[dict]:
    """Each block with its label and the story it went to (-1: none), for provenance views."""
    story_of = {}
    for n, s in enumerate(stories):
        for i in s.blocks:
            story_of[i] = n
    return [{"index": b.index, "text": b.text, "label": b.label, "start": b.start, "end": b.end, "line": b.line,
             "story": story_of.get(b.index, -1)} for b in blocks]


def _as_page(source: Input, options: Options, uri: str | None) -> Page:
    if isinstance(source, Page):
        return source
    if isinstance(source, bytes):
        return read_bytes(source, uri=uri, input_format=options.input_format, max_bytes=options.max_page_bytes)
    if isinstance(source, str):
        kind = str_kind(source)
        if kind == "url":
            raise error("E106", detail=f"{source} (a link: fetch it with the command line's `dateline extract URL`)")
        if kind in ("html", "text"):
            fmt = options.input_format if options.input_format != "auto" else kind
            page = Page.from_html(source, uri=uri) if fmt == "html" else Page.from_text(source, uri=uri)
            return page
    return read_path(source, options.input_format, max_bytes=options.max_page_bytes)


def source_of(page: Page, options: Options) -> Source:
    fetched = page.fetched_at or options.fetched_at
    return Source(
        uri=page.uri, format="warc" if page.container == "warc" else page.format,
        fetched_at=fetched.isoformat() if fetched else None, offset=page.offset, url=page.url,
        sha256=hashlib.sha256(page.data).hexdigest(),
    )
