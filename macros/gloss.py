"""Explain a word of the guide at its first use, in brackets marked as the guide's own.

Some words of the translations are Belgian law's and opaque elsewhere ("co-contractor",
"Vertragspartner"). content/glossary.toml gives each such word and its explanation in every
language; this module writes the explanation after the word's first use in each part of a
page that a reader sees on its own:

- each question and each outcome of the checker (``data-question``, ``data-outcome`` and the
  hidden templates the in-page checker shows from, ``data-template-question`` and
  ``data-template-outcome``): the in-page checker shows one of them at a time;
- the rest of the page's content.

It never writes inside the official text as the guide reproduces it in the text's own
language: its quotations (``<blockquote>``, here) and the page that reproduces it whole
(``official_text: true`` in its front matter, left alone by macros/hooks.py). Nor inside a
drawing, code, a script, an attribute or a heading: there the word stays as it is, and its
next use outside is explained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from macros.page_text import HEADINGS, UNTOUCHED, Element, Text, edited, texts

# The part of a Material page that is its content.
CONTENT_CLASS = "md-content__inner"
# Elements whose first use of a word is explained apart from the rest of the page.
SCOPE_ATTRIBUTES = ("data-question", "data-outcome", "data-template-question")
SCOPE_ATTRIBUTES += ("data-template-outcome",)


@dataclass(frozen=True)
class Gloss:
    name: str  # the key under glossary.term. and glossary.gloss.: "co_contractor"
    term: str  # the word as the page's language writes it: "co-contractor"
    text: str  # its explanation, brackets and mark included

    def pattern(self) -> re.Pattern[str]:
        """The word, with a capital or not, and any ending (the German genitive's "s")."""
        first, rest = self.term[0], self.term[1:]
        return re.compile(
            rf"(?<![\w-])[{re.escape(first.lower())}{re.escape(first.upper())}]"
            rf"{re.escape(rest)}\w*"
        )

    def markup(self) -> str:
        text = escape(self.text, quote=False)
        return f' <span class="cw-gloss" data-gloss="{self.name}">{text}</span>'


def glossed(html: str, glosses: list[Gloss], official_quotes: bool) -> str:
    """``html`` with each gloss after the first use of its word in each part of the content.

    ``official_quotes``: the page is in the official text's language, so that its quotations
    are the official text itself."""
    return edited(html, gloss_edits(texts(html), glosses, official_quotes))


def gloss_edits(
    page_texts: list[Text], glosses: list[Gloss], official_quotes: bool
) -> list[tuple[int, int, str]]:
    """The insertions :func:`glossed` makes, from the page's texts (macros/page_text.py).
    None in a heading, whose words macros/hyphens.py may rewrite."""
    if not glosses:
        return []
    patterns = [(gloss, gloss.pattern()) for gloss in glosses]
    done: set[tuple[int, str]] = set()
    edits = []
    untouched = UNTOUCHED | HEADINGS | ({"blockquote"} if official_quotes else set())
    for text in page_texts:
        if CONTENT_CLASS not in text.classes or text.tags & untouched:
            continue
        # The part: the innermost question or outcome around the text, or the page (0).
        scope = next((id(e) for e in reversed(text.elements) if _is_scope(e)), 0)
        for gloss, pattern in patterns:
            match = pattern.search(text.data)
            if match and (scope, gloss.name) not in done:
                done.add((scope, gloss.name))
                end = text.start + match.end()
                edits.append((end, end, gloss.markup()))
    return edits


def _is_scope(element: Element) -> bool:
    return any(name in element.attrs for name in SCOPE_ATTRIBUTES)
