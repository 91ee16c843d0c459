"""The 617 dev HTML pages with every attack page mixed in, in one batch with `--jobs 2` under a 4 GB
memory cap.

    python bench/attack_batch.py [--jobs 2] [--cap-gb 4] [--nlp off] [--good N]

The cap: the batch's address space (`RLIMIT_AS`, as `prlimit --as=4G` sets it), and where the memory
cgroup (v1) of this process can hold a child, a cgroup of its own with `memory.limit_in_bytes` at the cap,
which the parent and its worker processes share (the figure printed says which held).

The attacks are issue 19's table, generated here: the HTML ones at the size they were reported at, and
the input ones (a two-member gzip, a WARC cut inside its last record's header, JSON-LD nested 1,500
deep, a 1.5 MB article, a 3 GB file, /dev/zero through a link, a FIFO, a folder holding a link to
itself). Prints PASS/FAIL for: every good page stored (no error record), every attack page the record
it should give (an error record, or a page the limits bounded), and no page held back behind another for
more than its own time limit plus 5 s (the longest gap between two stored pages, and from the start to
the first).
"""
from __future__ import annotations

import argparse
import os
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
        "memory_bomb": "<p>" + "".join(f"<b class=c{i}>" for i in range(500)) + "<p>x" * 100_000,
        "comment_attributes": f"<!--><div {attrs}>{PARAS}</div>",
        "comment_options": "<!--->" + "<select>" + "<option>x" * 100_000 + "</select>" + PARAS,
        "svg_title_divs": "<svg><title>" + "<div>" * 100_000 + PARAS,
        "svg_style_divs": "<svg><style>" + "<div>" * 100_000 + PARAS,
        "quoted_gt_attributes": f"<div {quoted}>{PARAS}</div>",
        "nested_divs": "<div>" * 100_000 + PARAS,
        "self_closed_divs": "<div/>" * 100_000 + PARAS,
    }


def input_attacks(folder: Path) -> dict[str, tuple[str, str]]:
    """The attacks that are files rather than markup: name -> (input, what it should give: "stored" or an
    error reason). Made in `folder`."""
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    made: dict[str, tuple[str, str]] = {}
    page = gzip.decompress(sorted((DEV / "wcxb" / "html").iterdir())[0].read_bytes())
    two = folder / "attack_two_member.html.gz"  # cat a.gz b.gz: the page in two gzip members
    two.write_bytes(gzip.compress(page[: len(page) // 2]) + gzip.compress(page[len(page) // 2:]))
    made["two_member_gzip"] = (str(two), "stored")
    warc = folder / "attack_cut.warc"
    with open(warc, "wb") as f:
        w = WARCWriter(f, gzip=False)
        for n, p in enumerate(sorted((DEV / "wcxb" / "html").iterdir())[1:4]):
            body = gzip.decompress(p.read_bytes())
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://attack.example/{n}", "response",
                                                payload=io.BytesIO(body), http_headers=http))
    data = warc.read_bytes()
    warc.write_bytes(data[: data.rfind(b"WARC/1.") + 40])  # cut inside the last record's header
    made["warc_cut_in_a_header"] = (str(warc), "bad_archive")
    jsonld = '<script type="application/ld+json">' + "[" * 1500 + "]" * 1500 + "</script>"
    deep = folder / "attack_jsonld_1500_deep.html"
    deep.write_text(f"<html><head>{jsonld}</head><body><h1>Talks go on</h1>{PARAS}</body></html>")
    made["jsonld_1500_deep"] = (str(deep), "stored")
    seed = (REPO / "examples").glob("*.txt").__next__().read_text().split("\n\n")
    paras = [p for p in seed if len(p) > 80]
    body, n = [], 0
    while sum(map(len, body)) < 1_500_000:
        body.append(f"<p>In round {n // len(paras)}, {paras[n % len(paras)]}</p>")
        n += 1
    long = folder / "attack_article_1_5mb.html"
    long.write_text("<html><body><h1>Talks go on</h1>" + "".join(body) + "</body></html>")
    made["article_1_5mb"] = (str(long), "stored")
    huge = folder / "attack_3gb.html"
    with open(huge, "wb") as f:  # sparse: 3 GB that take no disk
        f.truncate(3 * 10**9)
    made["file_3gb"] = (str(huge), "too_large")
    zero = folder / "attack_zero.html"
    zero.symlink_to("/dev/zero")
    made["dev_zero_through_a_link"] = (str(zero), "unreadable")
    fifo = folder / "attack_fifo.html"
    os.mkfifo(fifo)
    made["fifo"] = (str(fifo), "unreadable")
    loop = folder / "loop"
    loop.mkdir()
    (loop / "page.html").write_bytes(page.replace(b"<body", b"<body data-copy=1", 1))
    (loop / "again").symlink_to(loop)  # a folder holding a link to itself
    made["folder_with_a_link_loop"] = (str(loop), "stored")
    return made


def cgroup_cap(cap: int) -> Path | None:
    """Put this process in a child of its own memory cgroup (v1) limited to `cap` bytes, if it may."""
    try:
        line = next(ln for ln in Path("/proc/self/cgroup").read_text().splitlines() if ":memory:" in ln)
        group = Path("/sys/fs/cgroup/memory") / line.split(":", 2)[2].lstrip("/") / f"dateline-attack-{os.getpid()}"
        group.mkdir()
        (group / "memory.limit_in_bytes").write_text(str(cap))
        (group / "cgroup.procs").write_text(str(os.getpid()))
        return group
    except (OSError, StopIteration):
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cap-gb", type=float, default=4.0)
    ap.add_argument("--nlp", default="off")
    ap.add_argument("--good", type=int, default=0, help="only the first N good pages (a quick try; 0: all 617)")
    args = ap.parse_args()
    cap = int(args.cap_gb * (1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))  # inherited by the workers, which set their own below it
    group = cgroup_cap(cap)

    good = [p for s in GOOD_SETS for p in sorted((DEV / s / "html").iterdir())]
    good = good[: args.good] if args.good else good
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        attacks = []
        for name, html in attack_pages().items():
            path = folder / f"attack_{name}.html"
            path.write_text(html)
            attacks.append(str(path))
        expected = {a: "bounded or an error" for a in attacks}
        for path, what in input_attacks(folder).values():
            attacks.append(path)
            expected[path] = what
        # the attacks spread through the batch, one after each 1/len(attacks) of the good pages
        step = len(good) // len(attacks)
        inputs: list[str] = []
        for i, page in enumerate(good):
            inputs.append(str(page))
            if i % step == step - 1 and i // step < len(attacks):
                inputs.append(attacks[i // step])
        options = Options(nlp=args.nlp)
        outcomes: dict[str, list] = {}  # uri -> its outcomes (an archive's records share its path)
        start = time.monotonic()
        stamps = [start]
        with Store(Path(tmp) / "c.db") as store, Runner(store, options, jobs=args.jobs) as runner:
            for outcome in runner.run(inputs):
                outcomes.setdefault(str(outcome.uri), []).append(outcome)
                stamps.append(time.monotonic())
            s = runner.summary
        peak = int((group / "memory.max_usage_in_bytes").read_text()) if group is not None else None
    if group is not None:  # back to the cgroup it came from (its workers have ended), and the child removed
        (group.parent / "cgroup.procs").write_text(str(os.getpid()))
        group.rmdir()
    longest_gap = max(b - a for a, b in zip(stamps, stamps[1:]))
    bad_good = [u for u in map(str, good) if u not in outcomes or any(o.failed for o in outcomes[u])]
    held = f"a cgroup of {args.cap_gb:g} GB for the whole batch (peak {peak / 2**30:.2f} GB) and " \
        if peak is not None else ""
    print(f"{s.pages} pages ({len(good)} good, {len(attacks)} attacks) in {s.seconds:.1f} s, "
          f"{s.pages_per_s:.1f} pages/s, --jobs {args.jobs}, {held}address space capped at {args.cap_gb:g} GB, "
          f"--nlp {args.nlp}")
    wrong = []
    for a in attacks:
        mine = outcomes.get(a, []) + [o for u, os_ in outcomes.items() if u.startswith(a + "/") for o in os_]
        what = "; ".join(("error: " + ", ".join(o.reasons)) if o.failed else f"stored, {o.stories} stories"
                         for o in mine) or "missing"
        want = expected[a]
        if want == "bounded or an error":
            ok = bool(mine)
        elif want == "stored":
            ok = bool(mine) and not any(o.failed for o in mine)
        else:
            ok = any(want in o.reasons for o in mine)
        if not ok:
            wrong.append(Path(a).name)
        print(f"  {Path(a).name}: {what} (should be: {want}){'' if ok else '  <- NOT'}")
    allowed = options.timeout_s + 5.0
    checks = [
        ("every good page stored without an error record", not bad_good, f"{len(bad_good)} not: {bad_good[:3]}"),
        ("every attack page gives the record it should", not wrong, f"not: {wrong}" if wrong else
         f"{len(attacks)} of {len(attacks)}"),
        (f"no page held back more than its limit + 5 s ({allowed:g} s)", longest_gap <= allowed,
         f"longest wait between stored pages {longest_gap:.1f} s"),
    ]
    for label, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}: {label} ({detail})")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
