"""The version of the site, shown on the about page and printed records."""

from __future__ import annotations

import subprocess
import tomllib
from functools import cache
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@cache
def site_version() -> str:
    """The project's version, with the commit it was built from when git can tell."""
    with (PROJECT_DIR / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
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
