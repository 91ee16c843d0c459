"""Hostile pages: each one gives a valid result or a clear error record within its time bound.

Big inputs are generated here, never committed. A time bound is the per-page limit plus slack: that
is the limit's contract, not a speed test (speed is bench/'s business).
"""
import codecs
import gzip
import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dateline import Options, extract
from dateline.options import MAX_DEPTH, MAX_LINE_CHARS, PAGE_TIMEOUT_S
from dateline.read.guard import TAG, bound_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fuzz._target import options_for  # noqa: E402
from fuzz.contract import check_page_result  # noqa: E402
from tests.conftest import SEED  # noqa: E402

SLACK_S = 5.0  # start-up, GC and a loaded shared machine; the limit itself is the contract
# regex attacks run under a tighter limit than the default: a quadratic regex would use it all
ATTACK_LIMIT_S = 5.0
FETCHED = datetime(2025, 2, 2, 12, 0, tzinfo=timezone.utc)
PARAS = [
    "The finance minister said on Tuesday that talks with the unions would continue next week, according to "
    "officials who attended the meeting in the capital.",
    "Negotiators have met four times since January without agreeing on the pension age, and both sides say "
    "the gap between them has narrowed only slightly.",
    "Union leaders warned that a general strike remained possible if the government pressed ahead with its "
    "plan before the summer recess, a spokesman told reporters.",
]
ARTICLE = "Talks on pension reform to resume next week\n\nUpdated 07 July 2024\n\nBy Jane Doe\n\n" + "\n\n".join(PARAS)


def run(data: bytes, uri: str, limit: float = PAGE_TIMEOUT_S, **opts):
    """Extract under `limit`, check the contract and the time bound; the result and its seconds."""
    t0 = time.perf_counter()
    result = extract(data, Options(timeout_s=limit, **opts), uri=uri)
    seconds = time.perf_counter() - t0
    assert seconds < limit + SLACK_S, f"{uri} took {seconds:.1f} s against a limit of {limit} s"
    check_page_result(result)
    return result, seconds


def reasons(result) -> list[str]:
    return [e.reason for e in result.errors]


def bodies(result) -> str:
    return "\n".join(p for a in result.articles for p in a.body)


# --- bytes that are not a page ------------------------------------------------------------------

def test_empty_and_whitespace_only():
    assert reasons(run(b"", "empty.txt")[0]) == ["empty"]
    assert reasons(run(b" \n\t\r\n" * 1000, "blank.html")[0]) == ["empty"]


def test_binary_with_an_image_header_is_undecodable():
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(64 * 1024)
    result = run(png, "photo.html")[0]
    assert reasons(result) == ["undecodable"]
    assert "binary" in result.errors[0].message


def test_nul_bytes_only_are_undecodable():
    assert reasons(run(b"\x00" * 100_000, "nul.txt")[0]) == ["undecodable"]


def test_nul_bytes_inside_an_article_do_not_stop_it():
    data = ARTICLE.replace("\n\nBy", "\x00\n\nBy").encode()
    result = run(data, "nul-inside.txt")[0]
    assert result.errors == [] and PARAS[1] in bodies(result)


# --- encodings ----------------------------------------------------------------------------------

def test_invalid_utf8_in_a_utf8_page_keeps_utf8():
    """A few broken bytes must not send the whole page through detection into mojibake."""
    seed = SEED.read_bytes()
    result = run(seed.replace(b"\n\n", b"\n\xff\xc3\x28\n", 3), "damaged.txt")[0]
    assert result.source.encoding == "utf-8"
    assert len(result.articles) == len(extract(SEED).articles)
    assert "Pezeshkian’s" in result.text  # the curly quote survived


@pytest.mark.parametrize("codec,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                       ("utf-16-le", b""), ("utf-16-be", b"")])
def test_utf16_with_and_without_bom_reads_like_utf8(codec, bom):
    text = SEED.read_text(encoding="utf-8")
    result = run(bom + text.encode(codec), "seed16.txt")[0]
    assert result.source.encoding == codec
    assert [a.headline for a in result.articles] == [a.headline for a in extract(SEED).articles]


ARABIC = ("قال وزير الخارجية يوم الثلاثاء إن المحادثات مع الجانب الآخر ستستمر الأسبوع المقبل في العاصمة، "
          "وفقا لمسؤولين مطلعين على الملف.\n\nوأضاف أن الحكومة تسعى إلى التوصل لاتفاق شامل قبل نهاية العام، "
          "مشيرا إلى أن الخلافات لا تزال قائمة حول عدد من القضايا الرئيسية.\n")
JAPANESE = ("東京で岸田首相は火曜日、記者団に対し、与野党の協議は来週も続くとの見通しを示した。関係者によると、"
            "予算案をめぐる交渉は難航しており、年内の成立は難しいとの見方も出ている。\n\n政府は近く臨時閣議を開き、"
            "経済対策の規模や財源について議論する方針だ。\n")


@pytest.mark.parametrize("text,codec,expected", [(ARABIC, "cp1256", "cp1256"), (JAPANESE, "shift_jis", "cp932")])
def test_legacy_encodings_are_detected_without_a_declaration(text, codec, expected):
    result = run(text.encode(codec), "legacy.txt")[0]
    assert result.errors == []
    assert result.source.encoding == expected
    assert result.text == text


def test_declared_charset_in_html_is_honoured():
    html = (f'<html><head><meta charset="windows-1256"><title>t</title></head><body><h1>عاجل</h1>'
            f'<p>{ARABIC}</p></body></html>')
    result = run(html.encode("cp1256"), "ar.html")[0]
    assert result.errors == [] and result.source.encoding == "cp1256"
    assert "وزير الخارجية" in result.text


# --- size ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_fifty_megabytes_is_too_large_as_bytes_file_and_gzip(tmp_path):
    big = (ARTICLE + "\n\n").encode() * (50 * 1024 * 1024 // len(ARTICLE))
    path = tmp_path / "big.txt"
    path.write_bytes(big)
    bomb = gzip.compress(b"\n" * (50 * 1024 * 1024), compresslevel=1)  # ~50 KB that inflates to 50 MB
    for data, uri in ((big, "big.txt"), (str(path), None), (bomb, "bomb.txt.gz")):
        t0 = time.perf_counter()
        result = extract(data, Options(), uri=uri) if uri else extract(data)
        assert time.perf_counter() - t0 < PAGE_TIMEOUT_S + SLACK_S
        assert reasons(result) == ["too_large"], (uri, result.errors)
        assert "--max-page-bytes" in result.errors[0].message


def test_max_page_bytes_option_is_enforced():
    result = run(ARTICLE.encode(), "small.txt", max_page_bytes=100)[0]
    assert reasons(result) == ["too_large"]
    assert run(ARTICLE.encode(), "small.txt", max_page_bytes=len(ARTICLE.encode()))[0].errors == []


@pytest.mark.slow
def test_a_million_short_lines_is_cut_at_max_lines_in_time():
    result = run(b"a\n" * 1_000_000 + ARTICLE.encode(), "lines.txt")[0]
    assert result.errors == []
    assert result.blocks and max(b["line"] for b in result.blocks) <= Options().max_lines


@pytest.mark.slow
def test_a_million_html_paragraphs_end_within_the_limit():
    """The HTML walker stops at max_lines blocks; what it costs before that must stay inside the limit."""
    page = "<html><body><h1>Pension talks</h1>" + "".join(f"<p>{p}</p>" for p in PARAS) + "<p>x</p>" * 1_000_000
    result = run(page.encode(), "million.html")[0]
    assert reasons(result) in ([], ["timeout"])
    assert len(result.blocks) <= Options().max_lines


def test_max_lines_option_truncates():
    page = ("\n\n".join(PARAS * 40)).encode()
    result = run(page, "many.txt", max_lines=20)[0]
    assert max(b["line"] for b in result.blocks) <= 20


@pytest.mark.slow
def test_one_ten_megabyte_line_is_cut_at_max_line_chars():
    line = " ".join(PARAS) + " "
    data = ARTICLE.encode() + b"\n\n" + (line * (10 * 1024 * 1024 // len(line))).encode()
    result = run(data, "oneline.txt")[0]
    assert result.errors == []
    assert all(len(b["text"]) <= MAX_LINE_CHARS for b in result.blocks)
    assert any(len(b["text"]) >= MAX_LINE_CHARS - 1000 for b in result.blocks)


# --- depth --------------------------------------------------------------------------------------

def deep_html(levels: int, tag: str = "div") -> bytes:
    inner = "".join(f"<p>{p}</p>" for p in PARAS)
    return ("<html><body><h1>Talks on pension reform to resume</h1>" + f"<{tag}>" * levels + inner
            + f"</{tag}>" * levels + "</body></html>").encode()


@pytest.mark.parametrize("tag", ["div", "ul", "span", "blockquote"])
def test_a_hundred_thousand_nested_elements_are_flattened_and_read(tag):
    """lexbor spends ~18 s in C on 100,000 nested <div>s, where SIGALRM cannot reach: bounded before."""
    result = run(deep_html(100_000, tag), f"deep-{tag}.html", limit=ATTACK_LIMIT_S)[0]
    assert result.errors == []
    assert PARAS[2] in "\n".join(b["text"] for b in result.blocks)


@pytest.mark.parametrize("name,unit", [("options", "<option>Country</option>"), ("optgroups", "<optgroup><option>"),
                                       ("ruby", "<rb>"), ("optgroup-outside-select", "<optgroup>")])
def test_option_lists_and_stray_ruby_tags_stay_linear(name, unit):
    """lexbor is quadratic in a <select>'s options and in nested <optgroup>/<rb> outside their parents."""
    page = f"<html><body><h1>Pension talks</h1><select>{unit * 100_000}</select>" + \
        "".join(f"<p>{p}</p>" for p in PARAS) + "</body></html>"
    result = run(page.encode(), f"{name}.html", limit=ATTACK_LIMIT_S)[0]
    assert result.errors == [] and PARAS[2] in "\n".join(b["text"] for b in result.blocks)


def test_a_tag_with_200000_attributes_is_stripped_of_them():
    """lexbor checks each attribute against the others in C: this page ran 5 minutes past a 20 s limit."""
    attrs = " ".join(f'a{i}="{i}"' for i in range(200_000))
    page = f"<html><body><h1>Pension talks</h1><div {attrs}>" + "".join(f"<p>{p}</p>" for p in PARAS)
    result = run((page + "</div></body></html>").encode(), "attrs.html", limit=ATTACK_LIMIT_S)[0]
    assert result.errors == [] and PARAS[2] in "\n".join(b["text"] for b in result.blocks)


def test_long_attribute_values_of_real_pages_are_kept():
    props = '{"story": "' + "word " * 20_000 + '", "id": 1}'
    html = f"<html><body><div class='story' data-props='{props}'><p>{PARAS[0]}</p></div></body></html>"
    assert bound_html(html, MAX_DEPTH) == (html, 0)


def test_bound_html_keeps_every_character_of_text_and_real_pages_whole():
    html = deep_html(5_000).decode()
    flat, cut = bound_html(html, MAX_DEPTH)
    assert cut == 2 * (5_000 + 2 - MAX_DEPTH)  # +2: <html> and <body> open levels too
    assert TAG.sub("", flat) == TAG.sub("", html)
    assert bound_html(flat, MAX_DEPTH) == (flat, 0)
    shallow = deep_html(50).decode()
    assert bound_html(shallow, MAX_DEPTH) == (shallow, 0)


def test_bound_html_skips_script_text_and_comments():
    html = "<body><script>" + "if (a<b) {x = '<div>'}" * 2_000 + "</script><!-- <div><div> -->" * 600 + "<p>x</p>"
    assert bound_html(html, 8) == (html, 0)


def test_unclosed_tag_openers_cost_one_pass():
    t0 = time.perf_counter()
    bound_html("<a" * 2_000_000, MAX_DEPTH)
    assert time.perf_counter() - t0 < ATTACK_LIMIT_S


# --- regexes made to backtrack ------------------------------------------------------------------

ATTACK_LINES = {
    # lexicon.py DATE_RE: "<n><unit>" then .* looking for "ago" was quadratic (fixed: .{0,80}?)
    "date_units": "5min," * 20_000,
    # fields/times.py RELATIVE_UNIT: \d+ retried inside one digit run (fixed: (?<!\d))
    "ago_digits": "Updated " + "1" * 90_000 + " ago",
    "byline_colons": "By" + ":" * 99_000,
    "credit_parens": "Photo " + "(a " * 33_000,
    "credit_key": "a Photo: " * 11_000,
    "dateline_caps": "A" * 99_000 + " text follows here.",
    "dateline_words": "ATHENS, Greece" + " Aa" * 33_000,
    "counter": "1 / " * 25_000,
    "bullets": "1. " + " " * 99_000 + "x",
    "sentence_end": "." * 99_000,
    "credit_after_sentence": ". x/" * 25_000,
    "time_letters": "Updated 1 " + "a" * 99_000,
}


@pytest.mark.parametrize("name", sorted(ATTACK_LINES))
def test_regex_attack_lines_in_an_article_finish_well_inside_the_limit(name):
    line = ATTACK_LINES[name]
    page = f"Talks on pension reform to resume next week\n\n{line}\n\nBy Jane Doe\n\n{line}\n\n" + "\n\n".join(PARAS)
    for fmt, data in (("text", page.encode()), ("html", _as_html(page).encode())):
        result, seconds = run(data, f"attack-{name}.{fmt}", limit=ATTACK_LIMIT_S, fetched_at=FETCHED)
        assert "timeout" not in reasons(result), f"{name} ({fmt}) used the whole {ATTACK_LIMIT_S} s"


def test_json_ld_of_blank_lines_is_read_in_linear_time():
    """blocks/metadata.py retried a broken JSON-LD without "//" lines; ^\\s* crossed lines: quadratic."""
    script = '<script type="application/ld+json">{"headline": "x",' + "\n" * 200_000 + "oops}</script>"
    page = f"<html><head>{script}</head><body><h1>Pension talks</h1>" + "".join(f"<p>{p}</p>" for p in PARAS)
    result = run((page + "</body></html>").encode(), "jsonld.html", limit=ATTACK_LIMIT_S)[0]
    assert "timeout" not in reasons(result)


def _as_html(page: str) -> str:
    return "<html><body>" + "".join(f"<p>{part}</p>" for part in page.split("\n\n")) + "</body></html>"


# --- the time limit itself ----------------------------------------------------------------------

def test_timeout_is_an_error_record_and_the_next_page_runs():
    seed = SEED.read_bytes()
    slow = extract(seed * 20, Options(timeout_s=0.01), uri="slow.txt")
    assert reasons(slow) == ["timeout"] and slow.articles == []
    assert len(extract(seed, Options(timeout_s=PAGE_TIMEOUT_S), uri="next.txt").articles) >= 5


# --- the command line ---------------------------------------------------------------------------

def test_cli_timeout_and_max_page_bytes(tmp_path):
    page = tmp_path / "seed.txt"
    page.write_bytes(SEED.read_bytes())
    for flag, value, reason in (("--timeout", "0.001", "timeout"), ("--max-page-bytes", "1000", "too_large")):
        # one page: its failure is one line on stderr; -f jsonl (like --out-dir, --db) keeps its record
        proc = subprocess.run([sys.executable, "-m", "dateline.cli", "extract", str(page), flag, value],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert f" {reason}: " in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
        assert "Traceback" not in proc.stderr
        proc = subprocess.run([sys.executable, "-m", "dateline.cli", "extract", str(page), flag, value, "-f", "jsonl"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1 and f'"reason": "{reason}"' in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "dateline.cli", "extract", str(page), "--timeout", "-1"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


# --- what the fuzzers found ---------------------------------------------------------------------

REGRESSIONS = sorted((Path(__file__).parent / "data" / "fuzz_regressions").glob("*-*"))


def test_fuzz_regressions_are_kept():
    assert REGRESSIONS, "tests/data/fuzz_regressions/ holds the inputs atheris found (fuzz/README.md)"


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda p: p.name)
def test_fuzz_regression_gives_a_valid_result(path):
    """<kind>-<sha1 prefix>: an input that once broke the contract on the <kind> path (fuzz/README.md)."""
    kind, data = path.name.split("-")[0], path.read_bytes()
    options = options_for(data, kind).with_(timeout_s=PAGE_TIMEOUT_S)  # as the fuzzer ran it, but with a limit
    t0 = time.perf_counter()
    result = extract(data, options, uri=f"regression.{kind}")
    assert time.perf_counter() - t0 < PAGE_TIMEOUT_S + SLACK_S
    check_page_result(result)


# --- impossible dates (the text fuzzer's two slow 8 KB pages: "60. Juni 2025" under a headline) ------

def counted_dateparser(monkeypatch) -> list[str]:
    """The real dateparser.parse, counting its calls: each one tries ~200 locales (~0.1 s), and the first
    loads them all (~9 s)."""
    import dateparser

    calls: list[str] = []
    real = dateparser.parse

    def parse(s, *args, **kwargs):
        calls.append(s)
        return real(s, *args, **kwargs)

    monkeypatch.setattr(dateparser, "parse", parse)
    return calls


def test_impossible_dates_never_reach_dateparser(monkeypatch):
    """Work bounded by counting: a date form this package reads whose numbers make no date is no date,
    without a locale search; before, each such line cost a dateparser call (9 s for the first in a worker)."""
    from dateline.fields.times import _parse_date

    calls = counted_dateparser(monkeypatch)
    in_process = Options(input_format="text", timeout_s=0, max_page_memory=0)
    for name in ("text-e8605c4d31f10e5c", "text-4400176f960682d6"):
        check_page_result(extract((REGRESSIONS[0].parent / name).read_bytes(), in_process))
    impossible = [f"{32 + i % 68}. Juni 2025" for i in range(100)] + [f"{13 + i % 18}.{13 + i % 80}.{1990 + i}"
                                                                for i in range(100)]
    page = "Talks on pension reform\n\n" + "\n\n".join(f"{d}\n\n{PARAS[i % 3]}" for i, d in enumerate(impossible))
    check_page_result(extract(page.encode(), in_process))
    assert all(_parse_date(d) is None for d in impossible)
    assert calls == []
    # a month first where the day cannot be a month, as dateparser read it before
    assert _parse_date("06.18.2025") == "2025-06-18" and calls == []
    # and what no form here reads still goes to dateparser: the count above is not blind
    _parse_date("5 Brumaire 2025")
    assert calls == ["5 Brumaire 2025"]
