"""The one body both atheris targets share: bytes in, extract, the contract checked."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `fuzz.contract` when run as a script

from dateline import Options, extract  # noqa: E402
from fuzz.contract import check_page_result  # noqa: E402

# timeout_s=0: libFuzzer's own -timeout owns SIGALRM here and reports a slow input as a crash
FUZZ_OPTIONS = {"text": Options(input_format="text", timeout_s=0), "html": Options(input_format="html", timeout_s=0)}


def run_one(data: bytes, input_format: str) -> None:
    result = extract(data, FUZZ_OPTIONS[input_format], uri=f"fuzz.{input_format}")
    check_page_result(result)
