"""How the pages look on a phone and on a desktop, measured in Chromium: headings break
words with a hyphen, the header's title is whole, the language choices are of one size."""

from __future__ import annotations

import pytest

from conftest import LANGUAGES, one_state_of_each_kind

pytestmark = pytest.mark.browser

PAGES = ["", "procedure/", "checker/", "listing/", "about/", "contact/"]
# Where the other engines look (tests/test_firefox.py, tests/test_webkit.py): the pages with
# the longest headings, and an outcome.
LAYOUT_PAGES = ["", "procedure/", "listing/", "checker/cause-checkinatwork/"]
# Those of them that start Python (the engines' tests wait for it before they leave).
PYTHON_PAGES = ("listing/", "checker/cause-checkinatwork/")

# Each heading (and the header's title): where a line ends between two letters or digits
# with no soft hyphen or hyphen just before. "Just": Chromium reports the character after a
# soft hyphen where a line breaks on the line above (a break at "regis-trie" is measured at
# "regis-t|rie"), so the two characters before the measured break are looked at.
BREAKS_INSIDE_WORDS = """() => {
  const wordCharacter = /[\\p{L}\\p{N}]/u;
  const found = [];
  const shown = [...document.querySelectorAll(
    ".md-content h1, .md-content h2, .md-content h3, .md-content h4, .md-header__topic .md-ellipsis"
  )].filter((heading) => heading.getClientRects().length && heading.closest("[hidden]") === null);
  for (const heading of shown) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    let before = "";
    let beforeThat = "";
    let lineTop = null;
    for (let node; (node = walker.nextNode()); ) {
      if (!node.parentElement.getClientRects().length) continue;  // a hidden part
      for (let index = 0; index < node.data.length; index += 1) {
        const character = node.data[index];
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        const rect = range.getClientRects()[0];
        if (rect && rect.width > 0) {
          if (lineTop !== null && rect.top > lineTop + rect.height / 2
              && wordCharacter.test(before) && wordCharacter.test(character)
              && !/[\u00ad-]/.test(beforeThat)) {
            found.push(heading.textContent.trim().replace(/\\u00ad/g, "") + " at «"
              + before + "|" + character + "»");
          }
          lineTop = rect.top;
        }
        beforeThat = before;
        before = character;
      }
    }
  }
  return found;
}"""


def checker_pages() -> list[str]:
    return [f"checker/{folder}" for folder in sorted(one_state_of_each_kind()) if folder]


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_heading_line_ends_inside_a_word_without_a_hyphen(
    browser, site_url: str, language: str, width: int
):
    page = browser.new_page(viewport={"width": width, "height": 800})
    broken = {}
    for relative in [*(f"{language}/{path}" for path in PAGES + checker_pages()), ""]:
        page.goto(site_url + relative)
        found = page.evaluate(BREAKS_INSIDE_WORDS)
        if found:
            broken[relative] = found
    page.close()
    assert not broken, broken


# The header's title, site name and page title, whole: no ellipsis, not taller than the header.
HEADER_TITLE = """() => {
  const title = document.querySelector(".md-header__title");
  const height = title.getBoundingClientRect().height;
  return [...title.querySelectorAll(".md-header__topic .md-ellipsis")].map((name) => ({
    text: name.innerText.trim(),
    cut: name.scrollWidth > name.clientWidth + 1
      || name.getBoundingClientRect().height > height + 1,
  }));
}"""


@pytest.mark.parametrize("width", [320, 360, 390, 768, 1280])
def test_the_header_s_title_is_whole(browser, site_url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 800})
    cut = {}
    for relative in ["", *(f"{language}/{path}" for language in LANGUAGES for path in PAGES)]:
        page.goto(site_url + relative)
        for topic in page.evaluate(HEADER_TITLE):
            assert topic["text"], relative
            if topic["cut"]:
                cut.setdefault(relative, []).append(topic["text"])
    page.close()
    assert not cut, cut


@pytest.mark.parametrize("width", [320, 390, 1280, 1920])
def test_the_language_choices_are_of_one_size(browser, site_url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(site_url)
    buttons = page.locator(".cw-choice .md-button")
    assert buttons.count() == len(LANGUAGES)
    boxes = [buttons.nth(index).bounding_box() for index in range(buttons.count())]
    lines = page.evaluate(
        """() => [...document.querySelectorAll(".cw-choice .md-button")].map(
             (button) => Math.round(button.getBoundingClientRect().height
               / parseFloat(getComputedStyle(button).lineHeight)))"""
    )
    page.close()
    assert len({round(box["width"]) for box in boxes}) == 1, boxes
    assert len({round(box["height"]) for box in boxes}) == 1, boxes
    # One line of text each (a button's height is its line and its padding, under two lines).
    assert all(line < 3 for line in lines), lines
    # In a row, the buttons stand on one line, at the foot of their choice.
    rows = {}
    for box in boxes:
        rows.setdefault(round(box["x"]), []).append(box)
    if len(rows) == len(boxes):
        assert len({round(box["y"]) for box in boxes}) == 1, boxes


LISTING_TOOLS = """() => {
  const actions = [...document.querySelectorAll(".cw-listing-tools__actions > *")].map((tool) => {
    const box = tool.getBoundingClientRect();
    const style = getComputedStyle(tool);
    const line = parseFloat(style.lineHeight);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const border = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    return {
      text: tool.innerText.trim(), top: box.top, bottom: box.bottom, height: box.height,
      lines: Math.round((box.height - padding - border) / line),
    };
  });
  const tools = document.querySelector(".cw-listing-tools").getBoundingClientRect();
  const listing = document.querySelector("[data-listing]");
  return {actions, toolsBottom: tools.bottom, listingTop: listing.getBoundingClientRect().top};
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_listing_tools_are_of_one_size_and_clear_of_the_table(
    browser, site_url: str, language: str, width: int
):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site_url}{language}/listing/")
    measured = page.evaluate(LISTING_TOOLS)
    page.close()
    actions = measured["actions"]
    assert len(actions) == 3, actions
    assert max(a["height"] for a in actions) - min(a["height"] for a in actions) <= 1, actions
    assert all(action["lines"] == 1 for action in actions), actions
    # The listing starts well below the tools (the keep box, the last of them, included).
    assert measured["listingTop"] - measured["toolsBottom"] >= 16, measured
