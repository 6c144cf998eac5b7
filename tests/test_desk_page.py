"""The desk's page in Chromium (Debian's, through Playwright): paste, a url from a loopback site,
a file, keyboard only, nothing an article holds runs as markup, and axe-core finds nothing serious."""

from __future__ import annotations

import re
import shutil

import pytest
from test_desk_support import ARTICLE_PAGE, loopback_site, running_desk

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not shutil.which(CHROMIUM):
    pytest.skip("no Chromium installed (apt-get install chromium)", allow_module_level=True)

TEXT = (
    "Kabinet valt over asielwet\n\n"
    "Het kabinet is dinsdag gevallen over de nieuwe asielwet. "
    '"Dit is een zwarte dag", zei premier Schoof in Den Haag. '
    "De coalitie kon het niet eens worden over de gezinshereniging.\n\n"
    "Er komen in het najaar nieuwe verkiezingen. <img src=x onerror=\"document.title='pwned'\"> stond in de tekst."
)


@pytest.fixture(scope="module")
def desk():
    with running_desk() as running, loopback_site({"/artikel": (200, "text/html; charset=utf-8", ARTICLE_PAGE.encode())}) as site:
        running.site = site  # type: ignore[attr-defined]
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, desk):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(desk.url + "/")
    yield page
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def _done(page) -> None:
    # Locators, not wait_for_function: the page's CSP (rightly) forbids the eval that needs.
    sync_api.expect(page.locator("#status")).to_have_text(re.compile(r"^Done"), timeout=20_000)


def _tab_to(page, element_id: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_paste_keyboard_only_side_by_side_and_copy(page, desk):
    assert not page.locator("#key-row").is_visible()  # no key asked for where none is needed
    _tab_to(page, "text")
    page.keyboard.insert_text(TEXT)
    page.keyboard.press("Control+Enter")
    _done(page)
    rows = page.locator("#rows .row:not(.heading)")
    assert rows.count() >= 4
    first = rows.nth(0)
    assert first.locator("p[lang=nl]").inner_text().startswith("Het kabinet is dinsdag gevallen")
    assert first.locator("p[lang=en]").inner_text().startswith("[en] Het kabinet")
    assert page.locator("#title-en").inner_text() == "[en] Kabinet valt over asielwet"
    # The quote, with its speaker; QA flags and "check first" on the rows that have them.
    assert "Schoof" in page.locator("#quote-list").inner_text()
    assert page.locator("#rows mark.q").count() >= 1
    # Hostile text stays text: no element, no script ran.
    assert page.locator("#rows img").count() == 0
    assert "onerror" in page.locator("#rows").inner_text()
    assert page.title() != "pwned"
    # Focus moved to the result; the views, copy and downloads are reachable by keyboard.
    assert page.evaluate("document.activeElement.id") == "result"
    _tab_to(page, "copy")
    page.keyboard.press("Enter")
    sync_api.expect(page.locator("#status")).to_have_text("English copied.")
    href = page.locator("#dl-md").get_attribute("href")
    assert href and href.startswith("/t/") and href.endswith(".md")
    # The reading view: English only hides the Dutch column (the briefing's CSS).
    page.locator("label[for=view-en]").click()
    assert not page.locator("#rows .row p[lang=nl]").first.is_visible()
    # Listed under recent translations, and opened again from there.
    assert "Kabinet valt over asielwet" in page.locator("#recent").inner_text()


def test_url_from_a_loopback_site(page, desk):
    page.fill("#url", desk.site + "/artikel")
    page.click("#go")
    _done(page)
    assert page.locator("#title-nl").inner_text() == "Poetin bezoekt Noord-Korea"
    assert page.locator("#rows .row").count() >= 6


def test_a_file(page, desk, tmp_path):
    path = tmp_path / "bericht.txt"
    path.write_text("date: 2024-06-18\ntitle: Storm op de Noordzee\n\nDe storm raasde de hele nacht. Veerboten bleven in de haven.\n",
                    encoding="utf-8")
    page.set_input_files("#file", str(path))
    page.click("#go")
    _done(page)
    assert page.locator("#title-en").inner_text() == "[en] Storm op de Noordzee"
    assert page.locator("#meta").inner_text().startswith("2024-06-18")


def test_errors_are_shown_not_thrown(page):
    page.click("#go")
    assert "Paste Dutch text" in page.locator("#status").inner_text()
    page.fill("#url", "ftp://example.org/x")
    page.click("#go")
    sync_api.expect(page.locator("#status.error")).to_contain_text("only http and https")


def test_axe_finds_nothing_serious(page):
    from axe_playwright_python.sync_playwright import Axe

    page.fill("#text", TEXT)
    page.click("#go")
    _done(page)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def test_the_api_docs_render_offline_from_the_desk_itself(browser, desk):
    """/docs is Swagger UI served by the desk (the swagger-ui-bundle package), not from a CDN:
    it renders with no request leaving the machine and nothing refused by its CSP."""
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(desk.url + "/docs")
    sync_api.expect(page.locator(".swagger-ui .info .title")).to_contain_text("briefing translation desk", timeout=20_000)
    sync_api.expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible()
    context.close()
    assert hosts == {desk.url.split("/")[2]}, hosts
    assert not [e for e in errors if "Content Security Policy" in e], errors
