"""What a search engine and Lighthouse read of each page: names, alternates, the sitemap.

The site's address is known only when the build is told it (``site_url`` in mkdocs.yml,
from the environment variable ``SITE_URL``; see the README). Then every page gets an
absolute canonical URL (MkDocs writes it from ``site_url``) and the sitemap lists every page
with its versions in the other languages (``hreflang``), all absolute, as search engines
require. When it is not known (a build for any host, the offline bundle), nothing absolute
is written: no canonical link, no sitemap, and every link stays relative.

The alternates in other languages are said in the sitemap, not in each page's head. The
theme's script requests ``sitemap.xml`` beside every ``<link rel="alternate">`` of a page
(Material's "alternate" integration, meant for links to a language's root): with a link to
the same page in each language, that is four requests per page that can only fail (404),
reported in the console (zensical/zensical#908). Google reads hreflang alternates from a
sitemap as it does from the head, and the language switcher in the page, which readers
use, is unchanged.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

SITEMAP = "sitemap.xml"
# What MkDocs and the i18n plugin write: a sitemap with the address "None" when there is
# none, and its gzip copy.
WRITTEN_SITEMAPS = [SITEMAP, f"{SITEMAP}.gz"]
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def site_address(site_url: str | None) -> str | None:
    """The site's address with a final slash, or None when the build does not know it."""
    if not site_url:
        return None
    return site_url if site_url.endswith("/") else site_url + "/"


def page_head(html: str, search_name: str) -> str:
    """``html`` without hreflang links in its head, its search dialog named ``search_name``."""
    html = HEAD_ALTERNATE.sub("", html)
    label = html_lib.escape(search_name, quote=True)
    return html.replace(
        SEARCH_DIALOG, SEARCH_DIALOG.replace('role="dialog"', f'role="dialog" aria-label="{label}"')
    )


def _page_folders(site_dir: Path) -> list[str]:
    """Every page's folder below the site ("" for the root, "fr/checker/" ...), sorted."""
    folders = []
    for index in site_dir.rglob("index.html"):
        folder = index.parent.relative_to(site_dir).as_posix()
        folders.append("" if folder == "." else folder + "/")
    return sorted(folders)


def sitemap(site_dir: Path, address: str, languages: list[str]) -> str:
    """The sitemap of the built site at ``address``: each page, its language versions.

    A page of a language (``nl/listing/``) lists the same page in every language that has it
    and, when the root has a page of that name (``listing/``, the root's choice), that one
    as ``x-default``; the root's pages list the same set. Every page of a set lists all of
    it, itself included, as search engines require."""
    folders = set(_page_folders(site_dir))

    def versions(rest: str) -> list[tuple[str, str]]:
        found = [(lang, f"{lang}/{rest}") for lang in languages if f"{lang}/{rest}" in folders]
        if rest in folders and rest.split("/", 1)[0] not in languages:
            found.append(("x-default", rest))
        return found

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for folder in sorted(folders):
        first, _, rest = folder.partition("/")
        rest = rest if first in languages else folder
        lines.append("  <url>")
        lines.append(f"    <loc>{html_lib.escape(address + folder)}</loc>")
        alternates = versions(rest)
        if len(alternates) > 1:
            for hreflang, other in alternates:
                href = html_lib.escape(address + other, quote=True)
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href="{href}"/>'
                )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(site_dir: Path, address: str | None, languages: list[str]) -> None:
    """The sitemap when the address is known; none at all when it is not (a sitemap's
    URLs must be absolute)."""
    for name in WRITTEN_SITEMAPS:
        (site_dir / name).unlink(missing_ok=True)
    if address:
        text = sitemap(site_dir, address, languages)
        (site_dir / SITEMAP).write_text(text, encoding="utf-8")
