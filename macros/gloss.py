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
drawing, code, a script or an attribute: there the word stays as it is, and its next use
outside is explained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

# The part of a Material page that is its content.
CONTENT_CLASS = "md-content__inner"
# Elements whose first use of a word is explained apart from the rest of the page.
SCOPE_ATTRIBUTES = ("data-question", "data-outcome", "data-template-question")
SCOPE_ATTRIBUTES += ("data-template-outcome",)
# Where no word is explained: not text a reader reads as prose.
UNTOUCHED = {"svg", "script", "style", "code", "pre", "textarea", "title", "template"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


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
    if not glosses:
        return html
    finder = _FirstUses(glosses, official_quotes)
    finder.feed(html)
    finder.close()
    # Insert from the end, so that the earlier offsets stay right.
    for offset, gloss in sorted(finder.insertions, key=lambda item: -item[0]):
        html = html[:offset] + gloss.markup() + html[offset:]
    return html


class _FirstUses(HTMLParser):
    """Finds, in one pass over a page, where each gloss goes (offsets in the page)."""

    def __init__(self, glosses: list[Gloss], official_quotes: bool) -> None:
        super().__init__(convert_charrefs=False)  # data as written: offsets stay true
        self.glosses = [(gloss, gloss.pattern()) for gloss in glosses]
        self.official_quotes = official_quotes
        # Open elements: (tag, is the content, scope it opens or None, untouched).
        self.open: list[tuple[str, bool, int | None, bool]] = []
        self.scopes = 0
        self.done: set[tuple[int, str]] = set()
        self.insertions: list[tuple[int, Gloss]] = []
        self.line_starts: list[int] = []

    def feed(self, data: str) -> None:
        self.line_starts = [0] + [match.end() for match in re.finditer(r"\n", data)]
        super().feed(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        is_content = CONTENT_CLASS in (values.get("class") or "").split()
        scope = None
        if any(name in values for name in SCOPE_ATTRIBUTES):
            self.scopes += 1
            scope = self.scopes
        untouched = tag in UNTOUCHED or (tag == "blockquote" and self.official_quotes)
        self.open.append((tag, is_content, scope, untouched))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # opens nothing

    def handle_endtag(self, tag: str) -> None:
        # Close up to the last open element of that name (an unclosed <p> or <li> with it).
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        if not any(is_content for _, is_content, _, _ in self.open):
            return
        if any(untouched for *_, untouched in self.open):
            return
        scope = next((s for _, _, s, _ in reversed(self.open) if s is not None), 0)
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        for gloss, pattern in self.glosses:
            if (scope, gloss.name) in self.done:
                continue
            match = pattern.search(data)
            if match:
                self.done.add((scope, gloss.name))
                self.insertions.append((start + match.end(), gloss))
