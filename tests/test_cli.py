"""The command line as a user runs it: real files, stdin, formats, help."""
import json
import subprocess
import sys

from tests.conftest import DEV, SEED

DL = [sys.executable, "-m", "dateline.cli"]


def run(*args, stdin=None):
    return subprocess.run(DL + list(args), capture_output=True, input=stdin, timeout=120)


def test_one_page_prints_its_result():
    p = run("extract", str(SEED))
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["schema"] == "dateline/1" and len(d["articles"]) >= 5


def test_stdin_and_jsonl():
    p = run("extract", "-", "--format", "jsonl", stdin=SEED.read_bytes())
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert len(rows) >= 5 and all(r["source"]["uri"] == "<stdin>" for r in rows)


def test_out_dir_names_follow_inputs(tmp_path):
    src = sorted((DEV / "scrapinghub" / "text").iterdir())[:3]
    p = run("extract", *map(str, src), "--out-dir", str(tmp_path))
    assert p.returncode == 0, p.stderr
    names = sorted(x.name for x in tmp_path.iterdir())
    assert names == sorted(s.name.replace(".txt.gz", ".json") for s in src)


def test_html_input_is_read(tmp_path):
    src = sorted((DEV / "fundus" / "html").iterdir())[0]
    p = run("extract", str(src))
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["source"]["format"] == "html" and d["articles"]


def test_help_teaches():
    p = run("extract", "--help")
    out = p.stdout.decode()
    assert p.returncode == 0
    for word in ("--out-dir", "--format", "--fetched-at", "--input-format", "Examples"):
        assert word in out


def test_bad_option_is_a_usage_error():
    p = run("extract", str(SEED), "--format", "xml")
    assert p.returncode == 2
    assert b"--format" in p.stderr


def test_spacy_model_setting_reaches_the_pipeline():
    """--spacy-model chooses the model; one that is not installed keeps the articles and says so."""
    p = run("extract", str(SEED), "--spacy-model", "no_such_model_here")
    assert p.returncode == 0  # the page is read: what it lacks is a warning, not an error
    d = json.loads(p.stdout)
    assert len(d["articles"]) == 6 and d["errors"] == []
    assert d["warnings"][0].startswith("nlp_failed") and "no_such_model_here" in d["warnings"][0]


def test_a_bad_fetched_at_names_the_option_on_one_line():
    p = run("extract", str(SEED), "--fetched-at", "yesterday")
    assert p.returncode == 2 and not p.stdout
    lines = p.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "--fetched-at" in lines[0] and "'yesterday'" in lines[0], lines
