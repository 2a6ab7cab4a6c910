"""The command line: ``python -m checker decide|paths|check-id``.

A contract that tests and scripts rely on: the JSON shapes and the exit codes (0 for a
question or an outcome, 2 for bad input) do not change. ``check-id`` exits 0 for a valid
number and 2 for any other, a number taken as a Limosa L1 number (``--limosa``) included:
it is never said valid.

What the input brings back is shown escaped: a control or bidirectional character of an
argument is written as a ``\\u`` escape in the messages and in the JSON, never sent to the
terminal as it is; and the text output gives at most ``SHOWN_PROBLEMS`` problems, then
how many more (``--json`` lists them all).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence

import content
from checker import wording
from checker.decide import decide, parse_arguments, walk_paths
from checker.identity import check_id

EXIT_OK = 0
EXIT_BAD_INPUT = 2
SHOWN_PROBLEMS = 10
# What JSON may carry as it is but a terminal would act on: DEL and the C1 controls (the
# C0 ones JSON escapes itself), the bidirectional marks, embeddings, overrides and
# isolates, and the line and paragraph separators.
TERMINAL_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def main(argv: Sequence[str] | None = None) -> int:
    texts = content.load()
    parser = argparse.ArgumentParser(prog="python -m checker", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    decide_parser = commands.add_parser("decide", help="the next question or the outcome")
    decide_parser.add_argument("--lang", choices=sorted(texts.languages), default="fr")
    decide_parser.add_argument("--json", action="store_true", help="one JSON object")
    decide_parser.add_argument("answers", nargs="*", metavar="ID=VALUE")

    paths_parser = commands.add_parser("paths", help="every complete path and its outcome")
    paths_parser.add_argument("--json", action="store_true", help="one JSON array")

    check_parser = commands.add_parser(
        "check-id", help="check a national register, BIS (or, said so, Limosa L1) number"
    )
    check_parser.add_argument("--lang", choices=sorted(texts.languages), default="fr")
    check_parser.add_argument("--json", action="store_true", help="one JSON object")
    check_parser.add_argument(
        "--limosa", action="store_true", help="the number is a Limosa L1 number (not checked)"
    )
    check_parser.add_argument("value", metavar="VALUE")

    arguments = parser.parse_args(argv)
    if arguments.command == "decide":
        return _decide(texts, arguments.lang, arguments.answers, arguments.json)
    if arguments.command == "check-id":
        return _check_id(texts, arguments.lang, arguments.value, arguments.limosa, arguments.json)
    return _paths(arguments.json)


def _decide(texts: content.Content, language: str, raw: list[str], as_json: bool) -> int:
    answers, problems = parse_arguments(raw)
    decision = decide(answers, problems=problems)

    if decision.status == "error":
        errors = [
            {"code": p.code, "message": wording.problem_message(texts, language, p)}
            for p in decision.problems
        ]
        if as_json:
            _print_json({"status": "error", "errors": errors})
        else:
            for error in errors[:SHOWN_PROBLEMS]:
                print(error["message"], file=sys.stderr)
            if len(errors) > SHOWN_PROBLEMS:
                more = len(errors) - SHOWN_PROBLEMS
                print(texts.text("checker.problems_more", language, count=more), file=sys.stderr)
        return EXIT_BAD_INPUT

    if decision.status == "question":
        question = wording.question_json(texts, language, decision.question)
        pending = " ".join(f"{q}={o}" for q, o in decision.pending.items())
        if as_json:
            _print_json(
                {
                    "status": "question",
                    "question": question,
                    "answers": decision.answers,
                    "pending": decision.pending,
                }
            )
        else:
            print(question["label"])
            if question["aside"]:
                print(f"({question['aside']})")
            for option in question["options"]:
                print(f"  {question['id']}={option['id']}  {option['label']}")
            if pending:
                print("\n" + texts.text("checker.pending", language, answers=pending))
        return EXIT_OK

    outcome = wording.outcome_json(texts, language, decision.outcome, decision.answers)
    if as_json:
        _print_json({"status": "outcome", "outcome": outcome, "answers": decision.answers})
    else:
        print(f"[{outcome['id']}] {outcome['title']}")
        if outcome["conditions"]:
            print("\n" + texts.text("checker.conditions_heading", language))
            for condition in outcome["conditions"]:
                print(f"- {condition['text']}")
        print(f"\n{outcome['text']}")
        for line in [*outcome["notes"], *(d["text"] for d in outcome["divergences"])]:
            print(f"\n{line}")
        for source in outcome["sources"]:
            quoted = "\n".join(f"> {line}".rstrip() for line in source["text"].strip().splitlines())
            print(f"\n{source['heading']}\n{quoted}")
            for note in source["notes"]:
                print(f"({note})")
    return EXIT_OK


def _check_id(
    texts: content.Content, language: str, value: str, limosa: bool, as_json: bool
) -> int:
    check = check_id(value, limosa=limosa)
    message = wording.identity_message(texts, language, check)
    if as_json:
        _print_json(
            {
                "valid": check.valid,
                "kind": check.kind,
                "formatted": check.formatted,
                "message": message,
            }
        )
    else:
        print(message, file=sys.stdout if check.valid else sys.stderr)
    return EXIT_OK if check.valid else EXIT_BAD_INPUT


def _paths(as_json: bool) -> int:
    paths = walk_paths()
    if as_json:
        _print_json([{"answers": answers, "outcome": outcome} for answers, outcome in paths])
    else:
        for answers, outcome in paths:
            print(" ".join(f"{q}={o}" for q, o in answers.items()), "->", outcome)
    return EXIT_OK


def _print_json(value: object) -> None:
    # Those characters can only be inside strings here: escaped, the JSON means the same.
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(TERMINAL_UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text) + "\n")
