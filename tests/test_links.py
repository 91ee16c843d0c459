"""Links in: `dateline extract URL`, --urls, --feed, --sitemap, against a real HTTP server on
127.0.0.1 that the test starts (tests/local_site.py). Nothing leaves the machine."""
import json
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from dateline.read.fetch import Fetcher, FetchOptions
from tests.local_site import FEED_ITEMS, SITEMAP_PAGES, LocalSite

DL = [sys.executable, "-m", "dateline.cli"]
QUICK = ["--delay", "0", "--nlp", "off"]


def run(*args, stdin=None, timeout=300):
    return subprocess.run(DL + list(args), capture_output=True, input=stdin, timeout=timeout)


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


def _db(path):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def test_a_feed_and_a_sitemap_index_fill_a_corpus_and_a_rerun_fetches_nothing_stored(site, tmp_path):
    db = tmp_path / "c.db"
    args = ["extract", "--feed", site.url("/feed.xml"), "--sitemap", site.url("/sitemap_index.xml"),
            "--db", str(db), *QUICK]
    p = run(*args)
    assert p.returncode == 0, p.stderr.decode()
    n_pages = FEED_ITEMS + sum(SITEMAP_PAGES)
    with _db(db) as conn:
        rows = conn.execute("SELECT uri, url, status, fetched_at, encoding, site FROM sources").fetchall()
    assert len(rows) == n_pages
    assert {r["uri"] for r in rows} == {site.url(p) for p in site.article_paths()}
    assert all(r["status"] != "error" and r["fetched_at"] and r["encoding"] for r in rows)
    assert {r["site"] for r in rows} == {"127.0.0.1"}
    assert site.fetched(site.article_paths()) == n_pages  # each page once

    p = run(*args)  # the second run reads the feed and the maps again, and fetches no page stored
    assert p.returncode == 0, p.stderr.decode()
    assert site.fetched(site.article_paths()) == n_pages
    assert f"{n_pages} already stored" in " ".join(p.stderr.decode().split())
    with _db(db) as conn:
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == n_pages


def test_each_failure_is_an_error_record_and_the_batch_goes_on(site, tmp_path):
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))  # bound, never listening: connecting is refused
    closed_port = refused.getsockname()[1]
    links = [site.url("/private/secret.html"), site.url("/missing.html"), site.url("/stall.html"),
             site.url("/huge.html"), site.url("/loop-a"), f"http://127.0.0.1:{closed_port}/a.html",
             site.url("/report.pdf"), site.url("/news/story-0.html")]
    (tmp_path / "links.txt").write_text("# the links\n" + "\n".join(links) + "\n")
    db = tmp_path / "c.db"
    started = time.monotonic()
    p = run("extract", "--urls", str(tmp_path / "links.txt"), "--db", str(db), "--fetch-timeout", "1", *QUICK)
    refused.close()
    assert p.returncode == 1, p.stderr.decode()  # some pages failed; the others were done
    assert time.monotonic() - started < 25  # the 30-second stall was cut by the time-out
    with _db(db) as conn:
        got = {r["uri"]: (r["status"], r["code"], r["reason"], r["message"]) for r in conn.execute(
            "SELECT s.uri, s.status, e.code, e.reason, e.message FROM sources s LEFT JOIN errors e "
            "ON e.source_id = s.id")}
    expect = {"/private/secret.html": ("E112", "robots"), "/missing.html": ("E111", "http_error"),
              "/stall.html": ("E113", "fetch_timeout"), "/huge.html": ("E103", "too_large"),
              "/loop-a": ("E114", "redirect_loop"), "/report.pdf": ("E116", "not_a_page")}
    for path, (code, reason) in expect.items():
        assert got[site.url(path)][1:3] == (code, reason), got[site.url(path)]
    assert got[f"http://127.0.0.1:{closed_port}/a.html"][1:3] == ("E115", "unreachable")
    assert got[site.url("/news/story-0.html")][0] == "ok"
    assert "404 Not Found" in got[site.url("/missing.html")][3]
    assert "robots.txt" in got[site.url("/private/secret.html")][3]
    assert "/loop-a -> " in got[site.url("/loop-a")][3]
    assert site.requests["/private/secret.html"] == 0  # robots.txt was asked first, and obeyed
    assert site.requests["/robots.txt"] == 1  # once per host


def test_one_link_prints_its_page_with_where_it_came_from(site):
    p = run("extract", site.url("/moved.html"), *QUICK)
    assert p.returncode == 0, p.stderr.decode()
    d = json.loads(p.stdout)
    src = d["source"]
    assert src["uri"] == site.url("/moved.html") and src["url"] == site.url("/map/page-0.html")
    assert src["fetched_at"] and src["encoding"] == "utf-8" and src["format"] == "html"
    assert any(w.startswith("redirected:") and site.url("/map/page-0.html") in w for w in d["warnings"])
    assert d["articles"]
    agents = {ua for _t, path, ua in site.log}
    assert len(agents) == 1 and agents.pop().startswith("dateline/")


def test_ignore_robots_and_links_on_stdin(site):
    lines = f"{site.url('/private/secret.html')}\n\n{site.url('/news/story-1.html')}\n".encode()
    p = run("extract", "--urls", "-", "-f", "jsonl", *QUICK, stdin=lines)
    assert p.returncode == 1
    rows = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [r["errors"][0]["code"] for r in rows if "errors" in r] == ["E112"]
    p = run("extract", "--urls", "-", "--ignore-robots", "-f", "jsonl", *QUICK, stdin=lines)
    assert p.returncode == 0, p.stderr.decode()
    assert site.requests["/private/secret.html"] == 1


def test_since_keeps_the_entries_dated_on_or_after_it(site, tmp_path):
    from dateline.read.listing import feed_links, sitemap_links
    from dateline.options import parse_when

    with Fetcher(FetchOptions(delay_s=0)) as f:
        links, failed = sitemap_links(f, site.url("/sitemap_index.xml"), 1 << 20, parse_when("2025-01-01"))
        assert not failed
        assert links == [site.url(f"/map/page-{i}.html") for i in range(1, sum(SITEMAP_PAGES))]
        links, _ = feed_links(f, site.url("/feed.xml"), 1 << 20, parse_when("2025-06-01T00:00:00Z"))
        assert links == [site.url(f"/news/story-{i}.html") for i in range(FEED_ITEMS)][:1]
        links, failed = feed_links(f, site.url("/nowhere.xml"), 1 << 20)
        assert not links and failed[0].errors[0].code == "E111"


def test_a_busy_server_is_asked_again_after_its_retry_after(site):
    with Fetcher(FetchOptions(delay_s=0)) as f:
        page = f.fetch(site.url("/busy.html"), 1 << 24)
    assert not hasattr(page, "errors"), page
    assert site.requests["/busy.html"] == 2
    times = [t for t, path, _ in site.log if path == "/busy.html"]
    assert times[1] - times[0] >= 0.9  # Retry-After: 1 was honoured


def test_requests_to_one_host_keep_the_delay(site):
    paths = [f"/news/story-{i}.html" for i in range(3)]
    with Fetcher(FetchOptions(delay_s=0.4)) as f:
        for path in paths:
            f.fetch(site.url(path), 1 << 24)
    times = [t for t, path, _ in site.log if path in paths]
    assert len(times) == 3 and all(b - a >= 0.35 for a, b in zip(times, times[1:]))
