"""The command line: ``python -m checker decide|paths|check-id|source diff``.

A contract that tests and scripts rely on: the JSON shapes and the exit codes (0 for a
question or an outcome, 2 for bad input) do not change. ``check-id`` exits 0 for a valid
number and 2 for any other, a number taken as a Limosa L1 number (``--limosa``) included:
it is never said valid. ``source diff`` (for maintainers, in English) exits 0 when nothing
the guide rests on changed in the new copy, 1 when something did, 2 on a file it cannot
read.

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
from checker.source_diff import CopyError, compare, read_copy

EXIT_OK = 0
EXIT_CHANGED = 1
EXIT_BAD_INPUT = 2
SHOWN_PROBLEMS = 10
# What JSON may carry as it is but a terminal would act on: DEL and the C1 controls (the
# C0 ones JSON escapes itself), the bidirectional marks, embeddings, overrides and
# isolates, and the line and paragraph separators.
TERMINAL_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# A line of text output: the same, and the C0 controls but tab and line feed.
LINE_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


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

    source_parser = commands.add_parser("source", help="the official text (for maintainers)")
    source_commands = source_parser.add_subparsers(dest="source_command", required=True)
    diff_parser = source_commands.add_parser(
        "diff", help="compare a saved copy of the official page with the guide's passages"
    )
    diff_parser.add_argument("copy", metavar="NEW_COPY", help="the page saved as HTML or text")
    diff_parser.add_argument(
        "--against", metavar="OLD_COPY", help="compare with this copy, not the guide's French"
    )
    diff_parser.add_argument("--json", action="store_true", help="one JSON object")

    arguments = parser.parse_args(argv)
    if arguments.command == "source":
        return _source_diff(texts, arguments.copy, arguments.against, arguments.json)
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


def _source_diff(texts: content.Content, path: str, against: str | None, as_json: bool) -> int:
    from pathlib import Path

    try:
        copy = read_copy(Path(path))
        baseline = read_copy(Path(against)) if against else None
    except CopyError as error:
        print(_shown(f"source diff: {error}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    report = compare(texts, copy, baseline)
    if as_json:
        _print_json(
            {
                "changed": report.changed,
                "against": against or "guide",
                "passages": [
                    {
                        "id": p.id,
                        "status": p.status,
                        "diff": p.diff,
                        "facts_changed": p.facts_changed,
                        "rests_on": vars(p.rests_on) if p.rests_on else None,
                    }
                    for p in report.passages
                ],
                "new": report.new,
                "links_compared": report.links_compared,
                "links_only_in_baseline": report.links_only_in_baseline,
                "links_only_in_copy": report.links_only_in_copy,
            }
        )
    else:
        for line in _source_report_lines(report, against or "the guide's French"):
            print(_shown(line))
    return EXIT_CHANGED if report.changed else EXIT_OK


def _source_report_lines(report, baseline: str) -> list[str]:
    lines = [f"Compared with {baseline}:"]
    for passage in report.passages:
        lines.append(f"  {passage.id}: {passage.status}")
        if passage.diff:
            lines.append(f"    {passage.diff}")
        for name, value in passage.facts_changed.items():
            lines.append(f"    fact changed: {name} (was {value})")
        if passage.rests_on:
            rests = passage.rests_on
            lines.append("    rests on it:")
            lines.append(f"      outcomes: {', '.join(rests.outcomes) or '-'}")
            lines.append(f"      questions: {', '.join(rests.questions) or '-'}")
            lines.append(f"      pages: {', '.join(rests.pages)}")
            facts = ", ".join(f"{k} ({v})" for k, v in rests.facts.items())
            lines.append(f"      facts: {facts or '-'}")
            lines.append(f"      content keys (every language): {', '.join(rests.keys)}")
    if all(p.status == "missing" for p in report.passages):
        lines.append("  no passage was found: is this the French page? (the text is in French)")
    for text in report.new:
        lines.append(f"  new text: {text}")
    if not report.links_compared and not report.links_only_in_copy:
        lines.append("  links: not compared (a copy saved as text has no addresses)")
    for link in report.links_only_in_baseline:
        lines.append(f"  link no longer in the new copy: {link}")
    for link in report.links_only_in_copy:
        lines.append(f"  link only in the new copy: {link}")
    lines.append("Something the guide rests on changed." if report.changed else "Nothing changed.")
    return lines


def _shown(text: str) -> str:
    """A line for the terminal: what a copy brings that a terminal would act on, escaped."""
    return LINE_UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def _print_json(value: object) -> None:
    # Those characters can only be inside strings here: escaped, the JSON means the same.
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(TERMINAL_UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text) + "\n")
