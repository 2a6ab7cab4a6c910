"""The checker as plain linked pages, with JavaScript off: every path of both languages,
over http and from the file system (the build for file://).

Each walk starts at <lang>/checker/, follows the answer links, and compares the outcome
page with `python -m checker decide` for the same answers.
"""

from __future__ import annotations

import pytest
from expected_flow import (
    EXPECTED_PATHS,
    expected_conditions,
    expected_divergences,
    expected_sources,
)

from conftest import LANGUAGES, run_checker_json

pytestmark = pytest.mark.browser

# The hand-written table of the spec (the module walks exactly these: test_flow_table.py).
PATHS = [{"answers": dict(answers), "outcome": outcome} for answers, outcome in EXPECTED_PATHS]


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
    page = static_page
    if served == "http":
        start = f"{request.getfixturevalue('site_url')}{language}/checker/"
    else:
        start = f"{request.getfixturevalue('offline_url')}{language}/checker/index.html"
    for path in PATHS:
        page.goto(start)
        root = page.locator("[data-checker-mode]")
        assert root.get_attribute("data-checker-mode") == "static"
        for question, option in path["answers"].items():
            assert page.locator("[data-question]").get_attribute("data-question") == question
            page.locator(f'[data-question="{question}"] [data-option="{option}"]').click()
        code, expected = run_checker_json(
            "decide",
            "--json",
            "--lang",
            language,
            *[f"{q}={o}" for q, o in path["answers"].items()],
        )
        assert code == 0 and expected["outcome"]["id"] == path["outcome"]
        outcome = page.locator("[data-outcome]")
        assert outcome.get_attribute("data-outcome") == path["outcome"]
        assert outcome.locator("h2").first.inner_text() == expected["outcome"]["title"]
        assert page.locator("[data-question]").count() == 0
        # The answers given so far are listed, one "change" link each.
        assert page.locator(".cw-answers li").count() == len(path["answers"])
        assert page.locator(".cw-change").count() == len(path["answers"])
        # The passages this path's outcome rests on are quoted, and only they; where the
        # summary and the detailed procedure differ, it is said.
        answers = list(path["answers"].items())
        shown = outcome.locator(".cw-passage")
        passages = [shown.nth(i).get_attribute("data-passage") for i in range(shown.count())]
        assert passages == expected_sources(answers, path["outcome"])
        said = outcome.locator("[data-divergence]")
        divergences = [said.nth(i).get_attribute("data-divergence") for i in range(said.count())]
        assert divergences == expected_divergences(answers, path["outcome"])
        # An exemption restates the reader's answers it rests on, and nothing not asked.
        restated = outcome.locator("[data-condition]")
        conditions = [
            restated.nth(i).get_attribute("data-condition") for i in range(restated.count())
        ]
        assert conditions == expected_conditions(answers, path["outcome"])


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
