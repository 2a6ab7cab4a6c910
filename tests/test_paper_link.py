"""Paper that leads back (macros/paper_code.py): where the site's address is known, the blank
listing, the filled listing's print and the checker's printed record carry the address of the
guide in their language (the record: of the same answers) and its QR code, read here from the
printed sheet as a phone would; without the address, and in the offline guide, none."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import content
from checker import decide, walk_states
from checker.flow import FLOW
from macros.render import checker_page, render_site

from conftest import (
    LANGUAGES,
    as_built,
    open_checker,
    open_form,
    qr_codes,
    run_checker,
    theme_started,
)

TEXTS = content.load()
ROOT = "xx"  # the root's language in mkdocs.yml (the i18n plugin's default)
ADDRESS = "https://example.be/guide/"
PATHS = json.loads(run_checker("paths", "--json").stdout)
PAPER_LINK = re.compile(
    r'<div class="cw-paper-link" data-paper-link>(<svg [^>]*>.*?</svg>)?<p>(.*?) '
    r'<span class="cw-paper-link__address" data-paper-address>([^<]*)</span></p></div>'
)
OUTCOME_STATES = [state for state in walk_states() if decide(list(state.items())).outcome]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _segments(answers: dict[str, str]) -> str:
    return "".join(f"{question}-{option}/" for question, option in answers.items())


def _printed(pdf: bytes) -> list[str]:
    return [_flat(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(pdf)).pages]


def _links(markdown: str) -> list[tuple[bool, str, str]]:
    """(has a code, words, address) of each paper line of a rendered page."""
    return [(bool(code), words, address) for code, words, address in PAPER_LINK.findall(markdown)]


@pytest.fixture(scope="module")
def with_address():
    return render_site(TEXTS, ROOT, "0.0.0", site_url=ADDRESS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_the_sites_address_the_listing_leads_to_its_languages_guide(with_address, language):
    page = with_address.pages[f"{language}/listing/index.md"]
    words = TEXTS.text("paper.guide", language)
    assert _links(page) == [(True, words, f"{ADDRESS}{language}/")]
    assert page.count("data-paper-link") == 1


def test_the_side_by_side_listing_leads_to_the_sites_root(with_address):
    ((code, words, address),) = _links(with_address.pages[f"{ROOT}/listing/index.md"])
    assert code and address == ADDRESS
    for language in TEXTS.fact("side_by_side_listing.languages"):
        assert f'<span lang="{language}">{TEXTS.text("paper.guide", language)}</span>' in words


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_outcomes_record_leads_to_the_same_answers(with_address, language):
    """A state's page holds its own code; the hidden outcomes the page shows without loading
    another (checker.js) hold the line without address or code, filled when shown."""
    words = TEXTS.text("paper.check_again", language)
    templates = [(False, words, "")] * len(FLOW.outcomes)
    for state in walk_states():
        page = with_address.pages[checker_page(language, state)]
        assert f'data-paper-base="{ADDRESS}{language}/checker/"' in page
        assert page.count('javascripts/qrcode-generator.js" defer></script>') == 1
        own = [(True, words, f"{ADDRESS}{language}/checker/{_segments(state)}")]
        expected = (own if state in OUTCOME_STATES else []) + templates
        assert _links(page) == expected, _segments(state)


def test_without_the_sites_address_no_page_carries_a_code():
    site = render_site(TEXTS, ROOT, "0.0.0")
    for path, page in site.pages.items():
        for mark in ("data-paper-link", "data-paper-base", "qrcode-generator", "<svg"):
            if mark == "<svg" and path.endswith("procedure.md"):
                continue  # the decision tree's picture
            assert mark not in page, f"{path}: {mark}"
    assert site.unused_keys == [], "the paper's words are read all the same"


def _html_files(site: Path) -> list[Path]:
    return [path for path in site.rglob("*.html") if "pyodide" not in path.parts]


@pytest.mark.parametrize("kind", ["online", "offline"])
def test_a_site_built_without_its_address_and_the_offline_guide_carry_none(request, kind):
    site = request.getfixturevalue("built_site" if kind == "online" else "offline_site")
    assert not (site / "javascripts" / "qrcode-generator.js").exists()
    for page in _html_files(site):
        html = page.read_text(encoding="utf-8")
        assert "data-paper-link" not in html and "data-paper-base" not in html, page


@pytest.mark.parametrize("listing", [*(f"{language}/listing" for language in LANGUAGES), "listing"])
def test_the_blank_listings_pdf_leads_to_the_guide(addressed_site, tmp_path, listing):
    pdf = (addressed_site.site / listing / "listing.pdf").read_bytes()
    language = listing.split("/")[0] if "/" in listing else ""
    guide = addressed_site.address + (f"{language}/" if language else "")
    assert qr_codes(pdf, tmp_path) == [[guide]], "one A4 page, its code read from the sheet"
    assert guide in _printed(pdf)[0]


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_printed_record_leads_to_its_own_answers_on_one_page(
    page, addressed_site, addressed_url, tmp_path, language
):
    as_built(page)  # each state's page as built, none starting Python
    words = _flat(TEXTS.text("paper.check_again", language))
    for number, path in enumerate(PATHS):
        segments = _segments(path["answers"])
        page.goto(f"{addressed_url}{language}/checker/{segments}")
        page.wait_for_selector("[data-print]:not([hidden])")  # checker.js has run
        pdf = page.pdf(format="A4", print_background=True)
        expected = f"{addressed_site.address}{language}/checker/{segments}"
        assert qr_codes(pdf, tmp_path / str(number)) == [[expected]], segments
        (sheet,) = _printed(pdf)
        assert words in sheet and expected in sheet.replace(" ", "")


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_outcome_shown_in_the_page_prints_the_code_of_its_answers(
    page, addressed_site, addressed_url, tmp_path, language
):
    """Answered in the page (Python, no page loaded), the record's code is drawn in the page
    from the site's address, without a request; answered again, it follows."""
    first, second = PATHS[0], max(PATHS, key=lambda path: len(path["answers"]))
    assert first["outcome"] != second["outcome"]
    open_checker(page, f"{addressed_url}{language}/checker/")
    # Settled before the requests are counted: the theme started, and the first change of
    # address made (which loads the icon again: checker.js).
    theme_started(page)
    answers = list(first["answers"].items())
    page.locator(f'[data-question="{answers[0][0]}"] [data-option="{answers[0][1]}"]').click()
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for number, path in enumerate([first, second]):
        if number:
            page.locator(".cw-restart").click()
        for question, option in list(path["answers"].items())[0 if number else 1 :]:
            page.locator(f'[data-question="{question}"] [data-option="{option}"]').click()
        page.wait_for_selector(
            f'[data-outcome="{path["outcome"]}"] [data-paper-link] svg', state="attached"
        )
        segments = _segments(path["answers"])
        assert page.url == f"{addressed_url}{language}/checker/{segments}", "answered in the page"
        pdf = page.pdf(format="A4", print_background=True)
        expected = f"{addressed_site.address}{language}/checker/{segments}"
        assert qr_codes(pdf, tmp_path / str(number)) == [[expected]]
        assert expected in _printed(pdf)[0].replace(" ", "")
    # Chromium asks for the page's icon again as the address changes (from its cache): the
    # browser's own request. The page asks for nothing.
    assert [url for url in requests if not url.endswith("/assets/images/favicon.png")] == []


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filled_listing_prints_the_code_on_its_first_sheet(
    page, addressed_site, addressed_url, tmp_path, language
):
    crew = tmp_path / "crew.csv"
    crew.write_text("\n".join(f"93051822361;Nom{i:03d};Prénom" for i in range(40)), "utf-8")
    open_form(page, f"{addressed_url}{language}/listing/")
    page.set_input_files("[data-listing-import]", str(crew))
    page.wait_for_function("() => document.querySelectorAll('tbody tr[data-row]').length === 40")
    page.emulate_media(media="print")
    page.wait_for_selector("[data-listing-pages]", state="attached")
    pdf = page.pdf(format="A4")
    sheets = _printed(pdf)
    assert len(sheets) == 2, "25 rows, then 15: the code takes no row's room"
    guide = f"{addressed_site.address}{language}/"
    assert qr_codes(pdf, tmp_path / "read") == [[guide], []]
    assert guide in sheets[0]
