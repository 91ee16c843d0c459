"""The 617 dev HTML pages with every attack page mixed in, in one batch with `--jobs 2` under a 4 GB
memory cap (the whole batch: parent and workers, as `prlimit --as=4G` sets it).

    python bench/attack_batch.py [--jobs 2] [--cap-gb 4] [--nlp off]

Prints PASS/FAIL for: every good page stored (no error record), every attack page a record of its own
(an error record, or a bounded page), and no page held back behind another for more than its own time
limit plus 5 s (the longest gap between two stored pages, and from the start to the first).
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.corpus.runner import Runner  # noqa: E402
from dateline.corpus.store import Store  # noqa: E402
from dateline.options import Options  # noqa: E402

DEV = REPO.parent / "shared" / "data" / "dev"
GOOD_SETS = ("fundus", "scrapinghub", "trafilatura")  # their html/ folders: 133 + 181 + 303 = 617 pages
PARAS = "".join(f"<p>Paragraph {i} of the story, long enough to be read as the body of an article.</p>"
                for i in range(4))


def attack_pages() -> dict[str, str]:
    """Every HTML attack of issue 19's table, at the size it was reported at."""
    attrs = " ".join(f'a{i}="{i}"' for i in range(200_000))
    quoted = " ".join(f'a{i}=">"' for i in range(200_000))
    return {
        "memory_bomb": "<p>" + "<b>" * 500 + "<p>x" * 100_000,
        "comment_attributes": f"<!--><div {attrs}>{PARAS}</div>",
        "comment_options": "<!--->" + "<select>" + "<option>x" * 100_000 + "</select>" + PARAS,
        "svg_title_divs": "<svg><title>" + "<div>" * 100_000 + PARAS,
        "svg_style_divs": "<svg><style>" + "<div>" * 100_000 + PARAS,
        "quoted_gt_attributes": f"<div {quoted}>{PARAS}</div>",
        "nested_divs": "<div>" * 100_000 + PARAS,
        "self_closed_divs": "<div/>" * 100_000 + PARAS,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cap-gb", type=float, default=4.0)
    ap.add_argument("--nlp", default="off")
    args = ap.parse_args()
    cap = int(args.cap_gb * (1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))  # inherited by the workers, which set their own below it

    good = [p for s in GOOD_SETS for p in sorted((DEV / s / "html").iterdir())]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        attacks = []
        for name, html in attack_pages().items():
            path = folder / f"attack_{name}.html"
            path.write_text(html)
            attacks.append(str(path))
        # the attacks spread through the batch, one after each 1/len(attacks) of the good pages
        step = len(good) // len(attacks)
        inputs: list[str] = []
        for i, page in enumerate(good):
            inputs.append(str(page))
            if i % step == step - 1 and i // step < len(attacks):
                inputs.append(attacks[i // step])
        options = Options(nlp=args.nlp)
        outcomes = {}
        start = time.monotonic()
        stamps = [start]
        with Store(Path(tmp) / "c.db") as store, Runner(store, options, jobs=args.jobs) as runner:
            for outcome in runner.run(inputs):
                outcomes[outcome.uri] = outcome
                stamps.append(time.monotonic())
            s = runner.summary
    longest_gap = max(b - a for a, b in zip(stamps, stamps[1:]))
    bad_good = [u for u in map(str, good) if u not in outcomes or outcomes[u].failed]
    missing_attack = [a for a in attacks if a not in outcomes]
    allowed = options.timeout_s + 5.0
    print(f"{s.pages} pages ({len(good)} good, {len(attacks)} attacks) in {s.seconds:.1f} s, "
          f"{s.pages_per_s:.1f} pages/s, --jobs {args.jobs}, address space capped at {args.cap_gb:g} GB, "
          f"--nlp {args.nlp}")
    for a in attacks:
        o = outcomes.get(a)
        what = "missing" if o is None else ("error: " + ", ".join(o.reasons)) if o.failed else \
            f"stored, {o.stories} stories"
        print(f"  {Path(a).stem}: {what}")
    checks = [
        ("every good page stored without an error record", not bad_good, f"{len(bad_good)} not: {bad_good[:3]}"),
        ("every attack page has a record of its own", not missing_attack, f"missing: {missing_attack}"),
        (f"no page held back more than its limit + 5 s ({allowed:g} s)", longest_gap <= allowed,
         f"longest wait between stored pages {longest_gap:.1f} s"),
    ]
    for label, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}: {label} ({detail})")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
