"""The build's cache (``.cache/``): files written whole, so that builds running at the same
time (the tests' workers) never read one half-written, nor remove one another's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache"


def write(path: Path, data: bytes) -> None:
    """``data`` into ``path`` at once: a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_others(pattern: str, keep: list[Path]) -> None:
    """Remove the files of ``pattern`` made for other inputs (an older Pyodide, ...)."""
    for old in CACHE_DIR.glob(pattern):
        if old not in keep:
            old.unlink(missing_ok=True)
