"""The text body's page choice (layout/model.py) on real dev pages: on a page whose long lines only the
wide body model keeps hold 30% of the kept words, the wide model reads the lines from the first
to the last the two models' mean keeps; the lines above, so the story's start and headline, and those
below stay as the mean reads them. And a site's notice on cookies and consent, set among the paragraphs,
and its appeal to its readers closing the text, left out of the body."""
import json

import pytest

from conftest import DEV, FULL_DEV
from dateline import Options
from dateline.pipeline import extract  # in this process: averaged_body() holds for the extraction
from dateline.blocks.text import text_blocks
from dateline.layout.features import block_features
from dateline.layout.model import BODY_ALL_MODEL, BODY_MODEL, _wide_page, averaged_body, load_model
from dateline.read import decode

TEXT = Options(nlp="off", input_format="text")
GUIDE = DEV / "wcxb" / "text" / "1628.txt.gz"  # a ranking guide: sixteen programmes, each a few paragraphs
NEWS = DEV / "fundus" / "text" / "at__DiePresse_2025_06_05.txt.gz"


def fired(path) -> bool:
    import gzip

    blocks = text_blocks(decode(gzip.decompress(path.read_bytes()))[0])
    X = block_features(blocks)
    return _wide_page(blocks, load_model(BODY_MODEL).predict_proba(X), load_model(BODY_ALL_MODEL).predict_proba(X))


def shingles(paragraphs) -> set:
    words = " ".join(paragraphs).casefold().split()
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


def gold_kept(path, articles) -> float:
    """The share of the gold body's runs of four words that the body holds (as the scorer reads it)."""
    gold = json.loads((path.parents[1] / "gold" / (path.name.split(".")[0] + ".gold.json")).read_text())
    want = shingles(p for a in gold["articles"] for p in a["body"])
    return len(want & shingles(p for a in articles for p in a.body)) / len(want)


def test_a_guide_is_read_by_the_wide_model_under_its_header():
    assert fired(GUIDE)
    with averaged_body():
        before = extract(GUIDE, TEXT).articles
    after = extract(GUIDE, TEXT).articles
    assert gold_kept(GUIDE, after) > gold_kept(GUIDE, before) + 0.05
    assert [a.headline for a in after] == [a.headline for a in before]


@pytest.mark.shared
def test_a_news_page_keeps_the_mean(tmp_path):
    import shutil

    from dateline.layout.model import BODY_CONTEXT_MODEL, SHIPPED_DIR

    assert not fired(NEWS)
    for f in SHIPPED_DIR.glob("*.json"):  # the page choice alone: the context model reads one-story pages too
        if f.name != BODY_CONTEXT_MODEL:
            shutil.copy(f, tmp_path / f.name)
    without_context = Options(nlp="off", input_format="text", models=str(tmp_path))
    with averaged_body():
        before = extract(NEWS, without_context).to_dict()["articles"]
    assert extract(NEWS, without_context).to_dict()["articles"] == before
    # with it, the page's one change is a section heading between its paragraphs, which the gold holds
    (art,) = extract(NEWS, TEXT).articles
    assert [p for p in art.body if p not in before[0]["body"]] == ["Sie werden nicht verschwinden"]
    gold = json.loads((FULL_DEV / "fundus" / "gold" / "at__DiePresse_2025_06_05.gold.json").read_text())
    assert "Sie werden nicht verschwinden" in gold["articles"][0]["body"]


def test_a_consent_notice_among_the_paragraphs_is_not_body():
    page = DEV / "fundus" / "text" / "de__DieWelt_2023_04_28.txt.gz"
    (art,) = extract(page, TEXT).articles
    assert len(art.body) >= 10
    assert not [p for p in art.body if "Einwilligung" in p]  # "… deine widerrufliche Einwilligung …
    # in die Übermittlung und Verarbeitung von personenbezogenen Daten notwendig": an embed's placeholder


def test_one_consent_word_is_an_articles_sentence():
    from dateline.lexicon import is_consent_notice

    assert not is_consent_notice("That doesn't mean you can never enjoy a vegan cookie or a plant-based burger.")
    assert not is_consent_notice("These rules require apps to get user consent before they collect anything.")
    assert is_consent_notice("We use cookies to collect information; you may opt out of the sale of your personal "
                             "information at any time.")


def test_the_sites_appeal_closing_the_text_is_not_body():
    # a report closing on the site's appeal ("... frei zugänglichen Journalismus ... unterstützen Sie unsere
    # Aktion"), and a membership drive ("werden Sie Mitglied ... unterstützen uns bei unserer Arbeit")
    for stem, appeal in (("de__Taz_2024_10_23", "Gerade jetzt, wo der Rechtsextremismus weiter erstarkt"),
                         ("il__IsraelNachrichten_2025_04_16", "Sie lesen gerne die Israel-Nachrichten?")):
        (art,) = extract(DEV / "fundus" / "text" / f"{stem}.txt.gz", TEXT).articles
        assert len(art.body) >= 5
        assert not [p for p in art.body if p.startswith(appeal)], stem


def test_one_appeal_concept_is_an_articles_sentence():
    from dateline.lexicon import is_reader_appeal

    assert not is_reader_appeal("Die Spenden für die Flutopfer sollen bis Ende Mai verteilt werden.")
    assert not is_reader_appeal("The independent candidate won the seat by 300 votes.")
    assert is_reader_appeal("Registration is a free and easy way to support our journalism.")
    assert is_reader_appeal("For the latest news, sign up for our newsletters.")
