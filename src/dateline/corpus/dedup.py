"""Duplicate detection: one story however many pages carry it.

Exact duplicates share the hash of the normalised body. Near duplicates (the same story with a
widget line more, a paragraph changed) are found with MinHash LSH over word shingles of the body.
The signature is computed where the article is made (in the worker processes of a batch), so the
single process that writes SQLite only looks it up.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..record import Article

# 5-word shingles: long enough that two different stories on one topic share few of them,
# short enough that one edited sentence changes only a handful
SHINGLE_WORDS = 5
# 64 permutations estimate a Jaccard of 0.6 within about ±0.06: plenty to tell same from different
NUM_PERM = 64
# bodies that share at least this share of shingles are the same story; a story that grew by a
# third in an update still passes, two stories from one press release with different text do not
NEAR_DUPLICATE_JACCARD = 0.6
# under this many shingles the estimate is noise (a two-line brief); only exact matches count
MIN_SHINGLES = 12
# the LSH bands are set a little below the decision threshold so borderline pairs become
# candidates, and the decision itself is made on the signatures
LSH_THRESHOLD = 0.5
MINHASH_SCHEME = "affine32"

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@cache
def _permutations():
    # datasketch (and the scipy it loads) costs half a second to import: only writers pay it
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, hashfunc=int, scheme=MINHASH_SCHEME).permutations


@dataclass
class Fingerprint:
    """What the store needs to recognise an article it has seen: exact hash and MinHash signature."""

    body_hash: str
    signature: np.ndarray | None  # uint32[NUM_PERM]; None when the body is too short to estimate


def normalise(paragraphs: list[str]) -> str:
    """The body as compared: NFKC, lower case, runs of space as one, paragraphs joined by newlines."""
    return "\n".join(_SPACE.sub(" ", unicodedata.normalize("NFKC", p)).strip().lower() for p in paragraphs)


def body_key(article: Article) -> list[str]:
    # an article without body (a photo story) is still keyed, by its headline and highlights
    return article.body or [article.headline or "", *article.highlights]


def fingerprint(article: Article) -> Fingerprint:
    text = normalise(body_key(article))
    body_hash = hashlib.sha1(text.encode("utf-8")).hexdigest()
    shingles = shingle_hashes(text)
    if len(shingles) < MIN_SHINGLES:
        return Fingerprint(body_hash, None)
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_permutations(), scheme=MINHASH_SCHEME)
    m.update_batch(shingles.tolist())
    return Fingerprint(body_hash, m.hashvalues.astype(np.uint32))


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the distinct word shingles: crc32 per word, combined over a sliding window
    with numpy (hashing every shingle string in Python costs three times as much)."""
    words = _WORD.findall(text)
    h = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    n = len(h) - SHINGLE_WORDS + 1
    if n <= 0:
        return np.unique(h)
    s = np.zeros(n, dtype=np.uint64)
    for i in range(SHINGLE_WORDS):
        s = (s * np.uint64(1_000_003) + h[i:n + i]) & np.uint64(0xFFFFFFFF)
    return np.unique(s)


def as_minhash(signature: np.ndarray):
    """A datasketch MinHash holding a stored signature."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, hashvalues=signature, permutations=_permutations(), scheme=MINHASH_SCHEME)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


class NearDuplicateIndex:
    """An in-memory LSH index of version signatures, rebuilt from the `minhashes` table on open."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[int, tuple[int, np.ndarray]] = {}  # version id -> (story id, signature)

    def add(self, version_id: int, story_id: int, signature: np.ndarray) -> None:
        self.lsh.insert(version_id, as_minhash(signature), check_duplication=False)
        self.signatures[version_id] = (story_id, signature)

    def best_story(self, signature: np.ndarray) -> tuple[int, float] | None:
        """The story whose version is most like this signature, if it passes the threshold."""
        best: tuple[int, float] | None = None
        for vid in self.lsh.query(as_minhash(signature)):
            story_id, other = self.signatures[vid]
            j = jaccard(signature, other)
            if j >= NEAR_DUPLICATE_JACCARD and (best is None or j > best[1]):
                best = (story_id, j)
        return best
