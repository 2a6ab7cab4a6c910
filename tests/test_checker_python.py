"""The checker in the page, with the decision module running in Pyodide.

Every path of every language is walked in the page (no page load per answer) and each
outcome compared with `python -m checker decide`; then the back button, changing an answer,
the keyboard, and what happens when Python cannot start.
"""

from __future__ import annotations

import contextlib
import io
import json
from urllib.parse import urlencode

import pytest
from expected_flow import (
    EXPECTED_PATHS,
    expected_conditions,
    expected_divergences,
    expected_sources,
)

from checker import cli
from checker.flow import FLOW
from macros.hyphens import SOFT_HYPHEN

from conftest import LANGUAGES, PYTHON_READY_MS, WALK, current, open_checker, walk_groups

pytestmark = pytest.mark.browser

# The hand-written table of the spec (the module walks exactly these: test_flow_table.py).
PATHS = [{"answers": dict(answers), "outcome": outcome} for answers, outcome in EXPECTED_PATHS]


def wait_for(page, kind: str, identifier: str) -> None:
    page.wait_for_function(
        """([kind, id]) => {
            const root = document.querySelector("[data-checker-mode]");
            const templates = root.querySelector(".cw-templates");
            return [...root.querySelectorAll(`[data-${kind}="${id}"]`)]
                .some((element) => !templates.contains(element));
        }""",
        arg=[kind, identifier],
    )


def click_option(page, question: str, option: str) -> None:
    page.locator(f'.cw-checker > [data-question="{question}"] [data-option="{option}"]').click()


def answer_in_page(page, answers: list[tuple[str, str]], then: tuple[str, str]) -> None:
    """Click each answer once its question is shown; wait for ``then`` (kind, id)."""
    for question, option in answers:
        wait_for(page, "question", question)
        click_option(page, question, option)
    wait_for(page, *then)


def decided(language: str, answers: dict[str, str]) -> dict:
    """What `python -m checker decide --json` prints for ``answers`` (its own code, in this
    process: a process a path would cost more than the walk)."""
    printed = io.StringIO()
    arguments = ["decide", "--json", "--lang", language, *[f"{q}={o}" for q, o in answers.items()]]
    with contextlib.redirect_stdout(printed):
        assert cli.main(arguments) == 0
    return json.loads(printed.getvalue())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("served", ["http", "file"])
def test_every_path_in_the_page(page, request, served: str, language: str):
    """Over http (a module worker) and from the unzipped bundle (file://, Python in the
    page): the same walk, the same outcomes, by the page's own clicks (conftest.WALK, as in
    Firefox and WebKit), a group of paths a page."""
    if served == "http":
        site_url, index = request.getfixturevalue("site_url"), ""
    else:
        site_url, index = request.getfixturevalue("offline_url"), "index.html"
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    walked = []
    groups = walk_groups()
    for group in groups:
        open_checker(page, f"{site_url}{language}/checker/{index}")
        assert current(page) == ("question", "cause")
        walked += page.evaluate(
            f"([paths, timeout]) => ({WALK})(paths, timeout)", [group, PYTHON_READY_MS]
        )
        root = page.locator("[data-checker-mode]")
        assert root.get_attribute("data-checker-mode") == "python"
        assert root.get_attribute("data-python-start") == "snapshot", "Python started the slow way"
    assert len(loads) == len(groups), "answers in the page load no page"
    for path, shown in zip(PATHS, walked, strict=True):
        answers = list(path["answers"].items())
        assert shown["shown"] == [path["outcome"]], answers
        expected = decided(language, path["answers"])
        assert expected["outcome"]["id"] == path["outcome"]
        # The same words; the page's have soft hyphens where a line may break them.
        assert shown["title"].replace(SOFT_HYPHEN, "") == expected["outcome"]["title"]
        # This path's passages and divergence, as Python names them, not the template's all.
        assert shown["passages"] == expected_sources(answers, path["outcome"])
        assert shown["divergences"] == expected_divergences(answers, path["outcome"])
        assert shown["conditions"] == expected_conditions(answers, path["outcome"])
        # The URL names the state: the static page of the same answers; from the file
        # system, where a page may not change its path, the checker with them as a query.
        if served == "http":
            segments = "".join(f"{q}-{o}/" for q, o in answers)
            assert shown["url"] == f"{site_url}{language}/checker/{segments}"
        else:
            assert shown["url"] == f"{site_url}{language}/checker/index.html?{urlencode(answers)}"
        assert shown["answers"] == len(answers)


def test_the_url_of_an_in_page_state_is_its_static_page(page, browser, site_url: str):
    open_checker(page, f"{site_url}fr/checker/")
    click_option(page, "cause", "company")
    wait_for(page, "question", "other_channel")
    click_option(page, "other_channel", "no")
    wait_for(page, "question", "contact_time")
    static = browser.new_context(java_script_enabled=False).new_page()
    static.goto(page.url)
    assert static.locator("[data-question]").first.get_attribute("data-question") == "contact_time"
    static.context.close()


def test_back_button_steps_back(page, site_url: str):
    open_checker(page, f"{site_url}nl/checker/")
    answers = [("cause", "third_party"), ("other_channel", "no"), ("permanent", "yes")]
    answer_in_page(page, answers, then=("outcome", "no_exemption_permanent"))
    page.go_back()
    wait_for(page, "question", "permanent")
    assert page.url == f"{site_url}nl/checker/cause-third_party/other_channel-no/"
    page.go_back()
    wait_for(page, "question", "other_channel")
    page.go_forward()
    wait_for(page, "question", "permanent")
    assert page.locator(".cw-answers li").count() == 2


def test_from_the_file_system_back_and_reload_keep_the_state(page, offline_url: str):
    checker = f"{offline_url}nl/checker/index.html"
    open_checker(page, checker)
    click_option(page, "cause", "third_party")
    wait_for(page, "question", "other_channel")
    click_option(page, "other_channel", "no")
    wait_for(page, "question", "permanent")
    assert page.url == f"{checker}?cause=third_party&other_channel=no"
    page.reload()
    page.wait_for_selector('[data-checker-mode="python"]', state="attached")
    wait_for(page, "question", "permanent")
    assert page.locator(".cw-answers li").count() == 2
    page.go_back()
    wait_for(page, "question", "other_channel")
    page.locator(".cw-restart").click()
    wait_for(page, "question", "cause")
    assert page.url == f"{checker}?"
    page.reload()
    page.wait_for_selector('[data-checker-mode="python"]', state="attached")
    assert current(page) == ("question", "cause")


def test_changing_an_answer_keeps_the_later_answers_that_still_apply(page, site_url: str):
    open_checker(page, f"{site_url}fr/checker/")
    for question, option in [
        ("cause", "company"),
        ("other_channel", "no"),
        ("contact_time", "open"),
    ]:
        click_option(page, question, option)
    wait_for(page, "outcome", "call_contact_center")
    # Change the cause to third_party: other_channel=no still applies, contact_time does not.
    page.locator('.cw-answers li[data-answer="cause"] .cw-change').click()
    wait_for(page, "question", "cause")
    assert page.locator(".cw-answers li").count() == 0
    assert (
        page.locator('.cw-checker > [data-question] [aria-current="true"]').get_attribute(
            "data-option"
        )
        == "company"
    )
    click_option(page, "cause", "third_party")
    wait_for(page, "question", "permanent")
    answers = page.locator(".cw-answers li")
    assert [answers.nth(i).get_attribute("data-answer") for i in range(answers.count())] == [
        "cause",
        "other_channel",
    ]
    assert page.url == f"{site_url}fr/checker/cause-third_party/other_channel-no/"


def test_the_switcher_follows_the_state(page, site_url: str):
    open_checker(page, f"{site_url}fr/checker/")
    click_option(page, "cause", "checkinatwork")
    wait_for(page, "outcome", "exempt_checkinatwork")
    for language in LANGUAGES:
        link = page.locator(f'.md-select__link[hreflang="{language}"]')
        assert link.get_attribute("href") == f"{site_url}{language}/checker/cause-checkinatwork/"


def test_a_valid_deep_link_by_query_shows_its_state(page, site_url: str):
    open_checker(page, f"{site_url}nl/checker/?cause=company&other_channel=yes")
    wait_for(page, "outcome", "use_other_channel")
    assert page.url == f"{site_url}nl/checker/cause-company/other_channel-yes/"


@pytest.mark.parametrize(
    ("link", "shown", "address"),
    [
        # The theme's search result: its highlight, on the page the outcome is found on.
        (
            "fr/checker/cause-checkinatwork/?h=exempt",
            "exempt_checkinatwork",
            "cause-checkinatwork/",
        ),
        ("en/checker/?h=exempt", "cause", ""),
        # A link shared by mail or from another site, with what they add to it.
        (
            "de/checker/?utm_source=mail&utm_medium=email&fbclid=a1&gclid=b2&cause=company",
            "other_channel",
            "cause-company/",
        ),
        # A static state's page, a later answer edited into its query: the two together.
        (
            "nl/checker/cause-provider/?provider_contact=no_solution",
            "other_channel",
            "cause-provider/provider_contact-no_solution/",
        ),
    ],
    ids=["search highlight", "search highlight, first question", "shared link", "state and query"],
)
def test_a_link_carrying_other_parameters_works_as_without_them(
    page, site_url, link, shown, address
):
    open_checker(page, f"{site_url}{link}")
    kind = "question" if shown in {q.id for q in FLOW.questions} else "outcome"
    wait_for(page, kind, shown)
    assert page.locator(".cw-problems").count() == 0
    assert page.url == f"{site_url}{link[:3]}checker/{address}"


def test_keyboard_only_in_the_page(page, site_url: str):
    open_checker(page, f"{site_url}fr/checker/")
    path = next(p for p in PATHS if len(p["answers"]) == 5)
    for position, (question, option) in enumerate(path["answers"].items()):
        target = page.locator(
            f'.cw-checker > [data-question="{question}"] [data-option="{option}"]'
        )
        for _ in range(80):
            page.keyboard.press("Tab")
            if target.evaluate("element => element === document.activeElement"):
                break
        else:
            pytest.fail(f"Tab never reached {question}={option}")
        page.keyboard.press("Space" if position % 2 else "Enter")
        following = list(path["answers"])[position + 1] if position + 1 < 5 else None
        if following:
            wait_for(page, "question", following)
            # The new question has the focus, so a screen reader announces it.
            assert page.evaluate("document.activeElement.id") == "cw-question-label"
    wait_for(page, "outcome", path["outcome"])


def test_python_blocked_the_static_flow_goes_on_with_a_notice(page, site_url: str):
    page.route("**/pyodide/**", lambda route: route.abort())
    page.goto(f"{site_url}fr/checker/")
    notice = page.locator("[data-checker-status]")
    notice.filter(has_text="ne peut pas tourner").wait_for(timeout=PYTHON_READY_MS)
    assert page.locator("[data-checker-mode]").get_attribute("data-checker-mode") == "static"
    click_option(page, "cause", "checkinatwork")
    page.wait_for_url(f"{site_url}fr/checker/cause-checkinatwork/")
    assert current(page) == ("outcome", "exempt_checkinatwork")


def test_an_answer_before_python_is_ready_follows_the_static_link(page, site_url: str):
    # Hold Pyodide's runtime back, answer at once: the link loads the next page.
    page.route("**/pyodide/pyodide.asm.wasm.zst", lambda route: None)
    page.goto(f"{site_url}nl/checker/")
    assert page.locator("[data-checker-mode]").get_attribute("data-checker-mode") == "static"
    click_option(page, "cause", "provider")
    page.wait_for_url(f"{site_url}nl/checker/cause-provider/")
    assert current(page) == ("question", "provider_contact")


def test_without_the_snapshot_python_starts_the_ordinary_way(page, site_url: str):
    # Either file: Zstandard's, or gzip's from this near server.
    page.route("**/pyodide/checker.snapshot.*", lambda route: route.abort())
    open_checker(page, f"{site_url}fr/checker/")
    assert page.locator("[data-checker-mode]").get_attribute("data-python-start") == "fresh"
    click_option(page, "cause", "checkinatwork")
    wait_for(page, "outcome", "exempt_checkinatwork")


def test_keeping_the_links_right_loads_nothing_again(browser, site_url):
    # checker.js makes the page's links absolute, so that they stay right once the URL
    # changes without a page load: only links that name a page, never a stylesheet or an
    # icon, whose href set again loads the file again.
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_())  # no HTTP cache: every load is seen
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_checker(page, f"{site_url}fr/checker/")
    page.wait_for_load_state("networkidle")
    heads = page.evaluate(
        """() => [...document.querySelectorAll("link[href]")]
            .map((link) => [link.rel, link.getAttribute("href")])"""
    )
    switcher = page.evaluate(
        """() => [...document.querySelectorAll("a.md-select__link")]
            .map((link) => link.getAttribute("href"))"""
    )
    context.close()
    assert switcher and all(href.startswith(site_url) for href in switcher)
    loaded = [href for rel, href in heads if rel in ("stylesheet", "icon")]
    assert loaded and not any(href.startswith("http") for href in loaded), "left as written"
    repeated = {url for url in requested if requested.count(url) > 1}
    assert not repeated, f"loaded twice: {sorted(repeated)}"


def test_the_checker_goes_on_when_the_browser_refuses_to_change_the_address(page, site_url):
    # WebKit refuses a 101st history.pushState() or replaceState() within 10 seconds (a
    # SecurityError): here every one is refused, from the start.
    page.add_init_script(
        """for (const name of ["pushState", "replaceState"]) {
             History.prototype[name] = () => {
               throw new DOMException("refused", "SecurityError");
             };
           }"""
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_checker(page, f"{site_url}fr/checker/?cause=company")
    wait_for(page, "question", "other_channel")
    click_option(page, "other_channel", "no")
    wait_for(page, "question", "contact_time")
    page.locator('.cw-answers li[data-answer="cause"] .cw-change').click()
    wait_for(page, "question", "cause")
    click_option(page, "cause", "checkinatwork")
    wait_for(page, "outcome", "exempt_checkinatwork")
    assert errors == []
