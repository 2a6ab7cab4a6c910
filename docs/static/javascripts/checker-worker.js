/* The decision module (checker/) in Pyodide, off the page's thread: a module worker,
 * since Pyodide no longer runs in classic workers. Used when the site is served over
 * http(s); from the file system the page runs Python itself (python.js).
 *
 * Messages in: {id, method: "decide" | "settle", argument: [[question, option], ...]} or
 * {id, method: "check_ids", argument: [[value, saidLimosa], ...]} or
 * {id, method: "parse_crew", argument: "text of a CSV file or a pasted block"}.
 * Messages out: {type: "ready", snapshot: boolean} once, or {type: "failed", message};
 * then {id, result} or {id, error} for each call.
 */
import { loadPyodide } from "../pyodide/pyodide.mjs";
// Classic scripts, run for what they set on self.
import "./checker-python.js";
import "./fzstd.js";
import "./python-runtime.js";

const indexURL = new URL("../pyodide/", self.location.href).href;

async function compressedSnapshot() {
  const response = await fetch(new URL("checker.snapshot.zst", indexURL));
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const ready = self.cwPython.start(loadPyodide, indexURL, compressedSnapshot);

ready.then(
  ({ snapshot }) => self.postMessage({ type: "ready", snapshot }),
  (error) => self.postMessage({ type: "failed", message: String(error) }),
);

self.onmessage = async ({ data }) => {
  const { id, method, argument } = data;
  try {
    const { api } = await ready;
    self.postMessage({ id, result: self.cwPython.call(api, method, argument) });
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
