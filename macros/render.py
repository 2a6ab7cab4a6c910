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

import babel.numbers
import jinja2

from checker import decide, settle, walk_states, wording
from checker.crew import COLUMNS, HIDDEN, MAX_CELL, MAX_ROWS
from checker.crew import PROBLEM_CODES as CREW_PROBLEMS
from checker.decide import PROBLEM_CODES, moved_states
from checker.flow import FLOW, STILL_UNKNOWN
from checker.identity import PROBLEM_CODES as IDENTITY_PROBLEMS
from content import Content, ContentError
from macros import dated, diagram
from macros.changes import changes
from macros.feedback import page_address, report_link
from macros.gloss import Gloss
from macros.offline_bundle import DOWNLOAD_DIR, Bundle, folder_name
from macros.paper_code import paper_link

PROJECT_DIR = Path(__file__).resolve().parent.parent
PAGES_DIR = PROJECT_DIR / "docs" / "pages"
ROOT_TEMPLATE = "_root.md"
CHECKER_TEMPLATE = "_checker.md"
BILINGUAL_LISTING_TEMPLATE = "_listing_bilingual.md"
CHECKER_DIR = "checker"
GLOSS_TERM = "glossary.term."
GLOSS_TEXT = "glossary.gloss."

# Where each passage of the source stands on the procedure page (its anchor).
PASSAGE_ANCHORS = {
    "summary_provider": "summary",
    "summary_third_party": "summary",
    "summary_checkinatwork": "summary",
    "summary_company": "summary",
    "attention": "attention",
}


@dataclass(frozen=True)
class RenderedSite:
    # Markdown source of each page, by its path in the docs: "fr/procedure.md", ...
    pages: dict[str, str]
    # The site's name and description in each language, and on the root page.
    names: dict[str, str]
    descriptions: dict[str, str]
    # Each language's name under the guide's icon on a home screen (its web app manifest).
    short_names: dict[str, str]
    # The accessible name of the theme's search dialog in each language and on the root.
    search_names: dict[str, str]
    # The words each language's pages explain at their first use (macros/gloss.py).
    glosses: dict[str, list[Gloss]]
    # The official text's language: its pages reproduce that text, which is never glossed.
    source_language: str
    # Words never broken across lines (macros/hyphens.py).
    keep_whole: list[str]
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
    directory_urls: bool = True,
    pages_dir: Path = PAGES_DIR,
    site_url: str = "",
    feedback: str = "",
    download: Bundle | None = None,
) -> RenderedSite:
    """Render the root page and every page in every language of ``content``.

    The checker's words (command line and pages) are rendered too, so that the list of
    unused keys is complete and a flow ID without words fails here. With ``feedback`` (the
    host's FEEDBACK_ADDRESS, macros/feedback.py), each page ends with a link to report a
    problem with it, its address (from ``site_url`` when known) filled in. With ``download``
    (the offline guide's zip, made by the online build), the page "Take the guide offline"
    links it with its size and SHA-256; without it (the offline guide itself), the page
    says that the reader holds it.
    """

    dated.check(content)

    def report(path: str, language: str) -> str | None:
        page = page_address(site_url, path, directory_urls)
        return report_link(feedback, page, content.text("site.report_problem", language))

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(pages_dir),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown written by us, not HTML from readers
        # "{#" opens Markdown attribute lists ("## Title {#anchor}"): comments are "{##...##}".
        comment_start_string="{##",
        comment_end_string="##}",
    )
    environment.filters["blockquote"] = _blockquote
    pages: dict[str, str] = {}
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    short_names: dict[str, str] = {}
    search_names: dict[str, str] = {}
    glosses: dict[str, list[Gloss]] = {}
    for language in content.languages:
        for name in page_templates(pages_dir):
            context = _context(content, language, version, directory_urls, site_url)
            context["report_href"] = report(f"{language}/{name}", language)
            context["download"] = _download(download, language, directory_urls)
            pages[f"{language}/{name}"] = _render(environment, name, context)
        for state in walk_states() + moved_states():
            path = checker_page(language, state)
            context = {
                **_context(content, language, version, directory_urls, site_url),
                **_checker_state(content, language, state, directory_urls),
                "report_href": report(path, language),
            }
            pages[path] = _render(environment, CHECKER_TEMPLATE, context)
        names[language] = content.text("site.name", language)
        descriptions[language] = content.text("site.description", language)
        short_names[language] = content.text("site.short_name", language)
        search_names[language] = content.text("site.search_dialog", language)
        wording.every_text(content, language)
        glosses[language] = glosses_of(content, language)
    first_language = next(iter(content.languages))
    root_context = _context(content, first_language, version, directory_urls, site_url)
    root_context["report_href"] = report("index.md", first_language)
    pages[f"{root_language}/index.md"] = _render(environment, ROOT_TEMPLATE, root_context)
    root_context["report_href"] = report("listing/index.md", first_language)
    pages[f"{root_language}/listing/index.md"] = _render(
        environment, BILINGUAL_LISTING_TEMPLATE, root_context
    )
    # The root's name is the service's, in no language: the page names the four guides.
    names[root_language] = content.fact("root.name")
    descriptions[root_language] = descriptions[first_language]
    # The root is shown with the first language's interface.
    search_names[root_language] = search_names[first_language]
    return RenderedSite(
        pages,
        names,
        descriptions,
        short_names,
        search_names,
        glosses,
        source_language=content.fact("source.language"),
        keep_whole=list(content.fact("hyphenation.keep_whole")),
        unused_keys=content.unused(),
    )


def _download(bundle: Bundle | None, language: str, directory_urls: bool) -> dict[str, str]:
    """What the download page says of the zip. Without one (the offline guide itself), every
    value is empty: the page reads its texts all the same (every key is the site's)."""
    if bundle is None:
        empty = dict.fromkeys(["name", "megabytes", "sha256", "href", "checksum_href"], "")
        return {**empty, "folder": folder_name()}
    # From the page (LANG/offline.md) to the site's root: the page is a folder online.
    up = "../../" if directory_urls else "../"
    return {
        "name": bundle.name,
        "folder": bundle.name.removesuffix(".zip"),
        "megabytes": babel.numbers.format_decimal(
            round(bundle.size / 1_000_000, 1), format="#,##0.0", locale=language
        ),
        "sha256": bundle.sha256,
        "href": f"{up}{DOWNLOAD_DIR}/{bundle.name}",
        "checksum_href": f"{up}{DOWNLOAD_DIR}/{bundle.name}.sha256",
    }


def glosses_of(content: Content, language: str) -> list[Gloss]:
    """Every word of content/glossary.toml, with its explanation, in ``language``."""
    names = sorted(
        key.removeprefix(GLOSS_TERM) for key in content.texts if key.startswith(GLOSS_TERM)
    )
    return [
        Gloss(
            name,
            term=content.text(GLOSS_TERM + name, language),
            text=content.text(GLOSS_TEXT + name, language),
        )
        for name in names
    ]


def checker_path(state: dict[str, str]) -> str:
    """The folder of a state under checker/: one segment "question-option" per answer.

    The in-page checker (docs/static/javascripts/checker.js) builds the same paths."""
    return "/".join(f"{question}-{option}" for question, option in state.items())


def state_query(state: dict[str, str]) -> str:
    """A state as the page's scripts read it (``data-state``): ``question=option&...``."""
    return "&".join(f"{question}={option}" for question, option in state.items())


def checker_page(language: str, state: dict[str, str]) -> str:
    folder = "/".join(filter(None, [language, CHECKER_DIR, checker_path(state)]))
    return f"{folder}/index.md"


def diagram_links(directory_urls: bool) -> dict[str, str]:
    """The link of each outcome of the decision tree to its checker page (the first path
    that reaches it), from a page at the top of a language (procedure.md). The picture is
    raw HTML, which MkDocs does not rewrite: the links are written as the build serves the
    page, at procedure/ (directory URLs) or as procedure.html."""
    up, index = ("../", "") if directory_urls else ("", "index.html")
    return {
        diagram.outcome_node(outcome): f"{up}{CHECKER_DIR}/{checker_path(answers)}/{index}"
        for outcome, answers in diagram.outcome_pages().items()
    }


def _checker_state(
    content: Content, language: str, state: dict[str, str], directory_urls: bool
) -> dict[str, Any]:
    """What the checker template shows for one state; links are relative to its page."""
    depth = len(state)
    up = "../" * depth
    index = "" if directory_urls else "index.html"
    decision = decide(list(state.items()))
    answers = [
        {
            "question": question,
            "question_label": wording.question_label(content, language, question),
            "option_label": wording.option_label(content, language, question, option),
            # The page of the state before this answer: its question, asked again.
            "change_href": ("../" * (depth - position) or "./") + index,
        }
        for position, (question, option) in enumerate(decision.answers.items())
    ]
    # A moved state of an older version (moved_states): its later answers are pending.
    pending = [
        {
            "question_label": wording.question_label(content, language, question),
            "option_label": wording.option_label(content, language, question, option),
        }
        for question, option in decision.pending.items()
    ]
    all_questions = [_question(content, language, q.id) for q in FLOW.questions]
    all_outcomes = [_outcome(content, language, o.id, up) for o in FLOW.outcomes]
    question = next((q for q in all_questions if q["id"] == decision.question), None)
    if question and decision.pending:
        # Each option leads to the state its answer and the pending ones reach.
        question = {
            **question,
            "options": [
                {
                    **option,
                    "link": up
                    + checker_path(settle([*state.items(), (question["id"], option["id"])]))
                    + "/index.md",
                }
                for option in question["options"]
            ],
        }
    return {
        "state": state,
        "state_query": state_query(state),
        "answers": answers,
        "pending": pending,
        "question": question,
        # The outcome of this path: the passages and divergence of this path only.
        "outcome": decision.outcome and _outcome(content, language, decision.outcome, up, state),
        # Searched: the page each outcome's text is found on, the first path to it (the one
        # the tree links to); the other states' pages would only repeat it.
        "searched": bool(decision.outcome)
        and diagram.outcome_pages().get(decision.outcome) == state,
        "all_questions": all_questions,
        "all_outcomes": all_outcomes,
        "restart_href": (up or "./") + index,
        # From cause_elsewhere, for a reader who still does not know the cause: on, with
        # the provider's check kept (DECISION-FLOW.md).
        "still_unknown": {
            "href": f"{up}{checker_path(STILL_UNKNOWN)}/{index}",
            "state": state_query(STILL_UNKNOWN),
        },
        "to_language": f"{up}../",
        "to_site": f"{up}../../",
        # This state's page and the checker's first, as sources: their addresses on paper.
        "checker_page_source": checker_page(language, state),
        "checker_root_source": checker_page(language, {}),
        "browser_texts": _browser_texts(content, language),
    }


def _question(content: Content, language: str, question_id: str) -> dict[str, Any]:
    question = wording.question_json(content, language, question_id)
    if question_id == "contact_time":
        # The published hours, for the in-page suggestion of the answer that holds now.
        question["hours"] = {
            "weekdays": content.fact("contact_center.hours.weekdays"),
            "opens": content.fact("contact_center.hours.opens"),
            "closes": content.fact("contact_center.hours.closes"),
            "zone": content.fact("contact_center.hours.time_zone"),
        }
    for option in question["options"]:
        option["link"] = f"{question_id}-{option['id']}/index.md"
    return question


def _outcome(
    content: Content,
    language: str,
    outcome_id: str,
    up: str,
    answers: dict[str, str] | None = None,
) -> dict[str, Any]:
    outcome = wording.outcome_json(content, language, outcome_id, answers)
    outcome["exempts"] = FLOW.outcome(outcome_id).exempts
    outcome["needs_listing"] = FLOW.outcome(outcome_id).needs_listing
    for source in outcome["sources"]:
        anchor = PASSAGE_ANCHORS.get(source["id"], source["id"].replace("_", "-"))
        source["link"] = f"{up}../procedure.md#{anchor}"
    return outcome


def _browser_texts(content: Content, language: str) -> dict[str, Any]:
    """The words the in-page checker writes itself; {question} and {value} it fills as text."""
    holes = {"question": "{question}", "value": "{value}", "expected": "{expected}"}
    return {
        "problems": {
            code: content.text(f"checker.problem.{code}", language, **holes)
            for code in PROBLEM_CODES
        },
        "change": content.text("checker.change", language),
        "change_label": content.text("checker.change_label", language, **holes),
        "bad_link": content.text("checker.bad_link", language),
        "python_failed": content.text("checker.python_failed", language),
        "python_ready": content.text("checker.python_ready", language),
        "hours_now": {
            state: content.text(f"checker.hours_now.{state}", language, time="{time}")
            for state in ("open", "closed")
        },
        "suggested": content.text("checker.suggested", language),
    }


def crew_headers(content: Content) -> dict[str, list[str]]:
    """The titles a crew list's header may give each column, in every language: a list is
    read the same whatever the page's language."""
    return {
        column: list(
            dict.fromkeys(
                title.strip()
                for language in content.languages
                for title in content.text(f"listing.crew.header.{column}", language).split(",")
                if title.strip()
            )
        )
        for column in COLUMNS
    }


def _listing_texts(content: Content, language: str) -> dict[str, Any]:
    """The words the listing form writes itself; {formatted}, {digits}, {line}, {rows},
    {count}, {number}, {column}, {page}, {pages}, {first} and {order} it fills as text."""

    def text(key: str) -> str:
        holes = ("formatted", "digits", "line", "rows", "count", "number", "column")
        holes += ("page", "pages", "first", "order")
        return content.text(
            key,
            language,
            max_cell=MAX_CELL,
            max_rows=babel.numbers.format_decimal(MAX_ROWS, locale=language),
            **{hole: f"{{{hole}}}" for hole in holes},
        )

    return {
        **{
            group: {kind: text(f"identity.{group}.{kind}") for kind in ("national_register", "bis")}
            for group in ("valid", "valid_date_unknown")
        },
        "print": {"blank": text("listing.print"), "filled": text("listing.print_filled")},
        "page_of": text("listing.page_of"),
        "problems": {code: text(f"identity.problem.{code}") for code in IDENTITY_PROBLEMS},
        "maybe_limosa": text("identity.maybe_limosa"),
        "crew": {
            code: text(f"listing.crew.{code}")
            # The file's own problems, found by listing.js before Python reads the text.
            for code in (
                *CREW_PROBLEMS,
                *("not_text", "workbook", "windows_1252", "utf_16", "form_full", "more"),
            )
        },
        "crew_columns": {column: text(f"listing.crew.column.{column}") for column in COLUMNS},
        "crew_headers": crew_headers(content),
        # The characters a list read loses (crew.py), which the print leaves out of what is
        # typed too: one rule for the paper, whichever way a name came in.
        "hidden_characters": HIDDEN.pattern,
        "columns": {
            "identifier": text("listing.identifier"),
            "name": text("listing.name"),
            "first_name": text("listing.first_name"),
        },
        "fields": {
            "reference": text("listing.reference"),
            "works_declaration": text("listing.works_declaration"),
            "date": text("listing.date"),
        },
        **{
            name: text(f"listing.fill.{name}")
            for name in (
                "remove_row",
                "limosa",
                "limosa_label",
                "cell_label",
                "checking",
                "ready",
                "failed",
                "imported",
            )
        },
    }


def _side_by_side_languages(content: Content) -> list[str]:
    """The languages of the root's blank listing, as content/site.toml names them."""
    codes = list(content.fact("side_by_side_listing.languages"))
    unknown = [code for code in codes if code not in content.languages]
    if unknown or not codes:
        raise ContentError(
            f"facts.side_by_side_listing.languages names no language or one content lacks: "
            f"{', '.join(unknown) or '(empty)'}"
        )
    return codes


def _css_page_numbers(content: Content, languages: list[str]) -> str:
    """The CSS content of the printed page number ("Page 2 of 5") in ``languages``, side by
    side."""
    parts = []
    for language in languages:
        if parts:
            parts.append('" · "')
        marked = content.text(
            "listing.page_of", language, page="\x00page\x00", pages="\x00pages\x00"
        )
        for piece in marked.split("\x00"):
            if piece in ("page", "pages"):
                parts.append(f"counter({piece})")
            elif piece:
                escaped = piece.replace("\\", "\\\\").replace('"', '\\"')
                parts.append(f'"{escaped}"')
    return " ".join(parts)


def _blockquote(text: str) -> str:
    """Markdown quote of a passage, every line marked."""
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def _render(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        # Front matter must open the page: drop what comments and blocks leave before it.
        return environment.get_template(name).render(context).lstrip()
    except ContentError as error:
        raise ContentError(f"{name} ({context['lang']}): {error}") from error
    except jinja2.TemplateError as error:
        raise ContentError(f"{name} ({context['lang']}): template error: {error}") from error


def _context(
    content: Content, language: str, version: str, directory_urls: bool, site_url: str
) -> dict[str, Any]:
    # The guide's version and dates, which any text may cite (macros/dated.py).
    own_dates = dated.values(content, language)

    def t(key: str, **values: Any) -> str:
        return content.text(key, language, version=version, **own_dates, **values)

    def t_in(other_language: str, key: str, **values: Any) -> str:
        return content.text(
            key,
            other_language,
            version=version,
            **dated.values(content, other_language),
            **values,
        )

    side_by_side = _side_by_side_languages(content)

    def paper_address(path: str) -> str:
        """The absolute address of the page made from ``path`` (``fr/index.md``), for paper;
        empty where the site's address is not known (macros/paper_code.py)."""
        return page_address(site_url, path, directory_urls) if site_url else ""

    def label_all(key: str) -> str:
        """A label in the languages of the side-by-side listing, each marked with its language."""
        return " / ".join(
            f'<span lang="{code}">{content.text(key, code)}</span>' for code in side_by_side
        )

    return {
        "lang": language,
        "languages": content.languages,
        "label_all": label_all,
        "listing_texts": _listing_texts(content, language),
        "report_href": None,  # set per page (render_site), with the host's feedback address
        "max_rows": babel.numbers.format_decimal(MAX_ROWS, locale=language),
        "css_page_numbers": _css_page_numbers(content, [language]),
        # The blank listing at the site's root: these languages side by side.
        "side_by_side_languages": {code: content.languages[code] for code in side_by_side},
        "css_page_numbers_all": _css_page_numbers(content, side_by_side),
        # Links between builds (a language, the root) are plain HTML: MkDocs cannot check
        # them, so they name the file when the site is built for the file system.
        "index_file": "" if directory_urls else "index.html",
        # What changed, for readers (macros/changes.py), and a day as the language writes it.
        "reader_changes": lambda: changes(content),
        "written_day": lambda day: dated.time_html(day, language),
        # Paper that leads back: the line with a page's address and its QR code.
        "paper_address": paper_address,
        "paper_link": paper_link,
        "page_path": lambda name: f"{name}/" if directory_urls else f"{name}.html",
        "version": version,
        "flow": FLOW,
        # The decision tree, picture and list (macros/diagram.py), for the procedure page.
        "diagram": lambda: diagram.figure(content, language, diagram_links(directory_urls)),
        "t": t,
        "t_in": t_in,
        "fact": content.fact,
        "passage_heading": lambda passage: wording.passage_heading(content, language, passage),
        "passage_text": lambda passage: wording.passage_text(content, language, passage),
        # Notes on facts not confirmed in this language, by fact or by passage that uses them.
        "fact_notes": lambda *facts: wording.fact_notes(content, language, facts),
        "passage_notes": lambda *ids: wording.uncertain_notes(content, language, ids),
    }
