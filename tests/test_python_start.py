"""How Python starts depends on the link (checker-worker.js): the snapshot when it comes
sooner than an ordinary start would be done, never on a link where it would not. The host
is the benchmark's (scripts/throttled_host.py): one shared pipe at a set rate, gzip as
common hosts do."""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path

import pytest

from conftest import NAVIGATION_SEEN_AS, PROJECT_DIR, current, open_checker

pytestmark = pytest.mark.browser

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
from throttled_host import PROFILES, Profile, ThrottledHandler, ThrottledHost  # noqa: E402

# 0.5 MB/s: the 3.3 MB snapshot would take 7 s, far longer than the 2 s an ordinary start
# is reckoned to take. The page measures the link on its reads: a busy worker reads late,
# then in bursts, so it may see the link up to twice as fast, and still chooses right.
SLOW_LINK = Profile("test-0.5MBps", 4_000_000, 0.02)
# A fast link whose server is not on the reader's own machine or network: the worker
# measures it before it chooses (a near one it need not: python.js).
FAST_FAR_LINK = Profile("test-fast-20ms", None, 0.02)
# How long python.js is held back to come after the checker's script.
PYTHON_SCRIPT_DELAY_S = 5
# How long the snapshot's answer is held back.
SNAPSHOT_DELAY_S = 3


class GzipEncodingHandler(ThrottledHandler):
    """A host that sends its .gz files with Content-Encoding: gzip (Apache's AddEncoding
    does): the browser decodes them itself."""

    def end_headers(self):
        if self.path.split("?")[0].endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


def cut_short(file: str, after: int, stall_s: float, pyodide_late_s: float = 0):
    """A link that drops halfway through a file's download (a phone's network gone, a tab
    closed): after `after` bytes of Pyodide's `file` (in whichever compression), it stalls
    for `stall_s`, then the connection is shut. Pyodide's own script is held back
    `pyodide_late_s`. The handler's `file` says which file is cut."""

    class CutShortHandler(ThrottledHandler):
        def do_GET(self, body: bool = True):
            if "/pyodide/pyodide.asm.mjs" in self.path:
                time.sleep(pyodide_late_s)
            if f"/pyodide/{file}." in self.path:
                write, written = self.wfile.write, 0

                def writing_until_cut(data: bytes) -> None:
                    nonlocal written
                    if written >= after:
                        time.sleep(stall_s)
                        self.connection.shutdown(socket.SHUT_RDWR)
                        raise ConnectionResetError("the link dropped")
                    written += len(data)
                    write(data)

                self.wfile.write = writing_until_cut
            super().do_GET(body)

    CutShortHandler.file = file
    return CutShortHandler


# Past each file's first bytes (the WebAssembly's compile, the standard library's
# decoding, has begun), far short of its end (2.9 and 3.5 MB; 0.7 and 0.9 MB). After a
# stall of 1.5 s Pyodide has asked for its files: it is not spared the failure by a start
# that has already failed. Cut before Pyodide's script is there, the start has failed
# before Pyodide asks (as when a tab is closed early): Pyodide must not be left to ask the
# network, nor be handed an empty answer.
CUT_SHORT = {
    "webassembly": cut_short("pyodide.asm.wasm", 1_000_000, stall_s=1.5),
    "standard-library": cut_short("python_stdlib.zip", 300_000, stall_s=1.5),
    "webassembly-before-pyodide": cut_short(
        "pyodide.asm.wasm", 100_000, stall_s=0, pyodide_late_s=2
    ),
}


def _start(
    browser,
    site: Path,
    profile: Profile,
    blocked: str | None = None,
    navigation: dict | None = None,
    handler: type[ThrottledHandler] | None = None,
) -> tuple[str, dict, set[str]]:
    context = browser.new_context()
    page = context.new_page()
    if navigation:
        page.add_init_script(NAVIGATION_SEEN_AS % json.dumps(navigation))
    if blocked:
        page.route(f"**/{blocked}", lambda route: route.abort())
    try:
        with ThrottledHost(site, profile, handler) as host:
            open_checker(page, f"{host.base}fr/checker/")
            started = page.locator("[data-checker-mode]").get_attribute("data-python-start")
            figures = page.evaluate("window.cwPythonStartFigures")
            # Python answers: the outcome comes in the page, without a page load.
            question = page.locator('[data-checker-mode] > [data-question="cause"]')
            question.locator('a[data-option="checkinatwork"]').click()
            page.wait_for_function(
                "() => document.querySelector('[data-checker-mode] > [data-outcome]')"
            )
            assert current(page) == ("outcome", "exempt_checkinatwork")
            sent = {path.split("?")[0] for _, _, path in host.link.sent}
    finally:
        context.close()
    return started, figures, sent


def test_a_slow_link_starts_python_without_fetching_the_snapshot(browser, built_site: Path):
    started, figures, sent = _start(browser, built_site, SLOW_LINK)
    assert figures["choice"] == "ordinary", figures
    assert figures["rate"] <= 2 * SLOW_LINK.bytes_per_s / 1000, figures
    assert started == "fresh"
    assert "/pyodide/checker.snapshot.zst" not in sent
    # Nor the faster decoder: on this link its 25 kB cost more than it saves (fzstd decodes).
    assert "/pyodide/zstddec.mjs" not in sent
    assert "/javascripts/fzstd.js" in sent
    # The WebAssembly in xz, 0.25 MB fewer, decoded as it comes; never both files.
    assert figures["wasm"] == "xz", figures
    assert figures["stdlibRate"] <= 2 * SLOW_LINK.bytes_per_s / 1000, figures
    assert {"/pyodide/pyodide.asm.wasm.xz", "/pyodide/python_stdlib.zip.zst"} <= sent
    assert "/pyodide/pyodide.asm.wasm.zst" not in sent


def test_a_fast_link_starts_python_from_the_snapshot(browser, built_site: Path):
    started, figures, sent = _start(browser, built_site, FAST_FAR_LINK)
    assert not figures.get("near"), figures
    assert figures["choice"] == "snapshot", figures
    assert figures["decoder"] == "zstddec", figures
    assert started == "snapshot"
    assert "/pyodide/checker.snapshot.zst" in sent
    # Zstandard's WebAssembly, decoded in one call: xz would cost more time than its bytes.
    assert figures["wasm"] == "zstd", figures
    assert figures["stdlibRate"] >= 1500, figures  # the link measured first
    assert "/pyodide/pyodide.asm.wasm.zst" in sent
    assert not {"/pyodide/pyodide.asm.wasm.xz", "/pyodide/xz-decompress.mjs"} & sent


def test_a_near_server_gives_gzip_and_the_snapshot_without_measuring_the_link(
    browser, built_site: Path
):
    """A page that came from the reader's own machine (its answer within 2 ms): every file
    in gzip (the browser decodes them as they come: no decoder of ours to load), the
    WebAssembly requested with the standard library, not once the library has shown the
    link, and the snapshot without measuring the link on the WebAssembly."""
    started, figures, sent = _start(browser, built_site, PROFILES["local"], navigation={"ttfb": 2})
    assert figures["near"] is True, figures
    assert "stdlibRate" not in figures, figures
    assert "rate" not in figures, figures
    assert figures["wasmRequestMs"] <= figures["stdlibArrivedMs"], figures
    assert figures["wasm"] == "gzip", figures
    assert figures["decoder"] == "DecompressionStream", figures
    assert figures["choice"] == "snapshot", figures
    assert started == "snapshot"
    gzip = {
        "/pyodide/pyodide.asm.wasm.gz",
        "/pyodide/python_stdlib.zip.gz",
        "/pyodide/checker.snapshot.gz",
    }
    assert gzip <= sent
    assert not [path for path in sent if path.endswith((".zst", ".xz", "decompress.mjs"))]
    # Nor a decoder of Zstandard's: the browser decodes gzip.
    assert not {"/pyodide/zstddec.mjs", "/javascripts/fzstd.js"} & sent


def test_pyodide_is_made_while_the_snapshot_still_comes(browser, built_site: Path):
    """Pyodide's module (the WebAssembly compiled, its set-up) does not wait for the
    snapshot: only the snapshot's restoring does. The snapshot's answer is held back."""

    def late(route):
        time.sleep(SNAPSHOT_DELAY_S)
        route.continue_()

    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(NAVIGATION_SEEN_AS % json.dumps({"ttfb": 2}))
    try:
        page.route("**/pyodide/checker.snapshot.gz", late)
        with ThrottledHost(built_site, PROFILES["local"]) as host:
            open_checker(page, f"{host.base}fr/checker/")
            started = page.locator("[data-checker-mode]").get_attribute("data-python-start")
            figures = page.evaluate("window.cwPythonStartFigures")
    finally:
        context.close()
    assert started == "snapshot"
    assert figures["snapshotInMs"] - figures["moduleMs"] >= SNAPSHOT_DELAY_S * 1000 / 2, figures
    assert figures["readyMs"] >= figures["snapshotInMs"], figures


def test_a_gzip_file_the_host_sent_encoded_is_not_decoded_twice(browser, built_site: Path):
    """A host that sends the .gz file with Content-Encoding: gzip: the browser has decoded
    it already, and Python starts from it as it is."""
    started, figures, sent = _start(
        browser,
        built_site,
        PROFILES["local"],
        navigation={"ttfb": 2},
        handler=GzipEncodingHandler,
    )
    assert figures["wasm"] == "gzip", figures
    assert started == "snapshot"
    assert "/pyodide/pyodide.asm.wasm.gz" in sent


@pytest.mark.parametrize(
    "navigation",
    [{"ttfb": 2, "transferSize": 0}, {"ttfb": 2, "workerStart": 1}, {"ttfb": 10}],
    ids=["from-a-cache", "from-the-service-worker", "10-ms-away"],
)
def test_a_page_not_from_a_near_server_has_the_link_measured(
    browser, built_site: Path, navigation: dict
):
    """A page from a cache or the service worker says nothing of the server; 10 ms is
    already a network's distance."""
    _, figures, _ = _start(browser, built_site, PROFILES["local"], navigation=navigation)
    assert not figures.get("near"), figures
    assert figures["stdlibRate"] >= 1500, figures


def test_without_zstddec_python_starts_with_fzstd(browser, built_site: Path):
    """A host whose policy refuses zstddec's WebAssembly (or a failed download of it): the
    JavaScript decoder does the same work, slower (a server not near: Zstandard's files)."""
    started, figures, sent = _start(
        browser,
        built_site,
        PROFILES["local"],
        blocked="pyodide/zstddec.mjs",
        navigation={"ttfb": 50},
    )
    assert figures["decoder"] == "fzstd", figures
    assert started == "snapshot"
    assert "/pyodide/checker.snapshot.zst" in sent


def test_python_starts_once_the_page_is_shown_without_the_pages_script(browser, built_site: Path):
    """python.js starts Python's downloads itself, as soon as the page has painted: they do
    not wait for the theme's script and the checker's (here never loaded) to run."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.route("**/javascripts/checker.js", lambda route: route.abort())
        with ThrottledHost(built_site, PROFILES["local"]) as host:
            page.goto(f"{host.base}fr/checker/")
            page.wait_for_function("() => window.cwPythonSettled === true", timeout=60_000)
            assert page.evaluate("window.cwPythonStartFigures.readyMs") > 0
            sent = {path.split("?")[0] for _, _, path in host.link.sent}
            assert {"/pyodide/pyodide.asm.wasm.zst", "/pyodide/pyodide.asm.wasm.gz"} & sent
            # Started once: asking again gives the same Python, no second worker.
            assert page.evaluate(
                """async () => {
                    const [first, second] = [window.cwStartPython(), window.cwStartPython()];
                    return first === second && (await first).snapshot !== undefined;
                }"""
            )
            requests = [path for _, _, path in host.link.sent if path.endswith("checker-worker.js")]
            assert len(set(requests)) == 1
    finally:
        context.close()


def test_the_checker_waits_for_a_python_script_that_comes_late(browser, built_site: Path):
    """python.js is loaded async: when it comes after the checker's script has run, the
    checker still takes Python up once it is there."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(
        """document.addEventListener("DOMContentLoaded", () => {
            window.pythonScriptAtStart = typeof window.cwStartPython;
        });"""
    )

    def late(route):
        # The browser goes on meanwhile: the page is parsed and its deferred scripts run
        # (well under a second here, even on a loaded machine) without python.js.
        time.sleep(PYTHON_SCRIPT_DELAY_S)
        route.continue_()

    try:
        page.route("**/javascripts/python.js", late)
        with ThrottledHost(built_site, PROFILES["local"]) as host:
            open_checker(page, f"{host.base}fr/checker/")
            assert page.evaluate("window.pythonScriptAtStart") == "undefined"
            question = page.locator('[data-checker-mode] > [data-question="cause"]')
            question.locator('a[data-option="checkinatwork"]').click()
            page.wait_for_function(
                "() => document.querySelector('[data-checker-mode] > [data-outcome]')"
            )
            assert current(page) == ("outcome", "exempt_checkinatwork")
    finally:
        context.close()


@pytest.mark.parametrize("cut", CUT_SHORT)
@pytest.mark.parametrize(
    "navigation", [{"ttfb": 2}, {"ttfb": 10}], ids=["near-gzip", "far-zstandard"]
)
def test_a_download_cut_short_fails_the_start_with_its_own_error(
    browser, built_site: Path, navigation: dict, cut: str
):
    """The WebAssembly is compiled as it comes, the standard library decoded as it comes: a
    download cut short fails the start at once, with the download's error, and the checker
    goes on with its linked pages. Pyodide is never handed the failure: of the WebAssembly
    it would log a failed instantiation and wait for ever, of the standard library it would
    leave a rejected promise unhandled (WebKit logs it)."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(NAVIGATION_SEEN_AS % json.dumps(navigation))
    logged: list[str] = []
    page.on("console", lambda message: logged.append(message.text))
    page.on("worker", lambda worker: worker.on("console", lambda m: logged.append(m.text)))
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        with ThrottledHost(built_site, PROFILES["local"], CUT_SHORT[cut]) as host:
            page.goto(f"{host.base}fr/checker/")
            notice = page.locator("[data-checker-status]")
            notice.filter(has_text="ne peut pas tourner").wait_for(timeout=30_000)
            sent = {path.split("?")[0] for _, _, path in host.link.sent}
            # This page's (checker.js says it with the notice); the outcome page below starts
            # Python again, and fails again, at a time of its own.
            failures = [text for text in logged if "Python could not start" in text]
            assert page.locator("[data-checker-mode]").get_attribute("data-checker-mode") == (
                "static"
            )
            page.locator('[data-question="cause"] a[data-option="checkinatwork"]').click()
            page.wait_for_url(f"{host.base}fr/checker/cause-checkinatwork/")
            assert current(page) == ("outcome", "exempt_checkinatwork")
    finally:
        context.close()
    assert f"/pyodide/{CUT_SHORT[cut].file}.{'gz' if navigation['ttfb'] == 2 else 'zst'}" in sent
    assert len(failures) == 1 and "timeout" not in failures[0], logged
    pyodide_told = ("instantiation failed", "Unhandled", "Uncaught", "installing the standard")
    assert not [text for text in logged if any(words in text for words in pyodide_told)], logged
    assert not page_errors


# What python.js waits, here, for a download to bring something: far shorter than the start
# on the slow link below, which goes on because its downloads keep coming.
SHORT_STALL_MS = 1500


def test_a_start_longer_than_the_stall_time_goes_on_while_its_downloads_come(
    browser, built_site: Path
):
    """No deadline on the start itself: a slow link, or a slow device, takes what it takes
    (a fixed 60 s once failed WebKit's start on a busy machine, and would fail any reader
    whose link brings Python in more than a minute)."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(f"window.cwPythonStallMs = {SHORT_STALL_MS}")
    started = time.monotonic()
    try:
        with ThrottledHost(built_site, SLOW_LINK) as host:
            open_checker(page, f"{host.base}fr/checker/")
            took_s = time.monotonic() - started
            assert page.locator("[data-checker-mode]").get_attribute("data-checker-mode") == (
                "python"
            )
    finally:
        context.close()
    assert took_s > 3 * SHORT_STALL_MS / 1000, "the start took longer than the stall time"


def test_a_download_that_brings_nothing_for_the_stall_time_fails_the_start(
    browser, built_site: Path
):
    """The link stalls (a building site's network gone, no error): after the stall time
    without a byte, the start fails with that reason, the worker is stopped, and the
    checker goes on with its linked pages."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(f"window.cwPythonStallMs = {SHORT_STALL_MS}")
    logged: list[str] = []
    page.on("console", lambda message: logged.append(message.text))
    # Silent for more than three times the stall time, then cut (the page has left by then).
    stalled = cut_short("python_stdlib.zip", 300_000, stall_s=5)
    try:
        with ThrottledHost(built_site, PROFILES["local"], stalled) as host:
            page.goto(f"{host.base}fr/checker/")
            notice = page.locator("[data-checker-status]")
            notice.filter(has_text="ne peut pas tourner").wait_for(timeout=30_000)
            assert page.locator("[data-checker-mode]").get_attribute("data-checker-mode") == (
                "static"
            )
            page.goto("about:blank")  # before the host, still stalled, is stopped
    finally:
        context.close()
    said = [text for text in logged if "no worker" in text]
    assert len(said) == 1 and f"no download progress in {SHORT_STALL_MS} ms" in said[0], logged
