"""Every complete path of the flow, against a table written by hand from decision-flow.md.

The table is not generated from the code: it is the spec read by a person. If the module
and this table disagree, one of them misreads the spec.
"""

from __future__ import annotations

import json

import pytest
from expected_flow import (
    EXPECTED_PATHS,
    V1_PATHS,
    V2_KEPT_PATHS,
    V2_UNKNOWN_PATHS,
    expected_conditions,
    expected_divergences,
    expected_sources,
)

import content
from checker import decide, walk_paths
from checker.cli import main

from conftest import LANGUAGES, run_checker_json

TEXTS = content.load()


def _arguments(answers: list[tuple[str, str]]) -> list[str]:
    return [f"{question}={option}" for question, option in answers]


def test_the_module_walks_exactly_the_expected_paths():
    walked = [(list(answers.items()), outcome) for answers, outcome in walk_paths()]
    assert sorted(walked) == sorted(EXPECTED_PATHS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("answers", "outcome"), EXPECTED_PATHS, ids=[o for _, o in EXPECTED_PATHS])
def test_command_line_gives_the_expected_outcome(answers, outcome, language):
    code, result = run_checker_json("decide", "--json", "--lang", language, *_arguments(answers))
    assert code == 0
    assert result["status"] == "outcome"
    assert result["outcome"]["id"] == outcome
    assert result["answers"] == dict(answers)
    expected_title = TEXTS.text(f"checker.outcome.{outcome}.title", language)
    assert result["outcome"]["title"] == expected_title
    assert result["outcome"]["text"]
    assert result["outcome"]["sources"], "every outcome rests on a passage of the source"
    assert [s["id"] for s in result["outcome"]["sources"]] == expected_sources(answers, outcome)
    divergences = result["outcome"]["divergences"]
    assert [d["id"] for d in divergences] == expected_divergences(answers, outcome)
    for divergence in divergences:
        assert divergence["text"] == TEXTS.text(f"checker.divergence.{divergence['id']}", language)
    conditions = result["outcome"]["conditions"]
    assert [c["id"] for c in conditions] == expected_conditions(answers, outcome)
    for condition in conditions:
        assert condition["text"] == TEXTS.text(f"checker.condition.{condition['id']}", language)
    for source in result["outcome"]["sources"]:
        # The passage word for word; a sub-step of step 3 after step 3's lead-in.
        passage = TEXTS.text(f"source.{source['id']}.text", language).strip()
        assert source["text"].endswith(passage)
        if source["id"].startswith("step_3_"):
            assert source["text"].startswith(TEXTS.text("source.step_3.text", language))
        else:
            assert source["text"] == passage


@pytest.mark.parametrize(("answers", "outcome"), EXPECTED_PATHS[:3])
def test_the_languages_differ(answers, outcome):
    said = [
        run_checker_json("decide", "--json", "--lang", language, *_arguments(answers))[1]
        for language in LANGUAGES
    ]
    assert {answer["outcome"]["id"] for answer in said} == {outcome}
    assert len({answer["outcome"]["title"] for answer in said}) == len(LANGUAGES)
    assert len({answer["outcome"]["text"] for answer in said}) == len(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_prefix_of_a_path_asks_the_next_question_of_that_path(language, capsys):
    for answers, _ in EXPECTED_PATHS:
        for length in range(len(answers)):
            # In process: the same main() as `python -m checker`, without a process each.
            code = main(["decide", "--json", "--lang", language, *_arguments(answers[:length])])
            result = json.loads(capsys.readouterr().out)
            assert code == 0
            assert result["status"] == "question"
            question = result["question"]
            assert question["id"] == answers[length][0]
            assert question["label"] == TEXTS.text(f"checker.question.{question['id']}", language)
            assert answers[length][1] in [option["id"] for option in question["options"]]


def test_the_issue_example():
    code, result = run_checker_json(
        "decide",
        "--json",
        "cause=provider",
        "provider_contact=no_solution",
        "other_channel=no",
        "origin=infrastructure",
        "permanent=no",
    )
    assert code == 0
    assert result["outcome"]["id"] == "exempt_infrastructure"
    assert result["outcome"]["title"].startswith("Vous êtes dispensé")


@pytest.mark.parametrize(("answers", "outcome"), V1_PATHS, ids=[o for _, o in V1_PATHS])
def test_every_path_of_the_first_version_keeps_its_meaning(answers, outcome):
    # Version 2 only adds options: an old command line, link or state still leads to the
    # same outcome, and each of its prefixes to the same next question.
    for length in range(len(answers)):
        decision = decide(answers[:length])
        assert decision.status == "question"
        assert decision.question == answers[length][0]
    decision = decide(answers)
    assert (decision.status, decision.outcome) == ("outcome", outcome)
    assert list(decision.answers.items()) == answers


@pytest.mark.parametrize(("answers", "outcome"), V2_KEPT_PATHS, ids=[o for _, o in V2_KEPT_PATHS])
def test_every_other_path_of_the_second_version_keeps_its_meaning(answers, outcome):
    for length in range(len(answers)):
        decision = decide(answers[:length])
        assert (decision.status, decision.question) == ("question", answers[length][0])
        assert decision.pending == {}
    decision = decide(answers)
    assert (decision.status, decision.outcome) == ("outcome", outcome)


@pytest.mark.parametrize(
    ("answers", "outcome"), V2_UNKNOWN_PATHS, ids=[o for _, o in V2_UNKNOWN_PATHS]
)
def test_a_second_version_link_of_an_unknown_cause_is_asked_the_provider_first(
    answers, outcome, capsys
):
    # Version 3: such a link, and each of its prefixes, now asks provider_check; the later
    # answers are pending (never bad input), and used once provider_check is answered.
    for length in range(1, len(answers) + 1):
        given = answers[:length]
        code = main(["decide", "--json", *_arguments(given)])
        result = json.loads(capsys.readouterr().out)
        assert (code, result["status"]) == (0, "question")
        assert result["question"]["id"] == "provider_check"
        assert result["answers"] == {"cause": "unknown"}
        assert result["pending"] == dict(given[1:])
    for provider_check in ("not_used", "not_provider"):
        decision = decide([*answers, ("provider_check", provider_check)])
        assert (decision.status, decision.outcome) == ("outcome", outcome)
        assert decision.answers["provider_check"] == provider_check
    # Not yet: step 1 first, whatever the later answers said.
    decision = decide([*answers, ("provider_check", "not_yet")])
    assert decision.status == "error"
    assert {p.code for p in decision.problems} == {"not_asked"}


def test_a_pending_answer_is_shown_on_the_command_line(capsys):
    code = main(["decide", "--lang", "en", "cause=unknown", "other_channel=no"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == TEXTS.text("checker.question.provider_check", "en")
    assert TEXTS.text("checker.pending", "en", answers="other_channel=no") in out


@pytest.mark.parametrize(
    "arguments",
    [
        # Never asked after an unknown cause, whatever the missing answers.
        ["cause=unknown", "provider_contact=solution"],
        # Never asked after an external third party.
        ["cause=third_party", "origin=infrastructure"],
        # Never asked once "not yet" has ended the path.
        ["cause=unknown", "provider_check=not_yet", "other_channel=no"],
        # The path is complete: nothing more is asked.
        ["cause=checkinatwork", "permanent=no"],
    ],
)
def test_an_answer_that_can_never_be_asked_on_its_path_is_bad_input(arguments, capsys):
    code = main(["decide", "--json", *arguments])
    result = json.loads(capsys.readouterr().out)
    assert (code, result["status"]) == (2, "error")
    assert [error["code"] for error in result["errors"]] == ["not_asked"]


def test_a_pending_answer_is_pending_whatever_comes_between():
    # provider_contact is missing: origin may still be asked (no_solution, then no channel).
    decision = decide([("cause", "provider"), ("origin", "infrastructure")])
    assert (decision.status, decision.question) == ("question", "provider_contact")
    assert decision.pending == {"origin": "infrastructure"}
    decision = decide(
        [("cause", "provider"), ("origin", "infrastructure"), ("provider_contact", "solution")]
    )
    assert decision.status == "error"  # the provider's solution ends the path before origin
