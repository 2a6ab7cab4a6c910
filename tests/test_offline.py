"""The online guide after one visit, with the network gone: the service worker (Workbox)
serves every page of the reader's language, the checker and the listing with Python, the
blank PDFs and search; a new build replaces the old one as a whole; Python is cached only
once a page starts it; from the file system nothing changes.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_checker_python import answer_in_page
from test_python_start import SLOW_LINK

import content

from conftest import (
    PROJECT_DIR,
    PYTHON_READY_MS,
    build_site,
    copy_project,
    message,
    open_checker,
    open_form,
    row,
    search,
)

pytestmark = pytest.mark.browser

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
from throttled_host import PROFILES, ThrottledHost  # noqa: E402

TEXTS = content.load()
LANGUAGE = "nl"  # the reader's language in these tests (the worker precaches every one)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a browser that drops a connection early


@pytest.fixture
def served(tmp_path: Path, built_site: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the built site over http, in a folder the test may replace (a new build)."""
    root = tmp_path / "www"
    shutil.copytree(built_site, root)
    handler = functools.partial(_Handler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()
    server.server_close()


def first_visit(browser, url: str):
    """A new reader (nothing cached) opens ``url`` and waits until the guide is ready offline."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    wait_ready_offline(page)
    return context, page


def wait_ready_offline(page) -> None:
    """The page is controlled by the worker and says the guide is ready offline."""
    page.wait_for_function("() => navigator.serviceWorker?.controller !== null")
    status = page.locator('[data-offline-status][data-offline-state="ready"]')
    status.wait_for()
    assert status.inner_text() == TEXTS.text("offline.ready", LANGUAGE)


def cached_urls(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                urls.push(...(await cache.keys()).map((request) => `${name} ${request.url}`));
            }
            return urls;
        }"""
    )


def language_pages(site: Path) -> list[str]:
    return sorted(
        page.relative_to(site).parent.as_posix() + "/"
        for page in (site / LANGUAGE).rglob("index.html")
    )


def test_after_one_visit_the_guide_works_without_network(browser, served):
    url, root = served
    context, page = first_visit(browser, f"{url}{LANGUAGE}/")
    # The reader opens the checker and the listing once: Python is cached then.
    open_checker(page, f"{url}{LANGUAGE}/checker/")
    open_form(page, f"{url}{LANGUAGE}/listing/")

    pages = language_pages(root)
    context.set_offline(True)
    # Nothing can come from the server any more: its files are gone too.
    shutil.rmtree(root)
    not_precached = page.evaluate(
        "fetch('../sitemap.xml').then((r) => `status ${r.status}`, (e) => e.name)"
    )
    assert not_precached == "TypeError", "the network is really cut"
    page.reload()
    page.wait_for_selector('[data-listing][data-python="ready"]', timeout=PYTHON_READY_MS)
    row(page, 1).locator('[data-column="identifier"]').fill("88222999936")
    assert message(page, 1).startswith("Correct bisnummer")
    pdf = page.evaluate(
        """async () => {
            const response = await fetch("listing.pdf");
            const bytes = new Uint8Array(await response.arrayBuffer());
            return [response.status, String.fromCharCode(...bytes.slice(0, 5))];
        }"""
    )
    assert pdf == [200, "%PDF-"]

    # Every page of the language, none of them opened before.
    assert len(pages) > 40
    for path in pages:
        response = page.goto(f"{url}{path}")
        assert response is not None and response.ok, path
        assert page.locator("h1").count() == 1, path

    # The checker with Python, a whole path in the page.
    open_checker(page, f"{url}{LANGUAGE}/checker/")
    answers = [("cause", "third_party"), ("other_channel", "no"), ("permanent", "no")]
    answer_in_page(page, answers, then=("outcome", "exempt_infrastructure"))

    # Search, in the reader's language.
    page.goto(f"{url}{LANGUAGE}/procedure/")
    assert any("procedure" in link for link in search(page, "noodprocedure"))
    context.close()


def test_python_is_cached_only_once_a_page_starts_it(browser, served):
    url, _ = served
    context, page = first_visit(browser, f"{url}{LANGUAGE}/")
    page.goto(f"{url}{LANGUAGE}/procedure/")
    wait_ready_offline(page)
    cached = cached_urls(page)
    assert any("/procedure/" in entry for entry in cached), "pages are precached"
    assert not [entry for entry in cached if "/pyodide/" in entry], "no Python yet"
    assert not [entry for entry in cached if entry.startswith("python-")]
    open_checker(page, f"{url}{LANGUAGE}/checker/")
    python = [entry for entry in cached_urls(page) if entry.startswith("python-")]
    assert any(entry.endswith("/pyodide.asm.wasm.zst") for entry in python), python
    context.close()


def test_python_cached_on_a_slow_link_starts_offline(browser, built_site: Path):
    """On a slow link the worker takes the WebAssembly in xz; offline, it takes that file
    from the cache (the link then reads fast, but Zstandard's file was never fetched)."""
    with ThrottledHost(built_site, PROFILES["local"]) as host:
        context, page = first_visit(browser, f"{host.base}{LANGUAGE}/")
        host.link.profile = SLOW_LINK  # the guide is precached; Python comes slowly
        open_checker(page, f"{host.base}{LANGUAGE}/checker/")
        assert page.evaluate("window.cwPythonStartFigures.wasm") == "xz"
        python = [entry for entry in cached_urls(page) if entry.startswith("python-")]
        assert any(entry.endswith("/pyodide.asm.wasm.xz") for entry in python), python
        assert not any(entry.endswith("/pyodide.asm.wasm.zst") for entry in python), python
        context.set_offline(True)
        open_checker(page, f"{host.base}{LANGUAGE}/checker/")
        assert page.evaluate("window.cwPythonStartFigures.wasm") == "xz"
        answers = [("cause", "third_party"), ("other_channel", "no"), ("permanent", "no")]
        answer_in_page(page, answers, then=("outcome", "exempt_infrastructure"))
        context.close()


def _revisions(worker: str) -> dict[str, str]:
    """The precache manifest of a built sw.js: url -> revision (null for hashed names)."""
    return {
        url: revision
        for url, revision in re.findall(r'\{url:"([^"]+)",revision:(?:"([^"]*)"|null)\}', worker)
    }


def test_a_new_build_replaces_the_old_one_as_a_whole(browser, served, tmp_path: Path):
    url, root = served
    context, page = first_visit(browser, f"{url}{LANGUAGE}/about/")
    old_version = page.locator("#version + p").inner_text()
    # An older build's Python cache, as a reader may hold: the new worker removes it.
    page.evaluate(
        "caches.open('python-0000000000000000').then((c) => c.put('/x', new Response('x')))"
    )

    # Build v2 (another version number) and put it where v1 was.
    project = copy_project(tmp_path / "project")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        re.sub(r'version = "[^"]+"', 'version = "9.9.9"', pyproject.read_text()), encoding="utf-8"
    )
    result = build_site(project, tmp_path / "v2")
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.rmtree(root)
    shutil.copytree(tmp_path / "v2", root)
    assert "9.9.9" in (root / LANGUAGE / "about" / "index.html").read_text(encoding="utf-8")

    # The next visit finds the new worker; until the reader reloads, pages stay version 1.
    page.goto(f"{url}{LANGUAGE}/")
    status = page.locator('[data-offline-status][data-offline-state="update"]')
    status.wait_for()
    assert TEXTS.text("offline.update", LANGUAGE) in status.inner_text()
    page.goto(f"{url}{LANGUAGE}/about/")
    assert page.locator("#version + p").inner_text() == old_version
    status.wait_for()
    with page.expect_navigation():
        status.locator("[data-offline-reload]").click()
    page.wait_for_function("() => document.readyState === 'complete'")
    assert "9.9.9" in page.locator("#version + p").inner_text()

    # Only the new version is kept: every precached file at its v2 revision, the old
    # Python cache gone.
    revisions = _revisions((root / "sw.js").read_text(encoding="utf-8"))
    cached = cached_urls(page)
    assert not [entry for entry in cached if entry.startswith("python-0000")]
    precached = [entry.split(" ", 1)[1] for entry in cached if "precache" in entry.split(" ")[0]]
    assert len(precached) == len(revisions)
    for cached_url in precached:
        path, _, query = cached_url.removeprefix(url).partition("?__WB_REVISION__=")
        assert path in revisions, cached_url
        assert (revisions[path] or "") == query, cached_url
    context.close()


def test_every_language_has_its_manifest_and_the_icon_is_the_sites_own(built_site: Path):
    for language in TEXTS.languages:
        manifest = json.loads((built_site / language / "manifest.webmanifest").read_text())
        assert manifest["name"] == TEXTS.text("site.name", language)
        assert manifest["lang"] == language
        assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
            "./",
            "./",
            "standalone",
        )
        for icon in manifest["icons"]:
            assert (built_site / language / icon["src"]).resolve().is_file()
        home = (built_site / language / "index.html").read_text(encoding="utf-8")
        assert '<link rel="manifest" href="manifest.webmanifest">' in home


def test_from_the_file_system_there_is_no_worker(page, offline_url: str):
    page.goto(f"{offline_url}{LANGUAGE}/index.html")
    page.wait_for_load_state("load")
    assert page.locator("[data-offline-status]").is_hidden()
    assert not (Path(offline_url.removeprefix("file://")) / "sw.js").exists()


def test_a_new_version_reloads_only_the_tab_that_asks_and_the_list_typed_is_kept(browser, served):
    """Three tabs: the listing with a worker typed, the procedure, the language choice (a
    page without the update line). The procedure's reader takes the new version: that tab
    reloads; the listing stays as it is and offers the new version in turn; the language
    choice, which holds nothing typed, reloads rather than run on with the new files. Then
    the listing's reader takes it: the list comes back as it was, nothing kept after."""
    url, root = served
    context, listing = first_visit(browser, f"{url}{LANGUAGE}/listing/")
    open_form(listing, f"{url}{LANGUAGE}/listing/")
    typed = {"identifier": "93051822361", "name": "Peeters", "first_name": "Jan"}
    for column, value in typed.items():
        row(listing, 1).locator(f'[data-column="{column}"]').fill(value)
    assert not listing.locator("[data-listing-keep]").is_checked()
    procedure = context.new_page()
    procedure.goto(f"{url}{LANGUAGE}/procedure/")
    choice = context.new_page()
    choice.goto(url)
    for page in (listing, choice):
        page.evaluate("() => { window.cwSameDocument = true; }")

    # Another version of the worker (the test's change to its bytes) is deployed.
    worker = root / "sw.js"
    worker.write_text(worker.read_text(encoding="utf-8") + "\n// another version\n", "utf-8")
    procedure.goto(f"{url}{LANGUAGE}/")
    update = '[data-offline-status][data-offline-state="update"]'
    procedure.locator(update).wait_for()
    listing.locator(update).wait_for()
    assert TEXTS.text("offline.update_keeps_list", LANGUAGE) in listing.locator(update).inner_text()

    # The reader of another tab asks for it: that tab reloads, the listing's does not.
    with procedure.expect_navigation():
        procedure.locator(update).locator("[data-offline-reload]").click()
    choice.wait_for_function("() => window.cwSameDocument === undefined", timeout=60_000)
    listing.wait_for_timeout(500)  # a reload would have begun
    assert listing.evaluate("() => window.cwSameDocument") is True
    assert listing.locator(update).is_visible()
    assert row(listing, 1).locator('[data-column="name"]').input_value() == "Peeters"

    # Its own reader asks: it reloads, with the list as it was, and nothing kept after.
    with listing.expect_navigation():
        listing.locator(update).locator("[data-offline-reload]").click()
    listing.wait_for_selector('[data-listing][data-python="ready"]', state="attached")
    assert listing.evaluate("() => window.cwSameDocument") is None
    for column, value in typed.items():
        assert row(listing, 1).locator(f'[data-column="{column}"]').input_value() == value
    assert "Correct rijksregisternummer" in message(listing, 1)
    assert listing.evaluate("() => [sessionStorage.length, localStorage.length]") == [0, 0]
    context.close()
