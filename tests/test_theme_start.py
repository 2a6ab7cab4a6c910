"""The theme's script starts at the reader's first interaction, not at load
(javascripts/theme-start.js, docs/theme/main.html).

Before it: the page is whole (the theme's look for scripts, "js", from the first paint) and
the theme's bundle is not even requested. A first key, mouse move or touch starts it (the
search tests, which click and type, show it answering). A page opened from a search result
starts it at once, and the components that the theme mounts on DOMContentLoaded (long past
by then) mount: the result's words are highlighted. Over http and from the file system (the
offline bundle).
"""

from __future__ import annotations

import time

import pytest

from conftest import expected_words, open_checker, search

pytestmark = pytest.mark.browser

BUNDLE = "/assets/javascripts/bundle."
# The theme's bundle ends by publishing its observables (window.component$ among them).
THEME_RAN = "() => typeof window.component$ === 'object'"


@pytest.fixture(params=["http", "file"])
def procedure_url(request) -> str:
    """The French procedure page, over http or from the offline bundle."""
    if request.param == "http":
        return request.getfixturevalue("site_url") + "fr/procedure/"
    return request.getfixturevalue("offline_url") + "fr/procedure.html"


def _opened(browser, url: str):
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page, requested


def _bundle_requested(requested: list[str]) -> bool:
    return any(BUNDLE in url for url in requested)


@pytest.mark.parametrize("interaction", ["key", "mouse", "touch"])
def test_the_theme_starts_at_the_first_interaction(browser, procedure_url: str, interaction):
    context, page, requested = _opened(browser, procedure_url)
    try:
        assert page.evaluate("document.documentElement.classList.contains('js')")
        page.wait_for_timeout(500)  # a script that started by itself would have asked by now
        assert not _bundle_requested(requested), "the bundle is loaded before any interaction"
        assert page.evaluate("typeof window.component$") == "undefined"
        if interaction == "key":
            page.keyboard.press("Tab")
        elif interaction == "mouse":
            page.mouse.move(40, 300)
        else:
            page.dispatch_event("body", "touchstart")
        page.wait_for_function(THEME_RAN)
        assert _bundle_requested(requested)
    finally:
        context.close()


def test_a_page_opened_from_a_search_result_highlights_its_words(browser, procedure_url: str):
    context, page, requested = _opened(browser, procedure_url + "?h=checkinatwork")
    try:
        # No interaction: the theme starts at once, and mounts what it mounts on
        # DOMContentLoaded (the highlight) although that event has passed.
        page.wait_for_selector("article mark", state="attached")
        marked = page.eval_on_selector_all("article mark", "all => all.map((m) => m.textContent)")
        assert marked and all(text.lower() == "checkinatwork" for text in marked), marked
        assert _bundle_requested(requested)
    finally:
        context.close()


def test_the_theme_started_after_the_checker_changed_the_url_finds_its_files(page, site_url):
    """The in-page checker changes the URL without a page load; the theme, started by that
    same click but run after it (its file held back here), must still find its search
    worker and index where the page's own URL put them."""
    errors: list[str] = []
    failed: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def held_back(route):
        time.sleep(0.5)  # the click's answer and its new URL come first
        route.continue_()

    page.route("**/assets/javascripts/bundle.*.min.js", held_back)
    open_checker(page, f"{site_url}fr/checker/")
    # From here on (Python's start may give up a download on a loaded machine, by design).
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    first_url = page.url
    page.locator("[data-question] [data-option]").first.click()
    page.wait_for_function("(url) => location.href !== url", arg=first_url)
    page.wait_for_function(THEME_RAN)
    assert search(page, expected_words("exempt", "fr")), "the search finds nothing"
    assert errors == [] and failed == [], (errors, failed)


def test_pressing_the_new_versions_button_does_not_start_the_theme(browser, site_url: str):
    """The line offering a new version reloads the page: the theme's files fetched at that
    click would reach the outgoing service worker as the new one takes over (offline.js).
    Its button, pointed at and pressed, leaves the theme unstarted; elsewhere it starts."""
    context, page, requested = _opened(browser, site_url + "fr/procedure/")
    try:
        page.evaluate(
            """() => {
                const line = document.querySelector("[data-offline-status]");
                line.hidden = false;
                line.querySelector("[data-offline-update]").hidden = false;
                line.querySelector("[data-offline-reload]").onclick = () => {};
            }"""
        )
        page.locator("[data-offline-reload]").click()
        page.wait_for_timeout(500)
        assert not _bundle_requested(requested)
        page.mouse.move(40, 300)
        page.wait_for_function(THEME_RAN)
    finally:
        context.close()
