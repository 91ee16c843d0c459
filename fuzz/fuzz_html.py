"""atheris target: any bytes through the HTML path give a valid result, never an exception.

    nice -n 19 .venv/bin/python fuzz/fuzz_html.py /tmp/dateline-fuzz/html -max_total_time=600 -timeout=30
"""
import sys

import atheris

with atheris.instrument_imports(include=["dateline", "fuzz", "_target"]):
    from _target import run_one


def test_one(data: bytes) -> None:
    run_one(data, "html")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
