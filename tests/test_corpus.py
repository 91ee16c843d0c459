"""The corpus store on real pages and a real SQLite file: duplicates, versions, errors, readers."""
import json
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from dateline import extract
from dateline.corpus import Store
from dateline.corpus.dedup import NEAR_DUPLICATE_JACCARD, fingerprint, jaccard
from dateline.corpus.rows import page_rows
from tests.conftest import DEV, SEED

# lines a real page puts around its stories: none of them is article text
WIDGETS = ["Most Popular", "Subscribe to our newsletter", "Sign up", "Follow us on X",
           "Advertisement", "Trending now", "Read more", "Share this article"]


def story_lines(result) -> dict[int, tuple[int, int]]:
    """1-based first and last line of each story on the page, from its labelled blocks."""
    lines = defaultdict(list)
    for b in result.blocks:
        if b["story"] >= 0:
            lines[b["story"]].append(b["line"])
    return {s: (min(v), max(v)) for s, v in lines.items()}


def remix(result, stories: list[int], edit=None) -> bytes:
    """A second page made of some stories of `result`, with widgets before, between and after them;
    `edit(story, lines)` may change a story's lines on the way."""
    text_lines = result.text.split("\n")
    spans = story_lines(result)
    out = list(WIDGETS[:3]) + [""]
    for s in stories:
        first, last = spans[s]
        chunk = text_lines[first - 1:last]
        out += (edit(s, chunk) if edit else chunk) + ["", *WIDGETS[3:], ""]
    return "\n".join(out + WIDGETS[:2]).encode("utf-8")


@pytest.fixture(scope="module")
def seed():
    result = extract(SEED)
    assert len(result.articles) >= 4 and result.text and result.blocks
    return result


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "corpus.db") as s:
        yield s


def sources_of(store, story_id):
    return {r["source_id"] for r in store.story_sources(story_id)}


def test_shared_stories_are_stored_once_with_both_sources(store, seed):
    first = store.add(seed)
    assert first.status == "ok" and first.stories_new == len(seed.articles)
    picked = [1, 2, len(seed.articles) - 1]
    second_page = extract(remix(seed, picked), uri="remix.txt")
    assert len(second_page.articles) >= 3
    second = store.add(second_page)
    assert second.source_id != first.source_id and not second.already_stored
    for s in picked:
        story_id = first.story_ids[s]
        assert story_id in second.story_ids, seed.articles[s].headline
        assert sources_of(store, story_id) == {first.source_id, second.source_id}
    headlines = [r[0] for r in store.conn.execute("SELECT headline FROM stories")]
    for s in picked:
        assert headlines.count(seed.articles[s].headline) == 1
    untouched = set(range(len(seed.articles))) - set(picked)
    for s in untouched:
        assert sources_of(store, first.story_ids[s]) == {first.source_id}


def test_same_bytes_twice_are_one_source(store, seed):
    a = store.add(seed)
    b = store.add(extract(SEED))
    assert b.already_stored and b.source_id == a.source_id
    assert store.counts()["sources"] == 1
    assert store.has_source(seed.source.sha256) and not store.has_source("0" * 64)


def test_updated_story_is_a_new_version_of_the_same_story(store, seed):
    first = store.add(seed)
    target = 2

    def update(s, chunk):
        """The story's longest paragraph gains a sentence, as an update would add one."""
        if s != target:
            return chunk
        longest = max(range(len(chunk)), key=lambda i: len(chunk[i]))
        return chunk[:longest] + [chunk[longest] + " Officials said the work would take at least ten more years."] \
            + chunk[longest + 1:]

    updated = extract(remix(seed, [target], update), uri="update.txt")
    summary = store.add(updated)
    story_id = first.story_ids[target]
    assert summary.story_ids == [story_id]
    assert summary.versions_new == 1 and summary.stories_new == 0 and summary.near_duplicates == 1
    versions = store.conn.execute("SELECT id, body_json FROM versions WHERE story_id = ? ORDER BY id",
                                  (story_id,)).fetchall()
    assert len(versions) == 2
    assert "ten more years" in versions[1]["body_json"] and "ten more years" not in versions[0]["body_json"]
    latest = store.conn.execute("SELECT latest_version FROM stories WHERE id = ?", (story_id,)).fetchone()[0]
    assert latest == versions[1]["id"]


def test_a_new_update_time_on_the_same_body_is_a_new_version(store, seed):
    def later(s, chunk):
        return [line.replace("Updated 07 July 2024", "Updated 09 July 2024") for line in chunk]

    base = extract(remix(seed, [0]), uri="base.txt")
    page = extract(remix(seed, [0], later), uri="later.txt")
    assert base.articles[0].updated == "2024-07-07" and page.articles[0].updated == "2024-07-09"
    assert page.articles[0].body == base.articles[0].body
    story_id = store.add(page).story_ids[0]
    summary = store.add(base)  # the older page stored after the newer one
    assert summary.story_ids == [story_id] and summary.versions_new == 1 and summary.exact_duplicates == 0

    def latest_updated():
        return store.conn.execute("SELECT v.updated FROM stories s JOIN versions v ON v.id = s.latest_version"
                                  " WHERE s.id = ?", (story_id,)).fetchone()[0]

    assert latest_updated() == "2024-07-09"  # the latest version is the latest update, not the last stored
    assert store.conn.execute("SELECT count(*) FROM versions WHERE story_id = ?", (story_id,)).fetchone()[0] == 2


def test_near_duplicates_are_found_after_reopening(tmp_path, seed):
    path = tmp_path / "corpus.db"
    with Store(path) as s:
        first = s.add(seed)
    target = 1

    body = set(seed.articles[target].body)

    def edit(s, chunk):  # one word changed in the story's longest body paragraph: the exact hash differs
        # (not its longest line: that is a summary bullet repeating a paragraph, which the body leaves out)
        i = max((n for n in range(len(chunk)) if chunk[n].strip() in body), key=lambda n: len(chunk[n]))
        chunk = list(chunk)
        chunk[i] = chunk[i].replace(" the ", " this ", 1)
        return chunk

    page = extract(remix(seed, [target], edit), uri="edited.txt")
    assert len([p for p in page.articles[0].body if p not in body]) == 1  # the paragraph edited, in the body
    a, b = fingerprint(seed.articles[target]), fingerprint(page.articles[0])
    assert a.body_hash != b.body_hash and jaccard(a.signature, b.signature) >= NEAR_DUPLICATE_JACCARD
    with Store(path) as s:  # a new Store: the LSH index is rebuilt from the minhashes table
        summary = s.add(page)
    assert summary.story_ids == [first.story_ids[target]] and summary.near_duplicates == 1


def test_the_same_page_as_html_and_as_flattened_text_is_one_story(store):
    """The dev sets hold each fundus page twice: its HTML and the text a crawler flattened from it.
    The two extractions differ a little (a caption line, a teaser), so most pairs meet only as near
    duplicates: each pair should still be one story with two sources."""
    ids = [p.name.removesuffix(".html.gz") for p in sorted((DEV / "fundus" / "html").iterdir())[:20]]
    pairs = merged = 0
    for i in ids:
        html = store.add(extract(DEV / "fundus" / "html" / f"{i}.html.gz"))
        text = store.add(extract(DEV / "fundus" / "text" / f"{i}.txt.gz"))
        if html.story_ids and text.story_ids:
            pairs += 1
            merged += html.story_ids[0] in text.story_ids
    assert pairs >= 18 and merged >= 0.9 * pairs, (merged, pairs)


def test_different_stories_are_not_merged(store):
    pages = sorted((DEV / "fundus" / "text").iterdir())[:12]
    results = [extract(p) for p in pages]
    summaries = store.add_many(results)
    n_articles = sum(len(r.articles) for r in results)
    assert n_articles >= len(pages)  # a fundus page holds one article (a teaser below it is no second one)
    # pages of different publishers and days: almost every article is a story of its own
    assert store.counts()["stories"] >= 0.9 * n_articles
    assert sum(s.near_duplicates for s in summaries) <= 0.1 * n_articles


def test_everything_of_an_article_is_stored(store, seed):
    store.add(seed)
    article = seed.articles[0]
    row = store.conn.execute("SELECT * FROM versions WHERE article_id = ?", (article.id,)).fetchone()
    assert json.loads(row["body_json"]) == article.body
    assert json.loads(row["record_json"])["headline"] == article.headline
    src = store.conn.execute("SELECT * FROM sources").fetchone()
    assert src["text"] == seed.text and len(json.loads(src["blocks_json"])) == len(seed.blocks)
    assert src["status"] == "ok" and src["format"] == "text"
    n_images = sum(len(a.images) for a in seed.articles)
    assert store.conn.execute("SELECT count(*) FROM images").fetchone()[0] == n_images > 0
    n_sidebars = sum(len(a.sidebars) for a in seed.articles)
    assert store.conn.execute("SELECT count(*) FROM sidebars").fetchone()[0] == n_sidebars
    hits = store.conn.execute("SELECT rowid FROM versions_fts WHERE versions_fts MATCH 'Pezeshkian'").fetchall()
    assert row["id"] in {h[0] for h in hits}


def test_bad_pages_are_stored_with_their_reason(store):
    results = [extract(b"", uri="empty.txt"), extract(bytes(range(32)) * 400, uri="binary.bin"),
               extract("/no/such/page.txt")]
    summaries = store.add_many(results)
    assert [s.status for s in summaries] == ["error", "error", "error"]
    reasons = [r[0] for r in store.conn.execute("SELECT reason FROM errors ORDER BY source_id")]
    assert reasons == ["empty", "undecodable", "not_found"]
    # a page that could not be read is keyed by its URI: stored once however often it is tried
    again = store.add(extract("/no/such/page.txt"))
    assert again.already_stored and store.counts()["sources"] == 3


def test_readers_open_readonly_while_a_writer_works(tmp_path, seed):
    path = tmp_path / "corpus.db"
    with Store(path) as writer:
        writer.add(seed)
        with Store(path, readonly=True) as reader:
            assert reader.counts()["stories"] == len(seed.articles)
            with pytest.raises(sqlite3.OperationalError):
                reader.conn.execute("DELETE FROM stories")
            writer.add(extract(remix(seed, [0]), uri="r.txt"))
            assert reader.counts()["sources"] == 2
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(FileNotFoundError):
        Store(tmp_path / "missing.db", readonly=True)


def test_a_failed_batch_leaves_nothing(store, seed):
    good, other = page_rows(seed), page_rows(extract(remix(seed, [0]), uri="x.txt"))
    other.source["format"] = None  # NOT NULL: the second insert fails after the first page went in
    with pytest.raises(sqlite3.IntegrityError):
        store.add_rows([good, other])
    assert store.counts() == {"sources": 0, "stories": 0, "versions": 0, "story_sources": 0, "errors": 0}
    # the near-duplicate index forgot the rolled-back versions too: the seed is all new again
    assert store.add(seed).stories_new == len(seed.articles)


# -- the command line, exports and stats ------------------------------------------------------------

DL = [sys.executable, "-m", "dateline.cli"]
# the per-page limit for the stored corpus: the default 20 s turned a page with full NLP into a timeout
# record on a machine running several test suites at once (load 20 on 2 cores); the limit is tested elsewhere
LOADED_MACHINE_TIMEOUT_S = 300
RECORD_FIELDS = ("id", "source", "headline", "kicker", "authors", "published", "updated", "published_text",
                 "updated_text", "dateline", "highlights", "standfirst", "body", "images", "sidebars", "quotes",
                 "entities", "language")


def run(*args, stdin=None):
    return subprocess.run(DL + [str(a) for a in args], capture_output=True, input=stdin, timeout=600)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed):
    """A real store from the CLI: the seed, a remix of three of its stories (stdin), a folder, a
    glob, one missing file."""
    d = tmp_path_factory.mktemp("corpus")
    db = d / "corpus.db"
    folder = d / "pages"
    folder.mkdir()
    for p in sorted((DEV / "fundus" / "html").iterdir())[:6]:
        (folder / p.name).write_bytes(p.read_bytes())
    p = run("extract", SEED, folder, str(DEV / "scrapinghub" / "text" / "0*.txt.gz"), d / "missing.txt",
            "--db", db, "--jobs", 2, "--timeout", LOADED_MACHINE_TIMEOUT_S)
    assert p.returncode == 1, p.stderr.decode()  # the missing file failed; everything else stored
    p = run("extract", "-", "--db", db, "--timeout", LOADED_MACHINE_TIMEOUT_S,
            stdin=remix(seed, [1, 2, len(seed.articles) - 1]))
    assert p.returncode == 0, p.stderr.decode()
    return db


def test_cli_stores_files_folders_globs_and_stdin(corpus):
    n_glob = len(list((DEV / "scrapinghub" / "text").glob("0*.txt.gz")))
    with Store(corpus, readonly=True) as s:
        uris = [r[0] for r in s.conn.execute("SELECT uri FROM sources ORDER BY id")]
        reasons = [r[0] for r in s.conn.execute("SELECT reason FROM errors")]
        shared = s.conn.execute("SELECT count(*) FROM (SELECT story_id FROM story_sources GROUP BY story_id"
                                " HAVING count(DISTINCT source_id) = 2)").fetchone()[0]
    # --jobs 2 writes pages as they complete; the stdin page came in a second run
    assert len(uris) == 1 + 6 + n_glob + 1 + 1 and str(SEED) in uris and uris[-1] == "<stdin>"
    assert reasons == ["not_found"]
    assert shared >= 3  # the three seed stories of the stdin page


def test_export_jsonl_has_one_record_per_story_with_its_sources(corpus, tmp_path):
    out = tmp_path / "stories.jsonl"
    p = run("export", corpus, "--format", "jsonl", "-o", out)
    assert p.returncode == 0, p.stderr.decode()
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    with Store(corpus, readonly=True) as s:
        assert len(rows) == s.counts()["stories"]
    assert all(f in rows[0] for f in RECORD_FIELDS)
    seed_rows = [r for r in rows if any(src["uri"] == str(SEED) for src in r["sources"])]
    assert sum(len(r["sources"]) == 2 for r in seed_rows) >= 3
    every = run("export", corpus, "--all-versions")
    lines = every.stdout.decode().splitlines()
    with Store(corpus, readonly=True) as s:
        assert len(lines) == s.counts()["versions"] >= len(rows)


def test_export_parquet_reads_back_with_its_schema(corpus, tmp_path):
    import pyarrow.parquet as pq

    from dateline.corpus.export import PARQUET_SCHEMA

    out = tmp_path / "stories.parquet"
    p = run("export", corpus, "-f", "parquet", "-o", out)
    assert p.returncode == 0, p.stderr.decode()
    table = pq.read_table(out)
    assert table.schema.equals(PARQUET_SCHEMA)
    with Store(corpus, readonly=True) as s:
        assert table.num_rows == s.counts()["versions"]
        body = json.loads(s.conn.execute("SELECT body_json FROM versions WHERE id = 1").fetchone()[0])
    row = table.to_pylist()[0]
    assert row["version_id"] == 1 and row["body"] == body
    assert sum(r["latest"] for r in table.to_pylist()) == len({r["story_id"] for r in table.to_pylist()})


def test_export_jsonld_gives_valid_news_articles(corpus, tmp_path):
    from datetime import datetime

    from dateline.corpus.export import JSONLD_REQUIRED, NEWSARTICLE_PROPERTIES

    out = tmp_path / "stories.jsonld"
    p = run("export", corpus, "-f", "jsonld", "-o", out)
    assert p.returncode == 0, p.stderr.decode()
    doc = json.loads(out.read_text())
    assert doc["@context"] == "https://schema.org" and doc["@graph"]
    for obj in doc["@graph"]:
        assert obj["@type"] == "NewsArticle"
        assert all(k in obj for k in JSONLD_REQUIRED), obj.keys()
        assert set(obj) <= NEWSARTICLE_PROPERTIES, set(obj) - NEWSARTICLE_PROPERTIES
        assert isinstance(obj["headline"], str) and isinstance(obj["articleBody"], str) and obj["articleBody"]
        assert obj["url"].startswith(("https://", "http://", "file:/", "<stdin>"))
        for key in ("datePublished", "dateModified"):
            if key in obj:
                datetime.fromisoformat(obj[key].replace("Z", "+00:00"))
        assert all(a["@type"] == "Person" and a["name"] for a in obj.get("author", []))
        assert all(i["@type"] == "ImageObject" for i in obj.get("image", []))
    assert len({o["@id"] for o in doc["@graph"]}) == len(doc["@graph"])


def test_stats_counts_what_the_store_holds(corpus):
    from dateline.corpus.stats import corpus_stats

    with Store(corpus, readonly=True) as s:
        st = corpus_stats(s)
        counts = s.counts()
    assert st["totals"]["sources"] == counts["sources"] and st["totals"]["stories"] == counts["stories"]
    assert st["errors_by_reason"] == [("not_found", 1)]
    assert st["totals"]["stories_on_several_pages"] >= 3
    p = run("stats", corpus)
    out = p.stdout.decode()
    assert p.returncode == 0 and "not_found" in out and f"{counts['stories']:,}" in out


def test_cli_usage_errors_exit_2(tmp_path):
    assert run("stats", tmp_path / "nothing.db").returncode == 2
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    assert run("stats", tmp_path / "junk.db").returncode == 2
    assert run("export", tmp_path / "junk.db", "-f", "xml").returncode == 2
    assert run("extract", SEED, "--db", tmp_path / "c.db", "--jobs", 0).returncode == 2


def test_inputs_expand_folders_globs_and_keep_what_matches_nothing(tmp_path):
    from dateline.corpus.runner import expand_inputs

    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.txt", "a/b/two.html.gz", "a/b/crawl.warc.gz", "a/notes.md"):
        (tmp_path / name).write_bytes(b"x")
    walked = expand_inputs([str(tmp_path / "a")])
    assert [Path(p).name for p in walked] == ["crawl.warc.gz", "two.html.gz", "one.txt"]
    assert [Path(p).name for p in expand_inputs([str(tmp_path / "**" / "*.gz")])] == ["crawl.warc.gz", "two.html.gz"]
    assert expand_inputs([str(tmp_path / "*.nothing"), "-"]) == [str(tmp_path / "*.nothing"), "-"]


def test_a_failed_export_says_what_and_where_in_one_line_and_leaves_no_file(corpus, tmp_path):
    target = tmp_path / "gone" / "stories.parquet"  # a folder that does not exist: the write fails
    p = run("export", corpus, "-f", "parquet", "-o", target)
    err = p.stderr.decode()
    # one message (rich wraps it to the terminal's width), not a traceback
    assert p.returncode == 1 and "Traceback" not in err and str(target) in "".join(err.split())
    assert len(err) < 600 and not target.exists()
    ok = tmp_path / "stories.jsonl"
    assert run("export", corpus, "-o", ok).returncode == 0 and ok.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
