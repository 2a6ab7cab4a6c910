"""The texts of a built page, each with its place in the page and the elements around it.

For the changes made to a page's words after MkDocs has written it (macros/gloss.py,
macros/hyphens.py): they change text, never markup, and must know where a text stands
(a heading, a question of the checker, a quotation, a drawing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Where the build changes no word: not text a reader reads as prose.
UNTOUCHED = {"svg", "script", "style", "code", "pre", "textarea", "title", "template"}


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str | None]

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


@dataclass(frozen=True)
class Text:
    start: int  # offset in the page of the text as written (entities not decoded)
    data: str
    elements: tuple[Element, ...]  # the open elements, outermost first
    # What the open elements are, gathered as they open (a page has thousands of texts):
    tags: frozenset[str]  # their names
    classes: frozenset[str]  # their classes

    def language(self) -> str | None:
        """The language of the text: the nearest ``lang`` around it."""
        return next(
            (
                element.attrs["lang"]
                for element in reversed(self.elements)
                if element.attrs.get("lang")
            ),
            None,
        )


def texts(html: str) -> list[Text]:
    reader = _Reader()
    reader.read(html)
    return reader.found


def edited(html: str, edits: list[tuple[int, int, str]]) -> str:
    """``html`` with each (start, end, new text) made; the spans must not overlap."""
    for start, end, new in sorted(edits, key=lambda edit: -edit[0]):
        html = html[:start] + new + html[end:]
    return html


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # data as written: offsets stay true
        self.open: list[Element] = []
        # For each open element, the tags and classes of it and of those around it.
        self.gathered: list[tuple[frozenset[str], frozenset[str]]] = []
        self.found: list[Text] = []
        self.line_starts: list[int] = []

    def read(self, html: str) -> None:
        self.line_starts = [0] + [match.end() for match in re.finditer(r"\n", html)]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        element = Element(tag, dict(attrs))
        tags, classes = self.gathered[-1] if self.gathered else _NOTHING
        self.open.append(element)
        self.gathered.append((tags | {tag}, classes | set(element.classes())))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the last open element of that name (an unclosed <p> or <li> with it).
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                del self.gathered[index:]
                return

    def handle_data(self, data: str) -> None:
        line, column = self.getpos()
        tags, classes = self.gathered[-1] if self.gathered else _NOTHING
        start = self.line_starts[line - 1] + column
        self.found.append(Text(start, data, tuple(self.open), tags, classes))


_NOTHING: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
