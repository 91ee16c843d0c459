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


def text_blocks(text: str, max_lines: int = MAX_LINES, max_line_chars: int = MAX_LINE_CHARS,
                cut: dict[str, int] | None = None) -> list[Block]:
    """One block per non-blank line. `cut`, where given, counts what the limits left out: lines past
    `max_lines` ("lines") and lines cut to `max_line_chars` ("line_chars")."""
    blocks: list[Block] = []
    gap = 0
    pos = 0
    lines = text.splitlines(keepends=True)
    if cut is not None and len(lines) > max_lines:
        cut["lines"] = len(lines) - max_lines
    for lineno, raw in enumerate(lines[:max_lines], start=1):
        start = pos
        pos += len(raw)
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            gap += 1
            continue
        if len(stripped) > max_line_chars:
            stripped = stripped[:max_line_chars]
            if cut is not None:
                cut["line_chars"] = cut.get("line_chars", 0) + 1
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
