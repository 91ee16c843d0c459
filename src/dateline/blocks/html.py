"""HTML -> Blocks. For now the page's visible text, one block per block-level element's line;
the DOM-evidence path (issue 4) replaces this."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from ..options import Options
from ..read import Page
from . import Block
from .text import text_blocks

INVISIBLE = "script, style, noscript, template, svg, iframe, head"


def html_blocks(page: Page, options: Options) -> tuple[list[Block], dict | None]:
    tree = LexborHTMLParser(page.text)
    for node in tree.css(INVISIBLE):
        node.decompose()
    root = tree.body or tree.root
    visible = root.text(separator="\n") if root is not None else ""
    page.extra["visible_text"] = visible
    return text_blocks(visible, options.max_lines, options.max_line_chars), None
