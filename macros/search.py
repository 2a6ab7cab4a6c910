"""Search in the reader's language only.

mkdocs-static-i18n merges the search entries of every language into one index at the site's
root, so a French word would also find Dutch pages (and the reverse). After the build, the
index is split: each language gets its own ``<lang>/search/search_index.json`` (locations
relative to its folder, the theme's word stemming for that language only), and the root
keeps its own pages. The pages of a language then tell the theme that their search starts
at their language's folder (:func:`language_base`).

From the file system (``file://``) the theme cannot fetch the index: it loads
``search/search_index.js`` with a ``<script>`` instead, which the build for the file system
writes beside each index (``as_script``), as Material's own offline plugin does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

INDEX = "search/search_index.json"
# How Material for MkDocs writes the search's base in the page's configuration.
CONFIG_BASE = re.compile(r'("base": ")([^"]*)(")')


def split_index(site_dir: Path, languages: list[str], as_script: bool = False) -> dict[str, int]:
    """Write one index per language; returns how many entries each index holds.

    ``as_script``: each index also as the script the theme loads from the file system."""
    index_file = site_dir / INDEX
    merged = json.loads(index_file.read_text(encoding="utf-8"))
    counts = {}
    rest = list(merged["docs"])
    for language in languages:
        prefix = f"{language}/"
        docs = [
            {**doc, "location": doc["location"][len(prefix) :]}
            for doc in merged["docs"]
            if doc["location"].startswith(prefix)
        ]
        rest = [doc for doc in rest if not doc["location"].startswith(prefix)]
        target = site_dir / language / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        config = {**merged["config"], "lang": [language]}
        _write(target, {"config": config, "docs": docs}, as_script)
        counts[language] = len(docs)
    _write(index_file, {**merged, "docs": rest}, as_script)
    counts[""] = len(rest)
    return counts


def _write(index_file: Path, index: dict, as_script: bool) -> None:
    text = json.dumps(index)
    index_file.write_text(text, encoding="utf-8")
    if as_script:
        index_file.with_suffix(".js").write_text(f"var __index = {text};\n", encoding="utf-8")


def language_base(html: str, language: str) -> str:
    """``html`` of a page of ``language``, its search based on its language's folder."""
    replaced, count = CONFIG_BASE.subn(
        lambda match: f"{match[1]}{match[2]}/{language}/{match[3]}", html, count=1
    )
    if count != 1:
        raise ValueError("the theme's page configuration has no search base to point")
    return replaced
