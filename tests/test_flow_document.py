"""DECISION-FLOW.md against checker/flow.py: every ID, condition, passage and count the document
states is what the code does. Fast: no build, no browser, no other process.

The document's tables are read in a strict format: the first column of a row is one
backticked ID; a list of IDs is backticked IDs separated by ", " ("—" for none); a
condition is "always" or `question=option` terms joined by " and " (binding tighter) and
" or "; the options of a question are "`id`: meaning" items separated by " · ", a meaning
ending in "(added in version N)" for an option version N added. Each check returns one line
per difference, naming the table and the ID missing or extra, so that a failure says what to
write where; the mutation tests at the end show that a change on either side is caught.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import pytest
from expected_flow import V1_PATHS, V2_NEW_PATHS

import content
from checker import walk_paths, walk_states
from checker.cli import EXIT_BAD_INPUT, EXIT_OK, main
from checker.decide import PROBLEM_CODES, moved_states
from checker.flow import FLOW, Condition, Flow, Outcome, Question, when

DOCUMENT = Path(__file__).resolve().parent.parent / "DECISION-FLOW.md"
NAME = DOCUMENT.name
CODE = "checker/flow.py"
ADDED = re.compile(r"\(added in version (\d+)\)$")
ID = r"[a-z0-9_]+"
NONE = "—"

Clause = frozenset[frozenset[tuple[str, str]]]


class FormatError(AssertionError):
    """The document does not follow the strict format the checks read."""


def read_document() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


# --- Reading the document ----------------------------------------------------------------


def table(document: str, heading: str) -> list[list[str]]:
    """The body rows of the first table under the heading ``heading`` (any level)."""
    lines = document.splitlines()
    starts = [i for i, line in enumerate(lines) if re.fullmatch(rf"#+ {re.escape(heading)}", line)]
    if len(starts) != 1:
        raise FormatError(f"{NAME} must have one heading '{heading}', found {len(starts)}")
    rows: list[list[str]] = []
    for line in lines[starts[0] + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            break
    if len(rows) < 2:
        raise FormatError(f"{NAME}: no table under the heading '{heading}'")
    return rows[2:]  # past the header and the separator


def key(cell: str, where: str) -> str:
    match = re.fullmatch(rf"`({ID})`", cell)
    if not match:
        raise FormatError(f"{where}: the first column must be one backticked ID, not {cell!r}")
    return match.group(1)


def id_list(cell: str, where: str) -> list[str]:
    if cell == NONE:
        return []
    items = cell.split(", ")
    if not all(re.fullmatch(rf"`{ID}`", item) for item in items):
        raise FormatError(f"{where}: expected backticked IDs separated by ', ' or '{NONE}'")
    return [item.strip("`") for item in items]


def condition(cell: str, where: str) -> Clause:
    if cell == "always":
        return frozenset({frozenset()})
    alternatives = set()
    for alternative in cell.split(" or "):
        terms = set()
        for term in alternative.split(" and "):
            match = re.fullmatch(rf"`({ID})=({ID})`", term)
            if not match:
                raise FormatError(f"{where}: {term!r} is not a `question=option` term")
            terms.add((match.group(1), match.group(2)))
        alternatives.add(frozenset(terms))
    return frozenset(alternatives)


def added_in(text: str) -> int:
    """The version a meaning ending in "(added in version N)" was added in; 1 otherwise."""
    match = ADDED.search(text)
    return int(match.group(1)) if match else 1


def options(cell: str, where: str) -> list[tuple[str, int]]:
    """The options of a question as (id, the version that added it)."""
    found = []
    for item in cell.split(" · "):
        match = re.fullmatch(rf"`({ID})`: (.+)", item)
        if not match:
            raise FormatError(f"{where}: {item[:40]!r}… is not an '`id`: meaning' item")
        found.append((match.group(1), added_in(match.group(2))))
    return found


def yes_no(cell: str, where: str) -> bool:
    if cell not in ("yes", "no"):
        raise FormatError(f"{where}: expected 'yes' or 'no', not {cell!r}")
    return cell == "yes"


def keyed(rows: list[list[str]], table_name: str, columns: int) -> dict[str, list[str]]:
    """Rows by their first column's ID, in the document's order; a repeated ID is an error."""
    found: dict[str, list[str]] = {}
    for row in rows:
        if len(row) != columns:
            raise FormatError(f"{table_name}: {columns} columns expected in the row {row[:1]}")
        identifier = key(row[0], table_name)
        if identifier in found:
            raise FormatError(f"{table_name}: `{identifier}` has more than one row")
        found[identifier] = row[1:]
    return found


# --- Comparing -----------------------------------------------------------------------------


def _ids(identifiers) -> str:
    return ", ".join(f"`{i}`" for i in identifiers)


def compare(
    where: str, what: str, documented, declared, ordered: bool = True, code: str = CODE
) -> list[str]:
    """The differences between the IDs the document lists and those ``code`` declares."""
    documented, declared = list(documented), list(declared)
    problems = []
    missing = [i for i in declared if i not in documented]
    extra = [i for i in documented if i not in declared]
    if missing:
        problems.append(f"{where}: {what} missing from {NAME}: {_ids(missing)} (in {code})")
    if extra:
        problems.append(f"{where}: {what} extra in {NAME}: {_ids(extra)} (not in {code})")
    if ordered and not missing and not extra and documented != declared:
        problems.append(
            f"{where}: {what} order in {NAME} is {_ids(documented)}, in {code} {_ids(declared)}"
        )
    return problems


def clause(condition_: Condition) -> Clause:
    return frozenset(frozenset(conjunction) for conjunction in condition_)


def written(condition_: Condition) -> str:
    """A condition of the code as the document writes it."""
    if condition_ == when({}):
        return "always"
    return " or ".join(
        " and ".join(f"`{q}={o}`" for q, o in conjunction) for conjunction in condition_
    )


def question_problems(document: str, flow: Flow) -> list[str]:
    where = "Questions table"
    rows = keyed(table(document, "Questions"), where, 3)
    problems = compare(where, "question", rows, [q.id for q in flow.questions])
    for question in flow.questions:
        if question.id not in rows:
            continue
        asked_when, option_cell = rows[question.id]
        here = f"{where}, `{question.id}`"
        if condition(asked_when, here) != clause(question.asked_when):
            problems.append(
                f"{here}: asked when {asked_when!r} in {NAME}, "
                f"{written(question.asked_when)!r} in {CODE}"
            )
        documented = [option for option, _ in options(option_cell, here)]
        problems += compare(here, "option", documented, question.options)
    return problems


def outcome_problems(document: str, flow: Flow) -> list[str]:
    where = "Outcomes table"
    rows = keyed(table(document, "Outcomes"), where, 6)
    problems = compare(where, "outcome", rows, [o.id for o in flow.outcomes], ordered=False)
    causes = {o.id: set() for o in flow.outcomes}
    for answers, outcome in walk_paths(flow):
        causes[outcome].add(answers["cause"])
    cause_options = next(q.options for q in flow.questions if q.id == "cause")
    for outcome in flow.outcomes:
        if outcome.id not in rows:
            continue
        reached_when, _, cause_cell, passage_cell, exempts = rows[outcome.id]
        here = f"{where}, `{outcome.id}`"
        if condition(reached_when, here) != clause(outcome.reached_when):
            problems.append(
                f"{here}: reached when {reached_when!r} in {NAME}, "
                f"{written(outcome.reached_when)!r} in {CODE}"
            )
        on_paths = [c for c in cause_options if c in causes[outcome.id]]
        problems += compare(f"{here}, causes", "cause", id_list(cause_cell, here), on_paths)
        problems += compare(
            f"{here}, passages", "passage", id_list(passage_cell, here), outcome.sources
        )
        if yes_no(exempts, here) != outcome.exempts:
            problems.append(
                f"{here}: exempts is {exempts!r} in {NAME}, {outcome.exempts} in {CODE}"
            )
    return problems


def passage_problems(document: str, flow: Flow) -> list[str]:
    where = "Passages table"
    rows = keyed(table(document, "Passages of the official text"), where, 3)
    problems = compare(where, "passage", rows, flow.passages)
    summary_of = {}
    for passage, (_, cause_cell) in rows.items():
        for cause in id_list(cause_cell, f"{where}, `{passage}`"):
            summary_of[cause] = passage
    for cause in sorted(set(summary_of) | set(flow.summary_rows)):
        if summary_of.get(cause) != flow.summary_rows.get(cause):
            problems.append(
                f"{where}: the summary row of the cause `{cause}` is "
                f"{summary_of.get(cause)} in {NAME}, {flow.summary_rows.get(cause)} in {CODE}"
            )
    return problems


def divergence_problems(document: str, flow: Flow) -> list[str]:
    where = "Divergences table"
    rows = keyed(table(document, "Where the summary and the detailed procedure differ"), where, 4)
    problems = compare(where, "divergence", rows, [d.id for d in flow.divergences])
    for divergence in flow.divergences:
        if divergence.id not in rows:
            continue
        cause_cell, outcome_cell, _ = rows[divergence.id]
        here = f"{where}, `{divergence.id}`"
        problems += compare(
            f"{here}, cause", "cause", id_list(cause_cell, here), [divergence.cause]
        )
        problems += compare(
            f"{here}, outcomes", "outcome", id_list(outcome_cell, here), divergence.outcomes
        )
    return problems


def version_problems(document: str, flow: Flow) -> list[str]:
    """The options and outcomes marked "(added in version N)" are those that a path of
    version N uses first (the paths of versions 1 and 2: tests/expected_flow.py, written by
    hand; those of version 3: the flow itself)."""
    questions = keyed(table(document, "Questions"), "Questions table", 3)
    outcomes = keyed(table(document, "Outcomes"), "Outcomes table", 6)
    marked_options = {
        f"{question}={option}": version
        for question, (_, cell) in questions.items()
        for option, version in options(cell, f"Questions table, `{question}`")
    }
    marked_outcomes = {outcome: added_in(row[1]) for outcome, row in outcomes.items()}
    current = [(list(answers.items()), outcome) for answers, outcome in walk_paths(flow)]
    paths_of = {1: V1_PATHS, 2: V1_PATHS + V2_NEW_PATHS, 3: current}

    def first(used_by) -> int:
        return next(v for v, paths in paths_of.items() if any(used_by(p) for p in paths))

    option_versions = {
        f"{q.id}={o}": first(lambda path, q=q, o=o: (q.id, o) in path[0])
        for q in flow.questions
        for o in q.options
    }
    outcome_versions = {o.id: first(lambda path, o=o: path[1] == o.id) for o in flow.outcomes}
    problems = []
    for version in (2, 3):
        mark = f"(added in version {version})"
        problems += compare(
            f"Questions table, options marked {mark!r}",
            "option",
            [o for o, v in marked_options.items() if v == version],
            [o for o, v in option_versions.items() if v == version],
        )
        problems += compare(
            f"Outcomes table, outcomes marked {mark!r}",
            "outcome",
            [o for o, v in marked_outcomes.items() if v == version],
            [o for o, v in outcome_versions.items() if v == version],
            ordered=False,
        )
    return problems


def counts(flow: Flow, languages: int) -> dict[str, int]:
    """Every count the document states, computed from the code."""
    paths = walk_paths(flow)
    walked = [(list(answers.items()), outcome) for answers, outcome in paths]
    states = len(walk_states(flow))
    return {
        "questions": len(flow.questions),
        "outcomes": len(flow.outcomes),
        "passages": len(flow.passages),
        "complete_paths": len(paths),
        "version_1_paths": sum(path in walked for path in V1_PATHS),
        "states_per_language": states,
        "moved_states_per_language": len(moved_states(flow)),
        "languages": languages,
        "checker_pages": states * languages,
        "answer_sets": math.prod(len(q.options) + 1 for q in flow.questions),
    }


def documented_counts(document: str) -> dict[str, int]:
    found = {}
    for identifier, (value, _) in keyed(table(document, "Counts"), "Counts table", 3).items():
        if not re.fullmatch(r"\d{1,3}(,\d{3})*", value):
            raise FormatError(f"Counts table, `{identifier}`: {value!r} is not a number")
        found[identifier] = int(value.replace(",", ""))
    return found


def count_problems(document: str, flow: Flow, languages: int) -> list[str]:
    documented, computed = documented_counts(document), counts(flow, languages)
    problems = compare(
        "Counts table", "count", documented, computed, ordered=False, code="the counts of this test"
    )
    for name, value in computed.items():
        if name in documented and documented[name] != value:
            problems.append(
                f"Counts table, `{name}`: {documented[name]:,} in {NAME}, {value:,} from the code"
            )
    return problems


def _differences(problems: list[str]) -> str:
    return "\n".join(problems)


# --- The document against the code -------------------------------------------------------


@pytest.fixture(scope="module")
def document() -> str:
    return read_document()


@pytest.mark.parametrize(
    "problems_of",
    [question_problems, outcome_problems, passage_problems, divergence_problems, version_problems],
    ids=["questions", "outcomes", "passages", "divergences", "versions"],
)
def test_each_table_is_the_code(document, problems_of):
    """The questions (conditions, options), the outcomes (conditions, causes, passages,
    exemptions), the passages and each cause's summary row, the divergences, and what
    versions 2 and 3 added."""
    problems = problems_of(document, FLOW)
    assert not problems, _differences(problems)


def test_the_problem_codes(document):
    rows = keyed(table(document, "Bad input"), "Problems table", 2)
    problems = compare(
        "Problems table", "problem code", rows, PROBLEM_CODES, code="checker/decide.py"
    )
    assert not problems, _differences(problems)


def test_the_exit_codes(document):
    rows = keyed(table(document, "Exit codes of the command line"), "Exit codes table", 2)
    declared = [str(EXIT_OK), str(EXIT_BAD_INPUT)]
    problems = compare("Exit codes table", "exit code", rows, declared, code="checker/cli.py")
    assert not problems, _differences(problems)


def test_the_counts(document):
    problems = count_problems(document, FLOW, len(content.load().languages))
    assert not problems, _differences(problems)


def test_the_path_count_is_that_of_the_command_line(document, capsys):
    # In process: the same main() as `python -m checker paths --json`.
    assert main(["paths", "--json"]) == EXIT_OK
    printed = json.loads(capsys.readouterr().out)
    assert len(printed) == documented_counts(document)["complete_paths"]


def test_the_document_links_nowhere_outside_the_repository(document):
    assert not re.search(r"https?://|\]\((?!#)[^)]*\)", document), (
        "links only by name, in backticks"
    )
    assert "shared/" not in document


# --- A change on either side is caught ---------------------------------------------------


def _reports(problems: list[str], expected: str) -> bool:
    """Whether one of ``problems`` is ``expected``: its words before the last ": ", then at
    least the IDs after it (others may be reported with them)."""
    head, _, identifiers = expected.rpartition(": ")
    return any(p.startswith(f"{head}: ") and identifiers in p.split(": ", 1)[1] for p in problems)


def _with(flow: Flow, **changes) -> Flow:
    return dataclasses.replace(flow, **changes)


def _extra_cause(flow: Flow) -> Flow:
    """The flow with one more cause and an outcome for it: consistent, so that it walks."""
    questions = tuple(
        dataclasses.replace(q, options=(*q.options, "elsewhere")) if q.id == "cause" else q
        for q in flow.questions
    )
    outcome = Outcome("ask_elsewhere", when({"cause": "elsewhere"}), ("step_1",), False, False)
    return _with(flow, questions=questions, outcomes=(*flow.outcomes, outcome))


def _extra_question(flow: Flow) -> Flow:
    never = Question("extra_question", ("a", "b"), when({"cause": "elsewhere"}))
    return _with(flow, questions=(*flow.questions, never))


MUTATED_FLOWS = {
    "a question added": (
        _extra_question,
        question_problems,
        "Questions table: question missing from DECISION-FLOW.md: `extra_question`",
    ),
    "an option added": (
        _extra_cause,
        question_problems,
        "Questions table, `cause`: option missing from DECISION-FLOW.md: `elsewhere`",
    ),
    "an outcome added": (
        _extra_cause,
        outcome_problems,
        "Outcomes table: outcome missing from DECISION-FLOW.md: `ask_elsewhere`",
    ),
    "a passage added": (
        lambda flow: _with(flow, passages=(*flow.passages, "step_4")),
        passage_problems,
        "Passages table: passage missing from DECISION-FLOW.md: `step_4`",
    ),
    "a path added": (
        _extra_cause,
        lambda document, flow: count_problems(document, flow, len(content.load().languages)),
        "Counts table, `complete_paths`: ",
    ),
}


@pytest.mark.parametrize(("mutate", "check", "expected"), MUTATED_FLOWS.values(), ids=MUTATED_FLOWS)
def test_an_id_added_to_the_flow_is_reported(document, mutate, check, expected):
    assert _reports(check(document, mutate(FLOW)), expected)


def _without_row(document: str, identifier: str, heading: str) -> str:
    section = document.index(f"## {heading}\n")
    row = document.index(f"\n| `{identifier}` |", section) + 1
    return document[:row] + document[document.index("\n", row) + 1 :]


MUTATED_DOCUMENTS = {
    "a question removed": (
        lambda d: _without_row(d, "permanent", "Questions"),
        question_problems,
        "Questions table: question missing from DECISION-FLOW.md: `permanent`",
    ),
    "an option removed": (
        lambda d: re.sub(r" · `own_means`: [^·|]*(?= \|| · )", "", d, count=1),
        question_problems,
        "Questions table, `origin`: option missing from DECISION-FLOW.md: `own_means`",
    ),
    "an option renamed": (
        lambda d: d.replace("`not_yet`: the provider has not", "`later`: the provider has not"),
        question_problems,
        "Questions table, `provider_contact`: option extra in DECISION-FLOW.md: `later`",
    ),
    "an outcome removed": (
        lambda d: _without_row(d, "contact_form", "Outcomes"),
        outcome_problems,
        "Outcomes table: outcome missing from DECISION-FLOW.md: `contact_form`",
    ),
    "a passage of an outcome removed": (
        lambda d: d.replace("| `step_3_2`, `step_3_3` | no |", "| `step_3_2` | no |", 1),
        outcome_problems,
        "Outcomes table, `call_contact_center`, passages: passage missing from "
        "DECISION-FLOW.md: `step_3_3`",
    ),
    "a passage removed": (
        lambda d: _without_row(d, "attention", "Passages of the official text"),
        passage_problems,
        "Passages table: passage missing from DECISION-FLOW.md: `attention`",
    ),
    "a version-2 mark removed": (
        lambda d: d.replace("problem comes from (added in version 2)", "problem comes from", 1),
        version_problems,
        "Questions table, options marked '(added in version 2)': option missing from "
        "DECISION-FLOW.md: `cause=unknown`",
    ),
    "a version-3 mark removed": (
        lambda d: d.replace("(step 1 comes first) (added in version 3)", "(step 1 comes first)", 1),
        version_problems,
        "Questions table, options marked '(added in version 3)': option missing from "
        "DECISION-FLOW.md: `provider_check=not_yet`",
    ),
    "a count changed": (
        lambda d: re.sub(r"(\| `states_per_language` \| )(\d+)", r"\g<1>1\2", d),
        lambda document, flow: count_problems(document, flow, len(content.load().languages)),
        "Counts table, `states_per_language`: 1",
    ),
}


@pytest.mark.parametrize(
    ("mutate", "check", "expected"), MUTATED_DOCUMENTS.values(), ids=MUTATED_DOCUMENTS
)
def test_an_id_removed_from_the_document_is_reported(document, mutate, check, expected):
    changed = mutate(document)
    assert changed != document, "the mutation must change the document"
    assert _reports(check(changed, FLOW), expected)
