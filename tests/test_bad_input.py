"""Bad input gets a clear error or an empty result, never a traceback; a batch goes on."""
import json
import os
import subprocess
import sys

from dateline import Options, extract


def test_empty_bytes():
    r = extract(b"", uri="empty.txt")
    assert [e.reason for e in r.errors] == ["empty"]
    assert r.articles == []


def test_random_bytes_is_undecodable():
    r = extract(os.urandom(4096), uri="random.bin")
    assert [e.reason for e in r.errors] == ["undecodable"]


def test_twenty_megabytes_is_too_large():
    r = extract(b"word " * (4 * 1024 * 1024 + 10), uri="big.txt")
    assert [e.reason for e in r.errors] == ["too_large"]
    assert "bytes" in r.errors[0].message


def test_missing_file_is_an_error_record():
    r = extract("/nonexistent/page.txt")
    assert r.errors[0].reason == "not_found"


def test_broken_gzip():
    import gzip

    data = gzip.compress(b"hello world " * 1000)[:60]
    r = extract(data, uri="cut.txt.gz")
    assert r.errors and r.errors[0].reason in ("unreadable", "empty")


def test_timeout_becomes_an_error():
    """A real page under a per-page limit far shorter than it needs: the error says timeout."""
    from tests.conftest import DEV

    big = b"\n".join((DEV / "multi" / "text").joinpath(n).read_bytes() for n in ["multi-000.txt.gz"])
    r = extract(big * 1, Options(timeout_s=0.001), uri="multi-000.txt.gz")
    assert [e.reason for e in r.errors] == ["timeout"]
    assert "0.001" in r.errors[0].message


def test_batch_goes_on_and_exit_code_says(tmp_path):
    from tests.conftest import SEED

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "random.txt").write_bytes(os.urandom(2048))
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "dateline.cli", "extract", str(tmp_path), "--out-dir", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "2 of 3 pages failed" in proc.stderr
    assert len(json.loads((out / "seed.json").read_text())["articles"]) >= 5
    assert json.loads((out / "empty.json").read_text())["errors"][0]["reason"] == "empty"
    assert json.loads((out / "random.json").read_text())["errors"][0]["reason"] == "undecodable"


def test_a_page_that_is_not_an_article_says_so():
    """A login form and a list of links read fine but hold no story: no article, with the reason."""
    page = "\n".join(["Sign in", "Email", "Password", "Forgot your password?", "Create an account",
                      "* Home", "* News", "* Sport", "* Weather", "Privacy | Terms | Cookies"])
    r = extract(page.encode(), Options(input_format="text"), uri="login.txt")
    assert r.errors == [] and r.articles == []
    assert r.skipped.startswith("skipped: not an article")


def test_missing_spacy_model_keeps_the_articles():
    from tests.conftest import SEED

    r = extract(SEED, Options(nlp="full", spacy_model="no_such_model_installed"))
    assert len(r.articles) == 6
    assert r.errors == [] and len(r.warnings) == 1
    assert r.warnings[0].startswith("nlp_failed") and "no_such_model_installed" in r.warnings[0]
