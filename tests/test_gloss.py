"""A word a reader outside Belgium may not know is explained at its first use in each part
of a page a reader sees on its own, marked as the guide's, and never inside the official text
in its own language (macros/gloss.py, content/glossary.toml)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

import content
from macros import render
from macros.gloss import Gloss, glossed

from conftest import LANGUAGES, SOURCE_LANGUAGE

TEXTS = content.load()
WORD = Gloss("word", term="co-contractor", text="[the guide's note]")
SPAN = '<span class="cw-gloss" data-gloss="word">[the guide\'s note]</span>'


def in_content(body: str) -> str:
    return f'<div class="md-content__inner"><p>a co-contractor before</p>{body}</div>'


def test_the_first_use_of_the_page_and_of_each_question_and_outcome():
    html = "<p>co-contractor outside the content</p>" + in_content(
        "<p>Your co-contractor again</p>"
        '<section data-question="cause"><a>co-contractor</a> and co-contractor</section>'
        '<article data-template-outcome="x"><p>Co-contractor &amp; co-contractor</p>'
        "</article><p>co-contractor</p>"
    )
    out = glossed(html, [WORD], official_quotes=False)
    assert out.count(SPAN) == 3
    assert "outside the content" in out.split(SPAN)[0]
    assert f"a co-contractor {SPAN} before" in out
    assert f"<a>co-contractor {SPAN}</a> and co-contractor</section>" in out
    assert f"<p>Co-contractor {SPAN} &amp; co-contractor</p></article><p>co-contractor</p>" in out


def test_a_word_with_an_ending_is_explained_after_the_whole_word():
    gloss = Gloss("word", term="Vertragspartner", text="[Erläuterung]")
    out = glossed(in_content("<p>denen Ihres Vertragspartners.</p>"), [gloss], False)
    assert 'Vertragspartners <span class="cw-gloss" data-gloss="word">[Erläuterung]</span>.' in out


def test_not_inside_a_drawing_a_script_an_attribute_or_another_word():
    body = (
        '<svg><text>co-contractor</text></svg><script>"co-contractor"</script>'
        '<a title="co-contractor">x</a><p>non-co-contractor, co-contractors</p>'
    )
    out = glossed(in_content(body).replace("a co-contractor before", "-"), [WORD], False)
    assert out.count(SPAN) == 1
    assert f"co-contractors {SPAN}</p>" in out


def test_the_official_text_in_its_own_language_is_left_as_it_is():
    body = "<blockquote><p>votre co-contractor</p></blockquote><p>co-contractor</p>"
    html = in_content(body).replace("a co-contractor before", "-")
    quoted = glossed(html, [WORD], official_quotes=True)
    assert f"<blockquote><p>votre co-contractor</p></blockquote><p>co-contractor {SPAN}" in quoted
    translated = glossed(html, [WORD], official_quotes=False)
    assert f"<blockquote><p>votre co-contractor {SPAN}</p>" in translated


def glosses_of(language: str) -> list[Gloss]:
    return render.glosses_of(TEXTS, language)


MARKS = {"fr": "explication du guide", "nl": "uitleg van deze gids"}
MARKS |= {"de": "Erläuterung dieses Leitfadens", "en": "this guide's explanation"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_explanation_is_marked_as_the_guide_s(language):
    for gloss in glosses_of(language):
        assert gloss.text.startswith("[") and gloss.text.endswith("]")
        assert MARKS[language] in gloss.text


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def part(html: str, attribute: str) -> str:
    """The element that carries ``attribute`` (a question or outcome of the checker)."""
    start = html.index(attribute)
    tag = html.rindex("<", 0, start)
    name = re.match(r"<(\w+)", html[tag:]).group(1)
    end = html.index(f"</{name}>", start)  # these parts nest no element of their own name
    return html[tag:end]


CO_CONTRACTOR_PAGES = {
    # The cause question (third party), the origin question (own means), the other channel.
    "checker/index.html": 'data-question="cause"',
    "checker/cause-unknown/provider_check-not_used/other_channel-no/index.html": (
        'data-question="origin"'
    ),
    "checker/cause-company/other_channel-yes/index.html": 'data-outcome="use_other_channel"',
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", sorted(CO_CONTRACTOR_PAGES))
def test_co_contractor_is_explained_in_each_checker_part(built_site: Path, language, path):
    html = (built_site / language / path).read_text(encoding="utf-8")
    shown = visible(part(html, CO_CONTRACTOR_PAGES[path]))
    term = TEXTS.text("glossary.term.co_contractor", language)
    explanation = TEXTS.text("glossary.gloss.co_contractor", language)
    assert shown.count(explanation) == 1, shown
    assert re.search(rf"{re.escape(term)}\w* {re.escape(explanation)}", shown), shown
    first = shown.index(term)
    assert shown.index(explanation) > first


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_procedure_page_explains_only_in_a_translation(built_site: Path, language):
    html = (built_site / language / "procedure/index.html").read_text(encoding="utf-8")
    term = TEXTS.text("glossary.term.co_contractor", language)
    explanation = TEXTS.text("glossary.gloss.co_contractor", language)
    shown = visible(html.split('<article class="md-content__inner', 1)[1])
    assert term in shown
    if language == SOURCE_LANGUAGE:
        assert explanation not in shown
    else:
        assert shown.count(explanation) == 1
        assert shown.index(explanation) > shown.index(term)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_explanation_follows_its_word_and_every_page_has_its_own(built_site, language):
    term = TEXTS.text("glossary.term.co_contractor", language)
    explanation = TEXTS.text("glossary.gloss.co_contractor", language)
    for path in (built_site / language).rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        body = html.split('<article class="md-content__inner', 1)[-1]
        glosses = re.findall(r'(\S+) <span class="cw-gloss"[^>]*>([^<]*)</span>', body)
        for word, text in glosses:
            assert unescape(text) == explanation, path
            assert word.lower().startswith(term.lower()), (path, word)
        official = language == SOURCE_LANGUAGE and path.parent.name == "procedure"
        uses = [
            text
            for text in re.findall(r">([^<]*)<", body.split("<script", 1)[0])
            if term.lower() in text.lower()
        ]
        if uses and not official:
            assert glosses, path
        if language == SOURCE_LANGUAGE:
            for quote in re.findall(r"<blockquote>.*?</blockquote>", body, re.DOTALL):
                assert "cw-gloss" not in quote, path
