"""The version of the site, shown on the about page and printed records."""

from __future__ import annotations

import subprocess
import tomllib
from functools import cache
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def project_version(project_dir: Path = PROJECT_DIR) -> str:
    """The version in ``project_dir``'s pyproject.toml."""
    with (project_dir / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


@cache
def site_version() -> str:
    """The project's version, with the commit it was built from when git can tell."""
    version = project_version()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return version
    return f"{version} ({commit})" if commit else version
