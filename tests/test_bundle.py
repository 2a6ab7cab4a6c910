"""The offline bundle: `make bundle`, offline_site, opened from the file system (file://).

Here: the language choice, navigation, both languages and the switcher on every page,
search in each language, Python starting in the checker and the listing, the blank PDFs,
and no request leaving the bundle nor any breach of the pages' policy. Elsewhere, on the
same offline_site bundle: every path of the static checker (test_checker_static) and of the
in-page checker with Python (test_checker_python), the listing's number checks
(test_listing_form).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import content

from conftest import LANGUAGES

TEXTS = content.load()

pytestmark = pytest.mark.browser


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_the_switcher_of_every_page_leads_to_the_same_page_in_every_language(offline_site):
    for language in LANGUAGES:
        for html in _pages(offline_site / language):
            text = html.read_text(encoding="utf-8")
            for other in LANGUAGES:
                link = re.search(
                    rf'<a href="([^"]+)" hreflang="{other}" class="md-select__link"', text
                )
                assert link, (html, other)
                target = (html.parent / link[1]).resolve()
                same = offline_site / other / html.relative_to(offline_site / language)
                assert target == same.resolve(), (html, other)


def test_choose_a_language_and_switch_over_file(browser, offline_site: Path):
    page = browser.new_page()
    page.goto((offline_site / "index.html").as_uri())
    page.get_by_role("link", name=TEXTS.text("root.enter", "nl")).click()
    page.wait_for_url((offline_site / "nl" / "index.html").as_uri())
    page.get_by_role("link", name=TEXTS.text("procedure.nav_title", "nl"), exact=True).first.click()
    page.wait_for_url((offline_site / "nl" / "procedure.html").as_uri())
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="fr"]').click()
    page.wait_for_url((offline_site / "fr" / "procedure.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"
    page.close()


def test_no_error_page_without_a_server(offline_site: Path):
    # 404.html is for a web server; from a file system its root-absolute links lead nowhere.
    assert not (offline_site / "404.html").exists()


def test_the_blank_pdfs_are_in_the_bundle(offline_site: Path):
    for folder in [*(f"{language}/listing" for language in LANGUAGES), "listing"]:
        assert (offline_site / folder / "listing.pdf").stat().st_size > 10_000
