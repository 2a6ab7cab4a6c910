"""The accessibility statement: a page per language in the structure of the EU model
statement, linked from the end of every page, its feedback part true to the build's
setting, and every test it cites present in this folder (the statement says only what a
test shows)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import content
from macros.render import render_site

from conftest import LANGUAGES, PROJECT_DIR

TEXTS = content.load()
TESTS_DIR = PROJECT_DIR / "tests"

# The model statement's parts (Implementing Decision (EU) 2018/1523), in its order; the
# guide adds what it aims at and how it is tested, which the model leaves to each body.
SECTIONS = ["standard", "status", "tested", "known", "prepared", "feedback"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])
        if tag == "h2" and attributes.get("id"):
            self.ids.append(attributes["id"])


def parsed(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


# The end of a page: its language's links (a nav), or the root's (a paragraph).
PAGE_LINKS = re.compile(r'<(nav|p)\b[^>]*class="[^"]*cw-page-links[^"]*"[^>]*>(.*?)</\1>', re.S)


def end_links(path: Path) -> list[str]:
    (found,) = PAGE_LINKS.findall(path.read_text(encoding="utf-8"))
    links = _Links()
    links.feed(found[1])
    return links.hrefs


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_the_statement_in_the_models_order(built_site: Path, language):
    page = built_site / language / "accessibility" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert parsed(page).ids == SECTIONS
    assert "WCAG" in html and "2.2" in html and "AA" in html
    prepared_on = TEXTS.fact("guide.accessibility_statement_prepared_on")
    assert prepared_on in html
    # Built without a feedback address: the page says there is none, and links to none.
    assert TEXTS.text("accessibility.feedback_none", language) in html
    assert "data-report-problem" not in html


def test_every_page_ends_with_a_link_to_its_languages_statement(built_site: Path):
    """And to its language's "Take the guide offline" (tests/test_download.py)."""
    pages = [p for p in built_site.rglob("index.html")]
    assert len(pages) > 100
    for page in pages:
        relative = page.relative_to(built_site)
        language = relative.parts[0] if relative.parts[0] in LANGUAGES else None
        targets = {(page.parent / href).resolve() for href in end_links(page)}
        if language:  # with the offline guide's page
            expected = {built_site / language / name for name in ("accessibility", "offline")}
        else:  # the root's pages, in every language
            expected = {built_site / code / "accessibility" for code in LANGUAGES}
        assert targets == expected, relative


def test_with_a_feedback_address_the_statement_says_where_to_report():
    site = render_site(TEXTS, root_language="xx", version="0", feedback="guide@example.be")
    for language in LANGUAGES:
        page = site.pages[f"{language}/accessibility.md"]
        assert TEXTS.text("site.report_problem", language) in page
        assert TEXTS.text("accessibility.feedback_none", language) not in page
        assert "data-report-problem" in page


def test_every_kind_of_test_the_statement_cites_exists():
    """The statement's list of tests, each tied to the test that shows it: a test renamed
    or removed fails here, and the statement must change with it."""
    cited = {
        "axe-core": ("test_accessibility.py", "def test_every_page_has_no_violation"),
        "every state in the page": (
            "test_accessibility.py",
            "def test_every_state_of_the_checker_in_the_page_has_no_violation",
        ),
        "the listing form": (
            "test_accessibility.py",
            "def test_the_listing_form_empty_filled_and_with_errors_has_no_violation",
        ),
        "the diagram": ("test_diagram.py", "axe_violations(page) == []"),
        "the HTML validator": ("test_quality.py", "def test_every_page_is_valid_html"),
        "languages": (
            "test_accessibility.py",
            "def test_every_page_says_its_language_and_so_does_every_switcher_link",
        ),
        "headings": ("test_accessibility.py", "def test_headings_are_in_order_on_every_page"),
        "reflow": (
            "test_accessibility.py",
            "def test_pages_reflow_at_320_px_and_at_200_percent_zoom",
        ),
        "keyboard": ("test_keyboard.py", "def test_every_answer_and_link_of_the_checker"),
        "Lighthouse": ("test_lighthouse.py", "def test_lighthouse_finds_nothing_to_fix"),
        "Firefox": ("test_firefox.py", "def test_every_page_opens_without_error"),
        "WebKit": ("test_webkit.py", "def test_every_page_opens_without_error"),
    }
    for what, (file, code) in cited.items():
        assert code in (TESTS_DIR / file).read_text(encoding="utf-8"), what
    # The statement's list has one item per kind of test, in every language.
    for language in LANGUAGES:
        items = re.findall(r"^- ", TEXTS.text("accessibility.tested", language), re.MULTILINE)
        assert len(items) == 7, language
