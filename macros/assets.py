"""Leave out of the built site the theme's files that no page uses.

Material for MkDocs copies the search support of some thirty languages, two word
segmenters for Thai and Japanese, and its source maps. The guide searches in its own
languages only: everything else is removed, so that a reader's phone or USB stick does not
carry it.
"""

from __future__ import annotations

from pathlib import Path

LUNR_DIR = "assets/javascripts/lunr"
# Always loaded by the theme's search worker, whatever the languages.
LUNR_SUPPORT = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}


def prune(site_dir: Path, languages: list[str]) -> list[Path]:
    """Remove unused search languages, segmenters and source maps; returns what went."""
    kept = LUNR_SUPPORT | {f"lunr.{language}.min.js" for language in languages}
    lunr = site_dir / LUNR_DIR
    removed = [p for p in (lunr / "min").glob("lunr.*.min.js") if p.name not in kept]
    removed += [p for p in lunr.glob("*.js")]  # tinyseg.js, wordcut.js: Japanese, Thai
    removed += list((site_dir / "assets").rglob("*.map"))
    for path in removed:
        path.unlink()
    return removed
