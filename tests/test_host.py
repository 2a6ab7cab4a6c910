"""A real host: nginx with deploy/nginx.conf (scripts/nginx.py) serving the built site. The
headers a host should send, compression, the service worker's scope, and the offline visit
through it."""

from __future__ import annotations

import gzip
import http.server
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import PROJECT_DIR, open_checker

pytestmark = pytest.mark.browser

import sys  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
import nginx  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def host_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    server = nginx.start(built_site, port, tmp_path_factory.mktemp("nginx"))
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"nginx stopped: exit {server.returncode}")
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


def fetch(url: str, gzip_ok: bool = False):
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        return response.status, dict(response.headers), response.read()


def test_pages_revalidate_and_are_never_framed(host_url: str):
    status, headers, body = fetch(f"{host_url}fr/procedure/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-cache"
    assert "ETag" in headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    # The header only narrows the page's own policy: nothing a page needs is named in it.
    assert "script-src" not in headers["Content-Security-Policy"]
    assert "default-src" not in headers["Content-Security-Policy"]
    assert b'http-equiv="Content-Security-Policy"' in body
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_versioned_files_are_kept_a_year_and_the_worker_is_revalidated(
    host_url: str, built_site: Path
):
    hashed = next((built_site / "assets" / "stylesheets").glob("main.*.min.css"))
    _, headers, _ = fetch(f"{host_url}assets/stylesheets/{hashed.name}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for path in ("sw.js", "fr/manifest.webmanifest", "javascripts/checker.js", "fr/"):
        _, headers, _ = fetch(host_url + path)
        assert headers["Cache-Control"] == "no-cache", path
    _, headers, _ = fetch(f"{host_url}fr/manifest.webmanifest")
    assert headers["Content-Type"].startswith("application/manifest+json")


def test_text_is_compressed_and_zstandard_files_go_as_they_are(host_url: str, built_site: Path):
    status, headers, body = fetch(f"{host_url}pyodide/pyodide.asm.mjs", gzip_ok=True)
    assert status == 200
    assert headers["Content-Type"].startswith("text/javascript")
    assert headers["Content-Encoding"] == "gzip"
    plain = (built_site / "pyodide" / "pyodide.asm.mjs").read_bytes()
    assert gzip.decompress(body) == plain
    assert len(body) < 0.5 * len(plain)
    # The WebAssembly, the standard library and the snapshot are Zstandard, xz or gzip already
    # (the page decompresses them): a second compression would only cost the host's time.
    names = (
        "pyodide.asm.wasm.zst",
        "pyodide.asm.wasm.xz",
        "pyodide.asm.wasm.gz",
        "python_stdlib.zip.zst",
        "python_stdlib.zip.gz",
        "checker.snapshot.gz",
    )
    for name in (*names, "checker.snapshot.zst"):
        status, headers, body = fetch(f"{host_url}pyodide/{name}", gzip_ok=True)
        assert status == 200
        assert "Content-Encoding" not in headers, name
        assert body == (built_site / "pyodide" / name).read_bytes(), name
    _, headers, body = fetch(f"{host_url}fr/procedure/", gzip_ok=True)
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"


def test_an_unknown_address_gets_the_404_page(host_url: str):
    try:
        fetch(f"{host_url}fr/no-such-page/")
    except urllib.error.HTTPError as error:
        assert error.code == 404
        assert b"404" in error.read()
    else:
        pytest.fail("no 404")


def test_the_worker_controls_the_whole_site_and_the_guide_opens_offline(browser, host_url: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{host_url}fr/")
    page.wait_for_function("() => navigator.serviceWorker?.controller !== null")
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == host_url
    open_checker(page, f"{host_url}fr/checker/")
    context.set_offline(True)
    page.goto(f"{host_url}fr/contact/")
    assert page.locator("h1").count() == 1
    open_checker(page, f"{host_url}fr/checker/")
    assert page.locator("[data-checker-mode]").get_attribute("data-checker-mode") == "python"
    context.close()


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Another origin, which records every request that reaches it."""

    received: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.received.append(self.path)
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_python_worker_has_a_policy_of_its_own_that_lets_nothing_out(browser, host_url):
    """A worker takes its policy from its own response, not from the page: the worker that
    runs Python gets one from the host, which lets it reach the site and compile
    WebAssembly (Python starts under it) and nothing else. A request made in the worker to
    another origin, as a misbehaving dependency could make, is refused before it leaves."""
    _, headers, _ = fetch(f"{host_url}javascripts/checker-worker.js")
    policy = headers["Content-Security-Policy"]
    assert policy == (
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-cache"
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    other_url = f"http://127.0.0.1:{other.server_address[1]}/"
    try:
        page = browser.new_page()
        page.goto(f"{host_url}fr/listing/")
        page.wait_for_selector(
            '[data-listing][data-python="ready"]', state="attached", timeout=90_000
        )
        worker = next(w for w in page.workers if w.url.endswith("/checker-worker.js"))
        sent = worker.evaluate(
            "(url) => fetch(url).then(() => 'sent', (error) => String(error))",
            f"{other_url}from-the-worker",
        )
        assert sent != "sent"
        page.close()
        # The origin answers a request made from outside the browser: the refusal was the
        # policy's, not a server that is not there.
        urllib.request.urlopen(f"{other_url}control", timeout=5).close()
    finally:
        other.shutdown()
    assert _Recorder.received == ["/control"], _Recorder.received
