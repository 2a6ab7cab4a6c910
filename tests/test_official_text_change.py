"""The maintainer's procedure when the official page changes (CONTRIBUTING.md, "The official
page changed"), gone through once, end to end, on a copy of the project: a crafted new copy
of the page with another phone number is compared with the guide, the facts and the dates
are changed as the report says, a change entry is added, the copy is built, and the built
site shows the new number wherever the guide showed the old one, and the old one nowhere."""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import content

from conftest import LANGUAGES, PROJECT_DIR, build_site, copy_project, expected_words

TEXTS = content.load()
FOLLOWED = PROJECT_DIR / "official-text" / "001_5dac9d36881f4b99.txt"
OLD = TEXTS.fact("contact_center.phone")
NEW = "02 599 88 77"
# The three forms of a number the guide writes (facts.toml), old and new.
OLD_FORMS = (OLD, TEXTS.fact("contact_center.phone_international"), "3225115151")
NEW_FORMS = (NEW, "+32 2 599 88 77", "3225998877")
TEXT_FILES = {".html", ".js", ".json", ".xml", ".webmanifest", ".txt"}


def _compare(project: Path, new_copy: Path) -> tuple[int, dict]:
    """`python -m checker source diff` as the maintainer runs it, with the copy's own
    checker and content."""
    result = subprocess.run(
        [sys.executable, "-m", "checker", "source", "diff", str(new_copy), "--json"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(project)},
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _readable(text: str) -> str:
    """A file's words as a reader or a script meets them: entities and escapes undone, any
    kind of space one space."""
    text = html.unescape(text).replace("\\u00a0", " ").replace("\\u202f", " ")
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def _counts(files: dict[str, str], forms: tuple[str, ...]) -> dict[str, int]:
    """How many times each file shows any of ``forms``, for the files that show one."""
    counts = {name: sum(text.count(form) for form in forms) for name, text in files.items()}
    return {name: count for name, count in counts.items() if count}


def _text_files(site: Path) -> dict[str, str]:
    """Every text file of a built site, and of the offline guide's zip in it."""
    files = {
        path.relative_to(site).as_posix(): _readable(path.read_text(encoding="utf-8"))
        for path in site.rglob("*")
        if path.suffix in TEXT_FILES and path.is_file()
    }
    (archive,) = (site / "download").glob("*.zip")
    with zipfile.ZipFile(archive) as bundle:
        for name in bundle.namelist():
            if Path(name).suffix in TEXT_FILES:
                files[f"zip:{name.split('/', 1)[1]}"] = _readable(bundle.read(name).decode("utf-8"))
    return files


def test_a_new_phone_number_goes_from_the_official_page_to_every_page(built_site, tmp_path):
    project = copy_project(tmp_path / "project")

    # 1. The new page, saved (crafted: the copy the guide follows, with another number).
    new_copy = tmp_path / "002_new.txt"
    new_copy.write_text(FOLLOWED.read_text(encoding="utf-8").replace(OLD, NEW), "utf-8")

    # 2. Compared: the passage, the fact, and what rests on it.
    code, report = _compare(project, new_copy)
    assert code == 1
    changed = [passage for passage in report["passages"] if passage["status"] != "unchanged"]
    assert [passage["id"] for passage in changed] == ["step_3_2"]
    assert changed[0]["facts_changed"] == {"contact_center.phone": OLD}
    assert f"{{+{NEW.split(' ', 1)[1]}" in changed[0]["diff"].replace(".+}", "+}")
    for key in ("contact.call", "checker.outcome.call_contact_center.text"):
        assert key in changed[0]["rests_on"]["keys"]

    # 3. The facts the report names (a number is written in three forms); the French
    # passage cites the fact, so it follows. 4. No text copies the number: nothing to review.
    facts = project / "content" / "facts.toml"
    _edit(facts, f'phone = "{OLD}"', f'phone = "{NEW}"')
    _edit(facts, 'phone_uri = "tel:+3225115151"', 'phone_uri = "tel:+3225998877"')
    _edit(
        facts, 'phone_international = "+32 2 511 51 51"', 'phone_international = "+32 2 599 88 77"'
    )
    code, report = _compare(project, new_copy)
    assert code == 0, "the guide now reads as the new page"

    # 5. Dated: the new copy's day and the review's; the version bumped.
    today = datetime.date.today().isoformat()
    copied_on, reviewed_on = TEXTS.fact("source.copied_on"), TEXTS.fact("guide.reviewed_on")
    _edit(facts, f'copied_on = "{copied_on}"', f'copied_on = "{today}"')
    _edit(facts, f'reviewed_on = "{reviewed_on}"', f'reviewed_on = "{today}"')
    _edit(project / "pyproject.toml", 'version = "0.1.0"', 'version = "0.1.1"')

    # 7. Readers told (a copy is no repository: the entry names its commit once it exists).
    with (project / "content" / "changes.toml").open("a", encoding="utf-8") as entries:
        entries.write(
            f'\n[facts.changes.new_phone]\nday = "{today}"\ncommits = ["uncommitted"]\n'
            "\n[changes.new_phone]\n"
            + "".join(
                f'{language} = "{expected_words("new_phone_entry", language)}"\n'
                for language in LANGUAGES
            )
        )

    # 6. Built.
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr

    before, after = _text_files(built_site), _text_files(project / "site")
    assert _counts(after, OLD_FORMS) == {}, "the old number nowhere"
    # The new number wherever the old one was, as many times: pages, search, the zip.
    assert _counts(after, NEW_FORMS) == _counts(before, OLD_FORMS)
    for language in LANGUAGES:
        contact = after[f"{language}/contact/index.html"]
        assert NEW in contact and "tel:+3225998877" in contact
        assert "0.1.1" in after[f"{language}/index.html"], "the new version on every page"
        assert (
            expected_words("new_phone_entry", language) in after[f"{language}/changes/index.html"]
        )
