"""Flattened text -> Blocks: one block per non-blank line, with its layout around it."""
from __future__ import annotations

import re

from ..lexicon import MONTHS
from ..options import MAX_LINE_CHARS, MAX_LINES
from . import Block, count_repeats

# list markers that flatteners print: inscriptis uses * + o by depth; sites print • · – ▪ ►
BULLET = re.compile(r"^(?P<marker>[•·▪►◦‣∙*+o\-–]|\d{1,2}[.)])\s+(?=\S)")
# "28. April 2023", "28. 4. 2023": a day of the month, not the number of a list item
DAY_OF_MONTH = re.compile(rf"^\d{{1,2}}\.\s+(\d{{1,2}}\.|({MONTHS})\b)", re.I)
SPACES = re.compile(r"\s+")


def text_blocks(text: str, max_lines: int = MAX_LINES, max_line_chars: int = MAX_LINE_CHARS) -> list[Block]:
    blocks: list[Block] = []
    gap = 0
    pos = 0
    for lineno, raw in enumerate(text.splitlines(keepends=True), start=1):
        if lineno > max_lines:
            break
        start = pos
        pos += len(raw)
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            gap += 1
            continue
        if len(stripped) > max_line_chars:
            stripped = stripped[:max_line_chars]
        lead = len(line) - len(line.lstrip())
        bullet = ""
        skip = 0
        m = BULLET.match(stripped)
        # "o" is only a marker when inscriptis nests it under other bullets: lower-case word otherwise
        if m and not (m.group("marker") == "o" and lead < 4) and not DAY_OF_MONTH.match(stripped):
            bullet = m.group("marker")
            skip = m.end()
            stripped = stripped[skip:]
        if blocks:
            blocks[-1].gap_after = gap
        blocks.append(Block(
            index=len(blocks), text=SPACES.sub(" ", stripped), start=start + lead + skip, end=start + len(line),
            line=lineno, end_line=lineno, indent=lead, bullet=bullet, gap_before=gap if blocks else 0,
        ))
        gap = 0
    if blocks:
        blocks[-1].gap_after = gap
    count_repeats(blocks)
    return blocks
