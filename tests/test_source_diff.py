"""`python -m checker source diff`: a new copy of the official page against the guide's
French passages (or another copy), on crafted copies made from the stored text: each kind
of change reported where it is, with what rests on it; layout ignored; unreadable files
refused with exit 2; and the two stored copies differ in what they really differ in."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

import content
from checker.cli import main
from checker.flow import FLOW

from conftest import PROJECT_DIR

SOURCES = PROJECT_DIR / "official-text"
FOLLOWED = SOURCES / "001_5dac9d36881f4b99.txt"
OTHER = SOURCES / "000_c0c5e1014f8b2ff9.txt"
TEXTS = content.load()
FORM_URL = TEXTS.fact("contact_form.official_url")
PASSAGES = list(FLOW.passages)  # the passages the flow cites, in reading order


def followed_text() -> str:
    return FOLLOWED.read_text(encoding="utf-8")


def run(capsys, *arguments: str) -> tuple[int, dict]:
    code = main(["source", "diff", *arguments, "--json"])
    return code, json.loads(capsys.readouterr().out)


def statuses(report: dict) -> dict[str, str]:
    return {p["id"]: p["status"] for p in report["passages"]}


def changed_only(report: dict) -> dict[str, str]:
    return {k: v for k, v in statuses(report).items() if v != "unchanged"}


def crafted(tmp_path: Path, text: str, name: str = "copy.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_copy_the_guide_follows_is_unchanged(capsys):
    code, report = run(capsys, str(FOLLOWED))
    assert code == 0
    assert set(statuses(report).values()) == {"unchanged"}
    assert list(statuses(report)) == PASSAGES
    assert report["new"] == []
    assert report["links_compared"] is False  # saved as text: its one link is "#"


def test_the_two_stored_copies_differ_in_the_name_step_3_2_and_the_form_address(capsys):
    code, report = run(capsys, str(OTHER), "--against", str(FOLLOWED))
    assert code == 1
    changed = changed_only(report)
    assert changed == {
        "summary_checkinatwork": "changed",  # the service's name
        "step_3_2": "changed",  # "d'envoyer un e-mail" / "de nous contacter"
        "attention": "changed",  # the service's name
    }
    diffs = {p["id"]: p["diff"] for p in report["passages"]}
    assert "[-checkinetwork-] {+checkinatwork+}" in diffs["summary_checkinatwork"]
    assert "[-d'envoyer un e-mail-] {+de nous contacter+}" in diffs["step_3_2"]
    assert report["links_only_in_copy"] == [FORM_URL]  # the form's address: one copy only
    assert report["new"] == []
    # The Checkinatwork row rests on one path's outcome page, and says it in the singular.
    (row,) = [p for p in report["passages"] if p["id"] == "summary_checkinatwork"]
    assert "LANG/checker/ (the outcome pages of 1 path)" in row["rests_on"]["pages"]


def test_against_the_guide_the_other_copy_differs_in_step_3_2_only(capsys):
    code, report = run(capsys, str(OTHER))
    assert code == 1
    assert changed_only(report) == {"step_3_2": "changed"}
    # Its form address is the guide's: compared, the same.
    assert report["links_compared"] is True
    assert report["links_only_in_baseline"] == report["links_only_in_copy"] == []


def test_a_changed_phone_number_names_the_fact_and_what_rests_on_it(capsys, tmp_path):
    copy = crafted(tmp_path, followed_text().replace("02 511 51 51", "02 511 51 52"))
    code, report = run(capsys, copy)
    assert code == 1
    assert changed_only(report) == {"step_3_2": "changed"}
    (step,) = [p for p in report["passages"] if p["id"] == "step_3_2"]
    assert "[-51.-] {+52.+}" in step["diff"]
    assert step["facts_changed"] == {"contact_center.phone": "02 511 51 51"}
    rests = step["rests_on"]
    assert rests["outcomes"] == ["call_contact_center", "contact_form"]
    assert "contact_time" in rests["questions"]
    assert "LANG/contact/" in rests["pages"]
    assert {
        "source.step_3_2.text",
        "contact.call",
        "checker.outcome.call_contact_center.text",
    } <= set(rests["keys"])
    assert rests["facts"]["contact_center.phone"] == "02 511 51 51"


def test_a_changed_menu_key(capsys, tmp_path):
    copy = crafted(tmp_path, followed_text().replace("Tapez 6 pour", "Tapez 7 pour"))
    code, report = run(capsys, copy)
    assert code == 1
    (step,) = [p for p in report["passages"] if p["id"] == "step_3_2"]
    assert step["facts_changed"] == {"contact_center.menu_fr.agent": "6"}


def test_a_removed_step_is_missing_and_says_what_rested_on_it(capsys, tmp_path):
    text = followed_text()
    start = text.index("2. Essayez de faire")
    end = text.index("3. Si l'enregistrement")
    code, report = run(capsys, crafted(tmp_path, text[:start] + text[end:]))
    assert code == 1
    assert changed_only(report) == {"step_2": "missing"}
    (step,) = [p for p in report["passages"] if p["id"] == "step_2"]
    assert step["rests_on"]["outcomes"] == ["use_other_channel"]
    assert "other_channel" in step["rests_on"]["questions"]


def test_a_reworded_summary_row(capsys, tmp_path):
    text = followed_text().replace(
        "Il faut que l'indisponibilité soit vérifiable.",
        "L'indisponibilité doit pouvoir être prouvée.",
    )
    code, report = run(capsys, crafted(tmp_path, text))
    assert code == 1
    assert changed_only(report) == {"summary_third_party": "changed"}
    (row,) = [p for p in report["passages"] if p["id"] == "summary_third_party"]
    assert "{+L'indisponibilité doit pouvoir être prouvée.+}" in row["diff"]
    assert "cause" in row["rests_on"]["questions"]
    assert "checker.option.cause.third_party" in row["rests_on"]["keys"]


def test_a_new_paragraph_is_new_text(capsys, tmp_path):
    added = "Nouveau : en cas de panne prolongée, prévenez aussi votre secrétariat social."
    text = followed_text().replace("Attention\n", f"{added}\n\nAttention\n")
    code, report = run(capsys, crafted(tmp_path, text))
    assert code == 1
    assert changed_only(report) == {}
    assert report["new"] == [added.replace(" :", ":")]


def test_layout_is_not_a_change(capsys, tmp_path):
    """Line breaks, tabs, typographic quotes and apostrophes, an ellipsis character, bold."""
    text = (
        followed_text()
        .replace("'", "\u2019")
        .replace('"', "\u201c", 1)
        .replace("...", "\u2026")
        .replace("Si vous êtes utilisateur", "Si vous êtes\n   **utilisateur**")
        .replace(" ", "  ")
    )
    code, report = run(capsys, crafted(tmp_path, text))
    assert (code, changed_only(report), report["new"]) == (0, {}, [])


def portal_page(text: str) -> str:
    """The stored text as the portal would serve it: menus around the content, a table for
    the summary, lists for the steps, bold, a real link for the form."""
    body = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) == 2:
            body.append(f"<tr><td>{escape(cells[0])}</td><td>{escape(cells[1])}</td></tr>")
            continue
        line = escape(line).replace("**", "")
        line = line.replace(
            "[formulaire de contact du centre de contact](#)",
            f'<a href="{FORM_URL}">formulaire de contact du centre de contact</a>',
        )
        body.append(f"<p>{line}</p>")
    return (
        "<!DOCTYPE html><html lang='fr'><head><title>Procédure</title>"
        "<script>var menu = 'Accueil Employeurs';</script><style>p{}</style></head><body>"
        "<header><nav><ul><li><a href='/'>Accueil</a></li><li>Employeurs : "
        "toutes les démarches de la sécurité sociale</li></ul></nav></header>"
        "<main><table>" + "".join(body) + "</table></main>"
        "<footer><p>© Sécurité sociale — mentions légales et vie privée du portail</p></footer>"
        "</body></html>"
    )


def test_the_portals_html_is_read_as_its_text(capsys, tmp_path):
    copy = crafted(tmp_path, portal_page(followed_text()), "page.html")
    code, report = run(capsys, copy)
    assert code == 0, report
    assert report["links_compared"] is True
    assert report["links_only_in_baseline"] == []
    # The same page with the form's address changed: a link the guide rests on is gone.
    moved = portal_page(followed_text()).replace(FORM_URL, "https://www.socialsecurity.be/x")
    code, report = run(capsys, crafted(tmp_path, moved, "moved.html"))
    assert code == 1
    assert report["links_only_in_baseline"] == [FORM_URL]


def test_a_page_in_dutch_finds_no_passage(capsys, tmp_path):
    dutch = "\n\n".join(
        TEXTS.text(key, "nl")
        for key in TEXTS.texts
        if key.startswith("source.") and "." in key
        if "${" not in TEXTS.texts[key]["nl"] or key == "source.step_3_2.text"
    )
    code = main(["source", "diff", crafted(tmp_path, dutch)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.count(": missing") == len(PASSAGES)
    assert "is this the French page?" in out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"%PDF-1.7\x00\x01\x02\xff binary", "not text"),
    ],
)
def test_a_file_it_cannot_read_exits_2_with_a_clear_message(capsys, tmp_path, data, message):
    path = tmp_path / "copy"
    path.write_bytes(data)
    assert main(["source", "diff", str(path)]) == 2
    error = capsys.readouterr().err
    assert message in error and str(path) in error
    assert main(["source", "diff", str(tmp_path / "absent.html")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_the_text_report_escapes_what_a_terminal_would_act_on(capsys, tmp_path):
    hostile = followed_text().replace(
        "Attention\n", "Vous devez \u202e\x1b[31m rien faire ici.\n\nAttention\n"
    )
    assert main(["source", "diff", crafted(tmp_path, hostile)]) == 1
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\x1b" not in out
    assert "\\u202e" in out and "\\u001b" in out
