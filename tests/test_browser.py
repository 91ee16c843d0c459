"""The explorer in a real browser: Debian's chromium driven by Playwright against a real `dateline serve`,
every test at a phone's width (390 px) and a desktop's (1280 px).

Screenshots land in tests/artifacts/ (git-ignored, kept after the run) for a person to look at, named
by page and width. Run with `-m browser`; chromium must be at /usr/bin/chromium (`apt-get install
chromium`): Playwright never downloads one.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest

from explorer_support import HOSTILE_SITE, WARC_URL, ExplorerServer, build_corpus

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server():
    with ExplorerServer(build_corpus()) as s:
        yield s


@pytest.fixture(scope="module")
def db():
    conn = sqlite3.connect(f"file:{build_corpus()}?mode=ro", uri=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


WIDTHS = (390, 1280)  # a phone held upright and a laptop


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def width(request) -> int:
    return request.param


@pytest.fixture
def page(browser, server, width):
    """A fresh page that fails the test on any console error (a CSP violation shows up as one) or dialog."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(base_url=server.url, viewport={"width": width, "height": 900}, accept_downloads=True)
    p = context.new_page()
    problems: list[str] = []
    p.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    p.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield p
    context.close()
    assert not problems, problems


def shot(page, name: str) -> Path:
    """A full-page screenshot, kept; and the page may not be wider than the window (no sideways scroll)."""
    width = page.viewport_size["width"]
    path = ARTIFACTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, "a blank page makes a tiny PNG"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows {width} px"
    return path


def test_search_open_story_open_source(page):
    page.goto("/")
    page.fill("form.quick input[name=q]", "Pezeshkian")
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Pezeshkian")
    first = page.locator("li.result a.headline").first
    assert "Pezeshkian" in first.inner_text()
    assert page.locator("li.result mark").count() >= 1
    shot(page, "search")

    first.click()
    page.wait_for_url("**/story/*")
    assert "Pezeshkian" in page.locator("h1.headline").inner_text()
    assert page.locator("figure.photo").count() >= 1 and page.locator(".box-bio").count() == 1
    # the gallery and the body lay out side by side, not as unstyled text: the stylesheet loaded
    assert page.locator(".columns").evaluate("e => getComputedStyle(e).display") == "grid"
    shot(page, "story")

    page.locator("a.source-link").first.click()
    page.wait_for_url("**/source/*")
    blocks = page.locator(".page-text .block")
    assert blocks.count() > 100
    caption = page.locator(".page-text .block.lab-caption").first
    assert caption.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    shot(page, "source")

    page.locator(".page-text a.field-link", has_text="body[0]").first.click()
    page.wait_for_url("**/story/*")
    assert "Pezeshkian" in page.locator("h1.headline").inner_text()


def test_follow_a_speaker(page, db):
    """"Trump" in a story opens the page of Donald Trump, the one Trump the corpus quotes."""
    story_id, = db.execute("SELECT v.story_id FROM quotes q JOIN stories s ON s.latest_version = q.version_id "
                           "JOIN versions v ON v.id = q.version_id WHERE q.speaker = 'Trump' LIMIT 1").fetchone()
    page.goto(f"/story/{story_id}")
    page.locator("a.speaker", has_text="Trump").first.click()
    page.wait_for_url("**/person/Donald%20Trump")
    assert page.locator("h1.person").inner_text() == "Donald Trump"
    assert "Trump" in page.locator("p.aliases").inner_text()
    assert page.locator("ol.person-quotes li").count() >= 1 and page.locator("figure.chart svg rect.bar").count() >= 1
    shot(page, "person")


def test_hostile_page_runs_nothing(page, db):
    story_id = db.execute("SELECT id FROM stories WHERE headline LIKE '%headline-xss%'").fetchone()[0]
    page.goto(f"/story/{story_id}")
    headline = page.locator("h1.headline").inner_text()
    assert '<script>alert("headline-xss")</script>' in headline
    assert "onerror=alert('caption-xss')" in page.locator("figure.photo .caption").first.inner_text()
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("img").count() == 0, "the caption's <img onerror> stayed text"
    shot(page, "hostile")
    page.goto(f"/search?site={HOSTILE_SITE}")
    assert page.locator("li.result").count() == 1


def test_story_entity_link_opens_its_chart(page, db):
    story_id, name = db.execute(
        "SELECT v.story_id, e.name FROM entities e JOIN stories s ON s.latest_version = e.version_id "
        "JOIN versions v ON v.id = e.version_id WHERE COALESCE(v.published, v.updated) IS NOT NULL "
        "ORDER BY e.mentions DESC LIMIT 1").fetchone()
    page.goto(f"/story/{story_id}")
    page.locator("a.entity", has_text=name).first.click()
    page.wait_for_url("**/entity/*")
    assert name in page.locator("h1.entity-name").inner_text()
    bars = page.locator("figure.chart svg rect.bar")
    assert bars.count() >= 1 and bars.first.bounding_box()["height"] > 0
    shot(page, "entity")


# -- the search as a research tool ----------------------------------------------------------------------

WORD = "the"


def sql_total(db, word: str) -> int:
    return db.execute("SELECT count(*) FROM versions_fts f JOIN stories s ON s.latest_version = f.rowid "
                      "WHERE versions_fts MATCH ?", (f'"{word}"',)).fetchone()[0]


def sql_facet(db, word: str, facet: str) -> dict[str, int]:
    """Stories per value of a facet among the stories matching the word, in plain SQL."""
    hits = ("SELECT f.rowid FROM versions_fts f JOIN stories s ON s.latest_version = f.rowid "
            "WHERE versions_fts MATCH ?")
    sql = {
        "site": f"SELECT so.site, count(DISTINCT ss.story_id) FROM story_sources ss JOIN sources so ON so.id = "
                f"ss.source_id JOIN stories s ON s.id = ss.story_id WHERE s.latest_version IN ({hits}) "
                "AND so.site IS NOT NULL GROUP BY so.site",
        # the facet counts a language once: en-US and en-GB are "en" (the primary subtag)
        "language": f"SELECT lower(CASE WHEN instr(language, '-') > 0 THEN substr(language, 1, instr(language, '-')"
                    f" - 1) ELSE language END) AS lang, count(*) FROM versions WHERE id IN ({hits}) AND language IS "
                    "NOT NULL GROUP BY lang",
        "year": "SELECT substr(COALESCE(published, updated), 1, 4), count(*) FROM versions "
                f"WHERE id IN ({hits}) AND COALESCE(published, updated) IS NOT NULL GROUP BY 1",
        "entity": f"SELECT name, count(DISTINCT version_id) FROM entities WHERE version_id IN ({hits}) "
                  "AND name <> '' GROUP BY name",
    }[facet]
    return dict(db.execute(sql, (f'"{word}"',)).fetchall())


def shown_facets(page, facet: str) -> dict[str, int]:
    links = page.locator(f".facet-{facet} li")
    out = {}
    for i in range(links.count()):
        li = links.nth(i)
        value = li.locator("a.facet-link").get_attribute("data-value")
        out[value] = int(li.locator(".count").inner_text().replace(",", ""))
    return out


def test_search_shows_its_count_and_facet_counts_of_the_database(page, db):
    page.goto(f"/search?q={WORD}")
    total = int(page.locator("p.count .total").inner_text().replace(",", ""))
    assert total == sql_total(db, WORD) > 20
    for facet in ("site", "language", "year", "entity"):
        shown = shown_facets(page, facet)
        truth = sql_facet(db, WORD, facet)
        assert shown and all(truth.get(v, 0) == n for v, n in shown.items() if v != "undated"), facet
    shot(page, "search-facets")


def test_a_facet_click_narrows_the_count(page):
    page.goto(f"/search?q={WORD}")
    before = int(page.locator("p.count .total").inner_text().replace(",", ""))
    link = page.locator(".facet-entity a.facet-link").first
    value = link.get_attribute("data-value")
    count = int(page.locator(".facet-entity li .count").first.inner_text().replace(",", ""))
    link.click()
    page.wait_for_url(f"**/search?q={WORD}&entity=*")
    after = int(page.locator("p.count .total").inner_text().replace(",", ""))
    assert after == count < before
    assert page.locator("li.result").count() == min(after, 20)
    assert value in page.locator(".active-filters").inner_text()
    shot(page, "search-narrowed")
    page.locator(".active-filters a.chip").first.click()  # the filter comes off again
    page.wait_for_url(f"**/search?q={WORD}")
    assert int(page.locator("p.count .total").inner_text().replace(",", "")) == before


def twin_rows(page, query: str) -> list[dict]:
    """Every result of the search, page after page of its JSON twin."""
    rows, n = [], 1
    while True:
        data = page.request.get(f"/search.json?{query}&page={n}").json()
        rows += data["results"]
        if not data["has_next"]:
            return rows
        n += 1


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_the_download_gives_exactly_the_matching_rows(page, kind, tmp_path):
    query = f"q={WORD}&sort=oldest"
    page.goto(f"/search?{query}")
    with page.expect_download() as info:
        page.locator("a.download", has_text="CSV" if kind == "csv" else "JSON Lines").click()
    path = tmp_path / f"results.{kind}"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text))) if kind == "csv" else [json.loads(x) for x in text.splitlines()]
    twin = twin_rows(page, query)
    assert len(twin) > 20, "more than the first page"
    assert [int(r["story_id"]) for r in rows] == [r["story_id"] for r in twin]
    assert [r["headline"] or "" for r in rows] == [r["headline"] or "" for r in twin]


def test_pages_fit_the_window(page, db):
    """No page is wider than the window, at 390 px as at 1280 (the header, the source view's columns,
    tables of sources and versions, charts)."""
    warc_story, = db.execute("SELECT ss.story_id FROM story_sources ss JOIN sources so ON so.id = ss.source_id "
                             "WHERE so.url = ?", (WARC_URL,)).fetchone()
    warc_source, = db.execute("SELECT id FROM sources WHERE url = ?", (WARC_URL,)).fetchone()
    entity, = db.execute("SELECT name FROM entities GROUP BY name ORDER BY count(*) DESC LIMIT 1").fetchone()
    for name, path in (("home", "/"), ("story-original", f"/story/{warc_story}"),
                       ("source-warc", f"/source/{warc_source}"), ("entity-chart", f"/entity/{quote(entity)}"),
                       ("docs", "/docs")):
        page.goto(path)
        shot(page, name)
        if name == "source-warc":  # the page text keeps most of the width, not a sliver beside the labels
            text = page.locator(".page-text .block.lab-body .txt").first.bounding_box()["width"]
            assert text > 0.6 * page.viewport_size["width"], text
    assert page.locator("header.top button").is_visible() and page.locator("header.top a.json").is_visible()
