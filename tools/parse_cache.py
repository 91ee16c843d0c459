"""A cache of spaCy parses for evaluation and training runs: the parse is most of their time.

    from tools import parse_cache
    parse_cache.install()            # every enrich() in this process reads and writes the cache

Each paragraph's Doc is stored once in an SQLite file (eval-out/parses.sqlite), keyed by the model,
the level (which components ran) and the text, so a change to the rules re-runs in seconds and a
change to the text re-parses only what changed. Development only: the library never caches parses.
"""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PATH = REPO / "eval-out" / "parses.sqlite"


class CachedPipeline:
    """Stands in for a loaded spaCy pipeline: `pipe` answers from the cache, parsing only what is new."""

    def __init__(self, nlp, db: sqlite3.Connection, tag: str):
        self.nlp, self.db, self.tag = nlp, db, tag

    def __getattr__(self, name):
        return getattr(self.nlp, name)

    def __call__(self, text: str):
        return next(iter(self.pipe([text])))

    def _key(self, text: str) -> str:
        return hashlib.sha1(f"{self.tag}\x00{text}".encode("utf-8")).hexdigest()

    def pipe(self, texts, **kwargs):
        from spacy.tokens import Doc

        texts = list(texts)
        keys = [self._key(t) for t in texts]
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.db.execute(f"SELECT key, doc FROM parses WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update(rows.fetchall())
        missing = [(k, t) for k, t in zip(keys, texts) if k not in found]
        if missing:
            new = {}
            for (k, _), doc in zip(missing, self.nlp.pipe([t for _, t in missing], **kwargs)):
                new[k] = doc
                found[k] = None
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?)",
                                    [(k, d.to_bytes()) for k, d in new.items()])
        else:
            new = {}
        out = []
        for k in keys:
            out.append(new[k] if k in new else Doc(self.nlp.vocab).from_bytes(found[k]))
        return out


def install(path: Path = DEFAULT_PATH) -> None:
    """Make dateline.nlp load pipelines that read and write the cache at `path`."""
    from dateline.nlp import model

    if getattr(model.load, "cached", False):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), check_same_thread=False)
    db.execute("CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, doc BLOB)")
    original = model.load
    pipelines: dict = {}

    def load(name: str, level: str):
        if (name, level) not in pipelines:
            nlp = original(name, level)
            pipelines[name, level] = CachedPipeline(nlp, db, f"{name}/{level}/{','.join(nlp.pipe_names)}")
        return pipelines[name, level]

    load.cached = True
    model.load = load
