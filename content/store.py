"""Load the single source of texts and facts, and check it.

Every ``*.toml`` file below ``content/`` is read. A table whose keys are language codes is a
text, one string per language, side by side; any other value is a fact, written once for
all languages. Keys are dotted paths: ``[checker.question.cause]`` in ``checker.toml`` is
the text ``checker.question.cause``. A text may cite a fact or a value given by its caller
as ``${name}``; facts are looked up under ``facts.``.

Loading fails, naming the file, the key and the language, when a text lacks a language,
when the languages of a text disagree on the facts or links they carry, or when a key is
defined twice. :meth:`Content.unused` lists the keys that nothing asked for, so that a build
can fail on them too.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parent
LANGUAGES_KEY = "languages"
FACTS_PREFIX = "facts."
PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_.]+)\}")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]*)")


class ContentError(Exception):
    """The content is incomplete or inconsistent, or a key was asked for that it lacks."""


@dataclass
class Content:
    languages: dict[str, str]
    texts: dict[str, dict[str, str]]
    facts: dict[str, Any]
    origin: dict[str, str]
    used: set[str] = field(default_factory=set)

    def text(self, key: str, language: str, **values: Any) -> str:
        """The text ``key`` in ``language``, its ``${...}`` filled from ``values`` and facts."""
        if language not in self.languages:
            raise ContentError(f"unknown language '{language}' (asked for text '{key}')")
        if key not in self.texts:
            raise ContentError(f"content has no text '{key}' (asked for in language '{language}')")
        self.used.add(key)
        template = self.texts[key][language]

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in values:
                return str(values[name])
            if name in self.texts:
                # A fact that differs by language (a form's address) is a text.
                return self.text(name, language, **values)
            if name in self.facts:
                self.used.add(name)
                return str(self.facts[name])
            raise ContentError(
                f"text '{key}' in language '{language}' cites '${{{name}}}', "
                "which is neither a text, a fact nor a value given to it"
            )

        return PLACEHOLDER.sub(fill, template)

    def fact(self, key: str) -> Any:
        """A fact of ``facts.toml``, the same in every language."""
        full_key = FACTS_PREFIX + key
        if full_key not in self.facts:
            raise ContentError(f"content has no fact '{full_key}'")
        self.used.add(full_key)
        return self.facts[full_key]

    def has_text(self, key: str) -> bool:
        return key in self.texts

    def unused(self) -> list[str]:
        """Keys that nothing asked for since loading, sorted."""
        return sorted((set(self.texts) | set(self.facts)) - self.used)


def load(directory: Path = CONTENT_DIR) -> Content:
    """Read and check every ``*.toml`` file below ``directory``."""
    files = sorted(directory.rglob("*.toml"))
    if not files:
        raise ContentError(f"no *.toml file in {directory}")
    tables = {path: _read(path) for path in files}

    declared = [t[LANGUAGES_KEY] for t in tables.values() if LANGUAGES_KEY in t]
    if len(declared) != 1 or not isinstance(declared[0], dict) or not declared[0]:
        raise ContentError(
            f"exactly one content file must declare a [{LANGUAGES_KEY}] table "
            "(language code = language name)"
        )
    languages = {str(code): str(name) for code, name in declared[0].items()}
    for table in tables.values():
        # The list of languages is configuration, not a text.
        table.pop(LANGUAGES_KEY, None)

    content = Content(languages=languages, texts={}, facts={}, origin={})
    for path, table in tables.items():
        relative = path.relative_to(directory).as_posix()
        for key, value in _flatten(table, languages, relative):
            if key in content.origin:
                raise ContentError(
                    f"{relative}: key '{key}' is already defined in {content.origin[key]}"
                )
            content.origin[key] = relative
            if isinstance(value, dict):
                content.texts[key] = value
            else:
                content.facts[key] = value
    return content


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: not valid TOML: {error}") from error


def _flatten(table: dict[str, Any], languages: dict[str, str], relative: str, prefix: str = ""):
    """Yield (dotted key, text-or-fact) pairs, checking each text as it is met."""
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and not (set(value) & set(languages)):
            yield from _flatten(value, languages, relative, f"{key}.")
        elif isinstance(value, dict):
            yield key, _check_text(key, value, languages, relative)
        else:
            yield key, value


def _check_text(
    key: str, text: dict[str, Any], languages: dict[str, str], relative: str
) -> dict[str, str]:
    for language in languages:
        if language not in text:
            raise ContentError(f"{relative}: text '{key}' has no '{language}' version")
        if not isinstance(text[language], str) or not text[language].strip():
            raise ContentError(f"{relative}: text '{key}' is empty in '{language}'")
    extra = sorted(set(text) - set(languages))
    if extra:
        raise ContentError(
            f"{relative}: text '{key}' mixes languages with other keys: {', '.join(extra)}"
        )
    if key.startswith(FACTS_PREFIX):
        # A fact that differs by language is data, not prose: its versions may differ in form.
        return {language: text[language] for language in languages}
    # Structural parity (after FastAPI's translation checks): every language carries the
    # same facts and placeholders, and the same number of links.
    reference_language = next(iter(languages))
    reference = text[reference_language]
    for language in languages:
        if set(PLACEHOLDER.findall(text[language])) != set(PLACEHOLDER.findall(reference)):
            raise ContentError(
                f"{relative}: text '{key}' cites other ${{...}} values in '{language}' "
                f"than in '{reference_language}'"
            )
        if len(MARKDOWN_LINK.findall(text[language])) != len(MARKDOWN_LINK.findall(reference)):
            raise ContentError(
                f"{relative}: text '{key}' has another number of links in '{language}' "
                f"than in '{reference_language}'"
            )
    return {language: text[language] for language in languages}
