"""The printed record of an outcome: one A4 page with the answers, the outcome, the passages
it rests on, the date and time, and the guide's version."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

import content
from macros.hyphens import SOFT_HYPHEN, hyphenate

from conftest import LANGUAGES, as_built, run_checker

pytestmark = pytest.mark.browser

PATHS = json.loads(run_checker("paths", "--json").stdout)
TEXTS = content.load()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


KEEP_WHOLE = TEXTS.fact("hyphenation.keep_whole")


def _heading(text: str, language: str) -> re.Pattern[str]:
    """A heading's words in a PDF's text: where the build wrote a soft hyphen, the PDF's
    text runs may part (a space in the extracted text), the words are the same."""
    pieces = _flat(hyphenate(text, language, KEEP_WHOLE)).split(SOFT_HYPHEN)
    return re.compile(r"\s?".join(re.escape(piece) for piece in pieces))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_outcome_prints_on_one_a4_page(page, site_url: str, language: str):
    # An outcome's page prints as it was built, Python started or not.
    as_built(page)
    for path in PATHS:
        segments = "".join(f"{q}-{o}/" for q, o in path["answers"].items())
        page.goto(f"{site_url}{language}/checker/{segments}")
        page.wait_for_selector("[data-print]:not([hidden])")  # checker.js has run
        # Printing fills in the date and time, wherever the reader is on the page.
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        when = page.text_content("[data-record-time] time")
        assert len(pdf.pages) == 1, f"{segments} prints on {len(pdf.pages)} pages"
        printed = _flat(pdf.pages[0].extract_text())
        title = TEXTS.text(f"checker.outcome.{path['outcome']}.title", language)
        assert _heading(title, language).search(printed), title
        for question in path["answers"]:
            label = TEXTS.text(f"checker.question.{question}", language)
            assert _flat(label)[:40] in printed
        assert _heading(TEXTS.text("checker.basis_heading", language), language).search(printed)
        assert when and _flat(when) in printed, "the date and time of the record"
        assert re.search(r"0\.\d+\.\d+", printed), "the version of the guide"
        assert TEXTS.text("checker.print", language) not in printed, "no button on paper"


def test_the_record_is_dated_when_the_reader_comes_to_it(browser, site_url: str):
    """Not at load (a phone's first date format is a long task), but as soon as the record's
    line is on the screen; the <time> holds the moment in ISO form."""
    path = PATHS[0]
    segments = "".join(f"{q}-{o}/" for q, o in path["answers"].items())
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    try:
        page.goto(f"{site_url}fr/checker/{segments}")
        page.wait_for_selector("[data-print]:not([hidden])")  # checker.js has run
        slot = page.locator("[data-outcome] [data-record-time]")
        assert slot.evaluate("(slot) => slot.getBoundingClientRect().top >= innerHeight"), (
            "the record's line is on the first screen: this test needs a longer outcome"
        )
        page.wait_for_timeout(300)
        assert slot.locator("time").count() == 0, "dated before the reader came to it"
        slot.scroll_into_view_if_needed()
        page.wait_for_selector("[data-record-time] time", state="attached")
        iso = slot.locator("time").get_attribute("datetime")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", iso), iso
        assert slot.locator("time").inner_text().strip()
    finally:
        context.close()
