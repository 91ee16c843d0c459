"""The dev pages copied into tests/data/dev are the pages of ../shared/data/dev, byte for byte."""
import pytest

from conftest import SHARED
from tools.test_subset import MANIFEST, SUBSET, manifest


def test_every_listed_page_is_in_the_repository():
    names = manifest()
    assert names, f"{MANIFEST} lists no pages"
    on_disk = {str(p.relative_to(SUBSET)) for p in SUBSET.rglob("*") if p.is_file() and p != MANIFEST}
    assert on_disk == set(names)


@pytest.mark.shared
def test_the_copies_equal_their_originals():
    differ = [n for n in manifest() if (SUBSET / n).read_bytes() != (SHARED / "data" / "dev" / n).read_bytes()]
    assert not differ, f"copies that differ from ../shared (run python -m tools.test_subset): {differ}"


@pytest.mark.shared
def test_the_record_contract_in_docs_is_the_agreed_one():
    """docs/record.md opens with ../shared/docs/RECORD.md as agreed (only its title line differs)."""
    from conftest import REPO

    agreed = (SHARED / "docs" / "RECORD.md").read_text(encoding="utf-8").split("\n", 1)[1]
    ours = (REPO / "docs" / "record.md").read_text(encoding="utf-8").split("\n", 1)[1]
    assert ours.startswith(agreed)
