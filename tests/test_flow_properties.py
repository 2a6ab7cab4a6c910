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


def _every_answer_set():
    """Every set of answers: each question of the flow unanswered or given one of its options
    (6 x 4 x 5 x 3 x 4 x 3 x 3 = 12,960 sets in version 3): exhaustive, not sampled."""
    choices = [[None, *question.options] for question in FLOW.questions]
    for picked in itertools.product(*choices):
        yield [(q.id, o) for q, o in zip(FLOW.questions, picked, strict=True) if o is not None]


def _states_what_the_source_requires(answers: dict[str, str]) -> bool:
    # By hand from decision-flow.md: Checkinatwork itself is unavailable; or no channel
    # works, the cause is the infrastructure (said by origin, or by the cause third party,
    # whose examples are infrastructure), and it is not permanent.
    if answers.get("cause") == "checkinatwork":
        return True
    infrastructure = answers.get("origin") == "infrastructure" or (
        answers.get("cause") == "third_party" and "origin" not in answers
    )
    return (
        answers.get("other_channel") == "no" and infrastructure and answers.get("permanent") == "no"
    )


def test_an_unknown_answer_never_stands_in_for_a_condition_of_an_exemption():
    checked = exempted = 0
    for answers in _every_answer_set():
        decision = decide(answers)
        checked += 1
        if decision.status != "outcome" or not FLOW.outcome(decision.outcome).exempts:
            continue
        exempted += 1
        assert _states_what_the_source_requires(decision.answers), decision.answers
        # No exemption rests on "I don't know" where the condition is asked.
        assert decision.answers.get("origin") != "unknown", decision.answers
        # Step 1 first: a user of a provider's system has asked the provider.
        assert _step_1_done(decision.answers), decision.answers
        # The exemption restates exactly the answers it rests on, and only answers given.
        restated = FLOW.conditions_for(decision.answers)
        assert set(restated) <= set(decision.answers.items())
        assert _restated_conditions_suffice(dict(restated)), (decision.answers, restated)
    assert checked == 12960
    # Exemptions do exist (the test would pass vacuously otherwise): checkinatwork, and
    # the infrastructure paths of provider, third party and the unknown cause (without a
    # provider, or with the provider's check done).
    assert exempted == 5


def _step_1_done(answers: dict[str, str]) -> bool:
    # By hand from decision-flow.md (version 3): step 1 applies to every user of a
    # provider's system, the unknown cause included.
    if answers["cause"] == "provider":
        return answers.get("provider_contact") == "no_solution"
    if answers["cause"] == "unknown":
        return answers.get("provider_check") in ("not_used", "not_provider")
    return "provider_check" not in answers and "provider_contact" not in answers


def _restated_conditions_suffice(restated: dict[str, str]) -> bool:
    # What the page tells the reader the exemption rests on states, by itself, what the
    # source requires.
    return _states_what_the_source_requires(restated)


def test_origin_unknown_leads_to_the_contact_center_never_to_an_exemption():
    # decision-flow.md: the conditions of step 3.1 are not established, so step 3.2 applies.
    for answers, outcome in walk_paths():
        if answers.get("origin") == "unknown":
            assert outcome in {"call_contact_center", "contact_form"}, answers
