"""How Pyodide is shipped: as files for a web server, as classic scripts for the file system."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path

import pytest
import zstandard

from macros import pyodide
from macros.snapshot_spans import nonzero_spans, packed, unpacked

SERVED = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm.zst",
    "pyodide.asm.wasm.xz",
    "pyodide.asm.wasm.gz",
    "xz-decompress.mjs",
    "python_stdlib.zip.zst",
    "python_stdlib.zip.gz",
    "checker.snapshot.zst",
    "checker.snapshot.gz",
]
EMBEDDED = [
    "pyodide.js",
    "pyodide.asm.js",
    "pyodide.asm.wasm.zst.js",
    "python_stdlib.zip.zst.js",
    "checker.snapshot.zst.js",
]


def test_pyodides_module_becomes_a_classic_script(tmp_path: Path):
    module = (pyodide.PYODIDE_PACKAGE / "pyodide.asm.mjs").read_text(encoding="utf-8")
    classic = pyodide.classic_script(module)
    assert "import.meta" not in classic
    assert "export default" not in classic
    assert classic.rstrip().endswith("self.cwCreatePyodideModule = _createPyodideModule;\n})();")
    # Node parses a .cjs file as a classic script: a module's syntax would fail here.
    script = tmp_path / "pyodide.asm.cjs"
    script.write_text(classic, encoding="utf-8")
    result = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "module",
    [
        "async function _createPyodideModule(){}\nexport { _createPyodideModule };",
        "import x from './y.mjs';\nexport default _createPyodideModule;import.meta.url",
        "export default _createPyodideModule;",  # no import.meta.url to replace: changed
    ],
)
def test_a_module_of_another_shape_fails_the_build_with_a_reason(module: str):
    with pytest.raises(pyodide.PyodideError, match="changed shape"):
        pyodide.classic_script(module)


def test_the_xz_webassembly_is_pyodides_through_the_shipped_decoder(built_site, tmp_path):
    """The worker's xz decoder, as shipped (an ES module made from xz-decompress's UMD
    script), gives back Pyodide's WebAssembly byte for byte."""
    decoder = (built_site / "pyodide" / "xz-decompress.mjs").as_uri()
    compressed = str(built_site / "pyodide" / "pyodide.asm.wasm.xz")
    script = tmp_path / "decompress.mjs"
    script.write_text(
        f"""import {{ XzReadableStream }} from {json.dumps(decoder)};
import {{ readFileSync }} from "node:fs";
import {{ createHash }} from "node:crypto";
const xz = new Blob([readFileSync({json.dumps(compressed)})]);
const wasm = await new Response(new XzReadableStream(xz.stream())).arrayBuffer();
console.log(createHash("sha256").update(new Uint8Array(wasm)).digest("hex"));
""",
        encoding="utf-8",
    )
    result = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    wasm = (pyodide.PYODIDE_PACKAGE / "pyodide.asm.wasm").read_bytes()
    assert result.stdout.strip() == hashlib.sha256(wasm).hexdigest()


def test_the_gzip_webassembly_is_pyodides(built_site):
    compressed = (built_site / "pyodide" / "pyodide.asm.wasm.gz").read_bytes()
    assert (
        gzip.decompress(compressed) == (pyodide.PYODIDE_PACKAGE / "pyodide.asm.wasm").read_bytes()
    )


@pytest.mark.parametrize("name", ["python_stdlib.zip", "checker.snapshot"])
def test_the_gzip_file_holds_what_the_zstandard_file_holds(built_site, name):
    folder = built_site / "pyodide"
    zstd = zstandard.ZstdDecompressor().decompress((folder / f"{name}.zst").read_bytes())
    assert gzip.decompress((folder / f"{name}.gz").read_bytes()) == zstd


def test_the_page_is_told_the_snapshots_size_and_spans_before_it_comes(built_site):
    """Pyodide sizes its memory by the snapshot before the snapshot has come: the size the
    build writes is the snapshot's; its file holds the spans that are not zeros, end to
    end, and the page is told where each goes."""
    script = (built_site / "javascripts" / "checker-python.js").read_text(encoding="utf-8")
    said = json.loads(script[script.index("{") : script.rindex("}") + 1])["snapshot"]
    compressed = (built_site / "pyodide" / "checker.snapshot.zst").read_bytes()
    shipped = zstandard.ZstdDecompressor().decompress(compressed)
    memory = unpacked(shipped, said["spans"], said["size"])
    # What the build shipped is the memory less its long runs of zeros (31 MB, 12 MB of it
    # shipped).
    assert nonzero_spans(memory) == [tuple(span) for span in said["spans"]]
    assert packed(memory, said["spans"]) == shipped
    assert len(shipped) < 0.6 * said["size"]


def test_an_xz_decoder_of_another_shape_fails_the_build_with_a_reason():
    with pytest.raises(pyodide.PyodideError, match="changed shape"):
        pyodide.xz_module("export class XzReadableStream {}")


def test_the_served_site_has_the_files_and_the_bundle_the_scripts(built_site, offline_site):
    for name in SERVED:
        assert (built_site / "pyodide" / name).stat().st_size > 10_000, name
        assert not (offline_site / "pyodide" / name).exists(), name
    for name in EMBEDDED:
        assert (offline_site / "pyodide" / name).stat().st_size > 10_000, name
        assert not (built_site / "pyodide" / name).exists(), name
    for site in (built_site, offline_site):
        assert (site / "javascripts" / "fzstd.js").exists()
        assert (site / "javascripts" / "checker-python.js").exists()
