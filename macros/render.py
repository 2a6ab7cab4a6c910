"""Render every page of the site, in every language, from the page templates and content/.

The structure of each page is written once, as a Jinja template of Markdown in
``docs/pages/``; the words come from :mod:`content`. One call renders the whole site, so
that the build can check, before MkDocs renders anything, that no key is missing in any
language and that no key of the content is left unused.

This module knows nothing of MkDocs: it maps source paths (``fr/procedure.md``) to Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from checker import wording
from checker.flow import FLOW
from content import Content, ContentError

PROJECT_DIR = Path(__file__).resolve().parent.parent
PAGES_DIR = PROJECT_DIR / "docs" / "pages"
ROOT_TEMPLATE = "_root.md"


@dataclass(frozen=True)
class RenderedSite:
    # Markdown source of each page, by its path in the docs: "fr/procedure.md", ...
    pages: dict[str, str]
    # The site's name and description in each language, and on the root page.
    names: dict[str, str]
    descriptions: dict[str, str]
    unused_keys: list[str]


def page_templates(pages_dir: Path = PAGES_DIR) -> list[str]:
    """Templates that are pages of every language (those not starting with ``_``)."""
    return sorted(
        path.relative_to(pages_dir).as_posix()
        for path in pages_dir.rglob("*.md")
        if not any(part.startswith("_") for part in path.relative_to(pages_dir).parts)
    )


def render_site(
    content: Content,
    root_language: str,
    version: str,
    pages_dir: Path = PAGES_DIR,
) -> RenderedSite:
    """Render the root page and every page in every language of ``content``.

    The checker's words (command line and pages) are rendered too, so that the list of
    unused keys is complete and a flow ID without words fails here.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(pages_dir),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown written by us, not HTML from readers
        # "{#" opens Markdown attribute lists ("## Title {#anchor}"): comments are "{##...##}".
        comment_start_string="{##",
        comment_end_string="##}",
    )
    pages: dict[str, str] = {}
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for language in content.languages:
        for name in page_templates(pages_dir):
            context = _context(content, language, version)
            pages[f"{language}/{name}"] = _render(environment, name, context)
        names[language] = content.text("site.name", language)
        descriptions[language] = content.text("site.description", language)
        wording.every_text(content, language)
    first_language = next(iter(content.languages))
    root_context = _context(content, first_language, version)
    pages[f"{root_language}/index.md"] = _render(environment, ROOT_TEMPLATE, root_context)
    names[root_language] = " · ".join(names[language] for language in content.languages)
    descriptions[root_language] = descriptions[first_language]
    return RenderedSite(pages, names, descriptions, unused_keys=content.unused())


def _render(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        # Front matter must open the page: drop what comments and blocks leave before it.
        return environment.get_template(name).render(context).lstrip()
    except ContentError as error:
        raise ContentError(f"{name} ({context['lang']}): {error}") from error
    except jinja2.TemplateError as error:
        raise ContentError(f"{name} ({context['lang']}): template error: {error}") from error


def _context(content: Content, language: str, version: str) -> dict[str, Any]:
    def t(key: str, **values: Any) -> str:
        return content.text(key, language, version=version, **values)

    def t_in(other_language: str, key: str, **values: Any) -> str:
        return content.text(key, other_language, version=version, **values)

    return {
        "lang": language,
        "languages": content.languages,
        "version": version,
        "flow": FLOW,
        "t": t,
        "t_in": t_in,
        "fact": content.fact,
        "passage_heading": lambda passage: wording.passage_heading(content, language, passage),
        "passage_text": lambda passage: wording.passage_text(content, language, passage),
    }
