"""Scale-out on Dask: a real LocalCluster of two worker processes over dev pages packed into real WARC
files (and a folder of page files) stores exactly what one process stores, and a worker killed with
SIGKILL mid-task costs nothing but time."""
import gzip
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from distributed import get_task_stream
from typer.testing import CliRunner

from dateline import Options, extract
from dateline.cli import app
from dateline.corpus import Store
from dateline.corpus.runner import Runner
from dateline.read.warc import BrokenRecord, iter_archive
from dateline.record import article_to_dict
from dateline.scale.dask_runner import dask_client, run_on_dask
from dateline.scale.load import load_shards
from dateline.scale.shards import ERRORS_SUFFIX, ROW_GROUP_PAGES, iter_shard, list_shards
from dateline.scale.tasks import Task, plan_tasks, run_task
from tests.test_warc import dev_pages, write_warc

DL = [sys.executable, "-m", "dateline.cli"]
# page files carry no fetch time: a fixed one makes stories.first_seen the same in every run
FETCHED = "2024-07-08T00:00:00+00:00"
OPTIONS = Options(fetched_at=datetime(2024, 7, 8, tzinfo=timezone.utc))
CHUNK = 4  # page files per task: small, so the folder of pages makes several tasks
RUN_TIMEOUT_S = 600
# every table of the store, with the columns that hold the time of writing left out
TABLES = {
    "sources": "id, sha256, uri, url, site, format, fetched_at, offset, encoding, status, skipped, text, blocks_json",
    "stories": "*", "story_sources": "*", "images": "*", "sidebars": "*", "quotes": "*", "entities": "*",
    "errors": "*", "minhashes": "*", "versions_fts": "rowid, headline, highlights, body",
    "versions": "id, story_id, article_id, body_hash, headline, kicker, authors_json, published, updated, "
                "published_text, updated_text, dateline, language, highlights_json, standfirst, body_json, record_json",
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    """archives/: five WARCs of dev HTML pages (each also holds the first page of the next: the same
    bytes twice)
    and a WARC cut short (its first pages, then a bad_archive error); pages/: the same stories as
    flattened text files, so stories merge across shards."""
    root = tmp_path_factory.mktemp("crawl")
    (root / "archives").mkdir()
    (root / "pages").mkdir()
    html = dev_pages("html", 48)
    for i in range(5):
        write_warc(root / "archives" / f"crawl-{i}.warc.gz", html[i * 8:(i + 1) * 8] + html[i * 8 + 8:i * 8 + 9])
    cut = root / "archives" / "damaged.warc.gz"
    write_warc(cut, html[40:48])
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size * 6 // 10])
    for p in dev_pages("text", 10):
        (root / "pages" / p.name).write_bytes(p.read_bytes())
    return root


def dump(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT {cols} FROM {t} ORDER BY 1, 2, 3").fetchall() for t, cols in TABLES.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def expected(crawl, tmp_path_factory):
    """The store of a local run in one process, and its summary."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    with Store(db) as store, Runner(store, OPTIONS, jobs=1) as runner:
        for _ in runner.run([str(crawl)]):
            pass
    s = runner.summary
    # what the fixture says: one failed page (the damage), five pages whose bytes came before
    assert s.pages > 50 and s.failed == 1 and s.already_stored == 5 and s.duplicates > 0
    return dump(db), s


@pytest.fixture(scope="module")
def client():
    with dask_client("local:2") as c:
        yield c


@pytest.fixture(scope="module")
def direct(crawl) -> dict[tuple, list[dict]]:
    """(uri, offset) -> the article records of `extract` run on that page in this process."""
    out = {}
    for item in sorted((crawl / "archives").iterdir()):
        for page in iter_archive(item, OPTIONS.max_page_bytes):
            if not isinstance(page, BrokenRecord):
                out[(str(item), page.offset)] = [_plain(a) for a in extract(page, OPTIONS).articles]
    for item in sorted((crawl / "pages").iterdir()):
        out[(str(item), None)] = [_plain(a) for a in extract(str(item), OPTIONS).articles]
    return out


def _plain(article) -> dict:
    return json.loads(json.dumps(article_to_dict(article), ensure_ascii=False))


def test_two_worker_processes_store_what_one_process_stores(crawl, expected, direct, client, tmp_path):
    tables, local = expected
    out = tmp_path / "shards"
    tasks = plan_tasks([str(crawl)], CHUNK)
    with get_task_stream(client) as stream:
        s = run_on_dask(client, [str(crawl)], OPTIONS, out, chunk_pages=CHUNK)
    assert s.workers == 2 and s.tasks == len(tasks) == 6 + 3 and not s.failed_tasks
    assert len({t["worker"] for t in stream.data}) == 2  # both processes worked
    assert len(direct) == local.pages - 1  # all but the damage of the cut archive
    # stories are counted on every page a task extracted: the five repeated pages too
    assert (s.pages, s.stories, s.failed, s.errors_by_reason) == \
        (local.pages, sum(map(len, direct.values())), 1, {"bad_archive": 1})
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{t.name}.parquet" for t in tasks] + [f"{t.name}{ERRORS_SUFFIX}" for t in tasks])

    errors = pq.read_table(list(out.glob(f"*{ERRORS_SUFFIX}"))).to_pylist()
    assert [(e["uri"], e["reason"]) for e in errors] == [(str(crawl / "archives" / "damaged.warc.gz"), "bad_archive")]
    # every page's records in the shards are those of `extract` run here on the same page
    shard_records = {(r.source["uri"], r.source["offset"]): [json.loads(a.version["record_json"]) for a in r.articles]
                     for r in shard_rows(out)}
    assert {k: v for k, v in shard_records.items() if k in direct} == direct

    with Store(tmp_path / "dask.db") as store:
        loaded = load_shards(store, out)
    assert (loaded.pages, loaded.stored, loaded.already_stored, loaded.stories_new, loaded.duplicates) == \
        (local.pages, local.stored, local.already_stored, local.stories_new, local.duplicates)
    assert dump(tmp_path / "dask.db") == tables

    # run again: every shard is there, so nothing is extracted or written again
    written = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    again = run_on_dask(client, [str(crawl)], OPTIONS, out, chunk_pages=CHUNK)
    assert again.already_written == again.tasks == s.tasks and again.pages == s.pages == s.extracted
    assert again.extracted == 0
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == written


@pytest.mark.slow
def test_a_worker_killed_mid_task_is_replaced_and_every_page_is_stored_once(crawl, expected, client, tmp_path):
    tables, local = expected
    out = tmp_path / "shards"
    killed: dict = {}

    def kill_a_busy_worker(_):
        """As a task ends, SIGKILL a worker caught writing a shard (its partial file ends with its pid)."""
        if killed:
            return
        for pid in client.run(os.getpid).values():
            partial = sorted(out.glob(f".*-{pid}.tmp"))
            if partial:
                killed.update(pid=pid, partial=partial[0], shards=len(list(out.glob("*.errors.parquet"))))
                os.kill(pid, signal.SIGKILL)
                return

    s = run_on_dask(client, [str(crawl)], OPTIONS, out, chunk_pages=CHUNK, on_task=kill_a_busy_worker)
    assert killed, "no worker was caught in the middle of a task"
    assert 0 < killed["shards"] < s.tasks
    assert pid_gone(killed["pid"])
    assert not s.failed_tasks and s.pages == local.pages
    # the attempt that died left a partial file; the retry completed the shard and it was cleaned up
    name = re.match(r"\.(.+)\.parquet\..+-\d+\.tmp$", killed["partial"].name).group(1)
    assert (out / f"{name}.parquet").exists() and not killed["partial"].exists()
    assert not list(out.glob(".*"))
    assert len(list(out.glob("*.errors.parquet"))) == len(list(out.glob("*.parquet"))) // 2 == s.tasks

    with Store(tmp_path / "dask.db") as store:
        loaded = load_shards(store, out)
    assert (loaded.pages, loaded.already_stored) == (local.pages, local.already_stored)
    assert dump(tmp_path / "dask.db") == tables


def shard_rows(out: Path) -> list:
    return [rows for path in list_shards(out) for batch in iter_shard(path, 16) for rows in batch]


def test_a_page_past_the_time_limit_is_a_timeout_record_in_a_worker_thread(crawl, direct, client, tmp_path):
    """Dask runs tasks in threads; each page runs in a worker process of the Dask worker (dateline.worker),
    where the limit holds as in a local run."""
    client.run(extract, str(dev_pages("html", 1)[0]))  # imports and model loaded before the clock matters
    # far below any page's time, so the count of timeouts does not depend on how fast the machine is
    limited = OPTIONS.with_(timeout_s=0.002)
    s = run_on_dask(client, [str(crawl / "archives")], limited, tmp_path / "shards")
    rows = shard_rows(tmp_path / "shards")
    assert not s.failed_tasks and len(rows) == s.pages == len(direct) - 10 + 1  # no page files; the damage
    timed_out = [r for r in rows if [e[1] for e in r.errors] == ["timeout"]]
    assert len(timed_out) >= 10 and s.errors_by_reason["timeout"] == len(timed_out)
    assert all("limit of 0.002 s" in r.errors[0][2] and r.source["status"] == "error" for r in timed_out)
    # a page that ended inside the limit is the page extract gives without one
    for r in rows:
        if not r.errors:
            assert [json.loads(a.version["record_json"]) for a in r.articles] == \
                direct[(r.source["uri"], r.source["offset"])]


def test_a_task_that_keeps_failing_is_reported_and_the_run_goes_on(crawl, client, tmp_path):
    out = tmp_path / "shards"
    tasks = plan_tasks([str(crawl / "archives")])
    blocked = tasks[2]
    (out / f"{blocked.name}{ERRORS_SUFFIX}").mkdir(parents=True)  # its rename into place fails, every time
    s = run_on_dask(client, [str(crawl / "archives")], OPTIONS, out)
    assert [name for name, _ in s.failed_tasks] == [blocked.name] and "IsADirectoryError" in s.failed_tasks[0][1]
    assert sorted(p.name for p in out.glob("*.parquet") if p.is_file()) == sorted(
        n for t in tasks if t != blocked for n in (f"{t.name}.parquet", f"{t.name}{ERRORS_SUFFIX}"))
    assert not list(out.glob(".*"))  # each failed attempt removed its partial files


def pid_gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


@pytest.fixture
def scheduler():
    """A cluster started by hand, as the README says: `dask scheduler` and `dask worker` processes."""
    from distributed import Client

    dask = str(Path(sys.executable).parent / "dask")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1",
                                       "--memory-limit", "1GiB", "--no-dashboard"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        with Client(address, timeout=60) as c:
            c.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(procs):  # the worker first: it has the scheduler to say goodbye to
            os.killpg(p.pid, signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


@pytest.mark.slow
def test_the_command_line_runs_on_a_scheduler_by_address_then_loads(crawl, expected, scheduler, tmp_path):
    tables, local = expected
    out, db = tmp_path / "shards", tmp_path / "corpus.db"
    run = subprocess.run(DL + ["extract", str(crawl), "--dask", scheduler, "--out-dir", str(out), "--nlp", "off",
                               "--fetched-at", FETCHED], capture_output=True, timeout=RUN_TIMEOUT_S)
    said = " ".join(run.stderr.decode().split())
    assert run.returncode == 1, said[-2000:]  # the cut archive is a failed page
    assert "(2 workers)" in said and re.search(rf"│ pages │ {local.pages} │", said), said[-2000:]
    assert re.search(r"pages with errors │ 1 │", said) and re.search(r"errors: bad_archive │ 1 │", said)
    load = subprocess.run(DL + ["load", str(out), "--db", str(db)], capture_output=True, timeout=RUN_TIMEOUT_S)
    assert load.returncode == 1, load.stderr.decode()[-2000:]
    assert dump(db) == tables
    again = subprocess.run(DL + ["load", str(out), "--db", str(db)], capture_output=True, timeout=RUN_TIMEOUT_S)
    assert again.returncode == 0  # nothing new was stored, so no page of this load failed
    assert f"0 stored, {local.pages} already stored" in " ".join(again.stderr.decode().split())
    assert dump(db) == tables


def test_a_long_archive_is_written_in_row_groups_and_read_back_in_order(tmp_path):
    """run_task is a plain function: here without Dask, over an archive longer than a row group."""
    pages = dev_pages("html", ROW_GROUP_PAGES + 8, sets=("scrapinghub",))
    archive = tmp_path / "long.warc.gz"
    write_warc(archive, pages, extras=False)
    task = Task((str(archive),))
    done = run_task(task, OPTIONS, str(tmp_path / "out"))
    shard = tmp_path / "out" / f"{task.name}.parquet"
    assert pq.ParquetFile(shard).num_row_groups == 2
    rows = [r for batch in iter_shard(shard, 7) for r in batch]
    offsets = [p.offset for p in iter_archive(archive, OPTIONS.max_page_bytes)]
    assert [r.source["offset"] for r in rows] == offsets and len(offsets) == len(pages)
    assert done.counts.pages == len(pages) and not done.already_written
    again = run_task(task, OPTIONS, str(tmp_path / "out"))  # the shard is there: its counts are read back
    assert again.already_written and again.counts == done.counts


@pytest.mark.parametrize("args, says", [
    (["--dask", "local:0", "--out-dir", "x"], "local:N needs N"),
    (["--dask", "local:2"], "give --out-dir DIR"),
    (["--dask", "local:2", "--out-dir", "x", "--db", "c.db"], "dateline load DIR"),
    (["--dask", "nowhere", "--out-dir", "x"], "scheduler address"),
])
def test_usage_errors_start_no_cluster(args, says, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "p.txt"
    page.write_text("A headline\n\nA paragraph of text.\n")
    result = CliRunner().invoke(app, ["extract", str(page), *args])
    assert result.exit_code == 2 and says in " ".join(result.output.split())
    assert not (tmp_path / "x").exists()


def test_stdin_cannot_go_to_workers(tmp_path):
    result = CliRunner().invoke(app, ["extract", "-", "--dask", "local:1", "--out-dir", str(tmp_path / "x")])
    assert result.exit_code == 2 and "stdin" in result.output


def test_load_refuses_a_directory_that_is_not_shards(tmp_path):
    (tmp_path / "other.parquet").write_bytes(gzip.compress(b"not parquet"))
    result = CliRunner().invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2 and not (tmp_path / "c.db").exists()
