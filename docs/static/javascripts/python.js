/* Starts the Python of the project (checker/ in Pyodide) in a module worker, for the pages
 * that use it: the checker and the listing. Resolves to {call, snapshot}: call(method,
 * argument) returns a promise of the result; snapshot tells whether Python started from
 * the build's memory snapshot. Rejects if Python cannot start (old or blocked browser). */
window.cwStartPython = (workerURL, timeoutMs = 60000) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(workerURL, { type: "module" });
    const pending = new Map();
    let nextId = 0;
    const timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
    worker.onerror = (event) => reject(new Error(event.message || "worker error"));
    worker.onmessage = ({ data }) => {
      if (data.type === "ready") {
        clearTimeout(timer);
        const call = (method, argument) =>
          new Promise((done, fail) => {
            const id = nextId++;
            pending.set(id, { done, fail });
            worker.postMessage({ id, method, argument });
          });
        resolve({ call, snapshot: data.snapshot });
      } else if (data.type === "failed") {
        reject(new Error(data.message));
      } else if (pending.has(data.id)) {
        const { done, fail } = pending.get(data.id);
        pending.delete(data.id);
        if (data.error) fail(new Error(data.error));
        else done(data.result);
      }
    };
  });
