"""Ship Pyodide and the decision module inside the built site.

Pyodide comes from the npm package pinned in package.json (``make`` runs ``npm ci``), never
from a CDN. Only what the checker uses is copied: the runtime and the standard library, no
package (the decision module needs none). The module's sources go into one classic script,
``javascripts/checker-python.js``, that a module worker (``import``) or a page
(``<script>``) can load without ``fetch``.

What a reader's link carries is made as small as it can be: the WebAssembly and the
standard library are shipped Zstandard-compressed (2.9 MB where a host's gzip gives 3.6 MB;
the page decompresses them with fzstd as they come on a slow link, with zstddec, Zstandard's
own decoder in WebAssembly, when they are whole), the WebAssembly in xz too (2.6 MB, taken
where the link is slower than a phone decodes xz, by xz-decompress as it comes) and in gzip
(3.5 MB, taken from a server on the reader's own machine or network, where bytes cost
little: the browser decodes it as it comes and compiles it as it arrives; from there the
standard library and the snapshot come in gzip too, 1.0 and 4.3 MB), and the
standard library is only what Python reads
to start and to run the module (about a third of ``python_stdlib.zip``), compiled to bytecode
by Pyodide's own Python (an ordinary start no longer compiles it: twice as fast) and stored
uncompressed in its zip so that Zstandard compresses it whole (0.7 MB). Node lists those
files, compiles them, then makes the snapshot with that smaller library, which proves it
enough.

A memory snapshot of Pyodide with the module imported (``pyodide/checker.snapshot.zst``,
3.1 MB) lets Python skip its start-up (about 3 s of a desktop's time, more on a phone): the
page takes it when the link is fast enough for it to be worth its bytes
(``javascripts/python-runtime.js``). All of it is kept in ``.cache/`` until Pyodide or the
module changes.

Two ways to ship, one per kind of build:

- for a web server (:data:`Shipping.SERVED`), files fetched by a module worker;
- for the file system (:data:`Shipping.EMBEDDED`, the USB-stick bundle), where a browser
  neither imports modules nor fetches files from ``file://``: every file becomes a classic
  script the page can load with ``<script>`` — Pyodide's module rewritten as one, the
  binaries as base64 text.
"""

from __future__ import annotations

import base64
import enum
import gzip
import hashlib
import importlib.util
import json
import lzma
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import zstandard

from macros import cache, snapshot_spans

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYODIDE_PACKAGE = PROJECT_DIR / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs")
# Zstandard's strongest level: made once per Pyodide and module (cached), read on every visit.
ZSTD_LEVEL = 22
# The WebAssembly: level 19 gives 2.9 MB where 22 saves little more.
WASM_ZSTD_LEVEL = 19
SITE_WASM = "pyodide.asm.wasm.zst"
# The WebAssembly in xz too: 0.25 MB fewer than Zstandard (2.64 MB), but decoded several
# times slower; the page takes it where its link is slower than a phone decodes xz.
SITE_WASM_XZ = "pyodide.asm.wasm.xz"
XZ_PRESET = 9 | lzma.PRESET_EXTREME
# And in gzip, for a server on the reader's own machine or network: 0.66 MB more than
# Zstandard, but the browser's own DecompressionStream decodes it as it comes, so the
# WebAssembly compiles as it arrives instead of after a decode of the whole file.
SITE_WASM_GZIP = "pyodide.asm.wasm.gz"
GZIP_LEVEL = 9
FZSTD_SCRIPT = PROJECT_DIR / "node_modules" / "fzstd" / "umd" / "index.js"
# Zstandard's decoder in WebAssembly, for whole files on a fast link (an ES module: served
# builds only, where the module worker imports it).
ZSTDDEC_MODULE = PROJECT_DIR / "node_modules" / "zstddec" / "dist" / "zstddec.mjs"
SITE_ZSTDDEC = "zstddec.mjs"
# xz's decoder in WebAssembly (xz-embedded), for the WebAssembly on a slow link: a UMD
# script, shipped as an ES module the worker imports (served builds only).
XZ_DECOMPRESS_SCRIPT = (
    PROJECT_DIR / "node_modules" / "xz-decompress" / "dist" / "package" / "xz-decompress.min.js"
)
SITE_XZ_DECOMPRESS = "xz-decompress.mjs"
XZ_UMD_CALL = "}(this,"
XZ_UMD_NAME = '["xz-decompress"]='
# The checker's modules that run in the page: the flow, the decision, the numbers and the
# crew lists of the listing, the JSON interface and its stand-ins for unused imports.
CHECKER_MODULES = (
    "__init__.py",
    "flow.py",
    "decide.py",
    "shown.py",
    "identity.py",
    "crew.py",
    "browser.py",
    "pyodide_stand_ins.py",
)
# The part of python-stdnum that checks Belgian national register and BIS numbers (what
# `import stdnum.be.nn, stdnum.be.bis` loads), not its 6 MB of data for other countries.
STDNUM_MODULES = (
    "__init__.py",
    "exceptions.py",
    "util.py",
    "be/__init__.py",
    "be/nn.py",
    "be/bis.py",
    "be/vat.py",
)
STDNUM_DIR = Path(importlib.util.find_spec("stdnum").origin).parent
SNAPSHOT_SCRIPT = Path(__file__).resolve().parent / "pyodide_snapshot.mjs"
CACHE_DIR = cache.CACHE_DIR
SITE_PYODIDE_DIR = "pyodide"
SITE_SNAPSHOT = "checker.snapshot.zst"
SITE_STDLIB = "python_stdlib.zip.zst"
# The standard library and the snapshot in gzip too, for a server on the reader's own machine
# or network (as the WebAssembly): the browser decodes them as they come, where Zstandard's
# wait for zstddec, whose own start waits behind the WebAssembly's compile.
SITE_STDLIB_GZIP = "python_stdlib.zip.gz"
SITE_SNAPSHOT_GZIP = "checker.snapshot.gz"
SITE_CHECKER_SCRIPT = "javascripts/checker-python.js"
SITE_FZSTD_SCRIPT = "javascripts/fzstd.js"
# Pyodide's module as a classic script: what it says as a module, said for a <script>.
MODULE_URL = "import.meta.url"
MODULE_EXPORT = "export default _createPyodideModule;"
CLASSIC_HEAD = (
    "// Generated by macros/pyodide.py from Pyodide's pyodide.asm.mjs: the same code as a\n"
    "// classic script, which a page opened from the file system can load.\n"
    "(() => {\nconst cwScriptURL = document.currentScript.src;\n"
)
CLASSIC_TAIL = "\nself.cwCreatePyodideModule = _createPyodideModule;\n})();\n"


class Shipping(enum.Enum):
    SERVED = "served"
    EMBEDDED = "embedded"


class PyodideError(Exception):
    """Pyodide is missing, or its snapshot could not be made."""


def ship(site_dir: Path, shipping: Shipping = Shipping.SERVED) -> None:
    """Put the Pyodide runtime, the module's sources and the snapshot into ``site_dir``."""
    for needed, what in [
        (PYODIDE_PACKAGE / "package.json", "pyodide"),
        (FZSTD_SCRIPT, "fzstd"),
        (ZSTDDEC_MODULE, "zstddec"),
        (XZ_DECOMPRESS_SCRIPT, "xz-decompress"),
    ]:
        if not needed.exists():
            raise PyodideError(
                f"{needed} is missing: run `npm ci` (make build does) to fetch the pinned "
                f"{what} from the npm registry"
            )
    payload = _payload()
    stdlib, snapshot, spans = _made(payload)
    binaries = {SITE_WASM: _compressed_wasm(), SITE_STDLIB: stdlib, SITE_SNAPSHOT: snapshot}
    # The page weighs the snapshot's bytes against a start without it before fetching it.
    payload["sizes"] = {name: path.stat().st_size for name, path in binaries.items()}
    # The decoders read the size they will write from the file's header; Pyodide is made
    # with a memory of the snapshot's size before the snapshot has come, and the snapshot's
    # spans are put where they go in it (macros/snapshot_spans.py).
    content_sizes = {name: _content_size(path) for name, path in binaries.items()}
    payload["snapshot"] = json.loads(spans.read_text(encoding="utf-8"))
    if content_sizes[SITE_SNAPSHOT] != sum(length for _, length in payload["snapshot"]["spans"]):
        raise PyodideError(f"{snapshot} does not fill the spans of {spans}")
    _write_script(site_dir / SITE_CHECKER_SCRIPT, "self.CHECKER_PYTHON = {value};", payload)
    shutil.copy2(FZSTD_SCRIPT, site_dir / SITE_FZSTD_SCRIPT)
    target = site_dir / SITE_PYODIDE_DIR
    target.mkdir(parents=True, exist_ok=True)
    if shipping is Shipping.SERVED:
        for name in PYODIDE_FILES:
            shutil.copy2(PYODIDE_PACKAGE / name, target / name)
        shutil.copy2(ZSTDDEC_MODULE, target / SITE_ZSTDDEC)
        (target / SITE_XZ_DECOMPRESS).write_text(
            xz_module(XZ_DECOMPRESS_SCRIPT.read_text(encoding="utf-8")), encoding="utf-8"
        )
        for name, made in binaries.items():
            shutil.copy2(made, target / name)
        shutil.copy2(_xz_wasm(), target / SITE_WASM_XZ)
        shutil.copy2(_gzip_wasm(), target / SITE_WASM_GZIP)
        shutil.copy2(_gzip_of(stdlib), target / SITE_STDLIB_GZIP)
        shutil.copy2(_gzip_of(snapshot), target / SITE_SNAPSHOT_GZIP)
        return
    shutil.copy2(PYODIDE_PACKAGE / "pyodide.js", target / "pyodide.js")
    (target / "pyodide.asm.js").write_text(
        classic_script((PYODIDE_PACKAGE / "pyodide.asm.mjs").read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    for name, made in binaries.items():
        _write_script(
            target / f"{name}.js",
            f'self.cwEmbedded = self.cwEmbedded || {{}};\nself.cwEmbedded["{name}"] = {{value}};',
            base64.b64encode(made.read_bytes()).decode("ascii"),
        )


def classic_script(module: str) -> str:
    """Pyodide's ES module as a classic script that sets ``self.cwCreatePyodideModule``.

    Fails if the module no longer has the shape this rewriting knows (a new Pyodide)."""
    static_import = re.search(r"^\s*(import|export)\b", module, re.MULTILINE)
    if module.count(MODULE_EXPORT) != 1 or MODULE_URL not in module or static_import:
        raise PyodideError(
            "pyodide.asm.mjs has changed shape: update macros/pyodide.py:classic_script"
        )
    body = module.replace(MODULE_EXPORT, "").replace(MODULE_URL, "cwScriptURL")
    return CLASSIC_HEAD + body + CLASSIC_TAIL


def xz_module(script: str) -> str:
    """xz-decompress's UMD script as an ES module exporting ``XzReadableStream``.

    Fails if the script no longer has the shape this wrapping knows (a new version)."""
    if script.count(XZ_UMD_CALL) != 1 or XZ_UMD_NAME not in script:
        raise PyodideError("xz-decompress has changed shape: update macros/pyodide.py:xz_module")
    return (
        "// Generated by macros/pyodide.py from xz-decompress's UMD script: run with `this`\n"
        "// an object of its own, where it puts itself (no global, no CommonJS).\n"
        "const umd = {};\n(function () {\n"
        + script
        + '\n}).call(umd);\nexport const { XzReadableStream } = umd["xz-decompress"];\n'
    )


def _write_script(path: Path, statement: str, value: object) -> None:
    """A classic script of one ``statement`` whose ``{value}`` is ``value`` as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "// Generated by macros/pyodide.py.\n"
        + statement.replace("{value}", json.dumps(value, ensure_ascii=True))
        + "\n",
        encoding="utf-8",
    )


def _content_size(path: Path) -> int:
    """The decompressed size a Zstandard file says in its header."""
    with path.open("rb") as file:
        size = zstandard.get_frame_parameters(file.read(18)).content_size
    if size == zstandard.CONTENTSIZE_UNKNOWN:
        raise PyodideError(f"{path} does not say its size: compress it in one go")
    return size


def _compressed_wasm() -> Path:
    """Pyodide's WebAssembly in Zstandard, made once per Pyodide and then cached."""
    compress = zstandard.ZstdCompressor(level=WASM_ZSTD_LEVEL).compress
    return _cached_wasm("zst", f"zstd {WASM_ZSTD_LEVEL}", compress)


def _xz_wasm() -> Path:
    """Pyodide's WebAssembly in xz, made once per Pyodide and then cached. CRC32: the check
    xz-embedded verifies without its optional parts."""
    return _cached_wasm(
        "xz",
        f"xz {XZ_PRESET}",
        lambda wasm: lzma.compress(
            wasm, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32, preset=XZ_PRESET
        ),
    )


def _gzipped(data: bytes) -> bytes:
    """``data`` in gzip, with no time in its header: the same bytes every build."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _gzip_wasm() -> Path:
    """Pyodide's WebAssembly in gzip, made once per Pyodide and then cached."""
    return _cached_wasm("gz", f"gzip {GZIP_LEVEL}", _gzipped)


def _gzip_of(made: Path) -> Path:
    """A Zstandard file of the cache in gzip, beside it (made from it once)."""
    gzipped = made.with_suffix(".gz")
    if not gzipped.exists():
        cache.write(gzipped, _gzipped(zstandard.ZstdDecompressor().decompress(made.read_bytes())))
    return gzipped


def _cached_wasm(suffix: str, how: str, compress) -> Path:
    """Pyodide's WebAssembly compressed by ``compress`` (``how`` names it in the cache key),
    kept in .cache/ as ``wasm-<key>.<suffix>`` until Pyodide or ``how`` changes."""
    wasm = (PYODIDE_PACKAGE / "pyodide.asm.wasm").read_bytes()
    key = hashlib.sha256(wasm + how.encode()).hexdigest()[:16]
    cached = CACHE_DIR / f"wasm-{key}.{suffix}"
    if not cached.exists():
        cache.remove_others(f"wasm-*.{suffix}", keep=[cached])
        cache.write(cached, compress(wasm))
    return cached


def _payload() -> dict:
    lock = json.loads((PYODIDE_PACKAGE / "pyodide-lock.json").read_text(encoding="utf-8"))
    return {
        "version": json.loads((PYODIDE_PACKAGE / "package.json").read_text())["version"],
        # A lock file with no package: Pyodide needs its "info", and nothing else is loaded.
        "lock": {"info": lock["info"], "packages": {}},
        "files": {
            **{
                f"checker/{name}": (PROJECT_DIR / "checker" / name).read_text(encoding="utf-8")
                for name in CHECKER_MODULES
            },
            **{
                f"stdnum/{name}": (STDNUM_DIR / name).read_text(encoding="utf-8")
                for name in STDNUM_MODULES
            },
        },
    }


def _made(payload: dict) -> tuple[Path, Path, Path]:
    """The trimmed standard library (a zip of stored files, Zstandard-compressed whole), the
    snapshot for this Pyodide and these sources (its spans that are not zeros, end to end,
    Zstandard-compressed) and where those spans go (JSON: the memory's size, the spans'
    offsets and lengths), made once and then cached."""
    key = hashlib.sha256()
    key.update(json.dumps(payload, sort_keys=True).encode())
    key.update(SNAPSHOT_SCRIPT.read_bytes())
    key.update((PYODIDE_PACKAGE / "pyodide.asm.wasm").read_bytes())
    key.update(f"zstd {ZSTD_LEVEL}, standard library compiled, stored".encode())
    key.update(f"snapshot in spans, {snapshot_spans.MIN_ZEROS} zeros apart".encode())
    made = CACHE_DIR / f"checker-{key.hexdigest()[:16]}"
    stdlib, snapshot = made / "stdlib.zip.zst", made / "snapshot.zst"
    spans = made / "snapshot-spans.json"
    if made.is_dir():
        return stdlib, snapshot, spans
    cache.remove_others("checker-*", keep=[made])
    with tempfile.TemporaryDirectory() as temporary:
        payload_file = Path(temporary) / "payload.json"
        payload_file.write_text(json.dumps(payload), encoding="utf-8")
        used_file = Path(temporary) / "used.json"
        full_stdlib = PYODIDE_PACKAGE / "python_stdlib.zip"
        _node(payload_file, full_stdlib, "list", used_file)
        used = set(json.loads(used_file.read_text(encoding="utf-8")))
        sources = Path(temporary) / "sources.zip"
        with zipfile.ZipFile(full_stdlib) as source, zipfile.ZipFile(sources, "w") as target:
            for info in source.infolist():
                if info.filename in used:
                    target.writestr(info, source.read(info), compress_type=zipfile.ZIP_STORED)
        trimmed = Path(temporary) / "python_stdlib.zip"
        _node(payload_file, full_stdlib, "compile", trimmed, sources)
        memory = Path(temporary) / "snapshot"
        _node(payload_file, trimmed, "snapshot", memory)
        compress = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress
        whole = memory.read_bytes()
        where = snapshot_spans.nonzero_spans(whole)
        cache.write_together(
            made,
            {
                stdlib.name: compress(trimmed.read_bytes()),
                snapshot.name: compress(snapshot_spans.packed(whole, where)),
                spans.name: json.dumps({"size": len(whole), "spans": where}).encode(),
            },
        )
    return stdlib, snapshot, spans


def _node(payload_file: Path, stdlib: Path, mode: str, output: Path, *inputs: Path) -> None:
    command = ["node", str(SNAPSHOT_SCRIPT), str(PYODIDE_PACKAGE), str(payload_file)]
    try:
        subprocess.run(
            [*command, str(stdlib), mode, str(output), *map(str, inputs)],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as error:
        # What Node.js wrote but its lines of minified source (the whole of Pyodide's script).
        lines = (getattr(error, "stderr", "") or "").splitlines()
        detail = "\n".join(line for line in lines if len(line) < 1000)
        raise PyodideError(f"could not {mode} with Pyodide in Node.js: {error} {detail}") from error
