"""python-runtime.js on its own, in Node.js, with a stand-in for Pyodide that asks for its
files as Pyodide does (fetch, then WebAssembly.instantiateStreaming once its module is
made): a file that fails fails the start with its own error, and whatever Pyodide asks
afterwards is neither sent to the network nor answered with an empty file, whenever the
failure comes. No browser: the order of events is set here, not left to a machine's load."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import PROJECT_DIR

ELSEWHERE = "http://elsewhere.test/"
RUNTIME = PROJECT_DIR / "docs" / "static" / "javascripts" / "python-runtime.js"

# The stand-in: Pyodide's order of requests (src/js/emscripten-settings.ts): the
# WebAssembly's and the standard library's fetch when the module's settings are made, the
# WebAssembly instantiated once the module is made (MODULE_MS later), the standard library
# awaited then. What it is told is logged as Pyodide logs it.
SCRIPT = """
const vm = require("node:vm");
const fs = require("node:fs");
const [runtimePath, failing, failAtMs, moduleMs] = process.argv.slice(1);
const logged = [];
const sent = [];
globalThis.self = globalThis;
globalThis.fetch = async (resource) => {
  sent.push(String(resource));
  return new Response("not found", { status: 404 });
};
vm.runInThisContext(fs.readFileSync(runtimePath, "utf8"));
self.CHECKER_PYTHON = { lock: "{}", files: {} };
const indexURL = "http://site.test/pyodide/";
const EMPTY = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
const later = (ms, value, fails) =>
  new Promise((resolve, reject) =>
    setTimeout(() => (fails ? reject(value) : resolve(value)), ms));
const cut = new Error(`${failing}: cut short`);
// "none": both files come (the smallest WebAssembly module there is, four bytes of zip).
const never = new Promise(() => {});
const file = (name, whole) =>
  failing === name ? later(+failAtMs, cut, true) : failing === "none" ? whole() : never;
const wasmModule = file("wasm", () => WebAssembly.compile(EMPTY));
const stdlib = () => file("stdlib", () => new Response(new Uint8Array(4)));
async function loadPyodide({ indexURL }) {
  const wasm = fetch(`${indexURL}pyodide.asm.wasm`);
  const zip = fetch(`${indexURL}python_stdlib.zip`);
  await later(+moduleMs);
  try {
    await WebAssembly.instantiateStreaming(wasm, {});
    logged.push("instantiated");
  } catch (error) {
    logged.push(`wasm instantiation failed! ${error}`);
  }
  try {
    await (await zip).arrayBuffer();
  } catch (error) {
    logged.push(`Error occurred while installing the standard library: ${error}`);
  }
  return { pyimport: () => ({}) };
}
(async () => {
  let outcome;
  try {
    await self.cwPython.start(loadPyodide, indexURL, { wasmModule, stdlib },
                              Promise.resolve(null), {});
    outcome = "started";
  } catch (error) {
    outcome = String(error);
  }
  await later(+moduleMs + 200);
  await fetch("http://elsewhere.test/"); // not one of Pyodide's files: the network's
  console.log(JSON.stringify({ outcome, logged, sent }));
  process.exit(0);
})();
"""


@pytest.mark.parametrize("module_ms", [0, 100])
@pytest.mark.parametrize("fail_at_ms", [0, 50, 300])
@pytest.mark.parametrize("failing", ["wasm", "stdlib"])
def test_a_failed_file_fails_the_start_and_pyodide_is_told_nothing(
    failing: str, fail_at_ms: int, module_ms: int
):
    """Before Pyodide has asked for its files, while its module is being made, or once it
    waits for them: the start fails with the file's error, and Pyodide's later requests
    wait (a tab closed mid-start cut the standard library; Pyodide, whose module was still
    being made, was then handed the WebAssembly's empty answer by the browser's own
    instantiateStreaming and logged "wasm instantiation failed!")."""
    result = subprocess.run(
        ["node", "-e", SCRIPT, str(RUNTIME), failing, str(fail_at_ms), str(module_ms)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen == {"outcome": f"Error: {failing}: cut short", "logged": [], "sent": [ELSEWHERE]}


def test_a_start_that_succeeds_leaves_the_network_as_it_was():
    result = subprocess.run(
        ["node", "-e", SCRIPT, str(RUNTIME), "none", "0", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen == {"outcome": "started", "logged": ["instantiated"], "sent": [ELSEWHERE]}
