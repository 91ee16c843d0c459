"""Nothing is lost in silence: a damaged archive says so, and a failure of metadata or NLP costs that
part only, never the articles (the page result's `warnings` say what is missing)."""
import time

from dateline import Options, extract
from dateline.read.page import Page
from dateline.read.warc import BrokenRecord, iter_archive

from tests.conftest import SEED
from tests.test_warc import dev_pages, write_warc

PARAS = "".join(f"<p>The minister said on Tuesday that talks with the unions would continue next week, "
                f"according to officials, in the {i}th round of the dispute.</p>" for i in range(6))


def test_a_warc_cut_inside_a_record_header_ends_in_an_error_record(tmp_path):
    pages = dev_pages("html", 3)
    for gz, signature in ((False, b"WARC/1."), (True, b"\x1f\x8b\x08")):
        whole = tmp_path / f"whole{gz}.warc"
        write_warc(whole, pages, gz=gz, extras=False)
        data = whole.read_bytes()
        last = data.rfind(signature)
        for into in (12, 40, 100):  # inside the last record's header (or its gzip member's)
            cut = tmp_path / f"cut{gz}{into}.warc"
            cut.write_bytes(data[:last + into])
            read = list(iter_archive(cut, 1 << 30))
            assert [type(r) for r in read] == [Page, Page, BrokenRecord], (gz, into)
            assert read[-1].error.reason == "bad_archive"
        assert all(isinstance(r, Page) for r in iter_archive(whole, 1 << 30))  # a whole one reads whole


def test_metadata_nested_1500_deep_costs_the_metadata_not_the_article():
    jsonld = '<script type="application/ld+json">' + "[" * 1500 + "]" * 1500 + "</script>"
    html = f"<html><head>{jsonld}</head><body><h1>Talks go on</h1>{PARAS}</body></html>"
    r = extract(html.encode(), Options(input_format="html", nlp="off"))
    assert r.errors == [] and len(r.articles) == 1
    assert [w.split(":")[0] for w in r.warnings] == ["metadata_failed"]


def test_nlp_past_the_time_limit_keeps_the_articles():
    """A long article with --nlp full: the stories stand, the NLP that did not finish is a warning."""
    paras = SEED.read_text().split("\n\n")[5:40]
    # forty rounds of the seed's paragraphs, each line made its own (a repeated line is not body twice)
    page = "Talks go on\n\n" + "\n\n".join(
        "\n\n".join(f"In round {i}, {p}" if len(p) > 80 else p for p in paras) for i in range(40))

    def timed(nlp, limit=0.0):
        start = time.perf_counter()
        r = extract(page.encode(), Options(input_format="text", nlp=nlp, timeout_s=limit))
        return r, time.perf_counter() - start

    timed("full", 120)  # the worker loads spaCy's model once
    found, finding = timed("off", 120)
    whole = timed("full", 120)[1]
    assert whole > finding + 1, (finding, whole)  # the NLP is most of the work on this page
    outcomes = []
    for share in (0.5, 0.3, 0.7):  # limits between the end of finding and the end of the NLP
        limit = finding + share * (whole - finding)
        r, took = timed("full", limit)
        assert took < limit + 2 + 5
        outcomes.append(([e.reason for e in r.errors], r.warnings[:1]))
        if any(w.startswith("nlp_timeout") for w in r.warnings):
            # the stories found stand as they were found; those the NLP did not reach have none of it
            assert r.errors == [] and [a.headline for a in r.articles] == [a.headline for a in found.articles]
            cut = [a for a in r.articles if a.nlp == "off"]
            assert cut and all(a.body and not a.quotes for a in cut)
            return
    raise AssertionError(f"no limit fell inside the NLP: finding {finding:.2f} s, all {whole:.2f} s, {outcomes}")


def test_cut_tags_are_a_warning():
    r = extract(("<div>" * 2_000 + "<h1>Talks go on</h1>" + PARAS).encode(), Options(input_format="html", nlp="off"))
    assert r.errors == [] and [w.split(":")[0] for w in r.warnings] == ["tags_cut"]


TEXT_ARTICLE = ("Talks on pension reform to resume next week\n\nBy Jane Doe\n\n" + "\n\n".join(
    f"The finance minister said on Tuesday that talks with the unions would continue next week, according to "
    f"officials who attended round {i} of the meeting in the capital." for i in range(8)))


def test_lines_past_the_line_limit_are_a_warning_on_both_paths():
    text = TEXT_ARTICLE + "\n\n" + "\n".join(f"More line {i}" for i in range(300))
    r = extract(text.encode(), Options(input_format="text", nlp="off", max_lines=40))
    assert r.errors == [] and r.articles
    assert [w.split(":")[0] for w in r.warnings] == ["lines_cut"]
    assert f"limit of 40 lines; {len(text.splitlines()) - 40} more" in r.warnings[0]
    more = "".join(f"<p>More {i}</p>" for i in range(300))
    html = f"<html><body><h1>Talks go on</h1>{PARAS}{more}</body></html>"
    r = extract(html.encode(), Options(input_format="html", nlp="off", max_lines=20))
    assert r.errors == [] and [w.split(":")[0] for w in r.warnings] == ["lines_cut"]
    whole = extract(TEXT_ARTICLE.encode(), Options(input_format="text", nlp="off"))
    assert whole.warnings == []  # a page inside the limits has nothing to say


def test_a_line_past_the_length_limit_is_a_warning_on_both_paths():
    long_line = "word " * 2_000
    r = extract((TEXT_ARTICLE + "\n\n" + long_line).encode(),
                Options(input_format="text", nlp="off", max_line_chars=5_000))
    assert [w.split(":")[0] for w in r.warnings] == ["line_chars_cut"] and "1 line(s)" in r.warnings[0]
    html = f"<html><body><h1>Talks go on</h1>{PARAS}<p>{long_line}</p></body></html>"
    r = extract(html.encode(), Options(input_format="html", nlp="off", max_line_chars=5_000))
    assert [w.split(":")[0] for w in r.warnings] == ["line_chars_cut"]


def test_a_paragraph_past_the_nlp_length_is_a_warning():
    from dateline.nlp import MAX_PARAGRAPH_CHARS

    para = ("The minister said the talks would go on and the unions agreed to meet again next week. "
            * (MAX_PARAGRAPH_CHARS // 80 + 10))
    r = extract((TEXT_ARTICLE + "\n\n" + para).encode(), Options(input_format="text", nlp="fast"))
    assert r.errors == [] and r.articles and r.articles[0].nlp == "fast"
    assert [w.split(":")[0] for w in r.warnings] == ["nlp_paragraphs_cut"]
