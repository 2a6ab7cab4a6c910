"""Quality gates on every built page, online build and offline bundle alike: valid HTML
(the Nu HTML Checker) and no broken internal link or anchor."""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import LANGUAGES, PROJECT_DIR, SOURCE_LANGUAGE

pytestmark = pytest.mark.slow

VNU = PROJECT_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Warnings of the checker accepted, and why:
ACCEPTED_WARNINGS = {
    # The checker evaluates the pages' policy itself, but computes no hash of an inline
    # script or style and gives a page read from disk no origin of its own ('self'). The
    # browser tests check the policy where it matters: in Chromium, every page, both builds.
    "violates Content Security Policy (meta tag)",
    # Markdown and the theme write <br /> and <meta ... />: no effect in HTML, and no value
    # is unquoted next to one.
    "Trailing slash on void elements",
}


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module", params=["online", "offline"])
def site(request) -> Path:
    return request.getfixturevalue("built_site" if request.param == "online" else "offline_site")


def test_every_page_is_valid_html(site: Path):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always"]
        + [str(path) for path in _html_files(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{m['url'].split(site.name, 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []
    unexpected = {
        m["message"]
        for m in messages
        if m["type"] == "info"
        and m.get("subType") == "warning"
        and not any(accepted in m["message"] for accepted in ACCEPTED_WARNINGS)
    }
    assert unexpected == set()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        for name in ("href", "src"):
            value = attributes.get(name)
            if value is not None:
                self.links.append(value)


def _parsed(path: Path, cache: dict[Path, _Links]) -> _Links:
    if path not in cache:
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        cache[path] = parser
    return cache[path]


def test_every_internal_link_and_anchor_resolves(site: Path, request):
    # From the file system a link to a folder opens the folder, not its index.html: in the
    # bundle every link must name its file.
    served = request.node.callspec.params["site"] == "online"
    cache: dict[Path, _Links] = {}
    broken = []
    pages = [page for page in _html_files(site) if page.name != "404.html"]
    checked = 0
    for page in pages:
        for link in _parsed(page, cache).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("data:"):
                continue  # tel:, mailto:, https://…: to follow, not files of the site
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir() and served:
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.resolve().parents:
                broken.append(f"{page.relative_to(site)} → {link}")
                continue
            anchor = unquote(parts.fragment)
            if anchor and target.suffix == ".html" and anchor not in _parsed(target, cache).ids:
                broken.append(f"{page.relative_to(site)} → {link} (no such anchor)")
            checked += 1
    assert broken == []
    assert checked > 1000, "the links of every page were read"


def test_every_language_has_the_same_pages(site: Path):
    def pages(language: str) -> set[str]:
        return {p.relative_to(site / language).as_posix() for p in _html_files(site / language)}

    for language in LANGUAGES:
        assert pages(language) == pages(SOURCE_LANGUAGE), language
    assert len(pages(SOURCE_LANGUAGE)) >= 29
