"""From answers to the next question, an outcome, or the problems found in the answers.

Answers come as (question id, option id) pairs, in the order given, so that a question
answered twice can be told apart from one answered once (a mapping would hide it). The
command line turns ``ID=VALUE`` arguments into pairs with :func:`parse_arguments`; the page
turns a URL's query string into pairs the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from checker.flow import FLOW, Flow

Answer = tuple[str, str]

# Problem codes, each with one message per language in content/checker.toml.
MISSING_EQUALS = "missing_equals"
UNKNOWN_QUESTION = "unknown_question"
UNKNOWN_OPTION = "unknown_option"
DUPLICATE = "duplicate"
NOT_ASKED = "not_asked"
PROBLEM_CODES = (MISSING_EQUALS, UNKNOWN_QUESTION, UNKNOWN_OPTION, DUPLICATE, NOT_ASKED)


@dataclass(frozen=True)
class Problem:
    code: str
    # The question id as given (possibly unknown) and the value as given; both are
    # untrusted input, to be shown escaped and never interpreted.
    question: str = ""
    value: str = ""
    # What would have been understood in its place: the options of the question for an
    # unknown option, the questions for an unknown question (IDs, so the reader can retype).
    expected: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    # The answers that were taken, in the order the questions are asked.
    answers: dict[str, str] = field(default_factory=dict)
    # Answers given to questions further on, which the path may still ask once the next
    # question is answered: kept, in the order given, and used when their question comes.
    pending: dict[str, str] = field(default_factory=dict)
    question: str | None = None
    outcome: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def status(self) -> str:
        if self.problems:
            return "error"
        return "outcome" if self.outcome is not None else "question"


def parse_arguments(arguments: Iterable[str]) -> tuple[list[Answer], list[Problem]]:
    """Split ``ID=VALUE`` arguments into answers; an argument without ``=`` is a problem."""
    answers: list[Answer] = []
    problems: list[Problem] = []
    for argument in arguments:
        question, separator, value = argument.partition("=")
        if not separator:
            problems.append(Problem(MISSING_EQUALS, value=argument))
        else:
            answers.append((question, value))
    return answers, problems


def decide(
    answers: Sequence[Answer],
    flow: Flow = FLOW,
    problems: Sequence[Problem] = (),
) -> Decision:
    """Walk the flow with ``answers`` and say where it ends.

    Every problem is collected, not only the first. ``problems`` found earlier (by
    :func:`parse_arguments`) are reported with the rest. Any problem means no outcome.
    """
    found: list[Problem] = list(problems)
    counts: dict[str, int] = {}
    for question_id, _ in answers:
        counts[question_id] = counts.get(question_id, 0) + 1

    usable: dict[str, str] = {}
    # Questions whose answer cannot be used: the walk cannot go past them.
    unusable: set[str] = set()
    for question_id, value in answers:
        question = flow.question(question_id)
        if question is None:
            known = tuple(q.id for q in flow.questions)
            found.append(Problem(UNKNOWN_QUESTION, question_id, value, expected=known))
        elif counts[question_id] > 1:
            if question_id not in unusable:
                found.append(Problem(DUPLICATE, question=question_id, value=value))
            unusable.add(question_id)
        elif value not in question.options:
            found.append(Problem(UNKNOWN_OPTION, question_id, value, expected=question.options))
            unusable.add(question_id)
        else:
            usable[question_id] = value

    state: dict[str, str] = {}
    blocked = False
    next_question = flow.next_question(state)
    while next_question is not None and next_question.id in usable:
        state[next_question.id] = usable.pop(next_question.id)
        next_question = flow.next_question(state)
    if next_question is not None and next_question.id in unusable:
        blocked = True

    # An answer left over is pending when its question may still be asked, whatever the
    # missing answers turn out to be; otherwise it was not asked on the path the other
    # answers draw. Behind an unusable answer the path is unknown: nothing more is said.
    pending: dict[str, str] = {}
    if not blocked:
        still_asked = askable(state, usable, flow)
        for question_id, value in answers:
            if question_id not in usable:
                continue
            if question_id in still_asked:
                pending[question_id] = value
            else:
                found.append(Problem(NOT_ASKED, question=question_id, value=value))

    if found:
        return Decision(answers=state, problems=tuple(found))
    if next_question is not None:
        return Decision(answers=state, pending=pending, question=next_question.id)
    return Decision(answers=state, outcome=flow.outcome_for(state).id)


def askable(state: Mapping[str, str], given: Mapping[str, str], flow: Flow = FLOW) -> set[str]:
    """The questions asked on some completion of ``state``: where a question has an answer
    in ``given`` the path takes it, elsewhere it may take any option."""
    asked: set[str] = set()

    def visit(current: dict[str, str]) -> None:
        question = flow.next_question(current)
        if question is None:
            return
        asked.add(question.id)
        options = (given[question.id],) if question.id in given else question.options
        for option in options:
            visit({**current, question.id: option})

    visit(dict(state))
    return asked


def walk_paths(flow: Flow = FLOW) -> list[tuple[dict[str, str], str]]:
    """Every complete path of the flow, as (answers in asked order, outcome id)."""
    paths: list[tuple[dict[str, str], str]] = []

    def visit(state: dict[str, str]) -> None:
        question = flow.next_question(state)
        if question is None:
            paths.append((dict(state), flow.outcome_for(state).id))
            return
        for option in question.options:
            visit({**state, question.id: option})

    visit({})
    return paths


def walk_states(flow: Flow = FLOW) -> list[dict[str, str]]:
    """Every state met on some path (the answers so far, in asked order), the empty one first.

    The build makes one page of each; complete states are the outcome pages.
    """
    states: list[dict[str, str]] = []

    def visit(state: dict[str, str]) -> None:
        states.append(dict(state))
        question = flow.next_question(state)
        if question is not None:
            for option in question.options:
                visit({**state, question.id: option})

    visit({})
    return states


def settle(answers: Sequence[Answer], flow: Flow = FLOW) -> dict[str, str]:
    """The answers that still apply, in asked order: those the flow asks, given the others.

    When a reader changes an earlier answer, the later answers that the new path no longer
    asks are dropped; those it still asks are kept (GOV.UK's "change" links do the same),
    and so are those it may still ask, after the answers taken (pending, as in
    :func:`decide`). Unknown questions and options are dropped too: use :func:`decide` to
    report them.
    """
    given = {}
    for question_id, value in answers:
        question = flow.question(question_id)
        if question is not None and value in question.options:
            given[question_id] = value
    state: dict[str, str] = {}
    question = flow.next_question(state)
    while question is not None and question.id in given:
        state[question.id] = given.pop(question.id)
        question = flow.next_question(state)
    if question is not None:
        still_asked = askable(state, given, flow)
        state.update((q, o) for q, o in given.items() if q in still_asked)
    return state


def moved_states(flow: Flow = FLOW) -> list[dict[str, str]]:
    """The states of version 2 that version 3 asks ``provider_check`` first: an unknown
    cause followed by later answers. Their pages stay at their addresses and ask it, the
    later answers kept as pending (DECISION-FLOW.md, "Old links keep their meaning")."""
    moved = []
    for state in walk_states(flow):
        if state.get("cause") == "unknown" and state.get("provider_check") == "not_used":
            rest = {q: o for q, o in state.items() if q not in ("cause", "provider_check")}
            if rest:
                moved.append({"cause": "unknown", **rest})
    return moved
