"""What Lighthouse and a search engine see: 100 where it is deterministic.

Lighthouse (npm, pinned; scripts/lighthouse.py) audits, in its default mobile profile, the
site as it is published: built with its address (SITE_URL, as the README says) and served at
that address. On the root and, in every language, the home, the procedure, the checker's
first question, one outcome and the listing, its accessibility, best-practices and SEO
categories must score 100; a failure names the audits and what they found. Performance is
measured by `make bench`, not asserted here: the machines are shared and noisy.

Also here: canonical links and the sitemap when the address is known (absolute, each page's
versions in every language), nothing absolute when it is not (the ordinary build, the
offline bundle), and the search dialog's name in each language.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from mkdocs.config import load_config

import content

from conftest import LANGUAGES, PROJECT_DIR, lighthouse, publish

pytestmark = pytest.mark.browser

TEXTS = content.load()
PATHS = lighthouse.audited_paths(LANGUAGES)
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture(scope="package")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, dict]:
    """The site built with the address it is served at, and Lighthouse's deterministic
    categories on every audited page, in one browser: (address, folder, {path: report}).
    Made once for every test worker (the first to ask; the others wait for it, then read
    it): a build and 21 audits are minutes of both cores."""
    folder = publish(tmp_path_factory)
    audits = json.loads((folder / "audits.json").read_text())
    reports = {path: lighthouse.Report(**report) for path, report in audits["reports"].items()}
    return audits["address"], folder / "site", reports


@pytest.mark.parametrize("path", PATHS)
def test_lighthouse_finds_nothing_to_fix(published, path: str):
    report = published[2][path]
    assert report.runtime_error is None, report.runtime_error
    failures = "\n".join(
        f"{failed['category']} {failed['id']} ({failed['title']}): {failed['items']}"
        for failed in report.failed
    )
    assert report.scores == dict.fromkeys(lighthouse.DETERMINISTIC, 100), failures


@pytest.mark.parametrize("path", PATHS)
def test_a_known_address_makes_the_canonical_link_absolute(published, path: str):
    address, site_dir, _ = published
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<link rel="canonical" href="([^"]*)">', html) == [address + path]
    # The other languages are in the sitemap: a <link rel="alternate"> in the head makes
    # the theme request a sitemap.xml beside it, which does not exist (see macros/seo.py).
    assert '<link rel="alternate"' not in html


def test_the_sitemap_lists_every_page_with_its_languages(published):
    address, site_dir, _ = published
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    pages = {
        index.parent.relative_to(site_dir).as_posix().removeprefix(".")
        for index in site_dir.rglob("index.html")
    }
    listed = {}
    for url in tree.getroot().findall("s:url", SITEMAP_NS):
        location = url.find("s:loc", SITEMAP_NS).text
        assert location.startswith(address)
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        listed[location[len(address) :].rstrip("/")] = alternates
    assert set(listed) == pages
    for path in PATHS:
        alternates = listed[path.rstrip("/")]
        rest = path.partition("/")[2]
        expected = {language: f"{address}{language}/{rest}" for language in LANGUAGES}
        if rest in ("", "listing/"):  # the root's choice and its side-by-side listing
            expected["x-default"] = address + rest
        assert alternates == expected, path


def test_without_an_address_nothing_is_absolute(built_site: Path):
    assert not (built_site / "sitemap.xml").exists(), "a sitemap's URLs must be absolute"
    for path in PATHS:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert 'rel="canonical"' not in html and '<link rel="alternate"' not in html, path


def test_the_offline_bundle_never_has_an_address(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.be/guide/")
    assert load_config(str(PROJECT_DIR / "mkdocs.yml")).site_url == "https://example.be/guide/"
    assert not load_config(str(PROJECT_DIR / "mkdocs-offline.yml")).site_url


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_dialog_is_named_in_its_language(built_site: Path, language: str):
    html = (built_site / language / "index.html").read_text(encoding="utf-8")
    name = TEXTS.text("site.search_dialog", language).replace("'", "&#x27;")
    assert f'role="dialog" aria-label="{name}"' in html
