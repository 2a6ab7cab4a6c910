"""Properties of the flow that decision-flow.md states as rules."""

from __future__ import annotations

import itertools

from checker import FLOW, decide, walk_paths
from checker.flow import PASSAGES, holds

# Written by hand: the outcomes that release from registering for the day.
EXEMPTING_OUTCOMES = {"exempt_checkinatwork", "exempt_infrastructure"}


def test_every_outcome_is_reachable():
    reached = {outcome for _, outcome in walk_paths()}
    assert reached == {outcome.id for outcome in FLOW.outcomes}


def test_every_question_and_every_option_is_used_somewhere():
    answered = {(q, o) for answers, _ in walk_paths() for q, o in answers.items()}
    declared = {(q.id, o) for q in FLOW.questions for o in q.options}
    assert answered == declared


def test_no_exemption_after_permanent_yes():
    for answers, outcome in walk_paths():
        if answers.get("permanent") == "yes":
            assert outcome not in EXEMPTING_OUTCOMES
            assert not FLOW.outcome(outcome).exempts


def test_the_exempting_outcomes_are_flagged_as_such():
    assert {o.id for o in FLOW.outcomes if o.exempts} == EXEMPTING_OUTCOMES


def test_one_question_at_a_time():
    # In every state met on a path, at most one unanswered question is asked.
    for answers, _ in walk_paths():
        items = list(answers.items())
        for length in range(len(items) + 1):
            state = dict(items[:length])
            asked = [
                q.id for q in FLOW.questions if q.id not in state and holds(q.asked_when, state)
            ]
            assert len(asked) <= 1, (state, asked)


def test_every_path_ends_in_exactly_one_outcome():
    for answers, outcome in walk_paths():
        matching = [o.id for o in FLOW.outcomes if holds(o.reached_when, answers)]
        assert matching == [outcome]


def test_the_flow_refers_only_to_what_it_declares():
    options = {q.id: set(q.options) for q in FLOW.questions}
    conditions = [q.asked_when for q in FLOW.questions] + [o.reached_when for o in FLOW.outcomes]
    for question_id, option_id in itertools.chain.from_iterable(itertools.chain(*conditions)):
        assert option_id in options[question_id]
    for outcome in FLOW.outcomes:
        assert set(outcome.sources) <= set(PASSAGES)
    assert len({q.id for q in FLOW.questions}) == len(FLOW.questions)


def test_contact_outcomes_and_only_they_end_with_the_listing():
    assert {o.id for o in FLOW.outcomes if o.needs_listing} == {
        "call_contact_center",
        "contact_form",
    }


def test_decide_takes_answers_in_any_order():
    shuffled = [("permanent", "no"), ("other_channel", "no"), ("cause", "third_party")]
    decision = decide(shuffled)
    assert decision.status == "outcome"
    assert decision.outcome == "exempt_infrastructure"
    assert list(decision.answers) == ["cause", "other_channel", "permanent"]


def test_no_answer_asks_the_first_question():
    decision = decide([])
    assert (decision.status, decision.question) == ("question", "cause")
