"""Accuracy and speed of dateline's HTML path against other extractors, on the same pages, in one run.

    python bench/speed.py --set scrapinghub fundus
    python bench/speed.py --set fundus --limit 50 --engines dateline trafilatura

Each engine runs in its own worker process, one after another (one core each, no parallelism), over
the same decoded pages: one warm-up page, then `--repeat` timed passes of which the fastest counts.
Reported per engine: body accuracy (page_body_macro F1 from shared/eval/score.py); pages/s by the
worker's CPU time (the machine may be shared; wall-clock pages/s is shown beside it) and its ratio to
trafilatura's in this run; peak memory (the worker's max RSS, and its growth over the pages loaded in
memory). Writes its tables as its own dated section of bench/results.md (the same day's section of this
script is replaced, every other section is kept) and the plot bench/speed.png.
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


def worker(engine: str, set_name: str, limit: int | None, repeat: int = 1) -> dict:
    """Run one engine over the pages in this process; return its figures (called in a subprocess)."""
    from bench.timing import time_engine

    pages = load_pages(set_name, limit)
    outputs, figures = time_engine(make_engine(engine), [html for _, html, _ in pages], repeat)
    return {"engine": engine, **figures, **score(pages, outputs)}


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


def worker312(set_name: str, limit: int | None, repeat: int) -> dict | str:
    """rs-trafilatura's figures, timed in its own worker process under bench/.venv312 as the others are;
    or, where that venv is not there, the line the table shows instead."""
    if not VENV312.exists():
        return (f"{RS_TRAFILATURA}: not run, no Python >= 3.12 venv at bench/.venv312 "
                "(`make bench-312` makes one where a Python >= 3.12 is found).")
    pages = load_pages(set_name, limit)
    with tempfile.TemporaryDirectory() as tmp:
        texts = Path(tmp) / "pages.json"
        texts.write_text(json.dumps([html for _, html, _ in pages]))
        out = subprocess.run([str(VENV312), str(HERE / "engine312.py"), str(texts), str(repeat)],
                             capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return f"{RS_TRAFILATURA}: failed under bench/.venv312: {(out.stderr.strip().splitlines() or ['?'])[-1]}"
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return {"engine": RS_TRAFILATURA, **{k: v for k, v in figures.items() if k != "outputs"},
            **score(pages, figures["outputs"])}


def run_all(engines: list[str], set_name: str, limit: int | None, repeat: int) -> list[dict | str]:
    """Each engine's figures, one worker process after another; a line of text for one not run."""
    rows: list[dict | str] = []
    for n, engine in enumerate(engines, 1):
        say(f"bench {n}/{len(engines)}: {engine} on {set_name}/html ({repeat} timed passes) …")
        t0 = time.perf_counter()
        if engine == RS_TRAFILATURA:
            rows.append(worker312(set_name, limit, repeat))
        else:
            cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", engine, "--set", set_name,
                   "--repeat", str(repeat)]
            if limit:
                cmd += ["--limit", str(limit)]
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if out.returncode != 0:
                print(f"{engine}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
                rows.append(f"{engine}: failed ({(out.stderr.strip().splitlines() or ['?'])[-1]})")
                continue
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        row = rows[-1]
        done = row if isinstance(row, str) else \
            f"({row['pages_per_s']:.1f} pages/s CPU, {'%s %.3f' % accuracy(row)})"
        say(f"bench {n}/{len(engines)}: {engine} done in {time.perf_counter() - t0:.0f} s {done}")
    return rows


def table(all_rows: list[dict | str], set_name: str) -> str:
    rows = [r for r in all_rows if isinstance(r, dict)]
    notes = [r for r in all_rows if isinstance(r, str)]
    ref = next((r["pages_per_s"] for r in rows if r["engine"] == "trafilatura"), None)
    lines = [f"Set `{set_name}/html`, {rows[0]['pages'] if rows else 0} pages, one process per engine, "
             "the fastest of the timed passes.", "",
             "| engine | body F1 | P | R | snippets F1 | pages/s (CPU) | × trafilatura | pages/s (wall) "
             "| peak RSS MB | growth MB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{r['pages_per_s'] / ref:.2f}" if ref else "-"
        lines.append(f"| {r['engine']} | {figure(r['f1'])} | {figure(r['precision'])} | {figure(r['recall'])} | "
                     f"{figure(r.get('snippets_f1'))} | {r['pages_per_s']:.1f} | {ratio} | "
                     f"{r['wall_pages_per_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['growth_mb']:.0f} |")
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
        ax.legend(loc="lower left", fontsize=9)
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
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per engine; the fastest counts")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(HERE / "results.md"))
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.set[0], args.limit, args.repeat)))
        return 0
    load_before = os.getloadavg()
    results = {name: run_all(args.engines, name, args.limit, args.repeat) for name in args.set}
    load_after = os.getloadavg()
    text = "\n".join(table(rows, name) for name, rows in results.items() if rows)
    print(text)
    command = " ".join(["python bench/speed.py", *(argv if argv is not None else sys.argv[1:])])
    load = (f"Load average (1, 5, 15 min) {', '.join(f'{x:.2f}' for x in load_before)} at the start, "
            f"{', '.join(f'{x:.2f}' for x in load_after)} at the end, on {os.cpu_count()} cores.")
    write_section(Path(args.out), f"`{command}`\n\n{load}\n\n{text}", datetime.date.today().isoformat())
    if any(results.values()):
        plot({k: [r for r in v if isinstance(r, dict)] for k, v in results.items() if v}, HERE / "speed.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
