"""The cross-site evaluation's parts: sites, folds that never let a page's site into its models'
training, and models swapped per extraction without touching the shipped files."""
import shutil

import pytest
from conftest import DEV

from dateline import extract
from dateline.layout.model import SHIPPED_DIR
from dateline.options import Options
from tools.kfold import JOINT, dev_page_sites, fingerprint, fold_plan
from tools.sites import registered_domain


@pytest.mark.parametrize("url, site", [
    ("https://www.bbc.co.uk/news/world-123", "bbc.co.uk"),
    ("https://edition.cnn.com/2024/x.html", "cnn.com"),
    ("https://www.abc.net.au/news/x", "abc.net.au"),
    ("https://someone.substack.com/p/post", "substack.com"),
    ("https://web.archive.org/web/20190717140047/http://www.modabot.de/paris-haute", "modabot.de"),
    ("scratchculinary.com", "scratchculinary.com"),
    (None, None),
])
def test_registered_domain(url, site):
    assert registered_domain(url) == site


@pytest.mark.shared  # the folds are planned over the full dev sets
def test_every_page_is_scored_on_a_fold_that_held_its_sites_out():
    page_fold, held = fold_plan()
    sites = dev_page_sites()
    assert set(page_fold) == set(sites)
    for key, fold in page_fold.items():
        assert set(sites[key]) <= held[fold], key
    # a site is held out by exactly one of the regular folds: trained on by all the others
    regular = [f for f in held if f != JOINT]
    for s in {s for ss in sites.values() for s in ss}:
        assert sum(s in held[f] for f in regular) == 1
    # a page of several stories whose sites fell into different folds goes to the joint fold
    multi = [k for k in page_fold if k[0] == "multi"]
    assert any(page_fold[k] == JOINT for k in multi)
    assert all(len(sites[k]) > 1 for k in page_fold if page_fold[k] == JOINT)


@pytest.mark.shared
def test_folds_are_the_same_every_run_and_about_even():
    a, _ = fold_plan()
    b, _ = fold_plan()
    assert a == b
    sizes = [sum(1 for f in a.values() if f == str(i)) for i in range(5)]
    assert max(sizes) - min(sizes) < 0.15 * max(sizes), sizes
    assert fingerprint() == fingerprint()
    assert fold_plan(seed=1)[0] != a


def test_options_models_swaps_the_learned_models(tmp_path):
    page = DEV / "fundus" / "text" / "at__DiePresse_2025_06_05.txt.gz"
    before = {f.name: f.read_bytes() for f in SHIPPED_DIR.glob("*.json")}
    shipped = extract(page, Options(input_format="text")).to_dict()
    copy = tmp_path / "copy"
    shutil.copytree(SHIPPED_DIR, copy)
    same = extract(page, Options(input_format="text", models=str(copy))).to_dict()
    empty = tmp_path / "none"
    empty.mkdir()
    rules = extract(page, Options(input_format="text", models=str(empty))).to_dict()
    assert same["articles"] == shipped["articles"]
    # without any model file the rule scores stand in, and they read this page otherwise
    assert rules["articles"] != shipped["articles"]
    # and the next extraction without the option is back on the shipped models
    assert extract(page, Options(input_format="text")).to_dict()["articles"] == shipped["articles"]
    assert {f.name: f.read_bytes() for f in SHIPPED_DIR.glob("*.json")} == before
