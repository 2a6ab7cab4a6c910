"""The network part of the benchmark: the checker on a phone's link, against stock Pyodide.

For each link profile (scripts/throttled_host.py: one shared pipe, a round trip per
response, gzip as common hosts do), cold cache, ours and stock alternated:

- ready_ms: navigation start to Python ready (ours: data-checker-mode="python"; stock: a
  bare page's loadPyodide() promise, the documented way);
- bytes: bytes the host sent until that moment (headers not counted), which is what a
  reader's data plan pays for Python to be ready;
- first_question_ms (ours): the first question painted, its answer links usable;
- files (the visit of median readiness, ours and stock): each file the host sent until
  Python was ready, when its first and last bytes left the host (ms from the navigation's
  start) and how many bytes it took: where the time and the bytes go.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from throttled_host import PROFILES, ThrottledHost

READY_TIMEOUT_MS = 240_000


def _ours(context, host: ThrottledHost, url: str, fcp) -> dict:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(
        "() => window.__bench && window.__bench.python", timeout=READY_TIMEOUT_MS
    )
    marks = page.evaluate("window.__bench")
    origin = page.evaluate("performance.timeOrigin")
    ready_epoch = origin + marks["python"]
    snapshot = page.evaluate(
        "document.querySelector('[data-checker-mode]').dataset.pythonStart ?? null"
    )
    # The WebAssembly's format the worker chose on this link (zstd or xz).
    wasm = page.evaluate("window.cwPythonStartFigures?.wasm ?? null")
    first = fcp(page)
    page.close()
    return {
        "ready_ms": marks["python"],
        "bytes": host.link.bytes_until(ready_epoch / 1000),
        "first_question_ms": max(first, marks["question"]),
        "start": f"{snapshot} ({wasm})" if wasm else snapshot,
        "files": host.link.files_until(ready_epoch / 1000, origin / 1000),
    }


def _stock(context, host: ThrottledHost, url: str) -> dict:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.__stock_ready", timeout=READY_TIMEOUT_MS)
    ready = page.evaluate("window.__stock_ready")
    origin = page.evaluate("performance.timeOrigin")
    ready_epoch = origin + ready
    page.close()
    return {
        "ready_ms": ready,
        "bytes": host.link.bytes_until(ready_epoch / 1000),
        "files": host.link.files_until(ready_epoch / 1000, origin / 1000),
    }


def measure(browser, served: Path, profile_names: list[str], runs: int, probe: str, fcp) -> dict:
    """{profile: {ours_ready_ms, stock_ready_ms, ratio, ours_bytes, stock_bytes,
    first_question_ms, starts}} over `runs` alternated cold visits per profile."""
    results = {}
    for name in profile_names:
        profile = PROFILES[name]
        ours, stock = [], []
        with ThrottledHost(served, profile) as host:
            for _ in range(runs):
                # A new context each time: an empty HTTP cache, no service worker.
                context = browser.new_context()
                context.add_init_script(probe)
                host.link.reset()
                ours.append(_ours(context, host, f"{host.base}site/fr/checker/", fcp))
                context.close()
                context = browser.new_context()
                host.link.reset()
                stock.append(_stock(context, host, f"{host.base}stock/"))
                context.close()

        def median(runs, key):
            return statistics.median(run[key] for run in runs)

        def median_visit(runs):
            return sorted(runs, key=lambda visit: visit["ready_ms"])[len(runs) // 2]

        ours_ready, stock_ready = median(ours, "ready_ms"), median(stock, "ready_ms")
        results[name] = {
            "ours_ready_ms": round(ours_ready),
            "stock_ready_ms": round(stock_ready),
            "ratio": round(ours_ready / stock_ready, 2),
            "ours_bytes": int(median(ours, "bytes")),
            "stock_bytes": int(median(stock, "bytes")),
            "first_question_ms": round(median(ours, "first_question_ms")),
            "starts": sorted({str(run["start"]) for run in ours}),
            "ours_files": median_visit(ours)["files"],
            "stock_files": median_visit(stock)["files"],
        }
    return results


def table(results: dict) -> list[str]:
    lines = [
        f"{'link':<10} {'ours ready':>11} {'stock ready':>12} {'ratio':>6} "
        f"{'ours MB':>8} {'stock MB':>9} {'1st question':>13}  start",
    ]
    for name, row in results.items():
        seconds = {key: row[key] / 1000 for key in ("ours_ready_ms", "stock_ready_ms")}
        lines.append(
            f"{name:<10} {seconds['ours_ready_ms']:>10.1f}s {seconds['stock_ready_ms']:>11.1f}s "
            f"{row['ratio']:>6.2f} {row['ours_bytes'] / 1e6:>8.2f} "
            f"{row['stock_bytes'] / 1e6:>9.2f} "
            f"{row['first_question_ms'] / 1000:>12.2f}s  {','.join(row['starts'])}"
        )
    return lines


def files_table(results: dict) -> list[str]:
    """Where the time and the bytes go: each file of the visit of median readiness, in the
    order its first byte left the host."""
    lines = []
    for name, row in results.items():
        for who in ("ours", "stock"):
            files = sorted(row[f"{who}_files"].items(), key=lambda item: item[1][0])
            lines.append(f"{name}, {who}: {'from':>6} {'to':>7} {'kB':>7}  file")
            for path, (first, last, size) in files:
                lines.append(
                    f"{'':<{len(name) + len(who) + 3}}{first / 1000:>6.2f}s {last / 1000:>6.2f}s "
                    f"{size / 1000:>7.1f}  {path}"
                )
    return lines
