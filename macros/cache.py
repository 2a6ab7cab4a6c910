"""The build's cache (``.cache/``): files written whole, so that builds running at the same
time (the tests' workers) never read one half-written, nor remove one another's."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache"
# Temporary files are private; the cache's are copied into the site, which a web server
# running as another user must read.
READABLE = 0o644


def write(path: Path, data: bytes) -> None:
    """``data`` into ``path`` at once: a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, READABLE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_together(folder: Path, files: dict[str, bytes]) -> None:
    """``files`` into ``folder`` as one: files made together (a snapshot and the standard
    library it was made with) are never mixed with those of another build. The first build
    to finish wins; the others' are dropped."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for name, data in files.items():
            (temporary / name).write_bytes(data)
            (temporary / name).chmod(READABLE)
        temporary.chmod(READABLE | 0o111)
        os.rename(temporary, folder)
    except OSError:
        if not folder.is_dir():
            raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def remove_others(pattern: str, keep: list[Path]) -> None:
    """Remove what ``pattern`` names that was made for other inputs (an older Pyodide, ...)."""
    for old in CACHE_DIR.glob(pattern):
        if old in keep:
            continue
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
