"""The single source: parity between languages, no missing and no unused key.

The failing cases work on a copy of the project with its content deliberately broken,
and run the real build there: the build must stop and say which key, in which language.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

import content
from content import ContentError

from conftest import LANGUAGES, PROJECT_DIR, SOURCE_LANGUAGE, build_site, copy_project


def test_the_content_loads_and_every_text_has_every_language():
    texts = content.load()
    assert texts.fact("source.language") in texts.languages
    for key, versions in texts.texts.items():
        assert set(versions) == set(texts.languages), key


def test_the_languages_of_the_content_are_those_of_the_configuration():
    # mkdocs.yml names each language once more, for the i18n plugin and the theme: the root
    # (the choice of language) is the one entry that is no language of the content.
    config = yaml_load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"))
    (i18n,) = [plugin["i18n"] for plugin in config["plugins"] if "i18n" in plugin]
    entries = {entry["locale"]: entry for entry in i18n["languages"]}
    (root,) = [locale for locale, entry in entries.items() if entry.get("default")]
    texts = content.load()
    assert sorted(set(entries) - {root}) == sorted(texts.languages)
    for language, name in texts.languages.items():
        assert entries[language]["name"] == name
        assert entries[language]["theme"]["language"] == language, "the theme speaks it too"


@pytest.fixture
def project_copy(tmp_path: Path, built_site: Path) -> Path:
    # Once the project is built, its cache is there to copy.
    return copy_project(tmp_path)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _failed_build(project: Path) -> str:
    result = build_site(project, project / "site")
    assert result.returncode != 0, "the build should have failed"
    return result.stdout + result.stderr


def test_the_copy_builds_as_it_is(project_copy: Path):
    result = build_site(project_copy, project_copy / "site")
    assert result.returncode == 0, result.stderr
    assert (project_copy / "site" / "nl" / "procedure" / "index.html").exists()


def test_a_missing_translation_fails_the_build_naming_key_and_language(project_copy: Path):
    _edit(
        project_copy / "content" / "pages.toml",
        'nl = "Voor wie?"\n',
        "",
    )
    output = _failed_build(project_copy)
    assert "home.who_heading" in output
    assert "'nl'" in output


def test_a_key_that_content_lacks_fails_the_build(project_copy: Path):
    _edit(
        project_copy / "docs" / "pages" / "about.md",
        '{{ t("about.title") }}',
        '{{ t("about.titel") }}',
    )
    output = _failed_build(project_copy)
    assert "about.titel" in output
    assert "language 'fr'" in output


def test_a_key_that_nothing_uses_fails_the_build(project_copy: Path):
    with (project_copy / "content" / "pages.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[about.forgotten]\n" + "".join(f'{code} = "?"\n' for code in LANGUAGES))
    output = _failed_build(project_copy)
    assert "about.forgotten" in output
    assert "nothing uses" in output


def test_a_language_of_content_missing_from_mkdocs_yml_fails_the_build(project_copy: Path):
    _edit(
        project_copy / "mkdocs.yml",
        "        - locale: nl\n          name: Nederlands\n          build: true\n"
        "          theme:\n            language: nl\n",
        "",
    )
    output = _failed_build(project_copy)
    configured = ", ".join(code for code in LANGUAGES if code != "nl")
    assert (
        f"the languages of mkdocs.yml ({configured}) are not those of content/ "
        f"({', '.join(LANGUAGES)})"
    ) in output


def test_a_new_language_without_its_texts_fails_naming_a_key_and_the_language(
    project_copy: Path,
):
    assert "lb" not in LANGUAGES
    _edit(
        project_copy / "content" / "site.toml",
        "[languages]\n",
        '[languages]\nlb = "Lëtzebuergesch"\n',
    )
    output = _failed_build(project_copy)
    assert re.search(r"text '[a-z_.]+' has no 'lb' version", output)


def test_texts_must_cite_the_same_facts_in_every_language(tmp_path: Path):
    (tmp_path / "site.toml").write_text(
        '[languages]\nfr = "Français"\nnl = "Nederlands"\n'
        '[call]\nfr = "Appelez le ${facts.phone}"\nnl = "Bel het Contactcenter"\n'
        '[facts]\nphone = "02 511 51 51"\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"'call' cites other .* in 'nl'"):
        content.load(tmp_path)


def test_texts_must_carry_the_same_number_of_links_in_every_language(tmp_path: Path):
    (tmp_path / "site.toml").write_text(
        '[languages]\nfr = "Français"\nnl = "Nederlands"\n'
        '[more]\nfr = "Voir [la procédure](procedure.md)."\nnl = "Zie de procedure."\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"'more' has another number of links in 'nl'"):
        content.load(tmp_path)


def test_a_text_citing_an_unknown_fact_fails(tmp_path: Path):
    (tmp_path / "site.toml").write_text(
        '[languages]\nfr = "Français"\nnl = "Nederlands"\n'
        '[call]\nfr = "Appelez le ${facts.fax}"\nnl = "Bel ${facts.fax}"\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"facts\.fax"):
        content.load(tmp_path).text("call", "nl")


def test_a_key_defined_twice_fails(tmp_path: Path):
    (tmp_path / "a.toml").write_text(
        '[languages]\nfr = "Français"\nnl = "Nederlands"\n[x]\nfr = "a"\nnl = "b"\n'
    )
    (tmp_path / "b.toml").write_text('[x]\nfr = "a"\nnl = "b"\n')
    with pytest.raises(ContentError, match="already defined"):
        content.load(tmp_path)


# The official vocabulary of each translation (tests/vocabulary.toml): where a French text
# uses the term, the translation uses the official word.
VOCABULARY = tomllib.loads((Path(__file__).parent / "vocabulary.toml").read_text(encoding="utf-8"))
TRANSLATIONS = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_translation_names_its_official_vocabulary(language):
    assert VOCABULARY.get(language), f"tests/vocabulary.toml has no table for '{language}'"


@pytest.mark.parametrize(
    ("language", "french", "official"),
    [
        (language, french, official)
        for language in TRANSLATIONS
        for french, official in VOCABULARY.get(language, {}).items()
    ],
)
def test_translations_use_the_official_vocabulary(language: str, french: str, official: str):
    texts = content.load()
    checked = 0
    for key, versions in texts.texts.items():
        if re.search(french, versions[SOURCE_LANGUAGE], re.IGNORECASE):
            checked += 1
            assert re.search(official, versions[language], re.IGNORECASE), f"{key}: '{official}'"
    assert checked, f"no French text uses '{french}': drop it from the list"


def test_a_review_older_than_the_official_text_fails_the_build(project_copy: Path):
    facts = project_copy / "content" / "facts.toml"
    text = content.load().fact("source.copied_on")
    reviewed = content.load().fact("guide.reviewed_on")
    day_before = (datetime.date.fromisoformat(text) - datetime.timedelta(days=1)).isoformat()
    _edit(facts, f'reviewed_on = "{reviewed}"', f'reviewed_on = "{day_before}"')
    output = _failed_build(project_copy)
    assert f"facts.guide.reviewed_on ({day_before}) is older than the official text" in output
