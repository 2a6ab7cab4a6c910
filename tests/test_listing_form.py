"""The listing filled in the browser: typing, checks by Python in Pyodide, paste, CSV import,
storage only when asked, printing, and no request at all."""

from __future__ import annotations

import io
import re

import listing_bench
import pytest
from pypdf import PdfReader

import content
from checker.crew import MAX_ROWS

from conftest import (
    LANGUAGES,
    PYTHON_READY_MS,
    SOURCE_LANGUAGE,
    message,
    open_form,
    row,
    theme_started,
)

TEXTS = content.load()

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", "93051822361", "Numéro de registre national correct"),
        (
            "fr",
            "88.22.29-999.36",
            "Numéro BIS correct (date de naissance et chiffres de contrôle) : 88.22.29-999.36",
        ),
        ("nl", "08422999977", "Correct bisnummer"),
        ("fr", "93051822362", "chiffres de contrôle) ne correspondent pas"),
        ("nl", "12345", "11 cijfers; dit nummer heeft er 5"),
    ],
)
def test_each_number_is_checked_as_it_is_typed(page, site_url, language, value, expected):
    open_form(page, f"{site_url}{language}/listing/")
    identifier = row(page, 1).locator('input[data-column="identifier"]')
    identifier.fill(value)
    assert expected in message(page, 1)
    assert identifier.input_value() == value, "what was typed is never changed"
    invalid = "controle" in expected or "contrôle) ne" in expected or "cijfers;" in expected
    assert identifier.get_attribute("aria-invalid") == ("true" if invalid else "false")


def test_from_the_file_system_a_bis_number_is_checked(page, offline_url):
    open_form(page, f"{offline_url}nl/listing/index.html")
    identifier = row(page, 1).locator('input[data-column="identifier"]')
    identifier.fill("08422999977")
    assert "Correct bisnummer" in message(page, 1)
    identifier.fill("08422999978")
    page.wait_for_selector('tbody tr[data-row] input[aria-invalid="true"]')
    assert "Correct" not in message(page, 1)


def test_a_limosa_number_is_accepted_on_the_readers_word_and_never_said_valid(page, site_url):
    open_form(page, f"{site_url}fr/listing/")
    identifier = row(page, 2).locator('input[data-column="identifier"]')
    identifier.fill("L1-2024-XYZ")
    assert "S'il s'agit d'un numéro Limosa L1, indiquez-le" in message(page, 2)
    row(page, 2).locator("[data-limosa]").check()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-message]')[1].textContent"
        ".includes('Limosa L1, comme')"
    )
    text = row(page, 2).locator("[data-message]").inner_text()
    assert "n'est pas vérifié" in text and "correct" not in text
    assert identifier.get_attribute("aria-invalid") == "false"


def test_paste_a_block_from_a_spreadsheet(page, site_url):
    open_form(page, f"{site_url}nl/listing/")
    page.evaluate(
        """() => {
            const data = new DataTransfer();
            const block = "93051822361\\tPeeters\\tJan\\n88222999936\\tJanssens\\tAn\\n";
            data.setData("text/plain", block);
            const target = document.querySelectorAll('tbody tr')[2]
                .querySelector('input[data-column="identifier"]');
            target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                            cancelable: true}));
        }"""
    )
    page.wait_for_function(
        "() => document.querySelectorAll('tbody tr')[3].querySelector('[data-column=name]').value"
    )
    assert row(page, 3).locator('[data-column="name"]').input_value() == "Peeters"
    assert row(page, 4).locator('[data-column="first_name"]').input_value() == "An"
    assert "Correct bisnummer" in message(page, 4)


def test_import_a_csv_crew_list_of_a_thousand_rows(page, site_url, tmp_path):
    crew = tmp_path / "ploeg.csv"
    lines = ["Naam;Voornaam;INSZ"] + [f'"Peeters; {i}";Jan;93051822361' for i in range(1000)]
    crew.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    open_form(page, f"{site_url}nl/listing/")
    page.set_input_files("[data-listing-import]", str(crew))
    page.wait_for_function("() => document.querySelectorAll('tbody tr[data-row]').length === 1000")
    assert row(page, 1000).locator('[data-column="name"]').input_value() == "Peeters; 999"
    assert "1.000 rij(en)" in page.locator("[data-listing-problems]").inner_text()
    assert "Correct rijksregisternummer" in message(page, 1000)


def test_nothing_is_stored_unless_asked_and_erase_erases(page, site_url):
    open_form(page, f"{site_url}fr/listing/")
    row(page, 1).locator('[data-column="name"]').fill("Dupont")
    assert page.evaluate("localStorage.length") == 0
    page.locator("[data-listing-keep]").check()
    assert "Dupont" in page.evaluate("Object.values(localStorage).join()")
    page.reload()
    page.wait_for_selector("[data-listing-tools]:not([hidden])")
    assert row(page, 1).locator('[data-column="name"]').input_value() == "Dupont"
    page.locator("[data-listing-erase]").click()
    assert page.evaluate("localStorage.length") == 0
    assert row(page, 1).locator('[data-column="name"]').input_value() == ""


@pytest.mark.parametrize("language", list(TEXTS.languages))
def test_the_print_button_says_whether_it_prints_the_blank_or_the_filled_listing(
    page, site_url, language
):
    # Once something is typed, the listing printed is no longer blank.
    open_form(page, f"{site_url}{language}/listing/", wait_for_python=False)
    button = page.locator(".cw-listing-actions [data-print]")
    blank, filled = (TEXTS.text(key, language) for key in ("listing.print", "listing.print_filled"))
    assert button.inner_text() == blank
    row(page, 3).locator('[data-column="first_name"]').fill("Jef")
    assert button.inner_text() == filled
    row(page, 3).locator('[data-column="first_name"]').fill("")
    assert button.inner_text() == blank
    page.locator('[data-field="reference"] input').fill("REF-1")
    assert button.inner_text() == filled
    page.locator("[data-listing-erase]").click()
    assert button.inner_text() == blank


def test_rows_are_added_and_removed(page, site_url):
    open_form(page, f"{site_url}fr/listing/", wait_for_python=False)
    rows = page.locator("tbody tr[data-row]")
    assert rows.count() == 25
    page.locator("[data-listing-add]").click()
    assert rows.count() == 30
    row(page, 2).locator('[data-column="name"]').fill("Deux")
    row(page, 1).locator(".cw-listing__remove").click()
    assert rows.count() == 29
    assert row(page, 1).locator('[data-column="name"]').input_value() == "Deux"
    assert row(page, 1).locator(".cw-listing__number span").inner_text() == "1"


ROWS_HTML = "() => [...document.querySelectorAll('tbody tr[data-row]')].map((row) => row.outerHTML)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rows_are_in_the_page_as_listing_js_makes_them(page, built_site, site_url, language):
    # The inputs are in the HTML, laid out with the first paint (a script building them
    # held a phone's main thread); the rows listing.js makes must be the same, label for label.
    html = (built_site / language / "listing" / "index.html").read_text(encoding="utf-8")
    assert html.count("<tr data-row") == 25
    assert html.count('data-column="identifier"') == 25
    assert len(re.findall(r'<td colspan="2" data-field="\w+"><input ', html)) == 3
    open_form(page, f"{site_url}{language}/listing/", wait_for_python=False)
    built = page.evaluate(ROWS_HTML)
    assert len(built) == 25
    page.locator("[data-listing-erase]").click()  # every row made again by listing.js
    assert page.evaluate(ROWS_HTML) == built
    page.locator("[data-listing-add]").click()
    made = page.evaluate(ROWS_HTML)
    assert made[:25] == built and len(made) == 30
    # Row 30 has the page's shape, with its own number.
    digits = re.compile(r"\d+")
    assert digits.sub("#", made[29]) == digits.sub("#", built[0])
    assert 'id="cw-listing-message-30"' in made[29]


def test_a_kept_listing_longer_than_the_page_comes_back_whole(page, site_url):
    open_form(page, f"{site_url}fr/listing/", wait_for_python=False)
    page.locator("[data-listing-keep]").check()
    page.locator("[data-listing-add]").click()
    row(page, 30).locator('[data-column="name"]').fill("Trente")
    row(page, 30).locator("[data-limosa]").check()
    page.reload()
    page.wait_for_selector("[data-listing-tools]:not([hidden])")
    assert page.locator("tbody tr[data-row]").count() == 30
    assert row(page, 30).locator('[data-column="name"]').input_value() == "Trente"
    assert row(page, 30).locator("[data-limosa]").is_checked()
    assert page.locator("[data-limosa]:checked").count() == 1
    assert row(page, 30).locator(".cw-listing__number span").inner_text() == "30"


def test_without_scripts_the_listing_is_the_blank_table(browser, site_url):
    # The form's controls are in the page; without scripts none shows, on a phone too, and
    # the rows stay a table that prints on one page.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}fr/listing/")
    controls = ".cw-listing :is(input, button, label, [data-message])"
    assert page.locator(controls).count() > 25 * 4
    assert page.locator(f"{controls}:visible").count() == 0
    assert page.locator("[data-listing-tools]").is_hidden()
    displays = page.evaluate(
        "() => [...document.querySelectorAll('.cw-listing tbody tr')]"
        ".map((line) => getComputedStyle(line).display)"
    )
    assert displays == ["table-row"] * 25
    assert len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages) == 1
    context.close()


def page_of(language: str, number: int, count: int) -> str:
    return TEXTS.text("listing.page_of", language, page=number, pages=count)


# 25 rows on the first page (under the title and introduction), 30 on each one after.
PRINTED_PAGES = {60: 3, 100: 4}


@pytest.mark.parametrize(
    ("language", "workers"),
    [*((language, 60) for language in LANGUAGES), (SOURCE_LANGUAGE, 100)],
    ids=str,
)
def test_a_filled_listing_prints_page_by_page_with_its_header_and_page_number(
    page, site_url, tmp_path, language, workers
):
    crew = tmp_path / "crew.csv"
    crew.write_text(
        "\n".join(f"93051822361;Nom{i:03d};Prénom" for i in range(workers)), encoding="utf-8"
    )
    open_form(page, f"{site_url}{language}/listing/")
    page.fill('input[name="reference"]', "REF-2026-001")
    page.fill('input[name="works_declaration"]', "DECL-42")
    page.fill('input[name="date"]', "2026-11-30")
    page.set_input_files("[data-listing-import]", str(crew))
    page.wait_for_function(
        f"() => document.querySelectorAll('tbody tr[data-row]').length === {workers}"
    )
    checked = message(page, workers)
    focused = row(page, 7).locator('[data-column="name"]')
    focused.focus()

    # The page numbers are text of the page, not the Chromium-only page-margin boxes: the
    # form's margin-box rule taken away, they are all still printed.
    page.evaluate("() => document.querySelector('style[data-page-numbers]').remove()")
    page.emulate_media(media="print")
    page.wait_for_selector("[data-listing-pages]", state="attached")
    count = PRINTED_PAGES[workers]
    numbers = page.locator(".cw-listing__page-number").all_inner_texts()
    assert numbers == [page_of(language, n, count) for n in range(1, count + 1)]
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in pdf.pages]
    assert len(pages) == count, "each printed page holds exactly one page of rows"
    for number, text in enumerate(pages, start=1):
        assert text.count(page_of(language, number, count)) == 1
        for key in ("listing.reference", "listing.works_declaration", "listing.date"):
            assert TEXTS.text(key, language) in text
        assert "REF-2026-001" in text and "DECL-42" in text and "2026-11-30" in text
    for i in range(workers):
        # Each worker whole on one page: number, identifier, name, first name together.
        whole = f"{i + 1} 93051822361 Nom{i:03d} Prénom"
        assert sum(whole in text for text in pages) == 1, whole

    # Back on the screen, the form is as it was: rows, values, checks, focus.
    page.emulate_media(media="screen")
    page.wait_for_selector("[data-listing-pages]", state="detached")
    assert page.locator("tbody tr[data-row]").count() == workers
    assert (
        row(page, workers).locator('[data-column="name"]').input_value() == f"Nom{workers - 1:03d}"
    )
    assert page.locator('input[name="reference"]').input_value() == "REF-2026-001"
    assert message(page, workers) == checked
    assert focused.evaluate("(input) => input === document.activeElement")


def test_the_form_works_and_prints_without_python(page, site_url):
    page.route("**/pyodide/**", lambda route: route.abort())
    open_form(page, f"{site_url}nl/listing/", wait_for_python=False)
    page.wait_for_selector(
        '[data-listing][data-python="failed"]', state="attached", timeout=PYTHON_READY_MS
    )
    assert "kan niet in deze pagina draaien" in page.locator("[data-listing-status]").inner_text()
    row(page, 1).locator('[data-column="name"]').fill("Peeters")
    assert "Peeters" in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages[0].extract_text()


def test_no_request_leaves_the_page_while_the_form_is_used_and_printed(page, site_url, tmp_path):
    open_form(page, f"{site_url}fr/listing/")
    theme_started(page)  # before anything is typed
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.fill('input[name="reference"]', "REF-SECRET")
    row(page, 1).locator('[data-column="identifier"]').fill("93051822361")
    row(page, 1).locator('[data-column="name"]').fill("Secretname")
    message(page, 1)
    crew = tmp_path / "crew.csv"
    crew.write_text("88222999936;Hidden;Person\n", encoding="utf-8")
    page.set_input_files("[data-listing-import]", str(crew))
    page.wait_for_function(
        "() => document.querySelectorAll('tbody tr')[1].querySelector('input').value"
    )
    page.pdf(format="A4")
    assert requests == [], "no request at all while the form is used and printed"


# --- Lists pasted and imported: nothing typed is lost, nothing read wrong ------------------

PASTE = """(block) => {
    const data = new DataTransfer();
    data.setData("text/plain", block);
    const target = document.querySelector('tbody tr[data-row] input[data-column="identifier"]');
    target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                    cancelable: true}));
}"""


def cells(page, number: int) -> list[str]:
    return [
        row(page, number).locator(f'[data-column="{column}"]').input_value()
        for column in ("identifier", "name", "first_name")
    ]


def said(page) -> str:
    return page.locator("[data-listing-problems]").inner_text()


def test_an_import_or_a_paste_goes_after_the_filled_rows_never_over_them(page, site_url, tmp_path):
    open_form(page, f"{site_url}fr/listing/")
    typed = ["93051822361", "Typed", "Worker"]
    for column, value in zip(("identifier", "name", "first_name"), typed, strict=True):
        row(page, 2).locator(f'[data-column="{column}"]').fill(value)
    crew = tmp_path / "crew.csv"
    crew.write_text("88222999936;Janssens;An\n08422999977;Peeters;Jan\n", encoding="utf-8")
    page.set_input_files("[data-listing-import]", str(crew))
    page.wait_for_function("() => document.querySelector('[data-listing-problems] p')")
    assert [cells(page, n) for n in (1, 2, 3, 4)] == [
        ["", "", ""],
        typed,
        ["88222999936", "Janssens", "An"],
        ["08422999977", "Peeters", "Jan"],
    ]
    assert "2 ligne(s) ajoutée(s) au listing, à partir de la ligne 3." in said(page)
    # Pasted into the empty first row, with filled rows below it: after them too.
    page.evaluate(PASTE, "85073003328\tDoe\tJohn\n")
    page.wait_for_function(
        "() => document.querySelectorAll('tbody tr')[4].querySelector('input').value"
    )
    assert cells(page, 1) == ["", "", ""]
    assert cells(page, 5) == ["85073003328", "Doe", "John"]
    assert "1 ligne(s) ajoutée(s) au listing, à partir de la ligne 5." in said(page)
    # No header: the columns were taken in the form's order, and the reader is told so.
    assert "lues dans cet ordre : numéro, nom, prénom" in said(page)


def test_a_list_too_long_for_the_form_is_refused_whole_with_one_message(page, site_url, tmp_path):
    open_form(page, f"{site_url}en/listing/")
    row(page, 1).locator('[data-column="name"]').fill("Typed")
    blank_rows = page.locator("tbody tr[data-row]").count()
    workers = [f"93051822361;Name {i};First" for i in range(MAX_ROWS + 1)]
    too_long = tmp_path / "too-long.csv"
    too_long.write_text("Number;Surname;First name\n" + "\n".join(workers), encoding="utf-8")
    as_long = tmp_path / "as-long.csv"
    as_long.write_text("\n".join(workers[:MAX_ROWS]), encoding="utf-8")
    refusals = {
        "imported": lambda: page.set_input_files("[data-listing-import]", str(too_long)),
        "pasted": lambda: page.evaluate(PASTE, "\n".join(w.replace(";", "\t") for w in workers)),
        # The limit is the form's: one typed row and a list of the limit's length exceed it.
        "added to a typed row": lambda: page.set_input_files("[data-listing-import]", str(as_long)),
    }
    too_large = (
        "Nothing was imported: this list is too large; the paper list has 5,000 rows at most."
    )
    expected = {
        "imported": too_large,
        "pasted": too_large,
        "added to a typed row": "Nothing was imported: with this list, the paper list would have "
        "more than 5,000 rows, its maximum.",
    }
    for way, refuse in refusals.items():
        page.evaluate("() => document.querySelector('[data-listing-problems]').replaceChildren()")
        refuse()
        page.wait_for_function("() => document.querySelector('[data-listing-problems] p')")
        assert said(page) == expected[way], way
        assert page.locator("tbody tr[data-row]").count() == blank_rows, way
        assert cells(page, 1) == ["", "Typed", ""], way


def test_a_crew_list_is_read_by_its_column_titles_in_any_of_the_guides_languages(
    page, site_url, tmp_path
):
    # The German titles on the French page, and so on: a list reads the same on any page.
    lists = {
        "fr": "Nummer;Vorname;Nachname",
        "nl": "Liste du personnel\nnuméro;prénom;nom",
        "de": "Number;First name;Surname",
        "en": "Rijksregisternummer;Voornaam;Naam",
    }
    for language, header in lists.items():
        crew = tmp_path / f"{language}.csv"
        crew.write_text(f"{header}\n85073003328;John;Doe\n", encoding="utf-8")
        open_form(page, f"{site_url}{language}/listing/")
        page.set_input_files("[data-listing-import]", str(crew))
        page.wait_for_function("() => document.querySelector('tbody tr input').value")
        assert cells(page, 1) == ["85073003328", "Doe", "John"], language
        remarks = page.locator("[data-listing-problems] p").all_inner_texts()
        # The rows added, and the title line skipped where there is one: no columns guessed.
        assert len(remarks) == 1 + header.count("\n"), (language, remarks)


def test_a_crew_of_the_forms_size_goes_in_by_tasks_and_only_rows_in_view_are_laid_out(
    page, site_url
):
    """The 5,000 rows of a list as long as the form takes are written a task at a time
    (a timer set when the first rows appear runs before the last are written: the page
    answers in between), in groups the browser lays out only in view; every number is
    checked; the form then takes no more rows, as its page says before anything is typed."""
    open_form(page, f"{site_url}en/listing/")
    assert "This form takes at most 5,000 rows" in page.locator("[data-listing-tools]").inner_text()
    page.evaluate(
        """() => {
            const table = document.querySelector("[data-listing] table");
            const observer = new MutationObserver(() => {
                observer.disconnect();
                setTimeout(() => {
                    window.rowsAtFirstTimer = table.querySelectorAll("tbody tr").length;
                }, 0);
            });
            observer.observe(table, { subtree: true, childList: true });
        }"""
    )
    page.set_input_files(
        "[data-listing-import]",
        files=[
            {
                "name": "crew.csv",
                "mimeType": "text/csv",
                "buffer": listing_bench.crew_csv(MAX_ROWS).encode(),
            }
        ],
    )
    page.wait_for_function(
        """(count) => {
            const messages = document.querySelectorAll("[data-listing] tbody [data-message]");
            return messages.length === count && [...messages].every((m) => m.textContent);
        }""",
        arg=MAX_ROWS,
        timeout=120_000,
        polling=500,
    )
    assert 0 < page.evaluate("window.rowsAtFirstTimer") < MAX_ROWS
    groups = page.evaluate(
        """() => [...document.querySelector("[data-listing] table").tBodies].map((group) => [
            group.rows.length,
            group.rows[0].checkVisibility({ contentVisibilityAuto: true }),
        ])"""
    )
    assert sum(rows for rows, _ in groups) == MAX_ROWS
    assert max(rows for rows, _ in groups) <= 100
    assert groups[0][1] and not groups[-1][1], "the first group in view, the last not laid out"
    valid = page.locator("[data-listing] tbody [data-message]").evaluate_all(
        "(messages) => messages.filter((m) => m.textContent.startsWith('Correct national')).length"
    )
    assert valid == MAX_ROWS
    assert page.locator("[data-listing-add]").is_disabled()
    assert "5,000 row(s) added to the list, from row 1 on." in said(page)
