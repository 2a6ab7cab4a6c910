"""Version 2 of the flow in the pages: the old links keep their meaning, the new outcome
sends the reader back to the cause, and the contact-time question shows the published hours
with the answer that holds now in Belgian time, whatever the device's time zone.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
from babel.dates import get_day_names
from expected_flow import V1_PATHS
from test_checker_python import answer_in_page, click_option, wait_for

import content
from checker import walk_states

from conftest import open_checker

pytestmark = pytest.mark.browser

TEXTS = content.load()
LANGUAGES = list(TEXTS.languages)
CONTACT_TIME = "cause-company/other_channel-no/"


def v1_states() -> list[dict[str, str]]:
    return [dict(answers[:length]) for answers, _ in V1_PATHS for length in range(len(answers) + 1)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_state_of_the_first_version_still_has_its_page(built_site, language):
    # Old links to static states land on the same state: its page exists, and asks the same.
    assert all(state in walk_states() for state in v1_states())
    for state in v1_states():
        folder = "".join(f"{q}-{o}/" for q, o in state.items())
        assert (built_site / language / "checker" / folder / "index.html").is_file(), folder


def test_old_deep_links_lead_in_the_page_where_they_led(page, site_url: str):
    for answers, outcome in V1_PATHS:
        open_checker(page, f"{site_url}nl/checker/?{urlencode(answers)}")
        wait_for(page, "outcome", outcome)


@pytest.mark.parametrize("served", ["static", "python"])
def test_cause_elsewhere_sends_the_reader_back_to_the_cause(browser, site_url: str, served: str):
    context = browser.new_context(java_script_enabled=served == "python")
    page = context.new_page()
    url = f"{site_url}fr/checker/cause-provider/"
    if served == "python":
        open_checker(page, url)
        click_option(page, "provider_contact", "not_provider")
        wait_for(page, "outcome", "cause_elsewhere")
    else:
        page.goto(url)
        page.locator('[data-option="not_provider"]').click()
    outcome = page.locator('.cw-checker > [data-outcome="cause_elsewhere"]')
    link = outcome.locator(".cw-choose-cause")
    assert link.inner_text() == TEXTS.text("checker.choose_cause_again", "fr")
    link.click()
    if served == "python":
        wait_for(page, "question", "cause")
    assert page.url == f"{site_url}fr/checker/"
    assert page.locator(".cw-checker > [data-question]").get_attribute("data-question") == "cause"
    assert page.locator(".cw-answers li").count() == 0, "nothing kept after the first answer"
    context.close()


def test_the_hours_are_beside_the_question_without_javascript(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for language in LANGUAGES:
        page.goto(f"{site_url}{language}/checker/{CONTACT_TIME}")
        aside = page.locator('[data-question="contact_time"] .cw-question__aside')
        hours = TEXTS.text("contact.hours", language)
        assert "socialsecurity.be" in aside.inner_text()
        assert aside.locator("a").get_attribute("href") == TEXTS.fact(
            "contact_center.hours.source_url"
        )
        assert hours.split("](")[1].split(")", 1)[1].strip()[:20] in aside.inner_text()
        assert aside.locator("[data-hours-now]").is_hidden()
    context.close()


UTC = datetime.UTC
# (instant, the answer by the published hours in Brussels), by hand. The device is in New
# York, where each of these instants reads otherwise (so the device's zone would mislead).
MOMENTS = [
    (datetime.datetime(2026, 11, 30, 14, 30, tzinfo=UTC), "open"),  # Monday 15:30 CET
    (datetime.datetime(2026, 11, 30, 6, 0, tzinfo=UTC), "open"),  # Monday 07:00 CET: opens
    (datetime.datetime(2026, 11, 30, 5, 59, tzinfo=UTC), "closed"),  # Monday 06:59 CET
    (datetime.datetime(2026, 11, 30, 18, 59, tzinfo=UTC), "open"),  # Monday 19:59 CET
    (datetime.datetime(2026, 11, 30, 19, 0, tzinfo=UTC), "closed"),  # Monday 20:00 CET: closes
    (datetime.datetime(2026, 11, 28, 15, 0, tzinfo=UTC), "closed"),  # Saturday 16:00 CET
    (datetime.datetime(2026, 7, 6, 5, 30, tzinfo=UTC), "open"),  # Monday 07:30 CEST (summer)
    (datetime.datetime(2026, 7, 6, 4, 30, tzinfo=UTC), "closed"),  # Monday 06:30 CEST
]


def weekday(language: str, number: int) -> str:
    """The day's name as Belgian usage in ``language`` writes it (CLDR, through Babel)."""
    return get_day_names("wide", locale=f"{language}_BE")[number]


def suggestion(page) -> tuple[str, str, str]:
    question = page.locator('.cw-checker > [data-question="contact_time"]')
    line = question.locator("[data-hours-now]")
    line.wait_for(state="visible")
    badges = question.locator(".cw-suggested")
    assert badges.count() == 1
    marked = badges.locator("xpath=..").get_attribute("data-option")
    return question.get_attribute("data-suggested"), marked, line.inner_text()


@pytest.mark.parametrize(("moment", "expected"), MOMENTS, ids=[m.isoformat() for m, _ in MOMENTS])
def test_the_answer_that_holds_now_in_belgian_time(browser, site_url: str, moment, expected):
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    language = LANGUAGES[moment.minute % len(LANGUAGES)]  # the languages over the table
    page.goto(f"{site_url}{language}/checker/{CONTACT_TIME}")
    suggested, marked, line = suggestion(page)
    assert suggested == marked == expected
    template = TEXTS.text(f"checker.hours_now.{expected}", language, time="{time}")
    before, after = template.split("{time}")
    assert line.startswith(before) and line.endswith(after), line
    brussels = moment.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    if moment.month == 7:
        brussels = moment.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    said = line[len(before) : len(line) - len(after)]
    assert f"{brussels:%H}" in said and f"{brussels:%M}" in said, said
    assert weekday(language, brussels.weekday()).lower() in said.lower()
    # A suggestion only: nothing is answered for the reader.
    assert page.url == f"{site_url}{language}/checker/{CONTACT_TIME}"
    assert page.locator(".cw-answers li").count() == 2
    context.close()


def test_the_suggestion_follows_the_question_in_the_page(browser, site_url: str):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=UTC))  # Tue 10:00
    open_checker(page, f"{site_url}nl/checker/")
    answers = [
        ("cause", "unknown"),
        ("provider_check", "not_used"),
        ("other_channel", "no"),
        ("origin", "unknown"),
    ]
    answer_in_page(page, answers, then=("question", "contact_time"))
    assert suggestion(page)[:2] == ("open", "open")
    context.close()
