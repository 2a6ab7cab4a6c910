"""A Content-Security-Policy for every page: nothing from another origin, ever.

The policy goes into each page as a <meta> element, so that it holds on any static host
and from the file system alike (no server header to count on). Scripts and styles come
only from the site itself; the few inline ones of the theme and of our pages are allowed
one by one, by the SHA-256 of their exact text, computed here on the built page.
WebAssembly may be compiled ('wasm-unsafe-eval': Pyodide) only on the pages that start
Python; nothing may be evaluated from strings, framed, posted to a form, or loaded as a
plugin.
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
INLINE_STYLE = re.compile(r"<style[^>]*>(?P<body>.*?)</style>", re.DOTALL)
# Script elements that hold data, not code: the policy does not apply to them.
DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""")
HEAD = re.compile(r"<head[^>]*>")
# The script that starts Python (in a worker, or in the page from the file system).
STARTS_PYTHON = re.compile(r"""<script[^>]*\bsrc=["'][^"']*\bjavascripts/python\.js["']""")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(html: str) -> str:
    """The policy for one built page, allowing exactly its own inline scripts and styles."""
    scripts = sorted(
        {
            _hash(match["body"])
            for match in INLINE_SCRIPT.finditer(html)
            if "src=" not in match["attributes"] and not DATA_TYPE.search(match["attributes"])
        }
    )
    styles = sorted({_hash(match["body"]) for match in INLINE_STYLE.finditer(html)})
    wasm = ["'wasm-unsafe-eval'"] if STARTS_PYTHON.search(html) else []
    directives = [
        "default-src 'none'",
        " ".join(["script-src 'self'", *wasm, *scripts]),
        " ".join(["style-src 'self'", *styles]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(directives)


def with_policy(html: str) -> str:
    """``html`` with its policy as the first element of its head."""
    head = HEAD.search(html)
    if head is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[: head.end()] + meta + html[head.end() :]
