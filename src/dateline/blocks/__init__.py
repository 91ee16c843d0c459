"""Blocks: the one unit both paths produce. A Block is a line or paragraph of visible text
with its offsets into the page text, its layout features and (HTML only) DOM evidence.
Everything after this point is the same for text and HTML."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..record import Span


@dataclass(slots=True)
class Block:
    index: int
    text: str  # whitespace-collapsed, bullet marker removed
    start: int  # character offsets into Page.text
    end: int
    line: int  # 1-based line of Page.text where the block starts
    end_line: int
    indent: int = 0
    bullet: str = ""  # the list marker it carried ("•", "*", "+", "o", "-", "1.")
    gap_before: int = 0  # blank lines before it
    gap_after: int = 0
    tag: str = "line"  # text path: "line"; HTML path: p, li, h1..h6, figcaption, td, pre, blockquote, div
    dom: dict = field(default_factory=dict)  # HTML evidence: path words, in_article, in_aside, link_density...
    repeat: int = 1  # how often the same text stands on the page
    first: int = -1  # index of its first occurrence on the page
    label: str = ""
    score: float = 0.0  # the labeller's confidence that it is body text
    # (text, its word count, its norm_key): the labeller asks for `words` several times a block, and the
    # repeat count, the headline and the body for `key`; kept with the text they were made from, so a block
    # whose text is replaced is read again
    _derived: tuple = field(default=(None, 0, ""), init=False, repr=False, compare=False)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.line, self.end_line)

    def _read(self) -> tuple:
        derived = self._derived
        if derived[0] is not self.text:
            derived = self._derived = (self.text, word_count(self.text), norm_key(self.text))
        return derived

    @property
    def words(self) -> int:
        """Words, with scripts written without spaces counted at about two characters a word."""
        return self._read()[1]

    @property
    def key(self) -> str:
        """norm_key of the text: the page's repeats, the headline's copies and the body's are found by it."""
        return self._read()[2]


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_FIRST = "\u3040"  # the first character CJK matches: a text whose every character is below it holds none
CJK_CHARS_PER_WORD = 2  # Japanese and Chinese average about two characters a word


def word_count(text: str) -> int:
    spaced = len(text.split())
    cjk = len(CJK.findall(text)) if not text.isascii() and max(text) >= CJK_FIRST else 0
    return spaced + cjk // CJK_CHARS_PER_WORD if cjk else spaced


def norm_key(text: str) -> str:
    """The key under which repeated texts count as the same: case and spacing folded."""
    return " ".join(text.casefold().split())


def count_repeats(blocks: list[Block]) -> None:
    keys = [b.key for b in blocks]
    seen: dict[str, list[int]] = {}
    for b, key in zip(blocks, keys):
        seen.setdefault(key, []).append(b.index)
    for b, key in zip(blocks, keys):
        idx = seen[key]
        b.repeat, b.first = len(idx), idx[0]
