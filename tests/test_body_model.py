"""The learned HTML body model (layout/dom_model.py) and the numpy tree walk it runs on."""
import json

import numpy as np
import pytest

from conftest import DEV
from dateline import Options
from dateline.blocks import count_repeats
from dateline.blocks.html import html_blocks
from dateline.layout.dom import dom_evidence
from dateline.layout.dom_model import (DOM_MODEL, MODEL_PATH, RULE_WEIGHT, dom_features, dom_model_scores,
                                      feature_names, in_play)
from dateline.layout.features import block_features
from dateline.layout.model import BODY_MODEL, SHIPPED_DIR, TreeEnsemble, load_model, using_models
from dateline.read import decode, read_path


def page_blocks(path):
    page = read_path(path, "html")
    page.text, page.encoding = decode(page.data, page.declared_charset, is_html=True)
    blocks, _ = html_blocks(page, Options())
    count_repeats(blocks)
    return blocks


PAGE = DEV / "fundus" / "html" / "at__DiePresse_2025_06_05.html.gz"


def test_features_of_some_blocks_are_their_rows_of_all_blocks():
    blocks = page_blocks(PAGE)
    ev = dom_evidence(blocks)
    whole = dom_features(blocks, ev)
    assert whole.shape == (len(blocks), len(feature_names()))
    rows = in_play(blocks, ev)
    assert 0 < len(rows) < len(blocks)  # the page's menus and link lists are left to the rule
    assert np.array_equal(dom_features(blocks, ev, rows), whole[rows])
    some = np.arange(0, len(blocks), 7)
    assert np.array_equal(dom_features(blocks, ev, some), whole[some])


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    """The shipped HTML body model's directory, or, while none is shipped, a small model trained as
    tools/bodymodel trains (on the blocks in play; labelled here by the rule's calls on two fundus pages)
    in a models directory of its own."""
    from tools.train import export, fit_gbdt, save

    if MODEL_PATH.is_file():
        return MODEL_PATH.parent
    Xs, ys = [], []
    for name in ("de__AFPFaktencheck_2026_05_24", "at__DiePresse_2025_06_05"):
        blocks = page_blocks(DEV / "fundus" / "html" / f"{name}.html.gz")
        ev = dom_evidence(blocks)
        rows = in_play(blocks, ev)
        Xs.append(dom_features(blocks, ev, rows))
        ys.append((np.asarray(ev.scores)[rows] >= 0.5).astype(int))
    X, y = np.vstack(Xs), np.concatenate(ys)
    spec = export(fit_gbdt(dict(max_iter=20, max_depth=4, min_samples_leaf=5, random_state=0), X, y), X.shape[1])
    spec["features"] = feature_names()
    out = tmp_path_factory.mktemp("models")
    save(spec, out / DOM_MODEL)
    return out


def test_the_model_reads_these_features_and_keeps_the_rule_out_of_play(small_model, tmp_path):
    blocks = page_blocks(PAGE)
    ev = dom_evidence(blocks)
    with using_models(small_model):
        model = load_model(DOM_MODEL, tuple(feature_names()))
        assert model is not None
        scores = dom_model_scores(blocks, ev, blend=False)
        # the model's and the rule's mean
        rows = in_play(blocks, ev)
        p = model.predict_proba(dom_features(blocks, ev, rows))
        assert np.allclose(scores[rows], p)
        rule = np.asarray(ev.scores)[rows]
        assert np.allclose(dom_model_scores(blocks, ev)[rows], (1 - RULE_WEIGHT) * p + RULE_WEIGHT * rule)
    # no model in the models directory: the rule stands
    with using_models(tmp_path):
        assert dom_model_scores(blocks, ev) is None
    rows = in_play(blocks, ev)
    out = np.setdiff1d(np.arange(len(blocks)), rows)
    assert np.array_equal(scores[out], np.asarray(ev.scores)[out])
    assert ((scores >= 0) & (scores <= 1)).all()
    # the article's paragraphs are body, its navigation is not
    paragraphs = [i for i, b in enumerate(blocks) if b.tag == "p" and b.words >= 25 and b.dom["links"] < 0.2
                  and "article" in b.dom["tags"]]
    nav = [i for i, b in enumerate(blocks) if "nav" in b.dom["tags"]]
    assert paragraphs and nav
    assert np.mean(scores[paragraphs] >= 0.5) >= 0.9
    assert not (scores[nav] >= 0.5).any()


def walk(spec: dict, x: np.ndarray) -> float:
    """The ensemble's probability for one row, one tree and one node at a time."""
    raw = spec["baseline"]
    for t in spec["trees"]:
        k = 0
        while not t["leaf"][k]:
            v = x[t["feature"][k]]
            left = t["missing_left"][k] if np.isnan(v) else v <= t["threshold"][k]
            k = t["left"][k] if left else t["right"][k]
        raw += t["value"][k]
    return 1 / (1 + np.exp(-raw))


@pytest.mark.parametrize("name", [BODY_MODEL, DOM_MODEL])
def test_the_vectorised_walk_is_the_plain_walk(name, small_model):
    path = (SHIPPED_DIR if name == BODY_MODEL else small_model) / name
    spec = json.loads(path.read_text())
    model = TreeEnsemble(spec)
    blocks = page_blocks(PAGE)
    X = (dom_features(blocks, dom_evidence(blocks)) if name == DOM_MODEL else block_features(blocks))[::5]
    assert X.shape[1] == len(spec["features"])
    got = model.predict_proba(X)
    assert np.allclose(got, [walk(spec, x) for x in X])
    X[::2, ::3] = np.nan  # missing values go where the training sent them
    assert np.allclose(model.predict_proba(X), [walk(spec, x) for x in X])


def test_a_model_that_keeps_nothing_leaves_the_rules_article(tmp_path):
    """The labeller takes the model's scores unless they would leave a page the rule holds an article on
    without one: a model file whose one leaf says "not body" to every block changes nothing there."""
    from dateline.layout.labeller import _html_scores

    nothing = {"kind": "gbdt-binary", "features": feature_names(), "baseline": -9.0, "max_depth": 1,
               "trees": [{"feature": [0], "threshold": [0.0], "left": [0], "right": [0], "leaf": [True],
                          "value": [0.0], "missing_left": [True]}]}
    (tmp_path / DOM_MODEL).write_text(json.dumps(nothing))
    blocks = page_blocks(PAGE)
    rule = dom_evidence(blocks).scores
    with using_models(tmp_path):
        assert (dom_model_scores(blocks, dom_evidence(blocks), blend=False)[in_play(blocks, dom_evidence(blocks))]
                < 0.01).all()
        assert _html_scores(blocks, [b.words for b in blocks]) == rule
