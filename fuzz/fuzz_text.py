"""atheris target: any bytes through the flattened-text path give a valid result, never an exception.

    nice -n 19 .venv/bin/python fuzz/fuzz_text.py /tmp/dateline-fuzz/text -max_total_time=600 -timeout=30
"""
import sys

import atheris

with atheris.instrument_imports(include=["dateline", "fuzz", "_target"]):
    from _target import run_one


def test_one(data: bytes) -> None:
    run_one(data, "text")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
