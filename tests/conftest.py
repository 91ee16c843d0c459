"""Where the tests find their pages.

The sample page and its gold are in examples/; the dev pages the tests name are a fixed subset of
../shared/data/dev copied into tests/data/dev (tools/test_subset.py makes it; tests/test_subset.py checks it
against its originals). Tests that need the full dev sets or the scorer (../shared/eval/score.py) are
marked `shared`: without ../shared they are skipped, and say why, unless DATELINE_REQUIRE_SHARED=1
(as .ci/run sets), under which a missing ../shared fails the run.
"""
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
SEED = REPO / "examples" / "000_dd97cf2f0526c415.txt"
SEED_GOLD = REPO / "examples" / "000_dd97cf2f0526c415.gold.json"
# the subset; tools/test_subset.py --collect points this at the full sets to see which pages the tests read
DEV = Path(os.environ.get("DATELINE_TEST_DEV", REPO / "tests" / "data" / "dev"))
FULL_DEV = SHARED / "data" / "dev"  # for tests marked `shared` only
HAVE_SHARED = (SHARED / "data" / "dev").is_dir() and (SHARED / "eval" / "score.py").is_file()
REQUIRE_SHARED = os.environ.get("DATELINE_REQUIRE_SHARED") == "1"
NO_SHARED = (f"needs ../shared (the full dev sets and eval/score.py), which is not at {SHARED}; "
             "set DATELINE_SHARED to its path to run it")


def pytest_configure(config):
    if REQUIRE_SHARED and not HAVE_SHARED:
        raise pytest.UsageError(f"DATELINE_REQUIRE_SHARED=1, but {NO_SHARED}")


def pytest_collection_modifyitems(config, items):
    if HAVE_SHARED:
        return
    skip = pytest.mark.skip(reason=NO_SHARED)
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def scorer():
    if not HAVE_SHARED:
        pytest.skip(NO_SHARED)
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


def wcxb_kept_and_gold(stem: str, lines: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Which of the lines a wcxb HTML page's body keeps, and which its gold body holds."""
    import json

    from dateline import extract

    body = {p for a in extract(DEV / "wcxb" / "html" / f"{stem}.html.gz").articles for p in a.body}
    gold = json.loads((DEV / "wcxb" / "gold" / f"{stem}.gold.json").read_text(encoding="utf-8"))
    gold_body = set(gold["articles"][0]["body"])
    return {h for h in lines if h in body}, {h for h in lines if h in gold_body}
