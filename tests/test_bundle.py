"""The offline bundle: `make bundle`, unzipped, opened from the file system (file://).

What works there today: the language choice, navigation, both languages and the switcher
on every page, the static checker (walked in test_checker_static), the blank listings and
their PDFs, and no request outside the bundle. Python in the page and search over file://
are the open part of issue 6.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import PROJECT_DIR

pytestmark = pytest.mark.browser

VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "scripts/bundle.py", "--dist", str(dist)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    archives = list(dist.glob("checkinatwork-guide-*.zip"))
    assert len(archives) == 1
    folder = dist / archives[0].stem
    assert (folder / "index.html").exists()
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(archives[0]) as archive:
        names = archive.namelist()
        assert all(name.startswith(f"{folder.name}/") for name in names), "one top folder"
        archive.extractall(target)
    return target / folder.name


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_every_link_of_every_page_leads_to_a_file_of_the_bundle(unzipped: Path):
    missing = []
    for html in _pages(unzipped):
        for href in re.findall(r'href="([^"#?]+)[^"]*"', html.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", href):
                continue  # tel:, https: — a link to follow, not a file to load
            target = (html.parent / href).resolve()
            if target.is_dir() or not target.exists():
                missing.append(f"{html.relative_to(unzipped)} → {href}")
    assert missing == []


def test_the_switcher_of_every_page_leads_to_the_same_page_in_the_other_language(unzipped):
    for language, other in [("fr", "nl"), ("nl", "fr")]:
        for html in _pages(unzipped / language):
            text = html.read_text(encoding="utf-8")
            link = re.search(rf'<a href="([^"]+)" hreflang="{other}" class="md-select__link"', text)
            assert link, html
            target = (html.parent / link[1]).resolve()
            same = unzipped / other / html.relative_to(unzipped / language)
            assert target == same.resolve(), html


def test_choose_a_language_and_switch_over_file(browser, unzipped: Path):
    page = browser.new_page()
    page.goto((unzipped / "index.html").as_uri())
    page.get_by_role("link", name="De gids in het Nederlands lezen").click()
    page.wait_for_url((unzipped / "nl" / "index.html").as_uri())
    page.get_by_role("link", name="De procedure", exact=True).first.click()
    page.wait_for_url((unzipped / "nl" / "procedure.html").as_uri())
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="fr"]').click()
    page.wait_for_url((unzipped / "fr" / "procedure.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"
    page.close()


def test_no_request_leaves_the_bundle_and_no_policy_is_broken(browser, unzipped: Path):
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    root = unzipped.as_uri() + "/"
    leaving: list[str] = []
    page.on("request", lambda request: request.url.startswith(root) or leaving.append(request.url))
    for html in _pages(unzipped):
        if "/checker/" in html.as_posix() and html.parent.name != "checker":
            continue  # the states: walked by test_checker_static
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("window.__violations") == [], html
    assert leaving == []
    context.close()


def test_no_error_page_without_a_server(unzipped: Path):
    # 404.html is for a web server; from a file system its root-absolute links lead nowhere.
    assert not (unzipped / "404.html").exists()


def test_the_blank_pdfs_are_in_the_bundle(unzipped: Path):
    for folder in ["fr/listing", "nl/listing", "listing"]:
        assert (unzipped / folder / "listing.pdf").stat().st_size > 10_000
