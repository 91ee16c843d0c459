"""Every error message dateline gives, numbered, in one place."""
from __future__ import annotations

from .record import PageError


class DatelineError(Exception):
    """An error with a number and a short reason word, turned into a PageError by the runner."""

    def __init__(self, code: str, reason: str, message: str):
        super().__init__(f"{code} {message}")
        self.code, self.reason, self.message = code, reason, message

    def to_page_error(self) -> PageError:
        return PageError(self.code, self.reason, self.message)


MESSAGES = {
    "E101": ("empty", "The input is empty: nothing to extract."),
    "E102": ("undecodable", "The input is binary or in no text encoding dateline can read ({detail})."),
    "E103": ("too_large", "The input is {more}{size:,} bytes, over the page limit of {limit:,} bytes "
                          "(--max-page-bytes)."),
    "E104": ("timeout", "Extraction took longer than the per-page limit of {limit:g} s and was stopped."),
    "E105": ("unreadable", "The input could not be read: {detail}."),
    "E106": ("not_found", "No such file or folder: {detail}."),
    "E107": ("bad_archive", "The archive is damaged: {detail}."),
    "E108": ("internal", "dateline failed on this page ({detail}); please report it with the page."),
    # tags past MAX_DEPTH are flattened before parsing (a documented truncation); E109 is what is left:
    # a walk that still ran out of stack
    "E109": ("too_deep", "The page nests elements too deeply to follow (the depth limit is {limit} levels)."),
    "E110": ("memory", "The page needed more memory than the per-page limit of {limit} (--max-page-memory) "
                       "and was stopped ({detail})."),
    # links (read/fetch.py): each failure of a download, with the link it was
    "E111": ("http_error", "{url} answered HTTP {status}{detail}."),
    "E112": ("robots", "{url} is disallowed for dateline by {robots} (--ignore-robots fetches it anyway)."),
    "E113": ("fetch_timeout", "{url} {detail} (--fetch-timeout {limit:g} s)."),
    "E114": ("redirect_loop", "{url} redirects {detail}: {chain}."),
    "E115": ("unreachable", "{url} could not be reached: {detail}."),
    "E116": ("not_a_page", "{url} gave {content_type}, not a page dateline reads (HTML, text or XML)."),
    "E117": ("bad_listing", "{url} is no {kind} dateline can read: {detail}."),
}
# the parts of a message that most callers leave out
DEFAULTS = {"E103": {"more": ""}}

# What a page result says about parts it lacks although the page was read: the articles stand.
WARNINGS = {
    "nlp_failed": "nlp_failed: quotes and entities could not be found ({detail}); the articles are kept without them",
    "nlp_timeout": "nlp_timeout: the page reached its time limit of {limit:g} s during quotes and entities; "
                   "the articles are kept, {left} of them without quotes and entities",
    "tags_cut": "tags_cut: {n} tags past the parser's limits (depth {depth}, options, attributes) were cut "
                "before parsing; their text is kept",
    "metadata_failed": "metadata_failed: the page's embedded metadata could not be read ({detail}); "
                       "the articles were found without it",
    "times_utc": "times_utc: {n} time(s) the page gave without an offset are taken as UTC (+00:00)",
    "redirected": "redirected: the link led through {n} redirect(s): {chain}",
    "lines_cut": "lines_cut: the page's text was read up to its limit of {limit} lines; {n} more were not read",
    "line_chars_cut": "line_chars_cut: {n} line(s) longer than the limit of {limit} characters were cut to it",
    "nlp_paragraphs_cut": "nlp_paragraphs_cut: {n} paragraph(s) longer than {limit} characters were searched for "
                          "quotes and entities up to that length only",
}


def warning(kind: str, **detail) -> str:
    return WARNINGS[kind].format(**detail)


class PageTimeout(BaseException):
    """The page's time limit rang (raised by the worker's alarm, dateline.worker). A BaseException, so
    that an `except Exception` in library code lets it through."""

SKIP_REASONS = {
    "no_text": "skipped: the page has no visible text",
    "not_an_article": "skipped: not an article (no run of body text was found)",
}


def error(code: str, **detail) -> DatelineError:
    reason, template = MESSAGES[code]
    return DatelineError(code, reason, template.format(**{**DEFAULTS.get(code, {}), **detail}))
