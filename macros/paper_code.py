"""Paper that leads back: the QR code and the address printed on the guide's paper.

Where the site's address is known (``SITE_URL``), the blank listing, the filled listing's
print and the checker's printed record end with a line that gives the address of the guide
(for the record, of the same answers in the checker) and its QR code. Without the address
(and in the offline guide, which has none) there is no such line: a relative address on
paper leads nowhere.

The code is made by segno at build time, as SVG, in the page itself: nothing is loaded from
elsewhere. The checker's page draws the code of a state it shows without loading a page in
the same way, from the same address (javascripts/checker.js).
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path

import segno

# Error correction "M" (15 % of the code may be lost: a fold, a stain on a site's paper).
ERROR = "m"
# The quiet zone around the code that scanners need, in modules (the standard's minimum).
BORDER = 4
# The encoder the checker's page draws a state's code with: npm's qrcode-generator (pinned
# in package.json), shipped inside the site, and only where the site's address is known.
ENCODER = Path(__file__).resolve().parent.parent / "node_modules" / "qrcode-generator" / "dist"
ENCODER_SCRIPT = "qrcode.js"
SITE_ENCODER = "javascripts/qrcode-generator.js"
# The class of the code's SVG, which the print style sizes (guide.css).
CODE_CLASS = "cw-paper-link__code"


def code_svg(address: str) -> str:
    """The QR code of ``address`` as inline SVG, sized by the page's style (no width or
    height of its own); hidden from screen readers, since the address is written beside it."""
    code = segno.make_qr(address, error=ERROR)
    svg = code.svg_inline(
        border=BORDER, dark="#000", omitsize=True, svgclass=CODE_CLASS, lineclass=None
    )
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def paper_link(address: str, words: str, *, slot: bool = False) -> str:
    """The line "``words`` ``address``" with the code of ``address``, as one block of HTML
    (``words`` are the content's, HTML allowed); empty without an address. With ``slot``,
    the line without its address and code, which the page's script fills (the checker's
    templates: a state shown without loading a page)."""
    if not address:
        return ""
    code, shown = ("", "") if slot else (code_svg(address), escape(address))
    return (
        f'<div class="cw-paper-link" data-paper-link>{code}<p>{words} '
        f'<span class="cw-paper-link__address" data-paper-address>{shown}</span></p></div>'
    )


def ship_encoder(site_dir: Path) -> None:
    """Copy the checker's QR encoder into the site (a classic script: ``qrcode``)."""
    shutil.copyfile(ENCODER / ENCODER_SCRIPT, site_dir / SITE_ENCODER)
