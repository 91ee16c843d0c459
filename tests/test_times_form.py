"""Times in one form (issue 17): ISO 8601 with the page's offset, UTC when it gave none (noted), a
date alone kept a date, the printed text in *_text."""
from dateline import Options, extract
from dateline.fields.times import iso_time


def test_iso_time_forms():
    assert iso_time("2025-01-02T10:00:00.488Z") == ("2025-01-02T10:00:00+00:00", False)
    assert iso_time("2025-01-02T10:00:00+02:00") == ("2025-01-02T10:00:00+02:00", False)
    assert iso_time("2025-01-02T10:00") == ("2025-01-02T10:00:00+00:00", True)
    assert iso_time("2019-11-19") == ("2019-11-19", False)
    assert iso_time(None) == (None, False)


BODY = "".join(f"<p>{'The council met again on Tuesday to weigh the plan for the river crossing. ' * 3}</p>"
               for _ in range(6))


def _page(published: str) -> str:
    return (f'<html><head><title>Bridge plan</title><meta property="article:published_time" content="{published}">'
            f"</head><body><article><h1>Council weighs the river crossing plan</h1>{BODY}</article></body></html>")


def test_a_page_time_in_the_record_has_its_offset_and_a_naive_one_is_noted():
    r = extract(_page("2025-03-04T05:06:07.123Z"), Options(nlp="off"))
    assert r.articles and r.articles[0].published == "2025-03-04T05:06:07+00:00"
    assert not any(w.startswith("times_utc") for w in r.warnings)
    r = extract(_page("2025-03-04T05:06:07"), Options(nlp="off"))
    assert r.articles[0].published == "2025-03-04T05:06:07+00:00"
    assert any(w.startswith("times_utc") for w in r.warnings)
