"""Dated and versioned (macros/dated.py): every page ends with the guide's version, the day
of the official text it follows and the day its reading was last checked against it, in
the page's language, on the screen and on paper; the checker's record and the listing carry
the version and the text's day; a review older than the text is refused."""

from __future__ import annotations

import copy
import datetime
import html
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import content
from content import ContentError
from macros import dated
from macros.version import site_version

from conftest import LANGUAGES

TEXTS = content.load()
DATED = re.compile(r'<p class="cw-notice cw-dated" data-dated data-search-exclude>(.*?)</p>', re.S)
# How each language writes a day, for an oracle of the tests' own (the build uses Babel).
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "en": "January February March April May June July August September October November December",
}
DAY = {"fr": "{d} {m} {y}", "nl": "{d} {m} {y}", "de": "{d}. {m} {y}", "en": "{d} {m} {y}"}


def _written(iso: str, language: str) -> str:
    day = datetime.date.fromisoformat(iso)
    month = MONTHS[language].split()[day.month - 1]
    return DAY[language].format(d=day.day, m=month, y=day.year)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _plain(markup: str) -> str:
    return _flat(html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", markup))))


def _line(language: str) -> str:
    """The line as the page must show it, from the single source."""
    return _plain(
        TEXTS.text("site.dated", language, version=site_version(), **dated.values(TEXTS, language))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_writes_the_days_as_it_writes_a_date(language):
    values = dated.values(TEXTS, language)
    for name, fact in (("text_date", "source.copied_on"), ("reviewed_on", "guide.reviewed_on")):
        iso = TEXTS.fact(fact)
        assert values[name] == f'<time datetime="{iso}">{_written(iso, language)}</time>'


def _with(**facts: str) -> content.Content:
    changed = copy.deepcopy(TEXTS)
    changed.facts.update({f"facts.{name}": value for name, value in facts.items()})
    return changed


def test_a_review_older_than_the_text_is_refused_naming_both_days():
    dated.check(TEXTS)
    text = TEXTS.fact("source.copied_on")
    day_before = (datetime.date.fromisoformat(text) - datetime.timedelta(days=1)).isoformat()
    with pytest.raises(ContentError, match=rf"guide\.reviewed_on \({day_before}\) is older"):
        dated.check(_with(**{"guide.reviewed_on": day_before}))
    dated.check(_with(**{"guide.reviewed_on": text}))  # the same day: reviewed


@pytest.mark.parametrize("written", ["22/11/2026", "2026-13-01", ""])
def test_a_day_not_written_as_a_day_is_refused(written):
    with pytest.raises(ContentError, match="is not a day"):
        dated.check(_with(**{"source.copied_on": written}))


def _pages(site: Path) -> list[Path]:
    return [
        page
        for page in site.rglob("*.html")
        if page.name != "404.html" and "pyodide" not in page.parts
    ]


def test_every_page_ends_with_the_line_in_its_language(built_site):
    pages = _pages(built_site)
    assert len(pages) > 100
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        lines = DATED.findall(markup)
        assert len(lines) == 1, f"{page}: {len(lines)} dated lines"
        language = page.relative_to(built_site).parts[0]
        if language in LANGUAGES:
            assert _plain(lines[0]) == _line(language), page
        else:  # the root's pages: every language's line
            assert _plain(lines[0]) == " ".join(_line(code) for code in LANGUAGES), page
        # Near the end: after the page's content, before the links that end it.
        end = DATED.search(markup).start()
        assert markup.index("</h1>") < end, page
        assert "cw-page-links" not in markup[:end] and "cw-page-links" in markup[end:], page


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_line_is_printed(page, site_url, language):
    page.goto(f"{site_url}{language}/procedure/")
    printed = " ".join(
        _flat(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    )
    assert _line(language) in printed


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_blank_listing_says_which_guide_and_which_text(built_site, language):
    pdf = PdfReader(built_site / language / "listing" / "listing.pdf")
    (sheet,) = (_flat(page.extract_text()) for page in pdf.pages)
    assert _line(language) in sheet


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_printed_record_says_which_guide_and_which_text(page, site_url, language):
    page.goto(f"{site_url}{language}/checker/cause-checkinatwork/")
    page.wait_for_selector("[data-print]:not([hidden])")
    (sheet,) = (
        _flat(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    )
    assert sheet.count(_line(language)) == 1, "in the record's lines, not twice on its sheet"


@pytest.mark.browser
def test_the_filled_listing_prints_them_on_its_first_sheet(page, site_url):
    page.goto(f"{site_url}nl/listing/")
    page.locator('tbody tr[data-row] [data-column="name"]').first.fill("Peeters")
    page.emulate_media(media="print")
    page.wait_for_selector("[data-listing-pages]", state="attached")
    sheets = [_flat(s.extract_text()) for s in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]
    assert "Peeters" in sheets[0] and _line("nl") in sheets[0]
