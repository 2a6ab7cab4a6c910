/* Starts the Python of the project (checker/ in Pyodide) for the pages that use it: the
 * checker and the listing. window.cwStartPython() resolves to {call, snapshot}:
 * call(method, argument) returns a promise of the result; snapshot tells whether Python
 * started from the build's memory snapshot. It rejects if Python cannot start (old or
 * blocked browser). Python is started once, whoever asks first.
 *
 * Served over http(s), Python runs in a module worker (checker-worker.js), off the page's
 * thread, and starts as soon as the page has painted: this script is loaded async, so its
 * downloads begin before the theme's script has run (half a second on a desktop, more on a
 * phone's link), and after the page's own files, which they would otherwise slow. The
 * pages' scripts may run before this one: the event "cw-python-script" says it is there.
 *
 * Opened from the file system (a USB stick), a browser starts no worker and fetches no
 * file: Python then runs in the page, every file loaded by a classic <script> (the build
 * for the file system writes them: macros/pyodide.py), and Pyodide's few requests for its
 * binaries are answered from those scripts' bytes. That start holds the page's thread, so
 * it waits until a page's script asks for it.
 */
(() => {
  const workerURL = new URL("checker-worker.js", document.currentScript.src);
  // A start whose downloads bring nothing for this long fails. The start itself has no
  // deadline: on a slow link, or on a slow device (WebKit compiled the WebAssembly for up to
  // two minutes on a busy machine), it takes what it takes. The tests shorten it.
  const STALL_MS = window.cwPythonStallMs ?? 60000;
  // A server that answered the page within this, over the network, is on the reader's own
  // machine or network: no phone's link is that near.
  const NEAR_SERVER_MS = 10;

  /* Whether the page came from such a server (not from a cache, nor a service worker):
   * then the worker need not measure the link before it chooses its downloads. */
  function nearServer() {
    const [navigation] = performance.getEntriesByType?.("navigation") ?? [];
    if (!navigation || !(navigation.transferSize > 0) || navigation.workerStart > 0) return false;
    return navigation.responseStart - navigation.requestStart < NEAR_SERVER_MS;
  }

  function inWorker(workerURL, stallMs) {
    return new Promise((resolve, reject) => {
      // The worker's name says how near the server is (checker-worker.js reads it).
      const worker = new Worker(workerURL, { type: "module", name: nearServer() ? "near" : "" });
      const pending = new Map();
      let nextId = 0;
      let timer;
      let ready = false;
      const fail = (error) => {
        clearTimeout(timer);
        worker.terminate();
        reject(error);
      };
      // Restarted at each of the worker's signs of progress, until its downloads are done.
      const watch = (downloading) => {
        clearTimeout(timer);
        if (downloading) {
          timer = setTimeout(() => fail(new Error(`no download progress in ${stallMs} ms`)), stallMs);
        }
      };
      watch(true);
      worker.onerror = (event) => fail(new Error(event.message || "worker error"));
      worker.onmessage = ({ data }) => {
        if (data.type === "progress") {
          if (!ready) watch(!data.downloaded);
        } else if (data.type === "ready") {
          ready = true;
          clearTimeout(timer);
          const call = (method, argument) =>
            new Promise((done, failed) => {
              const id = nextId++;
              pending.set(id, { done, fail: failed });
              worker.postMessage({ id, method, argument });
            });
          // How the worker chose to start (the link's and device's figures): for the bench.
          window.cwPythonStartFigures = data.start;
          resolve({ call, snapshot: data.snapshot });
        } else if (data.type === "failed") {
          fail(new Error(data.message));
        } else if (pending.has(data.id)) {
          const { done, fail: failed } = pending.get(data.id);
          pending.delete(data.id);
          if (data.error) failed(new Error(data.error));
          else done(data.result);
        }
      };
    });
  }

  const loadScript = (url) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`cannot load ${url}`));
      document.head.append(script);
    });

  // The binaries the build for the file system embeds, as base64 text in scripts.
  function takeEmbedded(name) {
    const text = self.cwEmbedded[name];
    delete self.cwEmbedded[name]; // the text is no longer needed once it is bytes
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  async function inPage(siteURL) {
    const indexURL = new URL("pyodide/", siteURL).href;
    await Promise.all(
      [
        "javascripts/checker-python.js",
        "javascripts/fzstd.js",
        "javascripts/python-runtime.js",
        "pyodide/pyodide.js",
        "pyodide/pyodide.asm.js",
      ].map((path) => loadScript(new URL(path, siteURL))),
    );
    const { WASM, STDLIB, SNAPSHOT } = self.cwPython.files;
    await Promise.all(
      [WASM, STDLIB, SNAPSHOT].map((name) => loadScript(new URL(`pyodide/${name}.js`, siteURL))),
    );
    // On the reader's own disk the snapshot costs no link: always taken.
    const { response } = self.cwPython;
    const decompressed = (name) => self.fzstd.decompress(takeEmbedded(name));
    // Compiled on the browser's threads while the rest is decompressed on this one.
    const wasmModule = WebAssembly.compile(decompressed(WASM));
    const stdlib = decompressed(STDLIB);
    const { api, snapshot } = await self.cwPython.start(
      self.loadPyodide,
      indexURL,
      { wasmModule, stdlib: () => response(stdlib, "application/zip") },
      Promise.resolve({
        ...self.CHECKER_PYTHON.snapshot,
        bytes: Promise.resolve().then(() => decompressed(SNAPSHOT)),
      }),
      { createPyodideModule: self.cwCreatePyodideModule },
    );
    const call = async (method, argument) => self.cwPython.call(api, method, argument);
    return { call, snapshot };
  }

  async function start(workerURL, stallMs) {
    if (location.protocol !== "file:") {
      try {
        return await inWorker(workerURL, stallMs);
      } catch (error) {
        // A host that serves the bundle made for the file system, or a browser without
        // module workers: Python in the page, if the site has its scripts.
        console.warn("python: no worker, Python in the page:", error);
      }
    }
    return inPage(new URL("../", workerURL));
  }

  let started = null;
  window.cwStartPython = () =>
    (started ??= start(workerURL, STALL_MS).finally(() => {
      // Whatever came of it, the page's link is free for what waited (offline.js).
      window.cwPythonSettled = true;
      window.dispatchEvent(new Event("cw-python-settled"));
    }));
  if (location.protocol !== "file:") {
    requestAnimationFrame(() => setTimeout(() => window.cwStartPython().catch(() => {}), 0));
  }
  window.dispatchEvent(new Event("cw-python-script"));
})();
