"""Valid, accessible HTML from the theme and the pages: small, named repairs of each page.

In what Material for MkDocs writes, the Nu HTML Checker (tests/test_quality.py) finds two
things that are not valid HTML, and the accessibility tests one that a screen reader
misreads; in ours, one that Markdown cannot avoid; and one thing Firefox fetches that the
policy refuses. Each repair is exact (it changes only the markup it names) and keeps what
the page does:

- the theme's toggles (``<input type="checkbox" class="md-toggle" autocomplete="off">``):
  ``autocomplete`` is not allowed on a checkbox. The theme puts it there so that Firefox
  does not restore the menu open when a page is reloaded; without it, at worst, the menu
  shows open after a reload in Firefox, one tap closes it.
- the table of contents' title (``<label class="md-nav__title" for="__toc">``) on a page
  outside the navigation (a checker state), where no ``__toc`` control exists for it to
  label: it stays, as a title, without ``for``.
- the language switcher's links name their language in that language ("Nederlands" on a
  French page): each gets ``lang`` as well as ``hreflang``, so that a screen reader says it
  in the right voice (WCAG 3.1.2).
- a ``<style>`` in the body (a page's own ``@page`` rule, written in its Markdown): moved to
  the end of the head, where HTML wants it.
- the theme's ``<link rel="prev">`` and ``<link rel="next">`` in the head: dropped. Firefox
  prefetches them, which the pages' policy (``default-src 'none'``) refuses with a reported
  violation on every page; prefetching the next page is of no use here (the footer's
  visible previous and next links stay, and lead to the same pages).
"""

from __future__ import annotations

import re

TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="[^"]*\bmd-toggle\b[^"]*"[^>]*type="checkbox"[^>]*?) autocomplete="off"'
)
TOC_LABEL = '<label class="md-nav__title" for="__toc">'
TOC_CONTROL = 'id="__toc"'
BODY = re.compile(r"<body[^>]*>")
SWITCHER_LINK = re.compile(r'(<a href="[^"]*" hreflang="([a-z-]+)" class="md-select__link")')
STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
PREFETCHED_LINK = re.compile(r'\s*<link rel="(?:prev|next)" href="[^"]*">')


def repaired(html: str) -> str:
    html = TOGGLE_AUTOCOMPLETE.sub(r"\1", html)
    html = PREFETCHED_LINK.sub("", html)
    html = SWITCHER_LINK.sub(r'\1 lang="\2"', html)
    if TOC_CONTROL not in html:
        html = html.replace(TOC_LABEL, '<label class="md-nav__title">')
    body = BODY.search(html)
    if body:
        styles = STYLE.findall(html, body.end())
        if styles:
            rest = STYLE.sub("", html[body.end() :])
            head_end = html.index("</head>")
            html = html[:head_end] + "".join(styles) + html[head_end : body.end()] + rest
    return html
