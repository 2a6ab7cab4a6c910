"""A crew list pasted from a spreadsheet or imported from a CSV file, as rows of the listing.

Standard library only (csv), so that it runs in Pyodide as in CPython. It reads UTF-8 with
or without a byte order mark, cells separated by tabs (a spreadsheet's copy), semicolons
(Belgian spreadsheets) or commas, quoted cells, blank lines. It recognises a header row by
its titles, whole words in any of the guide's languages (given by the caller: they are
texts of the single source), skips title lines above it, and then takes the columns by
their names; where a column was not named, its place is guessed and the reader told. It
only reads: nothing is corrected and every problem is reported with its line number. Two
things are taken out of the way, and said so: invisible characters (a line break in a cell
becomes a space; control and text-direction characters, which could hide or reorder what
prints, are removed), and rows with a cell too long to be a name or a number. A cell that
starts like a spreadsheet formula (=, +, -, @) is kept as text, and reported: the reader
should see what it was. A list longer than the listing takes is refused whole, never cut.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
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

COLUMNS = ("identifier", "name", "first_name")

# A title has at most this many digits ("N° Limosa L1"); a row with a cell of more is data.
MAX_TITLE_DIGITS = 2
# A header row is searched for among the list's first records (a title line may come first).
HEADER_SEARCH = 5

TOO_LARGE = "too_large"
TOO_MANY_CELLS = "too_many_cells"
UNREADABLE = "unreadable"
TOO_LONG = "too_long"
FORMULA = "formula"
INVISIBLE = "invisible_characters"
EMPTY = "empty"
TITLE_LINE = "title_line"
COLUMNS_GUESSED = "columns_guessed"
PROBLEM_CODES = (
    TOO_LARGE,
    TOO_MANY_CELLS,
    UNREADABLE,
    TOO_LONG,
    FORMULA,
    INVISIBLE,
    EMPTY,
    TITLE_LINE,
    COLUMNS_GUESSED,
)

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
    # The file's columns in their order, as read (from the header) or guessed.
    columns: list[str] = field(default_factory=lambda: list(COLUMNS))
    # (line number in the file, problem code)
    problems: list[tuple[int, str]] = field(default_factory=list)


Headers = Mapping[str, Iterable[str]]


def _words(cell: str) -> tuple[str, ...]:
    """A cell's words, lower case, without accents: "N° Limosa L1" is ("n", "limosa", "l1")."""
    decomposed = unicodedata.normalize("NFKD", cell.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(re.findall(r"[^\W_]+", bare))


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def _visible(cell: str) -> str:
    return HIDDEN.sub("", LINE_BREAKS.sub(" ", cell)).strip()


def _delimiter(text: str) -> str:
    """The separator found in most of the first lines (a title line may have none), then the
    one that splits them most evenly; tab, then semicolon, then comma when still even."""
    sample = [line for line in text.splitlines()[:20] if _visible(line)]
    best, best_score = ",", (0, 0, 0)
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in sample if delimiter in line]
        if counts:
            score = (len(counts), 1 if len(set(counts)) == 1 else 0, min(counts))
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _header_columns(cells: list[str], phrases: dict[str, list[tuple[str, ...]]]) -> dict[str, int]:
    """Which column each cell of a header row names: the column of the longest title found
    in it as whole words ("first name" before "name"); a cell that two columns claim alike
    ("nom et prénom") names none."""
    if any(sum(c.isdigit() for c in cell) > MAX_TITLE_DIGITS for cell in cells):
        return {}  # a number: this is a worker, whatever the words beside it
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        words = _words(cell)
        if not words:
            continue
        longest = {
            column: max((len(p) for p in column_phrases if _contains(words, p)), default=0)
            for column, column_phrases in phrases.items()
        }
        size = max(longest.values(), default=0)
        named = [column for column, length in longest.items() if length == size]
        if size and len(named) == 1 and named[0] not in found:
            found[named[0]] = position
    return found


def _header_phrases(headers: Headers) -> dict[str, list[tuple[str, ...]]]:
    phrases = {column: [_words(title) for title in headers.get(column, ())] for column in COLUMNS}
    return {column: [p for p in found if p] for column, found in phrases.items()}


def _looks_like_formula(cell: str) -> bool:
    return len(cell) > 1 and cell[0] in FORMULA_STARTS


def _is_title(cells: list[str]) -> bool:
    """A line of one cell with letters ("Chantier 12, 07/12/2026"), at the top of a list whose
    workers have more than one: the list's title, not a worker."""
    filled = [cell for cell in cells if cell]
    return len(filled) == 1 and any(c.isalpha() for c in filled[0])


def _records(text: str, crew: Crew) -> list[tuple[int, list[str]]]:
    """The file's non-blank records, their first line and their cells made visible."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=crew.delimiter, strict=True)
    records = []
    start = 1  # the line a record starts on: a quoted cell may span several
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            visible = [_visible(cell) for cell in cells]
            if visible != [cell.strip() for cell in cells]:
                crew.problems.append((line, INVISIBLE))
            if any(visible):
                records.append((line, visible))
    except csv.Error:
        crew.problems.append((start, UNREADABLE))
    return records


def _read_header(
    records: list[tuple[int, list[str]]], crew: Crew, headers: Headers
) -> tuple[int, dict[str, int]]:
    """The index of the first record of data, and the position of each column: from a header
    among the first records (the title lines above it skipped), or guessed."""
    phrases = _header_phrases(headers)
    for index, (_, cells) in enumerate(records[:HEADER_SEARCH]):
        named = _header_columns(cells, phrases)
        if len(named) >= 2:
            crew.header = True
            crew.problems.extend((title, TITLE_LINE) for title, _ in records[:index])
            # An unnamed column takes the first place no title named.
            free = (place for place in itertools.count() if place not in named.values())
            places = {**named, **{c: next(free) for c in COLUMNS if c not in named}}
            if len(named) < len(COLUMNS):
                crew.problems.append((0, COLUMNS_GUESSED))
            return index + 1, places
        if not _is_title(cells):
            break
    # No header: the columns are taken in the form's order, which the reader is told; title
    # lines at the top are skipped if workers with more than one cell follow.
    first = 0
    while first < len(records) and _is_title(records[first][1]):
        first += 1
    if not any(len([c for c in cells if c]) > 1 for _, cells in records[first:]):
        first = 0
    crew.problems.extend((title, TITLE_LINE) for title, _ in records[:first])
    if first < len(records):
        crew.problems.append((0, COLUMNS_GUESSED))
    return first, {column: place for place, column in enumerate(COLUMNS)}


def parse_crew(text: str, headers: Headers) -> Crew:
    """Rows of (identifier, name, first name) from a crew list's text. ``headers``: the
    titles a header cell may give each column, in every language of the guide."""
    crew = Crew()
    if len(text) > MAX_CHARACTERS:
        crew.problems.append((0, TOO_LARGE))
        return crew
    text = text.removeprefix("\ufeff")
    crew.delimiter = _delimiter(text)
    records = _records(text, crew)
    first, places = _read_header(records, crew, headers)
    crew.columns = sorted(COLUMNS, key=places.__getitem__)
    if len(records) - first > MAX_ROWS:
        # Refused whole: a list cut short would print as the proof of a crew it is not.
        crew.problems = [(0, TOO_LARGE)]
        return crew
    taken = set(places.values())
    for line, cells in records[first:]:
        if any(len(cell) > MAX_CELL for cell in cells):
            crew.problems.append((line, TOO_LONG))
            continue
        if any(cell for place, cell in enumerate(cells) if place not in taken):
            crew.problems.append((line, TOO_MANY_CELLS))
        row = [cells[places[c]] if places[c] < len(cells) else "" for c in COLUMNS]
        if any(_looks_like_formula(cell) for cell in row):
            crew.problems.append((line, FORMULA))
        crew.rows.append(row)
    crew.problems.sort(key=lambda problem: problem[0])
    if not crew.rows and not any(code == UNREADABLE for _, code in crew.problems):
        crew.problems = [problem for problem in crew.problems if problem[1] != COLUMNS_GUESSED]
        crew.problems.append((0, EMPTY))
    return crew
