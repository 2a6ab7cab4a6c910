"""The offline guide, downloadable from the site: each language's page "Take the guide
offline" links the zip the build made, with its size and SHA-256 (and a .sha256 file); the
home page's "three ways" and the end of every page lead there; the service worker leaves
it out; nginx serves it as a download kept a year. The zip itself, unzipped, is what every
test of the offline bundle opens (tests/conftest.py: offline_site)."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import babel.numbers
import pytest
from test_host import fetch, host_url  # noqa: F401  (the nginx fixture)

import content

from conftest import LANGUAGES, PROJECT_DIR

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
import bundle

pytestmark = pytest.mark.browser

TEXTS = content.load()
SHA256 = re.compile(r'<code class="cw-hash">([0-9a-f]{64})</code>')


def shipped(site: Path) -> Path:
    (archive,) = (site / "download").glob("checkinatwork-guide-*.zip")
    return archive


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_downloads_the_zip_whose_sha256_it_gives(browser, site_url, language, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_url}{language}/")
    # From the home page's "three ways" to the page.
    page.locator("article li a[href='offline/']").click()
    page.wait_for_url(f"{site_url}{language}/offline/")
    html = page.content()
    (sha256,) = SHA256.findall(html)
    with page.expect_download() as downloading:
        page.locator("[data-download]").click()
    download = downloading.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha256
    assert re.fullmatch(r"checkinatwork-guide-[0-9][^/]*\.zip", saved.name)
    # The size, in the page's language, in megabytes to one decimal.
    megabytes = babel.numbers.format_decimal(
        round(len(data) / 1_000_000, 1), format="#,##0.0", locale=language
    )
    expected = TEXTS.text("download.link", language, megabytes=megabytes)
    assert page.locator("[data-download]").inner_text() == expected
    # The .sha256 file beside it, as sha256sum --check reads it.
    checksum = page.locator("[data-download-checksum]").get_attribute("href")
    response = page.request.get(f"{site_url}{language}/offline/{checksum}")
    assert response.text() == f"{sha256}  {saved.name}\n"
    context.close()


def test_the_zip_is_the_offline_guide_and_not_in_the_service_workers_manifest(
    built_site: Path, offline_site: Path
):
    archive = shipped(built_site)
    assert offline_site.name == archive.stem, "the bundle tests open this zip, unzipped"
    assert (offline_site / "index.html").is_file()
    assert not (offline_site / "sw.js").exists()
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert "download/" not in worker and ".zip" not in worker
    assert "fr/offline/index.html" in worker, "the page itself is precached"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_offline_guide_says_the_reader_holds_it(offline_site: Path, language: str):
    html = (offline_site / language / "offline.html").read_text(encoding="utf-8")
    assert TEXTS.text("download.in_bundle", language) in html
    assert "data-download" not in html
    assert ".zip" not in html


def test_make_bundle_takes_the_zip_the_build_made(built_site: Path, tmp_path: Path):
    folder, archive = bundle.take(built_site, tmp_path / "dist")
    assert archive.read_bytes() == shipped(built_site).read_bytes()
    assert (folder / "index.html").is_file()
    # A zip that does not match its checksum is refused, not shipped.
    damaged = tmp_path / "site"
    (damaged / "download").mkdir(parents=True)
    (damaged / "download" / archive.name).write_bytes(b"not the zip")
    (damaged / "download" / f"{archive.name}.sha256").write_bytes(
        (built_site / "download" / f"{archive.name}.sha256").read_bytes()
    )
    with pytest.raises(SystemExit, match=r"does not match its \.sha256"):
        bundle.take(damaged, tmp_path / "other")


def test_nginx_serves_it_as_a_download_kept_a_year(host_url: str, built_site: Path):  # noqa: F811
    archive = shipped(built_site)
    status, headers, body = fetch(f"{host_url}download/{archive.name}")
    assert status == 200
    assert headers["Content-Type"] == "application/zip"
    assert headers["Content-Disposition"] == "attachment"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert (
        hashlib.sha256(body).hexdigest()
        == archive.with_name(f"{archive.name}.sha256").read_text(encoding="utf-8").split()[0]
    )
    _, headers, body = fetch(f"{host_url}download/{archive.name}.sha256")
    assert headers["Content-Type"].startswith("text/plain")
    assert body.decode().endswith(f"  {archive.name}\n")
