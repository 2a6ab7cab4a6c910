"""Bad input on the command line: exit 2, every problem in the chosen language, no outcome."""

from __future__ import annotations

import pytest

from conftest import run_checker, run_checker_json

# (arguments, the problem codes expected, a fragment of each message in fr and in nl),
# the fragments written by hand so that a message in the wrong language fails.
CASES = [
    pytest.param(
        ["colour=red"],
        ["unknown_question"],
        "n'est pas une question",
        "is geen vraag",
        id="unknown question",
    ),
    pytest.param(
        ["cause=weather"],
        ["unknown_option"],
        "n'est pas une réponse possible",
        "is geen mogelijk antwoord",
        id="unknown option",
    ),
    pytest.param(
        ["cause=checkinatwork", "other_channel=yes"],
        ["not_asked"],
        "n'est pas posée",
        "wordt na de gegeven antwoorden niet gesteld",
        id="answer after an outcome",
    ),
    pytest.param(
        ["cause=provider", "origin=own_means"],
        ["not_asked"],
        "n'est pas posée",
        "wordt na de gegeven antwoorden niet gesteld",
        id="answer to a later question",
    ),
    pytest.param(
        ["cause=third_party", "provider_contact=no_solution"],
        ["not_asked"],
        "n'est pas posée",
        "wordt na de gegeven antwoorden niet gesteld",
        id="answer of another branch",
    ),
    pytest.param(
        ["cause=provider", "cause=provider"],
        ["duplicate"],
        "plus d'une réponse",
        "meer dan één antwoord",
        id="same question twice, same answer",
    ),
    pytest.param(
        ["cause=provider", "cause=company"],
        ["duplicate"],
        "plus d'une réponse",
        "meer dan één antwoord",
        id="same question twice",
    ),
    pytest.param(
        ["cause"],
        ["missing_equals"],
        "n'a pas la forme",
        "heeft niet de vorm",
        id="argument without =",
    ),
    pytest.param(
        ["cause=company", "other_channel=no", "permanent=yes"],
        ["not_asked"],
        "n'est pas posée",
        "wordt na de gegeven antwoorden niet gesteld",
        id="permanent is not asked of one's own company",
    ),
]


@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize(("arguments", "codes", "french", "dutch"), CASES)
def test_bad_input_is_refused_in_the_chosen_language(arguments, codes, french, dutch, language):
    code, result = run_checker_json("decide", "--json", "--lang", language, *arguments)
    assert code == 2
    assert set(result) == {"status", "errors"}, "an error carries no outcome and no question"
    assert result["status"] == "error"
    assert [error["code"] for error in result["errors"]] == codes
    fragment, other = (french, dutch) if language == "fr" else (dutch, french)
    for error in result["errors"]:
        assert fragment in error["message"]
        assert other not in error["message"]


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
    assert "‘weather’ is geen mogelijk antwoord op de vraag ‘cause’" in result.stderr


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


def test_hostile_values_are_shown_as_text_and_cut_short():
    code, result = run_checker_json(
        "decide", "--json", "cause=<script>alert(1)</script>", "x\x1b[31m=" + "y" * 10_000
    )
    assert code == 2
    messages = " ".join(error["message"] for error in result["errors"])
    assert "<script>alert(1)</script>" in messages  # as characters, to be escaped by a page
    assert "\x1b" not in messages and "\\u001b" in messages
    assert all(len(error["message"]) < 400 for error in result["errors"])


def test_unknown_language_is_refused():
    result = run_checker("decide", "--lang", "de", "cause=provider")
    assert result.returncode == 2
