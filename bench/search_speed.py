"""Search latency of the explorer over loopback, on a corpus of at least 20,000 stories.

    python bench/search_speed.py                      # build /tmp/dateline-bench/corpus.db, serve it, measure
    python bench/search_speed.py --db corpus.db       # measure a corpus you already have
    python bench/search_speed.py --stories 50000 --queries 400
    python bench/search_speed.py --clients 4          # and with four clients at once
    python bench/search_speed.py --setting recent_searches=0   # every word search goes to FTS5 afresh

The corpus is built from real pages: every dev page flattened to text is extracted with `dateline.extract`
(`--nlp full`: quotes with speakers, entities), and its articles are stored many times over as distinct
stories (headline suffixed with words of other stories, paragraphs rotated, one paragraph of another story
added, dates spread over three years and one story in UNDATED_EVERY without a date, pages spread over
SITES sites), with their quotes and entities, as rows following corpus/schema.sql. Then `dateline serve`
runs in a child process and a fixed, seeded set of queries (frequent and rare words, pairs, phrases, date,
language, site, person and entity filters, both time orders, deep pages) is sent one at a time (and, with
--clients, from several clients at once). Every answer carries its count and the five facets' counts. It
reports the first search (which builds the story index) and p50/p95/max of the wall time per request, as a
client sees it. The exit status is 1 when the one-at-a-time p95 misses 100 ms.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import httpx

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_SETS = ("fundus/text", "scrapinghub/text")
TARGET_P95_MS = 100.0
SEED = 1234  # the same corpus and the same queries on every run, so runs compare
SITES = 60  # pages spread over this many sites, for the site facet
UNDATED_EVERY = 20  # one story in 20 without a date


def real_articles() -> list[dict]:
    from dateline import Options, extract

    options = Options(nlp="full")
    out = []
    for name in DEV_SETS:
        for path in sorted((SHARED / "data" / "dev" / name).iterdir()):
            result = extract(path, options)
            for a in result.to_dict()["articles"]:
                if a["headline"] and len(a["body"]) >= 2:
                    out.append({"record": a, "text": result.text or "", "blocks": result.blocks, "uri": str(path)})
    return out


def build(db: Path, stories: int) -> None:
    base = real_articles()
    print(f"{len(base)} real articles from {', '.join(DEV_SETS)}; storing {stories} stories in {db}", file=sys.stderr)
    rng = random.Random(SEED)
    words = sorted({w for b in base for w in re.findall(r"[A-Za-zÀ-ÿ]{5,}", b["record"]["headline"])})
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    conn = sqlite3.connect(db)
    conn.executescript(resources.files("dateline.corpus").joinpath("schema.sql").read_text())
    now = "2025-01-01T00:00:00+00:00"
    source_ids = []
    for i, b in enumerate(base):
        site = f"site{i % SITES}.example"
        source_ids.append(conn.execute(
            "INSERT INTO sources (sha256, uri, url, site, format, status, text, blocks_json, added_at) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            (hashlib.sha256(f"{i}{b['uri']}".encode()).hexdigest(), b["uri"], f"https://{site}/{i}", site, "text",
             "ok", b["text"], json.dumps(b["blocks"], ensure_ascii=False), now)).lastrowid)
    for n in range(stories):
        k = n % len(base)
        _store_variant(conn, n, _variant(base[k]["record"], base[rng.randrange(len(base))]["record"], words, rng),
                       source_ids[k], now)
    conn.commit()
    conn.execute("INSERT INTO versions_fts(versions_fts) VALUES ('optimize')")
    conn.commit()
    conn.close()


def _variant(record: dict, other: dict, words: list[str], rng: random.Random) -> dict:
    a = dict(record)
    a["headline"] = f"{record['headline']} {rng.choice(words)} {rng.choice(words)}"
    body = list(record["body"])
    turn = rng.randrange(len(body))
    a["body"] = body[turn:] + body[:turn] + [rng.choice(other["body"])]
    day = (date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))).isoformat()
    a["published"] = None if rng.randrange(UNDATED_EVERY) == 0 else day
    a["updated"] = None
    a["language"] = record.get("language") or rng.choice(("en", "en", "en", "de", "fr"))
    return a


def _store_variant(conn: sqlite3.Connection, n: int, a: dict, source_id: int, now: str) -> None:
    story = conn.execute("INSERT INTO stories (headline, language, first_seen) VALUES (?,?,?)",
                         (a["headline"], a["language"], now)).lastrowid
    body_hash = hashlib.sha1("\n".join(a["body"]).encode()).hexdigest()
    version = conn.execute(
        "INSERT INTO versions (story_id, article_id, body_hash, headline, kicker, authors_json, published, updated, "
        "published_text, updated_text, dateline, language, highlights_json, body_json, record_json, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (story, f"bench{n}", body_hash, a["headline"], a["kicker"], json.dumps(a["authors"]), a["published"],
         a["updated"], a["published_text"], a["updated_text"], a["dateline"], a["language"],
         json.dumps(a["highlights"], ensure_ascii=False), json.dumps(a["body"], ensure_ascii=False),
         json.dumps(a, ensure_ascii=False), now)).lastrowid
    conn.execute("UPDATE stories SET latest_version = ? WHERE id = ?", (version, story))
    conn.execute("INSERT INTO story_sources (story_id, version_id, source_id, article_index) VALUES (?,?,?,?)",
                 (story, version, source_id, n))
    conn.execute("INSERT INTO versions_fts (rowid, headline, highlights, body) VALUES (?,?,?,?)",
                 (version, a["headline"], "\n".join(a["highlights"]), "\n\n".join(a["body"])))
    for img in a["images"]:
        conn.execute("INSERT INTO images (version_id, position, caption, credit, url) VALUES (?,?,?,?,?)",
                     (version, img["position"], img["caption"], img["credit"], img["url"]))
    conn.executemany("INSERT INTO quotes (version_id, text, speaker, speaker_description, cue, type, paragraph) "
                     "VALUES (?,?,?,?,?,?,?)", [(version, q["text"], q["speaker"], q["speaker_description"], q["cue"],
                                                 q["type"], q["paragraph"]) for q in a["quotes"]])
    conn.executemany("INSERT INTO entities (version_id, name, type, aliases_json, mentions) VALUES (?,?,?,?,?)",
                     [(version, e["name"], e["type"], json.dumps(e["aliases"], ensure_ascii=False),
                       len(e["mentions"])) for e in a["entities"]])


def queries(db: Path, count: int) -> list[dict]:
    """A fixed mix: frequent words (many matches to rank and count), rare words, pairs, phrases, filters
    of every kind, both time orders, deep pages."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    heads = [r[0] for r in conn.execute("SELECT headline FROM versions ORDER BY id LIMIT 3000")]
    speakers = [r[0] for r in conn.execute("SELECT speaker FROM quotes WHERE speaker LIKE '% %' GROUP BY speaker "
                                           "ORDER BY count(*) DESC LIMIT 50")]
    entities = [r[0] for r in conn.execute("SELECT name FROM entities GROUP BY name ORDER BY count(*) DESC LIMIT 50")]
    conn.close()
    rng = random.Random(SEED)
    vocab = sorted({w.lower() for h in heads for w in re.findall(r"\w{4,}", h)})
    common = ["the", "said", "government", "president", "people", "year", "police", "minister", "world", "million"]
    kinds = [
        lambda: {"q": rng.choice(common)},
        lambda: {"q": rng.choice(vocab)},
        lambda: {"q": f"{rng.choice(common)} {rng.choice(vocab)}"},
        lambda: {"q": _phrase(rng, heads)},
        lambda: {"q": rng.choice(common), **_year_half(rng)},
        lambda: {"q": rng.choice(vocab), "language": rng.choice(("en", "de", "fr"))},
        lambda: {"q": rng.choice(common), "page": rng.choice((2, 100, 500))},
        lambda: {"date_from": "2024-03", "date_to": "2024-04"},
        lambda: {"q": rng.choice(common), "person": rng.choice(speakers)},
        lambda: {"entity": rng.choice(entities), "sort": "oldest"},
        lambda: {"q": rng.choice(common), "site": f"site{rng.randrange(SITES)}.example", "sort": "newest"},
        lambda: {"page": rng.randrange(1, 1000)},
    ]
    return [kinds[i % len(kinds)]() for i in range(count)]


def _phrase(rng: random.Random, heads: list[str]) -> str:
    words = re.findall(r"\w+", rng.choice(heads))
    start = rng.randrange(max(1, len(words) - 2))
    return '"' + " ".join(words[start:start + 2]) + '"'


def _year_half(rng: random.Random) -> dict:
    year = rng.choice(("2023", "2024", "2025"))
    return {"date_from": f"{year}-01-01", "date_to": f"{year}-06-30"}


def measure(url: str, qs: list[dict], path: str, clients: int = 1) -> list[float]:
    """Wall time per request in ms; with clients > 1 that many send their share at the same time."""
    if clients > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(clients) as pool:
            shares = pool.map(lambda i: measure(url, qs[i::clients], path), range(clients))
            return [t for share in shares for t in share]
    times = []
    with httpx.Client(base_url=url, timeout=30.0) as client:
        for q in qs[:10]:  # warm the page cache and the server's imports; not counted
            client.get(path, params=q).raise_for_status()
        for q in qs:
            t = time.perf_counter()
            client.get(path, params=q).raise_for_status()
            times.append((time.perf_counter() - t) * 1000)
    return times


def server_cpu_s(pid: int) -> float:
    """User and system CPU seconds of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(name: str, times: list[float]) -> float:
    times = sorted(times)
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"{name:<17} n={len(times):<5} p50={p50:7.1f} ms  p95={p95:7.1f} ms  max={times[-1]:7.1f} ms")
    return p95


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=Path("/tmp/dateline-bench/corpus.db"))
    ap.add_argument("--stories", type=int, default=20_000, help="stories to build when --db does not exist")
    ap.add_argument("--rebuild", action="store_true", help="build --db even if it exists")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--clients", type=int, default=1, help="also measure with this many clients at once")
    ap.add_argument("--setting", action="append", default=[], help="NAME=VALUE for the server, e.g. recent_searches=0")
    args = ap.parse_args()
    if args.rebuild or not args.db.exists():
        t = time.perf_counter()
        build(args.db, args.stories)
        print(f"built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    n = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    conn.close()
    qs = queries(args.db, args.queries)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from explorer_support import ExplorerServer

    extra = [a for s in args.setting for a in ("--setting", s)]
    with ExplorerServer(args.db, *extra) as server:
        print(f"corpus: {n} stories, {args.db.stat().st_size / 1e6:.0f} MB · server {server.url} · "
              f"{len(qs)} queries, one at a time, each with its count and five facets")
        t = time.perf_counter()
        httpx.get(f"{server.url}/search.json", timeout=120.0).raise_for_status()
        print(f"first search, building the story index: {(time.perf_counter() - t) * 1000:.0f} ms")
        cpu = server_cpu_s(server.proc.pid)
        p95 = report("search.json", measure(server.url, qs, "/search.json"))
        cpu_json = server_cpu_s(server.proc.pid) - cpu
        report("search (HTML)", measure(server.url, qs, "/search"))
        cpu_html = server_cpu_s(server.proc.pid) - cpu - cpu_json
        # CPU the server spent, which a busy machine stretches less than wall time (10 ms ticks, so a mean)
        print(f"server CPU per request (mean): json {cpu_json * 1000 / (len(qs) + 10):.1f} ms, "
              f"HTML {cpu_html * 1000 / (len(qs) + 10):.1f} ms")
        if args.clients > 1:
            report(f"json ×{args.clients} clients", measure(server.url, qs, "/search.json", args.clients))
    verdict = "meets" if p95 < TARGET_P95_MS else "misses"
    print(f"target p95 < {TARGET_P95_MS:.0f} ms: {verdict}")
    return 0 if p95 < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
