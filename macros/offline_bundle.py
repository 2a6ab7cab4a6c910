"""The offline guide as one zip, for a USB stick or a laptop (file://, no server).

Made by the online build, before its pages are rendered (the download page gives the zip's
size and SHA-256): the same source built with the file-system configuration
(``mkdocs-offline.yml``: every link names its index.html), packed under its versioned name.
The online build ships it in ``download/`` with a ``.sha256`` file beside it; ``make bundle``
takes it from there. The service worker does not precache it (macros/service_worker.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from macros.version import project_version

PROJECT_DIR = Path(__file__).resolve().parent.parent
OFFLINE_CONFIG = "mkdocs-offline.yml"
NAME_PREFIX = "checkinatwork-guide-"
# Where the online site keeps it, relative to the site's root.
DOWNLOAD_DIR = "download"
# Already compressed: stored as they are, deflating them again only costs time.
STORED = {".gz", ".zip", ".png", ".ico", ".woff2", ".zst", ".xz"}


class BundleError(Exception):
    """The offline guide could not be built."""


@dataclass(frozen=True)
class Bundle:
    archive: Path  # the zip, where it was made
    size: int  # bytes
    sha256: str  # hexadecimal

    @property
    def name(self) -> str:
        return self.archive.name

    def checksum_line(self) -> str:
        """The ``.sha256`` file's line, as ``sha256sum --check`` reads it."""
        return f"{self.sha256}  {self.name}\n"


def folder_name(project_dir: Path = PROJECT_DIR) -> str:
    """The bundle's folder, and its zip's name without ``.zip``: the guide and its version."""
    return f"{NAME_PREFIX}{project_version(project_dir)}"


def build_folder(target: Path, project_dir: Path = PROJECT_DIR) -> None:
    """The site for the file system, built into ``target``."""
    if target.exists():
        shutil.rmtree(target)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", OFFLINE_CONFIG, "-d", target],
        cwd=project_dir,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise BundleError(f"the offline guide's build failed:\n{result.stdout}{result.stderr}")
    # A web server's "not found" page: without a server nothing shows it, and its links,
    # absolute from the site's root, would lead nowhere on a USB stick.
    (target / "404.html").unlink()


def pack(folder: Path, archive: Path) -> Bundle:
    """``folder`` zipped into ``archive`` with the folder itself at the top."""
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                method = zipfile.ZIP_STORED if path.suffix in STORED else zipfile.ZIP_DEFLATED
                bundle.write(
                    path,
                    path.relative_to(folder.parent).as_posix(),
                    compress_type=method,
                    compresslevel=9 if method == zipfile.ZIP_DEFLATED else None,
                )
    digest = hashlib.sha256()
    with archive.open("rb") as reading:
        while chunk := reading.read(1 << 20):
            digest.update(chunk)
    return Bundle(archive, archive.stat().st_size, digest.hexdigest())


def make(work_dir: Path, project_dir: Path = PROJECT_DIR) -> Bundle:
    """Build and pack the offline guide in ``work_dir``: its folder and its zip."""
    name = folder_name(project_dir)
    folder = work_dir / name
    build_folder(folder, project_dir)
    return pack(folder, work_dir / f"{name}.zip")


def ship(bundle: Bundle, site_dir: Path) -> None:
    """The zip and its ``.sha256`` into the online site's ``download/``."""
    target = site_dir / DOWNLOAD_DIR
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundle.archive, target / bundle.name)
    (target / f"{bundle.name}.sha256").write_text(bundle.checksum_line(), encoding="utf-8")
