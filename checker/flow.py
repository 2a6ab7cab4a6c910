"""The flow of the emergency procedure, declared as data.

This is ``DECISION-FLOW.md`` written as Python values: questions with their
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


def condition_id(answer: tuple[str, str]) -> str:
    """An answer restated as a condition of an exemption, as pages and texts name it:
    ``question.option``."""
    return ".".join(answer)


@dataclass(frozen=True)
class Question:
    id: str
    options: tuple[str, ...]
    asked_when: Condition


@dataclass(frozen=True)
class Outcome:
    id: str
    reached_when: Condition
    # Passage IDs of the detailed procedure (see PASSAGES) that the outcome applies. The
    # summary row of the reader's cause is added by Flow.sources_for: it depends on the path.
    sources: tuple[str, ...]
    # Whether the outcome releases the employer from registering for the day.
    exempts: bool
    # Whether the outcome ends with the paper listing of detailed step 3.3.
    needs_listing: bool


@dataclass(frozen=True)
class Divergence:
    """A place where the summary row of a cause and the detailed procedure read differently.

    The outcomes it names, on the path of that cause, say so in one plain sentence
    (content: ``checker.divergence.<id>``) and say which reading the guide follows.
    """

    id: str
    cause: str
    outcomes: tuple[str, ...]


class FlowError(Exception):
    """The flow data contradicts itself (a bug in this file, never bad user input)."""


# eq=False: a flow is itself (hashed by identity), so what is derived from it can be cached.
@dataclass(frozen=True, eq=False)
class Flow:
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    passages: tuple[str, ...]
    # The summary row ("En résumé") of each option of the first question that has one.
    summary_rows: Mapping[str, str]
    divergences: tuple[Divergence, ...]
    # The answers that state a condition of an exemption (see EXEMPTION_CONDITIONS).
    exemption_conditions: tuple[tuple[str, str], ...]

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

    def sources_for(self, state: Mapping[str, str]) -> tuple[str, ...]:
        """The passages a complete state's outcome rests on: the summary row of the cause
        the reader chose (none for an unknown cause), then the detailed steps applied."""
        summary = self.summary_rows.get(state.get("cause", ""))
        detailed = self.outcome_for(state).sources
        return tuple(dict.fromkeys(((summary,) if summary else ()) + detailed))

    def conditions_for(self, state: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
        """The reader's own answers that a complete state's exemption rests on, in asked
        order; none when its outcome does not exempt."""
        if not self.outcome_for(state).exempts:
            return ()
        return tuple(answer for answer in state.items() if answer in self.exemption_conditions)

    def divergence_for(self, state: Mapping[str, str]) -> Divergence | None:
        """Where the summary row of this path's cause and the detailed steps differ, if so."""
        outcome = self.outcome_for(state).id
        return next(
            (
                d
                for d in self.divergences
                if d.cause == state.get("cause") and outcome in d.outcomes
            ),
            None,
        )


# Passages of the official text (its French in content/source.toml), in reading order.
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
        options=("provider", "third_party", "checkinatwork", "company", "unknown"),
        asked_when=ALWAYS,
    ),
    # Step 1 applies to every user of a provider's system, including one who does not
    # know the cause yet: the unknown cause asks first whether the provider was asked.
    Question(
        id="provider_check",
        options=("not_used", "not_provider", "not_yet"),
        asked_when=when({"cause": "unknown"}),
    ),
    Question(
        id="provider_contact",
        options=("not_yet", "solution", "no_solution", "not_provider"),
        asked_when=when({"cause": "provider"}),
    ),
    Question(
        id="other_channel",
        options=("yes", "no"),
        asked_when=when(
            {"cause": "third_party"},
            {"cause": "company"},
            {"provider_contact": "no_solution"},
            {"provider_check": "not_used"},
            {"provider_check": "not_provider"},
        ),
    ),
    Question(
        id="origin",
        options=("infrastructure", "own_means", "unknown"),
        asked_when=when(
            {"other_channel": "no", "cause": "provider"},
            {"other_channel": "no", "cause": "unknown"},
        ),
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
            {"origin": "unknown"},
            {"cause": "company", "other_channel": "no"},
        ),
    ),
)

OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        id="exempt_checkinatwork",
        reached_when=when({"cause": "checkinatwork"}),
        # Only the summary row speaks of Checkinatwork itself (added by its cause).
        sources=(),
        exempts=True,
        needs_listing=False,
    ),
    Outcome(
        id="cause_elsewhere",
        reached_when=when({"provider_contact": "not_provider"}),
        sources=("step_1",),
        exempts=False,
        needs_listing=False,
    ),
    Outcome(
        id="contact_provider",
        reached_when=when({"provider_contact": "not_yet"}, {"provider_check": "not_yet"}),
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
        sources=("step_3_1",),
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

SUMMARY_ROWS: dict[str, str] = {
    "provider": "summary_provider",
    "third_party": "summary_third_party",
    "checkinatwork": "summary_checkinatwork",
    "company": "summary_company",
}

# decision-flow.md: where the summary and the detailed procedure differ, the flow follows
# the detailed procedure, the more specific text, and the outcome says so.
DIVERGENCES: tuple[Divergence, ...] = (
    # Summary: "do nothing, exempt"; detailed: another channel first, exempt only when no
    # channel works and the infrastructure is at fault (and never when it is permanent).
    Divergence(
        id="third_party",
        cause="third_party",
        outcomes=("use_other_channel", "exempt_infrastructure", "no_exemption_permanent"),
    ),
    # Summary: phone or form, whatever the time, and the paper form without condition;
    # detailed: phone in opening hours, form outside, the paper form if a reference came.
    Divergence(
        id="company",
        cause="company",
        outcomes=("call_contact_center", "contact_form"),
    ),
    # Summary: exempt for the day; detailed: no step for the service's own unavailability,
    # and step 2 asks to try another channel. Exempt only where none of its channels works.
    Divergence(
        id="checkinatwork",
        cause="checkinatwork",
        outcomes=("exempt_checkinatwork",),
    ),
)

# cause_elsewhere's way on for a reader who still does not know the cause: the unknown
# cause with the provider's check (step 1) kept, rather than asked again.
STILL_UNKNOWN: dict[str, str] = {"cause": "unknown", "provider_check": "not_provider"}

# What the source requires of an exemption, as answers: Checkinatwork itself unavailable
# (summary row); or no channel works (step 3), the cause is the infrastructure (step 3.1:
# asked as the origin, or given by an external third party as the cause) and it is not
# permanent ("Attention"). An exemption restates those of its path as the reader's answers,
# and nothing it did not ask.
EXEMPTION_CONDITIONS: tuple[tuple[str, str], ...] = (
    ("cause", "checkinatwork"),
    ("cause", "third_party"),
    ("other_channel", "no"),
    ("origin", "infrastructure"),
    ("permanent", "no"),
)

FLOW = Flow(
    questions=QUESTIONS,
    outcomes=OUTCOMES,
    passages=PASSAGES,
    summary_rows=SUMMARY_ROWS,
    divergences=DIVERGENCES,
    exemption_conditions=EXEMPTION_CONDITIONS,
)
