"""The text body's context model (layout/context.py): its features read what they say, and on a page of one
story it takes in the article's lines the two body models dropped (wide_text._context_reading), while a
page of several stories reads as it did without it."""
import gzip
import json
import shutil

import numpy as np
import pytest
from hypothesis import given, strategies as st

from conftest import DEV
from dateline import Options, extract
from dateline.layout.context import (FAR, INDENT_REACH, _distances, _indent_columns, _window_means, context_features,
                                     context_names)
from dateline.layout.features import feature_names
from dateline.layout.model import BODY_CONTEXT_MODEL, SHIPPED_DIR


@given(st.lists(st.booleans(), min_size=1, max_size=80))
def test_distances_are_to_the_nearest_other_kept_line(mask):
    m = np.array(mask)
    up, down = _distances(m)
    for i in range(len(m)):
        above = [i - j for j in range(i) if m[j]]
        below = [j - i for j in range(i + 1, len(m)) if m[j]]
        assert up[i] == min(above + [FAR])
        assert down[i] == min(below + [FAR])


@given(st.lists(st.floats(0, 1), min_size=1, max_size=40), st.integers(1, 8))
def test_window_means_are_the_means_of_the_lines_around(values, w):
    v = np.array(values)
    words = np.arange(len(v)) % 5  # some lines of no words
    plain, weighted = _window_means(v, w), _window_means(v, w, words.astype(float))
    for i in range(len(v)):
        lo, hi = max(0, i - w), min(len(v), i + w + 1)
        assert plain[i] == pytest.approx(v[lo:hi].mean())
        assert weighted[i] == pytest.approx((v[lo:hi] * words[lo:hi]).sum() / max(1, words[lo:hi].sum()))


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 40), st.booleans()), min_size=1, max_size=60))
def test_indent_columns_are_the_kept_words_share_and_the_step_from_the_main_indent(lines):
    indent = np.array([x[0] for x in lines], dtype=float)
    words = np.array([x[1] for x in lines], dtype=float)
    kept = np.array([x[2] for x in lines]) & (words > 0)
    share, step = _indent_columns(indent, words, kept)
    if not kept.any():
        assert not share.any() and not step.any()
        return
    total = words[kept].sum()
    by_level = {v: words[kept & (indent == v)].sum() / total for v in set(indent[kept])}
    main = max(sorted(by_level), key=lambda v: by_level[v])  # ties: the smallest indent, as np.argmax
    for i in range(len(lines)):
        assert share[i] == pytest.approx(by_level.get(indent[i], 0.0))
        assert step[i] == np.clip(indent[i] - main, -INDENT_REACH, INDENT_REACH)


def test_a_row_per_line_and_a_column_per_name():
    n = 7
    rng = np.random.default_rng(0)
    X = context_features(rng.random(n), rng.random(n), np.arange(n), np.zeros((n, len(feature_names()))))
    assert X.shape == (n, len(context_names()))
    assert context_features(np.zeros(0), np.zeros(0), np.zeros(0), np.zeros((0, 3))).shape == (0, len(context_names()))


@pytest.fixture(scope="module")
def without_context(tmp_path_factory):
    """The shipped models but the context model."""
    d = tmp_path_factory.mktemp("models")
    for f in SHIPPED_DIR.glob("*.json"):
        if f.name != BODY_CONTEXT_MODEL:
            shutil.copy(f, d / f.name)
    return str(d)


def _body(path, models=None) -> list[str]:
    return [p for a in extract(path, Options(models=models)).articles for p in a.body]


def _gold_words(lines: list[str], gold: set[str]) -> int:
    return sum(len(x.split()) for x in lines if x in gold)


def _taken_in(stem: str, lines: tuple[str, ...], without_context) -> tuple[set[str], list[str], list[str]]:
    """The page's gold body and its body without and with the context model, once `lines` are checked to
    be gold, left out without the model and taken in with it."""
    path = DEV / "wcxb" / "text" / f"{stem}.txt.gz"
    gold = {p for a in json.loads((DEV / "wcxb" / "gold" / f"{stem}.gold.json").read_text())["articles"]
            for p in a["body"]}
    before, after = _body(path, without_context), _body(path)
    assert set(lines) <= gold
    assert not set(lines) & set(before)
    assert set(lines) <= set(after)
    return gold, before, after


def test_a_guides_lines_dropped_by_the_two_models_are_taken_in(without_context):
    # a guide to plumbing rates: its section headings and a list of insights between its paragraphs
    gold, before, after = _taken_in("0111", (
        "Average plumbing hourly rates", "Plumbing price list for common jobs",
        "Know your rates: Most plumbers charge $80–$130 per hour, with commercial closer to $100+ per hour.",
        "Step 1: Calculate overhead rate"), without_context)
    taken = [x for x in after if x not in before]
    assert _gold_words(taken, gold) > 2 * (sum(len(x.split()) for x in taken) - _gold_words(taken, gold))


def test_short_lines_set_at_the_articles_indent_are_taken_in(without_context):
    # an essay of one-sentence lines ("Offline is the baseline.") at its paragraphs' indent: line by line
    # they look like a menu's; read against the indent of the lines both models keep, they are the essay's
    gold, _, after = _taken_in("0434", (
        "Offline is the baseline.", "Edge-first does not mean rejecting the cloud.",
        "The cloud exists to coordinate, not to control.", "Applications should be portable."), without_context)
    assert _gold_words(after, gold) > 0.9 * sum(len(x.split()) for x in after)


def test_a_page_of_several_stories_is_not_read_again(without_context):
    # the context model alone takes in the comments and teasers between this page's stories
    path = DEV / "multi" / "text" / "multi-012.txt.gz"
    assert len(extract(path).articles) > 1
    assert _body(path) == _body(path, without_context)


@pytest.mark.shared
def test_the_reading_stops_at_a_comment_thread_that_names_the_story():
    # a sports story whose comments open under "34 responses to “<its headline>”" (more words than a count):
    # read cross-site, the context model took the comments in (scrapinghub/text 0.9169 -> 0.9187 with the stop)
    from conftest import FULL_DEV
    from dateline.blocks.text import text_blocks
    from dateline.layout.labeller import label_blocks
    from dateline.layout.stories import _related_heads, find_stories, reading_stop
    from dateline.read import decode

    path = FULL_DEV / "scrapinghub" / "text" / "8e3efab59f48fd29a1e1e7aa135880c4251a9f090f94999668cdbaec59d30b5a.txt.gz"
    text, _ = decode(gzip.decompress(path.read_bytes()))
    blocks = text_blocks(text)
    feats = label_blocks(blocks)
    (story,) = find_stories(blocks, feats)
    stop = reading_stop(blocks, story, _related_heads(blocks))
    assert blocks[stop].text.startswith("34 responses to")
