"""The checker as plain linked pages, with JavaScript off: every path in every language,
over http and from the file system (the build for file://).

From <lang>/checker/, every answer link of the tree is followed once, and each outcome
page is compared with the hand-written table of the flow (tests/expected_flow.py), which
the command line also follows (tests/test_flow_table.py).
"""

from __future__ import annotations

import pytest
from expected_flow import (
    EXPECTED_PATHS,
    expected_conditions,
    expected_divergences,
    expected_sources,
)

import content
from checker import walk_states

from conftest import LANGUAGES, as_written

pytestmark = pytest.mark.browser

# The hand-written table of the spec (the module walks exactly these: test_flow_table.py).
TEXTS = content.load()
PATHS = [{"answers": dict(answers), "outcome": outcome} for answers, outcome in EXPECTED_PATHS]


# What a static outcome page shows, read in one round trip.
SHOWN = """() => {
    const outcome = document.querySelector("[data-outcome]");
    const ids = (selector, name) =>
        [...outcome.querySelectorAll(selector)].map((element) => element.getAttribute(name));
    return {
        outcome: outcome.dataset.outcome,
        title: outcome.querySelector("h2").innerText,
        questions: document.querySelectorAll("[data-question]").length,
        answers: document.querySelectorAll(".cw-answers li").length,
        changes: document.querySelectorAll(".cw-change").length,
        passages: ids(".cw-passage", "data-passage"),
        divergences: ids("[data-divergence]", "data-divergence"),
        conditions: ids("[data-condition]", "data-condition"),
    };
}"""


@pytest.fixture(scope="module")
def static_context(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture
def static_page(static_context):
    page = static_context.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("served", ["http", "file"])
def test_every_path_through_the_static_pages(static_page, request, served: str, language: str):
    """Every link of the tree is followed once: a path starts at the page of its longest
    answered prefix already reached (the start, at first), and clicks the rest."""
    page = static_page
    if served == "http":
        start = f"{request.getfixturevalue('site_url')}{language}/checker/"
    else:
        start = f"{request.getfixturevalue('offline_url')}{language}/checker/index.html"
    reached = {(): start}  # answered prefix -> the URL its link led to
    for path in PATHS:
        answers = list(path["answers"].items())
        known = max(n for n in range(len(answers)) if tuple(answers[:n]) in reached)
        page.goto(reached[tuple(answers[:known])])
        root = page.locator("[data-checker-mode]")
        assert root.get_attribute("data-checker-mode") == "static"
        for position in range(known, len(answers)):
            question, option = answers[position]
            assert page.locator("[data-question]").get_attribute("data-question") == question
            # The next page loaded, before its URL and its contents are read.
            with page.expect_navigation(wait_until="load"):
                page.locator(f'[data-question="{question}"] [data-option="{option}"]').click()
            reached[tuple(answers[: position + 1])] = page.url
        shown = page.evaluate(SHOWN)  # one round trip for what the page shows
        assert shown["outcome"] == path["outcome"]
        # The command line says the same for every path (test_flow_table.py).
        title = as_written(shown["title"], language)
        assert title == TEXTS.text(f"checker.outcome.{path['outcome']}.title", language)
        assert shown["questions"] == 0
        # The answers given so far are listed, one "change" link each.
        assert shown["answers"] == shown["changes"] == len(answers)
        # The passages this path's outcome rests on are quoted, and only they; where the
        # summary and the detailed procedure differ, it is said; an exemption restates the
        # reader's answers it rests on, and nothing not asked.
        assert shown["passages"] == expected_sources(answers, path["outcome"])
        assert shown["divergences"] == expected_divergences(answers, path["outcome"])
        assert shown["conditions"] == expected_conditions(answers, path["outcome"])
    # Every state of the tree was reached by a click, each once.
    assert len(reached) == len(walk_states())


def test_change_an_answer_goes_back_to_that_question(static_page, site_url: str):
    page = static_page
    page.goto(f"{site_url}fr/checker/cause-third_party/other_channel-no/permanent-no/")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "exempt_infrastructure"
    page.locator(".cw-change").nth(1).click()  # change "other_channel"
    assert page.url == f"{site_url}fr/checker/cause-third_party/"
    assert page.locator("[data-question]").get_attribute("data-question") == "other_channel"
    page.locator('[data-option="yes"]').click()
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "use_other_channel"


def test_restart_goes_to_the_first_question(static_page, site_url: str):
    page = static_page
    page.goto(f"{site_url}nl/checker/cause-company/other_channel-no/")
    page.locator(".cw-restart").click()
    assert page.url == f"{site_url}nl/checker/"
    assert page.locator("[data-question]").get_attribute("data-question") == "cause"


def test_the_outcome_links_to_the_passages_in_the_procedure(static_page, site_url: str):
    page = static_page
    page.goto(f"{site_url}nl/checker/cause-checkinatwork/")
    page.locator(".cw-checker > [data-outcome] .cw-passage__source").first.click()
    assert page.url == f"{site_url}nl/procedure/#summary"
    page.goto(f"{site_url}fr/checker/cause-company/other_channel-no/contact_time-closed/")
    links = page.locator(".cw-checker > [data-outcome] .cw-passage__source")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "../../../../procedure/#summary",  # the summary row of "your company"
        "../../../../procedure/#step-3-2",
        "../../../../procedure/#step-3-3",
    ]


def test_keyboard_only_reaches_and_answers_every_question(static_page, site_url: str):
    page = static_page
    page.goto(f"{site_url}fr/checker/")
    for question, option in PATHS[0]["answers"].items():
        target = page.locator(f'[data-question="{question}"] [data-option="{option}"]')
        for _ in range(60):
            page.keyboard.press("Tab")
            if target.evaluate("element => element === document.activeElement"):
                break
        else:
            pytest.fail(f"Tab never reached {question}={option}")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == PATHS[0]["outcome"]
