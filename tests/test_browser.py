"""The explorer in a real browser: Debian's chromium driven by Playwright against a real `dateline serve`.

Screenshots land in tests/artifacts/ (git-ignored) for a person to look at. Run with `-m browser`;
chromium must be at /usr/bin/chromium (`apt-get install chromium`): Playwright never downloads one.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from explorer_support import HOSTILE_SITE, ExplorerServer, build_corpus

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


@pytest.fixture
def page(browser, server):
    """A fresh page that fails the test on any console error (a CSP violation shows up as one) or dialog."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    p = context.new_page()
    problems: list[str] = []
    p.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    p.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield p
    context.close()
    assert not problems, problems


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, "a blank page makes a tiny PNG"
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
    row = db.execute("SELECT v.story_id, q.speaker FROM quotes q JOIN stories s ON s.latest_version = q.version_id "
                     "JOIN versions v ON v.id = q.version_id WHERE q.speaker IS NOT NULL LIMIT 1").fetchone()
    if row is None:
        pytest.skip("the corpus was built with nlp off: no quote has a speaker to follow")
    story_id, speaker = row
    page.goto(f"/story/{story_id}")
    page.locator("a.speaker", has_text=speaker).first.click()
    page.wait_for_url("**/person/*")
    assert page.locator("h1.person").inner_text() == speaker
    assert page.locator("ol.person-quotes li").count() >= 1
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
