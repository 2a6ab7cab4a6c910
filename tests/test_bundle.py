"""The offline bundle: `make bundle`, unzipped, opened from the file system (file://).

Here: the language choice, navigation, both languages and the switcher on every page,
search in each language, Python starting in the checker and the listing, the blank PDFs,
and no request leaving the bundle nor any breach of the pages' policy. Elsewhere, on the
same unzipped bundle: every path of the static checker (test_checker_static) and of the
in-page checker with Python (test_checker_python), the listing's number checks
(test_listing_form).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import search

pytestmark = pytest.mark.browser

VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="module")
def unzipped(offline_site: Path) -> Path:
    return offline_site


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_every_link_of_every_page_leads_to_a_file_of_the_bundle(unzipped: Path):
    missing = []
    for html in _pages(unzipped):
        for href in re.findall(r'href="([^"#?]+)[^"]*"', html.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", href):
                continue  # tel:, https: — a link to follow, not a file to load
            target = (html.parent / href).resolve()
            if target.is_dir() or not target.exists():
                missing.append(f"{html.relative_to(unzipped)} → {href}")
    assert missing == []


def test_the_switcher_of_every_page_leads_to_the_same_page_in_the_other_language(unzipped):
    for language, other in [("fr", "nl"), ("nl", "fr")]:
        for html in _pages(unzipped / language):
            text = html.read_text(encoding="utf-8")
            link = re.search(rf'<a href="([^"]+)" hreflang="{other}" class="md-select__link"', text)
            assert link, html
            target = (html.parent / link[1]).resolve()
            same = unzipped / other / html.relative_to(unzipped / language)
            assert target == same.resolve(), html


def test_choose_a_language_and_switch_over_file(browser, unzipped: Path):
    page = browser.new_page()
    page.goto((unzipped / "index.html").as_uri())
    page.get_by_role("link", name="De gids in het Nederlands lezen").click()
    page.wait_for_url((unzipped / "nl" / "index.html").as_uri())
    page.get_by_role("link", name="De procedure", exact=True).first.click()
    page.wait_for_url((unzipped / "nl" / "procedure.html").as_uri())
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="fr"]').click()
    page.wait_for_url((unzipped / "fr" / "procedure.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"
    page.close()


def test_no_request_leaves_the_bundle_and_no_policy_is_broken(browser, unzipped: Path):
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    root = unzipped.as_uri() + "/"
    leaving: list[str] = []
    page.on("request", lambda request: request.url.startswith(root) or leaving.append(request.url))
    python_pages = 0
    for html in _pages(unzipped):
        if "/checker/" in html.as_posix() and html.parent.name != "checker":
            continue  # the states: walked by test_checker_static
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        # Where Python runs, wait for it: Pyodide's start must break no rule either.
        if page.locator("[data-checker-mode]").count():
            page.wait_for_selector('[data-checker-mode="python"]', state="attached", timeout=90_000)
            python_pages += 1
        if page.locator("[data-listing-tools]").count():
            page.wait_for_selector(
                '[data-listing][data-python="ready"]', state="attached", timeout=90_000
            )
            python_pages += 1
        assert page.evaluate("window.__violations") == [], html
    assert python_pages == 4, "the checker and the listing of both languages"
    assert leaving == []
    context.close()


@pytest.mark.parametrize(
    ("language", "own_word", "other_word"),
    [("fr", "dispensé", "vrijgesteld"), ("nl", "vrijgesteld", "dispensé")],
)
def test_search_over_file_finds_pages_of_the_current_language_only(
    browser, unzipped: Path, language, own_word, other_word
):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto((unzipped / language / "procedure.html").as_uri())
    found = search(page, own_word)
    assert found, f"'{own_word}' finds nothing"
    own_folder = (unzipped / language).as_uri() + "/"
    assert all(href.startswith(own_folder) for href in found), found
    assert any(href.split("?")[0].endswith("procedure.html") for href in found)
    page.goto((unzipped / language / "contact.html").as_uri())
    assert search(page, other_word) == []
    page.close()


def test_no_error_page_without_a_server(unzipped: Path):
    # 404.html is for a web server; from a file system its root-absolute links lead nowhere.
    assert not (unzipped / "404.html").exists()


def test_the_blank_pdfs_are_in_the_bundle(unzipped: Path):
    for folder in ["fr/listing", "nl/listing", "listing"]:
        assert (unzipped / folder / "listing.pdf").stat().st_size > 10_000
