"""rs-trafilatura (the wheel `trafipy`) timed as bench/speed.py times every engine, run by speed.py under
the Python >= 3.12 of bench/.venv312 (`make bench-312`):

    bench/.venv312/bin/python bench/engine312.py PAGES.json REPEAT

PAGES.json is a list of the decoded pages; prints one JSON line: the figures of bench/timing.py and
`outputs`, the body text of each page, which speed.py scores."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import time_engine  # noqa: E402 - after the path above


def main(argv: list[str]) -> int:
    import trafipy

    texts = json.loads(Path(argv[0]).read_text())
    outputs, figures = time_engine(lambda html: [trafipy.extract(html).text], texts, int(argv[1]))
    print(json.dumps({**figures, "outputs": outputs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
