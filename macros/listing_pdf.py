"""Print the blank listings to PDF at build time, so that a reader can print the form
without the browser's print dialog (and keep it on a USB stick).

Debian's Chromium prints the built pages with JavaScript off (the blank form as the page
shows it without scripts), on A4, as a person's browser would.
"""

from __future__ import annotations

from pathlib import Path

from macros import chromium

PDF_NAME = "listing.pdf"


class ListingPdfError(Exception):
    pass


def print_blank_listings(site_dir: Path, folders: list[str]) -> list[Path]:
    """Write ``<folder>/listing.pdf`` beside each listing page of ``folders``."""
    if not chromium.installed():
        raise ListingPdfError(
            f"{chromium.CHROMIUM} is missing: `make build` installs Debian's chromium, which "
            "prints the blank listings to PDF"
        )
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        for folder in folders:
            html = site_dir / folder / "index.html"
            page.goto(html.as_uri())
            target = site_dir / folder / PDF_NAME
            target.write_bytes(page.pdf(format="A4", print_background=True))
            written.append(target)
        browser.close()
    return written
