"""A crew list pasted from a spreadsheet or imported from a CSV file, as rows of the listing.

Standard library only (csv), so that it runs in Pyodide as in CPython. It reads UTF-8 with
or without a byte order mark, cells separated by tabs (a spreadsheet's copy), semicolons
(Belgian spreadsheets) or commas, quoted cells, blank lines; it recognises a header row by
its words and then takes the columns by their names. It only reads: nothing is corrected
and every problem is reported with its line number. Two things are taken out of the way,
and said so: invisible characters (a line break in a cell becomes a space; control and
text-direction characters, which could hide or reorder what prints, are removed), and rows
with a cell too long to be a name or a number. A cell that starts like a spreadsheet
formula (=, +, -, @) is kept as text, and reported: the reader should see what it was.
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
# No name or number is this long: such a row is not taken.
MAX_CELL = 200
# The csv module stops at 131,072 characters a cell with an error that reads like an
# unclosed quote; a long cell is reported as such instead (the limit only ever rises).
csv.field_size_limit(max(csv.field_size_limit(), MAX_CHARACTERS))
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
TOO_LONG = "too_long"
FORMULA = "formula"
INVISIBLE = "invisible_characters"
EMPTY = "empty"
PROBLEM_CODES = (TOO_LARGE, TOO_MANY_CELLS, UNREADABLE, TOO_LONG, FORMULA, INVISIBLE, EMPTY)

FORMULA_STARTS = "=+-@"
LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+")
# Other control characters (C0, DEL, C1) and the bidirectional embeddings, overrides and
# isolates, which can make a name print in another order than it was written.
HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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


def _visible(cell: str) -> str:
    return HIDDEN.sub("", LINE_BREAKS.sub(" ", cell)).strip()


def _delimiter(text: str) -> str:
    """The separator that splits the first lines most evenly, tab first."""
    sample = [line for line in text.splitlines()[:20] if _visible(line)]
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


def _looks_like_formula(cell: str) -> bool:
    return len(cell) > 1 and cell[0] in FORMULA_STARTS


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
    start = 1  # the line a record starts on: a quoted cell may span several
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            visible = [_visible(cell) for cell in cells]
            if visible != [cell.strip() for cell in cells]:
                crew.problems.append((line, INVISIBLE))
            cells = visible
            if not any(cells):
                continue  # a blank line
            if not crew.rows and not crew.header and (named := _header_columns(cells)):
                crew.header = True
                columns = {**columns, **named}
                continue
            if len(crew.rows) >= MAX_ROWS:
                crew.problems.append((line, TOO_LARGE))
                break
            if any(len(cell) > MAX_CELL for cell in cells):
                crew.problems.append((line, TOO_LONG))
                continue
            if len(cells) > max(columns.values()) + 1 and any(cells[len(COLUMNS) :]):
                crew.problems.append((line, TOO_MANY_CELLS))
            row = [cells[columns[c]] if columns[c] < len(cells) else "" for c in COLUMNS]
            if any(_looks_like_formula(cell) for cell in row):
                crew.problems.append((line, FORMULA))
            crew.rows.append(row)
    except csv.Error:
        crew.problems.append((start, UNREADABLE))
    if not crew.rows and not crew.problems:
        crew.problems.append((0, EMPTY))
    return crew
