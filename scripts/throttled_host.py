"""A static host behind a slow link, for the network part of the benchmark (scripts/bench.py).

Chromium's own network throttling slows each request on its own; a phone's link is one
pipe that every request shares. This server models that pipe:

- one token bucket for all connections: every response's bytes leave in chunks through
  the same link, at the profile's rate, so parallel downloads share it;
- a round trip before each response (the request's way up and the first byte's way down);
- gzip for text and WebAssembly when the browser accepts it, as common static hosts do
  (not for files that are compressed already: .zst, .xz, .zip, .pdf, images);
- it counts the bytes it sends, with the time each chunk left, so that a visit's bytes can
  be read up to any moment.

Only what a benchmark needs: GET and HEAD of files, no ranges, no revalidation.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import posixpath
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 16 * 1024
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/wasm",
    "application/xml",
    "image/svg+xml",
)
TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".zst": "application/octet-stream",
    ".xz": "application/octet-stream",  # not application/wasm: Python guesses by .wasm.xz
    ".gz": "application/gzip",  # as .xz
}


@dataclass(frozen=True)
class Profile:
    name: str
    down_bits_per_s: float | None  # None: the machine's own speed (no throttling)
    round_trip_s: float

    @property
    def bytes_per_s(self) -> float | None:
        return None if self.down_bits_per_s is None else self.down_bits_per_s / 8


PROFILES = {
    "local": Profile("local", None, 0.0),
    "4g": Profile("4g", 9_000_000, 0.085),
    "slow-4g": Profile("slow-4g", 1_600_000, 0.150),
}


@dataclass
class Link:
    """One pipe shared by every connection: first come, first sent, chunk by chunk."""

    profile: Profile
    _free_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    sent: list[tuple[float, int, str]] = field(default_factory=list)  # (epoch s, bytes, path)

    def send(self, write, data: bytes, path: str = "") -> None:
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            if self.profile.bytes_per_s is not None:
                with self._lock:
                    now = time.monotonic()
                    begins = max(now, self._free_at)
                    self._free_at = begins + len(chunk) / self.profile.bytes_per_s
                    leaves = self._free_at
                time.sleep(max(0.0, leaves - time.monotonic()))
            write(chunk)
            with self._lock:
                self.sent.append((time.time(), len(chunk), path))

    def bytes_until(self, epoch_s: float) -> int:
        with self._lock:
            return sum(size for when, size, _ in self.sent if when <= epoch_s)

    def files_until(self, epoch_s: float, origin_s: float) -> dict[str, list]:
        """{path: [first byte, last byte (ms from origin_s), bytes]} of what was sent until
        epoch_s, by the path asked for (the query left out)."""
        files: dict[str, list] = {}
        with self._lock:
            for when, size, path in self.sent:
                if when > epoch_s:
                    continue
                at = round((when - origin_s) * 1000)
                seen = files.setdefault(path.split("?", 1)[0], [at, at, 0])
                seen[1] = at
                seen[2] += size
        return files

    def reset(self) -> None:
        with self._lock:
            self.sent.clear()


@functools.lru_cache(maxsize=256)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class ThrottledHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root: Path
    link: Link

    def log_message(self, format, *args):
        pass

    def _file(self) -> Path | None:
        path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        # Normalised as a URL path (no way above the root); symbolic links are followed.
        target = self.root / posixpath.normpath("/" + path).lstrip("/")
        if target.is_dir():
            if not path.endswith("/"):
                return None
            target = target / "index.html"
        return target if target.is_file() else None

    def do_HEAD(self):
        self.do_GET(body=False)

    def do_GET(self, body: bool = True):
        # The round trip: the request travelling up, the first byte coming down.
        time.sleep(self.link.profile.round_trip_s)
        target = self._file()
        if target is None:
            data, content_type, encoding, status = b"not found", "text/plain", None, 404
        else:
            content_type = TYPES.get(target.suffix) or (
                mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            )
            status = 200
            accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if accepts_gzip and content_type.startswith(COMPRESSED_TYPES):
                data, encoding = _gzipped(target, target.stat().st_mtime_ns), "gzip"
            else:
                data, encoding = target.read_bytes(), None
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.link.send(self.wfile.write, data, self.path)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser closing a connection mid-response (a page closed) is no error here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ThrottledHost:
    """``with ThrottledHost(folder, profile) as host:`` serves folder at host.base (with
    ``handler``, a subclass of ThrottledHandler, for a host of other habits)."""

    def __init__(self, root: Path, profile: Profile, handler=None):
        self.link = Link(profile)
        handler = type("Handler", (handler or ThrottledHandler,), {"root": root, "link": self.link})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> ThrottledHost:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
