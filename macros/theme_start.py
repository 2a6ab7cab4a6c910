"""The theme's bundle, started at the reader's first interaction: checked in the built site.

docs/theme/main.html replaces the theme's ``<script src="…bundle.HASH.min.js">`` with
javascripts/theme-start.js, which loads that file when the reader first touches, clicks or
types (why: the script's header). The bundle's name is written in the template as the
theme's base.html writes it; a new version of the theme renames it, and the pages would
then name a file the site does not have, the theme never starting: the build fails instead.
"""

from __future__ import annotations

import re
from pathlib import Path

BUNDLE_NAMED = re.compile(r'data-theme-bundle="(?P<src>[^"]+)"')


class ThemeStartError(Exception):
    pass


def check(page: Path) -> Path:
    """The bundle that the built ``page`` starts, which must be in the site; returns it."""
    named = BUNDLE_NAMED.search(page.read_text(encoding="utf-8"))
    if named is None:
        raise ThemeStartError(f"{page}: no data-theme-bundle (docs/theme/main.html not used?)")
    bundle = (page.parent / named["src"]).resolve()
    if not bundle.is_file():
        raise ThemeStartError(
            f"{page} starts {named['src']}, which the site does not have: the theme's "
            "bundle has another name in its base.html; write that one in docs/theme/main.html"
        )
    return bundle
