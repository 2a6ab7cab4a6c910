/* The decision module (checker/) in Pyodide, off the page's thread: a module worker,
 * since Pyodide no longer runs in classic workers. Used when the site is served over
 * http(s); from the file system the page runs Python itself (python.js).
 *
 * Messages in: {id, method: "decide" | "settle", argument: [[question, option], ...]} or
 * {id, method: "check_ids", argument: [[value, saidLimosa], ...]} or
 * {id, method: "parse_crew", argument: "text of a CSV file or a pasted block"}.
 * Messages out: {type: "ready", snapshot: boolean, start: {...figures}} once (figures: the
 * choice, the link's rate in bytes/ms, and when, in ms from the worker's start, the files
 * came and Python was ready: for the benchmark), or
 * {type: "failed", message}; then {id, result} or {id, error} for each call.
 *
 * What a phone's link costs is the bytes, so they are few and used as they come: the
 * standard library (0.7 MB) is requested at once, with the scripts, then the WebAssembly
 * (2.9 MB in Zstandard; 2.6 MB in xz where the standard library came slowly); both are
 * decompressed as they arrive (or at once, faster, when they are all here: on a fast
 * link, as soon as each is), and the WebAssembly is compiled as it arrives. From a server
 * on the reader's own machine or network, where bytes cost little, the three binaries come
 * in gzip, at once, decoded by the browser as they come (see wasmFile()).
 * The snapshot (3.1 MB) saves Python's start-up, a few seconds of the device's time, but
 * on a phone's link it costs more time than it saves, and a data plan pays for it. So
 * while the WebAssembly comes the link is measured, and the snapshot is fetched only when
 * it would come sooner than an ordinary start would be done; never with Save-Data on; at
 * once when already cached or the server is near. Pyodide is made meanwhile, and restores
 * the snapshot once it is here (python-runtime.js).
 */

// No static import: the downloads below start at once, the scripts load meanwhile (so the
// names of python-runtime.js's files are said here too).
const indexURL = new URL("../pyodide/", self.location.href).href;
const WASM = "pyodide.asm.wasm.zst";
const WASM_XZ = "pyodide.asm.wasm.xz";
const WASM_GZIP = "pyodide.asm.wasm.gz";
const STDLIB = "python_stdlib.zip.zst";
const STDLIB_GZIP = "python_stdlib.zip.gz";
const SNAPSHOT = "checker.snapshot.zst";
const SNAPSHOT_GZIP = "checker.snapshot.gz";
// About what an ordinary start takes once the files are here (a desktop: 1.5 to 3 s; a
// phone takes longer, so this leans towards the fewer bytes).
const ORDINARY_START_MS = 2000;
// The link is measured over MEASURED_BYTES of the WebAssembly read once its first
// MEASURED_FROM bytes are in (they come with the connection's start-up) and the scripts
// too (their evaluation holds this thread, and the reads with it); the choice cannot
// wait for the last byte.
// The measure is long (2 MiB) so that a pause of a loaded device (its network process,
// its server) does not make a fast link look slow: a 2 s pause would be needed on the
// edge of the choice (3.1 MB in 2 s).
const MEASURED_FROM = 128 * 1024;
const MEASURED_BYTES = 2 * 1024 * 1024;
// xz decodes here at about 6 MB/s of its input; a phone, four times slower, at 1.5 MB/s:
// below that link rate (12 Mbit/s) its 0.25 MB fewer come sooner than they are decoded.
const XZ_BELOW = 1500; // bytes per ms
// The page came from a server on the reader's own machine or network (python.js).
const NEAR_SERVER = self.name === "near";
// From there, the binaries in gzip, which the browser decodes as they come
// (DecompressionStream): more bytes, but nothing waits for a decoder of ours to load.
const GZIP_FROM_NEAR = NEAR_SERVER && !navigator.connection?.saveData && !!self.DecompressionStream;

const figures = {};
// Classic scripts, run for what they set on self.
const checkerPython = import("./checker-python.js");
// fzstd, for Zstandard's files: from a near server (gzip), only if one is cached.
let fzstdLoading;
const fzstd = () => (fzstdLoading ??= import("./fzstd.js").then(() => self.fzstd));
const scripts = Promise.all([
  import("../pyodide/pyodide.mjs"),
  import("../pyodide/pyodide.asm.mjs"),
  checkerPython,
  import("./python-runtime.js"),
  ...(GZIP_FROM_NEAR ? [] : [fzstd()]),
]);
let linkBytes = 0; // what the two downloads have read so far

/* The link, measured on the WebAssembly's download: the link's bytes, the time and the
 * WebAssembly's bytes when the measure began, and at its latest read. */
const link = { from: null, last: null };
let measured;
const linkMeasured = new Promise((resolve) => {
  measured = resolve;
});
let scriptsLoaded = false;
scripts.then(() => (scriptsLoaded = true), () => {});

function measure(file) {
  link.last = { time: performance.now(), bytes: linkBytes, read: file.read };
  if (!link.from && scriptsLoaded && file.read >= MEASURED_FROM) link.from = link.last;
  if (link.from && file.read - link.from.read >= MEASURED_BYTES) measured();
}

/* Whether, on the link as measured, the snapshot comes sooner than an ordinary start would
 * be done (the time the snapshot's bytes take to come, in figures.snapshotMs). */
function snapshotIsSooner() {
  const rate = linkRate();
  const snapshotMs = self.CHECKER_PYTHON.sizes[SNAPSHOT] / rate;
  Object.assign(figures, { rate: Math.round(rate), snapshotMs: Math.round(snapshotMs) });
  return snapshotMs <= ORDINARY_START_MS;
}

/* Bytes per millisecond; everything at once (a cache, this machine) counts as fast. */
function linkRate() {
  const { from, last } = link;
  const span = from ? last.time - from.time : 0;
  return span >= 1 ? (last.bytes - from.bytes) / span : Infinity;
}

/* The response for one file of Pyodide's folder; onEnd() if it cannot begin. */
async function responseOf(name, onEnd) {
  try {
    const response = await fetch(new URL(name, indexURL));
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return response;
  } catch (error) {
    onEnd();
    throw error;
  }
}

/* Chunks as one array. */
function joined(chunks) {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/* Where a download puts what it decompresses: file.stream gives it as it comes (to one
 * reader) when streamed, else file.bytes() whole once file.done resolves. Returns
 * take(chunk), close() and fail(error) for the download. */
function decompressedInto(file, streamed) {
  const chunks = [];
  let stream;
  if (streamed) {
    file.stream = new ReadableStream({
      start(controller) {
        stream = controller;
      },
    });
  } else {
    file.bytes = async () => {
      await file.done;
      return joined(chunks);
    };
  }
  return {
    take(chunk) {
      if (stream) stream.enqueue(chunk);
      else chunks.push(chunk);
    },
    close: () => stream?.close(),
    fail: (error) => stream?.error(error),
  };
}

/* A read of a download's compressed bytes: counted for the file and the link, and told to
 * the page (at most once a second), which fails a start whose downloads stall (python.js). */
let progressToldAt = -Infinity;
function counted(file, chunk, onRead) {
  file.lastReadAt = performance.now();
  file.firstReadAt ??= file.lastReadAt;
  file.read += chunk.length;
  linkBytes += chunk.length;
  if (file.lastReadAt - progressToldAt >= 1000) {
    progressToldAt = file.lastReadAt;
    self.postMessage({ type: "progress" });
  }
  onRead(file);
}

/* A Zstandard file, decompressed as it comes: {done, bytes() or stream, read, firstReadAt,
 * lastReadAt}. done resolves once it is all here; bytes() resolves to it whole,
 * decompressed; stream (with {streamed: true}, instead) gives the decompressed bytes as
 * they come, to one reader; read counts the compressed bytes so far; onRead(file) is called after
 * each read, onEnd() once the reads are over (or could not begin). */
function download(name, { streamed = false, onRead = () => {}, onEnd = () => {} } = {}) {
  const file = { read: 0, firstReadAt: null, lastReadAt: null };
  const { take, close, fail } = decompressedInto(file, streamed);
  file.done = (async () => {
    const reader = (await responseOf(name, onEnd)).body.getReader();
    // Read as the bytes come, and nothing else until the link is measured: the link is
    // measured on the reads, and decompressing in between would measure this device (a
    // busy one read a fast link as a slow one). What comes before then waits.
    const waiting = [];
    let allRead = false;
    let decompressor = null;
    // On a link already shown fast, a file all here is decompressed at once (the measure,
    // over 2 MiB, hardly moves for a pause of a few tens of milliseconds).
    const decompressing = Promise.race([linkMeasured, fastLinkShown]).then(async () => {
      if (!allRead) await linkMeasured;
      // All here already (a fast link): in one call, far faster than a stream.
      if (allRead) return take(await decompressWhole(joined(waiting.splice(0)), name));
      await scripts;
      decompressor = new (await fzstd()).Decompress(take);
      for (const chunk of waiting.splice(0)) decompressor.push(chunk);
    });
    decompressing.catch(() => {}); // awaited below, once the reads are over
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        counted(file, value, onRead);
        if (decompressor) decompressor.push(value);
        else waiting.push(value);
      }
      allRead = true;
    } finally {
      onEnd();
    }
    await decompressing;
    decompressor?.push(new Uint8Array(0), true);
    close();
  })();
  file.done.catch(fail); // and to whoever waits for the file
  return file;
}

/* A whole Zstandard file decompressed: by zstddec (Zstandard's own decoder in WebAssembly,
 * three to four times as fast as fzstd: a quarter to half a second of a start from a fast
 * link or the cache), where it is worth its own download (30 kB in gzip: the snapshot's case, a
 * fast link or the cache); by fzstd otherwise, or if zstddec cannot start (a host whose
 * policy refuses the data: URL it instantiates itself from). */
async function decompressWhole(bytes, name) {
  if (!fastDecoder) {
    await scripts; // the sizes snapshotIsSooner() weighs
    if (name !== SNAPSHOT && !snapshotIsSooner()) return (await fzstd()).decompress(bytes);
  }
  const decoder = await fastDecoderStarted();
  figures.decoder = decoder ? "zstddec" : "fzstd";
  if (decoder) return decoder.decode(bytes); // the size, from the file's header
  return (await fzstd()).decompress(bytes);
}

/* zstddec, started once: as soon as the link shows itself fast or Python is cached (see
 * wasmFile()), so that it is ready, and its code warm, by the time the files are here. The
 * first file it decodes runs in the browser's first, plain compilation of its code; the
 * optimised one, compiled meanwhile, serves the next: the standard library, here first, takes
 * the first. fastLinkShown resolves then. */
let fastDecoder;
let showFastLink;
const fastLinkShown = new Promise((resolve) => (showFastLink = resolve));
function fastDecoderStarted() {
  fastDecoder ??= import("../pyodide/zstddec.mjs")
    .then(async ({ ZSTDDecoder }) => {
      const decoder = new ZSTDDecoder();
      await decoder.init();
      return decoder;
    })
    .catch((error) => {
      console.warn("checker: zstddec could not start, fzstd decompresses:", error);
      return null;
    });
  showFastLink();
  return fastDecoder;
}

/* A file decompressed as it comes, by decode(stream of its bytes) (decoding is a promise of
 * it: a decoder may have to load first), which gives (a promise of) the stream of its
 * decompressed bytes: what download() gives with {streamed: true}. */
function downloadDecoded(name, decoding, { onRead, onEnd }) {
  const file = { read: 0, firstReadAt: null, lastReadAt: null };
  const { take, close, fail } = decompressedInto(file, true);
  decoding.catch(() => {}); // awaited below, once the file answers
  file.done = (async () => {
    const reader = (await responseOf(name, onEnd)).body.getReader();
    const compressed = new ReadableStream({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            onEnd();
            controller.close();
            return;
          }
          counted(file, value, onRead);
          controller.enqueue(value);
        } catch (error) {
          onEnd();
          throw error;
        }
      },
    });
    const decode = await decoding.catch((error) => {
      reader.cancel();
      onEnd();
      throw error;
    });
    const decompressed = (await decode(compressed)).getReader();
    for (;;) {
      const { done, value } = await decompressed.read();
      if (done) break;
      take(value);
    }
    close();
  })();
  file.done.catch(fail); // and to whoever waits for the file
  return file;
}

/* An xz file, decompressed as it comes by xz-decompress (xz-embedded in WebAssembly). */
function downloadXz(name, reads) {
  const decoding = import("../pyodide/xz-decompress.mjs").then(
    ({ XzReadableStream }) => (compressed) => new XzReadableStream(compressed),
  );
  return downloadDecoded(name, decoding, reads);
}

/* A gzip file, decompressed as it comes by the browser (DecompressionStream). */
function downloadGzip(name, reads) {
  return downloadDecoded(name, Promise.resolve(gunzipped), reads);
}

/* The same, for a reader of the whole: file.bytes() as download() gives it. */
function downloadGzipWhole(name, reads) {
  const file = downloadGzip(name, reads);
  const bytes = wholeOf(file.stream);
  bytes.catch(() => {}); // to whoever waits for the file
  file.bytes = () => bytes;
  return file;
}

/* A stream's bytes, whole. */
async function wholeOf(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/* A stream's bytes gunzipped, unless they are not gzip's (which begin 1f 8b): a host that
 * sent the file with Content-Encoding gzip has had the browser decode it already. */
async function gunzipped(compressed) {
  const reader = compressed.getReader();
  const first = await reader.read();
  const bytes = new ReadableStream({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const gzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  return gzip ? bytes.pipeThrough(new DecompressionStream("gzip")) : bytes;
}

/* A file of Pyodide's folder in the service worker's cache (after a visit), or undefined. */
async function cached(name) {
  return self.caches?.match(new URL(name, indexURL)).catch(() => undefined);
}

/* The WebAssembly's file. Zstandard decodes fast; xz is 0.25 MB smaller but decodes
 * several times slower, as it comes: it is taken where the link is slower than a phone
 * decodes it, or with Save-Data on. The link is measured on the standard library's
 * download, so the WebAssembly is requested once that is known (the link is busy with the
 * standard library and Pyodide's script meanwhile, so little time is lost). A file
 * already cached is taken as it is: no network. From a server on the reader's own machine
 * or network (the page says so: python.js), gzip at once (0.66 MB more than Zstandard,
 * nothing there, but the browser decodes it as it comes: the WebAssembly compiles as it
 * arrives, not after a decode of the whole); the service worker still answers from its
 * cache what it has. */
async function wasmFile() {
  if (NEAR_SERVER) figures.near = true;
  if (GZIP_FROM_NEAR) figures.decoder = "DecompressionStream";
  const name = GZIP_FROM_NEAR ? WASM_GZIP : await wasmForTheLink();
  // Zstandard's files on a fast link, or cached from one: zstddec is worth its bytes there
  // (the standard library and the snapshot are Zstandard's but from a near server).
  if (name !== WASM_XZ && !GZIP_FROM_NEAR) fastDecoderStarted();
  figures.wasm = { [WASM]: "zstd", [WASM_XZ]: "xz", [WASM_GZIP]: "gzip" }[name];
  figures.wasmRequestMs = Math.round(performance.now());
  const measuring = { onRead: measure, onEnd: measured };
  if (name === WASM_XZ) return downloadXz(name, measuring);
  if (name === WASM_GZIP) return downloadGzip(name, measuring);
  return download(name, { streamed: true, ...measuring });
}

/* The WebAssembly's file where the server is not near: the one cached, else by the link. */
async function wasmForTheLink() {
  const [zstdCached, xzCached, gzipCached] = await Promise.all(
    [WASM, WASM_XZ, WASM_GZIP].map(cached),
  );
  figures.cacheCheckedMs = Math.round(performance.now());
  if (zstdCached) return WASM;
  if (gzipCached && self.DecompressionStream) return WASM_GZIP;
  if (xzCached) return WASM_XZ;
  if (navigator.connection?.saveData) return WASM_XZ;
  const rate = await stdlibRate;
  figures.stdlibRate = Math.round(rate);
  return rate < XZ_BELOW ? WASM_XZ : WASM;
}

/* The link's rate in bytes per ms, measured on the standard library's download: as soon as
 * its reads show a link fast enough for Zstandard (over STDLIB_MEASURED bytes past its
 * first STDLIB_MEASURED_FROM, which take the burst of a start); else, once it is all
 * here, as the browser's network timed it (Resource Timing: this worker's pauses do not
 * count), or as read. A busy worker reads late, then in a burst: that can only make a
 * slow link look fast, and then the WebAssembly comes in Zstandard, 0.25 MB more. */
const STDLIB_MEASURED_FROM = 64 * 1024;
const STDLIB_MEASURED = 256 * 1024;
let stdlibReadFrom = null;
let stdlibRateKnown;
const stdlibRate = new Promise((resolve) => (stdlibRateKnown = resolve));

function stdlibRead(file) {
  if (!stdlibReadFrom) {
    if (file.read >= STDLIB_MEASURED_FROM) {
      stdlibReadFrom = { time: file.lastReadAt, read: file.read };
    }
    return;
  }
  const readSince = file.read - stdlibReadFrom.read;
  const span = file.lastReadAt - stdlibReadFrom.time;
  const rate = span >= 1 ? readSince / span : Infinity;
  if (readSince >= STDLIB_MEASURED && rate >= XZ_BELOW) stdlibRateKnown(rate);
}

function stdlibArrived(file) {
  figures.stdlibArrivedMs = Math.round(performance.now());
  const timed = performance.getEntriesByName?.(new URL(STDLIB, indexURL).href).at(-1);
  if (timed?.encodedBodySize > 0 && timed.responseEnd > timed.responseStart) {
    stdlibRateKnown(timed.encodedBodySize / (timed.responseEnd - timed.responseStart));
  }
  const span = file.lastReadAt - file.firstReadAt;
  stdlibRateKnown(span >= 1 ? file.read / span : Infinity); // if not known above
}

const stdlib = GZIP_FROM_NEAR
  ? downloadGzipWhole(STDLIB_GZIP, { onRead: () => {}, onEnd: () => stdlibArrived(stdlib) })
  : download(STDLIB, { onRead: stdlibRead, onEnd: () => stdlibArrived(stdlib) });
const wasm = wasmFile();
const snapshot = snapshotIfSooner();
snapshot.catch(() => {}); // python-runtime.js takes a failure (the ordinary start)

/* The snapshot, decompressed, from a response of its file in gzip or Zstandard. */
async function decompressedSnapshot(response, name) {
  const bytes =
    name === SNAPSHOT_GZIP
      ? await wholeOf(await gunzipped(response.body))
      : await decompressWhole(new Uint8Array(await response.arrayBuffer()), SNAPSHOT);
  figures.snapshotInMs = Math.round(performance.now());
  return bytes;
}

/* The snapshot as python-runtime.js takes it, once chosen: {size, spans, bytes} (bytes a
 * promise of its file decompressed, still on its way), or null when an ordinary start would
 * be done sooner. */
async function snapshotIfSooner() {
  const chosen = await snapshotChosen();
  if (!chosen) return null;
  chosen.bytes.catch(() => {}); // python-runtime.js takes a failure (the ordinary start)
  await checkerPython; // the snapshot's size and spans
  return { ...self.CHECKER_PYTHON.snapshot, bytes: chosen.bytes };
}

/* {bytes} if the snapshot is taken (and then on its way), else null. */
async function snapshotChosen() {
  // A server on the reader's own machine or network: the snapshot is asked for at once, not
  // after a look into the cache (a first look opens it: a tenth of a second or more).
  if (GZIP_FROM_NEAR) return (figures.choice = "snapshot", { bytes: fetchedSnapshot() });
  // The service worker's cache of Python (after a visit with the snapshot): no network.
  const names = [SNAPSHOT, SNAPSHOT_GZIP];
  const inCache = await Promise.all(names.map(cached));
  const found = inCache.findIndex(Boolean);
  if (found >= 0) {
    figures.choice = "cached";
    return { bytes: decompressedSnapshot(inCache[found], names[found]) };
  }
  if (navigator.connection?.saveData) return (figures.choice = "save-data", null);
  // A server on the reader's own machine or network sends it in less than a start takes.
  if (!NEAR_SERVER) {
    await linkMeasured;
    await checkerPython; // the sizes snapshotIsSooner() weighs
    if (!snapshotIsSooner()) return (figures.choice = "ordinary", null);
  }
  figures.choice = "snapshot";
  return { bytes: fetchedSnapshot() };
}

/* The snapshot fetched and decompressed; given up if the link slows down on the way (far
 * below what was measured): then the ordinary start. */
async function fetchedSnapshot() {
  const giveUp = new AbortController();
  const timer = setTimeout(
    () => giveUp.abort(),
    Math.max(4 * (figures.snapshotMs ?? 0), 5 * ORDINARY_START_MS),
  );
  const name = GZIP_FROM_NEAR ? SNAPSHOT_GZIP : SNAPSHOT;
  figures.snapshotRequestMs = Math.round(performance.now());
  try {
    const response = await fetch(new URL(name, indexURL), { signal: giveUp.signal });
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return await decompressedSnapshot(response, name);
  } finally {
    clearTimeout(timer);
  }
}

/* The WebAssembly compiled as it comes (or is decompressed), from the first bytes: Pyodide
 * would begin only once its own script has come, run and made its module. */
const wasmModule = wasm.then((file) =>
  WebAssembly.compileStreaming(
    new Response(file.stream, { headers: { "Content-Type": "application/wasm" } }),
  ),
);
wasmModule.then(() => (figures.compiledMs = Math.round(performance.now())), () => {});

wasm
  .then((file) => file.done)
  .then(() => (figures.wasmMs = Math.round(performance.now())), () => {});
stdlib.done.then(() => (figures.stdlibMs = Math.round(performance.now())), () => {});
// Both downloads done: what remains is work on this device, however long it takes.
Promise.all([wasm.then((file) => file.done), stdlib.done]).then(
  () => self.postMessage({ type: "progress", downloaded: true }),
  () => {},
);

const ready = (async () => {
  const [{ loadPyodide }, { default: createPyodideModule }] = await scripts;
  figures.scriptsMs = Math.round(performance.now());
  const { response } = self.cwPython;
  // A file that fails to come fails the start with its own error (python-runtime.js).
  return self.cwPython.start(
    loadPyodide,
    indexURL,
    { wasmModule, stdlib: async () => response(await stdlib.bytes(), "application/zip") },
    snapshot,
    { createPyodideModule },
    figures,
  );
})();

ready.then(
  ({ snapshot }) => {
    figures.readyMs = Math.round(performance.now());
    self.postMessage({ type: "ready", snapshot, start: figures });
  },
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
