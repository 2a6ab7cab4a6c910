"""`make bundle`: the whole site for a USB stick, as a folder and as a zip.

Built from the same source with the same command as the online site, with the file-system
configuration (mkdocs-offline.yml: every link names its index.html). Prints the sizes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DIST_DIR = PROJECT_DIR / "dist"
# Already compressed: stored as they are, deflating them again only costs time.
STORED = {".gz", ".zip", ".png", ".ico", ".woff2"}


def version() -> str:
    with (PROJECT_DIR / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def build(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "-f",
            "mkdocs-offline.yml",
            "-d",
            str(target),
        ],
        cwd=PROJECT_DIR,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    # A web server's "not found" page: without a server nothing shows it, and its links,
    # absolute from the site's root, would lead nowhere on a USB stick.
    (target / "404.html").unlink()


def pack(folder: Path, archive: Path) -> None:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=DIST_DIR, help="where to write (dist/)")
    dist = parser.parse_args().dist.resolve()
    name = f"checkinatwork-guide-{version()}"
    folder, archive = dist / name, dist / f"{name}.zip"
    build(folder)
    pack(folder, archive)
    folder_bytes = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"{folder}/  {folder_bytes:>12,} bytes")
    print(f"{archive}  {archive.stat().st_size:>12,} bytes")
    print(f"open {folder}/index.html from the file system")


if __name__ == "__main__":
    main()
