/* What the module worker (checker-worker.js) and the page (python.js, from the file
 * system) share to run the decision module (checker/) in Pyodide. A classic script that
 * sets self.cwPython; it needs self.CHECKER_PYTHON (checker-python.js) loaded before start()
 * is called.
 *
 * The WebAssembly and the standard library come Zstandard-compressed (macros/pyodide.py);
 * the caller fetches or embeds them and this script answers Pyodide's own requests for
 * them. Python starts either from a memory snapshot made at build time with the module
 * already imported (no interpreter start-up, no import: fast, but 3.1 MB more to carry)
 * or the ordinary way; the caller says which. If the snapshot cannot be used, Python
 * starts the ordinary way, only slower.
 */
self.cwPython = (() => {
  // The page's method names and the Python functions of checker/browser.py they call.
  const METHODS = {
    decide: "decide_json",
    settle: "settle_json",
    check_ids: "check_ids_json",
    parse_crew: "parse_crew_json",
  };
  const files = {
    WASM: "pyodide.asm.wasm.zst",
    STDLIB: "python_stdlib.zip.zst",
    SNAPSHOT: "checker.snapshot.zst",
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

  /* Pyodide fetches pyodide.asm.wasm and python_stdlib.zip itself, and compiles the first
   * as it comes (WebAssembly.instantiateStreaming): while it starts, the standard library's
   * request is answered by responses.stdlib(), and the WebAssembly is instantiated from
   * responses.wasmModule, a promise of it compiled (by the caller, as early as it can:
   * Pyodide would compile it only once its own script has run and made its module). */
  async function answering(indexURL, responses, run) {
    // Pyodide is never handed a file that failed (a download cut short): of the
    // WebAssembly it only logs the failure and waits for ever, and the standard library's
    // it asks for at once but awaits later, leaving its failure unhandled meanwhile. It
    // is given a promise that stays pending instead, and the start fails with the file's
    // own error.
    const never = new Promise(() => {});
    let fail;
    const failed = new Promise((_, reject) => (fail = reject));
    // A file's promise as Pyodide is given it: on failure, pending, and the start failed.
    const withheld = (file) =>
      file.catch((error) => {
        fail(error);
        return never;
      });
    const wasmModule = withheld(responses.wasmModule); // its failure seen at once
    const wasmAnswer = new Response(null, { headers: { "Content-Type": "application/wasm" } });
    const answers = new Map([
      [`${indexURL}pyodide.asm.wasm`, () => wasmAnswer],
      [`${indexURL}python_stdlib.zip`, responses.stdlib],
    ]);
    const fetchFromNetwork = self.fetch;
    const { instantiateStreaming } = WebAssembly;
    self.fetch = (resource, init) => {
      const answer = answers.get(String(resource instanceof Request ? resource.url : resource));
      return answer ? withheld(Promise.resolve().then(answer)) : fetchFromNetwork(resource, init);
    };
    WebAssembly.instantiateStreaming = async (source, imports) => {
      if ((await source) !== wasmAnswer) return instantiateStreaming(source, imports);
      const module = await wasmModule;
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    };
    // Given back only once Python has started. After a failure Pyodide may still be at
    // work (its module being made, a file awaited) and ask later: it must still get these
    // answers, never the network (the site has no pyodide.asm.wasm) nor, from the
    // browser's own instantiateStreaming, the WebAssembly's empty answer.
    const started = await Promise.race([run(), failed]);
    self.fetch = fetchFromNetwork;
    WebAssembly.instantiateStreaming = instantiateStreaming;
    return started;
  }

  /* Pyodide made while the snapshot still comes (or is decompressed): Pyodide reads only
   * the snapshot's length before it makes its module, to size its memory, and restores its
   * bytes once the module is made. So it is given at once an array of that length (said by
   * the build), filled before the module is handed back: the WebAssembly compiles and the
   * module sets itself up meanwhile (a few hundred milliseconds of a start). The snapshot's
   * file holds only its spans that are not zeros, end to end (macros/snapshot_spans.py):
   * each is put where it goes in the new array, zeros elsewhere. */
  function restoring({ size, spans, bytes }, createPyodideModule, figures) {
    const memory = new Uint8Array(size);
    const filled = bytes.then((decompressed) => {
      const length = spans.reduce((sum, [, spanLength]) => sum + spanLength, 0);
      if (decompressed.length !== length) {
        throw new Error(`the snapshot has ${decompressed.length} bytes, not ${length}`);
      }
      let taken = 0;
      for (const [offset, spanLength] of spans) {
        memory.set(decompressed.subarray(taken, taken + spanLength), offset);
        taken += spanLength;
      }
    });
    filled.catch(() => {}); // awaited with the module (a failure: the ordinary start)
    return {
      _loadSnapshot: Promise.resolve(memory),
      async createPyodideModule(settings) {
        const made = createPyodideModule(settings).then((module) => {
          figures.moduleMs = Math.round(performance.now());
          return module;
        });
        const [module] = await Promise.all([made, filled]);
        return module;
      },
    };
  }

  /* Python with checker.browser imported: {api, snapshot}. loadPyodide and
   * extra.createPyodideModule are Pyodide's; responses.wasmModule is a promise of the
   * WebAssembly compiled (its failure is the start's), responses.stdlib() gives (a promise
   * of) a Response with the decompressed standard library, each call a new one (its failure
   * is the start's too); snapshot is
   * a promise of null for the ordinary start, or of {size, spans, bytes}: bytes a promise of
   * the decompressed snapshot's file, size and spans what the build said of it
   * (CHECKER_PYTHON.snapshot). figures.moduleMs says when Pyodide's module was made (from
   * the snapshot's start: for the tests and the benchmark). */
  async function start(loadPyodide, indexURL, responses, snapshot, extra, figures = {}) {
    return answering(indexURL, responses, async () => {
      const chosen = await snapshot.catch((error) => {
        console.warn("checker: starting without the snapshot:", error);
        return null;
      });
      if (chosen) {
        try {
          const pyodide = await loadPyodide(
            options(indexURL, {
              ...extra,
              ...restoring(chosen, extra.createPyodideModule, figures),
            }),
          );
          return { api: pyodide.pyimport("checker.browser"), snapshot: true };
        } catch (error) {
          console.warn("checker: starting without the snapshot:", error);
        }
      }
      const pyodide = await loadPyodide(options(indexURL, extra));
      return { api: pyodide.pyimport("checker.browser"), snapshot: false };
    });
  }

  /* A response of bytes already here. */
  const response = (bytes, type) => new Response(bytes, { headers: { "Content-Type": type } });

  /* One call: the argument goes to Python as JSON text, data for json.loads, never code. */
  function call(api, method, argument) {
    if (!Object.hasOwn(METHODS, method)) throw new Error(`unknown method ${method}`);
    return JSON.parse(api[METHODS[method]](JSON.stringify(argument)));
  }

  return { start, call, files, response };
})();
