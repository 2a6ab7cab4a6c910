"""What the pages say, point by point against the official text: each test names the point
it holds. The expected words come from content/ or from the official text; the pages are
those of the built site, every language the content declares."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

import content
from checker.identity import check_id
from checker.wording import identity_message
from macros import dated

from conftest import LANGUAGES, SOURCE_LANGUAGE, expected_words, run_checker, run_checker_json

TEXTS = content.load()
CONTACT_PATHS = {
    "call_contact_center": ["cause=company", "other_channel=no", "contact_time=open"],
    "contact_form": ["cause=company", "other_channel=no", "contact_time=closed"],
}


def outcome(language: str, *answers: str) -> dict:
    code, result = run_checker_json("decide", "--json", "--lang", language, *answers)
    assert code == 0, result
    return result["outcome"]


def page_text(built_site: Path, path: str) -> str:
    html = (built_site / path).read_text(encoding="utf-8")
    # The text of the page's content, without the hidden templates of the in-page checker.
    html = html.split('<div class="cw-templates"', 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# The listing step is conditional: "Si vous avez reçu un numéro de référence".
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome_id", sorted(CONTACT_PATHS))
def test_the_listing_step_is_conditional(language, outcome_id):
    step = TEXTS.text("checker.listing_step", language)
    assert step.startswith(expected_words("listing_step_condition", language))
    assert step in outcome(language, *CONTACT_PATHS[outcome_id])["text"]
    assert "ensuite ce numéro" not in TEXTS.text("checker.listing_step", SOURCE_LANGUAGE)


# exempt_infrastructure: no advice beyond the source; what the source says.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_infrastructure_exemption_says_what_the_source_says(language):
    text = TEXTS.text("checker.outcome.exempt_infrastructure.text", language)
    proof = expected_words("proof_advice", language)
    assert proof.lower() not in text.lower(), "keeping proof is advice no source gives"
    for words in expected_words("infrastructure_verified", language):
        assert words in text


# use_other_channel: the source gives an instruction, not a tip.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_subcontractors_instruction_is_an_instruction(language):
    text = TEXTS.text("checker.outcome.use_other_channel.text", language)
    assert not re.search(rf"\b{expected_words('tip', language)}\b", text)
    assert expected_words("instruction_not_tip", language) in text


# The BIS number: kept, said to be the guide's reading on the listing page and listed
# under what is not confirmed.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bis_number_is_the_guides_reading(built_site, language):
    note = TEXTS.text("listing.bis_note", language)
    assert expected_words("guides_reading", language) in note
    assert note in page_text(built_site, f"{language}/listing/index.html")
    about = page_text(built_site, f"{language}/about/index.html")
    uncertain = about.split(TEXTS.text("about.uncertain_heading", language), 1)[1]
    assert expected_words("bis_number", language) in uncertain


# The Limosa format: only that it was not found, never that it is unpublished.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_limosa_format_is_not_said_unpublished(language):
    message = identity_message(TEXTS, language, check_id("L1-2024-1", limosa=True))
    assert expected_words("limosa_not_published", language) not in message
    assert expected_words("limosa_not_found", language) in message


# The sources page: publisher, French title, date of the copy, which copy, prevails.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sources_page_says_where_the_text_comes_from(built_site, language):
    text = page_text(built_site, f"{language}/about/index.html")
    official_title = TEXTS.text("source.title", SOURCE_LANGUAGE)
    assert official_title.replace("'", "&#x27;") in text or official_title in text
    assert "socialsecurity.be" in text
    # The day of the copy, as the language writes a day (macros/dated.py).
    assert re.sub(r"<[^>]+>", "", dated.values(TEXTS, language)["text_date"]) in text
    # The two copies of the official text word step 3.2 differently; which one is followed.
    unescaped = text.replace("&#x27;", "'")
    for phrase in ("de nous contacter via le formulaire", "d'envoyer un e-mail via le formulaire"):
        assert phrase in unescaped
    assert expected_words("follows_second_copy", language) in text
    assert expected_words("official_prevails", language) in text


# An uncertain fact is marked on every page that uses it.
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_that_uses_an_unconfirmed_fact_marks_it(built_site, language):
    derived_form = TEXTS.text("facts.contact_form_url", language)
    form_confirmed = TEXTS.text("facts.confirmed.contact_form_url", language) == "yes"
    menu_confirmed = TEXTS.text("facts.confirmed.phone_menu", language) == "yes"
    assert (derived_form == TEXTS.fact("contact_form.official_url")) == form_confirmed
    # The notes' words up to their first link, as the page shows them.
    form_note = TEXTS.text("uncertain.contact_form_url", language).split("[", 1)[0].strip()
    menu_note = TEXTS.text("uncertain.phone_menu", language).split("[", 1)[0].strip()
    menu_step = TEXTS.text("source.step_3_2.text", language).split("**")[3]  # "Tapez 2 pour ..."
    checked = {"form": 0, "menu": 0}
    for page in sorted((built_site / language).rglob("index.html")):
        html = page.read_text(encoding="utf-8").split('<div class="cw-templates"', 1)[0]
        text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
        if not form_confirmed and derived_form.replace("&", "&amp;") in html:
            checked["form"] += 1
            assert form_note in text, page
        if not menu_confirmed and unescape(menu_step) in text:
            checked["menu"] += 1
            assert menu_note in text, page
    # The procedure, the contact page and both contact outcomes at least.
    if not form_confirmed:
        assert checked["form"] >= 4, checked
    if not menu_confirmed:
        assert checked["menu"] >= 3, checked
    if form_confirmed and menu_confirmed:
        assert "cw-uncertain" not in page_text(built_site, f"{language}/procedure/index.html")


# What the reference number is for.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reference_number_records_the_problem(language):
    words = expected_words("reference_records_problem", language)
    assert words in TEXTS.text("contact.menu", language)
    assert words in outcome(language, *CONTACT_PATHS["call_contact_center"])["text"]


# Dutch wording, and one style of quotation marks in each language.
def test_dutch_wording():
    dutch = {key: text["nl"] for key, text in TEXTS.texts.items() if "nl" in text}
    every = " ".join(dutch.values())
    for wrong in ("andere organisatie", "de datum van de dag", "bediendes"):
        assert wrong not in every, wrong
    assert "regeling" in dutch["source.attention.text"]
    assert "datum van vandaag" in dutch["source.step_3_3.text"]
    assert "kantoorpersoneel" in dutch["home.who"]
    # A row of a table is a "rij" (a "regel" is a line of text, as in an imported file).
    for key in ("source.heading.summary", "listing.fill.cell_label", "listing.fill.imported"):
        assert re.search(r"\brij", dutch[key]) and "regel" not in dutch[key], key


# Each style of quotation marks, as a quoted span: German „…“ is looked for first and taken
# out, since its closing mark is the opening mark of “…”.
QUOTES = {
    "„ “": r"„[^„“”]*[“”]",
    "« »": r"«[^»]*»",
    "“ ”": r"“[^“”]*”",
    "‘ ’": r"‘[^‘’]*’",
    '" "': r'"[^"]*"',
}


# The secondary marks of a language, allowed inside (or for a text quoted inside) its own.
SECONDARY = {"„ “": "‚ ‘", "“ ”": "‘ ’"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_style_of_quotation_marks(language):
    styles = set()
    for key, text in TEXTS.texts.items():
        if key.startswith("facts."):
            continue
        if language == SOURCE_LANGUAGE and key.startswith("source."):
            continue  # the official text word for word, with its own marks
        remaining = text[language]
        for style, quoted in QUOTES.items():
            if re.search(quoted, remaining):
                styles.add(style)
                remaining = re.sub(quoted, "", remaining)
    primary = {style for style in styles if style not in SECONDARY.values()}
    assert len(primary) == 1, styles
    assert styles - primary <= {SECONDARY.get(next(iter(primary)))}, styles


# The print button says what it prints: in test_listing_form.py (a browser is needed).

# check-id says exactly what was checked: in test_identity.py.


# An unknown option lists the possible answers.
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_option_lists_the_possible_answers(language):
    result = run_checker("decide", "--lang", language, "cause=provider", "provider_contact=maybe")
    assert result.returncode == 2
    for option in ("not_yet", "solution", "no_solution", "not_provider"):
        assert option in result.stderr
    code, answer = run_checker_json("decide", "--json", "--lang", language, "cuase=provider")
    assert code == 2
    message = answer["errors"][0]["message"]
    assert all(question in message for question in ("cause", "provider_contact", "contact_time"))


def test_the_cli_json_of_an_error_is_still_its_contract():
    code, answer = run_checker_json("decide", "--json", "cause=maybe")
    assert code == 2
    assert answer["status"] == "error"
    assert [error["code"] for error in answer["errors"]] == ["unknown_option"]
    json.dumps(answer)


# --- Flow version 3 and the readings that go with it ------------------------------------

EXEMPT_PATHS = {
    "exempt_checkinatwork": ["cause=checkinatwork"],
    "exempt_infrastructure": ["cause=third_party", "other_channel=no", "permanent=no"],
}


# Checkinatwork itself unavailable: none of its channels works; where one does, step 2.
@pytest.mark.parametrize("language", LANGUAGES)
def test_checkinatwork_unavailable_means_none_of_its_channels(language):
    none = expected_words("none_of_its_channels", language)
    assert none in TEXTS.text("checker.option.cause.checkinatwork", language)
    said = outcome(language, *EXEMPT_PATHS["exempt_checkinatwork"])
    assert none in said["text"]
    assert expected_words("one_channel_still_works", language) in said["text"]
    assert [d["id"] for d in said["divergences"]] == ["checkinatwork"]


# The third party excludes the reader's own means and its co-contractor's.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_third_party_option_says_what_it_excludes(language):
    option = TEXTS.text("checker.option.cause.third_party", language)
    assert expected_words("not_a_third_party", language) in option


# No channel: none works, or no means of using one.
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_channel_covers_having_no_device(language):
    assert expected_words("no_device", language) in TEXTS.text(
        "checker.option.other_channel.no", language
    )


# The provider's solution: offered, or already applied.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_provider_s_solution_may_be_applied_already(language):
    assert expected_words("solution_applied", language) in TEXTS.text(
        "checker.option.provider_contact.solution", language
    )


# Every exemption says it covers the day, in its title and in what it says.
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome_id", sorted(EXEMPT_PATHS))
def test_every_exemption_is_for_the_day(language, outcome_id):
    said = outcome(language, *EXEMPT_PATHS[outcome_id])
    day = expected_words("for_the_day", language)
    assert day in said["title"] and day in said["text"]


# The divergences say where each condition comes from, and name both of the company's.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_divergences_name_their_sources(language):
    third_party = TEXTS.text("checker.divergence.third_party", language)
    assert TEXTS.text("source.attention.heading", language) in third_party
    company = TEXTS.text("checker.divergence.company", language)
    condition = expected_words("listing_step_condition", language)
    assert condition.lower()[:12] in company.lower()


# The phone menu: one meaning everywhere; no menu in another language is invented.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phone_menu_note_says_the_keys_are_the_french_menu(language):
    note = TEXTS.text("uncertain.phone_menu", language)
    assert expected_words("keys_of_the_french_menu", language) in note
    assert expected_words("choose", language) not in note.lower()


# The international number beside the call.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_international_number_is_beside_the_call(built_site, language):
    international = TEXTS.fact("contact_center.phone_international")
    said = outcome(language, *CONTACT_PATHS["call_contact_center"])
    abroad = re.escape(expected_words("from_abroad", language))
    assert re.search(rf"{abroad}\s?: {re.escape(international)}", said["text"])
    assert international in page_text(built_site, f"{language}/contact/index.html")


OFFICIAL_FORM = TEXTS.fact("contact_form.official_url")


# The form is a page in French, wherever it is linked in a language that links the French form.
@pytest.mark.parametrize(
    "language",
    [
        language
        for language in LANGUAGES
        if language != SOURCE_LANGUAGE
        and TEXTS.text("facts.contact_form_url", language)
        == TEXTS.fact("contact_form.official_url")
    ],
)
def test_the_contact_form_is_said_to_be_a_page_in_french(built_site, language):
    words = expected_words("page_in_french", language)
    for key in ("contact.form", "source.step_3_2.text", "checker.outcome.contact_form.text"):
        assert words in TEXTS.text(key, language), key
    for page in ("contact", "procedure"):
        assert words in page_text(built_site, f"{language}/{page}/index.html"), page


# The page with the opening hours is in Dutch: said in every other language.
@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "nl"])
def test_the_hours_page_is_said_to_be_in_dutch(language):
    assert "site_nl" in TEXTS.fact("contact_center.hours.source_url")
    assert expected_words("page_in_dutch", language) in TEXTS.text("contact.hours", language)


# The permanent case: the source's enumeration as it is, and the French term beside.
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_exemption_permanent_keeps_the_source_s_enumeration(language):
    text = TEXTS.text("checker.outcome.no_exemption_permanent.text", language)
    example = text.split(":")[-2] if language == SOURCE_LANGUAGE else text
    assert not re.search(r"\b(ou|or|oder|of) (via|through|über)\b", example)
    if language != SOURCE_LANGUAGE:
        assert "entrepreneurs déclarants" in text


# The BIS note: for posted workers, the official text names the Limosa L1 number.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bis_note_names_limosa_for_posted_workers(language):
    note = TEXTS.text("listing.bis_note", language)
    assert expected_words("posted_worker_limosa", language) in note
    assert "Limosa" in note.split(expected_words("posted_worker_limosa", language))[1]


# The sources page: the two copies' differences, the spelling not read as the guide's own.
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sources_page_names_the_differences_of_the_copies(built_site, language):
    text = page_text(built_site, f"{language}/about/index.html")
    assert "checkinatwork" in text and "checkinetwork" in text
    assert expected_words("only_the_first_gives_the_address", language) in text
    assert "y est écrit" not in TEXTS.texts["about.source"]["fr"]


# A quoted row inside quotation marks: the inner pair in the language's secondary marks.
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_quotation_marks_nested_in_the_same_marks(language):
    heading = TEXTS.text(
        "source.heading.summary",
        language,
        cause=TEXTS.text("source.summary_checkinatwork.cause", language),
    )
    for opening, closing in ("“”", "«»", "„“"):
        inner = heading[heading.find(opening) + 1 : heading.rfind(closing)]
        if opening in heading and language != SOURCE_LANGUAGE:
            assert opening not in inner and closing not in inner, heading


# An unconfirmed fact's note stands where that fact is used: not on the other outcome.
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_contact_outcome_notes_only_its_own_facts(language):
    call = outcome(language, *CONTACT_PATHS["call_contact_center"])
    form = outcome(language, *CONTACT_PATHS["contact_form"])
    form_note = TEXTS.text("uncertain.contact_form_url", language)
    menu_note = TEXTS.text("uncertain.phone_menu", language)
    assert form_note not in call["notes"]
    assert menu_note not in form["notes"]
