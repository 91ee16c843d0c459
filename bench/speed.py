"""Accuracy and speed of dateline's HTML path against other extractors, on the same pages, in one run.

    python bench/speed.py --set scrapinghub fundus
    python bench/speed.py --set fundus --limit 50 --engines dateline trafilatura

Each engine runs in its own worker process over the same decoded pages (one core each, one engine busy
at a time): every worker starts and takes one warm-up page. The pages are cut into slices of `--slice`
pages; in each round every engine times one slice in turn, the order turning each round, until each has
timed every slice `--repeat` times. An engine's time for a slice is its fastest of those, and its time
for the set the sum over the slices. A spell of load on the machine, or a slower spell of the CPU under
other tenants, so falls on every engine alike and is dropped where a quieter round timed the same slice.
Reported per engine: body accuracy (page_body_macro F1 from shared/eval/score.py); pages/s by the
worker's CPU time (the machine may be shared; wall-clock pages/s is shown beside it) and its ratio to
trafilatura's in this run; peak memory (the worker's max RSS, and its growth over the pages loaded in
memory). Writes its tables as its own dated section of bench/results.md (the same day's section of this
script is replaced, every other section is kept) and the plot speed.png beside it (bench/speed.png).
"""
from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))  # tools/ (evaluation) lives beside the package

from tools.progress import say  # noqa: E402 - after the paths above

ENGINES = ("dateline", "trafilatura", "readability", "resiliparse", "rs-trafilatura")


def load_pages(set_name: str, limit: int | None) -> list[tuple[str, str, Path]]:
    """(name, decoded html, gold path) of a dev set's HTML pages, as dateline's reader decodes them."""
    from tools.evaluate import set_pages
    from dateline.read import decode

    pairs, _ = set_pages(f"{set_name}/html", limit)
    pages = []
    for inp, gold in pairs:
        raw = inp.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        text, _ = decode(data, None, is_html=True)
        pages.append((inp.name, text, gold))
    return pages


def make_engine(name: str):
    """A function html -> list of body paragraphs, for each engine; dateline's gives its articles'
    standfirst and body apart (the scorer's body measures read the body, its snippets both)."""
    if name == "dateline":
        from dateline import Options
        from dateline.pipeline import extract_page
        from dateline.read import Page

        opts = Options(input_format="html")

        def run(html: str) -> list[dict]:
            page = Page(data=html.encode("utf-8"), format="html", text=html, encoding="utf-8")
            return [{"standfirst": a.standfirst, "body": a.body} for a in extract_page(page, opts).articles]
        return run
    if name == "trafilatura":
        import trafilatura

        return lambda html: [(trafilatura.extract(html) or "")]
    if name == "readability":
        import lxml.html
        from readability import Document

        def run(html: str) -> list[str]:
            summary = Document(html).summary(html_partial=True)
            return [lxml.html.fromstring(summary).text_content()] if summary.strip() else []
        return run
    if name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text

        return lambda html: [extract_plain_text(html, main_content=True)]
    raise SystemExit(f"unknown engine {name!r}; choose from {ENGINES}")


def worker(engine: str, pages_file: str) -> None:
    """Serve the bench as one engine's worker process (bench/timing.py), over the pages in `pages_file`."""
    from bench.timing import serve

    serve(make_engine(engine), json.loads(Path(pages_file).read_text()))


def score(pages: list[tuple[str, str, Path]], outputs: list[list]) -> dict:
    """page_body_macro of the engine's body text against the gold of each page, and snippets F1 (the
    measure of a set whose gold has snippets only, as trafilatura's); None where the gold has neither."""
    from tools.evaluate import load_scorer

    scorer = load_scorer()
    tally = scorer.Tally()
    for (_, _, gold), out in zip(pages, outputs):
        articles = out if out and isinstance(out[0], dict) else ([{"body": out}] if out else [])
        scorer.score_page({"articles": articles}, scorer.load(gold), tally)
    report = tally.report()
    body, snippets = report.get("page_body_macro", {}), report.get("snippets", {})
    return {"f1": body.get("f1"), "precision": body.get("precision"), "recall": body.get("recall"),
            "snippets_f1": snippets.get("f1")}


def figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def accuracy(row: dict) -> tuple[str, float]:
    """The measure a set's gold allows: body F1, or snippets F1 where it has snippets only."""
    if row["f1"] is None and row.get("snippets_f1") is not None:
        return "snippets F1", row["snippets_f1"]
    return "body F1", row["f1"] or 0.0


# rs-trafilatura runs under a Python >= 3.12 (its wheel needs it), in the venv `make bench-312` makes
VENV312 = HERE / ".venv312" / "bin" / "python"
RS_TRAFILATURA = "rs-trafilatura"


class WorkerFailed(Exception):
    """A worker process that stopped, or said something the bench does not understand."""


class Worker:
    """One engine's worker process, driven line by line (bench/timing.py); stderr goes to a file, so a
    chatty engine cannot block its pipe."""

    def __init__(self, engine: str, pages_file: Path, workdir: Path):
        self.engine = engine
        if engine == RS_TRAFILATURA:
            cmd = [str(VENV312), str(HERE / "engine312.py"), str(pages_file)]
        else:
            cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", engine, "--pages", str(pages_file)]
        self.errfile = workdir / f"{engine}.stderr"
        with self.errfile.open("w") as err:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True)
        self.passes: list[dict] = []

    def _ask(self, order: str | None) -> dict:
        try:
            if order is not None:
                self.proc.stdin.write(order + "\n")
                self.proc.stdin.flush()
            line = self.proc.stdout.readline()
            answer = json.loads(line) if line else None
        except (OSError, ValueError) as e:
            raise WorkerFailed(f"{self.engine}: {e}") from e
        if not isinstance(answer, dict) or "error" in answer:
            self.proc.kill()
            tail = self.errfile.read_text(errors="replace").strip().splitlines() or ["no message"]
            reason = answer["error"] if isinstance(answer, dict) else tail[-1]
            raise WorkerFailed(f"{self.engine}: failed ({reason})")
        return answer

    def ready(self) -> None:
        self._ask(None)

    def timed_pass(self, first: int, end: int, piece: int, round_: int) -> None:
        """Time pages first to end (slice number `piece`) in round `round_`."""
        self.passes.append({**self._ask(f"pass {first} {end}"), "slice": piece, "round": round_})

    def end(self) -> dict:
        answer = self._ask("end")
        self.proc.wait(timeout=60)
        return answer

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def start(engines: list[str], pages_file: Path, workdir: Path) -> tuple[list[Worker], list[str]]:
    """Every engine's worker, warmed up and waiting; a line of text for each that could not start."""
    workers, notes = [], []
    for engine in engines:
        if engine == RS_TRAFILATURA and not VENV312.exists():
            notes.append(f"{RS_TRAFILATURA}: not run, no Python >= 3.12 venv at bench/.venv312 "
                         "(`make bench-312` makes one where a Python >= 3.12 is found).")
            continue
        workers.append(Worker(engine, pages_file, workdir))
    ready = []
    for w in workers:
        try:
            w.ready()
            ready.append(w)
        except WorkerFailed as e:
            notes.append(str(e))
    return ready, notes


def slices(n: int, size: int) -> list[tuple[int, int]]:
    """Pages 0..n cut into runs of `size` (the last may be shorter)."""
    size = max(1, size)
    return [(a, min(n, a + size)) for a in range(0, n, size)]


def figures(w: Worker, final: dict, pages: list[tuple[str, str, Path]]) -> dict:
    """An engine's row: the sum over the slices of its fastest time for each (CPU, and wall apart),
    memory, accuracy, and the CPU seconds of each round it timed (`rounds`, round -> seconds)."""
    best_cpu: dict[int, float] = {}
    best_wall: dict[int, float] = {}
    for p in w.passes:
        k = p["slice"]
        best_cpu[k] = min(best_cpu.get(k, float("inf")), p["cpu_seconds"])
        best_wall[k] = min(best_wall.get(k, float("inf")), p["seconds"])
    cpu, wall, n = sum(best_cpu.values()), sum(best_wall.values()), len(pages)
    return {"engine": w.engine, "pages": n, "seconds": wall, "cpu_seconds": cpu, "pages_per_s": n / cpu,
            "wall_pages_per_s": n / wall, "peak_rss_mb": final["peak_rss_mb"], "growth_mb": final["growth_mb"],
            "repeat": len(w.passes) // max(1, len(best_cpu)), "slices": len(best_cpu),
            "rounds": {p["round"]: p["cpu_seconds"] for p in w.passes},
            **score(pages, final["outputs"])}


def run_all(engines: list[str], set_name: str, limit: int | None, repeat: int,
            size: int = 20) -> list[dict | str]:
    """Each engine's figures; a line of text for one not run or failed. Every engine's worker starts
    first; then round by round every engine times one slice of `size` pages, the order turning by one
    each round, until each has timed every slice `repeat` times (module docstring)."""
    pages = load_pages(set_name, limit)
    plan = [(r, k, a, b) for r in range(repeat) for k, (a, b) in enumerate(slices(len(pages), size))]
    rows: list[dict | str] = []
    with tempfile.TemporaryDirectory() as tmp:
        pages_file = Path(tmp) / "pages.json"
        pages_file.write_text(json.dumps([html for _, html, _ in pages]))
        say(f"bench: starting {len(engines)} engines on {set_name}/html ({len(pages)} pages) …")
        workers, notes = start(engines, pages_file, Path(tmp))
        try:
            t0 = time.perf_counter()
            for i, (r, k, a, b) in enumerate(plan):
                order = workers[i % len(workers):] + workers[:i % len(workers)] if workers else []
                for w in order:
                    try:
                        w.timed_pass(a, b, k, i)
                    except WorkerFailed as e:
                        notes.append(str(e))
                        workers.remove(w)
                if k == 0 or i == len(plan) - 1:
                    say(f"bench {set_name}: round {i + 1}/{len(plan)} (pass {r + 1}/{repeat} over the pages), "
                        f"{time.perf_counter() - t0:.0f} s")
            for w in workers:
                try:
                    rows.append(figures(w, w.end(), pages))
                except WorkerFailed as e:
                    notes.append(str(e))
        finally:
            for w in workers:
                w.stop()
    order = {e: i for i, e in enumerate(engines)}
    rows.sort(key=lambda r: order.get(r["engine"], len(order)))
    return rows + notes


def by_round(rows: list[dict | str], engine: str = "dateline", ref: str = "trafilatura") -> list[float]:
    """`engine`'s pages/s over `ref`'s in each round both timed (the same slice, one after the other), by
    CPU time, in round order."""
    found = {r["engine"]: r["rounds"] for r in rows if isinstance(r, dict)}
    if engine not in found or ref not in found:
        return []
    mine, theirs = found[engine], found[ref]
    return [theirs[i] / mine[i] for i in sorted(mine) if i in theirs and mine[i] > 0]


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """The lower quartile, the median and the upper quartile (linear between the nearest values)."""
    xs = sorted(values)

    def at(q: float) -> float:
        pos = q * (len(xs) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(xs) - 1)
        return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
    return at(0.25), at(0.5), at(0.75)


def table(all_rows: list[dict | str], set_name: str) -> str:
    rows = [r for r in all_rows if isinstance(r, dict)]
    notes = [r for r in all_rows if isinstance(r, str)]
    ref = next((r["pages_per_s"] for r in rows if r["engine"] == "trafilatura"), None)
    first = rows[0] if rows else {"pages": 0, "slices": 0, "repeat": 0}
    lines = [f"Set `{set_name}/html`, {first['pages']} pages in {first['slices']} slices, one process per engine; "
             f"round by round the engines time a slice in turn, each slice {first['repeat']} times; an "
             "engine's time is the sum of its fastest time for each slice.", "",
             "| engine | body F1 | P | R | snippets F1 | pages/s (CPU) | × trafilatura | pages/s (wall) "
             "| peak RSS MB | growth MB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{r['pages_per_s'] / ref:.2f}" if ref else "-"
        lines.append(f"| {r['engine']} | {figure(r['f1'])} | {figure(r['precision'])} | {figure(r['recall'])} | "
                     f"{figure(r.get('snippets_f1'))} | {r['pages_per_s']:.1f} | {ratio} | "
                     f"{r['wall_pages_per_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['growth_mb']:.0f} |")
    rounds = by_round(all_rows)
    if rounds:
        q1, med, q3 = quartiles(rounds)
        notes = [f"dateline's pages/s over trafilatura's round by round (the same slice, one right after the "
                 f"other), over {len(rounds)} rounds: median {med:.2f}, middle half {q1:.2f} to {q3:.2f}, "
                 f"all {min(rounds):.2f} to {max(rounds):.2f}."] + notes
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def plot(results: dict[str, list[dict]], path: Path) -> None:
    """One panel per set: body F1 (snippets F1 where the set has no body gold) against pages/s (log
    scale), one point per engine."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

    fig, axes = plt.subplots(1, len(results), figsize=(6.5 * len(results), 4.5), squeeze=False)
    for ax, (set_name, rows) in zip(axes[0], results.items()):
        measure = accuracy(rows[0])[0] if rows else "body F1"
        for r in rows:
            value = accuracy(r)[1]
            label = f"{r['engine']} ({r['pages_per_s']:.0f} pages/s, F1 {value:.3f})"
            ax.scatter(r["pages_per_s"], value, s=70, label=label)
        ax.legend(loc="best", fontsize=9)
        ax.margins(x=0.15, y=0.15)  # no point on the frame
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1, 2, 5)))
        ax.xaxis.set_major_formatter(ScalarFormatter())
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("pages per second of CPU time (one process, log scale)")
        ax.set_ylabel(measure if measure != "body F1" else "body F1 (page_body_macro)")
        ax.set_title(f"accuracy vs speed on {set_name}/html")
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


SECTION = "## {day}: `make bench`, HTML speed and accuracy against other extractors"
HEADING = re.compile(r"^#{1,2} ", re.M)


def write_section(path: Path, text: str, day: str) -> None:
    """Put `text` under this script's heading of `day` in the results file: in place of that day's
    section if there is one, else at the end. Other sections are kept as they are."""
    heading = SECTION.format(day=day)
    old = path.read_text() if path.exists() else ""
    section = f"{heading}\n\n{text.strip()}\n"
    at = old.find(heading + "\n")
    if at >= 0 and (at == 0 or old[at - 1] == "\n"):
        following = HEADING.search(old, at + len(heading))
        end = following.start() if following else len(old)
        new = old[:at] + section + ("\n" + old[end:] if following else "")
    else:
        new = old.rstrip("\n") + ("\n\n" if old.strip() else "") + section
    path.write_text(new)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", nargs="+", default=["scrapinghub", "fundus"], help="dev sets with an html/ folder")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--engines", nargs="*", default=list(ENGINES))
    ap.add_argument("--repeat", type=int, default=3,
                    help="how many times each engine times each slice; its fastest time for a slice counts")
    ap.add_argument("--slice", type=int, default=20, help="pages in one timed slice")
    ap.add_argument("--worker", help=argparse.SUPPRESS)  # run as one engine's worker process
    ap.add_argument("--pages", help=argparse.SUPPRESS)  # the worker's pages (a JSON list of decoded pages)
    ap.add_argument("--out", default=str(HERE / "results.md"))
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker, args.pages)
        return 0
    load_before = os.getloadavg()
    results = {name: run_all(args.engines, name, args.limit, args.repeat, args.slice) for name in args.set}
    load_after = os.getloadavg()
    text = "\n".join(table(rows, name) for name, rows in results.items() if rows)
    print(text)
    command = " ".join(["python bench/speed.py", *(argv if argv is not None else sys.argv[1:])])
    load = (f"Load average (1, 5, 15 min) {', '.join(f'{x:.2f}' for x in load_before)} at the start, "
            f"{', '.join(f'{x:.2f}' for x in load_after)} at the end, on {os.cpu_count()} cores.")
    write_section(Path(args.out), f"`{command}`\n\n{load}\n\n{text}", datetime.date.today().isoformat())
    if any(results.values()):
        # beside the results file: bench/speed.png for bench/results.md, so a run written elsewhere (--out)
        # leaves the README's plot alone
        plot({k: [r for r in v if isinstance(r, dict)] for k, v in results.items() if v},
             Path(args.out).with_name("speed.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
