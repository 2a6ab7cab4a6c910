"""The online site works offline after one visit: a service worker and a web app manifest.

The worker is made by Workbox (``macros/service_worker.mjs``): every page of every language,
the theme, the scripts, the search indexes and the blank PDFs are precached with a revision
each, so that a reader who opened the guide once can open any page of it without a network.
Python (Pyodide, the standard library, the snapshot: most of the site's bytes) is not
precached: it is cached the first time a page starts it (the checker or the listing), so a
reader who only reads the procedure on a metered link never downloads it. Its cache is named
by the hash of this build's Python files; the worker of a newer build removes older ones.

Built for the online site only: from the file system there is no service worker.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from macros.offline_bundle import DOWNLOAD_DIR
from macros.render import RenderedSite

PROJECT_DIR = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_name("service_worker.mjs")
WORKER = "sw.js"
PYTHON_DIR = "pyodide"
PYTHON_CACHE_SCRIPT = "sw-python-cache.js"
ICON = "assets/guide-icon.svg"
MANIFEST = "manifest.webmanifest"
# What is precached, relative to the site's root; the Python runtime is left to its cache.
PRECACHE = [
    "**/*.html",
    "**/*.pdf",
    "**/*.css",
    "**/*.js",
    "**/*.svg",
    "**/*.png",
    "**/search_index.json",
    f"**/{MANIFEST}",
]
# Nor is the offline guide's zip (11 MB a reader downloads on purpose, not on a visit).
IGNORE = [f"{PYTHON_DIR}/**", WORKER, PYTHON_CACHE_SCRIPT, "404.html", f"{DOWNLOAD_DIR}/**"]
LARGEST_FILE = 4_000_000


class ServiceWorkerError(Exception):
    """Workbox could not make the service worker."""


def python_cache_name(site_dir: Path) -> str:
    """The name of the Python cache of this build: the hash of its Python files."""
    digest = hashlib.sha256()
    for path in sorted((site_dir / PYTHON_DIR).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site_dir).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"python-{digest.hexdigest()[:16]}"


def _python_cache_script(cache_name: str) -> str:
    # Runs inside the worker (importScripts): the runtime caches of older builds go.
    return f"""// Made at build time (macros/service_worker.py): this build's Python cache.
const CW_PYTHON_CACHE = {json.dumps(cache_name)};
self.addEventListener("activate", (event) => {{
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(
        names
          .filter((name) => name.startsWith("python-") && name !== CW_PYTHON_CACHE)
          .map((name) => caches.delete(name)),
      ),
    ),
  );
}});
"""


def write_manifests(site_dir: Path, site: RenderedSite, icon_svg: str) -> None:
    """One web app manifest per language: its name, its home, the guide's icon."""
    (site_dir / ICON).write_text(icon_svg, encoding="utf-8")
    for language, short_name in site.short_names.items():
        manifest = {
            "name": site.names[language],
            "short_name": short_name,
            "description": site.descriptions[language],
            "lang": language,
            "start_url": "./",
            "scope": "./",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#3f51b5",
            "icons": [
                {"src": f"../{ICON}", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
            ],
        }
        (site_dir / language / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )


def write_worker(site_dir: Path) -> dict:
    """``sw.js`` at the site's root (its scope is the whole site: pages, workers, Python)."""
    cache_name = python_cache_name(site_dir)
    (site_dir / PYTHON_CACHE_SCRIPT).write_text(_python_cache_script(cache_name), encoding="utf-8")
    options = {
        "siteDir": str(site_dir),
        "precache": PRECACHE,
        "ignore": IGNORE,
        "swDest": str(site_dir / WORKER),
        "importScripts": [PYTHON_CACHE_SCRIPT],
        "largestFile": LARGEST_FILE,
        "pythonPattern": rf"/{PYTHON_DIR}/",
        "pythonCache": cache_name,
    }
    result = subprocess.run(
        ["node", str(SCRIPT), json.dumps(options)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise ServiceWorkerError(f"workbox-build failed:\n{result.stdout}{result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["warnings"]:
        raise ServiceWorkerError(f"workbox-build warned: {report['warnings']}")
    return report
