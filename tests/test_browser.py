"""The site in a real browser: Debian's Chromium driven by Playwright, over local http."""

from __future__ import annotations

import pytest

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
    assert page.get_by_role("heading", level=1).inner_text().startswith("Noodprocedure")

    leaving = [url for url in requested if not url.startswith(site_url)]
    assert leaving == [], "no request may leave the site"


@pytest.mark.parametrize(
    ("language", "cause_header", "rows"),
    [("fr", "Cause du problème technique", 4), ("nl", "Oorzaak van het technische probleem", 4)],
)
def test_the_summary_table(page, site_url: str, language: str, cause_header: str, rows: int):
    page.goto(f"{site_url}{language}/procedure/")
    table = page.locator("#summary ~ .cw-summary table")
    assert table.locator("th").first.inner_text() == cause_header
    assert table.locator("tbody tr").count() == rows
    assert "Checkinatwork" in table.locator("tbody tr").nth(2).inner_text()


@pytest.mark.parametrize(("language", "label"), [("fr", "Appeler le"), ("nl", "Bellen naar")])
def test_the_phone_link(page, site_url: str, language: str, label: str):
    page.goto(f"{site_url}{language}/contact/")
    call = page.locator('a[href^="tel:"]')
    assert call.count() == 1
    assert call.get_attribute("href") == "tel:+3225115151"
    assert call.inner_text().strip() == f"{label} 02 511 51 51"
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
