// Start Pyodide with the project's modules, as the pages do, and either list the standard
// library files Python has read, or compile such files to bytecode, or make a memory
// snapshot for the pages to start from (about 3 s of Python start-up saved, see README).
//
// Usage: node macros/pyodide_snapshot.mjs PYODIDE_DIR PAYLOAD_JSON STDLIB_ZIP list OUTPUT.json
//        node macros/pyodide_snapshot.mjs PYODIDE_DIR PAYLOAD_JSON STDLIB_ZIP compile OUTPUT INPUT
//        node macros/pyodide_snapshot.mjs PYODIDE_DIR PAYLOAD_JSON STDLIB_ZIP snapshot OUTPUT
// PAYLOAD_JSON holds {"lock": ..., "files": {"checker/x.py": source, ...}}, the payload the
// worker loads too, so that the snapshot and the page see the same files.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, payloadPath, stdlibZip, mode, output, input] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const payload = JSON.parse(readFileSync(payloadPath, "utf-8"));

const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  stdLibURL: stdlibZip,
  lockFileContents: payload.lock,
  packages: [],
  _makeSnapshot: mode === "snapshot",
  // Compiled without the columns of each instruction (CPython's -X no_debug_ranges): a
  // traceback loses its ^^^ marks, keeps its lines, and the library is 0.3 MB lighter.
  env: mode === "compile" ? { PYTHONNODEBUGRANGES: "1" } : {},
  fsInit(FS, { sitePackages }) {
    for (const [path, source] of Object.entries(payload.files)) {
      FS.mkdirTree(`${sitePackages}/${path.slice(0, path.lastIndexOf("/"))}`);
      FS.writeFile(`${sitePackages}/${path}`, source);
    }
  },
});
// Everything the pages call, called once: what it imports is then in the snapshot. A Python
// error is said in Python's words (Node.js would print a line of Pyodide's minified source).
try {
  pyodide.runPython(`
import checker.browser
checker.browser.decide_json("[]")
checker.browser.settle_json("[]")
checker.browser.check_ids_json('[["93051822361", false], ["x", true], ["1", false]]')
checker.browser.parse_crew_json('{"text": "Nom;NISS\\\\na;1", "headers": {"name": ["nom"], "identifier": ["NISS"]}}')
`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
if (mode === "list") {
  const used = pyodide.runPython(`
import sys, zipimport
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
sorted({m.__file__[len(prefix):] for m in list(sys.modules.values())
        if (getattr(m, "__file__", None) or "").startswith(prefix)})
`).toJs();
  writeFileSync(output, JSON.stringify(used));
} else if (mode === "compile") {
  // Each .py of INPUT as a .pyc compiled by this very Python (its bytecode changes with
  // every version): a start without the snapshot then reads bytecode instead of compiling
  // the sources, twice as fast. Docstrings and asserts are left out (-OO), as CPython's
  // own test suite runs its standard library, and so are the columns (see env above).
  pyodide.FS.writeFile("/tmp/sources.zip", readFileSync(input));
  pyodide.runPython(`
import importlib._bootstrap_external as external
import marshal, sys, zipfile
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
with zipfile.ZipFile("/tmp/sources.zip") as sources, \\
        zipfile.ZipFile("/tmp/compiled.zip", "w", zipfile.ZIP_STORED) as compiled:
    for info in sources.infolist():
        data = sources.read(info)
        if info.filename.endswith(".py"):
            code = compile(data, prefix + info.filename, "exec", dont_inherit=True, optimize=2)
            compiled.writestr(info.filename + "c", external._code_to_timestamp_pyc(code))
        else:
            compiled.writestr(info.filename, data)
`);
  writeFileSync(output, pyodide.FS.readFile("/tmp/compiled.zip"));
} else {
  writeFileSync(output, pyodide.makeMemorySnapshot()); // compressed by macros/pyodide.py
}
