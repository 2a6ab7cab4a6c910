"""What changed, for readers (content/changes.toml, macros/changes.py): a page per language,
linked from the sources page, its entries by day, newest first, each from the guide's real
history: every commit an entry names is in git, of the entry's day."""

from __future__ import annotations

import copy
import html
import re
import subprocess

import pytest

import content
from content import ContentError
from macros.changes import changes

from conftest import LANGUAGES, PROJECT_DIR

TEXTS = content.load()
ENTRIES = changes(TEXTS)


def test_there_is_a_history_and_it_runs_newest_first():
    assert len(ENTRIES) >= 5
    days = [entry.day for entry in ENTRIES]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_every_entry_is_of_the_day_of_the_commits_that_made_it(entry):
    for commit in entry.commits:
        shown = subprocess.run(
            ["git", "show", "-s", "--format=%ad", "--date=short", f"{commit}^{{commit}}"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
        )
        assert shown.returncode == 0, f"{entry.id}: {commit} is not a commit of this history"
        assert shown.stdout.strip() == entry.day.isoformat(), f"{entry.id}: {commit}"


def _with(change) -> content.Content:
    changed = copy.deepcopy(TEXTS)
    change(changed)
    return changed


def test_an_entry_without_its_text_fails():
    def drop_text(texts):
        del texts.texts[ENTRIES[0].text_key]

    with pytest.raises(ContentError, match=f"has no text changes.{ENTRIES[0].id}"):
        changes(_with(drop_text))


def test_a_text_without_its_entry_fails():
    def add_text(texts):
        texts.texts["changes.invented"] = dict.fromkeys(LANGUAGES, "?")

    with pytest.raises(ContentError, match=r"texts without their entry.*invented"):
        changes(_with(add_text))


@pytest.mark.parametrize("fact", ["day", "commits"])
def test_an_entry_without_its_day_or_commits_fails(fact):
    def drop_fact(texts):
        del texts.facts[f"facts.changes.{ENTRIES[0].id}.{fact}"]

    with pytest.raises(ContentError, match="needs its day and its commits"):
        changes(_with(drop_fact))


def test_a_day_not_written_as_a_day_fails():
    def bad_day(texts):
        texts.facts[f"facts.changes.{ENTRIES[0].id}.day"] = "7 December"

    with pytest.raises(ContentError, match="is not a day"):
        changes(_with(bad_day))


def _plain(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_the_page_linked_from_the_sources_page(built_site, language):
    about = (built_site / language / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../changes/"' in about
    page = (built_site / language / "changes" / "index.html").read_text(encoding="utf-8")
    main = page[page.index("<h1") : page.index('class="cw-notice')]
    days = re.findall(r'<h2 id="day-([\d-]+)"', main)
    assert days == sorted({entry.day.isoformat() for entry in ENTRIES}, reverse=True)
    # Every entry once, under its day, in the page's language.
    sections = re.split(r'<h2 id="day-', main)[1:]
    for section in sections:
        day = section[:10]
        items = [_plain(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]
        expected = [
            _plain(TEXTS.text(entry.text_key, language))
            for entry in ENTRIES
            if entry.day.isoformat() == day
        ]
        assert items == expected, day
