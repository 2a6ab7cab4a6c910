"""The page's Python has stand-ins for the modules python-stdnum imports and the site never
uses (checker/pyodide_stand_ins.py): they say so when used, and the standard library the
page downloads is without them and what they would have brought."""

from __future__ import annotations

import io
import zipfile

import pytest
import zstandard

from checker.pyodide_stand_ins import NOT_SHIPPED, NotShipped, install


def test_a_stand_in_says_it_is_not_shipped_when_used():
    pydoc = NotShipped("pydoc")
    with pytest.raises(AttributeError, match="'pydoc' is not shipped with the site's Python"):
        pydoc.getdoc(object)
    # What looks over every module (tracebacks, warnings, the build's list of files) still can.
    assert getattr(pydoc, "__file__", None) is None


def test_only_modules_not_imported_yet_are_stood_in_for():
    imported = object()
    modules = {"pkgutil": imported}
    install(modules)
    assert modules["pkgutil"] is imported
    assert isinstance(modules["pydoc"], NotShipped)
    assert set(modules) == set(NOT_SHIPPED)


def test_cpython_keeps_its_modules():
    import pkgutil
    import pydoc

    import checker.browser  # noqa: F401  (imports the stand-ins' module: not in CPython)

    assert not isinstance(pydoc, NotShipped) and not isinstance(pkgutil, NotShipped)


def test_the_pages_standard_library_is_without_them_and_what_they_bring(built_site):
    shipped = zstandard.ZstdDecompressor().decompress(
        (built_site / "pyodide" / "python_stdlib.zip.zst").read_bytes()
    )
    names = set(zipfile.ZipFile(io.BytesIO(shipped)).namelist())
    # What pydoc imported that nothing else did: the bulk of what was saved.
    brought = {"platform.pyc", "sysconfig/__init__.pyc", "urllib/parse.pyc", "ipaddress.pyc"}
    assert not {f"{name}.pyc" for name in NOT_SHIPPED} & names
    assert not brought & names
    # What python-stdnum does use is there.
    assert {"calendar.pyc", "datetime.pyc"} <= names
