"""A corpus where the disk says no: a read-only folder or mount (read, never written) and a full disk (one
line of ours, exit code 1, the pages stored before kept). Real SQLite files, the real command line; a real
tmpfs where this process may mount one (as root), else the operating system's file-size limit, which makes
SQLite's writes fail the same way."""
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import pytest

from dateline import Options, extract
from dateline.corpus import Store
from tests.conftest import DEV
from tests.explorer_support import ExplorerServer

DL = [sys.executable, "-m", "dateline.cli"]
PAGES = sorted((DEV / "fundus" / "text").iterdir())


def run(*args, **kw):
    return subprocess.run(DL + [str(a) for a in args], capture_output=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("ro-src") / "corpus.db"
    with Store(db) as store:
        store.add_many([extract(p, Options(nlp="off")) for p in PAGES[:6]])
    return db  # closing the last writer checkpoints the log into the file and removes it


@contextlib.contextmanager
def tmpfs(size: str):
    """A fresh tmpfs of `size`, or None where this process may not mount one."""
    where = Path(tempfile.mkdtemp(prefix="dateline-tmpfs-"))
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True).returncode == 0
    try:
        yield where if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
        shutil.rmtree(where, ignore_errors=True)


def readers_work_and_write_nothing(db: Path) -> None:
    before = sorted(p.name for p in db.parent.iterdir())
    stats = run("stats", db)
    assert stats.returncode == 0, stats.stderr.decode()
    assert "sources" in stats.stdout.decode()
    out = Path(tempfile.mkdtemp()) / "stories.jsonl"
    assert run("export", db, "-o", out).returncode == 0 and out.read_text().count("\n") >= 6
    with ExplorerServer(db) as server:
        found = httpx.get(f"{server.url}/search.json", params={"q": "the"}, timeout=30)
        assert found.status_code == 200 and found.json()["results"]
        assert httpx.get(f"{server.url}/story/1.json", timeout=30).status_code == 200
    # no -wal, no -shm, nothing else: a reader never tried to write beside the file
    assert sorted(p.name for p in db.parent.iterdir()) == before


def test_a_corpus_in_a_read_only_folder_is_read_and_never_written(small_corpus, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "corpus.db"
    shutil.copy(small_corpus, db)
    db.chmod(0o444)
    folder.chmod(0o555)  # root may still write here: what counts is that no reader tries
    try:
        readers_work_and_write_nothing(db)
    finally:
        folder.chmod(0o755)


def test_a_corpus_on_a_read_only_mount_is_served(small_corpus):
    with tmpfs("16m") as where:
        if where is None:
            pytest.skip("mounting a tmpfs needs root; the read-only folder test covers the rest")
        shutil.copy(small_corpus, where / "corpus.db")
        assert subprocess.run(["mount", "-o", "remount,ro", str(where)], capture_output=True).returncode == 0
        readers_work_and_write_nothing(where / "corpus.db")


def fill_until_full(db: Path, preexec=None) -> subprocess.CompletedProcess:
    return run("extract", *PAGES, *sorted((DEV / "fundus" / "html").iterdir()), "--db", db, "--nlp", "off",
               preexec_fn=preexec)


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))  # Python ignores SIGXFSZ: writes fail


@pytest.mark.parametrize("how", ["tmpfs", "file_size_limit"])
def test_extract_db_on_a_full_disk_says_so_in_one_line(how, tmp_path):
    with tmpfs("1m") as where:
        if how == "tmpfs":
            if where is None:
                pytest.skip("mounting a tmpfs needs root; the file-size limit case runs instead")
            db, p = where / "corpus.db", fill_until_full(where / "corpus.db")
        else:
            db, p = tmp_path / "corpus.db", fill_until_full(tmp_path / "corpus.db", limit_file_size)
        err = p.stderr.decode()
        assert p.returncode == 1 and "Traceback" not in err, err[-2000:]
        last = err.strip().splitlines()[-1]
        assert last.startswith(f"could not write {db}: ") and "run the same command again" in last
        # what was committed before the disk filled is a readable corpus
        stats = run("stats", db)
        assert stats.returncode == 0 and "sources" in stats.stdout.decode()
