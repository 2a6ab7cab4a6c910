"""The identification numbers of the paper listing (detailed step 3.3).

The source asks for "the national register number or Limosa L1 number" of each worker. A
national register number and a BIS number (the number of people not in the national
register, many foreign workers among them) share one structure and are checked with
python-stdnum: eleven digits, a birth date, two check digits. The format of a Limosa L1
number is not published: such a number is never rejected and never said to be valid; it
is taken as Limosa only when the reader says it is one.

Like the decision module, this knows codes, not prose: the messages are in content/.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum.be import bis, nn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.util import isdigits

NATIONAL_REGISTER = "national_register"
BIS = "bis"
LIMOSA = "limosa"

# Problem codes, each with a message per language in content/listing.toml.
EMPTY = "empty"
ZERO = "zero"  # only zeros: python-stdnum calls it a format error, which would say less
FORMAT = "format"
LENGTH = "length"
CHECKSUM = "checksum"
BIRTH_DATE = "birth_date"
NOT_CHECKED = "not_checked"  # a Limosa L1 number, on the reader's word
PROBLEM_CODES = (EMPTY, ZERO, FORMAT, LENGTH, CHECKSUM, BIRTH_DATE, NOT_CHECKED)

# A note on a valid number: the birth date it holds has an unknown month or day (00), as
# the register allows, so only the check digits and the month's range could be checked.
BIRTH_DATE_UNKNOWN = "birth_date_unknown"

# python-stdnum converts the digits to an int before it checks their count, which Python
# refuses beyond 4,300 digits: a pasted line of digits that long is answered here.
LONGEST_CHECKED = 100

# Most specific first: in python-stdnum, InvalidLength is a kind of InvalidFormat.
_PROBLEMS = {
    InvalidLength: LENGTH,
    InvalidChecksum: CHECKSUM,
    InvalidComponent: BIRTH_DATE,
    InvalidFormat: FORMAT,
}


@dataclass(frozen=True)
class IdCheck:
    valid: bool
    kind: str | None
    # The number written the official way (YY.MM.DD-XXX.CC), or a Limosa number as typed.
    formatted: str | None
    problem: str | None
    # How many digits were typed, for the message on a wrong length.
    digits: int = 0
    # BIRTH_DATE_UNKNOWN, or None.
    note: str | None = None


def check_id(value: str, limosa: bool = False) -> IdCheck:
    """Check one number of the listing; ``limosa``: the reader says it is a Limosa L1 number."""
    text = value.strip()
    if not text:
        return IdCheck(valid=False, kind=None, formatted=None, problem=EMPTY)
    compact = nn.compact(text)
    if len(compact) > LONGEST_CHECKED and isdigits(compact):
        if limosa:
            return IdCheck(valid=False, kind=LIMOSA, formatted=text, problem=NOT_CHECKED)
        return IdCheck(False, None, None, LENGTH, digits=len(compact))
    if isdigits(compact) and len(compact) == 11 and int(compact) == 0:
        if limosa:
            return IdCheck(valid=False, kind=LIMOSA, formatted=text, problem=NOT_CHECKED)
        return IdCheck(False, None, None, ZERO, digits=len(compact))
    errors: dict[str, ValidationError] = {}
    for kind, module in ((NATIONAL_REGISTER, nn), (BIS, bis)):
        try:
            number = module.validate(text)
        except ValidationError as error:
            errors[kind] = error
            continue
        note = None if module.get_birth_date(number) else BIRTH_DATE_UNKNOWN
        return IdCheck(True, kind, module.format(number), None, note=note)
    if limosa:
        return IdCheck(valid=False, kind=LIMOSA, formatted=text, problem=NOT_CHECKED)
    # A birth month of 20 or more is how a BIS number is told apart: report its problem.
    looks_bis = len(compact) == 11 and isdigits(compact) and int(compact[2:4]) >= 20
    error = errors[BIS if looks_bis else NATIONAL_REGISTER]
    problem = next((code for kind, code in _PROBLEMS.items() if isinstance(error, kind)), FORMAT)
    return IdCheck(False, None, None, problem, digits=sum(c.isdigit() for c in compact))
