/* What the module worker (checker-worker.js) and the page (python.js, from the file
 * system) share to run the decision module (checker/) in Pyodide. A classic script that
 * sets self.cwPython; it needs self.CHECKER_PYTHON (checker-python.js) and self.fzstd
 * (fzstd.js) loaded before start() is called.
 *
 * Python starts from a memory snapshot made at build time with the module already
 * imported (macros/pyodide_snapshot.mjs): no interpreter start-up, no import. If the
 * snapshot cannot be used, Python starts the ordinary way, only slower.
 */
self.cwPython = (() => {
  // The page's method names and the Python functions of checker/browser.py they call.
  const METHODS = {
    decide: "decide_json",
    settle: "settle_json",
    check_ids: "check_ids_json",
    parse_crew: "parse_crew_json",
  };

  function options(indexURL, extra) {
    return {
      indexURL,
      // No package to load, so no lock file to fetch: its "info" is all Pyodide reads.
      lockFileContents: self.CHECKER_PYTHON.lock,
      packages: [],
      fsInit(FS, { sitePackages }) {
        for (const [path, source] of Object.entries(self.CHECKER_PYTHON.files)) {
          FS.mkdirTree(`${sitePackages}/${path.slice(0, path.lastIndexOf("/"))}`);
          FS.writeFile(`${sitePackages}/${path}`, source);
        }
      },
      ...extra,
    };
  }

  /* Python with checker.browser imported: {api, snapshot}. loadPyodide is Pyodide's;
   * compressedSnapshot() resolves to the Zstandard-compressed snapshot's bytes. */
  async function start(loadPyodide, indexURL, compressedSnapshot, extra = {}) {
    try {
      const snapshot = compressedSnapshot().then((bytes) => self.fzstd.decompress(bytes));
      const pyodide = await loadPyodide(options(indexURL, { ...extra, _loadSnapshot: snapshot }));
      return { api: pyodide.pyimport("checker.browser"), snapshot: true };
    } catch (error) {
      console.warn("checker: starting without the snapshot:", error);
      const pyodide = await loadPyodide(options(indexURL, extra));
      return { api: pyodide.pyimport("checker.browser"), snapshot: false };
    }
  }

  /* One call: the argument goes to Python as JSON text, data for json.loads, never code. */
  function call(api, method, argument) {
    if (!Object.hasOwn(METHODS, method)) throw new Error(`unknown method ${method}`);
    return JSON.parse(api[METHODS[method]](JSON.stringify(argument)));
  }

  return { start, call };
})();
