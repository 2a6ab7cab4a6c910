"""A crew list pasted from a spreadsheet or imported from a CSV file, as rows of the listing.

Standard library only (csv), so that it runs in Pyodide as in CPython. It reads UTF-8 with
or without a byte order mark, cells separated by tabs (a spreadsheet's copy), semicolons
(Belgian spreadsheets) or commas, quoted cells, blank lines; it recognises a header row by
its words and then takes the columns by their names. It only reads: nothing is corrected,
a row it cannot read is reported with its line number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

# A list longer than this is refused rather than slowing the page down.
MAX_ROWS = 5000
MAX_CHARACTERS = 2_000_000
DELIMITERS = "\t;,"

# Words of a header cell, by column (French, Dutch, English; accents and case ignored).
HEADER_WORDS = {
    "identifier": (
        "registre",
        "rijksregister",
        "niss",
        "insz",
        "bis",
        "limosa",
        "numero",
        "nummer",
        "number",
        "national",
        "identif",
    ),
    "first_name": ("prenom", "voornaam", "first", "given", "firstname"),
    "name": ("nom", "naam", "name", "surname", "lastname", "famille", "familienaam"),
}
COLUMNS = ("identifier", "name", "first_name")

TOO_LARGE = "too_large"
TOO_MANY_CELLS = "too_many_cells"
UNREADABLE = "unreadable"


@dataclass
class Crew:
    rows: list[list[str]] = field(default_factory=list)
    header: bool = False
    delimiter: str = ""
    # (line number in the file, problem code)
    problems: list[tuple[int, str]] = field(default_factory=list)


def _plain(cell: str) -> str:
    decomposed = unicodedata.normalize("NFKD", cell.casefold())
    return re.sub(r"[^a-z]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _delimiter(text: str) -> str:
    """The separator that splits the first lines most evenly, tab first."""
    sample = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in sample]
        if counts and min(counts) > 0:
            score = min(counts) * 10 + (1 if len(set(counts)) == 1 else 0)
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    """Which column holds what, if ``cells`` is a header row; None if it is data."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        plain = _plain(cell)
        if not plain or any(c.isdigit() for c in cell):
            continue
        for column in ("first_name", "identifier", "name"):  # "prénom" before "nom"
            if column not in found and any(word in plain for word in HEADER_WORDS[column]):
                found[column] = position
                break
    return found if len(found) >= 2 else None


def parse_crew(text: str) -> Crew:
    """Rows of (identifier, name, first name) from a crew list's text."""
    crew = Crew()
    if len(text) > MAX_CHARACTERS:
        crew.problems.append((0, TOO_LARGE))
        return crew
    text = text.removeprefix("\ufeff")
    crew.delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=crew.delimiter, strict=True)
    columns: dict[str, int] = {column: position for position, column in enumerate(COLUMNS)}
    try:
        for cells in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue  # a blank line
            if not crew.rows and not crew.header and (named := _header_columns(cells)):
                crew.header = True
                columns = {**columns, **named}
                continue
            if len(crew.rows) >= MAX_ROWS:
                crew.problems.append((line, TOO_LARGE))
                break
            if len(cells) > max(columns.values()) + 1 and any(cells[len(COLUMNS) :]):
                crew.problems.append((line, TOO_MANY_CELLS))
            crew.rows.append(
                [cells[columns[c]] if columns[c] < len(cells) else "" for c in COLUMNS]
            )
    except csv.Error:
        crew.problems.append((reader.line_num, UNREADABLE))
    return crew
