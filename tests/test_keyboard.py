"""The listing form and the checker with the keyboard alone: every control reached once, in
the order it is read, with a focus that can be seen, and each one usable from the keys."""

from __future__ import annotations

import pytest

from conftest import focus_is_visible, open_checker, open_form, row

pytestmark = pytest.mark.browser

# What the focused element is, in the listing: a tool, a header field, or a row's control.
DESCRIBE = """() => {
    const element = document.activeElement;
    const tools = {"data-listing-import": "import", "data-listing-add": "add",
                   "data-listing-keep": "keep", "data-listing-erase": "erase"};
    for (const [attribute, name] of Object.entries(tools)) {
        if (element.hasAttribute(attribute)) return name;
    }
    const field = element.closest("[data-field]");
    if (field) return `field:${field.dataset.field}`;
    const line = element.closest("tr[data-row]");
    if (!line) return element.closest("[data-listing], [data-listing-tools]") ? "other" : null;
    const number = [...line.parentElement.rows].indexOf(line) + 1;
    const kind = element.dataset.column
        || (element.matches("[data-limosa]") ? "limosa" : "")
        || (element.matches(".cw-listing__remove") ? "remove" : "other");
    return `${kind}:${number}`;
}"""
ROW_ORDER = ("remove", "identifier", "limosa", "name", "first_name")


def listing_stops(page) -> list[str]:
    """Tab from the top of the page through the form; its stops, in order (a date input's
    day, month and year count as one stop)."""
    page.evaluate("() => document.activeElement?.blur()")
    stops: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(DESCRIBE)
        if stop is None and stops:
            return stops  # out of the form
        if stop is not None and (not stops or stops[-1] != stop):
            stops.append(stop)
    pytest.fail(f"Tab never left the form: {stops[-10:]}")


def intercept_file_choosers(page) -> None:
    """From now on a file chooser the page opens is Playwright's, never the browser's own.

    Why not only `expect_file_chooser()` around the key press: its listener asks the browser
    to intercept choosers without waiting for the answer, and a busy page handles a key press
    (input comes first) before that request, so the chooser opened and was cancelled at once
    (the test failed at random under load; every time with the CPU slowed eightfold). The
    browser handles a page's protocol messages in order: once a later evaluation has
    answered, the interception is in place.
    """
    page.on("filechooser", lambda chooser: None)
    page.evaluate("() => 0")


def tab_to(page, stop: str) -> None:
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate(DESCRIBE) == stop:
            return
    pytest.fail(f"Tab never reached {stop}")


def test_the_listing_form_in_reading_order_with_a_visible_focus(page, site_url):
    open_form(page, f"{site_url}fr/listing/")
    stops = listing_stops(page)
    expected = ["import", "add", "erase", "keep"]
    expected += ["field:reference", "field:works_declaration", "field:date"]
    expected += [f"{kind}:{number}" for number in range(1, 26) for kind in ROW_ORDER]
    assert stops == expected

    # Each kind of control shows where the focus is (the tools, the header, two rows).
    page.evaluate("() => document.activeElement?.blur()")
    for stop in expected[: 7 + 2 * len(ROW_ORDER)]:
        tab_to(page, stop)
        assert focus_is_visible(page), f"no visible focus on {stop}"


def test_the_listing_form_is_filled_and_changed_from_the_keyboard(page, site_url, tmp_path):
    open_form(page, f"{site_url}nl/listing/")
    page.evaluate("() => document.activeElement?.blur()")
    tab_to(page, "field:reference")
    page.keyboard.type("REF-7")
    tab_to(page, "identifier:1")
    page.keyboard.type("93051822361")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the Limosa box of row 1
    assert row(page, 1).locator("[data-limosa]").is_checked()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Peeters")
    assert page.locator('input[name="reference"]').input_value() == "REF-7"
    assert row(page, 1).locator('[data-column="name"]').input_value() == "Peeters"
    row(page, 1).locator("[data-message]").filter(has_text="Correct rijksregisternummer").wait_for()

    # Five rows more, then one removed: the keyboard stays on the row that takes its place.
    page.evaluate("() => document.activeElement?.blur()")
    tab_to(page, "add")
    page.keyboard.press("Enter")
    assert page.locator("tbody tr[data-row]").count() == 30
    row(page, 3).locator('[data-column="name"]').fill("Drie")
    row(page, 4).locator('[data-column="name"]').fill("Vier")
    page.evaluate("() => document.activeElement?.blur()")
    tab_to(page, "remove:3")
    page.keyboard.press("Enter")
    assert page.locator("tbody tr[data-row]").count() == 29
    assert page.evaluate(DESCRIBE) == "remove:3"
    assert row(page, 3).locator('[data-column="name"]').input_value() == "Vier"
    # The last row removed: the keyboard goes to the new last one.
    page.evaluate("() => document.activeElement?.blur()")
    tab_to(page, "remove:29")
    page.keyboard.press("Space")
    assert page.evaluate(DESCRIBE) == "remove:28"

    # A crew list chosen from the keyboard.
    crew = tmp_path / "ploeg.csv"
    crew.write_text("88222999936;Janssens;An\n", encoding="utf-8")
    intercept_file_choosers(page)
    page.evaluate("() => document.activeElement?.blur()")
    tab_to(page, "import")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(crew))
    page.locator("[data-listing-problems]").filter(has_text="1 rij(en)").wait_for()
    # After the last row filled (row 3, "Vier"), never over an empty row between.
    assert row(page, 4).locator('[data-column="name"]').input_value() == "Janssens"


def test_every_answer_and_link_of_the_checker_shows_its_focus(page, site_url):
    open_checker(page, f"{site_url}fr/checker/")
    for question, option in (("cause", "provider"), ("provider_contact", "no_solution")):
        shown = f'.cw-checker > [data-question="{question}"]'
        options = page.locator(f"{shown} [data-option]")
        for index in range(options.count()):
            options.nth(index).focus()
            assert focus_is_visible(page), f"{question}: option {index + 1}"
        page.locator(f'{shown} [data-option="{option}"]').press("Enter")
        page.wait_for_selector(shown, state="detached")
    for link in ("a.cw-change", ".cw-restart-line a"):
        page.locator(link).first.focus()
        assert focus_is_visible(page), link
