"""Benchmark of the site: prints a table, then one JSON object as its last line.

Headless Chromium (Debian's) over local http and from the file system, medians of several
runs, cold cache unless said otherwise. Figures, not assertions: the machines are shared
and noisy.

- first_question_ms: navigation start to the first question usable (its answer links in
  the document and painted: the later of first contentful paint and their insertion);
- pyodide_ready_ms: navigation start to data-checker-mode="python", cold cache;
- pyodide_ready_warm_ms: the same, on a second visit, once the first has made the guide
  ready offline (HTTP cache warm, the service worker active, Python in its cache);
- pyodide_stock_ms: a bare page that loads the same Pyodide version the documented way
  (<script src="pyodide.js">, then loadPyodide()), navigation start to its promise;
- answer_ms: one in-page answer (click) to the next question shown;
- checker_page_bytes: bytes transferred for the checker page, cold, until Python is ready;
- file_pyodide_ready_ms: pyodide_ready_ms for the checker page of the offline bundle,
  unzipped and opened from the file system (file://), in the same runs; file_vs_http is
  its ratio to the http figure;
- bundle_bytes, bundle_zip_bytes: the offline bundle (`make bundle`) as a folder, as a zip;
- procedure_page_bytes: the procedure page's HTML (French); procedure_load_bytes: all that
  a browser loads to show it, cold;
- lighthouse: Lighthouse (scripts/lighthouse.py), default mobile profile, on the root and, in
  each language, the home, the procedure, the checker's first question, one outcome and
  the listing, served by nginx with deploy/nginx.conf: each category's score and FCP, LCP,
  TBT, CLS, speed index and bytes per page (one run each: a table of its own), and the
  lowest and highest of them among the figures;
- network (scripts/network_bench.py): the checker on a phone's link against stock Pyodide,
  per link profile (4G, slow 4G: scripts/throttled_host.py), cold, alternated: Python
  ready, its ratio to stock, bytes moved until then, the first question's paint, and how
  Python started (snapshot or ordinary);
- listing (scripts/listing_bench.py): a crew list of 500, 2,000 and 5,000 workers imported,
  pasted and printed on the listing: times, the time per row, the longest animation frame
  of each (the page cannot answer the reader for that long), the printed pages;
- build_s: `mkdocs build` of the whole bilingual site (Pyodide's snapshot cached, as after
  a first build); bare_build_s: a bare Material build of the same Markdown pages (no hooks,
  no i18n plugin, no Pyodide, no PDF), in the same runs.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import lighthouse
import listing_bench
import network_bench
import yaml
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import sync_playwright

import content
from macros import chromium
from macros.render import render_site
from macros.version import site_version

PROJECT_DIR = Path(__file__).resolve().parent.parent
READY_TIMEOUT_MS = 120_000

# Records, in the page, when the first answer link appears and when Python is ready.
PROBE = """
(() => {
  const marks = (window.__bench = {});
  const look = () => {
    if (!marks.question && document.querySelector("[data-question] a[data-option]")) {
      marks.question = performance.now();
    }
    const root = document.querySelector("[data-checker-mode]");
    if (!marks.python && root && root.dataset.checkerMode === "python") {
      marks.python = performance.now();
    }
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true});
  document.addEventListener("DOMContentLoaded", look);
})();
"""

STOCK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stock Pyodide</title>
<script src="pyodide/pyodide.js"></script></head>
<body><script>
loadPyodide().then(() => { window.__stock_ready = performance.now(); });
</script></body></html>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def fcp(page) -> float:
    return page.evaluate(
        """() => new Promise((resolve) => {
            const done = (entries) => {
                const entry = entries.find((e) => e.name === "first-contentful-paint");
                if (entry) { resolve(entry.startTime); return true; }
                return false;
            };
            if (done(performance.getEntriesByType("paint"))) return;
            new PerformanceObserver((list) => done(list.getEntries()))
                .observe({type: "paint", buffered: true});
        })"""
    )


def checker_visit(context, url: str) -> dict:
    page = context.new_page()
    transferred = []
    page.on("requestfinished", lambda request: transferred.append(request))
    page.goto(url)
    page.wait_for_function(
        "() => window.__bench && window.__bench.python", timeout=READY_TIMEOUT_MS
    )
    marks = page.evaluate("window.__bench")
    first_paint = fcp(page)
    total = 0
    for request in transferred:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    answer = page.evaluate(
        """() => new Promise((resolve) => {
            const root = document.querySelector("[data-checker-mode]");
            const started = performance.now();
            new MutationObserver((_, observer) => {
                const next = root.querySelector(':scope > [data-question="provider_contact"]');
                if (next) { observer.disconnect(); resolve(performance.now() - started); }
            }).observe(root, {childList: true, subtree: true});
            root.querySelector(':scope > [data-question] a[data-option="provider"]').click();
        })"""
    )
    # Over http the first visit ends when the guide is ready offline (the service worker,
    # registered once Python is up, has precached the site): a second visit comes later.
    page.evaluate(
        """() => location.protocol === "file:" || !navigator.serviceWorker
            || navigator.serviceWorker.ready.then(() => true)"""
    )
    page.close()
    return {
        "first_question_ms": max(first_paint, marks["question"]),
        "pyodide_ready_ms": marks["python"],
        "answer_ms": answer,
        "bytes": total,
    }


def stock_visit(context, url: str) -> float:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.__stock_ready", timeout=READY_TIMEOUT_MS)
    ready = page.evaluate("window.__stock_ready")
    page.close()
    return ready


def page_load_bytes(context, url: str) -> int:
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    page.close()
    return total


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - started


def bare_project(target: Path) -> Path:
    """The site's Markdown pages, as rendered for the build, in a bare Material project:
    the theme and the same Markdown extensions, nothing of ours."""
    # MkDocs' own reading of it (its !ENV and !!python/name tags).
    config = yaml_load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"))
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if "i18n" in plugin)
    root = next(language["locale"] for language in i18n["languages"] if language.get("default"))
    site = render_site(content.load(), root_language=root, version=site_version())
    for source, text in site.pages.items():
        page = target / "docs" / source
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    bare = {
        "site_name": "bare",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": config["markdown_extensions"],
        "plugins": ["search"],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(bare), encoding="utf-8")
    return target


def build_times(runs: int, scratch: Path) -> tuple[float, float]:
    """Median seconds of the full build and of the bare build, run alternately."""
    bare = bare_project(scratch / "bare")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d"]
    full, plain = [], []
    for _ in range(runs):
        full.append(timed([*mkdocs, str(scratch / "full-site")], PROJECT_DIR))
        plain.append(timed([*mkdocs, str(scratch / "bare-site")], bare))
    return statistics.median(full), statistics.median(plain)


def bundle(scratch: Path) -> tuple[Path, int, int]:
    """`make bundle` into scratch, then unzipped as a reader would: (folder, bytes, zip bytes)."""
    dist = scratch / "dist"
    subprocess.run(
        [sys.executable, "scripts/bundle.py", "--dist", str(dist)],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    (archive,) = dist.glob("*.zip")
    folder = dist / archive.stem
    folder_bytes = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    with zipfile.ZipFile(archive) as unzipping:
        unzipping.extractall(scratch / "usb-stick")
    return scratch / "usb-stick" / archive.stem, folder_bytes, archive.stat().st_size


def served_folder(scratch: Path, site: Path) -> Path:
    """A folder with the built site (site/) and the bare stock Pyodide page (stock/)."""
    served = scratch / "served"
    served.mkdir()
    (served / "site").symlink_to(site.resolve())
    stock = served / "stock"
    shutil.copytree(PROJECT_DIR / "node_modules" / "pyodide", stock / "pyodide")
    (stock / "index.html").write_text(STOCK_PAGE, encoding="utf-8")
    return served


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=PROJECT_DIR / "site")
    parser.add_argument(
        "--lighthouse-only", action="store_true", help="only Lighthouse's table and figures"
    )
    parser.add_argument(
        "--network-only", action="store_true", help="only the network table and figures"
    )
    parser.add_argument("--network-runs", type=int, default=3)
    parser.add_argument(
        "--listing-only", action="store_true", help="only the listing's table and figures"
    )
    parser.add_argument("--listing-runs", type=int, default=3)
    parser.add_argument("--listing-sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--profiles", nargs="+", default=["4g", "slow-4g"])
    arguments = parser.parse_args()
    languages = list(content.load().languages)
    if arguments.lighthouse_only:
        lines, figures = lighthouse.bench(arguments.site, languages)
        print("\n".join(lines))
        print(json.dumps(figures))
        return
    if arguments.listing_only:
        server, base = serve(arguments.site)
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            listing = listing_bench.measure(
                browser, base, arguments.listing_sizes, arguments.listing_runs
            )
            browser.close()
        server.shutdown()
        print("\n".join(listing_bench.table(listing)))
        print(json.dumps({"listing": listing}))
        return
    if arguments.network_only:
        with tempfile.TemporaryDirectory() as temporary:
            served = served_folder(Path(temporary), arguments.site)
            with sync_playwright() as playwright:
                browser = chromium.launch(playwright)
                network = network_bench.measure(
                    browser, served, arguments.profiles, arguments.network_runs, PROBE, fcp
                )
                browser.close()
        print("\n".join(network_bench.table(network)))
        print()
        print("\n".join(network_bench.files_table(network)))
        print(json.dumps({"network": network}))
        return

    with tempfile.TemporaryDirectory() as temporary:
        scratch = Path(temporary)
        build_s, bare_build_s = build_times(arguments.build_runs, scratch)
        usb_stick, bundle_bytes, bundle_zip_bytes = bundle(scratch)
        served = served_folder(scratch, arguments.site)
        server, base = serve(served)
        checker_url = f"{base}site/fr/checker/"
        file_checker_url = (usb_stick / "fr" / "checker" / "index.html").as_uri()
        cold, warm, from_file, stock_runs = [], [], [], []
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            for _ in range(arguments.runs):
                # Alternate the pages so that all see the same machine load.
                context = browser.new_context()
                context.add_init_script(PROBE)
                cold.append(checker_visit(context, checker_url))
                warm.append(checker_visit(context, checker_url))
                context.close()
                context = browser.new_context()
                context.add_init_script(PROBE)
                from_file.append(checker_visit(context, file_checker_url))
                context.close()
                context = browser.new_context()
                stock_runs.append(stock_visit(context, f"{base}stock/"))
                context.close()
            context = browser.new_context()
            procedure_load_bytes = page_load_bytes(context, f"{base}site/fr/procedure/")
            context.close()
            network = network_bench.measure(
                browser, served, arguments.profiles, arguments.network_runs, PROBE, fcp
            )
            listing = listing_bench.measure(
                browser, f"{base}site/", arguments.listing_sizes, arguments.listing_runs
            )
            browser.close()
        server.shutdown()

    def median(runs, key):
        return round(statistics.median(run[key] for run in runs), 1)

    figures = {
        "first_question_ms": median(cold, "first_question_ms"),
        "pyodide_ready_ms": median(cold, "pyodide_ready_ms"),
        "pyodide_ready_warm_ms": median(warm, "pyodide_ready_ms"),
        "pyodide_stock_ms": round(statistics.median(stock_runs), 1),
        "answer_ms": median(cold + warm, "answer_ms"),
        "checker_page_bytes": int(statistics.median(run["bytes"] for run in cold)),
    }
    figures["ready_vs_stock"] = round(figures["pyodide_ready_ms"] / figures["pyodide_stock_ms"], 2)
    figures["file_pyodide_ready_ms"] = median(from_file, "pyodide_ready_ms")
    figures["file_vs_http"] = round(
        figures["file_pyodide_ready_ms"] / figures["pyodide_ready_ms"], 2
    )
    figures["bundle_bytes"] = bundle_bytes
    figures["bundle_zip_bytes"] = bundle_zip_bytes
    procedure = arguments.site / "fr" / "procedure" / "index.html"
    figures["procedure_page_bytes"] = procedure.stat().st_size
    figures["procedure_load_bytes"] = procedure_load_bytes
    figures["build_s"] = round(build_s, 2)
    figures["bare_build_s"] = round(bare_build_s, 2)
    lighthouse_lines, lighthouse_figures = lighthouse.bench(arguments.site, languages)
    print(f"{'figure':<24} {'median':>12}   (runs: {arguments.runs})")
    for key, value in figures.items():
        print(f"{key:<24} {value:>12}")
    print()
    print("\n".join(network_bench.table(network)))
    print()
    print("\n".join(network_bench.files_table(network)))
    print()
    print("\n".join(listing_bench.table(listing)))
    print()
    print("\n".join(lighthouse_lines))
    print(json.dumps({**figures, "network": network, "listing": listing, **lighthouse_figures}))


if __name__ == "__main__":
    main()
