"""Serve the built site with nginx and deploy/nginx.conf, as a real host would.

`make serve` stays the simple local server; this is the example configuration of a real
host (headers, caching, compression), run as an ordinary user on an unprivileged port:

    .venv/bin/python scripts/nginx.py --port 8080 [--site site]

The tests start it the same way (tests/test_host.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATE = PROJECT_DIR / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"


def configuration(site_dir: Path, port: int, run_dir: Path) -> str:
    """deploy/nginx.conf with this site, port and folder for nginx's own files."""
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in (("SITE_DIR", site_dir.resolve()), ("PORT", port), ("RUN_DIR", run_dir)):
        text = text.replace(f"@{name}@", str(value))
    return text


def start(site_dir: Path, port: int, run_dir: Path) -> subprocess.Popen:
    """nginx in the foreground on 127.0.0.1:port, its files in run_dir."""
    if not Path(NGINX).exists():
        raise FileNotFoundError(f"{NGINX} is missing: `make test` installs Debian's nginx-light")
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "nginx.conf"
    config.write_text(configuration(site_dir, port, run_dir), encoding="utf-8")
    command = [NGINX, "-p", str(run_dir), "-c", str(config)]
    if os.geteuid() == 0:
        # Started by root (a CI container), nginx would hand its workers to "nobody", who
        # cannot read a private build folder: they keep the caller's user instead.
        command += ["-g", "user root;"]
    check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx refuses its configuration:\n{check.stderr}")
    return subprocess.Popen(command)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--site", type=Path, default=PROJECT_DIR / "site")
    arguments = parser.parse_args()
    run_dir = Path(tempfile.mkdtemp(prefix="checkinatwork-nginx-"))
    print(f"Serving {arguments.site} with nginx at http://127.0.0.1:{arguments.port}/")
    server = start(arguments.site, arguments.port, run_dir)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
