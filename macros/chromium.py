"""Debian's Chromium, as the build, the tests and the benchmark launch it through Playwright.

Playwright's own browser download cannot run on these machines: ``make`` installs Debian's
``chromium`` and everything launches that. Headless, no sandbox (root in CI), and no
traffic of its own (the machine's network is closed: its background requests would fail).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def installed() -> bool:
    return Path(CHROMIUM).exists()


def launch(playwright):
    """A headless Debian Chromium from a started ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
