"""A first look at each language, in Chromium, for `make check`: the home page, one checker
path answered in the page with Python, a number checked in the listing, and the checker
from the unzipped bundle over file://. The full suite tests each of these in depth."""

from __future__ import annotations

import pytest
from expected_flow import EXPECTED_PATHS
from test_checker_python import answer_in_page

import content

from conftest import LANGUAGES, current, message, open_checker, open_form, row

pytestmark = [pytest.mark.browser, pytest.mark.smoke]

TEXTS = content.load()
# The longest path: the most answers in the page.
ANSWERS, OUTCOME = max(EXPECTED_PATHS, key=lambda path: len(path[0]))


def answer_all(page) -> None:
    answer_in_page(page, ANSWERS, ("outcome", OUTCOME))
    assert current(page) == ("outcome", OUTCOME)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_first_look(page, site_url, offline_url, language):
    page.goto(f"{site_url}{language}/")
    assert page.evaluate("document.documentElement.lang") == language
    assert page.locator("h1").count() == 1

    open_checker(page, f"{site_url}{language}/checker/")
    answer_all(page)

    open_form(page, f"{site_url}{language}/listing/")
    row(page, 1).locator('input[data-column="identifier"]').fill("88222999936")
    assert message(page, 1) == TEXTS.text(
        "identity.valid.bis", language, formatted="88.22.29-999.36"
    )

    open_checker(page, f"{offline_url}{language}/checker/index.html")
    answer_all(page)
