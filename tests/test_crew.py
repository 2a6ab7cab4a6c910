"""Crew lists read for the listing: CSV files and blocks pasted from a spreadsheet."""

from __future__ import annotations

import itertools

import pytest

import content
from checker.crew import COLUMNS, MAX_ROWS
from checker.crew import parse_crew as parse_with
from macros.render import crew_headers

from conftest import LANGUAGES, PROJECT_DIR

# The titles of the single source, every language's, as the page gives them.
CONTENT = content.load()
HEADERS = crew_headers(CONTENT)


def parse_crew(text):
    return parse_with(text, HEADERS)


ROWS = [["93051822361", "Dupont", "Jean"], ["88222999936", "Van Damme", "Anne"]]
GUESSED = (0, "columns_guessed")


@pytest.mark.parametrize(
    ("text", "header", "delimiter"),
    [
        ("93051822361;Dupont;Jean\n88222999936;Van Damme;Anne\n", False, ";"),
        ("93051822361,Dupont,Jean\r\n88222999936,Van Damme,Anne\r\n", False, ","),
        ("93051822361\tDupont\tJean\n88222999936\tVan Damme\tAnne", False, "\t"),
        ("\ufeff93051822361;Dupont;Jean\n88222999936;Van Damme;Anne\n", False, ";"),
        ("Numéro NISS;Nom;Prénom\n93051822361;Dupont;Jean\n88222999936;Van Damme;Anne", True, ";"),
        (
            "\ufeffRijksregisternummer,Naam,Voornaam\n93051822361,Dupont,Jean\n"
            "88222999936,Van Damme,Anne\n",
            True,
            ",",
        ),
        ("\n\n93051822361;Dupont;Jean\n   \n\n88222999936;Van Damme;Anne\n\n", False, ";"),
        ('"93051822361";"Dupont";"Jean"\n"88222999936";"Van Damme";"Anne"\n', False, ";"),
    ],
    ids=[
        "semicolon",
        "comma crlf",
        "tab",
        "bom",
        "header fr",
        "bom header nl",
        "blank lines",
        "quoted",
    ],
)
def test_the_usual_shapes_of_a_crew_list(text, header, delimiter):
    crew = parse_crew(text)
    assert crew.rows == ROWS
    # Without a header the columns are taken in the form's order, and the reader told.
    assert (crew.header, crew.delimiter) == (header, delimiter)
    assert crew.problems == ([] if header else [GUESSED])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("order", list(itertools.permutations(COLUMNS)), ids="-".join)
def test_a_list_titled_with_the_guides_own_column_names_reads_right_in_any_order(language, order):
    # The form's own column titles (as a list printed or exported from it names them), and
    # the short names its messages use, in each language and each order of the columns.
    cells = dict(zip(COLUMNS, ROWS[0], strict=True))
    for titles in (
        {column: CONTENT.text(f"listing.{column}", language) for column in COLUMNS},
        {column: CONTENT.text(f"listing.crew.column.{column}", language) for column in COLUMNS},
    ):
        text = ";".join(titles[c] for c in order) + "\n" + ";".join(cells[c] for c in order)
        crew = parse_crew(text)
        assert (crew.header, crew.columns, crew.problems) == (True, list(order), []), titles
        assert crew.rows == ROWS[:1]


@pytest.mark.parametrize(
    "header",
    [
        "Nummer;Vorname;Nachname",
        "Nummer;Vorname;Name",
        "INSZ;Voornaam;Naam",
        "NISS;Prénom;Nom de famille",
        "National number;First name;Last name",
        "ID,Given name,Surname",
    ],
)
def test_a_first_name_column_is_never_read_as_the_surname(header):
    # "Vorname" and "First name" hold "name", "Voornaam" holds "naam": whole words decide.
    delimiter = "," if "," in header else ";"
    crew = parse_crew(f"{header}\n93051822361{delimiter}Jean{delimiter}Dupont\n")
    assert crew.rows == ROWS[:1]
    assert crew.problems == []


def test_title_lines_and_blank_lines_above_the_header_are_skipped_and_said():
    crew = parse_crew(
        "Liste du personnel\n\nChantier 12, 07/12/2026\n"
        "numero;nom;prenom\n93051822361;Dupont;Jean\n"
    )
    assert crew.header
    assert crew.rows == ROWS[:1]
    assert crew.problems == [(1, "title_line"), (3, "title_line")]


def test_a_title_line_above_a_list_without_header_is_skipped_and_said():
    crew = parse_crew("Ploeg Gent\n93051822361;Dupont;Jean\n88222999936;Van Damme;Anne\n")
    assert crew.rows == ROWS
    assert crew.problems == [GUESSED, (1, "title_line")]


def test_a_list_of_one_column_has_no_title_line():
    crew = parse_crew("Dupont\nVan Damme\n")
    assert crew.rows == [["Dupont", "", ""], ["Van Damme", "", ""]]
    assert crew.problems == [GUESSED]


def test_a_column_the_header_does_not_name_is_guessed_and_said():
    crew = parse_crew("Nom;Prénom;Remarque\nDupont;Jean;93051822361\n")
    assert crew.header
    assert crew.columns == ["name", "first_name", "identifier"]
    assert crew.rows == ROWS[:1]
    assert crew.problems == [GUESSED]


def test_a_cell_two_columns_claim_alike_names_neither():
    crew = parse_crew("NISS;Nom et prénom;Prénom\n93051822361;Dupont Jean;Jean\n")
    assert crew.columns == ["identifier", "name", "first_name"]
    assert crew.problems == [GUESSED]


def test_columns_are_taken_by_their_header_names():
    crew = parse_crew("Prénom;Nom;N° registre national\nJean;Dupont;93051822361\n")
    assert crew.header
    assert crew.rows == [["93051822361", "Dupont", "Jean"]]


def test_quoted_cells_keep_separators_and_quotes_a_line_break_becomes_a_space():
    text = '93051822361;"Van; Damme";"Jean ""Jo"""\n88222999936;"De\nSmet";Anne\n'
    crew = parse_crew(text)
    assert crew.rows == [
        ["93051822361", "Van; Damme", 'Jean "Jo"'],
        ["88222999936", "De Smet", "Anne"],
    ]
    # An input cannot hold a line break: the reader is told it became a space.
    assert crew.problems == [GUESSED, (2, "invisible_characters")]


def test_a_thousand_rows():
    text = "\n".join(f"93051822361;Nom {i};Prénom {i}" for i in range(1000))
    crew = parse_crew(text)
    assert len(crew.rows) == 1000
    assert crew.rows[999] == ["93051822361", "Nom 999", "Prénom 999"]


def test_a_list_too_long_is_refused_whole_never_cut():
    # Cut at the limit, it would print as the proof of a crew it is not.
    crew = parse_crew("\n".join("1;a;b" for _ in range(MAX_ROWS + 1)))
    assert (crew.rows, crew.problems) == ([], [(0, "too_large")])


def test_a_list_as_long_as_the_limit_is_read_whole_its_header_and_title_apart():
    rows = "\n".join(f"93051822361;Nom {i};Prénom" for i in range(MAX_ROWS))
    crew = parse_crew(f"Liste du personnel\nNuméro;Nom;Prénom\n{rows}\n")
    assert len(crew.rows) == MAX_ROWS
    assert crew.problems == [(1, "title_line")]


def test_extra_cells_are_reported_not_silently_dropped():
    crew = parse_crew("93051822361;Dupont;Jean;chef d'équipe\n")
    assert crew.rows == [["93051822361", "Dupont", "Jean"]]
    assert crew.problems == [GUESSED, (1, "too_many_cells")]


def test_a_file_without_rows_says_so():
    assert parse_crew("Nom;Prénom;NISS\n\n").problems == [(0, "empty")]


def test_missing_cells_stay_empty():
    assert parse_crew("93051822361;Dupont\n").rows == [["93051822361", "Dupont", ""]]


def test_an_unclosed_quote_is_reported_with_its_line():
    crew = parse_crew('93051822361;Dupont;Jean\n"88222999936;Anne\n')
    assert crew.rows == [["93051822361", "Dupont", "Jean"]]
    assert crew.problems == [GUESSED, (2, "unreadable")]


def test_the_listing_keeps_no_more_rows_than_are_read():
    # listing.js restores at most this many kept rows: the same bound as the import's.
    script = (PROJECT_DIR / "docs/static/javascripts/listing.js").read_text(encoding="utf-8")
    assert f"const MAX_ROWS = {MAX_ROWS};" in script
