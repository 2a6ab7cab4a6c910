"""Crew lists read for the listing: CSV files and blocks pasted from a spreadsheet."""

from __future__ import annotations

import pytest

from checker.crew import MAX_ROWS, parse_crew

from conftest import PROJECT_DIR

ROWS = [["93051822361", "Dupont", "Jean"], ["88222999936", "Van Damme", "Anne"]]


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
    assert (crew.header, crew.delimiter, crew.problems) == (header, delimiter, [])


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
    assert crew.problems == [(2, "invisible_characters")]


def test_a_thousand_rows():
    text = "\n".join(f"93051822361;Nom {i};Prénom {i}" for i in range(1000))
    crew = parse_crew(text)
    assert len(crew.rows) == 1000
    assert crew.rows[999] == ["93051822361", "Nom 999", "Prénom 999"]


def test_too_many_rows_are_refused_with_a_reason():
    crew = parse_crew("\n".join("1;a;b" for _ in range(MAX_ROWS + 10)))
    assert len(crew.rows) == MAX_ROWS
    assert crew.problems == [(MAX_ROWS + 1, "too_large")]


def test_extra_cells_are_reported_not_silently_dropped():
    crew = parse_crew("93051822361;Dupont;Jean;chef d'équipe\n")
    assert crew.rows == [["93051822361", "Dupont", "Jean"]]
    assert crew.problems == [(1, "too_many_cells")]


def test_a_file_without_rows_says_so():
    assert parse_crew("Nom;Prénom;NISS\n\n").problems == [(0, "empty")]


def test_missing_cells_stay_empty():
    assert parse_crew("93051822361;Dupont\n").rows == [["93051822361", "Dupont", ""]]


def test_an_unclosed_quote_is_reported_with_its_line():
    crew = parse_crew('93051822361;Dupont;Jean\n"88222999936;Anne\n')
    assert crew.rows == [["93051822361", "Dupont", "Jean"]]
    assert crew.problems == [(2, "unreadable")]


def test_the_listing_keeps_no_more_rows_than_are_read():
    # listing.js restores at most this many kept rows: the same bound as the import's.
    script = (PROJECT_DIR / "docs/static/javascripts/listing.js").read_text(encoding="utf-8")
    assert f"const MAX_ROWS = {MAX_ROWS};" in script
