"""`make bundle`: the offline guide for a USB stick, as a folder and as a zip, in dist/.

The online build (`make build`, which `make bundle` runs first) makes the offline guide once
(macros/offline_bundle.py) and ships its zip in site/download/: this takes that zip, checks
it against its .sha256, and unzips it beside itself. Prints the sizes.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import zipfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
from macros.offline_bundle import DOWNLOAD_DIR, folder_name  # noqa: E402

DIST_DIR = PROJECT_DIR / "dist"
SITE_DIR = PROJECT_DIR / "site"


def take(site: Path, dist: Path) -> tuple[Path, Path]:
    """The site's zip copied into ``dist`` and unzipped there: (folder, zip)."""
    name = folder_name()
    shipped = site / DOWNLOAD_DIR / f"{name}.zip"
    if not shipped.is_file():
        sys.exit(f"{shipped} is missing: build the site first (make build)")
    expected = (site / DOWNLOAD_DIR / f"{name}.zip.sha256").read_text(encoding="utf-8").split()[0]
    if hashlib.sha256(shipped.read_bytes()).hexdigest() != expected:
        sys.exit(f"{shipped} does not match its .sha256: build the site again (make build)")
    dist.mkdir(parents=True, exist_ok=True)
    archive, folder = dist / shipped.name, dist / name
    shutil.copyfile(shipped, archive)
    if folder.exists():
        shutil.rmtree(folder)
    with zipfile.ZipFile(archive) as unzipping:
        unzipping.extractall(dist)
    return folder, archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE_DIR, help="the built site (site/)")
    parser.add_argument("--dist", type=Path, default=DIST_DIR, help="where to write (dist/)")
    arguments = parser.parse_args()
    folder, archive = take(arguments.site.resolve(), arguments.dist.resolve())
    folder_bytes = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"{folder}/  {folder_bytes:>12,} bytes")
    print(f"{archive}  {archive.stat().st_size:>12,} bytes")
    print(f"open {folder}/index.html from the file system")


if __name__ == "__main__":
    main()
