"""Shared fixtures and helpers: the project's paths, the command line, a built site, a browser,
the checker and the listing form in a page."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from expected_flow import EXPECTED_PATHS

import content
from checker import decide, walk_states
from checker.decide import moved_states
from macros import chromium, render
from macros.hyphens import SOFT_HYPHEN

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The languages the single source declares: tests iterate over these, never over a list of
# their own, so that a language added to content/ is tested like the others.
LANGUAGES = list(content.load().languages)
# The language of the official text; every other language is the guide's translation.
SOURCE_LANGUAGE = content.load().fact("source.language")
WORDING = tomllib.loads((Path(__file__).parent / "wording.toml").read_text(encoding="utf-8"))
_TEXTS = content.load()
GLOSS_KEYS = sorted(key for key in _TEXTS.texts if key.startswith(render.GLOSS_TEXT))


def as_written(text: str, language: str) -> str:
    """A page's text as content/ writes it: without what the build adds for the reader, the
    soft hyphens of headings (macros/hyphens.py) and the glossary's explanations after a
    word (macros/gloss.py)."""
    text = text.replace(SOFT_HYPHEN, "")
    for key in GLOSS_KEYS:
        text = text.replace(" " + _TEXTS.text(key, language), "")
    return text


def expected_words(name: str, language: str):
    """The words ``name`` of tests/wording.toml in ``language``; the test fails without them."""
    if language not in WORDING.get(name, {}):
        pytest.fail(f"tests/wording.toml has no '{language}' for '{name}': add the words")
    return WORDING[name][language]


def run_checker(*arguments: str) -> subprocess.CompletedProcess[str]:
    """``python -m checker ARGUMENTS`` from the project's root, as scripts call it."""
    return subprocess.run(
        [sys.executable, "-m", "checker", *arguments],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_checker_json(*arguments: str) -> tuple[int, dict]:
    result = run_checker(*arguments)
    return result.returncode, json.loads(result.stdout)


# What a build needs of the project (node_modules is linked, not copied).
PROJECT_PARTS = [
    "checker",
    "content",
    "docs",
    "macros",
    "mkdocs.yml",
    "mkdocs-offline.yml",
    "pyproject.toml",
]


def copy_project(target: Path) -> Path:
    """A copy of the project that builds on its own, to change and build (not a git checkout)."""
    for name in PROJECT_PARTS:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    # Pyodide and the build's tools from npm, as `make` installed them: read only, shared.
    (target / "node_modules").symlink_to(PROJECT_DIR / "node_modules")
    # What the project's builds made (the snapshot, the drawn tree), copied: a copy whose
    # inputs are unchanged does not make them again (a minute and more), and one whose
    # inputs changed makes its own without touching the project's.
    if (PROJECT_DIR / ".cache").is_dir():
        shutil.copytree(PROJECT_DIR / ".cache", target / ".cache")
    return target


def build_site(
    project_dir: Path,
    site_dir: Path,
    config: str = "mkdocs.yml",
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``project_dir`` into ``site_dir``, from that folder; ``environment``
    adds to its few variables (``SITE_URL``: the site's address)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", config, "-d", str(site_dir)],
        cwd=project_dir,
        capture_output=True,
        text=True,
        timeout=900,  # the site, and the offline guide it ships
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **(environment or {})},
    )


@contextlib.contextmanager
def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, lock: str = "builds"
) -> Iterator[Path | None]:
    """The folder ``name`` that every test worker shares (pytest-xdist runs several): yields
    it while no other worker makes anything under the same ``lock`` (the site and the
    bundle, one at a time: their builds share .cache/ and would only slow each other), or
    None when it is already made. Without workers, a folder of this run."""
    shared = _shared(tmp_path_factory, "")
    with (shared / f"{lock}.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        folder = shared / name
        done = shared / f"{name}.done"
        if done.exists():
            yield None
        else:
            if folder.exists():
                shutil.rmtree(folder)  # a worker that failed half-way
            folder.mkdir()
            yield folder
            done.touch()


def _shared(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """``name`` in the folder every worker of this run shares (its own without workers)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return shared / name


# The costly fixtures below (a built site, the bundle, a browser, a server) are made once for
# every test of this folder, in each worker: pytest's scope "package" (tests/ is one).
def make_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with made_once(tmp_path_factory, "site") as site_dir:
        if site_dir is not None:
            started = time.perf_counter()
            result = build_site(PROJECT_DIR, site_dir)
            elapsed = time.perf_counter() - started
            assert result.returncode == 0, result.stdout + result.stderr
            print(f"\nbuild of the site: {elapsed:.2f} s")
    return _shared(tmp_path_factory, "site")


def make_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory)
    with made_once(tmp_path_factory, "usb-stick") as target:
        if target is not None:
            _unzipped_bundle(site, target)
    (folder,) = _shared(tmp_path_factory, "usb-stick").iterdir()
    return folder


@pytest.fixture(scope="package")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory)


@pytest.fixture(scope="package")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline bundle as a reader gets it: the zip the built site offers for download
    (made by the build with mkdocs-offline.yml), unzipped elsewhere. Returns the folder."""
    return make_bundle(tmp_path_factory)


def _unzipped_bundle(site: Path, target: Path) -> None:
    """The zip the built site offers for download, unzipped into ``target``."""
    archives = list((site / "download").glob("checkinatwork-guide-*.zip"))
    assert len(archives) == 1, archives
    with zipfile.ZipFile(archives[0]) as archive:
        names = archive.namelist()
        top = archives[0].stem
        assert all(name.startswith(f"{top}/") for name in names), "one folder at the top"
        archive.extractall(target)


@pytest.fixture(scope="package")
def offline_url(offline_site: Path) -> str:
    return offline_site.as_uri() + "/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that closes a connection early (a page left mid-download) is normal.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` over http on a free port of 127.0.0.1, while the block runs: its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site over http on a free port of 127.0.0.1."""
    with serving(built_site) as url:
        yield url


# --- The checker's static states ---------------------------------------------------------


def checker_states() -> list[dict[str, str]]:
    """Every state that has a static page: those of the flow's paths, then the moved states
    of an older version (which ask the question they lack, their later answers pending)."""
    return walk_states() + moved_states()


def one_state_of_each_kind() -> set[str]:
    """The checker's folder ("cause-provider/", "" for the start) of the first state that
    shows each question, each outcome, and a question with answers kept for later: another
    state that shows the same is the same page with other answers listed (the in-page tests
    walk every path)."""
    first = {}
    for state in checker_states():
        decision = decide(list(state.items()))
        first.setdefault(
            (decision.question or decision.outcome, bool(decision.pending)),
            "".join(f"{question}-{option}/" for question, option in state.items()),
        )
    return set(first.values())


# --- Lighthouse's site and audits: started as the run starts --------------------------

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
import lighthouse  # noqa: E402  (scripts/ is not a package)


def publish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with the address it is served at, and Lighthouse's deterministic
    categories on every audited page (`audits.json`), in the folder every worker shares:
    made by the first to ask, the others wait for it. Minutes, mostly of a browser's."""
    with made_once(tmp_path_factory, "published", lock="published") as made:
        if made is not None:
            # The server first (a free port), then the build that knows its address.
            with serving(made / "site") as address:
                # One build at a time (they share .cache/: the first from a fresh clone
                # makes the snapshot that the others take from it).
                with (_shared(tmp_path_factory, "") / "builds.lock").open("w") as held:
                    fcntl.flock(held, fcntl.LOCK_EX)
                    result = build_site(
                        PROJECT_DIR, made / "site", environment={"SITE_URL": address}
                    )
                assert result.returncode == 0, result.stdout + result.stderr
                paths = lighthouse.audited_paths(LANGUAGES)
                found = lighthouse.audit([address + p for p in paths], lighthouse.DETERMINISTIC)
            reports = {report.url[len(address) :]: dataclasses.asdict(report) for report in found}
            (made / "audits.json").write_text(json.dumps({"address": address, "reports": reports}))
    return _shared(tmp_path_factory, "published")


@dataclasses.dataclass(frozen=True)
class AddressedSite:
    # The site built with its address known (SITE_URL), and that address.
    site: Path
    address: str


@pytest.fixture(scope="package")
def addressed_site(tmp_path_factory: pytest.TempPathFactory) -> AddressedSite:
    """The site as publish() built it, with SITE_URL (the address it was served at when the
    audits ran): what paper carries where the site's address is known."""
    folder = publish(tmp_path_factory)
    address = json.loads((folder / "audits.json").read_text())["address"]
    return AddressedSite(folder / "site", address)


@pytest.fixture(scope="package")
def addressed_url(addressed_site: AddressedSite) -> Iterator[str]:
    """That site over http on a free port of 127.0.0.1 (not the address it was built
    with: what it prints must come from its build, not from where it is served)."""
    with serving(addressed_site.site) as url:
        yield url


def qr_codes(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """The QR codes of each page of a PDF, as a phone would read them from the sheet:
    each page drawn at 300 dpi (Poppler's pdftoppm), then read by ZBar (zbarimg)."""
    for tool in ("pdftoppm", "zbarimg"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: `make test` installs it (make zbar)")
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "printed.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-gray", "-png", str(source), str(tmp_path / "sheet")],
        check=True,
        capture_output=True,
    )
    codes = []
    for sheet in sorted(tmp_path.glob("sheet-*.png"), key=lambda p: int(p.stem.split("-")[1])):
        read = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(sheet)],
            capture_output=True,
            text=True,
        )
        # 0: codes found; 4: none on this page.
        assert read.returncode in (0, 4), read.stderr
        codes.append(read.stdout.splitlines())
    return codes


# What a test needs that a build makes (a browser test may ask for it as it runs).
BUILT = {"built_site", "site_url", "offline_site", "offline_url"}
ADDRESSED = {"addressed_site", "addressed_url"}


def needs_a_build(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("browser")) or bool(
        (BUILT | ADDRESSED) & set(item.fixturenames)
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that need no build first: they run while the builds are made in the
    background (builds_early), where a worker would otherwise wait for them."""
    items.sort(key=needs_a_build)


@pytest.fixture(scope="session", autouse=True)
def builds_early(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """As the run starts, in the background: the site, the bundle, and, when the run has
    Lighthouse's tests, their site and audits. One build at a time (made_once), so that the
    tests that need none have the rest of the machine; whichever worker then needs one finds
    it made or being made, instead of one worker making it while the other waits (153 s of
    an idle core were once measured for Lighthouse's). A failure here is left to the tests'
    own fixtures, which make it again and report."""
    items = request.session.items
    builds = [make_site, make_bundle] if any(map(needs_a_build, items)) else []
    if any(
        item.path.name == "test_lighthouse.py" or ADDRESSED & set(item.fixturenames)
        for item in items
    ):
        builds.append(publish)

    def in_background() -> None:
        for build in builds:
            with contextlib.suppress(Exception):
                build(tmp_path_factory)

    if builds:
        threading.Thread(target=in_background, daemon=True).start()


PYTHON_READY_MS = 90_000

# The walk of the checker's paths in the page (tests/engines/walk.js), evaluated by the
# Chromium, Firefox and WebKit tests alike, a group of paths a page: each answer is a
# history entry, and an engine refuses a page (WebKit, at 100) or a tab (Firefox and
# Chromium, at 200) more of those within 10 s. At most 7 a path: 12 paths stay below 100.
WALK = (Path(__file__).resolve().parent / "engines" / "walk.js").read_text(encoding="utf-8")
PATHS_PER_PAGE = 12


def walk_groups() -> list[list[list]]:
    """The hand-written table's paths, [answers as [question, option] pairs, outcome] each,
    as the walk takes them, in groups of PATHS_PER_PAGE."""
    paths = [[[list(answer) for answer in answers], outcome] for answers, outcome in EXPECTED_PATHS]
    return [paths[first : first + PATHS_PER_PAGE] for first in range(0, len(paths), PATHS_PER_PAGE)]


def as_built(page) -> None:
    """Pages as first shown, before Python takes over: python.js is answered
    with an empty script, so that a page does not start Python for nothing and stays as
    built (Python takes the checker over without drawing it again)."""
    page.route(
        "**/javascripts/python.js",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )


def open_checker(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(
        '[data-checker-mode="python"]', state="attached", timeout=PYTHON_READY_MS
    )


def current(page) -> tuple[str, str]:
    """("question", id) or ("outcome", id) of what the page shows (templates aside)."""
    return tuple(
        page.evaluate(
            """() => {
            const root = document.querySelector("[data-checker-mode]");
            const templates = root.querySelector(".cw-templates");
            const shown = [...root.querySelectorAll("[data-question], [data-outcome]")]
                .filter((element) => !templates.contains(element));
            if (shown.length !== 1) return ["many", String(shown.length)];
            const element = shown[0];
            return element.dataset.question ? ["question", element.dataset.question]
                                            : ["outcome", element.dataset.outcome];
        }"""
        )
    )


def open_form(page, url: str, wait_for_python: bool = True) -> None:
    page.goto(url)
    if wait_for_python:
        page.wait_for_selector(
            '[data-listing][data-python="ready"]', state="attached", timeout=PYTHON_READY_MS
        )


def theme_started(page) -> None:
    """The theme started and settled: a first interaction starts its script, which then
    loads its own files (its search's worker, index and languages' files). A test that
    counts a page's requests counts them after this."""
    page.mouse.move(10, 10)
    page.wait_for_function(
        """() => {
            const said = JSON.parse(document.getElementById("__config").textContent).translations;
            const meta = document.querySelector(".md-search-result__meta");
            return meta?.textContent.trim() === said["search.result.placeholder"];
        }"""
    )  # the search is ready: its worker has its index and its languages' files


def row(page, number: int):
    return page.locator("tbody tr[data-row]").nth(number - 1)


def message(page, number: int) -> str:
    """A row's message as the reader sees it: rows out of view are not rendered (and their
    inner text is empty) until scrolled to, as a reader does."""
    locator = row(page, number).locator("[data-message]")
    locator.scroll_into_view_if_needed()
    page.wait_for_function("(message) => message.innerText.trim()", arg=locator.element_handle())
    return locator.inner_text()


def search(page, words: str) -> list[str]:
    """The links the theme's search lists for ``words`` on the open page."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(words)
    # Wait for a count of results, in the page's own words: the theme's translations of
    # "no result", "1 result" and "# results" (any other text is the placeholder or the
    # initialiser, whatever the language).
    page.wait_for_function(
        """(words) => {
            const meta = document.querySelector(".md-search-result__meta");
            const said = JSON.parse(document.getElementById("__config").textContent).translations;
            const counts = ["search.result.none", "search.result.one", "search.result.other"]
                .map((key) => said[key]);
            return document.querySelector("input.md-search__input").value === words
                && meta && counts.some((count) => {
                    const [before, after] = count.split("#");
                    const text = meta.textContent.trim();
                    return after === undefined
                        ? text === count
                        : text.startsWith(before) && text.endsWith(after)
                            && /^\\d+$/.test(text.slice(before.length, text.length - after.length));
                });
        }""",
        arg=words,
    )
    # The results of the last keystroke's query may arrive after those of a shorter one:
    # read until two readings agree.
    read = """() => [...document.querySelectorAll(".md-search-result__link")]
                      .map((link) => link.getAttribute("href"))"""
    links = page.evaluate(read)
    for _ in range(20):
        page.wait_for_timeout(250)
        again = page.evaluate(read)
        if again == links:
            break
        links = again
    return links


@pytest.fixture(scope="package")
def browser():
    if not chromium.installed():
        pytest.fail(f"{chromium.CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def focus_is_visible(page) -> bool:
    """Whether the focused element looks different from the same element unfocused.

    Compares the screen around it (its focus ring may be drawn outside its box) with focus
    and after a blur, then gives the focus back as the keyboard left it.
    """
    focused = page.evaluate_handle("document.activeElement")
    focused.scroll_into_view_if_needed()
    box = focused.bounding_box()
    margin = 6
    clip = {
        "x": max(box["x"] - margin, 0),
        "y": max(box["y"] - margin, 0),
        "width": box["width"] + 2 * margin,
        "height": box["height"] + 2 * margin,
    }
    page.wait_for_timeout(50)  # the theme's transitions
    with_focus = page.screenshot(clip=clip, animations="disabled")
    focused.evaluate("(element) => element.blur()")
    page.wait_for_timeout(50)
    without_focus = page.screenshot(clip=clip, animations="disabled")
    focused.evaluate("(element) => element.focus()")
    return with_focus != without_focus


# The page's own navigation, as python.js reads it, with the figures given (ttfb: its
# answer's time in ms) in place of its own: how near the server looks is a matter of
# milliseconds, which a loaded machine's local host cannot promise.
NAVIGATION_SEEN_AS = """
((replaced) => {
  const entries = performance.getEntriesByType.bind(performance);
  performance.getEntriesByType = (type) =>
    type !== "navigation"
      ? entries(type)
      : entries(type).map((entry) => {
          const seen = entry.toJSON();
          return { ...seen, responseStart: seen.requestStart + replaced.ttfb, ...replaced };
        });
})(%s);
"""
