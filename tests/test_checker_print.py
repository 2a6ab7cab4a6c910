"""The printed record of an outcome: one A4 page with the answers, the outcome, the passages
it rests on, the date and time, and the guide's version."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

import content

from conftest import LANGUAGES, run_checker

pytestmark = pytest.mark.browser

PATHS = json.loads(run_checker("paths", "--json").stdout)
TEXTS = content.load()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_outcome_prints_on_one_a4_page(page, site_url: str, language: str):
    for path in PATHS:
        segments = "".join(f"{q}-{o}/" for q, o in path["answers"].items())
        page.goto(f"{site_url}{language}/checker/{segments}")
        page.wait_for_function("() => document.querySelector('[data-record-time] time')?.dateTime")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        assert len(pdf.pages) == 1, f"{segments} prints on {len(pdf.pages)} pages"
        printed = _flat(pdf.pages[0].extract_text())
        title = TEXTS.text(f"checker.outcome.{path['outcome']}.title", language)
        assert _flat(title) in printed
        for question in path["answers"]:
            label = TEXTS.text(f"checker.question.{question}", language)
            assert _flat(label)[:40] in printed
        assert _flat(TEXTS.text("checker.basis_heading", language)) in printed
        assert re.search(r"20\d\d", printed), "the date of the record"
        assert re.search(r"0\.\d+\.\d+", printed), "the version of the guide"
        assert TEXTS.text("checker.print", language) not in printed, "no button on paper"
