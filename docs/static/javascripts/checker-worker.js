/* The decision module (checker/) in Pyodide, off the page's thread: a module worker,
 * since Pyodide no longer runs in classic workers.
 *
 * Python starts from a memory snapshot made at build time with the module already
 * imported (macros/pyodide_snapshot.mjs): no interpreter start-up, no import. If the
 * snapshot cannot be used, Python starts the ordinary way, only slower.
 *
 * Messages in: {id, method: "decide" | "settle", argument: [[question, option], ...]} or
 * {id, method: "check_ids", argument: [[value, saidLimosa], ...]} or
 * {id, method: "parse_crew", argument: "text of a CSV file or a pasted block"}.
 * Messages out: {type: "ready", snapshot: boolean} once, or {type: "failed", message};
 * then {id, result} or {id, error} for each call. The argument is data for Python's
 * json.loads, never code.
 */
import { loadPyodide } from "../pyodide/pyodide.mjs";
import "./checker-python.js"; // sets self.CHECKER_PYTHON

const METHODS = {
  decide: "decide_json",
  settle: "settle_json",
  check_ids: "check_ids_json",
  parse_crew: "parse_crew_json",
};
const pyodideURL = new URL("../pyodide/", self.location.href);

const options = {
  indexURL: pyodideURL.href,
  // No package to load, so no lock file to fetch: its "info" is all Pyodide reads.
  lockFileContents: self.CHECKER_PYTHON.lock,
  packages: [],
  fsInit(FS, { sitePackages }) {
    for (const [path, source] of Object.entries(self.CHECKER_PYTHON.files)) {
      FS.mkdirTree(`${sitePackages}/${path.slice(0, path.lastIndexOf("/"))}`);
      FS.writeFile(`${sitePackages}/${path}`, source);
    }
  },
};

async function snapshot() {
  const response = await fetch(new URL("checker.snapshot.gz", pyodideURL));
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
}

async function start() {
  try {
    const pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot() });
    return { api: pyodide.pyimport("checker.browser"), snapshot: true };
  } catch (error) {
    console.warn("checker: starting without the snapshot:", error);
    const pyodide = await loadPyodide(options);
    return { api: pyodide.pyimport("checker.browser"), snapshot: false };
  }
}

const ready = start();

ready.then(
  ({ snapshot: fromSnapshot }) => self.postMessage({ type: "ready", snapshot: fromSnapshot }),
  (error) => self.postMessage({ type: "failed", message: String(error) }),
);

self.onmessage = async ({ data }) => {
  const { id, method, argument } = data;
  try {
    const { api } = await ready;
    if (!Object.hasOwn(METHODS, method)) throw new Error(`unknown method ${method}`);
    const result = api[METHODS[method]](JSON.stringify(argument));
    self.postMessage({ id, result: JSON.parse(result) });
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
