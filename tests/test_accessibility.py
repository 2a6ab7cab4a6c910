"""Accessibility: axe-core's WCAG 2.2 A and AA rules on every page, every checker state
(static and in the page) and the listing form (empty, filled, with errors), and what axe
cannot see: the language of every page and switcher link, headings in order, and pages
usable at 320 px wide and at 200 % zoom (a 1280 px window zoomed is 640 CSS px wide)."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_checker_python import open_checker
from test_listing_form import message, open_form, row

import content
from checker import walk_states
from macros import render

from conftest import (
    LANGUAGES,
    PROJECT_DIR,
    PYTHON_READY_MS,
    WALK,
    as_built,
    one_state_of_each_kind,
    walk_groups,
)

pytestmark = pytest.mark.browser

TEXTS = content.load()
COLUMN_KEYS = ["identifier", "name", "first_name"]
AXE = (PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.2 A and AA, as GOV.UK holds its services to (target size and the rest of 2.2).
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE = """async (tags) => {
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return results.violations.map((violation) =>
        `${violation.id} (${violation.impact}): ` +
        violation.nodes.map((node) => node.target.join(" ")).join(", "));
}"""


def axe_violations(page) -> list[str]:
    # Colours are judged at rest: no pointer over a link, no transition under way.
    page.mouse.move(0, 0)
    page.wait_for_function("() => document.getAnimations().length === 0")
    # Evaluated by the test driver, not by the page: the pages' policy allows no such script.
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE)
    return page.evaluate(RUN_AXE, WCAG_22_A_AA)


def _pages(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix().removesuffix("index.html")
        for path in site.rglob("*.html")
        if path.name != "404.html"
    )


@pytest.mark.parametrize("folder", [*LANGUAGES, "(root)"])
def test_every_page_has_no_violation(browser, built_site: Path, site_url: str, folder: str):
    """Every page of every language, and those of the root, as the page is first shown
    (before Python takes over). Of the checker's static states, one of each kind (each
    question, each outcome, a question with answers kept): the others are the same page
    with other answers listed, and every state is checked in the page by the test below. A
    language a test, so that the tests' workers share them."""
    page = browser.new_page()
    as_built(page)  # each checker state as first shown, none starting Python
    found = {}
    languages = tuple(f"{language}/" for language in LANGUAGES)
    kinds = one_state_of_each_kind()
    pages = [
        relative
        for relative in _pages(built_site)
        if (
            relative.startswith(f"{folder}/")
            or (folder == "(root)" and not relative.startswith(languages))
        )
        and ("/checker/" not in relative or relative.partition("/checker/")[2] in kinds)
    ]
    for relative in pages:
        page.goto(site_url + relative)
        violations = axe_violations(page)
        if violations:
            found[relative] = violations
    page.close()
    assert found == {}
    assert len(pages) >= (2 if folder == "(root)" else 5 + len(kinds)), pages


# axe at each state of the walk in the page (tests/engines/walk.js), each state once (paths
# share their first states), at rest: no transition under way.
AXE_AT_EACH_STATE = """async ([paths, timeout, tags]) => {
    const found = {};
    const checked = [];
    const atRest = () => new Promise((resolve) => {
        const look = () => document.getAnimations().length === 0
            ? resolve() : requestAnimationFrame(look);
        look();
    });
    const look = async (answered) => {
        const state = answered.map(([question, option]) => `${question}-${option}`).join("/")
            || "start";
        if (checked.includes(state)) return;
        checked.push(state);
        await atRest();
        const violations = await (RUN_AXE)(tags);
        if (violations.length) found[state] = violations;
    };
    await (WALK)(paths, timeout, look);
    return { found, checked };
}""".replace("(RUN_AXE)", f"({RUN_AXE})").replace("(WALK)", f"({WALK})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_state_of_the_checker_in_the_page_has_no_violation(page, site_url, language):
    found = {}
    checked = set()
    for group in walk_groups():
        open_checker(page, f"{site_url}{language}/checker/")
        page.mouse.move(0, 0)  # colours are judged at rest: no pointer over a link
        page.evaluate(AXE)  # by the test driver: the pages' policy allows no such script
        walked = page.evaluate(
            AXE_AT_EACH_STATE,
            [group, PYTHON_READY_MS, WCAG_22_A_AA],
        )
        found |= walked["found"]
        checked |= set(walked["checked"])
        mode = page.locator("[data-checker-mode]").get_attribute("data-checker-mode")
        assert mode == "python"
    assert found == {}
    assert len(checked) == len(walk_states()), "every state of the flow, once"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_listing_form_empty_filled_and_with_errors_has_no_violation(page, site_url, language):
    open_form(page, f"{site_url}{language}/listing/")
    assert axe_violations(page) == [], "empty"
    first = row(page, 1)
    first.locator('input[data-column="identifier"]').fill("93051822361")
    first.locator('input[data-column="name"]').fill("Peeters")
    first.locator('input[data-column="first_name"]').fill("Anne")
    message(page, 1)
    assert axe_violations(page) == [], "filled"
    row(page, 2).locator('input[data-column="identifier"]').fill("12345")
    page.wait_for_selector('tbody tr[data-row] input[aria-invalid="true"]')
    assert axe_violations(page) == [], "with an error"


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Outline(HTMLParser):
    """The page's language, its switcher links, and the levels of its shown headings."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: list[int] = []
        self.switcher: list[tuple[str | None, str | None]] = []
        self._open: list[tuple[str, bool]] = []  # (tag, hidden) of each open element

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if "md-select__link" in (attributes.get("class") or ""):
            self.switcher.append((attributes.get("hreflang"), attributes.get("lang")))
        hidden = "hidden" in attributes or any(hidden for _, hidden in self._open)
        if re.fullmatch(r"h[1-6]", tag) and not hidden:
            self.headings.append(int(tag[1]))
        if tag not in VOID:
            self._open.append((tag, hidden))

    def handle_endtag(self, tag):
        for position in range(len(self._open) - 1, -1, -1):
            if self._open[position][0] == tag:
                del self._open[position:]
                break


def _outline(path: Path) -> _Outline:
    outline = _Outline()
    outline.feed(path.read_text(encoding="utf-8"))
    return outline


def test_every_page_says_its_language_and_so_does_every_switcher_link(built_site: Path):
    for path in built_site.rglob("*.html"):
        language = path.relative_to(built_site).parts[0]
        outline = _outline(path)
        if language in LANGUAGES:
            assert outline.lang == language, path
            assert {hreflang for hreflang, _ in outline.switcher} == set(LANGUAGES), path
        for hreflang, lang in outline.switcher:
            assert lang == hreflang, f"{path}: the link to {hreflang} says lang={lang}"


def test_headings_are_in_order_on_every_page(built_site: Path):
    """One h1, and no level skipped on the way down (h2 then h4), in the page's content."""
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        article = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
        assert article, path
        outline = _Outline()  # hidden parts (the checker's templates) do not count
        outline.feed(article[1])
        levels = outline.headings
        assert levels and levels[0] == 1 and levels.count(1) == 1, (path, levels)
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path, levels)


def _folder(template: str) -> str:
    """The folder of the page a template makes, under its language ("" for index.md)."""
    path = template.removesuffix(".md").removesuffix("index")
    return path if not path or path.endswith("/") else f"{path}/"


@pytest.mark.parametrize("width", [320, 640])
def test_pages_reflow_at_320_px_and_at_200_percent_zoom(browser, site_url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 800})
    # Every page of a language (its templates), and the checker's first page.
    pages = [*map(_folder, render.page_templates()), "checker/"]
    outcome = "checker/cause-company/other_channel-no/contact_time-closed/"
    for relative in [
        "",
        "listing/",
        *(f"{language}/{page}" for language in LANGUAGES for page in [*pages, outcome]),
    ]:
        page.goto(site_url + relative)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{relative} scrolls sideways by {overflow} px at {width} px"
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_listing_on_a_phone_is_a_card_per_worker(browser, site_url: str, language: str):
    # At 390 px the table's columns left the name boxes about 65 px wide and one number's
    # message made its row very tall: below 600 px each worker is a card.
    page = browser.new_page(viewport={"width": 390, "height": 844})
    open_form(page, f"{site_url}{language}/listing/")
    first = row(page, 1)
    for column in ("identifier", "name", "first_name"):
        assert first.locator(f'input[data-column="{column}"]').bounding_box()["width"] >= 300
    # Each box under its column's heading, on screen.
    labels = first.locator(".cw-listing__label").all_inner_texts()
    assert labels == [TEXTS.text(f"listing.{key}", language) for key in COLUMN_KEYS]
    height = first.bounding_box()["height"]
    # The longest message a number gets, with the Limosa hint.
    first.locator('input[data-column="identifier"]').fill("9305182236X")
    message(page, 1)
    grown = first.bounding_box()["height"] - height
    assert grown <= 80, f"a message makes the card {grown:.0f} px taller"
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"scrolls sideways by {overflow} px"
    assert axe_violations(page) == []
    # The paper is the same: a table, one page.
    page.emulate_media(media="print")
    page.wait_for_selector("[data-listing-pages]", state="attached")
    assert (
        page.locator(".cw-listing__page tbody tr").first.evaluate(
            "(line) => getComputedStyle(line).display"
        )
        == "table-row"
    )
    page.close()
