"""WebKitGTK, Safari's engine (Debian's webkit2gtk-driver, WebKitWebDriver driven by Selenium,
the browser tests/engines/webkit_browser.py on an Xvfb display started here), over http and
from the unzipped bundle: every page opens with no console error or warning and no policy
violation, every checker path with Python, the listing's check, printing (the blank listing
and an outcome on one A4 page, 60 rows page by page), search and the language switcher.

One browser for the module. WebDriver classic on WebKitGTK 2.50 has no console log, no script
before a page's own and no print command: the browser writes every console message to the
driver's log (read after each page), keeps the policy's violations from the first script on,
and prints with WebKitGTK's own print operation (see webkit_browser.py)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from expected_flow import EXPECTED_PATHS, expected_sources
from pypdf import PdfReader
from test_firefox import PRINTED, SERVED, page_folders, page_path, served
from test_layout import BREAKS_INSIDE_WORDS, LAYOUT_PAGES, PYTHON_PAGES
from test_listing_form import page_of
from test_python_start import CUT_SHORT as CUT_SHORT_HANDLERS
from test_python_start import SLOW_LINK
from throttled_host import PROFILES, ThrottledHost

import content

from conftest import LANGUAGES, WALK, expected_words, qr_codes, walk_groups

pytestmark = pytest.mark.browser

DRIVER = Path("/usr/bin/WebKitWebDriver")
XVFB = Path("/usr/bin/Xvfb")
SYSTEM_PYTHON = Path("/usr/bin/python3")  # Debian's, with python3-gi and gir1.2-webkit2-4.1
BROWSER = Path(__file__).resolve().parent / "engines" / "webkit_browser.py"
TEXTS = content.load()
# WebKit's JavaScriptCore compiles Pyodide's WebAssembly much more slowly than V8 or
# SpiderMonkey: the first start of Python took up to two minutes on a busy 2-core machine.
READY_S = 300
CUT_SHORT = re.compile(
    r"(?:Unhandled Promise Rejection: (?:NetworkError|TypeError): Load failed"
    r"|NotReadableError: The I/O read operation failed\.|Importing a module script failed\."
    r"|python: no worker, Python in the page: Error: worker error"
    r"|checker: Python could not start: Error: cannot load \S+"
    r"|listing: Python could not start: Error: cannot load \S+"
    r"|Cannot load \S+ due to access control checks\."
    r"|python-runtime\.js:\d+:\d+: CONSOLE WARN \w+: starting without the snapshot: ?)$"
)
# A console line of the browser: "[URL:LINE[:COLUMN]: ]CONSOLE [SOURCE ]LEVEL MESSAGE".
CONSOLE_PROBLEM = re.compile(r"^.*\bCONSOLE (?:[A-Z]+ )?(?:ERROR|WARN|WARNING) .*$", re.MULTILINE)
# Accepted, and only this: WebKitGTK is built without web app manifests and says so of the
# policy's manifest-src on every page (an error by its level; the directive is ignored). The
# directive stays: with default-src 'none', Chromium and Firefox need it to read the manifest.
UNKNOWN_TO_WEBKITGTK = (
    "CONSOLE SECURITY ERROR Unrecognized Content-Security-Policy directive 'manifest-src'."
)

SHOWN = """
const root = document.querySelector("[data-checker-mode]");
const templates = root.querySelector(".cw-templates");
return [...root.querySelectorAll("[data-question], [data-outcome]")]
  .filter((element) => !templates.contains(element))
  .map((e) => (e.dataset.question ? ["question", e.dataset.question]
                                   : ["outcome", e.dataset.outcome]));
"""


class WebKit:
    """The browser, and what its pages said since they were last asked."""

    def __init__(self, driver, log: Path) -> None:
        self.driver = driver
        self.log = log
        self.read = 0

    def wait(self, script: str, *arguments, timeout: float = READY_S):
        """Waits until ``script`` (a function body) returns something true; returns it."""
        from selenium.webdriver.support.wait import WebDriverWait

        return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(
            lambda driver: driver.execute_script(script, *arguments)
        )

    def open(self, url: str, python: bool = False) -> None:
        self.driver.get(url)
        if python:
            self.python_ready()

    def leave(self) -> None:
        """Leaves the open page for a blank one, and forgets what pages said until then: a
        test that serves its pages from a host of its own leaves them before the host stops
        (a page whose host is gone reports its loads failed, later, in another test)."""
        self.driver.get("about:blank")
        self.problems()

    def python_ready(self) -> None:
        self.wait(
            """return document.querySelector(
                '[data-checker-mode="python"], [data-listing][data-python="ready"]')"""
        )

    def problems(self) -> list[str]:
        """The console's errors and warnings written since the last call, and the open page's
        policy violations."""
        with self.log.open("rb") as log:
            log.seek(self.read)
            written = log.read()
        self.read += len(written)
        console = [
            line
            for line in CONSOLE_PROBLEM.findall(written.decode("utf-8", "replace"))
            if not line.endswith(UNKNOWN_TO_WEBKITGTK)
        ]
        violations = self.driver.execute_script("return window.__violations || []")
        return console + [f"policy: {violation}" for violation in violations]

    def click(self, selector: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def shown(self) -> list[list[str]]:
        return self.driver.execute_script(SHOWN)

    def wait_shown(self, kind: str, id: str) -> None:
        self.wait(
            """const [kind, id] = arguments;
               const root = document.querySelector("[data-checker-mode]");
               const templates = root.querySelector(".cw-templates");
               return [...root.querySelectorAll(`[data-${kind}="${id}"]`)]
                 .some((element) => !templates.contains(element));""",
            kind,
            id,
        )

    def walk(self, paths: list) -> list[dict]:
        """``paths`` (a group of conftest.walk_groups()) walked in the page by
        conftest.WALK: what each outcome showed."""
        self.driver.set_script_timeout(READY_S)
        walked = self.driver.execute_async_script(
            f"""const done = arguments[arguments.length - 1];
                ({WALK})(arguments[0], arguments[1]).then(done, (error) => done(String(error)));""",
            paths,
            READY_S * 1000,
        )
        assert isinstance(walked, list), walked
        return walked

    def print_pdf(self, path: Path) -> list[str]:
        """The open page printed by WebKitGTK to A4 (``path``): the text of each page, every
        line of it on the sheet."""
        self.driver.set_script_timeout(READY_S)
        written = self.driver.execute_async_script(
            """const done = arguments[arguments.length - 1];
               window.webkit.messageHandlers.cwPrint.postMessage(arguments[0])
                 .then(done, (error) => done(`failed: ${error}`));""",
            str(path),
        )
        assert written == str(path), written
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        texts = []
        for number, page in enumerate(reader.pages, start=1):
            width, height = (round(float(side) * 25.4 / 72) for side in page.mediabox[2:])
            assert (width, height) == (210, 297), "A4"
            # WebKitGTK scales a page to the paper's printable width and cuts what then falls
            # below its bottom edge; the words cut are still in the file, drawn off the sheet.
            off = []

            def visit(text, cm, tm, font, size, page=page, off=off):
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]  # the baseline, from the bottom
                if text.strip() and not 0 < y < float(page.mediabox[3]):
                    off.append(text.strip())

            texts.append(re.sub(r"\s+", " ", page.extract_text(visitor_text=visit)))
            assert off == [], f"page {number}: printed off the sheet: {off}"
        return texts

    def one_sheet(self, url: str, path: Path) -> str:
        """The page at ``url``, Python started, printed to A4 (``path``) on exactly one sheet:
        its text."""
        self.open(url, python=True)
        self.problems()
        pages = self.print_pdf(path)
        assert len(pages) == 1, f"{url} prints on {len(pages)} sheets: {pages}"
        return pages[0]


@pytest.fixture(scope="module")
def webkit(tmp_path_factory: pytest.TempPathFactory):
    for needed in (DRIVER, XVFB, SYSTEM_PYTHON):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: `make test` installs it (make webkit)")
    from selenium import webdriver

    class Options(webdriver.WebKitGTKOptions):
        # No browserName: WebKitWebDriver would want MiniBrowser's.
        def to_capabilities(self) -> dict:
            capabilities = super().to_capabilities()
            capabilities.pop("browserName", None)
            return capabilities

    folder = tmp_path_factory.mktemp("webkit")
    # A display of its own: Xvfb picks a free number and writes it to the pipe when ready.
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        [str(XVFB), "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=[write],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            display = pipe.readline().strip()
        assert display, "Xvfb did not start"
        options = Options()
        options.binary_location = str(BROWSER)
        options.add_argument("--automation")
        options.add_argument(f"--data={folder / 'data'}")
        log = folder / "driver.log"
        service = webdriver.WebKitGTKService(
            executable_path=str(DRIVER),
            log_output=str(log),
            env={**os.environ, "DISPLAY": f":{display}"},
        )
        driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            yield WebKit(driver, log)
        finally:
            driver.quit()
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)


def test_the_watch_sees_a_console_error_and_a_policy_violation(webkit, site_url):
    webkit.open(f"{site_url}{LANGUAGES[0]}/procedure/")
    webkit.problems()
    webkit.driver.execute_script(
        """console.error("trap-console");
           const script = document.createElement("script");
           script.textContent = "window.trapRan = true";
           document.body.append(script);"""
    )
    webkit.wait("return (window.__violations || []).length")
    problems = webkit.problems()
    assert any("CONSOLE ERROR trap-console" in problem for problem in problems), problems
    assert any(problem.startswith("policy: script-src") for problem in problems), problems
    assert webkit.driver.execute_script("return window.trapRan") is None


def folder_of(page: str) -> str:
    """A page's path as a folder: "fr/checker/" over http, from "fr/checker.html" offline."""
    return page.removesuffix(".html").removesuffix("index").rstrip("/") + "/"


@pytest.mark.parametrize("how", SERVED)
def test_every_page_opens_without_error_or_policy_violation(request, webkit, how):
    site, base, index = served(request, how)
    # Every page but the checker's states, which share one template: of those, the first
    # question and one outcome per language (the paths are walked below, in the page).
    outcome = "checker/cause-company/other_channel-no/contact_time-open/"
    pages = [
        page
        for page in (page.lstrip("/") for page in page_folders(site))
        if "checker/" not in page or folder_of(page).endswith(("checker/", outcome))
    ]
    # Python started on the first page of the checker and on the listing of each language.
    python = {
        f"{language}/{section}/" for language in LANGUAGES for section in ("checker", "listing")
    }
    assert python <= set(pages) and len(pages) >= 7 * len(LANGUAGES)
    driver = webkit.driver
    first = driver.current_window_handle
    webkit.problems()
    found = {}
    for path in pages:
        # A tab per page: what a page left mid-start reports as it goes is not the next one's.
        driver.switch_to.new_window("tab")
        folder = path == "" or path.endswith("/")
        webkit.open(base + (f"{path}{index}" if folder else path), path in python)
        problems = webkit.problems()
        driver.close()
        driver.switch_to.window(first)
        # Closed before its search index or its Python was loaded (as a reader may leave any
        # page), a tab reports those loads cut short, at times while the next tab is read:
        # those words are left out here. Search and Python themselves are tested below,
        # waited for, on both servings.
        problems = [line for line in problems if not CUT_SHORT.search(line)]
        if problems:
            found[path] = problems
    assert found == {}


def test_a_slow_link_takes_the_webassembly_in_xz(webkit, built_site: Path):
    """On a slow link the worker takes the WebAssembly in xz, decoded as it comes by
    xz-decompress's WebAssembly in this engine's worker."""
    answers, outcome = EXPECTED_PATHS[0]
    with ThrottledHost(built_site, SLOW_LINK) as host:
        webkit.open(f"{host.base}{LANGUAGES[0]}/checker/", python=True)
        wasm = webkit.driver.execute_script(
            "return window.cwPythonStartFigures && window.cwPythonStartFigures.wasm"
        )
        assert wasm == "xz"
        for question, option in answers:
            webkit.wait_shown("question", question)
            webkit.click(f'.cw-checker > [data-question="{question}"] [data-option="{option}"]')
        webkit.wait_shown("outcome", outcome)
        assert webkit.problems() == []
        webkit.leave()


@pytest.mark.parametrize("cut", CUT_SHORT_HANDLERS)
def test_a_download_cut_short_says_only_that_python_could_not_start(webkit, built_site, cut):
    """A download of Python's cut short (here the link drops; in the page test above, a tab
    closed mid-start) fails the start with its own error, said once by the checker, which
    goes on with its linked pages: Pyodide is never handed the failure, which this engine
    would log as an unhandled rejection (Chromium's worker keeps it to itself)."""
    webkit.leave()
    with ThrottledHost(built_site, PROFILES["local"], CUT_SHORT_HANDLERS[cut]) as host:
        webkit.open(f"{host.base}{LANGUAGES[0]}/checker/")
        webkit.wait(
            """const notice = document.querySelector("[data-checker-status]");
               return notice && notice.textContent.includes(arguments[0]);""",
            TEXTS.text("checker.python_failed", LANGUAGES[0])[:40],
        )
        # What the worker would log comes by its own thread: a beat later than the page's.
        webkit.driver.execute_async_script("setTimeout(arguments[0], 1000)")
        problems = webkit.problems()
        webkit.leave()
    said = [line for line in problems if "CONSOLE WARN checker: Python could not start" in line]
    assert len(said) == 1 and "timeout" not in said[0], problems
    # Then python.js tried Python in the page (a host may serve the bundle's files): none.
    tried = [line for line in problems if "CONSOLE WARN python: no worker, Python in" in line]
    assert len(tried) == 1, problems
    assert [line for line in problems if line not in said + tried] == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("how", SERVED)
def test_every_checker_path_with_python(request, webkit, how, language):
    _, base, index = served(request, how)
    walked = []
    # WebKit refuses a 101st history.pushState() within 10 seconds (a SecurityError), which
    # no reader's clicks reach but this walk does: a new page every few paths.
    for number, group in enumerate(walk_groups()):
        assert number == 0 or webkit.problems() == []
        webkit.open(f"{base}{language}/checker/{index}", python=True)
        webkit.problems()
        # zstddec (WebAssembly) starts in this engine's worker: fzstd only stands in.
        decoder = webkit.driver.execute_script(
            "return window.cwPythonStartFigures && window.cwPythonStartFigures.decoder"
        )
        assert decoder != "fzstd"
        if how == "http":
            # This machine's own link, fast: gzip when the page came within 10 ms (a
            # near server: this engine's DecompressionStream), else Zstandard.
            assert webkit.driver.execute_script("return window.cwPythonStartFigures.wasm") in (
                "gzip",
                "zstd",
            )
        walked += webkit.walk(group)
    for (answers, outcome), shown in zip(EXPECTED_PATHS, walked, strict=True):
        assert shown["shown"] == [outcome], answers
        assert shown["passages"] == expected_sources(answers, outcome), answers
    # Back and forward, then a reload of a state.
    webkit.click('.cw-checker > [data-question="cause"] [data-option="company"]')
    webkit.wait_shown("question", "other_channel")
    webkit.driver.back()
    webkit.wait_shown("question", "cause")
    webkit.driver.forward()
    webkit.wait_shown("question", "other_channel")
    assert webkit.problems() == []
    webkit.driver.refresh()
    webkit.python_ready()
    assert webkit.shown() == [["question", "other_channel"]]
    assert webkit.problems() == []


@pytest.mark.parametrize("how", SERVED)
def test_the_listing_checks_a_number_and_prints_sixty_rows_page_by_page(
    request, webkit, tmp_path, how
):
    _, base, index = served(request, how)
    language = LANGUAGES[SERVED.index(how) % len(LANGUAGES)]
    webkit.open(f"{base}{language}/listing/{index}", python=True)
    webkit.problems()
    webkit.driver.find_element(
        "css selector", 'tbody tr[data-row] [data-column="identifier"]'
    ).send_keys("88222999936")
    expected = TEXTS.text("identity.valid.bis", language, formatted="88.22.29-999.36")
    # Typed key by key: a check of the number begun so far may be shown first (the listing
    # checks 120 ms after the last key), then the whole number's.
    read = 'return document.querySelector("tbody tr[data-row] [data-message]").textContent.trim()'
    from selenium.common.exceptions import TimeoutException

    with contextlib.suppress(TimeoutException):
        webkit.wait(f"{read} === arguments[0]", expected, timeout=60)
    assert webkit.driver.execute_script(read) == expected
    fields = {"reference": "REF-2026-001", "works_declaration": "DECL-42", "date": "2026-11-30"}
    cells = [["93051822361", f"Nom{i:03d}", "Prénom"] for i in range(60)]
    webkit.driver.execute_script(
        """const [fields, cells] = arguments;
           const set = (input, value) => {
             input.value = value;
             input.dispatchEvent(new Event("input", { bubbles: true }));
           };
           for (const [name, value] of Object.entries(fields))
             set(document.querySelector(`[data-field="${name}"] input`), value);
           const add = document.querySelector("[data-listing-add]");
           const count = () => document.querySelectorAll("tbody tr[data-row]").length;
           while (count() < cells.length) add.click();
           const rows = document.querySelectorAll("tbody tr[data-row]");
           cells.forEach((row, i) => ["identifier", "name", "first_name"].forEach(
             (column, c) => set(rows[i].querySelector(`[data-column="${column}"]`), row[c])));""",
        fields,
        cells,
    )
    pages = webkit.print_pdf(tmp_path / "listing.pdf")
    assert len(pages) == 3  # 25 rows, then 30, then 5
    for number, text in enumerate(pages, start=1):
        assert text.count(page_of(language, number, len(pages))) == 1, text[:300]
        for key in ("listing.reference", "listing.works_declaration", "listing.date"):
            assert TEXTS.text(key, language) in text
        assert "REF-2026-001" in text and "DECL-42" in text and "2026-11-30" in text, text[:300]
    for i in range(60):
        whole = f"{i + 1} 93051822361 Nom{i:03d} Prénom"
        assert sum(whole in text for text in pages) == 1, whole
    # Back on the screen, the form is as it was.
    webkit.wait("return !document.querySelector('[data-listing-pages]')")
    assert webkit.driver.execute_script(
        "return document.querySelectorAll('tbody tr[data-row]').length"
    ) == len(cells)
    assert webkit.problems() == []


def _leads_to(request, how: str, pdf: Path, page: str) -> None:
    """The sheet's QR code: the address of ``page`` under the site's own where the site was
    built with it, none otherwise."""
    codes = qr_codes(pdf.read_bytes(), pdf.parent / "read")
    if how == "addressed":
        assert codes == [[request.getfixturevalue("addressed_site").address + page]]
    else:
        assert codes == [[]], "no address, no code"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("how", PRINTED)
def test_the_blank_listing_prints_on_one_a4_page(request, webkit, tmp_path, how, language):
    _, base, index = served(request, how)
    text = webkit.one_sheet(f"{base}{language}/listing/{index}", tmp_path / "blank.pdf")
    for key in ("listing.reference", "listing.works_declaration", "listing.date"):
        assert TEXTS.text(key, language) in text
    assert page_of(language, 1, 1) in text
    assert webkit.problems() == []
    _leads_to(request, how, tmp_path / "blank.pdf", f"{language}/")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("how", PRINTED)
def test_an_outcome_prints_on_one_a4_page(request, webkit, tmp_path, how, language):
    _, base, index = served(request, how)
    page = f"{language}/checker/cause-checkinatwork/"
    text = webkit.one_sheet(f"{base}{page}{index}", tmp_path / "outcome.pdf")
    assert TEXTS.text("checker.outcome.exempt_checkinatwork.title", language) in text
    assert webkit.problems() == []
    _leads_to(request, how, tmp_path / "outcome.pdf", page)


def test_no_heading_line_ends_inside_a_word_without_a_hyphen(webkit, site_url):
    # The same measure as in Chromium (tests/test_layout.py), on each kind of page.
    pages = ["", *(f"{language}/{page}" for language in LANGUAGES for page in LAYOUT_PAGES)]
    found = {}
    size = webkit.driver.get_window_size()
    webkit.leave()  # what the page of another test says when left is not this test's
    try:
        for width in (320, 390):
            webkit.driver.set_window_size(width, 844)
            for page in pages:
                # Python started where a page starts it: a page left mid-start says so.
                webkit.open(site_url + page, python=page.endswith(PYTHON_PAGES))
                assert webkit.driver.execute_script("return window.innerWidth") == width
                broken = webkit.driver.execute_script(f"return ({BREAKS_INSIDE_WORDS})()")
                if broken:
                    found[f"{width} {page}"] = broken
        problems = webkit.problems()
    finally:
        webkit.driver.set_window_size(size["width"], size["height"])
        webkit.leave()
    assert found == {}
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("how", SERVED)
def test_search_and_the_language_switcher(request, webkit, how, language):
    _, base, _ = served(request, how)
    other = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    webkit.open(base + page_path(how, f"{language}/procedure"))
    webkit.problems()
    webkit.click("label.md-search__icon, .md-search__input")
    webkit.driver.find_element("css selector", "input.md-search__input").send_keys(
        expected_words("exempt", language)
    )
    results = webkit.wait(
        """const links = [...document.querySelectorAll(".md-search-result__link")];
           return links.length && links.map((link) => link.getAttribute("href"));""",
        timeout=30,
    )
    assert any("procedure" in link for link in results), results
    assert webkit.problems() == []
    switch = webkit.driver.execute_script(
        "return document.querySelector(`.md-select__link[hreflang='${arguments[0]}']`).href",
        other,
    )
    webkit.open(switch)
    assert webkit.driver.current_url == base + page_path(how, f"{other}/procedure")
    assert webkit.driver.execute_script("return document.documentElement.lang") == other
    assert webkit.problems() == []
