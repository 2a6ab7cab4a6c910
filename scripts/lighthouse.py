"""Lighthouse on the site: the pages it audits, and one call that audits them.

Used by `make bench` (every category, the performance figures, a table) and by
tests/test_lighthouse.py (the deterministic categories only: accessibility, best practices
and SEO, held at 100 on every page). Lighthouse is the npm package pinned in package.json,
run by scripts/lighthouse.mjs on Debian's Chromium with its default mobile profile
(simulated slow 4G and a four times slower CPU).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nginx

PROJECT_DIR = Path(__file__).resolve().parent.parent
SCRIPT = PROJECT_DIR / "scripts" / "lighthouse.mjs"
# Lighthouse's categories whose audits are rules, the same on every run; performance is
# measured, and varies with the machine.
DETERMINISTIC = ["accessibility", "best-practices", "seo"]
CATEGORIES = ["performance", *DETERMINISTIC]
# The checker's first question is its page; one outcome, reached by its answers.
OUTCOME = "checker/cause-checkinatwork/"
PAGES = ["", "procedure/", "checker/", OUTCOME, "listing/"]
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_S = 120  # per page


@dataclass
class Report:
    url: str
    scores: dict[str, int | None]
    failed: list[dict] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)
    runtime_error: str | None = None


def audited_paths(languages: list[str]) -> list[str]:
    """The root, then in each language its home, the procedure, the checker's first
    question, one outcome and the listing."""
    return ["", *(f"{language}/{page}" for language in languages for page in PAGES)]


def audit(urls: list[str], categories: list[str] | None = None) -> list[Report]:
    """Lighthouse's report on each of ``urls`` (one browser, one page after another)."""
    argument = {"urls": urls, "categories": categories, "chromeFlags": CHROME_FLAGS}
    result = subprocess.run(
        ["node", str(SCRIPT), json.dumps(argument)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * len(urls) + 60,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise RuntimeError(f"lighthouse failed ({result.returncode}): {result.stderr[-2000:]}")
    reports = []
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            reports.append(
                Report(
                    url=data["url"],
                    scores=data["scores"],
                    failed=data["failed"],
                    metrics=data["metrics"],
                    runtime_error=data["runtimeError"],
                )
            )
    return reports


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench(site_dir: Path, languages: list[str]) -> tuple[list[str], dict]:
    """Every category on every audited page of ``site_dir``, served as a real host would
    (nginx with deploy/nginx.conf: compression and caching headers; the plain local server
    when nginx is missing, said in the table). Returns the table's lines and the figures."""
    paths = audited_paths(languages)
    run_dir = Path(tempfile.mkdtemp(prefix="checkinatwork-lighthouse-"))
    port = free_port()
    server = process = None
    try:
        if Path(nginx.NGINX).exists():
            host = "nginx (deploy/nginx.conf)"
            process = nginx.start(site_dir, port, run_dir)
            _wait_for(port)
        else:
            host = "python http.server (no compression: install nginx-light)"
            handler = functools.partial(_QuietHandler, directory=site_dir)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{port}/"
        reports = audit([base + path for path in paths], CATEGORIES)
    finally:
        if server is not None:
            server.shutdown()
        if process is not None:
            process.terminate()
            process.wait()
        shutil.rmtree(run_dir, ignore_errors=True)

    head = f"{'lighthouse (mobile)':<32} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4}"
    head += f" {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>6} {'SI ms':>7} {'kB':>7}"
    lines = [f"Lighthouse on {host}, default mobile profile", head]
    pages = {}
    for path, report in zip(paths, reports, strict=True):
        scores, metrics = report.scores, report.metrics
        pages[path or "/"] = {
            **{name: scores.get(name) for name in CATEGORIES},
            **{name: round(value, 3 if name == "cls" else 0) for name, value in metrics.items()},
            "failed": [failed["id"] for failed in report.failed],
        }
        row = f"{path or '/':<32}"
        row += "".join(
            f" {scores.get(name) if scores.get(name) is not None else '-':>4}"
            for name in CATEGORIES
        )
        row += f" {metrics['fcp_ms']:>7.0f} {metrics['lcp_ms']:>7.0f} {metrics['tbt_ms']:>7.0f}"
        kilobytes = metrics["bytes"] / 1000
        row += f" {metrics['cls']:>6.3f} {metrics['speed_index_ms']:>7.0f} {kilobytes:>7.0f}"
        if report.failed:
            row += "  failed: " + ", ".join(failed["id"] for failed in report.failed)
        lines.append(row)
    figures = {
        "lighthouse_min_performance": min(page["performance"] or 0 for page in pages.values()),
        "lighthouse_min_deterministic": min(
            page[name] or 0 for page in pages.values() for name in DETERMINISTIC
        ),
        "lighthouse_max_tbt_ms": max(page["tbt_ms"] for page in pages.values()),
        "lighthouse_max_cls": max(page["cls"] for page in pages.values()),
        "lighthouse": pages,
    }
    return lines, figures


def _wait_for(port: int, timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")
