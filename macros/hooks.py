"""MkDocs hooks: where the build meets content/, the page templates and checker/.

mkdocs-static-i18n builds the site once per language (the root page first: it is the
plugin's "default language", which it always builds at the site's root). For each build
these hooks

- render every page of every language (macros.render), failing the build when a text is
  missing or a key of the content is unused, and hand the pages to MkDocs as files of
  ``fr/``, ``nl/``, ... before the i18n plugin sorts them by language; online, once the
  content is checked, build the offline guide first (macros/offline_bundle.py): its
  download page gives the zip's size and hash;
- give the build its site name in its language;
- keep the language switcher to the languages of the content, with links that work from
  any folder, also when the site is opened from the file system;
- explain, at its first use in each part of a page, a word that a reader outside Belgium
  may not know (macros/gloss.py), and break the long words of headings with a hyphen
  (macros/hyphens.py); show the short name in the header on a phone (macros/header_title.py);
- give every page its Content-Security-Policy (macros/csp.py), its language's search
  (macros/search.py), valid HTML (macros/markup.py), and what search engines read
  (macros/seo.py: the search dialog's name, no hreflang links in the head);
- once every language is built: check that the pages start the theme's bundle that the
  site has (macros/theme_start.py), leave out the theme's unused files (macros/assets.py),
  ship Pyodide and the module (macros/pyodide.py), print the blank listings to PDF
  (macros/listing_pdf.py), write the sitemap when the site's address is known
  (macros/seo.py), ship the QR encoder of the checker's record where the site's address is
  known (macros/paper_code.py), and, online, make the service worker and the web app
  manifests (macros/service_worker.py).

What depends on mkdocs-static-i18n is in :func:`_i18n`, so that moving to another
generator touches one function.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import content
from macros import (
    assets,
    csp,
    diagram,
    gloss,
    header_title,
    hyphens,
    listing_pdf,
    markup,
    offline_bundle,
    page_text,
    paper_code,
    pyodide,
    search,
    seo,
    service_worker,
    theme_start,
)
from macros.feedback import feedback_address
from macros.offline_bundle import Bundle, BundleError
from macros.render import RenderedSite, render_site
from macros.version import site_version

# The site of the build under way, rendered by on_config, read by the other hooks.
_site: RenderedSite | None = None
# The offline guide made by the online build (macros/offline_bundle.py), in a temporary
# folder kept until the build ships it into the site.
_bundle: Bundle | None = None
_bundle_dir: tempfile.TemporaryDirectory | None = None
# The builds under way, innermost last: the i18n plugin runs each language's build inside
# the end of the root's, so the root's build is the first to start and the last to end.
_builds: list[str] = []


def _i18n(config: MkDocsConfig) -> tuple[str, str, list[str]]:
    """(language of this build, root language, languages of the site) from the i18n plugin."""
    plugin: Any = config.plugins["i18n"]
    root = plugin.default_language
    languages = [lang.locale for lang in plugin.config.languages if lang.locale != root]
    return plugin.current_language or root, root, languages


@event_priority(-200)  # after the i18n plugin has set up this language's build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    language, root, languages = _i18n(config)
    file_system = bool(config.extra.get("file_system"))
    if language == root and not file_system:
        # The content is checked first (an error is told as itself, and no offline guide is
        # built for nothing); then the offline guide, whose size and hash the pages give.
        _rendered(config, root, languages, download=None)
        _make_bundle(Path(config.config_file_path).parent)
    site = _rendered(config, root, languages, download=None if file_system else _bundle)
    _site = site
    if language == root:
        _builds.clear()
    _builds.append(language)
    config.site_name = site.names[language]
    config.site_description = site.descriptions[language]
    return config


@event_priority(0)  # before the i18n plugin (-100) sorts the files by language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None, "on_config renders the site first"
    for src_uri in _site.pages:
        # A file "in" docs_dir that is not on disk: its text comes from on_page_read_source.
        # The i18n plugin rebuilds File objects from their paths, so content set on the
        # File itself would be lost.
        files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    return _site.pages.get(page.file.src_uri) if _site else None


@event_priority(-200)  # after the i18n plugin has pointed the switcher at this page
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any):
    _, root, languages = _i18n(config)
    alternates = []
    # The plugin sets the switcher as an attribute of config.extra, which the theme reads
    # before the item of the same name: read and write both.
    for alternate in getattr(config.extra, "alternate", None) or []:
        if alternate["lang"] == root or alternate["lang"] not in languages:
            continue
        link = alternate["link"]
        if link.startswith("/"):
            # The plugin's own links are absolute ("/nl/", "/nl/index.html"): they break
            # under a sub-path and from the file system. A path from the site's root,
            # which the theme makes relative to each page, works everywhere.
            link = link.lstrip("/") or "./"
        alternates.append({**alternate, "link": link})
    config.extra.alternate = alternates
    config.extra["alternate"] = alternates
    return context


@event_priority(-200)  # last: the policy hashes the page's final inline scripts
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _, root, languages = _i18n(config)
    language = page.file.dest_uri.split("/", 1)[0]
    assert _site is not None, "on_config renders the site first"
    output = seo.page_head(output, _site.search_names[language if language in languages else root])
    if language in languages:
        try:
            output = header_title.with_short_name(output, _site.short_names[language])
        except header_title.HeaderTitleError as error:
            raise PluginError(f"{page.file.dest_uri}: {error}") from error
        try:
            output = search.language_base(output, language)
        except ValueError as error:
            raise PluginError(f"{page.file.dest_uri}: {error}") from error
        if not config.extra.get("file_system"):
            # The language's web app manifest (installable at that language's home).
            up = "../" * (page.file.dest_uri.count("/") - 1)
            link = f'<link rel="manifest" href="{up}{service_worker.MANIFEST}">'
            output = output.replace("</head>", f"{link}</head>", 1)
    # The glossary's explanations and the headings' soft hyphens, from one reading of the
    # page (they never touch the same text: no explanation goes into a heading).
    texts = page_text.texts(output)
    edits = hyphens.hyphen_edits(texts, _site.keep_whole)
    in_source_language = language == _site.source_language
    if language in languages and not (in_source_language and page.meta.get("official_text")):
        edits += gloss.gloss_edits(texts, _site.glosses[language], in_source_language)
    output = page_text.edited(output, edits)
    return csp.with_policy(markup.repaired(output))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    if _site is not None:  # the 404 page, at the root: the root's words
        _, root, _ = _i18n(config)
        output_content = seo.page_head(output_content, _site.search_names[root])
    return csp.with_policy(markup.repaired(output_content))


@event_priority(-150)  # after the i18n plugin's end of build: every language built, index merged
def on_post_build(config: MkDocsConfig) -> None:
    _, root, languages = _i18n(config)
    if not _builds or _builds.pop() != root:
        return  # a language's build ends; the root's, which holds them all, ends last
    site_dir = Path(config.site_dir)
    file_system = bool(config.extra.get("file_system"))
    assets.prune(site_dir, languages)
    seo.write_sitemap(site_dir, seo.site_address(config.site_url), languages)
    search.split_index(site_dir, languages, as_script=file_system)
    try:
        theme_start.check(site_dir / "index.html")
        pyodide.ship(
            site_dir, pyodide.Shipping.EMBEDDED if file_system else pyodide.Shipping.SERVED
        )
        listing_pdf.print_blank_listings(
            site_dir, [*(f"{lang}/listing" for lang in languages), "listing"]
        )
        if config.site_url:
            paper_code.ship_encoder(site_dir)
        if not file_system:
            assert _bundle is not None, "on_config made the offline guide"
            offline_bundle.ship(_bundle, site_dir)
            service_worker.write_manifests(site_dir, _site, _icon(config))
            # Last: the worker's manifest hashes every file of the finished site.
            service_worker.write_worker(site_dir)
    except (
        theme_start.ThemeStartError,
        pyodide.PyodideError,
        listing_pdf.ListingPdfError,
        service_worker.ServiceWorkerError,
    ) as error:
        raise PluginError(str(error)) from error


def _rendered(
    config: MkDocsConfig, root: str, languages: list[str], download: Bundle | None
) -> RenderedSite:
    """Every page rendered from content/, or the build stopped on what is wrong with it."""
    file_system = bool(config.extra.get("file_system"))
    try:
        texts = content.load()
        if sorted(languages) != sorted(texts.languages):
            raise content.ContentError(
                f"the languages of mkdocs.yml ({', '.join(languages)}) are not those of "
                f"content/ ({', '.join(texts.languages)})"
            )
        site = render_site(
            texts,
            root_language=root,
            version=site_version(),
            directory_urls=config.use_directory_urls,
            site_url=config.site_url or "",
            # Not in the bundle: from a USB stick, the reader reports from the site.
            feedback="" if file_system else feedback_address(),
            download=download,
        )
    except content.ContentError as error:
        raise PluginError(f"content: {error}") from error
    except diagram.DiagramError as error:
        raise PluginError(f"diagram: {error}") from error
    if site.unused_keys:
        raise PluginError(
            "content: keys that nothing uses (use them or remove them): "
            + ", ".join(site.unused_keys)
        )
    return site


def _make_bundle(project_dir: Path) -> None:
    """The offline guide, built once per online build, before its pages are rendered: the
    download page gives its size and SHA-256."""
    global _bundle, _bundle_dir
    _bundle_dir = tempfile.TemporaryDirectory(prefix="checkinatwork-bundle-")
    try:
        _bundle = offline_bundle.make(Path(_bundle_dir.name), project_dir)
    except BundleError as error:
        raise PluginError(str(error)) from error


def _icon(config: MkDocsConfig) -> str:
    """The guide's icon for the manifests: the theme's logo icon, in the theme's colour."""
    import material

    name = config.theme["icon"]["logo"]
    path = Path(material.__file__).parent / "templates" / ".icons" / f"{name}.svg"
    return path.read_text(encoding="utf-8").replace("<svg ", '<svg fill="#3f51b5" ', 1)
