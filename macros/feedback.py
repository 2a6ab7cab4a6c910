"""The "report a problem with this page" link, where the host says where reports go.

A build setting, like the site's address: ``FEEDBACK_ADDRESS`` in the environment, an
e-mail address (``guide@example.be`` or ``mailto:guide@example.be``) or the address of a
page of the host's (``https://example.be/contact``). Each page then ends with a link that
opens the reader's own mail program, or that page, with the page's address filled in (as
the body of the mail, or as a ``page`` parameter). Without it, no link. The page itself
sends nothing, and no third party's form is ever the default.
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from content import ContentError

SETTING = "FEEDBACK_ADDRESS"
EMAIL = re.compile(r"[^@\s<>\"'?&#/]+@[^@\s<>\"'?&#/]+\.[^@\s<>\"'?&#/.]+")


def feedback_address() -> str:
    """The host's setting, as given (empty when not set)."""
    return os.environ.get(SETTING, "").strip()


def page_address(site_url: str, path: str, directory_urls: bool) -> str:
    """The address of the page made from ``path`` (``fr/procedure.md``): absolute with the
    site's address, else its path from the site's root (what a report can name)."""
    page = path.removesuffix(".md")
    if directory_urls:
        page = page.removesuffix("index").removesuffix("/")
        page = f"{page}/" if page else ""
    else:
        page = f"{page}.html"
    return f"{site_url.rstrip('/')}/{page}" if site_url else page or "./"


def report_link(address: str, page: str, subject: str) -> str | None:
    """Where "report a problem" leads for ``page``, or None without an address; an address
    that is neither an e-mail address nor an https page fails the build."""
    if not address:
        return None
    mailbox = address.removeprefix("mailto:")
    if EMAIL.fullmatch(mailbox):
        return f"mailto:{mailbox}?" + urlencode({"subject": subject, "body": page}, quote_via=quote)
    parts = urlsplit(address)
    if parts.scheme == "https" and parts.netloc and not parts.fragment:
        query = urlencode([*parse_qsl(parts.query), ("page", page)], quote_via=quote)
        return urlunsplit(parts._replace(query=query))
    raise ContentError(
        f"{SETTING}: {address!r} is neither an e-mail address nor the address of a page (https://…)"
    )
