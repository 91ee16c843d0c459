"""What every PageResult must satisfy, whatever the input: the check shared by the property tests,
the hostile-input tests and the atheris targets.

A violation raises ContractError with what was wrong; `check_page_result` returns nothing otherwise.
"""
from __future__ import annotations

import json
import re
from datetime import datetime

from dateline.errors import MESSAGES
from dateline.read.page import mojibake_repaired
from dateline.record import SCHEMA, SIDEBAR_KINDS, PageResult, page_result_from_dict

ERROR_CODE = re.compile(r"^E\d{3}$")
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
STR_OR_NONE = ("headline", "kicker", "published", "updated", "published_text", "updated_text", "dateline",
               "language")
STR_LISTS = ("authors", "highlights", "body")


class ContractError(AssertionError):
    pass


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise ContractError(what)


def check_page_result(result: PageResult, *, allow_internal: bool = False) -> dict:
    """Check one result; returns its dict. `allow_internal=False`: an E108 (a swallowed exception,
    so a bug in dateline rather than in the page) is a violation too."""
    _need(isinstance(result, PageResult), f"not a PageResult: {type(result).__name__}")
    d = result.to_dict()
    again = json.loads(json.dumps(d, ensure_ascii=False))
    _need(again == d, "the dict does not survive JSON")
    _need(page_result_from_dict(d).to_dict() == d, "to_dict does not round-trip through page_result_from_dict")
    _need(d["schema"] == SCHEMA, f"schema {d['schema']!r}")
    for e in d["errors"]:
        _need(bool(ERROR_CODE.match(e["code"])) and e["code"] in MESSAGES, f"unknown error code {e['code']!r}")
        _need(e["reason"] == MESSAGES[e["code"]][0] and bool(e["message"]), f"error {e} lacks its reason")
        _need(allow_internal or e["code"] != "E108", f"internal error: {e['message']}")
    if d["errors"]:
        _need(d["articles"] == [], "a page with an error still has articles")
    for article in d["articles"]:
        _check_article(article)
    if result.text is not None and result.source.format == "text":
        for article in result.articles:
            _check_body_provenance(article, result.text)
    return d


def _check_article(a: dict) -> None:
    _need(bool(ARTICLE_ID.match(a["id"])), f"id {a['id']!r}")
    _need(isinstance(a["source"], dict) and "uri" in a["source"] and "format" in a["source"], "source")
    for key in STR_OR_NONE:
        _need(a[key] is None or isinstance(a[key], str), f"{key} is {type(a[key]).__name__}")
    for key in STR_LISTS:
        _need(isinstance(a[key], list) and all(isinstance(v, str) for v in a[key]), f"{key} is not [str]")
    _need(bool(a["body"]), "an article without body")
    for key in ("published", "updated"):
        if a[key] is not None:
            datetime.fromisoformat(a[key])  # ValueError: not ISO 8601
    for img in a["images"]:
        _need(isinstance(img["position"], int) and 0 <= img["position"] <= len(a["body"]), f"image {img}")
        for key in ("caption", "credit", "url"):
            _need(img[key] is None or isinstance(img[key], str), f"image {key}")
    for box in a["sidebars"]:
        _need(box["kind"] in SIDEBAR_KINDS, f"sidebar kind {box['kind']!r}")
        _need(all(isinstance(v, str) for v in box["items"]), "sidebar items")
        _need(all(isinstance(k, str) and isinstance(v, str) for k, v in box["fields"].items()), "sidebar fields")
    for key in ("quotes", "entities"):
        _need(isinstance(a[key], list), key)


def _check_body_provenance(article, text: str) -> None:
    """Text path: each body paragraph is the page text its spans point at (whitespace folded), read as its
    writer wrote it where the page holds text read in the wrong encoding (`read.page.mojibake_repaired`)."""
    spans = article.provenance.get("body")
    if spans is None:
        return
    _need(len(spans) == len(article.body), "one provenance entry per body paragraph")
    for para, para_spans in zip(article.body, spans):
        for s in para_spans:
            _need(0 <= s.start <= s.end <= len(text) and 1 <= s.line <= s.end_line, f"span {s} out of the text")
            _need(text.count("\n", 0, s.start) + 1 == s.line, f"span {s} names the wrong line")
        pointed = " ".join(" ".join(mojibake_repaired(text[s.start:s.end]).split()) for s in para_spans)
        _need(" ".join(para.split()) in pointed, f"paragraph {para[:60]!r} is not the text its spans point at")
