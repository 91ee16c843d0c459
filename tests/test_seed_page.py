"""The seed page: every figure the Foundation issue asks of it, scored by shared/eval/score.py."""


def f1(scores, name):
    return scores[name]["f1"]


def acc(scores, name):
    return scores[name]["accuracy"]


def test_six_stories(seed_scores, seed_result):
    assert len(seed_result.articles) == 6
    assert f1(seed_scores, "articles") == 1.0


def test_headline_dateline_updated_all_right(seed_scores):
    for field in ("headline", "dateline", "updated_text", "kicker"):
        assert acc(seed_scores, field) == 1.0, field
        assert seed_scores[field]["n"] == 6


def test_body(seed_scores):
    assert f1(seed_scores, "body") >= 0.98


def test_highlights(seed_scores):
    assert f1(seed_scores, "highlights") >= 0.95


def test_captions_and_credits(seed_scores):
    assert f1(seed_scores, "captions") >= 0.95
    assert acc(seed_scores, "caption_credit") >= 0.95


def test_sidebars_found_and_typed(seed_scores, seed_result):
    assert f1(seed_scores, "sidebars") == 1.0
    assert acc(seed_scores, "sidebar_kind") == 1.0
    bio = next(s for a in seed_result.articles for s in a.sidebars if s.kind == "bio")
    assert bio.fields["Year of birth"] == "1954"


def test_widgets_appear_in_no_field(seed_result):
    import json

    text = json.dumps([a.body + a.highlights + [a.headline or ""] for a in seed_result.articles])
    for widget in ("Short Url", "Follow\"", "1 / 2", "(Opinion field)"):
        assert widget not in text


def test_relative_times_resolve_against_fetch_time():
    from datetime import datetime, timezone

    from dateline import Options, extract
    from tests.conftest import SEED

    fetched = datetime(2025, 2, 2, 12, 0, 0, tzinfo=timezone.utc)
    r = extract(SEED, Options(fetched_at=fetched))
    syria = next(a for a in r.articles if a.updated_text == "Updated 20 sec ago")
    assert syria.updated == "2025-02-02T11:59:40+00:00"
    explosive = next(a for a in r.articles if a.updated_text == "Updated 5 min 5 sec ago")
    assert explosive.updated == "2025-02-02T11:54:55+00:00"
    # absolute ones do not depend on the fetch time
    assert next(a for a in r.articles if a.updated_text == "Updated 07 July 2024").updated == "2024-07-07"


def test_provenance_points_at_the_page(seed_result):
    from tests.conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    for a in seed_result.articles:
        for para, spans in zip(a.body, a.provenance["body"]):
            s = spans[0]
            assert " ".join(text[s.start:s.end].split()) == para
            assert text.splitlines()[s.line - 1].strip().endswith(para[-20:].strip())
