"""Inputs are read safely (read/page.py, read/inputs.py) and a corpus has one writer (corpus/store.py):
each case of issue 19 that was lost in silence, hung or ended the batch, on real files and processes."""
import gzip
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from dateline.corpus.store import Store, StoreBusy
from dateline.options import Options
from dateline.read.inputs import expand_inputs, read_file

from tests.conftest import SEED

DL = [sys.executable, "-m", "dateline.cli"]


def test_every_member_of_a_multi_member_gzip_is_read(tmp_path):
    text = SEED.read_bytes()
    half = len(text) // 2
    page = tmp_path / "page.txt.gz"
    page.write_bytes(gzip.compress(text[:half]) + gzip.compress(text[half:]))  # as `cat a.gz b.gz` makes it
    got = read_file(str(page), Options())
    assert got.data == text


def test_a_large_file_is_refused_after_reading_past_the_limit_only(tmp_path):
    big = tmp_path / "big.html"
    with open(big, "wb") as f:
        f.truncate(3 * 1024**3)  # 3 GB, sparse: reading it whole would take 3 GB of memory
    start = time.perf_counter()
    got = read_file(str(big), Options())
    assert [e.reason for e in got.errors] == ["too_large"] and time.perf_counter() - start < 10


def test_a_fifo_and_a_link_to_a_device_are_refused_with_an_error_record(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    for path, kind in ((fifo, "FIFO"), (zero, "device")):
        got = read_file(str(path), Options())
        assert [e.reason for e in got.errors] == ["unreadable"] and kind in got.errors[0].message
    args = ["extract", str(fifo), str(zero), str(SEED), "--nlp", "off", "--db", str(tmp_path / "c.db")]
    p = subprocess.run(DL + args, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    with sqlite3.connect(tmp_path / "c.db") as c:
        assert c.execute("SELECT count(*) FROM errors WHERE reason = 'unreadable'").fetchone()[0] == 2


def test_a_glob_does_not_follow_a_link_loop(tmp_path):
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_bytes(SEED.read_bytes())
    (d / "sub" / "loop").symlink_to(d, target_is_directory=True)
    start = time.perf_counter()
    found = expand_inputs([str(d / "**" / "*.txt")])
    assert found == [str(d / "sub" / "a.txt")] and time.perf_counter() - start < 5


def test_a_second_writer_stops_at_once_with_a_clear_message(tmp_path):
    db = tmp_path / "c.db"
    with Store(db):
        with pytest.raises(StoreBusy, match="another dateline process is writing"):
            Store(db)
        p = subprocess.run(DL + ["extract", str(SEED), "--nlp", "off", "--db", str(db)], capture_output=True,
                           text=True, timeout=120)
        assert p.returncode == 2 and "one writer per corpus" in " ".join(p.stderr.split())
    with Store(db):  # the first writer is done: the next may write
        pass
