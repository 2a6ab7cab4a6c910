"""The blank listing of detailed step 3.3: per language and bilingual, one A4 page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

import content

from conftest import LANGUAGES

pytestmark = pytest.mark.browser

TEXTS = content.load()
# Each language's own listing, and the root's with several languages side by side.
VERSIONS = [
    *((f"{language}/listing", [language]) for language in LANGUAGES),
    ("listing", TEXTS.fact("side_by_side_listing.languages")),
]
HEADER_KEYS = ["listing.reference", "listing.works_declaration", "listing.date"]
COLUMN_KEYS = ["listing.identifier", "listing.name", "listing.first_name"]


def page_of(language: str, number: int, count: int) -> str:
    return TEXTS.text("listing.page_of", language, page=number, pages=count)


def _printed(page) -> list[str]:
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return [re.sub(r"\s+", " ", p.extract_text()) for p in pdf.pages]


@pytest.mark.parametrize(("path", "languages"), VERSIONS)
def test_each_blank_version_prints_on_one_page(page, site_url: str, path: str, languages):
    page.goto(f"{site_url}{path}/")
    rows = page.locator(".cw-listing tbody tr")
    assert rows.count() >= 20
    pages = _printed(page)
    assert len(pages) == 1
    for language in languages:
        for key in HEADER_KEYS:
            assert TEXTS.text(key, language) in pages[0]
    numbers = " ".join(str(number) for number in range(1, rows.count() + 1))
    assert numbers in pages[0], "the rows are numbered"
    for language in languages:
        assert page_of(language, 1, 1) in pages[0]
    # Every box printed at least 7 mm high on paper (26.5 CSS px): room for handwriting.
    page.emulate_media(media="print")
    heights = page.evaluate(
        """() => [...document.querySelectorAll(".cw-listing td")]
            .filter((cell) => cell.getClientRects().length)
            .map((cell) => cell.getBoundingClientRect().height)"""
    )
    assert len(heights) >= 3 + rows.count() and min(heights) >= 26


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_columns_ask_only_what_the_source_asks(page, site_url: str, language: str):
    page.goto(f"{site_url}{language}/listing/")
    headers = page.locator(".cw-listing__columns th").all_inner_texts()
    expected = [TEXTS.text("listing.row_number", language)]
    expected += [TEXTS.text(key, language) for key in COLUMN_KEYS]
    assert headers == expected


@pytest.mark.parametrize("outcome_path", ["cause-company/other_channel-no/contact_time-open/"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_outcomes_link_to_the_listing(page, site_url, language, outcome_path):
    page.goto(f"{site_url}{language}/checker/{outcome_path}")
    page.locator(".cw-checker > [data-outcome] .cw-listing-link").click()
    page.wait_for_url(f"{site_url}{language}/listing/")
    page.locator(".cw-listing-actions a:not([download])").click()
    page.wait_for_url(f"{site_url}listing/")


@pytest.mark.parametrize(("folder", "languages"), VERSIONS)
def test_the_build_ships_a_pdf_of_each_blank_version(built_site, folder, languages):
    pdf = PdfReader(built_site / folder / "listing.pdf")
    assert len(pdf.pages) == 1
    text = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5, "A4 (210 × 297 mm) in points"
    for language in languages:
        for key in HEADER_KEYS + COLUMN_KEYS:
            assert re.sub(r"\s+", " ", TEXTS.text(key, language)) in text
    assert "25" in text or "23" in text
    # The page number in the page's margin, in each language of the version (the
    # bilingual one has both, side by side).
    assert " · ".join(page_of(language, 1, 1) for language in languages) in text
    html = (built_site / folder / "index.html").read_text(encoding="utf-8")
    assert 'href="listing.pdf"' in html
