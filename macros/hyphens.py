"""Soft hyphens in the long words of headings, so that a narrow screen breaks them properly.

A heading's long word ("Anwesenheitsregistrierung") is wider than a phone's screen at a
heading's size: the browser then breaks it anywhere, without a hyphen ("...registrierun" /
"g"). CSS ``hyphens: auto`` would need a dictionary of the language in the browser, which
Chromium on Linux downloads apart and may not have. So the build writes soft hyphens
(U+00AD) where Pyphen, LibreOffice's hyphenation patterns, allows a break; a browser shows a
hyphen only where it breaks the line there.

Where: the headings of the content and the header's title, in the language of
the element (its nearest ``lang``). Words shorter than :data:`MIN_LETTERS` and the names of
``keep_whole`` (a brand: "Checkinatwork") stay whole.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen

from macros.page_text import HEADINGS, UNTOUCHED, Text

SOFT_HYPHEN = "\u00ad"
MIN_LETTERS = 10
# The header's title: the site's name, then the page's title.
HYPHENATED_CLASSES = {"md-header__topic"}
WORD = re.compile(r"\w+")


def hyphen_edits(page_texts: list[Text], keep_whole: list[str]) -> list[tuple[int, int, str]]:
    """The rewrites that put soft hyphens into a page, from its texts (macros/page_text.py);
    made with :func:`macros.page_text.edited`."""
    edits = []
    for text in page_texts:
        if not (text.tags & HEADINGS or text.classes & HYPHENATED_CLASSES) or text.tags & UNTOUCHED:
            continue
        language = text.language()
        new = hyphenate(text.data, language, keep_whole) if language else text.data
        if new != text.data:
            edits.append((text.start, text.start + len(text.data), new))
    return edits


def hyphenate(text: str, language: str, keep_whole: list[str]) -> str:
    """``text`` with soft hyphens in its long words, as a heading in ``language`` gets them."""
    dictionary = _dictionary(language)
    if dictionary is None:
        return text
    return WORD.sub(lambda match: _word(match.group(0), dictionary, keep_whole), text)


def _word(word: str, dictionary: pyphen.Pyphen, keep_whole: list[str]) -> str:
    if len(word) < MIN_LETTERS or word in keep_whole or not word.isalpha():
        return word
    return dictionary.inserted(word, hyphen=SOFT_HYPHEN)


@cache
def _dictionary(language: str) -> pyphen.Pyphen | None:
    """The patterns of ``language`` ("de", "nl-BE"), or None where Pyphen has none."""
    found = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=found) if found else None
