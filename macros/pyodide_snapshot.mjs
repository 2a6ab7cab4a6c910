// Make a memory snapshot of Pyodide with the decision module imported, for the page to
// start from instead of initialising Python (about 3 s down to about 1 s, see README).
//
// Usage: node macros/pyodide_snapshot.mjs PYODIDE_DIR CHECKER_PYTHON_JSON OUTPUT.gz
// CHECKER_PYTHON_JSON holds {"lock": ..., "files": {"checker/x.py": source}}, the payload the
// worker loads too, so that the snapshot and the page see the same files.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [pyodideDir, payloadPath, output] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const payload = JSON.parse(readFileSync(payloadPath, "utf-8"));

const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  lockFileContents: payload.lock,
  packages: [],
  _makeSnapshot: true,
  fsInit(FS, { sitePackages }) {
    for (const [path, source] of Object.entries(payload.files)) {
      FS.mkdirTree(`${sitePackages}/${path.slice(0, path.lastIndexOf("/"))}`);
      FS.writeFile(`${sitePackages}/${path}`, source);
    }
  },
});
// Everything the page will call is imported now, so that it is in the snapshot.
pyodide.runPython(`
import checker.browser
checker.browser.decide_json("[]")
checker.browser.check_ids_json('[["93051822361", false]]')
checker.browser.parse_crew_json('"a;b;c"')
`);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(output, gzipSync(snapshot, { level: 9 }));
