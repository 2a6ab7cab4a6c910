"""Typed values made safe to show in a message (the command line, the page)."""

from __future__ import annotations

# A value typed by someone is shown at most this long in a message.
SHOWN_VALUE_LENGTH = 80


def shown(value: str) -> str:
    """``value`` with control characters spelled out (\\u001b), cut to a readable length.

    The result is still untrusted text: a page puts it in as text, never as markup.
    """
    printable = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
    if len(printable) > SHOWN_VALUE_LENGTH:
        return printable[: SHOWN_VALUE_LENGTH - 1] + "…"
    return printable
