"""Where the words for the checker's IDs are found in the single source.

The decision module deals in IDs; this module names the content keys that hold the words
for each ID and puts an outcome or a problem into words, for the command line and the
build alike. It holds no sentence itself.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from checker.decide import PROBLEM_CODES, Problem, walk_paths
from checker.flow import FLOW, Flow, condition_id
from checker.identity import (
    BIRTH_DATE_UNKNOWN,
    BIS,
    EMPTY,
    NATIONAL_REGISTER,
    NOT_CHECKED,
    IdCheck,
)
from checker.identity import PROBLEM_CODES as IDENTITY_PROBLEMS
from checker.shown import shown
from content import Content

# What a reader needs beside a question to answer it: a text shown with the question.
QUESTION_ASIDES = {"contact_time": "contact.hours"}

# The facts of facts.confirmed that a passage uses: where one is not confirmed in the
# reader's language, a note (content: uncertain.<fact>) goes with the passage.
PASSAGE_FACTS = {"step_3_2": ("phone_menu", "contact_form_url")}
# The facts an outcome's own words use: their notes stand with them (the phone menu with
# the call, the form's address with the form); a quoted passage carries its own notes.
OUTCOME_FACTS = {
    "call_contact_center": ("phone_menu",),
    "contact_form": ("contact_form_url",),
}


def question_label(content: Content, language: str, question_id: str) -> str:
    return content.text(f"checker.question.{question_id}", language)


def option_label(content: Content, language: str, question_id: str, option_id: str) -> str:
    return content.text(f"checker.option.{question_id}.{option_id}", language)


def outcome_title(content: Content, language: str, outcome_id: str) -> str:
    return content.text(f"checker.outcome.{outcome_id}.title", language)


def outcome_text(content: Content, language: str, outcome_id: str) -> str:
    return content.text(f"checker.outcome.{outcome_id}.text", language)


def passage_heading(content: Content, language: str, passage_id: str) -> str:
    """Where a passage stands in the source: a summary row, a detailed step, the warning."""
    if passage_id.startswith("summary_"):
        cause = content.text(f"source.{passage_id}.cause", language)
        return content.text("source.heading.summary", language, cause=cause)
    if passage_id.startswith("step_"):
        number = passage_id.removeprefix("step_").replace("_", ".")
        return content.text("source.heading.step", language, number=number)
    return content.text(f"source.{passage_id}.heading", language)


def fact_notes(content: Content, language: str, facts) -> list[str]:
    """The notes on those of ``facts`` (names in facts.confirmed) not confirmed in ``language``."""
    return [
        content.text(f"uncertain.{fact}", language)
        for fact in dict.fromkeys(facts)
        if content.text(f"facts.confirmed.{fact}", language) != "yes"
    ]


def uncertain_notes(content: Content, language: str, passage_ids) -> list[str]:
    """The notes on the facts these passages use that are not confirmed in ``language``."""
    return fact_notes(content, language, (f for p in passage_ids for f in PASSAGE_FACTS.get(p, ())))


def passage_text(content: Content, language: str, passage_id: str) -> str:
    return content.text(f"source.{passage_id}.text", language)


def passage_quote(content: Content, language: str, passage_id: str) -> str:
    """A passage as an outcome quotes it: a sub-step of step 3 opens with step 3's lead-in
    ("If registration cannot be made through any channel,"), without which it reads wrong."""
    text = passage_text(content, language, passage_id).strip()
    if passage_id.startswith("step_3_"):
        return f"{content.text('source.step_3.text', language)} […]\n\n{text}"
    return text


def question_json(content: Content, language: str, question_id: str, flow: Flow = FLOW):
    question = flow.question(question_id)
    assert question is not None, question_id
    aside = QUESTION_ASIDES.get(question.id)
    return {
        "id": question.id,
        "label": question_label(content, language, question.id),
        "aside": content.text(aside, language) if aside else None,
        "options": [
            {"id": option, "label": option_label(content, language, question.id, option)}
            for option in question.options
        ],
    }


@cache
def _sources_by_outcome(flow: Flow) -> dict[str, tuple[str, ...]]:
    # One walk for every outcome: the build asks for each outcome on every checker page.
    quoted: dict[str, set[str]] = {}
    for answers, reached in walk_paths(flow):
        quoted.setdefault(reached, set()).update(flow.sources_for(answers))
    return {outcome: tuple(p for p in flow.passages if p in q) for outcome, q in quoted.items()}


def possible_sources(outcome_id: str, flow: Flow = FLOW) -> tuple[str, ...]:
    """Every passage the outcome quotes on some path, in the order of the source text."""
    return _sources_by_outcome(flow)[outcome_id]


@cache
def _conditions_by_outcome(flow: Flow) -> dict[str, tuple[tuple[str, str], ...]]:
    stated: dict[str, set[tuple[str, str]]] = {}
    for answers, reached in walk_paths(flow):
        stated.setdefault(reached, set()).update(flow.conditions_for(answers))
    return {
        outcome: tuple(c for c in flow.exemption_conditions if c in found)
        for outcome, found in stated.items()
    }


def possible_conditions(outcome_id: str, flow: Flow = FLOW) -> tuple[tuple[str, str], ...]:
    """Every answer the outcome restates as a condition on some path, in the flow's order."""
    return _conditions_by_outcome(flow)[outcome_id]


def outcome_json(
    content: Content,
    language: str,
    outcome_id: str,
    answers: dict[str, str] | None = None,
    flow: Flow = FLOW,
):
    """An outcome in words, with what it rests on.

    With the ``answers`` of a complete path: the passages and the divergence of that path.
    Without: every passage and divergence the outcome shows on some path (the page holds
    them all, and the in-page checker shows those Python names for the path).
    """
    outcome = flow.outcome(outcome_id)
    assert outcome is not None, outcome_id
    if answers is None:
        passages = possible_sources(outcome_id, flow)
        divergences = [d.id for d in flow.divergences if outcome_id in d.outcomes]
        conditions = possible_conditions(outcome_id, flow)
    else:
        passages = flow.sources_for(answers)
        divergence = flow.divergence_for(answers)
        divergences = [divergence.id] if divergence else []
        conditions = flow.conditions_for(answers)
    return {
        "id": outcome.id,
        "title": outcome_title(content, language, outcome.id),
        "text": outcome_text(content, language, outcome.id),
        # What the reader answered that the exemption rests on, in the reader's own terms.
        "conditions": [
            {
                "id": condition_id(answer),
                "text": content.text(f"checker.condition.{condition_id(answer)}", language),
            }
            for answer in conditions
        ],
        "divergences": [
            {"id": d, "text": content.text(f"checker.divergence.{d}", language)}
            for d in divergences
        ],
        "notes": fact_notes(content, language, OUTCOME_FACTS.get(outcome.id, ())),
        "sources": [
            {
                "id": passage,
                "heading": passage_heading(content, language, passage),
                "text": passage_quote(content, language, passage),
                # Beside the quote that uses them (the form's address, the phone menu).
                "notes": uncertain_notes(content, language, [passage]),
            }
            for passage in passages
        ],
    }


def problem_message(content: Content, language: str, problem: Problem) -> str:
    values: dict[str, Any] = {
        "question": shown(problem.question),
        "value": shown(problem.value),
        "expected": ", ".join(problem.expected),
    }
    return content.text(f"checker.problem.{problem.code}", language, **values)


def every_text(content: Content, language: str, flow: Flow = FLOW) -> list[str]:
    """Every text the checker can show in ``language``: a flow ID without words fails here."""
    texts = [content.text("checker.title", language)]
    for question in flow.questions:
        asked = question_json(content, language, question.id, flow)
        texts.append(asked["label"])
        texts.append(asked["aside"] or "")
        texts.extend(option["label"] for option in asked["options"])
    for outcome in flow.outcomes:
        shown_outcome = outcome_json(content, language, outcome.id, flow=flow)
        texts.extend([shown_outcome["title"], shown_outcome["text"], *shown_outcome["notes"]])
        texts.extend(condition["text"] for condition in shown_outcome["conditions"])
        if shown_outcome["conditions"]:
            texts.append(content.text("checker.conditions_heading", language))
        texts.extend(divergence["text"] for divergence in shown_outcome["divergences"])
        texts.extend(source["heading"] + source["text"] for source in shown_outcome["sources"])
    texts.extend(problem_message(content, language, Problem(code)) for code in PROBLEM_CODES)
    texts.append(content.text("checker.problems_more", language, count=0))  # the command line's
    texts.append(content.text("checker.pending", language, answers="cause=unknown"))
    for kind in (NATIONAL_REGISTER, BIS):
        for note in (None, BIRTH_DATE_UNKNOWN):
            check = IdCheck(True, kind, "00.00.00-000.00", None, note=note)
            texts.append(identity_message(content, language, check))
    for code in IDENTITY_PROBLEMS:
        texts.append(identity_message(content, language, IdCheck(False, None, None, code, 11)))
    return texts


def identity_message(content: Content, language: str, check: IdCheck) -> str:
    """What to tell the reader of one identification number."""
    if check.valid:
        group = "valid_date_unknown" if check.note == BIRTH_DATE_UNKNOWN else "valid"
        return content.text(f"identity.{group}.{check.kind}", language, formatted=check.formatted)
    message = content.text(f"identity.problem.{check.problem}", language, digits=check.digits)
    if check.kind is None and check.problem not in (EMPTY, NOT_CHECKED):
        message += " " + content.text("identity.maybe_limosa", language)
    return message
