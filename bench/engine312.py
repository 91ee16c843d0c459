"""rs-trafilatura (the wheel `trafipy`) as a bench worker, run by bench/speed.py under the Python >= 3.12
of bench/.venv312 (`make bench-312`):

    bench/.venv312/bin/python bench/engine312.py PAGES.json

PAGES.json is a list of the decoded pages; the worker then takes the bench's orders on stdin and
answers on stdout as bench/timing.py says, its outputs being the body text of each page."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import serve  # noqa: E402 - after the path above


def main(argv: list[str]) -> int:
    import trafipy

    serve(lambda html: [trafipy.extract(html).text], json.loads(Path(argv[0]).read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
