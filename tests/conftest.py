import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
SEED = SHARED / "samples" / "000_dd97cf2f0526c415.txt"
SEED_GOLD = SHARED / "samples" / "000_dd97cf2f0526c415.gold.json"
DEV = SHARED / "data" / "dev"


@pytest.fixture(scope="session")
def scorer():
    from tools.evaluate import load_scorer

    return load_scorer()


@pytest.fixture(scope="session")
def seed_result():
    from dateline import extract

    return extract(SEED)


@pytest.fixture(scope="session")
def seed_scores(seed_result, scorer):
    t = scorer.Tally()
    scorer.score_page(seed_result.to_dict(), scorer.load(SEED_GOLD), t)
    return t.report()
