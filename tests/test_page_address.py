"""The page's own address (issue 17): <link rel=canonical>, og:url or JSON-LD url become source.url,
and a corpus's sites are registered domains, not "(no URL)"."""
import gzip
import re
import subprocess
import sys

from dateline.corpus.rows import site_of
from dateline.pipeline import extract
from tests.conftest import DEV

CANONICAL = re.compile(rb"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']?(https?://[^"'\s>]+)""", re.I)


def _bytes(path):
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def test_every_scrapinghub_page_with_a_canonical_link_has_its_url():
    pages = sorted((DEV / "scrapinghub" / "html").iterdir())
    with_link = 0
    for path in pages:
        m = CANONICAL.search(_bytes(path))
        if not m:
            continue
        with_link += 1
        url = extract(path).source.url
        assert url and url.startswith("http"), path.name
    assert with_link >= 20  # the issue counted 28 of 30


def test_og_url_and_jsonld_url_when_there_is_no_canonical_link():
    body = "<p>" + "The council met on Monday and voted on the new budget for the city. " * 6 + "</p>"
    og = f'<html><head><meta property="og:url" content="https://www.example.co.uk/news/a.html"></head>' \
         f'<body><h1>Budget passed</h1>{body}</body></html>'
    ld = '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget passed",' \
         f' "url": "https://news.example.org/b"}}</script></head><body><h1>Budget passed</h1>{body}</body></html>'
    local = '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "url": "/tmp/page.html"}' \
            f'</script></head><body><h1>Budget passed</h1>{body}</body></html>'
    assert extract(og).source.url == "https://www.example.co.uk/news/a.html"
    assert extract(ld).source.url == "https://news.example.org/b"
    assert extract(local).source.url is None  # a local path names no site


def test_site_is_the_registered_domain():
    assert site_of("https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    assert site_of("https://edition.cnn.com/2024/a") == "cnn.com"
    assert site_of("http://127.0.0.1:8000/a") == "127.0.0.1"
    assert site_of(None) is None


def test_stats_shows_sites(tmp_path):
    pages = sorted((DEV / "scrapinghub" / "html").iterdir())[:6]
    db = tmp_path / "c.db"
    dl = [sys.executable, "-m", "dateline.cli"]
    p = subprocess.run(dl + ["extract", *map(str, pages), "--db", str(db), "--nlp", "off"], capture_output=True,
                       timeout=300)
    assert p.returncode in (0, 1), p.stderr
    p = subprocess.run(dl + ["stats", str(db)], capture_output=True, timeout=120)
    out = p.stdout.decode()
    assert p.returncode == 0, p.stderr
    sites = out[out.index("sites"):]
    assert "(no URL)" not in sites.split("languages")[0]
    assert re.search(r"\b[a-z0-9-]+\.[a-z.]{2,}\b", sites)


def test_languages_are_bcp47_and_count_once_per_language(tmp_path):
    from dateline.lexicon import language_tag, primary_language

    assert [language_tag(v) for v in ("en", "en-US", "en_us", "EN-gb", "de-DE, en", "", "xx-invalid-!!")] == \
        ["en", "en-US", "en-US", "en-GB", "de-DE", None, None]
    assert primary_language("en-GB") == "en" and primary_language(None) is None
    # a corpus of the dev pages: its language rows are primary subtags, one per language
    pages = sorted((DEV / "fundus" / "html").iterdir())[::6]
    db = tmp_path / "c.db"
    dl = [sys.executable, "-m", "dateline.cli"]
    p = subprocess.run(dl + ["extract", *map(str, pages), "--db", str(db), "--nlp", "off"], capture_output=True,
                       timeout=600)
    assert p.returncode in (0, 1), p.stderr
    from dateline.corpus.stats import corpus_stats
    from dateline.corpus.store import Store

    langs = [lang for lang, _ in corpus_stats(Store(db))["languages"]]
    assert langs and all(lang == "(unknown)" or re.fullmatch(r"[a-z]{2,3}", lang) for lang in langs), langs
    assert len(langs) == len(set(langs))
