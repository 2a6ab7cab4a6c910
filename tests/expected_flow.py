"""The flow of DECISION-FLOW.md as a table written by hand: every complete
path, and what each outcome quotes. Not generated from the code: it is the spec read by a
person, shared by the tests of the command line, the static pages and the in-page checker.
"""

from __future__ import annotations

# (answers in the order they are asked, outcome), from DECISION-FLOW.md.
# The paths of the flow's first version: every one of them must keep its meaning.
V1_PATHS: list[tuple[list[tuple[str, str]], str]] = [
    ([("cause", "checkinatwork")], "exempt_checkinatwork"),
    ([("cause", "provider"), ("provider_contact", "not_yet")], "contact_provider"),
    ([("cause", "provider"), ("provider_contact", "solution")], "provider_solution"),
    (
        [("cause", "provider"), ("provider_contact", "no_solution"), ("other_channel", "yes")],
        "use_other_channel",
    ),
    (
        [
            ("cause", "provider"),
            ("provider_contact", "no_solution"),
            ("other_channel", "no"),
            ("origin", "infrastructure"),
            ("permanent", "no"),
        ],
        "exempt_infrastructure",
    ),
    (
        [
            ("cause", "provider"),
            ("provider_contact", "no_solution"),
            ("other_channel", "no"),
            ("origin", "infrastructure"),
            ("permanent", "yes"),
        ],
        "no_exemption_permanent",
    ),
    (
        [
            ("cause", "provider"),
            ("provider_contact", "no_solution"),
            ("other_channel", "no"),
            ("origin", "own_means"),
            ("contact_time", "open"),
        ],
        "call_contact_center",
    ),
    (
        [
            ("cause", "provider"),
            ("provider_contact", "no_solution"),
            ("other_channel", "no"),
            ("origin", "own_means"),
            ("contact_time", "closed"),
        ],
        "contact_form",
    ),
    ([("cause", "third_party"), ("other_channel", "yes")], "use_other_channel"),
    (
        [("cause", "third_party"), ("other_channel", "no"), ("permanent", "no")],
        "exempt_infrastructure",
    ),
    (
        [("cause", "third_party"), ("other_channel", "no"), ("permanent", "yes")],
        "no_exemption_permanent",
    ),
    ([("cause", "company"), ("other_channel", "yes")], "use_other_channel"),
    (
        [("cause", "company"), ("other_channel", "no"), ("contact_time", "open")],
        "call_contact_center",
    ),
    (
        [("cause", "company"), ("other_channel", "no"), ("contact_time", "closed")],
        "contact_form",
    ),
]

_NO_CHANNEL_UNKNOWN = [("cause", "unknown"), ("other_channel", "no")]
_PROVIDER_NO_CHANNEL = [
    ("cause", "provider"),
    ("provider_contact", "no_solution"),
    ("other_channel", "no"),
]
# The paths version 2 adds (cause=unknown, provider_contact=not_provider, origin=unknown).
V2_NEW_PATHS: list[tuple[list[tuple[str, str]], str]] = [
    ([("cause", "provider"), ("provider_contact", "not_provider")], "cause_elsewhere"),
    (
        [*_PROVIDER_NO_CHANNEL, ("origin", "unknown"), ("contact_time", "open")],
        "call_contact_center",
    ),
    ([*_PROVIDER_NO_CHANNEL, ("origin", "unknown"), ("contact_time", "closed")], "contact_form"),
    ([("cause", "unknown"), ("other_channel", "yes")], "use_other_channel"),
    (
        [*_NO_CHANNEL_UNKNOWN, ("origin", "infrastructure"), ("permanent", "no")],
        "exempt_infrastructure",
    ),
    (
        [*_NO_CHANNEL_UNKNOWN, ("origin", "infrastructure"), ("permanent", "yes")],
        "no_exemption_permanent",
    ),
    (
        [*_NO_CHANNEL_UNKNOWN, ("origin", "own_means"), ("contact_time", "open")],
        "call_contact_center",
    ),
    ([*_NO_CHANNEL_UNKNOWN, ("origin", "own_means"), ("contact_time", "closed")], "contact_form"),
    (
        [*_NO_CHANNEL_UNKNOWN, ("origin", "unknown"), ("contact_time", "open")],
        "call_contact_center",
    ),
    ([*_NO_CHANNEL_UNKNOWN, ("origin", "unknown"), ("contact_time", "closed")], "contact_form"),
]


def _unknown_cause(provider_check: str) -> list[tuple[list[tuple[str, str]], str]]:
    """The paths of an unknown cause once the provider's question is answered so that
    step 2 comes next: those of version 2, with provider_check after the cause."""
    start = [("cause", "unknown"), ("provider_check", provider_check)]
    return [(start + answers[1:], outcome) for answers, outcome in V2_UNKNOWN_PATHS]


# Version 2's paths of the unknown cause, which version 3 asks provider_check first: as
# links they keep their later answers, pending until provider_check is answered.
V2_UNKNOWN_PATHS = [(a, o) for a, o in V2_NEW_PATHS if a[0] == ("cause", "unknown")]
# The paths version 3 has in their place (step 1 first for a provider's user).
V3_UNKNOWN_PATHS: list[tuple[list[tuple[str, str]], str]] = [
    *_unknown_cause("not_used"),
    *_unknown_cause("not_provider"),
    ([("cause", "unknown"), ("provider_check", "not_yet")], "contact_provider"),
]

# Version 2's paths that version 3 keeps as they were.
V2_KEPT_PATHS = [(a, o) for a, o in V2_NEW_PATHS if (a, o) not in V2_UNKNOWN_PATHS]

EXPECTED_PATHS = V1_PATHS + V2_KEPT_PATHS + V3_UNKNOWN_PATHS

# What each outcome quotes, by hand from decision-flow.md: the summary row of the reader's
# cause (none for "unknown"), then the detailed steps the outcome applies.
SUMMARY_ROW = {
    "provider": "summary_provider",
    "third_party": "summary_third_party",
    "checkinatwork": "summary_checkinatwork",
    "company": "summary_company",
}
DETAILED_STEPS = {
    "exempt_checkinatwork": [],
    "cause_elsewhere": ["step_1"],
    "contact_provider": ["step_1"],
    "provider_solution": ["step_1"],
    "use_other_channel": ["step_2"],
    "exempt_infrastructure": ["step_3_1"],
    "no_exemption_permanent": ["attention"],
    "call_contact_center": ["step_3_2", "step_3_3"],
    "contact_form": ["step_3_2", "step_3_3"],
}
# Where the summary row and the detailed procedure differ, the outcome says so.
DIVERGING = {
    ("checkinatwork", "exempt_checkinatwork"): "checkinatwork",
    ("third_party", "use_other_channel"): "third_party",
    ("third_party", "exempt_infrastructure"): "third_party",
    ("third_party", "no_exemption_permanent"): "third_party",
    ("company", "call_contact_center"): "company",
    ("company", "contact_form"): "company",
}


def expected_sources(answers: list[tuple[str, str]], outcome: str) -> list[str]:
    cause = dict(answers)["cause"]
    return ([SUMMARY_ROW[cause]] if cause in SUMMARY_ROW else []) + DETAILED_STEPS[outcome]


def expected_divergences(answers: list[tuple[str, str]], outcome: str) -> list[str]:
    found = DIVERGING.get((dict(answers)["cause"], outcome))
    return [found] if found else []


# The answers that state a condition of an exemption (decision-flow.md: "An exemption
# outcome restates, as the reader's own answers, the conditions it rests on").
CONDITION_ANSWERS = [
    ("cause", "checkinatwork"),
    ("cause", "third_party"),
    ("other_channel", "no"),
    ("origin", "infrastructure"),
    ("permanent", "no"),
]
EXEMPTING = {"exempt_checkinatwork", "exempt_infrastructure"}


def expected_conditions(answers: list[tuple[str, str]], outcome: str) -> list[str]:
    if outcome not in EXEMPTING:
        return []
    return [f"{q}.{o}" for q, o in answers if (q, o) in CONDITION_ANSWERS]
