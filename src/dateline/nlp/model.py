"""Load the spaCy pipeline once per process, by the name in Options.spacy_model; never download.

`fast` keeps the parser (speakers are the subjects of speech verbs) and drops NER, the
component only entities and figures need; `full` keeps everything.
"""
from __future__ import annotations

from functools import lru_cache

# components `fast` can do without: NER feeds entities and figures, which only `full` emits
FAST_EXCLUDE = ("ner",)


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed; dateline never downloads one at run time."""


@lru_cache(maxsize=4)
def load(name: str, level: str):
    import spacy

    exclude = list(FAST_EXCLUDE) if level == "fast" else []
    try:
        return spacy.load(name, exclude=exclude)
    except OSError as exc:  # spaCy's E050: no package or path of that name
        raise ModelMissing(
            f"spaCy model {name!r} is not installed; install it (e.g. pip install {name}) "
            f"or set Options(spacy_model=...) to one that is"
        ) from exc
