"""Hostile input, every entry point in one place.

Each table below is one entry point and what may be handed to it; the rule is the same for
all: a clear message in the reader's language, nothing executed, nothing lost.

- the command line, ``python -m checker decide`` and ``check-id``;
- a crew list as Python reads it (a block pasted into the listing, an imported file's text);
- deep links to the in-page checker, over http (French) and from the file system (Dutch);
- every field of the listing form;
- files imported into the listing and blocks pasted into it;
- what the form finds kept on this device (from the file system, every page opened from the
  disk shares that storage).

In the browser, the pages run with their Content-Security-Policy bypassed: the policy would
stop an injected handler on its own, and these tests are about the pages' own handling.
Traps (``window.__pwned``) count any payload that runs; a first test shows they do spring.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from urllib.parse import parse_qsl

import pytest
from babel.numbers import format_decimal
from pypdf import PdfReader

import content
from checker import wording
from checker.crew import COLUMNS, HIDDEN, MAX_CELL, MAX_ROWS, parse_crew
from checker.decide import decide
from checker.identity import check_id
from macros.render import crew_headers

from conftest import (
    LANGUAGES,
    current,
    expected_words,
    open_checker,
    open_form,
    row,
    run_checker,
    run_checker_json,
)

TEXTS = content.load()

# Payloads that call the trap if they are ever read as markup or code.
IMG = "<img src=x onerror=__pwn()>"
SCRIPT = "<script>__pwn()</script>"
BREAKOUT = '"><svg onload=__pwn()>'
FORMULA = "=cmd|' /C calc'!A0"
TRAPS = "window.__pwned = 0; window.__pwn = () => { window.__pwned += 1; };"
# Anything a payload would have put in the page: handlers, the image, a script naming the trap.
INJECTED = """() => [...document.querySelectorAll("body *")].filter((element) =>
    [...element.attributes].some((attribute) => /^on/i.test(attribute.name))
    || (element.tagName === "IMG" && element.getAttribute("src") === "x")
    || (element.tagName === "SCRIPT" && element.textContent.includes("__pwn"))).length"""


@pytest.fixture
def hostile_page(browser):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.add_init_script(TRAPS)
    yield page
    context.close()


def assert_nothing_ran(page) -> None:
    assert page.evaluate("window.__pwned") == 0, "a payload ran"
    assert page.evaluate(INJECTED) == 0, "a payload was put in the page as markup"


@pytest.mark.browser
def test_the_traps_spring_when_a_payload_is_read_as_markup(hostile_page, site_url):
    # Without this, a trap that could never spring would pass every test below.
    hostile_page.goto(f"{site_url}fr/")
    hostile_page.evaluate("(html) => document.body.insertAdjacentHTML('beforeend', html)", IMG)
    hostile_page.wait_for_function("() => window.__pwned === 1")
    assert hostile_page.evaluate(INJECTED) == 1


# --- The command line ------------------------------------------------------------------------

# (arguments, the problem codes expected). Each message holds a fragment written by hand
# in tests/wording.toml ("problem_<code>"), so that a message in the wrong language fails.
CASES = [
    pytest.param(
        ["colour=red"],
        ["unknown_question"],
        id="unknown question",
    ),
    pytest.param(
        ["cause=weather"],
        ["unknown_option"],
        id="unknown option",
    ),
    pytest.param(
        ["cause=checkinatwork", "other_channel=yes"],
        ["not_asked"],
        id="answer after an outcome",
    ),
    pytest.param(
        # (cause=provider origin=own_means alone is pending: origin may still be asked.)
        ["cause=provider", "provider_contact=solution", "origin=own_means"],
        ["not_asked"],
        id="answer to a later question the path cannot ask",
    ),
    pytest.param(
        ["cause=third_party", "provider_contact=no_solution"],
        ["not_asked"],
        id="answer of another branch",
    ),
    pytest.param(
        ["cause=provider", "cause=provider"],
        ["duplicate"],
        id="same question twice, same answer",
    ),
    pytest.param(
        ["cause=provider", "cause=company"],
        ["duplicate"],
        id="same question twice",
    ),
    pytest.param(
        ["cause"],
        ["missing_equals"],
        id="argument without =",
    ),
    pytest.param(
        ["cause=company", "other_channel=no", "permanent=yes"],
        ["not_asked"],
        id="permanent is not asked of one's own company",
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("arguments", "codes"), CASES)
def test_bad_input_is_refused_in_the_chosen_language(arguments, codes, language):
    code, result = run_checker_json("decide", "--json", "--lang", language, *arguments)
    assert code == 2
    assert set(result) == {"status", "errors"}, "an error carries no outcome and no question"
    assert result["status"] == "error"
    assert [error["code"] for error in result["errors"]] == codes
    for error in result["errors"]:
        for other in LANGUAGES:
            fragment = expected_words(f"problem_{error['code']}", other)
            assert (fragment in error["message"]) == (other == language), (other, fragment)


def test_every_problem_is_reported_not_only_the_first():
    code, result = run_checker_json(
        "decide", "--json", "colour=red", "cause", "cause=provider", "provider_contact=maybe"
    )
    assert code == 2
    assert sorted(error["code"] for error in result["errors"]) == [
        "missing_equals",
        "unknown_option",
        "unknown_question",
    ]


def test_bad_input_without_json_goes_to_standard_error_only():
    result = run_checker("decide", "--lang", "nl", "cause=weather")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "“weather” is geen mogelijk antwoord op de vraag “cause”" in result.stderr


def test_a_bad_answer_never_yields_an_exemption():
    # A full exempting path, spoiled by one extra answer: no outcome at all.
    code, result = run_checker_json(
        "decide",
        "--json",
        "cause=third_party",
        "other_channel=no",
        "permanent=no",
        "contact_time=open",
    )
    assert code == 2
    assert "outcome" not in result


# Values the command line must show as text, cut short, control characters spelled out:
# (arguments, the problem, how the value is shown in its message).
CLI_VALUES = [
    pytest.param(["cause=" + SCRIPT], "unknown_option", SCRIPT, id="script"),
    pytest.param(["cause=" + IMG], "unknown_option", IMG, id="img"),
    pytest.param(["cause=%3Cimg%3E"], "unknown_option", "%3Cimg%3E", id="encoded, as typed"),
    pytest.param(
        ["cause=$&$'{value}${question}"],
        "unknown_option",
        "$&$'{value}${question}",
        id="patterns, a hole",
    ),
    pytest.param(["{value}=x"], "unknown_question", "{value}", id="a hole as the question"),
    pytest.param(
        ["cause=\x1b[31m\x07"], "unknown_option", "\\u001b[31m\\u0007", id="control characters"
    ),
    pytest.param(
        ["cause=\u202eredivorp"], "unknown_option", "\\u202eredivorp", id="text direction"
    ),
    pytest.param(["cause=\udcff\udcfe"], "unknown_option", "\\udcff\\udcfe", id="bytes not UTF-8"),
    pytest.param(["x" * 10_000 + "=y"], "unknown_question", "x" * 79 + "…", id="10,000 key"),
    pytest.param(["cause=" + "A" * 10_000], "unknown_option", "A" * 79 + "…", id="10,000 value"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("arguments", "problem", "shown"), CLI_VALUES)
def test_hostile_values_on_the_command_line_are_shown_as_text(arguments, problem, shown, language):
    code, result = run_checker_json("decide", "--json", "--lang", language, *arguments)
    assert code == 2 and result["status"] == "error"
    (error,) = result["errors"]
    assert error["code"] == problem
    assert expected_words(f"problem_{problem}", language) in error["message"]
    assert shown in error["message"]
    assert len(error["message"]) < 300
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in error["message"])
    # Plain output: the same message on standard error, nothing on standard output.
    plain = run_checker("decide", "--lang", language, *arguments)
    assert (plain.returncode, plain.stdout, plain.stderr) == (2, "", error["message"] + "\n")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "value",
    [SCRIPT, FORMULA, "\x1b[31m93051822361", "\u202e16322815039", "9" * 10_000, "$&{digits}"],
    ids=["script", "formula", "control characters", "text-direction", "10,000 digits", "holes"],
)
def test_hostile_numbers_given_to_check_id_are_refused_in_the_chosen_language(value, language):
    result = run_checker("check-id", "--lang", language, value)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == wording.identity_message(TEXTS, language, check_id(value)) + "\n"
    for other in LANGUAGES:
        if other != language:
            assert result.stderr != wording.identity_message(TEXTS, other, check_id(value)) + "\n"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_json_output_escapes_what_a_terminal_would_act_on(language):
    value = "12\u202e34\x9b5\u2028"
    result = run_checker("check-id", "--json", "--lang", language, "--limosa", value)
    assert result.returncode == 2, "a Limosa L1 number is never said valid"
    assert not re.search(
        r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
        result.stdout.replace("\n", ""),
    )
    assert json.loads(result.stdout)["formatted"] == value.strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_output_says_ten_problems_then_how_many_more(language):
    arguments = [f"q{number}=x" for number in range(30)]
    plain = run_checker("decide", "--lang", language, *arguments)
    lines = plain.stderr.splitlines()
    assert plain.returncode == 2 and len(lines) == 11
    assert lines[-1] == TEXTS.text("checker.problems_more", language, count=20)
    code, result = run_checker_json("decide", "--json", "--lang", language, *arguments)
    assert code == 2 and len(result["errors"]) == 30


def test_unknown_language_is_refused():
    result = run_checker("decide", "--lang", "zz", "cause=provider")  # no language's code
    assert result.returncode == 2


# --- A crew list, as Python reads it (pasted block or imported file's text) ------------------

LONG = "x" * (MAX_CELL + 1)
BREAKOUT_QUOTED = '"' + BREAKOUT.replace('"', '""') + '"'
# (text, rows taken, problems as (line, code)): what a row holds is kept as written, as text.
# A list without a header: its columns are taken in the form's order, and the reader told.
GUESSED = (0, "columns_guessed")
CREW_TEXTS = [
    pytest.param(
        # A cell with a quote is quoted, its quotes doubled, as a spreadsheet writes it.
        f"93051822361;{IMG};{SCRIPT}\n88222999936;{BREAKOUT_QUOTED};An\n",
        [["93051822361", IMG, SCRIPT], ["88222999936", BREAKOUT, "An"]],
        [GUESSED],
        id="markup",
    ),
    pytest.param(
        f"93051822361;{FORMULA};Jean\n88222999936;Janssens;@SUM(1+1)*cmd|' /C calc'!A0\n"
        "08422999977;+32 2 000;-2+3\n",
        [
            ["93051822361", FORMULA, "Jean"],
            ["88222999936", "Janssens", "@SUM(1+1)*cmd|' /C calc'!A0"],
            ["08422999977", "+32 2 000", "-2+3"],
        ],
        [GUESSED, (1, "formula"), (2, "formula"), (3, "formula")],
        id="formula injection",
    ),
    pytest.param(
        '93051822361;Du\x00pont\x1b[31m;Je\u202ean\x07\n88222999936;"Van\r\nDamme";An\n',
        [["93051822361", "Dupont[31m", "Jean"], ["88222999936", "Van Damme", "An"]],
        [GUESSED, (1, "invisible_characters"), (2, "invisible_characters")],
        id="control and direction characters",
    ),
    pytest.param(
        "\x00\x01\x02\n93051822361;Dupont;Jean\n",
        [["93051822361", "Dupont", "Jean"]],
        [GUESSED, (1, "invisible_characters")],
        id="a line of control characters",
    ),
    pytest.param(
        f"93051822361;{LONG};Jean\n88222999936;Janssens;An\n",
        [["88222999936", "Janssens", "An"]],
        [GUESSED, (1, "too_long")],
        id="a cell too long",
    ),
    pytest.param(
        "93051822361;" + "y" * 300_000 + ";Jean\n88222999936;Janssens;An\n",
        [["88222999936", "Janssens", "An"]],
        [GUESSED, (1, "too_long")],
        id="a line of 300,000 characters",
    ),
    pytest.param("z" * 2_000_001, [], [(0, "too_large")], id="2,000,001 characters"),
    pytest.param(
        # Refused whole: a list cut short would print as the proof of a crew it is not.
        "\n".join(["1;a;b"] * (MAX_ROWS + 1)),
        [],
        [(0, "too_large")],
        id="one row too many",
    ),
    pytest.param(
        '93051822361;Dupont;Jean\n"88222999936;Anne\n' + "x;y;z\n" * 50,
        [["93051822361", "Dupont", "Jean"]],
        [GUESSED, (2, "unreadable")],
        id="unclosed quote",
    ),
    pytest.param("", [], [(0, "empty")], id="empty"),
    pytest.param("Nom;Prénom;NISS\n;;\n", [], [(0, "empty")], id="a header, no rows"),
]


@pytest.mark.parametrize(("text", "rows", "problems"), CREW_TEXTS)
def test_hostile_crew_lists_are_read_as_text_and_every_problem_reported(text, rows, problems):
    crew = parse_crew(text, crew_headers(content.load()))
    assert crew.rows == rows
    assert crew.problems == problems


# --- Deep links to the in-page checker ---------------------------------------------------------

# Queries as a link may carry them; what they say is read with Python's own parser and
# decided by the decision module: the page must show exactly those problems' messages.
# Each link is opened once, French over http and Dutch from the file system in turn: the
# page reads both the same way, and both languages and ways see every kind of link.
DEEP_LINKS = [
    ("colour=red", "unknown question"),
    ("cause=weather", "unknown option"),
    ("cause=checkinatwork&other_channel=yes", "asked after an outcome"),
    ("cause=third_party&provider_contact=no_solution", "another branch"),
    ("cause=provider&cause=provider", "repeated key"),
    ("cause=provider&cause=company", "repeated key, two answers"),
    ("cause=provider&%63ause=company", "repeated key, encoded"),
    ("=provider", "empty key"),
    ("cause", "key without value"),
    ("cause=" + "A" * 10_000, "10,000-character value"),
    ("B" * 10_000 + "=x", "10,000-character key"),
    ("cause=%3Cimg%20src%3Dx%20onerror%3D__pwn()%3E", "img in a value"),
    ("%3Cscript%3E__pwn()%3C%2Fscript%3E=1", "script in a key"),
    ("cause=<svg/onload=__pwn()>", "markup not encoded"),
    ("cause=%253Cimg%2520src%253Dx%2520onerror%253D__pwn()%253E", "encoded twice"),
    ("cause=%24%26%24'%24%60${question}", "replacement patterns"),
    ("%7Bvalue%7D=%7Bquestion%7D", "the message's holes"),
    ("cause=%1B%5B31m%00%07", "control characters"),
    ("cause=%E0%A4%A", "malformed escape"),
    ("cause=%E2%80%AEredivorp", "text-direction override"),
    ("cause=pr%D0%BEvider", "look-alike letter"),
    ("cause=javascript:__pwn()", "javascript URL"),
]
# Every language, over http and from the bundle in turn.
WAYS = [(language, ("http", "file")[index % 2]) for index, language in enumerate(LANGUAGES)]
SERVED = [pytest.param(*way, id="-".join(way)) for way in WAYS]


def section_url(request, served: str, language: str, section: str) -> str:
    """A section's page (``checker``, ``listing``), over http or from the unzipped bundle."""
    if served == "http":
        return f"{request.getfixturevalue('site_url')}{language}/{section}/"
    return f"{request.getfixturevalue('offline_url')}{language}/{section}/index.html"


def texts_of(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "(items) => items.map((item) => item.textContent)")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "language", "served"),
    [
        pytest.param(query, *WAYS[index % len(WAYS)], id=name)
        for index, (query, name) in enumerate(DEEP_LINKS)
    ],
)
def test_hostile_deep_links_get_their_problems_in_the_readers_language(
    hostile_page, request, query, language, served
):
    decision = decide(parse_qsl(query, keep_blank_values=True))
    assert decision.status == "error", "every link of the table is refused"
    expected = [wording.problem_message(TEXTS, language, p) for p in decision.problems]

    start = section_url(request, served, language, "checker")
    open_checker(hostile_page, f"{start}?{query}")
    problems = hostile_page.locator(".cw-problems")
    problems.wait_for()
    assert problems.get_attribute("role") == "alert"
    assert texts_of(hostile_page, ".cw-problems li") == expected
    # A way to start again, and the first question still there: nothing was taken from it.
    assert problems.locator("a").get_attribute("href") == start
    assert current(hostile_page) == ("question", "cause")
    assert hostile_page.locator(".cw-answers").is_hidden()
    assert_nothing_ran(hostile_page)


@pytest.mark.browser
@pytest.mark.parametrize(("language", "served"), SERVED)
def test_markup_after_the_hash_changes_nothing(hostile_page, request, language, served):
    start = section_url(request, served, language, "checker")
    state = f"{start}?cause=provider" if served == "file" else f"{start}cause-provider/"
    open_checker(hostile_page, f"{state}#%3Cimg%20src%3Dx%20onerror%3D__pwn()%3E")
    hostile_page.wait_for_function(
        "() => document.querySelector('[data-question=provider_contact]')"
    )
    # Then an anchor of the page's own: the state it shows stays.
    hostile_page.evaluate("() => { location.hash = '\"><svg onload=__pwn()>'; }")
    hostile_page.wait_for_timeout(300)
    assert current(hostile_page) == ("question", "provider_contact")
    assert hostile_page.locator(".cw-problems").count() == 0
    assert_nothing_ran(hostile_page)


# --- Every field of the listing form -----------------------------------------------------------

FIELD_VALUES = [
    IMG,
    SCRIPT,
    BREAKOUT,
    FORMULA,
    "$&$'{digits}{line}",
    "\x1b[31m\x07",
    "\u202e16322815039",
    "9" * 10_000,
]


@pytest.mark.browser
@pytest.mark.parametrize(("language", "served"), SERVED)
def test_every_field_of_the_listing_keeps_hostile_values_as_typed_text(
    hostile_page, request, language, served
):
    page = hostile_page
    open_form(page, section_url(request, served, language, "listing"))
    for number, value in enumerate(FIELD_VALUES, start=1):
        for column in COLUMNS:
            row(page, number).locator(f'[data-column="{column}"]').fill(value)
    for field in ("reference", "works_declaration"):
        for value in FIELD_VALUES:  # each in turn: each value meets each field
            page.fill(f'input[name="{field}"]', value)
            assert page.locator(f'input[name="{field}"]').input_value() == value
            printed = page.locator(f'input[name="{field}"] + .cw-listing__printed')
            # What prints: the value without the characters a list read loses too.
            assert printed.text_content() == HIDDEN.sub("", value)

    for number, value in enumerate(FIELD_VALUES, start=1):
        line = row(page, number)
        message = line.locator("[data-message]")
        expected = wording.identity_message(TEXTS, language, check_id(value))
        message.filter(has_text=expected[:20]).wait_for()
        assert message.text_content() == expected, f"row {number}"
        assert line.locator('[data-column="identifier"]').get_attribute("aria-invalid") == "true"
        for column in COLUMNS:
            assert line.locator(f'[data-column="{column}"]').input_value() == value
        printed = texts_of(page, f"tbody tr:nth-child({number}) .cw-listing__printed")
        assert printed == [HIDDEN.sub("", value)] * 3
    if served == "http":
        printed = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
        assert "<img src=x" in printed and "<script>" in printed, "printed as typed"
    assert_nothing_ran(page)


# --- Files imported into the listing, blocks pasted into it ------------------------------------


def workbook() -> bytes:
    """The start of an .xlsx file: a zip."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    return data.getvalue()


FORMULAS = "".join(f"9305182236{i % 10};=A{i};Jean\n" for i in range(30))
# (how it comes, its bytes or text, the notices and problems as (line, code), rows taken).
IMPORTS = [
    ("file", f"93051822361;{IMG};{SCRIPT}\n".encode(), [GUESSED], [["93051822361", IMG, SCRIPT]]),
    (
        "paste",
        f"88222999936\t{FORMULA}\t{BREAKOUT_QUOTED}\n08422999977\tDu\x1bpont\tAn\n",
        [GUESSED, (1, "formula"), (2, "invisible_characters")],
        [["88222999936", FORMULA, BREAKOUT], ["08422999977", "Dupont", "An"]],
    ),
    # A cell that opens a quote and never closes it: nothing can be read after it.
    ("paste", f"08422999977\t{BREAKOUT}\tAn\n93051822361\tDupont\tJean\n", [(1, "unreadable")], []),
    (
        "file",
        f"93051822361;{FORMULA};Jean\n93051822361;Du\x1b[31mpont;Je\u202ean\n".encode(),
        [GUESSED, (1, "formula"), (2, "invisible_characters")],
        [["93051822361", FORMULA, "Jean"], ["93051822361", "Du[31mpont", "Jean"]],
    ),
    (
        "file",
        ("93051822361;" + "y" * 300_000 + ";Jean\n88222999936;Janssens;An\n").encode(),
        [GUESSED, (1, "too_long")],
        [["88222999936", "Janssens", "An"]],
    ),
    (
        "file",
        b'93051822361;Dupont;Jean\n"88222999936;Anne\n',
        [GUESSED, (2, "unreadable")],
        [["93051822361", "Dupont", "Jean"]],
    ),
    (
        "file",
        "93051822361;Dubois;Jérôme\n".encode("cp1252"),
        [(0, "windows_1252"), GUESSED],
        [["93051822361", "Dubois", "Jérôme"]],
    ),
    (
        "file",
        "93051822361\tŁukasz\tWójcik\r\n".encode("utf-16"),
        [(0, "utf_16"), GUESSED],
        [["93051822361", "Łukasz", "Wójcik"]],
    ),
    (
        "file",
        "93051822361\tŁukasz\tWójcik\r\n88222999936\tJanssens\tAn\r\n".encode("utf-16-le"),
        [(0, "utf_16"), GUESSED],
        [["93051822361", "Łukasz", "Wójcik"], ["88222999936", "Janssens", "An"]],
    ),
    (
        "file",
        "93051822361;Wójcik;Łukasz\n".encode("utf-16-be"),
        [(0, "utf_16"), GUESSED],
        [["93051822361", "Wójcik", "Łukasz"]],
    ),
    (
        "file",
        b"93051822361;Du\x00pont;Jean\n88222999936;Janssens;An\n",
        [GUESSED, (1, "invisible_characters")],
        [["93051822361", "Dupont", "Jean"], ["88222999936", "Janssens", "An"]],
    ),
    ("file", workbook(), [(0, "workbook")], []),
    ("file", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), [(0, "workbook")], []),
    ("file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [(0, "not_text")], []),
    (
        "file",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
        [(0, "not_text")],
        [],
    ),
    ("file", b"", [(0, "empty")], []),
    ("file", b"1;a;b\n" * 1_400_000, [(0, "too_large")], []),
    (
        "file",
        FORMULAS.encode(),
        [GUESSED, *((i, "formula") for i in range(1, 31))],
        [[f"9305182236{i % 10}", f"=A{i}", "Jean"] for i in range(30)],
    ),
]
IMPORT_IDS = [
    "markup",
    "pasted formula and breakout",
    "pasted unclosed quote",
    "formula and control characters",
    "a line of 300,000 characters",
    "unclosed quote",
    "Windows-1252",
    "UTF-16",
    "UTF-16 LE without its mark",
    "UTF-16 BE without its mark",
    "a stray zero byte",
    "xlsx",
    "xls",
    "binary",
    "PDF",
    "empty",
    "8.4 MB",
    "thirty formulas",
]
SHOWN_PROBLEMS = 20  # listing.js shows so many, then how many more


def expected_notes(language: str, problems: list, rows: list, first: int) -> list[str]:
    """What the listing says of a list imported or pasted: how many rows it took and from
    which row on, then each problem."""
    notes = []
    if rows:
        notes.append(TEXTS.text("listing.fill.imported", language, rows=len(rows), first=first))
    values = {
        "max_cell": MAX_CELL,
        "max_rows": format_decimal(MAX_ROWS, locale=language),
        "order": ", ".join(TEXTS.text(f"listing.crew.column.{c}", language) for c in COLUMNS),
    }
    for line, code in problems[:SHOWN_PROBLEMS]:
        notes.append(TEXTS.text(f"listing.crew.{code}", language, line=line, **values))
    if len(problems) > SHOWN_PROBLEMS:
        more = len(problems) - SHOWN_PROBLEMS
        notes.append(TEXTS.text("listing.crew.more", language, count=more))
    return notes


def paste(page, text: str, number: int) -> None:
    page.evaluate(
        """([text, number]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const target = document.querySelectorAll("tbody tr")[number - 1]
                .querySelector('input[data-column="identifier"]');
            target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data,
                                                             bubbles: true, cancelable: true}));
        }""",
        [text, number],
    )


def table(page) -> list[list[str]]:
    """The rows of the listing that hold something."""
    return [
        cells
        for cells in page.eval_on_selector_all(
            "tbody tr[data-row]",
            """(rows) => rows.map((row) => [...row.querySelectorAll("input[data-column]")]
                                               .map((input) => input.value))""",
        )
        if any(cells)
    ]


@pytest.mark.browser
@pytest.mark.parametrize(("language", "served"), SERVED)
def test_hostile_files_and_pastes_are_read_as_text_each_problem_said_and_rows_kept(
    hostile_page, request, tmp_path, language, served
):
    page = hostile_page
    open_form(page, section_url(request, served, language, "listing"))
    page.fill('input[name="reference"]', "REF-1")
    row(page, 1).locator('[data-column="name"]').fill("Typed before")
    kept = [["", "Typed before", ""]]
    for case, (how, data, problems, rows) in zip(IMPORT_IDS, IMPORTS, strict=True):
        page.eval_on_selector("[data-listing-problems]", "(box) => box.replaceChildren()")
        if how == "paste":
            paste(page, data, len(kept) + 1)
        else:
            crew = tmp_path / "crew.csv"
            crew.write_bytes(data)
            page.set_input_files("[data-listing-import]", str(crew))
        expected = expected_notes(language, problems, rows, first=len(kept) + 1)
        try:
            page.wait_for_function(
                """(count) => document.querySelectorAll("[data-listing-problems] p").length
                              === count""",
                arg=len(expected),
                timeout=30_000,
            )
        finally:
            assert texts_of(page, "[data-listing-problems] p") == expected, case
        kept += rows
        assert table(page) == kept, f"{case}: every row typed or taken before is still there"
    assert page.locator('input[name="reference"]').input_value() == "REF-1"
    assert_nothing_ran(page)


@pytest.mark.browser
def test_a_name_prints_without_its_hidden_characters_typed_or_imported(page, site_url, tmp_path):
    """One rule for the paper: the control and text-direction characters a list read loses
    are left out of the print of what is typed too (which stays as typed in its input)."""
    open_form(page, f"{site_url}en/listing/")
    spoofed = "Du\u202epont\u2066"
    row(page, 1).locator('[data-column="name"]').fill(spoofed)
    crew = tmp_path / "crew.csv"
    crew.write_bytes(f"93051822361;{spoofed};Jean\n".encode())
    page.set_input_files("[data-listing-import]", str(crew))
    page.wait_for_function("() => document.querySelector('[data-listing-problems] p')")
    assert table(page) == [["", spoofed, ""], ["93051822361", "Dupont", "Jean"]]
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    printed = page.eval_on_selector_all(
        ".cw-listing__page tbody tr", "(rows) => rows.map((row) => row.cells[2].textContent)"
    )
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert printed[:2] == ["Dupont", "Dupont"]


# --- What the form finds kept on this device ---------------------------------------------------

STORAGE_KEY = "checkinatwork-guide.listing"
ODD_ROWS = {
    "fields": {"reference": {"toString": IMG}, "works_declaration": IMG, "date": 5},
    "rows": [
        None,
        5,
        IMG,
        {"cells": [IMG, ["x"], {"a": 1}], "limosa": "yes"},
        {"cells": SCRIPT, "limosa": 1},
    ],
}
# (what is kept, header fields then, rows then, "keep" ticked then)
KEPT = [
    pytest.param("{not json", {}, [], False, id="not JSON"),
    pytest.param('{"rows": "' + IMG + '"}', {}, [], False, id="rows not a list"),
    pytest.param(json.dumps([IMG]), {}, [], False, id="a list"),
    pytest.param(
        json.dumps(ODD_ROWS),
        {"reference": "", "works_declaration": IMG},
        [[IMG, "", ""]],
        True,
        id="odd values",
    ),
    pytest.param(
        '{"__proto__": {"rows": [{"cells": ["x"]}]}, "rows": []}', {}, [], True, id="prototype"
    ),
]


@pytest.mark.browser
@pytest.mark.parametrize(("language", "served"), SERVED)
@pytest.mark.parametrize(("stored", "fields", "rows", "ticked"), KEPT)
def test_whatever_is_kept_on_the_device_is_read_as_text_and_the_form_works(
    hostile_page, request, stored, fields, rows, ticked, language, served
):
    page = hostile_page
    page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(stored)});")
    open_form(page, section_url(request, served, language, "listing"), wait_for_python=False)
    page.wait_for_selector("[data-listing-tools]:not([hidden])")
    for name in ("reference", "works_declaration"):
        assert page.locator(f'input[name="{name}"]').input_value() == fields.get(name, "")
    assert table(page) == rows
    assert page.locator("tbody tr[data-row]").count() == 25
    assert page.locator("[data-limosa]:checked").count() == 0, "only true ticks a box"
    assert page.locator("[data-listing-keep]").is_checked() == ticked
    # The form works: a row is typed and checked.
    row(page, 2).locator('[data-column="identifier"]').fill("93051822361")
    expected = wording.identity_message(TEXTS, language, check_id("93051822361"))
    row(page, 2).locator("[data-message]").filter(has_text=expected).wait_for(timeout=90_000)
    assert_nothing_ran(page)
