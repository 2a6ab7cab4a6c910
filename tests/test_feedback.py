"""The "report a problem with this page" link: only where the host gives an address
(FEEDBACK_ADDRESS), an e-mail address or a page of its own, with the page's address filled
in; none without it, and a clear refusal of anything else."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import content
from content import ContentError
from macros.feedback import page_address, report_link
from macros.render import render_site

from conftest import LANGUAGES, PROJECT_DIR, build_site

TEXTS = content.load()
REPORT = re.compile(r'<a href="([^"]+)" data-report-problem>')


def reports(feedback: str, site_url: str = "") -> dict[str, str | None]:
    """Each rendered page's report link (its href, HTML-escaped as written), or None."""
    site = render_site(TEXTS, root_language="xx", version="0", site_url=site_url, feedback=feedback)
    return {
        path: (found[0] if (found := REPORT.findall(page)) else None)
        for path, page in site.pages.items()
    }


@pytest.mark.parametrize(
    ("path", "site_url", "directory_urls", "expected"),
    [
        (
            "fr/procedure.md",
            "https://example.be/guide/",
            True,
            "https://example.be/guide/fr/procedure/",
        ),
        ("fr/index.md", "https://example.be/guide", True, "https://example.be/guide/fr/"),
        ("index.md", "https://example.be/", True, "https://example.be/"),
        ("nl/checker/cause-provider/index.md", "", True, "nl/checker/cause-provider/"),
        ("index.md", "", True, "./"),
        ("de/listing/index.md", "", False, "de/listing/index.html"),
    ],
)
def test_a_page_is_named_by_its_address(path, site_url, directory_urls, expected):
    assert page_address(site_url, path, directory_urls) == expected


def test_a_mail_or_a_page_with_the_pages_address_and_nothing_else():
    mail = report_link("mailto:guide@example.be", "https://example.be/fr/", "Problème")
    assert mail == (
        "mailto:guide@example.be?subject=Probl%C3%A8me&body=https%3A%2F%2Fexample.be%2Ffr%2F"
    )
    assert report_link("guide@example.be", "fr/", "x").startswith("mailto:guide@example.be?")
    page = urlsplit(report_link("https://example.be/contact?topic=guide", "fr/a b/", "x"))
    assert (page.scheme, page.netloc, page.path) == ("https", "example.be", "/contact")
    assert parse_qs(page.query) == {"topic": ["guide"], "page": ["fr/a b/"]}
    assert report_link("", "fr/", "x") is None
    for refused in [
        "http://example.be/contact",  # not https: the report would travel in clear
        "javascript:alert(1)",
        "guide@example",
        "https://example.be/contact#form",
        "someone",
        "<guide@example.be>",
    ]:
        with pytest.raises(ContentError, match="FEEDBACK_ADDRESS"):
            report_link(refused, "fr/", "x")


def test_every_page_has_the_link_when_the_host_gives_an_address_and_none_otherwise():
    given = reports("guide@example.be", "https://example.be/guide/")
    assert all(given.values()), [path for path, link in given.items() if not link]
    procedure = given["nl/procedure.md"].replace("&amp;", "&")
    query = parse_qs(urlsplit(procedure).query)
    assert query == {
        "subject": [TEXTS.text("site.report_problem", "nl")],
        "body": ["https://example.be/guide/nl/procedure/"],
    }
    assert parse_qs(urlsplit(given["xx/index.md"].replace("&amp;", "&")).query)["body"] == [
        "https://example.be/guide/"
    ]
    assert not any(reports("").values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_link_speaks_the_pages_language(language):
    site = render_site(TEXTS, root_language="xx", version="0", feedback="guide@example.be")
    page = site.pages[f"{language}/contact.md"]
    assert f"data-report-problem>{TEXTS.text('site.report_problem', language)}</a>" in page


def test_the_build_writes_the_link_and_refuses_an_address_it_cannot_use(tmp_path: Path):
    built = build_site(
        PROJECT_DIR,
        tmp_path / "site",
        environment={"FEEDBACK_ADDRESS": "guide@example.be", "SITE_URL": "https://example.be/"},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    html = (tmp_path / "site" / "en" / "procedure" / "index.html").read_text(encoding="utf-8")
    (anchor,) = re.findall(r"<a [^>]*data-report-problem[^>]*>", html)
    link = urlsplit(unescape(re.search(r'href="([^"]+)"', anchor)[1]))
    assert (link.scheme, link.path) == ("mailto", "guide@example.be")
    assert parse_qs(link.query) == {
        "subject": ["Report a problem with this page"],
        "body": ["https://example.be/en/procedure/"],
    }
    refused = build_site(
        PROJECT_DIR, tmp_path / "refused", environment={"FEEDBACK_ADDRESS": "http://x.be/"}
    )
    assert refused.returncode != 0
    assert "FEEDBACK_ADDRESS: 'http://x.be/' is neither" in refused.stdout + refused.stderr
