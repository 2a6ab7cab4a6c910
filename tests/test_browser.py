"""The site in a real browser: Debian's Chromium driven by Playwright, over local http
and, where said, from the unzipped offline bundle (file://)."""

from __future__ import annotations

from pathlib import Path

import pytest

import content
from macros.hyphens import SOFT_HYPHEN

from conftest import LANGUAGES, expected_words, search

TEXTS = content.load()

pytestmark = pytest.mark.browser


def _record_requests(page) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return requested


def test_choose_a_language_then_switch(page, site_url: str):
    requested = _record_requests(page)
    page.goto(site_url)
    page.get_by_role("link", name="Lire le guide en français").click()
    page.wait_for_url(f"{site_url}fr/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("link", name="La procédure", exact=True).first.click()
    page.wait_for_url(f"{site_url}fr/procedure/")

    # Material's switcher opens on hover or focus; the link leads to the same page in Dutch.
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="nl"]').click()
    page.wait_for_url(f"{site_url}nl/procedure/")
    assert page.locator("html").get_attribute("lang") == "nl"
    heading = page.get_by_role("heading", level=1).inner_text().replace(SOFT_HYPHEN, "")
    assert heading.startswith("Noodprocedure")

    leaving = [url for url in requested if not url.startswith(site_url)]
    assert leaving == [], "no request may leave the site"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summary_table(page, site_url: str, language: str):
    page.goto(f"{site_url}{language}/procedure/")
    table = page.locator("#summary ~ .cw-summary table")
    cause_header = TEXTS.text("source.summary_cause_heading", language)
    assert table.locator("th").first.inner_text() == cause_header
    assert table.locator("tbody tr").count() == 4, "the four causes of the official summary"
    assert "Checkinatwork" in table.locator("tbody tr").nth(2).inner_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phone_link(page, site_url: str, language: str):
    page.goto(f"{site_url}{language}/contact/")
    call = page.locator('a[href^="tel:"]')
    assert call.count() == 1
    assert call.get_attribute("href") == "tel:+3225115151"
    assert call.inner_text().strip() == TEXTS.text("contact.call", language)
    assert "02 511 51 51" in call.inner_text()
    assert call.is_visible()


def test_the_phone_link_on_a_phone_screen(browser, site_url: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site_url}nl/contact/")
    call = page.locator('a[href^="tel:"]')
    box = call.bounding_box()
    assert box is not None and box["y"] < 740, "the call button is on the first screen"
    assert box["height"] >= 44, "big enough for a thumb"
    context.close()


VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


# A WebAssembly module of no content, compiled as Pyodide compiles its own.
COMPILE = """() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
    .then(() => "compiled", (error) => String(error))"""


def _served(request, served: str) -> tuple[Path, str, str]:
    """(site folder, its base URL, how a page's URL ends) over http or, for "file", from
    the unzipped offline bundle, where every link names its file."""
    if served == "http":
        return request.getfixturevalue("built_site"), request.getfixturevalue("site_url"), "/"
    return request.getfixturevalue("offline_site"), request.getfixturevalue("offline_url"), ".html"


def _page_url(base: str, path: str, ending: str) -> str:
    """The URL of the page at ``path`` ("fr/procedure", "fr/checker/", "" for the root)."""
    if not path or path.endswith("/"):
        return f"{base}{path}" if ending == "/" else f"{base}{path}index.html"
    return f"{base}{path}{ending}"


def _pages_to_visit(site: Path) -> list[str]:
    """Every page but the checker's states, of which the first and an outcome suffice here
    (the checker's own tests walk all of them), as paths for :func:`_page_url`."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        if relative.endswith("index.html"):
            path = relative.removesuffix("index.html")  # "", "fr/", "fr/procedure/"
        else:
            path = relative.removesuffix(".html")  # "fr/procedure" (the bundle)
        if "/checker/" in f"/{path}" and path.count("/") > 2:
            continue
        pages.append(path)
    return [*pages, "fr/checker/cause-company/other_channel-no/contact_time-open/"]


@pytest.mark.parametrize("served", ["http", "file"])
def test_every_page_keeps_to_its_policy_and_to_the_site(browser, request, served: str):
    site, base, ending = _served(request, served)
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    leaving: list[str] = []
    page.on("request", lambda request: request.url.startswith(base) or leaving.append(request.url))
    python_pages = 0
    may_compile = set()
    for relative in _pages_to_visit(site):
        page.goto(_page_url(base, relative, ending))
        # Where Python runs, wait for it: Pyodide's start must break no rule either.
        if page.locator("[data-checker-mode]").count():
            page.wait_for_selector('[data-checker-mode="python"]', state="attached", timeout=90_000)
            python_pages += 1
        if page.locator("[data-listing]").count() and page.locator("[data-listing-tools]").count():
            page.wait_for_selector(
                '[data-listing][data-python="ready"]', state="attached", timeout=90_000
            )
            python_pages += 1
        assert page.evaluate("window.__violations") == [], relative
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
        assert policy.count() == 1, relative
        assert "default-src 'none'" in policy.get_attribute("content")
        # WebAssembly only where Python may start (the refusal is a violation: checked last).
        starts_python = page.locator('script[src$="javascripts/python.js"]').count() > 0
        assert ("'wasm-unsafe-eval'" in policy.get_attribute("content")) == starts_python
        compiled = page.evaluate(COMPILE)
        assert (compiled == "compiled") == starts_python, (relative, compiled)
        may_compile.add(starts_python)
    # The checker's start and listing of every language, and one outcome.
    assert python_pages == 2 * len(LANGUAGES) + 1
    assert may_compile == {True, False}
    assert leaving == []
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("served", ["http", "file"])
def test_search_finds_pages_of_the_current_language_only(browser, request, served, language):
    # The word "exempt" of this language finds its pages; that of the next language does not.
    own_word = expected_words("exempt", language)
    other_word = expected_words(
        "exempt", LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    )
    _, base, ending = _served(request, served)
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    procedure = _page_url(base, f"{language}/procedure", ending)
    page.goto(procedure)
    found = search(page, own_word)
    assert found, f"'{own_word}' finds nothing"
    assert all(href.startswith(f"{base}{language}/") for href in found), found
    assert any(href.split("?")[0] == procedure for href in found), found
    page.goto(_page_url(base, f"{language}/contact", ending))
    assert search(page, other_word) == []
    page.close()
