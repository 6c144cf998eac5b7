"""The HTML briefing as a reader sees it: Debian's Chromium, headless, driven by Playwright.

Skips where Playwright or /usr/bin/chromium is missing (CI installs both). Screenshots go to
$BRIEFING_SCREENSHOTS where it is set (CI keeps that folder as an artifact), else to a pytest
temporary folder: never into the checkout.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

from briefing.build import BuildConfig, build
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update", "--disable-default-apps"]


# Resolved on import, from where pytest was started (each test then runs in a folder of its own).
CONFIGURED_SHOTS = Path(os.environ["BRIEFING_SCREENSHOTS"]).resolve() if os.environ.get("BRIEFING_SCREENSHOTS") else None


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = CONFIGURED_SHOTS or tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("site")
    build(BuildConfig(inputs=[str(SEEDS)], out_dir=out, formats=("html",), translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    return (out / "briefing.html").as_uri()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class Page:
    """A page in a fresh context, with every request and console error it makes recorded."""

    def __init__(self, browser, url: str, width: int = 1280, scheme: str = "light", js: bool = True):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, java_script_enabled=js)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)

    def box(self, selector: str):
        return self.page.locator(selector).first.bounding_box()

    def close(self):
        self.context.close()


FIRST_NL = "main .row p[lang=nl]"
FIRST_EN = "main .row p[lang=en]"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_clean_and_offline(browser, url, shots, width, scheme):
    p = Page(browser, url, width, scheme)
    p.page.screenshot(path=str(shots / f"top-{width}-{scheme}.png"))
    p.page.locator("main article").first.scroll_into_view_if_needed()
    p.page.evaluate("document.querySelector('main article').scrollIntoView()")
    p.page.screenshot(path=str(shots / f"article-{width}-{scheme}.png"))
    assert p.requests == [url], p.requests  # the page itself, nothing else
    assert p.errors == []
    # No text runs out of the page sideways.
    assert p.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    p.close()


def test_rows_are_aligned_side_by_side_on_a_laptop(browser, url):
    p = Page(browser, url, 1280)
    for i in range(10):
        nl = p.page.locator(FIRST_NL).nth(i).bounding_box()
        en = p.page.locator(FIRST_EN).nth(i).bounding_box()
        assert abs(nl["y"] - en["y"]) < 1 and nl["x"] + nl["width"] <= en["x"]
    p.close()


def test_phone_width_interleaves(browser, url):
    p = Page(browser, url, 390)
    nl, en = p.box(FIRST_NL), p.box(FIRST_EN)
    assert en["y"] >= nl["y"] + nl["height"] - 1 and abs(nl["x"] - en["x"]) < 1
    p.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_reading_views(browser, url, js):
    p = Page(browser, url, 1280, js=js)
    page = p.page
    page.click("label[for=view-en]")
    assert not page.locator(FIRST_NL).first.is_visible() and page.locator(FIRST_EN).first.is_visible()
    page.click("label[for=view-nl]")
    assert page.locator(FIRST_NL).first.is_visible() and not page.locator(FIRST_EN).first.is_visible()
    page.click("label[for=view-inter]")
    nl, en = p.box(FIRST_NL), p.box(FIRST_EN)
    assert en["y"] >= nl["y"] + nl["height"] - 1
    page.click("label[for=view-both]")
    nl, en = p.box(FIRST_NL), p.box(FIRST_EN)
    assert abs(nl["y"] - en["y"]) < 1
    assert p.errors == []
    p.close()


def test_the_chosen_view_is_remembered(browser, url):
    p = Page(browser, url, 1280)
    p.page.click("label[for=view-en]")
    p.page.reload()
    assert p.page.is_checked("#view-en")
    assert not p.page.locator(FIRST_NL).first.is_visible()
    p.close()


def test_hovering_a_dutch_sentence_highlights_its_english_counterpart(browser, url):
    p = Page(browser, url, 1280)
    row = p.page.locator("main .row").nth(3)
    english = row.locator("p[lang=en]")
    before = english.evaluate("e => getComputedStyle(e).backgroundColor")
    other = p.page.locator("main .row").nth(4).locator("p[lang=en]")
    row.locator("p[lang=nl]").hover()
    after = english.evaluate("e => getComputedStyle(e).backgroundColor")
    assert after != before
    assert other.evaluate("e => getComputedStyle(e).backgroundColor") == before
    # The keyboard does the same: focus the Dutch sentence.
    p.page.mouse.move(0, 0)
    row.locator("p[lang=nl]").focus()
    assert english.evaluate("e => getComputedStyle(e).backgroundColor") == after
    p.close()


def test_table_of_contents_link_goes_to_the_article(browser, url):
    p = Page(browser, url, 1280)
    link = p.page.locator("nav.toc ol ol a").nth(3)
    target = link.get_attribute("href")
    link.click()
    assert p.page.evaluate("location.hash") == target
    top = p.page.locator(target).bounding_box()["y"]
    assert -1 <= top < 900
    p.close()


def test_key_quotes_link_to_where_they_stand(browser, url):
    p = Page(browser, url, 1280)
    quote = p.page.locator(".key-quotes li a").first
    target = quote.get_attribute("href")
    quote.click()
    row = p.page.locator(target)
    assert row.locator("mark.q.key").count() >= 1
    assert -1 <= row.bounding_box()["y"] < 900
    p.close()


def test_landmarks_headings_and_languages(browser, url):
    p = Page(browser, url, 1280)
    page = p.page
    assert page.locator("header").count() >= 1 and page.locator("nav").count() == 1
    assert page.locator("main").count() == 1 and page.locator("footer").count() == 1
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert page.locator("main .row p:not([lang])").count() == 0
    p.close()


# --- words longer than a line ------------------------------------------------------------------

# 300 characters without a space or hyphen: a pasted token, a url without its spaces, a hashtag run.
LONG_WORD = "".join(f"Woord{i:03d}" for i in range(38))[:300]


@pytest.fixture(scope="module")
def long_word_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long-words")
    (folder / "in").mkdir()
    (folder / "in" / "lang.txt").write_text(
        f"date: 2024-06-19\ntitle: Kop met {LONG_WORD}\nurl: https://example.org/{LONG_WORD}\n\n"
        f"Het woord {LONG_WORD} is lang. Daarna komt een gewone zin over Noord-Korea.\n", encoding="utf-8")
    result = build(BuildConfig(inputs=[str(folder / "in")], out_dir=folder / "out", formats=("html", "eml"),
                               translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    return folder / "out", result.briefing


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_word_wraps_in_the_page(browser, long_word_site, shots, width):
    out, _ = long_word_site
    p = Page(browser, (out / "briefing.html").as_uri(), width)
    row = p.page.locator("main .row").first
    row.scroll_into_view_if_needed()
    p.page.screenshot(path=str(shots / f"long-word-{width}.png"))
    assert p.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    nl, en = row.locator("p[lang=nl]").bounding_box(), row.locator("p[lang=en]").bounding_box()
    assert en["x"] + en["width"] <= width and nl["x"] + nl["width"] <= width
    if width == 1280:  # still side by side, halves of the row
        assert abs(nl["y"] - en["y"]) < 1 and nl["x"] + nl["width"] <= en["x"] and abs(nl["width"] - en["width"]) < 2
    p.close()


def test_a_long_word_keeps_the_mails_english_column_on_screen(browser, long_word_site, shots):
    import email
    from email import policy

    out, _ = long_word_site
    message = email.message_from_bytes((out / "briefing.eml").read_bytes(), policy=policy.default)
    html = message.get_body(("html",)).get_content()
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.set_content(html)
    page.screenshot(path=str(shots / "mail-long-word-1000.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    cells = page.locator("td[lang=en]")
    assert cells.count() >= 2
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box["x"] + box["width"] <= 1000
    context.close()
