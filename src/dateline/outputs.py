"""What `dateline extract` writes, beside the record's own JSON (record.py): CSV rows, Markdown, and
the file each page goes to under `--out-dir`.

    writer = csv.DictWriter(sys.stdout, CSV_COLUMNS); writer.writeheader()
    writer.writerows(csv_rows(result))          # one article a row, lists joined
    print(markdown(result))                     # a page's stories as Markdown
    paths = OutDir(Path("out"), inputs); paths.path_for("crawl/a/index.html", result, ".json")
"""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from .record import Article, PageResult

# one article a row; lists are joined with LIST_JOIN (body paragraphs with PARAGRAPH_JOIN)
CSV_COLUMNS = ["source_uri", "source_url", "fetched_at", "id", "headline", "kicker", "authors", "published",
               "updated", "published_text", "updated_text", "dateline", "language", "highlights", "standfirst", "body",
               "images", "quotes", "entities", "error"]
LIST_JOIN = " | "
PARAGRAPH_JOIN = "\n\n"
PAGE_SUFFIXES = (".txt.gz", ".html.gz", ".htm.gz", ".text.gz", ".warc.gz", ".wet.gz", ".txt", ".html", ".htm",
                 ".text", ".warc", ".wet")


def csv_rows(result: PageResult) -> list[dict[str, str]]:
    """One row an article; a page that failed is one row with its error and no article."""
    src = result.source
    base = {"source_uri": src.uri or "", "source_url": src.url or "", "fetched_at": src.fetched_at or ""}
    if not result.articles:
        why = "; ".join(f"{e.code} {e.reason}: {e.message}" for e in result.errors) or result.skipped or ""
        return [{**base, "error": why}]
    return [{**base, **_article_cells(a)} for a in result.articles]


def _article_cells(a: Article) -> dict[str, str]:
    return {
        "id": a.id, "headline": a.headline or "", "kicker": a.kicker or "", "authors": LIST_JOIN.join(a.authors),
        "published": a.published or "", "updated": a.updated or "", "published_text": a.published_text or "",
        "updated_text": a.updated_text or "", "dateline": a.dateline or "", "language": a.language or "",
        "highlights": LIST_JOIN.join(a.highlights), "standfirst": a.standfirst or "",
        "body": PARAGRAPH_JOIN.join(a.body),
        "images": LIST_JOIN.join(i.caption or i.url or "" for i in a.images),
        "quotes": LIST_JOIN.join(f"{q.speaker or '?'}: {q.text}" for q in a.quotes),
        "entities": LIST_JOIN.join(f"{e.name} ({e.type})" for e in a.entities), "error": "",
    }


def markdown(result: PageResult) -> str:
    """A page's stories as Markdown: a heading each, its kicker, byline, time, body and quotes."""
    src = result.source
    where = src.url or src.uri or "the page"
    if not result.articles:
        why = "; ".join(f"`{e.code} {e.reason}` {e.message}" for e in result.errors) or result.skipped or ""
        return f"<!-- {where}: no story. {why} -->\n"
    parts = [f"<!-- {where}: {len(result.articles)} stories -->"]
    for a in result.articles:
        parts.append(f"# {_md(a.headline or '(no headline)')}")
        meta = [x for x in (a.kicker, "By " + ", ".join(a.authors) if a.authors else None,
                            a.dateline, a.updated or a.published) if x]
        if meta:
            parts.append("*" + _md(" · ".join(meta)) + "*")
        parts += [f"- {_md(h)}" for h in a.highlights]
        parts += [f"**{_md(a.standfirst)}**"] if a.standfirst else []
        parts += [_md(p) for p in a.body]
        if a.quotes:
            parts.append("Quotes:\n\n" + "\n".join(f"- {_md(q.speaker or '?')}: “{_md(q.text)}”" for q in a.quotes))
    return "\n\n".join(parts) + "\n"


def _md(text: str) -> str:
    """Text that Markdown shows as written: the characters that would start markup are escaped."""
    out = text.replace("\\", "\\\\")
    for ch in "*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


class OutDir:
    """The file of each page under --out-dir: the inputs' folder structure kept below their common
    folder (a/index.txt and b/index.html -> out/a/index.json, out/b/index.json), a link's host and
    path (out/news.example.org/2025/a.json), an archive's records in a folder of its name
    (out/crawl/<offset>.json). Two pages of one run never share a file: the second keeps its full
    name (index.html.json), then a number, and the run says so. Files written by an earlier run are
    replaced, and counted (`replaced`)."""

    def __init__(self, root: Path, inputs: list):
        self.root = root
        files = [Path(str(i)).resolve() for i in inputs if isinstance(i, (str, Path)) and str(i) != "-"
                 and not str(i).lower().startswith(("http://", "https://"))]
        dirs = [f if f.is_dir() else f.parent for f in files]
        self.base = Path(os.path.commonpath(dirs)) if dirs else Path.cwd()
        self.used: set[Path] = set()
        self.renamed: list[tuple[str, Path]] = []
        self.replaced = 0

    def path_for(self, result: PageResult, suffix: str) -> Path:
        src = result.source
        uri = src.uri or "stdin"
        if src.offset is not None:  # a record of an archive
            archive = self._relative(uri)
            rel = archive.parent / _stem(archive.name) / str(src.offset)
        elif uri.lower().startswith(("http://", "https://")):
            parts = urlsplit(uri)
            path = parts.path.strip("/") or "index"
            rel = Path(parts.netloc.replace(":", "_")) / (path + ("_" + _safe(parts.query) if parts.query else ""))
        elif uri == "<stdin>":
            rel = Path("stdin")
        else:
            rel = self._relative(uri)
        target = self.root / rel.parent / (_stem(rel.name) + suffix)
        if target in self.used:
            target = self._free(self.root / rel.parent / (rel.name + suffix), suffix, uri)
        self.used.add(target)
        if target.exists():
            self.replaced += 1
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _relative(self, uri: str) -> Path:
        p = Path(uri).resolve()
        try:
            return p.relative_to(self.base)
        except ValueError:
            return Path(p.name)

    def _free(self, target: Path, suffix: str, uri: str) -> Path:
        n, candidate = 2, target
        while candidate in self.used:
            candidate = target.with_name(f"{target.name[: -len(suffix)]}-{n}{suffix}")
            n += 1
        self.renamed.append((uri, candidate))
        return candidate


def _stem(name: str) -> str:
    lower = name.lower()
    for suf in PAGE_SUFFIXES:
        if lower.endswith(suf) and len(name) > len(suf):
            return name[: -len(suf)]
    return name


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:80]


STANDFIRST_CHARS = 120  # of a standfirst shown in the table
FORMATS = ("json", "jsonl", "csv", "markdown", "table")
FILE_SUFFIX = {"json": ".json", "table": ".json", "jsonl": ".jsonl", "csv": ".csv", "markdown": ".md"}


class Printer:
    """Page results to a stream in one format. json: the page result, and for a run of several pages
    a JSON array of them (one document either way); jsonl: one article a line, each with its
    source; csv: one article a row under one header; markdown; table: a readable summary."""

    def __init__(self, fmt: str, many: bool, stream: IO[str] | None = None):
        if fmt not in FORMATS:
            raise ValueError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        self.fmt, self.many = fmt, many
        self.out = stream or sys.stdout
        self.n = 0
        self.csv = csv.DictWriter(self.out, CSV_COLUMNS, lineterminator="\n") if fmt == "csv" else None

    def page(self, result: PageResult) -> None:
        if self.fmt == "json":
            if self.many:
                self.out.write(("[\n" if self.n == 0 else ",\n") + result.to_json())
            else:
                self.out.write(result.to_json() + "\n")
        elif self.fmt == "jsonl":
            self.out.writelines(line + "\n" for line in result.jsonl_lines())
        elif self.csv is not None:
            if self.n == 0:
                self.csv.writeheader()
            self.csv.writerows(csv_rows(result))
        elif self.fmt == "markdown":
            self.out.write(("\n---\n\n" if self.n else "") + markdown(result))
        else:
            print_table(result)
        self.n += 1
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "json" and self.many:
            self.out.write("[]\n" if self.n == 0 else "\n]\n")
        elif self.fmt == "csv" and self.n == 0 and self.csv is not None:
            self.csv.writeheader()
        self.out.flush()


def write_file(result: PageResult, target: Path, fmt: str) -> None:
    """One page's result into its own file, in the format's file form (table: JSON)."""
    with open(target, "w", encoding="utf-8", newline="") as f:
        Printer("json" if fmt == "table" else fmt, many=False, stream=f).page(result)


def print_table(result: PageResult) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console(width=max(Console().width, 140))
    if result.errors:
        for e in result.errors:
            out.print(f"[red]{result.source.uri}: {e.code} {e.message}[/]")
        return
    t = Table(title=f"{result.source.uri}: {len(result.articles)} stories", show_lines=True)
    for col in ("#", "headline", "kicker", "time", "dateline", "standfirst", "paras", "images", "sidebars", "quotes"):
        t.add_column(col, overflow="fold", ratio=6 if col == "headline" else 4 if col == "standfirst" else 1)
    for i, a in enumerate(result.articles, 1):
        lead = a.standfirst or ""
        t.add_row(str(i), a.headline or "", a.kicker or "", a.updated_text or a.published_text or "",
                  a.dateline or "", lead[:STANDFIRST_CHARS] + ("…" if len(lead) > STANDFIRST_CHARS else ""),
                  str(len(a.body)), str(len(a.images)),
                  ", ".join(s.kind for s in a.sidebars), str(len(a.quotes)))
    out.print(t)
