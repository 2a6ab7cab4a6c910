"""Stand-ins, in Pyodide only, for two standard library modules that python-stdnum imports
at its top for helpers the site never calls.

``stdnum.util`` imports ``pydoc`` (for its modules' descriptions) and ``pkgutil`` (to list
its modules); with pydoc come platform, sysconfig, urllib.parse, ipaddress and more: 0.38 MB
of bytecode in the standard library the page downloads (macros/pyodide.py ships only the
files Python reads), about 94 kB compressed, and their objects in the memory snapshot. In
the page those names are given modules that say, if anything ever uses them, that they are
not shipped. CPython (the command line, the build, the tests) is left as it is.
"""

from __future__ import annotations

import sys
import types

NOT_SHIPPED = ("pydoc", "pkgutil")


class NotShipped(types.ModuleType):
    """A module left out of the page's Python: any use of it fails, saying so. The error is
    an AttributeError, so that ``getattr(module, "__file__", None)`` and the like, which
    look over every module, still work."""

    def __getattr__(self, name: str):
        raise AttributeError(
            f"module {self.__name__!r} is not shipped with the site's Python "
            f"(python-stdnum imports it for helpers the site does not call): no {name!r}"
        )


def install(modules: dict = sys.modules) -> None:
    """Each module of NOT_SHIPPED not imported yet becomes a NotShipped."""
    for name in NOT_SHIPPED:
        modules.setdefault(name, NotShipped(name))


if sys.platform == "emscripten":
    install()
