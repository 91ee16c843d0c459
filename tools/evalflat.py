"""A second flattener for the evaluation: one line per block-level element, no indentation.

The dev sets' text was flattened by inscriptis; users' text comes from other tools. Scoring the
text path on the same pages flattened this other way (`python -m tools.evaluate --sets
scrapinghub/html-flat`) shows how much of its accuracy depends on one tool's layout.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "figcaption", "blockquote", "pre", "dt",
              "dd", "div", "section", "article", "header", "footer", "nav", "aside", "main", "ul", "ol", "table",
              "tr", "figure", "form", "body"}
INVISIBLE = "script, style, noscript, template, svg, head, iframe"


def flatten_blocks(html: str, blank_lines: bool = False) -> str:
    tree = LexborHTMLParser(html)
    for node in tree.css(INVISIBLE):
        node.decompose()
    root = tree.body or tree.root
    lines: list[str] = []
    if root is not None:
        _walk(root, lines, depth=0)
    return ("\n\n" if blank_lines else "\n").join(lines)


def _flush(buf: list[str], lines: list[str]) -> None:
    text = " ".join(" ".join(buf).split())
    if text:
        lines.append(text)
    buf.clear()


def _walk(node, lines: list[str], depth: int) -> None:
    if depth > 200 or not any(c.tag in BLOCK_TAGS for c in node.traverse(include_text=False) if c is not node):
        _flush([node.text(deep=True, separator=" ")], lines)
        return
    buf: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag in BLOCK_TAGS:
            _flush(buf, lines)
            _walk(child, lines, depth + 1)
        elif child.tag == "-text":
            buf.append(child.text_content or "")
        else:
            buf.append(child.text(deep=True, separator=" "))
    _flush(buf, lines)
