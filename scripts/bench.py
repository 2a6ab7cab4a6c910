"""Benchmark of the checker page: prints a table, then one JSON object as its last line.

Headless Chromium (Debian's) over local http, medians of several runs, cold cache unless
said otherwise. Figures, not assertions: the machines are shared and noisy.

- first_question_ms: navigation start to the first question usable (its answer links in
  the document and painted: the later of first contentful paint and their insertion);
- pyodide_ready_ms: navigation start to data-checker-mode="python", cold cache;
- pyodide_ready_warm_ms: the same, on a second visit (HTTP cache warm);
- pyodide_stock_ms: a bare page that loads the same Pyodide version the documented way
  (<script src="pyodide.js">, then loadPyodide()), navigation start to its promise;
- answer_ms: one in-page answer (click) to the next question shown;
- checker_page_bytes: bytes transferred for the checker page, cold, until Python is ready.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import statistics
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from macros import chromium

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=PROJECT_DIR / "site")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        served = Path(temporary)
        (served / "site").symlink_to(arguments.site.resolve())
        stock = served / "stock"
        shutil.copytree(PROJECT_DIR / "node_modules" / "pyodide", stock / "pyodide")
        (stock / "index.html").write_text(STOCK_PAGE, encoding="utf-8")
        server, base = serve(served)
        checker_url = f"{base}site/fr/checker/"
        cold, warm, stock_runs = [], [], []
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            for _ in range(arguments.runs):
                # Alternate the two pages so that both see the same machine load.
                context = browser.new_context()
                context.add_init_script(PROBE)
                cold.append(checker_visit(context, checker_url))
                warm.append(checker_visit(context, checker_url))
                context.close()
                context = browser.new_context()
                stock_runs.append(stock_visit(context, f"{base}stock/"))
                context.close()
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
    print(f"{'figure':<24} {'median':>12}   (runs: {arguments.runs})")
    for key, value in figures.items():
        print(f"{key:<24} {value:>12}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
