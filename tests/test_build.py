"""The built site: every page in every language, the root choice, links that work anywhere."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import content
from checker import wording
from checker.flow import FLOW
from macros.hyphens import SOFT_HYPHEN

from conftest import LANGUAGES

TEXTS = content.load()

PAGES = ["", "checker/", "procedure/", "contact/", "listing/", "about/"]


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_exists_in_its_language(built_site: Path, language: str, page: str):
    html = _html(built_site, f"{language}/{page}")
    assert f'<html lang="{language}"' in html
    assert "${" not in html, "a ${...} was left unfilled"
    assert "{{" not in html and "{%" not in html, "template syntax leaked into the page"


def test_the_root_lets_the_reader_choose(built_site: Path):
    html = _html(built_site, "")
    for language in LANGUAGES:
        # The build's URL style (index.html offline); each part in its own language.
        assert f'href="{language}/" hreflang="{language}"' in html
        assert f'class="cw-choice__language" lang="{language}"' in html
    assert html.count('class="cw-choice__language"') == len(LANGUAGES)


def test_no_page_at_the_root_but_the_choice_and_the_bilingual_listing(built_site: Path):
    pages = {p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")}
    top_level = {p for p in pages if "/" not in p}
    assert top_level == {".", *LANGUAGES, "listing"}, "the root: the choice, the bilingual listing"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_the_switcher_leads_to_the_same_page_in_every_language(
    built_site: Path, page: str, language: str
):
    html = _html(built_site, f"{language}/{page}")
    links = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', html)
    by_language = {hreflang: link for link, hreflang in links}
    assert sorted(by_language) == sorted(LANGUAGES)
    depth = page.count("/") + 1
    for other in LANGUAGES:
        same_page = "./" if other == language else "../" * depth + f"{other}/{page}"
        assert by_language[other] == same_page
    assert "xx" not in html.split("md-select__list")[1].split("</ul>")[0]


def test_no_absolute_link_to_the_site_root(built_site: Path):
    # Absolute links ("/fr/") break under a sub-path and from the file system. The 404
    # page is the exception: a server shows it at any path, so its links start at "/".
    for html_file in built_site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        html = html_file.read_text(encoding="utf-8")
        assert not re.search(r'(href|src)="/(?!/)', html), html_file


def test_nothing_is_loaded_from_elsewhere(built_site: Path):
    # No web fonts, scripts or styles from another site (links to read further are fine).
    for html_file in built_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html), html_file
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_no_page_offers_a_page_to_prefetch(built_site: Path):
    # Firefox prefetches <link rel="next"> and "prev", which the policy refuses (a reported
    # violation on every page): macros/markup.py drops them; the footer's links stay.
    for html_file in built_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        links = re.findall(r"<link\b[^>]*>", html)
        assert not [
            link
            for link in links
            if re.search(r'rel="[^"]*\b(next|prev|prefetch|prerender)\b', link)
        ], html_file
    procedure = (built_site / "fr" / "procedure" / "index.html").read_text(encoding="utf-8")
    for side in ("prev", "next"):
        assert f"md-footer__link--{side}" in procedure, "the footer's links stay"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contact_page_has_the_phone_link(built_site: Path, language: str):
    html = _html(built_site, f"{language}/contact/")
    assert 'href="tel:+3225115151"' in html
    assert "02 511 51 51" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contact_form_is_the_one_content_gives_for_the_language(
    built_site: Path, language: str
):
    html = _html(built_site, f"{language}/contact/")
    address = TEXTS.text("facts.contact_form_url", language)
    assert f'href="{address.replace("&", "&amp;")}"' in html
    if TEXTS.text("facts.confirmed.contact_form_url", language) != "yes":
        note = TEXTS.text("uncertain.contact_form_url", language).split("[", 1)[0].strip()
        assert note in unescape(html), "an address not confirmed says so"


def test_the_contact_form_is_in_the_readers_language(built_site: Path):
    assert "site_fr/employer/general/contactcenter" in _html(built_site, "fr/contact/")
    dutch = _html(built_site, "nl/contact/")
    assert "site_nl/employer/general/contactcenter" in dutch
    assert "niet bevestigd" in dutch, "the Dutch address is not confirmed and says so"


def test_the_dutch_menu_keys_are_not_invented(built_site: Path):
    dutch = _html(built_site, "nl/contact/")
    assert "Toets 1" not in dutch
    assert "Franstalige keuzemenu" in dutch


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_procedure_has_summary_steps_and_warning(built_site: Path, language: str):
    html = _html(built_site, f"{language}/procedure/")
    assert 'id="summary"' in html and "<table>" in html
    for anchor in ["step-1", "step-2", "step-3", "step-3-1", "step-3-2", "step-3-3"]:
        assert f'id="{anchor}"' in html
    assert 'class="admonition warning"' in html


def test_the_about_page_gives_the_version(built_site: Path):
    html = _html(built_site, "fr/about/")
    assert re.search(r"Version \d+\.\d+\.\d+", html)


class _Shown(HTMLParser):
    """The ids of a page, each with whether the reader sees it: no ancestor is hidden."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.ids: dict[str, bool] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        hidden = "hidden" in names or bool(self.open and self.open[-1][1])
        if "id" in names:
            self.ids[names["id"] or ""] = not hidden
        if tag not in VOID:
            self.open.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_search_result_leads_to_a_text_the_page_shows(built_site: Path, language: str):
    # Not to a template of the in-page checker, which is hidden: to the outcome's own page.
    index = json.loads((built_site / language / "search/search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        if anchor:
            shown = _Shown()
            shown.feed(_html(built_site, f"{language}/{page}"))
            assert shown.ids.get(anchor), f"{doc['location']}: hidden or missing"
    titles = {unescape(doc["title"]).replace(SOFT_HYPHEN, "") for doc in index["docs"]}
    for outcome in FLOW.outcomes:
        title = wording.outcome_title(TEXTS, language, outcome.id)
        assert unescape(title) in titles, f"{outcome.id} is not found by the search"
