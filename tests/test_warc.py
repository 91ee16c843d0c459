"""WARC and WET archives, written with a real WARC writer (warcio) from the dev pages, read back."""
import gzip
import io
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline import Options, extract
from dateline.corpus import Store
from dateline.read.page import Page
from dateline.read.warc import BrokenRecord, iter_archive
from tests.conftest import DEV

DL = [sys.executable, "-m", "dateline.cli"]
FETCHED = "2024-07-07T10:00:00Z"


def dev_pages(kind: str, n: int, sets=("fundus", "scrapinghub")) -> list[Path]:
    out: list[Path] = []
    for s in sets:
        out += sorted((DEV / s / kind).iterdir())
    return out[:n]


def url_of(path: Path) -> str:
    return f"https://www.{path.parent.parent.name}.example/{path.name.split('.')[0]}"


def write_warc(target: Path, pages: list[Path], gz: bool = True, extras: bool = True,
               charset: str = "utf-8") -> list[str]:
    """A WARC of response records, one per dev page (with a request record before each and, when
    `extras`, an image and a redirect beside them); the URLs of the page records, in order."""
    urls = []
    with open(target, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        w.write_record(w.create_warcinfo_record(target.name, {"software": "dateline tests"}))
        for p in pages:
            url = url_of(p)
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", http_headers=req,
                                                warc_headers_dict={"WARC-Date": FETCHED}))
            w.write_record(response(w, url, gzip.decompress(p.read_bytes()), f"text/html; charset={charset}"))
            urls.append(url)
            if extras:
                w.write_record(response(w, url + ".png", b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png"))
                w.write_record(response(w, url + "/old", b"", "text/html", status="301 Moved Permanently"))
    return urls


def response(w: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK"):
    http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                            protocol="HTTP/1.1")
    return w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                warc_headers_dict={"WARC-Date": FETCHED})


def write_wet(target: Path, pages: list[Path]) -> list[str]:
    urls = []
    with open(target, "wb") as f:
        w = WARCWriter(f, gzip=True)
        w.write_record(w.create_warcinfo_record(target.name, {"software": "dateline tests"}))
        for p in pages:
            body = gzip.decompress(p.read_bytes())
            w.write_record(w.create_warc_record(url_of(p), "conversion", payload=io.BytesIO(body),
                                                length=len(body), warc_content_type="text/plain",
                                                warc_headers_dict={"WARC-Date": FETCHED}))
            urls.append(url_of(p))
    return urls


def test_response_records_are_html_pages_with_url_and_fetch_time(tmp_path):
    pages = dev_pages("html", 4)
    urls = write_warc(tmp_path / "a.warc.gz", pages)
    read = list(iter_archive(tmp_path / "a.warc.gz", Options().max_page_bytes))
    assert all(isinstance(p, Page) for p in read)
    assert [p.url for p in read] == urls  # requests, images and redirects are not pages
    first = read[0]
    assert first.format == "html" and first.container == "warc" and first.declared_charset == "utf-8"
    assert first.fetched_at == datetime(2024, 7, 7, 10, tzinfo=timezone.utc)
    assert first.data == gzip.decompress(pages[0].read_bytes())
    offsets = [p.offset for p in read]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    result = extract(read[0])
    assert result.ok and result.articles
    assert result.source.format == "warc" and result.source.url == urls[0]
    assert result.source.fetched_at.startswith("2024-07-07T10:00")


def test_uncompressed_warc_reads_the_same(tmp_path):
    pages = dev_pages("html", 3)
    write_warc(tmp_path / "a.warc", pages, gz=False)
    write_warc(tmp_path / "b.warc.gz", pages, gz=True)
    plain = [p.data for p in iter_archive(tmp_path / "a.warc", 1 << 30)]
    packed = [p.data for p in iter_archive(tmp_path / "b.warc.gz", 1 << 30)]
    assert plain == packed and len(plain) == 3


def test_wet_conversion_records_are_text_pages(tmp_path):
    pages = dev_pages("text", 3)
    urls = write_wet(tmp_path / "a.wet.gz", pages)
    read = list(iter_archive(tmp_path / "a.wet.gz", 1 << 30))
    assert [p.url for p in read] == urls and all(p.format == "text" for p in read)
    result = extract(read[1])
    assert result.ok and result.source.format == "warc" and result.source.url == urls[1]
    assert result.articles[0].body == extract(pages[1]).articles[0].body


def test_declared_charset_decodes_the_page(tmp_path):
    html = ("<html><head><title>Grüße</title></head><body><article><h1>Müller übernimmt die Führung</h1>"
            + "".join(f"<p>Der Bürgermeister äußerte sich am {d}. März über die Straßenbahn, die für "
                      f"viele Pendler eine große Rolle spielt, und über Änderungen im Fahrplan.</p>"
                      for d in range(1, 9))
            + "</article></body></html>")
    target = tmp_path / "latin.warc.gz"
    with open(target, "wb") as f:
        w = WARCWriter(f, gzip=True)
        w.write_record(response(w, "https://example.de/a", html.encode("cp1252"), "text/html; charset=windows-1252"))
    page = next(iter_archive(target, 1 << 30))
    assert page.declared_charset == "windows-1252"  # as declared; decode() canonicalises it
    result = extract(page)
    assert "Straßenbahn" in result.text and result.source.encoding == "cp1252"


def cut(data: bytes, at: float) -> bytes:
    return data[: int(len(data) * at)]


def test_a_cut_archive_keeps_the_records_before_the_damage(tmp_path):
    pages = dev_pages("html", 6)
    for gz in (True, False):
        whole = tmp_path / f"whole{gz}.warc"
        urls = write_warc(whole, pages, gz=gz, extras=False)
        broken = tmp_path / f"cut{gz}.warc"
        broken.write_bytes(cut(whole.read_bytes(), 0.6))
        read = list(iter_archive(broken, 1 << 30))
        good = [p for p in read if isinstance(p, Page)]
        assert 1 <= len(good) < len(urls) and [p.url for p in good] == urls[: len(good)]
        assert isinstance(read[-1], BrokenRecord) and len(read) == len(good) + 1
        assert read[-1].error.reason == "bad_archive" and "cut short" in read[-1].error.message


def test_garbage_inside_an_archive_is_reported(tmp_path):
    pages = dev_pages("html", 5)
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, pages, extras=False)
    data = bytearray(whole.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 64] = b"\x00" * 64
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(bytes(data))
    read = list(iter_archive(broken, 1 << 30))
    assert isinstance(read[-1], BrokenRecord) and read[-1].error.code == "E107"
    assert "records before were read" in read[-1].error.message
    assert 1 <= len(read) - 1 < len(pages)


@pytest.mark.parametrize("kind", ["request", "response"])
@pytest.mark.parametrize("delta", [-500, 500, 10**9])
def test_a_record_with_a_wrong_length_keeps_the_records_before_and_says_so(tmp_path, kind, delta):
    """The second page's request or response record claims a wrong Content-Length: shorter or longer
    (the next header is then misread), or running past the archive's end (once skipped over in
    silence, with every record after it)."""
    pages = dev_pages("html", 4)
    whole = tmp_path / "whole.warc"
    urls = write_warc(whole, pages, gz=False, extras=False)
    data = whole.read_bytes()
    lengths = [m for m in re.finditer(rb"msgtype=" + kind.encode() + rb"\r\nContent-Length: (\d+)\r\n", data)]
    m = lengths[1]
    bad = tmp_path / "bad.warc"
    bad.write_bytes(data[:m.start(1)] + str(int(m.group(1)) + delta).encode() + data[m.end(1):])
    for limit in (1 << 30, 20_000_000):
        read = list(iter_archive(bad, limit))
        good = [r for r in read if isinstance(r, Page)]
        assert 1 <= len(good) < len(urls) and [p.url for p in good] == urls[:len(good)]
        assert isinstance(read[-1], BrokenRecord) and read[-1].error.code == "E107"


def test_a_record_over_the_page_limit_is_an_error_and_the_archive_goes_on(tmp_path):
    pages = dev_pages("html", 3)
    write_warc(tmp_path / "a.warc.gz", pages, extras=False)
    sizes = [len(gzip.decompress(p.read_bytes())) for p in pages]
    limit = sorted(sizes)[1]  # one page is larger than this
    read = list(iter_archive(tmp_path / "a.warc.gz", limit))
    assert len(read) == 3
    big = [r for r in read if isinstance(r, BrokenRecord)]
    assert [b.error.reason for b in big] == ["too_large"] * sum(s > limit for s in sizes)


def test_cli_stores_archives_with_urls_and_reports_damage(tmp_path):
    pages = dev_pages("html", 5)
    write_warc(tmp_path / "good.warc.gz", pages[:3])
    whole = tmp_path / "whole.warc"
    write_warc(whole, pages[3:], gz=False, extras=False)
    (tmp_path / "cut.warc").write_bytes(cut(whole.read_bytes(), 0.7))
    db = tmp_path / "corpus.db"
    p = subprocess.run(DL + ["extract", str(tmp_path / "good.warc.gz"), str(tmp_path / "cut.warc"), "--db", str(db)],
                       capture_output=True, timeout=300)
    assert p.returncode == 1, p.stderr.decode()  # the cut archive failed; the batch went on
    assert b"bad_archive" in p.stderr
    with Store(db, readonly=True) as store:
        rows = store.conn.execute("SELECT url, site, format, fetched_at, offset, status FROM sources ORDER BY id")
        rows = [dict(r) for r in rows]
    assert [r["url"] for r in rows[:3]] == [url_of(x) for x in pages[:3]]
    assert all(r["format"] == "warc" for r in rows)
    assert all(r["fetched_at"].startswith("2024-07-07") for r in rows[:-1])  # the damage has no fetch time
    assert rows[0]["site"] == "fundus.example" and rows[0]["offset"] > 0
    assert [r["status"] for r in rows].count("error") == 1 and rows[-1]["status"] == "error"
    assert len(rows) == 3 + 1 + 1  # three pages, the page before the cut, the damage


def test_cli_json_export_carries_the_archive_source(tmp_path):
    pages = dev_pages("html", 2)
    write_warc(tmp_path / "a.warc.gz", pages)
    db = tmp_path / "c.db"
    subprocess.run(DL + ["extract", str(tmp_path / "a.warc.gz"), "--db", str(db)], check=True, capture_output=True,
                   timeout=300)
    p = subprocess.run(DL + ["export", str(db)], capture_output=True, timeout=120, check=True)
    rows = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert rows and {r["sources"][0]["url"] for r in rows} <= {url_of(x) for x in pages}
