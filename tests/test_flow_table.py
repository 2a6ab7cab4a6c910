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
