"""Firefox ESR (Debian's firefox-esr, driven by npm puppeteer-core over WebDriver BiDi,
tests/engines/firefox.mjs), over http and from the unzipped bundle: every page opens with
no console error and no policy violation (of the checker's states, one that shows each
question and each outcome), every checker path with Python, the listing's
check and its printing page by page, the blank listing and an outcome printed on one A4 page,
search and the language switcher."""

from __future__ import annotations

import base64
import io
import json
import queue
import re
import subprocess
import threading
from pathlib import Path

import pytest
from expected_flow import EXPECTED_PATHS, expected_sources
from pypdf import PdfReader
from test_layout import BREAKS_INSIDE_WORDS, LAYOUT_PAGES, PYTHON_PAGES
from test_listing_form import page_of
from test_python_start import SLOW_LINK
from throttled_host import PROFILES, ThrottledHost

import content
from checker import FLOW

from conftest import (
    LANGUAGES,
    NAVIGATION_SEEN_AS,
    PROJECT_DIR,
    checker_states,
    expected_words,
    one_state_of_each_kind,
    qr_codes,
    walk_groups,
)

pytestmark = pytest.mark.browser

FIREFOX = Path("/usr/bin/firefox-esr")
SCRIPT = Path(__file__).resolve().parent / "engines" / "firefox.mjs"
TEXTS = content.load()
SERVED = ["http", "file"]
# Printed also from the site built with its address, whose paper carries it (a QR code).
PRINTED = [*SERVED, "addressed"]


def served(request, how: str) -> tuple[Path, str, str]:
    """(site folder, base URL, what a folder link gets: "" over http, index.html from file)."""
    if how == "http":
        return request.getfixturevalue("built_site"), request.getfixturevalue("site_url"), ""
    if how == "addressed":
        site = request.getfixturevalue("addressed_site").site
        return site, request.getfixturevalue("addressed_url"), ""
    return (
        request.getfixturevalue("offline_site"),
        request.getfixturevalue("offline_url"),
        "index.html",
    )


def page_path(how: str, name: str) -> str:
    """A page that is not a folder's index: procedure/ over http, procedure.html from file."""
    return f"{name}/" if how == "http" else f"{name}.html"


class Firefox:
    """One Firefox for a worker's whole run (tests/engines/firefox.mjs): each scenario in a
    user context of its own, so that no scenario sees another's storage, caches or service
    worker, without the cost of a new Firefox each time."""

    TIMEOUT_S = 900

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process = subprocess.Popen(
            ["node", str(SCRIPT)],
            cwd=PROJECT_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)  # the script ended

    def __call__(self, scenario: str, base: str, index: str, **arguments) -> dict:
        request = {"scenario": scenario, "base": base, "index": index, **arguments}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        while True:
            try:
                line = self.lines.get(timeout=self.TIMEOUT_S)
            except queue.Empty:
                self.close()
                pytest.fail(f"Firefox gave no report in {self.TIMEOUT_S} s: {self._stderr()}")
            if line is None:
                pytest.fail(f"tests/engines/firefox.mjs ended: {self._stderr()}")
            word, _, rest = line.rstrip("\n").partition(" ")
            if word == "REPORT":
                return json.loads(rest)
            if word == "FAILED":
                pytest.fail(f"{scenario}: {json.loads(rest)}")

    def _stderr(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def firefox(tmp_path_factory: pytest.TempPathFactory):
    if not FIREFOX.exists():
        pytest.fail(f"{FIREFOX} is missing: `make test` installs Debian's firefox-esr")
    engine = Firefox(tmp_path_factory.mktemp("firefox") / "firefox.log")
    yield engine
    engine.close()


def printed(report: dict, path: str) -> list[str]:
    """The text of each A4 sheet of ``path`` printed by the "print" scenario."""
    pdf = PdfReader(io.BytesIO(base64.b64decode(report["pdfs"][path])))
    for sheet in pdf.pages:
        width, height = (round(float(side) * 25.4 / 72) for side in sheet.mediabox[2:])
        assert (width, height) == (210, 297), "A4"
    return [re.sub(r"\s+", " ", sheet.extract_text()) for sheet in pdf.pages]


def page_folders(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).parent.as_posix().removeprefix(".") + "/"
        if path.name == "index.html"
        else path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if path.name != "404.html"
    )


@pytest.mark.parametrize("how", SERVED)
def test_every_page_opens_without_error_or_policy_violation(firefox, request, how):
    site, base, index = served(request, how)
    kinds = one_state_of_each_kind()
    pages = [
        page
        for page in (page.lstrip("/") for page in page_folders(site))
        if "/checker/" not in f"/{page}" or page.partition("/checker/")[2] in kinds
    ]
    # Python started on the first page of the checker and on the listing of each language.
    python = [
        f"{language}/{section}/" for language in LANGUAGES for section in ("checker", "listing")
    ]
    assert set(python) <= set(pages)
    report = firefox("pages", base, index, pages=pages, python=python)
    # Of each language's states, one of each kind.
    assert len(kinds) == len(FLOW.questions) + len(FLOW.outcomes) + 1
    skipped = len(LANGUAGES) * (len(checker_states()) - len(kinds))
    assert report["visited"] == len(pages) == len(page_folders(site)) - skipped
    assert report["problems"] == {}


def test_no_heading_line_ends_inside_a_word_without_a_hyphen(firefox, site_url):
    # The same measure as in Chromium (tests/test_layout.py), on each kind of page.
    pages = [f"{language}/{page}" for language in LANGUAGES for page in LAYOUT_PAGES]
    report = firefox(
        "layout",
        site_url,
        "",
        pages=["", *pages],
        python=[page for page in pages if page.endswith(PYTHON_PAGES)],
        widths=[320, 390],
        script=BREAKS_INSIDE_WORDS,
    )
    assert report["problems"] == []
    assert len(report["found"]) == 2 * (len(pages) + 1)
    assert {page: found for page, found in report["found"].items() if found} == {}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("how", SERVED)
def test_every_checker_path_with_python(firefox, request, how, language):
    _, base, index = served(request, how)
    report = firefox("checker", base, index, language=language, groups=walk_groups())
    assert [o["outcome"] for o in report["outcomes"]] == [outcome for _, outcome in EXPECTED_PATHS]
    for (answers, outcome), shown in zip(EXPECTED_PATHS, report["outcomes"], strict=True):
        assert shown["shown"] == [outcome], answers
        assert shown["passages"] == expected_sources(answers, outcome)
    assert report["afterReload"] == [["question", "other_channel"]]
    assert report["problems"] == []
    # zstddec (WebAssembly) starts in this engine's worker: fzstd only stands in for it.
    assert report["decoder"] != "fzstd"
    if how == "http":
        # This machine's own link: fast. gzip if the page came within 10 ms (a near server),
        # else Zstandard; both are forced in the tests below.
        assert report["wasm"] in ("gzip", "zstd")


@pytest.mark.parametrize(
    ("ttfb", "wasm"), [(2, "gzip"), (50, "zstd")], ids=["near-server", "fast-far-link"]
)
def test_a_fast_link_takes_the_webassembly_in_gzip_when_near_else_zstandard(
    firefox, built_site: Path, ttfb: int, wasm: str
):
    """A page that came within 2 ms (a server on the reader's own machine): every file in
    gzip, decoded by this engine's DecompressionStream as it comes; 50 ms away, the link
    measured fast: Zstandard, decoded by zstddec."""
    path = EXPECTED_PATHS[0]
    with ThrottledHost(built_site, PROFILES["local"]) as host:
        report = firefox(
            "checker",
            host.base,
            "",
            language=LANGUAGES[0],
            groups=[[list(path)]],
            initScript=NAVIGATION_SEEN_AS % json.dumps({"ttfb": ttfb}),
        )
    assert report["wasm"] == wasm
    assert report["decoder"] == ("DecompressionStream" if wasm == "gzip" else "zstddec")
    assert [o["outcome"] for o in report["outcomes"]] == [path[1]]
    assert report["problems"] == []


def test_a_slow_link_takes_the_webassembly_in_xz(firefox, built_site: Path):
    """On a slow link the worker takes the WebAssembly in xz, decoded as it comes by
    xz-decompress's WebAssembly in this engine's worker."""
    path = EXPECTED_PATHS[0]
    with ThrottledHost(built_site, SLOW_LINK) as host:
        report = firefox("checker", host.base, "", language=LANGUAGES[0], groups=[[list(path)]])
    assert report["wasm"] == "xz"
    assert [o["outcome"] for o in report["outcomes"]] == [path[1]]
    assert report["problems"] == []


@pytest.mark.parametrize("how", SERVED)
def test_the_listing_checks_and_prints_sixty_rows_page_by_page(firefox, request, how):
    _, base, index = served(request, how)
    language = LANGUAGES[SERVED.index(how) % len(LANGUAGES)]
    fields = {"reference": "REF-2026-001", "works_declaration": "DECL-42", "date": "2026-11-30"}
    cells = [["93051822361", f"Nom{i:03d}", "Prénom"] for i in range(60)]
    expected = TEXTS.text("identity.valid.bis", language, formatted="88.22.29-999.36")
    report = firefox(
        "listing",
        base,
        index,
        language=language,
        number="88222999936",
        message=expected,
        rows={"fields": fields, "cells": cells},
    )
    assert report["message"] == expected
    pdf = PdfReader(io.BytesIO(base64.b64decode(report["pdf"])))
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]
    assert len(pages) == 3  # 25 rows, then 30, then 5
    for number, text in enumerate(pages, start=1):
        assert text.count(page_of(language, number, len(pages))) == 1, text[:300]
        assert "REF-2026-001" in text and "DECL-42" in text
    for i in range(60):
        assert sum(f"Nom{i:03d}" in text for text in pages) == 1
    assert report["problems"] == []


def _one_sheet_each(firefox, request, tmp_path, how, path_of, leads_to) -> dict[str, str]:
    """Each language's page path_of(language), printed by Firefox: the text of its one A4
    sheet, by language (fails if a page takes more sheets or logs a problem). Printed from
    the site built with its address, the sheet's QR code leads to leads_to(language) under
    that address; from the others, it has none."""
    _, base, index = served(request, how)
    pages = {language: path_of(language) for language in LANGUAGES}
    report = firefox("print", base, index, pages=list(pages.values()))
    sheets = {}
    for language, path in pages.items():
        printed_sheets = printed(report, path)
        assert len(printed_sheets) == 1, (
            f"{path} prints on {len(printed_sheets)} sheets: {printed_sheets}"
        )
        assert report["problems"][path] == []
        sheets[language] = printed_sheets[0]
        codes = qr_codes(base64.b64decode(report["pdfs"][path]), tmp_path / language)
        if how == "addressed":
            address = request.getfixturevalue("addressed_site").address + leads_to(language)
            assert codes == [[address]], path
            assert address in sheets[language].replace(" ", "")
        else:
            assert codes == [[]], f"{path}: no address, no code"
    return sheets


@pytest.mark.parametrize("how", PRINTED)
def test_the_blank_listing_prints_on_one_a4_page(firefox, request, tmp_path, how):
    sheets = _one_sheet_each(
        firefox,
        request,
        tmp_path,
        how,
        path_of=lambda language: f"{language}/listing/",
        leads_to=lambda language: f"{language}/",
    )
    for language, sheet in sheets.items():
        for key in ("listing.reference", "listing.works_declaration", "listing.date"):
            assert TEXTS.text(key, language) in sheet
        assert page_of(language, 1, 1) in sheet


@pytest.mark.parametrize("how", PRINTED)
def test_an_outcome_prints_on_one_a4_page(firefox, request, tmp_path, how):
    def outcome(language: str) -> str:
        return f"{language}/checker/cause-checkinatwork/"

    sheets = _one_sheet_each(firefox, request, tmp_path, how, path_of=outcome, leads_to=outcome)
    for language, sheet in sheets.items():
        assert TEXTS.text("checker.outcome.exempt_checkinatwork.title", language) in sheet


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("how", SERVED)
def test_search_and_the_language_switcher(firefox, request, how, language):
    _, base, index = served(request, how)
    other = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    start = page_path(how, f"{language}/procedure")
    word = expected_words("exempt", language)
    report = firefox("search_and_switch", base, index, page=start, other=other, word=word)
    assert any("procedure" in link for link in report["results"])
    assert report["lang"] == other
    assert report["switched"] == base + page_path(how, f"{other}/procedure")
    assert report["problems"] == []
