"""Lighthouse on the site: the pages it audits, and one call that audits them.

Used by `make bench` (every category, the performance figures, a table) and by
tests/test_lighthouse.py (the deterministic categories only: accessibility, best practices
and SEO, held at 100 on every page). Lighthouse is the npm package pinned in package.json,
run by scripts/lighthouse.mjs on Debian's Chromium with its default mobile profile
(simulated slow 4G and a four times slower CPU).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

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
