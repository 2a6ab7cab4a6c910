"""The flow of the emergency procedure, declared as data.

This is ``shared/spec/decision-flow.md`` written as Python values: questions with their
options and the condition under which each is asked, outcomes with the condition that
reaches them and the passages of the source text they rest on. The IDs are a public
contract (URLs, command line, tests); the texts that go with them live in ``content/``.

A condition is a disjunction of conjunctions: ``when({"cause": "third_party"},
{"provider_contact": "no_solution"})`` holds when cause is third_party OR provider_contact
is no_solution. ``ALWAYS`` is the one empty conjunction, which every state satisfies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Conjunction = tuple[tuple[str, str], ...]
Condition = tuple[Conjunction, ...]


def when(*alternatives: Mapping[str, str]) -> Condition:
    """Build a condition from alternatives, each a mapping of question id to option id."""
    return tuple(tuple(sorted(alternative.items())) for alternative in alternatives)


ALWAYS: Condition = when({})


def holds(condition: Condition, state: Mapping[str, str]) -> bool:
    """True when at least one alternative of ``condition`` is fully met by ``state``."""
    return any(
        all(state.get(question) == option for question, option in conjunction)
        for conjunction in condition
    )


@dataclass(frozen=True)
class Question:
    id: str
    options: tuple[str, ...]
    asked_when: Condition


@dataclass(frozen=True)
class Outcome:
    id: str
    reached_when: Condition
    # Passage IDs of the source text (see PASSAGES) that the outcome rests on.
    sources: tuple[str, ...]
    # Whether the outcome releases the employer from registering for the day.
    exempts: bool
    # Whether the outcome ends with the paper listing of detailed step 3.3.
    needs_listing: bool


class FlowError(Exception):
    """The flow data contradicts itself (a bug in this file, never bad user input)."""


@dataclass(frozen=True)
class Flow:
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    passages: tuple[str, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def outcome(self, outcome_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.id == outcome_id), None)

    def next_question(self, state: Mapping[str, str]) -> Question | None:
        """The first question, in declared order, that is asked in ``state`` and not answered."""
        for question in self.questions:
            if question.id not in state and holds(question.asked_when, state):
                return question
        return None

    def outcome_for(self, state: Mapping[str, str]) -> Outcome:
        """The single outcome of a complete state (one where no question is left to ask)."""
        reached = [o for o in self.outcomes if holds(o.reached_when, state)]
        if len(reached) != 1:
            found = ", ".join(o.id for o in reached) or "none"
            raise FlowError(f"state {dict(state)} reaches {len(reached)} outcomes ({found})")
        return reached[0]


# Passages of the source text (shared/source/001_*.txt), in reading order.
PASSAGES: tuple[str, ...] = (
    "summary_provider",
    "summary_third_party",
    "summary_checkinatwork",
    "summary_company",
    "step_1",
    "step_2",
    "step_3_1",
    "step_3_2",
    "step_3_3",
    "attention",
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        id="cause",
        options=("provider", "third_party", "checkinatwork", "company"),
        asked_when=ALWAYS,
    ),
    Question(
        id="provider_contact",
        options=("not_yet", "solution", "no_solution"),
        asked_when=when({"cause": "provider"}),
    ),
    Question(
        id="other_channel",
        options=("yes", "no"),
        asked_when=when(
            {"cause": "third_party"},
            {"cause": "company"},
            {"provider_contact": "no_solution"},
        ),
    ),
    Question(
        id="origin",
        options=("infrastructure", "own_means"),
        asked_when=when({"other_channel": "no", "cause": "provider"}),
    ),
    Question(
        id="permanent",
        options=("yes", "no"),
        asked_when=when(
            {"origin": "infrastructure"},
            {"cause": "third_party", "other_channel": "no"},
        ),
    ),
    Question(
        id="contact_time",
        options=("open", "closed"),
        asked_when=when(
            {"origin": "own_means"},
            {"cause": "company", "other_channel": "no"},
        ),
    ),
)

OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        id="exempt_checkinatwork",
        reached_when=when({"cause": "checkinatwork"}),
        sources=("summary_checkinatwork",),
        exempts=True,
        needs_listing=False,
    ),
    Outcome(
        id="contact_provider",
        reached_when=when({"provider_contact": "not_yet"}),
        sources=("step_1",),
        exempts=False,
        needs_listing=False,
    ),
    Outcome(
        id="provider_solution",
        reached_when=when({"provider_contact": "solution"}),
        sources=("step_1",),
        exempts=False,
        needs_listing=False,
    ),
    Outcome(
        id="use_other_channel",
        reached_when=when({"other_channel": "yes"}),
        sources=("step_2",),
        exempts=False,
        needs_listing=False,
    ),
    Outcome(
        id="exempt_infrastructure",
        reached_when=when({"permanent": "no"}),
        sources=("summary_third_party", "step_3_1"),
        exempts=True,
        needs_listing=False,
    ),
    Outcome(
        id="no_exemption_permanent",
        reached_when=when({"permanent": "yes"}),
        sources=("attention",),
        exempts=False,
        needs_listing=False,
    ),
    Outcome(
        id="call_contact_center",
        reached_when=when({"contact_time": "open"}),
        sources=("step_3_2", "step_3_3"),
        exempts=False,
        needs_listing=True,
    ),
    Outcome(
        id="contact_form",
        reached_when=when({"contact_time": "closed"}),
        sources=("step_3_2", "step_3_3"),
        exempts=False,
        needs_listing=True,
    ),
)

FLOW = Flow(questions=QUESTIONS, outcomes=OUTCOMES, passages=PASSAGES)
