"""The checker and the listing's number checks as the page calls them, in Pyodide: JSON in,
JSON out.

For the checker, the page sends the answers as a JSON list of [question, option] pairs
(from its URL or its clicks) and gets back the decision with IDs only: the words are already
in the page. The values in problems are cut and spelled out by :func:`checker.shown.shown`,
to be shown as text. The listing sends [value, said to be Limosa L1] pairs and gets codes;
and a crew list's text with the titles its header may give, and gets rows and codes.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict

# First: in Pyodide, python-stdnum's unused imports get their stand-ins (see there).
from checker import pyodide_stand_ins  # noqa: F401
from checker.crew import parse_crew
from checker.decide import Answer, Decision, decide, settle
from checker.flow import FLOW, condition_id
from checker.identity import check_id
from checker.shown import shown

# What a link may carry that is not an answer: the theme's search highlight (h) and what
# sites and mail add to a shared link. Any other name is read as a question, and checked.
NOT_ANSWERS = re.compile(r"h|fbclid|gclid|utm_\w+")


def _pairs(answers_json: str) -> list[Answer]:
    pairs = [(str(question), str(value)) for question, value in json.loads(answers_json)]
    return [(question, value) for question, value in pairs if not NOT_ANSWERS.fullmatch(question)]


def _as_dict(decision: Decision) -> dict:
    return {
        "status": decision.status,
        "question": decision.question,
        "outcome": decision.outcome,
        "answers": decision.answers,
        # Answers to questions further on, kept until their question comes (in given order).
        "pending": list(decision.pending.items()),
        "problems": [
            {
                "code": p.code,
                "question": shown(p.question),
                "value": shown(p.value),
                "expected": ", ".join(p.expected),
            }
            for p in decision.problems
        ],
        # The passages and the divergence of this path's outcome: the page holds every
        # passage the outcome may quote and shows these only.
        **(
            {
                "sources": list(FLOW.sources_for(decision.answers)),
                "divergence": getattr(FLOW.divergence_for(decision.answers), "id", None),
                "conditions": [condition_id(c) for c in FLOW.conditions_for(decision.answers)],
            }
            if decision.outcome
            else {}
        ),
    }


def decide_json(answers_json: str) -> str:
    """Where ``answers_json`` leads: the next question, the outcome, or the problems."""
    return json.dumps(_as_dict(decide(_pairs(answers_json))))


def settle_json(answers_json: str) -> str:
    """Where the answers that still apply lead, after the reader changed one of them."""
    settled = settle(_pairs(answers_json))
    return json.dumps(_as_dict(decide(list(settled.items()))))


def check_ids_json(items_json: str) -> str:
    """Check the listing's numbers: a JSON list of [value, the reader says Limosa L1]."""
    items = json.loads(items_json)
    return json.dumps([asdict(check_id(str(value), bool(limosa))) for value, limosa in items])


def parse_crew_json(list_json: str) -> str:
    """Rows for the listing from a pasted block or an imported CSV file's text: a JSON object
    {text, headers}, the titles a header may give each column coming from the page."""
    crew = json.loads(list_json)
    headers = {
        str(column): [str(title) for title in titles] for column, titles in crew["headers"].items()
    }
    return json.dumps(asdict(parse_crew(str(crew["text"]), headers)))
