"""The listing's identification numbers: national register, BIS, Limosa L1 on the reader's word.

The expected check digits are computed here from the published rule (97 minus the first nine
digits modulo 97, with a 2 in front for births from 2000), not by the code under test.
"""

from __future__ import annotations

import json

import pytest

from checker.identity import check_id

from conftest import LANGUAGES, expected_words, run_checker


def with_check_digits(first_nine: str, born_2000_or_later: bool = False) -> str:
    base = int(("2" if born_2000_or_later else "") + first_nine)
    return f"{first_nine}{97 - base % 97:02d}"


def dotted(number: str) -> str:
    return f"{number[0:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:11]}"


# (value, says Limosa, valid, kind, formatted, problem), by the register's formats as
# python-stdnum's be.nn and be.bis check them. A day beyond the month's end is not refused:
# the register uses it when a day's counter runs out (python-stdnum follows the register),
# so only impossible months are birth-date errors.
CASES = [
    ("93051822361", False, True, "national_register", "93.05.18-223.61", None),
    ("93.05.18-223.61", False, True, "national_register", "93.05.18-223.61", None),
    (" 930518 223 61 ", False, True, "national_register", "93.05.18-223.61", None),
    (w := with_check_digits("050101123", True), False, True, "national_register", dotted(w), None),
    (w := with_check_digits("850000123"), False, True, "national_register", dotted(w), None),
    (w := with_check_digits("850300123"), False, True, "national_register", dotted(w), None),
    ("88222999936", False, True, "bis", "88.22.29-999.36", None),
    ("08222999934", False, True, "bis", "08.22.29-999.34", None),
    ("88422999979", False, True, "bis", "88.42.29-999.79", None),
    ("08422999977", False, True, "bis", "08.42.29-999.77", None),
    ("88022999990", False, True, "national_register", "88.02.29-999.90", None),
    ("93051822362", False, False, None, None, "checksum"),
    ("88222999937", False, False, None, None, "checksum"),
    (with_check_digits("931318223"), False, False, None, None, "birth_date"),
    (with_check_digits("933318223"), False, False, None, None, "birth_date"),
    ("9305182236", False, False, None, None, "length"),
    ("930518223611", False, False, None, None, "length"),
    ("93O51822361", False, False, None, None, "format"),
    ("", False, False, None, None, "empty"),
    ("   ", False, False, None, None, "empty"),
    ("00000000000", False, False, None, None, "zero"),
    ("00.00.00-000.00", False, False, None, None, "zero"),
    ("L1-2024-0001", True, False, "limosa", "L1-2024-0001", "not_checked"),
    ("93051822361", True, True, "national_register", "93.05.18-223.61", None),
]
IDS = [f"{value!r}{' limosa' if limosa else ''}" for value, limosa, *_ in CASES]


@pytest.mark.parametrize(
    ("value", "limosa", "valid", "kind", "formatted", "problem"), CASES, ids=IDS
)
def test_check_id(value, limosa, valid, kind, formatted, problem):
    check = check_id(value, limosa=limosa)
    assert (check.valid, check.kind, check.formatted, check.problem) == (
        valid,
        kind,
        formatted,
        problem,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_command_line_check_id(language):
    result = run_checker("check-id", "--json", "--lang", language, "88.22.29-999.36")
    assert result.returncode == 0
    assert json.loads(result.stdout) | {"message": ""} == {
        "valid": True,
        "kind": "bis",
        "formatted": "88.22.29-999.36",
        "message": "",
    }
    result = run_checker("check-id", "--json", "--lang", language, "93051822362")
    assert result.returncode == 2
    answer = json.loads(result.stdout)
    assert (answer["valid"], answer["kind"]) == (False, None)
    assert "Limosa" in answer["message"], "a refused number may be a Limosa L1 number"
    assert expected_words("check_digits", language) in answer["message"]


def test_command_line_limosa_is_never_said_valid():
    result = run_checker("check-id", "--json", "--limosa", "L1-XYZ")
    answer = json.loads(result.stdout)
    assert (answer["valid"], answer["kind"]) == (False, "limosa")
    assert "n'est pas vérifié" in answer["message"]
    assert result.returncode == 2


def test_command_line_without_json_speaks_plainly():
    result = run_checker("check-id", "--lang", "nl", "12345")
    assert result.returncode == 2
    assert "11 cijfers; dit nummer heeft er 5" in result.stderr


@pytest.mark.browser
def test_the_same_cases_give_the_same_answers_in_pyodide(page, site_url: str):
    """The worker that the pages use, with its snapshot, against CPython, case by case."""
    page.goto(f"{site_url}fr/listing/")
    items = [[value, limosa] for value, limosa, *_ in CASES]
    results = page.evaluate(
        """async (items) => {
            const worker = new Worker("../../javascripts/checker-worker.js", {type: "module"});
            const reply = (filter) => new Promise((resolve) => {
                worker.addEventListener("message", function listen({data}) {
                    if (!filter(data)) return;
                    worker.removeEventListener("message", listen);
                    resolve(data);
                });
            });
            const ready = await reply((data) => data.type === "ready" || data.type === "failed");
            if (ready.type !== "ready") throw new Error(ready.message);
            worker.postMessage({id: 1, method: "check_ids", argument: items});
            const answer = await reply((data) => data.id === 1);
            worker.terminate();
            return {snapshot: ready.snapshot, result: answer.result, error: answer.error};
        }""",
        items,
    )
    assert results["error"] is None
    assert results["snapshot"] is True
    for (value, limosa, *_), in_browser in zip(CASES, results["result"], strict=True):
        in_cpython = check_id(value, limosa=limosa)
        assert in_browser == {
            "valid": in_cpython.valid,
            "kind": in_cpython.kind,
            "formatted": in_cpython.formatted,
            "problem": in_cpython.problem,
            "digits": in_cpython.digits,
            "note": in_cpython.note,
        }, value


@pytest.mark.parametrize("limosa", [False, True])
def test_a_line_of_ten_thousand_digits_is_answered_not_a_crash(limosa):
    # python-stdnum alone raises ValueError here (Python's limit on int digits).
    check = check_id("9" * 10_000, limosa=limosa)
    assert not check.valid
    expected = ("limosa", "not_checked") if limosa else (None, "length")
    assert (check.kind, check.problem) == expected
    if not limosa:
        assert check.digits == 10_000


# Say exactly what was checked.
def test_only_zeros_is_said_to_be_only_zeros_not_a_format_error():
    result = run_checker("check-id", "--json", "00000000000")
    assert result.returncode == 2
    message = json.loads(result.stdout)["message"]
    assert message.startswith("Ce numéro ne contient que des zéros")
    assert "ne contient que des chiffres" not in message


@pytest.mark.parametrize("first_nine", ["850000123", "850300123", "930500223"])
def test_a_birth_date_with_an_unknown_month_or_day_is_not_said_checked(first_nine):
    number = with_check_digits(first_nine)
    check = check_id(number)
    assert (check.valid, check.note) == (True, "birth_date_unknown")
    result = run_checker("check-id", "--json", "--lang", "nl", number)
    assert result.returncode == 0
    message = json.loads(result.stdout)["message"]
    assert "geboortedatum is gedeeltelijk onbekend" in message
    assert "(geboortedatum en controlecijfers)" not in message


def test_a_full_birth_date_is_said_checked():
    check = check_id("93051822361")
    assert (check.valid, check.note) == (True, None)
    message = json.loads(run_checker("check-id", "--json", "93051822361").stdout)["message"]
    assert "(date de naissance et chiffres de contrôle)" in message
