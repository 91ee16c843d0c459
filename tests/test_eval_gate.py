"""The evaluation gate: a fixed, fast subset of every dev set, scored by shared/eval/score.py.

These are IN-SAMPLE floors: the shipped models, which were trained on these pages. Training the
cross-site folds takes minutes, too long for every test run; `make eval` gives the cross-site figures
(docs/evaluation.md). The floors in tests/eval_floors.json sit just below the in-sample figures reached
when they were set, so a change that makes extraction worse fails here instead of passing unnoticed;
raise a floor when a change lifts a figure for good.
"""
import json
from pathlib import Path

import pytest

from tools.evaluate import evaluate_set, figure

pytestmark = pytest.mark.shared  # the fast subsets are the first pages of each full dev set

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text())


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    return {name: evaluate_set(name, limit=spec["pages"], out_root=out) for name, spec in FLOORS.items()}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_in_sample_figure_below_its_floor(reports, name):
    rep = reports[name]
    assert rep["_run"]["errors"] == 0
    low = {}
    for metric, floor in FLOORS[name]["floors"].items():
        got = figure(rep, metric)
        if got is None or got < floor:
            low[metric] = (got, floor)
    assert not low, f"{name}: below the in-sample floor (got, floor): {low}"
