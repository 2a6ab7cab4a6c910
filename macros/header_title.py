"""The header's title on a phone: the guide's short name where its full name does not fit.

The theme writes the site's name in the header on one line, cut with an ellipsis where it
is too long ("Procédure d'urgence …" on a phone). The header keeps both names; the
stylesheet shows the short one (content/site.toml, site.short_name, also the name under
the icon on a home screen) on the narrowest screens, and lets either take two lines.
"""

from __future__ import annotations

import re
from html import escape

SITE_NAME = re.compile(
    r'(<div class="md-header__topic">\s*<span class="md-ellipsis">)\s*(.*?)\s*(</span>)', re.S
)


class HeaderTitleError(ValueError):
    """The page has no header title where the theme writes it."""


def with_short_name(html: str, short_name: str) -> str:
    def both(match: re.Match[str]) -> str:
        return (
            f'{match.group(1)}<span class="cw-name cw-name--full">{match.group(2)}</span>'
            f'<span class="cw-name cw-name--short">{escape(short_name)}</span>{match.group(3)}'
        )

    html, count = SITE_NAME.subn(both, html, count=1)
    if not count:
        raise HeaderTitleError("no site name in the header (has the theme's header changed?)")
    return html
