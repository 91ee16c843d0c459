"""The command line's outputs do what they say (issue 17): --out-dir keeps the inputs' folders and
never overwrites silently, -f json is one JSON document for one page or many, archives print
without --db, csv and markdown, -j without --db, one stderr line per failure, -V/-v/-q, and serve's
busy port."""
import csv
import io
import json
import shutil
import socket
import subprocess
import sys

from tests.conftest import DEV
from tests.test_warc import write_warc

DL = [sys.executable, "-m", "dateline.cli"]
QUICK = ["--nlp", "off"]
TEXT = sorted((DEV / "scrapinghub" / "text").glob("*.txt.gz"))
HTML = sorted((DEV / "scrapinghub" / "html").glob("*.html.gz"))


def run(*args, stdin=None, timeout=300):
    return subprocess.run(DL + list(args), capture_output=True, input=stdin, timeout=timeout, text=True)


def test_out_dir_keeps_folders_and_never_overwrites_silently(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(TEXT[0], tmp_path / "a" / "index.txt.gz")
    shutil.copy(HTML[0], tmp_path / "b" / "index.html.gz")
    shutil.copy(HTML[1], tmp_path / "a" / "index.html.gz")  # a/index.txt.gz and a/index.html.gz: one name
    out = tmp_path / "out"
    p = run("extract", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out), *QUICK)
    assert p.returncode == 0, p.stderr
    written = sorted(str(f.relative_to(out)) for f in out.rglob("*.json"))
    # the second page of one name keeps its whole file name
    assert written in (["a/index.html.gz.json", "a/index.json", "b/index.json"],
                       ["a/index.json", "a/index.txt.gz.json", "b/index.json"]), written
    assert "same output name" in p.stderr
    p = run("extract", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out), *QUICK)
    assert p.returncode == 0 and "3 of 3 files" in p.stderr and "replaced" in p.stderr


def test_json_is_one_document_for_one_page_or_many():
    one = run("extract", str(TEXT[0]), *QUICK)
    many = run("extract", str(TEXT[0]), str(TEXT[1]), *QUICK)
    assert one.returncode == 0 and many.returncode == 0, many.stderr
    page = json.loads(one.stdout)
    pages = json.loads(many.stdout)
    assert isinstance(page, dict) and isinstance(pages, list) and len(pages) == 2
    assert pages[0]["source"] == page["source"] and pages[0]["articles"] == page["articles"]


def test_an_archive_prints_json_lines_without_db(tmp_path):
    urls = write_warc(tmp_path / "crawl.warc.gz", HTML[:3], extras=False)
    p = run("extract", str(tmp_path / "crawl.warc.gz"), *QUICK)
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert {r["source"]["url"] for r in rows} == set(urls) and all(r["source"]["format"] == "warc" for r in rows)
    out = tmp_path / "out"
    p = run("extract", str(tmp_path / "crawl.warc.gz"), "-o", str(out), *QUICK)
    assert p.returncode == 0, p.stderr
    assert len(list((out / "crawl").glob("*.jsonl"))) == 3  # a file a record, in a folder of the archive's name


def test_csv_and_markdown():
    p = run("extract", str(TEXT[0]), str(TEXT[1]), "-f", "csv", *QUICK)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    one = json.loads(run("extract", str(TEXT[0]), *QUICK).stdout)
    mine = [r for r in rows if r["source_uri"] == str(TEXT[0])]
    assert [r["headline"] for r in mine] == [a["headline"] or "" for a in one["articles"]]
    assert mine[0]["body"] == "\n\n".join(one["articles"][0]["body"])
    assert mine[0]["authors"] == " | ".join(one["articles"][0]["authors"])
    p = run("extract", str(TEXT[0]), "-f", "markdown", *QUICK)
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("\n# ") + p.stdout.startswith("# ") == len(one["articles"])


def test_jobs_without_db_keep_the_input_order():
    files = [str(f) for f in TEXT[:4]]
    one = run("extract", *files, "-f", "jsonl", *QUICK)
    two = run("extract", *files, "-f", "jsonl", "-j", "2", *QUICK)
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert [json.loads(x)["id"] for x in two.stdout.splitlines()] == \
        [json.loads(x)["id"] for x in one.stdout.splitlines()]


def test_a_missing_file_is_one_line_on_stderr(tmp_path):
    p = run("extract", str(tmp_path / "nothere.txt"))
    assert p.returncode == 1 and p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "E106 not_found" in lines[0] and "nothere.txt" in lines[0]
    p = run("extract", str(TEXT[0]), str(tmp_path / "nothere.txt"), *QUICK)  # with others: in the array too
    assert p.returncode == 1 and json.loads(p.stdout)[1]["errors"][0]["code"] == "E106"


def test_bad_option_values_name_the_option():
    for args, name in ((["--nlp", "maybe"], "--nlp"), (["-f", "yaml"], "--format"),
                       (["--input-format", "pdf"], "--input-format")):
        p = run("extract", str(TEXT[0]), *args)
        lines = p.stderr.strip().splitlines()
        assert p.returncode == 2 and len(lines) == 1 and lines[0].startswith(name), p.stderr
        assert "(" not in lines[0]  # no Python tuple


def test_version_verbose_and_quiet():
    v = run("-V")
    assert v.returncode == 0 and v.stdout.startswith("dateline ")
    files = [str(f) for f in TEXT[:2]]
    loud = run("-v", "extract", *files, *QUICK)
    assert loud.returncode == 0 and all(f in loud.stderr for f in files)
    quiet = run("-q", "extract", *files, *QUICK)
    assert quiet.returncode == 0 and quiet.stderr == "" and json.loads(quiet.stdout)


def test_serve_says_a_busy_port_before_any_banner(tmp_path):
    db = tmp_path / "c.db"
    assert run("extract", str(TEXT[0]), "--db", str(db), *QUICK).returncode == 0
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    try:
        p = run("serve", str(db), "--port", str(port), timeout=60)
    finally:
        busy.close()
    assert p.returncode == 2
    assert "explorer on" not in p.stderr and f"{port}" in p.stderr and "in use" in p.stderr
