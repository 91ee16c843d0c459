"""Resume: a batch killed with SIGKILL half way and run again stores every source once, and the
store ends up as a single uninterrupted run makes it."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_warc import dev_pages, write_warc

DL = [sys.executable, "-m", "dateline.cli"]
TABLES = ("sources", "stories", "versions", "story_sources", "images", "sidebars", "errors", "minhashes",
          "versions_fts")
RUN_TIMEOUT_S = 900


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> tuple[list[Path], int]:
    """The dev HTML pages packed into three WARC files; how many page records they hold."""
    d = tmp_path_factory.mktemp("warcs")
    pages = dev_pages("html", 400)
    third = len(pages) // 3 + 1
    paths = []
    for i in range(3):
        paths.append(d / f"crawl-{i}.warc.gz")
        write_warc(paths[-1], pages[i * third:(i + 1) * third])
    return paths, len(pages)


def command(archives: list[Path], db: Path, jobs: int) -> list[str]:
    return DL + ["extract", *map(str, archives), "--db", str(db), "--jobs", str(jobs)]


def table_counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def stored_sources(db: Path) -> int:
    try:
        return table_counts(db)["sources"]
    except sqlite3.Error:  # not created yet
        return 0


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_store(archives, tmp_path):
    paths, n_pages = archives
    single = tmp_path / "single.db"
    p = subprocess.run(command(paths, single, 2), capture_output=True, timeout=RUN_TIMEOUT_S)
    assert p.returncode in (0, 1), p.stderr.decode()[-2000:]
    expected = table_counts(single)
    assert expected["sources"] == n_pages and expected["stories"] > n_pages / 2

    resumed = tmp_path / "resumed.db"
    proc = subprocess.Popen(command(paths, resumed, 2), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while stored_sources(resumed) < n_pages // 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = children(proc.pid)
        assert proc.poll() is None, "the run ended before it could be killed half way"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        at_kill = stored_sources(resumed)
        assert 0 < at_kill < n_pages
        # the workers follow their parent (they watch it): a killed run leaves no orphans
        end = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < end:
            time.sleep(0.1)
        assert workers and not any(alive(w) for w in workers)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)

    p = subprocess.run(command(paths, resumed, 2), capture_output=True, timeout=RUN_TIMEOUT_S)
    assert p.returncode in (0, 1), p.stderr.decode()[-2000:]
    assert f"{at_kill} already stored" in " ".join(p.stderr.decode().split())
    assert table_counts(resumed) == expected
    con = sqlite3.connect(resumed)
    dupes = con.execute("SELECT count(*) FROM (SELECT sha256 FROM sources GROUP BY sha256 HAVING count(*) > 1)")
    assert dupes.fetchone()[0] == 0
    a = sorted(sqlite3.connect(single).execute("SELECT sha256, url FROM sources"))
    b = sorted(con.execute("SELECT sha256, url FROM sources"))
    assert a == b  # the same pages (--jobs 2 writes them as they complete, so not in one order)


def test_a_second_run_skips_everything(archives, tmp_path):
    paths, _ = archives
    db = tmp_path / "c.db"
    first = subprocess.run(command(paths[:1], db, 1), capture_output=True, timeout=RUN_TIMEOUT_S)
    assert first.returncode in (0, 1), first.stderr.decode()[-2000:]
    before = table_counts(db)
    again = subprocess.run(command(paths[:1], db, 1), capture_output=True, timeout=RUN_TIMEOUT_S)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    out = " ".join(again.stderr.decode().split())  # rich wraps lines where it likes
    assert f"0 stored, {before['sources']} already stored" in out
    assert table_counts(db) == before
