/* The decision module (checker/) in Pyodide, off the page's thread: a module worker,
 * since Pyodide no longer runs in classic workers.
 *
 * Messages in: {id, method: "decide" | "settle", answers: [[question, option], ...]}.
 * Messages out: {type: "ready"} once, or {type: "failed", message}; then {id, result} or
 * {id, error} for each call. The answers are data for Python's json.loads, never code.
 */
import { loadPyodide } from "../pyodide/pyodide.mjs";
import "./checker-python.js"; // sets self.CHECKER_PYTHON

const METHODS = { decide: "decide_json", settle: "settle_json" };

const ready = loadPyodide({
  indexURL: new URL("../pyodide/", self.location.href).href,
  // No package to load, so no lock file to fetch: its "info" is all Pyodide reads.
  lockFileContents: self.CHECKER_PYTHON.lock,
  packages: [],
  fsInit(FS, { sitePackages }) {
    for (const [path, source] of Object.entries(self.CHECKER_PYTHON.files)) {
      const folder = `${sitePackages}/${path.slice(0, path.lastIndexOf("/"))}`;
      FS.mkdirTree(folder);
      FS.writeFile(`${sitePackages}/${path}`, source);
    }
  },
}).then((pyodide) => pyodide.pyimport("checker.browser"));

ready.then(
  () => self.postMessage({ type: "ready" }),
  (error) => self.postMessage({ type: "failed", message: String(error) }),
);

self.onmessage = async ({ data }) => {
  const { id, method, answers } = data;
  try {
    const api = await ready;
    if (!Object.hasOwn(METHODS, method)) throw new Error(`unknown method ${method}`);
    const result = api[METHODS[method]](JSON.stringify(answers));
    self.postMessage({ id, result: JSON.parse(result) });
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
