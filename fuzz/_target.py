"""The one body both atheris targets share: bytes in, extract, the contract checked."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `fuzz.contract` when run as a script

from dateline import Options, extract  # noqa: E402
from fuzz.contract import check_page_result  # noqa: E402

# no limits, so the page runs in this process where the fuzzer sees its coverage: libFuzzer's own -timeout
# and -rss_limit_mb report a slow or a greedy input as a crash
FUZZ_OPTIONS = {"text": Options(input_format="text", timeout_s=0, max_page_memory=0),
                "html": Options(input_format="html", timeout_s=0, max_page_memory=0)}
# a depth limit small enough that fuzzed pages of a few KB reach it, so flattening is fuzzed too
SHALLOW_DEPTH = 8


# dateparser, the date parser of last resort, loads its languages on first use (~2 s, ~20 s under
# atheris): done here, so libFuzzer does not report whichever input first needs it as a slow unit
import dateparser  # noqa: E402

dateparser.parse("5 de mayo de 2025")


def options_for(data: bytes, kind: str) -> Options:
    """The options an input runs under: on the HTML path an odd first byte also flattens past depth 8."""
    options = FUZZ_OPTIONS[kind]
    if kind == "html" and data[:1] and data[0] & 1:
        options = options.with_(max_depth=SHALLOW_DEPTH)
    return options


def run_one(data: bytes, kind: str) -> None:
    check_page_result(extract(data, options_for(data, kind), uri=f"fuzz.{kind}"))
