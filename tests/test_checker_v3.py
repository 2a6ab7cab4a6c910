"""Version 3 of the flow in the pages: the provider first on the path of an unknown cause,
the version-2 links and states of that path asked it with their later answers kept,
cause_elsewhere's way on for a reader who still does not know the cause, and exemptions
that restate only the answers given.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from expected_flow import V2_UNKNOWN_PATHS
from test_checker_python import click_option, wait_for

import content
from checker.decide import moved_states

from conftest import as_written, open_checker

pytestmark = pytest.mark.browser

TEXTS = content.load()
LANGUAGES = list(TEXTS.languages)


def folder(answers) -> str:
    return "".join(f"{q}-{o}/" for q, o in answers)


@pytest.fixture(scope="module")
def static_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_moved_state_keeps_its_page_and_asks_the_provider_first(static_page, site_url, language):
    page = static_page
    # The states of version 2 that an unknown cause and at least one later answer draw
    # (every prefix of its paths, from the hand-written table), and only they, moved.
    v2_states = {
        folder(answers[:length])
        for answers, _ in V2_UNKNOWN_PATHS
        for length in range(2, len(answers) + 1)
    }
    assert {folder(state.items()) for state in moved_states()} == v2_states
    for state in moved_states():
        page.goto(f"{site_url}{language}/checker/{folder(state.items())}")
        assert page.locator("[data-question]").get_attribute("data-question") == "provider_check"
        assert page.locator("[data-outcome]").count() == 0, "never an outcome without it"
        # The later answers are listed as kept, in the reader's language.
        kept = page.locator(".cw-pending li")
        later = [(q, o) for q, o in state.items() if q != "cause"]
        assert kept.count() == len(later)
        for position, (question, option) in enumerate(later):
            assert TEXTS.text(f"checker.option.{question}.{option}", language) in as_written(
                kept.nth(position).inner_text(), language
            )
        assert page.locator(".cw-answers li").count() == 1  # the cause, answered


@pytest.mark.parametrize(
    ("answers", "outcome"), V2_UNKNOWN_PATHS, ids=[o for _, o in V2_UNKNOWN_PATHS]
)
def test_a_moved_state_leads_where_its_answers_and_the_provider_s_lead(
    static_page, site_url, answers, outcome
):
    page = static_page
    language = LANGUAGES[len(answers) % len(LANGUAGES)]
    for provider_check in ("not_used", "not_provider", "not_yet"):
        page.goto(f"{site_url}{language}/checker/{folder(answers)}")
        page.locator(f'[data-question="provider_check"] [data-option="{provider_check}"]').click()
        reached = page.locator("[data-outcome]").get_attribute("data-outcome")
        if provider_check == "not_yet":
            assert reached == "contact_provider"
            assert page.url == f"{site_url}{language}/checker/cause-unknown/provider_check-not_yet/"
        else:
            assert reached == outcome
            expected = [answers[0], ("provider_check", provider_check), *answers[1:]]
            assert page.url == f"{site_url}{language}/checker/{folder(expected)}"


@pytest.mark.parametrize("served", ["link", "moved page"])
def test_in_the_page_a_version_2_link_asks_the_provider_then_uses_its_answers(
    page, site_url, served
):
    answers, outcome = V2_UNKNOWN_PATHS[1]  # no channel, the infrastructure, temporary
    assert outcome == "exempt_infrastructure"
    if served == "link":
        open_checker(page, f"{site_url}de/checker/?{urlencode(answers)}")
    else:
        open_checker(page, f"{site_url}de/checker/{folder(answers)}")
    wait_for(page, "question", "provider_check")
    assert page.locator(".cw-checker > [data-outcome]").count() == 0
    click_option(page, "provider_check", "not_provider")
    wait_for(page, "outcome", outcome)
    expected = [answers[0], ("provider_check", "not_provider"), *answers[1:]]
    assert page.url == f"{site_url}de/checker/{folder(expected)}"
    shown = page.locator(".cw-checker > [data-outcome] [data-condition]")
    assert [shown.nth(i).get_attribute("data-condition") for i in range(shown.count())] == [
        "other_channel.no",
        "origin.infrastructure",
        "permanent.no",
    ]


def test_in_the_page_a_pending_answer_waits_for_its_question(page, site_url):
    # Only permanent=no given after the cause: provider_check, then other_channel and
    # origin are asked; permanent is not asked again.
    open_checker(page, f"{site_url}en/checker/?cause=unknown&permanent=no")
    for question, option in [
        ("provider_check", "not_used"),
        ("other_channel", "no"),
        ("origin", "infrastructure"),
    ]:
        wait_for(page, "question", question)
        click_option(page, question, option)
    wait_for(page, "outcome", "exempt_infrastructure")
    # Answering "not yet" first drops it: the provider comes first.
    open_checker(page, f"{site_url}en/checker/?cause=unknown&permanent=no")
    wait_for(page, "question", "provider_check")
    click_option(page, "provider_check", "not_yet")
    wait_for(page, "outcome", "contact_provider")


@pytest.mark.parametrize("served", ["static", "python"])
def test_cause_elsewhere_goes_on_with_the_provider_s_check_kept(browser, site_url, served):
    context = browser.new_context(java_script_enabled=served == "python")
    page = context.new_page()
    url = f"{site_url}en/checker/cause-provider/provider_contact-not_provider/"
    if served == "python":
        open_checker(page, url)
    else:
        page.goto(url)
    link = page.locator('.cw-checker > [data-outcome="cause_elsewhere"] .cw-go-state')
    assert link.inner_text() == TEXTS.text("checker.still_unknown", "en")
    link.click()
    if served == "python":
        wait_for(page, "question", "other_channel")
    assert page.url == f"{site_url}en/checker/cause-unknown/provider_check-not_provider/"
    assert page.locator(".cw-checker > [data-question]").get_attribute("data-question") == (
        "other_channel"
    )
    assert page.locator(".cw-answers li").count() == 2
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_third_party_exemption_restates_only_what_was_asked(static_page, site_url, language):
    page = static_page
    page.goto(f"{site_url}{language}/checker/cause-third_party/other_channel-no/permanent-no/")
    outcome = page.locator(".cw-checker > [data-outcome]")
    conditions = outcome.locator("[data-condition]")
    assert [conditions.nth(i).get_attribute("data-condition") for i in range(3)] == [
        "cause.third_party",
        "other_channel.no",
        "permanent.no",
    ]
    assert conditions.count() == 3
    text = as_written(outcome.inner_text(), language)
    # The words of the origin's answer, never asked on this path, are not said.
    assert TEXTS.text("checker.condition.origin.infrastructure", language) not in text
    assert TEXTS.text("checker.condition.cause.third_party", language) in text
